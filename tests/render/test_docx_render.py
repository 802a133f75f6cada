"""Filling Word templates: the sample template through LibreOffice, escaping, strictness, sandbox."""
from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import docx_text, flat, load_script, pdf_text
from docx import Document

from erasmus_xl import RegisterError
from erasmus_xl.render.charts import indicator_chart
from erasmus_xl.render.docx_render import TemplateProblem, check_template, render_docx

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PARTNER = 'Müller & Söhne "Tīkls" <GmbH>'


def sample_context() -> dict:
    """Data for templates/<lang>/sample.docx, with XML-hostile characters and Latvian letters."""
    return {
        "school_name": "Rēzeknes tehnikums",
        "report_date": dt.date(2025, 3, 5),
        "grant": Decimal("123456.5"),
        "spent": Decimal("1234.5"),
        "spent_share": 0.725,
        "target_share": 0.92,
        "period_start": dt.date(2025, 3, 5),
        "period_end": dt.date(2025, 3, 19),
        "mobility_count": 21,
        "learner_count": 11,
        "partner_count": 2,
        "coordinator": "Ģirts Ķēniņš",
        "partner_name": PARTNER,
        "mobilities": [
            {"name": "Žanete Čudare", "country": "Vācija", "start": dt.date(2025, 3, 5),
             "end": dt.date(2025, 3, 19), "days": 15, "amount": Decimal("1520")},
            {"name": "A & B <x>", "country": "Lietuva", "start": dt.date(2025, 4, 1),
             "end": dt.date(2025, 4, 21), "days": 21, "amount": 980.25},
        ],
        "total_amount": Decimal("2500.25"),
        "chart_title": "Izglītojamo prakses mobilitātes",
        "logo": None,
    }


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    return indicator_chart("Izglītojamo prakses mobilitātes", ["2024", "2025", "2026", "2027", "2028"],
                           [20, 12, None, None, None], [20, 30, 15, None, None], [18, 25, 60, 70, 80],
                           tmp_path / "chart.png")


def make_docx(path: Path, *paragraphs: str | list[str]) -> Path:
    """A template built with python-docx; a list gives one paragraph made of several runs."""
    document = Document()
    for paragraph in paragraphs:
        runs = paragraph if isinstance(paragraph, list) else [paragraph]
        target = document.add_paragraph()
        for run in runs:
            target.add_run(run)
    document.save(str(path))
    return path


# ------------------------------------------------------------------------------------------
# The sample template, end to end through LibreOffice.
# ------------------------------------------------------------------------------------------

def test_sample_template_lv_through_libreoffice(tmp_path, chart, libreoffice):
    output = render_docx(TEMPLATES / "lv" / "sample.docx", sample_context(), tmp_path / "paraugs.docx",
                         images={"chart": chart}, optional=["notes"])
    text = flat(pdf_text(libreoffice(output, "pdf")))
    for expected in [
        "Rēzeknes tehnikums",
        "Sagatavots 2025. gada 5. marts (05.03.2025.).",
        "Piešķirtais finansējums: 123 456,50 €; izlietoti 1 234,50 € jeb 72,5 %.",
        "Mērķa izpilde: 92 %.",
        "Periods: 2025. gada 5.–19. marts",
        "Kopā 21 mobilitāte, 11 izglītojamo un 2 partneri.",
        f"Koordinators: Ģirts Ķēniņš; partneris: {PARTNER}.",
        "1. tabula. Mobilitātes",
        "Vācija", "15 dienu", "1 520,00 €", "A & B <x>", "Lietuva", "21 diena", "980,25 €",
        "Kopā: 2 500,25 €.",
        "3. Piezīmes —",
        "1. attēls. Izglītojamo prakses mobilitātes",
        "Rēzeknes tehnikums · Veidnes paraugs",
    ]:
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text and "None" not in text
    media = [name for name in zipfile.ZipFile(output).namelist() if name.startswith("word/media/")]
    assert len(media) == 1 and media[0].endswith(".png")


