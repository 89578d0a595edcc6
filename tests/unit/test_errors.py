"""errors: the one error shape, the report and GitHub annotations."""

from __future__ import annotations

import pytest

from storysite.errors import ContentError, ContentErrors


def test_error_prints_path_line_field_message_and_hint() -> None:
    error = ContentError("stories/x.yml", 7, "photo.credit", "missing", "every photo needs a credit")
    assert str(error) == "stories/x.yml:7: photo.credit: missing (every photo needs a credit)"


def test_error_without_hint_has_no_parentheses() -> None:
    assert str(ContentError("stories/x.yml", 1, "file", "ends in .yaml")) == "stories/x.yml:1: file: ends in .yaml"


def test_errors_sort_by_path_then_line_as_a_number() -> None:
    errors = [
        ContentError("stories/b.yml", 10, "quote", "x"),
        ContentError("stories/b.yml", 9, "name", "x"),
        ContentError("data/impact.yml", 30, "figures", "x"),
        ContentError("stories/a.yml", 2, "quote", "x"),
    ]
    assert [f"{e.path}:{e.line}" for e in sorted(errors)] == [
        "data/impact.yml:30", "stories/a.yml:2", "stories/b.yml:9", "stories/b.yml:10",
    ]


def test_content_errors_sorts_and_reports_every_error() -> None:
    failure = ContentErrors(
        [
            ContentError("stories/b.yml", 3, "featured", "must be true or false, not 'yes'", "type true or false"),
            ContentError("stories/a.yml", 1, "file", "is empty"),
            ContentError("stories/b.yml", 1, "quote", "missing"),
        ]
    )
    assert [str(error) for error in failure.errors] == [
        "stories/a.yml:1: file: is empty",
        "stories/b.yml:1: quote: missing",
        "stories/b.yml:3: featured: must be true or false, not 'yes' (type true or false)",
    ]
    assert failure.report() == (
        "3 content errors in 2 files; nothing was built:\n"
        "  stories/a.yml:1: file: is empty\n"
        "  stories/b.yml:1: quote: missing\n"
        "  stories/b.yml:3: featured: must be true or false, not 'yes' (type true or false)"
    )
    assert str(failure) == failure.report()


def test_content_errors_report_uses_the_singular_for_one() -> None:
    failure = ContentErrors([ContentError("stories/a.yml", 1, "file", "is empty")])
    assert failure.report() == "1 content error in 1 file; nothing was built:\n  stories/a.yml:1: file: is empty"


# --- github_annotation ----------------------------------------------------------------------------


def test_github_annotation_puts_the_error_on_its_file_and_line() -> None:
    error = ContentError("stories/x.yml", 7, "photo.credit", "missing", "every photo needs a credit")
    assert error.github_annotation() == (
        "::error file=stories/x.yml,line=7::stories/x.yml:7: photo.credit: missing (every photo needs a credit)"
    )


def test_github_annotation_escapes_percent_and_newlines_in_the_message() -> None:
    error = ContentError("data/impact.yml", 6, "figures[0].value", "'39%' is not a number", "line one\r\nline two")
    assert error.github_annotation() == (
        "::error file=data/impact.yml,line=6::data/impact.yml:6: figures[0].value: '39%25' is not a number"
        " (line one\\x0d\\x0aline two)"
    )


def test_github_annotation_message_cannot_start_a_second_workflow_command() -> None:
    error = ContentError("stories/x.yml", 2, "name", "'x\n::warning::forged' is too long")
    annotation = error.github_annotation()
    assert "\n" not in annotation
    assert annotation == "::error file=stories/x.yml,line=2::stories/x.yml:2: name: 'x\\x0a::warning::forged' is too long"


def test_typed_line_breaks_and_escapes_cannot_break_the_report() -> None:
    error = ContentError("stories/x.yml", 3, "identity", "'named\n\x1b[31mforged' is not allowed")
    assert str(error) == "stories/x.yml:3: identity: 'named\\x0a\\x1b[31mforged' is not allowed"


@pytest.mark.parametrize(
    ("path", "escaped"),
    [
        ("stories/Smith, John.yml", "stories/Smith%2C John.yml"),
        ("stories/a:b.yml", "stories/a%3Ab.yml"),
        ("stories/100%.yml", "stories/100%25.yml"),
        ("stories/x\n::warning::forged.yml", "stories/x%0A%3A%3Awarning%3A%3Aforged.yml"),
    ],
)
def test_github_annotation_escapes_the_file_property(path: str, escaped: str) -> None:
    # GitHub splits properties at ',' and reads ':' specially (toolkit escapeProperty:
    # % \r \n : ,), and a newline in a file name would start a new workflow command.
    error = ContentError(path, 1, "file", "name is not a valid address")
    annotation = error.github_annotation()
    assert annotation.startswith(f"::error file={escaped},line=1::")
    assert "\n" not in annotation


def test_invisible_and_direction_changing_characters_are_written_out_in_reports() -> None:
    error = ContentError("stories/x.yml", 3, "themes", "'early\u200bmarriage' is not in data/themes.yml", "say \u202eevil")
    assert str(error) == "stories/x.yml:3: themes: 'early<U+200B>marriage' is not in data/themes.yml (say <U+202E>evil)"
