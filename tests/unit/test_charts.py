"""The impact charts' geometry: bar lengths are proportional to their values."""

from __future__ import annotations

import pytest

from storysite.charts import AXIS, LABEL_WIDTH, bar_chart, bar_length
from storysite.impact import show_figure
from storysite.model import Baseline, Figure


def figure(value: float, baseline: float | None = 15, unit: str = "percent") -> Figure:
    return Figure(
        id="f", statement="of graduates did it", countries=(), unit=unit, value=value, value_label="graduates",
        qualifier=None, baseline=Baseline(baseline, "at enrolment") if baseline is not None else None,
        period="not stated", source="A report", sample="not stated", note=None,
    )


def test_a_39_percent_bar_spans_39_percent_of_the_axis() -> None:
    chart = bar_chart(show_figure(figure(39), "en"))
    assert chart is not None
    baseline, value = chart.bars
    assert value.width == pytest.approx(0.39 * chart.axis_length)
    assert baseline.width == pytest.approx(0.15 * chart.axis_length)
    assert chart.axis_length == AXIS and value.x == baseline.x == chart.axis_x == LABEL_WIDTH


def test_bars_are_labelled_baseline_first() -> None:
    chart = bar_chart(show_figure(figure(41), "en"))
    assert chart is not None
    assert [(bar.label, bar.value_text, bar.is_baseline) for bar in chart.bars] == [
        ("At enrolment", "15%", True), ("Graduates", "41%", False),
    ]
    assert chart.bars[1].y > chart.bars[0].y + chart.bars[0].height
    assert chart.height >= chart.bars[-1].y + chart.bars[-1].height


def test_the_value_text_fits_in_the_chart_at_100_percent() -> None:
    chart = bar_chart(show_figure(figure(100), "en"))
    assert chart is not None
    assert chart.bars[1].x + chart.bars[1].width + 8 + 48 <= chart.width


@pytest.mark.parametrize("value", [-5, 0, 100, 250])
def test_bar_length_stays_on_the_axis(value: float) -> None:
    assert 0 <= bar_length(value) <= AXIS


def test_no_chart_without_a_baseline_or_for_counts() -> None:
    assert bar_chart(show_figure(figure(50, baseline=None), "en")) is None
    assert bar_chart(show_figure(figure(50894, baseline=None, unit="count"), "en")) is None
