"""The story-site pipeline: plain stage modules that take and return data.

Stages, in build order (``build_state`` runs them for one build):

- ``strict_yaml``: read a YAML file as a tree of text with line numbers, refusing
  what editors should never need (aliases, tags, duplicate keys, several documents).
- ``contract``: every story field and rule, declared once; ``fields`` reads by it.
- ``catalogue``, ``stories``, ``impact``: turn those trees into the frozen model of
  ``model`` and collect every content error of every file (``content``); ``paragraphs``
  cuts a testimony and a follow-up into paragraphs at blank lines.
- ``docs_guard``: the checks of the hand-written pages in docs/ (``docs_markup``: their
  raw HTML and links).
- ``selection``: decide which stories may be published today.
- ``media`` (``photos``, ``share_cards``): check photos, publish sanitised renditions.
  ``photos`` is the batch and its cache; a photo goes through ``photo_intake`` (read and
  refuse), ``photo_geometry`` (the plan), ``photo_pixels`` (decode, orient, sRGB) and
  ``photo_renditions`` (encode), under ``photo_settings``; ``page_images`` does the same
  for images in docs/, which ``build_state`` publishes.
- ``pages``, ``blocks``, ``renderer``, ``speaker``: the generated pages and what the
  templates draw; ``page_html`` and ``csp`` finish each page (``html_tokens`` reads HTML
  as browsers do; ``link_targets`` and ``unpublished_links``: links to unpublished pages).

Only ``hooks/mkdocs_adapter.py`` knows about MkDocs (``site_settings`` uses its config
classes to check ``extra:``).
"""
