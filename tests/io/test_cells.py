"""Cell parsers: the forms staff type, and property tests of the date and number parsing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from erasmus_xl.io.cells import CellProblem, parse_amount, parse_date, parse_int, parse_year_or_date
from erasmus_xl.model.text import clean_text, normalize_key

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@given(dates)
def test_every_date_survives_each_written_form(day):
    forms = [day, dt.datetime.combine(day, dt.time()), day.strftime("%d.%m.%Y."), day.strftime("%d.%m.%Y"),
             day.isoformat(), f"{day.day}/{day.month}/{day.year}", (day - dt.date(1899, 12, 30)).days]
    assert {parse_date(form) for form in forms} == {day}


@pytest.mark.parametrize("text", ["31.02.2025", "2025-13-01", "rīt", "05.03.25", "", "12345"])
def test_unreadable_dates_are_problems(text):
    with pytest.raises(CellProblem):
        parse_date(text)


def test_latvian_long_date_with_and_without_diacritics():
    assert parse_date("2025. gada 5. marts") == dt.date(2025, 3, 5)
    assert parse_date("2025. gada 5. janvaris") == dt.date(2025, 1, 5)


def test_year_alone_means_first_of_january():
    assert parse_year_or_date(2022) == parse_year_or_date("2022") == dt.date(2022, 1, 1)


@pytest.mark.parametrize("text, expected", [
    ("1 234,50 €", "1234.50"), ("1234.5", "1234.50"), ("1.234,50", "1234.50"), ("1,234.50", "1234.50"),
    ("\u00a012 000 EUR", "12000.00"), ("-50", "-50.00"), (1234.5, "1234.50"), (7, "7.00"),
])
def test_amounts_in_latvian_and_english_forms(text, expected):
    assert parse_amount(text) == Decimal(expected)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_amount_written_the_latvian_way_reads_back(amount):
    whole, cents = f"{abs(amount):.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    text = ("-" if amount < 0 else "") + f"{grouped},{cents} €"
    assert parse_amount(text) == amount


@pytest.mark.parametrize("value, expected", [(3, 3), (3.0, 3), ("3", 3), (" 12 ", 12)])
def test_whole_numbers(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("value", [2.5, "2,5", "divi", True])
def test_not_whole_numbers(value):
    with pytest.raises(CellProblem):
        parse_int(value)


def test_nfd_and_nfc_latvian_letters_compare_equal():
    nfd = "Ra\u0304zekne"  # 'ā' as a + combining macron
    assert clean_text(nfd) == "Rāzekne"
    assert normalize_key("Sākuma  datums") == normalize_key("sakuma datums") == normalize_key(" SĀKUMA DATUMS ")


def test_non_breaking_and_stray_spaces_are_folded():
    assert clean_text("\u00a0 Rēzeknes\u00a0 tehnikums \t") == "Rēzeknes tehnikums"


@pytest.mark.parametrize("value", [1e30, "1e40", "9" * 40])
def test_amount_too_large_for_cents_is_a_problem_not_a_crash(value):
    with pytest.raises(CellProblem):
        parse_amount(value)
