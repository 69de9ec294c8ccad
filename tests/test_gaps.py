"""Known gaps: the coverage file's 'data not provided' rows and the reviewed gaps file."""

from community_resolutions import gaps


def test_data_not_provided_rows_become_quarters():
    table = gaps.known_gaps(coverage={"data_not_provided": {"Cumbria|2014/15": 9044, "Bedfordshire|2014/15": 2261}})
    provided = table[table["kind"] == "data not provided"].set_index("force")
    assert provided.loc["Cumbria", "quarters_missing"] == 4
    assert provided.loc["Bedfordshire", "quarters_missing"] == 1
    assert "all four quarters" in provided.loc["Cumbria", "note"]


def test_reviewed_gaps_file_expands_year_ranges():
    table = gaps.known_gaps(coverage={})
    north_yorkshire = table[table["force"] == "North Yorkshire"]
    assert sorted(north_yorkshire["financial_year"]) == ["2017/18", "2018/19", "2019/20"]
    assert set(north_yorkshire["basis"]) == {"closed"}


def test_gaps_for_respects_basis():
    table = gaps.known_gaps(coverage={})
    assert len(gaps.gaps_for(table, ["North Yorkshire"], ["2017/18"], "closed")) == 1
    assert len(gaps.gaps_for(table, ["North Yorkshire"], ["2017/18"], "recorded")) == 0
    assert len(gaps.gaps_for(table, ["Greater Manchester"], ["2019/20"], "recorded")) == 1  # 'both'


def test_real_coverage_file_lists_the_2014_15_gaps(mirror):
    table = gaps.known_gaps(mirror=mirror)
    provided = table[table["kind"] == "data not provided"].set_index("force")["quarters_missing"].to_dict()
    # Mirror README, "Known gaps": BTP, Cumbria, Leicestershire 4; Met 3; Dyfed-Powys 2; Beds, Herts, S Yorks 1
    assert provided == {"British Transport Police": 4, "Cumbria": 4, "Leicestershire": 4, "Metropolitan Police": 3,
                        "Dyfed-Powys": 2, "Bedfordshire": 1, "Hertfordshire": 1, "South Yorkshire": 1}
