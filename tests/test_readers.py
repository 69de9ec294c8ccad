"""Official outcomes workbooks, read as published: synthetic round trips in both layouts, one
test per quirk, the synthetic label, clear errors and the parquet cache.

The synthetic files use the real offence and outcome lists (the mirror's 2017/18 table, or a
handful of real rows copied from it when no mirror is found) and invented counts. Hand-made
workbooks (``write_workbook``) pin down single quirks and error messages.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

import openpyxl
import pandas as pd
import pytest
from workbooks import write_workbook

from community_resolutions import outcomes, readers, synthetic
from community_resolutions.paths import mirror_dir

# --------------------------------------------------------------------------- fixtures

# Real rows copied from the mirror's 2017/18 table, used only when no mirror is found.
_OFFENCES = [
    ("80", "Absconding from lawful custody", "Miscellaneous crimes against society", "Miscellaneous crimes"),
    ("8N", "Assault with injury", "Violence against the person", "Violence with injury"),
    ("105A", "Assault without injury", "Violence against the person", "Violence without injury"),
    ("37.1", "Causing death by aggravated vehicle taking", "Violence against the person", "Violence with injury"),
    ("1/4.1/4.10/4.2", "Homicide", "Violence against the person", "Homicide"),
    ("46", "Shoplifting", "Theft offences", "Shoplifting"),
]
_OUTCOMES = [
    (0, "Not yet assigned an outcome", "Not yet assigned an outcome"), (1, "Charged/Summonsed", "Charged/Summonsed"),
    (2, "Caution – youths", "Out-of-court (formal)"), (3, "Caution – adults", "Out-of-court (formal)"),
    (4, "Taken into consideration", "Taken into consideration"),
    (6, "Penalty Notices for Disorder", "Out-of-court (formal)"), (7, "Cannabis/Khat Warning", "Out-of-court (informal)"),
    (8, "Community Resolution", "Out-of-court (informal)"),
    (18, "Investigation complete – no suspect identified", "Investigation complete – no suspect identified"),
]

HEADER_2024 = list(readers.COLUMNS_2024)
HEADER_2019 = list(readers.COLUMNS_2019)
#: One data row in the 2024 column order; hand-made workbooks start from it.
ROW_2024 = ["2017/18", 1, "Durham", "105A", "Assault without injury", "Violence against the person",
            "Violence without injury", None, 8, "Community Resolution", "Out-of-court (informal)", 4, 5]


@pytest.fixture(scope="session")
def reference() -> pd.DataFrame:
    """The offence-level table the offence and outcome lists are taken from."""
    folder = mirror_dir()
    if (folder / "home-office" / "outcomes" / "prc-outcomes-open-data-mar2018-tidy.csv.gz").exists():
        return outcomes.load_offence_level_2017_18(mirror=folder)
    rows = [(*o, False, *t) for o in _OFFENCES for t in _OUTCOMES]
    return pd.DataFrame(rows, columns=["offence_code", "offence_description", "offence_group", "offence_subgroup",
                                       "offence_code_expired", "outcome_type", "outcome_description", "outcome_group"])


@pytest.fixture(autouse=True)
def private_cache(reference, tmp_path, monkeypatch):
    """Parquet caches go to the test's own folder, never to data/cache (the reference table is
    loaded first, so it may use the project cache as usual)."""
    folder = tmp_path / "cache"

    def cache_dir(override=None):
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    monkeypatch.setattr(outcomes, "cache_dir", cache_dir)
    return folder


@pytest.fixture(scope="session")
def xlsx_2024(reference, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "synthetic-prc-outcomes-open-data-mar2018-tables-2024-layout.xlsx"
    truth = synthetic.make_workbook(path, layout="xlsx-2024", reference=reference, seed=1,
                                    forces=["Durham", "London, City of", "British Transport Police"])
    return path, truth


@pytest.fixture(scope="session")
def ods_2019(reference, tmp_path_factory):
    path = tmp_path_factory.mktemp("ods") / "synthetic-prc-outcomes-open-data-mar2018-tables-2019-layout.ods"
    truth = synthetic.make_workbook(path, layout="ods-2019", reference=reference, seed=2,
                                    forces=["Cleveland", "Northumbria"])
    return path, truth




@pytest.fixture(scope="session")
def read_once(xlsx_2024, ods_2019):
    """Each synthetic file read once without the cache, for tests that only look at the result."""
    return {"xlsx": readers.read_outcomes_file(xlsx_2024[0], cache=False),
            "ods": readers.read_outcomes_file(ods_2019[0], cache=False)}


@pytest.fixture(scope="session")
def xlsx_cells(xlsx_2024):
    """The synthetic xlsx's data sheet, cell by cell, as the engine gives it (no normalisation)."""
    raw = pd.read_excel(xlsx_2024[0], sheet_name=synthetic.data_sheet_name("xlsx-2024", "2017/18"), header=None,
                        dtype=object, na_filter=False, engine="calamine")
    return raw.to_numpy().tolist()


