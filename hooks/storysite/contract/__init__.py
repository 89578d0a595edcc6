"""The editors' contract, declared once as data: the story file and the data files.

Every field of ``stories/<name>.yml`` (the top level and the ``original``, ``photo``,
``updates`` and ``consent`` groups), of ``data/countries.yml``, ``themes.yml``,
``roles.yml`` and of each figure of ``data/impact.yml`` is one :class:`Field`: its key, kind, whether it is required, its
limits, pattern and choices, the hint its errors carry, the description editors read and
an example. The rules between fields are :class:`Rule` objects carrying both their check
(run by :mod:`storysite.stories`) and their JSON Schema form (``if``/``then``, where
draft-07 can say it) or only a description (where it cannot).

Everything else is made from these declarations, never retyped: the readers
(:mod:`storysite.fields`, :mod:`storysite.stories`), the JSON Schema
(``tools/story_schema.py``), ``make story``'s prompts and placeholders, the PR summary, the
notes of ``stories/_template.yml`` (checked against this module) and CONTRIBUTING's field
table. tests/unit/test_contract.py probes every limit, pattern and choice declared here on
both the build and the schema, so that a copy which drifts fails a test.

The package is pure data and small functions: it imports nothing of the build, so that
every other module may import it. Its parts: :mod:`.declarations` (what a field is, the
shared patterns), :mod:`.story` (a story's fields), :mod:`.rules` (the rules between a
story's fields) and :mod:`.data` (the data files' fields); everything is imported from
``storysite.contract`` itself. As with MkDocs' ``config_options`` and Pelican's
``METADATA_PROCESSORS``, the declaration is the one place a field's knowledge lives.
"""


from .declarations import *  # noqa: F401,F403  (each part lists its names in __all__)
from .story import *  # noqa: F401,F403
from .rules import *  # noqa: F401,F403
from .data import *  # noqa: F401,F403
