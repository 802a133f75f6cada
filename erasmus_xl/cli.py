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

from erasmus_xl import __version__
from erasmus_xl.render.annotate import annotated_path, write_annotated_copy
from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.findings import Finding, count_by_severity
from erasmus_xl.io.reader import read_register
from erasmus_xl.domain.validation import validate

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
    from erasmus_xl.render.register_template import write_register

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
    from erasmus_xl.render.dashboard import add_indicator_sheet
    from erasmus_xl.domain.indicators import compute_indicators

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
    anonymise: bool = typer.Option(False, "--anonymise", help="Iniciāļi vārdu vietā. / Initials instead of names."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošu failu. / Replace an existing file."),
) -> None:
    """Rādītāji pret stratēģijas mērķiem 2024–2028. / Indicators against the 2024–2028 targets.

    Skaitļi nevienu nenosauc; vārds var būt tikai neieskaitīto rindu sarakstā (--anonymise: iniciāļi).
    / The numbers name no one; only the list of rows left out may quote a name (--anonymise: initials).
    """
    from erasmus_xl.render.console_views import indicators_csv, report_view
    from erasmus_xl.render.dashboard import write_dashboard
    from erasmus_xl.domain.indicators import compute_indicators
    from erasmus_xl.io.outputs import atomic_output

    register = read_register(file)
    report = compute_indicators(register, year=year, as_of=_parse_day(as_of, "--as-of"),
                                basis="academic" if academic else "calendar")
    if anonymise:
        from erasmus_xl.render.reports import anonymise_report

        anonymise_report(report)
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
    from erasmus_xl.demo import DEMO_TODAY, write_demo

    clean, mistakes = write_demo(outdir, force=force)
    out.print(f"[bold]Demonstrācijas reģistri / demo registers:[/] {clean}, {mistakes}")
    from erasmus_xl.render.console_views import indicator_table

    for path in (clean, mistakes):
        register = read_register(path)
        findings = validate(register, today=DEMO_TODAY)
        print_findings(path, findings)
        copy = write_annotated_copy(path, findings, force=force, extra_sheets=_indicator_sheet(register, findings, DEMO_TODAY))
        out.print(f"Anotētā kopija ar rādītājiem / annotated copy with indicators: [bold]{copy}[/]\n")
    from erasmus_xl.domain.indicators import compute_indicators
    from erasmus_xl.render.reports import write_action_plan, write_annual_report

    out.print(indicator_table(compute_indicators(read_register(clean), year=DEMO_TODAY.year, as_of=DEMO_TODAY)))
    report = write_annual_report(clean, year=DEMO_TODAY.year - 1, as_of=DEMO_TODAY, force=force)
    notes: list = []
    plan = write_action_plan(clean, year=DEMO_TODAY.year + 1, as_of=DEMO_TODAY, force=force, notes=notes)
    out.print(f"[green]Pārskats / report:[/] {report}\n[green]Rīcības plāns / action plan:[/] {plan}")
    print_staff_notes(notes)


def print_staff_notes(notes: list) -> None:
    """What staff should do next (StaffNote), printed after the document, never inside it."""
    for note in notes:
        out.print(f"[yellow]![/] {note.message}\n  [dim]{note.message_en}[/]")


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
    from erasmus_xl.render.beneficiary_export import write_beneficiary_export

    register = read_register(file)
    target = output or file.with_name(f"{file.stem}-bm.xlsx")
    written, count = write_beneficiary_export(register, target, project=project, mapping_path=mapping,
                                              anonymise=anonymise, force=force)
    out.print(f"[green]Eksportētas {count} mobilitātes[/] → {written}\n"
              "[dim]Kolonnu virsraksti nav apstiprināti: salīdziniet tos ar sava projekta Beneficiary Module "
              "eksporta veidni (README: “Beneficiary Module”).[/]")


