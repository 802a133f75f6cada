"""The bounds of `.xlsx`, kept for the other formats python-calamine reads: `.ods`, `.xls`, `.xlsb`.

calamine builds one dense grid per sheet from the first to the last cell with a value, and keeps
every shared string; it reads Excel error values (`#REF!`, `#N/A` …) as empty strings in every
format. So, before calamine sees a file, each format's sheets are scanned here with bounded memory
for their largest row and column with a value (against MAX_ROWS_PER_SHEET and MAX_CELLS_PER_SHEET),
their shared strings (MAX_SHARED_STRINGS) and their error cells:

- `.ods` is a ZIP like `.xlsx`: the same declared-size, chunked-unpacking and DOCTYPE/ENTITY checks
  apply to every part; content.xml is read by a pull parser that drops each row once read, and
  repeated rows/columns (`table:number-rows-repeated`) count as the cells they stand for;
- `.xlsb` is a ZIP of binary records: the same ZIP checks, then each sheet's records;
- `.xls` is an OLE compound file: a size bound on the file (it is read whole), the FILEPASS record
  that marks a password to open, then the BIFF records of each sheet.
"""
from __future__ import annotations

import posixpath
import re
import struct
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from erasmus_xl.model.errors import RegisterError

MAX_XLS_MB = 128                 # an .xls is read whole (by olefile and by calamine): at most this large

ErrorCells = dict[str, dict[tuple[int, int], str]]   # sheet name -> {(row, col) 1-based: "#REF!"}
Bounds = Callable[[str, int, int], None]             # (sheet, max row, max column) -> raises when over

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_ODS_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")

# Excel's error codes, as BIFF8 and XLSB store them
_ERROR_CODES = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
                0x2A: "#N/A", 0x2B: "#GETTING_DATA"}


# --- .ods -------------------------------------------------------------------------------------------

def _element_events(parser: XMLPullParser[Element]) -> Iterator[tuple[str, Element]]:
    """The events read so far, typed: a parser asked for start/end events only gives elements."""
    for event in parser.read_events():
        kind, element = event[0], event[-1]
        if isinstance(element, Element):
            yield kind, element


def scan_ods(path: Path, chunks: Iterable[bytes], bounds: Bounds) -> ErrorCells:
    """Each table of content.xml (its unpacked bytes, already checked for DOCTYPE/ENTITY)."""
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    errors: ErrorCells = {}
    stack: list[Element] = []
    table, row, column, row_repeat, max_row, max_col = "", 0, 0, 1, 0, 0
    try:
        for chunk in chunks:
            parser.feed(chunk)
            for event, element in _element_events(parser):
                tag = element.tag
                if event == "start":
                    stack.append(element)
                    if tag == _TABLE + "table":
                        table, row, max_row, max_col = element.get(_TABLE + "name", ""), 0, 0, 0
                        errors[table] = {}
                    elif tag == _TABLE + "table-row":
                        row_repeat, column = _repeat(element, "number-rows-repeated"), 0
                    continue
                stack.pop()
                if tag in _ODS_CELLS:
                    repeat = _repeat(element, "number-columns-repeated")
                    if element.get(_OFFICE + "value-type") is not None or len(element):
                        max_row, max_col = max(max_row, row + row_repeat), max(max_col, column + repeat)
                        bounds(table, max_row, max_col)
                        if element.get(_CALCEXT + "value-type") == "error":
                            errors[table][(row + 1, column + 1)] = "".join(element.itertext()).strip() or "#VALUE!"
                    column += repeat
                elif tag == _TABLE + "table-row":
                    row += row_repeat
                else:
                    continue
                if stack:
                    stack[-1].remove(element)     # a row or cell read is dropped: memory stays flat
        parser.close()
    except ParseError as exc:
        raise RegisterError("damaged", path, detail=f"content.xml: {str(exc)[:80]}") from None
    return errors


def _repeat(element: Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(_TABLE + attribute, "1")))
    except ValueError:
        return 1


# --- .xlsb ------------------------------------------------------------------------------------------

