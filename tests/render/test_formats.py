"""Latvian and English formats: exact strings, as a reader of the report sees them."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from erasmus_xl.render import formats
from erasmus_xl.render.formats import (
    DASH,
    format_count,
    format_date_long,
    format_date_range,
    format_date_short,
    format_money,
    format_number,
    format_percent,
    plural_category,
    plural_word,
)
from erasmus_xl.resources import load_data

NBSP = "\u00a0"


@pytest.mark.parametrize("value, expected", [
    (Decimal("1234.5"), f"1{NBSP}234,50{NBSP}€"),
    (1234.5, f"1{NBSP}234,50{NBSP}€"),
    (0, f"0,00{NBSP}€"),
    (7, f"7,00{NBSP}€"),
    (Decimal("1234567.891"), f"1{NBSP}234{NBSP}567,89{NBSP}€"),
    (-1234.5, f"-1{NBSP}234,50{NBSP}€"),
    ("1234,5", f"1{NBSP}234,50{NBSP}€"),
])
def test_money_latvian(value, expected):
    assert format_money(value) == expected


def test_money_rounds_half_up_like_an_accountant():
    assert format_money(0.125) == f"0,13{NBSP}€"
    assert format_money(Decimal("2.675")) == f"2,68{NBSP}€"
    assert format_money(2.665) == f"2,67{NBSP}€"


def test_money_variants():
    assert format_money(Decimal("1234.5"), nbsp=False) == "1 234,50 €"
    assert format_money(Decimal("1234.5"), decimals=0) == f"1{NBSP}235{NBSP}€"
    assert format_money(Decimal("1234.5"), lang="en") == "€1,234.50"
    assert format_money(None) == DASH == "—"


@pytest.mark.parametrize("value, kwargs, expected", [
    (1234567, {}, f"1{NBSP}234{NBSP}567"),
    (1234, {}, f"1{NBSP}234"),
    (980, {}, "980"),
    (1234567.891, {}, f"1{NBSP}234{NBSP}567,891"),
    (1234.5, {"decimals": 2}, f"1{NBSP}234,50"),
    (2.5, {"decimals": 0}, "3"),
    (1234.5, {"nbsp": False, "decimals": 1}, "1 234,5"),
    (1234567, {"lang": "en"}, "1,234,567"),
    (None, {}, "—"),
])
def test_numbers(value, kwargs, expected):
    assert format_number(value, **kwargs) == expected


@pytest.mark.parametrize("value, kwargs, expected", [
    (0.92, {}, f"92{NBSP}%"),
    (0.725, {"decimals": 1}, f"72,5{NBSP}%"),
    (0.725, {}, f"73{NBSP}%"),
    (1.5, {}, f"150{NBSP}%"),
    (0, {}, f"0{NBSP}%"),
    (92, {"ratio": False}, f"92{NBSP}%"),
    (0.92, {"nbsp": False}, "92 %"),
    (0.92, {"lang": "en"}, "92%"),
    (0.725, {"lang": "en", "decimals": 1}, "72.5%"),
    (None, {}, "—"),
])
def test_percent(value, kwargs, expected):
    assert format_percent(value, **kwargs) == expected


def test_long_dates():
    assert format_date_long(dt.date(2025, 3, 5)) == "2025. gada 5. marts"
    assert format_date_long(dt.date(2026, 12, 31)) == "2026. gada 31. decembris"
    assert format_date_long(dt.datetime(2025, 1, 1, 14, 30)) == "2025. gada 1. janvāris"
    assert format_date_long("2025-03-05") == "2025. gada 5. marts"
    assert format_date_long(dt.date(2025, 3, 5), lang="en") == "5 March 2025"
    assert format_date_long(None) == "—"


def test_short_dates_have_four_digit_year_and_trailing_dot():
    assert format_date_short(dt.date(2025, 3, 5)) == "05.03.2025."
    assert format_date_short(dt.date(2024, 11, 30)) == "30.11.2024."
    assert format_date_short(dt.date(2025, 3, 5), lang="en") == "05/03/2025"
    assert format_date_short(None) == "—"


@pytest.mark.parametrize("start, end, lang, style, expected", [
    (dt.date(2025, 3, 5), dt.date(2025, 3, 19), "lv", "short", "05.03.2025.–19.03.2025."),
    (dt.date(2025, 3, 5), dt.date(2025, 3, 19), "lv", "long", "2025. gada 5.–19. marts"),
    (dt.date(2025, 3, 5), dt.date(2025, 4, 19), "lv", "long", "2025. gada 5. marts – 19. aprīlis"),
    (dt.date(2024, 12, 20), dt.date(2025, 1, 5), "lv", "long", "2024. gada 20. decembris – 2025. gada 5. janvāris"),
    (dt.date(2025, 3, 5), dt.date(2025, 3, 5), "lv", "long", "2025. gada 5. marts"),
    (dt.date(2025, 3, 5), None, "lv", "short", "05.03.2025."),
    (None, None, "lv", "short", "—"),
    (dt.date(2025, 3, 5), dt.date(2025, 3, 19), "en", "short", "05/03/2025–19/03/2025"),
    (dt.date(2025, 3, 5), dt.date(2025, 3, 19), "en", "long", "5–19 March 2025"),
    (dt.date(2025, 3, 5), dt.date(2025, 4, 19), "en", "long", "5 March – 19 April 2025"),
    (dt.date(2024, 12, 20), dt.date(2025, 1, 5), "en", "long", "20 December 2024 – 5 January 2025"),
])
def test_date_ranges(start, end, lang, style, expected):
    assert format_date_range(start, end, lang=lang, style=style) == expected


@pytest.mark.parametrize("count, expected", [
    (0, "0 mobilitāšu"), (1, "1 mobilitāte"), (2, "2 mobilitātes"), (9, "9 mobilitātes"),
    (10, "10 mobilitāšu"), (11, "11 mobilitāšu"), (19, "19 mobilitāšu"), (20, "20 mobilitāšu"),
    (21, "21 mobilitāte"), (22, "22 mobilitātes"), (101, "101 mobilitāte"), (111, "111 mobilitāšu"),
])
def test_latvian_plural_forms(count, expected):
    assert format_count(count, "mobilitāte") == expected


def test_plural_words_by_latvian_key_or_english():
    assert format_count(1, "izglītojamais") == "1 izglītojamais"
    assert format_count(5, "izglītojamais") == "5 izglītojamie"
    assert format_count(12, "izglītojamais") == "12 izglītojamo"
    assert format_count(3, "dalībnieks") == "3 dalībnieki"
    assert format_count(0, "projekts") == "0 projektu"
    assert format_count(21, "pasākums") == "21 pasākums"
    assert format_count(2, "konkurss") == "2 konkursi"
    assert format_count(11, "partneris") == "11 partneru"
    assert format_count(15, "diena") == "15 dienu"
    assert format_count(2, "mobility") == "2 mobilitātes"  # looked up by its English key
    assert format_count(1234, "diena") == f"1{NBSP}234 dienas"
    assert plural_word(1, "Mobilitāte") == "mobilitāte"
    assert format_count(None, "diena") == "—"


def test_english_plurals():
    assert format_count(1, "mobilitāte", lang="en") == "1 mobility"
    assert format_count(0, "mobilitāte", lang="en") == "0 mobilities"
    assert format_count(21, "mobility", lang="en") == "21 mobilities"
    assert format_count(2, "izglītojamais", lang="en") == "2 learners"
    assert format_count(1, "pavadošā persona", lang="en") == "1 accompanying person"


def test_plural_categories_come_from_babel():
    assert [plural_category(n) for n in (0, 1, 2, 11, 21)] == ["zero", "one", "other", "zero", "one"]
    assert [plural_category(n, lang="en") for n in (0, 1, 2)] == ["other", "one", "other"]


def test_every_word_has_all_forms():
    for key, forms in load_data("plurals")["words"].items():
        assert set(forms["lv"]) == {"zero", "one", "other"}, key
        assert set(forms["en"]) == {"one", "other"}, key
        assert all(form.strip() == form and form for form in [*forms["lv"].values(), *forms["en"].values()]), key


def test_clear_errors():
    with pytest.raises(ValueError, match="plurals.json"):
        plural_word(2, "kaķis")
    with pytest.raises(TypeError, match="nav skaitlis"):
        format_money("daudz")
    with pytest.raises(TypeError, match="nav datums"):
        format_date_long("5. marts")
    with pytest.raises(ValueError, match="Nezināma valoda"):
        format_money(1, lang="de")
    with pytest.raises(TypeError):
        format_number(True)
    assert formats.locale_for("lv") == "lv_LV"
