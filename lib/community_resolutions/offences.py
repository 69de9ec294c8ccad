"""Offence-level findings: community resolutions by offence code, group and reviewed classification.

Works on the canonical offence-level table (:mod:`outcomes`). Classifications (which codes are
offences against children, which are serious) are reviewed data files in ``data/reference/``,
one row per code with the reason, read here and checked.

>>> rows = pd.DataFrame({
...     "financial_year": ["2017/18"] * 5, "force": ["A", "A", "A", "B", "B"],
...     "offence_code": ["92A", "92A", "92D", "92D", "92D"],
...     "offence_description": ["Trafficking", "Trafficking", "Possession", "Possession", "Possession"],
...     "offence_group": ["Drug offences"] * 5,
...     "offence_subgroup": ["Trafficking of drugs"] * 2 + ["Possession of drugs"] * 3,
...     "outcome_type": [8, 1, 8, 8, 0], "closed": [2, 6, 5, 1, pd.NA], "recorded": [2, 6, 5, 1, 9]})
>>> t = outcome_counts(rows, ["A", "B"], ["2017/18"], "closed", by=["offence_subgroup"])
>>> t.set_index("offence_subgroup")[["community_resolution", "assigned"]].to_dict("index")
{'Possession of drugs': {'community_resolution': 6, 'assigned': 6}, 'Trafficking of drugs': {'community_resolution': 2,
'assigned': 8}}
"""

from __future__ import annotations

import os
from functools import lru_cache

import pandas as pd

from . import memo, sources, words
from .definitions import BASES, COMMUNITY_RESOLUTION, NOT_YET_ASSIGNED
from .outcomes import (
    OFFICIAL_WORKBOOK_ID,
    load_offence_level_all,
    load_user_offences,
    offence_level_publications,
    prefer_user_rows,
    totals_from_offences,
)
from .paths import REFERENCE_DIR

CHILD_SEX_OFFENCES_FILE = REFERENCE_DIR / "child-sex-offences.csv"
SERIOUS_OFFENCES_FILE = REFERENCE_DIR / "serious-offences.csv"


