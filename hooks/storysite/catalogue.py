"""Load the programme's vocabulary, data/countries.yml, data/themes.yml and data/roles.yml,
into a :class:`Catalogue`, and make page addresses out of names (:func:`slugify`).

Nothing here knows a programme: every country, theme and role comes from data/, so that
another programme changes data/, docs/ and mkdocs.yml, never Python.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from slugify import slugify as transliterated_slug

from .art import COLOUR, MIN_CONTRAST_WITH_WHITE, NEUTRAL_ART, CardArt, Point, contrast_with_white
from .contract import ART, COUNTRY, ID, ISO_CODE, ROLE, THEME, Field
from .errors import ContentError
from .fields import POINT_HINT, Fields
from .model import SAFE_IDENTITIES, Catalogue, Country, Role, Theme, make_catalogue
from .strict_yaml import Mapping, Scalar, YamlRefused, read_file

# The shapes and fields of the data files, as the contract declares them (storysite.contract.data).
SLUG = re.compile(ID.regex, re.ASCII)
_ISO_CODE = re.compile(ISO_CODE.regex, re.ASCII)
COUNTRY_FIELDS = COUNTRY.keys
# A country's card art (storysite.art): every field is needed once art: is given.
ART_FIELDS = ART.keys
THEME_FIELDS = THEME.keys
ROLE_FIELDS = ROLE.keys
# Scripts whose letters python-slugify spells in Latin letters as a reader of the name
# would: every letter (accents, Ł, Ø, ß, Þ included) has one accepted spelling. Other
# scripts' transliterations are guesses (Arabic and Hebrew are written without most
# vowels, Chinese characters are read differently in each language), and an address
# that misspells a name is worse than a neutral one: such text gives no address word.
_TRANSLITERATED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def slugify(text: str) -> str:
    """The address word of a name, in lowercase ASCII letters, digits and hyphens:
    "Łukasz Ødegård" -> "lukasz-odegard", "Straße" -> "strasse", "Côte d'Ivoire" ->
    "cote-d-ivoire" (python-slugify's transliteration).

    "" when the text has no such word: nothing but punctuation, or a letter of a script
    other than Latin, Greek and Cyrillic (a name in Arabic script): callers then use a
    neutral name or refuse the name.
    """
    if any(_is_guessed(char) for char in text):
        return ""
    return transliterated_slug(text)


def _is_guessed(char: str) -> bool:
    """Whether ``char`` is a letter or mark whose Latin spelling would be a guess."""
    if not unicodedata.category(char).startswith(("L", "M")) or char.isascii():
        return False
    name = unicodedata.name(char, "")
    # Combining accents are named "COMBINING ..."; they belong to the letter before them.
    return not name.startswith(("COMBINING", *_TRANSLITERATED_SCRIPTS))


def load_catalogue(root: Path, errors: list[ContentError]) -> Catalogue:
    """Read the three files under ``root/data``; problems are appended to ``errors``."""
    countries = _load_countries(root / "data" / "countries.yml", "data/countries.yml", errors)
    themes = _load_themes(root / "data" / "themes.yml", "data/themes.yml", errors)
    roles = _load_roles(root / "data" / "roles.yml", "data/roles.yml", errors)
    return make_catalogue(tuple(countries), tuple(themes), tuple(roles))


def _read_mapping(path: Path, shown_as: str, errors: list[ContentError], what: str) -> Mapping | None:
    # Only an absent path is "missing"; a link, folder or FIFO in its place is refused by
    # read_file, which says what it is.
    if not os.path.lexists(path):
        errors.append(ContentError(shown_as, 1, "file", "is missing", f"create it: it lists {what}"))
        return None
    try:
        node = read_file(path, shown_as)
    except YamlRefused as refused:
        errors.append(refused.error)
        return None
    if isinstance(node, Mapping):
        return node
    errors.append(ContentError(shown_as, node.line, "file", f"must hold {what}", "see the comment at the top of the file"))
    return None


def _load_countries(path: Path, shown_as: str, errors: list[ContentError]) -> list[Country]:
    mapping = _read_mapping(path, shown_as, errors, "the programme's countries, by ISO code")
    if mapping is None:
        return []
    countries: list[Country] = []
    claimed: dict[str, str] = {}
    claimed_slugs: set[str] = set()
    for key, value in mapping.entries:
        code = key.text
        if not _ISO_CODE.fullmatch(code):
            errors.append(ContentError(shown_as, key.line, code, ISO_CODE.message, ISO_CODE.hint))
            continue
        if not isinstance(value, Mapping):
            errors.append(ContentError(shown_as, key.line, code, "must be a group of fields", COUNTRY.hint))
            continue
        fields = Fields(value, shown_as, errors, COUNTRY_FIELDS, prefix=f"{code}.", line=key.line)
        field = COUNTRY.field
        name = fields.read(field("name"))
        aliases = fields.read(field("aliases")) or []
        at_risk = fields.read(field("at_risk"))
        default_identity = fields.read(field("default_identity"))
        description = fields.read(field("description")) or ""
        art = _read_art(fields)
        if at_risk and default_identity not in (None, *SAFE_IDENTITIES):
            fields.error(
                fields.line("default_identity"), "default_identity",
                f"'{default_identity}' is not allowed for an at-risk country", "use anonymous or pseudonym",
            )
            continue
        if name is None or at_risk is None or default_identity is None or art is None:
            continue
        slug = slugify(name)
        if not slug or slug in claimed_slugs:
            fields.error(
                fields.line("name"), "name", f"'{name}' gives no page address of its own ('{slug}')",
                "use a name in Latin letters that no other country's name shares",
            )
            continue
        claimed_slugs.add(slug)
        for typed in (name, code, *(alias.text for alias in aliases)):
            owner = claimed.setdefault(typed.casefold(), code)
            if owner != code:
                fields.error(key.line, "aliases", f"'{typed}' already names {owner}", "each name or alias names one country")
        countries.append(
            Country(
                code=code,
                name=name,
                slug=slug,
                aliases=tuple(alias.text.strip() for alias in aliases),
                at_risk=at_risk,
                default_identity=default_identity,
                description=description,
                art=art,
            )
        )
    return countries


def _read_art(fields: Fields) -> CardArt | None:
    """A country's ``art:`` (see storysite.art), :data:`NEUTRAL_ART` without one, or None
    after an error. Colours must leave the white country name printed on them readable."""
    if not fields.has("art"):
        return NEUTRAL_ART
    group = fields.group("art", ART_FIELDS, hint=ART.hint)
    if group is None:
        return None
    field = ART.field
    start, end = _read_colour(group, field("from")), _read_colour(group, field("to"))
    angle = _read_angle(group, field("angle"))
    first_ring, second_ring = _read_ring(group, field("first_ring")), _read_ring(group, field("second_ring"))
    if start is None or end is None or angle is None or first_ring is None or second_ring is None:
        return None
    return CardArt(start, end, angle, (first_ring, second_ring))


def _read_colour(group: Fields, declared: Field) -> str | None:
    # Unquoted, "#5b2040" is a YAML comment and the field is empty: the hint says why.
    key, hint = declared.key, declared.hint
    typed = group.read(declared)
    if typed is None:
        return None
    if not COLOUR.fullmatch(typed):
        group.error(group.line(key), key, f"'{typed}' is not a colour", hint)
        return None
    contrast = contrast_with_white(typed)
    if contrast < MIN_CONTRAST_WITH_WHITE:
        group.error(
            group.line(key), key,
            f"'{typed}' is too light for the white country name on it ({contrast:.1f}:1, at least {MIN_CONTRAST_WITH_WHITE}:1 is needed)",
            "choose a darker colour",
        )
        return None
    return typed.lower()


def _read_angle(group: Fields, declared: Field) -> float | None:
    hint = declared.hint
    typed = group.read(declared)
    if typed is None:
        return None
    try:
        angle = float(typed)
    except ValueError:
        angle = -1.0
    if not 0 <= angle <= 360:
        group.error(group.line("angle"), "angle", f"'{typed}' is not an angle from 0 to 360", hint)
        return None
    return angle


def _read_ring(group: Fields, declared: Field) -> Point | None:
    items = group.text_list(declared.key, required=declared.required, hint=POINT_HINT)
    return None if items is None else group.point(declared.key, items)


def _by_id(
    mapping: Mapping, shown_as: str, errors: list[ContentError], allowed: tuple[str, ...], kind: str, example: str, group_hint: str
) -> Iterator[tuple[Scalar, Fields]]:
    """Each entry of a file keyed by id (themes, roles) whose id is a valid address word
    and whose value is a group of fields, with its reader; the others are errors."""
    for key, value in mapping.entries:
        if not SLUG.fullmatch(key.text):
            errors.append(ContentError(shown_as, key.line, key.text, f"is not a valid {kind} id", f"{ID.hint}, e.g. {example}"))
            continue
        if not isinstance(value, Mapping):
            errors.append(ContentError(shown_as, key.line, key.text, "must be a group of fields", group_hint))
            continue
        yield key, Fields(value, shown_as, errors, allowed, prefix=f"{key.text}.", line=key.line)


def _load_themes(path: Path, shown_as: str, errors: list[ContentError]) -> list[Theme]:
    mapping = _read_mapping(path, shown_as, errors, "the story themes, by id")
    if mapping is None:
        return []
    themes: list[Theme] = []
    for key, fields in _by_id(mapping, shown_as, errors, THEME_FIELDS, "theme", "clean-water", THEME.hint):
        label = fields.read(THEME.field("label"))
        description = fields.read(THEME.field("description"))
        if label is not None and description is not None:
            themes.append(Theme(key.text, label, description))
    return themes


def _load_roles(path: Path, shown_as: str, errors: list[ContentError]) -> list[Role]:
    """The roles a story's ``role:`` may name. Each id is a valid address word, since
    neutral file names use it (``<country>-<role>-<number>``); each label is the role's
    own, so that readers can tell two speakers' roles apart."""
    mapping = _read_mapping(path, shown_as, errors, "the roles speakers have in the programme, by id")
    if mapping is None:
        return []
    if not mapping.entries:
        errors.append(ContentError(shown_as, mapping.line, "file", "lists no role", "add one, e.g. volunteer: with label: Volunteer"))
        return []
    roles: list[Role] = []
    labels: dict[str, str] = {}
    for key, fields in _by_id(mapping, shown_as, errors, ROLE_FIELDS, "role", "volunteer", ROLE.hint):
        label = fields.read(ROLE.field("label"))
        in_sentence = fields.read(ROLE.field("in_sentence"))
        if label is None:
            continue
        owner = labels.setdefault(label.casefold(), key.text)
        if owner != key.text:
            fields.error(fields.line("label"), "label", f"'{label}' is already the label of {owner}", "give each role a label of its own")
            continue
        # Read after a name ("Ana, volunteer, Portugal"): the label in lowercase unless
        # the file says otherwise (a label with a proper noun or an acronym).
        roles.append(Role(key.text, label, in_sentence or label.lower()))
    return roles
