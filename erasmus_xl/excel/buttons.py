"""The Excel buttons: one plain function per button, over a `WorkbookPort`.

The same functions run in Excel (erasmus_xl/excel_live.py, through workbooks/register.py or the
@xw.sub entry points in xlwings_glue.py) and here on files (excel_port.FileWorkbook: the tests,
and `run_on_file` for the CLI). Nothing in this module imports xlwings.

`run_button` is the only caller users meet: it shows progress in the status bar, turns every
error into one readable message box (RegisterError's own Latvian and English message, or one
sentence for anything unexpected, the traceback going to a log file) and never lets a Python
traceback reach the user.

Which button was clicked: register.xlsm reuses the xlwings quickstart macro `SampleCall`
unchanged (its VBA cannot be edited reliably here) for every button, so Python has to find out
which one ran it: `choose_action` looks at Application.Caller (the clicked shape's name, e.g.
`exl_validate`, or Excel's own "Button 3"), then the button's caption, and falls back to the
action chosen in the drop-down cell on the Darbības sheet (see docs/excel-addin.md).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import logging
import os
import platform
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from erasmus_xl import __version__
from erasmus_xl.excel.excel_port import FileWorkbook, WorkbookPort, finding_marks
from erasmus_xl.io.cells import CellProblem, is_blank, parse_int
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.text import clean_text, normalize_key
from erasmus_xl.model.wording import text_pair, ui_both, ui_text
from erasmus_xl.render.money_sheets import BUDGET_SHEET, write_budget_sheet, write_finance_sheet
from erasmus_xl.resources import load_data
from erasmus_xl.workbook import Workbook
from erasmus_xl.workbook import open as open_register

logger = logging.getLogger(__name__)

ACTIONS_SHEET = ui_text("buttons.sheets.actions", "lv")
YEAR_LABEL = ui_text("buttons.labels.year", "lv")
ACTION_LABEL = ui_text("buttons.labels.action", "lv")
BUILT_WITH_LABEL = ui_text("buttons.labels.built_with", "lv")
ANNEX_LABEL = ui_text("buttons.labels.annex", "lv")
INDICATORS_SHEET = ui_text("buttons.sheets.indicators", "lv")
FINANCE_SHEET = ui_text("buttons.sheets.finance", "lv")   # not "Finanses": the register's own expenses sheet
RUN_BUTTON = "exl_run"
TITLE = ui_text("buttons.title", "lv")
ERROR_TITLE = ui_both("buttons.error_title")
LOG_NAME = "erasmus_xl-excel.log"
STATUS_PREFIX = "Erasmus+: "


@dataclass(frozen=True)
class Action:
    """One button: its shape name in register.xlsm, its word in the drop-down, its caption."""

    key: str
    button: str
    word: str            # Latvian word in the Darbība drop-down (no commas: inline list)
    caption: str         # the button's caption, Latvian / English
    description: str     # shown beside the button, Latvian / English


def _actions(group: str) -> tuple[Action, ...]:
    """The buttons of data/ui_texts.json (buttons.actions: one per shape of register.xlsm, in order)."""
    return tuple(Action(key, f"exl_{key}", entry["word"], f"{entry['lv']} / {entry['en']}",
                        ui_both(f"buttons.{group}.{key}.description") if "description" in entry else "")
                 for key, entry in load_data("ui_texts")["buttons"][group].items())


ACTIONS: tuple[Action, ...] = _actions("actions")
ACTION_KEYS = tuple(a.key for a in ACTIONS)


@dataclass
class ButtonResult:
    """What a button did: for the message box, the CLI and the tests."""

    action: str
    ok: bool
    message: str
    title: str = TITLE
    outputs: list[Path] = field(default_factory=list)    # files written beside the workbook (.docx)
    sheets: list[str] = field(default_factory=list)      # sheets written or replaced
    workbook: Path | None = None                        # the new workbook file (file adapter)
    counts: dict[str, int] = field(default_factory=dict)


class ButtonProblem(RegisterError):
    """Something the user can fix (save the workbook, type a year), in Latvian and English: a
    `RegisterError` (code "button") whose words the button made."""

    def __init__(self, message: str, message_en: str, code: str = "button") -> None:
        self._settle(code, None, {}, message, message_en)


class MissingFeature(ButtonProblem):
    """A module another part of the project provides is not installed (yet)."""

    def __init__(self, module: str, lv: str, en: str) -> None:
        self.module = module
        super().__init__(excel_message("missing_feature", what=lv, version=__version__, module=module)[0],
                         excel_message("missing_feature", what=en, version=__version__, module=module)[1])


# --------------------------------------------------------------------------- running a button


def run_button(action: str, port: WorkbookPort, **options: Any) -> ButtonResult:
    """Run one button, show its result in a message box; never raise to the user."""
    function = BUTTONS.get(action) or MORE_BUTTONS.get(action)
    try:
        if function is None:
            raise ValueError(f"unknown action {action!r}; known: {', '.join(ACTION_KEYS)}")
        accepted = inspect.signature(function).parameters
        result = function(port, **{k: v for k, v in options.items() if k in accepted and v is not None})
    except RegisterError as problem:   # ButtonProblem too: one message box, Latvian then English
        result = ButtonResult(action, False, f"{problem.message}\n\n{problem.message_en}", ERROR_TITLE)
    except Exception as problem:  # the promise: one sentence, never a traceback
        if os.environ.get("ERASMUS_XL_DEBUG"):
            raise
        log = _log_exception(action)
        result = ButtonResult(action, False, unexpected_message(problem, log), ERROR_TITLE)
    finally:
        port.status(None)
    port.message(result.message, result.title)
    return result


def unexpected_message(problem: BaseException, log: Path | None) -> str:
    lv, en = excel_message("unexpected", kind=type(problem).__name__)
    where_lv, where_en = excel_message("unexpected_log", log=log) if log else ("", "")
    return f"{lv}{where_lv}\n\n{en}{where_en}"


def _log_exception(action: str) -> Path | None:
    """The traceback goes to a log file in the temp folder, for whoever supports the school."""
    try:
        log = Path(tempfile.gettempdir()) / LOG_NAME
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} {action} "
                         f"erasmus_xl {__version__}\n{traceback.format_exc()}\n")
        return log
    except OSError:
        return None


def run_on_file(action: str, source: Path | str, output: Path | str | None = None, *, force: bool = False,
                **options: Any) -> tuple[ButtonResult, FileWorkbook]:
    """A button on a workbook file (no Excel): sheets go to a new file, never over `source`."""
    port = FileWorkbook(source, output, force=force)
    return run_button(action, port, **options), port


def _progress(port: WorkbookPort, step: str, **params: Any) -> None:
    """The status bar: "Erasmus+: " and the step of data/ui_texts.json (buttons.progress), Latvian / English."""
    port.status(STATUS_PREFIX + ui_both(f"buttons.progress.{step}", **params))


def _saved_note(written: Path | None) -> str:
    if written is None:
        return ""
    lv, en = excel_message("saved_as_new", path=written)
    return f"\n\n{lv}\n{en}"


def _read(port: WorkbookPort, today: dt.date | None = None) -> Workbook:
    """The open workbook, read once (validated as of `today` when first asked)."""
    _progress(port, "reading")
    book = open_register(port, today=today)
    remember = getattr(port, "remember", None)   # xlwings Lite: the worksheet functions answer from it
    if callable(remember):
        remember(book)
    return book


# --------------------------------------------------------------------------- validate


def marked_cells(rows: Sequence[Sequence[Any]]) -> list[tuple[str, str]]:
    """(sheet, cell) pairs listed on an earlier Pārbaude sheet: the cells erasmus_xl marked then."""
    sheet_headers = {normalize_key(ui_text("buttons.findings_headers.sheet", lang)) for lang in ("lv", "en")}
    cell_headers = {normalize_key(ui_text("buttons.findings_headers.cell", lang)) for lang in ("lv", "en")}
    for index, row in enumerate(rows[:30]):  # noqa: B007 - the header row's index is used after the loop
        keys = [normalize_key(clean_text(v)) if isinstance(v, str) else "" for v in row]
        sheet_col = next((i for i, k in enumerate(keys) if k in sheet_headers), None)
        cell_col = next((i for i, k in enumerate(keys) if k in cell_headers), None)
        if sheet_col is not None and cell_col is not None:
            break
    else:
        return []
    found = []
    for row in rows[index + 1:]:
        if max(sheet_col, cell_col) < len(row) and isinstance(row[sheet_col], str) and isinstance(row[cell_col], str) \
                and row[sheet_col].strip() and row[cell_col].strip():
            found.append((row[sheet_col], row[cell_col].strip()))
    return list(dict.fromkeys(found))


def validate(port: WorkbookPort, *, today: dt.date | None = None) -> ButtonResult:
    """Pārbaudīt: marks (colour + comment) on every cell with a finding, and the Pārbaude sheet."""
    from erasmus_xl.render.annotate import SHEET_TITLE, add_findings_sheet

    book = _read(port, today)
    _progress(port, "checking")
    findings = book.report.findings
    errors, warnings = book.report.errors, book.report.warnings
    if SHEET_TITLE in port.sheet_names:
        _progress(port, "unmarking")
        port.clear_marks(marked_cells(port.rows(SHEET_TITLE)))
    marks = finding_marks(findings)
    for number, mark in enumerate(marks, start=1):
        if number % 50 == 1:
            _progress(port, "marking", number=number, total=len(marks))
        port.mark_cell(mark.sheet, mark.cell, mark.fill, mark.comment)
    _progress(port, "writing_findings", sheet=SHEET_TITLE)
    source = Path(port.name)

    def render(workbook, title: str):
        add_findings_sheet(workbook, findings, source)
        return workbook[SHEET_TITLE]

    position = 1 if port.sheet_names and port.sheet_names[0] == ACTIONS_SHEET else 0
    port.replace_sheet(SHEET_TITLE, render, position=position, activate=True)
    written = port.commit()
    if findings:
        lv, en = excel_message("validate_found", errors=errors, warnings=warnings, sheet=SHEET_TITLE)
    else:
        lv, en = excel_message("validate_clean")
    return ButtonResult("validate", True, f"{lv}\n\n{en}{_saved_note(written)}", sheets=[SHEET_TITLE],
                        workbook=written, counts={"errors": errors, "warnings": warnings, "marked": len(marks)})


# --------------------------------------------------------------------------- indicators


def refresh_indicators(port: WorkbookPort, *, today: dt.date | None = None) -> ButtonResult:
    """Atjaunot rādītājus: the Rādītāji sheet (table, what it takes, qualitative, breakdowns, charts)."""
    from erasmus_xl.render.dashboard import add_indicator_sheet

    book = _read(port, today)
    _progress(port, "counting")
    report = book.indicators()
    _progress(port, "writing_indicators", sheet=INDICATORS_SHEET)
    port.replace_sheet(INDICATORS_SHEET, lambda workbook, title: add_indicator_sheet(workbook, report, title=title),
                       activate=True)
    written = port.commit()
    current = report.current_period
    lines = []
    for item in report.indicators:
        if item.period.year == current.year and item.target is not None and item.key != "new_partners":
            lines.append(excel_message("indicator_line", label=item.label, actual=item.actual, target=item.target,
                                       status=item.status_lv)[0])
    left_out = report.left_out_count
    refreshed = excel_message("indicators_refreshed", sheet=INDICATORS_SHEET, date=f"{report.as_of:%d.%m.%Y}",
                              iso_date=report.as_of.isoformat())
    left_out_text = excel_message("indicators_left_out", count=left_out) if left_out else ("", "")
    lv = (refreshed[0] + (f"\n{current.label}:\n" + "\n".join(lines) if lines else "")
          + (f"\n{left_out_text[0]}" if left_out else ""))
    en = refreshed[1] + (f" {left_out_text[1]}" if left_out else "")
    return ButtonResult("indicators", True, f"{lv}\n\n{en}{_saved_note(written)}", sheets=[INDICATORS_SHEET],
                        workbook=written, counts={"left_out": left_out})


# --------------------------------------------------------------------------- Word outputs


def setting_value(port: WorkbookPort, label: str) -> Any:
    """The value beside a label on the Darbības sheet (None when the sheet or label is missing)."""
    if ACTIONS_SHEET not in port.sheet_names:
        return None
    wanted = normalize_key(label)
    for row in port.rows(ACTIONS_SHEET)[:80]:
        for index, value in enumerate(row):
            if isinstance(value, str) and normalize_key(clean_text(value)).startswith(wanted):
                value = row[index + 1] if index + 1 < len(row) else None   # the cell right of the label
                return None if is_blank(value) else value
    return None


def chosen_year(port: WorkbookPort, today: dt.date) -> int:
    """The report year from the Darbības sheet; empty means the current year."""
    value = setting_value(port, YEAR_LABEL)
    if is_blank(value):
        return today.year
    try:
        year = parse_int(value)
    except CellProblem:
        year = None
    if year is None or not 2000 <= year <= 2100:
        raise ButtonProblem(*excel_message("bad_year", sheet=ACTIONS_SHEET, label=YEAR_LABEL, value=value))
    return year


def excel_message(code: str, **params: Any) -> tuple[str, str]:
    """(Latvian, English) of a message in data/messages.json, section `excel`."""
    return text_pair(f"excel.{code}", "messages", **params)


def _pair(path: str, **params: Any) -> tuple[str, str]:
    """(Latvian, English) of a text in data/ui_texts.json's buttons section, filled."""
    return text_pair(f"buttons.{path}", **params)


