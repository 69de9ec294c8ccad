"""Bad input and faults (issue 8): the catalogue, one test per case.

Every refusal must be one or two lines a journalist can act on, naming the file (and sheet, row
or column) and what was expected; no fault may leave behind a file that a later run would trust.

Sections: files (readers), parameters, runs (downloads, read-only mirror, concurrent runs,
interrupted writes, an interrupted batch).
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import json
import multiprocessing
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pandas as pd
import pooch
import pytest
from workbooks import write_workbook

from community_resolutions import (
    areas,
    cache,
    gaps,
    offences,
    outcomes,
    params,
    readers,
    recorded_crime,
    schemas,
    sources,
    synthetic,
)
from community_resolutions.paths import PROJECT_ROOT

HEADER_2024 = list(readers.COLUMNS_2024)
ROW_2024 = ["2017/18", 1, "Durham", "105A", "Assault without injury", "Violence against the person",
            "Violence without injury", None, 8, "Community Resolution", "Out-of-court (informal)", 4, 5]
ROW_2024_B = ["2017/18", 1, "Durham", "105A", "Assault without injury", "Violence against the person",
              "Violence without injury", None, 1, "Charged/Summonsed", "Charged/Summonsed", 2, 3]

TIDY_HEADER = ("financial_year,financial_quarter,force_name,offence_description,offence_group,offence_subgroup,"
               "offence_code,offence_code_expired,outcome_description,outcome_group,outcome_type,offences,"
               "force_outcomes_recorded_in_quarter")
TIDY_ROWS = [
    "2017/18,1,Durham,Common assault,Violence against the person,Violence without injury,105A,NA,"
    "Community Resolution,Out-of-court (informal),8,4,5",
    "2017/18,1,Durham,Common assault,Violence against the person,Violence without injury,105A,NA,"
    "Charged/Summonsed,Charged/Summonsed,1,3,2",
    "2017/18,1,\"London, City of\",Shoplifting,Theft offences,Shoplifting,46,NA,Community Resolution,"
    "Out-of-court (informal),8,1,0",
]
MEASURES = ["t1", "t2", "t3", "t6", "t7", "t8", "t22", "oocd", "positive", "assigned"]

# Real offence and outcome lists (a handful), for synthetic workbooks without the mirror.
_OFFENCES = [("8N", "Assault with injury", "Violence against the person", "Violence with injury"),
             ("105A", "Assault without injury", "Violence against the person", "Violence without injury"),
             ("46", "Shoplifting", "Theft offences", "Shoplifting")]
_OUTCOMES = [(0, "Not yet assigned an outcome", "Not yet assigned an outcome"), (1, "Charged/Summonsed", "Charged/Summonsed"),
             (8, "Community Resolution", "Out-of-court (informal)"),
             (18, "Investigation complete – no suspect identified", "Investigation complete – no suspect identified")]
REFERENCE = pd.DataFrame([(*o, False, *t) for o in _OFFENCES for t in _OUTCOMES],
                         columns=["offence_code", "offence_description", "offence_group", "offence_subgroup",
                                  "offence_code_expired", "outcome_type", "outcome_description", "outcome_group"])


# --------------------------------------------------------------------------- helpers and fixtures


def clear(error: BaseException, *fragments: str) -> str:
    """The message is short (one or two lines), names what it must, and is not a traceback."""
    message = str(error)
    assert message.count("\n") <= 1, message
    assert "Traceback" not in message and "<NA>" not in message, message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in: {message}"
    return message


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Parquet caches and downloads go to the test's own folder, never to data/cache."""
    folder = tmp_path / "cache"

    def cache_dir(override=None):
        path = Path(override) if override else folder
        path.mkdir(parents=True, exist_ok=True)
        return path

    monkeypatch.setattr(outcomes, "cache_dir", cache_dir)
    monkeypatch.setattr(cache, "cache_dir", cache_dir)
    monkeypatch.setattr(sources, "cache_dir", cache_dir)
    return folder




