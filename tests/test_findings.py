"""Offence-level notebooks (2, 3, 4, 6) and the reconciliation (7): findings checked against sums
this test makes itself from the mirror's raw CSV with the csv module, not with the package."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from functools import lru_cache

import pytest

from community_resolutions.paths import REFERENCE_DIR

NORTH_EAST = ["Cleveland", "Durham", "North Yorkshire", "Northumbria"]
ASSAULT_CODES = {"104", "105A", "105B", "8N", "8P", "8S", "5D"}  # as listed in offence-mix.csv


@lru_cache(maxsize=1)
def raw_sums(mirror_path: str):
    """(force, code, group, subgroup, type) -> [recorded, closed], from the 2017/18 tidy file."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    names = {"London, City of": "City of London"}
    with gzip.open(f"{mirror_path}/home-office/outcomes/prc-outcomes-open-data-mar2018-tidy.csv.gz", "rt", newline="") as f:
        for row in csv.DictReader(f):
            if row["force_name"] == "NA":
                continue
            key = (names.get(row["force_name"], row["force_name"]), row["offence_code"], row["offence_group"],
                   row["offence_subgroup"], int(float(row["outcome_type"])))
            pair = sums[key]
            pair[0] += int(float(row["offences"])) if row["offences"] != "NA" else 0
            count = row["force_outcomes_recorded_in_quarter"]
            pair[1] += int(float(count)) if count != "NA" else 0
    return dict(sums)


def total(mirror, forces, keep, basis="closed", outcome=8):
    """Sum a basis over rows whose (code, group, subgroup) pass ``keep``; outcome None = all assigned."""
    column = 1 if basis == "closed" else 0
    out = 0
    for (force, code, group, subgroup, kind), pair in raw_sums(str(mirror)).items():
        if force in forces and keep(code, group, subgroup) and kind != 0 and (outcome is None or kind == outcome):
            out += pair[column]
    return out


def reviewed_codes(filename, column=None, value=None):
    with open(REFERENCE_DIR / filename, newline="") as f:
        return {r["offence_code"] for r in csv.DictReader(f) if column is None or r[column] == value}


def test_child_sex_offences_durham(run_notebook, mirror):
    found = run_notebook("2-child-sex-offences", area="Durham", years="2017/18")["figures"]
    child = reviewed_codes("child-sex-offences.csv", "against_children", "yes")
    assert found["area_child_community_resolutions"]["value"] == total(mirror, ["Durham"], lambda c, g, s: c in child)
    sexual = total(mirror, ["Durham"], lambda c, g, s: g == "Sexual offences")
    assert found["area_sexual_community_resolutions"]["value"] == sexual
    everyone = {k[0] for k in raw_sums(str(mirror))}
    assert found["national_child_community_resolutions"]["value"] == total(mirror, everyone, lambda c, g, s: c in child)
    assert found["area_code_88A"]["value"] == total(mirror, ["Durham"], lambda c, g, s: c == "88A")


def test_child_sex_offences_default_years_name_the_missing_workbooks(run_notebook):
    found = run_notebook("2-child-sex-offences", area="north-east-and-north-yorkshire")
    assert found["parameters"]["years_computed"] == ["2017/18"]
    assert any("prc-outcomes-open-data-mar2015-tables-241024.xlsx" in w for w in found["warnings"])


def test_child_sex_offences_without_offence_level_years(run_notebook):
    found = run_notebook("2-child-sex-offences", area="Durham", years="2019/20")
    assert found["figures"]["computable"]["value"] is False
    assert "cannot count" in found["sentences"][0]


@pytest.mark.parametrize("force, slug", [("North Yorkshire", "north-yorkshire"),
                                         ("British Transport Police", "british-transport-police")])
def test_drug_offences(run_notebook, mirror, force, slug):
    found = run_notebook("3-drug-offences", area=force, years="2017/18")["figures"]
    def drugs(c, g, s):
        return g == "Drug offences"

    cr, assigned = total(mirror, [force], drugs), total(mirror, [force], drugs, outcome=None)
    assert found[f"{slug}_drug_community_resolutions"]["value"] == cr
    assert found[f"{slug}_drug_assigned"]["value"] == assigned
    assert found[f"{slug}_drug_share"]["value"] == pytest.approx(cr / assigned)
    def traffic(c, g, s):
        return s == "Trafficking of drugs"

    assert found[f"{slug}_trafficking_community_resolutions"]["value"] == total(mirror, [force], traffic)


def test_region_in_numbers(run_notebook, mirror):
    found = run_notebook("4-region-in-numbers", area="north-east-and-north-yorkshire")["figures"]
    assert found["mix_assaults"]["value"] == total(mirror, NORTH_EAST, lambda c, g, s: c in ASSAULT_CODES)
    def burglary(c, g, s):
        return s in {"Domestic burglary", "Non-domestic burglary"}

    assert found["mix_burglary"]["value"] == total(mirror, NORTH_EAST, burglary)
    assert found["mix_drug_trafficking"]["value"] == total(mirror, NORTH_EAST, lambda c, g, s: s == "Trafficking of drugs")


def test_serious_offences_dyfed_powys(run_notebook, mirror):
    found = run_notebook("6-serious-offences", area="Dyfed-Powys", years="2017/18")["figures"]
    serious = reviewed_codes("serious-offences.csv")
    assert found["area_serious_community_resolutions"]["value"] == total(mirror, ["Dyfed-Powys"], lambda c, g, s: c in serious)
    indictable = reviewed_codes("serious-offences.csv", "category", "indictable only")
    expected = total(mirror, ["Dyfed-Powys"], lambda c, g, s: c in indictable)
    assert found["area_indictable_only_community_resolutions"]["value"] == expected


def test_against_the_article(run_notebook, mirror):
    found = run_notebook("7-against-the-article", area="north-east-and-north-yorkshire")["figures"]
    # The North-East total over 2014/15-2017/18 from the force-year CSV, summed here by hand.
    ne_total = 0
    with open(mirror / "home-office/outcomes/force-year-outcome-totals-2014-15-to-2025-26.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["force"] in NORTH_EAST and row["fy"] in {"2014/15", "2015/16", "2016/17", "2017/18"}:
                ne_total += int(row["closed_all_t8"])
    assert found["article_ne-total"]["value"] == ne_total
    assert found["article_ne-total"]["verdict"] == ("consistent" if ne_total > 35000 else "lower than published")
    # Offence-level rows cover one year of four: never scaled up, marked not comparable.
    assert found["article_durham-stalking"]["value"] == total(mirror, ["Durham"], lambda c, g, s: c == "8Q")
    assert found["article_durham-stalking"]["verdict"] == "not comparable"
    assert found["article_inappropriate-2015"]["verdict"] == "not in the data"
