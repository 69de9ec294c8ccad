"""Known gaps in the data: where a zero or a small number means "no data", not "none".

Two sources, both data:

* the force-year table's coverage file (``data_not_provided``: how many offence × outcome rows
  of each force-year were published as "N/A - data not provided"; one quarter is 2,261 rows);
* ``data/reference/known-gaps.csv``: unflagged part-years found by comparing neighbouring
  years or the two bases, one row per gap with its reason and source.

>>> g = known_gaps(coverage={"data_not_provided": {"Durham|2014/15": 4522}})
>>> row = g[g["force"] == "Durham"].iloc[0]
>>> (row["financial_year"], int(row["quarters_missing"]), row["basis"])
('2014/15', 2, 'both')
"""

from __future__ import annotations

import json
import os

import pandas as pd

from . import sources
from .definitions import BASES
from .params import financial_years_between
from .paths import REFERENCE_DIR

KNOWN_GAPS_FILE = REFERENCE_DIR / "known-gaps.csv"
ROWS_PER_QUARTER = 2261  # offence codes × outcome types in one force-quarter of the 2024 workbooks
GAP_COLUMNS = ["force", "financial_year", "basis", "quarters_missing", "kind", "note", "source"]


def load_coverage(*, mirror: str | os.PathLike[str] | None = None) -> dict:
    """The coverage notes of the force-year table (JSON)."""
    with open(sources.resolve("force-year-coverage", mirror=mirror), encoding="utf-8") as handle:
        return json.load(handle)


def known_gaps(*, coverage: dict | None = None, mirror: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Every known gap, one row per force, year and basis (``both`` when it affects both)."""
    if coverage is None:
        coverage = load_coverage(mirror=mirror)
    rows = []
    for key, count in coverage.get("data_not_provided", {}).items():
        force, year = key.split("|")
        quarters = round(count / ROWS_PER_QUARTER)
        rows.append(
            {
                "force": force, "financial_year": year, "basis": "both", "quarters_missing": quarters,
                "kind": "data not provided",
                "note": (
                    f"The Home Office marks {count:,} rows of the {year} data for {force} "
                    f"'data not provided' (the equivalent of {_quarters(quarters)}): its {year} totals "
                    "may be missing or cover only part of the year."
                ),
                "source": "Home Office workbooks ('N/A - data not provided'), via the coverage file",
            }
        )
    listed = pd.read_csv(KNOWN_GAPS_FILE, dtype=str, keep_default_na=False)
    for line, row in enumerate(listed.itertuples(index=False), start=2):
        if row.basis not in {*BASES, "both"}:
            raise ValueError(f"{KNOWN_GAPS_FILE}, line {line}: basis must be closed, recorded or both, not {row.basis!r}")
        for year in financial_years_between(row.first_year, row.last_year):
            rows.append(
                {"force": row.force, "financial_year": year, "basis": row.basis, "quarters_missing": pd.NA,
                 "kind": row.kind, "note": row.note, "source": row.source}
            )
    table = pd.DataFrame(rows, columns=GAP_COLUMNS)
    table["quarters_missing"] = table["quarters_missing"].astype("Int64")
    return table


def _quarters(n: int) -> str:
    """'one quarter', 'two quarters', 'all four quarters'.

    >>> _quarters(2)
    'two quarters'
    """
    return {1: "one quarter", 2: "two quarters", 3: "three quarters"}.get(n, "all four quarters" if n >= 4 else f"{n} quarters")


def gaps_for(gaps: pd.DataFrame, forces: list[str] | tuple[str, ...], years: list[str], basis: str) -> pd.DataFrame:
    """The gaps that touch these forces, years and basis.

    >>> g = pd.DataFrame({"force": ["A", "A", "B"], "financial_year": ["2014/15", "2014/15", "2015/16"],
    ...                   "basis": ["both", "recorded", "closed"]})
    >>> len(gaps_for(g, ["A", "B"], ["2014/15", "2015/16"], "closed"))
    2
    """
    mask = (
        gaps["force"].isin(list(forces))
        & gaps["financial_year"].isin(years)
        & gaps["basis"].isin([basis, "both"])
    )
    return gaps[mask].reset_index(drop=True)
