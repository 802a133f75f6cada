"""Every validation rule on a real workbook: one mistake in an otherwise valid register."""
from __future__ import annotations

import datetime as dt

import pytest

from builders import PROJECT, valid_rows, write_workbook
from erasmus_xl import read_register, validate
from erasmus_xl.domain.validation import project_number_problem, rows_with_errors

TODAY = dt.date(2026, 11, 22)


def findings_for(tmp_path, change) -> list:
    rows = valid_rows()
    change(rows)
    return validate(read_register(write_workbook(tmp_path / "r.xlsx", rows)), today=TODAY)


def only(findings, code):
    matching = [f for f in findings if f.code == code]
    assert matching, f"no {code} in {[f.code for f in findings]}"
    return matching


def test_valid_register_has_no_findings(tmp_path):
    assert findings_for(tmp_path, lambda rows: None) == []


def test_every_finding_names_sheet_cell_column_value_severity_code_and_both_languages(tmp_path):
    findings = findings_for(tmp_path, lambda rows: rows["mobilities"][0].update(country="Marss"))
    (finding,) = findings
    assert finding.to_dict() == {
        "sheet": "Mobilitātes", "cell": "J2", "column": "Valsts", "value": "Marss", "severity": "error",
        "code": "country_unknown", "message": finding.message, "message_en": finding.message_en,
    }
    assert "Marss" in finding.message and "Lietuva" in finding.message
    assert "Unknown country" in finding.message_en


def test_required_cell_empty(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["mobilities"][0].update(last_name=None)), "required_missing")
    assert finding.cell == "F2" and "Uzvārds" in finding.message


def test_text_where_a_number_belongs(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["incoming"][0].update(count="divi")), "not_a_number")
    assert finding.sheet == "Uzņemšana" and finding.cell == "D2"


def test_fraction_where_a_whole_number_belongs(tmp_path):
    only(findings_for(tmp_path, lambda rows: rows["incoming"][0].update(count=2.5)), "not_whole_number")


def test_unreadable_date(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["events"][0].update(start_date="32.13.2025")), "not_a_date")
    assert finding.sheet == "Pasākumi" and "dd.mm.gggg" in finding.message


def test_end_date_before_start_date(tmp_path):
    def change(rows):
        rows["mobilities"][0].update(start_date=dt.date(2025, 9, 21), end_date=dt.date(2025, 9, 1))
    (finding,) = only(findings_for(tmp_path, change), "end_before_start")
    assert finding.cell == "M2" and finding.severity == "error"
    assert "01.09.2025." in finding.message and "21.09.2025." in finding.message


def test_duration_outside_a_confirmed_limit_is_an_error(tmp_path):
    # LM-SHORT-VET: 10–89 days (confirmed). 1–9 September is 9 days.
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["mobilities"][0].update(end_date=dt.date(2025, 9, 9))),
                      "duration_out_of_range")
    assert finding.severity == "error" and "9 dienas" in finding.message


def test_duration_limit_of_10_days_is_inclusive(tmp_path):
    findings = findings_for(tmp_path, lambda rows: rows["mobilities"][0].update(end_date=dt.date(2025, 9, 10)))
    assert not [f for f in findings if f.code.startswith("duration")]


def test_duration_outside_an_unconfirmed_limit_is_only_a_warning(tmp_path):
    # SM-COUR-TRAIN: 2–30 days, confidence "secondary" -> warning
    def change(rows):
        rows["mobilities"][1].update(activity_type="SM-COUR-TRAIN", start_date=dt.date(2025, 10, 1), end_date=dt.date(2025, 11, 15))
    (finding,) = only(findings_for(tmp_path, change), "duration_out_of_range_unconfirmed")
    assert finding.severity == "warning" and "nav apstiprināta" in finding.message


def test_enumeration_value_not_allowed_suggests_the_nearest(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["mobilities"][0].update(status="notikus")), "enum_invalid")
    assert "“notikusi”" in finding.message and finding.cell == "O2"


def test_unknown_country(tmp_path):
    only(findings_for(tmp_path, lambda rows: rows["partners"][0].update(country="Atlantīda")), "country_unknown")


def test_malformed_2021_2027_project_number_is_an_error(tmp_path):
    def change(rows):
        rows["projects"][0]["project_number"] = "2025-1-LV01-KA122-000123456"
        for sheet in ("mobilities", "finance"):
            for row in rows[sheet]:
                row["project_number"] = "2025-1-LV01-KA122-000123456"
    (finding,) = only(findings_for(tmp_path, change), "project_number_malformed")
    assert finding.severity == "error" and finding.sheet == "Projekti"


def test_legacy_project_numbers():
    assert project_number_problem("2019-1-LV01-KA102-060292") is None
    assert project_number_problem("2010-1-LV1-LEO03-00754") is None
    assert project_number_problem("2023-1-LV01-KA122-VET-000135915") is None
    assert project_number_problem("2020-1-EE01-KA102-07743") == "project_number_legacy"
    assert project_number_problem("2022-1-LT01-KA121-000057566") == "project_number_malformed"


def test_malformed_foreign_number_on_incoming_is_only_a_warning(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["incoming"][0].update(project_number="2022-1-LT01-KA121-000057566")),
                      "project_number_legacy")
    assert finding.severity == "warning"


def test_mobility_and_expense_naming_a_project_missing_from_projekti(tmp_path):
    def change(rows):
        rows["mobilities"][1]["project_number"] = "2024-1-LV01-KA122-VET-000999999"
        rows["finance"][0]["project_number"] = "2024-1-LV01-KA122-VET-000999999"
    findings = only(findings_for(tmp_path, change), "project_unknown")
    assert {(f.sheet, f.cell) for f in findings} == {("Mobilitātes", "B3"), ("Finanses", "A2")}


