"""Nothing of a story left out by its consent reaches any output; identity modes show as they must."""

from __future__ import annotations

from pathlib import Path

import pytest
from built_html import content, page, text

from sitebuild import Project

STORY = """\
identity: {identity}
{name_line}country: Nigeria
role: graduate
quote: The {sentinel} training changed how I listen to my wife and daughters.
story: |
  The {sentinel} paragraph.
themes: [household-finances]
collected: 2025-06-01
featured: true
consent:
  given: 2025-06-01
  expires: {expires}
  scope: {scope}
  reference: CF-{sentinel}
  withdrawn: {withdrawn}
"""


def story(sentinel: str, *, identity: str = "named", name: str | None = None, expires: str = "2030-01-01",
          scope: str = "[web, social]", withdrawn: str = "false") -> str:
    name_line = "" if identity == "anonymous" else f"name: {name or sentinel.capitalize()}\n"
    return STORY.format(identity=identity, name_line=name_line, sentinel=sentinel, expires=expires, scope=scope, withdrawn=withdrawn)


def outputs_mentioning(site: Path, word: str) -> list[str]:
    """Every output file whose name or bytes contain ``word`` (case-insensitive)."""
    needle = word.lower().encode()
    return [
        path.relative_to(site).as_posix()
        for path in sorted(site.rglob("*"))
        if word.lower() in path.name.lower() or (path.is_file() and needle in path.read_bytes().lower())
    ]


def test_expired_withdrawn_and_print_only_stories_reach_no_output(project: Project) -> None:
    project.write("stories/zanzibarexpired.yml", story("zanzibarexpired", expires="2026-01-15"))
    project.write("stories/quokkawithdrawn.yml", story("quokkawithdrawn", withdrawn="true"))
    project.write("stories/marmaladeprint.yml", story("marmaladeprint", scope="[print]"))
    project.write("stories/publishedcontrol.yml", story("publishedcontrol"))
    built = project.build(today="2026-01-15")
    assert built.returncode == 0, built.output
    assert "Left out stories/zanzibarexpired.yml: consent expired on 2026-01-15" in built.output
    assert "Left out stories/quokkawithdrawn.yml: consent withdrawn" in built.output
    assert "Left out stories/marmaladeprint.yml: consent scope has no 'web'" in built.output
    for sentinel in ("zanzibarexpired", "quokkawithdrawn", "marmaladeprint"):
        assert outputs_mentioning(built.site, sentinel) == [], sentinel
    # The control story proves the search is able to find a published one.
    assert "search/search_index.json" in outputs_mentioning(built.site, "publishedcontrol")
    assert "sitemap.xml" in outputs_mentioning(built.site, "publishedcontrol")
    assert len(content(page(built.site, "stories/")).select(".ss-card")) == 5


def test_pseudonym_shows_a_visible_note(project: Project) -> None:
    project.write("stories/changed-name.yml", story("changedname", identity="pseudonym", name="Samuel"))
    built = project.build()
    assert built.returncode == 0, built.output
    body = content(page(built.site, "stories/changed-name/"))
    assert text(body.select_one("h1")) == "Samuel"
    assert text(body.select_one(".ss-note")) == "This is not the speaker's real name: it was changed to protect them."
    # Away from its own page too, the name says it was changed: cards, the feed, titles.
    cards = [text(a) for a in content(page(built.site, "stories/")).select(".ss-card__name a")]
    assert "Samuel (name changed)" in cards
    assert "<title>Samuel (name changed), Nigeria</title>" in (built.site / "feed.xml").read_text(encoding="utf-8")
    assert page(built.site, "stories/changed-name/").title.string.startswith("Samuel (name changed), Nigeria")


@pytest.mark.parametrize(
    ("identity", "country", "expected"),
    [
        ("named", "Afghanistan", "stories/risk.yml:1: identity: 'named' is not allowed for Afghanistan: people there are at risk if named (use anonymous or pseudonym)"),
        ("first-name", "Afghan", "stories/risk.yml:1: identity: 'first-name' is not allowed for Afghanistan: people there are at risk if named (use anonymous or pseudonym)"),
    ],
)
def test_at_risk_country_refuses_names(project: Project, identity: str, country: str, expected: str) -> None:
    project.write("stories/risk.yml", story("risk", identity=identity).replace("country: Nigeria", f"country: {country}"))
    refused = project.build()
    assert refused.returncode == 1
    assert expected in refused.output


def test_a_childs_story_needs_a_guardian_and_no_name(project: Project) -> None:
    child = story("child", identity="first-name").replace("featured: true", "featured: true\nminor: true")
    project.write("stories/child.yml", child)
    refused = project.build()
    assert refused.returncode == 1
    assert "stories/child.yml:1: identity: 'first-name' is not allowed for a child (minor: true) (use anonymous or pseudonym: a child is never named)" in refused.output

    anonymous = story("child", identity="anonymous").replace("featured: true", "featured: true\nminor: true")
    project.write("stories/child.yml", anonymous)
    refused = project.build()
    assert refused.returncode == 1
    assert "stories/child.yml:11: consent.guardian: missing: a child's story needs a parent's or guardian's consent" in refused.output

    project.write("stories/child.yml", anonymous.replace("  withdrawn: false", "  guardian: GF-2025-0001\n  withdrawn: false"))
    built = project.build()
    assert built.returncode == 0, built.output
    assert text(content(page(built.site, "stories/child/")).select_one("h1")) == "Graduate, Nigeria"


def test_left_out_stories_leave_no_photo_and_no_share_image(project: Project) -> None:
    from photo_fixtures import jpeg_with_everything

    photos = project.root / "stories" / "photos"
    photos.mkdir(exist_ok=True)
    for sentinel, extra in (("zanzibarexpired", {"expires": "2026-01-15"}), ("marmaladeprint", {"scope": "[print]"})):
        (photos / f"{sentinel}.jpg").write_bytes(jpeg_with_everything(size=(900, 600)))
        text = story(sentinel, **extra) + (
            f"photo:\n  file: photos/{sentinel}.jpg\n  alt: A man in a garden\n  credit: Test\n"
        )
        project.write(f"stories/{sentinel}.yml", text)
    built = project.build(today="2026-01-15")
    assert built.returncode == 0, built.output
    # Checked (a photo that would be refused must fail the build before its story's
    # day comes), but not published.
    assert "Photos: 2 processed, 0 from cache" in built.output
    assert not (built.site / "assets" / "photos").exists()
    # The three sample stories with social consent, and no more.
    assert len(list((built.site / "assets" / "share").iterdir())) == 3
