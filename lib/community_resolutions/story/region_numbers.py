"""Finding 4: the region in numbers: its total, its share and its offence mix, each force side by side.

The notebook ``4-region-in-numbers`` opens with :func:`offence_pages.start` (every offence-level
year, the notes a reader needs first) and then calls, in order:

* :func:`load` for the force × year totals of every year asked for;
* :func:`totals` for the area's count and share over those years, and each force's;
* :func:`offence_mix` for what community resolutions were used for, where offence-level data exist;
* :func:`against_article` for the 2019 article's figures about this area, the rank claims judged
  by :func:`reconcile.check_rank` (the one rule for "among the lowest").

Every sentence with a number is made by a small function here (or in :mod:`.force_rate` for the
rank claims), tested in ``tests/test_story_region_numbers.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import (
    areas,
    charts,
    memo,
    metrics,
    offences,
    outcomes,
    params,
    reconcile,
    words,
)
from ..offence_pages import OffenceRun
from . import Chart, Run, Section, source_line
from .force_rate import crimes, rank_claim_sentence

#: Categories of ``offence-mix.csv`` the article counted, by the id of its published figure.
ARTICLE_CATEGORIES = {"ne-assaults": "Assaults", "ne-burglaries": "Burglary",
                      "ne-drugs-trafficking": "Drug trafficking", "ne-sex-offences": "Sexual offences"}
VIOLENCE = ["Assaults", "Violence with injury", "Violence without injury"]  # left out of "apart from violence"
NOT_CHARTED = ["Violence with injury", "Violence without injury", "Sexual offences against children"]  # overlaps


@dataclass
class RegionNumbers:
    """The run, the offence-level run and the force × year totals, with what the sections share."""

    run: Run
    offence: OffenceRun
    totals: pd.DataFrame
    sources: list[str]  # every file behind the page: offence-level years and force × year totals
    area_total: dict[str, Any] = field(default_factory=dict)  # set by :func:`totals`
    shares: pd.DataFrame = field(default_factory=pd.DataFrame)  # every force over the years asked for
    mix: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))  # category -> community resolutions

    @property
    def totals_when(self) -> str:
        """The years asked for, for a sentence (the totals cover them all)."""
        return self.run.when


def load(run: Run) -> pd.DataFrame:
    """The force × year totals, checked to hold every year asked for."""
    totals = outcomes.load_totals(mirror=run.mirror, files=run.files)
    params.check_years_available(run.years, sorted(totals["financial_year"].unique()), "the force-year totals")
    return totals


def start(run: Run, offence: OffenceRun, totals_table: pd.DataFrame) -> RegionNumbers:
    """Join the runs: the page's sources are the offence-level files and the totals' files."""
    total_sources = sorted(metrics.select(totals_table, run.years, run.basis)["source"].unique())
    offence.found.sources.append({"id": ", ".join(total_sources), "used_for": f"force × year totals, {run.when}"})
    return RegionNumbers(run, offence, totals_table, sorted(set(offence.sources) | set(total_sources)))


# --- sentences ----------------------------------------------------------------------------------------------------

def total_sentence(area: areas.Area, when: str, count: int, assigned: int, share: float, national: float) -> str:
    """The lead: the area's community resolutions and share, against England and Wales unless it is.

    >>> total_sentence(areas.force_area("Durham"), "in 2017/18", 1, 40, 0.025, 0.03)
    'Durham Constabulary closed one crime with a community resolution in 2017/18: 2.5% of all 40 outcomes \
(England and Wales: 3.0%).'
    >>> total_sentence(areas.region("england-and-wales"), "in 2017/18", 2, 40, 0.05, 0.05)
    'Police forces in England and Wales closed two crimes with a community resolution in 2017/18: 5.0% of all 40 \
outcomes.'
    """
    who = area.subject
    against = "." if area.is_national else f" (England and Wales: {words.percent(national)})."
    return (f"{who} closed {crimes(count)} with a community resolution {when}: "
            f"{words.percent(share)} of all {words.number(assigned)} outcomes" + against)


def mix_sentence(when: str, counts: Mapping[str, int]) -> str:
    """The article's four categories, with the child sexual offences among the sexual offences.

    >>> mix_sentence("in 2017/18", {"Assaults": 1, "Burglary": 2, "Drug trafficking": 0, "Sexual offences": 3,
    ...                             "Sexual offences against children": 1})
    'In 2017/18, community resolutions closed one assault, two burglaries, no drug trafficking offences and three \
sexual offences, one of them against children.'
    """
    children = int(counts["Sexual offences against children"])
    child_clause = f", {words.number(children)} of them against children" if counts["Sexual offences"] and children \
        else ""
    return (f"{when[0].upper() + when[1:]}, community resolutions closed "
            f"{words.plural(counts['Assaults'], 'assault')}, "
            f"{words.plural(counts['Burglary'], 'burglary', 'burglaries')}, "
            f"{words.plural(counts['Drug trafficking'], 'drug trafficking offence')} and "
            f"{words.plural(counts['Sexual offences'], 'sexual offence')}{child_clause}.")


def largest_sentence(category: str, count: int, share: float) -> str:
    """The largest category apart from violence.

    >>> largest_sentence("Criminal damage", 1200, 0.08)
    'Apart from violence, the largest category was criminal damage: 1,200, 8.0% of such offences with an outcome.'
    """
    return (f"Apart from violence, the largest category was {category.lower()}: {words.number(count)}, "
            f"{words.percent(share)} of such offences with an outcome.")


def article_total_sentence(published: str, figure: str, shown: str, when: str, result: str) -> str:
    """A published total or share against these data.

    >>> article_total_sentence("4%", "share of all crimes in the North-East", "3.8%", "from 2014/15 to 2017/18",
    ...                        "consistent")
    'The article gave “4%” for share of all crimes in the North-East; these data give 3.8% from 2014/15 to 2017/18 \
(consistent).'
    """
    return f"The article gave “{published}” for {figure}; these data give {shown} {when} ({result})."


def article_mix_sentence(published: str, figure: str, when: str, count: int) -> str:
    """A published four-year offence count against the offence-level years held, never scaled up.

    >>> article_mix_sentence("92", "drugs trafficking", "in 2017/18", 20)
    'The article gave “92” for drugs trafficking over four years; in 2017/18 alone these data give 20.'
    """
    return (f"The article gave “{published}” for {figure} over four years; {when} alone these data give "
            f"{words.number(count)}.")


# --- the parts of the page ----------------------------------------------------------------------------------------

def totals(rn: RegionNumbers) -> Section:
    """The area's total and share over the years asked for, and each force's, from the force × year totals."""
    run, found, when = rn.run, rn.offence.found, rn.totals_when
    rn.shares = metrics.force_shares(rn.totals, run.years, run.basis)
    national = metrics.national_total(rn.totals, run.years, run.basis)
    rn.area_total = figures = metrics.area_total(rn.totals, run.area.forces, run.years, run.basis)
    found.add("area_community_resolutions", figures["community_resolution"],
              f"{run.area.name}: community resolutions, {when}")
    found.add("area_assigned", figures["assigned"], f"{run.area.name}: all assigned outcomes, {when}")
    found.add("area_share", figures["share"], f"{run.area.name}: share", numerator="area_community_resolutions",
              denominator="area_assigned")
    found.add("national_share", national["share"], "England and Wales: share")
    found.say(total_sentence(run.area, when, int(figures["community_resolution"]), int(figures["assigned"]),
                             figures["share"], national["share"]), lead=True)
    side = rn.shares[rn.shares["force"].isin(run.area.forces)][["force", "community_resolution", "assigned", "share"]]
    for row in side.itertuples():
        slug = areas.force_slug(str(row.force))
        found.add(f"{slug}_community_resolutions", row.community_resolution,
                  f"{row.force}: community resolutions, {when}")
        found.add(f"{slug}_share", row.share, f"{row.force}: share, {when}")
    table = side.assign(share=side["share"].map(words.percent)).rename(columns={
        "force": "Force", "community_resolution": "Community resolutions", "assigned": "All outcomes",
        "share": "Share"})
    return Section(lines=list(found.sentences), tables={f"Totals, {when}": table})


def offence_mix(rn: RegionNumbers) -> Section:
    """The offence mix over the offence-level years asked for (chart data ``offence-mix``, by force): the
    article's four categories, the largest apart from violence, and a table beside England and Wales."""
    offence, found = rn.offence, rn.offence.found
    if not offence.have_data:
        return Section()
    forces, years, basis, when = offence.area.forces, offence.offence_years, offence.basis, offence.when
    mix = offences.offence_mix(offence.table, forces, years, basis)
    per_force = offences.offence_mix(offence.table, forces, years, basis, by=["force"])
    national = memo.once("region_numbers.national_mix", None if offence.data_key is None else (
        offence.data_key, tuple(years), basis), lambda: offences.offence_mix(offence.table, areas.all_forces(), years,
                                                                               basis)).set_index("category")
    for row in mix.itertuples():
        found.add(f"mix_{str(row.category).lower().replace(' ', '_')}", row.community_resolution,
                  f"{offence.area.name}: community resolutions for {row.category}, {when}",
                  assigned=row.assigned, share=row.share)
    rn.mix = mix.set_index("category")["community_resolution"]
    biggest = mix[~mix["category"].isin(VIOLENCE)].sort_values("community_resolution").iloc[-1]
    lines = [found.say(mix_sentence(when, rn.mix)),
             found.say(largest_sentence(str(biggest.category), int(biggest.community_resolution), biggest.share))]
    found.chart("offence-mix", per_force)
    return Section(lines=lines, charts=[_mix_chart(rn, mix)],
                   tables={f"Community resolutions by offence, {when}": _mix_table(rn, mix, per_force, national)})


