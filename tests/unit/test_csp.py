"""The Content-Security-Policy: inline scripts by hash, nothing from other sites."""

from __future__ import annotations

import base64
import hashlib

from storysite.csp import PLACEHOLDER, fill_policy, inline_script_hashes, policy


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_hashes_cover_inline_scripts_only() -> None:
    html = (
        "<script>var a=1</script>"
        '<script src="x.js"></script>'
        '<script type="application/json">{"a": "&lt;"}</script>'
        "<script>var a=1</script>"
        "<script>if (a < 2 && b) {}</script>"
    )
    assert inline_script_hashes(html) == [sha("var a=1"), sha("if (a < 2 && b) {}")]


def test_policy_allows_scripts_by_hash_and_self_only() -> None:
    text = policy([sha("x")])
    directives = dict(part.split(" ", 1) for part in text.split("; "))
    assert directives["script-src"] == f"'self' {sha('x')}"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in text
    assert "http" not in text


def test_fill_policy_replaces_the_placeholder_with_this_pages_hashes() -> None:
    html = f'<head><meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}"></head><script>go()</script>'
    filled = fill_policy(html)
    assert PLACEHOLDER not in filled
    assert sha("go()").replace("'", "&#39;") in filled


def test_fill_policy_leaves_other_files_alone() -> None:
    assert fill_policy("<urlset></urlset>") == "<urlset></urlset>"


def test_the_local_preview_allows_the_live_reload_script() -> None:
    html = f'<meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}"><script>go()</script>'
    published = fill_policy(html)
    preview = fill_policy(html, preview=True)
    assert "unsafe-inline&#39; &#39;sha256" not in published and "script-src &#39;self&#39; &#39;sha256-" in published
    assert "script-src &#39;self&#39; &#39;unsafe-inline&#39;;" in preview and "sha256" not in preview


def test_scripts_of_the_page_content_get_no_hash() -> None:
    content = "<p>Hello</p><script>alert('editor')</script>"
    html = (
        f'<head><meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}"><script>theme()</script></head>'
        f"<article>{content}</article><script>ours()</script>"
    )
    filled = fill_policy(html, content=content)
    assert sha("theme()").replace("'", "&#39;") in filled and sha("ours()").replace("'", "&#39;") in filled
    assert sha("alert('editor')").replace("'", "&#39;") not in filled
    # Without knowing the content, every script on the page would have been allowed.
    assert sha("alert('editor')").replace("'", "&#39;") in fill_policy(html)


def test_content_the_page_does_not_hold_as_is_allows_no_script_at_all() -> None:
    html = f'<meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}"><script>theme()</script><p>changed</p>'
    filled = fill_policy(html, content="<p>original</p>")
    assert "sha256" not in filled and "script-src &#39;self&#39;;" in filled
