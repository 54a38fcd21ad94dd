from pipeline.text import KIND, SCRIPT, codepoints, scripts_and_kinds, words


def test_words_by_script():
    assert words("Hello, wörld 12") == ["Hello", "wörld", "12"]
    assert words("東京は晴れ") == ["東", "京", "は", "晴", "れ"]
    assert words("กรุงเทพ") == list("กรุงเทพ")
    # Vowel signs (combining marks) stay inside their word.
    assert words("नगर निगम ने बुधवार को") == ["नगर", "निगम", "ने", "बुधवार", "को"]
    assert words("مَدْرَسَة كبيرة") == ["مَدْرَسَة", "كبيرة"]


def test_scripts_and_kinds():
    text = "Aя ქ 가 あ 中 ٣ $ \U0001F600"
    script, kind = scripts_and_kinds(codepoints(text))
    names = [s for s, k in zip(script.tolist(), kind.tolist()) if k == KIND["letter"]]
    assert names == [SCRIPT[s] for s in ("latin", "cyrillic", "georgian", "hangul", "kana", "han")]
    assert kind[text.index("٣")] == KIND["digit"] and kind[text.index("$")] == KIND["symbol"]
    assert kind[text.index("\U0001F600")] == KIND["symbol"] and kind[1 + text.index("ქ")] == KIND["space"]


def test_codepoints_survive_lone_surrogates():
    assert codepoints("a\ud800b").tolist() == [0x61, 0xD800, 0x62]
