"""Finding 7's story module (``story.against_article``) and the one rule for "among the lowest", which
notebooks 1, 4 and 7 all use: hand-worked fixtures.

Force × year totals over 2014/15 to 2017/18 (closed basis; everything in 2017/18), worked by hand:

    force         community resolutions   assigned   share   rank
    Durham        400                     4,000      10.0%   1
    Northumbria   300                     6,000       5.0%   2
    Kent          150                     5,000       3.0%   3
    Cleveland      50                     5,000       1.0%   4      bottom quarter: rank > 4 × 3/4 = 3
"""

from __future__ import annotations

import pandas as pd
import pytest

from community_resolutions import areas, metrics, params, reconcile, trends
from community_resolutions.story import against_article, force_rate

YEARS = ["2014/15", "2015/16", "2016/17", "2017/18"]
COUNTS = {"Durham": (400, 4000), "Northumbria": (300, 6000), "Kent": (150, 5000), "Cleveland": (50, 5000)}


def totals() -> pd.DataFrame:
    return pd.DataFrame([{"force": force, "financial_year": year, "basis": "closed",
                          "community_resolution": cr if year == "2017/18" else 0,
                          "assigned": assigned if year == "2017/18" else 0, "source": "fixture", "synthetic": True}
                         for force, (cr, assigned) in COUNTS.items() for year in YEARS])


def claims(named: str) -> pd.DataFrame:
    return pd.DataFrame([{"id": "lowest", "publication": "Northern Echo", "figure": "among the lowest rate",
                          "published": named, "area": "england-and-wales", "years_published": "between 2014 and 2018",
                          "measure": "low_force", "value": named, "qualifier": "exact", "period": "2014/15-2017/18"}])


def offence_table() -> pd.DataFrame:
    return pd.DataFrame({"force": ["Durham"], "financial_year": ["2017/18"], "basis": ["closed"], "quarters": [4]})


@pytest.mark.parametrize("named, consistent", [("Cleveland", True), ("Kent", False), ("Durham", False)])
def test_one_rule_decides_among_the_lowest_in_every_page(named, consistent, monkeypatch):
    """The reconciliation table (notebook 7) and the sentence of notebooks 1 and 4 reach the same verdict."""
    monkeypatch.setattr("community_resolutions.offences.whole_years", lambda table: table)
    row = reconcile.package_figures(claims(named), totals(), offence_table(), "closed").iloc[0]
    assert row["verdict"] == ("consistent" if consistent else "different")
    ranks = {"Cleveland": 4, "Kent": 3, "Durham": 1}
    assert row["package_value"] == (named if consistent else f"{named} ranks {ranks[named]} of 4")
    check = reconcile.check_rank(claims(named).iloc[0].to_dict(), metrics.force_shares(totals(), YEARS, "closed"))
    assert check.consistent is consistent
    assert ("as the article found" in force_rate.rank_claim_sentence(check)) is consistent


def test_the_article_years_are_its_period():
    assert params.parse_years("2014/15-2017/18") == against_article.ARTICLE_YEARS


def test_gaps_note_plurals_and_none():
    assert against_article.gaps_note(["Greater Manchester", "Kent"]) == (
        "Known gaps in the article's period affect two forces (Greater Manchester and Kent); national totals include "
        "their part-years.")
    assert against_article.gaps_note(["Kent"]) == (
        "Known gaps in the article's period affect one force (Kent); national totals include its part-years.")
    assert against_article.gaps_note([]) == "No force has a known gap in the article's period."


def test_growth_note_with_and_without_durham():
    grew = trends.GrowthSummary(compared=42, grew_by_count=["Durham"] + [f"F{i}" for i in range(7)],
                                grew_by_share=["Durham"], left_out=["Kent"])
    assert against_article.growth_note(grew) == (
        "By count, eight of 42 comparable forces grew, and by share one. Durham is among those that grew by count.")
    none = trends.GrowthSummary(compared=1, grew_by_count=[], grew_by_share=[], left_out=[])
    assert against_article.growth_note(none) == ("By count, none of one comparable force grew, and by share none. "
                                                 "Durham is not among those that grew by count.")


def test_summary_with_zero_and_one():
    assert against_article.summary_sentence(1, 1, 0) == (
        "Of the one figure published in 2019, these data confirm one; zero need offence-level data for 2014/15 to "
        "2016/17, which is not present here, and zero cannot be checked or differ (see the table).")
    assert against_article.summary_sentence(22, 0, 10).startswith(
        "Of the 22 figures published in 2019, these data confirm zero; 10 need")


def test_shown_formats_each_kind_of_figure():
    assert against_article.shown({"id": "north-yorkshire-drugs", "package_value": 0.1968}) == "19.7%"
    assert against_article.shown({"id": "sdu-per-year", "package_value": 112345.6}) == "112,346"
    assert against_article.shown({"id": "growth-after-2015", "package_value": 0}) == "0"
    assert against_article.shown({"id": "ne-assaults", "package_value": None}) == "—"
    assert against_article.shown({"id": "lowest", "package_value": "Cleveland ranks 30 of 44"}) == (
        "Cleveland ranks 30 of 44")


def test_about_area_one_and_many():
    assert against_article.about_area_sentence(1, areas.force_area("British Transport Police")) == (
        "One figure in the table is about British Transport Police.")
    assert against_article.about_area_sentence(11, areas.region("north-east")) == (
        "11 figures in the table are about the North East.")


def test_differ_sentence():
    row = {"source": "BBC Shared Data Unit", "figure": "possession of weapons", "published": "some 5,000",
           "verdict": "lower than published", "reason": "A share from 2017/18 only."}
    assert against_article.differ_sentence(row) == (
        "BBC Shared Data Unit, possession of weapons: published some 5,000; lower than published. A share from "
        "2017/18 only.")
