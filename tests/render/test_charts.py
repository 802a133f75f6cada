"""Indicator charts: a real PNG, the same bytes for the same numbers, no metadata that changes."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from erasmus_xl.render.charts import DPI, SIZE_INCHES, indicator_chart

YEARS = ["2024", "2025", "2026", "2027", "2028"]
LABEL = "Izglītojamo prakses mobilitātes (ģērbšanās, čūska, ķēde, ļoti, ņemt, šķiet, žņaudz)"


def draw(path: Path, **overrides) -> Path:
    arguments = {"label": LABEL, "years": YEARS, "actual": [20, 12, None, None, None],
                 "forecast": [20, 30, 15, None, None], "target": [18, 25, 60, 70, 80], "path": path}
    arguments.update(overrides)
    return indicator_chart(**arguments)


def test_png_is_written(tmp_path):
    path = draw(tmp_path / "chart.png")
    assert path == tmp_path / "chart.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        assert image.size == (round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI))
        assert "Software" not in image.info and "Creation Time" not in image.info
        colours = {colour for _count, colour in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert (0x1F, 0x4E, 0x79) in colours  # actual bars
    assert (0xC0, 0x00, 0x00) in colours  # target line
    assert not list(tmp_path.glob(".*.tmp"))


def test_same_numbers_same_bytes(tmp_path):
    first = draw(tmp_path / "a.png").read_bytes()
    second = draw(tmp_path / "b.png").read_bytes()
    assert first == second
    assert draw(tmp_path / "c.png", actual=[21, 12, None, None, None]).read_bytes() != first


def test_rewrites_an_existing_chart(tmp_path):
    path = tmp_path / "chart.png"
    path.write_bytes(b"old")
    draw(path)
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_english_labels_and_no_target(tmp_path):
    with_target = draw(tmp_path / "a.png", lang="en").read_bytes()
    without = draw(tmp_path / "b.png", lang="en", target=[None] * 5).read_bytes()
    assert with_target != without
    with Image.open(tmp_path / "b.png") as image:
        colours = {colour for _count, colour in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert (0xC0, 0x00, 0x00) not in colours  # no target: no line and no legend entry


def test_academic_years_and_all_empty(tmp_path):
    path = draw(tmp_path / "chart.png", years=["2024/2025", "2025/2026"], actual=[None, None],
                forecast=[None, None], target=[None, None])
    assert path.stat().st_size > 1000


def test_mismatched_series_are_refused(tmp_path):
    with pytest.raises(ValueError, match="Sērijā “target” ir 4 vērtības, bet gadu ir 5"):
        draw(tmp_path / "chart.png", target=[1, 2, 3, 4])
