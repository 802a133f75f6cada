"""Validation: every rule that tells a coordinator exactly what to fix, and where.

`validate(register)` returns the problems the reader met in single cells (unreadable dates,
unknown countries, values not in a list, Excel errors) followed by the rules that need several
cells, rows or sheets: dates in order, durations within the activity's limits, project numbers,
duplicate IDs, one person in two places at once, double-booked documents. Each rule is one
function below; a new rule is a new function added to RULES.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache
from typing import Any

from erasmus_xl.model.bulk import without_gc_pauses
from erasmus_xl.model.findings import Finding, build_finding, finding_sort_key, latvian_date
from erasmus_xl.model.records import Expense, Mobility, Project, Register
from erasmus_xl.model.schema import enumerations, sheet_spec
from erasmus_xl.model.text import normalize_key, normalize_keys
from erasmus_xl.resources import load_data

Context = dict  # {"today": date}


@without_gc_pauses
def validate(register: Register, *, today: dt.date | None = None) -> list[Finding]:
    """All findings for a register, in sheet, row and column order."""
    context = {"today": today or dt.date.today()}
    findings = list(register.cell_findings)
    for rule in RULES:
        findings.extend(rule(register, context))
    findings.sort(key=finding_sort_key)
    return findings


class _Finder:
    """Builds findings for one sheet with the sheet's real name, cell letters and headers."""

    def __init__(self, register: Register, sheet_key: str) -> None:
        self.layout = register.layouts.get(sheet_key)
        self.sheet_key = sheet_key
        self.sheet = self.layout.name if self.layout else sheet_spec(sheet_key).lv
        self._places: dict[str, tuple[str, str]] = {}   # field -> (column letter, header): a rule finds thousands
        self._remembered: dict[Hashable, Finding] = {}   # see again

    def cell(self, field: str, record) -> str:
        return self.layout.cell(field, record.row) if self.layout else f"A{record.row}"

    def _place(self, field: str) -> tuple[str, str]:
        place = self._places.get(field)
        if place is None:
            layout = self.layout
            letter = layout.columns.get(field, "A") if layout else "A"
            header = (layout.headers.get(field) if layout else None) or sheet_spec(self.sheet_key).column(field).lv
            place = self._places[field] = (letter, header)
        return place

    def __call__(self, code: str, record, field: str, value: object, **params: Any) -> Finding:
        letter, header = self._place(field)
        row = record.row
        return build_finding(code, self.sheet, self.sheet_key, f"{letter}{row}", row, header, value, field, params)

    def again(self, key: Hashable, record) -> Finding | None:
        """The finding remembered under `key`, said again about `record`'s cell; None the first time.

        For the rules that say the same few hundred things about thousands of rows: the words are put
        together once per key, which must hold everything they depend on (code, value, parameters).
        """
        earlier = self._remembered.get(key)
        if earlier is None:
            return None
        letter, _ = self._place(earlier.field_key)
        return earlier.moved_to(f"{letter}{record.row}", record.row)

    def remembered(self, key: Hashable, code: str, record, field: str, value: object, **params: Any) -> Finding:
        """A finding as `__call__` makes it, remembered under `key` for `again`."""
        finding = self._remembered[key] = self(code, record, field, value, **params)
        return finding


def _date(value: dt.date | None) -> str:
    return latvian_date(value) if value else ""


# --- dates and durations -------------------------------------------------------------------------

def check_date_order(register: Register, context: Context) -> Iterable[Finding]:
    for sheet_key in ("mobilities", "incoming", "events", "projects"):
        finder = _Finder(register, sheet_key)
        for record in register.records(sheet_key):
            if record.start_date and record.end_date and record.end_date < record.start_date:
                yield finder("end_before_start", record, "end_date", record.end_date,
                             start=_date(record.start_date), end=_date(record.end_date))


@lru_cache(maxsize=1)
def _activity_rules() -> tuple[dict[str, dict], dict[str, list[str]]]:
    data = load_data("activity_types")
    return {t["code"]: t for t in data["types"]}, data["participants"]


