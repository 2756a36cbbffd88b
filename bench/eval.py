"""`make eval`: every layer on every set in one table, svodka beside Pullenti where Pullenti has
the layer -> docs/quality.md (and the numbers in bench/quality.json).

    python -m bench.eval [--subset N] [--systems svodka,pullenti] [--md F] [--json F]

The public corpora (factRuEval-2016 devset, NEREL dev, SlavicNER) and the shared gold records
(seed + dev) go through the benchmark run (bench/run.py): svodka on every text, Pullenti only on
the timed subset (`--subset` texts per corpus; it reads ~1k chars/s), so its column is scored on
fewer texts than svodka's, and the table says on how many. Beside those:
- the quote gold (shared gold/quotes: detected and attributed F1, tools/score_quotes.py);
- the held-out articles (tests/heldout: own texts kept apart from the development sets),
  scored with tools/score.py like the shared gold;
- cross-document linking on NEREL dev, when bench/crossdoc.py exists: its
  `evaluate(nerel_dir) -> {group: {p, r, f1}}` is called and each group becomes a row.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

from . import corpora, run, tasks

ROOT = run.ROOT
SHARED = run.SHARED
HELDOUT = ROOT / "tests" / "heldout" / "gold"
HELDOUT2 = ROOT / "tests" / "heldout2" / "gold"  # the second set, written after the first was tuned on
SUBSET = "svodka_subset"  # svodka scored on the texts Pullenti reads
NAMES = {"svodka": "svodka", SUBSET: "svodka on Pullenti's texts", "pullenti": "Pullenti", "natasha": "Natasha"}
# layers a system does not produce: shown as a dash, not as a zero (fact_score averages every
# layer, so it is given only for svodka)
LACKS = {
    "pullenti": {"quotes", "events", "event_args", "topics", "fact_score", "Meeting", "Deal", "founders (FOUNDED_BY)"},
    "natasha": {"roles", "figures", "figures.approx", "figures.total", "times", "quotes", "events", "event_args",
                "topics", "fact_score", "Occupation", "Meeting", "Deal", "roles (WORKS_AS)", "workplaces",
                "founders (FOUNDED_BY)", "dates", "country links", "links"},
}


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench.eval", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "data")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--score", type=Path, default=SHARED / "tools" / "score.py")
    ap.add_argument("--heldout", type=Path, default=HELDOUT, help="held-out gold records")
    ap.add_argument("--heldout2", type=Path, default=HELDOUT2, help="the second held-out set")
    ap.add_argument("--systems", default="svodka,pullenti", help="comma-separated, svodka first")
    ap.add_argument("--subset", type=int, default=10, help="texts per corpus Pullenti reads (default 10)")
    ap.add_argument("--slavic-limit", type=int, default=150, help="SlavicNER texts (default 150; -1: all)")
    ap.add_argument("--limit", type=int, default=None, help="at most N texts per corpus (quick runs)")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--no-cv", action="store_true", help="skip the roles ranker's cross-validation")
    ap.add_argument("--md", type=Path, default=None, help="write the table here (Markdown)")
    ap.add_argument("--json", type=Path, default=None, help="write the numbers here")
    return ap.parse_args(argv)


def _run(system: str, items: list[dict], timeout: float) -> dict[str, dict]:
    """One worker process over `items`; id -> record (an empty one for a failure)."""
    if not items:
        return {}
    with tempfile.TemporaryDirectory(prefix="svodka-eval-") as tmp:
        tmp = Path(tmp)
        path = tmp / "items.jsonl"
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        res = run.run_system(system, path, tmp, timeout)
    if "error" in res:
        raise SystemExit(f"eval: {system} failed: {res['error']}")
    return {i["id"]: r or {"id": i["id"]} for i, r in zip(items, res["records"])}


def _score_quotes():
    path = SHARED / "tools" / "score_quotes.py"
    spec = importlib.util.spec_from_file_location("svodka_score_quotes", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def local_sets(a: argparse.Namespace, systems: list[str], log) -> dict:
    """The quote gold and the held-out articles: {set: {system: scores}}."""
    out: dict = {}
    sq = _score_quotes()
    quotes = sq.load_gold(str(a.gold / "quotes" / "sketches"), str(a.data))
    sets = {key: [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
            for key, folder in (("heldout", a.heldout), ("heldout2", a.heldout2)) if folder.is_dir()}
    if a.limit is not None:
        quotes = corpora.pick(quotes, a.limit)
        sets = {k: corpora.pick(v, a.limit) for k, v in sets.items()}
    items = [{"id": "q:" + g["id"], "text": g["text"]} for g in quotes]
    for key, held in sets.items():
        items += [{"id": f"{key}:{g['id']}", "text": g["text"],
                   "published": (g.get("meta") or {}).get("published")} for g in held]
    log(f"eval: svodka on the quote gold ({len(quotes)}) and the held-out articles "
        f"({', '.join(str(len(v)) for v in sets.values())}) ...")
    recs = _run("svodka", items, a.timeout)
    preds = {g["id"]: {**recs["q:" + g["id"]], "id": g["id"]} for g in quotes}
    res, _ = sq.score(quotes, preds)
    out["quotes"] = {"svodka": res, "docs": {"svodka": len(quotes)}}
    for key, held in sets.items():
        docs = [corpora.GoldDoc(key, str(g["id"]), g["text"], extra={"record": g}) for g in held]
        out[key] = {"docs": {}}
        for system in systems:
            own = recs  # svodka's records of these texts were made above, with the quote gold's
            if system != "svodka":
                log(f"eval: {system} on the held-out articles ({key}) ...")
                try:
                    own = _run(system, [{"id": f"{key}:{d.id}", "text": d.text} for d in docs], a.timeout)
                except SystemExit as e:  # a system that is not installed or fails is left out
                    log(str(e))
                    continue
            rs = [{**own[f"{key}:{d.id}"], "id": d.id} for d in docs]
            out[key][system] = tasks.gold_records(docs, rs, a.score)
            out[key]["docs"][system] = len(docs)
    return out


def crossdoc(a: argparse.Namespace, log) -> dict | None:
    """The cross-document linking score, where bench/crossdoc.py exists (see the module doc)."""
    try:
        mod = importlib.import_module("bench.crossdoc")
    except ModuleNotFoundError:
        return None
    fn = getattr(mod, "evaluate", None)
    if fn is None:
        log("eval: bench/crossdoc.py has no evaluate(); cross-document linking left out")
        return None
    log("eval: cross-document linking on NEREL dev ...")
    return fn(a.data / "NEREL" / "dev")


# --- the table -----------------------------------------------------------------------------


def _f1(x) -> float | None:
    if isinstance(x, dict):
        return x.get("f1", x.get("accuracy"))
    return x


def subset_scores(bench: dict, args: argparse.Namespace, records: Path, score_py: Path) -> None:
    """svodka's scores on the timed subset, the texts Pullenti reads, added to the bench
    results as the system SUBSET: the like-for-like comparison."""
    docs = run.load_corpora(args)
    sub = {k: corpora.pick(v, args.subset) for k, v in docs.items()}
    path = records / "svodka.jsonl"
    recs = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    ids = {d.id for v in sub.values() for d in v}
    q = run.score(sub, {"svodka": {i: r for i, r in recs.items() if i in ids}}, score_py)
    for task, by_system in q.items():
        if "svodka" in by_system:
            bench["quality"].setdefault(task, {})[SUBSET] = by_system["svodka"]
    bench["systems_scored"] = [SUBSET]


def ranker_cv(a: argparse.Namespace, log) -> dict | None:
    """The roles ranker is trained on the factRuEval devset, so its Occupation score there is
    in-sample; this is the honest one: 5-fold cross-validation by document (bench/train_roles.py)."""
    if a.no_cv:
        return None
    from . import train_roles

    log("eval: the roles ranker's 5-fold cross-validation on factRuEval ...")
    return train_roles.main(["--data", str(a.data), "--cv-only"])


def rows(bench: dict, local: dict, xdoc: dict | None, cv: dict | None = None) -> list[tuple[str, str, str, dict, dict]]:
    """(set, layer, measure, {system: value}, {system: docs}) for every layer on every set."""
    q = bench.get("quality", {})
    corp = bench.get("corpora", {})
    out = []

    def docs_of(corpus: str, systems) -> dict:
        n = corp.get(corpus, {}).get("docs")
        timed = bench.get("timed", {}).get("per_corpus")
        return {s: (min(n or 0, timed) if (s in run.SUBSET_ONLY or s == SUBSET) and timed else n) for s in systems}

    fr, ff = q.get("factru_ner", {}), q.get("factru_facts", {})
    for t in ("PER", "ORG", "LOC", "all"):
        vals = {s: v["strict"][t]["f1"] for s, v in fr.items()}
        out.append(("factRuEval-2016 devset", f"ner {t}", "strict F1", vals, docs_of("factru", vals)))
    for t in ("Occupation", "Meeting", "Deal"):
        vals = {s: v[t]["f1"] for s, v in ff.items()}
        measure = "fact F1 (in-sample: the roles ranker is trained here)" if t == "Occupation" else "fact F1"
        out.append(("factRuEval-2016 devset", t, measure, vals, docs_of("factru", vals)))
        if t == "Occupation" and cv:
            out.append(("factRuEval-2016 devset", t, "fact F1, 5-fold by document (out of fold)",
                        {"svodka": cv["cv"]["f1"]}, {"svodka": corp.get("factru", {}).get("docs")}))
    ne = q.get("nerel", {})
    for t in ("PER", "ORG", "LOC", "all"):
        vals = {s: v["ner"]["strict"][t]["f1"] for s, v in ne.items()}
        out.append(("NEREL dev", f"ner {t}", "strict F1", vals, docs_of("nerel", vals)))
    for layer, key in (("roles (WORKS_AS)", "roles"), ("workplaces", "workplaces"),
                       ("founders (FOUNDED_BY)", "founders"), ("dates", "dates"),
                       ("figures", "figures"), ("country links", "country_links")):
        vals = {s: _f1(v[key].get("all", v[key]) if key == "figures" else v[key]) for s, v in ne.items() if key in v}
        out.append(("NEREL dev", layer, "F1", vals, docs_of("nerel", vals)))
    sl = q.get("slavic", {})
    for t in ("PER", "ORG", "LOC", "all"):
        vals = {s: v["strict"][t]["f1"] for s, v in sl.items()}
        out.append(("SlavicNER", f"ner {t}", "strict F1", vals, docs_of("slavic", vals)))
    vals = {s: v["normal"]["all"]["accuracy"] for s, v in sl.items()}
    out.append(("SlavicNER", "name normalisation", "accuracy", vals, docs_of("slavic", vals)))

    def gold_rows(name: str, res: dict, ndocs: dict) -> None:
        cats = sorted({c for v in res.values() for c in v if c != "fact_score" and isinstance(v[c], dict)})
        for c in cats:
            vals = {s: v[c]["f1"] for s, v in res.items() if c in v}
            out.append((name, c, "F1", vals, {s: ndocs.get(s) for s in vals}))
        vals = {s: v["fact_score"] for s, v in res.items() if "fact_score" in v}
        out.append((name, "fact_score", "mean F1", vals, {s: ndocs.get(s) for s in vals}))

    if "gold" in q:
        gold_rows("shared gold (seed + dev)", q["gold"], docs_of("gold", q["gold"]))
    if "quotes" in local:
        v = local["quotes"]["svodka"]
        for k in ("detected", "attributed"):
            out.append(("quote gold", f"quotes {k}", "F1", {"svodka": v[k]["f1"]}, local["quotes"]["docs"]))
    for key, name in (("heldout", "held-out articles"), ("heldout2", "held-out articles 2")):
        if key in local:
            h = {s: v for s, v in local[key].items() if s != "docs"}
            gold_rows(name, h, local[key]["docs"])
    if xdoc:
        for group, v in xdoc.items():
            if isinstance(v, dict) and "f1" in v:
                out.append(("NEREL dev", f"cross-document linking {group}", "pairwise F1",
                            {"svodka": v["f1"]}, {"svodka": corp.get("nerel", {}).get("docs")}))
    return out


def markdown(table: list, systems: list[str], meta: dict) -> str:
    head = "| set | layer | measure | " + " | ".join(NAMES.get(s, s) for s in systems) + " | texts |"
    lines = [
        "# Quality: every layer on every set",
        "",
        f"`make eval` ({meta['command']}), {meta['started']}, {meta['seconds']:.0f} s on "
        f"{meta['machine']['cores']} cores ({meta['machine']['cpu']}).",
        "",
        "svodka reads every text of each set. Pullenti reads ~1k chars/s, so it is scored only on "
        f"the timed subset ({meta['subset']} texts per corpus, spread evenly; all of the held-out "
        "articles); «svodka on Pullenti's texts» scores svodka on that same subset, the like-for-like "
        "comparison. The last column gives the number of texts behind each column. "
        "A dash: the system has no such layer. Held-out articles (tests/heldout, tests/heldout2) are "
        "own texts kept apart from the development sets; the first set's topic and event errors were "
        "looked at once, so «held-out articles 2» (written and annotated later, never tuned on) is the "
        "clean check; the shared gold and the quote gold are development sets. "
        "The roles ranker is trained on the factRuEval-2016 devset (four of the shared gold's dev texts "
        "come from it): its Occupation score there is in-sample, the out-of-fold one is given beside it.",
        "",
        head,
        "|" + "---|" * (len(systems) + 4),
    ]
    for set_, layer, measure, vals, docs in table:
        lacks = [s for s in systems if layer in LACKS.get(s, ())]
        cells = [("–" if vals.get(s) is None or s in lacks else f"{vals[s]:.3f}") for s in systems]
        n = " / ".join(str(docs[s]) for s in systems if docs.get(s) is not None)
        lines.append(f"| {set_} | {layer} | {measure} | " + " | ".join(cells) + f" | {n} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> dict:
    a = parse_args(argv)
    log = lambda *x: print(*x, file=sys.stderr, flush=True)  # noqa: E731
    t0 = time.time()
    systems = [s for s in a.systems.split(",") if s]
    if systems[:1] != ["svodka"]:
        raise SystemExit("--systems: svodka first")
    bench_argv = ["--data", str(a.data), "--gold", str(a.gold), "--score", str(a.score), "--quiet",
                  "--systems", ",".join(systems), "--subset", str(a.subset),
                  "--slavic-limit", str(a.slavic_limit), "--timeout", str(a.timeout)]
    if a.limit is not None:
        bench_argv += ["--limit", str(a.limit)]
    log("eval: the benchmark run (factRuEval, NEREL dev, SlavicNER, shared gold) ...")
    with tempfile.TemporaryDirectory(prefix="svodka-eval-") as tmp:
        bench = run.main([*bench_argv, "--records", tmp])
        if any(s in run.SUBSET_ONLY and s not in bench["errors"] for s in systems):
            subset_scores(bench, run.parse_args(bench_argv), Path(tmp), a.score)
    local = local_sets(a, systems, log)
    if SUBSET in bench.get("systems_scored", ()):
        for k in ("heldout", "heldout2"):  # Pullenti reads all of these
            if k not in local:
                continue
            local[k][SUBSET] = local[k]["svodka"]
            local[k]["docs"][SUBSET] = local[k]["docs"]["svodka"]
        systems = [systems[0], SUBSET, *systems[1:]]
    xdoc = crossdoc(a, log)
    cv = ranker_cv(a, log)
    table = rows(bench, local, xdoc, cv)
    meta = {"command": "python -m bench.eval " + " ".join(argv if argv is not None else sys.argv[1:]),
            "started": bench["started"], "machine": bench["machine"], "subset": a.subset,
            "seconds": time.time() - t0}
    md = markdown(table, systems, meta)
    print(md)
    if a.md:
        a.md.parent.mkdir(parents=True, exist_ok=True)
        a.md.write_text(md, encoding="utf-8")
    out = {"meta": meta, "bench": bench, "local": local, "crossdoc": xdoc, "ranker_cv": cv,
           "table": [list(r) for r in table]}
    if a.json:
        a.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
