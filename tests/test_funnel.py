"""The funnel plot: limits worked by hand, and the notebook's funnel and latest-year findings checked
against figures this test computes itself from the mirror's CSV (plain csv module, not the package)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from community_resolutions import funnel  # noqa: E402

YEARS = ["2014/15", "2015/16", "2016/17", "2017/18"]
TOTALS = "home-office/outcomes/force-year-outcome-totals-2014-15-to-2025-26.csv"


# --- limits, by hand -------------------------------------------------------------------------

def test_95_limits_worked_by_hand():
    # p = 0.1, n = 100: standard error sqrt(0.1 × 0.9 / 100) = sqrt(0.0009) = 0.03
    # 95%: 0.1 ± 1.96 × 0.03 = 0.1 ± 0.0588 → 0.0412 and 0.1588
    lower, upper = funnel.limits(0.1, 100, funnel.Z95)
    assert float(lower) == pytest.approx(0.0412)
    assert float(upper) == pytest.approx(0.1588)


def test_998_limits_worked_by_hand():
    # p = 0.1, n = 100: 99.8%: 0.1 ± 3.09 × 0.03 = 0.1 ± 0.0927 → 0.0073 and 0.1927
    # p = 0.25, n = 1,875: sqrt(0.25 × 0.75 / 1875) = sqrt(0.0001) = 0.01 → 0.25 ± 0.0309 → 0.2191 and 0.2809
    assert funnel.control_limits(0.1, 100) == pytest.approx(
        {"lower_95": 0.0412, "upper_95": 0.1588, "lower_998": 0.0073, "upper_998": 0.1927})
    assert funnel.control_limits(0.25, 1875)["lower_998"] == pytest.approx(0.2191)
    assert funnel.control_limits(0.25, 1875)["upper_998"] == pytest.approx(0.2809)


def test_limits_narrow_as_forces_grow():
    # n × 4 halves the standard error: p = 0.1, n = 400 → 0.015; 95% upper 0.1 + 1.96 × 0.015 = 0.1294
    assert funnel.control_limits(0.1, 400)["upper_95"] == pytest.approx(0.1294)
    lower, upper = funnel.limits(0.1, pd.Series([100, 400, 10_000]).to_numpy(), funnel.Z95)
    assert list(upper) == sorted(upper, reverse=True) and list(lower) == sorted(lower)


def test_limits_are_clipped_and_undefined_without_outcomes():
    # p = 0.02, n = 10: sqrt(0.02 × 0.98 / 10) = 0.04427; 0.02 - 3.09 × 0.04427 = -0.1168 → clipped to 0
    lower, upper = funnel.limits(0.02, 10, funnel.Z998)
    assert float(lower) == 0.0
    assert float(upper) == pytest.approx(0.02 + 3.09 * math.sqrt(0.02 * 0.98 / 10))
    assert all(math.isnan(float(v)) for v in funnel.limits(0.1, 0, funnel.Z95))


def test_position_bands():
    # p = 0.1, n = 100: 95% limits 0.0412-0.1588, 99.8% limits 0.0073-0.1927
    assert funnel.position(0.20, 100, 0.1) == "above_998"
    assert funnel.position(0.17, 100, 0.1) == "above_95"
    assert funnel.position(0.10, 100, 0.1) == "within"
    assert funnel.position(0.03, 100, 0.1) == "below_95"
    assert funnel.position(0.005, 100, 0.1) == "below_998"
    # exactly on a limit counts as inside it
    on_limit = funnel.control_limits(0.1, 100)["upper_95"]
    assert funnel.position(on_limit, 100, 0.1) == "within"


def test_funnel_table():
    shares = pd.DataFrame({"force": ["Big", "Small", "None"], "community_resolution": [1_100, 14, 0],
                           "assigned": [10_000, 100, 0], "share": [0.11, 0.14, float("nan")]})
    table = funnel.funnel_table(shares, 0.1)
    assert table["force"].tolist() == ["Big", "Small"]  # no outcomes, no point
    # Big: 0.11 against 0.1 ± 3.09 × sqrt(0.09 / 10,000) = 0.1 ± 0.00927 → far above (3.3 standard errors)
    # Small: 0.14 against 0.1 ± 1.96 × 0.03 = 0.1 ± 0.0588 → within: a bigger share, but a small force
    assert table["position"].tolist() == ["above_998", "within"]
    assert table["z"].tolist() == [3.3, 1.3]
    assert table.loc[0, "upper_998"] == pytest.approx(0.10927)


def test_sentences_are_plain_english():
    text = funnel.sentence("Durham Constabulary", 0.075, 172_886, 0.0284, "above_998")
    assert text.startswith("Durham Constabulary's share, 7.5%, is far above what chance alone would give a force of its size")
    assert "172,886 outcomes" in text
    for where in funnel.POSITIONS:
        sentence = funnel.sentence("A force", 0.1, 1000, 0.1, where)
        for jargon in ("sigma", "standard deviation", "z =", "control limit", "binomial"):
            assert jargon not in sentence.lower()


def test_sentence_never_shows_a_share_equal_to_its_limit():
    # p = 0.03, n = 100,000: sqrt(0.03 × 0.97 / 100,000) = sqrt(0.000000291) = 0.00053944
    # 99.8% upper limit 0.03 + 3.09 × 0.00053944 = 0.03 + 0.00166688 = 0.0316669 → "3.2%"
    # a share of 0.0318 is just above it, and would also print as "3.2%": both get two decimals
    upper = funnel.control_limits(0.03, 100_000)["upper_998"]
    assert upper == pytest.approx(0.0316669, abs=1e-7)
    text = funnel.sentence("A", 0.0318, 100_000, 0.03, funnel.position(0.0318, 100_000, 0.03))
    assert "far above" in text and "3.18%" in text and "3.17%" in text


def test_chart_names_highlighted_and_outlying_forces_without_overlaps():
    rows = [("Area force", 900, 10_000), ("Tiny", 3, 40), ("Huge low", 2_000, 100_000), ("Mid", 1_000, 10_000)]
    rows += [(f"Force {i}", 100 * i + 700, 10_000 + 500 * i) for i in range(8)]
    shares = pd.DataFrame(rows, columns=["force", "community_resolution", "assigned"])
    shares["share"] = shares["community_resolution"] / shares["assigned"]
    p = shares["community_resolution"].sum() / shares["assigned"].sum()
    table = funnel.funnel_table(shares, p)
    fig = funnel.funnel_chart(table, national=p, highlight={"Area force"}, title="t", source="Source: test",
                              flagged={"Tiny"}, max_labels=3)
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.texts]
    assert "Area force" in names
    outside = table[table["position"].isin(["above_998", "below_998"])]
    furthest = outside[outside["force"] != "Area force"].reindex(outside["z"].abs().sort_values(ascending=False).index)
    expected = [f for f in furthest["force"] if f != "Area force"][:3]
    assert set(expected) <= set(names) and len(names) == 4
    assert "Tiny †" not in names or table.loc[table["force"] == "Tiny", "position"].item() in ("above_998", "below_998")
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    bold = [t for t in ax.texts if t.get_text() == "Area force"][0]
    assert bold.get_fontweight() == "bold"
    footer = " ".join(t.get_text() for t in fig.texts)
    assert "Source: test" in footer and "99.8% limits" in footer
    import matplotlib.pyplot as plt

    plt.close(fig)


# --- the notebook, against a hand computation from the CSV ------------------------------------

def read_totals(mirror: Path) -> list[dict[str, str]]:
    with open(mirror / TOTALS, newline="") as handle:
        return list(csv.DictReader(handle))


def by_force(rows: list[dict[str, str]], years: list[str]) -> dict[str, tuple[int, int]]:
    """Per force: (community resolutions, assigned outcomes), closed basis, summed over the years."""
    sums: dict[str, list[int]] = {}
    for row in rows:
        if row["fy"] in years:
            pair = sums.setdefault(row["force"], [0, 0])
            pair[0] += int(row["closed_all_t8"])
            pair[1] += int(row["closed_all_assigned"])
    return {force: (cr, assigned) for force, (cr, assigned) in sums.items()}


def hand_funnel(counts: dict[str, tuple[int, int]], force: str) -> dict:
    p = sum(c for c, _ in counts.values()) / sum(a for _, a in counts.values())
    cr, n = counts[force]
    share = cr / n
    se = math.sqrt(p * (1 - p) / n)
    out = {"lower_95": max(0.0, p - 1.96 * se), "upper_95": p + 1.96 * se,
           "lower_998": max(0.0, p - 3.09 * se), "upper_998": p + 3.09 * se}
    if share > out["upper_998"]:
        out["position"] = "above_998"
    elif share > out["upper_95"]:
        out["position"] = "above_95"
    elif share < out["lower_998"]:
        out["position"] = "below_998"
    elif share < out["lower_95"]:
        out["position"] = "below_95"
    else:
        out["position"] = "within"
    return out


def outside_998(counts: dict[str, tuple[int, int]]) -> int:
    return sum(1 for force in counts if hand_funnel(counts, force)["position"] in ("above_998", "below_998"))


def rank_of(counts: dict[str, tuple[int, int]], force: str) -> int:
    share = {f: cr / n for f, (cr, n) in counts.items() if n}
    return 1 + sum(1 for value in share.values() if value > share[force])


@pytest.mark.notebook
@pytest.mark.parametrize("area, slug, force", [("Durham", "durham", "Durham"),
                                               ("City of London", "city-of-london", "City of London")])
def test_notebook_funnel_and_latest_year(run_notebook, mirror, area, slug, force):
    found = run_notebook("1-force-rate", area=area, years="2014/15-2017/18", basis="closed")
    figures = {key: value["value"] for key, value in found["figures"].items()}
    rows = read_totals(mirror)

    # funnel: limits at the force's own number of outcomes, and where its share sits
    counts = by_force(rows, YEARS)
    expected = hand_funnel(counts, force)
    for limit in ("lower_95", "upper_95", "lower_998", "upper_998"):
        assert figures[f"{slug}_funnel_{limit}"] == pytest.approx(expected[limit], rel=1e-9), limit
    assert figures[f"{slug}_funnel_position"] == expected["position"]
    assert figures["funnel_forces_outside_998"] == outside_998(counts)
    assert figures["funnel_forces"] == 44
    assert "1-force-rate.funnel.csv" in found["charts"].values()
    chart = pd.read_csv(Path(found["_folder"]) / "1-force-rate.funnel.csv")
    assert len(chart) == 44 and chart.loc[chart["force"] == force, "in_area"].item()

    # latest year: the last financial year of the CSV, on its own
    latest = max(row["fy"] for row in rows)
    assert figures["latest_year"] == latest == "2025/26"
    last = by_force(rows, [latest])
    cr, n = last[force]
    assert figures[f"{slug}_share_latest"] == pytest.approx(cr / n)
    assert figures[f"{slug}_rank_latest"] == rank_of(last, force)
    assert figures[f"{slug}_community_resolutions_latest"] == cr
    assert figures["national_share_latest"] == pytest.approx(
        sum(c for c, _ in last.values()) / sum(a for _, a in last.values()))
    assert figures["forces_ranked_latest"] == 44
    assert any(s.startswith(f"In {latest}, the latest year the data hold,") for s in found["sentences"])

    # the funnel in words: plain English, the page says which side of the limits the force is
    words = {"above_998": "far above what chance alone would give a force of its size",
             "below_998": "far below what chance alone would give a force of its size",
             "within": "within the range chance alone would give"}
    phrase = words.get(expected["position"], "but not by enough to rule chance out")
    assert any(phrase in s for s in found["sentences"])
    page = (Path(found["_folder"]) / "1-force-rate.html").read_text(encoding="utf-8")
    assert "Out of line, or just small?" in page and phrase in page
    assert "p ± z" not in page, "the method cell is notebook-only"


@pytest.mark.notebook
def test_durham_funnel_says_far_above(run_notebook, mirror):
    # the 2019 finding, in funnel terms: Durham's 2014/15-2017/18 share is far above the limits
    found = run_notebook("1-force-rate", area="Durham", years="2014/15-2017/18", basis="closed")
    assert found["figures"]["durham_funnel_position"]["value"] == "above_998"
    assert any(s.startswith("Durham Constabulary's share, 7.5%, is far above what chance alone would give")
               for s in found["sentences"])
