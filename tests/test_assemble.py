"""The editor's page (assemble.py) and the share map (mapping.py).

The page tests build a small real report (two notebooks, one year) for Durham and Cleveland with
``publish.build`` and check the assembled pages against the findings files beside them.
"""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from community_resolutions import areas, assemble, mapping, publish, words

NOTEBOOKS = ("1-force-rate", "3-drug-offences")


# --------------------------------------------------------------------------------------------
# the chart-data table under a chart: words for headers and codes


def test_funnel_table_has_headers_and_positions_in_words():
    frame = pd.DataFrame({
        "force": ["Kent", "Durham"], "community_resolution": [10, 75], "assigned": [1000, 1000],
        "share": [0.01, 0.075], "lower_95": [0.02, 0.02], "upper_998": [0.04, 0.04],
        "position": ["below_998", "above_998"], "z": [-3.5, 8.25], "in_area": [False, True],
        "known_gap": [True, False], "position_among_forces": ["within", "above"]})
    shown = assemble._table(frame, areas.force_area("Durham"), "caption", "1-force-rate.funnel.csv")
    assert [name for name, _ in shown["columns"]] == [
        "Force", "Community resolutions", "All outcomes assigned", "Share", "Lower 95% limit", "Upper 99.8% limit",
        "Against the limits", "Known gap", "Against the usual spread"]  # no z, no in_area (bold instead)
    # highest share first, as the chart: Durham (7.5%, far above) then Kent (1.0%, far below)
    assert [[text for text, _ in row["cells"]] for row in shown["rows"]] == [
        ["Durham", "75", "1,000", "7.5%", "2.0%", "4.0%", "above 99.8%", "no", "above"],
        ["Kent", "10", "1,000", "1.0%", "2.0%", "4.0%", "below 99.8%", "yes", "within"]]
    assert [row["area"] for row in shown["rows"]] == [True, False]


def test_a_share_column_of_zeros_is_still_shown_as_percentages():
    # British Transport Police's child offences: none closed this way, so every share is 0 (and blank with none assigned)
    frame = pd.DataFrame({"offence_code": ["17B", "19E"], "community_resolution": [0, 0], "assigned": [11, 0],
                          "share": [0.0, None]})
    shown = assemble._table(frame, areas.force_area("British Transport Police"), "caption", "x.csv")
    assert [[text for text, _ in row["cells"]] for row in shown["rows"]] == [["17B", "0", "11", "0.0%"],
                                                                            ["19E", "0", "0", ""]]
    # A change in points is signed points, never a share: 4.4% to 4.6% is +0.1 points (0.145), not "14.5%"
    years = pd.DataFrame({"financial_year": ["2017/18", "2018/19"], "community_resolution": [64, 96],
                          "assigned": [1441, 2093], "share": [64 / 1441, 96 / 2093],
                          "change_points": [None, (96 / 2093 - 64 / 1441) * 100]})
    shown = assemble._table(years, areas.force_area("British Transport Police"), "caption", "x.csv")
    assert [name for name, _ in shown["columns"]][-1] == "Change (percentage points)"
    assert [[text for text, _ in row["cells"]] for row in shown["rows"]] == [
        ["2017/18", "64", "1,441", "4.4%", ""], ["2018/19", "96", "2,093", "4.6%", "+0.1"]]


# --------------------------------------------------------------------------------------------
# mapping: a hand-checkable fake GeoJSON


def _square(name: str, x: float, y: float, multi: bool = False) -> dict:
    ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
    geometry = ({"type": "MultiPolygon", "coordinates": [[ring]]} if multi else {"type": "Polygon", "coordinates": [ring]})
    return {"type": "Feature", "properties": {"PFA20NM": name}, "geometry": geometry}


FAKE = {"type": "FeatureCollection",
        "features": [_square("Durham", 0, 54), _square("Cleveland Police", 1, 54, multi=True)]}


