"""Build small real register workbooks for tests, the way other tools or people would write them."""
from __future__ import annotations

import datetime as dt
import random
import struct
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl import Workbook
from openpyxl.worksheet.table import Table, TableStyleInfo

from erasmus_xl.io.workbook_file import column_letter
from erasmus_xl.model.schema import sheet_specs
from erasmus_xl.render.money_sheets import write_rates_sheet

PROJECT = "2025-1-LV01-KA122-VET-000123456"
FINANCE_P1 = "2024-1-LV01-KA122-VET-000111111"
FINANCE_P2 = "2025-1-LV01-KA122-VET-000222222"
FINANCE_NP = "NPHZ-2024/10001"


def valid_rows() -> dict[str, list[dict[str, Any]]]:
    """A tiny register that passes validation: one project, two mobilities, feedback, finance."""
    return {
        "projects": [dict(project_number=PROJECT, title="Prakse Lietuvā", programme="Erasmus+", role="koordinators",
                          start_date=dt.date(2025, 6, 1), end_date=dt.date(2026, 11, 30), grant=45000,
                          status="apstiprināts")],
        "mobilities": [
            dict(id="M1", project_number=PROJECT, participant_type="izglītojamais", activity_type="LM-SHORT-VET",
                 first_name="Anna", last_name="Ozola", education_programme="Programmēšana", fewer_opportunities="nē",
                 receiving_organisation="UAB Kauno baldai", country="Lietuva", city="Kaunas",
                 start_date=dt.date(2025, 9, 1), end_date=dt.date(2025, 9, 21), green_travel="jā", status="notikusi"),
            dict(id="M2", project_number=PROJECT, participant_type="personāls", activity_type="SM-JOB-SHDW",
                 first_name="Jānis", last_name="Bērziņš", fewer_opportunities="nē",
                 receiving_organisation="Ida-Virumaa Kutsehariduskeskus", country="EE", city="Jõhvi",
                 start_date=dt.date(2025, 10, 6), end_date=dt.date(2025, 10, 10), green_travel="nē", status="notikusi"),
        ],
        "incoming": [dict(id="U1", project_number="2022-1-LT01-KA121-VET-000057566", participant_type="personāls", count=2,
                          sending_organisation="Ukmergės technologijų ir verslo mokykla", country="Lietuva",
                          start_date=dt.date(2025, 4, 7), end_date=dt.date(2025, 4, 11), status="notikusi")],
        "events": [dict(id="P1", title="TCA seminārs", type="TCA", country="Igaunija", city="Tallinn",
                        start_date=dt.date(2025, 3, 3), end_date=dt.date(2025, 3, 5), participants=1, status="notikusi")],
        "competitions": [dict(id="K1", title="Baltic VET Skills", country="LT", date=dt.date(2025, 5, 15),
                              participants=2, result="2. vieta", status="notikusi")],
        "partners": [dict(name="Ida-Virumaa Kutsehariduskeskus", country="Igaunija", city="Jõhvi", oid="E10012345",
                          type="profesionālās izglītības iestāde", cooperation_since=2022)],
        "feedback": [dict(mobility_id="M1", satisfaction=5, language="angļu", level_before="A2", level_after="B1",
                          motivation_before=3, motivation_after=5)],
        "finance": [dict(project_number=PROJECT, date=dt.date(2025, 9, 25), document_no="RĒĶ-001",
                         category="ceļa izdevumi", amount=180, mobility_id="M1", description="Autobuss")],
    }


def write_workbook(path: Path, rows: dict[str, list[dict[str, Any]]] | None = None, *, english: bool = False,
                   shuffle: bool = False, tables: bool = False, header_row: int = 1, drop_columns: dict | None = None,
                   rename: dict | None = None, extra_column: str | None = None, omit_sheets: tuple[str, ...] = (),
                   blank_rows: bool = False, targets: dict[str, list[int]] | None = None) -> Path:
    """Write every contract sheet; `rows` maps sheet key -> list of {field: raw cell value}."""
    rows = rows if rows is not None else valid_rows()
    drop_columns, rename = drop_columns or {}, rename or {}
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    rng = random.Random(7)
    for spec in sheet_specs():
        if spec.key in omit_sheets:
            continue
        sheet = workbook.create_sheet(spec.en if english else spec.lv)
        columns = [c for c in spec.columns if c.key not in drop_columns.get(spec.key, ())
                   and (not c.optional_column or any(c.key in r for r in rows.get(spec.key, [])))]
        if shuffle:
            rng.shuffle(columns)
        headers = [rename.get((spec.key, c.key), c.en if english else c.lv) for c in columns]
        if extra_column:
            headers.append(extra_column)
        for col, header in enumerate(headers, start=1):
            sheet.cell(row=header_row, column=col, value=header)
        excel_row = header_row
        for record in rows.get(spec.key, []):
            unknown = set(record) - {c.key for c in spec.columns}
            assert not unknown, f"{spec.key}: no column {unknown}"   # a typo in a test's row
            excel_row += 1
            if blank_rows:
                excel_row += 1  # leave an empty row before each record
            for col, column in enumerate(columns, start=1):
                cell = sheet.cell(row=excel_row, column=col, value=record.get(column.key))
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"   # typed text that looks like a formula, as a user could enter it
            if extra_column:
                sheet.cell(row=excel_row, column=len(headers), value=f"piezīme {excel_row}")
        if tables:
            ref = f"A{header_row}:{column_letter(len(headers))}{max(excel_row, header_row + 1)}"
            table = Table(displayName=spec.table, ref=ref)
            table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
            sheet.add_table(table)
    if targets is not None:
        sheet = workbook.create_sheet("Mērķi")
        sheet.append(["Rādītājs", 2024, 2025, 2026, 2027, 2028])
        for key, values in targets.items():
            sheet.append([key, *values])
    workbook.save(path)
    return path


