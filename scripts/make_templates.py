"""Generate the default Word templates that schools then edit: templates/<lang>/<name>.docx.

Why generated, not hand-made: every docxtpl tag is written as ONE Word run (Word itself splits
tags it did not see typed in one go), the styles are real Word styles (Title, Heading 1/2,
Caption, a table style) so a school restyles the whole report in one place, and the files are
byte-for-byte reproducible (fixed document properties and zip timestamps), so re-running this
script never shows a spurious change in git.

Adding a template: write `def build_<name>(lang: str) -> Document` with the helpers below and
register it in TEMPLATES. Run: `python scripts/make_templates.py [name ...] [--out DIR]`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Callable, Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = ROOT / "templates"
LANGUAGES = ("lv", "en")
WORD_LANGUAGE = {"lv": "lv-LV", "en": "en-GB"}
TABLE_STYLE = "Light Grid Accent 1"
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})")


# --------------------------------------------------------------------------------------------
# Building blocks shared by every template.
# --------------------------------------------------------------------------------------------

def new_document(lang: str, title: str) -> DocumentObject:
    """An A4 document with Latvian (or English) proofing language and fixed properties."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # Latvian document practice: 3 cm binding margin on the left, 2 cm elsewhere.
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    document.styles["Normal"].font.size = Pt(11)
    _set_language(document, WORD_LANGUAGE[lang])
    properties = document.core_properties
    properties.title = title
    properties.author = "erasmus_xl"
    properties.last_modified_by = "erasmus_xl"
    properties.language = WORD_LANGUAGE[lang]
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    return document


def _set_language(document: DocumentObject, language: str) -> None:
    """The document default proofing language, so Word spell-checks Latvian as Latvian."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language)


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    """Append `text`, each docxtpl tag as one run of its own (never split, never merged)."""
    for piece in _TAG.split(text):
        if piece:
            run = paragraph.add_run(piece)
            run.bold, run.italic = bold or None, italic or None
    return paragraph


def add_paragraph(document: DocumentObject, text: str = "", style: str | None = None, *,
                  align: WD_ALIGN_PARAGRAPH | None = None) -> Paragraph:
    """A paragraph in a named Word style; tags kept one run each."""
    paragraph = document.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    return add_text(paragraph, text)


def add_heading(document: DocumentObject, text: str, level: int = 1) -> Paragraph:
    return add_paragraph(document, text, f"Heading {level}")


def add_caption(document: DocumentObject, text: str) -> Paragraph:
    return add_paragraph(document, text, "Caption")


def add_block(document: DocumentObject, tag: str) -> Paragraph:
    """A paragraph holding only a `{%p … %}` tag: docxtpl removes it, keeping what it wraps."""
    return add_paragraph(document, tag)


def add_school_header(document: DocumentObject, logo_variable: str = "logo",
                      name_variable: str = "school_name") -> None:
    """The place for the school's logo (optional image) and name."""
    add_block(document, f"{{%p if {logo_variable} %}}")
    add_paragraph(document, f"{{{{ {logo_variable} }}}}", align=WD_ALIGN_PARAGRAPH.CENTER)
    add_block(document, "{%p endif %}")
    add_paragraph(document, f"{{{{ {name_variable} }}}}", "Title")


def add_image(document: DocumentObject, variable: str, caption: str) -> None:
    """A centred image placeholder (an InlineImage from render_docx) with its caption below."""
    add_paragraph(document, f"{{{{ {variable} }}}}", align=WD_ALIGN_PARAGRAPH.CENTER)
    add_caption(document, caption)


