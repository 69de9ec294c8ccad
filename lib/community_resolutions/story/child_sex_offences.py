"""Finding 2: community resolutions for sexual offences against children, offence code by offence
code, in the chosen area and in England and Wales.

The notebook ``2-child-sex-offences`` reads as the story; this module counts and writes the sentences:

* Which codes are offences against children is decided in a reviewed data file,
  ``data/reference/child-sex-offences.csv`` (:func:`offences.child_sex_offence_codes`), never here.
* :func:`count` counts community resolutions per offence code, for the area and for every force.
* :func:`tell` records the figures and sentences; the sentence rules are :func:`lead_sentence`,
  :func:`of_all_sentence` and :data:`NEGATIVE_NOTE`, each tested in ``tests/test_story_child_sex_offences.py``.
* :func:`force_counts`, :func:`code_table` and :func:`chart` make what the page shows.
* :func:`article_check` sets one year beside the 2019 article's four-year figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import areas, charts, offences, page, words
from ..offence_pages import OffenceRun
from . import Chart
from .offence_level import article_figure_sentence, article_years_sentences

SEXUAL_GROUP = "Sexual offences"
SINGLE_CASE = "single case: legal check"
NEGATIVE_NOTE = ("A negative count is a correction the force sent to the Home Office after an earlier quarter; "
                 "it is kept as published.")
LEGAL = [("Forces told the 2019 investigation that many of these cases were sexual activity between children, "
          "or cases where the victim did not want a prosecution. The data cannot tell these apart."),
         "Single cases could identify a victim or an offender: check with a lawyer before publishing any of them."]
"""The notes shown before any number on the page."""
ARTICLE_CODES = {"durham-rape-under-13": "19E", "durham-grooming": "88A"}
"""The article's Durham figures and the offence code each one is compared with."""


@dataclass
class ChildCounts:
    """Sexual offences counted per offence code over the years computed."""

    codes: list[str]  # the reviewed codes of offences against children
    sexual: pd.DataFrame  # the offence-level rows of the group "Sexual offences"
    area_codes: pd.DataFrame  # every sexual-offence code, the area's forces together
    national_codes: pd.DataFrame  # every sexual-offence code, England and Wales

    @property
    def area_child(self) -> pd.DataFrame:
        """The area's counts for the child-offence codes (zeros included)."""
        return self.area_codes[self.area_codes["offence_code"].isin(self.codes)]

    @property
    def national_child(self) -> pd.DataFrame:
        """England and Wales's counts for the child-offence codes."""
        return self.national_codes[self.national_codes["offence_code"].isin(self.codes)]

    @property
    def used(self) -> pd.DataFrame:
        """The area's child-offence codes with any community resolution, the largest first."""
        child = self.area_child
        return child[child["community_resolution"] != 0].sort_values("community_resolution", ascending=False)


def sexual_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The offence-level rows of the group "Sexual offences".

    >>> sexual_rows(pd.DataFrame({"offence_group": ["Drug offences", "Sexual offences"]})).index.tolist()
    [1]
    """
    return table[table["offence_group"] == SEXUAL_GROUP]


def by_code(run: OffenceRun, sexual: pd.DataFrame, forces: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Community resolutions and outcomes per offence code for ``forces`` in the years computed."""
    by = ["offence_code", "offence_description"]
    return offences.outcome_counts(sexual, forces, run.offence_years, run.basis, by=by)


def count(run: OffenceRun, sexual: pd.DataFrame) -> ChildCounts:
    """Count every sexual-offence code for the area and for England and Wales."""
    return ChildCounts(offences.child_sex_offence_codes(), sexual, by_code(run, sexual, run.area.forces),
                       by_code(run, sexual, areas.all_forces()))


def lead_sentence(subject: str, total: int, used: list[tuple[int, str]], when: str) -> str:
    """The lead: how many offences against children were closed this way, code by code, or none.

    >>> used = [(2, "Sexual grooming"), (1, "Rape of a female child under 13")]
    >>> print(lead_sentence("Durham Constabulary", 3, used, "in 2017/18"))  # doctest: +NORMALIZE_WHITESPACE
    Durham Constabulary closed three sexual offences against children with a community resolution in 2017/18:
    two cases of sexual grooming; one case of rape of a female child under 13.
    """
    if not total:
        return f"{subject} recorded no community resolutions for sexual offences against children {when}."
    listed = "; ".join(words.cases_of(n, description) for n, description in used)
    return (f"{subject} closed {words.plural(total, 'sexual offence')} against children with a community resolution "
            f"{when}: {listed}.")


def of_all_sentence(child: int, sexual: int, is_force: bool, when: str, national_child: int) -> str:
    """The child offences beside all sexual offences closed this way, and England and Wales's figure.

    >>> print(of_all_sentence(3, 10, True, "in 2017/18", 500))  # doctest: +NORMALIZE_WHITESPACE
    That is three of the 10 sexual offences it closed this way in 2017/18. Across England and Wales the figure
    was 500 sexual offences against children.
    """
    national = (f"Across England and Wales the figure was {words.plural(national_child, 'sexual offence')} "
                "against children.")
    if not sexual:
        return f"No sexual offence of any kind was closed this way {when}. {national}"
    together = "" if is_force else "(all forces together) "
    return (f"That is {words.number(child)} of the {words.plural(sexual, 'sexual offence')} it closed this way "
            f"{together}{when}. {national}")


