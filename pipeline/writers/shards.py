"""Final Parquet shards in the Hugging Face layout: data/<lang>/<split>-0000i-of-0000N.parquet.

Rows are streamed from the work shards in task order (so the result does not
depend on how many workers made them), the corpus-level links are applied,
and each language is cut into shards of at most `rows_per_shard` rows. Every
shard is written under a temporary name (which `*.parquet` patterns do not
match) and renamed only when all are complete; shards of an earlier build that
the new one does not replace are removed last. So `load_dataset` never sees
half a file, and a build killed while writing leaves the previous corpus.

Rows arrive a work-shard row group at a time, spread over every language, so
each language's rows are gathered into row groups of about `ROW_GROUP_BYTES`
before they are written: a row group per incoming batch would give a language
that fills one row in a hundred a file of hundreds of tiny row groups, a footer
of megabytes that every reader parses, and a writer that holds every row
group's metadata until the file is closed. `BUFFER_BYTES` caps what all the
languages hold together. Which rows go in which row group depends only on the
order of the rows, so the bytes do not depend on the workers.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.document import SCHEMA

#: Rows gathered for one language and split before they are written as a row group (in memory, uncompressed).
ROW_GROUP_BYTES = 16 * 2**20
#: Rows all languages may gather together; beyond this the largest gathering is written first.
BUFFER_BYTES = 64 * 2**20


def shard_path(lang: str, split: str, index: int, total: int) -> str:
    return f"data/{lang}/{split}-{index:05d}-of-{total:05d}.parquet"


class ShardWriter:
    """Writes one split of one language, cutting it into a known number of shards of whole row groups."""

    def __init__(self, out_dir: Path, lang: str, split: str, total_rows: int, rows_per_shard: int) -> None:
        self.out_dir, self.lang, self.split = out_dir, lang, split
        self.rows_per_shard = rows_per_shard
        self.total = max(1, math.ceil(total_rows / rows_per_shard))
        self.index = 0
        self.rows_in_shard = 0
        self.writer: pq.ParquetWriter | None = None
        self.written: list[str] = []
        self.pending: list[pa.Table] = []  # rows of the current shard not yet written
        self.pending_bytes = 0

    def write(self, table: pa.Table) -> None:
        while table.num_rows:
            take = min(table.num_rows, self.rows_per_shard - self.rows_in_shard)
            self.pending.append(table.slice(0, take))
            self.pending_bytes += self.pending[-1].nbytes
            self.rows_in_shard += take
            table = table.slice(take)
            if self.rows_in_shard >= self.rows_per_shard:
                self._close()
            elif self.pending_bytes >= ROW_GROUP_BYTES:
                self.flush()

    def flush(self) -> None:
        """Write the gathered rows as one row group."""
        if not self.pending:
            return
        if self.writer is None:
            self._open()
        rows = pa.concat_tables(self.pending)
        self.writer.write_table(rows, row_group_size=rows.num_rows)
        self.pending, self.pending_bytes = [], 0

    def _open(self) -> None:
        rel = shard_path(self.lang, self.split, self.index, self.total)
        path = self.out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = pq.ParquetWriter(path.with_name(path.name + ".tmp"), SCHEMA, compression="zstd")
        self.written.append(rel)

    def _close(self) -> None:
        self.flush()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.index += 1
            self.rows_in_shard = 0

    def close(self) -> None:
        self._close()


def write_shards(
    out_dir: Path,
    batches: Iterator[pa.Table],
    counts: Counter[tuple[str, str]],
    rows_per_shard: int,
    transform: Callable[[pa.Table], pa.Table],
) -> dict[tuple[str, str], list[str]]:
    """Write every (lang, split) of `counts` from `batches`; returns the shard paths written."""
    writers = {
        key: ShardWriter(out_dir, key[0], key[1], n, rows_per_shard) for key, n in sorted(counts.items()) if n
    }
    try:
        for batch in batches:
            table = transform(batch)
            for (lang, split), writer in writers.items():
                mask = pc.and_(pc.equal(table["lang"], lang), pc.equal(table["split"], split))
                part = table.filter(mask)
                if part.num_rows:
                    writer.write(part.select(SCHEMA.names).cast(SCHEMA))
            while sum(w.pending_bytes for w in writers.values()) > BUFFER_BYTES:
                max(writers.values(), key=lambda w: w.pending_bytes).flush()
    finally:
        for writer in writers.values():
            writer.close()
    written = {key: w.written for key, w in writers.items()}
    final = {rel for rels in written.values() for rel in rels}
    for rel in sorted(final):
        path = out_dir / rel
        os.replace(path.with_name(path.name + ".tmp"), path)
    for stale in sorted((out_dir / "data").glob("**/*.parquet*")):
        if stale.relative_to(out_dir).as_posix() not in final:
            stale.unlink()
    for folder in sorted((out_dir / "data").glob("*/"), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return written
