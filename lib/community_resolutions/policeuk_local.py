"""police.uk "Local resolution" below the force: by council area and by neighbourhood (issue 16, item 4).

police.uk's street files place each crime in a neighbourhood, an LSOA (lower layer super output
area, about 1,500 residents), written by code (``E01008246``) and name (``Gateshead 001A``). ONS
names every LSOA after its council area (local authority district) followed by a three-digit number
and a letter, so **the council area is the name without the trailing code** (:func:`council_area`).
No reference table (LSOA code → local authority) is needed or used: there is no internet here, and
the names are what police.uk publishes. A name that does not end in such a code is kept whole;
crimes with no location (blank LSOA) are counted apart as :data:`NO_LOCATION` and never ranked.

The tables here start from :func:`policeuk.lsoa_counts` (or the DuckDB reader's ``lsoa`` table):
crimes and "Local resolution" as last outcome per force, month and LSOA, each Crime ID once,
anti-social behaviour left out. Sentences with numbers are made here, not in notebooks.

>>> council_area("Newcastle upon Tyne 001A"), council_area("County Durham 042C"), council_area("")
('Newcastle upon Tyne', 'County Durham', 'No location')
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pandas as pd

from . import areas, words
from .errors import UnknownLocalArea

NO_LOCATION = "No location"
_LSOA_CODE_SUFFIX = re.compile(r"\s+\d{3}[A-Z]$")

#: Known holes in police.uk's own coverage: force → (first month missing, what to say).
COVERAGE_GAPS: dict[str, tuple[str, str]] = {
    "Greater Manchester": ("2019-07", "Greater Manchester Police published no crimes on police.uk from July 2019 "
                                      "(after a new records system), so its figures stop in June 2019."),
}
#: Below this share of a force's crimes, a council area is "just outside" the force (a crime placed
#: across the boundary), named in a caveat.
FRINGE_SHARE = 0.01

AREA_COLUMNS = ["force", "council_area", "neighbourhoods", "crimes", "local_resolution_last", "share", "rank", "ranked_areas"]
NEIGHBOURHOOD_COLUMNS = ["force", "council_area", "lsoa_code", "lsoa_name", "crimes", "local_resolution_last", "share", "rank"]


def council_area(lsoa_name: str) -> str:
    """The council area in a police.uk LSOA name: the name less its trailing code ("001A").

    >>> council_area("Bristol 023E"), council_area("Some odd name"), council_area("  ")
    ('Bristol', 'Some odd name', 'No location')
    """
    name = str(lsoa_name).strip()
    return _LSOA_CODE_SUFFIX.sub("", name) if name else NO_LOCATION


def _ranks(values: pd.Series) -> pd.Series:
    """1 = most; ties share the better rank."""
    return values.rank(method="min", ascending=False).astype("int64")


def council_areas(lsoa: pd.DataFrame) -> pd.DataFrame:
    """Per force and council area (:data:`AREA_COLUMNS`): neighbourhoods, crimes, crimes whose last
    outcome is Local resolution, the share, and the rank within the force by count (1 = most).
    Not ranked (``rank`` 0, listed last): crimes with no location, and council areas holding under
    :data:`FRINGE_SHARE` of the force's crimes (crimes placed just across its boundary).

    >>> t = pd.DataFrame({"force": ["Durham"] * 3, "month": ["2016-01"] * 3, "lsoa_code": ["a", "b", ""],
    ...     "lsoa_name": ["Darlington 001A", "Darlington 002A", ""], "crimes": [10, 5, 2], "local_resolution_last": [1, 2, 1]})
    >>> council_areas(t)[["council_area", "crimes", "local_resolution_last", "rank", "ranked_areas"]].to_dict("records")
    [{'council_area': 'Darlington', 'crimes': 15, 'local_resolution_last': 3, 'rank': 1, 'ranked_areas': 1},
    {'council_area': 'No location', 'crimes': 2, 'local_resolution_last': 1, 'rank': 0, 'ranked_areas': 1}]
    """
    named = lsoa.assign(council_area=lsoa["lsoa_name"].map(council_area))
    table = named.groupby(["force", "council_area"]).agg(
        neighbourhoods=("lsoa_code", lambda codes: codes[codes != ""].nunique()),
        crimes=("crimes", "sum"), local_resolution_last=("local_resolution_last", "sum")).reset_index()
    table["share"] = table["local_resolution_last"] / table["crimes"].where(table["crimes"] > 0)
    force_crimes = table.groupby("force")["crimes"].transform("sum")
    ranked = (table["council_area"] != NO_LOCATION) & (table["crimes"] >= FRINGE_SHARE * force_crimes)
    table["rank"] = 0
    if ranked.any():
        table.loc[ranked, "rank"] = table[ranked].groupby("force")["local_resolution_last"].transform(_ranks)
    table["ranked_areas"] = ranked.groupby(table["force"]).transform("sum")
    table = table.astype({"rank": "int64", "ranked_areas": "int64", "neighbourhoods": "int64"})
    order = table.assign(_fringe=~ranked, _nowhere=table["council_area"] == NO_LOCATION)
    order = order.sort_values(["force", "_nowhere", "_fringe", "rank", "council_area"])
    return order[AREA_COLUMNS].reset_index(drop=True)


def neighbourhoods(lsoa: pd.DataFrame, force: str, area: str) -> pd.DataFrame:
    """The neighbourhoods (LSOAs) of one council area within a force (:data:`NEIGHBOURHOOD_COLUMNS`),
    most Local resolutions first, ranked within the council area."""
    named = lsoa[lsoa["force"] == force].assign(council_area=lsoa["lsoa_name"].map(council_area))
    rows = named[named["council_area"] == area]
    keys = ["force", "council_area", "lsoa_code", "lsoa_name"]
    table = rows.groupby(keys)[["crimes", "local_resolution_last"]].sum().reset_index()
    table["share"] = table["local_resolution_last"] / table["crimes"].where(table["crimes"] > 0)
    table["rank"] = _ranks(table["local_resolution_last"]) if len(table) else pd.Series(dtype="int64")
    table = table.sort_values(["rank", "crimes", "lsoa_name"], ascending=[True, False, True])
    return table[NEIGHBOURHOOD_COLUMNS].reset_index(drop=True)


def find_local_area(name: str, table: pd.DataFrame) -> pd.Series:
    """The :func:`council_areas` row for ``name`` (any case, surrounding spaces ignored), or
    :class:`UnknownLocalArea` listing the closest names.

    >>> t = pd.DataFrame({"force": ["Durham", "Durham"], "council_area": ["Darlington", "County Durham"]})
    >>> find_local_area(" darlington ", t)["council_area"]
    'Darlington'
    >>> find_local_area("Darlingtn", t)
    Traceback (most recent call last):
    ...
    community_resolutions.errors.UnknownLocalArea: local area 'Darlingtn' is not a council area in the police.uk files read
    (Durham). Closest: Darlington. Council areas there: County Durham, Darlington.
    """
    wanted = " ".join(str(name).split()).lower()
    named = table[table["council_area"] != NO_LOCATION]
    match = named[named["council_area"].str.lower() == wanted]
    if "crimes" in match:
        match = match.sort_values("crimes", ascending=False, kind="stable")  # in several forces: the main one
    if len(match):
        return match.iloc[0]
    known = sorted(set(named["council_area"]))
    lowered = {n.lower(): n for n in known}
    closest = [lowered[c] for c in difflib.get_close_matches(wanted, list(lowered), n=3, cutoff=0.5)]
    forces = ", ".join(sorted(set(table["force"])))
    listed = ", ".join(known[:30]) + (f" and {len(known) - 30} more" if len(known) > 30 else "")
    raise UnknownLocalArea(f"local area {name!r} is not a council area in the police.uk files read ({forces}). "
                           + (f"Closest: {', '.join(closest)}. " if closest else "")
                           + f"Council areas there: {listed}.")


# --------------------------------------------------------------------------- sentences


def rank_words(rank: int, of: int, tied: bool = False) -> str:
    """Where a council area's count ranks among ``of`` in its force, in words.

    >>> rank_words(1, 7), rank_words(2, 7), rank_words(7, 7), rank_words(6, 7), rank_words(3, 7, tied=True), rank_words(1, 1)
    ('the most of seven council areas', 'the second most of seven council areas', 'the fewest of seven council areas',
    'the second fewest of seven council areas', 'the joint third most of seven council areas', 'the only council area')
    >>> rank_words(12, 30), rank_words(2, 2)
    ('the 12th most of 30 council areas', 'the fewer of two council areas')
    """
    if of == 1:
        return "the only council area"
    if of == 2:
        return "as many as the other council area" if tied else f"the {'more' if rank == 1 else 'fewer'} of two council areas"
    joint = "joint " if tied else ""
    of_text = f"of {words.number(of)} council areas"
    if rank == 1:
        return f"the {joint}most {of_text}"
    from_bottom = of - rank + 1
    if from_bottom == 1 and not tied:
        return f"the fewest {of_text}"
    if rank <= from_bottom or tied:
        return f"the {joint}{words.ordinal_word(rank)} most {of_text}"
    return f"the {words.ordinal_word(from_bottom)} fewest {of_text}"


def _crimes_phrase(count: int, total: int) -> str:
    """'103 of its 10,292 crimes', 'none of its 17 crimes', 'its one crime'.

    >>> _crimes_phrase(103, 10292), _crimes_phrase(0, 17), _crimes_phrase(1, 1), _crimes_phrase(0, 1), _crimes_phrase(1, 2)
    ('103 of its 10,292 crimes', 'none of its 17 crimes', 'its one crime', 'its one crime', 'one of its two crimes')
    """
    if total == 1:
        return "its one crime"
    return f"{'none' if count == 0 else words.number(count)} of its {words.number(total)} crimes"


def area_sentence(row: pd.Series | dict, force_name: str, period: str) -> str:
    """One council area's own figures and its rank within its force.

    >>> row = {"council_area": "Sunderland", "crimes": 7357, "local_resolution_last": 57, "share": 57 / 7357,
    ...        "rank": 2, "ranked_areas": 7}
    >>> area_sentence(row, "Northumbria Police", "January to June 2014")
    "Sunderland: 57 of its 7,357 crimes recorded January to June 2014 (0.8%) had “Local resolution” as their last outcome on
    police.uk, the second most of seven council areas in Northumbria Police's files."
    >>> only = {**row, "council_area": "Darlington", "crimes": 1, "local_resolution_last": 0, "share": 0.0,
    ...         "rank": 1, "ranked_areas": 1}
    >>> area_sentence(only, "Durham Constabulary", "March 2016")
    "Darlington: its one crime recorded March 2016 did not have “Local resolution” as its last outcome on police.uk; Darlington is
    the only council area in Durham Constabulary's files."
    """
    row = dict(row)
    name, crimes, count = row["council_area"], int(row["crimes"]), int(row["local_resolution_last"])
    rank = rank_words(int(row["rank"]), int(row["ranked_areas"]), bool(row.get("tied", False)))
    where = f"{words.mid(force_name)}'s files"
    if crimes == 1:
        verb = "had" if count else "did not have"
        text = f"{name}: its one crime recorded {period} {verb} “Local resolution” as its last outcome on police.uk"
    else:
        share = f" ({words.percent(row['share'])})" if count else ""
        text = (f"{name}: {_crimes_phrase(count, crimes)} recorded {period}{share} had “Local resolution” as their last "
                "outcome on police.uk")
    if int(row["rank"]) == 0:
        return f"{text}; it holds too few of the crimes in {where} to be ranked (it lies mostly outside the force)."
    if int(row["ranked_areas"]) == 1:
        return f"{text}; {name} is the only council area in {where}."
    return f"{text}, {rank} in {where}."


def force_sentence(table: pd.DataFrame, force_name: str, period: str) -> str:
    """A force's council areas in one sentence: how many, the most and the fewest.

    >>> t = pd.DataFrame({"council_area": ["A", "B", "C"], "crimes": [100, 50, 10], "local_resolution_last": [5, 1, 0],
    ...     "rank": [1, 2, 3], "ranked_areas": [3] * 3})
    >>> force_sentence(t, "Durham Constabulary", "2016")
    "Of the three council areas in Durham Constabulary's police.uk files for 2016,
    A had the most crimes ending in “Local resolution” (five of 100 crimes) and C the fewest (none of 10)."
    >>> force_sentence(t.head(1), "Durham Constabulary", "2016")
    "Durham Constabulary's police.uk files for 2016 place its crimes in one council area,
    A: five of 100 crimes ended in “Local resolution”."
    >>> force_sentence(t.assign(local_resolution_last=0), "Durham Constabulary", "2016")
    "None of the 160 crimes in Durham Constabulary's police.uk files for 2016 ended in “Local resolution”,
    in any of its three council areas."
    """
    ranked = table[table["rank"] > 0].sort_values(["rank", "council_area"])
    if ranked.empty:
        return f"{force_name}'s police.uk files for {period} give no location for any crime, so no council area can be shown."
    first, last, count = ranked.iloc[0], ranked.iloc[-1], len(ranked)
    total_local = int(ranked["local_resolution_last"].sum())
    most = words.count_of(int(first["local_resolution_last"]), int(first["crimes"]), "crimes")
    if count == 1:
        return (f"{force_name}'s police.uk files for {period} place its crimes in one council area, "
                f"{first['council_area']}: {most} ended in “Local resolution”.")
    if total_local == 0:
        return (f"None of the {words.number(int(ranked['crimes'].sum()))} crimes in {words.mid(force_name)}'s police.uk "
                f"files for {period} "
                f"ended in “Local resolution”, in any of its {words.number(count)} council areas.")
    fewest = f"none of {words.number(int(last['crimes']))}" if int(last["local_resolution_last"]) == 0 else (
        f"{words.number(int(last['local_resolution_last']))} of {words.number(int(last['crimes']))}")
    return (f"Of the {words.number(count)} council areas in {words.mid(force_name)}'s police.uk files for {period}, "
            f"{first['council_area']} had the most crimes ending in “Local resolution” ({most}) "
            f"and {last['council_area']} the fewest ({fewest}).")


def neighbourhood_sentence(table: pd.DataFrame, area: str) -> str:
    """The neighbourhood of a council area with the most Local resolutions, or why there is none.

    >>> t = pd.DataFrame({"lsoa_name": ["X 001A", "X 002B"], "crimes": [40, 12], "local_resolution_last": [3, 3], "rank": [1, 1]})
    >>> neighbourhood_sentence(t, "X")
    'Within X, the neighbourhoods (LSOAs) with the most were X 001A and X 002B,
    with three each; counts this small move a long way with a few crimes.'
    >>> neighbourhood_sentence(t.head(1), "X")
    'Within X, the neighbourhood (LSOA) with the most was X 001A: three of its 40 crimes; counts this small move a long way with a
    few crimes.'
    >>> neighbourhood_sentence(t.assign(local_resolution_last=0), "X")
    'No neighbourhood (LSOA) in X had a crime ending in “Local resolution”.'
    """
    top = table[(table["rank"] == 1) & (table["local_resolution_last"] > 0)]
    if top.empty:
        return f"No neighbourhood (LSOA) in {area} had a crime ending in “Local resolution”."
    caveat = "; counts this small move a long way with a few crimes."
    if len(top) == 1:
        row = top.iloc[0]
        counted = words.count_of(int(row["local_resolution_last"]), int(row["crimes"]), "crimes").replace(" of ", " of its ", 1)
        return f"Within {area}, the neighbourhood (LSOA) with the most was {row['lsoa_name']}: {counted}{caveat}"
    names = list(top["lsoa_name"])
    shown = words.listing(names if len(names) <= 4 else names[:3] + [f"{len(names) - 3} others"])
    return (f"Within {area}, the neighbourhoods (LSOAs) with the most were {shown}, with "
            f"{words.number(int(top['local_resolution_last'].iloc[0]))} each{caveat}")


def caveats(areas_table: pd.DataFrame, monthly: pd.DataFrame, forces: list[str]) -> list[str]:
    """What a reader must know before quoting a council area's figure."""
    lines = [
        "police.uk shows each crime's last outcome only, as it stood when the file was made: a community resolution later "
        "replaced by another outcome is not counted here, and one given after the file was made is missing.",
        "Anti-social behaviour is on police.uk but is not a crime: it is left out of every count here.",
        "Council areas are read from police.uk's neighbourhood (LSOA) names (“Newcastle upon Tyne 001A” is in Newcastle upon "
        "Tyne); police.uk moves each crime to a nearby anonymous point, so a crime near a boundary can fall in the next area.",
    ]
    for force in forces:
        rows = areas_table[areas_table["force"] == force]
        fringe = rows[(rows["council_area"] != NO_LOCATION) & (rows["rank"] == 0)]
        if len(fringe):
            listed = words.listing([f"{r.council_area}: {words.plural(r.crimes, 'crime')}" for r in fringe.itertuples()])
            lines.append(f"{areas.force_in_sentence(force, start=True)}'s files place a few crimes just outside its own area "
                         f"({listed}); they are shown in the table but not ranked.")
        unlocated = rows[rows["council_area"] == NO_LOCATION]
        if len(unlocated):
            lines.append(f"{words.plural(int(unlocated['crimes'].sum()), 'crime').capitalize()} in "
                         f"{areas.force_in_sentence(force)}'s files have no location and are in no council area.")
        months = monthly.loc[monthly["force"] == force, "month"]
        gap = COVERAGE_GAPS.get(force)
        if gap and len(months) and months.max() >= gap[0]:
            lines.append(gap[1])
    return lines