def totals_by_hand(truth: pd.DataFrame) -> pd.DataFrame:
    """Force × basis community resolutions, out-of-court and assigned, summed straight from the truth."""
    rows = []
    for (force, year), group in truth.groupby(["force", "financial_year"]):
        for basis in outcomes.BASES:
            counts = group[basis].fillna(0)
            rows.append({
                "force": force, "financial_year": year, "basis": basis,
                "community_resolution": int(counts[group["outcome_type"] == 8].sum()),
                "out_of_court": int(counts[group["outcome_type"].isin([2, 3, 6, 7, 8, 22])].sum()),
                "positive": int(counts[group["outcome_type"].isin([1, 2, 3, 6, 7, 8, 22])].sum()),
                "assigned": int(counts[group["outcome_type"] != 0].sum()),
            })
    return pd.DataFrame(rows).set_index(["force", "financial_year", "basis"]).sort_index()


KEYS = ["force", "offence_code", "outcome_type", "quarter"]

# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("layout", ["xlsx_2024", "ods_2019"])
def test_round_trip_reproduces_the_truth(layout, request):
    path, truth = request.getfixturevalue(layout)
    got = readers.read_outcomes_file(path)
    assert list(got.columns) == outcomes.OFFENCE_COLUMNS
    pd.testing.assert_frame_equal(got, truth)
    # per force, code, outcome and quarter, both bases
    keyed = got.set_index(KEYS).sort_index()
    expected = truth.set_index(KEYS).sort_index()
    assert keyed.index.is_unique
    for basis in outcomes.BASES:
        pd.testing.assert_series_equal(keyed[basis], expected[basis])


def test_dtypes_are_those_of_the_tidy_reader(read_once, reference):
    got = read_once["xlsx"]
    tidy_dtypes = {"quarter": "Int16", "outcome_type": "Int16", "closed": "Int64", "recorded": "Int64",
                   "offence_code_expired": "bool", "synthetic": "bool"}
    for column, dtype in tidy_dtypes.items():
        assert str(got[column].dtype) == dtype, column
    if "source" in reference.columns:  # the real table came through read_tidy_outcomes
        assert dict(got.dtypes) == dict(reference.dtypes)


@pytest.mark.parametrize("layout", ["xlsx_2024", "ods_2019"])
def test_totals_match_totals_worked_out_from_the_truth(layout, request):
    path, truth = request.getfixturevalue(layout)
    totals = outcomes.totals_from_offences(readers.read_outcomes_file(path))
    totals = totals.set_index(["force", "financial_year", "basis"]).sort_index()
    by_hand = totals_by_hand(truth)
    for column in by_hand.columns:
        assert totals[column].astype(int).tolist() == by_hand[column].tolist(), column
    assert totals["synthetic"].all()


def test_default_forces_and_names(reference, tmp_path):
    path = tmp_path / synthetic.default_filename("xlsx-2024")
    truth = synthetic.make_workbook(path, reference=reference, rows=3000)
    assert path.name == "synthetic-prc-outcomes-open-data-mar2018-tables-2024-layout.xlsx"
    got = readers.read_outcomes_file(path)
    pd.testing.assert_frame_equal(got, truth)
    assert set(got["force"]) == {"Durham", "Cleveland", "North Yorkshire", "Northumbria", "City of London",
                                 "British Transport Police"}
    assert len(got) == 3000


