"""Smoke run of `make eval` (bench/eval.py): two texts per set, svodka only, real workers.

Checks that every set and layer gets its row with a value in [0, 1], that a layer a system
lacks is a dash and not a zero, and that the table is written."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import eval as bench_eval  # noqa: E402


def test_eval_smoke(shared, tmp_path):
    md = tmp_path / "quality.md"
    out = bench_eval.main([
        "--data", str(shared / "data"), "--gold", str(shared / "gold"),
        "--score", str(shared / "tools" / "score.py"), "--systems", "svodka",
        "--limit", "2", "--subset", "2", "--slavic-limit", "2", "--no-cv", "--md", str(md),
    ])
    table = out["table"]
    sets = {r[0] for r in table}
    assert {"factRuEval-2016 devset", "NEREL dev", "SlavicNER", "shared gold (seed + dev)", "quote gold",
            "held-out articles"} <= sets
    layers = {(r[0], r[1]) for r in table}
    for need in [("factRuEval-2016 devset", "Occupation"), ("NEREL dev", "roles (WORKS_AS)"),
                 ("NEREL dev", "workplaces"), ("SlavicNER", "name normalisation"),
                 ("quote gold", "quotes attributed"), ("held-out articles", "fact_score")]:
        assert need in layers
    assert all(0.0 <= v <= 1.0 for r in table for v in r[3].values() if v is not None)
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Quality") and text.count("\n| ") == len(table) + 1


def test_missing_layers_are_dashes():
    table = [("shared gold (seed + dev)", "quotes", "F1", {"svodka": 0.9, "pullenti": 0.0}, {"svodka": 3}),
             ("shared gold (seed + dev)", "roles", "F1", {"svodka": 0.9, "pullenti": 0.5}, {"svodka": 3})]
    meta = {"command": "x", "started": "now", "seconds": 1.0, "subset": 2, "machine": {"cores": 2, "cpu": "cpu"}}
    lines = bench_eval.markdown(table, ["svodka", "pullenti"], meta).splitlines()
    assert "| quotes | F1 | 0.900 | – |" in lines[-2]
    assert "| roles | F1 | 0.900 | 0.500 |" in lines[-1]
