"""The checks of docs/: its files, and each page's settings, characters, markers and markup."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from storysite.docs_guard import check_docs, check_page
from storysite.docs_markup import refused_scheme, unsafe_html

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


# Raw HTML and addresses ------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["script", "iframe", "frame", "object", "embed", "applet", "meta", "base", "form", "link", "style", "svg", "math"])
def test_elements_that_run_or_navigate_are_refused_at_their_line(tag: str) -> None:
    errors = errors_of(f"# Home\n\nText.\n\n<{tag.upper() if tag == 'script' else tag} class=x></{tag}>\n")
    assert len(errors) == 1 and errors[0].startswith(f"docs/x.md:5: html: <{tag}> is not allowed in a page: it can run code or lead readers elsewhere (")


def test_the_refresh_meta_and_the_script_say_what_to_do() -> None:
    assert errors_of('<meta http-equiv="refresh" content="0;url=https://elsewhere.example/">\n\n<script>alert(1)</script>\n') == [
        "docs/x.md:1: html: <meta> is not allowed in a page: it can run code or lead readers elsewhere (remove it: a page's settings go in its front matter (title, description))",
        "docs/x.md:3: html: <script> is not allowed in a page: it can run code or lead readers elsewhere (remove it: the site's scripts are part of the theme (overrides/), never of a page)",
    ]


def test_event_attributes_are_refused() -> None:
    assert errors_of("# T\n\n<img src=x.png onerror=alert(1)>\n<p ONclick='x'>a</p>\n") == [
        "docs/x.md:3: html: onerror on <img> would run code (remove onerror=\"...\": a page may not run code)",
        "docs/x.md:4: html: onclick on <p> would run code (remove onclick=\"...\": a page may not run code)",
    ]


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVaScRiPt :alert(1)">x</a>',
        '<a href="java&#x73;cript:alert(1)">x</a>',
        '<a href="java&Tab;script&colon;alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html,<b>x</b>">x</a>',
        '<img src="data:image/png;base64,AAAA" alt="">',
        '<img srcset="a.png 1x, javascript:alert(1) 2x" alt="">',
        '<button formaction="javascript:alert(1)">x</button>',
        '<video poster="javascript:alert(1)"></video>',
    ],
)
def test_addresses_that_run_code_are_refused_in_any_disguise(markup: str) -> None:
    errors = errors_of(f"# T\n\n{markup}\n")
    assert len(errors) == 1 and errors[0].startswith("docs/x.md:3: html: a "), errors
    assert "address in" in errors[0]


@pytest.mark.parametrize(
    ("markdown", "where"),
    [
        ("[x](javascript:alert(1))", "a link [...](...)"),
        ("[x]( JaVaScRiPt :alert(1))", "a link [...](...)"),
        ("[x](java&#x73;cript:alert(1))", "a link [...](...)"),
        ("[x](<javascript:alert(1)>)", "a link [...](...)"),
        ("![x](data:image/png;base64,AAAA)", "an image ![...](...)"),
        ("[id]: javascript:alert(1)", "a link definition [...]:"),
        ("[id]:\n  javascript:alert(1)", "a link definition [...]:"),
        ("<javascript:alert(1)>", "a link <...>"),
        ("<JaVaScRiPt :alert(1)>", "a link <...>"),
    ],
)
def test_markdown_links_that_run_code_are_refused(markdown: str, where: str) -> None:
    errors = errors_of(f"# T\n\n{markdown}\n\n[x][id]\n")
    assert errors and all(error.startswith("docs/x.md:3: link: a ") for error in errors), errors
    assert f"address in {where} is not allowed: it can run code or hide what it shows" in errors[0]


def test_attribute_lists_may_not_add_handlers_or_scripted_addresses() -> None:
    assert errors_of('# T\n\n[x](a.md){: onclick="alert(1)" .big }\n\nText\n{: href="javascript:x" }\n') == [
        "docs/x.md:3: html: onclick in {...} would run code (remove onclick=... from the braces: a page may not run code)",
        "docs/x.md:6: html: a javascript: address in href in {...} is not allowed: it can run code or hide what it shows (link to a page by its https:// address, or to a page of this site by its file name (e.g. stories/index.md))",
    ]


def test_images_from_other_sites_are_refused() -> None:
    assert errors_of('# T\n\n![x](https://tracker.example/p.gif)\n\n<img src="//tracker.example/p.gif" alt="">\n') == [
        "docs/x.md:3: link: an image ![...](...) loads from another website: the site makes no request to any other site (save the image in docs/ as JPEG, PNG or WebP and show it by its file name)",
        "docs/x.md:5: html: src of <img> loads from another website: the site makes no request to any other site (save the image in docs/ as JPEG, PNG or WebP and show it by its file name)",
    ]


def test_ordinary_links_images_and_layout_html_pass() -> None:
    source = (
        "# T\n\n[Read more](stories/index.md){ .ss-more } and [a site](https://example.org/?a=1&b=2)\n\n"
        '![The team](team.jpg)\n\n<div class="ss-reasons" markdown>\n\n1. **One**\n\n</div>\n\n'
        '<a href="mailto:stories@example.org">write</a> <span style="color: red">red</span>\n'
    )
    assert errors_of(source) == []


def test_examples_in_code_are_not_refused() -> None:
    source = "# T\n\nType `<script>` or `<a href=\"javascript:x\">` or ``[x](javascript:y)``.\n\n```html\n<iframe src=x></iframe>\n<img onerror=x>\n```\n"
    assert errors_of(source) == []


def test_code_that_is_not_code_once_converted_is_refused() -> None:
    # Inside a raw <div>, backticks are not code: the browser would run this script.
    assert errors_of("# T\n\n<div>\n`<script>alert(1)</script>`\n</div>\n") == [
        "docs/x.md:4: html: <script> is not allowed in a page: it can run code or lead readers elsewhere (remove it: the site's scripts are part of the theme (overrides/), never of a page)"
    ]


def test_a_comment_a_browser_ends_early_hides_nothing() -> None:
    # Browsers end this comment at "--!>"; Python's HTML parser would read on to "-->".
    assert errors_of("# T\n\n<!-- a --!> <script>alert(1)</script> -->\n")[0].startswith("docs/x.md:3: html: <script>")


def test_what_only_the_converted_page_shows_is_reported_at_the_first_line_of_text() -> None:
    def render(source: str) -> str:
        return "<p><iframe></iframe></p>"

    errors, _ = check_page("---\ntitle: T\n---\n# T\n", "docs/x.md", KNOWN, render)
    assert [str(error) for error in errors] == [
        "docs/x.md:4: html: <iframe> is not allowed in a page: it can run code or lead readers elsewhere (link to the other page instead: [what it shows](https://...))"
    ]


def test_refused_scheme_sees_through_disguises() -> None:
    assert refused_scheme("\x01java\tscript:x") == "javascript"
    assert refused_scheme("java\u200bscript:x") == "javascript"
    assert refused_scheme("DATA:text/html,x") == "data"
    assert refused_scheme("https://example.org/javascript:x") is None
    assert refused_scheme("stories/javascript.md") is None


def test_unsafe_html_lists_what_converted_html_may_not_hold() -> None:
    assert unsafe_html('<p>fine <a href="x/">x</a></p><!-- <script>in a comment</script> -->') == []
    assert unsafe_html('<p><img src=x onerror="alert(1)"></p>') == ['onerror on <img> would run code (remove onerror="...": a page may not run code)']


# What browsers read otherwise than Python's HTML parser --------------------------------------------

HIDDEN_CDATA = "html: <![CDATA[ is not allowed in a page: browsers read it as a hidden comment that ends at the first '>', and what follows as HTML (remove it: a web page has no CDATA sections; to show the sign < in the text, write &lt; (or put the example in `backticks`))"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<div><![CDATA[ x ]]></div>", [HIDDEN_CDATA]),
        ("<!DOCTYPE html>", ["html: <!DOCTYPE> is not allowed in a page: the theme writes the page around its text (remove it)"]),
        ("<div>\n<?php echo 1 ?>\n</div>", []),  # on the next line, see below
        ("<div><!x></div>", ["html: '<!' that does not open a comment '<!--' is not allowed: browsers read it as a hidden comment up to the first '>' (write a note as <!-- note -->; to show the sign < in the text, write &lt; (or put the example in `backticks`))"]),
        ("<div></ div></div>", ["html: '</' not followed by the name of a tag is not allowed: browsers read it as a hidden comment up to the first '>' (close a tag by its name, e.g. </div>; to show the sign < in the text, write &lt; (or put the example in `backticks`))"]),
        # In the text too, where Markdown would write it &lt;: when in doubt, leave it out.
        ("I </3 spam.", ["html: '</' not followed by the name of a tag is not allowed: browsers read it as a hidden comment up to the first '>' (close a tag by its name, e.g. </div>; to show the sign < in the text, write &lt; (or put the example in `backticks`))"]),
    ],
)
def test_what_browsers_read_as_a_hidden_comment_is_refused_at_its_line(markup: str, expected: list[str]) -> None:
    errors = errors_of(f"# T\n\n{markup}\n")
    if not expected:
        assert errors == ["docs/x.md:4: html: '<?' is not allowed in a page: browsers read it as a hidden comment up to the first '>' (remove it: a page cannot run PHP or other code; to show the sign < in the text, write &lt; (or put the example in `backticks`))"]
    else:
        assert errors == [f"docs/x.md:3: {message}" for message in expected]


@pytest.mark.parametrize(
    ("hidden", "found"),
    [
        ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "html: <meta> is not allowed in a page"),
        ("<img src=x onerror=alert(1)>", "html: onerror on <img> would run code"),
        ('<link rel=dns-prefetch href="//evil.example">', "html: <link> is not allowed in a page"),
    ],
)
def test_what_a_cdata_section_hides_from_pythons_parser_is_refused_too(hidden: str, found: str) -> None:
    errors = errors_of(f"# T\n\n<div><![CDATA[ >{hidden} ]]></div>\n\nText <![CDATA[ >{hidden} ]]> more.\n")
    assert [error for error in errors if found in error] and all(error.startswith(("docs/x.md:3: ", "docs/x.md:5: ")) for error in errors)
    assert f"docs/x.md:3: {HIDDEN_CDATA}" in errors and f"docs/x.md:5: {HIDDEN_CDATA}" in errors


def test_hidden_comments_only_the_converted_page_shows_are_reported_at_the_first_line_of_text() -> None:
    def render(source: str) -> str:
        return '<p><![CDATA[ ><meta http-equiv="refresh" content="0;url=x"> ]]></p>'

    errors, _ = check_page("# T\n\nText.\n", "docs/x.md", KNOWN, render)
    assert [str(error).split(" is not allowed")[0] for error in errors] == ["docs/x.md:1: html: <meta>", "docs/x.md:1: html: <![CDATA["]


def test_hidden_comments_shown_as_code_are_not_refused() -> None:
    assert errors_of("# T\n\nWrite `<![CDATA[` or `<?php` or `</ x>`.\n\n```\n<!DOCTYPE html>\n```\n") == []


@pytest.mark.parametrize("tag", ["noscript", "noembed", "noframes", "xmp", "plaintext", "textarea", "title"])
def test_elements_whose_content_browsers_read_as_text_are_refused(tag: str) -> None:
    # <noscript><p title="</noscript><img onerror>">: the image is an attribute to a parser
    # that does not know <noscript>, a real image to a browser that runs scripts.
    errors = errors_of(f'# T\n\n<{tag}><p title="</{tag}><img src=x onerror=alert(1)>"></{tag}>\n')
    assert errors == [f"docs/x.md:3: html: <{tag}> is not allowed in a page: browsers read what follows it as text, not as the page's HTML (remove it: a page's text is written in Markdown; a page's title goes in its front matter (title:))"]


# Comments: what is judged is what is published ---------------------------------------------------

IN_TAG = "html: a comment inside a tag is not allowed: browsers do not read it as a comment, and once the build removes it the tag could become another (<scr<!-- -->ipt> would be <script>) (move the comment out of the tag, e.g. on a line of its own: <!-- note -->)"
JOINS = "html: a '<' right before a comment: once the build removes the comment, the '<' would open a tag with what follows (write &lt; for the sign <, or put a space between the comment and what follows)"


@pytest.mark.parametrize(
    "markup",
    [
        "<div>\n<scr<!-- a -->ipt>alert(1)</scr<!-- b -->ipt>\n</div>",
        "<div>\n<img src=x o<!-- -->nerror=alert(1)>\n</div>",
        '<div>\n<a title="<!-- a note -->" href="x/">x</a>\n</div>',
        '<div>\n<p title="<!-- storysite:counter -->">x</p>\n</div>',
    ],
)
def test_a_comment_inside_a_tag_is_refused_at_its_line(markup: str) -> None:
    assert errors_of(f"# T\n\n{markup}\n") == [f"docs/x.md:4: {IN_TAG}"]


def test_a_comment_whose_removal_would_open_a_tag_is_refused_at_its_line() -> None:
    assert errors_of("# T\n\n<div>\n<<!-- x -->script>alert(1)<<!-- y -->/script>\n</div>\n") == [f"docs/x.md:4: {JOINS}"]
    assert errors_of("# T\n\n3 < 4 <!-- fine --> and a <<!-- fine --> b\n") == []


def test_the_converted_page_is_judged_with_its_comments_cut_out() -> None:
    # A render that splices: cut out, as page_html cuts comments, this is a <script>.
    def render(source: str) -> str:
        return "<p><scr<!-- a -->ipt>alert(1)</script><<!-- b -->iframe></iframe></p>"

    errors, _ = check_page("# T\n\nText.\n", "docs/x.md", KNOWN, render)
    assert [str(error) for error in errors] == [f"docs/x.md:1: {IN_TAG}", f"docs/x.md:1: {JOINS}"]


def test_lines_are_those_of_the_source_once_comments_are_cut_out() -> None:
    assert errors_of("# T\n\n<!--\nlong\nnote\n-->\n<div><!-- x\ny --><script>alert(1)</script></div>\n")[0].startswith("docs/x.md:8: html: <script>")


def test_autolinks_are_links_not_tags() -> None:
    assert errors_of("# T\n\nSee <https://online.example/> and <http://onion.example/a/onload>.\n") == []
