"""Opening a workbook file safely: what kind of file it is, whether it is safe to unpack,
and which cells hold Excel error values (python-calamine reads those as empty strings).

Files arrive by e-mail: a renamed CSV, an old .xls, a password-protected or truncated file, or a
zip bomb must each end in one clear `RegisterError`, never a traceback or an exhausted machine.

Everything calamine would trust is checked here first, by our own bounded reading of the package:
the declared sizes (before anything is unpacked), the real size of every part while it is
unpacked in 1 MB chunks (a header may lie), DOCTYPE/ENTITY anywhere in an XML part, and each
sheet's largest row and column (calamine allocates one cell for every position from the first
to the last used cell, so one stray cell in row 1,048,576 column XFD would need hundreds of GB).

Valid files that calamine alone would refuse or misread are repaired in memory before calamine
sees them (`_Repairs`): XML parts in UTF-16, relationship targets written in an unusual but valid
form, a part a little larger than its header says, and a wide sheet whose few far cells would
make calamine build a dense grid of the whole width (its used columns are packed side by side,
and `rows` gives them back at their real places).
"""
from __future__ import annotations

import bisect
import codecs
import contextlib
import io
import itertools
import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

if TYPE_CHECKING:   # imported where a file is opened: the live workbook (xlwings Lite) never needs it
    import python_calamine

from erasmus_xl.model.errors import RegisterError

MAX_UNPACKED_MB = 512          # all parts of the package together, uncompressed (declared sizes)
MAX_ROWS_PER_SHEET = 200_000   # a register has thousands of rows; more is a stray cell far below
MAX_CELLS_PER_SHEET = 10_000_000   # rows × columns from A1: the grid calamine and the reader build
MAX_SHARED_STRINGS = 2_000_000     # calamine keeps every shared string in memory
CHUNK_BYTES = 1 << 20          # unpacking step: at most this much unpacked data in memory per step
MAX_OPEN_CELL_BYTES = 16 << 20   # a sheet's XML without a cell boundary for this long is not Excel's
MAX_PART_OVERRUN_BYTES = 64 << 10   # a part may unpack this much beyond its declared size (some writers miscount)
EXCEL_MAX_COLUMNS = 16_384     # XFD: Excel opens nothing beyond it
PACK_FROM_CELLS = 1_000_000    # a sheet whose area from A1 is larger than this and mostly empty columns is packed

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ERROR_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?\bt="e"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_ERROR_CELL_T_FIRST = re.compile(rb'<c\b[^>]*?\bt="e"[^>]*?\br="([A-Z]+)(\d+)"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
_DTD_OVERLAP = 16              # bytes kept between chunks so a split `<!DOCTYPE` is still seen
_XML_PARTS = (".xml", ".rels", ".vml")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
# an element name's namespace prefix (`<x:c …>`): calamine reads a prefixed cell or row as a plain one
_PREFIX = rb"(?:[^\s<>/:!?=\"']++:)?"
_ROW_TAG = re.compile(rb"<" + _PREFIX + rb"row(?=[\s/>])([^>]*)>")
# an `r` attribute as XML allows it: either quote, spaces around `=`, any letter case
_R_NUMBER = re.compile(rb"""r(?<![\w:.-]r)\s*=\s*(?:"(\d+)"|'(\d+)')""")   # `r` first: sre's literal prefix
# cells that may hold a value (not self-closing), address first as Excel writes it
_VALUE_CELL = re.compile(rb'<c r="([A-Za-z]{1,4})(\d{1,9})"[^>/]*>')
# row 100,000 or beyond, or column AA or beyond: what the quick pass reads exactly
_LARGE_CELL = re.compile(rb'<c r="((?:[A-Za-z]{2,4})|[A-Za-z](?=\d{6}))(\d{1,9})"[^>/]*>')
_QUICK_ROWS, _QUICK_COLUMNS = 99_999, 26   # what the quick pass assumes when it saw no large address
_ROW_OR_CELL = re.compile(rb"<row(?=[\s/>])([^>]*)>|<c(?=[\s/>])([^>]*)>")
_ROW_OR_CELL_PREFIXED = re.compile(rb"<" + _PREFIX + rb"row(?=[\s/>])([^>]*)>|<" + _PREFIX + rb"c(?=[\s/>])([^>]*)>")
_UNADDRESSED_CELL = re.compile(rb'<c(?=[\s/>])(?! r=")')   # a cell tag not opening with its address
_CELL_REF = re.compile(rb"""r(?<![\w:.-]r)\s*=\s*(?:"([A-Za-z]+)(\d+)"|'([A-Za-z]+)(\d+)')""")
# a cell or row written with a namespace prefix, `<x:c r="A1">`: the quick pass sees only `<c`, `<row`
_PREFIXED_TAG_END = re.compile(rb":(?:c|row)[\s/>]")
_PREFIXED_TAG = re.compile(rb"<[^\s<>/:!?=\"']+:(?:c|row)[\s/>]")
# a cell or row address no bound above can read: five letters or more, ten digits or more. The
# attribute's leading space is checked after a match (`_huge_ref`): a pattern opening with a
# literal is searched several times faster than one opening with `\s`.
_HUGE_REF = re.compile(rb'r="([A-Za-z]*(?:[A-Za-z]{5}|\d{10})[A-Za-z\d]*)"')
_XML_SPACE = frozenset(b" \t\n\r\f\v")
# any address of two letters or more, or of six digits or more: what both patterns above can match.
# A register has none, so one quick search spares both. (Written as one possessive letter, then a
# letter or six digits: the same addresses as `[A-Z]{2}|[A-Z]*\d{6}` (any letter case), for a third less
# time: sre backtracks less at each of a sheet's many `r="`.)
_LONG_ADDRESS = re.compile(rb'r="[A-Za-z]?+(?:[A-Za-z]|[0-9]{6})')


class SparseRow(Sequence):
    """One row of a packed sheet at its real column positions, holding only the used cells.

    Behaves like the list calamine gives (`""` for an empty cell), so the reader needs no change,
    but costs memory for the cells used, not for the sheet's width.
    """

    __slots__ = ("_values", "_width")

    def __init__(self, values: dict[int, object], width: int) -> None:
        self._values, self._width = values, width

    def __len__(self) -> int:
        return self._width

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._width))]
        if index < 0:
            index += self._width
        if not 0 <= index < self._width:
            raise IndexError(index)
        return self._values.get(index, "")

    def __iter__(self) -> Iterator[object]:
        values = self._values
        return (values.get(i, "") for i in range(self._width))


