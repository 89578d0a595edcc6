"""Load every ``stories/*.yml`` into :class:`Story` objects, enforcing the contract
(:mod:`storysite.contract`, the editors' contract CONTRIBUTING.md prints).

Files whose names start with ``_`` (the template) are not stories. Every rule that is
broken becomes a :class:`ContentError`; the caller decides whether to stop.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Callable, Collection, Iterable
from pathlib import Path, PurePosixPath

from .catalogue import SLUG, slugify
from .contract import (
    ANONYMOUS_HAS_NO_NAME, CONSENT, CONSENT_AT_MOST_FIVE_YEARS, EXPIRES_AFTER_GIVEN, FIRST_NAME_IS_ONE_WORD, NAME, ORIGINAL, PHOTO,
    PHOTO_FOLDER, PHOTO_NAME_MAX, PHOTO_PATH_HINT, PHOTO_PATH_REFUSED, PHOTO_SUFFIXES, QUOTE, SCOPES, STORY, STORY_RULES, TOOK_PART, UPDATE_AFTER_GIVEN, UPDATES, Breach, Facts,
    first_breach,
)
from .errors import ContentError
from .fields import Fields, did_you_mean, top_level
from .model import Catalogue, Consent, Country, Original, Photo, Role, Story, Theme, Update, is_protected
from .paragraphs import paragraphs_of
from .selection import TodayError, today
from .strict_yaml import YamlRefused, read_file

# The field lists and limits, as the contract declares them (tools and tests read them here).
STORY_FIELDS = STORY.keys
ORIGINAL_FIELDS = ORIGINAL.keys
PHOTO_FIELDS = PHOTO.keys
CONSENT_FIELDS = CONSENT.keys
QUOTE_LIMITS = (QUOTE.min_len or 0, QUOTE.max_len or 0)
__all__ = ["PHOTO_SUFFIXES", "STORY_FIELDS", "ORIGINAL_FIELDS", "PHOTO_FIELDS", "CONSENT_FIELDS", "QUOTE_LIMITS"]
# The number that tells neutral file names apart: 1 to 999, never a year or a date.
FILE_NUMBER = r"[1-9][0-9]{0,2}"
FILE_NUMBER_MAX = 999
# File names whose address a generated page already has: stories/ itself, and the
# further pages of the stories index (stories/page/2/, see storysite.pagination).
RESERVED_FILE_NAMES = {"index": "the stories page", "page": "the further pages of the stories page"}
NEUTRAL_SHAPE = "<country>-<role>-<number>"


def story_files(stories_dir: Path) -> list[Path]:
    """The story files, sorted: ``*.yml`` not starting with ``_``."""
    return sorted(path for path in stories_dir.glob("*.yml") if not path.name.startswith("_"))


def load_stories(root: Path, catalogue: Catalogue, errors: list[ContentError]) -> list[Story]:
    """Read and validate every story under ``root/stories``; problems go to ``errors``."""
    stories_dir = root / "stories"
    if stories_dir.is_symlink():
        errors.append(
            ContentError("stories/", 1, "file", "is a symbolic link", "make stories/ a real folder of the repository: linked folders are not read")
        )
        return []
    if not stories_dir.is_dir():
        return []
    try:
        entries = sorted(stories_dir.iterdir())
    except OSError as error:
        errors.append(ContentError("stories/", 1, "file", f"cannot be read ({error.strerror})", "check the folder's permissions"))
        return []
    for stray in entries:
        suffix = stray.suffix
        if suffix.lower() in (".yml", ".yaml") and suffix != ".yml":
            errors.append(stray_suffix_error(f"stories/{stray.name}", stray))
    stories: list[Story] = []
    for path in story_files(stories_dir):
        if path.is_dir():
            errors.append(ContentError(f"stories/{path.name}", 1, "file", "is a folder, not a story file", "rename or move the folder"))
            continue
        story = load_story(path, root, catalogue, errors)
        if story is not None:
            stories.append(story)
    return stories


def stray_suffix_error(shown_as: str, path: Path) -> ContentError:
    """The error for a story file ending in ``.yaml`` (or ``.YML``): only ``.yml`` is read."""
    return ContentError(shown_as, 1, "file", f"ends in {path.suffix}", f"rename it to {path.stem}.yml")


def load_story(path: Path, root: Path, catalogue: Catalogue, errors: list[ContentError]) -> Story | None:
    """One story file, or None when it has errors (they are appended to ``errors``)."""
    shown_as = f"stories/{path.name}"
    slug = path.stem
    found: list[ContentError] = []
    if path.is_symlink():
        found.append(ContentError(shown_as, 1, "file", "is a symbolic link", "commit the file itself"))
        errors.extend(_unread_file_name_errors(slug))
        errors.extend(found)
        return None
    try:
        node = read_file(path, shown_as)
    except YamlRefused as refused:
        errors.extend([*_unread_file_name_errors(slug), refused.error])
        return None
    fields = top_level(node, shown_as, found, STORY_FIELDS, "a testimony's fields", "copy stories/_template.yml to start")
    if fields is None:
        errors.extend([*_unread_file_name_errors(slug), *found])
        return None
    story = _read_story(fields, slug, shown_as, root, catalogue)
    errors.extend(found)
    return None if found else story


def _unread_file_name_errors(slug: str) -> list[ContentError]:
    """What can be said of a file name without the story's fields (an unreadable file)."""
    error = file_name_error(
        slug, identity=None, name=None, country=None, role=None, roles=(), minor=None, taken=lambda _: False
    )
    return [error] if error is not None else []