def test_real_offence_list_is_used(xlsx_2024, reference):
    truth = xlsx_2024[1]
    live = truth[~truth["offence_code_expired"]]
    real = reference[["offence_code", "offence_description", "offence_group", "offence_subgroup"]].drop_duplicates()
    pairs = live[["offence_code", "offence_description", "offence_group", "offence_subgroup"]].drop_duplicates()
    assert len(pairs.merge(real)) == len(pairs) == len(real)
    assert set(truth["outcome_type"]) == set(reference["outcome_type"])


# --------------------------------------------------------------------------- quirks, one by one


def test_q1_quarters(xlsx_2024, ods_2019, reference, tmp_path, xlsx_cells, read_once):
    path, truth = xlsx_2024
    assert xlsx_cells[3][1] == "Financial Quarter" and xlsx_cells[4][1] == "Q1"  # written as text
    assert set(read_once["xlsx"]["quarter"]) == {1, 2, 3, 4}
    ods = pd.read_excel(ods_2019[0], sheet_name=1, header=None, nrows=2, engine="calamine")
    assert ods.iloc[1, 1] == 1  # the 2019 ODS writes plain numbers
    # either form in either layout
    swapped = tmp_path / "synthetic-q-labels.ods"
    truth = synthetic.make_workbook(swapped, layout="ods-2019", quarter_labels=True, rows=600,
                                    forces=["Durham"], reference=reference)
    pd.testing.assert_frame_equal(readers.read_outcomes_file(swapped), truth)


def test_text_in_count_cells_becomes_na_with_the_text_kept(read_once):
    got = read_once["xlsx"]
    notes = set(got["note"])
    assert {"N/A - offence code expired", "N/A - Offence code expired", "N/A - data not provided", "--"} <= notes
    for text in notes - {""}:
        rows = got[got["note"] == text]
        assert (rows["recorded"].isna() | rows["closed"].isna()).all(), text
    not_provided = got[got["note"] == "N/A - data not provided"]
    assert not_provided["recorded"].isna().all() and not_provided["closed"].isna().all()
    assert set(not_provided["force"]) == {"British Transport Police"}  # the last force, first quarter
    assert set(not_provided["quarter"]) == {1}
    assert (got.loc[got["note"] == "", "recorded"].notna()).all()


def test_known_text_is_matched_loosely_and_unknown_text_refused(tmp_path):
    variants = ["N/A - data not provided", "n/a – Data not provided", " -- ", "N/A - Offence code expired"]
    rows = [ROW_2024[:11] + [text, 1] for text in variants]
    path = write_workbook(tmp_path / "variants.xlsx", {"Data": [HEADER_2024, *rows]})
    got = readers.read_outcomes_file(path)
    assert got["recorded"].isna().all()
    assert got["note"].tolist() == [text.strip() for text in variants]


def test_x_flag_marks_expired_codes(read_once, xlsx_cells):
    for got in read_once.values():
        expired = got[got["offence_code_expired"]]
        assert set(expired["offence_code"]) == set(synthetic.EXPIRED_OFFENCES["offence_code"])
        assert expired["recorded"].isna().all()
    cells = xlsx_cells
    flags = {row[7] for row in cells[4:]}
    assert flags == {"", "x"}  # lower-case x, else empty


def test_negative_corrections_are_kept(xlsx_2024, ods_2019, read_once):
    for (path, truth), got in zip((xlsx_2024, ods_2019), (read_once["xlsx"], read_once["ods"])):
        assert (got.loc[got["outcome_type"] == 8, "closed"] < 0).any()
        assert (got.loc[got["outcome_type"] == 0, "recorded"] < 0).any()
        assert (got.loc[got["outcome_type"] == 18, "recorded"] < 0).any()
        assert got["recorded"].sum() == truth["recorded"].sum()  # summed as published


def test_type_0_has_no_closed_count(read_once):
    got = read_once["xlsx"]
    assert got.loc[got["outcome_type"] == 0, "closed"].isna().all()


