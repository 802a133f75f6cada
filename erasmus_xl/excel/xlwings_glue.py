"""Excel glue: the worksheet functions (UDFs) and the button macros, for the xlwings add-in.

Thin on purpose: each function turns Excel's arguments into Python ones and calls the library
(indicators, distance, rates, the activity rules). Errors come back as a short Latvian text
"#KĻŪDA: …" in the cell, never as an exception (Excel would show only "#VALUE!").

Setup (docs/excel-addin.md): the workbook's xlwings.conf sheet has
`UDF Modules = erasmus_xl.excel.xlwings_glue`; on Windows, xlwings ▸ Import Functions writes the VBA
wrappers. Worksheet functions are Windows-only in the classic add-in (not on macOS).

Argument names become VBA parameter names (xlwings ▸ Import Functions), so none may be a VBA
keyword (`end` is one: hence `end_date`). `caller` is a name xlwings reserves: Excel does not
show it, and xlwings fills it with the calling cell (a Range), whose workbook file is the
register read. `workbook` (optional, shown
in Excel) names another register file instead. The file on disk is what is read — the saved
version: save (Ctrl+S) and the cells pick up the change on their next recalculation (the
register functions are volatile; the file is re-read only when its time stamp changes).

On Linux xlwings' decorators are pass-through, so this module imports and runs as plain Python
in the tests; tests/test_xlwings_glue.py also decorates it with xlwings' Windows decorators to
check the metadata Excel would get.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import xlwings as xw

from erasmus_xl.model.wording import ui_both, ui_entries, ui_text

# xlwings Lite and xlwings Server have no `sub` decorator (a deprecated alias of `script`):
# this module then still imports (erasmus_xl.excel.lite reuses its worksheet functions).
_macro = getattr(xw, "sub", None) or xw.script

ERROR_PREFIX = ui_text("worksheet_functions.error_prefix", "lv")
CATEGORY = "Erasmus+"
MAX_ERROR_LENGTH = 160
_ACADEMIC = re.compile(r"^\s*(\d{4})\s*/\s*(\d{2}|\d{4})\s*$")


class UdfProblem(Exception):
    """A wrong argument, told in Latvian in the cell."""


def _answer(compute: Callable[[], Any]) -> Any:
    """Run a function body; any problem becomes "#KĻŪDA: …" (short, Latvian)."""
    from erasmus_xl.model.errors import RegisterError

    try:
        return compute()
    except UdfProblem as problem:
        return ERROR_PREFIX + str(problem)
    except RegisterError as problem:   # PlaceNotFound and RatesUnavailable are RegisterErrors
        return ERROR_PREFIX + _short(problem.message)
    except Exception as problem:  # a cell must never show a traceback
        return ERROR_PREFIX + str(_problem("udf_unexpected", kind=type(problem).__name__))


def _problem(code: str, **params: Any) -> UdfProblem:
    """A wrong argument told in Latvian: data/messages.json, section excel, `code`."""
    from erasmus_xl.excel.buttons import excel_message

    return UdfProblem(excel_message(code, **params)[0])


def arg_doc(name: str) -> str:
    """The help Excel shows for an argument (data/ui_texts.json, worksheet_functions.args)."""
    return ui_both(f"worksheet_functions.args.{name}")


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_ERROR_LENGTH else text[: MAX_ERROR_LENGTH - 1] + "…"


# --------------------------------------------------------------------------- arguments


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def workbook_path(workbook: Any = None, caller: Any = None) -> Path:
    """The register file: the `workbook` argument, else the calling cell's workbook."""
    if not _blank(workbook):
        return Path(str(workbook).strip().strip('"'))
    if caller is not None:
        from erasmus_xl.excel.excel_live import book_location

        try:
            location = book_location(caller.sheet.book)
        except Exception:
            location = None
        if location is not None and location.path is not None:
            return location.path
        code = "udf_cloud" if location is not None and location.kind == "cloud" else "udf_unsaved"
        raise _problem(code)
    raise _problem("udf_no_file")


