"""Load data/countries.yml and data/themes.yml into a :class:`Catalogue`."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .errors import ContentError
from .fields import Fields
from .model import IDENTITIES, SAFE_IDENTITIES, Catalogue, Country, Theme, make_catalogue
from .strict_yaml import Mapping, YamlRefused, read_file

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO_CODE = re.compile(r"[A-Z]{2}")
COUNTRY_FIELDS = ("name", "aliases", "at_risk", "default_identity", "description")
THEME_FIELDS = ("label", "description")


def slugify(text: str) -> str:
    """An ASCII address word: "DR Congo" -> "dr-congo", "Côte d'Ivoire" -> "cote-d-ivoire"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def load_catalogue(root: Path, errors: list[ContentError]) -> Catalogue:
    """Read both files under ``root/data``; problems are appended to ``errors``."""
    countries = _load_countries(root / "data" / "countries.yml", "data/countries.yml", errors)
    themes = _load_themes(root / "data" / "themes.yml", "data/themes.yml", errors)
    return make_catalogue(tuple(countries), tuple(themes))


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
            errors.append(ContentError(shown_as, key.line, code, "is not an ISO 3166-1 alpha-2 code", "two capital letters, e.g. NG"))
            continue
        if not isinstance(value, Mapping):
            errors.append(ContentError(shown_as, key.line, code, "must be a group of fields", "give it name, at_risk, ..."))
            continue
        fields = Fields(value, shown_as, errors, COUNTRY_FIELDS, prefix=f"{code}.", line=key.line)
        name = fields.text("name", hint="the name readers see, e.g. South Sudan")
        aliases = fields.text_list("aliases") or []
        at_risk = fields.boolean("at_risk", default=False)
        default_identity = fields.choice("default_identity", IDENTITIES)
        description = fields.text("description", required=False) or ""
        if at_risk and default_identity not in (None, *SAFE_IDENTITIES):
            fields.error(
                fields.line("default_identity"), "default_identity",
                f"'{default_identity}' is not allowed for an at-risk country", "use anonymous or pseudonym",
            )
            continue
        if name is None or at_risk is None or default_identity is None:
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
            )
        )
    return countries


def _load_themes(path: Path, shown_as: str, errors: list[ContentError]) -> list[Theme]:
    mapping = _read_mapping(path, shown_as, errors, "the story themes, by id")
    if mapping is None:
        return []
    themes: list[Theme] = []
    for key, value in mapping.entries:
        if not SLUG.fullmatch(key.text):
            errors.append(
                ContentError(shown_as, key.line, key.text, "is not a valid theme id", "lowercase letters, digits and hyphens, e.g. early-marriage")
            )
            continue
        if not isinstance(value, Mapping):
            errors.append(ContentError(shown_as, key.line, key.text, "must be a group of fields", "give it a label and a description"))
            continue
        fields = Fields(value, shown_as, errors, THEME_FIELDS, prefix=f"{key.text}.", line=key.line)
        label = fields.text("label", hint="what readers see, e.g. Early marriage")
        description = fields.text("description", hint="one line for the theme's page")
        if label is not None and description is not None:
            themes.append(Theme(key.text, label, description))
    return themes
