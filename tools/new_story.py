"""Start a new story: write stories/<name>.yml from the template, ready to fill in.

``make story`` runs this (``make story COUNTRY=<country> PERSON="<name>"``; without
COUNTRY it asks). The file is stories/_template.yml with today's date as the day the
testimony was collected, consent given and the story published, the country's default
identity from data/countries.yml (anonymous for a country marked at_risk, where people
are at risk if named), the first role of data/roles.yml unless another is asked for, and
placeholders where only the editor knows the answer. The file is checked by
the build's own rules before the command ends: it either builds, or is not left behind.

The file name is the page's address, so it comes from typed words only where the page
shows them: the name of a named story, the first name of a first-name story. Every other
story gets the next free neutral name, ``<country>-<role>-<number>``. A name given with ``--file`` (``make story SLUG=...``) is
checked by the build's own rule (stories.file_name_error) and refused in its words.

"Today" is the real date, or ``STORIES_TODAY`` (YYYY-MM-DD) where set, as for the build.

Usage: python tools/new_story.py [--country C] [--name N] [--file NAME] [--identity I]
                                 [--role R] [--theme ID ...] [--root DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storysite.catalogue import SLUG, load_catalogue
# A story holding the contract's placeholders builds but is never published (selection.py);
# pr_summary.py points them out in the pull request.
from storysite.contract import (
    CONSENT, IDENTITIES, NAME, PLACEHOLDER_NAMES, PLACEHOLDER_REFERENCE, QUOTE, SAFE_IDENTITIES, STORY, Kind,
    latest_expiry, placeholder_reference,
)
from storysite.errors import ContentError, ContentErrors
from storysite.model import Catalogue, Country, Story
from storysite.selection import TodayError, today
from storysite.stories import file_name_error, load_story, proposed_file_name
from storysite.strict_yaml import Mapping, Scalar, YamlRefused, read_file

ROOT = Path(__file__).resolve().parent.parent

TEMPLATE = Path("stories") / "_template.yml"
# Lines of the template whose value this command sets: "key: value   # note".
_FIELD_LINE = re.compile(
    r"^(?P<indent> *)(?P<key>[a-z_]+):(?P<value>[^#\n]*?)(?P<gap> *)(?P<note>#.*)?$"
)
_TOP_LEVEL = ("identity", "name", "country", "role", "themes", "collected", "published")
# The optional fields the instructions ask for by name (the others are listed as optional).
_FILLED_IN = ("themes", "published")
_IN_CONSENT = ("given", "expires", "reference")
_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}


class NewStoryError(Exception):
    """The story cannot be started as asked; the message says what to do instead."""


@dataclass(frozen=True)
class NewStory:
    """A story file that was written and passes the build's checks."""

    path: Path
    story: Story
    country: Country
    placeholders: tuple[str, ...]  # fields still holding a placeholder, e.g. "name"
    catalogue: Catalogue  # the programme's vocabulary, for the instructions' examples


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar that every reader takes as this exact text.

    Plain when it is an ordinary name ("Veronica Ayuba", "N'Diaye"), double-quoted
    otherwise: a name such as "No", "Yes: maybe" or "#1" would mean something else.
    """
    plain = re.fullmatch(r"[^\W\d_][\w .'’-]*", value) and not value.endswith(" ")
    if plain and value.casefold() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def template_quote(root: Path) -> str | None:
    """The template's placeholder quote, or None if the template has none."""
    try:
        node = read_file(root / TEMPLATE, TEMPLATE.as_posix())
    except (OSError, YamlRefused):
        return None
    quote = node.get("quote") if isinstance(node, Mapping) else None
    return " ".join(quote.text.split()) if isinstance(quote, Scalar) else None


def placeholders_left(story: Story, root: Path) -> tuple[str, ...]:
    """The fields of ``story`` that still hold what a new story starts with."""
    left = []
    if story.name is not None and story.name == PLACEHOLDER_NAMES.get(story.identity):
        left.append("name")
    if " ".join(story.quote.split()) == template_quote(root):
        left.append("quote")
    if PLACEHOLDER_REFERENCE.search(story.consent.reference):
        left.append("consent.reference")
    return tuple(left)


