"""Finding 1: how often a force uses community resolutions, against every force in England and Wales.

The notebook ``1-force-rate`` calls these in order, each adding to one :class:`Findings`:

* :func:`load` reads the force × year totals for the run and the known gaps (the notes come first);
* :func:`the_period` gives the area's share and each force's rank (nationally and in its region);
* :func:`ranked_chart` draws every force ranked, the area's forces highlighted;
* :func:`latest_year` gives the same figures for the latest year the data hold, on its own;
* :func:`out_of_line` sets each share against chance for a force of its size (the funnel plot);
* :func:`against_article` checks the 2019 article's claims, with the rule of
  :func:`reconcile.among_the_lowest` for "among the lowest", and says how 2017/18 was revised.

Every sentence is made by a small function here taking plain numbers, so each rule has a unit test
(``tests/test_story_force_rate.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import areas, charts, funnel, gaps, metrics, outcomes, params, reconcile, words
from ..findings import Findings
from . import Chart, Run, Section, source_line

ARTICLE_YEARS = "2014/15-2017/18"  # the article's "between 2014 and 2018", as financial years


@dataclass
class ForceRate:
    """The run, the force × year totals and what every part of the finding shares."""

    run: Run
    totals: pd.DataFrame
    period_gaps: pd.DataFrame  # known gaps of every force in the run's years, on its basis
    found: Findings
    sources: list[str]
    synthetic: bool
    shares: pd.DataFrame  # every force over the run's years: counts, share and rank
    national: dict[str, Any]

    @property
    def n_forces(self) -> int:
        """Forces with a share (outcomes) in the run's years: the number ranks are out of."""
        return int(self.shares["share"].notna().sum())

    @property
    def top(self) -> pd.Series:
        """The force with the highest share."""
        return self.shares.iloc[0]

    @property
    def flagged(self) -> set[str]:
        """Forces with a known gap in the run's years (marked † on the charts)."""
        return set(self.period_gaps["force"])

    def row(self, force: str, table: pd.DataFrame | None = None) -> pd.Series:
        """One force's row of ``table`` (default: the run's shares)."""
        table = self.shares if table is None else table
        return table[table["force"] == force].iloc[0]


def load(run: Run) -> ForceRate:
    """Read the totals (the newer publication wherever two cover a year) and the known gaps; the
    area's gaps become the page's first warnings."""
    totals = outcomes.load_totals(mirror=run.mirror, files=run.files)
    params.check_years_available(run.years, sorted(totals["financial_year"].unique()), "the force-year totals")
    period = metrics.select(totals, run.years, run.basis)
    synthetic = run.user_files_synthetic or bool(period["synthetic"].any())
    sources = sorted(period["source"].unique())
    found = run.findings(synthetic)
    found.sources = [{"id": s, "used_for": f"force × year totals, {run.when}"} for s in sources]
    period_gaps = gaps.gaps_for(gaps.known_gaps(mirror=run.mirror), areas.all_forces(), run.years, run.basis)
    found.warnings = list(dict.fromkeys(period_gaps[period_gaps["force"].isin(run.area.forces)]["note"]))
    return ForceRate(run, totals, period_gaps, found, sources, synthetic,
                     metrics.force_shares(totals, run.years, run.basis),
                     metrics.national_total(totals, run.years, run.basis))


# --- sentences: plain numbers in, one sentence out ---------------------------------------------------------------

def crimes(count: int) -> str:
    """A count of crimes in words, singular for one.

    >>> crimes(1), crimes(0), crimes(12345)
    ('one crime', 'zero crimes', '12,345 crimes')
    """
    return f"{words.number(count)} {'crime' if count == 1 else 'crimes'}"


