"""Funnel plot: is a force's share really out of line, or is the force just small?

Each force's community-resolution share is set against how many outcomes it assigned. Around
the England and Wales share ``p`` are the limits chance alone would give a force assigning
``n`` outcomes, from the normal approximation to the binomial:

    p ± z · sqrt(p · (1 - p) / n),   z = 1.96 (95% limits) and z = 3.09 (99.8% limits)

so small forces get wide limits and big forces narrow ones. Limits are clipped to 0-100%.

Hand-worked: p = 0.1, n = 100 → sqrt(0.1 × 0.9 / 100) = 0.03; 95% limits 0.1 ± 1.96 × 0.03:

>>> lower, upper = limits(0.1, 100, Z95)
>>> round(float(lower), 4), round(float(upper), 4)
(0.0412, 0.1588)
>>> position(0.2, 100, 0.1)
'above_998'
>>> position(0.15, 100, 0.1)
'within'

The limits treat every outcome as an independent coin toss. Forces differ in the crimes they
deal with, so real forces spread more widely than that; with hundreds of thousands of outcomes
the limits are narrow and most forces fall outside them. Outside the limits means "not chance",
not "wrong".
"""

from __future__ import annotations

import math
from collections.abc import Sequence, Set
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, PercentFormatter

from . import charts, words

Z95 = 1.96  # two-sided 95%: 2.5% of chance results above the upper limit, 2.5% below the lower
Z998 = 3.09  # two-sided 99.8%: 0.1% above, 0.1% below

POSITIONS = ("above_998", "above_95", "within", "below_95", "below_998")

#: Plain-English phrases for a force's position, to follow "<Force>'s share, 7.5%, is ...".
PHRASES = {
    "above_998": "far above what chance alone would give a force of its size",
    "above_95": "higher than chance would usually give a force of its size, but not by enough to rule chance out",
    "within": "within the range chance alone would give a force of its size: not out of line with England and Wales",
    "below_95": "lower than chance would usually give a force of its size, but not by enough to rule chance out",
    "below_998": "far below what chance alone would give a force of its size",
}

#: Short forms, for alt text and tables.
SHORT = {
    "above_998": "far above the limits for its size",
    "above_95": "above the 95% limits but within the 99.8% limits",
    "within": "within the limits for its size",
    "below_95": "below the 95% limits but within the 99.8% limits",
    "below_998": "far below the limits for its size",
}

#: Shortest forms, for a table cell under the chart (its legend names the 95% and 99.8% limits).
CELL = {
    "above_998": "above 99.8%",
    "above_95": "above 95%",
    "within": "within",
    "below_95": "below 95%",
    "below_998": "below 99.8%",
}

MARKERS = {"above": "^", "within": "o", "below": "v"}


