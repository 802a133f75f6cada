"""Correct Latvian: official Erasmus+ terms, words that agree with numbers, programs named as programs.

The forbidden phrases come from issue 16 (items 14–17), checked against VIAA's and the Latvian
Erasmus+ Programme Guide's wording. The agreement rule is written out here by the last digits of
the number, independently of Babel, which the software uses.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import string
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import valid_rows, write_register_with_rates, write_workbook
from conftest import docx_text, flat

import erasmus_xl
from erasmus_xl.domain.rates import read_rate_overrides
from erasmus_xl.domain.validation import validate
from erasmus_xl.io.reader import read_register
from erasmus_xl.model.wording import count_placeholders, fill, ui_text
from erasmus_xl.render.reports import write_action_plan, write_annual_report
from erasmus_xl.resources import load_data

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "erasmus_xl" / "data"
PACKAGE = ROOT / "erasmus_xl"
COUNTS = (1, 2, 21, 10, 11, 0, 111, 1001)


def latvian_form(number: int) -> str:
    """CLDR's Latvian categories written out: one = …1 but not …11; zero = …0 and …11–…19."""
    if number % 10 == 1 and number % 100 != 11:
        return "one"
    if number % 10 == 0 or 11 <= number % 100 <= 19:
        return "zero"
    return "other"


def english_form(number: int) -> str:
    return "one" if number == 1 else "other"


# ------------------------------------------------------------------------------------------
# Where the user-facing texts are.
# ------------------------------------------------------------------------------------------

def message_templates() -> Iterator[tuple[str, str, str]]:
    """(where, lang, template) of every message that the software fills through wording.fill."""
    messages = load_data("messages")
    for section in ("file_errors", "findings", "template_errors"):
        for code, texts in messages[section].items():
            for lang in ("lv", "en"):
                yield f"messages.{section}.{code}", lang, texts[lang]
    budget = load_data("budget_texts")
    for section in ("messages", "flags", "basis", "finance"):
        for code, texts in budget[section].items():
            for lang in ("lv", "en"):
                if isinstance(texts.get(lang), str):
                    yield f"budget_texts.{section}.{code}", lang, texts[lang]
    yield from _lang_strings(load_data("ui_texts"), "ui_texts")


def _lang_strings(node: Any, where: str, lang: str | None = None) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("_") or key == "aliases":
                continue
            child_lang = lang
            if key in ("lv", "en"):
                child_lang = key
            elif key.endswith("_lv") or key.endswith("_en"):
                child_lang = key[-2:]
            yield from _lang_strings(value, f"{where}.{key}", child_lang)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _lang_strings(value, f"{where}[{index}]", lang)
    elif isinstance(node, str) and lang is not None:
        yield where, lang, node


def latvian_texts() -> Iterator[tuple[str, str]]:
    """(where, text) of every Latvian text: data files (not aliases), Latvian templates, Python sources."""
    for path in sorted(DATA.glob("*.json")):
        for where, lang, text in _lang_strings(json.loads(path.read_text(encoding="utf-8")), path.stem):
            if lang == "lv":
                yield where, text
    for path in sorted((ROOT / "templates" / "lv").glob("*.docx")):
        yield f"templates/lv/{path.name}", docx_text(path)
    for path in [*sorted(PACKAGE.rglob("*.py")), ROOT / "scripts" / "make_templates.py"]:
        for text in _latvian_literals(path):
            yield str(path.relative_to(ROOT)), text


_LATVIAN_LETTERS = re.compile("[āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ]")


def _latvian_literals(path: Path) -> Iterator[str]:
    """Lines of a Python file's string literals that hold Latvian (English comments and docstrings are not scanned)."""
    source = path.read_text(encoding="utf-8")
    kinds = {tokenize.STRING} | ({tokenize.FSTRING_MIDDLE} if sys.version_info >= (3, 12) else set())
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in kinds:
            yield from (line for line in token.string.splitlines() if _LATVIAN_LETTERS.search(line))


