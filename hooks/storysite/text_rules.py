"""Which characters editor text may hold, and the one normal form it is kept in.

Editors paste text from documents, chats and translation tools, which carry characters
nobody can see: direction overrides that make ``txt.exe`` look like ``exe.txt``, zero-width
spaces that make two words one, blank letters (U+2800, U+3164) that look like a space but
are not one. A reader cannot tell they are there, so the site refuses them wherever an
editor types text. Scripts that need an invisible character keep it where they are
written: Persian, Pashto and Urdu words use the zero-width non-joiner (U+200C), Indic
scripts the non-joiner and the joiner (U+200D).

This module is pure: it imports nothing from the project.
"""

from __future__ import annotations

import re
import unicodedata

# Line feed and tab are ordinary text (block scalars, pasted tables); every other C0/C1
# control is a terminal escape, a NUL or a stray carriage return.
_ALLOWED_CONTROLS = frozenset("\n\t")

# Unicode categories no editor types on purpose: controls, format characters (bidi
# controls, zero-width spaces, soft hyphen, word joiner, tags...), line and paragraph
# separators (line breaks a reader cannot see), private-use, surrogates, unassigned.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})

# Characters of other categories that show nothing, or show as a blank: Unicode's
# "default ignorable" letters and marks, and the blank Braille pattern.
_BLANK_LOOKING = frozenset(
    {
        0x034F,  # COMBINING GRAPHEME JOINER
        0x115F, 0x1160,  # HANGUL CHOSEONG / JUNGSEONG FILLER
        0x17B4, 0x17B5,  # KHMER VOWEL INHERENT AQ / AA
        0x180B, 0x180C, 0x180D, 0x180F,  # MONGOLIAN FREE VARIATION SELECTORS
        0x2800,  # BRAILLE PATTERN BLANK
        0x3164,  # HANGUL FILLER
        0xFFA0,  # HALFWIDTH HANGUL FILLER
    }
)
# Variation selectors change how the character before them is drawn; in a row they can
# carry hidden data after any character. See _variation_selector_allowed for the one use kept.
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))
_EMOJI_PRESENTATION = frozenset({0xFE0E, 0xFE0F})  # text / emoji presentation selectors
_CANDIDATE = re.compile(r"[^\x20-\x7e\n\t]")

ZWNJ = "\u200c"
ZWJ = "\u200d"

# Where the joiners are letters of the word: Arabic script (Persian/Dari, Pashto, Urdu)...
_ARABIC_RANGES = (
    range(0x0600, 0x0700), range(0x0750, 0x0780), range(0x08A0, 0x0900),
    range(0xFB50, 0xFE00), range(0xFE70, 0xFF00),
)
# ... and the Indic scripts, one 128-code-point block each (Devanagari to Sinhala).
_INDIC = range(0x0900, 0x0E00)


def _joining_script(char: str) -> str | None:
    """The script whose words may hold ZWNJ/ZWJ, for a letter or mark of it; else None."""
    if not unicodedata.category(char).startswith(("L", "M")):
        return None
    code = ord(char)
    if any(code in block for block in _ARABIC_RANGES):
        return "arabic"
    if code in _INDIC:
        return f"indic-{(code - _INDIC.start) // 0x80}"
    return None


def _joiner_allowed(text: str, index: int) -> bool:
    """ZWNJ/ZWJ at ``index`` stands between two letters of one script that needs it."""
    if index == 0 or index + 1 >= len(text):
        return False
    before = _joining_script(text[index - 1])
    return before is not None and before == _joining_script(text[index + 1])


def _variation_selector_allowed(text: str, index: int) -> bool:
    """One text/emoji presentation selector right after a symbol (the U+FE0F of a pasted
    red heart), never in a row, never after a letter, digit or space."""
    return (
        ord(text[index]) in _EMOJI_PRESENTATION
        and index > 0
        and unicodedata.category(text[index - 1]) == "So"
        and not (index + 1 < len(text) and _is_variation_selector(text[index + 1]))
    )


def _is_variation_selector(char: str) -> bool:
    return any(ord(char) in block for block in _VARIATION_SELECTORS)


def _refused(text: str, index: int) -> bool:
    char = text[index]
    if char in _ALLOWED_CONTROLS:
        return False
    if char in (ZWNJ, ZWJ):
        return not _joiner_allowed(text, index)
    if _is_variation_selector(char):
        return not _variation_selector_allowed(text, index)
    return ord(char) in _BLANK_LOOKING or unicodedata.category(char) in _REFUSED_CATEGORIES


def invisible_character(text: str) -> tuple[int, str] | None:
    """The offset and character of the first character an editor field may not hold.

    Refused: C0/C1 controls but line feed and tab; format characters (category Cf: bidi
    embeddings, overrides, isolates and marks, zero-width space, word joiner, U+FEFF, soft
    hyphen, tags...); U+2028/U+2029; private-use, surrogate and unassigned code points;
    blank-looking letters (U+2800, U+3164, U+115F, U+1160, U+FFA0, U+17B4, U+17B5) and
    other default-ignorable marks; variation selectors, but for one U+FE0E/U+FE0F right
    after a symbol. Allowed: U+200C and U+200D between two letters (or combining marks) of
    Arabic script or of one Indic script. Returns None when the text is clean.
    """
    # Only characters outside printable ASCII need a look (most text has a few at most).
    for candidate in _CANDIDATE.finditer(text):
        index = candidate.start()
        if _refused(text, index):
            return index, text[index]
    return None


_UNNAMED = {
    "Cc": "a control character",
    "Cs": "a surrogate",
    "Co": "a private-use character",
    "Cn": "an unassigned code point",
}


def describe_character(char: str) -> str:
    """A character as a report names it: ``U+202E (RIGHT-TO-LEFT OVERRIDE)``.

    Code points without a Unicode name (controls, private-use, unassigned) are described
    by their kind: ``U+0000 (a control character)``.
    """
    name = unicodedata.name(char, "") or _UNNAMED.get(unicodedata.category(char), "an unnamed character")
    return f"U+{ord(char):04X} ({name})"


def visible(text: str) -> str:
    """``text`` with every refused character written as ``<U+200B>``, for reports that
    repeat what was typed (a field name) without hiding part of it."""
    if invisible_character(text) is None:
        return text
    return _CANDIDATE.sub(
        lambda match: f"<U+{ord(match.group()):04X}>" if _refused(text, match.start()) else match.group(), text
    )


def normalise(text: str) -> str:
    """``text`` in Unicode normal form C: the same word is always the same code points."""
    return unicodedata.normalize("NFC", text)
