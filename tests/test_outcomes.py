"""Canonical outcomes tables from small hand-made fixtures; expected values worked out by hand."""

import textwrap

import pandas as pd
import pytest

from community_resolutions import metrics, outcomes

HEADER = ("financial_year,financial_quarter,force_name,offence_description,offence_group,offence_subgroup,"
          "offence_code,offence_code_expired,outcome_description,outcome_group,outcome_type,offences,"
          "force_outcomes_recorded_in_quarter")

# Two forces (one under its Home Office spelling), two quarters. Hand sums:
#   Durham recorded: type0 10+5=15 (not an outcome), type8 4+2=6, type1 3, type18 7-1=6 -> assigned 15
#   Durham closed:   type0 NA, type8 5+1=6, type1 2, type18 8+(-2)=6              -> assigned 14
#   City of London recorded: type8 1, type3 2 -> assigned 3; closed: type8 0, type3 2 -> assigned 2
TIDY = textwrap.dedent(f"""\
    {HEADER}
    2017/18,1,Durham,Common assault,Violence against the person,Violence without injury,105A,NA,Not yet assigned an outcome,Not yet assigned,0,10,NA
    2017/18,1,Durham,Common assault,Violence against the person,Violence without injury,105A,NA,Community Resolution,Out-of-court (informal),8,4,5
    2017/18,1,Durham,Common assault,Violence against the person,Violence without injury,105A,NA,Charged/Summonsed,Charged/Summonsed,1,3,2
    2017/18,2,Durham,Common assault,Violence against the person,Violence without injury,105A,NA,Not yet assigned an outcome,Not yet assigned,0,5,NA
    2017/18,2,Durham,Common assault,Violence against the person,Violence without injury,105A,NA,Community Resolution,Out-of-court (informal),8,2,1
    2017/18,2,Durham,"Theft from the person",Theft offences,Theft from the person,39,NA,Investigation complete – no suspect identified,No suspect,18,7,8
    2017/18,2,Durham,"Theft from the person",Theft offences,Theft from the person,39,NA,Investigation complete – no suspect identified,No suspect,18,-1,-2
    2017/18,1,"London, City of",Shoplifting,Theft offences,Shoplifting,46,NA,Community Resolution,Out-of-court (informal),8,1,0
    2017/18,1,"London, City of",Shoplifting,Theft offences,Shoplifting,46,NA,Caution – adults,Out-of-court (formal),3,2,2
    NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA
    """)  # noqa: E501 - rows of a CSV file, as published


@pytest.fixture
def tidy_file(tmp_path):
    path = tmp_path / "outcomes-tidy-fixture.csv"
    path.write_text(TIDY, encoding="utf-8")
    return path


def test_tidy_reader_makes_the_canonical_shape(tidy_file):
    table = outcomes.read_tidy_outcomes(tidy_file, source="fixture", published="2019")
    assert list(table.columns) == outcomes.OFFENCE_COLUMNS
    assert len(table) == 9  # the all-NA trailing row is dropped
    assert set(table["force"]) == {"Durham", "City of London"}
    assert table["closed"].isna().sum() == 2  # type 0 has no closed count
    assert table["closed"].min() == -2  # corrections kept
    assert "Investigation complete – no suspect identified" in set(table["outcome_description"])


def test_totals_from_offences_keeps_type_0_out_of_denominators(tidy_file):
    table = outcomes.read_tidy_outcomes(tidy_file, source="fixture", published="2019")
    flat = outcomes.totals_from_offences(table)
    assert list(flat.columns) == outcomes.TOTAL_COLUMNS
    totals = flat.set_index(["force", "basis"])
    assert totals.loc[("Durham", "recorded"), "assigned"] == 15
    assert totals.loc[("Durham", "recorded"), "community_resolution"] == 6
    assert totals.loc[("Durham", "closed"), "assigned"] == 14
    assert totals.loc[("Durham", "closed"), "community_resolution"] == 6
    assert totals.loc[("Durham", "closed"), "charged"] == 2
    assert totals.loc[("Durham", "closed"), "positive"] == 8  # 6 + 2
    assert totals.loc[("City of London", "recorded"), "assigned"] == 3
    assert totals.loc[("City of London", "closed"), "out_of_court"] == 2  # 0 + 2


def test_shares_from_fixture(tidy_file):
    totals = outcomes.totals_from_offences(outcomes.read_tidy_outcomes(tidy_file, source="f", published="2019"))
    shares = metrics.force_shares(totals, ["2017/18"], "recorded").set_index("force")
    assert shares.loc["Durham", "share"] == pytest.approx(6 / 15)
    assert shares.loc["City of London", "share"] == pytest.approx(1 / 3)
    assert shares.loc["Durham", "rank"] == 1