def test_share_map_on_two_squares():
    shares = pd.DataFrame({"force": ["Durham", "Cleveland"], "share": [0.09, 0.02]})
    fig = mapping.share_map(shares, "Durham", title="Test map", source="Source: test", geojson=FAKE)
    ax = fig.axes[0]
    by_gid = {patch.get_gid(): patch for patch in ax.patches}
    # one patch per feature, plus the highlighted force's outline drawn on top
    assert sorted(by_gid) == ["Cleveland", "Durham", "Durham (outline)"]
    outline = by_gid["Durham (outline)"]
    assert matplotlib.colors.to_hex(outline.get_edgecolor()) == "#c0392b"
    assert outline.get_linewidth() > 2 and not outline.get_fill()
    # the higher share is darker (lightness falls with the value: readable in greyscale)
    def lightness(patch):
        r, g, b, _ = patch.get_facecolor()
        return 0.299 * r + 0.587 * g + 0.114 * b
    assert lightness(by_gid["Durham"]) < lightness(by_gid["Cleveland"])
    # x is scaled by cos(latitude): a 1°×1° square at 54.5°N is about 0.58 wide
    xs = by_gid["Durham"].get_path().vertices[:, 0]
    assert xs.max() - xs.min() == pytest.approx(0.5807, abs=1e-3)
    # a label (not colour alone) names the force and its share
    labels = [t.get_text() for t in ax.texts]
    assert "Durham\n9.0%" in labels
    # a colourbar with percent labels, a source line
    colourbar = fig.axes[1]
    assert any("%" in t.get_text() for t in colourbar.get_xticklabels())
    assert any("Source: test" in t.get_text() for t in fig.texts)
    matplotlib.pyplot.close(fig)


def test_share_map_without_data_or_highlight():
    shares = pd.DataFrame({"force": ["Durham"], "share": [0.05]})
    fig = mapping.share_map(shares, None, title="t", source="s", geojson=FAKE, synthetic=True)
    by_gid = {patch.get_gid(): patch for patch in fig.axes[0].patches}
    assert sorted(by_gid) == ["Cleveland", "Durham"]
    assert by_gid["Cleveland"].get_hatch() == "///"  # no data: hatched, and the key says so
    assert any(t.get_text() == "SYNTHETIC DATA - NOT A FINDING" for t in fig.texts)
    matplotlib.pyplot.close(fig)


def test_every_ons_feature_maps_to_a_force(mirror):
    features = mapping.read_features(mapping.boundaries(str(mirror)))
    forces = [force for force, _ in features]
    assert len(forces) == 43 and len(set(forces)) == 43
    assert set(forces) == set(areas.all_forces()) - {"British Transport Police"}


# --------------------------------------------------------------------------------------------
# assemble: a small real report


@pytest.fixture(scope="module")
def reports(mirror, tmp_path_factory) -> dict[str, Path]:
    """Durham and Cleveland, 2017/18, two notebooks each: ``{force: folder}``."""
    root = tmp_path_factory.mktemp("assemble")
    folders = {}
    for force in ("Durham", "Cleveland"):
        index = publish.build(areas.force_area(force), "2017/18", "closed", mirror=str(mirror), reports_dir=root,
                              notebooks=NOTEBOOKS, log=lambda *a, **k: None)
        folders[force] = index.parent
    return folders


@pytest.fixture(scope="module")
def pages(reports, mirror) -> dict[str, Path]:
    return {force: assemble.assemble_page(folder, areas.force_area(force), mirror=str(mirror))
            for force, folder in reports.items()}