def test_project_numbers_match_ignoring_spaces_and_case(tmp_path):
    findings = findings_for(tmp_path, lambda rows: rows["mobilities"][0].update(project_number=" " + PROJECT.lower() + " "))
    assert not [f for f in findings if f.code == "project_unknown"]


def test_duplicate_ids(tmp_path):
    def change(rows):
        rows["mobilities"][1].update(id="M1")
    (finding,) = only(findings_for(tmp_path, change), "duplicate_id")
    assert finding.cell == "A3" and "A2" in finding.message


def test_same_person_in_two_overlapping_mobilities(tmp_path):
    def change(rows):
        rows["mobilities"].append(dict(rows["mobilities"][0], id="M3", start_date=dt.date(2025, 9, 15), end_date=dt.date(2025, 9, 30)))
    (finding,) = only(findings_for(tmp_path, change), "person_overlap")
    assert finding.cell == "L4" and "M1" in finding.message and "Anna Ozola" in finding.message


def test_same_person_on_two_separate_trips_is_fine(tmp_path):
    def change(rows):
        rows["mobilities"].append(dict(rows["mobilities"][0], id="M3", start_date=dt.date(2025, 9, 22), end_date=dt.date(2025, 10, 5)))
    assert not [f for f in findings_for(tmp_path, change) if f.code == "person_overlap"]


def test_cancelled_trip_does_not_overlap(tmp_path):
    def change(rows):
        rows["mobilities"].append(dict(rows["mobilities"][0], id="M3", status="atcelta"))
    assert not [f for f in findings_for(tmp_path, change) if f.code == "person_overlap"]


def test_mobility_outside_its_project_period_is_a_warning(tmp_path):
    def change(rows):
        rows["mobilities"][0].update(start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 5, 20))
    (finding,) = only(findings_for(tmp_path, change), "mobility_outside_project")
    assert finding.severity == "warning"


def test_feedback_naming_an_unknown_mobility(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["feedback"][0].update(mobility_id="M9")), "feedback_unknown_mobility")
    assert finding.sheet == "Atsauksmes" and finding.cell == "A2"


def test_score_outside_1_to_5(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["feedback"][0].update(satisfaction=7)), "number_out_of_range")
    assert "1" in finding.message and "5" in finding.message


def test_invalid_cefr_level(tmp_path):
    only(findings_for(tmp_path, lambda rows: rows["feedback"][0].update(level_after="B3")), "enum_invalid")


def test_document_charged_to_two_projects_is_double_booking(tmp_path):
    other = "2024-1-LV01-KA122-VET-000111111"

    def change(rows):
        rows["projects"].append(dict(rows["projects"][0], project_number=other, title="Cits"))
        rows["finance"].append(dict(rows["finance"][0], project_number=other, amount=50))
    (finding,) = only(findings_for(tmp_path, change), "document_double_booked")
    assert finding.cell == "C3" and PROJECT in finding.message and "dubult" in finding.message


def test_document_split_across_categories_of_one_project_is_fine(tmp_path):
    def change(rows):
        rows["finance"].append(dict(rows["finance"][0], category="individuālais atbalsts", amount=500))
    assert not [f for f in findings_for(tmp_path, change) if f.code == "document_double_booked"]


def test_negative_amount(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["finance"][0].update(amount=-180)), "amount_negative")
    assert finding.cell == "E2"


def test_unknown_expense_category(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["finance"][0].update(category="kafija")), "enum_invalid")
    assert finding.cell == "D2"


def test_confirmed_mobility_that_has_ended_is_a_warning(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["mobilities"][0].update(status="apstiprināta")), "status_not_updated")
    assert finding.severity == "warning" and "notikusi" in finding.message


def test_confirmed_mobility_in_the_future_is_fine(tmp_path):
    def change(rows):
        rows["projects"][0]["end_date"] = dt.date(2027, 5, 31)
        rows["mobilities"][0].update(status="apstiprināta", start_date=dt.date(2027, 3, 1), end_date=dt.date(2027, 3, 20))
    assert findings_for(tmp_path, change) == []


def test_malformed_oid(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["partners"][0].update(oid="E1234")), "oid_malformed")
    assert finding.sheet == "Partneri" and finding.cell == "D2"


def test_excel_error_value(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["competitions"][0].update(result="#DIV/0!")), "excel_error")
    assert finding.sheet == "Konkursi" and finding.value == "#DIV/0!"


def test_learner_activity_for_staff_is_a_warning(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["mobilities"][1].update(activity_type="LM-SHORT-VET",
                                                                                       end_date=dt.date(2025, 10, 20))),
                      "activity_participant_mismatch")
    assert finding.severity == "warning"


def test_rows_with_errors_are_known_by_sheet_and_row(tmp_path):
    findings = findings_for(tmp_path, lambda rows: rows["mobilities"][1].update(country="Marss"))
    assert rows_with_errors(findings) == {("mobilities", 3)}


@pytest.mark.parametrize("value", ["2205-09-01", "01.09.1925"])
def test_implausible_year_is_a_warning(tmp_path, value):
    findings = findings_for(tmp_path, lambda rows: rows["competitions"][0].update(date=value))
    (finding,) = only(findings, "date_implausible")
    assert finding.severity == "warning"


def test_a_merged_register_without_sheet_layouts_still_validates(tmp_path):
    register = read_register(write_workbook(tmp_path / "r.xlsx"))
    import dataclasses

    register.mobilities.append(dataclasses.replace(register.mobilities[0], row=9))
    register.layouts = {}
    (finding,) = only(validate(register, today=TODAY), "duplicate_id")
    assert finding.sheet == "Mobilitātes" and finding.cell == "A9" and "A2" in finding.message
