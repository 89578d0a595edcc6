"""The contract of a story file, ``stories/<name>.yml``: its fixed vocabulary (identities,
scopes), the placeholders of a new story, how long consent may last, and every field of
the top level and the ``original``, ``photo``, ``updates`` and ``consent`` groups.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .declarations import DATE, FIRST_YEAR, LANGUAGE_TAG, YEAR, Choice, Field, Kind, walk_group

__all__ = [
    "IDENTITY_CHOICES", "SCOPE_CHOICES", "IDENTITIES", "SCOPES", "SAFE_IDENTITIES", "PHOTO_SUFFIXES",
    "PHOTO_FOLDER", "PHOTO_PATH_REFUSED", "PHOTO_NAME_MAX", "PHOTO_PATH_HINT", "PHOTO_PATH_REGEX",
    "CONSENT_YEARS", "latest_expiry", "PLACEHOLDER_NAMES", "PLACEHOLDER_REFERENCE_END", "PLACEHOLDER_REFERENCE",
    "placeholder_reference", "ORIGINAL", "PHOTO", "CONSENT", "STORY", "QUOTE", "NAME", "UPDATES", "TOOK_PART", "walk",
]

# --- fixed vocabulary -----------------------------------------------------------------------------

IDENTITY_CHOICES = (
    Choice("named", "The full name is shown."),
    Choice("first-name", "Only the first name is shown."),
    Choice("pseudonym", "A changed name is shown, with a visible note that it was changed."),
    Choice("anonymous", "No name at all: the page shows the role and the country instead. Delete the name line."),
)
SCOPE_CHOICES = (
    Choice("web", "The website. Without web the story is not published at all."),
    Choice("social", "Share images for social media."),
    Choice("print", "Printed material."),
)
IDENTITIES = tuple(choice.value for choice in IDENTITY_CHOICES)
SCOPES = tuple(choice.value for choice in SCOPE_CHOICES)
# The identities that never show a real name: the only ones an at-risk country or a
# child's story may have.
SAFE_IDENTITIES = ("anonymous", "pseudonym")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# A photo path: photos/<name> directly inside stories/photos/. Characters no path may hold
# (a backslash, NUL, a percent-escape, a colon: Windows drives and URL schemes); a name
# that starts with a dot is hidden. The build (stories.photo_path_problem) and the
# schema's pattern (PHOTO_PATH_REGEX) both read these.
PHOTO_FOLDER = "photos"
PHOTO_PATH_REFUSED = ("\\", "\0", "%", ":")
PHOTO_NAME_MAX = 120
PHOTO_PATH_HINT = f"put the photo in stories/{PHOTO_FOLDER}/ and write {PHOTO_FOLDER}/<name>.jpg"


def _any_case(word: str) -> str:
    return "".join(f"[{char.upper()}{char.lower()}]" if char.isalpha() else re.escape(char) for char in word)


_REFUSED_CLASS = "".join("\\" + char if char in "\\]^-" else ("\\x00" if char == "\0" else char) for char in PHOTO_PATH_REFUSED)
# The shape of a photo path as far as a pattern can see it (ECMA 262 and Python alike): the
# build also looks at the disk and the name's length.
PHOTO_PATH_REGEX = (
    f"{PHOTO_FOLDER}/[^/{_REFUSED_CLASS}.][^/{_REFUSED_CLASS}]*\\."
    + "(?:" + "|".join(_any_case(suffix.removeprefix(".")) for suffix in PHOTO_SUFFIXES) + ")"
)

# How long one consent may last: five years, as Healthwatch's and Toybox's guidelines use,
# then it is renewed (Bond's 2024 guidelines call for consent that is renewed). expires is
# required, so there is no consent without an end date to count from.
CONSENT_YEARS = 5


def latest_expiry(given: dt.date) -> dt.date:
    """The last day ``consent.expires`` may hold for consent given on ``given``: the same
    day CONSENT_YEARS years on (28 February for consent given on 29 February)."""
    try:
        return given.replace(year=given.year + CONSENT_YEARS)
    except ValueError:
        return given.replace(year=given.year + CONSENT_YEARS, day=28)


# --- placeholders of a new story --------------------------------------------------------------------

# What `make story` writes until the editor fills it in. A story still holding one builds,
# so that an editor can preview it, but is never published (selection.py): its consent
# form is not referenced, or its speaker not named.
PLACEHOLDER_NAMES = {"named": "First Last", "first-name": "First", "pseudonym": "Changed Name"}
PLACEHOLDER_REFERENCE_END = "-0000"
PLACEHOLDER_REFERENCE = re.compile(re.escape(PLACEHOLDER_REFERENCE_END) + "$")


def placeholder_reference(year: int, prefix: str = "CF") -> str:
    """The reference a new story's consent (``CF``) or guardian (``GF``) form starts with."""
    return f"{prefix}-{year}{PLACEHOLDER_REFERENCE_END}"