def test_blank_trailing_rows_are_dropped(xlsx_2024, ods_2019, xlsx_cells, read_once):
    path, truth = xlsx_2024
    cells = xlsx_cells
    trailing = cells[4 + len(truth):]  # after title rows, header and data
    assert len(trailing) >= 2 and all(all(value in ("", " ") for value in row) for row in trailing)
    assert len(read_once["xlsx"]) == len(truth)
    raw = pd.read_excel(ods_2019[0], sheet_name=1, header=None, engine="calamine")
    assert len(raw) > len(ods_2019[1]) + 1  # the blank rows are in the file
    assert len(read_once["ods"]) == len(ods_2019[1])


def test_title_rows_above_the_header(xlsx_2024, tmp_path, xlsx_cells):
    cells = xlsx_cells
    assert cells[0][0].startswith("Police recorded crime outcomes") and cells[3][:2] == ["Financial Year", "Financial Quarter"]
    # hand-made: titles, a blank row and a note, then the header on row 6
    path = write_workbook(tmp_path / "titles.xlsx", {"Outcomes": [["Title"], ["Subtitle"], [], ["Note: see cover"], [],
                                                                  HEADER_2024, ROW_2024]})
    got = readers.read_outcomes_file(path)
    assert (got.loc[0, "recorded"], got.loc[0, "closed"]) == (4, 5)
    assert len(got) == 1


def test_columns_found_by_name_in_any_order(tmp_path):
    order = list(reversed(range(len(HEADER_2024))))
    path = write_workbook(tmp_path / "reordered.xlsx",
                          {"Data": [[HEADER_2024[i] for i in order], [ROW_2024[i] for i in order]]})
    got = readers.read_outcomes_file(path)
    assert (got.loc[0, "recorded"], got.loc[0, "closed"], got.loc[0, "offence_code"]) == (4, 5, "105A")


@pytest.mark.parametrize("year, sheet", [
    ("2014/15", "Outcomes_open_data_2014-15"),
    ("2019/20", "Outcomes_open_data_2019_20"),
    ("2021/22", "Outcomes open data 2021_22"),
])
def test_sheet_name_variants(year, sheet, reference, tmp_path):
    path = tmp_path / f"synthetic-{year.replace('/', '-')}.xlsx"
    truth = synthetic.make_workbook(path, financial_year=year, rows=400, forces=["Durham"], reference=reference)
    book = pd.ExcelFile(path, engine="calamine")
    assert book.sheet_names == ["Cover_sheet", "Notes", "Pivot", sheet]
    book.close()
    got = readers.read_outcomes_file(path)
    pd.testing.assert_frame_equal(got, truth)
    assert set(got["financial_year"]) == {year}


def test_2019_and_2024_column_names(xlsx_2024, ods_2019, tmp_path):
    assert readers.detect_layout(xlsx_2024[0]) == "xlsx-2024"
    assert readers.detect_layout(ods_2019[0]) == "ods-2019"
    assert pd.read_excel(ods_2019[0], sheet_name=1, header=None, nrows=1, engine="calamine").iloc[0].tolist() == HEADER_2019
    # the same row under each set of names reads the same: recorded 4, closed 5
    row_2019 = dict(zip(readers.COLUMNS_2024.values(), ROW_2024))
    row_2019 = [row_2019[canonical] for canonical in readers.COLUMNS_2019.values()]
    old = write_workbook(tmp_path / "old-names.xlsx", {"Outcomes_open_data__2017-18": [HEADER_2019, row_2019]})
    new = write_workbook(tmp_path / "new-names.xlsx", {"Outcomes_open_data_2017-18": [HEADER_2024, ROW_2024]})
    assert readers.detect_layout(old) == "ods-2019" and readers.detect_layout(new) == "xlsx-2024"
    a, b = readers.read_outcomes_file(old), readers.read_outcomes_file(new)
    pd.testing.assert_frame_equal(a.drop(columns="source"), b.drop(columns="source"))
    assert (a.loc[0, "recorded"], a.loc[0, "closed"]) == (4, 5)


