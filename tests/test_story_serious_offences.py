"""The serious-offences finding (story/serious_offences.py) on hand-made rows; every expected value
below was worked out by hand from the fixture and the reviewed list (36 kidnapping is indictable
only; 8Q stalking and 37.2 aggravated vehicle taking are named in the article)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from story_offence_fixtures import CHARGED, COMMUNITY_RESOLUTION as CR, make_run, rows

from community_resolutions import offences
from community_resolutions.offence_pages import OffenceRun
from community_resolutions.story import serious_offences as serious

G = "Any group"


def fixture() -> pd.DataFrame:
    """Durham: stalking 2 of 10, kidnapping 1 of 10, aggravated vehicle taking 0 of 5, shoplifting 50
    (not listed). Cleveland: stalking 4 of 20. Kent: kidnapping 1 of 100. Dyfed-Powys: stalking 0 of 10.
    England and Wales: 8 listed offences closed this way."""
    return rows(
        ("Durham", "8Q", "Stalking", G, None, CR, 2), ("Durham", "8Q", "Stalking", G, None, CHARGED, 8),
        ("Durham", "36", "Kidnapping", G, None, CR, 1), ("Durham", "36", "Kidnapping", G, None, CHARGED, 9),
        ("Durham", "37.2", "Aggravated vehicle taking", G, None, CHARGED, 5),
        ("Durham", "46", "Shoplifting", G, None, CR, 50),
        ("Cleveland", "8Q", "Stalking", G, None, CR, 4), ("Cleveland", "8Q", "Stalking", G, None, CHARGED, 16),
        ("Kent", "36", "Kidnapping", G, None, CR, 1), ("Kent", "36", "Kidnapping", G, None, CHARGED, 99),
        ("Dyfed-Powys", "8Q", "Stalking", G, None, CHARGED, 10),
    )


def counted(area: str, table: pd.DataFrame | None = None) -> tuple[OffenceRun, serious.SeriousCounts]:
    run = make_run(area, fixture() if table is None else table)
    listed = offences.serious_offences()
    return run, serious.count(run, serious.listed_rows(run.table, listed), listed)


def told(area: str, table: pd.DataFrame | None = None) -> tuple[dict[str, Any], list[str]]:
    run, counts = counted(area, table)
    serious.tell(run, counts)
    return run.found.figures, run.found.sentences


def test_forces_are_ranked_by_count_and_unlisted_codes_are_left_out() -> None:
    _, counts = counted("Durham")
    assert counts.per_force.set_index("force")["rank"].to_dict() == {"Cleveland": 1, "Durham": 2, "Dyfed-Powys": 4,
                                                                      "Kent": 3}
    assert counts.national_total == 8
    assert "46" not in set(counts.area_codes["offence_code"])


def test_a_single_force_code_by_code_largest_first() -> None:
    figures, sentences = told("Durham")
    assert sentences == [
        ("Durham Constabulary closed three offences from the list of serious offences with a community resolution "
        "in 2017/18: two for stalking; one for kidnapping."),
        ("Of these, one was under codes listed as indictable only (offences tried only in the Crown Court). Across "
        "England and Wales the list accounts for eight community resolutions in 2017/18.")]
    assert figures["area_serious_assigned"]["value"] == 25
    assert figures["area_code_37.2"] == {"value": 0, "meaning": "Durham Constabulary: Aggravated vehicle taking",
                                         "category": "named in the article"}
    assert figures["durham_serious_community_resolutions"]["rank"] == 2


def test_a_region_counts_its_forces_together_and_keeps_a_force_without_rows() -> None:
    figures, sentences = told("north-east-and-north-yorkshire")
    assert sentences[0] == ("Police forces in the North East and North Yorkshire closed seven offences from the "
                            "list of serious offences with a community resolution in 2017/18: six for stalking; "
                            "one for kidnapping.")
    assert sentences[1].startswith("Of these, one was under codes listed as indictable only")
    assert figures["cleveland_serious_community_resolutions"]["value"] == 4
    assert figures["northumbria_serious_community_resolutions"]["value"] is None  # no rows: no data, not zero


def test_none_in_the_area_gives_only_the_national_total() -> None:
    _, sentences = told("Dyfed-Powys")
    assert sentences == [
        ("Dyfed-Powys Police closed no offences from the list of serious offences with a community resolution in "
        "2017/18."),
        "Across England and Wales the list accounts for eight community resolutions in 2017/18."]


def test_none_indictable_among_several() -> None:
    _, sentences = told("Cleveland")
    assert sentences[1].startswith("Of these, none were under codes listed as indictable only")


def test_british_transport_police_one_offence() -> None:
    table = rows(("British Transport Police", "36", "Kidnapping", G, None, CR, 1))
    _, sentences = told("BTP", table)
    assert sentences == [
        ("British Transport Police closed one offence from the list of serious offences with a community resolution "
        "in 2017/18: one for kidnapping."),
        ("Of these, one was under codes listed as indictable only (offences tried only in the Crown Court). Across "
        "England and Wales the list accounts for one community resolution in 2017/18.")]


def test_code_table_leaves_out_codes_with_none_anywhere() -> None:
    run, counts = counted("Durham")
    table = serious.code_table(run, counts)
    assert table[["Code", "Durham", "England and Wales"]].to_dict("records") == [
        {"Code": "8Q", "Durham": 2.0, "England and Wales": 6}, {"Code": "36", "Durham": 1.0, "England and Wales": 2}]


def test_force_table_share() -> None:
    _, counts = counted("Durham")
    shares = serious.force_table(counts).set_index("force")["share"]
    assert shares["Durham"] == pytest.approx(3 / 25)
    assert shares["Kent"] == pytest.approx(1 / 100)


def test_article_check_is_durham_whatever_the_area() -> None:
    run, counts = counted("Kent")
    checks = serious.article_check(run, counts, have_data=True)
    assert run.found.figures["article_durham-stalking"]["value"] == 2
    assert run.found.figures["article_durham-aggravated-vehicle-taking"]["value"] == 0
    assert checks[:2] == [
        "For Durham Constabulary, the article reported 19 for “stalking” (between 2014 and 2018); in 2017/18 alone, "
        "these data give two.",
        "For Durham Constabulary, the article reported 21 for “aggravated vehicle taking” (between 2014 and 2018); "
        "in 2017/18 alone, these data give zero."]
    assert checks[2].startswith("Offence-level data for 2014/15, 2015/16, 2016/17 is not in the data available here")
    assert serious.article_check(run, counts, have_data=False) == []
