"""Every validation rule on a real workbook: one mistake in an otherwise valid register."""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter, defaultdict

import pytest
from builders import PROJECT, valid_rows, write_workbook

from erasmus_xl import ValidationReport, read_register, validate
from erasmus_xl.domain.validation import project_number_problem

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
    assert ValidationReport(findings).rows_with_errors() == {("", "mobilities", 3)}


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


# --- Erasmus+ rules of the revised facts: group mobility, fewer opportunities, inclusion support -----

def group_trip(rows, learners: int, accompanying: int = 1, **fields) -> None:
    """Replace the learner mobility M1 by a group mobility (LM-GROUP-VET, 5 days) of `learners`
    learners and `accompanying` accompanying persons, all on the same trip."""
    first = rows["mobilities"].pop(0)
    trip = dict(first, activity_type="LM-GROUP-VET", start_date=dt.date(2025, 9, 1), end_date=dt.date(2025, 9, 5),
                **fields)
    for n in range(learners):
        rows["mobilities"].append(dict(trip, id=f"G{n + 1}", first_name=f"Līga{n}", last_name="Grupa"))
    for n in range(accompanying):
        rows["mobilities"].append(dict(trip, id=f"GP{n + 1}", participant_type="pavadošā persona",
                                       first_name=f"Inese{n}", last_name="Pavadone", education_programme=None))
    rows["feedback"] = []
    rows["finance"][0]["mobility_id"] = None


def test_group_mobility_of_two_learners_and_an_accompanying_person_is_valid(tmp_path):
    findings = findings_for(tmp_path, lambda rows: group_trip(rows, learners=2))
    assert findings == []


def test_group_mobility_with_one_learner_is_a_warning_on_every_row_of_the_group(tmp_path):
    findings = only(findings_for(tmp_path, lambda rows: group_trip(rows, learners=1)), "group_too_small_unconfirmed")
    # rows: M2 (staff) stays in row 2; the learner G1 is row 3, the accompanying person GP1 row 4
    assert [(f.cell, f.severity) for f in findings] == [("D3", "warning"), ("D4", "warning")]
    assert "vismaz 2 izglītojamajiem" in findings[0].message and "ir 1" in findings[0].message
    assert "at least 2 learners" in findings[0].message_en and "erasmusplus.lv" in findings[0].message


def test_the_group_column_tells_two_groups_on_the_same_trip_apart(tmp_path):
    def change(rows):
        group_trip(rows, learners=3, accompanying=0)
        for mobility, code in zip(rows["mobilities"][1:], ("A", "A", "B"), strict=False):
            mobility["group"] = code
    findings = only(findings_for(tmp_path, change), "group_too_small_unconfirmed")
    assert [f.row for f in findings] == [5] and findings[0].column == "Grupa"
    assert "“B”" in findings[0].message


def test_group_mobility_longer_than_30_days_is_a_warning_because_the_limit_is_secondary(tmp_path):
    def change(rows):
        group_trip(rows, learners=2, accompanying=0)
        for mobility in rows["mobilities"][1:]:
            mobility["end_date"] = dt.date(2025, 10, 1)      # 31 days
    findings = only(findings_for(tmp_path, change), "duration_out_of_range_unconfirmed")
    assert len(findings) == 2 and {f.severity for f in findings} == {"warning"}
    assert "2–30" in findings[0].message


def test_group_mobility_is_for_learners_and_accompanying_persons_not_staff(tmp_path):
    (finding,) = only(findings_for(tmp_path, lambda rows: rows["mobilities"][1].update(activity_type="LM-GROUP-VET")),
                      "activity_participant_mismatch")
    assert finding.severity == "warning" and finding.row == 3


def test_group_mobility_by_its_latvian_name_is_read_as_its_code(tmp_path):
    rows = valid_rows()
    group_trip(rows, learners=2, accompanying=0)
    rows["mobilities"][1]["activity_type"] = "Izglītojamo grupu mobilitāte"
    register = read_register(write_workbook(tmp_path / "r.xlsx", rows))
    assert [m.activity_type for m in register.mobilities] == ["SM-JOB-SHDW", "LM-GROUP-VET", "LM-GROUP-VET"]
    assert validate(register, today=TODAY) == []


