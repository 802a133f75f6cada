"""Unit-cost budgets per mobility and per project, with every number worked out by hand here."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from builders import write_register_with_rates

from erasmus_xl.domain.budget import call_year_of, mobility_budget, register_budget
from erasmus_xl.domain.rates import RateOverride, RateOverrides, load_rates
from erasmus_xl.io.reader import read_register
from erasmus_xl.model.records import Mobility, Register

P24 = "2024-1-LV01-KA122-VET-000111111"
P25 = "2025-1-LV01-KA122-VET-000222222"
P23 = "2023-1-LV01-KA121-VET-000333333"
D = Decimal


def mobility(row=2, **fields) -> Mobility:
    values = dict(id=f"M{row}", project_number=P24, participant_type="learner", activity_type="LM-SHORT-VET",
                  first_name="Anna", last_name="Ozola", country="LT", city="Kaunas",
                  start_date=dt.date(2024, 9, 1), end_date=dt.date(2024, 9, 12), green_travel=False,
                  status="planned", fewer_opportunities=False)
    values.update(fields)
    return Mobility(row, **values)


def days(start: dt.date, count: int) -> dict:
    """Dates of an activity of `count` days, first and last included."""
    return {"start_date": start, "end_date": start + dt.timedelta(days=count - 1)}


def plain(text: str) -> str:
    """Babel writes Latvian amounts with a non-breaking space (1 234,50 €)."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def rates(year: int, *rows: RateOverride):
    return load_rates(year, list(rows))


def daily(year, group, participant, amount, key="individual_support"):
    return RateOverride(year, key, D(amount), group=group, participant_type=participant)


# --------------------------------------------------------------------------- travel


@pytest.mark.parametrize("year, green, expected", [(2024, False, "180.00"), (2024, True, "210.00"),
                                                   (2025, False, "211.00"), (2025, True, "285.00")])
def test_travel_rezekne_to_kaunas(year, green, expected):
    result = mobility_budget(mobility(green_travel=green), rates=rates(year))
    line = result.lines["travel"]
    assert result.band.key == "100-499" and result.distance_source == "computed"
    assert 270 <= result.distance_km <= 290
    assert str(line.amount) == expected
    assert ("zaļais ceļojums" if green else "standarta") in line.basis


def test_travel_of_2024_and_2025_is_flagged_as_secondary_not_presented_as_certain():
    # revised facts: the 2024 table is quoted by beneficiaries and NAs, never seen in the Guide itself
    for year in (2024, 2025):
        flags = mobility_budget(mobility(), rates=rates(year)).lines["travel"].flags
        assert [f.code for f in flags] == ["rate_unconfirmed"]
        assert "netiešs avots" in flags[0].message and "secondary source" in flags[0].message_en


def test_green_band_without_green_amount_uses_standard_and_says_so():
    # 2024 table: no green amount for 10–99 km
    result = mobility_budget(mobility(distance_km=50, green_travel=True), rates=rates(2024))
    line = result.lines["travel"]
    assert line.amount == D("23.00")
    assert "green_uses_standard" in [f.code for f in line.flags]
    assert result.distance_source == "workbook"


def test_distance_column_overrides_the_computed_distance():
    result = mobility_budget(mobility(distance_km=650), rates=rates(2024))
    assert result.distance_km == 650 and result.band.key == "500-1999"
    assert result.lines["travel"].amount == D("275.00")
    assert "no kolonnas “Attālums km”" in result.lines["travel"].basis


def test_under_10_km_no_travel_grant():
    line = mobility_budget(mobility(distance_km=5), rates=rates(2024)).lines["travel"]
    assert line.amount == D("0.00") and line.complete
    assert [f.code for f in line.flags] == ["under_min_distance"]


def test_2026_travel_table_missing_is_flagged_not_zero():
    result = mobility_budget(mobility(project_number="2026-1-LV01-KA122-VET-000444444"), rates=rates(2026))
    line = result.lines["travel"]
    assert line.amount is None and not line.complete
    assert line.flags[0].code == "rate_missing" and "Likmes" in line.flags[0].message
    assert "2026" in line.flags[0].message


