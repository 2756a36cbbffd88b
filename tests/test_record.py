"""The record contract: shape, ids, offsets, serialisation, and any text giving valid spans."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svodka
from svodka.record import Record

SAMPLE = ("Премьер-министр Казахстана Олжас Бектенов совершил рабочий визит в Москву. "
          "Стороны реализуют 135 проектов на сумму $26,5 млрд до конца 2027 года.")


def spans(rec: dict):
    for e in rec["entities"]:
        yield from e["mentions"]
        yield from e["roles"]
    for layer in ("figures", "times", "quotes", "events", "commitments", "results"):
        yield from rec[layer]
    for b in rec["bodies"]:
        yield from b["mentions"]
    yield from rec["references"]


def test_record_has_the_spec_keys():
    d = svodka.extract(SAMPLE, published="2024-05-20", id="x1").to_dict()
    spec = ["schema", "id", "text", "meta", "entities", "figures", "times", "quotes", "events", "topics"]
    assert list(d)[:len(spec)] == spec  # the v1 keys in the spec's order; fields added to v1 come after
    assert list(d)[len(spec):] == ["commitments", "results", "topic_evidence", "bodies", "references"]
    assert d["schema"] == "svodka/1" and d["id"] == "x1" and d["text"] == SAMPLE
    assert d["meta"] == {"title": None, "published": "2024-05-20", "source": None, "url": None}


def test_record_round_trips_through_json():
    rec = svodka.extract(SAMPLE)
    again = Record.from_dict(json.loads(rec.to_json()))
    assert again == rec


def test_default_id_is_a_stable_hash():
    a, b = svodka.extract("Текст."), svodka.extract("Текст.")
    assert a.id == b.id and len(a.id) == 16
    assert svodka.extract("Другой текст.").id != a.id


def test_empty_text_gives_empty_layers():
    d = svodka.extract("").to_dict()
    assert d["text"] == "" and all(d[k] == [] for k in ("entities", "figures", "times", "quotes", "events", "topics"))


def test_every_reference_points_at_an_item():
    d = svodka.extract(SAMPLE).to_dict()
    ents = {e["id"] for e in d["entities"]}
    times = {t["id"] for t in d["times"]}
    for e in d["entities"]:
        assert all(r["of"] is None or r["of"] in ents for r in e["roles"])
    assert all(f["time"] is None or f["time"] in times for f in d["figures"])
    assert all(q["speaker"] is None or q["speaker"] in ents for q in d["quotes"])
    assert all(x in ents for v in d["events"] for xs in v["args"].values() for x in xs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВКМПРСТ «»\"„“—–-.,:;!?$€₽%0123456789\n")
                                 + ["Москва", "Путин", "млрд", "долларов", "2027 года", "сказал", " "]),
                max_size=120).map("".join))
def test_any_text_gives_spans_inside_it(text):
    d = svodka.extract(text).to_dict()
    assert d["text"] == text
    for s in spans(d):
        assert 0 <= s["start"] < s["stop"] <= len(text), s
