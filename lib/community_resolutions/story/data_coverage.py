"""Notebook 0: what the data covers, before any comparison (notebook ``0-data-coverage``).

For every force and financial year it says which sources and which count (basis) have data, where
a zero means "no data", where a year covers only part of the year, where the two publications of
2017/18 disagree, and where computed checks find something the hand-made list of known gaps does
not. The checks themselves are in :mod:`..coverage`; this module composes them into the page's
figures, sentences, charts and tables.

The steps, in the order the notebook calls them:

* :func:`load` reads the three files through the package's loaders and :func:`prepare` runs the
  checks (:class:`DataCoverage`): one status per force, year and basis. The checks cover every
  force, so they are the same for every area: :func:`load` keys them by what was read
  (:func:`outcomes.data_key`) and a batch works them out once per process (:mod:`..memo`);
* :func:`findings` starts the findings with their sources and the warnings other pages show;
* :func:`add_status_figures` and :func:`tell_status` count and say which forces are complete;
* :func:`grid_table` and :func:`grid_chart` draw every force and year; :func:`area_grid` the
  area's forces count by count; :func:`issues` lists what is not complete;
* :func:`unexplained_flags`, :func:`tell_new_flags`: what the checks find that no list explains;
* :func:`add_revision_figures`, :func:`tell_revisions`, :func:`revision_table`: 2017/18 in the
  2019 and 2024 publications;
* :func:`check_offence_level`: every offence-level year against the force-year table;
* :func:`quirks`, :func:`add_quirk_figures`, :func:`tell_quirks`, :func:`negatives_table`:
  negative corrections, expired codes and missing quarters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import areas, coverage, gaps, memo, outcomes, params, words
from ..findings import Findings
from . import Chart, Run

SOURCES = ["force-year-totals", "force-year-coverage", "outcomes-2017-18-tidy"]
#: The grid charts' source line: the totals are a derived copy, so it names who derived them.
SOURCE_LINE = ("Source: Home Office crime outcomes open data (2024 republication, force-year totals derived by "
               "SGilr/oocd-dashboard; coverage file; 2017/18 offence-level file, 2019). "
               "Contains public sector information licensed under the Open Government Licence v3.0.")
REVISED_YEAR = "2017/18"


@dataclass(frozen=True)
class DataCoverage:
    """The tables and the checks every step of the coverage page reads.

    ``cells`` has one status per force, year and basis (:func:`coverage.cell_status`); ``summary``
    counts them per force over the years asked (:func:`coverage.force_summary`, all 44 forces);
    ``revisions`` compares 2017/18 in the 2019 offence-level file with the 2024 republication.
    """

    run: Run
    totals: pd.DataFrame
    offences: pd.DataFrame
    notes: dict[str, Any]  # the coverage file (gaps.load_coverage)
    known: pd.DataFrame
    cells: pd.DataFrame
    flags: pd.DataFrame
    mismatches: pd.DataFrame
    summary: pd.DataFrame
    revisions: pd.DataFrame
    synthetic: bool
    runs: pd.DataFrame  # coverage.low_runs over every force
    #: What the loaders read (:func:`outcomes.data_key`) when :func:`load` read the tables; ``None``
    #: when they were handed in, and then nothing is kept for the next area.
    key: tuple | None = None

    @property
    def every(self) -> str:
        """'for every year from 2014/15 to 2025/26' or 'for 2017/18'."""
        return coverage.every_year(self.run.years)

    @property
    def area_summary(self) -> pd.DataFrame:
        return self.summary[self.summary["force"].isin(self.run.area.forces)]

    @property
    def national_area(self) -> bool:
        """Whether the area is every force (England and Wales): then nothing is highlighted."""
        return len(self.run.area.forces) == len(areas.all_forces())

    @property
    def national_complete(self) -> int:
        return int(self.summary["complete"].sum())


def load(run: Run) -> DataCoverage:
    """Read the force-year totals, the 2017/18 offence-level file and the coverage notes (with the
    reviewed list of known gaps) through the package's loaders, and run every check (:func:`prepare`)."""
    totals = outcomes.load_force_year_totals(mirror=run.mirror)
    offences = outcomes.load_offence_level_2017_18(mirror=run.mirror)
    notes = gaps.load_coverage(mirror=run.mirror)
    return prepare(run, totals, offences, notes, gaps.known_gaps(coverage=notes),
                   key=run.data_key)


