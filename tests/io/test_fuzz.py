"""Fuzzing of our own: real workbooks mutated at the ZIP and XML level, read by `validate` and
`report` as a user would run them.

The seeds are the third-party corpus (tests/data/third_party: openpyxl, XlsxWriter, LibreOffice,
Google-Sheets-style, Excel-mobile relationships, UTF-16 parts, an oversized part). Each case is
one seed, one mutation and one seed number (random.Random(f"{seed}/{mutation}/{n}"), so every run
makes the same files). For each case the test asserts: exit 0, 1 or 2 and never 3; exit 2 with the
file message ("Kļūda:" and the file's name); no Python traceback and no Rust panic text; the input's
bytes unchanged and nothing written beside it but the command's own output; and the process's peak
memory (a high-water mark, so it catches any single case) under PEAK_RSS_LIMIT_MB.

Commands run in-process through typer's CliRunner (starting Python ~600 times would take minutes):
`validate` on every case, `report` on every case `validate` refuses (it must refuse too) and on a
deterministic sample of the readable ones (a report draws eight charts: seconds each).
`test_a_sample_of_mutants_under_the_address_space_cap` runs one case per mutation as a real process
under the 1.5 GB RLIMIT_AS of tests/io/test_hostile_inputs.py.
"""
from __future__ import annotations

import hashlib
import random
import re
import resource
import shutil
import struct
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from conftest import flat
from test_hostile_inputs import Run, listing, run_all
from typer.testing import CliRunner

from erasmus_xl.cli import app

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "data" / "third_party"
SEED_FILES = sorted(p.name for p in SEEDS.glob("*.xlsx"))
# zipfile cannot unpack the oversized part (it stops at the declared size): ZIP-level mutations only
XML_SEED_FILES = [name for name in SEED_FILES if name != "oversized-part.xlsx"]
ROUNDS = 4                  # seeds per (file, mutation)
REPORT_EVERY = 25           # report on every 25th readable case (and on every refused one)
PEAK_RSS_LIMIT_MB = 1024
TODAY = "2026-01-15"

Parts = list[tuple[str, bytes]]

# --------------------------------------------------------------------------------------------
# Mutations: each takes the package's parts (or, for the ZIP level, its bytes) and a Random.
# --------------------------------------------------------------------------------------------

NUMBERS = ["1e308", "-1e308", "NaN", "nan", "inf", "-inf", "1e-320", "-0", "99999999999999999999999", "2958466",
           "-1", "1.7976931348623157e309", " 12 ", "", "abc", "0x10", "1e11", "-1e11"]
FAR_REFS = ["XFD1048576", "XFD5", "ZZZZ9", "A199999", "A200001", "AAA3", "XFD700", "B0", "A-1", "1A", "XFE1", "a1",
            "AAAAA9", "A9999999999"]
CELL_TYPES = ["s", "n", "b", "e", "str", "inlineStr", "d", "x", ""]
STYLE_INDEXES = ["999", "-1", "x", "4294967296", "1e3"]
STRING_INDEXES = ["999999", "-1", "abc", "1e9", "", "2.5", "18446744073709551616"]
_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>.*?</c>)", re.S)
_ELEMENTS = re.compile(rb"<c\b[^>]*?(?:/>|>.*?</c>)|<row\b[^>]*?(?:/>|>.*?</row>)|<si>.*?</si>|<sheet\b[^>]*/>"
                       rb"|<Relationship\b[^>]*/>|<xf\b[^>]*?(?:/>|>.*?</xf>)|<numFmt\b[^>]*/>|<sheetData>|</sheetData>"
                       rb"|<dimension\b[^>]*/>|<mergeCell\b[^>]*/>", re.S)


def _sheets(parts: Parts) -> list[int]:
    return [i for i, (name, _) in enumerate(parts) if name.startswith("xl/worksheets/") and name.endswith(".xml")]


def _xml_parts(parts: Parts) -> list[int]:
    return [i for i, (name, _) in enumerate(parts) if name.endswith((".xml", ".rels"))]


def _text(data: bytes) -> tuple[str, str]:
    """A part's text and its codec (the UTF-16 seed has UTF-16 parts)."""
    for codec, mark in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        if data.startswith(mark):
            return data[2:].decode(codec, "replace"), codec
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", "replace"), "utf-16-le"
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", "replace"), "utf-16-be"
    return data.decode("utf-8", "replace"), "utf-8"