def _table_look(table: Table) -> None:
    """Style the header row only: no bold first column, no vertical banding (0x0020 | 0x0400)."""
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    for name, value in (("val", "0420"), ("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "0"),
                        ("lastColumn", "0"), ("noHBand", "0"), ("noVBand", "1")):
        look.set(qn(f"w:{name}"), value)


def _repeat_header(row_element: OxmlElement) -> None:
    tr_pr = row_element.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def add_loop_table(document: DocumentObject, headers: Sequence[str], cells: Sequence[str], loop: str, *,
                   widths_mm: Sequence[float] | None = None, style: str = TABLE_STYLE) -> Table:
    """A table whose middle row repeats: header, `{%tr for … %}`, the row, `{%tr endfor %}`."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_look(table)
    for cell, text in zip(table.rows[0].cells, headers):
        add_text(cell.paragraphs[0], text)
    _repeat_header(table.rows[0]._tr)
    add_text(table.rows[1].cells[0].paragraphs[0], f"{{%tr for {loop} %}}")
    for cell, text in zip(table.rows[2].cells, cells):
        add_text(cell.paragraphs[0], text)
    add_text(table.rows[3].cells[0].paragraphs[0], "{%tr endfor %}")
    if widths_mm:
        table.autofit = False
        for column, width in zip(table.columns, widths_mm):
            column.width = Mm(width)  # w:gridCol, which LibreOffice follows
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm):
                cell.width = Mm(width)
    return table


def set_footer(document: DocumentObject, text: str) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    add_text(paragraph, text)


def save_template(document: DocumentObject, path: Path) -> Path:
    """Save with fixed zip timestamps so the same script gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    normalised = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(normalised, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(normalised.getvalue())
    temporary.replace(path)
    return path


# --------------------------------------------------------------------------------------------
# Templates. Each builder's wording is the template's default text, which the school edits.
# --------------------------------------------------------------------------------------------

_SAMPLE_TEXT = {
    "lv": {
        "title": "Veidnes paraugs",
        "subtitle": "Veidnes paraugs: formāti, tabula, neobligāta sadaļa un attēls",
        "prepared": "Sagatavots {{ report_date|date_long }} ({{ report_date|date_short }}).",
        "h_numbers": "1. Skaitļi un formāti",
        "money": "Piešķirtais finansējums: {{ grant|money }}; izlietoti {{ spent|money }} jeb {{ spent_share|percent(1) }}.",
        "target": "Mērķa izpilde: {{ target_share|percent }}. Periods: {{ period_start|date_range(period_end, 'long') }} ({{ period_start|date_range(period_end) }}).",
        "counts": "Kopā {{ mobility_count|plural('mobilitāte') }}, {{ learner_count|plural('izglītojamais') }} un {{ partner_count|plural('partneris') }}.",
        "people": "Koordinators: {{ coordinator }}; partneris: {{ partner_name }}.",
        "h_table": "2. Mobilitātes",
        "table_caption": "1. tabula. Mobilitātes",
        "headers": ["Dalībnieks", "Valsts", "Periods", "Ilgums", "Summa"],
        "total": "Kopā: {{ total_amount|money }}.",
        "h_notes": "3. Piezīmes",
        "h_chart": "4. Rādītāja grafiks",
        "chart_caption": "1. attēls. {{ chart_title }}",
        "footer": "{{ school_name }} · Veidnes paraugs",
    },
    "en": {
        "title": "Sample template",
        "subtitle": "Sample template: formats, a table, an optional section and an image",
        "prepared": "Prepared on {{ report_date|date_long }} ({{ report_date|date_short }}).",
        "h_numbers": "1. Numbers and formats",
        "money": "Grant awarded: {{ grant|money }}; spent {{ spent|money }}, that is {{ spent_share|percent(1) }}.",
        "target": "Target achieved: {{ target_share|percent }}. Period: {{ period_start|date_range(period_end, 'long') }} ({{ period_start|date_range(period_end) }}).",
        "counts": "In total {{ mobility_count|plural('mobility') }}, {{ learner_count|plural('learner') }} and {{ partner_count|plural('partner') }}.",
        "people": "Coordinator: {{ coordinator }}; partner: {{ partner_name }}.",
        "h_table": "2. Mobilities",
        "table_caption": "Table 1. Mobilities",
        "headers": ["Participant", "Country", "Period", "Duration", "Amount"],
        "total": "Total: {{ total_amount|money }}.",
        "h_notes": "3. Notes",
        "h_chart": "4. Indicator chart",
        "chart_caption": "Figure 1. {{ chart_title }}",
        "footer": "{{ school_name }} · Sample template",
    },
}


def build_sample(lang: str) -> DocumentObject:
    """A small template exercising the machinery: every filter, a row loop, a dash, an image."""
    text = _SAMPLE_TEXT[lang]
    document = new_document(lang, text["title"])
    add_school_header(document)
    add_paragraph(document, text["subtitle"], "Subtitle")
    add_paragraph(document, text["prepared"])
    add_heading(document, text["h_numbers"])
    for key in ("money", "target", "counts", "people"):
        add_paragraph(document, text[key])
    add_heading(document, text["h_table"])
    add_caption(document, text["table_caption"])
    add_loop_table(document, text["headers"],
                   ["{{ m.name }}", "{{ m.country }}", "{{ m.start|date_range(m.end) }}",
                    "{{ m.days|plural('diena') }}", "{{ m.amount|money }}"],
                   "m in mobilities", widths_mm=[40, 24, 42, 24, 30])
    add_paragraph(document, text["total"])
    add_heading(document, text["h_notes"])
    add_paragraph(document, "{{ notes|default_dash }}")
    add_heading(document, text["h_chart"])
    add_image(document, "chart", text["chart_caption"])
    set_footer(document, text["footer"])
    return document


TEMPLATES: dict[str, Callable[[str], DocumentObject]] = {
    "sample": build_sample,
}
"""Template name → builder; each is written once per language as templates/<lang>/<name>.docx."""


def build_templates(names: Sequence[str] | None = None, out_dir: Path = TEMPLATES_DIR,
                    languages: Sequence[str] = LANGUAGES) -> list[Path]:
    """Write the named templates (all by default) in every language; returns the paths."""
    chosen = list(names or TEMPLATES)
    unknown = [name for name in chosen if name not in TEMPLATES]
    if unknown:
        raise SystemExit(f"Nezināma veidne / unknown template: {', '.join(unknown)} "
                         f"(pieejamās / available: {', '.join(TEMPLATES)})")
    return [save_template(TEMPLATES[name](lang), Path(out_dir) / lang / f"{name}.docx")
            for name in chosen for lang in languages]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ģenerē noklusējuma Word veidnes / generate the default Word templates")
    parser.add_argument("names", nargs="*", help=f"veidnes / templates: {', '.join(TEMPLATES)}")
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR, help="mape / folder (default: templates/)")
    arguments = parser.parse_args(argv)
    for path in build_templates(arguments.names, arguments.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