# --------------------------------------------------------------------------- individual support


def test_day_14_full_rate_and_day_15_at_70_percent():
    r = rates(2024, daily(2024, "3", "learner", 100))
    fourteen = mobility_budget(mobility(**days(dt.date(2024, 9, 1), 12)), rates=r)   # 12 + 2 travel = 14
    assert fourteen.funded_days == 14
    assert fourteen.lines["individual_support"].amount == D("1400.00")
    fifteen = mobility_budget(mobility(**days(dt.date(2024, 9, 1), 13)), rates=r)    # 13 + 2 travel = 15
    assert fifteen.funded_days == 15
    assert fifteen.lines["individual_support"].amount == D("1470.00")                 # 14 × 100 + 1 × 70
    assert "1 d. × 70,00 € (no 15. dienas)" in plain(fifteen.lines["individual_support"].basis)
    codes = [f.code for f in fifteen.lines["individual_support"].flags]
    assert "rule_unconfirmed" in codes      # the day-15 rule is from a secondary source: said on the line


def test_day_15_rate_is_rounded_to_whole_euros_like_the_na_tables():
    r = rates(2024, daily(2024, "3", "learner", 91))
    result = mobility_budget(mobility(**days(dt.date(2024, 9, 1), 14)), rates=r)      # 16 days
    assert result.lines["individual_support"].amount == D("1402.00")                 # 14 × 91 + 2 × 64


def test_day_15_rate_from_the_likmes_sheet_wins():
    r = rates(2024, daily(2024, "3", "learner", 100), daily(2024, "3", "learner", 65, "individual_support_day15"))
    result = mobility_budget(mobility(**days(dt.date(2024, 9, 1), 13)), rates=r)
    assert result.lines["individual_support"].amount == D("1465.00")                 # 14 × 100 + 65
    assert not any(f.code == "rule_unconfirmed" and "15" in f.message
                   for f in result.lines["individual_support"].flags)


def test_green_travel_funds_six_travel_days():
    r = rates(2024, daily(2024, "3", "learner", 100))
    result = mobility_budget(mobility(green_travel=True, **days(dt.date(2024, 9, 1), 10)), rates=r)
    assert result.travel_days == 6 and result.funded_days == 16
    assert result.lines["individual_support"].amount == D("1540.00")                 # 14 × 100 + 2 × 70
    assert result.lines["travel"].amount == D("210.00")
    standard = mobility_budget(mobility(**days(dt.date(2024, 9, 1), 10)), rates=r)
    assert standard.travel_days == 2 and standard.lines["individual_support"].amount == D("1200.00")


def test_travel_days_column_is_used_and_capped():
    r = rates(2024, daily(2024, "3", "learner", 100))
    three = mobility_budget(mobility(green_travel=True, extra={"Ceļa dienas": 3}, **days(dt.date(2024, 9, 1), 10)),
                            rates=r)
    assert three.travel_days == 3 and three.lines["individual_support"].amount == D("1300.00")
    nine = mobility_budget(mobility(green_travel=True, extra={"Travel days": "9"}, **days(dt.date(2024, 9, 1), 10)),
                           rates=r)
    assert nine.travel_days == 6
    assert nine.notes and nine.notes[0]["code"] == "travel_days_capped" and "6" in nine.notes[0]["message"]


def test_missing_daily_rate_is_flagged_and_the_row_is_incomplete():
    result = mobility_budget(mobility(), rates=rates(2024))
    line = result.lines["individual_support"]
    assert line.amount is None and not line.complete
    flag = next(f for f in line.flags if f.code == "rate_missing")
    assert "3. grupa" in flag.message and "izglītojamais" in flag.message and "Likmes" in flag.message
    assert "Group 3" in flag.message_en
    assert result.lines["travel"].amount == D("180.00")                               # the rest is computed
    assert not result.complete and result.total == D("180.00")                        # org support 2024 missing too


