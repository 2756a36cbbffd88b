"""A learned choice of who holds which post: the candidate ranker at the end of the roles stage.

The roles stage proposes roles by rule (each PER entity's `roles`). Here every pair of a PER
mention and a post-like noun of the same sentence becomes a candidate too (a post-like noun:
an animate common noun, or the head of a proposed role), and a logistic regression scores each
pair from what the Doc holds: the distance and what stands between the two (commas, dashes,
other names, verbs), their cases, the dependency arcs where the sentence is parsed, whether
the rules proposed the pair, and the navec vector of the noun's lemma (which nouns are posts).
A noun goes to its best-scoring person when that score passes the threshold; a proposed role
that loses is dropped, a new one is added with the noun's phrase as its title.

Features are read from the Doc and the candidate's spans only (never from the roles stage's
own structures), so the model holds when the rules change. The weights (`weights/roles_rank.json`)
are trained on the factRuEval-2016 devset by `make train` (bench/train_roles.py); inference is
numpy only.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from math import log1p

import numpy as np

from .doc import Doc, Entity, Mention, Role, Token
from .marks import CLOSING, DASHES, OPENING
from .posts import honorific_kind, kind_of

WEIGHTS = "weights/roles_rank.json"
VECTOR_DIM = 300  # navec
MAX_PHRASE = 8  # tokens of a post phrase after its head, at most
MAX_GAP = 12  # tokens between a post-like noun and a name, at most
# The rules and the model meet here. factRuEval (the model's training data) annotates fewer
# occupations than NEREL, so the model vetoes a rule's role only when it all but rules it out;
# chosen on training data (factRuEval 5-fold, NEREL train): VETO 0.15 gave 0.787 / 0.691,
# VETO 0 gave 0.752 / 0.73, VETO 0.3 gave 0.779 / 0.65 (with the roles of persons the rules
# found left as the rules read them)
VETO = 0.15
# a person the rules gave a post may hold another one elsewhere in the text («X, глава фирмы …
# X ушёл с поста гендиректора»): the model adds it only when it is all but sure, for a noun in
# the singular with no verb between it and the name (NEREL train 250 texts: roles 0.706 → 0.713;
# factRuEval 5-fold 0.784 → 0.787; 0.6 and 0.7 gave NEREL train +0.002 but dev −0.002)
EXTRA = 0.8
# a post right before the name, in apposition to it, or joined to a post of the same name
# («бывший мэр — ныне госсоветник X») is read off the text, not guessed (with «joined»:
# NEREL train 400 roles 0.620 → 0.625, factRuEval 5-fold 0.786 → 0.784)
# (with «list», names right after a plural post, «учёные Иван Петров и Анна Белова»: NEREL
# train 250 roles 0.729 -> 0.733, factRuEval 5-fold 0.784 -> 0.787; names after «:» or «, как»
# stay the model's to veto: factRuEval annotates none of them, keeping them cost it 0.02 F1)
SURE = frozenset({"direct", "apposition", "joined", "list"})
MARGIN = 0.25  # how much better another holder must score to take a post from the rules' holder
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
HEAD_RELS = ("appos", "nsubj", "obl", "nmod", "root", "conj", "obj", "parataxis")
NAME_RELS = ("appos", "nsubj", "nmod", "obl", "flat:name", "conj", "obj", "root")
GAP_WORDS = ("и", "а", "с", "со", "у", "для", "который", "которая", "по")
PUNCT = {",": "comma", "(": "paren", ")": "paren", ":": "colon",
         **dict.fromkeys(DASHES, "dash"), **dict.fromkeys(OPENING | CLOSING, "quote")}
VERB_POS = frozenset({"VERB", "INFN", "PRTS", "GRND"})
FRAME_NOUNS = frozenset({"пост", "должность"})
CHAIN_POS = frozenset({"NOUN", "ADJF", "PRTF", "NUMR"})

_off: ContextVar[bool] = ContextVar("roles_rank_off", default=False)


@contextmanager
def disabled():
    """The roles stage's own proposals, unranked (training reads them this way)."""
    tok = _off.set(True)
    try:
        yield
    finally:
        _off.reset(tok)


