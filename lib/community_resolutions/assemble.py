"""One page an editor publishes from, assembled from the outputs the notebooks already wrote.

:func:`assemble_page` reads, in ``folder``, every ``<notebook>.findings.json``, the executed
``<notebook>.ipynb`` beside it and the chart CSVs, and writes ``folder/<area-slug>.html``:

* headline and standfirst written from the area's own figures (``1-force-rate.findings.json``);
* the key sentences first, in bold: each findings file's lead sentence, word for word;
* one section per finding: its sentences, its charts (the very ``<img>`` the notebook embedded),
  under each chart a short accessible table of the chart's data and an offline link to its CSV;
* a map of England and Wales shaded by share, the area outlined and labelled (:mod:`.mapping`);
* "How we did this": sources with licence lines, years, basis, what outcome type 8 is, what the
  data cannot tell, the known gaps for this area;
* banners: synthetic data (whenever any findings file says so: it cannot be switched off),
  embargo and right of reply (when given).

Nothing is recomputed from the raw data: every number on the page comes from a file the
notebooks wrote, so the journalist's notebook and the editor's page cannot disagree. The page
has no code, no script, no external URL and prints on A4.

>>> _percent_columns(pd.DataFrame({"share": [0.1, 0.25], "z": [1.5, 2.0], "n": [1, 2]}))
['share']
>>> _humanise("drug-shares"), _humanise("community_resolution")
('Drug shares', 'Community resolution')
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd

from . import areas, charts, page, sources, words
from .findings import atomic_write_text
from .version import package_version

#: Three megabytes: a page embeds every chart as a PNG (typically 100-250 KB each once base64
#: encoded; up to ~10 charts with all nine notebooks, plus the map at ~100 KB), i.e. 1-2.5 MB,
#: which still opens at once and goes by email. A bigger page means something unexpected was
#: embedded (an oversized figure, a chart per force), and the build stops rather than publish it.
DEFAULT_MAX_BYTES = 3_000_000
TABLE_ROWS = 10
RATE_NOTEBOOK = "1-force-rate"
RATE_CHART = "ranked-forces"
HIDDEN_TAG = "notebook-only"
HIDDEN_COLUMNS = ("in_area",)
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


class PageTooLarge(ValueError):
    """The assembled page would exceed its size limit."""


def assemble_page(folder: Path, area: areas.Area, *, embargo: str = "", right_of_reply: str = "",
                  max_bytes: int = DEFAULT_MAX_BYTES, mirror: str | None = None) -> Path:
    """Write the editor's page ``folder/<area-slug>.html`` from the findings already in ``folder``.

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
    parts = []
    if synthetic:
        parts.append("<div class='banner synthetic' role='alert'><strong>SYNTHETIC DATA</strong>: every number on "
                     "this page is invented for testing. It is not a finding and must not be published.</div>")
    if embargo.strip():
        parts.append(f"<div class='banner embargo'><strong>Embargoed until {html.escape(embargo.strip())}</strong></div>")
    parts.append(f"<h1>{html.escape(headline)}</h1>")
    parts.append(f"<p class='standfirst'>{html.escape(standfirst)}</p>")
    parts.append(_scope_line(area, found))
    parts.append("<h2 id='key-findings'>Key findings</h2><ul class='key'>"
                 + "".join(f"<li><strong>{html.escape(sentence)}</strong></li>" for sentence in _key_sentences(found))
                 + "</ul>")
    if right_of_reply.strip():
        parts.append(_reply(area, right_of_reply.strip()))
    for document in found:
        parts.append(_section(folder, area, document))
    map_section, map_source = _map_section(folder, area, found, synthetic, mirror)
    parts.append(map_section)
    parts.append(_method(area, found, map_source))
    title = ("SYNTHETIC DATA – " if synthetic else "") + f"{area.name}: community resolutions ({_years_text(found)})"
    body = _document(title, "\n".join(parts))
    size = len(body.encode("utf-8"))
    if size > max_bytes:
        images = len(re.findall(r"<img\b", body))
        raise PageTooLarge(
            f"the page for {area.name} would be {size:,} bytes, over the limit of {max_bytes:,} "
            f"({images} embedded images). Run fewer notebooks, shrink the charts, or raise max_bytes."
        )
    return atomic_write_text(folder / f"{area.slug}.html", body)