def _taken_in(stories_dir: Path) -> Callable[[str], bool]:
    """Whether ``stories/<slug>.yml`` exists already, for the names a rule proposes."""
    return lambda slug: (stories_dir / f"{slug}.yml").exists()


# --- file names: the page's address -------------------------------------------------------------


def file_name_error(
    slug: str,
    *,
    identity: str | None,
    name: str | None,
    country: Country | None,
    role: str | None,
    roles: Collection[str],
    minor: bool | None,
    taken: Callable[[str], bool],
) -> ContentError | None:
    """Why ``stories/<slug>.yml`` may not hold this story, or None when it may.

    The file name is the page's address, printed on every card, in the sitemap, the feed
    and every share link, so it must not identify anyone the story does not name:

    - ``named``: any valid address (lowercase letters, digits and hyphens; not ``index``).
    - ``first-name``: the first name's slug, optionally followed by ``-<number>``
      (``monday``, ``monday-2``), or a neutral name; a surname or a place is refused.
    - protected stories (anonymous, pseudonym, an at-risk country, a child:
      :func:`storysite.model.is_protected`): only a neutral name,
      ``<country>-<role>-<number>`` or ``<country>-<number>`` (the number may be left out), where the country is the
      story's own, the role one of ``roles`` (the role ids of data/roles.yml) and the
      number 1 to 999: never a date,
      which would be a date about the person.

    Facts left None are unknown (the field has an error of its own, or the file could
    not be read): what they would decide is not checked. The error's hint names the
    file to rename it to (:func:`proposed_file_name`, skipping names ``taken`` says
    exist). The build and ``make story`` both ask this function, so they say the same.
    """
    shown_as = f"stories/{slug}.yml"
    protected = is_protected(identity, country, minor)
    decided = country is not None and (identity is not None or protected)

    def proposal() -> str | None:
        # Only for a name that is refused: finding a free one walks the numbers in use.
        if not decided:
            return None
        return proposed_file_name(
            identity=identity, name=name, country=country, role=role, roles=roles, minor=minor, taken=taken
        )

    if slug in RESERVED_FILE_NAMES:
        proposed = proposal()
        hint = f"rename it to {proposed}.yml" if proposed else "rename the file after the speaker, e.g. first-last.yml"
        return ContentError(shown_as, 1, "file", f"name '{slug}' is the address of {RESERVED_FILE_NAMES[slug]}", hint)
    if not SLUG.fullmatch(slug):
        proposed = proposal()
        example = proposed if proposed and identity != "named" else slugify(slug) or "first-name-last-name"
        return ContentError(
            shown_as, 1, "file", "name is not a valid address", f"use lowercase letters, digits and hyphens, e.g. {example}.yml"
        )
    if not decided or (identity == "named" and not protected):
        return None
    assert country is not None
    if _is_neutral(slug, country, roles):
        return None
    if not protected:  # first-name
        if name is None:
            return None  # the name has an error of its own: fixing it decides
        first = _first_name_slug(name)
        if first and re.fullmatch(rf"{re.escape(first)}(?:-{FILE_NUMBER})?", slug):
            return None
    proposed = proposal()
    rename = f"rename it to {proposed}.yml" if proposed else f"rename it to {country.slug}-<role>-<number>.yml"
    if not protected:
        if first:
            return ContentError(
                shown_as, 1, "file",
                f"name holds more than the first name '{name}', and it is the page's address",
                f"{rename}: the first name, optionally followed by -<number>",
            )
        return ContentError(
            shown_as, 1, "file", "name is not neutral, and it is the page's address",
            f"{rename}: {NEUTRAL_SHAPE}, with no name, place or date",
        )
    return ContentError(
        shown_as, 1, "file", f"name is not neutral, and it is the page's address: {_why_protected(identity, country, minor)}",
        f"{rename}: {NEUTRAL_SHAPE}, with no name, place or date",
    )