def _with_amounts(code: str, amounts: dict[str, Any], **params: Any) -> tuple[str, str]:
    """A message of data/messages.json (excel) whose amounts are written as each language writes euros."""
    from erasmus_xl.domain.rates import format_eur

    lv = excel_message(code, **params, **{k: format_eur(v) for k, v in amounts.items()})[0]
    return lv, excel_message(code, **params, **{k: format_eur(v, "en") for k, v in amounts.items()})[1]


def _joined(parts: list[tuple[str, str]]) -> str:
    """The Latvian sentences, a blank line, the English ones: a button's message box."""
    return " ".join(lv for lv, _ in parts) + "\n\n" + " ".join(en for _, en in parts)


def _require_folder(port: WorkbookPort) -> Path:
    """The folder the Word files go to; a workbook opened from OneDrive/SharePoint without a synced
    copy gets its own message, not the "save first" one."""
    if port.folder is None:
        if getattr(port, "cloud", False):
            location = getattr(port, "location", None)
            raise ButtonProblem(*excel_message("cloud_workbook", url=getattr(location, "url", None) or port.name))
        raise ButtonProblem(*excel_message("save_first"))
    return port.folder


def free_path(path: Path, *, also: tuple[str, ...] = ()) -> Path:
    """The path itself, or NAME-2.docx, NAME-3.docx … so a second click never overwrites a file
    someone may have edited (`also`: other suffixes written beside it, e.g. ".xlsx")."""
    def taken(candidate: Path) -> bool:
        return candidate.exists() or any(candidate.with_suffix(suffix).exists() for suffix in also)

    candidate, number = path, 2
    while taken(candidate):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def _lazy(module: str, name: str, lv: str, en: str) -> Callable[..., Any]:
    """A function of a module other helpers write; a clear message when it is not there."""
    import importlib

    try:
        return getattr(importlib.import_module(f"erasmus_xl.{module}"), name)
    except (ImportError, AttributeError) as problem:
        logger.info("missing %s.%s: %s", module, name, problem)
        raise MissingFeature(f"erasmus_xl.{module}", lv, en) from None


