"""site_settings: the site's own settings under extra: in mkdocs.yml (issue 11)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from storysite.site_settings import check_site_settings, site_root

REPO = Path(__file__).resolve().parents[2]
URL_HINT = "(the address of the donation page, e.g. https://www.example.org/donate)"
EMAIL_HINT = "(the address people write to, to ask for a story to be taken down, e.g. stories@example.org)"
SEPARATOR = "it must be one plain address, with nothing that adds recipients, a subject or text to the e-mail"

GOOD = {
    "organisation": "Women for Women International (UK)",
    "programme": "Men's Engagement Programme",
    "donate": {"url": "https://www.example.org/donate", "label": "Support the programme"},
    "takedown": {"email": "stories@example.org"},
    "generator": False,
    "social": [],
}


def settings(**changes: object) -> dict[str, object]:
    """GOOD with changes: ``donate__url="x"`` sets a nested value, None deletes."""
    extra = copy.deepcopy(GOOD)
    for key, value in changes.items():
        group, _, name = key.partition("__")
        target = extra[group] if name else extra
        assert isinstance(target, dict)
        name = name or group
        if value is None:
            del target[name]
        else:
            target[name] = value
    return extra


def test_the_sample_sites_settings_are_fine() -> None:
    # mkdocs.yml holds !ENV-free plain YAML under extra: read it as MkDocs would.
    extra = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]
    assert check_site_settings(extra) == []
    assert check_site_settings(GOOD) == []


def test_other_keys_of_extra_are_left_alone() -> None:
    extra = settings(analytics={"provider": "none"}, consent={"title": "x"}, alternate=[], version={"x": 1},
                     annotate={}, homepage="x", my_own_thing=[1, 2], status={}, tags={})
    assert check_site_settings(extra) == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("javascript:alert(document.cookie)", "must start with https://"),
        ("JavaScript:alert(1)", "must start with https://"),
        ("data:text/html,<script>alert(1)</script>", "must start with https://"),
        ("http://www.example.org/donate", "must start with https://"),
        ("//evil.example.com/donate", "must start with https://"),
        ("HTTPS://www.example.org/", "must start with https://"),
        ("https://user:password@www.example.org/", "must not hold a user name or password before an @"),
        ("https://www.example.org@evil.example.com/", "must not hold a user name or password before an @"),
        ("https://www.example.org\\@evil.example.com/", "must not hold spaces or backslashes"),
        ("https://www.exa mple.org/", "must not hold spaces or backslashes"),
        ("https:///donate", "names no host: write the domain after https://, e.g. www.example.org"),
        ("https://localhost/donate", "'localhost' is not a domain name"),
        ("https://127.0.0.1/donate", "'127.0.0.1' does not end in a top-level domain such as .org"),
        ("https://[::1]/donate", "'::1' is not a domain name"),
        ("https://-evil-.org/", "'-evil-.org' is not a domain name"),
        ("https://www.example.org:8443/", "must not name a port"),
        ("https://www.example.org:99999/", "is not a web address"),
        ("https://exаmple.org/", "must be plain ASCII: percent-encode other characters, as the browser's address bar does"),
        ("https://www.example.org/\u202egro.live", "contains an invisible character, U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("https://www.example.org/" + "x" * 2000, "is 2024 characters long; it must be at most 2000"),
        (["https://www.example.org/"], "must be text, not a list"),
        ("", "is empty"),
        (None, "missing"),
    ],
)
def test_a_donate_address_must_be_a_plain_https_address(url: object, problem: str) -> None:
    extra = settings(donate__url=url) if url is not None else settings(donate__url=None)
    assert check_site_settings(extra) == [f"mkdocs.yml: extra.donate.url: {problem} {URL_HINT}"]


@pytest.mark.parametrize(
    "url",
    ["https://www.example.org/donate", "https://example.org", "https://donate.example.org/give?source=stories#form",
     "https://xn--80ak6aa92e.com/", "https://www.Example.ORG/donate"],
)
def test_plain_https_addresses_are_accepted(url: str) -> None:
    assert check_site_settings(settings(donate__url=url)) == []


@pytest.mark.parametrize(
    ("email", "problem"),
    [
        ("mailto:stories@example.org", "must be the address alone, without mailto:"),
        ("MAILTO:stories@example.org", "must be the address alone, without mailto:"),
        ("stories@example.org?bcc=attacker@example.com", f"holds '?': {SEPARATOR}"),
        ("stories@example.org?subject=Hi&body=x", f"holds '?': {SEPARATOR}"),
        ("stories@example.org&cc=x@example.com", f"holds '&': {SEPARATOR}"),
        ("stories@example.org,attacker@example.com", f"holds ',': {SEPARATOR}"),
        ("stories@example.org;attacker@example.com", f"holds ';': {SEPARATOR}"),
        ("stories%3Fbcc=x@example.org", f"holds '%': {SEPARATOR}"),
        ("Stories <stories@example.org>", "must not hold spaces"),
        ("stories@example.org\nbcc: x@example.com", "must not hold spaces"),
        ("stories @example.org", "must not hold spaces"),
        ("storiesexample.org", "must hold exactly one @"),
        ("stories@@example.org", "must hold exactly one @"),
        ("a@b@example.org", "must hold exactly one @"),
        ("@example.org", "'' before the @ is not a plain mailbox name (letters, digits, . _ + -)"),
        (".stories@example.org", "'.stories' before the @ is not a plain mailbox name (letters, digits, . _ + -)"),
        ("sto..ries@example.org", "'sto..ries' before the @ is not a plain mailbox name (letters, digits, . _ + -)"),
        ("stories@localhost", "'localhost' is not a domain name"),
        ("stories@example", "'example' is not a domain name"),
        ("stories@example.org.", "'example.org.' is not a domain name"),
        ("stories@192.168.0.1", "'192.168.0.1' does not end in a top-level domain such as .org"),
        ("stories@exаmple.org", "'exаmple.org' holds letters other than a-z: write the domain as it is registered, in ASCII"),
        ("stories@example.org\u200b", "contains an invisible character, U+200B (ZERO WIDTH SPACE)"),
        ("stories\u202e@example.org", "contains an invisible character, U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("", "is empty"),
        (42, "must be text, not a number"),
        (None, "missing"),
    ],
)
def test_a_takedown_address_must_be_one_plain_address(email: object, problem: str) -> None:
    extra = settings(takedown__email=email) if email is not None else settings(takedown__email=None)
    assert check_site_settings(extra) == [f"mkdocs.yml: extra.takedown.email: {problem} {EMAIL_HINT}"]


@pytest.mark.parametrize("email", ["stories@example.org", "take-down+stories@mail.example.co.uk", "a_b.c@example.org"])
def test_plain_addresses_are_accepted(email: str) -> None:
    assert check_site_settings(settings(takedown__email=email)) == []


TAKEDOWN_HINT = (
    "(it is a safeguarding promise: give it email:, the address people write to, to ask for a story to be taken"
    " down, e.g. stories@example.org)"
)


def test_the_takedown_contact_is_required() -> None:
    assert check_site_settings(settings(takedown=None)) == [f"mkdocs.yml: extra.takedown: missing {TAKEDOWN_HINT}"]
    assert check_site_settings(settings(takedown="stories@example.org")) == [
        f"mkdocs.yml: extra.takedown: must be a group of settings, not text {TAKEDOWN_HINT}"
    ]


@pytest.mark.parametrize(
    ("typo", "ours"),
    [("takedwon", "takedown"), ("take_down", "takedown"), ("Takedown", "takedown"), ("organization", "organisation"),
     ("programm", "programme"), ("program", "programme"), ("donation", "donate")],
)
def test_a_misspelt_key_of_ours_is_an_error_with_did_you_mean(typo: str, ours: str) -> None:
    extra = settings(**{ours: None})
    extra[typo] = GOOD[ours]
    messages = check_site_settings(extra)
    assert f"mkdocs.yml: extra.{typo}: unknown setting (did you mean '{ours}'?)" in messages
    assert messages[0].startswith(f"mkdocs.yml: extra.{ours}: missing")
    assert len(messages) == 2


def test_unknown_keys_inside_our_groups_are_errors_with_did_you_mean() -> None:
    extra = settings(donate={"url": "https://www.example.org/", "lable": "Give"},
                     takedown={"email": "stories@example.org", "emial": "x", "phone": "+44"})
    assert check_site_settings(extra) == [
        "mkdocs.yml: extra.donate.label: missing (the button's words, e.g. Support the programme)",
        "mkdocs.yml: extra.donate.lable: unknown setting (did you mean 'label'?)",
        "mkdocs.yml: extra.takedown.emial: unknown setting (did you mean 'email'?)",
        "mkdocs.yml: extra.takedown.phone: unknown setting (use one of: email)",
    ]


def test_every_problem_is_reported_at_once() -> None:
    extra = {"programme": True, "organisation": "  ", "donate": {"url": "javascript:x", "label": "Give"},
             "takedown": {"email": "mailto:x@example.org"}}
    assert check_site_settings(extra) == [
        "mkdocs.yml: extra.programme: must be text, not true or false (the programme's name, as readers see it in the header and footer)",
        "mkdocs.yml: extra.organisation: is empty (the organisation's name, as in the footer)",
        f"mkdocs.yml: extra.donate.url: must start with https:// {URL_HINT}",
        f"mkdocs.yml: extra.takedown.email: must be the address alone, without mailto: {EMAIL_HINT}",
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Men's\u2800Engagement", "contains an invisible character, U+2800 (BRAILLE PATTERN BLANK)"),
        ("two\nlines", "must be one line of text"),
        ("x" * 121, "is 121 characters long; it must be at most 120"),
        ({"name": "x"}, "must be text, not a group of settings"),
    ],
)
def test_names_are_one_line_of_visible_text(value: object, problem: str) -> None:
    assert check_site_settings(settings(programme=value)) == [
        f"mkdocs.yml: extra.programme: {problem} (the programme's name, as readers see it in the header and footer)"
    ]


def test_a_reported_key_cannot_forge_a_line_of_the_report() -> None:
    extra = settings(takedown=None)
    extra["takedown\n"] = {}
    (missing, unknown) = check_site_settings(extra)
    assert missing.startswith("mkdocs.yml: extra.takedown: missing")
    assert unknown == "mkdocs.yml: extra.takedown<U+000A>: unknown setting (did you mean 'takedown'?)"


# --- extra.cms: the published form's sign-in ------------------------------------------------


def test_the_forms_sign_in_is_optional_and_checked_when_given() -> None:
    assert check_site_settings(settings(cms={"auth_url": "https://cms-auth.example.org"})) == []
    assert check_site_settings(settings(cms={"auth_url": "https://cms-auth.example.org", "branch": "main"})) == []
    assert check_site_settings(settings(cms={"auth_url": "http://cms-auth.example.org"})) == [
        "mkdocs.yml: extra.cms.auth_url: must start with https:// "
        "(the address of the sign-in proxy for GitHub, e.g. https://cms-auth.example.org)"
    ]
    (missing,) = check_site_settings(settings(cms={"branch": "main"}))
    assert missing.startswith("mkdocs.yml: extra.cms.auth_url: ")
    (unknown,) = check_site_settings(settings(cms={"auth_url": "https://cms-auth.example.org", "auth_uri": "x"}))
    assert unknown.startswith("mkdocs.yml: extra.cms.auth_uri: ") and "auth_url" in unknown


@pytest.mark.parametrize(("site_url", "root"), [
    ("https://stories.example.org", "https://stories.example.org/"),
    ("https://stories.example.org/", "https://stories.example.org/"),
    ("https://example.org/men//", "https://example.org/men/"),
    ("", None),
    (None, None),
])
def test_the_site_root_ends_in_one_slash_or_is_none(site_url: str | None, root: str | None) -> None:
    # One rule for the build (share links, feed) and the print pack (QR codes).
    assert site_root(site_url) == root
