"""The package as published: the wheel the xlwings Lite edition installs carries everything it
needs at run time — the data files and the Word templates (templates/ in the repository)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from erasmus_xl import __version__

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("source")          # a copy: the build leaves build/ and egg-info behind
    for name in ("setup.py", "setup.cfg", "pyproject.toml", "MANIFEST.in", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("erasmus_xl", "templates"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    # --no-isolation: the installed setuptools and wheel (test extras), no download
    completed = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(outdir),
                                str(source)], capture_output=True, text=True, timeout=600, cwd=outdir)
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    wheels = list(outdir.glob("erasmus_xl-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_carries_the_word_templates_and_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {f"erasmus_xl/templates/{p.parent.name}/{p.name}" for p in (ROOT / "templates").glob("*/*.docx")}
    assert templates and templates <= names
    data = {f"erasmus_xl/data/{p.name}" for p in (ROOT / "erasmus_xl" / "data").glob("*.json")}
    assert data <= names
    assert {"erasmus_xl/excel/lite.py", "erasmus_xl/excel/lite_setup.py"} <= names
    assert not any(name.startswith(("tests/", "build/")) for name in names)


def test_wheel_is_the_version_requirements_txt_names_and_passes_twine_check(wheel):
    assert wheel.name == f"erasmus_xl-{__version__}-py3-none-any.whl"      # pure Python: micropip installs it
    completed = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel)],
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0 and "PASSED" in completed.stdout, completed.stdout + completed.stderr