def limits(p: float, n: float | np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper control limits ``p ± z·sqrt(p(1-p)/n)``, clipped to [0, 1].

    ``n`` may be a number or an array; where ``n`` is not positive the limits are NaN.

    >>> lower, upper = limits(0.5, 400, Z95)   # sqrt(0.25 / 400) = 0.025; 1.96 × 0.025 = 0.049
    >>> round(float(lower), 3), round(float(upper), 3)
    (0.451, 0.549)
    >>> lower, upper = limits(0.02, 10, Z998)  # 0.02 - 3.09 × 0.0443 < 0: clipped to 0
    >>> float(lower), round(float(upper), 4)
    (0.0, 0.1568)
    >>> [float(v) for v in limits(0.1, 0, Z95)]
    [nan, nan]
    """
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = z * np.sqrt(p * (1 - p) / np.where(n > 0, n, np.nan))
    return np.clip(p - spread, 0.0, 1.0), np.clip(p + spread, 0.0, 1.0)


def control_limits(p: float, n: float) -> dict[str, float]:
    """The four limits for one force size, as plain floats.

    >>> {k: round(v, 4) for k, v in control_limits(0.1, 100).items()}  # 3.09 × 0.03 = 0.0927
    {'lower_95': 0.0412, 'upper_95': 0.1588, 'lower_998': 0.0073, 'upper_998': 0.1927}
    """
    lower_95, upper_95 = limits(p, n, Z95)
    lower_998, upper_998 = limits(p, n, Z998)
    return {"lower_95": float(lower_95), "upper_95": float(upper_95),
            "lower_998": float(lower_998), "upper_998": float(upper_998)}


def position(share: float, n: float, p: float) -> str:
    """Where a share sits against the limits for its size: one of :data:`POSITIONS`.

    A share exactly on a limit counts as inside it.

    >>> [position(s, 100, 0.1) for s in (0.20, 0.17, 0.10, 0.03, 0.0)]
    ['above_998', 'above_95', 'within', 'below_95', 'below_998']
    """
    lim = control_limits(p, n)
    if share > lim["upper_998"]:
        return "above_998"
    if share > lim["upper_95"]:
        return "above_95"
    if share < lim["lower_998"]:
        return "below_998"
    if share < lim["lower_95"]:
        return "below_95"
    return "within"


def funnel_table(shares: pd.DataFrame, p: float, *, label: str = "force", count: str = "community_resolution",
                 size: str = "assigned") -> pd.DataFrame:
    """Per force: count, size, share, the four limits at its size, position and distance in standard errors.

    Rows with no share (no outcomes) are dropped.

    >>> t = funnel_table(pd.DataFrame({"force": ["A", "B"], "community_resolution": [20, 10],
    ...                                "assigned": [100, 100], "share": [0.2, 0.1]}), 0.1)
    >>> t["position"].tolist(), t["z"].tolist()  # A: (0.2 - 0.1) / 0.03 = 3.3 standard errors
    (['above_998', 'within'], [3.3, 0.0])
    """
    table = shares.dropna(subset=["share"])[[label, count, size, "share"]].copy()
    table[size] = table[size].astype("int64")
    for name, z in (("95", Z95), ("998", Z998)):
        lower, upper = limits(p, table[size].to_numpy(), z)
        table[f"lower_{name}"] = lower
        table[f"upper_{name}"] = upper
    table["position"] = [position(s, n, p) for s, n in zip(table["share"], table[size], strict=True)]
    table["z"] = ((table["share"] - p) / np.sqrt(p * (1 - p) / table[size])).round(1)
    return table.reset_index(drop=True)


def _pct(value: float, others: list[float]) -> str:
    """A percentage with one decimal place, or two if one place would make it look equal to another.

    >>> _pct(0.0301, [0.0298]), _pct(0.05, [0.03])
    ('3.01%', '5.0%')
    """
    text = words.percent(value)
    if any(words.percent(other) == text for other in others if not math.isclose(other, value)):
        return words.percent(value, 2)
    return text


def sentence(name: str, share: float, n: int, p: float, where: str, brief: bool = False) -> str:
    """One plain-English sentence: where a force sits and what chance would give a force of its size.

    ``brief=True`` gives a shorter form for the second and later forces of a region:

    >>> sentence("Cleveland Police", 0.05, 100, 0.1, "below_95", brief=True)
    "Cleveland Police's share, 5.0%, is lower than chance would usually give a force of its size, but not by \
enough to rule chance out (chance: between 4.1% and 15.9% for its 100 outcomes, in 95 cases out of 100)."

    >>> sentence("Durham Constabulary", 0.2, 100, 0.1, "above_998")  # 99.8% limits: 0.1 ± 0.0927
    "Durham Constabulary's share, 20.0%, is far above what chance alone would give a force of its size: \
for a force assigning 100 outcomes, the England and Wales share of 10.0% would by chance give between \
0.7% and 19.3% in 998 cases out of 1,000."
    >>> sentence("Gwent Police", 0.15, 100, 0.1, "within")  # 95% limits: 0.1 ± 0.0588
    "Gwent Police's share, 15.0%, is within the range chance alone would give a force of its size: \
not out of line with England and Wales (for a force assigning 100 outcomes, chance would give \
between 4.1% and 15.9% in 95 cases out of 100)."
    """
    lim = control_limits(p, n)
    show = _pct(share, list(lim.values()))
    if brief:
        wide = where.endswith("_998")
        lo, hi = (lim["lower_998"], lim["upper_998"]) if wide else (lim["lower_95"], lim["upper_95"])
        odds = "998 cases out of 1,000" if wide else "95 cases out of 100"
        return (f"{name}'s share, {show}, is {PHRASES[where]} (chance: between {_pct(lo, [share])} and "
                f"{_pct(hi, [share])} for its {words.number(n)} outcomes, in {odds}).")
    if where == "within":
        low, high = _pct(lim["lower_95"], [share]), _pct(lim["upper_95"], [share])
        return (f"{name}'s share, {show}, is {PHRASES[where]} (for a force assigning {words.number(n)} outcomes, "
                f"chance would give between {low} and {high} in 95 cases out of 100).")
    if where.endswith("_998"):
        lo, hi, odds = lim["lower_998"], lim["upper_998"], "998 cases out of 1,000"
    else:
        lo, hi, odds = lim["lower_95"], lim["upper_95"], "95 cases out of 100"
    return (f"{name}'s share, {show}, is {PHRASES[where]}: for a force assigning {words.number(n)} outcomes, the "
            f"England and Wales share of {_pct(p, [share])} would by chance give between {_pct(lo, [share])} and "
            f"{_pct(hi, [share])} in {odds}.")


def _side(where: str) -> str:
    return "above" if where == "above_998" else "below" if where == "below_998" else "within"


def funnel_chart(
    table: pd.DataFrame,
    *,
    national: float,
    highlight: set[str],
    title: str,
    source: str,
    xlabel: str = "Outcomes assigned (log scale)",
    flagged: Set[str] = frozenset(),
    synthetic: bool = False,
    max_labels: int = 12,
    label: str = "force",
    size: str = "assigned",
) -> plt.Figure:
    """Funnel plot of :func:`funnel_table` output: share against size (log scale), with the limits.

    Highlighted forces are red, bold and always named; forces outside the 99.8% limits are named
    too (only the ``max_labels`` furthest out for their size, in standard errors, when there are more).
    Marker shape says in or out of the 99.8% limits (▲ above, ● within, ▼ below), so colour is never
    the only cue. Rows whose label is in ``flagged`` get a dagger (†), explained in the footnote.
    """
    data = table.dropna(subset=["share"])
    outside = data[data["position"].isin(["above_998", "below_998"])]
    named_outside = outside.reindex(outside["z"].abs().sort_values(ascending=False).index)
    named_outside = named_outside[~named_outside[label].isin(highlight)].head(max_labels)
    with plt.style.context(charts.STYLE):
        fig, ax = plt.subplots(figsize=(9, 6.4))
        ax.set_xscale("log")
        low_n, high_n = data[size].min() / 1.6, data[size].max() * 1.6
        grid = np.geomspace(low_n, high_n, 300)
        lower_95, upper_95 = limits(national, grid, Z95)
        lower_998, upper_998 = limits(national, grid, Z998)
        ax.fill_between(grid, lower_998, upper_998, color="#eef1f3", linewidth=0, zorder=0)
        ax.fill_between(grid, lower_95, upper_95, color="#dde3e8", linewidth=0, zorder=0)
        for line, style in ((lower_95, "--"), (upper_95, "--"), (lower_998, ":"), (upper_998, ":")):
            ax.plot(grid, line, color="#666666", linewidth=0.8, linestyle=style, zorder=1)
        ax.axhline(national, color=charts.NATIONAL, linewidth=1.2, zorder=2)
        for side in ("above", "within", "below"):
            rows = data[data["position"].map(_side) == side]
            for is_area in (False, True):
                part = rows[rows[label].isin(highlight) == is_area]
                if part.empty:
                    continue
                ax.scatter(part[size], part["share"], marker=MARKERS[side], s=70 if is_area else 38,
                           color=charts.HIGHLIGHT if is_area else "#8795a1", edgecolor="white",
                           linewidth=0.6, zorder=4 if is_area else 3)
        ax.set_xlim(low_n, high_n)
        top = max(float(data["share"].max()), float(upper_95.max()) if len(grid) else 0.0)
        ax.set_ylim(0, min(1.0, top * 1.12 + 0.002))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0 if top > 0.05 else 1))
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.grid(True, axis="both")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("Community resolutions as a share of outcomes")
        ax.set_title(title, pad=14)
        handles = [
            Line2D([], [], color=charts.NATIONAL, linewidth=1.2, label=f"England and Wales, {words.percent(national)}"),
            Line2D([], [], color="#666666", linewidth=0.8, linestyle="--", label="95% limits"),
            Line2D([], [], color="#666666", linewidth=0.8, linestyle=":", label="99.8% limits"),
            Line2D([], [], marker="^", linestyle="", color="#555555", label="above the 99.8% limits"),
            Line2D([], [], marker="o", linestyle="", color="#555555", label="within them"),
            Line2D([], [], marker="v", linestyle="", color="#555555", label="below them"),
        ]
        legend = ax.legend(handles=handles, loc="upper right", fontsize=8.5, ncol=2, framealpha=0.9,
                           frameon=True, edgecolor="#dddddd")
        footnote = (f"Limits: how far a force's share could stray from the England and Wales share by chance alone, "
                    f"given its number of outcomes. {len(outside)} of {len(data)} forces are outside the 99.8% limits")
        named_count = len(named_outside) + int(outside[label].isin(highlight).sum())
        footnote += "; those furthest out for their size are named." if len(outside) > named_count else ", all named."
        if flagged & set(data[label]):
            footnote += " † Known gap in the data for these years (see the data notes)."
        footnote += " " + source
        charts._footer(fig, footnote, synthetic)
        fig.tight_layout(rect=(0, 0.09 if len(footnote) < 240 else 0.12, 1, 1))
        to_name = [(row, True) for row in data[data[label].isin(highlight)].itertuples(index=False)]
        to_name += [(row, False) for row in named_outside.itertuples(index=False)]
        def marked(name: str) -> str:
            return f"{name}{' †' if name in flagged else ''}"

        _place_labels(ax, [(getattr(row, size), row.share, marked(getattr(row, label)), is_area) for row, is_area in to_name],
                      points=data[[size, "share"]].to_numpy(dtype=float), avoid=[legend])
    return fig


def _place_labels(ax: plt.Axes, items: list[tuple[float, float, str, bool]], points: np.ndarray,
                  avoid: Sequence = ()) -> None:
    """Name points without overlaps: try positions round each point, nearest first, with a leader line
    when the label has to move away. Highlighted items are placed first and styled bold red."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # the Agg canvas, drawn just above
    frame = ax.get_window_extent(renderer)
    taken = [_box(x - 5, y - 5, x + 5, y + 5) for x, y in ax.transData.transform(points)]
    taken += [item.get_window_extent(renderer) for item in avoid]
    near = [(7, 0, "left", "center"), (-7, 0, "right", "center"), (0, 8, "center", "bottom"),
            (0, -8, "center", "top"), (7, 7, "left", "bottom"), (-7, 7, "right", "bottom"),
            (7, -7, "left", "top"), (-7, -7, "right", "top")]
    far = [(dx * k, dy * k, ha, va) for k in (2.2, 3.4, 4.6) for dx, dy, ha, va in
           [(10, 10, "left", "bottom"), (-10, 10, "right", "bottom"), (10, -10, "left", "top"),
            (-10, -10, "right", "top"), (0, 12, "center", "bottom"), (0, -12, "center", "top")]]
    for x, y, text, strong in sorted(items, key=lambda item: not item[3]):
        style: dict[str, Any] = {"fontsize": 8.5 if strong else 7.5, "color": charts.HIGHLIGHT if strong else "#333333",
                 "fontweight": "bold" if strong else "normal", "zorder": 6}
        placed = None
        for dx, dy, ha, va in near + far:
            leader = abs(dx) > 8 or abs(dy) > 9
            note = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                               arrowprops={"arrowstyle": "-", "color": "#666666", "linewidth": 0.7,
                                           "shrinkA": 0, "shrinkB": 3} if leader else None, **style)
            box = note.get_window_extent(renderer)
            padded = _box(box.x0 - 2, box.y0 - 1, box.x1 + 2, box.y1 + 1)
            inside = frame.x0 <= padded.x0 and padded.x1 <= frame.x1 and frame.y0 <= padded.y0 and padded.y1 <= frame.y1
            if inside and not any(padded.overlaps(other) for other in taken):
                placed = padded
                break
            note.remove()
        if placed is None:  # nowhere free: put it to the right and accept the overlap
            note = ax.annotate(text, (x, y), xytext=(7, 0), textcoords="offset points", ha="left", va="center", **style)
            box = note.get_window_extent(renderer)
            placed = _box(box.x0, box.y0, box.x1, box.y1)
        taken.append(placed)


