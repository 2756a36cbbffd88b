"""Precision, recall and F1 counters and the span comparisons the tasks share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from razdel import tokenize


@dataclass
class PRF:
    """Counts for P/R/F1. Matching may be asymmetric (one prediction can match several gold
    items), so the matched counts of each side are kept apart."""

    pred: int = 0
    pred_ok: int = 0
    gold: int = 0
    gold_ok: int = 0

    def add(self, other: PRF) -> PRF:
        self.pred += other.pred
        self.pred_ok += other.pred_ok
        self.gold += other.gold
        self.gold_ok += other.gold_ok
        return self

    @property
    def p(self) -> float:
        return self.pred_ok / self.pred if self.pred else 0.0

    @property
    def r(self) -> float:
        return self.gold_ok / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "p": round(self.p, 4),
            "r": round(self.r, 4),
            "f1": round(self.f1, 4),
            "gold": self.gold,
            "pred": self.pred,
        }


def overlap(a: Sequence[int], b: Sequence[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def any_overlap(xs: Iterable[Sequence[int]], ys: Iterable[Sequence[int]]) -> bool:
    ys = list(ys)
    return any(overlap(x, y) for x in xs for y in ys)


def match(gold: list, pred: list, ok: Callable[[object, object], bool]) -> PRF:
    """A gold item is found when some prediction matches it; a prediction is right when it
    matches some gold item."""
    hits = [[ok(g, p) for p in pred] for g in gold]
    return PRF(
        pred=len(pred),
        pred_ok=sum(any(h[j] for h in hits) for j in range(len(pred))),
        gold=len(gold),
        gold_ok=sum(any(h) for h in hits),
    )


def span_prf(gold: Iterable[tuple], pred: Iterable[tuple], types: Sequence[str]) -> dict[str, PRF]:
    """Strict span F1 per type: a mention is right when start, stop and type all agree."""
    gold, pred = set(gold), set(pred)
    out = {}
    for t in types:
        g = {x for x in gold if x[2] == t}
        p = {x for x in pred if x[2] == t}
        out[t] = PRF(pred=len(p), pred_ok=len(p & g), gold=len(g), gold_ok=len(p & g))
    return out


def token_prf(
    text: str, gold: Iterable[tuple], pred: Iterable[tuple], types: Sequence[str]
) -> dict[str, PRF]:
    """naeval's token-level F1: razdel tokens are tagged with the type of the span they lie
    in, and precision and recall are counted over tagged tokens, per type."""
    tokens = [(t.start, t.stop) for t in tokenize(text)]
    out = {}
    for t in types:
        g = _tagged(tokens, [x for x in gold if x[2] == t])
        p = _tagged(tokens, [x for x in pred if x[2] == t])
        out[t] = PRF(pred=len(p), pred_ok=len(p & g), gold=len(g), gold_ok=len(p & g))
    return out


def _tagged(tokens: list[tuple[int, int]], spans: list[tuple]) -> set[int]:
    out = set()
    for s in spans:
        for i, (a, b) in enumerate(tokens):
            if s[0] <= a and b <= s[1]:
                out.add(i)
    return out


def total(prfs: dict[str, PRF]) -> PRF:
    """Micro-average over types."""
    out = PRF()
    for v in prfs.values():
        out.add(v)
    return out
