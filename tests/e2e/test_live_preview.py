"""`mkdocs serve` follows edits to stories/, and keeps the last good pages on a bad edit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from bs4 import BeautifulSoup

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
