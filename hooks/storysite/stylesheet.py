"""The site's one stylesheet: the theme's sheets, one per part, in their cascade order, then
the countries' card art (drawn from data/countries.yml), joined at every build.

One file rather than nine: on a phone's slow network every stylesheet in the head is one
more request before the first paint (Lighthouse's slow 4G counted about a second of
render-blocking for nine). The parts stay separate files in the repository, each styling
one part of the site, so that a change to the cards never touches the home page's rules.
"""

from __future__ import annotations

from pathlib import Path

# overrides/assets/stylesheets/<part>.css, in the order they cascade: tokens and base first
# (storysite.css says what each part holds), print last.
PARTS = ("storysite", "quotes", "home", "cards", "story", "listing", "impact", "print")
# Where the joined sheet is published (overrides/main.html links it).
SITE_SHEET = "assets/stylesheets/site.css"


def site_stylesheet(sheets: Path, country_art: str) -> str:
    """The parts of ``sheets`` (the theme's stylesheet folder) in :data:`PARTS`' order, then
    ``country_art``; each part introduced by a comment naming its file."""
    parts = [f"/* --- {name}.css --- */\n{(sheets / f'{name}.css').read_text(encoding='utf-8').strip()}\n" for name in PARTS]
    return "\n".join([*parts, f"/* --- country art (data/countries.yml) --- */\n{country_art.strip()}\n"])