def test_codes_stored_as_numbers_are_read_as_text(read_once, xlsx_cells):
    cells = xlsx_cells
    assert cells[3][3] == "Offence Code" and isinstance(cells[4][3], int)  # a number cell (text would stay str)
    got = read_once["xlsx"]
    assert "80" in set(got["offence_code"])


def test_force_names_canonicalised(read_once, xlsx_cells):
    cells = xlsx_cells
    assert "London, City of" in {row[2] for row in cells[4:] if len(row) > 2}
    assert "City of London" in set(read_once["xlsx"]["force"])


def test_tidy_csv_is_delegated(tmp_path):
    header = ",".join(["financial_year", "financial_quarter", "force_name", "offence_description", "offence_group",
                       "offence_subgroup", "offence_code", "offence_code_expired", "outcome_description",
                       "outcome_group", "outcome_type", "offences", "force_outcomes_recorded_in_quarter"])
    path = tmp_path / "copy-tidy.csv"
    path.write_text(header + "\n2017/18,1,\"London, City of\",Shoplifting,Theft offences,Shoplifting,46,NA,"
                    "Community Resolution,Out-of-court (informal),8,1,2\n" + ",".join(["NA"] * 13) + "\n", encoding="utf-8")
    assert readers.detect_layout(path) == "tidy-csv"
    got = readers.read_outcomes_file(path)
    expected = outcomes.read_tidy_outcomes(path, source=path.name, published=got.loc[0, "published"])
    pd.testing.assert_frame_equal(got, expected)
    assert got.loc[0, "published"] == dt.date.fromtimestamp(path.stat().st_mtime).isoformat()  # no date in the name


# --------------------------------------------------------------------------- publication date


def test_published_from_the_name_marker_or_modification_date(tmp_path, xlsx_2024, ods_2019):
    real_like = write_workbook(tmp_path / "prc-outcomes-open-data-mar2018-tables-240724.xlsx", {"D": [HEADER_2024, ROW_2024]})
    assert readers.read_outcomes_file(real_like).loc[0, "published"] == "2024-07-24"
    old = tmp_path / "prc-outcomes-open-data-mar2018-tables.ods"
    shutil.copy(ods_2019[0], old)
    assert readers.read_outcomes_file(old).loc[0, "published"] == "2019"  # the marker says 2019 too
    other = write_workbook(tmp_path / "someones-copy.xlsx", {"D": [HEADER_2024, ROW_2024]})
    os.utime(other, (dt.datetime(2021, 3, 4, 12).timestamp(),) * 2)
    assert readers.read_outcomes_file(other).loc[0, "published"] == "2021-03-04"
    # the synthetic marker wins over a misleading name
    renamed = tmp_path / "prc-outcomes-open-data-mar2018-tables-010199.xlsx"
    shutil.copy(xlsx_2024[0], renamed)
    assert readers.read_outcomes_file(renamed).loc[0, "published"] == "2024-07-24"


# --------------------------------------------------------------------------- the synthetic label


def test_synthetic_from_name(xlsx_2024, tmp_path):
    assert readers.is_synthetic(xlsx_2024[0])
    assert readers.is_synthetic(tmp_path / "SYNTHETIC-anything.xlsx")  # the name is enough, even unopened
    plain = write_workbook(tmp_path / "Synthetic-by-name-only.xlsx", {"D": [HEADER_2024, ROW_2024]})
    assert readers.read_outcomes_file(plain)["synthetic"].all()


@pytest.mark.parametrize("layout, innocent", [("xlsx_2024", "prc-outcomes-open-data-mar2018-tables-240724.xlsx"),
                                               ("ods_2019", "prc-outcomes-open-data-mar2018-tables.ods")])
def test_synthetic_from_the_marker_after_renaming(layout, innocent, request, tmp_path):
    path, truth = request.getfixturevalue(layout)
    renamed = tmp_path / innocent
    shutil.copy(path, renamed)
    assert readers.is_synthetic(renamed)
    got = readers.read_outcomes_file(renamed)
    assert got["synthetic"].all() and (got["source"] == innocent).all()


