"""One chart style, ranked bars with the area highlighted, and images embedded with alt text.

Every chart carries a source line; a chart drawn from invented data carries a watermark.
Charts go into a page as an ``<img>`` with a ``data:`` URI and alt text, so the exported HTML
opens offline and a screen reader can describe it.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Set
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
# Text on a chart is drawn as written: a "$" (in a force's name, a file name, a source line) never
# starts matplotlib's mathematics, which would break the chart ("$x$ ... $") or change the text.
# No chart of the package uses mathematics. house.mplstyle says the same for its own charts.
matplotlib.rcParams["text.parse_math"] = False
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from .templating import render_block  # noqa: E402

STYLE = Path(__file__).with_name("house.mplstyle")
HIGHLIGHT = "#c0392b"
OTHER = "#b8c4cc"
NATIONAL = "#222222"
SYNTHETIC_MARK = "SYNTHETIC DATA - NOT A FINDING"


def percent_decimals(largest: float) -> int:
    """Decimals a percentage axis needs so that no two ticks read the same: none from 5% up,
    one below (ticks every 0.25% or 0.5% would otherwise all read "0%", "1%", "1%", "2%").

    >>> percent_decimals(0.37), percent_decimals(0.021), percent_decimals(0.004)
    (0, 1, 2)
    """
    if not largest or largest != largest or largest >= 0.05:
        return 0
    return 1 if largest >= 0.005 else 2


def ranked_bars(
    shares: pd.DataFrame,
    *,
    label: str,
    value: str,
    highlight: set[str],
    national: float | None,
    title: str,
    source: str,
    flagged: Set[str] = frozenset(),
    synthetic: bool = False,
) -> plt.Figure:
    """Horizontal bars, highest at the top; highlighted rows in red, a national line, a source line.

    Rows whose label is in ``flagged`` get a dagger (†), explained in the footnote.
    """
    data = shares.dropna(subset=[value]).sort_values(value, ascending=True)
    with plt.style.context(STYLE):
        height = max(3.0, 0.22 * len(data) + 1.6)
        fig, ax = plt.subplots(figsize=(8, height))
        colours = [HIGHLIGHT if name in highlight else OTHER for name in data[label]]
        ax.barh(range(len(data)), data[value], color=colours, height=0.72)
        names = [f"{name} †" if name in flagged else name for name in data[label]]
        ax.set_yticks(range(len(data)), names)
        for tick, name in zip(ax.get_yticklabels(), data[label], strict=False):
            if name in highlight:
                tick.set_fontweight("bold")
                tick.set_color(HIGHLIGHT)
        ax.set_ylim(-0.6, len(data) - 0.4)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=percent_decimals(float(data[value].max()))))
        ax.tick_params(axis="y", length=0)
        if national is not None:
            ax.axvline(national, color=NATIONAL, linewidth=1.2, linestyle="--")
            ax.text(national, len(data) - 0.3, f" England and Wales {national:.1%}", va="bottom",
                    ha="left", fontsize=8.5, color=NATIONAL)
        ax.set_title(title, pad=18)
        footnote = source
        if flagged:
            footnote = "† Known gap in the data for these years (see the data notes). " + footnote
        _footer(fig, footnote, synthetic)
        fig.tight_layout(rect=(0, 0.05 if len(footnote) < 140 else 0.08, 1, 1))
    return fig


def count_bars(
    data: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    source: str,
    highlight: Set[str] = frozenset(),
    synthetic: bool = False,
    value_format: str = "{:,.0f}",
) -> plt.Figure:
    """Horizontal bars of counts, largest at the top, each labelled with its exact value."""
    data = data.sort_values(value, ascending=True)
    with plt.style.context(STYLE):
        fig, ax = plt.subplots(figsize=(8, max(2.4, 0.32 * len(data) + 1.4)))
        colours = [HIGHLIGHT if name in highlight else "#5d6d7e" for name in data[label]]
        ax.barh(range(len(data)), data[value], color=colours, height=0.7)
        ax.set_yticks(range(len(data)), list(data[label]))
        top = float(data[value].max()) if len(data) else 0.0
        for position, count in enumerate(data[value]):
            ax.text(count + top * 0.01, position, " " + value_format.format(count), va="center", fontsize=9)
        ax.set_xlim(0, top * 1.15 if top > 0 else 1)
        ax.tick_params(axis="y", length=0)
        ax.set_title(title, pad=12)
        _footer(fig, source, synthetic)
        fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def _footer(fig: plt.Figure, text: str, synthetic: bool) -> None:
    import textwrap

    fig.text(0.01, 0.005, "\n".join(textwrap.wrap(text, 120)), fontsize=8, color="#555555", va="bottom", ha="left")
    if synthetic:
        fig.text(0.5, 0.5, SYNTHETIC_MARK, fontsize=28, color="#c0392b", alpha=0.25, rotation=30,
                 ha="center", va="center", weight="bold")


def to_png(fig: plt.Figure) -> bytes:
    """The figure as PNG bytes; the figure is closed afterwards."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def img_tag(png: bytes, alt: str) -> str:
    """An ``<img>`` with the PNG inline (``data:`` URI) and alt text.

    >>> img_tag(b"abc", 'Bars "ranked"')
    '<img src="data:image/png;base64,YWJj" alt="Bars &#34;ranked&#34;" style="max-width:100%">'
    """
    return img_src_tag("data:image/png;base64," + base64.b64encode(png).decode("ascii"), alt)


def img_src_tag(src: str, alt: str) -> str:
    """An ``<img>`` from a ``data:`` URI and alt text, both escaped (as :func:`img_tag` writes it).

    >>> img_src_tag("data:image/png;base64,YWJj", "<b>") == img_tag(b"abc", "<b>")
    True
    """
    return render_block("finding/image.html.j2", src=src, alt=alt)


def show(fig: plt.Figure, alt: str) -> None:
    """Display a figure in the notebook as an embedded image with alt text."""
    from IPython.display import HTML, display

    display(HTML(img_tag(to_png(fig), alt)))
