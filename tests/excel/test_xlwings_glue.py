"""The worksheet functions: imported with the real xlwings, called as Python with known answers,
cached per saved file, and — decorated with xlwings' own Windows decorators in a subprocess —
giving Excel the metadata and VBA wrappers it needs."""
from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from builders import valid_rows, write_workbook

from erasmus_xl.excel import udf_cache
from erasmus_xl.excel import xlwings_glue as glue
from erasmus_xl.excel.xlwings_glue import (
    EXL_BAND,
    EXL_DISTANCE_KM,
    EXL_DURATION_OK,
    EXL_INDICATOR,
    EXL_INDICATORS,
    EXL_PROGRESS,
    EXL_TARGET,
    EXL_TRAVEL_GRANT,
    INDICATORS_HEADER,
)

ROOT = Path(__file__).resolve().parents[2]
VBA_KEYWORDS = {w.lower() for w in ["And", "As", "Boolean", "ByRef", "Byte", "ByVal", "Call", "Case", "CBool", "CByte", "CCur", "CDate", "CDbl", "CDec", "CInt", "CLng", "CLngLng", "CLngPtr", "CSng", "CStr", "CVar", "Currency", "Date", "Declare", "Dim", "Do", "Double", "Each", "Else", "ElseIf", "End", "Enum", "Eqv", "Erase", "Event", "Exit", "False", "For", "Friend", "Function", "Get", "Global", "GoSub", "GoTo", "If", "Imp", "Implements", "In", "Integer", "Is", "Let", "Like", "Long", "LongLong", "LongPtr", "Loop", "LSet", "Me", "Mod", "New", "Next", "Not", "Nothing", "Null", "On", "Optional", "Or", "ParamArray", "Preserve", "Private", "Public", "RaiseEvent", "ReDim", "Rem", "Resume", "Return", "RSet", "Select", "Set", "Single", "Static", "Step", "Stop", "String", "Sub", "Then", "To", "True", "Type", "TypeOf", "Until", "Variant", "Wend", "While", "With", "WithEvents", "Xor", "Open", "Close", "Print", "Input", "Line", "Name", "Put", "Seek", "Lock", "Unlock", "Write", "Error"]}


@pytest.fixture(autouse=True)
def fresh_cache():
    udf_cache.clear()
    yield
    udf_cache.clear()


@pytest.fixture
def register(tmp_path):
    return write_workbook(tmp_path / "reģistrs.xlsx")


def caller_in(path: Path | str) -> Any:
    """What xlwings passes as `caller`: a Range whose sheet's book has a full name."""
    return SimpleNamespace(sheet=SimpleNamespace(book=SimpleNamespace(fullname=str(path))))


# --------------------------------------------------------------------------- the module and its signatures


def test_glue_imports_the_real_xlwings():
    import xlwings

    assert glue.xw is xlwings and xlwings.__version__
    assert xlwings.func.__module__ == "xlwings"          # on Linux: the pass-through decorators
    assert set(glue.__all__) >= {f.__name__ for f in glue.WORKSHEET_FUNCTIONS}


@pytest.mark.parametrize("function", glue.WORKSHEET_FUNCTIONS, ids=lambda f: f.__name__)
def test_signatures_suit_xlwings_and_vba(function):
    parameters = list(inspect.signature(function).parameters.values())
    # xlwings refuses keyword-only arguments; optional ones must come last
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters)
    seen_default = False
    for p in parameters:
        seen_default = seen_default or p.default is not inspect.Parameter.empty
        assert p.default is not inspect.Parameter.empty or not seen_default
        assert p.name.lower() not in VBA_KEYWORDS, f"{p.name} is a VBA keyword"
        assert p.annotation in (Any, "Any")           # converters xlwings has (a union type would break on Windows)
    if function.__name__ in ("EXL_INDICATOR", "EXL_TARGET", "EXL_PROGRESS", "EXL_INDICATORS"):
        assert [p.name for p in parameters[-2:]] == ["workbook", "caller"]
        assert parameters[-1].default is None
    assert function.__doc__ and " / " in function.__doc__         # Latvian / English in the function wizard


