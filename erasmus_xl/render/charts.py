"""Indicator charts (PNG) for the Word reports: actual and forecast against the strategy's targets.

Word has no chart API in python-docx, so each indicator becomes a picture. The charts are simple
bars, so they are drawn with Pillow directly: importing matplotlib and laying out its artists cost
seconds per report (issue 13), and Pillow is also light in Pyodide (the xlwings Lite edition).
Text is DejaVu Sans (it has every Latvian letter): Debian's fonts-dejavu-core, else the copy in
matplotlib's mpl-data, else Pillow's own scalable font. PNGs carry no timestamps or software
metadata, so the same numbers always give the same bytes.

Reading the chart: solid bar = completed (actual); hatched lighter bar on top = planned and
confirmed (pipeline; actual + pipeline = forecast); red step line = the target of each year.
"""
from __future__ import annotations

import importlib.util
import textwrap
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from erasmus_xl.io.outputs import atomic_output
from erasmus_xl.resources import load_data

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    lang: {key: entry[lang] for key, entry in load_data("ui_texts")["chart_legend"].items()} for lang in ("lv", "en")
}
"""Legend and axis wording (data/ui_texts.json, chart_legend); pass `labels=` to change it for one chart."""

ACTUAL_COLOUR = "#1F4E79"
FORECAST_COLOUR = "#9DC3E6"
TARGET_COLOUR = "#C00000"
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#DDDDDD"
DPI = 150                 # 16 cm wide in Word: 150 dpi is sharp on paper and screen
SIZE_INCHES = (6.3, 3.4)  # 16 × 8,6 cm: the text width of an A4 page with 3 + 2 cm margins
FONT_FILE = "DejaVuSans.ttf"
# Plot area as fractions of the picture (left, right, top, bottom from the top edge).
PLOT_BOX = (0.08, 0.98, 0.14, 0.80)


def _check_lengths(years: Sequence[str], **series: Sequence[object]) -> None:
    for name, values in series.items():
        if len(values) != len(years):
            raise ValueError(f"Sērijā “{name}” ir {len(values)} vērtības, bet gadu ir {len(years)} / "
                             f"series “{name}” has {len(values)} values for {len(years)} years")


def _font_paths() -> list[Path]:
    """Where DejaVu Sans may be, without importing matplotlib (its import alone costs ~0.5 s)."""
    paths = [Path("/usr/share/fonts/truetype/dejavu") / FONT_FILE]
    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        paths.append(Path(folder) / "mpl-data" / "fonts" / "ttf" / FONT_FILE)
    return paths


