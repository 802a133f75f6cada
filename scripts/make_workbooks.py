"""Regenerate the committed workbooks (workbooks/register.xlsx) from the register contract.

Run after changing data/register_schema.json, enumerations.json, school.json or targets.json:

    python scripts/make_workbooks.py

tests/test_register_template.py fails while the committed workbook is out of date.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from erasmus_xl.render.register_template import write_register  # noqa: E402

REGISTER = ROOT / "workbooks" / "register.xlsx"


def main() -> int:
    REGISTER.parent.mkdir(parents=True, exist_ok=True)
    path = write_register(REGISTER, force=True)
    print(f"Uzrakstīts / written: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
