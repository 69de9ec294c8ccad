"""Notebook 5 (over time): trends.py on hand-made tables, then the notebook end to end, its
findings checked against figures this file computes itself from the mirror's CSV (csv module)."""

from __future__ import annotations

import csv
import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from community_resolutions import trends
from community_resolutions.paths import REFERENCE_DIR

NOTEBOOK = "5-over-time"
ALL_YEARS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2014, 2026)]


# --------------------------------------------------------------------------- hand-made tables


def totals(rows: list[tuple]) -> pd.DataFrame:
    """(force, year, community resolutions, type 22, assigned) rows on the closed basis."""
    return pd.DataFrame(rows, columns=["force", "financial_year", "community_resolution", "diversionary_activity",
                                       "assigned"]).assign(basis="closed")


def gap_rows(rows: list[tuple]) -> pd.DataFrame:
    """(force, year, basis) rows in the known-gaps shape."""
    frame = pd.DataFrame(rows, columns=["force", "financial_year", "basis"])
    for column in ["quarters_missing", "kind", "note", "source"]:
        frame[column] = ""
    return frame


NONE = gap_rows([])


def test_yearly_sums_forces_and_keeps_empty_years():
    t = totals([("A", "2019/20", 6, 2, 40), ("B", "2019/20", 4, 0, 60), ("A", "2020/21", 1, 3, 20),
                ("A", "2019/20", 99, 99, 99)]).iloc[:3]
    y = trends.yearly(t, ["A", "B"], ["2019/20", "2020/21", "2021/22"], "closed").set_index("financial_year")
    # 2019/20: type 8 = 6 + 4 = 10 of 40 + 60 = 100 -> 10%; type 22 = 2 / 100 = 2%; both = 12%
    assert y.loc["2019/20", "community_resolution"] == 10
    assert y.loc["2019/20", "assigned"] == 100
    assert y.loc["2019/20", "share"] == pytest.approx(0.10)
    assert y.loc["2019/20", "diversion_share"] == pytest.approx(0.02)
    assert y.loc["2019/20", "combined_share"] == pytest.approx(0.12)
    # 2020/21: only A: 1 / 20 = 5%, type 22 3 / 20 = 15%, both (1 + 3) / 20 = 20%
    assert y.loc["2020/21", "combined_share"] == pytest.approx(0.20)
    # 2021/22: no rows at all -> zero counts, no share (never a share of 0%)
    assert y.loc["2021/22", "assigned"] == 0
    assert pd.isna(y.loc["2021/22", "share"])


def test_yearly_ignores_the_other_basis():
    t = pd.concat([totals([("A", "2017/18", 5, 0, 50)]), totals([("A", "2017/18", 7, 0, 70)]).assign(basis="recorded")])
    y = trends.yearly(t, ["A"], ["2017/18"], "recorded")
    assert y["community_resolution"].tolist() == [7]  # 7 of 70, the recorded row only


def test_series_table_flags_a_year_when_any_force_of_the_series_has_a_gap():
    t = totals([("A", "2014/15", 2, 0, 20), ("B", "2014/15", 3, 0, 10), ("A", "2015/16", 4, 0, 20), ("B", "2015/16", 6, 0, 30)])
    known = gap_rows([("B", "2014/15", "both"), ("A", "2015/16", "recorded")])
    s = trends.series_table(t, [("A", "force", ("A",)), ("Both", "area", ("A", "B"))], ["2014/15", "2015/16"], "closed", known)
    flags = {(r.series, r.financial_year): (r.known_gap, r.gap_forces) for r in s.itertuples()}
    # B's 2014/15 gap ("both" bases) flags the area but not A; A's gap is on the recorded basis only.
    assert flags[("A", "2014/15")] == (False, "")
    assert flags[("Both", "2014/15")] == (True, "B")
    assert flags[("A", "2015/16")] == (False, "")
    # area 2014/15: (2 + 3) / (20 + 10) = 1/6
    area_2014 = s[(s["series"] == "Both") & (s["financial_year"] == "2014/15")].iloc[0]
    assert area_2014["share"] == pytest.approx(5 / 30)
    assert list(s.columns) == trends.SERIES_COLUMNS


def test_peak_leaves_out_gap_years_and_years_without_outcomes():
    rows = pd.DataFrame({"financial_year": ["2014/15", "2015/16", "2016/17", "2017/18"],
                         "community_resolution": [500, 300, 400, 0], "assigned": [1000, 1000, 1000, 0],
                         "known_gap": [True, False, False, False]})
    # 2014/15 (500) is a gap year and 2017/18 has no outcomes: the peak is 2016/17 (400), the low 2015/16 (300)
    assert trends.peak(rows)["financial_year"] == "2016/17"
    assert trends.peak(rows, lowest=True)["financial_year"] == "2015/16"
    assert trends.peak(rows.assign(known_gap=True)) is None