def prepare(run: Run, totals: pd.DataFrame, offences: pd.DataFrame, notes: dict[str, Any],
            known: pd.DataFrame, key: tuple | None = None) -> DataCoverage:
    """Run every check over every force and year (see :class:`DataCoverage`). With ``key`` (what
    the tables were read from) the checks are worked out once per process for those years."""
    params.check_years_available(run.years, sorted(totals["financial_year"].unique()), "the force-year totals")

    def checks() -> dict[str, Any]:  # every force: the same for every area
        flags = coverage.year_on_year_flags(totals)
        runs = coverage.low_runs(totals)
        mismatches = coverage.basis_mismatches(totals, spikes=flags)
        cells = coverage.cell_status(totals, known, flags=flags, mismatches=mismatches, runs=runs)
        return {"cells": cells, "flags": flags, "runs": runs, "mismatches": mismatches,
                "summary": coverage.force_summary(cells, areas.all_forces(), run.years),
                "revisions": coverage.publication_differences(outcomes.totals_from_offences(offences), totals,
                                                              REVISED_YEAR)}

    checked = memo.once("data_coverage.prepare", None if key is None else (key, tuple(run.years)), checks)
    return DataCoverage(
        run=run, totals=totals, offences=offences, notes=notes, known=known, **checked, key=key,
        synthetic=run.user_files_synthetic or bool(totals["synthetic"].any() or offences["synthetic"].any()))


def findings(data: DataCoverage) -> Findings:
    """The page's findings with their sources and the warnings every other page shows for this area
    on the chosen basis (:func:`coverage.data_gap_warnings`)."""
    run = data.run
    found = run.findings(data.synthetic)
    found.sources = [
        {"id": "force-year-totals", "used_for": f"force × year totals on both bases, {run.when} (2024 republication)"},
        {"id": "force-year-coverage",
         "used_for": "'data not provided' rows, negative counts and expired-code rows per force-year"},
        {"id": "outcomes-2017-18-tidy",
         "used_for": "the 2017/18 offence-level file (2019 publication): revisions, negative rows, expired codes"},
    ]
    found.warnings = coverage.data_gap_warnings(run.area.forces, run.years, run.basis, totals=data.totals,
                                                coverage=data.notes, checks=(data.flags, data.runs, data.mismatches))
    return found


# --------------------------------------------------------------------------- the status of each force-year


def add_status_figures(found: Findings, data: DataCoverage) -> None:
    """Record the counts of force-year-bases by status, for all forces and for each of the area's."""
    when, summary = data.run.when, data.summary
    found.add("national_forces_complete", data.national_complete,
              f"forces (of 44) whose data is complete on both bases {when}")
    found.add("national_cells_no_data", int(summary["no_data"].sum()),
              f"force-year-bases with no data {when}, all forces")
    found.add("national_cells_part_year", int(summary["part_year"].sum()),
              f"force-year-bases covering part of the year {when}, all forces")
    found.add("national_cells_check", int(summary["check"].sum()),
              f"force-year-bases failing a computed check {when}, all forces")
    found.add("year_on_year_flags", len(data.flags), "force-year-bases flagged by the year-on-year check, all years")
    found.add("basis_mismatches", len(data.mismatches), "force-years flagged by the basis check, all years")
    for row in data.area_summary.itertuples(index=False):
        slug = areas.force_slug(str(row.force))
        found.add(f"{slug}_complete", bool(row.complete), f"{row.force}: data complete on both bases {when}")
        found.add(f"{slug}_no_data", int(row.no_data), f"{row.force}: force-year-bases with no data {when}")
        found.add(f"{slug}_part_year", int(row.part_year),
                  f"{row.force}: force-year-bases covering part of the year {when}")
        found.add(f"{slug}_check", int(row.check), f"{row.force}: force-year-bases failing a computed check {when}")
    if not data.run.area.is_force:
        found.add("area_forces_complete", int(data.area_summary["complete"].sum()),
                  f"forces of {data.run.area.name} whose data is complete on both bases {when}")


