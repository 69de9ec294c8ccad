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

from community_resolutions import cache, outcomes, readers, synthetic
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
    monkeypatch.setattr(cache, "cache_dir", cache_dir)
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
    for (_path, truth), got in zip((xlsx_2024, ods_2019), (read_once["xlsx"], read_once["ods"]), strict=True):
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
    row_2019 = dict(zip(readers.COLUMNS_2024.values(), ROW_2024, strict=True))
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
    row = [value for name, value in zip(HEADER_2024, ROW_2024, strict=True) if name != "Offence Group"]
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


# =========================================================================== issue 13: every form, one path

import csv  # noqa: E402
import gzip  # noqa: E402
import io  # noqa: E402
import re  # noqa: E402
import tempfile  # noqa: E402
import zipfile  # noqa: E402
from decimal import Decimal, InvalidOperation  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import (  # noqa: E402
    HealthCheck,
    given,
    settings,
    strategies as st,  # noqa: E402
)

from community_resolutions import areas  # noqa: E402
from community_resolutions.paths import REFERENCE_DIR  # noqa: E402

REAL_2018_19 = "prc-outcomes-open-data-mar2019.csv.gz"
SLICE_FORCES = {"Durham", "London, City of"}
SLICE_CODES = {"12", "105A", "46", "8N"}  # 12 is expired in 2018/19: 'N/A - offence code expired' cells
PROVENANCE = ["source", "published", "synthetic"]


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


@pytest.fixture(scope="session")
def real_2018_19(mirror) -> Path:
    path = mirror / "home-office" / "outcomes" / REAL_2018_19
    if not path.exists():
        pytest.skip(f"{path} not in the mirror")
    return path


@pytest.fixture(scope="session")
def slice_2018_19(real_2018_19) -> tuple[str, list[str], list[list[str]]]:
    """(the header line as bytes-decoded text, header fields, data rows) of the real 2018/19 CSV
    export for two forces, quarters 1-2 and four offence codes, read with the csv module."""
    with gzip.open(real_2018_19, "rt", encoding="utf-8", newline="") as handle:
        first = handle.readline()
        header = next(csv.reader([first]))
        rows = [row for row in csv.reader(handle)
                if row[2] in SLICE_FORCES and row[1] in {"1", "2"} and row[6] in SLICE_CODES]
    return first, header, rows


@pytest.fixture(scope="session")
def three_forms(slice_2018_19, tmp_path_factory) -> dict[str, Path]:
    """The same real rows in the three forms issue 13 names: (a) a CSV export with the official
    2019-era names and a byte-order mark (the real file's own bytes, gzipped); (b) a tidy copy with
    the names snake_cased and blank cells for NA; (c) a 2024-layout workbook (2024 names and column
    order, title rows, a cover sheet) with a bare N/A against type 0 on the closed basis."""
    first, header, rows = slice_2018_19
    folder = tmp_path_factory.mktemp("forms")
    export = folder / "export-2018-19.csv.gz"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    export.write_bytes(gzip.compress(("\ufeff" + first.lstrip("\ufeff") + buffer.getvalue()).encode("utf-8")))
    tidy = folder / "tidy-2018-19.csv"
    with open(tidy, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_snake(name.lstrip("\ufeff")) for name in header])
        writer.writerows([[cell if cell != "NA" else "" for cell in row] for row in rows])  # blank, not NA
    by_name = [dict(zip([h.lstrip("\ufeff") for h in header], row, strict=True)) for row in rows]
    old_to_new = {"Force outcomes for offences recorded in quarter": "Outcomes for offences that were recorded in the quarter",
                  "Force outcomes recorded in quarter": "Outcomes for investigations closed in the quarter",
                  "Offence code expired": "Offence code expired"}
    cells = []
    for row in by_name:
        new = {old_to_new.get(k, k): v for k, v in row.items()}
        closed = "Outcomes for investigations closed in the quarter"
        for name, value in new.items():
            if value == "NA":
                new[name] = "N/A" if name == closed and new["Outcome Type"] == "0" else ""
        values = []
        for name in HEADER_2024:
            value = new[name]
            values.append(int(value) if re.fullmatch(r"-?\d+", value) and name != "Offence Code" else (value or None))
        cells.append(values)
    book = write_workbook(folder / "outcomes-2018-19-2024-layout.xlsx",
                          {"Cover_sheet": [["Crime outcomes in England and Wales"]], "Notes": [["Note 1"]],
                           "Outcomes_open_data_2018-19": [["Outcomes open data, year ending March 2019"], [],
                                                          HEADER_2024, *cells]})
    return {"export": export, "tidy": tidy, "xlsx": book}


