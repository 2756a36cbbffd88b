"""Quality tasks: each compares the records of one system with one corpus's gold.

Records are svodka-shaped dicts (see systems.py); a task returns plain dicts of numbers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from .corpora import TYPES, GoldDoc, _no_overlaps
from .metrics import PRF, any_overlap, match, overlap, span_prf, token_prf, total


def mentions(rec: dict | None, types=TYPES, flat: bool = False) -> list[tuple[int, int, str]]:
    out = [
        (m["start"], m["stop"], e["type"])
        for e in (rec or {}).get("entities", [])
        if e["type"] in types
        for m in e["mentions"]
    ]
    if flat:  # the same outer-span rule that builds factRuEval's gold
        from .corpora import Span

        out = [(s.start, s.stop, s.type) for s in _no_overlaps([Span(*x) for x in out])]
    return out


def _ner(docs: list[GoldDoc], recs: list[dict | None], types, flat: bool) -> dict:
    strict = {t: PRF() for t in types}
    token = {t: PRF() for t in types}
    for d, r in zip(docs, recs):
        gold = [(s.start, s.stop, s.type) for s in d.ner]
        pred = mentions(r, types, flat)
        for t, v in span_prf(gold, pred, types).items():
            strict[t].add(v)
        for t, v in token_prf(d.text, gold, pred, types).items():
            token[t].add(v)
    return {
        "strict": {**{t: v.to_dict() for t, v in strict.items()}, "all": total(strict).to_dict()},
        "token": {**{t: v.to_dict() for t, v in token.items()}, "all": total(token).to_dict()},
    }


def factru_ner(docs, recs) -> dict:
    return _ner(docs, recs, TYPES, flat=True)


# --- factRuEval facts ------------------------------------------------------------------------


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def _lemma(word: str) -> str:
    return _morph().parse(word)[0].normal_form


def title_key(title: str) -> tuple[str, ...]:
    """A post as lemmas: «министра финансов» and «министр финансов» agree."""
    return tuple(_lemma(w) for w in title.lower().replace("-", " - ").split() if w.isalpha() or w == "-")


def _contains(a: tuple, b: tuple) -> bool:
    return bool(a) and bool(b) and any(a[i : i + len(b)] == b for i in range(len(a) - len(b) + 1))


def titles_agree(gold_span, gold_text: str, pred_span, pred_title: str) -> bool:
    """The same occurrence of the post, or the same post elsewhere: one title's lemmas contain
    the other's («председатель» in «председатель правительства», «министра» = «министр»)."""
    if overlap(gold_span, pred_span):
        return True
    g, p = title_key(gold_text), title_key(pred_title)
    return _contains(g, p) or _contains(p, g)


def _spans_of(rec: dict) -> dict[str, list[tuple[int, int]]]:
    return {e["id"]: [(m["start"], m["stop"]) for m in e["mentions"]] for e in rec.get("entities", [])}


def pred_facts(rec: dict | None) -> dict[str, list[dict]]:
    """Occupation from roles, Meeting from talks and visits, Deal from agreements."""
    out: dict[str, list[dict]] = {"Occupation": [], "Meeting": [], "Deal": []}
    if not rec:
        return out
    spans = _spans_of(rec)
    for e in rec.get("entities", []):
        for role in e.get("roles", []) if e["type"] == "PER" else []:
            out["Occupation"].append(
                {"who": spans[e["id"]], "pos": (role["start"], role["stop"]), "title": role["title"]}
            )
    # the roles that name who takes part: a place is factRuEval's Place, not a Participant, and a
    # meeting (a fact between parties) needs two of them
    kinds = {"talks": ("Meeting", ("participants",)), "visit": ("Meeting", ("visitor", "host")),
             "agreement": ("Deal", ("parties",))}
    for v in rec.get("events", []):
        if v["type"] in kinds:
            fact, roles = kinds[v["type"]]
            ids = {x for r in roles for x in v.get("args", {}).get(r, [])}
            if fact == "Meeting" and len(ids) < 2:
                continue
            out[fact].append({"parts": [spans[i] for i in sorted(ids) if i in spans]})
    return out


def _occupation_ok(g: dict, p: dict) -> bool:
    who = [iv for ivs in g["args"].get("Who", []) for iv in ivs]
    if not any_overlap(who, p["who"]):
        return False
    pos = g["args"].get("Position")
    if not pos:
        return True
    return any(
        titles_agree(iv, text, p["pos"], p["title"])
        for ivs, text in zip(pos, g["args"].get("Position_text", []))
        for iv in ivs
    )


