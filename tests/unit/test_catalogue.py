"""catalogue: data/countries.yml, data/themes.yml and data/roles.yml, with exact messages;
slugify, the page addresses made of names.

COUNTRIES_YML lines: AF 1-5, CD 6-10, NG 11-15, SS 16-20 (code, name, aliases, at_risk,
default_identity). THEMES_YML lines: early-marriage 1-3, girls-education 4-6,
household-finances 7-9 (id, label, description). ROLES_YML lines: graduate 1-2, partner
3-4, facilitator 5-6, community-leader 7-8 (id, label).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from unit_fixtures import COUNTRIES_YML, ROLES_YML, THEMES_YML, Project, edit
from storysite.catalogue import load_catalogue, slugify
from storysite.errors import ContentError

C = "data/countries.yml"
T = "data/themes.yml"
R = "data/roles.yml"


def catalogue_errors(tmp_project: Project) -> list[str]:
    errors: list[ContentError] = []
    load_catalogue(tmp_project.root, errors)
    return [str(error) for error in errors]


def with_countries(tmp_project: Project, text: str) -> Project:
    tmp_project.write(C, text)
    return tmp_project


# --- a valid catalogue ------------------------------------------------------------------------


def test_catalogue_loads_countries_and_themes(tmp_project: Project) -> None:
    errors: list[ContentError] = []
    catalogue = load_catalogue(tmp_project.root, errors)
    assert errors == []
    assert [(c.code, c.name, c.slug, c.aliases, c.at_risk, c.default_identity) for c in catalogue.countries] == [
        ("AF", "Afghanistan", "afghanistan", ("Afghan",), True, "anonymous"),
        ("CD", "DR Congo", "dr-congo", ("DRC", "Congo-Kinshasa"), False, "first-name"),
        ("NG", "Nigeria", "nigeria", (), False, "first-name"),
        ("SS", "South Sudan", "south-sudan", (), False, "named"),
    ]
    assert [(t.id, t.label) for t in catalogue.themes] == [
        ("early-marriage", "Early marriage"),
        ("girls-education", "Girls' education"),
        ("household-finances", "Household finances"),
    ]


@pytest.mark.parametrize(("typed", "code"), [("drc", "CD"), (" DRC ", "CD"), ("ng", "NG"), ("AFGHAN", "AF"), ("south sudan", "SS")])
def test_find_country_by_name_alias_or_code_in_any_case(tmp_project: Project, typed: str, code: str) -> None:
    catalogue = load_catalogue(tmp_project.root, [])
    country = catalogue.find_country(typed)
    assert country is not None and country.code == code


@pytest.mark.parametrize("typed", ["NO", "Norway", "", "Congo"])
def test_find_country_returns_none_for_unknown_text(tmp_project: Project, typed: str) -> None:
    assert load_catalogue(tmp_project.root, []).find_country(typed) is None


def test_country_names_lists_names_and_aliases_for_hints(tmp_project: Project) -> None:
    assert load_catalogue(tmp_project.root, []).country_names() == [
        "Afghanistan", "Afghan", "DR Congo", "DRC", "Congo-Kinshasa", "Nigeria", "South Sudan",
    ]


def test_find_theme(tmp_project: Project) -> None:
    catalogue = load_catalogue(tmp_project.root, [])
    theme = catalogue.find_theme("early-marriage")
    assert theme is not None and theme.label == "Early marriage"
    assert catalogue.find_theme("Early-Marriage") is None


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("DR Congo", "dr-congo"), ("Côte d'Ivoire", "cote-d-ivoire"), ("South Sudan", "south-sudan"), ("  São Tomé  ", "sao-tome"),
        # Every Latin letter has its spelling, not only those with a plain letter inside.
        ("Łukasz Ødegård", "lukasz-odegard"), ("Straße", "strasse"), ("Þóra Æsa", "thora-aesa"), ("Đặng Thị", "dang-thi"),
        ("Zoë-Ann O'Neil", "zoe-ann-o-neil"), ("Ngozi_Obi 2", "ngozi-obi-2"), ("Olena \u0421\u0438\u0434\u043e\u0440\u0435\u043d\u043a\u043e", "olena-sidorenko"),
        ("Jose\u0301", "jose"),  # a combining accent after its letter
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    "name",
    [
        "محمد",  # Arabic script is written without most vowels: any spelling is a guess
        "Ali محمد",  # one such word is enough: a half-spelt name is not the name
        "אסתר", "日本", "서연", "ሰላም", "!!!", "", "  ",
    ],
)
def test_slugify_gives_no_address_word_where_a_spelling_would_be_a_guess(name: str) -> None:
    assert slugify(name) == ""


def test_the_country_code_no_is_text_and_names_norway(tmp_project: Project) -> None:
    with_countries(tmp_project, COUNTRIES_YML + "NO:\n  name: Norway\n  default_identity: named\n")
    errors: list[ContentError] = []
    catalogue = load_catalogue(tmp_project.root, errors)
    assert errors == []
    assert catalogue.countries[-1].code == "NO"
    assert catalogue.find_country("no") is catalogue.countries[-1]


# --- country errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["Ng", "ng", "NGA", "N1", "566", "N"])
def test_bad_iso_code_is_an_error_at_its_line(tmp_project: Project, code: str) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "NG:", f"{code}:"))
    assert catalogue_errors(tmp_project) == [f"{C}:11: {code}: is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. FR for France)"]


def test_country_that_is_not_a_group_is_an_error(tmp_project: Project) -> None:
    text = COUNTRIES_YML.split("NG:")[0] + "NG: Nigeria\n"
    with_countries(tmp_project, text)
    assert catalogue_errors(tmp_project) == [f"{C}:11: NG: must be a group of fields (give it name, at_risk, ...)"]


@pytest.mark.parametrize("identity", ["named", "first-name"])
def test_at_risk_country_with_an_identifying_default_is_an_error(tmp_project: Project, identity: str) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "  default_identity: anonymous", f"  default_identity: {identity}"))
    assert catalogue_errors(tmp_project) == [
        f"{C}:5: AF.default_identity: '{identity}' is not allowed for an at-risk country (use anonymous or pseudonym)"
    ]


def test_at_risk_country_with_pseudonym_default_is_allowed(tmp_project: Project) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "  default_identity: anonymous", "  default_identity: pseudonym"))
    assert catalogue_errors(tmp_project) == []


@pytest.mark.parametrize("typed", ["yes", "True", '"true"'])
def test_at_risk_accepts_only_true_or_false(tmp_project: Project, typed: str) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "  at_risk: true", f"  at_risk: {typed}"))
    shown = typed.strip('"')
    assert catalogue_errors(tmp_project) == [
        f"{C}:4: AF.at_risk: must be true or false, not '{shown}' (type true or false, without quotes)"
    ]


def ss_aliases(aliases: str) -> str:
    """COUNTRIES_YML with South Sudan's (last) 'aliases: []' line (18) replaced."""
    head, tail = COUNTRIES_YML.rsplit("  aliases: []", 1)
    return f"{head}  aliases: {aliases}{tail}"


