"""Words that agree with numbers, and the one way user-facing texts are filled.

Why: Latvian nouns change form with the number ("1 diena", "2 dienas", "10 dienu", "21 diena"),
so a message cannot hard-code "{days} dienas". A message in data/*.json writes `{days:day}`
instead: the number, a space and the form of the plurals.json word "day" that agrees with it
(CLDR/Babel plural rules: lv one = n%10=1 and n%100≠11; zero = n%10=0 or n%100 in 11..19;
other = the rest). Every message (file errors, findings, template errors) is filled by `fill`.

The texts of buttons, the dashboard and the console live in data/ui_texts.json, Latvian and
English side by side, read by `ui_text`.
"""
from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from erasmus_xl.resources import load_data

Number = int | float | Decimal

LOCALES: dict[str, str] = {"lv": "lv_LV", "en": "en_GB"}
"""Report language → Babel locale. British English: the EU's and the Erasmus+ Programme Guide's."""


def locale_for(lang: str) -> str:
    """The Babel locale of a language; an unknown language is a programming error."""
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"Nezināma valoda “{lang}” (pieejamās: {', '.join(LOCALES)}) / "
                         f"unknown language “{lang}” (available: {', '.join(LOCALES)})") from None


def to_decimal(value: object) -> Decimal:
    """Exact decimal of a number (floats via their shortest repr, so 0.125 stays 0.125)."""
    if isinstance(value, bool):
        raise TypeError("True/False nav skaitlis / a boolean is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
                           .replace(",", "."))
        except InvalidOperation:
            pass
    raise TypeError(f"“{value}” nav skaitlis / “{value}” is not a number")


def plural_category(count: Number | str, *, lang: str = "lv") -> str:
    """CLDR plural category: lv `zero` (0, 10–20, 11…19), `one` (1, 21, not 11), `other` (2–9, 22 …)."""
    return _plural_rule(locale_for(lang))(abs(to_decimal(count)))


@lru_cache(maxsize=8)
def _plural_rule(locale: str) -> Callable[[Decimal], str]:
    """The locale's CLDR plural rule, parsed once (a report asks it hundreds of times)."""
    from babel import Locale  # here, not at the top: every CLI start imports this module (errors)

    return Locale.parse(locale).plural_form


@lru_cache(maxsize=1)
def _word_index() -> dict[str, dict[str, dict[str, str]]]:
    """Each word entry by its key, its Latvian and its English singular (case-insensitive)."""
    index: dict[str, dict[str, dict[str, str]]] = {}
    for key, forms in load_data("plurals")["words"].items():
        for name in (key, forms["lv"]["one"], forms["en"]["one"]):
            index[name.casefold()] = forms
    return index


def is_plural_word(word: str) -> bool:
    """True when plurals.json has forms for `word` (its key or singular)."""
    return word.strip().casefold() in _word_index()


def plural_word(count: Number | str, word: str, *, lang: str = "lv") -> str:
    """The form of `word` that goes with `count`: (21, "mobilitāte") → `mobilitāte`, 11 → `mobilitāšu`."""
    forms = _word_index().get(word.strip().casefold())
    if forms is None:
        raise ValueError(f"Vārds “{word}” nav atrodams failā plurals.json: pievienojiet tā formas / "
                         f"the word “{word}” is not in plurals.json: add its forms")
    language_forms = forms[lang if lang in forms else "en"]
    return language_forms.get(plural_category(count, lang=lang), language_forms["other"])


class _AgreeingFormatter(string.Formatter):
    """str.format, plus `{n:word}` → "n" and the form of plurals.json's `word` that agrees with n."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec and is_plural_word(format_spec):
            try:
                word = plural_word(value, format_spec, lang=self.lang)
            except TypeError:              # not a number (e.g. "—"): a message never fails on its filling
                word = plural_word(2, format_spec, lang=self.lang)
            return f"{value} {word}"
        return super().format_field(value, format_spec)


def fill(template: str, lang: str, /, **params: object) -> str:
    """A message from data/*.json with its placeholders filled and every `{n:word}` agreeing with n."""
    if not _agrees(template):      # most templates: plain str.format, ~20× quicker than string.Formatter
        return template.format_map(params)
    return _AgreeingFormatter(lang).vformat(template, (), params)


@lru_cache(maxsize=4096)
def _agrees(template: str) -> bool:
    """Whether a template has a `{n:word}` placeholder (a 20,000-row register fills thousands of findings)."""
    return bool(count_placeholders(template))


def count_placeholders(template: str) -> dict[str, str]:
    """The placeholders of a template that carry a count, each with its word: `{days:day}` → {"days": "day"}."""
    found: dict[str, str] = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if name and spec and is_plural_word(spec):
            found[name] = spec
    return found


def data_node(path: str, data_file: str = "ui_texts") -> Any:
    """The entry at a dotted path of a data file: ("budget_sheet.title") or ("cli.labels.report", "messages")."""
    node: Any = load_data(data_file)
    for part in path.split("."):
        node = node[part]
    return node


def text_pair(path: str, /, data_file: str = "ui_texts", **params: object) -> tuple[str, str]:
    """(Latvian, English) of a text at a dotted path of a data file, both filled."""
    node = data_node(path, data_file)
    return fill(node["lv"], "lv", **params), fill(node["en"], "en", **params)


def ui_text(path: str, lang: str, /, **params: object) -> str:
    """A button, dashboard or console text from data/ui_texts.json ("budget_sheet.title"), filled."""
    return fill(data_node(path)[lang], lang, **params)


def ui_both(path: str, /, separator: str = " / ", **params: object) -> str:
    """Latvian first, then English, as the workbook's sheets show them: "Kopā / Total"."""
    return separator.join(ui_text(path, lang, **params) for lang in ("lv", "en"))


def ui_entries(path: str) -> list[Mapping[str, Any]]:
    """A list of entries from data/ui_texts.json (e.g. a sheet's columns with lv, en and width)."""
    return list(data_node(path))


__all__ = ["LOCALES", "locale_for", "to_decimal", "plural_category", "plural_word", "is_plural_word", "fill",
           "count_placeholders", "data_node", "text_pair", "ui_text", "ui_both", "ui_entries"]
