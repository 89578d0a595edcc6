"""The print pack, made from a copied project as a person would (python -m tools.print_pack),
read back with pypdf: only stories whose consent allows print today, one to a page."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import segno
from PIL import Image
from pypdf import PdfReader

from built_html import files_mentioning
from photo_fixtures import assert_clean, jpeg_with_everything
from sitebuild import TODAY, Built, Project, copy_project
from storysite.speaker import STAND_IN_NOTE
from tools.print_pack.chromium import PrintError, print_pdf
from tools.print_pack.render import QR_BORDER

STORY = """\
identity: {identity}
{name_line}country: {country}
role: graduate
quote: The {sentinel} training changed how I listen to my wife and daughters.
{photo}themes: [household-finances]
collected: 2025-06-01
featured: false
consent:
  given: 2025-06-01
  expires: {expires}
  scope: {scope}
  reference: CF-{sentinel}
  withdrawn: {withdrawn}
"""
PHOTO = """\
photo:
  file: photos/{file}
  alt: A man stands by a door
  credit: {credit}
  representative: {representative}
"""
A4_POINTS = (595.0, 842.0)
A5_POINTS = (419.5, 595.3)


def story(
    sentinel: str, *, scope: str, expires: str = "2030-01-01", withdrawn: str = "false", identity: str = "named",
    country: str = "Nigeria", photo: str = "",
) -> str:
    name_line = "" if identity == "anonymous" else f"name: {sentinel.capitalize()}\n"
    return STORY.format(
        identity=identity, name_line=name_line, country=country, sentinel=sentinel, photo=photo, expires=expires,
        scope=scope, withdrawn=withdrawn,
    )


def make_pack(project: Project, *options: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    """Run the pack's command on ``project`` as ``make print-pack`` would."""
    env = {**os.environ, "STORIES_TODAY": today}
    command = [sys.executable, "-m", "tools.print_pack", "--root", str(project.root), *options]
    return subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True, timeout=300)


