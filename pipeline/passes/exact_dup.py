"""Exact duplicates on a normalised key: the same article syndicated verbatim.

The key folds what outlets change when they copy a story (Unicode forms, case,
whitespace, punctuation, censorship masks), so two copies that differ only
there share it. The pass reads only the few columns it needs from the work
shards and links every copy to one canonical row, chosen by a documented rule
that does not depend on input order or worker count.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import xxhash

_FOLD = re.compile(r"[\W_]+")


def exact_key(text: str, mask_token: str) -> str:
    folded = unicodedata.normalize("NFKC", text.replace(mask_token, " ")).casefold()
    return xxhash.xxh3_64_hexdigest(_FOLD.sub(" ", folded).strip().encode("utf-8", "surrogatepass"))


def canonical_order(published: str | None, completeness: int, length: int, doc_id: str) -> tuple:
    """Sort key: earliest published first (undated last), then most complete metadata, longest text, id."""
    return (published is None, published or "", -completeness, -length, doc_id)


def find_exact_duplicates(shards: list[Path]) -> tuple[dict[str, str], dict[str, int]]:
    """(dup_of for every non-canonical id, cluster size for every canonical id with copies)."""
    groups: dict[str, list[tuple]] = defaultdict(list)
    columns = ["id", "exact_key", "published", "title", "source", "url", "authors", "quality"]
    for shard in shards:
        table = pq.read_table(shard, columns=columns)
        data = table.to_pydict()
        for i, key in enumerate(data["exact_key"]):
            completeness = sum(
                bool(data[c][i]) for c in ("title", "source", "url", "published", "authors")
            )
            groups[key].append(canonical_order(data["published"][i], completeness, int(data["quality"][i]["chars"]), data["id"][i]))
    dup_of: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort()
        canonical = members[0][-1]
        sizes[canonical] = len(members)
        for m in members[1:]:
            dup_of[m[-1]] = canonical
    return dup_of, sizes
