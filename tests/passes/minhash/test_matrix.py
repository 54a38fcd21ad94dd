import numpy as np
import pytest

from pipeline.passes.minhash.matrix import create_matrix, read_rows, write_rows


def test_rows_written_in_any_order_read_back_as_numpy_sees_them(tmp_path):
    rng = np.random.default_rng(7)
    data = rng.integers(0, 2**32, (50, 16), dtype=np.uint64).astype(np.uint32)
    path = tmp_path / "minhash.npy"
    create_matrix(path, 50, 16)
    order = rng.permutation(50)
    for part in np.array_split(order, 3):  # three signature files, each scattered over the matrix
        write_rows(path, part, data[part])
    assert np.array_equal(np.load(path), data)  # still a plain .npy file
    rows = np.array([3, 4, 5, 6, 49, 0, 4, 4, 17])  # a run, repeats, both ends
    assert np.array_equal(read_rows(path, rows), data[rows])
    assert read_rows(path, np.zeros(0, np.int64)).shape == (0, 16)


def test_rows_never_written_are_zero_and_a_short_file_is_an_error(tmp_path):
    path = tmp_path / "minhash.npy"
    create_matrix(path, 4, 8)
    write_rows(path, np.array([2]), np.full((1, 8), 9, np.uint32))
    assert read_rows(path, np.array([1, 2])).tolist() == [[0] * 8, [9] * 8]
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size - 40)  # the last row cut short
    with pytest.raises(OSError, match="ends early"):
        read_rows(path, np.array([3]))
