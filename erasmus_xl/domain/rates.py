"""Erasmus+ unit costs of one call year: data/rates_<year>.json merged with the workbook's
"Likmes" (Rates) sheet.

The funder changes the figures every call and the Latvian daily rates (set by VIAA) are not
published where we could find them, so no amount is hard-coded: every figure comes from a data
file with its source and confidence, or from the accountant's own row on the Likmes sheet, which
always wins. A figure nobody knows stays `None` ("missing") so a budget can say so instead of
counting it as zero.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from erasmus_xl.model.errors import RegisterError
from erasmus_xl.model.findings import Finding, Severity
from erasmus_xl.model.text import clean_text, normalize_key
from erasmus_xl.model.wording import fill as fill_text
from erasmus_xl.resources import load_data

# The workbook readers (io.*, model.schema) load where a sheet is read: `erasmus-xl distance`
# needs the bands, not the workbook stack.

CONFIRMED_LEVELS = ("confirmed", "workbook")
RATE_PARTICIPANTS = ("learner", "staff")
GROUPS = ("1", "2", "3")
LAST_VALIDATED_ROW = 2000        # drop-downs reach this row, as on the register's other sheets
# Figures that are rules rather than amounts: kept when a call year borrows another year's file.
STRUCTURAL_KEYS = frozenset({"travel_days_standard", "travel_days_green", "course_fee_max_days"})
_RATES_FILE = re.compile(r"^rates_(\d{4})\.json$")


def texts() -> dict[str, Any]:
    """Wording and layouts shared by rates, distance, budget and finance (data/budget_texts.json)."""
    return load_data("budget_texts")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Rate:
    """One figure: an amount (None when nobody knows it) with where it comes from."""

    key: str
    amount: Decimal | None
    confidence: str                    # confirmed / secondary / unconfirmed / missing / workbook
    source: str = ""
    note: str = ""
    group: str | None = None
    participant_type: str | None = None
    band: str | None = None
    origin: str = "data"               # "data" (rates file) or "workbook" (Likmes sheet)
    cell: str | None = None            # e.g. "Likmes!E5" for a workbook figure
    facts_label: str = ""              # the wording of erasmus_facts.json, kept verbatim

    @property
    def known(self) -> bool:
        return self.amount is not None

    @property
    def value(self) -> Decimal:
        """The amount of a rate the caller has checked is `known` (typed without the None)."""
        assert self.amount is not None, f"rate {self.key} is not known"
        return self.amount

    @property
    def confirmed(self) -> bool:
        return self.confidence in CONFIRMED_LEVELS

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "group": self.group, "participant_type": self.participant_type, "band": self.band,
            "amount": money_text(self.amount), "confidence": self.confidence, "origin": self.origin,
            "cell": self.cell, "source": self.source, "note": self.note,
        }


@dataclass(frozen=True)
class Rule:
    """A calculation rule (not an amount) and how sure we are of it."""

    code: str
    confidence: str
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class BandSpec:
    """A distance band: min_km ≤ km < max_km + 1 (max_km None: open-ended)."""

    index: int                         # 1 for 10–99 km ...; 0 is "under the first band"
    key: str
    min_km: int
    max_km: int | None

    def contains(self, km: float) -> bool:
        return km >= self.min_km and (self.max_km is None or km < self.max_km + 1)

    def label(self, lang: str = "lv") -> str:
        labels = texts()["band_labels"]
        if self.index == 0:
            return labels["under"][lang].format(min=self.max_km + 1 if self.max_km is not None else 10)
        if self.max_km is None:
            return labels["open"][lang].format(min=self.min_km)
        return labels["range"][lang].format(min=self.min_km, max=self.max_km)


class RatesUnavailable(RegisterError, LookupError):
    """No rates file for a call year and no Likmes rows for it either (code "rates_year_missing").

    A `RegisterError` for a caller that cannot go on without them; the budget catches it and
    says so in the row instead.
    """

    def __init__(self, call_year: int, available: tuple[int, ...]) -> None:
        self.call_year = call_year
        self.available = tuple(available)
        super().__init__("rates_year_missing", year=call_year, available=_years_text(self.available))

    def words(self, code: str, params: dict[str, Any]) -> tuple[str, str]:
        return _message(code, "lv", **params), _message(code, "en", **params)

    def to_dict(self) -> dict[str, Any]:
        return {"code": "rates_year_missing", "call_year": self.call_year, "message": self.message,
                "message_en": self.message_en}


@dataclass
class Rates:
    """The unit costs of one call year, ready for the budget."""

    call_year: int
    entries: dict[tuple[str, str | None, str | None, str | None], Rate]
    bands: tuple[BandSpec, ...]
    groups: dict[str, str]                        # ISO alpha-2 -> "1" / "2" / "3"
    groups_rule: Rule
    rate_participant: dict[str, str]              # participant type -> rate column (accompanying -> staff)
    rate_participant_rule: Rule
    day15_applies: bool
    day15_from_day: int
    day15_share: Decimal
    day15_round_to: Decimal | None
    day15_rule: Rule
    duration_rule: Rule
    green_absent_uses_standard: bool
    base_year: int                                # the file the structure came from
    notices: list[dict[str, str]] = field(default_factory=list)   # {"code","message","message_en"}
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def get(self, key: str, *, group: str | None = None, participant_type: str | None = None,
            band: str | None = None) -> Rate:
        """The figure for a key and its dimensions; a 'missing' Rate when there is none."""
        found = self.entries.get((key, group, participant_type, band))
        if found is not None:
            return found
        return Rate(key=key, amount=None, confidence="missing", group=group, participant_type=participant_type,
                    band=band, source="", note="")

    def group_of(self, country: str | None) -> str | None:
        """The Erasmus+ country group ("1"–"3") of an ISO code (GR and EL both work)."""
        if not country:
            return None
        return self.groups.get(country.upper())

    def band_for(self, km: float) -> BandSpec:
        return band_for_km(km, self.bands)

    @property
    def overridden(self) -> list[Rate]:
        return [r for r in self.entries.values() if r.origin == "workbook"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "call_year": self.call_year, "base_year": self.base_year,
            "rates": [r.to_dict() for r in self.entries.values()],
            "notices": list(self.notices),
        }


# --------------------------------------------------------------------------- loading


def available_call_years() -> tuple[int, ...]:
    """Call years with a data/rates_<year>.json file."""
    return _available_call_years()


@lru_cache(maxsize=1)
def _available_call_years() -> tuple[int, ...]:
    folder = resources.files("erasmus_xl").joinpath("data")
    years = [int(m[1]) for item in folder.iterdir() if (m := _RATES_FILE.match(item.name))]
    return tuple(sorted(years))


def rates_file_data(call_year: int) -> dict[str, Any]:
    """The raw JSON of a call year's rates file (KeyError when there is none)."""
    if call_year not in available_call_years():
        raise KeyError(call_year)
    return load_data(f"rates_{call_year}")


