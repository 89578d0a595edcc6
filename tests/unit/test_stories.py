"""stories: the rules of the contract (storysite.contract, printed in CONTRIBUTING.md) for stories/*.yml, with exact messages.

Line numbers refer to STORY_YML (conftest): 1 identity, 2 name, 3 country, 4 role,
5 quote, 6 themes, 7 collected, 8 featured, 9 consent, 10 given, 11 expires, 12 scope,
13 reference, 14 withdrawn; PHOTO_YML adds 15 photo, 16 file, 17 alt, 18 credit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unit_fixtures import COUNTRIES_YML, PHOTO_YML, ROLES_YML, STORY_YML, Project, edit
from storysite.model import Photo
from storysite.stories import photo_path_problem

P = "stories/obadia-lowiya-steven.yml"
# Neutral file names, for stories that are not named (and so may not be filed under a name).
NEUTRAL, AFGHAN = "south-sudan-graduate-1", "afghanistan-graduate-1"
N, A = f"stories/{NEUTRAL}.yml", f"stories/{AFGHAN}.yml"
QUOTE_LINE = "quote: Since attending this training my behaviour has changed for the better."
PHOTO_HINT = "(put the photo in stories/photos/ and write photos/<name>.jpg)"
TEXT_HINT = "(type true or false, without quotes)"

# An anonymous story: no name line, so every line from 'country' on moves up by one
# (photo at 14, file 15, alt 16, credit 17).
ANONYMOUS_YML = edit(edit(STORY_YML, "identity: named", "identity: anonymous"), "name: Obadia Lowiya Steven", None)


def change(old: str, new: str | None, text: str = STORY_YML) -> str:
    return edit(text, old, new)


def with_photo(text: str = STORY_YML, **lines: str | None) -> str:
    """``text`` plus PHOTO_YML, with photo lines replaced: file='  file: x' etc."""
    photo = PHOTO_YML
    defaults = {
        "file": "  file: photos/obadia.jpg",
        "alt": "  alt: A man in a white shirt sits outside a classroom",
        "credit": "  credit: Charles Lomodong",
    }
    for key, new in lines.items():
        photo = edit(photo, defaults[key], new)
    return text + photo


# --- valid stories load -------------------------------------------------------------------------


def test_valid_story_loads_with_typed_values(tmp_project: Project) -> None:
    tmp_project.story()
    content = tmp_project.load()
    (story,) = content.stories
    assert story.slug == "obadia-lowiya-steven"
    assert story.source == P
    assert story.url == "stories/obadia-lowiya-steven/"
    assert (story.identity, story.name, story.role.id) == ("named", "Obadia Lowiya Steven", "graduate")
    assert (story.role.label, story.role.in_sentence, story.role_label) == ("Graduate", "graduate", "Graduate")
    assert story.country.code == "SS" and story.country.name == "South Sudan"
    assert story.quote == "Since attending this training my behaviour has changed for the better."
    assert [theme.id for theme in story.themes] == ["girls-education", "early-marriage"]
    assert story.collected == dt.date(2024, 3, 8)
    assert story.featured is True
    consent = story.consent
    assert (consent.given, consent.expires, consent.scope, consent.reference, consent.withdrawn) == (
        dt.date(2023, 5, 12), dt.date(2028, 5, 12), ("web", "social"), "CF-2023-0142", False
    )
    assert story.photo is None and story.original is None and story.paragraphs == ()


def test_valid_story_with_photo_loads(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo())
    (story,) = tmp_project.load().stories
    assert story.photo == Photo(
        "photos/obadia.jpg", "A man in a white shirt sits outside a classroom", "Charles Lomodong", False, None, 16
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("[0.5, 0.25]", None),
        ("[0.5]", "[0.5] is not two numbers from 0 to 1"),
        ("[0.5, 1.5]", "[0.5, 1.5] is not two numbers from 0 to 1"),
        ("[left, top]", "[left, top] is not two numbers from 0 to 1"),
    ],
)
def test_photo_focus_is_two_numbers_from_0_to_1(tmp_project: Project, typed: str, expected: str | None) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo() + f"  focus: {typed}\n")
    if expected is None:
        (story,) = tmp_project.load().stories
        assert story.photo is not None and story.photo.focus == (0.5, 0.25)
    else:
        assert tmp_project.errors() == [
            f"{P}:19: photo.focus: {expected} (write [x, y]: x from the left (0) to the right (1),"
            " y from the top (0) to the bottom (1))"
        ]


def test_anonymous_story_from_an_at_risk_country_loads_without_a_name(tmp_project: Project) -> None:
    tmp_project.story(change("country: South Sudan", "country: Afghanistan", ANONYMOUS_YML), slug=AFGHAN)
    (story,) = tmp_project.load().stories
    assert story.name is None
    assert story.speaker.heading == "Graduate, Afghanistan"


def test_pseudonym_is_allowed_for_an_at_risk_country(tmp_project: Project) -> None:
    text = change("identity: named", "identity: pseudonym", change("country: South Sudan", "country: Afghan"))
    tmp_project.story(text, slug=AFGHAN)
    (story,) = tmp_project.load().stories
    assert story.country.code == "AF" and story.identity == "pseudonym" and story.name == "Obadia Lowiya Steven"


@pytest.mark.parametrize("typed", ["DRC", "drc", "DR Congo", "dr congo", "Congo-Kinshasa", "CD"])
def test_country_name_alias_or_code_is_accepted_in_any_case(tmp_project: Project, typed: str) -> None:
    tmp_project.story(change("country: South Sudan", f"country: {typed}"))
    (story,) = tmp_project.load().stories
    assert story.country.code == "CD"
    assert story.country.name == "DR Congo"


def test_country_no_is_norway_when_norway_is_in_the_catalogue(tmp_project: Project) -> None:
    tmp_project.write("data/countries.yml", COUNTRIES_YML + "NO:\n  name: Norway\n  default_identity: named\n")
    tmp_project.story(change("country: South Sudan", "country: NO"))
    (story,) = tmp_project.load().stories
    assert story.country.code == "NO" and story.country.name == "Norway"


def test_optional_fields_load(tmp_project: Project) -> None:
    text = STORY_YML + (
        "original:\n"
        "  lang: fa-AF\n"
        "  text: \u0627\u0632 \u0648\u0642\u062a\u06cc\n"
        "  translator: A. Translator\n"
        "story: |\n"
        "  First paragraph,\n"
        "  still the first.\n"
        "\n"
        "  Second paragraph.\n"
    )
    tmp_project.story(change("featured: true", None, text))
    (story,) = tmp_project.load().stories
    assert story.original is not None
    assert (story.original.lang, story.original.text, story.original.translator) == (
        "fa-AF", "\u0627\u0632 \u0648\u0642\u062a\u06cc", "A. Translator"
    )
    assert story.paragraphs == ("First paragraph,\nstill the first.", "Second paragraph.")
    assert story.featured is False


def test_empty_theme_list_is_allowed_and_repeated_themes_count_once(tmp_project: Project) -> None:
    tmp_project.story(change("themes: [girls-education, early-marriage]", "themes: []"))
    tmp_project.story(
        change("themes: [girls-education, early-marriage]", "themes: [early-marriage, early-marriage]"), slug="second"
    )
    first, second = sorted(tmp_project.load().stories, key=lambda story: story.slug)
    assert first.themes == ()
    assert [theme.id for theme in second.themes] == ["early-marriage"]


@pytest.mark.parametrize(("quote", "length"), [("x" * 20, 20), ("x" * 600, 600), ("  " + "x" * 20 + "  ", 20)])
def test_quote_length_limits_are_inclusive(tmp_project: Project, quote: str, length: int) -> None:
    tmp_project.story(change(QUOTE_LINE, f'quote: "{quote}"'))
    (story,) = tmp_project.load().stories
    assert len(story.quote) == length


# --- Y11: unknown and misspelled fields ---------------------------------------------------------


def test_misspelled_quote_gets_did_you_mean(tmp_project: Project) -> None:
    tmp_project.story(change(QUOTE_LINE, "q" + "oute" + QUOTE_LINE[5:]))
    assert tmp_project.errors() == [
        f"{P}:1: quote: missing (the words in quotation marks, 20 to 600 characters)",
        f"{P}:5: qoute: unknown field (did you mean 'quote'?)",
    ]


def test_unknown_field_with_no_close_match_lists_the_fields(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML + "location: District 3, near the school\n")
    assert tmp_project.errors() == [
        f"{P}:15: location: unknown field (use one of: identity, name, country, role, quote, original, story,"
        " photo, themes, collected, published, updates, took_part, featured, minor, consent)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  reference: CF-2023-0142", "  refrence: CF-2023-0142", [
            f"{P}:9: consent.reference: missing (the id of the signed form kept offline, e.g. CF-2023-0142)",
            f"{P}:13: consent.refrence: unknown field (did you mean 'reference'?)",
        ]),
        ("  credit: Charles Lomodong", "  credits: Charles Lomodong", [
            f"{P}:15: photo.credit: missing (every photo needs a credit: the photographer's name)",
            f"{P}:18: photo.credits: unknown field (did you mean 'credit'?)",
        ]),
    ],
)
def test_misspelled_nested_field_gets_did_you_mean(tmp_project: Project, old: str, new: str, expected: list[str]) -> None:
    tmp_project.photo()
    tmp_project.story(edit(with_photo(), old, new))
    assert tmp_project.errors() == expected


# --- S1: consent record -------------------------------------------------------------------------


def test_missing_consent_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML.split("consent:")[0])
    assert tmp_project.errors() == [
        f"{P}:1: consent: missing (every story needs its consent record: given, expires, scope, reference)"
    ]


def test_empty_consent_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML.split("consent:")[0] + "consent:\n")
    assert tmp_project.errors() == [
        f"{P}:9: consent: is empty (every story needs its consent record: given, expires, scope, reference)"
    ]


@pytest.mark.parametrize("typed", ["yes", "true", "signed"])
def test_consent_as_a_word_is_an_error(tmp_project: Project, typed: str) -> None:
    tmp_project.story(STORY_YML.split("consent:")[0] + f"consent: {typed}\n")
    assert tmp_project.errors() == [
        f"{P}:9: consent: must be a group of fields, not text"
        " (every story needs its consent record: given, expires, scope, reference)"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  given: 2023-05-12", f"{P}:9: consent.given: missing (the day consent was given, as YYYY-MM-DD)"),
        ("  expires: 2028-05-12", f"{P}:9: consent.expires: missing"
         " (the day consent ends, as YYYY-MM-DD; the story goes offline that day)"),
        ("  scope: [web, social]", f"{P}:9: consent.scope: missing (where the story may appear, e.g. [web, social])"),
        ("  reference: CF-2023-0142", f"{P}:9: consent.reference: missing"
         " (the id of the signed form kept offline, e.g. CF-2023-0142)"),
    ],
)
def test_each_required_consent_field_is_required(tmp_project: Project, line: str, expected: str) -> None:
    tmp_project.story(change(line, None))
    assert tmp_project.errors() == [expected]


def test_consent_expiring_before_it_was_given_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("  expires: 2028-05-12", "  expires: 2023-05-01"))
    assert tmp_project.errors() == [
        f"{P}:11: consent.expires: 2023-05-01 is not after consent was given (2023-05-12) (check both dates)"
    ]


def test_consent_expiring_the_day_it_was_given_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("  expires: 2028-05-12", "  expires: 2023-05-12"))
    assert tmp_project.errors() == [
        f"{P}:11: consent.expires: 2023-05-12 is not after consent was given (2023-05-12) (check both dates)"
    ]


@pytest.mark.parametrize(
    ("scope", "line", "expected"),
    [
        ("[website]", 12, "'website' is not a consent scope (did you mean 'web'?)"),
        ("[web, sms]", 12, "'sms' is not a consent scope (use one of: web, social, print)"),
        ("[Web]", 12, "'Web' is not a consent scope (did you mean 'web'?)"),
    ],
)
def test_unknown_consent_scope_is_an_error(tmp_project: Project, scope: str, line: int, expected: str) -> None:
    tmp_project.story(change("  scope: [web, social]", f"  scope: {scope}"))
    assert tmp_project.errors() == [f"{P}:{line}: consent.scope: {expected}"]


def test_consent_scope_as_text_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("  scope: [web, social]", "  scope: web"))
    assert tmp_project.errors() == [
        f"{P}:12: consent.scope: must be a list, not text (where the story may appear, e.g. [web, social])"
    ]


def test_unknown_scope_and_misordered_dates_are_both_reported(tmp_project: Project) -> None:
    # One bad consent field must not hide another.
    text = change("  scope: [web, social]", "  scope: [website]", change("  expires: 2028-05-12", "  expires: 2020-01-01"))
    tmp_project.story(text)
    assert tmp_project.errors() == [
        f"{P}:11: consent.expires: 2020-01-01 is not after consent was given (2023-05-12) (check both dates)",
        f"{P}:12: consent.scope: 'website' is not a consent scope (did you mean 'web'?)",
    ]


@pytest.mark.parametrize("typed", ["yes", "no", "N", "on", "True", '"false"', "0"])
def test_withdrawn_accepts_only_true_or_false(tmp_project: Project, typed: str) -> None:
    tmp_project.story(change("  withdrawn: false", f"  withdrawn: {typed}"))
    shown = typed.strip('"')
    assert tmp_project.errors() == [f"{P}:14: consent.withdrawn: must be true or false, not '{shown}' {TEXT_HINT}"]


def test_reference_longer_than_60_characters_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("  reference: CF-2023-0142", "  reference: " + "C" * 61))
    assert tmp_project.errors() == [
        f"{P}:13: consent.reference: is 61 characters long; it must be 0 to 60"
        " (the id of the signed form kept offline, e.g. CF-2023-0142)"
    ]


# --- identity, name and safeguarding (S8, S9) ---------------------------------------------------


def test_anonymous_story_with_a_name_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("identity: named", "identity: anonymous"), slug=NEUTRAL)
    assert tmp_project.errors() == [
        f"{N}:2: name: must be absent when identity is anonymous"
        " (delete the name line: an anonymous story keeps no name in the file)"
    ]


def test_anonymous_story_with_a_blank_name_line_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("name: Obadia Lowiya Steven", "name:", change("identity: named", "identity: anonymous")), slug=NEUTRAL)
    assert tmp_project.errors() == [
        f"{N}:2: name: must be absent when identity is anonymous"
        " (delete the name line: an anonymous story keeps no name in the file)"
    ]


@pytest.mark.parametrize("identity", ["named", "first-name", "pseudonym"])
def test_name_is_required_unless_anonymous(tmp_project: Project, identity: str) -> None:
    tmp_project.story(change("identity: named", f"identity: {identity}", change("name: Obadia Lowiya Steven", None)), slug=NEUTRAL)
    assert tmp_project.errors() == [
        f"{N}:1: name: missing (the name to show; for identity: anonymous, delete the line)"
    ]


def test_name_longer_than_80_characters_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("name: Obadia Lowiya Steven", "name: " + "N" * 81))
    assert tmp_project.errors() == [
        f"{P}:2: name: is 81 characters long; it must be 0 to 80"
        " (the name to show; for identity: anonymous, delete the line)"
    ]


@pytest.mark.parametrize(
    ("identity", "country", "name"),
    [("named", "Afghanistan", "Afghanistan"), ("first-name", "Afghanistan", "Afghanistan"), ("named", "afghan", "Afghanistan")],
)
def test_at_risk_country_refuses_an_identifying_identity(tmp_project: Project, identity: str, country: str, name: str) -> None:
    text = change("country: South Sudan", f"country: {country}", change("name: Obadia Lowiya Steven", "name: Obadia"))
    tmp_project.story(change("identity: named", f"identity: {identity}", text), slug=AFGHAN)
    assert tmp_project.errors() == [
        f"{A}:1: identity: '{identity}' is not allowed for {name}: people there are at risk if named"
        " (use anonymous or pseudonym)"
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Anonymous", "'Anonymous' is not allowed (did you mean 'anonymous'?)"),
        ("real-name", "'real-name' is not allowed (did you mean 'first-name'?)"),
        ("secret", "'secret' is not allowed (use one of: named, first-name, pseudonym, anonymous)"),
    ],
)
def test_unknown_identity_is_an_error(tmp_project: Project, typed: str, expected: str) -> None:
    tmp_project.story(change("identity: named", f"identity: {typed}"))
    assert tmp_project.errors() == [f"{P}:1: identity: {expected}"]


def test_missing_identity_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("identity: named", None))
    assert tmp_project.errors() == [
        f"{P}:1: identity: missing (use one of: named, first-name, pseudonym, anonymous)"
    ]


def test_unknown_role_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("role: graduate", "role: graduated"))
    assert tmp_project.errors() == [f"{P}:4: role: 'graduated' is not in data/roles.yml (did you mean 'graduate'?)"]


# --- S11: a child's story (minor: true) -------------------------------------------------------------


def test_minor_named_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML + "  guardian: GF-2024-0007\nminor: true\n", slug=NEUTRAL)
    assert tmp_project.errors() == [
        f"{N}:1: identity: 'named' is not allowed for a child (minor: true)"
        " (use anonymous or pseudonym: a child is never named)"
    ]


def test_minor_without_guardian_consent_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(ANONYMOUS_YML + "minor: true\n", slug=NEUTRAL)
    assert tmp_project.errors() == [
        f"{N}:8: consent.guardian: missing: a child's story needs a parent's or guardian's consent"
        " (the reference of the guardian's signed form, e.g. GF-2024-0007)"
    ]


def test_minor_with_protected_identity_and_guardian_consent_loads(tmp_project: Project) -> None:
    tmp_project.story(ANONYMOUS_YML + "  guardian: GF-2024-0007\nminor: true\n", slug=NEUTRAL)
    (story,) = tmp_project.load().stories
    assert story.minor is True
    assert story.consent.guardian == "GF-2024-0007"


def test_minor_defaults_to_false(tmp_project: Project) -> None:
    tmp_project.story()
    (story,) = tmp_project.load().stories
    assert story.minor is False and story.consent.guardian is None


@pytest.mark.parametrize("typed", ["yes", "True", "'true'"])
def test_minor_accepts_only_true_or_false(tmp_project: Project, typed: str) -> None:
    tmp_project.story(ANONYMOUS_YML + f"minor: {typed}\n", slug=NEUTRAL)
    assert tmp_project.errors() == [
        f"{N}:14: minor: must be true or false, not '{typed.strip(chr(39))}' {TEXT_HINT}"
    ]


# --- quote -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("length", "line"), [(19, 5), (601, 5), (0, 5)])
def test_quote_outside_20_to_600_characters_is_an_error(tmp_project: Project, length: int, line: int) -> None:
    tmp_project.story(change(QUOTE_LINE, "quote: >-\n  " + "x" * length if length else 'quote: ""'))
    assert tmp_project.errors() == [
        f"{P}:{line}: quote: is {length} characters long; it must be 20 to 600"
        " (the words in quotation marks, 20 to 600 characters)"
    ]


def test_missing_quote_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change(QUOTE_LINE, None))
    assert tmp_project.errors() == [f"{P}:1: quote: missing (the words in quotation marks, 20 to 600 characters)"]


def test_quote_as_a_list_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change(QUOTE_LINE, "quote:\n  - first words of the quote here\n  - second"))
    assert tmp_project.errors() == [
        f"{P}:6: quote: must be text, not a list (the words in quotation marks, 20 to 600 characters)"
    ]


def test_markup_in_a_quote_is_kept_as_typed(tmp_project: Project) -> None:
    typed = "<script>alert(1)</script> [x](javascript:alert(1)) {: onclick=alert(1) }"
    tmp_project.story(change(QUOTE_LINE, f"quote: '{typed}'"))
    (story,) = tmp_project.load().stories
    assert story.quote == typed


# --- Y1: country -------------------------------------------------------------------------------


def test_country_no_stays_the_string_no_and_is_an_unknown_country(tmp_project: Project) -> None:
    tmp_project.story(change("country: South Sudan", "country: NO"))
    assert tmp_project.errors() == [
        f"{P}:3: country: 'NO' is not in data/countries.yml"
        " (use one of: Afghanistan, Afghan, DR Congo, DRC, Congo-Kinshasa, Nigeria, South Sudan)"
    ]


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("Nigria", "did you mean 'Nigeria'?"), ("South Sudam", "did you mean 'South Sudan'?"), ("Afganistan", "did you mean 'Afghanistan'?")],
)
def test_unknown_country_gets_did_you_mean(tmp_project: Project, typed: str, hint: str) -> None:
    tmp_project.story(change("country: South Sudan", f"country: {typed}"))
    assert tmp_project.errors() == [f"{P}:3: country: '{typed}' is not in data/countries.yml ({hint})"]


def test_missing_country_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("country: South Sudan", "country:"))
    # The example is the first country of data/countries.yml: no programme is named in the code.
    assert tmp_project.errors() == [f"{P}:3: country: is empty (a country from data/countries.yml, e.g. Afghanistan)"]


# --- themes ------------------------------------------------------------------------------------


def test_unknown_theme_gets_did_you_mean_at_its_line(tmp_project: Project) -> None:
    tmp_project.story(change("themes: [girls-education, early-marriage]", "themes:\n  - girls-education\n  - early-mariage"))
    assert tmp_project.errors() == [
        f"{P}:8: themes: 'early-mariage' is not in data/themes.yml (did you mean 'early-marriage'?)"
    ]


def test_unknown_theme_without_close_match_lists_the_themes(tmp_project: Project) -> None:
    tmp_project.story(change("themes: [girls-education, early-marriage]", "themes: [farming]"))
    assert tmp_project.errors() == [
        f"{P}:6: themes: 'farming' is not in data/themes.yml (use one of: early-marriage, girls-education, household-finances)"
    ]


def test_themes_as_text_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("themes: [girls-education, early-marriage]", "themes: early-marriage"))
    assert tmp_project.errors() == [
        f"{P}:6: themes: must be a list, not text (theme ids from data/themes.yml, e.g. [early-marriage])"
    ]


# --- Y2, Y8: booleans and dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("True", "True"), ("TRUE", "TRUE"),
     ('"true"', "true"), ("'false'", "false"), ("1", "1"), ("y", "y")],
)
def test_featured_accepts_only_bare_true_or_false(tmp_project: Project, typed: str, shown: str) -> None:
    tmp_project.story(change("featured: true", f"featured: {typed}"))
    assert tmp_project.errors() == [f"{P}:8: featured: must be true or false, not '{shown}' {TEXT_HINT}"]


@pytest.mark.parametrize(("typed", "expected"), [("true", True), ("false", False)])
def test_featured_true_and_false_load(tmp_project: Project, typed: str, expected: bool) -> None:
    tmp_project.story(change("featured: true", f"featured: {typed}"))
    (story,) = tmp_project.load().stories
    assert story.featured is expected


@pytest.mark.parametrize("typed", ["2024-13-45", "2023-02-29", "2024-04-31", "2024-00-10"])
def test_impossible_date_is_an_error(tmp_project: Project, typed: str) -> None:
    tmp_project.story(change("collected: 2024-03-08", f"collected: {typed}"))
    assert tmp_project.errors() == [
        f"{P}:7: collected: '{typed}' is not a real date (check the month (01-12) and the day)"
    ]


@pytest.mark.parametrize("typed", ["8 March 2024", "2024-3-8", "08/03/2024", "2024-03-08T10:00", "20240308"])
def test_date_not_written_yyyy_mm_dd_is_an_error(tmp_project: Project, typed: str) -> None:
    tmp_project.story(change("collected: 2024-03-08", f"collected: {typed}"))
    assert tmp_project.errors() == [
        f"{P}:7: collected: '{typed}' is not a date (write the date as YYYY-MM-DD, e.g. 2024-03-08)"
    ]


def test_impossible_consent_date_names_the_nested_field(tmp_project: Project) -> None:
    tmp_project.story(change("  given: 2023-05-12", "  given: 2023-13-45"))
    assert tmp_project.errors() == [
        f"{P}:10: consent.given: '2023-13-45' is not a real date (check the month (01-12) and the day)"
    ]


def test_missing_collected_date_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(change("collected: 2024-03-08", None))
    assert tmp_project.errors() == [
        f"{P}:1: collected: missing (the day the testimony was recorded, as YYYY-MM-DD)"
    ]


# --- original ------------------------------------------------------------------------------------


def test_original_with_a_bad_language_tag_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML + "original:\n  lang: Dari language\n  text: words as spoken\n")
    assert tmp_project.errors() == [
        f"{P}:16: original.lang: 'Dari language' is not a language tag (e.g. pt-BR for Brazilian Portuguese, sw for Swahili)"
    ]


def test_original_without_text_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML + "original:\n  lang: fa-AF\n")
    assert tmp_project.errors() == [f"{P}:15: original.text: missing (the words as spoken)"]


# --- H11: photo paths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown", "problem"),
    [
        ("../../etc/passwd", "../../etc/passwd", "is not a file directly inside stories/photos/"),
        ("/etc/passwd", "/etc/passwd", "is not a plain path inside stories/photos/"),
        ("/work/main/stories/photos/obadia.jpg", "/work/main/stories/photos/obadia.jpg",
         "is not a plain path inside stories/photos/"),
        ("C:\\x.jpg", "C:\\x.jpg", "is not a plain path inside stories/photos/"),
        ("'photos\\obadia.jpg'", "photos\\obadia.jpg", "is not a plain path inside stories/photos/"),
        ("photos/../x.jpg", "photos/../x.jpg", "is not a file directly inside stories/photos/"),
        ("photos/../../x.jpg", "photos/../../x.jpg", "is not a file directly inside stories/photos/"),
        ('"%2e%2e/x.jpg"', "%2e%2e/x.jpg", "is not a plain path inside stories/photos/"),
        ('"photos/%2e%2e%2fx.jpg"', "photos/%2e%2e%2fx.jpg", "is not a plain path inside stories/photos/"),
        ("photos/sub/obadia.jpg", "photos/sub/obadia.jpg", "is not a file directly inside stories/photos/"),
        ("obadia.jpg", "obadia.jpg", "is not a file directly inside stories/photos/"),
        ("photos/.obadia.jpg", "photos/.obadia.jpg", "is not a file directly inside stories/photos/"),
        ("photos/missing.jpg", "photos/missing.jpg", "does not exist"),
        ("photos/obadia.gif", "photos/obadia.gif", "is not a .jpg, .png or .webp file"),
        ("photos/obadia.svg", "photos/obadia.svg", "is not a .jpg, .png or .webp file"),
        ("photos/obadia", "photos/obadia", "is not a .jpg, .png or .webp file"),
        ("photos/obadia.jpg.exe", "photos/obadia.jpg.exe", "is not a .jpg, .png or .webp file"),
    ],
)
def test_unsafe_photo_path_is_an_error(tmp_project: Project, typed: str, shown: str, problem: str) -> None:
    tmp_project.photo()
    tmp_project.photo("obadia.gif")
    tmp_project.photo("obadia.svg")
    tmp_project.story(with_photo(file=f"  file: {typed}"))
    assert tmp_project.errors() == [f"{P}:16: photo.file: '{shown}' {problem} {PHOTO_HINT}"]


def test_photo_that_is_a_symbolic_link_is_an_error(tmp_project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"\xff\xd8\xff")
    (tmp_project.root / "stories" / "photos" / "link.jpg").symlink_to(secret)
    tmp_project.story(with_photo(file="  file: photos/link.jpg"))
    assert tmp_project.errors() == [f"{P}:16: photo.file: 'photos/link.jpg' is a symbolic link {PHOTO_HINT}"]


def test_dangling_photo_symlink_is_an_error(tmp_project: Project) -> None:
    (tmp_project.root / "stories" / "photos" / "link.jpg").symlink_to("/nonexistent/x.jpg")
    tmp_project.story(with_photo(file="  file: photos/link.jpg"))
    assert tmp_project.errors() == [f"{P}:16: photo.file: 'photos/link.jpg' is a symbolic link {PHOTO_HINT}"]


def test_photo_through_a_symlinked_photos_folder_is_an_error(tmp_project: Project, tmp_path: Path) -> None:
    # A committed symbolic link stories/photos -> /anywhere must not make every file there
    # a valid photo.
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"\xff\xd8\xff")
    photos = tmp_project.root / "stories" / "photos"
    photos.rmdir()
    photos.symlink_to(outside)
    tmp_project.story(with_photo(file="  file: photos/secret.jpg"))
    errors = tmp_project.errors()
    assert len(errors) == 1
    assert errors[0].startswith(f"{P}:16: photo.file: 'photos/secret.jpg' ")


def test_photo_path_that_is_a_folder_is_not_a_plain_file(tmp_project: Project) -> None:
    (tmp_project.root / "stories" / "photos" / "folder.jpg").mkdir()
    tmp_project.story(with_photo(file="  file: photos/folder.jpg"))
    assert tmp_project.errors() == [
        f"{P}:16: photo.file: 'photos/folder.jpg' is not a plain file (a folder, a named pipe or a device) {PHOTO_HINT}"
    ]


@pytest.mark.parametrize("name", ["a.jpg", "a.JPG", "a.jpeg", "a.png", "a.webp", "a-b_c.1.jpg"])
def test_photo_path_problem_accepts_plain_names_of_existing_files(tmp_path: Path, name: str) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / name).write_bytes(b"x")
    assert photo_path_problem(f"photos/{name}", tmp_path) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("../../etc/passwd", "'../../etc/passwd' is not a file directly inside stories/photos/"),
        ("/etc/passwd", "'/etc/passwd' is not a plain path inside stories/photos/"),
        ("C:\\x.jpg", "'C:\\x.jpg' is not a plain path inside stories/photos/"),
        ("C:x.jpg", "'C:x.jpg' is not a plain path inside stories/photos/"),
        ("photos/../x.jpg", "'photos/../x.jpg' is not a file directly inside stories/photos/"),
        ("%2e%2e/x.jpg", "'%2e%2e/x.jpg' is not a plain path inside stories/photos/"),
        ("photos/a\0.jpg", "'photos/a\0.jpg' is not a plain path inside stories/photos/"),
        ("photos/..", "'photos/..' is not a file directly inside stories/photos/"),
        ("photos/x.txt", "'photos/x.txt' is not a .jpg, .png or .webp file"),
        ("photos/absent.jpg", "'photos/absent.jpg' does not exist"),
    ],
)
def test_photo_path_problem_refuses_unsafe_paths(tmp_path: Path, typed: str, expected: str) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "x.txt").write_bytes(b"x")
    (tmp_path / "x.jpg").write_bytes(b"x")
    assert photo_path_problem(typed, tmp_path) == expected


# --- P12: photo alt, credit ------------------------------------------------------------------------


def test_photo_without_alt_is_an_error(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo(alt=None))
    assert tmp_project.errors() == [
        f"{P}:15: photo.alt: missing (describe what the photo shows, for people who cannot see it)"
    ]


def test_photo_with_empty_alt_is_an_error(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo(alt="  alt:"))
    assert tmp_project.errors() == [
        f"{P}:17: photo.alt: is empty (describe what the photo shows, for people who cannot see it)"
    ]


def test_photo_without_credit_is_an_error(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo(credit=None))
    assert tmp_project.errors() == [
        f"{P}:15: photo.credit: missing (every photo needs a credit: the photographer's name)"
    ]


def test_photo_without_file_is_an_error(tmp_project: Project) -> None:
    tmp_project.story(with_photo(file=None))
    assert tmp_project.errors() == [
        f"{P}:15: photo.file: missing (a file in stories/photos/, e.g. photos/monday.jpg)"
    ]


@pytest.mark.parametrize("alt", ["obadia.jpg", "photos/obadia.jpg", "OBADIA.JPG"])
def test_alt_equal_to_the_file_name_is_an_error(tmp_project: Project, alt: str) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo(alt=f"  alt: {alt}"))
    assert tmp_project.errors() == [f"{P}:17: photo.alt: repeats the file name (describe what the photo shows)"]


def test_photo_as_text_is_an_error(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(STORY_YML + "photo: photos/obadia.jpg\n")
    assert tmp_project.errors() == [f"{P}:15: photo: must be a group of fields, not text"]


# --- anonymous and pseudonym photos -----------------------------------------------------------------


def test_anonymous_story_with_a_photo_of_the_speaker_is_an_error(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo(ANONYMOUS_YML), slug=NEUTRAL)
    assert tmp_project.errors() == [
        f"{N}:14: photo.representative: a photo of the speaker would identify a person whose identity is anonymous"
        " (remove the photo, or use a photo of someone else and set representative: true)"
    ]


def test_pseudonym_story_with_representative_false_is_an_error(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo(change("identity: named", "identity: pseudonym")) + "  representative: false\n", slug=NEUTRAL)
    assert tmp_project.errors() == [
        f"{N}:15: photo.representative: a photo of the speaker would identify a person whose identity is pseudonym"
        " (remove the photo, or use a photo of someone else and set representative: true)"
    ]


@pytest.mark.parametrize("identity", ["anonymous", "pseudonym"])
def test_representative_photo_is_allowed_for_protected_identities(tmp_project: Project, identity: str) -> None:
    tmp_project.photo()
    base = ANONYMOUS_YML if identity == "anonymous" else change("identity: named", "identity: pseudonym")
    tmp_project.story(with_photo(base) + "  representative: true\n", slug=NEUTRAL)
    (story,) = tmp_project.load().stories
    assert story.photo is not None and story.photo.representative is True


def test_representative_yes_is_an_error(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo(ANONYMOUS_YML) + "  representative: yes\n", slug=NEUTRAL)
    assert tmp_project.errors() == [
        f"{N}:18: photo.representative: must be true or false, not 'yes' {TEXT_HINT}"
    ]


# --- file names: the page's address never identifies (issue 11) ----------------------------------------

AFGHAN_YML = change("country: South Sudan", "country: Afghanistan", ANONYMOUS_YML)
NEUTRAL_HINT = "<country>-<role>-<number>, with no name, place or date"
FIRST_NAME_YML = change("identity: named", "identity: first-name", change("name: Obadia Lowiya Steven", "name: Monday"))


def test_an_anonymous_afghan_story_under_a_name_is_refused_with_a_neutral_name_to_use(tmp_project: Project) -> None:
    tmp_project.story(AFGHAN_YML, slug="amina-kabul")
    assert tmp_project.errors() == [
        "stories/amina-kabul.yml:1: file: name is not neutral, and it is the page's address: people in Afghanistan"
        f" are at risk if named (rename it to afghanistan-graduate-1.yml: {NEUTRAL_HINT})"
    ]


@pytest.mark.parametrize(
    ("identity_lines", "extra", "why"),
    [
        ((("identity: named", "identity: anonymous"), ("name: Obadia Lowiya Steven", None)), "", "the story is anonymous"),
        ((("identity: named", "identity: pseudonym"),), "", "the story uses a pseudonym"),
        ((("identity: named", "identity: pseudonym"),), "  guardian: GF-2024-0007\nminor: true\n", "this is a child's story"),
    ],
    ids=["anonymous", "pseudonym", "child"],
)
def test_every_protected_story_needs_a_neutral_name(
    tmp_project: Project, identity_lines: tuple[tuple[str, str | None], ...], extra: str, why: str
) -> None:
    text = STORY_YML
    for old, new in identity_lines:
        text = change(old, new, text)
    tmp_project.story(text + extra)  # filed as obadia-lowiya-steven.yml
    assert tmp_project.errors() == [
        f"{P}:1: file: name is not neutral, and it is the page's address: {why}"
        f" (rename it to south-sudan-graduate-1.yml: {NEUTRAL_HINT})"
    ]


@pytest.mark.parametrize(
    "slug",
    ["afghanistan-graduate-1", "afghanistan-partner-12", "afghanistan-community-leader-999", "afghanistan-3",
     "afghanistan-graduate", "afghanistan"],
)
def test_neutral_names_are_accepted_for_a_protected_story(tmp_project: Project, slug: str) -> None:
    tmp_project.story(AFGHAN_YML, slug=slug)
    (story,) = tmp_project.load().stories
    assert story.slug == slug and story.protected


@pytest.mark.parametrize(
    "slug",
    [
        "amina", "kabul-graduate-1", "afghanistan-graduate-0", "afghanistan-graduate-01",
        "afghanistan-graduate-1000", "afghanistan-graduate-2024-03", "afghanistan-20240120", "afghanistan-graduate-1-amina",
        "amina-afghanistan-graduate-1", "nigeria-graduate-1", "afghanistan-kabul-1", "afghanistan-graduated-1",
    ],
)
def test_anything_but_a_neutral_name_is_refused_for_a_protected_story(tmp_project: Project, slug: str) -> None:
    tmp_project.story(AFGHAN_YML, slug=slug)
    (error,) = tmp_project.errors()
    assert error.startswith(f"stories/{slug}.yml:1: file: name is not neutral")


def test_the_neutral_name_proposed_is_the_first_free_one(tmp_project: Project) -> None:
    tmp_project.story(AFGHAN_YML, slug="afghanistan-graduate-1")
    tmp_project.story(AFGHAN_YML, slug="afghanistan-graduate-3")
    tmp_project.story(change("role: graduate", "role: partner", AFGHAN_YML), slug="amina-kabul")
    tmp_project.story(AFGHAN_YML, slug="zarghuna")
    assert tmp_project.errors() == [
        f"stories/amina-kabul.yml:1: file: name is not neutral, and it is the page's address: people in Afghanistan"
        f" are at risk if named (rename it to afghanistan-partner-1.yml: {NEUTRAL_HINT})",
        f"stories/zarghuna.yml:1: file: name is not neutral, and it is the page's address: people in Afghanistan"
        f" are at risk if named (rename it to afghanistan-graduate-2.yml: {NEUTRAL_HINT})",
    ]


def test_role_ids_come_from_data_roles(tmp_project: Project) -> None:
    tmp_project.story(AFGHAN_YML, slug="afghanistan-mentor-1")
    assert tmp_project.errors()  # "mentor" is no role of data/roles.yml yet
    tmp_project.write("data/roles.yml", ROLES_YML + "mentor:\n  label: Mentor\n")
    assert tmp_project.errors() == []
    tmp_project.story(change("role: graduate", "role: mentor", AFGHAN_YML), slug="afghanistan-mentor-2")
    assert [story.role.label for story in tmp_project.load().stories] == ["Graduate", "Mentor"]


def test_an_unknown_role_lists_the_roles_of_data(tmp_project: Project) -> None:
    tmp_project.write("data/roles.yml", "volunteer:\n  label: Volunteer\ncaseworker:\n  label: Caseworker\n")
    tmp_project.story(change("role: graduate", "role: farmer"))
    assert tmp_project.errors() == [f"{P}:4: role: 'farmer' is not in data/roles.yml (use one of: volunteer, caseworker)"]


def test_a_missing_role_names_the_roles_of_data(tmp_project: Project) -> None:
    tmp_project.story(change("role: graduate", "role:"))
    assert tmp_project.errors() == [
        f"{P}:4: role: is empty (a role id from data/roles.yml: graduate, partner, facilitator, community-leader)"
    ]


def test_an_unknown_identity_in_an_at_risk_country_still_needs_a_neutral_name(tmp_project: Project) -> None:
    tmp_project.story(change("identity: anonymous", "identity: anonymus", AFGHAN_YML), slug="amina-kabul")
    errors = tmp_project.errors()
    assert errors[0].startswith("stories/amina-kabul.yml:1: file: name is not neutral")
    assert errors[1].startswith("stories/amina-kabul.yml:1: identity: 'anonymus' is not allowed")


def test_an_invalid_or_reserved_name_of_a_protected_story_suggests_a_neutral_one(tmp_project: Project) -> None:
    tmp_project.story(AFGHAN_YML, slug="Amina Kabul")
    tmp_project.story(AFGHAN_YML, slug="index")
    tmp_project.story(AFGHAN_YML, slug="page")
    assert tmp_project.errors() == [
        "stories/Amina Kabul.yml:1: file: name is not a valid address"
        " (use lowercase letters, digits and hyphens, e.g. afghanistan-graduate-1.yml)",
        "stories/index.yml:1: file: name 'index' is the address of the stories page (rename it to afghanistan-graduate-1.yml)",
        "stories/page.yml:1: file: name 'page' is the address of the further pages of the stories page"
        " (rename it to afghanistan-graduate-1.yml)",
    ]


@pytest.mark.parametrize("slug", ["monday", "monday-2", "monday-999", "nigeria-graduate-4", "nigeria-1"])
def test_a_first_name_story_is_filed_under_the_first_name_or_a_neutral_name(tmp_project: Project, slug: str) -> None:
    tmp_project.story(change("country: South Sudan", "country: Nigeria", FIRST_NAME_YML), slug=slug)
    (story,) = tmp_project.load().stories
    assert story.slug == slug


@pytest.mark.parametrize("slug", ["monday-okafor", "okafor-monday", "monday-lagos", "monday-2024", "monday-0", "mon"])
def test_a_first_name_storys_file_name_may_not_add_a_surname_or_a_place(tmp_project: Project, slug: str) -> None:
    tmp_project.story(change("country: South Sudan", "country: Nigeria", FIRST_NAME_YML), slug=slug)
    assert tmp_project.errors() == [
        f"stories/{slug}.yml:1: file: name holds more than the first name 'Monday', and it is the page's address"
        " (rename it to monday.yml: the first name, optionally followed by -<number>)"
    ]


def test_a_first_name_without_an_address_word_needs_a_neutral_name(tmp_project: Project) -> None:
    text = change("country: South Sudan", "country: Nigeria", change("name: Monday", "name: محمد", FIRST_NAME_YML))
    tmp_project.story(text, slug="mohammed")
    assert tmp_project.errors() == [
        "stories/mohammed.yml:1: file: name is not neutral, and it is the page's address"
        f" (rename it to nigeria-graduate-1.yml: {NEUTRAL_HINT})"
    ]


def test_a_named_story_may_have_any_valid_address(tmp_project: Project) -> None:
    tmp_project.story(slug="obadia")
    tmp_project.story(slug="south-sudan-graduate-2")
    assert [story.slug for story in tmp_project.load().stories] == ["obadia", "south-sudan-graduate-2"]


def test_file_name_error_and_proposed_file_name_agree() -> None:
    from storysite.model import Country
    from storysite.stories import file_name_error, proposed_file_name

    afghanistan = Country("AF", "Afghanistan", "afghanistan", (), True, "anonymous", "")
    facts = dict(identity="pseudonym", name="Amina", country=afghanistan, minor=False, roles=("graduate", "partner"))
    taken = {"afghanistan-graduate-1", "afghanistan-2"}.__contains__
    assert proposed_file_name(role="graduate", taken=taken, **facts) == "afghanistan-graduate-2"
    assert proposed_file_name(role=None, taken=taken, **facts) == "afghanistan-1"  # role unknown: country only
    assert proposed_file_name(role="mentor", taken=taken, **facts) == "afghanistan-1"  # not a role of data/
    assert file_name_error("afghanistan-mentor-1", role="mentor", taken=taken, **facts) is not None
    assert proposed_file_name(role="graduate", taken=lambda _: True, **facts) is None  # all 999 taken
    for role in ("graduate", None):
        proposal = proposed_file_name(role=role, taken=taken, **facts)
        assert proposal and file_name_error(proposal, role=role, taken=taken, **facts) is None


# --- published: the feed's date, never a date about the person --------------------------------------


def test_published_is_an_optional_strict_date(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML + "published: 2024-04-02\n")
    tmp_project.story(slug="undated")
    dated, undated = sorted(tmp_project.load().stories, key=lambda story: story.slug)
    assert (dated.published, undated.published) == (dt.date(2024, 4, 2), None)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2024-4-2", "'2024-4-2' is not a date (write the date as YYYY-MM-DD, e.g. 2024-03-08)"),
        ("2024-02-30", "'2024-02-30' is not a real date (check the month (01-12) and the day)"),
        ("[2024-04-02]", "must be text, not a list (the day the story first went on the site, as YYYY-MM-DD)"),
    ],
)
def test_published_that_is_not_a_date_is_an_error_at_its_line(tmp_project: Project, typed: str, expected: str) -> None:
    tmp_project.story(STORY_YML + f"published: {typed}\n")
    assert tmp_project.errors() == [f"{P}:15: published: {expected}"]


# --- helpers of a protected story: kept in the file, not named on the site ---------------------------

TRANSLATED = "original:\n  lang: fa-AF\n  text: از وقتی\n  translator: Aisha Bello\n"


def test_a_named_storys_translator_and_photographer_are_credited(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo(STORY_YML + TRANSLATED))
    (story,) = tmp_project.load().stories
    assert not story.protected
    assert (story.speaker.translator_line, story.speaker.credit_line) == ("Translated by Aisha Bello.", "Photo: Charles Lomodong")


@pytest.mark.parametrize(
    ("changes", "extra", "slug"),
    [
        ((("identity: named", "identity: anonymous"), ("name: Obadia Lowiya Steven", None)), "", NEUTRAL),
        ((("identity: named", "identity: pseudonym"),), "", NEUTRAL),
        ((("identity: named", "identity: pseudonym"), ("country: South Sudan", "country: Afghanistan")), "", AFGHAN),
        ((("identity: named", "identity: pseudonym"),), "minor: true\n", NEUTRAL),
    ],
    ids=["anonymous", "pseudonym", "at-risk", "child"],
)
def test_a_protected_storys_helpers_stay_in_the_file_and_the_site_says_for_the_programme(
    tmp_project: Project, changes: tuple[tuple[str, str | None], ...], extra: str, slug: str
) -> None:
    text = STORY_YML
    for old, new in changes:
        text = change(old, new, text)
    text = change("  withdrawn: false", "  guardian: GF-2024-0007\n  withdrawn: false", text) if extra else text
    tmp_project.photo()
    tmp_project.story(with_photo(text + extra + TRANSLATED) + "  representative: true\n", slug=slug)
    (story,) = tmp_project.load().stories
    assert story.protected
    assert story.original is not None and story.original.translator == "Aisha Bello"
    assert story.photo is not None and story.photo.credit == "Charles Lomodong"
    assert story.speaker.translator_line == "Translated for the programme."
    assert story.speaker.credit_line == "Representative photo taken for the programme"


def test_without_a_translator_or_a_photo_there_is_no_line(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML + "original:\n  lang: ha\n  text: Lokacin da mijina ya samu kudi.\n")
    (story,) = tmp_project.load().stories
    assert (story.speaker.translator_line, story.speaker.credit_line) == (None, None)


# --- several errors in one file ------------------------------------------------------------------------


def test_every_error_of_a_file_is_reported_together(tmp_project: Project) -> None:
    text = STORY_YML
    text = change(QUOTE_LINE, "qoute" + QUOTE_LINE[5:], text)
    text = change("country: South Sudan", "country: Nigria", text)
    text = change("featured: true", "featured: yes", text)
    text = change("  reference: CF-2023-0142", None, text)
    tmp_project.story(text)
    assert tmp_project.errors() == [
        f"{P}:1: quote: missing (the words in quotation marks, 20 to 600 characters)",
        f"{P}:3: country: 'Nigria' is not in data/countries.yml (did you mean 'Nigeria'?)",
        f"{P}:5: qoute: unknown field (did you mean 'quote'?)",
        f"{P}:8: featured: must be true or false, not 'yes' {TEXT_HINT}",
        f"{P}:9: consent.reference: missing (the id of the signed form kept offline, e.g. CF-2023-0142)",
    ]


def test_a_story_with_any_error_is_not_loaded(tmp_project: Project) -> None:
    from storysite.catalogue import load_catalogue
    from storysite.stories import load_stories

    tmp_project.story(change("country: South Sudan", "country: Nigria"))
    tmp_project.story(slug="good")
    errors: list = []
    catalogue = load_catalogue(tmp_project.root, errors)
    assert errors == []
    stories = load_stories(tmp_project.root, catalogue, errors)
    assert [story.slug for story in stories] == ["good"]
    assert [str(error) for error in errors] == [
        f"{P}:3: country: 'Nigria' is not in data/countries.yml (did you mean 'Nigeria'?)"
    ]


@pytest.mark.parametrize("escape", ["\\0", "\\e", "\\a", "\\x7f"])
def test_control_characters_typed_as_escapes_are_refused(tmp_project: Project, escape: str) -> None:
    tmp_project.story(change("name: Obadia Lowiya Steven", f'name: "Obadia{escape}"'))
    code = {"\\0": 0, "\\e": 0x1B, "\\a": 7, "\\x7f": 0x7F}[escape]
    assert tmp_project.errors() == [
        f"{P}:2: name: contains an invisible control character (U+{code:04X})"
        " (retype the text without it; escapes such as \\0 or \\e are not allowed)"
    ]


def test_nul_in_a_photo_path_is_refused(tmp_project: Project) -> None:
    tmp_project.photo()
    tmp_project.story(with_photo(file='  file: "photos/obadia.jpg\\0.png"'))
    assert tmp_project.errors() == [
        f"{P}:16: photo.file: contains an invisible control character (U+0000)"
        " (retype the text without it; escapes such as \\0 or \\e are not allowed)"
    ]
    assert photo_path_problem("photos/obadia.jpg\0.png", tmp_project.root / "stories") == (
        "'photos/obadia.jpg\0.png' is not a plain path inside stories/photos/"
    )


def test_a_first_name_story_refuses_a_full_name(tmp_project: Project) -> None:
    tmp_project.story(change("identity: named", "identity: first-name"))
    assert tmp_project.errors() == [
        f"{P}:2: name: 'Obadia Lowiya Steven' is more than a first name, and identity is first-name"
        " (write only 'Obadia', or set identity: named if the person agreed to their full name)"
    ]


def test_a_story_cannot_be_called_index(tmp_project: Project) -> None:
    tmp_project.write("stories/index.yml", STORY_YML)
    assert "stories/index.yml:1: file: name 'index' is the address of the stories page" in "\n".join(tmp_project.errors())


def test_an_overlong_photo_file_name_is_an_error_not_a_crash(tmp_project: Project) -> None:
    long_name = "a" * 300 + ".jpg"
    tmp_project.story(with_photo(file=f"  file: photos/{long_name}"))
    (error,) = tmp_project.errors()
    assert error.startswith(f"{P}:16: photo.file: 'photos/aaaa") and "has a file name over 120 characters" in error


# --- invisible and direction-changing characters (issue 11) --------------------------------------

INVISIBLE_HINT = "(retype the text without it; it can make text look different from what it is)"


@pytest.mark.parametrize(
    ("typed", "described"),
    [
        ("Obadia \u202eLowiya", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("Obadia\u200bLowiya", "U+200B (ZERO WIDTH SPACE)"),
        ("Obadia\u2800Lowiya", "U+2800 (BRAILLE PATTERN BLANK)"),
        ("Obadia\u3164Lowiya", "U+3164 (HANGUL FILLER)"),
        ("Obadia\u2066Lowiya\u2069", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ],
)
def test_invisible_characters_in_a_name_are_refused_at_its_line(tmp_project: Project, typed: str, described: str) -> None:
    tmp_project.story(change("name: Obadia Lowiya Steven", f"name: {typed}"))
    assert tmp_project.errors() == [f"{P}:2: name: contains an invisible character, {described} {INVISIBLE_HINT}"]


def test_a_blank_braille_pattern_does_not_pass_as_one_first_name(tmp_project: Project) -> None:
    # "Obadia⠀Lowiya" looks like a first and a last name, yet split() sees one word.
    text = change("identity: named", "identity: first-name")
    tmp_project.story(change("name: Obadia Lowiya Steven", "name: Obadia\u2800Lowiya", text))
    assert tmp_project.errors() == [
        f"{P}:2: name: contains an invisible character, U+2800 (BRAILLE PATTERN BLANK) {INVISIBLE_HINT}"
    ]


def test_a_direction_override_typed_as_a_yaml_escape_is_refused(tmp_project: Project) -> None:
    tmp_project.story(change(QUOTE_LINE, 'quote: "Since attending this training \\u202Eretteb eht rof degnahc"'))
    assert tmp_project.errors() == [
        f"{P}:5: quote: contains an invisible character, U+202E (RIGHT-TO-LEFT OVERRIDE) {INVISIBLE_HINT}"
    ]


def test_invisible_characters_in_nested_fields_and_lists_are_refused(tmp_project: Project) -> None:
    text = change("  reference: CF-2023-0142", "  reference: CF-2023-\u200b0142")
    text = change("themes: [girls-education, early-marriage]", "themes: [girls-education, early-marriage\u2060]", text)
    tmp_project.story(text)
    assert tmp_project.errors() == [
        f"{P}:6: themes: contains an invisible character, U+2060 (WORD JOINER) {INVISIBLE_HINT}",
        f"{P}:13: consent.reference: contains an invisible character, U+200B (ZERO WIDTH SPACE) {INVISIBLE_HINT}",
    ]


def test_an_invisible_character_in_a_choice_or_date_is_refused(tmp_project: Project) -> None:
    text = change("role: graduate", "role: graduate\u00ad")
    text = change("collected: 2024-03-08", "collected: 2024-03-08\ufeff", text)
    text = change("featured: true", "featured: true\u200b", text)
    tmp_project.story(text)
    assert tmp_project.errors() == [
        f"{P}:4: role: contains an invisible character, U+00AD (SOFT HYPHEN) {INVISIBLE_HINT}",
        f"{P}:7: collected: contains an invisible character, U+FEFF (ZERO WIDTH NO-BREAK SPACE) {INVISIBLE_HINT}",
        f"{P}:8: featured: contains an invisible character, U+200B (ZERO WIDTH SPACE) {INVISIBLE_HINT}",
    ]


def test_a_field_name_with_an_invisible_character_is_not_a_known_field(tmp_project: Project) -> None:
    tmp_project.story(change(QUOTE_LINE, QUOTE_LINE.replace("quote:", "quote\u200b:")))
    assert tmp_project.errors() == [
        f"{P}:1: quote: missing (the words in quotation marks, 20 to 600 characters)",
        f"{P}:5: quote<U+200B>: contains an invisible character, U+200B (ZERO WIDTH SPACE)"
        " (retype the field name without it)",
    ]


def test_a_dari_original_keeps_its_zero_width_non_joiners(tmp_project: Project) -> None:
    words = "من می\u200cخواهم که دخترانم به مکتب بروند."
    tmp_project.story(STORY_YML + f"original:\n  lang: fa-AF\n  text: {words}\n")
    (story,) = tmp_project.load().stories
    assert story.original is not None and story.original.text == words


def test_a_non_joiner_between_latin_letters_is_refused(tmp_project: Project) -> None:
    tmp_project.story(STORY_YML + "original:\n  lang: fr\n  text: mes fil\u200cles vont à l'école\n")
    assert tmp_project.errors() == [
        f"{P}:17: original.text: contains an invisible character, U+200C (ZERO WIDTH NON-JOINER) {INVISIBLE_HINT}"
    ]


def test_story_text_is_kept_in_nfc(tmp_project: Project) -> None:
    tmp_project.story(change("name: Obadia Lowiya Steven", "name: Obadia Lowiya Ste\u0301ven"))
    (story,) = tmp_project.load().stories
    assert story.name == "Obadia Lowiya St\u00e9ven"


# --- the stories folder itself (B8, H10) -------------------------------------------------------------


def test_a_linked_stories_folder_is_one_error_and_no_story(tmp_path: Path) -> None:
    from storysite.model import make_catalogue
    from storysite.stories import load_stories

    real = tmp_path / "elsewhere"
    real.mkdir()
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "stories").symlink_to(real)
    errors: list = []
    assert load_stories(tmp_path / "project", make_catalogue((), ()), errors) == []
    assert [str(error) for error in errors] == [
        "stories/:1: file: is a symbolic link (make stories/ a real folder of the repository: linked folders are not read)"
    ]


def test_an_unreadable_stories_folder_is_an_error_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storysite.model import make_catalogue
    from storysite.stories import load_stories

    (tmp_path / "stories").mkdir()

    def refuse(self: Path):  # tests run as root, who may read anything: pretend otherwise
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    errors: list = []
    assert load_stories(tmp_path, make_catalogue((), ()), errors) == []
    assert [str(error) for error in errors] == ["stories/:1: file: cannot be read (Permission denied) (check the folder's permissions)"]


def test_a_photo_that_is_a_folder_or_a_fifo_is_named_as_such(tmp_path: Path) -> None:
    import os

    photos = tmp_path / "stories" / "photos"
    photos.mkdir(parents=True)
    (photos / "folder.jpg").mkdir()
    os.mkfifo(photos / "pipe.jpg")
    for name in ("folder.jpg", "pipe.jpg"):
        assert photo_path_problem(f"photos/{name}", tmp_path / "stories") == (
            f"'photos/{name}' is not a plain file (a folder, a named pipe or a device)"
        )
    assert photo_path_problem("photos/none.jpg", tmp_path / "stories") == "'photos/none.jpg' does not exist"
