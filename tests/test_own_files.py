"""Bring your own files: OUTCOMES= workbooks win over the mirror, the newest named publication
wins, and a report that used any synthetic file is labelled synthetic everywhere."""

from __future__ import annotations

import json
import shutil

import pytest

from community_resolutions import areas, outcomes, publish, synthetic

FORCES = ["Durham", "Cleveland"]


def truth_cr(truth, force, basis="closed"):
    rows = truth[(truth["force"] == force) & (truth["outcome_type"] == 8)]
    return int(rows[basis].fillna(0).sum())


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory, mirror):
    folder = tmp_path_factory.mktemp("own")
    xlsx = folder / "synthetic-outcomes-2024-layout.xlsx"
    ods = folder / "synthetic-outcomes-2019-layout.ods"
    truth_xlsx = synthetic.make_workbook(xlsx, layout="xlsx-2024", forces=FORCES, seed=1, published="2024-07-24")
    truth_ods = synthetic.make_workbook(ods, layout="ods-2019", forces=FORCES, seed=2, published="2019")
    return xlsx, ods, truth_xlsx, truth_ods


def test_named_files_win_over_the_mirror_and_newest_named_wins(workbooks, mirror):
    xlsx, ods, truth_xlsx, truth_ods = workbooks
    totals = outcomes.load_totals(mirror=mirror, files=[str(ods), str(xlsx)])
    row = totals[(totals["force"] == "Durham") & (totals["financial_year"] == "2017/18") & (totals["basis"] == "closed")].iloc[0]
    # The mirror says 5,567 (2024 force-year table); the named xlsx (published 2024-07-24) beats the named ods (2019).
    assert row["community_resolution"] == truth_cr(truth_xlsx, "Durham")
    assert row["synthetic"]
    # A force the files do not cover keeps the mirror's figure.
    other = totals[(totals["force"] == "Kent") & (totals["financial_year"] == "2017/18") & (totals["basis"] == "closed")].iloc[0]
    assert not other["synthetic"]
    # Only the ods named: its figures are used instead of the mirror's.
    only_ods = outcomes.load_totals(mirror=mirror, files=[str(ods)])
    wanted = (only_ods["force"] == "Cleveland") & (only_ods["financial_year"] == "2017/18") & (only_ods["basis"] == "recorded")
    row = only_ods[wanted].iloc[0]
    assert row["community_resolution"] == truth_cr(truth_ods, "Cleveland", "recorded")


def test_describe_user_files_says_which_publication_won(workbooks):
    xlsx, ods, _, _ = workbooks
    lines = outcomes.describe_user_files([str(ods), str(xlsx)])
    replaced = "replaced by the newer synthetic-outcomes-2024-layout.xlsx"
    assert any(line.startswith("SYNTHETIC") and replaced in line for line in lines)


@pytest.mark.notebook
def test_synthetic_report_is_labelled_everywhere(workbooks, mirror, tmp_path):
    xlsx, _, truth_xlsx, _ = workbooks
    innocent = tmp_path / "prc-outcomes-open-data-mar2018-tables-240724.xlsx"  # renamed: the in-file marker must still count
    shutil.copy(xlsx, innocent)
    index = publish.build(areas.force_area("Durham"), "2017/18", "closed", mirror=str(mirror), reports_dir=tmp_path / "reports",
                          notebooks=("1-force-rate", "2-child-sex-offences"), outcomes=str(innocent), log=lambda *a, **k: None)
    folder = index.parent
    assert folder.name == "synthetic-durham"
    assert "SYNTHETIC DATA" in index.read_text()
    for page in folder.glob("*.html"):
        assert "SYNTHETIC DATA" in page.read_text(), page.name
    for table in folder.glob("*.csv"):
        assert table.read_text().startswith("synthetic_data,"), table.name
    found = json.loads((folder / "1-force-rate.findings.json").read_text())
    assert found["synthetic"] is True
    assert found["figures"]["durham_community_resolutions"]["value"] == truth_cr(truth_xlsx, "Durham")
