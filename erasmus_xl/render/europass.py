"""Europass Mobility documents prefilled from the register: one .docx per participant of a project.

Why: after a mobility the coordinator hands every participant a Europass Mobility, and typing the
holder, both partners, the project and the dates into each document by hand is where mistakes
creep in. Sections 1–4 of the legacy Europass Mobility template (fields in data/europass.json,
from shared/reference/erasmus_facts.json) come from the register, its Iestatījumi (Settings) and
Partneri sheets; the skills of section 5a are left as empty, styled places for the host mentor.
The register keeps no dates of birth, so none is printed unless a workbook adds that column.

Rows with validation errors are left out (`europass_participants` says which); nothing is
overwritten without `force`; with `anonymise` the holder is shown by initials and the file is
named by the mobility ID only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from erasmus_xl.domain.validation import project_key
from erasmus_xl.io.outputs import ensure_folder
from erasmus_xl.model.countries import country_code
from erasmus_xl.model.records import Mobility, Partner, Register
from erasmus_xl.model.schema import enumerations
from erasmus_xl.model.text import clean_text, normalize_key
from erasmus_xl.render import formats
from erasmus_xl.render.annexes import (
    AnnexError,
    check_outputs,
    country_name,
    default_template,
    rows_text,
    safe_file_part,
    say,
    school_name,
)
from erasmus_xl.render.beneficiary_export import initials
from erasmus_xl.render.docx_render import render_docx
from erasmus_xl.resources import load_data
from erasmus_xl.workbook import Workbook

TEMPLATE_NAME = "europass_mobility"


def _data() -> dict[str, Any]:
    return load_data("europass")


def _say(path: str, lang: str, count: int | None = None, **values: object) -> str:
    return say(_data(), path, lang, count, **values)


@dataclass
class EuropassSelection:
    """The mobilities that get a document, and the rows left out because they have errors."""

    book: Workbook          # its one validation also leaves out partner rows with errors
    project: str
    mobilities: list[Mobility]
    left_out: list[int]
    sheet: str
    statuses: tuple[str, ...]

    @property
    def register(self) -> Register:
        return self.book.register


def europass_participants(book: Workbook, *, project: str, include_confirmed: bool = False) -> EuropassSelection:
    """Completed (optionally also confirmed) learner and staff mobilities of a project, without error rows.

    Accompanying persons get no Europass Mobility: they are not learning participants.
    """
    register = book.register
    if not project or not str(project).strip():
        raise AnnexError("project_missing", register.path, texts=_data())
    data = _data()
    statuses = tuple(data["statuses"]["with_confirmed" if include_confirmed else "default"])
    wanted = project_key(project)
    chosen = [m for m in register.mobilities if project_key(m.project_number) == wanted and m.status in statuses
              and m.participant_type in data["participant_types"]]
    kept, bad = book.report.partition("mobilities", chosen)
    sheet = register.layouts["mobilities"].name if "mobilities" in register.layouts else "Mobilitātes"
    left_out = sorted(m.row for m in bad)
    if not kept:
        status_names = {lang: data["errors"]["or"][lang].join(
            f"“{enumerations()['mobility_status'].label(s, lang)}”" for s in statuses) for lang in ("lv", "en")}
        left = {lang: (_say("errors.left_out", lang, rows=rows_text(left_out, lang)) if left_out else "")
                for lang in ("lv", "en")}
        raise AnnexError("no_participants", register.path, texts=data, project=clean_text(project),
                         statuses=status_names["lv"], statuses_en=status_names["en"], left_out=left["lv"],
                         left_out_en=left["en"])
    return EuropassSelection(book, clean_text(project), kept, left_out, sheet, statuses)


def _birth_date(mobility: Mobility) -> str | None:
    """A date of birth only when the workbook has such a column (the contract has none)."""
    wanted = {normalize_key(name) for name in _data()["birth_date_columns"]}
    for header, value in (mobility.extra or {}).items():
        if normalize_key(clean_text(str(header))) in wanted and value not in (None, ""):
            if isinstance(value, (dt.date, dt.datetime)):
                return formats.format_date_short(value, lang="lv")
            return clean_text(str(value))
    return None


def _partner_lookup(partners: list[Partner]) -> dict[str, Partner]:
    known: dict[str, Partner] = {}
    for partner in partners:
        if partner.name:
            known.setdefault(normalize_key(partner.name), partner)
    return known


def _qualification(programme: str | None, lang: str) -> str | None:
    """The qualification of an education programme (data/school.json), else the programme's name."""
    if not programme:
        return None
    name = clean_text(programme)
    for item in load_data("school")["education_programmes"]:
        if normalize_key(item["name"]) == normalize_key(name):
            key = "texts.qualification" if item.get("code") else "texts.qualification_no_code"
            return _say(key, lang, qualification=item["qualification"], programme=name, code=item.get("code", ""))
    return _say("texts.programme_only", lang, programme=name)


