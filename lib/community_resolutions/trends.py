"""Community resolutions over time: year-by-year figures, growth between two years, the line chart.

Everything here works on the canonical totals table (:mod:`outcomes`) and the known-gaps table
(:mod:`gaps`); nothing reads a file. Shares divide by every assigned outcome (type 0 never
counts). Outcome type 22 (diversionary activity) is carried beside type 8 wherever a trend is
read, because some forces moved cases from one to the other (Durham's Checkpoint scheme), and
type 22 only exists from 2019/20 (voluntary) and April 2021 (mandatory).

A year is *flagged* for a series when any of its forces has a known gap that year on the basis
counted: its figures are an undercount or a part-year, never a real "none".

>>> t = pd.DataFrame({
...     "force": ["A", "A", "B", "B"], "financial_year": ["2015/16", "2017/18"] * 2, "basis": ["closed"] * 4,
...     "community_resolution": [10, 20, 50, 40], "diversionary_activity": [0, 0, 0, 0],
...     "assigned": [100, 100, 1000, 1000]})
>>> g = growth(t, "2015/16", "2017/18", "closed", _no_gaps())
>>> g[["force", "grew_by_count", "grew_by_share"]].to_string(index=False)
'force  grew_by_count  grew_by_share\\n    A           True           True\\n    B          False          False'
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from . import charts, gaps, metrics  # noqa: E402
from .definitions import (  # noqa: E402
    ARTICLE_END as ARTICLE_END,
    ARTICLE_YEARS as ARTICLE_YEARS,
    TYPE22_MANDATORY as TYPE22_MANDATORY,
    TYPE22_VOLUNTARY as TYPE22_VOLUNTARY,
)

#: The two years the 2019 article's "grew after 2015" claim is read between.
GROWTH_BASELINE = "2015/16"
GROWTH_END = ARTICLE_END
NATIONAL_NAME = "England and Wales"

CR = "community_resolution"
DIVERSION = "diversionary_activity"
SERIES_COLUMNS = [
    "series", "kind", "financial_year", CR, DIVERSION, "assigned", "share", "diversion_share",
    "combined_share", "known_gap", "gap_forces",
]
#: Colours and markers for the forces of a region (the area itself is charts.HIGHLIGHT).
FORCE_COLOURS = ("#2e6f9e", "#5b8c3a", "#7a5195", "#a0522d", "#2a9d8f", "#6c6c6c")
FORCE_MARKERS = ("s", "^", "D", "v", "P", "X")
CONTEXT = "#c9d1d7"


def _no_gaps() -> pd.DataFrame:
    return pd.DataFrame(columns=gaps.GAP_COLUMNS)


# --------------------------------------------------------------------------- figures


def gap_years(known: pd.DataFrame, forces: list[str] | tuple[str, ...], years: list[str], basis: str) -> dict[str, list[str]]:
    """Year -> the forces (of ``forces``) with a known gap that year on this basis.

    >>> g = pd.DataFrame({"force": ["A", "B", "B"], "financial_year": ["2014/15", "2014/15", "2019/20"],
    ...                   "basis": ["both", "recorded", "closed"]})
    >>> gap_years(g, ["A", "B"], ["2014/15", "2019/20"], "closed")
    {'2014/15': ['A'], '2019/20': ['B']}
    """
    touching = gaps.gaps_for(known, forces, years, basis)
    found: dict[str, list[str]] = {}
    for year in years:
        names = sorted(set(touching.loc[touching["financial_year"] == year, "force"]))
        if names:
            found[year] = names
    return found


def yearly(totals: pd.DataFrame, forces: list[str] | tuple[str, ...], years: list[str], basis: str) -> pd.DataFrame:
    """One row per year for a group of forces: type 8 and type 22 counts, assigned, shares.

    Years with no rows are kept with zero counts and no share (``NaN``), never dropped.

    >>> t = pd.DataFrame({"force": ["A", "B", "A"], "financial_year": ["2019/20", "2019/20", "2020/21"],
    ...                   "basis": ["closed"] * 3, "community_resolution": [3, 1, 2],
    ...                   "diversionary_activity": [1, 0, 4], "assigned": [30, 10, 20]})
    >>> y = yearly(t, ["A", "B"], ["2019/20", "2020/21", "2021/22"], "closed")
    >>> y[["financial_year", "community_resolution", "assigned", "share", "combined_share"]].to_string(index=False)
    'financial_year  community_resolution  assigned  share  combined_share\\n       2019/20                     4        40    0.1
    0.125\\n       2020/21                     2        20    0.1           0.300\\n       2021/22                     0         0
    NaN             NaN'
    """
    rows = metrics.select(totals, years, basis, forces)
    summed = rows.groupby("financial_year")[[CR, DIVERSION, "assigned"]].sum().reindex(list(years), fill_value=0)
    summed = summed.astype("int64").rename_axis("financial_year").reset_index()
    denominator = summed["assigned"].where(summed["assigned"] > 0)
    summed["share"] = summed[CR] / denominator
    summed["diversion_share"] = summed[DIVERSION] / denominator
    summed["combined_share"] = (summed[CR] + summed[DIVERSION]) / denominator
    return summed


def series_table(totals: pd.DataFrame, series: list[tuple[str, str, tuple[str, ...]]], years: list[str], basis: str,
                 known: pd.DataFrame) -> pd.DataFrame:
    """Long table, one row per series and year, with the known-gap flag.

    ``series`` lists ``(name, kind, forces)``; ``kind`` is ``force``, ``area`` or ``national``.
    ``gap_forces`` names the forces whose gap flags the year ("; " between names).

    >>> t = pd.DataFrame({"force": ["A", "B"], "financial_year": ["2014/15"] * 2, "basis": ["closed"] * 2,
    ...                   "community_resolution": [1, 2], "diversionary_activity": [0, 0], "assigned": [10, 10]})
    >>> g = pd.DataFrame({"force": ["B"], "financial_year": ["2014/15"], "basis": ["both"]})
    >>> s = series_table(t, [("A", "force", ("A",)), ("All", "national", ("A", "B"))], ["2014/15"], "closed", g)
    >>> s[["series", "community_resolution", "share", "known_gap", "gap_forces"]].to_string(index=False)
    'series  community_resolution  share  known_gap gap_forces\\n     A                     1   0.10      False           \\n
    All                     3   0.15       True          B'
    """
    frames = []
    for name, kind, forces in series:
        frame = yearly(totals, forces, years, basis)
        flagged = gap_years(known, forces, years, basis)
        frame.insert(0, "kind", kind)
        frame.insert(0, "series", name)
        frame["known_gap"] = frame["financial_year"].isin(list(flagged))
        frame["gap_forces"] = frame["financial_year"].map(lambda year, flagged=flagged: "; ".join(flagged.get(year, [])))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)[SERIES_COLUMNS]


def peak(rows: pd.DataFrame, measure: str = CR, lowest: bool = False) -> pd.Series | None:
    """The year with the highest (or lowest) count of one series, leaving out flagged years.

    Ties go to the earlier year. ``None`` when every year is flagged or has no outcomes.

    >>> rows = pd.DataFrame({"financial_year": ["2014/15", "2015/16", "2016/17"], "community_resolution": [90, 50, 70],
    ...                      "assigned": [100, 100, 100], "known_gap": [True, False, False]})
    >>> peak(rows)["financial_year"], peak(rows, lowest=True)["financial_year"]
    ('2016/17', '2015/16')
    """
    usable = rows[~rows["known_gap"].astype(bool) & (rows["assigned"] > 0)]
    if usable.empty:
        return None
    ordered = usable.sort_values([measure, "financial_year"], ascending=[lowest, True], kind="stable")
    return ordered.iloc[0]


# --------------------------------------------------------------------------- growth between two years


def growth(totals: pd.DataFrame, baseline: str, end: str, basis: str, known: pd.DataFrame) -> pd.DataFrame:
    """Per force, did community resolutions grow between ``baseline`` and ``end``?

    *Grew by count*: more type-8 outcomes in ``end`` than in ``baseline``. *Grew by share*: a
    higher share of assigned outcomes. A force with a known gap in either year on this basis is
    not ``comparable``: its two ``grew_*`` columns are ``<NA>`` and it is counted neither way.

    >>> t = pd.DataFrame({"force": ["A", "A", "B", "B"], "financial_year": ["2015/16", "2017/18"] * 2,
    ...                   "basis": ["closed"] * 4, "community_resolution": [10, 12, 5, 9],
    ...                   "diversionary_activity": [0] * 4, "assigned": [100, 200, 50, 60]})
    >>> g = pd.DataFrame({"force": ["B"], "financial_year": ["2017/18"], "basis": ["closed"]})
    >>> r = growth(t, "2015/16", "2017/18", "closed", g).set_index("force")
    >>> # A: 10 -> 12 is a rise in count, but 10/100 = 10% -> 12/200 = 6% is a fall in share
    >>> bool(r.loc["A", "grew_by_count"]), bool(r.loc["A", "grew_by_share"]), r.loc["B", "grew_by_count"] is pd.NA
    (True, False, True)
    """
    rows = metrics.select(totals, [baseline, end], basis)
    wide = rows.pivot_table(index="force", columns="financial_year", values=[CR, "assigned"], aggfunc="sum")
    table = pd.DataFrame({"force": wide.index})
    for label, year in (("baseline", baseline), ("end", end)):
        table[f"{CR}_{label}"] = wide[(CR, year)].to_numpy().astype("int64")
        table[f"assigned_{label}"] = wide[("assigned", year)].to_numpy().astype("int64")
        table[f"share_{label}"] = table[f"{CR}_{label}"] / table[f"assigned_{label}"].where(table[f"assigned_{label}"] > 0)
    table["change"] = table[f"{CR}_end"] - table[f"{CR}_baseline"]
    flagged = gaps.gaps_for(known, list(table["force"]), [baseline, end], basis)
    notes = flagged.groupby("force")["financial_year"].apply(lambda years: " and ".join(sorted(set(years))))
    table["gap_years"] = table["force"].map(notes).fillna("")
    table["comparable"] = (table["gap_years"] == "") & table["share_baseline"].notna() & table["share_end"].notna()
    grew_count = (table["change"] > 0).astype("boolean")
    grew_share = (table["share_end"] > table["share_baseline"]).astype("boolean")
    table["grew_by_count"] = grew_count.where(table["comparable"], pd.NA)
    table["grew_by_share"] = grew_share.where(table["comparable"], pd.NA)
    return table.sort_values("force").reset_index(drop=True)


@dataclass(frozen=True)
class GrowthSummary:
    """How many forces grew, which, and which could not be compared."""

    compared: int
    grew_by_count: list[str]
    grew_by_share: list[str]
    left_out: list[str]


def summarise_growth(table: pd.DataFrame) -> GrowthSummary:
    """Count the forces that grew (by count, by share) among the comparable ones.

    >>> t = pd.DataFrame({"force": ["A", "B", "C"], "comparable": [True, True, False],
    ...                   "grew_by_count": pd.array([True, False, pd.NA], dtype="boolean"),
    ...                   "grew_by_share": pd.array([False, False, pd.NA], dtype="boolean")})
    >>> summarise_growth(t)
    GrowthSummary(compared=2, grew_by_count=['A'], grew_by_share=[], left_out=['C'])
    """
    comparable = table[table["comparable"]]
    return GrowthSummary(
        compared=len(comparable),
        grew_by_count=sorted(comparable.loc[comparable["grew_by_count"].astype(bool), "force"]),
        grew_by_share=sorted(comparable.loc[comparable["grew_by_share"].astype(bool), "force"]),
        left_out=sorted(table.loc[~table["comparable"], "force"]),
    )


def forces_named_in(text: str, forces: list[str]) -> list[str]:
    """The forces whose name appears in a published text (word for word, any case).

    >>> forces_named_in("eight, including Durham", ["Cleveland", "Durham"])
    ['Durham']
    """
    lowered = text.casefold()
    return [force for force in forces if force.casefold() in lowered]


# --------------------------------------------------------------------------- words


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'.

    >>> join_names(["Durham"]), join_names(["Durham", "Kent"]), join_names(["A", "B", "C"])
    ('Durham', 'Durham and Kent', 'A, B and C')
    """
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def movement(before: float, after: float, up: str = "up from", down: str = "down from", same: str = "the same as") -> str:
    """Which way a figure moved, as the words before the earlier figure.

    >>> movement(5567, 1242), movement(10, 12), movement(3, 3), movement(1, 2, "rose", "fell", "stayed")
    ('down from', 'up from', 'the same as', 'rose')
    """
    if after > before:
        return up
    if after < before:
        return down
    return same