def proposed_file_name(
    *,
    identity: str | None,
    name: str | None,
    country: Country | None,
    role: str | None,
    roles: Collection[str],
    minor: bool | None,
    taken: Callable[[str], bool],
) -> str | None:
    """The first free file name (without ``.yml``) that :func:`file_name_error` accepts
    for this story: the name's slug for a named story, the first name's for a first-name
    one, otherwise (and when a name gives no usable slug) the next free
    ``<country>-<role>-<number>`` (1 to 999), then ``<country>-<number>``. None when the
    country is unknown or every one of those is taken."""
    if country is None:
        return None
    if not is_protected(identity, country, minor):
        base = slugify(name) if identity == "named" and name else _first_name_slug(name) if identity == "first-name" else ""
        if base and base != "index" and SLUG.fullmatch(base):
            shown = next((slug for slug in (base, *_numbered(base, start=2)) if not taken(slug)), None)
            if shown is not None:
                return shown
    prefixes = (f"{country.slug}-{role}", country.slug) if role in roles else (country.slug,)
    return next((slug for prefix in prefixes for slug in _numbered(prefix, start=1) if not taken(slug)), None)


def _numbered(base: str, *, start: int) -> Iterable[str]:
    return (f"{base}-{number}" for number in range(start, FILE_NUMBER_MAX + 1))


def _is_neutral(slug: str, country: Country, roles: Collection[str]) -> bool:
    # The role ids come from data/roles.yml, so that a new role is a neutral word at once.
    role_word = f"(?:-(?:{'|'.join(re.escape(role) for role in roles)}))?" if roles else ""
    # The number may be left out: the first story of its kind (a form such as the CMS's
    # numbers only the ones after it). Without a name, place or date, no name identifies.
    return re.fullmatch(rf"{re.escape(country.slug)}{role_word}(?:-{FILE_NUMBER})?", slug) is not None


def _first_name_slug(name: str | None) -> str:
    """The address word of a first name ("Monday" -> "monday"); "" when it has none
    (a name in Arabic script), or when it is more than one word (refused elsewhere)."""
    if name is None or len(name.split()) != 1:
        return ""
    return slugify(name)


def _why_protected(identity: str | None, country: Country, minor: bool | None) -> str:
    if country.at_risk:
        return f"people in {country.name} are at risk if named"
    if minor:
        return "this is a child's story"
    if identity == "pseudonym":
        return "the story uses a pseudonym"
    return "the story is anonymous"


def _read_story(fields: Fields, slug: str, shown_as: str, root: Path, catalogue: Catalogue) -> Story | None:
    field = STORY.field
    identity = fields.read(field("identity"))
    name = _read_name(fields, identity)
    country = _read_country(fields, catalogue)
    role = _read_role(fields, catalogue)
    quote = fields.read(QUOTE)
    original = _read_original(fields)
    story_text = fields.read(field("story"))
    photo = _read_photo(fields, root)
    themes = _read_themes(fields, catalogue)
    collected = fields.read(field("collected"))
    published = fields.read(field("published"))
    featured = fields.read(field("featured"))
    minor = fields.read(field("minor"))
    consent = _read_consent(fields)
    updates = _read_updates(fields, consent.given if consent else None)
    took_part = fields.year(TOOK_PART, latest=_this_year())
    # The file name is checked against what the story says of its speaker.
    misnamed = file_name_error(
        slug, identity=identity, name=name, country=country, role=role.id if role else None, roles=catalogue.role_ids(),
        minor=minor, taken=_taken_in(root / "stories"),
    )
    if misnamed is not None:
        fields.errors.append(misnamed)

    facts = Facts(
        identity=identity, name=name, country=country, minor=minor,
        given=consent.given if consent else None, has_consent=consent is not None,
        guardian=consent.guardian if consent else None, published=published,
        photo_representative=photo.representative if photo else None,
    )
    breach = first_breach(STORY_RULES, facts)
    if breach is not None:
        _report(fields, breach)
        return None

    required = (identity, country, role, quote, themes, collected, featured, minor, consent, updates)
    if any(value is None for value in required) or (identity != "anonymous" and name is None) or misnamed:
        return None
    assert identity and country and role and quote and themes is not None and collected and consent
    assert featured is not None and minor is not None and updates is not None
    return Story(
        slug=slug, source=shown_as, identity=identity, name=name, country=country, role=role,
        quote=quote, original=original, paragraphs=paragraphs_of(story_text), photo=photo, themes=themes,
        collected=collected, featured=featured, minor=minor, consent=consent, published=published,
        updates=updates, took_part=took_part,
    )


