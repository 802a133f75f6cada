"""Text normalisation shared by header matching, enumerations and countries.

Staff type headers and values in many ways (`Sākuma datums`, `sakuma  datums`, `Start date`);
comparing normalised keys lets all of them match without a list of every spelling.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalize_key(value: str) -> str:
    """Lower-case, diacritics removed, punctuation and spacing folded: a lookup key."""
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", ascii_only.casefold()).strip()


@lru_cache(maxsize=65536)
def clean_text(value: str) -> str:
    """A cell's text as a person means it: NFC letters, no stray or non-breaking spaces."""
    text = unicodedata.normalize("NFC", value)
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()
