"""Finding 6: community resolutions for offences in a reviewed list of serious offences, per force.

The notebook ``6-serious-offences`` reads as the story; this module counts and writes the sentences:

* The list is a reviewed data file, ``data/reference/serious-offences.csv`` (:func:`offences.serious_offences`):
  indictable-only offences and the serious offences the 2019 article names, each with its category,
  reason and source. It is decided there, never here.
* :func:`count` counts community resolutions for the listed codes, per force, per code and nationally.
* :func:`tell` records the figures and sentences; the sentence rules are :func:`lead_sentence` and
  :func:`indictable_sentence`, tested in ``tests/test_story_serious_offences.py``.
* :func:`code_chart_table`, :func:`code_table`, :func:`force_table` and :func:`chart` make what the page shows.
* :func:`article_check` sets one year of Durham beside the article's four-year figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import areas, charts, offences, page, words
from ..offence_pages import OffenceRun
from . import Chart
from .offence_level import article_figure_sentence, article_years_sentences

WHAT = "offences from the list of serious offences"
INDICTABLE_ONLY = "indictable only"
LEGAL = [("The list of serious offences is a reviewed data file (data/reference/serious-offences.csv) with a reason "
          "and source per code; have a lawyer check any single case before publication.")]
"""The note shown before any number on the page."""
ARTICLE_CODES = {"durham-stalking": "8Q", "durham-aggravated-vehicle-taking": "37.2"}
"""The article's Durham figures and the offence code each one is compared with."""
LIST_COLUMNS = ["offence_code", "offence_description", "category"]


@dataclass
class SeriousCounts:
    """The listed serious offences counted over the years computed."""

    listed: pd.DataFrame  # the reviewed list: offence_code, offence_description, category, reason, source
    rows: pd.DataFrame  # the offence-level rows of the listed codes
    per_force: pd.DataFrame  # every force: community_resolution, assigned, share, rank (1 = most)
    by_code_force: pd.DataFrame  # the area's forces, per code and force
    national_codes: pd.DataFrame  # England and Wales per code, indexed by offence_code
    area_codes: pd.DataFrame  # the area's forces together per code, with the list's columns

    @property
    def national_total(self) -> int:
        """Community resolutions for listed offences across England and Wales."""
        return int(self.per_force["community_resolution"].sum())

    @property
    def used(self) -> pd.DataFrame:
        """The area's listed codes with any community resolution, the largest first."""
        codes = self.area_codes
        return codes[codes["community_resolution"] != 0].sort_values("community_resolution", ascending=False)


def listed_rows(table: pd.DataFrame, listed: pd.DataFrame) -> pd.DataFrame:
    """The offence-level rows whose code is in the list.

    >>> listed_rows(pd.DataFrame({"offence_code": ["8Q", "21"]}), pd.DataFrame({"offence_code": ["8Q"]})).index.tolist()
    [0]
    """
    return table[table["offence_code"].isin(listed["offence_code"].tolist())]


def count(run: OffenceRun, rows: pd.DataFrame, listed: pd.DataFrame) -> SeriousCounts:
    """Count the listed offences for every force (ranked by count: 1 = most, ties share the better rank),
    for the area's forces per code, and for England and Wales per code."""
    def counts(forces: list[str] | tuple[str, ...], by: list[str]) -> pd.DataFrame:
        return offences.outcome_counts(rows, forces, run.offence_years, run.basis, by=by)

    everyone = areas.all_forces()
    per_force = counts(everyone, ["force"])
    per_force["rank"] = per_force["community_resolution"].rank(ascending=False, method="min").astype("Int64")
    return SeriousCounts(listed, rows, per_force, counts(run.area.forces, ["offence_code", "force"]),
                         counts(everyone, ["offence_code"]).set_index("offence_code"),
                         counts(run.area.forces, ["offence_code"]).merge(listed, on="offence_code"))


def lead_sentence(subject: str, total: int, used: list[tuple[int, str]], when: str) -> str:
    """The lead: how many listed offences were closed this way, code by code.

    >>> used = [(2, "Stalking"), (1, "Arson endangering life")]
    >>> print(lead_sentence("Durham Constabulary", 3, used, "in 2017/18"))  # doctest: +NORMALIZE_WHITESPACE
    Durham Constabulary closed three offences from the list of serious offences with a community resolution in
    2017/18: two for stalking; one for arson endangering life.
    >>> print(lead_sentence("Police forces in Wales", 0, [], "in 2017/18"))  # doctest: +NORMALIZE_WHITESPACE
    Police forces in Wales closed no offences from the list of serious offences with a community resolution in
    2017/18.
    """
    listed = "; ".join(f"{words.number(n)} for {text[0].lower() + text[1:]}" for n, text in used)
    return (f"{subject} closed {words.plural(total, 'offence')} from the list of serious offences with a community "
            f"resolution {when}" + (f": {listed}." if listed else "."))


def indictable_sentence(indictable: int, total: int, national_total: int, when: str) -> str:
    """How many of the area's were indictable only, and the national total. With none in the area
    there is nothing to split, so only the national total is given.

    >>> print(indictable_sentence(1, 1, 1, "in 2017/18"))  # doctest: +NORMALIZE_WHITESPACE
    Of these, one was under codes listed as indictable only (offences tried only in the Crown Court). Across
    England and Wales the list accounts for one community resolution in 2017/18.
    >>> indictable_sentence(0, 0, 593, "in 2017/18")
    'Across England and Wales the list accounts for 593 community resolutions in 2017/18.'
    """
    national = (f"Across England and Wales the list accounts for "
                f"{words.plural(national_total, 'community resolution')} {when}.")
    if not total:
        return national
    how_many = "none" if indictable == 0 else words.number(indictable)
    return (f"Of these, {how_many} {'was' if indictable == 1 else 'were'} under codes listed as indictable only "
            f"(offences tried only in the Crown Court). {national}")


