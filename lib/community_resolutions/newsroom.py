"""Chart data shaped for newsroom charting tools (Datawrapper, Flourish), with a metadata file.

For each chart a notebook records (:meth:`.findings.Findings.chart`), the findings writer adds,
beside the package's own ``<notebook>.<name>.csv``:

* ``<notebook>.<name>.chart.csv``: one row per bar or point, human column headers, no index,
  no internal columns (``in_area``, ``known_gap``, funnel positions...), shares as percentages
  (0-100, the unit in the header: ``Share (%)``); a synthetic run keeps its ``synthetic_data``
  column first, so invented numbers never travel unlabelled;
* ``<notebook>.<name>.chart.json``: title, description, source line, notes, alt text, units,
  which column is the label and which are values, which rows to highlight, and which of
  these fields the notebook passed and which were derived here (``derived``).

>>> frame = pd.DataFrame({"force": ["Durham", "Kent"], "community_resolution": [3, 1],
...                       "share": [0.075, 0.0125], "in_area": [True, False]})
>>> shaped, columns = newsroom_frame(frame)
>>> list(shaped.columns)
['Force', 'Community resolutions', 'Share (%)']
>>> shaped["Share (%)"].tolist()
[7.5, 1.25]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import pandas as pd

#: Columns the package uses for drawing, not for readers: never in a newsroom CSV.
INTERNAL_COLUMNS = ("in_area", "known_gap", "gap_forces", "position", "position_among_forces", "z", "synthetic")
#: The synthetic label column :meth:`Findings.write` adds, and its header in a newsroom CSV.
SYNTHETIC_COLUMN = "synthetic_data"
SYNTHETIC_HEADER = SYNTHETIC_COLUMN  # the same name as in the package CSV: tests and users look for it
SYNTHETIC_LABEL = "SYNTHETIC: invented counts, not a finding"
#: Headers for columns the notebooks share; anything else is humanised (``offence_code`` → ``Offence code``).
KNOWN_HEADERS = {
    "force": "Force",
    "community_resolution": "Community resolutions",
    "assigned": "All outcomes assigned",
    "share": "Share",
    "rank": "Rank",
    "financial_year": "Financial year",
    "calendar_year": "Calendar year",
    "series": "Series",
    "category": "Category",
    "offence_code": "Offence code",
    "offence_description": "Offence",
    "diversionary_activity": "Diversionary activity (outcome 22)",
    "diversion_share": "Diversionary activity share",
    "combined_share": "Community resolutions and diversionary activity share",
    "lower_95": "Lower 95% limit",
    "upper_95": "Upper 95% limit",
    "lower_998": "Lower 99.8% limit",
    "upper_998": "Upper 99.8% limit",
    "change_points": "Change (percentage points)",
}
PERCENT_UNIT = "percent (0-100): share of outcomes × 100, two decimals"


@dataclass
class ChartInfo:
    """What a notebook said about a chart (every field optional; missing ones are derived on writing)."""

    title: str | None = None
    description: str | None = None
    source: str | None = None
    alt: str | None = None
    notes: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # internal name -> header
    percent: list[str] | None = None  # columns holding shares (0-1); None: found by looking
    label: str | None = None  # the column naming each bar or point; None: the first text column


def humanise(name: str) -> str:
    """A column or chart name as a header: ``'drug-shares'`` → ``'Drug shares'``.

    >>> humanise("community_resolution"), humanise("growth-2015-16-to-2017-18")
    ('Community resolution', 'Growth 2015 16 to 2017 18')
    """
    text = str(name).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def share_columns(frame: pd.DataFrame) -> list[str]:
    """Float columns holding shares: every known value between 0 and 1, not all whole numbers, or
    named as a share (``share``, ``..._share``), which may be all zeros.

    >>> share_columns(pd.DataFrame({"share": [0.1, 0.25], "z": [1.5, 2.0], "n": [1, 2], "all": [0.0, 1.0]}))
    ['share']
    >>> share_columns(pd.DataFrame({"share": [0.0, None], "drug_share": [0.0, 0.0], "all": [0.0, 0.0]}))
    ['share', 'drug_share']
    >>> share_columns(pd.DataFrame({"share": [0.044, 0.046], "change_points": [None, 0.145]}))  # 0.145 points, not 14.5%
    ['share']
    """
    out = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values) and values.notna().any():
            known = values.dropna()
            named = str(column) == "share" or str(column).endswith("_share")
            points = str(column).endswith("_points")  # a change in percentage points: never a share
            if not points and known.between(0, 1).all() and (named or not (known == known.round()).all()):
                out.append(str(column))
    return out


def label_column(frame: pd.DataFrame) -> str | None:
    """The first text column (the bar or point names), or None when every column is a number.

    >>> label_column(pd.DataFrame({"n": [1], "force": ["Durham"]})), label_column(pd.DataFrame({"n": [1]}))
    ('force', None)
    """
    for column in frame.columns:
        if column != SYNTHETIC_COLUMN and not pd.api.types.is_numeric_dtype(frame[column]) \
                and not pd.api.types.is_bool_dtype(frame[column]):
            return str(column)
    return None


def newsroom_frame(frame: pd.DataFrame, info: ChartInfo | None = None) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The chart's data for a charting tool, and a description of each column it keeps.

    Internal columns are dropped; shares become percentages rounded to two decimals with
    ``(%)`` in the header; yes/no columns become ``yes``/``no``; the synthetic label stays first.
    """
    info = info or ChartInfo()
    frame = frame.reset_index(drop=True)
    percent = set(info.percent) if info.percent is not None else set(share_columns(frame))
    label = info.label or label_column(frame)
    kept = [c for c in frame.columns if str(c) not in INTERNAL_COLUMNS or str(c) in info.columns]
    out = pd.DataFrame(index=frame.index)
    described: list[dict[str, Any]] = []
    used: set[str] = set()
    for column in kept:
        name = str(column)
        values = frame[column]
        if name == SYNTHETIC_COLUMN:
            header, role, unit = SYNTHETIC_HEADER, "label of invented data", None
        else:
            header = info.columns.get(name) or KNOWN_HEADERS.get(name) or humanise(name)
            role = "label" if name == label else "value"
            unit = None
            if name in percent:
                values = (values.astype(float) * 100).round(2)
                header, unit = (header if header.endswith("(%)") else f"{header} (%)"), PERCENT_UNIT
            elif pd.api.types.is_bool_dtype(values):
                values, unit = values.map({True: "yes", False: "no"}), "yes/no"
            elif name == "rank":
                unit = "rank (1 = the highest)"
            elif pd.api.types.is_numeric_dtype(values):
                whole = values.dropna()
                unit = "count" if len(whole) and (whole == whole.round()).all() else "number"
            elif role == "value":
                role = "text"
        while header in used:  # two columns humanised alike keep both, told apart
            header = f"{header} ({name})"
        used.add(header)
        out[header] = values
        described.append({"header": header, "from": name, "role": role, "unit": unit})
    return out, described