# --------------------------------------------------------------------------- the page section


@dataclass
class LocalSection:
    """Everything the police.uk page shows below the force: tables, sentences and figures."""

    areas: pd.DataFrame
    chosen: pd.Series | None = None
    neighbourhoods: pd.DataFrame | None = None
    sentences: list[str] = field(default_factory=list)
    figures: dict[str, tuple[object, str]] = field(default_factory=dict)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def month_span(months: pd.Series) -> str:
    """'January to June 2014', 'March 2016', 'November 2016 to February 2017'.

    >>> spans = [["2014-01", "2014-06"], ["2016-03"], ["2016-11", "2017-02"]]
    >>> tuple(month_span(pd.Series(months)) for months in spans)
    ('January to June 2014', 'March 2016', 'November 2016 to February 2017')
    """
    first, last = pd.Timestamp(f"{months.min()}-01"), pd.Timestamp(f"{months.max()}-01")
    if first == last:
        return first.strftime("%B %Y")
    if first.year == last.year:
        return f"{first.strftime('%B')} to {last.strftime('%B %Y')}"
    return f"{first.strftime('%B %Y')} to {last.strftime('%B %Y')}"


def local_section(lsoa: pd.DataFrame, monthly: pd.DataFrame, forces: list[str], local_area: str = "") -> LocalSection:
    """Council areas of each force with files; with ``local_area``, that council area's own figures,
    its rank within its force and its neighbourhoods. An unknown ``local_area`` is
    :class:`UnknownLocalArea` (closest names listed)."""
    shown = lsoa[lsoa["force"].isin(forces)]
    table = council_areas(shown)
    section = LocalSection(table)
    for force in [f for f in forces if f in set(table["force"])]:
        rows, name = table[table["force"] == force], areas.force_in_sentence(force, start=True)
        period = month_span(shown.loc[shown["force"] == force, "month"])
        section.sentences.append(force_sentence(rows, name, period))
        slug = areas.force_slug(force)
        for row in rows.itertuples():
            key = f"{slug}_council_{_slug(row.council_area)}"
            where = f"{force}, {row.council_area}"
            section.figures[f"{key}_crimes"] = (int(row.crimes), f"{where}: crimes in the police.uk street files, {period}")
            section.figures[f"{key}_local_resolution_last"] = (
                int(row.local_resolution_last), f"{where}: crimes whose last outcome is Local resolution, {period}")
    if local_area.strip():
        _add_chosen(section, shown, local_area)
    return section


