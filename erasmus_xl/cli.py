"""The `erasmus-xl` command: a thin layer over the library API (as sqlite-utils' cli.py over db.py).

Exit codes: 0 done (no errors), 1 the register has errors, 2 a file could not be read or written,
3 an unexpected failure (reported in one sentence; ERASMUS_XL_DEBUG=1 shows the traceback).
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

import erasmus_xl
from erasmus_xl import __version__
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.wording import data_node, text_pair
from erasmus_xl.resources import load_data

if TYPE_CHECKING:
    from erasmus_xl.workbook import Workbook



def _help_texts() -> dict[str, str]:
    """Each option's help, “Latvian / English”, from data/cli_help.json (typer reads them at import);
    `{date}` is the date-format hint."""
    texts = {key: f"{entry['lv']} / {entry['en']}" for key, entry in load_data("cli_help").items()
             if key != "_about"}
    return {key: text.format(date=texts["date"]) for key, text in texts.items()}


HELP = _help_texts()

app = typer.Typer(
    help=HELP["app"],
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    rich_markup_mode=None,   # plain click help: typer.rich_utils (rich.markdown, pygments) doubles start-up
)


class _LazyConsole:
    """A rich Console made on first print: importing rich.console costs more than `--help` may."""

    def __init__(self, **options: object) -> None:
        self._options = options
        self._console = None

    def real(self):
        """The rich Console itself (for rich objects that take one, e.g. Progress)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.real(), name)


out = _LazyConsole(highlight=False)
err = _LazyConsole(stderr=True, highlight=False)

EXIT_OK, EXIT_FINDINGS, EXIT_FILE, EXIT_UNEXPECTED = 0, 1, 2, 3
MAX_TABLE_ROWS = 200


class Lang(str, Enum):
    lv = "lv"
    en = "en"


class ValidateFormat(str, Enum):
    table = "table"
    json = "json"


class IndicatorFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def handles_errors(command: Callable) -> Callable:
    """A RegisterError or a file the OS refuses becomes its message and exit 2; anything else one
    sentence and exit 3."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except RegisterError as problem:
            print_error(problem.message, problem.message_en)
            raise typer.Exit(EXIT_FILE) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except OSError as problem:   # a file or folder the OS refuses: the user can act on it
            if os.environ.get("ERASMUS_XL_DEBUG"):
                raise
            named = RegisterError("file_access", problem.filename or "?", detail=problem.strerror or type(problem).__name__)
            print_error(named.message, named.message_en)
            raise typer.Exit(EXIT_FILE) from None
        except Exception as problem:  # the promise: never a traceback for a user
            if os.environ.get("ERASMUS_XL_DEBUG"):
                raise
            lv, en = cli_text("unexpected")
            err.print(f"[bold red]{cli_word('unexpected_error')}[/] ({type(problem).__name__}: {problem}). {lv} / {en}")
            raise typer.Exit(EXIT_UNEXPECTED) from None
    return wrapper


def cli_text(key: str, **params: object) -> tuple[str, str]:
    """A message of the command itself (messages.json, "cli"), in Latvian and English."""
    return text_pair(f"cli.{key}", "messages", **params)


def cli_label(key: str) -> str:
    """A label the commands print before a file name or as a column, “Latvian / English” (messages.json,
    cli.labels)."""
    return " / ".join(text_pair(f"cli.labels.{key}", "messages"))


def cli_word(key: str, lang: str = "lv") -> str:
    """One language of a label (messages.json, cli.labels), where the command prints only that one."""
    return data_node(f"cli.labels.{key}", "messages")[lang]


def print_error(lv: str, en: str) -> None:
    """A problem the user can act on: “Kļūda:” and the Latvian message, the English one dimmed below."""
    from rich.markup import escape  # a file name may hold “[b]”, which is no style

    err.print(f"[bold red]{cli_word('error')}:[/] {escape(lv)}\n[dim]{escape(en)}[/]")


def fail(key: str, **params: object) -> NoReturn:
    """A usage problem: its bilingual message (Latvian first) and exit 2."""
    print_error(*cli_text(key, **params))
    raise typer.Exit(EXIT_FILE)


def _parse_day(value: str | None, option: str) -> dt.date | None:
    """A date as the register accepts it: 05.03.2025., 2025-03-05, 5/3/2025, 2025. gada 5. marts."""
    if value is None:
        return None
    from erasmus_xl.io.cells import CellProblem, parse_date

    try:
        return parse_date(value)
    except CellProblem:
        fail("bad_date", option=option, value=value)


def _check_year(register, year: int, any_year: bool) -> None:
    """Refuse a year outside the strategy period (the register's Mērķi sheet, else the strategy):
    a report of such a year would be all zeros against no targets."""
    from erasmus_xl.domain.indicators import strategy_years

    _refuse_year(year, *strategy_years(register), any_year=any_year)


def _refuse_year(year: int, years: list[int], source: str, *, any_year: bool) -> None:
    """Exit 2 with a message unless `year` lies within `years` (from the Mērķi sheet or the strategy)."""
    if any_year or min(years) <= year <= max(years):
        return
    from erasmus_xl.resources import load_data

    words = load_data("messages")["cli"]["years_source"][source]
    fail("year_outside", year=year, first=min(years), last=max(years), source=words["lv"], source_en=words["en"])


def _output_format(output: Path | None, chosen: str | None, allowed: dict[str, str], default: str) -> str:
    """The format to write: --format when given, else the -o file's extension. An extension the
    command cannot write, or one that contradicts --format, is refused (exit 2)."""
    if output is None:
        return chosen or default
    suffix = output.suffix.lower()
    if suffix not in allowed:
        fail("suffix_refused", file=output.name, suffix=suffix or "—", allowed=", ".join(allowed))
    if chosen is not None and allowed[suffix] != chosen:
        expected = " / ".join(s for s, f in allowed.items() if f == chosen) or "—"
        fail("format_mismatch", format=chosen, file=output.name, expected=expected)
    return allowed[suffix]


def _write_text(output: Path, text: str, *, force: bool, inputs: tuple[Path, ...], encoding: str = "utf-8") -> None:
    from erasmus_xl.io.outputs import atomic_output

    with atomic_output(output, force=force, inputs=inputs) as temp:
        temp.write_text(text, encoding=encoding)
    out.print(f"[green]{cli_label('written')}:[/] {output}")




def version_callback(value: bool) -> None:
    if value:
        out.print(f"erasmus_xl {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                      help=HELP["version"])) -> None:
    """Erasmus+ reģistrs: pārbaude, rādītāji un pārskati Excel darbgrāmatām."""


@app.command("new")
@handles_errors
def new_command(path: Path = typer.Argument(..., help=HELP["path"]),
                force: bool = typer.Option(False, "--force", help=HELP["force"])) -> None:
    """Izveidot jaunu, tukšu reģistra darbgrāmatu. / Write a new, empty register workbook."""
    from erasmus_xl.render.register_template import write_register

    _output_format(path, None, {".xlsx": "xlsx"}, "xlsx")
    written = write_register(path, force=force)
    out.print(f"[green]{cli_word('register_created')}:[/] {written}")


@app.command("validate")
@handles_errors
def validate_command(
    file: Path = typer.Argument(..., help=HELP["file"]),
    output_format: ValidateFormat = typer.Option(ValidateFormat.table, "--format", help="table vai json."),
    annotate: bool = typer.Option(False, "--annotate", help=HELP["annotate"]),
    output: Path | None = typer.Option(None, "-o", "--output", help=HELP["output"]),
    force: bool = typer.Option(False, "--force", help=HELP["validate_force"]),
    today: str | None = typer.Option(None, "--today", help=HELP["today"]),
    lang: Lang = typer.Option(Lang.lv, "--lang", help=HELP["lang"]),
) -> None:
    """Pārbaudīt reģistru un parādīt, kas jālabo. / Check a register and show what to fix.

    Izejas kods / exit code: 0 nav kļūdu, 1 ir kļūdas, 2 failu nevar nolasīt.
    """
    day = _parse_day(today, "--today")
    if output is not None:
        _output_format(output, None, {".xlsx": "xlsx", ".xlsm": "xlsx"}, "xlsx")
        annotate = True
    book = erasmus_xl.open(file, today=day)
    report = book.report
    findings = report.findings
    errors = report.errors
    annotated = None
    if annotate:
        from erasmus_xl.render.annotate import annotated_path, write_annotated_copy  # openpyxl: only to annotate

        annotated = write_annotated_copy(book, output or annotated_path(file), force=force,
                                         extra_sheets=_indicator_sheet(book))
    if output_format is ValidateFormat.json:
        sys.stdout.writelines(report.json_chunks(**({"annotated_copy": str(annotated)} if annotated else {})))
    else:
        from erasmus_xl.render.console_views import print_findings

        print_findings(out.real(), file.name, findings, lang=lang.value, limit=MAX_TABLE_ROWS)
        print_as_of(day)
        if annotated:
            out.print(f"{cli_label('annotated_copy')}: [bold]{annotated}[/]")
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


def _indicator_sheet(book: Workbook):
    """The annotated copy also gets the Rādītāji dashboard, computed from the rows without errors."""
    from erasmus_xl.render.dashboard import add_indicator_sheet

    report = book.indicators()
    return lambda workbook: add_indicator_sheet(workbook, report)


@app.command("indicators")
@handles_errors
def indicators_command(
    file: Path = typer.Argument(..., help=HELP["register"]),
    year: int | None = typer.Option(None, "--year", help=HELP["year"]),
    as_of: str | None = typer.Option(None, "--as-of", help=HELP["as_of_default_today"]),
    academic: bool = typer.Option(False, "--academic", help=HELP["academic"]),
    output_format: IndicatorFormat | None = typer.Option(None, "--format", help=HELP["output_format"]),
    output: Path | None = typer.Option(None, "-o", "--output", help=HELP["indicators_output"]),
    anonymise: bool = typer.Option(False, "--anonymise", help=HELP["anonymise"]),
    any_year: bool = typer.Option(False, "--any-year", help=HELP["any_year"]),
    force: bool = typer.Option(False, "--force", help=HELP["force"]),
) -> None:
    """Rādītāji pret stratēģijas mērķiem 2024–2028. / Indicators against the 2024–2028 targets.

    Skaitļi nevienu nenosauc; vārds var būt tikai neieskaitīto rindu sarakstā (--anonymise: iniciāļi).
    / The numbers name no one; only the list of rows left out may quote a name (--anonymise: initials).
    """
    from erasmus_xl.render.console_views import indicators_csv, report_view
    from erasmus_xl.render.dashboard import write_dashboard

    output_format = IndicatorFormat(_output_format(output, output_format.value if output_format else None,
                                                   {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}, "table"))
    day = _parse_day(as_of, "--as-of")
    book = erasmus_xl.open(file, today=day)
    if year is not None:
        _check_year(book.register, year, any_year)
    report = book.indicators(year=year, basis="academic" if academic else "calendar")
    if anonymise:
        from erasmus_xl.render.reports import anonymise_report

        anonymise_report(report)
    if output_format is IndicatorFormat.xlsx:
        written = write_dashboard(output or file.with_name(f"{file.stem}-raditaji.xlsx"), report, force=force)
        out.print(f"[green]{cli_label('dashboard')}:[/] {written}")
        return
    text = {IndicatorFormat.json: lambda: json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n",
            IndicatorFormat.csv: lambda: indicators_csv(report)}.get(output_format)
    if text is None:
        out.print(report_view(report))
    elif output:
        _write_text(output, text(), force=force, inputs=(file,),
                    encoding="utf-8-sig" if output_format is IndicatorFormat.csv else "utf-8")
    else:
        sys.stdout.write(text())


def print_as_of(day: dt.date | None) -> None:
    """Date-dependent checks (a finished trip still "confirmed") depend on the day: say which."""
    used = day or dt.date.today()
    how = cli_text("as_of_given" if day else "as_of_today")
    lv, en = cli_text("checked_as_of", date=f"{used:%d.%m.%Y}.", date_en=used.isoformat(), how=how[0], how_en=how[1])
    out.print(f"[dim]{lv} / {en}[/]")


@app.command("demo")
@handles_errors
def demo_command(outdir: Path = typer.Argument(Path("demo"), help=HELP["outdir"]),
                 force: bool = typer.Option(False, "--force", help=HELP["demo_force"])) -> None:
    """Uzrakstīt demonstrācijas reģistru un izpildīt galveno darbu ar to. / Run the main job on the demo data."""
    from erasmus_xl.demo import DEMO_TODAY, write_demo
    from erasmus_xl.render.annotate import write_annotated_copy

    clean, mistakes = write_demo(outdir, force=force)
    out.print(f"[bold]{cli_label('demo_registers')}:[/] {clean}, {mistakes}")
    from erasmus_xl.render.console_views import indicator_table, print_findings

    lv, en = cli_text("demo_as_of", date=f"{DEMO_TODAY:%d.%m.%Y}.", date_en=DEMO_TODAY.isoformat(), file=clean)
    out.print(f"[yellow]![/] {lv}\n  [dim]{en}[/]")
    books = {path: erasmus_xl.open(path, today=DEMO_TODAY) for path in (clean, mistakes)}   # each read once
    for path, book in books.items():
        findings = book.report.findings
        print_findings(out.real(), path.name, findings, limit=MAX_TABLE_ROWS)
        copy = write_annotated_copy(book, force=force, extra_sheets=_indicator_sheet(book))
        out.print(f"{cli_label('annotated_with_indicators')}: [bold]{copy}[/]\n")
    from erasmus_xl.render.reports import write_action_plan, write_annual_report

    book = books[clean]
    out.print(indicator_table(book.indicators(year=DEMO_TODAY.year)))
    report = write_annual_report(book, year=DEMO_TODAY.year - 1, force=force)
    notes: list = []
    plan = write_action_plan(book, year=DEMO_TODAY.year + 1, force=force, notes=notes)
    out.print(f"[green]{cli_label('report')}:[/] {report}\n[green]{cli_label('action_plan')}:[/] {plan}")
    print_staff_notes(notes)


def print_staff_notes(notes: list) -> None:
    """What staff should do next (StaffNote), printed after the document, never inside it."""
    for note in notes:
        out.print(f"[yellow]![/] {note.message}\n  [dim]{note.message_en}[/]")


@app.command("export-bm")
@handles_errors
def export_bm_command(
    file: Path = typer.Argument(..., help=HELP["register"]),
    output: Path | None = typer.Option(None, "-o", "--output", help=HELP["export_bm_output"]),
    project: str | None = typer.Option(None, "--project", help=HELP["project"]),
    mapping: Path | None = typer.Option(None, "--mapping", help=HELP["mapping"]),
    anonymise: bool = typer.Option(False, "--anonymise", help=HELP["anonymise"]),
    force: bool = typer.Option(False, "--force", help=HELP["force"]),
) -> None:
    """Notikušās mobilitātes Beneficiary Module importam. / Completed mobilities for the Beneficiary Module."""
    from erasmus_xl.render.beneficiary_export import write_beneficiary_export

    if output is not None:
        _output_format(output, None, {".xlsx": "xlsx", ".csv": "csv"}, "xlsx")
    book = erasmus_xl.open(file)
    target = output or file.with_name(f"{file.stem}-bm.xlsx")
    written, count = write_beneficiary_export(book, target, project=project, mapping_path=mapping,
                                              anonymise=anonymise, force=force)
    out.print(f"[green]{cli_text('bm_exported', count=count)[0]}[/] → {written}\n"
              f"[dim]{cli_text('bm_headers_unconfirmed')[0]}[/]")


@app.command("summary")
@handles_errors
def summary_command(
    folder: Path = typer.Argument(..., help=HELP["folder"]),
    year: int = typer.Option(..., "--year", help=HELP["summary_year"]),
    outdir: Path | None = typer.Option(None, "-o", "--outdir", help=HELP["summary_outdir"]),
    as_of: str | None = typer.Option(None, "--as-of", help=HELP["as_of"]),
    lang: Lang = typer.Option(Lang.lv, "--lang", help=HELP["summary_lang"]),
    workers: int | None = typer.Option(None, "--workers", help=HELP["workers"]),
    any_year: bool = typer.Option(False, "--any-year", help=HELP["any_year"]),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=HELP["quiet"]),
    anonymise: bool = typer.Option(False, "--anonymise", help=HELP["anonymise"]),
    force: bool = typer.Option(False, "--force", help=HELP["summary_force"]),
) -> None:
    """Gada kopsavilkums no daudzām darbgrāmatām. / Annual summary across many workbooks.

    Izejas kods / exit code: 0 visi faili nolasīti, 1 daži izlaisti, 2 nav ko apkopot.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from erasmus_xl.render.summary import summarise_folder
    from erasmus_xl.resources import load_data

    day = _parse_day(as_of, "--as-of")
    _refuse_year(year, load_data("targets")["years"], "strategy", any_year=any_year)   # many registers: the strategy's
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err.real(), disable=quiet, transient=True) as progress:
        task = progress.add_task(cli_label("reading_workbooks"), total=None)

        def on_file(done: int, total: int, result) -> None:
            progress.update(task, completed=done, total=total, description=f"{result.source[-40:]}")

        result = summarise_folder(folder, year=year, outdir=outdir, as_of=day,
                                  force=force, workers=workers, lang=lang.value, on_file=on_file,
                                  anonymise=anonymise)
    read, skipped = result.batch.read, result.skipped
    for bad in skipped:
        err.print(f"[yellow]{cli_label('skipped')}:[/] {bad.source}: {bad.reason}")
    if not quiet:
        out.print(" / ".join(cli_text("summary_read", read=len(read), skipped=len(skipped))))
        for kind, path in result.outputs.items():
            out.print(f"  {kind}: {path}")
    if not read:
        fail("summary_nothing", folder=folder)
    raise typer.Exit(EXIT_FINDINGS if skipped else EXIT_OK)


class MoneyFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def _money_workbook(path: Path, book: Workbook, *, budget=None, finance=None, force: bool = False) -> Path:
    """A new workbook with the Budžets and/or Finanses sheets."""
    import openpyxl

    from erasmus_xl.io.outputs import atomic_output
    from erasmus_xl.render.money_sheets import write_budget_sheet, write_finance_sheet

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    if budget is not None:
        write_budget_sheet(workbook, budget)
    if finance is not None:
        write_finance_sheet(workbook.create_sheet("Finanses"), finance)
    with atomic_output(path, force=force, inputs=(book.path,)) as temp:
        workbook.save(temp)
    return path


def _money_format(output: Path | None, chosen: MoneyFormat | None) -> MoneyFormat:
    return MoneyFormat(_output_format(output, chosen.value if chosen else None, {".json": "json", ".xlsx": "xlsx"}, "table"))


def _json_out(payload: dict, output: Path | None, *, force: bool, inputs: tuple[Path, ...]) -> None:
    """JSON to the -o file when one is given, else to standard output."""
    text = json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        _write_text(output, text, force=force, inputs=inputs)


@app.command("budget")
@handles_errors
def budget_command(
    file: Path = typer.Argument(..., help=HELP["register"]),
    project: str | None = typer.Option(None, "--project", help=HELP["budget_project"]),
    call_year: int | None = typer.Option(None, "--call-year", help=HELP["call_year"]),
    output_format: MoneyFormat | None = typer.Option(None, "--format", help=HELP["budget_output_format"]),
    output: Path | None = typer.Option(None, "-o", "--output", help=HELP["budget_output"]),
    force: bool = typer.Option(False, "--force", help=HELP["force"]),
) -> None:
    """Budžets pēc Erasmus+ vienības izmaksām. / Unit-cost budget per mobility and project."""
    from erasmus_xl.render.console_views import print_budget

    output_format = _money_format(output, output_format)
    book = erasmus_xl.open(file)
    result = book.budget(call_year=call_year, project=project)
    if output_format is MoneyFormat.json:
        _json_out(result.to_dict(), output, force=force, inputs=(file,))
        return
    if output_format is MoneyFormat.xlsx:
        written = _money_workbook(output or file.with_name(f"{file.stem}-budzets.xlsx"), book, budget=result, force=force)
        out.print(f"[green]{cli_label('budget')}:[/] {written}")
        return
    print_budget(out.real(), result, limit=MAX_TABLE_ROWS)


