"""What the data covers: per force, financial year, source and basis, whether a figure can be compared.

Every other notebook compares forces or years; this module says where such a comparison is
unsafe, from data and from code rather than only from a hand-made list:

* **zero totals**: a force-year whose assigned outcomes are zero has no data (British Transport
  Police, Cumbria and Leicestershire on the recorded basis in 2014/15), it is not "no outcomes";
* **"data not provided"**: the coverage file's ``data_not_provided`` rows (one force-quarter is
  2,261 rows of the 2024 workbooks), via :func:`gaps.known_gaps`;
* **the reviewed list** ``data/reference/known-gaps.csv`` (unflagged part-years), via
  :func:`gaps.known_gaps`;
* **the year-on-year check** (:func:`year_on_year_flags`): a force-year far below (a dip) or far
  above (a spike) *both* its neighbouring years on one basis, after allowing for the change
  every force saw that year, so a new part-year is caught even if nobody has listed it yet;
* **the basis check** (:func:`basis_mismatches`): the closed and recorded counts of one
  force-year, which normally agree within a few per cent, far apart;
* **revisions**: the same year in two publications (2017/18: 2019 offence-level file against the
  2024 republication), :func:`publication_differences`;
* **negative corrections** and **expired offence codes**, counted, not judged.

:func:`cell_status` puts the first five together into one status per force, year and basis;
:func:`data_gap_warnings` gives other notebooks plain sentences for a set of forces and years.

>>> t = _example_totals()
>>> year_on_year_flags(t)[["force", "financial_year", "basis", "kind"]].values.tolist()
[['B', '2015/16', 'closed', 'dip'], ['C', '2014/15', 'recorded', 'dip']]
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Iterable

import pandas as pd

from . import areas, gaps, words
from .definitions import BASES, COMMUNITY_RESOLUTION
from .gaps import ROWS_PER_QUARTER
from .page import years_phrase

#: Statuses of a force-year on one basis, least to most serious. "not covered" is a year a
#: source does not hold at all (the offence-level file holds 2017/18 only).
STATUSES = ("complete", "revised", "check", "part-year", "no data")
NOT_COVERED = "not covered"
SEVERITY = {status: rank for rank, status in enumerate(STATUSES)} | {NOT_COVERED: -1}

#: What a chart cell says, so colour is never the only cue.
LABELS = {"complete": "", "revised": "rev", "check": "?", "part-year": "part", "no data": "none", NOT_COVERED: ""}

#: Year-on-year check: flag a year below this fraction of *each* neighbouring year (or above its
#: inverse), after dividing by the median change over all forces. A quarter missing leaves 75%;
#: two quarters 50%. 0.6 catches half-years (Wiltshire 2015/16 recorded: 0.51 of its neighbours
#: after allowing for the national change) without catching the first pandemic year in the
#: City of London (0.68 of 2021/22 after allowing for the change, a real fall).
YEAR_ON_YEAR_THRESHOLD = 0.6

#: Run check: a run of two or three years whose average is below this fraction of *both* the year
#: before and the year after the run, after dividing by the median change over all forces. A
#: missing quarter spread over two years leaves about 85%; a records-system change such as Devon
#: and Cornwall's (November 2022) left 2021/22-2022/23 at 0.74 and 0.63 of the years around them,
#: which a single-year check misses because each low year has a low neighbour.
RUN_THRESHOLD = 0.8
RUN_LENGTHS = (2, 3)

#: Basis check: closed ÷ recorded outside [0.75, 1/0.75] for one force-year. In most
#: force-years the two counts are within 10% of each other.
BASIS_RATIO_THRESHOLD = 0.75

#: Revisions: a change of at least 5% *and* at least 50 between two publications is "large".
REVISION_SHARE = 0.05
REVISION_MINIMUM = 50

BASIS_ADJECTIVE = {"closed": "closed-basis", "recorded": "recorded-basis"}


def _example_totals() -> pd.DataFrame:
    """A tiny totals table for the doctests: force B loses half of 2015/16 on the closed basis."""
    rows = []
    for force, closed, recorded in [("A", [100, 110, 120], [100, 110, 120]),
                                    ("B", [200, 100, 240], [200, 220, 240]),
                                    ("C", [50, 55, 60], [0, 55, 60])]:
        for year, c, r in zip(["2014/15", "2015/16", "2016/17"], closed, recorded, strict=True):
            for basis, count in (("closed", c), ("recorded", r)):
                rows.append({"force": force, "financial_year": year, "basis": basis, "assigned": count,
                             "community_resolution": count // 10})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- coverage file


def _force_year_counts(mapping: dict[str, int], column: str) -> pd.DataFrame:
    rows = []
    for key, count in mapping.items():
        force, year = key.split("|")
        rows.append({"force": areas.canonical_force(force), "financial_year": year, column: int(count)})
    return pd.DataFrame(rows, columns=["force", "financial_year", column])


def data_not_provided(coverage: dict) -> pd.DataFrame:
    """Rows the Home Office marked "N/A - data not provided", per force-year, in quarters.

    >>> data_not_provided({"data_not_provided": {"Dyfed-Powys|2014/15": 4522}}).values.tolist()
    [['Dyfed-Powys', '2014/15', 4522, 2]]
    """
    table = _force_year_counts(coverage.get("data_not_provided", {}), "rows")
    table["quarters"] = (table["rows"] / ROWS_PER_QUARTER).round().astype(int)
    return table.sort_values(["financial_year", "force"]).reset_index(drop=True)


def negative_counts(coverage: dict) -> pd.DataFrame:
    """Rows with a negative count (a correction) kept in the force-year totals, per force-year.

    >>> negative_counts({"negative_counts_by_force_year": {"Durham|2014/15": 33, "City of London|2015/16": 21}}).values.tolist()
    [['City of London', '2015/16', 21], ['Durham', '2014/15', 33]]
    """
    table = _force_year_counts(coverage.get("negative_counts_by_force_year", {}), "negative_rows")
    return table.sort_values(["force", "financial_year"]).reset_index(drop=True)


# --------------------------------------------------------------------------- offence-level file


def negative_rows(offences: pd.DataFrame) -> pd.DataFrame:
    """Per force: rows of an offence-level table with a negative count, on each basis and for type 8.

    Type 0 ("not yet assigned") has no closed count, so its negatives are all on the recorded basis.

    >>> rows = pd.DataFrame({"force": ["A", "A", "A", "B"], "outcome_type": [0, 8, 8, 1],
    ...     "closed": pd.array([pd.NA, -1, 2, 3], dtype="Int64"), "recorded": pd.array([-4, 0, -1, 5], dtype="Int64")})
    >>> negative_rows(rows).values.tolist()
    [['A', 3, 1, 2, 2, -1, -1], ['B', 0, 0, 0, 0, 0, 0]]
    """
    closed = offences["closed"].fillna(0) < 0
    recorded = offences["recorded"].fillna(0) < 0
    eight = offences["outcome_type"] == COMMUNITY_RESOLUTION
    frame = pd.DataFrame({
        "force": offences["force"],
        "negative_rows": (closed | recorded).astype(int),
        "negative_closed_rows": closed.astype(int),
        "negative_recorded_rows": recorded.astype(int),
        "negative_type8_rows": ((closed | recorded) & eight).astype(int),
        "negative_type8_closed": offences["closed"].fillna(0).where(closed & eight, 0).astype(int),
        "negative_type8_recorded": offences["recorded"].fillna(0).where(recorded & eight, 0).astype(int),
    })
    return frame.groupby("force", as_index=False).sum().sort_values("force").reset_index(drop=True)


def expired_code_rows(offences: pd.DataFrame) -> int:
    """Rows whose offence code is flagged expired (none in the tidy 2017/18 copy: its maker dropped them).

    >>> expired_code_rows(pd.DataFrame({"offence_code_expired": [True, False, True]}))
    2
    """
    return int(offences["offence_code_expired"].sum())


def quarters_present(offences: pd.DataFrame) -> pd.DataFrame:
    """Per force: quarters with rows, and quarters whose assigned outcomes (types other than 0) sum to
    zero or less on either basis (a quarter with rows but no data).

    >>> rows = pd.DataFrame({"force": ["A"] * 3, "quarter": [1, 2, 2], "outcome_type": [8, 8, 0],
    ...     "closed": pd.array([3, 0, pd.NA], dtype="Int64"), "recorded": pd.array([3, 0, 5], dtype="Int64")})
    >>> quarters_present(rows).values.tolist()
    [['A', 2, 1]]
    """
    assigned = offences[offences["outcome_type"] != 0]
    sums = assigned.groupby(["force", "quarter"])[list(BASES)].sum()
    empty = ((sums["closed"] <= 0) | (sums["recorded"] <= 0)).groupby(level="force").sum()
    present = offences.groupby("force")["quarter"].nunique()
    table = pd.DataFrame({"quarters": present, "empty_quarters": empty.reindex(present.index, fill_value=0)})
    table = table.astype(int).reset_index()
    return table


def publication_differences(old: pd.DataFrame, new: pd.DataFrame, year: str = "2017/18", *,
                            share: float = REVISION_SHARE, minimum: int = REVISION_MINIMUM) -> pd.DataFrame:
    """The same force-year in two publications: community resolutions and assigned outcomes in
    each, the change and whether it is large (at least ``share`` *and* ``minimum`` either way,
    in either measure).

    >>> old = pd.DataFrame({"force": ["Durham", "Met"], "financial_year": "2017/18", "basis": "closed",
    ...                     "community_resolution": [5464, 6768], "assigned": [60405, 810949]})
    >>> new = old.assign(community_resolution=[5567, 7694], assigned=[61034, 809914])
    >>> d = publication_differences(old, new)
    >>> d[["force", "community_resolution_change", "large"]].values.tolist()
    [['Durham', 103, False], ['Met', 926, True]]
    >>> round(float(d.loc[1, "community_resolution_pct"]), 3)
    0.137
    """
    keys = ["force", "basis"]
    columns = ["community_resolution", "assigned"]
    a = old[old["financial_year"] == year][keys + columns]
    b = new[new["financial_year"] == year][keys + columns]
    merged = a.merge(b, on=keys, suffixes=("_old", "_new"), how="outer")
    large = pd.Series(False, index=merged.index)
    for column in columns:
        before = merged[f"{column}_old"].astype("float")
        after = merged[f"{column}_new"].astype("float")
        change = after - before
        merged[f"{column}_change"] = change.astype("Int64")
        merged[f"{column}_pct"] = change / before.where(before != 0)
        large |= (change.abs() >= minimum) & (merged[f"{column}_pct"].abs() >= share)
        merged[f"{column}_old"] = merged[f"{column}_old"].astype("Int64")
        merged[f"{column}_new"] = merged[f"{column}_new"].astype("Int64")
    merged["large"] = large.astype(bool)
    order = keys + [f"{c}_{s}" for c in columns for s in ("old", "new", "change", "pct")] + ["large"]
    return merged[order].sort_values(keys).reset_index(drop=True)


def offence_level_check(offence_totals: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Every force, year and basis of an offence-level table (summed with
    :func:`outcomes.totals_from_offences`) beside the force-year table: the two counts of community
    resolutions and of assigned outcomes, the change, and a verdict — ``same``, ``revision`` (a
    change below 5% or 50: the usual revisions between publications) or ``large`` (a revision to
    read about, or a misread file).

    >>> ours = pd.DataFrame({"force": ["A", "A", "B"], "financial_year": ["2017/18", "2018/19", "2018/19"],
    ...     "basis": "closed", "community_resolution": [100, 200, 50], "assigned": [1000, 2000, 500],
    ...     "source": ["x", "y", "y"], "published": "2019"})
    >>> theirs = ours.assign(community_resolution=[100, 203, 120], assigned=[1000, 2010, 500])
    >>> offence_level_check(ours, theirs)[["force", "financial_year", "verdict"]].values.tolist()
    [['A', '2017/18', 'same'], ['A', '2018/19', 'revision'], ['B', '2018/19', 'large']]
    """
    frames = []
    for year in sorted(offence_totals["financial_year"].unique()):
        mine = offence_totals[offence_totals["financial_year"] == year]
        other = totals[totals["financial_year"] == year]
        if other.empty:
            continue
        frame = publication_differences(mine, other, year)
        frame = frame[frame["community_resolution_old"].notna() & frame["community_resolution_new"].notna()]
        frames.append(frame.assign(financial_year=year))
    if not frames:
        return pd.DataFrame(columns=["force", "financial_year", "basis", "verdict"])
    table = pd.concat(frames, ignore_index=True)
    same = (table["community_resolution_change"] == 0) & (table["assigned_change"] == 0)
    table["verdict"] = ["large" if large else "same" if unchanged else "revision"
                        for large, unchanged in zip(table["large"], same, strict=True)]
    origin = offence_totals[["force", "financial_year", "basis", "source", "published"]]
    table = table.merge(origin, on=["force", "financial_year", "basis"], how="left")
    first = ["force", "financial_year", "basis", "source", "published"]
    return table[first + [c for c in table.columns if c not in first]].sort_values(first[:3]).reset_index(drop=True)


