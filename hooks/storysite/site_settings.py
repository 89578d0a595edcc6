"""The site's own settings under ``extra:`` in mkdocs.yml, checked before anything is built.

Every page prints them: the programme and organisation names, the donate button and the
takedown address, which is a promise to the people quoted that they can ask for their
story to come down. They are declared with MkDocs' own config classes
(:class:`mkdocs.config.base.Config` and its options), and every mistake is reported at
once, each naming its setting::

    mkdocs.yml: extra.donate.url: must start with https:// (the address of the donation page, ...)

One group is optional: ``data_licence`` (``name`` and ``url``), the licence of the open
figures (:mod:`storysite.open_figures`); left out, no licence is published.

Keys of ``extra`` that are not ours (Material's ``generator``, ``social``, anything else)
are left alone, unless they are so close to one of ours that they are surely a typo:
``takedwon:`` would otherwise remove the takedown contact from every page without a word.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from .text_rules import describe_character, invisible_character, visible

SETTINGS_FILE = "mkdocs.yml"
DONATE_EXAMPLE = "https://www.example.org/donate"
EMAIL_EXAMPLE = "stories@example.org"
LICENCE_EXAMPLE = "CC BY 4.0"
LICENCE_URL_EXAMPLE = "https://creativecommons.org/licenses/by/4.0/"
# How close an unknown key of extra must be to one of ours to count as a typo of it:
# 'takedwon', 'organization', 'programm', 'donation' are; Material's keys are not.
TYPO_CUTOFF = 0.7
# Keys Material for MkDocs reads from extra: never a typo of ours, whatever they look like.
THEME_KEYS = frozenset(
    {"alternate", "analytics", "annotate", "consent", "generator", "homepage", "scope", "social", "status", "tags", "version"}
)

# One DNS label: letters, digits and inner hyphens; a top-level domain of letters (or an
# internationalised one written xn--...). Non-ASCII names are refused: they can look like
# another organisation's domain.
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
# The part before the @ of a plain address: the characters every mail system accepts.
_LOCAL_PART = re.compile(r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*", re.IGNORECASE)
# What a mailto: link would read as more than an address: other recipients (',' ';'),
# headers and body ('?' '&' '='), escapes ('%'), a fragment ('#'), quoting and comments.
_EMAIL_SEPARATORS = "?&=,;%#/\\:\"'<>()[]"


def _kind(value: object) -> str:
    """How a YAML value is named in a message."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a group of settings"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def _invisible(text: str) -> None:
    found = invisible_character(text)
    if found is not None:
        raise ValidationError(f"contains an invisible character, {describe_character(found[1])}")


def _host_problem(host: str) -> str | None:
    """Why ``host`` is not a real, public domain name, or None."""
    if not host:
        return "names no host: write the domain after https://, e.g. www.example.org"
    if not host.isascii():
        return f"'{host}' holds letters other than a-z: write the domain as it is registered, in ASCII"
    labels = host.lower().split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels) or len(host) > 253:
        return f"'{host}' is not a domain name"
    if not _TOP_LEVEL.fullmatch(labels[-1]):
        return f"'{host}' does not end in a top-level domain such as .org"
    return None


class Text(BaseConfigOption[str]):
    """One line of text, required: a name readers see on every page."""

    def __init__(self, hint: str, max_len: int = 120) -> None:
        super().__init__()
        self.hint = hint
        self.max_len = max_len

    def run_validation(self, value: object) -> str:
        text = _typed_text(value)
        if "\n" in text or "\t" in text:
            raise ValidationError("must be one line of text")
        if len(text) > self.max_len:
            raise ValidationError(f"is {len(text)} characters long; it must be at most {self.max_len}")
        return text


def _typed_text(value: object) -> str:
    """The text of a setting, stripped; ValidationError when it is missing, not text, empty
    or holds an invisible character."""
    if value is None:
        raise ValidationError("missing")
    if not isinstance(value, str):
        raise ValidationError(f"must be text, not {_kind(value)}")
    _invisible(value)
    text = value.strip()
    if not text:
        raise ValidationError("is empty")
    return text


