"""Forces and regions: every spelling the sources use resolves; unknown names are refused."""

import csv
import gzip

import pytest

from community_resolutions import areas


def test_forty_four_forces_with_unique_slugs():
    table = areas.forces_table()
    assert len(table) == 44
    assert table["slug"].is_unique and table["force"].is_unique
    assert (table["slug"] == table["slug"].str.lower()).all()


@pytest.mark.parametrize(
    "spelling, canonical",
    [
        ("Durham", "Durham"), ("Durham Constabulary", "Durham"),
        ("Devon and Cornwall", "Devon and Cornwall"), ("Devon & Cornwall Police", "Devon and Cornwall"),
        ("London, City of", "City of London"), ("City of London Police", "City of London"),
        ("Metropolitan Police", "Metropolitan Police"), ("Metropolitan Police Service", "Metropolitan Police"),
        ("British Transport Police", "British Transport Police"), ("btp", "British Transport Police"),
        ("Dyfed-Powys", "Dyfed-Powys"), ("dyfed powys police", "Dyfed-Powys"),
        ("north-yorkshire", "North Yorkshire"),
    ],
)
def test_aliases(spelling, canonical):
    assert areas.canonical_force(spelling) == canonical


def test_unknown_force_suggests_close_names():
    with pytest.raises(areas.UnknownArea, match="Did you mean: North Yorkshire"):
        areas.canonical_force("North Yorkshre")


def test_unknown_area_names_both_kinds():
    with pytest.raises(areas.UnknownArea, match="neither a known force nor a known region"):
        areas.resolve_area("Atlantis")


def test_regions():
    assert areas.region("north-east-and-north-yorkshire").forces == ("Cleveland", "Durham", "North Yorkshire", "Northumbria")
    national = areas.region("england-and-wales")
    assert len(national.forces) == 44 and "British Transport Police" in national.forces
    assert len(areas.region("wales").forces) == 4
    ons = areas.regions_table()
    ons = ons[ons["kind"] == "ons"]
    assert ons["region"].nunique() == 10
    # every geographic force is in exactly one ONS region; BTP in none
    counts = ons["force"].value_counts()
    assert (counts == 1).all() and len(counts) == 43


def test_force_wins_over_region():
    assert areas.choose_area("City of London", "north-east").slug == "city-of-london"


def test_every_force_name_in_the_mirror_resolves(mirror):
    names = set()
    with open(mirror / "home-office/outcomes/force-year-outcome-totals-2014-15-to-2025-26.csv", newline="") as f:
        names |= {row["force"] for row in csv.DictReader(f)}
    with gzip.open(mirror / "home-office/outcomes/prc-outcomes-open-data-mar2018-tidy.csv.gz", "rt", newline="") as f:
        names |= {row["force_name"] for row in csv.DictReader(f) if row["force_name"] != "NA"}
    with open(mirror / "police-uk/aggregates/outcomes-by-force-2012-16.csv", newline="") as f:
        police_uk = {row[next(iter(row))] for row in csv.DictReader(f)}
    police_uk -= {"Police Service of Northern Ireland", "Grand Total", ""}
    resolved = {areas.canonical_force(name) for name in names}
    assert resolved == set(areas.all_forces())
    for name in police_uk:
        areas.canonical_force(name)  # raises if unknown
