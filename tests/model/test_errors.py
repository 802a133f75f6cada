"""One exception type for "cannot go on": RegisterError with a code, whatever stopped the command
(a file, a template, an unknown city, a call year without rates, a button's request)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import erasmus_xl
from erasmus_xl.domain.distance import PlaceNotFound, find_place
from erasmus_xl.domain.rates import RatesUnavailable, load_rates
from erasmus_xl.excel.buttons import ButtonProblem, MissingFeature
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.render.docx_render import TemplateProblem, render_docx

PACKAGE = Path(erasmus_xl.__file__).parent
# exceptions that never reach a user as "cannot go on", and why
INTERNAL = {
    "CellProblem": "one cell's problem, turned into a Finding so the rest of the sheet is still read",
    "ChartNotDrawn": "logged; the table and its chart data stay on the sheet",
    "UdfProblem": "a worksheet function's wrong argument, written as #KĻŪDA text into its cell",
    "_LimitError": "the template sandbox's own limit, re-raised as a TemplateProblem",
}


def test_every_exception_class_of_the_package_is_a_register_error_or_an_internal_one():
    bases: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]

    def is_exception(name: str) -> bool:
        return name.endswith(("Error", "Exception")) or any(is_exception(b) for b in bases.get(name, []))

    def is_register_error(name: str) -> bool:
        return name == "RegisterError" or any(is_register_error(b) for b in bases.get(name, []))

    exceptions = {name for name in bases if name != "RegisterError" and is_exception(name)}
    assert {"TemplateProblem", "AnnexError", "PlaceNotFound", "RatesUnavailable", "ButtonProblem"} <= exceptions
    assert {name for name in exceptions if not is_register_error(name)} == set(INTERNAL)


def test_an_unknown_city_stops_with_a_register_error_coded_place_unknown():
    with pytest.raises(RegisterError) as caught:
        find_place("Kaunsa", "LT")
    problem = caught.value
    assert isinstance(problem, PlaceNotFound) and isinstance(problem, LookupError)
    assert problem.code == "place_unknown" and problem.path is None
    assert "Kaunas" in problem.message and "Kaunas" in problem.message_en
    assert problem.to_dict()["suggestions"][0] == "Kaunas"


def test_a_call_year_without_rates_is_a_register_error_coded_rates_year_missing():
    with pytest.raises(RegisterError) as caught:
        load_rates(2021)
    assert isinstance(caught.value, RatesUnavailable) and caught.value.code == "rates_year_missing"
    assert caught.value.to_dict() == {"code": "rates_year_missing", "call_year": 2021,
                                      "message": caught.value.message, "message_en": caught.value.message_en}


def test_a_template_that_is_not_word_is_a_register_error_naming_the_file(tmp_path):
    template = tmp_path / "veidne.docx"
    template.write_text("not a zip", encoding="utf-8")
    with pytest.raises(RegisterError) as caught:
        render_docx(template, {}, tmp_path / "out.docx")
    problem = caught.value
    assert isinstance(problem, TemplateProblem) and problem.code == "template_not_docx"
    assert problem.to_dict()["file"] == str(template) and "veidne.docx" in problem.message
    assert not (tmp_path / "out.docx").exists()


def test_a_buttons_own_problem_is_a_register_error_with_its_words():
    problem = ButtonProblem("Saglabājiet darbgrāmatu.", "Save the workbook.")
    assert isinstance(problem, RegisterError) and problem.code == "button" and str(problem) == problem.message
    assert problem.to_dict() == {"code": "button", "message": "Saglabājiet darbgrāmatu.",
                                 "message_en": "Save the workbook."}
    assert isinstance(MissingFeature("erasmus_xl.x", "Funkcija", "Feature"), RegisterError)


def test_a_file_problem_keeps_its_code_file_and_both_languages():
    problem = RegisterError("not_found", Path("/tmp/nav/registrs.xlsx"))
    assert problem.code == "not_found" and problem.params["file"] == "registrs.xlsx"
    assert "registrs.xlsx" in problem.message and "registrs.xlsx" in problem.message_en
    assert problem.to_dict() == {"file": "/tmp/nav/registrs.xlsx", "code": "not_found",
                                 "message": problem.message, "message_en": problem.message_en}
