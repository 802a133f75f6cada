"""The accountant's view: granted vs booked vs remaining, double booking, the Finanses sheet."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from builders import FINANCE_NP as NP
from builders import FINANCE_P1 as P1
from builders import FINANCE_P2 as P2
from builders import write_finance_register as build

from erasmus_xl.domain.finance import double_bookings, finance_view
from erasmus_xl.io.reader import read_register
from erasmus_xl.model.records import Expense, Project, Register

D = Decimal


def test_granted_booked_remaining_per_project_and_category(tmp_path):
    view = finance_view(read_register(build(tmp_path)), today=dt.date(2025, 1, 15))
    p1 = view.project(P1)
    assert p1.granted == D("10000.00") and p1.booked == D("1805.50") and p1.remaining == D("8194.50")
    assert p1.documents == 3 and not p1.over_granted
    travel = p1.categories["travel"]
    assert travel.booked == D("405.50") and travel.granted == D("360.00") and travel.remaining == D("-45.50")
    assert travel.over_granted
    assert p1.categories["individual_support"].booked == D("1400.00")
    assert p1.categories["individual_support"].granted is None and p1.categories["individual_support"].remaining is None
    p2 = view.project(P2)
    assert p2.booked == D("700.00") and p2.over_granted and p2.remaining == D("-200.00")
    nordplus = view.project(NP)
    assert nordplus.booked == D("250.00") and nordplus.estimate is None
    stray = view.project("2024-1-LV01-KA122-VET-000999999")
    assert stray is not None and not stray.in_register and stray.granted is None
    assert stray.notes[0]["code"] == "project_not_in_register"


def test_budget_estimate_beside_the_bookings(tmp_path):
    view = finance_view(read_register(build(tmp_path)))
    p1 = view.project(P1)
    # two learners to Kaunas, 12 days + 2 travel days: per person 180 + 1400 + 350
    assert p1.categories["travel"].estimate == D("360.00")
    assert p1.categories["individual_support"].estimate == D("2800.00")
    assert p1.categories["organisational_support"].estimate == D("700.00")
    assert p1.estimate == D("3860.00") and p1.estimate_complete
    assert p1.categories["individual_support"].estimate_minus_booked == D("1400.00")
    assert p1.categories["travel"].estimate_minus_booked == D("-45.50")


def test_double_booking_one_document_on_two_projects(tmp_path):
    register = read_register(build(tmp_path))
    view = finance_view(register)
    assert len(view.double_bookings) == 1
    double = view.double_bookings[0]
    assert double.projects == [P1, P2]
    assert [e["cell"] for e in double.entries] == ["C2", "C6"]
    errors = [f for f in view.findings if f.code == "document_double_booked"]
    assert len(errors) == 1 and errors[0].severity == "error" and errors[0].cell == "C6"
    assert errors[0].sheet == "Finanses" and P1 in errors[0].message and "C2" in errors[0].message
    assert "double funding" in errors[0].message_en


def test_the_same_document_twice_on_one_project_is_not_double_booking():
    expenses = [Expense(2, project_number=P1, document_no="A-1", amount=D(10), category="travel"),
                Expense(3, project_number=P1, document_no="a 1", amount=D(5), category="travel")]
    assert double_bookings(expenses) == []


def test_over_grant_findings_point_at_the_grant_cell(tmp_path):
    view = finance_view(read_register(build(tmp_path)))
    over = {(f.code, f.cell) for f in view.findings if f.code.startswith("over_granted")}
    assert ("over_granted", "G3") in over                   # P2 on row 3 of Projekti, grant in column G
    assert ("over_granted_category", "G2") in over          # P1's travel
    message = next(f for f in view.findings if f.code == "over_granted")
    assert "vairāk nekā piešķirts" in message.message and "more than the grant" in message.message_en
    assert any(f.code == "project_not_in_register" for f in view.findings)


def test_to_dict_is_json_with_exact_amounts(tmp_path):
    data = json.loads(json.dumps(finance_view(read_register(build(tmp_path)),
                                              today=dt.date(2025, 1, 15)).to_dict(), ensure_ascii=False))
    assert data["generated"] == "2025-01-15" and data["currency"] == "EUR"
    p1 = next(p for p in data["projects"] if p["project_number"] == P1)
    assert p1["granted"] == "10000.00" and p1["booked"] == "1805.50" and p1["remaining"] == "8194.50"
    assert p1["categories"]["travel"] == {"granted": "360.00", "booked": "405.50", "remaining": "-45.50",
                                          "estimate": "360.00", "estimate_minus_booked": "-45.50",
                                          "over_granted": True}
    assert data["double_bookings"][0]["document_no"] == "RK-101"
    assert data["totals"]["booked"] == "2835.50"             # 1805.50 + 700 + 250 + 80
    assert data["totals"]["granted"] == "13500.00"
    assert data["budget"]["call_years"] == [2024]


def test_without_budget():
    register = Register(path=None, projects=[Project(2, project_number=P1, programme="erasmus_plus", grant=D(100))],
                        finance=[Expense(2, project_number=P1, document_no="A", category="travel", amount=D(40))])
    view = finance_view(register, compute_budget=False)
    assert view.budget is None and view.project(P1).remaining == D("60.00")
    assert view.project(P1).categories["travel"].estimate is None
