"""The systems compared, behind one interface: each turns texts into svodka-shaped records.

A system's `load()` imports its library and builds its models; `warm()` runs one short text
(svodka and Natasha load some models lazily, so init time includes that first call);
`run(items)` yields, per {"id", "text"} item, a record dict (the subset of svodka record v1
the system can fill) or the exception it raised. The benchmark never aborts on a text.

Records of the other systems use the same keys as svodka's, so one set of metrics serves
all; a mention may carry `normal` (its own nominative form) where the system gives one.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator


def _record(item: dict, entities=(), **layers) -> dict:
    rec = {
        "schema": "svodka/1",
        "id": item["id"],
        "text": item["text"],
        "entities": list(entities),
        "figures": [],
        "times": [],
        "quotes": [],
        "events": [],
        "topics": [],
    }
    rec.update(layers)
    return rec


def _group_mentions(spans: list[tuple[int, int, str, str]], normals: bool = True) -> list[dict]:
    """(start, stop, type, normal) spans -> entities, one per (type, normal form); with
    `normals`, each mention keeps its own normal form."""
    by_key: dict[tuple[str, str], dict] = {}
    for start, stop, kind, normal in sorted(spans):
        e = by_key.get((kind, normal.lower()))
        if e is None:
            e = by_key[(kind, normal.lower())] = {
                "id": f"e{len(by_key) + 1}",
                "type": kind,
                "name": normal,
                "link": None,
                "mentions": [],
                "roles": [],
            }
        e["mentions"].append({"start": start, "stop": stop, **({"normal": normal} if normals else {})})
    return list(by_key.values())


class System:
    name = "system"
    label = "system"

    def load(self) -> None:
        raise NotImplementedError

    def warm(self) -> None:
        for _ in self.run([{"id": "warm", "text": "Премьер-министр России Михаил Мишустин посетил Минск."}]):
            pass

    def run(self, items: Iterable[dict]) -> Iterator[dict | Exception]:
        for item in items:
            try:
                yield self.one(item)
            except Exception as e:  # noqa: BLE001 - counted as a failure of this text
                yield e

    def one(self, item: dict) -> dict:
        raise NotImplementedError


class Svodka(System):
    """svodka's full pipeline, through its public API."""

    name, label = "svodka", "svodka (full pipeline)"

    def load(self) -> None:
        import svodka

        self.nlp = svodka.Pipeline()
        self.stage_cpu: dict[str, float] = {}
        # CPU time per stage, to show where the time goes (read-only wrapping of each stage)
        for name, stage in zip(getattr(self.nlp, "stage_names", ()), getattr(self.nlp, "stages", ())):
            stage.batch = self._timed(name, stage.batch)

    def _timed(self, name, fn):
        def batch(docs):
            t = time.process_time()
            try:
                return fn(docs)
            finally:
                self.stage_cpu[name] = self.stage_cpu.get(name, 0.0) + time.process_time() - t

        return batch

    def profile(self) -> dict[str, float]:
        return {k: round(v, 3) for k, v in self.stage_cpu.items()}

    def warm(self) -> None:
        super().warm()
        self.stage_cpu.clear()

    def run(self, items):
        items = list(items)
        for _item, res in self.nlp.pipe_safe(items):  # the default batch, as a user runs it
            if isinstance(res, Exception):
                yield res
                continue
            try:
                yield res.record().to_dict()
            except Exception as e:  # noqa: BLE001
                yield e


class NatashaFull(System):
    """Natasha's full pipeline: segment, morph, syntax, NER, lemmas, normal forms of spans."""

    name, label = "natasha", "Natasha (full pipeline)"

    def load(self) -> None:
        from .compat import patch_pymorphy2

        patch_pymorphy2()
        import natasha as n

        emb = n.NewsEmbedding()
        self.n, self.segmenter, self.vocab = n, n.Segmenter(), n.MorphVocab()
        self.morph, self.syntax, self.ner = (
            n.NewsMorphTagger(emb),
            n.NewsSyntaxParser(emb),
            n.NewsNERTagger(emb),
        )

    def one(self, item):
        doc = self.n.Doc(item["text"])
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph)
        doc.parse_syntax(self.syntax)
        doc.tag_ner(self.ner)
        for t in doc.tokens:
            t.lemmatize(self.vocab)
        for s in doc.spans:
            s.normalize(self.vocab)
        return _record(
            item, _group_mentions([(s.start, s.stop, s.type, s.normal or s.text) for s in doc.spans])
        )


class NatashaNER(System):
    """Natasha's NER alone: segment and the slovnet NER tagger, no normal forms."""

    name, label = "natasha_ner", "Natasha (NER only)"

    def load(self) -> None:
        from .compat import patch_pymorphy2

        patch_pymorphy2()  # natasha imports pymorphy2
        import natasha as n

        self.n, self.segmenter, self.ner = n, n.Segmenter(), n.NewsNERTagger(n.NewsEmbedding())

    def one(self, item):
        doc = self.n.Doc(item["text"])
        doc.segment(self.segmenter)
        doc.tag_ner(self.ner)
        return _record(
            item, _group_mentions([(s.start, s.stop, s.type, s.text) for s in doc.spans], normals=False)
        )


PULLENTI_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "GEO": "LOC", "STREET": "LOC", "ADDRESS": "LOC"}
STRIP = "\"'”«„ʼ»“ʻ()- \t\n\u00a0"


