"""The editors' form at ``/admin/``: Decap CMS's configuration, made from the story contract.

Comms editors add a story through a web form instead of writing YAML. The form is Decap CMS
(installed from the npm registry into ``cms/node_modules/`` by the set-up, pinned by
``cms/package-lock.json``, copied into the site: no CDN). Its ``config.yml`` is made here
from :mod:`storysite.contract` and the catalogue (``data/``), never typed again: every field
of the contract becomes a widget with the contract's title, description (without how to
type it in YAML, ``Field.in_file``: nobody types YAML here), required flag, limits, pattern
and choices, and its hint as the message of a refused value (without ``Field.hint_in_file``).
Where a form applies a rule between fields, it says so in the rule's form words
(``Rule.form_text``), never in the file's keys.

One form per identity (four collections on the same folder, ``stories/``, each filtered by
its ``identity``), because Decap cannot make one field depend on another:

- *named* and *first-name* stories: the countries offered are those that are not at risk
  and there is no ``minor`` field (a child is never named); the file name is the name's;
  a first name is one word.
- *pseudonym* and *anonymous* stories: every country, ``minor`` and the guardian's form;
  an anonymous story has no name field at all; the file name is the neutral
  ``<country>-<role>-1`` (Decap numbers it ``-1-1`` when taken: the build then names the
  free number).

What Decap cannot check (a photo's contents, consent ending after it was given, ...) the
build checks, in the pull request, as for a file written by hand.

Publishing (:func:`admin_files`, :func:`write_admin`): ``site/admin/`` gets ``index.html``
(``overrides/storysite/admin/index.html``: ``noindex``, its own Content-Security-Policy),
``config.yml`` and Decap's script with its chunks. It is written after MkDocs' build, so it
is in no sitemap, search index or feed. Without ``cms/node_modules/`` the site is built
without it and the log says so.

Saving: on GitHub through the editorial workflow (every new or changed story is a branch
and a pull request; open authoring for editors without write access); locally (``make cms``)
through decap-server in its file-system mode, which writes straight into the checkout.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .contract import (
    ANONYMOUS_HAS_NO_NAME, AT_RISK_IS_NOT_NAMED, CHILD_HAS_GUARDIAN, CHILD_IS_NOT_NAMED, FIRST_NAME_IS_ONE_WORD,
    NEUTRAL_FILE_NAME, PROTECTED_PHOTO_IS_SOMEONE_ELSE, SAFE_IDENTITIES, STORY, Field, Kind, form_description,
)
from .catalogue import load_catalogue
from .errors import ContentError
from .model import Catalogue

# Where Decap's files are once the set-up ran (cms/package.json pins the version).
DIST = Path("cms") / "node_modules" / "decap-cms" / "dist"
SCRIPT = "decap-cms.js"
# Our one addition to Decap: the widget of an optional group (see that file), loaded after it.
WIDGETS = Path("cms") / "storysite-widgets.js"
# Our colours where Decap's fall short of AA contrast.
STYLES = Path("cms") / "storysite-admin.css"
GROUP_WIDGET = "storysite-group"
NEEDED = "storysite_needed"  # a field's setting for that widget: the hint it is refused with
TEMPLATE = "storysite/admin/index.html"
ADMIN_DIR = "admin"
# decap-server's address for make cms (the Makefile starts it there, bound to this machine).
LOCAL_PORT = 8081
MEDIA_FOLDER = "stories/photos"
PUBLIC_FOLDER = "photos"  # what a story's photo.file starts with: photos/<name>.jpg
GITHUB_API = "https://api.github.com"
# The signed-in editor's picture in Decap's header.
GITHUB_AVATARS = "https://avatars.githubusercontent.com"
# Long text gets a text area, short text a line.
SHORT_TEXT = 250


class CmsConfigError(Exception):
    """A field of the contract has a kind the form cannot show (a new kind: add it here)."""


@dataclass(frozen=True)
class Form:
    """One collection of the CMS: the stories of one identity."""

    identity: str
    label: str
    label_singular: str
    description: str
    # Which countries the form offers: all, or only those that are not at risk.
    at_risk_countries: bool


FORMS = (
    Form(
        "named", "Named stories", "Named story",
        "The speaker’s full name is shown. Only for countries where being named is safe, never for a child.",
        at_risk_countries=False,
    ),
    Form(
        "first-name", "First-name stories", "First-name story",
        "Only the speaker’s first name is shown. Only for countries where being named is safe, never for a child.",
        at_risk_countries=False,
    ),
    Form(
        "pseudonym", "Pseudonym stories", "Pseudonym story",
        "A changed name is shown, with a note that it was changed. For any country, and for children.",
        at_risk_countries=True,
    ),
    Form(
        "anonymous", "Anonymous stories", "Anonymous story",
        "No name at all: the page shows the role and the country. For any country, and for children.",
        at_risk_countries=True,
    ),
)

# Fields of the contract a form leaves out, by (form identity, dotted field), with the name
# of the rule that says why. The agreement test (tests/unit/test_cms_config.py) accepts a
# missing widget only for these.
LEFT_OUT_BY_RULE: dict[tuple[str, str], str] = {
    ("anonymous", "name"): ANONYMOUS_HAS_NO_NAME.name,
    ("named", "minor"): CHILD_IS_NOT_NAMED.name,
    ("first-name", "minor"): CHILD_IS_NOT_NAMED.name,
}
# Kinds the contract may declare (compared by value: they are being added to the contract
# while this form already shows them).
YEAR_KIND = "year"
ENTRIES_KIND = "list of entries"



def _fill(text: str, field: Field, words: Mapping[str, str]) -> str:
    return text.format(limits=field.limits(), **words)


def length_pattern(field: Field) -> str | None:
    """A whole-value regular expression for the field's length limits, or None without any.

    ``[\\s\\S]`` rather than ``.``: a quote may run over several lines."""
    if field.min_len is None and field.max_len is None:
        return None
    return f"^[\\s\\S]{{{field.min_len or 0},{'' if field.max_len is None else field.max_len}}}$"


def value_pattern(field: Field) -> str | None:
    """The regular expression the form checks a typed value with: the contract's pattern and
    its length limits together (None when the field has neither)."""
    shape = f"^(?:{field.pattern.regex})$" if field.pattern is not None else None
    length = length_pattern(field)
    if shape and length:
        return f"(?={length}){shape}"
    return shape or length


def refusal(field: Field, words: Mapping[str, str]) -> str:
    """What the form says of a value it refuses: the field's own hint (the build's words,
    without the part only a file needs, ``Field.hint_in_file``). A hint that is all a
    file's is replaced by what the field is (its form description, as a clause)."""
    if field.hint:
        said = field.hint.format(limits=field.limits(), **words)
        # A hint that does not give the limits gets them: the refusal must say what fits.
        if field.limits() and "{limits}" not in field.hint:
            said += f" ({field.limits()} characters)"
        return said
    if field.hint_in_file:
        # E.g. a photo's path: the form's picker never shows one.
        return as_clause(_fill(form_description(field), field, words))
    if field.pattern is not None:
        return field.pattern.hint
    return f"{field.limits()} characters"


