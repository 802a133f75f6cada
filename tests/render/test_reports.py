"""Word reports (annual report, action plan): real registers in, LibreOffice's PDF checked.

Expected figures are counted here from the register by the domain brief's rules, independently
of erasmus_xl.domain.indicators, and the Latvian word forms are chosen here by the number's last digits.
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from builders import valid_rows, write_workbook
from conftest import docx_text, flat, load_script, pdf_text
from docx import Document

import erasmus_xl
from erasmus_xl import RegisterError
from erasmus_xl.demo import DEMO_TODAY, write_demo
from erasmus_xl.domain.indicators import COUNTED_SHEETS, IndicatorValue, Period, compute_indicators
from erasmus_xl.domain.validation import validate
from erasmus_xl.io.reader import read_register
from erasmus_xl.render.docx_render import TemplateProblem
from erasmus_xl.render.reports import (
    check_report_template,
    default_output,
    indicator_sentence,
    report_title,
    template_variables,
    write_action_plan,
    write_annual_report,
)
from erasmus_xl.resources import load_data

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
HOSTILE = 'Müller & Söhne "Tīkls" <GmbH>'
LATVIAN_LETTERS = "āčēģīķļņšūž"


# ------------------------------------------------------------------------------------------
# Helpers: the expected figures, counted straight from the register.
# ------------------------------------------------------------------------------------------


def singular(count: int) -> bool:
    """Latvian agreement: 1, 21, 31 … take the singular, 11 does not."""
    return count % 10 == 1 and count % 100 != 11


def percent(part: int, whole: int) -> str:
    return str(int((Decimal(part * 100) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


class Expected:
    """Learner mobilities of a year and the rows left out, by the brief's counting rules."""

    def __init__(self, path: Path, year: int, as_of: dt.date) -> None:
        register = read_register(path)
        findings = validate(register, today=as_of)
        needed: dict[str, set[str]] = {}      # every column some figure needs, per sheet (the data file)
        for use, sheets in load_data("indicator_fields").items():
            for sheet, fields in ({} if use.startswith("_") else sheets).items():
                needed.setdefault(sheet, set()).update(fields)

        def leaves_out(f) -> bool:
            return f.severity == "error" and f.row and f.sheet_key in COUNTED_SHEETS and (
                f.sheet_key == "targets" or not f.field_key or f.field_key in needed.get(f.sheet_key, ()))

        bad = {(f.sheet_key, f.row) for f in findings if leaves_out(f)}
        self.left_out_rows = len(bad)
        self.left_out_cells = [(f.sheet, f.cell) for f in findings if leaves_out(f)]
        learners = [m for m in register.mobilities if ("mobilities", m.row) not in bad and m.start_date
                    and m.start_date.year == year and m.participant_type == "learner"]
        self.learners_done = sum(1 for m in learners if m.status == "completed")
        self.learners_pipeline = sum(1 for m in learners if m.status in ("planned", "confirmed"))
        targets = register.targets
        self.learner_target = targets.get("learner_mobility_out", year) if targets else None
        self.register = register

    def latvian_sentence(self, year: int) -> str:
        done, target = self.learners_done, self.learner_target
        verb = "īstenota" if singular(done) else "īstenotas"
        noun = ("plānotās izglītojamo prakses mobilitātes" if singular(target)
                else "plānotajām izglītojamo prakses mobilitātēm")
        return f"{year}. gadā {verb} {done} no {target} {noun} ({percent(done, target)} %)."

    def english_sentence(self, year: int) -> str:
        done, target = self.learners_done, self.learner_target
        noun = "mobility" if target == 1 else "mobilities"
        return f"In {year}, {done} of the {target} planned learner placement {noun} took place ({percent(done, target)}%)."


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    """The demo register (clean) and its copy with typical mistakes."""
    return write_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def mistakes_copy(demo, tmp_path) -> Path:
    """A private copy of the mistakes register, so outputs beside it do not collide."""
    return Path(shutil.copy(demo[1], tmp_path / "registrs.xlsx"))


