"""A fresh-eyed review's attack on "when in doubt, leave it out", in one real build.

A protected story (pseudonym, at-risk country) carrying every new field that could single
its speaker out (the year they took part, a photographer's name, an update still to come)
and a print-only story with a photo are added to a copy of the sample; nothing of what
must stay out may reach any file of site/, nor the print-only photo's pixels under any name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from built_html import content, files_mentioning, page, text
from photo_fixtures import jpeg_with_everything

from sitebuild import Built, Project, copy_project
from storysite.media import PHOTO_CACHE
from storysite.photos import PhotoJob, process_photos

TODAY = "2026-01-15"
PROTECTED = """\
identity: pseudonym
name: Gulbadin
country: Afghanistan
role: graduate
quote: Before the training I never asked my wife what she thought about anything at home.
themes: [household-finances]
collected: 2025-06-01
published: 2025-07-01
took_part: 1993
photo:
  file: photos/stand-in-review.jpg
  alt: A man walks along a dusty road
  credit: Shahwali Photographer
  representative: true
original:
  lang: fa-AF
  text: پیش از آموزش هرگز از همسرم نپرسیدم که در خانه درباره چیزی چه فکر می‌کند.
  translator: Zarmina Translator
updates:
  - date: 2025-09-01
    text: A year on, he and his wife decide together what the family spends.
  - date: 2026-02-01
    text: Marsupialsentinel news that may only appear from its own day on.
featured: false
consent:
  given: 2025-06-01
  expires: 2030-06-01
  scope: [web, social, print]
  reference: CF-2025-0901
"""
PRINT_ONLY = """\
identity: named
name: Wallaby Printonly
country: Nigeria
role: graduate
quote: The training changed how I listen to my wife and to my daughters every day.
photo:
  file: photos/printonly.jpg
  alt: A man stands by a door
  credit: Kookaburra Okafor
themes: [household-finances]
collected: 2025-06-01
featured: false
consent:
  given: 2025-06-01
  expires: 2030-01-01
  scope: [print]
  reference: CF-2025-0902
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Built]:
    project = copy_project(tmp_path_factory.mktemp("review") / "project")
    project.write("stories/afghanistan-graduate-9.yml", PROTECTED)
    project.write("stories/wallaby-printonly.yml", PRINT_ONLY)
    photos = project.root / "stories" / "photos"
    (photos / "stand-in-review.jpg").write_bytes(jpeg_with_everything(orientation=1, size=(900, 600)))
    # A size no other photo of the build has: its renditions' bytes are its own.
    (photos / "printonly.jpg").write_bytes(jpeg_with_everything(orientation=1, size=(1100, 733)))
    done = project.build(today=TODAY)
    assert done.returncode == 0, done.output
    return project, done


def test_the_protected_story_is_published_with_its_past_update(built: tuple[Project, Built]) -> None:
    _, done = built
    body = content(page(done.site, "stories/afghanistan-graduate-9/"))
    assert text(body.select_one("h1")) == "Gulbadin"
    assert "he and his wife decide together" in text(body.select_one("section.ss-updates"))


@pytest.mark.parametrize(
    "word",
    [
        "1993",  # the year a protected speaker took part
        "Shahwali",  # a protected story's photographer
        "Zarmina",  # a protected story's translator
        "Marsupialsentinel",  # an update dated after today
        "Printonly",  # a story whose consent has print but not web
        "Kookaburra",  # that story's photographer
        "CF-2025-09",  # consent form references
    ],
)
def test_nothing_that_must_stay_out_reaches_any_file_of_the_site(built: tuple[Project, Built], word: str) -> None:
    _, done = built
    assert files_mentioning(done.site, word) == []


def test_the_print_only_photo_reaches_the_site_under_no_name(built: tuple[Project, Built]) -> None:
    project, done = built
    job = PhotoJob(project.root / "stories/photos/printonly.jpg", "photos/printonly.jpg", None)
    batch = process_photos([job], project.root / PHOTO_CACHE, prune=False)
    renditions = {hashlib.sha256(r.path.read_bytes()).hexdigest() for r in batch.photos[job].files()}
    assert renditions
    published = {hashlib.sha256(path.read_bytes()).hexdigest() for path in done.site.rglob("*") if path.is_file()}
    assert renditions.isdisjoint(published)
    # The control: the protected story's stand-in photo is published.
    job = PhotoJob(project.root / "stories/photos/stand-in-review.jpg", "photos/stand-in-review.jpg", None)
    stand_in = process_photos([job], project.root / PHOTO_CACHE, prune=False).photos[job].files()
    assert {hashlib.sha256(r.path.read_bytes()).hexdigest() for r in stand_in} & published