def load_rates(call_year: int, overrides: RateOverrides | Iterable[RateOverride] | None = None) -> Rates:
    """The rates of `call_year`, with the Likmes rows of that year on top.

    A call year without a file still works when the Likmes sheet has rows for it: the bands and
    country groups then come from the nearest earlier file (a notice says so) and every amount
    from the sheet. Without file and rows: `RatesUnavailable`.
    """
    rows = [o for o in _override_list(overrides) if o.call_year == call_year]
    years = available_call_years()
    if call_year in years:
        rates = _rates_from_file(call_year, load_data(f"rates_{call_year}"))
    elif rows and years:
        earlier = [y for y in years if y < call_year]
        base = max(earlier) if earlier else min(years)
        rates = _borrowed_rates(call_year, base)
    else:
        raise RatesUnavailable(call_year, years)
    for row in rows:
        rate = Rate(key=row.key, amount=row.amount, confidence="workbook",
                    source=row.note or texts()["confidence"]["workbook"]["lv"], note=row.note,
                    group=row.group, participant_type=row.participant_type, band=row.band,
                    origin="workbook", cell=row.address)
        rates.entries[(row.key, row.group, row.participant_type, row.band)] = rate
    return rates


def default_bands() -> tuple[BandSpec, ...]:
    """The distance bands of the newest rates file (the same since 2021)."""
    years = available_call_years()
    return _bands_from(load_data(f"rates_{years[-1]}")["travel"]["bands"])


