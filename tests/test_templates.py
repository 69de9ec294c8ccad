"""Pages from templates (issue 14, item 3): every page kind (finding pages, the page to publish from,
the indexes) is rendered by Jinja2 templates through one environment (:mod:`templating`, autoescape
on), with one stylesheet and one banner macro; no module of the package builds markup from strings.

The first test reads the package's source, so it stays true: a new f-string with a ``<div>`` in it
fails here, naming the file and the line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from community_resolutions import areas, assemble, charts, indexes, page, publish, templating
from community_resolutions.findings import Findings

PACKAGE = Path(templating.__file__).parent
TEMPLATES = PACKAGE / "templates"
#: Tags a page is made of. A string holding one (as an element, with or without attributes) is markup.
TAGS = ("a|abbr|article|aside|b|blockquote|body|br|caption|code|details|div|dl|dd|dt|em|figcaption|figure|footer|"
        "h[1-6]|head|header|hr|html|i|img|li|link|main|meta|nav|ol|p|pre|section|small|span|strong|style|sub|summary|"
        "sup|table|tbody|td|tfoot|th|thead|title|tr|u|ul")
MARKUP = re.compile(rf"</?(?:{TAGS})(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>", re.I)
#: An f-string that names its tag from a value (``f"<{tag} ...>"``).
DYNAMIC_TAG = re.compile(r"</?\x00")
#: Modules allowed to hold markup in strings, and why.
ALLOWED = {
    "safehtml.py": "re-emits, escaped, the markup a notebook displayed (it parses markup; it never makes a page)",
}
SYNTHETIC_BANNER = '<div class="banner synthetic" role="alert"><strong>SYNTHETIC DATA</strong>'


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (their examples may show markup)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            value = first.value if isinstance(first, ast.Expr) else None
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def _strings(tree: ast.AST):
    """(line, text) of every string literal and f-string outside docstrings; an f-string's values are \\x00."""
    skip = _docstrings(tree)
    inside_fstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value if isinstance(part, ast.Constant) else "\x00" for part in node.values)
            inside_fstrings.update(id(part) for part in node.values)
            yield node.lineno, text
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip | inside_fstrings:
            yield node.lineno, node.value


def markup_in_source(path: Path, root: Path = PACKAGE.parent) -> list[str]:
    """``file:line: text`` for each string of a module that holds markup (the file named from ``root``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for line, text in _strings(tree):
        match = MARKUP.search(text) or DYNAMIC_TAG.search(text)
        if match:
            found.append(f"{path.relative_to(root)}:{line}: {match.group(0)!r} in {text[:80]!r}")
    return sorted(set(found), key=lambda item: (item.split(":")[0], int(item.split(":")[1])))


def test_the_check_finds_markup_built_from_strings(tmp_path):
    module = tmp_path / "community_resolutions" / "bad.py"
    module.parent.mkdir()
    module.write_text('"""A docstring may show <p>markup</p>."""\n'
                      'def f(x):\n'
                      '    """>>> f(1)\n    \'<div>1</div>\'"""\n'
                      '    a = "<div class=\'x\'>" + x + "</div>"\n'
                      '    b = f"<p style=\'color:red\'>{x}</p>"\n'
                      '    c = f"<{x} class=y>"\n'
                      '    d = re.findall(r"<img\\b[^>]*>", x), "<table:table-row>", "a <who> b", "x < y > z"\n',
                      encoding="utf-8")
    found = markup_in_source(module, tmp_path)
    assert [item.split(":")[1] for item in found] == ["5", "5", "6", "7"], found


