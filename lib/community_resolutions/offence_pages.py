"""What every offence-level page shares: loading every year, saying where each year came from,
warning before the numbers, and following a finding through every year the data hold.

The four offence-level notebooks (child sex offences, drugs, the region in numbers, serious
offences) start with :func:`start` and end their story with :func:`every_year`:

* :func:`start` reads every offence-level year (:func:`offences.load_offence_level`), keeps the
  years asked for that the data hold, builds the :class:`findings.Findings`, and shows the header
  and the notes a reader needs before any number: years that cannot be computed, known gaps,
  "data not provided" cells in the offence-level file, which publication each year came from and
  how far its totals are from the force-year table (:func:`consistency_notes`).
* :func:`every_year` follows one selection (drug offences, the reviewed child-offence codes...)
  through every year held, with the change from the year before, as figures, a sentence and a table.
* :func:`nothing_to_count` gives a sentence, never a crash, when a selection has no rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from . import areas, coverage, gaps, memo, offences, outcomes, page, params, words
from .findings import Findings


@dataclass
class OffenceRun:
    """One offence-level notebook's run: parameters, the table and what the page has said so far."""

    notebook: str
    area: areas.Area
    years: list[str]
    basis: str
    table: pd.DataFrame
    offence_years: list[str]
    missing_years: list[str]
    synthetic: bool
    found: Findings
    notes: list[str] = field(default_factory=list)
    #: What the loaders read (:func:`outcomes.data_key`), set by :func:`start`: figures over every
    #: force are then worked out once per process (:mod:`.memo`). ``None``: every time.
    data_key: tuple | None = None

    @property
    def have_data(self) -> bool:
        """Whether the offence-level data hold any of the years asked for."""
        return bool(self.offence_years)

    @property
    def when(self) -> str:
        """'in 2017/18', 'from 2017/18 to 2018/19': the years the figures cover."""
        return page.years_phrase(self.offence_years or self.years)

    @cached_property
    def sources(self) -> list[str]:
        """The files behind the years computed (registry ids or the user's file names), from
        :func:`offences.who_holds` (the table and the years do not change during a run)."""
        held = offences.who_holds(self.table, self.data_key)
        return sorted(held.loc[held["financial_year"].isin(self.offence_years), "source"].unique())

    @property
    def who(self) -> str:
        """The area as the subject of a sentence."""
        return self.area.subject

    def source_line(self) -> str:
        """The chart source line: the files behind the figures and the licence."""
        return page.source_line(self.sources)


def publications_sentence(table: pd.DataFrame, years: list[str]) -> str:
    """Which publication each year came from, in one sentence.

    >>> rows = pd.DataFrame({"financial_year": ["2017/18", "2018/19"], "force": ["A", "A"],
    ...                      "source": ["outcomes-2017-18-tidy", "outcomes-2018-19-csv"], "published": ["2019", "2019"]})
    >>> publications_sentence(rows, ["2017/18", "2018/19"])
    'Offence-level data: 2017/18 from outcomes-2017-18-tidy (published 2019); 2018/19 from outcomes-2018-19-csv (published 2019).
    Where two publications cover a year, the newer one is used.'
    """
    held = outcomes.offence_level_publications(table[table["financial_year"].isin(years)])
    if held.empty:
        return ""
    parts = []
    for year, group in held.groupby("financial_year", sort=True):
        files = " and ".join(f"{row.source} (published {row.published})" for row in group.itertuples(index=False))
        parts.append(f"{year} from {files}")
    return "Offence-level data: " + "; ".join(parts) + ". Where two publications cover a year, the newer one is used."


