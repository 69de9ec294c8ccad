"""Finding 5: how the use of community resolutions changed over time (notebook ``5-over-time``).

The page follows community resolutions (outcome type 8) and diversionary activity (type 22) year
by year for a force or region, its forces and England and Wales; says where each line stands in
the latest year the data hold against the 2019 article's years (:mod:`..then_now`); and checks the
article's "grew after 2015" claim for every force (:func:`..trends.growth`). This module composes
:mod:`..trends` and :mod:`..then_now` into the page's figures, sentences, chart and tables; it
reads no file (the notebook loads the totals and the known gaps and hands them in).

The steps, in the order the notebook calls them:

* :func:`prepare` builds the year-by-year tables (:class:`OverTime`) from the run and the totals;
* :func:`findings` starts the findings with their sources and warnings (known gaps first);
* :func:`add_year_figures` records every figure of every line and year;
* :func:`tell_years` says the lead, England and Wales, the peak and low, type 22 and each force;
* :func:`chart` draws the line chart, :func:`year_tables` gives the tables behind it;
* :func:`tell_then_and_now` compares the latest year held with the article's years;
* :func:`growth`, :func:`add_growth_figures`, :func:`tell_growth` and :func:`growth_table`
  check "grew after 2015".

Words: a year with a known gap is never read as a real fall or as "none"
(:func:`gap_warning`), and a count is compared with its share (:func:`level_sentence`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import areas, gaps, metrics, page, params, then_now, trends, words
from ..findings import Findings
from . import Chart, Run, source_line

#: The chart data this page writes (``5-over-time.<name>.csv``); the page to publish from reads "by-year".
BY_YEAR_CHART = "by-year"
COVERAGE_SOURCE = "force-year-coverage"
TYPE22_WARNING = (
    "Outcome type 22 (diversionary activity) could be recorded from 2019/20 and had to be from April 2021. "
    "Before 2019/20 it was not recorded, so a zero there is not 'none'; and a force that moved cases from "
    "community resolutions to type 22 shows a fall in community resolutions that is partly a change of label.")


def _dashed(year: str) -> str:
    """'2017/18' -> '2017-18', as years appear in figure keys and file names."""
    return year.replace("/", "-")


@dataclass(frozen=True)
class OverTime:
    """The tables every step of the over-time page reads.

    ``by_year`` covers the years asked for (the sentences); ``by_year_all`` every year the data
    hold (the chart, the tables and the figures). Both are :func:`trends.series_table` output,
    one line per force of the area, then the region (if any), then England and Wales.
    """

    run: Run
    totals: pd.DataFrame
    known: pd.DataFrame
    all_forces: list[str]
    held: list[str]
    by_year: pd.DataFrame
    by_year_all: pd.DataFrame
    sources: list[str]  # the totals' dataset ids, for the chart's source line
    synthetic: bool

    @property
    def is_national(self) -> bool:
        return self.run.area.slug == areas.NATIONAL

    @property
    def subject(self) -> str:
        """The line the page is about: the force, the region, or England and Wales."""
        area = self.run.area
        return area.forces[0] if area.is_force else (trends.NATIONAL_NAME if self.is_national else area.name)

    @property
    def latest(self) -> str:
        """The last year asked for."""
        return self.run.years[-1]

    @property
    def comparison(self) -> str | None:
        """The year the latest is compared with (:func:`trends.comparison_year`)."""
        return trends.comparison_year(self.run.years)

    @property
    def who(self) -> str:
        """'Durham Constabulary', 'The Metropolitan Police Service' or 'Police forces in the North East': the
        subject at the start of a sentence (:func:`words.mid` for the middle of one)."""
        return self.run.area.subject

    @property
    def pronoun(self) -> str:
        return "it" if self.run.area.is_force else "they"

    @property
    def page_sources(self) -> list[str]:
        """Every dataset the page cites: the totals' and the coverage notes."""
        return [*self.sources, COVERAGE_SOURCE]

    def kind_of(self, name: str) -> str:
        return str(self.by_year.loc[self.by_year["series"] == name, "kind"].iloc[0])

    def key_of(self, name: str) -> str:
        """The figure-key prefix of a line: 'area', 'national' or the force's slug."""
        kind = self.kind_of(name)
        return {"area": "area", "national": "national"}.get(kind) or areas.force_slug(name)

    def row(self, name: str, year: str) -> pd.Series:
        """One line's figures in one of the years asked for."""
        table = self.by_year
        return table[(table["series"] == name) & (table["financial_year"] == year)].iloc[0]


