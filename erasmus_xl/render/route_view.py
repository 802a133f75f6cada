"""`erasmus-xl distance` in the terminal: the route and its band, what a typed name was read as, the
namesakes it could also mean, and where the coordinates come from (data/budget_texts.json, distance).

Plain click styles, not rich: rich.console alone costs this quick command a third of its time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from erasmus_xl.domain.rates import texts

if TYPE_CHECKING:
    from erasmus_xl.domain.distance import Place
    from erasmus_xl.domain.rates import BandSpec

NameCheck = tuple[str, "Place", list["Place"]]
"""A name as typed, the place it was read as, and the other places of that name worth a look."""


def print_route(start: Place, end: Place, km: float, band: BandSpec, checks: list[NameCheck]) -> None:
    """The route in Latvian (bold) and English (dim), then a line per name read differently or with namesakes."""
    words = texts()["distance"]
    km_text = f"{km:,.0f}".replace(",", "\u00a0")
    for lang in ("lv", "en"):
        typer.secho(words["route"][lang].format(origin=start.describe(lang), destination=end.describe(lang),
                                                km=km_text, band=band.label(lang)), bold=lang == "lv", dim=lang == "en")
    warning = typer.style("!", fg="yellow")
    for typed, place, others in checks:
        if place.read_as(typed):
            typer.echo(f"{warning} {words['read_as']['lv'].format(typed=typed, place=place.describe('lv'))}\n  "
                       + typer.style(words['read_as']['en'].format(typed=typed, place=place.describe('en')), dim=True))
        if others:
            listed = {lang: ", ".join(p.describe(lang) for p in others) for lang in ("lv", "en")}
            typer.echo(f"{warning} {words['namesakes']['lv'].format(places=listed['lv'])}\n  "
                       + typer.style(words['namesakes']['en'].format(places=listed['en']), dim=True))
    typer.secho(f"{words['coordinates_note']['lv']} / {words['coordinates_note']['en']}", dim=True)


__all__ = ["print_route", "NameCheck"]