def fill_template(template: str, values: dict[str, str | None], header: list[str]) -> str:
    """The template with each field in ``values`` set (None deletes its line) and a new header.

    The template's leading notes are replaced by ``header``; its yaml-language-server
    line stays. Raises :class:`NewStoryError` when a field to set is not in the template
    exactly once, so that a changed template fails here instead of writing a wrong file.
    """
    lines = template.splitlines()
    body_start = next((i for i, line in enumerate(lines) if line and not line.startswith("#")), len(lines))
    modeline = [line for line in lines[:body_start] if line.startswith("# yaml-language-server:")]
    found: dict[str, int] = {}
    out: list[str] = []
    in_consent = False
    for line in lines[body_start:]:
        match = _FIELD_LINE.match(line)
        if match is None:
            out.append(line)
            continue
        key, nested = match["key"], bool(match["indent"])
        if not nested:
            in_consent = key == "consent"
        settable = (in_consent and key in _IN_CONSENT) if nested else key in _TOP_LEVEL
        if not settable or key not in values:
            out.append(line)
            continue
        found[key] = found.get(key, 0) + 1
        value = values[key]
        if value is None:
            continue
        head = f"{match['indent']}{key}: {value}"
        if match["note"]:
            # Keep the notes lined up where the new value is short enough.
            head = head.ljust(match.start("note") - 1) + " " + match["note"]
        out.append(head)
    missing = [key for key in values if found.get(key) != 1]
    if missing:
        raise NewStoryError(f"{TEMPLATE} must have each of these fields once: {', '.join(missing)}")
    return "\n".join([*modeline, *header, *out]) + "\n"


def _file_name(
    asked: str | None, identity: str, name: str | None, country: Country, role: str, roles: tuple[str, ...], stories: Path
) -> str:
    """The new story's file name: ``asked`` if the build's rule accepts it, else the
    first free name the rule proposes (a neutral ``<country>-<role>-<number>`` for every
    story that is not named). The rule is the build's own (stories.file_name_error), so
    a name refused here is refused by the build with the same words, and the reverse."""
    minor = False  # a new story starts as an adult's; minor: true is set by the editor
    taken = lambda slug: (stories / f"{slug}.yml").exists()  # noqa: E731
    if asked:
        slug = asked.removesuffix(".yml")
        if SLUG.fullmatch(slug) and taken(slug):
            raise NewStoryError(f"stories/{slug}.yml already exists: choose another name")
        refused = file_name_error(
            slug, identity=identity, name=name, country=country, role=role, roles=roles, minor=minor, taken=taken
        )
        if refused is None and identity == "first-name" and name is None and not _is_neutral_for(slug, country, roles, taken):
            # The rule needs the first name, which the editor has not given yet.
            raise NewStoryError(
                f"stories/{slug}.yml: a first-name story's file name is the first name: give it too "
                "(PERSON=...), or leave SLUG out for a neutral name"
            )
        if refused is not None:
            raise NewStoryError(str(refused))
        return slug
    # Words typed for the name are used only where the page shows them: named and first-name.
    proposed = proposed_file_name(
        identity=identity, name=name, country=country, role=role, roles=roles, minor=minor, taken=taken
    )
    if proposed is None:
        raise NewStoryError(f"every neutral file name for {country.name} is taken: give one with SLUG=...")
    return proposed


def _is_neutral_for(slug: str, country: Country, roles: tuple[str, ...], taken: Callable[[str], bool]) -> bool:
    """Whether ``slug`` is a neutral name for ``country``: one the build accepts even for
    an anonymous story."""
    refused = file_name_error(
        slug, identity="anonymous", name=None, country=country, role=None, roles=roles, minor=False, taken=taken
    )
    return refused is None


