"""text_rules: the characters editor text may not hold, and its normal form (issue 11)."""

from __future__ import annotations

import unicodedata

import pytest

from storysite.text_rules import describe_character, invisible_character, normalise, visible
from unit_fixtures import COUNTRIES_YML, IMPACT_YML, THEMES_YML, Project, edit

DARI_HALF_SPACE = "می\u200cخواهم"  # "I want": the non-joiner keeps می apart from خواهم
HINDI_JOINER = "क्\u200dष"  # a half form drawn with the zero-width joiner
BENGALI_NON_JOINER = "ক্\u200cষ"


@pytest.mark.parametrize(
    "text",
    [
        "Since attending this training my behaviour has changed for the better.",
        "line one\nline two\twith a tab",
        "Côte d'Ivoire, “quoted”, naïve, 50 894 (narrow no-break space)",
        "Obadia\u00a0Lowiya",  # a no-break space is a visible space
        DARI_HALF_SPACE,
        "من " + DARI_HALF_SPACE + " بروم.",
        "نمی\u200cدانم",
        "کتاب\u200cها",  # Persian plural suffix
        "ہم\u200cسفر",  # Urdu
        HINDI_JOINER,
        BENGALI_NON_JOINER,
        "\u0628\u064e\u200c\u0627",  # after a combining mark (fatha) of the word
        "Thank you \u2764\ufe0f",  # a pasted red heart with its emoji selector
        "",
    ],
)
def test_text_a_script_needs_is_allowed(text: str) -> None:
    assert invisible_character(text) is None


@pytest.mark.parametrize(
    ("text", "offset", "code"),
    [
        ("abc\u202edcba", 3, 0x202E),  # RIGHT-TO-LEFT OVERRIDE
        ("\u202aembedded", 0, 0x202A),
        ("pop\u202c", 3, 0x202C),
        ("\u2066isolate\u2069", 0, 0x2066),
        ("x\u2067y", 1, 0x2067),
        ("x\u2068y", 1, 0x2068),
        ("x\u2069y", 1, 0x2069),
        ("mark\u200e", 4, 0x200E),
        ("mark\u200f", 4, 0x200F),
        ("\u061cArabic letter mark", 0, 0x061C),
        ("zero\u200bwidth", 4, 0x200B),
        ("word\u2060joiner", 4, 0x2060),
        ("no\ufeffbreak", 2, 0xFEFF),
        ("soft\u00adhyphen", 4, 0x00AD),
        ("tag\U000e0041", 3, 0xE0041),
        ("mongolian\u180evowel", 9, 0x180E),
        ("invisible\u2062times", 9, 0x2062),
        ("line\u2028separator", 4, 0x2028),
        ("para\u2029separator", 4, 0x2029),
        ("private\ue000use", 7, 0xE000),
        ("plane 15 \U000f0000", 9, 0xF0000),
        ("unassigned\u0378", 10, 0x0378),
        ("Obadia\u2800Lowiya", 6, 0x2800),
        ("\u3164", 0, 0x3164),
        ("\u115f", 0, 0x115F),
        ("\u1160", 0, 0x1160),
        ("\uffa0", 0, 0xFFA0),
        ("\u17b4", 0, 0x17B4),
        ("\u17b5", 0, 0x17B5),
        ("a\u034fb", 1, 0x034F),
        ("nul\x00", 3, 0),
        ("escape\x1b[31m", 6, 0x1B),
        ("carriage\rreturn", 8, 0x0D),
        ("delete\x7f", 6, 0x7F),
        ("next line\x85", 9, 0x85),
        ("csi\x9b", 3, 0x9B),
    ],
)
def test_invisible_characters_are_found_with_their_offset(text: str, offset: int, code: int) -> None:
    assert invisible_character(text) == (offset, chr(code))


def test_a_lone_surrogate_is_refused() -> None:
    assert invisible_character("half \ud800 pair") == (5, "\ud800")


