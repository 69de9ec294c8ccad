"""One page an editor publishes from, assembled from the outputs the notebooks already wrote.

:func:`assemble_page` reads, in ``folder``, every ``<notebook>.findings.json``, the executed
``<notebook>.ipynb`` beside it and the chart CSVs, and writes ``folder/<area-slug>.html``:

* headline and standfirst written from the area's own figures (``1-force-rate.findings.json``);
* a warning about any gap that touches the area (the coverage finding's warnings), before any number;
* three to five key numbers set large, each with one line saying what it is and which years
  (:func:`key_numbers`);
* one section per finding under a heading a reader understands (:data:`SECTION_HEADINGS`), the
  years its figures cover, its key (lead) sentence emphasised, its charts (the very image the
  notebook embedded) titled in words (:data:`CHART_TITLES`), under each a short accessible table of
  the chart's data and an offline link to its CSV; what the data cover comes last;
* the story pack (:mod:`.storypack`), in a box that is easy to copy, and as ``<area>-story.md``;
* a map of England and Wales shaded by share, the area outlined and labelled (:mod:`.mapping`);
* "How we did this": sources with licence lines, years, basis, what outcome type 8 is, what the
  data cannot tell, the known gaps for this area;
* banners: synthetic data (whenever any findings file says so: it cannot be switched off),
  embargo and right of reply (when given).

Nothing is recomputed from the raw data: every number on the page comes from a file the
notebooks wrote, so the journalist's notebook and the editor's page cannot disagree. The page
has no code, no script, no external URL and prints on A4. It is rendered from the Jinja2 template
``templates/publish/page.html.j2`` (:mod:`.templating`: autoescape on, so every value is escaped by the
template engine; the shared stylesheet and banner macro of every page).

Headers and chart names are made readable by :func:`.newsroom.humanise`, as in the newsroom CSVs.
"""

from __future__ import annotations

import base64
import csv
import html
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from . import areas, charts, funnel, page, sources, words
from .errors import PageTooLarge as PageTooLarge
from .findings import atomic_write_text
from .newsroom import KNOWN_HEADERS, humanise, share_columns
from .storypack import story_pack
from .templating import render
from .version import package_version

#: Three megabytes: a page embeds every chart as a PNG (typically 100-250 KB each once base64
#: encoded; up to ~10 charts with all nine notebooks, plus the map at ~100 KB), i.e. 1-2.5 MB,
#: which still opens at once and goes by email. A bigger page means something unexpected was
#: embedded (an oversized figure, a chart per force), and the build stops rather than publish it.
DEFAULT_MAX_BYTES = 3_000_000
TABLE_ROWS = 10
RATE_NOTEBOOK = "1-force-rate"
COVERAGE_NOTEBOOK = "0-data-coverage"
RATE_CHART = "ranked-forces"
#: A finding's heading on the page, as a reader would put it (the rate finding's names the area).
SECTION_HEADINGS = {
    "0-data-coverage": "What the data cover",
    "2-child-sex-offences": "Sexual offences against children",
    "3-drug-offences": "Drug offences",
    "4-region-in-numbers": "What community resolutions were used for",
    "5-over-time": "Over time",
    "6-serious-offences": "Serious offences",
    "7-against-the-article": "The 2019 figures, checked",
    "8-police-uk": "police.uk against the Home Office",
}
#: Charts and data tables titled in words ({area} is the area's name).
CHART_TITLES = {
    "ranked-forces": "Community resolutions as a share of outcomes, every force",
    "funnel": "Out of line, or just small? Each force's share against its size",
    "child-offences": "Sexual offences against children closed by community resolution, by offence",
    "child-by-year": "Sexual offences against children, every year",
    "drug-shares": "Share of drug offences closed by community resolution, every force",
    "drug-by-year": "Drug offences, every year",
    "offence-mix": "Community resolutions by offence",
    "offence-mix-by-year": "Community resolutions by offence, every year",
    "by-year": "Community resolutions by year",
    "growth-2015-16-to-2017-18": "Which forces used more community resolutions after 2015",
    "serious-by-code": "Serious offences closed by community resolution, by offence",
    "serious-by-force": "Share of serious offences closed by community resolution, every force",
    "serious-by-year": "Serious offences, every year",
    "reconciliation": "The 2019 figures against these data",
    "policeuk-vs-home-office": "police.uk against the Home Office",
    "categories": "police.uk outcome categories",
    "share-of-recorded-crimes": "Community resolutions as a share of recorded crime",
    "coverage-grid": "Which force-years have usable data",
    "area-grid": "{area}'s data by count and year",
    "revisions-2017-18": "2017/18 in two publications",
    "offence-level-check": "Offence-level totals against the force-year table",
}
#: The charts each notebook draws, with how their alt text starts (to pair each image with its data).
DRAWN = {
    "0-data-coverage": [("coverage-grid", "Grid of 44 forces"), ("area-grid", "Grid of")],
    "1-force-rate": [("ranked-forces", "Bar chart"), ("funnel", "Funnel plot")],
    "2-child-sex-offences": [("child-offences", "Bar chart")],
    "3-drug-offences": [("drug-shares", "Bar chart")],
    "4-region-in-numbers": [("offence-mix", "Bar chart")],
    "5-over-time": [("by-year", "Line chart")],
    "6-serious-offences": [("serious-by-force", "Bar chart")],
    "8-police-uk": [("policeuk-vs-home-office", "Paired bar chart")],
}
HIDDEN_TAG = "notebook-only"
HIDDEN_COLUMNS = ("in_area", "z")  # z: a test statistic, not a figure for the page (it stays in the CSV)
#: Headers of the chart-data tables on the page: the newsroom CSV's, plus the columns only the page shows.
TABLE_HEADERS = {**KNOWN_HEADERS, "known_gap": "Known gap", "position": "Against the limits",
                 "position_among_forces": "Against the usual spread"}
