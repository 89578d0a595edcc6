"""The impact page's before/after bar charts, as plain data; the template draws them.

A chart compares a figure with its baseline on an axis from 0 to 100: a bar of 39% fills
39% of its track. The labels and values are HTML text above each bar (readable at any
width and text size, on a 320 px phone too); each bar is a tiny SVG whose drawing is 100
units wide and stretches to the track's width, so a bar's ``length`` is its share of the
track in percent. Tests check the geometry here without parsing markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from .impact import ShownFigure

# The track's drawing: 100 units wide (one unit per percent), TRACK_HEIGHT units tall.
TRACK_LENGTH = 100
TRACK_HEIGHT = 10


@dataclass(frozen=True)
class Bar:
    """One bar: its label ("At enrolment"), its formatted value ("15%") and its length,
    from 0 to :data:`TRACK_LENGTH` (the share of the track it fills)."""

    label: str
    value_text: str
    length: float
    is_baseline: bool


@dataclass(frozen=True)
class BarChart:
    """A chart's bars, baseline first, and the size of each bar's track drawing."""

    bars: tuple[Bar, ...]
    track_length: int = TRACK_LENGTH
    track_height: int = TRACK_HEIGHT


def bar_length(value: float) -> float:
    """The length of a bar for ``value`` percent: ``value`` kept within 0 to 100."""
    return TRACK_LENGTH * max(0.0, min(value, 100.0)) / 100


def bar_chart(shown: ShownFigure) -> BarChart | None:
    """A before/after chart for a percentage figure with a baseline; None for others."""
    figure = shown.figure
    if figure.baseline is None or figure.unit != "percent" or shown.baseline_text is None:
        return None
    return BarChart(
        (
            Bar(_first_upper(figure.baseline.label), shown.baseline_text, bar_length(figure.baseline.value), True),
            Bar(_first_upper(figure.value_label), shown.value_text, bar_length(figure.value), False),
        )
    )


def _first_upper(label: str) -> str:
    """``label`` with its first letter in capitals and the rest as typed ("at the UN's
    start" -> "At the UN's start"; str.capitalize would write "the un's")."""
    return label[:1].upper() + label[1:]