class HttpsAddress(BaseConfigOption[str]):
    """A web address that is safe to link from every page: https, a real host, no user name
    or password, nothing a browser reads differently from what it shows."""

    def __init__(self, hint: str) -> None:
        super().__init__()
        self.hint = hint

    def run_validation(self, value: object) -> str:
        address = _typed_text(value)
        if not address.lower().startswith("https://") or not address.startswith("https://"):
            # Also javascript:, data:, http:, protocol-relative //host, HTTPS:// and the rest.
            raise ValidationError("must start with https://")
        if any(char.isspace() for char in address) or "\\" in address:
            raise ValidationError("must not hold spaces or backslashes")
        if not address.isascii():
            raise ValidationError("must be plain ASCII: percent-encode other characters, as the browser's address bar does")
        if len(address) > 2000:
            raise ValidationError(f"is {len(address)} characters long; it must be at most 2000")
        try:
            parts = urlsplit(address)
            port = parts.port
        except ValueError:
            raise ValidationError("is not a web address") from None
        if "@" in parts.netloc:
            raise ValidationError("must not hold a user name or password before an @")
        if port is not None or parts.netloc.endswith(":"):
            raise ValidationError("must not name a port")
        problem = _host_problem(parts.hostname or "")
        if problem is not None:
            raise ValidationError(problem)
        return address


class PlainEmail(BaseConfigOption[str]):
    """One plain e-mail address, as ``mailto:`` links print it: nothing that would add
    recipients, a subject or a body to the e-mail every visitor writes."""

    def __init__(self, hint: str) -> None:
        super().__init__()
        self.hint = hint

    def run_validation(self, value: object) -> str:
        address = _typed_text(value)
        if address.lower().startswith("mailto:"):
            raise ValidationError("must be the address alone, without mailto:")
        if any(char.isspace() for char in address):
            raise ValidationError("must not hold spaces")
        separator = next((char for char in address if char in _EMAIL_SEPARATORS), None)
        if separator is not None:
            raise ValidationError(
                f"holds '{separator}': it must be one plain address, with nothing that adds recipients, "
                "a subject or text to the e-mail"
            )
        if address.count("@") != 1:
            raise ValidationError("must hold exactly one @")
        local, domain = address.split("@")
        if not _LOCAL_PART.fullmatch(local) or len(local) > 64:
            raise ValidationError(f"'{local}' before the @ is not a plain mailbox name (letters, digits, . _ + -)")
        problem = _host_problem(domain)
        if problem is not None:
            raise ValidationError(problem)
        return address


class Donate(Config):
    """``extra.donate``: the call to support, on the home page and in the footer."""

    url = HttpsAddress(f"the address of the donation page, e.g. {DONATE_EXAMPLE}")
    label = Text("the button's words, e.g. Support the programme", max_len=60)


class Takedown(Config):
    """``extra.takedown``: where anyone can ask for a story to be taken down."""

    email = PlainEmail(f"the address people write to, to ask for a story to be taken down, e.g. {EMAIL_EXAMPLE}")


class DataLicence(Config):
    """``extra.data_licence``: the licence the open figures (``impact/figures.csv`` and
    ``.json``) are published under, stated on the impact page and in both files."""

    name = Text(f"the licence's short name, e.g. {LICENCE_EXAMPLE}", max_len=60)
    url = HttpsAddress(f"the address of the licence's text, e.g. {LICENCE_URL_EXAMPLE}")


class FormSignIn(Config):
    """``extra.cms``: how the editors' form at /admin/ signs in to GitHub on the published
    site (hooks/storysite/cms.py); ``make cms`` needs none of it."""

    auth_url = HttpsAddress("the address of the sign-in proxy for GitHub, e.g. https://cms-auth.example.org")
    branch = c.Optional(Text("the branch the form's pull requests go to, e.g. main", max_len=100))