def test_alias_claimed_by_two_countries_is_an_error(tmp_project: Project) -> None:
    # Reported at the line of the second country's code (16), not of the alias (18).
    with_countries(tmp_project, ss_aliases("[DRC]"))
    assert catalogue_errors(tmp_project) == [f"{C}:16: SS.aliases: 'DRC' already names CD (each name or alias names one country)"]


def test_alias_equal_to_another_countrys_name_or_code_is_an_error(tmp_project: Project) -> None:
    with_countries(tmp_project, ss_aliases("[nigeria, cd]"))
    assert catalogue_errors(tmp_project) == [
        f"{C}:16: SS.aliases: 'nigeria' already names NG (each name or alias names one country)",
        f"{C}:16: SS.aliases: 'cd' already names CD (each name or alias names one country)",
    ]


def test_duplicate_alias_stops_the_build(tmp_project: Project) -> None:
    with_countries(tmp_project, ss_aliases("[DRC]"))
    tmp_project.story()
    assert tmp_project.errors() == [f"{C}:16: SS.aliases: 'DRC' already names CD (each name or alias names one country)"]


def test_alias_repeating_its_own_countrys_name_is_allowed(tmp_project: Project) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "  aliases: [Afghan]", "  aliases: [Afghan, afghanistan, AF]"))
    assert catalogue_errors(tmp_project) == []


