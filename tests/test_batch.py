"""The national batch: every area once, indexes per region, a manifest, and one failing area
that never stops the others or replaces its earlier good pages."""

from __future__ import annotations

import json

import pytest

from community_resolutions import areas, publish


@pytest.fixture(scope="module")
def batch(mirror, tmp_path_factory):
    reports = tmp_path_factory.mktemp("national")
    chosen = [areas.force_area("Durham"), areas.force_area("British Transport Police"), areas.region("north-east")]
    real_run_area = publish.run_area

    def failing_for_btp(area, *args, **kwargs):
        if area.slug == "british-transport-police":
            raise RuntimeError("simulated failure in notebook 1-force-rate\nsecond line")
        return real_run_area(area, *args, **kwargs)

    publish.run_area = failing_for_btp
    try:
        # An earlier good page for BTP must survive its failed run.
        (reports / "areas" / "british-transport-police").mkdir(parents=True)
        (reports / "areas" / "british-transport-police" / "1-force-rate.html").write_text("earlier good page")
        result = publish.build_all("2017/18", "closed", mirror=str(mirror), reports_dir=reports,
                                   notebooks=("1-force-rate",), areas_to_run=chosen)
    finally:
        publish.run_area = real_run_area
    return reports, result


@pytest.mark.notebook
def test_batch_makes_pages_and_survives_a_failure(batch):
    reports, result = batch
    assert set(result.made) == {"durham", "region-north-east"}
    assert result.failed == {"british-transport-police": "simulated failure in notebook 1-force-rate"}
    assert (reports / "areas" / "durham" / "1-force-rate.html").exists()
    assert (reports / "areas" / "british-transport-police" / "1-force-rate.html").read_text() == "earlier good page"


@pytest.mark.notebook
def test_indexes_link_regions_and_mark_failures(batch):
    reports, _ = batch
    top = (reports / "index.html").read_text()
    assert "north-east/index.html" in top and "1 area failed" in top
    region = (reports / "north-east" / "index.html").read_text()
    assert "../areas/durham/1-force-rate.html" in region
    assert "../areas/region-north-east/1-force-rate.html" in region
    assert "../areas/region-north-east/north-east.html" in region  # the page to publish from


@pytest.mark.notebook
def test_manifest_lists_pages_sources_and_version(batch):
    reports, _ = batch
    manifest = json.loads((reports / "manifest.json").read_text())
    assert {p["area"] for p in manifest["pages"]} == {"durham", "region-north-east"}
    assert all(p["sources"] for p in manifest["pages"])
    assert manifest["failed"] == {"british-transport-police": "simulated failure in notebook 1-force-rate"}
    assert manifest["version"]


def test_a_report_left_aside_by_an_interrupted_run_is_put_back_even_if_the_next_run_fails(tmp_path, monkeypatch):
    """A run stopped between moving the good report aside and moving the new one in leaves it in
    ``.previous-<area>``; the next run, even a failing one, puts it back where readers look."""
    aside = tmp_path / ".previous-durham"
    aside.mkdir()
    (aside / "index.html").write_text("the earlier good report")

    def failing(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(publish, "run_area", failing)
    with pytest.raises(RuntimeError, match="simulated failure"):
        publish.build(areas.force_area("Durham"), "2017/18", "closed", reports_dir=tmp_path, log=lambda *a, **k: None)
    assert (tmp_path / "durham" / "index.html").read_text() == "the earlier good report"
    assert not aside.exists()