def area_sentence(area: areas.Area, when: str, count: int, assigned: int, share: float, national: float) -> str:
    """The lead for a region: its forces' total and share, against England and Wales unless it is England and Wales.

    >>> area_sentence(areas.region("north-east"), "in 2017/18", 1200, 40000, 0.03, 0.025)
    'Police forces in the North East resolved 1,200 crimes with a community resolution in 2017/18: 3.0% of all \
40,000 outcomes they assigned, above the England and Wales figure of 2.5%.'
    """
    side = "above" if share > national else "below"
    against = "" if area.is_national else f", {side} the England and Wales figure of {words.percent(national)}"
    return (f"Police forces in {area.in_sentence} resolved {crimes(count)} with a community resolution "
            f"{when}: {words.percent(share)} of all {words.number(assigned)} outcomes they assigned{against}.")


def force_sentence(force: str, when: str, count: int, assigned: int, share: float, rank: int, of: int,
                   national: float, region: areas.Area | None = None, region_rank: int = 0) -> str:
    """A force's count, share and rank among every force; its rank in its region when it shares one.

    >>> force_sentence("Durham", "in 2017/18", 2, 10, 0.2, 1, 44, 0.05)
    'Durham Constabulary resolved two crimes with a community resolution in 2017/18: 20.0% of the 10 outcomes it \
assigned, the highest of 44 forces (England and Wales: 5.0%).'
    """
    text = (f"{areas.force_in_sentence(force, start=True)} resolved {crimes(count)} with a community resolution "
            f"{when}: {words.percent(share)} of the {words.number(assigned)} outcomes it assigned, "
            f"{words.rank_phrase(rank, of)} (England and Wales: {words.percent(national)}).")
    if region is not None:
        text += f" Within {region.in_sentence} it ranked {words.rank_of(region_rank, len(region.forces))}."
    return text


def highest_sentence(when: str, force: str, share: float) -> str:
    """Which force had the highest share, when it is not one of the page's.

    >>> highest_sentence("in 2017/18", "Durham", 0.0912)
    "The highest share in England and Wales in 2017/18 was Durham's, at 9.1%."
    """
    return f"The highest share in England and Wales {when} was {force}'s, at {words.percent(share)}."


def latest_opening(years: list[str], latest: str) -> str:
    """What the latest-year section says first, if anything: that the page is about that year already
    (its figures are then not repeated), or that the page's years end there.

    >>> latest_opening(["2025/26"], "2025/26")
    'The figures above are for 2025/26, the latest year the data hold.'
    >>> latest_opening(["2024/25", "2025/26"], "2025/26")
    'The years on this page run to 2025/26, the latest year the data hold. That year on its own:'
    >>> latest_opening(["2017/18"], "2025/26")
    ''
    """
    if years == [latest]:
        return f"The figures above are for {latest}, the latest year the data hold."
    if years[-1] == latest:
        return f"The years on this page run to {latest}, the latest year the data hold. That year on its own:"
    return ""


def latest_highest_sentence(latest: str, force: str, share: float) -> str:
    """Which force had the highest share in the latest year, when it is not one of the page's.

    >>> latest_highest_sentence("2025/26", "Durham", 0.05)
    "The highest share in 2025/26 was Durham's, at 5.0%."
    """
    return f"The highest share in {latest} was {force}'s, at {words.percent(share)}."


def latest_area_sentence(area: areas.Area, latest: str, count: int, assigned: int, share: float,
                         national: float) -> str:
    """The area's figures in the latest year.

    >>> latest_area_sentence(areas.region("wales"), "2025/26", 1, 4, 0.25, 0.03)
    'In 2025/26, the latest year the data hold, police forces in Wales resolved one crime with a community \
resolution: 25.0% of the four outcomes they assigned (England and Wales: 3.0%).'
    """
    return (f"In {latest}, the latest year the data hold, police forces in {area.in_sentence} resolved "
            f"{crimes(count)} with a community resolution: {words.percent(share)} of the "
            f"{words.number(assigned)} outcomes they assigned (England and Wales: {words.percent(national)}).")