def comparison_year(years: list[str]) -> str | None:
    """The year the latest is compared with: the article's last year (2017/18) when it comes
    earlier in the period, else the period's first year; ``None`` for a single year.

    >>> comparison_year(["2016/17", "2017/18", "2018/19"]), comparison_year(["2019/20", "2020/21"])
    ('2017/18', '2019/20')
    >>> comparison_year(["2017/18"]) is None
    True
    """
    if len(years) < 2:
        return None
    return ARTICLE_END if ARTICLE_END in years[:-1] else years[0]


# --------------------------------------------------------------------------- chart


def _spread(positions: list[float], sizes: float | list[float]) -> list[float]:
    """Move label positions apart so labels of these heights (one height for all, or one each)
    do not overlap, keeping their order.

    >>> _spread([1.0, 1.1, 5.0], 0.5)
    [0.8, 1.3, 5.0]
    >>> _spread([1.0, 1.1], [1.0, 0.2])  # centres must be (1.0 + 0.2) / 2 = 0.6 apart
    [0.75, 1.35]
    """
    if not positions:
        return []
    heights = [float(sizes)] * len(positions) if isinstance(sizes, (int, float)) else [float(h) for h in sizes]
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    tall = [heights[i] for i in order]
    for _ in range(200):
        moved = False
        for k in range(1, len(placed)):
            overlap = (tall[k - 1] + tall[k]) / 2 - (placed[k] - placed[k - 1])
            if overlap > 1e-9:
                placed[k - 1] -= overlap / 2
                placed[k] += overlap / 2
                moved = True
        if not moved:
            break
    result = [0.0] * len(positions)
    for rank, index in enumerate(order):
        result[index] = round(placed[rank], 9)
    return result