def write_tidy(path: Path, rows: list[str] = TIDY_ROWS, header: str = TIDY_HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def write_force_year(path: Path, rows: list[dict] | None = None) -> Path:
    rows = rows or [{"force": "Durham", "fy": "2017/18"}, {"force": "London, City of", "fy": "2017/18"}]
    frame = pd.DataFrame([{"slug": "x", **row} for row in rows])
    for basis in outcomes.BASES:
        for measure in MEASURES:
            column = f"{basis}_all_{measure}"
            if column not in frame.columns:
                frame[column] = 10 if measure in ("assigned", "positive", "oocd") else 1
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def good_xlsx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "synthetic-good-2024-layout.xlsx"
    synthetic.make_workbook(path, reference=REFERENCE, rows=400, forces=["Durham"], seed=5)
    return path


@pytest.fixture(scope="module")
def good_ods(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "synthetic-good-2019-layout.ods"
    synthetic.make_workbook(path, layout="ods-2019", reference=REFERENCE, rows=400, forces=["Durham"], seed=6)
    return path


def _largest_member(path: Path) -> zipfile.ZipInfo:
    with zipfile.ZipFile(path) as archive:
        return max(archive.infolist(), key=lambda info: info.compress_size)


def _corrupt_middle(source: Path, target: Path) -> Path:
    """The same zip with bytes in the middle of its largest part scrambled (the CRC no longer matches)."""
    data = bytearray(source.read_bytes())
    member = _largest_member(source)
    start = member.header_offset + 30 + len(member.filename) + len(member.extra) + member.compress_size // 2
    data[start:start + 64] = bytes(64)
    target.write_bytes(bytes(data))
    return target


# =========================================================================== FILES


def test_missing_file_each_reader(tmp_path):
    gone = tmp_path / "no-such-file.xlsx"
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(gone)
    clear(error.value, "no-such-file.xlsx", "no such file")
    with pytest.raises(outcomes.BadInput) as error:
        outcomes.read_tidy_outcomes(tmp_path / "gone.csv", source="x", published="2019")
    clear(error.value, "gone.csv: no such file")
    with pytest.raises(outcomes.BadInput) as error:
        outcomes.read_force_year_totals(tmp_path / "gone-totals.csv", source="x", published="2024")
    clear(error.value, "gone-totals.csv: no such file")
    with pytest.raises(FileNotFoundError) as error:
        params.parse_files(str(gone))
    clear(error.value, "no-such-file.xlsx does not exist")
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(tmp_path)  # a folder given as a file
    clear(error.value, "a folder, not an outcomes file")


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.ods", "empty.csv", "empty.csv.gz"])
def test_empty_file(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    clear(error.value, name, "empty (0 bytes)")


def test_empty_force_year_table_and_pfa_table(tmp_path):
    path = tmp_path / "totals.csv"
    path.write_bytes(b"")
    with pytest.raises(outcomes.BadInput) as error:
        outcomes.read_force_year_totals(path, source="x", published="2024")
    clear(error.value, "totals.csv: the file is empty (0 bytes); expected a CSV file with the columns ['force', 'fy'")
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(outcomes.BadInput) as error:
        recorded_crime.read_pfa_table(path)
    clear(error.value, "totals.csv: the file has no header row", "Number of Offences")


def test_header_but_no_rows(tmp_path):
    path = write_workbook(tmp_path / "header-only.xlsx", {"Cover_sheet": [["x"]], "Data": [["Title"], HEADER_2024, []]})
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    clear(error.value, "header-only.xlsx, sheet 'Data': a header on row 2 but no data rows below it")
    tidy = write_tidy(tmp_path / "header-only.csv", rows=[])
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(tidy)
    clear(error.value, "header-only.csv: a header on row 1 but no data rows below it")
    totals = tmp_path / "totals.csv"
    write_force_year(totals)
    totals.write_text(totals.read_text().splitlines()[0] + "\n")
    with pytest.raises(outcomes.BadInput) as error:
        outcomes.read_force_year_totals(totals, source="x", published="2024")
    clear(error.value, "totals.csv: no data rows below the header")


@pytest.mark.parametrize("kind", ["truncated-xlsx", "truncated-ods", "corrupt-xlsx", "corrupt-ods"])
def test_truncated_or_corrupt_workbook(kind, good_xlsx, good_ods, tmp_path):
    source = good_xlsx if kind.endswith("xlsx") else good_ods
    path = tmp_path / f"{kind}{source.suffix}"
    if kind.startswith("truncated"):
        path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    else:
        _corrupt_middle(source, path)
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path, cache=False)
    clear(error.value, path.name, "damaged or incomplete", "download or export it again")
    assert not readers.is_synthetic(tmp_path / f"renamed{source.suffix}")  # no crash on a missing file either


def test_truncated_csv_gz(tmp_path):
    whole = gzip.compress(("\n".join([TIDY_HEADER, *TIDY_ROWS * 200]) + "\n").encode())
    path = tmp_path / "copy-tidy.csv.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    clear(error.value, "copy-tidy.csv.gz: the file is damaged or incomplete", "again")


def test_truncated_and_corrupt_policeuk_zip(tmp_path):
    from community_resolutions import policeuk

    folder = tmp_path / "months"
    folder.mkdir()
    header = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
              "Last outcome category,Context\n")
    (folder / "2014-01-durham-street.csv").write_text(header + ("abc,2014-01,Durham Constabulary,Durham Constabulary,"
                                                                ",,,,,Burglary,Local resolution,\n") * 2000)
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / "2014-01-durham-street.csv", "2014-01/2014-01-durham-street.csv")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(outcomes.BadInput) as error:
        policeuk.read_archive(truncated)
    clear(error.value, "truncated.zip", "not a folder or a zip file")
    corrupt = _corrupt_middle(good, tmp_path / "corrupt.zip")
    with pytest.raises(outcomes.BadInput) as error:
        policeuk.read_archive(corrupt)
    clear(error.value, "corrupt.zip")


@pytest.mark.parametrize("name", ["prc-outcomes-open-data-mar2018-tables-240724.xlsx", "tables.ods", "copy-tidy.csv"])
def test_html_error_page_saved_as_a_data_file(name, tmp_path):
    path = tmp_path / name
    path.write_text("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Sorry</body></html>\n")
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    clear(error.value, name, "web page (HTML)", "download it again")


