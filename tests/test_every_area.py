"""The classic template bug: every force's headline page must name its own force and carry its
own figures, never another force's. Runs the headline finding (notebook 1) for all 44 forces."""

from __future__ import annotations

import pytest

from community_resolutions import areas


@pytest.mark.parametrize("force", areas.all_forces())
def test_headline_page_is_about_its_own_force(run_notebook, force):
    found = run_notebook("1-force-rate", area=force, years="2017/18")
    slug = areas.force_slug(force)
    own = found["figures"][f"{slug}_community_resolutions"]["value"]
    lead = found["sentences"][0]
    assert lead.startswith(areas.force_display_name(force)), lead
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