_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?%?(?:/\d+)?")


def _key_sentences(found: list[dict]) -> list[str]:
    """Each finding's lead sentence, in order, leaving out a lead whose figures (three or more) all
    appear in an earlier lead: it says nothing new at the top of the page (it stays in its section).

    >>> leads = [{"sentences": ["Durham resolved 12,988 crimes from 2014/15 to 2017/18: 7.5% of 172,886."]},
    ...          {"sentences": ["Durham closed 12,988 crimes from 2014/15 to 2017/18: 7.5% of all 172,886."]},
    ...          {"sentences": []}, {"sentences": ["No figures here."]}]
    >>> _key_sentences(leads)
    ['Durham resolved 12,988 crimes from 2014/15 to 2017/18: 7.5% of 172,886.', 'No figures here.']
    """
    kept: list[tuple[str, set[str]]] = []
    for document in found:
        if not document["sentences"]:
            continue
        lead = document["sentences"][0]
        figures = set(_FIGURE.findall(lead))
        if len(figures) >= 3 and any(figures <= earlier for _, earlier in kept):
            continue
        kept.append((lead, figures))
    return [lead for lead, _ in kept]


# ---------------------------------------------------------------------------------------------
# Reading what the notebooks wrote


def _order(notebook: str) -> tuple[int, str]:
    from .publish import NOTEBOOK_TITLES

    names = list(NOTEBOOK_TITLES)
    return (names.index(notebook) if notebook in names else len(names), notebook)


def _title(notebook: str) -> str:
    from .publish import NOTEBOOK_TITLES

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
    when = when[:1].upper() + when[1:]
    if area.is_force:
        rank, of = _figure(rate, f"{prefix}_rank"), _figure(rate, "forces_ranked")
        where = f", {words.rank_phrase(int(rank), int(of))}" if rank is not None and of else ""
        headline = f"{area.name}: community resolutions for {words.percent(share)} of crime outcomes{where}"
        subject, pronoun = area.name, "it"
    else:
        side = "above" if national is not None and share > national else "below"
        headline = f"{area.name}: community resolutions for {words.percent(share)} of crime outcomes" + (
            "" if area.is_national else f", {side} England and Wales")
        subject, pronoun = f"Police forces in {area.in_sentence}", "they"
    if area.is_national:
        national = None  # the page is about England and Wales: no "against ... across England and Wales"
    standfirst = (f"Community resolutions settle a crime informally, without a charge or a caution. {when}, "
                  f"{subject} used one to end {words.number(count)} crimes, {words.percent(share)} of the "
                  f"{words.number(assigned)} outcomes {pronoun} assigned"
                  + (f", against {words.percent(national)} across England and Wales." if national is not None else "."))
    return headline, standfirst


def _scope_line(area: areas.Area, found: list[dict]) -> str:
    rate = _rate(found) or found[0]
    years = _years(rate)
    basis = rate.get("parameters", {}).get("basis", "")
    kind = "force" if area.is_force else f"{len(area.forces)} forces: " + ", ".join(area.forces)
    bits = [f"<b>{html.escape(area.name)}</b> ({html.escape(kind)})"]
    if years:
        bits.append(f"financial years {html.escape(page.years_phrase(years))}")
    if basis in page.BASIS_WORDS:
        bits.append(f"counting {html.escape(page.BASIS_WORDS[basis])}")
    return f"<p class='scope'>{' · '.join(bits)}.</p>"


def _reply(area: areas.Area, text: str) -> str:
    if text.casefold() in REPLY_ASKED:
        said = f"{html.escape(area.name)} has been asked for comment."
    else:
        said = f"{html.escape(area.name)} said: “{html.escape(text)}”"
    return f"<div class='banner reply'><strong>Right of reply.</strong> {said}</div>"


