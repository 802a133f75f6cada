"""Latvian (and English) number, money, percent, date and plural formats for reports.

Reports are read by a Pedagogical Council and by funders: `1 234,50 €`, `92 %`,
`2025. gada 5. marts`, `05.03.2025.` and `21 mobilitāte` / `11 mobilitāšu` must be right, so the
rules come from Babel (CLDR) and not from hand-written string tricks. Missing values print as a
dash (`—`), never as `None`. Word forms for plurals live in `data/plurals.json`.

Babel separates thousands with non-breaking spaces (so `1 234` never breaks across lines);
`nbsp=False` gives plain spaces for places that need them (file names, plain-text exports).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_currency as _babel_currency
from babel.numbers import format_decimal as _babel_decimal

from erasmus_xl.model.wording import LOCALES, locale_for, plural_category, plural_word
from erasmus_xl.model.wording import to_decimal as _to_decimal

Number = int | float | Decimal
DateLike = dt.date | dt.datetime | str

DASH = "—"
"""What a missing value prints as, in every language."""


_SHORT_DATE: dict[str, str] = {"lv": "dd.MM.yyyy.", "en": "dd/MM/yyyy"}
"""Explicit patterns: CLDR's Latvian short date has a two-digit year and no trailing dot."""

_PERCENT_SIGN: dict[str, str] = {"lv": "\u00a0%", "en": "%"}
"""Latvian writes a space before the percent sign (`92 %`), English does not (`92%`)."""

_NARROW_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _spaces(text: str, nbsp: bool) -> str:
    return text if nbsp else text.translate(_NARROW_SPACES)


def _round(value: Decimal, decimals: int) -> Decimal:
    """Commercial rounding (half up): accountants expect 0,125 → 0,13, not Babel's half-even 0,12."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _decimal_pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def format_number(value: Number | str | None, *, lang: str = "lv", decimals: int | None = None,
                  nbsp: bool = True) -> str:
    """`1 234 567` / `1 234,5` (lv), `1,234,567` (en); decimals=None keeps up to three as given."""
    if value is None:
        return DASH
    number = _to_decimal(value)
    if decimals is None:
        text = _babel_decimal(number, locale=locale_for(lang))
    else:
        text = _babel_decimal(_round(number, decimals), format=_decimal_pattern(decimals),
                              locale=locale_for(lang), decimal_quantization=False)
    return _spaces(text, nbsp)


@cache
def _currency_pattern(locale: str, decimals: int) -> str:
    """The locale's own currency pattern (sign position, spacing) with the wanted decimals."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    fraction = "." + "0" * decimals if decimals > 0 else ""
    return re.sub(r"0\.0+", "0" + fraction, pattern)


def format_money(value: Number | str | None, *, lang: str = "lv", currency: str = "EUR",
                 decimals: int = 2, nbsp: bool = True) -> str:
    """`1 234,50 €` (lv), `€1,234.50` (en); rounded half up to `decimals`."""
    if value is None:
        return DASH
    locale = locale_for(lang)
    number = _round(_to_decimal(value), decimals)
    text = _babel_currency(number, currency, format=_currency_pattern(locale, decimals), locale=locale,
                           currency_digits=False, decimal_quantization=False)
    return _spaces(text, nbsp)


def format_percent(value: Number | str | None, *, lang: str = "lv", decimals: int = 0, ratio: bool = True,
                   nbsp: bool = True) -> str:
    """`92 %`, `72,5 %` (lv), `92%` (en). `value` is a share (0.92) unless ratio=False (92)."""
    if value is None:
        return DASH
    number = _to_decimal(value) * (100 if ratio else 1)
    text = format_number(number, lang=lang, decimals=decimals, nbsp=nbsp) + _PERCENT_SIGN[lang]
    return _spaces(text, nbsp)


def to_date(value: DateLike) -> dt.date:
    """A date from a date, a datetime or an ISO `yyyy-mm-dd` text (what templates may be given)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise TypeError(f"“{value}” nav datums / “{value}” is not a date")


def format_date_long(value: DateLike | None, *, lang: str = "lv") -> str:
    """`2025. gada 5. marts` (lv), `5 March 2025` (en)."""
    if value is None:
        return DASH
    return _babel_date(to_date(value), "long", locale=locale_for(lang))


def format_date_short(value: DateLike | None, *, lang: str = "lv") -> str:
    """`05.03.2025.` (lv, four-digit year and the trailing dot), `05/03/2025` (en)."""
    if value is None:
        return DASH
    return _babel_date(to_date(value), _SHORT_DATE[lang], locale=locale_for(lang))


def format_date_range(start: DateLike | None, end: DateLike | None, *, lang: str = "lv",
                      style: str = "short") -> str:
    """A period, written once where the parts agree.

    short: `05.03.2025.–19.03.2025.`; long: `2025. gada 5.–19. marts`,
    `2025. gada 5. marts – 19. aprīlis`, `5–19 March 2025`. A missing end gives the start alone.
    """
    if style not in ("short", "long"):
        raise ValueError(f"style: “short” vai “long”, nevis “{style}” / style must be short or long")
    single = format_date_short if style == "short" else format_date_long
    if start is None or end is None:
        present = start if start is not None else end
        return DASH if present is None else single(present, lang=lang)
    first, last = to_date(start), to_date(end)
    if first == last:
        return single(first, lang=lang)
    if style == "short":
        return f"{single(first, lang=lang)}–{single(last, lang=lang)}"
    locale = locale_for(lang)
    if first.year != last.year:
        return f"{single(first, lang=lang)} – {single(last, lang=lang)}"
    if lang == "lv":
        year = f"{first.year}. gada "
        if first.month == last.month:
            return f"{year}{first.day}.–{_babel_date(last, 'd. MMMM', locale=locale)}"
        return f"{year}{_babel_date(first, 'd. MMMM', locale=locale)} – {_babel_date(last, 'd. MMMM', locale=locale)}"
    if first.month == last.month:
        return f"{first.day}–{_babel_date(last, 'd MMMM y', locale=locale)}"
    return f"{_babel_date(first, 'd MMMM', locale=locale)} – {_babel_date(last, 'd MMMM y', locale=locale)}"


def format_count(count: Number | None, word: str, *, lang: str = "lv", nbsp: bool = True) -> str:
    """A number with its word: `1 mobilitāte`, `2 mobilitātes`, `0 mobilitāšu`; en `21 mobilities`."""
    if count is None:
        return DASH
    return f"{format_number(count, lang=lang, nbsp=nbsp)} {plural_word(count, word, lang=lang)}"


__all__ = [
    "DASH", "LOCALES", "locale_for", "format_number", "format_money", "format_percent", "to_date", "format_date_long",
    "format_date_short", "format_date_range", "plural_category", "plural_word", "format_count",
]