def latest_force_sentence(force: str, latest: str, count: int, assigned: int, share: float, rank: int, of: int,
                          national: float, earlier: str = "", first: bool = True) -> str:
    """A force's figures in the latest year; ``earlier`` (the run's share and years) is compared when
    given; ``first`` says which year "the latest" is, for the first sentence of the section.

    >>> latest_force_sentence("Cleveland", "2025/26", 5, 100, 0.05, 44, 44, 0.03, earlier="4.0% in 2017/18",
    ...                       first=False)
    'In 2025/26, Cleveland Police resolved five crimes with a community resolution: 5.0% of the 100 outcomes it \
assigned, against 4.0% in 2017/18. That was the lowest of 44 forces (England and Wales: 3.0%).'
    """
    when = f"In {latest}, the latest year the data hold," if first else f"In {latest},"
    then = f", against {earlier}" if earlier else ""
    return (f"{when} {areas.force_in_sentence(force)} resolved {crimes(count)} with a community "
            f"resolution: {words.percent(share)} of the {words.number(assigned)} outcomes it assigned{then}. "
            f"That was {words.rank_phrase(rank, of)} (England and Wales: {words.percent(national)}).")


def funnel_summary(outside: int, forces: int, when: str) -> str:
    """How many forces are outside the 99.8% limits; when most are, what that means.

    >>> funnel_summary(44, 44, "in 2017/18")[:63]
    'All 44 forces are outside the outer (99.8%) limits in 2017/18. '
    >>> funnel_summary(1, 44, "in 2017/18")
    'Of the 44 forces, one is outside the outer (99.8%) limits in 2017/18.'
    """
    if outside == forces:
        summary = f"All {forces} forces are outside the outer (99.8%) limits {when}."
    else:
        verb = "is" if outside == 1 else "are"
        summary = f"Of the {forces} forces, {words.number(outside)} {verb} outside the outer (99.8%) limits {when}."
    if outside > forces / 2:
        summary += (" With this many outcomes chance explains little of the gap between forces: the differences "
                    "reflect what forces do, or the crimes they deal with, not the luck of small numbers.")
    return summary


def among_forces_sentence(unusual: list[tuple[str, str]], within: list[str]) -> str:
    """The forces outside the widened limits (name, "above" or "below"), then up to six of the
    area's forces within them.

    >>> among_forces_sentence([("Durham", "above")], ["Cleveland Police"])
    'Allowing for the usual spread between forces, only one force stands out: Durham (above). Cleveland Police \
is within that range.'
    >>> among_forces_sentence([], [])
    'Allowing for the usual spread between forces, no force stands out.'
    """
    named = words.listing([f"{force} ({side})" for force, side in unusual])
    text = "Allowing for the usual spread between forces, " + (
        f"only {words.plural(len(unusual), 'force')} stand{'s' if len(unusual) == 1 else ''} out: {named}."
        if unusual else "no force stands out.")
    within = within[:6]
    if within:
        text += f" {words.capital(words.listing(within))} {'is' if len(within) == 1 else 'are'} within that range."
    return text


def rank_claim_sentence(check: reconcile.RankCheck) -> str:
    """The article's claim about a force's rank against its rank here; "among the lowest" is decided
    by :func:`reconcile.among_the_lowest` (the bottom quarter), as in the reconciliation table.

    >>> ranked = pd.DataFrame({"force": ["A", "B", "C", "D"], "rank": [1, 2, 3, 4]})
    >>> rank_claim_sentence(reconcile.check_rank({"measure": "low_force", "value": "D"}, ranked))
    'It said D had among the lowest rates; here it is the lowest of 4 forces, in the bottom quarter, as the \
article found.'
    """
    where = words.rank_phrase(check.rank, check.of)
    if check.measure == "top_force":
        result = ", as the article found." if check.consistent else f"; the highest here is {check.top}."
        return (f"The article named {check.named} as the force most likely to use community resolutions. "
                f"Here {check.named} is {where}{result}")
    result = "in the bottom quarter, as the article found" if check.consistent else "not in the bottom quarter"
    return f"It said {check.named} had among the lowest rates; here it is {where}, {result}."


