"""Finding 3: the share of drug offences ended by a community resolution, per force, split into
trafficking and possession, and where the chosen area sits.

The notebook ``3-drug-offences`` reads as the story; this module does the counting and writes the
sentences. Each step is a short function:

* :func:`drug_rows` picks the Home Office offence group "Drug offences" (its subgroups are
  "Trafficking of drugs", code 92A, and "Possession of drugs", 92C, 92D and 92E).
* :func:`count` counts community resolutions and outcomes for every force (outcome type 0, not
  yet assigned, left out) and ranks the forces by share.
* :func:`tell` records the figures and sentences; the sentence rules are :func:`area_sentence`,
  :func:`force_sentence`, :func:`no_drugs_sentence`, :func:`subgroups_sentence` and
  :func:`article_sentence`, each with a unit test in ``tests/test_story_drug_offences.py``.
* :func:`chart_table`, :func:`chart` and :func:`area_table` make what the page shows.
* :func:`article_check` compares North Yorkshire with the 2019 article.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import areas, charts, gaps, offences, page, words
from ..offence_pages import OffenceRun
from . import Chart
from .offence_level import article_years_sentences

DRUG_GROUP = "Drug offences"
TRAFFICKING, POSSESSION = "Trafficking of drugs", "Possession of drugs"
SUBGROUPS: dict[str, str] = {TRAFFICKING: "trafficking", POSSESSION: "possession"}
"""The two subgroups, in the order the sentences give them, with the word used in figure keys."""


@dataclass
class DrugCounts:
    """Drug offences counted for every force over the years computed."""

    overall: pd.DataFrame  # one row per force: community_resolution, assigned, share, rank
    by_subgroup: pd.DataFrame  # one row per force and subgroup
    national: pd.Series | None  # England and Wales; None when there is nothing to count
    national_subgroups: pd.DataFrame  # England and Wales per subgroup, indexed by subgroup
    region: pd.Series | None = None  # the area's forces together, when the area is a region with data

    @property
    def n_forces(self) -> int:
        """How many forces have a share (the denominator of every rank)."""
        return int(self.overall["share"].notna().sum())

    @property
    def both_subgroups(self) -> bool:
        """Whether the data hold both trafficking and possession."""
        return set(SUBGROUPS) <= set(self.national_subgroups.index)

    def force_row(self, force: str) -> pd.Series:
        """One force's row; a force missing from the data reads as a row of no data, never a crash."""
        return self.overall.set_index("force").reindex([force]).reset_index().iloc[0]