def _styles(table: pd.DataFrame, highlight: str, label_limit: int) -> dict[str, dict]:
    """Colour, marker, line and label of each series: the area in red, England and Wales dashed
    black, up to ``label_limit`` other forces in distinct colours and markers, more as grey context."""
    names = list(dict.fromkeys(table["series"]))
    kinds = dict(zip(table["series"], table["kind"], strict=True))
    others = [name for name in names if name != highlight and kinds[name] != "national"]
    labelled = len(others) <= label_limit
    styles: dict[str, dict] = {}
    for name in names:
        if name == highlight:
            styles[name] = dict(color=charts.HIGHLIGHT, marker="o", linestyle="-", linewidth=2.6, size=6, label=True, z=5)
        elif kinds[name] == "national":
            styles[name] = dict(color=charts.NATIONAL, marker="o", linestyle="--", linewidth=1.6, size=4.5, label=True, z=4)
        elif labelled:
            i = others.index(name) % len(FORCE_COLOURS)
            styles[name] = dict(color=FORCE_COLOURS[i], marker=FORCE_MARKERS[i], linestyle="-", linewidth=1.4, size=5,
                                label=True, z=3)
        else:
            styles[name] = dict(color=CONTEXT, marker=None, linestyle="-", linewidth=0.8, size=0, label=False, z=1)
    return styles


