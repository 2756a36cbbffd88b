"""Visit, talks and agreement events and topics against the shared gold: regression floors a
few points under what svodka reaches (seed: one text, so a little lower). Statements are left
out on both sides (their own tests score them)."""

from __future__ import annotations

from gold import dev_gold, extract_gold_texts, score, seed_gold

KINDS = ("visit", "talks", "agreement")


def only_ours(records: list[dict]) -> list[dict]:
    return [{**r, "events": [e for e in r.get("events", []) if e["type"] in KINDS]} for r in records]


def test_seed_events_and_topics(nlp, shared):
    golds = only_ours([seed_gold(shared)])
    preds = only_ours(extract_gold_texts(nlp, golds))
    result = score(shared, golds, preds)
    assert result["events"]["f1"] >= 0.95
    assert result["event_args"]["f1"] >= 0.95
    assert result["topics"]["f1"] >= 0.93
    assert [e["attrs"].get("kind") for e in preds[0]["events"] if e["type"] == "visit"] == ["рабочий"]


def test_dev_events_and_topics(nlp, shared):
    golds = only_ours(dev_gold(shared))
    result = score(shared, golds, only_ours(extract_gold_texts(nlp, golds)))
    assert result["events"]["f1"] >= 0.77
    assert result["event_args"]["f1"] >= 0.90
    assert result["topics"]["f1"] >= 0.78