def test_sample_template_en_through_libreoffice(tmp_path, chart, libreoffice):
    output = render_docx(TEMPLATES / "en" / "sample.docx", sample_context(), tmp_path / "sample.docx",
                         images={"chart": (chart, 120)}, lang="en")
    pdf = libreoffice(output, "pdf")
    text = flat(pdf_text(pdf))
    for expected in [
        "Prepared on 5 March 2025 (05/03/2025).",
        "Grant awarded: €123,456.50; spent €1,234.50, that is 72.5%.",
        "Target achieved: 92%. Period: 5–19 March 2025",
        "In total 21 mobilities, 11 learners and 2 partners.",
        f"partner: {PARTNER}.",
        "15 days", "€1,520.00", "A & B <x>",
        "3. Notes —",
        "Rēzeknes tehnikums · Sample template",
    ]:
        assert expected in text, expected
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) >= 3  # two header lines and the chart


# ------------------------------------------------------------------------------------------
# Escaping, optional values, atomic output — checked in the .docx itself (fast).
# ------------------------------------------------------------------------------------------

def test_xml_special_characters_do_not_corrupt_the_document(tmp_path):
    template = make_docx(tmp_path / "t.docx", "Partneris: {{ partner }}", "Piezīme: {{ note }}")
    context = {"partner": PARTNER, "note": "a < b && c > d 'x' \x01\x0b"}
    text = docx_text(render_docx(template, context, tmp_path / "out.docx"))
    assert f"Partneris: {PARTNER}" in text
    assert "Piezīme: a < b && c > d 'x' " in text  # control characters illegal in XML are dropped


def test_missing_optional_section_prints_a_dash(tmp_path):
    template = make_docx(tmp_path / "t.docx", "A: {{ notes|default_dash }}", "B: {{ remark }}",
                         "C: {{ empty|default_dash }}", "D: {{ notes|default_dash }}")
    text = docx_text(render_docx(template, {"remark": None, "empty": "  "}, tmp_path / "out.docx"))
    assert text.splitlines()[:4] == ["A: —", "B: —", "C: —", "D: —"]
    text = docx_text(render_docx(template, {"notes": "Viss labi", "remark": 5, "empty": "x"}, tmp_path / "out2.docx"))
    assert text.splitlines()[:4] == ["A: Viss labi", "B: 5", "C: x", "D: Viss labi"]


def test_optional_names_may_be_absent(tmp_path):
    template = make_docx(tmp_path / "t.docx", "{{ school_name }}: {{ notes }} {{ 3|money }}")
    text = docx_text(render_docx(template, {"school_name": "Skola"}, tmp_path / "out.docx", optional=["notes"]))
    assert text.startswith("Skola: — 3,00\u00a0€")


def test_existing_output_is_not_overwritten_without_force(tmp_path):
    template = make_docx(tmp_path / "t.docx", "{{ school_name }}")
    output = tmp_path / "out.docx"
    output.write_bytes(b"old report")
    with pytest.raises(RegisterError) as caught:
        render_docx(template, {"school_name": "Skola"}, output)
    assert caught.value.code == "output_exists"
    assert "jau pastāv" in caught.value.message and "--force" in caught.value.message
    assert output.read_bytes() == b"old report"
    render_docx(template, {"school_name": "Skola"}, output, force=True)
    assert docx_text(output).startswith("Skola")
    assert not list(tmp_path.glob(".*.tmp"))


def test_template_is_never_the_output(tmp_path):
    template = make_docx(tmp_path / "t.docx", "{{ school_name }}")
    with pytest.raises(RegisterError) as caught:
        render_docx(template, {"school_name": "Skola"}, template, force=True)
    assert caught.value.code == "output_is_input"


# ------------------------------------------------------------------------------------------
# Strictness: unknown variables, broken tags.
# ------------------------------------------------------------------------------------------

def test_unknown_variables_are_all_listed(tmp_path):
    context = sample_context()
    del context["partner_name"]
    template = make_docx(tmp_path / "t.docx", "{{ school_name }} {{ skolas_nosaukums }} {{ partner_name }}",
                         "{% for m in rows %}{{ m.nam }}{% endfor %}")
    context["rows"] = [{"name": "A", "country": "LT"}]
    output = tmp_path / "out.docx"
    with pytest.raises(TemplateProblem) as caught:
        render_docx(template, context, output)
    problem = caught.value
    assert isinstance(problem, RegisterError)
    assert problem.code == "template_unknown_variables"
    assert problem.names == ["skolas_nosaukums", "partner_name", "nam"]
    assert problem.message.startswith("Veidne “t.docx” izmanto mainīgos, kuru datos nav: “skolas_nosaukums”, "
                                      "“partner_name”, “nam” (pieejamie lauki: country, name).")
    assert "default_dash" in problem.message
    assert problem.message_en.startswith("Template “t.docx” uses variables the data does not provide")
    assert not output.exists()


