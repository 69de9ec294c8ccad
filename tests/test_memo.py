"""Work done once per process (``memo.once``): the key names everything the result was made from, a
caller's copy is its own, and a kept result is the same as one worked out afresh (issue 16, item 2)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from community_resolutions import memo, outcomes, page, story
from community_resolutions.story import against_article, data_coverage


@pytest.fixture(autouse=True)
def _empty_memo():
    memo.clear()
    yield
    memo.clear()


def test_a_changed_user_file_is_a_new_key(tmp_path):
    file = tmp_path / "mine.csv"
    file.write_text("force,financial_year\nDurham,2017/18\n")
    first = outcomes.data_key("/mirror", [str(file)])
    assert outcomes.data_key("/mirror", [str(file)]) == first
    file.write_text("force,financial_year\nDurham,2017/18\nKent,2017/18\n")  # one more row: another size
    assert outcomes.data_key("/mirror", [str(file)]) != first
    os.utime(file, ns=(1, 1))  # same size, another modification time
    assert outcomes.data_key("/mirror", [str(file)])[1][0][2] == 1
    assert outcomes.data_key("/other", [str(file)])[0] == "/other"
    assert outcomes.data_key(None)[:2] == (None, ())


def test_an_edited_reference_list_is_a_new_key(tmp_path, monkeypatch):
    """A journalist who edits data/reference/known-gaps.csv in a running kernel gets checks worked out afresh."""
    monkeypatch.setattr(outcomes, "REFERENCE_DIR", tmp_path)
    (tmp_path / "known-gaps.csv").write_text("force,financial_year\n")
    before = outcomes.data_key(None)
    (tmp_path / "known-gaps.csv").write_text("force,financial_year\nDurham,2017/18\n")
    assert outcomes.data_key(None) != before
    assert outcomes.data_key(None)[3][0][0] == "known-gaps.csv"


def test_a_kept_frame_is_copied_out_and_the_oldest_is_dropped(monkeypatch):
    monkeypatch.setattr(memo, "LIMIT", 2)
    made = []

    def frame(value: int):
        def compute() -> pd.DataFrame:
            made.append(value)
            return pd.DataFrame({"figure": [value]})
        return compute

    got = memo.once("t", 1, frame(1))
    got.loc[0, "figure"] = 99  # changing the copy
    assert memo.once("t", 1, frame(1)).loc[0, "figure"] == 1
    memo.once("t", 2, frame(2))
    memo.once("t", 3, frame(3))  # the third key drops the least recently used (1)
    memo.once("t", 1, frame(1))
    assert made == [1, 2, 3, 1]


def test_the_reconciliation_kept_for_one_area_is_the_one_worked_out_for_another(mirror, tmp_path):
    """Durham's page keeps the reconciliation; Cleveland's gets it back, and it equals Cleveland's own,
    worked out afresh with no key."""
    claims = page.published_figures()
    durham = against_article.load(story.start("7-against-the-article", "Durham", "2014/15-2017/18", "closed",
                                              output_dir=str(tmp_path / "d"), mirror=str(mirror)))
    against_article.reconciliation(durham, claims)
    cleveland = story.start("7-against-the-article", "Cleveland", "2014/15-2017/18", "closed",
                            output_dir=str(tmp_path / "c"), mirror=str(mirror))
    kept, fresh = against_article.load(cleveland), against_article.load(cleveland)
    assert kept.data_key is not None
    fresh.data_key = None
    kept_lines, fresh_lines = against_article.reconciliation(kept, claims), against_article.reconciliation(fresh, claims)
    pd.testing.assert_frame_equal(kept.result, fresh.result)
    assert kept_lines == fresh_lines
    assert kept.found.figures == fresh.found.figures


def test_coverage_checks_kept_are_the_ones_worked_out_afresh(mirror, tmp_path):
    run = story.start("0-data-coverage", "Durham", "2014/15-2025/26", "closed", output_dir=str(tmp_path),
                      mirror=str(mirror))
    data_coverage.load(run)  # keeps the checks
    kept = data_coverage.load(run)
    fresh = data_coverage.prepare(run, kept.totals, kept.offences, kept.notes, kept.known)  # no key
    assert fresh.key is None and kept.key is not None
    for name in ("cells", "flags", "runs", "mismatches", "summary", "revisions"):
        pd.testing.assert_frame_equal(getattr(kept, name), getattr(fresh, name), obj=name)
    other_years = story.start("0-data-coverage", "Durham", "2017/18", "closed", output_dir=str(tmp_path),
                              mirror=str(mirror))
    # the years are part of the key: another period is worked out, not handed the kept one
    assert not data_coverage.load(other_years).summary.equals(kept.summary)


def test_offence_notes_from_the_kept_totals_are_the_ones_worked_out_afresh(mirror, monkeypatch):
    """notes_for with a key works out every force's offence-level totals once and reads the area's rows
    from them; the notes (here one for a doctored Durham 2018/19, halved as a misread file might be)
    are the ones worked out from the area's own rows."""
    from community_resolutions import areas, offence_pages, offences

    table = offences.load_offence_level(mirror=mirror)
    misread = (table["force"] == "Durham") & (table["financial_year"] == "2018/19")
    halved = table.assign(closed=table["closed"].where(~misread, table["closed"] // 2))
    calls = []
    real = outcomes.totals_from_offences
    counted = lambda rows: calls.append(len(rows)) or real(rows)  # noqa: E731
    monkeypatch.setattr(outcomes, "totals_from_offences", counted)
    monkeypatch.setattr(offences, "totals_from_offences", counted)
    key = ("doctored", "Durham 2018/19 halved")
    years = ["2017/18", "2018/19"]
    for area in [areas.force_area("Durham"), areas.region("north-east"), areas.force_area("Kent")]:
        kept = offence_pages.notes_for(halved, area, years, "closed", mirror=str(mirror), key=key)
        fresh = offence_pages.notes_for(halved, area, years, "closed", mirror=str(mirror))
        assert kept == fresh
        misread_notes = [n for n in kept if n.startswith("Durham Constabulary's 2018/19 offence-level totals")]
        assert len(misread_notes) == (1 if "Durham" in area.forces else 0), (area.name, kept)
    # once over every row for the three keyed calls; three more over each area's own rows (no key)
    assert calls[0] == len(halved) and len(calls) == 4 and all(n < len(halved) for n in calls[1:])
    assert offences.years_held(halved, ["2016/17", *years], key) == (years, ["2016/17"])
