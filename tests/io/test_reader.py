"""The reader accepts any conforming workbook and refuses a non-register with one clear message."""
from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from builders import valid_rows, write_workbook

from erasmus_xl import RegisterError, read_register
from erasmus_xl.model.records import RECORD_TYPES
from erasmus_xl.model.schema import sheet_specs


def _comparable(register):
    """Records without their row numbers and extras: what the data says, not where it stood."""
    return {key: [{k: v for k, v in dataclasses.asdict(r).items() if k not in ("row", "extra", "source")}
                  for r in register.records(key)] for key in RECORD_TYPES}


def test_record_fields_match_the_schema_columns():
    for spec in sheet_specs():
        fields = [f.name for f in dataclasses.fields(RECORD_TYPES[spec.key]) if f.name not in ("row", "extra", "source")]
        assert fields == [c.key for c in spec.columns]


def test_valid_register_reads_into_typed_records_without_findings(tmp_path):
    register = read_register(write_workbook(tmp_path / "r.xlsx"))
    assert register.cell_findings == []
    first, second = register.mobilities
    assert first.participant_type == "learner" and first.activity_type == "LM-SHORT-VET"
    assert first.country == "LT" and second.country == "EE"
    assert first.start_date == dt.date(2025, 9, 1) and first.duration_days == 21
    assert first.green_travel is True and first.fewer_opportunities is False
    assert first.status == "completed" and first.row == 2
    assert register.projects[0].grant == Decimal("45000.00")
    assert register.partners[0].cooperation_since == dt.date(2022, 1, 1)
    assert register.incoming[0].count == 2
    assert register.feedback[0].level_after == "B1"
    assert register.finance[0].category == "travel"


@pytest.mark.parametrize("variant", [
    dict(english=True), dict(shuffle=True), dict(tables=True), dict(header_row=3), dict(blank_rows=True),
    dict(english=True, shuffle=True, tables=True, header_row=2),
])
def test_layout_variants_read_the_same_records(tmp_path, variant):
    reference = _comparable(read_register(write_workbook(tmp_path / "ref.xlsx")))
    register = read_register(write_workbook(tmp_path / "variant.xlsx", **variant))
    assert register.cell_findings == []
    assert _comparable(register) == reference


def test_text_dates_in_the_forms_staff_type_are_read(tmp_path):
    rows = valid_rows()
    forms = ["01.09.2025.", "01.09.2025", "2025-09-01", "1/9/2025", "2025. gada 1. septembris"]
    rows["mobilities"] = [dict(rows["mobilities"][0], id=f"M{i}", first_name=f"A{i}", start_date=text, end_date="21.09.2025")
                          for i, text in enumerate(forms)]
    register = read_register(write_workbook(tmp_path / "r.xlsx", rows))
    assert [m.start_date for m in register.mobilities] == [dt.date(2025, 9, 1)] * len(forms)
    assert register.cell_findings == []


def test_countries_by_latvian_english_name_or_code(tmp_path):
    rows = valid_rows()
    spellings = ["Vācija", "Germany", "DE", "vacija", "DEU"]
    rows["mobilities"] = [dict(rows["mobilities"][1], id=f"M{i}", first_name=f"J{i}", country=s) for i, s in enumerate(spellings)]
    register = read_register(write_workbook(tmp_path / "r.xlsx", rows))
    assert {m.country for m in register.mobilities} == {"DE"}


def test_enumerations_accept_latvian_english_and_code(tmp_path):
    rows = valid_rows()
    statuses = ["notikusi", "Completed", "COMPLETED", " notikusi ", "atcelta", "cancelled", "plānota", "apstiprināta"]
    rows["mobilities"] = [dict(rows["mobilities"][0], id=f"M{i}", first_name=f"A{i}", status=s) for i, s in enumerate(statuses)]
    register = read_register(write_workbook(tmp_path / "r.xlsx", rows))
    assert [m.status for m in register.mobilities] == ["completed"] * 4 + ["cancelled"] * 2 + ["planned", "confirmed"]