def as_clause(sentence: str) -> str:
    """A sentence of the form's words as a clause of a refusal: Decap writes "<label>
    didn't match the pattern: <refusal>." itself, so no capital and no full stop."""
    return sentence[:1].lower() + sentence[1:].removesuffix(".")


def _help(field: Field, words: Mapping[str, str]) -> str:
    """The hint under a widget: the contract's description without its YAML advice
    (``Field.in_file``): in the form nobody types YAML."""
    text = _fill(form_description(field), field, words)
    if field.choices:
        text += " " + " ".join(f"{choice.value}: {choice.help}" for choice in field.choices)
    return text


def _catalogue_widget(field: Field, form: Form, catalogue: Catalogue, words: Mapping[str, str]) -> dict[str, Any]:
    if field.source == "countries":
        countries = [c for c in catalogue.countries if form.at_risk_countries or not c.at_risk]
        widget: dict[str, Any] = {"widget": "select", "options": [{"label": c.name, "value": c.name} for c in countries]}
        kept_out = [c.name for c in catalogue.countries if c not in countries]
        if kept_out:
            widget["hint"] = (
                f"{', '.join(kept_out)}: not offered here. {AT_RISK_IS_NOT_NAMED.form_text} "
                "Add the story under Pseudonym stories or Anonymous stories."
            )
        return widget
    if field.source == "roles":
        return {"widget": "select", "options": [{"label": role.label, "value": role.id} for role in catalogue.roles]}
    if field.source == "themes":
        return {
            "widget": "select", "multiple": True,
            "options": [{"label": theme.label, "value": theme.id} for theme in catalogue.themes],
        }
    raise CmsConfigError(f"{field.key}: no catalogue list called {field.source!r}")


