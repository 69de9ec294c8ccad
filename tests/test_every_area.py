"""The classic template bug: every force's headline page must name its own force and carry its
own figures, never another force's. Runs the headline finding (notebook 1) for all 44 forces."""

from __future__ import annotations

import re

import pytest

from community_resolutions import areas, storypack


@pytest.mark.parametrize("force", areas.all_forces())
def test_headline_page_is_about_its_own_force(run_notebook, force):
    found = run_notebook("1-force-rate", area=force, years="2017/18")
    slug = areas.force_slug(force)
    own = found["figures"][f"{slug}_community_resolutions"]["value"]
    lead = found["sentences"][0]
    assert lead.startswith(areas.force_in_sentence(force, start=True)), lead
    assert f"{own:,}" in lead if own >= 10 else True
    # No other force's count in the page's sentences (counts of other forces are in the chart data only).
    with open(f"{found['_folder']}/1-force-rate.ranked-forces.csv") as handle:
        import csv

        others = {row["force"]: int(row["community_resolution"]) for row in csv.DictReader(handle) if row["force"] != force}
    text = " ".join(found["sentences"])
    # A number the page computed for itself (e.g. its own latest-year count) may equal another force's by chance.
    own_numbers = {v["value"] for v in found["figures"].values() if isinstance(v.get("value"), int)}
    leaked = [name for name, count in others.items()
              if count >= 100 and count not in own_numbers and f" {count:,} " in f" {text} "]
    assert not leaked, f"{force}'s page carries the counts of {leaked}"


PAGES = ("0-data-coverage", "1-force-rate", "2-child-sex-offences", "3-drug-offences", "4-region-in-numbers",
         "5-over-time", "6-serious-offences", "7-against-the-article", "8-police-uk")


def _misnamed(text: str) -> list[str]:
    """Where a sentence names the Metropolitan Police Service without "the", or starts with a lower-case "the"."""
    bare = [text[max(0, m.start() - 30):m.end() + 40] for m in re.finditer(r"Metropolitan Police Service", text)
            if not text[:m.start()].endswith(("the ", "The "))]
    lower_start = [text[:60]] if text.startswith("the ") else []
    return bare + lower_start


def test_the_met_is_the_metropolitan_police_service_in_every_sentence(run_notebook):
    """forces.csv gives the Met the article "the": every sentence of every page, and the story pack, say
    "the Metropolitan Police Service" mid-sentence and "The ..." at the start, never the bare name."""
    found = {name: run_notebook(name, area="Metropolitan Police") for name in PAGES}
    found["london-1"] = run_notebook("1-force-rate", area="london")
    found["london-5"] = run_notebook("5-over-time", area="london")
    sentences = [line for document in found.values() for line in [*document["sentences"], *document.get("warnings", [])]]
    assert sum("Metropolitan Police Service" in line for line in sentences) >= 10  # the test looks at real sentences
    bad = [found for line in sentences for found in _misnamed(line)]
    assert not bad, "\n".join(bad)
    assert found["1-force-rate"]["sentences"][0].startswith("The Metropolitan Police Service resolved ")
    pack = storypack.story_pack(areas.force_area("Metropolitan Police"), {name: found[name] for name in PAGES})
    assert pack.lede.startswith("The Metropolitan Police Service ended ")
    assert pack.headlines[0].startswith("Metropolitan Police Service used")  # headlines drop the article
    assert "### To the Metropolitan Police Service\n" in pack.markdown()
    paragraphs = [*pack.paragraphs, *(q.text for q in pack.questions)]
    bad = [found for line in paragraphs for found in _misnamed(line)]
    assert not bad, "\n".join(bad)