def _add_chosen(section: LocalSection, lsoa: pd.DataFrame, local_area: str) -> None:
    """The chosen council area's sentence, figures and neighbourhoods."""
    row = find_local_area(local_area, section.areas)
    force, area = row["force"], row["council_area"]
    in_force = section.areas[section.areas["force"] == force]
    tied = int((in_force["rank"] == row["rank"]).sum()) > 1
    period = month_span(lsoa.loc[lsoa["force"] == force, "month"])
    section.chosen = row
    section.sentences.append(area_sentence({**row.to_dict(), "tied": tied}, areas.force_in_sentence(force, start=True), period))
    section.neighbourhoods = neighbourhoods(lsoa, force, area)
    section.sentences.append(neighbourhood_sentence(section.neighbourhoods, area))
    for key, value, meaning in [
        ("local_area", area, "the council area asked for (local_area)"),
        ("local_area_force", force, "the force whose files hold it"),
        ("local_area_crimes", int(row["crimes"]), f"{area}: crimes in the police.uk street files, {period}"),
        ("local_area_local_resolution_last", int(row["local_resolution_last"]),
         f"{area}: crimes whose last outcome is Local resolution, {period}"),
        ("local_area_rank", int(row["rank"]), f"{area}: rank by Local resolution count among {force}'s council areas (1 = most)"),
        ("local_area_ranked_areas", int(row["ranked_areas"]), f"council areas ranked in {force}'s files"),
    ]:
        section.figures[key] = (value, meaning)