class SheetSource(Protocol):
    """What the reader needs of a workbook: an opened file, or (excel_port) any workbook port."""

    @property
    def path(self) -> Path: ...

    @property
    def sheet_names(self) -> list[str]: ...

    @property
    def error_cells(self) -> dict[str, dict[tuple[int, int], str]]: ...

    def rows(self, sheet_name: str) -> Sequence[Sequence[Any]]: ...

    def merged_ranges(self, sheet_name: str) -> list[tuple[tuple[int, int], tuple[int, int]]]: ...


@dataclass
class OpenedWorkbook:
    path: Path
    book: python_calamine.CalamineWorkbook
    sheet_names: list[str]
    error_cells: dict[str, dict[tuple[int, int], str]]   # sheet name -> {(row, col) 1-based: "#REF!"}

    merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = field(default_factory=dict, repr=False)
    packed: dict[str, list[int]] = field(default_factory=dict, repr=False)   # sheet -> its used columns, 1-based

    def rows(self, sheet_name: str) -> Sequence[Sequence[Any]]:
        """All rows from A1, so list indices are Excel row/column numbers minus one.

        calamine parses a sheet only now, so XML that is broken inside a sound ZIP shows here; it
        is a damaged file (exit 2), not an unexpected error. So is a value calamine cannot convert
        and panics on (a date of -1e308: `PanicException`, a BaseException).
        """
        def damaged(exc: BaseException) -> RegisterError:
            return RegisterError("damaged", self.path, detail=f"lapa / sheet “{sheet_name}”: {str(exc)[:120]}")

        with _calamine_guard(damaged):
            sheet = self.book.get_sheet_by_name(sheet_name)
        if sheet.height > MAX_ROWS_PER_SHEET:
            raise RegisterError("too_many_rows", self.path, sheet=sheet_name, rows=sheet.height, limit=MAX_ROWS_PER_SHEET)
        with _calamine_guard(damaged):
            merged = list(sheet.merged_cell_ranges or [])
            rows = sheet.to_python(skip_empty_area=False)
        columns = self.packed.get(sheet_name)
        if columns is None:
            self.merged[sheet_name] = merged
            return rows
        self.merged[sheet_name] = [((top, columns[left] - 1), (bottom, columns[right] - 1))
                                   for (top, left), (bottom, right) in merged
                                   if left < len(columns) and right < len(columns)]
        return [SparseRow({column - 1: value for column, value in zip(columns, row, strict=False) if value != ""}, columns[-1])
                for row in rows]

    def merged_ranges(self, sheet_name: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Merged cells of a sheet read by `rows`: ((top, left), (bottom, right)), 0-based, inclusive."""
        return self.merged.get(sheet_name, [])


@contextlib.contextmanager
def _calamine_guard(problem: Callable[[BaseException], RegisterError]) -> Iterator[None]:
    """calamine's failures as a RegisterError: its own exceptions (not a public type) and its
    panics (`pyo3_runtime.PanicException`, a BaseException a plain `except Exception` misses).

    A panic's Rust message is written straight to the process's stderr; it is silenced here, the
    user gets our sentence instead.
    """
    with _native_stderr_silenced():
        try:
            yield
        except (MemoryError, KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except RegisterError:
            raise
        except BaseException as exc:  # noqa: B036 - PanicException derives from BaseException only
            if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
                raise
            raise problem(exc) from None


@contextlib.contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """File descriptor 2 pointed at the null device while native code runs."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


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
        if _is_encrypted_package(path):
            raise RegisterError("password_protected", path)
        from erasmus_xl.io import spreadsheet_formats as other_formats  # imported for these files only

        return _with_calamine(path, other_formats.scan_xls(path, partial(check_extent, path), MAX_SHARED_STRINGS))
    if not head.startswith(b"PK"):
        raise RegisterError("not_a_workbook", path, detail=_describe_non_zip(head))
    repairs = _Repairs()
    try:
        with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
            infos = archive.infolist()
            if any(not info.filename for info in infos):
                raise RegisterError("damaged", path, detail="daļa bez nosaukuma / a part without a name")
            names = {info.filename for info in infos}
            unpacked = sum(info.file_size for info in infos)
            if unpacked > MAX_UNPACKED_MB * 1024 * 1024:   # before a single byte is unpacked
                raise RegisterError("too_large", path, size=-(-unpacked // (1024 * 1024)), limit=MAX_UNPACKED_MB)
            if "mimetype" in names and b"opendocument" in _head(archive, "mimetype", 256):
                return _with_calamine(path, _scan_ods(path, raw, infos))
            if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
                return _with_calamine(path, _scan_xlsb(path, archive, raw, infos))
            if "xl/workbook.xml" not in names:
                raise RegisterError("not_a_workbook", path, detail="ZIP arhīvs bez Excel darbgrāmatas / a ZIP without a workbook")
            sheets = {part: name for name, part in _sheet_parts(archive, path, raw, repairs).items()}
            error_cells: dict[str, dict[tuple[int, int], str]] = {}
            for info in infos:
                if info.is_dir():
                    continue
                sheet = sheets.get(info.filename)
                scan = _SheetScan(path, sheet) if sheet is not None else None
                strings = 0
                for chunk in _checked_xml_chunks(path, raw, info, repairs, count=True):
                    if scan is not None:
                        scan.feed(chunk)
                    elif info.filename == "xl/sharedStrings.xml":
                        strings += chunk.count(b"<si")   # <si>, <si …>, <si/>: no other tag there starts so
                        if strings > MAX_SHARED_STRINGS:
                            raise RegisterError("too_many_strings", path, count=_count(strings),
                                                limit=_count(MAX_SHARED_STRINGS))
                if sheet is not None and scan is not None and not scan.finish():   # the quick bounds cannot tell: read every address
                    scan = _SheetScan(path, sheet, exact=True)
                    for chunk in _checked_xml_chunks(path, raw, info, repairs):
                        scan.feed(chunk)
                    scan.finish()
                if sheet is not None and scan is not None:
                    error_cells[sheet] = scan.errors
                    if scan.columns is not None:
                        repairs.packed[info.filename] = sorted(scan.columns)
            book = _repaired_book(path, archive, raw, repairs) if repairs.needed else None
    except RegisterError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, OSError, zlib.error, struct.error,
            NotImplementedError, RuntimeError, IndexError, ValueError) as exc:
        raise RegisterError("damaged", path, detail=type(exc).__name__) from None
    packed = {sheets[part]: columns for part, columns in repairs.packed.items()}
    return _with_calamine(path, error_cells, book, packed)


def _with_calamine(path: Path, error_cells: dict[str, dict[tuple[int, int], str]],
                   book: python_calamine.CalamineWorkbook | None = None,
                   packed: dict[str, list[int]] | None = None) -> OpenedWorkbook:
    """calamine opens the file (or takes the repaired copy) only once our own scan found it within bounds."""
    def problem(exc: BaseException) -> RegisterError:
        if "password" in str(exc).lower():
            return RegisterError("password_protected", path)
        return RegisterError("damaged", path, detail=str(exc)[:120])

    if book is None:
        import python_calamine

        with _calamine_guard(problem):
            book = python_calamine.CalamineWorkbook.from_path(str(path))
    with _calamine_guard(problem):
        sheet_names = list(book.sheet_names)
    return OpenedWorkbook(path=path, book=book, sheet_names=sheet_names, error_cells=error_cells, packed=packed or {})


def _scan_ods(path: Path, raw: BinaryIO, infos: list[zipfile.ZipInfo]) -> dict[str, dict[tuple[int, int], str]]:
    """Every part of an .ods unpacked with the .xlsx checks; content.xml scanned for extent and errors."""
    from erasmus_xl.io import spreadsheet_formats as other_formats  # its XML parser: for these files only

    error_cells: dict[str, dict[tuple[int, int], str]] = {}
    for info in infos:
        if info.is_dir():
            continue
        chunks = _checked_xml_chunks(path, raw, info)
        if info.filename == "content.xml":
            error_cells = other_formats.scan_ods(path, chunks, partial(check_extent, path))
        else:
            for _ in chunks:
                pass
    return error_cells


def _scan_xlsb(path: Path, archive: zipfile.ZipFile, raw: BinaryIO,
               infos: list[zipfile.ZipInfo]) -> dict[str, dict[tuple[int, int], str]]:
    """Every part of an .xlsb unpacked with the .xlsx checks; each sheet's binary records scanned."""
    from erasmus_xl.io import spreadsheet_formats as other_formats

    names = set(archive.namelist())
    rels_name = "xl/_rels/workbook.bin.rels"
    rels = b"".join(_checked_xml_chunks(path, raw, archive.getinfo(rels_name))) if rels_name in names else b""
    parts = other_formats.xlsb_sheet_parts(other_formats.xlsb_records(_unpacked_chunks(path, raw, archive.getinfo("xl/workbook.bin"))),
                                     rels, names)
    sheets = {part: name for name, part in parts.items()}
    error_cells: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for info in infos:
            if info.is_dir():
                continue
            chunks = _checked_xml_chunks(path, raw, info)
            if info.filename in sheets:
                sheet = sheets[info.filename]
                error_cells[sheet] = other_formats.scan_xlsb_sheet(path, sheet, other_formats.xlsb_records(chunks),
                                                             partial(check_extent, path))
            elif info.filename == "xl/sharedStrings.bin":
                count = other_formats.xlsb_string_count(other_formats.xlsb_records(chunks))
                if count > MAX_SHARED_STRINGS:
                    raise RegisterError("too_many_strings", path, count=_count(count), limit=_count(MAX_SHARED_STRINGS))
            else:
                for _ in chunks:
                    pass
    except ValueError as exc:
        raise RegisterError("damaged", path, detail=str(exc)[:120]) from None
    return error_cells


def check_extent(path: Path, sheet: str, max_row: int, max_col: int, width: int | None = None) -> None:
    """The grid calamine would build for a sheet whose last value is at (max_row, max_col), `width`
    columns wide (a packed sheet: only its used columns): within bounds?"""
    if max_row > MAX_ROWS_PER_SHEET:
        raise RegisterError("too_many_rows", path, sheet=sheet, rows=_count(max_row), limit=_count(MAX_ROWS_PER_SHEET))
    if max_row * (max_col if width is None else width) > MAX_CELLS_PER_SHEET:
        raise RegisterError("too_many_cells", path, sheet=sheet, cell=f"{column_letter(max_col)}{max_row}",
                            rows=_count(max_row), columns=_count(max_col), limit=_count(MAX_CELLS_PER_SHEET))


@dataclass
class _Repairs:
    """What calamine needs changed to read a valid file as Excel would; empty for almost every file."""

    unpacked: int = 0                                              # real bytes unpacked, all parts
    transcoded: set[str] = field(default_factory=set)             # XML parts in UTF-16
    oversized: set[str] = field(default_factory=set)              # parts larger than their header says
    targets: dict[str, dict[str, str]] = field(default_factory=dict)   # rels part -> {Id: "/part"}
    packed: dict[str, list[int]] = field(default_factory=dict)    # sheet part -> used columns

    @property
    def needed(self) -> bool:
        return bool(self.transcoded or self.oversized or self.targets or self.packed)


def _repaired_book(path: Path, archive: zipfile.ZipFile, raw: BinaryIO,
                   repairs: _Repairs) -> python_calamine.CalamineWorkbook:
    """The package rewritten in memory as calamine reads it: UTF-8 parts, plain relationship
    targets, every part with its true size, wide sparse sheets packed. Each part again goes
    through the bounded, checked unpacking; the copy is compressed, so it is about the file's size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in {info.filename: info for info in archive.infolist()}.values():   # a repeated name: the last, as zipfile
            if info.is_dir():
                continue
            chunks = _checked_xml_chunks(path, raw, info, repairs)
            if info.filename in repairs.targets:
                chunks = iter([_retarget(b"".join(chunks), repairs.targets[info.filename])])
            elif info.filename in repairs.packed:
                chunks = _packed_sheet(chunks, repairs.packed[info.filename])
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            with copy.open(entry, "w") as part:
                for chunk in chunks:
                    part.write(chunk)
    buffer.seek(0)
    import python_calamine

    with _calamine_guard(lambda exc: RegisterError("damaged", path, detail=str(exc)[:120])):
        return python_calamine.CalamineWorkbook.from_filelike(buffer)


def _retarget(rels: bytes, targets: dict[str, str]) -> bytes:
    """A relationships part with the given relationships' targets written as absolute part names."""
    def replace(element: re.Match) -> bytes:
        rid = _attribute(element[0], b"Id")
        if rid not in targets:
            return element[0]
        value = targets[rid].replace("&", "&amp;").replace('"', "&quot;").encode("utf-8")
        return re.sub(rb'(\sTarget=")[^"]*(")', lambda m: m[1] + value + m[2], element[0], count=1)
    return re.sub(rb"<Relationship\b[^>]*>", replace, rels)


_PACKED_CELL = re.compile(rb'<c r="([A-Z]{1,4})(\d{1,9})"([^>]*?)(/?)>')
_PACKED_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,4})(\d{1,9}):([A-Z]{1,4})(\d{1,9})"\s*/>')
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_SPANS = re.compile(rb'\sspans="[^"]*"')


