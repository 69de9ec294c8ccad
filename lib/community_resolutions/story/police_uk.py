"""Finding 8: police.uk's "Local resolution" beside the Home Office's community resolutions.

Notebook ``8-police-uk`` reads as the story and calls these functions, one per section of the page:

* :func:`load` reads the Home Office totals, the BBC's yearly police.uk aggregates and any monthly
  police.uk files, and pairs each financial year with a calendar year (:class:`Data`);
* :func:`begin` makes the findings (sources, warnings) and :func:`opening` the page's top;
* :func:`compare` counts both sides per force and year; :func:`comparison_section` says it and
  :func:`comparison_figures` draws and tabulates it;
* :func:`categories_section`, :func:`months_section`, :func:`local_section` (below the force, by
  council area), :func:`share_section` (share of recorded crimes) and :func:`why_section`;
* :func:`ending` writes the findings file and lists the sources.

Each section returns a :class:`Section` (its sentences, then the tables, charts and boxes the page
shows after them); :func:`show` puts one on the page. The sentence rules are small functions
(:func:`verdict`, :func:`pair_sentence`, :func:`share_sentence` ...) with unit tests in
``tests/test_story_police_uk.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import (
    areas,
    charts,
    gaps,
    outcomes,
    page,
    policeuk as puk,
    policeuk_duckdb as puk_db,
    policeuk_local as puk_local,
    recorded_crime,
    words,
)
from ..findings import Findings
from . import Chart, Run

AGG_ID = "policeuk-outcomes-by-year-force-crimetype-2012-16"
MIRROR_MONTHS = ("the mirror's police.uk monthly files for Northumbria Police, January-June 2014 "
                 "(downloaded in August 2014)")
RC_YEAR = "2017/18"  # the only year the recorded-crime table in this project holds
PU_COLOUR, HO_COLOUR = "#85c1e9", "#1f4e79"


# --------------------------------------------------------------------------- parameters and data


def check_policeuk(policeuk: str) -> str:
    """The ``policeuk`` parameter, stripped; a path that does not exist stops here with a message.

    >>> check_policeuk("  ")
    ''
    """
    text = str(policeuk).strip()
    if text and not Path(text).expanduser().exists():
        raise FileNotFoundError(f"policeuk={policeuk!r}: no such folder or zip. Give a folder or zip of police.uk "
                                "monthly files (YYYY-MM-<force>-street.csv), or leave it empty.")
    return text


def check_local_area(local_area: str) -> str:
    """The ``local_area`` parameter with its spaces tidied.

    >>> check_local_area("  North   Tyneside ")
    'North Tyneside'
    """
    return " ".join(str(local_area).split())


@dataclass
class Data:
    """Everything the page reads, and the years it compares."""

    totals: pd.DataFrame  # Home Office force × financial year × basis
    aggregates: pd.DataFrame  # police.uk yearly aggregates (BBC), by force, year, crime type, last outcome
    yearly: pd.DataFrame  # the aggregates summed by force and calendar year
    dropped: pd.DataFrame  # aggregate rows left out (not England and Wales)
    ho_years: list[str]
    pu_years: list[int]
    pairs: list[str]  # the financial years compared
    pairs_asked: bool  # False: none of the years asked for had police.uk counts
    archive: puk_db.ArchiveCounts | None  # monthly files, when any were read
    months_from: str  # where the monthly files came from, for a sentence
    policeuk: str  # the policeuk parameter, checked
    no_outcome_forces: list[str]  # forces of the area publishing no outcome on police.uk
    missing_forces: list[str]  # forces of the area with nothing in the aggregates
    page_sources: list[str] = field(default_factory=list)  # dataset ids for the page's sources block
    synthetic: bool = False

    @property
    def monthly(self) -> pd.DataFrame | None:
        return self.archive.monthly if self.archive is not None else None

    @property
    def latest_pair(self) -> str:
        return self.pairs[-1]

    @property
    def latest_cal(self) -> int:
        return puk.financial_year_calendar_pair(self.latest_pair)

    @property
    def ho_rows(self) -> pd.DataFrame:
        return self.totals[self.totals["financial_year"].isin(self.pairs)]


def compared_years(asked: list[str], ho_years: list[str], pu_years: list[int]) -> tuple[list[str], bool]:
    """The financial years to compare: those asked for that pair with a police.uk calendar year (the
    one holding nine of their twelve months), else every pairable year; and whether they were asked for.

    >>> compared_years(["2015/16", "2017/18"], ["2014/15", "2015/16", "2017/18"], [2014, 2015, 2016])
    (['2015/16'], True)
    >>> compared_years(["2017/18"], ["2014/15", "2015/16", "2017/18"], [2014, 2015, 2016])
    (['2014/15', '2015/16'], False)
    """
    pairable = [fy for fy in ho_years if puk.financial_year_calendar_pair(fy) in pu_years]
    pairs = [fy for fy in asked if fy in pairable]
    return (pairs, True) if pairs else (pairable, False)


def load(run: Run, policeuk: str) -> Data:
    """Read the Home Office totals, police.uk's yearly aggregates and monthly files (the ``policeuk``
    parameter, else the mirror's Northumbria months when the area includes Northumbria)."""
    policeuk = check_policeuk(policeuk)
    totals = outcomes.load_totals(mirror=run.mirror, files=run.files)
    aggregates = puk.load_aggregates(mirror=run.mirror)
    yearly = puk.aggregate_totals(aggregates)
    dropped = puk.dropped_from_aggregates(puk.sources.resolve(AGG_ID, mirror=run.mirror))
    ho_years = sorted(totals["financial_year"].unique())
    pu_years = sorted(int(y) for y in yearly["calendar_year"].unique())
    pairs, asked = compared_years(run.years, ho_years, pu_years)
    month_ids: list[str] = []
    archive: puk_db.ArchiveCounts | None = None
    months_from = ""
    if policeuk:  # counted with DuckDB straight from the files: the same tables as the pandas reader
        archive = puk_db.count_archive(Path(policeuk).expanduser())
        months_from = f"police.uk monthly files in {Path(policeuk).name}"
    elif "Northumbria" in run.area.forces:
        archive = puk_db.count_files(puk.mirror_month_files(mirror=run.mirror))
        months_from = MIRROR_MONTHS
        month_ids = puk.mirror_month_ids()
    no_outcomes = yearly[(yearly["crimes"] > 0) & (yearly["no_outcome"] == yearly["crimes"])]
    data = Data(totals=totals, aggregates=aggregates, yearly=yearly, dropped=dropped, ho_years=ho_years,
                pu_years=pu_years, pairs=pairs, pairs_asked=asked, archive=archive, months_from=months_from,
                policeuk=policeuk, no_outcome_forces=sorted(set(no_outcomes["force"]) & set(run.area.forces)),
                missing_forces=sorted(set(run.area.forces) - set(yearly["force"])))
    ho_sources = sorted(data.ho_rows["source"].unique())
    data.page_sources = ho_sources + [AGG_ID] + month_ids
    data.synthetic = run.user_files_synthetic or bool(data.ho_rows["synthetic"].any())
    return data


