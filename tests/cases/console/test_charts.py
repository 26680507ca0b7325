"""The console's SVG charts draw the figures they are given: bar lengths and column heights in
proportion to the values, the values and labels printed, nothing but text from the labels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from cases.console.charts import BAR_COLOUR, SECOND_COLOUR, bar_chart, column_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("aria-hidden") == "true"  # the table beside it is read
    return root


def rects(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{SVG}rect")


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.findall(f"{SVG}text")]


def proportions(values: list[float]) -> list[float]:
    peak = max(values) or 1
    return [value / peak for value in values]


def test_bar_lengths_are_in_proportion_to_the_values_which_are_printed_beside_them() -> None:
    items = [("Cadeaux et marques d'hospitalité", 6), ("Lobbying", 3), ("Autre", 0), ("Conflits", 1)]
    root = parse(bar_chart(items))
    bars = rects(root)
    assert len(bars) == len(items)
    assert {bar.get("fill") for bar in bars} == {BAR_COLOUR}
    widths = [float(bar.get("width", "")) for bar in bars]
    assert proportions(widths) == pytest.approx(proportions([value for _, value in items]), abs=0.005)
    assert widths[2] == 0.0
    labels, values = texts(root)[0::2], texts(root)[1::2]
    assert labels == [name for name, _ in items]
    assert values == [str(value) for _, value in items]
    # The longest label fits: every bar starts right of the label column.
    longest = max(len(name) for name, _ in items)
    assert all(float(bar.get("x", "")) >= longest * 7 for bar in bars)


def test_a_bar_chart_of_nothing_but_zeros_or_of_no_items_is_still_a_chart() -> None:
    zeros = parse(bar_chart([("Nouveau", 0), ("Attribué", 0)]))
    assert [float(bar.get("width", "")) for bar in rects(zeros)] == [0.0, 0.0]
    assert texts(zeros)[1::2] == ["0", "0"]
    empty = parse(bar_chart([]))
    assert rects(empty) == [] and float(empty.get("height", "")) > 0


def test_column_heights_follow_each_series_on_one_scale_in_its_own_colour() -> None:
    weeks = ["6 avr.", "13 avr.", "20 avr."]
    helpful, not_helpful = [4, 0, 2], [1, 3, 0]
    root = parse(column_chart(weeks, [helpful, not_helpful]))
    columns = rects(root)
    assert len(columns) == len(weeks) * 2
    by_series = {BAR_COLOUR: helpful, SECOND_COLOUR: not_helpful}
    heights = {
        colour: [float(c.get("height", "")) for c in columns if c.get("fill") == colour]
        for colour in by_series
    }
    all_heights = heights[BAR_COLOUR] + heights[SECOND_COLOUR]
    assert proportions(all_heights) == pytest.approx(
        proportions([float(v) for v in helpful + not_helpful]), abs=0.005
    )
    baseline = float(root.find(f"{SVG}line").get("y1", ""))  # type: ignore[union-attr]
    for column in columns:  # every column stands on the baseline
        assert float(column.get("y", "")) + float(column.get("height", "")) == pytest.approx(
            baseline, abs=0.11
        )
    assert texts(root) == weeks
    xs = [float(c.get("x", "")) for c in columns]
    assert xs == sorted(xs), "week by week, left to right, the series side by side"


def test_labels_are_text_never_markup() -> None:
    svg = str(bar_chart([("<script>alert(1)</script>", 2)])) + str(column_chart(["<b>x</b>"], [[1]]))
    assert "<script>" not in svg and "<b>" not in svg
    assert re.search(r"&lt;script&gt;alert\(1\)&lt;/script&gt;", svg)
