import numpy as np
import pyarrow.parquet as pq
import pytest

from pipeline.passes.exact_dup import fold
from pipeline.passes.minhash.body import body_sentences
from pipeline.passes.minhash.params import dedup_settings
from pipeline.passes.minhash.signatures import index_signatures, read_signature_meta, shingle_hashes, sketch
from pipeline.text import words
from tests.passes.articles import FOLLOW_UP, OTHER_PORT, REWRITE, WIRE, ZH_WIRE, article, write_signatures

NEWS = dedup_settings({"preset": "news"})


def tokens(text: str) -> list[str]:
    return words(fold(text, "[REDACTED]"))


def body(text: str) -> list[str]:
    return [w for s in body_sentences(text, "en", "[REDACTED]", NEWS.minhash.min_tokens) for w in s]


def exact_jaccard(a: str, b: str, size: int) -> float:
    def shingles(text):
        t = tokens(text)
        return {tuple(t[i:i + size]) for i in range(len(t) - size + 1)}
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def test_a_sketch_does_not_depend_on_the_other_documents_of_its_batch():
    params = NEWS.minhash
    alone, _ = sketch([tokens(WIRE)], [2], params)
    together, counts = sketch([tokens(OTHER_PORT), tokens(WIRE), tokens(FOLLOW_UP)], [2, 2, 2], params)
    assert np.array_equal(alone[0], together[1])
    assert counts[1] == len(tokens(WIRE)) - 1


def test_shingles_keep_word_order_and_stay_inside_their_document():
    hashes = np.array([11, 22, 33, 22, 11], np.uint64)
    flat, offsets = shingle_hashes(hashes, np.array([3, 2]), 2)
    assert offsets.tolist() == [0, 2, 3]
    # "11 22", "22 33" | "22 11": no shingle spans the boundary, and "22 11" differs from "11 22"
    assert len(set(flat.tolist())) == 3


@pytest.mark.parametrize("other", [REWRITE, FOLLOW_UP, OTHER_PORT])
def test_sketches_estimate_the_jaccard_of_word_pairs(other):
    matrix, _ = sketch([tokens(WIRE), tokens(other)], [2, 2], NEWS.minhash)
    estimate = (matrix[0] == matrix[1]).mean()
    assert abs(estimate - exact_jaccard(WIRE, other, 2)) < 0.1


def test_chinese_is_shingled_by_characters():
    params = NEWS.minhash
    t = tokens(ZH_WIRE)
    _, counts = sketch([t], [params.shingle_size_for("zh")], params)
    assert all(len(tok) == 1 for tok in t if "\u4e00" <= tok[0] <= "\u9fff")
    assert counts[0] == len(t) - params.char_shingle_size + 1


def test_signature_file_is_keyed_by_id_and_says_how_it_was_made(tmp_path):
    docs = [
        article(WIRE, "wire", published="2024-06-04", source="Wire", title="Strike"),
        article("Port strike ends", "headline"),
        article("* * *", "stars"),
        article(ZH_WIRE, "zh", lang="zh"),
    ]
    [path] = write_signatures(tmp_path, [docs], NEWS)
    rows = pq.read_table(path).to_pylist()
    assert [r["id"] for r in rows] == [d.id for d in docs]
    wire, headline, stars, zh = rows
    assert wire["completeness"] == 3 and wire["length"] == len(WIRE) and wire["shingles"] > 0
    assert headline["tokens"] == 3 and headline["shingles"] == 0 and headline["minhash"] is None
    assert headline["exact_key"] is not None and stars["exact_key"] is None
    assert zh["shingles"] > 0
    assert read_signature_meta(path)["shingle_size"] == 2


def test_index_numbers_documents_by_id_and_refuses_other_settings(tmp_path):
    docs = [article(t, f"doc{i}") for i, t in enumerate((WIRE, REWRITE, FOLLOW_UP, OTHER_PORT))]
    paths = write_signatures(tmp_path, [docs[:2], docs[2:]], NEWS)
    table, matrix_path = index_signatures(paths[::-1], tmp_path / "dedup", NEWS)
    assert table["id"].to_pylist() == sorted(d.id for d in docs)
    matrix = np.load(matrix_path)
    expected, _ = sketch([body(d.text) for d in docs], [2] * 4, NEWS.minhash)
    by_id = {d.id: row for d, row in zip(docs, expected)}
    assert all(np.array_equal(matrix[i], by_id[i_d]) for i, i_d in enumerate(table["id"].to_pylist()))
    with pytest.raises(RuntimeError, match="other dedup settings"):
        index_signatures(paths, tmp_path / "again", dedup_settings({}))
    with pytest.raises(RuntimeError, match="appears twice"):
        index_signatures([paths[0], paths[0]], tmp_path / "twice", NEWS)
    with pytest.raises(RuntimeError, match="missing"):
        index_signatures([tmp_path / "task-00009.signatures.parquet"], tmp_path / "none", NEWS)
