"""Readers of the annotated corpora, each into the same small `GoldDoc`.

Every reader takes a folder in the corpus's published format, so a test split laid out the same
way can be scored too. Offsets are Python str indexes into the text; `stop` is exclusive.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

TYPES = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class Span:
    start: int
    stop: int
    type: str


@dataclass
class GoldDoc:
    corpus: str
    id: str
    text: str
    ner: list[Span] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # corpus-specific layers (facts, figures, lemmas ...)


def pick(items: list, limit: int | None, size=None) -> list:
    """`limit` items spread evenly over the sorted list (every topic of a corpus gets some);
    with `size` (a function of an item), the `limit` smallest items instead (smoke runs)."""
    if limit is None or limit >= len(items):
        return items
    if limit <= 0:
        return []
    if size is not None:
        keep = {id(x) for x in sorted(items, key=size)[:limit]}
        return [x for x in items if id(x) in keep]
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _num_key(path: Path):
    m = re.search(r"\d+", path.stem)
    return (int(m.group()) if m else -1, path.stem)


# --- factRuEval-2016 -------------------------------------------------------------------------

FACTRU_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
FACT_TYPES = ("Occupation", "Meeting", "Deal")
_REF = re.compile(r"^(obj|span)(\d+)$")


def _factru_spans(path: Path) -> dict[str, tuple[str, int, int]]:
    spans = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        f = line.split("#")[0].split()
        if len(f) >= 4:
            start = int(f[2])
            spans[f[0]] = (f[1], start, start + int(f[3]))
    return spans


def _factru_objects(path: Path) -> dict[str, tuple[str, list[str]]]:
    objects = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        f = line.split("#")[0].split()
        if len(f) >= 3:
            objects[f[0]] = (f[1], f[2:])
    return objects


def _blocks(path: Path) -> list[list[str]]:
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8").replace("\r", "")
    return [[ln for ln in b.splitlines() if ln.strip()] for b in text.split("\n\n") if b.strip()]


def _no_overlaps(spans: list[Span]) -> list[Span]:
    """naeval's filter_overlapping: of overlapping spans keep the earliest-longest one."""
    out, prev = [], None
    for s in sorted(spans, key=lambda s: (s.start, -s.stop)):
        if prev is not None and prev.stop > s.start:
            continue
        out.append(s)
        prev = s
    return out


def factru_ner(spans: dict, objects: dict) -> list[Span]:
    """Gold NER spans as naeval builds them: a Person is its whole extent, an Org its org_name
    spans, a Location/LocOrg its loc_name spans; overlapping spans are dropped (outer kept)."""
    out = []
    for kind, span_ids in objects.values():
        t = FACTRU_TYPES.get(kind)
        parts = [spans[s] for s in span_ids if s in spans]
        if t is None or not parts:
            continue
        if t == "PER":
            out.append(Span(min(p[1] for p in parts), max(p[2] for p in parts), t))
        else:
            want = "org_name" if t == "ORG" else "loc_name"
            out += _no_overlaps([Span(a, b, t) for k, a, b in parts if k == want])
    return _no_overlaps(out)


def factru_facts(path: Path, spans: dict, objects: dict, coref: dict) -> list[dict]:
    """Occupation, Meeting and Deal facts; each argument as a list of (start, stop) intervals."""

    def intervals(ref: str) -> list[tuple[int, int]]:
        kind, num = _REF.match(ref).groups()
        if kind == "span":
            return [spans[num][1:]] if num in spans else []
        out = []
        for mention in coref.get(num, []):
            parts = [spans[s] for s in objects.get(mention, ("", []))[1] if s in spans]
            if parts:
                out.append((min(p[1] for p in parts), max(p[2] for p in parts)))
        return out

    facts = []
    for block in _blocks(path):
        head = block[0].split()
        if len(head) < 2 or head[1] not in FACT_TYPES:
            continue
        args: dict[str, list[list[tuple[int, int]]]] = {}
        for line in block[1:]:
            # "Role ref text | ref text ...": a value may list several references, and an
            # object's alternative names follow "|" without a reference
            role, _, rest = line.strip().partition(" ")
            role = "Position" if role == "Job" else role  # the test set says Job
            for part in rest.split("|"):
                words = part.split()
                refs = [r for r in (words[0].split(",") if words else []) if _REF.match(r)]
                for r in refs:
                    if iv := intervals(r):
                        args.setdefault(role, []).append(iv)
                        if role == "Position":  # each post span with its text
                            args.setdefault("Position_text", []).append(" ".join(words[1:]))
        facts.append({"type": head[1], "args": args})
    return facts