def test_a_missing_rate_is_an_error_flag_and_its_line_incomplete_an_unconfirmed_one_a_warning():
    # the flag's code says what (rate_missing, rate_unconfirmed), its severity how bad, in the
    # vocabulary of findings: an error line cannot be used as is, a warning line can but is unconfirmed
    result = mobility_budget(mobility(), rates=rates(2024))
    support, travel = result.lines["individual_support"], result.lines["travel"]
    assert [(f.code, f.severity) for f in support.flags if f.code == "rate_missing"] == [("rate_missing", "error")]
    assert not support.complete and support.to_dict()["flags"][0]["severity"] == "error"
    assert [(f.code, f.severity) for f in travel.flags] == [("rate_unconfirmed", "warning")]
    assert travel.complete and travel.unconfirmed and travel.amount == D("180.00")


def test_an_info_flag_neither_makes_a_line_incomplete_nor_unconfirmed():
    line = mobility_budget(mobility(distance_km=5), rates=rates(2024)).lines["travel"]
    assert [(f.code, f.severity) for f in line.flags] == [("under_min_distance", "info")]
    assert line.complete and not line.unconfirmed


def test_accompanying_person_paid_at_staff_rate_without_organisational_support():
    r = rates(2024, daily(2024, "3", "staff", 150))
    result = mobility_budget(mobility(participant_type="accompanying", **days(dt.date(2024, 9, 1), 5)), rates=r)
    assert result.lines["individual_support"].amount == D("1050.00")                 # (5 + 2) × 150
    assert any(f.code == "rule_unconfirmed" and "personāla likme" in f.message
               for f in result.lines["individual_support"].flags)
    assert result.lines["organisational_support"].amount == D("0.00")
    assert not result.lines["organisational_support"].applicable


def test_greece_stored_as_gr_uses_group_2():
    r = rates(2024, daily(2024, "2", "staff", 120))
    result = mobility_budget(mobility(participant_type="staff", activity_type="SM-JOB-SHDW", country="GR",
                                      city="Athens", **days(dt.date(2024, 9, 1), 5)), rates=r)
    assert result.country_group == "2" and result.lines["individual_support"].amount == D("840.00")
    assert result.lines["travel"].amount == D("360.00")                                # 2077 km: 2000–2999


# --------------------------------------------------------------------------- other categories


def test_course_fee_per_day_capped_at_max_days():
    r = rates(2024)
    long = mobility_budget(mobility(participant_type="staff", activity_type="SM-COUR-TRAIN", country="DE",
                                    city="Berlin", **days(dt.date(2024, 10, 1), 12)), rates=r)
    assert long.lines["course_fees"].amount == D("800.00")                             # 10 × 80
    short = mobility_budget(mobility(participant_type="staff", activity_type="SM-COUR-TRAIN", country="DE",
                                     city="Berlin", **days(dt.date(2024, 10, 1), 5)), rates=r)
    assert short.lines["course_fees"].amount == D("400.00")
    assert mobility_budget(mobility(), rates=r).lines["course_fees"].applicable is False


def test_course_fee_cap_in_euros():
    # 2023: 70 EUR a day, at most 700 EUR; with 15 days allowed the EUR cap is what bites
    r = rates(2023, RateOverride(2023, "course_fee_max_days", D(15)))
    result = mobility_budget(mobility(project_number=P23, participant_type="staff", activity_type="SM-COUR-TRAIN",
                                      country="DE", city="Berlin", **days(dt.date(2024, 10, 1), 12)), rates=r)
    assert result.lines["course_fees"].amount == D("700.00")                           # min(12 × 70, 700)
    assert "ne vairāk kā 700,00 €" in plain(result.lines["course_fees"].basis)


def test_course_fee_2025_not_known_is_flagged():
    result = mobility_budget(mobility(project_number=P25, participant_type="staff", activity_type="SM-COUR-TRAIN",
                                      country="DE", city="Berlin"), rates=rates(2025))
    assert result.lines["course_fees"].amount is None
    assert result.lines["course_fees"].flags[0].code == "rate_missing"