@dataclass(slots=True, eq=False)
class Candidate:
    mention: Mention  # the PER mention
    entity: Entity
    head: Token  # the post-like noun
    first: int  # token span of the post phrase [first, stop)
    stop: int
    role: Role | None = None  # the proposed role it stands for, if any
    features: np.ndarray | None = None
    score: float = 0.0


# --- candidates -------------------------------------------------------------------------------


def _case(t: Token) -> str | None:
    return getattr(t.tag, "case", None) if t.tag is not None else None


def _post_like(t: Token) -> bool:
    return t.pos == "NOUN" and t.tag is not None and "anim" in t.tag and "Name" not in t.tag \
        and "Surn" not in t.tag and "Patr" not in t.tag and t.text[:1].isalpha()


class _Index:
    """One document's mentions by token, and its PER mentions by sentence."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.cover: dict[int, Mention] = {}
        self.per: dict[int, list[tuple[int, int, Mention]]] = {}  # sentence → (first, last token, m)
        self.span: dict[int, tuple[int, int]] = {}  # id of a PER mention → its first and last token
        for m in sorted(doc.mentions, key=lambda m: (m.start, m.start - m.stop)):
            toks = doc.tokens_in(m.start, m.stop)
            if not toks or toks[0].i in self.cover or m.entity is None:
                continue
            for t in toks:
                self.cover.setdefault(t.i, m)
            if m.type == "PER":
                self.per.setdefault(toks[0].sent, []).append((toks[0].i, toks[-1].i, m))
                self.span[id(m)] = (toks[0].i, toks[-1].i)

    def phrase(self, h: Token) -> tuple[int, int]:
        """The post phrase around its head: agreeing adjectives before it, the genitive chain
        (words in the genitive, or non-person names) after it, inside the sentence."""
        toks, s = self.doc.tokens, self.doc.sents[h.sent]
        first = h.i
        while first - 1 >= s.tok_start:
            t = toks[first - 1]
            if t.pos in ("ADJF", "PRTF") and _case(t) == _case(h) and t.i not in self.cover:
                first -= 1
            else:
                break
        stop, k = h.i + 1, h.i + 1
        while k < s.tok_stop and k - h.i <= MAX_PHRASE:
            t, m = toks[k], self.cover.get(k)
            if t.text in (",", "и") and stop == k and k > h.i + 1 and k + 1 < s.tok_stop \
                    and self.genitive(toks[k + 1]) and self.cover.get(k + 1) is None:
                k += 1  # coordinated genitives: «министр инвестиций, промышленности и торговли»
                continue
            if m is not None:
                if m.type == "PER" and not (k == h.i + 1 and _only_oblique(t) and not _may_be_case(h, "gent")):
                    break  # a person in the genitive is whose post it is («помощник Олега Петрова»)
                while k < s.tok_stop and self.cover.get(k) is m:
                    k += 1
                stop = k
                continue
            if self.genitive(t):
                k += 1
                stop = k
                continue
            break
        return first, stop


    @staticmethod
    def genitive(t: Token) -> bool:
        return t.pos in CHAIN_POS and _case(t) == "gent" and "anim" not in t.tag


def _may_be_case(t: Token, case: str) -> bool:
    from .stages.morph import parses

    return any(p.tag.case == case for p in parses(t.text))


def _sought(doc: Doc, h: Token) -> bool:
    """«на пост главы», «на должность министра»: a post sought or given; who gets it is read
    from the verb, which the rules do («назначен на пост», not «кандидатом на пост … будет»)."""
    toks = doc.tokens
    return h.i >= 2 and toks[h.i - 1].lemma in FRAME_NOUNS and toks[h.i - 2].pos == "PREP"


def _may_agree(h: Token, name: list[Token]) -> bool:
    """Whether a name may stand in apposition to a post: some parse of the post and some first-name
    parse of the name share case and number. Only first names are read (surnames and foreign
    names are parsed unreliably); a name without a known first name may agree."""
    from .stages.morph import parses

    cn = {(p.tag.case, "sing") for t in name for p in parses(t.text) if "Name" in p.tag and "sing" in p.tag}
    if not cn or "Fixd" in h.tag:
        return True
    return bool(cn & {(p.tag.case, p.tag.number) for p in parses(h.text)})


def _only_oblique(t: Token) -> bool:
    """A word in the genitive that cannot be a nominative (not an indeclinable foreign name)."""
    return _may_be_case(t, "gent") and not _may_be_case(t, "nomn") and "Fixd" not in t.tag

def _adjective_of_next(doc: Doc, h: Token) -> bool:
    """A word read as a noun that is an adjective of the next noun («рабочий визит»)."""
    from .stages.morph import parses

    nxt = doc.tokens[h.i + 1] if h.i + 1 < len(doc.tokens) else None
    if nxt is None or nxt.pos != "NOUN" or nxt.sent != h.sent:
        return False
    return any(p.tag.POS == "ADJF" and p.tag.case == _case(nxt) and p.tag.number == nxt.tag.number
               for p in parses(h.text))


def candidates(doc: Doc, idx: _Index | None = None) -> tuple[list[Candidate], list[tuple[Entity, Role]]]:
    """Every (PER mention, post-like noun) pair of a sentence, the proposed roles among them;
    and the proposed roles that no candidate stands for (kept as they are)."""
    idx = idx or _Index(doc)
    toks = doc.tokens
    by_pair: dict[tuple[int, int], Candidate] = {}
    untouched: list[tuple[Entity, Role]] = []
    for e in doc.entities:
        if e.type != "PER":
            continue
        for r in e.roles:
            span = doc.tokens_in(r.start, r.stop)
            heads = [t for t in span if t.pos == "NOUN"] or span
            if not heads:
                untouched.append((e, r))
                continue
            h = heads[0]
            near = [(abs(a - h.i), a, m) for a, b, m in idx.per.get(h.sent, ()) if m.entity is e]
            if not near:
                untouched.append((e, r))
                continue
            m = min(near, key=lambda x: x[:2])[2]
            c = by_pair.get((id(m), h.i))
            if c is None:
                c = by_pair[id(m), h.i] = Candidate(m, e, h, span[0].i, span[-1].i + 1, r)
            elif c.role is None:
                c.role = r
    for s, pers in idx.per.items():
        sent = doc.sents[s]
        for h in toks[sent.tok_start:sent.tok_stop]:
            if h.i in idx.cover or not _post_like(h) or _adjective_of_next(doc, h) or _sought(doc, h) \
                    or kind_of(h) in ("kin", "person") or honorific_kind(h):
                # «дочь», «женщина», «пан»: a relative, anyone, a form of address: never a post
                continue
            first, stop = idx.phrase(h)
            for a, b, m in pers:
                gap = a - stop if a >= stop else first - b - 1
                if gap > MAX_GAP or (id(m), h.i) in by_pair or not (b < first or a >= stop):
                    continue
                if a == stop and not _may_agree(h, toks[a:b + 1]):
                    continue  # «указом президента Иван Петров назначен»: no apposition across cases
                by_pair[id(m), h.i] = Candidate(m, m.entity, h, first, stop)
    return list(by_pair.values()), untouched


# --- features ---------------------------------------------------------------------------------


def feature_names() -> list[str]:
    names = ["rule", "post_before", "adjacent", "gap_log", "gap_words", "per_between", "heads_between",
             "verb_between", "nearest_name", "nearest_head", "same_case", "parsed", "arc", "sibling",
             "capital", "plural", "lemma_count", "entity_mentions", "sent_names", "name_words",
             "name_first_in_doc", "appos_left", "appos_right_comma", "appos_right_dash", "chain_words",
             "closest_name", "closest_head", "entity_proposed", "lemma_proposed", "hyphen"]
    names += [f"punct_{p}" for p in sorted(set(PUNCT.values()))]
    names += [f"word_{w}" for w in GAP_WORDS]
    names += [f"head_{c}" for c in CASES] + [f"name_{c}" for c in CASES]
    names += [f"head_rel_{r}" for r in HEAD_RELS] + [f"name_rel_{r}" for r in NAME_RELS]
    return names


@cache
def _vector(lemma: str) -> np.ndarray:
    from . import models

    v = models.word_vector(lemma).astype(np.float64)
    n = np.linalg.norm(v)
    return v / n if n else v


def _gap(c: Candidate, first: int, last: int) -> int:
    """Tokens between a candidate's post phrase and the name at tokens [first, last]."""
    return first - c.stop if c.stop <= first else c.first - last - 1


