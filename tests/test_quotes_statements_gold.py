"""Quotes and statement events against the shared gold: regression floors a few points under
what svodka reaches (seed: one text, so a little lower).

The gold is a sample for measuring, never a target: no rule is keyed to its texts. Only
statement events are compared here (visits, talks and agreements are another stage's).
"""

from __future__ import annotations

import pytest

from gold import dev_gold, extract_gold_texts, score, seed_gold


def statements_only(records: list[dict]) -> list[dict]:
    return [{**r, "events": [e for e in r.get("events", []) if e["type"] == "statement"]} for r in records]


@pytest.fixture(scope="module")
def results(shared, nlp):
    out = {}
    for name, golds in (("seed", [seed_gold(shared)]), ("dev", dev_gold(shared))):
        preds = extract_gold_texts(nlp, golds)
        res = score(shared, statements_only(golds), statements_only(preds))
        out[name] = {k: res[k]["f1"] for k in ("quotes", "events", "event_args")}
    return out


def test_seed_quotes_and_statements(results):
    for k, got in results["seed"].items():
        assert got >= 0.95, (k, got)


def test_dev_quotes_and_statements(results):
    got = results["dev"]
    assert got["quotes"] >= 0.91, got
    assert got["events"] >= 0.92, got