# ---------------------------------------------------------------------------------------------
# Sections


def _humanise(name: str) -> str:
    text = name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def _percent_columns(frame: pd.DataFrame) -> list[str]:
    """Float columns holding shares (every value between 0 and 1, not all whole numbers)."""
    out = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) and values.notna().any():
            known = values.dropna()
            if known.between(0, 1).all() and not (known == known.round()).all():
                out.append(column)
    return out


def _table(frame: pd.DataFrame, area: areas.Area, caption: str) -> str:
    """The first rows of a chart's data as an accessible table; the area's rows always shown and in bold."""
    if "share" in frame.columns:  # the order the charts use: highest share first
        frame = frame.sort_values("share", ascending=False, kind="stable", na_position="last")
    frame = frame.reset_index(drop=True)
    percent = set(_percent_columns(frame))
    mask = pd.Series(False, index=frame.index)
    if "in_area" in frame.columns:
        mask |= frame["in_area"].astype(str).str.lower().eq("true")
    if "force" in frame.columns:
        mask |= frame["force"].isin(area.forces)
    frame = frame.drop(columns=[c for c in HIDDEN_COLUMNS if c in frame.columns])  # shown in bold instead
    shown = frame.head(TABLE_ROWS)
    extra = frame[mask & ~frame.index.isin(shown.index)]
    numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns}

    def cell(value, column) -> str:
        if isinstance(value, bool) or (hasattr(value, "dtype") and pd.api.types.is_bool_dtype(value)):
            text = "yes" if value else "no"
        elif not isinstance(value, str) and pd.isna(value):
            text = ""
        elif column in percent:
            text = f"{value:.1%}"
        elif numeric[column]:
            text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        else:
            text = str(value)
        return f"<td class='{'num' if numeric[column] else 'text'}'>{html.escape(text)}</td>"

    def rows(part: pd.DataFrame) -> str:
        return "".join(("<tr class='area'>" if mask[index] else "<tr>") + "".join(cell(v, c) for c, v in zip(part.columns, row)) + "</tr>"
                       for index, row in zip(part.index, part.itertuples(index=False)))

    head = "".join(f"<th scope='col' class='{'num' if numeric[c] else 'text'}'>{html.escape(_humanise(str(c)))}</th>" for c in frame.columns)
    gap = f"<tr class='gap'><td colspan='{len(frame.columns)}'>…</td></tr>" if len(extra) else ""
    return (f"<table class='data'><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows(shown)}{gap}{rows(extra)}</tbody></table>")


def _chart_data(folder: Path, area: areas.Area, file_name: str, label: str) -> str:
    path = folder / file_name
    if not path.exists():
        return f"<p class='note'>The data file {html.escape(file_name)} is missing from this folder.</p>"
    frame = pd.read_csv(path)
    more = "" if len(frame) <= TABLE_ROWS else f": the first {TABLE_ROWS} of {len(frame)} rows"
    extra = (f"{area.name} in bold" if any(frame.get("force", pd.Series(dtype=str)).isin(area.forces))
             or "in_area" in frame.columns else "")
    caption = f"{label}{more}" + (f" ({extra})" if extra else "")
    link = (f"<p class='download'><a href='{html.escape(file_name)}' download>Download all the data "
            f"(CSV, {len(frame)} rows): {html.escape(file_name)}</a></p>")
    return _table(frame, area, caption) + link