def test_three_real_world_forms_read_to_the_same_table(three_forms, slice_2018_19):
    first, header, rows = slice_2018_19
    assert first.startswith("\ufeffFinancial Year,") and "Offence code expired" in header  # the traps are in the slice
    assert any(row[11] == "N/A - offence code expired" for row in rows)
    assert any(row[10] == "0" and row[12] == "NA" for row in rows)  # the mirror README says "empty": it is NA
    assert any(row[2] == "London, City of" for row in rows)
    tables = {form: readers.read_outcomes_file(path).drop(columns=PROVENANCE) for form, path in three_forms.items()}
    for form in ("tidy", "xlsx"):
        pd.testing.assert_frame_equal(tables[form], tables["export"], obj=form)
    got = tables["export"]
    assert len(got) == len(rows)
    # worked out with the csv module: community resolutions and assigned outcomes per force and basis
    for force, canonical in (("Durham", "Durham"), ("London, City of", "City of London")):
        for column, basis in ((12, "closed"), (11, "recorded")):
            mine = [row for row in rows if row[2] == force and row[10] != "0" and re.fullmatch(r"-?\d+", row[column])]
            wanted_cr = sum(int(row[column]) for row in mine if row[10] == "8")
            wanted_all = sum(int(row[column]) for row in mine)
            theirs = got[(got["force"] == canonical) & (got["outcome_type"] != 0)]
            assert int(theirs.loc[theirs["outcome_type"] == 8, basis].sum()) == wanted_cr
            assert int(theirs[basis].sum()) == wanted_all
    expired = got[got["offence_code"] == "12"]
    assert expired["offence_code_expired"].all() and expired["recorded"].isna().all()
    assert set(expired["note"]) == {"N/A - offence code expired"}
    assert got.loc[got["outcome_type"] == 0, "closed"].isna().all()
    assert set(got.loc[got["outcome_type"] == 0, "note"]) == {""}  # empty, NA and bare N/A all say "no count"
    assert readers.detect_layout(three_forms["export"]) == "ods-2019"
    assert readers.detect_layout(three_forms["tidy"]) == "tidy-csv"
    assert readers.detect_layout(three_forms["xlsx"]) == "xlsx-2024"