def widget(
    field: Field, form: Form, catalogue: Catalogue, today: dt.date, prefix: str = "", *, in_optional: bool = False,
) -> dict[str, Any]:
    """The Decap field of one contract field (a group with its fields) in ``form``.

    ``in_optional``: the field is inside an optional group (photo, original). Decap checks
    a required field even when its group is left empty, so there it is optional in the
    form (its hint says it is needed with the group) and the build checks it."""
    words = catalogue.description_words()
    dotted = prefix + field.key
    required = (field.required or field.required_by_rule) and not in_optional
    made: dict[str, Any] = {"name": field.key, "label": field.title, "required": required, "hint": _help(field, words)}
    if in_optional and field.required:
        made["hint"] += " Needed when this part is filled in."
        # What the group widget (cms/storysite-widgets.js) refuses a filled-in group without.
        made[NEEDED] = refusal(field, words)
    if field.source is not None:
        chosen = _catalogue_widget(field, form, catalogue, words)
        if "hint" in chosen:
            chosen["hint"] = made["hint"] + " " + chosen["hint"]
        return made | chosen
    kind = field.kind
    if dotted == "identity":
        # The form is the identity: a fixed value, shown in the form's title. Decap shows
        # no hint of a hidden field, and the identities' help speaks of the file's lines.
        del made["hint"]
        return made | {"widget": "hidden", "default": form.identity}
    if kind is Kind.TEXT:
        if dotted == "photo.file":
            return made | {"widget": "image", "choose_url": False, "allow_multiple": False}
        long_text = field.max_len is None or field.max_len > SHORT_TEXT
        made["widget"] = "text" if long_text and field.pattern is None else "string"
        pattern = value_pattern(field)
        refused = refusal(field, words)
        if dotted == "name" and form.identity == "first-name":
            pattern = "^\\S+$" if pattern is None else f"(?=\\S+$){pattern}"
            made["hint"] += " " + FIRST_NAME_IS_ONE_WORD.form_text
            # Two words are refused by this pattern too: the refusal says why.
            refused += "; " + as_clause(FIRST_NAME_IS_ONE_WORD.form_text)
        if pattern is not None:
            made["pattern"] = [pattern, refused]
        return made
    if kind is Kind.CHOICE:
        return made | {"widget": "select", "options": [{"label": c.value, "value": c.value} for c in field.choices]}
    if kind is Kind.WORDS:
        return made | {
            "widget": "select", "multiple": True, "options": [{"label": c.value, "value": c.value} for c in field.choices],
        }
    if kind is Kind.BOOLEAN:
        # No default: a default value would fill in an optional group (the photo) left empty.
        if dotted == "photo.representative" and form.identity in SAFE_IDENTITIES:
            made["hint"] += " " + PROTECTED_PHOTO_IS_SOMEONE_ELSE.form_text
        return made | {"widget": "boolean"}
    if kind is Kind.DATE:
        assert field.pattern is not None, f"{dotted}: a date has the date pattern"
        made |= {
            "widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
            "pattern": [f"^(?:{field.pattern.regex})$", refusal(field, words)],
        }
        # Every date starts blank but the day the story goes on the site, which starts as
        # today (as make story writes it).
        return made if dotted == "published" else made | {"default": ""}
    if kind.value == YEAR_KIND:
        made |= {"widget": "number", "value_type": "int", "min": getattr(field, "minimum", None) or 0, "max": today.year}
        pattern = value_pattern(field)
        # Decap tests a number's digits against the pattern too.
        return made | ({"pattern": [pattern, refusal(field, words)]} if pattern else {})
    if kind is Kind.POINT:
        return made | {
            "widget": "list", "min": 2, "max": 2,
            "field": {"name": "value", "label": "From 0 to 1", "widget": "number", "value_type": "float",
                      "min": 0, "max": 1, "step": 0.05},
        }
    if kind is Kind.GROUP or kind.value == ENTRIES_KIND:
        inner = [
            widget(item, form, catalogue, today, f"{dotted}.", in_optional=in_optional or not field.required)
            for item in field.fields
            if (form.identity, f"{dotted}.{item.key}") not in LEFT_OUT_BY_RULE
        ]
        if dotted == "consent" and form.identity in SAFE_IDENTITIES:
            for item in inner:
                if item["name"] == "guardian":
                    item["hint"] += " " + CHILD_HAS_GUARDIAN.form_text
        if kind is Kind.GROUP:
            # An optional group gets our own widget, which checks what the group needs.
            return made | {"widget": "object" if field.required else GROUP_WIDGET, "collapsed": False, "fields": inner}
        # Starts empty: Decap would otherwise add one blank entry, which the build refuses.
        return made | {"widget": "list", "fields": inner, "default": []}
    raise CmsConfigError(f"{dotted}: the form cannot show a field of kind {kind.value!r}: add it to storysite.cms.widget")