def _notes_text(notes: list) -> str:
    """Staff notes (StaffNote) for the message box: what to do next, kept out of the document."""
    if not notes:
        return ""
    return "\n\n" + "\n".join(f"• {n.message}" for n in notes) + "\n\n" + "\n".join(f"• {n.message_en}" for n in notes)


def _word_result(action: str, what_lv: str, what_en: str, path: Path, unsaved: bool,
                 notes: list | None = None) -> ButtonResult:
    note = "\n\n" + " / ".join(excel_message("unsaved_changes")) if unsaved else ""
    return ButtonResult(action, True, _saved_text(what_lv, what_en, path) + f"{note}{_notes_text(notes or [])}",
                        outputs=[path])


def _saved_text(what_lv: str, what_en: str, shown: object) -> str:
    """“… saglabāts:” with the path(s), then the English."""
    return (f"{excel_message('document_saved', what=what_lv, path=shown)[0]}\n\n"
            f"{excel_message('document_saved', what=what_en, path=shown)[1]}")


def annual_report(port: WorkbookPort, *, year: int | None = None, today: dt.date | None = None,
                  lang: str = "lv") -> ButtonResult:
    """Gada pārskats: the annual report .docx in the port's folder (reports.write_annual_report)."""
    today = today or dt.date.today()
    what = _pair("documents.annual_report")
    write = _lazy("render.reports", "write_annual_report", *what)
    default_output = _lazy("render.reports", "default_output", *what)
    folder = _require_folder(port)
    year = year or chosen_year(port, today)
    book = _read(port, today)
    _progress(port, "writing_report", year=year)
    output = free_path(folder / Path(default_output(book.path, "annual_report", year, lang=lang)).name)
    path = Path(write(book, year=year, output=output, lang=lang))
    return _word_result("report", *_pair("documents.annual_report_of", year=year), path,
                        getattr(port, "unsaved_changes", False))


