"""svodka batch on a local Ray (2 CPUs) and svodka load into SQLite.

One Ray session for the module (it takes 10-40 s to start); one batch run over a small corpus
of our own sentences in two JSON Lines files and one Parquet file, with one malformed line and
one document that makes the pipeline raise (through the SVODKA_BATCH_FAIL_ON test hook).
"""

from __future__ import annotations

import json
import os

import pytest

pytest.importorskip("ray")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from svodka.batch import OutDir, plan, ray_session, run_batch  # noqa: E402
from svodka.batch.read import read_unit  # noqa: E402
from svodka.batch.worker import FAIL_ENV  # noqa: E402
from svodka.cli import main  # noqa: E402

MARKER = "СБОЙ-ДЛЯ-ТЕСТА"

PART1 = [
    {"id": "n1", "published": "2025-02-10",
     "text": "Министр финансов России Антон Силуанов заявил, что дефицит бюджета в 2025 году "
             "составит 1,2 трлн рублей."},
    {"id": "n2", "text": "Президент Казахстана прибыл в Москву с официальным визитом. Стороны "
                         "подписали соглашение о поставках газа."},
    {"id": "boom", "text": f"Этот текст вызывает сбой конвейера: {MARKER}."},
    {"id": "n3", "text": "Банк России повысил ключевую ставку до 21% годовых."},
]
PART2 = [
    {"id": "n4", "published": "2024-11-05",
     "text": "Правительство выделит 15 млрд рублей на строительство 120 школ до конца 2026 года."},
    {"text": "Экспорт пшеницы из России вырос на 12% и превысил 50 млн тонн."},  # no id: hash of text
]
PARQUET = [
    {"id": "p1", "text": "Глава Минэкономразвития Максим Решетников провёл переговоры в Пекине.",
     "published": "2024-06-01"},
    {"id": "p2", "text": "Инфляция в январе замедлилась до 7,4%, сообщил Росстат.", "published": None},
]