# --------------------------------------------------------------------------- what the page shows


@dataclass
class Table:
    """A table the page shows, with its caption."""

    frame: pd.DataFrame
    caption: str = ""


@dataclass
class Section:
    """One section of the page: its sentences, then the parts shown after them, in order (a chart, a
    table, or markup already made by :mod:`..page`, such as a note box)."""

    sentences: list[str] = field(default_factory=list)
    parts: list[Chart | Table | str] = field(default_factory=list)


def show(section: Section) -> None:
    """Put a section on the page: its sentences, then its charts, tables and boxes."""
    if section.sentences:
        page.show(page.sentences(section.sentences))
    for part in section.parts:
        if isinstance(part, Chart):
            charts.show(part.figure, alt=part.alt)
        elif isinstance(part, Table):
            page.show(page.table(part.frame, caption=part.caption))
        else:
            page.show(part)


# --------------------------------------------------------------------------- findings, warnings, the page's top


def begin(run: Run, data: Data) -> Findings:
    """The findings of this run: its parameters, the sources used and the warnings to read first."""
    found = run.findings(data.synthetic, policeuk=Path(data.policeuk).name if data.policeuk else "", pairs=data.pairs)
    found.sources = [{"id": s, "used_for": "Home Office force × year totals"}
                     for s in sorted(data.ho_rows["source"].unique())]
    found.sources.append({"id": AGG_ID, "used_for": "police.uk last outcomes by calendar year, force and crime type, "
                                                    "2012-2016"})
    if data.archive is not None:
        found.sources.append({"id": Path(data.policeuk).name if data.policeuk else "policeuk-northumbria-2014-01..06",
                              "used_for": data.months_from})
    found.warnings = warnings(run, data, found)
    return found


def part_year_note(crimes: int, force: str, year: int) -> str:
    """The warning for a force whose police.uk year holds under half its usual crimes.

    >>> part_year_note(1234, "Durham Constabulary", 2012)[:63]
    'police.uk holds only 1,234 crimes for Durham Constabulary in 20'
    """
    return (f"police.uk holds only {crimes:,} crimes for {force} in {year}, under half its usual year: "
            f"its {year} figures on police.uk cover part of the year at most.")


def repeated_ids_note(ids: int, extra_rows: int) -> str:
    """The warning for Crime IDs on more than one street row.

    >>> repeated_ids_note(1, 2)
    'one Crime ID appears on more than one row of the street files (two extra rows): each crime is counted once.'
    """
    verb = "appears" if ids == 1 else "appear"
    return (f"{words.plural(ids, 'Crime ID')} {verb} on more than one row of the street files "
            f"({words.plural(extra_rows, 'extra row')}): each crime is counted once.")


def warnings(run: Run, data: Data, found: Findings) -> list[str]:
    """What to read before using the figures: known gaps, part years, forces with no outcomes or no
    figures on police.uk, repeated Crime IDs (that count is also a figure)."""
    notes = list(dict.fromkeys(gaps.gaps_for(gaps.known_gaps(mirror=run.mirror), run.area.forces, data.pairs,
                                             run.basis)["note"]))
    short = puk.part_years(data.yearly)
    calendar = [puk.financial_year_calendar_pair(fy) for fy in data.pairs]
    short = short[short["force"].isin(run.area.forces) & short["calendar_year"].isin(calendar)]
    notes += [part_year_note(row.crimes, row.force, row.calendar_year) for row in short.itertuples()]
    for force in data.no_outcome_forces:
        notes.append(f"police.uk publishes crimes for {force} but no outcome for any of them in 2012-2016: its zero "
                     "“Local resolution” count there means “not published”, not “none”.")
    for force in data.missing_forces:
        notes.append(f"The police.uk aggregates hold nothing for {force}: there is no police.uk figure to compare.")
    if data.archive is not None and len(data.archive.duplicates):
        duplicates = data.archive.duplicates
        repeats = int(duplicates["rows"].sum() - len(duplicates))
        found.add("policeuk_repeated_crime_ids", len(duplicates), "Crime IDs on more than one street row",
                  extra_rows=repeats)
        notes.append(repeated_ids_note(len(duplicates), repeats))
    return notes


def opening(run: Run, data: Data, found: Findings) -> Section:
    """The page's top: headline block, then the warnings box."""
    return Section(parts=[page.header(f"police.uk and the Home Office: {run.area.name}", run.area, data.pairs,
                                      run.basis, data.synthetic),
                          page.note_box(found.warnings, "Read before using these figures")])


# --------------------------------------------------------------------------- police.uk's year beside the Home Office's


def _figure(row: pd.DataFrame, column: str, basis: str) -> object:
    return int(row.loc[basis, column]) if basis in row.index else pd.NA


