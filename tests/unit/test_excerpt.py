"""excerpt: a card's quote keeps whole sentences and never stops in the middle of one."""

from __future__ import annotations

import pytest

from storysite.excerpt import ELLIPSIS, card_excerpt, sentence_ends

VERONICA = (
    "When my husband got money, he would spend it on drink. When our children were sick, I had to look "
    "for traditional medicine as I didn't have the money to go to the hospital. Now he has changed."
)
PAD = "Then " * 40  # a long last sentence, starting with a capital as a new one does


def test_a_quote_that_fits_is_kept_whole() -> None:
    assert card_excerpt("We learnt to listen.", 20) == "We learnt to listen."
    assert card_excerpt(VERONICA) == VERONICA  # the sample quotes fit the card's limit


def test_white_space_is_made_single() -> None:
    assert card_excerpt("We learnt\n  to listen.\tTogether.", 100) == "We learnt to listen. Together."


def test_whole_sentences_are_kept_up_to_the_limit() -> None:
    assert card_excerpt(VERONICA, 150) == "When my husband got money, he would spend it on drink."
    assert card_excerpt(VERONICA, len(VERONICA) - 1) == VERONICA[: VERONICA.index(" Now")]


def test_a_sentence_that_ends_exactly_at_the_limit_is_kept() -> None:
    first = "One two three."
    assert card_excerpt(first + " Four five six.", len(first)) == first


def test_a_first_sentence_too_long_is_cut_at_a_word_with_an_ellipsis() -> None:
    assert card_excerpt(VERONICA, 30) == "When my husband got money, he" + ELLIPSIS
    # The comma does not stay before "…".
    assert card_excerpt(VERONICA, 28) == "When my husband got money" + ELLIPSIS


def test_a_cut_that_falls_on_a_space_keeps_the_whole_last_word() -> None:
    assert card_excerpt("Alpha beta gamma delta epsilon.", 12) == "Alpha beta" + ELLIPSIS
    assert card_excerpt("Alpha beta gamma delta epsilon.", 11) == "Alpha beta" + ELLIPSIS


def test_a_single_long_word_is_cut_where_the_limit_falls() -> None:
    assert card_excerpt("a" * 50, 10) == "a" * 9 + ELLIPSIS


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Why did we wait? We did not know better. " + PAD, "Why did we wait? We did not know better."),
        ("We stopped! Then we talked. " + PAD, "We stopped! Then we talked."),
        ("We would not ask them… We didn't know. " + PAD, "We would not ask them… We didn't know."),
        ("We would not ask them... We didn't know. " + PAD, "We would not ask them... We didn't know."),
    ],
)
def test_question_marks_exclamations_and_ellipses_end_sentences(text: str, kept: str) -> None:
    assert card_excerpt(text, 60) == kept


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = "He said: “I am sorry.” She forgave him (in time.) " + PAD
    assert sentence_ends(text)[:2] == [text.index("”") + 1, text.index(")") + 1]
    assert card_excerpt(text, 30) == "He said: “I am sorry.”"
    single = "She said ‘enough.’ He listened. " + PAD
    assert card_excerpt(single, 20) == "She said ‘enough.’"


def test_a_small_letter_after_the_mark_means_the_sentence_goes_on() -> None:
    text = "“Why?” she asked me. And I answered. " + PAD
    assert card_excerpt(text, 30) == "“Why?” she asked me."
    assert sentence_ends("We waited… and then we spoke.") == [len("We waited… and then we spoke.")]


@pytest.mark.parametrize("abbreviation", ["Mr.", "Dr.", "Mrs.", "St.", "e.g.", "i.e."])
def test_abbreviations_do_not_end_a_sentence(abbreviation: str) -> None:
    sentence = f"I went to see {abbreviation} Lado with my wife."
    assert sentence_ends(sentence + " We talked.") == [len(sentence), len(sentence) + len(" We talked.")]


def test_an_initial_does_not_end_a_sentence_but_a_word_does() -> None:
    sentence = "I met J. Garang at the school."
    assert sentence_ends(sentence) == [len(sentence)]
    assert sentence_ends("I said no. Then we talked.") == [len("I said no."), len("I said no. Then we talked.")]


def test_a_decimal_point_does_not_end_a_sentence() -> None:
    assert sentence_ends("We earned 2.5 times more. It helped.") == [len("We earned 2.5 times more."), 36]


def test_arabic_question_mark_and_urdu_full_stop_end_sentences() -> None:
    arabic = "لماذا انتظرنا؟ لم نكن نعرف."
    assert sentence_ends(arabic) == [arabic.index("؟") + 1, len(arabic)]
    assert card_excerpt(arabic + " " + "كلمة " * 40, 30) == arabic
    assert card_excerpt(arabic + " " + "كلمة " * 40, 20) == "لماذا انتظرنا؟"
    urdu = "ہم نے سیکھا۔ اب ہم بات کرتے ہیں۔"
    assert sentence_ends(urdu) == [urdu.index("۔") + 1, len(urdu)]
    assert card_excerpt(urdu + " " + "لفظ " * 40, 15) == "ہم نے سیکھا۔"


