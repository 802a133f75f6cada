"""Text normalisation shared by header matching, enumerations and countries.

Staff type headers and values in many ways (`Sākuma datums`, `sakuma  datums`, `Start date`);
comparing normalised keys lets all of them match without a list of every spelling.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# many texts are worked on joined by a separator no cell holds (XML cannot), which NFC never joins
# letters across and no folding touches
_SEPARATOR = "\x00"
_SPACE_AT_SEPARATOR = re.compile(" ?\x00 ?")
_NON_ALNUM_KEEPING_SEPARATOR = re.compile("[^0-9a-z\x00]+")
# the characters `_fold_table` knows: Latin (with Latvian and every other European letter), the
# combining marks, Latin Extended Additional
_FOLDED_RANGES = ((0x0000, 0x0250), (0x0300, 0x0370), (0x1E00, 0x1F00))


@lru_cache(maxsize=65536)
def normalize_key(value: str) -> str:
    """Lower-case, diacritics removed, punctuation and spacing folded: a lookup key.

    Most text is folded a character at a time through `_fold_table` (a 20,000-row register has
    40,000 names to compare); text with any other character takes the general way, which gives
    the same key for the characters the table knows.
    """
    folded = value.translate(_fold_table())
    if not folded.isascii():
        folded = _folded(value)
    return _NON_ALNUM.sub(" ", folded).strip()


def normalize_keys(values: list[str]) -> list[str]:
    """`normalize_key` of each of many strings, folded all at once (as `clean_texts` cleans them).

    Why: validation compares the 20,000 names of a large register; a call each is most of its time.
    """
    joined = _SEPARATOR.join(values)
    if joined.count(_SEPARATOR) != len(values) - 1 or not set(joined) <= _ascii_foldable():
        return [normalize_key(value) for value in values]             # a separator inside, or other letters
    folded = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii").lower()
    if folded.replace(_SEPARATOR, "").isalnum():                    # letters and digits only: nothing to fold
        return folded.split(_SEPARATOR)
    keys = _NON_ALNUM_KEEPING_SEPARATOR.sub(" ", folded).strip(" ")
    if " \x00" in keys or "\x00 " in keys:
        keys = _SPACE_AT_SEPARATOR.sub(_SEPARATOR, keys)
    return keys.split(_SEPARATOR) if values else []


@lru_cache(maxsize=1)
def _ascii_foldable() -> frozenset[str]:
    """The characters `_folded` turns into ASCII by decomposing them and dropping the marks alone
    (ASCII itself, ā, Ņ, é, a lone accent; not ß or æ): for text of these only, decomposing it all
    at once and keeping its ASCII is `_folded` — many times quicker than `translate`, which looks
    each character up in a dict."""
    characters = (chr(code) for low, high in ((0, 0x80), *_FOLDED_RANGES) for code in range(low, high))
    return frozenset(ch for ch in characters
                     if "".join(part for part in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(part)).isascii())


def _folded(text: str) -> str:
    """Compatibility-decomposed, combining marks dropped, case-folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str | None]:
    """`_folded` of each character of _FOLDED_RANGES that it changes (None: dropped). Folding a
    string character by character gives `_folded` of the whole: decomposition and case folding
    work per character, and the marks whose order decomposition may change are all dropped."""
    table: dict[int, str | None] = {}
    for low, high in _FOLDED_RANGES:
        for code in range(low, high):
            folded = _folded(chr(code))
            if folded != chr(code):
                table[code] = folded or None
    return table


@lru_cache(maxsize=65536)
def clean_text(value: str) -> str:
    """A cell's text as a person means it: NFC letters, no stray or non-breaking spaces.

    `split()` cuts at every Unicode space (the non-breaking ones too), as a `\\s+` pattern would.
    """
    return " ".join(unicodedata.normalize("NFC", value).split())


def clean_texts(values: Sequence[str]) -> list[str]:
    """`clean_text` of each of many strings, in a few passes over all of them at once.

    Why: a column of 20,000 names or IDs, every one different, costs a Python call per cell the
    one-at-a-time way; joined, normalising and folding spaces is done by C code in one go.
    """
    joined = _SEPARATOR.join(values)
    if joined.count(_SEPARATOR) != len(values) - 1:            # a separator inside a value
        return [clean_text(value) for value in values]
    folded = " ".join(unicodedata.normalize("NFC", joined).split())   # the separator is no space
    if " \x00" in folded or "\x00 " in folded:
        folded = _SPACE_AT_SEPARATOR.sub(_SEPARATOR, folded)
    return folded.split(_SEPARATOR) if values else []