#: Cell values that are codes, in words (the funnel's positions).
TABLE_VALUES = {"position": funnel.CELL}
#: Chart-data columns that look numeric but are labels ("2019", offence code "80"); so is any column
#: named like a year ("calendar_year": 2014, not "2,014").
TEXT_COLUMNS = ("published", "offence_code", "source")
REPLY_ASKED = {"asked", "asked for comment", "pending"}

OUTCOME_8 = (
    "A community resolution is Home Office crime outcome type 8 (shown as “Local resolution” on police.uk). "
    "Police use it for less serious crimes, usually first offences, where the offender admits the offence: "
    "instead of a charge or a caution, the matter is settled informally, for example with an apology, "
    "repairing the damage or paying compensation. It is not a conviction or a caution, although it can be "
    "disclosed in some enhanced criminal record checks."
)
SHARE_METHOD = (
    "Every share on this page is community resolutions divided by all the outcomes the force assigned "
    "(crimes with no outcome assigned yet are left out). The figures count outcomes, not people."
)
CANNOT_TELL = [
    "the age of the offender, so it cannot say how many were children;",
    "whether the offender had offended before;",
    "what the victim wanted, or whether the victim agreed;",
    "the circumstances of any single case, so it cannot say whether a community resolution was the right "
    "outcome for it.",
]


def assembled_files(area: areas.Area) -> tuple[str, ...]:
    """The files :func:`assemble_page` writes into an area's folder: the page to publish from and
    the story pack beside it.

    >>> assembled_files(areas.resolve_area("Durham"))
    ('durham.html', 'durham-story.md')
    """
    return f"{area.slug}.html", f"{area.slug}-story.md"