def compare(run: Run, data: Data, found: Findings) -> pd.DataFrame:
    """One row per force and compared year: police.uk's calendar year (crimes, anti-social behaviour,
    Local resolution as last outcome) beside the Home Office's financial year (both bases), and the
    ratio police.uk ÷ Home Office. Each count is also a figure."""
    other = "recorded" if run.basis == "closed" else "closed"
    yearly, totals = data.yearly, data.totals
    rows = []
    for force in run.area.forces:
        slug = areas.force_slug(force)
        for fy in data.pairs:
            cal = puk.financial_year_calendar_pair(fy)
            pu = yearly[(yearly["force"] == force) & (yearly["calendar_year"] == cal)]
            ho = totals[(totals["force"] == force) & (totals["financial_year"] == fy)].set_index("basis")
            pu_row = pu.iloc[0] if len(pu) else None
            has_pu = pu_row is not None and force not in data.no_outcome_forces
            row = {
                "force": force, "calendar_year": cal, "financial_year": fy,
                "policeuk_crimes": int(pu_row["crimes"]) if pu_row is not None else pd.NA,
                "policeuk_asb": int(pu_row["asb"]) if pu_row is not None else pd.NA,
                "policeuk_local_resolution": int(pu_row["local_resolution_last"]) if pu_row is not None and has_pu
                else pd.NA,
                "home_office": _figure(ho, "community_resolution", run.basis),
                "home_office_other_basis": _figure(ho, "community_resolution", other),
                "home_office_assigned": _figure(ho, "assigned", run.basis),
            }
            rows.append(row)
            key = f"{slug}_{cal}"
            if has_pu:
                found.add(f"{key}_policeuk_local_resolution", row["policeuk_local_resolution"],
                          f"{force}: crimes recorded in {cal} whose last outcome on police.uk is Local resolution")
            found.add(f"{key}_policeuk_crimes", row["policeuk_crimes"],
                      f"{force}: crimes on police.uk, {cal} (anti-social behaviour left out)")
            found.add(f"{key}_policeuk_asb", row["policeuk_asb"],
                      f"{force}: anti-social behaviour incidents on police.uk, {cal} (not crimes)")
            found.add(f"{slug}_{fy.replace('/', '_')}_home_office_community_resolutions", row["home_office"],
                      f"{force}: Home Office community resolutions, {fy} ({run.basis} basis)")
    comparison = pd.DataFrame(rows)
    comparison["ratio"] = [
        (p / h) if pd.notna(p) and pd.notna(h) and h > 0 else float("nan")
        for p, h in zip(comparison["policeuk_local_resolution"], comparison["home_office"], strict=True)]
    return comparison


