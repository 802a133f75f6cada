"""Property-based tests (hypothesis) that extend the example tests elsewhere.

Already covered and not repeated here: the written date forms of one date (test_cells), band
edges and monotony (test_distance), row order, cancelled rows, actual ≤ forecast and
"left out = deleted" (test_indicators). Added here:
- the register round trip: any records written with `write_register` read back equal, dates
  given as Excel dates or as text in any accepted form;
- dates: the Latvian long forms (every month, nominative and locative, with or without
  diacritics), stray and non-breaking spaces, NFD letters, other separators, ISO with a time;
- distance bands: every call year's table covers 0 km to infinity without gap or overlap, each
  band starts exactly at its min_km; the great-circle distance is a metric;
- indicators: a completed mobility adds exactly one to exactly one indicator; merging registers
  that share no rows counts what the one register with all rows counts.
Example counts stay small where each example writes a workbook (max_examples 25).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erasmus_xl import read_register
from erasmus_xl.domain.batch import FileResult, merge
from erasmus_xl.domain.distance import haversine_km, travel_band
from erasmus_xl.domain.indicators import INDICATORS, compute_indicators, period_year
from erasmus_xl.domain.rates import _bands_from
from erasmus_xl.io.cells import parse_date
from erasmus_xl.io.reader import strategy_targets
from erasmus_xl.model.countries import country_code, latvian_name
from erasmus_xl.model.records import RECORD_TYPES, Mobility, Register
from erasmus_xl.model.schema import ColumnSpec, enumerations, sheet_specs
from erasmus_xl.render.register_template import write_register
from erasmus_xl.resources import load_data

DATA = Path(__file__).resolve().parents[2] / "erasmus_xl" / "data"
FILE_SETTINGS = settings(max_examples=25, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                HealthCheck.data_too_large])
QUICK_SETTINGS = settings(max_examples=200, deadline=None)

# --------------------------------------------------------------------------------------------
# Values of every column type of the contract.
# --------------------------------------------------------------------------------------------

MONTHS_NOMINATIVE = ("janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts",
                     "septembris", "oktobris", "novembris", "decembris")
MONTHS_LOCATIVE = ("janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā",
                   "septembrī", "oktobrī", "novembrī", "decembrī")
COUNTRIES = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
             "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "NO", "TR", "UA")
LETTERS = "abcdefghijklmnoprstuvzāčēģīķļņšūžABCDEGJKLMOPRSTUVZĀČĒĢĪĶĻŅŠŪŽõäöüß"
register_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
words = st.builds(str.__add__, st.sampled_from(LETTERS), st.text(alphabet=LETTERS + "0123456789-'.,()", max_size=8))
# text that looks like something else stays text: dates, numbers, booleans, markup, emoji
lookalikes = st.sampled_from(["05.03.2025.", "2025-03-05", "1 234,50", "007", "TRUE", "jā", "<b>", "&amp;", "🚌",
                              "🇱🇹", "👩‍🔧", "“Ūdens”"])
texts = st.lists(st.one_of(words, lookalikes), min_size=1, max_size=4).map(" ".join)
ids = st.from_regex(r"\A[A-Z]{1,3}-?[0-9]{1,5}\Z")
project_numbers = st.from_regex(r"\A20[2-3][0-9]-[1-3]-LV0[12]-KA1(21|22|20)-VET-0[0-9]{8}\Z")
oids = st.from_regex(r"\AE[0-9]{8}\Z")


def date_texts(day: dt.date) -> st.SearchStrategy[str]:
    """The text forms of a date that staff type and the reader accepts."""
    return st.sampled_from([
        day.strftime("%d.%m.%Y."), day.strftime("%d.%m.%Y"), day.isoformat(), f"{day.day}/{day.month}/{day.year}",
        f"{day.day}.{day.month}.{day.year}.", f"{day.day}-{day.month}-{day.year}",
        f"{day.year}. gada {day.day}. {MONTHS_NOMINATIVE[day.month - 1]}",
        f"{day.year}. gada {day.day}. {MONTHS_LOCATIVE[day.month - 1]}",
    ])


@functools.cache
def column_values(column: ColumnSpec) -> st.SearchStrategy:
    """(value written, value the reader must give back) for one column of the contract.

    Cached: one strategy per column, built once rather than at every draw (building and
    unwrapping a fresh regex strategy per cell was most of the round-trip test's time)."""
    if column.type == "enum":
        if column.enum == "yes_no":
            return st.sampled_from([True, False]).map(lambda b: (b, b))
        codes = [value.code for value in enumerations()[column.enum].values]
        return st.sampled_from(codes).map(lambda c: (c, c))
    if column.type in ("date", "year_or_date"):
        return register_dates.flatmap(lambda d: st.one_of(st.just((d, d)), date_texts(d).map(lambda t: (t, d))))
    if column.type == "int":
        low = column.min if column.min is not None else 0
        high = column.max if column.max is not None else 20_000
        return st.integers(low, high).map(lambda n: (n, n))
    if column.type == "amount":
        return st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False, allow_infinity=False) \
            .map(lambda a: (a, a))
    if column.type == "country":
        return st.sampled_from(COUNTRIES).map(lambda c: (c, c))
    strategy = {"id": ids, "project_number": project_numbers, "oid": oids, "text": texts}[column.type]
    return strategy.map(lambda t: (t, t))