def band_for_km(km: float, bands: tuple[BandSpec, ...] | None = None) -> BandSpec:
    """The band of a one-way distance; index 0 ("under 10 km", no grant) below the first band."""
    bands = bands or default_bands()
    if km != km or km < 0:  # NaN or negative: not a distance
        raise ValueError(f"not a distance: {km!r}")
    for band in bands:
        if band.contains(km):
            return band
    first = bands[0]
    if km < first.min_km:
        return BandSpec(index=0, key=f"<{first.min_km}", min_km=0, max_km=first.min_km - 1)
    return bands[-1]


def _bands_from(items: list[dict[str, Any]]) -> tuple[BandSpec, ...]:
    return tuple(BandSpec(index=i + 1, key=b["key"], min_km=int(b["min_km"]),
                          max_km=None if b.get("max_km") is None else int(b["max_km"]))
                 for i, b in enumerate(items))


def _figure(value: Any, block: dict[str, Any]) -> tuple[Decimal | None, str, str, str, str]:
    """(amount, confidence, source, note, facts label) of a number or {"amount": ...} object."""
    if isinstance(value, dict):
        amount = value.get("amount")
        confidence = value.get("confidence", block.get("confidence", "unconfirmed"))
        source = value.get("source", block.get("source", ""))
        note = value.get("note", block.get("note", ""))
        label = value.get("facts_label", block.get("facts_label", ""))
    else:
        amount, confidence = value, block.get("confidence", "unconfirmed")
        source, note, label = block.get("source", ""), block.get("note", ""), block.get("facts_label", "")
    if amount is None:
        return None, "missing", source, note, label
    if confidence == "missing":  # a block marked missing that still holds a figure
        confidence = "unconfirmed"
    return Decimal(str(amount)), confidence, source, note, label


def _rates_from_file(call_year: int, data: dict[str, Any]) -> Rates:
    entries: dict[tuple[str, str | None, str | None, str | None], Rate] = {}

    def put(key: str, value: Any, block: dict[str, Any], *, group: str | None = None,
            participant_type: str | None = None, band: str | None = None) -> None:
        amount, confidence, source, note, label = _figure(value, block)
        entries[(key, group, participant_type, band)] = Rate(
            key=key, amount=amount, confidence=confidence, source=source, note=note, group=group,
            participant_type=participant_type, band=band, facts_label=label)

    travel = data["travel"]
    for band in travel["bands"]:
        put("travel_standard", band.get("standard"), travel, band=band["key"])
        put("travel_green", band.get("green"), travel, band=band["key"])
    days = data["travel_days"]
    put("travel_days_standard", days.get("standard"), days)
    put("travel_days_green", days.get("green"), days)
    individual = data["individual_support"]
    for group, by_type in individual["rates"].items():
        for participant_type, value in by_type.items():
            put("individual_support", value, individual, group=str(group), participant_type=participant_type)
        for participant_type, value in individual.get("rates_day15", {}).get(group, {}).items():
            put("individual_support_day15", value, individual, group=str(group), participant_type=participant_type)
    organisational = data["organisational_support"]
    put("organisational_support", organisational.get("first_100"), organisational)
    put("organisational_support_above_100", organisational.get("above_100"), organisational)
    put("organisational_support_erasmuspro", organisational.get("erasmuspro"), organisational)
    inclusion = data["inclusion_support"]
    put("inclusion_support", inclusion.get("amount"), inclusion)
    fees = data["course_fees"]
    put("course_fee_per_day", fees.get("per_day"), fees)
    put("course_fee_max_days", fees.get("max_days"), fees)
    if fees.get("max_eur") is not None:  # absent: no cap in EUR beyond per_day × max_days
        put("course_fee_max_eur", fees.get("max_eur"), fees)

    groups_data = data["country_groups"]
    to_iso = groups_data.get("erasmus_to_iso", {})
    groups: dict[str, str] = {}
    for group, codes in groups_data["groups"].items():
        for code in codes:
            groups[code] = str(group)
            if code in to_iso:
                groups[to_iso[code]] = str(group)
    participant = individual["rate_participant"]
    day15 = individual["day15_rule"]
    duration = individual["duration_rule"]
    return Rates(
        call_year=call_year, entries=entries, bands=_bands_from(travel["bands"]), groups=groups,
        groups_rule=Rule("country_groups", groups_data.get("confidence", "unconfirmed"),
                         groups_data.get("source", ""), groups_data.get("note", "")),
        rate_participant=dict(participant["map"]),
        rate_participant_rule=Rule("rate_participant", participant.get("confidence", "unconfirmed"),
                                   participant.get("source", ""), participant.get("note", "")),
        day15_applies=bool(day15.get("applies", False)), day15_from_day=int(day15.get("from_day", 15)),
        day15_share=Decimal(str(day15.get("share", "1"))),
        day15_round_to=Decimal(str(day15["round_to"])) if day15.get("round_to") else None,
        day15_rule=Rule("day15", day15.get("confidence", "unconfirmed"), day15.get("source", ""), day15.get("note", "")),
        duration_rule=Rule("duration", duration.get("confidence", "unconfirmed"), duration.get("source", ""),
                           duration.get("note", "")),
        green_absent_uses_standard=bool(travel.get("green_absent_uses_standard", False)),
        base_year=call_year, raw=data,
    )


