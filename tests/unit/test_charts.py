"""The impact charts' geometry: a bar's length is its percent of the track."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storysite.charts import TRACK_LENGTH, bar_chart, bar_length
from storysite.impact import show_figure
from storysite.model import Baseline, Figure


def figure(value: float, baseline: float | None = 15, unit: str = "percent") -> Figure:
    return Figure(
        id="f", statement="of graduates did it", countries=(), unit=unit, value=value, value_label="graduates",
        qualifier=None, baseline=Baseline(baseline, "at enrolment") if baseline is not None else None,
        period="not stated", source="A report", sample="not stated", note=None,
    )


def test_a_39_percent_bar_fills_39_percent_of_its_track() -> None:
    chart = bar_chart(show_figure(figure(39), "en"))
    assert chart is not None
    baseline, value = chart.bars
    assert chart.track_length == TRACK_LENGTH == 100
    assert value.length == pytest.approx(39) and baseline.length == pytest.approx(15)


def test_a_decimal_figure_keeps_its_decimals_in_the_bar() -> None:
    chart = bar_chart(show_figure(figure(12.5, baseline=7.25), "en"))
    assert chart is not None
    assert [bar.length for bar in chart.bars] == [pytest.approx(7.25), pytest.approx(12.5)]


def test_bars_are_labelled_baseline_first() -> None:
    chart = bar_chart(show_figure(figure(41), "en"))
    assert chart is not None
    assert [(bar.label, bar.value_text, bar.is_baseline) for bar in chart.bars] == [
        ("At enrolment", "15%", True), ("Graduates", "41%", False),
    ]


def test_a_label_keeps_its_capitals() -> None:
    chart = bar_chart(show_figure(replace(figure(41), value_label="in DR Congo"), "en"))
    assert chart is not None
    assert chart.bars[1].label == "In DR Congo"


@pytest.mark.parametrize("value", [-5, 0, 100, 250])
def test_bar_length_stays_on_the_track(value: float) -> None:
    assert 0 <= bar_length(value) <= TRACK_LENGTH


def test_no_chart_without_a_baseline_or_for_counts() -> None:
    assert bar_chart(show_figure(figure(50, baseline=None), "en")) is None
    assert bar_chart(show_figure(figure(50894, baseline=None, unit="count"), "en")) is None