def pullenti_mentions(text: str, occurrences: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Flat mention spans from Pullenti's nested occurrences, as naeval adapts them.

    A person's occurrence covers its post («министр ... Сергей Лавров»), an organisation's the
    country after it («МИД Японии»): each stretch of text goes to the innermost occurrence that
    covers it, so the person keeps only the name and the ministry only «МИД». Quotes, brackets,
    dashes and spaces are stripped from the ends.
    """
    cuts = sorted({x for a, b, _ in occurrences for x in (a, b)})
    pieces: list[tuple[int, int, int]] = []  # (start, stop, index of the innermost occurrence)
    for a, b in zip(cuts, cuts[1:]):
        cover = [(oc[1] - oc[0], i) for i, oc in enumerate(occurrences) if oc[0] <= a and b <= oc[1]]
        if cover:
            pieces.append((a, b, min(cover)[1]))
    merged: list[list[int]] = []
    for a, b, i in pieces:
        if merged and merged[-1][2] == i and merged[-1][1] == a:
            merged[-1][1] = b
        else:
            merged.append([a, b, i])
    out = []
    for a, b, i in merged:
        chunk = text[a:b]
        word = chunk.strip(STRIP)
        if word:
            start = a + chunk.find(word)
            out.append((start, start + len(word), occurrences[i][2]))
    return out


def _pretty(name: str) -> str:
    """Pullenti writes names in capitals: «ГАЗПРОМ» -> «Газпром», abbreviations kept."""
    if len(name) <= 5 or not name.isupper():
        return name
    return name[:1] + name[1:].lower()


class Pullenti(System):
    """Pullenti (pure-Python SDK): persons, organisations, places, posts, dates, money."""

    name, label = "pullenti", "Pullenti"

    def load(self) -> None:
        from pullenti.morph.MorphLang import MorphLang
        from pullenti.ner.ProcessorService import ProcessorService
        from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis
        from pullenti.Sdk import Sdk

        Sdk.initialize(MorphLang.RU)
        self.source = SourceOfAnalysis
        self.proc = ProcessorService.create_processor()

    def name_of(self, r) -> str:
        kind = r.type_name
        if kind == "PERSON":
            return str(r)
        if kind == "GEO":
            words = str(r).split()
            while len(words) > 1 and words[0].islower():
                words.pop(0)  # «город Москва» -> «Москва»
            return " ".join(words)
        names = [str(s.value) for s in r.slots if s.type_name == "NAME"]
        return _pretty(names[0]) if names else str(r)

    def one(self, item):
        text = item["text"]
        result = self.proc.process(self.source(text))
        occ = [(o.begin_char, o.end_char + 1, r) for r in result.entities for o in r.occurrence]
        entities: dict[int, dict] = {}
        for start, stop, r in pullenti_mentions(text, occ):
            kind = PULLENTI_TYPES.get(r.type_name)
            if kind is None:
                continue
            e = entities.get(id(r))
            if e is None:
                alpha2 = r.get_string_value("ALPHA2") if r.type_name == "GEO" else None
                e = entities[id(r)] = {
                    "id": f"e{len(entities) + 1}",
                    "type": kind,
                    "name": self.name_of(r),
                    "link": f"iso:{alpha2}" if alpha2 else None,
                    "mentions": [],
                    "roles": [],
                    "_r": r,
                }
            e["mentions"].append({"start": start, "stop": stop})
        by_ref = {id(e["_r"]): e for e in entities.values()}
        for e in entities.values():
            r = e.pop("_r")
            for s in r.slots:
                if s.type_name != "ATTRIBUTE" or getattr(s.value, "type_name", "") != "PERSONPROPERTY":
                    continue
                prop = s.value
                title = prop.get_string_value("NAME")
                ref = prop.get_slot_value("REF")
                first = min(((o.begin_char, o.end_char + 1) for o in prop.occurrence), default=None)
                if title and first:
                    of = by_ref.get(id(ref))
                    e["roles"].append(
                        {"title": title, "of": of["id"] if of else None, "start": first[0], "stop": first[1]}
                    )
        return _record(item, entities.values(), times=self._times(result, occ), figures=self._money(occ))

    @staticmethod
    def _iso(d) -> str | None:
        parts = [
            f"{d.year:04d}" if d.year else None,
            f"{d.month:02d}" if d.month else None,
            f"{d.day:02d}" if d.day else None,
        ]
        if not parts[0]:
            return None
        return "-".join(p for p in parts if p)

    def _times(self, result, occ):
        spans = [(a, b, r) for a, b, r in occ if r.type_name in ("DATE", "DATERANGE")]
        out = []
        for a, b, r in spans:
            if any(a2 <= a and b <= b2 and (b2 - a2) > (b - a) for a2, b2, _ in spans):
                continue  # nested inside a larger date: only the outermost counts
            if r.type_name == "DATE":
                value, kind = self._iso(r), "date"
            else:
                lo, hi = r.get_slot_value("FROM"), r.get_slot_value("TO")
                value, kind = {"from": lo and self._iso(lo), "to": hi and self._iso(hi)}, "period"
            if value:
                out.append({"id": f"t{len(out) + 1}", "kind": kind, "start": a, "stop": b, "value": value})
        return out

    @staticmethod
    def _money(occ):
        out = []
        for a, b, r in occ:
            if r.type_name == "MONEY":
                try:
                    value = float(r.get_string_value("VALUE"))
                except (TypeError, ValueError):
                    continue
                out.append(
                    {
                        "id": f"f{len(out) + 1}",
                        "kind": "money",
                        "start": a,
                        "stop": b,
                        "value": value,
                        "unit": r.get_string_value("CURRENCY"),
                        "item": None,
                        "approx": None,
                        "total": None,
                        "time": None,
                    }
                )
        return out


SYSTEMS: dict[str, type[System]] = {s.name: s for s in (Svodka, NatashaFull, NatashaNER, Pullenti)}
