"""The shipped ISO country names are pycountry's, so reading a register needs no pycountry import."""
from __future__ import annotations

import gettext

import pycountry
from conftest import load_script

from erasmus_xl.model.countries import _tables, country_code, english_name, latvian_name
from erasmus_xl.model.text import normalize_key
from erasmus_xl.resources import data_path, load_data


def test_the_shipped_country_file_is_what_the_script_builds_from_the_installed_pycountry():
    """A pycountry upgrade changes the file: rerun scripts/build_countries.py."""
    script = load_script("build_countries")
    assert data_path("iso_countries.json").read_text(encoding="utf-8") == script.text(script.build())


def test_country_lookup_from_the_shipped_file_equals_the_lookup_built_from_pycountry():
    extra = load_data("countries_lv")
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["lv"], fallback=True)
    lookup, latvian, english = {}, {}, {}
    for country in pycountry.countries:
        code = country.alpha_2
        english[code] = getattr(country, "common_name", None) or country.name
        latvian[code] = extra["latvian_names"].get(code) or translation.gettext(country.name)
        for spelling in (code, country.alpha_3, country.name, english[code], getattr(country, "official_name", ""), latvian[code]):
            if spelling:
                lookup.setdefault(normalize_key(spelling), code)
    for spelling, code in extra["aliases"].items():
        lookup[normalize_key(spelling)] = code
    assert _tables() == (lookup, latvian, english)
    assert country_code("Vācija") == country_code("Germany") == country_code("DEU") == "DE"
    assert (latvian_name("LT"), english_name("LT")) == ("Lietuva", "Lithuania")