def test_whole_real_2018_19_export_is_read(real_2018_19):
    """Figures worked out with csv + gzip only (issue 13): North Yorkshire 2018/19 drug offences,
    types other than 0, closed basis 153 community resolutions of 955 assigned, recorded basis 140
    of 857; Durham community resolutions closed 6,062, recorded 5,943."""
    sums: dict[tuple, int] = {}
    rows = 0
    with gzip.open(real_2018_19, "rt", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            rows += 1
            if row["Outcome Type"] == "0":
                continue
            for basis, column in (("closed", "Force outcomes recorded in quarter"),
                                  ("recorded", "Force outcomes for offences recorded in quarter")):
                if not re.fullmatch(r"-?\d+", row[column]):
                    continue
                count = int(row[column])
                if row["Force Name"] == "North Yorkshire" and row["Offence Group"] == "Drug offences":
                    sums[("ny-drugs", basis, "assigned")] = sums.get(("ny-drugs", basis, "assigned"), 0) + count
                    if row["Outcome Type"] == "8":
                        sums[("ny-drugs", basis, "cr")] = sums.get(("ny-drugs", basis, "cr"), 0) + count
                if row["Force Name"] == "Durham" and row["Outcome Type"] == "8":
                    sums[("durham", basis, "cr")] = sums.get(("durham", basis, "cr"), 0) + count
    assert rows == 621_280
    assert sums == {("ny-drugs", "closed", "cr"): 153, ("ny-drugs", "closed", "assigned"): 955,
                    ("ny-drugs", "recorded", "cr"): 140, ("ny-drugs", "recorded", "assigned"): 857,
                    ("durham", "closed", "cr"): 6062, ("durham", "recorded", "cr"): 5943}
    got = readers.read_outcomes_file(real_2018_19)
    assert len(got) == 621_280 and set(got["financial_year"]) == {"2018/19"} and got["force"].nunique() == 44
    assert got.loc[0, "published"] == "2019" and not got["synthetic"].any()
    assigned = got[got["outcome_type"] != 0]
    ny = assigned[(assigned["force"] == "North Yorkshire") & (assigned["offence_group"] == "Drug offences")]
    durham = assigned[assigned["force"] == "Durham"]
    for basis in outcomes.BASES:
        assert int(ny.loc[ny["outcome_type"] == 8, basis].sum()) == sums[("ny-drugs", basis, "cr")]
        assert int(ny[basis].sum()) == sums[("ny-drugs", basis, "assigned")]
        assert int(durham.loc[durham["outcome_type"] == 8, basis].sum()) == sums[("durham", basis, "cr")]
    assert (got["note"] == "N/A - offence code expired").sum() == 140_800
    assert (got.loc[got["outcome_type"] == 0, "closed"].isna()).all()
    assert "City of London" in set(got["force"])


def test_2017_18_tidy_copy_gives_the_same_table(mirror):
    """The mirror's tidy 2017/18 copy through the loader: rows and sums worked out with csv + gzip."""
    path = mirror / "home-office" / "outcomes" / "prc-outcomes-open-data-mar2018-tidy.csv.gz"
    rows, sums = 0, {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if all(value == "NA" for value in row.values()):
                continue
            rows += 1
            for basis, column in (("closed", "force_outcomes_recorded_in_quarter"), ("recorded", "offences")):
                if row[column] != "NA":
                    key = (row["force_name"], basis)
                    sums[key] = sums.get(key, 0) + int(row[column])
    table = outcomes.load_offence_level_2017_18(mirror=mirror)
    assert rows == len(table) == 450_912
    forces = areas.forces_table()
    home_office = dict(zip(forces["force"], forces["home_office_name"], strict=True))
    for basis in outcomes.BASES:
        by_force = table.groupby("force")[basis].sum()
        assert {(home_office[f], basis): int(v) for f, v in by_force.items()} == {k: v for k, v in sums.items()
                                                                                  if k[1] == basis}
    assert int(table.loc[(table["force"] == "Durham") & (table["outcome_type"] == 8), "closed"].sum()) == 5464
    assert str(table["outcome_type"].dtype) == "Int16" and str(table["closed"].dtype) == "Int64"


# --------------------------------------------------------------------------- reference data


def test_outcome_types_reference_agrees_with_measures():
    types = pd.read_csv(REFERENCE_DIR / "outcome-types.csv", dtype=str, keep_default_na=False)
    main = types[types["subset_of"] == ""]
    assert sorted(main["outcome_type"].astype(int)) == list(range(23))
    for measure, wanted in outcomes.MEASURES.items():
        assert set(map(str, wanted)) <= set(main["outcome_type"]), measure
    eight = main.set_index("outcome_type").loc["8"]
    assert (eight["description"], eight["group"]) == ("Community Resolution", "Out-of-court (informal)")
    subsets = types[types["subset_of"] != ""].set_index("outcome_type")["subset_of"].to_dict()
    assert subsets == {"1a": "1", "2a": "2", "3a": "3"}
    assert set(readers.outcome_types()["outcome_type"]) == set(types["outcome_type"])


def test_columns_reference_covers_every_known_form():
    table = pd.read_csv(REFERENCE_DIR / "columns.csv", dtype=str, keep_default_na=False)
    assert (table["note"] != "").all()
    spelled = set(zip(table["canonical"], table["spelling"], strict=True))
    for canonical, official in [*zip(readers.COLUMNS_2019.values(), readers.COLUMNS_2019, strict=True),
                                *zip(readers.COLUMNS_2024.values(), readers.COLUMNS_2024, strict=True)]:
        assert (canonical, official) in spelled
        assert readers.recognise_header([_snake(official)]) == {0: canonical}  # snake_cased: same column
    assert readers.recognise_header(["offences", "force_outcomes_recorded_in_quarter", "financial_quarter",
                                     "force_name"]) == {0: "recorded", 1: "closed", 2: "quarter", 3: "force"}
    assert readers.recognise_header(["Offence code expired", "Offence Code Expired"]) == {
        0: "offence_code_expired", 1: "offence_code_expired"}
    keys = table["spelling"].map(readers.normalise_name)
    assert (table.assign(key=keys).groupby("key")["canonical"].nunique() == 1).all()


def test_count_markers_reference():
    table = pd.read_csv(REFERENCE_DIR / "count-markers.csv", dtype=str, keep_default_na=False)
    meanings = dict(zip(table["marker"], table["meaning"], strict=True))
    assert meanings == {"": "blank", "NA": "not_applicable", "N/A": "not_applicable",
                        "N/A - offence code expired": "expired", "N/A - Offence code expired": "expired",
                        "N/A - data not provided": "data_not_provided", "--": "not_applicable"}


# --------------------------------------------------------------------------- count cells as published


def test_count_cells_as_published(tmp_path):
    cells = [("1,234", 1234, ""), (12.0, 12, ""), ("12.0", 12, ""), (-3, -3, ""), ("N/A", None, ""),
             ("NA", None, ""), (None, None, ""), ("--", None, "--"), (" N/A - data not provided ", None,
                                                                       "N/A - data not provided"),
             ("N/A - Offence code expired", None, "N/A - Offence code expired"), ("n/a – offence code expired", None,
                                                                                  "n/a – offence code expired")]
    rows = [[*ROW_2024[:8], 1 if i == 0 else 8, *ROW_2024[9:11], value, i] for i, (value, _, _) in enumerate(cells)]
    for i, row in enumerate(rows):
        row[3] = f"C{i}"
    path = write_workbook(tmp_path / "cells.xlsx", {"Data": [HEADER_2024, *rows]})
    got = readers.read_outcomes_file(path)
    assert [None if pd.isna(v) else int(v) for v in got["recorded"]] == [want for _, want, _ in cells]
    assert got["note"].tolist() == [note for _, _, note in cells]
    assert got["closed"].tolist() == list(range(len(cells)))
    for bad, expected in (("12.5", "expected a whole count, found '12.5'"), ("1,23", "expected a count or one of"),
                          ("N/A - see note", "found 'N/A - see note'")):
        path = write_workbook(tmp_path / "bad.xlsx", {"Data": [HEADER_2024, ROW_2024, [*ROW_2024[:11], bad, 1]]})
        with pytest.raises(outcomes.BadInput, match=re.escape("bad.xlsx, sheet 'Data', row 3, column "
                                                              "'Outcomes for offences that were recorded in the quarter': "
                                                              ) + ".*" + re.escape(expected)):
            readers.read_outcomes_file(path, cache=False)


def test_csv_rows_are_file_lines_after_blank_lines(tmp_path):
    tidy = ["financial_year,financial_quarter,force_name,offence_description,offence_group,offence_subgroup,"
            "offence_code,offence_code_expired,outcome_description,outcome_group,outcome_type,offences,"
            "force_outcomes_recorded_in_quarter"]
    good = "2017/18,1,Durham,Shoplifting,Theft offences,Shoplifting,46,NA,Community Resolution,Out-of-court (informal),8,4,5"
    bad = good.replace(",8,4,5", ",1,four,5").replace("Community Resolution,Out-of-court (informal)",
                                                      "Charged/Summonsed,Charged/Summonsed")
    path = tmp_path / "gaps.csv"
    path.write_text("\n".join(["Outcomes table (title line)", "", *tidy, "", good, "", bad, ""]) + "\n", encoding="utf-8")
    with pytest.raises(outcomes.BadInput, match=r"gaps\.csv, row 7, column 'offences': expected a count"):
        readers.read_outcomes_file(path)
    path.write_text("\n".join(["", *tidy, "", good, ""]) + "\n", encoding="utf-8")
    assert readers.read_outcomes_file(path)["recorded"].tolist() == [4]


def test_workbook_rows_are_sheet_rows_after_blank_rows(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    bad = [*ROW_2024[:3], "8N", *ROW_2024[4:11], "oops", 5]
    for number, values in ((3, HEADER_2024), (5, ROW_2024), (8, bad)):  # rows 1-2, 4, 6-7 blank
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    book.save(tmp_path / "gaps.xlsx")
    with pytest.raises(outcomes.BadInput, match=r"gaps\.xlsx, sheet 'Data', row 8, column 'Outcomes for offences that "
                                                r"were recorded in the quarter': expected a count.*found 'oops'"):
        readers.read_outcomes_file(tmp_path / "gaps.xlsx")


def test_data_not_provided_cells(tmp_path, reference):
    path = tmp_path / "synthetic-dnp-2024-layout.xlsx"
    truth = synthetic.make_workbook(path, reference=reference, rows=800, forces=["Durham", "Cumbria"], seed=9)
    got = readers.read_outcomes_file(path)
    found = readers.data_not_provided(got)
    marked = truth[truth["note"] == synthetic.NOT_PROVIDED]  # the generator's own cells: Cumbria, quarter 1
    expected = [{"force": "Cumbria", "financial_year": "2017/18", "quarter": 1, "basis": "closed",
                 "cells": int((marked["outcome_type"] != 0).sum())},
                {"force": "Cumbria", "financial_year": "2017/18", "quarter": 1, "basis": "recorded", "cells": len(marked)}]
    assert found.to_dict("records") == expected and expected[1]["cells"] > 0
    assert (got.loc[got["note"] == synthetic.NOT_PROVIDED, ["closed", "recorded"]].isna()).all().all()


def test_alternate_offence_subsets_are_set_aside(tmp_path):
    subset = [*ROW_2024[:8], "1a", "Charged/Summonsed – alternate offence", "Charged/Summonsed", 7, 7]
    charged = [*ROW_2024[:8], 1, "Charged/Summonsed", "Charged/Summonsed", 2, 3]
    path = write_workbook(tmp_path / "subsets.xlsx", {"Data": [HEADER_2024, ROW_2024, charged, subset]})
    got = readers.read_outcomes_file(path)
    assert got["outcome_type"].tolist() == [8, 1] and got.attrs["set_aside"] == {"1a": 1}
    totals = outcomes.totals_from_offences(got).set_index("basis")
    assert int(totals.loc["closed", "charged"]) == 3 and int(totals.loc["closed", "assigned"]) == 8  # 7 not added
    again = readers.read_outcomes_file(path)  # from the parquet cache: the count survives
    assert again.attrs["set_aside"] == {"1a": 1}
    new_type = [*ROW_2024[:8], "1b", "Something new", "New", 1, 1]
    path = write_workbook(tmp_path / "new-type.xlsx", {"Data": [HEADER_2024, ROW_2024, new_type]})
    with pytest.raises(outcomes.BadInput, match=r"row 3, column 'Outcome Type': outcome type '1b' is not in "
                                                r"data/reference/outcome-types\.csv; a new outcome type must be "
                                                r"classified by a person"):
        readers.read_outcomes_file(path)


# --------------------------------------------------------------------------- headers and sheets


def test_ambiguous_header_names_both_columns(tmp_path):
    header = [*HEADER_2024, "Force outcomes for offences recorded in quarter"]
    path = write_workbook(tmp_path / "twice.xlsx", {"Data": [header, [*ROW_2024, 4]]})
    with pytest.raises(outcomes.BadInput, match=re.escape(
            "twice.xlsx, sheet 'Data', row 1: columns 'Outcomes for offences that were recorded in the quarter' and "
            "'Force outcomes for offences recorded in quarter' both name the recorded column")):
        readers.read_outcomes_file(path)


def test_hidden_sheet_is_never_chosen_silently(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Cover_sheet"
    book.active.append(["Crime outcomes"])
    hidden = book.create_sheet("Old data")
    for row in (HEADER_2024, [*ROW_2024[:11], 99, 99]):
        hidden.append(row)
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "hidden-only.xlsx")
    with pytest.raises(outcomes.BadInput, match=r"hidden-only\.xlsx: the only data sheet \('Old data'\) is hidden"):
        readers.read_outcomes_file(tmp_path / "hidden-only.xlsx")
    shown = book.create_sheet("Outcomes_open_data_2017-18")
    for row in (HEADER_2024, ROW_2024):
        shown.append(row)
    book.save(tmp_path / "hidden-and-shown.xlsx")
    got = readers.read_outcomes_file(tmp_path / "hidden-and-shown.xlsx")
    assert got["recorded"].tolist() == [4]  # the visible sheet, never the hidden 99
    hidden.sheet_state = "visible"
    book.save(tmp_path / "two.xlsx")
    with pytest.raises(outcomes.BadInput, match=r"two\.xlsx: two data sheets, 'Old data' and "
                                                r"'Outcomes_open_data_2017-18'"):
        readers.read_outcomes_file(tmp_path / "two.xlsx")


def test_csv_containers_and_separators(tmp_path):
    lines = [";".join(f"{name}  " if i % 2 else name.title() for i, name in enumerate(HEADER_2024)),
             ";".join("" if v is None else str(v) for v in ROW_2024)]
    semicolon = tmp_path / "semicolon.csv"
    semicolon.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = readers.read_outcomes_file(semicolon).drop(columns=PROVENANCE)
    assert expected[["recorded", "closed"]].values.tolist() == [[4, 5]]
    tab = tmp_path / "tab.tsv"
    tab.write_text("\n".join(line.replace(";", "\t") for line in lines) + "\n", encoding="utf-8")
    packed = tmp_path / "packed.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("folder/outcomes.csv", "\ufeff" + "\n".join(lines) + "\n")
    for path in (tab, packed):
        pd.testing.assert_frame_equal(readers.read_outcomes_file(path).drop(columns=PROVENANCE), expected)
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", "x")
        archive.writestr("b.csv", "y")
    with pytest.raises(outcomes.BadInput, match=r"two\.zip: a zip with 2 files \['a\.csv', 'b\.csv'\]; expected exactly one"):
        readers.read_outcomes_file(two)


def test_csv_encodings(tmp_path):
    header = list(readers.COLUMNS_2019)
    row = ["2018/19", "1", "Durham", "Assault without injury", "Violence against the person", "Violence without injury",
           "105A", "", "Caution – adults", "Out-of-court (formal)", "3", "12", "11"]
    text = "\r\n".join(["\t".join(header), "\t".join(row)]) + "\r\n"
    unicode_text = tmp_path / "excel-unicode-text.tsv"
    unicode_text.write_bytes(text.encode("utf-16"))  # Excel's "Unicode Text": UTF-16 with a byte-order mark
    got = readers.read_outcomes_file(unicode_text)
    assert (got.loc[0, "outcome_description"], got.loc[0, "recorded"], got.loc[0, "closed"]) == ("Caution – adults", 12, 11)
    windows = tmp_path / "excel-csv.csv"
    windows.write_bytes(text.replace("\t", ",").encode("cp1252"))  # Excel's plain "CSV": the en dash is byte 0x96
    with pytest.raises(outcomes.BadInput, match=r"excel-csv\.csv: not UTF-8 text \(Excel's plain 'CSV' format writes "
                                                r"Windows-1252; or a workbook renamed \.csv\?\); save the sheet as 'CSV UTF-8'"):
        readers.read_outcomes_file(windows)


# --------------------------------------------------------------------------- every year's official layout


@pytest.fixture(scope="session")
def replicas(reference, tmp_path_factory):
    return synthetic.make_official_replicas(tmp_path_factory.mktemp("replicas"), reference=reference, rows=300)


def test_every_official_replica_is_read(replicas):
    official = pd.read_csv(REFERENCE_DIR / "official-outcomes-workbooks.csv", dtype=str)
    names = [f"synthetic-{name}" for name in official["filename"]] + ["synthetic-prc-outcomes-open-data-mar2018-tables.ods"]
    assert [path.name for path in replicas] == names
    for (path, truth), sheet in zip(replicas.items(), [*official["data_sheet"], "Outcomes_open_data__2017-18"], strict=True):
        book = pd.ExcelFile(path, engine="calamine")
        assert book.sheet_names[-1] == sheet
        raw = book.parse(sheet, header=None, dtype=object, na_filter=False)
        book.close()
        at = next(i for i, row in raw.iterrows() if row.iloc[0] == "Financial Year")
        cells = raw.iloc[at + 1:]
        header = raw.iloc[at].tolist()
        closed = cells[header.index(header[-1])]
        recorded = cells[header.index(header[-2])]
        zero = cells[header.index("Outcome Type")].astype(str) == "0"
        if path.suffix == ".xlsx":
            assert set(closed[zero & (recorded != synthetic.NOT_PROVIDED)]) == {"N/A"}  # bare N/A against type 0
        else:
            assert set(closed[zero]) <= {"", synthetic.NOT_PROVIDED}
        assert synthetic.NOT_PROVIDED in set(recorded)
        got = readers.read_outcomes_file(path)
        pd.testing.assert_frame_equal(got, truth)
        assert got["synthetic"].all() and readers.is_synthetic(path)
        totals = outcomes.totals_from_offences(got).set_index(["force", "financial_year", "basis"]).sort_index()
        by_hand = totals_by_hand(truth)
        for column in by_hand.columns:
            assert totals[column].astype(int).tolist() == by_hand[column].tolist(), (path.name, column)
    years = {truth["financial_year"].iloc[0]: set(truth["outcome_type"]) for truth in replicas.values()}
    assert 22 not in years["2014/15"] and 22 in years["2019/20"]


# --------------------------------------------------------------------------- property-based


_MARKER_TEXT = ["NA", "N/A", "N/A - offence code expired", "N/A - Offence code expired", "N/A - data not provided", "--", ""]


def _respell(text: str, draw, dashes: bool = True) -> str:
    """The same text with random case, spacing and (unless told not to) dash kind."""
    out = []
    for char in text:
        if dashes and char == "-" and draw(st.booleans()):
            char = draw(st.sampled_from(["–", "—", "-"]))
        if char.isalpha() and draw(st.booleans()):
            char = char.swapcase()
        out.append(char)
        if char == " " and draw(st.booleans()):
            out.append(" ")
    return draw(st.sampled_from(["", " ", "\t"])) + "".join(out) + draw(st.sampled_from(["", " ", "  "]))


@st.composite
def count_cells(draw) -> tuple[object, int | None]:
    """(a cell as some file might write it, the count it means)."""
    n = draw(st.integers(-10_000_000, 10_000_000))
    kind = draw(st.sampled_from(["int", "float", "text", "commas", "point", "marker"]))
    if kind == "int":
        return n, n
    if kind == "float":
        return float(n), n
    if kind == "text":
        return _respell(str(n), draw, dashes=False), n  # an en dash before a number is refused, not read
    if kind == "commas":
        return f"{n:,}", n
    if kind == "point":
        return f"{n}.0", n
    return _respell(draw(st.sampled_from(_MARKER_TEXT)), draw), None


@settings(max_examples=300, deadline=None)
@given(count_cells())
def test_property_count_cells_read_correctly(cell):
    value, expected = cell
    assert readers.parse_count(value) == expected


def _oracle(text: str) -> int | None:
    """What a count text means, worked out another way: Decimal after removing well-placed commas."""
    stripped = text.strip()
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.0*)?", stripped):
        stripped = stripped.replace(",", "")
    try:
        number = Decimal(stripped)
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() and number.is_finite() else None


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from("0123456789,.-+ eE/NAna–x"), max_size=12), st.text(max_size=8),
                 st.floats(allow_nan=True, allow_infinity=True), st.integers()))
