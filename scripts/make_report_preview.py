"""Regenerate docs/report-page1.png and docs/report-page2.png: the demo register's annual report.

Why: the README shows what the Pedagogical Council receives without anyone running the tool.
The pictures come from the real pipeline — the demo register (erasmus_xl.demo), the shipped
Latvian template, LibreOffice's PDF and poppler's pdftoppm — at a small resolution, so a change
in the template or the wording shows up as a changed picture in review.

    python scripts/make_report_preview.py [--year 2025] [--resolution 60] [--out docs]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import erasmus_xl  # noqa: E402
from erasmus_xl.demo import DEMO_TODAY, write_demo  # noqa: E402
from erasmus_xl.render.reports import write_annual_report  # noqa: E402

PAGES = (1, 2)


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(f"Nav atrasts / not found: {' vai / or '.join(names)} (scripts/install_system_deps.sh)")


def make_preview(out_dir: Path, *, year: int = 2025, resolution: int = 60, lang: str = "lv") -> list[Path]:
    """Write report-page<N>.png for the first pages of the demo register's annual report."""
    soffice, pdftoppm = _tool("soffice", "libreoffice"), _tool("pdftoppm")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="erasmus-xl-preview-") as folder:
        work = Path(folder)
        register, _ = write_demo(work)
        report = write_annual_report(erasmus_xl.open(register, today=DEMO_TODAY), year=year, lang=lang)
        subprocess.run([soffice, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(work), str(report)],
                       check=True, capture_output=True, timeout=300)
        pdf = report.with_suffix(".pdf")
        written = []
        for page in PAGES:
            target = out_dir / f"report-page{page}"
            subprocess.run([pdftoppm, "-png", "-r", str(resolution), "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(target)], check=True, timeout=120)
            written.append(target.with_suffix(".png"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pārskata priekšskatījums / report preview PNGs for the docs")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--resolution", type=int, default=60, help="DPI (default 60)")
    parser.add_argument("--lang", choices=("lv", "en"), default="lv")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    arguments = parser.parse_args(argv)
    for path in make_preview(arguments.out, year=arguments.year, resolution=arguments.resolution, lang=arguments.lang):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