def test_not_a_zip_named_xlsx(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_text("Financial Year,Financial Quarter\n2017/18,1\n")  # a CSV renamed .xlsx
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    clear(error.value, "table.xlsx: cannot be opened as a workbook: it is not an xlsx workbook")


def test_no_data_sheet_names_the_closest_header(tmp_path):
    header = ["Year", "Quarter", "Force Name", "Offence Code", "Offence Description", "Offence Group", "Offence Subgroup",
              "Expired", "Outcome Type", "Outcome", "Outcome Group", "Recorded", "Closed"]
    path = write_workbook(tmp_path / "renamed-many.xlsx", {"Cover_sheet": [["x"]], "Data": [header, ROW_2024]})
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    # 10 of the 13 names are known ('Quarter', 'Recorded', 'Closed' are canonical names), so the header is found and the
    # first unknown name is the one reported, with the official names the header lacks
    clear(error.value, "renamed-many.xlsx, sheet 'Data', row 1, column 'Year': not a known column name "
          "(no known name is close) (and 2 more unknown); the header lacks ['Financial Year', 'Offence code expired', "
          "'Outcome Description']")  # 'Recorded' and 'Closed' are the canonical names, so known
    header = ["Year", "Period", *header[2:11], "Rec", "Cls"]  # now only 7 known names: no header at all
    path = write_workbook(tmp_path / "renamed-more.xlsx", {"Cover_sheet": [["x"]], "Data": [header, ROW_2024]})
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    clear(error.value, "renamed-more.xlsx: no data sheet; looked in sheets ['Cover_sheet', 'Data']",
          "Closest: sheet 'Data', row 1, with 7 of the 13 column names")


def test_data_sheet_without_a_required_column(tmp_path):
    header = [name for name in HEADER_2024 if name != "Outcome Type"]
    row = [value for name, value in zip(HEADER_2024, ROW_2024, strict=True) if name != "Outcome Type"]
    path = write_workbook(tmp_path / "no-type.xlsx", {"Data": [header, row]})
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    message = clear(error.value, "no-type.xlsx, sheet 'Data', row 1: missing column(s) ['Outcome Type']")
    assert "not recognised" not in message
    tidy = tmp_path / "no-type.csv"
    pd.read_csv(write_tidy(tidy), dtype=str).drop(columns="outcome_type").to_csv(tidy, index=False)
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(tidy)
    clear(error.value, "no-type.csv, row 1: missing column(s) ['outcome_type']")


@pytest.mark.parametrize("official, renamed", [
    ("Outcomes for offences that were recorded in the quarter", "Outcomes for offences recorded in quarter"),
    ("Force Name", "Police force"),
])
def test_renamed_header_the_package_does_not_know(official, renamed, tmp_path):
    header = [renamed if name == official else name for name in HEADER_2024]
    path = write_workbook(tmp_path / "renamed.xlsx", {"Data": [header, ROW_2024]})
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    close = {"Force Name": "no known name is close",
             # genuinely close once normalised: both official names of the recorded basis
             "Outcomes for offences that were recorded in the quarter":
                 "closest known: ['Force outcomes for offences recorded in quarter', "
                 "'Outcomes for offences that were recorded in the quarter']"}[official]
    clear(error.value, f"renamed.xlsx, sheet 'Data', row 1, column {renamed!r}: not a known column name ({close})",
          f"the header lacks [{official!r}]", "add the spelling to data/reference/columns.csv")


def test_renamed_tidy_and_force_year_columns(tmp_path):
    # 'force' is a known spelling (the canonical name, data/reference/columns.csv): read
    tidy = write_tidy(tmp_path / "renamed-tidy.csv", header=TIDY_HEADER.replace("force_name", "force"))
    assert set(readers.read_outcomes_file(tidy)["force"]) == {"Durham", "City of London"}
    # a typo is refused, naming the column and the genuinely close known name
    tidy = write_tidy(tmp_path / "typo-tidy.csv", header=TIDY_HEADER.replace("force_name", "force_nme"))
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(tidy)
    clear(error.value, "typo-tidy.csv, row 1, column 'force_nme': not a known column name (closest known: ['Force Name'])",
          "the header lacks ['force_name']")
    # an unrelated name gets no suggestion (the old hint paired 'offences' with 'Offence Code')
    tidy = write_tidy(tmp_path / "area-tidy.csv", header=TIDY_HEADER.replace("offence_code,", "code,"))
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(tidy)
    message = clear(error.value, "area-tidy.csv, row 1, column 'code': not a known column name (no known name is close)",
                    "the header lacks ['offence_code']")
    assert "offences" not in message.split("lacks")[0]
    totals = write_force_year(tmp_path / "totals.csv")
    text = totals.read_text().replace("closed_all_t8", "closed_all_t08", 1)
    totals.write_text(text)
    with pytest.raises(outcomes.BadInput) as error:
        outcomes.read_force_year_totals(totals, source="x", published="2024")
    clear(error.value, "totals.csv: missing column(s) ['closed_all_t8']", "found 'closed_all_t08' for 'closed_all_t8'")


@pytest.mark.parametrize("reader", ["xlsx-closed", "xlsx-recorded", "tidy-offences", "tidy-closed", "force-year"])
def test_count_column_holding_unknown_text(reader, tmp_path):
    if reader.startswith("xlsx"):
        bad = ROW_2024[:11] + (["not known", 5] if reader == "xlsx-recorded" else [4, "see note"])
        path = write_workbook(tmp_path / "bad-count.xlsx", {"Data": [["Title"], HEADER_2024, ROW_2024_B, bad]})
        column = ("Outcomes for offences that were recorded in the quarter" if reader == "xlsx-recorded"
                  else "Outcomes for investigations closed in the quarter")
        fragments = ["bad-count.xlsx, sheet 'Data', row 4, column", column, "expected a count or one of"]
        call = lambda: readers.read_outcomes_file(path)  # noqa: E731
    elif reader.startswith("tidy"):
        rows = list(TIDY_ROWS)
        rows[1] = rows[1].replace(",3,2", ",three,2") if reader == "tidy-offences" else rows[1].replace(",3,2", ",3,n/k")
        path = write_tidy(tmp_path / "bad-count.csv", rows)
        column = "offences" if reader == "tidy-offences" else "force_outcomes_recorded_in_quarter"
        fragments = [f"bad-count.csv, row 3, column {column!r}: expected a count or one of"]
        call = lambda: readers.read_outcomes_file(path)  # noqa: E731
    else:
        path = write_force_year(tmp_path / "bad-count.csv", [{"force": "Durham", "fy": "2017/18", "closed_all_t8": 1},
                                                             {"force": "Cleveland", "fy": "2017/18", "closed_all_t8": "lots"}])
        fragments = ["bad-count.csv, row 3, column closed_all_t8: expected a count, found 'lots'"]
        call = lambda: outcomes.read_force_year_totals(path, source="x", published="2024")  # noqa: E731
    with pytest.raises(outcomes.BadInput) as error:
        call()
    clear(error.value, *fragments)


def test_duplicate_rows_refused_naming_the_first_copy(tmp_path):
    path = write_workbook(tmp_path / "doubled.xlsx", {"Data": [["Title"], HEADER_2024, ROW_2024, ROW_2024_B, ROW_2024]})
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    clear(error.value, "doubled.xlsx, sheet 'Data', row 5: a copy of row 3 (force Durham, year 2017/18, quarter 1, "
                       "offence code 105A, outcome type 8, the same closed and recorded counts)", "remove the copy")
    tidy = write_tidy(tmp_path / "doubled.csv", [*TIDY_ROWS, TIDY_ROWS[2]])
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(tidy)
    clear(error.value, "doubled.csv, row 5: a copy of row 4 (force City of London, year 2017/18")
    totals = write_force_year(tmp_path / "doubled-totals.csv",
                              [{"force": "Durham", "fy": "2017/18"}, {"force": "Cleveland", "fy": "2017/18"},
                               {"force": "Durham Constabulary", "fy": "2017/18"}])
    with pytest.raises(outcomes.BadInput) as error:
        outcomes.read_force_year_totals(totals, source="x", published="2024")
    clear(error.value, "doubled-totals.csv, row 4: a copy of row 2 (force Durham, year 2017/18, basis closed)")


def test_same_key_with_other_counts_is_a_correction_and_kept(tmp_path):
    correction = ROW_2024[:11] + [-1, -1]
    path = write_workbook(tmp_path / "corrected.xlsx", {"Data": [HEADER_2024, ROW_2024, correction]})
    got = readers.read_outcomes_file(path)
    assert got["recorded"].sum() == 3 and len(got) == 2


@pytest.mark.parametrize("year, where", [("2017/19", "xlsx"), ("17/18", "xlsx"), ("2017/19", "csv"), ("201718", "totals")])
def test_malformed_year_in_a_file(year, where, tmp_path):
    if where == "xlsx":
        path = write_workbook(tmp_path / "bad-year.xlsx", {"Data": [HEADER_2024, ROW_2024, [year, *ROW_2024_B[1:]]]})
        fragments = ["bad-year.xlsx, sheet 'Data', row 3, column", f"found {year!r}"]
        call = lambda: readers.read_outcomes_file(path)  # noqa: E731
    elif where == "csv":
        path = write_tidy(tmp_path / "bad-year.csv", [TIDY_ROWS[0], TIDY_ROWS[1].replace("2017/18", year, 1)])
        fragments = ["bad-year.csv, row 3, column 'financial_year': expected a financial year written like '2017/18'"]
        call = lambda: readers.read_outcomes_file(path)  # noqa: E731
    else:
        path = write_force_year(tmp_path / "bad-year.csv", [{"force": "Durham", "fy": "2017/18"},
                                                            {"force": "Cleveland", "fy": year}])
        fragments = ["bad-year.csv, row 3, column 'financial_year': expected a financial year", "found '201718'"]
        call = lambda: outcomes.read_force_year_totals(path, source="x", published="2024")  # noqa: E731
    with pytest.raises(outcomes.BadInput) as error:
        call()
    clear(error.value, *fragments)


def test_year_outside_the_data():
    available = [params.financial_year(y) for y in range(2014, 2026)]
    with pytest.raises(ValueError) as error:
        params.check_years_available(params.parse_years("2024/25-2026/27"), available, "the force-year totals")
    clear(error.value, "years 2026/27 are not in the force-year totals, which hold 2014/15 to 2025/26")
    table = pd.DataFrame({"financial_year": ["2017/18"], "force": ["Durham"]})
    computed, missing = offences.split_years(["2016/17", "2017/18"], table)
    assert computed == ["2017/18"] and missing == ["2016/17"]
    clear(offences.missing_years_sentence(missing), "Offence-level data for 2016/17 is not in the data available here",
          "make fetch")


def test_out_of_range_codes_in_a_file(tmp_path):
    path = write_workbook(tmp_path / "type-23.xlsx", {"Data": [HEADER_2024, [*ROW_2024[:8], 23, *ROW_2024[9:]]]})
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(path)
    clear(error.value, "type-23.xlsx, sheet 'Data', row 2, column 'Outcome Type': outcome type '23' is not in "
                       "data/reference/outcome-types.csv; a new outcome type must be classified by a person")
    tidy = write_tidy(tmp_path / "q5.csv", [TIDY_ROWS[0].replace("2017/18,1,", "2017/18,5,", 1)])
    with pytest.raises(outcomes.BadInput) as error:
        readers.read_outcomes_file(tidy)
    clear(error.value, "q5.csv, row 2, column 'financial_quarter': expected a whole number from 1 to 4, found '5'")


@pytest.fixture
def tiny_dataset(monkeypatch, tmp_path):
    """A registry of one dataset whose expected file is 100 kB of known bytes."""
    content = hashlib.sha256(b"seed").digest() * 3200
    dataset = sources.Dataset(
        id="tiny", title="A tiny test file", kind="derived", licence="test", official_url="",
        download_url="http://127.0.0.1:9/tiny.bin", mirror_path="folder/tiny.bin", filename="tiny.bin",
        sha256=hashlib.sha256(content).hexdigest(), size_bytes=str(len(content)), published="2024",
        upstream_repo="x/y", upstream_commit="0" * 40, upstream_path="tiny.bin", financial_year="",
    )
    registry = {"tiny": dataset}
    monkeypatch.setattr(sources, "registry", lambda: registry)
    return content, tmp_path / "mirror", tmp_path / "cache", registry


@pytest.mark.parametrize("where", ["mirror", "project cache"])
def test_checksum_mismatch_names_the_file_and_what_to_do(where, tiny_dataset):
    content, mirror, cache, _ = tiny_dataset
    target = mirror / "folder" / "tiny.bin" if where == "mirror" else cache / "downloads" / "tiny.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(content[:-10] + b"tampered!!")
    with pytest.raises(sources.ChecksumMismatch) as error:
        sources.resolve("tiny", mirror=mirror, cache=cache)
    advice = "Replace it with tiny.bin from" if where == "mirror" else "Delete it and run again"
    clear(error.value, f"{target} ({where}) is not the expected file for dataset 'tiny'", advice)
    assert target.read_bytes().endswith(b"tampered!!")  # refused, never overwritten


# =========================================================================== PARAMETERS


@pytest.mark.parametrize("name, fragments", [
    ("Durhem", ["unknown force 'Durhem'. Did you mean: Durham?"]),
    ("North Yorks Police", ["Did you mean: North Yorkshire"]),
    ("Narnia", ["unknown force 'Narnia'.", "forces.csv", "regions.csv"]),
])
def test_unknown_force_suggests_closest_names(name, fragments):
    with pytest.raises(areas.UnknownArea) as error:
        areas.choose_area(name, None)
    clear(error.value, *fragments)


@pytest.mark.parametrize("name, fragments", [
    ("north-eats", ["unknown region 'north-eats'. Did you mean: north-east", "Regions are listed in", "regions.csv"]),
    ("Yorkshire and Humber", ["Did you mean: yorkshire-and-the-humber"]),
    ("Zzyzx", ["'Zzyzx' is neither a known force nor a known region. Forces are listed in", "regions.csv"]),
])
def test_unknown_region_suggests_closest_names(name, fragments):
    with pytest.raises(areas.UnknownArea) as error:
        areas.choose_area(None, name) if name != "north-eats" else areas.region(name)
    clear(error.value, *fragments)


@pytest.mark.parametrize("text, fragment", [
    ("2018/19-2017/18", "the range must run forwards (earliest year first)"),
    ("2017/19", "'2017/19' is not a financial year (2017/18 follows 2017)"),
    ("17/18", "write it like '2017/18'"),
    ("2017", "write it like '2017/18'"),
    ("", "write it like '2017/18'"),
    ("2014/15 to sometime", "write it like '2017/18'"),
    ("2014/15-2017/19", "'2017/19' is not a financial year"),
])
def test_years_reversed_or_malformed(text, fragment):
    with pytest.raises(ValueError) as error:
        params.parse_years(text)
    clear(error.value, f"years {text.strip()!r}", fragment)


@pytest.mark.parametrize("basis", ["closd", "both", "", "outcomes"])
def test_unknown_basis(basis):
    with pytest.raises(ValueError) as error:
        params.check_basis(basis)
    clear(error.value, f"basis {basis!r} is not known; use 'closed'", "'recorded'")


@pytest.fixture
def region_file(tmp_path, monkeypatch):
    """A private copy of regions.csv the test may break; the lru_caches are cleared around it."""
    copy = tmp_path / "regions.csv"
    shutil.copy(areas.REGIONS_FILE, copy)
    monkeypatch.setattr(areas, "REGIONS_FILE", copy)
    for cached in (areas.regions_table, areas.forces_table, areas._force_spellings):
        cached.cache_clear()
    yield copy
    monkeypatch.undo()
    for cached in (areas.regions_table, areas.forces_table, areas._force_spellings):
        cached.cache_clear()


@pytest.mark.parametrize("edit, fragments", [
    (("north-east,North East,ons,Durham", "north-east,North East,ons,Durhamm"),
     ["regions.csv, line 3: unknown force 'Durhamm'. Did you mean: Durham?"]),
    (("north-east,North East,ons,Durham", "north-east,North East,ons,Gotham City Police"),
     ["regions.csv, line 3: unknown force 'Gotham City Police'."]),
    (("region,name,kind,force", "region,name,kind,forse"),
     ["regions.csv: missing column(s) ['force']; expected ['region', 'name', 'kind', 'force']"]),
    (("north-east,North East,ons,Durham", ",North East,ons,Durham"),
     ["regions.csv, line 3: empty region"]),
])
def test_region_file_with_a_typo(edit, fragments, region_file):
    region_file.write_text(region_file.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    with pytest.raises(ValueError) as error:
        areas.resolve_area("north-east")
    clear(error.value, *fragments)


def test_empty_selection_is_a_message_not_an_index_error(tmp_path):
    """A workbook covering Durham only, asked about the North East: every other force has no rows."""
    path = write_workbook(tmp_path / "durham-2016-17.xlsx",
                          {"Data": [HEADER_2024, ["2016/17", *ROW_2024[1:]], ["2016/17", *ROW_2024_B[1:]]]})
    table = outcomes.load_user_offences([str(path)])
    area = areas.resolve_area("north-east")
    years = offences.split_years(["2016/17"], table)[0]
    assert years == ["2016/17"]  # the year is held, so a notebook goes on...
    counts = offences.outcome_counts(table, area.forces, years, "closed", by=["force"])
    with pytest.raises(IndexError):  # ...and, force by force, meets this (what notebook 3 did)
        counts[counts["force"] == "Cleveland"].iloc[0]
    with pytest.raises(params.EmptySelection) as error:
        params.check_rows_available(table, area.forces, years, "the offence-level data")
    clear(error.value, "the offence-level data has no rows for Cleveland, Northumbria in 2016/17; "
                       "for that year it holds Durham only", "add a file that covers Cleveland, Northumbria")
    with pytest.raises(params.EmptySelection) as error:
        params.check_rows_available(table, ("Durham",), ["2015/16"], "the offence-level data")
    clear(error.value, "no rows for Durham in 2015/16; it holds nothing for that year")


# =========================================================================== RUNS


class _Server(http.server.ThreadingHTTPServer):
    mode = "full"
    content = b""
    requests = 0


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        server: _Server = self.server
        server.requests += 1
        body = server.content if server.mode != "wrong" else b"<html>not the file</html>"
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if server.mode == "cut":  # the connection drops half-way through
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(tiny_dataset):
    content, mirror, cache, registry = tiny_dataset
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.content = content
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/tiny.bin"
    registry["tiny"] = sources.Dataset(**{**registry["tiny"].__dict__, "download_url": url})
    yield httpd, content, mirror, cache
    httpd.shutdown()
    httpd.server_close()


def _downloads(cache: Path) -> list[str]:
    folder = cache / "downloads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_interrupted_download_leaves_nothing_a_later_run_trusts(server):
    httpd, content, mirror, cache = server
    httpd.mode = "cut"
    with pytest.raises(sources.DataUnavailable) as error:
        sources.resolve("tiny", mirror=mirror, cache=cache)
    clear(error.value, "Dataset 'tiny' (tiny.bin) is not available. Download failed:", "put it at", "CR_DATA_MIRROR")
    assert _downloads(cache) == []  # pooch streamed to a temporary file and removed it
    httpd.mode = "full"
    path = sources.resolve("tiny", mirror=mirror, cache=cache)
    assert path.read_bytes() == content and _downloads(cache) == ["tiny.bin"]


def test_download_interrupted_by_ctrl_c_leaves_nothing(server, monkeypatch):
    httpd, content, mirror, cache = server

    def interrupted(self, url, output_file, pooch_instance):
        with open(output_file, "wb") as handle:
            handle.write(content[:1000])
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(pooch.HTTPDownloader, "__call__", interrupted)
        with pytest.raises(KeyboardInterrupt):
            sources.resolve("tiny", mirror=mirror, cache=cache)
    assert _downloads(cache) == []
    assert sources.resolve("tiny", mirror=mirror, cache=cache).read_bytes() == content


def test_download_of_the_wrong_file_is_refused_and_not_kept(server):
    httpd, content, mirror, cache = server
    httpd.mode = "wrong"  # a proxy's error page, say
    with pytest.raises(sources.ChecksumMismatch) as error:
        sources.resolve("tiny", mirror=mirror, cache=cache)
    clear(error.value, "download of tiny.bin from http://127.0.0.1")
    assert _downloads(cache) == []


# --------------------------------------------------------------------------- the read-only mirror

_WATCHED: list[Path] = []
_WRITES: list[tuple[str, str]] = []
_WRITE_EVENTS = {"os.rename", "os.replace", "os.remove", "os.rmdir", "os.mkdir", "os.truncate", "os.chmod",
                 "os.utime", "os.symlink", "os.link", "shutil.move", "shutil.copyfile", "shutil.rmtree"}


def _audit(event: str, args: tuple) -> None:
    if not _WATCHED:
        return
    if event == "open":
        path, mode, flags = (list(args) + [None, None])[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC))
        paths = [path] if writing else []
    elif event in _WRITE_EVENTS:
        paths = [a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
    else:
        return
    for path in paths:
        try:
            resolved = Path(os.fsdecode(path)).resolve()
        except (TypeError, ValueError):
            continue
        if any(resolved.is_relative_to(root) for root in _WATCHED):
            _WRITES.append((event, str(resolved)))


sys.addaudithook(_audit)


def _snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_mode)
            for p in sorted(root.rglob("*"))}


