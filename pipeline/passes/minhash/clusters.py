"""Stage 5: clusters by union-find over all links, then one canonical row per cluster.

Union-find runs in bulk over arrays: every link hooks the larger of its two
roots under the smaller, then paths are compressed until each document points
at its root, repeated until no link joins two roots. The root of a cluster is
its lowest document number, so clusters do not depend on link order. Memory
is one integer per document plus the links.

The canonical row is chosen by `exact_dup.canonical_order` (earliest
published, most complete metadata, longest text, id); every other member
points at it with `dup_of`, and it carries the cluster size. A member's link
kind is that of the strongest link it has (exact, then near, then contained):
in a cluster joined through several copies it says how this row was found,
not how it compares with the canonical row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.passes.exact_dup import canonical_order


def union_find(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Root (lowest member) of each of documents 0..n-1 once every link (a[i], b[i]) is joined."""
    parent = np.arange(n, dtype=np.int64)
    a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
    while len(a):
        ra, rb = parent[a], parent[b]
        apart = ra != rb
        a, b, ra, rb = a[apart], b[apart], ra[apart], rb[apart]
        if not len(a):
            break
        np.minimum.at(parent, np.maximum(ra, rb), np.minimum(ra, rb))
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    return parent


def strongest_kind(n: int, a: np.ndarray, b: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Lowest (strongest) kind among the links of each document; 255 for a document with none."""
    out = np.full(n, 255, np.uint8)
    np.minimum.at(out, a, kind)
    np.minimum.at(out, b, kind)
    return out


def choose_canonical(roots: np.ndarray, docs: pa.Table, kind: np.ndarray,
                     out_path: Path) -> tuple[dict[str, str], dict[str, int]]:
    """(dup_of for every non-canonical member, cluster size for every canonical row); saved as `links.parquet`."""
    sizes = np.bincount(roots, minlength=len(roots))
    members = np.flatnonzero(sizes[roots] >= 2)
    members = members[np.argsort(roots[members], kind="stable")]
    picked = docs.take(pa.array(members)).select(["id", "published", "completeness", "length"]).to_pydict()
    dup_of: dict[str, str] = {}
    cluster_size: dict[str, int] = {}
    bounds = np.flatnonzero(np.r_[True, np.diff(roots[members]) != 0, True]) if len(members) else np.zeros(1, int)
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        keys = [canonical_order(picked["published"][i], picked["completeness"][i], picked["length"][i],
                                picked["id"][i]) for i in range(lo, hi)]
        canonical = min(keys)[-1]
        cluster_size[canonical] = int(hi - lo)
        for k in keys:
            if k[-1] != canonical:
                dup_of[k[-1]] = canonical
    ids = sorted(dup_of) + sorted(cluster_size)
    kind_of = dict(zip(picked["id"], kind[members].tolist()))
    pq.write_table(pa.table({
        "id": pa.array(ids, pa.string()),
        "dup_of": pa.array([dup_of.get(i) for i in ids], pa.string()),
        "dup_kind": pa.array([int(kind_of[i]) if i in dup_of else None for i in ids], pa.uint8()),
        "cluster_size": pa.array([cluster_size[dup_of.get(i, i)] for i in ids], pa.int32()),
    }), out_path)
    return dup_of, cluster_size
