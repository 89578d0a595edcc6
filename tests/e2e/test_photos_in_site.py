"""Photos in the built site: sanitised renditions named by content, <picture> markup,
share images by consent, and photos refused at their story's line."""

from __future__ import annotations

import re
from pathlib import Path

from built_html import content, page
from photo_fixtures import assert_clean, jpeg_with_everything

from sitebuild import Project

NAME = re.compile(r"[0-9a-f]{16}\.(webp|jpg)")


def add_photo(project: Project, story: str, file_name: str, data: bytes, extra: str = "") -> None:
    (project.root / "stories" / "photos").mkdir(exist_ok=True)
    (project.root / "stories" / "photos" / file_name).write_bytes(data)
    path = project.root / "stories" / f"{story}.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"photo:\n  file: photos/{file_name}\n  alt: A man sits outside a classroom\n  credit: Test Photographer\n{extra}",
        encoding="utf-8",
    )


def test_published_photos_carry_no_metadata_and_no_original_name(project: Project) -> None:
    add_photo(project, "monday", "IMG_Kano_Monday_GPS.jpg", jpeg_with_everything(orientation=6, size=(1600, 800)))
    built = project.build()
    assert built.returncode == 0, built.output
    assert "Photos: 1 processed, 0 from cache" in built.output
    published = sorted((built.site / "assets" / "photos").iterdir())
    assert published and all(NAME.fullmatch(path.name) for path in published)
    for path in published:
        assert_clean(path.read_bytes())
    everything = [path for path in built.site.rglob("*") if path.is_file()]
    assert not [path for path in everything if "IMG_Kano" in path.name]
    assert not [path for path in everything if path.suffix in (".html", ".json", ".xml") and "IMG_Kano" in path.read_text(encoding="utf-8")]


def test_story_page_draws_its_photo_with_picture_srcset_and_size(project: Project) -> None:
    add_photo(project, "monday", "monday.jpg", jpeg_with_everything(orientation=6, size=(1600, 800)))
    built = project.build()
    assert built.returncode == 0, built.output
    figure = content(page(built.site, "stories/monday/")).select_one("figure.ss-photo")
    source, image = figure.select_one("picture source"), figure.select_one("picture img")
    assert source["type"] == "image/webp"
    # Orientation 6 turned the 1600x800 photo upright, 800 px wide: 480 and its own width,
    # never upscaled to 960 or 1440.
    assert [item.split()[1] for item in source["srcset"].split(", ")] == ["480w", "800w"]
    assert (image["width"], image["height"]) == ("800", "1600")
    assert image["alt"] == "A man sits outside a classroom"
    assert image["fetchpriority"] == "high" and not image.get("loading")
    assert "Photo: Test Photographer" in figure.select_one("figcaption").get_text()
    for url in [image["src"], *[item.split()[0] for item in source["srcset"].split(", ")]]:
        assert (built.site / "stories" / "monday" / url).resolve().is_file(), url
    (card,) = content(page(built.site, "stories/")).select(".ss-card__photo img")
    assert card["loading"] == "lazy" and card["alt"] == ""
    assert (card["width"], card["height"]) == ("800", "533")  # the 3:2 card crop


def test_a_representative_photo_says_so(project: Project) -> None:
    add_photo(project, "afghanistan-graduate-1", "stand-in.jpg", jpeg_with_everything(size=(800, 600)), "  representative: true\n")
    built = project.build()
    assert built.returncode == 0, built.output
    figure = content(page(built.site, "stories/afghanistan-graduate-1/")).select_one("figure.ss-photo")
    assert "This photo shows someone else, standing in for the speaker’s safety." in figure.get_text()


def test_share_images_only_for_stories_with_social_consent(sample_site: Path) -> None:
    monday = page(sample_site, "stories/monday/")
    image = monday.select_one('meta[property="og:image"]')["content"]
    assert re.fullmatch(r"https://stories\.example\.org/assets/share/[0-9a-f]{16}\.jpg", image)
    card = sample_site / image.removeprefix("https://stories.example.org/")
    from PIL import Image

    with Image.open(card) as drawn:
        assert drawn.size == (1200, 630)
    assert_clean(card.read_bytes())
    assert monday.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    assert "beg my wife" in monday.select_one('meta[property="og:image:alt"]')["content"]
    # The Afghan graduate's consent covers the web only: no card of their own.
    anonymous = page(sample_site, "stories/afghanistan-graduate-1/")
    assert anonymous.select_one('meta[property="og:image"]') is None
    assert anonymous.select_one('meta[name="twitter:card"]')["content"] == "summary"
    assert len(list((sample_site / "assets" / "share").iterdir())) == 3


def test_a_photo_that_is_not_an_image_is_refused_at_its_line(project: Project) -> None:
    add_photo(project, "monday", "monday.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    refused = project.build()
    assert refused.returncode == 1
    line = (project.root / "stories" / "monday.yml").read_text(encoding="utf-8").splitlines().index("  file: photos/monday.jpg") + 1
    assert f"stories/monday.yml:{line}: photo.file: 'photos/monday.jpg' is " in refused.output
    assert "Traceback" not in refused.output


def test_a_withdrawn_storys_photo_and_card_leave_the_site(project: Project) -> None:
    add_photo(project, "monday", "monday.jpg", jpeg_with_everything(size=(900, 600)))
    first = project.build()
    assert first.returncode == 0, first.output
    photos_before = {path.name for path in (first.site / "assets" / "photos").iterdir()}
    assert photos_before
    story = project.root / "stories" / "monday.yml"
    story.write_text(story.read_text(encoding="utf-8").replace("  reference: SAMPLE-0004", "  reference: SAMPLE-0004\n  withdrawn: true"), encoding="utf-8")
    second = project.build(site=project.root / "site-2")
    assert second.returncode == 0, second.output
    after = {path.name for path in (second.site / "assets").rglob("*.*") if path.parent.name in ("photos", "share")}
    assert not photos_before & after
    assert len(list((second.site / "assets" / "share").iterdir())) == 2