def test_inclusion_support_for_fewer_opportunities():
    assert mobility_budget(mobility(fewer_opportunities=True), rates=rates(2024)).lines["inclusion_support"].amount \
        == D("125.00")
    assert mobility_budget(mobility(fewer_opportunities=True), rates=rates(2023)).lines["inclusion_support"].amount \
        == D("100.00")
    assert not mobility_budget(mobility(), rates=rates(2024)).lines["inclusion_support"].applicable


def test_organisational_inclusion_support_is_not_due_when_the_participants_own_is_zero():
    line = mobility_budget(mobility(fewer_opportunities=True, participant_inclusion_support=D("0")),
                           rates=rates(2024)).lines["inclusion_support"]
    assert line.amount == D("0.00") and not line.applicable
    assert "nepienākas" in line.basis and "not due" in line.basis_en


def test_organisational_inclusion_support_is_due_when_the_participants_own_is_above_zero():
    line = mobility_budget(mobility(fewer_opportunities=True, participant_inclusion_support=D("340")),
                           rates=rates(2024)).lines["inclusion_support"]
    assert line.amount == D("125.00") and line.applicable
    assert "inclusion_participant_support_unknown" not in [f.code for f in line.flags]


def test_organisational_inclusion_support_without_the_participants_amount_is_counted_and_flagged():
    line = mobility_budget(mobility(fewer_opportunities=True), rates=rates(2024)).lines["inclusion_support"]
    assert line.amount == D("125.00") and line.unconfirmed
    (flag,) = [f for f in line.flags if f.code == "inclusion_participant_support_unknown"]
    assert "Iekļaušanas atbalsts dalībniekam" in flag.message and "vairāk par 0" in flag.message
    assert "above 0" in flag.message_en


def test_group_mobility_is_budgeted_as_learner_mobility_and_flags_the_assumption():
    likmes = [daily(2024, "3", "learner", 50), daily(2024, "3", "staff", 90),
              RateOverride(2024, "organisational_support", D(350))]
    learner = mobility_budget(mobility(activity_type="LM-GROUP-VET", **days(dt.date(2024, 9, 2), 5)),
                              rates=rates(2024, *likmes))
    # 180 travel + (5 activity + 2 travel days) × 50 + 350
    assert [learner.lines[k].amount for k in ("travel", "individual_support", "organisational_support")] \
        == [D("180.00"), D("350.00"), D("350.00")]
    for key in ("travel", "individual_support", "organisational_support"):
        assert "activity_budget_assumed" in [f.code for f in learner.lines[key].flags], key
    flag = next(f for f in learner.lines["travel"].flags if f.code == "activity_budget_assumed")
    assert "LM-GROUP-VET" in flag.message and "pieņēmums" in flag.message and "assumption" in flag.message_en
    companion = mobility_budget(mobility(activity_type="LM-GROUP-VET", participant_type="accompanying",
                                         **days(dt.date(2024, 9, 2), 5)), rates=rates(2024, *likmes))
    assert companion.lines["individual_support"].amount == D("630.00")        # 7 days × staff rate 90
    assert not companion.lines["organisational_support"].applicable
    assert companion.total == D("810.00")                                       # 180 + 630


def test_organisational_support_lower_from_the_101st_participant():
    people = [mobility(row=i + 2, project_number=P23) for i in range(101)]
    people.append(mobility(row=200, project_number=P23, participant_type="accompanying"))
    register = Register(path=None, mobilities=people)
    result = register_budget(register, overrides=RateOverrides())
    assert result.totals()["organisational_support"] == D("35200.00")                  # 100 × 350 + 1 × 200
    assert result.mobilities[100].lines["organisational_support"].amount == D("200.00")
    assert result.to_dict()["projects"][P23]["participants"] == 101


# --------------------------------------------------------------------------- row problems


def test_no_dates_is_a_row_message_and_the_rest_is_computed():
    result = mobility_budget(mobility(start_date=None, end_date=None), rates=rates(2024))
    assert [m.code for m in result.messages] == ["budget_no_dates"]
    assert result.messages[0].cell == "L2" and result.messages[0].sheet == "Mobilitātes"
    assert "datum" in result.messages[0].message and "date" in result.messages[0].message_en
    assert result.lines["travel"].amount == D("180.00")
    assert result.lines["individual_support"].amount is None and not result.complete