def region_lead(data: DataCoverage) -> str:
    """'All four forces in ... have complete data ...' or 'Three of the four ...; Durham
    Constabulary has gaps or figures that need checking.'"""
    area, summary = data.run.area, data.area_summary
    n_forces, n_complete = len(area.forces), int(summary["complete"].sum())
    gappy = [areas.force_in_sentence(f) for f in summary.loc[~summary["complete"], "force"]]
    if not gappy:
        return (f"All {words.number(n_forces)} forces in {area.in_sentence} have complete data {data.every} "
                "on both counts.")
    return (f"{words.capital(words.number(n_complete))} of the {words.number(n_forces)} forces in {area.in_sentence} have "
            f"complete data {data.every} on both counts; " + coverage.join_words(gappy)
            + (" has" if len(gappy) == 1 else " have") + " gaps or figures that need checking.")


def tell_status(found: Findings, data: DataCoverage) -> list[str]:
    """The lead (a force's :func:`coverage.force_sentence`, or :func:`region_lead`), a sentence per
    force of a region (only the incomplete ones for more than eight forces), then England and Wales."""
    area, years = data.run.area, data.run.years
    if area.is_force:
        found.say(coverage.force_sentence(area.forces[0], data.cells, years), lead=True)
    else:
        found.say(region_lead(data), lead=True)
        complete = data.area_summary.set_index("force")["complete"]
        for force in area.forces:
            if len(area.forces) <= 8 or not complete.loc[force]:
                found.say(coverage.force_sentence(force, data.cells, years))
    if area.is_force or len(area.forces) < 44:
        found.say(f"Across England and Wales, {words.number(data.national_complete)} of the 44 forces have complete "
                  f"data {data.every} on both counts.")
    return list(found.sentences)


# --------------------------------------------------------------------------- the grids


def grid_table(data: DataCoverage) -> pd.DataFrame:
    """One row per force and year asked: the status of both counts together, each count's
    outcomes assigned, and whether the force is in the area (the "coverage-grid" chart data)."""
    years = data.run.years
    asked = data.cells[data.cells["financial_year"].isin(years)]
    combined = coverage.combine_bases(asked)
    values = asked.pivot_table(index=["force", "financial_year"], columns="basis", values="assigned",
                               aggfunc="sum").reset_index()
    table = combined.merge(values.rename(columns={"closed": "closed_assigned", "recorded": "recorded_assigned"}),
                           on=["force", "financial_year"], how="left")
    table["in_area"] = table["force"].isin(data.run.area.forces)
    return table


def grid_chart(data: DataCoverage, table: pd.DataFrame, lead: str) -> Chart:
    """Every force by year, the area's forces at the top in red; the alt text ends with the lead."""
    run = data.run
    forces = list(run.area.forces)
    order = forces + ([] if data.national_area else [f for f in areas.all_forces() if f not in forces])
    figure = coverage.grid_chart(
        table.rename(columns={"force": "row"}), rows=order, years=run.years,
        title=f"Which force-years have usable data, {run.when}",
        note="Outcomes assigned, both counts (closed and recorded); C or R: only that count is affected.",
        source=SOURCE_LINE, highlight=set() if data.national_area else set(forces),
        separators=[] if data.national_area else [len(forces)], synthetic=data.synthetic)
    worst = table[table["status"] != "complete"]
    alt = (f"Grid of 44 forces by financial year {run.when}, one cell per force-year, coloured and labelled by "
           f"coverage. {words.number(data.national_complete).capitalize()} forces are complete in every year; "
           f"{len(worst)} force-years are not: no data, part-years or figures failing a check. "
           + ("" if data.national_area else f"Highlighted at the top: {', '.join(forces)}. ") + lead)
    return Chart(figure, alt)


