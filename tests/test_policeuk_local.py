"""police.uk "Local resolution" by council area and neighbourhood (issue 16 item 4): names, ranks and
sentences, on hand-made tables with hand-worked figures."""

from __future__ import annotations

import pandas as pd
import pytest

from community_resolutions import policeuk_local as local


def lsoa_table(rows: list[tuple[str, str, int, int]], force: str = "Durham") -> pd.DataFrame:
    """(LSOA code, LSOA name, crimes, Local resolution) rows for one force and month."""
    return pd.DataFrame([{"force": force, "month": "2016-03", "lsoa_code": code, "lsoa_name": name,
                          "crimes": crimes, "local_resolution_last": lr} for code, name, crimes, lr in rows])


DURHAM = lsoa_table([
    ("E1", "Darlington 001A", 300, 6), ("E2", "Darlington 002B", 200, 4),      # Darlington 500 crimes, 10
    ("E3", "County Durham 001A", 900, 30),                                    # County Durham 900, 30
    ("E4", "Stockton-on-Tees 010C", 5, 1),                                    # under 1% of 1,410: not ranked
    ("", "", 5, 0),                                                           # no location
])


def test_council_area_is_the_lsoa_name_without_its_code():
    assert local.council_area("Newcastle upon Tyne 001A") == "Newcastle upon Tyne"
    assert local.council_area("Kingston upon Hull, City of 023E") == "Kingston upon Hull, City of"
    assert local.council_area("") == local.NO_LOCATION
    assert local.council_area("Heathrow") == "Heathrow"                        # no code: kept whole


def test_council_areas_ranked_within_the_force():
    table = local.council_areas(DURHAM).set_index("council_area")
    assert table.loc["County Durham", "rank"] == 1 and table.loc["Darlington", "rank"] == 2
    assert table.loc["Darlington", "crimes"] == 500 and table.loc["Darlington", "local_resolution_last"] == 10
    assert table.loc["Darlington", "neighbourhoods"] == 2
    assert table.loc["Stockton-on-Tees", "rank"] == 0 and table.loc[local.NO_LOCATION, "rank"] == 0
    assert (table["ranked_areas"] == 2).all()
    assert list(table.index) == ["County Durham", "Darlington", "Stockton-on-Tees", local.NO_LOCATION]


def test_area_sentence_plural_rank_and_share():
    section = local.local_section(DURHAM, pd.DataFrame({"force": ["Durham"], "month": ["2016-03"]}), ["Durham"], "darlington")
    assert section.sentences[-2] == ("Darlington: 10 of its 500 crimes recorded March 2016 (2.0%) had “Local resolution” as "
                                     "their last outcome on police.uk, the fewer of two council areas in Durham "
                                     "Constabulary's files.")
    assert section.figures["local_area_rank"][0] == 2 and section.figures["local_area_ranked_areas"][0] == 2
    assert section.figures["durham_council_darlington_local_resolution_last"][0] == 10
    assert section.neighbourhoods["lsoa_name"].tolist() == ["Darlington 001A", "Darlington 002B"]


def test_area_sentence_single_area_zero_and_one_crime():
    one_area = {"council_area": "Darlington", "crimes": 40, "local_resolution_last": 0, "share": 0.0, "rank": 1,
                "ranked_areas": 1}
    assert local.area_sentence(one_area, "Durham Constabulary", "2016") == (
        "Darlington: none of its 40 crimes recorded 2016 had “Local resolution” as their last outcome on police.uk; "
        "Darlington is the only council area in Durham Constabulary's files.")
    one_crime = {**one_area, "crimes": 1, "local_resolution_last": 1, "share": 1.0, "rank": 3, "ranked_areas": 5}
    assert local.area_sentence(one_crime, "Durham Constabulary", "2016") == (
        "Darlington: its one crime recorded 2016 had “Local resolution” as its last outcome on police.uk, "
        "the third most of five council areas in Durham Constabulary's files.")
    one = {**one_area, "crimes": 2, "local_resolution_last": 1, "share": 0.5, "rank": 2, "ranked_areas": 3, "tied": True}
    assert "one of its two crimes" in local.area_sentence(one, "X", "2016")
    assert "the joint second most of three council areas" in local.area_sentence(one, "X", "2016")


@pytest.mark.parametrize("rank, of, tied, expected", [
    (1, 44, False, "the most of 44 council areas"), (2, 3, False, "the second most of three council areas"),
    (3, 3, False, "the fewest of three council areas"), (11, 12, False, "the second fewest of 12 council areas"),
    (11, 30, False, "the 11th most of 30 council areas"), (1, 2, True, "as many as the other council area"),
    (2, 2, False, "the fewer of two council areas"),
    (1, 1, False, "the only council area"),
])
def test_rank_words(rank, of, tied, expected):
    assert local.rank_words(rank, of, tied) == expected


def test_force_sentence_zero_and_single():
    table = local.council_areas(DURHAM.assign(local_resolution_last=0))
    assert local.force_sentence(table, "Durham Constabulary", "March 2016") == (
        "None of the 1,400 crimes in Durham Constabulary's police.uk files for March 2016 ended in “Local resolution”, "
        "in any of its two council areas.")


def test_unknown_local_area_lists_the_closest_names():
    table = local.council_areas(DURHAM)
    with pytest.raises(local.UnknownLocalArea, match=r"local area 'Darlingon' is not a council area .*\(Durham\)\. "
                                                      r"Closest: Darlington\. Council areas there: County Durham, Darlington"):
        local.find_local_area("Darlingon", table)
    assert local.find_local_area("  COUNTY   durham ", table)["council_area"] == "County Durham"


def test_caveats_name_fringe_unlocated_and_coverage_gaps():
    monthly = pd.DataFrame({"force": ["Durham", "Greater Manchester"], "month": ["2016-03", "2019-08"]})
    manchester = lsoa_table([("E9", "Bolton 001A", 10, 1)], force="Greater Manchester")
    table = local.council_areas(pd.concat([DURHAM, manchester]))
    lines = local.caveats(table, monthly, ["Durham", "Greater Manchester"])
    assert any("last outcome only" in line for line in lines) and any("Anti-social behaviour" in line for line in lines)
    assert any("Stockton-on-Tees: five crimes" in line for line in lines)
    assert any(line.startswith("Five crimes in Durham Constabulary's files have no location") for line in lines)
    assert any("Greater Manchester Police published no crimes on police.uk from July 2019" in line for line in lines)
