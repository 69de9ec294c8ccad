"""End to end: the notebook through papermill, its findings checked against figures this test
computes itself from the mirror's CSV (plain csv module, not the package), and the HTML pages."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from community_resolutions import areas, cli, publish

YEARS = ["2014/15", "2015/16", "2016/17", "2017/18"]
ONE_PAGE = ("1-force-rate",)


def expected_from_csv(mirror: Path, basis: str = "closed") -> dict[str, tuple[int, int]]:
    """Per force: (community resolutions, assigned outcomes) over YEARS, summed by hand."""
    sums: dict[str, list[int]] = {}
    path = mirror / "home-office/outcomes/force-year-outcome-totals-2014-15-to-2025-26.csv"
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["fy"] in YEARS:
                pair = sums.setdefault(row["force"], [0, 0])
                pair[0] += int(row[f"{basis}_all_t8"])
                pair[1] += int(row[f"{basis}_all_assigned"])
    return {force: (cr, assigned) for force, (cr, assigned) in sums.items()}


def rank_of(expected: dict[str, tuple[int, int]], force: str) -> int:
    share = {f: cr / assigned for f, (cr, assigned) in expected.items()}
    return 1 + sum(1 for value in share.values() if value > share[force])


class Resources(HTMLParser):
    """Collects the URLs a page would fetch: script src, link href, img src."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append((tag, attrs["src"]))
        if tag == "link" and attrs.get("href"):
            self.urls.append((tag, attrs["href"]))
        if tag == "img":
            self.images.append(attrs.get("src", ""))
            self.urls.append((tag, attrs.get("src", "")))


def check_offline_page(path: Path, need_chart: bool = True) -> str:
    text = path.read_text(encoding="utf-8")
    parser = Resources()
    parser.feed(text)
    external = [(tag, url) for tag, url in parser.urls if re.match(r"^(https?:)?//", url)]
    assert not external, f"{path.name} fetches {external}"
    assert parser.images or not need_chart, f"{path.name} has no chart"
    assert all(src.startswith("data:image/png;base64,") for src in parser.images)
    assert "hl-ipython3" not in text, "code cells must not be shown"
    for fragment in ["from community_resolutions", "found.add(", "page.show(", "papermill notebooks/"]:
        assert fragment not in text, f"{path.name} shows code or notebook-only text: {fragment}"
    return text


@pytest.fixture(scope="module")
def region_run(mirror, tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    area = areas.resolve_area("north-east-and-north-yorkshire")
    # Notebook 1 and one offence-level notebook are enough to test the batch; every notebook
    # for every awkward area runs in test_all_notebooks.
    index = publish.build(area, "2014/15-2017/18", "closed", mirror=str(mirror), reports_dir=reports,
                          notebooks=ONE_PAGE + ("3-drug-offences",), log=lambda *a, **k: None)
    return index


@pytest.mark.notebook
def test_region_run_writes_index_and_a_page_per_area(region_run, mirror):
    folder = region_run.parent
    for slug in ["north-east-and-north-yorkshire", "cleveland", "durham", "north-yorkshire", "northumbria"]:
        assert (folder / slug / "1-force-rate.html").exists(), slug
        assert (folder / slug / "1-force-rate.findings.json").exists(), slug
        assert (folder / slug / "1-force-rate.ranked-forces.csv").exists(), slug
    index = region_run.read_text(encoding="utf-8")
    assert index.count("1-force-rate.html") == 5 and index.count("3-drug-offences.html") == 5


@pytest.mark.notebook
def test_durham_findings_match_a_hand_computation(region_run, mirror):
    expected = expected_from_csv(mirror)
    found = json.loads((region_run.parent / "durham" / "1-force-rate.findings.json").read_text())
    figures = {key: value["value"] for key, value in found["figures"].items()}
    cr, assigned = expected["Durham"]
    assert figures["durham_community_resolutions"] == cr
    assert figures["durham_assigned"] == assigned
    assert figures["durham_share"] == pytest.approx(cr / assigned)
    assert figures["durham_rank"] == rank_of(expected, "Durham")
    assert figures["forces_ranked"] == 44
    national_cr = sum(v[0] for v in expected.values())
    national_assigned = sum(v[1] for v in expected.values())
    assert figures["national_share"] == pytest.approx(national_cr / national_assigned)
    assert found["parameters"]["years"] == YEARS and found["parameters"]["basis"] == "closed"
    assert {s["id"] for s in found["sources"]} >= {"force-year-totals"}


@pytest.mark.notebook
def test_region_findings_are_the_sum_of_its_forces(region_run, mirror):
    expected = expected_from_csv(mirror)
    found = json.loads((region_run.parent / "north-east-and-north-yorkshire" / "1-force-rate.findings.json").read_text())
    forces = ["Cleveland", "Durham", "North Yorkshire", "Northumbria"]
    assert found["figures"]["area_community_resolutions"]["value"] == sum(expected[f][0] for f in forces)
    assert found["figures"]["area_assigned"]["value"] == sum(expected[f][1] for f in forces)
    assert found["sentences"][0].startswith("Police forces in the North East and North Yorkshire resolved")
    assert any("North Yorkshire" in warning for warning in found["warnings"])


@pytest.mark.notebook
def test_a_rerun_with_nothing_changed_reuses_every_page(region_run, mirror):
    """Issue 16 item 1, end to end: the same region again runs no notebook and leaves the pages as they were."""
    folder = region_run.parent
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "index.html"}
    lines: list[str] = []

    def no_notebook(*args, **kwargs):
        raise AssertionError("a notebook ran although nothing had changed")

    real = publish.run_notebook
    publish.run_notebook = no_notebook
    try:
        index = publish.build(areas.resolve_area("north-east-and-north-yorkshire"), "2014/15-2017/18", "closed",
                              mirror=str(mirror), reports_dir=folder.parent, notebooks=ONE_PAGE + ("3-drug-offences",),
                              log=lines.append)
    finally:
        publish.run_notebook = real
    assert index == region_run
    assert all("(nothing changed)" in line for line in lines) and len(lines) == 5
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "index.html"}
    assert after == before