def test_country_without_name_is_an_error(tmp_project: Project) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "  name: Nigeria", None))
    assert catalogue_errors(tmp_project) == [f"{C}:11: NG.name: missing (the name readers see, e.g. New Zealand)"]


def test_country_without_default_identity_is_an_error(tmp_project: Project) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "  default_identity: named", None))
    assert catalogue_errors(tmp_project) == [
        f"{C}:16: SS.default_identity: missing (use one of: named, first-name, pseudonym, anonymous)"
    ]


def test_unknown_default_identity_is_an_error(tmp_project: Project) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "  default_identity: named", "  default_identity: full-name"))
    assert catalogue_errors(tmp_project) == [
        f"{C}:20: SS.default_identity: 'full-name' is not allowed (did you mean 'first-name'?)"
    ]


def test_misspelled_country_field_gets_did_you_mean(tmp_project: Project) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "  at_risk: true", "  at-risk: true"))
    assert catalogue_errors(tmp_project) == [f"{C}:4: AF.at-risk: unknown field (did you mean 'at_risk'?)"]


def test_duplicate_country_code_is_refused(tmp_project: Project) -> None:
    with_countries(tmp_project, COUNTRIES_YML + "NG:\n  name: Nigeria again\n  default_identity: named\n")
    assert catalogue_errors(tmp_project) == [f"{C}:21: file: repeats the key 'NG' (first on line 11) (keep one of the two)"]


def test_countries_file_holding_a_list_is_an_error(tmp_project: Project) -> None:
    with_countries(tmp_project, "- AF\n- NG\n")
    assert catalogue_errors(tmp_project) == [
        f"{C}:1: file: must hold the programme's countries, by ISO code (see the comment at the top of the file)"
    ]


def test_missing_countries_file_is_an_error(tmp_project: Project) -> None:
    (tmp_project.root / C).unlink()
    assert catalogue_errors(tmp_project) == [f"{C}:1: file: is missing (create it: it lists the programme's countries, by ISO code)"]


def test_countries_file_with_an_alias_is_refused(tmp_project: Project) -> None:
    with_countries(tmp_project, "AF: &af\n  name: Afghanistan\n  default_identity: anonymous\n")
    assert catalogue_errors(tmp_project) == [
        f"{C}:1: file: uses the anchor &af (write the value out in full: anchors are not allowed)"
    ]


# --- theme errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("theme_id", ["Early_Marriage", "early marriage", "early--marriage", "-early"])
def test_bad_theme_id_is_an_error(tmp_project: Project, theme_id: str) -> None:
    tmp_project.write(T, edit(THEMES_YML, "early-marriage:", f"{theme_id}:"))
    assert catalogue_errors(tmp_project) == [
        f"{T}:1: {theme_id}: is not a valid theme id (lowercase letters, digits and hyphens, e.g. clean-water)"
    ]


def test_theme_that_is_not_a_group_is_an_error(tmp_project: Project) -> None:
    tmp_project.write(T, THEMES_YML + "inheritance: Inheritance\n")
    assert catalogue_errors(tmp_project) == [f"{T}:10: inheritance: must be a group of fields (give it a label and a description)"]