def metadata(notebook: str, name: str, frame: pd.DataFrame, info: ChartInfo, *, subject: str,
             sources_line: str, synthetic: bool, files: Mapping[str, str]) -> dict[str, Any]:
    """The chart's metadata file: what the notebook passed, defaults derived for the rest (listed in
    ``derived``), the columns, the rows to highlight and the known gaps. ``subject`` (area and years,
    e.g. ``'Durham Constabulary, 2017/18'``) completes a derived title.
    """
    shaped, columns = newsroom_frame(frame, info)
    label = next((c for c in columns if c["role"] == "label"), None)
    values = [c for c in columns if c["role"] == "value"]
    derived: list[str] = []

    def pick(given: str | None, default: str, key: str) -> str:
        if given:
            return given
        derived.append(key)
        return default

    chart_title = humanise(name)
    title = pick(info.title, f"{chart_title}: {subject}" if subject else chart_title, "title")
    description = pick(info.description,
                       f"{len(shaped)} rows, one per {label['header'].lower() if label else 'row'}"
                       + (f"; values: {', '.join(c['header'] for c in values)}" if values else "") + ".",
                       "description")
    source = pick(info.source, sources_line, "source")
    alt = pick(info.alt, _default_alt(title, shaped, label, values), "alt")
    notes = list(info.notes)
    highlight: list[str] = []
    if label and "in_area" in frame.columns:
        highlight = [str(v) for v in frame.loc[frame["in_area"].astype(str).str.lower().eq("true"), label["from"]]]
    if label and "known_gap" in frame.columns:
        gaps = [str(v) for v in frame.loc[frame["known_gap"].astype(str).str.lower().eq("true"), label["from"]]]
        if gaps:
            notes.append("Known gap in the data for these years: " + ", ".join(gaps) + ".")
    if any(c["unit"] == PERCENT_UNIT for c in columns):
        notes.append("Shares are percentages of all outcomes assigned (0-100), rounded to two decimals.")
    if synthetic:
        notes.insert(0, "SYNTHETIC DATA: every number is invented for testing. Not a finding; do not publish.")
        title = f"SYNTHETIC DATA – {title}"
    if derived:
        notes.append("Derived by the package because the notebook did not give them: " + ", ".join(derived)
                     + ". Check them before publishing.")
    return {
        "notebook": notebook,
        "chart": name,
        "synthetic": synthetic,
        "title": title,
        "description": description,
        "source": source,
        "notes": notes,
        "alt": alt,
        "units": {c["header"]: c["unit"] for c in columns if c["unit"]},
        "label_column": label["header"] if label else None,
        "value_columns": [c["header"] for c in values],
        "columns": columns,
        "highlight": highlight,
        "rows": len(shaped),
        "derived": derived,
        "files": dict(files),
    }