def _watch_mirror(root: Path):
    """Every write under ``root`` is recorded (audit hook: Python-level opens, renames, removals;
    a snapshot of sizes and times catches the rest, such as pyarrow's own file writes)."""
    class Watch:
        def __enter__(self):
            self.before = _snapshot(root)
            _WRITES.clear()
            _WATCHED.append(root.resolve())
            return self

        def __exit__(self, *exc):
            _WATCHED.clear()
            assert _WRITES == [], f"written into the mirror: {_WRITES}"
            assert _snapshot(root) == self.before, "the mirror changed"

    return Watch()


def _make_readonly(root: Path) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        path.chmod(stat.S_IREAD | (stat.S_IEXEC if path.is_dir() else 0))
    root.chmod(stat.S_IREAD | stat.S_IEXEC)


def _make_writable(root: Path) -> None:
    root.chmod(stat.S_IRWXU)
    for path in root.rglob("*"):
        path.chmod(stat.S_IRWXU)


@pytest.fixture
def hand_made_mirror(tmp_path, monkeypatch):
    """A read-only mirror of hand-made files under the registry ids the loaders use."""
    mirror = tmp_path / "ro-mirror"
    files = {
        "force-year-totals": write_force_year((mirror / "fy").mkdir(parents=True) or mirror / "fy" / "totals.csv"),
        "outcomes-2017-18-tidy": write_tidy(mirror / "fy" / "tidy.csv"),
        "force-year-coverage": mirror / "fy" / "coverage.json",
        "recorded-crime-pfa-2017-18": mirror / "fy" / "pfa.csv",
    }
    files["force-year-coverage"].write_text(json.dumps({"data_not_provided": {"Durham|2017/18": 2261}}))
    files["recorded-crime-pfa-2017-18"].write_text(
        ",".join(recorded_crime.RAW_COLUMNS) + "\n2017/18,1,Durham,Common assault,Violence against the person,"
        "Violence without injury,105A, 66 \n")
    real = sources.registry()
    registry = {key: sources.Dataset(**{**real[key].__dict__, "mirror_path": str(path.relative_to(mirror)),
                                        "sha256": sources.sha256_of(path), "download_url": "", "official_url": ""})
                for key, path in files.items()}
    monkeypatch.setattr(sources, "registry", lambda: registry)
    _make_readonly(mirror)
    yield mirror
    _make_writable(mirror)


