"""Chart data for Datawrapper/Flourish (issue 15 item 5): hand-made frames, expected values worked out by hand."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from community_resolutions.findings import Findings
from community_resolutions.newsroom import PERCENT_UNIT, ChartInfo, metadata, newsroom_frame

RANKED = pd.DataFrame({
    "force": ["Durham", "Kent", "Essex"],
    "community_resolution": [30, 10, 5],
    "assigned": [400, 800, 1000],
    "share": [0.075, 0.0125, 0.005],  # 30/400, 10/800, 5/1000
    "rank": [1, 2, 3],
    "in_area": [True, False, False],
    "known_gap": [False, True, False],
})


def read_csv_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_ranked_bars_become_one_row_per_bar_with_human_headers_and_percentages(tmp_path):
    found = Findings("1-force-rate", {"area": "Durham"}, synthetic=False)
    found.chart("ranked-forces", RANKED)  # the call notebooks make today still works
    found.write(tmp_path)
    rows = read_csv_rows(tmp_path / "1-force-rate.ranked-forces.chart.csv")
    assert rows == [
        ["Force", "Community resolutions", "All outcomes assigned", "Share (%)", "Rank"],
        ["Durham", "30", "400", "7.5", "1"],  # 30 / 400 = 0.075 -> 7.5 %
        ["Kent", "10", "800", "1.25", "2"],  # 10 / 800 = 0.0125 -> 1.25 %
        ["Essex", "5", "1000", "0.5", "3"],  # 5 / 1000 = 0.005 -> 0.5 %
    ]
    # the package's own CSV is unchanged: every column, shares from 0 to 1
    own = pd.read_csv(tmp_path / "1-force-rate.ranked-forces.csv")
    assert list(own.columns) == list(RANKED.columns) and own["share"].tolist() == [0.075, 0.0125, 0.005]


def test_metadata_derives_what_the_notebook_did_not_pass_and_says_so(tmp_path):
    found = Findings("1-force-rate", {"area_name": "Durham Constabulary", "years": ["2014/15", "2015/16", "2016/17"]},
                     synthetic=False)
    found.sources.append({"id": "force-year-totals", "used_for": "totals"})
    found.chart("ranked-forces", RANKED)
    document = json.loads(found.write(tmp_path).read_text())
    assert document["newsroom_charts"]["ranked-forces"] == {
        "data": "1-force-rate.ranked-forces.chart.csv", "metadata": "1-force-rate.ranked-forces.chart.json"}
    meta = json.loads((tmp_path / "1-force-rate.ranked-forces.chart.json").read_text())
    assert meta["title"] == "Ranked forces: Durham Constabulary, 2014/15 to 2016/17"
    assert meta["derived"] == ["title", "description", "source", "alt"]
    assert meta["description"] == ("3 rows, one per force; values: Community resolutions, All outcomes assigned, "
                                   "Share (%), Rank.")
    assert meta["source"].startswith("Source: ") and "Open Government Licence" in meta["source"]
    # the share column is the one described: Durham's 7.5% is the highest (Kent 1.25%, Essex 0.5%)
    assert meta["alt"] == ("Chart: Ranked forces: Durham Constabulary, 2014/15 to 2016/17. 3 rows. "
                           "Highest share: Durham (7.5%).")
    assert meta["label_column"] == "Force"
    assert meta["value_columns"] == ["Community resolutions", "All outcomes assigned", "Share (%)", "Rank"]
    assert meta["units"] == {"Community resolutions": "count", "All outcomes assigned": "count",
                             "Share (%)": PERCENT_UNIT, "Rank": "rank (1 = the highest)"}
    assert meta["highlight"] == ["Durham"]
    assert "Known gap in the data for these years: Kent." in meta["notes"]
    assert any("Derived by the package" in note and "title, description, source, alt" in note for note in meta["notes"])
    assert meta["synthetic"] is False and meta["rows"] == 3


def test_what_a_notebook_passes_is_used_word_for_word(tmp_path):
    found = Findings("3-drug-offences", {}, synthetic=False)
    found.chart("drug-shares", RANKED[["force", "share"]], title="Drug offences closed by community resolution",
                source="Source: Home Office", alt="Bar chart: Durham highest at 7.5%", notes=["Rounded."],
                description="Share by force", columns={"share": "Drug offences resolved"})
    found.write(tmp_path)
    meta = json.loads((tmp_path / "3-drug-offences.drug-shares.chart.json").read_text())
    assert (meta["title"], meta["source"], meta["alt"], meta["description"]) == (
        "Drug offences closed by community resolution", "Source: Home Office", "Bar chart: Durham highest at 7.5%",
        "Share by force")
    assert meta["derived"] == []
    assert meta["notes"][0] == "Rounded."
    assert read_csv_rows(tmp_path / "3-drug-offences.drug-shares.chart.csv")[0] == ["Force", "Drug offences resolved (%)"]


def test_synthetic_chart_keeps_its_label_column_and_says_so():
    frame = RANKED.copy()
    frame.insert(0, "synthetic_data", "SYNTHETIC: invented counts, not a finding")
    shaped, columns = newsroom_frame(frame)
    assert list(shaped.columns)[0] == "synthetic_data"  # the name every synthetic CSV of the package uses
    assert set(shaped["synthetic_data"]) == {"SYNTHETIC: invented counts, not a finding"}
    meta = metadata("1-force-rate", "ranked-forces", frame, ChartInfo(title="Shares"), subject="x",
                    sources_line="Source: x", synthetic=True, files={})
    assert meta["synthetic"] is True
    assert meta["title"] == "SYNTHETIC DATA – Shares"
    assert meta["notes"][0].startswith("SYNTHETIC DATA")
    assert meta["label_column"] == "Force"  # the label column is not the synthetic one


def test_synthetic_findings_write_the_label_into_the_newsroom_csv(tmp_path):
    found = Findings("1-force-rate", {}, synthetic=True)
    found.chart("ranked-forces", RANKED)
    found.write(tmp_path)
    rows = read_csv_rows(tmp_path / "1-force-rate.ranked-forces.chart.csv")
    assert rows[0][0] == "synthetic_data" and all(r[0].startswith("SYNTHETIC") for r in rows[1:])


def test_internal_columns_go_and_points_stay_one_per_row():
    funnel = pd.DataFrame({"force": ["A", "B"], "assigned": [100, 200], "share": [0.1, 0.05],
                           "lower_95": [0.02, 0.03], "position": ["above_95", "within"], "z": [2.5, 0.3],
                           "in_area": [False, True], "position_among_forces": ["above", "within"]})
    shaped, _ = newsroom_frame(funnel)
    assert list(shaped.columns) == ["Force", "All outcomes assigned", "Share (%)", "Lower 95% limit (%)"]
    assert shaped["Lower 95% limit (%)"].tolist() == [2.0, 3.0]  # 0.02 and 0.03 as percentages
    assert len(shaped) == 2


def test_default_alt_names_the_first_value_without_a_share():
    frame = pd.DataFrame({"category": ["Assaults", "Theft"], "community_resolution": [1463, 172]})
    meta = metadata("4-region-in-numbers", "offence-mix", frame, ChartInfo(), subject="Cleveland Police, 2017/18",
                    sources_line="Source: x", synthetic=False, files={})
    assert meta["alt"] == ("Chart: Offence mix: Cleveland Police, 2017/18. 2 rows. "
                           "Highest community resolutions: Assaults (1,463).")


def test_yes_no_columns_years_and_a_shared_header():
    frame = pd.DataFrame({"financial_year": ["2016/17", "2017/18"], "share": [0.25, 0.5],
                          "Share": [1, 2], "flag": [True, False]})
    shaped, columns = newsroom_frame(frame)
    assert list(shaped.columns) == ["Financial year", "Share (%)", "Share", "Flag"]
    assert shaped["Flag"].tolist() == ["yes", "no"]
    assert shaped["Share (%)"].tolist() == [25.0, 50.0]
    assert [c["role"] for c in columns] == ["label", "value", "value", "value"]


def test_explicit_percent_columns_win_over_the_guess():
    frame = pd.DataFrame({"force": ["A"], "share": [0.5], "ratio": [0.25]})
    shaped, _ = newsroom_frame(frame, ChartInfo(percent=["share"]))
    assert shaped.iloc[0].tolist() == ["A", 50.0, 0.25]


@pytest.mark.parametrize("value, expected", [(0.123456, 12.35), (1 / 3, 33.33)])
def test_percentages_are_rounded_to_two_decimals(value, expected):
    shaped, _ = newsroom_frame(pd.DataFrame({"force": ["A", "B"], "share": [value, 0.5]}))
    assert shaped["Share (%)"].iloc[0] == expected
