"""The programme's figures as open data: ``impact/figures.csv`` and ``impact/figures.json``.

Funders, journalists and researchers want the numbers, not a screenshot. Both files hold
every figure of data/impact.yml with its value, unit, baseline, countries, period, sample,
source and note, and the terms of reuse:

- with ``extra.data_licence`` (``name`` and ``url``, checked by
  :mod:`storysite.site_settings`), that licence, in both files and on the page;
- without it, no licence at all (nothing is claimed on the organisation's behalf) and the
  address to ask: ``extra.takedown.email``, the site's one contact address.

Where the data says "not stated" (its convention for what the source does not say), the
files hold an empty cell (CSV) or ``null`` (JSON): a missing fact is not a value. Text
cells a spreadsheet would run as formulas start with ``'`` (:func:`spreadsheet_safe`).
This module renders text only; :meth:`storysite.build_state.BuildState.publish` writes it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .impact import ShownFigure
from .spreadsheet_cells import spreadsheet_safe

CSV_PATH = "impact/figures.csv"
JSON_PATH = "impact/figures.json"
# What data/impact.yml writes where its source does not say (impact.py's hints ask for it).
NOT_STATED = "not stated"
# One column per fact, in the order a reader of the page meets them.
COLUMNS = (
    "id", "statement", "value", "unit", "qualifier", "shown_as", "value_label", "baseline_value",
    "baseline_label", "countries", "period", "sample", "source", "note", "licence", "licence_url", "contact",
)


@dataclass(frozen=True)
class DataTerms:
    """Who publishes the figures and on what terms: a licence (None: none is given, ask
    ``contact``, an e-mail address)."""

    organisation: str
    licence_name: str | None
    licence_url: str | None
    contact: str


def stated(text: str | None) -> str | None:
    """``text``, or None where the data says "not stated" (in any capitals) or nothing."""
    if text is None or text.strip().casefold() == NOT_STATED:
        return None
    return text


def data_terms(extra: Mapping[str, object]) -> DataTerms:
    """The terms of mkdocs.yml's ``extra:`` (``organisation``, ``takedown.email`` and the
    optional ``data_licence``), which :mod:`storysite.site_settings` checked before the
    build. A setting that is absent all the same (a caller's minimal settings) is read
    as empty text, and a licence without both name and address as no licence."""
    takedown = extra.get("takedown")
    contact = takedown.get("email", "") if isinstance(takedown, Mapping) else ""
    licence = extra.get("data_licence")
    name = url = None
    if isinstance(licence, Mapping) and licence.get("name") and licence.get("url"):
        name, url = str(licence["name"]).strip(), str(licence["url"]).strip()
    return DataTerms(str(extra.get("organisation", "")).strip(), name, url, str(contact).strip())


def _number(value: float) -> int | float:
    """39.0 as 39, 12.5 as 12.5: figures are typed as digits, and stay so."""
    return int(value) if value == int(value) else value


def figure_record(shown: ShownFigure) -> dict[str, object]:
    """One figure as a JSON object: numbers as numbers, facts not stated as None."""
    figure = shown.figure
    baseline = (
        {"value": _number(figure.baseline.value), "label": figure.baseline.label} if figure.baseline else None
    )
    return {
        "id": figure.id,
        "statement": figure.statement,
        "value": _number(figure.value),
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "shown_as": shown.value_text,
        "value_label": figure.value_label or None,
        "baseline": baseline,
        "countries": [country.name for country in figure.countries],
        "period": stated(figure.period),
        "sample": stated(figure.sample),
        "source": stated(figure.source),
        "note": figure.note,
    }


def figures_json(figures: Sequence[ShownFigure], terms: DataTerms) -> str:
    """The JSON file: the terms, then every figure (see :func:`figure_record`)."""
    document = {
        "publisher": terms.organisation,
        "licence": {"name": terms.licence_name, "url": terms.licence_url} if terms.licence_name else None,
        "contact": terms.contact,
        "figures": [figure_record(shown) for shown in figures],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def figures_csv(figures: Sequence[ShownFigure], terms: DataTerms) -> str:
    """The CSV file: a header of :data:`COLUMNS`, one row per figure, each carrying the
    licence (empty without one) and the contact, so that a row copied on keeps its terms.
    Countries are joined with "; "; every text cell is :func:`spreadsheet_safe`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for shown in figures:
        record = figure_record(shown)
        baseline = shown.figure.baseline
        cells: dict[str, object] = {
            **record,
            "baseline_value": _number(baseline.value) if baseline else None,
            "baseline_label": baseline.label if baseline else None,
            "countries": "; ".join(country.name for country in shown.figure.countries),
            "licence": terms.licence_name,
            "licence_url": terms.licence_url,
            "contact": terms.contact,
        }
        writer.writerow([_cell(column, cells.get(column)) for column in COLUMNS])
    return out.getvalue()


def _cell(column: str, value: object) -> str:
    """A CSV cell: empty for None; the numbers we wrote as they are (-5 is a number, not a
    formula); any other text made safe for spreadsheets."""
    if value is None:
        return ""
    if column in ("value", "baseline_value"):
        return str(value)
    return spreadsheet_safe(str(value))


def open_figure_files(figures: Sequence[ShownFigure], extra: Mapping[str, object]) -> dict[str, str]:
    """The files to publish, by their path in the site: :data:`CSV_PATH` and :data:`JSON_PATH`."""
    terms = data_terms(extra)
    return {CSV_PATH: figures_csv(figures, terms), JSON_PATH: figures_json(figures, terms)}
