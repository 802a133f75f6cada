"""The validation report as JSON text (`validate --format json`)."""
from __future__ import annotations

import json

from erasmus_xl.model.findings import make_finding
from erasmus_xl.model.report import ValidationReport


def _finding(row: int, value: str):
    return make_finding("enum_invalid", sheet="Mobilitātes", sheet_key="mobilities", cell=f"O{row}", row=row,
                        column="Statuss", value=value, suggestion="notikusi")


def test_report_json_is_the_report_with_each_finding_on_a_line_of_its_own():
    """Values that look like the joins between findings ("},\\n{", quotes, newlines, braces, a NUL)
    stay inside their own finding's line and come back unchanged."""
    odd = ['},\n{"x": 1}', 'a "quoted"\nline', "{ }, { }", "\x00}\x00{", "Jānis, Bērziņš", ""]
    report = ValidationReport([_finding(2 + i, value) for i, value in enumerate(odd)], source="r.xlsx",
                              as_of="2026-11-22")
    text = report.to_json(annotated_copy="r-parbaude.xlsx")
    assert json.loads(text) == report.to_dict() | {"annotated_copy": "r-parbaude.xlsx"}
    lines = text.splitlines()
    finding_lines = [line for line in lines if line.startswith("    {")]
    assert [json.loads(line.rstrip(","))["value"] for line in finding_lines] == odd
    assert lines[:2] == ["{", '  "file": "r.xlsx",'] and lines[-2:] == ["  ]", "}"]


def test_report_json_without_findings_is_an_empty_list():
    text = ValidationReport([], source="r.xlsx").to_json()
    assert json.loads(text)["findings"] == [] and '"findings": []' in text


def test_report_json_of_many_findings_is_written_in_pieces_that_join_into_one_report():
    """More findings than one piece holds: the pieces join at a finding's line, nothing lost or doubled."""
    report = ValidationReport([_finding(2 + i, f"v{i}") for i in range(1_234)], source="r.xlsx")
    pieces = list(report.json_chunks())
    assert len(pieces) > 3
    text = "".join(pieces)
    assert text == report.to_json() and json.loads(text) == report.to_dict()
    assert sum(1 for line in text.splitlines() if line.startswith("    {")) == 1_234
