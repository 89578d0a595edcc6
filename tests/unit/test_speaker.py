"""speaker: how every output shows who speaks, by identity, decided in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from storysite.model import Consent, Country, Original, Photo, Role, Story, Update
from storysite.speaker import Speaker, long_date, shows_personal_context

PORTUGAL = Country("PT", "Portugal", "portugal", (), False, "named", "")
SYRIA = Country("SY", "Syria", "syria", (), True, "anonymous", "")
VOLUNTEER = Role("volunteer", "Volunteer", "volunteer")
CASEWORKER = Role("caseworker", "UNHCR caseworker", "UNHCR caseworker")


def story(identity: str = "named", name: str | None = "Ana Lima", **changes: object) -> Story:
    base = Story(
        slug="ana-lima", source="stories/ana-lima.yml", identity=identity, name=name, country=PORTUGAL,
        role=VOLUNTEER, quote="We learnt to listen before we spoke.", original=None, paragraphs=(), photo=None,
        themes=(), collected=dt.date(2024, 1, 1), featured=False, minor=False,
        consent=Consent(dt.date(2024, 1, 1), dt.date(2030, 1, 1), ("web",), "CF-1", None, False),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_named_speaker_is_named_with_role_and_country() -> None:
    speaker = Speaker.of(story())
    assert (speaker.heading, speaker.title, speaker.name) == ("Ana Lima", "Ana Lima, Portugal", "Ana Lima")
    assert (speaker.role_line, speaker.card_line, speaker.after_name) == ("Volunteer", "Volunteer, Portugal", ", volunteer, Portugal")
    assert (speaker.note, speaker.share_line, speaker.share_alt) == (None, "Volunteer, Portugal", "Ana Lima, Volunteer, Portugal")


def test_a_first_name_speaker_is_shown_like_a_named_one() -> None:
    speaker = Speaker.of(story("first-name", "Ana"))
    assert (speaker.heading, speaker.title, speaker.note) == ("Ana", "Ana, Portugal", None)


def test_a_changed_name_says_so_wherever_the_story_is_named_away_from_its_page() -> None:
    speaker = Speaker.of(story("pseudonym", "Rosa"))
    # Its own page shows the name as its heading, with a note saying why it is not real.
    assert speaker.heading == "Rosa" and speaker.note == "This is not the speaker’s real name: it was changed to protect them."
    assert (speaker.title, speaker.name) == ("Rosa (name changed), Portugal", "Rosa (name changed)")
    assert speaker.card_line == "Volunteer, Portugal"
    assert speaker.share_line == "Volunteer, Portugal · name changed for safety"
    assert speaker.share_alt == "Rosa, Volunteer, Portugal · name changed for safety"


def test_an_anonymous_speaker_is_their_role_and_country_and_never_a_name() -> None:
    speaker = Speaker.of(story("anonymous", None, country=SYRIA, role=CASEWORKER))
    assert speaker.heading == speaker.title == speaker.name == speaker.share_alt == "UNHCR caseworker, Syria"
    # The heading already says role and country: nothing repeats them.
    assert (speaker.role_line, speaker.after_name) == (None, "")
    assert speaker.card_line == speaker.share_line == "Name withheld for safety"
    assert speaker.note == "The speaker is not named, for their safety."


def test_the_helpers_of_an_unprotected_story_are_named() -> None:
    shown = Speaker.of(story(
        original=Original("pt-PT", "Aprendemos a ouvir.", "Rui Costa"),
        photo=Photo("photos/ana.jpg", "Ana at work", "Marta Sousa", False, None, 12),
    ))
    assert (shown.translator_line, shown.credit_line) == ("Translated by Rui Costa.", "Photo: Marta Sousa")
    stand_in = Speaker.of(story(photo=Photo("photos/x.jpg", "A volunteer", "Marta Sousa", True, None, 12)))
    assert stand_in.credit_line == "Representative photo: Marta Sousa"
    assert (Speaker.of(story()).translator_line, Speaker.of(story()).credit_line) == (None, None)
    assert Speaker.of(story(original=Original("pt-PT", "Aprendemos a ouvir.", None))).translator_line is None


@pytest.mark.parametrize(
    "changes",
    [
        {"identity": "anonymous", "name": None},
        {"identity": "pseudonym", "name": "Rosa"},
        {"country": SYRIA, "identity": "pseudonym", "name": "Rosa"},
        {"minor": True, "identity": "pseudonym", "name": "Rosa"},
    ],
    ids=["anonymous", "pseudonym", "at-risk", "child"],
)
def test_a_protected_storys_helpers_are_never_named(changes: dict[str, object]) -> None:
    protected = story(
        original=Original("pt-PT", "Aprendemos a ouvir.", "Rui Costa"),
        photo=Photo("photos/x.jpg", "A volunteer", "Marta Sousa", True, None, 12), **changes,
    )
    shown = Speaker.of(protected)
    assert (shown.translator_line, shown.credit_line) == ("Translated for the programme.", "Representative photo taken for the programme")
    assert "Rui" not in repr(shown) and "Marta" not in repr(shown)


def test_the_story_asks_its_speaker() -> None:
    ana = story("pseudonym", "Rosa")
    assert ana.speaker == Speaker.of(ana)
    assert (ana.speaker.heading, ana.speaker.translator_line, ana.speaker.credit_line) == ("Rosa", None, None)


PROTECTED = [
    {"identity": "anonymous", "name": None},
    {"identity": "pseudonym", "name": "Rosa"},
    {"country": SYRIA, "identity": "pseudonym", "name": "Rosa"},
    {"minor": True, "identity": "pseudonym", "name": "Rosa"},
]
PROTECTED_IDS = ["anonymous", "pseudonym", "at-risk", "child"]


def test_an_unprotected_speaker_shows_the_year_they_took_part() -> None:
    assert shows_personal_context(story())
    assert Speaker.of(story(took_part=2019)).took_part == "2019"
    assert Speaker.of(story("first-name", "Ana", took_part=2021)).took_part == "2021"
    assert Speaker.of(story()).took_part is None  # the file does not say


@pytest.mark.parametrize("changes", PROTECTED, ids=PROTECTED_IDS)
def test_a_protected_speaker_never_shows_the_year_they_took_part(changes: dict[str, object]) -> None:
    protected = story(took_part=2019, **changes)
    assert not shows_personal_context(protected)
    assert Speaker.of(protected).took_part is None
    assert "2019" not in repr(Speaker.of(protected))


def test_a_stand_in_photo_is_disclosed_and_a_photo_of_the_speaker_is_not() -> None:
    stand_in = Speaker.of(story(photo=Photo("photos/x.jpg", "A volunteer", "Marta Sousa", True, None, 12)))
    assert stand_in.stand_in_note == "This photo shows someone else, standing in for the speaker’s safety."
    own = Speaker.of(story(photo=Photo("photos/ana.jpg", "Ana at work", "Marta Sousa", False, None, 12)))
    assert own.stand_in_note is None and Speaker.of(story()).stand_in_note is None


def test_the_card_quote_stops_at_a_sentence_end() -> None:
    first = "We learnt to listen before we spoke, at home and in the market, every day of the week. "
    long_quote = first + "Our daughters stayed in school, and their mothers decided with us what to spend. " * 3
    card = Speaker.of(story(quote=long_quote)).card_quote
    assert card.startswith(first.strip()) and card.endswith(".") and len(card) <= 240
    assert Speaker.of(story()).card_quote == "We learnt to listen before we spoke."


def test_the_card_says_when_the_story_was_last_updated() -> None:
    updates = (Update(dt.date(2026, 3, 5), "She finished school this year."), Update(dt.date(2025, 1, 9), "A first update."))
    assert Speaker.of(story(updates=updates)).updated_line == "Updated 5 March 2026"
    assert Speaker.of(story()).updated_line is None


def test_dates_are_written_day_month_year() -> None:
    assert long_date(dt.date(2026, 12, 1)) == "1 December 2026"


def test_the_card_says_updated_only_for_news_after_the_story_went_online() -> None:
    # The card agrees with the feed and "newest first" (story_order.last_news): an update
    # dated before the story's publication is on its page, but is no news of it (review R1).
    updates = (Update(dt.date(2025, 2, 1), "What happened before it went online."),)
    before = Speaker.of(story(published=dt.date(2025, 8, 1), updates=updates))
    assert (before.updated_line, before.updated_on) == (None, None)
    same_day = Speaker.of(story(published=dt.date(2025, 2, 1), updates=updates))
    assert same_day.updated_line is None
    after = Speaker.of(story(published=dt.date(2025, 1, 10), updates=updates))
    assert (after.updated_line, after.updated_on) == ("Updated 1 February 2025", "2025-02-01")
    unpublished = Speaker.of(story(published=None, updates=updates))
    assert unpublished.updated_line == "Updated 1 February 2025"