def _borrowed_rates(call_year: int, base_year: int) -> Rates:
    """Another year's structure with every amount blanked: the Likmes sheet supplies them."""
    base = _rates_from_file(base_year, load_data(f"rates_{base_year}"))
    note = f"no rates file for call year {call_year}"
    for key, rate in list(base.entries.items()):
        if rate.key not in STRUCTURAL_KEYS:
            base.entries[key] = replace(rate, amount=None, confidence="missing", note=note, source="")
    base.call_year = call_year
    base.green_absent_uses_standard = False
    base.groups_rule = replace(base.groups_rule, confidence="unconfirmed",
                               note=f"groups of call year {base_year}, assumed unchanged")
    base.notices.append({
        "code": "rates_year_borrowed",
        "message": _message("rates_year_borrowed", "lv", year=call_year, base=base_year),
        "message_en": _message("rates_year_borrowed", "en", year=call_year, base=base_year),
    })
    return base


# --------------------------------------------------------------------------- vocabulary


@lru_cache(maxsize=1)
def rate_keys() -> dict[str, dict[str, Any]]:
    """Rate key -> its definition (labels, dimensions, unit) from budget_texts.json."""
    return {item["key"]: item for item in texts()["rate_keys"]}


def rate_label(key: str, lang: str = "lv") -> str:
    item = rate_keys().get(key)
    return item[lang] if item else key


def group_label(group: str, lang: str = "lv") -> str:
    return texts()["group_label"][lang].format(n=group)


def participant_label(code: str, lang: str = "lv") -> str:
    from erasmus_xl.model.schema import enumerations

    return enumerations()["participant_type"].label(code, lang)


@lru_cache(maxsize=1)
def _rate_key_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for item in texts()["rate_keys"]:
        for spelling in (item["key"], item["lv"], item["en"], *item.get("aliases", [])):
            lookup.setdefault(normalize_key(spelling), item["key"])
    return lookup


@lru_cache(maxsize=1)
def _band_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for band in default_bands():
        spellings = [band.key, band.label("lv"), band.label("en"), f"{band.min_km}-{band.max_km or ''}"]
        for spelling in spellings:
            key = normalize_key(spelling)
            lookup.setdefault(key, band.key)
            lookup.setdefault(re.sub(r"\s*km$", "", key), band.key)
    return lookup


def resolve_rate_key(text: str) -> str | None:
    return _rate_key_lookup().get(normalize_key(text))


def resolve_band(value: object) -> str | None:
    from erasmus_xl.io.cells import parse_text

    text = normalize_key(parse_text(value))
    return _band_lookup().get(text) or _band_lookup().get(re.sub(r"\s*km$", "", text))


