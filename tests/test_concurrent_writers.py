"""Concurrent writers on one store, SQLite and PostgreSQL: two `svodka ingest` processes over the
same files, and `svodka load` from a batch output while the API serves reads.

Nothing may be lost or stored twice, and a document that another writer stored first is a
duplicate, not a failure. Each process is a real `python -m svodka` (its own connection, its own
models). PostgreSQL runs where SVODKA_TEST_PG names a server (CI starts one), each test in a
database of its own.
"""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from storecorpus import RECORDS
from svodka.store import open_store

SRC = str(Path(__file__).resolve().parents[1] / "src")
CITIES = ("Казани", "Самаре", "Омске", "Твери", "Уфе", "Перми", "Туле", "Сочи")
POSTS = ("Министр экономики", "Глава ведомства", "Вице-премьер", "Губернатор области")


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _pg_database():
    """(url, drop) of a fresh database on the SVODKA_TEST_PG server."""
    url = os.environ.get("SVODKA_TEST_PG")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but SVODKA_TEST_PG is unset: .ci/run should start PostgreSQL")
        pytest.skip("SVODKA_TEST_PG not set (no PostgreSQL server for the tests)")
    psycopg = pytest.importorskip("psycopg")
    name = f"svodka_conc_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")

    def drop():
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return f"{url.rpartition('/')[0]}/{name}", drop


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    url, drop = _pg_database()
    try:
        yield url
    finally:
        drop()


def _texts(folder: Path, n: int) -> list[str]:
    """n short articles of our own, one .txt file each (id = file stem)."""
    folder.mkdir()
    ids = []
    for i in range(n):
        text = (f"{POSTS[i % len(POSTS)]} провёл в {CITIES[i % len(CITIES)]} совещание номер {i + 1}. "
                f"Участники обсудили выделение {10 + i} млн рублей на ремонт дорог.")
        (folder / f"doc-{i:03d}.txt").write_text(text, encoding="utf-8")
        ids.append(f"doc-{i:03d}")
    return ids


def _ingest(target: str, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "svodka", "ingest", "--db", target, "--quiet", "--json", "--batch-size", "64",
         str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())


