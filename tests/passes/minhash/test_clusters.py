import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.passes.minhash.clusters import choose_canonical, union_find


def test_union_find_joins_chains_and_names_each_cluster_by_its_lowest_member():
    a = np.array([5, 3, 7, 1, 9])
    b = np.array([3, 1, 8, 5, 9])
    roots = union_find(10, a, b)
    assert roots.tolist() == [0, 1, 2, 1, 4, 1, 6, 7, 7, 9]
    order = np.random.default_rng(0).permutation(len(a))
    assert np.array_equal(union_find(10, b[order], a[order]), roots)


def test_union_find_on_a_long_chain():
    n = 10_000
    roots = union_find(n, np.arange(n - 1)[::-1], np.arange(1, n)[::-1])
    assert set(roots.tolist()) == {0}


def test_one_canonical_per_cluster_by_the_documented_rule(tmp_path):
    docs = pa.table({
        "id": ["a", "b", "c", "d", "e", "f"],
        "published": [None, "2024-06-05", "2024-06-04", "2024-06-04", "2024-06-04", None],
        "completeness": [5, 5, 2, 4, 4, 1],
        "length": [900, 900, 100, 100, 300, 50],
    })
    roots = np.array([0, 0, 0, 0, 0, 5])  # f is alone
    kind = np.array([1, 2, 0, 0, 255, 255], np.uint8)  # e has no link of its own: the others reached it
    dup_of, sizes = choose_canonical(roots, docs, kind, tmp_path / "links.parquet")
    assert sizes == {"e": 5}  # earliest date, then the most complete, then the longest
    assert dup_of == {"a": "e", "b": "e", "c": "e", "d": "e"}
    saved = pq.read_table(tmp_path / "links.parquet").to_pylist()
    assert {r["id"]: (r["dup_of"], r["cluster_size"], r["dup_kind"]) for r in saved} == {
        "a": ("e", 5, 1), "b": ("e", 5, 2), "c": ("e", 5, 0), "d": ("e", 5, 0), "e": (None, 5, None)}