@app.command("summary")
@handles_errors
def summary_command(
    folder: Path = typer.Argument(..., help="Mape ar reģistru darbgrāmatām (arī apakšmapēs). / Folder of registers."),
    year: int = typer.Option(..., "--year", help="Pārskata gads. / The year summarised."),
    outdir: Optional[Path] = typer.Option(None, "-o", "--outdir", help="Mape rezultātiem (noklusēti FOLDER/kopsavilkums-GADS). / Output folder."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Stāvoklis uz datumu GGGG-MM-DD. / As of this date."),
    lang: Lang = typer.Option(Lang.lv, "--lang", help="Pārskata valoda. / Report language."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Paralēlo procesu skaits. / Parallel processes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Bez progresa joslas (plānotājiem). / No progress (for schedulers)."),
    anonymise: bool = typer.Option(False, "--anonymise", help="Iniciāļi vārdu vietā. / Initials instead of names."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošus rezultātus. / Replace existing outputs."),
) -> None:
    """Gada kopsavilkums no daudzām darbgrāmatām. / Annual summary across many workbooks.

    Izejas kods / exit code: 0 visi faili nolasīti, 1 daži izlaisti, 2 nav ko apkopot.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from erasmus_xl.render.summary import summarise_folder

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=quiet, transient=True) as progress:
        task = progress.add_task("Lasa darbgrāmatas / reading workbooks", total=None)

        def on_file(done: int, total: int, result) -> None:
            progress.update(task, completed=done, total=total, description=f"{result.source[-40:]}")

        result = summarise_folder(folder, year=year, outdir=outdir, as_of=_parse_day(as_of, "--as-of"),
                                  force=force, workers=workers, lang=lang.value, on_file=on_file,
                                  anonymise=anonymise)
    read, skipped = result.batch.read, result.skipped
    for bad in skipped:
        err.print(f"[yellow]Izlaists / skipped:[/] {bad.source}: {bad.error['message']}")
    if not quiet:
        out.print(f"Nolasīti {len(read)} faili, izlaisti {len(skipped)}. / Read {len(read)}, skipped {len(skipped)}.")
        for kind, path in result.outputs.items():
            out.print(f"  {kind}: {path}")
    if not read:
        raise typer.Exit(EXIT_FILE)
    raise typer.Exit(EXIT_FINDINGS if skipped else EXIT_OK)


class MoneyFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def _money_workbook(path: Path, register, *, budget=None, finance=None, force: bool = False) -> Path:
    """A new workbook with the Budžets and/or Finanses sheets."""
    import openpyxl

    from erasmus_xl.domain.budget import write_budget_sheet
    from erasmus_xl.domain.finance import write_finance_sheet
    from erasmus_xl.io.outputs import atomic_output

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    if budget is not None:
        write_budget_sheet(workbook.create_sheet("Budžets"), budget)
    if finance is not None:
        write_finance_sheet(workbook.create_sheet("Finanses"), finance)
    with atomic_output(path, force=force, inputs=(register.path,)) as temp:
        workbook.save(temp)
    return path


@app.command("budget")
@handles_errors
def budget_command(
    file: Path = typer.Argument(..., help="Reģistra darbgrāmata. / The register workbook."),
    project: Optional[str] = typer.Option(None, "--project", help="Tikai šis projekts. / Only this project."),
    call_year: Optional[int] = typer.Option(None, "--call-year", help="Konkursa gads likmēm (noklusēti no projekta numura). / Call year of the rates."),
    output_format: MoneyFormat = typer.Option(MoneyFormat.table, "--format", help="table, json vai xlsx."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Rezultāta fails. / Output file."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošu failu. / Replace an existing file."),
) -> None:
    """Budžets pēc Erasmus+ vienības izmaksām. / Unit-cost budget per mobility and project."""
    from erasmus_xl.domain.budget import CATEGORIES, register_budget
    from erasmus_xl.render.formats import format_money
    from erasmus_xl.model.schema import enumerations

    register = read_register(file)
    result = register_budget(register, call_year=call_year, project=project)
    if output_format is MoneyFormat.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if output_format is MoneyFormat.xlsx:
        written = _money_workbook(output or file.with_name(f"{file.stem}-budzets.xlsx"), register, budget=result, force=force)
        out.print(f"[green]Budžets / budget:[/] {written}")
        return
    labels = enumerations()["expense_category"]
    table = Table(title="Budžets pa projektiem / Budget by project", header_style="bold")
    table.add_column("Projekts / Project")
    for category in CATEGORIES:
        table.add_column(labels.label(category), justify="right")
    table.add_column("Kopā / Total", justify="right")
    table.add_column("")
    for number in result.project_numbers():
        totals = result.project_totals(number)
        mark = "" if totals["complete"] else "[red]nepilnīgs[/]"
        if totals["unconfirmed"]:
            mark += " [yellow]neapstiprinātas likmes[/]"
        table.add_row(number, *[format_money(totals["categories"][c]) for c in CATEGORIES], format_money(totals["total"]), mark)
    out.print(table)
    for warning in result.warnings[:MAX_TABLE_ROWS]:
        out.print(f"[yellow]![/] {warning.sheet} {warning.cell}: {warning.message}")
    if not result.complete:
        out.print("[red]Budžets nav pilnīgs:[/] dažas likmes trūkst (ievadiet tās lapā “Likmes”) — "
                  "sīkāk --format json vai xlsx. [dim]Incomplete: some rates are missing.[/]")


@app.command("finance")
@handles_errors
def finance_command(
    file: Path = typer.Argument(..., help="Reģistra darbgrāmata. / The register workbook."),
    output_format: MoneyFormat = typer.Option(MoneyFormat.table, "--format", help="table, json vai xlsx."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Rezultāta fails. / Output file."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošu failu. / Replace an existing file."),
) -> None:
    """Grāmatveža skats: piešķirts, iegrāmatots, atlikums. / Granted vs booked vs remaining."""
    from erasmus_xl.domain.finance import finance_view
    from erasmus_xl.render.formats import format_money

    register = read_register(file)
    view = finance_view(register)
    if output_format is MoneyFormat.json:
        sys.stdout.write(json.dumps(view.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if output_format is MoneyFormat.xlsx:
        written = _money_workbook(output or file.with_name(f"{file.stem}-finanses.xlsx"), register,
                                  budget=view.budget, finance=view, force=force)
        out.print(f"[green]Finanses / finance:[/] {written}")
        return
    table = Table(title="Piešķirts, iegrāmatots, atlikums / Granted, booked, remaining", header_style="bold")
    for title in ("Projekts / Project", "Piešķirts", "Iegrāmatots", "Atlikums", "Aprēķins / Estimate"):
        table.add_column(title, justify="left" if title.startswith("Projekts") else "right")
    for project in view.projects:
        style = "red" if project.remaining is not None and project.remaining < 0 else ""
        table.add_row(project.project_number, format_money(project.granted), format_money(project.booked),
                      format_money(project.remaining), format_money(project.estimate), style=style)
    out.print(table)
    for finding in view.findings:
        colour = "red" if finding.severity == "error" else "yellow"
        out.print(f"[{colour}]{'✖' if finding.severity == 'error' else '!'}[/] {finding.sheet} {finding.cell}: {finding.message}")


@app.command("distance")
@handles_errors
def distance_command(
    origin: str = typer.Argument(..., help="No kurienes (pilsēta). / From (city)."),
    destination: str = typer.Argument(..., help="Uz kurieni (pilsēta). / To (city)."),
    country: Optional[str] = typer.Option(None, "--country", help="Galamērķa valsts (LT, Lietuva). / Destination country."),
    origin_country: Optional[str] = typer.Option(None, "--from-country", help="Sākumpunkta valsts. / Origin country."),
) -> None:
    """Attālums vienā virzienā un Erasmus+ attāluma josla. / One-way distance and distance band."""
    from erasmus_xl.domain.distance import PlaceNotFound, distance_km, travel_band

    try:
        km = distance_km(origin, destination, from_country=origin_country, to_country=country)
    except PlaceNotFound as problem:
        err.print(f"[bold red]Kļūda:[/] {problem.message}\n[dim]{problem.message_en}[/]")
        raise typer.Exit(EXIT_FILE) from None
    band = travel_band(km)
    out.print(f"{origin} → {destination}: [bold]{km:,.0f} km[/] (vienā virzienā / one way) — josla / band: "
              f"[bold]{band.label('lv')}[/]".replace(",", "\u00a0"))


@app.command("report")
@handles_errors
def report_command(
    file: Path = typer.Argument(..., help="Reģistra darbgrāmata. / The register workbook."),
    year: int = typer.Option(..., "--year", help="Pārskata gads. / The year reported on."),
    lang: Lang = typer.Option(Lang.lv, "--lang", help="Valoda. / Language."),
    template: Optional[Path] = typer.Option(None, "--template", help="Sava Word veidne. / Your own Word template."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Rezultāta .docx. / Output .docx."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Stāvoklis uz datumu GGGG-MM-DD. / As of this date."),
    academic: bool = typer.Option(False, "--academic", help="Mācību gads, kas sākas šajā gadā. / The school year starting in YEAR."),
    anonymise: bool = typer.Option(False, "--anonymise", help="Iniciāļi vārdu vietā. / Initials instead of names."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošu failu. / Replace an existing file."),
) -> None:
    """Stratēģijas īstenošanas pārskats Pedagoģiskajai padomei (.docx). / The annual progress report."""
    from erasmus_xl.render.reports import write_annual_report

    written = write_annual_report(file, year=year, lang=lang.value, template=template, output=output, force=force,
                                  as_of=_parse_day(as_of, "--as-of"), basis="academic" if academic else "calendar",
                                  anonymise=anonymise)
    out.print(f"[green]Pārskats / report:[/] {written}")


@app.command("action-plan")
@handles_errors
def action_plan_command(
    file: Path = typer.Argument(..., help="Reģistra darbgrāmata. / The register workbook."),
    year: int = typer.Option(..., "--year", help="Gads, kuram plāns. / The year the plan is for."),
    lang: Lang = typer.Option(Lang.lv, "--lang", help="Valoda. / Language."),
    template: Optional[Path] = typer.Option(None, "--template", help="Sava Word veidne. / Your own Word template."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Rezultāta .docx. / Output .docx."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Stāvoklis uz datumu GGGG-MM-DD. / As of this date."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošu failu. / Replace an existing file."),
) -> None:
    """Nākamā gada rīcības plāns (.docx). / The next year's action plan."""
    from erasmus_xl.render.reports import write_action_plan

    notes: list = []
    written = write_action_plan(file, year=year, lang=lang.value, template=template, output=output, force=force,
                                as_of=_parse_day(as_of, "--as-of"), notes=notes)
    out.print(f"[green]Rīcības plāns / action plan:[/] {written}")
    print_staff_notes(notes)


templates_app = typer.Typer(help="Word veidņu pārbaude. / Word templates.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


class TemplateKind(str, Enum):
    annual_report = "annual_report"
    action_plan = "action_plan"


@templates_app.command("check")
@handles_errors
def templates_check_command(
    path: Path = typer.Argument(..., help="Word veidne (.docx). / The template."),
    kind: Optional[TemplateKind] = typer.Option(None, "--kind", help="Kāda dokumenta veidne (noklusēti pēc nosaukuma). / Which document."),
) -> None:
    """Kuri mainīgie veidnē nav datos un kuri tagi ir sadalīti. / Unknown variables and split tags.

    Izejas kods / exit code: 0 veidne lietojama, 1 ir kļūdas.
    """
    from erasmus_xl.render.reports import check_report_template

    check = check_report_template(path, kind.value if kind else None)
    if check.unknown:
        out.print("[red]Mainīgie, kurus dati nesniedz / variables the data does not provide:[/] "
                  + ", ".join(check.unknown))
    for issue in check.issues:
        colour = "red" if issue.severity == "error" else "yellow"
        out.print(f"[{colour}]{'✖' if issue.severity == 'error' else '!'}[/] {issue.message}\n  [dim]{issue.message_en}[/]")
    if check.ok and not check.issues:
        out.print(f"[green]Veidne ir kārtībā / the template is fine:[/] {path.name}")
    raise typer.Exit(EXIT_OK if check.ok else EXIT_FINDINGS)


class AnnexKind(str, Enum):
    ka1 = "ka1"
    erasmus_plan = "erasmus-plan"


@app.command("annex")
@handles_errors
def annex_command(
    file: Path = typer.Argument(..., help="Reģistra darbgrāmata. / The register workbook."),
    project: Optional[str] = typer.Option(None, "--project", help="Plānotā projekta numurs. / The planned project's number."),
    call_year: Optional[int] = typer.Option(None, "--call-year", help="Vai: visas šī konkursa gada plānotās mobilitātes. / Or: a call year."),
    kind: AnnexKind = typer.Option(AnnexKind.ka1, "--kind", help="ka1 (KA122/KA121 pielikums) vai erasmus-plan (KA120)."),
    lang: Lang = typer.Option(Lang.lv, "--lang", help="Valoda. / Language."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Rezultāta .docx. / Output .docx."),
    no_xlsx: bool = typer.Option(False, "--no-xlsx", help="Bez .xlsx pielikuma. / Without the .xlsx."),
    anonymise: bool = typer.Option(False, "--anonymise", help="Bez katra dalībnieka “mazāku iespēju” atzīmes (vārdu pielikumā nav). / Without each participant's fewer-opportunities mark (the annex has no names)."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošus failus. / Replace existing files."),
) -> None:
    """Projekta pieteikuma pielikums vai Erasmus plāns. / Application annex or the KA120 Erasmus plan."""
    from erasmus_xl.render.annexes import write_erasmus_plan, write_ka1_annex

    notes: list = []
    if kind is AnnexKind.erasmus_plan:
        paths = [write_erasmus_plan(file, lang=lang.value, output=output, force=force)]
    else:
        paths = write_ka1_annex(file, project=project, call_year=call_year, lang=lang.value, output=output,
                                xlsx=not no_xlsx, force=force, anonymise=anonymise, notes=notes)
    for path in paths:
        out.print(f"[green]Pielikums / annex:[/] {path}")
    print_staff_notes(notes)


@app.command("europass")
@handles_errors
def europass_command(
    file: Path = typer.Argument(..., help="Reģistra darbgrāmata. / The register workbook."),
    project: str = typer.Option(..., "--project", help="Projekta numurs. / The project number."),
    outdir: Optional[Path] = typer.Option(None, "--outdir", help="Mape dokumentiem. / Output folder."),
    include_confirmed: bool = typer.Option(False, "--include-confirmed", help="Arī apstiprinātās mobilitātes. / Confirmed ones too."),
    anonymise: bool = typer.Option(False, "--anonymise", help="Iniciāļi vārdu vietā. / Initials instead of names."),
    lang: Lang = typer.Option(Lang.lv, "--lang", help="Valoda. / Language."),
    force: bool = typer.Option(False, "--force", help="Aizstāt esošus failus. / Replace existing files."),
) -> None:
    """Aizpildīti Europass Mobility dokumenti katram dalībniekam. / A prefilled Europass Mobility per participant."""
    from erasmus_xl.render.europass import write_europass

    paths = write_europass(file, project=project, outdir=outdir, lang=lang.value, include_confirmed=include_confirmed,
                           anonymise=anonymise, force=force)
    out.print(f"[green]Europass Mobility: {len(paths)} dokumenti[/] → {paths[0].parent if paths else outdir}")


def main() -> None:
    app()
