"""Photo faults in a real build: each ends quickly in an error at the story's
``photo.file`` line, never in a hang or a traceback.

Work bombs (a JPEG of thousands of scans), shapes no output format can hold (a long
phone screenshot), and files that are not plain readable files (a FIFO, a folder, a
symbolic link, a file the build may not read).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from photo_fixtures import progressive_jpeg_with_extra_scans
from sitebuild import TODAY, Built, Project

STORY = "stories/monday.yml"
PHOTO = "photos/monday.jpg"
# A build of the sample site takes a few seconds; a hang would take for ever.
QUICK_S = 90


def give_photo(project: Project, file_name: str = "monday.jpg") -> tuple[Path, int]:
    """Point monday's story at ``photos/<file_name>``: (where the photo goes, the line of photo.file)."""
    story = project.root / STORY
    text = story.read_text(encoding="utf-8")
    story.write_text(
        text + f"photo:\n  file: photos/{file_name}\n  alt: A man sits outside a classroom\n  credit: Test Photographer\n",
        encoding="utf-8",
    )
    line = len(text.splitlines()) + 2
    assert story.read_text(encoding="utf-8").splitlines()[line - 1] == f"  file: photos/{file_name}"
    folder = project.root / "stories" / "photos"
    folder.mkdir(exist_ok=True)
    return folder / file_name, line


def timed_build(project: Project) -> Built:
    started = time.perf_counter()
    built = project.build()
    assert time.perf_counter() - started < QUICK_S, "the build took as long as a hang"
    return built


def assert_refused_at(built: Built, line: int, message: str = "") -> None:
    """The build failed, naming the story's photo.file line (and ``message``), with no traceback."""
    assert built.returncode != 0, built.output
    assert f"{STORY}:{line}: photo.file: {message}" in built.output, built.output
    assert "Traceback" not in built.output, built.output


def test_a_jpeg_of_forty_thousand_scans_is_refused_at_its_line(project: Project) -> None:
    photo, line = give_photo(project)
    photo.write_bytes(progressive_jpeg_with_extra_scans((4000, 3000), 40_000))  # 46 s to decode, uncapped
    assert_refused_at(
        timed_build(project), line,
        f"'{PHOTO}' is a JPEG of more than 100 scans (a photo has 1 to 20): decoding it could take minutes "
        "(export it again from any photo editor, as an ordinary JPEG, PNG or WebP)",
    )


def test_a_long_phone_screenshot_is_refused_at_its_line_not_by_the_webp_encoder(project: Project) -> None:
    photo, line = give_photo(project, "screenshot.png")
    Image.new("RGB", (1170, 17000), (240, 240, 245)).save(photo, "PNG")
    assert_refused_at(
        timed_build(project), line,
        "'photos/screenshot.png' is 1170 x 17000 pixels, 14.5 times as tall as wide: the limit is 3 times "
        "(crop it to the part that matters, at most 1170 x 3510 pixels)",
    )


@pytest.mark.parametrize("kind", ["fifo", "folder", "symlink"])
def test_a_photo_that_is_not_a_plain_file_is_refused_at_its_line_without_hanging(project: Project, kind: str) -> None:
    photo, line = give_photo(project)
    if kind == "fifo":
        os.mkfifo(photo)
    elif kind == "folder":
        photo.mkdir()
        (photo / "inside.jpg").write_bytes(progressive_jpeg_with_extra_scans((64, 48), 0))
    else:
        outside = project.root.parent / "outside.jpg"
        outside.write_bytes(progressive_jpeg_with_extra_scans((64, 48), 0))
        photo.symlink_to(outside)
    assert_refused_at(timed_build(project), line, f"'{PHOTO}' ")


def build_without_reading_everything(project: Project) -> Built:
    """``mkdocs build`` as Project.build runs it, but unable to read what its mode forbids.

    Tests may run as root, whom file modes do not stop: then the build runs without the
    capabilities that let root read any file (setpriv, from util-linux).
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "running as root, this test needs setpriv (util-linux) to drop CAP_DAC_OVERRIDE"
        drop = "-dac_override,-dac_read_search"
        prefix = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]
    env = {**os.environ, "STORIES_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    site = project.root / "site"
    command = [*prefix, sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project.root / "mkdocs.yml"), "-d", str(site)]
    done = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True, timeout=QUICK_S)
    return Built(done.returncode, done.stdout + done.stderr, site)


def test_an_unreadable_photo_is_refused_at_its_line(project: Project) -> None:
    photo, line = give_photo(project)
    photo.write_bytes(progressive_jpeg_with_extra_scans((64, 48), 0))
    photo.chmod(0)
    try:
        built = build_without_reading_everything(project)
    finally:
        photo.chmod(0o644)
    assert_refused_at(
        built, line, f"'{PHOTO}' cannot be read (Permission denied) (make the file readable (chmod a+r), or copy it in again)",
    )