def _size(path: Path) -> int:
    return path.stat().st_size


def read_factru(folder: Path, limit: int | None = None, shortest: bool = False) -> list[GoldDoc]:
    docs = []
    for txt in pick(sorted(folder.glob("*.txt"), key=_num_key), limit, _size if shortest else None):
        base = txt.with_suffix("")
        spans = _factru_spans(base.with_suffix(".spans"))
        objects = _factru_objects(base.with_suffix(".objects"))
        coref = {b[0].split()[0]: b[0].split()[1:] for b in _blocks(base.with_suffix(".coref"))}
        docs.append(
            GoldDoc(
                "factru",
                f"factru-{txt.stem}",
                txt.read_text(encoding="utf-8"),
                factru_ner(spans, objects),
                {"facts": factru_facts(base.with_suffix(".facts"), spans, objects, coref)},
            )
        )
    return docs


# --- NEREL (BRAT standoff) -----------------------------------------------------------------

NEREL_NER = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "COUNTRY": "LOC",
    "CITY": "LOC",
    "STATE_OR_PROVINCE": "LOC",
    "DISTRICT": "LOC",
    "LOCATION": "LOC",
    "FACILITY": "FAC",
}
NEREL_FIGURES = {"MONEY": "money", "PERCENT": "percent", "NUMBER": "number"}


def read_nerel(
    folder: Path, limit: int | None = None, shortest: bool = False, countries: dict[str, str] | None = None
) -> list[GoldDoc]:
    """NER spans (nested, as annotated), figure and date spans, roles and country links."""
    countries = countries or {}
    docs = []
    for txt in pick(sorted(folder.glob("*.txt"), key=_num_key), limit, _size if shortest else None):
        ents: dict[str, tuple[str, int, int]] = {}
        rels: list[tuple[str, str, str]] = []
        links: dict[str, str] = {}
        ann = txt.with_suffix(".ann")
        for line in ann.read_text(encoding="utf-8").splitlines() if ann.is_file() else []:
            f = line.split("\t")
            if len(f) < 2:
                continue  # known glitch: a line of text in an .ann file
            head = f[1].split()
            try:
                if line.startswith("T"):
                    # discontinuous spans ("564 569;576 589") are taken as their extent
                    nums = [int(x) for x in re.split(r"[ ;]", f[1].split(" ", 1)[1])]
                    ents[f[0]] = (head[0], min(nums), max(nums))
                elif line.startswith("R") and len(head) >= 3:
                    rels.append((head[0], head[1].split(":", 1)[1], head[2].split(":", 1)[1]))
                elif line.startswith("N") and len(head) >= 3 and head[2].startswith("Wikidata:Q"):
                    links[head[1]] = head[2].split(":", 1)[1]
            except (ValueError, IndexError):
                continue  # malformed line: skipped, as the corpus README warns
        ner = sorted(
            {Span(a, b, NEREL_NER[k]) for k, a, b in ents.values() if k in NEREL_NER},
            key=lambda s: (s.start, s.stop),
        )
        figures = [(a, b, NEREL_FIGURES[k]) for k, a, b in ents.values() if k in NEREL_FIGURES]
        dates = [(a, b) for k, a, b in ents.values() if k == "DATE"]
        works_as = {(a, b) for r, a, b in rels if r == "WORKS_AS" and a in ents and b in ents}
        places = {}
        for r, a, b in rels:
            if r == "WORKPLACE" and a in ents and b in ents:
                places.setdefault(a, set()).add(b)
        roles, workplaces = [], set()
        for person, prof in works_as:
            roles.append((ents[person][1:], ents[prof][1:]))
            for w in places.get(prof, set()) | places.get(person, set()):
                workplaces.add((ents[person][1:], ents[w][1:]))
        for person, ws in places.items():
            if ents[person][0] == "PERSON":
                workplaces |= {(ents[person][1:], ents[w][1:]) for w in ws}
        # FOUNDED_BY(organisation, person), as (person, organisation) like the workplaces
        founders = sorted({(ents[b][1:], ents[a][1:]) for r, a, b in rels if r == "FOUNDED_BY" and a in ents
                           and b in ents and ents[a][0] == "ORGANIZATION" and ents[b][0] == "PERSON"})
        country_links = [
            (ents[t][1], ents[t][2], countries[q])
            for t, q in links.items()
            if t in ents and ents[t][0] == "COUNTRY" and q in countries
        ]
        docs.append(
            GoldDoc(
                "nerel",
                f"nerel-{txt.stem}",
                txt.read_text(encoding="utf-8"),
                ner,
                {
                    "figures": figures,
                    "dates": dates,
                    "roles": sorted(roles),
                    "workplaces": sorted(workplaces),
                    "founders": founders,
                    "country_links": country_links,
                },
            )
        )
    return docs