def _section(folder: Path, area: areas.Area, document: dict) -> str:
    notebook = document["notebook"]
    anchor = re.sub(r"[^a-z0-9-]+", "-", notebook.lower())
    out = [f"<section id='{anchor}'><h2>{html.escape(_title(notebook))}</h2>"]
    if document.get("warnings"):
        out.append(page.note_box(document["warnings"], "Read before using these figures"))
    out += [f"<p>{html.escape(s)}</p>" for s in document["sentences"]]
    images = notebook_images(folder / f"{notebook}.ipynb")
    chart_files = list(document.get("charts", {}).items())
    # A chart and its CSV are paired only when the notebook made as many of one as of the other
    # (they are then in the same order); otherwise the data follow the charts, each with its name.
    paired = len(images) == len(chart_files)
    for number, tag in enumerate(images):
        name = chart_files[number][0] if paired else f"chart {number + 1}"
        alt = _alt(tag)
        out.append(f"<figure><h3>{html.escape(_humanise(name) if paired else f'Chart {number + 1}')}</h3>{tag}"
                   + (f"<figcaption>{html.escape(alt)}</figcaption>" if alt else "") + "</figure>")
        if paired:
            out.append(_chart_data(folder, area, chart_files[number][1], "The data behind the chart"))
    if not paired:
        for name, file_name in chart_files:
            out.append(f"<h3>Data: {html.escape(_humanise(name))}</h3>")
            out.append(_chart_data(folder, area, file_name, _humanise(name)))
    if (folder / f"{notebook}.html").exists():
        out.append(f"<p class='more'><a href='{html.escape(notebook)}.html'>The full page for this finding, "
                   f"with every figure explained</a> · figures: <a href='{html.escape(notebook)}.findings.json'>"
                   f"{html.escape(notebook)}.findings.json</a></p>")
    out.append("</section>")
    return "".join(out)


def _map_section(folder: Path, area: areas.Area, found: list[dict], synthetic: bool, mirror: str | None) -> tuple[str, str]:
    """The map section, and the dataset id of the boundaries when the map was drawn."""
    from . import mapping

    heading = "<section id='map'><h2>Map: community resolutions by force</h2>"
    rate = _rate(found)
    chart = (rate or {}).get("charts", {}).get(RATE_CHART)
    if not chart or not (folder / chart).exists():
        return (heading + "<p class='note'>No map: it is drawn from the finding “How often community resolutions "
                "are used”, which was not run for this page.</p></section>", "")
    shares = pd.read_csv(folder / chart)[["force", "share"]]
    try:
        geojson = mapping.boundaries(mirror)
    except (sources.DataUnavailable, sources.ChecksumMismatch) as error:
        first = str(error).split(". ")[0]
        return heading + f"<p class='note'>No map: the boundary file is not available ({html.escape(first)}).</p></section>", ""
    years = _years_text(found)
    mapped = {f for f, _ in mapping.read_features(geojson)}
    on_map = [f for f in area.forces if f in mapped]
    dataset = sources.registry()[mapping.DATASET_ID]
    source = (f"Source: Home Office crime outcomes open data, {years}; boundaries: ONS Police Force Areas "
              f"(December 2020). {dataset.licence}")
    fig = mapping.share_map(shares, on_map or None, title=f"Community resolutions as a share of outcomes, {years}",
                            source=source, synthetic=synthetic, geojson=geojson)
    outlined = ", ".join(on_map)
    alt = (f"Map of the police force areas of England and Wales shaded by the share of outcomes that were "
           f"community resolutions, {years}; darker means a higher share."
           + (f" Outlined in red and labelled: {outlined}." if on_map else ""))
    out = [heading, "<figure>", charts.img_tag(charts.to_png(fig), alt), f"<figcaption>{html.escape(alt)}</figcaption></figure>"]
    off_map = [f for f in area.forces if f not in mapped]
    for force in off_map:
        row = shares[shares["force"] == force]
        share = f" Its share was {words.percent(float(row['share'].iloc[0]))}." if len(row) and pd.notna(row["share"].iloc[0]) else ""
        out.append(f"<p class='note'>{html.escape(areas.force_display_name(force))} polices the railways and has no "
                   f"force area, so it is not on the map.{html.escape(share)}</p>")
    out.append("</section>")
    return "".join(out), mapping.DATASET_ID