def revision_sentence(area_name: str, published_2019: int, published_2024: int) -> str:
    """How the Home Office revised the area's 2017/18 count between the 2019 and 2024 publications.

    >>> revision_sentence("Durham Constabulary", 1000, 990)[-67:]
    'the 2024 republication 990 (-10). This page uses the newer figures.'

    An unchanged count is not called a revision:

    >>> revision_sentence("Durham Constabulary", 1000, 1000)
    "The Home Office's 2024 republication gives Durham Constabulary the same 1,000 community resolutions for \
2017/18 as the 2019 file the article used."
    """
    if published_2019 == published_2024:
        return (f"The Home Office's 2024 republication gives {area_name} the same {words.number(published_2024)} "
                "community resolutions for 2017/18 as the 2019 file the article used.")
    return (f"The Home Office has revised its 2017/18 figures since the article: the 2019 file gives {area_name} "
            f"{words.number(published_2019)} community resolutions that year, the 2024 republication "
            f"{words.number(published_2024)} ({published_2024 - published_2019:+,}). This page uses the newer figures.")


# --- the parts of the page ---------------------------------------------------------------------------------------

def _add_counts(found: Findings, prefix: str, who: str, figures: Mapping[str, Any], suffix: str = "", when: str = "",
                share_when: str | None = None) -> None:
    """Record ``<prefix>_community_resolutions``, ``_assigned`` and ``_share`` (with its numerator and
    denominator); ``when`` ends the meanings (``share_when``, when given, the share's)."""
    found.add(f"{prefix}_community_resolutions{suffix}", figures["community_resolution"],
              f"{who}: community resolutions{when}")
    found.add(f"{prefix}_assigned{suffix}", figures["assigned"], f"{who}: all assigned outcomes{when}")
    found.add(f"{prefix}_share{suffix}", figures["share"], f"{who}: share{when if share_when is None else share_when}",
              numerator=f"{prefix}_community_resolutions{suffix}", denominator=f"{prefix}_assigned{suffix}")


def the_period(fr: ForceRate) -> Section:
    """The run's years: England and Wales, the area (a region), each force's share and rank."""
    run, found, national = fr.run, fr.found, fr.national
    _add_counts(found, "national", "England and Wales", national, when=" in the period", share_when="")
    found.add("forces_ranked", fr.n_forces, "forces with outcomes in the period")
    found.add("highest_force", fr.top["force"], "force with the highest share", share=fr.top["share"])
    if not run.area.is_force:
        figures = metrics.area_total(fr.totals, run.area.forces, run.years, run.basis)
        _add_counts(found, "area", run.area.name, figures)
        found.say(area_sentence(run.area, run.when, int(figures["community_resolution"]), int(figures["assigned"]),
                                figures["share"], national["share"]), lead=True)
    for force in run.area.forces:
        row, slug = fr.row(force), areas.force_slug(force)
        _add_counts(found, slug, force, row)
        found.add(f"{slug}_rank", row["rank"], f"{force}: rank among {fr.n_forces} forces (1 = highest share)")
        found.add(f"{slug}_gap_years", sorted(set(fr.period_gaps.loc[fr.period_gaps["force"] == force,
                                                                      "financial_year"])),
                  f"{force}: years of the period with a known gap on this basis (empty: none)")
        region, region_rank = _region_rank(fr, force)
        found.say(force_sentence(force, run.when, row["community_resolution"], row["assigned"], row["share"],
                                 int(row["rank"]), fr.n_forces, national["share"], region, region_rank))
    if fr.top["force"] not in run.area.forces:
        found.say(highest_sentence(run.when, fr.top["force"], fr.top["share"]))
    return Section(lines=list(found.sentences))


