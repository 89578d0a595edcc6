"""The blocks that draw content into pages, declared in one registry: Python chooses
and orders (the data functions of home_blocks, listing_blocks and impact_blocks; a
story's own page is story_blocks), Jinja writes markup.

A block is drawn where a page's Markdown holds its marker (``<!-- storysite:figures
-->``, found by :mod:`storysite.block_markers`), or as the whole of a generated country
or theme page. :data:`REGISTRY` declares each block once: its name, what its argument
names, the function that chooses its data and its template. The checks of the markers in
docs/, the renderer and the tests all read it, so a block exists everywhere or nowhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .home_blocks import counter_block, featured_stories, figures_block, quote_block, takedown_block
from .impact_blocks import impact_block
from .listing_blocks import all_stories, country_block, theme_block
from .site_data import SiteData


# --- the blocks ---------------------------------------------------------------------------------

BlockData = Callable[[str | None, SiteData], Mapping[str, object]]


@dataclass(frozen=True)
class Argument:
    """What a block's argument names, and how hints spell it: ``placeholder`` stands
    for it in ``<!-- storysite:quote FILE-NAME -->``, ``where`` says where to find one."""

    kind: str  # the key of the names a build knows: "story", "country" or "theme"
    described: str  # "a story's file name"
    placeholder: str  # "FILE-NAME"
    where: str  # "as in stories/FILE-NAME.yml"


STORY_FILE = Argument("story", "a story's file name", "FILE-NAME", "as in stories/FILE-NAME.yml")
COUNTRY_NAME = Argument("country", "a country's address name", "NAME", "as in the address countries/NAME/")
THEME_ID = Argument("theme", "a theme id", "ID", "an id of data/themes.yml")


@dataclass(frozen=True)
class Block:
    """One block: its marker's name, what its argument names (None: it takes none), the
    data its template draws, and what it shows."""

    name: str
    argument: Argument | None
    data: BlockData
    shows: str

    @property
    def template(self) -> str:
        """Its template, under overrides/: ``storysite/blocks/<name>.html``."""
        return f"storysite/blocks/{self.name}.html"


REGISTRY: dict[str, Block] = {
    block.name: block
    for block in (
        Block("all-stories", None, all_stories, "every story as a card, with the country and theme filters"),
        Block("featured-stories", None, featured_stories, "the stories marked featured: true"),
        Block("quote", STORY_FILE, quote_block, "one story's quote, linking to it"),
        Block("country", COUNTRY_NAME, country_block, "a country and its stories (its generated page)"),
        Block("theme", THEME_ID, theme_block, "a theme and its stories (its generated page)"),
        Block("figures", None, figures_block, "the programme's percentages, as big numbers"),
        Block("counter", None, counter_block, "the programme's counts"),
        Block("takedown", None, takedown_block, "how to ask for a story to be taken down (extra.takedown)"),
        Block("impact", None, impact_block, "every figure: counters, charts, a table and the sources"),
    )
}


def block_data(name: str, argument: str | None, site: SiteData) -> Mapping[str, object]:
    """The template variables of the block ``name`` with ``argument``; KeyError for a
    name that is not in :data:`REGISTRY`."""
    return REGISTRY[name].data(argument, site)
