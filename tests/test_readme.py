"""The README is the user's map: every command, every Excel button, every xlwings Lite script and every
worksheet function must be on it."""
from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import typer.main

from erasmus_xl.cli import app
from erasmus_xl.excel import lite
from erasmus_xl.excel.buttons import ACTIONS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _command_paths(group: typer.Typer, prefix: str = "") -> list[str]:
    click_group = typer.main.get_command(group)
    paths = []
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            paths += [f"{prefix}{name} {sub}" for sub in command.commands]
        else:
            paths.append(f"{prefix}{name}")
    return paths


def test_every_cli_command_is_in_the_readme():
    missing = [path for path in _command_paths(app) if not re.search(rf"erasmus-xl {re.escape(path)}\b", README)]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_excel_button_is_in_the_readme():
    missing = [action.word for action in ACTIONS if action.word not in README]
    assert not missing, f"Excel buttons missing from README.md: {missing}"


def test_every_excel_button_caption_is_in_the_readme_as_the_user_sees_it():
    """The word in the drop-down may differ from the caption on the button ("Rādītāji" vs
    "Atjaunot rādītājus"): the README names the button by its Latvian caption, in italics."""
    missing = [action.caption for action in ACTIONS if f"*{action.caption.split(' / ')[0]}*" not in README]
    assert not missing, f"Excel button captions missing from README.md: {missing}"


def _lite_script_names() -> list[str]:
    """The names xlwings Lite shows for the scripts: the `name=` of each `@script(...)` in lite.py.
    The desktop xlwings' `script` decorator drops them, so they are read from the source and
    evaluated in the module's namespace (a literal or a lookup in data)."""
    names = []
    for node in ast.walk(ast.parse(inspect.getsource(lite))):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "script":
                name = next(k.value for k in decorator.keywords if k.arg == "name")
                names.append(eval(compile(ast.Expression(name), "lite.py", "eval"), vars(lite)))
    return names


def test_every_xlwings_lite_script_is_in_the_readme():
    names = _lite_script_names()
    assert len(names) == len(lite.SCRIPTS)
    missing = [name for name in names if f"*{name}*" not in README]
    assert not missing, f"xlwings Lite scripts missing from README.md: {missing}"


def test_every_worksheet_function_is_in_the_readme():
    missing = [f.__name__ for f in lite.WORKSHEET_FUNCTIONS if not re.search(rf"\b{f.__name__}\b", README)]
    assert not missing, f"worksheet functions missing from README.md: {missing}"
