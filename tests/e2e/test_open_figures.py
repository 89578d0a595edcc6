"""The open figures in a real build: /impact/figures.csv and .json hold what the page shows,
with the licence of extra.data_licence; without one, no licence and "ask us"."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from built_html import content, page, text

from sitebuild import Project

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def open_figures(site: Path) -> tuple[list[dict[str, str]], dict[str, object]]:
    rows = list(csv.DictReader(io.StringIO((site / "impact" / "figures.csv").read_text(encoding="utf-8"), newline="")))
    return rows, json.loads((site / "impact" / "figures.json").read_text(encoding="utf-8"))


def test_every_figure_of_the_page_is_in_both_files_with_the_same_value(sample_site: Path) -> None:
    rows, document = open_figures(sample_site)
    figures = document["figures"]
    assert isinstance(figures, list)
    body = content(page(sample_site, "impact/"))
    # The page's table: one row per figure, its statement first and its value second.
    shown = [[text(cell) for cell in row.select("th, td")] for row in body.select("table.ss-table tbody tr")]
    assert len(shown) == len(rows) == len(figures) == 4
    for on_page, row, record in zip(shown, rows, figures, strict=True):
        statement, value = on_page[0], on_page[1]
        assert statement == record["statement"][:1].upper() + record["statement"][1:] == row["statement"][:1].upper() + row["statement"][1:]
        assert value.startswith(record["shown_as"]) and row["shown_as"] == record["shown_as"]
        assert row["value"] == str(record["value"])
        assert row["source"] == record["source"]
    # The big numbers of the page, each in the files.
    numbers = [text(span) for span in body.select(".ss-figure__value, .ss-counter__value")]
    assert sorted(numbers) == sorted(record["shown_as"] for record in figures)
    by_id = {record["id"]: record for record in figures}
    assert by_id["shared-information"]["value"] == 39 and by_id["shared-information"]["baseline"] == {"value": 15, "label": "at enrolment"}
    assert by_id["men-engaged"]["value"] == 50894 and by_id["men-engaged"]["qualifier"] == "over"
    assert by_id["men-engaged"]["period"] == "since 2002" and by_id["shared-information"]["period"] is None
    assert by_id["knowledge-scores"]["countries"] == ["Afghanistan", "DR Congo", "Nigeria"]


def test_the_licence_is_stated_on_the_page_and_in_both_files(sample_site: Path) -> None:
    rows, document = open_figures(sample_site)
    assert document["licence"] == {"name": "CC BY 4.0", "url": LICENCE_URL}
    assert document["publisher"] == "Women for Women International (UK)"
    assert all((row["licence"], row["licence_url"]) == ("CC BY 4.0", LICENCE_URL) for row in rows)
    body = content(page(sample_site, "impact/"))
    about = body.select_one("#about-this-data").find_next_sibling("div")
    licence = about.select_one("a[rel=license]")
    assert licence["href"] == LICENCE_URL and text(licence) == "CC BY 4.0"
    downloads = {a["href"]: a["type"] for a in about.select("a[download]")}
    assert downloads == {"figures.csv": "text/csv", "figures.json": "application/json"}
    assert "figures.csv" in [a["href"] for a in page(sample_site, "impact/").select("a")]


def test_without_a_licence_the_files_claim_none_and_the_page_says_to_ask(project: Project) -> None:
    settings = project.root / "mkdocs.yml"
    source = settings.read_text(encoding="utf-8")
    block = "  data_licence:\n    name: CC BY 4.0\n    url: https://creativecommons.org/licenses/by/4.0/\n"
    assert block in source
    settings.write_text(source.replace(block, ""), encoding="utf-8")
    built = project.build()
    assert built.returncode == 0, built.output
    rows, document = open_figures(built.site)
    assert document["licence"] is None and document["contact"] == "stories@example.org"
    assert all(row["licence"] == row["licence_url"] == "" and row["contact"] == "stories@example.org" for row in rows)
    body = content(page(built.site, "impact/"))
    about = body.select_one("#about-this-data").find_next_sibling("div")
    assert about.select_one("a[rel=license]") is None
    assert "please ask us" in text(about)
    assert about.select_one("a[href='mailto:stories@example.org']") is not None


def test_a_licence_without_its_address_stops_the_build(project: Project) -> None:
    settings = project.root / "mkdocs.yml"
    source = settings.read_text(encoding="utf-8")
    settings.write_text(source.replace("    url: https://creativecommons.org/licenses/by/4.0/\n", ""), encoding="utf-8")
    refused = project.build()
    assert refused.returncode == 1
    assert "mkdocs.yml: extra.data_licence.url: missing (the address of the licence's text" in refused.output
    assert "Traceback" not in refused.output