def tell(run: OffenceRun, counts: ChildCounts) -> None:
    """Record the figures (totals, then one per child-offence code, zeros included) and the sentences."""
    found, area, child = run.found, run.area, counts.area_child
    area_child = int(child["community_resolution"].sum())
    area_sexual = int(counts.area_codes["community_resolution"].sum())
    national_child = int(counts.national_child["community_resolution"].sum())
    found.add("area_child_community_resolutions", area_child,
              f"{area.name}: community resolutions for sexual offences against children")
    found.add("area_sexual_community_resolutions", area_sexual,
              f"{area.name}: community resolutions for all sexual offences")
    found.add("area_child_assigned", int(child["assigned"].sum()),
              f"{area.name}: all outcomes assigned for sexual offences against children")
    found.add("national_child_community_resolutions", national_child,
              "England and Wales: community resolutions for sexual offences against children")
    found.add("national_sexual_community_resolutions", int(counts.national_codes["community_resolution"].sum()),
              "England and Wales: community resolutions for all sexual offences")
    for row in child.itertuples():
        found.add(f"area_code_{row.offence_code}", row.community_resolution,
                  f"{area.name}: community resolutions, {row.offence_description}", assigned=row.assigned)
    used = counts.used
    listed = [(r.community_resolution, r.offence_description) for r in used.itertuples()]
    found.say(lead_sentence(area.subject, area_child, listed, run.when), lead=True)
    found.say(of_all_sentence(area_child, area_sexual, area.is_force, run.when, national_child))
    if any(used["community_resolution"] < 0):
        found.say(NEGATIVE_NOTE)


def force_counts(run: OffenceRun, counts: ChildCounts) -> pd.DataFrame:
    """Community resolutions per child-offence code and force, for the area's forces (``child-offences.csv``)."""
    child = counts.sexual[counts.sexual["offence_code"].isin(counts.codes)]
    return offences.outcome_counts(child, run.area.forces, run.offence_years, run.basis,
                                   by=["offence_code", "offence_description", "force"])


def code_table(run: OffenceRun, counts: ChildCounts, per_force: pd.DataFrame) -> pd.DataFrame:
    """One row per child-offence code the area's data hold: a column per force, England and Wales, and a
    flag on every code where a force has a single case (one case could identify someone)."""
    forces = list(run.area.forces)
    wide = per_force.pivot_table(index=["offence_code", "offence_description"], columns="force",
                                 values="community_resolution", aggfunc="sum", fill_value=0).reset_index()
    wide.columns.name = None
    national = counts.national_child[["offence_code", "community_resolution"]]
    wide = wide.merge(national.rename(columns={"community_resolution": "England and Wales"}), on="offence_code")
    single = [any(r[f] == 1 for f in forces) for _, r in wide.iterrows()]
    wide["Check before publishing"] = [SINGLE_CASE if one else "" for one in single]
    return wide.rename(columns={"offence_code": "Code", "offence_description": "Offence"})


def chart(run: OffenceRun, counts: ChildCounts) -> Chart | None:
    """Bars of the area's child-offence codes with any community resolution; None when there are none."""
    shown = counts.area_child[counts.area_child["community_resolution"] != 0]
    if not len(shown):
        return None
    area = run.area.name
    figure = charts.count_bars(shown, label="offence_description", value="community_resolution",
                               title=f"Sexual offences against children closed by community resolution, {area}, "
                                     f"{run.when}",
                               source=run.source_line(), synthetic=run.synthetic)
    top = shown.sort_values("community_resolution").iloc[-1]
    alt = (f"Bar chart of community resolutions for sexual offences against children in {run.area.in_sentence}, {run.when}. "
           f"Largest: {top['offence_description']}, {int(top['community_resolution'])}.")
    return Chart(figure, alt)


def article_figures(run: OffenceRun, counts: ChildCounts) -> dict[str, object]:
    """These data's figures for the article's three: Durham's rape of a girl under 13 (19E) and sexual
    grooming (88A), and the North East's sex offences with those against children."""
    durham = by_code(run, counts.sexual, ["Durham"]).set_index("offence_code")["community_resolution"]
    north_east = by_code(run, counts.sexual, areas.region("north-east-and-north-yorkshire").forces)
    ne_child = int(north_east.loc[north_east["offence_code"].isin(counts.codes), "community_resolution"].sum())
    ours: dict[str, object] = {claim: int(durham.get(code, 0)) for claim, code in ARTICLE_CODES.items()}
    ne_all = int(north_east["community_resolution"].sum())
    ours["ne-sex-offences"] = f"{ne_all:,}, of which {ne_child:,} against children"
    return ours


def article_check(run: OffenceRun, counts: ChildCounts, have_data: bool) -> list[str]:
    """Each article figure beside one year of these data (figures ``article_<id>``), and the article's
    years these data cannot compute."""
    if not have_data:
        return []
    claims = page.published_figures(["durham-rape-under-13", "durham-grooming", "ne-sex-offences"])
    ours, checks = article_figures(run, counts), []
    for claim in claims.to_dict("records"):
        run.found.add(f"article_{claim['id']}", ours[claim["id"]], f"{run.when} figure for: {claim['figure']}",
                      published=claim["published"])
        checks.append(run.found.say(article_figure_sentence(claim, run.when, ours[claim["id"]])))
    return checks + article_years_sentences(run.offence_years)