def _packed_sheet(chunks: Iterator[bytes], columns: list[int]) -> Iterator[bytes]:
    """A sheet's XML with its used columns side by side (A, B, … in order), so calamine's grid is as
    wide as the columns used. Styled empty cells elsewhere are dropped (they hold nothing); a
    merged range keeps the used columns it covers; the dimension and row spans, which would speak
    of the old width, are left out."""
    rank = {column: index for index, column in enumerate(columns, start=1)}

    def cell(m: re.Match) -> bytes:
        column = rank.get(column_index(m[1]))
        if column is None:
            return b"" if m[4] else m[0]          # a value cell is always among the used columns
        return b'<c r="' + column_letter(column).encode() + m[2] + b'"' + m[3] + m[4] + b">"

    def merge(m: re.Match) -> bytes:
        left = bisect.bisect_left(columns, column_index(m[1]))
        right = bisect.bisect_right(columns, column_index(m[3])) - 1
        if left > right:
            return b""
        return (b'<mergeCell ref="' + column_letter(left + 1).encode() + m[2] + b":"
                + column_letter(right + 1).encode() + m[4] + b'"/>')

    carry = b""
    for chunk in itertools.chain(chunks, [b""]):
        data = carry + chunk
        cut = data.rfind(b">") + 1 if chunk else len(data)
        carry, data = data[cut:], data[:cut]
        data = _PACKED_MERGE.sub(merge, _PACKED_CELL.sub(cell, _SPANS.sub(b"", _DIMENSION.sub(b"", data))))
        if data:
            yield data