def _this_year() -> int:
    """The latest year ``took_part`` may hold: the build's today's (``STORIES_TODAY``); a
    malformed ``STORIES_TODAY`` is the build's to report, so the clock's year stands in."""
    try:
        return today().year
    except TodayError:
        return dt.date.today().year


def _read_updates(fields: Fields, given: dt.date | None) -> tuple[Update, ...] | None:
    """``updates:``, newest first (entries of one day keep the file's order); None after an
    error. Each text is read like the quote (its limits count the whole text) and cut into
    paragraphs by the story's rule (:attr:`Update.paragraphs`); each date must be on or
    after ``given``."""
    entries: list[Fields] | None = fields.read(UPDATES)
    if entries is None:
        return None
    updates: list[Update] = []
    failed = False
    for entry in entries:
        day = entry.read(UPDATES.field("date"))
        text = entry.read(UPDATES.field("text"))
        breach = UPDATE_AFTER_GIVEN.breach(Facts(given=given, update_dates=(day,) if day else ()))
        if breach is not None:
            _report(entry, breach)
            failed = True
        elif day is None or text is None:
            failed = True
        else:
            updates.append(Update(day, text))
    if failed:
        return None
    return tuple(sorted(updates, key=lambda update: update.date, reverse=True))


def _report(fields: Fields, breach: Breach) -> None:
    """Record a broken rule at the line of the key it names, in ``fields``' group."""
    fields.errors.append(ContentError(fields.path, fields.line(breach.line_of), breach.field, breach.message, breach.hint))


def _read_name(fields: Fields, identity: str | None) -> str | None:
    if identity == "anonymous":
        breach = ANONYMOUS_HAS_NO_NAME.breach(Facts(identity=identity, has_name=fields.node.get("name") is not None))
        if breach is not None:
            _report(fields, breach)
        return None
    name = fields.read(NAME)
    breach = FIRST_NAME_IS_ONE_WORD.breach(Facts(identity=identity, name=name))
    if breach is not None:
        _report(fields, breach)
        return None
    return name


def _read_role(fields: Fields, catalogue: Catalogue) -> Role | None:
    ids = catalogue.role_ids()
    declared = STORY.field("role")
    typed = fields.text("role", hint=declared.error_hint(ids=", ".join(ids)))
    if typed is None:
        return None
    role = catalogue.find_role(typed)
    if role is None:
        fields.error(fields.line("role"), "role", f"'{typed}' is not in data/roles.yml", did_you_mean(typed, ids))
    return role


def _read_country(fields: Fields, catalogue: Catalogue) -> Country | None:
    example = f", e.g. {catalogue.countries[0].name}" if catalogue.countries else ""
    typed = fields.text("country", hint=STORY.field("country").error_hint(example=example))
    if typed is None:
        return None
    country = catalogue.find_country(typed)
    if country is None:
        fields.error(
            fields.line("country"), "country", f"'{typed}' is not in data/countries.yml",
            did_you_mean(typed, catalogue.country_names()),
        )
    return country


def _read_original(fields: Fields) -> Original | None:
    group: Fields | None = fields.read(ORIGINAL)
    if group is None:
        return None
    lang = group.read(ORIGINAL.field("lang"))
    text = group.read(ORIGINAL.field("text"))
    translator = group.read(ORIGINAL.field("translator"))
    if lang is None or text is None:
        return None
    return Original(lang, text, translator)


def _read_photo(fields: Fields, root: Path) -> Photo | None:
    group: Fields | None = fields.read(PHOTO)
    if group is None:
        return None
    file = group.read(PHOTO.field("file"))
    alt = group.read(PHOTO.field("alt"))
    credit = group.read(PHOTO.field("credit"))
    representative = group.read(PHOTO.field("representative"))
    focus = _read_focus(group)
    if file is not None:
        problem = photo_path_problem(file, root / "stories")
        if problem:
            group.error(group.line("file"), "file", problem, PHOTO_PATH_HINT)
            file = None
    if file is not None and alt is not None and PurePosixPath(alt).name.casefold() == PurePosixPath(file).name.casefold():
        group.error(group.line("alt"), "alt", "repeats the file name", "describe what the photo shows")
        alt = None
    if file is None or alt is None or credit is None or representative is None or focus is False:
        return None
    return Photo(file, alt, credit, representative, focus or None, group.line("file"))