def verdict(policeuk: int, home_office: int) -> str:
    """How police.uk's count compares with the Home Office's: less than 10% apart is "close", below is
    a percentage, above is "N times".

    >>> verdict(95, 100), verdict(45, 100), verdict(250, 100), verdict(3, 0)
    ("close to the Home Office's figure", "45% of the Home Office's figure", "2.5 times the Home Office's figure", \
'with no Home Office figure to set it against')
    """
    if home_office and 10 * abs(policeuk - home_office) < home_office:  # exact: 90 and 110 of 100 are both not close
        return "close to the Home Office's figure"
    if home_office and policeuk < home_office:
        return f"{words.percent(policeuk / home_office, 0)} of the Home Office's figure"
    if home_office:
        return f"{words.times(policeuk, home_office)} the Home Office's figure"
    return "with no Home Office figure to set it against"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count and its noun, singular for exactly one (digits from 10, as :func:`..words.number`).

    >>> counted(0, "crime"), counted(1, "crime"), counted(1234, "community resolution")
    ('zero crimes', 'one crime', '1,234 community resolutions')
    """
    return f"{words.number(count)} {noun if count == 1 else plural or noun + 's'}"


def months_between(first: str, last: str) -> str:
    """'January 2014 to June 2014'; one month alone when the two are the same.

    >>> months_between("2014-01", "2014-06"), months_between("2016-03", "2016-03")
    ('January 2014 to June 2014', 'March 2016')
    """
    return month_name(first) if first == last else f"{month_name(first)} to {month_name(last)}"


def pair_sentence(policeuk: int, home_office: int, who: str, calendar_year: int, financial_year: str) -> str:
    """One force (or the area summed): police.uk's calendar year beside the Home Office's financial year."""
    return (f"police.uk shows {counted(policeuk, 'crime')} recorded by {who} in {calendar_year} whose last outcome "
            f"was “Local resolution”; the Home Office counts {counted(home_office, 'community resolution')} in "
            f"{financial_year}. police.uk's count is {verdict(policeuk, home_office)}.")


def _pair_words(rows: pd.DataFrame, who: str, data: Data) -> str | None:
    if rows["policeuk_local_resolution"].isna().all():
        return None
    return pair_sentence(int(rows["policeuk_local_resolution"].sum()), int(rows["home_office"].sum()), who,
                         data.latest_cal, data.latest_pair)


def no_outcome_sentence(crimes: int, force_name: str, home_office: int, calendar_year: int, financial_year: str) -> str:
    """A force that publishes crimes on police.uk but no outcomes (British Transport Police)."""
    return (f"police.uk lists {counted(crimes, 'crime')} recorded by {force_name} in {calendar_year} but no "
            f"outcome for any of them, so it shows no “Local resolution” at all; the Home Office counts "
            f"{counted(home_office, 'community resolution')} in {financial_year}. On police.uk this force's "
            "community resolutions cannot be seen.")


def range_sentence(first: int, last: int, low: float, low_year: int, high: float, high_year: int) -> str:
    """How the ratio ran from year to year (added to a force's sentence).

    >>> range_sentence(2014, 2016, 0.8, 2015, 0.95, 2014)[:62]
    ' Year by year from 2014 to 2016 it ran between 80% (2015) and '
    """
    return (f" Year by year from {first} to {last} it ran between {words.percent(low, 0)} ({low_year}) and "
            f"{words.percent(high, 0)} ({high_year}) of the Home Office's figure for the matching financial year.")


def _area_sentence(run: Run, data: Data, latest: pd.DataFrame, found: Findings) -> None:
    have = latest.dropna(subset=["policeuk_local_resolution"])
    p, h = int(have["policeuk_local_resolution"].sum()), int(have["home_office"].sum())
    found.add("area_policeuk_local_resolution", p,
              f"{run.area.name}: police.uk Local resolution (last outcome), {data.latest_cal}",
              forces=", ".join(have["force"]))
    found.add("area_home_office_community_resolutions", h,
              f"{run.area.name}: Home Office community resolutions, {data.latest_pair} (same forces)")
    found.add("area_ratio", p / h if h else float("nan"), "police.uk count ÷ Home Office count",
              numerator="area_policeuk_local_resolution", denominator="area_home_office_community_resolutions")
    left_out = [f for f in run.area.forces if f not in set(have["force"])]
    who = f"the forces of {run.area.in_sentence}" + (
        f" (all but {', '.join(left_out)}, with no outcomes on police.uk)" if left_out else "")
    sentence = _pair_words(have, who, data)
    if sentence:
        found.say(sentence, lead=True)


def _force_sentence(run: Run, data: Data, comparison: pd.DataFrame, force: str, found: Findings) -> str:
    rows = comparison[comparison["financial_year"] == data.latest_pair]
    rows = rows[rows["force"] == force]
    name, slug = areas.force_in_sentence(force), areas.force_slug(force)
    sentence = _pair_words(rows, name, data)
    if sentence is None:
        h = rows["home_office"].iloc[0]
        if force in data.no_outcome_forces:
            sentence = no_outcome_sentence(rows["policeuk_crimes"].iloc[0], name, h, data.latest_cal, data.latest_pair)
        else:
            sentence = (f"police.uk has no figures for {name}; the Home Office counts {words.number(h)} community "
                        f"resolutions in {data.latest_pair}.")
    else:
        found.add(f"{slug}_ratio", rows["ratio"].iloc[0],
                  f"{force}: police.uk {data.latest_cal} ÷ Home Office {data.latest_pair}",
                  numerator=f"{slug}_{data.latest_cal}_policeuk_local_resolution",
                  denominator=f"{slug}_{data.latest_pair.replace('/', '_')}_home_office_community_resolutions")
    ratios = comparison[(comparison["force"] == force)].dropna(subset=["ratio"])
    if len(ratios) > 1:
        low, high = ratios.loc[ratios["ratio"].idxmin()], ratios.loc[ratios["ratio"].idxmax()]
        found.add(f"{slug}_ratio_low", low["ratio"],
                  f"{force}: lowest police.uk ÷ Home Office ratio, {low['calendar_year']} against "
                  f"{low['financial_year']}")
        found.add(f"{slug}_ratio_high", high["ratio"],
                  f"{force}: highest police.uk ÷ Home Office ratio, {high['calendar_year']} against "
                  f"{high['financial_year']}")
        sentence += range_sentence(ratios["calendar_year"].min(), ratios["calendar_year"].max(), low["ratio"],
                                   low["calendar_year"], high["ratio"], high["calendar_year"])
    return sentence


def years_sentence(asked: list[str], pairs: list[str], pairs_asked: bool, pu_years: list[int]) -> str | None:
    """What the page says when some or all of the years asked for cannot be compared (None: all can).

    >>> years_sentence(["2014/15", "2017/18"], ["2014/15"], True, [2012, 2016])
    "police.uk's yearly counts stop in 2016, so 2017/18 cannot be set beside them here."
    """
    if not pairs_asked:
        return (f"police.uk's yearly counts run from {pu_years[0]} to {pu_years[-1]}, so none of the years asked for "
                f"({page.years_phrase(asked).removeprefix('in ').removeprefix('from ')}) can be compared; this page "
                f"compares {', '.join(pairs)} instead.")
    missing = [fy for fy in asked if fy not in pairs]
    if missing:
        return (f"police.uk's yearly counts stop in {pu_years[-1]}, so {', '.join(missing)} cannot be set beside them "
                "here.")
    return None


def comparison_section(run: Run, data: Data, comparison: pd.DataFrame, found: Findings) -> Section:
    """The lead: for the area (a region summed) and each force, police.uk's latest calendar year beside
    the Home Office's financial year (and the years that cannot be compared)."""
    latest = comparison[comparison["financial_year"] == data.latest_pair]
    if not run.area.is_force:
        _area_sentence(run, data, latest, found)
    for force in run.area.forces:
        found.say(_force_sentence(run, data, comparison, force, found), lead=run.area.is_force)
    extra = years_sentence(run.years, data.pairs, data.pairs_asked, data.pu_years)
    if extra:
        found.say(extra)
    return Section(list(found.sentences))


def comparison_figures(run: Run, data: Data, comparison: pd.DataFrame, found: Findings) -> Section:
    """The comparison drawn (:func:`paired_bars`) and tabulated (:func:`comparison_table`)."""
    return Section(parts=[comparison_chart(run, data, comparison, found),
                          Table(*comparison_table(comparison, run.basis))])


def chart_source(home_office_sources: list[str], basis: str) -> str:
    """The comparison chart's source line (both sources, the licence).

    >>> "Home Office crime outcomes (a, b, closed basis)." in chart_source(["a", "b"], "closed")
    True
    """
    return ("Source: police.uk street-level archive (BBC aggregates, last outcome, anti-social behaviour left out); "
            "Home Office crime outcomes (" + ", ".join(home_office_sources) + f", {basis} basis). "
            "Contains public sector information licensed under the Open Government Licence v3.0.")


def comparison_chart(run: Run, data: Data, comparison: pd.DataFrame, found: Findings) -> Chart:
    """The paired bars (every compared year when six forces or fewer, else the latest), kept as chart data."""
    chart_pairs = data.pairs if len(run.area.forces) <= 6 else [data.latest_pair]
    chart_data = comparison[comparison["financial_year"].isin(chart_pairs)]
    found.chart("policeuk-vs-home-office", chart_data)
    source = chart_source(sorted(data.ho_rows["source"].unique()), run.basis)
    figure = paired_bars(chart_data, list(run.area.forces), len(chart_pairs), source, data.synthetic)
    return Chart(figure, comparison_alt(chart_data, data.latest_pair))


def _force_bars(ax: plt.Axes, data: pd.DataFrame, force: str) -> None:
    labels: list[str] = []
    values: list[Any] = []  # counts, or pd.NA where police.uk has none
    for row in data.itertuples():
        labels += [f"police.uk, {row.calendar_year}", f"Home Office, {row.financial_year}"]
        values += [row.policeuk_local_resolution, row.home_office]
    positions = list(range(len(values)))[::-1]
    top = max([v for v in values if pd.notna(v)] + [1])
    colours, hatches = [PU_COLOUR, HO_COLOUR] * len(data), ["///", ""] * len(data)
    for pos, value, colour, hatch in zip(positions, values, colours, hatches, strict=False):
        if pd.isna(value):
            ax.text(top * 0.01, pos, "not on police.uk", va="center", fontsize=9, color="#555555", style="italic")
            continue
        ax.barh(pos, value, color=colour, hatch=hatch, edgecolor="#1f4e79", linewidth=0.6, height=0.72)
        ax.text(value + top * 0.01, pos, f" {value:,}", va="center", fontsize=9)
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, top * 1.18)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.tick_params(axis="y", length=0)
    ax.set_title(areas.force_display_name(force), fontsize=11, loc="left", pad=4)
    for gap_line in range(2, len(values), 2):
        ax.axhline(len(values) - gap_line - 0.5, color="#dddddd", linewidth=0.8)


