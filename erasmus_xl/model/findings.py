"""A finding: one thing a coordinator should fix, pinned to a sheet and a cell."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, get_args

from erasmus_xl.model.wording import fill as fill_text
from erasmus_xl.model.wording import ui_text
from erasmus_xl.resources import load_data

Severity = Literal["error", "warning", "info"]
"""How bad a problem is, the one word validation findings, budget flags, template issues and
annex or finance problems use: "error" — cannot be used as is (the row stays out of the figures,
the amount is incomplete, the template cannot be filled); "warning" — usable, but look at it (an
unconfirmed rate, a risky tag); "info" — worth knowing, nothing to fix. What exactly is wrong
is the problem's `code`."""

SEVERITIES: tuple[Severity, ...] = get_args(Severity)
"""Worst first: the order findings are sorted in and counted by."""
SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def as_severity(word: str) -> Severity:
    """A severity word read from data (messages.json, the schema), refused when not in the vocabulary."""
    for severity in SEVERITIES:
        if word == severity:
            return severity
    raise ValueError(f"unknown severity {word!r}; one of {', '.join(SEVERITIES)}")


def severity_label(severity: Severity, lang: str = "lv") -> str:
    """The word a user reads for a severity ("kļūda", "brīdinājums"), from data/ui_texts.json."""
    return ui_text(f"severity.{severity}", lang)


@dataclass(slots=True)   # slots: a large register has tens of thousands of findings; smaller, quicker to build
class Finding:
    sheet: str          # the sheet's name as it stands in the workbook
    cell: str           # A1 address
    column: str         # the column's header as it stands in the workbook
    value: str          # what the cell holds, as text
    severity: Severity  # "error" keeps the row out of the figures; "warning" asks for a look
    code: str           # stable machine code, e.g. "not_a_date"
    message: str        # Latvian
    message_en: str     # English
    sheet_key: str = field(default="", compare=False)  # contract key, e.g. "mobilities"
    row: int = field(default=0, compare=False)          # Excel row number (1-based)
    file: str = field(default="", compare=False)        # set when findings of many workbooks are merged
    field_key: str = field(default="", compare=False)   # the contract column ("start_date"); "" = the whole row

    def to_dict(self) -> dict[str, Any]:
        data = {
            "sheet": self.sheet, "cell": self.cell, "column": self.column, "value": self.value,
            "severity": self.severity, "code": self.code, "message": self.message, "message_en": self.message_en,
        }
        return {"file": self.file, **data} if self.file else data

    def moved_to(self, cell: str, row: int) -> Finding:
        """The same finding about another cell of its column: a rule that says one thing about many
        rows puts it in words once (positional: three times quicker than by keyword)."""
        return Finding(self.sheet, cell, self.column, self.value, self.severity, self.code, self.message,
                       self.message_en, self.sheet_key, row, self.file, self.field_key)

    @property
    def sort_key(self) -> tuple:
        return finding_sort_key(self)

    @property
    def sheet_key_order(self) -> int:
        order = _sheet_order()
        return order.get(self.sheet_key, len(order))


def finding_sort_key(finding: Finding) -> tuple:
    """Sheet, row, column, severity, code: the order findings are shown in."""
    order = _sheet_order()
    return (order.get(finding.sheet_key, len(order)), finding.row, _letters_number(finding.cell.rstrip(_DIGITS)),
            SEVERITY_ORDER[finding.severity], finding.code)


def make_finding(code: str, *, sheet: str, sheet_key: str, cell: str, row: int, column: str,
                 value: object, suggestion: str | None = None, severity: Severity | None = None,
                 field_key: str = "", **params: object) -> Finding:
    """Build a finding with its Latvian and English text from data/messages.json."""
    return build_finding(code, sheet, sheet_key, cell, row, column, value, field_key, params, suggestion, severity)


def build_finding(code: str, sheet: str, sheet_key: str, cell: str, row: int, column: str, value: object,
                  field_key: str, params: dict[str, object], suggestion: str | None = None,
                  severity: Severity | None = None) -> Finding:
    """`make_finding` with the message's parameters as one dict: validation's rules build thousands
    of findings and pass their parameters on as they are, without unpacking and repacking them."""
    text_value = display_value(value)
    message, message_en, default_severity = finding_texts(code, column, text_value, suggestion, params)
    # positional, in the order of Finding's fields: three times quicker than by keyword
    return Finding(sheet, cell, column, text_value, severity or default_severity, code, message, message_en,
                   sheet_key, row, "", field_key)