def _checked_xml_chunks(path: Path, raw: BinaryIO, info: zipfile.ZipInfo, repairs: _Repairs | None = None,
                        count: bool = False) -> Iterator[bytes]:
    """A part's unpacked bytes in chunks, refusing DOCTYPE/ENTITY anywhere in an XML part.

    Anywhere, not only in the first kilobytes: a long comment before the DOCTYPE would hide it.
    An XML part in UTF-16 (with or without a byte-order mark; Excel accepts it) comes out as
    UTF-8, so the checks and the bounds see it as they see every other part, and calamine gets it so.
    """
    is_xml = info.filename.lower().endswith(_XML_PARTS)
    tail = b""
    decoder: codecs.IncrementalDecoder | None = None
    first = True
    for chunk in _unpacked_chunks(path, raw, info, repairs if count else None):
        if is_xml:
            if first and (encoding := _utf16(chunk)):
                decoder = codecs.getincrementaldecoder(encoding)()
                if repairs is not None:
                    repairs.transcoded.add(info.filename)
            if decoder is not None:
                chunk = _utf8(path, info, decoder, chunk, first)
            if (b"!" in chunk or b"!" in tail) and (_DTD.search(chunk) or _DTD.search(tail + chunk[:_DTD_OVERLAP])):
                raise RegisterError("unsafe_xml", path)   # "!" found by memchr: most parts have none
            tail = chunk[-_DTD_OVERLAP:]
        first = False
        yield chunk
    if decoder is not None:
        rest = _utf8(path, info, decoder, b"", first, final=True)
        if rest:
            yield rest