def small_register(path: Path, **changes) -> Path:
    """A small valid register (tests/builders.py) with hostile characters in names."""
    rows = valid_rows()
    rows["mobilities"][0]["receiving_organisation"] = HOSTILE
    rows["incoming"][0]["sending_organisation"] = HOSTILE
    rows["events"][0]["title"] = 'Seminārs "A & B" <2025>'
    rows.update(changes)
    return write_workbook(path, rows)


# ------------------------------------------------------------------------------------------
# The annual report through LibreOffice.
# ------------------------------------------------------------------------------------------

def test_annual_report_lv_through_libreoffice(mistakes_copy, libreoffice):
    output = write_annual_report(erasmus_xl.open(mistakes_copy, today=DEMO_TODAY), year=2025)
    assert output == mistakes_copy.with_name("registrs-parskats-2025.docx")
    expected = Expected(mistakes_copy, 2025, DEMO_TODAY)
    assert expected.left_out_rows > 0 and expected.learner_target
    text = flat(pdf_text(libreoffice(output, "pdf")))
    for wanted in [
        "Rēzeknes tehnikums",
        "Internacionalizācijas stratēģijas īstenošanas pārskats par 2025. gadu",
        "datu stāvoklis: 2026. gada 22. novembris",
        "1. Kopsavilkums", "2. Kvantitatīvie rādītāji", "3. Mobilitāšu dalībnieki", "4. Uzņemtie ārvalstu viesi",
        "5. Starptautiskie pasākumi un konkursi", "6. Starptautiskie sadarbības projekti", "7. Kvalitatīvie rādītāji",
        "8. Pedagoģiskās padomes secinājumi", "Pielikums. Rādītāju aprēķina noteikumi",
        expected.latvian_sentence(2025),
        f"nav ieskaitītas {expected.left_out_rows} reģistra rindas ar kļūdām",
        "1. attēls. Izglītojamo prakses mobilitātes",
        "1. tabula. Stratēģijas rādītāju izpilde (2025)",
        "Sēdes datums un protokola Nr.",
        load_data("counting_rules")["rules"][0]["lv"][:60],
    ]:
        assert wanted in text, wanted
    for sheet, cell in expected.left_out_cells[:5]:
        assert f"“{sheet}”, {cell}:" in text
    assert all(letter in text for letter in LATVIAN_LETTERS)
    assert "{{" not in text and "{%" not in text and "None" not in text
    media = [name for name in zipfile.ZipFile(output).namelist() if name.startswith("word/media/")]
    assert len(media) == 8  # one chart per key indicator, no logo configured


def test_annual_report_en_through_libreoffice(mistakes_copy, libreoffice):
    output = write_annual_report(erasmus_xl.open(mistakes_copy, today=DEMO_TODAY), year=2025, lang="en")
    assert output.name == "registrs-report-2025.docx"
    expected = Expected(mistakes_copy, 2025, DEMO_TODAY)
    pdf = libreoffice(output, "pdf")
    text = flat(pdf_text(pdf))
    for wanted in [
        "Rezekne Technical School",
        "Report on the implementation of the internationalisation strategy in 2025",
        "1. Summary", "2. Quantitative indicators", "8. Conclusions of the Pedagogical Council",
        "Appendix. How the indicators are counted",
        expected.english_sentence(2025),
        f"{expected.left_out_rows} register rows with errors are not counted",
        "Figure 1. Learner placement mobilities (outgoing)",
    ]:
        assert wanted in text, wanted
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) - 2 >= 8


def test_hostile_names_and_a_missing_section(tmp_path, libreoffice):
    register = small_register(tmp_path / "mazs.xlsx", competitions=[])
    output = write_annual_report(erasmus_xl.open(register, today=dt.date(2026, 1, 15)), year=2025)
    docx = flat_docx_text(output)  # python-docx parses the XML: corrupt XML would fail here
    assert HOSTILE in docx and 'Seminārs "A & B" <2025>' in docx
    text = flat(pdf_text(libreoffice(output, "pdf")))
    assert HOSTILE in text
    assert "Konkursi —" in text                      # no competitions: the section is a dash
    assert "7. tabula" not in text                   # … and has no empty table
    assert "Visas reģistra rindas ir ieskaitītas" in text
    assert "2025. gadā izglītojamie piedalījās 0 no 2 plānotajiem starptautiskajiem konkursiem (0 %)." in text