class SiteSettings(Config):
    """Our keys of ``extra``; each is required but those in :data:`OPTIONAL_GROUPS`."""

    programme = Text("the programme's name, as readers see it in the header and footer")
    organisation = Text("the organisation's name, as in the footer")
    donate = c.SubConfig(Donate)
    takedown = c.SubConfig(Takedown)
    data_licence = c.SubConfig(DataLicence)
    cms = c.SubConfig(FormSignIn)


# Groups that may be left out. Without data_licence the open figures carry no licence and
# the page says to ask (extra.takedown.email) before reusing them: no licence is ever
# claimed for the organisation by default.
# Without cms the published form cannot sign in (make cms still works).
OPTIONAL_GROUPS = frozenset({"data_licence", "cms"})


GROUP_HINTS = {
    "donate": f"give it url: and label:, e.g. url: {DONATE_EXAMPLE}",
    "takedown": (
        "it is a safeguarding promise: give it email:, the address people write to, to ask for a story to be "
        f"taken down, e.g. {EMAIL_EXAMPLE}"
    ),
    "cms": "give it auth_url:, the sign-in proxy's https:// address (and branch:, if not main), or delete it",
    "data_licence": (
        f"give it name: and url:, e.g. name: {LICENCE_EXAMPLE} and url: {LICENCE_URL_EXAMPLE}, "
        "or delete it to publish the figures without a licence"
    ),
}


def site_root(site_url: str | None) -> str | None:
    """mkdocs.yml's ``site_url`` as the site's absolute address, ending in one '/' (share
    links, the feed and the print pack's QR codes join page addresses to it); None when
    there is none."""
    return site_url.rstrip("/") + "/" if site_url else None


def check_site_settings(extra: Mapping[str, object]) -> list[str]:
    """Every problem with the site's settings in ``extra``, one message each; [] when fine.

    Each message names the setting, what is wrong and what to write instead:
    ``mkdocs.yml: extra.takedown.email: must be the address alone, without mailto: (...)``.
    """
    messages: list[str] = []
    _check_group(SiteSettings, extra, "extra", messages, _is_typo_of_ours)
    return messages


def _check_group(
    schema: type[Config],
    values: Mapping[str, object],
    prefix: str,
    messages: list[str],
    refuse_unknown: Callable[[str, list[str]], bool],
) -> None:
    """Check each setting of ``schema`` in ``values``; unknown keys for which
    ``refuse_unknown(key, known)`` is true are errors with a did-you-mean."""
    known = [key for key, _ in schema._schema]
    for key, option in schema._schema:
        name = f"{prefix}.{key}"
        value = values.get(key)
        if isinstance(option, c.SubConfig):
            hint = GROUP_HINTS.get(key, "")
            if value is None and key in OPTIONAL_GROUPS:
                continue
            if value is None:
                messages.append(_message(name, "missing", hint))
            elif not isinstance(value, Mapping):
                messages.append(_message(name, f"must be a group of settings, not {_kind(value)}", hint))
            else:
                _check_group(option.config_class, value, name, messages, _always)
            continue
        try:
            option.validate(value)
        except ValidationError as error:
            messages.append(_message(name, str(error), getattr(option, "hint", "")))
    for key in values:
        if key not in known and refuse_unknown(str(key), known):
            messages.append(_message(f"{prefix}.{_shown(str(key))}", "unknown setting", _did_you_mean(str(key), known)))


def _shown(key: str) -> str:
    """A key as typed, with what a report must not print as it is (a line break that would
    start a forged line, an invisible character) written as a code."""
    return visible(key).replace("\n", "<U+000A>").replace("\t", "<U+0009>")


def _always(key: str, known: list[str]) -> bool:
    return True


def _is_typo_of_ours(key: str, known: list[str]) -> bool:
    return key not in THEME_KEYS and bool(difflib.get_close_matches(key.lower(), known, n=1, cutoff=TYPO_CUTOFF))


def _did_you_mean(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(known)


def _message(name: str, problem: str, hint: str) -> str:
    return f"{SETTINGS_FILE}: {name}: {problem}" + (f" ({hint})" if hint else "")