def load_offence_level(*, mirror: str | os.PathLike[str] | None = None,
                       files: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """Every offence-level row the package holds: the mirror's years (2017/18 and 2018/19, 2019
    publication) and the official workbooks in the project cache (:func:`outcomes.load_offence_level_all`),
    replaced for the years and forces they cover by the files the user named (``files``)."""
    return prefer_user_rows(load_offence_level_all(mirror=mirror), load_user_offences(files))


def every_force_totals(table: pd.DataFrame, key: tuple | None = None) -> pd.DataFrame:
    """Force x year x basis totals of the whole offence-level table (:func:`outcomes.totals_from_offences`),
    worked out once per process when ``key`` (:func:`outcomes.data_key` of what ``table`` was
    loaded from) says the table came straight from the loaders; ``None``: every time. The data
    coverage check and every offence-level page's consistency notes read the same figures.

    >>> rows = pd.DataFrame({"force": ["A", "B"], "financial_year": ["2017/18"] * 2, "outcome_type": [8, 1],
    ...     "closed": [5, 3], "recorded": [4, 2], "source": "x", "published": "2019", "synthetic": False})
    >>> every_force_totals(rows).query("basis == 'closed'")[["force", "community_resolution", "assigned"]].values.tolist()
    [['A', 5, 5], ['B', 0, 3]]
    """
    return memo.once("offences.every_force_totals", key, lambda: totals_from_offences(table))


def whole_years(table: pd.DataFrame) -> pd.DataFrame:
    """Offence-level rows with the quarters of each year added together: one row per year, force,
    offence and outcome type, a quarter of the rows and the same yearly counts. For code that
    counts whole years many times over (the reconciliation's two dozen figures).

    >>> rows = pd.DataFrame({"financial_year": ["2017/18"] * 2, "quarter": [1, 2], "force": ["A"] * 2,
    ...     "offence_code": ["21"] * 2, "offence_description": ["x"] * 2, "offence_group": ["g"] * 2,
    ...     "offence_subgroup": [None] * 2, "outcome_type": [8, 8], "closed": [2, -1], "recorded": [3, 0]})
    >>> whole_years(rows)[["closed", "recorded"]].values.tolist()
    [[1, 3]]
    """
    keys = ["financial_year", "force", "offence_code", "offence_description", "offence_group", "offence_subgroup",
            "outcome_type"]
    return table.groupby(keys, dropna=False, sort=False)[list(BASES)].sum(min_count=1).reset_index()


def split_years(years: list[str], table: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The asked-for years the offence-level table holds, and those it does not.

    >>> split_years(["2016/17", "2017/18"], pd.DataFrame({"financial_year": ["2017/18"]}))
    (['2017/18'], ['2016/17'])
    """
    held = set(table["financial_year"].unique())
    return [y for y in years if y in held], [y for y in years if y not in held]


def years_held(table: pd.DataFrame, years: list[str], key: tuple | None = None) -> tuple[list[str], list[str]]:
    """:func:`split_years`, worked out once per process for a table straight from the loaders
    (``key``: :func:`outcomes.data_key` of what it was loaded from; ``None``: every time).

    >>> years_held(pd.DataFrame({"financial_year": ["2017/18"]}), ["2016/17", "2017/18"])
    (['2017/18'], ['2016/17'])
    """
    return memo.once("offences.years_held", None if key is None else (key, tuple(years)),
                     lambda: split_years(years, table))


def who_holds(table: pd.DataFrame, key: tuple | None = None) -> pd.DataFrame:
    """Which forces each year holds, from which file, and whether it is synthetic: one row per
    distinct ``financial_year``, ``force``, ``source`` and ``synthetic``. A few hundred rows
    instead of a million, so every page's checks of its forces and years read this one.
    Worked out once per process for a table straight from the loaders (``key``:
    :func:`outcomes.data_key`; ``None``: every time).

    >>> rows = pd.DataFrame({"financial_year": ["2017/18"] * 3, "force": ["A", "A", "B"],
    ...                      "source": ["x"] * 3, "synthetic": [False] * 3, "closed": [1, 2, 3]})
    >>> who_holds(rows).values.tolist()
    [['2017/18', 'A', 'x', False], ['2017/18', 'B', 'x', False]]
    """
    columns = ["financial_year", "force", "source", "synthetic"]
    return memo.once("offences.who_holds", key,
                     lambda: table[columns].drop_duplicates().reset_index(drop=True))


def missing_years_sentence(missing: list[str]) -> str:
    """Say which years cannot be computed here and which official files would answer.

    >>> missing_years_sentence(["2016/17"])[:60]
    'Offence-level data for 2016/17 is not in the data available '
    """
    if not missing:
        return ""
    registry = sources.registry()
    files = [registry[OFFICIAL_WORKBOOK_ID.format(y.replace("/", "-"))].filename for y in missing
             if OFFICIAL_WORKBOOK_ID.format(y.replace("/", "-")) in registry]
    years = ", ".join(missing)
    text = (f"Offence-level data for {years} is not in the data available here, so these figures cannot be computed "
            f"for {'that year' if len(missing) == 1 else 'those years'}.")
    if files:
        text += (f" The official Home Office workbooks would answer it ({', '.join(files)}; "
                 "the command make fetch downloads them).")
    return text


def outcome_counts(table: pd.DataFrame, forces: list[str] | tuple[str, ...], years: list[str], basis: str,
                   by: list[str]) -> pd.DataFrame:
    """Community resolutions and all assigned outcomes (type 0 excluded), grouped by ``by``.

    Returns ``by`` columns plus ``community_resolution``, ``assigned`` and ``share``.
    """
    rows = table[table["force"].isin(list(forces)) & table["financial_year"].isin(years)
                 & (table["outcome_type"] != NOT_YET_ASSIGNED)]
    counts = pd.to_numeric(rows[basis]).fillna(0).astype("int64")
    frame = rows[by].copy()
    frame["assigned"] = counts
    frame["community_resolution"] = counts.where(rows["outcome_type"] == COMMUNITY_RESOLUTION, 0)
    grouped = frame.groupby(by, as_index=False, dropna=False)[["community_resolution", "assigned"]].sum()
    grouped["share"] = grouped["community_resolution"] / grouped["assigned"].where(grouped["assigned"] > 0)
    return grouped.sort_values(by).reset_index(drop=True)


def publications_table(table: pd.DataFrame) -> pd.DataFrame:
    """Which file and publication each year of an offence-level table came from, for a page.

    >>> rows = pd.DataFrame({"financial_year": ["2018/19"], "force": ["A"], "source": ["outcomes-2018-19-csv"],
    ...                      "published": ["2019"]})
    >>> publications_table(rows).values.tolist()
    [['2018/19', 'outcomes-2018-19-csv', '2019', 1]]
    """
    return offence_level_publications(table).rename(columns={
        "financial_year": "Year", "source": "File", "published": "Published", "forces": "Forces"})


def yearly(table: pd.DataFrame, forces: list[str] | tuple[str, ...], basis: str,
           rows: pd.Series | None = None) -> pd.DataFrame:
    """Community resolutions, assigned outcomes and the share for **every** financial year the
    offence-level table holds (not only the years asked for), for the rows selected by ``rows``
    (a boolean mask over ``table``; all rows when ``None``), with the change in the share from
    the year before (``change_points``, in percentage points) and which file each year came from.

    >>> t = pd.DataFrame({"financial_year": ["2017/18", "2017/18", "2018/19", "2018/19"], "force": ["A"] * 4,
    ...     "outcome_type": [8, 1, 8, 1], "closed": [1, 3, 3, 3], "recorded": [1, 3, 3, 3],
    ...     "source": ["x", "x", "y", "y"], "published": ["2019"] * 4})
    >>> columns = ["financial_year", "community_resolution", "assigned", "share", "change_points"]
    >>> yearly(t, ["A"], "closed")[columns].values.tolist()
    [['2017/18', 1, 4, 0.25, nan], ['2018/19', 3, 6, 0.5, 25.0]]
    """
    selected = table if rows is None else table[rows]
    years = sorted(table["financial_year"].unique())
    counts = outcome_counts(selected, forces, years, basis, by=["financial_year"])
    counts = pd.DataFrame({"financial_year": years}).merge(counts, on="financial_year", how="left")
    for column in ("community_resolution", "assigned"):
        counts[column] = counts[column].fillna(0).astype("int64")
    counts["share"] = counts["community_resolution"] / counts["assigned"].where(counts["assigned"] > 0)
    counts["change_points"] = (counts["share"] - counts["share"].shift()) * 100
    mine = table[table["force"].isin(list(forces))]
    origin = mine.groupby("financial_year").agg(source=("source", lambda s: " + ".join(sorted(set(s)))),
                                                 published=("published", "max"))
    counts = counts.merge(origin, left_on="financial_year", right_index=True, how="left")
    return counts[["financial_year", "community_resolution", "assigned", "share", "change_points", "source", "published"]]


def yearly_table(years: pd.DataFrame) -> pd.DataFrame:
    """:func:`yearly` as a table an editor reads: counts, share, change in points, the file behind each year.

    >>> y = pd.DataFrame({"financial_year": ["2017/18", "2018/19"], "community_resolution": [120, 153],
    ...                   "assigned": [900, 955], "share": [120 / 900, 153 / 955], "change_points": [float("nan"), 2.69],
    ...                   "source": ["a", "b"], "published": ["2019", "2019"]})
    >>> yearly_table(y).values.tolist()[1]
    ['2018/19', 153, 955, '16.0%', '+2.7 points', 'b (2019)']
    """
    return pd.DataFrame({
        "Year": years["financial_year"], "Community resolutions": years["community_resolution"],
        "Given an outcome": years["assigned"], "Share": years["share"].map(words.percent),
        "Change from the year before": [f"{v:+.1f} points" if pd.notna(v) else "" for v in years["change_points"]],
        "Data": [f"{s} ({p})" for s, p in zip(years["source"], years["published"], strict=True)],
    })


def yearly_sentence(who: str, what: str, years: pd.DataFrame) -> str:
    """The latest year of :func:`yearly` in words, compared with the year before. ``who`` is the subject
    as it would start a sentence; it is put mid-sentence by :func:`words.mid`.

    >>> y = pd.DataFrame({"financial_year": ["2017/18", "2018/19"], "community_resolution": [120, 153],
    ...                   "assigned": [900, 955], "share": [120 / 900, 153 / 955]})
    >>> yearly_sentence("North Yorkshire", "drug offences", y)
    'In 2018/19, North Yorkshire closed 16.0% of drug offences with a community resolution (153 of 955),
    up from 13.3% in 2017/18.'
    >>> yearly_sentence("Durham", "drug offences", y.iloc[:1])
    'In 2017/18, Durham closed 13.3% of drug offences with a community resolution (120 of 900); the offence-level data hold no
    other year to compare it with.'
    >>> yearly_sentence("City of London Police", "drug offences", y.assign(community_resolution=0, share=0.0).iloc[:1])
    'In 2017/18, City of London Police closed no drug offences with a community resolution (none of 900 given an outcome); the
    offence-level data hold no other year to compare it with.'

    A year with none is compared in words, not as "0.0%":

    >>> none = y.assign(community_resolution=[0, 0], share=[0.0, 0.0])
    >>> yearly_sentence("British Transport Police", "sexual offences against children", none)
    'In 2018/19, British Transport Police closed no sexual offences against children with a community resolution
    (none of 955 given an outcome), as in 2017/18.'
    >>> yearly_sentence("Durham", "drug offences", none.assign(community_resolution=[0, 153], share=[0.0, 153 / 955]))
    'In 2018/19, Durham closed 16.0% of drug offences with a community resolution (153 of 955), up from none in 2017/18.'
    >>> yearly_sentence("The Metropolitan Police Service", "drug offences", y.iloc[:1])[:50]
    'In 2017/18, the Metropolitan Police Service closed'
    """
    who = words.mid(who)
    with_data = years[years["assigned"] > 0]
    if with_data.empty:
        return f"The offence-level data hold no {what} given an outcome for {who} in any year."
    last = with_data.iloc[-1]
    cr, assigned = int(last["community_resolution"]), int(last["assigned"])
    if cr == 0:
        text = (f"In {last['financial_year']}, {who} closed no {what} with a community resolution "
                f"(none of {words.number(assigned)} given an outcome)")
    else:
        text = (f"In {last['financial_year']}, {who} closed {words.percent(last['share'])} of {what} with a community "
                f"resolution ({words.number(cr)} of {words.number(assigned)})")
    if len(with_data) < 2:
        return text + "; the offence-level data hold no other year to compare it with."
    before = with_data.iloc[-2]
    if int(before["community_resolution"]) == 0:  # "none" in words, never "the same as 0.0%"
        return text + f", {'as' if cr == 0 else 'up from none'} in {before['financial_year']}."
    return text + f", {words.change_phrase(last['share'], before['share'])} in {before['financial_year']}."


@lru_cache(maxsize=None)
def classification(path: str) -> pd.DataFrame:
    """A reviewed classification file: one row per offence code, each with a reason."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("offence_code", "offence_description", "reason"):
        if column not in table.columns:
            raise ValueError(f"{path}: missing column {column!r}")
    empty = table.index[(table["reason"].str.strip() == "") | (table["offence_code"].str.strip() == "")]
    if len(empty):
        raise ValueError(f"{path}, line {int(empty[0]) + 2}: every code needs a code and a reason")
    duplicated = table["offence_code"][table["offence_code"].duplicated()]
    if len(duplicated):
        raise ValueError(f"{path}: offence code {duplicated.iloc[0]!r} appears twice")
    return table


def child_sex_offence_codes() -> list[str]:
    """Codes counted as sexual offences against children (``against_children == yes``)."""
    table = classification(str(CHILD_SEX_OFFENCES_FILE))
    return table.loc[table["against_children"] == "yes", "offence_code"].tolist()


def serious_offences() -> pd.DataFrame:
    """The reviewed list of serious offences with category, reason and source."""
    return classification(str(SERIOUS_OFFENCES_FILE))


OFFENCE_MIX_FILE = REFERENCE_DIR / "offence-mix.csv"


def offence_mix(table: pd.DataFrame, forces: list[str] | tuple[str, ...], years: list[str], basis: str,
                by: list[str] | None = None) -> pd.DataFrame:
    """Community resolutions and assigned outcomes per editor-facing category of
    ``data/reference/offence-mix.csv`` (categories may overlap: assaults are also violence).

    A category is the union of its rows; ``match_column`` is an offence column, or
    ``child_sex_offences`` for the reviewed child-offence codes.

    >>> rows = pd.DataFrame({"financial_year": ["2017/18"] * 3, "force": ["A"] * 3,
    ...     "offence_code": ["28E", "30C", "21"], "offence_group": ["Theft offences", "Theft offences", "Sexual offences"],
    ...     "offence_subgroup": ["Domestic burglary", "Non-domestic burglary", "Other sexual offences"],
    ...     "outcome_type": [8, 8, 8], "closed": [2, 3, 1], "recorded": [2, 3, 1]})
    >>> mix = offence_mix(rows, ["A"], ["2017/18"], "closed").set_index("category")
    >>> int(mix.loc["Burglary", "community_resolution"]), int(mix.loc["Sexual offences against children", "community_resolution"])
    (5, 1)
    """
    rules = pd.read_csv(OFFENCE_MIX_FILE, dtype=str, keep_default_na=False)
    child = set(child_sex_offence_codes())
    # Every rule looks at the offence only, so count once per offence (about 150 rows) and
    # apply the rules to that small table rather than to every row of the data.
    offence_keys = ["offence_code", "offence_group", "offence_subgroup"]
    per_offence = outcome_counts(table, forces, years, basis, by=[*offence_keys, *(by or [])])
    frames = []
    for category, group in rules.groupby("category", sort=False):
        mask = pd.Series(False, index=per_offence.index)
        for rule in group.itertuples(index=False):
            if rule.match_column == "child_sex_offences":
                mask |= per_offence["offence_code"].isin(child)
            elif rule.match_column in offence_keys:
                mask |= per_offence[rule.match_column] == rule.match_value
            else:
                raise ValueError(f"{OFFENCE_MIX_FILE}: unknown match_column {rule.match_column!r} for {category!r}")
        subset = per_offence.loc[mask, [*(by or []), "community_resolution", "assigned"]]
        if subset.empty:
            counts = pd.DataFrame([{"category": category, "community_resolution": 0, "assigned": 0, "share": float("nan")}])
        else:
            counts = (subset.groupby(by, as_index=False, dropna=False).sum() if by
                      else subset[["community_resolution", "assigned"]].sum().to_frame().T)
            counts.insert(0, "category", category)
            counts["share"] = counts["community_resolution"] / counts["assigned"].where(counts["assigned"] > 0)
        frames.append(counts)
    order = list(dict.fromkeys(rules["category"]))
    result = pd.concat(frames, ignore_index=True)
    result["category"] = pd.Categorical(result["category"], categories=order, ordered=True)
    return result.sort_values(["category", *(by or [])]).reset_index(drop=True)