def test_property_dirty_count_cells_are_read_or_refused(value):
    """Random input: a correct number, a marker (None), or ValueError — never a wrong number."""
    try:
        got = readers.parse_count(value)
    except ValueError:
        return
    if got is None:
        assert (isinstance(value, float) and value != value) or readers.marker_meaning(value) is not None
    elif isinstance(value, (int, float)):
        assert got == value
    else:
        assert got == _oracle(value.replace("\u2212", "-")), value


_SPELLINGS = readers.column_spellings()[["spelling", "canonical"]].values.tolist()


@st.composite
def respelled_headers(draw) -> tuple[str, str]:
    spelling, canonical = draw(st.sampled_from(_SPELLINGS))
    text = spelling.replace("_", draw(st.sampled_from(["_", " ", "__"])))
    text = re.sub(" ", lambda _: draw(st.sampled_from([" ", "_", "\n", "  ", " \r\n"])), text)
    text = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in text)
    return draw(st.sampled_from(["", "\ufeff", " "])) + text + draw(st.sampled_from(["", " ", "\t"])), canonical


@settings(max_examples=300, deadline=None)
@given(respelled_headers())
def test_property_respelled_header_is_recognised(item):
    text, canonical = item
    assert readers.recognise_header([text]) == {0: canonical}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(0, len(HEADER_2024) - 1),
       name=st.one_of(st.text(max_size=20), st.sampled_from([s for s, _ in _SPELLINGS])),
       cell=st.one_of(st.text(max_size=10), st.integers(-5, 5).map(str), st.sampled_from(_MARKER_TEXT)))
def test_property_dirty_files_are_read_or_refused(position, name, cell):
    """A one-row CSV with one header name and one count cell replaced at random: read with the
    right numbers, or refused with BadInput — never another exception."""
    header = list(HEADER_2024)
    header[position] = name
    row = ["" if v is None else str(v) for v in ROW_2024]
    row[11] = cell
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dirty.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, row])
        try:
            got = readers.read_outcomes_file(path, cache=False)
        except outcomes.BadInput:
            return
    assert readers.recognise_header([name]) == {0: readers.COLUMNS_2024[HEADER_2024[position]]}
    assert got["closed"].tolist() == [5] and got["offence_code"].tolist() == ["105A"]
    expected = readers.parse_count(cell)
    assert (pd.isna(got.loc[0, "recorded"]) if expected is None else got.loc[0, "recorded"] == expected)