def offence_level_check_sentence(check: pd.DataFrame, forces: Iterable[str], basis: str) -> str:
    """The check of :func:`offence_level_check` for an area and basis, in one sentence.

    >>> check = pd.DataFrame({"force": ["Durham", "Durham"], "financial_year": ["2017/18", "2018/19"],
    ...     "basis": "closed", "verdict": ["revision", "large"], "community_resolution_old": [5464, 3000],
    ...     "community_resolution_new": [5567, 6060], "source": ["a", "b"]})
    >>> print(offence_level_check_sentence(check, ["Durham"], "closed"))
    The offence-level data were checked against the force-year table for every year they hold (closed basis): 2017/18 differs only
    by the usual revisions between publications; 2018/19 differs a lot for Durham Constabulary (community resolutions 3,000
    against 6,060), a revision to read about or a misread file.
    """
    mine = check[check["force"].isin(list(forces)) & (check["basis"] == basis)]
    if mine.empty:
        return ""
    parts = []
    for year, rows in mine.groupby("financial_year", sort=True):
        large = rows[rows["verdict"] == "large"]
        if large.empty:
            same = (rows["verdict"] == "same").all()
            parts.append(f"{year} {'matches exactly' if same else 'differs only by the usual revisions between publications'}")
            continue
        names = join_words([f"{_name(r.force)} (community resolutions {words.number(r.community_resolution_old)} against "
                            f"{words.number(r.community_resolution_new)})" for r in large.itertuples(index=False)])
        parts.append(f"{year} differs a lot for {names}, a revision to read about or a misread file")
    return (f"The offence-level data were checked against the force-year table for every year they hold ({basis} basis): "
            + "; ".join(parts) + ".")


