"""The impact page: every figure with its provenance, a chart a screen reader can read, a table."""

from __future__ import annotations

from pathlib import Path

from built_html import content, page, text

from sitebuild import Project


def test_impact_page_tells_every_seed_figure(sample_site: Path) -> None:
    body = content(page(sample_site, "impact/"))
    summaries = [text(p) for p in body.select(".ss-measure__summary")]
    assert summaries == [
        "39% of graduates in Afghanistan reported taking action to share information with their community "
        "about the effects of violence against women, up from 15% at enrolment. 1",
        "50% increase in men's knowledge scores between enrolment and graduation in Afghanistan, DR Congo "
        "and Nigeria. 2",
        "41% of graduates in Afghanistan reported having taken action to support a female victim of violence, "
        "up from 15% at enrolment. 3",
    ]
    counter = body.select_one(".ss-counter")
    assert text(counter.select_one(".ss-counter__value")) == "over 50,894"
    assert "When: since 2002; the page gives no as-of date." in text(counter)


def test_before_after_figures_have_an_accessible_svg_chart(sample_site: Path) -> None:
    body = content(page(sample_site, "impact/"))
    charts = body.select("svg.ss-chart")
    assert len(charts) == 2
    for chart in charts:
        assert chart["role"] == "img"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert text(chart.select_one(f"#{title_id}")) == "Bar chart: at enrolment and graduates"
        assert text(chart.select_one(f"#{desc_id}")).endswith("compared to 15% at enrolment.")
        bars = chart.select("rect.ss-chart__bar")
        widths = [float(bar["width"]) for bar in bars]
        assert widths[1] > widths[0]
    enrolment, graduates = (float(bar["width"]) for bar in charts[0].select("rect.ss-chart__bar"))
    assert abs(graduates / enrolment - 39 / 15) < 0.01  # 39% and 15% of the same axis
    assert not page(sample_site, "impact/").select("script[src*='chart']")


def test_impact_table_and_sources(sample_site: Path) -> None:
    body = content(page(sample_site, "impact/"))
    rows = [[text(cell) for cell in row.select("th, td")] for row in body.select("table.ss-table tbody tr")]
    assert rows[0] == [
        "Of graduates in Afghanistan reported taking action to share information with their community about "
        "the effects of violence against women",
        "39% (graduates)", "15% (at enrolment)", "Afghanistan", "not stated", "not stated",
    ]
    assert rows[3][1:] == ["over 50,894", "none given", "not stated", "since 2002; the page gives no as-of date",
                           "a count of participants, not a survey"]
    sources = body.select("ol.ss-footnotes > li")
    assert len(sources) == 4
    assert all("Women for Women International (UK)" in text(li) for li in sources)
    for li in sources:
        back = li.select_one("a")["href"]
        assert body.select_one(back) is not None, back


def test_impact_page_links_to_stories_from_the_figures_countries(sample_site: Path) -> None:
    body = content(page(sample_site, "impact/"))
    links = [a["href"] for a in body.select(".ss-measure__stories a")]
    assert "../stories/afghanistan-graduate-1/" in links
    assert "../stories/monday/" in links  # Nigeria, in the knowledge-score figure


def test_a_changed_figure_changes_home_and_impact_pages_together(project: Project) -> None:
    impact = project.root / "data" / "impact.yml"
    impact.write_text(impact.read_text(encoding="utf-8").replace("value: 39", "value: 44"), encoding="utf-8")
    built = project.build()
    assert built.returncode == 0, built.output
    home = text(content(page(built.site, "")).select_one(".ss-figures"))
    impact_page = text(content(page(built.site, "impact/")))
    assert home.startswith("44% of graduates in Afghanistan")
    assert "44% of graduates in Afghanistan" in impact_page and "39%" not in impact_page


def test_a_percentage_over_100_is_refused_at_its_line(project: Project) -> None:
    impact = project.root / "data" / "impact.yml"
    source = impact.read_text(encoding="utf-8")
    line = source.splitlines().index("    value: 39") + 1
    impact.write_text(source.replace("value: 39", "value: 139"), encoding="utf-8")
    refused = project.build()
    assert refused.returncode == 1
    assert f"data/impact.yml:{line}: figures[0].value: 139% is outside 0-100 (a share of people is between 0 and 100)" in refused.output