def _region_rank(fr: ForceRate, force: str) -> tuple[areas.Area | None, int]:
    """The force's ONS region (Wales counts as one) and its rank there, recorded; (None, 0) when it has none
    or is the region's only force (British Transport Police, for one, has no region)."""
    region = areas.ons_region_of(force)
    if region is None or len(region.forces) <= 1:
        return None, 0
    in_region = metrics.force_shares(fr.totals[fr.totals["force"].isin(region.forces)], fr.run.years, fr.run.basis)
    rank = int(fr.row(force, in_region)["rank"])
    fr.found.add(f"{areas.force_slug(force)}_rank_in_region", rank,
                 f"{force}: rank within {region.name} ({len(region.forces)} forces)")
    return region, rank


def ranked_chart(fr: ForceRate) -> Section:
    """Every force ranked by share (chart data ``ranked-forces``), and the area's rows as a table."""
    run, shares = fr.run, fr.shares
    fr.found.chart("ranked-forces", shares.assign(in_area=shares["force"].isin(run.area.forces),
                                                  known_gap=shares["force"].isin(fr.flagged)))
    figure = charts.ranked_bars(
        shares, label="force", value="share", highlight=set(run.area.forces), national=fr.national["share"],
        title=f"Community resolutions as a share of all outcomes, {run.when}",
        source=source_line(fr.sources), flagged=fr.flagged, synthetic=fr.synthetic)
    alt = (f"Bar chart of {fr.n_forces} forces ranked by community resolutions as a share of outcomes {run.when}. "
           f"Highest: {fr.top['force']} at {words.percent(fr.top['share'])}. "
           f"England and Wales: {words.percent(fr.national['share'])}. Highlighted: {', '.join(run.area.forces)}.")
    rows = shares[shares["force"].isin(run.area.forces)][["force", "community_resolution", "assigned", "share", "rank"]]
    table = rows.assign(share=rows["share"].map(words.percent)).rename(columns={
        "force": "Force", "community_resolution": "Community resolutions", "assigned": "All outcomes",
        "share": "Share", "rank": words.rank_header(fr.n_forces)})
    return Section(charts=[Chart(figure, alt)], tables={f"The figures behind the sentences, {run.when}": table})


def latest_year(fr: ForceRate) -> Section:
    """The latest financial year in the totals, on its own: shares and ranks among the forces that year,
    with any gap note for that year not already given."""
    run, found = fr.run, fr.found
    latest = max(fr.totals["financial_year"].unique())
    shares = metrics.force_shares(fr.totals, [latest], run.basis)
    national = metrics.national_total(fr.totals, [latest], run.basis)
    of, top = int(shares["share"].notna().sum()), shares.iloc[0]
    latest_gaps = gaps.gaps_for(gaps.known_gaps(mirror=run.mirror), run.area.forces, [latest], run.basis)
    notes = [note for note in dict.fromkeys(latest_gaps["note"]) if note not in found.warnings]
    found.warnings += notes
    found.add("latest_year", latest, "the latest financial year in the force-year totals")
    _add_counts(found, "national", "England and Wales", national, "_latest", f" in {latest}")
    found.add("forces_ranked_latest", of, f"forces with outcomes in {latest}")
    found.add("highest_force_latest", top["force"], f"force with the highest share in {latest}", share=top["share"])
    repeat = run.years == [latest]  # the page is about the latest year already: record the keys, say so once
    opening = latest_opening(run.years, latest)
    lines = [found.say(opening)] if opening else []
    if not run.area.is_force:
        figures = metrics.area_total(fr.totals, run.area.forces, [latest], run.basis)
        _add_counts(found, "area", run.area.name, figures, "_latest", f" in {latest}")
        if not repeat:
            lines.append(found.say(latest_area_sentence(run.area, latest, int(figures["community_resolution"]),
                                                        int(figures["assigned"]), figures["share"], national["share"])))
    for force in run.area.forces:
        row, slug = fr.row(force, shares), areas.force_slug(force)
        _add_counts(found, slug, force, row, "_latest", f" in {latest}")
        found.add(f"{slug}_rank_latest", row["rank"],
                  f"{force}: rank among {of} forces in {latest} (1 = highest share)")
        found.add(f"{slug}_gap_latest", force in set(latest_gaps["force"]),
                  f"{force}: a known gap in {latest} on this basis")
        if repeat:
            continue
        earlier = f"{words.percent(fr.row(force)['share'])} {run.when}" if run.years[-1] != latest else ""
        lines.append(found.say(latest_force_sentence(
            force, latest, row["community_resolution"], row["assigned"], row["share"], int(row["rank"]), of,
            national["share"], earlier, first=not lines)))
    if not repeat and top["force"] not in run.area.forces:
        lines.append(found.say(latest_highest_sentence(latest, top["force"], top["share"])))
    return Section(lines=lines, notes=notes, notes_title=f"Read before using the {latest} figures")