class _Page(HTMLParser):
    """Headings, each section's emphasised key sentence, every src/href, the title."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.h1 = ""
        self.title = ""
        self.key: list[str] = []
        self.urls: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self._stack: list[str] = []
        self._in_key = False
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for name in ("src", "href"):
            if attrs.get(name) is not None:
                self.urls.append((tag, attrs[name]))
        if tag == "p" and "lead" in (attrs.get("class") or "").split():
            self._in_key = True
        if tag == "strong" and self._in_key:
            self._text = ""
        self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "strong" and self._in_key:
            self.key.append(self._text)
        if tag == "p":
            self._in_key = False
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data):
        self._text += data
        if self._stack and self._stack[-1] == "title":
            self.title += data
        if "h1" in self._stack:
            self.h1 += data


def _parse(path: Path) -> _Page:
    parsed = _Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def _findings(folder: Path) -> list[dict]:
    return [json.loads((folder / f"{name}.findings.json").read_text(encoding="utf-8")) for name in NOTEBOOKS]


@pytest.mark.notebook
def test_page_file_and_title(pages):
    page = pages["Durham"]
    assert page.name == "durham.html" and page.exists()
    parsed = _parse(page)
    assert "Durham Constabulary" in parsed.title
    assert "Durham Constabulary" in parsed.h1


@pytest.mark.notebook
def test_key_sentences_are_the_lead_sentences(pages, reports):
    """Each finding's section emphasises its lead sentence, word for word, and only that one."""
    parsed = _parse(pages["Durham"])
    assert parsed.key == [document["sentences"][0] for document in _findings(reports["Durham"])]


@pytest.mark.notebook
def test_key_numbers_come_from_the_findings_and_say_their_years(pages, reports):
    rate = json.loads((reports["Durham"] / "1-force-rate.findings.json").read_text(encoding="utf-8"))["figures"]
    drugs = json.loads((reports["Durham"] / "3-drug-offences.findings.json").read_text(encoding="utf-8"))["figures"]
    numbers = assemble.key_numbers(areas.force_area("Durham"), {d["notebook"]: d for d in _findings(reports["Durham"])})
    # 2017/18 only (this fixture's years): share, rank, count, the latest year, drugs; five at most
    assert [n.value for n in numbers] == [
        words.percent(rate["durham_share"]["value"]), f"{words.ordinal(rate['durham_rank']['value'])} of 44",
        f"{rate['durham_community_resolutions']['value']:,}", words.percent(rate["durham_share_latest"]["value"]),
        words.percent(drugs["durham_drug_share"]["value"])]
    assert numbers[0].line.startswith("of crime outcomes were community resolutions, 2017/18")
    assert numbers[3].line.startswith(f"of crime outcomes in {rate['latest_year']['value']}, the latest year the data hold")
    assert numbers[4].line == "of drug offences ended this way, 2017/18"
    text = pages["Durham"].read_text(encoding="utf-8")
    assert all(f'<span class="big">{n.value}</span>' in text for n in numbers)


@pytest.mark.notebook
def test_no_code_no_script_nothing_external(pages):
    text = pages["Durham"].read_text(encoding="utf-8")
    parsed = _parse(pages["Durham"])
    assert "script" not in parsed.tags and "<script" not in text.lower()
    assert "Traceback" not in text and "Warning" not in text and "In [" not in text
    assert "<pre" not in text and "<code" not in text
    images = [url for tag, url in parsed.urls if tag == "img"]
    assert len(images) == 4  # ranked bars, funnel, drug bars, map
    assert all(url.startswith("data:image/png;base64,") for url in images)
    assert not [url for _, url in parsed.urls if re.match(r"^[a-z]+://|^//", url)]


@pytest.mark.notebook
def test_csv_links_point_to_files_beside_the_page(pages, reports):
    parsed = _parse(pages["Durham"])
    links = [url for tag, url in parsed.urls if tag == "a" and url.endswith(".csv")]
    expected = {f for document in _findings(reports["Durham"]) for f in document["charts"].values()}
    assert set(links) == expected
    assert all((reports["Durham"] / link).exists() for link in links)
    local = [url for tag, url in parsed.urls if tag == "a"]
    assert all((reports["Durham"] / link).exists() for link in local)


@pytest.mark.notebook
def test_headings_in_order(pages):
    levels = _parse(pages["Durham"]).headings
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after - before <= 1 for before, after in itertools.pairwise(levels))


@pytest.mark.notebook
def test_print_css_and_method(pages):
    text = pages["Durham"].read_text(encoding="utf-8")
    assert "@page{size:A4;margin:15mm}" in text
    assert "break-inside:avoid" in text
    assert "outcome type 8" in text and "Open Government Licence" in text
    assert "age of the offender" in text and "offended before" in text and "victim wanted" in text


