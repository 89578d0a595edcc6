"""Geometry of the impact page's inline SVG bar charts; the template draws them.

A chart compares a figure with its baseline on an axis from 0 to 100: a bar of 39% spans
39% of the axis. Python computes every coordinate so that the template only writes them
out, and tests can check the geometry without parsing SVG.
"""

from __future__ import annotations

from dataclasses import dataclass

from .impact import ShownFigure

WIDTH = 640
LABEL_WIDTH = 150  # left column for "At enrolment", "Graduates"
VALUE_GAP = 8
VALUE_WIDTH = 56  # right margin for "39%"
BAR_HEIGHT = 28
BAR_GAP = 14
PADDING = 10
AXIS = WIDTH - LABEL_WIDTH - VALUE_WIDTH - VALUE_GAP  # 0..100 maps onto this many units


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its formatted value and its rectangle."""

    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    is_baseline: bool

    @property
    def text_y(self) -> float:
        """The baseline of the bar's label and value text, centred on the bar."""
        return self.y + self.height / 2 + 5


@dataclass(frozen=True)
class BarChart:
    """A chart's viewBox size, its bars (baseline first) and its axis."""

    width: int
    height: int
    axis_x: float
    axis_length: float
    bars: tuple[Bar, ...]


def bar_length(value: float) -> float:
    """The length of a bar for ``value`` percent, on the 0-100 axis."""
    return AXIS * max(0.0, min(value, 100.0)) / 100


def bar_chart(shown: ShownFigure) -> BarChart | None:
    """A before/after chart for a percentage figure with a baseline; None for others."""
    figure = shown.figure
    if figure.baseline is None or figure.unit != "percent" or shown.baseline_text is None:
        return None
    rows = (
        (figure.baseline.label.capitalize(), shown.baseline_text, figure.baseline.value, True),
        (figure.value_label.capitalize(), shown.value_text, figure.value, False),
    )
    bars = tuple(
        Bar(label, text, LABEL_WIDTH, PADDING + index * (BAR_HEIGHT + BAR_GAP), bar_length(value), BAR_HEIGHT, baseline)
        for index, (label, text, value, baseline) in enumerate(rows)
    )
    height = PADDING * 2 + len(bars) * BAR_HEIGHT + (len(bars) - 1) * BAR_GAP
    return BarChart(WIDTH, height, LABEL_WIDTH, AXIS, bars)
