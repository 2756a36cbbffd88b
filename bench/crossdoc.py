"""Cross-document linking against NEREL's Wikidata links.

    python -m bench.crossdoc [--split dev] [--limit N] [--records F.jsonl] [--reuse]

The articles are extracted and put into a fresh store (SQLite), which links their entities to
canonical ones as it would for any corpus. Each gold mention with a Wikidata link (NEREL's
``N… Reference T… Wikidata:Q…`` lines) is aligned to the store mention of its type that
covers it best (character Jaccard ≥ 0.5; an organisation may be found as a facility and back,
or as a generic body (below); the organisation «МИД России» is not found as the place
«России»). A gold entity of a
document, a (document, QID) item, takes the canonical entity that most of its aligned
mentions have (an item none of whose mentions is found is a cluster of its own). The
canonical entities are then scored as a clustering of the items, pairwise over pairs from
different documents: precision is the share of predicted cross-document pairs (same
canonical entity) that share a QID, recall the share of gold pairs (same QID) put in the
same canonical entity. By type: pairs whose two items have that gold type (PER, ORG, LOC;
FAC counts only in `all`). Gold mentions of other types (professions, nationalities, laws,
events) are no entities in a record and are left out.
NEREL also links common nouns such as «полиция», «правительство», which are no name mentions
in a record: a gold organisation may be found as a reference to one of the record's generic
`bodies` too (docs/record-additions.md), which the store links as entity linking does: the
common noun of a reference to the kind of body («правительства» → Q7188 in NEREL, whatever
the country), and a phrase that names its country («правительства России») to that country's
body (NEREL's outer mention, Q1140115).
NEREL links adjectives too («российских», «болгарской» → the country): a gold place may be
found as one of the record's `references` (docs/record-additions.md), which the store links
to the canonical entity of the place it names.
`found`: the same on the items the store has a mention for, which judges the linking apart
from what extraction missed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from .corpora import NEREL_NER, _num_key, pick

JACCARD = 0.5
TYPES = ("PER", "ORG", "LOC")
ENTITY_TYPES = ("PER", "ORG", "LOC", "FAC")  # the gold types that are entities in a record


def gold_items(folder: Path, limit: int | None = None) -> tuple[dict[str, str], dict]:
    """Texts by document id, and the linked gold mentions: {doc id: [(start, stop, QID, type)]}."""
    texts, gold = {}, {}
    for txt in pick(sorted(folder.glob("*.txt"), key=_num_key), limit):
        doc = f"nerel-{txt.stem}"
        texts[doc] = txt.read_text(encoding="utf-8")
        spans, links = {}, {}
        ann = txt.with_suffix(".ann")
        for line in ann.read_text(encoding="utf-8").splitlines() if ann.is_file() else []:
            f = line.split("\t")
            if len(f) < 2:
                continue
            head = f[1].split()
            try:
                if line.startswith("T"):
                    nums = [int(x) for x in re.split(r"[ ;]", f[1].split(" ", 1)[1])]
                    spans[f[0]] = (min(nums), max(nums), head[0])
                elif line.startswith("N") and len(head) >= 3 and head[2].startswith("Wikidata:Q"):
                    links[head[1]] = head[2].split(":", 1)[1]
            except (ValueError, IndexError):
                continue
        gold[doc] = [
            (spans[t][0], spans[t][1], q, NEREL_NER.get(spans[t][2], spans[t][2]))
            for t, q in links.items()
            if t in spans and NEREL_NER.get(spans[t][2]) in ENTITY_TYPES
        ]
    return texts, gold


def extract(texts: dict[str, str]) -> list[dict]:
    import svodka

    nlp = svodka.default_pipeline()
    items = [{"id": k, "text": v} for k, v in texts.items()]
    out = []
    for item, result in nlp.pipe_safe(items, batch_size=16):
        if isinstance(result, Exception):
            print(f"crossdoc: {item['id']} failed: {result!r}", file=sys.stderr)
            continue
        out.append(result.record().to_dict())
    return out


def store_mentions(records: list[dict]) -> dict[str, list[tuple[int, int, int, str]]]:
    """The records put into a fresh store: {doc id: [(start, stop, canonical id, type)]}."""
    from svodka.store import open_store

    with tempfile.TemporaryDirectory(prefix="svodka-crossdoc-") as tmp:
        store = open_store(str(Path(tmp) / "x.db"))
        store.add_records(records)
        rows = store._rows(
            "SELECT m.doc_id, m.start, m.stop, e.canon_id, e.type FROM mentions m"
            " JOIN entities e ON e.doc_id = m.doc_id AND e.eid = m.eid"
        ) + store._rows(
            # a reference's common noun (its kind), and the phrase that names its country (that
            # country's body); a store made before migration 9 has the reference alone
            "SELECT m.doc_id, COALESCE(m.noun_start, m.start), COALESCE(m.noun_stop, m.stop),"
            " COALESCE(m.kind_canon, m.canon_id, b.canon_id), 'ORG' FROM body_mentions m"
            " JOIN bodies b ON b.doc_id = m.doc_id AND b.bid = m.bid"
        ) + store._rows(
            "SELECT doc_id, phrase_start, phrase_stop, canon_id, 'ORG' FROM body_mentions"
            " WHERE phrase_start IS NOT NULL"
        ) + store._rows(
            "SELECT doc_id, start, stop, canon_id, 'LOC' FROM place_refs WHERE canon_id IS NOT NULL"
        )
        store.close()
    out: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    for doc, a, b, cid, t in rows:
        out[doc].append((a, b, cid, t))
    return out


SAME_KIND = {"ORG": ("ORG", "FAC"), "FAC": ("FAC", "ORG")}  # types a gold type may be found as


def _jaccard(a: int, b: int, c: int, d: int) -> float:
    inter = min(b, d) - max(a, c)
    return inter / (max(b, d) - min(a, c)) if inter > 0 else 0.0


def clusters(gold: dict, found: dict) -> list[tuple[str, str, str, object]]:
    """(document, QID, gold type, canonical id or None) per gold item."""
    out = []
    for doc, golds in gold.items():
        mine = sorted(found.get(doc, []))
        by_item: dict[str, list] = defaultdict(list)
        types: dict[str, Counter] = defaultdict(Counter)
        for a, b, q, t in golds:
            types[q][t] += 1
            kinds = SAME_KIND.get(t, (t,))
            best = max(((_jaccard(a, b, c, d), cid) for c, d, cid, k in mine if c < b and a < d and k in kinds),
                       default=(0.0, None))
            if best[0] >= JACCARD:
                by_item[q].append(best[1])
            else:
                by_item.setdefault(q, [])
        for q, cids in by_item.items():
            cid = Counter(cids).most_common(1)[0][0] if cids else None
            out.append((doc, q, types[q].most_common(1)[0][0], cid))
    return out


def _pairs(groups: dict) -> int:
    """Cross-document pairs inside groups of items ({group: Counter(doc)})."""
    n = 0
    for docs in groups.values():
        total = sum(docs.values())
        n += (total * (total - 1) - sum(k * (k - 1) for k in docs.values())) // 2
    return n


def score(items: list[tuple[str, str, str, object]]) -> dict:
    out = {}
    for t in ("all", *TYPES):
        sel = [x for x in items if t == "all" or x[2] == t]
        gold, pred, both = defaultdict(Counter), defaultdict(Counter), defaultdict(Counter)
        for doc, q, _, cid in sel:
            gold[q][doc] += 1
            if cid is not None:
                pred[cid][doc] += 1
                both[(cid, q)][doc] += 1
        g, p, ok = _pairs(gold), _pairs(pred), _pairs(both)
        prec, rec = (ok / p if p else 0.0), (ok / g if g else 0.0)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[t] = {"p": round(prec, 4), "r": round(rec, 4), "f1": round(f1, 4), "gold_pairs": g,
                  "pred_pairs": p, "items": len(sel), "aligned": sum(x[3] is not None for x in sel)}
    return out


def crossdoc(folder: Path, limit: int | None = None, records: list[dict] | None = None) -> dict:
    """P/R/F1 of cross-document linking, overall and per type, on a NEREL split folder."""
    texts, gold = gold_items(folder, limit)
    if records is None:
        records = extract(texts)
    records = [r for r in records if r.get("id") in texts]
    items = clusters(gold, store_mentions(records))
    return {**score(items), "found": score([x for x in items if x[3] is not None])}


def errors(folder: Path, records: list[dict], limit: int | None = None, n: int = 30) -> list[str]:
    """The largest wrong merges and splits, for looking at: names by canonical id and QID."""
    texts, gold = gold_items(folder, limit)
    items = clusters(gold, store_mentions(records))
    names = {}
    for r in records:
        for e in r.get("entities", []):
            for m in e["mentions"]:
                names[(r["id"], m["start"], m["stop"])] = e["name"]
    by_q, by_c = defaultdict(set), defaultdict(set)
    for doc, q, t, cid in items:
        by_q[q].add((doc, cid, t))
        if cid is not None:
            by_c[cid].add((doc, q, t))
    lines = []
    for q, xs in sorted(by_q.items(), key=lambda kv: -len(kv[1])):
        cids = Counter(c for _, c, _ in xs)
        if len(cids) > 1:
            lines.append(f"split {q} {next(iter(xs))[2]}: {dict(cids)}")
    for c, xs in sorted(by_c.items(), key=lambda kv: -len(kv[1])):
        qs = Counter(q for _, q, _ in xs)
        if len(qs) > 1:
            lines.append(f"merge canon {c}: {dict(qs)}")
    return lines[:n]


def main(argv=None) -> dict:
    from .run import SHARED

    ap = argparse.ArgumentParser(prog="python -m bench.crossdoc", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "NEREL", help="NEREL folder")
    ap.add_argument("--split", default="dev", help="NEREL subfolder (dev, train, test)")
    ap.add_argument("--limit", type=int, default=None, help="at most N texts (spread evenly)")
    ap.add_argument("--records", type=Path, default=None, help="write the records here (JSON Lines)")
    ap.add_argument("--reuse", action="store_true", help="read --records instead of extracting again")
    ap.add_argument("--errors", type=int, default=0, help="print the N largest wrong splits and merges")
    a = ap.parse_args(argv)
    folder = a.data / a.split
    texts, _ = gold_items(folder, a.limit)
    if a.reuse and a.records and a.records.is_file():
        records = [json.loads(x) for x in a.records.read_text(encoding="utf-8").splitlines() if x.strip()]
    else:
        records = extract(texts)
        if a.records:
            a.records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                 encoding="utf-8")
    out = crossdoc(folder, a.limit, records)
    for label, res in (("every linked gold entity", out), ("the entities the store found", out["found"])):
        print(f"{label}:")
        for t in ("all", *TYPES):
            v = res[t]
            print(f"  {t:4} P {v['p']:.3f} R {v['r']:.3f} F1 {v['f1']:.3f}  (gold pairs {v['gold_pairs']}, "
                  f"predicted {v['pred_pairs']}, items {v['aligned']}/{v['items']} aligned)")
    for line in errors(folder, records, a.limit, a.errors) if a.errors else []:
        print(line)
    return out


if __name__ == "__main__":
    main()


def evaluate(folder: Path) -> dict:
    """`make eval`'s hook: {group: {p, r, f1}} for every linked gold entity (all, PER, ORG, LOC)
    and for the entities the store found (`found …`)."""
    res = crossdoc(Path(folder))
    out = {t: res[t] for t in ("all", *TYPES)}
    out.update({f"found {t}": res["found"][t] for t in ("all", *TYPES)})
    return out