def collection(form: Form, catalogue: Catalogue, today: dt.date) -> dict[str, Any]:
    """The Decap collection of ``form``: the stories of one identity, in ``stories/``."""
    fields = [
        widget(item, form, catalogue, today) for item in STORY.fields
        if (form.identity, item.key) not in LEFT_OUT_BY_RULE
    ]
    neutral = form.identity in SAFE_IDENTITIES
    return {
        "name": form.identity.replace("-", "_"),
        "label": form.label,
        "label_singular": form.label_singular,
        "description": form.description + " " + NEUTRAL_FILE_NAME.form_text,
        "folder": "stories",
        "extension": "yml",
        "format": "yml",
        "create": True,
        "delete": False,
        "filter": {"field": "identity", "value": form.identity},
        # What the list shows of a story; anonymous stories have no name.
        "identifier_field": "quote" if form.identity == "anonymous" else "name",
        "summary": "{{country}}: {{quote}}" if form.identity == "anonymous" else "{{name}} ({{country}})",
        "slug": "{{fields.country}}-{{fields.role}}" if neutral else "{{fields.name}}",
        "editor": {"preview": False},
        "fields": fields,
    }


@dataclass(frozen=True)
class Backend:
    """Where the form saves, from mkdocs.yml: ``repo_url`` (a GitHub repository) and
    ``extra.cms`` (``branch``, default main; ``auth_url``: the sign-in proxy's address)."""

    repo: str | None
    branch: str
    auth_url: str | None

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "Backend":
        repo = None
        parts = urlsplit(str(settings.get("repo_url") or ""))
        if parts.scheme == "https" and parts.hostname == "github.com":
            match = re.fullmatch(r"/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", parts.path)
            repo = f"{match.group(1)}/{match.group(2)}" if match else None
        extra = settings.get("extra") or {}
        cms = extra.get("cms") if isinstance(extra, Mapping) else None
        cms = cms if isinstance(cms, Mapping) else {}
        auth = str(cms.get("auth_url") or "") or None
        return cls(repo, str(cms.get("branch") or "main"), auth if auth and auth.startswith("https://") else None)


def local_backend_url(port: int = LOCAL_PORT) -> str:
    """decap-server's address for make cms: this machine only."""
    return f"http://127.0.0.1:{port}/api/v1"


def cms_config(
    catalogue: Catalogue, settings: Mapping[str, Any], today: dt.date, *, local_port: int = LOCAL_PORT,
) -> dict[str, Any]:
    """Decap's config.yml for this project: the backend, the editorial workflow, the photos'
    folder and one collection per identity (:data:`FORMS`)."""
    backend = Backend.from_settings(settings)
    github: dict[str, Any] = {
        "name": "github", "branch": backend.branch, "open_authoring": True,
        "commit_messages": {
            "create": "Add the story {{slug}} (from the form)",
            "update": "Edit the story {{slug}} (from the form)",
            "uploadMedia": "Add the photo {{path}} (from the form)",
        },
    }
    if backend.repo:
        github["repo"] = backend.repo
    if backend.auth_url:
        github["base_url"] = backend.auth_url
    site_url = str(settings.get("site_url") or "")
    config: dict[str, Any] = {
        "backend": github,
        # Every save is a branch and a pull request; nothing reaches the main branch from the form.
        "publish_mode": "editorial_workflow",
        # Only on this machine (Decap ignores it on any other host): make cms.
        "local_backend": {"url": local_backend_url(local_port), "allowed_hosts": ["127.0.0.1", "localhost"]},
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        # File names in plain Latin letters ("Łukasz" as "lukasz"), as the build wants them.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(form, catalogue, today) for form in FORMS],
    }
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


