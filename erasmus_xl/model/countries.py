"""Countries as ISO 3166 alpha-2 codes, from the codes, English or Latvian names people type.

data/iso_countries.json carries pycountry's ISO names and their Latvian translations (written by
scripts/build_countries.py, so no run imports pycountry); data/countries_lv.json fills the few
Latvian names pycountry lacks and adds the spellings of Erasmus+ documents (EL, UK ...).
"""
from __future__ import annotations

import difflib
from functools import lru_cache

from erasmus_xl.model.text import normalize_key
from erasmus_xl.resources import load_data


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(lookup key -> code, code -> Latvian name, code -> English name)."""
    extra = load_data("countries_lv")
    lookup: dict[str, str] = {}
    latvian: dict[str, str] = {}
    english: dict[str, str] = {}
    for code, alpha_3, name, common_name, official_name, translated in load_data("iso_countries")["countries"]:
        english_name = common_name or name
        latvian_name = extra["latvian_names"].get(code) or translated
        latvian[code] = latvian_name
        english[code] = english_name
        for spelling in (code, alpha_3, name, english_name, official_name, latvian_name):
            if spelling:
                lookup.setdefault(normalize_key(spelling), code)
    for spelling, code in extra["aliases"].items():
        lookup[normalize_key(spelling)] = code
    return lookup, latvian, english


def country_code(text: str) -> str | None:
    """'Lietuva', 'Lithuania', 'LT', 'ltu' -> 'LT'; None when unknown."""
    return _tables()[0].get(normalize_key(text))


def suggest_country(text: str) -> str | None:
    """The Latvian name of the country whose spelling is nearest to a typo."""
    lookup = _tables()[0]
    match = difflib.get_close_matches(normalize_key(text), [k for k in lookup if len(k) > 3], n=1, cutoff=0.6)
    return latvian_name(lookup[match[0]]) if match else None


def latvian_name(code: str) -> str:
    return _tables()[1].get(code, code)


def english_name(code: str) -> str:
    return _tables()[2].get(code, code)


def latvian_names_sorted() -> list[str]:
    """All Latvian country names in Latvian alphabetical order, for the drop-down list."""
    order = "aābcčdeēfgģhiījkķlļmnņoprsštuūvzž"
    rank = {ch: i for i, ch in enumerate(order)}

    def key(name: str) -> list[int]:
        return [rank.get(ch, 100 + ord(ch)) for ch in name.casefold()]

    return sorted(set(_tables()[1].values()), key=key)