def _draw_panel(ax, table: pd.DataFrame, years: list[str], value: str, styles: dict[str, dict],
                labels: dict[str, str], first_year: str | None = None, floor: float = 0.01) -> None:
    """Draw one panel's lines, markers (hollow in flagged years) and end labels; y from zero."""
    x_of = {year: i for i, year in enumerate(years)}
    ends: list[tuple[str, float, int]] = []  # (series, last value, last x) of each labelled line
    for name, rows in table.groupby("series", sort=False):
        style = styles[name]
        rows = rows[rows["financial_year"].isin(years)]
        if first_year is not None:
            rows = rows[rows["financial_year"] >= first_year]
        rows = rows[rows[value].notna()]
        if rows.empty:
            continue
        xs = rows["financial_year"].map(x_of).to_numpy()
        ys = rows[value].to_numpy(dtype=float)
        ax.plot(xs, ys, color=style["color"], linestyle=style["linestyle"], linewidth=style["linewidth"], zorder=style["z"])
        if style["marker"]:
            gap = rows["known_gap"].to_numpy(dtype=bool)
            ax.scatter(xs[~gap], ys[~gap], marker=style["marker"], s=style["size"] ** 2, color=style["color"],
                       zorder=style["z"] + 0.5, linewidths=0)
            ax.scatter(xs[gap], ys[gap], marker=style["marker"], s=(style["size"] + 1.5) ** 2, facecolors="white",
                       edgecolors=style["color"], linewidths=1.6, zorder=style["z"] + 0.6)
        if style["label"]:
            ends.append((name, float(ys[-1]), int(xs[-1])))
    shown = table[table["financial_year"].isin(years) & (table["financial_year"] >= (first_year or ""))]
    top = float(shown[value].max(skipna=True) or 0)
    ax.set_ylim(0, max(top, floor) * 1.12)
    if not ends:
        return
    low, high = ax.get_ylim()
    fig = ax.get_figure()
    # Label heights in data units: 9-point text, 1.25 line spacing, per line of the label.
    points_per_unit = ax.get_position().height * fig.get_figheight() * 72 / (high - low)
    line = 9 * 1.4 / points_per_unit
    heights = [line * (labels.get(name, name).count("\n") + 1) for name, _, _ in ends]
    if sum(heights) > (high - low) * 1.15:
        # Not enough room (a short panel, many lines): name only the area and England and Wales;
        # the other lines keep the colours and markers named in the panel above.
        keep = [i for i, (name, _, _) in enumerate(ends) if styles[name]["z"] >= 4]
        ends = [ends[i] for i in keep]
        heights = [heights[i] for i in keep]
    spread = _spread([y for _, y, _ in ends], heights)
    for (name, y, x), placed in zip(ends, spread, strict=True):
        style = styles[name]
        ax.annotate(labels.get(name, name), xy=(x, y), xytext=(len(years) - 1 + 0.35, placed), textcoords="data",
                    va="center", ha="left", fontsize=9, color=style["color"],
                    fontweight="bold" if style["z"] >= 4 else "normal", annotation_clip=False,
                    arrowprops=dict(arrowstyle="-", color=style["color"], linewidth=0.5, alpha=0.6,
                                    shrinkA=0, shrinkB=4) if abs(placed - y) > line * 0.3 else None)