def drug_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The offence-level rows of the group "Drug offences".

    >>> drug_rows(pd.DataFrame({"offence_group": ["Drug offences", "Theft offences"]})).index.tolist()
    [0]
    """
    return table[table["offence_group"] == DRUG_GROUP]


def count(run: OffenceRun, drugs: pd.DataFrame, have_data: bool) -> DrugCounts:
    """Count drug offences for every force in the years computed; rank forces by share (1 = highest,
    ties share the better rank)."""
    forces = areas.all_forces()

    def counts(by: list[str]) -> pd.DataFrame:
        return offences.outcome_counts(drugs, forces, run.offence_years, run.basis, by=by)

    overall = counts(["force"])
    overall["rank"] = overall["share"].rank(ascending=False, method="min").astype("Int64")
    national = counts(["offence_group"]).iloc[0] if have_data else None
    region = None
    if have_data and not run.area.is_force:
        region = offences.outcome_counts(drugs, run.area.forces, run.offence_years, run.basis,
                                         by=["offence_group"]).iloc[0]
    return DrugCounts(overall, counts(["force", "offence_subgroup"]), national,
                      counts(["offence_subgroup"]).set_index("offence_subgroup"), region)


def area_sentence(in_sentence: str, when: str, community_resolutions: int, assigned: int, share: float,
                  national_share: float | None) -> str:
    """The lead for a region: its share, the count, and England and Wales beside it (``national_share``
    None when the region is England and Wales itself).

    >>> print(area_sentence("the North East", "in 2017/18", 20, 200, 0.1, 0.05))  # doctest: +NORMALIZE_WHITESPACE
    Police forces in the North East closed one in ten (10.0%) of drug offences with a community resolution in
    2017/18: 20 of 200 (England and Wales: 5.0%).
    """
    beside = "." if national_share is None else f" (England and Wales: {words.share_phrase(national_share)})."
    return (f"Police forces in {in_sentence} closed {words.share_phrase(share)} of drug offences with a community "
            f"resolution {when}: {words.number(community_resolutions)} of {words.number(assigned)}" + beside)


def no_drugs_sentence(force_name: str, when: str) -> str:
    """For a force whose data hold no drug offence given an outcome.

    >>> no_drugs_sentence("Durham Constabulary", "in 2017/18")
    "Durham Constabulary's data hold no drug offences given an outcome in 2017/18."
    """
    return f"{force_name}'s data hold no drug offences given an outcome {when}."


def subgroup_part(community_resolutions: int, assigned: int, key: str) -> str:
    """'four of 92 trafficking offences'.

    >>> subgroup_part(0, 59, "trafficking")
    'none of 59 trafficking offences'
    """
    return words.count_of(community_resolutions, assigned, f"{key} offences")


def force_sentence(force_name: str, share: float, when: str, rank: int, n_forces: int, parts: list[str]) -> str:
    """One force's share, its rank among forces and the subgroups' counts.

    >>> parts = ["one of 2 trafficking offences"]
    >>> print(force_sentence("Durham Constabulary", 0.25, "in 2017/18", 1, 43, parts))  # doctest: +NORMALIZE_WHITESPACE
    Durham Constabulary closed one in four (25.0%) of drug offences with a community resolution in 2017/18,
    the highest of 43 forces: one of 2 trafficking offences.
    """
    return (f"{force_name} closed {words.share_phrase(share)} of drug offences with a community resolution {when}, "
            f"{words.rank_phrase(rank, n_forces)}: " + " and ".join(parts) + ".")


def subgroups_sentence(possession_share: float, trafficking_share: float) -> str:
    """England and Wales's possession and trafficking shares.

    >>> print(subgroups_sentence(0.2, 0.01))  # doctest: +NORMALIZE_WHITESPACE
    Across England and Wales, one in five (20.0%) of possession offences and 1.0% of trafficking offences
    ended this way.
    """
    return (f"Across England and Wales, {words.share_phrase(possession_share)} of possession offences and "
            f"{words.share_phrase(trafficking_share)} of trafficking offences ended this way.")


def _add_share(run: OffenceRun, key: str, row: pd.Series, who: str, what: str) -> None:
    """Three figures: community resolutions, outcomes and the share between them."""
    found = run.found
    found.add(f"{key}_community_resolutions", row["community_resolution"],
              f"{who}: {what} closed by community resolution")
    found.add(f"{key}_assigned", row["assigned"], f"{who}: {what} given an outcome")


def _tell_force(run: OffenceRun, counts: DrugCounts, force: str) -> None:
    """One force's figures (overall, rank, each subgroup) and its sentence."""
    found, slug = run.found, areas.force_slug(force)
    row = counts.force_row(force)
    if not row["assigned"] > 0:
        found.say(no_drugs_sentence(areas.force_in_sentence(force, start=True), run.when), lead=run.area.is_force)
        return
    subs = counts.by_subgroup[counts.by_subgroup["force"] == force].set_index("offence_subgroup")
    _add_share(run, f"{slug}_drug", row, force, "drug offences")
    found.add(f"{slug}_drug_share", row["share"], f"{force}: share", numerator=f"{slug}_drug_community_resolutions",
              denominator=f"{slug}_drug_assigned")
    found.add(f"{slug}_drug_rank", row["rank"], f"{force}: rank of {counts.n_forces} forces (1 = highest share)")
    parts = []
    for sub, key in SUBGROUPS.items():
        if sub in subs.index:
            s = subs.loc[sub]
            _add_share(run, f"{slug}_{key}", s, force, sub.lower())
            found.add(f"{slug}_{key}_share", s["share"], f"{force}: {sub.lower()} share",
                      numerator=f"{slug}_{key}_community_resolutions", denominator=f"{slug}_{key}_assigned")
            parts.append(subgroup_part(s["community_resolution"], s["assigned"], key))
    found.say(force_sentence(areas.force_in_sentence(force, start=True), row["share"], run.when, int(row["rank"]),
                             counts.n_forces, parts), lead=run.area.is_force)


