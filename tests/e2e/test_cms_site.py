"""The editors' form in a real build: site/admin/ with Decap's files, and nowhere else.

The copied project gets the checkout's installed Decap (cms/node_modules, linked, read
only); a copy without it shows what a build without the set-up does.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sitebuild import REPO, Built, Project, copy_project

INSTALLED = REPO / "cms" / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"


def with_cms(project: Project) -> Project:
    """``project`` with the checkout's installed CMS packages (as make cms leaves them)."""
    assert INSTALLED.is_file(), "Decap CMS is not installed: run `make test` (its set-up installs cms/)"
    (project.root / "cms").mkdir()
    (project.root / "cms" / "node_modules").symlink_to(REPO / "cms" / "node_modules")
    for ours in ("storysite-widgets.js", "storysite-admin.css"):
        shutil.copy2(REPO / "cms" / ours, project.root / "cms")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = with_cms(copy_project(tmp_path_factory.mktemp("cms") / "project"))
    done = project.build()
    assert done.returncode == 0, done.output
    return done


def test_admin_has_its_page_its_configuration_and_decaps_files(built: Built) -> None:
    admin = built.site / "admin"
    assert (admin / "index.html").is_file() and (admin / "config.yml").is_file()
    assert (admin / "decap-cms.js").read_bytes() == INSTALLED.read_bytes()
    # The chunks Decap loads on demand come along; source maps stay out.
    assert list(admin.glob("*.decap-cms.js")) and not list(admin.glob("*.map"))
    assert (admin / "storysite-widgets.js").read_bytes() == (REPO / "cms" / "storysite-widgets.js").read_bytes()
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["publish_mode"] == "editorial_workflow"
    assert config["media_folder"] == "stories/photos" and config["public_folder"] == "photos"
    assert [c["filter"]["value"] for c in config["collections"]] == ["named", "first-name", "pseudonym", "anonymous"]


def test_admin_page_is_noindex_with_its_own_policy_and_only_our_script(built: Built) -> None:
    soup = BeautifulSoup((built.site / "admin" / "index.html").read_text(encoding="utf-8"), "html.parser")
    head = soup.head
    assert head is not None
    first = head.find("meta")
    assert first is not None and first.get("http-equiv") == "Content-Security-Policy"
    policy = dict(part.strip().split(" ", 1) for part in first["content"].split(";"))
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["script-src"].split() == ["'self'", "'unsafe-eval'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    scripts = soup.find_all("script")
    assert [script.get("src") for script in scripts] == ["decap-cms.js", "storysite-widgets.js"]
    assert not any(script.string for script in scripts)
    assert [link["href"] for link in head.find_all("link", rel="stylesheet")] == ["storysite-admin.css"]
    assert (built.site / "admin" / "storysite-admin.css").is_file()


def test_admin_is_not_content(built: Built) -> None:
    assert "admin" not in (built.site / "sitemap.xml").read_text(encoding="utf-8")
    index = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if "admin" in doc["location"]]
    assert "admin" not in (built.site / "feed.xml").read_text(encoding="utf-8")


def test_the_rest_of_the_site_keeps_its_policy(built: Built) -> None:
    # Decap's 'unsafe-eval' is for /admin/ alone.
    home = BeautifulSoup((built.site / "index.html").read_text(encoding="utf-8"), "html.parser")
    policy = home.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "unsafe-eval" not in policy and "api.github.com" not in policy


def test_without_the_cms_installed_the_site_is_built_without_admin(tmp_path: Path) -> None:
    done = copy_project(tmp_path / "project").build()
    assert done.returncode == 0, done.output
    assert not (done.site / "admin").exists()
    assert "The editors' form (/admin/) is left out: Decap CMS is not installed" in done.output