def europass_context(register: Register, mobility: Mobility, *, lang: str = "lv", anonymise: bool = False,
                     issue_date: dt.date | None = None, partners: dict[str, Partner] | None = None) -> dict[str, Any]:
    """The plain, formatted data templates/<lang>/europass_mobility.docx prints for one participant."""
    formats.locale_for(lang)
    data = _data()
    settings = register.settings or {}
    partners = partners if partners is not None else _partner_lookup(register.partners)
    projects = {project_key(p.project_number): p for p in register.projects if p.project_number}
    record = projects.get(project_key(mobility.project_number))
    school = school_name(settings, lang)
    home = country_code(settings.get("country") or "") or "LV"
    address = settings.get("address") or None
    if address:
        address = _say("texts.address_country", lang, address=address, country=country_name(home, lang))
    partner = partners.get(normalize_key(mobility.receiving_organisation or ""))
    host_city = mobility.city or (partner.city if partner else None)
    host_country = mobility.country or (partner.country if partner else None)
    host_place = (_say("texts.place", lang, city=host_city, country=country_name(host_country, lang))
                  if host_city and host_country else host_city or country_name(host_country, lang))
    objectives = data["objectives"]
    objective = objectives.get(mobility.activity_type or "", objectives["default"])[lang]
    title = _say("texts.initiative_title", lang, title=record.title) if record and record.title else ""
    days = mobility.duration_days
    period = formats.format_date_range(mobility.start_date, mobility.end_date, lang=lang)
    duration = (_say("texts.duration", lang, period=period, days=formats.format_count(days, "day", lang=lang))
                if days else period)
    first, last = mobility.first_name, mobility.last_name
    if anonymise:
        first, last = initials(first) or None, initials(last) or None
    return {
        "school_name": settings.get("school_name") or formats.DASH,
        "holder": {"surname": last, "first_name": first, "id": mobility.id,
                   "birth_date": None if anonymise else _birth_date(mobility)},
        "issuer": {"name": school, "number": _say("texts.number_placeholder", lang),
                   "date": formats.format_date_long(issue_date or dt.date.today(), lang=lang)},
        "sending": {"name": school, "type": _say("texts.sending_type", lang), "address": address,
                    "oid": settings.get("oid") or None, "email": settings.get("contact_email") or None,
                    "mentor": settings.get("methodologist") or ""},
        "host": {"name": partner.name if partner else mobility.receiving_organisation,
                 "type": enumerations()["partner_type"].label(partner.type, lang) if partner and partner.type else None,
                 "address": host_place, "oid": partner.oid if partner and partner.oid else None},
        "description": {"objective": objective,
                        "initiative": _say("texts.initiative", lang, number=clean_text(mobility.project_number or ""),
                                           title=title),
                        "qualification": (_qualification(mobility.education_programme, lang)
                                          if mobility.participant_type == "learner" else None),
                        "programme": _say("texts.programme", lang), "duration": duration},
    }


def europass_file_name(mobility: Mobility, *, anonymise: bool = False) -> str:
    """europass-<ID>-<Surname>.docx (diacritics kept, unsafe characters dropped); by ID alone when anonymised."""
    names = _data()["file_names"]
    identifier = safe_file_part(mobility.id or "") or names["no_id"].format(row=mobility.row)
    surname = safe_file_part(mobility.last_name or "")
    if anonymise or not surname:
        return names["anonymous"].format(id=identifier) + ".docx"
    return names["named"].format(id=identifier, surname=surname) + ".docx"


def default_outdir(register_path: Path | str, project: str) -> Path:
    """Beside the register: a folder NAME-europass-<project>."""
    path = Path(register_path)
    return path.parent / f"{path.stem}-europass-{safe_file_part(project)}"


def write_europass(book: Workbook, *, project: str, outdir: Path | str | None = None,
                   lang: str = "lv", include_confirmed: bool = False, anonymise: bool = False, force: bool = False,
                   template: Path | str | None = None, issue_date: dt.date | None = None) -> list[Path]:
    """Write one prefilled Europass Mobility .docx per participant; returns the paths written.

    Completed mobilities of `project` (with include_confirmed also confirmed ones) of learners and
    staff, without validation errors. No file is written if any target exists and `force` is not set.
    """
    formats.locale_for(lang)
    selection = europass_participants(book, project=project, include_confirmed=include_confirmed)
    register = selection.register
    folder = Path(outdir) if outdir else default_outdir(register.path, selection.project)
    names: dict[str, int] = {}
    targets: list[tuple[Mobility, Path]] = []
    for mobility in selection.mobilities:
        name = europass_file_name(mobility, anonymise=anonymise)
        if name.casefold() in names:
            name = name[:-5] + f"-{mobility.row}.docx"
        names[name.casefold()] = mobility.row
        targets.append((mobility, folder / name))
    check_outputs([path for _, path in targets], force=force, inputs=(register.path,))
    ensure_folder(folder)
    template_path = Path(template) if template else default_template(TEMPLATE_NAME, lang)
    partners = _partner_lookup(book.report.partition("partners", register.partners)[0])
    written = []
    for mobility, path in targets:
        context = europass_context(register, mobility, lang=lang, anonymise=anonymise,
                                   issue_date=issue_date or book.today, partners=partners)
        written.append(render_docx(template_path, context, path, force=force, lang=lang))
    return written


__all__ = ["EuropassSelection", "europass_participants", "europass_context", "europass_file_name",
           "default_outdir", "write_europass"]
