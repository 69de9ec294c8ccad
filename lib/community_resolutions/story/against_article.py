"""Finding 7: every figure published in 2019 against these data, with the verdict and the reason.

The notebook ``7-against-the-article`` calls, in order:

* :func:`load` for the force × year totals and every offence-level year, and the notes to read first
  (:func:`gaps_note` names the forces with a known gap in the article's period);
* :func:`reconciliation` for each published figure computed the way its ``measure`` says
  (:func:`reconcile.package_figures`; "among the lowest" by :func:`reconcile.among_the_lowest`, the
  rule notebooks 1 and 4 use too), with "growth after 2015" from :func:`growth_note`;
* :func:`reconciliation_table` for the table a reader checks, each figure formatted by :func:`shown`.

Sentence rules are tested in ``tests/test_story_against_article.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .. import areas, gaps, memo, offences, outcomes, reconcile, trends, words
from ..findings import Findings
from . import Run, Section

ARTICLE_YEARS = ["2014/15", "2015/16", "2016/17", "2017/18"]  # "between 2014 and 2018", as financial years
GROWTH_YEARS = ("2015/16", "2017/18")  # "grew after 2015": 2017/18 against 2015/16
SHARE_IDS = ("north-yorkshire-drugs", "ne-share", "sdu-share")  # published shares whose id does not say "share"
TABLE_COLUMNS = {"source": "Published by", "figure": "Figure", "published": "Published", "package": "These data",
                 "years_used": "Years used", "verdict": "Verdict", "reason": "Why"}


@dataclass
class AgainstArticle:
    """The run, both tables and the findings; ``result`` is the reconciliation once made."""

    run: Run
    totals: pd.DataFrame
    table: pd.DataFrame  # every offence-level year
    found: Findings
    sources: list[str]
    synthetic: bool
    result: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: What the loaders read (:func:`outcomes.data_key`), set by :func:`load`: the reconciliation, the
    #: same for every area, is then worked out once per process (:mod:`..memo`). ``None``: every time.
    data_key: tuple | None = None


def gaps_note(affected: list[str]) -> str:
    """The forces with a known gap in the article's period, which national totals still include.

    >>> gaps_note(["Kent", "Durham"])
    "Known gaps in the article's period affect two forces (Kent and Durham); national totals include their part-years."
    >>> gaps_note(["Kent"])
    "Known gaps in the article's period affect one force (Kent); national totals include its part-years."
    >>> gaps_note([])
    "No force has a known gap in the article's period."
    """
    if not affected:
        return "No force has a known gap in the article's period."
    one = len(affected) == 1
    return (f"Known gaps in the article's period affect {words.plural(len(affected), 'force')} "
            f"({words.listing(affected)}); national totals include {'its' if one else 'their'} part-years.")


def load(run: Run) -> AgainstArticle:
    """Read both tables; the notes say each published figure is checked over its own period, and which
    forces have a known gap in the article's."""
    totals = outcomes.load_totals(mirror=run.mirror, files=run.files)
    table = offences.load_offence_level(mirror=run.mirror, files=run.files)
    synthetic = run.user_files_synthetic or bool(totals["synthetic"].any() or table["synthetic"].any())
    sources = sorted(set(totals["source"]) | set(table["source"]))
    found = run.findings(synthetic)
    found.sources = [{"id": s, "used_for": "reconciliation with the 2019 figures"} for s in sources]
    notes = [("Each published figure is checked over its own period (the article's \"between 2014 and 2018\" is "
              "read as the financial years 2014/15 to 2017/18), whatever years this page was asked for.")]
    if run.years != ARTICLE_YEARS:
        notes.append(f"This page was run for {run.when}; the reconciliation still uses the article's own period.")
    period_gaps = gaps.gaps_for(gaps.known_gaps(mirror=run.mirror), areas.all_forces(), ARTICLE_YEARS, run.basis)
    notes.append(gaps_note(sorted(set(period_gaps["force"]))))
    found.warnings = notes
    return AgainstArticle(run, totals, table, found, sources, synthetic,
                          data_key=run.data_key)


def growth_note(summary: trends.GrowthSummary) -> str:
    """How many comparable forces grew, by count and by share, and whether Durham did.

    >>> growth_note(trends.GrowthSummary(compared=40, grew_by_count=["Durham", "Kent"], grew_by_share=["Kent"],
    ...                                  left_out=[]))
    'By count, two of 40 comparable forces grew, and by share one. Durham is among those that grew by count.'
    """
    def how_many(n: int) -> str:
        return "none" if n == 0 else words.number(n)

    forces = "force" if summary.compared == 1 else "forces"
    return (f"By count, {how_many(len(summary.grew_by_count))} of {words.number(summary.compared)} comparable {forces} "
            f"grew, and by share {how_many(len(summary.grew_by_share))}. Durham "
            f"{'is' if 'Durham' in summary.grew_by_count else 'is not'} among those that grew by count.")