def render_config(config: Mapping[str, Any]) -> str:
    """config.yml's text: a note that it is generated, then the configuration."""
    note = "# Made by the build from hooks/storysite/contract/ and data/ (storysite.cms): do not edit.\n"
    return note + yaml.safe_dump(dict(config), sort_keys=False, allow_unicode=True, width=120)


def admin_policy(settings: Mapping[str, Any], *, local_port: int = LOCAL_PORT) -> str:
    """The Content-Security-Policy of /admin/ alone: what Decap needs, and nothing more.

    Decap runs only from our origin ('self'); it compiles its configuration checks at run
    time ('unsafe-eval'), sets styles from script ('unsafe-inline' styles) and shows
    photos being uploaded as blob: and data: addresses. It talks to GitHub's API (and,
    on this machine, to decap-server); the sign-in proxy opens in its own window.
    """
    # blob: Decap keeps a draft's photos as blob: addresses and reads them back with fetch.
    connect = ["'self'", "blob:", GITHUB_API, f"http://127.0.0.1:{local_port}"]
    directives = [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {GITHUB_AVATARS}",
        "font-src 'self' data:",
        "connect-src " + " ".join(connect),
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


@dataclass(frozen=True)
class AdminFile:
    """One file of site/admin/: its path under admin/ and either its text or the file it copies."""

    path: str
    text: str | None = None
    source: Path | None = None


def decap_files(root: Path) -> list[AdminFile]:
    """Decap's script, the chunks it loads on demand and its licence notice, from
    cms/node_modules/ ([] when the set-up has not installed it). Source maps stay out."""
    dist = root / DIST
    if not (dist / SCRIPT).is_file():
        return []
    wanted = [SCRIPT, f"{SCRIPT}.LICENSE.txt"]
    chunks = sorted(path.name for path in dist.iterdir() if path.name.endswith(f".{SCRIPT}") or path.suffix == ".wasm")
    ours = [AdminFile(path.name, source=root / path) for path in (WIDGETS, STYLES) if (root / path).is_file()]
    return [AdminFile(name, source=dist / name) for name in (*wanted, *chunks) if (dist / name).is_file()] + ours


def admin_files(root: Path, catalogue: Catalogue, settings: Mapping[str, Any], index_html: str, today: dt.date) -> list[AdminFile]:
    """Everything /admin/ needs ([] when Decap is not installed): ``index_html`` (the
    rendered template), config.yml and Decap's files."""
    decap = decap_files(root)
    if not decap:
        return []
    config = render_config(cms_config(catalogue, settings, today))
    return [AdminFile("index.html", text=index_html), AdminFile("config.yml", text=config), *decap]


def write_admin(site_dir: Path, files: list[AdminFile]) -> None:
    """Write ``files`` into site_dir/admin/."""
    folder = site_dir / ADMIN_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for item in files:
        target = folder / item.path
        if item.text is not None:
            target.write_text(item.text, encoding="utf-8")
        elif item.source is not None:
            target.write_bytes(item.source.read_bytes())


def publish_admin(
    root: Path, site_dir: Path, settings: Mapping[str, Any], today: dt.date,
    render: Callable[[str, Mapping[str, object]], str],
) -> list[tuple[int, str]]:
    """Write /admin/ into ``site_dir`` (``render`` draws a template of overrides/ with data);
    without Decap installed, write nothing and say so. Returns lines for the build log."""
    if not decap_files(root):
        return [(logging.INFO, f"The editors' form (/admin/) is left out: Decap CMS is not installed in {DIST.parent.parent}/ (make cms installs it)")]
    errors: list[ContentError] = []
    catalogue = load_catalogue(root, errors)
    if errors:  # the build stopped before this, but a form without countries must never be published
        return [(logging.WARNING, "The editors' form (/admin/) is left out: data/ has errors")]
    index_html = render(TEMPLATE, {"policy": admin_policy(settings), "scripts": [SCRIPT, WIDGETS.name], "styles": [STYLES.name]})
    write_admin(site_dir, admin_files(root, catalogue, settings, index_html, today))
    return []