@app.command("finance")
@handles_errors
def finance_command(
    file: Path = typer.Argument(..., help=HELP["register"]),
    output_format: MoneyFormat | None = typer.Option(None, "--format", help=HELP["budget_output_format"]),
    output: Path | None = typer.Option(None, "-o", "--output", help=HELP["budget_output"]),
    force: bool = typer.Option(False, "--force", help=HELP["force"]),
) -> None:
    """Grāmatveža skats: piešķirts, iegrāmatots, atlikums. / Granted vs booked vs remaining."""
    from erasmus_xl.render.console_views import print_finance

    output_format = _money_format(output, output_format)
    book = erasmus_xl.open(file)
    view = book.finance()
    if output_format is MoneyFormat.json:
        _json_out(view.to_dict(), output, force=force, inputs=(file,))
        return
    if output_format is MoneyFormat.xlsx:
        written = _money_workbook(output or file.with_name(f"{file.stem}-finanses.xlsx"), book,
                                  budget=view.budget, finance=view, force=force)
        out.print(f"[green]{cli_label('finance')}:[/] {written}")
        return
    print_finance(out.real(), view)


@app.command("distance")
@handles_errors
def distance_command(
    origin: str = typer.Argument(..., help=HELP["origin"]),
    destination: str = typer.Argument(..., help=HELP["destination"]),
    country: str | None = typer.Option(None, "--country", help=HELP["country"]),
    origin_country: str | None = typer.Option(None, "--from-country", help=HELP["origin_country"]),
) -> None:
    """Attālums vienā virzienā un Erasmus+ attāluma josla. / One-way distance and distance band.

    Parāda, kuras vietas izmantotas (nosaukums, valsts, koordinātas). / Shows which places were used.
    """
    from erasmus_xl.domain.distance import haversine_km, namesakes, resolve_route, travel_band
    from erasmus_xl.render.route_view import print_route

    # an unknown city: PlaceNotFound, a RegisterError, so handles_errors prints it and exits 2
    start, end = resolve_route(origin, destination, from_country=origin_country, to_country=country)
    km = haversine_km(start.latitude, start.longitude, end.latitude, end.longitude)
    checks = [(typed, place, [] if given else namesakes(typed, place))
              for typed, place, given in ((origin, start, origin_country), (destination, end, country))]
    print_route(start, end, km, travel_band(km), checks)