def test_read_only_mirror_is_never_written(hand_made_mirror, private_cache):
    mirror = hand_made_mirror
    with _watch_mirror(mirror):
        for _ in range(2):  # the second pass reads the parquet cache
            totals = outcomes.load_totals(mirror=mirror)
            assert set(totals["force"]) == {"Durham", "City of London"}
            assert len(gaps.known_gaps(mirror=mirror)) >= 1
            assert recorded_crime.recorded_crimes("Durham", "2017/18", mirror=mirror) == 66
    assert list((private_cache / "tables").glob("*.parquet"))  # the cache went to the project cache


def test_real_mirror_is_never_written(mirror):
    with _watch_mirror(mirror / "home-office"):
        totals = outcomes.load_totals(mirror=mirror)
        assert totals["force"].nunique() == 44
        recorded_crime.load_recorded_crime(mirror=mirror)
        gaps.known_gaps(mirror=mirror)


def test_a_mirror_without_the_file_says_where_to_put_it(hand_made_mirror):
    _make_writable(hand_made_mirror)
    (hand_made_mirror / "fy" / "totals.csv").unlink()
    with pytest.raises(sources.DataUnavailable) as error:
        outcomes.load_force_year_totals(mirror=hand_made_mirror)
    clear(error.value, "force-year-outcome-totals", "(mirror) or", "(project cache)", "CR_DATA_MIRROR")