def series_of(area: areas.Area, all_forces: list[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """The lines of the page: each force of the area, the region itself, England and Wales.

    >>> [(name, kind) for name, kind, _ in series_of(areas.resolve_area("Durham"), ["Durham", "Kent"])]
    [('Durham', 'force'), ('England and Wales', 'national')]
    """
    lines: list[tuple[str, str, tuple[str, ...]]] = [(force, "force", (force,)) for force in area.forces]
    if not area.is_force and area.slug != areas.NATIONAL:
        lines.append((area.name, "area", area.forces))
    lines.append((trends.NATIONAL_NAME, "national", tuple(all_forces)))
    return lines


def prepare(run: Run, totals: pd.DataFrame, known: pd.DataFrame) -> OverTime:
    """Check the years asked for are held and build the page's tables (see :class:`OverTime`)."""
    params.check_years_available(run.years, sorted(totals["financial_year"].unique()), "the force-year totals")
    all_forces = sorted(totals["force"].unique())
    held = sorted(totals["financial_year"].unique())  # the chart and tables show every year held
    used = totals[totals["financial_year"].isin(held) & (totals["basis"] == run.basis)]
    lines = series_of(run.area, all_forces)
    return OverTime(
        run=run, totals=totals, known=known, all_forces=all_forces, held=held,
        by_year=trends.series_table(totals, lines, run.years, run.basis, known),
        by_year_all=trends.series_table(totals, lines, held, run.basis, known),
        sources=sorted(used["source"].unique()),
        synthetic=run.user_files_synthetic or bool(used["synthetic"].any()))


# --------------------------------------------------------------------------- sources and warnings


def warnings(data: OverTime) -> list[str]:
    """Known gaps of the area's forces, then the years England and Wales totals are undercounts,
    then the type 22 caveat when the chart reaches 2019/20."""
    run = data.run
    area_gaps = gaps.gaps_for(data.known, run.area.forces, data.held, run.basis)
    found = list(dict.fromkeys(area_gaps["note"]))
    national_gaps = trends.gap_years(data.known, data.all_forces, data.held, run.basis)
    if national_gaps and not data.is_national:
        found.append(
            "England and Wales totals include forces with a known gap, so they are undercounts in "
            + "; ".join(f"{year} ({trends.join_names(names)})" for year, names in national_gaps.items()) + ".")
    if data.held[-1] >= trends.TYPE22_VOLUNTARY:  # the chart always reaches the latest year
        found.append(TYPE22_WARNING)
    return found


def findings(data: OverTime) -> Findings:
    """The page's findings, started with their sources and warnings."""
    found = data.run.findings(data.synthetic)
    held = f"every year held ({data.held[0]} to {data.held[-1]})"
    found.sources = [{"id": s, "used_for": f"force × year totals, {held}, for every force"} for s in data.sources]
    found.sources.append({"id": COVERAGE_SOURCE, "used_for": "years with data not provided (known gaps)"})
    found.warnings = warnings(data)
    return found


# --------------------------------------------------------------------------- every figure of every year


def year_figures(data: OverTime) -> list[tuple[str, Any, str, dict[str, Any]]]:
    """``(key, value, meaning, details)`` of every line and year held: counts of type 8, type 22 and
    all assigned outcomes, and the three shares. For England and Wales as the area, the 44 forces'
    yearly figures are in the chart data rather than here."""
    rows: list[tuple[str, Any, str, dict[str, Any]]] = []
    for row in data.by_year_all.itertuples(index=False):
        if data.is_national and row.kind == "force":
            continue
        k = f"{data.key_of(str(row.series))}_{_dashed(str(row.financial_year))}"
        what = f"{row.series}, {row.financial_year}"
        gap: dict[str, Any] = {"known_gap": True, "gap_forces": row.gap_forces} if row.known_gap else {}
        cr, div, assigned = f"{k}_community_resolutions", f"{k}_diversionary_activity", f"{k}_assigned"
        rows += [
            (cr, row.community_resolution, f"{what}: community resolutions (type 8)", gap),
            (div, row.diversionary_activity, f"{what}: diversionary activity (type 22)", gap),
            (assigned, row.assigned, f"{what}: all assigned outcomes", gap),
            (f"{k}_share", row.share, f"{what}: community resolutions as a share of outcomes",
             {"numerator": cr, "denominator": assigned}),
            (f"{k}_diversion_share", row.diversion_share, f"{what}: diversionary activity as a share of outcomes",
             {"numerator": div, "denominator": assigned}),
            (f"{k}_combined_share", row.combined_share, f"{what}: types 8 and 22 together as a share of outcomes",
             {"numerator": f"{cr} + {div}", "denominator": assigned}),
        ]
    return rows


def add_year_figures(found: Findings, data: OverTime) -> None:
    """Record :func:`year_figures` in the findings."""
    for key, value, meaning, details in year_figures(data):
        found.add(key, value, meaning, **details)


# --------------------------------------------------------------------------- sentences about the years asked


def when_from(year: str) -> str:
    """The comparison year as a sentence says it.

    >>> when_from("2017/18"), when_from("2019/20")
    ('2017/18, the last year the 2019 investigation covered', '2019/20')
    """
    return f"{year}, the last year the 2019 investigation covered" if year == trends.ARTICLE_END else year


def gap_warning(data: OverTime, name: str, years: list[str | None]) -> str:
    """A sentence for the years (of those quoted) with a known gap: a force's figure is an undercount;
    an area's or England and Wales's total includes the forces named. '' when none is flagged."""
    flagged = [year for year in dict.fromkeys(years) if year and bool(data.row(name, year)["known_gap"])]
    if not flagged:
        return ""
    one = len(flagged) == 1
    if data.kind_of(name) == "force":
        undercount = "it is an undercount" if one else "they are undercounts"
        return (f" The {trends.join_names(flagged)} {'figure is' if one else 'figures are'} affected by a "
                f"known gap in the data (see the notes above), so {undercount}.")
    forces_in = {year: str(data.row(name, year)["gap_forces"]).split("; ") for year in flagged}
    if one:
        year = flagged[0]
        return (f" The {year} total includes {trends.join_names(forces_in[year])}, whose figures that year have a "
                "known gap (see the notes above).")
    parts = "; ".join(f"{trends.join_names(names)} in {year}" for year, names in forces_in.items())
    return f" The {trends.join_names(flagged)} totals include forces with a known gap (see the notes above): {parts}."


def level_sentence(data: OverTime, name: str, who: str, pronoun: str) -> str:
    """'<who> resolved N crimes with a community resolution in <latest>: X% of the M outcomes <pronoun>
    assigned, down from N' (Y%) in <comparison>', with 'though the share rose' when the count and the
    share moved opposite ways; a year with no outcomes is a known gap, never "none"."""
    latest, since = data.latest, data.comparison
    now = data.row(name, latest)
    if now["assigned"] == 0:
        return f"{who} has no figures for {latest}: a known gap in the data, not an absence of community resolutions."
    text = (f"{who} resolved {words.plural(now['community_resolution'], 'crime')} with a community resolution in "
            f"{latest}: {words.percent(now['share'])} of the {words.number(now['assigned'])} outcomes "
            f"{pronoun} assigned")
    if since:
        then = data.row(name, since)
        if then["assigned"] == 0:
            text += f"; there are no figures for {since} (a known gap in the data)"
        else:
            text += (f", {trends.movement(then['community_resolution'], now['community_resolution'])} "
                     f"{words.number(then['community_resolution'])} ({words.percent(then['share'])}) "
                     f"in {when_from(since)}")
            count_way = now["community_resolution"] - then["community_resolution"]
            share_way = now["share"] - then["share"]
            if count_way * share_way < 0:
                text += f", though the share {'rose' if share_way > 0 else 'fell'}"
    return text + "." + gap_warning(data, name, [since, latest])


def national_sentence(data: OverTime) -> str:
    """England and Wales over the same years, and whether it moved the same way as the subject
    ('also fell', 'went the other way: they rose')."""
    national, latest, since = trends.NATIONAL_NAME, data.latest, data.comparison
    nat_now = data.row(national, latest)
    if not since:
        return (f"In England and Wales as a whole the figure was {words.percent(nat_now['share'])} "
                f"({words.number(nat_now['community_resolution'])} of {words.number(nat_now['assigned'])} outcomes)."
                + gap_warning(data, national, [latest]))
    nat_then = data.row(national, since)
    ours = (data.row(data.subject, latest)["community_resolution"]
            - data.row(data.subject, since)["community_resolution"])
    theirs = nat_now["community_resolution"] - nat_then["community_resolution"]
    way = trends.movement(nat_then["community_resolution"], nat_now["community_resolution"], "rose", "fell",
                          "did not change")
    if ours * theirs < 0:
        way = f"went the other way: they {way}"
    elif ours * theirs > 0:
        way = f"also {way}"
    return (f"In England and Wales as a whole community resolutions {way}, from "
            f"{words.number(nat_then['community_resolution'])} ({words.percent(nat_then['share'])} of outcomes) in "
            f"{since} to {words.number(nat_now['community_resolution'])} ({words.percent(nat_now['share'])}) "
            f"in {latest}."
            + gap_warning(data, national, [since, latest]))


def use_of(data: OverTime) -> str:
    """'Durham Constabulary's use of community resolutions' or 'Use of community resolutions in Wales'."""
    if data.run.area.is_force:
        return f"{data.who}'s use of community resolutions"
    return f"Use of community resolutions in {data.run.area.in_sentence}"


def add_peak(found: Findings, data: OverTime) -> str | None:
    """The subject's highest and lowest year asked for (gap years left out): records the two years
    and returns the sentence; ``None`` for fewer than three years or when the peak is the low."""
    subject, key = data.subject, data.key_of(data.subject)
    rows = data.by_year[data.by_year["series"] == subject]
    high, low = trends.peak(rows), trends.peak(rows, lowest=True)
    if len(data.run.years) < 3 or high is None or low is None or high["financial_year"] == low["financial_year"]:
        return None
    for label, which, year in (("peak", "most", high["financial_year"]), ("low", "fewest", low["financial_year"])):
        meaning = f"{subject}: year with the {which} community resolutions (gap years left out)"
        found.add(f"{key}_{label}_year", year, meaning,
                  value_key=f"{key}_{_dashed(year)}_community_resolutions")
    gap_list = list(rows.loc[rows["known_gap"].astype(bool), "financial_year"])
    left_out = f" Years with a known gap in the data ({trends.join_names(gap_list)}) are left out." if gap_list else ""
    return (f"{use_of(data)} was highest in {high['financial_year']}, at {words.number(high['community_resolution'])} "
            f"({words.percent(high['share'])} of outcomes), and lowest in {low['financial_year']}, at "
            f"{words.number(low['community_resolution'])} ({words.percent(low['share'])}).{left_out}")


def diversion_sentence(data: OverTime) -> str | None:
    """Type 22 beside type 8 in the latest year (is a fall a move from one to the other?), and both
    together against the comparison year; ``None`` before 2019/20."""
    latest, since = data.latest, data.comparison
    if latest < trends.TYPE22_VOLUNTARY:
        return None
    now = data.row(data.subject, latest)
    if now["diversionary_activity"] > 0:
        text = ("Diversionary activity (outcome 22), which forces could record from 2019/20 and had to from "
                f"April 2021, accounted for {words.plural(now['diversionary_activity'], 'further outcome')} "
                f"in {latest} ({words.percent(now['diversion_share'])}).")
    else:
        text = (f"{data.who} recorded no diversionary activity (outcome 22) in {latest}, though forces could record it "
                "from 2019/20 and had to from April 2021.")
    if since:
        then = data.row(data.subject, since)
        before = " (before outcome 22 existed)" if since < trends.TYPE22_VOLUNTARY else ""
        same = words.percent(now["combined_share"]) == words.percent(then["combined_share"])
        against = f"the same as in {since}" if same else f"against {words.percent(then['combined_share'])} in {since}"
        area = data.run.area
        outcomes_of = f"{area.in_sentence}'s outcomes" if area.is_force else f"all outcomes in {area.in_sentence}"
        text += (" Counting both, community resolutions and diversion made up "
                 f"{words.percent(now['combined_share'])} of {outcomes_of} in {latest}, {against}{before}.")
    return text


def force_sentences(data: OverTime) -> list[str]:
    """For a region: each force's :func:`level_sentence`, with its type 22 count from 2019/20."""
    area, latest = data.run.area, data.latest
    if area.is_force or data.is_national:
        return []
    lines = []
    for force in area.forces:
        text = level_sentence(data, force, areas.force_in_sentence(force, start=True), "it")
        d = data.row(force, latest)["diversionary_activity"]
        if latest >= trends.TYPE22_VOLUNTARY and data.row(force, latest)["assigned"] > 0:
            text += (f" It also recorded {words.plural(d, 'diversionary outcome')} (type 22) in {latest}." if d > 0
                     else f" It recorded no diversionary activity (type 22) in {latest}.")
        lines.append(text)
    return lines


def tell_years(found: Findings, data: OverTime) -> list[str]:
    """Record the years compared and the sentences about the years asked for, in page order: the
    lead (:func:`level_sentence`), England and Wales (:func:`national_sentence`), the peak and low
    (:func:`add_peak`), type 22 (:func:`diversion_sentence`), each force (:func:`force_sentences`)."""
    found.add("latest_year", data.latest, "the latest year on this page")
    found.add("comparison_year", data.comparison, "the year the latest is compared with")
    found.say(level_sentence(data, data.subject, data.who, data.pronoun), lead=True)
    if not data.is_national:
        found.say(national_sentence(data))
    for line in (add_peak(found, data), diversion_sentence(data)):
        if line:
            found.say(line)
    for line in force_sentences(data):
        found.say(line)
    return list(found.sentences)


# --------------------------------------------------------------------------- the chart and its tables


def chart_alt(data: OverTime) -> str:
    """The chart's alt text: what it shows and the figures a reader would look for."""
    subject, latest, since, held = data.subject, data.latest, data.comparison, data.held
    national = trends.NATIONAL_NAME
    now = data.row(subject, latest)
    alt = (f"Line chart of community resolutions as a share of all outcomes by year, {page.years_phrase(held)} "
           f"(the years on this page, {data.run.when.removeprefix('in ')}, shaded), for {data.run.area.name}")
    alt += "." if data.is_national else " and England and Wales (dashed)."
    if since:
        then = data.row(subject, since)
        alt += f" {subject}: {words.percent(then['share'])} in {since}, {words.percent(now['share'])} in {latest}."
        if not data.is_national:
            alt += (f" England and Wales: {words.percent(data.row(national, since)['share'])} in {since}, "
                    f"{words.percent(data.row(national, latest)['share'])} in {latest}.")
    else:
        alt += f" {subject}: {words.percent(now['share'])}."
    table = data.by_year_all
    held_now = table[(table["series"] == subject) & (table["financial_year"] == held[-1])].iloc[0]
    if held[-1] != latest:
        alt += f" {subject} in {held[-1]}, the latest year the data hold: {words.percent(held_now['share'])}."
    if held[-1] >= trends.TYPE22_VOLUNTARY:
        alt += (f" A second panel shows diversionary activity (outcome 22) from 2019/20: "
                f"{words.percent(held_now['diversion_share'])} for {subject} in {held[-1]}.")
    if table["known_gap"].any():
        alt += " Hollow markers are years with a known gap in the data."
    return alt


def chart(data: OverTime) -> Chart:
    """The line chart of every year held (:func:`trends.line_chart`), the years asked for shaded."""
    labels = {name: textwrap.fill(name, 18) for name in data.by_year["series"].unique()}
    figure = trends.line_chart(
        data.by_year_all, highlight=data.subject, labels=labels, synthetic=data.synthetic,
        source=source_line(data.sources), asked=data.run.years,
        title=f"Community resolutions as a share of all outcomes, {page.years_phrase(data.held)}")
    return Chart(figure, chart_alt(data))


def cell(row: pd.Series, count: str, share: str) -> str:
    """One table cell: '1,234 (5.6%)', with a † in a year with a known gap; never a zero for no data.
    The spaces are no-break spaces, so a cell never wraps between a number and its share.

    >>> cell(pd.Series({"assigned": 0, "known_gap": True}), "community_resolution", "share")
    'no data †'
    >>> cell(pd.Series({"assigned": 10, "community_resolution": 1234, "share": 0.056, "known_gap": False}),
    ...      "community_resolution", "share")
    '1,234\xa0(5.6%)'
    """
    if row["assigned"] == 0:
        return "no data †" if row["known_gap"] else "no outcomes"
    return f"{row[count]:,}\u00a0({words.percent(row[share])})" + ("\u00a0†" if row["known_gap"] else "")


def year_tables(data: OverTime) -> list[tuple[str, pd.DataFrame]]:
    """``(caption, table)`` behind the chart: one column per line, one row per year held; type 22
    from 2019/20. With fewer years asked than held, a * marks the years on the page."""
    table, years, held = data.by_year_all, data.run.years, data.held
    shown = [name for name in table["series"].unique() if not (data.is_national and name != trends.NATIONAL_NAME)]
    on_page = "" if years == held else "*"
    tables = []
    for count, share, caption, first in (
            ("community_resolution", "share", "Community resolutions (type 8) and share of all outcomes", held[0]),
            ("diversionary_activity", "diversion_share", "Diversionary activity (type 22) and share of all outcomes",
             trends.TYPE22_VOLUNTARY)):
        rows = table[table["series"].isin(shown) & (table["financial_year"] >= first)]
        if rows.empty:
            continue
        wide = (rows.assign(text=[cell(r, count, share) for _, r in rows.iterrows()])
                .pivot(index="financial_year", columns="series", values="text")[shown]
                .reset_index().rename(columns={"financial_year": "Year"}))
        wide["Year"] = [year + (on_page if year in years else "") for year in wide["Year"]]
        marks = f"{on_page} a year on this page; " if on_page else ""
        tables.append((f"{caption}, every year the data hold ({marks}† a known gap in the data that year)", wide))
    return tables


# --------------------------------------------------------------------------- the latest year held


def compared(data: OverTime) -> list[tuple[str, str, str]]:
    """``(line, who, pronoun)`` compared with the article's years: the subject, England and Wales,
    each force of a region."""
    area = data.run.area
    lines = [(data.subject, data.who, "its" if area.is_force else "their")]
    if not data.is_national:
        lines.append((trends.NATIONAL_NAME, "Forces in England and Wales as a whole", "their"))
    if not area.is_force and not data.is_national:
        lines += [(force, areas.force_in_sentence(force, start=True), "its") for force in area.forces]
    return lines


def tell_then_and_now(found: Findings, data: OverTime) -> list[str]:
    """Each compared line in the latest year held against the article's years pooled
    (:func:`then_now.then_and_now`), forces ranked among all forces; records figures and sentences."""
    found.add("latest_year_held", data.held[-1], "the latest year the data hold")
    found.add("article_years", list(trends.ARTICLE_YEARS), "the years the 2019 article covered")
    ranks = {"ranks_then": metrics.force_shares(data.totals, list(trends.ARTICLE_YEARS), data.run.basis),
             "ranks_now": metrics.force_shares(data.totals, [data.held[-1]], data.run.basis)}
    lines = []
    for name, who, pronoun in compared(data):
        result = then_now.then_and_now(data.by_year_all, name, **(ranks if name in data.all_forces else {}))
        for k, v, meaning, details in then_now.figures(result, data.key_of(name)):
            found.add(k, v, meaning, **details)
        lines.append(found.say(then_now.sentence(result, who, pronoun)))
    return lines


# --------------------------------------------------------------------------- "grew after 2015"


@dataclass(frozen=True)
class Growth:
    """The article's claim, every force's growth between the two years, and England and Wales."""

    claim: pd.Series  # published-figures row: id, figure, published
    table: pd.DataFrame  # trends.growth
    summary: trends.GrowthSummary
    national: pd.DataFrame  # trends.yearly over the two years, indexed by year

    @property
    def chart_name(self) -> str:
        """'growth-2015-16-to-2017-18': the name of the chart data file."""
        return f"growth-{_dashed(trends.GROWTH_BASELINE)}-to-{_dashed(trends.GROWTH_END)}"


def growth(data: OverTime) -> Growth:
    """Did each force use community resolutions more in 2017/18 than in 2015/16, by count and by
    share (:func:`trends.growth`; a force with a known gap in either year is not compared)?"""
    b, e, basis = trends.GROWTH_BASELINE, trends.GROWTH_END, data.run.basis
    table = trends.growth(data.totals, b, e, basis, data.known)
    return Growth(claim=page.published_figures(["growth-after-2015"]).iloc[0], table=table,
                  summary=trends.summarise_growth(table),
                  national=trends.yearly(data.totals, data.all_forces, [b, e], basis).set_index("financial_year"))


def _maybe(value: Any) -> bool | None:
    return None if value is pd.NA else bool(value)


def add_growth_figures(found: Findings, g: Growth) -> None:
    """Record each force's two years, whether it grew (``None``: not comparable), the counts of
    forces, and England and Wales."""
    b, e, summary = trends.GROWTH_BASELINE, trends.GROWTH_END, g.summary
    for row in g.table.itertuples(index=False):
        k = f"growth_{areas.force_slug(str(row.force))}"
        gap: dict[str, Any] = {} if row.comparable else {"comparable": False, "gap_years": row.gap_years}
        for label, year, cr, assigned, share in (
                ("baseline", b, row.community_resolution_baseline, row.assigned_baseline, row.share_baseline),
                ("end", e, row.community_resolution_end, row.assigned_end, row.share_end)):
            found.add(f"{k}_{label}_community_resolutions", cr, f"{row.force}, {year}: community resolutions", **gap)
            found.add(f"{k}_{label}_assigned", assigned, f"{row.force}, {year}: all assigned outcomes", **gap)
            found.add(f"{k}_{label}_share", share, f"{row.force}, {year}: share",
                      numerator=f"{k}_{label}_community_resolutions", denominator=f"{k}_{label}_assigned")
        found.add(f"{k}_grew_by_count", _maybe(row.grew_by_count),
                  f"{row.force}: more community resolutions in {e} than in {b} (empty: not comparable)")
        found.add(f"{k}_grew_by_share", _maybe(row.grew_by_share),
                  f"{row.force}: a higher share in {e} than in {b} (empty: not comparable)")
    found.add("growth_forces_compared", summary.compared, f"forces with no known gap in {b} or {e}")
    found.add("growth_forces_grew_by_count", len(summary.grew_by_count),
              f"forces with more community resolutions in {e} than {b}", forces=summary.grew_by_count)
    found.add("growth_forces_grew_by_share", len(summary.grew_by_share), f"forces with a higher share in {e} than {b}",
              forces=summary.grew_by_share)
    found.add("growth_forces_left_out", summary.left_out, f"forces left out: a known gap in {b} or {e}")
    national = g.national
    for label, year in (("baseline", b), ("end", e)):
        prefix = f"growth_national_{label}"
        found.add(f"{prefix}_community_resolutions", national.loc[year, "community_resolution"],
                  f"England and Wales, {year}: community resolutions")
        found.add(f"{prefix}_assigned", national.loc[year, "assigned"],
                  f"England and Wales, {year}: all assigned outcomes")
        found.add(f"{prefix}_share", national.loc[year, "share"], f"England and Wales, {year}: share",
                  numerator=f"{prefix}_community_resolutions", denominator=f"{prefix}_assigned")
    national_fell = bool(national.loc[e, "community_resolution"] < national.loc[b, "community_resolution"])
    found.add("growth_national_fell", national_fell, f"England and Wales: fewer community resolutions in {e} than {b}")


def membership(force: str, summary: trends.GrowthSummary) -> str:
    """Where a force the article named stands among the forces that grew.

    >>> s = trends.GrowthSummary(compared=3, grew_by_count=["Durham"], grew_by_share=[], left_out=["Kent"])
    >>> membership("Durham", s), membership("Kent", s), membership("Essex", s)
    ('Durham is among them by number only', 'Kent cannot be compared (a known gap)', 'Essex is not among them')
    """
    by_count, by_share = force in summary.grew_by_count, force in summary.grew_by_share
    if force in summary.left_out:
        return f"{force} cannot be compared (a known gap)"
    if by_count and by_share:
        return f"{force} is among them by both measures"
    if by_count or by_share:
        return f"{force} is among them by {'number' if by_count else 'share'} only"
    return f"{force} is not among them"


def _pair(row: Mapping[str, Any]) -> str:
    return (f"{words.number(row['community_resolution_baseline'])} to {words.number(row['community_resolution_end'])}; "
            f"{words.percent(row['share_baseline'])} to {words.percent(row['share_end'])} of outcomes")


def subject_growth_sentence(data: OverTime, g: Growth) -> str | None:
    """The force's own two years, or each force of a region grouped by rose / fell / did not change;
    ``None`` for England and Wales."""
    b, e, area = trends.GROWTH_BASELINE, trends.GROWTH_END, data.run.area
    grew = g.table
    if area.is_force:
        row = grew[grew["force"] == data.subject].iloc[0]
        if not row["comparable"]:
            return f"{data.who} is not compared: a known gap in its figures for {row['gap_years']}."
        moved = trends.movement(row["community_resolution_baseline"], row["community_resolution_end"], "rose", "fell",
                                "did not change")
        return (f"{data.who}'s community resolutions {moved} from {words.number(row['community_resolution_baseline'])} "
                f"({words.percent(row['share_baseline'])} of outcomes) in {b} to "
                f"{words.number(row['community_resolution_end'])} ({words.percent(row['share_end'])}) in {e}.")
    if data.is_national:
        return None
    mine = grew[grew["force"].isin(area.forces)]
    groups = []
    for label, rows in (("rose in", mine[mine["comparable"] & (mine["change"] > 0)]),
                        ("fell in", mine[mine["comparable"] & (mine["change"] < 0)]),
                        ("did not change in", mine[mine["comparable"] & (mine["change"] == 0)])):
        if len(rows):
            named = [f"{r.force} ({_pair(r._asdict())})" for r in rows.itertuples()]
            groups.append(f"{label} {trends.join_names(named)}")
    text = f"Between {b} and {e}, community resolutions in {area.in_sentence} " + "; they ".join(groups) + "."
    gapped = mine[~mine["comparable"]]
    if len(gapped):
        text += " " + " ".join(f"{r.force} is not compared (a known gap in {r.gap_years})."
                               for r in gapped.itertuples())
    return text


def tell_growth(found: Findings, data: OverTime, g: Growth) -> list[str]:
    """The article's claim, England and Wales, how many forces grew (and where the forces the
    article named stand), which, which were left out, the area's own forces, and why the count
    need not match the article's; records figures for the forces named and returns the sentences."""
    b, e, summary, national = trends.GROWTH_BASELINE, trends.GROWTH_END, g.summary, g.national
    published = g.claim["published"]
    checks = [found.say(
        f"The 2019 article said use of community resolutions declined overall after 2015; its figure for "
        f"{g.claim['figure']} was “{published}”.")]
    way = trends.movement(national.loc[b, "community_resolution"], national.loc[e, "community_resolution"], "rose",
                          "fell", "did not change")
    checks.append(found.say(
        f"Comparing {b} with {e}, the number of community resolutions in England and Wales {way}, from "
        f"{words.number(national.loc[b, 'community_resolution'])} to "
        f"{words.number(national.loc[e, 'community_resolution'])} "
        f"({words.percent(national.loc[b, 'share'])} to {words.percent(national.loc[e, 'share'])} of all outcomes)."))
    stands = []
    for force in trends.forces_named_in(published, data.all_forces):
        found.add(f"growth_{areas.force_slug(force)}_named_in_article", True,
                  f"{force} is named in the article's claim", grew_by_count=force in summary.grew_by_count,
                  grew_by_share=force in summary.grew_by_share)
        stands.append(membership(force, summary))
    checks.append(found.say(
        f"The number rose in {words.number(len(summary.grew_by_count))} of the {words.number(summary.compared)} forces "
        f"with complete figures for both years, and the share of outcomes rose in "
        f"{words.number(len(summary.grew_by_share))}" + (f"; {'; '.join(stands)}" if stands else "") + "."))
    if summary.grew_by_count:
        checks.append(found.say(
            f"More community resolutions in {e} than in {b}: {trends.join_names(summary.grew_by_count)}."))
    if summary.grew_by_share:
        checks.append(found.say(
            f"A higher share of outcomes in {e} than in {b}: {trends.join_names(summary.grew_by_share)}."))
    if summary.left_out:
        notes = g.table.set_index("force").loc[summary.left_out, "gap_years"]
        checks.append(found.say(
            f"Left out: {trends.join_names([f'{force} (a known gap in {years})' for force, years in notes.items()])}."))
    own = subject_growth_sentence(data, g)
    if own:
        checks.append(found.say(own))
    checks.append(found.say(
        f"The article counted “{published}”; these figures, from the Home Office's 2024 republication, give "
        f"{words.number(len(summary.grew_by_count))} by number and "
        f"{words.number(len(summary.grew_by_share))} by share. "
        "The article used the 2019 publication and did not say which years or which measure it compared, so the two "
        "need not match."))
    return checks


def growth_table(data: OverTime, g: Growth) -> tuple[str, pd.DataFrame]:
    """``(caption, table)``: the forces that grew and the area's own forces (every force for England
    and Wales), largest rise first; 'gap' where a force is not compared."""
    b, e, grew = trends.GROWTH_BASELINE, trends.GROWTH_END, g.table
    if data.is_national:
        listed = grew.sort_values("change", ascending=False)
    else:
        listed = grew[grew["force"].isin(data.run.area.forces) | grew["grew_by_count"].fillna(False).astype(bool)
                      | grew["grew_by_share"].fillna(False).astype(bool)].sort_values("change", ascending=False)
    yes_no = {True: "yes", False: "no"}
    table = pd.DataFrame({
        "Force": listed["force"],
        b: listed["community_resolution_baseline"],
        e: listed["community_resolution_end"],
        "Change": listed["change"].map(lambda v: f"{v:+,}"),
        f"Share {b}": listed["share_baseline"].map(words.percent),
        f"Share {e}": listed["share_end"].map(words.percent),
        "Grew (number)": [yes_no.get(v, "gap") if v is not pd.NA else "gap" for v in listed["grew_by_count"]],
        "Grew (share)": [yes_no.get(v, "gap") if v is not pd.NA else "gap" for v in listed["grew_by_share"]],
    })
    caption = (f"Forces whose community resolutions grew between {b} and {e}"
               + ("" if data.is_national else f", and the forces of {data.run.area.in_sentence}")
               + " (gap: a known gap in either year, not compared)")
    return caption, table