def test_theme_without_label_or_description_is_an_error(tmp_project: Project) -> None:
    text = edit(edit(THEMES_YML, "  label: Girls' education", None), "  description: How money is earned, shared and spent at home.", None)
    tmp_project.write(T, text)
    assert catalogue_errors(tmp_project) == [
        f"{T}:4: girls-education.label: missing (what readers see, e.g. Clean water)",
        f"{T}:6: household-finances.description: missing (one line for the theme's page)",
    ]


def test_misspelled_theme_field_gets_did_you_mean(tmp_project: Project) -> None:
    tmp_project.write(T, edit(THEMES_YML, "  label: Early marriage", "  lable: Early marriage"))
    # In the order found; load_content sorts them.
    assert catalogue_errors(tmp_project) == [
        f"{T}:2: early-marriage.lable: unknown field (did you mean 'label'?)",
        f"{T}:1: early-marriage.label: missing (what readers see, e.g. Clean water)",
    ]


def test_missing_themes_file_is_an_error(tmp_project: Project) -> None:
    (tmp_project.root / T).unlink()
    assert catalogue_errors(tmp_project) == [f"{T}:1: file: is missing (create it: it lists the story themes, by id)"]


# --- a broken catalogue stops before stories --------------------------------------------------


def test_catalogue_errors_are_reported_without_misleading_story_errors(tmp_project: Project) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "SS:", "Ss:"))
    tmp_project.story()  # a South Sudan story, valid against the real catalogue
    tmp_project.write("stories/broken.yml", "identity: named\n")
    assert tmp_project.errors() == [f"{C}:16: Ss: is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. FR for France)"]


def test_errors_in_both_catalogue_files_are_reported_together(tmp_project: Project) -> None:
    with_countries(tmp_project, edit(COUNTRIES_YML, "NG:", "NGA:"))
    tmp_project.write(T, edit(THEMES_YML, "early-marriage:", "Early:"))
    assert tmp_project.errors() == [
        f"{C}:11: NGA: is not an ISO 3166-1 alpha-2 code (two capital letters, e.g. FR for France)",
        f"{T}:1: Early: is not a valid theme id (lowercase letters, digits and hyphens, e.g. clean-water)",
    ]


def test_a_country_name_must_give_a_page_address_of_its_own(tmp_project: Project) -> None:
    text = COUNTRIES_YML + "JP:\n  name: 日本\n  at_risk: false\n  default_identity: named\n"
    errors = catalogue_errors(with_countries(tmp_project, text))
    assert [error for error in errors if ": JP.name:" in error] == [
        f"data/countries.yml:{text.count(chr(10)) - 2}: JP.name: '日本' gives no page address of its own ('')"
        " (use a name in Latin letters that no other country's name shares)"
    ]


# --- roles --------------------------------------------------------------------------------------


def test_catalogue_loads_roles_in_file_order(tmp_project: Project) -> None:
    errors: list[ContentError] = []
    catalogue = load_catalogue(tmp_project.root, errors)
    assert errors == []
    assert [(r.id, r.label, r.in_sentence) for r in catalogue.roles] == [
        ("graduate", "Graduate", "graduate"),
        ("partner", "Partner of a graduate", "partner of a graduate"),
        ("facilitator", "Facilitator", "facilitator"),
        ("community-leader", "Community leader", "community leader"),
    ]
    assert catalogue.role_ids() == ("graduate", "partner", "facilitator", "community-leader")
    partner = catalogue.find_role("partner")
    assert partner is not None and partner.label == "Partner of a graduate"
    assert catalogue.find_role("Partner") is None  # ids are typed exactly, like theme ids


def test_a_role_can_say_how_it_reads_inside_a_sentence(tmp_project: Project) -> None:
    tmp_project.write(R, "caseworker:\n  label: UNHCR caseworker\n  in_sentence: UNHCR caseworker\n")
    [role] = load_catalogue(tmp_project.root, []).roles
    assert (role.label, role.in_sentence) == ("UNHCR caseworker", "UNHCR caseworker")