DOCUMENT_SUFFIXES = {".docx": "docx", ".pdf": "pdf"}


def _document(write: Callable[[Path | None, bool], Path], output: Path | None, *, force: bool,
              inputs: tuple[Path, ...]) -> Path:
    """Write a Word document, or a PDF of it when -o ends in .pdf (through LibreOffice)."""
    if output is None or _output_format(output, None, DOCUMENT_SUFFIXES, "docx") == "docx":
        return write(output, force)
    from erasmus_xl.io.outputs import write_pdf

    return write_pdf(lambda docx: write(docx, True), output, force=force, inputs=inputs)


def _report_inputs(file: Path, year: int, any_year: bool, day: dt.date | None) -> Workbook:
    """The register read once (validated as of `day`), its year checked."""
    book = erasmus_xl.open(file, today=day)
    _check_year(book.register, year, any_year)
    return book


def print_left_out(book: Workbook, document: Path, file: Path) -> None:
    """Rows with errors are not counted: the document lists them, the console says how many and where."""
    from erasmus_xl.domain.indicators import rows_left_out

    left_out = rows_left_out(book.register, book.report.findings)
    count = sum(len(item.keys) for item in left_out.values())
    if count:
        sheets = ", ".join(f"“{item.sheet}”: {len(item.keys)}" for item in left_out.values())
        lv, en = cli_text("left_out", count=count, sheets=sheets, document=document.name, file=file)
        out.print(f"[yellow]![/] {lv}\n  [dim]{en}[/]")


