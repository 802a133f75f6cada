"""The module register.xlsm's buttons run.

Every button calls the xlwings quickstart macro `SampleCall`, which runs
`RunPython "import register; register.main()"` (the module is named after the workbook, so keep
this file beside register.xlsm under the same name). main() hands over to erasmus_xl, which
finds out which button was clicked and does the work.
"""
from __future__ import annotations

import sys


def main() -> None:
    try:
        from erasmus_xl.excel.buttons import main as run_buttons
    except ImportError as problem:  # the Python Excel started has no erasmus_xl: say which Python it was
        import xlwings as xw

        xw.Book.caller().app.alert(
            f"Šim Python nav instalēts erasmus_xl ({problem}).\n"
            f"Python: {sys.executable}\n"
            "Instalējiet to (pip install erasmus_xl) vai xlwings iestatījumos norādiet pareizo Python "
            "(INTERPRETER_WIN / INTERPRETER_MAC, sk. docs/excel-addin.md).\n\n"
            f"erasmus_xl is not installed for this Python ({sys.executable}): install it or set the interpreter.",
            title="Erasmus+ reģistrs",
        )
        return
    run_buttons()


if __name__ == "__main__":
    # Debugging without clicking: python register.py (with register.xlsm open in Excel)
    import xlwings as xw

    xw.Book("register.xlsm").set_mock_caller()
    main()