def offence_level_check_table(check: pd.DataFrame, forces: Iterable[str]) -> pd.DataFrame:
    """:func:`offence_level_check` for some forces, as a table an editor reads.

    >>> check = pd.DataFrame({"force": ["Durham"], "financial_year": ["2018/19"], "basis": ["closed"],
    ...     "source": ["outcomes-2018-19-csv"], "published": ["2019"], "community_resolution_old": [6062],
    ...     "community_resolution_new": [6060], "assigned_old": [58000], "assigned_new": [58010], "verdict": ["revision"]})
    >>> offence_level_check_table(check, ["Durham"]).values.tolist()
    [['Durham', '2018/19', 'closed', 'outcomes-2018-19-csv (2019)', 6062, 6060, 58000, 58010, 'revision']]
    """
    mine = check[check["force"].isin(list(forces))]
    return pd.DataFrame({
        "Force": mine["force"], "Year": mine["financial_year"], "Count": mine["basis"],
        "Offence-level file": [f"{s} ({p})" for s, p in zip(mine["source"], mine["published"], strict=True)],
        "Community resolutions, offence level": mine["community_resolution_old"],
        "Community resolutions, force-year table": mine["community_resolution_new"],
        "Outcomes, offence level": mine["assigned_old"], "Outcomes, force-year table": mine["assigned_new"],
        "Verdict": mine["verdict"],
    }).reset_index(drop=True)


# --------------------------------------------------------------------------- computed checks


def _wide(totals: pd.DataFrame, basis: str, measure: str) -> pd.DataFrame:
    rows = totals[totals["basis"] == basis]
    wide = rows.pivot_table(index="force", columns="financial_year", values=measure, aggfunc="sum")
    return wide.astype(float).sort_index(axis=1)


def year_on_year_flags(totals: pd.DataFrame, *, measure: str = "assigned",
                       threshold: float = YEAR_ON_YEAR_THRESHOLD) -> pd.DataFrame:
    """Force-years far below (``dip``) or far above (``spike``) both neighbouring years, on each basis.

    For a force-year and a neighbouring year, the ratio of the two totals is divided by the
    median of the same ratio over every force with data in both years (so a year in which all
    forces fell, such as the first pandemic year, is not flagged). A year is a ``dip`` when that
    adjusted ratio is below ``threshold`` for every neighbour with data (one neighbour for the
    first and last years), and a ``spike`` when it is above ``1 / threshold`` for both (a first or
    last year is never a spike: next to a dip it would look like one; nor is it a dip when its
    one neighbour is a spike).
    A zero total is a dip against any neighbour with data; neighbours with a zero total are
    ignored. Returns one row per flag with the value, its neighbours and the adjusted ratios.

    >>> t = _example_totals()
    >>> f = year_on_year_flags(t).iloc[0]
    >>> int(f["value"]), int(f["previous"]), int(f["next"]), round(float(f["ratio_previous"]), 2)
    (100, 200, 240, 0.45)

    Force B's 2015/16 is half of 2014/15 while the median force rose by 10% (110/100, 55/50,
    100/200: median 1.1), so 0.5 / 1.1 = 0.45 < 0.6. Force C's recorded-basis 2014/15 is zero,
    a dip against 2015/16:

    >>> year_on_year_flags(t[t["basis"] == "recorded"])[["force", "financial_year"]].values.tolist()
    [['C', '2014/15']]
    """
    columns = ["force", "financial_year", "basis", "kind", "value", "previous", "next", "ratio_previous", "ratio_next"]
    rows = []
    for basis in sorted(totals["basis"].unique()):
        wide = _wide(totals, basis, measure)
        years = list(wide.columns)
        for position, year in enumerate(years):
            adjusted: dict[str, pd.Series] = {}
            for side, other in (("previous", position - 1), ("next", position + 1)):
                if not 0 <= other < len(years):
                    continue
                neighbour = wide[years[other]].where(wide[years[other]] > 0)
                ratio = wide[year] / neighbour
                median = ratio[(wide[year] > 0) & neighbour.notna()].median()
                adjusted[side] = ratio / median if median and not math.isnan(median) else ratio
            if not adjusted:
                continue
            frame = pd.DataFrame(adjusted)
            usable = frame.notna().any(axis=1)
            dip = usable & (frame.isna() | (frame < threshold)).all(axis=1)
            spike = (frame > 1 / threshold).all(axis=1) if len(adjusted) == 2 else pd.Series(False, index=frame.index)
            for force in wide.index[dip | spike]:
                rows.append({
                    "force": force, "financial_year": year, "basis": basis,
                    "kind": "dip" if dip[force] else "spike", "value": wide.loc[force, year],
                    "previous": wide.loc[force, years[position - 1]] if position > 0 else math.nan,
                    "next": wide.loc[force, years[position + 1]] if position + 1 < len(years) else math.nan,
                    "ratio_previous": frame.loc[force].get("previous", math.nan),
                    "ratio_next": frame.loc[force].get("next", math.nan),
                })
    table = pd.DataFrame(rows, columns=columns)
    # A dip judged on one neighbour only (first or last year) next to a spike is the spike's echo.
    spikes = set(zip(table.loc[table["kind"] == "spike", "force"], table.loc[table["kind"] == "spike", "financial_year"],
                     table.loc[table["kind"] == "spike", "basis"], strict=True))
    def echo(row) -> bool:
        if row["kind"] != "dip" or (pd.notna(row["ratio_previous"]) and pd.notna(row["ratio_next"])):
            return False
        other = _shift(row["financial_year"], -1 if pd.notna(row["ratio_previous"]) else 1)
        return (row["force"], other, row["basis"]) in spikes
    if len(table):
        table = table[~table.apply(echo, axis=1)]
    for column in ("value", "previous", "next"):
        table[column] = table[column].astype("Int64")
    return table.sort_values(["force", "financial_year", "basis"]).reset_index(drop=True)