def area_grid(data: DataCoverage) -> tuple[pd.DataFrame, Chart] | None:
    """For up to eight forces: one row per force and count, one column per year, and a last column
    for the 2017/18 offence-level file ('rev' where it was revised a lot); ``None`` for more."""
    run = data.run
    if len(run.area.forces) > 8:
        return None
    with_2017 = REVISED_YEAR in run.years
    cells = coverage.area_grid_cells(data.cells, data.revisions if with_2017 else None, run.area.forces, run.years)
    rows = list(dict.fromkeys(cells["row"]))
    figure = coverage.grid_chart(
        cells, rows=rows, years=run.years + ([coverage.OFFENCE_LEVEL_COLUMN] if with_2017 else []),
        title=f"{run.area.name}: data by count and year, {run.when}",
        source=SOURCE_LINE, separators=list(range(2, len(rows), 2)), synthetic=data.synthetic)
    issues_ = cells[~cells["status"].isin(["complete"])]
    alt = (f"Grid of {run.area.name}'s data, one row per count (closed, recorded), by financial year {run.when}. "
           if run.area.is_force else
           f"Grid of {run.area.name}'s forces, one row per force and count (closed, recorded), by financial year "
           f"{run.when}. ")
    alt += (f"{len(issues_)} cells are not complete: "
            + "; ".join(f"{r.row} {r.financial_year}: {r.status}" for r in issues_.itertuples()) + "."
            if len(issues_) else "Every cell is complete.")
    return cells, Chart(figure, alt)


ISSUE_COLUMNS = {"force": "Force", "financial_year": "Year", "basis": "Count", "assigned": "Outcomes assigned",
                 "status": "Status", "why": "Why"}


def issues(data: DataCoverage) -> tuple[str, pd.DataFrame]:
    """``(caption, table)`` of every force-year-basis of the area that is not complete, and why;
    when there is none, the caption is the sentence that says so and the table is empty."""
    run = data.run
    table = coverage.issues_table(data.cells, run.area.forces, run.years).rename(columns=ISSUE_COLUMNS)
    if len(table):
        return f"Every force-year of {run.area.in_sentence} that is not complete, {run.when}", table
    return f"No force-year of {run.area.in_sentence} fails a check {run.when}.", table


# --------------------------------------------------------------------------- what no list explains


Flag = tuple[str, str, str, str, Any]  # force, year, basis, check, outcomes assigned


def unexplained_flags(data: DataCoverage) -> list[Flag]:
    """Force-year-bases of the years asked that a computed check flags (a year-on-year dip or spike,
    a basis mismatch) and that no known gap explains; two checks on the same figure are merged."""
    years = data.run.years
    explained = set(zip(data.known["force"], data.known["financial_year"], data.known["basis"], strict=True))

    def unexplained(force: str, year: str, basis: str) -> bool:
        return (force, year, basis) not in explained and (force, year, "both") not in explained

    found: list[Flag] = [
        (r.force, r.financial_year, r.basis, r.kind, r.value) for r in data.flags.itertuples()
        if r.value > 0 and r.financial_year in years and unexplained(r.force, r.financial_year, r.basis)]
    found += [(r.force, r.financial_year, r.suspect, "basis mismatch", getattr(r, r.suspect))
              for r in data.mismatches.itertuples()
              if r.financial_year in years and unexplained(r.force, r.financial_year, r.suspect)]
    merged: dict[tuple[str, str, str, Any], list[str]] = {}
    for force, year, basis, kind, value in found:
        merged.setdefault((force, year, basis, value), []).append(
            f"year-on-year {kind}" if kind in ("dip", "spike") else kind)
    return [(force, year, basis, " and ".join(sorted(kinds, reverse=True)), value)
            for (force, year, basis, value), kinds in sorted(merged.items())]


def new_flags_table(data: DataCoverage, flags: list[Flag]) -> tuple[str, pd.DataFrame]:
    """``(caption, table)`` of the flags for the page."""
    table = pd.DataFrame(flags, columns=["Force", "Year", "Count", "Check", "Outcomes assigned"])
    table["Outcomes assigned"] = table["Outcomes assigned"].astype("Int64")
    return f"Flagged by a computed check, in no list of known gaps (all forces, {data.run.when})", table


def tell_new_flags(found: Findings, data: DataCoverage, flags: list[Flag]) -> list[str]:
    """Record how many figures no list explains and say each one (or that there are none)."""
    when = data.run.when
    found.add("new_flags", len(flags),
              f"force-year-bases flagged by a computed check but in no list of known gaps (all forces, {when})")
    if not flags:
        return [found.say(f"The computed checks find nothing {when} that the known gaps do not already explain.")]
    return [found.say(f"The checks flag {areas.force_in_sentence(force)}'s {basis}-basis total for {year} "
                      f"({words.number(value)} outcomes: a {kind}), which no list of known gaps explains.")
            for force, year, basis, kind, value in flags]