# --------------------------------------------------------------------------- tables and chart for the page


def areas_display(table: pd.DataFrame, force: str) -> pd.DataFrame:
    """One force's council areas as the page prints them (rank, names, counts, share)."""
    rows = table[table["force"] == force]
    return pd.DataFrame({
        "Rank": [label if rank else "–" for label, rank in zip(rank_labels(rows["rank"]), rows["rank"], strict=True)],
        "Council area": rows["council_area"],
        "Neighbourhoods (LSOAs)": rows["neighbourhoods"],
        "Crimes": rows["crimes"],
        "Local resolution (last outcome)": rows["local_resolution_last"],
        "Share of crimes": [words.percent(s) if pd.notna(s) else "" for s in rows["share"]],
    })


def rank_labels(ranks: pd.Series) -> list[str]:
    """Ranks as printed: a tied rank gets "=".

    >>> rank_labels(pd.Series([1, 2, 2, 4]))
    ['1', '=2', '=2', '4']
    """
    counts = ranks.value_counts()
    return [f"={r}" if counts[r] > 1 else str(r) for r in ranks]


def neighbourhoods_shown(table: pd.DataFrame, most: int = 15) -> tuple[pd.DataFrame, str]:
    """The neighbourhoods worth a row on the page, and a caption saying which: those with two or
    more Local resolutions (at most ``most``), else the first ``most``.

    >>> t = pd.DataFrame({"lsoa_name": list("abcd"), "lsoa_code": list("ABCD"), "crimes": [9, 8, 7, 6],
    ...     "local_resolution_last": [3, 2, 1, 1], "share": [0.3, 0.25, 0.1, 0.1], "rank": [1, 2, 3, 3]})
    >>> shown, caption = neighbourhoods_shown(t)
    >>> shown["Rank"].tolist(), caption
    (['1', '2'], 'the two neighbourhoods (LSOAs) with two or more “Local resolution” outcomes; two more have one each,
    and the rest none (every neighbourhood is in the chart data).')
    """
    several = table[table["local_resolution_last"] >= 2]
    rows = several.head(most) if len(several) else table.head(most)
    ones = int((table["local_resolution_last"] == 1).sum())
    if len(several):
        caption = (f"the {words.plural(len(rows), 'neighbourhood').removeprefix('no ')} (LSOAs) with two or more "
                   "“Local resolution” outcomes" + ("" if len(several) <= most else f" (the first {most} of {len(several)})")
                   + f"; {words.number(ones)} more {'has' if ones == 1 else 'have'} one each, and the rest none "
                   "(every neighbourhood is in the chart data).")
    else:
        caption = f"the first {len(rows)} neighbourhoods (LSOAs) (every neighbourhood is in the chart data)."
    caption = caption.replace(" one each", " one") if ones == 1 else caption
    display = pd.DataFrame({
        "Rank": rank_labels(table["rank"])[:len(rows)], "Neighbourhood (LSOA)": rows["lsoa_name"], "LSOA code": rows["lsoa_code"],
        "Crimes": rows["crimes"], "Local resolution (last outcome)": rows["local_resolution_last"],
        "Share of crimes": [words.percent(s) if pd.notna(s) else "" for s in rows["share"]],
    })
    return display, caption.replace("(LSOAs)", "(LSOA)") if len(rows) == 1 else caption


