"""Hostile and careless input (issue 17): nothing a user types or supplies can run a command,
inject a page, misquote a statement or silently change a number.

One test (or more) per numbered item of the issue: 1 make variables, 2 pages, 4 slugs, 6 failure
paths, 7 the parquet cache, stale staging folders and paths with spaces; then property-based tests
(Hypothesis) of the parsers and the words helpers.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from community_resolutions import areas, assemble, cache, charts, cli, outcomes, page, params, publish, sources, synthetic, words
from community_resolutions.findings import Findings
from community_resolutions.paths import PROJECT_ROOT

#: Markup, both quotes, an ampersand and matplotlib's mathematics, in one string.
EVIL = "<img src=x onerror=alert(7)> \" ' & $x$"
#: The same, safe as a file or folder name (no slash).
EVIL_NAME = "x<img src=x onerror=alert(7)> \" ' & $x$"
REPLY = 'A spokesperson said: "We take this seriously." Savings of $5m.'


# --------------------------------------------------------------------------- helpers


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def inert(markup: str, *texts: str) -> _Page:
    """No injected element or attribute in ``markup`` (no script, no on* handler, no image but an
    embedded raster, no javascript: link), and every one of ``texts`` reads there as text."""
    parsed = _Page()
    parsed.feed(markup)
    parsed.close()
    for tag, attrs in parsed.tags:
        assert tag not in {"script", "iframe", "object", "embed"}, (tag, attrs)
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, (tag, attrs)
        if tag == "img":
            assert re.match(r"data:image/(png|jpeg|gif);base64,", attrs.get("src") or ""), attrs
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), attrs
    words_on_page = "".join(parsed.text)
    for text in texts:
        assert text in words_on_page, f"{text!r} does not read as text on the page"
    return parsed


def fake_python(folder: Path) -> Path:
    """A stand-in for .venv/bin/python that writes the CR_* environment it was given to a JSON file."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "python"
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import json, os, sys
        seen = {{k: v for k, v in os.environ.items() if k.startswith("CR_")}}
        seen["argv"] = sys.argv[1:]
        open({str(folder / "seen.json")!r}, "w", encoding="utf-8").write(json.dumps(seen))
        """), encoding="utf-8")
    script.chmod(0o755)
    stamp = folder / "stamp"
    stamp.touch()  # newer than requirements.txt and pyproject.toml: make builds nothing
    return folder


def run_make(folder: Path, *assignments: str) -> dict:
    result = subprocess.run(["make", "-s", "reports", f"BIN={folder}", f"STAMP={folder / 'stamp'}", *assignments],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads((folder / "seen.json").read_text(encoding="utf-8"))


@pytest.fixture
def quiet_cli(monkeypatch):
    """``cli.main`` with the data checks stubbed (no mirror needed) and ``publish.build`` recorded."""
    calls = []
    monkeypatch.setattr(sources, "resolve", lambda dataset, mirror=None: Path("/dev/null"))
    monkeypatch.setattr(outcomes, "load_totals",
                        lambda mirror=None, files=(): pd.DataFrame({"financial_year": params.parse_years("2014/15-2025/26")}))

    def build(area, years, basis, **options):
        calls.append({"area": area, "years": years, "basis": basis, **options})
        return Path("/nowhere/index.html")

    monkeypatch.setattr(publish, "build", build)
    for name in [v for v in os.environ if v.startswith("CR_") and v != "CR_DATA_MIRROR"]:
        monkeypatch.delenv(name)
    return calls


# =========================================================================== item 1


@pytest.mark.parametrize("name, value", [
    ("REPLY", REPLY),
    ("REPLY", "Savings of $5m"),
    ("REPLY", "it said `touch pwned` and $(touch pwned) and $(shell touch pwned) and $$x"),
    ("REPLY", "two\nlines, non-ASCII: é “curly” — ✓"),
    ("YEARS", '2017/18"; touch pwned; echo "'),
    ("EMBARGO", "'; touch pwned; '"),
    ("OUTCOMES", "data/my files/a b.xlsx | data/c.ods"),
    ("FORCE", "Durham$(touch pwned)"),
])
def test_item1_make_variables_reach_the_program_unchanged(name, value, tmp_path):
    before = set(PROJECT_ROOT.iterdir())
    seen = run_make(fake_python(tmp_path / "bin"), f"{name}={value}")
    assert seen[f"CR_{name}"] == value  # byte for byte
    assert seen["argv"] == ["-m", "community_resolutions", "reports"]  # nothing typed reaches the command line
    assert not (PROJECT_ROOT / "pwned").exists() and not (tmp_path / "bin" / "pwned").exists()
    assert set(PROJECT_ROOT.iterdir()) == before


def test_item1_make_fetch_ids_are_data(tmp_path):
    folder = fake_python(tmp_path / "bin")
    hostile = "IDS=a $(shell touch pwned); touch pwned"
    result = subprocess.run(["make", "-s", "fetch", f"BIN={folder}", f"STAMP={folder / 'stamp'}", hostile],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    seen = json.loads((folder / "seen.json").read_text(encoding="utf-8"))
    assert seen["CR_IDS"] == "a $(shell touch pwned); touch pwned" and seen["argv"] == ["-m", "community_resolutions", "fetch"]
    assert not (PROJECT_ROOT / "pwned").exists()


def test_item1_make_defaults_and_the_cli_reads_them(tmp_path, quiet_cli, monkeypatch):
    seen = run_make(fake_python(tmp_path / "bin"))
    assert seen["CR_REGION"] == "north-east-and-north-yorkshire" and seen["CR_YEARS"] == "2014/15-2017/18"
    for key, value in seen.items():
        if key.startswith("CR_"):
            monkeypatch.setenv(key, value)
    monkeypatch.setenv("CR_FORCE", "Durham")
    monkeypatch.setenv("CR_REPLY", REPLY + "\n$x$ `y` é")
    monkeypatch.setenv("CR_EMBARGO", "00:01 Monday")
    assert cli.main(["reports"]) == 0
    [call] = quiet_cli
    assert call["area"].slug == "durham" and call["years"] == "2014/15-2017/18" and call["basis"] == "closed"
    assert call["banners"] == {"embargo": "00:01 Monday", "right_of_reply": REPLY + "\n$x$ `y` é"}
    assert call["workers"] == 1


def test_item1_bad_jobs_is_a_message(quiet_cli, capsys):
    assert cli.main(["reports", "--force", "Durham", "--jobs", "two; rm -rf /"]) == 2
    assert "jobs 'two; rm -rf /' is not a whole number" in capsys.readouterr().err


# =========================================================================== item 2


REFERENCE = pd.DataFrame(
    [("105A", "Assault without injury", "Violence against the person", "Violence without injury", False, *outcome)
     for outcome in [(1, "Charged/Summonsed", "Charged/Summonsed"), (8, "Community Resolution", "Out-of-court (informal)")]],
    columns=["offence_code", "offence_description", "offence_group", "offence_subgroup", "offence_code_expired",
             "outcome_type", "outcome_description", "outcome_group"])


@pytest.fixture
def evil_region(tmp_path, monkeypatch):
    """regions.csv with a region whose name (a reference-data field) is markup."""
    copy = tmp_path / "regions.csv"
    text = areas.REGIONS_FILE.read_text(encoding="utf-8").rstrip("\n") + "\n"
    with open(copy, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        writer = csv.writer(handle, lineterminator="\n")
        for force in ("Durham", "Cleveland"):
            writer.writerow(["evil-region", EVIL, "custom", force])
    monkeypatch.setattr(areas, "REGIONS_FILE", copy)
    areas.regions_table.cache_clear()
    yield areas.region("evil-region")
    monkeypatch.undo()
    areas.regions_table.cache_clear()


def _evil_findings(folder: Path, police_folder: Path, outcomes_file: Path) -> None:
    found = Findings("2-child-sex-offences", {"area": EVIL, "years": ["2017/18"], "basis": "closed"}, synthetic=False)
    found.say(f"Lead: {EVIL}", lead=True)
    found.say(EVIL)
    found.warnings = [f"Warning: {EVIL}"]
    found.sources = [{"id": str(outcomes_file), "used_for": f"totals {EVIL}"},
                     {"id": str(police_folder), "used_for": f"police.uk monthly files in {police_folder.name}"}]
    found.chart("evil", pd.DataFrame({"force": ["Durham", EVIL], EVIL: [EVIL, "plain"], "share": [0.1, 0.2]}))
    found.write(folder)
    notebook = nbformat.v4.new_notebook()
    good = charts.img_tag(b"\x89PNG", f"alt {EVIL}")
    hostile = ('<img src="data:image/png;base64,AAAA" onerror="alert(7)" alt="x">'
               '<img src=x onerror=alert(7)><script>alert(7)</script>')
    cell = nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": good}), nbformat.v4.new_output("display_data", data={"text/html": hostile})])
    notebook.cells = [cell]
    nbformat.write(notebook, folder / "2-child-sex-offences.ipynb")


def test_item2_every_user_text_reaches_the_pages_escaped(evil_region, tmp_path):
    area = evil_region
    assert area.name == EVIL
    secret = tmp_path / "home" / "secret-local-folder"
    police_folder = secret / EVIL_NAME
    police_folder.mkdir(parents=True)
    outcomes_file = secret / f"synthetic-{EVIL_NAME}.xlsx"  # the generator insists on the word
    synthetic.make_workbook(outcomes_file, reference=REFERENCE, rows=20, forces=["Durham"], seed=1)
    folder = tmp_path / "report"
    folder.mkdir()
    _evil_findings(folder, police_folder, outcomes_file)

    # the page to publish from: parameters, a reference-data field, file and folder names, data cells
    written = assemble.assemble_page(folder, area, embargo=EVIL, right_of_reply=EVIL)
    markup = written.read_text(encoding="utf-8")
    parsed = inert(markup, f"Embargoed until {EVIL}", f"said: “{EVIL}”", f"Lead: {EVIL}", f"Warning: {EVIL}",
                   f"{EVIL_NAME}.xlsx", EVIL_NAME)
    assert str(secret) not in markup and "secret-local-folder" not in markup  # names only, never a local path
    police_item = "".join(parsed.text)
    assert f"{EVIL_NAME}: police.uk monthly files supplied for this run" in police_item
    assert f"{EVIL_NAME}: a file supplied for this run" not in police_item  # never "a Home Office workbook"
    images = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert [image["alt"] for image in images] == [f"alt {EVIL}", "x"]  # src=x is dropped; the other is rebuilt...
    assert all(set(image) == {"src", "alt", "style"} for image in images)  # ...from its data URI and alt only
    assert any(attrs.get("class") == "data" for tag, attrs in parsed.tags if tag == "table")
    assert EVIL in "".join(parsed.text)  # the chart's data cells and header

    # the index of the run
    notebook_page = publish.Page(area, "2-child-sex-offences", folder / "2-child-sex-offences.html",
                                 folder / "2-child-sex-offences.findings.json")
    publish.write_index(area, folder, [notebook_page], years=EVIL, basis=EVIL)
    inert((folder / "index.html").read_text(encoding="utf-8"), f"Lead: {EVIL}", f"Community resolutions: {EVIL}")

    # a national batch's indexes, with a failed area's error
    result = publish.BatchResult(made={}, failed={"region-evil-region": f"error: {EVIL}"}, seconds=1.0)
    publish._write_national_indexes(result, [area], tmp_path / "national", EVIL, EVIL)
    inert((tmp_path / "national" / "evil-region" / "index.html").read_text(encoding="utf-8"), f"failed: error: {EVIL}")
    inert((tmp_path / "national" / "index.html").read_text(encoding="utf-8"))

    # what notebooks print through page.py
    blocks = [page.header(EVIL, area, [EVIL], "closed", synthetic=True, files=[str(outcomes_file)]),
              page.note_box([EVIL], EVIL), page.sources_block([str(outcomes_file), str(police_folder)]),
              page.sentences([EVIL]), page.table(pd.DataFrame({EVIL: [EVIL], "n": [1]}), caption=EVIL),
              page.police_uk_files_note(str(police_folder))]
    for block in blocks:
        inert(block)
    joined = "".join(blocks)
    inert(joined, EVIL, f"{EVIL_NAME}.xlsx")
    assert str(secret) not in joined


def test_item2_police_uk_page_shows_the_folder_name_as_text(tmp_path):
    """Notebook 8 formats the folder's name into markup itself (its last code cell, line 3); the export
    to HTML shows any such markup as text (:mod:`safehtml`), and leaves ordinary output byte for byte."""
    name = EVIL_NAME
    notebook = nbformat.v4.new_notebook()
    ordinary = page.sentences(["A plain sentence."]) + charts.img_tag(b"\x89PNG", "a chart")
    notebook.cells = [nbformat.v4.new_code_cell("", outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": ordinary}),
        nbformat.v4.new_output("display_data", data={"text/html": (
            f"<p>Also: police.uk monthly files from <code>{name}</code> (data.police.uk archive).</p>"
            "<script>alert(7)</script><a href='javascript:alert(7)'>x</a>")})])]
    executed = tmp_path / "8-police-uk.ipynb"
    nbformat.write(notebook, executed)
    markup = publish.export_html(executed, f"police.uk and the Home Office: {EVIL}").read_text(encoding="utf-8")
    inert(markup, f"police.uk monthly files from {name} (data.police.uk archive)", "<script>alert(7)</script>",
          f"police.uk and the Home Office: {EVIL}")  # the title too
    from community_resolutions import safehtml

    assert safehtml.defuse(ordinary) is ordinary


def test_item2_notebook_8_escapes_the_folder_name_itself():
    source = "".join("".join(cell["source"]) for cell in
                     json.loads((PROJECT_ROOT / "notebooks" / "8-police-uk.ipynb").read_text(encoding="utf-8"))["cells"])
    assert "<code>{Path(POLICEUK).name}</code>" not in source


# =========================================================================== item 4


@pytest.mark.parametrize("slug", ["../../outside", "..", "a/b", ".hidden", "Upper", "sp ace", "évil", "-x", ""])
def test_item4_slugs_are_validated_before_any_path_is_made(slug, tmp_path, monkeypatch):
    copy = tmp_path / "regions.csv"
    copy.write_text(areas.REGIONS_FILE.read_text(encoding="utf-8").rstrip("\n") + f"\n{slug},Evil,custom,Durham\n",
                    encoding="utf-8")
    line = len(copy.read_text(encoding="utf-8").splitlines())
    monkeypatch.setattr(areas, "REGIONS_FILE", copy)
    areas.regions_table.cache_clear()
    try:
        with pytest.raises(areas.UnknownArea) as error:
            areas.resolve_area("Evil")
    finally:
        monkeypatch.undo()
        areas.regions_table.cache_clear()
    message = str(error.value)
    assert message.count("\n") == 0 and "regions.csv, line" in message
    if slug:
        assert f"regions.csv, line {line}, column region: slug {slug!r} may hold only lower-case letters" in message
    else:
        assert f"regions.csv, line {line}: empty region" in message


def test_item4_forces_csv_slug_and_publish_refuse_a_path(tmp_path, monkeypatch):
    copy = tmp_path / "forces.csv"
    copy.write_text(areas.FORCES_FILE.read_text(encoding="utf-8").replace(",durham,", ",../durham,", 1), encoding="utf-8")
    monkeypatch.setattr(areas, "FORCES_FILE", copy)
    for cached in (areas.forces_table, areas._force_spellings, areas.regions_table):
        cached.cache_clear()
    try:
        with pytest.raises(areas.UnknownArea, match=r"forces\.csv, line \d+, column slug: slug '\.\./durham'"):
            areas.force_area("Durham")
    finally:
        monkeypatch.undo()
        for cached in (areas.forces_table, areas._force_spellings, areas.regions_table):
            cached.cache_clear()
    reports = tmp_path / "sandbox" / "reports"
    reports.mkdir(parents=True)
    with pytest.raises(areas.UnknownArea, match="slug '../outside'"):
        publish.build(areas.Area("../outside", "X", "force", ("Durham",)), "2017/18", "closed", reports_dir=reports)
    assert [p.name for p in (tmp_path / "sandbox").rglob("*")] == ["reports"]  # nothing written anywhere


# =========================================================================== item 6

_FAILING_RUN = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from community_resolutions import cli, publish

    real = publish.build
    publish.build = lambda *a, **k: real(*a, **{**k, "notebooks": ("8-police-uk",), "reports_dir": Path(sys.argv[1])})
    sys.exit(cli.main(sys.argv[2:]))
    """)