# --- SlavicNER (BSNLP) -------------------------------------------------------------------------


def read_slavic(folder: Path, limit: int | None = None, shortest: bool = False) -> list[GoldDoc]:
    """PER/LOC/ORG spans with the nominative form (`lemma` column) of each mention."""
    pairs = []
    for tsv in sorted((folder / "ner").glob("*/ru/*.tsv")):
        raw = folder / "raw" / tsv.relative_to(folder / "ner").with_suffix(".txt")
        if raw.is_file():
            pairs.append((tsv, raw))
    docs = []
    for tsv, raw in pick(pairs, limit, (lambda p: _size(p[1])) if shortest else None):
        text = raw.read_text(encoding="utf-8")
        ner, lemmas = [], {}
        for line in tsv.read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if len(f) < 5 or f[4] not in TYPES or not (f[0].isdigit() and f[1].isdigit()):
                continue
            s = Span(int(f[0]), int(f[1]), f[4])
            if text[s.start : s.stop] != f[2]:
                continue  # offsets that do not point at the mention are skipped
            ner.append(s)
            lemmas[(s.start, s.stop)] = f[3]
        docs.append(
            GoldDoc(
                "slavic",
                f"slavic-{raw.parent.parent.name}-{raw.stem}",
                text,
                sorted(set(ner), key=lambda s: (s.start, s.stop)),
                {"lemmas": lemmas},
            )
        )
    return docs


# --- svodka gold records -----------------------------------------------------------------------


def read_gold(folder: Path, limit: int | None = None, shortest: bool = False) -> list[GoldDoc]:
    """The hand-written svodka records (`dev/*.json` and `seed.json`), scored with tools/score.py."""
    paths = sorted((folder / "dev").glob("*.json"))
    if (folder / "seed.json").is_file():
        paths.insert(0, folder / "seed.json")
    docs = []
    for p in pick(paths, limit, _size if shortest else None):
        rec = json.loads(p.read_text(encoding="utf-8"))
        if "text" not in rec:
            seed = folder.parent / "seed" / f"{rec['id']}.txt"
            if not seed.is_file():
                continue
            rec["text"] = seed.read_text(encoding="utf-8")
        docs.append(GoldDoc("gold", str(rec["id"]), rec["text"], extra={"record": rec}))
    return docs


def available(kind: str, folder: Path) -> int:
    """How many texts a corpus folder holds (the report says «60 of 122»)."""
    if kind == "slavic":
        return sum(
            (folder / "raw" / t.relative_to(folder / "ner").with_suffix(".txt")).is_file()
            for t in (folder / "ner").glob("*/ru/*.tsv")
        )
    if kind == "gold":
        return len(list((folder / "dev").glob("*.json"))) + (folder / "seed.json").is_file()
    return len(list(folder.glob("*.txt")))


def load_countries(path: Path | None = None) -> dict[str, str]:
    """Wikidata QID -> ISO alpha-2, from bench/data/wikidata_countries.tsv."""
    path = path or Path(__file__).parent / "data" / "wikidata_countries.tsv"
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            q, iso, *_ = line.split("\t")
            out[q] = iso
    return out