_QUOTATION = re.compile(r"“[^”]{40,}”")
"""A long quotation from a source document (the school's strategy) is cited verbatim, not corrected."""

FORBIDDEN = {
    r"ar mazāk iespējām": "“mazāk” takes the genitive: “ar ierobežotām iespējām” or “kuriem ir mazāk iespēju”",
    r"Erasmus\+ akreditācij": "the accreditation is “Erasmus akreditācija”",
    r"apmācīb": "VIAA says “mācības” (“kursi un mācības”)",
    r"[Zz]aļ(ais|ā|o) ceļ(š|a|u)\b": "green travel is “zaļais ceļojums”",
    r"[Cc]eļa izmaks": "one term for travel costs: “ceļa izdevumi”",
    r"(?<!Erasmus\+ )[Pp]rogrammas vadlīnij": "the guide is “Erasmus+ programmas vadlīnijas”",
    r"Europass Mobilitāt(?!es apliecinājum)": "the document is “Europass Mobilitātes apliecinājums”",
    r"\b(to|tagu|darbgrāmatu|veidni|failu|atveriet|atvērts|atvērta|saglabājiet|izlabojiet) (Excel|Word|LibreOffice)\b":
        "a program is a place: “atveriet to programmā Excel”, “nav atvērts programmā Excel”",
    r"Nepazīstam": "“Nezināma valsts”",
    r"atspiežot": "“pēc atspiešanas ir lielāka”",
    r"dalībniekam “": "an activity fits a participant type: “dalībnieka veidam”",
}


def test_no_latvian_text_uses_a_phrase_that_viaa_words_otherwise():
    problems = []
    for where, text in latvian_texts():
        text = _QUOTATION.sub("“…”", text)
        for pattern, why in FORBIDDEN.items():
            for found in re.finditer(pattern, text):
                context = flat(text[max(0, found.start() - 40):found.end() + 40])
                problems.append(f"{where}: “{found.group(0)}” ({why}) … {context} …")
    assert not problems, "\n".join(problems)


def test_the_phrase_scan_finds_what_issue_16_found():
    """The scan's patterns catch each phrase of the issue (so a passing scan means something)."""
    quoted = ["Dalībnieki ar mazāk iespējām", "Erasmus+ akreditācija", "Kursi un apmācības", "Zaļais ceļš",
              "Ceļa izmaksas — standarta", "Pārbaudiet Programmas vadlīnijās.", "Europass Mobilitāte",
              "Atveriet to Excel un saglabājiet", "nav atvērts Excel vai", "Izlabojiet tagu Word un",
              "Nepazīstama valsts", "atspiežot izrādās lielāka", "nav paredzēta dalībniekam “personāls”"]
    for phrase in quoted:
        assert any(re.search(pattern, phrase) for pattern in FORBIDDEN), phrase
    for fine in ["Erasmus+ programmas vadlīnijās", "Europass Mobilitātes apliecinājums", "Excel darbgrāmata",
                 "atvērts programmā Excel un", "aizveriet Excel", "Erasmus akreditācija", "zaļais ceļojums", "ceļa izdevumi"]:
        assert not any(re.search(pattern, fine) for pattern in FORBIDDEN), fine


# ------------------------------------------------------------------------------------------
# Numbers and the words that go with them.
# ------------------------------------------------------------------------------------------

def _filled(template: str, lang: str, count_name: str, number: int) -> str:
    values: dict[str, object] = {name: "X" for _, name, _, _ in string.Formatter().parse(template) if name}
    values.update({name: 7 for name in count_placeholders(template)})
    values[count_name] = number
    return fill(template, lang, **values)


