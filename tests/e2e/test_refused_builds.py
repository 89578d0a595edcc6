"""A bad pull request is refused with file, line and field, and the last good site survives."""

from __future__ import annotations

from built_html import content, page, text

from sitebuild import Project, tree_digest


def break_story(project: Project) -> None:
    story = project.root / "stories" / "monday.yml"
    story.write_text(story.read_text(encoding="utf-8").replace("quote:", "qoute:"), encoding="utf-8")
    project.write("stories/veronica-ayuba.yml", (project.root / "stories" / "veronica-ayuba.yml").read_text().replace("featured: true", "featured: yes"))


def test_refused_build_names_every_error_and_keeps_the_last_good_site(project: Project) -> None:
    good = project.build()
    assert good.returncode == 0, good.output
    before = tree_digest(good.site)

    break_story(project)
    refused = project.build()

    assert refused.returncode == 1
    assert "Traceback" not in refused.output
    report = refused.output[refused.output.index("3 content errors in 2 files; nothing was built:"):]
    assert report.splitlines()[1:4] == [
        "  stories/monday.yml:5: quote: missing (the words in quotation marks, 20 to 600 characters)",
        "  stories/monday.yml:9: qoute: unknown field (did you mean 'quote'?)",
        "  stories/veronica-ayuba.yml:14: featured: must be true or false, not 'yes' (type true or false, without quotes)",
    ]
    assert tree_digest(good.site) == before


def test_missing_quote_is_reported_at_the_file_start(project: Project) -> None:
    story = project.root / "stories" / "monday.yml"
    lines = [line for line in story.read_text(encoding="utf-8").splitlines() if not line.startswith("quote:")]
    story.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = project.build()
    assert refused.returncode == 1
    assert "stories/monday.yml:5: quote: missing (the words in quotation marks, 20 to 600 characters)" in refused.output


def test_unknown_block_in_a_page_is_refused_with_its_line(project: Project) -> None:
    home = project.root / "docs" / "index.md"
    source = home.read_text(encoding="utf-8")
    line = source.splitlines().index("<!-- storysite:figures -->") + 1
    home.write_text(source.replace("<!-- storysite:figures -->", "<!-- storysite:figurs -->"), encoding="utf-8")
    refused = project.build()
    assert refused.returncode == 1
    assert f"docs/index.md:{line}: storysite:figurs: is not a block this page can show (did you mean 'figures'?)" in refused.output


def test_a_bad_today_is_refused(project: Project) -> None:
    refused = project.build(today="2026-02-30")
    assert refused.returncode == 1
    assert "STORIES_TODAY='2026-02-30' is not a date; write it as YYYY-MM-DD" in refused.output
    assert "Traceback" not in refused.output


def test_story_without_consent_is_refused(project: Project) -> None:
    story = project.root / "stories" / "monday.yml"
    source = story.read_text(encoding="utf-8")
    story.write_text(source[: source.index("consent:")], encoding="utf-8")
    refused = project.build()
    assert refused.returncode == 1
    assert (
        "stories/monday.yml:5: consent: missing (every story needs its consent record: given, expires, scope, reference)"
        in refused.output
    )


def test_expired_story_is_left_out_of_every_output(project: Project) -> None:
    # Monday's consent ends on 2028-11-02: build the day after.
    built = project.build(today="2028-11-03")
    assert built.returncode == 0, built.output
    assert "Left out stories/monday.yml: consent expired on 2028-11-02" in built.output
    assert not (built.site / "stories" / "monday").exists()
    for path in built.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            data = path.read_text(encoding="utf-8")
            assert "beg my wife" not in data and "stories/monday/" not in data, path
    cards = content(page(built.site, "stories/")).select(".ss-card")
    assert len(cards) == 3


def test_story_expiring_soon_is_announced_without_failing_strict(project: Project) -> None:
    built = project.build(today="2028-10-01")
    assert built.returncode == 0, built.output
    assert "Consent for stories/monday.yml ends on 2028-11-02: renew it or the story goes offline" in built.output


def test_generated_stories_index_is_used_when_docs_has_none(project: Project) -> None:
    (project.root / "docs" / "stories" / "index.md").unlink()
    built = project.build()
    assert built.returncode == 0, built.output
    body = content(page(built.site, "stories/"))
    assert text(body.select_one("h1")) == "Stories"
    assert len(body.select(".ss-card")) == 4
