"""Finding 4's story module (``story.region_numbers``): every sentence rule with a hand-worked fixture.

Force × year totals over 2014/15 to 2017/18 (closed basis), worked by hand:

    force         community resolutions   assigned   share   rank
    Durham        400                     4,000      10.0%   1
    Northumbria   300                     6,000       5.0%   2
    Kent          150                     5,000       3.0%   3
    Cleveland      50                     5,000       1.0%   4
    England and Wales: 900 of 20,000 = 4.5%
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from community_resolutions import areas, metrics
from community_resolutions.findings import Findings
from community_resolutions.offence_pages import OffenceRun
from community_resolutions.story import Run, region_numbers

ARTICLE_YEARS = ["2014/15", "2015/16", "2016/17", "2017/18"]
COUNTS = {"Durham": (400, 4000), "Northumbria": (300, 6000), "Kent": (150, 5000), "Cleveland": (50, 5000)}
MIX = {"Assaults": 9, "Burglary": 1, "Drug trafficking": 0, "Sexual offences": 2, "Sexual offences against children": 0}


def totals() -> pd.DataFrame:
    """Each force's count and assigned outcomes all in 2017/18 (the other years hold zeros)."""
    return pd.DataFrame([{"force": force, "financial_year": year, "basis": "closed",
                          "community_resolution": cr if year == "2017/18" else 0,
                          "assigned": assigned if year == "2017/18" else 0, "source": "fixture", "synthetic": True}
                         for force, (cr, assigned) in COUNTS.items() for year in ARTICLE_YEARS])


def claim(id_: str, area: str, measure: str, value: str, qualifier: str, figure: str = "a figure",
          published: str = "published") -> dict[str, str]:
    return {"id": id_, "area": area, "measure": measure, "value": value, "qualifier": qualifier, "figure": figure,
            "published": published, "period": "2014/15-2017/18"}


def make(area: str, years: list[str]) -> region_numbers.RegionNumbers:
    """A RegionNumbers over the fixture, its offence run holding 2017/18 with the mix above (no files read)."""
    where = areas.resolve_area(area)
    run = Run("4-region-in-numbers", where, years, "closed", Path("/tmp/unused"), None, [], area_asked=area)
    found = Findings(run.notebook, {}, synthetic=True)
    offence = OffenceRun(run.notebook, where, years, "closed", pd.DataFrame(), ["2017/18"], [], True, found)
    rn = region_numbers.RegionNumbers(run, offence, totals(), ["fixture"])
    rn.mix = pd.Series(MIX)
    return rn


def test_the_lead_for_a_force_a_region_and_england_and_wales():
    assert region_numbers.total_sentence(areas.force_area("Cleveland"), "in 2017/18", 50, 5000, 0.01, 0.045) == (
        "Cleveland Police closed 50 crimes with a community resolution in 2017/18: 1.0% of all 5,000 outcomes "
        "(England and Wales: 4.5%).")
    assert region_numbers.total_sentence(areas.region("north-east"), "in 2017/18", 1, 10, 0.1, 0.045) == (
        "Police forces in the North East closed one crime with a community resolution in 2017/18: 10.0% of all 10 "
        "outcomes (England and Wales: 4.5%).")
    assert region_numbers.total_sentence(areas.region("england-and-wales"), "in 2017/18", 900, 20000, 0.045,
                                         0.045).endswith("4.5% of all 20,000 outcomes.")


def test_the_mix_with_zero_one_and_children():
    assert region_numbers.mix_sentence("in 2017/18", MIX) == (
        "In 2017/18, community resolutions closed nine assaults, one burglary, no drug trafficking offences and two "
        "sexual offences.")  # no child clause when none were against children
    with_children = {**MIX, "Sexual offences against children": 1}
    assert region_numbers.mix_sentence("from 2017/18 to 2018/19", with_children).endswith(
        "and two sexual offences, one of them against children.")
    assert region_numbers.mix_sentence("from 2017/18 to 2018/19", with_children).startswith("From 2017/18 to 2018/19,")


def test_the_largest_category_and_the_article_sentences():
    assert region_numbers.largest_sentence("Public order offences", 1, 0.5) == (
        "Apart from violence, the largest category was public order offences: one, 50.0% of such offences with an "
        "outcome.")
    assert region_numbers.article_mix_sentence("more than 9,000", "assaults", "in 2017/18", 9) == (
        "The article gave “more than 9,000” for assaults over four years; in 2017/18 alone these data give nine.")


def test_the_article_over_its_own_years_and_over_others():
    rn = make("north-east", ARTICLE_YEARS)
    region_numbers.totals(rn)  # North East: 400 + 300 + 50 = 750 of 15,000 = 5.0%
    assert rn.offence.found.sentences[0].startswith("Police forces in the North East closed 750 crimes")
    claims = pd.DataFrame([claim("ne-total", "north-east", "community_resolution", "700", "more than",
                                 figure="community resolutions in the North-East", published="more than 700"),
                           claim("ne-assaults", "north-east", "mix:Assaults", "9000", "more than", figure="assaults",
                                 published="more than 9,000"),
                           claim("elsewhere", "wales", "share", "0.04", "rounded")])
    lines = region_numbers.against_article(rn, claims).lines
    assert lines == [("The article gave “more than 700” for community resolutions in the North-East; these data "
                      "give 750 from 2014/15 to 2017/18 (consistent)."),
                     ("The article gave “more than 9,000” for assaults over four years; in 2017/18 alone these data "
                      "give nine.")]
    other = make("north-east", ["2017/18"])
    region_numbers.totals(other)
    assert region_numbers.against_article(other, claims).lines[0].endswith(
        "these data give 750 in 2017/18 (not like for like: in 2017/18).")


@pytest.mark.parametrize("named, rank, verdict, ending", [
    ("Cleveland", 4, "consistent", "here it is the lowest of 4 forces, in the bottom quarter, as the article found."),
    ("Kent", 3, "different", "here it is the second lowest of 4 forces, not in the bottom quarter."),  # 3 > 3 false
])
def test_among_the_lowest_on_the_england_and_wales_page(named, rank, verdict, ending):
    rn = make("england-and-wales", ARTICLE_YEARS)
    region_numbers.totals(rn)
    claims = pd.DataFrame([claim("lowest", "england-and-wales", "low_force", named, "exact")])
    lines = region_numbers.against_article(rn, claims).lines
    assert lines == [f"It said {named} had among the lowest rates; {ending}"]
    figure = rn.offence.found.figures["article_lowest_rank"]
    assert (figure["value"], figure["verdict"]) == (rank, verdict)


def test_rank_claims_are_only_judged_on_the_england_and_wales_page():
    rn = make("Durham", ARTICLE_YEARS)
    region_numbers.totals(rn)
    claims = pd.DataFrame([claim("top", "england-and-wales", "top_force", "Durham", "exact")])
    assert region_numbers.against_article(rn, claims).lines == []
    assert metrics.force_shares(totals(), ARTICLE_YEARS, "closed")["force"].iloc[0] == "Durham"