LIMITS = (("lower_95", "lower 95%"), ("upper_95", "upper 95%"), ("lower_998", "lower 99.8%"),
          ("upper_998", "upper 99.8%"))


def out_of_line(fr: ForceRate) -> Section:
    """The funnel plot (chart data ``funnel``): each force's share against chance for its size, then
    against the widened limits that allow for the usual spread between forces."""
    run, found, p = fr.run, fr.found, fr.national["share"]
    data = funnel.funnel_table(fr.shares, p)
    data = data.assign(in_area=data["force"].isin(run.area.forces), known_gap=data["force"].isin(fr.flagged))
    phi = funnel.overdispersion(data, p)
    data["position_among_forces"] = funnel.adjusted_positions(data, p, phi)
    found.chart("funnel", data)
    outside_998 = int(data["position"].isin(["above_998", "below_998"]).sum())
    found.add("funnel_forces_outside_998", outside_998,
              f"forces whose share is outside the 99.8% limits for their size, {run.when}")
    found.add("funnel_forces_outside_95", int((data["position"] != "within").sum()),
              f"forces whose share is outside the 95% limits for their size, {run.when}")
    found.add("funnel_forces", len(data), "forces on the funnel plot")
    lines: list[str] = []
    for force in run.area.forces:
        row = fr.row(force, data)
        _record_limits(found, force, row)
        lines.append(found.say(funnel.sentence(areas.force_in_sentence(force, start=True), row["share"], int(row["assigned"]),
                                               p, row["position"], brief=bool(lines))))
    lines.append(found.say(funnel_summary(outside_998, len(data), run.when)))
    found.add("funnel_overdispersion", phi, "over-dispersion factor phi: how much more widely forces spread than "
              "chance alone")
    unusual = data[data["position_among_forces"] != "within"]
    found.add("funnel_forces_unusual_among_forces", len(unusual),
              "forces outside the 99.8% limits widened for the spread between forces")
    for force in run.area.forces:
        found.add(f"{areas.force_slug(force)}_funnel_position_among_forces",
                  fr.row(force, data)["position_among_forces"], f"{force}: above, within or below the widened limits")
    within = [areas.force_in_sentence(f) for f in run.area.forces
              if fr.row(f, data)["position_among_forces"] == "within"]
    lines.append(found.say(among_forces_sentence(
        [(r.force, "above" if r.position_among_forces == "above" else "below") for r in unusual.itertuples()],
        within)))
    return Section(lines=lines, charts=[_funnel_chart(fr, data, outside_998)])


def _record_limits(found: Findings, force: str, row: pd.Series) -> None:
    """A force's four limits at its size and its position against them."""
    slug = areas.force_slug(force)
    for limit, meaning in LIMITS:
        found.add(f"{slug}_funnel_{limit}", row[limit], f"{force}: {meaning} limit around the England and Wales "
                  "share for a force with its number of outcomes", national_share="national_share",
                  assigned=f"{slug}_assigned")
    found.add(f"{slug}_funnel_position", row["position"], f"{force}: share against the limits for its size "
              "(above_998, above_95, within, below_95 or below_998)", z=row["z"])


