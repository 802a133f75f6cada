"""Shared test fixtures: a real LibreOffice (headless) to open what we write."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Test modules may share fixtures across folders (tests/render/test_dashboard.py reuses the hand-counted
# register of tests/domain/test_indicators.py): make every test folder importable whatever runs first.
for _folder in sorted(p for p in Path(__file__).resolve().parent.iterdir() if p.is_dir() and p.name not in ("data", "__pycache__")):
    if str(_folder) not in sys.path:
        sys.path.append(str(_folder))

# xlwings' remote engine (tests/excel_payload.py) is registered when xlwings is imported, and only
# with a licence key: xlwings' PolyForm Noncommercial key, for tests only (an educational,
# non-commercial use), never at run time. Set before any test module imports xlwings; .ci/run
# exports the same key.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")



def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto` (setup.cfg's addopts): the whole suite, a folder or several modules spread over the
    cores, a module by module (--dist loadfile, so a module's fixtures are built once); a single
    module or test runs in this one process, without starting workers it could not use."""
    targets = {str(arg).split("::")[0] for arg in config.args}
    if len(targets) == 1 and next(iter(targets)).endswith(".py"):
        return 0
    return os.cpu_count() or 1


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# CSV export of the first sheet in UTF-8 (LibreOffice otherwise uses the system encoding)
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76,1"


def convert_with_libreoffice(source: Path, target_format: str, outdir: Path, profile: Path) -> Path:
    """Convert `source` with headless LibreOffice; its own profile keeps parallel runs apart."""
    if SOFFICE is None:
        pytest.fail("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-calc-nogui and libreoffice-writer-nogui")
    outdir.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    extension = target_format.split(":")[0]
    result = outdir / f"{source.stem}.{extension}"
    assert completed.returncode == 0 and result.exists(), (
        f"LibreOffice could not convert {source.name}: {completed.stdout}\n{completed.stderr}")
    return result


@pytest.fixture(scope="session")
def libreoffice_profile(tmp_path_factory) -> Path:
    """One LibreOffice user profile per test process: soffice builds a new profile in about 2 s on
    its first start, which every conversion paid with a profile of its own. Conversions in one
    process run one after the other, and each pytest-xdist worker has its own basetemp, so two
    soffice processes never share this profile."""
    return tmp_path_factory.mktemp("lo-profile")


@pytest.fixture
def libreoffice(tmp_path_factory, libreoffice_profile):
    """`libreoffice(path, "pdf")` -> the converted file's path."""
    profile = libreoffice_profile
    outdir = tmp_path_factory.mktemp("lo-out")

    def convert(source: Path, target_format: str) -> Path:
        return convert_with_libreoffice(Path(source), target_format, outdir, profile)

    return convert


def pdf_text(pdf: Path) -> str:
    """The text of a PDF via poppler's pdftotext (layout kept)."""
    completed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def load_script(name: str):
    """A regeneration script of scripts/ as a module (tests check the committed files equal its output)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module          # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def flat(text: str) -> str:
    """Text with every run of white space as one space (NBSP included), for comparing phrases."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def docx_text(path: Path) -> str:
    """Paragraphs, table cells and footers of a .docx (python-docx must parse it: corrupt XML fails here)."""
    from docx import Document

    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        texts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(texts)


@pytest.fixture
def remote_engine():
    """xlwings' remote engine (`xw.Book(json=...)`), which xlwings registers at import only with a
    licence key: the PolyForm Noncommercial key set above (tests only, never at run time)."""
    import xlwings as xw

    if not xw.__pro__:
        pytest.fail("xlwings' remote engine did not load: set XLWINGS_LICENSE_KEY=noncommercial before "
                    "xlwings is imported (.ci/run and tests/conftest.py do)")
    return xw