def assemble_page(folder: Path, area: areas.Area, *, embargo: str = "", right_of_reply: str = "",
                  max_bytes: int = DEFAULT_MAX_BYTES, mirror: str | None = None) -> Path:
    """Write the editor's page ``folder/<area-slug>.html`` (and the story pack beside it,
    ``folder/<area-slug>-story.md``) from the findings already in ``folder``.

    The page leads with the story: headline and standfirst from the area's own figures, a warning
    about any gap that touches the area, three to five key numbers set large (each saying which
    years it covers), then one section per finding under a heading a reader understands, its key
    sentence emphasised and its charts titled in words; the story pack; the map; and at the end what
    the data cover and how we did this.

    ``embargo``: when given, an "Embargoed until <embargo>" banner. ``right_of_reply``: the
    force's response (printed as its statement), or ``"asked"`` (printed as "asked for comment").
    ``max_bytes`` (default 3 MB, see :data:`DEFAULT_MAX_BYTES`): a bigger page raises
    :class:`PageTooLarge` and nothing is written. ``mirror``: where to find the map's boundaries
    (as for every dataset: cache, then mirror, then download).
    """
    folder = Path(folder)
    found = _read_findings(folder)
    if not found:
        raise FileNotFoundError(f"no *.findings.json in {folder}: run the notebooks first (make reports)")
    synthetic = any(document["synthetic"] for document in found)
    headline, standfirst = _headline(area, found)
    by_notebook = {document["notebook"]: document for document in found}
    pack = story_pack(area, by_notebook)
    page_file, story_file = assembled_files(area)
    coverage = [d for d in found if d["notebook"] == COVERAGE_NOTEBOOK]
    findings = [d for d in found if d["notebook"] != COVERAGE_NOTEBOOK]
    map_view, map_source = _map_section(folder, area, found, synthetic, mirror)
    context = {
        "title": ("SYNTHETIC DATA – " if synthetic else "")
        + f"{area.name}: community resolutions ({_years_text(found)})",
        "synthetic": synthetic, "embargo": embargo.strip(), "area_in_sentence": area.in_sentence,
        "headline": headline, "standfirst": standfirst, "scope": _scope_line(area, found),
        "gap_warnings": _gap_warnings(coverage),
        "key_numbers": key_numbers(area, by_notebook),
        "reply": _reply(area, right_of_reply.strip()) if right_of_reply.strip() else "",
        "sections": [_section(folder, area, document) for document in findings],
        "coverage": [_section(folder, area, document) for document in coverage],
        "story": {"file": story_file, "text": pack.markdown()},
        "map": map_view,
        "method": _method(area, found, map_source),
    }
    body = render("publish/page.html.j2", **context)
    size = len(body.encode("utf-8"))
    if size > max_bytes:
        images = len(re.findall(r"<img\b", body))
        raise PageTooLarge(
            f"the page for {area.name} would be {size:,} bytes, over the limit of {max_bytes:,} "
            f"({images} embedded images). Run fewer notebooks, shrink the charts, or raise max_bytes."
        )
    atomic_write_text(folder / story_file, pack.markdown())
    return atomic_write_text(folder / page_file, body)


@dataclass(frozen=True)
class KeyNumber:
    """A number set large at the top of the page, with one line saying what it is and when."""

    value: str
    line: str
    source: str  # "<notebook>.findings.json: <key>"