def action_plan(port: WorkbookPort, *, year: int | None = None, today: dt.date | None = None,
                lang: str = "lv") -> ButtonResult:
    """Rīcības plāns: the action plan .docx for the year after the report year."""
    today = today or dt.date.today()
    what = _pair("documents.action_plan")
    write = _lazy("render.reports", "write_action_plan", *what)
    default_output = _lazy("render.reports", "default_output", *what)
    folder = _require_folder(port)
    plan_year = year or chosen_year(port, today) + 1
    book = _read(port, today)
    _progress(port, "writing_plan", year=plan_year)
    output = free_path(folder / Path(default_output(book.path, "action_plan", plan_year, lang=lang)).name)
    notes: list = []
    path = Path(write(book, year=plan_year, output=output, lang=lang, notes=notes))
    return _word_result("action_plan", *_pair("documents.action_plan_for", year=plan_year), path,
                        getattr(port, "unsaved_changes", False), notes)


def annex_selection(port: WorkbookPort, register) -> tuple[str | None, int | None]:
    """(project, call year) for the KA1 annex: the Darbības cell (a project number or a year), else
    the newest call year among the planned and confirmed mobilities."""
    from erasmus_xl.domain.budget import call_year_of

    value = setting_value(port, ANNEX_LABEL)
    if not is_blank(value):
        text = clean_text(str(value))
        try:
            year = parse_int(value)
        except CellProblem:
            year = None
        if year is not None and 2000 <= year <= 2100:
            return None, year
        return text, None
    years = {year for m in register.mobilities
             if m.status in ("planned", "confirmed") and m.project_number
             and (year := call_year_of(m.project_number)) is not None}
    return None, (max(years) if years else None)


