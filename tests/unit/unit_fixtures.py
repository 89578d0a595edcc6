"""Helpers for the unit tests of hooks/storysite: a small project root in tmp_path.

The data files below are small copies of the real ones, written out here so that line
numbers and did-you-mean hints in expected messages do not move when data/ is edited.
"""

from __future__ import annotations

from pathlib import Path

from storysite.content import load_content
from storysite.errors import ContentErrors

COUNTRIES_YML = """\
AF:
  name: Afghanistan
  aliases: [Afghan]
  at_risk: true
  default_identity: anonymous
CD:
  name: DR Congo
  aliases: [DRC, Congo-Kinshasa]
  at_risk: false
  default_identity: first-name
NG:
  name: Nigeria
  aliases: []
  at_risk: false
  default_identity: first-name
SS:
  name: South Sudan
  aliases: []
  at_risk: false
  default_identity: named
"""

THEMES_YML = """\
early-marriage:
  label: Early marriage
  description: Letting girls grow up before they marry.
girls-education:
  label: Girls' education
  description: Keeping girls in school until they finish.
household-finances:
  label: Household finances
  description: How money is earned, shared and spent at home.
"""

ROLES_YML = """\
graduate:
  label: Graduate
partner:
  label: Partner of a graduate
facilitator:
  label: Facilitator
community-leader:
  label: Community leader
"""

IMPACT_YML = """\
figures:
  - id: shared-information
    statement: of graduates in Afghanistan reported sharing information
    countries: [Afghanistan]
    unit: percent
    value: 39
    value_label: graduates
    baseline:
      value: 15
      label: at enrolment
    period: not stated
    source: Women for Women International (UK), web page, undated
    sample: not stated
  - id: men-engaged
    statement: men have taken part in the programme since 2002
    unit: count
    value: 50894
    qualifier: over
    period: since 2002
    source: Women for Women International (UK), web page, undated
    sample: a count of participants, not a survey
"""

# A valid story; the line numbers are those expected messages use.
STORY_YML = """\
identity: named
name: Obadia Lowiya Steven
country: South Sudan
role: graduate
quote: Since attending this training my behaviour has changed for the better.
themes: [girls-education, early-marriage]
collected: 2024-03-08
featured: true
consent:
  given: 2023-05-12
  expires: 2028-05-12
  scope: [web, social]
  reference: CF-2023-0142
  withdrawn: false
"""

# Appended to STORY_YML: lines 15-18.
PHOTO_YML = """\
photo:
  file: photos/obadia.jpg
  alt: A man in a white shirt sits outside a classroom
  credit: Charles Lomodong
"""


def edit(text: str, old: str, new: str | None) -> str:
    """``text`` with the one line equal to ``old`` replaced by ``new`` (deleted when None)."""
    lines = text.split("\n")
    assert lines.count(old) == 1, f"fixture line {old!r} must occur exactly once"
    index = lines.index(old)
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    return "\n".join(lines)


class Project:
    """A minimal project root: data/countries.yml, themes.yml, roles.yml and impact.yml, stories/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.write("data/countries.yml", COUNTRIES_YML)
        self.write("data/themes.yml", THEMES_YML)
        self.write("data/roles.yml", ROLES_YML)
        self.write("data/impact.yml", IMPACT_YML)
        (root / "stories" / "photos").mkdir(parents=True)

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def story(self, text: str = STORY_YML, slug: str = "obadia-lowiya-steven") -> Path:
        return self.write(f"stories/{slug}.yml", text)

    def photo(self, name: str = "obadia.jpg") -> Path:
        return self.write(f"stories/photos/{name}", b"\xff\xd8\xff\xe0 not really a JPEG")

    def errors(self) -> list[str]:
        """Every error ``load_content`` reports, as printed; [] when the content loads."""
        try:
            load_content(self.root)
        except ContentErrors as failure:
            return [str(error) for error in failure.errors]
        return []

    def load(self):
        return load_content(self.root)