def write_register_with_rates(path, sheets: dict[str, list[dict]], extra_headers: dict[str, list[str]] | None = None,
                   likmes: list[list] | None = None, likmes_year: int = 2024) -> None:
    """Every contract sheet (Latvian headers; `extra_headers` add columns) and optional Likmes rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheet_specs():
        ws = workbook.create_sheet(spec.lv)
        rows = sheets.get(spec.key, [])
        used = {k for row in rows for k in row}
        columns = [c for c in spec.columns if not c.optional_column or c.key in used]
        extras = (extra_headers or {}).get(spec.key, [])
        ws.append([c.lv for c in columns] + extras)
        for row in rows:
            ws.append([row.get(c.key) for c in columns] + [row.get(h) for h in extras])
    if likmes is not None:
        ws = workbook.create_sheet("Likmes")
        write_rates_sheet(ws, call_year=likmes_year)
        for values in likmes:
            ws.append(values)
    workbook.save(path)


def _finance_project(number, grant, programme="Erasmus+", **extra):
    return dict(project_number=number, title=f"Projekts {number[:4]}", programme=programme, role="koordinators",
                start_date=dt.datetime(2024, 6, 1), end_date=dt.datetime(2025, 11, 30), grant=grant,
                status="apstiprināts", **extra)


def _finance_expense(number, document, category, amount, day=1, mobility_id=None):
    return dict(project_number=number, date=dt.datetime(2024, 10, day), document_no=document, category=category,
                amount=amount, mobility_id=mobility_id, description="")


def write_finance_register(tmp_path: Path) -> Path:
    """Three projects (one Nordplus), two mobilities and expenses with an over-grant and a double booking."""
    path = tmp_path / "register.xlsx"
    mobility = dict(id="M1", project_number=FINANCE_P1, participant_type="izglītojamais", activity_type="LM-SHORT-VET",
                    first_name="Anna", last_name="Ozola", receiving_organisation="Kauno technikumas",
                    country="LT", city="Kaunas", start_date=dt.datetime(2024, 9, 1),
                    end_date=dt.datetime(2024, 9, 12), green_travel="nē", status="notikusi",
                    fewer_opportunities="nē")
    write_register_with_rates(path, {
        "projects": [
            {**_finance_project(FINANCE_P1, 10000), "Piešķirts: ceļa izdevumi": 360},
            _finance_project(FINANCE_P2, 500),
            _finance_project(FINANCE_NP, 3000, programme="Nordplus"),
        ],
        "mobilities": [mobility, {**mobility, "id": "M2", "first_name": "Jānis"}],
        "finance": [
            _finance_expense(FINANCE_P1, "RK-101", "ceļa izdevumi", 360),
            _finance_expense(FINANCE_P1, "RK-102", "individuālais atbalsts", "1 400,00"),
            _finance_expense(FINANCE_P1, "RK-103", "ceļa izdevumi", 45.5, day=3),          # travel 405.50 > 360 granted
            _finance_expense(FINANCE_P2, "R-7", "travel", 600),                             # 600 > 500
            _finance_expense(FINANCE_P2, "rk 101", "organizatoriskais atbalsts", 100),      # same document as RK-101 on P1
            _finance_expense(FINANCE_NP, "N-1", "ceļa izdevumi", 250),
            _finance_expense("2024-1-LV01-KA122-VET-000999999", "X-1", "kursu maksa", 80),   # not on Projekti
        ],
    }, extra_headers={"projects": ["Piešķirts: ceļa izdevumi"]}, likmes=[
        [2024, "Individuālais atbalsts dienā (1.–14. diena)", "3. grupa", "izglītojamais", None, 100, "VIAA"],
        [2024, "Organizatoriskais atbalsts (1.–100. dalībnieks)", None, None, None, 350, "VIAA"],
    ])
    return path


def write_likmes_workbook(tmp_path: Path, year: int = 2025) -> Path:
    """A workbook holding only a freshly written Likmes sheet of `year` (amounts still empty)."""
    workbook = Workbook()
    write_rates_sheet(workbook.active, call_year=year)
    path = tmp_path / "likmes.xlsx"
    workbook.save(path)
    return path


def declare_smaller(path: Path, part: str, by: int) -> Path:
    """Both ZIP headers of `part` (local and central) declare `by` bytes less than it unpacks to, its
    CRC still that of the real data: how a writer that miscounts leaves a file."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    data = bytearray(path.read_bytes())
    struct.pack_into("<L", data, info.header_offset + 22, info.file_size - by)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == part.encode():
            struct.pack_into("<L", data, central + 24, info.file_size - by)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path