# ------------------------------------------------------------------------------------------
# User templates, output files.
# ------------------------------------------------------------------------------------------

def _user_copy(tmp_path: Path, *paragraphs: str, kind: str = "annual_report", lang: str = "lv") -> Path:
    """A copy of a shipped template with paragraphs appended (each typed as one run)."""
    document = Document(str(TEMPLATES / lang / f"{kind}.docx"))
    for text in paragraphs:
        document.add_paragraph().add_run(text)
    path = tmp_path / f"mana-{kind}.docx"
    document.save(str(path))
    return path


def test_user_template_copy(tmp_path):
    register = small_register(tmp_path / "mazs.xlsx")
    template = _user_copy(tmp_path, "Lietotāja piezīme: {{ school_name }} — {{ period_label }}; {{ as_of }}.")
    output = write_annual_report(erasmus_xl.open(register, today=dt.date(2026, 1, 15)), year=2025, template=template, output=tmp_path / "mans.docx")
    assert "Lietotāja piezīme: Rēzeknes tehnikums — 2025; 2026. gada 15. janvāris." in flat_docx_text(output)


def test_unknown_variable_in_a_user_template_is_named(tmp_path):
    register = small_register(tmp_path / "mazs.xlsx")
    template = _user_copy(tmp_path, "Direktors: {{ skolas_direktors }}", "{{ school_name }}")
    check = check_report_template(template, "annual_report")
    assert not check.ok and check.unknown == ["skolas_direktors"]
    assert any("skolas_direktors" in issue.message for issue in check.errors)
    output = tmp_path / "out.docx"
    with pytest.raises(TemplateProblem) as caught:
        write_annual_report(erasmus_xl.open(register, today=dt.date(2026, 1, 15)), year=2025, template=template, output=output)
    assert caught.value.code == "template_unknown_variables"
    assert "“skolas_direktors”" in caught.value.message and "“skolas_direktors”" in caught.value.message_en
    assert not output.exists()


def test_existing_output_is_kept_without_force(tmp_path):
    register = small_register(tmp_path / "mazs.xlsx")
    output = tmp_path / "mazs-parskats-2025.docx"
    output.write_bytes(b"old report")
    with pytest.raises(RegisterError) as caught:
        write_annual_report(erasmus_xl.open(register, today=dt.date(2026, 1, 15)), year=2025)
    assert caught.value.code == "output_exists"
    assert output.read_bytes() == b"old report"
    assert write_annual_report(erasmus_xl.open(register, today=dt.date(2026, 1, 15)), year=2025, force=True) == output
    assert "pārskats par 2025. gadu" in flat_docx_text(output)
    with pytest.raises(RegisterError) as caught:
        write_annual_report(erasmus_xl.open(register), year=2025, output=register, force=True)
    assert caught.value.code == "output_is_input"
    with pytest.raises(RegisterError) as caught:
        write_action_plan(erasmus_xl.open(register), year=2026, template=tmp_path / "nav.docx")
    assert caught.value.code == "not_found" and "nav.docx" in caught.value.message
    assert not (tmp_path / "mazs-ricibas-plans-2026.docx").exists()


