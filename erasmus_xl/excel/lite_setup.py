"""The two files a school pastes into the xlwings Lite editor: main.py and requirements.txt.

`erasmus-xl lite FOLDER` writes them (docs/excel-lite.md). main.py only imports the scripts and
worksheet functions of erasmus_xl.excel.lite, so updating the edition is changing one version
number in requirements.txt: the published wheel `erasmus_xl==<version>` plus the packages
Pyodide builds itself (data/lite.json), which the add-in installs when the workbook opens.
This module does not import xlwings.
"""
from __future__ import annotations

from pathlib import Path

from erasmus_xl import __version__
from erasmus_xl.io.outputs import atomic_output
from erasmus_xl.resources import load_data

MAIN_PY = "main.py"
REQUIREMENTS = "requirements.txt"


def lite_main_py(version: str = __version__) -> str:
    """main.py for the xlwings Lite editor: the edition's scripts and worksheet functions."""
    return (
        f'"""Erasmus+ reģistrs — xlwings Lite (erasmus_xl {version}).\n\n'
        "Pogas (skripti) un darblapu funkcijas EXL_* nāk no pakotnes erasmus_xl; šeit nekas nav jāmaina.\n"
        "Buttons (scripts) and worksheet functions EXL_* come from the erasmus_xl package: nothing to edit here.\n"
        '"""\n'
        "from erasmus_xl.excel.lite import *  # noqa: F401,F403\n"
    )


def lite_requirements(version: str = __version__) -> str:
    """requirements.txt: the published wheel, then the packages Pyodide provides (unpinned)."""
    pyodide = load_data("lite")["pyodide_packages"]["names"]
    lines = [f"# erasmus_xl {version} — xlwings Lite", f"erasmus_xl=={version}",
             "# Pyodide būvē šīs pakotnes pats / built by Pyodide itself", *pyodide]
    return "\n".join(lines) + "\n"


def write_lite_files(folder: Path | str, *, force: bool = False, version: str = __version__) -> list[Path]:
    """Write main.py and requirements.txt into `folder` (created); existing files only with force."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ((MAIN_PY, lite_main_py(version)), (REQUIREMENTS, lite_requirements(version))):
        with atomic_output(folder / name, force=force) as temp:
            Path(temp).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


__all__ = ["lite_main_py", "lite_requirements", "write_lite_files", "MAIN_PY", "REQUIREMENTS"]