def key_numbers(area: areas.Area, found: dict[str, dict]) -> list[KeyNumber]:
    """Three to five key numbers from the findings, each line naming its years.

    >>> from .storypack import _example
    >>> for number in key_numbers(areas.force_area("Durham"), _example())[:3]: print(number.value, "|", number.line)
    7.5% | of crime outcomes were community resolutions, 2014/15 to 2017/18 (England and Wales: 2.8%)
    1st of 44 | forces, ranked by that share, 2014/15 to 2017/18
    12,988 | crimes ended with a community resolution, 2014/15 to 2017/18
    """
    numbers: list[KeyNumber] = []
    prefix = areas.force_slug(area.forces[0]) if area.is_force else "area"
    rate = found.get(RATE_NOTEBOOK)

    def add(document: dict | None, notebook: str, key: str, show, line: str) -> None:
        value = _figure(document, key) if document else None
        if value is not None and len(numbers) < 5:
            numbers.append(KeyNumber(show(value), line, f"{notebook}.findings.json: {key}"))

    when = _span(_years(rate)) if rate else ""
    national = _figure(rate, "national_share") if rate else None
    compare = (f" (England and Wales: {words.percent(national)})"
               if national is not None and not area.is_national else "")
    add(rate, RATE_NOTEBOOK, f"{prefix}_share", words.percent,
        f"of crime outcomes were community resolutions, {when}{compare}")
    if area.is_force and rate and _figure(rate, "forces_ranked"):
        of = int(_figure(rate, "forces_ranked"))
        add(rate, RATE_NOTEBOOK, f"{prefix}_rank", lambda r: f"{words.ordinal(int(r))} of {of}",
            f"forces, ranked by that share, {when}")
    crimes = "crime" if rate and _figure(rate, f"{prefix}_community_resolutions") == 1 else "crimes"
    add(rate, RATE_NOTEBOOK, f"{prefix}_community_resolutions", lambda n: f"{int(n):,}",
        f"{crimes} ended with a community resolution, {when}")
    latest = _figure(rate, "latest_year") if rate else None
    if rate and latest and latest not in _years(rate):
        national_latest = _figure(rate, "national_share_latest")
        against = (f" (England and Wales: {words.percent(national_latest)})"
                   if national_latest is not None and not area.is_national else "")
        add(rate, RATE_NOTEBOOK, f"{prefix}_share_latest", words.percent,
            f"of crime outcomes in {latest}, the latest year the data hold{against}")
    child = found.get("2-child-sex-offences")
    child_count = _figure(child, "area_child_community_resolutions") if child else None
    if child and child_count:
        offences = "sexual offence against children" if child_count == 1 else "sexual offences against children"
        add(child, child["notebook"], "area_child_community_resolutions", lambda n: f"{int(n):,}",
            f"{offences} closed this way, "
            f"{_span(child['parameters'].get('years_computed') or [])}")
    drugs = found.get("3-drug-offences")
    drug_key = f"{prefix}_drug_share" if area.is_force else "area_drug_share"
    if drugs:
        add(drugs, drugs["notebook"], drug_key, words.percent,
            f"of drug offences ended this way, {_span(drugs['parameters'].get('years_computed') or [])}")
    return numbers


def _span(years: list[str]) -> str:
    """'2017/18' or '2014/15 to 2017/18'."""
    return "" if not years else years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"


def _gap_warnings(coverage: list[dict]) -> list[str]:
    """The coverage finding's warnings for the area (known gaps and failed checks that touch it):
    shown at the top of the page; nothing when the area's data are complete."""
    return list(dict.fromkeys(w for document in coverage for w in document.get("warnings", [])))


# ---------------------------------------------------------------------------------------------
# Reading what the notebooks wrote


def _order(notebook: str) -> tuple[int, str]:
    from .definitions import NOTEBOOK_TITLES

    names = list(NOTEBOOK_TITLES)
    return (names.index(notebook) if notebook in names else len(names), notebook)


def _title(notebook: str) -> str:
    from .definitions import NOTEBOOK_TITLES

    return NOTEBOOK_TITLES.get(notebook, notebook)


def _read_findings(folder: Path) -> list[dict]:
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.findings.json")]
    return sorted(documents, key=lambda d: _order(d["notebook"]))


def notebook_images(executed: Path) -> list[str]:
    """The ``<img>`` tags (``data:`` URIs only) a notebook displayed, in order; cells tagged
    ``notebook-only`` and anything fetched from elsewhere are left out."""
    if not executed.exists():
        return []
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    found = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code" or HIDDEN_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            markup = output.get("data", {}).get("text/html", "")
            markup = "".join(markup) if isinstance(markup, list) else markup
            for tag in re.findall(r"<img\b[^>]*>", markup):
                src = re.search(r"""\bsrc\s*=\s*["']([^"']*)["']""", tag)
                if src and _SAFE_IMAGE.fullmatch(src.group(1)):
                    found.append(charts.img_src_tag(src.group(1), _alt(tag)))  # rebuilt: no other attribute passes
    return found


#: An embedded raster image: nothing in it can run (an SVG could hold a script).
_SAFE_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*")


def _alt(tag: str) -> str:
    match = re.search(r'\balt\s*=\s*"([^"]*)"', tag)
    return html.unescape(match.group(1)) if match else ""


# ---------------------------------------------------------------------------------------------
# Headline, standfirst, banners


def _rate(found: list[dict]) -> dict | None:
    return next((d for d in found if d["notebook"] == RATE_NOTEBOOK), None)


def _figure(document: dict, key: str):
    entry = document.get("figures", {}).get(key)
    return None if entry is None else entry.get("value")


def _years(document: dict) -> list[str]:
    return list(document.get("parameters", {}).get("years") or [])


