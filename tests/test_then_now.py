"""then_now.py: the latest year the data hold against the 2019 article's years, on hand-made tables
with hand-worked figures (a force, a region, England and Wales, a gap year, a missing latest year)."""

from __future__ import annotations

import pandas as pd
import pytest

from community_resolutions import metrics, then_now, trends

ARTICLE = list(trends.ARTICLE_YEARS)
YEARS = ARTICLE + ["2018/19", "2025/26"]


def totals() -> pd.DataFrame:
    """Three forces: A high then, low now; B low then, high now; C has no 2025/26 outcomes."""
    rows = []
    for year in YEARS:
        rows.append(("A", year, 30 if year in ARTICLE else 2, 100))   # 4 x 30 / 400 = 30%; 2025/26 2/100 = 2%
        rows.append(("B", year, 5 if year in ARTICLE else 10, 100))   # 20 / 400 = 5%; 2025/26 10%
        rows.append(("C", year, 10, 0 if year == "2025/26" else 100))  # 10%; no outcomes in 2025/26
    frame = pd.DataFrame(rows, columns=["force", "financial_year", "community_resolution", "assigned"])
    return frame.assign(diversionary_activity=0, basis="closed")


def gaps(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["force", "financial_year", "basis"])
    for column in ["quarters_missing", "kind", "note", "source"]:
        frame[column] = ""
    return frame


KNOWN = gaps([("B", "2014/15", "both"), ("C", "2025/26", "closed")])
SERIES = [("A", "force", ("A",)), ("B", "force", ("B",)), ("C", "force", ("C",)),
          ("Region", "area", ("A", "B")), ("England and Wales", "national", ("A", "B", "C"))]


@pytest.fixture(scope="module")
def table():
    return trends.series_table(totals(), SERIES, YEARS, "closed", KNOWN)


def ranks():
    t = totals()
    return {"ranks_then": metrics.force_shares(t, ARTICLE, "closed"), "ranks_now": metrics.force_shares(t, ["2025/26"], "closed")}


def test_a_force_that_fell_from_highest_to_lowest(table):
    r = then_now.then_and_now(table, "A", **ranks())
    assert (r.community_resolutions_then, r.assigned_then, r.share_then) == (120, 400, pytest.approx(0.30))
    assert (r.community_resolutions_now, r.assigned_now, r.share_now) == (2, 100, pytest.approx(0.02))
    # then: A 30%, C 10%, B 5% of 3 forces; now: B 10%, A 2% of the 2 with outcomes (C has none)
    assert (r.rank_then, r.ranked_then, r.rank_now, r.ranked_now) == (1, 3, 2, 2)
    assert r.change_points == pytest.approx(-28.0)
    assert then_now.sentence(r, "A Police") == (
        "In 2025/26, the latest year the data hold, A Police closed 2.0% of its outcomes with a community resolution, "
        "down from 30.0% over 2014/15 to 2017/18, the years of the 2019 article. Its share was the highest of 3 forces "
        "then and the lowest of 2 forces in 2025/26.")


def test_a_force_with_a_gap_year_in_the_article_years(table):
    r = then_now.then_and_now(table, "B", **ranks())
    assert r.gaps_then == (("2014/15", "B"),) and not r.latest_flagged
    text = then_now.sentence(r, "B Police")
    assert "up from 5.0% over 2014/15 to 2017/18" in text
    assert "the lowest of 3 forces then and the highest of 2 forces in 2025/26" in text
    assert text.endswith("Read with care: its 2014/15 figure has a known gap, so the 2014/15 to 2017/18 share "
                         "includes an undercount (see the notes above).")


def test_a_force_whose_latest_year_is_missing(table):
    r = then_now.then_and_now(table, "C", **ranks())
    assert r.share_now is None and r.rank_now is None and r.latest_flagged
    assert r.change_points is None
    assert then_now.sentence(r, "C Police") == (
        "C Police has no figures for 2025/26, the latest year the data hold (a known gap in the data, not an absence "
        "of community resolutions); over 2014/15 to 2017/18, the years of the 2019 article, it closed 10.0% of its "
        "outcomes with a community resolution, the second highest of 3 forces.")


