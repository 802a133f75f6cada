"""Rates as data (data/rates_<year>.json) and the workbook's Likmes sheet that overrides them."""
from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

import pytest
from builders import write_likmes_workbook
from openpyxl import Workbook, load_workbook

from erasmus_xl.domain.rates import (
    RateOverride,
    RatesUnavailable,
    available_call_years,
    band_for_km,
    load_rates,
    rate_keys,
    rates_file_data,
    read_rate_overrides,
)
from erasmus_xl.resources import load_data

ALLOWED_CONFIDENCE = {"confirmed", "secondary", "unconfirmed", "missing"}


def test_a_rates_file_for_each_call_year_2022_to_2026():
    assert set(available_call_years()) >= {2022, 2023, 2024, 2025, 2026}


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025, 2026])
def test_every_figure_has_a_confidence_and_every_known_one_a_source(year):
    rates = load_rates(year)
    assert rates.entries
    for rate in rates.entries.values():
        assert rate.confidence in ALLOWED_CONFIDENCE, rate
        assert (rate.amount is None) == (rate.confidence == "missing"), rate
        if rate.known:
            assert rate.source and rate.source != "not found", rate
    for rule in (rates.day15_rule, rates.duration_rule, rates.groups_rule, rates.rate_participant_rule):
        assert rule.confidence in ALLOWED_CONFIDENCE and rule.source or rule.code == "rate_participant"


def test_travel_tables_of_2024_and_2025_as_in_the_facts():
    facts_2024 = ([23, 180, 275, 360, 530, 820, 1500], [None, 210, 320, 410, 610, None, None])
    facts_2025 = ([28, 211, 309, 395, 580, 1188, 1735], [56, 285, 417, 535, 785, 1188, 1735])
    for year, (standard, green) in ((2024, facts_2024), (2025, facts_2025)):
        rates = load_rates(year)
        keys = [b.key for b in rates.bands]
        assert keys == ["10-99", "100-499", "500-1999", "2000-2999", "3000-3999", "4000-7999", "8000+"]
        assert [rates.get("travel_standard", band=k).amount for k in keys] == [Decimal(v) for v in standard]
        assert [rates.get("travel_green", band=k).amount for k in keys] == [None if v is None else Decimal(v) for v in green]
    # the 2024 table is quoted by several beneficiaries and NAs, not seen in the Guide: secondary
    assert load_rates(2024).get("travel_standard", band="100-499").confidence == "secondary"
    # 2025: seen for higher education only, assumed for VET -> not 'confirmed'
    assert load_rates(2025).get("travel_standard", band="100-499").confidence == "secondary"


def test_2026_travel_table_and_all_daily_rates_are_missing_not_zero():
    rates = load_rates(2026)
    for band in rates.bands:
        rate = rates.get("travel_standard", band=band.key)
        assert rate.amount is None and rate.confidence == "missing"
    for year in available_call_years():
        rates = load_rates(year)
        for group in ("1", "2", "3"):
            for participant in ("learner", "staff"):
                rate = rates.get("individual_support", group=group, participant_type=participant)
                assert rate.amount is None and rate.confidence == "missing"
                assert "VIAA" in rate.note or "VIAA" in rate.source


def test_country_groups_map_erasmus_EL_to_iso_GR():
    rates = load_rates(2024)
    assert rates.group_of("GR") == "2" and rates.group_of("EL") == "2"
    assert rates.group_of("LT") == "3" and rates.group_of("NO") == "1" and rates.group_of("DE") == "2"
    assert rates.group_of("UA") is None and rates.group_of("GB") is None
    assert load_rates(2024).groups_rule.confidence == "confirmed"
    assert load_rates(2025).groups_rule.confidence == "unconfirmed"


def test_rules_and_other_figures():
    r24, r23 = load_rates(2024), load_rates(2023)
    assert r24.get("travel_days_standard").amount == 2 and r24.get("travel_days_green").amount == 6
    assert r24.day15_from_day == 15 and r24.day15_share == Decimal("0.70") and r24.day15_rule.confidence == "secondary"
    assert r24.get("inclusion_support").amount == 125 and r23.get("inclusion_support").amount == 100
    assert r23.get("organisational_support").amount == 350 and r23.get("organisational_support_above_100").amount == 200
    assert r24.get("organisational_support").amount is None  # VET 2024 amount not found
    assert r24.get("course_fee_per_day").amount == 80 and r24.get("course_fee_max_days").amount == 10
    assert r23.get("course_fee_per_day").amount == 70 and r23.get("course_fee_max_eur").amount == 700
    assert r24.rate_participant["accompanying"] == "staff"