def _years_text(found: list[dict]) -> str:
    years = _years(_rate(found) or found[0])
    if not years:
        return ""
    return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"


def _headline(area: areas.Area, found: list[dict]) -> tuple[str, str]:
    """Headline and standfirst from the rate finding's own figures; the first lead sentence if it is missing."""
    rate = _rate(found)
    fallback = (f"Community resolutions: {area.name}", found[0]["sentences"][0] if found[0]["sentences"] else "")
    if rate is None:
        return fallback
    prefix = areas.force_slug(area.forces[0]) if area.is_force else "area"
    share, count = _figure(rate, f"{prefix}_share"), _figure(rate, f"{prefix}_community_resolutions")
    assigned, national = _figure(rate, f"{prefix}_assigned"), _figure(rate, "national_share")
    if share is None or count is None or assigned is None:
        return fallback
    when = page.years_phrase(_years(rate)) if _years(rate) else ""
    when = words.capital(when)
    if area.is_force:
        rank, of = _figure(rate, f"{prefix}_rank"), _figure(rate, "forces_ranked")
        where = f", {words.rank_phrase(int(rank), int(of))}" if rank is not None and of else ""
        headline = f"{area.name}: community resolutions for {words.percent(share)} of crime outcomes{where}"
        pronoun = "it"
    else:
        side = "above" if national is not None and share > national else "below"
        headline = f"{area.name}: community resolutions for {words.percent(share)} of crime outcomes" + (
            "" if area.is_national else f", {side} England and Wales")
        pronoun = "they"
    if area.is_national:
        national = None  # the page is about England and Wales: no "against ... across England and Wales"
    standfirst = (f"Community resolutions settle a crime informally, without a charge or a caution. {when}, "
                  f"{words.mid(area.subject)} used one to end {words.number(count)} crimes, {words.percent(share)} of the "
                  f"{words.number(assigned)} outcomes {pronoun} assigned"
                  + (f", against {words.percent(national)} across England and Wales." if national is not None else "."))
    return headline, standfirst


def _scope_line(area: areas.Area, found: list[dict]) -> str:
    rate = _rate(found) or found[0]
    years = _years(rate)
    basis = rate.get("parameters", {}).get("basis", "")
    kind = "force" if area.is_force else f"{len(area.forces)} forces: " + ", ".join(area.forces)
    bits = [f"{area.name} ({kind})"]
    if years:
        bits.append(f"financial years {page.years_phrase(years)}")
    if basis in page.BASIS_WORDS:
        bits.append(f"counting {page.BASIS_WORDS[basis]}")
    return " · ".join(bits) + "."


def _reply(area: areas.Area, text: str) -> str:
    """The right-of-reply line (plain text: the template escapes it).

    >>> _reply(areas.force_area("Durham"), "asked"), _reply(areas.force_area("Durham"), 'We said "$5m".')
    ('Durham Constabulary has been asked for comment.', 'Durham Constabulary said: “We said "$5m".”')
    """
    who = words.capital(area.in_sentence)
    if text.casefold() in REPLY_ASKED:
        return f"{who} has been asked for comment."
    return f"{who} said: “{text}”"


# ---------------------------------------------------------------------------------------------
# Sections


def table_header(column: str) -> str:
    """A chart-data column's header on the page: the newsroom CSV's where it has one, else the name made readable.

    >>> table_header("lower_998"), table_header("position"), table_header("offence_code")
    ('Lower 99.8% limit', 'Against the limits', 'Offence code')
    """
    return TABLE_HEADERS.get(column) or humanise(column)