@pytest.mark.notebook
def test_item6_failing_run_prints_no_traceback_and_only_paths_that_exist(mirror, tmp_path):
    """A notebook that fails (a police.uk folder with no files): one or two lines, no kernel noise."""
    empty = tmp_path / "empty-policeuk-folder"
    empty.mkdir()
    reports = tmp_path / "reports"
    script = tmp_path / "run.py"
    script.write_text(_FAILING_RUN, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "CR_DEBUG" and not k.startswith("CR_") or k == "CR_DATA_MIRROR"}
    result = subprocess.run([sys.executable, str(script), str(reports), "reports", "--force", "Durham", "--years", "2017/18",
                             "--mirror", str(mirror), "--policeuk", str(empty)],
                            capture_output=True, text=True, timeout=300, env=environment)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "_control_lock" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) <= 3, result.stderr
    assert "error in a notebook (BadInput)" in result.stderr and "no police.uk street file found" in result.stderr
    for printed in re.findall(r"(/[^\s:;,]+)", result.stderr):
        if printed.startswith(str(tmp_path)) and "street" not in printed:
            assert Path(printed.rstrip(".")).exists(), f"printed a path that does not exist: {printed}"
    assert (reports / ".failed-durham").is_dir() and "The partial run is in" in result.stderr


def test_item6_nonexistent_partial_run_folder_is_never_named(tmp_path, monkeypatch):
    logged = []

    class Boom:
        def __enter__(self):
            raise RuntimeError("no kernel")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(publish, "KernelPool", Boom)
    with pytest.raises(RuntimeError):
        publish.build(areas.force_area("Durham"), "2017/18", "closed", reports_dir=tmp_path,
                      log=lambda *a, **k: logged.append(" ".join(map(str, a))))
    assert logged == ["Run failed; earlier reports are untouched."]
    assert not (tmp_path / ".failed-durham").exists()


