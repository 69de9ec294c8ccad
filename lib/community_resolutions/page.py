"""What every report page shares: where its files go, its header, warnings, sources, tables.

These helpers print HTML into a notebook's output so the exported page (inputs hidden)
reads as a finished article: a headline block, data notes, a sources block.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from . import areas, sources
from .paths import PROJECT_ROOT, REFERENCE_DIR, REPORTS_DIR

PUBLISHED_FIGURES_FILE = REFERENCE_DIR / "published-figures.csv"

BASIS_WORDS = {
    "closed": "outcomes assigned in each period, whenever the crime was recorded (Home Office: "
              "“outcomes for investigations closed in the quarter”)",
    "recorded": "outcomes of the crimes recorded in each period, as they stood when the table was made "
                "(Home Office: “outcomes for offences recorded in the quarter”)",
}


def output_folder(output_dir: str, area: areas.Area) -> Path:
    """Where a notebook writes its files: ``output_dir`` if given (relative paths are taken
    from the project root, so the result does not depend on where Jupyter was started), else
    ``reports/scratch/<area-slug>``; created if missing.

    >>> output_folder("", areas.resolve_area("Durham")).relative_to(PROJECT_ROOT).as_posix()
    'reports/scratch/durham'
    """
    from .params import require_text

    output_dir = require_text(output_dir, "output_dir")
    folder = Path(output_dir) if output_dir else REPORTS_DIR / "scratch" / area.slug
    if not folder.is_absolute():
        folder = PROJECT_ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def years_phrase(years: list[str]) -> str:
    """'in 2017/18' or 'from 2014/15 to 2017/18'.

    >>> years_phrase(["2014/15", "2015/16"])
    'from 2014/15 to 2015/16'
    """
    return f"in {years[0]}" if len(years) == 1 else f"from {years[0]} to {years[-1]}"


def header(title: str, area: areas.Area, years: list[str], basis: str, synthetic: bool = False,
           files: list[str] | tuple[str, ...] = ()) -> str:
    """The page's top block: headline, what area/years/basis it covers, synthetic banner, and the
    data files the user supplied for this run (if any), with which publication won where."""
    kind = "force" if area.is_force else f"region of {len(area.forces)} forces: " + ", ".join(area.forces)
    banner = ""
    if synthetic:
        banner = (
            '<div style="background:#c0392b;color:white;padding:10px 14px;font-weight:bold;'
            'margin-bottom:12px">SYNTHETIC DATA: every number on this page is invented for testing. '
            "It is not a finding and must not be published.</div>"
        )
    return (
        f"{banner}<h1 style='margin-bottom:4px'>{html.escape(title)}</h1>"
        f"<p style='color:#444;margin-top:0'><b>{html.escape(area.name)}</b> ({html.escape(kind)}) · "
        f"financial years {html.escape(years_phrase(years))} · counting {html.escape(BASIS_WORDS[basis])}.</p>"
        + (note_box(_describe(files), "Data files supplied for this run") if files else "")
    )


def _describe(files: list[str] | tuple[str, ...]) -> list[str]:
    from .outcomes import describe_user_files

    return describe_user_files(files)


def note_box(lines: list[str], title: str = "Data notes") -> str:
    """A box of warnings (known gaps, revisions) shown before the numbers they affect."""
    if not lines:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return (
        "<div style='border-left:4px solid #e67e22;background:#fdf2e9;padding:8px 14px;margin:10px 0'>"
        f"<b>{html.escape(title)}</b><ul style='margin:6px 0'>{items}</ul></div>"
    )


def sources_block(dataset_ids: list[str]) -> str:
    """Sources of every figure on the page, with licence and provenance."""
    registry = sources.registry()
    items = []
    for dataset_id in dict.fromkeys(dataset_ids):
        dataset = registry.get(dataset_id)
        if dataset is None:  # a file the user named: not in the registry
            items.append(f"<li>{supplied_source(dataset_id)}</li>")
            continue
        items.append(f"<li><b>{html.escape(dataset_id)}</b>: {html.escape(dataset.citation())} "
                     f"Published {html.escape(dataset.published or 'date unknown')}.</li>")
    from datetime import date

    from .version import package_version

    made = (f"<p style='color:#666;font-size:0.9em'>Made on {date.today():%d %B %Y} with community-resolutions "
            f"{html.escape(package_version())}.</p>")
    return f"<h3>Sources</h3><ul>{''.join(items)}</ul>{made}"


def supplied_source_parts(name: str, uses: list[str] | tuple[str, ...] = ()) -> tuple[str, str]:
    """How a page names a file or folder the user supplied (not in the registry), as text: its name
    only, never the local path, and what it was read as: police.uk files (a folder or zip, or used for
    police.uk figures), a synthetic file, or a Home Office outcomes file.

    >>> supplied_source_parts("/home/me/<b>x&y.xlsx")
    ('<b>x&y.xlsx', 'a file supplied for this run, read as a Home Office outcomes workbook')
    """
    shown = Path(str(name)).name or str(name)
    police = any("police.uk" in str(use) for use in uses) or shown.lower().endswith(".zip") or Path(str(name)).is_dir()
    if police:
        what = "police.uk monthly files supplied for this run"
    elif "synthetic" in shown.lower():
        what = "a file supplied for this run (SYNTHETIC: invented counts, not a finding)"
    else:
        what = "a file supplied for this run, read as a Home Office outcomes workbook"
    return shown, what


def supplied_source(name: str, uses: list[str] | tuple[str, ...] = ()) -> str:
    """:func:`supplied_source_parts` as escaped HTML.

    >>> supplied_source("/home/me/<b>x&y.xlsx")
    '<b>&lt;b&gt;x&amp;y.xlsx</b>: a file supplied for this run, read as a Home Office outcomes workbook.'
    >>> supplied_source("/home/me/months", ["police.uk monthly files in months"])
    '<b>months</b>: police.uk monthly files supplied for this run.'
    """
    shown, what = supplied_source_parts(name, uses)
    return f"<b>{html.escape(shown)}</b>: {what}."


def police_uk_files_note(policeuk: str) -> str:
    """The police.uk page's line on monthly files the user supplied: the folder or zip's name only, escaped.
    (Notebook 8's last cell should print this instead of formatting the name into markup itself.)

    >>> police_uk_files_note("/home/me/x<img src=x onerror=alert(7)>")[:69]
    '<p>Also: police.uk monthly files from <code>x&lt;img src=x onerror=al'
    """
    if not str(policeuk).strip():
        return ""
    return (f"<p>Also: police.uk monthly files from <code>{html.escape(Path(str(policeuk)).name)}</code> "
            "(data.police.uk archive; Contains public sector information licensed under the Open Government "
            "Licence v3.0).</p>")


def sentences(lines: list[str]) -> str:
    """Paragraphs an editor can print."""
    return "".join(f"<p style='font-size:1.08em;max-width:46em'>{html.escape(line)}</p>" for line in lines)


def table(frame: pd.DataFrame, caption: str = "") -> str:
    """A plain HTML table: no index, numbers right-aligned with thousands separators, text left.

    >>> "<td style='text-align:right'>1,234</td>" in table(pd.DataFrame({"Force": ["Durham"], "Count": [1234]}))
    True
    """
    numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns}

    def cell(value, column: str, tag: str = "td") -> str:
        if tag == "td" and numeric[column] and pd.notna(value):
            text = f"{value:,}" if float(value).is_integer() else f"{value:,.3f}"
        else:
            text = "" if (not isinstance(value, str) and pd.isna(value)) else str(value)
        align = "right" if numeric[column] else "left"
        return f"<{tag} style='text-align:{align}'>{html.escape(text)}</{tag}>"

    head = "".join(cell(c, c, "th") for c in frame.columns)
    rows = "".join("<tr>" + "".join(cell(v, c) for c, v in zip(frame.columns, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    cap = f"<p style='color:#555;margin-bottom:2px'>{html.escape(caption)}</p>" if caption else ""
    style = ("<style>.cr-table{border-collapse:collapse;margin:8px 0}.cr-table th,.cr-table td"
             "{padding:3px 10px;border-bottom:1px solid #ddd}</style>")
    return f"{style}{cap}<table class='cr-table'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def published_figures(ids: list[str] | None = None) -> pd.DataFrame:
    """What the 2019 article and the SDU published (a data file; never used as a result)."""
    table_ = pd.read_csv(PUBLISHED_FIGURES_FILE, dtype=str, keep_default_na=False)
    return table_ if ids is None else table_[table_["id"].isin(ids)].reset_index(drop=True)


def show(markup: str) -> None:
    """Display HTML in the notebook (and so in the exported page)."""
    from IPython.display import HTML, display

    if markup:
        display(HTML(markup))


def environment_mirror(mirror: str) -> str | None:
    """The mirror parameter: empty means "the default" (``$CR_DATA_MIRROR`` or ``../shared/data``,
    which :func:`sources.resolve` works out itself); it must be text.

    >>> environment_mirror(""), environment_mirror("/data")
    (None, '/data')
    """
    from .params import require_text

    return require_text(mirror, "mirror") or None