@pytest.mark.parametrize("tag, names", [
    ("{{ foo() }}", ["foo"]),
    ("{{ foo.bar(1) }}", ["foo.bar"]),
    ("{{ foo + 1 }} {{ foo|length }}", ["foo"]),
    ("{% for x in foo %}{{ x }}{% endfor %}", ["foo"]),
    ("{% if foo %}x{% endif %}", ["foo"]),
    ("{{ foo.amount|money }}", ["foo.amount"]),
])
def test_unknown_variable_is_named_however_it_is_used(tmp_path, tag, names):
    template = make_docx(tmp_path / "t.docx", tag)
    with pytest.raises(TemplateProblem) as caught:
        render_docx(template, {}, tmp_path / "out.docx")
    assert caught.value.names == names


def test_broken_tag_is_refused_with_its_paragraph(tmp_path):
    template = make_docx(tmp_path / "t.docx", "Ievads", "{% if notes %}", "Piezīmes: {{ notes }}")
    with pytest.raises(TemplateProblem) as caught:
        render_docx(template, {"notes": "x"}, tmp_path / "out.docx")
    assert caught.value.code == "template_syntax"
    assert caught.value.message == (
        "Veidnē “t.docx” ir kļūdains tags pamattekstā, 2. rindkopā “{% if notes %}”: bloks “if” nav aizvērts — "
        "trūkst taga {% endif %}. Izlabojiet tagu programmā Word un saglabājiet veidni vēlreiz.")
    assert "{% endif %} is missing" in caught.value.message_en


def test_unclosed_tag_is_refused(tmp_path):
    template = make_docx(tmp_path / "t.docx", "Skola: {{ school_name", "}}")
    with pytest.raises(TemplateProblem) as caught:
        render_docx(template, {"school_name": "X"}, tmp_path / "out.docx")
    assert "netiek aizvērts" in caught.value.message and "“Skola: {{ school_name”" in caught.value.message
    assert caught.value.message.startswith("Veidne “t.docx”: ") and caught.value.message_en.startswith("Template “t.docx”: ")
    assert caught.value.code == "template_syntax" and caught.value.params["paragraph"] == 1


def test_filter_on_wrong_value_is_a_clear_problem(tmp_path):
    template = make_docx(tmp_path / "t.docx", "{{ school_name|money }}")
    with pytest.raises(TemplateProblem) as caught:
        render_docx(template, {"school_name": "Skola"}, tmp_path / "out.docx")
    assert caught.value.code == "template_failed"
    assert "“Skola” nav skaitlis" in caught.value.message
    assert "“Skola” is not a number" in caught.value.message_en


# ------------------------------------------------------------------------------------------
# The sandbox.
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tag", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ school_name.__class__ }}",
    "{{ os.system('ls') }}",
    "{{ subprocess }}",
    "{{ ''['__cla' ~ 'ss__'] }}",
    "{{ '{0.__class__}'.format(school_name) }}",
])
def test_sandbox_refuses_python_internals(tmp_path, tag):
    template = make_docx(tmp_path / "t.docx", f"Skola {tag}")
    output = tmp_path / "out.docx"
    with pytest.raises(TemplateProblem) as caught:
        render_docx(template, {"school_name": "Skola"}, output)
    assert caught.value.code == "template_unsafe"
    assert "mēģina piekļūt Python iekšējiem objektiem vai moduļiem" in caught.value.message
    assert "drošības dēļ" in caught.value.message
    assert "tries to reach Python internals" in caught.value.message_en
    assert not output.exists()


def test_sandbox_limits_huge_computations(tmp_path):
    template = make_docx(tmp_path / "t.docx", "{{ 'a' * 100000000 }}")
    with pytest.raises(TemplateProblem) as caught:
        render_docx(template, {}, tmp_path / "out.docx")
    assert caught.value.code == "template_too_large"


