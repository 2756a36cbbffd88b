"""The pipeline: a Doc passes through the stages in order, each adding one layer.

    nlp = Pipeline()
    doc = nlp("Премьер-министр Казахстана Олжас Бектенов ...")
    for doc in nlp.pipe(texts): ...
    for doc in nlp.pipe(texts, n_process=2): ...   # worker processes, output in input order

Stages that call a neural model (ner, syntax) work on whole batches so that the model sees
many sentences at once; the others go document by document.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from .doc import Doc, Meta
from .stages import STAGES, Stage

DEFAULT_STAGES = (
    "segment",    # razdel: sentences, tokens
    "morph",      # pymorphy3: lemmas, tags
    "ner",        # slovnet NER + lexicon matches: name mentions
    "syntax",     # slovnet syntax, on the sentences that the fact stages read
    "entities",   # mentions grouped into entities, names in the nominative, ISO links
    "cast",       # who is who: pronouns, descriptors, the body and country in focus
    "bodies",     # organisations' countries; generic bodies («правительство») by country
    "references", # places named by an adjective («российских», «болгарской»)
    "roles",      # posts of persons
    "affiliations",  # work and membership stated without a post («работал в компании X»)
    "times",      # dates, periods, deadlines
    "figures",    # money, counts, percents, measures
    "quotes",     # direct speech and its speaker
    "statements", # statement events: who said, noted, stressed what
    "events",     # visits, talks, agreements
    "commitments",  # what is to be done, by when, by whom; reports that it was done
    "topics",     # sector codes
)

# Texts longer than this are processed in sections, so that memory stays bounded by the
# section, not the text; the sections' layers are merged into one document afterwards.
SECTION_CHARS = 200_000

# Documents run through the stages together by default (in one process, or per task of a
# worker process). The models then see more sentences per call, and a word's first-layer
# products are worked out once per batch, not once per 32 documents (fastcnn.products_shared).
# 300 NEREL articles in one process: 32 → 128 documents, ~8 % less CPU time for ~18 MB more
# memory; 1000 with two worker processes: 5.2 → 4.9 s. Larger batches gained nothing sure.
BATCH_SIZE = 128

# While a batch runs, the collector's youngest generation is collected after this many new
# container objects rather than Python's 700. The stages make many small objects that live
# until the batch ends (tokens, parses, candidates), so at 700 the collector runs ~4 times
# per document, walks the same survivors again and again, and now and then the models'
# vocabularies too: 15-20 % of the pipeline's CPU time on news texts. Reference counting
# frees most objects at once either way; only cycles wait for a collection.
BATCH_GC_THRESHOLD = 10_000


class Pipeline:
    def __init__(self, stages: Iterable[str] = DEFAULT_STAGES, *, section_chars: int = SECTION_CHARS):
        self.stage_names = tuple(stages)
        unknown = [s for s in self.stage_names if s not in STAGES]
        if unknown:
            raise ValueError(f"unknown stages: {', '.join(unknown)}; known: {', '.join(STAGES)}")
        self.stages: list[Stage] = [STAGES[name]() for name in self.stage_names]
        self.section_chars = section_chars
        self._workers = None  # parallel.Workers, for pipe(..., n_process=N)

    def __repr__(self) -> str:
        return f"Pipeline({', '.join(self.stage_names)})"

    def workers(self, n_process: int, start: str = "spawn"):
        """The pipeline's pool of worker processes (started on first use, kept until close());
        start="fork" shares the models loaded in this process (single-threaded callers only)."""
        from .parallel import Workers, workers_for

        n = workers_for(n_process)
        if self._workers is not None and self._workers.n != n:
            self.close()
        if self._workers is None:
            self._workers = Workers(self.stage_names, self.section_chars, n, start)
            self._finalizer = weakref.finalize(self, self._workers.terminate)
        return self._workers

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._workers is not None:
            self._finalizer.detach()
            self._workers.close()
            self._workers = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def make_doc(self, item: str | Doc | dict) -> Doc:
        if isinstance(item, Doc):
            return item
        if isinstance(item, str):
            return Doc(item)
        if isinstance(item, dict):
            if not isinstance(item.get("text"), str):
                raise ValueError("a document needs a 'text' string")
            meta = Meta(**{k: item.get(k) for k in ("title", "published", "source", "url")})
            return Doc(item["text"], id=None if item.get("id") is None else str(item["id"]), meta=meta)
        raise TypeError(f"cannot make a document from {type(item).__name__}")

    def __call__(self, item: str | Doc | dict, *, id: str | None = None, published: str | None = None) -> Doc:
        doc = self.make_doc(item)
        if id is not None:
            doc.id = str(id)
        if published is not None:
            doc.meta.published = published
        return next(self.pipe([doc], batch_size=1))

    def pipe(self, items: Iterable[str | Doc | dict], batch_size: int | None = None,
             n_process: int = 1) -> Iterator[Doc]:
        """Docs for the items, in order, `batch_size` documents at a time (default BATCH_SIZE).
        n_process > 1 runs the batches in that many worker processes (0: one per core); see
        parallel.py."""
        if n_process != 1:
            for _, doc in self.workers(n_process).map(items, batch_size or BATCH_SIZE, safe=False):
                yield doc
            return
        it = iter(items)
        while batch := list(islice(it, max(1, batch_size or BATCH_SIZE))):
            docs = [self.make_doc(x) for x in batch]
            small = [d for d in docs if len(d.text) <= self.section_chars]
            # fewer collector passes over a batch's many small objects; not for a long text's
            # sections, whose garbage must go section by section to keep memory bounded
            with fewer_collections():
                self._run(small)
            for d in docs:
                if len(d.text) > self.section_chars:
                    self._run_sectioned(d)
            yield from docs

    def _run(self, docs: list[Doc]) -> None:
        if not docs:
            return
        for stage in self.stages:
            stage.batch(docs)

    def _run_sectioned(self, doc: Doc) -> None:
        from .sections import layers_only, merge_sections, split_sections

        parts = []
        for offset, chunk in split_sections(doc.text, self.section_chars):
            part = Doc(chunk, id=doc.id, meta=doc.meta)
            self._run([part])
            # keep only the layers; tokens and text of a finished section are dropped here
            parts.append((offset, layers_only(part)))
            del part
        merge_sections(doc, parts)

    def pipe_safe(self, items: Iterable[dict | str], batch_size: int | None = None,
                  n_process: int = 1) -> Iterator[tuple[object, Doc | Exception]]:
        """Like pipe, but a document that fails yields (item, exception) and the rest go on.

        A batch that raises is re-run one document at a time to find the culprit. In worker
        processes (n_process != 1) the exception is a parallel.DocumentError naming the document.
        """
        if n_process != 1:
            yield from self.workers(n_process).map(items, batch_size or BATCH_SIZE, safe=True)
            return
        it = iter(items)
        while batch := list(islice(it, max(1, batch_size or BATCH_SIZE))):
            try:
                docs = list(self.pipe(batch, batch_size=len(batch)))
            except Exception:
                for item in batch:
                    try:
                        yield item, next(self.pipe([item], batch_size=1))
                    except Exception as e:  # noqa: BLE001 - reported per document
                        yield item, e
                continue
            yield from zip(batch, docs)


@contextmanager
def fewer_collections(threshold: int = BATCH_GC_THRESHOLD):
    """The garbage collector's first threshold raised to `threshold` inside the block, and put
    back after it (left alone where it is already that high: a caller's own setting, or a
    block running in another thread)."""
    old = gc.get_threshold()
    if old[0] == 0 or old[0] >= threshold:
        yield
        return
    gc.set_threshold(threshold, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
