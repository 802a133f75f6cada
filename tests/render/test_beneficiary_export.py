"""Beneficiary Module export: completed mobilities only, editable headers, CSV injection escaped."""
from __future__ import annotations

import csv
import datetime as dt
import json

import openpyxl
import pytest
from builders import valid_rows, write_workbook

import erasmus_xl
from erasmus_xl.render.beneficiary_export import escape_for_csv, write_beneficiary_export

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def book(tmp_path):
    rows = valid_rows()
    base = rows["mobilities"][0]
    rows["mobilities"] += [
        dict(base, id="M3", first_name="Pēteris", status="atcelta"),
        dict(base, id="M4", first_name="=cmd|' /C calc'!A0", last_name="@SUM(1)", start_date=dt.date(2025, 10, 1),
             end_date=dt.date(2025, 10, 20)),
        dict(base, id="M5", first_name="Līga", country="Marss", start_date=dt.date(2025, 11, 1), end_date=dt.date(2025, 11, 20)),
    ]
    rows["partners"].append(dict(rows["partners"][0], name="UAB Kauno baldai", country="LT", oid="E10099999"))
    return erasmus_xl.open(write_workbook(tmp_path / "r.xlsx", rows), today=TODAY)


def test_xlsx_has_completed_mobilities_without_errors(book, tmp_path):
    path, count = write_beneficiary_export(book, tmp_path / "bm.xlsx")
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    ids = [row[header.index("Mobility activity ID")] for row in rows[1:]]
    assert ids == ["M1", "M2", "M4"] and count == 3           # M3 cancelled, M5 has an error
    first = dict(zip(header, rows[1], strict=False))
    assert first["Receiving country"] == "LT" and first["Start date"] == "01/09/2025"
    assert first["Receiving organisation OID"] == "E10099999" and first["Duration (days)"] == 21
    assert first["Green travel"] == "Yes"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_csv_escapes_cells_that_would_run_as_formulas(book, tmp_path):
    path, _ = write_beneficiary_export(book, tmp_path / "bm.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    injected = next(row for row in rows if row[1] == "M4")
    assert injected[5] == "'=cmd|' /C calc'!A0" and injected[6] == "'@SUM(1)"


@pytest.mark.parametrize("value, expected", [("=1+1", "'=1+1"), ("+3", "'+3"), ("-2", "'-2"), ("@x", "'@x"),
                                             ("Anna", "Anna"), (None, ""), (5, "5")])
def test_escape_for_csv(value, expected):
    assert escape_for_csv(value) == expected


def test_anonymised_export_has_initials_not_names(book, tmp_path):
    path, _ = write_beneficiary_export(book, tmp_path / "bm.csv", anonymise=True)
    text = path.read_text(encoding="utf-8-sig")
    assert "Anna" not in text and "Ozola" not in text and "A.,O." in text


def test_user_mapping_renames_headers(book, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": [{"header": "Mobility ID", "source": "mobility_id"},
                                               {"header": "Country", "source": "receiving_country"}]}), encoding="utf-8")
    path, _ = write_beneficiary_export(book, tmp_path / "bm.csv", mapping_path=mapping)
    assert path.read_text(encoding="utf-8-sig").splitlines()[:2] == ["Mobility ID,Country", "M1,LT"]


def test_project_filter(book, tmp_path):
    _, count = write_beneficiary_export(book, tmp_path / "bm.csv", project="2099-1-LV01-KA122-VET-000000001")
    assert count == 0
