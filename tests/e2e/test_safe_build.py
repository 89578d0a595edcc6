"""No time bombs, and the safe build that make build falls back to (S13, S15).

Every story is checked in full today, photo included, whether or not it is published
today. A safe build (``STORYSITE_SAFE_MODE=1``, run by ``make build`` when the strict
build failed) leaves out whatever has an error and publishes the rest, so that a broken
file never keeps a lapsed story online.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from built_html import content, files_mentioning, page, text

from sitebuild import Project, copy_project

SAFE = {"STORYSITE_SAFE_MODE": "1"}
STORY = """\
identity: named
name: {name}
country: Nigeria
role: graduate
quote: The {sentinel} training changed how I listen to my wife and daughters.
themes: [household-finances]
collected: 2025-06-01
consent:
  given: {given}
  expires: {expires}
  scope: [web, social]
  reference: CF-2025-0042
  withdrawn: {withdrawn}
"""
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def story(sentinel: str, *, given: str = "2025-06-01", expires: str = "2030-01-01", withdrawn: str = "false") -> str:
    return STORY.format(name=sentinel.capitalize(), sentinel=sentinel, given=given, expires=expires, withdrawn=withdrawn)


def with_photo(text_: str, file: str) -> str:
    return text_ + f"photo:\n  file: photos/{file}\n  alt: A man in a garden\n  credit: Test\n"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = copy_project(tmp_path / "project")
    (made.root / "stories" / "photos").mkdir(exist_ok=True)
    return made


def test_a_story_not_yet_published_has_its_photo_checked_today(project: Project) -> None:
    (project.root / "stories" / "photos" / "later.jpg").write_bytes(SVG)
    project.write("stories/later.yml", with_photo(story("later", given="2026-02-10"), "later.jpg"))
    built = project.build(today="2026-01-15")
    assert built.returncode == 1
    assert "stories/later.yml:15: photo.file: 'photos/later.jpg' is an SVG drawing" in built.output
    assert "nothing was built" in built.output


def test_a_withdrawn_story_is_not_processed_and_blocks_nothing(project: Project) -> None:
    (project.root / "stories" / "photos" / "gone.jpg").write_bytes(SVG)
    project.write("stories/gone.yml", with_photo(story("gone", withdrawn="true"), "gone.jpg"))
    built = project.build()
    assert built.returncode == 0, built.output
    assert files_mentioning(built.site, "gone") == []


def test_an_expired_story_is_not_processed_and_blocks_nothing(project: Project) -> None:
    (project.root / "stories" / "photos" / "old.jpg").write_bytes(SVG)
    project.write("stories/lapsed.yml", with_photo(story("lapsed", expires="2026-01-10"), "old.jpg"))
    built = project.build(today="2026-01-15")
    assert built.returncode == 0, built.output
    assert files_mentioning(built.site, "lapsed") == []


def test_a_story_goes_online_on_its_published_day(project: Project) -> None:
    project.write("stories/later.yml", story("narwhallater").replace("consent:", "published: 2026-02-01\nconsent:"))
    before = project.build(today="2026-01-31")
    assert before.returncode == 0, before.output
    assert "Left out stories/later.yml: published is dated 2026-02-01: the story goes online that day" in before.output
    assert files_mentioning(before.site, "narwhallater") == []
    on_the_day = project.build(today="2026-02-01", site=project.root / "site-2")
    assert (on_the_day.site / "stories" / "later" / "index.html").is_file()


def test_a_publication_before_consent_is_refused(project: Project) -> None:
    project.write("stories/early.yml", story("early").replace("consent:", "published: 2025-05-31\nconsent:"))
    built = project.build()
    assert built.returncode == 1
    assert (
        "stories/early.yml:8: published: 2025-05-31 is before consent was given (2025-06-01)"
        " (the day the story first went on the site: on or after consent.given)"
    ) in built.output


def test_safe_build_leaves_out_a_broken_story_and_a_lapsed_one(project: Project) -> None:
    project.write("stories/lapsing.yml", story("wombatlapsing", expires="2026-01-10"))
    project.write("stories/broken.yml", story("quokkabroken").replace("quote:", "qoute:"))
    built = project.build(today="2026-01-15", strict=False, extra_env=SAFE)
    assert built.returncode == 0, built.output
    assert "2 content errors in 1 file; left out of this safe build:" in built.output
    assert "stories/broken.yml:5: qoute: unknown field (did you mean 'quote'?)" in built.output
    assert files_mentioning(built.site, "wombatlapsing") == []
    assert files_mentioning(built.site, "quokkabroken") == []
    # The good stories are all there.
    assert text(content(page(built.site, "stories/monday/")).select_one("h1"))


def test_safe_build_leaves_out_a_story_whose_photo_is_refused(project: Project) -> None:
    (project.root / "stories" / "photos" / "fake.jpg").write_bytes(SVG)
    project.write("stories/pangolinphoto.yml", with_photo(story("pangolinphoto"), "fake.jpg"))
    strict = project.build()
    assert strict.returncode == 1
    built = project.build(strict=False, extra_env=SAFE)
    assert built.returncode == 0, built.output
    assert "stories/pangolinphoto.yml:15: photo.file:" in built.output
    assert files_mentioning(built.site, "pangolinphoto") == []
    assert (built.site / "stories" / "monday" / "index.html").is_file()


def test_safe_build_with_a_broken_catalogue_publishes_no_story(project: Project) -> None:
    # A misspelt at_risk would make Afghanistan look safe: no story can be trusted.
    countries = project.root / "data" / "countries.yml"
    countries.write_text(countries.read_text(encoding="utf-8").replace("  at_risk: true", "  at_rsk: true", 1), encoding="utf-8")
    built = project.build(strict=False, extra_env=SAFE)
    assert built.returncode == 0, built.output
    assert "data/countries.yml" in built.output and "at_rsk: unknown field" in built.output
    assert not (built.site / "stories" / "monday").exists()
    assert files_mentioning(built.site, "beg my wife for forgiveness") == []
    assert (built.site / "index.html").is_file()


def test_safe_build_replaces_a_broken_page_and_keeps_the_rest(project: Project) -> None:
    about = project.root / "docs" / "how-we-collect-stories.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n<!-- storysite:figurez -->\nSECRETNOTE\n", encoding="utf-8")
    strict = project.build()
    assert strict.returncode == 1
    assert "docs/how-we-collect-stories.md" in strict.output
    built = project.build(strict=False, extra_env=SAFE)
    assert built.returncode == 0, built.output
    replaced = page(built.site, "how-we-collect-stories/")
    assert text(content(replaced).select_one("h1")) == "This page is being updated"
    assert files_mentioning(built.site, "SECRETNOTE") == []
    assert (built.site / "stories" / "monday" / "index.html").is_file()