def _edit(parts: Parts, index: int, change: Callable[[bytes], bytes]) -> Parts:
    """Change one part as UTF-8 bytes, writing it back in its own encoding."""
    name, data = parts[index]
    text, codec = _text(data)
    changed = change(text.encode("utf-8")).decode("utf-8", "replace").encode(codec, "replace")
    return parts[:index] + [(name, changed)] + parts[index + 1:]


def _replace_one(pattern: re.Pattern, rng: random.Random, change: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """An edit of one match of `pattern`, chosen at random, by `change`."""
    def edit(xml: bytes) -> bytes:
        found = list(pattern.finditer(xml))
        if not found:
            return xml
        match = rng.choice(found)
        return xml[:match.start()] + change(match[0]) + xml[match.end():]
    return edit


def _edit_cell(parts: Parts, rng: random.Random, change: Callable[[bytes], bytes]) -> Parts:
    return _edit(parts, rng.choice(_sheets(parts)), _replace_one(_CELL, rng, change))


def _set_attribute(cell: bytes, name: bytes, value: bytes) -> bytes:
    head, _, rest = cell.partition(b">")
    head = re.sub(rb"\s" + name + rb'="[^"]*"', b"", head)
    closing = head.endswith(b"/")
    head = head.rstrip(b"/") + b" " + name + b'="' + value + b'"' + (b"/" if closing else b"")
    return head + b">" + rest


def _set_value(cell: bytes, value: bytes) -> bytes:
    if b"<v>" in cell:
        return re.sub(rb"<v>[^<]*</v>", lambda _: b"<v>" + value + b"</v>", cell, count=1)
    head = cell.split(b">", 1)[0].rstrip(b"/")
    return head + b"><v>" + value + b"</v></c>"


def delete_element(parts: Parts, rng: random.Random) -> Parts:
    return _edit(parts, rng.choice(_xml_parts(parts)), _replace_one(_ELEMENTS, rng, lambda _: b""))


def wrong_cell_type(parts: Parts, rng: random.Random) -> Parts:
    return _edit_cell(parts, rng, lambda cell: _set_attribute(cell, b"t", rng.choice(CELL_TYPES).encode()))


def bogus_shared_string(parts: Parts, rng: random.Random) -> Parts:
    return _edit_cell(parts, rng, lambda cell: _set_value(_set_attribute(cell, b"t", b"s"),
                                                          rng.choice(STRING_INDEXES).encode()))


def bogus_style(parts: Parts, rng: random.Random) -> Parts:
    return _edit_cell(parts, rng, lambda cell: _set_attribute(cell, b"s", rng.choice(STYLE_INDEXES).encode()))


def odd_number(parts: Parts, rng: random.Random) -> Parts:
    """A number cell (often a date: the seeds' date columns are styled) holding an extreme value."""
    def change(cell: bytes) -> bytes:
        cell = re.sub(rb'\st="[^"]*"', b"", cell.split(b">", 1)[0]) + b">" + cell.split(b">", 1)[1] if b">" in cell else cell
        cell = re.sub(rb"<is>.*?</is>", b"", cell, flags=re.S)
        return _set_value(cell, rng.choice(NUMBERS).encode())
    return _edit_cell(parts, rng, change)


def far_reference(parts: Parts, rng: random.Random) -> Parts:
    return _edit_cell(parts, rng, lambda cell: _set_attribute(cell, b"r", rng.choice(FAR_REFS).encode()))


def duplicate_sheet_name(parts: Parts, rng: random.Random) -> Parts:
    index = next(i for i, (name, _) in enumerate(parts) if name == "xl/workbook.xml")

    def duplicate(xml: bytes) -> bytes:
        names = re.findall(rb'<sheet\b[^>]*\sname="([^"]*)"', xml)
        if len(names) < 2:
            return xml
        first, second = rng.sample(range(len(names)), 2)
        count = [0]

        def rename(m: re.Match) -> bytes:
            count[0] += 1
            return m[1] + names[first] + m[3] if count[0] - 1 == second else m[0]
        return re.sub(rb'(<sheet\b[^>]*\sname=")([^"]*)(")', rename, xml)
    return _edit(parts, index, duplicate)


def missing_target(parts: Parts, rng: random.Random) -> Parts:
    """A part the workbook's relationships point to is gone, or its target names nothing."""
    if rng.random() < 0.5:
        candidates = [i for i, (name, _) in enumerate(parts) if name.startswith("xl/") and name.endswith(".xml")
                      and name != "xl/workbook.xml"]
        drop = rng.choice(candidates)
        return parts[:drop] + parts[drop + 1:]
    index = next((i for i, (name, _) in enumerate(parts) if name == "xl/_rels/workbook.xml.rels"), None)
    if index is None:
        return parts
    return _edit(parts, index, lambda xml: re.sub(rb'Target="[^"]*"', b'Target="worksheets/nowhere.xml"', xml,
                                                   count=rng.randint(1, 3)))


def truncate_part(parts: Parts, rng: random.Random) -> Parts:
    index = rng.choice(_xml_parts(parts))
    name, data = parts[index]
    return parts[:index] + [(name, data[:rng.randrange(len(data) + 1)])] + parts[index + 1:]


def garbage_in_part(parts: Parts, rng: random.Random) -> Parts:
    index = rng.choice(_xml_parts(parts))
    name, data = parts[index]
    at = rng.randrange(len(data) + 1)
    junk = bytes(rng.choice(b"<>&\"'/=\x00\xff\xfe;#x") for _ in range(rng.randint(1, 12)))
    return parts[:index] + [(name, data[:at] + junk + data[at:])] + parts[index + 1:]


def _zip(parts: Parts) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def truncate_file(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    changed = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        changed[rng.randrange(len(changed))] ^= 1 << rng.randrange(8)
    return bytes(changed)


def lying_header(data: bytes, rng: random.Random) -> bytes:
    """One entry's declared size, packed size, CRC or name length changed in the central directory
    or the local header (a small miscount, a large one, zero, the maximum)."""
    changed = bytearray(data)
    headers = [m.start() for m in re.finditer(rb"PK\x01\x02|PK\x03\x04", data)]
    at = rng.choice(headers)
    central = changed[at:at + 4] == b"PK\x01\x02"
    field = rng.choice([("crc", 16 if central else 14, "<L"), ("packed", 20 if central else 18, "<L"),
                        ("size", 24 if central else 22, "<L"), ("name", 28 if central else 26, "<H")])
    _, offset, kind = field
    old = struct.unpack_from(kind, changed, at + offset)[0]
    limit = 0xFFFFFFFF if kind == "<L" else 0xFFFF
    new = rng.choice([old + rng.randint(1, 64), max(old - rng.randint(1, 64), 0), 0, limit, old * 1000])
    struct.pack_into(kind, changed, at + offset, min(new, limit))
    return bytes(changed)


def empty_or_duplicate_name(data: bytes, rng: random.Random) -> bytes:
    """An entry whose name is emptied (zipfile's is_dir fails on it) or made equal to another's."""
    changed = bytearray(data)
    centrals = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    at = rng.choice(centrals)
    length = struct.unpack_from("<H", changed, at + 28)[0]
    if rng.random() < 0.5 or len(centrals) < 2:
        changed[at + 46:at + 46 + length] = b"\x00" * length if rng.random() < 0.5 else b"/" * length
        return bytes(changed)
    other = rng.choice([c for c in centrals if c != at])
    other_length = struct.unpack_from("<H", changed, other + 28)[0]
    name = bytes(changed[other + 46:other + 46 + other_length])
    changed[at + 46:at + 46 + length] = (name + b"x" * length)[:length]
    return bytes(changed)


XML_MUTATIONS: dict[str, Callable[[Parts, random.Random], Parts]] = {
    f.__name__: f for f in (delete_element, wrong_cell_type, bogus_shared_string, bogus_style, odd_number,
                            far_reference, duplicate_sheet_name, missing_target, truncate_part, garbage_in_part)}
ZIP_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    f.__name__: f for f in (truncate_file, flip_bytes, lying_header, empty_or_duplicate_name)}
MUTATIONS = [*XML_MUTATIONS, *ZIP_MUTATIONS]


def mutant(seed_file: str, mutation: str, round_: int) -> bytes:
    """The bytes of one case: always the same for the same arguments."""
    rng = random.Random(f"{seed_file}/{mutation}/{round_}")
    data = (SEEDS / seed_file).read_bytes()
    if mutation in ZIP_MUTATIONS:
        return ZIP_MUTATIONS[mutation](data, rng)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    for _ in range(1 + (round_ == ROUNDS - 1)):           # the last round stacks two mutations
        parts = XML_MUTATIONS[mutation](parts, rng)
    return _zip(parts)


CASES = [(seed, mutation, n) for seed in SEED_FILES for mutation in MUTATIONS for n in range(ROUNDS)
         if seed in XML_SEED_FILES or mutation in ZIP_MUTATIONS]


# --------------------------------------------------------------------------------------------
# Running the commands.
# --------------------------------------------------------------------------------------------

def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_output(code: int, output: str, file: str, shown: str) -> None:
    assert code in (0, 1, 2), shown
    assert "Traceback" not in output and "Neparedzēta kļūda" not in output, shown
    assert "panicked" not in output and "RUST_BACKTRACE" not in output, shown
    if code == 2:
        assert "Kļūda:" in output and file in flat(output), shown


_readable = [0]


@pytest.mark.parametrize("seed_file, mutation, round_", CASES, ids=[f"{s}-{m}-{n}" for s, m, n in CASES])
def test_a_mutated_workbook_gives_a_finding_or_a_file_message(tmp_path, seed_file, mutation, round_):
    name = f"{Path(seed_file).stem}-{mutation}-{round_}.xlsx"
    path = tmp_path / name
    path.write_bytes(mutant(seed_file, mutation, round_))
    before, files = _digest(path), listing(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(path), "--today", TODAY])
    _check_output(result.exit_code, result.output, name, f"validate {name} -> {result.exit_code}\n{result.output[-2000:]}")
    assert _digest(path) == before and listing(tmp_path) == files
    refused = result.exit_code == 2
    if not refused:
        _readable[0] += 1
    if refused or _readable[0] % REPORT_EVERY == 1:
        report = runner.invoke(app, ["report", str(path), "--year", "2025", "--as-of", TODAY])
        shown = f"report {name} -> {report.exit_code}\n{report.output[-2000:]}"
        _check_output(report.exit_code, report.output, name, shown)
        assert (report.exit_code == 2) == refused, shown
        assert _digest(path) == before
        added = listing(tmp_path) - files
        assert added == (set() if refused else {f"{path.stem}-parskats-2025.docx"}), added
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < PEAK_RSS_LIMIT_MB, f"{name}: the process reached {peak_mb:.0f} MB"