def test_default_output_names_and_titles(tmp_path):
    register = tmp_path / "Reģistrs 2025.xlsx"
    assert default_output(register, "annual_report", 2025).name == "Reģistrs 2025-parskats-2025.docx"
    assert default_output(register, "annual_report", 2025, lang="en").name == "Reģistrs 2025-report-2025.docx"
    assert default_output(register, "action_plan", 2026).name == "Reģistrs 2025-ricibas-plans-2026.docx"
    assert default_output(register, "action_plan", 2026, lang="en").name == "Reģistrs 2025-action-plan-2026.docx"
    assert default_output(register, "annual_report", 2025, basis="academic").name == "Reģistrs 2025-parskats-2025-2026.docx"
    # "2025." and "gadu" are joined by a no-break space, so a title never ends a line on the number
    assert report_title("annual_report", 2025) == "Internacionalizācijas stratēģijas īstenošanas pārskats par 2025.\u00a0gadu"
    assert report_title("annual_report", 2025, lang="en") == \
        "Report on the implementation of the internationalisation strategy in 2025"
    assert report_title("annual_report", 2025, basis="academic").endswith("par 2025./2026.\u00a0mācību gadu")
    with pytest.raises(ValueError):
        report_title("budget", 2025)


def test_academic_year_report_and_logo(tmp_path, demo):
    from matplotlib.figure import Figure

    book = erasmus_xl.open(demo[0], today=DEMO_TODAY)
    Figure(figsize=(1, 1)).savefig(tmp_path / "logo.png")
    book.register.settings["logo_path"] = str(tmp_path / "logo.png")
    output = write_annual_report(book, year=2025, basis="academic", output=tmp_path / "akad.docx")
    text = flat_docx_text(output)
    assert "pārskats par 2025./2026. mācību gadu" in text
    assert "2025./2026. mācību gadā" in text
    media = [name for name in zipfile.ZipFile(output).namelist() if name.startswith("word/media/")]
    assert len(media) == 9  # eight charts and the logo


# ------------------------------------------------------------------------------------------
# The action plan.
# ------------------------------------------------------------------------------------------

def test_action_plan_without_sheet_through_libreoffice(mistakes_copy, libreoffice):
    notes: list = []
    output = write_action_plan(erasmus_xl.open(mistakes_copy, today=DEMO_TODAY), year=2026, notes=notes)
    assert [note.code for note in notes] == ["no_plan_sheet"]  # the advice goes to the caller, not the Council
    assert "Rīcības plāns" in notes[0].message
    assert output.name == "registrs-ricibas-plans-2026.docx"
    register = read_register(mistakes_copy)
    target = register.targets.get("learner_mobility_out", 2026)
    docx = flat_docx_text(output)
    tasks = load_data("strategy_tasks")["tasks"]
    for task in tasks:
        assert task["lv"] in docx
    assert f"Izglītojamo prakses mobilitātes: {target}" in docx
    text = flat(pdf_text(libreoffice(output, "pdf")))
    for wanted in ["Internacionalizācijas stratēģijas rīcības plāns 2026. gadam", "1. Uzdevumi",
                   "2. Kvantitatīvie mērķi un pašreizējā izpilde", "3. Kvalitatīvie rādītāji", "4. Apstiprināšana",
                   "Direktors: ______________________ B. Virbule"]:
        assert wanted in text, wanted
    assert "Darbgrāmatā nav lapas" not in text and "ierakstiet" not in text
    assert all(letter in text for letter in "āēģīķļņšū")


def _add_plan_sheet(source: Path, target: Path) -> Path:
    """The register with a "Rīcības plāns" sheet as a school might keep it (English headers, shuffled)."""
    workbook = openpyxl.load_workbook(source)
    sheet = workbook.create_sheet("Rīcības plāns")
    sheet.append(["Rīcības plāns 2026"])
    sheet.append([])
    sheet.append(["Responsible", "Task", "Deadline", "Year", "Indicator / target", "Notes", "Budžets"])
    sheet.append(["Ilze Pudāne", "2. Noslēgt sadarbības līgumu ar Tallinna Teeninduskool", dt.date(2026, 3, 15),
                  2026, "1 līgums", "KA2 pieteikumam", 500])
    sheet.append([])
    sheet.append(["Juris Sproģis", "IEGŪT ERASMUS+ AKREDITĀCIJU", "līdz 2026. gada oktobrim", None, None, None, None])
    sheet.append(["Anita Strode", "Erasmus dienas tehnikumā", dt.date(2026, 10, 14), "2026/2027", "2 pasākumi",
                  "Izglītojamo pašpārvalde", None])
    sheet.append(["Vecais Ieraksts", "3. Pieteikties TCA", dt.date(2025, 5, 1), 2025, None, None, None])
    workbook.save(target)
    return target