def test_short_learner_mobility_with_fewer_opportunities_is_a_warning_asking_for_the_justification(tmp_path):
    def change(rows):
        rows["mobilities"][0].update(fewer_opportunities="jā", end_date=dt.date(2025, 9, 3))    # 3 days
    findings = findings_for(tmp_path, change)
    (finding,) = only(findings, "duration_short_fewer_opportunities")
    assert finding.severity == "warning" and finding.cell == "M2"
    assert "pamatojumu" in finding.message and "ierobežotām iespējām" in finding.message
    assert "ar mazāk iespējām" not in finding.message
    assert "justification" in finding.message_en and "oead.at" in finding.message
    assert not ValidationReport(findings).rows_with_errors()


def test_one_day_learner_mobility_with_fewer_opportunities_is_still_an_error(tmp_path):
    def change(rows):
        rows["mobilities"][0].update(fewer_opportunities="jā", end_date=dt.date(2025, 9, 1))    # 1 day < 2
    (finding,) = only(findings_for(tmp_path, change), "duration_out_of_range")
    assert finding.severity == "error"


def test_inclusion_support_booked_where_the_participant_has_none_is_a_warning(tmp_path):
    def change(rows):
        rows["mobilities"][0].update(fewer_opportunities="jā", participant_inclusion_support=0)
        rows["finance"].append(dict(rows["finance"][0], document_no="RĒĶ-002", category="iekļaušanas atbalsts",
                                    amount=125))
    (finding,) = only(findings_for(tmp_path, change), "inclusion_without_participant_support")
    assert finding.sheet == "Finanses" and finding.row == 3 and finding.severity == "warning"
    assert "“M1”" in finding.message and "0 €" in finding.message


def test_inclusion_support_booked_for_a_participant_without_fewer_opportunities_is_a_warning(tmp_path):
    def change(rows):
        rows["finance"].append(dict(rows["finance"][0], document_no="RĒĶ-002", category="iekļaušanas atbalsts",
                                    amount=125))
    (finding,) = only(findings_for(tmp_path, change), "inclusion_without_fewer_opportunities")
    assert finding.row == 3 and "ierobežotām iespējām" in finding.message


def test_inclusion_support_booked_with_participant_support_above_zero_is_fine(tmp_path):
    def change(rows):
        rows["mobilities"][0].update(fewer_opportunities="jā", participant_inclusion_support=340)
        rows["finance"].append(dict(rows["finance"][0], document_no="RĒĶ-002", category="iekļaušanas atbalsts",
                                    amount=125))
    assert findings_for(tmp_path, change) == []


# --- the quick paths of a large register (issue 13) ----------------------------------------------

