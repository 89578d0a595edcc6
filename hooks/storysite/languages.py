"""What readers need to know about a language: its name and its writing direction (Babel)."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError


def _parse(language_tag: str) -> Locale | None:
    try:
        return Locale.parse(language_tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return None


def text_direction(language_tag: str) -> str:
    """``rtl`` for right-to-left scripts (Dari, Pashto, Arabic), ``ltr`` for the others,
    ``auto`` when Babel does not know the language (the browser then decides)."""
    locale = _parse(language_tag)
    if locale is None:
        return "auto"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def language_name(language_tag: str, reader_locale: str = "en") -> str:
    """The language's name for readers: "pt-BR" -> "Brazilian Portuguese", "sw" -> "Swahili".

    CLDR names some regional variants on their own (pt_BR is "Brazilian Portuguese", not
    "Portuguese (Brazil)"), so the full tag is looked up before the bare language.
    """
    locale = _parse(language_tag)
    if locale is None:
        return language_tag
    names = Locale.parse(reader_locale).languages
    return names.get(str(locale)) or names.get(locale.language) or language_tag