def _method(area: areas.Area, found: list[dict], map_source: str) -> str:
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
            items.append(f"<li>{page.supplied_source(dataset_id, uses)}{html.escape(what)}</li>")
        else:
            items.append(f"<li>{html.escape(dataset.citation())} Published {html.escape(dataset.published or 'date unknown')}."
                         f"{html.escape(what)}</li>")
    rate = _rate(found) or found[0]
    years, basis = _years(rate), rate.get("parameters", {}).get("basis", "")
    period = []
    if years:
        period.append(f"Financial years (April to March) {page.years_phrase(years)}.")
    for document in found:
        computed = document.get("parameters", {}).get("years_computed")
        if computed and computed != _years(document):
            period.append(f"“{_title(document['notebook'])}” uses offence-level data, which this package holds "
                          f"for {', '.join(computed)} only.")
    if basis in page.BASIS_WORDS:
        period.append(f"Counting {page.BASIS_WORDS[basis]}.")
    gaps = list(dict.fromkeys(w for d in found for w in d.get("warnings", [])))
    gap_list = (f"<ul>{''.join(f'<li>{html.escape(g)}</li>' for g in gaps)}</ul>" if gaps
                else f"<p>None known for {html.escape(area.name)} in these years.</p>")
    files = ", ".join(f"{d['notebook']}.findings.json" for d in found)
    return (
        "<section id='method'><h2>How we did this</h2>"
        f"<h3>What a community resolution is</h3><p>{html.escape(OUTCOME_8)}</p><p>{html.escape(SHARE_METHOD)}</p>"
        f"<h3>Years and counting</h3><p>{html.escape(' '.join(period))}</p>"
        f"<h3>Sources</h3><ul>{''.join(items)}</ul>"
        "<h3>What the data cannot tell us</h3><p>The Home Office data record the outcome of each crime, "
        "not who committed it. They cannot tell us:</p><ul>"
        + "".join(f"<li>{html.escape(line)}</li>" for line in CANNOT_TELL) + "</ul>"
        f"<h3>Known gaps for {html.escape(area.name)}</h3>{gap_list}"
        f"<p class='made'>Every figure on this page is in the files beside it ({html.escape(files)}). "
        f"Made on {date.today():%d %B %Y} with community-resolutions {html.escape(package_version())}.</p></section>"
    )


STYLE = """
body{font-family:Georgia,'Times New Roman',serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.5;color:#111}
h1{font-size:1.9em;line-height:1.2;margin:0.4em 0 0.2em}
h2{font-family:Arial,Helvetica,sans-serif;border-bottom:1px solid #ccc;margin-top:2em;padding-bottom:2px}
h3{font-family:Arial,Helvetica,sans-serif;font-size:1.05em;margin:1.4em 0 0.4em}
.standfirst{font-size:1.2em;color:#222;margin-top:0}
.scope{color:#555;font-size:0.9em}
.key li{margin-bottom:0.6em}
.banner{padding:10px 14px;margin:10px 0;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.synthetic{background:#c0392b;color:#fff}
.embargo{background:#111;color:#fff;font-family:Arial,Helvetica,sans-serif;letter-spacing:0.02em}
.reply{border-left:4px solid #2c3e50;background:#eef2f5}
figure{margin:1em 0;break-inside:avoid;page-break-inside:avoid}
figure h3{margin-top:0.4em}
figcaption{color:#555;font-size:0.85em;margin-top:4px}
img{max-width:100%;height:auto}
table.data{border-collapse:collapse;margin:6px 0;font-family:Arial,Helvetica,sans-serif;font-size:0.82em}
table.data caption{text-align:left;color:#555;padding-bottom:4px}
table.data th,table.data td{padding:2px 8px;border-bottom:1px solid #ddd;vertical-align:top}
table.data th{border-bottom:2px solid #999}
.num{text-align:right}.text{text-align:left}
tr.area td{font-weight:bold}
tr.gap td{text-align:center;color:#888}
.download,.more{font-family:Arial,Helvetica,sans-serif;font-size:0.85em}
.note,.made{color:#555;font-size:0.9em}
a{color:#1a5276}
@page{size:A4;margin:15mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10.5pt}
 h2,h3{break-after:avoid;page-break-after:avoid}
 table.data{break-inside:avoid;page-break-inside:avoid}
 a{color:#000;text-decoration:none}}
"""


def _document(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n")


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