def test_arabic_closing_guillemet_stays_with_its_sentence() -> None:
    text = "قال «أنا آسف.» ثم جلسنا معاً. " + "كلمة " * 40
    assert card_excerpt(text, 16) == "قال «أنا آسف.»"


def test_an_arabic_sentence_too_long_is_cut_at_a_word() -> None:
    text = "كلمة " * 40
    cut = card_excerpt(text, 22)
    assert cut == "كلمة كلمة كلمة كلمة" + ELLIPSIS and len(cut) <= 22


def test_the_excerpt_never_exceeds_the_limit() -> None:
    for limit in range(2, len(VERONICA) + 5):
        assert len(card_excerpt(VERONICA, limit)) <= limit


def test_a_limit_without_room_for_a_word_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        card_excerpt("Hello there.", 1)



# --- review R1: an excerpt is never punctuation alone, nor cut inside a character ------------------


@pytest.mark.parametrize("opening", ["…", "...", "?", "!", "“…”"])
def test_a_mark_before_the_first_word_is_not_a_sentence(opening: str) -> None:
    # A transcribed quote often opens with an ellipsis; "… I" is not a sentence of its own.
    long = "I understood that my wife and I are equal partners in every decision we make " * 4
    excerpt = card_excerpt(f"{opening} {long}", 120)
    assert any(char.isalpha() for char in excerpt), excerpt
    assert excerpt.endswith(ELLIPSIS) and len(excerpt) <= 120


def test_sentence_ends_skip_a_mark_with_no_word_before_it() -> None:
    assert sentence_ends("… I went home. Then I slept.") == [14, 28]


@pytest.mark.parametrize(
    "joined",
    [
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # a family emoji: three people joined by ZWJ
        "e\u0301\u0302",  # a letter with two combining accents
        "\U0001f44d\U0001f3fd",  # a thumb with its skin tone
        "\u2764\ufe0f",  # a heart with its emoji variation selector
        "\U0001f1f8\U0001f1f8",  # a flag: two regional indicators
    ],
)
def test_a_cut_never_splits_a_character_as_readers_see_it(joined: str) -> None:
    # A script written without spaces is cut where the limit falls: never inside a
    # grapheme, where half an emoji or a lone accent would show.
    for before in range(228, 240):
        text = "a" * before + joined + "b" * 40
        excerpt = card_excerpt(text, 240)
        kept = excerpt[: -len(ELLIPSIS)]
        assert len(excerpt) <= 240 and text.startswith(kept), (before, excerpt)
        tail = kept[before:]
        assert tail == "" or tail.startswith(joined), (before, excerpt)


def test_a_cut_never_ends_on_a_joiner() -> None:
    # U+200C and U+200D are allowed inside Persian and Indic words: a cut before the
    # letter they join would leave an invisible character before the "…".
    for before in range(228, 240):
        text = "\u0646" * before + "\u0647\u200c\u0627" + "\u0628" * 40
        kept = card_excerpt(text, 240)[: -len(ELLIPSIS)]
        assert kept[-1] not in "\u200c\u200d", before


def test_an_end_outside_a_quotation_is_preferred_to_one_inside() -> None:
    text = (
        "My wife laughed. He said, “I was wrong. Now I know what I did to her and to our children.” "
        "And after that I went back to my village and told everyone what I had learnt there."
    )
    assert card_excerpt(text, 60) == "My wife laughed."
    # When only an end inside the quotation fits, the sentence is still whole.
    assert card_excerpt(text[len("My wife laughed. "):], 40) == "He said, “I was wrong."
    assert card_excerpt("«Je me suis trompé. Maintenant je sais ce que j’ai fait.» Puis je suis rentré chez moi le soir.", 70) == (
        "«Je me suis trompé. Maintenant je sais ce que j’ai fait.»"
    )


@pytest.mark.parametrize("no_break", ["\u00a0", "\u202f"])
def test_a_no_break_space_is_kept_and_never_cut_at(no_break: str) -> None:
    # "50 000" typed with a no-break space is one number: a cut there would misquote it as
    # "50…", and the space must stay unbreakable on the card too (review R1).
    text = f"We raised 50{no_break}000 shillings and then we built a school for all the girls of the village"
    for limit in range(12, 24):
        excerpt = card_excerpt(text, limit)
        assert not excerpt.endswith(("50…", f"50{no_break}…")), (limit, excerpt)
        assert text.startswith(excerpt[:-1]), (limit, excerpt)
    assert card_excerpt(f"Pourquoi{no_break}? Parce que je l’aime.") == f"Pourquoi{no_break}? Parce que je l’aime."