# --- the fields -------------------------------------------------------------------------------------

_PROTECTED_CREDIT = (
    "For anonymous, pseudonym, at-risk and children's stories the site says {instead} instead: "
    "the name stays in the file."
)

ORIGINAL = Field(
    "original", Kind.GROUP, "Original words",
    "Optional: the words as spoken, before translation, with their language.",
    example=None, note="the words as spoken, before translation",
    fields=(
        Field(
            "lang", Kind.TEXT, "Language",
            "A language tag: pt-BR (Brazilian Portuguese), fr, sw (Swahili), ar, zh-Hant-TW ...",
            example=["pt-BR", "fr", "sw", "ar"], required=True, pattern=LANGUAGE_TAG,
            hint="a language tag such as pt-BR, fr, sw or ar",
        ),
        Field(
            "text", Kind.TEXT, "Words as spoken", "The quote in the original language, plain text.",
            example=["..."], required=True, hint="the words as spoken",
        ),
        Field(
            "translator", Kind.TEXT, "Translator",
            "Optional: who translated the words. "
            + _PROTECTED_CREDIT.format(instead='"Translated for the programme."'),
            example=["Aisha Bello"], max_len=120,
        ),
    ),
)

PHOTO = Field(
    "photo", Kind.GROUP, "Photo",
    "Optional: a photo with its description and credit. For anonymous or pseudonym "
    "speakers only a photo of someone else, standing in for them.",
    # The form uploads the photo with its own picker: the folder is the file's word.
    example=None, in_file="Then write representative: true. Photos are kept in stories/photos/.",
    fields=(
        Field(
            "file", Kind.TEXT, "Photo file",
            "A JPEG, PNG or WebP photo.",
            example=["photos/obadia-lowiya-steven.jpg"], required=True,
            in_file="Write photos/<name>.jpg (or .jpeg, .png, .webp): a file directly inside stories/photos/.",
            # All of it a file's: the form's picker refuses with the description instead.
            hint_in_file="a file in stories/photos/, e.g. photos/monday.jpg",
            note="JPEG, PNG or WebP, in stories/photos/",
        ),
        Field(
            "alt", Kind.TEXT, "Photo description",
            "What the photo shows, for people who cannot see it (not the file name).",
            example=["A man in a white shirt sits outside a classroom"], required=True, max_len=250,
            hint="describe what the photo shows, for people who cannot see it",
        ),
        Field(
            "credit", Kind.TEXT, "Photo credit",
            "The photographer's name: every photo needs a credit. "
            + _PROTECTED_CREDIT.format(instead='"Photo taken for the programme"'),
            example=["Charles Lomodong"], required=True, max_len=120,
            hint="every photo needs a credit: the photographer's name",
        ),
        Field(
            "representative", Kind.BOOLEAN, "Someone else in the photo",
            "true: the photo shows someone else, standing in for the speaker's safety.",
            example=[False, True], note="true: the photo shows someone else, for safety",
        ),
        Field(
            "focus", Kind.POINT, "What cards keep in view",
            "Optional: the point that cropped copies (the story cards) keep in view: "
            "x from the left (0) to the right (1), y from the top (0) to the bottom (1).",
            example=[[0.5, 0.3]], in_file="Write it as [x, y].",
            hint="the point to keep in view when cards crop, e.g. [0.5, 0.3]",
        ),
    ),
)

