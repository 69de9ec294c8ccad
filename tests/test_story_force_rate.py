"""Finding 1's story module (``story.force_rate``): every sentence rule with a hand-worked fixture.

The small table below is worked by hand: over 2016/17 and 2017/18 (closed basis)

    force                      community resolutions   assigned   share    rank
    Durham                     30 + 30 = 60            600        10.0%    1
    Northumbria                20 + 20 = 40            800         5.0%    2
    British Transport Police    3 +  3 =  6            200         3.0%    3
    Cleveland                   5 +  5 = 10            500         2.0%    4
    England and Wales          116                     2,100       5.524%  (shown 5.5%)

The North East (Cleveland, Durham, Northumbria): 110 of 1,900 = 5.789% (shown 5.8%).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from community_resolutions import areas, metrics, reconcile
from community_resolutions.story import Run, force_rate

YEARS = ["2016/17", "2017/18"]
COUNTS = {"Durham": (30, 300), "Northumbria": (20, 400), "British Transport Police": (3, 100), "Cleveland": (5, 250)}


def totals() -> pd.DataFrame:
    rows = [{"force": force, "financial_year": year, "basis": "closed", "community_resolution": cr,
             "assigned": assigned, "source": "fixture", "synthetic": True}
            for force, (cr, assigned) in COUNTS.items() for year in YEARS]
    return pd.DataFrame(rows)


def make(area: str, gap_force: str | None = None) -> force_rate.ForceRate:
    """A ForceRate over the fixture, as :func:`force_rate.load` would build it (no files read)."""
    where = areas.resolve_area(area)
    run = Run("1-force-rate", where, YEARS, "closed", Path("/tmp/unused"), None, [], area_asked=area)
    table = totals()
    period_gaps = pd.DataFrame({"force": [gap_force] if gap_force else [], "financial_year": ["2016/17"] if gap_force
                                else [], "note": ["Cleveland: part-year in 2016/17."] if gap_force else []})
    found = run.findings(True)
    found.warnings = list(period_gaps.loc[period_gaps["force"].isin(where.forces), "note"])
    return force_rate.ForceRate(run, table, period_gaps, found, ["fixture"], True,
                                metrics.force_shares(table, YEARS, "closed"),
                                metrics.national_total(table, YEARS, "closed"))


# --- plain sentence rules -----------------------------------------------------------------------------------------

def test_crimes_is_singular_for_one_only():
    assert force_rate.crimes(1) == "one crime"
    assert force_rate.crimes(0) == "zero crimes"
    assert force_rate.crimes(2) == "two crimes"
    assert force_rate.crimes(35212) == "35,212 crimes"


def test_a_region_above_and_below_england_and_wales():
    north_east = areas.region("north-east")
    assert force_rate.area_sentence(north_east, "in 2017/18", 110, 1900, 110 / 1900, 116 / 2100) == (
        "Police forces in the North East resolved 110 crimes with a community resolution in 2017/18: 5.8% of all "
        "1,900 outcomes they assigned, above the England and Wales figure of 5.5%.")
    assert force_rate.area_sentence(north_east, "in 2017/18", 1, 50, 0.02, 0.055).endswith(
        "resolved one crime with a community resolution in 2017/18: 2.0% of all 50 outcomes they assigned, below the "
        "England and Wales figure of 5.5%.")


def test_england_and_wales_is_not_compared_with_itself():
    text = force_rate.area_sentence(areas.region("england-and-wales"), "in 2017/18", 116, 2100, 116 / 2100, 116 / 2100)
    assert text == ("Police forces in England and Wales resolved 116 crimes with a community resolution in 2017/18: "
                    "5.5% of all 2,100 outcomes they assigned.")


def test_a_force_ranked_from_the_nearer_end_with_its_region():
    north_east = areas.region("north-east")
    assert force_rate.force_sentence("Cleveland", "in 2017/18", 10, 500, 0.02, 38, 44, 0.055, north_east, 3) == (
        "Cleveland Police resolved 10 crimes with a community resolution in 2017/18: 2.0% of the 500 outcomes it "
        "assigned, the seventh lowest of 44 forces (England and Wales: 5.5%). Within the North East it ranked third "
        "of three.")


def test_one_crime_and_no_region_for_british_transport_police():
    text = force_rate.force_sentence("British Transport Police", "in 2017/18", 1, 200, 0.005, 44, 44, 0.05)
    assert text == ("British Transport Police resolved one crime with a community resolution in 2017/18: 0.5% of "
                    "the 200 outcomes it assigned, the lowest of 44 forces (England and Wales: 5.0%).")


def test_the_latest_year_first_and_later_sentences():
    first = force_rate.latest_force_sentence("Durham", "2025/26", 60, 600, 0.1, 1, 44, 0.03)
    assert first == ("In 2025/26, the latest year the data hold, Durham Constabulary resolved 60 crimes with a "
                     "community resolution: 10.0% of the 600 outcomes it assigned. That was the highest of 44 forces "
                     "(England and Wales: 3.0%).")
    later = force_rate.latest_force_sentence("Cleveland", "2025/26", 10, 500, 0.02, 43, 44, 0.03,
                                             earlier="2.5% from 2014/15 to 2017/18", first=False)
    assert later == ("In 2025/26, Cleveland Police resolved 10 crimes with a community resolution: 2.0% of the 500 "
                     "outcomes it assigned, against 2.5% from 2014/15 to 2017/18. That was the second lowest of 44 "
                     "forces (England and Wales: 3.0%).")


def test_funnel_summary_all_one_few_and_most():
    assert force_rate.funnel_summary(44, 44, "in 2017/18").startswith(
        "All 44 forces are outside the outer (99.8%) limits in 2017/18. With this many outcomes chance explains")
    assert force_rate.funnel_summary(1, 44, "in 2017/18") == (
        "Of the 44 forces, one is outside the outer (99.8%) limits in 2017/18.")
    assert force_rate.funnel_summary(0, 44, "in 2017/18") == (
        "Of the 44 forces, zero are outside the outer (99.8%) limits in 2017/18.")
    assert "chance explains little" in force_rate.funnel_summary(23, 44, "in 2017/18")  # 23 > 22, more than half
    assert "chance explains little" not in force_rate.funnel_summary(22, 44, "in 2017/18")  # exactly half


def test_among_forces_one_two_none_and_at_most_six_within():
    assert force_rate.among_forces_sentence([("Durham", "above"), ("Cleveland", "below")], []) == (
        "Allowing for the usual spread between forces, only two forces stand out: Durham (above) and Cleveland "
        "(below).")
    seven = [f"F{i}" for i in range(7)]
    assert force_rate.among_forces_sentence([], seven) == (
        "Allowing for the usual spread between forces, no force stands out. F0, F1, F2, F3, F4 and F5 are within "
        "that range.")


def test_highest_and_revision_sentences():
    assert force_rate.highest_sentence("in 2017/18", "Durham", 0.1) == (
        "The highest share in England and Wales in 2017/18 was Durham's, at 10.0%.")
    assert force_rate.revision_sentence("North East", 1000, 1012) == (
        "The Home Office has revised its 2017/18 figures since the article: the 2019 file gives North East 1,000 "
        "community resolutions that year, the 2024 republication 1,012 (+12). This page uses the newer figures.")
    # British Transport Police's 2017/18 count (359) is the same in both files: no "revised ... (+0)"
    assert force_rate.revision_sentence("British Transport Police", 359, 359) == (
        "The Home Office's 2024 republication gives British Transport Police the same 359 community resolutions "
        "for 2017/18 as the 2019 file the article used.")


# --- "among the lowest": one rule for every page ------------------------------------------------------------------

@pytest.mark.parametrize("rank, of, lowest", [
    (44, 44, True), (34, 44, True), (33, 44, False),  # 44 forces: the bottom quarter is ranks 34 to 44 (11 forces)
    (4, 4, True), (3, 4, False),  # four forces: only the last
    (1, 1, True),  # a single force is the lowest as well as the highest
])
def test_among_the_lowest_is_the_bottom_quarter(rank, of, lowest):
    assert reconcile.among_the_lowest(rank, of) is lowest


def test_check_rank_counts_only_ranked_forces_and_ties_share_the_top():
    ranked = pd.DataFrame({"force": ["A", "B", "C", "D", "E"], "rank": pd.array([1, 1, 3, 4, pd.NA], dtype="Int64")})
    tied = reconcile.check_rank({"measure": "top_force", "value": "B"}, ranked)
    assert (tied.rank, tied.of, tied.top, tied.consistent) == (1, 4, "A", True)  # E has no share: 4 ranked
    low = reconcile.check_rank({"measure": "low_force", "value": "C"}, ranked)
    assert (low.consistent, low.value) == (False, "C ranks 3 of 4")  # 3 > 4 × 3/4 is false


def test_rank_claim_sentences():
    ranked = metrics.force_shares(totals(), YEARS, "closed")
    top = reconcile.check_rank({"measure": "top_force", "value": "Northumbria"}, ranked)
    assert force_rate.rank_claim_sentence(top) == (
        "The article named Northumbria as the force most likely to use community resolutions. Here Northumbria is "
        "the second highest of 4 forces; the highest here is Durham.")
    low = reconcile.check_rank({"measure": "low_force", "value": "Cleveland"}, ranked)
    assert force_rate.rank_claim_sentence(low) == (
        "It said Cleveland had among the lowest rates; here it is the lowest of 4 forces, in the bottom quarter, as "
        "the article found.")
    not_low = reconcile.check_rank({"measure": "low_force", "value": "British Transport Police"}, ranked)
    assert force_rate.rank_claim_sentence(not_low) == (
        "It said British Transport Police had among the lowest rates; here it is the second lowest of 4 forces, not "
        "in the bottom quarter.")


# --- the parts of the page over the fixture -----------------------------------------------------------------------

def test_the_period_for_a_force_with_a_region():
    fr = make("Durham")
    lines = force_rate.the_period(fr).lines
    assert lines == [("Durham Constabulary resolved 60 crimes with a community resolution from 2016/17 to 2017/18: "
                      "10.0% of the 600 outcomes it assigned, the highest of 4 forces (England and Wales: 5.5%). "
                      "Within the North East it ranked first of three.")]
    figures = fr.found.figures
    assert figures["durham_share"]["value"] == pytest.approx(0.1)
    assert figures["durham_share"]["numerator"] == "durham_community_resolutions"
    assert (figures["durham_rank"]["value"], figures["durham_rank_in_region"]["value"]) == (1, 1)
    assert figures["national_community_resolutions"]["value"] == 116
    assert figures["forces_ranked"]["value"] == 4
    assert figures["durham_gap_years"]["value"] == []


def test_british_transport_police_has_no_region_rank():
    fr = make("British Transport Police")
    lines = force_rate.the_period(fr).lines
    assert lines == [("British Transport Police resolved six crimes with a community resolution from 2016/17 to "
                      "2017/18: 3.0% of the 200 outcomes it assigned, the second lowest of 4 forces (England and "
                      "Wales: 5.5%)."),
                     "The highest share in England and Wales from 2016/17 to 2017/18 was Durham's, at 10.0%."]
    assert "british-transport-police_rank_in_region" not in fr.found.figures


def test_a_region_with_a_force_with_a_gap():
    fr = make("north-east", gap_force="Cleveland")
    lines = force_rate.the_period(fr).lines
    assert lines[0] == ("Police forces in the North East resolved 110 crimes with a community resolution from "
                        "2016/17 to 2017/18: 5.8% of all 1,900 outcomes they assigned, above the England and Wales "
                        "figure of 5.5%.")
    assert len(lines) == 4  # the lead, then one sentence per force; Durham, the highest, is one of them
    assert fr.found.figures["cleveland_gap_years"]["value"] == ["2016/17"]
    assert fr.found.warnings == ["Cleveland: part-year in 2016/17."]
    ranked = force_rate.ranked_chart(fr)
    data = fr.found.charts["ranked-forces"]
    assert data.loc[data["force"] == "Cleveland", "known_gap"].item() is True
    assert sorted(data.loc[data["in_area"], "force"]) == ["Cleveland", "Durham", "Northumbria"]
    table = next(iter(ranked.tables.values()))
    assert table["Share"].tolist() == ["10.0%", "5.0%", "2.0%"]
    # the rank column says which end is 1, so it reads beside "the second lowest" in the sentences
    assert table.columns[-1] == "Rank of 4 (1\u00a0=\u00a0highest)"
    assert table.iloc[0, -1] == 1  # Durham, 10.0%, the highest of the four
    assert ranked.charts[0].alt.startswith("Bar chart of 4 forces ranked by community resolutions")


def test_the_funnel_records_each_forces_position():
    fr = make("Durham")
    part = force_rate.out_of_line(fr)
    data = fr.found.charts["funnel"]
    assert list(data.columns[-3:]) == ["in_area", "known_gap", "position_among_forces"]
    # Durham: p = 116/2100, n = 600, standard error sqrt(p(1-p)/600) = 0.00933; (0.1 - 0.0552) / 0.00933 = 4.8
    assert fr.found.figures["durham_funnel_position"]["value"] == "above_998"
    assert fr.found.figures["durham_funnel_position"]["z"] == pytest.approx(4.8)
    assert part.lines[0].startswith("Durham Constabulary's share, 10.0%, is far above what chance alone would give")


def test_the_latest_year_opening_repeat_end_and_neither():
    assert force_rate.latest_opening(["2025/26"], "2025/26") == (
        "The figures above are for 2025/26, the latest year the data hold.")
    assert force_rate.latest_opening(["2014/15", "2025/26"], "2025/26") == (
        "The years on this page run to 2025/26, the latest year the data hold. That year on its own:")
    assert force_rate.latest_opening(["2014/15", "2015/16"], "2025/26") == ""
    assert force_rate.latest_highest_sentence("2025/26", "Cleveland", 0.021) == (
        "The highest share in 2025/26 was Cleveland's, at 2.1%.")