def _utf16(head: bytes) -> str | None:
    """The codec of an XML part in UTF-16, from its first bytes, or None for UTF-8."""
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"                              # the codec reads the mark and drops it
    if head[:2] == b"<\x00":
        return "utf-16-le"
    if head[:2] == b"\x00<":
        return "utf-16-be"
    return None


_UTF16_DECLARATION = re.compile(rb"""(<\?xml[^>]*?encoding\s*=\s*["'])utf-?16(?:-?[lb]e)?(["'])""", re.I)


def _utf8(path: Path, info: zipfile.ZipInfo, decoder: codecs.IncrementalDecoder, chunk: bytes, first: bool,
          final: bool = False) -> bytes:
    try:
        data = decoder.decode(chunk, final).encode("utf-8")
    except UnicodeError:
        raise RegisterError("damaged", path, detail=f"UTF-16: {info.filename}") from None
    return _UTF16_DECLARATION.sub(rb"\1UTF-8\2", data, count=1) if first else data


def _inflated(raw: BinaryIO, info: zipfile.ZipInfo, decompressor: Any) -> Iterator[bytes]:
    """A part's bytes as they unpack, at most CHUNK_BYTES at a time (a stored part as it stands).

    The caller bounds and checks them; this only reads, so a bomb never unpacks further than asked.
    """
    left = info.compress_size
    while left > 0:
        packed_chunk = raw.read(min(CHUNK_BYTES, left))
        if not packed_chunk:
            raise EOFError(info.filename)
        left -= len(packed_chunk)
        pending = packed_chunk
        while pending:
            if decompressor is None:
                data, pending = pending, b""
            else:
                data = decompressor.decompress(pending, CHUNK_BYTES)
                pending = decompressor.unconsumed_tail
            yield data
            if decompressor is not None and decompressor.eof:
                pending, left = b"", 0
    if decompressor is not None:
        yield decompressor.flush()


