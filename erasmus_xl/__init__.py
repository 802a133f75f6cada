"""erasmus_xl: the international office's register workbooks, checked and counted.

The library is the API; the CLI and the Excel editions are thin layers over it:

    import erasmus_xl
    book = erasmus_xl.open("register.xlsx")
    book.report.valid, book.report.errors, book.report.warnings
    book.indicators(year=2025), book.budget(), book.finance(), book.usable("mobilities")

Names load on first use, so `import erasmus_xl` (every CLI start, every Excel click) stays quick.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "open": "erasmus_xl.workbook",
    "Workbook": "erasmus_xl.workbook",
    "ValidationReport": "erasmus_xl.model.report",
    "RegisterError": "erasmus_xl.model.errors",
    "Finding": "erasmus_xl.model.findings",
    "read_register": "erasmus_xl.io.reader",
    "validate": "erasmus_xl.domain.validation",
}

if TYPE_CHECKING:
    from erasmus_xl.domain.validation import validate
    from erasmus_xl.io.reader import read_register
    from erasmus_xl.model.errors import RegisterError
    from erasmus_xl.model.findings import Finding
    from erasmus_xl.model.report import ValidationReport
    from erasmus_xl.workbook import Workbook, open  # noqa: A004


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'erasmus_xl' has no attribute {name!r}")


__all__ = ["__version__", "open", "Workbook", "ValidationReport", "RegisterError", "Finding", "read_register", "validate"]
