"""Score the commitments layer against its gold (tests/gold/commitments/gold.json).

    python -m svodka.eval.commitments [GOLD] [--shared DIR] [--json] [--show]

A predicted commitment matches a gold one when their spans overlap (each used once, the
largest overlap first). A match is right when its deadline is the gold one (the value of the
times item it points to, both read as the last day they allow: «2030» is 2030-12-31) and its
figures are the gold figures (each gold figure overlaps one predicted figure, and as many).
Precision, recall and F1 count right matches; predicate, parties and source are reported as
accuracies over the matches. Conventions: docs/commitments.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..inputs.frontmatter import split_front_matter
from ..stages.dates import last_day

DEFAULT_GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "commitments" / "gold.json"


def shared_dir() -> Path:
    return Path(os.environ.get("SVODKA_SHARED", Path(__file__).resolve().parents[3] / ".." / "shared"))


def load(gold_path: Path = DEFAULT_GOLD, shared: Path | None = None) -> list[dict]:
    """The gold documents, each with its text, meta and commitments with spans resolved."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    out = []
    for d in gold["docs"]:
        p = d["path"]
        path = (shared or shared_dir()) / p[len("shared:"):] if p.startswith("shared:") else Path(gold_path).parent / p
        meta, body = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        if d.get("published"):
            meta["published"] = d["published"]
        items = []
        for c in d["commitments"]:
            if "at" in c:  # offsets into a shared text, whose words are not copied into the gold
                start, stop = c["at"]
                figs = [tuple(f) for f in c["figures"]]
            else:
                start = body.find(c["span"])
                if start < 0:
                    raise ValueError(f"{d['id']}: span not found: {c['span']!r}")
                stop = start + len(c["span"])
                figs = []
                for f in c["figures"]:
                    i = body.find(f, start)
                    figs.append((i, i + len(f)))
            items.append({**c, "span": body[start:stop], "start": start, "stop": stop, "figure_spans": figs})
        out.append({"id": d["id"], "text": body, "published": meta.get("published"),
                    "title": meta.get("title"), "commitments": items})
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def compare(gold: dict, record: dict) -> dict:
    """Tallies for one document: right, matched, gold and predicted counts, and the list of
    (gold, predicted, why) for every mismatch."""
    times = {t["id"]: t for t in record.get("times", [])}
    figs = {f["id"]: f for f in record.get("figures", [])}
    ents = {e["id"]: e["name"] for e in record.get("entities", [])}
    # a person stands for the country or body of their post
    sides = {e["id"]: {e["name"]} | {ents.get(r["of"]) for r in e.get("roles", []) if r.get("of")}
             for e in record.get("entities", [])}
    pred = record.get("commitments", [])
    pairs = sorted(
        ((_overlap((g["start"], g["stop"]), (p["start"], p["stop"])), gi, pi)
         for gi, g in enumerate(gold["commitments"]) for pi, p in enumerate(pred)),
        reverse=True,
    )
    used_g, used_p, matches = set(), set(), []
    for ov, gi, pi in pairs:
        if ov > 0 and gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matches.append((gold["commitments"][gi], pred[pi]))
    t = {"gold": len(gold["commitments"]), "pred": len(pred), "matched": len(matches), "right": 0,
         "predicate": 0, "source": 0, "parties": 0, "errors": []}
    text = gold["text"]
    for g, p in matches:
        # deadlines compare as the last day they allow: «к 2030 году» as 2030 or 2030-12-31
        dl = last_day(times.get(p["deadline"], {}).get("value")) if p["deadline"] else None
        pspans = [(figs[f]["start"], figs[f]["stop"]) for f in p["figures"] if f in figs]
        figs_ok = len(pspans) == len(g["figure_spans"]) and all(
            any(_overlap(gs, ps) for ps in pspans) for gs in g["figure_spans"])
        gold_dl = last_day(g["deadline"])
        if dl == gold_dl and figs_ok:
            t["right"] += 1
        else:
            t["errors"].append((g["span"], text[p["start"]:p["stop"]],
                                f"deadline {dl!r} vs {gold_dl!r}" if dl != gold_dl else
                                f"figures {[text[a:b] for a, b in pspans]} vs {g['figures']}"))
        t["predicate"] += p["predicate"] == g["predicate"]
        t["source"] += p["source"] == g["source"]
        named = set().union(*(sides.get(e, set()) for e in p["parties"])) if p["parties"] else set()
        t["parties"] += bool(named & set(g["parties"])) or not g["parties"]
    for gi, g in enumerate(gold["commitments"]):
        if gi not in used_g:
            t["errors"].append((g["span"], None, "missed"))
    for pi, p in enumerate(pred):
        if pi not in used_p:
            t["errors"].append((None, text[p["start"]:p["stop"]], "spurious"))
    return t


def prf(right: int, gold: int, pred: int) -> dict:
    p = right / pred if pred else 0.0
    r = right / gold if gold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def score(golds: list[dict], records: dict[str, dict]) -> dict:
    """{'all': prf, 'docs': {id: tally}, predicate/source/parties accuracies}."""
    docs = {g["id"]: compare(g, records[g["id"]]) for g in golds}
    tot = {k: sum(d[k] for d in docs.values()) for k in ("gold", "pred", "matched", "right",
                                                         "predicate", "source", "parties")}
    out = {"all": prf(tot["right"], tot["gold"], tot["pred"]), "counts": tot, "docs": docs}
    for k in ("predicate", "source", "parties"):
        out[k + "_acc"] = round(tot[k] / tot["matched"], 3) if tot["matched"] else 0.0
    return out


def extract(golds: list[dict], nlp=None) -> dict[str, dict]:
    if nlp is None:
        from .. import default_pipeline

        nlp = default_pipeline()
    items = [{"id": g["id"], "text": g["text"], "published": g["published"], "title": g["title"]}
             for g in golds]
    return {d.id: d.record().to_dict() for d in nlp.pipe(items)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m svodka.eval.commitments", description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD))
    ap.add_argument("--shared", help="the shared folder (default: SVODKA_SHARED or ../shared)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--show", action="store_true", help="list every mismatch")
    a = ap.parse_args(argv)
    golds = load(Path(a.gold), Path(a.shared) if a.shared else None)
    res = score(golds, extract(golds))
    seed = [g for g in golds if g["id"] == "seed"]
    own = [g for g in golds if g["id"] != "seed"]
    parts = {"seed": seed, "own": own}
    summary = {name: prf(sum(res["docs"][g["id"]]["right"] for g in gs),
                         sum(res["docs"][g["id"]]["gold"] for g in gs),
                         sum(res["docs"][g["id"]]["pred"] for g in gs)) for name, gs in parts.items() if gs}
    if a.json:
        json.dump({**res, "parts": summary}, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for name, s in {"all": res["all"], **summary}.items():
        print(f"{name:5} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f1']:.3f}")
    print(f"over matches: predicate {res['predicate_acc']:.3f}  source {res['source_acc']:.3f}"
          f"  parties {res['parties_acc']:.3f}  ({res['counts']})")
    if a.show:
        for doc_id, t in res["docs"].items():
            for g, p, why in t["errors"]:
                print(f"{doc_id}: {why}\n   gold: {g}\n   pred: {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