_BRT_ROW_HDR, _BRT_CELL_ERROR, _BRT_FMLA_ERROR, _BRT_CELL_RSTRING = 0x00, 0x03, 0x0B, 0x3E
_BRT_VALUE_CELLS = frozenset({0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x3E})
_BRT_BUNDLE_SH, _BRT_BEGIN_SST = 0x9C, 0x9F
# Compact cells (no column: the one after the previous cell), written by newer Excel and by SheetJS.
# python-calamine 0.9 skips them without a word, so a sheet holding them would lose values: refused.
_BRT_SHORT_VALUE_CELLS = frozenset(range(0x0D, 0x13))


def xlsb_records(chunks: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(record type, payload) of an XLSB part: variable-length type (≤ 2 bytes) and size (≤ 4 bytes).

    A record is at most 2^28 bytes by its encoding; one longer than the bytes left is a damaged part.
    """
    buffer = b""
    position = 0
    for chunk in chunks:
        buffer = buffer[position:] + chunk
        position = 0
        while True:
            header = _record_header(buffer, position)
            if header is None:
                break
            kind, size, start = header
            if start + size > len(buffer):
                break
            yield kind, buffer[start:start + size]
            position = start + size
    if buffer[position:].strip(b"\x00"):
        raise ValueError("a record runs past the end of its part")


def _record_header(buffer: bytes, position: int) -> tuple[int, int, int] | None:
    """(type, size, payload start) at `position`, or None when the header is not all in `buffer`."""
    values = []
    for length in (2, 4):                 # 7 bits a byte, the high bit says another byte follows
        value = 0
        for index in range(length):
            if position >= len(buffer):
                return None
            byte = buffer[position]
            position += 1
            value |= (byte & 0x7F) << (7 * index)
            if not byte & 0x80:
                break
        values.append(value)
    return values[0], values[1], position


def xlsb_sheet_parts(workbook: Iterable[tuple[int, bytes]], rels: bytes, names: set[str]) -> dict[str, str]:
    """Sheet name -> its part, from workbook.bin's BrtBundleSh records and the relationships."""
    targets = {m[1].decode(): m[2].decode() for m in
               re.finditer(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"', rels)}
    targets.update({m[2].decode(): m[1].decode() for m in
                    re.finditer(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"', rels)})
    parts: dict[str, str] = {}
    for kind, payload in workbook:
        if kind != _BRT_BUNDLE_SH or len(payload) < 12:
            continue
        rel_id, rest = _wide_string(payload[8:])
        name, _ = _wide_string(rest)
        target = targets.get(rel_id, "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if name and part in names:
            parts[name] = part
    return parts


def _wide_string(data: bytes) -> tuple[str, bytes]:
    if len(data) < 4:
        return "", b""
    (count,) = struct.unpack_from("<I", data)
    if count == 0xFFFFFFFF:
        return "", data[4:]
    end = 4 + 2 * count
    return data[4:end].decode("utf-16-le", "replace"), data[end:]


def scan_xlsb_sheet(path: Path, sheet: str, records: Iterable[tuple[int, bytes]],
                    bounds: Bounds) -> dict[tuple[int, int], str]:
    """One sheet's largest row/column with a value, checked as it grows, and its error cells."""
    errors: dict[tuple[int, int], str] = {}
    row = max_row = max_col = 0
    for kind, payload in records:
        if kind in _BRT_SHORT_VALUE_CELLS:
            raise RegisterError("xlsb_compact_cells", path, sheet=sheet)
        if kind == _BRT_ROW_HDR and len(payload) >= 4:
            (row,) = struct.unpack_from("<I", payload)
        elif kind in _BRT_VALUE_CELLS and len(payload) >= 8:
            (column,) = struct.unpack_from("<I", payload)
            if row + 1 > max_row or column + 1 > max_col:
                max_row, max_col = max(max_row, row + 1), max(max_col, column + 1)
                bounds(sheet, max_row, max_col)
            if kind in (_BRT_CELL_ERROR, _BRT_FMLA_ERROR) and len(payload) >= 9:
                errors[(row + 1, column + 1)] = _ERROR_CODES.get(payload[8], "#VALUE!")
    return errors


def xlsb_string_count(records: Iterable[tuple[int, bytes]]) -> int:
    """The unique strings sharedStrings.bin declares (its BrtBeginSst record)."""
    for kind, payload in records:
        if kind == _BRT_BEGIN_SST and len(payload) >= 8:
            return struct.unpack_from("<I", payload, 4)[0]
    return 0


# --- .xls -------------------------------------------------------------------------------------------

_BOF, _EOF, _FILEPASS, _BOUNDSHEET, _SST = 0x0809, 0x000A, 0x002F, 0x0085, 0x00FC
_FORMULA, _BOOLERR, _MULRK = 0x0006, 0x0205, 0x00BD
_XLS_VALUE_CELLS = frozenset({0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6, 0x00BD})
_RECORD = struct.Struct("<HH")


def scan_xls(path: Path, bounds: Bounds, max_strings: int) -> ErrorCells:
    """The BIFF records of an .xls: password, shared strings, each worksheet's extent and errors."""
    import olefile

    size = path.stat().st_size
    if size > MAX_XLS_MB * 1024 * 1024:
        raise RegisterError("too_large", path, size=-(-size // (1024 * 1024)), limit=MAX_XLS_MB)
    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = next((name for name in ("Workbook", "Book") if ole.exists(name)), None)
            if stream is None:
                raise RegisterError("not_a_workbook", path, detail="OLE fails bez Excel darbgrāmatas / an OLE file without a workbook")
            data = ole.openstream(stream).read()
    except RegisterError:
        raise
    except (OSError, ValueError, struct.error, IndexError, KeyError, TypeError) as exc:
        raise RegisterError("damaged", path, detail=f"OLE: {type(exc).__name__}") from None
    sheets: list[tuple[int, str]] = []
    for kind, payload in _biff_records(data, 0):
        if kind == _FILEPASS:
            raise RegisterError("password_protected", path)
        if kind == _BOUNDSHEET and len(payload) >= 8 and payload[5] == 0:   # a worksheet, not a chart or macro
            sheets.append((struct.unpack_from("<I", payload)[0], _short_string(payload[6:])))
        elif kind == _SST and len(payload) >= 8 and struct.unpack_from("<I", payload, 4)[0] > max_strings:
            raise RegisterError("too_many_strings", path, count=struct.unpack_from("<I", payload, 4)[0],
                                limit=max_strings)
    errors: ErrorCells = {}
    for offset, name in sheets:
        found: dict[tuple[int, int], str] = {}
        max_row = max_col = 0
        for kind, payload in _biff_records(data, offset):
            if kind not in _XLS_VALUE_CELLS or len(payload) < 6:
                continue
            row, column = struct.unpack_from("<HH", payload)
            last = struct.unpack_from("<H", payload, len(payload) - 2)[0] if kind == _MULRK else column
            if row + 1 > max_row or last + 1 > max_col:
                max_row, max_col = max(max_row, row + 1), max(max_col, last + 1)
                bounds(name, max_row, max_col)
            if kind == _BOOLERR and len(payload) >= 8 and payload[7] == 1:
                found[(row + 1, column + 1)] = _ERROR_CODES.get(payload[6], "#VALUE!")
            elif kind == _FORMULA and len(payload) >= 14 and payload[12:14] == b"\xff\xff" and payload[6] == 2:
                found[(row + 1, column + 1)] = _ERROR_CODES.get(payload[8], "#VALUE!")
        errors[name] = found
    return errors


def _biff_records(data: bytes, offset: int) -> Iterator[tuple[int, bytes]]:
    """The records of one substream (BOF … EOF) from `offset`; a cut record ends it."""
    position = offset
    while position + 4 <= len(data):
        kind, length = _RECORD.unpack_from(data, position)
        payload = data[position + 4:position + 4 + length]
        if len(payload) < length:
            return
        yield kind, payload
        position += 4 + length
        if kind == _EOF:
            return


def _short_string(data: bytes) -> str:
    """A BIFF8 ShortXLUnicodeString: a count, a flag (bit 0: two bytes a character), the characters."""
    if len(data) < 2:
        return ""
    count, flags = data[0], data[1]
    if flags & 1:
        return data[2:2 + 2 * count].decode("utf-16-le", "replace")
    return data[2:2 + count].decode("latin-1")
