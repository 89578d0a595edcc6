"""`mkdocs serve` follows edits to stories/, and keeps the last good pages on a bad edit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from photo_fixtures import jpeg_with_everything

from sitebuild import TODAY, Project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    """A running ``mkdocs serve`` whose terminal output is collected as it comes."""

    def __init__(self, project: Project) -> None:
        self.port = free_port()
        env = {**os.environ, "STORIES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project.root / "mkdocs.yml"), "-a", f"127.0.0.1:{self.port}"],
            cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def get(self, address: str) -> tuple[int, str]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{address}", timeout=10) as response:
            return response.status, response.read().decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def server(project: Project) -> Iterator[Server]:
    running = Server(project)
    try:
        wait_for(lambda: "Serving on" in running.output, "the server to start")
        yield running
    finally:
        running.stop()


def test_serve_rebuilds_on_story_edit_and_survives_a_bad_one(project: Project, server: Server) -> None:
    status, html = server.get("stories/monday/")
    assert status == 200 and "beg my wife for forgiveness" in html
    # The preview's live-reload script is added as the page is sent, after the policy's
    # hashes were computed: the preview's policy must let it run.
    policy = BeautifulSoup(html, "html.parser").head.find("meta")["content"]
    assert "script-src 'self' 'unsafe-inline';" in policy

    story = project.root / "stories" / "monday.yml"
    source = story.read_text(encoding="utf-8")
    story.write_text(source.replace("beg my wife", "ask my wife"), encoding="utf-8")
    wait_for(lambda: "ask my wife" in server.get("stories/monday/")[1], "the edit to show")

    story.write_text(source.replace("featured: false", "featured: maybe"), encoding="utf-8")
    wait_for(lambda: "featured: must be true or false, not 'maybe'" in server.output, "the error in the terminal")
    assert "stories/monday.yml:12: featured:" in server.output
    assert "Traceback" not in server.output
    status, html = server.get("stories/monday/")
    assert status == 200 and "ask my wife" in html, "the last good page should still be served"


def child_commands(pid: int) -> list[str]:
    """The command lines of the processes whose parent is ``pid`` (read from Linux's /proc)."""
    commands = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()[1])
            if parent == pid:
                commands.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            continue  # a process that ended while being read
    return commands


def test_serve_processes_new_photos_in_workers_without_forking_itself(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Photos added while ``mkdocs serve`` runs its threads are made by worker processes that
    a forkserver starts (Python 3.12+ warns when a threaded process forks: shown here)."""
    monkeypatch.setenv("PYTHONWARNINGS", "default::DeprecationWarning")
    running = Server(project)
    try:
        wait_for(lambda: "Serving on" in running.output, "the server to start")
        photos = {"monday": (1600, 800), "obadia-lowiya-steven": (1200, 900), "veronica-ayuba": (900, 1200)}
        (project.root / "stories" / "photos").mkdir(exist_ok=True)
        sources = {story: jpeg_with_everything(size=size) for story, size in photos.items()}
        # All at once, so that one rebuild has every photo to make (the server waits for
        # changes to stop for a tenth of a second).
        for story, data in sources.items():
            (project.root / "stories" / "photos" / f"{story}.jpg").write_bytes(data)
            path = project.root / "stories" / f"{story}.yml"
            path.write_text(path.read_text(encoding="utf-8") + f"photo:\n  file: photos/{story}.jpg\n"
                            "  alt: A man sits outside a classroom\n  credit: Test Photographer\n", encoding="utf-8")
        wait_for(lambda: "Photos: 3 processed, 0 from cache" in running.output, "the three photos in one rebuild", 120)
        assert [command for command in child_commands(running.process.pid) if "multiprocessing.forkserver" in command], \
            "the photo workers should come from a forkserver"

        story = project.root / "stories" / "monday.yml"
        story.write_text(story.read_text(encoding="utf-8").replace("beg my wife", "ask my wife"), encoding="utf-8")
        wait_for(lambda: "ask my wife" in running.get("stories/monday/")[1], "the edit to show")
        figure = BeautifulSoup(running.get("stories/monday/")[1], "html.parser").select_one("figure.ss-photo")
        assert figure is not None, "the story page should show its photo"
        image = figure.select_one("picture img")
        assert image["alt"] == "A man sits outside a classroom"
        with urllib.request.urlopen(urllib.parse.urljoin(f"http://127.0.0.1:{running.port}/stories/monday/", image["src"]), timeout=10) as response:
            assert response.status == 200 and response.read(3) == b"\xff\xd8\xff"  # a JPEG
        assert "Traceback" not in running.output
        assert "fork()" not in running.output and "multi-threaded" not in running.output
    finally:
        running.stop()
