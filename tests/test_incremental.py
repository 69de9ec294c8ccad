"""Incremental batches (issue 16 item 1): a page set is reused when nothing it is made from changed,
and built again when an input, a parameter or the code did, or when --rebuild asks.

Notebook runs are replaced by a fake that writes a page's files and records the call, so these tests
check the bookkeeping without a kernel (the end-to-end reuse of real pages is in test_reports.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from community_resolutions import areas, assemble, buildkey, publish

NOTEBOOKS = ("1-force-rate", "8-police-uk")
DURHAM = areas.force_area("Durham")


class Fake:
    """Stands in for papermill, the HTML export and the page to publish from; records what ran."""

    def __init__(self, monkeypatch):
        self.runs: list[tuple[str, str]] = []
        self.assembled: list[str] = []
        self.fail: set[tuple[str, str]] = set()  # (area slug, notebook) that raise
        monkeypatch.setattr(publish, "run_notebook", self.run_notebook)
        monkeypatch.setattr(publish, "export_html", self.export_html)
        monkeypatch.setattr(assemble, "assemble_page", self.assemble_page)

    def run_notebook(self, notebook: str, parameters: dict, folder: Path, kernel=None) -> Path:
        if (parameters["area"], notebook) in self.fail:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{notebook}.ipynb").write_text("half-written")
            raise RuntimeError(f"simulated failure in {notebook}")
        self.runs.append((parameters["area"], notebook))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{notebook}.ipynb").write_text(json.dumps(parameters))
        (folder / f"{notebook}.chart.csv").write_text("a,b\n1,2\n")
        document = {"synthetic": False, "sentences": [f"{notebook} for {parameters['area']}."],
                    "sources": [{"id": "force-year-totals"}]}
        (folder / f"{notebook}.findings.json").write_text(json.dumps(document))
        return folder / f"{notebook}.ipynb"

    def export_html(self, executed: Path, title: str) -> Path:
        return publish.atomic_write_text(executed.with_suffix(".html"), f"<p>{title}</p>")

    def assemble_page(self, folder: Path, area: areas.Area, *, mirror=None, **banners) -> Path:
        self.assembled.append(area.slug)
        publish.atomic_write_text(folder / f"{area.slug}-story.md", f"{area.name} {banners}\n")  # as assemble does
        return publish.atomic_write_text(folder / f"{area.slug}.html", f"<p>{area.name} {banners}</p>")


@pytest.fixture
def fake(monkeypatch):
    return Fake(monkeypatch)


def build(reports: Path, lines: list[str] | None = None, area: areas.Area = DURHAM, **options) -> Path:
    options = {"years": "2017/18", "basis": "closed", **options}
    years, basis = options.pop("years"), options.pop("basis")
    return publish.build(area, years, basis, reports_dir=reports, notebooks=NOTEBOOKS,
                         log=(lines.append if lines is not None else lambda *a, **k: None), **options)


def test_nothing_changed_reuses_every_page_and_says_so(fake, tmp_path):
    build(tmp_path)
    assert fake.runs == [("durham", "1-force-rate"), ("durham", "8-police-uk")]
    page = tmp_path / "durham" / "1-force-rate.html"
    before = page.stat().st_ino
    lines: list[str] = []
    index = build(tmp_path, lines)
    assert fake.runs == [("durham", "1-force-rate"), ("durham", "8-police-uk")]  # nothing ran again
    assert fake.assembled == ["durham"]
    assert lines == ["[1/1] reused 2 pages for Durham Constabulary (nothing changed)"]
    assert page.stat().st_ino == before  # the same file, linked into the new folder, not a copy
    assert "1-force-rate.html" in index.read_text()  # the index is written afresh and links the reused pages
    assert set(buildkey.read_keys(tmp_path / "durham")) == {*NOTEBOOKS, buildkey.PAGE}


@pytest.mark.parametrize("change", [{"years": "2016/17"}, {"basis": "recorded"}, {"mirror": "/elsewhere"}])
def test_a_changed_parameter_builds_again(fake, tmp_path, change):
    build(tmp_path)
    build(tmp_path, **change)
    assert len(fake.runs) == 4 and fake.assembled == ["durham", "durham"]


def test_a_banner_changes_only_the_page_to_publish_from(fake, tmp_path):
    build(tmp_path)
    lines: list[str] = []
    build(tmp_path, lines, banners={"embargo": "00:01 Monday", "right_of_reply": ""})
    assert len(fake.runs) == 2 and fake.assembled == ["durham", "durham"]
    assert "the page to publish from made again" in lines[0]


def test_a_changed_user_file_builds_again(fake, tmp_path):
    mine = tmp_path / "my outcomes.csv"
    mine.write_text("version 1")
    build(tmp_path / "reports", outcomes=str(mine))
    build(tmp_path / "reports", outcomes=str(mine))
    assert len(fake.runs) == 2
    mine.write_text("version 2")
    build(tmp_path / "reports", outcomes=str(mine))
    assert len(fake.runs) == 4


def test_police_uk_files_rebuild_only_the_police_uk_page(fake, tmp_path):
    months = tmp_path / "police-uk"
    months.mkdir()
    (months / "2016-01-durham-street.csv").write_text("Crime ID\n1\n")
    build(tmp_path / "reports", policeuk=str(months))
    (months / "2016-02-durham-street.csv").write_text("Crime ID\n2\n")  # one more month
    lines: list[str] = []
    build(tmp_path / "reports", lines, policeuk=str(months))
    assert fake.runs[2:] == [("durham", "8-police-uk")]
    assert lines == ["[1/1] Durham Constabulary: 1 pages made in " + lines[0].split(" made in ")[1]]
    assert lines[0].endswith(", 1 reused (unchanged)")
    build(tmp_path / "reports", local_area="Darlington", policeuk=str(months))
    assert fake.runs[3:] == [("durham", "8-police-uk")]


def test_changed_code_builds_again(fake, tmp_path, monkeypatch):
    build(tmp_path)
    monkeypatch.setattr(buildkey, "code_hash", lambda: "another version of the package")
    build(tmp_path)
    assert len(fake.runs) == 4


def test_rebuild_builds_everything(fake, tmp_path):
    build(tmp_path)
    build(tmp_path, rebuild=True)
    assert len(fake.runs) == 4 and fake.assembled == ["durham", "durham"]


def test_a_failed_run_leaves_no_key_a_later_run_would_trust(fake, tmp_path):
    build(tmp_path)
    good = buildkey.read_keys(tmp_path / "durham")
    fake.fail.add(("durham", "8-police-uk"))
    with pytest.raises(RuntimeError, match="simulated failure"):
        build(tmp_path, years="2016/17")  # 1-force-rate ran for 2016/17, then 8-police-uk failed
    assert buildkey.read_keys(tmp_path / "durham") == good  # the earlier report and its key are untouched
    assert not (tmp_path / ".failed-durham" / buildkey.KEY_FILE).exists()
    fake.fail.clear()
    runs = len(fake.runs)
    build(tmp_path, years="2016/17")
    assert fake.runs[runs:] == [("durham", "1-force-rate"), ("durham", "8-police-uk")]  # nothing from the partial run


def test_a_key_without_its_pages_is_not_trusted(fake, tmp_path):
    build(tmp_path)
    (tmp_path / "durham" / "8-police-uk.findings.json").unlink()
    build(tmp_path)
    assert fake.runs[2:] == [("durham", "8-police-uk")]


def test_a_region_reuses_each_of_its_areas_separately(fake, tmp_path):
    region = areas.region("north-east")
    build(tmp_path, area=region)
    first = len(fake.runs)
    assert first == 2 * (1 + len(region.forces))
    (tmp_path / "north-east" / "durham" / buildkey.KEY_FILE).unlink()  # as if Durham's pages were made elsewhere
    lines: list[str] = []
    build(tmp_path, lines, area=region)
    assert fake.runs[first:] == [("durham", "1-force-rate"), ("durham", "8-police-uk")]
    assert sum("(nothing changed)" in line for line in lines) == len(region.forces)
    assert (tmp_path / "north-east" / "index.html").read_text().count("1-force-rate.html") == 1 + len(region.forces)


def national(reports: Path, **options) -> publish.BatchResult:
    chosen = [DURHAM, areas.force_area("Cleveland"), areas.region("north-east")]
    return publish.build_all("2017/18", "closed", reports_dir=reports, notebooks=NOTEBOOKS, areas_to_run=chosen,
                             log=lambda *a, **k: None, **options)


def test_national_batch_reuses_unchanged_areas_and_still_indexes_them(fake, tmp_path):
    first = national(tmp_path)
    assert not first.reused and len(fake.runs) == 6
    second = national(tmp_path)
    assert len(fake.runs) == 6
    assert sorted(second.reused) == ["cleveland", "durham", "region-north-east"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert sorted(manifest["reused"]) == ["cleveland", "durham", "region-north-east"]
    assert manifest["build_keys"]["durham"] == buildkey.read_keys(tmp_path / "areas" / "durham")[buildkey.PAGE]
    assert all(page["build_key"] and page["reused"] for page in manifest["pages"])
    assert "../areas/durham/1-force-rate.html" in (tmp_path / "north-east" / "index.html").read_text()
    national(tmp_path, rebuild=True)
    assert len(fake.runs) == 12


def test_national_batch_rebuilds_only_the_area_that_changed_and_isolates_failures(fake, tmp_path):
    national(tmp_path)
    (tmp_path / "areas" / "cleveland" / "1-force-rate.html").unlink()
    result = national(tmp_path)
    assert fake.runs[6:] == [("cleveland", "1-force-rate")]
    assert sorted(result.reused) == ["durham", "region-north-east"]
    # a failing area keeps its earlier pages and key; its partial run holds no key
    good = buildkey.read_keys(tmp_path / "areas" / "durham")
    fake.fail.add(("durham", "8-police-uk"))
    result = publish.build_all(
        "2016/17", "closed", reports_dir=tmp_path, notebooks=NOTEBOOKS, log=lambda *a, **k: None,
        areas_to_run=[DURHAM, areas.force_area("Cleveland")])
    assert list(result.failed) == ["durham"] and "cleveland" in result.made
    assert buildkey.read_keys(tmp_path / "areas" / "durham") == good
    assert not (tmp_path / "failed" / "durham" / buildkey.KEY_FILE).exists()


def test_the_key_file_names_every_part():
    keys = buildkey.area_keys("durham", NOTEBOOKS, years="2017/18", basis="closed")
    assert set(keys) == {*NOTEBOOKS, buildkey.PAGE}
    assert keys == buildkey.area_keys("durham", NOTEBOOKS, years="2017/18", basis="closed")
    other = buildkey.area_keys("durham", NOTEBOOKS, years="2017/18", basis="closed", policeuk="/x", local_area="Y")
    assert other["1-force-rate"] == keys["1-force-rate"] and other["8-police-uk"] != keys["8-police-uk"]


@pytest.mark.parametrize("value, expected", [("1", True), ("", False), ("0", False)])
def test_make_rebuild_reaches_the_cli_as_data(mirror, monkeypatch, value, expected):
    """``make reports REBUILD=1`` hands the value over in ``CR_REBUILD`` (as every make variable), never in the recipe."""
    from community_resolutions import cli

    seen = {}

    def fake_build(area, years, basis, **options):
        seen.update(options, area=area.slug)
        return Path("/nowhere/index.html")

    monkeypatch.setattr(publish, "build", fake_build)
    monkeypatch.setenv("CR_REBUILD", value)
    assert cli.main(["reports", "--force", "Durham", "--years", "2017/18", "--mirror", str(mirror)]) == 0
    assert seen["rebuild"] is expected and seen["area"] == "durham"


def test_the_makefile_passes_rebuild_as_data():
    from community_resolutions.paths import PROJECT_ROOT

    makefile = (PROJECT_ROOT / "Makefile").read_text()
    inputs = next(line for line in makefile.splitlines() if line.startswith("INPUTS :="))
    assert "REBUILD" in inputs.split() and "$(REBUILD)" not in makefile