def test_action_plan_from_the_sheet(demo, tmp_path):
    register = _add_plan_sheet(demo[0], tmp_path / "ar-planu.xlsx")
    output = write_action_plan(erasmus_xl.open(register, today=DEMO_TODAY), year=2026)
    document = Document(str(output))
    task_table = document.tables[0]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in task_table.rows[1:]}
    tasks = load_data("strategy_tasks")["tasks"]
    assert rows["1."][1] == tasks[0]["lv"]
    assert rows["1."][3:] == ["Juris Sproģis", "līdz 2026. gada oktobrim", ""]
    assert rows["2."][1] == f"{tasks[1]['lv']} — Noslēgt sadarbības līgumu ar Tallinna Teeninduskool"
    assert rows["2."][2:] == ["1 līgums", "Ilze Pudāne", "15.03.2026.", "KA2 pieteikumam"]
    own = str(len(tasks) + 1) + "."
    assert rows[own][1:] == ["Erasmus dienas tehnikumā", "2 pasākumi", "Anita Strode", "14.10.2026.",
                             "Izglītojamo pašpārvalde"]
    assert rows["3."][3:] == ["", "", ""]            # the 2025 row is not in the 2026 plan
    assert "Vecais Ieraksts" not in flat_docx_text(output)
    assert "no darbgrāmatas lapas “Rīcības plāns” (3 rindas)" in flat_docx_text(output)


def test_action_plan_targets_table_shows_the_current_status(demo, tmp_path):
    output = write_action_plan(erasmus_xl.open(demo[0], today=DEMO_TODAY), year=2026, lang="en", output=tmp_path / "plan.docx")
    register = read_register(demo[0])
    report = compute_indicators(register, year=2026, as_of=DEMO_TODAY)
    learners = report.indicator("learner_mobility_out", 2026)
    table = Document(str(output)).tables[1]
    first = [cell.text for cell in table.rows[1].cells]
    assert first[:5] == ["Learner placement mobilities (outgoing)", str(learners.target), str(learners.actual),
                         str(learners.pipeline), str(learners.still_to_plan)]
    assert first[5] == learners.status_en
    shading = table.rows[1].cells[5]._tc.xpath("./w:tcPr/w:shd/@w:fill")
    assert shading == [load_data("report_texts")["status_colours"][learners.status]]


# ------------------------------------------------------------------------------------------
# Sentences, templates, data files.
# ------------------------------------------------------------------------------------------

def _value(key: str, actual: int, target: int | None, pipeline: int = 0, year: int = 2025) -> IndicatorValue:
    return IndicatorValue(key=key, label="", label_en="", period=Period(year), actual=actual, pipeline=pipeline,
                          target=target, status="missed")


@pytest.mark.parametrize(("key", "actual", "target", "lang", "sentence"), [
    ("learner_mobility_out", 23, 25, "lv",
     "2025. gadā īstenotas 23 no 25 plānotajām izglītojamo prakses mobilitātēm (92\u00a0%)."),
    ("learner_mobility_out", 21, 25, "lv", "2025. gadā īstenota 21 no 25 plānotajām"),
    ("learner_mobility_out", 11, 21, "lv", "2025. gadā īstenotas 11 no 21 plānotās izglītojamo prakses mobilitātes (52\u00a0%)."),
    ("learners_hosted", 1, 5, "lv", "2025. gadā uzņemts 1 no 5 plānotajiem ārvalstu izglītojamajiem (20\u00a0%)."),
    ("projects_coordinator", 1, None, "lv", "2025. gadā tehnikums koordinatora lomā īstenoja 1 starptautisku sadarbības projektu."),
    ("new_partners", 21, None, "lv", "2025. gadā piesaistīta 21 jauna ārvalstu partnerorganizācija."),
    ("learners_hosted", 1, 5, "en", "In 2025, 1 of the 5 planned foreign learners was hosted (20%)."),
    ("staff_hosted", 2, 1, "en", "In 2025, 2 of the 1 planned foreign staff member were hosted (200%)."),
])
def test_sentences_use_the_right_word_forms(key, actual, target, lang, sentence):
    text = indicator_sentence(_value(key, actual, target), lang=lang, as_of=dt.date(2026, 1, 1))
    assert text.startswith(sentence), text


