"""What every report page shares: where its files go, its header, warnings, sources, tables.

These helpers print HTML into a notebook's output so the exported page (inputs hidden)
reads as a finished article: a headline block, data notes, a sources block. Each block is rendered
from a template in ``templates/finding/`` (:mod:`.templating`: autoescape on, the shared stylesheet
and banner macro), never built from strings here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import areas, sources
from .paths import PROJECT_ROOT, REFERENCE_DIR, REPORTS_DIR
from .templating import render_block

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
    data files the user supplied for this run (if any), with which publication won where
    (``templates/finding/header.html.j2``; it carries the shared stylesheet, so the blocks look the
    same in JupyterLab as on the exported page)."""
    kind = "force" if area.is_force else f"region of {len(area.forces)} forces: " + ", ".join(area.forces)
    return render_block("finding/header.html.j2", title=title, area_name=area.name, kind=kind,
                        years=years_phrase(years), basis=BASIS_WORDS[basis], synthetic=synthetic,
                        files=_describe(files) if files else [])


def _describe(files: list[str] | tuple[str, ...]) -> list[str]:
    from .outcomes import describe_user_files

    return describe_user_files(files)


def note_box(lines: list[str], title: str = "Data notes") -> str:
    """A box of warnings (known gaps, revisions) shown before the numbers they affect; empty without lines.

    >>> note_box(["2017/18 is missing."], "Read first")
    '<div class="note-box"><strong>Read first</strong><ul><li>2017/18 is missing.</li></ul></div>'
    >>> note_box([])
    ''
    """
    return render_block("finding/note_box.html.j2", lines=list(lines), title=title)


def source_line(sources: list[str]) -> str:
    """The source line under a chart (every finding's charts share it): the files behind its figures and the licence.

    >>> source_line(["force-year-totals"])
    'Source: Home Office, crime outcomes in England and Wales (force-year-totals). Contains public sector \
information licensed under the Open Government Licence v3.0.'
    """
    return ("Source: Home Office, crime outcomes in England and Wales (" + ", ".join(sources) + "). "
            "Contains public sector information licensed under the Open Government Licence v3.0.")


def sources_block(dataset_ids: list[str]) -> str:
    """Sources of every figure on the page, with licence and provenance."""
    registry = sources.registry()
    items = []
    for dataset_id in dict.fromkeys(dataset_ids):
        dataset = registry.get(dataset_id)
        if dataset is None:  # a file the user named: not in the registry
            shown, what = supplied_source_parts(dataset_id)
            items.append((shown, f"{what}."))
        else:
            items.append((dataset_id, f"{dataset.citation()} Published {dataset.published or 'date unknown'}."))
    from datetime import date

    from .version import package_version

    return render_block("finding/sources.html.j2", items=items, made=f"{date.today():%d %B %Y}",
                        version=package_version())


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
    return render_block("finding/supplied_source.html.j2", name=shown, what=what)


def police_uk_files_note(policeuk: str) -> str:
    """The police.uk page's line on monthly files the user supplied: the folder or zip's name only, escaped.
    (Notebook 8's last cell should print this instead of formatting the name into markup itself.)

    >>> police_uk_files_note("/home/me/x<img src=x onerror=alert(7)>")[:69]
    '<p>Also: police.uk monthly files from <code>x&lt;img src=x onerror=al'
    """
    if not str(policeuk).strip():
        return ""
    return render_block("finding/police_uk_files.html.j2", name=Path(str(policeuk)).name)


def files_note(findings: str, charts: list[str] | tuple[str, ...] = ()) -> str:
    """The line at the foot of a finding page naming the files its figures are in (names only, escaped),
    for a notebook to print instead of formatting the names into markup itself.

    >>> note = files_note("1-force-rate.findings.json", ["1-force-rate.funnel.csv", "<b>.csv"])
    >>> print(note)  # doctest: +NORMALIZE_WHITESPACE
    <p class="cr-files">Figures: <code>1-force-rate.findings.json</code>; chart data:
    <code>1-force-rate.funnel.csv</code>, <code>&lt;b&gt;.csv</code>.</p>
    """
    return render_block("finding/files.html.j2", findings=Path(str(findings)).name,
                        charts=[Path(str(name)).name for name in charts])


def sentences(lines: list[str]) -> str:
    """Paragraphs an editor can print.

    >>> sentences(["One.", "Two & three."])
    '<p class="cr-sentence">One.</p><p class="cr-sentence">Two &amp; three.</p>'
    """
    return render_block("finding/sentences.html.j2", lines=list(lines))


def table(frame: pd.DataFrame, caption: str = "") -> str:
    """A plain HTML table: no index, numbers right-aligned with thousands separators, text left.

    >>> '<td class="num">1,234</td>' in table(pd.DataFrame({"Force": ["Durham"], "Count": [1234]}))
    True
    """
    numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns}

    def cell(value: object, column: str) -> tuple[str, bool]:
        if numeric[column] and pd.notna(value):
            text = f"{value:,}" if float(value).is_integer() else f"{value:,.3f}"  # type: ignore[arg-type]
        else:
            text = "" if (not isinstance(value, str) and pd.isna(value)) else str(value)
        return text, numeric[column]

    columns = [(str(c), numeric[c]) for c in frame.columns]
    rows = [{"gap": False, "area": False, "cells": [cell(v, c) for c, v in zip(frame.columns, row, strict=True)]}
            for row in frame.itertuples(index=False)]
    return render_block("finding/table.html.j2", columns=columns, rows=rows, caption=caption)


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