# --------------------------------------------------------------------------- two publications of 2017/18


def add_revision_figures(found: Findings, data: DataCoverage) -> None:
    """Each of the area's forces' 2017/18 figures in both publications, and how many forces were
    revised a lot."""
    for row in data.revisions[data.revisions["force"].isin(data.run.area.forces)].itertuples(index=False):
        slug = areas.force_slug(str(row.force))
        for measure, noun in (("community_resolution", "community resolutions"), ("assigned", "outcomes assigned")):
            found.add(f"{slug}_{row.basis}_{measure}_2017_18_published_2019", getattr(row, f"{measure}_old"),
                      f"{row.force}: 2017/18 {noun}, {row.basis} basis, 2019 publication")
            found.add(f"{slug}_{row.basis}_{measure}_2017_18_published_2024", getattr(row, f"{measure}_new"),
                      f"{row.force}: 2017/18 {noun}, {row.basis} basis, 2024 republication")
    found.add("revisions_large", len(data.revisions[data.revisions["large"]]),
              "force-bases whose 2017/18 figures changed by at least 5% and 50 between the 2019 and 2024 publications")


def signed_percent(value: float) -> str:
    """A change as a signed percentage, or 'no change' when it rounds to nothing.

    >>> signed_percent(0.0123), signed_percent(-0.05), signed_percent(0.0004)
    ('+1.2%', '-5.0%', 'no change')
    """
    return "no change" if abs(value) < 0.0005 else f"{value:+.1%}"


def change(old: int, new: int, share: float) -> str:
    """'1,000 in the 2019 publication and 1,100 in the 2024 one (+100, +10.0%)'.

    >>> change(1000, 1100, 0.1)
    '1,000 in the 2019 publication and 1,100 in the 2024 one (+100, +10.0%)'
    """
    return (f"{words.number(old)} in the 2019 publication and {words.number(new)} in the 2024 one "
            f"({new - old:+,}, {signed_percent(share)})")


def tell_revisions(found: Findings, data: DataCoverage) -> list[str]:
    """For each of the area's forces and counts revised a lot, or on the chosen count (not for
    England and Wales), its 2017/18 community resolutions in both publications."""
    lines = []
    for row in data.revisions[data.revisions["force"].isin(data.run.area.forces)].itertuples(index=False):
        if not (row.large or (row.basis == data.run.basis and not data.national_area)):
            continue
        text = (f"{areas.force_in_sentence(str(row.force), start=True)}'s 2017/18 community resolutions ({row.basis} basis) were "
                f"{change(row.community_resolution_old, row.community_resolution_new, row.community_resolution_pct)}")
        if row.large:
            text += (f"; its outcomes assigned {change(row.assigned_old, row.assigned_new, row.assigned_pct)}: "
                     "a large revision, so never compare the two publications for this force")
        lines.append(found.say(text + "."))
    return lines


REVISION_COLUMNS = {"force": "Force", "basis": "Count", "community_resolution_old": "Community resolutions 2019",
                    "community_resolution_new": "Community resolutions 2024", "community_resolution_pct": "Change",
                    "assigned_old": "Outcomes 2019", "assigned_new": "Outcomes 2024", "assigned_pct": "Change "}