@pytest.mark.parametrize("error, expected", [
    (OSError(errno.ENOSPC, "No space left on device", "{tmp}/reports/.staging-durham-1/page.html"),
     "error: no space left on the disk holding {tmp}/reports: free space there"),
    (PermissionError(errno.EACCES, "Permission denied", "{tmp}/reports/x.html"),
     "error: cannot write in {tmp}/reports: permission denied or a read-only disk. Make it writable"),
    (OSError(errno.EROFS, "Read-only file system", "{tmp}/reports"),
     "error: cannot write in {tmp}/reports: permission denied or a read-only disk"),
])
def test_item6_read_only_or_full_disk_is_one_line(error, expected, tmp_path, quiet_cli, monkeypatch, capsys):
    (tmp_path / "reports").mkdir()
    error.filename = error.filename.format(tmp=tmp_path)

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(publish, "build", fail)
    assert cli.main(["reports", "--force", "Durham"]) == 2
    err = capsys.readouterr().err
    assert expected.format(tmp=tmp_path) in err and "Traceback" not in err and "unexpected" not in err
    assert len(err.strip().splitlines()) == 1, err


def test_item6_disk_full_inside_a_notebook_is_one_line(tmp_path, quiet_cli, monkeypatch, capsys):
    from papermill.exceptions import PapermillExecutionError

    def fail(*args, **kwargs):
        raise PapermillExecutionError(3, 4, "x", "OSError", f"[Errno 28] No space left on device: '{tmp_path}/a.csv'", [])

    monkeypatch.setattr(publish, "build", fail)
    assert cli.main(["reports", "--force", "Durham"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"error: no space left on the disk holding {tmp_path}: free space there (old reports in " \
                          "reports/, the parquet cache in data/cache/tables/) and run again"


def test_item6_cache_file_of_the_wrong_shape_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda override=None: tmp_path / "cache")
    source = tmp_path / "source.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    target = tmp_path / "cache" / "tables" / f"offences-{sources.sha256_of(source)[:16]}.parquet"
    target.parent.mkdir(parents=True)
    pd.DataFrame({"other": [1, 2]}).to_parquet(target)  # a valid parquet, another shape, no manifest
    built = pd.DataFrame({"force": ["Durham"], "synthetic": [False]})
    table = outcomes._cached_parquet(source, "offences", lambda path: built)
    pd.testing.assert_frame_equal(table, built)
    pd.testing.assert_frame_equal(pd.read_parquet(target), built)


@pytest.mark.parametrize("value", [123, 2017.5, True, ["Durham"]])
def test_item6_a_parameter_of_the_wrong_type_is_a_message(value):
    with pytest.raises(areas.UnknownArea) as error:
        areas.resolve_area(value)
    assert str(error.value).startswith("parameter area: expected text, found ") and "\n" not in str(error.value)
    with pytest.raises(ValueError, match="parameter outcome_files: expected text"):
        params.parse_files(value)


@pytest.mark.notebook
def test_item6_papermill_number_parameter_is_named(mirror, warm_kernel, tmp_path):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as error:
        publish.run_notebook("1-force-rate", {"area": 123, "years": "2017/18", "basis": "closed", "mirror": str(mirror),
                                              "outcome_files": ""}, tmp_path, kernel=warm_kernel)
    assert error.value.ename == "UnknownArea"
    assert "parameter area: expected text, found the number 123" in error.value.evalue


def test_item6_dollar_signs_in_chart_text_are_drawn_as_written():
    frame = pd.DataFrame({"name": ["$x$", "a $5m $\\frac{ b", "Durham"], "value": [0.1, 0.2, 0.3]})
    fig = charts.ranked_bars(frame, label="name", value="value", highlight={"$x$"}, national=0.15,
                             title="Savings of $5m in $x$", source=f"Source: {EVIL_NAME}.xlsx $\\frac{{")
    labels = [tick.get_text() for tick in fig.axes[0].get_yticklabels()]
    assert "a $5m $\\frac{ b" in labels and "$x$" in labels
    assert charts.to_png(fig).startswith(b"\x89PNG")
    fig = charts.count_bars(frame, label="name", value="value", title="$x$", source="$\\frac{")
    assert charts.to_png(fig).startswith(b"\x89PNG")
    assert plt.rcParams["text.parse_math"] is False


# =========================================================================== item 7


def test_item7_altered_parquet_cache_is_rebuilt_not_published(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda override=None: tmp_path / "cache")
    source = tmp_path / "tidy.csv"
    source.write_text("force,count\nDurham,5464\n", encoding="utf-8")
    build = lambda path: pd.read_csv(path)  # noqa: E731
    first = outcomes._cached_parquet(source, "totals", build)
    [cached] = (tmp_path / "cache" / "tables").glob("*.parquet")
    altered = pd.read_parquet(cached).assign(count=[9999])  # a valid table with another number
    altered.to_parquet(cached, index=False)
    again = outcomes._cached_parquet(source, "totals", build)
    assert again["count"].tolist() == [5464]
    pd.testing.assert_frame_equal(again, first)
    assert pd.read_parquet(cached)["count"].tolist() == [5464]  # rebuilt on disk too
    manifest = json.loads(cache._manifest_path(cached).read_text(encoding="utf-8"))
    assert manifest["parquet_sha256"] == sources.sha256_of(cached) and manifest["columns"] == ["force", "count"]
    cache._manifest_path(cached).unlink()  # no manifest (an older version's cache): rebuilt as well
    calls = []
    outcomes._cached_parquet(source, "totals", lambda path: calls.append(path) or build(path))
    assert calls == [source]


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EROFS])
def test_item6_cache_folder_that_cannot_be_written_is_not_an_error(number, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "cache_dir", lambda override=None: tmp_path / "cache")
    source = tmp_path / "tidy.csv"
    source.write_text("force,count\nDurham,5464\n", encoding="utf-8")

    def full(self, path, *args, **kwargs):
        Path(path).write_bytes(b"PAR1")  # a partial write, then the disk fills up
        raise OSError(number, os.strerror(number), str(path))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    table = outcomes._cached_parquet(source, "totals", lambda path: pd.read_csv(path))
    assert table["count"].tolist() == [5464]
    assert list((tmp_path / "cache" / "tables").iterdir()) == []  # nothing half-written left behind