@pytest.mark.notebook
def test_template_bug_each_page_has_its_own_figures(pages, reports):
    """Durham's page has Durham's headline figures and not Cleveland's (and the other way round)."""
    figures = {}
    for force, folder in reports.items():
        rate = json.loads((folder / "1-force-rate.findings.json").read_text(encoding="utf-8"))["figures"]
        slug = areas.force_slug(force)
        figures[force] = (words.number(rate[f"{slug}_community_resolutions"]["value"]),
                          words.percent(rate[f"{slug}_share"]["value"]))
    assert figures["Durham"] != figures["Cleveland"]
    for force, other in (("Durham", "Cleveland"), ("Cleveland", "Durham")):
        parsed = _parse(pages[force])
        text = pages[force].read_text(encoding="utf-8")
        standfirst = re.search(r"<p class=['\"]standfirst['\"]>(.*?)</p>", text).group(1)
        count, share = figures[force]
        assert share in parsed.h1 and count in standfirst and share in standfirst
        # (the other force may rightly appear in the tables of all forces, never in the top lines)
        assert figures[other][1] not in parsed.h1 + standfirst
        assert figures[other][0] not in parsed.h1 + standfirst


@pytest.mark.notebook
def test_banners_when_given_and_size_limit(reports, mirror, tmp_path):
    durham = areas.force_area("Durham")
    page = assemble.assemble_page(reports["Durham"], durham, embargo="00:01 Tuesday 1 December 2026",
                                  right_of_reply="We use community resolutions where victims agree.", mirror=str(mirror))
    text = page.read_text(encoding="utf-8")
    assert "Embargoed until 00:01 Tuesday 1 December 2026" in text
    assert "Durham Constabulary said: “We use community resolutions where victims agree.”" in text
    assert "SYNTHETIC DATA" not in text
    assert page.stat().st_size < assemble.DEFAULT_MAX_BYTES
    asked = assemble.assemble_page(reports["Durham"], durham, right_of_reply="asked", mirror=str(mirror))
    assert "Durham Constabulary has been asked for comment." in asked.read_text(encoding="utf-8")
    plain = assemble.assemble_page(reports["Durham"], durham, mirror=str(mirror)).read_text(encoding="utf-8")
    assert "Embargoed" not in plain and "banner reply" not in plain
    with pytest.raises(assemble.PageTooLarge, match="over the limit"):
        assemble.assemble_page(reports["Durham"], durham, max_bytes=100_000, mirror=str(mirror))


@pytest.mark.notebook
def test_synthetic_banner_cannot_be_switched_off(reports, mirror, tmp_path):
    import shutil

    folder = tmp_path / "synthetic"
    shutil.copytree(reports["Durham"], folder)
    findings = folder / "3-drug-offences.findings.json"
    document = json.loads(findings.read_text(encoding="utf-8"))
    document["synthetic"] = True
    findings.write_text(json.dumps(document), encoding="utf-8")
    text = assemble.assemble_page(folder, areas.force_area("Durham"), mirror=str(mirror)).read_text(encoding="utf-8")
    assert "SYNTHETIC DATA" in text and "<title>SYNTHETIC DATA" in text


@pytest.mark.notebook
def test_british_transport_police_has_no_area(reports, mirror, tmp_path):
    """The map section says BTP has no force area instead of outlining nothing."""
    import shutil

    folder = tmp_path / "btp"
    shutil.copytree(reports["Durham"], folder)
    for path in folder.glob("*.findings.json"):  # keep only the rate finding; the map reads its ranked CSV
        if not path.name.startswith("1-"):
            path.unlink()
    rate = json.loads((folder / "1-force-rate.findings.json").read_text(encoding="utf-8"))
    rate["figures"] = {k: v for k, v in rate["figures"].items() if not k.startswith("durham")}
    (folder / "1-force-rate.findings.json").write_text(json.dumps(rate), encoding="utf-8")
    text = assemble.assemble_page(folder, areas.force_area("BTP"), mirror=str(mirror)).read_text(encoding="utf-8")
    assert "British Transport Police polices the railways and has no force area" in text