def check_durations(register: Register, context: Context) -> Iterable[Finding]:
    limits, _ = _activity_rules()
    finder = _Finder(register, "mobilities")
    for mobility in register.mobilities:
        rule = limits.get(mobility.activity_type or "")
        days = mobility.duration_days
        if rule is None or days is None or days < 1 or rule["min_days"] <= days <= rule["max_days"]:
            continue
        shorter = rule.get("fewer_opportunities_min_days")
        if shorter and mobility.fewer_opportunities and shorter["min_days"] <= days < rule["min_days"]:
            yield finder("duration_short_fewer_opportunities", mobility, "end_date", mobility.end_date, days=days,
                         activity=mobility.activity_type, min=rule["min_days"], fewer_min=shorter["min_days"],
                         source=shorter["source"])
        else:
            confirmed = rule["confidence"] == "confirmed"
            yield finder("duration_out_of_range" if confirmed else "duration_out_of_range_unconfirmed",
                         mobility, "end_date", mobility.end_date, days=days, activity=mobility.activity_type,
                         min=rule["min_days"], max=rule["max_days"], source=rule["source"])


def group_activities() -> dict[str, dict]:
    """Activity code -> its "group" rule (min_learners ...) for the group activities of activity_types.json."""
    limits, _ = _activity_rules()
    return {code: rule["group"] for code, rule in limits.items() if rule.get("group")}


def mobility_groups(mobilities: Iterable[Mobility]) -> list[list[Mobility]]:
    """The groups of the group-activity rows (cancelled rows aside), in row order.

    Rows with the same `Grupa` code in one project form a group; rows without a code form one
    group per project, activity, receiving organisation, country, city and dates — the learners
    and accompanying persons who travel together.
    """
    grouped = group_activities()
    groups: dict[tuple, list[Mobility]] = {}
    for mobility in mobilities:
        if mobility.activity_type not in grouped or mobility.status == "cancelled":
            continue
        if mobility.group:
            key: tuple = ("code", project_key(mobility.project_number), normalize_key(mobility.group))
        else:
            key = ("rows", project_key(mobility.project_number), mobility.activity_type,
                   normalize_key(mobility.receiving_organisation or ""), mobility.country,
                   normalize_key(mobility.city or ""), mobility.start_date, mobility.end_date)
        groups.setdefault(key, []).append(mobility)
    return list(groups.values())


def check_group_size(register: Register, context: Context) -> Iterable[Finding]:
    """A group mobility needs at least `min_learners` learners in the group (accompanying persons aside)."""
    rules = group_activities()
    finder = _Finder(register, "mobilities")
    has_group_column = bool(finder.layout and "group" in finder.layout.columns)
    for members in mobility_groups(register.mobilities):
        activity = members[0].activity_type
        assert activity is not None   # mobility_groups keeps group activities only
        rule = rules[activity]
        learners = sum(m.participant_type == "learner" for m in members)
        if learners >= rule["min_learners"]:
            continue
        code = "group_too_small" if rule.get("confidence") == "confirmed" else "group_too_small_unconfirmed"
        for mobility in members:
            field = "group" if has_group_column and mobility.group else "activity_type"
            yield finder(code, mobility, field, getattr(mobility, field), activity=mobility.activity_type,
                         learners=learners, min=rule["min_learners"], group=mobility.group or _group_words(mobility),
                         source=rule.get("source", ""))


def _group_words(mobility: Mobility) -> str:
    """How a group without a code is named in a message: its place and dates."""
    return f"{mobility.city or ''} {_date(mobility.start_date)}–{_date(mobility.end_date)}".strip()


