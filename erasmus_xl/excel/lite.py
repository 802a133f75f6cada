"""The xlwings Lite edition: the Excel buttons and worksheet functions with nothing to install.

xlwings Lite (an Office add-in: Microsoft 365 / Office 2021+, Windows, macOS, Excel on the web)
runs Python inside the add-in (Pyodide) with the same Book/Sheet/Range API as the classic
add-in's remote engine. Its editor holds a `main.py` that only imports this module
(`erasmus-xl lite FOLDER` writes it, with `requirements.txt`; docs/excel-lite.md). Each `@script`
below is a button; in App Mode its typed arguments become a form: the year is a drop-down of
the strategy's years (from data/targets.json), the language lv/en, the as-of date a date picker.

Everything is the classic add-in's code: a script wraps the book in the live adapter
(excel_live.LiveWorkbook) and runs the same button function (buttons.py) through
`buttons.run_button`. What differs in Lite:
- the workbook has no file Python can read, so the register is read from the open workbook
  through the port, and Word/Excel files go to a folder mounted with Files ▸ Local Folders
  (Windows desktop) or else to `/data` (Files ▸ Import/Export, downloadable); the message says
  where, in Latvian first (data/lite.json);
- note texts cannot be read synchronously: "Pārbaudīt" reads them first (`await
  note.get_text()`), so erasmus_xl's own notes are replaced and a person's notes kept;
- the worksheet functions cannot read the workbook file either: EXL_INDICATOR & co. answer from
  the register the last script read in this session (run a script, then recalculate).

Pyodide has no processes, no threads and no network: nothing on this path uses them
(tests/excel/test_lite_pyodide.py runs every script with them blocked). This module, excel_live
and xlwings_glue are the only modules that import xlwings.
"""
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import xlwings as xw
from xlwings import arg, func, script

from erasmus_xl.excel import buttons
from erasmus_xl.excel.excel_live import LiveWorkbook
from erasmus_xl.excel.excel_port import DEFAULT_TITLE
from erasmus_xl.excel.xlwings_glue import (
    CATEGORY,
    EXL_BAND,
    EXL_DISTANCE_KM,
    EXL_DURATION_OK,
    EXL_TRAVEL_GRANT,
    UdfProblem,
    _answer,
    arg_doc,
    indicator_of,
    indicators_table,
)
from erasmus_xl.model.wording import text_pair, ui_text
from erasmus_xl.resources import load_data

# --------------------------------------------------------------------------- choices (App Mode form)

STRATEGY_YEARS: tuple[int, ...] = tuple(load_data("targets")["years"])
if TYPE_CHECKING:
    Gads = int                          # the years are data, known only at run time
else:
    Gads = Literal[STRATEGY_YEARS]      # the drop-down of the strategy's years, from data/targets.json
Valoda = Literal["lv", "en"]


def _year_in_strategy(year: int) -> int:
    """The year itself when the strategy covers it, else the nearest strategy year."""
    return min(max(year, STRATEGY_YEARS[0]), STRATEGY_YEARS[-1])


THIS_YEAR = _year_in_strategy(dt.date.today().year)
NEXT_YEAR = _year_in_strategy(dt.date.today().year + 1)


# --------------------------------------------------------------------------- where files go


def lite_message(code: str, **params: Any) -> tuple[str, str]:
    """(Latvian, English) of a message in data/lite.json."""
    return text_pair(f"messages.{code}", "lite", **params)


def export_folder() -> Path:
    """xlwings Lite's Import/Export folder (/data): files there can be downloaded."""
    return Path(os.environ.get("ERASMUS_XL_LITE_EXPORT") or load_data("lite")["export_folder"])


def mount_roots() -> list[Path]:
    """Where folders mounted with Files ▸ Local Folders appear (data/lite.json)."""
    override = os.environ.get("ERASMUS_XL_LITE_MOUNTS")
    roots = override.split(os.pathsep) if override is not None else load_data("lite")["mount_roots"]
    return [Path(root) for root in roots if root]


def output_folder() -> tuple[Path, bool]:
    """(folder, mounted): the first writable mounted local folder, else /data (created)."""
    for root in mount_roots():
        try:
            mounted = sorted(p for p in root.iterdir() if p.is_dir() and os.access(p, os.W_OK))
        except OSError:
            continue
        if mounted:
            return mounted[0], True
    folder = export_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return folder, False


# --------------------------------------------------------------------------- the port


_SESSION: dict[str, Any] = {}    # "book": the Workbook the last script read (for the worksheet functions)


