"""impact: data/impact.yml, with exact messages.

IMPACT_YML lines: 1 figures; figure 0: 2 id, 3 statement, 4 countries, 5 unit, 6 value,
7 value_label, 8 baseline, 9 baseline.value, 10 baseline.label, 11 period, 12 source,
13 sample; figure 1: 14 id, 15 statement, 16 unit, 17 value, 18 qualifier, 19 period,
20 source, 21 sample.
"""

from __future__ import annotations

import pytest

from unit_fixtures import IMPACT_YML, Project, edit
from storysite.catalogue import load_catalogue
from storysite.errors import ContentError
from storysite.impact import format_value, load_figures, show_figure
from storysite.model import Baseline

I = "data/impact.yml"
NUMBER_HINT = "(write digits only, e.g. 39 or 50894)"
SOURCE = "    source: Women for Women International (UK), web page, undated"


def impact_errors(tmp_project: Project, text: str | None = None) -> list[str]:
    if text is not None:
        tmp_project.write(I, text)
    errors: list[ContentError] = []
    catalogue = load_catalogue(tmp_project.root, errors)
    assert errors == []
    load_figures(tmp_project.root, catalogue, errors)
    return [str(error) for error in errors]


def change(old: str, new: str | None, text: str = IMPACT_YML) -> str:
    return edit(text, old, new)


def second_figure(old: str, new: str | None) -> str:
    """IMPACT_YML with a line of the second figure (men-engaged) changed."""
    first, second = IMPACT_YML.split("  - id: men-engaged\n")
    return first + "  - id: men-engaged\n" + edit(second, old, new)


# --- valid figures ----------------------------------------------------------------------------


def test_figures_load_with_their_provenance(tmp_project: Project) -> None:
    errors: list[ContentError] = []
    figures = load_figures(tmp_project.root, load_catalogue(tmp_project.root, errors), errors)
    assert errors == []
    first, second = figures
    assert (first.id, first.unit, first.value, first.qualifier) == ("shared-information", "percent", 39.0, None)
    assert first.baseline == Baseline(15.0, "at enrolment")
    assert [country.code for country in first.countries] == ["AF"]
    assert (first.period, first.sample) == ("not stated", "not stated")
    assert (second.id, second.unit, second.value, second.qualifier, second.countries) == (
        "men-engaged", "count", 50894.0, "over", ()
    )
    assert second.baseline is None and second.note is None


@pytest.mark.parametrize("typed", ["0", "100", "0.5", "99.9"])
def test_percent_between_0_and_100_is_accepted(tmp_project: Project, typed: str) -> None:
    assert impact_errors(tmp_project, change("    value: 39", f"    value: {typed}")) == []


def test_show_figure_formats_value_qualifier_and_baseline(tmp_project: Project) -> None:
    figures = load_figures(tmp_project.root, load_catalogue(tmp_project.root, []), [])
    first, second = (show_figure(figure, "en") for figure in figures)
    assert (first.value_text, first.baseline_text) == ("39%", "15%")
    assert first.sentence == (
        "39% of graduates in Afghanistan reported sharing information, compared to 15% at enrolment."
    )
    assert (second.value_text, second.baseline_text) == ("over 50,894", None)
    assert second.sentence == "over 50,894 men have taken part in the programme since 2002."


@pytest.mark.parametrize(
    ("value", "unit", "locale", "shown"),
    [(39, "percent", "en", "39%"), (50894, "count", "en", "50,894"), (12, "percentage-points", "en", "12 points"),
     (50, "percent-increase", "en", "50%"), (50894, "count", "fr", "50\u202f894")],
)
def test_format_value(value: float, unit: str, locale: str, shown: str) -> None:
    assert format_value(value, unit, locale) == shown


# --- value and unit errors ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["139", "100.1", "-1"])
def test_percent_outside_0_to_100_is_refused_at_its_line(tmp_project: Project, typed: str) -> None:
    assert impact_errors(tmp_project, change("    value: 39", f"    value: {typed}")) == [
        f"{I}:6: figures[0].value: {typed}% is outside 0-100 (a share of people is between 0 and 100)"
    ]


