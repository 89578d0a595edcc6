"""Site settings under extra: in mkdocs.yml stop the build, naming the setting (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from built_html import page

from sitebuild import Project, tree_digest

SAMPLE_DONATE = "    url: https://www.example.org/donate\n"
SAMPLE_TAKEDOWN = "  takedown:\n    email: stories@example.org\n"


def edit_settings(project: Project, old: str, new: str) -> None:
    settings = project.root / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in mkdocs.yml"
    settings.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            SAMPLE_DONATE, "    url: javascript:alert(document.cookie)\n",
            "mkdocs.yml: extra.donate.url: must start with https://"
            " (the address of the donation page, e.g. https://www.example.org/donate)",
        ),
        (
            SAMPLE_TAKEDOWN, "  takedown:\n    email: mailto:stories@example.org\n",
            "mkdocs.yml: extra.takedown.email: must be the address alone, without mailto:"
            " (the address people write to, to ask for a story to be taken down, e.g. stories@example.org)",
        ),
        (
            SAMPLE_TAKEDOWN, "  takedown:\n    email: stories@example.org?bcc=attacker@example.com\n",
            "mkdocs.yml: extra.takedown.email: holds '?': it must be one plain address, with nothing that adds"
            " recipients, a subject or text to the e-mail"
            " (the address people write to, to ask for a story to be taken down, e.g. stories@example.org)",
        ),
        (
            SAMPLE_TAKEDOWN, "  takedwon:\n    email: stories@example.org\n",
            "mkdocs.yml: extra.takedwon: unknown setting (did you mean 'takedown'?)",
        ),
    ],
)
def test_a_bad_site_setting_stops_the_build_naming_it(project: Project, tmp_path: Path, old: str, new: str, expected: str) -> None:
    last_good = tmp_path / "last-good"
    last_good.mkdir()
    (last_good / "index.html").write_text("the last good site\n", encoding="utf-8")
    before = tree_digest(last_good)
    edit_settings(project, old, new)
    refused = project.build(last_good)
    assert refused.returncode == 1, refused.output
    # MkDocs prints the first message after "ERROR -", each on a line of its own.
    assert any(line.endswith(expected) for line in refused.output.splitlines()), refused.output
    assert "Traceback" not in refused.output
    assert tree_digest(last_good) == before


def test_a_misspelt_takedown_key_names_both_the_missing_contact_and_the_typo(project: Project) -> None:
    edit_settings(project, SAMPLE_TAKEDOWN, "  takedwon:\n    email: stories@example.org\n")
    refused = project.build()
    assert refused.returncode == 1
    lines = refused.output.splitlines()
    missing = next(index for index, line in enumerate(lines) if "mkdocs.yml: extra.takedown: missing" in line)
    # One message a line: the typo follows the missing contact on a line of its own.
    assert lines[missing + 1] == "mkdocs.yml: extra.takedwon: unknown setting (did you mean 'takedown'?)"


def test_the_sample_settings_build_and_reach_the_pages_as_checked(sample_site: Path) -> None:
    home = page(sample_site, "index.html")
    donate = [link["href"] for link in home.select("a.ss-button--primary")]
    assert "https://www.example.org/donate" in donate
    mail = {link["href"] for link in home.select("a[href^='mailto:']")}
    assert mail == {"mailto:stories@example.org"}
