"""What the data covers: the coverage checks on hand-made fixtures (expected values worked out by
hand), then notebook 0 end to end, its findings checked against figures this test computes
itself from the mirror's files with the csv, gzip and json modules (not the package)."""

from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from community_resolutions import coverage, gaps, outcomes
from community_resolutions.paths import REFERENCE_DIR

YEARS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2014, 2026)]


def totals_frame(values: dict[str, dict[str, list[int]]], years: list[str]) -> pd.DataFrame:
    """{force: {basis: [assigned per year]}} as a totals table (community resolutions = a tenth)."""
    rows = []
    for force, bases in values.items():
        for basis, counts in bases.items():
            for year, count in zip(years, counts, strict=True):
                rows.append({"force": force, "financial_year": year, "basis": basis, "assigned": count,
                             "community_resolution": count // 10})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- unit tests


def test_data_not_provided_rows_become_quarters():
    table = coverage.data_not_provided({"data_not_provided": {"Metropolitan Police|2014/15": 6783, "Bedfordshire|2014/15": 2261}})
    # 6,783 / 2,261 = 3 quarters; 2,261 / 2,261 = 1
    assert table.set_index("force")["quarters"].to_dict() == {"Bedfordshire": 1, "Metropolitan Police": 3}


def test_negative_counts_by_force_year():
    table = coverage.negative_counts({"negative_counts_by_force_year": {"Durham|2014/15": 33, "London, City of|2015/16": 21}})
    assert table.values.tolist() == [["City of London", "2015/16", 21], ["Durham", "2014/15", 33]]


def test_negative_rows_counts_each_basis_and_type_8():
    rows = pd.DataFrame({
        "force": ["A", "A", "A", "A", "B"],
        "outcome_type": [0, 8, 8, 1, 8],
        "closed": pd.array([pd.NA, -2, -1, 4, 5], dtype="Int64"),
        "recorded": pd.array([-3, 1, -1, -1, 0], dtype="Int64"),
    })
    a = coverage.negative_rows(rows).set_index("force").loc["A"]
    # rows with any negative: type 0 (recorded -3), type 8 (closed -2), type 8 (both -1), type 1 (recorded -1) = 4
    assert a["negative_rows"] == 4
    assert a["negative_closed_rows"] == 2          # -2 and -1
    assert a["negative_recorded_rows"] == 3        # -3, -1, -1
    assert a["negative_type8_rows"] == 2
    assert a["negative_type8_closed"] == -3        # -2 + -1
    assert a["negative_type8_recorded"] == -1
    assert coverage.negative_rows(rows).set_index("force").loc["B", "negative_rows"] == 0


def test_year_on_year_flags_dips_and_spikes_allowing_for_the_national_change():
    years = ["2014/15", "2015/16", "2016/17", "2017/18"]
    t = totals_frame({
        "A": {"closed": [100, 200, 200, 200]},
        "B": {"closed": [100, 200, 200, 200]},
        "C": {"closed": [100, 100, 200, 200]},   # 2015/16 flat while others doubled
        "D": {"closed": [100, 200, 600, 200]},   # 2016/17 three times both neighbours
        "E": {"closed": [100, 200, 200, 90]},    # last year less than half
    }, years)
    flags = coverage.year_on_year_flags(t).set_index(["force", "financial_year"])
    # 2015/16 ÷ 2014/15: A 2, B 2, C 1, D 2, E 2 → median 2; C: 1/2 = 0.5 < 0.6.
    # 2015/16 ÷ 2016/17: A 1, B 1, C 0.5, D 1/3, E 1 → median 1; C: 0.5 < 0.6. Both below: a dip.
    assert flags.loc[("C", "2015/16"), "kind"] == "dip"
    assert flags.loc[("C", "2015/16"), "ratio_previous"] == pytest.approx(0.5)
    # D 2016/17: ÷ 2015/16 = 3 (median 1, C's 2 aside) and ÷ 2017/18 = 3 (median 1): both above 1/0.6 = 1.67.
    assert flags.loc[("D", "2016/17"), "kind"] == "spike"
    # E 2017/18, a last year: ÷ 2016/17 = 0.45 (median 1) < 0.6, one neighbour suffices for a dip.
    assert flags.loc[("E", "2017/18"), "kind"] == "dip"
    # D 2017/18 ÷ 2016/17 = 1/3, but its one neighbour is D's spike: an echo, not flagged.
    # A 2014/15 ÷ 2015/16 = 0.5 while the median is 0.5: no change relative to other forces.
    assert set(flags.index) == {("C", "2015/16"), ("D", "2016/17"), ("E", "2017/18")}


def test_year_on_year_flags_zero_is_a_dip_and_zero_neighbours_are_ignored():
    t = totals_frame({"A": {"recorded": [0, 100, 110]}, "B": {"recorded": [90, 100, 110]}, "C": {"recorded": [95, 0, 110]}},
                     ["2014/15", "2015/16", "2016/17"])
    flags = coverage.year_on_year_flags(t)
    # A 2014/15 = 0 against 100: ratio 0. C 2015/16 = 0 against 95 and 110: ratio 0 both sides.
    # B 2016/17 ÷ 2015/16 ignores C's zero neighbour.
    assert sorted(zip(flags["force"], flags["financial_year"], strict=True)) == [("A", "2014/15"), ("C", "2015/16")]


def test_basis_mismatches_points_at_the_lower_count_unless_the_higher_is_a_spike():
    t = pd.DataFrame({
        "force": ["NY"] * 4 + ["OK"] * 2, "financial_year": ["2018/19", "2018/19", "2020/21", "2020/21", "2018/19", "2018/19"],
        "basis": ["closed", "recorded"] * 3, "assigned": [21559, 45756, 88557, 39155, 100, 109]})
    spikes = pd.DataFrame({"force": ["NY"], "financial_year": ["2020/21"], "basis": ["closed"], "kind": ["spike"]})
    found = coverage.basis_mismatches(t, spikes=spikes).set_index("financial_year")
    # 21,559 / 45,756 = 0.471 < 0.75: the closed count (lower) is suspect
    assert found.loc["2018/19", "suspect"] == "closed"
    assert found.loc["2018/19", "ratio"] == pytest.approx(21559 / 45756)
    # 88,557 / 39,155 = 2.26 > 1.33; the higher count (closed) is a spike, so closed is suspect
    assert found.loc["2020/21", "suspect"] == "closed"
    # OK: 100 / 109 = 0.92, within [0.75, 1.33]
    assert list(found.index) == ["2018/19", "2020/21"]


def test_cell_status_rules_most_serious_wins():
    years = ["2014/15", "2015/16", "2016/17"]
    t = totals_frame({
        "Cumbria": {"closed": [20271, 25000, 26000], "recorded": [0, 25974, 26500]},
        "Bedfordshire": {"closed": [32536, 40000, 41000], "recorded": [28979, 40626, 41000]},
        "Durham": {"closed": [60000, 61000, 62000], "recorded": [60500, 61500, 62500]},
    }, years)
    known = gaps.known_gaps(coverage={"data_not_provided": {"Cumbria|2014/15": 9044, "Bedfordshire|2014/15": 2261}})
    known = known[known["force"].isin(["Cumbria", "Bedfordshire", "Durham"])]
    status = coverage.cell_status(t, known).set_index(["force", "financial_year", "basis"])["status"]
    assert status[("Cumbria", "2014/15", "recorded")] == "no data"      # zero total
    assert status[("Cumbria", "2014/15", "closed")] == "check"          # four quarters marked, yet 20,271
    assert status[("Bedfordshire", "2014/15", "closed")] == "part-year"  # one quarter marked
    assert status[("Bedfordshire", "2014/15", "recorded")] == "part-year"
    assert (status.xs("Durham", level="force") == "complete").all()
    reasons = coverage.cell_status(t, known).set_index(["force", "financial_year", "basis"])["reasons"]
    assert "the Home Office marks one quarter of the year 'data not provided'" in reasons[("Bedfordshire", "2014/15", "closed")]


def test_combine_bases_and_force_sentence():
    cells = pd.DataFrame({"force": "British Transport Police", "financial_year": ["2014/15", "2014/15", "2015/16", "2015/16"],
                          "basis": ["closed", "recorded"] * 2, "status": ["check", "no data", "complete", "complete"]})
    combined = coverage.combine_bases(cells)
    assert combined[["status", "label"]].values.tolist() == [["no data", "none R"], ["complete", ""]]
    assert coverage.force_sentence("British Transport Police", cells, ["2014/15", "2015/16"]) == (
        "British Transport Police has no recorded-basis data for 2014/15 and closed-basis figures for 2014/15 that need "
        "checking; its data is complete for the other year on both counts.")
    cells["status"] = "complete"
    assert coverage.force_sentence("Durham", cells.assign(force="Durham"), ["2014/15", "2015/16"]) == (
        "Durham Constabulary's data is complete for every year from 2014/15 to 2015/16 on both counts.")


def test_publication_differences_large_needs_both_share_and_size():
    old = pd.DataFrame({"force": ["A", "B", "C"], "financial_year": "2017/18", "basis": "recorded",
                        "community_resolution": [10, 1376, 5554], "assigned": [100, 27457, 60982]})
    new = old.assign(community_resolution=[20, 2083, 5553], assigned=[100, 39005, 61356])
    d = coverage.publication_differences(old, new).set_index("force")
    # A: +10 is +100% but fewer than 50: not large. B: +707 (+51.4%) and +11,548 (+42.1%): large.
    # C: -1 and +374 (+0.6%): not large.
    assert d["large"].to_dict() == {"A": False, "B": True, "C": False}
    assert d.loc["B", "assigned_pct"] == pytest.approx(11548 / 27457)


def test_data_gap_warnings_known_gap_first_then_only_what_it_does_not_explain():
    years = ["2014/15", "2015/16", "2016/17"]
    t = totals_frame({
        "Wiltshire": {"closed": [27055, 39138, 38087], "recorded": [31144, 17520, 38152]},
        "Durham": {"closed": [60000, 20000, 62000], "recorded": [60500, 61500, 62500]},
        "Cleveland": {"closed": [50000, 51000, 52000], "recorded": [50000, 51000, 52000]},
    }, years)
    recorded = coverage.data_gap_warnings(["Wiltshire", "Durham"], years, "recorded", totals=t, coverage={})
    # Wiltshire 2015/16 recorded is in known-gaps.csv: its note, and no computed duplicate.
    assert recorded == ["Wiltshire's 2015/16 totals on the recorded basis are about half its neighbouring years."]
    closed = coverage.data_gap_warnings(["Durham"], years, "closed", totals=t, coverage={})
    # Durham 2015/16 closed: 20,000 against 60,000 and 62,000, in no list: the year-on-year check says so, once.
    assert len(closed) == 1
    assert closed[0].startswith("Durham Constabulary's closed-basis total for 2015/16 (20,000 outcomes) "
                                "is far below 60,000 in 2014/15")
    assert "not in the list of known gaps" in closed[0]
    assert coverage.data_gap_warnings(["Cleveland"], years, "closed", totals=t, coverage={}) == []


def test_grid_chart_labels_every_cell_that_is_not_complete():
    cells = pd.DataFrame({"row": ["A", "A", "B"], "financial_year": ["2014/15", "2015/16", "2014/15"],
                          "status": ["no data", "complete", "part-year"], "label": ["none", "", "part"]})
    figure = coverage.grid_chart(cells, rows=["A", "B"], years=["2014/15", "2015/16"], title="t", source="s", highlight={"A"})
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert sorted(texts) == ["none", "part"]   # colour is never the only cue
    import matplotlib.pyplot as plt
    plt.close(figure)


# --------------------------------------------------------------------------- the notebook, on the real data


def force_year_csv(mirror: Path) -> list[dict[str, str]]:
    with open(mirror / "home-office/outcomes/force-year-outcome-totals-2014-15-to-2025-26.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def coverage_json(mirror: Path) -> dict:
    return json.loads((mirror / "home-office/outcomes/force-year-outcome-totals-coverage.json").read_text())


def listed_gaps() -> list[dict[str, str]]:
    with open(REFERENCE_DIR / "known-gaps.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def offence_level_2017_18(mirror: Path) -> dict:
    """By hand from the tidy copy: per force, type-8 and assigned (type ≠ 0) sums on each basis,
    negative rows, and rows flagged expired. ``offences`` is the recorded basis, the other column closed."""
    sums: dict[tuple[str, str], list[int]] = {}
    negative = negative_type8 = expired = 0
    with gzip.open(mirror / "home-office/outcomes/prc-outcomes-open-data-mar2018-tidy.csv.gz", "rt", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["force_name"] == "NA":
                continue
            count = row["force_outcomes_recorded_in_quarter"]
            closed = int(count) if count not in ("NA", "") else 0
            recorded = int(row["offences"])
            kind = int(row["outcome_type"])
            if closed < 0 or recorded < 0:
                negative += 1
                negative_type8 += kind == 8
            expired += row["offence_code_expired"].strip().lower() == "x"
            if kind == 0:
                continue
            for basis, value in (("closed", closed), ("recorded", recorded)):
                pair = sums.setdefault((row["force_name"], basis), [0, 0])
                pair[0] += value if kind == 8 else 0
                pair[1] += value
    return {"sums": sums, "negative": negative, "negative_type8": negative_type8, "expired": expired}


@pytest.fixture(scope="module")
def old_file(mirror):
    return offence_level_2017_18(mirror)


def figures(found: dict) -> dict:
    return {key: value["value"] for key, value in found["figures"].items()}


def check_page(found: dict) -> str:
    text = (Path(found["_folder"]) / "0-data-coverage.html").read_text(encoding="utf-8")
    assert "hl-ipython3" not in text and "from community_resolutions" not in text
    tags = re.findall(r"<img\b[^>]*>", text)
    assert tags, "no chart"
    for tag in tags:
        assert re.search(r'src="data:image/png;base64,', tag) and re.search(r'alt="[^"]{20,}"', tag), tag[:120]
    assert not re.search(r'(src|href)="(https?:)?//', text)
    return text


@pytest.mark.notebook
def test_durham_is_complete_and_its_2017_18_revision_matches(run_notebook, mirror, old_file):
    found = run_notebook("0-data-coverage", area="Durham")
    rows = [r for r in force_year_csv(mirror) if r["force"] == "Durham"]
    assert len(rows) == 12 and all(int(r["closed_all_assigned"]) > 0 and int(r["recorded_all_assigned"]) > 0 for r in rows)
    assert not any(key.startswith("Durham|") for key in coverage_json(mirror)["data_not_provided"])
    assert not any(g["force"] == "Durham" for g in listed_gaps())
    f = figures(found)
    assert f["durham_complete"] is True and f["durham_no_data"] == 0 and f["durham_part_year"] == 0
    assert found["sentences"][0] == (
        "Durham Constabulary's data is complete for every year from 2014/15 to 2025/26 on both counts.")
    # README: Durham 2017/18 community resolutions 5,464 (2019) vs 5,567 (2024), closed basis
    new = next(r for r in rows if r["fy"] == "2017/18")
    assert f["durham_closed_community_resolution_2017_18_published_2019"] == old_file["sums"][("Durham", "closed")][0] == 5464
    assert f["durham_closed_community_resolution_2017_18_published_2024"] == int(new["closed_all_t8"]) == 5567
    assert f["durham_recorded_assigned_2017_18_published_2019"] == old_file["sums"][("Durham", "recorded")][1]
    # whole-file counts
    assert f["negative_rows_2017_18_file"] == old_file["negative"]
    assert f["negative_type8_rows_2017_18_file"] == old_file["negative_type8"]
    assert f["expired_code_rows_2017_18_file"] == old_file["expired"] == 0
    assert f["data_not_provided_rows"] == sum(coverage_json(mirror)["data_not_provided"].values())
    assert f["negative_rows_2024_national"] == sum(coverage_json(mirror)["negative_counts_by_force_year"].values())
    assert found["warnings"] == []
    text = check_page(found)
    assert "dropped them" in text


@pytest.mark.notebook
def test_british_transport_police_has_no_recorded_basis_2014_15(run_notebook, mirror):
    found = run_notebook("0-data-coverage", area="British Transport Police")
    rows = [r for r in force_year_csv(mirror) if r["force"] == "British Transport Police"]
    zero_cells = sum(int(r[f"{b}_all_assigned"]) == 0 for r in rows for b in ("closed", "recorded"))
    assert zero_cells == 1  # recorded basis, 2014/15
    f = figures(found)
    assert f["british-transport-police_no_data"] == zero_cells
    assert f["british-transport-police_complete"] is False
    # the closed basis is not zero although all four quarters are marked: 'check', not 'no data'
    assert coverage_json(mirror)["data_not_provided"]["British Transport Police|2014/15"] == 4 * 2261
    # ... and the run check queries 2020/21-2021/22 on both bases (rail travel in the pandemic years:
    # 0.70 and 0.74 of the years around them on the closed basis, after the national change): 1 + 4 cells
    runs = coverage.low_runs(outcomes.load_force_year_totals(mirror=mirror))
    btp_runs = runs[runs["force"] == "British Transport Police"]
    assert btp_runs[["first_year", "last_year"]].drop_duplicates().values.tolist() == [["2020/21", "2021/22"]]
    assert f["british-transport-police_check"] == 1 + 4
    assert "British Transport Police has no recorded-basis data for 2014/15" in found["sentences"][0]
    check_page(found)


@pytest.mark.notebook
def test_dyfed_powys_2014_15_is_a_part_year_on_both_counts(run_notebook, mirror):
    found = run_notebook("0-data-coverage", area="Dyfed-Powys")
    assert coverage_json(mirror)["data_not_provided"]["Dyfed-Powys|2014/15"] == 4522  # two quarters
    f = figures(found)
    assert f["dyfed-powys_part_year"] == 2 and f["dyfed-powys_no_data"] == 0
    assert found["sentences"][0].startswith("Dyfed-Powys Police has only part-year figures for 2014/15 on both counts")
    assert any("4,522 rows of the 2014/15 data for Dyfed-Powys" in w for w in found["warnings"])


@pytest.mark.notebook
def test_region_north_yorkshire_gaps_and_revision(run_notebook, mirror, old_file):
    found = run_notebook("0-data-coverage")  # default area: north-east-and-north-yorkshire
    f = figures(found)
    listed = [g for g in listed_gaps() if g["force"] == "North Yorkshire"]
    assert len(listed) == 1
    assert (listed[0]["first_year"], listed[0]["last_year"], listed[0]["basis"]) == ("2017/18", "2019/20", "closed")
    assert f["north-yorkshire_part_year"] == 3  # 2017/18, 2018/19, 2019/20 closed
    assert f["area_forces_complete"] == 3 and f["durham_complete"] is True
    assert found["sentences"][0].startswith("Three of the four forces in the North East and North Yorkshire have complete data")
    # README: North Yorkshire's recorded-basis totals about 42% higher in 2024
    new = next(r for r in force_year_csv(mirror) if r["force"] == "North Yorkshire" and r["fy"] == "2017/18")
    old_assigned = old_file["sums"][("North Yorkshire", "recorded")][1]
    assert f["north-yorkshire_recorded_assigned_2017_18_published_2019"] == old_assigned
    assert f["north-yorkshire_recorded_assigned_2017_18_published_2024"] == int(new["recorded_all_assigned"])
    assert int(new["recorded_all_assigned"]) / old_assigned == pytest.approx(1.42, abs=0.01)
    # all forces: those with a zero total, a marker or a listed gap are not complete; the computed
    # checks flag no other force in this mirror (North Yorkshire's 2020/21 spike is a listed force)
    flagged = {r["force"] for r in force_year_csv(mirror) for b in ("closed", "recorded") if int(r[f"{b}_all_assigned"]) == 0}
    flagged |= {key.split("|")[0] for key in coverage_json(mirror)["data_not_provided"]}
    flagged |= {g["force"] for g in listed_gaps()}
    # the run check also queries the City of London's pandemic years (2020/21-2022/23, both counts), in no list
    runs = coverage.low_runs(outcomes.load_force_year_totals(mirror=mirror))
    flagged |= set(runs["force"])
    assert set(runs["force"]) - {g["force"] for g in listed_gaps()} == {"City of London"}
    assert f["national_forces_complete"] == 44 - len(flagged) == 31
    assert any("North Yorkshire" in w and "2020/21" in w for w in found["warnings"])
    assert f["new_flags"] == 1  # North Yorkshire closed 2020/21, flagged by code, in no list
    check_page(found)