def test_baseline_percent_outside_0_to_100_is_refused(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, change("      value: 15", "      value: 139")) == [
        f"{I}:9: figures[0].baseline.value: 139% is outside 0-100 (a share of people is between 0 and 100)"
    ]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("39%", "39%"), ("thirty-nine", "thirty-nine"), ("1e3", "1e3"), ("39.", "39."), (".5", ".5"),
     ("+39", "+39"), ("0x27", "0x27"), ("'3 9'", "3 9"), ("'39'", "39")],
)
def test_value_that_is_not_a_number_is_an_error(tmp_project: Project, typed: str, shown: str) -> None:
    if shown == "39":
        # A quoted number is still text with digits only: accepted.
        assert impact_errors(tmp_project, change("    value: 39", f"    value: {typed}")) == []
        return
    assert impact_errors(tmp_project, change("    value: 39", f"    value: {typed}")) == [
        f"{I}:6: figures[0].value: '{shown}' is not a number {NUMBER_HINT}"
    ]


def test_count_with_thousands_separator_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, second_figure("    value: 50894", "    value: 50,894")) == [
        f"{I}:17: figures[1].value: '50,894' is not a number {NUMBER_HINT}"
    ]


@pytest.mark.parametrize("typed", ["50894.5", "-5"])
def test_count_that_is_not_a_whole_number_of_people_is_an_error(tmp_project: Project, typed: str) -> None:
    assert impact_errors(tmp_project, second_figure("    value: 50894", f"    value: {typed}")) == [
        f"{I}:17: figures[1].value: '{typed}' is not a whole number of people (e.g. 50894)"
    ]


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("percnt", "did you mean 'percent'?"), ("Percent", "did you mean 'percent'?"),
     ("people", "use one of: percent, percentage-points, percent-increase, count")],
)
def test_unknown_unit_is_an_error_with_a_hint(tmp_project: Project, typed: str, hint: str) -> None:
    assert impact_errors(tmp_project, change("    unit: percent", f"    unit: {typed}")) == [
        f"{I}:5: figures[0].unit: '{typed}' is not allowed ({hint})"
    ]


def test_missing_value_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, change("    value: 39", None)) == [
        f"{I}:2: figures[0].value: missing (a number such as 39 or 50894, without % or commas)"
    ]


def test_unknown_qualifier_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, second_figure("    qualifier: over", "    qualifier: more than")) == [
        f"{I}:18: figures[1].qualifier: 'more than' is not allowed (use one of: over, about, at least)"
    ]


# --- provenance errors --------------------------------------------------------------------------


def test_missing_source_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, second_figure(SOURCE, None)) == [
        f"{I}:14: figures[1].source: missing (who published the figure, and where)"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    period: since 2002", "figures[1].period: missing (when it was measured or counted; write 'not stated' if unknown)"),
        ("    sample: a count of participants, not a survey",
         "figures[1].sample: missing (how many people answered; write 'not stated' if unknown)"),
        ("    statement: men have taken part in the programme since 2002",
         "figures[1].statement: missing (what the number counts, as the sentence after it)"),
        ("    unit: count", "figures[1].unit: missing (use one of: percent, percentage-points, percent-increase, count)"),
    ],
)
def test_missing_figure_fields_are_errors_at_the_figures_line(tmp_project: Project, line: str, expected: str) -> None:
    assert impact_errors(tmp_project, second_figure(line, None)) == [f"{I}:14: {expected}"]


def test_missing_figure_id_is_an_error(tmp_project: Project) -> None:
    text = IMPACT_YML.replace("  - id: men-engaged\n    statement:", "  - statement:")
    assert impact_errors(tmp_project, text) == [
        f"{I}:14: figures[1].id: missing (a short lowercase name such as shared-information)"
    ]


def test_empty_source_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, second_figure(SOURCE, "    source:")) == [
        f"{I}:20: figures[1].source: is empty (who published the figure, and where)"
    ]


