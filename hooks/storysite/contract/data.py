"""The contract of the programme's data files: ``data/countries.yml`` (with a country's card
``art:``), ``data/themes.yml``, ``data/roles.yml`` and each figure of ``data/impact.yml``.

Declared like a story's fields (:class:`Field`: key, kind, required, limits, pattern,
choices with their help, hint, description, example); :mod:`storysite.catalogue` and
:mod:`storysite.impact` read through these declarations, so a limit, a hint or a choice
changed here changes what the build accepts and says.
"""

from __future__ import annotations

from .declarations import Choice, Field, Kind, Pattern
from .story import IDENTITY_CHOICES

__all__ = [
    "ID", "ISO_CODE", "NUMBER", "COUNTRY", "ART", "THEME", "ROLE", "UNIT_CHOICES", "QUALIFIER_CHOICES",
    "UNITS", "QUALIFIERS", "BASELINE", "FIGURE", "FIGURES_KEY",
]

# An id that is also a page address word: themes, roles, figures (and story file names).
ID = Pattern(
    "[a-z0-9]+(?:-[a-z0-9]+)*",
    "'{value}' is not a valid id",
    "lowercase letters, digits and hyphens",
    accepts=("clean-water", "volunteer", "a1"),
    refuses=("Clean-water", "clean_water", "-water", "water-", "clean--water", "eau-propre\u0301"),
)
# The key of a country in data/countries.yml.
ISO_CODE = Pattern(
    "[A-Z]{2}",
    "is not an ISO 3166-1 alpha-2 code",
    "two capital letters, e.g. FR for France",
    accepts=("FR", "NZ"),
    refuses=("fr", "FRA", "F", "F1"),
)
# A figure's number: twelve digits are more people than there are; longer numbers are
# typing mistakes. ASCII digits only.
NUMBER = Pattern(
    "-?[0-9]{1,12}(?:\\.[0-9]{1,6})?",
    "'{value}' is not a number",
    "write digits only, e.g. 39 or 50894",
    accepts=("39", "-2", "50894", "12.5", "999999999999.123456"),
    refuses=("39%", "50,894", "1e3", "1234567890123", "0.1234567", ".5"),
)

COUNTRY = Field(
    "", Kind.GROUP, "A country: data/countries.yml",
    "A country of the programme, under its ISO 3166-1 alpha-2 code (two capital letters, e.g. FR).",
    example=None,
    hint="give it name, at_risk, ...",
    fields=(
        Field(
            "name", Kind.TEXT, "Country name", "The name readers see; it also gives the country page's address.",
            example=["New Zealand"], required=True, hint="the name readers see, e.g. New Zealand",
        ),
        Field(
            "aliases", Kind.WORDS, "Other names", "Other names editors may type for the country, e.g. [NZ, Aotearoa].",
            example=[["NZ", "Aotearoa"]],
        ),
        Field(
            "at_risk", Kind.BOOLEAN, "People there are at risk if named",
            "true: stories from this country may only be anonymous or pseudonym.", example=[False, True],
        ),
        Field(
            "default_identity", Kind.CHOICE, "Identity of a new story",
            "The identity make story gives a new story from this country; an at-risk country's is anonymous or pseudonym.",
            example=["first-name"], required=True, choices=IDENTITY_CHOICES,
        ),
        Field("description", Kind.TEXT, "Description", "Optional: a line for the country's page.", example=["..."]),
        Field(
            "art", Kind.GROUP, "Card art",
            "Optional: the picture of the country's story cards without a photo: a gradient and two rings.",
            example=None, hint="give it from, to, angle, first_ring and second_ring",
            fields=(
                Field(
                    "from", Kind.TEXT, "Gradient from", "The gradient's first colour, \"#rrggbb\" in quotes.",
                    example=["#5b2040"], required=True,
                    hint='a colour written "#rrggbb", in quotes (without them, # starts a comment), e.g. "#5b2040"',
                ),
                Field(
                    "to", Kind.TEXT, "Gradient to", "The gradient's last colour, \"#rrggbb\" in quotes.",
                    example=["#8a3a5c"], required=True,
                    hint='a colour written "#rrggbb", in quotes (without them, # starts a comment), e.g. "#5b2040"',
                ),
                Field(
                    "angle", Kind.NUMBER, "Gradient direction", "The gradient's direction in degrees, 0 to 360.",
                    example=[135], required=True,
                    hint="the gradient's direction in degrees, 0 to 360: 90 runs left to right, 180 top to bottom",
                ),
                Field("first_ring", Kind.POINT, "First ring", "Where the first ring is, as [x, y].", example=[[0.8, 0.2]], required=True),
                Field("second_ring", Kind.POINT, "Second ring", "Where the second ring is, as [x, y].", example=[[0.2, 0.9]], required=True),
            ),
        ),
    ),
)
ART = COUNTRY.field("art")

