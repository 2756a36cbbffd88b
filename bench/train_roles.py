"""`make train`: the roles ranker (src/svodka/roles_rank.py) trained on the factRuEval-2016
devset's Occupation facts (MIT), written to src/svodka/weights/roles_rank.json.

    python -m bench.train_roles [--data DIR] [--out FILE] [--cv-only]

Every (PER mention, post-like noun) candidate of a text is labelled by the Occupation fact it
makes: the mention is one of the fact's Who and the noun's phrase agrees with its Position (as
bench/tasks.py scores it). A logistic regression (scikit-learn, liblinear, fixed C) is fitted on
standardised features; the weights are written as plain numbers, so that inference needs numpy
only and the same data give the same file. Out of fold: 5-fold cross-validation by document
(texts sorted by name, fold = position mod 5) gives the Occupation F1 of the whole stage,
proposals and choice, as bench scores it; the threshold is chosen on those folds too.
NEREL and SlavicNER are never read here (evaluation only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from . import corpora, tasks
from .run import SHARED

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "svodka" / "weights" / "roles_rank.json"
C = 0.03
FOLDS = 5
THRESHOLDS = [round(x, 2) for x in np.arange(0.2, 0.71, 0.05)]


def parse_args(argv=None):
    ap = argparse.ArgumentParser(prog="python -m bench.train_roles", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--c", type=float, default=C, help=f"inverse regularisation (default {C})")
    ap.add_argument("--cv-only", action="store_true", help="report the cross-validation, write nothing")
    return ap.parse_args(argv)


def prepare(data: Path):
    """Per text: the Doc (with the rules' proposals only), its index, candidates, features, labels."""
    import svodka
    from svodka import roles_rank as rr

    docs = corpora.read_factru(data / "factRuEval-2016" / "devset")
    nlp = svodka.default_pipeline()
    out = []
    with rr.disabled():
        parsed = list(nlp.pipe([{"id": d.id, "text": d.text} for d in docs]))
    for g, doc in zip(docs, parsed):
        idx = rr._Index(doc)
        cands, untouched = rr.candidates(doc, idx)
        rr.featurize(doc, cands, idx)
        gold = [f for f in g.extra["facts"] if f["type"] == "Occupation"]
        y = []
        for c in cands:
            r = c.role or rr.new_role(doc, c, idx)
            p = {"who": [(c.mention.start, c.mention.stop)], "pos": (r.start, r.stop), "title": r.title}
            y.append(any(tasks._occupation_ok(f, p) for f in gold))
        out.append((g, doc, idx, cands, untouched, np.array(y, dtype=bool)))
    return out


def fit(X: np.ndarray, y: np.ndarray, c: float, threshold: float):
    from sklearn.linear_model import LogisticRegression

    from svodka.roles_rank import Model

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    lr.fit((X - mean) / scale, y)
    return Model(mean, scale, lr.coef_[0], float(lr.intercept_[0]), threshold)


def record(doc, roles_by_entity: dict | None) -> dict:
    """The parts of a record that bench's Occupation scoring reads."""
    ents = []
    for k, e in enumerate(doc.entities):
        roles = roles_by_entity[id(e)][1] if roles_by_entity is not None and id(e) in roles_by_entity \
            else e.roles
        ents.append({"id": f"e{k}", "type": e.type,
                     "mentions": [{"start": m.start, "stop": m.stop} for m in e.mentions],
                     "roles": [{"start": r.start, "stop": r.stop, "title": r.title} for r in roles]})
    return {"entities": ents}


def occupation(items, decided: list[dict | None]) -> dict:
    golds = [it[0] for it in items]
    recs = [record(it[1], d) for it, d in zip(items, decided)]
    return tasks.factru_facts(golds, recs)["Occupation"]


def cross_validate(items, c: float, log) -> tuple[float, dict]:
    from svodka import roles_rank as rr

    folds = [k % FOLDS for k in range(len(items))]
    per_t: dict[float, list] = {t: [None] * len(items) for t in THRESHOLDS}
    for f in range(FOLDS):
        train = [it for it, k in zip(items, folds) if k != f and len(it[3])]
        X = np.concatenate([np.stack([c_.features for c_ in it[3]]) for it in train])
        y = np.concatenate([it[5] for it in train])
        m = fit(X, y, c, 0.5)
        for i, (it, k) in enumerate(zip(items, folds)):
            if k != f:
                continue
            g, doc, idx, cands, untouched, _ = it
            for t in THRESHOLDS:
                mt = rr.Model(m.mean, m.scale, m.coef, m.intercept, t)
                per_t[t][i] = rr.decide(doc, idx, cands, untouched, mt) if cands else None
    res = {t: occupation(items, d) for t, d in per_t.items()}
    for t, r in res.items():
        log(f"  C={c} threshold {t:.2f}: Occupation P {r['p']:.3f} R {r['r']:.3f} F1 {r['f1']:.3f}")
    best = max(THRESHOLDS, key=lambda t: (res[t]["f1"], -abs(t - 0.5)))
    return best, res[best]


def main(argv=None) -> dict:
    a = parse_args(argv)
    log = lambda *x: print(*x, file=sys.stderr, flush=True)  # noqa: E731
    from svodka import roles_rank as rr

    items = prepare(a.data)
    y = np.concatenate([it[5] for it in items])
    log(f"train_roles: {len(items)} texts, {len(y)} candidates, {int(y.sum())} positive")
    base = occupation(items, [None] * len(items))
    log(f"rules alone: Occupation P {base['p']:.3f} R {base['r']:.3f} F1 {base['f1']:.3f}")
    threshold, cv = cross_validate(items, a.c, log)
    log(f"5-fold by document, C={a.c}, threshold {threshold}: Occupation F1 {cv['f1']:.3f} "
        f"(P {cv['p']:.3f}, R {cv['r']:.3f})")
    out = {"rules": base, "cv": cv, "threshold": threshold, "C": a.c}
    if a.cv_only:
        return out
    X = np.concatenate([np.stack([c.features for c in it[3]]) for it in items if len(it[3])])
    m = fit(X, y, a.c, threshold)
    weights = {
        "about": "roles ranker (svodka/roles_rank.py): logistic regression on the factRuEval-2016 devset "
                 "Occupation facts; rebuilt by `make train` (bench/train_roles.py)",
        "cv_occupation": cv,
        "C": a.c,
        "features": rr.feature_names(),
        "vector_dim": int(X.shape[1] - len(rr.feature_names())),
        "threshold": threshold,
        "intercept": round(m.intercept, 6),
        "mean": [round(float(v), 6) for v in m.mean],
        "scale": [round(float(v), 6) for v in m.scale],
        "coef": [round(float(v), 6) for v in m.coef],
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(weights, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"train_roles: wrote {a.out}")
    return out


if __name__ == "__main__":
    main()