def year_arg(value: Any) -> tuple[int, str]:
    """2025 → (2025, "calendar"); "2025/2026" or "2025/26" → (2025, "academic")."""
    from erasmus_xl.io.cells import CellProblem, parse_int

    if isinstance(value, str) and (match := _ACADEMIC.match(value)):
        return int(match[1]), "academic"
    try:
        year = parse_int(value)
    except CellProblem:
        year = None
    if year is None or isinstance(value, bool) or not 2000 <= year <= 2100:
        raise _problem("udf_not_a_year", value=_shown(value))
    return year, "calendar"


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


@lru_cache(maxsize=1)
def _indicator_lookup() -> dict[str, str]:
    from erasmus_xl.model.text import normalize_key
    from erasmus_xl.resources import load_data

    lookup: dict[str, str] = {}
    for item in load_data("targets")["indicators"]:
        for spelling in (item["key"], item["lv"], item["en"]):
            lookup.setdefault(normalize_key(spelling), item["key"])
    return lookup


def indicator_key(value: Any) -> str:
    from erasmus_xl.model.text import normalize_key

    key = _indicator_lookup().get(normalize_key(str(value or "")))
    if key is None:
        raise _problem("udf_unknown_indicator", value=_shown(value))
    return key


def _indicator(key: Any, year: Any, workbook: Any, caller: Any):
    from erasmus_xl.excel.udf_cache import cached_register

    return indicator_of(cached_register(workbook_path(workbook, caller)), key, year)


def indicator_of(entry: Any, key: Any, year: Any):
    """One indicator of a cached register (udf_cache.CachedRegister) in a year, or UdfProblem."""
    code = indicator_key(key)
    number, basis = year_arg(year)
    item = entry.indicator_report(number, basis).indicator(code, number)
    if item is None:
        raise _problem("udf_not_computed", key=code, year=_shown(year))
    return item


def km_arg(value: Any) -> float:
    if isinstance(value, bool) or _blank(value):
        raise _problem("udf_km_missing")
    if isinstance(value, (int, float)):
        km = float(value)
    else:
        try:
            km = float(str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".").removesuffix("km"))
        except ValueError:
            raise _problem("udf_not_km", value=_shown(value)) from None
    if math.isnan(km) or km < 0:
        raise _problem("udf_not_km", value=_shown(value))
    return km


def bool_arg(value: Any) -> bool:
    """TRUE/FALSE, 1/0, jā/nē, yes/no."""
    from erasmus_xl.model.schema import enumerations

    if isinstance(value, bool):
        return value
    if _blank(value):
        return False
    if isinstance(value, (int, float)):
        return value != 0
    code = enumerations()["yes_no"].resolve(str(value))
    if code is None and str(value).strip().upper() in ("TRUE", "PATIESS", "FALSE", "APLAMS"):
        code = "yes" if str(value).strip().upper() in ("TRUE", "PATIESS") else "no"
    if code is None:
        raise _problem("udf_not_yes_no", value=_shown(value))
    return code == "yes"


def date_arg(value: Any, which: str) -> dt.date:
    """A start or end date (`which`: "start" or "end") of a worksheet function's argument."""
    from erasmus_xl.io.cells import CellProblem, parse_date

    what = ui_text(f"worksheet_functions.dates.{which}", "lv")
    if _blank(value):
        raise _problem("udf_date_missing", what=what)
    try:
        return parse_date(value)
    except CellProblem:
        raise _problem("udf_not_a_date", what=what, value=_shown(value)) from None


def place_arg(value: Any) -> tuple[str, str | None]:
    """"Kaunas" or "Kaunas, LT" / "Kaunas, Lietuva": the city and, optionally, its country."""
    from erasmus_xl.model.countries import country_code

    if _blank(value):
        raise _problem("udf_city_missing")
    text = str(value).strip()
    if "," in text:
        city, country = text.rsplit(",", 1)
        code = country_code(country.strip())
        if code:
            return city.strip(), code
    return text, None


# --------------------------------------------------------------------------- worksheet functions


@xw.func(category=CATEGORY, volatile=True)
@xw.arg("key", doc=arg_doc("indicator_example"))
@xw.arg("year", doc=arg_doc("year_or_school_year"))
@xw.arg("workbook", doc=arg_doc("workbook"))
def EXL_INDICATOR(key: Any, year: Any, workbook: Any = None, caller: Any = None) -> Any:
    """Notikušo skaits (rindas ar kļūdām neieskaita) / Actual count of an indicator in a year."""
    return _answer(lambda: _indicator(key, year, workbook, caller).actual)