def _table(frame: pd.DataFrame, area: areas.Area, caption: str, file_name: str) -> dict:
    """The first rows of a chart's data as an accessible table (for the template); the area's rows
    always shown and in bold."""
    total = len(frame)
    if "share" in frame.columns and "financial_year" not in frame.columns:  # as the charts: highest share first
        frame = frame.sort_values("share", ascending=False, kind="stable", na_position="last")
    frame = frame.reset_index(drop=True)
    percent = set(share_columns(frame))
    mask = pd.Series(False, index=frame.index)
    if "in_area" in frame.columns:
        mask |= frame["in_area"].astype(str).str.lower().eq("true")
    if "force" in frame.columns:
        mask |= frame["force"].isin(area.forces)
    frame = frame.drop(columns=[c for c in HIDDEN_COLUMNS if c in frame.columns])  # shown in bold instead
    shown = frame.head(TABLE_ROWS)
    # the area's rows beyond the first ten are added, unless every row is the area's (a table of its own offences)
    extra = frame[mask & ~frame.index.isin(shown.index)] if not mask.all() else frame.iloc[0:0]
    numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns}

    def cell(value, column) -> tuple[str, bool]:
        if isinstance(value, bool) or (hasattr(value, "dtype") and pd.api.types.is_bool_dtype(value)):
            text = "yes" if value else "no"
        elif not isinstance(value, str) and pd.isna(value):
            text = ""
        elif column in percent:
            text = f"{value:.1%}"
        elif str(column).endswith("_points"):  # a change in percentage points, signed as the sentences are
            text = f"{value:+.1f}"
        elif numeric[column]:
            text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        else:
            text = TABLE_VALUES.get(str(column), {}).get(str(value), str(value))
        return text, numeric[column]

    def rows(part: pd.DataFrame) -> list[dict]:
        return [{"gap": False, "area": bool(mask[index]),
                 "cells": [cell(v, c) for c, v in zip(part.columns, row, strict=True)]}
                for index, row in zip(part.index, part.itertuples(index=False), strict=True)]

    body = rows(shown) + ([{"gap": True, "area": False, "cells": []}] if len(extra) else []) + rows(extra)
    return {"caption": caption, "columns": [(table_header(str(c)), numeric[c]) for c in frame.columns], "rows": body,
            "file": file_name, "total": total}


def _chart_data(folder: Path, area: areas.Area, file_name: str, label: str) -> tuple[dict | None, str]:
    """(the table of a chart's CSV, a note when the CSV is missing)."""
    path = folder / file_name
    if not path.exists():
        return None, f"The data file {file_name} is missing from this folder."
    with path.open(newline="", encoding="utf-8") as handle:  # the header alone: no second pandas parse
        header = next(csv.reader(handle), [])
    frame = pd.read_csv(path, dtype={c: str for c in header if c in TEXT_COLUMNS or "year" in str(c).lower()})
    more = "" if len(frame) <= TABLE_ROWS else f": the first {TABLE_ROWS} of {len(frame)} rows"
    extra = (f"{area.name} in bold" if any(frame.get("force", pd.Series(dtype=str)).isin(area.forces))
             or "in_area" in frame.columns else "")
    caption = f"{label}{more}" + (f" ({extra})" if extra else "")
    return _table(frame, area, caption, file_name), ""


def chart_title(name: str, area: areas.Area) -> str:
    """A chart's heading in words (:data:`CHART_TITLES`), else its name made readable.

    >>> chart_title("by-year", areas.force_area("Durham")), chart_title("area-grid", areas.force_area("Durham"))
    ('Community resolutions by year', "Durham Constabulary's data by count and year")
    >>> durham = areas.force_area("Durham")
    >>> chart_title("policeuk-vs-home-office", durham), chart_title("odd-name", durham)
    ('police.uk against the Home Office', 'Odd name')
    """
    title = CHART_TITLES.get(name)
    return title.replace("{area}", area.name) if title else humanise(name)


def _pair(notebook: str, images: list[str], chart_names: list[str]) -> list[tuple[str, str | None]]:
    """Each embedded image with the chart it draws: the notebook's drawn charts (:data:`DRAWN`),
    each matched to the first image whose alt text starts as that chart's does; an image matching
    none keeps no name (its alt text says what it is).

    >>> _pair("1-force-rate", ['<img alt="Funnel plot of 44 forces">', '<img alt="Bar chart of 44 forces">'],
    ...       ["ranked-forces", "funnel"])
    [('<img alt="Funnel plot of 44 forces">', 'funnel'), ('<img alt="Bar chart of 44 forces">', 'ranked-forces')]
    """
    drawn = [(name, start) for name, start in DRAWN.get(notebook, []) if name in chart_names]
    pairs: list[tuple[str, str | None]] = []
    for tag in images:
        alt = _alt(tag)
        match = next((name for name, start in drawn if alt.startswith(start)), None)
        if match:
            drawn = [entry for entry in drawn if entry[0] != match]
        pairs.append((tag, match))
    return pairs