@st.composite
def register_data(draw) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """(rows to write, records expected back) for every contract sheet, 0–3 rows each."""
    written: dict[str, list[dict]] = {}
    expected: dict[str, list[dict]] = {}
    for spec in sheet_specs():
        written[spec.key], expected[spec.key] = [], []
        for _ in range(draw(st.integers(0, 3))):
            row, back = {}, {}
            for column in spec.columns:
                if column.required or draw(st.booleans()):
                    row[column.key], back[column.key] = draw(column_values(column))
                else:
                    back[column.key] = None
            written[spec.key].append(row)
            expected[spec.key].append(back)
    return written, expected


def _records(register: Register) -> dict[str, list[dict]]:
    return {key: [{k: v for k, v in dataclasses.asdict(r).items() if k not in ("row", "extra", "source")}
                  for r in register.records(key)] for key in RECORD_TYPES}


def test_the_sampled_countries_round_trip_by_latvian_name():
    assert all(country_code(latvian_name(code)) == code for code in COUNTRIES)


@FILE_SETTINGS
@given(register_data())
def test_whatever_write_register_writes_read_register_reads_back(tmp_path_factory, data):
    written, expected = data
    path = tmp_path_factory.mktemp("roundtrip") / "r.xlsx"
    write_register(path, written)
    register = read_register(path)
    assert [f for f in register.cell_findings if f.severity == "error"] == []
    assert _records(register) == expected


# --------------------------------------------------------------------------------------------
# Dates.
# --------------------------------------------------------------------------------------------

@QUICK_SETTINGS
@given(register_dates, st.data())
def test_every_accepted_text_form_with_noise_reads_as_the_date(day, data):
    text = data.draw(date_texts(day))
    if data.draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)                       # macOS and some web forms
    if data.draw(st.booleans()):
        text = text.replace("ā", "a").replace("ī", "i").replace("ū", "u")   # typed without diacritics
    padding = st.sampled_from(["", " ", "  ", "\u00a0", "\t", " \u00a0 "])
    text = data.draw(padding) + text + data.draw(padding)
    assert parse_date(text) == day


@QUICK_SETTINGS
@given(register_dates, st.sampled_from(["T00:00:00", " 10:30", "T23:59:59.5", " 08:00:00"]))
def test_iso_dates_with_a_time_read_as_the_day(day, time):
    assert parse_date(day.isoformat() + time) == day


@QUICK_SETTINGS
@given(st.integers(2000, 2099), st.integers(1, 12), st.integers(29, 31))
def test_a_day_the_month_does_not_have_is_never_a_date(year, month, day):
    try:
        dt.date(year, month, day)
    except ValueError:
        for text in (f"{day:02d}.{month:02d}.{year}.", f"{year}-{month:02d}-{day:02d}", f"{day}/{month}/{year}",
                     f"{year}. gada {day}. {MONTHS_NOMINATIVE[month - 1]}"):
            with pytest.raises(Exception) as caught:
                parse_date(text)
            assert type(caught.value).__name__ == "CellProblem"


# --------------------------------------------------------------------------------------------
# Distance bands and distances.
# --------------------------------------------------------------------------------------------

def _tables() -> dict[int, tuple]:
    years = sorted(int(p.stem.split("_")[1]) for p in DATA.glob("rates_*.json"))
    return {year: _bands_from(load_data(f"rates_{year}")["travel"]["bands"]) for year in years}


def test_every_call_years_bands_cover_all_distances_without_gap_or_overlap():
    for year, bands in _tables().items():
        assert bands[0].min_km > 0 and bands[-1].max_km is None, year
        for lower, upper in zip(bands, bands[1:], strict=False):
            assert lower.max_km is not None and lower.max_km + 1 == upper.min_km, (year, lower, upper)
        assert [b.index for b in bands] == list(range(1, len(bands) + 1))


@QUICK_SETTINGS
@given(st.sampled_from(sorted(_tables())), st.floats(min_value=0, max_value=40_000, allow_nan=False))
def test_a_distance_is_in_exactly_one_band(year, km):
    bands = _tables()[year]
    found = travel_band(km, bands)
    containing = [b for b in bands if b.contains(km)]
    assert containing == ([found] if found.index else [])
    assert found.index == 0 or found.min_km <= km