class LiteWorkbook(LiveWorkbook):
    """The live adapter in xlwings Lite: outputs in `folder`, messages shown once at the end."""

    def __init__(self, book: Any, folder: Path, *, mounted: bool = False,
                 note_texts: dict | None = None) -> None:
        super().__init__(book, folder=folder, note_texts=note_texts)
        self.mounted = mounted
        self.messages: list[tuple[str, str]] = []

    def message(self, text: str, title: str = DEFAULT_TITLE) -> None:
        self.messages.append((title, text))

    def remember(self, book: Any) -> None:
        """Keep the register a script read (a Workbook) for the worksheet functions of this session."""
        _SESSION["book"] = book
        _SESSION.pop("entry", None)

    def edition_lines(self) -> list[tuple[str, str]]:
        """The versions script's lines about this edition (instead of the classic add-in's file)."""
        edition = lite_message("edition")
        label = lite_message("output_folder")
        return [("Redakcija / Edition", f"{edition[0]} / {edition[1]}"),
                (f"{label[0]} / {label[1]}", str(self.folder))]

    def where_note(self, result: "buttons.ButtonResult") -> str:
        """Where the written files are, and how to get them (only when files were written)."""
        if not result.outputs:
            return ""
        lv, en = lite_message("saved_mounted" if self.mounted else "saved_export", folder=self.folder)
        return f"\n\n{lv}\n{en}"

    def show(self, result: "buttons.ButtonResult") -> None:
        """One message box (and the console) with the result and where its files are."""
        title = self.messages[-1][0] if self.messages else result.title
        text = result.message + self.where_note(result)
        print(text)
        super().message(text, title)


def run_script(book: Any, action: str, *, note_texts: dict | None = None, **options: Any) -> "buttons.ButtonResult":
    """A button of buttons.py on the open workbook, as every script below runs it."""
    folder, mounted = output_folder()
    port = LiteWorkbook(book, folder, mounted=mounted, note_texts=note_texts)
    result = buttons.run_button(action, port, **options)
    port.show(result)
    return result


async def read_note_texts(book: Any) -> dict:
    """{(sheet, "$B$2"): text} of the workbook's notes, read one by one (xlwings Lite only: the
    remote engine elsewhere cannot read note text, and {} is returned)."""
    texts: dict = {}
    for sheet in book.sheets:
        try:
            notes = sheet.notes
        except NotImplementedError:
            return {}
        for note in notes:
            try:
                text = await note.get_text()
            except NotImplementedError:
                return {}
            texts[(sheet.name, note.range.address)] = text
    return texts


# --------------------------------------------------------------------------- scripts (the buttons)


def _name(action: str) -> str:
    """A script's name in the task pane: the Latvian caption of its button (data/ui_texts.json)."""
    group = "more_actions" if action in buttons.MORE_BUTTONS else "actions"
    return ui_text(f"buttons.{group}.{action}", "lv")


@script(name=_name("validate"))
async def parbaudit(book: xw.Book, datums: dt.date | None = None):
    """Pārbauda reģistru: šūnas ar kļūdām iekrāso sarkanas, ar brīdinājumiem — dzeltenas, pievieno
    piezīmi, kas jālabo, un lapu “Pārbaude” ar visu sarakstu. Datums: diena, uz kuru pārbauda
    (tukšs — šodiena). / Validates the register: colours, notes and the Pārbaude sheet."""
    return run_script(book, "validate", note_texts=await read_note_texts(book), today=datums)


@script(name=_name("indicators"))
def raditaji(book: xw.Book, datums: dt.date | None = None):
    """Lapa “Rādītāji”: rādītāji pret stratēģijas mērķiem, ko vēl vajag, pārskati pa
    valstīm un profesijām. Datums: stāvoklis uz šo dienu (tukšs — šodiena). / Refreshes the
    Rādītāji sheet (indicators against the strategy's targets)."""
    return run_script(book, "indicators", today=datums)


@script(name=_name("report"))
def gada_parskats(book: xw.Book, gads: Gads = THIS_YEAR, valoda: Valoda = "lv", datums: dt.date | None = None):
    """Gada pārskats Pedagoģiskajai padomei (Word) par izvēlēto gadu. Fails tiek saglabāts
    pievienotajā mapē vai xlwings Lite mapē /data — paziņojumā redzams, kur. / The annual
    report (.docx) for the chosen year."""
    return run_script(book, "report", year=gads, lang=valoda, today=datums)


@script(name=_name("action_plan"))
def ricibas_plans(book: xw.Book, gads: Gads = NEXT_YEAR, valoda: Valoda = "lv", datums: dt.date | None = None):
    """Rīcības plāns (Word) izvēlētajam gadam — parasti gadam pēc pārskata gada — ar
    stratēģijas uzdevumiem un mērķiem. / The action plan (.docx) for the chosen year."""
    return run_script(book, "action_plan", year=gads, lang=valoda, today=datums)


