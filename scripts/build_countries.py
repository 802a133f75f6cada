"""Build erasmus_xl/data/iso_countries.json: the ISO 3166 countries of pycountry, with Latvian names.

Importing pycountry and reading its Latvian translations cost a cold process about 50 ms, on every
register read (the first country cell builds the lookup); the few hundred names are written here
once and shipped as package data. data/countries_lv.json (the Latvian names pycountry lacks, the
Erasmus+ spellings) is not in the file: it is user-editable and read at run time.

Rebuild after upgrading pycountry (tests/model/test_countries.py says when the file is stale):

    python scripts/build_countries.py            # writes erasmus_xl/data/iso_countries.json
"""
from __future__ import annotations

import gettext
import json
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "erasmus_xl" / "data" / "iso_countries.json"
FIELDS = ["alpha_2", "alpha_3", "name", "common_name", "official_name", "name_lv"]


def build() -> dict[str, object]:
    """Every country as one row of FIELDS ("" where pycountry has no such name)."""
    import pycountry

    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["lv"], fallback=True)
    rows = [[country.alpha_2, country.alpha_3, country.name, getattr(country, "common_name", ""),
             getattr(country, "official_name", ""), translation.gettext(country.name)]
            for country in pycountry.countries]
    return {"source": "pycountry (ISO 3166-1, Debian iso-codes; LGPL-2.1)", "fields": FIELDS, "countries": rows}


def text(data: dict[str, object]) -> str:
    """The file's text: one country a line, so an upgrade's changes read well in a diff."""
    head = {key: value for key, value in data.items() if key != "countries"}
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in data["countries"])  # type: ignore[attr-defined]
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "countries": [\n' + lines + "\n]}\n"


if __name__ == "__main__":
    TARGET.write_text(text(build()), encoding="utf-8")
    print(f"{TARGET}: {len(build()['countries'])} countries")  # type: ignore[arg-type]