def tell(run: OffenceRun, counts: SeriousCounts) -> None:
    """Record the figures (national and area totals, one per listed code, the indictable-only total,
    each force's total with its rank) and the two sentences."""
    found, area, codes = run.found, run.area, counts.area_codes
    found.add("national_serious_community_resolutions", counts.national_total,
              "England and Wales: community resolutions for listed serious offences")
    total = int(codes["community_resolution"].sum())
    found.add("area_serious_community_resolutions", total,
              f"{area.name}: community resolutions for listed serious offences")
    found.add("area_serious_assigned", int(codes["assigned"].sum()),
              f"{area.name}: outcomes assigned for listed serious offences")
    for row in codes.itertuples():
        found.add(f"area_code_{row.offence_code}", row.community_resolution, f"{area.name}: {row.offence_description}",
                  category=row.category)
    used = [(r.community_resolution, r.offence_description) for r in counts.used.itertuples()]
    found.say(lead_sentence(area.subject, total, used, run.when), lead=True)
    indictable = int(codes.loc[codes["category"] == INDICTABLE_ONLY, "community_resolution"].sum())
    found.add("area_indictable_only_community_resolutions", indictable,
              f"{area.name}: community resolutions for indictable-only offences")
    found.say(indictable_sentence(indictable, total, counts.national_total, run.when))
    for force in area.forces:
        row = counts.per_force.set_index("force").reindex([force]).reset_index().iloc[0]  # no listed offences: no data
        found.add(f"{areas.force_slug(force)}_serious_community_resolutions", row["community_resolution"],
                  f"{force}: community resolutions for listed serious offences", rank=row["rank"])


def code_chart_table(counts: SeriousCounts) -> pd.DataFrame:
    """Per code and force for the area's forces, with the list's description and category (``serious-by-code.csv``)."""
    return counts.by_code_force.merge(counts.listed[LIST_COLUMNS], on="offence_code")


def code_table(run: OffenceRun, counts: SeriousCounts) -> pd.DataFrame:
    """Every listed code with a community resolution in the area or anywhere in England and Wales:
    a column per force, then England and Wales. Codes with none anywhere are left out."""
    wide = counts.by_code_force.pivot_table(index="offence_code", columns="force", values="community_resolution",
                                            aggfunc="sum").reset_index()
    wide.columns.name = None
    wide = counts.listed[LIST_COLUMNS].merge(wide, on="offence_code", how="left")
    national = counts.national_codes.reindex(wide["offence_code"])["community_resolution"]
    wide["England and Wales"] = national.fillna(0).astype(int).to_numpy()
    forces = [force for force in run.area.forces if force in wide.columns]  # a force with no listed rows has no column
    shown = wide[(wide[forces].fillna(0) != 0).any(axis=1) | (wide["England and Wales"] != 0)]
    return shown.rename(columns={"offence_code": "Code", "offence_description": "Offence", "category": "Why listed"})


def force_table(counts: SeriousCounts) -> pd.DataFrame:
    """Every force's count, outcomes, share and rank (``serious-by-force.csv``)."""
    per_force = counts.per_force.copy()
    per_force["share"] = per_force["community_resolution"] / per_force["assigned"]
    return per_force


def chart(run: OffenceRun, counts: SeriousCounts, per_force: pd.DataFrame) -> Chart:
    """Forces ranked by the share of listed offences closed by community resolution, the area's forces highlighted."""
    figure = charts.ranked_bars(per_force, label="force", value="share", highlight=set(run.area.forces),
                                national=counts.national_total / per_force["assigned"].sum(),
                                title=f"Share of listed serious offences closed by community resolution, {run.when}",
                                source=run.source_line(), synthetic=run.synthetic)
    top = per_force.sort_values("share").iloc[-1]
    alt = (f"Bar chart of forces ranked by the share of listed serious offences closed by community resolution, "
           f"{run.when}. Highest: {top['force']} at {words.percent(top['share'])}.")
    return Chart(figure, alt)


def article_check(run: OffenceRun, counts: SeriousCounts, have_data: bool) -> list[str]:
    """Durham's stalking (8Q) and aggravated vehicle taking (37.2) beside the article's four-year figures
    (figures ``article_<id>``), and the article's years these data cannot compute."""
    if not have_data:
        return []
    durham = offences.outcome_counts(counts.rows, ["Durham"], run.offence_years, run.basis, by=["offence_code"])
    by_code = durham.set_index("offence_code")["community_resolution"]
    checks = []
    for claim_id, code in ARTICLE_CODES.items():
        claim = page.published_figures([claim_id]).iloc[0]
        ours = int(by_code.get(code, 0))
        run.found.add(f"article_{claim_id}", ours, f"{claim['figure']}, {run.when} only", published=claim["published"])
        checks.append(run.found.say(article_figure_sentence(claim, run.when, words.number(ours))))
    return checks + article_years_sentences(run.offence_years)