def _section(folder: Path, area: areas.Area, document: dict) -> dict:
    """One finding for the template: heading in words, the years it covers, warnings, sentences
    (the first is the key sentence), charts with their titles and data, the other chart data."""
    notebook = document["notebook"]
    images = notebook_images(folder / f"{notebook}.ipynb")
    chart_files = dict(document.get("charts", {}))
    figures = []
    for tag, name in _pair(notebook, images, list(chart_files)):
        src = re.search(r'src="([^"]*)"', tag)
        title = chart_title(name, area) if name else _alt(tag).split(". ")[0]
        table, note = (_chart_data(folder, area, chart_files.pop(name), "The data behind the chart") if name
                       else (None, ""))
        figures.append({"title": title, "src": html.unescape(src.group(1)) if src else "", "alt": _alt(tag),
                        "table": table, "note": note})
    for name, file_name in chart_files.items():  # data without a chart on this page
        table, note = _chart_data(folder, area, file_name, chart_title(name, area))
        figures.append({"title": chart_title(name, area), "src": "", "alt": "", "table": table, "note": note})
    exported = (folder / f"{notebook}.html").exists()
    return {
        "anchor": re.sub(r"[^a-z0-9-]+", "-", notebook.lower()),
        "heading": section_heading(notebook, area),
        "years": _section_years(document),
        "warnings": list(document.get("warnings", [])) if notebook != COVERAGE_NOTEBOOK else [],
        "sentences": list(document["sentences"]),
        "figures": figures,
        "more": f"{notebook}.html" if exported else "",
        "findings": f"{notebook}.findings.json",
    }


def section_heading(notebook: str, area: areas.Area) -> str:
    """A finding's heading as a reader would put it.

    >>> durham, wales = areas.force_area("Durham"), areas.region("wales")
    >>> section_heading("1-force-rate", durham), section_heading("1-force-rate", wales)
    ('How often Durham Constabulary uses community resolutions', 'How often forces in Wales use community resolutions')
    """
    if notebook == RATE_NOTEBOOK:
        return (f"How often {area.in_sentence} uses community resolutions" if area.is_force
                else f"How often forces in {area.in_sentence} use community resolutions")
    return SECTION_HEADINGS.get(notebook) or _title(notebook)


def _section_years(document: dict) -> str:
    """Which years a finding's figures cover, said where the figures are.

    >>> _section_years({"parameters": {"years": ["2014/15", "2017/18"], "years_computed": ["2017/18"]}})
    'Figures for 2017/18, the years asked for that the offence-level data hold; every year they hold is followed below.'
    >>> _section_years({"parameters": {"years": ["2014/15", "2015/16"]}})
    'Figures for 2014/15 to 2015/16.'
    """
    parameters = document.get("parameters", {})
    years, computed = list(parameters.get("years") or []), parameters.get("years_computed")
    if computed is not None and list(computed) != years:
        if not computed:
            return "The offence-level data hold none of the years asked for; every year they hold is followed below."
        return (f"Figures for {_span(list(computed))}, the years asked for that the offence-level data hold; "
                "every year they hold is followed below.")
    return f"Figures for {_span(years)}." if years else ""