def test_a_call_year_without_file_is_a_clear_error():
    with pytest.raises(RatesUnavailable) as caught:
        load_rates(2021)
    error = caught.value
    assert "2021" in error.message and "Likmes" in error.message and "nav likmju faila" in error.message
    assert "2021" in error.message_en and "no rates file" in error.message_en
    assert error.to_dict()["code"] == "rates_year_missing"


def test_a_call_year_without_file_works_from_likmes_rows_alone():
    rows = [RateOverride(2027, "travel_standard", Decimal("250"), band="100-499")]
    rates = load_rates(2027, rows)
    assert rates.call_year == 2027 and rates.base_year == 2026
    assert rates.get("travel_standard", band="100-499").amount == 250
    assert rates.get("travel_standard", band="500-1999").amount is None        # not borrowed
    assert rates.get("inclusion_support").amount is None
    assert rates.get("travel_days_green").amount == 6                           # a rule, kept
    assert rates.notices and rates.notices[0]["code"] == "rates_year_borrowed"
    assert "2027" in rates.notices[0]["message"] and "2026" in rates.notices[0]["message"]


def test_band_labels_latvian_and_english():
    assert band_for_km(280).label("lv") == "100–499 km"
    assert band_for_km(9000).label("lv") == "8000 km un vairāk"
    assert band_for_km(9000).label("en") == "8000 km or more"
    assert band_for_km(3).label("lv") == "mazāk par 10 km"


def test_data_files_are_valid_json_with_about_text():
    folder = resources.files("erasmus_xl").joinpath("data")
    for year in available_call_years():
        data = json.loads(folder.joinpath(f"rates_{year}.json").read_text(encoding="utf-8"))
        assert data["call_year"] == year and "erasmus_facts.json" in data["_about"]


# --------------------------------------------------------------------------- the Likmes sheet


def test_an_untouched_likmes_sheet_gives_no_overrides_and_no_findings(tmp_path):
    overrides = read_rate_overrides(write_likmes_workbook(tmp_path))
    assert overrides.sheet == "Likmes" and overrides.entries == [] and overrides.findings == []


def test_likmes_overrides_read_from_a_real_workbook(tmp_path):
    path = write_likmes_workbook(tmp_path, 2025)
    workbook = load_workbook(path)
    ws = workbook["Likmes"]
    for r in range(2, 8):  # fill the prefilled daily rates
        group = ws.cell(row=r, column=3).value[0]
        learner = ws.cell(row=r, column=4).value == "izglītojamais"
        ws.cell(row=r, column=6, value={"1": 60, "2": 55, "3": 50}[group] + (0 if learner else 40))
        ws.cell(row=r, column=7, value="VIAA līguma II pielikums")
    extra = ws.max_row + 1
    ws.append([2025, "Ceļa izdevumi — standarta", None, None, "100–499 km", "199,50", "labots"])
    ws.append(["2025", "Kursu maksa dienā", None, None, None, 85, None])
    workbook.save(path)

    overrides = read_rate_overrides(path)
    assert overrides.findings == []
    rates = load_rates(2025, overrides)
    learner3 = rates.get("individual_support", group="3", participant_type="learner")
    assert learner3.amount == Decimal("50.00") and learner3.confidence == "workbook" and learner3.origin == "workbook"
    assert learner3.source == "VIAA līguma II pielikums" and learner3.cell.startswith("Likmes!F")
    assert rates.get("individual_support", group="1", participant_type="staff").amount == Decimal("100.00")
    travel = rates.get("travel_standard", band="100-499")
    assert travel.amount == Decimal("199.50") and travel.cell == f"Likmes!F{extra}"
    assert rates.get("travel_green", band="100-499").amount == Decimal("285")          # not overridden
    assert rates.get("course_fee_per_day").amount == Decimal("85.00")
    assert load_rates(2024, overrides).get("travel_standard", band="100-499").amount == 180  # other year untouched


