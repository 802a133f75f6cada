"""Opening a workbook file safely: what kind of file it is, whether it is safe to unpack,
and which cells hold Excel error values (python-calamine reads those as empty strings).

Files arrive by e-mail: a renamed CSV, an old .xls, a password-protected or truncated file, or a
zip bomb must each end in one clear `RegisterError`, never a traceback or an exhausted machine.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine

from .errors import RegisterError

MAX_UNPACKED_MB = 512        # all parts of the package together, uncompressed
MAX_ROWS_PER_SHEET = 200_000  # a register has thousands of rows; more is a stray cell far below

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ERROR_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?\bt="e"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_ERROR_CELL_T_FIRST = re.compile(rb'<c\b[^>]*?\bt="e"[^>]*?\br="([A-Z]+)(\d+)"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


@dataclass
class OpenedWorkbook:
    path: Path
    book: python_calamine.CalamineWorkbook
    sheet_names: list[str]
    error_cells: dict[str, dict[tuple[int, int], str]]   # sheet name -> {(row, col) 1-based: "#REF!"}

    def rows(self, sheet_name: str) -> list[list[object]]:
        """All rows from A1, so list indices are Excel row/column numbers minus one."""
        sheet = self.book.get_sheet_by_name(sheet_name)
        if sheet.height > MAX_ROWS_PER_SHEET:
            raise RegisterError("too_many_rows", self.path, sheet=sheet_name, rows=sheet.height, limit=MAX_ROWS_PER_SHEET)
        return sheet.to_python(skip_empty_area=False)


def open_workbook(path: Path | str) -> OpenedWorkbook:
    path = Path(path)
    if not path.exists():
        raise RegisterError("not_found", path)
    if not path.is_file():
        raise RegisterError("not_a_file", path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise RegisterError("locked", path, detail=exc.strerror or type(exc).__name__) from None
    if not head:
        raise RegisterError("empty_file", path)
    if head.startswith(_CFB_MAGIC):
        raise RegisterError("password_protected" if _is_encrypted_package(path) else "old_xls", path)
    if not head.startswith(b"PK"):
        raise RegisterError("not_a_workbook", path, detail=_describe_non_zip(head))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                raise RegisterError("ods", path)
            if "xl/workbook.xml" not in names:
                raise RegisterError("not_a_workbook", path, detail="ZIP arhīvs bez Excel darbgrāmatas / a ZIP without a workbook")
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
                raise RegisterError("too_large", path, size=unpacked // (1024 * 1024), limit=MAX_UNPACKED_MB)
            bad = archive.testzip()
            if bad is not None:
                raise RegisterError("damaged", path, detail=f"bojāta daļa / damaged part {bad}")
            for name in names:
                if name.endswith((".xml", ".rels")) and _DTD.search(_head(archive, name)):
                    raise RegisterError("unsafe_xml", path)
            error_cells = {name: _scan_error_cells(archive.read(part)) for name, part in _sheet_parts(archive).items()}
    except RegisterError:
        raise
    except (zipfile.BadZipFile, EOFError, KeyError, OSError) as exc:
        raise RegisterError("damaged", path, detail=type(exc).__name__) from None
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's own errors are not a public exception type
        raise RegisterError("damaged", path, detail=str(exc)[:120]) from None
    return OpenedWorkbook(path=path, book=book, sheet_names=list(book.sheet_names), error_cells=error_cells)


def _is_encrypted_package(path: Path) -> bool:
    """An encrypted .xlsx is an OLE compound file holding an `EncryptedPackage` stream."""
    with path.open("rb") as handle:
        return _ENCRYPTED_STREAM in handle.read(4 * 1024 * 1024)


def _describe_non_zip(head: bytes) -> str:
    if head[:5].lower() in (b"<?xml", b"<html") or head[:1] == b"<":
        return "XML/HTML teksts / XML or HTML text"
    try:
        head.decode("utf-8")
        return "teksta fails, piem., CSV / a text file such as CSV"
    except UnicodeDecodeError:
        return "nezināms formāts / unknown format"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part, read from workbook.xml and its relationships."""
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in archive.namelist() else b""
    targets: dict[str, str] = {}
    for element in re.finditer(rb"<Relationship\b[^>]*>", rels):
        rid, target = _attribute(element[0], b"Id"), _attribute(element[0], b"Target")
        if rid and target:
            targets[rid] = target
    parts: dict[str, str] = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*)/?>", workbook):
        name = _attribute(m[1], b"name")
        rid = _attribute(m[1], b"r:id") or _attribute(m[1], rb"\w+:id")
        if not name or not rid:
            continue
        target = targets.get(rid)
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part in archive.namelist():
            parts[_xml_unescape(name)] = part
    return parts


def _head(archive: zipfile.ZipFile, name: str, size: int = 4096) -> bytes:
    """The start of a part: a DOCTYPE may only stand before the root element."""
    with archive.open(name) as part:
        return part.read(size)


def _attribute(element: bytes, name: bytes) -> str | None:
    match = re.search(rb"\s" + name + rb'="([^"]*)"', element)
    return match[1].decode("utf-8") if match else None


def _scan_error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    if b't="e"' not in xml:
        return {}
    found: dict[tuple[int, int], str] = {}
    for pattern in (_ERROR_CELL, _ERROR_CELL_T_FIRST):
        for m in pattern.finditer(xml):
            found[(int(m[2]), column_index(m[1].decode()))] = m[3].decode()
    return found


def _xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def column_index(letters: str) -> int:
    """'A' -> 1, 'AB' -> 28."""
    number = 0
    for ch in letters:
        number = number * 26 + (ord(ch) - 64)
    return number


def column_letter(index: int) -> str:
    """1 -> 'A', 28 -> 'AB'."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