def _participants_ok(g: dict, p: dict) -> bool:
    parts = g["args"].get("Participant", [])
    found = sum(any(any_overlap(ivs, q) for q in p["parts"]) for ivs in parts)
    return bool(parts) and found >= min(2, len(parts))


def factru_facts(docs, recs) -> dict:
    """P/R/F1 per fact type; arguments are matched by their spans (any mention overlapping)."""
    res = {t: PRF() for t in ("Occupation", "Meeting", "Deal")}
    for d, r in zip(docs, recs):
        pred = pred_facts(r)
        for t in res:
            gold = [f for f in d.extra["facts"] if f["type"] == t]
            res[t].add(match(gold, pred[t], _occupation_ok if t == "Occupation" else _participants_ok))
    return {**{t: v.to_dict() for t, v in res.items()}, "all": total(res).to_dict()}


# --- NEREL -----------------------------------------------------------------------------------

NEREL_TYPES = ("PER", "ORG", "LOC", "FAC")
FIGURE_KINDS = {"money": {"money"}, "percent": {"percent"}, "number": {"count", "measure"}}


def nerel(docs, recs) -> dict:
    ner = _ner(docs, recs, NEREL_TYPES, flat=False)
    figs = {k: PRF() for k in FIGURE_KINDS}
    dates, roles, places, links, founders = PRF(), PRF(), PRF(), PRF(), PRF()
    for d, r in zip(docs, recs):
        r = r or {}
        fig = [(f["start"], f["stop"], f["kind"]) for f in r.get("figures", [])]
        for k, kinds in FIGURE_KINDS.items():
            figs[k].add(
                match(
                    [g for g in d.extra["figures"] if g[2] == k], [f for f in fig if f[2] in kinds], overlap
                )
            )
        dates.add(match(d.extra["dates"], [(t["start"], t["stop"]) for t in r.get("times", [])], overlap))
        spans = _spans_of(r)
        ents = {e["id"]: e for e in r.get("entities", [])}
        pr = [(spans[e["id"]], rl) for e in ents.values() if e["type"] == "PER" for rl in e.get("roles", [])]
        # each place the text gives a role is a WORKS_AS pair (NEREL annotates every one)
        pr += [(who, {**rl, **x}) for who, rl in list(pr) for x in rl.get("also", [])]
        roles.add(
            match(
                d.extra["roles"],
                pr,
                lambda g, p, d=d: (
                    any_overlap([g[0]], p[0])
                    and titles_agree(
                        g[1], d.text[g[1][0] : g[1][1]], (p[1]["start"], p[1]["stop"]), p[1]["title"]
                    )
                ),
            )
        )
        # a place is referred to by its name or by an adjective the record links to it
        # (`references`: «российский президент»), which NEREL annotates as the place's mention
        places_of = {k: list(v) for k, v in spans.items()}
        for x in r.get("references", []):
            if x.get("entity") in places_of:
                places_of[x["entity"]].append((x["start"], x["stop"]))
        pw = [(who, places_of[rl["of"]]) for who, rl in pr if rl.get("of") in spans]
        # NEREL's WORKPLACE is any person–organisation tie of work or membership, with a post
        # (a role's `of`) or without one («работал в компании X», «выступает за «Зенит»»): the
        # record's `affiliations` (works, member, leads) count as workplaces too; founding is
        # NEREL's FOUNDED_BY, scored apart
        ties = [(spans[e["id"]], places_of[a["of"]], a["kind"]) for e in ents.values() if e["type"] == "PER"
                for a in e.get("affiliations") or [] if a.get("of") in spans]
        pw += [(who, of) for who, of, kind in ties if kind != "founded"]
        founders.add(match(d.extra.get("founders", []), [(who, of) for who, of, kind in ties if kind == "founded"],
                           lambda g, p: any_overlap([g[0]], p[0]) and any_overlap([g[1]], p[1])))
        # a post of a generic body («спикер парламента»): the body's words are NEREL's ORGANIZATION
        body_spans = {b["id"]: [(m["start"], m["stop"]) for m in b["mentions"]] for b in r.get("bodies", [])}
        pw += [(who, body_spans[rl["body"]]) for who, rl in pr if not rl.get("of") and rl.get("body") in body_spans]
        # a country adjective places a post whose country the text never names («британский премьер»)
        pw += [(who, [(rl["place"]["start"], rl["place"]["stop"])]) for who, rl in pr
               if not rl.get("of") and rl.get("place")]
        places.add(
            match(
                d.extra["workplaces"],
                pw,
                lambda g, p: any_overlap([g[0]], p[0]) and any_overlap([g[1]], p[1]),
            )
        )
        links.add(_links(d.extra["country_links"], ents))
    return {
        "ner": ner,
        "figures": {**{k: v.to_dict() for k, v in figs.items()}, "all": total(figs).to_dict()},
        "dates": dates.to_dict(),
        "roles": roles.to_dict(),
        "workplaces": places.to_dict(),
        "founders": founders.to_dict(),
        "country_links": links.to_dict(),
    }