@xw.func(category=CATEGORY, volatile=True)
@xw.arg("key", doc=arg_doc("indicator"))
@xw.arg("year", doc=arg_doc("year"))
@xw.arg("workbook", doc=arg_doc("workbook"))
def EXL_TARGET(key: Any, year: Any, workbook: Any = None, caller: Any = None) -> Any:
    """Mērķis no lapas “Mērķi” (vai stratēģijas) / The target; empty when none is set."""
    return _answer(lambda: _indicator(key, year, workbook, caller).target)


@xw.func(category=CATEGORY, volatile=True)
@xw.arg("key", doc=arg_doc("indicator"))
@xw.arg("year", doc=arg_doc("year"))
@xw.arg("workbook", doc=arg_doc("workbook"))
def EXL_PROGRESS(key: Any, year: Any, workbook: Any = None, caller: Any = None) -> Any:
    """Izpilde: notikušās / mērķis (daļa; formatējiet kā %) / Actual ÷ target as a fraction."""
    def compute() -> Any:
        item = _indicator(key, year, workbook, caller)
        return None if not item.target else item.actual / item.target
    return _answer(compute)


INDICATORS_HEADER = [f"{entry['lv']} / {entry['en']}" for entry in ui_entries("worksheet_functions.indicators_header")]


@xw.func(category=CATEGORY, volatile=True)
@xw.arg("year", doc=arg_doc("year_or_school_year"))
@xw.arg("workbook", doc=arg_doc("workbook"))
@xw.ret(expand="table")   # Excel 2016/2019 have no spilling: xlwings then resizes the formula to the table
def EXL_INDICATORS(year: Any, workbook: Any = None, caller: Any = None) -> Any:
    """Visu rādītāju tabula ar virsrakstiem (izplešas uz leju) / All indicators as a spilled table."""
    def compute() -> Any:
        from erasmus_xl.excel.udf_cache import cached_register

        return indicators_table(cached_register(workbook_path(workbook, caller)), year)
    return _answer(compute)


def indicators_table(entry: Any, year: Any) -> list[list[Any]]:
    """Every indicator of a cached register in a year, with the header row (EXL_INDICATORS)."""
    number, basis = year_arg(year)
    report = entry.indicator_report(number, basis)
    table: list[list[Any]] = [list(INDICATORS_HEADER)]
    for item in report.indicators:
        table.append([item.label, item.key, item.actual, item.pipeline, item.forecast, item.target,
                      None if not item.target else item.actual / item.target, item.status_lv])
    return table


@xw.func(category=CATEGORY)
@xw.arg("from_place", doc=arg_doc("from_place"))
@xw.arg("to_place", doc=arg_doc("to_place"))
def EXL_DISTANCE_KM(from_place: Any, to_place: Any) -> Any:
    """Lielā riņķa attālums km vienā virzienā (kā Erasmus+ joslām) / One-way great-circle km."""
    def compute() -> Any:
        from erasmus_xl.domain.distance import distance_km

        (city_a, country_a), (city_b, country_b) = place_arg(from_place), place_arg(to_place)
        return round(distance_km(city_a, city_b, from_country=country_a, to_country=country_b), 1)
    return _answer(compute)


@xw.func(category=CATEGORY)
@xw.arg("km", doc=arg_doc("km"))
def EXL_BAND(km: Any) -> Any:
    """Erasmus+ attāluma josla, piem., “100–499 km” / The Erasmus+ distance band."""
    def compute() -> Any:
        from erasmus_xl.domain.distance import travel_band

        return travel_band(km_arg(km)).label("lv")
    return _answer(compute)


@xw.func(category=CATEGORY)
@xw.arg("km", doc=arg_doc("km"))
@xw.arg("green", doc=arg_doc("green"))
@xw.arg("call_year", doc=arg_doc("call_year"))
def EXL_TRAVEL_GRANT(km: Any, green: Any, call_year: Any) -> Any:
    """Ceļa izdevumu vienības izmaksa EUR (turp un atpakaļ) / Travel unit cost in EUR."""
    def compute() -> Any:
        distance = km_arg(km)
        is_green = bool_arg(green)
        year, _ = year_arg(call_year)
        rates = _rates(year)
        band = rates.band_for(distance)
        if band.index == 0:
            return 0
        rate = rates.get("travel_green" if is_green else "travel_standard", band=band.key)
        if is_green and not rate.known and rates.green_absent_uses_standard:
            rate = rates.get("travel_standard", band=band.key)
        if not rate.known:
            raise _problem("udf_rate_unknown", year=year, band=band.label("lv"))
        amount = float(rate.amount)
        return int(amount) if amount.is_integer() else amount
    return _answer(compute)


