"""Every core: Pipeline.pipe(n_process=N), `svodka extract --jobs`, `svodka ingest --jobs`."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from svodka.parallel import DocumentError, workers_for
from svodka.pipeline import Pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

TEXTS = [
    "Министр финансов Антон Силуанов встретился в Пекине с министром финансов Китая Лань Фоанем.",
    "«Бюджет будет исполнен без дефицита», — заявил Силуанов журналистам.",
    "Товарооборот двух стран вырос на 12% до 5,3 млрд долларов к концу 2024 года.",
    "Губернатор области Иван Петров открыл 12 новых школ.",
    "Президент Казахстана Касым-Жомарт Токаев прибыл в Москву с официальным визитом.",
    "Правительства России и Индии подписали соглашение о сотрудничестве в энергетике.",
    "Компания построит завод к 2027 году, сообщил её директор Пётр Сидоров.",
    "В Минске прошло заседание межправительственной комиссии.",
]


def _records(docs) -> list[str]:
    return [json.dumps(d.record().to_dict(), ensure_ascii=False, sort_keys=True) for d in docs]


@pytest.fixture(scope="module")
def pool_nlp():
    nlp = Pipeline()
    yield nlp
    nlp.close()


def test_a_doc_pickles_with_its_layers(nlp):
    doc = nlp(TEXTS[0])
    copy = pickle.loads(pickle.dumps(doc))
    assert _records([copy]) == _records([doc])
    assert copy.tokens[0].tag.POS == doc.tokens[0].tag.POS


def test_n_process_keeps_order_and_records(nlp, pool_nlp):
    texts = TEXTS * 3  # several batches per worker, so that the order could be lost
    serial = _records(nlp.pipe(texts))
    parallel = _records(pool_nlp.pipe(texts, batch_size=2, n_process=2))
    assert parallel == serial


def test_a_failing_document_is_reported_by_id_and_the_rest_go_through(pool_nlp):
    items = [{"id": "a", "text": TEXTS[0]}, {"id": "broken", "text": None}, {"id": "c", "text": TEXTS[1]}]
    got = list(pool_nlp.pipe_safe(items, batch_size=3, n_process=2))
    assert [item["id"] for item, _ in got] == ["a", "broken", "c"]
    assert isinstance(got[1][1], DocumentError) and got[1][1].doc_id == "broken"
    assert "broken" in str(got[1][1])
    assert [r.id for _, r in (got[0], got[2])] == ["a", "c"]


def test_zero_means_every_core():
    assert workers_for(0) == workers_for(-1) >= 1
    assert workers_for(3) == 3


def _cli(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "svodka", *args], capture_output=True, env=env, timeout=900,
                          cwd=cwd)


@pytest.mark.slow
def test_extract_jobs_output_is_byte_identical(tmp_path):
    files = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert _cli("extract", *files, "-o", str(one), "--jobs", "1").returncode == 0
    r = _cli("extract", *files, "-o", str(two), "--jobs", "2", "--batch-size", "2")
    assert r.returncode == 0, r.stderr.decode()
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_text(encoding="utf-8").splitlines()) == len(files)


@pytest.mark.slow
def test_ingest_jobs_gives_the_same_store(tmp_path):
    from svodka.store import open_store

    stats = []
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.db"
        r = _cli("ingest", str(EXAMPLES), "--db", str(db), "--jobs", jobs, "--quiet", "--batch-size", "5")
        assert r.returncode == 0, r.stderr.decode()
        store = open_store(str(db))
        try:
            s = store.stats()
            records = sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in store.records())
            canon = sorted(map(repr, store.table("entities")[1]))
        finally:
            store.close()
        s.pop("backend", None)
        stats.append((s, records, canon))
    assert stats[0] == stats[1]
    assert stats[0][0]["documents"] == len(list(EXAMPLES.glob("*.txt")))
