"""strict_yaml: YAML read as a tree of text with line numbers; threat rows Y1-Y10."""

from __future__ import annotations

import errno
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from storysite import strict_yaml
from storysite.strict_yaml import Mapping, Scalar, Sequence, YamlRefused, parse_text, read_file
from unit_fixtures import STORY_YML, Project

SHOWN = "stories/x.yml"


def refused(data: bytes | str) -> str:
    """The printed error for ``data``, which must be refused."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with pytest.raises(YamlRefused) as caught:
        parse_text(data, SHOWN)
    assert str(caught.value) == str(caught.value.error)
    return str(caught.value.error)


# --- Y1/Y2: every scalar stays the text that was typed -----------------------------------


@pytest.mark.parametrize(
    "typed",
    ["NO", "no", "yes", "Yes", "on", "off", "y", "N", "True", "false", "1", "0x1F", "1.0", "1e3", "2024-03-08", ".inf"],
)
def test_plain_scalars_stay_the_text_typed(typed: str) -> None:
    node = parse_text(f"country: {typed}\n".encode(), SHOWN)
    assert node == Mapping(((Scalar("country", 1, False), Scalar(typed, 1, False)),), 1)


def test_norway_problem_country_no_is_the_string_no() -> None:
    node = parse_text(b"identity: named\ncountry: NO\n", SHOWN)
    assert isinstance(node, Mapping)
    value = node.get("country")
    assert value == Scalar("NO", 2, False)
    assert isinstance(value.text, str)


@pytest.mark.parametrize("typed", ["", "~", "null", "Null", "NULL"])
def test_blank_tilde_and_null_unquoted_are_empty(typed: str) -> None:
    node = parse_text(f"name: {typed}\n".encode(), SHOWN)
    assert isinstance(node, Mapping)
    value = node.get("name")
    assert isinstance(value, Scalar) and value.is_empty


@pytest.mark.parametrize("typed", ['"null"', "'~'", '""'])
def test_quoted_null_is_text_not_empty(typed: str) -> None:
    node = parse_text(f"name: {typed}\n".encode(), SHOWN)
    assert isinstance(node, Mapping)
    value = node.get("name")
    assert isinstance(value, Scalar) and value.quoted and not value.is_empty


def test_tree_keeps_lines_of_keys_values_lists_and_block_scalars() -> None:
    text = "# comment\nquote: >-\n  folded\n  text\nconsent:\n  scope: [web,\n    social]\n"
    node = parse_text(text.encode(), SHOWN)
    assert node == Mapping(
        (
            (Scalar("quote", 2, False), Scalar("folded text", 2, True)),
            (
                Scalar("consent", 5, False),
                Mapping(
                    ((Scalar("scope", 6, False), Sequence((Scalar("web", 6, False), Scalar("social", 7, False)), 6)),),
                    6,
                ),
            ),
        ),
        2,
    )


def test_mapping_get_returns_none_for_an_absent_key() -> None:
    node = parse_text(b"a: 1\n", SHOWN)
    assert isinstance(node, Mapping)
    assert node.get("b") is None


def test_leading_document_marker_and_end_marker_are_one_document() -> None:
    assert parse_text(b"---\na: 1\n...\n", SHOWN) == Mapping(((Scalar("a", 2, False), Scalar("1", 2, False)),), 2)


def test_utf8_byte_order_mark_is_accepted() -> None:
    assert parse_text("\ufeffa: 1\n".encode("utf-8"), SHOWN) == Mapping(((Scalar("a", 1, False), Scalar("1", 1, False)),), 1)


# --- Y3: duplicate keys -------------------------------------------------------------------


def test_duplicate_top_level_key_is_refused_at_the_second_one() -> None:
    assert refused("identity: anonymous\nname: x\nidentity: named\n") == (
        "stories/x.yml:3: file: repeats the key 'identity' (first on line 1) (keep one of the two)"
    )


def test_duplicate_nested_key_is_refused() -> None:
    assert refused("consent:\n  withdrawn: true\n  scope: [web]\n  withdrawn: false\n") == (
        "stories/x.yml:4: file: repeats the key 'withdrawn' (first on line 2) (keep one of the two)"
    )


def test_list_as_key_is_refused() -> None:
    assert refused("? [a]\n: b\n") == (
        "stories/x.yml:1: file: uses a list or mapping as a key (keys are plain words such as 'quote')"
    )


# --- Y4: tags are refused and never executed ---------------------------------------------


def test_python_object_apply_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'country: Nigeria\nquote: !!python/object/apply:os.system ["touch {marker}"]\n'
    assert refused(text) == (
        "stories/x.yml:2: file: uses the tag tag:yaml.org,2002:python/object/apply:os.system"
        " (remove the tag: values are plain text)"
    )
    assert not marker.exists()


def test_python_object_apply_tag_in_a_story_file_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "x.yml"
    path.write_text(f"a: !!python/object/apply:os.system\n  args: ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(YamlRefused) as caught:
        read_file(path, SHOWN)
    assert str(caught.value.error) == (
        "stories/x.yml:1: file: uses the tag tag:yaml.org,2002:python/object/apply:os.system"
        " (remove the tag: values are plain text)"
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!str NO\n", "tag:yaml.org,2002:str"),
        ("a: !!binary aGVsbG8=\n", "tag:yaml.org,2002:binary"),
        ("a: !local 1\n", "!local"),
        ("a: !!python/name:os.system ''\n", "tag:yaml.org,2002:python/name:os.system"),
        ("a: !!set {x}\n", "tag:yaml.org,2002:set"),
    ],
)
def test_every_explicit_tag_is_refused(text: str, tag: str) -> None:
    assert refused(text) == f"stories/x.yml:1: file: uses the tag {tag} (remove the tag: values are plain text)"


# --- Y5: alias bomb -------------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_in_under_a_second() -> None:
    start = time.perf_counter()
    message = refused(BILLION_LAUGHS)
    elapsed = time.perf_counter() - start
    assert message == (
        "stories/x.yml:1: file: uses the anchor &a (write the value out in full: anchors are not allowed)"
    )
    assert elapsed < 1.0


def test_alias_bomb_without_the_first_anchor_stops_at_the_first_alias() -> None:
    bomb = BILLION_LAUGHS.split("\n", 1)[1].replace("&b ", "")
    start = time.perf_counter()
    message = refused(bomb)
    assert time.perf_counter() - start < 1.0
    assert message == "stories/x.yml:1: file: uses the alias *a (write the value out in full: aliases are not allowed)"


def test_anchor_on_a_mapping_is_refused() -> None:
    assert refused("consent: &c\n  given: 2023-05-12\n") == (
        "stories/x.yml:1: file: uses the anchor &c (write the value out in full: anchors are not allowed)"
    )


def test_merge_key_with_alias_is_refused_at_the_alias() -> None:
    assert refused("a:\n  x: 1\nb:\n  <<: *a\n") == (
        "stories/x.yml:4: file: uses the alias *a (write the value out in full: aliases are not allowed)"
    )


# --- Y6: size cap before parsing -----------------------------------------------------------


def test_one_megabyte_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yml"
    path.write_bytes(b"quote: " + b"x" * (1024 * 1024 - 8) + b"\n")

    def must_not_parse(*args: object) -> None:
        raise AssertionError("a file over the size cap was parsed")

    monkeypatch.setattr(strict_yaml, "parse_text", must_not_parse)
    monkeypatch.setattr(Path, "read_bytes", must_not_parse)
    start = time.perf_counter()
    with pytest.raises(YamlRefused) as caught:
        read_file(path, "stories/big.yml")
    assert time.perf_counter() - start < 1.0
    assert str(caught.value.error) == (
        "stories/big.yml:1: file: is 1,048,576 bytes, more than the 65,536 allowed (64 KiB)"
        " (a testimony fits in a few KiB: is this the right file?)"
    )


def test_file_of_exactly_64_kib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes(b"a: 1\n" + b"#" * (64 * 1024 - 6) + b"\n")
    assert path.stat().st_size == strict_yaml.MAX_BYTES
    assert read_file(path, SHOWN) == Mapping(((Scalar("a", 1, False), Scalar("1", 1, False)),), 1)


def test_file_one_byte_over_64_kib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes(b"a: 1\n" + b"#" * (64 * 1024 - 5) + b"\n")
    with pytest.raises(YamlRefused) as caught:
        read_file(path, SHOWN)
    assert str(caught.value.error) == (
        "stories/x.yml:1: file: is 65,537 bytes, more than the 65,536 allowed (64 KiB)"
        " (a testimony fits in a few KiB: is this the right file?)"
    )


# --- Y7: deep nesting --------------------------------------------------------------------------


def test_five_thousand_open_brackets_give_a_clean_error_fast() -> None:
    start = time.perf_counter()
    message = refused("[" * 5000)
    assert time.perf_counter() - start < 1.0
    # libyaml refuses first (its own nesting limit); without libyaml MAX_DEPTH does.
    assert message in (
        "stories/x.yml:1: file: is not valid YAML: exceeded maximum nesting depth"
        " (check the indentation and quotes on this line and the one before)",
        "stories/x.yml:1: file: is nested more than 16 levels deep (check the indentation)",
    )


def test_sixteen_levels_of_lists_are_allowed() -> None:
    node = parse_text(b"[" * 16 + b"]" * 16, SHOWN)
    depth = 0
    while isinstance(node, Sequence):
        depth += 1
        node = node.items[0] if node.items else None
    assert depth == 16


def test_seventeen_levels_of_lists_are_refused() -> None:
    assert refused("[" * 17 + "]" * 17) == "stories/x.yml:1: file: is nested more than 16 levels deep (check the indentation)"


def test_seventeen_levels_of_indented_mappings_are_refused_at_the_deepest_line() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(17)) + "  " * 17 + "v\n"
    assert refused(text) == "stories/x.yml:17: file: is nested more than 16 levels deep (check the indentation)"


# --- Y9: encodings and control characters -------------------------------------------------------


def test_latin1_bytes_are_refused_at_their_line() -> None:
    data = "identity: named\nname: Ren\u00e9\n".encode("latin-1")
    assert refused(data) == "stories/x.yml:2: file: is not UTF-8 text (save the file as UTF-8 in your editor)"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_refused(encoding: str) -> None:
    data = "identity: named\n".encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff" + "identity: named\n").encode(encoding)
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert refused(data) == "stories/x.yml:1: file: is not UTF-8 text (save the file as UTF-8 in your editor)"


@pytest.mark.parametrize("char", ["\x07", "\x00", "\x1b", "\x7f"])
def test_control_character_is_refused_at_its_line_in_one_line(char: str) -> None:
    with pytest.raises(YamlRefused) as caught:
        parse_text(f"identity: named\nname: Ob{char}adia\n".encode(), SHOWN)
    assert str(caught.value.error) == (
        f"stories/x.yml:2: file: contains an invisible control character (U+{ord(char):04X})"
        " (delete the control character: retype the line if you cannot see it)"
    )


# --- Y10: empty file, two documents --------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"# only a comment\n", b"\n\n"])
def test_empty_file_is_an_empty_scalar(data: bytes) -> None:
    node = parse_text(data, SHOWN)
    assert node == Scalar("", 1, False)
    assert node.is_empty


def test_top_level_list_is_a_sequence() -> None:
    assert parse_text(b"- identity: named\n", SHOWN) == Sequence(
        (Mapping(((Scalar("identity", 1, False), Scalar("named", 1, False)),), 1),), 1
    )


def test_two_documents_are_refused_at_the_second_marker() -> None:
    assert refused("identity: named\n---\nidentity: anonymous\n") == (
        "stories/x.yml:2: file: holds more than one YAML document (remove the '---' line: one file, one document)"
    )


def test_two_documents_after_an_end_marker_are_refused() -> None:
    assert refused("a: 1\n...\n---\nb: 1\n") == (
        "stories/x.yml:3: file: holds more than one YAML document (remove the '---' line: one file, one document)"
    )


# --- invalid YAML gets a line and a hint ------------------------------------------------------------


def test_unquoted_colon_in_a_value_gets_the_quoting_hint() -> None:
    assert refused("identity: named\nquote: He said: no\n") == (
        "stories/x.yml:2: file: is not valid YAML: mapping values are not allowed in this context"
        " (a value containing ': ' needs quotes, or use '>-' and put it on the next lines)"
    )


def test_tab_indentation_gets_the_tab_hint() -> None:
    assert refused("a: 1\n\tb: 2\n") == (
        "stories/x.yml:2: file: is not valid YAML: found a tab character that violates indentation"
        " (indent with spaces, not tabs)"
    )


def test_unclosed_quote_is_refused_where_the_file_ends() -> None:
    # The reported line is where PyYAML gave up (the end of the file), not the line of the
    # opening quote (2).
    assert refused('identity: named\nname: "Obadia\ncountry: Nigeria\n') == (
        "stories/x.yml:4: file: is not valid YAML: found unexpected end of stream"
        " (check the indentation and quotes on this line and the one before)"
    )


# --- B8: only plain files are read: FIFOs, devices, sockets, folders, links, unreadable files ----

STORY = b"identity: named\n"
NOT_A_FILE_HINT = "(replace it with a plain text file saved from your editor)"


def refused_file(path: Path, shown_as: str = SHOWN) -> str:
    """The printed error for reading ``path``, which must be refused within 5 seconds."""
    outcome: list[BaseException | object] = []

    def read() -> None:
        try:
            outcome.append(read_file(path, shown_as))
        except BaseException as error:  # noqa: BLE001  (handed to the test thread)
            outcome.append(error)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), f"reading {path} hangs"
    (result,) = outcome
    assert isinstance(result, YamlRefused), f"{path} was read: {result!r}"
    return str(result.error)


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "x.yml"
    os.mkfifo(fifo)
    try:
        assert refused_file(fifo) == f"stories/x.yml:1: file: is a named pipe (FIFO), not a file {NOT_A_FILE_HINT}"
    finally:
        # Unblocks a reader stuck in open() on failure, so the test run itself never hangs.
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass


def test_a_device_is_refused() -> None:
    assert refused_file(Path("/dev/zero")) == f"stories/x.yml:1: file: is a device, not a file {NOT_A_FILE_HINT}"


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yml"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        assert refused_file(path) == f"stories/x.yml:1: file: is a socket, not a file {NOT_A_FILE_HINT}"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.yml").mkdir()
    assert refused_file(tmp_path / "x.yml") == "stories/x.yml:1: file: is a folder, not a file (rename or move the folder)"


@pytest.mark.parametrize("target", ["real.yml", "/etc/hostname", "/nonexistent.yml"])
def test_a_symbolic_link_is_refused_wherever_it_leads(tmp_path: Path, target: str) -> None:
    (tmp_path / "real.yml").write_bytes(STORY)
    (tmp_path / "x.yml").symlink_to(target)
    assert refused_file(tmp_path / "x.yml") == "stories/x.yml:1: file: is a symbolic link (commit the file itself)"


def test_a_link_swapped_in_after_the_check_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain.yml"
    plain.write_bytes(STORY)
    link = tmp_path / "x.yml"
    link.symlink_to(plain)
    real_lstat = os.lstat
    # As if the link appeared between the look at the path and the opening of it.
    monkeypatch.setattr(strict_yaml.os, "lstat", lambda path: real_lstat(plain if Path(path) == link else path))
    assert refused_file(link) == "stories/x.yml:1: file: is a symbolic link (commit the file itself)"


def test_a_fifo_swapped_in_after_the_check_is_refused_without_hanging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain.yml"
    plain.write_bytes(STORY)
    fifo = tmp_path / "x.yml"
    os.mkfifo(fifo)
    real_lstat = os.lstat
    monkeypatch.setattr(strict_yaml.os, "lstat", lambda path: real_lstat(plain if Path(path) == fifo else path))
    assert refused_file(fifo) == f"stories/x.yml:1: file: is a named pipe (FIFO), not a file {NOT_A_FILE_HINT}"


def test_an_unreadable_file_is_an_error_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes(STORY)
    path.chmod(0)

    def denied(*args: object, **kwargs: object) -> int:
        # Tests run as root, whom chmod does not stop: refuse as the kernel would.
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(strict_yaml.os, "open", denied)
    assert refused_file(path) == (
        "stories/x.yml:1: file: cannot be read (permission denied)"
        " (check the file's permissions: the build must be able to read it)"
    )


def test_a_read_error_is_an_error_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes(STORY)

    def failing(*args: object) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(strict_yaml.os, "read", failing)
    assert refused_file(path) == (
        "stories/x.yml:1: file: cannot be read (input/output error)"
        " (check the file's permissions: the build must be able to read it)"
    )


def test_a_file_that_grows_past_the_cap_while_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes(STORY)
    real_fstat = os.fstat

    def grown(descriptor: int) -> os.stat_result:
        # fstat saw the small file; by the time of reading it has grown.
        path.write_bytes(b"#" * (strict_yaml.MAX_BYTES + 10))
        return real_fstat(descriptor)

    monkeypatch.setattr(strict_yaml.os, "fstat", grown)
    error = refused_file(path)
    assert error.startswith("stories/x.yml:1: file: is ") and "more than the 65,536 allowed (64 KiB)" in error


def test_a_story_in_a_linked_stories_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.yml").write_bytes(STORY)
    root = tmp_path / "site"
    root.mkdir()
    (root / "stories").symlink_to(elsewhere)
    assert refused_file(root / "stories" / "x.yml") == (
        "stories/x.yml:1: file: is inside stories/, which is a symbolic link"
        " (make stories/ a real folder of the repository: linked folders are not read)"
    )
    # The same file through a real folder is read.
    (tmp_path / "real" / "stories").mkdir(parents=True)
    (tmp_path / "real" / "stories" / "x.yml").write_bytes(STORY)
    assert read_file(tmp_path / "real" / "stories" / "x.yml", SHOWN) == Mapping(
        ((Scalar("identity", 1, False), Scalar("named", 1, False)),), 1
    )


def test_a_linked_data_folder_refuses_every_data_file(tmp_path: Path) -> None:
    project = Project(tmp_path / "site")
    (project.root / "data").rename(tmp_path / "outside-data")
    (project.root / "data").symlink_to(tmp_path / "outside-data")
    hint = "(make data/ a real folder of the repository: linked folders are not read)"
    assert project.errors() == [
        f"data/countries.yml:1: file: is inside data/, which is a symbolic link {hint}",
        f"data/roles.yml:1: file: is inside data/, which is a symbolic link {hint}",
        f"data/themes.yml:1: file: is inside data/, which is a symbolic link {hint}",
    ]


@pytest.mark.parametrize("make", ["fifo", "link", "folder"])
def test_data_files_that_are_not_plain_files_are_refused_not_missing(tmp_path: Path, make: str) -> None:
    project = Project(tmp_path / "site")
    path = project.root / "data" / "impact.yml"
    path.unlink()
    if make == "fifo":
        os.mkfifo(path)
    elif make == "link":
        path.symlink_to(tmp_path / "elsewhere.yml")
    else:
        path.mkdir()
    expected = {
        "fifo": f"is a named pipe (FIFO), not a file {NOT_A_FILE_HINT}",
        "link": "is a symbolic link (commit the file itself)",
        "folder": "is a folder, not a file (rename or move the folder)",
    }[make]
    assert project.errors() == [f"data/impact.yml:1: file: {expected}"]


def test_a_story_file_that_is_a_fifo_is_refused_through_the_loader(tmp_path: Path) -> None:
    project = Project(tmp_path / "site")
    os.mkfifo(project.root / "stories" / "x.yml")
    outcome: list[list[str]] = []
    worker = threading.Thread(target=lambda: outcome.append(project.errors()), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "the build hangs on a FIFO in stories/"
    assert outcome == [[f"stories/x.yml:1: file: is a named pipe (FIFO), not a file {NOT_A_FILE_HINT}"]]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_line_breaks_only_yaml_sees_are_refused(char: str) -> None:
    assert refused(f"identity: named\nname: Obadia{char}Lowiya\n") == (
        f"stories/x.yml:2: file: contains an invisible line break (U+{ord(char):04X})"
        " (delete it: retype the line if you cannot see it)"
    )


def test_a_linked_stories_folder_refuses_its_stories_through_the_loader(tmp_path: Path) -> None:
    project = Project(tmp_path / "site")
    project.story()
    (project.root / "stories").rename(tmp_path / "outside-stories")
    (project.root / "stories").symlink_to(tmp_path / "outside-stories")
    assert project.errors() == [
        "stories/:1: file: is a symbolic link (make stories/ a real folder of the repository: linked folders are not read)"
    ]
    assert (tmp_path / "outside-stories" / "obadia-lowiya-steven.yml").read_text(encoding="utf-8") == STORY_YML


def test_an_unreadable_story_is_an_error_through_the_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project(tmp_path / "site")
    story = project.story()
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == story:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(strict_yaml.os, "open", denied)
    assert project.errors() == [
        "stories/obadia-lowiya-steven.yml:1: file: cannot be read (permission denied)"
        " (check the file's permissions: the build must be able to read it)"
    ]
