"""The checks of a page's raw HTML and links (docs_markup), through the page check that runs them."""

from __future__ import annotations

import pytest

from storysite.docs_guard import check_page
from storysite.docs_markup import refused_scheme, unsafe_html

KNOWN = {"story": ["monday"], "country": ["nigeria"], "theme": ["early-marriage"]}


def errors_of(source: str) -> list[str]:
    errors, _ = check_page(source, "docs/x.md", KNOWN)
    return [str(error) for error in errors]


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
        # The attributes the unpublished-link rule reads as addresses are checked as such too.
        '<img src="a.png" usemap="javascript:alert(1)" alt="">',
        '<p itemid="javascript:alert(1)">x</p>',
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
