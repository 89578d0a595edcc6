"""Files of docs/ published under their own names: the name says what they are, and no
folder name of docs/ is taken for the theme's."""

from __future__ import annotations

import io

from PIL import Image

from sitebuild import Project


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 80)).save(out, "PNG")
    return out.getvalue()


def test_an_image_whose_name_lies_about_its_format_is_refused(project: Project) -> None:
    (project.root / "docs" / "images").mkdir()
    (project.root / "docs" / "images" / "team.jpg").write_bytes(png())
    built = project.build()
    assert built.returncode == 1
    assert "docs/images/team.jpg:1: file: is a PNG image named .jpg (rename it to team.png (and the pages that show it))" in built.output
    (project.root / "docs" / "images" / "team.jpg").rename(project.root / "docs" / "images" / "team.png")
    built = project.build()
    assert built.returncode == 0, built.output
    assert Image.open(built.site / "images" / "team.png").format == "PNG"


def test_a_docs_folder_named_like_the_themes_templates_is_published(project: Project) -> None:
    project.write("docs/storysite/about.md", "# About the storysite project\n\nWho we are.\n")
    built = project.build()
    assert built.returncode == 0, built.output
    assert (built.site / "storysite" / "about" / "index.html").is_file()