@script(name=_name("annex"))
def ka1_pielikums(book: xw.Book, projekts: str = "", valoda: Valoda = "lv", datums: dt.date | None = None):
    """KA1 pieteikuma pielikums (Word un Excel). Projekts: projekta numurs vai konkursa gads
    (tukšs — lapas “Darbības” šūna vai jaunākais konkursa gads plānotajām mobilitātēm). /
    The KA1 application annex (.docx and .xlsx) of a project or call year."""
    options: dict[str, Any] = {"lang": valoda, "today": datums}
    chosen = " ".join(str(projekts or "").split())
    if chosen.isdigit() and len(chosen) == 4:
        options["call_year"] = int(chosen)
    elif chosen:
        options["project"] = chosen
    return run_script(book, "annex", **options)


@script(name=_name("budget"))
def budzets(book: xw.Book):
    """Lapa “Budžets”: Erasmus+ vienības izmaksu aprēķins katrai mobilitātei un projektam
    (likmes no lapas “Likmes”, attālumi no skolas). / The unit-cost budget sheet."""
    return run_script(book, "budget")


@script(name=_name("finance"))
def finanses(book: xw.Book, datums: dt.date | None = None):
    """Lapa “Finanses”: piešķirts, iegrāmatots un atlikums katram projektam un izmaksu
    kategorijai, ar budžeta aprēķinu un dubultiem dokumentiem. / Granted vs booked vs remaining."""
    return run_script(book, "finance", today=datums)


@script(name=_name("versions"))
def versijas(book: xw.Book):
    """erasmus_xl, xlwings un Python versijas un failu mape — to sūtiet atbalstam. / Versions."""
    return run_script(book, "versions")


SCRIPTS = (parbaudit, raditaji, gada_parskats, ricibas_plans, ka1_pielikums, budzets, finanses, versijas)


# --------------------------------------------------------------------------- worksheet functions


def _session_entry() -> Any:
    """The register the last script read, cached with its findings (udf_cache.CachedRegister)."""
    entry = _SESSION.get("entry")
    if entry is not None:
        return entry
    book = _SESSION.get("book")
    if book is None:
        raise UdfProblem(lite_message("no_register_yet")[0])
    from erasmus_xl.excel.udf_cache import CachedRegister

    # the script's own validation when it ran for today, else validated once for today
    entry = CachedRegister(path=book.path, stamp=(0, 0), book=book.at(dt.date.today()))
    _SESSION["entry"] = entry
    return entry


@func(category=CATEGORY, volatile=True)
@arg("key", doc=arg_doc("indicator_example"))
@arg("year", doc=arg_doc("year_or_school_year"))
def EXL_INDICATOR(key: Any, year: Any) -> Any:
    """Notikušo skaits (rindas ar kļūdām neieskaita) no pēdējā skripta nolasītā reģistra / Actual count."""
    return _answer(lambda: indicator_of(_session_entry(), key, year).actual)


@func(category=CATEGORY, volatile=True)
@arg("key", doc=arg_doc("indicator"))
@arg("year", doc=arg_doc("year"))
def EXL_TARGET(key: Any, year: Any) -> Any:
    """Mērķis no lapas “Mērķi” (vai stratēģijas); tukšs, ja mērķa nav / The target."""
    return _answer(lambda: indicator_of(_session_entry(), key, year).target)


@func(category=CATEGORY, volatile=True)
@arg("key", doc=arg_doc("indicator"))
@arg("year", doc=arg_doc("year"))
def EXL_PROGRESS(key: Any, year: Any) -> Any:
    """Izpilde: notikušās / mērķis (daļa; formatējiet kā %); tukšs, ja mērķa nav / Actual ÷ target."""
    def compute() -> Any:
        item = indicator_of(_session_entry(), key, year)
        return None if not item.target else item.actual / item.target
    return _answer(compute)


@func(category=CATEGORY, volatile=True)
@arg("year", doc=arg_doc("year_or_school_year"))
def EXL_INDICATORS(year: Any) -> Any:
    """Visu rādītāju tabula ar virsrakstiem (izplešas uz leju) / All indicators as a spilled table."""
    return _answer(lambda: indicators_table(_session_entry(), year))


WORKSHEET_FUNCTIONS = (EXL_INDICATOR, EXL_TARGET, EXL_PROGRESS, EXL_INDICATORS, EXL_DISTANCE_KM, EXL_BAND,
                       EXL_TRAVEL_GRANT, EXL_DURATION_OK)

__all__ = [f.__name__ for f in SCRIPTS] + [f.__name__ for f in WORKSHEET_FUNCTIONS]