CONSENT = Field(
    "consent", Kind.GROUP, "Consent record",
    "Required. When consent was given and ends, where the story may appear, and the reference of the "
    "signed form (the form itself stays offline).",
    example=None, required=True,
    hint="every story needs its consent record: given, expires, scope, reference",
    fields=(
        Field(
            "given", Kind.DATE, "Consent given on", "The day consent was given.",
            example=["2023-05-12"], required=True, pattern=DATE,
            hint="the day consent was given, as YYYY-MM-DD", note="the day consent was given",
        ),
        Field(
            "expires", Kind.DATE, "Consent ends on",
            "From this day on the story is not published anywhere. Must be after the day it was given and "
            f"at most {CONSENT_YEARS} years later (on or before the same day {CONSENT_YEARS} years on): "
            "consent is renewed with the person, never open-ended, so a story cannot go without an end date.",
            example=["2028-05-12"], required=True, pattern=DATE,
            hint="the day consent ends, as YYYY-MM-DD; the story goes offline that day",
            note="the story goes offline on this day",
        ),
        Field(
            "scope", Kind.WORDS, "Where the story may appear",
            "A list: web is needed to publish at all; social allows share images; print.",
            example=[["web"], ["web", "social"]], required=True, choices=SCOPE_CHOICES,
            hint="where the story may appear, e.g. [web, social]",
        ),
        Field(
            "reference", Kind.TEXT, "Consent form reference",
            "The id of the signed consent form kept offline. Never the form itself.",
            example=["CF-2023-0142"], required=True, max_len=60, numbers=True,
            hint="the id of the signed form kept offline, e.g. CF-2023-0142",
            note="the id of the signed form, kept offline",
        ),
        Field(
            "guardian", Kind.TEXT, "Guardian's form reference",
            "For a child: the id of the parent's or guardian's signed form.",
            example=["GF-2024-0007"], max_len=60, numbers=True, in_file="Needed when minor: true.",
        ),
        Field(
            "withdrawn", Kind.BOOLEAN, "Consent withdrawn",
            "true: the story disappears from every page at the next build.",
            example=[False, True], note="true: the story disappears at the next build",
        ),
    ),
)

