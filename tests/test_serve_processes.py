"""`svodka serve --workers N`: extraction in N pipeline processes behind the one HTTP process
(web/backend.py): the same records, failures per document, and the load shared out by request."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from svodka.web import create_app  # noqa: E402
from svodka.web.backend import MAX_BATCH, Backend  # noqa: E402

TEXTS = [
    "Министр экономики Грузии Леван Давиташвили провёл в Тбилиси встречу с послом Японии.",
    "Правительство Киргизии до конца года выделит 300 млн сомов на ремонт школ в Оше.",
    "«Мы рассчитываем удвоить экспорт», — заявил глава Минсельхоза Армении Гнел Саноян 4 июня.",
    "Парламент Молдавии одобрил соглашение о поставках газа.",
    "В первом квартале товарооборот Узбекистана и Турции вырос на 12%.",
]


class FakePool:
    """Records the batches handed out; answers them when told to."""

    def __init__(self):
        self.calls = []

    def apply_async(self, fn, args, callback, error_callback):
        self.calls.append((args[0], callback))


def test_waiting_requests_are_shared_out_among_the_free_processes():
    async def scenario():
        backend = Backend(processes=2)
        pool = backend._pool = FakePool()
        futures = [asyncio.ensure_future(backend.extract({"text": f"текст {i}"})) for i in range(10)]
        await asyncio.sleep(0)  # every request has arrived
        # the first request found both processes free and went at once; the rest waited for
        # the first free process, which takes its share, not all of them
        sizes = [len(batch) for batch, _ in pool.calls]
        assert sizes == [1, 1]
        batch, done = pool.calls[0]
        done([{"id": x["text"]} for x in batch])
        await asyncio.sleep(0.05)  # past the gathering window
        sizes = [len(b) for b, _ in pool.calls]
        assert sizes == [1, 1, 5]  # its share of the 9 waiting or in progress
        for b, cb in pool.calls[1:]:
            cb([{"id": x["text"]} for x in b])
        await asyncio.sleep(0.05)
        for b, cb in pool.calls[3:]:
            cb([{"id": x["text"]} for x in b])
        await asyncio.sleep(0.05)
        assert [f.result()["id"] for f in futures] == [f"текст {i}" for i in range(10)]
        assert sum(len(b) for b, _ in pool.calls) == 10
        assert max(len(b) for b, _ in pool.calls) <= MAX_BATCH
        backend._pool = None
        backend.close()

    asyncio.run(scenario())


def test_a_free_process_gathers_the_requests_on_their_way_while_the_other_works():
    async def scenario():
        backend = Backend(processes=2)
        pool = backend._pool = FakePool()
        backend._free, backend._in_flight = 1, 4  # the other process works on four requests
        first = [asyncio.ensure_future(backend.extract({"text": f"a{i}"})) for i in range(3)]
        await asyncio.sleep(0)
        # its share of the 3 waiting and 4 in progress is 4: it waits for one more ...
        assert pool.calls == []
        last = asyncio.ensure_future(backend.extract({"text": "a3"}))
        await asyncio.sleep(0)
        # ... and goes as soon as it has come
        assert [len(b) for b, _ in pool.calls] == [4]
        backend._free, backend._in_flight = 1, 4
        pool.calls.clear()
        more = [asyncio.ensure_future(backend.extract({"text": f"b{i}"})) for i in range(2)]
        await asyncio.sleep(0)
        assert pool.calls == []
        await asyncio.sleep(0.05)  # no more come: after the window it goes with what it has
        assert [len(b) for b, _ in pool.calls] == [2]
        for t in (*first, last, *more):
            t.cancel()
        backend._pool = None
        backend.close()

    asyncio.run(scenario())


def test_records_from_the_processes_are_the_in_process_ones(nlp):
    app = create_app(None, processes=2)
    backend = app.state.backend
    try:
        backend.warm()
        items = [{"text": t, "id": f"d{i}", "published": "2024-06-04"} for i, t in enumerate(TEXTS)]
        bad = {"text": 42, "id": "bad"}  # not a text: this document fails, the others go through
        results = asyncio.run(backend.extract_many(items[:2] + [bad] + items[2:]))
        assert isinstance(results[2], ValueError) and "text" in str(results[2])
        got = results[:2] + results[3:]
        expected = [nlp(dict(x)).record().to_dict() for x in items]
        assert got == expected
    finally:
        backend.close()


def test_the_api_answers_from_the_processes():
    app = create_app(None, processes=2)
    with TestClient(app) as client:
        r = client.post("/v1/extract", json={"text": TEXTS[0], "id": "g1"})
        assert r.status_code == 200, r.text
        spans = {TEXTS[0][m["start"]:m["stop"]] for e in r.json()["entities"] for m in e["mentions"]}
        assert "Леван Давиташвили" in spans


def test_the_json_written_is_what_jsonresponse_writes(nlp):
    from fastapi.responses import JSONResponse

    from svodka.web.backend import record_json

    record = nlp(TEXTS[2]).record().to_dict()
    assert record_json(record) == JSONResponse(record).body
    app = create_app(None, processes=2)
    with TestClient(app) as client:
        r = client.post("/v1/extract", json={"text": TEXTS[2]})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        assert r.content == JSONResponse(record).body


def test_a_process_that_dies_fails_its_requests_and_is_replaced():
    """kill -9 of an extraction process in the middle of a request: the request is answered
    (503, send again) instead of waiting for ever, and the next one is extracted by the
    process the pool started in its place."""
    app = create_app(None, processes=1)
    backend = app.state.backend
    long_text = " ".join(TEXTS) * 400  # long enough to be in the process when it is killed
    with TestClient(app) as client:
        assert client.post("/v1/extract", json={"text": TEXTS[0]}).status_code == 200
        pids = backend._pool.pids()
        answers = []
        request = threading.Thread(target=lambda: answers.append(
            client.post("/v1/extract", json={"text": long_text})))
        request.start()
        time.sleep(0.3)
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        request.join(60)
        assert answers, "the request still waits for the process that died"
        r = answers[0]
        assert r.status_code == 503 and r.headers["retry-after"] == "5" and "again" in r.text
        assert client.post("/v1/extract", json={"text": TEXTS[1]}).status_code == 200
        assert backend._pool.pids().isdisjoint(pids)



def test_a_batch_that_fails_whole_is_reported_and_the_process_goes_on():
    from svodka.web.workers import Workers

    got = []
    done = threading.Event()
    workers = Workers(1, _failing_start)
    try:
        assert workers.wait_ready(60) == 1
        for batch in (["boom"], ["ok"]):
            done.clear()
            workers.apply_async(None, (batch,), lambda r: (got.append(r), done.set()),
                                lambda e: (got.append(e), done.set()))
            assert done.wait(30)
        assert isinstance(got[0], RuntimeError) and "boom" in str(got[0]) and got[1] == ["ok"]
    finally:
        workers.terminate()


def _run_or_fail(batch):
    if batch == ["boom"]:
        raise ValueError("boom")
    return batch


def _failing_start():
    return _run_or_fail


def test_processes_that_cannot_start_fail_the_requests():
    from svodka.web.workers import MAX_FAILED_STARTS, ExtractionLost, Workers

    errors = []
    workers = Workers(1, _broken_start)
    try:
        assert workers.wait_ready(30) == 0
        done = threading.Event()
        workers.apply_async(None, (["x"],), lambda r: None, lambda e: (errors.append(e), done.set()))
        assert done.wait(60), "the request waits for processes that never start"
        assert isinstance(errors[0], ExtractionLost) and workers._failed_starts >= MAX_FAILED_STARTS
    finally:
        workers.terminate()


def _broken_start():
    raise SystemExit(3)