def test_england_and_wales_page_does_not_compare_itself_with_england_and_wales(run_notebook):
    """The national page once read "2.8% ..., below the England and Wales figure of 2.8%"."""
    rate = run_notebook("1-force-rate", area="england-and-wales")
    assert rate["sentences"][0] == ("Police forces in England and Wales resolved 448,395 crimes with a community resolution "
                                    "from 2014/15 to 2017/18: 2.8% of all 15,765,583 outcomes they assigned.")
    numbers = run_notebook("4-region-in-numbers", area="england-and-wales")
    drugs = run_notebook("3-drug-offences", area="england-and-wales", years="2017/18")
    for lead in (numbers["sentences"][0], drugs["sentences"][0]):
        assert "England and Wales:" not in lead and lead.endswith(".")
    headline, standfirst = assemble._headline(areas.region("england-and-wales"), [rate])
    assert headline == "England and Wales: community resolutions for 2.8% of crime outcomes"
    assert "across England and Wales" not in standfirst and standfirst.endswith("15,765,583 outcomes they assigned.")
    wales, _ = assemble._headline(areas.region("wales"), [run_notebook("1-force-rate", area="wales")])
    assert wales.endswith("England and Wales")  # other regions still compare


def _rate_findings(prefix: str, **extra) -> dict:
    years = ["2014/15", "2015/16", "2016/17", "2017/18"]
    figures = {f"{prefix}_share": 0.0129, f"{prefix}_community_resolutions": 32360, f"{prefix}_assigned": 2506713,
               "national_share": 0.0284, **extra}
    return {"notebook": "1-force-rate", "parameters": {"years": years}, "sentences": ["Lead."],
            "figures": {key: {"value": value} for key, value in figures.items()}}


def test_the_standfirst_puts_its_subject_mid_sentence():
    """After "From 2014/15 to 2017/18," the subject is mid-sentence: "the Metropolitan Police Service",
    "police forces in the North East" (once printed "the ..., Metropolitan Police Service used" and "Police forces")."""
    met = _rate_findings("metropolitan-police", **{"metropolitan-police_rank": 43, "forces_ranked": 44})
    headline, standfirst = assemble._headline(areas.force_area("Metropolitan Police"), [met])
    # 32,360 / 2,506,713 = 1.29% -> 1.3%; rank 43 of 44 = the second lowest; headlines drop "the"
    assert headline == ("Metropolitan Police Service: community resolutions for 1.3% of crime outcomes, "
                        "the second lowest of 44 forces")
    assert standfirst == ("Community resolutions settle a crime informally, without a charge or a caution. From 2014/15 "
                          "to 2017/18, the Metropolitan Police Service used one to end 32,360 crimes, 1.3% of the "
                          "2,506,713 outcomes it assigned, against 2.8% across England and Wales.")
    _, region = assemble._headline(areas.region("north-east"), [_rate_findings("area")])
    assert "From 2014/15 to 2017/18, police forces in the North East used one to end 32,360 crimes" in region


def test_a_key_number_of_one_takes_a_singular_line():
    """Lincolnshire's page once set "1" over "sexual offences against children closed this way"."""
    child = {"notebook": "2-child-sex-offences", "parameters": {"years_computed": ["2017/18"]},
             "figures": {"area_child_community_resolutions": {"value": 1}}}
    rate = _rate_findings("lincolnshire", **{"lincolnshire_community_resolutions": 1})
    numbers = assemble.key_numbers(areas.force_area("Lincolnshire"), {"1-force-rate": rate, "2-child-sex-offences": child})
    lines = {number.source.split(": ")[1]: (number.value, number.line) for number in numbers}
    assert lines["area_child_community_resolutions"] == ("1", "sexual offence against children closed this way, 2017/18")
    assert lines["lincolnshire_community_resolutions"] == (
        "1", "crime ended with a community resolution, 2014/15 to 2017/18")
    child["figures"]["area_child_community_resolutions"]["value"] = 2
    numbers = assemble.key_numbers(areas.force_area("Lincolnshire"), {"1-force-rate": rate, "2-child-sex-offences": child})
    assert numbers[-1].line == "sexual offences against children closed this way, 2017/18"