def consistency_notes(table: pd.DataFrame, totals: pd.DataFrame, forces: list[str] | tuple[str, ...],
                      years: list[str], basis: str, *, offence_totals: pd.DataFrame | None = None) -> list[str]:
    """A warning for each force-year whose offence-level totals are far from the force-year table
    (:func:`coverage.publication_differences`: at least 5% and 50 either way). Revisions between
    publications are expected and small; a large difference may be a misread file.

    ``offence_totals``: :func:`outcomes.totals_from_offences` of ``table`` (or of a table holding
    it), when already worked out; only the rows of ``forces`` and ``years`` are read.

    >>> rows = pd.DataFrame({"financial_year": ["2018/19"] * 2, "force": ["Durham"] * 2, "outcome_type": [8, 1],
    ...     "closed": [600, 400], "recorded": [600, 400], "source": "x", "published": "2019", "synthetic": False})
    >>> fy = pd.DataFrame({"force": ["Durham"], "financial_year": ["2018/19"], "basis": ["closed"],
    ...                    "community_resolution": [6060], "assigned": [61000]})
    >>> print(consistency_notes(rows, fy, ["Durham"], ["2018/19"], "closed")[0])
    Durham Constabulary's 2018/19 offence-level totals (x, published 2019) differ from the force-year table: community resolutions
    600 against 6,060, outcomes 1,000 against 61,000. Revisions between publications are usually small; a difference this large
    may also be a misread file.
    """
    mine = table[table["force"].isin(list(forces)) & table["financial_year"].isin(years)]
    if mine.empty:
        return []
    if offence_totals is None:
        ours = outcomes.totals_from_offences(mine)
    else:
        ours = offence_totals[offence_totals["force"].isin(list(forces)) & offence_totals["financial_year"].isin(years)]
    theirs = totals[totals["basis"] == basis]
    lines = []
    for year in years:
        differences = coverage.publication_differences(ours[ours["basis"] == basis], theirs, year)
        for row in differences[differences["large"]].itertuples(index=False):
            if pd.isna(row.community_resolution_old) or pd.isna(row.community_resolution_new):
                continue
            origin = ours[(ours["force"] == row.force) & (ours["financial_year"] == year)].iloc[0]
            lines.append(
                f"{areas.force_in_sentence(row.force, start=True)}'s {year} offence-level totals ({origin['source']}, "
                f"published {origin['published']}) differ from "
                f"the force-year table: community resolutions {words.number(row.community_resolution_old)} against "
                f"{words.number(row.community_resolution_new)}, outcomes {words.number(row.assigned_old)} against "
                f"{words.number(row.assigned_new)}. Revisions between publications are usually small; a difference "
                "this large may also be a misread file.")
    return lines


def not_provided_notes(table: pd.DataFrame, forces: list[str] | tuple[str, ...], years: list[str]) -> list[str]:
    """A warning for each force-year of the offence-level data with cells marked "data not
    provided" (counted as missing, never as zero).

    >>> rows = pd.DataFrame({"financial_year": ["2018/19"] * 3, "force": ["Durham"] * 3, "quarter": [1, 1, 2],
    ...                      "note": ["N/A - data not provided", "N/A - data not provided", ""]})
    >>> not_provided_notes(rows, ["Durham"], ["2018/19"])
    ["The offence-level data for Durham Constabulary in 2018/19 mark two cells 'data not provided' (quarter 1): those counts are
    missing, not zero, so the figures below undercount."]
    """
    # The area's rows first, then the text search on those only: a force's page searches 1/44 of the
    # table, not all of it, for every offence-level notebook of every area of a batch (issue 16 item 2).
    mine = table[table["force"].isin(list(forces)) & table["financial_year"].isin(years)]
    # The text search runs on the column's few distinct notes, not on every row (a national page has a million).
    notes = pd.Series(mine["note"].dropna().unique(), dtype=object)
    marked = mine[mine["note"].isin(notes[notes.str.contains("data not provided", case=False, na=False)])]
    lines = []
    for (force, year), group in marked.groupby(["force", "financial_year"], sort=True):
        quarters = sorted(int(q) for q in group["quarter"].unique())
        which = f"quarter{'s' if len(quarters) > 1 else ''} {coverage.join_words([str(q) for q in quarters])}"
        lines.append(f"The offence-level data for {areas.force_in_sentence(force)} in {year} mark "
                     f"{words.plural(len(group), 'cell')} 'data not provided' ({which}): those counts are missing, "
                     "not zero, so the figures below undercount.")
    return lines