def test_growth_by_count_and_by_share_can_disagree():
    t = totals([
        ("A", "2015/16", 100, 0, 1000), ("A", "2017/18", 120, 0, 2000),  # count up 100 -> 120; share 10% -> 6%
        ("B", "2015/16", 50, 0, 1000), ("B", "2017/18", 40, 0, 200),     # count down 50 -> 40; share 5% -> 20%
        ("C", "2015/16", 10, 0, 100), ("C", "2017/18", 30, 0, 100),      # both up, but a gap in 2017/18
        ("D", "2015/16", 0, 0, 0), ("D", "2017/18", 5, 0, 50),           # no outcomes in the baseline
        ("E", "2015/16", 7, 0, 70), ("E", "2017/18", 7, 0, 70),          # unchanged: not growth
    ])
    known = gap_rows([("C", "2017/18", "closed"), ("A", "2015/16", "recorded")])
    g = trends.growth(t, "2015/16", "2017/18", "closed", known).set_index("force")
    assert g.loc["A", "change"] == 20
    assert bool(g.loc["A", "grew_by_count"]) and not bool(g.loc["A", "grew_by_share"])
    assert g.loc["A", "share_end"] == pytest.approx(0.06)
    assert not bool(g.loc["B", "grew_by_count"]) and bool(g.loc["B", "grew_by_share"])
    assert not g.loc["C", "comparable"] and g.loc["C", "gap_years"] == "2017/18"
    assert g.loc["C", "grew_by_count"] is pd.NA
    assert not g.loc["D", "comparable"]  # a year with no outcomes is no baseline
    summary = trends.summarise_growth(g.reset_index())
    assert summary == trends.GrowthSummary(compared=3, grew_by_count=["A"], grew_by_share=["B"], left_out=["C", "D"])


def test_words_helpers():
    assert trends.join_names(["Cleveland", "Durham", "Northumbria"]) == "Cleveland, Durham and Northumbria"
    assert trends.movement(5567, 1242) == "down from"
    assert trends.movement(102854, 185570, "rose", "fell", "did not change") == "rose"
    assert trends.forces_named_in("eight, including Durham", ["Durham", "Cleveland"]) == ["Durham"]
    assert trends.comparison_year(ALL_YEARS) == "2017/18"
    assert trends.comparison_year(["2014/15", "2015/16", "2016/17"]) == "2014/15"
    assert trends.comparison_year(["2017/18", "2018/19"]) == "2017/18"
    assert trends.comparison_year(["2021/22"]) is None


def test_spread_keeps_labels_apart_and_in_order():
    placed = trends._spread([0.030, 0.031, 0.0305, 0.010], [0.004, 0.004, 0.008, 0.004])
    order = sorted(range(4), key=lambda i: placed[i])
    assert order == [3, 0, 2, 1]  # 0.0305 stays between 0.030 and 0.031
    tall = [0.004, 0.004, 0.008, 0.004]
    for a, b in itertools.pairwise(order):
        assert placed[b] - placed[a] >= (tall[a] + tall[b]) / 2 - 1e-8


def chart_table(years: list[str]) -> pd.DataFrame:
    rows = []
    for i, year in enumerate(years):
        rows += [("Durham", year, 90 - i, 5 * i, 1000), ("Cleveland", year, 20 + i, 2 * i, 1000)]
    t = totals(rows)
    series = [("Cleveland", "force", ("Cleveland",)), ("Durham", "force", ("Durham",)),
              ("Region", "area", ("Cleveland", "Durham")), ("England and Wales", "national", ("Cleveland", "Durham"))]
    return trends.series_table(t, series, years, "closed", gap_rows([("Cleveland", years[0], "both")]))


def test_line_chart_marks_gaps_type_22_and_labels_lines():
    table = chart_table(ALL_YEARS)
    fig = trends.line_chart(table, highlight="Region", title="t", source="Source: test", synthetic=True)
    top, bottom = fig.axes
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]
    for name in ["Cleveland", "Durham", "Region", "England and Wales"]:
        assert name in texts, name
    assert any("Type 22" in t and "voluntary" in t for t in texts)
    assert any("Type 22" in t and "mandatory" in t for t in texts)
    assert any("Hollow markers" in t and "Source: test" in t for t in texts)
    assert any("SYNTHETIC" in t for t in texts)
    # the 2014/15 gap (Cleveland, so also the region and the national line) is drawn hollow
    hollow = [c for c in top.collections if len(c.get_offsets()) and (c.get_facecolor()[:, :3] == 1).all()]
    assert len(hollow) == 3
    # type 22 is drawn from 2019/20 only: its first x is the index of 2019/20
    first_x = min(line.get_xdata()[0] for line in bottom.get_lines() if len(line.get_xdata()) > 2)
    assert first_x == ALL_YEARS.index("2019/20")
    plt.close(fig)