def test_two_ingests_at_once(target, tmp_path):
    # both runs read their first batch before either has stored anything, then extract it for
    # seconds: the second to write finds every document already stored by the first
    ids = _texts(tmp_path / "docs", 24)
    procs = [_ingest(target, tmp_path / "docs") for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    summaries = []
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err.decode()[-2000:]
        summaries.append(json.loads(out))
    assert [s["failed"] for s in summaries] == [[], []]
    assert sum(s["added"] for s in summaries) == len(ids)
    assert sum(s["duplicates"] for s in summaries) == len(ids)
    with open_store(target) as store:
        assert sorted(r[0] for r in store._rows("SELECT id FROM documents")) == ids
        st = store.stats()
        assert st["documents"] == st["extracted"] == len(ids)
        assert store.failures() == []
    # a third run: all duplicates, still no failures
    third = _ingest(target, tmp_path / "docs")
    out, err = third.communicate(timeout=600)
    assert third.returncode == 0, err.decode()[-2000:]
    assert (json.loads(out)["added"], json.loads(out)["duplicates"]) == (0, len(ids))


def test_stored_document_clears_its_stale_failure(target):
    rec, other = copy.deepcopy(RECORDS[0]), copy.deepcopy(RECORDS[1])
    with open_store(target) as store:
        # failures left by an earlier run: one for a document stored since, one for a document
        # that is stored now
        store.add_records([rec])
        for doc_id in (rec["id"], other["id"]):
            store._begin()
            store._x("INSERT INTO failures (id, error, at) VALUES (?, ?, ?)",
                     (doc_id, "could not store: UNIQUE constraint failed", "2024-01-01T00:00:00+00:00"))
            store._x("COMMIT")
        assert len(store.failures()) == 2
        again = store.add_records([copy.deepcopy(rec), other])
        assert (again.added, again.duplicates, again.failed) == (1, 1, [])
        assert store.failures() == []
        assert store.stats()["documents"] == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _batch_output(out: Path, n: int) -> list[str]:
    """A `svodka batch` output folder (complete units) holding n records, written by hand."""
    pytest.importorskip("pyarrow")
    from svodka.batch import OutDir

    od = OutDir(str(out))
    od.prepare()
    ids = []
    for unit in range(4):
        rows = []
        for k in range(n // 4):
            r = copy.deepcopy(RECORDS[(unit * n // 4 + k) % len(RECORDS)])
            r["id"] = f"{r['id']}-u{unit}-{k}"
            ids.append(r["id"])
            rows.append({"id": r["id"], "record": json.dumps(r, ensure_ascii=False)})
        key = f"unit{unit}"
        od.write_table("records", key, rows)
        for name in ("entities", "figures", "events", "errors"):
            od.write_table(name, key, [])
        od.mark_done(key, {"key": key, "docs": len(rows), "errors": 0})
    return ids


def test_load_while_the_api_serves_reads(target, tmp_path):
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("uvicorn")
    ids = _batch_output(tmp_path / "out", 400)
    with open_store(target) as store:  # the schema exists before the server opens the store
        store.add_records([copy.deepcopy(RECORDS[0])])
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "svodka", "serve", "--db", target, "--host", "127.0.0.1", "--port", str(port),
         "--no-warm"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.time() + 120
            while True:
                try:
                    if client.get("/v1/stats").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                assert time.time() < deadline, "the server did not start"
                time.sleep(0.2)
            load = subprocess.Popen(
                [sys.executable, "-m", "svodka", "load", str(tmp_path / "out"), "--db", target, "--json",
                 "--batch-size", "50"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
            statuses, seen = [], []
            paths = ["/v1/stats", "/v1/search?q=переговоры", "/v1/entities?name=Путин", "/v1/events",
                     "/v1/figures", f"/v1/documents/{RECORDS[0]['id']}", "/search?q=Путин&format=json"]
            k = 0
            while load.poll() is None or k < len(paths):
                try:
                    r = client.get(paths[k % len(paths)])
                except (httpx.ReadError, httpx.RemoteProtocolError):
                    # an idle keep-alive connection the server closed as the client sent on it
                    # (seen once on a loaded machine): the same request again, on a new one; a
                    # server error would be a status, and a dead server fails the next request
                    assert server.poll() is None, server.stderr.read().decode()[-2000:]
                    r = client.get(paths[k % len(paths)])
                statuses.append(r.status_code)
                if r.status_code == 200 and paths[k % len(paths)] == "/v1/stats":
                    seen.append(r.json()["documents"])
                k += 1
            out, err = load.communicate(timeout=600)
        assert load.returncode == 0, err.decode()[-2000:]
        summary = json.loads(out)
        assert (summary["added"], summary["duplicates"], summary["failed"]) == (len(ids), 0, [])
        if set(statuses) != {200}:  # the server's traceback says why
            server.terminate()
            raise AssertionError(f"{statuses}\n{server.stderr.read().decode()[-3000:]}")
        assert len(statuses) >= len(paths), statuses
        assert seen == sorted(seen)  # the readers never saw the corpus shrink
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open_store(target) as store:
        assert store.stats()["documents"] == len(ids) + 1
        assert store.failures() == []
        got = sorted(r[0] for r in store._rows("SELECT id FROM documents"))
        assert got == sorted([*ids, RECORDS[0]["id"]])


def test_a_new_sqlite_store_waits_for_a_lock_held_on_its_file(tmp_path):
    # two ingests creating one store: SQLite refuses the switch to WAL at once, without the
    # connection's timeout, while the other process holds a lock on the new file
    import sqlite3
    import threading

    path = str(tmp_path / "new.db")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN EXCLUSIVE")
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    store = open_store(path)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    other.close()


def test_processes_creating_one_sqlite_store_at_once(tmp_path):
    # four processes open one new file at once, a dozen times: none gets «database is locked»
    code = "import sys; from svodka.store import open_store; open_store(sys.argv[1]).close()"
    for trial in range(12):
        path = str(tmp_path / f"s{trial}.db")
        procs = [subprocess.Popen([sys.executable, "-c", code, path], stderr=subprocess.PIPE) for _ in range(4)]
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err.decode()[-1000:]


def test_a_read_snapshot_does_not_see_a_batch_committed_during_it(target):
    # the server runs each read in a snapshot: a search counts the documents and then a term's
    # documents, and both counts must come from one state of the corpus
    with open_store(target) as reader, open_store(target) as writer:
        writer.add_records([copy.deepcopy(RECORDS[0])])
        with reader.snapshot():
            before = reader.stats()["documents"]
            writer.add_records([copy.deepcopy(RECORDS[1])])
            assert reader.stats()["documents"] == before
            assert reader.search("переговоры") is not None
        assert reader.stats()["documents"] == before + 1