def low_runs(totals: pd.DataFrame, *, measure: str = "assigned", threshold: float = RUN_THRESHOLD,
             lengths: tuple[int, ...] = RUN_LENGTHS) -> pd.DataFrame:
    """Runs of two or three consecutive force-years whose average is far below both the year
    before and the year after the run, on each basis, after allowing for the change every force
    saw (the ratio is divided by its median over all forces, as in :func:`year_on_year_flags`).

    A single-year check misses such a run: each low year has a low neighbour. Overlapping runs of
    one force and basis are reported once, the most extreme first. Years with a zero total are
    left to the zero check. Returns ``force, first_year, last_year, basis, years, values,
    previous, next, ratio_previous, ratio_next``.

    Force D's 2015/16 and 2016/17 are 60 and 70 between 100 and 110, while the other forces are
    flat (so the median ratios are 1): averages 65 / 100 = 0.65 and 65 / 110 = 0.59, both below 0.8.

    >>> rows = [(f, y, v) for f, values in {"D": [100, 60, 70, 110], "E": [50, 50, 50, 50], "F": [80, 80, 80, 80]}.items()
    ...         for y, v in zip(["2014/15", "2015/16", "2016/17", "2017/18"], values)]
    >>> t = pd.DataFrame(rows, columns=["force", "financial_year", "assigned"]).assign(basis="closed")
    >>> r = low_runs(t).iloc[0]
    >>> r["force"], r["years"], r["values"], round(float(r["ratio_previous"]), 2), round(float(r["ratio_next"]), 2)
    ('D', ['2015/16', '2016/17'], [60, 70], 0.65, 0.59)
    """
    columns = ["force", "first_year", "last_year", "basis", "years", "values", "previous", "next",
               "ratio_previous", "ratio_next"]
    found = []
    for basis in sorted(totals["basis"].unique()):
        wide = _wide(totals, basis, measure)
        wide = wide.where(wide > 0)
        years = list(wide.columns)
        for length in lengths:
            for start in range(1, len(years) - length):
                run = years[start:start + length]
                before, after = years[start - 1], years[start + length]
                complete = wide[run].notna().all(axis=1)
                average = wide[run].mean(axis=1).where(complete)
                ratios = {}
                for side, flank in (("previous", before), ("next", after)):
                    ratio = average / wide[flank]
                    median = ratio.median()
                    ratios[side] = ratio / median if median and not math.isnan(median) else ratio
                low = (ratios["previous"] < threshold) & (ratios["next"] < threshold)
                for force in wide.index[low.fillna(False)]:
                    found.append({
                        "force": force, "first_year": run[0], "last_year": run[-1], "basis": basis, "years": run,
                        "values": [int(wide.loc[force, y]) for y in run],
                        "previous": int(wide.loc[force, before]), "next": int(wide.loc[force, after]),
                        "ratio_previous": float(ratios["previous"][force]), "ratio_next": float(ratios["next"][force]),
                    })
    table = pd.DataFrame(found, columns=columns)
    if table.empty:
        return table
    table["worst"] = table[["ratio_previous", "ratio_next"]].max(axis=1)
    kept: list = []
    taken: set[tuple[str, str, str]] = set()
    for row in table.sort_values(["worst", "force"]).itertuples(index=False):
        cells = {(row.force, row.basis, year) for year in row.years}
        if cells & taken:
            continue
        taken |= cells
        kept.append(row._asdict())
    result = pd.DataFrame(kept)[columns]
    return result.sort_values(["force", "first_year", "basis"]).reset_index(drop=True)


def run_sentence(row, adjective: str) -> str:
    """A low run in words, for a warning or a cell's reason.

    >>> row = pd.Series({"force": "Devon and Cornwall", "years": ["2021/22", "2022/23"], "values": [78751, 78723],
    ...                  "previous": 94834, "next": 125611, "first_year": "2021/22", "last_year": "2022/23"})
    >>> run_sentence(row, "closed-basis")
    "Devon and Cornwall Police's closed-basis totals for 2021/22 and 2022/23 (78,751 and 78,723 outcomes) are far below 94,834 in
    2020/21 and 125,611 in 2023/24 (found by the run check, which looks for several low years together)"
    """
    years = join_words(list(row["years"]))
    values = join_words([words.number(v) for v in row["values"]])
    return (f"{_name(row['force'], start=True)}'s {adjective} totals for {years} ({values} outcomes) are far below "
            f"{words.number(row['previous'])} in {_shift(row['first_year'], -1)} and {words.number(row['next'])} in "
            f"{_shift(row['last_year'], 1)} (found by the run check, which looks for several low years together)")


