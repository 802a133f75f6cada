"""Turning one cell's raw value into a typed value, or saying why it cannot be.

A parser returns the typed value or raises `CellProblem(code, **params)`; the reader turns the
problem into a `Finding` with the cell's address. Dates accept Excel dates and the text forms
staff type (05.03.2025., 2025-03-05, 5/3/2025, 2025. gada 5. marts).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from erasmus_xl.model.countries import country_code, suggest_country
from erasmus_xl.model.schema import ColumnSpec, enumerations
from erasmus_xl.model.text import clean_text, normalize_key

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serial numbers accepted in a date column when the cell has no date format (1990–2100).
SERIAL_RANGE = (32874, 73051)
PLAUSIBLE_YEARS = (2000, 2100)

LATVIAN_MONTHS = {
    "janvaris": 1, "februaris": 2, "marts": 3, "aprilis": 4, "maijs": 5, "junijs": 6, "julijs": 7,
    "augusts": 8, "septembris": 9, "oktobris": 10, "novembris": 11, "decembris": 12,
    "janvari": 1, "februari": 2, "marta": 3, "aprili": 4, "maija": 5, "junija": 6, "julija": 7,
    "augusta": 8, "septembri": 9, "oktobri": 10, "novembri": 11, "decembri": 12,
}

_DMY = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})\.?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_AMOUNT_JUNK = re.compile(r"[\s\u00a0\u202f€]|eur|euro", re.IGNORECASE)


class CellProblem(Exception):
    """Why a cell cannot be read; `kept` in params is a value the row keeps anyway (a warning)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if SERIAL_RANGE[0] <= value < SERIAL_RANGE[1]:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellProblem("not_a_date")
    text = clean_text(str(value))
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if (long_date := _long_lv(text)) is not None:
            return long_date
    except ValueError:  # e.g. 31.02.2025
        pass
    raise CellProblem("not_a_date")


def _long_lv(text: str) -> dt.date | None:
    """'2025. gada 5. marts' -> 2025-03-05 (diacritics optional)."""
    parts = normalize_key(text).split()
    if len(parts) == 4 and parts[1] == "gada" and parts[0].isdigit() and parts[2].isdigit():
        month = LATVIAN_MONTHS.get(parts[3])
        if month:
            return dt.date(int(parts[0]), month, int(parts[2]))
    return None


def parse_year_or_date(value: object) -> dt.date:
    """A year alone (2022) means 1 January of that year."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() and 1900 <= value <= 2100:
        return dt.date(int(value), 1, 1)
    if isinstance(value, str) and clean_text(value).rstrip(".").isdigit() and len(clean_text(value).rstrip(".")) == 4:
        return dt.date(int(clean_text(value).rstrip(".")), 1, 1)
    return parse_date(value)


def parse_amount(value: object) -> Decimal:
    """Money to the cent: 1234.5, '1 234,50 €', '1234.50'."""
    if isinstance(value, bool):
        raise CellProblem("not_a_number")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellProblem("not_a_number")
        return _to_cents(Decimal(repr(value)))
    text = _AMOUNT_JUNK.sub("", clean_text(str(value))).replace("\u2212", "-")
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellProblem("not_a_number") from None
    if not number.is_finite():
        raise CellProblem("not_a_number")
    return _to_cents(number)


def _to_cents(number: Decimal) -> Decimal:
    """Rounded to the cent; a number too large for that (1e30) is not an amount anyone means."""
    try:
        return number.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise CellProblem("not_a_number") from None


def parse_int(value: object) -> int:
    if isinstance(value, bool):
        raise CellProblem("not_whole_number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellProblem("not_whole_number")
    try:
        number = parse_amount(value)
    except CellProblem:
        raise CellProblem("not_a_number") from None
    if number != number.to_integral_value():
        raise CellProblem("not_whole_number")
    return int(number)


def parse_text(value: object) -> str:
    if value.__class__ is str:
        return clean_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d.%m.%Y.")
    return clean_text(str(value))


def parse_id(value: object) -> str:
    """IDs compare case-sensitively but without stray spaces; 12.0 from Excel is '12'."""
    return parse_text(value)


def parse_country(value: object) -> str:
    text = parse_text(value)
    code = country_code(text)
    if code is None:
        raise CellProblem("country_unknown", suggestion=suggest_country(text))
    return code


def make_parser(column: ColumnSpec) -> Callable[[object], object]:
    """The parser for one column; built once per sheet so the row loop does no dispatch."""
    if column.type == "enum":
        enumeration = enumerations()[column.enum]  # type: ignore[index]
        as_bool = column.enum == "yes_no"

        descriptive = column.enum_severity == "warning"

        def parse_enum(value: object) -> object:
            text = parse_text(value)
            code = enumeration.resolve(text)
            if code is None:
                if descriptive:   # the schema's enum_severity: a warning, and the row keeps the typed text
                    raise CellProblem("enum_unlisted", suggestion=enumeration.suggest(text), kept=text)
                raise CellProblem("enum_invalid", suggestion=enumeration.suggest(text))
            return (code == "yes") if as_bool else code

        return parse_enum
    if column.type == "int" and (column.min is not None or column.max is not None):
        low, high = column.min, column.max

        def parse_bounded(value: object) -> int:
            number = parse_int(value)
            if (low is not None and number < low) or (high is not None and number > high):
                if high is None:
                    raise CellProblem("number_below_minimum", min=low)
                raise CellProblem("number_out_of_range", min=low, max=high)
            return number

        return parse_bounded
    return {
        "text": parse_text, "id": parse_id, "project_number": parse_id, "oid": parse_id,
        "date": parse_date, "year_or_date": parse_year_or_date, "int": parse_int,
        "amount": parse_amount, "country": parse_country,
    }[column.type]


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())  # strip() knows NBSP too
