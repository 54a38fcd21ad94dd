import numpy as np
import pytest

from pipeline.passes.minhash.buckets import _Verified, band_keys, candidate_pairs, shared_buckets
from pipeline.passes.minhash.params import MinHashParams

PARAMS = MinHashParams(num_perm=64, bands=8, rows=8, threshold=0.8)


def links(tmp_path, matrix: np.ndarray, parts: int) -> set[tuple[int, int]]:
    """Run the bands, buckets and pairs stages over `matrix`, as the pass does, and return the verified links."""
    path = tmp_path / f"m{parts}.npy"
    np.save(path, matrix)
    buckets, pairs = tmp_path / f"buckets{parts}", tmp_path / f"pairs{parts}"
    pairs.mkdir()
    sketched = np.ones(len(matrix), bool)
    for span in [(0, 3), (3, len(matrix))]:  # two chunks, as two workers would
        band_keys(span, matrix_path=path, sketched=sketched, params=PARAMS, parts=parts, out_dir=buckets)
    groups = tmp_path / f"groups{parts}"
    for part in sorted(buckets.iterdir()):
        shared_buckets(part, parts=parts, out_dir=groups)
    found = set()
    for part in sorted(groups.iterdir()):
        candidate_pairs(part, matrix_path=path, params=PARAMS, out_dir=pairs)
        found |= {(int(e["a"]), int(e["b"])) for e in np.load(pairs / f"{part.name}.npy")}
    return found


def sketches(rng, n):
    return rng.integers(0, 2**32, (n, PARAMS.num_perm), dtype=np.uint64).astype(np.uint32)


@pytest.mark.parametrize("parts", [1, 5])
def test_only_candidates_that_pass_the_full_check_are_linked(tmp_path, parts):
    rng = np.random.default_rng(3)
    m = sketches(rng, 6)
    m[1, :8] = m[0, :8]  # shares one band with 0 and nothing else: an LSH false positive
    m[2] = m[0]
    m[2, 50:54] = 1  # 60 of 64 values equal: a near copy of 0
    m[5, 8:16] = m[4, 8:16]
    assert links(tmp_path, m, parts) == {(0, 2)}


def test_a_bucket_whose_first_member_is_unrelated_still_links_the_others(tmp_path):
    rng = np.random.default_rng(4)
    m = sketches(rng, 5)
    m[3] = m[1]  # 1 and 3 are copies
    m[0, :8] = m[1, :8]  # 0 shares band 0 with them but is otherwise unrelated: it leads the bucket
    m[4] = m[0]  # and has a copy of its own
    # Round one: 0 against 1, 3, 4 (only 4 passes); round two: 1 leads what is left.
    assert links(tmp_path, m, 1) == {(1, 3), (0, 4)}


def test_a_pair_met_again_is_not_verified_again():
    known, asked = _Verified(), []

    def check(a, b):
        asked.append(list(zip(a.tolist(), b.tolist())))
        return a * 10 + b, np.where(b % 2 == 0, 1, -1).astype(np.int8)

    matches, kind = known.verify(np.array([1, 1, 2, 1]), np.array([4, 5, 4, 4]), check)
    assert matches.tolist() == [14, 15, 24, 14] and kind.tolist() == [1, -1, 1, 1]
    matches, kind = known.verify(np.array([2, 3, 1]), np.array([4, 6, 5]), check)
    assert matches.tolist() == [24, 36, 15] and kind.tolist() == [1, 1, -1]
    assert asked == [[(1, 4), (1, 5), (2, 4)], [(3, 6)]]