@cache
def _columns() -> tuple[tuple[str, ...], dict[str, int]]:
    """The feature names and each one's column, read once (featurize runs per document)."""
    names = tuple(feature_names())
    return names, {n: i for i, n in enumerate(names)}


def featurize(doc: Doc, cands: list[Candidate], idx: _Index) -> None:
    # one pass per candidate over the sentence's names, its post heads and the tokens between
    # (each feature once read by its own loop); every value is computed as before
    names, col = _columns()
    n = len(names)
    toks = doc.tokens
    lemma_count: dict[str, int] = {}
    for t in toks:
        if t.pos == "NOUN":
            lemma_count[t.lemma] = lemma_count.get(t.lemma, 0) + 1
    heads_by_sent: dict[int, set[int]] = {}  # sentence → its candidates' heads
    by_mention: dict[int, list[Candidate]] = {}
    proposed_lemmas = {t.lemma for c in cands if c.role is not None for t in toks[c.first:c.stop]}
    proposed_entities = {id(c.entity) for c in cands if c.role is not None}
    for c in cands:
        heads_by_sent.setdefault(c.head.sent, set()).add(c.head.i)
        by_mention.setdefault(id(c.mention), []).append(c)
    punct_col = {p: col["punct_" + k] for p, k in PUNCT.items()}
    word_col = {w: col["word_" + w] for w in GAP_WORDS}
    rows: list[list] = []
    vectors: list[np.ndarray] = []
    for c in cands:
        x = [0.0] * n  # a list while it is filled: numpy's item assignment is slow
        head, mention = c.head, c.mention
        h_i, c_first, c_stop = head.i, c.first, c.stop
        first_i, last_i = idx.span[id(mention)]
        m_first = toks[first_i]
        before = c_stop <= first_i
        lo, hi = (c_stop, first_i) if before else (last_i + 1, c_first)
        between = toks[lo:hi] if lo < hi else []
        dist = len(between)
        pers = idx.per.get(head.sent, [])
        per_between, side_min, closest = 0, None, True
        for a, b, m in pers:
            if (a > h_i) == before:
                d = abs((a if before else b) - h_i)
                if side_min is None or d < side_min:
                    side_min = d
            if m is not mention:
                if lo <= a < hi:
                    per_between += 1
                if closest and dist > max(a - c_stop, c_first - b - 1):
                    closest = False
        hs = heads_by_sent.get(head.sent, ())
        heads_between, hside_min = 0, None
        for i in hs:
            if lo <= i < hi:
                heads_between += 1
            if (i < first_i) == before:
                d = abs(i - first_i)
                if hside_min is None or d < hside_min:
                    hside_min = d
        gap_words, verb_between = 0, False
        for t in between:
            text = t.text
            if text[:1].isalnum():
                gap_words += 1
            if not verb_between and t.pos in VERB_POS:
                verb_between = True
            if text in punct_col:
                x[punct_col[text]] = 1
            low = text.lower()
            if low in word_col:
                x[word_col[low]] = 1
            elif t.lemma in word_col:
                x[word_col[t.lemma]] = 1
        x[col["rule"]] = c.role is not None
        x[col["post_before"]] = before
        x[col["adjacent"]] = not between
        x[col["gap_log"]] = log1p(dist)
        x[col["gap_words"]] = gap_words
        x[col["per_between"]] = per_between
        x[col["heads_between"]] = heads_between
        x[col["verb_between"]] = verb_between
        x[col["nearest_name"]] = side_min is None or abs((first_i if before else last_i) - h_i) <= side_min
        x[col["nearest_head"]] = hside_min is None or abs(h_i - first_i) <= hside_min
        head_case, name_case = _case(head), _case(m_first)
        x[col["same_case"]] = head_case is not None and head_case == name_case
        sent = doc.sents[head.sent]
        parsed = sent.parsed
        x[col["parsed"]] = parsed
        mtoks = range(first_i, last_i + 1)
        if parsed:
            x[col["arc"]] = head.head in mtoks or any(toks[i].head == h_i for i in mtoks)
            x[col["sibling"]] = head.head is not None and any(toks[i].head == head.head for i in mtoks)
        x[col["capital"]] = head.text[:1].isupper() and h_i != sent.tok_start
        x[col["plural"]] = head.tag is not None and "plur" in head.tag
        x[col["lemma_count"]] = log1p(lemma_count.get(head.lemma, 0))
        x[col["entity_mentions"]] = log1p(len(c.entity.mentions))
        x[col["sent_names"]] = log1p(len(pers))
        x[col["name_words"]] = min(3, last_i - first_i + 1)
        x[col["name_first_in_doc"]] = mention.start == c.entity.start
        x[col["entity_proposed"]] = c.role is None and id(c.entity) in proposed_entities
        x[col["lemma_proposed"]] = c.role is None and head.lemma in proposed_lemmas
        x[col["hyphen"]] = "-" in head.text
        x[col["closest_name"]] = closest
        x[col["closest_head"]] = all(
            dist <= _gap(o, first_i, last_i) for o in by_mention.get(id(mention), ()) if o is not c)
        x[col["appos_left"]] = before and not between
        x[col["appos_right_comma"]] = not before and dist == 1 and between[0].text == ","
        x[col["appos_right_dash"]] = not before and dist == 1 and between[0].text in "-–—"
        x[col["chain_words"]] = log1p(sum(1 for t in toks[h_i + 1:c_stop] if t.text[:1].isalpha()))
        if head_case in CASES:
            x[col["head_" + head_case]] = 1
        if name_case in CASES:
            x[col["name_" + name_case]] = 1
        if parsed:
            root = next((toks[i] for i in mtoks if toks[i].head not in mtoks), m_first)
            if head.rel in HEAD_RELS:
                x[col["head_rel_" + head.rel]] = 1
            if root.rel in NAME_RELS:
                x[col["name_rel_" + root.rel]] = 1
        rows.append(x)
        vectors.append(_vector(head.lemma))
    # one array for the batch: each candidate's features are its row
    X = np.concatenate([np.array(rows, dtype=float), np.array(vectors)], axis=1) if rows else None
    for k, c in enumerate(cands):
        c.features = X[k]


