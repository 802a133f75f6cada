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
from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
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
    for cell, text in zip(table.rows[0].cells, headers, strict=False):
        add_text(cell.paragraphs[0], text)
    _repeat_header(table.rows[0]._tr)
    add_text(table.rows[1].cells[0].paragraphs[0], f"{{%tr for {loop} %}}")
    for cell, text in zip(table.rows[2].cells, cells, strict=False):
        add_text(cell.paragraphs[0], text)
    add_text(table.rows[3].cells[0].paragraphs[0], "{%tr endfor %}")
    if widths_mm:
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=False):
            column.width = Mm(width)  # w:gridCol, which LibreOffice follows
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=False):
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


# --------------------------------------------------------------------------------------------
# Report templates: the annual report and the action plan (erasmus_xl/reports.py fills them).
# --------------------------------------------------------------------------------------------

REPORT_TABLE_FONT = Pt(9)
FOOTER_FONT = Pt(8)


def add_page_number(paragraph: Paragraph) -> None:
    """A PAGE field (Word and LibreOffice compute it when the document is shown)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def set_report_footer(document: DocumentObject, text: str) -> None:
    """Footer text followed by the page number, in a small font."""
    document.styles["Footer"].font.size = FOOTER_FONT
    set_footer(document, text)
    add_page_number(document.sections[0].footer.paragraphs[0])


TABLE_TEXT_STYLE = "Table Text"


def report_document(lang: str, title: str) -> DocumentObject:
    """A report: A4, with a "Table Text" paragraph style (9 pt, no spacing) for the table cells."""
    document = new_document(lang, title)
    style = document.styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = REPORT_TABLE_FONT
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    return document


def use_table_text(document: DocumentObject) -> None:
    """Every paragraph of every data table in the "Table Text" style (restyled in one place in Word)."""
    for table in document.tables:
        if table.style is not None and table.style.name != TABLE_STYLE:
            continue
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.style = document.styles[TABLE_TEXT_STYLE]


def set_landscape(document: DocumentObject) -> None:
    """A4 landscape: the action plan's table has columns left blank to write in."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)


