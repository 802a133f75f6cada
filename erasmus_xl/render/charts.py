"""Indicator charts (PNG) for the Word reports: actual and forecast against the strategy's targets.

Word has no chart API in python-docx, so each indicator becomes a picture. It is drawn with
matplotlib's Agg renderer through a private Figure (no pyplot, so no global backend or state is
touched in the caller's process), in DejaVu Sans (it has every Latvian letter), and written
without timestamps or software metadata, so the same numbers always give the same bytes.

Reading the chart: solid bar = completed (actual); hatched lighter bar on top = planned and
confirmed (pipeline; actual + pipeline = forecast); red step line = the target of each year.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from erasmus_xl.io.outputs import atomic_output

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "lv": {"actual": "Fakts", "forecast": "Prognoze (plānotās un apstiprinātās aktivitātes)",
           "target": "Mērķis", "axis": "Skaits"},
    "en": {"actual": "Actual", "forecast": "Forecast (planned and confirmed activities)",
           "target": "Target", "axis": "Number"},
}
"""Legend and axis wording; pass `labels=` to change it for one chart."""

ACTUAL_COLOUR = "#1F4E79"
FORECAST_COLOUR = "#9DC3E6"
TARGET_COLOUR = "#C00000"
DPI = 200
SIZE_INCHES = (6.3, 3.4)  # 16 × 8,6 cm: the text width of an A4 page with 3 + 2 cm margins

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "hatch.linewidth": 0.8,
    "axes.unicode_minus": True,
    "svg.hashsalt": "erasmus_xl",
}


def _check_lengths(years: Sequence[str], **series: Sequence[object]) -> None:
    for name, values in series.items():
        if len(values) != len(years):
            raise ValueError(f"Sērijā “{name}” ir {len(values)} vērtības, bet gadu ir {len(years)} / "
                             f"series “{name}” has {len(values)} values for {len(years)} years")


def indicator_chart(label: str, years: list[str], actual: list[int | None], forecast: list[int | None],
                    target: list[int | None], path: Path, *, lang: str = "lv",
                    labels: Mapping[str, str] | None = None) -> Path:
    """Draw one indicator (e.g. 2024–2028) as a PNG at `path` (replaced if present); returns `path`.

    `forecast` is actual + pipeline; where it exceeds `actual` the difference is drawn hatched
    on top. `None` means no value (a future year has no actual; an indicator may have no target).
    """
    _check_lengths(years, actual=actual, forecast=forecast, target=target)
    words = {**DEFAULT_LABELS.get(lang, DEFAULT_LABELS["lv"]), **(labels or {})}
    path = Path(path)
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = list(range(len(years)))
        done = [value or 0 for value in actual]
        pipeline = [max((f or 0) - d, 0) if f is not None else 0 for f, d in zip(forecast, done)]

        axes.bar(positions, done, width=0.6, color=ACTUAL_COLOUR, zorder=2)
        axes.bar(positions, pipeline, width=0.6, bottom=done, color=FORECAST_COLOUR, hatch="///",
                 edgecolor=ACTUAL_COLOUR, linewidth=0.8, zorder=2)

        edges = [position - 0.5 for position in positions] + [len(positions) - 0.5]
        levels = [math.nan if value is None else float(value) for value in target]
        has_target = any(not math.isnan(level) for level in levels)
        if has_target:
            axes.step(edges, levels + levels[-1:], where="post", color=TARGET_COLOUR, linewidth=2, zorder=3)

        top = max([d + p for d, p in zip(done, pipeline)] + [0 if math.isnan(v) else v for v in levels] + [1])
        for position, real, extra, has_actual in zip(positions, done, pipeline, actual):
            text = (str(real) if has_actual is not None else "") + (f" (+{extra})" if extra else "")
            if text.strip():
                axes.text(position, real + extra + top * 0.02, text.strip(), ha="center", va="bottom",
                          fontsize=8, color="#222222", zorder=4)

        axes.set_xticks(positions, years)
        axes.set_xlim(-0.5, len(positions) - 0.5)
        axes.set_ylim(0, top * 1.18)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(words["axis"])
        axes.grid(axis="y", color="#DDDDDD", linewidth=0.6, zorder=0)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_title(textwrap.fill(label, 80), fontsize=9, loc="left")

        handles = [Patch(facecolor=ACTUAL_COLOUR, label=words["actual"]),
                   Patch(facecolor=FORECAST_COLOUR, edgecolor=ACTUAL_COLOUR, hatch="///", label=words["forecast"]),
                   Line2D([0], [0], color=TARGET_COLOUR, linewidth=2, label=words["target"])][: 3 if has_target else 2]
        figure.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=7.5)
        figure.subplots_adjust(left=0.08, right=0.98, top=0.86, bottom=0.2)

        with atomic_output(path, force=True) as temporary:
            figure.savefig(temporary, format="png", dpi=DPI, metadata={"Software": None})
    return path


__all__ = ["indicator_chart", "DEFAULT_LABELS"]