def test_unknown_city_message_with_suggestions_on_the_row():
    result = mobility_budget(mobility(city="Kaunsa"), rates=rates(2024, daily(2024, "3", "learner", 100)))
    message = result.messages[0]
    assert message.code == "budget_city_unknown" and message.cell == "K2"
    assert "Kaunas (Lietuva)" in message.message and "Travel is not computed" in message.message_en
    assert result.lines["travel"].amount is None
    assert result.lines["individual_support"].amount == D("1400.00")


def test_country_outside_the_programme():
    result = mobility_budget(mobility(country="UA", city="Kyiv"), rates=rates(2024))
    assert [m.code for m in result.messages] == ["budget_country_outside_programme"]
    assert "Ukraina" in result.messages[0].message
    assert result.lines["travel"].amount == D("275.00")                                # 705 km
    assert result.lines["individual_support"].amount is None


def test_call_year_from_the_project_number():
    assert call_year_of(P24) == 2024
    assert call_year_of("2019-1-LV01-KA102-060292") == 2019
    assert call_year_of("NPHZ-2024/10001") is None
    assert call_year_of(None) is None


def test_register_budget_marks_unknown_call_years_and_keeps_going():
    register = Register(path=None, mobilities=[
        mobility(row=2),
        mobility(row=3, project_number="2019-1-LV01-KA102-060292"),
        mobility(row=4, project_number="NPHZ-2024/10001"),
    ])
    result = register_budget(register, overrides=RateOverrides())
    codes = {m.row: [x.code for x in m.messages] for m in result.mobilities}
    assert codes[3] == ["budget_rates_year_missing"] and codes[4] == ["budget_call_year_unknown"]
    assert result.mobilities[1].lines["travel"].amount is None
    assert result.mobilities[0].lines["travel"].amount == D("180.00")
    assert any(n["code"] == "rates_year_missing" and "2019" in n["message"] for n in result.to_dict()["notices"])
    assert result.totals()["travel"] == D("180.00") and not result.complete


def test_given_call_year_overrides_the_project_number():
    register = Register(path=None, mobilities=[mobility(row=2)])
    result = register_budget(register, call_year=2025, overrides=RateOverrides())
    assert result.call_year == 2025 and result.mobilities[0].lines["travel"].amount == D("211.00")


# --------------------------------------------------------------------------- a real register workbook