def notes_for(table: pd.DataFrame, area: areas.Area, years: list[str], basis: str, *,
              mirror: str | None = None, key: tuple | None = None) -> list[str]:
    """Everything a reader needs before an offence-level number for ``area``: the years asked for
    that the data do not hold, known gaps, "data not provided" cells, and large differences from
    the force-year table.

    With ``key`` (:func:`outcomes.data_key` of what ``table`` was loaded from), what is the same for
    every area (the years held, every force's offence-level totals) is worked out once per process."""
    held, missing = offences.years_held(table, years, key)
    notes = [offences.missing_years_sentence(missing)] if missing else []
    notes += list(dict.fromkeys(gaps.gaps_for(gaps.known_gaps(mirror=mirror), area.forces, held, basis)["note"]))
    mine = table[table["force"].isin(list(area.forces))]  # selected once, not once per check
    notes += not_provided_notes(mine, area.forces, held)
    every_force = None if key is None else offences.every_force_totals(table, key)
    notes += consistency_notes(mine, outcomes.load_force_year_totals(mirror=mirror), area.forces, held, basis,
                               offence_totals=every_force)
    return notes


def start(notebook: str, title: str, area_text: str, years_text: str, basis_text: str, *,
          mirror: str | None, files: list[str], output_notes: list[str] | tuple[str, ...] = ()) -> OffenceRun:
    """Load every offence-level year and open the page: header, then every note a reader needs
    before the numbers (``output_notes`` adds the notebook's own). The page's title is
    ``"<title>: <area>"``, or ``title`` with ``{area}`` replaced by the area's name."""
    area, years, basis = areas.resolve_area(area_text), params.parse_years(years_text), params.check_basis(basis_text)
    table = offences.load_offence_level(mirror=mirror, files=files)
    key = outcomes.data_key(mirror, files)
    held, missing = offences.years_held(table, years, key)
    holds = offences.who_holds(table, key)  # forces, files and synthetic flags per year, not a million rows
    if held:  # a force with no rows at all for those years is an error, not a zero
        params.check_rows_available(holds, area.forces, held, "the offence-level data")
    synthetic = params.any_synthetic(files) or bool(holds.loc[holds["financial_year"].isin(held), "synthetic"].any())
    found = Findings(notebook, {"area": area_text, "area_slug": area.slug, "area_name": area.name,
                                "forces": list(area.forces), "years": years, "years_computed": held, "basis": basis},
                     synthetic=synthetic)
    run = OffenceRun(notebook, area, years, basis, table, held, missing, synthetic, found, data_key=key)
    found.sources = [{"id": s, "used_for": f"offence-level outcomes, {run.when}"} for s in run.sources]
    notes = notes_for(table, area, years, basis, mirror=mirror, key=key) + list(output_notes)
    run.notes = found.warnings = notes
    heading = title.replace("{area}", area.name) if "{area}" in title else f"{title}: {area.name}"
    page.show(page.header(heading, area, held or years, basis, synthetic, files))
    page.show(page.note_box(notes, "Read before using these figures"))
    said = memo.once("offence_pages.publications_sentence", (key, tuple(held)),
                     lambda: publications_sentence(table, held))  # the same for every area
    page.show(page.sentences([said] if held else []))
    found.add("computable", run.have_data, "whether offence-level data exists for any of the years asked for")
    return run


