"""User wording lives in erasmus_xl/data/*.json (Latvian and English side by side), not in code.

The modules below have had every Latvian text moved to data; this keeps a new literal from
creeping back in (docstrings are documentation, not wording, and are left out).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "erasmus_xl"
LATVIAN = re.compile(r"[āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ]")
WORDING_IN_DATA = [
    "excel/buttons.py", "excel/xlwings_glue.py", "excel/lite.py", "render/register_template.py",
    "render/dashboard.py", "render/console_views.py", "render/money_sheets.py", "cli.py", "render/summary.py",
    "domain/indicators.py", "render/annotate.py", "render/docx_render.py",
]
NOT_WORDING = {
    "domain/indicators.py": {"aābcčdeēfgģhiījkķlļmnņoprsštuūvzž"},   # the Latvian alphabet's order, for sorting
}


def latvian_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant with a Latvian letter that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            docstrings |= {id(statement.value) for statement in node.body
                           if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and LATVIAN.search(node.value)]


@pytest.mark.parametrize("module", WORDING_IN_DATA)
def test_module_keeps_its_latvian_wording_in_data(module):
    found = [(line, text) for line, text in latvian_literals(PACKAGE / module)
             if text not in NOT_WORDING.get(module, set())]
    assert not found, f"{module}: Latvian text in code, move it to erasmus_xl/data: {found}"


def test_the_check_sees_a_latvian_literal_but_not_a_docstring(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('def f():\n    """Pārbaude: a docstring."""\n    return "Kļūda"\n', encoding="utf-8")
    assert latvian_literals(sample) == [(3, "Kļūda")]
