"""erasmus_xl: the international office's register workbooks, checked and counted.

The library API is what the CLI and the Excel buttons call:

    from erasmus_xl import read_register, validate, write_new_register
"""
__version__ = "0.1.0"

from erasmus_xl.model.errors import RegisterError  # noqa: E402
from erasmus_xl.model.findings import Finding  # noqa: E402
from erasmus_xl.io.reader import read_register  # noqa: E402
from erasmus_xl.domain.validation import validate  # noqa: E402

__all__ = ["__version__", "RegisterError", "Finding", "read_register", "validate"]