@pytest.mark.parametrize("role_id", ["Graduate", "community leader", "community_leader", "-graduate", "graduate-"])
def test_bad_role_id_is_an_error(tmp_project: Project, role_id: str) -> None:
    tmp_project.write(R, edit(ROLES_YML, "graduate:", f"{role_id}:"))
    assert catalogue_errors(tmp_project) == [
        f"{R}:1: {role_id}: is not a valid role id (lowercase letters, digits and hyphens, e.g. volunteer)"
    ]


def test_role_that_is_not_a_group_is_an_error(tmp_project: Project) -> None:
    tmp_project.write(R, ROLES_YML + "mentor: Mentor\n")
    assert catalogue_errors(tmp_project) == [f"{R}:9: mentor: must be a group of fields (give it a label, e.g. label: Volunteer)"]


def test_role_without_a_label_is_an_error(tmp_project: Project) -> None:
    tmp_project.write(R, edit(ROLES_YML, "  label: Facilitator", "  in_sentence: facilitator"))
    assert catalogue_errors(tmp_project) == [f"{R}:5: facilitator.label: missing (what readers see, e.g. Volunteer)"]


def test_unknown_role_field_gets_did_you_mean(tmp_project: Project) -> None:
    tmp_project.write(R, edit(ROLES_YML, "  label: Facilitator", "  label: Facilitator\n  in-sentence: facilitator"))
    assert catalogue_errors(tmp_project) == [f"{R}:7: facilitator.in-sentence: unknown field (did you mean 'in_sentence'?)"]


@pytest.mark.parametrize("label", ["Graduate", "graduate", "GRADUATE "])
def test_two_roles_may_not_share_a_label(tmp_project: Project, label: str) -> None:
    tmp_project.write(R, edit(ROLES_YML, "  label: Facilitator", f"  label: {label}"))
    assert catalogue_errors(tmp_project) == [
        f"{R}:6: facilitator.label: '{label.strip()}' is already the label of graduate (give each role a label of its own)"
    ]


def test_duplicate_role_id_is_refused(tmp_project: Project) -> None:
    tmp_project.write(R, ROLES_YML + "partner:\n  label: Spouse\n")
    assert catalogue_errors(tmp_project) == [f"{R}:9: file: repeats the key 'partner' (first on line 3) (keep one of the two)"]


def test_missing_roles_file_is_an_error(tmp_project: Project) -> None:
    (tmp_project.root / R).unlink()
    assert catalogue_errors(tmp_project) == [
        f"{R}:1: file: is missing (create it: it lists the roles speakers have in the programme, by id)"
    ]


def test_roles_file_holding_a_list_is_an_error(tmp_project: Project) -> None:
    tmp_project.write(R, "- graduate\n- partner\n")
    assert catalogue_errors(tmp_project) == [
        f"{R}:1: file: must hold the roles speakers have in the programme, by id (see the comment at the top of the file)"
    ]


def test_roles_file_listing_no_role_is_an_error(tmp_project: Project) -> None:
    tmp_project.write(R, "{}\n")
    assert catalogue_errors(tmp_project) == [f"{R}:1: file: lists no role (add one, e.g. volunteer: with label: Volunteer)"]


def test_a_broken_roles_file_stops_before_stories(tmp_project: Project) -> None:
    tmp_project.write(R, edit(ROLES_YML, "  label: Graduate", "  lable: Graduate"))
    tmp_project.story()  # a graduate's story: its role cannot be checked, so it is not judged
    assert tmp_project.errors() == [
        f"{R}:1: graduate.label: missing (what readers see, e.g. Volunteer)",
        f"{R}:2: graduate.lable: unknown field (did you mean 'label'?)",
    ]


# --- no Python module knows the programme -------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
# The MkDocs adapter (hooks/*.py) and every stage module (hooks/storysite/*.py).
MODULES = sorted((REPO / "hooks").rglob("*.py"))


