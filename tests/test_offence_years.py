"""Every offence-level year: the 2018/19 file beside 2017/18, the change between years, the offence
explorer, and a sentence (never a crash) when a selection is empty."""

from __future__ import annotations

import csv
import dataclasses
import gzip
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from community_resolutions import areas, cache as cache_module, coverage, explorer, offence_pages, offences, outcomes, words

FILE_2018_19 = Path("home-office/outcomes/prc-outcomes-open-data-mar2019.csv.gz")
FILE_2017_18 = Path("home-office/outcomes/prc-outcomes-open-data-mar2018-tidy.csv.gz")


@lru_cache(maxsize=None)
def drug_counts_2018_19(mirror: Path, force: str) -> dict[str, tuple[int, int]]:
    """(community resolutions, assigned) of a force's drug offences in 2018/19 on each basis, summed
    with the csv module from the official-named export (counts that are text, such as
    'N/A - offence code expired', are not counts)."""
    sums = {"closed": [0, 0], "recorded": [0, 0]}
    columns = {"closed": "Force outcomes recorded in quarter", "recorded": "Force outcomes for offences recorded in quarter"}
    with gzip.open(mirror / FILE_2018_19, "rt", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Force Name"] != force or row["Offence Group"] != "Drug offences" or row["Outcome Type"] == "0":
                continue
            for basis, column in columns.items():
                text = row[column].strip()
                if text.lstrip("-").isdigit():
                    sums[basis][1] += int(text)
                    if row["Outcome Type"] == "8":
                        sums[basis][0] += int(text)
    return {basis: tuple(values) for basis, values in sums.items()}


# --------------------------------------------------------------------------- hand-made fixtures


def two_years() -> pd.DataFrame:
    """Force A: 2017/18 one community resolution of four drug outcomes; 2018/19 three of six.
    Force B: 2017/18 nothing but drug rows with other outcomes; a burglary row for A in 2018/19."""
    rows = []
    for year, force, code, group, outcome, count in [
        ("2017/18", "A", "92D", "Drug offences", 8, 1), ("2017/18", "A", "92D", "Drug offences", 1, 3),
        ("2018/19", "A", "92D", "Drug offences", 8, 3), ("2018/19", "A", "92D", "Drug offences", 1, 3),
        ("2018/19", "A", "92D", "Drug offences", 0, 40),  # not yet assigned: never counted
        ("2017/18", "B", "92D", "Drug offences", 1, 5), ("2018/19", "A", "28E", "Theft offences", 8, 7),
    ]:
        rows.append({"financial_year": year, "force": force, "offence_code": code, "offence_group": group,
                     "offence_subgroup": "", "offence_description": code, "outcome_type": outcome,
                     "closed": count, "recorded": count, "source": f"file-{year[:4]}", "published": "2019"})
    return pd.DataFrame(rows)


def test_yearly_every_year_held_with_change_in_points():
    table = two_years()
    drugs = table["offence_group"] == "Drug offences"
    years = offences.yearly(table, ["A"], "closed", rows=drugs)
    # 2017/18: 1 of 4 = 25%; 2018/19: 3 of 6 = 50% (type 0 left out; the burglary is not a drug offence).
    assert years[["financial_year", "community_resolution", "assigned"]].values.tolist() == [["2017/18", 1, 4], ["2018/19", 3, 6]]
    assert years["change_points"].iloc[1] == pytest.approx(25.0)
    assert years["source"].tolist() == ["file-2017", "file-2018"]
    # Force B has drug rows in 2017/18 only: 2018/19 is a row of zeros with no share, not a missing year.
    b = offences.yearly(table, ["B"], "closed", rows=drugs)
    assert b["assigned"].tolist() == [5, 0] and pd.isna(b["share"].iloc[1])


def test_yearly_sentence_rules():
    table = two_years()
    years = offences.yearly(table, ["A"], "closed", rows=table["offence_group"] == "Drug offences")
    assert offences.yearly_sentence("A Police", "drug offences", years) == (
        "In 2018/19, A Police closed 50.0% of drug offences with a community resolution (three of six), "
        "up from 25.0% in 2017/18.")
    # The latest year with outcomes is used; a year without outcomes is skipped, not compared.
    b = offences.yearly(table, ["B"], "closed", rows=table["offence_group"] == "Drug offences")
    assert offences.yearly_sentence("B Police", "drug offences", b) == (
        "In 2017/18, B Police closed no drug offences with a community resolution (none of five given an outcome); "
        "the offence-level data hold no other year to compare it with.")
    none = offences.yearly(table, ["A"], "closed", rows=table["offence_group"] == "Robbery")
    assert offences.yearly_sentence("A Police", "robberies", none) == (
        "The offence-level data hold no robberies given an outcome for A Police in any year.")
    # None in both years is said in words, never "the same as 0.0%" (British Transport Police's page read that).
    zero = pd.DataFrame({"financial_year": ["2017/18", "2018/19"], "community_resolution": [0, 0],
                         "assigned": [12, 39], "share": [0.0, 0.0]})
    assert offences.yearly_sentence("C Police", "sexual offences against children", zero) == (
        "In 2018/19, C Police closed no sexual offences against children with a community resolution "
        "(none of 39 given an outcome), as in 2017/18.")
    # From none to some: "up from none", not "up from 0.0%". 2 of 40 = 5.0%.
    some = zero.assign(community_resolution=[0, 2], assigned=[12, 40], share=[0.0, 2 / 40])
    assert offences.yearly_sentence("C Police", "drug offences", some) == (
        "In 2018/19, C Police closed 5.0% of drug offences with a community resolution (two of 40), "
        "up from none in 2017/18.")
    # Shares equal as printed are "the same as", never "up" or "down".
    assert words.change_phrase(0.05004, 0.04996) == "the same as 5.0%"


def test_newest_publication_wins_per_year_and_force_never_a_sum():
    rows = pd.DataFrame({"financial_year": ["2017/18"] * 3, "force": ["Durham", "Durham", "Cleveland"],
                         "closed": [5464, 5567, 10], "published": ["2019", "2024-07-24", "2019"]})
    kept = outcomes.newest_publication(rows)
    assert kept.sort_values("force")["closed"].tolist() == [10, 5567]
    # The user's own file (priority 1) wins even when older.
    mine = rows.assign(priority=[1, 0, 0])
    assert outcomes.newest_publication(mine).sort_values("force")["closed"].tolist() == [10, 5464]



def test_newest_publication_edge_rows():
    """Rows without a date, force or year never win; each year and force is decided on its own; the
    rows kept keep their order and every column but ``priority``."""
    rows = pd.DataFrame({
        "financial_year": ["2017/18", "2017/18", "2018/19", "2018/19", "2018/19", None, "2018/19"],
        "force": ["Kent", "Kent", "Kent", "Kent", "Durham", "Durham", None],
        "closed": [1, 2, 3, 4, 5, 6, 7],
        "published": ["2019", None, "2024-07-24", "2019", None, "2019", "2019"],
        "priority": [0, 0, None, 1, 0, 0, 0]})
    kept = outcomes.newest_publication(rows)
    # Kent 2017/18: the dated row; Kent 2018/19: the user's (priority 1) over the newer date;
    # Durham 2018/19 has only an undated row: nothing; no year or no force: dropped.
    assert kept["closed"].tolist() == [1, 4]
    assert list(kept.columns) == ["financial_year", "force", "closed", "published"]


# --------------------------------------------------------------------------- explorer


def test_explorer_selects_by_code_subgroup_group_category_and_list():
    table = explorer._example()
    assert explorer.select_offences(table, "92a").codes == ("92A",)
    assert explorer.select_offences(table, "possession of drugs").kind == "offence subgroup"
    assert explorer.select_offences(table, "DRUG  OFFENCES").codes == ("92A", "92D")
    assert explorer.select_offences(table, "Drug trafficking").kind == "category"  # offence-mix.csv
    assert explorer.select_offences(table, "child sex offences").codes == ()  # a list, with none of its codes here
    with pytest.raises(explorer.UnknownOffence, match="Did you mean: Drug offences"):
        explorer.select_offences(table, "drug ofences")
    with pytest.raises(explorer.UnknownOffence, match="name an offence"):
        explorer.select_offences(table, "  ")


def test_explorer_region_rank_and_empty_selection():
    table = explorer._example()
    north_east = areas.region("north-east")  # Cleveland, Durham, Northumbria: the two forces here are in it
    found = explorer.explore(table, explorer.select_offences(table, "drug offences"), north_east, ["2017/18"], "closed")
    # Durham 2 of 10 and Cleveland 1 of 10: the region 3 of 20 = 15% (1/7 = 14.3%, so "just over one in seven"),
    # the same as the (two-force) national figure.
    assert found.area == {"community_resolution": 3, "assigned": 20, "share": 0.15}
    assert found.sentences == ["Police forces in the North East closed just over one in seven (15.0%) of drug offences "
                               "with a community resolution in 2017/18: three of 20 (England and Wales: 15.0%)."]
    assert found.per_force.set_index("force").loc[["Durham", "Cleveland"], "rank"].tolist() == [1, 2]
    burglary = explorer.explore(table, explorer.select_offences(table, "burglary"), north_east, ["2017/18"], "closed")
    assert burglary.sentences == [
        "The offence-level data hold no offences of burglary given an outcome for the North East in 2017/18."]


# --------------------------------------------------------------------------- checks


def test_devon_and_cornwall_low_run_is_queried_and_listed(mirror):
    totals = outcomes.load_force_year_totals(mirror=mirror)
    runs = coverage.low_runs(totals)
    devon = runs[(runs["force"] == "Devon and Cornwall") & (runs["basis"] == "closed")]
    # Closed basis, from the mirror's README: 94,834 (2020/21), 78,751, 78,723, 125,611 (2023/24).
    assert devon[["years", "values", "previous", "next"]].values.tolist() == [
        [["2021/22", "2022/23"], [78751, 78723], 94834, 125611]]
    # The single-year check misses it: each low year has a low neighbour.
    flags = coverage.year_on_year_flags(totals)
    assert flags[(flags["force"] == "Devon and Cornwall") & (flags["basis"] == "closed")].empty
    warnings = coverage.data_gap_warnings(["Devon and Cornwall"], ["2021/22", "2022/23"], "closed", mirror=mirror)
    assert warnings[0].startswith("Devon and Cornwall Police moved to a new records system in November 2022")
    assert "found by the run check" in warnings[1] and warnings[1].endswith("check 2021/22 before comparing.")


def test_consistency_notes_flag_a_large_difference_only(mirror):
    table = offences.load_offence_level(mirror=mirror)
    totals = outcomes.load_force_year_totals(mirror=mirror)
    # Durham 2018/19: 6,062 in the 2019 publication, 6,060 in the 2024 one: a small revision, no warning.
    assert offence_pages.consistency_notes(table, totals, ["Durham"], ["2018/19"], "closed") == []
    # Halve Durham's 2018/19 rows, as a misread file might: the page must say so.
    halved = table.assign(closed=table["closed"].where(~((table["force"] == "Durham") & (table["financial_year"] == "2018/19")),
                                                       table["closed"] // 2))
    notes = offence_pages.consistency_notes(halved, totals, ["Durham"], ["2018/19"], "closed")
    assert len(notes) == 1 and "may also be a misread file" in notes[0]


# --------------------------------------------------------------------------- real files, whole notebooks


def test_offence_level_holds_2017_18_and_2018_19_from_the_2019_publication(mirror):
    table = offences.load_offence_level(mirror=mirror)
    held = outcomes.offence_level_publications(table)
    assert held[["financial_year", "source", "published", "forces"]].values.tolist() == [
        ["2017/18", "outcomes-2017-18-tidy", "2019", 44], ["2018/19", "outcomes-2018-19-csv", "2019", 44]]


@pytest.mark.notebook
@pytest.mark.parametrize("basis", ["closed", "recorded"])
def test_north_yorkshire_drugs_2018_19_match_the_file(run_notebook, mirror, basis):
    cr, assigned = drug_counts_2018_19(mirror, "North Yorkshire")[basis]
    assert (cr, assigned) == {"closed": (153, 955), "recorded": (140, 857)}[basis]  # the figures, from the file
    found = run_notebook("3-drug-offences", area="North Yorkshire", years="2018/19", basis=basis)["figures"]
    assert found["north-yorkshire_drug_community_resolutions"]["value"] == cr
    assert found["north-yorkshire_drug_assigned"]["value"] == assigned
    # Every year the offence-level data hold is on the page, 2018/19 from the 2018/19 file.
    assert found["area_drug_community_resolutions_2018_19"]["value"] == cr
    assert found["area_drug_community_resolutions_2018_19"]["source"] == "outcomes-2018-19-csv"
    assert "area_drug_community_resolutions_2017_18" in found


@pytest.fixture(scope="module")
def durham_without_drugs_or_sex(mirror, tmp_path_factory) -> Path:
    """A valid outcomes file (the mirror's 2017/18 tidy form) for Durham with no drug, sexual or
    listed serious offences: every offence-level page must say so in words."""
    serious = set(offences.serious_offences()["offence_code"])
    path = tmp_path_factory.mktemp("empty") / "durham-without-drugs-2017-18.csv"
    with gzip.open(mirror / FILE_2017_18, "rt", encoding="utf-8", newline="") as source, open(path, "w", newline="") as out:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if (row["force_name"] == "Durham" and row["offence_group"] not in ("Drug offences", "Sexual offences")
                    and row["offence_code"] not in serious):
                writer.writerow(row)
    return path


@pytest.mark.notebook
@pytest.mark.parametrize("notebook, sentence", [
    ("3-drug-offences",
     "These data hold no drug offences for Durham Constabulary in 2017/18, so this page has nothing to count."),
    ("2-child-sex-offences",
     "These data hold no sexual offences for Durham Constabulary in 2017/18, so this page has nothing to count."),
    ("6-serious-offences",
     "These data hold no offences from the list of serious offences for Durham Constabulary in 2017/18, "
     "so this page has nothing to count."),
])
def test_item5_empty_selection_gives_a_sentence_not_a_crash(run_notebook, durham_without_drugs_or_sex, notebook, sentence):
    found = run_notebook(notebook, area="Durham", years="2017/18", outcome_files=str(durham_without_drugs_or_sex))
    assert found["sentences"][0] == sentence


def test_official_workbook_in_the_cache_is_used_by_default(mirror, tmp_path, monkeypatch):
    """After `make fetch` an official workbook sits in data/cache/downloads/ under its official name:
    every offence-level page then covers its year with no OUTCOMES=. Here a synthetic replica of the
    2016/17 workbook stands in for the download (its checksum put in a copy of the registry)."""
    from community_resolutions import sources, synthetic

    dataset = sources.registry()["outcomes-workbook-2016-17"]
    made = tmp_path / f"synthetic-{dataset.filename}"
    truth = synthetic.make_workbook(made, financial_year="2016/17", forces=["Durham", "Cumbria"], rows=120,
                                    published="2024-07-24", official_types=True)
    cache = tmp_path / "cache"
    (cache / "downloads").mkdir(parents=True)
    target = cache / "downloads" / dataset.filename
    target.write_bytes(made.read_bytes())
    registry = dict(sources.registry())
    registry[dataset.id] = dataclasses.replace(dataset, sha256=sources.sha256_of(target))
    monkeypatch.setattr(sources, "registry", lambda *a, **k: registry)
    monkeypatch.setattr(sources, "cache_dir", lambda override=None: cache)
    monkeypatch.setattr(outcomes, "cache_dir", lambda override=None: cache)
    monkeypatch.setattr(cache_module, "cache_dir", lambda override=None: cache)

    assert outcomes.official_workbooks_in_cache() == ["outcomes-workbook-2016-17"]
    table = offences.load_offence_level(mirror=mirror)
    held = outcomes.offence_level_publications(table)
    assert held["financial_year"].tolist() == ["2016/17", "2017/18", "2018/19"]
    year = table[table["financial_year"] == "2016/17"]
    assert set(year["source"]) == {"outcomes-workbook-2016-17"} and year["synthetic"].all()  # the replica's marker
    durham = lambda t: int(t[(t["force"] == "Durham") & (t["outcome_type"] == 8)]["closed"].fillna(0).sum())  # noqa: E731
    assert durham(year) == durham(truth)


def test_data_not_provided_is_found_in_any_case_and_beside_empty_notes():
    """The search runs on the distinct notes: upper case, a missing note and another marker must not
    change which cells count (two here, quarters 1 and 3, Durham only)."""
    rows = pd.DataFrame({"financial_year": ["2018/19"] * 5, "force": ["Durham"] * 4 + ["Kent"],
                         "quarter": [1, 2, 3, 4, 1],
                         "note": ["N/A - DATA NOT PROVIDED", None, "data not provided", "N/A - offence code expired", ""]})
    notes = offence_pages.not_provided_notes(rows, ["Durham", "Kent"], ["2018/19"])
    assert notes == ["The offence-level data for Durham Constabulary in 2018/19 mark two cells 'data not provided' "
                     "(quarters 1 and 3): those counts are missing, not zero, so the figures below undercount."]