# --- the model --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def scores(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def from_dict(cls, d: dict) -> Model:
        return cls(np.array(d["mean"]), np.array(d["scale"]), np.array(d["coef"]), float(d["intercept"]),
                   float(d["threshold"]))


@cache
def model() -> Model | None:
    """The shipped weights; None when the file is missing or was built for other features."""
    try:
        d = json.loads((resources.files("svodka") / WEIGHTS).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if d.get("features") != feature_names():
        return None
    return Model.from_dict(d)


def choose(doc: Doc, cands: list[Candidate], m: Model) -> list[Candidate]:
    """Each post-like noun to its best-scoring person, where the score passes the threshold."""
    if not cands:
        return []
    X = np.stack([c.features for c in cands])
    for c, s in zip(cands, m.scores(X)):
        c.score = float(s)
    best: dict[int, Candidate] = {}
    for c in cands:
        if c.score >= m.threshold and (c.head.i not in best or c.score > best[c.head.i].score):
            best[c.head.i] = c
    return sorted(best.values(), key=lambda c: c.head.i)


def _owner(c: Candidate, idx: _Index) -> tuple[Entity | None, int]:
    """The first organisation or place named in the phrase's genitive chain (the post's `of`),
    and where the title ends: before that name and the adjectives of it («глава японского МИДа»),
    or before a person's name («помощник Олега Петрова»: the post is «помощник»)."""
    toks = idx.doc.tokens
    for k in range(c.head.i + 1, c.stop):
        m = idx.cover.get(k)
        if m is not None and m.type == "PER":
            return None, k
        if m is not None and m.type in ("ORG", "LOC") and m.entity is not c.entity:
            while k - 1 > c.head.i and (toks[k - 1].pos in ("ADJF", "PRTF") or toks[k - 1].text in (",", "и")):
                k -= 1
            return m.entity, k
    return None, c.stop


def _title(doc: Doc, c: Candidate, stop: int) -> str:
    """The post in the nominative singular lowercase: the adjectives agreeing with the head and
    the head take their dictionary forms, the genitive chain up to `stop` stays as written."""
    from .stages.morph import inflected, parses

    toks = doc.tokens
    words = []
    for t in toks[c.first:c.head.i]:
        p = next((p for p in parses(t.text) if p.tag == t.tag), None)
        g = {"nomn", "sing"} | ({c.head.tag.gender} if c.head.tag is not None and c.head.tag.gender else set())
        f = inflected(p, frozenset(g)) if p is not None else None
        words.append(f.word if f is not None else t.text)
    words.append(c.head.lemma)
    if stop > c.head.i + 1:
        words.append(doc.text[toks[c.head.i + 1].start:toks[stop - 1].stop])
    return " ".join(words).lower()


def new_role(doc: Doc, c: Candidate, idx: _Index) -> Role:
    """The role a chosen candidate that the rules did not propose gives its person."""
    of, stop = _owner(c, idx)
    return Role(_title(doc, c, stop), of, doc.tokens[c.first].start, doc.tokens[stop - 1].stop)


def _verb_between(doc: Doc, c: Candidate) -> bool:
    """A verb between the noun and the name: another clause's noun («Губернатор освободил Y»)."""
    toks = doc.tokens_in(c.mention.start, c.mention.stop)
    lo, hi = (c.stop, toks[0].i) if c.stop <= toks[0].i else (toks[-1].i + 1, c.first)
    return any(t.pos in VERB_POS for t in doc.tokens[lo:hi])


def decide(doc: Doc, idx: _Index, cands: list[Candidate], untouched: list[tuple[Entity, Role]],
           m: Model) -> dict[int, tuple[Entity, list[Role]]]:
    """The PER entities' roles after the choice: id(entity) → (entity, roles). Proposed roles
    that won (or that no candidate stands for) stay as they are; a new one is added per person
    and head lemma."""
    kept = choose(doc, cands, m)
    # the rules' roles stay unless the model all but rules one out (VETO) or gives its post to
    # a clearly better holder (MARGIN); the model adds posts to the persons the rules gave none
    ruled = {c.head.i: c for c in cands if c.role is not None}
    moved = {id(ruled[c.head.i].role) for c in kept
             if c.role is None and c.head.i in ruled and c.score >= ruled[c.head.i].score + MARGIN}
    vetoed = {id(c.role) for c in cands if c.role is not None and c.score < VETO
              and c.role.source not in SURE}
    keep_roles = {id(r) for e in doc.entities if e.type == "PER" for r in e.roles
                  if id(r) not in moved and id(r) not in vetoed}
    ruled_people = {id(e) for e in doc.entities if e.type == "PER" and e.roles}
    out: dict[int, tuple[Entity, list[Role]]] = {}
    seen: dict[int, set[str]] = {}
    for e in doc.entities:
        if e.type == "PER" and e.roles:
            out[id(e)] = (e, [r for r in e.roles if id(r) in keep_roles])
            seen[id(e)] = {t.lemma for r in out[id(e)][1] for a, b in ((r.start, r.stop), *r.also)
                           for t in doc.tokens_in(a, b)}
    for c in kept:
        if c.role is not None or c.head.lemma in seen.setdefault(id(c.entity), set()):
            continue
        if id(c.entity) in ruled_people and (
                c.score < EXTRA or "plur" in c.head.tag or _verb_between(doc, c)):
            continue  # the rules read this person's posts whole (titles, owners, one office once)
        if c.head.i in ruled and id(ruled[c.head.i].role) not in moved | vetoed:
            continue  # the rules gave this noun to another, who keeps it («адвокат Петрова Иван Котов»)
        seen[id(c.entity)].add(c.head.lemma)
        out.setdefault(id(c.entity), (c.entity, []))[1].append(new_role(doc, c, idx))
    return out


def rerank(doc: Doc, m: Model | None = None) -> None:
    """The plug-in point, called once at the end of the roles stage: re-decides the PER
    entities' roles from the candidates (a no-op without shipped weights)."""
    m = m or (None if _off.get() else model())
    if m is None:
        return
    idx = _Index(doc)
    cands, untouched = candidates(doc, idx)
    if not cands:
        return
    featurize(doc, cands, idx)
    for e, roles in decide(doc, idx, cands, untouched, m).values():
        e.roles[:] = roles
