"""The latest year the data hold against the years of the 2019 article: figures and sentences.

The over-time page (notebook 5) always follows every year the data hold; whatever years were
asked for, it also says where each line stands in the latest year against 2014/15-2017/18, the
years the 2019 investigation covered (Durham: the highest share of 44 forces then, the eighth
lowest in 2025/26). Everything here works on :func:`trends.series_table` output (so known gaps
are the ones the chart marks) and on :func:`metrics.force_shares` ranks; nothing reads a file.

>>> t = pd.DataFrame({"series": ["A"] * 3, "kind": ["force"] * 3, "financial_year": ["2016/17", "2017/18", "2025/26"],
...                   "community_resolution": [10, 30, 5], "assigned": [100, 100, 100],
...                   "known_gap": [False] * 3, "gap_forces": [""] * 3})
>>> r = then_and_now(t, "A", article_years=("2016/17", "2017/18"))
>>> r.share_then, r.share_now, r.latest_year
(0.2, 0.05, '2025/26')
>>> sentence(r, "A Police")
'In 2025/26, the latest year the data hold, A Police closed 5.0% of its outcomes with a community resolution,
down from 20.0% over 2016/17 to 2017/18, the years of the 2019 article.'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import words
from .trends import ARTICLE_YEARS, CR


@dataclass(frozen=True)
class ThenAndNow:
    """One line's share over the article's years (pooled) and in the latest year the data hold.

    ``rank_*``/``ranked_*`` are set for a force only (rank 1 = highest share, among the forces with
    outcomes that year or period). ``gaps_then`` maps each article year with a known gap to the
    forces it touches; ``gap_now`` names those of the latest year ("" for none)."""

    name: str
    kind: str
    article_years: tuple[str, ...]
    latest_year: str
    community_resolutions_then: int
    assigned_then: int
    share_then: float | None
    community_resolutions_now: int
    assigned_now: int
    share_now: float | None
    rank_then: int | None = None
    ranked_then: int | None = None
    rank_now: int | None = None
    ranked_now: int | None = None
    gaps_then: tuple[tuple[str, str], ...] = ()
    gap_now: str = ""
    latest_flagged: bool = False

    @property
    def change_points(self) -> float | None:
        """The change in share, in percentage points (latest minus the article's years)."""
        if self.share_then is None or self.share_now is None:
            return None
        return (self.share_now - self.share_then) * 100


def _rank(ranks: pd.DataFrame | None, name: str) -> tuple[int | None, int | None]:
    if ranks is None:
        return None, None
    ranked = int(ranks["share"].notna().sum())
    row = ranks[ranks["force"] == name]
    if row.empty or pd.isna(row["rank"].iloc[0]):
        return None, ranked
    return int(row["rank"].iloc[0]), ranked


def then_and_now(table: pd.DataFrame, name: str, *, ranks_then: pd.DataFrame | None = None,
                 ranks_now: pd.DataFrame | None = None, article_years: tuple[str, ...] = ARTICLE_YEARS,
                 latest: str | None = None) -> ThenAndNow:
    """The figures of series ``name`` of ``table`` (:func:`trends.series_table`, every year held).

    ``latest`` defaults to the last year of the table. Pass ``ranks_then``/``ranks_now``
    (:func:`metrics.force_shares` over the article's years and over the latest year) for a force.
    """
    rows = table[table["series"] == name]
    if rows.empty:
        raise ValueError(f"no series {name!r} in the table; it holds {sorted(set(table['series']))}")
    years = list(rows["financial_year"])
    latest = latest or max(years)
    missing = [y for y in list(article_years) + [latest] if y not in years]
    if missing:
        raise ValueError(f"series {name!r} has no row for {', '.join(missing)}: build the table over every year held")
    then = rows[rows["financial_year"].isin(article_years)]
    now = rows[rows["financial_year"] == latest].iloc[0]
    cr_then, assigned_then = int(then[CR].sum()), int(then["assigned"].sum())
    rank_then, ranked_then = _rank(ranks_then, name)
    rank_now, ranked_now = _rank(ranks_now, name)
    flagged = then[then["known_gap"].astype(bool)]
    return ThenAndNow(
        name=name, kind=str(rows["kind"].iloc[0]), article_years=tuple(article_years), latest_year=latest,
        community_resolutions_then=cr_then, assigned_then=assigned_then,
        share_then=cr_then / assigned_then if assigned_then else None,
        community_resolutions_now=int(now[CR]), assigned_now=int(now["assigned"]),
        share_now=float(now[CR]) / int(now["assigned"]) if int(now["assigned"]) else None,
        rank_then=rank_then, ranked_then=ranked_then, rank_now=rank_now, ranked_now=ranked_now,
        gaps_then=tuple((r.financial_year, r.gap_forces) for r in flagged.itertuples()),
        gap_now=str(now["gap_forces"]) if bool(now["known_gap"]) else "", latest_flagged=bool(now["known_gap"]),
    )


def _span(years: tuple[str, ...]) -> str:
    return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"


def _gap_note(r: ThenAndNow) -> str:
    """A sentence for known gaps in the figures compared (none: '')."""
    notes = []
    if r.gaps_then:
        years = [year for year, _ in r.gaps_then]
        if r.kind == "force":
            notes.append(f"its {words.listing(years)} {'figure has' if len(years) == 1 else 'figures have'} a known gap, "
                         f"so the {_span(r.article_years)} share includes an undercount")
        else:
            named = [(year, forces.split("; ")) for year, forces in r.gaps_then]
            if len(named) == 1 and len(named[0][1]) == 1:
                notes.append(f"the {_span(r.article_years)} total includes {named[0][1][0]}, whose {named[0][0]} "
                             "figures have a known gap")
            else:
                notes.append(f"the {_span(r.article_years)} total includes forces with a known gap: "
                             + "; ".join(f"{words.listing(forces)} in {year}" for year, forces in named))
    if r.latest_flagged and r.share_now is not None:
        if r.kind == "force":
            notes.append(f"its {r.latest_year} figure has a known gap, so it is an undercount")
        else:
            forces = r.gap_now.split("; ")
            notes.append(f"the {r.latest_year} total includes {words.listing(forces)}, whose {r.latest_year} "
                         f"figures have a known gap")
    if not notes:
        return ""
    text = "; ".join(notes)
    return f" Read with care: {text} (see the notes above)."


def sentence(r: ThenAndNow, who: str, pronoun: str = "its") -> str:
    """'In 2025/26, the latest year the data hold, <who> closed X% of <pronoun> outcomes with a community
    resolution, down from Y% over 2014/15 to 2017/18, the years of the 2019 article. Its share was the
    highest of 44 forces then and the eighth lowest of 44 forces in 2025/26.'

    Shares are compared as printed (:func:`words.change_phrase`); a line with no figures in the
    latest year says so (a known gap, never "none"); known gaps in either period are named.
    """
    article = f"{_span(r.article_years)}, the years of the 2019 article"
    opening = f"In {r.latest_year}, the latest year the data hold,"
    inner = words.mid(who)  # 'police forces in ...', 'the Metropolitan Police Service' mid-sentence
    if r.share_then is None and r.share_now is None:
        return f"{who} has no figures for {article} or for {r.latest_year}, the latest year the data hold."
    if r.share_now is None:
        assert r.share_then is not None  # both None is answered above
        text = (f"{who} has no figures for {r.latest_year}, the latest year the data hold"
                + (" (a known gap in the data, not an absence of community resolutions)" if r.latest_flagged else "")
                + f"; over {article}, {'it' if r.kind == 'force' else 'they'} closed {words.percent(r.share_then)} of "
                f"{pronoun} outcomes with a community resolution")
        if r.rank_then is not None and r.ranked_then is not None:
            text += f", {words.rank_phrase(r.rank_then, r.ranked_then)}"
        return text + "." + _gap_note(r)
    if r.share_then is None:
        text = (f"{opening} {inner} closed {words.percent(r.share_now)} of {pronoun} outcomes with a community resolution; "
                f"there are no figures for {article}")
        return text + "." + _gap_note(r)
    text = (f"{opening} {inner} closed {words.percent(r.share_now)} of {pronoun} outcomes with a community resolution, "
            f"{words.change_phrase(r.share_now, r.share_then)} over {article}.")
    if r.rank_then is not None and r.rank_now is not None and r.ranked_then is not None and r.ranked_now is not None:
        then = words.rank_phrase(r.rank_then, r.ranked_then)
        now = words.rank_phrase(r.rank_now, r.ranked_now)
        if then == now:
            text += f" Its share was {then} both then and in {r.latest_year}."
        else:
            text += f" Its share was {then} then and {now} in {r.latest_year}."
    return text + _gap_note(r)


def figures(r: ThenAndNow, key: str) -> list[tuple[str, object, str, dict]]:
    """``(key, value, meaning, details)`` for each figure behind :func:`sentence`, for ``found.add``.

    Keys start with ``<key>_article_years_`` and ``<key>_latest_held_`` so they never collide with
    a page's per-year keys.
    """
    span, latest = _span(r.article_years), r.latest_year
    then_gap = {"known_gap": True, "gap_years": [year for year, _ in r.gaps_then]} if r.gaps_then else {}
    now_gap = {"known_gap": True, "gap_forces": r.gap_now} if r.latest_flagged else {}
    a, n = f"{key}_article_years", f"{key}_latest_held"
    rows: list[tuple[str, object, str, dict]] = [
        (f"{a}_community_resolutions", r.community_resolutions_then, f"{r.name}, {span}: community resolutions", then_gap),
        (f"{a}_assigned", r.assigned_then, f"{r.name}, {span}: all assigned outcomes", then_gap),
        (f"{a}_share", r.share_then, f"{r.name}, {span}: share of outcomes",
         {"numerator": f"{a}_community_resolutions", "denominator": f"{a}_assigned"}),
        (f"{n}_community_resolutions", r.community_resolutions_now, f"{r.name}, {latest}: community resolutions", now_gap),
        (f"{n}_assigned", r.assigned_now, f"{r.name}, {latest}: all assigned outcomes", now_gap),
        (f"{n}_share", r.share_now, f"{r.name}, {latest}: share of outcomes",
         {"numerator": f"{n}_community_resolutions", "denominator": f"{n}_assigned"}),
        (f"{n}_change_points", r.change_points, f"{r.name}: share in {latest} minus share over {span}, percentage points", {}),
    ]
    if r.ranked_then is not None:
        rows += [
            (f"{a}_rank", r.rank_then, f"{r.name}: rank by share over {span} among {r.ranked_then} forces (1 = highest)",
             {"forces_ranked": r.ranked_then}),
            (f"{n}_rank", r.rank_now, f"{r.name}: rank by share in {latest} among {r.ranked_now} forces (1 = highest)",
             {"forces_ranked": r.ranked_now}),
        ]
    return rows