def ka1_annex(port: WorkbookPort, *, project: str | None = None, call_year: int | None = None,
              today: dt.date | None = None, lang: str = "lv") -> ButtonResult:
    """KA1 pielikums: the KA1 application annex (.docx and .xlsx) of a project or call year."""
    today = today or dt.date.today()
    write = _lazy("render.annexes", "write_ka1_annex", *_pair("documents.ka1_annex"))
    folder = _require_folder(port)
    book = _read(port, today)
    if project is None and call_year is None:
        project, call_year = annex_selection(port, book.register)
    if project is None and call_year is None:
        raise ButtonProblem(*excel_message("annex_nothing_planned", sheet=ACTIONS_SHEET, label=ANNEX_LABEL))
    subject = project or str(call_year)
    _progress(port, "writing_annex", subject=subject)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in subject)
    output = free_path(folder / f"{Path(port.name).stem}-pielikums-{safe}.docx", also=(".xlsx",))
    notes: list = []
    written = write(book, project=project, call_year=call_year, output=output, lang=lang,
                    notes=notes)
    paths = [Path(p) for p in written]
    shown = "\n".join(str(p) for p in paths)
    return ButtonResult("annex", True, _saved_text(*_pair("documents.ka1_annex_of", subject=subject), shown)
                        + _notes_text(notes), outputs=paths)


# --------------------------------------------------------------------------- budget