@cache
def _font(points: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    size = round(points * DPI / 72)
    for path in _font_paths():
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _px(points: float) -> int:
    return max(1, round(points * DPI / 72))


def _tick_step(top: float) -> int:
    """An integer step of 1, 2, 5 × 10ⁿ giving at most about six gridlines up to `top`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if top / (factor * magnitude) <= 6:
                return factor * magnitude
        magnitude *= 10


def _hatched(width: int, height: int) -> Image.Image:
    """The forecast fill: light blue with dark diagonal stripes ("///")."""
    tile = Image.new("RGB", (width, height), FORECAST_COLOUR)
    draw = ImageDraw.Draw(tile)
    spacing, line = _px(5), _px(0.8)
    for start in range(-height, width + height, spacing):
        draw.line([(start, height), (start + height, 0)], fill=ACTUAL_COLOUR, width=line)
    return tile


def _rotated_text(text: str, font, fill: str) -> Image.Image:
    left, top, right, bottom = font.getbbox(text)
    label = Image.new("RGBA", (right - left + 2, bottom - top + 2), (255, 255, 255, 0))
    ImageDraw.Draw(label).text((1 - left, 1 - top), text, font=font, fill=fill)
    return label.rotate(90, expand=True)


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
    width, height = round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    small, legend_font, title_font = _font(8), _font(7.5), _font(9)
    left, right = round(PLOT_BOX[0] * width), round(PLOT_BOX[1] * width)
    top_px, bottom_px = round(PLOT_BOX[2] * height), round(PLOT_BOX[3] * height)

    done = [value or 0 for value in actual]
    pipeline = [max((f or 0) - d, 0) if f is not None else 0 for f, d in zip(forecast, done, strict=False)]
    levels = [None if value is None else float(value) for value in target]
    has_target = any(level is not None for level in levels)
    top = max([d + p for d, p in zip(done, pipeline, strict=False)] + [level or 0 for level in levels] + [1])
    y_max = top * 1.18
    slot = (right - left) / max(len(years), 1)

    def x_of(position: float) -> float:          # data x: -0.5 … n - 0.5 across the plot
        return left + (position + 0.5) * slot

    def y_of(value: float) -> float:
        return bottom_px - value / y_max * (bottom_px - top_px)

    step = _tick_step(y_max)                     # gridlines and their numbers
    for tick in range(0, int(y_max) + 1, step):
        y = round(y_of(tick))
        draw.line([(left, y), (right, y)], fill=GRID_COLOUR, width=_px(0.6))
        draw.text((left - _px(3.5), y), str(tick), font=small, fill=TEXT_COLOUR, anchor="rm")
    axis_label = _rotated_text(words["axis"], small, TEXT_COLOUR)
    image.paste(axis_label, (_px(2), round((top_px + bottom_px - axis_label.height) / 2)), axis_label)

    for position, (real, extra) in enumerate(zip(done, pipeline, strict=False)):
        x0, x1 = round(x_of(position - 0.3)), round(x_of(position + 0.3))
        if real:
            draw.rectangle([x0, round(y_of(real)), x1, bottom_px], fill=ACTUAL_COLOUR)
        if extra:
            y0, y1 = round(y_of(real + extra)), round(y_of(real))
            if y1 > y0:
                image.paste(_hatched(x1 - x0, y1 - y0), (x0, y0))
            draw.rectangle([x0, y0, x1, y1], outline=ACTUAL_COLOUR, width=_px(0.8))

    if has_target:                                # a step: each year's level across its slot
        line, previous = _px(2), None
        for position, level in enumerate(levels):
            if level is None:
                previous = None
                continue
            y = round(y_of(level))
            x0, x1 = round(x_of(position - 0.5)), round(x_of(position + 0.5))
            if previous is not None and previous != y:
                draw.line([(x0, previous), (x0, y)], fill=TARGET_COLOUR, width=line)
            draw.line([(x0 - line // 2, y), (x1, y)], fill=TARGET_COLOUR, width=line)
            previous = y

    for position, (real, extra, has_actual) in enumerate(zip(done, pipeline, actual, strict=False)):
        text = ((str(real) if has_actual is not None else "") + (f" (+{extra})" if extra else "")).strip()
        if text:
            draw.text((round(x_of(position)), round(y_of(real + extra + top * 0.02))), text, font=small,
                      fill=TEXT_COLOUR, anchor="md")

    draw.line([(left, top_px), (left, bottom_px)], fill="black", width=_px(0.8))       # the two spines
    draw.line([(left, bottom_px), (right, bottom_px)], fill="black", width=_px(0.8))
    for position, year in enumerate(years):
        x = round(x_of(position))
        draw.line([(x, bottom_px), (x, bottom_px + _px(3.5))], fill="black", width=_px(0.8))
        draw.text((x, bottom_px + _px(5)), year, font=small, fill=TEXT_COLOUR, anchor="mt")

    title = textwrap.fill(label, 80)
    draw.multiline_text((left, top_px - _px(4)), title, font=title_font, fill=TEXT_COLOUR, anchor="ld",
                        spacing=_px(2))

    _legend(draw, image, words, has_target, legend_font, width, height)
    with atomic_output(path, force=True) as temporary:
        image.save(temporary, format="PNG", compress_level=3, dpi=(DPI, DPI))   # flat colours: level 3 is as small, faster
    return path


def _legend(draw: ImageDraw.ImageDraw, image: Image.Image, words: Mapping[str, str], has_target: bool,
            font, width: int, height: int) -> None:
    """One row under the chart, centred: actual swatch, hatched forecast swatch, red target line."""
    entries = ["actual", "forecast"] + (["target"] if has_target else [])
    swatch, gap, between = _px(14), _px(5), _px(14)
    widths = [swatch + gap + round(draw.textlength(words[key], font=font)) for key in entries]
    x = round((width - sum(widths) - between * (len(entries) - 1)) / 2)
    y = height - _px(9)
    for key, entry_width in zip(entries, widths, strict=False):
        box = [x, y - _px(3.5), x + swatch, y + _px(3.5)]
        if key == "actual":
            draw.rectangle(box, fill=ACTUAL_COLOUR)
        elif key == "forecast":
            image.paste(_hatched(swatch, box[3] - box[1]), (box[0], box[1]))
            draw.rectangle(box, outline=ACTUAL_COLOUR, width=_px(0.8))
        else:
            draw.line([(x, y), (x + swatch, y)], fill=TARGET_COLOUR, width=_px(2))
        draw.text((x + swatch + gap, y), words[key], font=font, fill=TEXT_COLOUR, anchor="lm")
        x += entry_width + between


__all__ = ["indicator_chart", "DEFAULT_LABELS"]
