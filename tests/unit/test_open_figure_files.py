"""open_figures (unit): the figures as CSV and JSON, with their terms; and extra.data_licence.

Named apart from tests/e2e/test_open_figures.py: pytest cannot collect two test modules of one name.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from storysite.impact import show_figure
from storysite.model import Baseline, Country, Figure
from storysite.open_figures import (
    COLUMNS, CSV_PATH, JSON_PATH, DataTerms, data_terms, figures_csv, figures_json, open_figure_files, stated,
)
from storysite.site_settings import check_site_settings
from storysite.spreadsheet_cells import spreadsheet_safe

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
EXTRA = {
    "organisation": "An organisation",
    "programme": "A programme",
    "donate": {"url": "https://www.example.org/donate", "label": "Give"},
    "takedown": {"email": "stories@example.org"},
    "data_licence": LICENCE,
}
WITH_LICENCE = DataTerms("An organisation", "CC BY 4.0", LICENCE["url"], "stories@example.org")
WITHOUT_LICENCE = DataTerms("An organisation", None, None, "stories@example.org")


def country(name: str) -> Country:
    return Country(
        code=name[:2].upper(), name=name, slug=name.lower().replace(" ", "-"), aliases=(), at_risk=False,
        default_identity="named", description="",
    )


def figure(**changes: object) -> Figure:
    base: dict[str, object] = dict(
        id="shared", statement="of graduates shared what they learnt", countries=(country("Kenya"), country("Sri Lanka")),
        unit="percent", value=39.0, value_label="graduates", qualifier=None, baseline=Baseline(15.0, "at enrolment"),
        period="in 2023", source="Our annual survey", sample="1,200 graduates", note=None,
    )
    base.update(changes)
    return Figure(**base)  # type: ignore[arg-type]


def shown(*figures: Figure):
    return [show_figure(item, "en") for item in figures]


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- the files ----------------------------------------------------------------------------------


def test_json_holds_every_fact_of_a_figure_with_numbers_as_numbers() -> None:
    document = json.loads(figures_json(shown(figure(), figure(id="men", unit="count", value=50894.0, qualifier="over",
                                                              baseline=None, value_label="", countries=())), WITH_LICENCE))
    assert document["publisher"] == "An organisation"
    assert document["licence"] == LICENCE
    assert document["contact"] == "stories@example.org"
    first, second = document["figures"]
    assert first == {
        "id": "shared", "statement": "of graduates shared what they learnt", "value": 39, "unit": "percent",
        "qualifier": None, "shown_as": "39%", "value_label": "graduates",
        "baseline": {"value": 15, "label": "at enrolment"}, "countries": ["Kenya", "Sri Lanka"],
        "period": "in 2023", "sample": "1,200 graduates", "source": "Our annual survey", "note": None,
    }
    assert isinstance(first["value"], int)
    assert (second["value"], second["shown_as"], second["baseline"], second["countries"], second["value_label"]) == (
        50894, "over 50,894", None, [], None
    )


def test_decimals_stay_decimals() -> None:
    document = json.loads(figures_json(shown(figure(value=12.5, baseline=Baseline(7.25, "before"))), WITH_LICENCE))
    assert (document["figures"][0]["value"], document["figures"][0]["baseline"]["value"]) == (12.5, 7.25)
    row = read_csv(figures_csv(shown(figure(value=12.5, baseline=Baseline(7.25, "before"))), WITH_LICENCE))[0]
    assert (row["value"], row["baseline_value"]) == ("12.5", "7.25")


def test_not_stated_is_null_in_json_and_empty_in_csv() -> None:
    item = figure(period="not stated", sample="Not Stated")
    record = json.loads(figures_json(shown(item), WITH_LICENCE))["figures"][0]
    assert (record["period"], record["sample"], record["source"]) == (None, None, "Our annual survey")
    row = read_csv(figures_csv(shown(item), WITH_LICENCE))[0]
    assert (row["period"], row["sample"]) == ("", "")
    assert stated("not stated") is None and stated(" NOT STATED ") is None and stated("in 2023") == "in 2023"


def test_csv_has_one_row_per_figure_with_every_column_and_the_terms() -> None:
    text = figures_csv(shown(figure(), figure(id="other", baseline=None, note="A note")), WITH_LICENCE)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    first, second = read_csv(text)
    assert first["value"] == "39" and first["shown_as"] == "39%"
    assert (first["baseline_value"], first["baseline_label"]) == ("15", "at enrolment")
    assert first["countries"] == "Kenya; Sri Lanka"
    assert (second["baseline_value"], second["baseline_label"], second["note"]) == ("", "", "A note")
    for row in (first, second):
        assert (row["licence"], row["licence_url"], row["contact"]) == ("CC BY 4.0", LICENCE["url"], "stories@example.org")


def test_without_a_licence_no_licence_is_claimed_and_the_contact_stays() -> None:
    document = json.loads(figures_json(shown(figure()), WITHOUT_LICENCE))
    assert document["licence"] is None and document["contact"] == "stories@example.org"
    row = read_csv(figures_csv(shown(figure()), WITHOUT_LICENCE))[0]
    assert (row["licence"], row["licence_url"], row["contact"]) == ("", "", "stories@example.org")


@pytest.mark.parametrize("typed", ["=HYPERLINK(\"https://x.example\")", "+1", "@SUM(A1)", "-2+3", "\tx", "  =1", "\uff1d1"])
def test_text_cells_a_spreadsheet_would_run_start_with_a_quote(typed: str) -> None:
    row = read_csv(figures_csv(shown(figure(statement=typed, note=typed, source=typed)), WITH_LICENCE))[0]
    assert row["statement"] == row["note"] == row["source"] == "'" + typed


def test_a_negative_number_stays_a_number() -> None:
    row = read_csv(figures_csv(shown(figure(unit="percentage-points", value=-5.0, baseline=None)), WITH_LICENCE))[0]
    assert row["value"] == "-5"


def test_spreadsheet_safe_leaves_ordinary_text_alone() -> None:
    assert spreadsheet_safe("39% of graduates") == "39% of graduates"
    assert spreadsheet_safe("a – b") == "a – b"


def test_open_figure_files_are_named_under_impact_and_read_the_settings() -> None:
    files = open_figure_files(shown(figure()), EXTRA)
    assert set(files) == {CSV_PATH, JSON_PATH} == {"impact/figures.csv", "impact/figures.json"}
    assert json.loads(files[JSON_PATH])["licence"] == LICENCE
    assert data_terms({key: value for key, value in EXTRA.items() if key != "data_licence"}) == WITHOUT_LICENCE
    assert data_terms(EXTRA) == WITH_LICENCE


# --- extra.data_licence -------------------------------------------------------------------------


def test_the_licence_is_optional() -> None:
    assert check_site_settings(EXTRA) == []
    assert check_site_settings({key: value for key, value in EXTRA.items() if key != "data_licence"}) == []


@pytest.mark.parametrize(
    ("licence", "message"),
    [
        ({"name": "CC BY 4.0"}, "mkdocs.yml: extra.data_licence.url: missing (the address of the licence's text, "
                                "e.g. https://creativecommons.org/licenses/by/4.0/)"),
        ({"name": "CC BY 4.0", "url": "http://creativecommons.org/licenses/by/4.0/"},
         "mkdocs.yml: extra.data_licence.url: must start with https:// (the address of the licence's text, "
         "e.g. https://creativecommons.org/licenses/by/4.0/)"),
        ({"name": "", "url": LICENCE["url"]},
         "mkdocs.yml: extra.data_licence.name: is empty (the licence's short name, e.g. CC BY 4.0)"),
        ({"name": "CC BY 4.0", "url": LICENCE["url"], "version": 4},
         "mkdocs.yml: extra.data_licence.version: unknown setting (use one of: name, url)"),
        ("CC BY 4.0", "mkdocs.yml: extra.data_licence: must be a group of settings, not text (give it name: and "
                      "url:, e.g. name: CC BY 4.0 and url: https://creativecommons.org/licenses/by/4.0/, or delete it "
                      "to publish the figures without a licence)"),
    ],
)
def test_a_broken_licence_is_refused_with_what_to_write(licence: object, message: str) -> None:
    assert check_site_settings({**EXTRA, "data_licence": licence}) == [message]


def test_the_american_spelling_is_a_typo_of_the_licence() -> None:
    extra = {key: value for key, value in EXTRA.items() if key != "data_licence"} | {"data_license": LICENCE}
    assert check_site_settings(extra) == ["mkdocs.yml: extra.data_license: unknown setting (did you mean 'data_licence'?)"]


def test_every_text_column_is_guarded_against_formulas() -> None:
    # Each column an editor or a setting can fill, with a formula in it (review R1): the
    # numbers we write are the only cells left as they are.
    attack = "=HYPERLINK(\"https://x.example\")"
    item = figure(
        id="shared", statement=attack, value_label=attack, qualifier=None, baseline=Baseline(15.0, attack),
        countries=(country(attack),), period=attack, sample=attack, source=attack, note=attack,
    )
    terms = DataTerms("An organisation", attack, attack, attack)
    (row,) = read_csv(figures_csv(shown(item), terms))
    numbers = {"id", "value", "baseline_value", "shown_as", "unit", "qualifier"}
    for column in COLUMNS:
        if column not in numbers:
            assert row[column].startswith("'="), column
    assert not any(cell.startswith("=") for cell in row.values())
