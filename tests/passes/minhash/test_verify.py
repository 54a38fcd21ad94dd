import numpy as np

from pipeline.passes.minhash.body import body_sentences
from pipeline.passes.minhash.signatures import shingle_hashes, token_hashes
from pipeline.passes.minhash.verify import RUN_WORDS, coverage
from tests.passes.articles import OTHER_AGENCY, REWRITE, TRUNCATED, WIRE, market_report, match_report


def runs(text: str) -> tuple[np.ndarray, np.ndarray]:
    sentences = body_sentences(text, "en", "[REDACTED]", 50)
    tokens = [w for s in sentences for w in s]
    hashes = token_hashes([tokens], 1)
    return shingle_hashes(hashes, np.array([len(tokens)]), RUN_WORDS)[0].astype(np.uint32), np.array(
        [len(s) for s in sentences])


def cover(a: str, b: str) -> float:
    (ra, sa), (rb, _) = runs(a), runs(b)
    return coverage(ra, sa, rb, RUN_WORDS)


def test_an_edited_copy_shares_its_sentences():
    assert cover(REWRITE, WIRE) > 0.9


def test_a_truncated_copy_is_contained_in_the_whole_story_and_not_the_reverse():
    assert cover(TRUNCATED, WIRE) > 0.9
    assert cover(WIRE, TRUNCATED) < 0.65


def test_another_agency_on_the_same_event_shares_names_and_a_quote_but_not_its_sentences():
    assert cover(OTHER_AGENCY, WIRE) < 0.3 and cover(WIRE, OTHER_AGENCY) < 0.3


def test_one_changed_word_uncovers_itself_only():
    words = "the port authority said it regretted the walkout and offered a seven percent rise".split()
    edited = words.copy()
    edited[7] = "stoppage"
    hashes = token_hashes([words, edited], 1)
    a = shingle_hashes(hashes[:len(words)], np.array([len(words)]), RUN_WORDS)[0].astype(np.uint32)
    b = shingle_hashes(hashes[len(words):], np.array([len(words)]), RUN_WORDS)[0].astype(np.uint32)
    assert coverage(a, np.array([len(words)]), b, RUN_WORDS) == 1.0  # 14 of 15 words covered: the sentence is shared
    half = np.array([8, 7])  # as two sentences, the second keeps 6 of 7 words
    assert coverage(a, half, b, RUN_WORDS) == 1.0
    assert coverage(a, half, np.zeros(0, np.uint32), RUN_WORDS) == 0.0


def test_reports_cut_from_one_template_with_other_facts_share_no_sentence():
    en = [market_report("Velmora", "Tuesday", "VX 40", "1.2", "7,345", "Harbor Mills", "4.1", "Corran Steel", "2.2",
                        "310", "crown", "10.42", "3.15"),
          market_report("Saltmere", "Friday", "SM 25", "0.4", "2,118", "Eskby Foods", "2.6", "Ivel Motors", "1.7",
                        "95", "mark", "3.87", "2.40")]
    es = [match_report("Atlético Varena", "Real Costa", "2-1", "Marcos Ibarra", "78", "Las Arenas", "31.000",
                       "Luis Prado", "tercero"),
          match_report("Deportivo Salmar", "Unión Norte", "1-0", "Pablo Quiroga", "64", "El Molino", "12.500",
                       "Andrés Rey", "séptimo")]
    for a, b in (en, es):
        # Half the words of each sentence are covered (the frame), but few of its runs are in the other.
        assert cover(a, b) == cover(b, a) == 0.0
        # A corrected figure in a copy of the same report leaves it a copy.
        assert cover(a.replace("4.1", "4.3").replace("31.000", "30.500"), a) == 1.0