@pytest.mark.parametrize(
    "text",
    [
        "ab\u200ccd",  # between two Latin letters
        "ab\u200dcd",
        "\u200cمی",  # at the start
        "می\u200c",  # at the end
        "می\u200c\u200cخواهم",  # doubled
        "می \u200cخواهم",  # after a space
        "می\u200c1",  # before a digit
        "۱\u200c۲",  # between Arabic-Indic digits, not letters
        "a\u200cخ",  # Latin then Arabic
        "क\u200cক",  # Devanagari then Bengali
        "क\u200c",
        "\u200d",
    ],
)
def test_joiners_outside_a_word_of_a_script_that_needs_them_are_refused(text: str) -> None:
    found = invisible_character(text)
    assert found is not None and found[1] in ("\u200c", "\u200d")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a\ufe0f", 0xFE0F),  # after a letter
        ("\ufe0f", 0xFE0F),
        ("\u2764\ufe0f\ufe0f", 0xFE0F),  # in a row
        ("\u2764\ufe0f\U000e0100", 0xFE0F),  # a selector followed by another
        ("x\ufe00", 0xFE00),
        ("\u2764\ufe01", 0xFE01),  # not a presentation selector
        ("\U0001f600\U000e0101\U000e0102", 0xE0101),  # data hidden after an emoji
        ("a\u180b", 0x180B),
    ],
)
def test_variation_selectors_are_refused_but_after_one_symbol(text: str, code: int) -> None:
    found = invisible_character(text)
    assert found is not None and found[1] == chr(code)


def test_every_format_character_is_refused_but_the_joiners() -> None:
    format_chars = [chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"]
    assert len(format_chars) > 150
    for char in format_chars:
        if char in ("\u200c", "\u200d"):
            continue
        assert invisible_character(f"a{char}b") == (1, char), describe_character(char)


@pytest.mark.parametrize(
    ("char", "described"),
    [
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\u200b", "U+200B (ZERO WIDTH SPACE)"),
        ("\u2800", "U+2800 (BRAILLE PATTERN BLANK)"),
        ("\u3164", "U+3164 (HANGUL FILLER)"),
        ("\x00", "U+0000 (a control character)"),
        ("\x85", "U+0085 (a control character)"),
        ("\ue000", "U+E000 (a private-use character)"),
        ("\U000e0041", "U+E0041 (TAG LATIN CAPITAL LETTER A)"),
        ("\u0378", "U+0378 (an unassigned code point)"),
        ("\ud800", "U+D800 (a surrogate)"),
    ],
)
def test_describe_character_names_the_code_point(char: str, described: str) -> None:
    assert describe_character(char) == described


def test_visible_writes_refused_characters_as_code_points() -> None:
    assert visible("quote\u200b") == "quote<U+200B>"
    assert visible("a\u202eb\u2800c") == "a<U+202E>b<U+2800>c"
    assert visible(DARI_HALF_SPACE) == DARI_HALF_SPACE
    assert visible("plain") == "plain"


def test_normalise_gives_nfc() -> None:
    decomposed = "Co\u0302te d'Ivoire"
    assert normalise(decomposed) == "Côte d'Ivoire"
    assert normalise("Côte") == "Côte"
    # Compatibility characters stay as typed: NFC, not NFKC.
    assert normalise("ﬁ") == "ﬁ"


# --- the same rules in data/: countries, themes and figures are read by the same fields -------


def test_invisible_characters_in_data_files_are_refused_at_their_line(tmp_project: Project) -> None:
    hint = "(retype the text without it; it can make text look different from what it is)"
    tmp_project.write("data/countries.yml", edit(COUNTRIES_YML, "  aliases: [Afghan]", "  aliases: [Afghan\u200b]"))
    tmp_project.write("data/themes.yml", edit(THEMES_YML, "  label: Early marriage", "  label: Early\u3164marriage"))
    assert tmp_project.errors() == [
        f"data/countries.yml:3: AF.aliases: contains an invisible character, U+200B (ZERO WIDTH SPACE) {hint}",
        f"data/themes.yml:2: early-marriage.label: contains an invisible character, U+3164 (HANGUL FILLER) {hint}",
    ]
    tmp_project.write("data/countries.yml", COUNTRIES_YML)
    tmp_project.write("data/themes.yml", THEMES_YML)
    statement = "    statement: of graduates in Afghanistan reported sharing information"
    tmp_project.write("data/impact.yml", edit(IMPACT_YML, statement, statement + "\u202e"))
    assert tmp_project.errors() == [
        f"data/impact.yml:3: figures[0].statement: contains an invisible character, U+202E (RIGHT-TO-LEFT OVERRIDE) {hint}"
    ]