def _jsonl(path, docs, extra=""):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
        f.write(extra)
    return str(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("batch-in")
    _jsonl(d / "part1.jsonl", PART1, extra="{не JSON\n")
    _jsonl(d / "part2.jsonl", PART2)
    pq.write_table(pa.Table.from_pylist(PARQUET), d / "part3.parquet")
    return d


@pytest.fixture(scope="module")
def ray_local():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(FAIL_ENV, MARKER)
        with ray_session(num_cpus=2) as ray:
            yield ray


@pytest.fixture(scope="module")
def batch(corpus, ray_local, tmp_path_factory):
    out = tmp_path_factory.mktemp("batch-out") / "out"
    summary = run_batch(str(corpus / "*"), str(out), batch_size=4)
    return summary, out


def _records(out) -> dict[str, dict]:
    return {r["id"]: json.loads(r["record"]) for r in OutDir(str(out)).read("records")}


def _mtimes(out) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_units_and_counts(batch):
    summary, out = batch
    assert (summary.units, summary.done, summary.skipped) == (3, 3, 0)
    assert summary.workers == 2
    assert summary.docs == len(PART1) - 1 + len(PART2) + len(PARQUET)
    assert summary.errors == 2
    for name in ("records", "entities", "figures", "events", "errors"):
        assert len(list((out / name).glob("*.parquet"))) == 3


def test_records_equal_extract(batch, corpus, tmp_path):
    _, out = batch
    got = _records(out)
    # svodka extract on the same JSON Lines files (it exits 2: the two failures)
    pred = tmp_path / "extract.jsonl"
    main(["extract", str(corpus / "part1.jsonl"), str(corpus / "part2.jsonl"), "-o", str(pred)])
    want = {r["id"]: r for r in map(json.loads, pred.read_text(encoding="utf-8").splitlines())}
    assert "boom" in want  # the test hook lives in the batch actors only
    del want["boom"]
    import svodka

    for d in PARQUET:
        want[d["id"]] = svodka.extract(d["text"], id=d["id"], published=d["published"]).to_dict()
    assert sorted(got) == sorted(want)
    for i in want:
        assert got[i] == want[i], i
    # the records carry extracted layers (not a trivially empty output)
    assert any(r["entities"] for r in got.values())
    assert any(r["figures"] for r in got.values())


def test_failures_land_in_errors(batch, corpus):
    _, out = batch
    errors = {r["id"]: r for r in OutDir(str(out)).read("errors")}
    assert set(errors) == {"boom", f"{corpus / 'part1.jsonl'}:5"}
    assert MARKER in errors["boom"]["reason"] and "extraction failed" in errors["boom"]["reason"]
    assert "malformed JSON" in errors[f"{corpus / 'part1.jsonl'}:5"]["reason"]
    # the documents after the failing one in the same file went on
    assert "n3" in _records(out)


def test_flattened_datasets(batch):
    _, out = batch
    od = OutDir(str(out))
    ents = list(od.read("entities"))
    figs = list(od.read("figures"))
    assert {"doc_id", "eid", "type", "name", "link", "roles"} <= set(ents[0])
    assert any(e["type"] == "PER" and e["doc_id"] == "n1" for e in ents)
    money = [f for f in figs if f["doc_id"] == "n1" and f["kind"] == "money"]
    assert money and money[0]["unit"] == "RUB" and money[0]["published"] == "2025-02-10"
    assert money[0]["span"] in PART1[0]["text"]
    # same columns in every unit's file, empty ones included
    schemas = {pq.read_schema(p) for p in (out / "events").glob("*.parquet")}
    assert len(schemas) == 1


def test_rerun_does_no_work_twice(batch, corpus):
    _, out = batch
    before = _mtimes(out)
    again = run_batch(str(corpus / "*"), str(out), batch_size=4)
    assert (again.done, again.skipped, again.docs) == (0, 3, 0)
    assert _mtimes(out) == before
    # a unit whose manifest entry is missing (a crash before it) is done again, alone
    records = _records(out)
    manifest = sorted((out / "_manifest").glob("*.json"))
    victim = json.loads(manifest[0].read_text())
    manifest[0].unlink()
    redo = run_batch(str(corpus / "*"), str(out), batch_size=4)
    assert (redo.done, redo.skipped) == (1, 2)
    assert redo.finished[0]["key"] == victim["key"] and redo.docs == victim["docs"]
    after = _mtimes(out)
    changed = {p for p in after if after[p] != before.get(p)}
    assert changed and all(victim["key"] in p for p in changed)
    assert _records(out) == records  # overwritten under the same names: no duplicates


def test_cli_rerun_and_bad_input(batch, corpus, capsys):
    _, out = batch
    assert main(["batch", str(corpus / "*"), "--out", str(out), "--num-cpus", "2", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["units"], summary["done"], summary["skipped"]) == (3, 0, 3)
    assert main(["batch", str(corpus / "nothing-here.jsonl"), "--out", str(out)]) == 1
    assert "nothing-here.jsonl" in capsys.readouterr().err


def test_units_cover_each_line_once(corpus, tmp_path):
    # a JSON Lines file cut into byte ranges: every line in exactly one unit
    docs = [{"id": f"d{i}", "text": "Слово " * (i % 7 + 1)} for i in range(40)]
    path = _jsonl(tmp_path / "many.jsonl", docs)
    units = plan(path, chunk_bytes=97)
    assert len(units) > 5 and not any(u.whole for u in units)
    got = [d["id"] for u in units for d in read_unit(u)]
    assert got == [d["id"] for d in docs]
    assert len({u.key for u in units}) == len(units)
    assert plan(path, chunk_bytes=97) == units  # stable: a re-run finds the same keys


def test_parquet_units_are_row_group_runs(tmp_path):
    rows = [{"id": f"r{i}", "text": "Текст номер " + "один " * i} for i in range(30)]
    path = tmp_path / "many.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=4)
    units = plan(str(path), chunk_bytes=1)
    assert len(units) == 8 and [(u.start, u.stop) for u in units][:2] == [(0, 1), (1, 2)]
    assert [d["id"] for u in units for d in read_unit(u)] == [r["id"] for r in rows]
    assert len(plan(str(path))) == 1 and plan(str(path))[0].whole


@pytest.mark.parametrize(
    "pattern, names",
    [
        ("*", ["part1.jsonl", "part2.jsonl", "part3.parquet"]),
        ("*.jsonl", ["part1.jsonl", "part2.jsonl"]),
        ("part3.parquet", ["part3.parquet"]),
        ("", ["part1.jsonl", "part2.jsonl", "part3.parquet"]),  # a folder
    ],
)
def test_input_globs(corpus, pattern, names):
    units = plan(os.path.join(str(corpus), pattern) if pattern else str(corpus))
    assert [os.path.basename(u.path) for u in units] == names


def test_load_sqlite_idempotent(batch, tmp_path, capsys):
    from svodka.store import open_store

    _, out = batch
    db = str(tmp_path / "batch.db")
    n = len(_records(out))
    assert main(["load", str(out), "--db", db, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["added"], first["duplicates"], first["units"], first["batch_errors"]) == (n, 0, 3, 2)
    assert main(["load", str(out), "--db", db, "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert (second["added"], second["duplicates"]) == (0, n)
    with open_store(db) as store:
        stats = store.stats()
        assert stats["documents"] == stats["extracted"] == n
        assert store.document("n1") == _records(out)["n1"]


# --- files that are not input, and Ray processes after kill -9 (issue 13) ---

def test_binary_and_foreign_files_are_reported_once_by_name(tmp_path, ray_local):
    from svodka.batch.units import plan_input

    folder = tmp_path / "in"
    folder.mkdir()
    _jsonl(folder / "good.jsonl", PART2)
    # binary bytes under a JSON Lines name: long enough to be cut into many units
    blob = bytes(range(256)) * 400 + b"\n" + bytes(range(256)) * 400
    (folder / "dump.jsonl").write_bytes(blob)
    (folder / "model.bin").write_bytes(blob)
    (folder / "fake.parquet").write_bytes(b"PAR1 not really")
    (folder / ".hidden").write_bytes(b"x")
    units, ignored = plan_input(str(folder), chunk_bytes=1000)
    assert ignored == [str(folder / "model.bin")]
    by_file = {}
    for u in units:
        by_file.setdefault(os.path.basename(u.path), []).append(u)
    assert len(by_file["dump.jsonl"]) == 1 and len(by_file["fake.parquet"]) == 1
    out = tmp_path / "out"
    summary = run_batch(str(folder), str(out), batch_size=4, chunk_bytes=1000)
    assert summary.ignored == [str(folder / "model.bin")]
    errors = sorted((r["id"], r["reason"]) for r in OutDir(str(out)).read("errors"))
    assert errors == [(str(folder / "dump.jsonl"), "looks like a binary file, not JSON Lines text"),
                      (str(folder / "fake.parquet"), "not a readable Parquet file")]
    assert summary.docs == len(PART2) and summary.errors == 2


def test_cli_names_the_files_left_out(tmp_path, capsys, ray_local):
    folder = tmp_path / "in"
    folder.mkdir()
    _jsonl(folder / "good.jsonl", PART2[:1])
    (folder / "notes.bin").write_bytes(b"\x00\x01")
    assert main(["batch", str(folder), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert err.count("notes.bin") == 1 and "left out" in err


def _ray_below(root: int) -> dict[int, tuple[int, str]]:
    """{pid: (start time, command)} of the Ray processes below `root` (through /proc)."""
    stats, cmds = {}, {}
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmds[int(name)] = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        stats[int(name)] = (int(fields[1]), int(fields[19]))  # parent, start time
    found, todo = {}, [p for p, (parent, _) in stats.items() if parent == root]
    while todo:
        pid = todo.pop()
        todo += [p for p, (parent, _) in stats.items() if parent == pid]
        if cmds[pid].startswith("ray::") or "/ray/" in cmds[pid]:
            found[pid] = (stats[pid][1], cmds[pid][:60])
    return found


def _still_running(noted: dict[int, tuple[int, str]]) -> list[str]:
    left = []
    for pid, (start, cmd) in noted.items():
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                if int(f.read().rsplit(b")", 1)[1].split()[19]) == start:
                    left.append(cmd)
        except OSError:
            continue
    return left


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds Ray's processes through /proc")
def test_local_ray_dies_with_a_killed_driver(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    docs = [{"id": f"k{i}", "text": "Министр экономики провёл совещание в Казани. " * 30} for i in range(300)]
    path = _jsonl(tmp_path / "in.jsonl", docs)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.path.join(os.path.dirname(__file__), "..", "src"),
                                                        os.environ.get("PYTHONPATH", "")])}
    env.pop(FAIL_ENV, None)
    driver = subprocess.Popen([sys.executable, "-m", "svodka", "batch", path, "--out", str(tmp_path / "out"),
                               "--num-cpus", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    noted: dict[int, tuple[int, str]] = {}
    try:
        deadline = time.time() + 300
        # running: the extraction actor is up, and with it the raylet's agents
        while not any("Extractor" in cmd for _, cmd in noted.values()):
            assert driver.poll() is None, driver.stderr.read().decode()[-2000:]
            assert time.time() < deadline, "Ray did not start"
            time.sleep(0.5)
            noted.update(_ray_below(driver.pid))
        time.sleep(3)
        noted.update(_ray_below(driver.pid))
        assert any("DashboardAgent" in cmd for _, cmd in noted.values()), noted
        driver.send_signal(signal.SIGKILL)
        driver.wait()
        # Ray's agents, left alone, linger about a minute (they try to tell the dead GCS)
        deadline = time.time() + 20
        while (left := _still_running(noted)) and time.time() < deadline:
            time.sleep(0.5)
        assert not left, f"left behind: {left}"
    finally:
        if driver.poll() is None:
            driver.kill()
        for pid in noted:  # what this test started, should it fail
            if _still_running({pid: noted[pid]}):
                os.kill(pid, signal.SIGKILL)
