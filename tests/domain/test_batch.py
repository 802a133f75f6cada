"""Reading a folder of registers: discovery, bad files skipped with reasons, merging with sources."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from builders import PROJECT, valid_rows, write_workbook

from erasmus_xl.domain.batch import discover, read_folder

TODAY = dt.date(2026, 11, 22)


def _coordinator_rows(prefix: str, learners: int) -> dict:
    """A coordinator's register: the shared project and partner, `learners` own mobilities."""
    rows = valid_rows()
    base = rows["mobilities"][0]
    rows["mobilities"] = [dict(base, id=f"{prefix}{i}", first_name=f"{prefix}-vārds{i}",
                               start_date=dt.date(2025, 9, 1) + dt.timedelta(days=30 * i),
                               end_date=dt.date(2025, 9, 21) + dt.timedelta(days=30 * i)) for i in range(learners)]
    rows["feedback"] = [dict(rows["feedback"][0], mobility_id=f"{prefix}0")]
    rows["finance"] = [dict(rows["finance"][0], document_no=f"{prefix}-RĒĶ-1", mobility_id=f"{prefix}0")]
    rows["incoming"] = [dict(rows["incoming"][0], id=f"{prefix}-U1")]
    rows["events"] = [dict(rows["events"][0], id=f"{prefix}-P1")]
    rows["competitions"] = [dict(rows["competitions"][0], id=f"{prefix}-K1")]
    return rows


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "registri"
    (root / "2025" / "vecie").mkdir(parents=True)
    write_workbook(root / "anna.xlsx", _coordinator_rows("A", 3))
    write_workbook(root / "2025" / "janis.xlsx", _coordinator_rows("J", 2))
    bad = _coordinator_rows("B", 2)
    bad["mobilities"][1]["start_date"] = "31.02.2025"             # one row with an error the figures need
    write_workbook(root / "2025" / "vecie" / "beata.xlsx", bad)
    shutil.copy(root / "anna.xlsx", root / "anna-kopija.xlsx")     # a true duplicate of every row
    (root / "bojats.xlsx").write_bytes(b"PK\x03\x04broken")          # damaged
    (root / "saraksts.xlsx").write_text("a;b\n", encoding="utf-8")   # a CSV renamed
    (root / "~$anna.xlsx").write_bytes(b"lock")                     # Excel's lock file
    write_workbook(root / "anna-parbaude.xlsx")                     # our own annotated copy
    (root / "piezimes.txt").write_text("x", encoding="utf-8")
    return root


def test_discovery_is_recursive_sorted_and_skips_locks_and_own_outputs(folder):
    names = [p.relative_to(folder).as_posix() for p in discover(folder)]
    assert names == ["2025/janis.xlsx", "2025/vecie/beata.xlsx", "anna-kopija.xlsx", "anna.xlsx",
                     "bojats.xlsx", "saraksts.xlsx"]


def test_bad_files_are_listed_with_reasons_and_skipped(folder):
    result = read_folder(folder, today=TODAY)
    skipped = {f.source: f.error["code"] for f in result.skipped}
    assert skipped == {"bojats.xlsx": "damaged", "saraksts.xlsx": "not_a_workbook"}
    assert len(result.read) == 4


def test_merged_counts_with_duplicates_once_and_error_rows_left_out(folder):
    result = read_folder(folder, today=TODAY)
    merged = result.merged
    # anna 3 + janis 2 + beata 2 - 1 error row; anna-kopija repeats anna's 3 exactly
    assert len(merged.mobilities) == 3 + 2 + 1
    assert len(merged.projects) == 1            # the shared project, once
    assert len(merged.partners) == 1            # the shared partner, once
    assert len(merged.incoming) == 3 and len(merged.finance) == 3 and len(merged.feedback) == 3
    beata = next(f for f in result.files if f.source.endswith("beata.xlsx"))
    assert beata.left_out == {"mobilities": 1}
    duplicates = [f for f in result.cross_findings if f.code == "duplicate_row_across_files"]
    assert {f.file for f in duplicates} == {"anna.xlsx"}      # the later file in sorted order repeats the first
    assert all("anna-kopija.xlsx" in f.message for f in duplicates)


def test_every_record_keeps_its_source_file(folder):
    merged = read_folder(folder, today=TODAY).merged
    assert {m.source for m in merged.mobilities} == {"anna-kopija.xlsx", "2025/janis.xlsx", "2025/vecie/beata.xlsx"}


def test_same_id_with_different_content_is_reported_and_both_kept(tmp_path):
    write_workbook(tmp_path / "a.xlsx", _coordinator_rows("X", 1))
    other = _coordinator_rows("X", 1)
    other["mobilities"][0]["first_name"] = "Cits"
    write_workbook(tmp_path / "b.xlsx", other)
    result = read_folder(tmp_path, today=TODAY)
    assert len(result.merged.mobilities) == 2
    (conflict,) = [f for f in result.cross_findings if f.code == "id_conflict_across_files"]
    assert conflict.file == "b.xlsx" and "a.xlsx" in conflict.message


def test_parallel_and_sequential_reading_give_the_same_result(folder):
    for index in range(8):   # enough files for the process pool
        write_workbook(folder / f"extra{index}.xlsx", _coordinator_rows(f"E{index}-", 1))
    sequential = read_folder(folder, today=TODAY, workers=1)
    parallel = read_folder(folder, today=TODAY, workers=2)
    assert sequential.to_dict() == parallel.to_dict()
    assert [(m.source, m.id) for m in sequential.merged.mobilities] == [(m.source, m.id) for m in parallel.merged.mobilities]


def test_progress_callback_sees_every_file(folder):
    seen = []
    read_folder(folder, today=TODAY, on_file=lambda done, total, result: seen.append((done, total, result.source)))
    assert [s[0] for s in seen] == list(range(1, 7)) and {s[1] for s in seen} == {6}


def test_project_is_shared_by_number_not_by_file(folder):
    merged = read_folder(folder, today=TODAY).merged
    assert merged.projects[0].project_number == PROJECT


def test_the_merged_book_leaves_out_nothing_more_each_file_was_validated_on_its_own(folder):
    result = read_folder(folder, today=TODAY)
    book = result.book
    assert book.register is result.merged and book.today == TODAY
    assert book.report.findings == [] and book.usable("mobilities") == result.merged.mobilities
    assert book.indicators().left_out == {}
    learners = book.indicators(year=2025).indicator("learner_mobility_out", 2025)
    assert learners is not None and learners.actual + learners.pipeline > 0
