"""Finding 8 (police.uk beside the Home Office): every sentence rule of story/police_uk.py on
hand-made fixtures. Expected values are worked out by hand in the comments, never printed by the code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from community_resolutions import areas
from community_resolutions.findings import Findings
from community_resolutions.story import Run, police_uk as story

# --------------------------------------------------------------------------- small rules


@pytest.mark.parametrize("policeuk, home_office, expected", [
    (95, 100, "close to the Home Office's figure"),           # 0.95: within 10%
    (109, 100, "close to the Home Office's figure"),          # 1.09: within 10%
    (90, 100, "90% of the Home Office's figure"),             # 0.90: exactly 10% below is not "close"
    (110, 100, "1.1 times the Home Office's figure"),         # 1.10: exactly 10% above is not "close" either
    (45, 100, "45% of the Home Office's figure"),
    (0, 100, "0% of the Home Office's figure"),               # zero on police.uk
    (200, 100, "two times the Home Office's figure"),         # a round multiple in words
    (250, 100, "2.5 times the Home Office's figure"),
    (3, 0, "with no Home Office figure to set it against"),   # nothing to divide by
])
def test_verdict(policeuk, home_office, expected):
    assert story.verdict(policeuk, home_office) == expected


def test_counted_plurals():
    assert story.counted(0, "crime") == "zero crimes"
    assert story.counted(1, "crime") == "one crime"
    assert story.counted(9, "community resolution") == "nine community resolutions"
    assert story.counted(12345, "month") == "12,345 months"


def test_pair_sentence():
    assert story.pair_sentence(2156, 2496, "Durham Constabulary", 2016, "2016/17") == (
        "police.uk shows 2,156 crimes recorded by Durham Constabulary in 2016 whose last outcome was “Local "
        "resolution”; the Home Office counts 2,496 community resolutions in 2016/17. police.uk's count is 86% "
        "of the Home Office's figure.")  # 2,156 / 2,496 = 0.8638 -> 86%


def test_pair_sentence_one_of_each():
    # One crime and one community resolution: singular nouns, ratio 1 -> close.
    assert story.pair_sentence(1, 1, "City of London Police", 2016, "2016/17") == (
        "police.uk shows one crime recorded by City of London Police in 2016 whose last outcome was “Local "
        "resolution”; the Home Office counts one community resolution in 2016/17. police.uk's count is close to "
        "the Home Office's figure.")


def test_no_outcome_sentence_british_transport_police():
    assert story.no_outcome_sentence(61234, "British Transport Police", 1500, 2016, "2016/17") == (
        "police.uk lists 61,234 crimes recorded by British Transport Police in 2016 but no outcome for any of them, "
        "so it shows no “Local resolution” at all; the Home Office counts 1,500 community resolutions in 2016/17. "
        "On police.uk this force's community resolutions cannot be seen.")


def test_range_sentence():
    assert story.range_sentence(2014, 2016, 0.8, 2015, 1.25, 2014) == (
        " Year by year from 2014 to 2016 it ran between 80% (2015) and 125% (2014) of the Home Office's figure for "
        "the matching financial year.")


@pytest.mark.parametrize("asked, expected", [
    (["2015/16", "2016/17"], (["2015/16", "2016/17"], True)),
    (["2016/17", "2017/18"], (["2016/17"], True)),                      # 2017 has no police.uk year
    (["2017/18", "2018/19"], (["2014/15", "2015/16", "2016/17"], False)),  # none pairs: the closest years instead
])
def test_compared_years(asked, expected):
    home_office = ["2014/15", "2015/16", "2016/17", "2017/18", "2018/19"]
    assert story.compared_years(asked, home_office, [2012, 2013, 2014, 2015, 2016]) == expected


def test_years_sentence():
    pu_years = [2012, 2016]
    assert story.years_sentence(["2014/15", "2015/16"], ["2014/15", "2015/16"], True, pu_years) is None
    assert story.years_sentence(["2016/17", "2017/18", "2018/19"], ["2016/17"], True, pu_years) == (
        "police.uk's yearly counts stop in 2016, so 2017/18, 2018/19 cannot be set beside them here.")
    assert story.years_sentence(["2017/18"], ["2014/15", "2015/16", "2016/17"], False, pu_years) == (
        "police.uk's yearly counts run from 2012 to 2016, so none of the years asked for (2017/18) can be "
        "compared; this page compares 2014/15, 2015/16, 2016/17 instead.")


def test_category_sentences():
    # Shoplifting first, 12 of 40; violence and sexual offences nine.
    assert story.category_sentences("Shoplifting", 12, 40, "for Durham Constabulary", 2016, 9) == [
        ("In 2016, the police.uk category with the most “Local resolution” outcomes for Durham Constabulary was "
        "“Shoplifting”: 12 of 40."),
        ("“Violence and sexual offences” accounted for nine; police.uk does not say which of those were sexual "
        "offences.")]
    # The top category is violence and sexual offences itself.
    assert story.category_sentences("Violence and sexual offences", 30, 40, "across the North East", 2016, 30)[1] == (
        "police.uk does not say which of those were sexual offences and which were violence.")
    # No violence and sexual offences among them: one sentence only.
    assert len(story.category_sentences("Shoplifting", 1, 1, "for City of London Police", 2016, None)) == 1


def test_no_months_sentence():
    assert story.no_months_sentence("police.uk monthly files in x.zip", True, "Durham Constabulary") == (
        "The monthly files given (police.uk monthly files in x.zip) hold no force of Durham Constabulary. Give the "
        "policeuk parameter a folder or zip of monthly files from data.police.uk to add them.")
    assert story.no_months_sentence("", False, "the North East").startswith(
        "No police.uk monthly files were given for this area (the mirror holds Northumbria's only)")


def test_force_months_sentence():
    # The test archive of test_policeuk.py: 3 of 6 crimes, 3 ASB rows, 5 events.
    assert story.force_months_sentence("Durham Constabulary", "2016-03", "2016-04", 3, 6, 3, 5) == (
        "In Durham Constabulary's street files for March 2016 to April 2016, three of six crimes had “Local "
        "resolution” as their last outcome (three anti-social behaviour incidents left out). The outcomes files for "
        "the same months hold five Local resolution events, counted by the month the outcome was given, whenever "
        "the crime was recorded.")


def test_force_months_sentence_one_month_one_crime_no_outcomes_file():
    assert story.force_months_sentence("Durham Constabulary", "2016-03", "2016-03", 1, 1, 1, None) == (
        "In Durham Constabulary's street files for March 2016, one of one crime had “Local resolution” as their "
        "last outcome (one anti-social behaviour incident left out). There are no outcomes files for these "
        "months, so outcome events cannot be counted.")


def test_pending_sentence():
    # January: 10 of 40 pending = 25%; June: 30 of 40 = 75%.
    assert story.pending_sentence(0.25, "2014-01", 0.75, "2014-06") == (
        "The newer the month, the fewer outcomes it shows: 25% of January 2014's crimes had no final outcome yet "
        "(under investigation or blank) in the files read, against 75% of June 2014's. A last-outcome count keeps "
        "growing for months after the crimes are recorded.")


def test_year_sentence_whole_year():
    assert story.year_sentence("2015-04", "2016-03", "2015/16", 12, 140, 150.0, 1200) == (
        "For 2015/16 as a whole, police.uk shows 140 crimes ending in “Local resolution” and 150 Local resolution "
        "events; the Home Office counts 1,200 community resolutions.")


def test_year_sentence_part_year_spread_evenly():
    # Three months of a 1,200 year: 1,200 × 3 / 12 = 300. No outcomes files: no events.
    assert story.year_sentence("2014-04", "2014-06", "2014/15", 3, 70, float("nan"), 1200) == (
        "April 2014 to June 2014 are three of the twelve months of 2014/15. police.uk shows 70 crimes ending in "
        "“Local resolution” for them. The Home Office counts 1,200 community resolutions for the whole year; spread "
        "evenly, that is about 300 for three months (an estimate: the Home Office figures used here are yearly).")


def test_year_sentence_one_month():
    # One month of 1,200: 100. One crime, one event.
    assert story.year_sentence("2016-03", "2016-03", "2015/16", 1, 1, 1.0, 1200) == (
        "March 2016 is one of the twelve months of 2015/16. police.uk shows one crime ending in “Local resolution” "
        "and one Local resolution event for it. The Home Office counts 1,200 community resolutions for the whole "
        "year; spread evenly, that is about 100 for one month (an estimate: the Home Office figures used here are "
        "yearly).")


def test_share_sentence():
    # 6,115 of 61,150 = 10.0% = one in ten; police.uk 3.5% of its crimes.
    assert story.share_sentence("Durham Constabulary", 61150, 6115, 0.035, 2016) == (
        "In 2017/18 Durham Constabulary recorded 61,150 crimes and gave 6,115 community resolutions: one in ten "
        "(10.0%) of the crimes it recorded. On police.uk, the latest year available (2016) shows “Local "
        "resolution” as the last outcome of 3.5% of its crimes.")


def test_share_sentence_zero_and_no_policeuk_share():
    # British Transport Police publish no outcomes on police.uk: no second sentence. Zero resolutions: none.
    assert story.share_sentence("British Transport Police", 60000, 0, float("nan"), 2016) == (
        "In 2017/18 British Transport Police recorded 60,000 crimes and gave zero community resolutions: none "
        "(0.0%) of the crimes it recorded.")


def test_why_sentences():
    base = story.why_sentences(2016, "2016/17", [], None)
    assert len(base) == 5 and base[0].endswith("Calendar 2016 and 2016/17 share only nine months.")
    more = story.why_sentences(2016, "2016/17", ["British Transport Police"], "Police Service of Northern Ireland")
    assert more[5] == ("Some forces publish no outcomes on police.uk at all (British Transport Police): police.uk "
                       "cannot show their community resolutions.")
    assert more[6] == ("The police.uk aggregates also cover the Police Service of Northern Ireland; it is left out "
                       "here because the Home Office figures cover England and Wales only.")


def test_warning_notes():
    assert story.repeated_ids_note(1, 1) == (
        "one Crime ID appears on more than one row of the street files (one extra row): each crime is counted once.")
    assert story.repeated_ids_note(2, 3) == (
        "two Crime IDs appear on more than one row of the street files (three extra rows): each crime is counted once.")
    assert story.part_year_note(1234, "Durham Constabulary", 2012) == (
        "police.uk holds only 1,234 crimes for Durham Constabulary in 2012, under half its usual year: its 2012 "
        "figures on police.uk cover part of the year at most.")


def test_check_parameters(tmp_path):
    assert story.check_policeuk(f"  {tmp_path}  ") == str(tmp_path)
    with pytest.raises(FileNotFoundError, match="no such folder or zip"):
        story.check_policeuk(str(tmp_path / "missing.zip"))
    assert story.check_local_area("  County   Durham ") == "County Durham"


# --------------------------------------------------------------------------- a region and a single force, end to end


def _yearly(rows: list[tuple[str, int, int, int, int, int]]) -> pd.DataFrame:
    columns = ["force", "calendar_year", "crimes", "asb", "local_resolution_last", "no_outcome"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.assign(share_of_crimes=frame["local_resolution_last"] / frame["crimes"])


def _totals(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["force", "financial_year", "basis", "community_resolution"])
    return frame.assign(assigned=frame["community_resolution"] * 10, source="fixture", synthetic=False)


def _data(yearly: pd.DataFrame, totals: pd.DataFrame, forces: tuple[str, ...]) -> story.Data:
    no_outcomes = yearly[yearly["no_outcome"] == yearly["crimes"]]
    return story.Data(totals=totals, aggregates=pd.DataFrame(), yearly=yearly, dropped=pd.DataFrame(),
                      ho_years=["2015/16", "2016/17"], pu_years=[2015, 2016], pairs=["2015/16", "2016/17"],
                      pairs_asked=True, archive=None, months_from="", policeuk="",
                      no_outcome_forces=sorted(set(no_outcomes["force"]) & set(forces)), missing_forces=[])


def _run(area: str, tmp_path: Path, years: tuple[str, ...] = ("2015/16", "2016/17")) -> Run:
    where = areas.resolve_area(area)
    return Run("8-police-uk", where, list(years), "closed", tmp_path, None, [], area)


# A region of three forces. Cleveland: 2015 50 against 50 (1.0), 2016 40 against 80 (0.5). Durham: 2015 90 against
# 100 (0.9), 2016 120 against 60 (2.0). Northumbria publishes no outcomes (every crime has none).
YEARLY = _yearly([
    ("Cleveland", 2015, 2000, 500, 50, 200), ("Cleveland", 2016, 2100, 480, 40, 210),
    ("Durham", 2015, 1000, 300, 90, 100), ("Durham", 2016, 1100, 310, 120, 150),
    ("Northumbria", 2015, 3000, 700, 0, 3000), ("Northumbria", 2016, 3100, 650, 0, 3100),
])
TOTALS = _totals([
    ("Cleveland", "2015/16", "closed", 50), ("Cleveland", "2016/17", "closed", 80),
    ("Durham", "2015/16", "closed", 100), ("Durham", "2016/17", "closed", 60),
    ("Northumbria", "2015/16", "closed", 300), ("Northumbria", "2016/17", "closed", 310),
    ("Durham", "2016/17", "recorded", 58),
])


def test_region_with_a_force_publishing_no_outcomes(tmp_path):
    run = _run("north-east", tmp_path)
    data = _data(YEARLY, TOTALS, run.area.forces)
    found = Findings("8-police-uk", {}, synthetic=False)
    comparison = story.compare(run, data, found)
    section = story.comparison_section(run, data, comparison, found)
    # The region: Cleveland and Durham only (Northumbria has no outcomes): 40 + 120 = 160 against 80 + 60 = 140;
    # 160 / 140 = 1.14 -> "1.1 times".
    assert section.sentences[0] == (
        "police.uk shows 160 crimes recorded by the forces of the North East (all but Northumbria, with no outcomes "
        "on police.uk) in 2016 whose last outcome was “Local resolution”; the Home Office counts 140 community "
        "resolutions in 2016/17. police.uk's count is 1.1 times the Home Office's figure.")
    assert section.sentences[1] == (
        "police.uk shows 40 crimes recorded by Cleveland Police in 2016 whose last outcome was “Local resolution”; "
        "the Home Office counts 80 community resolutions in 2016/17. police.uk's count is 50% of the Home Office's "
        "figure. Year by year from 2015 to 2016 it ran between 50% (2016) and 100% (2015) of the Home Office's "
        "figure for the matching financial year.")
    assert "two times the Home Office's figure" in section.sentences[2]
    assert "between 90% (2015) and 200% (2016)" in section.sentences[2]
    assert section.sentences[3].startswith("police.uk lists 3,100 crimes recorded by Northumbria Police in 2016 but "
                                           "no outcome for any of them")
    assert len(section.sentences) == 4
    figures = {key: value["value"] for key, value in found.figures.items()}
    assert figures["area_policeuk_local_resolution"] == 160 and figures["area_home_office_community_resolutions"] == 140
    assert figures["area_ratio"] == pytest.approx(160 / 140)
    assert figures["durham_ratio"] == 2.0 and figures["cleveland_ratio_low"] == 0.5
    assert "northumbria_2016_policeuk_local_resolution" not in figures  # "not published" is not zero
    assert figures["northumbria_2016_policeuk_crimes"] == 3100
    # The table: Durham's other basis (recorded) beside; 120 of 1,100 crimes = 10.9%.
    table, _ = story.comparison_table(comparison, "closed")
    durham_2016 = table[(table["Force"] == "Durham") & (table["police.uk year"] == "2016")].iloc[0]
    assert durham_2016["% of crimes"] == "10.9%" and durham_2016["(recorded basis)"] == 58
    assert durham_2016["police.uk ÷ Home Office"] == "200%"


def test_single_force_publishing_no_outcomes_leads_with_it(tmp_path):
    run = _run("British Transport Police", tmp_path)
    yearly = _yearly([("British Transport Police", 2015, 50000, 0, 0, 50000),
                      ("British Transport Police", 2016, 52000, 0, 0, 52000)])
    totals = _totals([("British Transport Police", "2015/16", "closed", 1200),
                      ("British Transport Police", "2016/17", "closed", 1)])
    data = _data(yearly, totals, run.area.forces)
    found = Findings("8-police-uk", {}, synthetic=False)
    section = story.comparison_section(run, data, story.compare(run, data, found), found)
    assert section.sentences == [
        ("police.uk lists 52,000 crimes recorded by British Transport Police in 2016 but no outcome for any of them, "
        "so it shows no “Local resolution” at all; the Home Office counts one community resolution in 2016/17. On "
        "police.uk this force's community resolutions cannot be seen.")]
    assert "british-transport-police_ratio" not in found.figures


def test_single_force_one_year_no_range(tmp_path):
    # One compared year: no "year by year" range; 2,156 against 2,496 = 86%.
    run = _run("Durham", tmp_path, ("2016/17",))
    yearly = _yearly([("Durham", 2016, 60000, 9000, 2156, 5000)])
    totals = _totals([("Durham", "2016/17", "closed", 2496)])
    data = _data(yearly, totals, run.area.forces)
    data.pairs, data.pu_years = ["2016/17"], [2016]
    found = Findings("8-police-uk", {}, synthetic=False)
    section = story.comparison_section(run, data, story.compare(run, data, found), found)
    assert section.sentences == [story.pair_sentence(2156, 2496, "Durham Constabulary", 2016, "2016/17")]
    assert found.figures["durham_ratio"]["value"] == pytest.approx(2156 / 2496)
    assert found.figures["durham_ratio"]["numerator"] == "durham_2016_policeuk_local_resolution"


def test_months_section_on_the_hand_made_archive(tmp_path):
    # The two Durham months of test_policeuk.py: last outcome Local resolution March a1, a2 and April b1 (3 of 6
    # crimes; 3 ASB rows); events March a1, z9 and April a2, b1, a3 (5). March 2016 is in 2015/16, April in 2016/17.
    from test_policeuk import FILES, write_zip

    from community_resolutions import policeuk_duckdb

    run = _run("Durham", tmp_path, ("2015/16", "2016/17"))
    yearly = _yearly([("Durham", 2015, 1000, 300, 90, 100), ("Durham", 2016, 1000, 310, 120, 100)])
    totals = _totals([("Durham", "2015/16", "closed", 1200), ("Durham", "2016/17", "closed", 2400)])
    data = _data(yearly, totals, run.area.forces)
    data.archive = policeuk_duckdb.count_archive(write_zip(tmp_path / "durham.zip", FILES))
    data.months_from = "police.uk monthly files in durham.zip"
    found = Findings("8-police-uk", {}, synthetic=False)
    section = story.months_section(run, data, found)
    assert section.sentences[0].startswith("Monthly figures come from police.uk monthly files in durham.zip.")
    assert section.sentences[1] == story.force_months_sentence("Durham Constabulary", "2016-03", "2016-04", 3, 6, 3, 5)
    assert section.sentences[2].startswith("The newer the month, the fewer outcomes it shows:")
    # One month of each year: 1,200 / 12 = 100 and 2,400 / 12 = 200.
    assert section.sentences[3] == (
        "March 2016 is one of the twelve months of 2015/16. police.uk shows two crimes ending in “Local resolution” "
        "and two Local resolution events for it. The Home Office counts 1,200 community resolutions for the whole "
        "year; spread evenly, that is about 100 for one month (an estimate: the Home Office figures used here are "
        "yearly).")
    assert section.sentences[4].startswith("April 2016 is one of the twelve months of 2016/17. police.uk shows one "
                                           "crime ending in “Local resolution” and three Local resolution events")
    assert "about 200 for one month" in section.sentences[4]
    # The aggregates, made later: 100 of Durham's 1,000 crimes of 2016 had no outcome (10%), 120 Local resolution.
    assert section.sentences[5] == (
        "Data made later tell a different story: in the BBC's aggregates of the archive, only 10% of Durham's crimes "
        "of 2016 had no outcome, and 120 ended in “Local resolution” over the whole calendar year.")
    assert len(section.sentences) == 6
    figures = {key: value["value"] for key, value in found.figures.items()}
    assert figures["durham_2015_16_home_office_pro_rata"] == 100 and figures["durham_2016_17_months_in_files"] == 1
    assert figures["durham_months_local_resolution_events"] == 5 and figures["months_available"] is True
    assert isinstance(section.parts[0], story.Table) and section.parts[0].caption.startswith("Durham Constabulary: ")


def test_months_and_local_sections_without_monthly_files(tmp_path):
    run = _run("Durham", tmp_path)
    data = _data(YEARLY, TOTALS, run.area.forces)
    found = Findings("8-police-uk", {}, synthetic=False)
    assert story.months_section(run, data, found).sentences[0].startswith("No police.uk monthly files were given")
    assert story.local_section(run, data, found).sentences == [
        ("Council areas come from police.uk's monthly street files, and none were read for Durham Constabulary, so "
         "there is nothing to show below the force here.")]
    with pytest.raises(ValueError, match="local_area='Darlington': council areas come from police.uk monthly files"):
        story.local_section(run, data, found, "Darlington")
