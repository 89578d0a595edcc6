"""Load data/impact.yml: the programme's figures, each with its provenance.

Every figure says what it counts, where, compared with what, when, from which source and
on what sample. Where the source does not say, the data says "not stated": the site
never invents a survey year or a sample size.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal, format_percent

from .contract import BASELINE, FIGURE, FIGURES_KEY, QUALIFIERS, UNITS, Field
from .errors import ContentError
from .fields import Fields, did_you_mean, top_level
from .model import Baseline, Catalogue, Country, Figure
from .strict_yaml import Mapping, Sequence, YamlRefused, read_file

SHOWN_AS = "data/impact.yml"
# The fields, units and qualifiers of a figure, as the contract declares them (storysite.contract.data).
__all__ = ["UNITS", "QUALIFIERS", "FIGURE_FIELDS", "BASELINE_FIELDS", "load_figures", "format_value", "show_figure", "ShownFigure"]
FIGURE_FIELDS = FIGURE.keys
BASELINE_FIELDS = BASELINE.keys


def load_figures(root: Path, catalogue: Catalogue, errors: list[ContentError]) -> tuple[Figure, ...]:
    """Read ``root/data/impact.yml``; problems go to ``errors``."""
    path = root / SHOWN_AS
    # Only an absent path is "missing"; a link, folder or FIFO in its place is refused by
    # read_file, which says what it is.
    if not os.path.lexists(path):
        errors.append(ContentError(SHOWN_AS, 1, "file", "is missing", "create it: it lists the programme's figures"))
        return ()
    try:
        node = read_file(path, SHOWN_AS)
    except YamlRefused as refused:
        errors.append(refused.error)
        return ()
    fields = top_level(node, SHOWN_AS, errors, (FIGURES_KEY,), "a list of figures under 'figures:'")
    if fields is None:
        return ()
    items = fields.node.get("figures")
    if not isinstance(items, Sequence):
        fields.error(fields.line("figures"), "figures", "must be a list of figures", "start each figure with '- id: ...'")
        return ()
    figures: list[Figure] = []
    seen: set[str] = set()
    for index, item in enumerate(items.items):
        if not isinstance(item, Mapping):
            errors.append(ContentError(SHOWN_AS, item.line, f"figures[{index}]", "must be a group of fields", FIGURE.hint))
            continue
        figure = _read_figure(Fields(item, SHOWN_AS, errors, FIGURE_FIELDS, prefix=f"figures[{index}]."), catalogue)
        if figure is None:
            continue
        if figure.id in seen:
            errors.append(ContentError(SHOWN_AS, item.line, f"figures[{index}].id", f"'{figure.id}' is used twice", "give each figure its own id"))
            continue
        seen.add(figure.id)
        figures.append(figure)
    return tuple(figures)


def _number(fields: Fields, declared: Field, *, unit: str | None) -> float | None:
    """A NUMBER field read by its declaration (digits, its pattern), then checked against
    what ``unit`` allows; None after an error."""
    key = declared.key
    typed = fields.read(declared)
    if typed is None:
        return None
    value = float(typed)
    if unit == "percent" and not 0 <= value <= 100:
        fields.error(fields.line(key), key, f"{typed}% is outside 0-100", "a share of people is between 0 and 100")
        return None
    if unit == "count" and (value < 0 or value != int(value)):
        fields.error(fields.line(key), key, f"'{typed}' is not a whole number of people", "e.g. 50894")
        return None
    return value


def _read_figure(fields: Fields, catalogue: Catalogue) -> Figure | None:
    field = FIGURE.field
    figure_id = fields.read(field("id"))
    statement = fields.read(field("statement"))
    unit = fields.read(field("unit"))
    value = _number(fields, field("value"), unit=unit)
    # Required beside a baseline only: the rule between the two fields.
    value_label = fields.read(field("value_label"), required=fields.has("baseline"))
    qualifier = fields.read(field("qualifier"))
    baseline = None
    group = fields.group(BASELINE.key, BASELINE_FIELDS)
    baseline_ok = fields.node.get(BASELINE.key) is None
    if not baseline_ok and group is None and not fields.has(BASELINE.key):
        fields.error(fields.line(BASELINE.key), BASELINE.key, "is empty", BASELINE.hint)
    if group is not None:
        base_value = _number(group, BASELINE.field("value"), unit=unit)
        label = group.read(BASELINE.field("label"))
        if base_value is not None and label is not None:
            baseline = Baseline(base_value, label)
            baseline_ok = True
    countries = _read_countries(fields, catalogue)
    period = fields.read(field("period"))
    source = fields.read(field("source"))
    sample = fields.read(field("sample"))
    note = fields.read(field("note"))
    required = (figure_id, statement, unit, value, countries, period, source, sample)
    if any(part is None for part in required) or not baseline_ok:
        return None
    assert figure_id and statement and unit and value is not None and countries is not None
    assert period and source and sample
    return Figure(
        id=figure_id, statement=statement, countries=countries, unit=unit, value=value,
        value_label=value_label or "", qualifier=qualifier, baseline=baseline, period=period, source=source, sample=sample, note=note,
    )


def _read_countries(fields: Fields, catalogue: Catalogue) -> tuple[Country, ...] | None:
    example = f", e.g. [{catalogue.countries[0].name if catalogue.countries else 'a country'}]"
    items = fields.read(FIGURE.field("countries"), example=example)
    if items is None:
        return None
    countries: list[Country] = []
    for item in items:
        country = catalogue.find_country(item.text)
        if country is None:
            fields.error(item.line, "countries", f"'{item.text}' is not in data/countries.yml", did_you_mean(item.text, catalogue.country_names()))
            return None
        countries.append(country)
    return tuple(countries)


def format_value(value: float, unit: str, locale: str) -> str:
    """A figure as readers see it, by locale: "39%", "50,894", "12 points"."""
    if unit in ("percent", "percent-increase"):
        # Up to two decimals, as typed: 12.5 must not be shown as 12%.
        return format_percent(value / 100, format="#,##0.##%", locale=locale)
    if unit == "percentage-points":
        return f"{format_decimal(value, locale=locale)} points"
    return format_decimal(value, locale=locale)


@dataclass(frozen=True)
class ShownFigure:
    """A figure with its numbers formatted for readers, for templates to draw."""

    figure: Figure
    value_text: str  # "over 50,894", "39%"
    baseline_text: str | None  # "15%"
    change: str | None  # "up from", "down from" or "the same as" the baseline
    sentence: str  # the whole figure in one sentence, for screen readers and summaries


def show_figure(figure: Figure, locale: str) -> ShownFigure:
    """Format ``figure`` for ``locale`` (e.g. "en")."""
    value_text = format_value(figure.value, figure.unit, locale)
    if figure.qualifier:
        value_text = f"{figure.qualifier} {value_text}"
    baseline_text = format_value(figure.baseline.value, figure.unit, locale) if figure.baseline else None
    sentence = f"{value_text} {figure.statement}"
    change = None
    if figure.baseline and baseline_text:
        sentence += f", compared to {baseline_text} {figure.baseline.label}"
        if figure.value == figure.baseline.value:
            change = "the same as"
        else:
            change = "up from" if figure.value > figure.baseline.value else "down from"
    return ShownFigure(figure, value_text, baseline_text, change, sentence + ".")