def _shade_years(ax, years: list[str], asked: list[str] | None) -> None:
    """Shade the years asked for ("Years on this page"), or the 2019 article's when none are given;
    bracket the article's years along the bottom when they are not the ones shaded."""
    n = len(years)
    if n <= 1:
        return
    xs = {year: x for x, year in enumerate(years)}
    article = [xs[year] for year in ARTICLE_YEARS if year in xs]
    if asked is not None and set(years) <= set(asked):
        asked = None  # every year is on the page: shade the article's years, as before
    if asked is None:
        shaded, label = article, "Years of the\n2019 article"
    else:
        shaded = [xs[year] for year in asked if year in xs]
        label = "Years on this page" + ("\n(the 2019 article's)" if sorted(asked) == sorted(ARTICLE_YEARS) else "")
    if shaded and len(shaded) < n:
        ax.axvspan(min(shaded) - 0.5, max(shaded) + 0.5, color="#f1ede4", zorder=0, linewidth=0)
        ax.text(min(shaded) - 0.4, 0.99, label, transform=ax.get_xaxis_transform(),
                va="top", ha="left", fontsize=8.5, color="#6b5b3e", fontweight="bold")
    if asked is not None and article and sorted(article) != sorted(shaded):
        trans = ax.get_xaxis_transform()
        left, right = min(article) - 0.45, max(article) + 0.45
        ax.plot([left, left, right, right], [0.045, 0.025, 0.025, 0.045], transform=trans, color="#8a7a5a",
                linewidth=1, clip_on=False, zorder=2)
        ax.text((left + right) / 2, 0.05, "Years of the 2019 article", transform=trans, ha="center", va="bottom",
                fontsize=8, color="#6b5b3e", bbox=dict(facecolor="white", edgecolor="none", alpha=0.7, pad=1))