# --------------------------------------------------------------------------- two runs at once


def _slow_tidy(path):
    table = outcomes.read_tidy_outcomes(path, source="race", published="2019")
    time.sleep(0.5)  # both processes are building at the same time
    return table


def _race_worker(cache: str, source: str, barrier, results) -> None:
    from community_resolutions import cache as worker_cache, outcomes as worker_outcomes

    def cache_dir(override=None):
        Path(cache).mkdir(parents=True, exist_ok=True)
        return Path(cache)

    worker_outcomes.cache_dir = worker_cache.cache_dir = cache_dir
    barrier.wait(timeout=60)
    table = worker_outcomes._cached_parquet(Path(source), "race", _slow_tidy)
    results.put((os.getpid(), len(table), int(table["recorded"].sum())))


def test_two_runs_at_once_do_not_corrupt_the_cache(tmp_path):
    source = write_tidy(tmp_path / "race-tidy.csv", TIDY_ROWS * 1 + [
        row.replace("2017/18,1,", f"2017/18,{q},", 1) for q in (2, 3, 4) for row in TIDY_ROWS])
    cache = tmp_path / "shared-cache"
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_race_worker, args=(str(cache), str(source), barrier, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    got = sorted(results.get(timeout=5)[1:] for _ in workers)
    assert got == [(12, 32), (12, 32)]
    cached = sorted((cache / "tables").iterdir())
    assert [p.suffix for p in cached] == [".json", ".parquet"], cached  # the table and its manifest, no partial left
    table = pd.read_parquet(cached[1])
    assert len(table) == 12 and int(table["recorded"].sum()) == 32


# --------------------------------------------------------------------------- interrupted writes


def test_interrupted_parquet_write_leaves_no_partial_file(tmp_path, private_cache, monkeypatch):
    source = write_tidy(tmp_path / "tidy.csv")
    build = lambda p: outcomes.read_tidy_outcomes(p, source="x", published="2019")  # noqa: E731
    real = pd.DataFrame.to_parquet

    def half_then_ctrl_c(self, path, *args, **kwargs):
        real(self, path, *args, **kwargs)
        data = Path(path).read_bytes()
        Path(path).write_bytes(data[: len(data) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_parquet", half_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        outcomes._cached_parquet(source, "offences", build)
    tables = private_cache / "tables"
    assert list(tables.iterdir()) == []  # neither the target nor the partial file
    monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    first = outcomes._cached_parquet(source, "offences", build)
    [cached] = tables.glob("*.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(cached), first)


def test_damaged_parquet_cache_is_rebuilt_not_trusted(tmp_path, private_cache):
    source = write_tidy(tmp_path / "tidy.csv")
    build = lambda p: outcomes.read_tidy_outcomes(p, source="x", published="2019")  # noqa: E731
    first = outcomes._cached_parquet(source, "offences", build)
    [cached] = (private_cache / "tables").glob("*.parquet")
    cached.write_bytes(cached.read_bytes()[:100])  # damaged on disk
    again = outcomes._cached_parquet(source, "offences", build)
    pd.testing.assert_frame_equal(again, first)
    pd.testing.assert_frame_equal(pd.read_parquet(cached), first)


# --------------------------------------------------------------------------- an interrupted batch

_BATCH = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from community_resolutions import areas, publish
    index = publish.build(areas.force_area("Durham"), "2017/18", "closed", mirror=sys.argv[2],
                          reports_dir=Path(sys.argv[1]), notebooks=("1-force-rate",), log=print)
    print("DONE", index)
""")


@pytest.mark.notebook
def test_ctrl_c_during_a_batch_keeps_the_earlier_reports(mirror, tmp_path):
    reports = tmp_path / "reports"
    earlier = reports / "durham"
    earlier.mkdir(parents=True)
    (earlier / "index.html").write_text("<p>the earlier good report</p>")
    (earlier / "1-force-rate.html").write_text("<p>an earlier page</p>")
    before = _snapshot(earlier)
    command = [sys.executable, "-c", _BATCH, str(reports), str(mirror)]
    run = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not list(reports.glob(".staging-durham-*")) and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.2)
        assert run.poll() is None, run.stdout.read().decode()
        time.sleep(3)  # the notebook is running
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
        output = run.communicate(timeout=180)[0].decode()
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert run.returncode != 0 and "DONE" not in output, output
    assert _snapshot(earlier) == before  # untouched, byte for byte
    assert (earlier / "index.html").read_text() == "<p>the earlier good report</p>"
    # what the interrupted run left is in dot-folders (.staging-*, .failed-*) that nothing reads
    assert all(p.name.startswith(".") for p in reports.iterdir() if p.name != "durham"), list(reports.iterdir())
    # a later run succeeds and replaces the earlier report
    later = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert later.returncode == 0, later.stdout + later.stderr
    assert "DONE" in later.stdout
    assert (earlier / "1-force-rate.findings.json").exists()
    assert "the earlier good report" not in (earlier / "index.html").read_text()
    assert not (reports / ".previous-durham").exists()


# --------------------------------------------------------------------------- the schemas themselves


def test_schema_messages_and_speed():
    big = pd.DataFrame({
        "financial_year": "2017/18", "quarter": pd.array([1, 2, 3, 4] * 112_500, dtype="Int16"), "force": "Durham",
        "offence_code": [str(i // 4) for i in range(450_000)], "offence_description": "d", "offence_group": "g",
        "offence_subgroup": "s", "offence_code_expired": False, "outcome_type": pd.array([8] * 450_000, dtype="Int16"),
        "outcome_description": "o", "outcome_group": "og", "closed": pd.array([1] * 450_000, dtype="Int64"),
        "recorded": pd.array([2] * 450_000, dtype="Int64"), "note": "", "source": "s", "published": "2019",
        "synthetic": False})
    started = time.perf_counter()
    schemas.validate_offences(big, "big.csv")
    assert time.perf_counter() - started < 2.0
    bad = big.copy()
    bad.loc[123_456, "force"] = "Gotham"
    with pytest.raises(outcomes.BadInput) as error:
        schemas.validate_offences(bad, "big.csv")
    clear(error.value, "big.csv, row 123458, column 'force': expected a force listed in forces.csv, found 'Gotham'")
    with pytest.raises(outcomes.BadInput) as error:
        schemas.validate_offences(big.drop(columns="note"), "big.csv")
    clear(error.value, "big.csv: no column 'note'")
    with pytest.raises(outcomes.BadInput) as error:
        schemas.validate_offences(big.assign(quarter=big["quarter"].astype(float)), "big.csv")
    clear(error.value, "big.csv, column 'quarter': expected values of type Int16, found type float64")