def test_marker_in_properties_or_first_sheet_alone(tmp_path):
    cover_only = write_workbook(tmp_path / "a.xlsx", {"Cover_sheet": [[readers.SYNTHETIC_MARKER]],
                                                     "Data": [HEADER_2024, ROW_2024]})
    assert readers.is_synthetic(cover_only) and readers.read_outcomes_file(cover_only)["synthetic"].all()
    book = openpyxl.Workbook()
    book.active.append(HEADER_2024)
    book.active.append(ROW_2024)
    book.properties.keywords = f"synthetic; {readers.SYNTHETIC_GENERATOR}; published=2030-01-02"
    book.save(tmp_path / "b.xlsx")
    assert readers.is_synthetic(tmp_path / "b.xlsx")
    got = readers.read_outcomes_file(tmp_path / "b.xlsx")
    assert got["synthetic"].all() and got.loc[0, "published"] == "2030-01-02"


def test_real_looking_file_is_not_synthetic(tmp_path):
    path = write_workbook(tmp_path / "prc-outcomes-open-data-mar2018-tables-240724.xlsx",
                          {"Cover_sheet": [["Crime outcomes in England and Wales"]], "Data": [HEADER_2024, ROW_2024]})
    assert not readers.is_synthetic(path)
    assert not readers.read_outcomes_file(path)["synthetic"].any()


def test_generator_refuses_an_unlabelled_name(reference, tmp_path):
    with pytest.raises(ValueError, match="must contain 'synthetic'"):
        synthetic.make_workbook(tmp_path / "outcomes.xlsx", reference=reference, rows=500)
    with pytest.raises(ValueError, match="written as .ods"):
        synthetic.make_workbook(tmp_path / "synthetic.xlsx", layout="ods-2019", reference=reference, rows=500)


def test_rows_option(reference, tmp_path):
    small = synthetic.make_workbook(tmp_path / "synthetic-small.xlsx", rows=500, forces=["Durham", "Cleveland"],
                                    reference=reference)
    assert len(small) == 500
    assert {"N/A - offence code expired", "N/A - Offence code expired", "N/A - data not provided", "--"} <= set(small["note"])
    pd.testing.assert_frame_equal(readers.read_outcomes_file(tmp_path / "synthetic-small.xlsx"), small)
    codes = reference["offence_code"].nunique() + len(synthetic.EXPIRED_OFFENCES)
    per_force = 4 * codes * reference["outcome_type"].nunique()
    bigger = synthetic.make_workbook(tmp_path / "synthetic-bigger.xlsx", rows=per_force + 100, forces=["Durham"],
                                     reference=reference)
    assert bigger["force"].nunique() == 2 and len(bigger) == per_force + 100  # another real force added


