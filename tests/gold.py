"""Scoring our records against the shared gold with the shared yardstick (tools/score.py)."""

from __future__ import annotations

import importlib.util
import json
from collections import defaultdict
from pathlib import Path


def score_module(shared: Path):
    spec = importlib.util.spec_from_file_location("svodka_score", shared / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score(shared: Path, gold_records: list[dict], pred_records: list[dict]) -> dict:
    """score.py's result for these records: {category: {p, r, f1}, fact_score: ...}."""
    mod = score_module(shared)

    class T(dict):
        def __missing__(self, k):
            self[k] = mod.Tally()
            return self[k]

    tallies = T()
    pred = {str(r["id"]): r for r in pred_records}
    for g in gold_records:
        mod.score_doc(g, pred.get(str(g["id"]), {"id": g["id"]}), tallies)
    out = {k: dict(zip(("p", "r", "f1"), v.prf())) for k, v in tallies.items()}
    head = [out[c]["f1"] for c in mod.CATEGORIES if c in out and c != "topics"]
    out["fact_score"] = sum(head) / len(head) if head else 0.0
    return out


def seed_gold(shared: Path) -> dict:
    return json.loads((shared / "gold" / "seed.json").read_text(encoding="utf-8"))


def dev_gold(shared: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((shared / "gold" / "dev").glob("*.json"))]


def extract_gold_texts(nlp, golds: list[dict]) -> list[dict]:
    docs = nlp.pipe([{"id": g["id"], "text": g["text"], "published": (g.get("meta") or {}).get("published")}
                     for g in golds])
    return [d.record().to_dict() for d in docs]


def by_category(result: dict) -> dict:
    return defaultdict(lambda: {"f1": 0.0}, result)
