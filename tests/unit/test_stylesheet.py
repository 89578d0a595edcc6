"""stylesheet: the theme's parts joined into the site's one stylesheet, in cascade order."""

from __future__ import annotations

from pathlib import Path

from storysite.stylesheet import PARTS, site_stylesheet

SHEETS = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "stylesheets"


def test_every_part_of_the_theme_is_joined_once_in_order_then_the_country_art(tmp_path: Path) -> None:
    for index, name in enumerate(PARTS):
        (tmp_path / f"{name}.css").write_text(f".part-{index} {{ order: {index}; }}\n", encoding="utf-8")
    joined = site_stylesheet(tmp_path, ".ss-card__art--x { --ss-art-from: #000; }")
    positions = [joined.index(f".part-{index} ") for index in range(len(PARTS))]
    assert positions == sorted(positions) and all(joined.count(f".part-{i} ") == 1 for i in range(len(PARTS)))
    assert joined.rstrip().endswith(".ss-card__art--x { --ss-art-from: #000; }")


def test_the_parts_are_the_sheets_of_the_theme() -> None:
    # A new sheet in the folder that the list forgets would never reach a page.
    assert sorted(PARTS) == sorted(path.stem for path in SHEETS.glob("*.css"))