def test_likmes_in_english_any_order_and_its_mistakes_become_findings(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Summary"
    ws = workbook.create_sheet("Rates")
    ws.append(["Rates entered by the accountant"])
    ws.append([])
    ws.append(["Amount EUR", "Call year", "Rate", "Participant", "Group", "Band", "Source"])
    ws.append([95, 2024, "individual support", "staff", "Group 2", None, "VIAA"])          # row 4 ok
    ws.append(["abc", 2024, "individual_support", "learner", 2, None, None])              # row 5 amount
    ws.append([90, 2024, "Individuālais atbalsts", "learner", None, None, None])          # row 6 no group
    ws.append([91, 2024, "Individuāls atbalsts dienā", "learner", 1, None, None])          # row 7 typo in rate
    ws.append([10, 2024, "travel_standard", None, None, "100 - 499 km", None])             # row 8 ok
    ws.append([12, 2024, "travel_standard", None, None, "100-499", None])                  # row 9 duplicate
    ws.append([None, 2024, "inclusion_support", None, None, None, "empty amount: skipped"])  # row 10
    ws.append([-5, 2024, "inclusion_support", None, None, None, None])                     # row 11 negative
    path = tmp_path / "english.xlsx"
    workbook.save(path)

    overrides = read_rate_overrides(path)
    assert overrides.sheet == "Rates"
    by_cell = {f.cell: f for f in overrides.findings}
    assert by_cell["A5"].code == "not_a_number"
    assert by_cell["E6"].code == "rate_dimension_missing" and "valstu grupa" in by_cell["E6"].message
    assert by_cell["C7"].code == "enum_invalid" and "Individuālais atbalsts dienā (1.–14. diena)" in by_cell["C7"].message
    assert by_cell["A9"].code == "rate_duplicate" and by_cell["A9"].severity == "warning" and "8" in by_cell["A9"].message
    assert by_cell["A11"].code == "amount_negative"
    assert all(f.sheet == "Rates" and f.message and f.message_en for f in overrides.findings)
    rates = load_rates(2024, overrides)
    assert rates.get("individual_support", group="2", participant_type="staff").amount == Decimal("95.00")
    assert rates.get("travel_standard", band="100-499").amount == Decimal("12.00")   # the last row wins
    assert rates.get("inclusion_support").amount == 125                               # untouched


def test_no_likmes_sheet_means_no_overrides(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Mobilitātes"
    path = tmp_path / "plain.xlsx"
    workbook.save(path)
    overrides = read_rate_overrides(path)
    assert overrides.sheet is None and len(overrides) == 0 and overrides.findings == []


def test_every_rate_key_has_latvian_and_english_labels():
    for _key, item in rate_keys().items():
        assert item["lv"] and item["en"] and set(item["dims"]) <= {"group", "participant_type", "band"}


def test_confidence_labels_follow_the_revised_facts():
    """Course-fee cap (10 days), expensive travel (80 %) and LM-SKILL-VET (1–10 days) are confirmed;
    the 2022–2024 travel table is only secondary; travel days paid at the daily rate: secondary."""
    for year in available_call_years():
        rates = load_rates(year)
        cap = rates.get("course_fee_max_days")
        assert cap.amount == 10 and cap.confidence == "confirmed" and "EC wiki" in cap.source
        expensive = rates_file_data(year)["exceptional_costs"]["expensive_travel"]
        assert expensive["pct_of_real_cost"] == 80 and expensive["confidence"] == "confirmed"
        assert rates.duration_rule.confidence == "secondary" and "hyria.fi" in rates.duration_rule.source
    for year in (2022, 2023, 2024):
        assert {load_rates(year).get("travel_standard", band=b.key).confidence
                for b in load_rates(year).bands} == {"secondary"}
    assert load_rates(2024).get("course_fee_per_day").confidence == "secondary"   # the 80 € itself: one page
    types = {t["code"]: t for t in load_data("activity_types")["types"]}
    assert (types["LM-SKILL-VET"]["min_days"], types["LM-SKILL-VET"]["max_days"],
            types["LM-SKILL-VET"]["confidence"]) == (1, 10, "confirmed")
    group = types["LM-GROUP-VET"]
    assert (group["min_days"], group["max_days"], group["group"]["min_learners"]) == (2, 30, 2)
    assert group["confidence"] == "secondary" and group["budget"]["confidence"] == "unconfirmed"
    assert types["LM-SHORT-VET"]["fewer_opportunities_min_days"]["min_days"] == 2