def _default_alt(title: str, shaped: pd.DataFrame, label: dict | None, values: list[dict]) -> str:
    """'Chart: <title>. <n> rows. Highest <value>: <label> (<v>).' from the shaped data (the share if any)."""
    text = f"Chart: {title}. {len(shaped)} {'row' if len(shaped) == 1 else 'rows'}."
    if label and values and len(shaped):
        # the share when there is one (what ranked bars show), else the first value column
        first = next((c for c in values if c["from"] == "share"), values[0])
        column = shaped[first["header"]]
        if pd.api.types.is_numeric_dtype(column) and column.notna().any():
            top = column.idxmax()
            value = column[top]
            shown = f"{value:g}%" if first["unit"] == PERCENT_UNIT else f"{value:,g}"
            text += f" Highest {first['header'].replace(' (%)', '').lower()}: {shaped[label['header']][top]} ({shown})."
    return text


def sources_line(dataset_ids: Sequence[str]) -> str:
    """``'Source: <title>; <title>.'`` from the registry (a file the user supplied is named by its id).

    >>> sources_line([])
    'Source: Home Office crime outcomes open data.'
    >>> sources_line(["/home/me/my file.xlsx"]).split(".")[0]
    'Source: my file'
    """
    if not dataset_ids:
        return "Source: Home Office crime outcomes open data."
    try:
        from . import sources

        registry = sources.registry()
    except Exception:  # noqa: BLE001 - a missing registry must not stop the findings being written
        registry = {}
    # a file the user supplied is named by its name only, never its local path (as on every page)
    titles = [registry[i].title if i in registry else (Path(str(i)).name or str(i)) for i in dict.fromkeys(dataset_ids)]
    return ("Source: " + "; ".join(titles)
            + ". Contains public sector information licensed under the Open Government Licence v3.0.")
