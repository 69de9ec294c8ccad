"""The last guard before a page is written: markup a notebook displayed that could run or fetch
something (a ``<script>``, an ``on…=`` handler, a ``javascript:`` link, an image from elsewhere) is
shown as the text it is, never as an element.

Every helper that builds a page escapes what it is given (:mod:`.page`, :mod:`.assemble`); this
catches markup that a notebook formatted itself from a user's text (a folder name, say). Output with
nothing dangerous in it is returned unchanged, byte for byte.

>>> defuse('<p>files in <code>x<img src=x onerror=alert(7)></code></p>')
'<p>files in <code>x&lt;img src=x onerror=alert(7)&gt;</code></p>'
>>> defuse('<img src="data:image/png;base64,AAAA" alt="chart">')
'<img src="data:image/png;base64,AAAA" alt="chart">'
>>> defuse('<p>ok</p><img src=x onerror=alert(7)')
'<p>ok</p>&lt;img src=x onerror=alert(7)'
>>> defuse('<a href="javascript:alert(1)">x</a><script>alert("<b>")</script>')
'&lt;a href=&quot;javascript:alert(1)&quot;&gt;x</a>&lt;script&gt;alert(&quot;&lt;b&gt;&quot;)&lt;/script&gt;'
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: Elements that run, embed or redirect: never rendered from a notebook's output.
ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form",
            "svg", "math", "template", "noscript", "audio", "video", "source"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "background", "poster", "data"}
_SAFE_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif);base64,", re.I)
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*)\s*:", re.I)


def dangerous_tag(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Whether a start tag could run, embed or fetch something.

    >>> dangerous_tag("a", [("href", "durham.html")]), dangerous_tag("a", [("href", " JavaScript:x")])
    (False, True)
    """
    if tag in ELEMENTS:
        return True
    for name, value in attrs:
        name, value = name.lower(), (value or "")
        if name.startswith("on") or name == "style" and re.search(r"url\s*\(|expression\s*\(", value, re.I):
            return True
        if name in _URL_ATTRIBUTES:
            scheme = _SCHEME.match(html.unescape(value).replace("\x00", ""))
            if tag == "img" and name == "src":
                if not _SAFE_IMAGE.match(value.strip()):
                    return True
            elif scheme and scheme.group(1).lower() not in {"http", "https", "mailto"}:
                return True
    return False


class _Defuser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.found = False
        self._raw_until = ""  # inside a dangerous <script>/<style>-like element: its text is escaped too

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        if dangerous_tag(tag, attrs):
            self.found = True
            self.out.append(html.escape(text))
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self._raw_until = tag
        else:
            self.out.append(text)

    def handle_startendtag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        if dangerous_tag(tag, attrs):
            self.found = True
            self.out.append(html.escape(text))
        else:
            self.out.append(text)

    def handle_endtag(self, tag):
        if tag in ELEMENTS or tag == self._raw_until:
            self.out.append(html.escape(f"</{tag}>"))
            self._raw_until = "" if tag == self._raw_until else self._raw_until
        else:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self._raw_until:
            self.out.append(html.escape(data))
            return
        if "<" in data:  # a bare "<", or a tag the parser left unfinished at the end of an output
            self.found = True  # (in the page, the markup after it would finish it): escaped
        self.out.append(data.replace("<", "&lt;"))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        if "<" in data or ">" in data or "--" in data:  # browsers may end a comment earlier than this parser
            self.found = True
            self.out.append(html.escape(f"<!--{data}-->"))
        else:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.found = True
        self.out.append(html.escape(f"<![{data}]>"))

    def handle_pi(self, data):
        self.found = True
        self.out.append(html.escape(f"<?{data}>"))


def defuse(markup: str) -> str:
    """``markup`` with every dangerous tag (see :func:`dangerous_tag`) turned into its text; unchanged
    (the same string) when there is none."""
    parser = _Defuser()
    parser.feed(markup)
    parser.close()
    if not parser.found:
        return markup
    return "".join(parser.out)


def defuse_notebook(notebook) -> int:
    """Defuse every ``text/html`` output of an (nbformat) notebook in place; returns how many changed."""
    changed = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" not in data:
                continue
            markup = data["text/html"]
            markup = "".join(markup) if isinstance(markup, list) else markup
            safe = defuse(markup)
            if safe is not markup:
                data["text/html"] = safe
                changed += 1
    return changed