def paired_bars(chart_data: pd.DataFrame, forces: list[str], years: int, source: str, synthetic: bool) -> Figure:
    """For each force, police.uk's calendar year (hatched) above the Home Office's financial year
    (solid), every bar labelled with its source, year and count, so colour is never the only cue."""
    with plt.style.context(charts.STYLE):
        heights = [0.36 * 2 * years + 0.8 for _ in forces]
        fig_height = sum(heights) + 1.6
        fig, axes = plt.subplots(len(forces), 1, figsize=(8, fig_height), squeeze=False,
                                 gridspec_kw={"height_ratios": heights})
        for ax, force in zip(axes[:, 0], forces, strict=True):
            _force_bars(ax, chart_data[chart_data["force"] == force], force)
        fig.suptitle("Community resolutions: police.uk “Local resolution” (last outcome, calendar year)\n"
                     "beside the Home Office's count (financial year)", x=0.01, ha="left", fontsize=12.5,
                     fontweight="bold")
        charts._footer(fig, source, synthetic)
        fig.tight_layout(rect=(0, 0.6 / fig_height, 1, 1), h_pad=1.2)
    return fig


def comparison_alt(chart_data: pd.DataFrame, latest_pair: str) -> str:
    """The paired bars' alt text: what they show, and the latest year's two counts for each force."""
    parts = []
    for row in chart_data[chart_data["financial_year"] == latest_pair].itertuples():
        shown = "nothing" if pd.isna(row.policeuk_local_resolution) else f"{row.policeuk_local_resolution:,}"
        parts.append(f"{row.force}: police.uk {row.calendar_year} {shown}, Home Office {row.financial_year} "
                     f"{row.home_office:,}")
    return ("Paired bar chart of community resolutions on police.uk (Local resolution as last outcome, calendar year) "
            "and in the Home Office data (financial year), for each force. " + "; ".join(parts) + ".")


def comparison_table(comparison: pd.DataFrame, basis: str) -> tuple[pd.DataFrame, str]:
    """The comparison as the page prints it, and its caption."""
    other = "recorded" if basis == "closed" else "closed"
    shown = comparison.assign(
        share=lambda d: [words.percent(p / c) if pd.notna(p) and pd.notna(c) and c else ""
                         for p, c in zip(d["policeuk_local_resolution"], d["policeuk_crimes"], strict=True)],
        ratio=lambda d: [words.percent(r, 0) if pd.notna(r) else "" for r in d["ratio"]])
    shown = shown[["force", "calendar_year", "policeuk_crimes", "policeuk_local_resolution", "share", "financial_year",
                   "home_office", "home_office_other_basis", "ratio"]].astype({"calendar_year": str})
    return shown.rename(columns={
        "force": "Force", "calendar_year": "police.uk year", "policeuk_crimes": "police.uk crimes",
        "policeuk_local_resolution": "Local resolution", "share": "% of crimes",
        "financial_year": "Home Office year", "home_office": f"Community resolutions ({basis})",
        "home_office_other_basis": f"({other} basis)", "ratio": "police.uk ÷ Home Office"}), (
        "police.uk (calendar year; crimes whose last outcome is Local resolution) beside the Home Office (financial "
        "year). A blank police.uk cell: nothing published.")


# --------------------------------------------------------------------------- coarse categories


def category_sentences(top: str, top_count: int, total: int, where: str, year: int, violence: int | None) -> list[str]:
    """The category with most Local resolutions, and what police.uk cannot say about violence and
    sexual offences (``violence``: that category's count, None when it has none).

    >>> category_sentences("Shoplifting", 12, 40, "for Durham Constabulary", 2016, 9)[1]
    '“Violence and sexual offences” accounted for nine; police.uk does not say which of those were sexual offences.'
    """
    lines = [(f"In {year}, the police.uk category with the most “Local resolution” outcomes {where} was "
              f"“{top}”: {words.number(top_count)} of {words.number(total)}.")]
    if violence is not None and top != "Violence and sexual offences":
        lines.append(f"“Violence and sexual offences” accounted for {words.number(violence)}; "
                     "police.uk does not say which of those were sexual offences.")
    elif violence is not None:
        lines.append("police.uk does not say which of those were sexual offences and which were violence.")
    return lines


def categories_section(run: Run, data: Data, found: Findings) -> Section:
    """police.uk's categories of the crimes whose last outcome was Local resolution, latest year."""
    forces = [f for f in run.area.forces if f not in data.no_outcome_forces and f not in data.missing_forces]
    categories = puk.category_counts(data.aggregates, forces, [data.latest_cal]) if forces else pd.DataFrame()
    if not len(categories) or categories["local_resolution_last"].sum() <= 0:
        return Section([found.say(f"police.uk shows no “Local resolution” outcomes for {run.area.name} in "
                                  f"{data.latest_cal}, so there are no categories to show.")])
    found.chart("categories", categories)
    total = int(categories["local_resolution_last"].sum())
    top = categories.iloc[0]
    found.add("category_top", top["crime_type"], f"police.uk category with most Local resolutions, {data.latest_cal}",
              count=int(top["local_resolution_last"]), of=total)
    vso = categories[categories["crime_type"] == "Violence and sexual offences"]
    where = (f"for {areas.force_in_sentence(run.area.forces[0])}" if run.area.is_force
             else f"across {run.area.in_sentence}")
    lines = category_sentences(top["crime_type"], top["local_resolution_last"], total, where, data.latest_cal,
                               vso["local_resolution_last"].iloc[0] if len(vso) else None)
    table = categories.assign(share_of_crimes=categories["share_of_crimes"].map(
        lambda s: words.percent(s) if pd.notna(s) else "")).rename(columns={
            "crime_type": "police.uk category", "crimes": "Crimes",
            "local_resolution_last": "Local resolution (last outcome)", "share_of_crimes": "Share"})
    caption = f"police.uk categories, {data.latest_cal}, " + ("all forces of the area" if not run.area.is_force
                                                               else run.area.name)
    return Section([found.say(line) for line in lines], [Table(table, caption)])


# --------------------------------------------------------------------------- month by month


def month_name(month: str) -> str:
    """'2014-01' -> 'January 2014'.

    >>> month_name("2014-01")
    'January 2014'
    """
    return pd.Timestamp(f"{month}-01").strftime("%B %Y")


def month_forces(run: Run, data: Data) -> list[str]:
    """The forces of the area the monthly files hold."""
    monthly = data.monthly
    return [f for f in run.area.forces if monthly is not None and f in set(monthly["force"])]