def test_no_module_builds_markup_from_strings():
    """Markup comes from templates/ only: a string literal or f-string in the package holding an HTML tag
    (``<div``, ``<p>``, ``<table``, ``<span``, ``<h2`` ...) fails here, with its file and line."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name not in ALLOWED:
            found += markup_in_source(path)
    assert not found, "markup built from strings (render a template in templates/ instead):\n" + "\n".join(found)


def test_one_stylesheet_and_no_css_of_its_own_in_any_template():
    sheets = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.css"))
    assert sheets == [templating.STYLESHEET]
    for template in TEMPLATES.rglob("*.j2"):
        text = template.read_text(encoding="utf-8")
        if template.name != "macros.html.j2":
            assert "<style" not in text or "resources.stylesheet" in text, f"{template.name} has CSS of its own"
        # inline styles only where a page may be shown without the stylesheet: the chart image (in a notebook)
        assert not re.search(r"\bstyle=", text) or template.name == "macros.html.j2", template.name
    assert "STYLE = " not in (PACKAGE / "assemble.py").read_text(encoding="utf-8")


def test_the_environment_escapes_every_value():
    assert templating.environment().autoescape is True
    evil = "<script>alert(1)</script> \" ' & $x$"
    for block in (page.sentences([evil]), page.note_box([evil], evil), charts.img_tag(b"png", evil),
                  page.table(pd.DataFrame({evil: [evil]}), caption=evil)):
        assert "<script>" not in block and "&lt;script&gt;" in block, block
    assert "<code>&lt;b&gt;.json</code>" in page.files_note("/secret/<b>.json", ["<i>.csv"])  # names only


# --------------------------------------------------------------------------- the banner on every page kind


@pytest.fixture(scope="module")
def synthetic_pages(tmp_path_factory) -> dict[str, str]:
    """A finding page (exported from a notebook that printed page.header), the page to publish from and a run's
    index, all from synthetic findings; no notebook is run."""
    folder = tmp_path_factory.mktemp("synthetic")
    area = areas.force_area("Durham")
    found = Findings("1-force-rate", {"area": area.name, "years": ["2017/18"], "basis": "closed"}, synthetic=True)
    found.say("Durham Constabulary resolved some crimes with a community resolution.", lead=True)
    found.write(folder)
    notebook = nbformat.v4.new_notebook()
    blocks = [page.header("Community resolutions: Durham Constabulary", area, ["2017/18"], "closed", synthetic=True),
              page.sentences(found.sentences)]
    notebook.cells = [nbformat.v4.new_code_cell("", outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": block}) for block in blocks])]
    nbformat.write(notebook, folder / "1-force-rate.ipynb")
    finding = publish.export_html(folder / "1-force-rate.ipynb", "How often: Durham Constabulary")
    publish_page = assemble.assemble_page(folder, area, embargo="00:01 Monday 30 November")
    rate = publish.Page(area, "1-force-rate", finding, folder / "1-force-rate.findings.json")
    index, synthetic = indexes.write_run_index(area, folder, [rate], "2017/18", "closed", {"1-force-rate": "Rate"})
    assert synthetic
    return {"finding": finding.read_text(encoding="utf-8"), "publish": publish_page.read_text(encoding="utf-8"),
            "index": index}


@pytest.mark.parametrize("kind", ["finding", "publish", "index"])
def test_every_page_kind_has_the_banner_macro_and_the_stylesheet(kind, synthetic_pages):
    text = synthetic_pages[kind]
    assert SYNTHETIC_BANNER in text, kind
    body = text[text.index("<body"):]
    assert body.index(SYNTHETIC_BANNER) < body.index("<h1"), f"{kind}: the banner comes before the headline"
    head = text[:text.index("</head>")]
    assert templating.stylesheet().strip() in head, f"{kind}: the shared stylesheet is inlined in <head>"
    assert re.search(r'<body class="[^"]*\bcr-page\b[^"]*\b' + kind, text), f"{kind}: body names the page kind"
    assert not re.search(r"<link\b|<script\b", text, re.IGNORECASE), f"{kind}: nothing fetched, nothing run"


def test_the_embargo_banner_comes_from_the_same_macro(synthetic_pages):
    text = synthetic_pages["publish"]
    assert '<div class="banner embargo"><strong>Embargoed until 00:01 Monday 30 November</strong></div>' in text
    assert text.index(SYNTHETIC_BANNER) < text.index('class="banner embargo"')
