"""The README is the user's map: every command and every Excel button must be on it."""
from __future__ import annotations

import re
from pathlib import Path

import typer.main

from erasmus_xl.cli import app
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