@app.command("report")
@handles_errors
def report_command(
    file: Path = typer.Argument(..., help=HELP["register"]),
    year: int = typer.Option(..., "--year", help=HELP["report_year"]),
    lang: Lang = typer.Option(Lang.lv, "--lang", help=HELP["report_lang"]),
    template: Path | None = typer.Option(None, "--template", help=HELP["template"]),
    output: Path | None = typer.Option(None, "-o", "--output", help=HELP["document_output"]),
    as_of: str | None = typer.Option(None, "--as-of", help=HELP["as_of"]),
    academic: bool = typer.Option(False, "--academic", help=HELP["report_academic"]),
    anonymise: bool = typer.Option(False, "--anonymise", help=HELP["anonymise"]),
    any_year: bool = typer.Option(False, "--any-year", help=HELP["any_year"]),
    force: bool = typer.Option(False, "--force", help=HELP["force"]),
) -> None:
    """Stratēģijas īstenošanas pārskats Pedagoģiskajai padomei (.docx vai .pdf). / The annual progress report."""
    from erasmus_xl.render.reports import write_annual_report

    day = _parse_day(as_of, "--as-of")
    if output is not None:
        _output_format(output, None, DOCUMENT_SUFFIXES, "docx")
    book = _report_inputs(file, year, any_year, day)
    written = _document(
        lambda target, replace: write_annual_report(
            book, year=year, lang=lang.value, template=template, output=target, force=replace,
            basis="academic" if academic else "calendar", anonymise=anonymise),
        output, force=force, inputs=(file,))
    out.print(f"[green]{cli_label('report')}:[/] {written}")
    print_left_out(book, written, file)


