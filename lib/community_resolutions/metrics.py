"""Pure functions over the canonical totals table: shares, ranks, area sums.

Nothing here reads a file. Every share is community resolutions ÷ assigned outcomes (type 0,
"not yet assigned", never enters the denominator).

>>> t = pd.DataFrame({
...     "force": ["A", "A", "B", "B", "C"], "financial_year": ["2016/17", "2017/18"] * 2 + ["2017/18"],
...     "basis": ["closed"] * 5, "community_resolution": [1, 3, 10, 10, 0],
...     "assigned": [10, 30, 100, 100, 50]})
>>> r = force_shares(t, ["2016/17", "2017/18"], "closed")
>>> r[["force", "community_resolution", "assigned", "share", "rank"]].to_string(index=False)
'force  community_resolution  assigned  share  rank\\n    A                     4        40    0.1     1\\n    B
20       200    0.1     1\\n    C                     0        50    0.0     3'
"""

from __future__ import annotations

import pandas as pd


def select(totals: pd.DataFrame, years: list[str], basis: str, forces: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The rows of the totals for these years, basis and (optionally) forces."""
    mask = totals["financial_year"].isin(years) & (totals["basis"] == basis)
    if forces is not None:
        mask &= totals["force"].isin(list(forces))
    return totals[mask]


def force_shares(totals: pd.DataFrame, years: list[str], basis: str, measure: str = "community_resolution") -> pd.DataFrame:
    """Per force, summed over the years: the measure, assigned outcomes, share and rank.

    Rank 1 is the highest share; ties share a rank (``min`` method). Forces with no assigned
    outcomes in the period get no share and no rank.
    """
    rows = select(totals, years, basis)
    summed = rows.groupby("force", as_index=False)[[measure, "assigned"]].sum()
    summed[measure] = summed[measure].astype("int64")
    summed["assigned"] = summed["assigned"].astype("int64")
    summed["share"] = (summed[measure] / summed["assigned"].where(summed["assigned"] > 0)).round(12)
    summed["rank"] = summed["share"].rank(ascending=False, method="min").astype("Int64")
    return summed.sort_values(["share", "force"], ascending=[False, True], na_position="last").reset_index(drop=True)


def area_total(totals: pd.DataFrame, forces: list[str] | tuple[str, ...], years: list[str], basis: str,
               measure: str = "community_resolution") -> dict[str, float | int]:
    """The measure, assigned outcomes and share for a group of forces over the years.

    >>> t = pd.DataFrame({"force": ["A", "B"], "financial_year": ["2017/18"] * 2, "basis": ["closed"] * 2,
    ...                   "community_resolution": [3, 1], "assigned": [10, 30]})
    >>> area_total(t, ["A", "B"], ["2017/18"], "closed")
    {'community_resolution': 4, 'assigned': 40, 'share': 0.1}
    """
    rows = select(totals, years, basis, forces)
    count = int(rows[measure].sum())
    assigned = int(rows["assigned"].sum())
    return {measure: count, "assigned": assigned, "share": count / assigned if assigned else float("nan")}


def national_total(totals: pd.DataFrame, years: list[str], basis: str,
                   measure: str = "community_resolution") -> dict[str, float | int]:
    """:func:`area_total` over every force in the table (England and Wales, BTP included)."""
    return area_total(totals, sorted(totals["force"].unique()), years, basis, measure)


def share_by_year(totals: pd.DataFrame, forces: list[str] | tuple[str, ...], basis: str,
                  measure: str = "community_resolution") -> pd.DataFrame:
    """Year by year, for a group of forces: the measure, assigned outcomes and share.

    >>> t = pd.DataFrame({"force": ["A", "A"], "financial_year": ["2016/17", "2017/18"], "basis": ["closed"] * 2,
    ...                   "community_resolution": [1, 3], "assigned": [10, 30]})
    >>> share_by_year(t, ["A"], "closed")["share"].tolist()
    [0.1, 0.1]
    """
    rows = totals[(totals["basis"] == basis) & totals["force"].isin(list(forces))]
    by_year = rows.groupby("financial_year", as_index=False)[[measure, "assigned"]].sum()
    by_year["share"] = by_year[measure] / by_year["assigned"].where(by_year["assigned"] > 0)
    return by_year