def revision_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Revisions as a table for the page, changes as signed percentages."""
    def pct(value: float) -> str:
        return signed_percent(value) if pd.notna(value) else ""

    shown = frame.assign(community_resolution_pct=frame["community_resolution_pct"].map(pct),
                         assigned_pct=frame["assigned_pct"].map(pct))
    return shown[list(REVISION_COLUMNS)].rename(columns=REVISION_COLUMNS)


def revision_tables(data: DataCoverage) -> list[tuple[str, pd.DataFrame]]:
    """``(caption, table)``: the area's forces (not for England and Wales), then every force
    revised a lot."""
    tables = []
    if not data.national_area:
        area = data.revisions[data.revisions["force"].isin(data.run.area.forces)]
        tables.append((f"2017/18 in the two publications: {data.run.area.in_sentence}", revision_table(area)))
    large = "Every force whose 2017/18 figures changed a lot between the two publications (at least 5% and at least 50)"
    tables.append((large, revision_table(data.revisions[data.revisions["large"]])))
    return tables


# --------------------------------------------------------------------------- offence-level years


def check_offence_level(found: Findings, data: DataCoverage,
                        offence_level: pd.DataFrame | None = None) -> tuple[str, pd.DataFrame]:
    """Compare every offence-level year's totals with the force-year table
    (:func:`coverage.offence_level_check`); records the counts and the sentence, and returns the
    sentence and the check (one row per force, year and count). ``offence_level`` defaults to every
    offence-level year the run's loaders read (:func:`offences.load_offence_level`); the check then
    covers every force once per process, as :func:`prepare` does."""
    from ..offences import every_force_totals, load_offence_level

    run = data.run
    key = None
    if offence_level is None:
        offence_level = load_offence_level(mirror=run.mirror, files=run.files)
        key = data.key
    table = offence_level
    check = memo.once("data_coverage.check_offence_level", key,
                      lambda: coverage.offence_level_check(every_force_totals(table, key), data.totals))
    found.add("offence_level_checked", len(check),
              "force × year × count cells of the offence-level data checked against the force-year table")
    found.add("offence_level_large_differences", int((check["verdict"] == "large").sum()),
              "of those, differences of at least 5% and 50")
    sentence = found.say(coverage.offence_level_check_sentence(check, run.area.forces, run.basis))
    return sentence, check


def offence_level_table(data: DataCoverage, check: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """``(caption, table)`` of the check for the area's forces."""
    return (f"Offence-level totals against the force-year table: {data.run.area.in_sentence}",
            coverage.offence_level_check_table(check, data.run.area.forces))


# --------------------------------------------------------------------------- corrections, expired codes, quarters


@dataclass(frozen=True)
class Quirks:
    """Negative counts (2024 workbooks and the 2017/18 file), expired codes and quarters present."""

    area_negatives: pd.DataFrame  # coverage.negative_counts, the area's forces and years
    national_negatives: int  # rows with a negative count, all forces, the years asked
    area_old: pd.DataFrame  # coverage.negative_rows of the 2017/18 file, the area's forces
    national_old: pd.Series  # the same summed over all forces
    expired_old: int
    quarters: pd.DataFrame
    provided: pd.DataFrame


def quirks(data: DataCoverage) -> Quirks:
    """Count what is kept as published: negative corrections, expired codes, missing quarters."""
    forces, years = data.run.area.forces, data.run.years
    negatives = coverage.negative_counts(data.notes)
    old_negatives = coverage.negative_rows(data.offences)
    return Quirks(
        area_negatives=negatives[negatives["force"].isin(forces) & negatives["financial_year"].isin(years)],
        national_negatives=int(negatives[negatives["financial_year"].isin(years)]["negative_rows"].sum()),
        area_old=old_negatives[old_negatives["force"].isin(forces)],
        national_old=old_negatives.drop(columns="force").sum(),
        expired_old=coverage.expired_code_rows(data.offences),
        quarters=coverage.quarters_present(data.offences),
        provided=coverage.data_not_provided(data.notes))


def add_quirk_figures(found: Findings, data: DataCoverage, q: Quirks) -> None:
    """Record every count of :class:`Quirks`."""
    name, when, old = data.run.area.name, data.run.when, q.national_old
    found.add("negative_rows_2024_area", int(q.area_negatives["negative_rows"].sum()),
              f"{name}: rows with a negative count kept in the force-year totals {when}")
    found.add("negative_rows_2024_national", q.national_negatives,
              f"all forces: rows with a negative count kept in the force-year totals {when}")
    found.add("negative_rows_2017_18_file", int(old["negative_rows"]),
              "2017/18 offence-level file: rows with a negative count")
    found.add("negative_closed_rows_2017_18_file", int(old["negative_closed_rows"]),
              "2017/18 file: rows with a negative closed count")
    found.add("negative_recorded_rows_2017_18_file", int(old["negative_recorded_rows"]),
              "2017/18 file: rows with a negative recorded count")
    found.add("negative_type8_rows_2017_18_file", int(old["negative_type8_rows"]),
              "2017/18 file: community-resolution rows with a negative count")
    found.add("negative_type8_rows_2017_18_area", int(q.area_old["negative_type8_rows"].sum()),
              f"{name}: 2017/18 community-resolution rows with a negative count")
    found.add("negative_rows_2017_18_area", int(q.area_old["negative_rows"].sum()),
              f"{name}: 2017/18 rows with a negative count")
    found.add("expired_code_rows_2017_18_file", q.expired_old,
              "2017/18 file (tidy copy): rows flagged as an expired offence code")
    found.add("expired_code_rows_2024", int(data.notes.get("expired_offence_code_rows", 0)),
              "2024 workbooks: rows for expired offence codes (coverage file)")
    found.add("forces_with_four_quarters_2017_18", int((q.quarters["quarters"] == 4).sum()),
              "forces with all four quarters in the 2017/18 file")
    found.add("empty_quarters_2017_18", int(q.quarters["empty_quarters"].sum()),
              "force-quarters of the 2017/18 file with no assigned outcomes")
    found.add("data_not_provided_rows", int(q.provided["rows"].sum()),
              "rows marked 'data not provided' in the 2024 workbooks, all forces")


