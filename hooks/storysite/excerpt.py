"""A quote shortened for a card: whole sentences, never a cut in the middle of a thought.

:func:`card_excerpt` keeps as many whole sentences from the start as fit in a limit. Only
when the first sentence alone is longer does it cut, at a word boundary, with "…". A
sentence ends at ``.``, ``!``, ``?``, ``…`` (or ``...``), the Arabic question mark ``؟``
or the Urdu full stop ``۔``, followed by any closing quotation marks or brackets and then
a space or the end of the text, and:

- not after a common abbreviation ("Mr.", "Dr.", "e.g.") or a single capital initial
  ("J. Garang"): those dots do not end a sentence;
- not when the next word starts with a small letter ("“Why?” she asked", "…and then"):
  whatever came before was not the end of the sentence.

Scripts without letter case (Arabic, Persian) have no small letters, so there only the
punctuation decides.
"""

from __future__ import annotations

import re

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
# Left at the end of a cut before "…": a comma or a dash there would read as a typo.
_TRAILING = " \t,;:–—-([{\"'“‘«‹"


def card_excerpt(text: str, limit: int = CARD_QUOTE_LIMIT) -> str:
    """``text`` with its runs of white space made single, shortened to at most ``limit``
    characters: the whole text when it fits; else the longest run of whole sentences from
    its start that fits; else (the first sentence alone is longer) its first words that
    fit with "…" after them, "…" counted in ``limit``.

    Raises ValueError for a limit under 2 (no room for a word and "…").
    """
    if limit < 2:
        raise ValueError(f"an excerpt needs a limit of at least 2 characters, not {limit}")
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    kept = 0
    for end in sentence_ends(words):
        if end > limit:
            break
        kept = end
    if kept:
        return words[:kept]
    return _cut_at_a_word(words, limit)


def sentence_ends(text: str) -> list[int]:
    """The offsets in ``text`` just after each sentence's last character (its closing
    quotes included), in order; the text's own end is not listed unless a sentence ends
    there (see the module's rules)."""
    return [match.end() for match in _SENTENCE_END.finditer(text) if _ends_sentence(text, match)]


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
    if len(head) > room and not head[room].isspace():
        space = head.rfind(" ", 0, room)
        head = head[:space] if space > 0 else head[:room]
    else:
        head = head[:room]
    head = head.rstrip(_TRAILING) or text[:room]
    return head + ELLIPSIS
