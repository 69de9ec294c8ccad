"""The one Jinja2 environment every page and every block of a page is rendered with.

Finding pages (the blocks :mod:`.page` prints into a notebook), the page to publish from
(:mod:`.assemble`) and the index pages (:mod:`.indexes`) all come from the templates in
``templates/``, with autoescaping on: a value reaches a page only through the template engine,
escaped, and no module builds markup from strings. They share one stylesheet
(``templates/style.css``, inlined in each page so it opens offline) and one banner macro
(``templates/macros.html.j2``: the synthetic-data and embargo banners).

>>> render_block("finding/sentences.html.j2", lines=['<b>"x" & $y$</b>'])
'<p class="cr-sentence">&lt;b&gt;&#34;x&#34; &amp; $y$&lt;/b&gt;</p>'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2

#: The stylesheet every page kind includes (inside ``templates/``).
STYLESHEET = "style.css"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment: templates from the package, every value escaped, a missing value an error."""
    return jinja2.Environment(loader=jinja2.PackageLoader("community_resolutions", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context: Any) -> str:
    """A whole page from ``templates/<template>``; every value escaped by the template engine."""
    return environment().get_template(template).render(**context)


def render_block(template: str, **context: Any) -> str:
    """A block of a page (what a notebook displays), without the line breaks around it."""
    return render(template, **context).strip()


def stylesheet() -> str:
    """The text of the one stylesheet (for pages not rendered here: the exported notebooks)."""
    loader = environment().loader
    assert loader is not None
    source, _, _ = loader.get_source(environment(), STYLESHEET)
    return source