def new_story(
    root: Path,
    country_typed: str,
    *,
    name: str | None = None,
    file_name: str | None = None,
    identity: str | None = None,
    role: str | None = None,
    themes: tuple[str, ...] = (),
    on: dt.date,
) -> NewStory:
    """Write a new story under ``root/stories`` from the template and check it as the build does.

    ``role`` is a role id of data/roles.yml; None: the file's first role.

    Raises :class:`NewStoryError` (nothing written) when the request breaks a rule, e.g.
    a name for an anonymous story or a named story from an at-risk country, and
    :class:`ContentErrors` when data/ itself is broken.
    """
    errors: list[ContentError] = []
    catalogue = load_catalogue(root, errors)
    if errors:
        raise ContentErrors(errors)
    country = _find_country(catalogue, country_typed)
    identity = identity or country.default_identity
    if identity not in IDENTITIES:
        raise NewStoryError(f"'{identity}' is not an identity: use one of {', '.join(IDENTITIES)}")
    if country.at_risk and identity not in SAFE_IDENTITIES:
        raise NewStoryError(f"people in {country.name} are at risk if named: use identity anonymous or pseudonym")
    roles = catalogue.role_ids()
    role = role or roles[0]
    if catalogue.find_role(role) is None:
        raise NewStoryError(f"'{role}' is not a role of data/roles.yml: use one of {', '.join(roles)}")
    if identity == "anonymous" and name:
        raise NewStoryError("an anonymous story keeps no name in the file: leave the name out")
    if identity == "first-name" and name:
        # Only the first name may appear, in the page and in its address.
        name = name.split()[0]
    for theme in themes:
        if catalogue.find_theme(theme) is None:
            raise NewStoryError(f"'{theme}' is not in data/themes.yml: use one of {', '.join(t.id for t in catalogue.themes)}")

    stories = root / "stories"
    slug = _file_name(file_name, identity, name, country, role, roles, stories)
    values: dict[str, str | None] = {
        "identity": identity,
        "name": None if identity == "anonymous" else yaml_text(name or PLACEHOLDER_NAMES[identity]),
        "country": yaml_text(country.name),
        "role": role,
        "themes": "[" + ", ".join(themes) + "]",
        "collected": on.isoformat(),
        # The day it goes on the site is not known yet; today is the closest guess, and
        # the feed needs a date that does not move with every build.
        "published": on.isoformat(),
        "given": on.isoformat(),
        # As long as the contract lets consent last (storysite.contract.latest_expiry).
        "expires": latest_expiry(on).isoformat(),
        "reference": placeholder_reference(on.year),
    }
    header = [
        f"# A new story, started with `make story` on {on.isoformat()}. Fill in every field: the",
        "# notes after each say what it means. Then preview it with `make serve` and open a pull",
        "# request (CONTRIBUTING.md walks you through it). Lines starting with \"#\" are notes for",
        "# you; delete them or leave them.",
        "",
    ]
    text = fill_template((root / TEMPLATE).read_text(encoding="utf-8"), values, header)
    path = stories / f"{slug}.yml"
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite a story
        handle.write(text)
    found: list[ContentError] = []
    story = load_story(path, root, catalogue, found)
    if story is None or found:
        path.unlink()
        raise NewStoryError("the new story would not build, so it was not kept:\n" + "\n".join(f"  {e}" for e in found))
    return NewStory(path, story, country, placeholders_left(story, root), catalogue)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "not set"


def _find_country(catalogue: Catalogue, typed: str) -> Country:
    country = catalogue.find_country(typed)
    if country is None:
        names = ", ".join(c.name for c in catalogue.countries)
        raise NewStoryError(f"'{typed}' is not in data/countries.yml: use one of {names}")
    return country


def instructions(made: NewStory, root: Path) -> str:
    """What the editor reads after the file was written: where it is and what to fill in."""
    story, country = made.story, made.country
    relative = made.path.relative_to(root).as_posix()
    why = ""
    if story.identity == country.default_identity:
        why = f" ({story.identity} is the default for {country.name}"
        why += ": people there are at risk if named)" if country.at_risk else ")"
    themes = ", ".join(theme.id for theme in story.themes) or "none yet"
    role_ids = made.catalogue.role_ids()
    role_choices = " or ".join([", ".join(role_ids[:-1]), role_ids[-1]] if len(role_ids) > 1 else role_ids)
    theme_example = f", e.g. [{made.catalogue.themes[0].id}]" if made.catalogue.themes else ""
    article = "an" if story.identity[0] in "aeiou" else "a"
    lines = [
        f"Created {relative}: {article} {story.identity} story from {country.name}{why}.",
        "",
        "Open it and fill in:",
    ]
    # Each line says what the contract's note (the template's) or hint says of the field.
    field = STORY.field
    if "name" in made.placeholders:
        lines.append(f'  name        {NAME.error_hint()} (now "{story.name}")')
    lines += [
        f"  quote       {QUOTE.error_hint()}",
        f"  role        {role_choices} (now {story.role.id})",
        f"  themes      {field('themes').note}{theme_example} (now {themes})",
        f"  collected   {field('collected').note} (now today, {story.collected.isoformat()})",
        f"  published   {field('published').note} (now today, {_iso(story.published)})",
        f"  consent     {CONSENT.error_hint()}",
        f"              (given now {story.consent.given.isoformat()}, expires now {story.consent.expires.isoformat()}"
        f" at the latest, reference now {story.consent.reference})",
        f"Optional: {_optional_fields()}; the notes in the file show how.",
    ]
    if story.identity == "anonymous":
        lines.append("Anonymous: do not add a name line, and no photo of the speaker.")
    lines += [
        "",
        f"Preview it with `make serve` at http://127.0.0.1:8000/{story.url}, then open a pull request.",
        "Step by step: CONTRIBUTING.md",
    ]
    return "\n".join(lines) + "\n"