@app.command("action-plan")
@handles_errors
def action_plan_command(
    file: Path = typer.Argument(..., help=HELP["register"]),
    year: int = typer.Option(..., "--year", help=HELP["action_plan_year"]),
    lang: Lang = typer.Option(Lang.lv, "--lang", help=HELP["report_lang"]),
    template: Path | None = typer.Option(None, "--template", help=HELP["template"]),
    output: Path | None = typer.Option(None, "-o", "--output", help=HELP["document_output"]),
    as_of: str | None = typer.Option(None, "--as-of", help=HELP["as_of"]),
    any_year: bool = typer.Option(False, "--any-year", help=HELP["any_year"]),
    force: bool = typer.Option(False, "--force", help=HELP["force"]),
) -> None:
    """Nākamā gada rīcības plāns (.docx vai .pdf). / The next year's action plan."""
    from erasmus_xl.render.reports import write_action_plan

    notes: list = []
    day = _parse_day(as_of, "--as-of")
    if output is not None:
        _output_format(output, None, DOCUMENT_SUFFIXES, "docx")
    book = _report_inputs(file, year, any_year, day)
    written = _document(
        lambda target, replace: write_action_plan(book, year=year, lang=lang.value, template=template,
                                                  output=target, force=replace, notes=notes),
        output, force=force, inputs=(file,))
    out.print(f"[green]{cli_label('action_plan')}:[/] {written}")
    print_staff_notes(notes)


templates_app = typer.Typer(help=HELP["templates"], no_args_is_help=True)
app.add_typer(templates_app, name="templates")


class TemplateKind(str, Enum):
    annual_report = "annual_report"
    action_plan = "action_plan"


@templates_app.command("check")
@handles_errors
def templates_check_command(
    path: Path = typer.Argument(..., help=HELP["check_path"]),
    kind: TemplateKind | None = typer.Option(None, "--kind", help=HELP["kind"]),
) -> None:
    """Kuri mainīgie veidnē nav datos un kuri tagi ir sadalīti. / Unknown variables and split tags.

    Izejas kods / exit code: 0 veidne lietojama, 1 ir kļūdas.
    """
    from erasmus_xl.render.console_views import SEVERITY_MARKS
    from erasmus_xl.render.reports import check_report_template

    check = check_report_template(path, kind.value if kind else None)
    if check.unknown:
        out.print(f"[red]{cli_label('variables_missing')}:[/] "
                  + ", ".join(check.unknown))
    for issue in check.issues:
        out.print(f"{SEVERITY_MARKS[issue.severity]} {issue.message}\n  [dim]{issue.message_en}[/]")
    if check.ok and not check.issues:
        out.print(f"[green]{cli_label('template_fine')}:[/] {path.name}")
    raise typer.Exit(EXIT_OK if check.ok else EXIT_FINDINGS)


class AnnexKind(str, Enum):
    ka1 = "ka1"
    erasmus_plan = "erasmus-plan"


@app.command("annex")
@handles_errors
def annex_command(
    file: Path = typer.Argument(..., help=HELP["register"]),
    project: str | None = typer.Option(None, "--project", help=HELP["annex_project"]),
    call_year: int | None = typer.Option(None, "--call-year", help=HELP["annex_call_year"]),
    kind: AnnexKind = typer.Option(AnnexKind.ka1, "--kind", help="ka1 (KA122/KA121 pielikums) vai erasmus-plan (KA120)."),
    lang: Lang = typer.Option(Lang.lv, "--lang", help=HELP["report_lang"]),
    output: Path | None = typer.Option(None, "-o", "--output", help=HELP["annex_output"]),
    no_xlsx: bool = typer.Option(False, "--no-xlsx", help=HELP["no_xlsx"]),
    anonymise: bool = typer.Option(False, "--anonymise", help=HELP["annex_anonymise"]),
    force: bool = typer.Option(False, "--force", help=HELP["annex_force"]),
) -> None:
    """Projekta pieteikuma pielikums vai Erasmus plāns. / Application annex or the KA120 Erasmus plan."""
    from erasmus_xl.render.annexes import write_erasmus_plan, write_ka1_annex

    notes: list = []
    if output is not None:
        _output_format(output, None, {".docx": "docx"}, "docx")
    book = erasmus_xl.open(file)
    if kind is AnnexKind.erasmus_plan:
        paths = [write_erasmus_plan(book, lang=lang.value, output=output, force=force)]
    else:
        paths = write_ka1_annex(book, project=project, call_year=call_year, lang=lang.value, output=output,
                                xlsx=not no_xlsx, force=force, anonymise=anonymise, notes=notes)
    for path in paths:
        out.print(f"[green]{cli_label('annex')}:[/] {path}")
    print_staff_notes(notes)