def test_register_budget_from_a_real_workbook_with_likmes(tmp_path):
    base = dict(project_number=P24, participant_type="izglītojamais", activity_type="LM-SHORT-VET",
                first_name="Anna", last_name="Ozola", receiving_organisation="Kauno technikumas",
                country="Lietuva", city="Kaunas", start_date=dt.datetime(2024, 9, 1),
                end_date=dt.datetime(2024, 9, 12), green_travel="nē", status="plānota", fewer_opportunities="nē")
    path = tmp_path / "register.xlsx"
    write_register_with_rates(path, {
        "projects": [
            dict(project_number=P24, title="Prakse Lietuvā", programme="Erasmus+", role="koordinators",
                 start_date=dt.datetime(2024, 6, 1), end_date=dt.datetime(2025, 11, 30), grant=20000,
                 status="apstiprināts"),
            dict(project_number="NPHZ-2024/10001", title="Nordplus", programme="Nordplus", role="partneris",
                 start_date=dt.datetime(2024, 6, 1), end_date=dt.datetime(2025, 6, 30), grant=5000,
                 status="apstiprināts"),
        ],
        "mobilities": [
            {**base, "id": "M1", "fewer_opportunities": "jā"},
            {**base, "id": "M2", "participant_type": "personāls", "activity_type": "SM-COUR-TRAIN",
             "country": "Vācija", "city": "Berlīne", "start_date": "01.10.2024.", "end_date": "05.10.2024",
             "green_travel": "jā"},
            {**base, "id": "M3", "city": "Ukmergė", "start_date": None, "end_date": None},
            {**base, "id": "M4", "city": "Kaunsa"},
            {**base, "id": "M5", "project_number": "NPHZ-2024/10001"},
            {**base, "id": "M6", "status": "atcelta"},
            {**base, "id": "M7", "participant_type": "personāls", "activity_type": "SM-JOB-SHDW",
             "country": "UA", "city": "Kyiv"},
        ],
    }, likmes=[
        [2024, "Individuālais atbalsts dienā (1.–14. diena)", "3. grupa", "izglītojamais", None, 100, "VIAA"],
        [2024, "Individuālais atbalsts dienā (1.–14. diena)", "2. grupa", "personāls", None, 180, "VIAA"],
        [2024, "Organizatoriskais atbalsts (1.–100. dalībnieks)", None, None, None, 350, "VIAA līgums"],
    ])
    register = read_register(path)
    result = register_budget(register)
    by_id = {m.mobility_id: m for m in result.mobilities}

    m1 = by_id["M1"]                                   # 180 + 14 × 100 + 350 + 125
    assert [m1.lines[k].amount for k in ("travel", "individual_support", "organisational_support",
                                         "inclusion_support")] == [D("180.00"), D("1400.00"), D("350.00"), D("125.00")]
    assert m1.total == D("2055.00")
    m2 = by_id["M2"]                                   # green 320 + (5 + 6) × 180 + 350 + 5 × 80
    assert m2.lines["travel"].amount == D("320.00") and m2.lines["individual_support"].amount == D("1980.00")
    assert m2.lines["course_fees"].amount == D("400.00") and m2.total == D("3050.00")
    assert by_id["M3"].messages[0].code == "budget_no_dates" and by_id["M3"].lines["travel"].amount == D("180.00")
    assert by_id["M4"].messages[0].code == "budget_city_unknown" and "Kaunas" in by_id["M4"].messages[0].message
    assert not by_id["M5"].included and by_id["M5"].notes[0]["code"] == "not_erasmus"
    assert not by_id["M6"].included and by_id["M6"].notes[0]["code"] == "cancelled"
    assert by_id["M7"].messages[0].code == "budget_country_outside_programme"

    project = result.project_totals(P24)
    assert project["categories"]["travel"] == D("955.00")                 # 180 + 320 + 180 + 275
    assert project["categories"]["individual_support"] == D("4780.00")    # 1400 + 1980 + 1400
    assert project["categories"]["organisational_support"] == D("1750.00")  # 5 × 350
    assert project["categories"]["inclusion_support"] == D("125.00")
    assert project["categories"]["course_fees"] == D("400.00")
    assert project["total"] == D("8010.00") and project["complete"] is False

    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["call_year"] == 2024 and data["call_years"] == [2024]
    assert data["projects"][P24]["total"] == "8010.00" and data["projects"][P24]["complete"] is False
    assert "NPHZ-2024/10001" not in data["projects"]
    assert data["totals"]["total"] == "8010.00" and data["totals"]["complete"] is False
    assert len(data["mobilities"]) == 7
    entry = next(m for m in data["mobilities"] if m["id"] == "M1")
    assert set(entry["categories"]) == {"travel", "individual_support", "organisational_support",
                                        "inclusion_support", "course_fees"}
    rate = entry["categories"]["individual_support"]["rates"][0]
    assert rate["origin"] == "workbook" and rate["cell"].startswith("Likmes!F") and rate["amount"] == "100.00"
    cells = {w["cell"] for w in data["warnings"]}
    assert {"L4", "K5"} <= cells                                           # M3's start date, M4's city
    assert data["rate_overrides"] == {"sheet": "Likmes", "rows": 3}
    assert {r["code"] for r in data["rules"]} >= {"duration", "day15", "travel_band", "organisational"}
    # project filter
    only = register_budget(register, project="NPHZ-2024/10001")
    assert [m.mobility_id for m in only.mobilities] == ["M5"] and only.to_dict()["projects"] == {}
