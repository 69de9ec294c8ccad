"""The child-sex-offences finding (story/child_sex_offences.py) on hand-made rows; every expected
value below was worked out by hand from the fixture and the reviewed codes file."""

from __future__ import annotations

from typing import Any

import pandas as pd
from story_offence_fixtures import CHARGED, COMMUNITY_RESOLUTION as CR, make_run, rows

from community_resolutions.story import child_sex_offences as child

S = "Sexual offences"
RAPE_U13, U16, GROOM, U13 = "Rape of a female child under 13", "Sexual activity involving child under 16", \
    "Sexual grooming", "Sexual activity involving a child under 13"
ADULT = "Sexual assault on a female aged 13 and over"  # victims of any age from 13: not counted as a child offence


def fixture() -> pd.DataFrame:
    """Durham: grooming 2, rape under 13 1, under-16 activity 0 (3 charged), 20A 5 (not a child code).
    Cleveland: under-13 activity 3, 20A 2. Kent: under-16 activity 10. Dyfed-Powys: 20A charged only.
    England and Wales: 16 against children, 23 sexual offences in all."""
    return rows(
        ("Durham", "88A", GROOM, S, None, CR, 2), ("Durham", "88A", GROOM, S, None, CHARGED, 1),
        ("Durham", "19E", RAPE_U13, S, None, CR, 1), ("Durham", "19E", RAPE_U13, S, None, CHARGED, 4),
        ("Durham", "22B", U16, S, None, CHARGED, 3), ("Durham", "20A", ADULT, S, None, CR, 5),
        ("Durham", "20A", ADULT, S, None, CHARGED, 5), ("Durham", "92E", "Possession", "Drug offences", None, CR, 9),
        ("Cleveland", "21", U13, S, None, CR, 3), ("Cleveland", "20A", ADULT, S, None, CR, 2),
        ("Kent", "22B", U16, S, None, CR, 10), ("Kent", "22B", U16, S, None, CHARGED, 2),
        ("Dyfed-Powys", "20A", ADULT, S, None, CHARGED, 3),
    )


def told(area: str, table: pd.DataFrame | None = None) -> tuple[child.ChildCounts, dict[str, Any], list[str]]:
    run = make_run(area, fixture() if table is None else table)
    counts = child.count(run, child.sexual_rows(run.table))
    child.tell(run, counts)
    return counts, run.found.figures, run.found.sentences


def test_a_single_force_code_by_code_largest_first() -> None:
    _, figures, sentences = told("Durham")
    assert sentences == [
        ("Durham Constabulary closed three sexual offences against children with a community resolution in 2017/18: "
        "two cases of sexual grooming; one case of rape of a female child under 13."),
        ("That is three of the eight sexual offences it closed this way in 2017/18. Across England and Wales the "
        "figure was 16 sexual offences against children.")]
    assert figures["area_child_assigned"]["value"] == 11
    assert figures["national_sexual_community_resolutions"]["value"] == 23
    assert figures["area_code_22B"] == {"value": 0, "meaning": f"Durham Constabulary: community resolutions, {U16}",
                                        "assigned": 3}  # a zero is kept as a zero
    assert "area_code_20A" not in figures


def test_a_region_counts_its_forces_together() -> None:
    _, figures, sentences = told("north-east-and-north-yorkshire")
    assert sentences == [
        ("Police forces in the North East and North Yorkshire closed six sexual offences against children with a "
        "community resolution in 2017/18: three cases of sexual activity involving a child under 13; two cases of "
        "sexual grooming; one case of rape of a female child under 13."),
        ("That is six of the 13 sexual offences it closed this way (all forces together) in 2017/18. Across England "
        "and Wales the figure was 16 sexual offences against children.")]
    assert figures["area_child_community_resolutions"]["value"] == 6


def test_zero_child_offences_and_no_sexual_offence_closed_this_way() -> None:
    _, _, sentences = told("Dyfed-Powys")
    assert sentences == [
        "Dyfed-Powys Police recorded no community resolutions for sexual offences against children in 2017/18.",
        ("No sexual offence of any kind was closed this way in 2017/18. Across England and Wales the figure was 16 "
        "sexual offences against children.")]


def test_british_transport_police_one_case() -> None:
    table = rows(("British Transport Police", "88A", GROOM, S, None, CR, 1),
                 ("British Transport Police", "20A", ADULT, S, None, CR, 1))
    _, _, sentences = told("BTP", table)
    assert sentences == [
        ("British Transport Police closed one sexual offence against children with a community resolution in "
        "2017/18: one case of sexual grooming."),
        ("That is one of the two sexual offences it closed this way in 2017/18. Across England and Wales the figure "
        "was one sexual offence against children.")]


def test_a_negative_correction_is_kept_and_explained() -> None:
    table = rows(("Northumbria", "88A", GROOM, S, None, CR, 3), ("Northumbria", "19E", RAPE_U13, S, None, CR, -1))
    _, _, sentences = told("Northumbria", table)
    assert sentences[0].endswith(": three cases of sexual grooming; -1 cases of rape of a female child under 13.")
    assert sentences[-1] == child.NEGATIVE_NOTE


def test_code_table_flags_single_cases_for_a_legal_check() -> None:
    run = make_run("Durham", fixture())
    counts = child.count(run, child.sexual_rows(run.table))
    table = child.code_table(run, counts, child.force_counts(run, counts))
    assert table.to_dict("records") == [
        {"Code": "19E", "Offence": RAPE_U13, "Durham": 1, "England and Wales": 1,
         "Check before publishing": child.SINGLE_CASE},
        {"Code": "22B", "Offence": U16, "Durham": 0, "England and Wales": 10, "Check before publishing": ""},
        {"Code": "88A", "Offence": GROOM, "Durham": 2, "England and Wales": 2, "Check before publishing": ""}]


def test_article_check_uses_durham_and_the_north_east_whatever_the_area() -> None:
    run = make_run("Kent", fixture())
    counts = child.count(run, child.sexual_rows(run.table))
    assert child.article_figures(run, counts) == {"durham-rape-under-13": 1, "durham-grooming": 2,
                                                  "ne-sex-offences": "13, of which 6 against children"}
    checks = child.article_check(run, counts, have_data=True)
    assert len(checks) == 4  # three figures, then the article's years these data cannot compute
    # on Kent's page each sentence names the area its figure is about (NE: Durham 2+1+5 + Cleveland 3+2 = 13)
    assert checks[:3] == [
        "For the North East and North Yorkshire, the article reported 150, of which 79 involved children, for "
        "“sex offences” (between 2014 and 2018); in 2017/18 alone, these data give 13, of which 6 against children.",
        "For Durham Constabulary, the article reported 1 for “rape of a girl under 13” (between 2014 and 2018); "
        "in 2017/18 alone, these data give 1.",
        "For Durham Constabulary, the article reported 2 counts for “sexual grooming” (between 2014 and 2018); "
        "in 2017/18 alone, these data give 2."]
    assert checks[3].startswith("Offence-level data for 2014/15, 2015/16, 2016/17 is not in the data available here")
    assert run.found.figures["article_durham-grooming"]["value"] == 2
    assert child.article_check(run, counts, have_data=False) == []
