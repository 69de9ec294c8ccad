"""Reference data is checked like code: every file in data/reference/ has the columns it needs,
every row its reason, every name a known force, every key once."""

from __future__ import annotations

import csv
import re

import pytest

from community_resolutions import areas, offences
from community_resolutions.params import financial_years_between
from community_resolutions.paths import REFERENCE_DIR

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
YEAR = re.compile(r"^\d{4}/\d{2}$")


def rows(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


#: Every reference file, with the columns each row must fill in.
REQUIRED = {
    "child-sex-offences.csv": ["offence_code", "offence_description", "against_children", "reason"],
    "columns.csv": ["canonical", "spelling", "form"],
    "count-markers.csv": ["meaning", "noted", "note"],
    "datasets.csv": ["id", "title", "kind", "licence", "filename", "sha256"],
    "forces.csv": ["force", "slug", "display_name", "home_office_name"],
    "known-gaps.csv": ["force", "first_year", "last_year", "basis", "kind", "note", "source"],
    "offence-mix.csv": ["category", "match_column", "match_value", "reason"],
    "official-outcomes-workbooks.csv": ["financial_year", "filename", "data_sheet", "outcome_types"],
    "outcome-types.csv": ["outcome_type", "description", "group"],
    "oversight.csv": ["force", "holds_to_account", "kind", "as_of", "source"],
    "published-figures.csv": ["id", "publication", "date", "figure", "published"],
    "regions.csv": ["region", "name", "kind", "force"],
    "serious-offences.csv": ["offence_code", "offence_description", "category", "reason", "source"],
}


def test_every_reference_file_is_checked_here():
    on_disk = sorted(path.name for path in REFERENCE_DIR.glob("*.csv"))
    assert on_disk == sorted(REQUIRED), "a new reference file needs its checks in tests/test_reference_data.py"


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_required_cells_are_filled(name):
    table = rows(name)
    assert table, f"{name} has no rows"
    for line, row in enumerate(table, start=2):
        for column in REQUIRED[name]:
            assert column in row, f"{name}: no column {column!r}"
            assert (row[column] or "").strip(), f"{name}, line {line}: {column} is empty"


def test_forces_have_unique_slugs_names_and_aliases():
    table = rows("forces.csv")
    assert len(table) == 44
    slugs = [row["slug"] for row in table]
    assert all(SLUG.match(slug) for slug in slugs) and len(set(slugs)) == 44
    spellings: dict[str, str] = {}
    for row in table:
        names = {row["force"], row["display_name"], row["home_office_name"], row["police_uk_name"], row["ons_name"],
                 *(a for a in row["aliases"].split("|") if a)}
        for name in (n for n in names if n):
            key = areas._key(name)
            assert spellings.setdefault(key, row["force"]) == row["force"], f"{name!r} names two forces"


def test_regions_name_known_forces_with_valid_slugs():
    forces = {row["force"] for row in rows("forces.csv")}
    for line, row in enumerate(rows("regions.csv"), start=2):
        assert SLUG.match(row["region"]), f"regions.csv, line {line}: bad slug {row['region']!r}"
        assert row["force"] in forces, f"regions.csv, line {line}: unknown force {row['force']!r}"
    by_region: dict[str, list[str]] = {}
    for row in rows("regions.csv"):
        by_region.setdefault(row["region"], []).append(row["force"])
    assert all(len(f) == len(set(f)) for f in by_region.values()), "a force listed twice in one region"
    assert sorted(by_region["england-and-wales"]) == sorted(forces)


def test_known_gaps_name_forces_years_and_bases():
    forces = {row["force"] for row in rows("forces.csv")}
    for line, row in enumerate(rows("known-gaps.csv"), start=2):
        assert row["force"] in forces, f"known-gaps.csv, line {line}"
        assert YEAR.match(row["first_year"]) and YEAR.match(row["last_year"])
        assert financial_years_between(row["first_year"], row["last_year"]), f"known-gaps.csv, line {line}: years run backwards"
        assert row["basis"] in {"closed", "recorded", "both"}


def test_offence_lists_have_one_row_per_code_and_a_reason():
    for name in ("child-sex-offences.csv", "serious-offences.csv"):
        codes = [row["offence_code"] for row in rows(name)]
        assert len(codes) == len(set(codes)), f"{name}: a code listed twice"
    assert {row["against_children"] for row in rows("child-sex-offences.csv")} <= {"yes", "no"}


def test_reviewed_codes_are_codes_the_data_use(mirror):
    held = set(offences.load_offence_level(mirror=mirror)["offence_code"])
    listed = {row["offence_code"] for name in ("child-sex-offences.csv", "serious-offences.csv") for row in rows(name)}
    assert listed <= held, sorted(listed - held)


def test_offence_mix_rules_use_known_columns():
    for line, row in enumerate(rows("offence-mix.csv"), start=2):
        assert row["match_column"] in {"offence_code", "offence_group", "offence_subgroup", "child_sex_offences"}, line


def test_datasets_have_unique_ids_and_hex_checksums():
    table = rows("datasets.csv")
    ids = [row["id"] for row in table]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[0-9a-f]{64}", row["sha256"]) for row in table)
    assert {row["kind"] for row in table} <= {"official", "derived"}


def test_published_figures_have_unique_ids():
    ids = [row["id"] for row in rows("published-figures.csv")]
    assert len(ids) == len(set(ids))
