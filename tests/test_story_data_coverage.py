"""story/data_coverage.py (notebook 0) on hand-made statuses, flags and revisions: every sentence
rule with the expected words worked out by hand in the comments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from community_resolutions import areas, coverage, story
from community_resolutions.story import data_coverage

YEARS = "2016/17-2017/18"
REGION = "north-east-and-north-yorkshire"
REGION_FORCES = ["Cleveland", "Durham", "North Yorkshire", "Northumbria"]


def statuses(forces: list[str], years: list[str], bad: dict[tuple[str, str, str], str] | None = None) -> pd.DataFrame:
    """Cells: every force, year and basis complete except those in ``bad`` ((force, year, basis) -> status)."""
    rows = []
    for force in forces:
        for year in years:
            for basis in ("closed", "recorded"):
                status = (bad or {}).get((force, year, basis), "complete")
                rows.append({"force": force, "financial_year": year, "basis": basis, "assigned": 100,
                             "community_resolution": 10, "status": status,
                             "reasons": [] if status == "complete" else [f"{status} here."]})
    return pd.DataFrame(rows)


def make(tmp_path: Path, area: str, cells: pd.DataFrame, years: str = YEARS,
         **fields: Any) -> data_coverage.DataCoverage:
    run = story.start("0-data-coverage", area, years, "closed", output_dir=str(tmp_path))
    empty = pd.DataFrame()
    values: dict[str, Any] = {"totals": empty, "offences": empty, "notes": {}, "known": empty, "flags": empty,
                              "mismatches": empty, "revisions": empty, "synthetic": False, "runs": empty}
    values.update(fields)
    return data_coverage.DataCoverage(run=run, cells=cells,
                                      summary=coverage.force_summary(cells, areas.all_forces(), run.years), **values)


def test_region_with_one_force_that_has_a_gap(tmp_path):
    cells = statuses(REGION_FORCES, ["2016/17", "2017/18"], {("North Yorkshire", "2017/18", "recorded"): "no data"})
    data = make(tmp_path, REGION, cells)
    found = data.run.findings(False)
    data_coverage.add_status_figures(found, data)
    lines = data_coverage.tell_status(found, data)
    # 3 of 4 complete; one force with gaps takes "has". Four forces (at most eight): a sentence each.
    # Forces absent from the cells count as complete, so 43 of the 44 forces are.
    assert lines[0] == ("Three of the four forces in the North East and North Yorkshire have complete data for every "
                        "year from 2016/17 to 2017/18 on both counts; North Yorkshire Police has gaps or figures that "
                        "need checking.")
    assert lines[1] == "Cleveland Police's data is complete for every year from 2016/17 to 2017/18 on both counts."
    assert lines[3] == ("North Yorkshire Police has no recorded-basis data for 2017/18; its data is complete for the "
                        "other year on both counts.")
    assert lines[-1] == ("Across England and Wales, 43 of the 44 forces have complete data for every year from "
                         "2016/17 to 2017/18 on both counts.")
    assert len(lines) == 6
    figures = found.figures
    assert figures["area_forces_complete"]["value"] == 3
    assert figures["north-yorkshire_no_data"]["value"] == 1
    assert figures["north-yorkshire_complete"]["value"] is False
    assert figures["national_cells_no_data"]["value"] == 1


def test_region_all_complete_and_two_forces_with_gaps(tmp_path):
    data = make(tmp_path, REGION, statuses(REGION_FORCES, ["2016/17", "2017/18"]))
    assert data_coverage.region_lead(data) == (
        "All four forces in the North East and North Yorkshire have complete data for every year from 2016/17 to "
        "2017/18 on both counts.")
    two = statuses(REGION_FORCES, ["2016/17", "2017/18"], {("Durham", "2016/17", "closed"): "check",
                                                            ("North Yorkshire", "2017/18", "closed"): "part-year"})
    data = make(tmp_path, REGION, two)
    # two of four complete; two forces with gaps take "have", listed in the area's order
    assert data_coverage.region_lead(data) == (
        "Two of the four forces in the North East and North Yorkshire have complete data for every year from "
        "2016/17 to 2017/18 on both counts; Durham Constabulary and North Yorkshire Police have gaps or figures that "
        "need checking.")


def test_england_and_wales_names_only_incomplete_forces_and_no_national_sentence(tmp_path):
    cells = statuses(["British Transport Police", "Kent"], ["2017/18"],
                     {("British Transport Police", "2017/18", "recorded"): "no data"})
    data = make(tmp_path, "england-and-wales", cells, years="2017/18")
    found = data.run.findings(False)
    lines = data_coverage.tell_status(found, data)
    # 44 forces (more than eight): only the incomplete one gets a sentence; no "Across England and Wales".
    assert lines == [
        ("43 of the 44 forces in England and Wales have complete data for 2017/18 on both counts; British Transport "
        "Police has gaps or figures that need checking."),
        "British Transport Police has no recorded-basis data for 2017/18.",
    ]


def test_a_single_force_leads_with_its_own_sentence(tmp_path):
    cells = statuses(["City of London"], ["2017/18"])
    data = make(tmp_path, "City of London", cells, years="2017/18")
    found = data.run.findings(False)
    assert data_coverage.tell_status(found, data) == [
        "City of London Police's data is complete for 2017/18 on both counts.",
        "Across England and Wales, 44 of the 44 forces have complete data for 2017/18 on both counts.",
    ]
    assert "area_forces_complete" not in found.figures  # a force is not an area of forces
    caption, table = data_coverage.issues(data)
    assert caption == "No force-year of City of London Police fails a check in 2017/18."
    assert table.empty


def test_issues_table_lists_what_is_not_complete(tmp_path):
    cells = statuses(["Durham"], ["2016/17", "2017/18"], {("Durham", "2017/18", "closed"): "part-year"})
    caption, table = data_coverage.issues(make(tmp_path, "Durham", cells))
    assert caption == "Every force-year of Durham Constabulary that is not complete, from 2016/17 to 2017/18"
    assert table.values.tolist() == [["Durham", "2017/18", "closed", 100, "part-year", "part-year here"]]
    assert list(table.columns) == ["Force", "Year", "Count", "Outcomes assigned", "Status", "Why"]


def test_flags_no_list_explains_are_merged_and_said(tmp_path):
    flags = pd.DataFrame([
        ("Durham", "2017/18", "closed", "dip", 100),       # also a basis mismatch below: merged
        ("Kent", "2017/18", "recorded", "spike", 900),     # explained by a known gap on both counts
        ("Cleveland", "2016/17", "closed", "dip", 0),      # a zero is a "no data" cell, not a new flag
        ("Cleveland", "2015/16", "closed", "dip", 50),     # not a year asked for
    ], columns=["force", "financial_year", "basis", "kind", "value"])
    mismatches = pd.DataFrame([("Durham", "2017/18", "closed", 100, 200)],
                              columns=["force", "financial_year", "suspect", "closed", "recorded"])
    known = pd.DataFrame([("Kent", "2017/18", "both")], columns=["force", "financial_year", "basis"])
    data = make(tmp_path, "Durham", statuses(["Durham"], ["2016/17", "2017/18"]), flags=flags,
                mismatches=mismatches, known=known)
    new = data_coverage.unexplained_flags(data)
    assert new == [("Durham", "2017/18", "closed", "year-on-year dip and basis mismatch", 100)]
    found = data.run.findings(False)
    assert data_coverage.tell_new_flags(found, data, new) == [
        ("The checks flag Durham Constabulary's closed-basis total for 2017/18 (100 outcomes: a year-on-year dip and "
        "basis mismatch), which no list of known gaps explains.")]
    assert found.figures["new_flags"]["value"] == 1
    caption, table = data_coverage.new_flags_table(data, new)
    assert caption == "Flagged by a computed check, in no list of known gaps (all forces, from 2016/17 to 2017/18)"
    assert table["Outcomes assigned"].tolist() == [100]
    assert data_coverage.tell_new_flags(found, data, []) == [
        "The computed checks find nothing from 2016/17 to 2017/18 that the known gaps do not already explain."]
    assert found.figures["new_flags"]["value"] == 0


REVISIONS = pd.DataFrame([
    # force, basis, cr old, cr new, cr change, assigned old, new, change, large
    ("Durham", "closed", 1000, 1100, 0.1, 20000, 20100, 0.005, False),
    ("Durham", "recorded", 900, 900, 0.0, 10000, 9000, -0.1, True),
    ("Kent", "closed", 500, 400, -0.2, 8000, 7000, -0.125, True),
], columns=["force", "basis", "community_resolution_old", "community_resolution_new", "community_resolution_pct",
            "assigned_old", "assigned_new", "assigned_pct", "large"])


def test_revisions_said_for_the_chosen_count_and_every_large_one(tmp_path):
    data = make(tmp_path, "Durham", statuses(["Durham"], ["2017/18"]), years="2017/18", revisions=REVISIONS)
    found = data.run.findings(False)
    data_coverage.add_revision_figures(found, data)
    lines = data_coverage.tell_revisions(found, data)
    # closed is the chosen count (said though small); recorded is large (said, with its outcomes);
    # Kent is not in the area. 1,000 -> 1,100 is +100, +10.0%; 900 -> 900 is +0, no change;
    # 10,000 -> 9,000 is -1,000, -10.0%.
    assert lines == [
        ("Durham Constabulary's 2017/18 community resolutions (closed basis) were 1,000 in the 2019 publication and "
        "1,100 in the 2024 one (+100, +10.0%)."),
        ("Durham Constabulary's 2017/18 community resolutions (recorded basis) were 900 in the 2019 publication and "
        "900 in the 2024 one (+0, no change); its outcomes assigned 10,000 in the 2019 publication and 9,000 in the "
        "2024 one (-1,000, -10.0%): a large revision, so never compare the two publications for this force."),
    ]
    assert found.figures["revisions_large"]["value"] == 2
    assert found.figures["durham_closed_community_resolution_2017_18_published_2019"]["value"] == 1000
    assert found.figures["durham_recorded_assigned_2017_18_published_2024"]["value"] == 9000
    assert "kent_closed_assigned_2017_18_published_2019" not in found.figures
    (area_caption, area), (_large_caption, large) = data_coverage.revision_tables(data)
    assert area_caption == "2017/18 in the two publications: Durham Constabulary"
    assert area["Change"].tolist() == ["+10.0%", "no change"]
    assert large["Force"].tolist() == ["Durham", "Kent"]
    assert large["Change "].tolist() == ["-10.0%", "-12.5%"]


def test_england_and_wales_says_only_large_revisions(tmp_path):
    data = make(tmp_path, "england-and-wales", statuses(["Durham"], ["2017/18"]), years="2017/18",
                revisions=REVISIONS)
    lines = data_coverage.tell_revisions(data.run.findings(False), data)
    assert [line.split(" (")[0] for line in lines] == [
        "Durham Constabulary's 2017/18 community resolutions", "Kent Police's 2017/18 community resolutions"]
    assert len(data_coverage.revision_tables(data)) == 1  # no area table: every force is the area


def quirks(type8_in_area: int, quarters: list[int]) -> data_coverage.Quirks:
    return data_coverage.Quirks(
        area_negatives=pd.DataFrame({"force": ["Durham"], "financial_year": ["2016/17"], "negative_rows": [1]}),
        national_negatives=5,
        area_old=pd.DataFrame({"force": ["Durham"], "negative_rows": [2], "negative_closed_rows": [1],
                               "negative_recorded_rows": [1], "negative_type8_rows": [type8_in_area]}),
        national_old=pd.Series({"negative_rows": 12, "negative_closed_rows": 7, "negative_recorded_rows": 5,
                                "negative_type8_rows": 3, "negative_type8_closed": -4, "negative_type8_recorded": -2}),
        expired_old=0,
        quarters=pd.DataFrame({"quarters": quarters, "empty_quarters": [0] * len(quarters)}),
        provided=pd.DataFrame({"rows": [2261, 4522]}))


def test_quirks_sentences_one_row_none_expired_and_every_quarter(tmp_path):
    data = make(tmp_path, "Durham", statuses(["Durham"], ["2016/17", "2017/18"]),
                notes={"expired_offence_code_rows": 17})
    q = quirks(type8_in_area=1, quarters=[4] * 44)
    found = data.run.findings(False)
    data_coverage.add_quirk_figures(found, data, q)
    # one row (singular, in words); 12 rows: seven closed, five recorded; three community
    # resolutions (capitalised at the start), one of them Durham's (singular "is").
    assert data_coverage.tell_quirks(found, data, q) == [
        ("The force-year totals for Durham Constabulary from 2016/17 to 2017/18 are made from one row with a negative "
        "count (corrections), kept as published (five for all forces together)."),
        ("The 2017/18 offence-level file has 12 rows with a negative count: seven on the closed basis and five on the "
        "recorded basis. Three of them are community resolutions, together -4 on the closed basis and -2 on the "
        "recorded basis; one is in Durham Constabulary."),
        ("The copy of the 2017/18 file has no rows for expired offence codes: its maker dropped them (the 2024 "
        "workbooks behind the force-year totals hold 17 such rows), so anything counted against an expired code in "
        "2017/18 is not in the 2019 figures here."),
        "Every force has all four quarters of 2017/18 in that file, none of them empty.",
    ]
    assert found.figures["data_not_provided_rows"]["value"] == 2261 + 4522
    table = data_coverage.negatives_table(data, q)
    assert table.values.tolist() == [["Durham", 1, 2, 1, 1, 1]]
    assert table.columns[1] == "Force-year totals from 2016/17 to 2017/18"


def test_quirks_none_in_the_area_two_in_it_and_a_missing_quarter(tmp_path):
    data = make(tmp_path, "Durham", statuses(["Durham"], ["2017/18"]), years="2017/18")
    assert data_coverage.negatives_sentence(data, quirks(0, [4])).endswith("; none is in Durham Constabulary.")
    assert data_coverage.negatives_sentence(data, quirks(2, [4])).endswith("; two are in Durham Constabulary.")
    q = quirks(0, [4] * 43 + [3])  # one force with three quarters
    found = data.run.findings(False)
    data_coverage.add_quirk_figures(found, data, q)
    last = data_coverage.tell_quirks(found, data, q)[-1]
    assert last == "Some forces lack quarters of 2017/18 in that file: see the table."
    assert found.figures["expired_code_rows_2024"]["value"] == 0  # the coverage file has no count: zero