def programme_words() -> dict[str, str]:
    """Every word of this programme's vocabulary that code could name: {word: what it is}.

    From data/: country codes, names, aliases and address words, theme ids and labels,
    role ids, labels and in-sentence forms; from mkdocs.yml: the programme's and the
    organisation's names.
    """
    catalogue = load_catalogue(REPO, [])
    words: dict[str, str] = {}
    for country in catalogue.countries:
        words[country.code] = f"the code of {country.name}"
        words[f"'{country.code.lower()}'"] = words[f'"{country.code.lower()}"'] = f"the code of {country.name}"
        for typed in (country.name, country.slug, *country.aliases):
            words[typed] = f"the country {country.name}"
    for theme in catalogue.themes:
        words[theme.id] = words[theme.label] = f"the theme {theme.id}"
    for role in catalogue.roles:
        words[role.id] = words[role.label] = words[role.in_sentence] = f"the role {role.id}"
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
    words[settings["programme"]] = words[settings["organisation"]] = "the programme"
    return words


def named_vocabulary(text: str, words: dict[str, str]) -> list[str]:
    """Where ``text`` names one of ``words``: "line 12: 'Nigeria' (the country Nigeria)".

    A word counts only as a whole word (no letter or digit on either side), so that
    "graduates" or "ng" inside "png" do not; codes count in capitals, or lowercase in
    quotes (a dict key), other words in any case: a hint "e.g. nigeria" names it too.
    """
    found: set[tuple[int, str]] = set()
    for word, what in words.items():
        flags = 0 if word.isupper() and len(word) == 2 else re.IGNORECASE
        for match in re.finditer(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text, flags):
            found.add((text.count("\n", 0, match.start()) + 1, f"{match[0]!r} ({what})"))
    return [f"line {line}: {shown}" for line, shown in sorted(found)]


def test_the_vocabulary_check_finds_what_it_must() -> None:
    words = programme_words()
    assert named_vocabulary('hint="e.g. South Sudan"\nPATTERNS = {"ng": 1}\n# afghanistan-graduate-1\n', words) == [
        "line 1: 'South Sudan' (the country South Sudan)",
        "line 2: '\"ng\"' (the code of Nigeria)",
        "line 3: 'afghanistan' (the country Afghanistan)",
        "line 3: 'graduate' (the role graduate)",
    ]
    # Not a word of the programme: a plural, a code inside a word, a lowercase code unquoted.
    assert named_vocabulary("graduates\nimage.png\nss-card\nDRCongo\n", words) == []


@pytest.mark.parametrize("module", MODULES, ids=lambda path: path.relative_to(REPO / "hooks").as_posix())
def test_no_python_module_names_the_programme(module: Path) -> None:
    """A second programme changes data/, docs/ and mkdocs.yml, never Python: no stage
    module may hold a country, theme or role of data/, or the programme's name, even in
    a comment or an example (examples use neutral words or placeholders)."""
    assert named_vocabulary(module.read_text(encoding="utf-8"), programme_words()) == []


# --- a country's card art (art:) ----------------------------------------------------------------

# Appended to South Sudan, the last country of COUNTRIES_YML: its art starts on line 21.
SS_ART = """\
  art:
    from: "#263766"
    to: "#3B4F8A"
    angle: 120
    first_ring: [0.70, 0.78]
    second_ring: [0.92, 0.44]
"""


def ss_art(old: str | None = None, new: str | None = None) -> str:
    return COUNTRIES_YML + (edit(SS_ART, old, new) if old is not None else SS_ART)


def test_a_countrys_art_is_read_and_a_country_without_one_gets_the_neutral_art(tmp_project: Project) -> None:
    from storysite.art import NEUTRAL_ART, CardArt

    errors: list[ContentError] = []
    countries = load_catalogue(with_countries(tmp_project, ss_art()).root, errors).countries
    assert errors == []
    # Colours are kept in lowercase, as CSS prints them.
    assert countries[-1].art == CardArt("#263766", "#3b4f8a", 120.0, ((0.70, 0.78), (0.92, 0.44)))
    assert {country.art for country in countries[:-1]} == {NEUTRAL_ART}


