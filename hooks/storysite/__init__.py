"""The story-site pipeline: plain stage modules that take and return data.

Stages, in build order:

- ``strict_yaml``: read a YAML file as a tree of text with line numbers, refusing
  what editors should never need (aliases, tags, duplicate keys, several documents).
- ``catalogue``, ``stories``, ``impact``: turn those trees into the frozen model of
  ``model`` and collect every content error of every file.
- ``selection``: decide which stories may be published today.
- ``pages``: the generated pages and the view data the templates draw.

Only ``hooks/mkdocs_adapter.py`` knows about MkDocs.
"""