def nothing_to_count(run: OffenceRun, rows: pd.DataFrame, what: str) -> bool:
    """True (and the page says why, as its lead) when there is nothing to count for the area: no
    offence-level data for the years asked for, or no rows of ``what`` for its forces in them.
    Every notebook checks this before indexing into a selection, so an empty one gives a sentence,
    never a crash.

    >>> class Run:  # the attributes the check reads
    ...     have_data, offence_years, years = True, ["2018/19"], ["2018/19"]
    ...     area = areas.force_area("Durham")
    ...     found = Findings("x", {}, synthetic=False)
    >>> nothing_to_count(Run(), pd.DataFrame({"financial_year": ["2018/19"], "force": ["Kent"]}), "drug offences")
    True
    >>> Run.found.sentences
    ['These data hold no drug offences for Durham Constabulary in 2018/19, so this page has nothing to count.']
    """
    if not run.have_data:
        run.found.say(f"No offence-level data is available {page.years_phrase(run.years)}, so this page cannot count "
                      f"{what}.", lead=True)
        return True
    mine = rows[rows["financial_year"].isin(run.offence_years) & rows["force"].isin(list(run.area.forces))]
    if mine.empty:
        run.found.say(f"These data hold no {what} for {run.area.in_sentence} {page.years_phrase(run.offence_years)}, "
                      "so this page has nothing to count.", lead=True)
        return True
    return False


def every_year(run: OffenceRun, rows: pd.Series, what: str, key: str) -> pd.DataFrame:
    """Follow a selection (``rows``: a mask over ``run.table``) through every year the
    offence-level data hold, for the area's forces: figures ``{key}_<year>_…``, a sentence on the
    latest year's change and a table. Returns the yearly table (:func:`offences.yearly`)."""
    years = offences.yearly(run.table, run.area.forces, run.basis, rows=rows)
    for row in years.itertuples(index=False):
        year = row.financial_year.replace("/", "_")
        run.found.add(f"{key}_community_resolutions_{year}", row.community_resolution,
                      f"{run.area.name}: {what} closed by community resolution, {row.financial_year}", source=row.source)
        run.found.add(f"{key}_assigned_{year}", row.assigned, f"{run.area.name}: {what} given an outcome, {row.financial_year}")
        run.found.add(f"{key}_share_{year}", row.share, f"{run.area.name}: share, {row.financial_year}",
                      numerator=f"{key}_community_resolutions_{year}", denominator=f"{key}_assigned_{year}")
    sentence = offences.yearly_sentence(run.who, what, years)
    run.found.say(sentence)
    run.found.chart(f"{key.removeprefix('area_').replace('_', '-')}-by-year", years)
    page.show(page.sentences([sentence]))
    caption = f"{what[0].upper()}{what[1:]}, {run.area.name}: every year the offence-level data hold"
    page.show(page.table(offences.yearly_table(years), caption=caption))
    return years


def mix_every_year(run: OffenceRun) -> pd.DataFrame:
    """The area's offence mix (:func:`offences.offence_mix`) in every year the offence-level data
    hold: one row per category, one column of community resolutions per year, with the change
    between the last two years; figures ``mix_<category>_<year>`` and a table. Returns the table."""
    years = sorted(run.table["financial_year"].unique())
    mix = offences.offence_mix(run.table, run.area.forces, years, run.basis, by=["financial_year"])
    wide = mix.pivot_table(index="category", columns="financial_year", values="community_resolution",
                           aggfunc="sum", observed=False).reindex(columns=years).fillna(0).astype("int64")
    for category, row in wide.iterrows():
        for year, value in row.items():
            key = f"mix_{str(category).lower().replace(' ', '_')}_{year.replace('/', '_')}"
            run.found.add(key, value, f"{run.area.name}: community resolutions for {category}, {year}")
    shown = wide.reset_index().rename(columns={"category": "Offences"})
    shown["Offences"] = shown["Offences"].astype(str)
    if len(years) > 1:
        shown[f"Change, {years[-2]} to {years[-1]}"] = [f"{int(v):+,}" for v in wide[years[-1]] - wide[years[-2]]]
    run.found.chart("offence-mix-by-year", mix)
    caption = f"Community resolutions by offence, {run.area.name}: every year the offence-level data hold"
    page.show(page.table(shown, caption=caption))
    return shown
