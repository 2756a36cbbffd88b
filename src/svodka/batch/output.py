"""The output folder of a batch job, on any pyarrow filesystem.

    DIR/records/KEY.parquet    id, record (JSON): one row per document
    DIR/entities/KEY.parquet   flattened layers (see flatten.py)
    DIR/figures/KEY.parquet
    DIR/events/KEY.parquet
    DIR/errors/KEY.parquet     id, reason, source: documents that failed
    DIR/_manifest/KEY.json     written last: the unit KEY is complete

A unit's files are written under temporary names and moved into place; its manifest entry
is written after all of them. A unit without a manifest entry is not done, whatever files it
left: the next run does it again under the same names. Readers that must not see a crashed
unit's leftovers read through `done()` (as `svodka load` does); folders and temporary names
start with '_' or '.' so that Parquet readers (pyarrow, Spark, DuckDB globs on *.parquet)
skip them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

from .flatten import DATASETS, schema
from .units import filesystem

MANIFEST = "_manifest"


class OutDir:
    def __init__(self, uri: str):
        self.uri = uri
        self.fs, self.root = filesystem(uri)
        self.root = self.root.rstrip("/")

    def path(self, *parts: str) -> str:
        return "/".join((self.root, *parts))

    def prepare(self) -> None:
        for d in (*DATASETS, MANIFEST):
            self.fs.create_dir(self.path(d), recursive=True)

    def _put(self, final: str, write) -> None:
        folder, name = final.rsplit("/", 1)
        tmp = f"{folder}/.{name}.{uuid.uuid4().hex[:8]}.tmp"
        write(tmp)
        self.fs.move(tmp, final)  # a rename on local disks and HDFS

    def write_table(self, dataset: str, key: str, rows: list[dict]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(rows, schema=schema(dataset))
        self._put(self.path(dataset, f"{key}.parquet"),
                  lambda tmp: pq.write_table(table, tmp, filesystem=self.fs, compression="zstd"))

    def mark_done(self, key: str, info: dict) -> None:
        data = json.dumps(info, ensure_ascii=False).encode()

        def write(tmp):
            with self.fs.open_output_stream(tmp) as f:
                f.write(data)

        self._put(self.path(MANIFEST, f"{key}.json"), write)

    def done(self) -> dict[str, dict]:
        """Manifest entries of the complete units, by key."""
        from pyarrow import fs as pafs

        sel = pafs.FileSelector(self.path(MANIFEST), allow_not_found=True)
        out = {}
        for info in self.fs.get_file_info(sel):
            name = info.base_name
            if info.type == pafs.FileType.File and name.endswith(".json") and not name.startswith("."):
                with self.fs.open_input_stream(info.path) as f:
                    out[name[:-5]] = json.loads(f.read())
        return out

    def read(self, dataset: str, keys: list[str] | None = None) -> Iterator[dict]:
        """Rows of a dataset, of the complete units only (all of them when keys is None)."""
        import pyarrow.parquet as pq

        for key in sorted(self.done() if keys is None else keys):
            with self.fs.open_input_file(self.path(dataset, f"{key}.parquet")) as f:
                pf = pq.ParquetFile(f)
                for g in range(pf.num_row_groups):
                    yield from pf.read_row_group(g).to_pylist()
