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
from enum import Enum
from pathlib import Path
from typing import Callable, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .annotate import annotated_path, write_annotated_copy
from .errors import RegisterError
from .findings import Finding, count_by_severity
from .reader import read_register
from .validation import validate

app = typer.Typer(
    help="Erasmus+ reģistra darbgrāmatas: pārbaude, rādītāji, pārskati. / Erasmus+ register workbooks.",
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

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
    """A RegisterError becomes its message and exit 2; anything else one sentence and exit 3."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except RegisterError as problem:
            err.print(f"[bold red]Kļūda:[/] {problem.message}\n[dim]{problem.message_en}[/]")
            raise typer.Exit(EXIT_FILE) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as problem:  # the promise: never a traceback for a user
            if os.environ.get("ERASMUS_XL_DEBUG"):
                raise
            err.print(f"[bold red]Neparedzēta kļūda[/] ({type(problem).__name__}: {problem}). "
                      "Lūdzu, ziņojiet par to, pievienojot failu bez personas datiem. / Unexpected error; please report it.")
            raise typer.Exit(EXIT_UNEXPECTED) from None
    return wrapper


def _parse_day(value: Optional[str], option: str) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        err.print(f"[bold red]Kļūda:[/] {option} gaida datumu formā GGGG-MM-DD, nevis “{value}”. "
                  f"/ {option} expects YYYY-MM-DD.")
        raise typer.Exit(EXIT_FILE) from None


def version_callback(value: bool) -> None:
    if value:
        out.print(f"erasmus_xl {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True,
                                      help="Parādīt versiju. / Show the version.")) -> None:
    """Erasmus+ reģistrs: pārbaude, rādītāji un pārskati Excel darbgrāmatām."""


@app.command("new")
@handles_errors
def new_command(path: Path = typer.Argument(..., help="Jaunās darbgrāmatas ceļš (.xlsx). / Path of the new workbook."),
                force: bool = typer.Option(False, "--force", help="Aizstāt esošu failu. / Replace an existing file.")) -> None:
    """Izveidot jaunu, tukšu reģistra darbgrāmatu. / Write a new, empty register workbook."""
    from .register_template import write_register

    written = write_register(path, force=force)
    out.print(f"[green]Izveidota reģistra darbgrāmata:[/] {written}")


@app.command("validate")
@handles_errors
def validate_command(
    file: Path = typer.Argument(..., help="Reģistra darbgrāmata (.xlsx/.xlsm). / The register workbook."),
    output_format: ValidateFormat = typer.Option(ValidateFormat.table, "--format", help="table vai json."),
    annotate: bool = typer.Option(False, "--annotate", help="Uzrakstīt kopiju ar iekrāsotām šūnām (NOSAUKUMS-parbaude.xlsx). / Write an annotated copy."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Anotētās kopijas ceļš. / Path of the annotated copy."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošu anotēto kopiju. / Replace an existing annotated copy."),
    today: Optional[str] = typer.Option(None, "--today", help="Šodienas datums pārbaudēm (GGGG-MM-DD). / Date treated as today."),
    lang: Lang = typer.Option(Lang.lv, "--lang", help="Ziņojumu valoda. / Message language."),
) -> None:
    """Pārbaudīt reģistru un parādīt, kas jālabo. / Check a register and show what to fix.

    Izejas kods / exit code: 0 nav kļūdu, 1 ir kļūdas, 2 failu nevar nolasīt.
    """
    register = read_register(file)
    day = _parse_day(today, "--today")
    findings = validate(register, today=day)
    errors, warnings = count_by_severity(findings)
    annotated = None
    if annotate:
        annotated = write_annotated_copy(file, findings, output or annotated_path(file), force=force,
                                         extra_sheets=_indicator_sheet(register, findings, day))
    if output_format is ValidateFormat.json:
        payload = {"file": str(file), "errors": errors, "warnings": warnings,
                   "findings": [f.to_dict() for f in findings]}
        if annotated:
            payload["annotated_copy"] = str(annotated)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        print_findings(file, findings, lang=lang.value)
        if annotated:
            out.print(f"Anotētā kopija / annotated copy: [bold]{annotated}[/]")
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


def _indicator_sheet(register, findings: list[Finding], as_of: Optional[dt.date]):
    """The annotated copy also gets the Rādītāji dashboard, computed from the rows without errors."""
    from .dashboard import add_indicator_sheet
    from .indicators import compute_indicators

    report = compute_indicators(register, as_of=as_of, findings=findings)
    return lambda workbook: add_indicator_sheet(workbook, report)


@app.command("indicators")
@handles_errors
def indicators_command(
    file: Path = typer.Argument(..., help="Reģistra darbgrāmata. / The register workbook."),
    year: Optional[int] = typer.Option(None, "--year", help="Viens gads (akadēmiskajā režīmā — sākuma gads). / One year."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Stāvoklis uz datumu GGGG-MM-DD (noklusēti šodien). / As of this date."),
    academic: bool = typer.Option(False, "--academic", help="Mācību gadi (1. septembris – 31. augusts). / Academic years."),
    output_format: IndicatorFormat = typer.Option(IndicatorFormat.table, "--format", help="table, json, csv vai xlsx."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Rezultāta fails. / Output file."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošu failu. / Replace an existing file."),
) -> None:
    """Rādītāji pret stratēģijas mērķiem 2024–2028. / Indicators against the 2024–2028 targets."""
    from .console_views import indicators_csv, report_view
    from .dashboard import write_dashboard
    from .indicators import compute_indicators
    from .outputs import atomic_output

    register = read_register(file)
    report = compute_indicators(register, year=year, as_of=_parse_day(as_of, "--as-of"),
                                basis="academic" if academic else "calendar")
    if output_format is IndicatorFormat.xlsx:
        written = write_dashboard(output or file.with_name(f"{file.stem}-raditaji.xlsx"), report, force=force)
        out.print(f"[green]Rādītāju darbgrāmata / dashboard:[/] {written}")
        return
    text = {IndicatorFormat.json: lambda: json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n",
            IndicatorFormat.csv: lambda: indicators_csv(report)}.get(output_format)
    if text is None:
        out.print(report_view(report))
    elif output:
        with atomic_output(output, force=force, inputs=(file,)) as temp:
            temp.write_text(text(), encoding="utf-8-sig" if output_format is IndicatorFormat.csv else "utf-8")
        out.print(f"[green]Ierakstīts / written:[/] {output}")
    else:
        sys.stdout.write(text())


def print_findings(file: Path, findings: list[Finding], *, lang: str = "lv") -> None:
    errors, warnings = count_by_severity(findings)
    colour = "red" if errors else ("yellow" if warnings else "green")
    out.print(f"[bold]{file.name}[/]: [{colour}]kļūdas: {errors}, brīdinājumi: {warnings}[/] "
              f"[dim](errors: {errors}, warnings: {warnings})[/]")
    if not findings:
        out.print("[green]Viss kārtībā — kļūdu nav.[/] [dim]All good.[/]")
        return
    table = Table(show_lines=False, header_style="bold")
    table.add_column("Lapa / Sheet")
    table.add_column("Šūna / Cell")
    table.add_column("", width=2)
    table.add_column("Kas jālabo / What to fix", overflow="fold")
    for finding in findings[:MAX_TABLE_ROWS]:
        mark = "[red]✖[/]" if finding.severity == "error" else "[yellow]![/]"
        table.add_row(finding.sheet, finding.cell, mark, finding.message if lang == "lv" else finding.message_en)
    out.print(table)
    if len(findings) > MAX_TABLE_ROWS:
        out.print(f"… un vēl {len(findings) - MAX_TABLE_ROWS} (visus rāda --format json vai --annotate). "
                  f"[dim]… and {len(findings) - MAX_TABLE_ROWS} more.[/]")


@app.command("demo")
@handles_errors
def demo_command(outdir: Path = typer.Argument(Path("demo"), help="Mape demonstrācijas failiem. / Output folder."),
                 force: bool = typer.Option(False, "--force", help="Aizstāt esošos failus. / Replace existing files.")) -> None:
    """Uzrakstīt demonstrācijas reģistru un izpildīt galveno darbu ar to. / Run the main job on the demo data."""
    from .demo import write_demo

    clean, mistakes = write_demo(outdir, force=force)
    out.print(f"[bold]Demonstrācijas reģistri / demo registers:[/] {clean}, {mistakes}")
    from .console_views import indicator_table

    for path in (clean, mistakes):
        register = read_register(path)
        findings = validate(register)
        print_findings(path, findings)
        copy = write_annotated_copy(path, findings, force=force, extra_sheets=_indicator_sheet(register, findings, None))
        out.print(f"Anotētā kopija ar rādītājiem / annotated copy with indicators: [bold]{copy}[/]\n")
    from .indicators import compute_indicators

    out.print(indicator_table(compute_indicators(read_register(clean))))


@app.command("export-bm")
@handles_errors
def export_bm_command(
    file: Path = typer.Argument(..., help="Reģistra darbgrāmata. / The register workbook."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Rezultāta fails (.xlsx vai .csv). / Output file."),
    project: Optional[str] = typer.Option(None, "--project", help="Tikai šī projekta mobilitātes. / Only this project."),
    mapping: Optional[Path] = typer.Option(None, "--mapping", help="Savs kolonnu virsrakstu fails (JSON). / Your own header mapping."),
    anonymise: bool = typer.Option(False, "--anonymise", help="Iniciāļi vārdu vietā. / Initials instead of names."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošu failu. / Replace an existing file."),
) -> None:
    """Notikušās mobilitātes Beneficiary Module importam. / Completed mobilities for the Beneficiary Module."""
    from .beneficiary_export import write_beneficiary_export

    register = read_register(file)
    target = output or file.with_name(f"{file.stem}-bm.xlsx")
    written, count = write_beneficiary_export(register, target, project=project, mapping_path=mapping,
                                              anonymise=anonymise, force=force)
    out.print(f"[green]Eksportētas {count} mobilitātes[/] → {written}\n"
              "[dim]Kolonnu virsraksti nav apstiprināti: salīdziniet tos ar sava projekta Beneficiary Module "
              "eksporta veidni (README: “Beneficiary Module”).[/]")


def main() -> None:
    app()
