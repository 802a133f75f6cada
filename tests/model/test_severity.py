"""One severity vocabulary: findings, budget flags, template issues and annex or finance problems
all say how bad a problem is with the words of model/findings.py, shown with the labels of data/."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import erasmus_xl
from erasmus_xl.model.findings import SEVERITIES, SEVERITY_ORDER, Finding, as_severity, severity_label
from erasmus_xl.model.report import ValidationReport
from erasmus_xl.model.schema import sheet_specs
from erasmus_xl.render.annotate import FILLS, cell_marks, mark_prefix
from erasmus_xl.resources import load_data

PACKAGE = Path(erasmus_xl.__file__).parent
# calls whose second positional argument is a severity: Flag(code, severity, …), _issue(code, severity, …)
SEVERITY_SECOND_ARGUMENT = {"Flag", "_simple_flag", "_issue", "TemplateIssue"}


def _severity_words_in_code() -> list[tuple[str, int, str]]:
    """(file, line, word) of every string the package's code uses as a severity: `severity="…"`,
    `x.severity == "…"` / `in (…)`, and the severity argument of Flag, _simple_flag and _issue."""
    found: list[tuple[str, int, str]] = []

    def constants(node: ast.AST) -> list[ast.Constant]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node]
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return [c for item in node.elts for c in constants(item)]
        return []

    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            candidates: list[ast.Constant] = []
            if isinstance(node, ast.keyword) and node.arg in ("severity", "enum_severity"):
                candidates = constants(node.value)
            elif isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                if any(isinstance(s, ast.Attribute) and s.attr in ("severity", "enum_severity") for s in sides):
                    candidates = [c for s in sides for c in constants(s)]
            elif isinstance(node, ast.Call) and len(node.args) > 1:
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in SEVERITY_SECOND_ARGUMENT:
                    candidates = constants(node.args[1])
            found += [(where, c.lineno, c.value) for c in candidates]
    return found


def test_every_severity_the_code_names_is_in_the_one_vocabulary():
    used = _severity_words_in_code()
    assert {word for _, _, word in used} >= {"error", "warning", "info"}      # the scan sees all three
    assert [u for u in used if u[2] not in SEVERITIES] == []


def test_every_severity_written_in_data_is_in_the_one_vocabulary():
    messages = load_data("messages")["findings"]
    assert {entry["severity"] for entry in messages.values()} <= set(SEVERITIES)
    assert {column.enum_severity for spec in sheet_specs() for column in spec.columns} <= set(SEVERITIES)


def test_each_severity_has_a_latvian_and_an_english_label_from_data():
    assert [severity_label(s) for s in SEVERITIES] == ["kļūda", "brīdinājums", "informācija"]
    assert [severity_label(s, "en") for s in SEVERITIES] == ["error", "warning", "information"]


def test_a_word_outside_the_vocabulary_is_refused():
    assert as_severity("warning") == "warning"
    with pytest.raises(ValueError, match="missing"):
        as_severity("missing")


def _finding(cell: str, severity, code: str = "x") -> Finding:
    return Finding(sheet="Mobilitātes", cell=cell, column="Valsts", value="", severity=severity, code=code,
                   message=f"{severity} {code}", message_en=code, sheet_key="mobilities", row=2)


def test_findings_sort_and_colour_worst_first():
    findings = [_finding("B2", "info"), _finding("B2", "warning"), _finding("B2", "error")]
    assert [f.severity for f in sorted(findings, key=lambda f: f.sort_key)] == list(SEVERITIES)
    assert SEVERITY_ORDER == {"error": 0, "warning": 1, "info": 2}
    [mark] = cell_marks(findings)
    assert mark.fill == str(FILLS["error"].fgColor.rgb)[-6:]
    assert mark.comment.splitlines() == ["INFORMĀCIJA: info x", "BRĪDINĀJUMS: warning x", "KĻŪDA: error x"]
    assert cell_marks(findings[:2])[0].fill == str(FILLS["warning"].fgColor.rgb)[-6:]
    assert set(FILLS) == set(SEVERITIES) and mark_prefix("error") == "KĻŪDA:"


def test_the_report_counts_errors_and_warnings_and_an_info_finding_is_neither():
    report = ValidationReport([_finding("B2", "error"), _finding("C2", "warning"), _finding("D2", "info")])
    assert (report.errors, report.warnings, report.valid) == (1, 1, False)
    assert ValidationReport([_finding("D2", "info")]).valid
