"""Where a hand-written page's links lead: every way of writing a generated page's address."""

from __future__ import annotations

import pytest

from storysite.link_targets import LinkContext, generated_targets

PUBLISHED = frozenset({"stories/obadia.md", "countries/nigeria.md", "themes/early-marriage.md", "impact.md"})
SITE = "https://stories.example.org/"
HOME = LinkContext("index.md", "", PUBLISHED, SITE)
ABOUT = LinkContext("about.md", "about/", PUBLISHED, SITE)
STORIES_INDEX = LinkContext("stories/index.md", "stories/", PUBLISHED, SITE)


@pytest.mark.parametrize(
    ("href", "links", "expected"),
    [
        ("stories/monday.md", HOME, {"stories/monday.md"}),
        ("stories/monday/", HOME, {"stories/monday.md"}),
        ("stories/monday/#part", HOME, {"stories/monday.md"}),
        ("stories/monday/index.html", HOME, {"stories/monday.md"}),
        ("stories/Monday.md?x=1", HOME, {"stories/monday.md"}),
        ("stories/%6Donday.md", HOME, {"stories/monday.md"}),
        ("/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("../stories/monday.md", STORIES_INDEX, {"stories/monday.md"}),
        ("monday.md", STORIES_INDEX, {"stories/monday.md"}),
        ("../stories/monday/", ABOUT, {"stories/monday.md"}),
        ("../../stories/monday/", HOME, {"stories/monday.md"}),
        ("..", HOME, set()),
        ("https://stories.example.org/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("HTTP://Stories.Example.org/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("//stories.example.org/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("countries/afghanistan.md", HOME, {"countries/afghanistan.md"}),
        ("themes/early-marriage/", HOME, {"themes/early-marriage.md"}),
        ("stories/index.md", HOME, set()),
        ("stories/", HOME, set()),
        ("stories/photo.jpg", HOME, set()),
        ("stories/monday/extra/", HOME, set()),
        ("impact.md", HOME, set()),
        ("https://elsewhere.example/stories/monday/", HOME, set()),
        ("mailto:stories@example.org", HOME, set()),
        ("#the-problem", HOME, set()),
        # The site's host as a browser reads it: default or any port, a trailing dot, a
        # user name, any case, backslashes, slashes missing or doubled, escapes, full-width
        # letters and dots, tabs and controls.
        ("https://stories.example.org:443/stories/monday/", HOME, {"stories/monday.md"}),
        ("http://stories.example.org:80/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://stories.example.org:8443/stories/monday/", HOME, {"stories/monday.md"}),
        ("http://stories.example.org./stories/monday/", HOME, {"stories/monday.md"}),
        ("https://x@stories.example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://x:y@stories.example.org:443/stories/monday/", HOME, {"stories/monday.md"}),
        ("HTTPS://STORIES.EXAMPLE.ORG/STORIES/MONDAY/", HOME, {"stories/monday.md"}),
        ("https:\\\\stories.example.org\\stories\\monday\\", HOME, {"stories/monday.md"}),
        ("https:///stories.example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("http:stories.example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https:stories/monday/", HOME, {"stories/monday.md"}),
        ("https:/stories/monday/", ABOUT, {"stories/monday.md"}),
        ("\\\\stories/monday/", HOME, set()),  # a browser reads the host "stories" here
        ("/\\stories.example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://stories%2Eexample.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://\uff53\uff54\uff4f\uff52\uff49\uff45\uff53\u3002example.org/stories/monday/", HOME, {"stories/monday.md"}),
        ("https://stories.exam\u00adple.org/stories/monday/", HOME, {"stories/monday.md"}),
        (" \x01https://stories.exam\tple.org/stories/mon\nday/", HOME, {"stories/monday.md"}),
        ("https://stories.example.org/x/../stories/monday/", HOME, {"stories/monday.md"}),
        ("https://stories.example.org@elsewhere.example/stories/monday/", HOME, set()),
        ("https://stories.example.org.elsewhere.example/stories/monday/", HOME, set()),
        ("ftp://stories.example.org/stories/monday/", HOME, set()),
    ],
)
def test_every_way_of_writing_a_generated_pages_address_is_recognised(href: str, links: LinkContext, expected: set[str]) -> None:
    assert generated_targets(href, links) == expected


def test_a_site_under_a_folder_is_recognised_by_its_own_path() -> None:
    links = LinkContext("index.md", "", frozenset(), "https://example.org/programme/")
    assert generated_targets("https://example.org/programme/stories/x/", links) == {"stories/x.md"}
    assert generated_targets("/programme/stories/x/", links) == {"stories/x.md"}
    assert generated_targets("https://example.org/stories/x/", links) == set()
    assert generated_targets("https://example.org/other/../programme/stories/x/", links) == {"stories/x.md"}