def test_a_region_sums_its_forces_and_names_their_gaps(table):
    r = then_now.then_and_now(table, "Region")
    # (120 + 20) / 800 = 17.5% then; (2 + 10) / 200 = 6% now; no rank for a region
    assert r.share_then == pytest.approx(0.175) and r.share_now == pytest.approx(0.06)
    assert r.rank_then is None and r.ranked_then is None
    text = then_now.sentence(r, "Police forces in the region", "their")
    assert text.startswith("In 2025/26, the latest year the data hold, police forces in the region closed 6.0% of their "
                           "outcomes with a community resolution, down from 17.5% over 2014/15 to 2017/18")
    assert "Its share was" not in text
    assert "the 2014/15 to 2017/18 total includes B, whose 2014/15 figures have a known gap" in text


def test_england_and_wales_counts_a_force_with_no_latest_figures_as_a_gap(table):
    r = then_now.then_and_now(table, "England and Wales")
    # then (120 + 20 + 40) / 1200 = 15%; now (2 + 10 + 10) / 200 = 11% (C's 10 with no assigned outcomes still counts)
    assert r.share_then == pytest.approx(0.15) and r.share_now == pytest.approx(0.11)
    text = then_now.sentence(r, "Forces in England and Wales", "their")
    assert "down from 15.0%" in text
    assert "the 2025/26 total includes C, whose 2025/26 figures have a known gap" in text
    assert text.startswith("In 2025/26, the latest year the data hold, forces in England and Wales closed")


def test_same_share_and_rank_as_printed():
    rows = [("A", y, 10, 100) for y in YEARS] + [("B", y, 20, 100) for y in YEARS]
    t = pd.DataFrame(rows, columns=["force", "financial_year", "community_resolution", "assigned"]).assign(
        diversionary_activity=0, basis="closed")
    table = trends.series_table(t, [("A", "force", ("A",))], YEARS, "closed", gaps([]))
    r = then_now.then_and_now(table, "A", ranks_then=metrics.force_shares(t, ARTICLE, "closed"),
                              ranks_now=metrics.force_shares(t, ["2025/26"], "closed"))
    text = then_now.sentence(r, "A")
    assert "the same as 10.0% over" in text and "Its share was the lowest of 2 forces both then and in 2025/26." in text


def test_figures_name_every_number_of_the_sentence(table):
    r = then_now.then_and_now(table, "A", **ranks())
    found = {key: (value, details) for key, value, _, details in then_now.figures(r, "durham")}
    assert found["durham_article_years_share"][0] == pytest.approx(0.30)
    assert found["durham_latest_held_share"][0] == pytest.approx(0.02)
    assert found["durham_article_years_rank"] == (1, {"forces_ranked": 3})
    assert found["durham_latest_held_rank"] == (2, {"forces_ranked": 2})
    assert found["durham_latest_held_change_points"][0] == pytest.approx(-28.0)
    region = {key for key, *_ in then_now.figures(then_now.then_and_now(table, "Region"), "area")}
    assert "area_article_years_rank" not in region and "area_latest_held_share" in region


def test_a_table_without_the_latest_or_article_years_is_refused(table):
    with pytest.raises(ValueError, match="no row for 2014/15"):
        then_now.then_and_now(table[table["financial_year"] != "2014/15"], "A")
    with pytest.raises(ValueError, match="no series 'Z'"):
        then_now.then_and_now(table, "Z")


def test_several_forces_with_gaps_are_listed_by_year():
    table = trends.series_table(totals(), SERIES, YEARS, "closed",
                                gaps([("A", "2014/15", "both"), ("B", "2014/15", "both"), ("C", "2016/17", "both")]))
    text = then_now.sentence(then_now.then_and_now(table, "England and Wales"), "Forces in England and Wales", "their")
    assert ("the 2014/15 to 2017/18 total includes forces with a known gap: A and B in 2014/15; C in 2016/17") in text