def no_months_sentence(months_from: str, given: bool, where: str) -> str:
    """Why there is no month-by-month section (files given for other forces, or none given).

    >>> no_months_sentence("", False, "Durham")[:47]
    'No police.uk monthly files were given for this '
    """
    if given:
        reason = f"The monthly files given ({months_from}) hold no force of {where}."
    else:
        reason = ("No police.uk monthly files were given for this area (the mirror holds Northumbria's only), so this "
                  "page uses police.uk's yearly last-outcome counts alone and cannot count outcome events.")
    return reason + " Give the policeuk parameter a folder or zip of monthly files from data.police.uk to add them."


def force_months_sentence(name: str, first: str, last: str, local: int, crimes: int, asb: int,
                          events: int | None) -> str:
    """A force's street files: crimes ending in Local resolution, and the outcomes files' events (None: no
    outcomes files)."""
    text = (f"In {name}'s street files for {months_between(first, last)}, {words.number(local)} of "
            f"{counted(crimes, 'crime')} had “Local resolution” as their last outcome "
            f"({counted(asb, 'anti-social behaviour incident')} left out).")
    if events is None:
        return text + " There are no outcomes files for these months, so outcome events cannot be counted."
    return text + (f" The outcomes files for the same months hold {counted(events, 'Local resolution event')}, "
                   "counted by the month the outcome was given, whenever the crime was recorded.")


def pending_sentence(first_share: float, first: str, last_share: float, last: str) -> str:
    """How the share of crimes with no final outcome falls with the age of the month."""
    return (f"The newer the month, the fewer outcomes it shows: {words.percent(first_share, 0)} of "
            f"{month_name(first)}'s crimes had no final outcome yet (under investigation or blank) in the files read, "
            f"against {words.percent(last_share, 0)} of {month_name(last)}'s. A last-outcome count keeps growing for "
            "months after the crimes are recorded.")


def year_sentence(first: str, last: str, financial_year: str, months: int, local: int, events: float,
                  home_office: int) -> str:
    """The months of one financial year in the files beside the Home Office's whole year (spread evenly
    over the months held when they are fewer than twelve)."""
    event_words = f" and {counted(int(events), 'Local resolution event')}" if pd.notna(events) else ""
    resolutions = counted(home_office, "community resolution")
    if months == 12:
        return (f"For {financial_year} as a whole, police.uk shows {counted(local, 'crime')} ending in "
                f"“Local resolution”{event_words}; the Home Office counts {resolutions}.")
    even = home_office * months / 12
    are, them = ("is one", "it") if months == 1 else (f"are {words.number(months)}", "them")
    return (f"{months_between(first, last)} {are} of the twelve months of {financial_year}. police.uk shows "
            f"{counted(local, 'crime')} ending in “Local resolution”{event_words} for {them}. "
            f"The Home Office counts {resolutions} for the whole year; spread evenly, that is about "
            f"{words.number(round(even))} for {counted(months, 'month')} (an estimate: the Home Office figures used "
            "here are yearly).")


def _force_month_lines(run: Run, data: Data, force: str, rows: pd.DataFrame, found: Findings) -> list[str]:
    slug = areas.force_slug(force)
    first, last = rows["month"].min(), rows["month"].max()
    local, crimes = int(rows["local_resolution_last"].sum()), int(rows["crimes"].sum())
    found.add(f"{slug}_months_first", first, f"{force}: first month of police.uk files read")
    found.add(f"{slug}_months_last", last, f"{force}: last month of police.uk files read")
    found.add(f"{slug}_months_crimes", crimes,
              f"{force}: crimes in the street files, {first} to {last} (anti-social behaviour left out)")
    found.add(f"{slug}_months_asb", int(rows["asb"].sum()),
              f"{force}: anti-social behaviour rows in the street files, {first} to {last} (not crimes)")
    found.add(f"{slug}_months_local_resolution_last", local,
              f"{force}: crimes recorded {first} to {last} whose last outcome is Local resolution (street files)")
    found.add(f"{slug}_months_no_final_outcome", int(rows["no_final_outcome"].sum()),
              f"{force}: crimes still under investigation or with no outcome when the files were made")
    with_events = rows[rows["has_outcomes_file"]]
    events = None
    if len(with_events):
        events = int(with_events["local_resolution_events"].sum())
        found.add(f"{slug}_months_local_resolution_events", events,
                  f"{force}: Local resolution outcome events, {with_events['month'].min()} to "
                  f"{with_events['month'].max()} (outcomes files)")
    lines = [force_months_sentence(areas.force_in_sentence(force), first, last, local, crimes,
                                   int(rows["asb"].sum()), events)]
    ending = rows.sort_values("month")
    first_row, last_row = ending.iloc[0], ending.iloc[-1]
    if len(ending) > 1 and last_row["crimes"]:
        first_share = first_row["no_final_outcome"] / first_row["crimes"]
        last_share = last_row["no_final_outcome"] / last_row["crimes"]
        found.add(f"{slug}_pending_share_first_month", first_share,
                  f"{force}: share of {first_row['month']}'s crimes with no final outcome in the file")
        found.add(f"{slug}_pending_share_last_month", last_share,
                  f"{force}: share of {last_row['month']}'s crimes with no final outcome in the file")
        lines.append(pending_sentence(first_share, first_row["month"], last_share, last_row["month"]))
    lines += _year_lines(run, data, force, rows, found)
    aggregate_year = data.yearly[(data.yearly["force"] == force) & (data.yearly["calendar_year"] == int(first[:4]))]
    if len(aggregate_year) and first[:4] == last[:4]:
        agg = aggregate_year.iloc[0]
        found.add(f"{slug}_aggregate_same_year_pending_share", agg["no_outcome"] / agg["crimes"],
                  f"{force}: share of {first[:4]}'s crimes with no outcome in the later BBC aggregates")
        lines.append(f"Data made later tell a different story: in the BBC's aggregates of the archive, only "
                     f"{words.percent(agg['no_outcome'] / agg['crimes'], 0)} of {force}'s crimes of {first[:4]} had "
                     f"no outcome, and {words.number(agg['local_resolution_last'])} ended in “Local resolution” over "
                     "the whole calendar year.")
    return lines


