"""Work units: the input files of a batch job, cut into fragments that are done (or not) whole.

INPUT is a file, a folder (searched recursively), or a glob, as a local path or any URL that
pyarrow's filesystems understand (s3://, gs://, hdfs://, file://). A JSON Lines file is cut
into byte ranges of about `chunk_bytes` (a line belongs to the range its first byte is in); a
Parquet file into runs of row groups; a compressed JSON Lines file is one unit. Each unit has
a stable key, so the outputs of a unit have the same names on every run: re-doing a unit that
a crash left unfinished overwrites its files instead of adding duplicates. Inputs are assumed
not to change between runs.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from dataclasses import asdict, dataclass

JSONL = (".jsonl", ".ndjson", ".json")
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


def expand(uri: str) -> list[tuple[str, str]]:
    """(file URI, filesystem path) of every input file that INPUT names, sorted."""
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
    else:
        info = fs.get_file_info(base)
        if info.type == pafs.FileType.NotFound:
            raise FileNotFoundError(uri)
        if info.type == pafs.FileType.Directory:
            infos = fs.get_file_info(pafs.FileSelector(base, recursive=True))
            paths = [i.path for i in infos if i.type == pafs.FileType.File and input_format(i.path)]
        else:
            paths = [base]
    return [(prefix + p if prefix else p, p) for p in sorted(paths)]


def plan(uri: str, *, chunk_bytes: int = CHUNK_BYTES) -> list[Unit]:
    """The units of INPUT, in a stable order."""
    units: list[Unit] = []
    for file_uri, path in expand(uri):
        fmt = input_format(path)
        if fmt is None:
            raise ValueError(f"{file_uri}: not JSON Lines (.jsonl, .ndjson) or Parquet (.parquet)")
        fs, _ = filesystem(file_uri)
        if fmt == "parquet":
            units += _parquet_units(fs, path, file_uri, chunk_bytes)
        elif path.lower().endswith(COMPRESSED):
            units.append(Unit(path, file_uri, fmt, 0, -1, True))
        else:
            size = fs.get_file_info(path).size or 0
            cuts = list(range(0, size, chunk_bytes)) + [size]
            if len(cuts) == 1:  # an empty file: one empty unit, so that it is marked done
                cuts = [0, 0]
            for a, b in zip(cuts, cuts[1:]):
                units.append(Unit(path, file_uri, fmt, a, b, len(cuts) == 2))
    return units


def _parquet_units(fs, path: str, uri: str, chunk_bytes: int) -> list[Unit]:
    import pyarrow.parquet as pq

    with fs.open_input_file(path) as f:
        meta = pq.ParquetFile(f).metadata
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