def check_activity_fits_participant(register: Register, context: Context) -> Iterable[Finding]:
    _, allowed = _activity_rules()
    finder = _Finder(register, "mobilities")
    labels = enumerations()["participant_type"]
    for mobility in register.mobilities:
        participant = mobility.participant_type or ""
        kinds = allowed.get(participant)
        if kinds is not None and mobility.activity_type and mobility.activity_type not in kinds:
            yield finder("activity_participant_mismatch", mobility, "activity_type", mobility.activity_type,
                         activity=mobility.activity_type, participant=labels.label(participant),
                         participant_en=labels.label(participant, "en"))


def check_education_programme(register: Register, context: Context) -> Iterable[Finding]:
    known = {normalize_key(p) for p in register.education_programmes}
    finder = _Finder(register, "mobilities")
    for mobility in register.mobilities:
        if mobility.participant_type != "learner":
            continue
        if not mobility.education_programme:
            yield finder("learner_without_programme", mobility, "education_programme", "")
        elif known and normalize_key(mobility.education_programme) not in known:
            yield finder("education_programme_unknown", mobility, "education_programme", mobility.education_programme)


def check_status_against_dates(register: Register, context: Context) -> Iterable[Finding]:
    """A confirmed mobility that has ended was probably completed or cancelled: the status is stale."""
    today = context["today"]
    for sheet_key in ("mobilities", "incoming", "events"):
        finder = _Finder(register, sheet_key)
        for record in register.records(sheet_key):
            if record.status == "confirmed" and record.end_date and record.end_date < today:
                key = ("status_not_updated", record.end_date)
                yield finder.again(key, record) or finder.remembered(
                    key, "status_not_updated", record, "status", record.status, end=_date(record.end_date))
            elif record.status == "completed" and record.start_date and record.start_date > today:
                key = ("completed_in_future", record.start_date)
                yield finder.again(key, record) or finder.remembered(
                    key, "completed_in_future", record, "status", record.status, start=_date(record.start_date))


# --- projects -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _number_patterns() -> tuple[re.Pattern, list[re.Pattern], int, set[str]]:
    data = load_data("identifiers")
    current = data["project_number_2021_2027"]
    legacy = [re.compile(item["regex"]) for item in data["project_number_legacy"]]
    return re.compile(current["regex"]), legacy, current["first_call_year"], set(data["checked_programmes"])


def project_number_problem(number: str) -> str | None:
    """None when well-formed; else the finding code: an error for a 2021–2027 number, a warning before."""
    current, legacy, first_year, _ = _number_patterns()
    compact = number.replace(" ", "").upper()
    if current.match(compact) or any(p.match(compact) for p in legacy):
        return None
    year = re.match(r"^(\d{4})", compact)
    if year and int(year[1]) >= first_year:
        return "project_number_malformed"
    return "project_number_legacy"


@lru_cache(maxsize=4096)   # remembered: thousands of rows name the same few projects
def project_key(number: str | None) -> str:
    """Project numbers compare without spaces and case: '2023-1-lv01 …' is the same project."""
    return (number or "").replace(" ", "").upper()


def check_project_numbers(register: Register, context: Context) -> Iterable[Finding]:
    _, _, _, checked = _number_patterns()
    finder = _Finder(register, "projects")
    for project in register.projects:
        if project.project_number and (project.programme in checked or project.programme is None):
            code = project_number_problem(project.project_number)
            if code:
                yield finder(code, project, "project_number", project.project_number)
    finder = _Finder(register, "incoming")  # other agencies' numbers: never more than a warning
    for guest in register.incoming:
        if guest.project_number and project_number_problem(guest.project_number):
            yield finder("project_number_legacy", guest, "project_number", guest.project_number)


def check_project_references(register: Register, context: Context) -> Iterable[Finding]:
    known = {project_key(p.project_number) for p in register.projects if p.project_number}
    for sheet_key in ("mobilities", "finance"):
        finder = _Finder(register, sheet_key)
        for record in register.records(sheet_key):
            if record.project_number and project_key(record.project_number) not in known:
                yield finder("project_unknown", record, "project_number", record.project_number)