def test_misspelled_figure_field_gets_did_you_mean(tmp_project: Project) -> None:
    text = second_figure(SOURCE, SOURCE.replace("source", "sorce"))
    assert sorted(impact_errors(tmp_project, text)) == [
        f"{I}:14: figures[1].source: missing (who published the figure, and where)",
        f"{I}:20: figures[1].sorce: unknown field (did you mean 'source'?)",
    ]


def test_bad_baseline_and_missing_source_are_both_reported(tmp_project: Project) -> None:
    # An incomplete baseline must not hide the errors of the fields read after it.
    first, second = IMPACT_YML.split("  - id: men-engaged\n")
    first = edit(edit(first, SOURCE, None), "      value: 15", "      value: fifteen")
    text = first + "  - id: men-engaged\n" + second
    assert sorted(impact_errors(tmp_project, text)) == [
        f"{I}:2: figures[0].source: missing (who published the figure, and where)",
        f"{I}:9: figures[0].baseline.value: 'fifteen' is not a number {NUMBER_HINT}",
    ]


def test_baseline_without_value_label_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, change("    value_label: graduates", None)) == [
        f"{I}:2: figures[0].value_label: missing"
        " (beside a baseline, say whom or when the value measures, e.g. graduates)"
    ]


def test_value_label_longer_than_40_characters_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, change("    value_label: graduates", "    value_label: " + "g" * 41)) == [
        f"{I}:7: figures[0].value_label: is 41 characters long; it must be 0 to 40"
        " (beside a baseline, say whom or when the value measures, e.g. graduates)"
    ]


def test_value_label_is_optional_without_a_baseline(tmp_project: Project) -> None:
    errors: list[ContentError] = []
    figures = load_figures(tmp_project.root, load_catalogue(tmp_project.root, errors), errors)
    assert errors == []
    assert (figures[0].value_label, figures[1].value_label) == ("graduates", "")


def test_baseline_without_label_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, change("      label: at enrolment", None)) == [
        f"{I}:8: figures[0].baseline.label: missing (when it was measured, e.g. at enrolment)"
    ]


def test_statement_longer_than_300_characters_is_an_error(tmp_project: Project) -> None:
    text = second_figure("    statement: men have taken part in the programme since 2002", "    statement: " + "s" * 301)
    assert impact_errors(tmp_project, text) == [
        f"{I}:15: figures[1].statement: is 301 characters long; it must be 0 to 300"
        " (what the number counts, as the sentence after it)"
    ]


def test_unknown_country_in_a_figure_gets_did_you_mean(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, change("    countries: [Afghanistan]", "    countries: [Afganistan]")) == [
        f"{I}:4: figures[0].countries: 'Afganistan' is not in data/countries.yml (did you mean 'Afghanistan'?)"
    ]


# --- ids and file shape ----------------------------------------------------------------------------


def test_duplicate_figure_id_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, change("  - id: men-engaged", "  - id: shared-information")) == [
        f"{I}:14: figures[1].id: 'shared-information' is used twice (give each figure its own id)"
    ]


@pytest.mark.parametrize("typed", ["Men-Engaged", "men engaged", "men_engaged"])
def test_bad_figure_id_is_an_error(tmp_project: Project, typed: str) -> None:
    assert impact_errors(tmp_project, change("  - id: men-engaged", f"  - id: {typed}")) == [
        f"{I}:14: figures[1].id: '{typed}' is not a valid id (lowercase letters, digits and hyphens)"
    ]


def test_figure_that_is_not_a_group_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, IMPACT_YML + "  - 39% of graduates\n") == [
        f"{I}:22: figures[2]: must be a group of fields (start it with '- id: ...')"
    ]


def test_figures_that_is_not_a_list_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, "figures: none\n") == [
        f"{I}:1: figures: must be a list of figures (start each figure with '- id: ...')"
    ]


def test_impact_file_holding_a_list_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, "- id: x\n") == [
        f"{I}:1: file: holds a list; it must hold a list of figures under 'figures:'"
    ]


def test_empty_impact_file_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, "# no figures yet\n") == [
        f"{I}:1: file: is empty; it must hold a list of figures under 'figures:'"
    ]