def tell(run: OffenceRun, counts: DrugCounts) -> None:
    """Record the figures and sentences: England and Wales, the region (when the area is not one
    force), each of the area's forces, then the national split by subgroup."""
    found, area, national = run.found, run.area, counts.national
    assert national is not None, "tell() needs data: check offence_pages.nothing_to_count first"
    _add_share(run, "national_drug", national, "England and Wales", "drug offences")
    found.add("national_drug_share", national["share"], "England and Wales: share",
              numerator="national_drug_community_resolutions", denominator="national_drug_assigned")
    region = counts.region
    if region is not None:
        _add_share(run, "area_drug", region, area.name, "drug offences")
        found.add("area_drug_share", region["share"], f"{area.name}: share",
                  numerator="area_drug_community_resolutions", denominator="area_drug_assigned")
        found.say(area_sentence(area.in_sentence, run.when, region["community_resolution"], region["assigned"],
                                region["share"], None if area.is_national else national["share"]), lead=True)
    for force in area.forces:
        _tell_force(run, counts, force)
    if counts.both_subgroups:
        subs = counts.national_subgroups
        found.say(subgroups_sentence(subs.loc[POSSESSION, "share"], subs.loc[TRAFFICKING, "share"]))


def chart_table(run: OffenceRun, counts: DrugCounts) -> pd.DataFrame:
    """Every force's overall and subgroup shares, marked ``in_area``: the chart's data (``drug-shares``)."""
    wide = counts.by_subgroup.pivot_table(index="force", columns="offence_subgroup", values="share").reset_index()
    wide.columns.name = None
    wide = wide.reindex(columns=["force", TRAFFICKING, POSSESSION])
    return counts.overall.merge(wide, on="force").assign(in_area=lambda d: d["force"].isin(run.area.forces))


def chart(run: OffenceRun, counts: DrugCounts, mirror: str | None) -> Chart:
    """Forces ranked by share, the area's forces highlighted and forces with a known gap flagged."""
    national = counts.national
    assert national is not None, "chart() needs data"
    known = gaps.gaps_for(gaps.known_gaps(mirror=mirror), areas.all_forces(), run.offence_years, run.basis)
    figure = charts.ranked_bars(counts.overall, label="force", value="share", highlight=set(run.area.forces),
                                national=national["share"],
                                title=f"Share of drug offences closed by community resolution, {run.when}",
                                source=run.source_line(), flagged=set(known["force"]), synthetic=run.synthetic)
    top = counts.overall.sort_values("share", ascending=False).iloc[0]  # the highest share, for the alt text
    alt = (f"Bar chart of {counts.n_forces} forces ranked by the share of drug offences closed by community "
           f"resolution, {run.when}. Highest: {top['force']} at {words.percent(top['share'])}; "
           f"England and Wales {words.percent(national['share'])}.")
    return Chart(figure, alt)


def area_table(chart_data: pd.DataFrame, n_forces: int) -> pd.DataFrame:
    """The area's forces from the chart's data, shares as percentages, with headers a reader understands."""
    rows = chart_data[chart_data["in_area"]]
    columns = {"force": "Force", "community_resolution": "Community resolutions",
               "assigned": "Drug offences with an outcome", "share": "Share",
               TRAFFICKING: "Share, trafficking", POSSESSION: "Share, possession",
               "rank": words.rank_header(n_forces)}
    shown = rows[list(columns)].assign(**{c: rows[c].map(words.percent) for c in ["share", TRAFFICKING, POSSESSION]})
    return shown.rename(columns=columns)


def article_sentence(published: str, when: str, share: float, community_resolutions: int, assigned: int) -> str:
    """North Yorkshire's figure beside the article's.

    >>> print(article_sentence("almost one in five", "in 2017/18", 0.1, 10, 100))  # doctest: +NORMALIZE_WHITESPACE
    The article said almost one in five of North Yorkshire's drug crimes ended in a community resolution. In
    2017/18 the figure was one in ten (10.0%): 10 of 100.
    """
    return (f"The article said {published} of North Yorkshire's drug crimes ended in a community resolution. "
            f"{when[0].upper() + when[1:]} the figure was {words.share_phrase(share)}: "
            f"{words.number(community_resolutions)} of {words.number(assigned)}.")


def article_check(run: OffenceRun, counts: DrugCounts) -> list[str]:
    """North Yorkshire's share in the years computed beside the article's "almost one in five", and the
    article's years these data cannot compute. Nothing when North Yorkshire has no drug offences here."""
    if counts.national is None:
        return []
    claim = page.published_figures(["north-yorkshire-drugs"]).iloc[0]
    ny = counts.force_row("North Yorkshire")
    if not ny["assigned"] > 0:
        return []
    run.found.add("article_north_yorkshire_drug_share", ny["share"], f"North Yorkshire drug share, {run.when}",
                  published=claim["published"])
    said = run.found.say(article_sentence(claim["published"], run.when, ny["share"], ny["community_resolution"],
                                          ny["assigned"]))
    return [said] + article_years_sentences(run.offence_years)
