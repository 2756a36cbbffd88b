"""The work of one unit, and the Ray actor that does it.

An actor loads the pipeline once, in its constructor, and then takes units one at a time:
reads the unit's documents, runs `Pipeline.pipe_safe` over them (a failing document is
recorded in `errors` and the rest go on), writes the unit's five Parquet files and, last,
its manifest entry.

Test hook: when the driver's environment has SVODKA_BATCH_FAIL_ON=STRING, the actors'
pipeline gets one more stage that raises on a document whose text contains STRING, so that
tests can watch a real pipeline failure travel through pipe_safe into `errors`.
"""

from __future__ import annotations

import copy
import json
import os
import time

from ..doc import Doc, text_id
from ..inputs import Failure
from ..stages import Stage
from . import flatten
from .output import OutDir
from .read import read_unit
from .units import Unit

FAIL_ENV = "SVODKA_BATCH_FAIL_ON"


class FailOn(Stage):
    """The test hook's stage (see the module docstring)."""

    name = "fail_on"

    def __init__(self, marker: str):
        self.marker = marker

    def __call__(self, doc: Doc) -> None:
        if self.marker in doc.text:
            raise RuntimeError(f"{FAIL_ENV}: the text contains {self.marker!r}")


def pipeline(fail_on: str | None = None):
    from .. import default_pipeline

    nlp = default_pipeline()
    if fail_on:
        nlp = copy.copy(nlp)
        nlp.stages = [*nlp.stages, FailOn(fail_on)]
    return nlp


def process_unit(unit: Unit, nlp, out: OutDir, *, batch_size: int = 32) -> dict:
    """Do one unit: outputs, then the manifest entry. Returns the entry."""
    t0, c0 = time.perf_counter(), time.process_time()
    errors: list[dict] = []
    records: list[dict] = []
    flat: dict[str, list[dict]] = {"entities": [], "figures": [], "events": []}
    chars = 0

    def docs():
        for x in read_unit(unit):
            if isinstance(x, Failure):
                errors.append({"id": x.where, "reason": x.message, "source": x.where})
            else:
                yield x

    for item, result in nlp.pipe_safe(docs(), batch_size=batch_size):
        if isinstance(result, Exception):
            doc_id = item.get("id") or text_id(item["text"])
            errors.append({"id": doc_id, "reason": f"extraction failed: {result!r}", "source": unit.uri})
            continue
        rec = result.record().to_dict()
        chars += len(rec["text"])
        records.append({"id": rec["id"], "record": json.dumps(rec, ensure_ascii=False)})
        for name, rows in flatten.rows(rec).items():
            flat[name].extend(rows)

    out.write_table("records", unit.key, records)
    for name, rows in flat.items():
        out.write_table(name, unit.key, rows)
    out.write_table("errors", unit.key, errors)
    info = {
        "key": unit.key,
        "path": unit.uri,
        "fmt": unit.fmt,
        "start": unit.start,
        "stop": unit.stop,
        "docs": len(records),
        "errors": len(errors),
        "chars": chars,
        "seconds": round(time.perf_counter() - t0, 3),
        # CPU time of the worker: on a shared machine, what the unit cost regardless of waiting
        "cpu_seconds": round(time.process_time() - c0, 3),
        "worker": os.getpid(),
        "finished": time.time(),
    }
    out.mark_done(unit.key, info)
    return info


class Extractor:
    """The map_batches callable class: one instance per actor, models loaded once."""

    def __init__(self, out: str, batch_size: int = 32, fail_on: str | None = None):
        self.nlp = pipeline(fail_on)
        self.out = OutDir(out)
        self.batch_size = batch_size
        # load the models now, not in the first unit's timing
        next(self.nlp.pipe(["Москва."], batch_size=1))

    def __call__(self, batch: dict) -> dict:
        cols = list(batch)
        infos = []
        for values in zip(*(batch[c] for c in cols)):
            row = dict(zip(cols, values))
            unit = Unit(str(row["path"]), str(row["uri"]), str(row["fmt"]), int(row["start"]),
                        int(row["stop"]), bool(row["whole"]))
            infos.append(process_unit(unit, self.nlp, self.out, batch_size=self.batch_size))
        keys = ("key", "path", "docs", "errors", "chars", "seconds", "cpu_seconds", "worker")
        return {k: [i[k] for i in infos] for k in keys}