def resolve_group(value: object) -> str | None:
    """'1', 1, '1. grupa', 'Group 1', 'G1' -> '1'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() and str(int(value)) in GROUPS else None
    from erasmus_xl.io.cells import parse_text

    digits = re.findall(r"\d+", parse_text(value))
    return digits[0] if len(digits) == 1 and digits[0] in GROUPS else None


# --------------------------------------------------------------------------- the Likmes sheet


@dataclass(frozen=True)
class RateOverride:
    """One filled row of the Likmes sheet."""

    call_year: int
    key: str
    amount: Decimal
    group: str | None = None
    participant_type: str | None = None
    band: str | None = None
    note: str = ""
    sheet: str = "Likmes"
    cell: str = ""                     # the amount's cell, e.g. "E5"
    row: int = 0

    @property
    def address(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


@dataclass
class RateOverrides:
    """What the Likmes sheet says, and what is wrong with it (findings, never exceptions)."""

    entries: list[RateOverride] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    sheet: str | None = None           # the sheet's own name; None when the workbook has none

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def years(self) -> list[int]:
        return sorted({o.call_year for o in self.entries})

    def for_year(self, call_year: int) -> list[RateOverride]:
        return [o for o in self.entries if o.call_year == call_year]


def _override_list(overrides: RateOverrides | Iterable[RateOverride] | None) -> list[RateOverride]:
    if overrides is None:
        return []
    if isinstance(overrides, RateOverrides):
        return list(overrides.entries)
    return list(overrides)


def rates_sheet_layout() -> dict[str, Any]:
    return texts()["rates_sheet"]


def read_rate_overrides(path: Path | str) -> RateOverrides:
    """The Likmes sheet of a workbook; no sheet means no overrides.

    Headers in Latvian or English, any order, wherever the header row stands; rows whose amount
    is empty are the prefilled "ievadiet VIAA likmi" rows and are skipped.
    """
    from erasmus_xl.io.workbook_file import open_workbook
    from erasmus_xl.model.schema import find_layout_sheet

    opened = open_workbook(path)
    name = find_layout_sheet(opened.sheet_names, rates_sheet_layout())
    if name is None:
        return RateOverrides()
    rows = opened.rows(name)
    return rate_overrides_from_rows(name, rows)


def rate_overrides_from_rows(sheet: str, rows: Sequence[Sequence[Any]]) -> RateOverrides:
    """The Likmes rows of any source (a file read by calamine, or the live workbook in Excel)."""
    from erasmus_xl.io.cells import CellProblem, is_blank, parse_amount, parse_int, parse_text
    from erasmus_xl.io.headers import find_header_row, spelling_lookup
    from erasmus_xl.io.workbook_file import column_letter
    from erasmus_xl.model.findings import make_finding
    from erasmus_xl.model.schema import enumerations

    layout = rates_sheet_layout()
    result = RateOverrides(sheet=sheet)
    best_row, positions = find_header_row(rows, spelling_lookup(layout["columns"]))
    needed = ("call_year", "rate", "amount")
    if not all(k in positions for k in needed):
        by_key = {c["key"]: c for c in layout["columns"]}
        expected = ", ".join(f"“{by_key[k]['lv']}”" for k in needed)
        result.findings.append(_own_finding("rates_header_not_found", sheet=sheet, cell="A1", row=1, column="",
                                            value="", severity="error", expected=expected))
        return result
    header = rows[best_row]
    headers = {key: clean_text(str(header[col])) for key, col in positions.items()}
    letters = {key: column_letter(col + 1) for key, col in positions.items()}
    participants = enumerations()["participant_type"]
    seen: dict[tuple, int] = {}
    chosen: dict[tuple, RateOverride] = {}

    def cell_of(key: str, excel_row: int) -> str:
        return f"{letters[key]}{excel_row}"

    def problem(code: str, key: str, excel_row: int, raw: object, **params: Any) -> None:
        result.findings.append(make_finding(code, sheet=sheet, sheet_key="rates", cell=cell_of(key, excel_row),
                                            row=excel_row, column=headers[key], value=raw, **params))

    for index in range(best_row + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        raw = {key: (row[col] if col < len(row) else None) for key, col in positions.items()}
        if all(is_blank(v) for k, v in raw.items() if k != "note"):
            continue
        if is_blank(raw["amount"]):
            continue  # a prefilled row waiting for its amount: nothing to override
        try:
            amount = parse_amount(raw["amount"])
        except CellProblem as exc:
            problem(exc.code, "amount", excel_row, raw["amount"])
            continue
        if amount < 0:
            problem("amount_negative", "amount", excel_row, raw["amount"])
            continue
        if is_blank(raw["call_year"]):
            problem("required_missing", "call_year", excel_row, "")
            continue
        try:
            year = parse_int(raw["call_year"])
        except CellProblem as exc:
            problem(exc.code, "call_year", excel_row, raw["call_year"])
            continue
        if not 2014 <= year <= 2100:
            problem("number_out_of_range", "call_year", excel_row, raw["call_year"], min=2014, max=2100)
            continue
        if is_blank(raw["rate"]):
            problem("required_missing", "rate", excel_row, "")
            continue
        key = resolve_rate_key(parse_text(raw["rate"]))
        if key is None:
            suggestion = _suggest_rate(parse_text(raw["rate"]))
            problem("enum_invalid", "rate", excel_row, raw["rate"], suggestion=suggestion)
            continue
        dims = rate_keys()[key]["dims"]
        values: dict[str, str | None] = {"group": None, "participant_type": None, "band": None}
        bad = False
        for dim in dims:
            cell_value = raw.get(dim)
            if dim not in positions or is_blank(cell_value):
                names = texts()["dimension_names"][dim]
                column_key = dim if dim in positions else "rate"
                result.findings.append(_own_finding(
                    "rate_dimension_missing", sheet=sheet, cell=cell_of(column_key, excel_row), row=excel_row,
                    column=headers.get(dim, headers["rate"]), value="", severity="error",
                    rate=rate_label(key), needed=names["lv"], needed_en=names["en"]))
                bad = True
                continue
            if dim == "group":
                parsed = resolve_group(cell_value)
            elif dim == "participant_type":
                parsed = participants.resolve(parse_text(cell_value))
            else:
                parsed = resolve_band(cell_value)
            if parsed is None:
                suggestion = participants.suggest(parse_text(cell_value)) if dim == "participant_type" else None
                problem("enum_invalid", dim, excel_row, cell_value, suggestion=suggestion)
                bad = True
                continue
            values[dim] = parsed
        if bad:
            continue
        note = parse_text(raw["note"]) if "note" in raw and not is_blank(raw["note"]) else ""
        identity = (year, key, values["group"], values["participant_type"], values["band"])
        override = RateOverride(call_year=year, key=key, amount=amount, group=values["group"],
                                participant_type=values["participant_type"], band=values["band"], note=note,
                                sheet=sheet, cell=cell_of("amount", excel_row), row=excel_row)
        if identity in seen:
            described = ", ".join(p for p in (str(year), rate_label(key), values["group"] and group_label(values["group"]),
                                              values["participant_type"] and participant_label(values["participant_type"]),
                                              values["band"]) if p)
            result.findings.append(_own_finding("rate_duplicate", sheet=sheet, cell=cell_of("amount", excel_row),
                                                row=excel_row, column=headers["amount"], value=amount,
                                                severity="warning", rate=described, other_row=seen[identity]))
        seen[identity] = excel_row
        chosen[identity] = override
    result.entries = list(chosen.values())
    return result


def _suggest_rate(text: str) -> str | None:
    import difflib

    labels = {normalize_key(item["lv"]): item["lv"] for item in texts()["rate_keys"]}
    labels.update({normalize_key(item["key"]): item["key"] for item in texts()["rate_keys"]})
    match = difflib.get_close_matches(normalize_key(text), list(labels), n=1, cutoff=0.5)
    return labels[match[0]] if match else None


def _own_finding(code: str, *, sheet: str, cell: str, row: int, column: str, value: object, severity: Severity,
                 **params: object) -> Finding:
    template = texts()["messages"][code]
    text_value = "" if value is None else str(value)
    fill = {"sheet": sheet, "column": column, "value": text_value, **params}
    return Finding(sheet=sheet, cell=cell, column=column, value=text_value, severity=severity, code=code,
                   message=fill_text(template["lv"], "lv", **fill), message_en=fill_text(template["en"], "en", **fill),
                   sheet_key="rates", row=row)


def prefilled_rate_rows(call_year: int, examples: Iterable[Mapping[str, Any]] = (),
                        example_note: str = "") -> list[dict[str, Any]]:
    """The rows a new register's Likmes sheet starts with, as the sheet shows them.

    One row per rate the call year's file does not know (always the daily individual-support rates
    per group × participant type), each with an empty amount and the note "ievadiet VIAA likmi".
    examples: amounts for some of those rows (a demo's), each {"rate": key, "group", "participant_type",
    "band": labels as the sheet shows them, "amount"}; such a row's note becomes `example_note`.
    """
    rows = _prefilled_rows(call_year)
    _fill_examples(rows, examples, example_note)
    return rows


def _prefilled_rows(call_year: int) -> list[dict[str, Any]]:
    """Rows the accountant should fill: daily rates always, other figures the file lacks."""
    layout = rates_sheet_layout()
    rows: list[dict[str, Any]] = []
    for each_group in GROUPS:
        for each_type in RATE_PARTICIPANTS:
            rows.append({"call_year": call_year, "rate": rate_label("individual_support"), "group": group_label(each_group),
                         "participant_type": participant_label(each_type), "amount": None,
                         "note": layout["enter_rate_note"]})
    try:
        rates = load_rates(call_year)
    except RatesUnavailable:
        rates = None
    if rates is None:
        return rows
    for (key, group, participant_type, band), rate in rates.entries.items():
        if rate.known or key in ("individual_support", "individual_support_day15", "travel_green"):
            continue
        rows.append({"call_year": call_year, "rate": rate_label(key),
                     "group": group_label(group) if group else None,
                     "participant_type": participant_label(participant_type) if participant_type else None,
                     "band": _band_label_of(rates, band) if band else None, "amount": None,
                     "note": layout["enter_missing_note"]})
    for (key, _g, _p, band), rate in rates.entries.items():
        # Green amounts: only where neither the table nor the standard-amount fallback gives one.
        if key == "travel_green" and not rate.known and not rates.green_absent_uses_standard:
            rows.append({"call_year": call_year, "rate": rate_label(key), "band": _band_label_of(rates, band),
                         "amount": None, "note": layout["enter_missing_note"]})
    return rows


def _fill_examples(rows: list[dict[str, Any]], examples: Iterable[Mapping[str, Any]], note: str) -> None:
    """Put example amounts into the prefilled rows they name (the demo's complete budget)."""
    wanted = {(rate_label(e["rate"]), e.get("group"), e.get("participant_type"), e.get("band")): e["amount"]
              for e in examples}
    for row in rows:
        key = (row["rate"], row.get("group"), row.get("participant_type"), row.get("band"))
        if row.get("amount") is None and key in wanted:
            row["amount"] = wanted[key]
            row["note"] = note


def _band_label_of(rates: Rates, band_key: str | None) -> str | None:
    for band in rates.bands:
        if band.key == band_key:
            return band.label("lv")
    return band_key


# --------------------------------------------------------------------------- formatting helpers


def money_text(amount: Decimal | None) -> str | None:
    """JSON form of money: a string with two decimals ("180.00"), exact; None stays None."""
    return None if amount is None else str(amount.quantize(Decimal("0.01")))


def format_eur(amount: Decimal | None, lang: str = "lv") -> str:
    """'1 234,50 €' in Latvian, 'EUR 1,234.50' in English."""
    if amount is None:
        return "—"
    if lang == "lv":
        return _latvian_eur(amount)
    return f"EUR {amount:,.2f}"


@lru_cache(maxsize=4096)
def _latvian_eur(amount: Decimal) -> str:
    """Babel's Latvian money text, once per amount: a budget repeats the same rates hundreds of times
    (equal Decimals such as 1.0 and 1.00 print alike, both to the euro's two places)."""
    from babel.numbers import format_currency

    return format_currency(amount, "EUR", locale="lv_LV")


def confidence_phrase(confidence: str, lang: str = "lv") -> str:
    phrases = texts()["confidence_phrases"]
    return phrases.get(confidence, phrases["unconfirmed"])[lang]


def _years_text(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years) or "—"


def _message(code: str, lang: str, **params: object) -> str:
    return fill_text(texts()["messages"][code][lang], lang, **params)


__all__ = [
    "Rate", "Rule", "BandSpec", "Rates", "RatesUnavailable", "RateOverride", "RateOverrides",
    "available_call_years", "load_rates", "default_bands", "band_for_km", "read_rate_overrides",
    "prefilled_rate_rows", "rate_label", "group_label", "participant_label", "rate_keys", "money_text",
    "format_eur", "resolve_rate_key", "resolve_band", "resolve_group", "texts",
]