@app.command("europass")
@handles_errors
def europass_command(
    file: Path = typer.Argument(..., help=HELP["register"]),
    project: str = typer.Option(..., "--project", help=HELP["europass_project"]),
    outdir: Path | None = typer.Option(None, "--outdir", help=HELP["europass_outdir"]),
    include_confirmed: bool = typer.Option(False, "--include-confirmed", help=HELP["include_confirmed"]),
    anonymise: bool = typer.Option(False, "--anonymise", help=HELP["anonymise"]),
    lang: Lang = typer.Option(Lang.lv, "--lang", help=HELP["report_lang"]),
    force: bool = typer.Option(False, "--force", help=HELP["annex_force"]),
) -> None:
    """Aizpildīti Europass Mobility dokumenti katram dalībniekam. / A prefilled Europass Mobility per participant."""
    from erasmus_xl.render.europass import write_europass

    paths = write_europass(erasmus_xl.open(file), project=project, outdir=outdir, lang=lang.value, include_confirmed=include_confirmed,
                           anonymise=anonymise, force=force)
    written = " / ".join(cli_text("europass_written", count=len(paths)))
    out.print(f"[green]{written}[/] → {paths[0].parent if paths else outdir}")


@app.command("lite")
@handles_errors
def lite_command(
    folder: Path = typer.Argument(Path("erasmus-xl-lite"), help=HELP["lite_folder"]),
    force: bool = typer.Option(False, "--force", help=HELP["annex_force"]),
) -> None:
    """xlwings Lite redakcija: main.py un requirements.txt ielīmēšanai redaktorā. / Files for the xlwings Lite editor."""
    from erasmus_xl.excel.lite_setup import write_lite_files

    for path in write_lite_files(folder, force=force):
        out.print(f"[green]{cli_label('lite_written')}:[/] {path}")
    out.print(" / ".join(cli_text("lite_paste")))


def _usage_lv(detail: str) -> str:
    """click's English usage error with its known phrases in Latvian (messages.json, usage_words)."""
    from erasmus_xl.resources import load_data

    words = load_data("messages")["cli"]["usage_words"]
    for english in sorted((w for w in words if not w.startswith("_")), key=len, reverse=True):
        detail = detail.replace(english, words[english])
    return detail


def main() -> None:
    """The console entry point. Usage mistakes (a missing option, a wrong choice or number) are
    click's; they are told in Latvian first, then English, with exit 2 as before."""
    import importlib

    try:   # typer ≥ 0.20 carries its own copy of click
        click_errors = importlib.import_module("typer._click.exceptions")
    except ImportError:
        click_errors = importlib.import_module("click.exceptions")

    try:
        code = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError as problem:   # `erasmus-xl report` alone: its help
        out.print(problem.ctx.get_help() if problem.ctx else problem.format_message())
        code = EXIT_OK
    except click_errors.UsageError as problem:
        context = problem.ctx
        command = f"{context.info_name} " if context is not None and context.parent is not None else ""
        detail = problem.format_message().rstrip(".")
        lv, en = cli_text("usage", detail=detail, detail_lv=_usage_lv(detail), command=command)
        if context is not None:
            err.print(f"[dim]{context.get_usage()}[/]")
        print_error(lv, en)
        code = EXIT_FILE
    except (typer.Abort, KeyboardInterrupt):
        err.print(" / ".join(cli_text("aborted")))
        code = EXIT_FINDINGS
    sys.exit(code or EXIT_OK)