def test_include_is_not_supported(tmp_path):
    template = make_docx(tmp_path / "t.docx", "{% include '/etc/passwd' %}")
    with pytest.raises(TemplateProblem) as caught:
        render_docx(template, {}, tmp_path / "out.docx")
    assert caught.value.code == "template_unsupported"


# ------------------------------------------------------------------------------------------
# check_template.
# ------------------------------------------------------------------------------------------

def test_check_finds_a_tag_split_across_runs_and_an_undeclared_variable(tmp_path):
    template = make_docx(tmp_path / "t.docx", "Ievads", ["Skola: {{ school", "_name }}"], "{{ unknown_thing }}")
    check = check_template(template, {"school_name"})
    assert check.unknown == ["unknown_thing"]
    assert not check.ok
    [split] = check.split_tags
    assert split.severity == "warning" and split.paragraph == 2
    assert split.message.startswith("Tags “{{ school_name }}” pamattekstā, 2. rindkopā “Skola: {{ school_name }}” "
                                    "ir sadalīts vairākās Word teksta daļās")
    assert "ierakstiet to vēlreiz vienā piegājienā" in split.message
    assert "split across several Word runs" in split.message_en
    [unknown] = [issue for issue in check.errors if issue.code == "unknown_variable"]
    assert unknown.message == ("Mainīgais “unknown_thing” pamattekstā, 3. rindkopā “{{ unknown_thing }}” datos nav. "
                               "Pieejamie: school_name.")


def test_check_finds_braces_split_between_runs(tmp_path):
    template = make_docx(tmp_path / "t.docx", ["{", "{ school_name }}"], ["{{ school_name }", "}"])
    check = check_template(template, {"school_name"})
    assert check.ok and [issue.paragraph for issue in check.split_tags] == [1, 2]


def test_check_reports_optional_names_apart(tmp_path):
    template = make_docx(tmp_path / "t.docx", "{{ notes|default_dash }}", "{% if extra is defined %}{{ extra }}{% endif %}",
                         "{{ school_name }} {{ logo|default('', true) }}")
    check = check_template(template, {"school_name"})
    assert check.ok and check.issues == []
    assert check.optional == ["extra", "logo", "notes"] and check.unknown == []


def test_check_reports_syntax_and_unsafe_tags(tmp_path):
    template = make_docx(tmp_path / "t.docx", "Ievads", "{% for x in rows %}", "{{ x }}")
    [error] = check_template(template, {"rows"}).errors
    assert error.code == "template_syntax" and error.paragraph == 2
    assert "bloks “for” nav aizvērts — trūkst taga {% endfor %}" in error.message
    template = make_docx(tmp_path / "t2.docx", "{{ school_name.__class__ }}")
    [unsafe] = check_template(template, {"school_name"}).errors
    assert unsafe.code == "template_unsafe" and "(.__class__)" in unsafe.message


def test_sample_templates_are_clean():
    available = set(sample_context()) | {"chart", "notes"}
    for lang in ("lv", "en"):
        check = check_template(TEMPLATES / lang / "sample.docx", available)
        assert check.ok and check.issues == [], [issue.message for issue in check.issues]
        assert check.optional == []  # notes is provided here
        assert "mobilities" in check.variables and "m" not in check.variables


def test_not_a_word_file(tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(TemplateProblem) as caught:
        check_template(fake, set())
    assert caught.value.code == "template_not_docx"
    assert "nav Word dokuments" in caught.value.message
    with pytest.raises(RegisterError) as caught:
        render_docx(tmp_path / "missing.docx", {}, tmp_path / "out.docx")
    assert caught.value.code == "not_found"


# ------------------------------------------------------------------------------------------
# The generator script.
# ------------------------------------------------------------------------------------------

def test_committed_templates_match_the_generator(tmp_path):
    make_templates = load_script("make_templates")
    written = make_templates.build_templates(["sample"], tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in written) == ["en/sample.docx", "lv/sample.docx"]
    for path in written:
        committed = TEMPLATES / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), f"run python scripts/make_templates.py ({committed})"
