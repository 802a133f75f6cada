"""Indicators against the targets, from real .xlsx registers whose numbers are worked out by hand.

Every expected number below is derived in a comment from the rows written, following the
counting rules of shared/reference/domain.md. The rows are valid under the full validation so
that only the rows a test breaks on purpose are left out.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from pathlib import Path
from typing import Any

import pytest
from builders import valid_rows, write_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erasmus_xl.domain.indicators import INDICATORS, KEY_INDICATORS, Period, compute_indicators, period_year, project_kind
from erasmus_xl.domain.validation import validate
from erasmus_xl.io.reader import read_register, strategy_targets
from erasmus_xl.model.findings import make_finding
from erasmus_xl.model.records import Competition, Event, Feedback, Incoming, Mobility, Partner, Project, Register
from erasmus_xl.render.console_views import indicator_table, indicators_csv, report_view

D = dt.date
KA1 = "2023-1-LV01-KA121-VET-000111111"
AS_OF = D(2025, 7, 1)          # 182 of 365 days of 2025 gone: share 0.49863


# --- writing registers -------------------------------------------------------------------------

def write_register(path: Path, sheets: dict[str, list[dict[str, Any]]] | None = None, *,
                   targets: dict[str, list[Any]] | None = None) -> Path:
    """A register .xlsx: every contract sheet with its Latvian headers in row 1, then `sheets` rows
    (dicts by column key); a Mērķi sheet when `targets` is given ({indicator: [2024 … 2028]})."""
    return write_workbook(path, sheets or {}, targets=targets)


def mob(id: str, kind: str, start: dt.date, end: dt.date, status: str, **extra: Any) -> dict[str, Any]:
    """A valid Mobilitātes row: learner/staff/accompanying with a fitting activity and unique name."""
    participant = {"learner": "izglītojamais", "staff": "personāls", "accompanying": "pavadošā persona"}[kind]
    row = {
        "id": id, "project_number": KA1, "participant_type": participant,
        "activity_type": "SM-JOB-SHDW" if kind == "staff" else "LM-SHORT-VET",
        "first_name": f"Vārds{id}", "last_name": "Bērziņš",
        "education_programme": "Programmēšana" if kind == "learner" else None,
        "fewer_opportunities": "nē", "receiving_organisation": "Berufsschule Berlin", "country": "Vācija",
        "city": "Berlīne", "start_date": start, "end_date": end, "green_travel": "nē", "status": status,
    }
    row.update(extra)
    return row


def guest(id: str, kind: str, count: Any, start: dt.date, end: dt.date, status: str) -> dict[str, Any]:
    participant = {"learner": "izglītojamais", "staff": "personāls", "accompanying": "pavadošā persona"}[kind]
    return {"id": id, "project_number": "2022-1-LT01-KA121-VET-000057566", "participant_type": participant,
            "count": count, "sending_organisation": "Kauno technologijų mokymo centras", "country": "Lietuva",
            "start_date": start, "end_date": end, "status": status}


def project(number: str, programme: str, role: str, start: dt.date, end: dt.date, status: str,
            kind: str | None = None) -> dict[str, Any]:
    return {"project_number": number, "title": f"Projekts {number}", "programme": programme, "role": role,
            "start_date": start, "end_date": end, "grant": 10000, "status": status, "kind": kind}


BASE_PROJECT = project(KA1, "Erasmus+", "koordinators", D(2023, 6, 1), D(2026, 12, 31), "apstiprināts")

MOBILITIES = [
    # 2024
    mob("M1", "learner", D(2024, 3, 4), D(2024, 3, 22), "notikusi", fewer_opportunities="jā"),
    mob("M2", "learner", D(2024, 4, 8), D(2024, 4, 26), "notikusi", country="Lietuva", city="Kauņa",
        receiving_organisation="UAB Kauno baldai", education_programme="Būvniecība"),
    mob("M3", "learner", D(2024, 5, 6), D(2024, 5, 24), "atcelta"),
    mob("M4", "staff", D(2024, 10, 7), D(2024, 10, 11), "notikusi", country="Somija", city="Helsinki",
        receiving_organisation="Stadin ammattiopisto"),
    mob("M5", "accompanying", D(2024, 3, 4), D(2024, 3, 22), "notikusi"),
    mob("M6", "learner", D(2024, 12, 29), D(2025, 1, 16), "notikusi", country="EE", city="Tallina",
        receiving_organisation="Tallinna Tööstushariduskeskus"),   # across New Year: belongs to 2024
    # 2025
    mob("M7", "learner", D(2025, 2, 3), D(2025, 2, 21), "notikusi"),
    mob("M8", "learner", D(2025, 5, 5), D(2025, 5, 23), "apstiprināta"),   # ended before AS_OF: pipeline
    mob("M9", "learner", D(2025, 9, 8), D(2025, 9, 26), "plānota"),
    mob("M10", "staff", D(2025, 3, 10), D(2025, 3, 14), "notikusi"),
    mob("M11", "staff", D(2025, 10, 6), D(2025, 10, 10), "plānota"),
    mob("M12", "accompanying", D(2025, 9, 8), D(2025, 9, 26), "plānota"),
    mob("M13", "staff", D(2025, 4, 1), D(2025, 4, 4), "atcelta"),
]
INCOMING = [
    guest("U1", "learner", 4, D(2024, 5, 1), D(2024, 5, 14), "notikusi"),   # a group of four is one row
    guest("U2", "staff", 2, D(2024, 5, 1), D(2024, 5, 5), "notikusi"),
    guest("U3", "accompanying", 1, D(2024, 5, 1), D(2024, 5, 14), "notikusi"),
    guest("U4", "learner", 3, D(2025, 10, 1), D(2025, 10, 10), "plānota"),
    guest("U5", "learner", 5, D(2025, 3, 1), D(2025, 3, 10), "atcelta"),
    guest("U6", "staff", 1, D(2025, 2, 10), D(2025, 2, 12), "notikusi"),
]
EVENTS = [
    {"id": "E1", "title": "Seminārs Viļņā", "type": "seminārs", "country": "Lietuva", "city": "Viļņa",
     "start_date": D(2024, 11, 12), "end_date": D(2024, 11, 14), "participants": 3, "status": "notikusi"},
    {"id": "E2", "title": "VET konference", "type": "konference", "country": "Beļģija", "city": "Brisele",
     "start_date": D(2025, 3, 20), "end_date": D(2025, 3, 21), "participants": 5, "status": "notikusi"},
    {"id": "E3", "title": "TCA Tartu", "type": "TCA", "country": "Igaunija", "city": "Tartu",
     "start_date": D(2025, 11, 4), "end_date": D(2025, 11, 6), "participants": 1, "status": "plānota"},
    {"id": "E4", "title": "Atcelts", "type": "seminārs", "country": "Polija", "city": "Varšava",
     "start_date": D(2025, 4, 1), "end_date": D(2025, 4, 2), "participants": 2, "status": "atcelta"},
]
COMPETITIONS = [
    {"id": "K1", "title": "Baltic Skills", "country": "Lietuva", "date": D(2024, 6, 15), "participants": 2,
     "status": "notikusi"},
    {"id": "K2", "title": "EuroSkills", "country": "Polija", "date": D(2024, 9, 10), "participants": 1,
     "status": "notikusi"},
    {"id": "K3", "title": "Nordic Chef", "country": "Somija", "date": D(2025, 5, 20), "participants": 2,
     "status": "notikusi"},
    {"id": "K4", "title": "Baltic Skills 2025", "country": "Lietuva", "date": D(2025, 10, 15),
     "participants": 2, "status": "plānota"},
]
PROJECTS = [
    BASE_PROJECT,                                                           # KA121: mobility, never counted
    project("2024-1-LV01-KA220-VET-000222222", "Erasmus+", "partneris", D(2024, 11, 1), D(2026, 10, 31),
            "apstiprināts"),                                                # cooperation, three years
    project("NPJR-2025_10001", "Nordplus", "koordinators", D(2025, 1, 1), D(2025, 12, 31), "apstiprināts"),
    project("ET-2025-77", "eTwinning", "koordinators", D(2025, 2, 1), D(2025, 12, 31), "iesniegts"),
    project("2025-1-LV01-KA210-VET-000333333", "Erasmus+", "koordinators", D(2025, 9, 1), D(2026, 8, 31),
            "noraidīts"),
    project("2022-1-LV01-KA122-VET-000444444", "Erasmus+", "koordinators", D(2022, 9, 1), D(2024, 2, 29),
            "noslēgts"),                                                    # KA122 overlapping 2024: mobility
    project("LV-LT-00123", "Interreg", "partneris", D(2025, 9, 1), D(2026, 8, 31), "apstiprināts",
            kind="sadarbība"),                                              # starts after AS_OF: pipeline
]
PARTNERS = [
    {"name": "Berufsschule Berlin", "country": "Vācija", "oid": "E10000001", "cooperation_since": 2019},
    {"name": "Kauno technologijų mokymo centras", "country": "Lietuva", "oid": "E10000002",
     "cooperation_since": D(2024, 3, 1)},
    {"name": "Tallinna Tööstushariduskeskus", "country": "Igaunija", "oid": "E10000003", "cooperation_since": 2025},
    {"name": "Stadin ammattiopisto", "country": "Somija", "oid": "E10000004", "cooperation_since": D(2025, 9, 1)},
    {"name": "Bez datuma", "country": "Polija"},
]
FEEDBACK = [
    {"mobility_id": "M1", "satisfaction": 5, "language": "angļu", "level_before": "B1", "level_after": "B2",
     "motivation_before": 3, "motivation_after": 4},
    {"mobility_id": "M2", "satisfaction": 3, "language": "vācu", "level_before": "A2", "level_after": "A2",
     "motivation_before": 4, "motivation_after": 4},
    {"mobility_id": "M4", "satisfaction": 4, "new_methods": 2},
    {"mobility_id": "M6", "satisfaction": 4, "language": "angļu", "level_before": "B1", "level_after": "B1"},
    {"mobility_id": "M6", "language": "igauņu", "level_before": "A1", "level_after": "A2"},
    {"mobility_id": "M3", "satisfaction": 1},                               # cancelled: not counted
    {"mobility_id": "M7", "satisfaction": 2},                               # 2025
]
TARGETS = {
    "learner_mobility_out": [3, 4, 60, 70, 80],
    "Personāla prof. pilnveides mobilitātes": [2, 2, 8, 10, 10],            # the Latvian name works too
    "learners_hosted": [4, 3, 6, 8, 10],
    "staff_hosted": [1, 1, 5, 6, 8],
    "events": [1, 2, 2, 2, 2],
    "Dalība starptautiskos konkursos": [2, 2, 2, 2, 2],
    "projects_coordinator": [0, 1, 2, 2, 2],
    "projects_partner": [1, 2, 3, 3, 3],
}


def full_sheets() -> dict[str, list[dict[str, Any]]]:
    return {"mobilities": MOBILITIES, "incoming": INCOMING, "events": EVENTS, "competitions": COMPETITIONS,
            "projects": PROJECTS, "partners": PARTNERS, "feedback": FEEDBACK}


@pytest.fixture(scope="module")
def register_path(tmp_path_factory) -> Path:
    return write_register(tmp_path_factory.mktemp("reg") / "registrs.xlsx", full_sheets(), targets=TARGETS)


@pytest.fixture(scope="module")
def report(register_path):
    return compute_indicators(read_register(register_path), as_of=AS_OF)


def value(report, key: str, year) -> dict[str, Any]:
    item = report.indicator(key, year)
    assert item is not None, (key, year)
    return item.to_dict()


# --- the counting rules --------------------------------------------------------------------------

def test_the_fixture_register_is_valid(register_path):
    """Only warnings (a stale 'confirmed' status), so nothing is left out by accident."""

    findings = validate(read_register(register_path), today=AS_OF)
    assert [f for f in findings if f.severity == "error"] == []


def test_learner_mobilities_cancelled_and_year_boundary(report):
    # 2024: M1, M2, M6 (29.12.2024–16.01.2025 belongs to its start year); M3 cancelled.
    assert {"actual": 3, "pipeline": 0, "forecast": 3}.items() <= value(report, "learner_mobility_out", 2024).items()
    # 2025: M7 completed; M8 confirmed but ended before as_of stays pipeline (overdue), M9 planned.
    v = value(report, "learner_mobility_out", 2025)
    assert (v["actual"], v["pipeline"], v["forecast"], v["overdue"]) == (1, 2, 3, 1)


def test_staff_excludes_accompanying_persons(report):
    v2024 = value(report, "staff_mobility_out", 2024)       # M4; M5 accompanies
    assert (v2024["actual"], v2024["pipeline"]) == (1, 0)
    assert v2024["accompanying"] == {"actual": 1, "pipeline": 0}
    v2025 = value(report, "staff_mobility_out", 2025)       # M10 done, M11 planned, M13 cancelled; M12 escorts
    assert (v2025["actual"], v2025["pipeline"]) == (1, 1)
    assert v2025["accompanying"] == {"actual": 0, "pipeline": 1}
    assert report.breakdowns["2024"].accompanying == {"actual": 1, "pipeline": 0}


def test_a_group_mobility_counts_each_learner_and_shows_accompanying_persons_apart(tmp_path):
    group = dict(activity_type="LM-GROUP-VET", group="G1", receiving_organisation="Tartu Kutsehariduskeskus",
                 country="Igaunija", city="Tartu")
    rows = [mob(f"G{n}", "learner", D(2025, 3, 2), D(2025, 3, 6), "notikusi", **group) for n in (1, 2, 3)]
    rows += [mob("GP", "accompanying", D(2025, 3, 2), D(2025, 3, 6), "notikusi", **group),
             mob("GX", "learner", D(2025, 3, 2), D(2025, 3, 6), "atcelta", **group)]
    register = read_register(write_register(tmp_path / "grupa.xlsx", {"mobilities": rows, "projects": [BASE_PROJECT]}))
    report = compute_indicators(register, as_of=AS_OF)
    # three learners of the group done (GX withdrew); the accompanying person is not staff
    learners = value(report, "learner_mobility_out", 2025)
    assert (learners["actual"], learners["pipeline"]) == (3, 0)
    staff = value(report, "staff_mobility_out", 2025)
    assert (staff["actual"], staff["accompanying"]) == (0, {"actual": 1, "pipeline": 0})
    breakdown = report.breakdowns["2025"].to_dict()
    assert {i["key"]: i["actual"] for i in breakdown["activity_type"]} == {"LM-GROUP-VET": 3}
    assert breakdown["activity_type"][0]["label"] == "Izglītojamo grupu mobilitāte"
    assert any("Grupu" in rule["lv"] or "grupu" in rule["lv"] for rule in report.to_dict()["status_rule"]["counting_rules"])


def test_hosted_is_the_sum_of_counts(report):
    # 2024: U1 group of 4 learners, U2 2 staff, U3 accompanying (not staff).
    assert (value(report, "learners_hosted", 2024)["actual"], value(report, "staff_hosted", 2024)["actual"]) == (4, 2)
    # 2025: U4 3 learners planned, U5 5 cancelled, U6 1 staff.
    v = value(report, "learners_hosted", 2025)
    assert (v["actual"], v["pipeline"]) == (0, 3)
    assert value(report, "staff_hosted", 2025)["actual"] == 1


def test_events_and_competitions_one_per_row(report):
    assert value(report, "events", 2024)["actual"] == 1            # E1 with 3 participants is one
    v = value(report, "events", 2025)                              # E2 done, E3 planned, E4 cancelled
    assert (v["actual"], v["pipeline"]) == (1, 1)
    assert value(report, "competitions", 2024)["actual"] == 2
    v = value(report, "competitions", 2025)
    assert (v["actual"], v["pipeline"]) == (1, 1)


def test_cooperation_projects(report):
    # KA121 and the closed KA122 (overlapping 2024) are mobility projects: never counted.
    assert value(report, "projects_coordinator", 2024)["actual"] == 0
    # 2025: Nordplus approved and started; eTwinning submitted and KA210 rejected never count.
    v = value(report, "projects_coordinator", 2025)
    assert (v["actual"], v["pipeline"]) == (1, 0)
    assert value(report, "projects_coordinator", 2026)["forecast"] == 0
    # The KA220 partnership (11.2024–10.2026) counts in 2024, 2025 and 2026; 2026 has not begun: pipeline.
    assert value(report, "projects_partner", 2024)["actual"] == 1
    v = value(report, "projects_partner", 2025)                  # + Interreg from 1.09.2025: pipeline
    assert (v["actual"], v["pipeline"]) == (1, 1)
    v = value(report, "projects_partner", 2026)
    assert (v["actual"], v["pipeline"]) == (0, 2)
    assert value(report, "projects_partner", 2027)["forecast"] == 0


def test_project_kind_rules():
    def kind(number, programme="erasmus_plus", kind=None):
        return project_kind(Project(row=2, project_number=number, programme=programme, kind=kind))

    assert kind("2023-1-LV01-KA122-VET-000135915") == "mobility"
    assert kind("2019-1-LV01-KA102-060292") == "mobility"
    assert kind("2016-1-LV01-KA116-022644") == "mobility"
    assert kind("2010-1-LV1-LEO03-00754", "leonardo") == "mobility"
    assert kind("2024-1-LV01-KA220-VET-000222222") == "cooperation"
    assert kind("NPJR-2025_10001", "nordplus") == "cooperation"
    assert kind("2023-1-LV01-KA122-VET-000135915", kind="cooperation") == "cooperation"


def test_new_partners(report):
    assert value(report, "new_partners", 2024)["actual"] == 1     # since 01.03.2024
    v = value(report, "new_partners", 2025)                        # "2025" = 01.01.2025 done; 01.09.2025 ahead
    assert (v["actual"], v["pipeline"], v["target"], v["status"]) == (1, 1, None, "no_target")


def test_qualitative_2024(report):
    q = {item.key: item.to_dict() for item in report.qualitative if item.period.year == 2024}
    # Completed 2024 mobilities: M1 M2 M4 M5 M6. Satisfaction: 5, 3, 4, 4 -> mean 4.0; ≥4: 3 of 4.
    assert {"mean": 4.0, "value": 4.0, "share": 0.75, "responses": 4, "mobilities": 5}.items() <= q["satisfaction"].items()
    # Language: M1 B1->B2 rose, M2 A2->A2 not, M6 rose in one of its two languages: 2 of 3.
    assert (q["language_improved"]["count"], q["language_improved"]["responses"]) == (2, 3)
    assert q["language_improved"]["share"] == pytest.approx(0.6667)
    # Motivation: M1 3->4 rose, M2 4->4 not.
    assert (q["motivation_improved"]["count"], q["motivation_improved"]["share"]) == (1, 0.5)
    # New methods: M4 (staff) applied 2.
    assert {"value": 1, "count": 1, "responses": 1, "mobilities": 1}.items() <= q["staff_new_methods"].items()
    q2025 = report.qualitative_value("satisfaction", 2025)
    assert (q2025.mean, q2025.share) == (2.0, 0.0)                 # M7 only; M3 cancelled is ignored
    assert report.qualitative_value("language_improved", 2026).share is None


def test_status_rule_with_fixed_as_of(report):
    """as_of 01.07.2025: 182/365 = 0,4986 of 2025 gone."""
    assert report.status_rule["share_of_period_gone"] == pytest.approx(182 / 365, abs=1e-4)
    statuses = {key: value(report, key, 2025)["status"] for key in KEY_INDICATORS}
    assert statuses == {
        "learner_mobility_out": "behind",      # 1 < 4×0,4986; forecast 3 < 4
        "staff_mobility_out": "on_track",      # 1 ≥ 2×0,4986
        "learners_hosted": "at_risk",          # 0 < 3×0,4986; forecast 3 ≥ 3
        "staff_hosted": "achieved",            # 1 ≥ 1
        "events": "on_track",
        "competitions": "on_track",
        "projects_coordinator": "achieved",
        "projects_partner": "on_track",
    }
    assert value(report, "learner_mobility_out", 2024)["status"] == "achieved"
    assert value(report, "staff_mobility_out", 2024)["status"] == "missed"          # 1 < 2
    assert value(report, "learner_mobility_out", 2026)["status"] == "planned"
    v = value(report, "learner_mobility_out", 2025)
    assert (v["target"], v["percent"], v["still_needed"], v["still_to_plan"]) == (4, 25.0, 3, 1)
    assert value(report, "projects_coordinator", 2024)["percent"] is None           # target 0
    assert value(report, "learner_mobility_out", 2025)["status_lv"] == "atpaliek"


def test_status_one_day_later_crosses_the_line(register_path):
    """02.07.2025: 183/365 gone; staff 1 < 2×0,5014, forecast 2 ≥ 2: at risk."""
    later = compute_indicators(read_register(register_path), as_of=D(2025, 7, 2), year=2025)
    assert later.indicator("staff_mobility_out", 2025).status == "at_risk"
    assert [p.year for p in later.periods] == [2025]
    assert {i.period.year for i in later.indicators} == {2025}


def test_what_it_takes_this_year_and_next(report):
    rows = {(r["key"], r["year"]): r for r in report.what_it_takes()}
    assert {"still_needed": 3, "still_to_plan": 1}.items() <= rows[("learner_mobility_out", 2025)].items()
    assert {"still_needed": 60, "still_to_plan": 60}.items() <= rows[("learner_mobility_out", 2026)].items()
    assert not any(year == 2024 for _, year in rows)


def test_breakdowns_2024(report):
    b = report.breakdowns["2024"].to_dict()
    # Learners and staff of 2024, done: M1 DE, M2 LT, M4 FI, M6 EE (M5 accompanies; M3 cancelled).
    countries = {item["label"]: item["actual"] for item in b["country"]}
    assert countries == {"Vācija": 1, "Lietuva": 1, "Somija": 1, "Igaunija": 1}
    assert [item["label"] for item in b["country"]] == ["Igaunija", "Lietuva", "Somija", "Vācija"]
    programmes = {item["label"]: item["actual"] for item in b["education_programme"]}
    assert programmes == {"Programmēšana": 2, "Būvniecība": 1}           # learners only
    assert {i["key"]: i["actual"] for i in b["activity_type"]} == {"LM-SHORT-VET": 3, "SM-JOB-SHDW": 1}
    assert b["programme"] == [{"key": "erasmus_plus", "label": "Erasmus+", "label_en": "Erasmus+",
                               "actual": 4, "pipeline": 0}]
    assert b["fewer_opportunities"] == {"actual": 1, "pipeline": 0, "share": 0.25}
    assert b["participants"] == {"actual": 4, "pipeline": 0}
    assert len(b["receiving_organisation"]) == 4
    labels = [i.label for i in report.breakdowns["2024"].lists["activity_type"]]
    assert labels[0] == "Izglītojamo īstermiņa mācību mobilitāte"


def test_json_shape(report):
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert list(data) == ["as_of", "basis", "targets_source", "status_rule", "left_out", "indicators",
                          "qualitative", "breakdowns"]
    assert data["as_of"] == "2025-07-01" and data["basis"] == "calendar"
    assert data["targets_source"]["code"] == "workbook"
    assert {"lv", "en", "share_of_period_gone", "statuses", "counting_rules"} <= set(data["status_rule"])
    assert len(data["indicators"]) == 5 * len(INDICATORS)
    first = data["indicators"][0]
    for key in ("key", "label", "label_en", "year", "actual", "pipeline", "forecast", "target", "percent",
                "status", "still_needed"):
        assert key in first
    assert first["label"] == "Izglītojamo prakses mobilitātes" and first["year"] == 2024
    assert len(data["qualitative"]) == 5 * 4
    assert list(data["breakdowns"]) == ["2024", "2025", "2026", "2027", "2028"]
    assert data["left_out"] == {}


def test_rows_and_csv(report):
    rows = report.to_rows()
    assert len(rows) == 5 * len(INDICATORS) + 5 * 4
    text = indicators_csv(report)
    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert parsed[0][:4] == ["Veids / Kind", "Gads / Year", "Kods / Key", "Rādītājs"]
    assert len(parsed) == len(rows) + 1
    assert "25,0" in text                      # percent with a decimal comma
    plain = list(csv.DictReader(io.StringIO(indicators_csv(report, excel=False))))
    assert plain[0]["Notikušas / Actual"] == "3"


def test_console_table_renders_latvian(report):
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    console.print(indicator_table(report))
    console.print(report_view(report))
    text = console.export_text()
    assert "Izglītojamo prakses mobilitātes" in text
    assert "atpaliek" in text and "riskants" in text and "atbilst plānam" in text and "plānots" in text


# --- academic years --------------------------------------------------------------------------------

def test_academic_years(register_path):
    report = compute_indicators(read_register(register_path), as_of=AS_OF, basis="academic")
    assert [str(p.label) for p in report.periods] == ["2024/2025", "2025/2026", "2026/2027", "2027/2028",
                                                      "2028/2029"]
    # 2024/2025 = 01.09.2024–31.08.2025: M6 (12.2024) and M7 (02.2025) done, M8 (05.2025) confirmed.
    v = report.indicator("learner_mobility_out", "2024/2025").to_dict()
    assert (v["year"], v["actual"], v["pipeline"], v["target"]) == ("2024/2025", 2, 1, 3)   # 2024 target
    # Staff: M4 (10.2024) and M10 (03.2025) done.
    assert report.indicator("staff_mobility_out", 2024).actual == 2
    assert report.indicator("learner_mobility_out", "2025/2026").pipeline == 1                # M9
    assert report.indicator("projects_partner", "2024/2025").actual == 1
    assert report.status_rule["current_period"] == "2024/2025"
    assert report.status_rule["share_of_period_gone"] == pytest.approx(304 / 365, abs=1e-4)
    one = compute_indicators(read_register(register_path), as_of=AS_OF, basis="academic", year=2025)
    assert [p.key for p in one.periods] == ["2025/2026"]
    assert list(one.to_dict()["breakdowns"]) == ["2025/2026"]


def test_periods():
    assert period_year(D(2025, 8, 31), "academic") == 2024
    assert period_year(D(2025, 9, 1), "academic") == 2025
    assert Period(2025, "academic").end == D(2026, 8, 31)
    assert Period(2025).phase(D(2026, 1, 1)) == "past"
    with pytest.raises(ValueError):
        compute_indicators(Register(path=Path("x.xlsx")), basis="school")


# --- targets --------------------------------------------------------------------------------------

def test_without_targets_sheet_strategy_targets_are_stated(tmp_path):
    path = write_register(tmp_path / "bez_merkiem.xlsx", {"projects": [BASE_PROJECT], "mobilities": MOBILITIES[:2]})
    report = compute_indicators(read_register(path), as_of=AS_OF)
    assert report.targets_source == "strategy"
    data = report.to_dict()
    assert data["targets_source"]["code"] == "strategy"
    assert "stratēģijas mērķi" in data["targets_source"]["lv"]
    v = report.indicator("learner_mobility_out", 2024)
    assert (v.target, v.actual, v.status, v.percent) == (18, 2, "missed", 11.1)
    assert report.indicator("staff_mobility_out", 2028).target == 10


# --- rows with errors ------------------------------------------------------------------------------

def test_rows_are_left_out_only_for_errors_in_columns_the_indicator_needs(tmp_path):
    bad = [
        *MOBILITIES[6:8],                                                    # M7 done, M8 confirmed (2025)
        mob("X1", "learner", D(2025, 3, 3), D(2025, 3, 21), "notikusi", country="Atlantīda"),
        mob("X2", "learner", "31.02.2025", D(2025, 3, 21), "notikusi"),
        mob("X3", "learner", D(2025, 3, 3), D(2025, 3, 21), "notikusi", first_name=None),
    ]
    guests = [guest("U1", "learner", 4, D(2025, 5, 1), D(2025, 5, 14), "notikusi"),
              guest("U2", "learner", "divi", D(2025, 5, 1), D(2025, 5, 14), "notikusi")]
    path = write_register(tmp_path / "kludas.xlsx", {"mobilities": bad, "incoming": guests,
                                                      "projects": [BASE_PROJECT]})
    register = read_register(path)
    findings = validate(register, today=AS_OF)
    assert {("country_unknown", "error"), ("required_missing", "error")} <= {(f.code, f.severity) for f in findings}
    report = compute_indicators(register, as_of=AS_OF, year=2025, findings=findings)
    v = report.indicator("learner_mobility_out", 2025)
    # X1 (unknown country) and X3 (no first name) err only in columns the count does not need: counted.
    # X2's start date is unreadable, and the count needs it: left out and listed with why.
    assert (v.actual, v.pipeline) == (3, 1)
    assert report.indicator("learners_hosted", 2025).actual == 4     # U2's count is unreadable
    left = report.to_dict()["left_out"]
    assert set(left) == {"mobilities", "incoming"}
    assert (left["mobilities"]["count"], left["mobilities"]["rows"]) == (1, [5])
    assert left["mobilities"]["sheet"] == "Mobilitātes"
    assert {f["code"] for f in left["mobilities"]["findings"]} == {"not_a_date"}
    assert left["mobilities"]["left_out_of"][0]["indicators"][:2] == ["learner_mobility_out", "staff_mobility_out"]
    assert all(f["message"] and f["message_en"] and f["row"] for f in left["mobilities"]["findings"])
    assert (left["incoming"]["count"], left["incoming"]["rows"]) == (1, [3])
    assert report.left_out_count == 2


def test_merged_registers_leave_out_only_the_right_workbooks_row():
    """Rows of merged registers (batch) share numbers; findings name their file."""
    trip = dict(participant_type="learner", start_date=D(2025, 3, 1), end_date=D(2025, 3, 20), status="completed")
    register = Register(path=Path("mape"), mobilities=[Mobility(row=2, id="A", source="a.xlsx", **trip),
                                                       Mobility(row=2, id="B", source="b.xlsx", **trip)])
    error = make_finding("required_missing", sheet="Mobilitātes", sheet_key="mobilities", cell="E2", row=2,
                         column="Vārds", value="")
    error.file = "b.xlsx"
    report = compute_indicators(register, year=2025, as_of=AS_OF, findings=[error])
    assert report.indicator("learner_mobility_out", 2025).actual == 1
    assert report.left_out["mobilities"].to_dict()["files"] == {"b.xlsx": [2]}


def test_explicit_findings_replace_validation():
    register = Register(path=Path("r.xlsx"), mobilities=[
        Mobility(row=2, id="A", participant_type="learner", start_date=D(2025, 3, 1), end_date=D(2025, 3, 20),
                 status="completed"),
        Mobility(row=3, id="B", participant_type="learner", start_date=D(2025, 3, 1), end_date=D(2025, 3, 20),
                 status="completed")])
    error = make_finding("person_overlap", sheet="Mobilitātes", sheet_key="mobilities", cell="L3", row=3,
                         column="Sākuma datums", value=D(2025, 3, 1), name="A B", id="B", start="", end="",
                         other_id="A", other_start="", other_end="")
    warning = make_finding("status_not_updated", sheet="Mobilitātes", sheet_key="mobilities", cell="O2", row=2,
                           column="Statuss", value="confirmed", end="")
    report = compute_indicators(register, year=2025, as_of=AS_OF, findings=[error, warning])
    assert report.indicator("learner_mobility_out", 2025).actual == 1       # the warning row still counts
    assert report.left_out["mobilities"].rows == [3]
    assert compute_indicators(register, year=2025, as_of=AS_OF, findings=[]).indicator(
        "learner_mobility_out", 2025).actual == 2


# --- properties ------------------------------------------------------------------------------------

STATUSES = ("planned", "confirmed", "completed", "cancelled")
dates = st.dates(min_value=D(2023, 6, 1), max_value=D(2029, 6, 30))


@functools.cache
def _sampled(values: tuple) -> st.SearchStrategy:
    return st.sampled_from(values)


def _pick(values: list) -> st.SearchStrategy:
    """st.sampled_from(values), built once per list of values rather than at every draw."""
    return _sampled(tuple(values))


@st.composite
def registers(draw) -> Register:
    n = draw(st.integers(0, 25))
    mobilities = []
    for i in range(n):
        start = draw(dates)
        mobilities.append(Mobility(
            row=i + 2, id=f"M{i}", project_number=draw(_pick([KA1, "NPJR-1", None])),
            participant_type=draw(_pick(["learner", "staff", "accompanying", None])),
            activity_type=draw(_pick(["LM-SHORT-VET", "SM-TTA", None])),
            education_programme=draw(_pick(["Programmēšana", "programmēšana ", "Būvdarbi", None])),
            fewer_opportunities=draw(_pick([True, False, None])),
            receiving_organisation=draw(_pick(["Firma A", "firma  a", "Ūdens SIA", None])),
            country=draw(_pick(["DE", "LT", "EE", None])), start_date=start,
            end_date=start + dt.timedelta(days=draw(st.integers(0, 40))), status=draw(st.sampled_from(STATUSES))))
    incoming = [Incoming(row=i + 2, id=f"U{i}", participant_type=draw(_pick(["learner", "staff", "accompanying"])),
                         count=draw(st.integers(1, 9)), start_date=(d := draw(dates)), end_date=d,
                         status=draw(st.sampled_from(STATUSES))) for i in range(draw(st.integers(0, 6)))]
    events = [Event(row=i + 2, id=f"E{i}", start_date=(d := draw(dates)), end_date=d,
                    status=draw(st.sampled_from(STATUSES))) for i in range(draw(st.integers(0, 5)))]
    competitions = [Competition(row=i + 2, id=f"K{i}", date=draw(dates), status=draw(st.sampled_from(STATUSES)))
                    for i in range(draw(st.integers(0, 5)))]
    projects = [Project(row=i + 2, project_number=draw(_pick([KA1, "2024-1-LV01-KA220-VET-000000001", "NPJR-1"])),
                        programme=draw(_pick(["erasmus_plus", "nordplus"])),
                        role=draw(_pick(["coordinator", "partner"])), start_date=(d := draw(dates)),
                        end_date=d + dt.timedelta(days=draw(st.integers(0, 900))),
                        status=draw(_pick(["submitted", "approved", "rejected", "closed"])))
                for i in range(draw(st.integers(0, 5)))]
    partners = [Partner(row=i + 2, name=f"P{i}", cooperation_since=draw(st.one_of(st.none(), dates)))
                for i in range(draw(st.integers(0, 5)))]
    feedback = [Feedback(row=i + 2, mobility_id=f"M{draw(st.integers(0, max(n - 1, 0)))}",
                         satisfaction=draw(st.one_of(st.none(), st.integers(1, 5))),
                         level_before=draw(_pick([None, "A2", "B1"])),
                         level_after=draw(_pick([None, "A2", "B2"])),
                         motivation_before=draw(st.one_of(st.none(), st.integers(1, 5))),
                         motivation_after=draw(st.one_of(st.none(), st.integers(1, 5))),
                         new_methods=draw(st.one_of(st.none(), st.integers(0, 3))))
                for i in range(draw(st.integers(0, 10)))]
    return Register(path=Path("r.xlsx"), mobilities=mobilities, incoming=incoming, events=events,
                    competitions=competitions, projects=projects, partners=partners, feedback=feedback,
                    targets=strategy_targets())


def _compute(register: Register, basis: str) -> dict[str, Any]:
    return compute_indicators(register, as_of=D(2025, 7, 1), basis=basis, findings=[]).to_dict()


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(registers(), st.randoms(use_true_random=False), st.sampled_from(["calendar", "academic"]))
def test_row_order_never_changes_a_result(register, rnd, basis):
    before = _compute(register, basis)
    for key in ("mobilities", "incoming", "events", "competitions", "projects", "partners", "feedback"):
        rnd.shuffle(register.records(key))
    assert _compute(register, basis) == before


@PROPERTY_SETTINGS
@given(registers(), dates, st.sampled_from(["mobilities", "incoming", "events", "competitions", "projects"]),
       st.sampled_from(["calendar", "academic"]))
def test_a_cancelled_row_never_changes_a_result(register, start, sheet, basis):
    before = _compute(register, basis)
    row = 1000
    added = {
        "mobilities": Mobility(row=row, id="NEW", participant_type="learner", country="DE", start_date=start,
                               end_date=start, status="cancelled", receiving_organisation="Jauna"),
        "incoming": Incoming(row=row, participant_type="staff", count=5, start_date=start, end_date=start,
                             status="cancelled"),
        "events": Event(row=row, start_date=start, end_date=start, status="cancelled"),
        "competitions": Competition(row=row, date=start, status="cancelled"),
        "projects": Project(row=row, project_number="NPJR-9", programme="nordplus", role="partner",
                            start_date=start, end_date=start + dt.timedelta(days=700), status="rejected"),
    }[sheet]
    register.records(sheet).append(added)
    assert _compute(register, basis) == before


@PROPERTY_SETTINGS
@given(registers(), st.sampled_from(["calendar", "academic"]))
def test_actual_never_exceeds_forecast(register, basis):
    report = compute_indicators(register, as_of=D(2025, 7, 1), basis=basis, findings=[])
    for item in report.indicators:
        assert 0 <= item.actual <= item.forecast
        assert item.forecast == item.actual + item.pipeline
        if item.target is not None:
            assert item.still_to_plan <= item.still_needed
    for item in report.qualitative:
        assert item.count <= item.responses <= item.mobilities
        assert item.share is None or 0 <= item.share <= 1


@PROPERTY_SETTINGS
@given(registers(), st.data())
def test_leaving_out_a_row_equals_deleting_it(register, data):
    if not register.mobilities:
        return
    victim = data.draw(st.sampled_from(register.mobilities))
    error = make_finding("required_missing", sheet="Mobilitātes", sheet_key="mobilities", cell=f"A{victim.row}",
                         row=victim.row, column="ID", value="")
    with_finding = compute_indicators(register, as_of=D(2025, 7, 1), findings=[error]).to_dict()
    register.mobilities.remove(victim)
    without_row = compute_indicators(register, as_of=D(2025, 7, 1), findings=[]).to_dict()
    assert with_finding.pop("left_out")["mobilities"]["rows"] == [victim.row]
    without_row.pop("left_out")
    # Feedback of a deleted mobility would otherwise be orphaned; both views drop it the same way.
    assert with_finding == without_row


# --- descriptive columns: the schema's enum_severity ------------------------------------------------

OTHER_TOOL_TYPES = ("Augstskola (HEI)", "Private company / SME", "NGO – youth")


def _other_tool_register(path: Path) -> Path:
    """A register as another tool writes it: English headers, partner types from its own list."""
    rows = valid_rows()
    rows["partners"] = [dict(name=f"Partner {i}", country=country, city="X", type=kind, cooperation_since=D(2025, 2, i + 1))
                        for i, (kind, country) in enumerate(zip(OTHER_TOOL_TYPES, ("Lietuva", "DE", "Somija"), strict=False))]
    return write_workbook(path, rows, english=True)


def test_free_text_partner_types_warn_per_cell_and_the_partners_count_everywhere(tmp_path):
    from erasmus_xl.render.reports import report_context
    from erasmus_xl.render.summary import summarise_folder

    folder = tmp_path / "registri"
    folder.mkdir()
    path = _other_tool_register(folder / "cits-rīks.xlsx")
    register = read_register(path)
    findings = validate(register, today=D(2026, 1, 15))
    on_type = [f for f in findings if f.sheet_key == "partners"]
    assert [(f.cell, f.severity, f.code) for f in on_type] == [(f"E{row}", "warning", "enum_unlisted") for row in (2, 3, 4)]
    assert [p.type for p in register.partners] == list(OTHER_TOOL_TYPES)       # the typed text is kept
    assert "nav no saraksta" in on_type[0].message and "still counted" in on_type[0].message_en

    report = compute_indicators(register, year=2025, as_of=D(2026, 1, 15), findings=findings)
    assert report.indicator("new_partners", 2025).actual == 3 and "partners" not in report.left_out
    context = report_context(register, report, year=2025)
    assert [p["name"] for p in context["new_partners"]] == ["Partner 0", "Partner 1", "Partner 2"]
    assert context["new_partners"][0]["type"] == OTHER_TOOL_TYPES[0]
    summary = summarise_folder(folder, year=2025, outdir=tmp_path / "out", as_of=D(2026, 1, 15))
    assert summary.report.indicator("new_partners", 2025).actual == 3


def test_summary_counts_a_row_whose_error_is_in_a_column_no_figure_needs(tmp_path):
    from erasmus_xl.render.summary import summarise_folder

    folder = tmp_path / "registri"
    folder.mkdir()
    rows = valid_rows()
    rows["mobilities"][0]["first_name"] = None                       # required, but no figure needs it
    rows["mobilities"][1]["start_date"] = "31.02.2025"              # every mobility figure needs it
    write_workbook(folder / "a.xlsx", rows)
    result = summarise_folder(folder, year=2025, outdir=tmp_path / "out", as_of=D(2026, 1, 15))
    assert result.report.indicator("learner_mobility_out", 2025).actual == 1
    assert result.report.indicator("staff_mobility_out", 2025).actual == 0
    assert result.batch.files[0].left_out == {"mobilities": 1}
    single = compute_indicators(read_register(folder / "a.xlsx"), year=2025, as_of=D(2026, 1, 15))
    assert single.indicator("learner_mobility_out", 2025).actual == 1 and single.left_out["mobilities"].rows == [3]