def budget(port: WorkbookPort) -> ButtonResult:
    """Budžets: the unit-cost budget of every mobility and project, as the Budžets sheet."""

    book = _read(port)
    _progress(port, "budgeting")
    result = book.budget()  # the Likmes rows of the open workbook, read with the register
    _progress(port, "writing_budget", sheet=BUDGET_SHEET)
    port.replace_sheet(BUDGET_SHEET, lambda workbook, title: write_budget_sheet(workbook, result, title=title),
                       activate=True)
    written = port.commit()
    totals = result.totals()
    included = result.included
    incomplete = sum(1 for m in included if not m.complete)
    unconfirmed = any(m.unconfirmed for m in included)
    parts = [_with_amounts("budget_refreshed", {"total": totals["total"]}, sheet=BUDGET_SHEET, count=len(included))]
    if incomplete:
        parts.append(excel_message("budget_incomplete", count=incomplete))
    if unconfirmed:
        parts.append(excel_message("budget_unconfirmed"))
    return ButtonResult("budget", True, _joined(parts) + _saved_note(written),
                        sheets=[BUDGET_SHEET], workbook=written,
                        counts={"mobilities": len(included), "incomplete": incomplete})


def finance(port: WorkbookPort, *, today: dt.date | None = None) -> ButtonResult:
    """Finanses: granted vs booked vs remaining per project and category (finance.finance_view),
    with the unit-cost estimate from the workbook's own Likmes rows, as the Finanšu pārskats sheet."""

    book = _read(port, today)
    _progress(port, "comparing")
    view = book.finance()   # the Likmes rows of the open workbook come with the register

    def render(workbook, title: str):
        sheet = workbook.create_sheet(title)
        write_finance_sheet(sheet, view)
        sheet.title = title      # the renderer names a sheet "Finanses" when the workbook has none
        return sheet

    _progress(port, "writing_finance", sheet=FINANCE_SHEET)
    port.replace_sheet(FINANCE_SHEET, render, activate=True)
    written = port.commit()
    totals = view.totals()
    over = [p.project_number for p in view.projects if p.over_granted]
    parts = [_with_amounts("finance_refreshed", {k: totals[k] for k in ("granted", "booked", "remaining")},
                           sheet=FINANCE_SHEET, projects=len(view.projects))]
    if over:
        parts.append(excel_message("finance_over_granted", projects=", ".join(over)))
    if view.double_bookings:
        parts.append(excel_message("finance_double_booked", count=len(view.double_bookings)))
    return ButtonResult("finance", True, _joined(parts) + _saved_note(written),
                        sheets=[FINANCE_SHEET], workbook=written,
                        counts={"projects": len(view.projects), "over_granted": len(over),
                                "double_bookings": len(view.double_bookings)})


# --------------------------------------------------------------------------- versions


def packaged_addin() -> Path | None:
    """The add-in file of the installed xlwings package (what `xlwings addin install` copies)."""
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "addin" / "xlwings.xlam"
    return path if path.is_file() else None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def addin_status(installed: Path | None, packaged: Path | None) -> tuple[str, str, str]:
    """(code, Latvian, English): whether Excel's xlwings add-in is the package's own file."""
    if installed is None:
        code = "not_found"
    elif packaged is None:
        code = "unknown"
    else:
        code = "match" if _digest(installed) == _digest(packaged) else "differs"
    return (code, *excel_message(f"addin_{code}", path=installed))


def _distribution_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ui_both("buttons.versions.not_installed")


def version_info(port: WorkbookPort) -> list[tuple[str, str]]:
    """(label, value) lines for the versions button."""
    lines = [
        ("erasmus_xl", __version__),
        (f"xlwings ({ui_both('buttons.versions.package')})", _distribution_version("xlwings")),
    ]
    edition = getattr(port, "edition_lines", None)   # xlwings Lite: no add-in file, no XLSTART
    finder = getattr(port, "addin_path", None)
    if callable(edition):
        lines.extend(edition())
    elif callable(finder):
        _, lv, en = addin_status(finder(), packaged_addin())
        lines.append((ui_both("buttons.versions.addin"), f"{lv} / {en}"))
    else:
        lines.append(("Excel", ui_both("buttons.versions.no_excel")))
    built = setting_value(port, BUILT_WITH_LABEL)
    if not is_blank(built):
        lines.append((ui_both("buttons.versions.built_with"), str(built)))
    lines.append(("Python", f"{platform.python_version()} ({sys.executable})"))
    # system and release only: platform.platform() asks `uname -p` in a process (none in xlwings Lite)
    lines.append((ui_both("buttons.versions.os"), f"{platform.system()} {platform.release()} ({platform.machine()})"))
    return lines