def _read_focus(group: Fields) -> tuple[float, float] | None | bool:
    """``focus: [x, y]``, each from 0 to 1 (from the left, from the top); None when
    absent, False after an error."""
    items = group.read(PHOTO.field("focus"))
    if items is None:
        return False
    if not items:
        return None
    point = group.point("focus", items)
    return False if point is None else point


def photo_path_problem(typed: str, stories_dir: Path) -> str | None:
    """Why ``typed`` is not a safe photo path under ``stories_dir/photos``, or None.

    Only ``photos/<name>.<jpg|jpeg|png|webp>`` naming an existing regular file passes:
    absolute paths, ``..``, backslashes, NUL, percent-escapes and symbolic links do not.
    """
    # The characters, folder and length are the contract's (PHOTO_PATH_REFUSED ...), which
    # the schema's pattern is made from too.
    if any(char in typed for char in PHOTO_PATH_REFUSED) or typed.startswith("/"):
        return f"'{typed}' is not a plain path inside stories/photos/"
    parts = PurePosixPath(typed).parts
    if len(parts) != 2 or parts[0] != PHOTO_FOLDER or parts[1] in (".", "..") or parts[1].startswith("."):
        return f"'{typed}' is not a file directly inside stories/photos/"
    if len(parts[1]) > PHOTO_NAME_MAX:
        return f"'{typed[:40]}...' has a file name over {PHOTO_NAME_MAX} characters"
    if PurePosixPath(typed).suffix.lower() not in PHOTO_SUFFIXES:
        return f"'{typed}' is not a .jpg, .png or .webp file"
    folder = stories_dir / PHOTO_FOLDER
    path = folder / parts[1]
    if folder.is_symlink() or path.is_symlink():
        return f"'{typed}' is a symbolic link"
    if not os.path.lexists(path):
        return f"'{typed}' does not exist"
    if not stat.S_ISREG(path.lstat().st_mode):
        return f"'{typed}' is not a plain file (a folder, a named pipe or a device)"
    # Whatever the path looks like, the file it names must really be inside stories/photos/.
    if not path.resolve().is_relative_to(folder.resolve()) or folder.resolve() != (stories_dir.resolve() / PHOTO_FOLDER):
        return f"'{typed}' leads outside stories/photos/"
    return None


def _read_themes(fields: Fields, catalogue: Catalogue) -> tuple[Theme, ...] | None:
    example = f", e.g. [{catalogue.themes[0].id}]" if catalogue.themes else ""
    items = fields.read(STORY.field("themes"), example=example)
    if items is None:
        return None
    themes: list[Theme] = []
    for item in items:
        theme = catalogue.find_theme(item.text)
        if theme is None:
            fields.error(
                item.line, "themes", f"'{item.text}' is not in data/themes.yml",
                did_you_mean(item.text, [theme.id for theme in catalogue.themes]),
            )
            return None
        if theme not in themes:
            themes.append(theme)
    return tuple(themes)


def _read_consent(fields: Fields) -> Consent | None:
    group: Fields | None = fields.read(CONSENT)
    if group is None:
        return None
    given = group.read(CONSENT.field("given"))
    expires = group.read(CONSENT.field("expires"))
    scope_items = group.read(CONSENT.field("scope"))
    reference = group.read(CONSENT.field("reference"))
    guardian = group.read(CONSENT.field("guardian"))
    withdrawn = group.read(CONSENT.field("withdrawn"))
    scope: list[str] = []
    for item in scope_items or []:
        if item.text not in SCOPES:
            group.error(item.line, "scope", f"'{item.text}' is not a consent scope", did_you_mean(item.text, SCOPES))
            scope_items = None
        else:
            scope.append(item.text)
    breach = first_breach((EXPIRES_AFTER_GIVEN, CONSENT_AT_MOST_FIVE_YEARS), Facts(given=given, expires=expires))
    if breach is not None:
        _report(group, breach)
        expires = None
    if given is None or expires is None or scope_items is None or reference is None or withdrawn is None:
        return None
    return Consent(given, expires, tuple(scope), reference, guardian, withdrawn)
