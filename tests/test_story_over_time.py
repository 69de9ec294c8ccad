"""story/over_time.py (notebook 5) on hand-made totals: every sentence rule with the figures worked
out by hand in the comments, never copied from the code's output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from community_resolutions import story
from community_resolutions.story import over_time

CLOSED = "closed"
REGION = "north-east-and-north-yorkshire"
NBSP = "\u00a0"


def totals(rows: list[tuple[str, str, int, int, int]]) -> pd.DataFrame:
    """(force, year, community resolutions, type 22, assigned) rows on the closed basis."""
    frame = pd.DataFrame(rows, columns=["force", "financial_year", "community_resolution", "diversionary_activity",
                                        "assigned"])
    return frame.assign(basis=CLOSED, source="force-year-totals", synthetic=False)


def known(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """(force, year) known gaps on both bases, each with its own note."""
    frame = pd.DataFrame(rows, columns=["force", "financial_year"])
    return frame.assign(basis="both", quarters_missing=1, kind="part-year",
                        note=[f"{force} {year} is a part-year." for force, year in rows], source="test")


def make(tmp_path: Path, area: str, years: str, rows: list[tuple[str, str, int, int, int]],
         gaps: list[tuple[str, str]] | None = None) -> over_time.OverTime:
    run = story.start("5-over-time", area, years, CLOSED, output_dir=str(tmp_path))
    return over_time.prepare(run, totals(rows), known(gaps or []))


def said(data: over_time.OverTime) -> list[str]:
    found = over_time.findings(data)
    return over_time.tell_years(found, data)


# --------------------------------------------------------------------------- a single force


def test_force_count_rose_but_share_fell(tmp_path):
    data = make(tmp_path, "Durham", "2017/18-2018/19", [
        ("Durham", "2017/18", 100, 0, 1000), ("Durham", "2018/19", 120, 0, 2000),
        ("Kent", "2017/18", 50, 0, 1000), ("Kent", "2018/19", 40, 0, 1000)])
    found = over_time.findings(data)
    lines = over_time.tell_years(found, data)
    # Durham 100/1000 = 10.0% -> 120/2000 = 6.0%: more crimes, smaller share. England and Wales
    # 150/2000 = 7.5% -> 160/3000 = 5.33% (5.3%): the count rose too, so "also rose".
    assert lines == [
        ("Durham Constabulary resolved 120 crimes with a community resolution in 2018/19: 6.0% of the 2,000 outcomes "
        "it assigned, up from 100 (10.0%) in 2017/18, the last year the 2019 investigation covered, though the "
        "share fell."),
        ("In England and Wales as a whole community resolutions also rose, from 150 (7.5% of outcomes) in 2017/18 "
        "to 160 (5.3%) in 2018/19."),
    ]  # two years: no peak; before 2019/20: no type 22 sentence
    assert found.figures["latest_year"]["value"] == "2018/19"
    assert found.figures["comparison_year"]["value"] == "2017/18"
    assert found.warnings == []  # no gaps, and nothing held from 2019/20


def test_force_one_crime_and_england_and_wales_went_the_other_way(tmp_path):
    data = make(tmp_path, "Durham", "2017/18-2018/19", [
        ("Durham", "2017/18", 5, 0, 100), ("Durham", "2018/19", 1, 0, 100),
        ("Kent", "2017/18", 10, 0, 100), ("Kent", "2018/19", 20, 0, 100)])
    # Durham 5 -> 1 (5.0% -> 1.0%): down, and the share fell too (no "though"); one crime, singular,
    # numbers under ten in words. England and Wales 15/200 = 7.5% -> 21/200 = 10.5%: it rose.
    assert said(data) == [
        ("Durham Constabulary resolved one crime with a community resolution in 2018/19: 1.0% of the 100 outcomes it "
        "assigned, down from five (5.0%) in 2017/18, the last year the 2019 investigation covered."),
        ("In England and Wales as a whole community resolutions went the other way: they rose, from 15 (7.5% of "
        "outcomes) in 2017/18 to 21 (10.5%) in 2018/19."),
    ]


def test_a_single_year_and_zero_community_resolutions(tmp_path):
    data = make(tmp_path, "City of London", "2017/18", [
        ("City of London", "2017/18", 0, 0, 40), ("Kent", "2017/18", 10, 0, 60)])
    # No comparison year with one year asked; zero is "no crimes" at 0.0%. England and Wales:
    # 10 / (40 + 60) = 10.0%.
    assert said(data) == [
        ("City of London Police resolved no crimes with a community resolution in 2017/18: 0.0% of the 40 outcomes it "
        "assigned."),
        "In England and Wales as a whole the figure was 10.0% (10 of 100 outcomes).",
    ]
    assert data.comparison is None


def test_a_force_with_a_gap_in_both_years_is_an_undercount(tmp_path):
    data = make(tmp_path, "Durham", "2017/18-2018/19", [
        ("Durham", "2017/18", 50, 0, 500), ("Durham", "2018/19", 80, 0, 1000),
        ("Kent", "2017/18", 100, 0, 1000), ("Kent", "2018/19", 100, 0, 1000)],
        gaps=[("Durham", "2017/18"), ("Durham", "2018/19")])
    found = over_time.findings(data)
    lines = over_time.tell_years(found, data)
    # Durham 50/500 = 10.0% -> 80/1000 = 8.0%; England and Wales 150/1500 = 10.0% -> 180/2000 = 9.0%.
    assert lines[0] == (
        "Durham Constabulary resolved 80 crimes with a community resolution in 2018/19: 8.0% of the 1,000 outcomes it "
        "assigned, up from 50 (10.0%) in 2017/18, the last year the 2019 investigation covered, though the share "
        "fell. The 2017/18 and 2018/19 figures are affected by a known gap in the data (see the notes above), so "
        "they are undercounts.")
    assert lines[1] == (
        "In England and Wales as a whole community resolutions also rose, from 150 (10.0% of outcomes) in 2017/18 to "
        "180 (9.0%) in 2018/19. The 2017/18 and 2018/19 totals include forces with a known gap (see the notes "
        "above): Durham in 2017/18; Durham in 2018/19.")
    assert found.warnings == [
        "Durham 2017/18 is a part-year.", "Durham 2018/19 is a part-year.",
        ("England and Wales totals include forces with a known gap, so they are undercounts in 2017/18 (Durham); "
        "2018/19 (Durham)."),
    ]
    figures = {k: (v, d) for k, v, _, d in over_time.year_figures(data)}
    assert figures["durham_2017-18_community_resolutions"] == (50, {"known_gap": True, "gap_forces": "Durham"})
    assert figures["national_2018-19_assigned"] == (2000, {"known_gap": True, "gap_forces": "Durham"})


def test_one_gap_year_in_a_total_names_the_force(tmp_path):
    data = make(tmp_path, "Kent", "2017/18-2018/19", [
        ("Durham", "2017/18", 50, 0, 500), ("Durham", "2018/19", 80, 0, 1000),
        ("Kent", "2017/18", 100, 0, 1000), ("Kent", "2018/19", 100, 0, 1000)],
        gaps=[("Durham", "2018/19")])
    # Kent 100 -> 100 (10.0% both years): "the same as"; England and Wales rose by 30, Kent did not
    # move, so neither "also" nor "the other way".
    assert said(data) == [
        ("Kent Police resolved 100 crimes with a community resolution in 2018/19: 10.0% of the 1,000 outcomes it "
        "assigned, the same as 100 (10.0%) in 2017/18, the last year the 2019 investigation covered."),
        ("In England and Wales as a whole community resolutions rose, from 150 (10.0% of outcomes) in 2017/18 to 180 "
        "(9.0%) in 2018/19. The 2018/19 total includes Durham, whose figures that year have a known gap (see the "
        "notes above)."),
    ]


def test_british_transport_police_with_no_figures_in_the_latest_year(tmp_path):
    data = make(tmp_path, "BTP", "2017/18-2018/19", [
        ("British Transport Police", "2017/18", 30, 0, 300), ("British Transport Police", "2018/19", 0, 0, 0),
        ("Kent", "2017/18", 100, 0, 1000), ("Kent", "2018/19", 100, 0, 1000)],
        gaps=[("British Transport Police", "2018/19")])
    # No outcomes at all in 2018/19 with a known gap: never "no crimes".
    assert over_time.level_sentence(data, data.subject, data.who, data.pronoun) == (
        "British Transport Police has no figures for 2018/19: a known gap in the data, not an absence of community "
        "resolutions.")
    gap_year = data.row("British Transport Police", "2018/19")
    assert over_time.cell(gap_year, "community_resolution", "share") == "no data †"


# --------------------------------------------------------------------------- a region over three years


REGION_ROWS = [
    ("Cleveland", "2017/18", 10, 0, 100), ("Cleveland", "2018/19", 10, 0, 100), ("Cleveland", "2019/20", 10, 0, 100),
    ("Durham", "2017/18", 40, 0, 100), ("Durham", "2018/19", 20, 0, 100), ("Durham", "2019/20", 10, 21, 100),
    ("North Yorkshire", "2017/18", 10, 0, 100), ("North Yorkshire", "2018/19", 20, 0, 100),
    ("North Yorkshire", "2019/20", 30, 1, 100),
    ("Northumbria", "2017/18", 20, 0, 100), ("Northumbria", "2018/19", 20, 0, 100),
    ("Northumbria", "2019/20", 20, 0, 100),
    ("Kent", "2017/18", 100, 0, 1000), ("Kent", "2018/19", 100, 0, 1000), ("Kent", "2019/20", 100, 0, 1000),
]


@pytest.fixture
def region(tmp_path) -> over_time.OverTime:
    return make(tmp_path, REGION, "2017/18-2019/20", REGION_ROWS)


def test_region_sentences_peak_tie_type_22_and_each_force(region):
    found = over_time.findings(region)
    lines = over_time.tell_years(found, region)
    # Region: 2017/18 10+40+10+20 = 80 of 400 (20.0%); 2018/19 70/400 (17.5%); 2019/20 70/400 (17.5%),
    # type 22 21+1 = 22/400 = 5.5%, both (70+22)/400 = 23.0% against 80/400 = 20.0% in 2017/18.
    # England and Wales: 180/1400 = 12.86% (12.9%) -> 170/1400 = 12.14% (12.1%).
    # Lowest count: 70 in 2018/19 and 2019/20, a tie: the earlier year.
    assert lines == [
        ("Police forces in the North East and North Yorkshire resolved 70 crimes with a community resolution in "
        "2019/20: 17.5% of the 400 outcomes they assigned, down from 80 (20.0%) in 2017/18, the last year the 2019 "
        "investigation covered."),
        ("In England and Wales as a whole community resolutions also fell, from 180 (12.9% of outcomes) in 2017/18 to "
        "170 (12.1%) in 2019/20."),
        ("Use of community resolutions in the North East and North Yorkshire was highest in 2017/18, at 80 (20.0% of "
        "outcomes), and lowest in 2018/19, at 70 (17.5%)."),
        ("Diversionary activity (outcome 22), which forces could record from 2019/20 and had to from April 2021, "
        "accounted for 22 further outcomes in 2019/20 (5.5%). Counting both, community resolutions and diversion "
        "made up 23.0% of all outcomes in the North East and North Yorkshire in 2019/20, against 20.0% in 2017/18 "
        "(before outcome 22 existed)."),
        ("Cleveland Police resolved 10 crimes with a community resolution in 2019/20: 10.0% of the 100 outcomes it "
        "assigned, the same as 10 (10.0%) in 2017/18, the last year the 2019 investigation covered. It recorded no "
        "diversionary activity (type 22) in 2019/20."),
        ("Durham Constabulary resolved 10 crimes with a community resolution in 2019/20: 10.0% of the 100 outcomes it "
        "assigned, down from 40 (40.0%) in 2017/18, the last year the 2019 investigation covered. It also recorded "
        "21 diversionary outcomes (type 22) in 2019/20."),
        ("North Yorkshire Police resolved 30 crimes with a community resolution in 2019/20: 30.0% of the 100 outcomes "
        "it assigned, up from 10 (10.0%) in 2017/18, the last year the 2019 investigation covered. It also recorded "
        "one diversionary outcome (type 22) in 2019/20."),
        ("Northumbria Police resolved 20 crimes with a community resolution in 2019/20: 20.0% of the 100 outcomes it "
        "assigned, the same as 20 (20.0%) in 2017/18, the last year the 2019 investigation covered. It recorded no "
        "diversionary activity (type 22) in 2019/20."),
    ]
    assert found.figures["area_peak_year"]["value"] == "2017/18"
    assert found.figures["area_peak_year"]["value_key"] == "area_2017-18_community_resolutions"
    assert found.figures["area_low_year"]["value"] == "2018/19"
    assert found.warnings == [over_time.TYPE22_WARNING]  # no gaps; the chart reaches 2019/20


def test_region_figures_cover_every_line_and_year(region):
    figures = {key: (value, details) for key, value, _, details in over_time.year_figures(region)}
    # four forces, the region and England and Wales, three years, six figures each
    assert len(figures) == 6 * 3 * 6
    assert figures["durham_2017-18_community_resolutions"][0] == 40
    assert figures["national_2018-19_assigned"][0] == 1400
    assert figures["area_2019-20_share"] == (pytest.approx(70 / 400), {
        "numerator": "area_2019-20_community_resolutions", "denominator": "area_2019-20_assigned"})
    assert figures["area_2019-20_combined_share"][1]["numerator"] == (
        "area_2019-20_community_resolutions + area_2019-20_diversionary_activity")


def test_region_tables_one_column_per_line_type_22_from_2019_20(region):
    (caption8, type8), (_caption22, type22) = over_time.year_tables(region)
    assert list(type8.columns) == ["Year", "Cleveland", "Durham", "North Yorkshire", "Northumbria",
                                   "North East and North Yorkshire", "England and Wales"]
    assert list(type8["Year"]) == ["2017/18", "2018/19", "2019/20"]  # every year asked: no * marks
    assert type8.loc[0, "Durham"] == f"40{NBSP}(40.0%)"
    assert list(type22["Year"]) == ["2019/20"]
    assert type22.loc[0, "Durham"] == f"21{NBSP}(21.0%)"
    assert caption8 == ("Community resolutions (type 8) and share of all outcomes, every year the data hold "
                        "(† a known gap in the data that year)")


def test_fewer_years_asked_than_held_are_starred_and_the_alt_text_says_the_latest_held(tmp_path):
    data = make(tmp_path, "Durham", "2017/18-2018/19", REGION_ROWS)
    (caption, table), _ = over_time.year_tables(data)
    assert list(table["Year"]) == ["2017/18*", "2018/19*", "2019/20"]
    assert "(* a year on this page; † a known gap" in caption
    # Durham 40/100 = 40.0% in 2017/18, 20.0% in 2018/19; England and Wales 180/1400 = 12.9% and
    # 170/1400 = 12.1%; in 2019/20 Durham is at 10.0%, type 22 21/100 = 21.0%.
    assert over_time.chart_alt(data) == (
        "Line chart of community resolutions as a share of all outcomes by year, from 2017/18 to 2019/20 (the "
        "years on this page, from 2017/18 to 2018/19, shaded), for Durham Constabulary and England and Wales (dashed). "
        "Durham: 40.0% in 2017/18, 20.0% in 2018/19. England and Wales: 12.9% in 2017/18, 12.1% in 2018/19. Durham "
        "in 2019/20, the latest year the data hold: 10.0%. A second panel shows diversionary activity (outcome 22) "
        "from 2019/20: 21.0% for Durham in 2019/20.")


def test_england_and_wales_as_the_area_has_no_national_comparison(tmp_path):
    data = make(tmp_path, "england-and-wales", "2017/18-2018/19", REGION_ROWS)
    keys = [key for key, *_ in over_time.year_figures(data)]
    assert keys and all(key.startswith("national_") for key in keys)  # the 44 forces' lines are chart data
    lines = said(data)
    # 180/1400 = 12.9% -> 170/1400 = 12.1% (2018/19: 10+20+20+20+100 = 170)
    assert lines == [
        ("Police forces in England and Wales resolved 170 crimes with a community resolution in 2018/19: 12.1% of the "
        "1,400 outcomes they assigned, down from 180 (12.9%) in 2017/18, the last year the 2019 investigation "
        "covered.")]


# --------------------------------------------------------------------------- "grew after 2015"


GROWTH_ROWS = [
    ("Cleveland", "2015/16", 10, 0, 100), ("Cleveland", "2017/18", 20, 0, 100),
    ("Durham", "2015/16", 30, 0, 100), ("Durham", "2017/18", 40, 0, 400),
    ("North Yorkshire", "2015/16", 20, 0, 100), ("North Yorkshire", "2017/18", 10, 0, 100),
    ("Northumbria", "2015/16", 5, 0, 100), ("Northumbria", "2017/18", 5, 0, 100),
    ("Kent", "2015/16", 50, 0, 100), ("Kent", "2017/18", 50, 0, 100),
]


def test_growth_sentences_for_a_region(tmp_path):
    data = make(tmp_path, REGION, "2017/18", GROWTH_ROWS, gaps=[("Northumbria", "2015/16")])
    grew = over_time.growth(data)
    found = over_time.findings(data)
    over_time.add_growth_figures(found, grew)
    lines = over_time.tell_growth(found, data, grew)
    # Cleveland 10 -> 20 (10% -> 20%): both. Durham 30 -> 40 but 30% -> 10%: by number only.
    # North Yorkshire 20 -> 10: neither. Kent 50 -> 50: neither. Northumbria: a gap in 2015/16, left out.
    # England and Wales 115/500 = 23.0% -> 125/800 = 15.6%.
    published = grew.claim["published"]
    assert lines == [
        (f"The 2019 article said use of community resolutions declined overall after 2015; its figure for forces "
        f"where use grew after 2015 was “{published}”."),
        ("Comparing 2015/16 with 2017/18, the number of community resolutions in England and Wales rose, from 115 to "
        "125 (23.0% to 15.6% of all outcomes)."),
        ("The number rose in two of the four forces with complete figures for both years, and the share of outcomes "
        "rose in one; Durham is among them by number only."),
        "More community resolutions in 2017/18 than in 2015/16: Cleveland and Durham.",
        "A higher share of outcomes in 2017/18 than in 2015/16: Cleveland.",
        "Left out: Northumbria (a known gap in 2015/16).",
        ("Between 2015/16 and 2017/18, community resolutions in the North East and North Yorkshire rose in Cleveland "
        "(10 to 20; 10.0% to 20.0% of outcomes) and Durham (30 to 40; 30.0% to 10.0% of outcomes); they fell in "
        "North Yorkshire (20 to 10; 20.0% to 10.0% of outcomes). Northumbria is not compared (a known gap in "
        "2015/16)."),
        (f"The article counted “{published}”; these figures, from the Home Office's 2024 republication, give two by "
        "number and one by share. The article used the 2019 publication and did not say which years or which "
        "measure it compared, so the two need not match."),
    ]
    figures = found.figures
    assert figures["growth_forces_compared"]["value"] == 4
    assert figures["growth_forces_grew_by_count"]["forces"] == ["Cleveland", "Durham"]
    assert figures["growth_northumbria_grew_by_count"]["value"] is None  # not comparable: empty, never False
    assert figures["growth_northumbria_baseline_assigned"]["comparable"] is False
    assert figures["growth_national_fell"]["value"] is False
    assert figures["growth_durham_named_in_article"] == {
        "value": True, "meaning": "Durham is named in the article's claim", "grew_by_count": True,
        "grew_by_share": False}
    caption, table = over_time.growth_table(data, grew)
    # the region's four forces (Kent neither grew nor is in the region), Northumbria marked as a gap
    assert sorted(table["Force"]) == ["Cleveland", "Durham", "North Yorkshire", "Northumbria"]
    assert table.set_index("Force").loc["Northumbria", "Grew (number)"] == "gap"
    assert table.set_index("Force").loc["North Yorkshire", "Change"] == "-10"
    assert caption.endswith(", and the forces of the North East and North Yorkshire (gap: a known gap in either "
                            "year, not compared)")
    assert grew.chart_name == "growth-2015-16-to-2017-18"


def test_growth_sentence_for_a_force_and_a_force_left_out(tmp_path):
    gap = [("Northumbria", "2015/16")]
    durham = make(tmp_path, "Durham", "2017/18", GROWTH_ROWS, gaps=gap)
    assert over_time.subject_growth_sentence(durham, over_time.growth(durham)) == (
        "Durham Constabulary's community resolutions rose from 30 (30.0% of outcomes) in 2015/16 to 40 (10.0%) in "
        "2017/18.")
    northumbria = make(tmp_path, "Northumbria", "2017/18", GROWTH_ROWS, gaps=gap)
    assert over_time.subject_growth_sentence(northumbria, over_time.growth(northumbria)) == (
        "Northumbria Police is not compared: a known gap in its figures for 2015/16.")