@pytest.mark.notebook
def test_pages_are_offline_with_no_code(region_run):
    for page in region_run.parent.glob("*/1-force-rate.html"):
        text = check_offline_page(page)
        assert "Sources" in text


@pytest.mark.notebook
@pytest.mark.parametrize("force, slug", [("City of London Police", "city-of-london"), ("BTP", "british-transport-police")])
def test_awkward_forces(force, slug, mirror, tmp_path):
    area = areas.force_area(force)
    index = publish.build(area, "2014/15-2017/18", "recorded", mirror=str(mirror), reports_dir=tmp_path,
                          notebooks=ONE_PAGE, log=lambda *a, **k: None)
    assert index == tmp_path / slug / "index.html"
    expected = expected_from_csv(mirror, "recorded")
    found = json.loads((tmp_path / slug / "1-force-rate.findings.json").read_text())
    name = areas.canonical_force(force)
    assert found["figures"][f"{area.slug}_community_resolutions"]["value"] == expected[name][0]
    assert found["figures"][f"{area.slug}_rank"]["value"] == rank_of(expected, name)
    check_offline_page(tmp_path / slug / "1-force-rate.html")
    if name == "British Transport Police":
        # no ONS region, and its 2014/15 recorded basis is a known gap that the page must show
        assert f"{slug}_rank_in_region" not in found["figures"]
        assert any("no recorded-basis data for 2014/15" in w for w in found["warnings"])


@pytest.mark.notebook
def test_failed_run_keeps_the_earlier_reports(mirror, tmp_path):
    area = areas.force_area("Durham")
    index = publish.build(area, "2017/18", "closed", mirror=str(mirror), reports_dir=tmp_path, notebooks=ONE_PAGE,
                          log=lambda *a, **k: None)
    before = index.read_text()
    with pytest.raises(Exception, match="2030/31"):
        publish.build(area, "2030/31", "closed", mirror=str(mirror), reports_dir=tmp_path, notebooks=ONE_PAGE,
                      log=lambda *a, **k: None)
    assert index.read_text() == before
    assert (tmp_path / "durham" / "1-force-rate.html").exists()


def test_cli_refuses_unknown_force_with_a_suggestion(capsys):
    assert cli.main(["reports", "--force", "Durhem"]) == 2
    assert "Did you mean: Durham" in capsys.readouterr().err


def test_cli_refuses_bad_years(capsys):
    assert cli.main(["reports", "--years", "2014-15 to sometime"]) == 2
    assert "write it like '2017/18'" in capsys.readouterr().err