def _funnel_chart(fr: ForceRate, data: pd.DataFrame, outside_998: int) -> Chart:
    """The funnel plot, with alt text giving each of the area's forces and where it sits."""
    run, p = fr.run, fr.national["share"]
    points = "; ".join(f"{force} {words.percent(row['share'])}, {funnel.SHORT[row['position']]}"
                       for force in run.area.forces for row in [fr.row(force, data)])
    figure = funnel.funnel_chart(
        data, national=p, highlight=set(run.area.forces), title=f"Community resolution share by force size, {run.when}",
        xlabel=f"Outcomes assigned {run.when} (log scale)", source=source_line(fr.sources), flagged=fr.flagged,
        synthetic=fr.synthetic)
    alt = (f"Funnel plot of {len(data)} forces: community resolutions as a share of outcomes {run.when} against the "
           f"number of outcomes, with the range chance alone would give around the England and Wales share of "
           f"{words.percent(p)}. {points}. {outside_998} of {len(data)} forces are outside the 99.8% limits.")
    return Chart(figure, alt)


def against_article(fr: ForceRate, claims: pd.DataFrame) -> Section:
    """The article's claims (``claims``: :func:`page.published_figures`) against this page's figures:
    the force it named as the highest, the force it said had "among the lowest" rates, and the area's
    total and share; then the 2017/18 revision when the run covers that year."""
    run, found = fr.run, fr.found
    area_figures = metrics.area_total(fr.totals, run.area.forces, run.years, run.basis)
    lines: list[str] = []
    for claim in claims.to_dict("records"):
        if claim["measure"] in ("top_force", "low_force"):
            check = reconcile.check_rank(claim, fr.shares)
            found.add(f"article_{claim['id']}_rank", check.rank, f"rank of {check.named} here ({claim['figure']})",
                      verdict="consistent" if check.consistent else "different")
            lines.append(rank_claim_sentence(check))
        elif claim["area"] == run.area.slug and claim["measure"] in ("community_resolution", "share"):
            ours = area_figures[claim["measure"]]
            shown = words.number(ours) if claim["measure"] == "community_resolution" else words.percent(ours)
            result = reconcile.verdict(claim, ours)
            found.add(f"article_{claim['id']}", ours, f"this page's figure for: {claim['figure']}",
                      published=claim["published"], verdict=result)
            lines.append(f"The article gave {claim['published']} for {claim['figure']}; these data give {shown} "
                         f"({result}).")
    for line in lines:
        found.say(line)
    if run.years != params.parse_years(ARTICLE_YEARS):
        lines.append(found.say(f"The article covered 2014/15 to 2017/18; this page covers "
                               f"{run.when.removeprefix('in ')}, so the comparison is not like for like."))
    if "2017/18" in run.years:
        lines.append(found.say(_revision(fr)))
    return Section(lines=lines)


def _revision(fr: ForceRate) -> str:
    """The area's 2017/18 count in the 2019 file against the 2024 republication, recorded; the 2019 file
    becomes a source (for comparison only)."""
    run, found = fr.run, fr.found
    old = outcomes.offence_level_totals_2017_18(mirror=run.mirror)
    before = metrics.area_total(old, run.area.forces, ["2017/18"], run.basis)["community_resolution"]
    after = metrics.area_total(fr.totals, run.area.forces, ["2017/18"], run.basis)["community_resolution"]
    found.add("revision_2017_18_published_2019", before,
              f"{run.area.name}: 2017/18 community resolutions, 2019 publication")
    found.add("revision_2017_18_published_2024", after,
              f"{run.area.name}: 2017/18 community resolutions, 2024 republication")
    found.sources.append({"id": "outcomes-2017-18-tidy", "used_for": "2017/18 figures of the 2019 publication, "
                                                                     "for comparison only"})
    fr.sources.append("outcomes-2017-18-tidy")
    return revision_sentence(run.area.in_sentence, int(before), int(after))