@QUICK_SETTINGS
@given(st.sampled_from(sorted(_tables())), st.data(), st.floats(min_value=1e-6, max_value=0.999))
def test_each_band_starts_exactly_at_its_min_km(year, data, below):
    bands = _tables()[year]
    band = data.draw(st.sampled_from(bands))
    assert travel_band(band.min_km, bands) == band
    assert travel_band(band.min_km - below, bands).index == band.index - 1


points = st.tuples(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False))


@QUICK_SETTINGS
@given(points, points, points)
def test_great_circle_distance_is_a_metric(a, b, c):
    ab, ba = haversine_km(*a, *b), haversine_km(*b, *a)
    assert ab == pytest.approx(ba, abs=1e-6)
    assert haversine_km(*a, *a) == pytest.approx(0, abs=1e-6)
    assert 0 <= ab <= 20_016     # half the Earth's circumference
    assert haversine_km(*a, *c) <= ab + haversine_km(*b, *c) + 1e-6


# --------------------------------------------------------------------------------------------
# Indicators.
# --------------------------------------------------------------------------------------------

AS_OF = dt.date(2026, 7, 1)
days = st.dates(min_value=dt.date(2023, 9, 1), max_value=dt.date(2028, 12, 31))


# Built once, not at every draw.
participant_types = st.sampled_from(["learner", "staff", "accompanying"])
mobility_countries = st.sampled_from(["DE", "LT", None])
organisations = st.sampled_from(["Firma", "Skola", None])
statuses = st.sampled_from(["planned", "confirmed", "completed", "cancelled"])


@st.composite
def small_registers(draw) -> Register:
    mobilities = []
    for i in range(draw(st.integers(0, 12))):
        start = draw(days)
        mobilities.append(Mobility(
            row=i + 2, id=f"M{i}", participant_type=draw(participant_types),
            activity_type="LM-SHORT-VET", country=draw(mobility_countries),
            receiving_organisation=draw(organisations), start_date=start,
            end_date=start + dt.timedelta(days=draw(st.integers(0, 30))),
            status=draw(statuses)))
    return Register(path=Path("r.xlsx"), mobilities=mobilities, targets=strategy_targets())


def _values(register: Register, basis: str = "calendar") -> dict[tuple[str, object], tuple[int, int]]:
    report = compute_indicators(register, as_of=AS_OF, basis=basis, findings=[])
    return {(item.key, item.period.label): (item.actual, item.pipeline) for item in report.indicators}


@QUICK_SETTINGS
@given(small_registers(), days, st.sampled_from(["learner", "staff"]), st.sampled_from(["calendar", "academic"]))
def test_a_completed_mobility_adds_one_to_one_indicator(register, start, kind, basis):
    before = _values(register, basis)
    register.mobilities.append(Mobility(row=999, id="NEW", participant_type=kind, activity_type="LM-SHORT-VET",
                                        start_date=start, end_date=start, status="completed"))
    after = _values(register, basis)
    changed = {key: (before[key], value) for key, value in after.items() if before[key] != value}
    year = period_year(start, basis)
    label = year if basis == "calendar" else f"{year}/{year + 1}"
    if all(period != label for _, period in after):      # a year outside the strategy's: nothing counts it
        assert changed == {}
        return
    ((key, (old, new)),) = changed.items()
    assert key == (f"{kind}_mobility_out", label)
    assert new == (old[0] + 1, old[1])


@QUICK_SETTINGS
@given(small_registers(), st.data())
def test_merging_split_registers_counts_what_the_whole_register_counts(register, data):
    """Rows spread over several workbooks (no row in two) give the same indicators once merged."""
    parts = data.draw(st.integers(1, 4))
    owners = [data.draw(st.integers(0, parts - 1)) for _ in register.mobilities]
    results = []
    for part in range(parts):
        piece = Register(path=Path(f"p{part}.xlsx"), targets=strategy_targets(),
                         mobilities=[dataclasses.replace(m, source=f"p{part}.xlsx")
                                     for m, owner in zip(register.mobilities, owners, strict=False) if owner == part])
        results.append(FileResult(path=piece.path, source=piece.path.name, register=piece))
    merged, cross = merge(results, Path("."))
    assert cross == []
    whole = {key: value for key, value in _values(register).items()}
    assert _values(merged) == whole
    assert sorted(m.id for m in merged.mobilities) == sorted(m.id for m in register.mobilities)


def test_every_indicator_is_counted_in_the_strategy_years():
    values = _values(Register(path=Path("r.xlsx"), targets=strategy_targets()))
    assert {key for key, _ in values} == set(INDICATORS)
    assert all(value == (0, 0) for value in values.values())
