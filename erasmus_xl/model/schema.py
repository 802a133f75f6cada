"""The register contract as Python objects, built from data/register_schema.json and
data/enumerations.json. The reader, the validator and the workbook writer all read it from here.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache

from erasmus_xl.model.findings import Severity, as_severity
from erasmus_xl.model.text import clean_text, normalize_key
from erasmus_xl.resources import load_data


@dataclass(frozen=True)
class EnumValue:
    code: str
    lv: str
    en: str


@dataclass
class Enumeration:
    """Allowed values of one drop-down: accepts the code, the Latvian or English word, or an alias."""

    name: str
    values: list[EnumValue]
    _lookup: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_data(cls, name: str, items: list[dict]) -> Enumeration:
        values = [EnumValue(i["code"], i["lv"], i["en"]) for i in items]
        lookup: dict[str, str] = {}
        for item in items:
            for spelling in [item["code"], item["lv"], item["en"], *item.get("aliases", [])]:
                lookup.setdefault(normalize_key(spelling), item["code"])
        return cls(name, values, lookup)

    def resolve(self, text: str) -> str | None:
        """The code for a typed value, or None when it is not allowed."""
        return self._lookup.get(normalize_key(text))

    def suggest(self, text: str) -> str | None:
        """The nearest allowed spelling (Latvian word, English word or code), for the message."""
        labels = {normalize_key(v.code): v.code for v in self.values}
        labels.update({normalize_key(v.en): v.en for v in self.values})
        labels.update({normalize_key(v.lv): v.lv for v in self.values})
        match = difflib.get_close_matches(normalize_key(text), list(labels), n=1, cutoff=0.5)
        return labels[match[0]] if match else None

    def label(self, code: str, lang: str = "lv") -> str:
        for value in self.values:
            if value.code == code:
                return value.lv if lang == "lv" else value.en
        return code

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.values]


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    lv: str
    en: str
    type: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    optional_column: bool = False
    enum: str | None = None
    enum_severity: Severity = "error"     # "warning": a descriptive list, an unlisted word is kept
    min: int | None = None
    max: int | None = None
    width: int = 14
    prompt_lv: str = ""
    prompt_en: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.lv, self.en, *self.aliases)


@dataclass(frozen=True)
class SheetSpec:
    key: str
    lv: str
    en: str
    aliases: tuple[str, ...]
    table: str
    id_column: str | None
    columns: tuple[ColumnSpec, ...]

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.lv, self.en, *self.aliases)

    def column(self, key: str) -> ColumnSpec:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def header_lookup(self) -> dict[str, str]:
        """normalised header spelling -> column key."""
        lookup: dict[str, str] = {}
        for column in self.columns:
            for spelling in column.spellings:
                lookup.setdefault(normalize_key(spelling), column.key)
        return lookup


@cache
def enumerations() -> dict[str, Enumeration]:
    data = load_data("enumerations")
    return {name: Enumeration.from_data(name, items) for name, items in data.items() if not name.startswith("_")}


@cache
def sheet_specs() -> tuple[SheetSpec, ...]:
    specs = []
    for sheet in load_data("register_schema")["sheets"]:
        columns = tuple(
            ColumnSpec(**{**col, "aliases": tuple(col.get("aliases", ())),
                          "enum_severity": as_severity(col.get("enum_severity", "error"))})
            for col in sheet["columns"]
        )
        specs.append(
            SheetSpec(
                key=sheet["key"], lv=sheet["lv"], en=sheet["en"], aliases=tuple(sheet.get("aliases", ())),
                table=sheet["table"], id_column=sheet.get("id_column"), columns=columns,
            )
        )
    return tuple(specs)


def sheet_spec(key: str) -> SheetSpec:
    for spec in sheet_specs():
        if spec.key == key:
            return spec
    raise KeyError(key)


def special_sheet(name: str) -> dict:
    """The layout of the Mērķi (`targets_sheet`) or Iestatījumi (`settings_sheet`) sheet."""
    return load_data("register_schema")[name]


def find_layout_sheet(available: list[str], layout: dict) -> str | None:
    """The workbook's own name for a sheet whose layout (in data/) names it in Latvian, English and aliases."""
    return find_sheet_name(available, (layout["lv"], layout["en"], *layout.get("aliases", [])))


def find_sheet_name(available: list[str], spellings: tuple[str, ...]) -> str | None:
    """The workbook's own name for a contract sheet, matched loosely."""
    wanted = {normalize_key(s) for s in spellings}
    for name in available:
        if normalize_key(clean_text(name)) in wanted:
            return name
    return None
