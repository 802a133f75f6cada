"""Country names and codes: the records read from pycountry's files are pycountry's own."""
from __future__ import annotations

import gettext

import pycountry

from erasmus_xl.model.countries import country_code, english_name, iso_countries, latvian_name


def test_records_read_from_pycountrys_files_equal_pycountry_countries():
    records, translation = iso_countries()
    expected = [(c.alpha_2, c.alpha_3, c.name, getattr(c, "common_name", ""), getattr(c, "official_name", ""))
                for c in pycountry.countries]
    assert [tuple(record) for record in records] == expected
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["lv"], fallback=True)
    assert [translation.gettext(r.name) for r in records] == [catalogue.gettext(r.name) for r in records]


def test_names_and_spellings_resolve_in_both_languages():
    assert latvian_name("LT") == "Lietuva" and english_name("LT") == "Lithuania"
    assert english_name("BO") == "Bolivia"            # pycountry's common name, not "Bolivia, Plurinational State of"
    for spelling in ("Lietuva", "Lithuania", "lt", "LTU", "Republic of Lithuania"):
        assert country_code(spelling) == "LT"
    assert country_code("Vācija") == "DE" and country_code("Atlantīda") is None