@lru_cache(maxsize=16)
def _rates(call_year: int):
    """A call year's rates as shipped (the worksheet function does not read a Likmes sheet)."""
    from erasmus_xl.domain.rates import load_rates

    return load_rates(call_year)


@lru_cache(maxsize=1)
def _duration_limits() -> dict[str, dict[str, Any]]:
    from erasmus_xl.resources import load_data

    return {item["code"]: item for item in load_data("activity_types")["types"]}


@xw.func(category=CATEGORY)
@xw.arg("activity", doc=arg_doc("activity"))
@xw.arg("start_date", doc=arg_doc("start_date"))
@xw.arg("end_date", doc=arg_doc("end_date"))
def EXL_DURATION_OK(activity: Any, start_date: Any, end_date: Any) -> Any:
    """Vai ilgums (dienas, ieskaitot pirmo un pēdējo) atbilst aktivitātes robežām / Duration within limits."""
    def compute() -> Any:
        from erasmus_xl.model.schema import enumerations

        code = enumerations()["activity_type"].resolve(str(activity or ""))
        if code is None or code not in _duration_limits():
            raise _problem("udf_unknown_activity", value=_shown(activity))
        first, last = date_arg(start_date, "start"), date_arg(end_date, "end")
        if last < first:
            raise _problem("udf_end_before_start")
        days = (last - first).days + 1
        rule = _duration_limits()[code]
        return rule["min_days"] <= days <= rule["max_days"]
    return _answer(compute)


WORKSHEET_FUNCTIONS = (EXL_INDICATOR, EXL_TARGET, EXL_PROGRESS, EXL_INDICATORS, EXL_DISTANCE_KM, EXL_BAND,
                       EXL_TRAVEL_GRANT, EXL_DURATION_OK)


# --------------------------------------------------------------------------- macros (one per button)
# After xlwings ▸ Import Functions these exist as VBA macros too: a button can then be assigned
# one of them directly (Assign Macro…), without the SampleCall dispatch. They carry no return
# annotation on purpose: on Windows xlwings turns annotations into converters, and `-> None`
# would ask for a converter of NoneType, which does not exist.


@_macro
def exl_validate():
    """Pārbaudīt / Validate."""
    from erasmus_xl.excel.buttons import run_action

    run_action("validate")


@_macro
def exl_indicators():
    """Atjaunot rādītājus / Refresh indicators."""
    from erasmus_xl.excel.buttons import run_action

    run_action("indicators")


@_macro
def exl_report():
    """Gada pārskats / Annual report."""
    from erasmus_xl.excel.buttons import run_action

    run_action("report")


@_macro
def exl_action_plan():
    """Rīcības plāns / Action plan."""
    from erasmus_xl.excel.buttons import run_action

    run_action("action_plan")


@_macro
def exl_annex():
    """KA1 pielikums / KA1 annex."""
    from erasmus_xl.excel.buttons import run_action

    run_action("annex")


@_macro
def exl_budget():
    """Budžets / Budget."""
    from erasmus_xl.excel.buttons import run_action

    run_action("budget")


@_macro
def exl_versions():
    """Versijas / Versions."""
    from erasmus_xl.excel.buttons import run_action

    run_action("versions")


MACROS = (exl_validate, exl_indicators, exl_report, exl_action_plan, exl_annex, exl_budget, exl_versions)


def main() -> None:
    """RunPython entry (quickstart style): dispatch on the clicked button."""
    from erasmus_xl.excel.buttons import main as buttons_main

    buttons_main()


__all__ = [f.__name__ for f in WORKSHEET_FUNCTIONS] + [m.__name__ for m in MACROS] + [
    "WORKSHEET_FUNCTIONS", "MACROS", "ERROR_PREFIX", "INDICATORS_HEADER", "workbook_path", "year_arg",
    "indicator_key", "indicator_of", "indicators_table", "main",
]
