"""docs/ is held to the rules of stories/: real builds of a copied project.

Links to a story that is withdrawn become text and leave no address behind, and so do
links to a further page of a list the build does not make (too few stories); comments,
front-matter markup and image metadata never reach the site; raw HTML that runs or
navigates, misspelt markers and files docs/ may not hold stop the build at their line.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from built_html import content, page, text
from factories import story_yaml
from photo_fixtures import assert_clean_page_image, jpeg_with_everything
from bs4 import BeautifulSoup
from PIL import Image

from sitebuild import Built, copy_project

GONE = "obadia-lowiya-steven"  # South Sudan's only story, and girls-education's
COMMENT_SENTINEL = "QUOKKA-COMMENT-SENTINEL"
TITLE = "</title><script>alert('title')</script> How we collect stories"

LINKS = f"""
## Read more

Read [his story](stories/{GONE}.md), [South Sudan's page](countries/south-sudan.md),
[girls' education](themes/girls-education/), [the same story](/stories/{GONE}/#quote),
<https://stories.example.org/stories/{GONE}/>, <a href="stories/{GONE}/">his page</a>
and [Veronica's story](stories/veronica-ayuba.md), which is still published.
Read [Obadia Lowiya Steven](stories/{GONE}.md) in his own words.

[again][gone]

[gone]: ../stories/{GONE}/

## Notes <!-- {COMMENT_SENTINEL} in a heading -->

Text with an inline <!-- {COMMENT_SENTINEL} inline --> comment.

<!--
  {COMMENT_SENTINEL}: a block comment with a name in it.
-->

![The team at work](images/team.jpg)

## Other ways of writing the address

<p id="forms"><a href="https://stories.example.org:443/stories/{GONE}/">port</a>, <a href="http://stories.example.org./stories/{GONE}/">dot</a>, <a href="https://editor@stories.example.org/stories/{GONE}/">user</a>, <a href="HTTPS://STORIES.EXAMPLE.ORG/STORIES/{GONE.upper()}/">capitals</a>, <q cite="stories/{GONE}/">a quote</q>, <img src="../stories/{GONE}/" alt="his picture"> and <span data-next="/stories/{GONE}/">next</span>.</p>

[With a port](https://stories.example.org:443/stories/{GONE}/) and ![his photo](stories/{GONE}.md) and [Veronica](https://STORIES.example.org:443/stories/veronica-ayuba/).
"""


# Links to further pages of lists: page 2 of the stories, of South Sudan's, of girls'
# education's and of Nigeria's, written in ways MkDocs and browsers read.
FURTHER_LINKS = """
## More stories

<p id="raw-further"><a href="/stories/page/2/">Raw next page</a></p>

Browse [the next stories](stories/page/2.md), [more from South Sudan](countries/south-sudan/page/2.md),
[more on girls' education](themes/girls-education/page/2/), [more from Nigeria](countries/nigeria/page/2.md)
and [the next stories again](../stories/page/2/).
"""
FURTHER_HREFS = [
    "stories/page/2.md", "countries/south-sudan/page/2.md", "themes/girls-education/page/2/",
    "countries/nigeria/page/2.md", "../stories/page/2/",
]


def everything_in(site: Path) -> list[tuple[Path, str]]:
    """Every output file with its text (binary files read as Latin-1, byte for byte)."""
    return [(path, path.read_bytes().decode("latin-1")) for path in sorted(site.rglob("*")) if path.is_file()]


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample site with links to a story that is then withdrawn, comments, a title
    with markup and a photo with GPS metadata in docs/."""
    project = copy_project(tmp_path_factory.mktemp("docs-rules") / "project")
    page_path = project.root / "docs" / "how-we-collect-stories.md"
    source = page_path.read_text(encoding="utf-8")
    source = source.replace("title: How we collect stories", f'title: "{TITLE}"', 1)
    page_path.write_text(source + LINKS, encoding="utf-8")
    (project.root / "docs" / "images").mkdir()
    (project.root / "docs" / "images" / "team.jpg").write_bytes(jpeg_with_everything(orientation=6, size=(80, 40)))
    story = project.root / "stories" / f"{GONE}.yml"
    story.write_text(story.read_text(encoding="utf-8").replace("consent:\n", "consent:\n  withdrawn: true\n"), encoding="utf-8")
    assert "withdrawn: true" in story.read_text(encoding="utf-8")
    built = project.build()
    assert built.returncode == 0, built.output
    return built


def test_links_to_a_withdrawn_story_become_text_and_the_build_passes_strict(docs_site: Built) -> None:
    body = content(page(docs_site.site, "how-we-collect-stories/"))
    paragraph = next(p for p in body.find_all("p") if "his story" in text(p))
    assert text(paragraph).startswith("Read his story, South Sudan’s page, girls’ education, the same story, , his page and Veronica’s story")
    assert [a["href"] for a in paragraph.find_all("a")] == ["../stories/veronica-ayuba/"]
    assert "again" in text(body) and not body.find("a", string="again")
    for link in (f"stories/{GONE}.md", "countries/south-sudan.md", "themes/girls-education/", f"../stories/{GONE}/"):
        assert f"how-we-collect-stories.md: link to {link} shows as text" in docs_site.output


def test_other_ways_of_writing_its_address_and_other_attributes_leave_nothing(docs_site: Built) -> None:
    body = content(page(docs_site.site, "how-we-collect-stories/"))
    forms = body.find("p", id="forms")
    assert forms.get_text() == "port, dot, user, capitals, a quote,  and next."
    assert forms.find("a") is None and forms.q is not None and not forms.q.attrs and forms.img["alt"] == "his picture"
    assert not forms.img.has_attr("src") and not forms.span.attrs
    markdown = next(p for p in body.find_all("p") if "With a port" in text(p))
    assert [a["href"] for a in markdown.find_all("a")] == ["https://STORIES.example.org:443/stories/veronica-ayuba/"]
    assert markdown.img is None and "his photo" not in text(body)
    assert "how-we-collect-stories.md: cite of <q> is left out" in docs_site.output


def test_the_withdrawn_storys_address_is_in_no_output_file(docs_site: Built) -> None:
    for path, body in everything_in(docs_site.site):
        for address in (f"stories/{GONE}", GONE, "countries/south-sudan", "themes/girls-education"):
            assert address not in body.lower(), f"{path} holds {address}"
        assert GONE not in str(path) and "south-sudan" not in str(path)


def test_a_link_naming_the_withdrawn_person_leaves_no_name(docs_site: Built) -> None:
    # The link goes with its text: his name is in no page, no search entry, no file.
    assert [path.name for path, text in everything_in(docs_site.site) if "lowiya" in text.lower()] == []
    page = (docs_site.site / "how-we-collect-stories" / "index.html").read_text(encoding="utf-8")
    assert "Read  in his own words." in page or "Read in his own words." in page


def test_comments_reach_no_output_file(docs_site: Built) -> None:
    for path, body in everything_in(docs_site.site):
        assert COMMENT_SENTINEL not in body, path
    # The home page's long editor's comment is gone too; its blocks were drawn.
    home = (docs_site.site / "index.html").read_text(encoding="utf-8")
    assert "Edit the words freely" not in home and "<!--" not in str(content(page(docs_site.site, "")))
    assert page(docs_site.site, "").select_one(".ss-counter") is not None


def test_a_front_matter_title_with_markup_is_escaped_where_the_theme_prints_it(docs_site: Built) -> None:
    soup = page(docs_site.site, "how-we-collect-stories/")
    assert soup.title.string == f"{TITLE} – Men’s Engagement Programme"
    assert text(soup.select_one(".md-header__topic:not(:first-child)")) == TITLE
    assert soup.select_one('meta[property="og:title"]')["content"] == TITLE
    scripts = [script.string or "" for script in soup.find_all("script")]
    assert not [script for script in scripts if "alert(" in script]
    index = json.loads((docs_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # Material's search shows titles and text as HTML: nothing of the title may be markup there.
    for doc in index["docs"]:
        assert "<script" not in doc["title"] and "<script" not in doc["text"], doc


def test_a_docs_photo_is_published_without_its_metadata_and_upright(docs_site: Built) -> None:
    published = docs_site.site / "images" / "team.jpg"
    data = published.read_bytes()
    assert_clean_page_image(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (40, 80)  # orientation 6 applied
    img = content(page(docs_site.site, "how-we-collect-stories/")).find("img", alt="The team at work")
    assert img is not None and img["src"] == "../images/team.jpg"


def build_with_further_links(project_folder: Path, more_stories: int) -> Built:
    """The sample site (4 stories, too few for a second page of any list) with
    ``more_stories`` more from South Sudan on girls' education, and links to further
    pages of lists in docs/."""
    project = copy_project(project_folder)
    for index in range(more_stories):
        day = f"2024-05-{index + 1:02d}"
        project.write(f"stories/obadia-lowiya-steven-{index + 1}.yml", story_yaml(collected=day, published=day))
    page_path = project.root / "docs" / "how-we-collect-stories.md"
    page_path.write_text(page_path.read_text(encoding="utf-8") + FURTHER_LINKS, encoding="utf-8")
    return project.build()


def further_paragraphs(built: Built) -> tuple[BeautifulSoup, BeautifulSoup]:
    """The Markdown paragraph of links to further pages, and the raw HTML one."""
    body = content(page(built.site, "how-we-collect-stories/"))
    markdown = next(p for p in body.find_all("p") if "Browse" in text(p))
    return markdown, body.find("p", id="raw-further")


def test_links_to_further_pages_a_short_list_lacks_become_text_and_the_build_passes_strict(tmp_path: Path) -> None:
    built = build_with_further_links(tmp_path / "project", more_stories=0)
    assert built.returncode == 0, built.output
    assert not (built.site / "stories" / "page").exists()
    markdown, raw = further_paragraphs(built)
    assert markdown.find("a") is None and raw.find("a") is None
    assert text(markdown) == (
        "Browse the next stories, more from South Sudan, more on girls’ education, more from Nigeria and the next stories again."
    )
    assert text(raw) == "Raw next page"
    for href in [*FURTHER_HREFS, "/stories/page/2/"]:
        assert f"docs/how-we-collect-stories.md: link to {href} shows as text: that list has fewer pages today" in built.output, built.output


def test_links_to_further_pages_a_long_list_has_stay_links(tmp_path: Path) -> None:
    built = build_with_further_links(tmp_path / "project", more_stories=30)
    assert built.returncode == 0, built.output
    markdown, raw = further_paragraphs(built)
    hrefs = {text(a): a["href"] for a in markdown.find_all("a")}
    assert hrefs == {
        "the next stories": "../stories/page/2/",
        "more from South Sudan": "../countries/south-sudan/page/2/",
        "more on girls’ education": "themes/girls-education/page/2/",  # as written: MkDocs rewrites .md links only
        "the next stories again": "../stories/page/2/",
    }
    assert raw.a["href"] == "/stories/page/2/"
    for address in ("stories/page/2/", "countries/south-sudan/page/2/", "themes/girls-education/page/2/"):
        assert (built.site / address / "index.html").is_file()
    # Nigeria's two stories fill one page: that link alone is text.
    assert "more from Nigeria" in text(markdown)
    assert "link to countries/nigeria/page/2.md shows as text: that list has fewer pages today" in built.output
    assert "link to stories/page/2.md shows as text" not in built.output


HOSTILE = [
    "<script>alert('docs')</script>",
    '<meta http-equiv="refresh" content="0;url=https://elsewhere.example/">',
    '<iframe src="https://elsewhere.example/"></iframe>',
    '<img src="team.png" alt="" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "<!-- storysite:Quote monday -->",
    "<!-- storysite: figures -->",
    '<div><![CDATA[ ><meta http-equiv="refresh" content="0;url=https://elsewhere.example/"> ]]></div>',
    "<div><scr<!-- a -->ipt>alert('spliced')</scr<!-- b -->ipt></div>",
    '<div><noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript></div>',
]


@pytest.fixture(scope="module")
def refused_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, dict[str, int]]:
    """docs/index.md with every kind of refused markup, each on its own line."""
    project = copy_project(tmp_path_factory.mktemp("docs-refused") / "project")
    home = project.root / "docs" / "index.md"
    source = home.read_text(encoding="utf-8") + "\n" + "\n\n".join(HOSTILE) + "\n"
    home.write_text(source, encoding="utf-8")
    lines = source.splitlines()
    return project.build(), {markup: lines.index(markup) + 1 for markup in HOSTILE}


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        (HOSTILE[0], "html: <script> is not allowed in a page"),
        (HOSTILE[1], "html: <meta> is not allowed in a page"),
        (HOSTILE[2], "html: <iframe> is not allowed in a page"),
        (HOSTILE[3], "html: onerror on <img> would run code"),
        (HOSTILE[4], "link: a javascript: address in a link [...](...) is not allowed"),
        (HOSTILE[5], "storysite:quote: is not a block marker as written (write <!-- storysite:quote monday -->)"),
        (HOSTILE[6], "storysite:figures: is not a block marker as written (write <!-- storysite:figures -->)"),
        (HOSTILE[7], "html: <![CDATA[ is not allowed in a page: browsers read it as a hidden comment that ends at the first '>', and what follows as HTML (remove it"),
        (HOSTILE[7], "html: <meta> is not allowed in a page"),
        (HOSTILE[8], "html: a comment inside a tag is not allowed"),
        (HOSTILE[9], "html: <noscript> is not allowed in a page: browsers read what follows it as text"),
    ],
)
def test_raw_html_that_runs_or_navigates_stops_the_build_at_its_line(
    refused_page: tuple[Built, dict[str, int]], markup: str, error: str
) -> None:
    built, lines = refused_page
    assert built.returncode == 1
    assert "Traceback" not in built.output
    assert f"  docs/index.md:{lines[markup]}: {error}" in built.output
    assert not (built.site / "index.html").exists()


def test_files_docs_may_not_hold_stop_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    docs = project.root / "docs"
    (docs / "consent-form.pdf").write_bytes(b"%PDF-1.4 signed by Amina")
    (docs / "draft.yml").write_text("name: Amina\n", encoding="utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text("# Not ours\n", encoding="utf-8")
    (docs / "linked.md").symlink_to(outside)
    os.mkfifo(docs / "pipe.md")
    built = project.build()
    assert built.returncode == 1
    assert "Traceback" not in built.output
    for line in (
        "docs/consent-form.pdf:1: file: is not a page or an image the site can publish (documents such as consent forms stay offline",
        "docs/draft.yml:1: file: is not a page or an image the site can publish (stories go in stories/, figures in data/; a draft goes in a pull request, not in docs/)",
        "docs/linked.md:1: file: is a symbolic link",
        "docs/pipe.md:1: file: is not a plain file (a named pipe, socket or device)",
    ):
        assert f"  {line}" in built.output, built.output


def test_a_safe_build_publishes_nothing_the_checks_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """make build's safe build goes on despite errors: what docs/ may not hold stays out."""
    project = copy_project(tmp_path / "project")
    docs = project.root / "docs"
    (docs / "consent-form.pdf").write_bytes(b"%PDF-1.4 SAFE-SENTINEL")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "page.md").write_text("# SAFE-SENTINEL page\n", encoding="utf-8")
    (outside / "photo.jpg").write_bytes(jpeg_with_everything())
    (docs / "linked").symlink_to(outside)
    (docs / "drawing.png").write_text("<svg onload=alert(1)>SAFE-SENTINEL</svg>", encoding="utf-8")
    home = docs / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n<script>alert('SAFE-SENTINEL')</script>\n", encoding="utf-8")
    monkeypatch.setenv("STORYSITE_SAFE_MODE", "1")
    built = project.build(strict=False)
    assert built.returncode == 0, built.output
    published = [path.relative_to(built.site).as_posix() for path in built.site.rglob("*") if path.is_file()]
    assert not [path for path in published if path.startswith("linked/") or path in ("consent-form.pdf", "drawing.png")]
    for path, body in everything_in(built.site):
        assert "SAFE-SENTINEL" not in body, path
    assert "alert(" not in (built.site / "index.html").read_text(encoding="utf-8")