def council_chart(table: pd.DataFrame, force: str, period: str, chosen: str = "", synthetic: bool = False):
    """Bars of Local resolution (last outcome) per ranked council area of one force, the chosen
    one highlighted; returns the figure and its alt text."""
    from . import charts

    rows = table[(table["force"] == force) & (table["rank"] > 0)]
    name = areas.force_display_name(force)
    fig = charts.count_bars(
        rows, label="council_area", value="local_resolution_last", highlight={chosen} if chosen else set(),
        title=f"Crimes whose last outcome on police.uk is “Local resolution”,\nby council area: {name}, {period}",
        source="Source: police.uk street files (last outcome; anti-social behaviour left out; council area from the "
               "LSOA name). Contains public sector information licensed under the Open Government Licence v3.0.",
        synthetic=synthetic)
    alt = (f"Bar chart of crimes whose last outcome on police.uk is Local resolution, by council area, {name}, {period}: "
           + "; ".join(f"{r.council_area} {r.local_resolution_last:,}" for r in rows.itertuples()) + ".")
    return fig, alt


def no_files_sentence(area_name: str) -> str:
    """What the section says when no monthly files were read for the area.

    >>> no_files_sentence("Durham")
    "Council areas come from police.uk's monthly street files, and none were read for Durham,
    so there is nothing to show below the force here."
    """
    return (f"Council areas come from police.uk's monthly street files, and none were read for {area_name}, "
            "so there is nothing to show below the force here.")