def test_windows_decorators_give_excel_the_metadata_and_vba(tmp_path):
    """Run the glue under xlwings' Windows decorators (pywin32 stubbed) and generate the VBA that
    xlwings ▸ Import Functions would put into the workbook."""
    script = textwrap.dedent("""
        import io, json, sys, types
        for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
            sys.modules[name] = types.ModuleType(name)
        sys.modules["pythoncom"].CoInitialize = lambda: None
        sys.modules["win32com.client"].Dispatch = lambda *a, **k: None
        sys.modules["win32com"].client = sys.modules["win32com.client"]
        import xlwings, xlwings.udfs as udfs
        from xlwings.conversion import accessors
        xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
        xlwings.sub = xlwings.script = udfs.xlsub
        import erasmus_xl.excel.xlwings_glue as glue
        vba = io.StringIO()
        udfs.generate_vba_wrapper("erasmus_xl.excel.xlwings_glue", glue, vba, types.SimpleNamespace(Name="register.xlsm"))
        found = {}
        for name in dir(glue):
            info = getattr(getattr(glue, name), "__xlfunc__", None)
            if info is None:
                continue
            found[name] = {
                "sub": info["sub"], "category": info["category"], "volatile": info["volatile"],
                "args": [{"name": a["name"], "vba": a["vba"], "doc": a["doc"], "optional": "optional" in a,
                          "convert_known": a["options"].get("convert") in accessors} for a in info["args"]],
                "ret_known": info["ret"]["options"].get("convert") in accessors,
                "expand": info["ret"]["options"].get("expand"),
            }
        print(json.dumps({"functions": found, "vba": vba.getvalue()}))
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    functions, vba = result["functions"], result["vba"]
    names = {f.__name__ for f in glue.WORKSHEET_FUNCTIONS} | {m.__name__ for m in glue.MACROS}
    assert set(functions) == names
    for name, info in functions.items():
        assert info["category"] == "Erasmus+" or info["sub"]
        assert info["ret_known"] and all(a["convert_known"] for a in info["args"]), name
    indicator = functions["EXL_INDICATOR"]
    assert indicator["volatile"] and not functions["EXL_BAND"]["volatile"]
    assert [a["name"] for a in indicator["args"]] == ["key", "year", "workbook", "caller"]
    assert indicator["args"][-1]["vba"] == "Nothing"                  # hidden, filled by xlwings
    assert indicator["args"][0]["doc"].startswith("Rādītāja kods")
    assert "Function EXL_INDICATOR(key, year, Optional workbook)" in vba
    assert 'Array(key, year, workbook, Nothing)' in vba
    assert "Function EXL_DURATION_OK(activity, start_date, end_date)" in vba
    assert "Function EXL_TRAVEL_GRANT(km, green, call_year)" in vba
    assert "Sub exl_validate()" in vba and "Sub exl_versions()" in vba
    assert all(functions[m.__name__]["sub"] for m in glue.MACROS)
    # the table resizes itself where Excel cannot spill (2016/2019): xlwings' call_udf resizes only
    # when the return options ask for "expand"; single-value functions must not ask for it
    assert functions["EXL_INDICATORS"]["expand"] == "table"
    assert [n for n, info in functions.items() if info.get("expand")] == ["EXL_INDICATORS"]
    assert "Function EXL_INDICATORS(year, Optional workbook)" in vba


# --------------------------------------------------------------------------- known answers


def test_band():
    assert EXL_BAND(280) == "100–499 km"
    assert EXL_BAND(99.9) == "10–99 km" and EXL_BAND(100) == "100–499 km"
    assert EXL_BAND(5) == "mazāk par 10 km"
    assert EXL_BAND("1 200,5") == "500–1999 km"
    assert EXL_BAND("tāls").startswith("#KĻŪDA: ") and EXL_BAND(None).startswith("#KĻŪDA: ")


def test_travel_grant():
    assert EXL_TRAVEL_GRANT(280, False, 2024) == 180
    assert EXL_TRAVEL_GRANT(280, True, 2024) == 210
    assert EXL_TRAVEL_GRANT(280.0, "jā", 2024.0) == 210 and EXL_TRAVEL_GRANT(280, "nē", 2024) == 180
    assert EXL_TRAVEL_GRANT(50, True, 2024) == 23              # no green amount in 10–99 km: the standard one
    assert EXL_TRAVEL_GRANT(5, False, 2024) == 0
    assert EXL_TRAVEL_GRANT(280, False, 2031).startswith("#KĻŪDA: Konkursa gadam 2031")
    assert EXL_TRAVEL_GRANT(280, "varbūt", 2024).startswith("#KĻŪDA: ")


def test_duration_ok():
    assert EXL_DURATION_OK("LM-SHORT-VET", dt.datetime(2025, 9, 1), dt.datetime(2025, 9, 21)) is True
    assert EXL_DURATION_OK("LM-SHORT-VET", "01.09.2025", "05.09.2025") is False          # 5 days < 10
    assert EXL_DURATION_OK("Darba vērošana", 45901.0, 45905.0) is True                   # Excel serials, Latvian name
    assert EXL_DURATION_OK("LM-SHORT-VET", "21.09.2025", "01.09.2025") == "#KĻŪDA: beigu datums ir pirms sākuma datuma"
    assert EXL_DURATION_OK("LM-NONE", "01.09.2025", "21.09.2025").startswith("#KĻŪDA: nezināms aktivitātes veids")
    assert EXL_DURATION_OK("LM-SHORT-VET", "", "21.09.2025") == "#KĻŪDA: nav norādīts sākuma datums"


def test_distance():
    assert EXL_DISTANCE_KM("Rēzekne", "Kaunas") == pytest.approx(280, abs=2)
    assert EXL_DISTANCE_KM("Rēzekne, LV", "Berlin, Vācija") == pytest.approx(1000, abs=10)
    assert EXL_DISTANCE_KM("Rēzekne", "Xyzzyqq").startswith("#KĻŪDA: Pilsēta “Xyzzyqq”")
    assert len(EXL_DISTANCE_KM("Rēzekne", "Xyzzyqq")) <= len("#KĻŪDA: ") + glue.MAX_ERROR_LENGTH


# --------------------------------------------------------------------------- the register functions


def test_indicator_target_progress(register):
    assert EXL_INDICATOR("learner_mobility_out", 2025, register) == 1
    assert EXL_INDICATOR("Izglītojamo prakses mobilitātes", 2025.0, register) == 1   # the Latvian name works
    assert EXL_TARGET("learner_mobility_out", 2025, register) == 25
    assert EXL_PROGRESS("learner_mobility_out", 2025, register) == pytest.approx(1 / 25)
    assert EXL_TARGET("new_partners", 2025, register) is None                       # no target: an empty cell
    assert EXL_PROGRESS("new_partners", 2025, register) is None
    assert EXL_INDICATOR("staff_hosted", 2025, register) == 2                         # the Skaits column
    assert EXL_INDICATOR("learner_mobility_out", "2025/2026", register) == 1          # school year 2025/26


def test_the_calling_workbook_is_the_register(register):
    assert EXL_INDICATOR("learner_mobility_out", 2025, None, caller_in(register)) == 1
    assert EXL_INDICATOR("learner_mobility_out", 2025, None, caller_in("Book1")).startswith(
        "#KĻŪDA: darbgrāmata vēl nav saglabāta")
    assert "OneDrive" in EXL_INDICATOR("learner_mobility_out", 2025, None,
                                       caller_in("https://d.docs.live.net/1a/register.xlsm"))
    assert EXL_INDICATOR("learner_mobility_out", 2025).startswith("#KĻŪDA: nav zināms reģistra fails")


def test_wrong_arguments_are_short_latvian_texts(register, tmp_path):
    assert EXL_INDICATOR("nav", 2025, register).startswith("#KĻŪDA: nezināms rādītājs “nav”")
    assert EXL_INDICATOR("events", "pagājušais", register).startswith("#KĻŪDA: “pagājušais” nav gads")
    assert EXL_INDICATOR("events", True, register).startswith("#KĻŪDA: ")
    assert EXL_INDICATOR("events", 2025, tmp_path / "nav.xlsx").startswith("#KĻŪDA: Fails “nav.xlsx” nav atrasts")
    not_register = write_workbook(tmp_path / "cits.xlsx", omit_sheets=("projects",))
    text = EXL_INDICATOR("events", 2025, not_register)
    assert text.startswith("#KĻŪDA: ") and len(text) <= len("#KĻŪDA: ") + glue.MAX_ERROR_LENGTH


def test_indicators_spill_a_rectangular_table_with_headers(register):
    table = EXL_INDICATORS(2025, register)
    assert table[0] == INDICATORS_HEADER
    assert len(table) == 10 and {len(row) for row in table} == {8}
    learners = next(row for row in table if row[1] == "learner_mobility_out")
    assert learners[2:7] == [1, 0, 1, 25, pytest.approx(0.04)]
    partners = next(row for row in table if row[1] == "new_partners")
    assert partners[5] is None and partners[6] is None          # no target: no value, not text
    assert EXL_INDICATORS("x", register).startswith("#KĻŪDA: ")


def test_rows_with_errors_in_a_needed_column_are_not_counted(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0]["end_date"] = "drīzumā"
    path = write_workbook(tmp_path / "r.xlsx", rows)
    assert EXL_INDICATOR("learner_mobility_out", 2025, path) == 0


def test_an_error_in_a_descriptive_column_leaves_the_row_counted(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0]["country"] = "Marss"
    path = write_workbook(tmp_path / "r.xlsx", rows)
    assert EXL_INDICATOR("learner_mobility_out", 2025, path) == 1


# --------------------------------------------------------------------------- the cache


def test_register_is_read_once_per_saved_version(register):
    rows = valid_rows()
    assert EXL_INDICATOR("learner_mobility_out", 2025, register) == 1
    for _ in range(50):
        EXL_INDICATOR("learner_mobility_out", 2025, register)
        EXL_TARGET("events", 2025, register)
    assert udf_cache.stats == {"hits": 100, "misses": 1}
    rows["mobilities"].append({**rows["mobilities"][0], "id": "M3", "first_name": "Līga",
                               "start_date": dt.date(2025, 11, 3), "end_date": dt.date(2025, 11, 21)})
    time.sleep(0.01)
    write_workbook(register, rows)                                       # the user saves again
    os.utime(register, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert EXL_INDICATOR("learner_mobility_out", 2025, register) == 2
    assert udf_cache.stats["misses"] == 2


def test_cache_keeps_a_few_workbooks(tmp_path):
    paths = [write_workbook(tmp_path / f"r{i}.xlsx") for i in range(udf_cache.MAX_ENTRIES + 2)]
    for path in paths:
        assert EXL_INDICATOR("events", 2025, path) == 1
    assert len(udf_cache._entries) == udf_cache.MAX_ENTRIES
    entry = udf_cache.cached_register(paths[-1])
    assert entry.indicator_report(2025) is entry.indicator_report(2025)   # one report per year and day
