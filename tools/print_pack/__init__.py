"""The print pack: the stories whose consent allows print, one to a page, as a PDF.

``python -m tools.print_pack`` (``make print-pack``) writes ``print/story-pack.pdf``:
a cover with the programme, the day it was made and the earliest day a page of it
may no longer be used, then one page per story. A story is in the pack when its
consent's scope has ``print`` and its consent holds today by the build's own rules
(:mod:`tools.print_pack.eligibility`); a story without ``web`` is printed but never on
the site, one without ``print`` is on the site but never printed. Each page shows who
speaks exactly as the site does (:class:`storysite.speaker.Speaker`), the photo as the
build's sanitising pipeline remade it, the credit under the same identity rules, the
story's address and a QR code when the story is on the web today, and the last day
its consent allows print.

The parts: :mod:`~tools.print_pack.site_facts` reads mkdocs.yml,
:mod:`~tools.print_pack.pack` decides the pages from the content,
:mod:`~tools.print_pack.render` draws them with the Jinja templates in ``templates/``
and :mod:`~tools.print_pack.chromium` prints them with Debian's Chromium, offline: the
browser may load nothing but the pack's own files.
"""