def line_chart(table: pd.DataFrame, *, highlight: str, title: str, source: str, synthetic: bool = False,
               labels: dict[str, str] | None = None, label_limit: int = 6, asked: list[str] | None = None) -> plt.Figure:
    """Share of outcomes by year: community resolutions (top) and, from 2019/20, diversionary
    activity (outcome 22, bottom panel, its own scale).

    ``table`` is :func:`series_table`'s output. ``highlight`` (the area) is drawn in red, England
    and Wales dashed black; up to ``label_limit`` other forces get their own colour and marker,
    more are drawn as grey context. Every labelled line is named at its end (no legend), hollow
    markers are years with a known gap. ``asked`` (the years the page was asked for) are shaded and
    labelled "Years on this page"; the 2019 article's years, when they differ, are bracketed
    along the bottom. Without ``asked``, the article's years are shaded as before.
    """
    labels = labels or {}
    years = list(dict.fromkeys(table["financial_year"]))
    styles = _styles(table, highlight, label_limit)
    with_22 = any(year >= TYPE22_VOLUNTARY for year in years)
    n = len(years)
    with plt.style.context(charts.STYLE):
        if with_22:
            fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 7.4), sharex=True, gridspec_kw={"height_ratios": [2.3, 1]})
            axes: tuple = (top, bottom)
        else:
            fig, top = plt.subplots(figsize=(7, 5.2))
            bottom = None
            axes = (top,)
        fig.subplots_adjust(left=0.14, right=0.76, top=0.93 if len(title) <= 58 else 0.9,
                            bottom=0.17 if with_22 else 0.22, hspace=0.12)
        for ax in axes:
            ax.grid(axis="x", visible=False)
            ax.grid(axis="y", visible=True)
            ax.set_xlim(-0.4 if n > 1 else -1, n - 1 + (0.3 if n > 1 else 1))
            ax.tick_params(axis="x", length=0)
        _shade_years(top, years, asked)
        _draw_panel(top, table, years, "share", styles, labels)
        top.set_title(textwrap.fill(title, 58), pad=10)
        top.set_ylabel("Community resolutions (type 8)\nshare of all outcomes")
        if bottom is not None:
            start = TYPE22_VOLUNTARY
            _draw_panel(bottom, table, years, "diversion_share", styles, labels, first_year=start, floor=0.002)
            bottom.set_ylabel("Diversionary activity\n(type 22), share")
            for year, text in ((TYPE22_VOLUNTARY, "Type 22\nvoluntary"), (TYPE22_MANDATORY, "Type 22\nmandatory")):
                if year in years:
                    x = years.index(year)
                    for ax in axes:
                        ax.axvline(x - 0.5, color="#777777", linestyle=":", linewidth=1, zorder=1)
                    bottom.text(x - 0.45, 0.98, text, transform=bottom.get_xaxis_transform(), va="top", ha="left",
                                fontsize=8, color="#555555", zorder=2,
                                bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1))
            before = [year for year in years if year < start]
            if before:
                bottom.text((len(before) - 1) / 2, 0.5, f"Not recorded before {start}", transform=bottom.get_xaxis_transform(),
                            ha="center", va="center", fontsize=8.5, color="#777777", style="italic")
        for ax in axes:
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0 if ax.get_ylim()[1] >= 0.05 else 1))
        last = axes[-1]
        last.set_xticks(range(n), years)
        if n > 6:
            plt.setp(last.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")
        note = ("Hollow markers: a year with a known gap in the data for that line or one of its forces "
                "(an undercount or part-year; see the notes). ")
        charts._footer(fig, note + source, synthetic)
    return fig