def test_the_repositorys_countries_declare_their_art(tmp_project: Project) -> None:
    """Every country of data/countries.yml has art of its own, and no two share it."""
    arts = [country.art for country in load_catalogue(REPO, []).countries]
    from storysite.art import NEUTRAL_ART

    assert arts and NEUTRAL_ART not in arts and len(set(arts)) == len(arts)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('    from: "#263766"', "    from: #263766", 'SS.art.from: is empty (a colour written "#rrggbb", in quotes (without them, # starts a comment), e.g. "#5b2040")'),
        ('    from: "#263766"', "    from: navy", "SS.art.from: 'navy' is not a colour (a colour written \"#rrggbb\", in quotes (without them, # starts a comment), e.g. \"#5b2040\")"),
        ('    from: "#263766"', '    from: "#fde8d0"', "SS.art.from: '#fde8d0' is too light for the white country name on it (1.2:1, at least 4.5:1 is needed) (choose a darker colour)"),
        ("    angle: 120", "    angle: 400", "SS.art.angle: '400' is not an angle from 0 to 360 (the gradient's direction in degrees, 0 to 360: 90 runs left to right, 180 top to bottom)"),
        ("    angle: 120", "    angle: up", "SS.art.angle: 'up' is not an angle from 0 to 360 (the gradient's direction in degrees, 0 to 360: 90 runs left to right, 180 top to bottom)"),
        ("    first_ring: [0.70, 0.78]", "    first_ring: [70, 78]", "SS.art.first_ring: [70, 78] is not two numbers from 0 to 1 (write [x, y]: x from the left (0) to the right (1), y from the top (0) to the bottom (1))"),
        ("    second_ring: [0.92, 0.44]", "    second_ring: [0.92]", "SS.art.second_ring: [0.92] is not two numbers from 0 to 1 (write [x, y]: x from the left (0) to the right (1), y from the top (0) to the bottom (1))"),
        ("    second_ring: [0.92, 0.44]", "    second-ring: [0.92, 0.44]", "SS.art.second-ring: unknown field (did you mean 'second_ring'?)"),
    ],
    ids=["unquoted-colour", "named-colour", "too-light", "angle-too-large", "angle-word", "ring-in-percent", "ring-one-number", "misspelt-field"],
)
def test_bad_art_is_an_error_at_its_line(tmp_project: Project, old: str, new: str, expected: str) -> None:
    line = 21 + next(number for number, text in enumerate(SS_ART.splitlines()) if text == old)
    errors = catalogue_errors(with_countries(tmp_project, ss_art(old, new)))
    assert errors[0] == f"{C}:{line}: {expected}"
    # A misspelt field is also a missing one.
    assert errors[1:] == ([f"{C}:21: SS.art.second_ring: missing (write [x, y]: x from the left (0) to the right (1), y from the top (0) to the bottom (1))"]
                          if new.startswith("    second-ring") else [])


def test_art_that_is_not_a_group_is_an_error(tmp_project: Project) -> None:
    with_countries(tmp_project, COUNTRIES_YML + "  art: plum\n")
    assert catalogue_errors(tmp_project) == [
        f"{C}:21: SS.art: must be a group of fields, not text (give it from, to, angle, first_ring and second_ring)"
    ]


OVERRIDES = sorted(path for path in (REPO / "overrides").rglob("*") if path.is_file() and path.suffix in (".html", ".css", ".js", ".xml", ".txt"))


@pytest.mark.parametrize("template", OVERRIDES, ids=lambda path: path.relative_to(REPO / "overrides").as_posix())
def test_no_template_or_stylesheet_names_the_programme(template: Path) -> None:
    """The templates and the stylesheet draw any programme from data/: no country, theme or
    role of ours is typed in overrides/ (the card art, for one, comes from data/countries.yml)."""
    assert named_vocabulary(template.read_text(encoding="utf-8"), programme_words()) == []