def _optional_fields() -> str:
    """The optional fields a new story may add, by the contract's titles: "original words,
    longer testimony, photo, ...", in file order (true-or-false fields left out)."""
    titles = [item.title.lower() for item in STORY.fields if not item.required and item.kind is not Kind.BOOLEAN
              and item.key not in _FILLED_IN]
    return ", ".join(titles[:-1]) + " and " + titles[-1] if len(titles) > 1 else "".join(titles)


def _ask_what_is_missing(root: Path, country: str, name: str, identity: str, read: Callable[[str], str]) -> tuple[str, str]:
    """Ask for the country, and the name unless the story is anonymous; raises ContentErrors."""
    errors: list[ContentError] = []
    catalogue = load_catalogue(root, errors)
    if errors:
        raise ContentErrors(errors)
    if not country:
        choices = ", ".join(c.name for c in catalogue.countries)
        country = _ask(f"Which country is the story from? ({choices}): ", read)
    found = catalogue.find_country(country)
    if not name and found is not None and (identity or found.default_identity) != "anonymous":
        name = _ask("The name to show (press Enter to fill it in later): ", read)
    return country, name


def _example_country(root: Path) -> str:
    """The first country's name in data/countries.yml, for an example; a placeholder when
    the file cannot be read (its errors are reported when the story is made)."""
    catalogue = load_catalogue(root, [])
    if not catalogue.countries:
        return "<country>"
    name = catalogue.countries[0].name
    return f'"{name}"' if " " in name else name


def _ask(prompt: str, read: Callable[[str], str]) -> str:
    try:
        return read(prompt).strip()
    except EOFError:
        return ""


def main(argv: list[str] | None = None, read: Callable[[str], str] = input) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--country", default="", help="a country of data/countries.yml (name, alias or code)")
    parser.add_argument("--name", default="", help="the name to show (not for anonymous stories)")
    parser.add_argument(
        "--file", default="", help="the file name, e.g. veronica-ayuba (default: the shown name, or a neutral one)"
    )
    parser.add_argument("--identity", default="", help="named, first-name, pseudonym or anonymous (default: the country's)")
    parser.add_argument("--role", default="", help="a role id of data/roles.yml (default: the first one listed)")
    parser.add_argument("--theme", action="append", default=[], help="a theme id of data/themes.yml; may repeat")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this repository)")
    args = parser.parse_args(argv)
    root: Path = args.root
    # Empty values come from make variables that were not given: treat them as absent.
    country, name, identity = args.country.strip(), args.name.strip(), args.identity.strip()
    try:
        on = today()
        if sys.stdin.isatty():
            country, name = _ask_what_is_missing(root, country, name, identity, read)
        if not country:
            raise NewStoryError(f"say which country the story is from, e.g. make story COUNTRY={_example_country(root)}")
        made = new_story(
            root, country, name=name or None, file_name=args.file.strip() or None, identity=identity or None,
            role=args.role.strip() or None, themes=tuple(args.theme), on=on,
        )
    except (NewStoryError, ContentErrors, TodayError) as error:
        sys.stderr.write(f"No story was created: {error}\n")
        return 1
    sys.stdout.write(instructions(made, root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