_TEXTS: dict[tuple, tuple[str, str, Severity]] = {}
_TEXTS_KEPT = 16384


def finding_texts(code: str, column: str, text_value: str, suggestion: str | None,
                  params: dict[str, object]) -> tuple[str, str, Severity]:
    """(Latvian, English, severity) of a finding. Remembered: the thousands of findings of a large
    register say the same few hundred things about different cells. The parameters' types are part
    of what is remembered: 5 and Decimal("5.00") are equal but are written differently."""
    try:
        key = (code, column, text_value, suggestion, *params.items(), *map(type, params.values()))
        texts = _TEXTS.get(key)
    except TypeError:                                  # a parameter that cannot be remembered (a list)
        return _filled_texts(code, column, text_value, suggestion, params)
    if texts is None:
        if len(_TEXTS) >= _TEXTS_KEPT:                 # bounded: a long-lived Excel session validates many registers
            _TEXTS.clear()
        texts = _TEXTS[key] = _filled_texts(code, column, text_value, suggestion, params)
    return texts


def _filled_texts(code: str, column: str, text_value: str, suggestion: str | None,
                  params: dict[str, object]) -> tuple[str, str, Severity]:
    """(Latvian, English, severity) filled afresh from data/messages.json: what finding_texts remembers."""
    messages = load_data("messages")
    template = messages["findings"][code]
    fill = {"column": column, "value": text_value, **params}
    message = fill_text(template["lv"], "lv", **fill)
    message_en = fill_text(template["en"], "en", **fill)
    if suggestion:
        message += fill_text(messages["suggestion"]["lv"], "lv", suggestion=suggestion)
        message_en += fill_text(messages["suggestion"]["en"], "en", suggestion=suggestion)
    return message, message_en, as_severity(template["severity"])


def display_value(value: object) -> str:
    """A cell value as a Latvian user would write it (dates dd.mm.yyyy.)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return latvian_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "…"


@lru_cache(maxsize=8192)
def latvian_date(value: dt.date) -> str:
    """05.03.2025. — remembered: the same few hundred dates fill thousands of findings, and
    strftime is the slowest step of making one."""
    return value.strftime("%d.%m.%Y.")


@lru_cache(maxsize=1)
def _sheet_order() -> dict[str, int]:
    from erasmus_xl.model.schema import sheet_specs

    keys = [s.key for s in sheet_specs()] + ["targets", "settings"]
    return {key: index for index, key in enumerate(keys)}


_DIGITS = "0123456789"


@lru_cache(maxsize=1024)
def _letters_number(cell: str) -> int:
    """The column number of an address's letters (remembered: a register has few columns)."""
    number = 0
    for ch in cell:
        if ch.isalpha():
            number = number * 26 + (ord(ch.upper()) - 64)
        else:
            break
    return number


def error_rows(findings: Iterable[Finding], sheet_key: str | None = None,
               fields: Collection[str] | None = None) -> set[tuple[str, str, int]]:
    """(sheet key, source workbook, Excel row) of every row with an error finding: the one rule for
    which rows a figure, list or export leaves out.

    With `fields`, only errors in those columns count (what one indicator needs); an error not tied
    to a column (field_key "") counts for every use of the row, as the safe choice.
    """
    return {(f.sheet_key, f.file or "", f.row) for f in findings
            if f.severity == "error" and f.row and (sheet_key is None or f.sheet_key == sheet_key)
            and (fields is None or not f.field_key or f.field_key in fields)}


def count_by_severity(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings): what the summaries of a validation say."""
    errors = sum(1 for f in findings if f.severity == "error")
    return errors, sum(1 for f in findings if f.severity == "warning")


@dataclass(frozen=True)
class StaffNote:
    """Something the office must do after a document was written (add a sheet, enter a rate).

    Why apart from the document: a document the Council signs states what is; what staff
    should do goes to the console or the Excel message box. Writers append these to the
    `notes` list their caller passes in.
    """

    code: str
    message: str        # Latvian
    message_en: str     # English

    def text(self, lang: str = "lv") -> str:
        return self.message if lang == "lv" else self.message_en