def _links(gold: list[tuple[int, int, str]], ents: dict) -> PRF:
    """Per gold country mention with a Wikidata QID: is it in an entity linked to that ISO
    code? Precision counts only the mentions where the system gave an iso: link."""
    out = PRF(gold=len(gold))
    for a, b, iso in gold:
        linked = [
            e["link"]
            for e in ents.values()
            if (e.get("link") or "").startswith("iso:")
            and any(overlap((a, b), (m["start"], m["stop"])) for m in e["mentions"])
        ]
        if linked:
            out.pred += 1
            if f"iso:{iso}" in linked:
                out.pred_ok += 1
                out.gold_ok += 1
    return out


# --- SlavicNER -------------------------------------------------------------------------------


def _fold(s: str) -> str:
    return " ".join(s.replace("ё", "е").replace("Ё", "Е").casefold().split())


def mention_normal(entity: dict, mention: dict, text: str) -> str:
    """The system's nominative form of one mention: its own where it gives one, else the
    entity's name (for a person named by fewer words than the name, the name's last words:
    «Дженнер» of «Эдвард Дженнер»)."""
    if mention.get("normal"):
        return mention["normal"]
    name = entity.get("name") or text[mention["start"] : mention["stop"]]
    n = len(text[mention["start"] : mention["stop"]].split())
    words = name.split()
    if entity["type"] == "PER" and 0 < n < len(words):
        return " ".join(words[-n:])
    return name


def slavic(docs, recs) -> dict:
    ner = _ner(docs, recs, TYPES, flat=False)
    norm = {t: [0, 0] for t in TYPES}  # matched mentions, right normal forms
    for d, r in zip(docs, recs):
        by_span = {
            (m["start"], m["stop"]): (e, m) for e in (r or {}).get("entities", []) for m in e["mentions"]
        }
        for s in d.ner:
            hit = by_span.get((s.start, s.stop))
            if hit:
                norm[s.type][0] += 1
                norm[s.type][1] += _fold(mention_normal(*hit, d.text)) == _fold(
                    d.extra["lemmas"][(s.start, s.stop)]
                )
    n_all, ok_all = (sum(v[i] for v in norm.values()) for i in (0, 1))
    ner["normal"] = {
        **{t: {"matched": v[0], "accuracy": round(v[1] / v[0], 4) if v[0] else 0.0} for t, v in norm.items()},
        "all": {"matched": n_all, "accuracy": round(ok_all / n_all, 4) if n_all else 0.0},
    }
    return ner


# --- gold records, scored by the shared tools/score.py ----------------------------------------


def gold_records(docs, recs, score_py: Path) -> dict:
    """Runs the shared scorer on the selected gold records and this system's records."""
    tmp = Path(tempfile.mkdtemp(prefix="svodka-bench-"))
    try:
        (tmp / "gold").mkdir()
        for d in docs:
            (tmp / "gold" / f"{d.id}.json").write_text(
                json.dumps(d.extra["record"], ensure_ascii=False), encoding="utf-8"
            )
        with open(tmp / "pred.jsonl", "w", encoding="utf-8") as f:
            for d, r in zip(docs, recs):
                if r is not None:
                    f.write(json.dumps({**r, "text": d.text}, ensure_ascii=False) + "\n")
        out = subprocess.run(
            [
                sys.executable,
                str(score_py),
                "--gold",
                str(tmp / "gold"),
                "--pred",
                str(tmp / "pred.jsonl"),
                "--json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
