"""The before/after comparison of findings (issue 14: the same figures before and after a refactor)."""

import json

from community_resolutions.compare import compare_folders, compared_files


def _write(folder, name, document):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document) if isinstance(document, dict) else document, encoding="utf-8")


FINDINGS = {"notebook": "1-force-rate", "figures": {"durham_share": {"value": 0.0751, "meaning": "share"}},
            "sentences": ["Durham resolved 12,988."], "warnings": [], "newsroom_charts": {"a": {"data": "x"}}}


def test_identical_folders_have_no_difference(tmp_path):
    for side in ("before", "after"):
        _write(tmp_path / side, "durham/1-force-rate.findings.json", FINDINGS)
        _write(tmp_path / side, "durham/1-force-rate.ranked.csv", "force,share\nDurham,0.0751\n")
    assert compare_folders(tmp_path / "before", tmp_path / "after") == []


def test_a_moved_figure_a_changed_sentence_and_a_changed_chart_row_are_each_reported(tmp_path):
    _write(tmp_path / "before", "durham/1-force-rate.findings.json", FINDINGS)
    _write(tmp_path / "before", "durham/1-force-rate.ranked.csv", "force,share\nDurham,0.0751\nCleveland,0.02\n")
    changed = json.loads(json.dumps(FINDINGS))
    changed["figures"]["durham_share"]["value"] = 0.0752
    changed["sentences"] = ["Durham resolved 12,989."]
    changed["newsroom_charts"] = {"a": {"data": "y"}}  # how the copies are named is not a finding
    _write(tmp_path / "after", "durham/1-force-rate.findings.json", changed)
    _write(tmp_path / "after", "durham/1-force-rate.ranked.csv", "force,share\nDurham,0.0751\nCleveland,0.03\n")
    found = [(d.file, d.where, d.before, d.after) for d in compare_folders(tmp_path / "before", tmp_path / "after")]
    assert found == [
        ("durham/1-force-rate.findings.json", "figures.durham_share.value", 0.0751, 0.0752),
        ("durham/1-force-rate.findings.json", "sentences[0]", "Durham resolved 12,988.", "Durham resolved 12,989."),
        ("durham/1-force-rate.ranked.csv", "line 3", "Cleveland,0.02", "Cleveland,0.03"),
    ]


def test_a_file_on_one_side_only_is_a_difference_and_pages_are_not_compared(tmp_path):
    _write(tmp_path / "before", "cleveland/3-drug-offences.findings.json", FINDINGS)
    _write(tmp_path / "before", "cleveland/3-drug-offences.html", "<p>made on Monday</p>")
    _write(tmp_path / "after", "cleveland/3-drug-offences.html", "<p>made on Tuesday</p>")
    _write(tmp_path / "after", "cleveland/3-drug-offences.mix.chart.csv", "x\n1\n")
    found = [str(d) for d in compare_folders(tmp_path / "before", tmp_path / "after")]
    assert found == ["cleveland/3-drug-offences.findings.json: file: only before (present)"]
    assert list(compared_files(tmp_path / "after")) == []  # a page and a newsroom copy: neither compared
