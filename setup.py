"""Build hook: the Word templates (the repository's templates/ folder) go into the wheel as
erasmus_xl/templates/<lang>/*.docx, where reports.py and annexes.py look first. The xlwings Lite
edition installs the wheel in Pyodide and has no repository beside it, so without them it could
not write a report. Everything else is in setup.cfg."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TEMPLATES = Path(__file__).resolve().parent / "templates"


class BuildWithTemplates(build_py):
    """build_py that also copies templates/<lang>/*.docx into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode or not TEMPLATES.is_dir():
            return      # an editable install finds the repository's templates/ itself
        target = Path(self.build_lib) / "erasmus_xl" / "templates"
        for source in sorted(TEMPLATES.glob("*/*.docx")):
            destination = target / source.parent.name / source.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


setup(cmdclass={"build_py": BuildWithTemplates})
