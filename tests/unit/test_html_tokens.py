"""HTML read as browsers read it: tokens, attributes and comments."""

from __future__ import annotations

import pytest

from storysite.html_tokens import html_comments, html_tokens


@pytest.mark.parametrize(
    ("html", "comments"),
    [
        ("a<!-- x -->b", ["<!-- x -->"]),
        ("a<!-->b", ["<!-->"]),
        ("a<!--->b", ["<!--->"]),
        ("a<!-- x --!>b -->", ["<!-- x --!>"]),
        ("a<!-- x -- > y -->b", ["<!-- x -- > y -->"]),
        ("a<!-- never closed", ["<!-- never closed"]),
        ("a &lt;!-- shown --&gt;", []),
    ],
)
def test_comments_are_read_as_browsers_read_them(html: str, comments: list[str]) -> None:
    assert [html[start:end] for start, end in html_comments(html)] == comments


@pytest.mark.parametrize(
    ("html", "pieces"),
    [
        # Browsers end all of these at the first ">", whatever HTMLParser does.
        ('a<![CDATA[ ><meta http-equiv="refresh"> ]]>b', [("text", "a"), ("bogus", "<![CDATA[ >"), ("start", '<meta http-equiv="refresh">'), ("text", " ]]>b")]),
        ("<!DOCTYPE html><p>", [("doctype", "<!DOCTYPE html>"), ("start", "<p>")]),
        ("<!doctype x '>'>", [("doctype", "<!doctype x '>"), ("text", "'>")]),
        ("<?php echo '>' ?>", [("bogus", "<?php echo '>"), ("text", "' ?>")]),
        ("<!x><!>", [("bogus", "<!x>"), ("bogus", "<!>")]),
        ("</ x>y</3>z</>", [("bogus", "</ x>"), ("text", "y"), ("bogus", "</3>"), ("text", "z"), ("bogus", "</>")]),
        ("a < b <3 <", [("text", "a < b <3 <")]),
        ("x</", [("text", "x</")]),
        ("<!-- a --!> b -->", [("comment", "<!-- a --!>"), ("text", " b -->")]),
        ("<scr<!-- a -->ipt>", [("start", "<scr<!-- a -->"), ("text", "ipt>")]),
        ('<a title=">" href=x>t</a >', [("start", '<a title=">" href=x>'), ("text", "t"), ("end", "</a >")]),
        ("<a href='x", [("start", "<a href='x")]),
    ],
)
def test_html_is_read_in_the_pieces_a_browser_reads(html: str, pieces: list[tuple[str, str]]) -> None:
    assert [(token.kind, html[token.start : token.end]) for token in html_tokens(html)] == pieces


def test_attributes_are_read_as_browsers_read_them() -> None:
    [token] = html_tokens('<IMG/SRC=x.png alt="a > b"title=\'t\' =x checked data-X = "&lt;y&#x3E;" src=second/>')
    assert token.name == "img"
    assert [(attribute.name, attribute.value) for attribute in token.attrs] == [
        ("src", "x.png"), ("alt", "a > b"), ("title", "t"), ("=x", ""), ("checked", ""), ("data-x", "<y>"), ("src", "second/"),
    ]
    assert not html_tokens("<a href='x")[0].closed