def test_command_line(reference, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(outcomes, "load_offence_level_2017_18", lambda **_: reference)
    assert synthetic.main(["--layout", "ods-2019", "--year", "2016/17", "--out", str(tmp_path), "--rows", "500",
                           "--seed", "3"]) == 0
    path = tmp_path / "synthetic-prc-outcomes-open-data-mar2017-tables-2019-layout.ods"
    assert "500 data rows" in capsys.readouterr().out
    got = readers.read_outcomes_file(path)
    assert len(got) == 500 and set(got["financial_year"]) == {"2016/17"} and got["synthetic"].all()
    assert synthetic.main(["--out", str(tmp_path / "plain.xlsx"), "--rows", "500"]) == 2


# --------------------------------------------------------------------------- clear errors


def test_missing_column(tmp_path):
    header = [name for name in HEADER_2024 if name != "Offence Group"]
    row = [value for name, value in zip(HEADER_2024, ROW_2024) if name != "Offence Group"]
    path = write_workbook(tmp_path / "no-group.xlsx", {"Cover_sheet": [["x"]], "Data": [["Title"], [], header, row]})
    with pytest.raises(outcomes.BadInput, match=r"no-group\.xlsx, sheet 'Data', row 3: missing column\(s\) "
                                                r"\['Offence Group'\]; expected \['Financial Year'"):
        readers.read_outcomes_file(path)


def test_no_data_sheet(tmp_path):
    path = write_workbook(tmp_path / "cover-only.xlsx", {"Cover_sheet": [["Crime outcomes"]],
                                                         "Pivot": [["Force Name", "Outcome Type", "Total"]]})
    with pytest.raises(outcomes.BadInput, match=r"cover-only\.xlsx: no data sheet; looked in sheets "
                                                r"\['Cover_sheet', 'Pivot'\] for a header row with the columns"):
        readers.read_outcomes_file(path)


def test_unknown_text_in_a_count_cell(tmp_path):
    bad = ROW_2024[:11] + ["not known", 5]
    path = write_workbook(tmp_path / "bad-count.xlsx", {"Data": [["Title"], HEADER_2024, ROW_2024, bad]})
    with pytest.raises(outcomes.BadInput, match=r"bad-count\.xlsx, sheet 'Data', row 4, column "
                                                r"'Outcomes for offences that were recorded in the quarter': "
                                                r"expected a count or one of \['NA', 'N/A', 'N/A - offence code expired'.*"
                                                r"found 'not known'"):
        readers.read_outcomes_file(path)


def test_unknown_force(tmp_path):
    bad = ["2017/18", "Q2", "Durhem", *ROW_2024[3:]]
    path = write_workbook(tmp_path / "bad-force.xlsx", {"Data": [HEADER_2024, ROW_2024, ROW_2024, bad]})
    with pytest.raises(outcomes.BadInput, match=r"bad-force\.xlsx, sheet 'Data', row 4, column 'Force Name': "
                                                r"expected a force listed in forces\.csv, unknown force 'Durhem'\. "
                                                r"Did you mean: Durham"):
        readers.read_outcomes_file(path)


def test_bad_quarter_and_flag(tmp_path):
    path = write_workbook(tmp_path / "bad-quarter.xlsx", {"Data": [HEADER_2024, ["2017/18", "Q5", *ROW_2024[2:]]]})
    with pytest.raises(outcomes.BadInput, match=r"row 2, column 'Financial Quarter': expected a whole number from 1 to 4"):
        readers.read_outcomes_file(path)
    flagged = ROW_2024[:7] + ["expired?"] + ROW_2024[8:]
    path = write_workbook(tmp_path / "bad-flag.xlsx", {"Data": [HEADER_2024, flagged]})
    with pytest.raises(outcomes.BadInput, match=r"column 'Offence code expired': expected 'x' or a blank cell"):
        readers.read_outcomes_file(path)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(outcomes.BadInput, match=r"broken\.xlsx: cannot be opened as a workbook"):
        readers.read_outcomes_file(path)
    assert not readers.is_synthetic(path)


# --------------------------------------------------------------------------- the parquet cache


def test_a_file_is_parsed_once(xlsx_2024, private_cache, monkeypatch, tmp_path):
    calls = []
    parse = readers.parse_outcomes_file

    def counting(path):
        calls.append(path)
        return parse(path)

    monkeypatch.setattr(readers, "parse_outcomes_file", counting)
    path = xlsx_2024[0]
    first = readers.read_outcomes_file(path)
    cached = list((private_cache / "tables").glob(f"{readers._CACHE_KIND}-*.parquet"))
    assert len(calls) == 1 and len(cached) == 1
    assert cached[0].name == f"outcomes-v2-{outcomes.sources.sha256_of(path)[:16]}.parquet"
    second = readers.read_outcomes_file(path)
    assert len(calls) == 1  # read from the parquet, not parsed again
    pd.testing.assert_frame_equal(first, second)
    # a renamed copy has the same bytes: same cache, labelled by its own name
    copy = tmp_path / "renamed-copy.xlsx"
    shutil.copy(path, copy)
    renamed = readers.read_outcomes_file(copy)
    assert len(calls) == 1 and (renamed["source"] == "renamed-copy.xlsx").all() and renamed["synthetic"].all()
    # cache=False parses again and writes nothing
    readers.read_outcomes_file(path, cache=False)
    assert len(calls) == 2 and len(list((private_cache / "tables").glob("*.parquet"))) == 1
