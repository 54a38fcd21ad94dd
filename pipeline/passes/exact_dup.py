"""Exact duplicates on a normalised key, and the rule that picks a cluster's canonical row.

The key folds what outlets change when they copy a story (Unicode forms, case,
whitespace, punctuation, censorship masks), so two copies that differ only
there share it. It is computed per document in the task (stored in the
task's signature file, see `minhash.signatures`); the dedup pass links every
group of equal keys, together with the near-duplicate links, to one canonical
row chosen by a rule that does not depend on input order or worker count.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from pipeline.document import Document

def fold(text: str, mask_token: str) -> str:
    """Text as copies of one story share it: masks gone, compatibility forms unified, case folded."""
    return unicodedata.normalize("NFKC", text.replace(mask_token, " ")).casefold()


def exact_key(tokens: list[str]) -> str | None:
    """Key of the words of the folded text (`words(fold(text))`), so spacing and punctuation do not count.

    None when there is no word (empty texts are not copies of each other).
    """
    return joined_key(" ".join(tokens))


def joined_key(joined: str) -> str | None:
    """`exact_key` of the words already joined by single spaces."""
    return xxhash.xxh3_64_hexdigest(joined.encode("utf-8", "surrogatepass")) if joined else None


def completeness(doc: Document) -> int:
    """How many of the metadata fields a reader values are filled in."""
    return sum(bool(v) for v in (doc.title, doc.source, doc.url, doc.published, doc.authors))


def canonical_order(published: str | None, completeness: int, length: int, doc_id: str) -> tuple:
    """Sort key: earliest published first (undated last), then most complete metadata, longest text, id."""
    return (published is None, published or "", -completeness, -length, doc_id)


def exact_edges(keys: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Links (first, other) between documents numbered 0..n-1 that share a non-null key.

    Every member of a group is linked to the group's lowest number, so the
    links do not depend on the order documents were read in.
    """
    codes = pc.dictionary_encode(keys).indices.to_numpy(zero_copy_only=False)
    valid = np.flatnonzero(keys.is_valid().to_numpy(zero_copy_only=False))
    codes = codes[valid]
    order = np.lexsort((valid, codes))  # by key, then by number
    codes, docs = codes[order], valid[order]
    first = np.r_[True, codes[1:] != codes[:-1]] if len(codes) else np.zeros(0, bool)
    leader = docs[first][np.cumsum(first) - 1]
    return leader[~first], docs[~first]