def check_mobility_within_project(register: Register, context: Context) -> Iterable[Finding]:
    projects: dict[str, Project] = {project_key(p.project_number): p for p in register.projects}
    finder = _Finder(register, "mobilities")
    for mobility in register.mobilities:
        project = projects.get(project_key(mobility.project_number))
        if not (project and project.start_date and project.end_date and mobility.start_date and mobility.end_date):
            continue
        if mobility.start_date < project.start_date or mobility.end_date > project.end_date:
            key = ("mobility_outside_project", id(project), mobility.start_date, mobility.end_date)
            yield finder.again(key, mobility) or finder.remembered(
                key, "mobility_outside_project", mobility, "start_date", mobility.start_date,
                start=_date(mobility.start_date), end=_date(mobility.end_date), project=project.project_number,
                project_start=_date(project.start_date), project_end=_date(project.end_date))


# --- identities ---------------------------------------------------------------------------------

def check_duplicate_ids(register: Register, context: Context) -> Iterable[Finding]:
    for sheet_key in ("mobilities", "incoming", "events", "competitions", "projects"):
        id_field = sheet_spec(sheet_key).id_column
        assert id_field is not None   # each of these sheets has an ID column
        yield from _duplicates(register, sheet_key, id_field, key=project_key if sheet_key == "projects" else None)
    yield from _duplicates(register, "partners", "oid", key=str.upper)


def _duplicates(register: Register, sheet_key: str, field: str, key: Callable[[str], str] | None) -> Iterable[Finding]:
    """Rows whose `field` repeats an earlier row's, compared as written or by `key`."""
    finder = _Finder(register, sheet_key)
    first_seen: dict[str, object] = {}
    for record in register.records(sheet_key):
        value = getattr(record, field)
        if not value:
            continue
        earlier = first_seen.setdefault(key(value) if key else value, record)
        if earlier is not record:
            yield finder("duplicate_id", record, field, value, other_cell=finder.cell(field, earlier))


def check_person_overlaps(register: Register, context: Context) -> Iterable[Finding]:
    """The same first and last name in two mobilities whose dates overlap (cancelled ones aside)."""
    finder = _Finder(register, "mobilities")
    for trips in _trips_by_person(register.mobilities):
        trips.sort(key=lambda t: (t[0], t[2].row))
        _, latest_end, latest = trips[0]
        for start, end, trip in trips[1:]:
            if start <= latest_end:
                yield finder("person_overlap", trip, "start_date", trip.start_date,
                             name=f"{trip.first_name} {trip.last_name}", id=trip.id or f"#{trip.row}",
                             start=_date(trip.start_date), end=_date(trip.end_date),
                             other_id=latest.id or f"#{latest.row}", other_start=_date(latest.start_date),
                             other_end=_date(latest.end_date))
            if end > latest_end:
                latest_end, latest = end, trip


Trip = tuple[dt.date, dt.date, Mobility]   # start, end, the mobility


def _trips_by_person(mobilities: Iterable[Mobility]) -> list[list[Trip]]:
    """The trips of each person with two or more, by first and last name compared as normalize_key
    does; trips without both names and both dates in order, and cancelled ones, aside.

    Names are normalised all at once (`normalize_keys`), first names only among namesakes: most
    last names of a 20,000-row register occur once.
    """
    trips = [(m.start_date, m.end_date, m) for m in mobilities
             if m.first_name and m.last_name and m.start_date and m.end_date and m.status != "cancelled"
             and m.end_date >= m.start_date]
    last_names = normalize_keys([m.last_name or "" for _, _, m in trips])
    namesakes = Counter(last_names)
    shared = [(last_name, trip) for last_name, trip in zip(last_names, trips, strict=True) if namesakes[last_name] > 1]
    first_names = normalize_keys([trip[2].first_name or "" for _, trip in shared])
    by_person: dict[tuple[str, str], list[Trip]] = {}
    for first_name, (last_name, trip) in zip(first_names, shared, strict=True):
        by_person.setdefault((first_name, last_name), []).append(trip)
    return [person_trips for person_trips in by_person.values() if len(person_trips) > 1]