def test_the_mutants_are_deterministic_and_really_mutated():
    for seed_file, mutation, round_ in CASES[::17]:
        first = mutant(seed_file, mutation, round_)
        assert first == mutant(seed_file, mutation, round_)
    original = (SEEDS / SEED_FILES[0]).read_bytes()
    changed = [mutant(SEED_FILES[0], mutation, 0) != original for mutation in MUTATIONS]
    assert all(changed), dict(zip(MUTATIONS, changed, strict=False))


def test_the_fuzzing_covers_several_hundred_cases_and_every_mutation():
    assert len(CASES) >= 300
    assert {mutation for _, mutation, _ in CASES} == set(MUTATIONS) and len(MUTATIONS) >= 14
    assert len(SEED_FILES) >= 6


def test_a_sample_of_mutants_under_the_address_space_cap(tmp_path):
    """One case per mutation (on rotating seeds) as a real `python -m erasmus_xl validate` process
    under RLIMIT_AS 1.5 GB: what in-process runs cannot show (a native abort, a real allocation cap)."""
    runs = []
    for number, mutation in enumerate(MUTATIONS):
        seed_file = XML_SEED_FILES[number % len(XML_SEED_FILES)]
        folder = tmp_path / mutation
        folder.mkdir()
        name = f"{mutation}.xlsx"
        (folder / name).write_bytes(mutant(seed_file, mutation, 0))
        runs.append((folder, name, _digest(folder / name), Run(["validate", name, "--today", TODAY], folder)))
    run_all([run for *_, run in runs])
    for folder, name, before, run in runs:
        shown = f"{name} -> {run.returncode}\n{run.stdout[-1500:]}\n{run.stderr[-1500:]}"
        assert not run.timed_out, shown
        _check_output(run.returncode, run.output, name, shown)
        assert run.peak_mb < PEAK_RSS_LIMIT_MB, (name, run.peak_mb)
        assert _digest(folder / name) == before and listing(folder) == {name}


def test_the_seed_corpus_is_untouched_by_fuzzing(tmp_path):
    """Mutations work on copies in memory: the committed seeds still read cleanly."""
    for seed_file in SEED_FILES:
        shutil.copyfile(SEEDS / seed_file, tmp_path / seed_file)
        result = CliRunner().invoke(app, ["validate", str(tmp_path / seed_file), "--today", TODAY])
        assert result.exit_code == 1, result.output           # the two deliberate findings