def pdf_texts(path: Path) -> list[str]:
    """Each page's text, as one line (the layout's line breaks become spaces)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@dataclass(frozen=True)
class Made:
    project: Project
    pack: Path
    texts: list[str]
    output: str
    site: Built


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """A copied project with sentinel stories, its pack (A4) and its site, made once."""
    project = copy_project(tmp_path_factory.mktemp("pack") / "project")
    photo = PHOTO.format(file="paperonly.jpg", credit="Kelechi Okafor", representative="false")
    project.write("stories/paperonly.yml", story("paperonly", scope="[print]", expires="2027-03-01", photo=photo))
    stand_in = PHOTO.format(file="stand-in.jpg", credit="Hidden Photographer", representative="true")
    project.write(
        "stories/afghanistan-graduate-7.yml",
        story("bothways", scope="[web, social, print]", identity="anonymous", country="Afghanistan", photo=stand_in),
    )
    project.write("stories/webonly.yml", story("webonly", scope="[web, social]"))
    project.write("stories/lapsedpaper.yml", story("lapsedpaper", scope="[web, print]", expires=TODAY))
    project.write("stories/takenback.yml", story("takenback", scope="[web, print]", withdrawn="true"))
    (project.root / "stories/photos/paperonly.jpg").write_bytes(jpeg_with_everything(orientation=6, size=(1200, 800)))
    (project.root / "stories/photos/stand-in.jpg").write_bytes(jpeg_with_everything(orientation=1, size=(900, 600)))
    done = make_pack(project)
    assert done.returncode == 0, done.stdout + done.stderr
    pack = project.root / "print" / "story-pack.pdf"
    site = project.build()
    assert site.returncode == 0, site.output
    return Made(project, pack, pdf_texts(pack), done.stdout + done.stderr, site)


def test_a_cover_then_one_page_per_printable_story(made: Made) -> None:
    assert len(made.texts) == 3  # the cover, bothways, paperonly (the sample stories have no print)
    cover, first, second = made.texts
    assert "Women for Women International (UK)" in cover and "Men’s Engagement Programme" in cover
    assert "Made on 15 January 2026" in cover
    # paperonly's consent expires on 1 March 2027: the 28th of February is its last day.
    assert "Consent for the earliest page ends 28 February 2027" in cover
    assert "bothways" in first and "paperonly" in second  # the site's order: newest first, then by name
    for page in PdfReader(made.pack).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=1)
    assert "Wrote" in made.output and "28 February 2027" in made.output


def test_each_page_says_until_when_it_may_be_used(made: Made) -> None:
    _, bothways, paperonly = made.texts
    assert bothways.endswith("Consent for print ends 31 December 2029: do not use this page after that date")
    assert paperonly.endswith("Consent for print ends 28 February 2027: do not use this page after that date")


def test_who_speaks_and_the_credit_follow_the_sites_identity_rules(made: Made) -> None:
    _, bothways, paperonly = made.texts
    assert "The bothways training changed how I listen to my wife and daughters." in bothways
    assert "Graduate, Afghanistan" in bothways and "The speaker is not named, for their safety." in bothways
    assert "Representative photo taken for the programme" in bothways and "Hidden Photographer" not in bothways
    # The site's own stand-in note (storysite.speaker), not a copy of it.
    assert STAND_IN_NOTE in bothways
    assert "Paperonly" in paperonly and "Graduate · Nigeria" in paperonly
    assert "Photo: Kelechi Okafor" in paperonly


def qr_modules(image: Image.Image) -> list[list[int]]:
    """The modules (1 dark, 0 light) of a QR code's image, read at each module's centre."""
    gray = image.convert("L")
    assert gray.width == gray.height
    side = gray.width
    # A version-v code is 17 + 4v modules wide, plus the quiet zone: the first that
    # divides the image into whole pixels is its size.
    for modules in range(21 + 2 * QR_BORDER, 177 + 2 * QR_BORDER + 1, 4):
        if side % modules == 0:
            step = side // modules
            grid = [
                [1 if gray.getpixel((x * step + step // 2, y * step + step // 2)) < 128 else 0 for x in range(modules)]
                for y in range(modules)
            ]
            return [row[QR_BORDER:-QR_BORDER] for row in grid[QR_BORDER:-QR_BORDER]]
    raise AssertionError(f"a {side}-pixel image is no QR code of whole modules")


def test_only_a_story_on_the_web_gives_its_address(made: Made) -> None:
    _, bothways, paperonly = made.texts
    address = "https://stories.example.org/stories/afghanistan-graduate-7/"
    assert address in bothways
    assert "stories.example.org" not in paperonly  # never on the site: no address, no QR code
    reader = PdfReader(made.pack)
    # bothways: its photo and its QR code; paperonly: its photo only.
    assert [len(page.images) for page in reader.pages] == [0, 2, 1]
    (qr,) = [image.image for image in reader.pages[1].images if image.image.width == image.image.height]
    assert qr_modules(qr) == [list(row) for row in segno.make(address, error="m").matrix]
def test_photos_are_the_pipelines_sanitised_renditions(made: Made) -> None:
    (image,) = PdfReader(made.pack).pages[2].images
    assert_clean(image.data)  # no GPS, serial number, thumbnail, XMP, IPTC or comment
    with Image.open(io.BytesIO(image.data)) as printed:
        # The EXIF orientation (6: turn 90°) is applied to the pixels: the landscape original stands.
        assert printed.width < printed.height
    assert b"SN-SENTINEL-0042" not in made.pack.read_bytes() and b"34.52N" not in made.pack.read_bytes()


def test_the_print_only_story_is_in_the_pack_and_nowhere_on_the_site(made: Made) -> None:
    assert "paperonly" in made.texts[2]
    assert files_mentioning(made.site.site, "paperonly") == []
    assert files_mentioning(made.site.site, "Kelechi") == []
    # The control proves the search of site/ finds a published story.
    assert "search/search_index.json" in files_mentioning(made.site.site, "webonly")


def test_left_out_stories_are_in_neither(made: Made) -> None:
    everything = " ".join(made.texts)
    for sentinel in ("webonly", "lapsedpaper", "takenback"):
        assert sentinel not in everything, sentinel
    for sentinel in ("lapsedpaper", "takenback"):
        assert files_mentioning(made.site.site, sentinel) == [], sentinel


def test_a5(made: Made, tmp_path: Path) -> None:
    out = tmp_path / "a5.pdf"
    done = make_pack(made.project, "--paper", "A5", "--out", str(out))
    assert done.returncode == 0, done.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A5_POINTS, abs=1)
    assert pdf_texts(out)[2].endswith("Consent for print ends 28 February 2027: do not use this page after that date")


def test_a_content_error_writes_no_pack_and_removes_the_old_one(made: Made, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    project.write("stories/paperonly.yml", story("paperonly", scope="[print]").replace("featured: false", "featured: yes"))
    old = project.root / "print" / "story-pack.pdf"
    old.parent.mkdir()
    old.write_bytes(made.pack.read_bytes())
    done = make_pack(project)
    assert done.returncode == 1
    assert "stories/paperonly.yml:8: featured: must be true or false, not 'yes'" in done.stderr
    assert "no pack was written" in done.stderr and "Traceback" not in done.stderr
    assert not old.exists()


def test_a_day_later_the_lapsed_page_is_gone(made: Made, tmp_path: Path) -> None:
    out = tmp_path / "later.pdf"
    done = make_pack(made.project, "--out", str(out), today="2027-03-01")
    assert done.returncode == 0, done.stderr
    texts = pdf_texts(out)
    assert len(texts) == 2 and "paperonly" not in " ".join(texts)
    assert "Consent for the earliest page ends 31 December 2029" in texts[0]


def test_nothing_to_print(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")  # the sample stories: none has print
    done = make_pack(project)
    assert done.returncode == 1
    assert "no story may be printed today" in done.stderr and "Traceback" not in done.stderr
    assert not (project.root / "print").exists()


def test_the_browser_loads_nothing_but_the_packs_files(tmp_path: Path) -> None:
    (tmp_path / "other.css").write_text("p { color: red; }", encoding="utf-8")
    html = tmp_path / "pack.html"
    html.write_text(
        '<!doctype html><link rel="stylesheet" href="other.css"><img src="https://example.org/x.png"><p>Hello</p>',
        encoding="utf-8",
    )
    with pytest.raises(PrintError) as raised:
        print_pdf(html, {html})
    assert "https://example.org/x.png" in str(raised.value) and "other.css" in str(raised.value)
    (tmp_path / "plain.html").write_text("<!doctype html><p>Hello</p>", encoding="utf-8")
    assert print_pdf(tmp_path / "plain.html", {tmp_path / "plain.html"}).startswith(b"%PDF")