def negatives_sentence(data: DataCoverage, q: Quirks) -> str:
    """The 2017/18 file's negative rows, by basis, and how many are community resolutions in the area."""
    old, area = q.national_old, data.run.area
    in_area = int(q.area_old["negative_type8_rows"].sum())
    return (f"The 2017/18 offence-level file has {words.number(old['negative_rows'])} rows with a negative count: "
            f"{words.number(old['negative_closed_rows'])} on the closed basis and "
            f"{words.number(old['negative_recorded_rows'])} on the recorded basis. "
            f"{words.capital(words.number(old['negative_type8_rows']))} of them are community resolutions, together "
            f"{int(old['negative_type8_closed']):,} on the closed basis and {int(old['negative_type8_recorded']):,} "
            "on the recorded basis; "
            + (f"none is in {area.in_sentence}." if in_area == 0 else
               f"{words.number(in_area)} {'is' if in_area == 1 else 'are'} in {area.in_sentence}."))


def tell_quirks(found: Findings, data: DataCoverage, q: Quirks) -> list[str]:
    """Four sentences: negative rows kept in the totals, negative rows of the 2017/18 file, its
    expired codes, and its quarters. Call after :func:`add_quirk_figures` (they quote its figures)."""
    area, figures = data.run.area, found.figures
    negatives_2024 = int(q.area_negatives["negative_rows"].sum())
    complete_quarters = (figures["forces_with_four_quarters_2017_18"]["value"] == 44
                         and figures["empty_quarters_2017_18"]["value"] == 0)
    expired = "no" if q.expired_old == 0 else words.number(q.expired_old)
    return [
        found.say(f"The force-year totals for {area.in_sentence} {data.run.when} are made from "
                  f"{words.plural(negatives_2024, 'row')} with a negative count (corrections), kept as published "
                  f"({words.number(figures['negative_rows_2024_national']['value'])} for all forces together)."),
        found.say(negatives_sentence(data, q)),
        found.say(f"The copy of the 2017/18 file has {expired} rows for expired offence codes: its maker dropped them "
                  f"(the 2024 workbooks behind the force-year totals hold "
                  f"{words.number(figures['expired_code_rows_2024']['value'])} such rows), so anything counted "
                  "against an expired code in 2017/18 is not in the 2019 figures here."),
        found.say("Every force has all four quarters of 2017/18 in that file, none of them empty."
                  if complete_quarters else "Some forces lack quarters of 2017/18 in that file: see the table."),
    ]


def negatives_table(data: DataCoverage, q: Quirks) -> pd.DataFrame:
    """Rows with a negative count per force of the area: in the totals of the years asked, and in
    the 2017/18 file by basis and for community resolutions."""
    per_force = q.area_negatives.groupby("force", as_index=False)["negative_rows"].sum()
    table = q.area_old.merge(per_force.rename(columns={"negative_rows": "rows_2024"}), on="force",
                             how="left").fillna({"rows_2024": 0})
    table["rows_2024"] = table["rows_2024"].astype(int)
    columns = {"force": "Force", "rows_2024": f"Force-year totals {data.run.when}",
               "negative_rows": "2017/18 file: all",
               "negative_closed_rows": "closed", "negative_recorded_rows": "recorded",
               "negative_type8_rows": "community resolutions"}
    return table[list(columns)].rename(columns=columns)