def basis_mismatches(totals: pd.DataFrame, *, measure: str = "assigned", threshold: float = BASIS_RATIO_THRESHOLD,
                     spikes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Force-years whose closed and recorded counts are far apart (closed ÷ recorded below
    ``threshold`` or above its inverse), both non-zero (zeros are "no data", found elsewhere).

    ``suspect`` is the basis to distrust: the lower count, unless the higher one is a
    year-on-year spike (a backlog cleared in one year), then the higher one.

    >>> t = pd.DataFrame({"force": ["A", "A", "B", "B"], "financial_year": ["2018/19"] * 4,
    ...                   "basis": ["closed", "recorded"] * 2, "assigned": [21559, 45756, 100, 104]})
    >>> basis_mismatches(t)[["force", "ratio", "suspect"]].round(2).values.tolist()
    [['A', 0.47, 'closed']]
    """
    wide = totals.pivot_table(index=["force", "financial_year"], columns="basis", values=measure, aggfunc="sum").astype(float)
    if not {"closed", "recorded"} <= set(wide.columns):
        return pd.DataFrame(columns=["force", "financial_year", "closed", "recorded", "ratio", "suspect"])
    wide = wide[(wide["closed"] > 0) & (wide["recorded"] > 0)]
    ratio = wide["closed"] / wide["recorded"]
    far = (ratio < threshold) | (ratio > 1 / threshold)
    table = wide[far].assign(ratio=ratio[far]).reset_index()
    spiked = set()
    if spikes is not None and len(spikes):
        spiked = set(map(tuple, spikes.loc[spikes["kind"] == "spike", ["force", "financial_year", "basis"]].values.tolist()))

    def suspect(row) -> str:
        lower, higher = ("closed", "recorded") if row["ratio"] < 1 else ("recorded", "closed")
        return higher if (row["force"], row["financial_year"], higher) in spiked else lower

    table["suspect"] = table.apply(suspect, axis=1) if len(table) else pd.Series(dtype=str)
    for column in ("closed", "recorded"):
        table[column] = table[column].astype("Int64")
    return table[["force", "financial_year", "closed", "recorded", "ratio", "suspect"]].reset_index(drop=True)


# --------------------------------------------------------------------------- one status per cell


def cell_status(totals: pd.DataFrame, known: pd.DataFrame, *, flags: pd.DataFrame | None = None,
                mismatches: pd.DataFrame | None = None, runs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per force, financial year and basis of ``totals``: the figures, a status from
    :data:`STATUSES` and every reason for it (``reasons``: a list of sentences; ``sources``:
    where each reason came from).

    Rules, the most serious winning: a zero total is ``no data``; a force-year the Home Office
    marks "data not provided", or in the reviewed list as a part-year, is ``part-year`` (``no
    data`` when the list says so; ``check`` when every quarter is marked yet the total is not
    zero, as it is then unclear what the figure covers); a year-on-year dip or spike, a year in a
    low run (:func:`low_runs`) or a basis mismatch, is ``check``; anything else is ``complete``.

    >>> t = _example_totals()
    >>> known = gaps.known_gaps(coverage={"data_not_provided": {"A|2016/17": 2261}}).query("force == 'A'")
    >>> s = cell_status(t, known)
    >>> s.set_index(["force", "financial_year", "basis"])["status"].loc[
    ...     [("A", "2016/17", "closed"), ("B", "2015/16", "closed"), ("C", "2014/15", "recorded"),
    ...      ("C", "2015/16", "closed")]].tolist()
    ['part-year', 'check', 'no data', 'complete']
    """
    if flags is None:
        flags = year_on_year_flags(totals)
    if mismatches is None:
        mismatches = basis_mismatches(totals, spikes=flags)
    cells = totals[["force", "financial_year", "basis", "community_resolution", "assigned"]].copy()
    cells = cells.sort_values(["force", "financial_year", "basis"]).reset_index(drop=True)
    status = {key: "complete" for key in zip(cells["force"], cells["financial_year"], cells["basis"], strict=True)}
    reasons: dict[tuple, list[str]] = {key: [] for key in status}
    origin: dict[tuple, list[str]] = {key: [] for key in status}

    def mark(key: tuple, level: str, reason: str, source: str) -> None:
        if key not in status:
            return
        if SEVERITY[level] > SEVERITY[status[key]]:
            status[key] = level
        if reason not in reasons[key]:
            reasons[key].append(reason)
            origin[key].append(source)

    for row in cells.itertuples(index=False):
        if row.assigned == 0:
            mark((row.force, row.financial_year, row.basis), "no data",
                 "the totals are zero: no data, not no outcomes", "zero totals")
    for row in known.itertuples(index=False):
        bases = BASES if row.basis == "both" else (row.basis,)
        level = "no data" if row.kind == "no data" else "part-year"
        for basis in bases:
            key = (row.force, row.financial_year, basis)
            if row.kind != "data not provided":
                mark(key, level, row.note, "known-gaps list")
                continue
            quarters = int(row.quarters_missing)
            value = cells_value(cells, key)
            text = f"the Home Office marks {_quarters_phrase(quarters)} of the year 'data not provided'"
            level = "no data" if value == 0 else "part-year"
            if quarters >= 4 and value:
                text += f", yet the total is not zero ({words.number(value)} outcomes): how much it covers is unknown"
                level = "check"
            mark(key, level, text, "Home Office marker")
    for row in flags.itertuples(index=False):
        if row.value == 0:
            continue  # a zero total is "no data" already; the check adds nothing
        neighbours = " and ".join(f"{words.number(v)} in {y}" for v, y in _neighbours(row) if not pd.isna(v))
        if row.kind == "dip":
            text = f"{words.number(row.value)} outcomes, far below {neighbours} (year-on-year check)"
        else:
            text = f"{words.number(row.value)} outcomes, far above {neighbours} (year-on-year check)"
        mark((row.force, row.financial_year, row.basis), "check", text, "year-on-year check")
    if runs is None:
        runs = low_runs(totals)
    for _, row in runs.iterrows():
        for year in row["years"]:
            mark((row["force"], year, row["basis"]), "check", run_sentence(row, BASIS_ADJECTIVE[row["basis"]]), "run check")
    for row in mismatches.itertuples(index=False):
        other = "recorded" if row.suspect == "closed" else "closed"
        size = row.closed / row.recorded if row.suspect == "closed" else row.recorded / row.closed
        text = (f"the {row.suspect} count is {words.percent(size, 0)} of the {other} count "
                f"({words.number(getattr(row, row.suspect))} against {words.number(getattr(row, other))}; basis check)")
        mark((row.force, row.financial_year, row.suspect), "check", text, "basis check")
    cells["status"] = [status[key] for key in zip(cells["force"], cells["financial_year"], cells["basis"], strict=True)]
    cells["reasons"] = [reasons[key] for key in zip(cells["force"], cells["financial_year"], cells["basis"], strict=True)]
    cells["sources"] = [origin[key] for key in zip(cells["force"], cells["financial_year"], cells["basis"], strict=True)]
    return cells


def cells_value(cells: pd.DataFrame, key: tuple) -> int | None:
    """The assigned outcomes of one (force, year, basis) cell, ``None`` if absent."""
    match = cells[(cells["force"] == key[0]) & (cells["financial_year"] == key[1]) & (cells["basis"] == key[2])]
    return None if match.empty else int(match["assigned"].iloc[0])


def _neighbours(row) -> list[tuple]:
    return [(row.previous, _shift(row.financial_year, -1)), (row.next, _shift(row.financial_year, 1))]


def _shift(year: str, by: int) -> str:
    """The financial year ``by`` years later.

    >>> _shift("2019/20", -1), _shift("1999/00", 1)
    ('2018/19', '2000/01')
    """
    start = int(year[:4]) + by
    return f"{start}/{(start + 1) % 100:02d}"


def _quarters_phrase(quarters: int) -> str:
    """How many quarters, in words.

    >>> _quarters_phrase(1), _quarters_phrase(4)
    ('one quarter', 'all four quarters')
    """
    return {1: "one quarter", 2: "two quarters", 3: "three quarters"}.get(quarters, "all four quarters")


def combine_bases(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per force and year: the more serious status of the two bases, and a label that
    says which basis when only one is affected (``"none R"``: no data on the recorded basis).

    >>> c = pd.DataFrame({"force": ["A"] * 4, "financial_year": ["2014/15", "2014/15", "2015/16", "2015/16"],
    ...                   "basis": ["closed", "recorded"] * 2, "status": ["part-year", "no data", "check", "check"]})
    >>> combine_bases(c)[["status", "label"]].values.tolist()
    [['no data', 'none R'], ['check', '?']]
    """
    rows = []
    for (force, year), group in cells.groupby(["force", "financial_year"], sort=True):
        worst = max(group["status"], key=SEVERITY.__getitem__)
        affected = sorted(group.loc[group["status"] == worst, "basis"])
        label = LABELS[worst]
        if label and len(affected) == 1 and len(group) > 1:
            label += " " + affected[0][0].upper()
        rows.append({"force": force, "financial_year": year, "status": worst, "label": label,
                     "bases": "both" if len(affected) > 1 else affected[0]})
    return pd.DataFrame(rows, columns=["force", "financial_year", "status", "label", "bases"])


OFFENCE_LEVEL_COLUMN = "2017/18 (2019 file)"


def force_summary(cells: pd.DataFrame, forces: Iterable[str], years: list[str]) -> pd.DataFrame:
    """Per force, over ``years`` and both bases: cells (force-year-bases) of each status and
    whether every cell is complete.

    >>> c = pd.DataFrame({"force": ["A", "A", "B", "B"], "financial_year": "2014/15",
    ...                   "basis": ["closed", "recorded"] * 2, "status": ["complete", "no data", "complete", "complete"]})
    >>> force_summary(c, ["A", "B"], ["2014/15"])[["force", "no_data", "complete"]].values.tolist()
    [['A', 1, False], ['B', 0, True]]
    """
    rows = cells[cells["force"].isin(list(forces)) & cells["financial_year"].isin(years)]
    table = pd.crosstab(rows["force"], rows["status"]).reindex(columns=list(STATUSES), fill_value=0)
    table = table.reindex(list(forces), fill_value=0)
    table.columns = [c.replace(" ", "_").replace("-", "_") for c in table.columns]
    table["issues"] = table[["check", "part_year", "no_data"]].sum(axis=1)
    table["complete"] = table["issues"] == 0
    return table.rename_axis(None, axis=1).reset_index(names="force")


def issues_table(cells: pd.DataFrame, forces: Iterable[str], years: list[str]) -> pd.DataFrame:
    """Every cell of these forces and years that is not complete, with its figures and reasons.

    >>> c = pd.DataFrame({"force": ["A", "A"], "financial_year": "2014/15", "basis": ["closed", "recorded"],
    ...                   "assigned": [5, 0], "community_resolution": [1, 0], "status": ["complete", "no data"],
    ...                   "reasons": [[], ["zero"]]})
    >>> issues_table(c, ["A"], ["2014/15"]).values.tolist()
    [['A', '2014/15', 'recorded', 0, 'no data', 'zero']]
    """
    rows = cells[cells["force"].isin(list(forces)) & cells["financial_year"].isin(years) & (cells["status"] != "complete")]
    table = rows.assign(why=rows["reasons"].map(lambda r: "; ".join(reason.rstrip(".") for reason in r)))
    return table[["force", "financial_year", "basis", "assigned", "status", "why"]].reset_index(drop=True)


def area_grid_cells(cells: pd.DataFrame, revisions: pd.DataFrame | None, forces: Iterable[str],
                    years: list[str]) -> pd.DataFrame:
    """Chart cells for an area's forces: one row per force and basis (``"Durham, closed"``), one
    column per year, plus a last column for the 2017/18 offence-level file (2019 publication):
    ``revised`` when the 2024 republication changed it a lot, else ``complete``.

    >>> c = pd.DataFrame({"force": "A", "financial_year": "2017/18", "basis": ["closed", "recorded"],
    ...                   "assigned": [10, 12], "status": "complete"})
    >>> r = pd.DataFrame({"force": "A", "basis": ["closed", "recorded"], "large": [True, False]})
    >>> area_grid_cells(c, r, ["A"], ["2017/18"])[["row", "financial_year", "label"]].values.tolist()
    [['A, closed', '2017/18', ''], ['A, recorded', '2017/18', ''], ['A, closed', '2017/18 (2019 file)', 'rev'], ['A, recorded',
    '2017/18 (2019 file)', '']]
    """
    forces = list(forces)
    rows = cells[cells["force"].isin(forces) & cells["financial_year"].isin(years)].copy()
    rows["row"] = rows["force"] + ", " + rows["basis"]
    rows["label"] = rows["status"].map(LABELS)
    frames = [rows[["row", "force", "basis", "financial_year", "assigned", "status", "label"]]]
    if revisions is not None:
        old = revisions[revisions["force"].isin(forces)].copy()
        old["row"] = old["force"] + ", " + old["basis"]
        old["financial_year"] = OFFENCE_LEVEL_COLUMN
        old["status"] = old["large"].map({True: "revised", False: "complete"})
        old["label"] = old["status"].map(LABELS)
        old["assigned"] = old["assigned_old"] if "assigned_old" in old else pd.NA
        frames.append(old[["row", "force", "basis", "financial_year", "assigned", "status", "label"]])
    table = pd.concat(frames, ignore_index=True)
    order = {force: i for i, force in enumerate(forces)}
    table["_order"] = table["force"].map(order)
    table["_column"] = table["financial_year"] == OFFENCE_LEVEL_COLUMN
    table = table.sort_values(["_column", "_order", "basis", "financial_year"]).drop(columns=["_order", "_column"])
    return table.reset_index(drop=True)


# --------------------------------------------------------------------------- sentences


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'.

    >>> join_words(["a", "b", "c"])
    'a, b and c'
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def years_list(years: Iterable[str]) -> str:
    """Years in words, runs of consecutive years as ranges.

    >>> years_list(["2014/15"])
    '2014/15'
    >>> years_list(["2014/15", "2017/18", "2018/19", "2019/20"])
    '2014/15 and 2017/18 to 2019/20'
    """
    starts = sorted(int(y[:4]) for y in years)
    runs: list[list[int]] = []
    for start in starts:
        if runs and start == runs[-1][-1] + 1:
            runs[-1].append(start)
        else:
            runs.append([start])
    label = lambda s: f"{s}/{(s + 1) % 100:02d}"  # noqa: E731
    return join_words([label(r[0]) if len(r) == 1 else f"{label(r[0])} to {label(r[-1])}" for r in runs])


_STATUS_PHRASE = {
    "no data": "no {basis}data for {years}",
    "part-year": "only part-year {basis}figures for {years}",
    "check": "{basis}figures for {years} that need checking",
}


def every_year(years: list[str]) -> str:
    """'for every year from 2014/15 to 2025/26', or 'for 2017/18' for one year.

    >>> every_year(["2017/18"]), every_year(["2016/17", "2017/18"])
    ('for 2017/18', 'for every year from 2016/17 to 2017/18')
    """
    return f"for {years[0]}" if len(years) == 1 else f"for every year {years_phrase(years)}"


def force_sentence(force: str, cells: pd.DataFrame, years: list[str]) -> str:
    """One sentence on a force's coverage over ``years`` on both bases.

    >>> c = pd.DataFrame({"force": "Durham", "financial_year": ["2014/15", "2015/16"] * 2,
    ...                   "basis": ["closed"] * 2 + ["recorded"] * 2, "status": "complete"})
    >>> force_sentence("Durham", c, ["2014/15", "2015/16"])
    "Durham Constabulary's data is complete for every year from 2014/15 to 2015/16 on both counts."
    >>> c.loc[2, "status"] = "no data"
    >>> force_sentence("Durham", c, ["2014/15", "2015/16"])
    'Durham Constabulary has no recorded-basis data for 2014/15; its data is complete for the other year on both counts.'
    """
    name = areas.force_in_sentence(force, start=True)
    rows = cells[(cells["force"] == force) & cells["financial_year"].isin(years)]
    bad = rows[rows["status"].isin(["no data", "part-year", "check"])]
    if bad.empty:
        return f"{name}'s data is complete {every_year(years)} on both counts."
    clauses = []
    for status in ("no data", "part-year", "check"):
        part = bad[bad["status"] == status]
        if part.empty:
            continue
        by_year = part.groupby("financial_year")["basis"].apply(lambda b: "both" if len(set(b)) > 1 else b.iloc[0])
        for basis in ("both", *BASES):
            chosen = sorted(by_year[by_year == basis].index)
            if chosen:
                prefix = "" if basis == "both" else BASIS_ADJECTIVE[basis] + " "
                clause = _STATUS_PHRASE[status].format(basis=prefix, years=years_list(chosen))
                if basis == "both":
                    clause += " on both counts"
                clauses.append(clause)
    affected_years = set(bad["financial_year"])
    rest = len([y for y in years if y not in affected_years])
    tail = ""
    if rest:
        tail = f"; its data is complete for the other {'year' if rest == 1 else words.number(rest) + ' years'} on both counts"
    return f"{name} has {join_words(clauses)}{tail}."


def data_gap_warnings(forces: Iterable[str], years: list[str], basis: str, *,
                      totals: pd.DataFrame | None = None, coverage: dict | None = None,
                      mirror: str | os.PathLike[str] | None = None,
                      checks: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None = None) -> list[str]:
    """Plain sentences warning of every gap and failed check that touches these forces, years and
    basis: the known gaps (:func:`gaps.known_gaps`, the same notes other pages show) first, then
    what the computed checks (zero totals, :func:`year_on_year_flags`, :func:`basis_mismatches`)
    found that the known gaps do not already explain.

    ``totals`` defaults to the force-year totals (2024 republication), ``coverage`` to the
    coverage file; pass both to read no file but the reviewed gaps list. ``checks`` are the
    checks already run over ``totals`` (:func:`year_on_year_flags`, :func:`low_runs`,
    :func:`basis_mismatches`), to save running them again.

    >>> t = _example_totals()
    >>> for line in data_gap_warnings(["B", "C"], ["2014/15", "2015/16"], "closed", totals=t, coverage={}):
    ...     print(line)
    B's closed-basis total for 2015/16 (100 outcomes) is far below 200 in 2014/15 and 240 in 2016/17 (found by the year-on-year
    check, not in the list of known gaps): check it before comparing.
    >>> data_gap_warnings(["C"], ["2014/15"], "recorded", totals=t, coverage={})
    ["C's recorded-basis totals for 2014/15 are zero: no data, not no outcomes."]
    >>> data_gap_warnings(["A"], ["2014/15", "2015/16", "2016/17"], "closed", totals=t, coverage={})
    []
    """
    basis = basis.strip().lower()
    forces = [areas.canonical_force(f) if _known(f) else f for f in forces]
    if coverage is None:
        coverage = gaps.load_coverage(mirror=mirror)
    if totals is None:
        from . import outcomes

        totals = outcomes.load_force_year_totals(mirror=mirror)
    listed = gaps.gaps_for(gaps.known_gaps(coverage=coverage), forces, years, basis)
    lines = list(dict.fromkeys(listed["note"]))
    explained = set(zip(listed["force"], listed["financial_year"], strict=True))
    adjective = BASIS_ADJECTIVE[basis]

    def unexplained(force: str, year: str) -> bool:
        """In scope, not a known gap, and not yet warned about (one computed warning per force-year)."""
        return force in forces and year in years and (force, year) not in explained and (force, year) not in warned

    warned: set[tuple[str, str]] = set()

    mine = totals[(totals["basis"] == basis)]
    for row in mine.sort_values(["force", "financial_year"]).itertuples(index=False):
        if row.assigned == 0 and unexplained(row.force, row.financial_year):
            lines.append(f"{_name(row.force, start=True)}'s {adjective} totals for {row.financial_year} are zero: "
                         "no data, not no outcomes.")
            warned.add((row.force, row.financial_year))
    flags, runs, mismatches = checks if checks is not None else (year_on_year_flags(totals), None, None)
    for row in flags[flags["basis"] == basis].itertuples(index=False):
        if row.value == 0 or not unexplained(row.force, row.financial_year):
            continue
        neighbours = " and ".join(f"{words.number(v)} in {y}" for v, y in _neighbours(row) if not pd.isna(v))
        lines.append(f"{_name(row.force, start=True)}'s {adjective} total for {row.financial_year} "
                     f"({words.number(row.value)} outcomes) "
                     f"is far {'below' if row.kind == 'dip' else 'above'} {neighbours} (found by the year-on-year check, "
                     "not in the list of known gaps): check it before comparing.")
        warned.add((row.force, row.financial_year))
    runs = low_runs(totals) if runs is None else runs
    for _, row in runs[runs["basis"] == basis].iterrows():
        open_years = [year for year in row["years"] if unexplained(row["force"], year)]
        if not open_years:
            continue
        lines.append(f"{run_sentence(row, adjective)}: check {join_words(open_years)} before comparing.")
        warned.update((row["force"], year) for year in open_years)
    mismatches = basis_mismatches(totals, spikes=flags) if mismatches is None else mismatches
    for row in mismatches[mismatches["suspect"] == basis].itertuples(index=False):
        if not unexplained(row.force, row.financial_year):
            continue
        other = "recorded" if basis == "closed" else "closed"
        mine_value, other_value = getattr(row, basis), getattr(row, other)
        lines.append(f"{_name(row.force, start=True)}'s {adjective} total for {row.financial_year} "
                     f"({words.number(mine_value)} outcomes) "
                     f"is {words.percent(mine_value / other_value, 0)} of its {other}-basis total ({words.number(other_value)}), "
                     "which is usually within a few per cent (found by the basis check, not in the list of known gaps): "
                     "check it before comparing.")
    return list(dict.fromkeys(lines))


def _known(name: str) -> bool:
    try:
        areas.canonical_force(name)
    except areas.UnknownArea:
        return False
    return True


def _name(force: str, start: bool = False) -> str:
    """A force as a sentence names it (``start``: it begins the sentence); a name not in the table as it is."""
    return areas.force_in_sentence(force, start=start) if _known(force) else force


# --------------------------------------------------------------------------- chart

#: Fill of each status: a light-to-dark ramp (readable in grey) that also works for the common
#: colour-vision deficiencies; every non-complete cell also carries a word or symbol.
COLOURS = {"complete": "#e3ece6", "revised": "#cfe0f1", "check": "#f7dc8b", "part-year": "#e8853d",
           "no data": "#7b2413", NOT_COVERED: "#ffffff"}
TEXT_COLOURS = {"no data": "white"}
LEGEND = {"complete": "complete (blank)", "revised": "rev: revised a lot since 2019", "check": "?: failed a check",
          "part-year": "part: part-year", "no data": "none: no data", NOT_COVERED: "not in this source"}


def grid_chart(cells: pd.DataFrame, *, rows: list[str], years: list[str], title: str, source: str,
               highlight: Iterable[str] = (), separators: Iterable[int] = (), synthetic: bool = False,
               note: str = ""):
    """A grid of rows × financial years, each cell coloured by status *and* labelled.

    ``cells`` has columns ``row``, ``financial_year``, ``status`` and ``label``; rows listed in
    ``highlight`` are drawn bold and red, with a frame; ``separators`` are row positions after
    which a thin rule is drawn. Returns the matplotlib figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    from . import charts

    highlight = set(highlight)
    lookup = {(r.row, r.financial_year): (r.status, r.label) for r in cells.itertuples(index=False)}
    with plt.style.context(charts.STYLE):
        longest = max((len(r) for r in rows), default=10)
        left = min(0.42, 0.03 + 0.0095 * longest)
        gap = 0.35  # space before the offence-level file's column, which is a different source
        xs = [x + (gap if year == OFFENCE_LEVEL_COLUMN else 0.0) for x, year in enumerate(years)]
        height = 0.26 * len(rows) + 2.3
        fig = plt.figure(figsize=(8, height))
        span = (xs[-1] + 1) if xs else 1
        width = min(0.97 - left, span * 0.6 / 8)  # cells at most 0.6 in wide, so one year is not a banner
        ax = fig.add_axes((left, 1.25 / height, width, 1 - 2.05 / height))
        for y, row in enumerate(rows):
            for x, year in zip(xs, years, strict=True):
                status, label = lookup.get((row, year), (NOT_COVERED, ""))
                ax.add_patch(Rectangle((x, y), 1, 1, facecolor=COLOURS[status], edgecolor="white", linewidth=1.2,
                                       hatch="////" if status == NOT_COVERED else None))
                if label:
                    ax.text(x + 0.5, y + 0.52, label, ha="center", va="center", fontsize=7,
                            color=TEXT_COLOURS.get(status, "#222222"), fontweight="bold" if status != "check" else "normal")
        for y, row in enumerate(rows):
            if row in highlight:
                ax.add_patch(Rectangle((0, y), xs[-1] + 1, 1, fill=False, edgecolor=charts.HIGHLIGHT, linewidth=1.4))
        for position in separators:
            ax.plot([0, xs[-1] + 1], [position, position], color="#555555", linewidth=1.0)
        ax.set_xlim(0, xs[-1] + 1 if xs else 1)
        ax.set_ylim(len(rows), 0)
        ax.set_xticks([x + 0.5 for x in xs], [_short(y) for y in years], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks([y + 0.5 for y in range(len(rows))], rows, fontsize=8.5)
        for tick, row in zip(ax.get_yticklabels(), rows, strict=False):
            if row in highlight:
                tick.set_fontweight("bold")
                tick.set_color(charts.HIGHLIGHT)
        ax.tick_params(length=0)
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        shown = [s for s in (*STATUSES, NOT_COVERED) if s in {v[0] for v in lookup.values()} or s == "complete"]
        if any(r not in {k[0] for k in lookup} or any((r, y) not in lookup for y in years) for r in rows):
            shown = list(dict.fromkeys([*shown, NOT_COVERED]))
        handles = [Patch(facecolor=COLOURS[s], edgecolor="#999999", hatch="////" if s == NOT_COVERED else None,
                         label=LEGEND[s]) for s in shown]
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.42 / height), ncol=3, fontsize=8,
                   handlelength=1.4, columnspacing=1.2, frameon=False)
        fig.text(0.01, 1 - 0.12 / height, title, fontsize=12, fontweight="bold", va="top", ha="left")
        if note:
            fig.text(0.01, 1 - 0.42 / height, "\n".join(textwrap.wrap(note, 110)), fontsize=8.5, color="#333333", va="top")
        charts._footer(fig, source, synthetic)
    return fig


def _short(year: str) -> str:
    """A column label: '14/15' for a financial year, the 2019 file's column on two lines.

    >>> _short("2014/15"), _short(OFFENCE_LEVEL_COLUMN)
    ('14/15', '17/18\\n(2019)')
    """
    if year == OFFENCE_LEVEL_COLUMN:
        return "17/18\n(2019)"
    return year[2:]
