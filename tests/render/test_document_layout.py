"""The documents the Council signs, rendered by LibreOffice: whole header words, rows kept whole,
no notes meant for staff. One conversion per session (conversions are slow)."""
from __future__ import annotations

import re
import subprocess

import pytest
from conftest import SOFFICE, flat, pdf_text
from docx import Document
from docx.oxml.ns import qn

import erasmus_xl
from erasmus_xl.demo import DEMO_TODAY, write_demo
from erasmus_xl.render.annexes import write_ka1_annex
from erasmus_xl.render.layout import text_width_mm
from erasmus_xl.render.reports import write_action_plan, write_annual_report

KA121 = "2026-1-LV01-KA121-VET-000387514"
STAFF_PHRASES = ("ierakstiet", "pievienojiet", "aizpildiet", "ievadiet", "Darbgrāmatā nav lapas")


@pytest.fixture(scope="session")
def documents(tmp_path_factory, libreoffice_profile):
    """The demo register's report, next year's action plan and the KA121 annex, as .docx and .pdf."""
    folder = tmp_path_factory.mktemp("documents")
    register, _ = write_demo(folder)
    book = erasmus_xl.open(register, today=DEMO_TODAY)
    plan_notes: list = []
    annex_notes: list = []
    docx = {
        "report": write_annual_report(book, year=2025),
        "plan": write_action_plan(book, year=2027, notes=plan_notes),
        "annex": write_ka1_annex(book, project=KA121, xlsx=False, notes=annex_notes)[0],
    }
    if SOFFICE is None:
        pytest.fail("LibreOffice (soffice) is not installed")
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{libreoffice_profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, docx.values())],
                   check=True, capture_output=True, timeout=300)
    pdf = {name: folder / "pdf" / f"{path.stem}.pdf" for name, path in docx.items()}
    return {"docx": docx, "pdf": pdf, "notes": {"plan": plan_notes, "annex": annex_notes}}


def _data_tables(path):
    document = Document(str(path))
    for table in document.tables:
        first = table._tbl.tr_lst[0]
        if first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None:
            yield table


def test_every_header_word_fits_its_column(documents):
    for name, path in documents["docx"].items():
        for table in _data_tables(path):
            widths = [col.w.mm for col in table._tbl.tblGrid.gridCol_lst]
            for cell, width in zip(table.rows[0].cells, widths, strict=False):
                for word in cell.text.split():
                    assert text_width_mm(word, bold=True, size_pt=9) < width, (name, word, width)


def test_rows_never_split_and_headers_repeat(documents):
    for path in documents["docx"].values():
        for table in Document(str(path)).tables:
            for row in table._tbl.tr_lst:
                assert row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None


def test_header_words_print_whole(documents):
    for name, path in documents["docx"].items():
        lines = pdf_text(documents["pdf"][name])
        words = set(re.findall(r"[\w%./-]+", lines))
        for table in _data_tables(path):
            for cell in table.rows[0].cells:
                for word in cell.text.split():
                    word = word.strip(",;:()")
                    assert not word or word in words, (name, word)


def test_documents_state_what_is_and_staff_notes_go_to_the_caller(documents):
    for name, pdf in documents["pdf"].items():
        text = flat(pdf_text(pdf))
        for phrase in STAFF_PHRASES:
            assert phrase.casefold() not in text.casefold(), (name, phrase)
    plan = flat(pdf_text(documents["pdf"]["plan"]))
    assert "sasniegti 0 no" not in plan  # 2027 is still to come in the demo
    assert [note.code for note in documents["notes"]["plan"]] == ["no_plan_sheet"]
    assert "partners_unmatched" in [note.code for note in documents["notes"]["annex"]]


def test_demo_annex_budget_is_complete_with_sources_by_title(documents):
    text = flat(pdf_text(documents["pdf"]["annex"]))
    assert "NEPILNS" not in text and "vismaz" not in text
    assert "Pielikums. Likmju avoti" in text and "https://" not in text


def test_page_counts(documents):
    pages = {name: int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                    text=True).stdout).group(1))
             for name, pdf in documents["pdf"].items()}
    assert pages["annex"] <= 3 and pages["plan"] <= 4 and pages["report"] <= 10, pages