STORY = Field(
    "", Kind.GROUP, "A testimony: stories/<name>.yml",
    "One story of the stories site. The build checks every story and has the last word; "
    "see CONTRIBUTING.md and stories/_template.yml.",
    example=None,
    fields=(
        Field(
            "identity", Kind.CHOICE, "How the speaker is named",
            "named: full name; first-name: first name only; pseudonym: a changed name, marked as changed; "
            "anonymous: no name at all. Stories from {at_risk} and children's "
            "stories may only be anonymous or pseudonym.",
            example=["named"], required=True, choices=IDENTITY_CHOICES,
            in_file="For anonymous, delete the name line.",
        ),
        Field(
            "name", Kind.TEXT, "Name shown",
            "The name as the page shows it. For a pseudonym, the changed name.",
            example=["Obadia Lowiya Steven", "Monday"], required=True, required_by_rule=True, max_len=80,
            # Each form is one identity, and an anonymous story's form has no name field.
            in_file="Required unless identity is anonymous. For anonymous, delete the line completely.",
            hint="the name to show", hint_in_file="for identity: anonymous, delete the line",
            note="delete this line when identity is anonymous",
        ),
        Field(
            "country", Kind.CHOICE, "Country",
            "A country of the programme.",
            example=None, required=True, source="countries",
            # The form offers only the countries a story may have, as a list: data/ and
            # at_risk are the file's words.
            in_file="The countries are listed in data/countries.yml. Countries marked at_risk ({at_risk_or_none}) only accept identity anonymous or pseudonym. "
            "Write its name, an alias or its two-letter code, in any letter case.",
            hint="a country from data/countries.yml{example}",
            note="a country from data/countries.yml (its name or an alias)",
        ),
        Field(
            "role", Kind.CHOICE, "Who the speaker is", "What the speaker is to the programme.",
            example=None, required=True, source="roles",
            # The form lists the roles by their labels: the ids and data/ are the file's words.
            in_file="A role from data/roles.yml: {roles}",
            hint="a role id from data/roles.yml: {ids}",
        ),
        Field(
            "quote", Kind.TEXT, "Quote",
            "The words in quotation marks, as translated: plain text, {limits} characters. "
            "Nothing is read as Markdown or HTML.",
            example=["Since attending this training my behaviour has changed for the better."],
            in_file="Use quote: >- and indented lines for long quotes.",
            required=True, min_len=20, max_len=600,
            hint="the words in quotation marks, {limits} characters",
        ),
        ORIGINAL,
        Field(
            "story", Kind.TEXT, "Longer testimony",
            "Optional: the longer story, plain text. A blank line starts a new paragraph.",
            example=["First paragraph.\n\nSecond paragraph."],
            in_file="Write story: | and the paragraphs on indented lines.",
            note="the longer testimony; a blank line starts a new paragraph",
        ),
        PHOTO,
        Field(
            "themes", Kind.WORDS, "Themes", "Optional: what the story is about.",
            example=None, source="themes", hint="theme ids from data/themes.yml{example}",
            in_file="Themes from data/themes.yml. Their ids, as a list: [{first_ids}].",
            note="ids from data/themes.yml",
        ),
        Field(
            "collected", Kind.DATE, "Recorded on",
            "The day the testimony was recorded. It orders stories but is never published.",
            example=["2024-03-08"], required=True, pattern=DATE,
            hint="the day the testimony was recorded, as YYYY-MM-DD",
            note="the day the testimony was recorded (YYYY-MM-DD); never published",
        ),
        Field(
            "published", Kind.DATE, "On the site since",
            "Optional: the day the story first went on the site, the date its feed entry carries "
            "(make story writes today's date). Without it the feed dates the story on the day of each build.",
            example=["2024-04-02"], pattern=DATE,
            hint="the day the story first went on the site, as YYYY-MM-DD",
            note="the day the story first goes on the site: the feed's date",
        ),
        Field(
            "updates", Kind.ENTRIES, "What happened next",
            "Optional: follow-ups published after the story, a list of entries, each with its date and text. "
            "The story page shows them newest first; the newest moves the story up in \"newest first\" "
            "and updates its feed entry. An update dated later than today is held back until its day.",
            example=None, note="follow-ups, each with its date and text",
            fields=(
                Field(
                    "date", Kind.DATE, "Update published on",
                    "The day the update goes on the site (a publication date, never a date about the person): "
                    "on or after the day consent was given.",
                    example=["2025-06-01"], required=True, pattern=DATE,
                    hint="the day the update goes on the site, as YYYY-MM-DD",
                    note="the day the update goes on the site",
                ),
                Field(
                    "text", Kind.TEXT, "Update",
                    "What happened next: plain text, {limits} characters, read like the quote "
                    "(nothing is read as Markdown or HTML). A blank line starts a new paragraph.",
                    example=["A year later he leads the fathers' group in his village."],
                    in_file="Write text: | and the paragraphs on indented lines.",
                    required=True, min_len=20, max_len=1200,
                    hint="what happened next, plain text, {limits} characters; a blank line starts a new paragraph",
                ),
            ),
        ),
        Field(
            "took_part", Kind.YEAR, "Year in the programme",
            f"Optional: the year the speaker took part in the programme, four digits, from {FIRST_YEAR} to this "
            "year. The page shows it only where it cannot identify the speaker.",
            example=[2019], pattern=YEAR, minimum=FIRST_YEAR,
            hint="the year the speaker took part in the programme, e.g. 2019",
            note="the year the speaker took part in the programme",
        ),
        Field(
            "featured", Kind.BOOLEAN, "On the home page", "true: the story is shown on the home page.",
            example=[False, True], note="true: shown on the home page",
        ),
        Field(
            "minor", Kind.BOOLEAN, "A child's story",
            "true: the speaker is under 18. Identity must be anonymous or pseudonym and the consent record needs "
            "the guardian's form reference.",
            example=[False, True],
        ),
        CONSENT,
    ),
)
QUOTE = STORY.field("quote")
NAME = STORY.field("name")
UPDATES = STORY.field("updates")
TOOK_PART = STORY.field("took_part")



def walk(group: Field = STORY, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field under ``group`` (a story by default) with its dotted name
    (``consent.reference``), in file order."""
    return walk_group(group, prefix)