def _unpacked_chunks(path: Path, raw: BinaryIO, info: zipfile.ZipInfo,
                     repairs: _Repairs | None = None) -> Iterator[bytes]:
    """Unpack one part ourselves, CHUNK_BYTES at a time, never far past the size its header declares.

    zipfile stops at the declared size, but calamine's reader follows the deflate stream, so a
    part whose headers understate its size (a "lying" zip bomb, tiny on disk, gigabytes unpacked)
    is refused here after at most one chunk beyond the declared size. Some writers miscount a
    little: up to MAX_PART_OVERRUN_BYTES more is read (and the part is repaired for calamine,
    which refuses it), and with `repairs` the real bytes of all parts together are held to
    MAX_UNPACKED_MB. The local header must also agree with the central directory, and the CRC must
    match the data, as Excel's own files always do.
    """
    raw.seek(info.header_offset)
    signature, _version, flags, method, _time, _date, crc, packed, size, name_length, extra_length = \
        _LOCAL_HEADER.unpack(raw.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile("local header")
    if flags & 0x1:
        raise RegisterError("unsupported_part", path, part=info.filename, detail="šifrēta / encrypted")
    if method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or method != info.compress_type:
        raise RegisterError("unsupported_part", path, part=info.filename, detail=f"metode / method {method}")
    if not flags & 0x8 and (crc, packed, size) != (info.CRC, info.compress_size, info.file_size) \
            and (packed, size) != (0xFFFFFFFF, 0xFFFFFFFF):
        raise RegisterError("size_mismatch", path, part=info.filename)
    if info.compress_size == 0 and info.file_size == 0:
        return                                  # an empty part, written without a deflate stream
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    produced, checksum = 0, 0
    allowed = info.file_size + MAX_PART_OVERRUN_BYTES
    decompressor = zlib.decompressobj(-zlib.MAX_WBITS) if method == zipfile.ZIP_DEFLATED else None
    for data in _inflated(raw, info, decompressor):
        produced += len(data)
        if produced > allowed:
            raise RegisterError("size_mismatch", path, part=info.filename)
        _count_unpacked(path, repairs, len(data))
        checksum = zlib.crc32(data, checksum)
        if data:
            yield data
    if decompressor is not None and not decompressor.eof:
        raise RegisterError("damaged", path, detail=f"nepilnīga daļa / incomplete part {info.filename}")
    if produced < info.file_size or checksum != info.CRC:
        raise RegisterError("damaged", path, detail=f"bojāta daļa / damaged part {info.filename}")
    if produced > info.file_size and repairs is not None:
        repairs.oversized.add(info.filename)


def _count_unpacked(path: Path, repairs: _Repairs | None, size: int) -> None:
    """The real unpacked bytes of the whole package, against the same limit as the declared ones."""
    if repairs is None:
        return
    repairs.unpacked += size
    if repairs.unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise RegisterError("too_large", path, size=-(-repairs.unpacked // (1024 * 1024)), limit=MAX_UNPACKED_MB)


@dataclass
class _SheetScan:
    """One sheet's XML, fed in chunks: its largest row and column with a value, and its error cells.

    calamine sizes its grid by the cells that hold something (a styled empty cell `<c …/>` far
    below is harmless and is not counted). Chunks are cut only after `</c>` or `</row>`, so no
    cell is split between two scans, and nothing after the first `</sheetData>` is looked at, as
    calamine reads nothing after it (an error cell there must not stand for a cell calamine reads).
    The quick pass reads exactly only the large addresses (row 100,000 and beyond,
    columns AA and beyond), which a register rarely has; when its upper bound
    on the area is over the limit, `exact=True` reads every address in a second pass. That pass
    also collects the used columns: a sheet over PACK_FROM_CELLS whose columns are mostly empty (a
    stray value in XFD300) is packed (`columns`), and its bound is its rows times its used columns.
    """

    path: Path
    sheet: str
    exact: bool = False
    carry: bytes = b""
    row: int = 0                 # the current row, for cells written without an address
    max_row: int = 0             # exact, or (quick pass) an upper bound
    max_col: int = 0
    done: bool = False
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    used: set[bytes] = field(default_factory=set)   # exact pass: the letters of the columns with a value
    packable: bool = True        # every cell written with its address first, as `_packed_sheet` expects
    columns: set[int] | None = None   # after `finish`: the used columns when the sheet is to be packed

    def feed(self, chunk: bytes) -> None:
        if self.done:
            return                       # after </sheetData>: merged cells, formatting, no values
        data = self.carry + chunk
        end = data.find(b"</sheetData>")
        if end >= 0:
            self.carry, self.done = b"", True
            self._scan(data[:end])
            return
        cut = max(_end_of(data, b"</c>"), _end_of(data, b"</row>"))
        if cut == 0:
            if len(data) > MAX_OPEN_CELL_BYTES:
                raise RegisterError("damaged", self.path, detail=f"lapa / sheet {self.sheet}")
            self.carry = data
            return
        self.carry = data[cut:]
        self._scan(data[:cut])

    def finish(self) -> bool:
        """Scan what is left; True when the sheet is within bounds, False when only an exact pass can tell."""
        self._scan(self.carry)
        self.carry = b""
        if not self.exact:
            return self.max_row * self.max_col <= MAX_CELLS_PER_SHEET
        columns = {column_index(letters) for letters in self.used}
        if self.packable and self.max_row * self.max_col > PACK_FROM_CELLS and 2 * len(columns) <= self.max_col:
            self.columns = columns
        self._check(final=True)
        return True

    def _scan(self, segment: bytes) -> None:
        long_address = _LONG_ADDRESS.search(segment) is not None
        if long_address and (huge := _huge_ref(segment)):                  # beyond Excel's XFD1048576 by far: calamine would overflow
            raise RegisterError("damaged", self.path, detail=f"lapa / sheet “{self.sheet}”: {huge[1][:24].decode()}")
        # Every cell written `<c r="…` as Excel writes it? One count of `<c` sees every cell (and
        # `<color`, `<charset` of rich text too): only when it finds more, the cells are looked at.
        cells = segment.count(b"<c")
        addressed = segment.count(b'<c r="') if cells else 0
        prefixed = _has_prefixed_tag(segment)
        excel_form = not prefixed and (addressed == cells or _UNADDRESSED_CELL.search(segment) is None)
        if excel_form and not self.exact:   # each cell starts with its address, as Excel writes it
            if cells:
                large = _LARGE_CELL.findall(segment) if long_address else []
                rows = [int(number) for letters, number in large if len(number) >= 6]
                wide = {letters.upper() for letters, _ in large if len(letters) >= 2}
                self.max_row = max(self.max_row, max(rows) if rows else _QUICK_ROWS)
                self.max_col = max(self.max_col, max(map(column_index, wide)) if wide else _QUICK_COLUMNS)
                self._check(rows_only=True)
            self._follow_rows(segment)
        elif excel_form:
            found = _VALUE_CELL.findall(segment)
            if found:
                letters = {letters for letters, _ in found}
                if not all(map(bytes.isupper, letters)):
                    self.packable = False                # `_packed_sheet` renames upper-case addresses only
                    letters = {item.upper() for item in letters}
                self.used |= letters
                self.max_row = max(self.max_row, max(int(number) for _, number in found))
                self.max_col = max(self.max_col, max(map(column_index, letters)))
            self._follow_rows(segment)
            self._check()
        else:                                        # another writer: follow rows and cells as calamine does
            self.packable = False
            column = 0
            for match in (_ROW_OR_CELL_PREFIXED if prefixed else _ROW_OR_CELL).finditer(segment):
                if match[1] is not None:
                    number = _R_NUMBER.search(match[1])
                    self.row = int(number[1] or number[2]) if number else self.row + 1
                    column = 0
                    continue
                ref = _CELL_REF.search(match[2])
                if ref:
                    name, digits = (ref[1], ref[2]) if ref[1] is not None else (ref[3], ref[4])
                    column, row = column_index(name.upper()), int(digits)
                else:
                    column, row = column + 1, max(self.row, 1)
                if not match[2].endswith(b"/"):      # a self-closing cell holds no value
                    self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, column)
            self._check(rows_only=not self.exact)
        if b't="e"' in segment:
            for pattern in (_ERROR_CELL, _ERROR_CELL_T_FIRST):
                for m in pattern.finditer(segment):
                    self.errors[(int(m[2]), column_index(m[1]))] = m[3].decode()

    def _follow_rows(self, segment: bytes) -> None:
        """Where a later cell without an address would stand."""
        last = segment.rfind(b"<row")
        if last < 0:
            return
        number = _R_NUMBER.search(segment, last, segment.find(b">", last) + 1 or len(segment))
        if number:
            self.row = int(number[1] or number[2])
        else:
            self.row += len(_ROW_TAG.findall(segment))

    def _check(self, rows_only: bool = False, final: bool = False) -> None:
        check_extent(self.path, self.sheet, self.max_row, 0)
        if self.max_col > EXCEL_MAX_COLUMNS:                 # ZZZZ9: beyond XFD, Excel itself opens nothing
            raise RegisterError("damaged", self.path, detail=f"lapa / sheet “{self.sheet}”: "
                                f"{column_letter(self.max_col)} > {column_letter(EXCEL_MAX_COLUMNS)}")
        width = self.max_col
        if final and self.columns is not None:
            width = len(self.columns)
        elif not final and self.exact and self.packable:     # it may yet be packed: its used columns so far
            width = len(self.used)
        if not rows_only:
            check_extent(self.path, self.sheet, self.max_row, self.max_col, width)


def _huge_ref(segment: bytes) -> re.Match | None:
    """The first ` r="…"` address in segment beyond any bound (`_HUGE_REF`), or None."""
    for match in _HUGE_REF.finditer(segment):
        if match.start() > 0 and segment[match.start() - 1] in _XML_SPACE:
            return match
    return None


def _has_prefixed_tag(segment: bytes) -> bool:
    """A cell or row written with a namespace prefix (`<x:c …>`), which calamine reads as any other.

    Three steps from cheap to exact: most sheets have no colon at all (a memchr), Excel's have one
    in every row (`spans="1:15"`) but no `:c` before a space or `>`."""
    return b":" in segment and _PREFIXED_TAG_END.search(segment) is not None and _PREFIXED_TAG.search(segment) is not None


def _end_of(data: bytes, marker: bytes) -> int:
    """The position just after the last `marker` in data, or 0."""
    found = data.rfind(marker)
    return found + len(marker) if found >= 0 else 0


def _count(number: int) -> str:
    """1048576 -> '1 048 576' (Latvian thousands, a non-breaking space)."""
    return f"{number:,}".replace(",", "\u00a0")


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


def _sheet_parts(archive: zipfile.ZipFile, path: Path, raw: BinaryIO, repairs: _Repairs) -> dict[str, str]:
    """Sheet name -> its XML part, read from workbook.xml and its relationships.

    Read through our own bounded unpacking: zipfile's `read()` asks zlib for up to 2 GB at once,
    which a lying header turns into a memory spike before the size check could stop it.
    A relationship target is resolved as Excel resolves it (`_resolve_target`); one calamine would
    not find is noted in `repairs` and rewritten for it as an absolute part name.
    """
    def read(name: str) -> bytes:
        return b"".join(_checked_xml_chunks(path, raw, archive.getinfo(name)))

    names = set(archive.namelist())
    by_lower = {name.lower(): name for name in names}
    workbook = read("xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = read(rels_name) if rels_name in names else b""
    targets: dict[str, str] = {}
    for element in re.finditer(rb"<Relationship\b[^>]*>", rels):
        rid, target = _attribute(element[0], b"Id"), _attribute(element[0], b"Target")
        if not rid or not target or _attribute(element[0], b"TargetMode") == "External":
            continue
        part = _resolve_target(_xml_unescape(target), names, by_lower)
        if part is None:
            continue
        targets[rid] = part
        if part != _calamine_target(_xml_unescape(target)):
            repairs.targets.setdefault(rels_name, {})[rid] = "/" + part
    parts: dict[str, str] = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*)/?>", workbook):
        name = _attribute(m[1], b"name")
        rid = _attribute(m[1], b"r:id") or _attribute(m[1], rb"\w+:id")
        if name and rid and rid in targets:
            parts[_xml_unescape(name)] = targets[rid]
    return parts


def _calamine_target(target: str) -> str:
    """The part calamine opens for a workbook relationship's target: absolute, or under xl/."""
    return target[1:] if target.startswith("/") else "xl/" + target


def _resolve_target(target: str, names: set[str], by_lower: dict[str, str]) -> str | None:
    """The part a workbook relationship points to, as Excel finds it.

    Valid targets calamine does not follow: relative ones with `./` or `../`, percent-escapes,
    backslashes, a different letter case, and a target that already names the `xl/` folder
    (Excel on Windows Phone writes `xl/worksheets/sheet1.xml` beside `xl/workbook.xml`).
    """
    if "%" in target:                       # percent-escapes (urllib's parser is imported only for them)
        from urllib.parse import unquote

        target = unquote(target)
    target = target.replace("\\", "/").strip()
    if not target:
        return None
    if target.startswith("/"):
        candidates = [posixpath.normpath(target).lstrip("/")]
    else:
        candidates = [posixpath.normpath(posixpath.join("xl", target)), posixpath.normpath(target)]
    for candidate in candidates:
        found = candidate if candidate in names else by_lower.get(candidate.lower())
        if found is not None:
            return found
    return None


def _head(archive: zipfile.ZipFile, name: str, size: int = 4096) -> bytes:
    """The start of a part, unpacking no more than that."""
    with archive.open(name) as part:
        return part.read(size)


def _attribute(element: bytes, name: bytes) -> str | None:
    match = re.search(rb"\s" + name + rb'="([^"]*)"', element)
    return match[1].decode("utf-8") if match else None


def _xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def column_index(letters: str | bytes) -> int:
    """'A' -> 1, 'AB' -> 28."""
    number = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        number = number * 26 + (ch - 64)
    return number


def column_letter(index: int) -> str:
    """1 -> 'A', 28 -> 'AB'."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