def summary_sentence(published: int, consistent: int, not_comparable: int) -> str:
    """The lead: how many published figures these data confirm, how many need years not present, the rest.

    >>> summary_sentence(22, 5, 10)
    'Of the 22 figures published in 2019, these data confirm five; 10 need offence-level data for 2014/15 to \
2016/17, which is not present here, and seven cannot be checked or differ (see the table).'
    """
    return (f"Of the {words.plural(published, 'figure')} published in 2019, these data confirm "
            f"{words.number(consistent)}; {words.number(not_comparable)} need offence-level data for 2014/15 to "
            f"2016/17, which is not present here, and {words.number(published - consistent - not_comparable)} cannot "
            "be checked or differ (see the table).")


def differ_sentence(row: Mapping[str, Any]) -> str:
    """One published figure these data do not confirm, with the reason.

    >>> differ_sentence({"source": "Northern Echo", "figure": "drugs trafficking", "published": "92",
    ...                  "verdict": "different", "reason": "Revised since."})
    'Northern Echo, drugs trafficking: published 92; different. Revised since.'
    """
    return f"{row['source']}, {row['figure']}: published {row['published']}; {row['verdict']}. {row['reason']}"


def reconciliation(aa: AgainstArticle, claims: pd.DataFrame) -> Section:
    """Every published figure (``claims``: :func:`page.published_figures`) against these data, recorded as
    ``article_<id>``; growth between 2015/16 and 2017/18 kept as chart data."""
    found, basis = aa.found, aa.run.basis

    def national() -> tuple[pd.DataFrame, pd.DataFrame]:  # the same for every area
        growth_table = trends.growth(aa.totals, *GROWTH_YEARS, basis, gaps.known_gaps(mirror=aa.run.mirror))
        growth = trends.summarise_growth(growth_table)
        return growth_table, reconcile.package_figures(claims, aa.totals, aa.table, basis, forces_grew=len(
            growth.grew_by_count), growth_note=growth_note(growth))

    key = None if aa.data_key is None else (aa.data_key, basis, claims.to_csv(index=False))
    growth_table, result = memo.once("against_article.reconciliation", key, national)
    found.chart("growth-2015-16-to-2017-18", growth_table)
    aa.result = result
    for row in result.itertuples():
        found.add(f"article_{row.id}", row.package_value, row.figure, published=row.published,
                  verdict=row.verdict, years=row.years_used)
    counts = result["verdict"].value_counts()
    consistent, not_comparable = int(counts.get("consistent", 0)), int(counts.get("not comparable", 0))
    found.add("figures_published", len(result), "published figures checked")
    found.add("figures_consistent", consistent, "published figures these data confirm")
    found.add("figures_not_comparable", not_comparable,
              "published figures that need offence-level data for years not present")
    found.say(summary_sentence(len(result), consistent, not_comparable), lead=True)
    for row in result[~result["verdict"].isin(["consistent", "not comparable"])].to_dict("records"):
        found.say(differ_sentence(row))
    return Section(lines=list(found.sentences))


def shown(row: Mapping[str, Any]) -> str:
    """The package's figure as the table shows it: a dash when there is none, a share as a percentage,
    a count with thousands separators.

    >>> shown({"id": "ne-total", "package_value": 35212.0}), shown({"id": "ne-share", "package_value": 0.0375})
    ('35,212', '3.8%')
    >>> shown({"id": "x", "package_value": float("nan")}), shown({"id": "top", "package_value": "Durham"})
    ('—', 'Durham')
    """
    value = row["package_value"]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, str):
        return value
    if "share" in str(row["id"]) or row["id"] in SHARE_IDS:
        return words.percent(value)
    return f"{round(value):,}"


def about_area_sentence(count: int, area: areas.Area) -> str:
    """How many rows of the table are about the page's area.

    >>> about_area_sentence(1, areas.force_area("Durham")), about_area_sentence(6, areas.region("north-east"))
    ('One figure in the table is about Durham Constabulary.', 'Six figures in the table are about the North East.')
    """
    text = f"{words.plural(count, 'figure')} in the table {'is' if count == 1 else 'are'} about {area.in_sentence}."
    return text[0].upper() + text[1:]


def reconciliation_table(aa: AgainstArticle) -> Section:
    """The table (chart data ``reconciliation``), then the offence-level years missing from the article's
    period and, away from the England and Wales page, how many rows are about the page's area."""
    run, result = aa.run, aa.result
    aa.found.chart("reconciliation", result)
    view = result.assign(package=[shown(row) for row in result.to_dict("records")])
    table = view[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    missing = offences.missing_years_sentence(offences.split_years(list(ARTICLE_YEARS), aa.table)[1])
    lines = [missing] if missing else []
    about = result[result["area"].isin([run.area.slug] + [areas.force_slug(f) for f in run.area.forces])]
    if len(about) and run.area.slug != "england-and-wales":
        lines.append(about_area_sentence(len(about), run.area))
    return Section(lines=lines, tables={f"The 2019 figures against the Home Office data ({run.basis} basis)": table})