def add_report_header(document: DocumentObject) -> None:
    """Logo (optional), school name, the title and the strategy's name."""
    add_block(document, "{%p if logo %}")
    add_paragraph(document, "{{ logo }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    add_block(document, "{%p endif %}")
    add_text(document.add_paragraph(), "{{ school_name }}", bold=True).alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_paragraph(document, "{{ title }}", "Title")
    add_paragraph(document, "{{ strategy_name }}", "Subtitle")


def add_list(document: DocumentObject, items: str, style: str | None = "List Bullet") -> None:
    """One paragraph per item of a list of texts (bulleted by default)."""
    add_block(document, f"{{%p for item in {items} %}}")
    add_paragraph(document, "{{ item }}", style)
    add_block(document, "{%p endfor %}")


def add_table_caption(document: DocumentObject, text: str) -> Paragraph:
    """A caption above a table, kept on the table's page."""
    paragraph = add_caption(document, text)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def add_optional_table(document: DocumentObject, rows: str, caption: str, headers: Sequence[str],
                       cells: Sequence[str], item: str, widths_mm: Sequence[float]) -> None:
    """A captioned row-loop table, or a dash when the list is empty (a missing optional section)."""
    add_block(document, f"{{%p if {rows} %}}")
    add_table_caption(document, caption)
    add_loop_table(document, headers, cells, f"{item} in {rows}", widths_mm=widths_mm)
    add_block(document, "{%p else %}")
    add_paragraph(document, "—")
    add_block(document, "{%p endif %}")


def add_form_table(document: DocumentObject, labels: Sequence[str], widths_mm: Sequence[float],
                   height_mm: float) -> Table:
    """A table with a label column and empty cells to write in (the Council's conclusions)."""
    table = document.add_table(rows=len(labels), cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row, label in zip(table.rows, labels, strict=False):
        row.height = Mm(height_mm)
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
        add_text(row.cells[0].paragraphs[0], label, bold=True)
    return table


_ANNUAL_TEXT = {
    "lv": {
        "source": "Datu avots: {{ register_name }}; datu stāvoklis: {{ as_of }}. {{ targets_note }}",
        "h_summary": "1. Kopsavilkums",
        "h_left_out": "Neieskaitītās reģistra rindas",
        "h_indicators": "2. Kvantitatīvie rādītāji",
        "indicators_caption": "1. tabula. Stratēģijas rādītāju izpilde ({{ period_label }})",
        "indicator_headers": ["Rādītājs", "Mērķis", "Notikušas", "Plānotas un apstiprinātas", "% no mērķa", "Statuss"],
        "status_pointer": "Statusa noteikšanas kārtība un rādītāju aprēķina noteikumi ir pielikumā.",
        "h_charts": "Rādītāju dinamika stratēģijas periodā",
        "chart_legend": "Tumšais stabiņš — notikušās aktivitātes; gaišais svītrotais — plānotās un apstiprinātās (kopā prognoze); sarkanā līnija — mērķis.",
        "h_participants": "3. Mobilitāšu dalībnieki",
        "h_countries": "Pēc galamērķa valsts",
        "countries_caption": "2. tabula. Izglītojamo un personāla mobilitātes pēc galamērķa valsts",
        "country_headers": ["Valsts", "Notikušas", "Plānotas un apstiprinātas"],
        "h_programmes": "Pēc izglītības programmas",
        "programmes_caption": "3. tabula. Izglītojamo mobilitātes pēc izglītības programmas",
        "programme_headers": ["Izglītības programma", "Notikušas", "Plānotas un apstiprinātas"],
        "h_organisations": "Pēc uzņemošās organizācijas (partnera)",
        "organisations_caption": "4. tabula. Mobilitātes pēc uzņemošās organizācijas",
        "organisation_headers": ["Uzņemošā organizācija", "Notikušas", "Plānotas un apstiprinātas"],
        "h_hosted": "4. Uzņemtie ārvalstu viesi",
        "hosted_caption": "5. tabula. Uzņemtās ārvalstu izglītojamo un personāla grupas",
        "hosted_headers": ["Nosūtošā organizācija", "Valsts", "Dalībnieku veids", "Skaits", "Datumi", "Statuss"],
        "h_events": "5. Starptautiskie pasākumi un konkursi",
        "h_events2": "Semināri, konferences un citi pasākumi",
        "events_caption": "6. tabula. Dalība starptautiskos pasākumos",
        "event_headers": ["Nosaukums", "Veids", "Vieta", "Datumi", "Dalībnieki", "Statuss"],
        "h_competitions": "Konkursi",
        "competitions_caption": "7. tabula. Dalība starptautiskos konkursos un rezultāti",
        "competition_headers": ["Konkurss", "Valsts", "Datums", "Dalībnieki", "Rezultāts", "Statuss"],
        "h_projects": "6. Starptautiskie sadarbības projekti",
        "projects_caption": "8. tabula. Sadarbības projekti, kas īstenoti {{ period_phrase }}",
        "project_headers": ["Projekts", "Programma", "Loma", "Periods", "Finansējums", "Statuss"],
        "h_partners": "Jaunie partneri",
        "partners_caption": "9. tabula. Jaunās ārvalstu partnerorganizācijas",
        "partner_headers": ["Organizācija", "Valsts", "Pilsēta", "Veids", "Sadarbība kopš"],
        "h_qualitative": "7. Kvalitatīvie rādītāji",
        "qualitative_intro": "Pēc dalībnieku atsauksmēm par {{ period_phrase }} notikušajām mobilitātēm.",
        "qualitative_caption": "10. tabula. Kvalitatīvie rādītāji",
        "qualitative_headers": ["Rādītājs", "Vērtība", "Atbilst", "Atsauksmes / mobilitātes"],
        "h_council": "8. Pedagoģiskās padomes secinājumi",
        "council_intro": "Aizpilda pēc Pedagoģiskās padomes sēdes, kurā izvērtēts stratēģijas progress.",
        "council_rows": ["Secinājumi par stratēģijas īstenošanu", "Ieteikumi nākamā gada rīcības plānam",
                         "Sēdes datums un protokola Nr."],
        "h_appendix": "Pielikums. {{ counting_rules_title }}",
        "status_rule": "Statusa noteikšana. {{ status_rule }}",
        "footer": "{{ school_name }} · {{ title }} · ",
    },
    "en": {
        "source": "Data: {{ register_name }}; data as of {{ as_of }}. {{ targets_note }}",
        "h_summary": "1. Summary",
        "h_left_out": "Register rows not counted",
        "h_indicators": "2. Quantitative indicators",
        "indicators_caption": "Table 1. Strategy indicators ({{ period_label }})",
        "indicator_headers": ["Indicator", "Target", "Actual", "Planned and confirmed", "% of target", "Status"],
        "status_pointer": "How the status is set and how the indicators are counted: see the appendix.",
        "h_charts": "Indicators over the strategy period",
        "chart_legend": "Dark bar: activities that took place; light hatched bar: planned and confirmed ones (together the forecast); red line: the target.",
        "h_participants": "3. Mobility participants",
        "h_countries": "By destination country",
        "countries_caption": "Table 2. Learner and staff mobilities by destination country",
        "country_headers": ["Country", "Actual", "Planned and confirmed"],
        "h_programmes": "By education programme",
        "programmes_caption": "Table 3. Learner mobilities by education programme",
        "programme_headers": ["Education programme", "Actual", "Planned and confirmed"],
        "h_organisations": "By receiving organisation (partner)",
        "organisations_caption": "Table 4. Mobilities by receiving organisation",
        "organisation_headers": ["Receiving organisation", "Actual", "Planned and confirmed"],
        "h_hosted": "4. Foreign guests hosted",
        "hosted_caption": "Table 5. Foreign learner and staff groups hosted",
        "hosted_headers": ["Sending organisation", "Country", "Participant type", "Number", "Dates", "Status"],
        "h_events": "5. International events and competitions",
        "h_events2": "Seminars, conferences and other events",
        "events_caption": "Table 6. Participation in international events",
        "event_headers": ["Title", "Type", "Place", "Dates", "Participants", "Status"],
        "h_competitions": "Competitions",
        "competitions_caption": "Table 7. Participation in international competitions and results",
        "competition_headers": ["Competition", "Country", "Date", "Participants", "Result", "Status"],
        "h_projects": "6. International cooperation projects",
        "projects_caption": "Table 8. Cooperation projects carried out in {{ period_label }}",
        "project_headers": ["Project", "Programme", "Role", "Period", "Grant", "Status"],
        "h_partners": "New partners",
        "partners_caption": "Table 9. New foreign partner organisations",
        "partner_headers": ["Organisation", "Country", "City", "Type", "Partner since"],
        "h_qualitative": "7. Qualitative indicators",
        "qualitative_intro": "From participants' feedback on the mobilities completed in {{ period_label }}.",
        "qualitative_caption": "Table 10. Qualitative indicators",
        "qualitative_headers": ["Indicator", "Value", "Meet it", "Feedback / mobilities"],
        "h_council": "8. Conclusions of the Pedagogical Council",
        "council_intro": "To be completed after the Pedagogical Council's meeting that reviews the strategy's progress.",
        "council_rows": ["Conclusions on the strategy's implementation", "Recommendations for next year's action plan",
                         "Date of the meeting and minutes no."],
        "h_appendix": "Appendix. {{ counting_rules_title }}",
        "status_rule": "How the status is set. {{ status_rule }}",
        "footer": "{{ school_name }} · {{ title }} · ",
    },
}

_CHART_KEYS = ("learner_mobility_out", "staff_mobility_out", "learners_hosted", "staff_hosted", "events",
               "competitions", "projects_coordinator", "projects_partner")
"""The key indicators with a chart each (erasmus_xl.domain.indicators.KEY_INDICATORS)."""


def build_annual_report(lang: str) -> DocumentObject:
    """The yearly report on the strategy for the Pedagogical Council (reports.write_annual_report)."""
    text = _ANNUAL_TEXT[lang]
    document = report_document(lang, "{{ title }}")
    add_report_header(document)
    add_paragraph(document, text["source"])

    add_heading(document, text["h_summary"])
    add_list(document, "headline", None)
    add_list(document, "indicator_sentences")
    add_list(document, "summary", None)
    add_heading(document, text["h_left_out"], 2)
    add_paragraph(document, "{{ left_out_text }}")
    add_list(document, "left_out_items")

    add_heading(document, text["h_indicators"])
    add_table_caption(document, text["indicators_caption"])
    add_loop_table(document, text["indicator_headers"],
                   ["{{ i.label }}", "{{ i.target }}", "{{ i.actual }}", "{{ i.pipeline }}", "{{ i.percent }}",
                    "{% cellbg i.colour %}{{ i.status }}"],
                   "i in indicators", widths_mm=[45, 16, 23, 28, 18, 30])
    add_paragraph(document, text["status_pointer"])
    add_heading(document, text["h_charts"], 2)
    add_paragraph(document, text["chart_legend"])
    for key in _CHART_KEYS:
        add_block(document, f"{{%p if chart_{key} %}}")
        add_image(document, f"chart_{key}", f"{{{{ chart_captions.{key} }}}}")
        add_block(document, "{%p endif %}")

    add_heading(document, text["h_participants"])
    add_heading(document, text["h_countries"], 2)
    add_optional_table(document, "countries", text["countries_caption"], text["country_headers"],
                       ["{{ c.label }}", "{{ c.actual }}", "{{ c.pipeline }}"], "c", [90, 30, 40])
    add_heading(document, text["h_programmes"], 2)
    add_optional_table(document, "programmes", text["programmes_caption"], text["programme_headers"],
                       ["{{ p.label }}", "{{ p.actual }}", "{{ p.pipeline }}"], "p", [90, 30, 40])
    add_heading(document, text["h_organisations"], 2)
    add_optional_table(document, "organisations", text["organisations_caption"], text["organisation_headers"],
                       ["{{ o.label }}", "{{ o.actual }}", "{{ o.pipeline }}"], "o", [90, 30, 40])

    add_heading(document, text["h_hosted"])
    add_optional_table(document, "hosted", text["hosted_caption"], text["hosted_headers"],
                       ["{{ g.organisation }}", "{{ g.country }}", "{{ g.type }}", "{{ g.count }}", "{{ g.dates }}",
                        "{{ g.status }}"], "g", [46, 20, 24, 14, 36, 20])

    add_heading(document, text["h_events"])
    add_heading(document, text["h_events2"], 2)
    add_optional_table(document, "events", text["events_caption"], text["event_headers"],
                       ["{{ e.title }}", "{{ e.type }}", "{{ e.place }}", "{{ e.dates }}", "{{ e.participants }}",
                        "{{ e.status }}"], "e", [44, 22, 24, 32, 18, 20])
    add_heading(document, text["h_competitions"], 2)
    add_optional_table(document, "competitions", text["competitions_caption"], text["competition_headers"],
                       ["{{ c.title }}", "{{ c.country }}", "{{ c.date }}", "{{ c.participants }}", "{{ c.result }}",
                        "{{ c.status }}"], "c", [44, 22, 24, 18, 32, 20])

    add_heading(document, text["h_projects"])
    add_optional_table(document, "projects", text["projects_caption"], text["project_headers"],
                       ["{{ p.title }} ({{ p.number }})", "{{ p.programme }}", "{{ p.role }}", "{{ p.dates }}",
                        "{{ p.grant }}", "{{ p.status }}"], "p", [46, 20, 22, 30, 24, 18])
    add_heading(document, text["h_partners"], 2)
    add_optional_table(document, "new_partners", text["partners_caption"], text["partner_headers"],
                       ["{{ n.name }}", "{{ n.country }}", "{{ n.city }}", "{{ n.type }}", "{{ n.since }}"], "n",
                       [54, 22, 24, 36, 24])

    add_heading(document, text["h_qualitative"])
    add_paragraph(document, text["qualitative_intro"])
    add_optional_table(document, "qualitative", text["qualitative_caption"], text["qualitative_headers"],
                       ["{{ q.label }}", "{{ q.value }}", "{{ q.meets }}", "{{ q.answered }}"], "q", [76, 34, 22, 28])
    add_heading(document, text["h_council"])
    add_paragraph(document, text["council_intro"])
    add_form_table(document, text["council_rows"], [50, 110], 30)

    appendix = add_heading(document, text["h_appendix"])
    appendix.paragraph_format.page_break_before = True
    add_paragraph(document, "{{ counting_rules_intro }}")
    add_list(document, "counting_rules", "List Number")
    add_paragraph(document, text["status_rule"])
    use_table_text(document)
    set_report_footer(document, text["footer"])
    return document


_PLAN_TEXT = {
    "lv": {
        "intro": "Rīcības plāns izstrādāts atbilstoši stratēģijas 4. nodaļai: Pedagoģiskā padome katra mācību gada "
                 "sākumā izvērtē stratēģijas progresu un nosaka aktuālos uzdevumus, termiņus un atbildīgās personas. "
                 "Datu avots: {{ register_name }}; datu stāvoklis: {{ as_of }}.",
        "h_tasks": "1. Uzdevumi",
        "tasks_caption": "1. tabula. Stratēģijas uzdevumi, rādītāji, atbildīgie un termiņi",
        "task_headers": ["Nr.", "Uzdevums", "Rādītājs / mērķis", "Atbildīgais", "Termiņš", "Piezīmes"],
        "h_targets": "2. Kvantitatīvie mērķi un pašreizējā izpilde",
        "targets_caption": "2. tabula. Mērķi {{ period_for }} un izpilde (datu stāvoklis: {{ as_of }})",
        "target_headers": ["Rādītājs", "Mērķis", "Notikušas", "Plānotas un apstiprinātas", "Vēl jāieplāno", "Statuss"],
        "h_qualitative": "3. Kvalitatīvie rādītāji",
        "qualitative_intro": "Bāzes vērtības: atsauksmes par {{ previous_period_phrase }} notikušajām mobilitātēm.",
        "qualitative_caption": "3. tabula. Kvalitatīvo rādītāju bāzes vērtības ({{ previous_period_label }})",
        "qualitative_headers": ["Rādītājs", "Vērtība", "Atbilst", "Atsauksmes / mobilitātes"],
        "h_approval": "4. Apstiprināšana",
        "approval": "Rīcības plāns apstiprināts Pedagoģiskās padomes sēdē ________________ (protokols Nr. ______).",
        "director": "Direktors: ______________________ {{ director }}",
        "status_rule": "Statusa noteikšana. {{ status_rule }}",
        "footer": "{{ school_name }} · {{ title }} · ",
    },
    "en": {
        "intro": "The action plan follows section 4 of the strategy: at the start of every school year the Pedagogical "
                 "Council reviews the strategy's progress and sets the current tasks, deadlines and responsible persons. "
                 "Data: {{ register_name }}; data as of {{ as_of }}.",
        "h_tasks": "1. Tasks",
        "tasks_caption": "Table 1. The strategy's tasks, indicators, responsible persons and deadlines",
        "task_headers": ["No.", "Task", "Indicator / target", "Responsible", "Deadline", "Notes"],
        "h_targets": "2. Quantitative targets and current progress",
        "targets_caption": "Table 2. Targets {{ period_for }} and progress (data as of {{ as_of }})",
        "target_headers": ["Indicator", "Target", "Actual", "Planned and confirmed", "Still to plan", "Status"],
        "h_qualitative": "3. Qualitative indicators",
        "qualitative_intro": "Baseline: feedback on the mobilities completed in {{ previous_period_label }}.",
        "qualitative_caption": "Table 3. Baseline of the qualitative indicators ({{ previous_period_label }})",
        "qualitative_headers": ["Indicator", "Value", "Meet it", "Feedback / mobilities"],
        "h_approval": "4. Adoption",
        "approval": "Action plan adopted at the meeting of the Pedagogical Council on ________________ (minutes no. ______).",
        "director": "Director: ______________________ {{ director }}",
        "status_rule": "How the status is set. {{ status_rule }}",
        "footer": "{{ school_name }} · {{ title }} · ",
    },
}


def build_action_plan(lang: str) -> DocumentObject:
    """The next year's action plan (Rīcības plāns) with tasks, targets and blanks to fill (reports.write_action_plan)."""
    text = _PLAN_TEXT[lang]
    document = report_document(lang, "{{ title }}")
    set_landscape(document)
    add_report_header(document)
    add_paragraph(document, text["intro"])

    add_heading(document, text["h_tasks"])
    add_table_caption(document, text["tasks_caption"])
    add_loop_table(document, text["task_headers"],
                   ["{{ t.number }}", "{{ t.task }}{% if t.activity %} — {{ t.activity }}{% endif %}", "{{ t.measure }}",
                    "{{ t.responsible }}", "{{ t.deadline }}", "{{ t.notes }}"],
                   "t in tasks", widths_mm=[12, 78, 62, 35, 25, 35])
    add_block(document, "{%p if plan_source_note %}")
    add_paragraph(document, "{{ plan_source_note }}")
    add_block(document, "{%p endif %}")

    add_heading(document, text["h_targets"])
    add_table_caption(document, text["targets_caption"])
    add_loop_table(document, text["target_headers"],
                   ["{{ i.label }}", "{{ i.target }}", "{{ i.actual }}", "{{ i.pipeline }}", "{{ i.still_to_plan }}",
                    "{% cellbg i.colour %}{{ i.status }}"],
                   "i in targets", widths_mm=[93, 22, 26, 38, 30, 38])
    add_list(document, "headline", None)
    add_paragraph(document, "{{ targets_note }}")
    add_paragraph(document, text["status_rule"])  # explains the table's statuses, not after the signature

    add_heading(document, text["h_qualitative"])
    add_paragraph(document, text["qualitative_intro"])
    add_optional_table(document, "qualitative", text["qualitative_caption"], text["qualitative_headers"],
                       ["{{ q.label }}", "{{ q.value }}", "{{ q.meets }}", "{{ q.answered }}"], "q", [120, 55, 32, 40])

    add_heading(document, text["h_approval"])
    add_paragraph(document, text["approval"]).paragraph_format.keep_with_next = True
    add_paragraph(document, text["director"])
    use_table_text(document)
    set_report_footer(document, text["footer"])
    return document


# --------------------------------------------------------------------------------------------
# Application annexes (erasmus_xl/annexes.py) and Europass Mobility (erasmus_xl/europass.py).
# --------------------------------------------------------------------------------------------

LABEL_FILL = "F2F2F2"


def shade_cell(cell, fill: str) -> None:
    """Cell background (w:shd), for the label column of a form."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def add_field_table(document: DocumentObject, rows: Sequence[str | tuple], widths_mm: Sequence[float] = (62, 98),
                    style: str = "Table Grid") -> Table:
    """A form: shaded label | value rows. A row given as a lone string is a `{%tr … %}` tag row;
    (label, value, height_mm) gives a taller row, e.g. an empty place to write or sign in.
    """
    table = document.add_table(rows=len(rows), cols=2)
    table.style = document.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row, spec in zip(table.rows, rows, strict=False):
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
        if isinstance(spec, str):
            add_text(row.cells[0].paragraphs[0], spec)
            continue
        label, value, *height = spec
        add_text(row.cells[0].paragraphs[0], label, bold=True)
        shade_cell(row.cells[0], LABEL_FILL)
        if value:
            add_text(row.cells[1].paragraphs[0], value)
        if height:
            row.height = Mm(height[0])
    for row in table.rows[:-1]:   # keep a form on one page where it fits
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    return table


def add_school_line(document: DocumentObject) -> None:
    add_text(document.add_paragraph(), "{{ school_name }}", bold=True).alignment = WD_ALIGN_PARAGRAPH.CENTER


_ANNEX_KA1_TEXT = {
    "lv": {
        "h_activities": "1. Plānotās aktivitātes",
        "activities_caption": "1. tabula. Plānotās mobilitātes pēc aktivitātes veida un galamērķa valsts",
        "activity_headers": ["Aktivitātes veids", "Valsts", "Dalībnieki", "Dienas kopā", "Ilgums, d.",
                             "Pavadošās personas", "Pavadošo personu dienas"],
        "h_ka122": "KA122 ierobežojumu pārbaude",
        "h_budget": "2. Budžeta aprēķins",
        "budget_caption": "2. tabula. Budžets pa Erasmus+ budžeta kategorijām",
        "budget_headers": ["Kategorija", "Summa", "Statuss"],
        "missing_caption": "2.a tabula. Trūkstošās likmes (summas ar tām nav aprēķinātas)",
        "missing_headers": ["Likme", "Konkursa gads", "Kur ievada"],
        "unconfirmed_caption": "2.b tabula. Likmes un noteikumi, kas nav apstiprināti oficiālā avotā",
        "unconfirmed_headers": ["Likme vai noteikums", "Vērtība", "Avots"],
        "h_sources": "Pielikums. Likmju avoti",
        "sources_intro": "Avoti, uz kuriem balstītas 2.b tabulas likmes un noteikumi.",
        "source_headers": ["Nr.", "Avots", "Vietne"],
        "h_partners": "3. Partnerorganizācijas",
        "partners_caption": "3. tabula. Uzņemošās organizācijas un to OID",
        "partner_headers": ["Organizācija", "Pilsēta, valsts", "OID", "Dalībnieki", "Piezīmes"],
        "h_indicators": "4. Ieguldījums stratēģijas rādītāju sasniegšanā",
        "indicators_caption": "4. tabula. Stratēģijas rādītāji, kurus ietekmē projekts",
        "indicator_headers": ["Rādītājs", "Gads", "Mērķis", "Prognoze", "Šis projekts", "Daļa no mērķa",
                              "Vēl jāplāno"],
        "footer": "{{ school_name }} · {{ document_title }} · ",
    },
    "en": {
        "h_activities": "1. Planned activities",
        "activities_caption": "Table 1. Planned mobilities by activity type and destination country",
        "activity_headers": ["Activity type", "Country", "Participants", "Days in total", "Duration, days",
                             "Accompanying persons", "Accompanying persons' days"],
        "h_ka122": "KA122 limits check",
        "h_budget": "2. Budget estimate",
        "budget_caption": "Table 2. Budget by Erasmus+ budget category",
        "budget_headers": ["Category", "Amount", "Status"],
        "missing_caption": "Table 2a. Missing rates (amounts using them are not computed)",
        "missing_headers": ["Rate", "Call year", "Entered on"],
        "unconfirmed_caption": "Table 2b. Rates and rules not confirmed by an official source",
        "unconfirmed_headers": ["Rate or rule", "Value", "Source"],
        "h_sources": "Appendix. Sources of the rates",
        "sources_intro": "The sources of the rates and rules in table 2b.",
        "source_headers": ["No.", "Source", "Site"],
        "h_partners": "3. Partner organisations",
        "partners_caption": "Table 3. Receiving organisations and their OIDs",
        "partner_headers": ["Organisation", "City, country", "OID", "Participants", "Notes"],
        "h_indicators": "4. Contribution to the strategy's indicators",
        "indicators_caption": "Table 4. Strategy indicators the project moves",
        "indicator_headers": ["Indicator", "Year", "Target", "Forecast", "This project", "Share of the target",
                              "Still to plan"],
        "footer": "{{ school_name }} · {{ document_title }} · ",
    },
}


def build_annex_ka1(lang: str) -> DocumentObject:
    """The KA122-VET / KA121-VET application annex (annexes.write_ka1_annex)."""
    text = _ANNEX_KA1_TEXT[lang]
    document = report_document(lang, "{{ document_title }}")
    add_school_line(document)
    add_paragraph(document, "{{ document_title }}", "Title")
    add_paragraph(document, "{{ subject }}", "Subtitle")
    add_paragraph(document, "{{ prepared }}")
    add_paragraph(document, "{{ period_text }}")
    add_paragraph(document, "{{ left_out_text }}")

    add_heading(document, text["h_activities"])
    add_paragraph(document, "{{ activities_summary }}")
    add_table_caption(document, text["activities_caption"])
    add_loop_table(document, text["activity_headers"],
                   ["{{ a.activity }}", "{{ a.country }}", "{{ a.participants }}", "{{ a.days }}", "{{ a.duration }}",
                    "{{ a.accompanying }}", "{{ a.accompanying_days }}"],
                   "a in activities", widths_mm=[38, 19, 22, 17, 18, 23, 23])
    add_paragraph(document, "{{ days_note }}")
    add_block(document, "{%p if ka122_checks %}")
    add_heading(document, text["h_ka122"], 2)
    add_list(document, "ka122_checks")
    add_paragraph(document, "{{ ka122_note }}")
    add_block(document, "{%p endif %}")

    add_heading(document, text["h_budget"])
    add_paragraph(document, "{{ budget_intro }}")
    add_table_caption(document, text["budget_caption"])
    add_loop_table(document, text["budget_headers"], ["{{ b.category }}", "{{ b.amount }}", "{{ b.status }}"],
                   "b in budget_rows", widths_mm=[48, 36, 76])
    add_paragraph(document, "{{ budget_total_text }}")
    add_block(document, "{%p if missing_rates %}")
    add_table_caption(document, text["missing_caption"])
    add_loop_table(document, text["missing_headers"], ["{{ m.rate }}", "{{ m.year }}", "{{ m.where }}"],
                   "m in missing_rates", widths_mm=[100, 25, 35])
    add_block(document, "{%p endif %}")
    add_block(document, "{%p if unconfirmed_rates %}")
    add_table_caption(document, text["unconfirmed_caption"])
    add_loop_table(document, text["unconfirmed_headers"], ["{{ u.item }}", "{{ u.value }}", "{{ u.sources }}"],
                   "u in unconfirmed_rates", widths_mm=[100, 30, 30])
    add_block(document, "{%p endif %}")

    add_heading(document, text["h_partners"])
    add_optional_table(document, "partners", text["partners_caption"], text["partner_headers"],
                       ["{{ p.name }}", "{{ p.place }}", "{{ p.oid }}", "{{ p.participants }}", "{{ p.note }}"], "p",
                       [46, 30, 25, 22, 37])
    add_block(document, "{%p if partners_note %}")
    add_paragraph(document, "{{ partners_note }}")
    add_block(document, "{%p endif %}")

    add_heading(document, text["h_indicators"])
    add_paragraph(document, "{{ indicators_intro }}")
    add_optional_table(document, "indicators", text["indicators_caption"], text["indicator_headers"],
                       ["{{ i.label }}", "{{ i.year }}", "{{ i.target }}", "{{ i.forecast }}", "{{ i.contribution }}",
                        "{{ i.share }}", "{{ i.still_to_plan }}"], "i", [44, 13, 16, 21, 21, 23, 22])
    add_list(document, "indicator_sentences")
    add_paragraph(document, "{{ accompanying_note }}")

    add_block(document, "{%p if rate_sources %}")
    add_heading(document, text["h_sources"])
    add_paragraph(document, text["sources_intro"])
    add_loop_table(document, text["source_headers"], ["[{{ s.number }}]", "{{ s.title }}", "{{ s.site }}"],
                   "s in rate_sources", widths_mm=[12, 103, 45])
    add_block(document, "{%p endif %}")
    use_table_text(document)
    set_report_footer(document, text["footer"])
    return document


_ERASMUS_PLAN_TEXT = {
    "lv": {
        "h_objectives": "1. Mērķi",
        "source": "Pamatojums stratēģijā: {{ o.source }}",
        "measures": "Rādītāji: {{ o.measures }}",
        "progress": "Pašreizējā izpilde:",
        "h_targets": "2. Rādītāji un mērķi {{ years_label }}",
        "targets_caption": "1. tabula. Rādītāju gada mērķi",
        "indicator": "Rādītājs",
        "h_actuals": "3. Pašreizējā izpilde",
        "actuals_caption": "2. tabula. Notikušās mobilitātes un aktivitātes pret mērķi",
        "h_qualitative": "Kvalitatīvie rādītāji",
        "qualitative_caption": "3. tabula. Kvalitatīvie rādītāji pa gadiem",
        "h_rules": "Skaitīšanas noteikumi",
        "footer": "{{ school_name }} · {{ document_title }} · ",
    },
    "en": {
        "h_objectives": "1. Objectives",
        "source": "Basis in the strategy: {{ o.source }}",
        "measures": "Indicators: {{ o.measures }}",
        "progress": "Progress so far:",
        "h_targets": "2. Indicators and targets {{ years_label }}",
        "targets_caption": "Table 1. Yearly targets of the indicators",
        "indicator": "Indicator",
        "h_actuals": "3. Progress so far",
        "actuals_caption": "Table 2. Completed mobilities and activities against the target",
        "h_qualitative": "Qualitative indicators",
        "qualitative_caption": "Table 3. Qualitative indicators by year",
        "h_rules": "Counting rules",
        "footer": "{{ school_name }} · {{ document_title }} · ",
    },
}


def build_erasmus_plan(lang: str) -> DocumentObject:
    """The Erasmus plan of the KA120-VET accreditation application (annexes.write_erasmus_plan)."""
    text = _ERASMUS_PLAN_TEXT[lang]
    document = report_document(lang, "{{ document_title }}")
    add_school_line(document)
    add_paragraph(document, "{{ document_title }}", "Title")
    add_paragraph(document, "{{ subtitle }}", "Subtitle")
    add_paragraph(document, "{{ strategy }}")
    add_paragraph(document, "{{ prepared }}")
    add_paragraph(document, "{{ intro }}")
    add_paragraph(document, "{{ check_note }}", "Intense Quote")

    add_heading(document, text["h_objectives"])
    add_block(document, "{%p for o in objectives %}")
    add_heading(document, "{{ o.number }}. {{ o.title }}", 2)
    add_paragraph(document, "{{ o.text }}")
    add_paragraph(document, text["source"])
    add_paragraph(document, text["measures"])
    add_paragraph(document, text["progress"])
    add_list(document, "o.progress")
    add_block(document, "{%p endfor %}")

    years = ["{{ y1 }}", "{{ y2 }}", "{{ y3 }}", "{{ y4 }}", "{{ y5 }}"]
    widths = [60, 20, 20, 20, 20, 20]
    add_heading(document, text["h_targets"])
    add_paragraph(document, "{{ targets_note }}")
    add_table_caption(document, text["targets_caption"])
    add_loop_table(document, [text["indicator"], *years],
                   ["{{ t.label }}", "{{ t.c1 }}", "{{ t.c2 }}", "{{ t.c3 }}", "{{ t.c4 }}", "{{ t.c5 }}"],
                   "t in targets", widths_mm=widths)
    add_heading(document, text["h_actuals"])
    add_paragraph(document, "{{ actuals_intro }}")
    add_table_caption(document, text["actuals_caption"])
    add_loop_table(document, [text["indicator"], *years],
                   ["{{ r.label }}", "{{ r.c1 }}", "{{ r.c2 }}", "{{ r.c3 }}", "{{ r.c4 }}", "{{ r.c5 }}"],
                   "r in actuals", widths_mm=widths)
    add_heading(document, text["h_qualitative"], 2)
    add_table_caption(document, text["qualitative_caption"])
    add_loop_table(document, [text["indicator"], *years],
                   ["{{ q.label }}", "{{ q.c1 }}", "{{ q.c2 }}", "{{ q.c3 }}", "{{ q.c4 }}", "{{ q.c5 }}"],
                   "q in qualitative", widths_mm=widths)
    add_paragraph(document, "{{ left_out_text }}")
    add_heading(document, text["h_rules"], 2)
    add_list(document, "counting_rules", "List Number")
    use_table_text(document)
    set_report_footer(document, text["footer"])
    return document


_EUROPASS_TEXT = {
    "lv": {
        "title": "Europass Mobilitātes apliecinājums",
        "subtitle": "Ārvalstīs gūtās mācību pieredzes apraksts",
        "intro": ("Sagatave no Erasmus+ reģistra: 1.–4. sadaļa aizpildīta; 5. sadaļu aizpilda mentors "
                  "uzņemošajā organizācijā kopā ar apliecinājuma īpašnieku."),
        "h_holder": "1. Europass Mobilitātes apliecinājuma īpašnieks",
        "surname": "Uzvārds(-i)",
        "first_name": "Vārds(-i)",
        "birth_date": "Dzimšanas datums",
        "h_issuer": "2. Europass Mobilitātes apliecinājuma izdevējs",
        "issuer_name": "Izdevējas organizācijas nosaukums",
        "number": "Europass Mobilitātes apliecinājuma numurs",
        "issue_date": "Izdošanas datums",
        "h_partners": "3. Partneri",
        "h_sending": "3.a Nosūtošais partneris (organizācija, kas sūta dalībnieku)",
        "h_host": "3.b Uzņemošais partneris (organizācija, kas uzņem dalībnieku)",
        "name": "Nosaukums",
        "type": "Veids",
        "address": "Adrese",
        "oid": "OID",
        "contact": "E-pasts",
        "reference": "Kontaktpersona vai mentors (vārds, uzvārds)",
        "position": "Amats",
        "phone": "Tālrunis",
        "email": "E-pasts",
        "stamp": "Zīmogs un/vai paraksts",
        "h_description": "4. Mobilitātes pieredzes apraksts",
        "objective": "Mobilitātes mērķis",
        "initiative": "Iniciatīva, kuras ietvaros notiek mobilitāte",
        "qualification": "Kvalifikācija (ja ir), kuras ieguvē notiek mācības",
        "programme": "Programma",
        "duration": "Ilgums (no–līdz)",
        "h_skills": "5.a Mobilitātes laikā apgūtās prasmes un kompetences",
        "skills_intro": "Aizpilda mentors uzņemošajā organizācijā.",
        "skills": ["Veiktās darbības un uzdevumi", "Ar darbu saistītās prasmes un kompetences",
                   "Valodu prasmes un kompetences", "Datorprasmes un digitālās kompetences",
                   "Organizatoriskās prasmes un kompetences", "Sociālās prasmes un kompetences",
                   "Citas prasmes un kompetences"],
        "date": "Datums",
        "mentor_signature": "Mentora vārds, uzvārds un paraksts",
        "holder_signature": "Apliecinājuma īpašnieka paraksts",
        "footer": "{{ issuer.name }} · Europass Mobilitātes apliecinājums · {{ holder.id }} · ",
    },
    "en": {
        "title": "Europass Mobility",
        "subtitle": "A record of a learning experience abroad",
        "intro": ("Prepared from the Erasmus+ register: sections 1–4 are filled in; section 5 is completed by "
                  "the mentor at the host organisation together with the holder."),
        "h_holder": "1. Holder of the Europass Mobility",
        "surname": "Surname(s)",
        "first_name": "First name(s)",
        "birth_date": "Date of birth",
        "h_issuer": "2. Issuer of the Europass Mobility",
        "issuer_name": "Name of the issuing organisation",
        "number": "Europass Mobility number",
        "issue_date": "Date of issue",
        "h_partners": "3. Partners",
        "h_sending": "3.a Sending partner (the organisation sending the participant)",
        "h_host": "3.b Host partner (the organisation receiving the participant)",
        "name": "Name",
        "type": "Type",
        "address": "Address",
        "oid": "OID",
        "contact": "E-mail",
        "reference": "Reference person or mentor (name)",
        "position": "Title / position",
        "phone": "Telephone",
        "email": "E-mail",
        "stamp": "Stamp and/or signature",
        "h_description": "4. Description of the Europass Mobility experience",
        "objective": "Objective of the mobility",
        "initiative": "Initiative within which the mobility takes place",
        "qualification": "Qualification (if any) the training leads to",
        "programme": "Programme",
        "duration": "Duration (from–to)",
        "h_skills": "5.a Skills and competences acquired during the mobility",
        "skills_intro": "Completed by the mentor at the host organisation.",
        "skills": ["Activities and tasks carried out", "Job-related skills and competences",
                   "Language skills and competences", "Computer and digital skills and competences",
                   "Organisational skills and competences", "Social skills and competences",
                   "Other skills and competences"],
        "date": "Date",
        "mentor_signature": "Mentor's name and signature",
        "holder_signature": "Holder's signature",
        "footer": "{{ issuer.name }} · Europass Mobility · {{ holder.id }} · ",
    },
}


def build_europass_mobility(lang: str) -> DocumentObject:
    """A prefilled Europass Mobility (legacy template's fields) for one participant (europass.write_europass)."""
    text = _EUROPASS_TEXT[lang]
    document = report_document(lang, text["title"])
    add_paragraph(document, text["title"], "Title")
    add_paragraph(document, text["subtitle"], "Subtitle")
    add_paragraph(document, text["intro"])

    add_heading(document, text["h_holder"])
    add_field_table(document, [(text["surname"], "{{ holder.surname }}"),
                               (text["first_name"], "{{ holder.first_name }}"),
                               "{%tr if holder.birth_date %}",
                               (text["birth_date"], "{{ holder.birth_date }}"),
                               "{%tr endif %}"])
    add_heading(document, text["h_issuer"])
    add_field_table(document, [(text["issuer_name"], "{{ issuer.name }}"), (text["number"], "{{ issuer.number }}"),
                               (text["issue_date"], "{{ issuer.date }}")])
    add_heading(document, text["h_partners"])
    add_heading(document, text["h_sending"], 2)
    add_field_table(document, [(text["name"], "{{ sending.name }}"), (text["type"], "{{ sending.type }}"),
                               (text["address"], "{{ sending.address }}"), (text["oid"], "{{ sending.oid }}"),
                               (text["contact"], "{{ sending.email }}"),
                               (text["reference"], "{{ sending.mentor }}", 9), (text["position"], "", 9),
                               (text["phone"], "", 9), (text["stamp"], "", 22)])
    add_heading(document, text["h_host"], 2)
    add_field_table(document, [(text["name"], "{{ host.name }}"), (text["type"], "{{ host.type }}"),
                               (text["address"], "{{ host.address }}"), (text["oid"], "{{ host.oid }}"),
                               (text["reference"], "", 9), (text["position"], "", 9), (text["phone"], "", 9),
                               (text["email"], "", 9), (text["stamp"], "", 22)])
    add_heading(document, text["h_description"])
    add_field_table(document, [(text["objective"], "{{ description.objective }}"),
                               (text["initiative"], "{{ description.initiative }}"),
                               (text["qualification"], "{{ description.qualification }}"),
                               (text["programme"], "{{ description.programme }}"),
                               (text["duration"], "{{ description.duration }}")])
    skills = add_heading(document, text["h_skills"])
    skills.paragraph_format.page_break_before = True
    add_paragraph(document, text["skills_intro"])
    add_field_table(document, [(label, "", 24) for label in text["skills"]]
                    + [(text["date"], "", 9), (text["mentor_signature"], "", 18),
                       (text["holder_signature"], "", 18)])
    set_report_footer(document, text["footer"])
    return document


TEMPLATES: dict[str, Callable[[str], DocumentObject]] = {
    "sample": build_sample,
    "annual_report": build_annual_report,
    "action_plan": build_action_plan,
    "annex_ka1": build_annex_ka1,
    "erasmus_plan": build_erasmus_plan,
    "europass_mobility": build_europass_mobility,
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