def _register_where_every_rule_fires(path, mobilities: int = 1_200):
    """Many rows saying the same things (few projects, dates and names), namesakes spelt differently
    ("Ānna"/"ANNA", "Ozoliņa"/"Ozolina"), a project number written two ways, rows that tie on a cell."""
    rng = random.Random(13)
    rows = valid_rows()
    base = rows["mobilities"][0]
    periods = [(PROJECT, dt.date(2025, 6, 1), dt.date(2026, 11, 30)),
               ("2024-1-LV01-KA121-VET-000111111", dt.date(2024, 6, 1), dt.date(2025, 8, 31)),
               ("2023-1-LV01-KA121-VET-00011", dt.date(2023, 6, 1), dt.date(2025, 5, 31)),    # malformed
               ("2019-1-LV01-KA102-000123", dt.date(2019, 9, 1), dt.date(2021, 8, 31))]       # legacy
    rows["projects"] = [dict(rows["projects"][0], project_number=n, start_date=s, end_date=e) for n, s, e in periods]
    numbers = [n for n, _, _ in periods] + [PROJECT.lower() + " ", "2022-1-LV01-KA121-VET-000999999", None]
    kinds = [("izglītojamais", "LM-SHORT-VET"), ("izglītojamais", "LM-LONG-VET"), ("izglītojamais", "LM-GROUP-VET"),
             ("pavadošā persona", "LM-GROUP-VET"), ("personāls", "SM-JOB-SHDW"), ("personāls", "LM-SHORT-VET"),
             ("izglītojamais", "SM-TTA"), ("izglītojamais", "LM-SKILL-VET")]
    rows["mobilities"] = []
    for i in range(mobilities):
        participant, activity = rng.choice(kinds)
        start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1_700))
        rows["mobilities"].append(dict(
            base, id=f"M{rng.randrange(mobilities)}" if rng.random() < 0.05 else f"M{i}",
            project_number=rng.choice(numbers), participant_type=participant, activity_type=activity,
            first_name=rng.choice(["Anna", "ANNA", "Ānna", "Jānis", "Janis", "Anna Marija"]),
            last_name=rng.choice(["Ozoliņa", "ozolina", "Bērziņš", "Marija Ozoliņa"]),
            education_programme=rng.choice(["Programmēšana", "Nezināma programma", None]),
            fewer_opportunities=rng.choice(["jā", "nē"]), start_date=start,
            end_date=start + dt.timedelta(days=rng.choice([-3, 0, 1, 4, 13, 20, 45, 89, 400])),
            status=rng.choice(["notikusi", "plānota", "apstiprināta", "atcelta"]), group=rng.choice([None, "G1", "g1"])))
    rows["finance"] = [dict(rows["finance"][0], document_no=f"RĒĶ-{rng.randrange(60)}", project_number=rng.choice(numbers),
                            mobility_id=f"M{rng.randrange(mobilities + 50)}", amount=rng.choice([180, -5]),
                            category=rng.choice(["ceļa izdevumi", "iekļaušanas atbalsts"])) for _ in range(300)]
    return write_workbook(path, rows)


def test_findings_worded_once_are_those_worded_afresh_for_every_row(tmp_path, monkeypatch):
    """Issue 13: texts remembered across findings, rules that word one thing once for thousands of rows
    and names normalised all at once, first names among namesakes only, give, finding for finding and
    in the same order, what filling every message afresh and grouping by both names, each normalised
    on its own, gives — on the demo mistakes
    workbook and on a register where every rule fires many times."""
    from erasmus_xl.demo import DEMO_TODAY, write_demo
    from erasmus_xl.domain import validation
    from erasmus_xl.model import findings as findings_module
    from erasmus_xl.model.text import normalize_key

    registers = [read_register(write_demo(tmp_path / "demo")[1]),
                 read_register(_register_where_every_rule_fires(tmp_path / "many.xlsx"))]

    def outcome():
        return [[dataclasses.asdict(f) for f in validate(register, today=DEMO_TODAY)] for register in registers]

    quick = outcome()

    def trips_by_both_names(mobilities):
        by_person = defaultdict(list)
        for m in mobilities:
            if m.first_name and m.last_name and m.start_date and m.end_date and m.status != "cancelled" \
                    and m.end_date >= m.start_date:
                by_person[(normalize_key(m.first_name), normalize_key(m.last_name))].append((m.start_date, m.end_date, m))
        return [trips for trips in by_person.values() if len(trips) > 1]

    monkeypatch.setattr(findings_module, "finding_texts", findings_module._filled_texts)
    monkeypatch.setattr(validation._Finder, "again", lambda self, key, record: None)
    monkeypatch.setattr(validation, "_trips_by_person", trips_by_both_names)
    assert outcome() == quick
    codes = Counter(f["code"] for f in quick[1])
    assert min(codes[code] for code in ("mobility_outside_project", "status_not_updated", "completed_in_future",
                                        "person_overlap", "duplicate_id", "document_double_booked")) > 5
    assert quick[0] and {f["code"] for f in quick[0]} >= {"person_overlap", "status_not_updated"}
