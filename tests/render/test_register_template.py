"""The register workbook writer: the committed workbook is current, it reads back clean, the
drop-downs and validations are there, and a real client (LibreOffice) opens it."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import pdf_text

from erasmus_xl.io.reader import read_register, strategy_targets
from erasmus_xl.model.countries import latvian_names_sorted
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.records import RECORD_TYPES
from erasmus_xl.model.schema import enumerations, sheet_specs, special_sheet
from erasmus_xl.render.register_template import LAST_VALIDATED_ROW, LISTS_SHEET, write_register
from erasmus_xl.resources import load_data

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "workbooks" / "register.xlsx"


def canonical_dump(path: Path) -> dict:
    """What matters in a workbook, independent of zip timestamps and attribute order."""
    book = openpyxl.load_workbook(path)
    dump: dict = {
        "sheets": [(ws.title, ws.sheet_state) for ws in book.worksheets],
        "defined_names": sorted((name, dn.attr_text) for name, dn in book.defined_names.items()),
        "properties": (book.properties.title, book.properties.creator, book.properties.created,
                       book.properties.modified),
    }
    for ws in book.worksheets:
        dump[ws.title] = {
            "cells": [(c.coordinate, c.value, c.number_format) for row in ws.iter_rows() for c in row
                      if c.value is not None],
            "tables": sorted((t.displayName, t.ref, tuple(col.name for col in t.tableColumns))
                             for t in ws.tables.values()),
            "validations": sorted((dv.type or "", dv.formula1 or "", dv.formula2 or "", str(dv.sqref), dv.prompt or "",
                                   dv.promptTitle or "", dv.error or "", dv.errorStyle or "")
                                  for dv in ws.data_validations.dataValidation),
            "freeze": ws.freeze_panes,
            "widths": sorted((k, v.width, v.number_format) for k, v in ws.column_dimensions.items()),
        }
    return dump


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    return write_register(tmp_path_factory.mktemp("fresh") / "register.xlsx")


@pytest.fixture(scope="module")
def book(fresh):
    return openpyxl.load_workbook(fresh)


def _validation_for(ws, cell: str):
    for dv in ws.data_validations.dataValidation:
        if cell in dv.sqref:
            return dv
    return None


def _defined_values(book, name: str) -> list[str]:
    destinations = list(book.defined_names[name].destinations)
    assert len(destinations) == 1
    sheet, ref = destinations[0]
    return [row[0].value for row in book[sheet][ref.replace("$", "")]]


def test_committed_register_is_current(fresh):
    assert COMMITTED.exists(), "run: python scripts/make_workbooks.py"
    assert canonical_dump(COMMITTED) == canonical_dump(fresh), "workbooks/register.xlsx is stale: run python scripts/make_workbooks.py"


def test_sheet_order_tables_and_headers(book):
    specs = sheet_specs()
    expected = ["Instrukcija", *[s.lv for s in specs], special_sheet("targets_sheet")["lv"],
                special_sheet("settings_sheet")["lv"], special_sheet("programmes_sheet")["lv"], "Likmes", LISTS_SHEET]
    assert book.sheetnames == expected
    assert book[LISTS_SHEET].sheet_state == "hidden"
    assert all(book[name].sheet_state == "visible" for name in expected[:-1])
    for spec in specs:
        ws = book[spec.lv]
        assert [c.value for c in ws[1]] == [c.lv for c in spec.columns]     # optional columns too
        assert list(ws.tables) == [spec.table]
        assert ws.tables[spec.table].ref.startswith("A1:")
        assert ws.freeze_panes == "A2"
        assert ws[1][0].font.b and ws[1][0].alignment.wrap_text and ws[1][0].fill.fgColor.rgb.endswith("DDEBF7")
        for index, column in enumerate(spec.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            assert ws.column_dimensions[letter].width == column.width
            if column.type == "date":
                assert ws.column_dimensions[letter].number_format == "DD.MM.YYYY"
            if column.type == "amount":
                assert ws.column_dimensions[letter].number_format == "#,##0.00"
    for key in ("targets_sheet", "settings_sheet", "programmes_sheet"):
        layout = special_sheet(key)
        assert list(book[layout["lv"]].tables) == [layout["table"]]


def test_new_register_reads_empty_and_clean(fresh):
    register = read_register(fresh)
    assert sum(len(register.records(key)) for key in RECORD_TYPES) == 0
    assert register.cell_findings == []
    assert register.targets.source == "workbook"
    assert register.targets.values == strategy_targets().values
    assert register.settings["school_name"] == "Rēzeknes tehnikums"
    assert register.settings["city"] == "Rēzekne"
    assert register.education_programmes == [p["name"] for p in load_data("school")["education_programmes"]]


def test_targets_sheet_equals_targets_json(book):
    data = load_data("targets")
    ws = book[special_sheet("targets_sheet")["lv"]]
    assert [c.value for c in ws[1]] == ["Rādītājs", "Kods", *[str(y) for y in data["years"]]]
    rows = {row[1]: list(row[2:]) for row in ws.iter_rows(min_row=2, values_only=True) if row[1]}
    assert list(rows) == [i["key"] for i in data["indicators"]]
    for item in data["indicators"]:
        assert rows[item["key"]] == item["targets"]
    assert rows["new_partners"] == [None] * len(data["years"])


def test_dropdowns_for_activity_status_country_programme(book):
    ws = book["Mobilitātes"]
    spec = next(s for s in sheet_specs() if s.key == "mobilities")
    letters = {c.key: openpyxl.utils.get_column_letter(i) for i, c in enumerate(spec.columns, start=1)}

    activity = _validation_for(ws, f"{letters['activity_type']}2")
    assert activity.type == "list"
    assert _defined_values(book, activity.formula1) == [v.lv for v in enumerations()["activity_type"].values]
    assert "Izglītojamo grupu mobilitāte" in _defined_values(book, activity.formula1)   # LM-GROUP-VET

    status = _validation_for(ws, f"{letters['status']}{LAST_VALIDATED_ROW}")
    assert status.type == "list" and status.errorStyle == "stop"
    assert _defined_values(book, status.formula1) == ["plānota", "apstiprināta", "notikusi", "atcelta"]

    country = _validation_for(ws, f"{letters['country']}17")
    assert country.type == "list"
    names = _defined_values(book, country.formula1)
    assert names == latvian_names_sorted() and "Lietuva" in names and "Vācija" in names

    programme = _validation_for(ws, f"{letters['education_programme']}2")
    assert programme.type == "list"
    reference = book.defined_names[programme.formula1].attr_text
    assert "'Izglītības programmas'!$A$2" in reference and "COUNTA" in reference   # grows with the school's list

    yes_no = _validation_for(ws, f"{letters['green_travel']}2")
    assert _defined_values(book, yes_no.formula1) == ["jā", "nē"]


def test_every_validation_has_a_prompt_and_reaches_row_2000(book):
    for spec in sheet_specs():
        ws = book[spec.lv]
        validations = ws.data_validations.dataValidation
        assert validations
        for dv in validations:
            assert dv.prompt and dv.promptTitle and dv.showInputMessage
            if dv.type:
                assert dv.error and dv.showErrorMessage
            bounds = [r.bounds for r in dv.sqref.ranges]
            assert all(b[1] == 2 and b[3] >= LAST_VALIDATED_ROW for b in bounds)
        for index, column in enumerate(spec.columns, start=1):
            dv = _validation_for(ws, f"{openpyxl.utils.get_column_letter(index)}2")
            if column.type in ("enum", "country", "date", "int", "amount"):
                assert dv is not None and dv.type, (spec.key, column.key)
            if column.type == "date":
                assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("date", "between", "36526", "73415")
            if column.type == "int" and column.max is not None:
                assert (dv.type, dv.formula1, dv.formula2) == ("whole", str(column.min), str(column.max))
            if column.type == "amount":
                assert dv.type == "decimal"
            if column.prompt_lv:
                assert dv.prompt.startswith(column.prompt_lv)
                assert dv.promptTitle == column.lv


def test_validation_texts_fit_excels_limits(book):
    """Excel reports the whole file as damaged when a prompt or message is too long."""
    for ws in book.worksheets:
        for dv in ws.data_validations.dataValidation:
            assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 255, (ws.title, dv.sqref)
            assert len(dv.promptTitle or "") <= 32 and len(dv.errorTitle or "") <= 32, (ws.title, dv.sqref)


def test_long_lists_live_on_the_hidden_sheet(book):
    for name, defined in book.defined_names.items():
        if name.startswith("lst_"):
            assert LISTS_SHEET in defined.attr_text or "OFFSET(" in defined.attr_text
    for spec in sheet_specs():
        for dv in book[spec.lv].data_validations.dataValidation:
            if dv.type == "list":
                assert len(dv.formula1) <= 255 and not dv.formula1.startswith('"')


def test_instructions_are_latvian_first_then_english(book):
    ws = book["Instrukcija"]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for phrase in ("Kā aizpildīt", "dd.mm.gggg", "Kā tiek skaitīti rādītāji", "notikusi", "atcelta",
                   "pavadošās personas", "Skaits", "erasmus-xl validate", "Rēzeknes tehnikums"):
        assert phrase in text
    for spec in sheet_specs():
        assert f"“{spec.lv}”" in text
    assert text.index("English") > text.index("Kā pārbaudīt")
    assert text.rstrip().endswith("what to do.")


def test_register_with_data_round_trips(tmp_path):
    data = {
        "mobilities": [
            {"id": "M-2025-001", "project_number": "2024-1-LV01-KA122-VET-000212347", "participant_type": "learner",
             "activity_type": "LM-SHORT-VET", "first_name": "Elīna", "last_name": "Ozoliņa",
             "education_programme": "Programmēšana", "fewer_opportunities": True,
             "receiving_organisation": "Ukmergės technologijų ir verslo mokykla", "country": "LT", "city": "Ukmergė",
             "start_date": dt.date(2025, 3, 3), "end_date": dt.date(2025, 3, 21), "green_travel": False,
             "status": "completed", "distance_km": 317},
            {"id": "M-2025-002", "project_number": "2024-1-LV01-KA122-VET-000212347", "participant_type": "accompanying",
             "activity_type": "Izglītojamo īstermiņa mācību mobilitāte", "first_name": "Jānis", "last_name": "Bērziņš",
             "receiving_organisation": "Ukmergės technologijų ir verslo mokykla", "country": "Lietuva",
             "city": "Ukmergė", "start_date": dt.datetime(2025, 3, 3, 0, 0), "end_date": dt.date(2025, 3, 21),
             "status": "confirmed"},
        ],
        "projects": [
            {"project_number": "2024-1-LV01-KA122-VET-000212347", "title": "Prakse bez robežām",
             "programme": "erasmus_plus", "role": "coordinator", "start_date": dt.date(2024, 9, 1),
             "end_date": dt.date(2026, 2, 28), "grant": Decimal("118960.50"), "status": "approved", "kind": "mobility"},
        ],
        "partners": [
            {"name": "Tartu Kutsehariduskeskus", "country": "EE", "city": "Tartu", "oid": "E10056712",
             "type": "vet_school", "cooperation_since": 2019},
            {"name": "Zespół Szkół", "country": "PL", "cooperation_since": dt.date(2024, 11, 1)},
        ],
        "finance": [
            {"project_number": "2024-1-LV01-KA122-VET-000212347", "date": dt.date(2025, 2, 10), "document_no": "RT-2025/003",
             "category": "travel", "amount": Decimal("1234.56"), "mobility_id": "M-2025-001", "description": "=biļetes"},
        ],
        "feedback": [{"mobility_id": "M-2025-001", "satisfaction": 5, "language": "angļu", "level_before": "A2",
                      "level_after": "B1", "motivation_before": 3, "motivation_after": 5}],
        "incoming": [{"id": "U-1", "project_number": "2024-1-LT01-KA121-VET-000201934", "participant_type": "staff",
                      "count": 2, "sending_organisation": "X", "country": "LT", "start_date": dt.date(2025, 5, 5),
                      "end_date": dt.date(2025, 5, 9), "status": "completed"}],
    }
    path = write_register(tmp_path / "filled.xlsx", data, settings={"school_name": "Daugavpils tehnikums"})
    register = read_register(path)
    assert register.cell_findings == []
    first, second = register.mobilities
    assert (first.id, first.participant_type, first.activity_type, first.country, first.status) == \
        ("M-2025-001", "learner", "LM-SHORT-VET", "LT", "completed")
    assert (first.start_date, first.end_date, first.duration_days) == (dt.date(2025, 3, 3), dt.date(2025, 3, 21), 19)
    assert first.fewer_opportunities is True and first.green_travel is False and first.distance_km == 317
    assert first.education_programme == "Programmēšana" and first.city == "Ukmergė"
    assert (second.participant_type, second.activity_type, second.country, second.start_date, second.status) == \
        ("accompanying", "LM-SHORT-VET", "LT", dt.date(2025, 3, 3), "confirmed")
    assert second.fewer_opportunities is None and second.education_programme is None
    (project,) = register.projects
    assert (project.programme, project.role, project.status, project.kind, project.grant) == \
        ("erasmus_plus", "coordinator", "approved", "mobility", Decimal("118960.50"))
    assert [p.cooperation_since for p in register.partners] == [dt.date(2019, 1, 1), dt.date(2024, 11, 1)]
    assert register.partners[0].type == "vet_school" and register.partners[0].oid == "E10056712"
    (expense,) = register.finance
    assert (expense.amount, expense.category, expense.description) == (Decimal("1234.56"), "travel", "=biļetes")
    (feedback,) = register.feedback
    assert (feedback.satisfaction, feedback.level_before, feedback.level_after, feedback.new_methods) == (5, "A2", "B1", None)
    assert register.incoming[0].count == 2
    assert register.settings["school_name"] == "Daugavpils tehnikums"

    book = openpyxl.load_workbook(path)
    ws = book["Mobilitātes"]
    assert ws["C2"].value == "izglītojamais" and ws["J2"].value == "Lietuva" and ws["H2"].value == "jā"
    assert ws["L2"].number_format == "DD.MM.YYYY" and isinstance(ws["L2"].value, dt.datetime)
    assert ws.tables["tblMobilitates"].ref == "A1:R3"   # 16 contract columns + Grupa + Iekļaušanas atbalsts dalībniekam
    assert book["Finanses"]["E2"].number_format == "#,##0.00"
    assert book["Finanses"]["G2"].data_type == "s"


def test_unknown_values_are_written_as_given(tmp_path):
    data = {"mobilities": [{"id": "M-1", "activity_type": "LM-SHORT-VTE", "country": "Lietva", "start_date": "31.02.2025"}]}
    path = write_register(tmp_path / "typos.xlsx", data)
    ws = openpyxl.load_workbook(path)["Mobilitātes"]
    assert (ws["D2"].value, ws["J2"].value, ws["L2"].value) == ("LM-SHORT-VTE", "Lietva", "31.02.2025")
    codes = {f.code for f in read_register(path).cell_findings}
    assert {"enum_invalid", "country_unknown", "not_a_date", "required_missing"} <= codes


def test_unknown_sheet_field_or_setting_is_refused(tmp_path):
    with pytest.raises(ValueError):
        write_register(tmp_path / "a.xlsx", {"mobility": []})
    with pytest.raises(ValueError):
        write_register(tmp_path / "b.xlsx", {"mobilities": [{"identifier": "M-1"}]})
    with pytest.raises(ValueError):
        write_register(tmp_path / "c.xlsx", settings={"school": "X"})
    assert not list(tmp_path.iterdir())


def test_existing_file_is_not_overwritten_without_force(tmp_path):
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"keep me")
    with pytest.raises(RegisterError) as raised:
        write_register(target)
    assert raised.value.code == "output_exists"
    assert target.read_bytes() == b"keep me"
    write_register(target, force=True)
    assert read_register(target).cell_findings == []
    assert [p.name for p in tmp_path.iterdir()] == ["register.xlsx"]     # no temporary file left behind


def test_libreoffice_opens_the_committed_register(libreoffice):
    text = pdf_text(libreoffice(COMMITTED, "pdf"))
    for phrase in ("Kā aizpildīt", "Dalībnieka veids", "Projekta numurs", "Uzņemošā organizācija", "Nosūtošā organizācija",
                   "Izglītojamo prakses mobilitātes", "Rēzeknes tehnikums", "Enerģētika un elektrotehnika"):
        assert phrase in text


def test_new_register_has_the_rates_sheet_for_the_accountant(book):
    from erasmus_xl.domain.rates import read_rate_overrides

    assert "tblLikmes" in book["Likmes"].tables
    overrides = read_rate_overrides(COMMITTED)
    assert overrides.findings == [] and overrides.entries == []   # amounts are empty until the accountant enters them
