"""The checks of docs/: its files, and each page's settings, characters and markers (markup: test_docs_markup)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from storysite.docs_guard import check_docs, check_page

KNOWN = {"story": ["monday"], "country": ["nigeria"], "theme": ["early-marriage"]}


def errors_of(source: str) -> list[str]:
    errors, _ = check_page(source, "docs/x.md", KNOWN)
    return [str(error) for error in errors]


def make_docs(root: Path, files: dict[str, str]) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    for name, text in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    return docs


def file_errors(root: Path) -> list[str]:
    return [str(error) for error in check_docs(root / "docs", root, KNOWN).errors]


# The tree of docs/ ---------------------------------------------------------------------


def test_pages_and_images_are_accepted_and_listed(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {"index.md": "# Home\n", "stories/index.md": "# Stories\n", "about/team.md": "# Team\n"})
    for name in ("a.jpg", "b.JPEG", "c.png", "d.webp"):
        (docs / name).write_bytes(b"not read here")
    checked = check_docs(docs, tmp_path, KNOWN)
    assert checked.errors == [] and checked.notes == []
    assert [path.name for path in checked.pages] == ["team.md", "index.md", "index.md"]
    assert [path.name for path in checked.images] == ["a.jpg", "b.JPEG", "c.png", "d.webp"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("consent-form.pdf", "docs/consent-form.pdf:1: file: is not a page or an image the site can publish (documents such as consent forms stay offline, with the signed forms; a page is written in Markdown (.md))"),
        ("draft.yml", "docs/draft.yml:1: file: is not a page or an image the site can publish (stories go in stories/, figures in data/; a draft goes in a pull request, not in docs/)"),
        ("logo.svg", "docs/logo.svg:1: file: is not a page or an image the site can publish (an SVG drawing can carry scripts: save it as PNG)"),
        ("page.html", "docs/page.html:1: file: is not a page or an image the site can publish (pages are written in Markdown (.md); the site's templates, scripts and styles are in overrides/)"),
        ("extra.js", "docs/extra.js:1: file: is not a page or an image the site can publish (pages are written in Markdown (.md); the site's templates, scripts and styles are in overrides/)"),
        ("photo.heic", "docs/photo.heic:1: file: is not a page or an image the site can publish (save the image as JPEG, PNG or WebP)"),
        ("Notes.MD", "docs/Notes.MD:1: file: is not a page or an image the site can publish (name the page with .md, in lower case)"),
        ("README", "docs/README:1: file: is not a page or an image the site can publish (docs/ holds Markdown pages (.md) and JPEG, PNG or WebP images only)"),
        (".draft.md", "docs/.draft.md:1: file: is a hidden file (remove it from docs/: docs/ holds only the site's pages and images)"),
        ("stories/monday.md", "docs/stories/monday.md:1: file: is at the address of a generated page (stories/...) (stories pages are made from stories/ and data/; put this page elsewhere in docs/)"),
        ("countries/nigeria.md", "docs/countries/nigeria.md:1: file: is at the address of a generated page (countries/...) (countries pages are made from stories/ and data/; put this page elsewhere in docs/)"),
        ("themes/x/index.md", "docs/themes/x/index.md:1: file: is at the address of a generated page (themes/...) (themes pages are made from stories/ and data/; put this page elsewhere in docs/)"),
        # In any letter case: links to it are read case-blind, and on macOS it is stories/.
        ("Stories/page/2.md", "docs/Stories/page/2.md:1: file: is at the address of a generated page (stories/...) (stories pages are made from stories/ and data/; put this page elsewhere in docs/)"),
    ],
)
def test_other_files_are_refused_with_where_they_belong(tmp_path: Path, name: str, expected: str) -> None:
    make_docs(tmp_path, {"index.md": "# Home\n", name: "x"})
    checked = check_docs(tmp_path / "docs", tmp_path, KNOWN)
    assert [str(error) for error in checked.errors] == [expected]
    assert name not in [path.relative_to(tmp_path / "docs").as_posix() for path in checked.pages + checked.images]


def test_a_hidden_folder_is_refused_and_not_entered(tmp_path: Path) -> None:
    make_docs(tmp_path, {"index.md": "# Home\n", ".obsidian/workspace.json": "{}"})
    assert file_errors(tmp_path) == [
        "docs/.obsidian:1: file: is a hidden folder (remove it from docs/: docs/ holds only the site's pages and images)"
    ]


def test_symbolic_links_are_refused_and_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    docs = make_docs(tmp_path, {"index.md": "# Home\n"})
    (docs / "linked.md").symlink_to(outside / "secret.md")
    (docs / "folder").symlink_to(outside)
    hint = "(copy the file itself into docs/: links are not published, they can lead outside the project)"
    checked = check_docs(docs, tmp_path, KNOWN)
    # One error each, and nothing read through them (no <script> error).
    assert [str(error) for error in checked.errors] == [
        f"docs/folder:1: file: is a symbolic link {hint}",
        f"docs/linked.md:1: file: is a symbolic link {hint}",
    ]
    assert [path.name for path in checked.pages] == ["index.md"]


def test_docs_itself_may_not_be_a_link(tmp_path: Path) -> None:
    real = make_docs(tmp_path / "real", {"index.md": "# Home\n"})
    (tmp_path / "docs").symlink_to(real)
    checked = check_docs(tmp_path / "docs", tmp_path, KNOWN)
    assert [str(error) for error in checked.errors] == [
        "docs:1: file: is a symbolic link (docs/ must be a real folder of the repository)"
    ]
    assert checked.pages == () and checked.images == ()


def test_pipes_and_sockets_are_refused_without_being_opened(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {"index.md": "# Home\n"})
    os.mkfifo(docs / "pipe.md")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(docs / "socket.png"))
        # Opening the FIFO for reading would block this test forever.
        assert file_errors(tmp_path) == [
            "docs/pipe.md:1: file: is not a plain file (a named pipe, socket or device) (remove it from docs/: docs/ holds only the site's pages and images)",
            "docs/socket.png:1: file: is not a plain file (a named pipe, socket or device) (remove it from docs/: docs/ holds only the site's pages and images)",
        ]
    finally:
        server.close()


def test_an_unreadable_page_is_an_error_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_docs(tmp_path, {"index.md": "# Home\n", "locked.md": "# Locked\n"})
    real_open = os.open

    def refuse_locked(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_locked)
    assert file_errors(tmp_path) == [
        "docs/locked.md:1: file: cannot be read (permission denied) (check the file's permissions: the build must be able to read it)"
    ]


def test_a_page_that_is_not_utf8_is_refused_at_its_line(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {})
    (docs / "index.md").write_bytes("# Café\n\nfine\n".encode("utf-8") + "Ré\n".encode("latin-1"))
    assert file_errors(tmp_path) == ["docs/index.md:4: file: is not UTF-8 text (save the file as UTF-8 in your editor)"]


def test_a_huge_page_is_refused_before_it_is_read(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, {})
    (docs / "index.md").write_bytes(b"a" * (300 * 1024))
    assert file_errors(tmp_path) == [
        "docs/index.md:1: file: is 307,200 bytes, more than the 262,144 a page may have (split it into smaller pages, or check it is the right file)"
    ]


def test_notes_about_missing_targets_stay_notes(tmp_path: Path) -> None:
    make_docs(tmp_path, {"index.md": "# Home\n\n<!-- storysite:quote mondy -->\n"})
    checked = check_docs(tmp_path / "docs", tmp_path, KNOWN)
    assert checked.errors == []
    assert [str(note) for note in checked.notes] == [
        "docs/index.md:3: storysite:quote: 'mondy' is not a story of this site, so the block shows nothing (did you mean 'monday'?)"
    ]


# Characters and page settings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "described"),
    [("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("\u200b", "U+200B (ZERO WIDTH SPACE)"), ("\u2800", "U+2800 (BRAILLE PATTERN BLANK)")],
)
def test_invisible_characters_are_refused_at_their_line(char: str, described: str) -> None:
    assert errors_of(f"# Home\n\nOne{char}two\n") == [
        f"docs/x.md:3: text: contains an invisible character, {described} (retype the text without it; it can make text look different from what it is)"
    ]


def test_windows_line_ends_and_persian_joiners_are_fine() -> None:
    assert errors_of("# Home\r\n\r\nمی\u200cخواهم\r\n") == []


def test_unknown_page_settings_and_templates_are_refused_at_their_line() -> None:
    source = "---\ntitle: Home\ntemplate: redirect.html\nlocation: https://elsewhere.example/\ntitel: x\nhide: navigation\n---\n\n# Home\n"
    assert errors_of(source) == [
        "docs/x.md:3: template: 'redirect.html' is not a template for hand-written pages (use one of: main.html, home.html)",
        "docs/x.md:4: location: is not a page setting (use one of: title, description, lede, template, hide, search)",
        "docs/x.md:5: titel: is not a page setting (did you mean 'title'?)",
        "docs/x.md:6: hide: must be a list (e.g. hide: [navigation, toc])",
    ]


def test_first_lines_that_mkdocs_reads_as_settings_are_checked_too() -> None:
    assert errors_of("template: redirect.html\nNote: read this\n\n# Home\n") == [
        "docs/x.md:1: template: 'redirect.html' is not a template for hand-written pages (use one of: main.html, home.html)",
        "docs/x.md:2: note: 'note:' on the page's first lines is read as a page setting, and the site has no such setting (start the page with a heading or a blank line; page settings are title, description, lede, template, hide, search)",
    ]


def test_the_sample_pages_settings_pass() -> None:
    source = "---\ntemplate: home.html\ntitle: T\ndescription: >-\n  D\nlede: L\nhide:\n  - navigation\nsearch:\n  exclude: true\n---\n\n# T\n"
    assert errors_of(source) == []


def test_page_settings_that_are_not_yaml_are_refused_at_their_line() -> None:
    assert errors_of("---\ntitle: a: b\n---\n# T\n") == [
        "docs/x.md:2: file: is not valid YAML: mapping values are not allowed in this context (a value containing ': ' needs quotes, or use '>-' and put it on the next lines)"
    ]


# Block markers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marker", "expected"),
    [
        ("<!-- storysite:Quote monday -->", "storysite:quote: is not a block marker as written (write <!-- storysite:quote monday -->)"),
        ("<!-- storysite: quote monday -->", "storysite:quote: is not a block marker as written (write <!-- storysite:quote monday -->)"),
        ("<!-- StorySite:figures -->", "storysite:figures: is not a block marker as written (write <!-- storysite:figures -->)"),
        ("<!--storysite :figures-->", "storysite:figures: is not a block marker as written (write <!-- storysite:figures -->)"),
        ("<!-- storysite figures -->", "storysite:figures: is not a block marker as written (write <!-- storysite:figures -->)"),
        ("<!-- storysite:quote monday obadia -->", "storysite:quote: is not a block marker as written (write <!-- storysite:quote NAME -->)"),
        ("<!-- storysite:figures --!>", "storysite:figures: is not a block marker as written (write <!-- storysite:figures -->)"),
        ("<!-- Storysite: Figurs -->", "storysite:figurs: is not a block marker as written (did you mean 'figures'?)"),
        ("<!-- storysite: figures -->", "storysite:figures: is not a block marker as written (write <!-- storysite:figures -->)"),
        ("<!-- storysite: -->", "storysite: is not a block marker as written (write <!-- storysite:NAME -->, NAME one of: all-stories, featured-stories, quote, country, theme, figures, counter, takedown, impact)"),
    ],
)
def test_misspelt_markers_are_errors_at_their_line(marker: str, expected: str) -> None:
    assert errors_of(f"# Home\n\n{marker}\n") == [f"docs/x.md:3: {expected}"]


def test_well_formed_markers_and_other_comments_pass() -> None:
    source = "# Home\n\n<!-- storysite:figures -->\n<!--\nstorysite:quote monday\n-->\n<!-- a note about storysite:figures -->\n"
    assert errors_of(source) == []


def test_the_existing_marker_rules_still_apply() -> None:
    assert errors_of("# Home\n\n<!-- storysite:figurs -->\n") == [
        "docs/x.md:3: storysite:figurs: is not a block this page can show (did you mean 'figures'?)"
    ]


def test_markers_shown_as_code_are_not_checked() -> None:
    assert errors_of("# Home\n\nWrite `<!-- storysite:Quote x -->` like this.\n\n```\n<!-- storysite:figurs -->\n```\n") == []
