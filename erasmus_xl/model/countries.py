"""Countries as ISO 3166 alpha-2 codes, from the codes, English or Latvian names people type.

pycountry carries ISO names and their Latvian translations; data/countries_lv.json fills the
few Latvian names pycountry lacks and adds the spellings of Erasmus+ documents (EL, UK ...).
"""
from __future__ import annotations

import difflib
import gettext
import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from erasmus_xl.model.text import normalize_key
from erasmus_xl.resources import load_data


class _Country(NamedTuple):
    alpha_2: str
    alpha_3: str
    name: str
    common_name: str
    official_name: str


def iso_countries() -> tuple[list[_Country], gettext.NullTranslations]:
    """pycountry's ISO 3166-1 records and its Latvian catalogue, read from the files it ships.

    Importing pycountry reads its own distribution metadata (importlib.metadata, the email parser),
    which costs more than a command that names two countries may spend; tests/model/test_countries.py
    checks these records against pycountry.countries. A pycountry without those files is imported.
    """
    spec = importlib.util.find_spec("pycountry")
    folder = Path(spec.submodule_search_locations[0]) if spec and spec.submodule_search_locations else None
    database = folder / "databases" / "iso3166-1.json" if folder else None
    if database is not None and folder is not None and database.is_file() and (folder / "locales").is_dir():
        items = json.loads(database.read_text(encoding="utf-8"))["3166-1"]
        locales = folder / "locales"
    else:
        import pycountry

        items = [{key: getattr(country, key, "") for key in _Country._fields} for country in pycountry.countries]
        locales = Path(pycountry.LOCALES_DIR)
    records = [_Country(item["alpha_2"], item["alpha_3"], item["name"], item.get("common_name", ""),
                        item.get("official_name", "")) for item in items]
    return records, gettext.translation("iso3166-1", locales, languages=["lv"], fallback=True)


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> Latvian name, code -> English name): all a place's description needs."""
    extra = load_data("countries_lv")
    records, translation = iso_countries()
    latvian = {c.alpha_2: extra["latvian_names"].get(c.alpha_2) or translation.gettext(c.name) for c in records}
    english = {c.alpha_2: c.common_name or c.name for c in records}
    return latvian, english


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    """Lookup key -> code, from every spelling: codes, ISO, common, official and Latvian names, aliases."""
    latvian, english = _names()
    lookup: dict[str, str] = {}
    for country in iso_countries()[0]:
        code = country.alpha_2
        for spelling in (code, country.alpha_3, country.name, english[code], country.official_name, latvian[code]):
            if spelling:
                lookup.setdefault(normalize_key(spelling), code)
    for spelling, code in load_data("countries_lv")["aliases"].items():
        lookup[normalize_key(spelling)] = code
    return lookup


def country_code(text: str) -> str | None:
    """'Lietuva', 'Lithuania', 'LT', 'ltu' -> 'LT'; None when unknown."""
    return _lookup().get(normalize_key(text))


def suggest_country(text: str) -> str | None:
    """The Latvian name of the country whose spelling is nearest to a typo."""
    lookup = _lookup()
    match = difflib.get_close_matches(normalize_key(text), [k for k in lookup if len(k) > 3], n=1, cutoff=0.6)
    return latvian_name(lookup[match[0]]) if match else None


def latvian_name(code: str) -> str:
    return _names()[0].get(code, code)


def english_name(code: str) -> str:
    return _names()[1].get(code, code)


def latvian_names_sorted() -> list[str]:
    """All Latvian country names in Latvian alphabetical order, for the drop-down list."""
    order = "aābcčdeēfgģhiījkķlļmnņoprsštuūvzž"
    rank = {ch: i for i, ch in enumerate(order)}

    def key(name: str) -> list[int]:
        return [rank.get(ch, 100 + ord(ch)) for ch in name.casefold()]

    return sorted(set(_names()[0].values()), key=key)