def test_newest_publication_wins():
    old = pd.DataFrame({"force": ["Durham", "Cleveland"], "financial_year": ["2017/18"] * 2, "basis": ["closed"] * 2,
                        "community_resolution": [5464, 900], "published": ["2019"] * 2})
    new = pd.DataFrame({"force": ["Durham"], "financial_year": ["2017/18"], "basis": ["closed"],
                        "community_resolution": [5567], "published": ["2024"]})
    combined = outcomes.combine_totals(new, old).set_index("force")
    assert combined.loc["Durham", "community_resolution"] == 5567  # not 5464, never 11031
    assert combined.loc["Cleveland", "community_resolution"] == 900  # only the old source has it


def test_missing_column_names_file_and_column(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text(TIDY.replace("offence_code,", "code,", 1), encoding="utf-8")
    with pytest.raises(outcomes.BadInput, match=r"broken\.csv, row 1, column 'code': not a known column name "
                                                r"\(no known name is close\); the header lacks \['offence_code'\]"):
        outcomes.read_tidy_outcomes(path, source="x", published="2019")


def test_bad_quarter_names_row_and_column(tmp_path):
    path = tmp_path / "bad-quarter.csv"
    lines = TIDY.splitlines()
    lines[3] = lines[3].replace("2017/18,1,", "2017/18,first,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(outcomes.BadInput, match=r"bad-quarter\.csv, row 4, column 'financial_quarter': expected a whole number "
                                                r"from 1 to 4, found 'first'"):
        outcomes.read_tidy_outcomes(path, source="x", published="2019")


def test_unknown_force_names_row(tmp_path):
    path = tmp_path / "bad-force.csv"
    path.write_text(TIDY.replace("Durham,Common", "Durhem,Common", 1), encoding="utf-8")
    with pytest.raises(outcomes.BadInput, match=r"bad-force\.csv, row 2, column 'force_name': expected a force listed in "
                                                r"forces\.csv, unknown force 'Durhem'\. Did you mean: Durham"):
        outcomes.read_tidy_outcomes(path, source="x", published="2019")


def test_force_year_reader(tmp_path):
    measures = ["t1", "t2", "t3", "t6", "t7", "t8", "t22", "oocd", "positive", "assigned"]
    columns = [f"{b}_{s}_{m}" for b in ("closed", "recorded") for s in ("all", "ex_fraud") for m in measures]
    values = {c: 0 for c in columns}
    values.update({"closed_all_t8": 12, "closed_all_assigned": 100, "recorded_all_t8": 11, "recorded_all_assigned": 90})
    frame = pd.DataFrame([{"force": "London, City of", "slug": "x", "fy": "2015/16", **values}])
    path = tmp_path / "force-year.csv"
    frame.to_csv(path, index=False, lineterminator="\r\n")  # CRLF as in the source
    totals = outcomes.read_force_year_totals(path, source="fy", published="2024").set_index("basis")
    assert totals.loc["closed", "force"] == "City of London"
    assert totals.loc["closed", "community_resolution"] == 12
    assert totals.loc["recorded", "assigned"] == 90


def test_real_2017_18_file_matches_the_mirror_readme(mirror):
    table = outcomes.load_offence_level_2017_18(mirror=mirror)
    assert len(table) == 450_912
    assert table["force"].nunique() == 44
    durham = table[table["force"] == "Durham"]
    # Mirror README: Durham's recorded-basis sum over all outcome types incl. 0 is its recorded crime, 61,150
    assert int(durham["recorded"].sum()) == 61_150


@pytest.mark.parametrize("load", [outcomes.load_offence_level_all, outcomes.load_offence_level_2017_18,
                                  outcomes.offence_level_totals_2017_18])
def test_a_caller_changing_its_table_never_changes_the_next_callers(mirror, load):
    """Each loader keeps its table once per process and hands out shallow copies; Copy-on-Write
    (set on import of the package) must keep a caller's writes out of the kept table."""
    assert pd.get_option("mode.copy_on_write") is True
    first = load(mirror=mirror)
    column = "closed" if "closed" in first else first.select_dtypes("number").columns[0]
    before = first[column].copy()
    row = first.index[0]
    first.loc[row, column] = -12345            # a write into a cell
    first[column] = first[column] * 0           # a column replaced
    first.iloc[1, first.columns.get_loc(column)] = -1
    first["force"] = first["force"].str.upper()
    second = load(mirror=mirror)
    assert second is not first
    pd.testing.assert_series_equal(second[column], before)
    assert not second["force"].str.isupper().all()
