"""The drug-offences finding (story/drug_offences.py) on hand-made rows; every expected value below
was worked out by hand from the fixture."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from story_offence_fixtures import CHARGED, COMMUNITY_RESOLUTION as CR, NOT_YET, make_run, rows

from community_resolutions.story import drug_offences as drugs

G, T, P = "Drug offences", "Trafficking of drugs", "Possession of drugs"


def fixture() -> pd.DataFrame:
    """Durham 5 of 10 (trafficking 1 of 4, possession 4 of 6, 5 not yet assigned left out);
    Cleveland 1 of 10 and North Yorkshire 2 of 20 (a tie at 10%); Kent none of 10.
    England and Wales: 8 of 50; possession 7 of 36; trafficking 1 of 14. A theft row is not a drug offence."""
    return rows(
        ("Durham", "92A", "Trafficking in controlled drugs", G, T, CR, 1),
        ("Durham", "92A", "Trafficking in controlled drugs", G, T, CHARGED, 3),
        ("Durham", "92E", "Possession of cannabis", G, P, CR, 4),
        ("Durham", "92E", "Possession of cannabis", G, P, CHARGED, 2),
        ("Durham", "92E", "Possession of cannabis", G, P, NOT_YET, 5),
        ("Durham", "46", "Shoplifting", "Theft offences", "Shoplifting", CR, 100),
        ("Cleveland", "92E", "Possession of cannabis", G, P, CR, 1),
        ("Cleveland", "92E", "Possession of cannabis", G, P, CHARGED, 9),
        ("North Yorkshire", "92D", "Possession excl. cannabis", G, P, CR, 2),
        ("North Yorkshire", "92D", "Possession excl. cannabis", G, P, 3, 8),
        ("North Yorkshire", "92A", "Trafficking in controlled drugs", G, T, CHARGED, 10),
        ("Kent", "92E", "Possession of cannabis", G, P, CHARGED, 10),
    )


def told(area: str, table: pd.DataFrame | None = None) -> tuple[drugs.DrugCounts, dict[str, Any], list[str]]:
    run = make_run(area, fixture() if table is None else table)
    counts = drugs.count(run, drugs.drug_rows(run.table), have_data=True)
    drugs.tell(run, counts)
    return counts, run.found.figures, run.found.sentences


def test_drug_rows_keep_only_the_drug_group() -> None:
    assert set(drugs.drug_rows(fixture())["offence_code"]) == {"92A", "92D", "92E"}


def test_ranks_ties_share_the_better_rank_and_not_yet_assigned_is_left_out() -> None:
    counts, _, _ = told("Durham")
    ranks = counts.overall.set_index("force")["rank"].to_dict()
    assert ranks == {"Durham": 1, "Cleveland": 2, "North Yorkshire": 2, "Kent": 4}
    assert counts.n_forces == 4
    durham = counts.force_row("Durham")
    assert (durham["community_resolution"], durham["assigned"]) == (5, 10)


def test_a_single_force_leads_with_its_share_rank_and_subgroups() -> None:
    _, figures, sentences = told("Durham")
    assert sentences[0] == ("Durham Constabulary closed one in two (50.0%) of drug offences with a community "
                            "resolution in 2017/18, the highest of 4 forces: one of four trafficking offences and "
                            "four of six possession offences.")
    assert sentences[1] == ("Across England and Wales, almost one in five (19.4%) of possession offences and 7.1% "
                            "of trafficking offences ended this way.")
    assert figures["national_drug_community_resolutions"]["value"] == 8
    assert figures["national_drug_assigned"]["value"] == 50
    assert figures["durham_drug_rank"]["value"] == 1
    assert figures["durham_possession_share"]["value"] == pytest.approx(4 / 6)
    assert figures["durham_drug_share"]["numerator"] == "durham_drug_community_resolutions"
    assert "area_drug_share" not in figures


def test_a_tie_reads_as_the_same_rank() -> None:
    _, _, sentences = told("North Yorkshire")
    assert sentences[0] == ("North Yorkshire Police closed one in ten (10.0%) of drug offences with a community "
                            "resolution in 2017/18, the second highest of 4 forces: none of 10 trafficking offences "
                            "and two of 10 possession offences.")


def test_zero_and_a_missing_subgroup() -> None:
    _, figures, sentences = told("Kent")
    assert sentences[0] == ("Kent Police closed none (0.0%) of drug offences with a community resolution in 2017/18, "
                            "the lowest of 4 forces: none of 10 possession offences.")
    assert "kent_trafficking_share" not in figures


def test_a_region_leads_with_its_forces_together_and_a_force_without_drug_offences_says_so() -> None:
    _, figures, sentences = told("north-east-and-north-yorkshire")
    assert sentences[0] == ("Police forces in the North East and North Yorkshire closed one in five (20.0%) of drug "
                            "offences with a community resolution in 2017/18: eight of 40 (England and Wales: almost "
                            "one in six (16.0%)).")
    assert figures["area_drug_community_resolutions"]["value"] == 8
    assert figures["area_drug_assigned"]["value"] == 40
    assert "Northumbria Police's data hold no drug offences given an outcome in 2017/18." in sentences
    assert "northumbria_drug_share" not in figures


def test_england_and_wales_is_not_compared_with_itself() -> None:
    assert drugs.area_sentence("England and Wales", "in 2017/18", 8, 50, 0.16, None) == (
        "Police forces in England and Wales closed almost one in six (16.0%) of drug offences with a community "
        "resolution in 2017/18: eight of 50.")


def test_british_transport_police_one_offence() -> None:
    table = rows(("British Transport Police", "92E", "Possession of cannabis", G, P, CR, 1),
                 ("Durham", "92E", "Possession of cannabis", G, P, CHARGED, 3))
    _, _, sentences = told("BTP", table)
    assert sentences[0] == ("British Transport Police closed 100.0% of drug offences with a community resolution "
                            "in 2017/18, the highest of 2 forces: one of one possession offences.")
    assert len(sentences) == 1  # no trafficking anywhere: no national split


def test_article_check_north_yorkshire_and_the_years_it_cannot_compute() -> None:
    run = make_run("Durham", fixture())
    counts = drugs.count(run, drugs.drug_rows(run.table), have_data=True)
    checks = drugs.article_check(run, counts)
    assert checks[0].startswith("The article said ")
    assert checks[0].endswith(" the figure was one in ten (10.0%): two of 20.")
    assert checks[1].startswith("Offence-level data for 2014/15, 2015/16, 2016/17 is not in the data available here")
    assert run.found.figures["article_north_yorkshire_drug_share"]["value"] == pytest.approx(0.1)


def test_article_check_says_nothing_without_north_yorkshire_or_data() -> None:
    table = fixture()
    run = make_run("Durham", table[table["force"] != "North Yorkshire"])
    assert drugs.article_check(run, drugs.count(run, drugs.drug_rows(run.table), have_data=True)) == []
    assert drugs.article_check(run, drugs.count(run, drugs.drug_rows(run.table), have_data=False)) == []


def test_area_table_shows_only_the_area_with_percentages() -> None:
    run = make_run("Durham", fixture())
    counts = drugs.count(run, drugs.drug_rows(run.table), have_data=True)
    shown = drugs.area_table(drugs.chart_table(run, counts), counts.n_forces)
    assert shown.to_dict("records") == [{"Force": "Durham", "Community resolutions": 5,
                                         "Drug offences with an outcome": 10, "Share": "50.0%",
                                         "Share, trafficking": "25.0%", "Share, possession": "66.7%",
                                         "Rank of 4 (1\u00a0=\u00a0highest)": 1}]