def _box(x0: float, y0: float, x1: float, y1: float):
    from matplotlib.transforms import Bbox

    return Bbox([[x0, y0], [x1, y1]])


def overdispersion(table: pd.DataFrame, p: float, *, size: str = "assigned", trim: float = 0.1) -> float:
    """How much more widely real forces spread than chance alone would make them (phi >= 1).

    Spiegelhalter's multiplicative method (Statistics in Medicine, 2005): each force's distance
    from ``p`` in standard errors, z = (share - p) / sqrt(p(1-p)/n), is winsorised at the
    ``trim`` and ``1 - trim`` quantiles so that outliers do not inflate it, and phi is the mean
    of z². Limits widened by sqrt(phi) show what is unusual *among forces*, not only against chance.

    >>> t = pd.DataFrame({"share": [0.13, 0.07, 0.13, 0.07], "assigned": [100] * 4})
    >>> round(overdispersion(t, 0.1), 3)  # z = ±0.03 / 0.03 = ±1 for all four -> mean z² = 1
    1.0
    >>> t = pd.DataFrame({"share": [0.16, 0.04, 0.16, 0.04], "assigned": [100] * 4})
    >>> round(overdispersion(t, 0.1), 3)  # z = ±2 -> phi = 4
    4.0
    """
    z = (table["share"] - p) / np.sqrt(p * (1 - p) / table[size])
    low, high = z.quantile(trim), z.quantile(1 - trim)
    return max(1.0, float((z.clip(low, high) ** 2).mean()))


def adjusted_positions(table: pd.DataFrame, p: float, phi: float, *, size: str = "assigned") -> pd.Series:
    """Each force's position against 99.8% limits widened by sqrt(phi): above, within or below.

    >>> t = pd.DataFrame({"share": [0.3, 0.12], "assigned": [100, 100]})
    >>> adjusted_positions(t, 0.1, 4.0).tolist()  # limits 0.1 ± 3.09 × 2 × 0.03 = 0.1 ± 0.1854
    ['above', 'within']
    """
    spread = Z998 * math.sqrt(phi) * np.sqrt(p * (1 - p) / table[size])
    return pd.Series(np.where(table["share"] > p + spread, "above", np.where(table["share"] < p - spread, "below", "within")),
                     index=table.index)
