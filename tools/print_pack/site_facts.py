"""What the pack takes from mkdocs.yml: the names on its cover and the site's address.

mkdocs.yml is read by MkDocs itself and ``extra:`` is checked by the build's own rules
(:func:`storysite.site_settings.check_site_settings`), so the pack never prints a
setting the build would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from storysite.site_settings import SETTINGS_FILE, check_site_settings, site_root


class SettingsError(Exception):
    """mkdocs.yml cannot be read or has a setting the build refuses; the message says which."""


@dataclass(frozen=True)
class SiteFacts:
    """The site's names and address, as mkdocs.yml gives them."""

    site_name: str
    programme: str
    organisation: str
    site_url: str | None  # ends in "/"; None when mkdocs.yml gives none (no page then has an address)
    language: str  # the theme's language, e.g. "en": the month names of the pack's dates


def read_site_facts(root: Path) -> SiteFacts:
    """The facts of ``root/mkdocs.yml``; raises :class:`SettingsError` saying what is wrong."""
    path = root / SETTINGS_FILE
    try:
        config = load_config(str(path))
    except (ConfigurationError, OSError) as error:
        raise SettingsError(f"{SETTINGS_FILE}: cannot be read ({error})") from None
    problems = check_site_settings(config.extra)
    if problems:
        raise SettingsError("\n".join(problems))
    return SiteFacts(
        site_name=config.site_name,
        programme=config.extra["programme"],
        organisation=config.extra["organisation"],
        site_url=site_root(config.site_url),
        language=config.theme["language"] or "en",
    )
