"""Documents of one unit: dicts as `svodka extract` reads them, or Failures naming the input.

JSON Lines are decoded line by line as `svodka extract` does (same ids, same errors), so that
batch records equal extract's; Parquet rows take the same columns (id, text, published, title,
source, url).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import InputError
from ..inputs import Failure, decode_bytes
from ..inputs.readers import META, as_document
from .units import REFUSED, Unit, filesystem

COLUMNS = ("id", "text", *META)
BLOCK = 1 << 20


def lines_in_range(f, start: int, stop: int) -> Iterator[tuple[int, bytes]]:
    """(offset, line) of the lines whose first byte lies in [start, stop); stop < 0: to the end.

    Reading starts one byte early: a line starts at `start` only if the byte before it is a
    newline; otherwise the piece up to the first newline belongs to the previous range.
    """
    at = max(start - 1, 0)
    if at:
        f.seek(at)
    skip = start > 0
    pending = b""
    while True:
        chunk = f.read(BLOCK)
        pieces = (pending + chunk).split(b"\n")
        pending = pieces.pop()
        for piece in pieces:
            if skip:
                skip = False
            elif 0 <= stop <= at:
                return
            else:
                yield at, piece
            at += len(piece) + 1
        if not chunk:
            if pending and not skip and not 0 <= stop <= at:
                yield at, pending
            return


def read_unit(unit: Unit) -> Iterator[dict | Failure]:
    if unit.fmt in REFUSED:
        yield Failure(unit.uri, REFUSED[unit.fmt])
        return
    fs, path = filesystem(unit.uri)
    if unit.fmt == "parquet":
        yield from _parquet(fs, path, unit)
    else:
        yield from _jsonl(fs, path, unit)


def _where(unit: Unit, offset: int, n: int) -> str:
    # line numbers are exact for a whole file; a range names the byte offset of the line
    return f"{unit.uri}:{n}" if unit.whole else f"{unit.uri}@{offset}"


def _jsonl(fs, path: str, unit: Unit) -> Iterator[dict | Failure]:
    if unit.stop < 0:
        f = fs.open_input_stream(path, compression="detect")
    else:
        f = fs.open_input_file(path)
    with f:
        for n, (offset, raw) in enumerate(lines_in_range(f, unit.start, unit.stop), 1):
            where = _where(unit, offset, n)
            try:
                line = decode_bytes(raw, where)
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(where, f"malformed JSON ({e.msg} at column {e.colno})") from None
                yield as_document(obj, where)
            except InputError as e:
                yield Failure(e.where, e.message)


def _parquet(fs, path: str, unit: Unit) -> Iterator[dict | Failure]:
    import pyarrow.parquet as pq

    with fs.open_input_file(path) as f:
        pf = pq.ParquetFile(f)
        cols = [c for c in COLUMNS if c in pf.schema_arrow.names]
        if "text" not in cols:
            yield Failure(unit.uri, "a Parquet input needs a 'text' column")
            return
        row = sum(pf.metadata.row_group(g).num_rows for g in range(unit.start))
        for g in range(unit.start, unit.stop):
            for obj in pf.read_row_group(g, columns=cols).to_pylist():
                row += 1
                try:
                    yield as_document(obj, f"{unit.uri}#row{row}")
                except InputError as e:
                    yield Failure(e.where, e.message)