def check_oids(register: Register, context: Context) -> Iterable[Finding]:
    pattern = re.compile(load_data("identifiers")["oid"]["regex"])
    finder = _Finder(register, "partners")
    for partner in register.partners:
        if partner.oid and not pattern.match(partner.oid.replace(" ", "").upper()):
            yield finder("oid_malformed", partner, "oid", partner.oid)


# --- feedback and money -------------------------------------------------------------------------

def check_mobility_references(register: Register, context: Context) -> Iterable[Finding]:
    known = {m.id for m in register.mobilities if m.id}
    finder = _Finder(register, "feedback")
    for feedback in register.feedback:
        if feedback.mobility_id and feedback.mobility_id not in known:
            yield finder("feedback_unknown_mobility", feedback, "mobility_id", feedback.mobility_id)
    finder = _Finder(register, "finance")
    for expense in register.finance:
        if expense.mobility_id and expense.mobility_id not in known:
            yield finder("unknown_mobility", expense, "mobility_id", expense.mobility_id)


def check_amounts(register: Register, context: Context) -> Iterable[Finding]:
    finder = _Finder(register, "finance")
    for expense in register.finance:
        if expense.amount is not None and expense.amount < 0:
            from erasmus_xl.render.formats import format_money  # Babel's number data: only for a finding that shows money

            yield finder("amount_negative", expense, "amount", format_money(expense.amount))


def check_inclusion_support_claimed(register: Register, context: Context) -> Iterable[Finding]:
    """Inclusion support booked for a mobility where it is not due: organisational inclusion support
    is due only for a participant with fewer opportunities whose inclusion support for participants
    is above 0 (erasmus_facts.json inclusion_support.organisational_trigger)."""
    mobilities = {m.id: m for m in register.mobilities if m.id}
    finder = _Finder(register, "finance")
    label = enumerations()["expense_category"].label("inclusion_support", "lv")
    for expense in register.finance:
        mobility = mobilities.get(expense.mobility_id or "")
        if expense.category != "inclusion_support" or mobility is None:
            continue
        if not mobility.fewer_opportunities:
            yield finder("inclusion_without_fewer_opportunities", expense, "category", label, id=mobility.id)
        elif mobility.participant_inclusion_support is not None and mobility.participant_inclusion_support <= 0:
            yield finder("inclusion_without_participant_support", expense, "category", label, id=mobility.id)


def double_booked_documents(expenses: Iterable[Expense]) -> list[list[Expense]]:
    """Expenses grouped by document number (ignoring case and punctuation), for every document
    charged to two or more projects: the double funding the accountant must make impossible."""
    groups: dict[str, list[Expense]] = {}
    for expense in expenses:
        if expense.document_no and expense.project_number:
            groups.setdefault(normalize_key(expense.document_no), []).append(expense)
    return [items for items in groups.values() if len({project_key(e.project_number) for e in items}) > 1]


def check_double_booking(register: Register, context: Context) -> Iterable[Finding]:
    """An error on every booking of a document on a project other than its first one."""
    finder = _Finder(register, "finance")
    for items in double_booked_documents(register.finance):
        first = items[0]
        for expense in items[1:]:
            if project_key(expense.project_number) != project_key(first.project_number):
                yield finder("document_double_booked", expense, "document_no", expense.document_no,
                             other_project=first.project_number,
                             other_cell=finder.cell("document_no", first))


RULES: list[Callable[[Register, Context], Iterable[Finding]]] = [
    check_date_order,
    check_durations,
    check_group_size,
    check_activity_fits_participant,
    check_education_programme,
    check_status_against_dates,
    check_project_numbers,
    check_project_references,
    check_mobility_within_project,
    check_duplicate_ids,
    check_person_overlaps,
    check_oids,
    check_mobility_references,
    check_amounts,
    check_inclusion_support_claimed,
    check_double_booking,
]
