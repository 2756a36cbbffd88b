"""Smoke run of the benchmark (bench/): two short texts per corpus, every system, real workers.

Checks the structure and sanity of the results, not svodka's quality: F1s lie in [0, 1],
counts are positive, and a text a system fails on is counted, not raised.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import corpora, metrics, run, systems, tasks  # noqa: E402


def _prfs(node):
    """Every {p, r, f1} dict inside a result tree."""
    if isinstance(node, dict):
        if {"p", "r", "f1"} <= node.keys():
            yield node
        for v in node.values():
            yield from _prfs(v)


@pytest.fixture(scope="module")
def results(shared, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    out = run.main([
        "--data", str(shared / "data"), "--gold", str(shared / "gold"),
        "--score", str(shared / "tools" / "score.py"),
        "--limit", "2", "--subset", "2", "--shortest", "--quiet", "--repeat", "2",
        "--json", str(tmp / "results.json"), "--md", str(tmp / "benchmarks.md"),
    ])
    return out, tmp


def test_smoke_structure(results):
    out, tmp = results
    saved = json.loads((tmp / "results.json").read_text(encoding="utf-8"))
    assert saved["command"].startswith("python -m bench")
    md = (tmp / "benchmarks.md").read_text(encoding="utf-8")
    assert "## Targets" in md and "## Speed and memory" in md
    assert set(out["corpora"]) == {"factru", "nerel", "slavic", "gold"}
    assert all(c["docs"] == 2 and c["chars"] > 0 for c in out["corpora"].values())
    assert not out["errors"], out["errors"]
    for name in run.ALL_SYSTEMS:
        s = out["speed"][name]
        assert s["docs"] == 8 and s["chars"] > 0
        assert s["init_s"] > 0 and s["chars_per_s"] > 0 and s["docs_per_s"] > 0
        assert 20 < s["peak_rss_mb"] < 4000
        assert 0 <= s["failures"] <= s["docs"]
        assert len(out["failures"][name]) == s["failures"]
    assert set(out["ratios"]) == {"natasha", "natasha_ner", "pullenti"}
    # two interleaved timed runs each (Pullenti one), the slower middle one reported
    assert out["timed"]["repeat"] == 2
    for name in run.ALL_SYSTEMS:
        runs = out["speed"][name]["runs_cpu_s"]
        assert len(runs) == (1 if name in run.TIMED_ONCE else 2)
        assert out["speed"][name]["cpu_s"] == max(runs)
    assert "runs, CPU s" in md
    assert {"factru_ner", "factru_facts", "nerel", "slavic", "gold"} <= set(out["quality"])
    prfs = list(_prfs(out["quality"]))
    assert len(prfs) > 50
    assert all(0.0 <= d[k] <= 1.0 for d in prfs for k in ("p", "r", "f1"))
    ner = out["quality"]["factru_ner"]["svodka"]
    assert ner["strict"]["all"]["gold"] > 0 and ner["token"]["all"]["gold"] > 0
    assert 0.0 <= out["quality"]["slavic"]["svodka"]["normal"]["all"]["accuracy"] <= 1.0
    assert 0.0 <= out["quality"]["gold"]["svodka"]["fact_score"] <= 1.0
    assert all(t["met"] in (True, False) for t in out["targets"]) and len(out["targets"]) >= 6


def test_median_run_is_the_middle_one_by_cpu_time():
    runs = [{"cpu_s": c, "chars_per_s": 100 / c} for c in (1.3, 1.1, 1.2)]
    m = run.median_run(runs)
    assert m["cpu_s"] == 1.2 and m["chars_per_s"] == 100 / 1.2
    assert m["runs_cpu_s"] == [1.3, 1.1, 1.2]
    assert run.median_run(runs[:1])["cpu_s"] == 1.3


def test_failures_are_counted_not_raised():
    class Flaky(systems.System):
        def one(self, item):
            if "!" in item["text"]:
                raise ValueError("boom")
            return systems._record(item)

    items = [{"id": "a", "text": "Да."}, {"id": "b", "text": "Нет!"}, {"id": "c", "text": "Так."}]
    res = list(Flaky().run(items))
    assert isinstance(res[1], ValueError)
    assert [r["id"] for r in (res[0], res[2])] == ["a", "c"]


# metrics on hand-made spans: (gold, pred, expected strict F1 of PER)
SPAN_CASES = [
    ([(0, 5, "PER")], [(0, 5, "PER")], 1.0),
    ([(0, 5, "PER")], [(0, 4, "PER")], 0.0),
    ([(0, 5, "PER"), (10, 15, "PER")], [(0, 5, "PER")], 2 / 3),
    ([(0, 5, "PER")], [(0, 5, "ORG")], 0.0),
]


@pytest.mark.parametrize("gold,pred,f1", SPAN_CASES)
def test_span_f1(gold, pred, f1):
    assert metrics.span_prf(gold, pred, ["PER"])["PER"].f1 == pytest.approx(f1)


def test_token_f1_counts_tokens():
    text = "Иван Петров приехал в Москву."
    # gold: «Иван Петров»; pred: «Петров» only -> precision 1, recall 1/2
    r = metrics.token_prf(text, [(0, 11, "PER")], [(5, 11, "PER")], ["PER"])["PER"]
    assert (r.p, r.r) == (1.0, 0.5)


def test_pullenti_mentions_keep_the_innermost():
    text = "Министр иностранных дел России Сергей Лавров"
    post, geo, person = object(), object(), object()
    spans = systems.pullenti_mentions(text, [(0, 30, post), (24, 30, geo), (0, 44, person)])
    assert [(text[a:b], r) for a, b, r in spans] == [
        ("Министр иностранных дел", post), ("России", geo), ("Сергей Лавров", person)]


def test_title_agreement_by_lemmas():
    assert tasks.titles_agree((0, 5), "министра финансов", (50, 60), "министр финансов")
    assert not tasks.titles_agree((0, 5), "президента", (50, 60), "министр")


def test_pick_spreads_and_limits():
    assert corpora.pick(list(range(10)), 3) == [0, 3, 6]
    assert corpora.pick(list(range(3)), None) == [0, 1, 2]
    assert corpora.pick([5, 1, 4, 2], 2, size=lambda x: x) == [1, 2]