def test_item7_stale_staging_folder_of_a_killed_run_is_removed(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for pid in (gone.pid, alive.pid, os.getpid()):
            (tmp_path / f".staging-durham-{pid}" / "durham").mkdir(parents=True)
        (tmp_path / "durham").mkdir()
        removed = publish.remove_stale_staging(tmp_path)
    finally:
        alive.kill()
        alive.wait()
    assert [p.name for p in removed] == [f".staging-durham-{gone.pid}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["durham", f".staging-durham-{alive.pid}", f".staging-durham-{os.getpid()}"])


def test_item7_outcomes_paths_with_spaces(tmp_path, quiet_cli):
    folder = tmp_path / "my data"
    folder.mkdir()
    first, second = folder / "a b.xlsx", folder / "c$d 'e'.ods"
    first.write_bytes(b"x")
    second.write_bytes(b"y")
    expected = [str(first), str(second)]
    assert params.parse_files(f"{first} | {second}") == expected
    assert params.parse_files(f"{first}\n{second}\n") == expected
    assert params.parse_files(str(first)) == [str(first)]  # one path with spaces, no quotes needed
    assert params.split_files(params.join_files(expected)) == expected
    with pytest.raises(ValueError, match="a quote is not closed"):
        params.parse_files(f"{first} 'unclosed")
    params_seen = []
    for argv in (["--outcomes", str(first), "--outcomes", str(second)], ["--outcomes", f"{first}|{second}"]):
        assert cli.main(["reports", "--force", "Durham", *argv]) == 0
        params_seen.append(params.parse_files(quiet_cli[-1]["outcomes"]))
    assert params_seen == [expected, expected]


def test_item7_make_outcomes_with_spaces_and_newlines(tmp_path):
    value = "data/my files/a b.xlsx\ndata/c d.ods"
    seen = run_make(fake_python(tmp_path / "bin"), f"OUTCOMES={value}")
    assert params.split_files(seen["CR_OUTCOMES"]) == ["data/my files/a b.xlsx", "data/c d.ods"]


# =========================================================================== property-based

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LABEL = re.compile(r"^\d{4}/\d{2}$")


@PROPERTY
@given(st.one_of(st.text(), st.text(alphabet="0123456789/-– to", max_size=20)))
def test_parse_years_random_text_parses_or_says_why(text):
    try:
        years = params.parse_years(text)
    except ValueError as error:
        assert str(error).startswith("years ") and "\n" not in str(error)
        return
    assert years and all(LABEL.match(y) for y in years)
    starts = [int(y[:4]) for y in years]
    assert starts == list(range(starts[0], starts[0] + len(starts)))


@PROPERTY
@given(st.integers(1000, 9998), st.integers(1000, 9998), st.sampled_from(["-", "–", " to ", " - "]),
       st.sampled_from(["/", "-"]))
def test_parse_years_valid_ranges(first, last, dash, slash):
    label = lambda start: f"{start}{slash}{(start + 1) % 100:02d}"  # noqa: E731
    text = f"{label(first)}{dash}{label(last)}"
    if last < first:
        with pytest.raises(ValueError, match="the range must run forwards"):
            params.parse_years(text)
    else:
        assert params.parse_years(text) == [params.financial_year(y) for y in range(first, last + 1)]


KNOWN = sorted({name for row in areas.forces_table().itertuples(index=False)
                for name in [row.force, row.slug, row.display_name, *row.aliases.split("|")] if name}
               | set(areas.regions_table()["region"]) | set(areas.regions_table()["name"]))


@PROPERTY
@given(st.one_of(st.text(max_size=40), st.sampled_from(KNOWN), st.integers(), st.none(), st.floats(),
                 st.sampled_from(KNOWN).map(lambda n: f"  {n.upper()}  ")))
def test_resolve_area_random_input_resolves_or_says_why(name):
    try:
        area = areas.resolve_area(name)
    except areas.UnknownArea as error:
        assert "\n" not in str(error)
        return
    assert isinstance(area, areas.Area) and areas.SLUG.fullmatch(area.slug) and area.forces


@PROPERTY
@given(st.sampled_from(areas.all_forces()), st.sampled_from([str.upper, str.lower, lambda s: s.replace(" ", "-")]))
def test_resolve_area_any_spelling_of_a_force(force, spelling):
    area = areas.resolve_area(spelling(force))
    assert area.forces == (force,) or not area.is_force and force in area.forces


NUMBERS = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.none())


@PROPERTY
@given(NUMBERS, NUMBERS)
def test_words_helpers_give_text_or_a_value_error(a, b):
    calls = [lambda: words.number(a), lambda: words.percent(a), lambda: words.share_phrase(a),
             lambda: words.one_in(a), lambda: words.times(a, b), lambda: words.plural(a, "crime"),
             lambda: words.count_of(a, b, "crimes")]
    if isinstance(a, int):
        calls += [lambda: words.ordinal(a), lambda: words.ordinal_word(a)]
        if isinstance(b, int) and 1 <= a <= b:
            calls += [lambda: words.rank_phrase(a, b), lambda: words.rank_of(a, b)]
    for call in calls:
        try:
            text = call()
        except ValueError as error:
            assert str(error) and "\n" not in str(error)
            continue
        assert isinstance(text, str) and text


@PROPERTY
@given(st.floats(0.0, 1.0))
def test_words_percent_and_share_phrase_agree(share):
    text = words.percent(share)
    assert text.endswith("%")
    assert text in words.share_phrase(share) or words.share_phrase(share) == "none (0.0%)"


@PROPERTY
@given(st.integers(1, 200), st.integers(0, 199))
def test_words_rank_phrase_reads_from_the_nearer_end(of, offset):
    rank = offset % of + 1
    phrase = words.rank_phrase(rank, of)
    assert phrase.endswith(f"of {of} forces")
    assert ("highest" in phrase) != ("lowest" in phrase) or of == 1


PIECES = ["<img src=x onerror=alert(7)>", "<script>alert(1)</script>", "<a href='javascript:x'>", "<p>", "</p>",
          "<b>", "</b>", "&amp;", "&", "\"", "'", "$x$", "<", ">", "<svg onload=x>", "<iframe src=//x>", "text ",
          '<img src="data:image/png;base64,AAAA" alt="ok">', "<style>p{}</style>", "<!-- c -->", "<a href='p.html'>",
          "<img src=x onerror=alert(7)", "<svg/onload=x ", "<!--x--!>", "<![CDATA[", "]]>", "<?x ", "<img/src=x/onerror=y>"]


@PROPERTY
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=12))
def test_defused_markup_is_inert(parts):
    from community_resolutions import safehtml

    inert(safehtml.defuse("".join(parts)) + "</div><p>after</p>")  # as it sits inside a page
