"""Who holds each force to account: the reference table and the story pack's right-of-reply headings."""

from __future__ import annotations

import collections

import pytest

from community_resolutions import areas, oversight, storypack


@pytest.fixture
def table_file(tmp_path, monkeypatch):
    """Point the module at a copy of the table that a test may break; the cache is cleared either side."""
    path = tmp_path / "oversight.csv"
    path.write_text(oversight.OVERSIGHT_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(oversight, "OVERSIGHT_FILE", path)
    oversight.oversight_table.cache_clear()
    yield path
    oversight.oversight_table.cache_clear()


def test_every_force_has_one_body_of_the_published_kinds():
    table = oversight.oversight_table()
    assert sorted(table) == sorted(areas.all_forces())
    # Commons Library SN06104 after May 2024: 37 commissioners (four of them also over fire), five
    # mayors; the City of London and British Transport Police have police authorities instead.
    kinds = collections.Counter(row["kind"] for row in table.values())
    assert kinds == {"pcc": 33, "pfcc": 4, "mayor": 5, "authority": 2}
    assert {force for force, row in table.items() if row["kind"] == "mayor"} == {
        "Metropolitan Police", "Greater Manchester", "West Yorkshire", "South Yorkshire", "North Yorkshire"}
    assert oversight.holds_to_account("North Yorkshire") == "the Mayor of York and North Yorkshire"
    assert oversight.holds_to_account("City of London Police") == "the City of London Corporation's Police Authority Board"
    assert oversight.holds_to_account("essex") == "the police, fire and crime commissioner for Essex"


def _break(path, line: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[line - 1].split(",", len(header) - 1)
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_bad_row_is_refused_with_its_line(table_file):
    _break(table_file, 3, "kind", "sheriff")  # line 3: Bedfordshire
    with pytest.raises(ValueError, match=r"oversight.csv, line 3: kind 'sheriff' is not one of"):
        oversight.oversight_table()


def test_a_date_that_is_not_a_month_is_refused(table_file):
    _break(table_file, 2, "as_of", "May 2024")
    with pytest.raises(ValueError, match=r"line 2: as_of 'May 2024' is not a month written YYYY-MM"):
        oversight.oversight_table()


def test_a_missing_force_is_named(table_file):
    lines = table_file.read_text(encoding="utf-8").splitlines()
    table_file.write_text("\n".join(line for line in lines if not line.startswith("Durham,")) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no row for \['Durham'\]; every force needs one"):
        oversight.oversight_table()


def test_a_force_listed_twice_is_refused(table_file):
    lines = table_file.read_text(encoding="utf-8").splitlines()
    table_file.write_text("\n".join([*lines, lines[1].replace("Avon and Somerset,", "Avon & Somerset,", 1)]) + "\n",
                          encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 46: 'Avon and Somerset' is listed twice"):
        oversight.oversight_table()


def test_the_oldest_check_dates_the_whole_table(table_file):
    _break(table_file, 4, "as_of", "2023-11")
    assert oversight.checked_as_of() == "November 2023"


def _headings(markdown: str) -> list[str]:
    return [line[4:] for line in markdown.splitlines() if line.startswith("### ")]


def test_a_force_pack_names_who_holds_it_to_account():
    pack = storypack.story_pack(areas.force_area("Durham"), storypack._example())
    text = pack.markdown()
    assert _headings(text) == ["To Durham Constabulary", "To the police and crime commissioner for Durham"]
    assert "Who holds the force to account is as of May 2024 (data/reference/oversight.csv)" in text
    assert "of the outcomes your force assigned" in pack.questions[0].text


def test_a_mayor_and_an_authority_are_addressed_by_name():
    found = storypack._example()
    for force, body in [("North Yorkshire", "To the Mayor of York and North Yorkshire"),
                        ("British Transport Police", "To the British Transport Police Authority")]:
        slug = areas.force_slug(force)
        found[storypack.RATE]["figures"] = {f"{slug}_share": {"value": 0.05}, f"{slug}_community_resolutions": {"value": 5},
                                            f"{slug}_assigned": {"value": 100}, "national_share": {"value": 0.03}}
        assert _headings(storypack.story_pack(areas.force_area(force), found).markdown())[1] == body


def test_a_region_pack_asks_each_force_not_the_region():
    found = storypack._example()
    found[storypack.RATE]["figures"] = {"area_share": {"value": 0.04}, "area_community_resolutions": {"value": 35000},
                                        "area_assigned": {"value": 875000}, "national_share": {"value": 0.028},
                                        "latest_year": {"value": "2025/26"}, "area_share_latest": {"value": 0.026},
                                        "area_community_resolutions_latest": {"value": 2600},
                                        "area_assigned_latest": {"value": 100000}}
    pack = storypack.story_pack(areas.region("north-east"), found)
    text = pack.markdown()
    assert _headings(text) == ["To each of its forces: Cleveland Police, Durham Constabulary and Northumbria Police",
                               "To whoever holds each force to account"]
    assert ("- Cleveland Police: the police and crime commissioner for Cleveland\n"
            "- Durham Constabulary: the police and crime commissioner for Durham\n"
            "- Northumbria Police: the police and crime commissioner for Northumbria\n") in text
    # 35,000 / 875,000 = 4.0%
    assert pack.questions[0].text == (
        "Community resolutions made up 4.0% of the outcomes the forces in the North East assigned from 2014/15 to 2017/18, "
        "above the England and Wales figure of 2.8%. What explains your force's own figure, and who decides when a "
        "community resolution is used?")
    assert pack.headlines[1] == ("Use of community resolutions by police in the North East: 4.0% from 2014/15 to "
                                 "2017/18, 2.6% in 2025/26")
    # 2,600 / 100,000 = 2.6%
    assert pack.questions[2].text == ("In 2025/26 community resolutions were 2.6% of the three forces' outcomes, against "
                                      "4.0% from 2014/15 to 2017/18. What changed?")
    assert "your force assigned" not in text and "your outcomes" not in text and "the force's crime outcomes" not in text
    assert "Each force's own story pack puts these questions with its own figures." in text


def test_the_national_pack_does_not_list_44_bodies():
    found = storypack._example()
    found[storypack.RATE]["figures"] = {"area_share": {"value": 0.028}, "area_community_resolutions": {"value": 448395},
                                        "area_assigned": {"value": 15765583}}
    text = storypack.story_pack(areas.region(areas.NATIONAL), found).markdown()
    assert _headings(text) == ["To each of its 44 forces", "To whoever holds each force to account"]
    assert "the police and crime commissioner for" not in text