def _map_section(folder: Path, area: areas.Area, found: list[dict], synthetic: bool,
                 mirror: str | None) -> tuple[dict, str]:
    """The map for the template (``src``, ``alt``, ``notes``), and the dataset id of the boundaries
    when the map was drawn."""
    from . import mapping

    rate = _rate(found)
    chart = (rate or {}).get("charts", {}).get(RATE_CHART)
    if not chart or not (folder / chart).exists():
        missing = ("No map: it is drawn from the finding “How often community resolutions are used”, which was not "
                   "run for this page.")
        return {"src": "", "alt": "", "notes": [missing]}, ""
    shares = pd.read_csv(folder / chart)[["force", "share"]]
    try:
        projected = mapping.registry_paths(mirror)  # read and projected once per process, not once per page
    except (sources.DataUnavailable, sources.ChecksumMismatch) as error:
        why = str(error).split(". ")[0]
        return {"src": "", "alt": "", "notes": [f"No map: the boundary file is not available ({why})."]}, ""
    years = _years_text(found)
    mapped = {f for f, _ in projected}
    on_map = [f for f in area.forces if f in mapped]
    dataset = sources.registry()[mapping.DATASET_ID]
    source = (f"Source: Home Office crime outcomes open data, {years}; boundaries: ONS Police Force Areas "
              f"(December 2020). {dataset.licence}")
    fig = mapping.share_map(shares, on_map or None, title=f"Community resolutions as a share of outcomes, {years}",
                            source=source, synthetic=synthetic, mirror=mirror)
    alt = (f"Map of the police force areas of England and Wales shaded by the share of outcomes that were "
           f"community resolutions, {years}; darker means a higher share."
           + (f" Outlined in red and labelled: {', '.join(on_map)}." if on_map else ""))
    notes = []
    for force in (f for f in area.forces if f not in mapped):
        row = shares[shares["force"] == force]
        known = len(row) and pd.notna(row["share"].iloc[0])
        share = f" Its share was {words.percent(float(row['share'].iloc[0]))}." if known else ""
        notes.append(f"{areas.force_in_sentence(force, start=True)} polices the railways and has no force area, so it is not on "
                     f"the map.{share}")
    src = "data:image/png;base64," + base64.b64encode(charts.to_png(fig)).decode("ascii")
    return {"src": src, "alt": alt, "notes": notes}, mapping.DATASET_ID


def _method(area: areas.Area, found: list[dict], map_source: str) -> dict:
    """"How we did this" for the template: what a community resolution is, years, sources, limits, gaps."""
    registry = sources.registry()
    used: dict[str, list[str]] = {}
    for document in found:
        for item in document.get("sources", []):
            used.setdefault(item["id"], [])
            if item.get("used_for") and item["used_for"] not in used[item["id"]]:
                used[item["id"]].append(item["used_for"])
    if map_source:
        used.setdefault(map_source, ["the map's force boundaries"])
    items = []
    for dataset_id, uses in used.items():
        dataset = registry.get(dataset_id)
        what = f" Used for: {'; '.join(uses)}." if uses else ""
        if dataset is None:
            shown, kind = page.supplied_source_parts(dataset_id, uses)
            items.append(f"{shown}: {kind}.{what}")
        else:
            items.append(f"{dataset.citation()} Published {dataset.published or 'date unknown'}.{what}")
    rate = _rate(found) or found[0]
    years, basis = _years(rate), rate.get("parameters", {}).get("basis", "")
    period = []
    if years:
        period.append(f"Financial years (April to March) {page.years_phrase(years)}.")
    for document in found:
        computed = document.get("parameters", {}).get("years_computed")
        if computed and computed != _years(document):
            period.append(f"“{_title(document['notebook'])}” uses offence-level data for {', '.join(computed)} "
                          "(the years asked for that they hold) and follows its finding through every year they hold.")
    if basis in page.BASIS_WORDS:
        period.append(f"Counting {page.BASIS_WORDS[basis]}.")
    return {
        "what": [OUTCOME_8, SHARE_METHOD], "period": " ".join(period), "sources": items, "cannot": CANNOT_TELL,
        "gaps": list(dict.fromkeys(w for d in found for w in d.get("warnings", []))),
        "files": ", ".join(f"{d['notebook']}.findings.json" for d in found),
        "made": f"{date.today():%d %B %Y}", "version": package_version(),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m community_resolutions.assemble FOLDER AREA [--embargo ...] [--reply ...]``: re-assemble a page,
    for example to add an embargo or the force's response, without running the notebooks again."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("area")
    parser.add_argument("--embargo", default="")
    parser.add_argument("--reply", default="", help="the force's response, or 'asked'")
    parser.add_argument("--mirror", default=None)
    args = parser.parse_args(argv)
    print(assemble_page(args.folder, areas.resolve_area(args.area), embargo=args.embargo,
                        right_of_reply=args.reply, mirror=args.mirror))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