THEME = Field(
    "", Kind.GROUP, "A theme: data/themes.yml", "A theme stories may name, under its id (the theme page's address).",
    example=None, hint="give it a label and a description",
    fields=(
        Field("label", Kind.TEXT, "Theme label", "What readers see.", example=["Clean water"], required=True,
              hint="what readers see, e.g. Clean water"),
        Field("description", Kind.TEXT, "Theme description", "One line for the theme's page.", example=["..."], required=True,
              hint="one line for the theme's page"),
    ),
)

ROLE = Field(
    "", Kind.GROUP, "A role: data/roles.yml",
    "What a speaker is to the programme, under its id (which neutral file names use: <country>-<role>-<number>).",
    example=None, hint="give it a label, e.g. label: Volunteer",
    fields=(
        Field("label", Kind.TEXT, "Role label", "What readers see, at the start of a line; each role's own.",
              example=["Volunteer"], required=True, hint="what readers see, e.g. Volunteer"),
        Field("in_sentence", Kind.TEXT, "Role after a name",
              "Optional: how the role reads after a name (\"Ana, volunteer, Portugal\"): the label in lowercase unless given.",
              example=["volunteer"]),
    ),
)

UNIT_CHOICES = (
    Choice("percent", "A share of people, 0 to 100: shown as 39%."),
    Choice("percentage-points", "A difference between two percentages: shown as 12 points."),
    Choice("percent-increase", "A relative rise: shown as 25%."),
    Choice("count", "A whole number of people: shown as 50,894."),
)
QUALIFIER_CHOICES = (
    Choice("over", "More than the value: \"over 50,894\"."),
    Choice("about", "Roughly the value."),
    Choice("at least", "The value or more."),
)
UNITS = tuple(choice.value for choice in UNIT_CHOICES)
QUALIFIERS = tuple(choice.value for choice in QUALIFIER_CHOICES)

FIGURES_KEY = "figures"
_NUMBER_HINT = "a number such as 39 or 50894, without % or commas"

BASELINE = Field(
    "baseline", Kind.GROUP, "Baseline", "Optional: the value compared with, and when it was measured.",
    example=None, hint="give its value and label, or delete the line",
    fields=(
        Field("value", Kind.NUMBER, "Baseline value", "The comparison value, in the figure's unit.", example=[15],
              required=True, pattern=NUMBER, hint=_NUMBER_HINT),
        Field("label", Kind.TEXT, "Baseline label", "When it was measured, e.g. at enrolment.", example=["at enrolment"],
              required=True, max_len=60, hint="when it was measured, e.g. at enrolment"),
    ),
)

FIGURE = Field(
    "", Kind.GROUP, "A figure: data/impact.yml", "One statistic of the programme with its provenance.",
    example=None, hint="start it with '- id: ...'",
    fields=(
        Field("id", Kind.TEXT, "Figure id", "A short lowercase name.", example=["shared-learning"], required=True,
              pattern=ID, hint="a short lowercase name such as shared-information"),
        Field("statement", Kind.TEXT, "What it counts", "What the number counts, as the sentence after it.",
              example=["of participants reported sharing what they learnt"], required=True, max_len=300,
              hint="what the number counts, as the sentence after it"),
        Field("countries", Kind.WORDS, "Countries", "Optional: countries from data/countries.yml the figure covers.",
              example=None, source="countries", hint="countries from data/countries.yml{example}"),
        Field("unit", Kind.CHOICE, "Unit", "How the value is shown.", example=["percent"], required=True, choices=UNIT_CHOICES),
        Field("value", Kind.NUMBER, "Value", "The number, without % or commas.", example=[39], required=True,
              pattern=NUMBER, hint=_NUMBER_HINT),
        Field("value_label", Kind.TEXT, "Whom or when the value measures",
              "Beside a baseline (then required): whom or when the value measures, e.g. participants.",
              example=["participants"], max_len=40, required_by_rule=True,
              hint="beside a baseline, say whom or when the value measures, e.g. graduates"),
        Field("qualifier", Kind.CHOICE, "Qualifier", "Optional: a word before the value.", example=["over"],
              choices=QUALIFIER_CHOICES),
        BASELINE,
        Field("period", Kind.TEXT, "Period", "When it was measured or counted; 'not stated' if unknown.",
              example=["2019-2021"], required=True, max_len=120,
              hint="when it was measured or counted; write 'not stated' if unknown"),
        Field("source", Kind.TEXT, "Source", "Who published the figure, and where.", example=["..."], required=True,
              max_len=300, hint="who published the figure, and where"),
        Field("sample", Kind.TEXT, "Sample", "How many people answered; 'not stated' if unknown.",
              example=["not stated"], required=True, max_len=200,
              hint="how many people answered; write 'not stated' if unknown"),
        Field("note", Kind.TEXT, "Note", "Optional: anything a reader should know.", example=["..."], max_len=400),
    ),
)
