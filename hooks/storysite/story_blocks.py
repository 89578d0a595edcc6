"""The data of a story's own page (storysite/story-page.html): its testimony, its
follow-ups, share links, related stories and the way on."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .languages import language_name, text_direction
from .model import Story
from .site_data import SiteData
from .speaker import long_date
from .story_order import newest_key

RELATED_LIMIT = 3


@dataclass(frozen=True)
class ShareLink:
    """A plain link to share a story somewhere: no third-party script, just an address."""

    label: str
    href: str


@dataclass(frozen=True)
class ShownUpdate:
    """A follow-up as its story's page prints it: the date in words and for machines, and
    its text as paragraphs (one ``<p>`` each, cut like the testimony's)."""

    date: str  # "5 March 2026"
    datetime: str  # "2026-03-05", for <time datetime>
    paragraphs: tuple[str, ...]


def shown_updates(story: Story) -> tuple[ShownUpdate, ...]:
    """``story``'s follow-ups as its page prints them, in its order (newest first)."""
    return tuple(ShownUpdate(long_date(update.date), update.date.isoformat(), update.paragraphs) for update in story.updates)


def next_stories(stories: tuple[Story, ...]) -> dict[str, Story]:
    """For every story (by slug), the one after it in ``stories``, wrapping round;
    nothing for a story that is alone."""
    if len(stories) < 2:
        return {}
    return {story.slug: stories[(index + 1) % len(stories)] for index, story in enumerate(stories)}


def related_stories(stories: tuple[Story, ...], limit: int = RELATED_LIMIT) -> dict[str, tuple[Story, ...]]:
    """For every story (by slug), up to ``limit`` others sharing a theme or the country,
    most in common first.

    A shared theme counts twice a shared country (a theme is what moved the reader);
    ties go to the newer story (story_order.newest_key), so the choice never varies between builds.

    Stories with the same themes and country have the same candidates, so the work is
    done once per such *signature* (a few hundred at most), not once per pair of stories:
    a thousand stories would otherwise cost a million comparisons.
    """
    order = sorted(range(len(stories)), key=lambda i: newest_key(stories[i]))
    groups: dict[tuple[frozenset[str], str], list[int]] = {}
    for index in order:  # each group lists its stories newest first
        story = stories[index]
        groups.setdefault((frozenset(theme.id for theme in story.themes), story.country.code), []).append(index)
    rank = {index: position for position, index in enumerate(order)}
    related: dict[str, tuple[Story, ...]] = {}
    for (themes, country), members in groups.items():
        scored = sorted(
            ((2 * len(themes & other_themes) + (country == other_country), others)
             for (other_themes, other_country), others in groups.items()),
            key=lambda item: -item[0],
        )
        # Take whole score levels, best first, until one more than needed is in hand
        # (the story itself may be among them); within a level the newest come first.
        chosen: list[int] = []
        for score in sorted({score for score, _ in scored if score}, reverse=True):
            level = [other for level_score, others in scored if level_score == score for other in others[: limit + 1]]
            chosen += sorted(level, key=rank.__getitem__)
            if len(chosen) > limit:
                break
        for index in members:
            related[stories[index].slug] = tuple(stories[other] for other in chosen if other != index)[:limit]
    return related


def share_links(page_url: str, story: Story) -> tuple[ShareLink, ...]:
    """Share links for a story whose consent includes ``social``; none otherwise."""
    if "social" not in story.consent.scope:
        return ()
    title = story.speaker.title
    text, url = quote(f"{title}: “{story.quote}”", safe=""), quote(page_url, safe="")
    return (
        ShareLink("Email", f"mailto:?subject={quote(title, safe='')}&body={text}%0A%0A{url}"),
        ShareLink("WhatsApp", f"https://wa.me/?text={text}%20{url}"),
        ShareLink("X", f"https://x.com/intent/post?text={text}&url={url}"),
        ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
    )


def story_page(story: Story, site: SiteData) -> dict[str, object]:
    """What a story's own page draws (storysite/story-page.html): the testimony, its
    original words with their language and direction, its follow-ups, share links (only
    with ``social`` consent), related stories and the way on."""
    page_url = site.site_url + story.url
    original = story.original
    return {
        "story": story,
        "original_direction": text_direction(original.lang) if original else None,
        "original_language": language_name(original.lang, site.locale) if original else None,
        "updates": shown_updates(story),
        "share": share_links(page_url, story),
        "page_url": page_url,
        "related": site.related.get(story.slug, ()),
        "next_story": site.following.get(story.slug),
    }
