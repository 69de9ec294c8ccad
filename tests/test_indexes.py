"""Index pages (indexes.py): one table of forces and regions, figures read from the findings files
the run wrote, escaped by the template engine; a failed area in the national batch shows its error."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from community_resolutions import areas, indexes, publish, words


class Table(HTMLParser):
    """Each area of an index table: name, figure cells (by data-label), links, error text."""

    def __init__(self):
        super().__init__()
        self.areas: list[dict] = []
        self._in: str | None = None
        self._label = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody" and "area" in (attrs.get("class") or "").split():
            self.areas.append({"name": "", "cells": {}, "links": [], "error": "", "kind": attrs["class"].split()[-1]})
        if not self.areas:
            return
        if tag == "th" and "name" in (attrs.get("class") or ""):
            self._in = "name"
        elif tag == "span" and self._in == "name":
            self._in = None  # the region's 'region, all its forces' line is not its name
        elif tag == "td" and attrs.get("data-label"):
            self._in, self._label = "cell", attrs["data-label"]
            self.areas[-1]["cells"][self._label] = ""
        elif tag == "td" and attrs.get("class") == "error":
            self._in = "error"
        elif tag == "a":
            self.areas[-1]["links"].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._in = None

    def handle_data(self, data):
        if not self.areas or self._in is None:
            return
        if self._in == "name":
            self.areas[-1]["name"] += data.strip()
        elif self._in == "cell":
            self.areas[-1]["cells"][self._label] += data
        elif self._in == "error":
            self.areas[-1]["error"] += data


def parse(text: str) -> dict[str, dict]:
    table = Table()
    table.feed(text)
    for area in table.areas:
        area["cells"] = {k: " ".join(v.split()) for k, v in area["cells"].items()}
    return {area["name"]: area for area in table.areas}


# --------------------------------------------------------------------------- hand-made findings


def write_findings(folder: Path, key: str, *, share, rank, count, share_latest, rank_latest, gap=(), gap_latest=False,
                   lead="A lead sentence.", synthetic=False, warnings=()):
    folder.mkdir(parents=True, exist_ok=True)
    figures = {f"{key}_share": share, f"{key}_rank": rank, f"{key}_community_resolutions": count,
               f"{key}_share_latest": share_latest, f"{key}_rank_latest": rank_latest, "latest_year": "2025/26",
               "forces_ranked": 44, "forces_ranked_latest": 44, f"{key}_gap_years": list(gap), f"{key}_gap_latest": gap_latest}
    document = {"notebook": "1-force-rate", "synthetic": synthetic, "parameters": {}, "sources": [],
                "figures": {k: {"value": v, "meaning": ""} for k, v in figures.items()},
                "sentences": [lead], "warnings": list(warnings), "charts": {}}
    (folder / "1-force-rate.findings.json").write_text(json.dumps(document))
    (folder / "1-force-rate.html").write_text("page")
    return publish.Page(None, "1-force-rate", folder / "1-force-rate.html", folder / "1-force-rate.findings.json")


def test_markup_in_names_and_sentences_is_escaped(tmp_path):
    evil = areas.Area(slug="evil", name="<script>alert(1)</script> & <b>Co</b>", kind="force", forces=("Durham",))
    page = write_findings(tmp_path, "durham", share=0.075, rank=1, count=15000, share_latest=0.021, rank_latest=37,
                          lead="<img src=x onerror=alert(1)>", warnings=["Gap <i>note</i>"], gap=["2014/15"])
    page = publish.Page(evil, page.notebook, page.html, page.findings)
    text, synthetic = indexes.write_run_index(evil, tmp_path, [page], "2014/15-2017/18", "closed<br>", {"1-force-rate": "Rate"})
    assert not synthetic
    assert "<script>" not in text and "<b>Co</b>" not in text and "<img" not in text and "<i>note" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;" in text
    assert "closed&lt;br&gt;" in text and "Gap &lt;i&gt;note&lt;/i&gt;" in text
    row = parse(text)["<script>alert(1)</script> & <b>Co</b>"]
    assert row["cells"]["Share 2014/15-2017/18"] == "7.5% †"  # a known gap in the run's years
    assert row["cells"]["Change (points)"] == "−5.4"


def test_stand_outs_name_highest_lowest_and_biggest_moves():
    a = indexes.Row("A", "force", 0.05, 3, 44, 100, "2025/26", 0.06, 2, 44)
    b = indexes.Row("B", "force", 0.02, 30, 44, 100, "2025/26", 0.01, 40, 44, gap_latest=True)
    c = indexes.Row("C", "force", 0.03, 20, 44, 100, "2025/26", 0.03, 20, 44)
    region = indexes.Row("Region", "region", 0.5, None, None, 300, "2025/26", 0.9)  # never named as a force
    lines = indexes.standouts([region, a, b, c])
    assert lines == [
        "Highest share: A, 5.0% (the third highest of 44 forces); lowest: B †, 2.0% (the 15th lowest of 44 forces).",
        "To 2025/26, the biggest fall was B's † (down 1.0 percentage points, to 1.0%) and the biggest rise A's "
        "(up 1.0 points, to 6.0%)."]
    only = indexes.standouts([indexes.Row("A", "force", 0.05, 3, 44, 100, "2025/26", 0.06, 2, 44)])
    assert only[1] == "To 2025/26, the rise was A's (up 1.0 percentage points, to 6.0%)."
    assert indexes.standouts([region]) == []


def test_a_failed_area_in_the_national_batch_shows_its_error(tmp_path):
    durham = areas.force_area("Durham")
    page = write_findings(tmp_path / "areas" / "durham", "durham", share=0.075, rank=1, count=15000, share_latest=0.021,
                          rank_latest=37)
    page = publish.Page(durham, page.notebook, page.html, page.findings)
    ran = [durham, areas.force_area("British Transport Police"), areas.region("north-east")]
    written = indexes.write_national_indexes(
        {"durham": [page]}, {"british-transport-police": "error in <notebook> 1-force-rate", "region-north-east": "boom"},
        ran, tmp_path, "2017/18", "closed", {"1-force-rate": "Rate"}, publish.folder_name)
    top = parse(written[tmp_path / "index.html"])
    assert top["British Transport Police"]["error"].strip().startswith("Run failed: error in <notebook> 1-force-rate")
    assert "partial run in failed/british-transport-police/" in top["British Transport Police"]["error"]
    assert top["Durham Constabulary"]["cells"]["Share 2017/18"] == "7.5%"
    assert "areas/durham/durham.html" in top["Durham Constabulary"]["links"]
    assert "north-east/index.html" in top["North East"]["links"] and "Run failed: boom" in top["North East"]["error"]
    text = written[tmp_path / "index.html"]
    assert "&lt;notebook&gt;" in text and "2 areas failed: British Transport Police and North East." in text
    region = parse(written[tmp_path / "north-east" / "index.html"])
    assert region["Durham Constabulary"]["links"][0] == "../areas/durham/durham.html"
    assert region["Cleveland Police"]["cells"] == {} and "Cleveland Police" in region  # not in this run


# --------------------------------------------------------------------------- the default region, end to end


@pytest.fixture(scope="module")
def region_index(mirror, tmp_path_factory):
    reports = tmp_path_factory.mktemp("indexes")
    area = areas.resolve_area("north-east-and-north-yorkshire")
    return publish.build(area, "2014/15-2017/18", "closed", mirror=str(mirror), reports_dir=reports,
                         notebooks=("1-force-rate", "5-over-time"), log=lambda *a, **k: None)


@pytest.mark.notebook
def test_region_index_rows_match_the_findings_files(region_index):
    folder = region_index.parent
    rows = parse(region_index.read_text(encoding="utf-8"))
    area = areas.resolve_area("north-east-and-north-yorkshire")
    assert list(rows) == [area.name] + [areas.force_area(f).name for f in area.forces]
    for name, row in rows.items():
        slug = area.slug if name == area.name else areas.force_area(name).slug
        found = json.loads((folder / slug / "1-force-rate.findings.json").read_text())["figures"]
        key = "area" if slug == area.slug else slug
        value = {k: v["value"] for k, v in found.items()}
        gap = " †" if any(value.get(f"{areas.force_slug(f)}_gap_years") for f in (area.forces if key == "area" else [])) \
            or value.get(f"{key}_gap_years") else ""
        assert row["cells"]["Share 2014/15-2017/18"] == words.percent(value[f"{key}_share"]) + gap
        assert row["cells"]["Community resolutions 2014/15-2017/18"] == f"{value[f'{key}_community_resolutions']:,}"
        assert row["cells"]["Share 2025/26"].startswith(words.percent(value[f"{key}_share_latest"]))
        change = (value[f"{key}_share_latest"] - value[f"{key}_share"]) * 100
        assert row["cells"]["Change (points)"] == f"{'+' if change > 0 else '−'}{abs(change):.1f}"
        if key != "area":
            assert row["cells"]["Rank of 44"] == str(value[f"{key}_rank"])
        assert row["links"][:3] == [f"{slug}/{slug}.html", f"{slug}/{slug}.html", f"{slug}/1-force-rate.html"]
        assert f"{slug}/5-over-time.html" in row["links"]
    # North Yorkshire's 2017/18 gap is marked, with its note under the table
    assert rows["North Yorkshire Police"]["cells"]["Share 2014/15-2017/18"].endswith("†")
    text = region_index.read_text(encoding="utf-8")
    assert "North Yorkshire&#39;s closed-basis totals" in text or "North Yorkshire's closed-basis totals" in text
    assert "Highest share: Durham Constabulary" in text