def test_every_message_with_a_count_agrees_with_it():
    words = load_data("plurals")["words"]
    checked = set()
    for where, lang, template in message_templates():
        for name, word in count_placeholders(template).items():
            for number in COUNTS:
                form = (latvian_form if lang == "lv" else english_form)(number)
                forms = words[word][lang]
                expected = f"{number} {forms.get(form, forms['other'])}"
                text = _filled(template, lang, name, number)
                assert expected in text, f"{where} ({lang}), {name}={number}: “{text}” lacks “{expected}”"
            checked.add(where)
    named = {"messages.findings.duration_out_of_range", "messages.findings.duration_out_of_range_unconfirmed",
             "messages.file_errors.too_many_rows", "messages.file_errors.too_many_cells",
             "messages.file_errors.too_many_strings", "budget_texts.messages.travel_days_capped"}
    assert named <= checked


def test_no_message_writes_a_number_before_a_fixed_word_form():
    """“{days} dienas” is wrong for 1, 21, 31 …: a count before a noun goes through {days:day}."""
    words = load_data("plurals")["words"]
    forms = {form for entry in words.values() for lang in ("lv", "en") for form in entry[lang].values()}
    alternation = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    bare = re.compile(r"\{(\w+)\}[ \u00a0](" + alternation + r")\b")
    found = [f"{where} ({lang}): {m.group(0)}" for where, lang, template in message_templates()
             for m in bare.finditer(template)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("days, expected", [(1, "Ilgums 1 diena"), (21, "Ilgums 21 diena"), (2, "Ilgums 2 dienas"),
                                            (10, "Ilgums 10 dienu"), (11, "Ilgums 11 dienu"), (91, "Ilgums 91 diena")])
def test_a_real_duration_finding_agrees_with_its_days(tmp_path, days, expected):
    rows = valid_rows()
    start = dt.date(2025, 9, 1)
    rows["mobilities"][1].update(activity_type="SM-JOB-SHDW", start_date=start,
                                 end_date=start + dt.timedelta(days=days - 1))
    register = read_register(write_workbook(tmp_path / "r.xlsx", rows))
    messages = [f.message for f in validate(register, today=dt.date(2026, 1, 1)) if f.code.startswith("duration")]
    if days in (2, 10, 11, 21):                    # SM-JOB-SHDW lasts 2–60 days: these fit
        assert messages == []
        assert fill("Ilgums {days:day}", "lv", days=days) == expected
    else:
        assert messages and messages[0].startswith(expected + " neatbilst"), messages


def test_too_many_rows_message_agrees_with_the_limit():
    from erasmus_xl.model.errors import RegisterError

    error = RegisterError("too_many_rows", "r.xlsx", sheet="Mobilitātes", rows="1\u00a0048\u00a0576", limit=21)
    assert error.message == ("Failā “r.xlsx”, lapā “Mobilitātes” ir 1\u00a0048\u00a0576 rindas, bet atļauts ne vairāk "
                             "kā 21 rinda. Pārbaudiet, vai lapā nav nejauši aizpildītu šūnu tālu lejā.")
    assert "has 1\u00a0048\u00a0576 rows, but at most 21 rows are allowed" in error.message_en


# ------------------------------------------------------------------------------------------
# Renamed terms: old registers still read the same.
# ------------------------------------------------------------------------------------------

def test_old_headers_and_values_read_exactly_as_the_new_ones(tmp_path):
    new_rows, old_rows = valid_rows(), valid_rows()
    new_rows["mobilities"][1]["activity_type"] = "Kursi un mācības"
    old_rows["mobilities"][1]["activity_type"] = "Kursi un apmācības"
    new_rows["events"][0]["type"] = "mācības"
    old_rows["events"][0]["type"] = "apmācības"
    new_rows["mobilities"][0]["activity_type"] = "LM-SHORT-VET"
    extra = dict(new_rows["mobilities"][1], id="M3", activity_type="Mācīšanas vai mācību uzdevumi",
                 start_date=dt.date(2025, 11, 3), end_date=dt.date(2025, 11, 7))
    new_rows["mobilities"].append(extra)
    old_rows["mobilities"].append(dict(extra, activity_type="Mācīšanas vai apmācības uzdevumi"))
    new = read_register(write_workbook(tmp_path / "new.xlsx", new_rows))
    old = read_register(write_workbook(tmp_path / "old.xlsx", old_rows, rename={
        ("mobilities", "green_travel"): "Zaļais ceļš", ("mobilities", "fewer_opportunities"): "Ar mazāk iespējām"}))
    assert old.layouts["mobilities"].headers["green_travel"] == "Zaļais ceļš"
    for key in ("mobilities", "events"):
        assert old.records(key) == new.records(key)
    assert [m.activity_type for m in new.mobilities] == ["LM-SHORT-VET", "SM-COUR-TRAIN", "SM-TTA"]
    assert new.events[0].type == "training"
    today = dt.date(2026, 1, 1)
    assert [(f.code, f.cell) for f in validate(old, today=today)] == [(f.code, f.cell) for f in validate(new, today=today)]


def test_old_rate_names_on_the_likmes_sheet_still_read(tmp_path):
    names = {"new": ["Ceļa izdevumi — standarta", "Iekļaušanas atbalsts organizācijai (par dalībnieku ar ierobežotām iespējām)"],
             "old": ["Ceļa izmaksas — standarta", "Iekļaušanas atbalsts organizācijai (par dalībnieku ar mazāk iespējām)"]}
    read = {}
    for version, (travel, inclusion) in names.items():
        path = tmp_path / f"{version}.xlsx"
        write_register_with_rates(path, {}, likmes=[[2025, travel, None, None, "100–499 km", "199,50", "līgums"],
                                                    [2025, inclusion, None, None, None, "100", "līgums"]])
        overrides = read_rate_overrides(path)
        assert not overrides.findings, [f.message for f in overrides.findings]
        read[version] = [(o.call_year, o.key, o.band, o.amount) for o in overrides]
    assert read["old"] == read["new"] and len(read["new"]) == 2


# ------------------------------------------------------------------------------------------
# Sentences of the Word documents.
# ------------------------------------------------------------------------------------------

def test_report_sentences_name_the_year_in_full(tmp_path):
    book = erasmus_xl.open(write_workbook(tmp_path / "r.xlsx"), today=dt.date(2026, 1, 15))
    annual = flat(docx_text(write_annual_report(book, year=2025, output=tmp_path / "a.docx")))
    template = flat(docx_text(ROOT / "templates" / "lv" / "annual_report.docx"))
    assert "Sadarbības projekti, kas īstenoti {{ period_phrase }}" in template   # filled like the sentence below
    assert "Pēc dalībnieku atsauksmēm par 2025. gadā notikušajām mobilitātēm." in annual
    assert "Dalībnieku veids" in annual
    plan = flat(docx_text(write_action_plan(book, year=2026, output=tmp_path / "p.docx")))
    assert "Mērķi 2026. gadam un izpilde" in plan
    assert "atsauksmes par 2025. gadā notikušajām mobilitātēm" in plan
    english = flat(docx_text(write_action_plan(book, year=2026, lang="en", output=tmp_path / "p-en.docx")))
    assert "Targets for 2026 and progress" in english


def _pairs(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "lv" in node or "en" in node:
            yield node
        for value in node.values():
            yield from _pairs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _pairs(value)


def test_ui_texts_are_in_latvian_and_english_side_by_side():
    entries = list(_pairs(load_data("ui_texts")))
    assert len(entries) > 30
    for entry in entries:
        assert entry.get("lv", "").strip() and entry.get("en", "").strip(), entry
    assert ui_text("indicators.breakdowns.fewer_opportunities", "lv") == "Dalībnieki ar ierobežotām iespējām"
    assert ui_text("budget_sheet.subtitle", "en", date="2026-01-05", origin="Rēzekne").startswith(
        "Computed 2026-01-05; distances from Rēzekne.")