def test_missing_impact_file_is_an_error(tmp_project: Project) -> None:
    (tmp_project.root / I).unlink()
    assert impact_errors(tmp_project) == [f"{I}:1: file: is missing (create it: it lists the programme's figures)"]


def test_unknown_top_level_key_is_an_error(tmp_project: Project) -> None:
    assert impact_errors(tmp_project, IMPACT_YML + "figuers: []\n") == [
        f"{I}:22: figuers: unknown field (did you mean 'figures'?)"
    ]


def test_impact_errors_are_reported_with_story_errors(tmp_project: Project) -> None:
    tmp_project.write(I, change("    value: 39", "    value: 139"))
    tmp_project.story("identity: named\n")
    assert tmp_project.errors()[0] == (
        f"{I}:6: figures[0].value: 139% is outside 0-100 (a share of people is between 0 and 100)"
    )
    assert len(tmp_project.errors()) > 1
    assert all(error.startswith("stories/obadia-lowiya-steven.yml:") for error in tmp_project.errors()[1:])


# --- fixes found in review ----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "change_word"), [("39", "up from"), ("10", "down from"), ("15", "the same as")])
def test_the_change_from_the_baseline_says_which_way_it_went(tmp_project: Project, value: str, change_word: str) -> None:
    tmp_project.write(I, change("    value: 39", f"    value: {value}"))
    figures = load_figures(tmp_project.root, load_catalogue(tmp_project.root, []), [])
    assert show_figure(figures[0], "en").change == change_word


@pytest.mark.parametrize(("value", "shown"), [(12.5, "12.5%"), (12.25, "12.25%"), (39, "39%")])
def test_decimal_percentages_are_not_rounded_away(value: float, shown: str) -> None:
    assert format_value(value, "percent", "en") == shown


def test_an_empty_baseline_is_an_error_not_a_vanished_figure(tmp_project: Project) -> None:
    text = IMPACT_YML.replace("      value: 15\n      label: at enrolment\n", "")
    assert impact_errors(tmp_project, text) == [
        f"{I}:8: figures[0].baseline: is empty (give its value and label, or delete the line)"
    ]


def test_a_number_of_hundreds_of_digits_is_refused_not_a_crash(tmp_project: Project) -> None:
    errors = impact_errors(tmp_project, second_figure("    value: 50894", "    value: " + "9" * 400))
    assert len(errors) == 1 and errors[0].startswith(f"{I}:17: figures[1].value: '999") and "is not a number" in errors[0]


# --- the figure's declaration in the contract drives the reader ------------------------------------


def _limited_fields() -> list[tuple[str, int]]:
    from storysite.contract import FIGURE, Kind

    return [(field.key, field.max_len) for field in FIGURE.fields if field.kind is Kind.TEXT and field.max_len]


def _second_figure_with(key: str, value: str) -> str:
    """IMPACT_YML with ``key: value`` set (or added) in its second figure (men-engaged, no baseline)."""
    first, second = IMPACT_YML.split("  - id: men-engaged\n")
    lines = [line for line in second.rstrip("\n").split("\n") if not line.startswith(f"    {key}:")]
    return first + "  - id: men-engaged\n" + "\n".join([*lines, f"    {key}: {value}"]) + "\n"


@pytest.mark.parametrize(("key", "limit"), _limited_fields(), ids=[key for key, _ in _limited_fields()])
def test_every_declared_text_limit_is_the_readers_at_and_past_it(tmp_project: Project, key: str, limit: int) -> None:
    assert impact_errors(tmp_project, _second_figure_with(key, "x" * limit)) == []
    errors = impact_errors(tmp_project, _second_figure_with(key, "x" * (limit + 1)))
    assert len(errors) == 1 and f"figures[1].{key}: is {limit + 1} characters long; it must be 0 to {limit}" in errors[0]


def test_the_units_and_qualifiers_are_the_contracts() -> None:
    from storysite import impact
    from storysite.contract import FIGURE

    assert impact.UNITS == FIGURE.field("unit").values and impact.QUALIFIERS == FIGURE.field("qualifier").values
    assert impact.FIGURE_FIELDS == FIGURE.keys
