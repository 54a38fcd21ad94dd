import re

from pipeline.passes.minhash.body import _BREAKS, _LINE, _tokens, body_sentences, serbian_latin
from pipeline.text import _WORD
from tests.passes.articles import CLUTTERED, SR_CYRILLIC, SR_LATIN, WIRE

#: What the array tokeniser must find: words, sentence ends and line ends, by one regular expression.
TOKENS = re.compile(f"{_WORD.pattern}|[{_BREAKS}]")


def flat(text: str, lang: str, min_tokens: int = 50) -> list[str]:
    return [w for s in body_sentences(text, lang, "[REDACTED]", min_tokens) for w in s]


def test_serbian_in_cyrillic_and_in_latin_gives_the_same_words():
    # The Latin copy carries its own masthead and share lines, and is often identified as a sibling language.
    assert flat(SR_CYRILLIC, "sr") == flat(SR_LATIN, "hr") == flat(SR_LATIN, "sr")
    assert serbian_latin("љубав њива џеп ђак ћерка") == "ljubav njiva džep đak ćerka"


def test_other_cyrillic_languages_keep_their_script():
    assert flat("Городской совет утвердил план ремонта старого моста через реку в этом году", "ru", 5)[0] == "городской"


def test_short_clutter_lines_are_left_out_and_the_article_is_kept():
    body, article = flat(CLUTTERED, "en"), flat(WIRE, "en")
    at = body.index(article[0])
    assert body[at:at + len(article)] == article
    # Menus, buttons and the date line go; clutter written as sentences (cookies, teasers) stays.
    assert not {"home", "subscribe", "accept", "print"} & set(body) and "cookies" in body
    assert "subscribe" in flat(CLUTTERED, "en", min_tokens=10_000)  # too little prose: every line counts


def test_sentences_are_split_and_masks_case_and_quotes_do_not_count():
    sentences = body_sentences('He said: "WE WILL [REDACTED] STAY OUT." Talks resume on Thursday, the union said.',
                               "en", "[REDACTED]", 1)
    assert sentences == [["he", "said", "we", "will", "stay", "out"], ["talks", "resume", "on", "thursday", "the",
                                                                     "union", "said"]]


def test_the_array_tokeniser_finds_what_the_regular_expression_finds():
    # Thai marks alone, after a Thai letter and inside a Latin word; Devanagari and Arabic
    # vowel signs; Han with a full stop; digits and underscores; a lone surrogate; an emoji.
    text = ("\u0e31\u0e01 Ab\u0e31c \u0e01\u0e31\u0e32 x\u0e31\u0e31\u0e01y हिन्दी ما\u064eء 一二。z_9 "
            "\ud800 \U0001F600 a\u0300! …;\n\n ok?\u0e31\u0e31a\u0e31 Ünïcödé—ß;")
    strings, classes, starts = _tokens(text)
    found = TOKENS.findall(text)
    assert strings.to_pylist() == found
    assert starts.tolist() == [m.start() for m in TOKENS.finditer(text)]
    assert [c == _LINE for c in classes.tolist()] == [t == "\n" for t in found]


def test_the_array_tokeniser_on_text_without_words():
    assert _tokens("")[0].to_pylist() == []
    assert _tokens(" . \n")[0].to_pylist() == [".", "\n"]