def _year_lines(run: Run, data: Data, force: str, rows: pd.DataFrame, found: Findings) -> list[str]:
    lines = []
    slug, totals = areas.force_slug(force), data.totals
    for fy_row in puk.by_financial_year(rows).itertuples():
        fy = fy_row.financial_year
        ho = totals[(totals["force"] == force) & (totals["financial_year"] == fy) & (totals["basis"] == run.basis)]
        key = f"{slug}_{fy.replace('/', '_')}"
        if ho.empty:
            lines.append(f"{month_name(fy_row.first_month)} to {month_name(fy_row.last_month)} fall in {fy}: the Home "
                         f"Office figures used here start in {data.ho_years[0]}, so there is nothing to compare.")
            continue
        h = int(ho["community_resolution"].iloc[0])
        found.add(f"{key}_months_in_files", fy_row.street_months, f"{force}: months of {fy} in the police.uk files")
        found.add(f"{key}_home_office_year", h,
                  f"{force}: Home Office community resolutions, whole of {fy} ({run.basis})")
        if fy_row.street_months != 12:
            found.add(f"{key}_home_office_pro_rata", round(h * fy_row.street_months / 12),
                      f"{force}: Home Office {fy} figure spread evenly over {fy_row.street_months} months "
                      "(an estimate)")
        lines.append(year_sentence(fy_row.first_month, fy_row.last_month, fy, fy_row.street_months,
                                   fy_row.local_resolution_last, fy_row.local_resolution_events, h))
    return lines


def months_table(shown: pd.DataFrame, forces: list[str]) -> Table:
    """The monthly counts as the page prints them (a force column when there are several forces)."""
    table = shown.assign(month=shown["month"].map(lambda m: pd.Timestamp(f"{m}-01").strftime("%b %Y")))
    table = table[(["force"] if len(forces) > 1 else []) + [
        "month", "financial_year", "crimes", "asb", "local_resolution_last", "no_final_outcome", "outcome_events",
        "local_resolution_events"]]
    table = table.rename(columns={
        "force": "Force", "month": "Month", "financial_year": "Financial year", "crimes": "Crimes",
        "asb": "Anti-social behaviour (not crimes)", "local_resolution_last": "Local resolution (last outcome)",
        "no_final_outcome": "No final outcome yet", "outcome_events": "Outcome events",
        "local_resolution_events": "Local resolution events"})
    return Table(table, ("" if len(forces) > 1 else f"{areas.force_display_name(forces[0])}: ")
                 + "police.uk monthly files: crimes by month recorded (street files); outcome events by month given "
                   "(outcomes files). A blank cell: no file of that kind for the month.")


def months_section(run: Run, data: Data, found: Findings) -> Section:
    """Month by month from the monthly files: last outcome against every outcome event, the share
    still pending, each financial year's months beside the Home Office's year."""
    forces = month_forces(run, data)
    found.add("months_available", bool(forces), "whether police.uk monthly files were read for a force of the area",
              source=data.months_from)
    if not forces:
        where = run.area.in_sentence if not run.area.is_force else run.area.name
        return Section([found.say(no_months_sentence(data.months_from, data.monthly is not None, where))])
    monthly = data.monthly
    assert monthly is not None  # forces come from the monthly files
    shown = monthly[monthly["force"].isin(forces)]
    found.chart("months", shown)
    lines = [(f"Monthly figures come from {data.months_from}. Anti-social behaviour rows (they have no Crime ID) "
              "are not crimes and are left out of every crime count.")]
    for force in forces:
        lines += _force_month_lines(run, data, force, shown[shown["force"] == force], found)
    lines += [f"The monthly files read hold nothing for {areas.force_in_sentence(force)}."
              for force in run.area.forces if force not in forces]
    return Section([found.say(line) for line in lines], [months_table(shown, forces)])


# --------------------------------------------------------------------------- below the force


def local_section(run: Run, data: Data, found: Findings, local_area: str = "") -> Section:
    """Council areas of each force with monthly files (:mod:`..policeuk_local`): their counts and
    ranks, a chart per force; with ``local_area``, that council area's rank and neighbourhoods."""
    forces, chosen_area = month_forces(run, data), check_local_area(local_area)
    if not forces and chosen_area:
        raise puk_local.UnknownLocalArea(
            f"local_area={local_area!r}: council areas come from police.uk monthly files, and none were read for "
            f"{run.area.name}; give the policeuk parameter a folder or zip of them")
    if not forces or data.archive is None:
        return Section([found.say(puk_local.no_files_sentence(run.area.in_sentence))])
    monthly = data.archive.monthly
    local = puk_local.local_section(data.archive.lsoa, monthly, forces, chosen_area)
    for key, (value, meaning) in local.figures.items():
        found.add(key, value, meaning)
    found.chart("council-areas", local.areas)
    section = Section([found.say(s) for s in local.sentences],
                      [page.note_box(puk_local.caveats(local.areas, monthly, forces),
                                     "Before quoting a council area's figure")])
    for force in forces:
        period = puk_local.month_span(monthly.loc[monthly["force"] == force, "month"])
        chosen = local.chosen["council_area"] if local.chosen is not None and local.chosen["force"] == force else ""
        section.parts.append(Chart(*puk_local.council_chart(local.areas, force, period, chosen, data.synthetic)))
        section.parts.append(Table(puk_local.areas_display(local.areas, force), f"{areas.force_display_name(force)}: "
                                   f"crimes and “Local resolution” (last outcome) by council area, {period}. Ranked by "
                                   "count; – not ranked."))
    if local.neighbourhoods is not None and local.chosen is not None:
        found.chart("neighbourhoods", local.neighbourhoods)
        shown, caption = puk_local.neighbourhoods_shown(local.neighbourhoods)
        section.parts.append(Table(shown, f"{local.chosen['council_area']}: {caption}"))
    return section


# --------------------------------------------------------------------------- share of recorded crimes


def share_sentence(force_name: str, recorded: int, resolutions: int, policeuk_share: float, policeuk_year: int,
                   year: str = RC_YEAR) -> str:
    """A force's community resolutions as a share of the crimes it recorded, and police.uk's nearest
    measure (left out when police.uk has none: ``policeuk_share`` NaN)."""
    text = (f"In {year} {force_name} recorded {counted(recorded, 'crime')} and gave "
            f"{counted(resolutions, 'community resolution')}: {words.share_phrase(resolutions / recorded)} of the "
            "crimes it recorded.")
    if pd.notna(policeuk_share):
        text += (f" On police.uk, the latest year available ({policeuk_year}) shows “Local resolution” as the last "
                 f"outcome of {words.percent(policeuk_share)} of its crimes.")
    return text


