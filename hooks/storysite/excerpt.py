"""A quote shortened for a card: whole sentences, never a cut in the middle of a thought.

:func:`card_excerpt` keeps as many whole sentences from the start as fit in a limit. Only
when the first sentence alone is longer does it cut, at a word boundary, with "…". A
sentence ends at ``.``, ``!``, ``?``, ``…`` (or ``...``), the Arabic question mark ``؟``
or the Urdu full stop ``۔``, followed by any closing quotation marks or brackets and then
a space or the end of the text, and:

- not after a common abbreviation ("Mr.", "Dr.", "e.g.") or a single capital initial
  ("J. Garang"): those dots do not end a sentence;
- not when the next word starts with a small letter ("“Why?” she asked", "…and then"):
  whatever came before was not the end of the sentence;
- not when no letter or digit came since the previous end: a quote opening with "… I"
  or "? Why" has no sentence before its mark, and a card must never show "…" alone.

Of the ends that fit, the last one outside a quotation is kept, so that a card does not
open a quotation mark it never closes; only when every end that fits is inside one does
the excerpt end there.

A cut where the limit falls (a word longer than the limit, a script written without
spaces) never splits what a reader sees as one character: an accent from its letter,
the parts of an emoji joined by U+200D, a skin tone or variation selector from its
emoji, the two halves of a flag; nor ends on U+200C or U+200D.

Scripts without letter case (Arabic, Persian) have no small letters, so there only the
punctuation decides.
"""

from __future__ import annotations

import re

import regex

ELLIPSIS = "…"
CARD_QUOTE_LIMIT = 240  # characters: about seven lines on a card, the sample quotes whole

# Sentence-ending marks, then closing quotes and brackets, then a space or the end.
_SENTENCE_END = re.compile(r"(?:\.{3}|[.!?…؟۔])+[\"'”’»›)\]」』]*(?=\s|$)")
# Dots after these (compared in lower case, without the dot) do not end a sentence.
# Not "no" or "etc": "I said no." and "… and so on, etc." end sentences as often as not.
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "mx", "dr", "prof", "st", "mt", "jr", "sr", "rev", "fr", "sgt", "capt",
    "vs", "approx", "e.g", "i.e", "cf", "al",
})
# No-break spaces (U+00A0, the figure space U+2007, the narrow U+202F) join what they
# stand between, "50 000" or "Pourquoi ?": kept as typed, and never a place to cut.
_NO_BREAK = "\u00a0\u2007\u202f"
# A run of white space that may be made one ordinary space: any without a no-break space.
_BREAKABLE_RUN = re.compile(rf"[^\S{_NO_BREAK}]+")
# Left at the end of a cut before "…": a comma or a dash there would read as a typo.
_TRAILING = " \t,;:–—-([{\"'“‘«‹" + _NO_BREAK


def card_excerpt(text: str, limit: int = CARD_QUOTE_LIMIT) -> str:
    """``text`` with its runs of white space made one space (no-break spaces are kept),
    shortened to at most ``limit`` characters: the whole text when it fits; else the
    longest run of whole sentences from its start that fits; else (the first sentence
    alone is longer) its first words that fit with "…" after them, "…" counted in
    ``limit``; a no-break space is never where words are cut apart.

    Raises ValueError for a limit under 2 (no room for a word and "…").
    """
    if limit < 2:
        raise ValueError(f"an excerpt needs a limit of at least 2 characters, not {limit}")
    words = _BREAKABLE_RUN.sub(" ", text).strip()
    if len(words) <= limit:
        return words
    fitting = [end for end in sentence_ends(words) if end <= limit]
    # A sentence inside a quotation ("He said, “I was wrong. Now …”") ends the excerpt
    # only when no end outside one fits: a card should not open a quote it never closes.
    closed = [end for end in fitting if _quotes_closed(words[:end])]
    if closed or fitting:
        return words[: (closed or fitting)[-1]]
    return _cut_at_a_word(words, limit)


def _quotes_closed(text: str) -> bool:
    """Whether every double quotation mark opened in ``text`` is closed (“…”, «…», "…")."""
    return text.count("“") <= text.count("”") and text.count("«") <= text.count("»") and text.count('"') % 2 == 0


def sentence_ends(text: str) -> list[int]:
    """The offsets in ``text`` just after each sentence's last character (its closing
    quotes included), in order; the text's own end is not listed unless a sentence ends
    there (see the module's rules)."""
    ends: list[int] = []
    for match in _SENTENCE_END.finditer(text):
        since = ends[-1] if ends else 0
        # Marks with no word before them ("… I understood") end no sentence.
        if any(char.isalnum() for char in text[since: match.start()]) and _ends_sentence(text, match):
            ends.append(match.end())
    return ends


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    following = text[match.end():].lstrip()
    if following and following[0].islower():
        return False
    marks = match.group().rstrip("\"'”’»›)]」』")
    if marks == ".":
        before = text[: match.start()].split()
        word = before[-1].lstrip("\"'“‘«‹([") if before else ""
        if word.casefold() in _ABBREVIATIONS:
            return False
        if len(word) == 1 and word.isupper():  # an initial: "J. Garang"
            return False
    return True


def _cut_at_a_word(text: str, limit: int) -> str:
    """The first words of ``text`` that fit in ``limit`` with "…" after them; a single word
    longer than that (or a script written without spaces) is cut where the limit falls."""
    room = limit - len(ELLIPSIS)
    head = text[: room + 1]
    if len(head) > room and head[room] != " ":
        space = head.rfind(" ", 0, room)
        head = head[:space] if space > 0 else head[: _grapheme_start(text, room)]
    else:
        head = head[:room]
    head = head.rstrip(_TRAILING) or text[: _grapheme_start(text, room)] or text[:room]
    return head + ELLIPSIS


_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner
# One character as readers see it: Unicode's extended grapheme cluster (UAX #29), which
# keeps an accent with its letter, the parts of a joined emoji, a skin tone or variation
# selector with its emoji and the two halves of a flag together.
_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> list[str]:
    """``text`` as the characters readers see (extended grapheme clusters), in order."""
    return _GRAPHEME.findall(text)


def _grapheme_start(text: str, index: int) -> int:
    """The last place at or before ``index`` between two graphemes of ``text`` that does
    not follow U+200C or U+200D (Persian and Indic words hold them: a cut there would leave
    an invisible character before the "…"); 0 when there is none."""
    start = 0
    for grapheme in _GRAPHEME.finditer(text):
        end = grapheme.end()
        if end > index:
            break
        if text[end - 1] not in _JOINERS:
            start = end
    return start