def test_pipeline_sentence_in_a_current_and_a_past_year():
    current = indicator_sentence(_value("learner_mobility_out", 38, 60, pipeline=17, year=2026), lang="lv",
                                 as_of=dt.date(2026, 11, 22))
    assert current.endswith("Kopā ar plānotajām un apstiprinātajām aktivitātēm prognoze ir 55 (92\u00a0%).")
    past = indicator_sentence(_value("learner_mobility_out", 20, 25, pipeline=1), lang="lv", as_of=dt.date(2026, 3, 1))
    assert "atjaunojiet statusu darbgrāmatā" in past


def test_shipped_report_templates_are_clean():
    for kind in ("annual_report", "action_plan"):
        for lang in ("lv", "en"):
            path = TEMPLATES / lang / f"{kind}.docx"
            check = check_report_template(path, kind)
            assert check.ok and check.issues == [] and check.unknown == [], [i.message for i in check.issues]
            assert check_report_template(path, None).ok  # the kind guessed from the file name
    assert "tasks" in template_variables("action_plan") and "tasks" not in template_variables("annual_report")


def test_annual_report_template_checked_as_action_plan_lists_what_is_missing():
    check = check_report_template(TEMPLATES / "lv" / "annual_report.docx", "action_plan")
    assert not check.ok
    assert {"indicators", "hosted", "counting_rules"} <= set(check.unknown)


def test_committed_report_templates_match_the_generator(tmp_path):
    make_templates = load_script("make_templates")
    written = make_templates.build_templates(["annual_report", "action_plan"], tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in written) == [
        "en/action_plan.docx", "en/annual_report.docx", "lv/action_plan.docx", "lv/annual_report.docx"]
    for path in written:
        committed = TEMPLATES / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), f"run python scripts/make_templates.py ({committed})"


def flat_docx_text(path: Path) -> str:
    return flat(docx_text(path))


def test_a_report_as_of_another_day_counts_as_a_book_opened_on_that_day(tmp_path):
    rows = valid_rows()
    rows["mobilities"][0]["country"] = "Marss"            # one error: the row stays out either way
    register = write_workbook(tmp_path / "r.xlsx", rows=rows)
    as_of = dt.date(2026, 1, 15)
    book = erasmus_xl.open(register, today=as_of)
    later = erasmus_xl.open(register, today=dt.date(2026, 11, 22))
    from_book = write_annual_report(book, year=2025, output=tmp_path / "book.docx")
    from_later = write_annual_report(later, year=2025, as_of=as_of, output=tmp_path / "later.docx")
    assert docx_text(from_book) == docx_text(from_later)
    assert book.report.errors == 1
    plan_book = write_action_plan(book, year=2026, output=tmp_path / "plan-book.docx")
    plan_later = write_action_plan(later, year=2026, as_of=as_of, output=tmp_path / "plan-later.docx")
    assert docx_text(plan_book) == docx_text(plan_later)


def test_annual_report_process_loads_no_plotting_or_array_library(tmp_path):
    """A cold `report` process draws its charts with Pillow and measures text with matplotlib's
    font file, not matplotlib itself (its import with numpy cost more than the whole report)."""
    register, _ = write_demo(tmp_path)
    output = tmp_path / "report.docx"
    code = ("import sys, datetime as dt; import erasmus_xl; from erasmus_xl.render.reports import write_annual_report; "
            f"write_annual_report(erasmus_xl.open({str(register)!r}, today=dt.date(2026, 11, 22)), year=2025, "
            f"output={str(output)!r}); print([m for m in ('matplotlib', 'numpy', 'pandas') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.is_file() and Document(str(output)).paragraphs     # the report was written
    assert result.stdout.strip().splitlines()[-1] == "[]"
