"""The story pack: wording rules on hand-made findings, and every number of a real pack traced to a findings file."""

from __future__ import annotations

import re

import pytest

from community_resolutions import areas, storypack, words


def test_durham_pack_from_hand_made_findings():
    pack = storypack.story_pack(areas.force_area("Durham"), storypack._example())
    # 12,988 / 172,886 = 7.51% -> 7.5%; 448,395 / 15,765,583 = 2.84% -> 2.8%; rank 1 of 44
    assert pack.headlines[0] == ("Durham Constabulary used community resolutions for 7.5% of crime outcomes, "
                                 "the highest of 44 forces")
    assert pack.lede == ("Durham Constabulary ended 12,988 crimes with a community resolution from 2014/15 to 2017/18, 7.5% "
                         "of the 172,886 outcomes it assigned, the highest share of any of the 44 forces in England and "
                         "Wales, against 2.8% overall.")
    # without the national figure the rank is still said
    no_national = storypack._example()
    del no_national[storypack.RATE]["figures"]["national_share"]
    assert storypack.story_pack(areas.force_area("Durham"), no_national).lede.endswith(
        "7.5% of the 172,886 outcomes it assigned, the highest share of any of the 44 forces in England and Wales.")
    # 2025/26: 1,242 / 57,786 = 2.15% -> 2.1%, rank 37 of 44 = the eighth lowest; England and Wales 185,570 / 5,258,158 = 3.5%
    assert pack.headlines[1] == ("Durham Constabulary's use of community resolutions: 7.5% from 2014/15 to 2017/18, "
                                 "2.1% in 2025/26")
    # the lede already carries the rate finding's figures: the copy starts with the latest year
    assert pack.paragraphs[0] == (
        "In 2025/26, the latest year the Home Office data hold, Durham Constabulary ended 1,242 crimes this way: 2.1% of "
        "57,786 outcomes (England and Wales: 3.5%), the eighth lowest of 44 forces. "
        "That is down from 7.5% from 2014/15 to 2017/18.")
    assert [q.source for q in pack.questions] == ["1-force-rate.findings.json: durham_share",
                                                  "1-force-rate.findings.json: durham_share",
                                                  "1-force-rate.findings.json: durham_share_latest"]
    assert [q.to for q in pack.questions] == ["force", "oversight", "force"]
    text = pack.markdown()
    assert text.startswith("# Story pack: Durham Constabulary\n")
    assert "## Right of reply" in text and "### To Durham Constabulary" in text and "SYNTHETIC" not in text


def test_region_pack_and_missing_figures():
    found = storypack._example()
    rate = found[storypack.RATE]
    rate["figures"] = {"area_share": {"value": 0.04}, "area_community_resolutions": {"value": 35000},
                       "area_assigned": {"value": 875000}, "national_share": {"value": 0.028}, "forces_ranked": {"value": 44}}
    rate["sentences"] = ["Lead for the region.", "Second sentence."]
    pack = storypack.story_pack(areas.region("north-east"), found)
    # a region has no rank; 35,000 / 875,000 = 4.0%, above 2.8%
    # a region is a place: the headline's subject is its police
    assert pack.headlines == ["Police in the North East used community resolutions for 4.0% of crime outcomes"]
    assert pack.lede == ("Police forces in the North East ended 35,000 crimes with a community resolution from 2014/15 to "
                         "2017/18, 4.0% of the 875,000 outcomes they assigned (England and Wales: 2.8%).")
    assert pack.paragraphs == ["Second sentence."]  # no latest-year figure: that paragraph is left out, not guessed
    assert "above the England and Wales figure of 2.8%" in pack.questions[0].text
    empty = storypack.story_pack(areas.force_area("Durham"), {})
    assert empty.headlines == ["Community resolutions: Durham Constabulary"] and empty.questions == []


def test_synthetic_pack_says_so_first():
    found = storypack._example()
    found[storypack.RATE]["synthetic"] = True
    assert storypack.story_pack(areas.force_area("Durham"), found).markdown().startswith("**SYNTHETIC DATA")


def test_one_case_is_singular():
    found = storypack._example()
    found["2-child-sex-offences"] = {"notebook": "2-child-sex-offences", "parameters": {"years_computed": ["2017/18"]},
                                     "sentences": ["One case."], "figures": {"area_child_community_resolutions": {"value": 1}}}
    pack = storypack.story_pack(areas.force_area("Durham"), found)
    assert pack.questions[-1].text.startswith(
        "In 2017/18, one sexual offence against children was closed with a community resolution.")


def _allowed(found: dict[str, dict]) -> set[str]:
    """Every way a findings figure may be printed: counts with separators, percentages to 0 or 1
    place, ordinals, bare integers."""
    shown: set[str] = set()
    for document in found.values():
        for entry in document["figures"].values():
            value = entry.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if float(value).is_integer():
                shown |= {f"{int(value):,}", str(int(value)), words.ordinal(int(value))}
            if 0 <= value <= 10:
                shown |= {words.percent(value), words.percent(value, 0)}
            if 0.01 <= value <= 0.6:  # "almost one in 11 (8.8%)": house style for a share
                shown.add(str(round(1 / value)))
    return shown


@pytest.mark.notebook
def test_every_number_in_durhams_pack_comes_from_a_findings_file(run_notebook):
    notebooks = ("1-force-rate", "2-child-sex-offences", "3-drug-offences", "5-over-time", "6-serious-offences", "8-police-uk")
    found = {name: run_notebook(name, area="Durham") for name in notebooks}
    pack = storypack.story_pack(areas.force_area("Durham"), found)
    copy = " ".join([*pack.headlines, pack.lede, *pack.paragraphs, *(q.text for q in pack.questions)])
    # the figures: 12,988 of 172,886 (7.5%, highest of 44) for 2014/15-2017/18, and the 2025/26 figure
    rate = found["1-force-rate"]["figures"]
    assert (rate["durham_community_resolutions"]["value"], rate["durham_assigned"]["value"]) == (12988, 172886)
    assert "12,988" in pack.lede and "172,886" in pack.lede and "7.5%" in pack.lede and "44 forces" in pack.lede
    assert rate["latest_year"]["value"] == "2025/26" and "In 2025/26" in copy
    assert words.percent(rate["durham_share_latest"]["value"]) in copy
    # every number: a financial or calendar year, an age in an offence's name ("a child under 13"),
    # or a figure of a findings file
    years = re.findall(r"\b\d{4}/\d{2}\b", copy)
    rest = re.sub(r"\b\d{4}/\d{2}\b", " ", copy)
    rest = re.sub(r"\b(?:under|aged) \d+\b", " ", rest)
    numbers = re.findall(r"\d[\d,]*(?:\.\d+)?%?(?:st|nd|rd|th)?", rest)
    allowed = _allowed(found)
    calendar = {str(y) for y in range(2012, 2027)}
    assert years and numbers
    unexplained = [n.rstrip(",") for n in numbers if n.rstrip(",") not in allowed | calendar]
    assert unexplained == []
