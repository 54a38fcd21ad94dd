"""What a mask hides: a censored word, a swear word, or a private person.

The same stars serve three purposes that a corpus must keep apart. A censor
hides a sensitive word before translation (`conventional **`), a publisher
softens a swear word but keeps its edges (`f***ing`, `F**K`, `f—k`,
`bull$#!t`), and a review or comment page hides its users' names
(`Man**`, `Ni** My**`). Only the first is censorship; the second is
profanity, whose word a reader can tell from its letters; the third protects
a person and must not be guessed at. `kind` tells them apart so that the card
counts each and restoration proposes words for censorship masks only.
"""

from __future__ import annotations

import re

# Short words that a mask may be glued to (`of**`, `**in`), unlike the kept
# first letters of a masked swear word (`s***`).
SHORT_WORDS = {
    "a", "i", "an", "as", "at", "be", "by", "do", "he", "if", "in", "is", "it", "me", "my", "no", "of", "on", "or",
    "so", "to", "up", "us", "we", "de", "la", "le", "el", "en", "et", "un", "du", "da", "di", "il", "im", "am", "zu",
    "и", "в", "с", "к", "о", "у", "во", "на", "по", "за", "из", "от", "до", "не", "the", "and", "but", "for",
}

# Swear words whose masked forms news pages print. A partial mask is profanity when its kept letters
# and the number of hidden ones spell one of these (`f***ing` = f + 3 + ing = fucking).
PROFANITY = frozenset(
    """
    arse arsehole ass asses asshole assholes bastard bastards bitch bitches bitching bloody bollocks bullshit
    cock cocks crap crappy cunt cunts damn damned dammit dick dicks dickhead fuck fucked fucker fuckers fucking
    fucks goddamn goddamned hell horseshit jackass motherfucker motherfuckers motherfucking piss pissed prick
    shit shits shitty shitting shithole slut sluts twat wank wanker whore whores
    """.split()
)
_BY_EDGES: dict[tuple[str, str], set[int]] = {}
for _word in PROFANITY:
    for _i in range(1, len(_word)):
        for _j in range(_i + 1, len(_word) + 1):
            _BY_EDGES.setdefault((_word[:_i], _word[_j:]), set()).add(_j - _i)

# A swear word with its middle replaced by a dash or by symbols (a grawlix): `f—k`, `bull$#!t`.
# The dash hides any number of letters; the symbols are mixed (`s@@@` is a sed command, not a word)
# and include one that is not punctuation.
DASHED = re.compile(r"(?<![\w—–])([A-Za-z]{1,8})(—|–|(?=[$#@!%&]*[$#@%&])[$#@!%&]{2,6})([A-Za-z]{0,8})(?![\w—–])")


def profane(kept_left: str, hidden: int | None, kept_right: str) -> bool:
    """Whether letters kept on either side of `hidden` masked letters spell a swear word
    (`hidden` None: any number, as a dash hides)."""
    if not kept_left:
        return False
    widths = _BY_EDGES.get((kept_left.lower(), kept_right.lower()))
    return bool(widths) and (hidden is None or hidden in widths)


def profanity_marks(text: str) -> list[tuple[int, int]]:
    """Spans of swear words masked with a dash or a grawlix, which the star rules never see."""
    out = []
    for m in DASHED.finditer(text):
        hidden = None if m.group(2) in "—–" else len(m.group(2))
        if hidden and len(set(m.group(2))) < 2:
            continue
        if profane(m.group(1), hidden, m.group(3)):
            out.append(m.span())
    return out


def private_name(kept: str, text: str, start: int, end: int, censored: bool = False) -> bool:
    """`Man**`, `Fe*******`, `Ni** My**`: the first letters of a person's name kept, the rest
    hidden, as review and comment pages show their users. A longer word glued to a mask
    (`Canada**`) is a whole word next to a censored one; in a `censored` text only a name
    beside another masked name counts."""
    if not kept[:1].isupper() or (kept[1:] and not kept[1:].islower()):
        return False
    if len(kept) <= 3 and kept.lower() not in SHORT_WORDS and not censored:
        return True
    # a short function word only when another masked name piece stands next to it: `Ni** My**`
    return bool(_NAME_PIECE_BEFORE.search(text[max(0, start - 20):start]) or _NAME_PIECE_AFTER.match(text[end:end + 20]))


_NAME_PIECE_BEFORE = re.compile(r"\b[A-Z][a-z]{0,3}[*＊]{2,}\s+$")
_NAME_PIECE_AFTER = re.compile(r"\s+[A-Z][a-z]{0,3}[*＊]{2,}(?![\w*＊])")