def versions(port: WorkbookPort) -> ButtonResult:
    """Versijas: package, add-in and Python versions, so support can see a mismatch at once."""
    lines = version_info(port)
    text = "\n".join(f"{label}: {value}" for label, value in lines)
    differs = excel_message("addin_differs", path="")[0].split()[0]     # the word that opens that status
    if any(differs in value for _, value in lines):
        text += "\n\n" + " / ".join(excel_message("versions_must_match"))
    return ButtonResult("versions", True, text, counts={"lines": len(lines)})


BUTTONS: dict[str, Callable[..., ButtonResult]] = {
    "validate": validate,
    "indicators": refresh_indicators,
    "report": annual_report,
    "action_plan": action_plan,
    "annex": ka1_annex,
    "budget": budget,
    "versions": versions,
}
# Buttons that register.xlsm has no shape for yet (the xlwings Lite edition runs them as scripts).
MORE_BUTTONS: dict[str, Callable[..., ButtonResult]] = {
    "finance": finance,
}


# --------------------------------------------------------------------------- dispatch (Excel)


def choose_action(button: str | None, caption: str | None, chosen: Any) -> tuple[str | None, str]:
    """Which action a click means: (action key or None, how it was decided).

    1. the shape's name as register.xlsm names it (exl_validate …);
    2. the caption (a copied or renamed button keeps its caption);
    3. Excel's default name "Button 3" / "Poga 3": the third button make_xlsm.py placed;
    4. the Darbība drop-down on the Darbības sheet (the "Izpildīt" button, or when Excel does not
       say which button was clicked).
    """
    by_button = {a.button: a.key for a in ACTIONS}
    if button in by_button:
        return by_button[button], "button"
    if caption:
        key = normalize_key(clean_text(caption))
        for action in ACTIONS:
            if key == normalize_key(action.caption) or key.startswith(normalize_key(action.word)):
                return action.key, "caption"
    if button and button != RUN_BUTTON:
        parts = button.rsplit(" ", 1)
        if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= len(ACTIONS):
            return ACTIONS[int(parts[1]) - 1].key, "ordinal"
    if isinstance(chosen, str) and chosen.strip():
        key = normalize_key(clean_text(chosen))
        for action in ACTIONS:
            if key in (normalize_key(action.word), normalize_key(action.key), normalize_key(action.caption)):
                return action.key, "drop-down"
    return None, "unknown"


HELP_NO_ACTION = "\n\n".join(excel_message("no_action", sheet=ACTIONS_SHEET, label=ACTION_LABEL))


def dispatch(port: WorkbookPort, button: str | None, caption: str | None, **options: Any) -> ButtonResult:
    """Decide the action of a click and run it (the body of `main`, testable without Excel)."""
    chosen = setting_value(port, ACTION_LABEL)
    action, how = choose_action(button, caption, chosen)
    logger.info("button %r caption %r chosen %r -> %s (%s)", button, caption, chosen, action, how)
    if action is None:
        port.message(HELP_NO_ACTION, TITLE)
        return ButtonResult("", False, HELP_NO_ACTION)
    return run_button(action, port, **options)


def main() -> None:
    """What every button of register.xlsm runs (quickstart `SampleCall` → register.main())."""
    from erasmus_xl.excel.excel_live import LiveWorkbook

    port = LiveWorkbook.caller()
    try:
        button, caption = port.clicked_button()
    except Exception:
        button, caption = None, None
    dispatch(port, button, caption)


def run_action(action: str) -> None:
    """Entry point for @xw.sub macros (one per button) in xlwings_glue."""
    from erasmus_xl.excel.excel_live import LiveWorkbook

    run_button(action, LiveWorkbook.caller())


__all__ = [
    "ACTIONS", "ACTION_KEYS", "Action", "ButtonResult", "BUTTONS", "MORE_BUTTONS", "run_button", "run_on_file", "validate",
    "refresh_indicators", "annual_report", "action_plan", "ka1_annex", "budget", "finance", "versions", "version_info",
    "addin_status", "choose_action", "dispatch", "main", "run_action", "marked_cells", "chosen_year",
    "setting_value", "free_path", "MissingFeature", "ButtonProblem", "ACTIONS_SHEET", "YEAR_LABEL", "ACTION_LABEL",
    "BUILT_WITH_LABEL", "ANNEX_LABEL", "RUN_BUTTON", "annex_selection",
]