def test_line_chart_single_year_and_no_type_22():
    fig = trends.line_chart(chart_table(["2016/17"]), highlight="Durham", title="t", source="s")
    assert len(fig.axes) == 1  # no type 22 panel before 2019/20
    plt.close(fig)


# --------------------------------------------------------------------------- end to end


def from_csv(mirror: Path, basis: str) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(force, year) -> (type 8, type 22, assigned), read with the csv module."""
    found = {}
    path = mirror / "home-office/outcomes/force-year-outcome-totals-2014-15-to-2025-26.csv"
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            found[(row["force"], row["fy"])] = (int(row[f"{basis}_all_t8"]), int(row[f"{basis}_all_t22"]),
                                                int(row[f"{basis}_all_assigned"]))
    return found


def gaps_from_files(mirror: Path, basis: str) -> set[tuple[str, str]]:
    """(force, year) with a known gap on this basis: the coverage file's 'data not provided' and
    the reference file of unflagged gaps (force names there as in the CSV)."""
    coverage = json.loads((mirror / "home-office/outcomes/force-year-outcome-totals-coverage.json").read_text())
    flagged = {tuple(key.split("|")) for key in coverage["data_not_provided"]}
    with open(REFERENCE_DIR / "known-gaps.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["basis"] in (basis, "both"):
                first, last = int(row["first_year"][:4]), int(row["last_year"][:4])
                flagged |= {(row["force"], f"{y}/{(y + 1) % 100:02d}") for y in range(first, last + 1)}
    return flagged


def value(found: dict, key: str):
    return found["figures"][key]["value"]


RUNS = {
    "durham": ("Durham", {"area": "Durham"}, "closed", ALL_YEARS),
    "btp": ("British Transport Police", {"area": "British Transport Police", "basis": "recorded"}, "recorded", ALL_YEARS),
    "city": ("City of London", {"area": "City of London", "years": "2017/18"}, "closed", ["2017/18"]),
    "dyfed": ("Dyfed-Powys", {"area": "Dyfed-Powys", "years": "2014/15-2017/18"}, "closed", ALL_YEARS[:4]),
    "region": (None, {"area": "north-east-and-north-yorkshire"}, "closed", ALL_YEARS),
}
SLUGS = {"Durham": "durham", "British Transport Police": "british-transport-police", "City of London": "city-of-london",
         "Dyfed-Powys": "dyfed-powys", "Cleveland": "cleveland", "North Yorkshire": "north-yorkshire",
         "Northumbria": "northumbria"}
REGION = ["Cleveland", "Durham", "North Yorkshire", "Northumbria"]


@pytest.mark.notebook
@pytest.mark.parametrize("run", list(RUNS))
def test_notebook_figures_match_the_csv(run, run_notebook, mirror):
    force, parameters, basis, years = RUNS[run]
    found = run_notebook(NOTEBOOK, **parameters)
    data = from_csv(mirror, basis)
    flagged = gaps_from_files(mirror, basis)
    forces = sorted({f for f, _ in data})
    assert len(forces) == 44
    assert found["parameters"]["years"] == years and found["parameters"]["basis"] == basis

    # England and Wales, every year of the page
    for year in years:
        k = f"national_{year.replace('/', '-')}"
        cr = sum(data[(f, year)][0] for f in forces)
        d22 = sum(data[(f, year)][1] for f in forces)
        assigned = sum(data[(f, year)][2] for f in forces)
        assert value(found, f"{k}_community_resolutions") == cr
        assert value(found, f"{k}_diversionary_activity") == d22
        assert value(found, f"{k}_assigned") == assigned
        assert value(found, f"{k}_share") == pytest.approx(cr / assigned)
        assert value(found, f"{k}_combined_share") == pytest.approx((cr + d22) / assigned)
        assert found["figures"][f"{k}_community_resolutions"].get("known_gap", False) == any((f, year) in flagged for f in forces)

    # each force of the area, and the region as the sum of its forces
    members = [force] if force else REGION
    for year in years:
        for name in members:
            k = f"{SLUGS[name]}_{year.replace('/', '-')}"
            cr, d22, assigned = data[(name, year)]
            assert value(found, f"{k}_community_resolutions") == cr, (k, cr)
            assert value(found, f"{k}_diversionary_activity") == d22
            assert value(found, f"{k}_assigned") == assigned
            if assigned:
                assert value(found, f"{k}_share") == pytest.approx(cr / assigned)
            else:
                assert value(found, f"{k}_share") is None  # no data: no share, never 0%
            assert found["figures"][k + "_community_resolutions"].get("known_gap", False) == ((name, year) in flagged)
        if not force:
            k = f"area_{year.replace('/', '-')}"
            assert value(found, f"{k}_community_resolutions") == sum(data[(f, year)][0] for f in REGION)
            assert value(found, f"{k}_assigned") == sum(data[(f, year)][2] for f in REGION)

    # the lead sentence: the latest year of the page, for the force or the region
    latest = years[-1]
    lead = found["sentences"][0]
    total = sum(data[(f, latest)][0] for f in members)
    assert f"{total:,}" in lead
    assert f"in {latest}" in lead
    if len(years) > 1:
        first = "2017/18" if "2017/18" in years[:-1] else years[0]
        before = sum(data[(f, first)][0] for f in members)
        assert f"{before:,}" in lead and first in lead
        word = "down from" if total < before else "up from" if total > before else "the same as"
        assert word in lead


@pytest.mark.notebook
@pytest.mark.parametrize("run", list(RUNS))
def test_growth_after_2015_is_computed_for_all_forces(run, run_notebook, mirror):
    _, parameters, basis, _ = RUNS[run]
    found = run_notebook(NOTEBOOK, **parameters)
    data = from_csv(mirror, basis)
    flagged = gaps_from_files(mirror, basis)
    forces = sorted({f for f, _ in data})
    base, end = "2015/16", "2017/18"
    compared = [f for f in forces if (f, base) not in flagged and (f, end) not in flagged
                and data[(f, base)][2] > 0 and data[(f, end)][2] > 0]
    by_count = [f for f in compared if data[(f, end)][0] > data[(f, base)][0]]
    by_share = [f for f in compared if data[(f, end)][0] / data[(f, end)][2] > data[(f, base)][0] / data[(f, base)][2]]
    assert value(found, "growth_forces_compared") == len(compared)
    assert value(found, "growth_forces_grew_by_count") == len(by_count)
    assert found["figures"]["growth_forces_grew_by_count"]["forces"] == by_count
    assert value(found, "growth_forces_grew_by_share") == len(by_share)
    assert found["figures"]["growth_forces_grew_by_share"]["forces"] == by_share
    national = [sum(data[(f, y)][0] for f in forces) for y in (base, end)]
    assert value(found, "growth_national_fell") == (national[1] < national[0])
    assert value(found, "growth_national_baseline_community_resolutions") == national[0]
    assert value(found, "growth_durham_end_community_resolutions") == data[("Durham", end)][0]
    named = found["figures"]["growth_durham_named_in_article"]
    assert named["grew_by_count"] == ("Durham" in by_count) and named["grew_by_share"] == ("Durham" in by_share)
    # the claim is quoted from the published-figures file, and the counts said in words
    assert any("eight, including Durham" in s for s in found["sentences"])
    assert any(f"rose in {len(by_count)} of the {len(compared)} forces" in s for s in found["sentences"])


@pytest.mark.notebook
def test_gaps_are_shown_before_numbers_and_zero_is_not_none(run_notebook):
    btp = run_notebook(NOTEBOOK, **RUNS["btp"][1])
    assert any("no recorded-basis data for 2014/15" in w for w in btp["warnings"])
    assert any("type 22" in w.lower() for w in btp["warnings"])
    assert btp["figures"]["british-transport-police_2014-15_community_resolutions"]["known_gap"] is True
    region = run_notebook(NOTEBOOK, **RUNS["region"][1])
    assert any(w.startswith("North Yorkshire's closed-basis totals") for w in region["warnings"])
    # the region's peak and low leave out North Yorkshire's gap years 2017/18-2019/20
    assert value(region, "area_peak_year") not in {"2017/18", "2018/19", "2019/20"}
    city = run_notebook(NOTEBOOK, **RUNS["city"][1])
    assert "comparison_year" in city["figures"] and value(city, "comparison_year") is None


class Images(HTMLParser):
    """The attributes of every <img> on a page."""

    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs))


@pytest.mark.notebook
@pytest.mark.parametrize("run", ["durham", "region", "city"])
def test_page_is_offline_with_an_alt_text_chart_and_no_code(run, run_notebook):
    found = run_notebook(NOTEBOOK, **RUNS[run][1])
    folder = Path(found["_folder"])
    text = (folder / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    images = Images()
    images.feed(text)
    assert images.found and all(img.get("src", "").startswith("data:image/png;base64,") for img in images.found)
    assert all(img.get("alt", "").startswith("Line chart of community resolutions") for img in images.found)
    assert not re.search(r'(src|href)="(https?:)?//', text)
    for fragment in ["from community_resolutions", "found.add(", "papermill notebooks/", "hl-ipython3"]:
        assert fragment not in text, fragment
    for name in found["charts"].values():
        assert (folder / name).exists(), name
    by_year = pd.read_csv(folder / f"{NOTEBOOK}.by-year.csv")
    assert set(by_year["series"]) >= {"England and Wales"}


def test_line_chart_shades_the_years_asked_and_brackets_the_article():
    table = chart_table(ALL_YEARS)
    fig = trends.line_chart(table, highlight="Durham", title="t", source="s", asked=["2019/20", "2020/21"])
    top = fig.axes[0]
    texts = [t.get_text() for t in top.texts]
    assert "Years on this page" in texts and "Years of the 2019 article" in texts
    spans = [p.get_window_extent(fig.canvas.get_renderer()) for p in top.patches]
    assert len(spans) == 1  # the axvspan over the years asked: 2019/20 (x=5) to 2020/21 (x=6)
    left, right = top.transData.inverted().transform([[spans[0].x0, 0], [spans[0].x1, 0]])[:, 0]
    assert (left, right) == (pytest.approx(4.5), pytest.approx(6.5))
    plt.close(fig)
    fig = trends.line_chart(table, highlight="Durham", title="t", source="s", asked=list(trends.ARTICLE_YEARS))
    assert "Years on this page\n(the 2019 article's)" in [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
    fig = trends.line_chart(table, highlight="Durham", title="t", source="s", asked=ALL_YEARS)  # every year asked
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Years of the\n2019 article" in texts and "Years on this page" not in texts
    plt.close(fig)


@pytest.mark.notebook
def test_every_year_held_is_charted_and_the_latest_compared_with_the_article(run_notebook, mirror):
    """The default run (2014/15-2017/18): chart data and figures cover every year held, the
    sentences about the years asked are unchanged, and the latest year is set against the article's."""
    found = run_notebook(NOTEBOOK, area="north-east-and-north-yorkshire", years="2014/15-2017/18")
    folder = Path(found["_folder"])
    by_year = pd.read_csv(folder / f"{NOTEBOOK}.by-year.csv")
    assert sorted(by_year["financial_year"].unique()) == ALL_YEARS
    # North Yorkshire's 2018/19 gap (outside the years asked) is still flagged
    ny = by_year[(by_year["series"] == "North Yorkshire") & (by_year["financial_year"] == "2018/19")]
    assert bool(ny["known_gap"].iloc[0])
    assert found["figures"]["north-yorkshire_2018-19_community_resolutions"]["known_gap"] is True
    assert value(found, "latest_year") == "2017/18" and value(found, "latest_year_held") == "2025-26".replace("-", "/")
    data = from_csv(mirror, "closed")
    forces = sorted({f for f, _ in data})
    article = ALL_YEARS[:4]
    durham_then = sum(data[("Durham", y)][0] for y in article) / sum(data[("Durham", y)][2] for y in article)
    durham_now = data[("Durham", "2025/26")][0] / data[("Durham", "2025/26")][2]
    assert value(found, "durham_article_years_share") == pytest.approx(durham_then)
    assert value(found, "durham_latest_held_share") == pytest.approx(durham_now)
    now = {f: data[(f, "2025/26")][0] / data[(f, "2025/26")][2] for f in forces if data[(f, "2025/26")][2]}
    assert value(found, "durham_latest_held_rank") == 1 + sum(v > durham_now for v in now.values())
    national_now = sum(data[(f, "2025/26")][0] for f in forces) / sum(data[(f, "2025/26")][2] for f in forces)
    assert value(found, "national_latest_held_share") == pytest.approx(national_now)
    sentence = next(s for s in found["sentences"] if s.startswith("In 2025/26, the latest year the data hold, Durham"))
    assert f"{durham_now:.1%}" in sentence and f"{durham_then:.1%}" in sentence
    assert "the highest of 44 forces then" in sentence
    html = (folder / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "2025/26" in html
    assert "2017/18*" in html and "a year on this page" in html
