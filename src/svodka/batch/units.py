"""Work units: the input files of a batch job, cut into fragments that are done (or not) whole.

INPUT is a file, a folder (searched recursively), or a glob, as a local path or any URL that
pyarrow's filesystems understand (s3://, gs://, hdfs://, file://). A JSON Lines file is cut
into byte ranges of about `chunk_bytes` (a line belongs to the range its first byte is in); a
Parquet file into runs of row groups; a compressed JSON Lines file is one unit. Each unit has
a stable key, so the outputs of a unit have the same names on every run: re-doing a unit that
a crash left unfinished overwrites its files instead of adding duplicates. Inputs are assumed
not to change between runs.

A file that cannot be read as its name says (binary bytes in a .jsonl, a .parquet that is not
Parquet) is one unit that reports it once, by name, in `errors`; a file in a folder or glob that
is neither format is left out, and named in the plan's `ignored` list.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from dataclasses import asdict, dataclass

JSONL = (".jsonl", ".ndjson", ".json")
# the formats of a unit that is refused whole, and what its one error says
REFUSED = {
    "binary": "looks like a binary file, not JSON Lines text",
    "not-parquet": "not a readable Parquet file",
}
SNIFF_BYTES = 8192
PARQUET = (".parquet", ".pq")
COMPRESSED = (".gz", ".bz2", ".zst", ".lz4")
CHUNK_BYTES = 32 * 1024 * 1024
GLOB = set("*?[")


@dataclass(frozen=True)
class Unit:
    path: str  # filesystem path (no scheme); `uri` rebuilds the filesystem
    uri: str  # the input as given, to open its filesystem in a worker
    fmt: str  # "jsonl" or "parquet"
    start: int  # jsonl: byte offset; parquet: first row group
    stop: int  # exclusive; -1: to the end (compressed jsonl)
    whole: bool  # the unit is the whole file

    @property
    def key(self) -> str:
        return hashlib.sha1(f"{self.path}|{self.fmt}|{self.start}|{self.stop}".encode()).hexdigest()[:20]

    def to_row(self) -> dict:
        return {**asdict(self), "key": self.key}

    @classmethod
    def from_row(cls, row: dict) -> Unit:
        return cls(**{k: row[k] for k in ("path", "uri", "fmt", "start", "stop", "whole")})


def filesystem(uri: str):
    """(pyarrow filesystem, path) for a local path or a URL."""
    from pyarrow import fs

    if "://" not in uri:
        uri = os.path.abspath(uri)
    return fs.FileSystem.from_uri(uri)


def input_format(path: str) -> str | None:
    p = path.lower()
    for c in COMPRESSED:
        if p.endswith(c):
            p = p[: -len(c)]
            break
    if p.endswith(PARQUET):
        return "parquet"
    if p.endswith(JSONL):
        return "jsonl"
    return None


def _scheme_prefix(uri: str) -> str:
    # `s3://bucket/x/*.jsonl` -> the part before the filesystem path, to rebuild per-file URIs
    return uri.split("://", 1)[0] + "://" if "://" in uri else ""


def expand(uri: str) -> tuple[list[tuple[str, str]], bool]:
    """(file URI, filesystem path) of every file that INPUT names, sorted; and whether INPUT
    named one file itself (not through a folder or a glob)."""
    from pyarrow import fs as pafs

    prefix = _scheme_prefix(uri)
    parts = uri.split("/")
    cut = next((i for i, part in enumerate(parts) if GLOB & set(part)), None)
    base_uri = "/".join(parts[:cut]) if cut is not None else uri
    fs, base = filesystem(base_uri or ".")
    if cut is not None:
        pattern = base.rstrip("/") + "/" + "/".join(parts[cut:])
        infos = fs.get_file_info(pafs.FileSelector(base, recursive="**" in pattern or cut < len(parts) - 1))
        paths = [i.path for i in infos if i.type == pafs.FileType.File and fnmatch.fnmatch(i.path, pattern)]
        single = False
    else:
        info = fs.get_file_info(base)
        if info.type == pafs.FileType.NotFound:
            raise FileNotFoundError(uri)
        single = info.type != pafs.FileType.Directory
        if single:
            paths = [base]
        else:
            infos = fs.get_file_info(pafs.FileSelector(base, recursive=True))
            paths = [i.path for i in infos if i.type == pafs.FileType.File]
    return [(prefix + p if prefix else p, p) for p in sorted(paths)], single


def plan(uri: str, *, chunk_bytes: int = CHUNK_BYTES) -> list[Unit]:
    """The units of INPUT, in a stable order."""
    return plan_input(uri, chunk_bytes=chunk_bytes)[0]


def plan_input(uri: str, *, chunk_bytes: int = CHUNK_BYTES) -> tuple[list[Unit], list[str]]:
    """(the units of INPUT in a stable order, the files of a folder or glob left out)."""
    units: list[Unit] = []
    ignored: list[str] = []
    files, single = expand(uri)
    for file_uri, path in files:
        fmt = input_format(path)
        if fmt is None:
            if single:
                raise ValueError(f"{file_uri}: not JSON Lines (.jsonl, .ndjson) or Parquet (.parquet)")
            if not os.path.basename(path).startswith((".", "_")):  # hidden files and our own
                ignored.append(file_uri)
            continue
        fs, _ = filesystem(file_uri)
        if fmt == "parquet":
            units += _parquet_units(fs, path, file_uri, chunk_bytes)
        elif _looks_binary(fs, path):
            units.append(Unit(path, file_uri, "binary", 0, -1, True))
        elif path.lower().endswith(COMPRESSED):
            units.append(Unit(path, file_uri, fmt, 0, -1, True))
        else:
            size = fs.get_file_info(path).size or 0
            cuts = list(range(0, size, chunk_bytes)) + [size]
            if len(cuts) == 1:  # an empty file: one empty unit, so that it is marked done
                cuts = [0, 0]
            for a, b in zip(cuts, cuts[1:]):
                units.append(Unit(path, file_uri, fmt, a, b, len(cuts) == 2))
    return units, ignored


def _looks_binary(fs, path: str) -> bool:
    """The head of a JSON Lines file (decompressed) is not text: the file is refused whole,
    rather than line by line in every unit it would be cut into."""
    from ..inputs.decode import looks_binary

    try:
        with fs.open_input_stream(path, compression="detect") as f:
            return looks_binary(f.read(SNIFF_BYTES))
    except (OSError, ValueError):  # a .gz that is not gzip
        return True


def _parquet_units(fs, path: str, uri: str, chunk_bytes: int) -> list[Unit]:
    import pyarrow.parquet as pq

    try:
        with fs.open_input_file(path) as f:
            meta = pq.ParquetFile(f).metadata
    except (OSError, ValueError):  # pyarrow's ArrowInvalid is a ValueError
        return [Unit(path, uri, "not-parquet", 0, 0, True)]
    n = meta.num_row_groups
    runs, first, size = [], 0, 0
    for g in range(n):
        size += meta.row_group(g).total_byte_size
        if size >= chunk_bytes:
            runs.append((first, g + 1))
            first, size = g + 1, 0
    if first < n or not runs:
        runs.append((first, n))
    return [Unit(path, uri, "parquet", a, b, len(runs) == 1) for a, b in runs]