def _mix_table(rn: RegionNumbers, mix: pd.DataFrame, per_force: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Each force's count per category, the area's (for a region), England and Wales's, and both shares."""
    wide = per_force.pivot_table(index="category", columns="force", values="community_resolution", aggfunc="sum",
                                 observed=True).reset_index()
    wide.columns.name = None
    if not rn.offence.area.is_force:
        wide[f"{rn.offence.area.name} (all)"] = mix["community_resolution"].to_numpy()
    wide["England and Wales"] = national.loc[wide["category"], "community_resolution"].to_numpy()
    wide["Share (area)"] = mix["share"].map(words.percent).to_numpy()
    wide["Share (E&W)"] = national.loc[wide["category"], "share"].map(words.percent).to_numpy()
    return wide.rename(columns={"category": "Offences"})


def _mix_chart(rn: RegionNumbers, mix: pd.DataFrame) -> Chart:
    """Bars of the categories that do not overlap, assaults highlighted."""
    name, when = rn.offence.area.name, rn.offence.when
    rows = mix[~mix["category"].isin(NOT_CHARTED)].copy()
    rows["category"] = rows["category"].astype(str)
    figure = charts.count_bars(rows, label="category", value="community_resolution", highlight={"Assaults"},
                               title=f"Community resolutions by offence, {name}, {when}",
                               source=source_line(rn.sources), synthetic=rn.offence.synthetic)
    top = rows.sort_values("community_resolution").iloc[-1]
    return Chart(figure, f"Bar chart of community resolutions by offence in {name}, {when}. "
                         f"Largest: {top['category']}, {int(top['community_resolution']):,}.")


def against_article(rn: RegionNumbers, claims: pd.DataFrame) -> Section:
    """The 2019 figures about this area: totals and shares (judged only over the article's own years),
    the rank claims (on the England and Wales page), and the offence counts (the years held only)."""
    run, offence, found, when = rn.run, rn.offence, rn.offence.found, rn.totals_when
    lines: list[str] = []
    for claim in claims.to_dict("records"):
        if claim["area"] != run.area.slug:
            continue
        if claim["measure"] in ("community_resolution", "share", "top_force", "low_force"):
            like_for_like = run.years == params.parse_years(claim["period"])
        if claim["measure"] in ("community_resolution", "share"):
            ours = rn.area_total[claim["measure"]]
            shown = words.number(ours) if claim["measure"] == "community_resolution" else words.percent(ours)
            result = reconcile.verdict(claim, ours) if like_for_like else f"not like for like: {when}"
            found.add(f"article_{claim['id']}", ours, claim["figure"], published=claim["published"], verdict=result)
            lines.append(found.say(article_total_sentence(claim["published"], claim["figure"], shown, when, result)))
        elif claim["measure"] in ("top_force", "low_force"):
            check = reconcile.check_rank(claim, rn.shares)
            judged = "consistent" if check.consistent else "different"
            result = judged if like_for_like else f"not like for like: {when}"
            found.add(f"article_{claim['id']}_rank", check.rank,
                      f"rank of {check.named} here ({claim['figure']}), {when}", verdict=result)
            lines.append(found.say(rank_claim_sentence(check) + ("" if like_for_like else f" ({result})")))
        elif offence.have_data and claim["id"] in ARTICLE_CATEGORIES:
            ours = int(rn.mix[ARTICLE_CATEGORIES[claim["id"]]])
            found.add(f"article_{claim['id']}", ours, f"{claim['figure']}, {offence.when} only",
                      published=claim["published"])
            lines.append(found.say(article_mix_sentence(claim["published"], claim["figure"], offence.when, ours)))
    if offence.missing_years:
        lines.append(offences.missing_years_sentence(offence.missing_years))
    return Section(lines=lines)