def share_section(run: Run, data: Data, found: Findings) -> Section:
    """Community resolutions as a share of all crimes each force recorded in 2017/18 (fraud recorded
    centrally left out), beside police.uk's share of its latest year."""
    recorded = recorded_crime.load_recorded_crime(mirror=run.mirror)
    rc_totals = recorded_crime.force_year_totals(recorded)
    data.page_sources.append(recorded_crime.DATASET_ID)
    found.sources.append({"id": recorded_crime.DATASET_ID,
                          "used_for": f"recorded crime by force, {RC_YEAR} (denominator)"})
    fraud = recorded_crime.fraud_body_totals(recorded)
    found.add("fraud_bodies_recorded_crimes", int(fraud["recorded_crimes"].sum()),
              f"crimes recorded by the central fraud bodies in {RC_YEAR}, in no force's total",
              bodies=", ".join(fraud["body"]))
    lines, rows, totals, latest = [], [], data.totals, data.pu_years[-1]
    for force in run.area.forces:
        slug = areas.force_slug(force)
        rc = rc_totals[(rc_totals["force"] == force) & (rc_totals["financial_year"] == RC_YEAR)]
        ho = totals[(totals["force"] == force) & (totals["financial_year"] == RC_YEAR) & (totals["basis"] == run.basis)]
        if rc.empty or ho.empty:
            lines.append(f"There is no {RC_YEAR} recorded-crime figure for {force} in this project.")
            continue
        n_rc, n_cr = int(rc["recorded_crimes"].iloc[0]), int(ho["community_resolution"].iloc[0])
        found.add(f"{slug}_recorded_crimes_2017_18", n_rc,
                  f"{force}: police recorded crime, {RC_YEAR} (fraud bodies excluded)")
        found.add(f"{slug}_community_resolutions_2017_18", n_cr,
                  f"{force}: Home Office community resolutions, {RC_YEAR} ({run.basis})")
        found.add(f"{slug}_share_of_recorded_crimes_2017_18", n_cr / n_rc,
                  f"{force}: community resolutions ÷ recorded crimes, {RC_YEAR}",
                  numerator=f"{slug}_community_resolutions_2017_18", denominator=f"{slug}_recorded_crimes_2017_18")
        pu = data.yearly[(data.yearly["force"] == force) & (data.yearly["calendar_year"] == latest)]
        pu_share = pu["share_of_crimes"].iloc[0] if len(pu) and force not in data.no_outcome_forces else float("nan")
        rows.append({"force": force, "recorded_crimes": n_rc, "community_resolutions": n_cr, "share": n_cr / n_rc,
                     "policeuk_share": pu_share})
        lines.append(share_sentence(areas.force_in_sentence(force), n_rc, n_cr, pu_share, latest))
    if RC_YEAR not in run.years:
        lines.append(f"{RC_YEAR} is outside the years asked for ({', '.join(run.years)}); it is the only year the "
                     "recorded-crime table in this project holds.")
    section = Section([found.say(line) for line in lines])
    if rows:
        frame = found.chart("share-of-recorded-crimes", pd.DataFrame(rows))
        section.parts.append(Table(share_table(frame, run.basis, latest),
                                   f"Community resolutions as a share of recorded crimes, {RC_YEAR}"))
    return section


def share_table(frame: pd.DataFrame, basis: str, policeuk_year: int) -> pd.DataFrame:
    """The shares as the page prints them."""
    return frame.assign(share=frame["share"].map(words.percent), policeuk_share=frame["policeuk_share"].map(
        lambda s: words.percent(s) if pd.notna(s) else "")).rename(columns={
            "force": "Force", "recorded_crimes": f"Recorded crimes {RC_YEAR}",
            "community_resolutions": f"Community resolutions {RC_YEAR} ({basis})", "share": "Share of recorded crimes",
            "policeuk_share": f"police.uk: Local resolution share of crimes, {policeuk_year}"})


# --------------------------------------------------------------------------- why they differ, and the end


def why_sentences(calendar_year: int, financial_year: str, no_outcome_forces: list[str],
                  dropped_body: str | None) -> list[str]:
    """Why police.uk and the Home Office differ: years, last outcome, snapshot dates, anti-social
    behaviour, coarse categories; forces with no outcomes, and bodies left out of the aggregates."""
    lines = [
        ("Different years. police.uk counts by calendar month; the Home Office by financial year, April to March. "
         f"Calendar {calendar_year} and {financial_year} share only nine months."),
        ("Last outcome against every outcome. police.uk's street files keep only each crime's last outcome, by the "
         "month the crime was recorded: a community resolution later replaced by another outcome disappears, and one "
         "given in a later year is counted against the year of the crime. The Home Office counts outcomes as they "
         "are assigned (“closed” basis) or the outcomes of each year's crimes (“recorded” basis)."),
        ("Data made at different dates. A police.uk file is a snapshot: crimes still under investigation when it was "
         "made gain outcomes later, and forces revise their returns. The Home Office republished its own figures in "
         "2024."),
        ("Anti-social behaviour is on police.uk but is not a crime and has no outcome; it is left out of every count "
         "here."),
        ("Coarse categories. police.uk's categories (such as “Violence and sexual offences”) cannot separate offences "
         "the Home Office tables list one by one.")]
    if no_outcome_forces:
        lines.append(f"Some forces publish no outcomes on police.uk at all ({', '.join(no_outcome_forces)}): "
                     "police.uk cannot show their community resolutions.")
    if dropped_body:
        lines.append(f"The police.uk aggregates also cover the {dropped_body}; it is left out here because the Home "
                     "Office figures cover England and Wales only.")
    return lines


def why_section(run: Run, data: Data, found: Findings) -> Section:
    """Why police.uk and the Home Office differ, in words."""
    dropped = data.dropped
    if len(dropped):
        found.add("aggregates_dropped_rows", int(dropped["rows"].sum()),
                  "rows of the police.uk aggregates left out (not England and Wales)",
                  names=", ".join(dropped["reported_by"]))
    body = dropped.iloc[0]["reported_by"] if len(dropped) else None
    return Section([found.say(line) for line in why_sentences(data.latest_cal, data.latest_pair,
                                                               data.no_outcome_forces, body)])


def ending(run: Run, data: Data, found: Findings) -> Section:
    """Write the findings file and chart data; the page's sources and the files written."""
    written = found.write(run.output)
    return Section(parts=[page.sources_block(data.page_sources), page.police_uk_files_note(data.policeuk),
                          page.files_note(written.name, [f"{run.notebook}.{name}.csv" for name in found.charts])])