def test_extra_columns_are_kept_on_the_record(tmp_path):
    register = read_register(write_workbook(tmp_path / "r.xlsx", extra_column="Piezīmes"))
    assert register.mobilities[0].extra == {"Piezīmes": "piezīme 2"}


def test_unreadable_cells_become_findings_not_exceptions(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0].update(start_date="31.02.2025", country="Lituania", activity_type="LM-SHORT", status="")
    rows["finance"][0].update(amount="simts")
    register = read_register(write_workbook(tmp_path / "r.xlsx", rows))
    codes = {(f.cell, f.code) for f in register.cell_findings}
    assert codes == {("L2", "not_a_date"), ("J2", "country_unknown"), ("D2", "enum_invalid"),
                     ("O2", "required_missing"), ("E2", "not_a_number")}
    assert register.mobilities[0].start_date is None
    by_code = {f.code: f for f in register.cell_findings}
    assert "LM-SHORT-VET" in by_code["enum_invalid"].message
    assert "Lietuva" in by_code["country_unknown"].message


def test_excel_error_values_are_found_in_any_cell(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Mobilitātes"]["L2"] = "#REF!"           # openpyxl stores these as error cells
    workbook["Finanses"]["E2"] = "#N/A"
    workbook.save(path)
    register = read_register(path)
    errors = {(f.sheet, f.cell, f.value) for f in register.cell_findings if f.code == "excel_error"}
    assert errors == {("Mobilitātes", "L2", "#REF!"), ("Finanses", "E2", "#N/A")}
    assert not any(f.code == "required_missing" for f in register.cell_findings)


def test_register_without_targets_sheet_uses_the_strategy_targets(tmp_path):
    register = read_register(write_workbook(tmp_path / "r.xlsx"))
    assert register.targets.source == "strategy"
    assert register.targets.get("learner_mobility_out", 2026) == 60


def test_targets_sheet_overrides_the_strategy(tmp_path):
    register = read_register(write_workbook(tmp_path / "r.xlsx", targets={"learner_mobility_out": [1, 2, 3, 4, 5],
                                                                          "Personāla prof. pilnveides mobilitātes": [9, 9, 9, 9, 9]}))
    assert register.targets.source == "workbook"
    assert register.targets.get("learner_mobility_out", 2027) == 4
    assert register.targets.get("staff_mobility_out", 2024) == 9


# --- files that are not a register -------------------------------------------------------------

def _error(path) -> RegisterError:
    with pytest.raises(RegisterError) as caught:
        read_register(path)
    assert caught.value.path.name in caught.value.message
    return caught.value


def test_missing_file(tmp_path):
    assert _error(tmp_path / "nav.xlsx").code == "not_found"


def test_csv_renamed_to_xlsx(tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_text("ID;Vārds\nM1;Anna\n", encoding="utf-8")
    assert _error(path).code == "not_a_workbook"


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert _error(path).code == "empty_file"


def test_truncated_workbook_is_damaged(tmp_path):
    good = write_workbook(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(good[: len(good) // 2])
    assert _error(path).code == "damaged"


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert _error(path).code == "not_a_workbook"


def test_password_protected_workbook(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_workbook(tmp_path / "plain.xlsx")
    encrypted = tmp_path / "protected.xlsx"
    with plain.open("rb") as source, encrypted.open("wb") as target:
        OOXMLFile(source).encrypt("slepens", target)
    error = _error(encrypted)
    assert error.code == "password_protected" and "parol" in error.message


def test_missing_sheet_names_it_and_lists_what_is_there(tmp_path):
    error = _error(write_workbook(tmp_path / "r.xlsx", omit_sheets=("finance",)))
    assert error.code == "sheet_missing"
    assert "Finanses" in error.message and "Mobilitātes" in error.message


def test_renamed_column_names_the_expected_header_and_the_likely_rename(tmp_path):
    error = _error(write_workbook(tmp_path / "r.xlsx", rename={("mobilities", "start_date"): "Sāk. datums"}))
    assert error.code == "column_missing"
    assert "Sākuma datums" in error.message and "Start date" in error.message
    assert "Sāk. datums" in error.message


def test_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    from erasmus_xl.io import workbook_file

    monkeypatch.setattr(workbook_file, "MAX_UNPACKED_MB", 1)
    path = write_workbook(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (3 * 1024 * 1024))
    assert _error(path).code == "too_large"


def test_xml_entity_declarations_are_refused(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx")
    patched = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><worksheet', 1)
            target.writestr(item, data)
    assert _error(patched).code == "unsafe_xml"


def test_reader_never_writes_to_the_input(tmp_path):
    path = write_workbook(tmp_path / "r.xlsx")
    before = path.read_bytes()
    read_register(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def _row_by_row_records(spec, layout, positions, rows, error_cells, findings):
    """The oracle: the reader before issue 13, every cell parsed afresh, row after row."""
    from erasmus_xl.io.cells import PLAUSIBLE_YEARS, CellProblem, is_blank, make_parser
    from erasmus_xl.io.reader import _as_problem
    from erasmus_xl.model.findings import make_finding
    from erasmus_xl.model.text import clean_text

    fields = [(c.key, positions[c.key], make_parser(c), c.required, c.type, layout.headers[c.key], layout.columns[c.key])
              for c in spec.columns if c.key in positions]
    header_row = rows[layout.header_row - 1]
    extra_columns = [(i, clean_text(str(v))) for i, v in enumerate(header_row)
                     if i not in set(positions.values()) and not is_blank(v)]
    records = []
    for index in range(layout.header_row, len(rows)):
        row, excel_row = rows[index], index + 1
        values, problems, missing = {}, [], []
        for key, col, parser, required, kind, header, letter in fields:
            raw = row[col] if col < len(row) else None
            if raw == "" or raw is None or (raw.__class__ is str and not raw.strip()):
                if required and (excel_row, col + 1) not in error_cells:
                    missing.append((key, header, letter))
                continue
            try:
                value = parser(raw)
            except (CellProblem, ArithmeticError) as caught:
                params = dict(_as_problem(caught).params)
                suggestion = params.pop("suggestion", None)
                values[key] = params.pop("kept", None)
                problems.append(make_finding(_as_problem(caught).code, sheet=layout.name, sheet_key=spec.key,
                                             cell=f"{letter}{excel_row}", row=excel_row, column=header,
                                             value=raw, suggestion=suggestion, field_key=key, **params))
                continue
            if kind == "date" and isinstance(value, dt.date) and not PLAUSIBLE_YEARS[0] <= value.year <= PLAUSIBLE_YEARS[1]:
                problems.append(make_finding("date_implausible", sheet=layout.name, sheet_key=spec.key,
                                             cell=f"{letter}{excel_row}", row=excel_row, column=header,
                                             value=value, field_key=key, year=value.year))
            values[key] = value
        extra = {name: row[i] for i, name in extra_columns if i < len(row) and not is_blank(row[i])}
        if not values and not extra:
            continue
        findings.extend(make_finding("required_missing", sheet=layout.name, sheet_key=spec.key,
                                     cell=f"{letter}{excel_row}", row=excel_row, column=header, value="",
                                     field_key=key) for key, header, letter in missing)
        findings.extend(problems)
        records.append(RECORD_TYPES[spec.key](excel_row, **values, extra=extra))
    return records


def _mixed_register(path):
    """Cells that only look alike (1, 1.0, True, "1"), blanks between rows, unreadable and
    implausible values, a note column, name columns of different strings with odd spaces, blanks
    and numbers among them: what a column-wise reader could mix up."""
    rows = valid_rows()
    base = rows["mobilities"][0]
    odd = [1, 1.0, True, "1", " ", None, "0", 0, False, "jā", "JA", "ne", "varbūt", 2.5, "2,5", 1e30, "#REF!",
           dt.date(1899, 12, 31), dt.date(2150, 1, 1), dt.datetime(2025, 9, 1, 8, 30), "31.02.2025", 45900, "Litva", "LT"]
    mobilities = [dict(base, id=f"X{i}", fewer_opportunities=value, green_travel=odd[-1 - i % len(odd)],
                       country=odd[(i + 3) % len(odd)], start_date=odd[(i + 5) % len(odd)], end_date=value,
                       distance_km=odd[(i + 7) % len(odd)], status=value if i % 3 else base["status"],
                       first_name=f"Vārds{i}" if i % 5 else value, last_name=f" Ozola\u00a0 {i} " if i % 7 else " ")
                  for i, value in enumerate(odd * 2)]
    rows["mobilities"] = mobilities + [{}, dict(id=" "), dict(base, id="M9", first_name=None, last_name=None)]
    rows["finance"] = [dict(rows["finance"][0], amount=value, date=value, document_no=value) for value in odd]
    return write_workbook(path, rows, extra_column="Piezīmes", blank_rows=True)


def test_reading_column_by_column_gives_the_records_and_findings_of_reading_row_by_row(tmp_path, monkeypatch):
    """Issue 13: each column's distinct values are parsed once and the records built from the columns;
    the records (with their rows and extras) and every finding, in order, are those of parsing every
    cell afresh row after row, on the demo register, the demo mistakes workbook, a generated register
    and one whose cells only look alike."""
    import sys
    from pathlib import Path

    from erasmus_xl.demo import DEMO_TODAY, write_demo
    from erasmus_xl.domain.validation import validate
    from erasmus_xl.io import reader

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_read import generate

    clean, mistakes = write_demo(tmp_path / "demo")
    generated = tmp_path / "register-2k.xlsx"
    generate(generated, 2_000)      # the benchmark's rows, fewer: size does not change how a column is read
    mixed = _mixed_register(tmp_path / "mixed.xlsx")

    def outcome(path):
        register = read_register(path)
        findings = [f.to_dict() for f in validate(register, today=DEMO_TODAY)]
        return [(key, dataclasses.asdict(record)) for key, record in register.all_records()], findings

    column_wise = {path: outcome(path) for path in (clean, mistakes, generated, mixed)}
    monkeypatch.setattr(reader, "_read_records", _row_by_row_records)
    for path, (records, findings) in column_wise.items():
        assert outcome(path) == (records, findings), path.name
    assert column_wise[mistakes][1] and len(column_wise[generated][0]) > 2_000
    assert {f["code"] for f in column_wise[mixed][1]} >= {"required_missing", "enum_invalid", "not_a_date",
                                                          "not_a_number", "date_implausible", "country_unknown"}


def test_a_text_column_of_different_names_with_empty_cells_reads_as_cell_by_cell():
    """The one-go cleaning of a names column (issue 13) with cells the Excel port gives as None, blank
    and space-only strings among them: the same values and blank rows as parsing each cell."""
    from erasmus_xl.io.cells import parse_text
    from erasmus_xl.io.reader import _ParsedColumn
    from erasmus_xl.model.schema import sheet_spec

    column = sheet_spec("mobilities").column("last_name")
    cells = [f" Bērziņa\u00a0 {i} " for i in range(100)]
    cells[3], cells[40], cells[41], cells[77] = None, "", " \u00a0", "Ozola  Kalniņa"
    read = _ParsedColumn(column, cells)
    blank = {3, 40, 41}
    assert read.values == [None if i in blank else parse_text(raw) for i, raw in enumerate(cells)]
    assert read.blank_indices() == blank and read.problems() == []
