"""police.uk readers (hand-made monthly files, the mirror's aggregates), the recorded-crime table, and
notebook 8 end to end, checked against figures computed here with the csv module."""

from __future__ import annotations

import csv
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from community_resolutions import policeuk, policeuk_duckdb, recorded_crime
from community_resolutions.outcomes import BadInput
from community_resolutions.testing import policeuk_archive

STREET_HEAD = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
               "Crime type,Last outcome category,Context")
OUTCOMES_HEAD = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type"


def street(crime_id: str, month: str, crime_type: str, outcome: str, force: str = "Durham Constabulary") -> str:
    return f"{crime_id},{month},{force},{force},-1.5,54.7,On or near X,E01000001,County Durham 001A,{crime_type},{outcome},"


def event(crime_id: str, month: str, outcome: str, force: str = "Durham Constabulary") -> str:
    return f"{crime_id},{month},{force},{force},-1.5,54.7,On or near X,E01000001,County Durham 001A,{outcome}"


# Two months of Durham, official archive layout (month folders).
FILES = {
    "2016-03/2016-03-durham-street.csv": [
        STREET_HEAD,
        street("a1", "2016-03", "Shoplifting", "Local resolution"),
        street("a2", "2016-03", "Violence and sexual offences", "Local resolution"),
        street("a3", "2016-03", "Burglary", "Under investigation"),
        street("", "2016-03", "Anti-social behaviour", ""),            # not a crime
        street("", "2016-03", "Anti-social behaviour", ""),            # not a crime
        street("a4", "2016-03", "Other theft", "Status update unavailable"),  # a category police.uk added later
    ],
    "2016-03/2016-03-durham-outcomes.csv": [
        OUTCOMES_HEAD,
        event("a1", "2016-03", "Local resolution"),
        event("z9", "2016-03", "Local resolution"),   # a crime recorded in an earlier month
        event("a3", "2016-03", "Under investigation"),
    ],
    "2016-04/2016-04-durham-street.csv": [
        STREET_HEAD,
        street("b1", "2016-04", "Criminal damage and arson", "Local resolution"),
        street("b2", "2016-04", "Drugs", "Offender given a drugs possession warning"),
        street("", "2016-04", "Anti-social behaviour", ""),            # not a crime
    ],
    "2016-04/2016-04-durham-outcomes.csv": [
        OUTCOMES_HEAD,
        event("a2", "2016-04", "Local resolution"),   # a2, recorded in March, resolved in April
        event("b1", "2016-04", "Local resolution"),
        event("a3", "2016-04", "Local resolution"),   # a3's outcome in April; its March street row predates it
        event("b2", "2016-04", "Offender given a drugs possession warning"),
    ],
}
# Hand counts:
#   last outcome = Local resolution (street): March a1, a2 = 2; April b1 = 1; total 3.
#   Local resolution events (outcomes): March a1, z9 = 2; April a2, b1, a3 = 3; total 5.
#   crimes (ASB left out): March a1-a4 = 4; April b1, b2 = 2; total 6.   ASB: March 2, April 1 = 3.
#   Financial years: March 2016 is in 2015/16, April 2016 in 2016/17.


def write_folder(root: Path, files: dict[str, list[str]], flat: bool = False) -> Path:
    for name, lines in files.items():
        path = root / (Path(name).name if flat else name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def write_zip(path: Path, files: dict[str, list[str]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, lines in files.items():
            archive.writestr(name, "\n".join(lines) + "\n")
    return path


@pytest.fixture(params=["folder", "flat", "zip"])
def archive_path(request, tmp_path):
    if request.param == "zip":
        return write_zip(tmp_path / "durham.zip", FILES)
    return write_folder(tmp_path / "months", FILES, flat=request.param == "flat")


def test_local_resolution_counted_both_ways(archive_path):
    archive = policeuk.read_archive(archive_path)
    monthly = policeuk.monthly_counts(archive).set_index("month")
    assert monthly["local_resolution_last"].tolist() == [2, 1]        # a1, a2 | b1
    assert monthly["local_resolution_events"].tolist() == [2, 3]      # a1, z9 | a2, b1, a3
    assert monthly["crimes"].tolist() == [4, 2]                      # ASB left out
    assert monthly["asb"].tolist() == [2, 1]
    assert set(monthly["force"]) == {"Durham"}
    assert monthly["financial_year"].tolist() == ["2015/16", "2016/17"]
    yearly = policeuk.by_financial_year(policeuk.monthly_counts(archive)).set_index("financial_year")
    assert yearly.loc["2015/16", "local_resolution_last"] == 2 and yearly.loc["2016/17", "local_resolution_events"] == 3
    assert yearly["street_months"].tolist() == [1, 1]


def test_asb_rows_are_not_crimes(archive_path):
    archive = policeuk.read_archive(archive_path)
    assert len(archive.street) == 9 and len(archive.crimes) == 6     # 9 rows, 3 of them ASB
    assert (archive.street.loc[~archive.street["is_crime"], "crime_id"] == "").all()


def test_unknown_category_passes_through(archive_path):
    archive = policeuk.read_archive(archive_path)
    assert "Status update unavailable" in set(archive.street["last_outcome"])
    monthly = policeuk.monthly_counts(archive).set_index("month")
    assert monthly.loc["2016-03", "no_final_outcome"] == 2             # a3 under investigation, a4 status unavailable


def test_folder_with_street_files_only(tmp_path):
    only_street = {k: v for k, v in FILES.items() if k.endswith("street.csv")}
    archive = policeuk.read_archive(write_folder(tmp_path, only_street))
    assert archive.outcomes.empty
    monthly = policeuk.monthly_counts(archive)
    assert monthly["local_resolution_last"].sum() == 3
    assert monthly["local_resolution_events"].isna().all()            # no outcomes file: unknown, not zero
    assert not monthly["has_outcomes_file"].any()


def test_bad_input_names_file_row_and_column(tmp_path):
    bad = {"2016-03-durham-street.csv": [STREET_HEAD, street("a1", "2016-03", "Drugs", "Local resolution"),
                                         street("a2", "March 2016", "Drugs", "Local resolution")]}
    with pytest.raises(BadInput, match=r"2016-03-durham-street.csv, row 3, column Month: expected a month written YYYY-MM"):
        policeuk.read_archive(write_folder(tmp_path / "a", bad))
    bad = {"2016-03-durham-street.csv": [STREET_HEAD,
                                         street("a1", "2016-03", "Drugs", "Local resolution", force="Gotham Police")]}
    with pytest.raises(BadInput, match=r"row 2, column Reported by"):
        policeuk.read_archive(write_folder(tmp_path / "b", bad))
    bad = {"2016-03-durham-street.csv": ["Crime ID,Month,Crime type", "a1,2016-03,Drugs"]}
    with pytest.raises(BadInput, match=r"missing column\(s\) \['Reported by'"):
        policeuk.read_archive(write_folder(tmp_path / "c", bad))
    with pytest.raises(BadInput, match="no police.uk street file"):
        policeuk.read_archive(write_folder(tmp_path / "d", {"notes.csv": ["x"]}))


# --------------------------------------------------------------------------- the DuckDB reader (issue 16 item 3, issue 17)


def assert_readers_agree(path: Path, limits: policeuk.Limits = policeuk.DEFAULT_LIMITS) -> policeuk_duckdb.ArchiveCounts:
    """DuckDB's tables are exactly the pandas reader's (monthly, financial year, LSOA, duplicates)."""
    counted = policeuk_duckdb.count_archive(path, limits)
    archive = policeuk.read_archive(path)
    assert_frame_equal(counted.monthly, policeuk.monthly_counts(archive))
    assert_frame_equal(policeuk.by_financial_year(counted.monthly), policeuk.by_financial_year(policeuk.monthly_counts(archive)))
    assert_frame_equal(counted.lsoa, policeuk.lsoa_counts(archive))
    assert_frame_equal(counted.duplicates, policeuk.duplicate_crime_ids(archive.street))
    return counted


def test_duckdb_reader_gives_the_pandas_tables(archive_path):
    counted = assert_readers_agree(archive_path)
    assert counted.monthly["local_resolution_last"].tolist() == [2, 1]
    assert counted.monthly["local_resolution_events"].tolist() == [2, 3]
    assert counted.rows_read == 9 + 7                                   # street rows + outcome rows
    assert counted.lsoa["crimes"].sum() == 6


def test_duckdb_reader_on_the_mirror_months(mirror):
    files = policeuk.mirror_month_files(mirror=mirror)
    counted = policeuk_duckdb.count_files(files)
    archive = policeuk.load_mirror_months(mirror=mirror)
    assert_frame_equal(counted.monthly, policeuk.monthly_counts(archive))
    assert_frame_equal(counted.lsoa, policeuk.lsoa_counts(archive))
    assert counted.monthly["local_resolution_last"].sum() == 287 and counted.duplicates.empty


@pytest.mark.parametrize("as_zip", [False, True])
def test_duckdb_reader_on_a_synthetic_archive(tmp_path, as_zip, monkeypatch):
    scale = policeuk_archive.Scale(forces=4, months=3, street_rows_per_year=40_000, duplicate_id_rows=25)
    root = policeuk_archive.write_archive(tmp_path / "synthetic-police-uk", scale, log=None)
    assert all("synthetic" in f.name for f in root.rglob("*.csv"))
    path = policeuk_archive.zip_archive(root, tmp_path / "synthetic.zip") if as_zip else root
    monkeypatch.setattr(policeuk_duckdb, "BATCH_BYTES", 200_000)      # several batches of zip members
    counted = assert_readers_agree(path)
    assert counted.monthly["force"].nunique() == 4 and counted.monthly["month"].nunique() == 3
    assert counted.duplicates["rows"].tolist() == [26]                   # one ID on 26 rows, counted once
    assert counted.monthly["duplicate_rows"].sum() == 25


DUPLICATED = {
    "2016-03/2016-03-durham-street.csv": [
        STREET_HEAD,
        street("d1", "2016-03", "Shoplifting", "Local resolution"),
        street("d1", "2016-03", "Shoplifting", "Local resolution"),              # the same crime twice
        street("d2", "2016-03", "Burglary", "Under investigation"),
    ],
    "2016-04/2016-04-durham-street.csv": [
        STREET_HEAD,
        street("d2", "2016-04", "Burglary", "Local resolution"),                 # d2 again, a month later
        street("d3", "2016-04", "Drugs", "Local resolution"),
    ],
}


@pytest.mark.parametrize("as_zip", [False, True])
def test_duplicate_crime_ids_reported_and_counted_once(tmp_path, as_zip):
    path = write_zip(tmp_path / "d.zip", DUPLICATED) if as_zip else write_folder(tmp_path / "d", DUPLICATED)
    counted = assert_readers_agree(path)
    monthly = counted.monthly.set_index("month")
    assert monthly["crimes"].tolist() == [2, 1]                          # d1, d2 | d3 (d2's April row is a repeat)
    assert monthly["local_resolution_last"].tolist() == [1, 1]           # d1 once | d3
    assert monthly["duplicate_rows"].tolist() == [1, 1]
    assert counted.duplicates.to_dict("records") == [{"crime_id": "d1", "rows": 2}, {"crime_id": "d2", "rows": 2}]


def test_zip_refused_from_its_directory_before_reading(tmp_path):
    path = write_zip(tmp_path / "d.zip", FILES)
    with pytest.raises(BadInput, match=r"d.zip: the zip would expand to .* over the limit of 1000 bytes"):
        policeuk_duckdb.count_archive(path, policeuk.Limits(max_uncompressed_bytes=1000))
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:   # issue 17: one Crime ID on every row
        archive.writestr("2016-03-durham-street.csv", STREET_HEAD + "\n" + (street("x", "2016-03", "Drugs", "") + "\n") * 40_000)
    for reader in (policeuk_duckdb.count_archive, policeuk.read_archive):
        with pytest.raises(BadInput,
                           match=r"bomb.zip!2016-03-durham-street.csv: .* would expand to 4.\d MB \(\d+ times.*zip bomb"):
            reader(bomb)


def test_rows_read_are_capped(tmp_path):
    path = write_zip(tmp_path / "d.zip", FILES)
    with pytest.raises(BadInput, match=r"more than 5 rows, the limit"):
        policeuk_duckdb.count_archive(path, policeuk.Limits(max_rows=5))
    assert policeuk_duckdb.count_archive(path, policeuk.Limits(max_rows=16)).rows_read == 16


def test_duckdb_errors_name_file_row_and_column_as_pandas_does(tmp_path):
    bad = {"2016-03-durham-street.csv": [STREET_HEAD, street("a1", "2016-03", "Drugs", "Local resolution"),
                                         street("a2", "March 2016", "Drugs", "Local resolution")]}
    with pytest.raises(BadInput, match=r"2016-03-durham-street.csv, row 3, column Month: expected a month written YYYY-MM"):
        policeuk_duckdb.count_archive(write_folder(tmp_path / "a", bad))
    bad = {"2016-03-durham-street.csv": [STREET_HEAD,
                                         street("a1", "2016-03", "Drugs", "Local resolution", force="Gotham Police")]}
    with pytest.raises(BadInput, match=r"row 2, column Reported by: unknown force 'Gotham Police'"):
        policeuk_duckdb.count_archive(write_folder(tmp_path / "b", bad))
    bad = {"2016-03-durham-street.csv": ["Crime ID,Month,Crime type", "a1,2016-03,Drugs"]}
    with pytest.raises(BadInput, match=r"missing column\(s\) \['Reported by'"):
        policeuk_duckdb.count_archive(write_folder(tmp_path / "c", bad))
    bad = {"2016-03-durham-street.csv": [STREET_HEAD, street("a1", "2016-03", "Drugs", "Local resolution"),
                                         street("", "2016-03", "Drugs", "Local resolution")]}
    with pytest.raises(BadInput, match=r"row 3, column Crime ID: a crime \('Drugs'\) has no Crime ID"):
        policeuk_duckdb.count_archive(write_folder(tmp_path / "d", bad))


def test_aggregates_drop_northern_ireland_and_match_csv(mirror):
    path = mirror / "police-uk/aggregates/outcomes-by-year-force-crimetype-2012-16.csv"
    local, crimes, asb, psni = Counter(), Counter(), Counter(), 0
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            count = int(row["f0_"])
            if row["reported_by"] == "Police Service of Northern Ireland":
                psni += count
                continue
            key = (row["reported_by"], int(row["Year"]))
            if row["crime_type"] == "Anti-social behaviour":
                asb[key] += count
            else:
                crimes[key] += count
                if row["last_outcome_category"] == "Local resolution":
                    local[key] += count
    table = policeuk.load_aggregates(mirror=mirror)
    assert "Police Service of Northern Ireland" not in set(table["reported_by"])
    assert table["force"].nunique() == 44
    dropped = policeuk.dropped_from_aggregates(path)
    assert dropped["count"].sum() == psni > 0
    totals = policeuk.aggregate_totals(table).set_index(["force", "calendar_year"])
    for (name, year), force in [(("Durham Constabulary", 2015), "Durham"), (("Northumbria Police", 2014), "Northumbria"),
                                (("Devon & Cornwall Police", 2016), "Devon and Cornwall")]:
        assert totals.loc[(force, year), "local_resolution_last"] == local[(name, year)]
        assert totals.loc[(force, year), "crimes"] == crimes[(name, year)]
        assert totals.loc[(force, year), "asb"] == asb[(name, year)]
    assert totals["local_resolution_last"].sum() == sum(local.values())


def test_recorded_crime_parses_padding_and_zero(tmp_path):
    path = tmp_path / "pfa.csv"
    path.write_text(
        "Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,"
        "Number of Offences\n"
        "2017/18,1,Action Fraud,Fraud offences recorded by Action Fraud,Fraud offences,Fraud: action fraud,AF, 66776 \n"
        "2017/18,1,Durham,Burglary,Theft offences,Burglary,28, 12 \n"
        "2017/18,2,Durham,Burglary,Theft offences,Burglary,28,-00 \n"
        "2017/18,2,Durham Constabulary,Arson,Criminal damage and arson,Arson,56, 3 \n"
        "2017/18,3,UK Finance,Fraud,Fraud offences,Fraud: UK Finance,UKF, 5 \n", encoding="utf-8")
    table = recorded_crime.read_pfa_table(path)
    assert table["offences"].tolist() == [66776, 12, 0, 3, 5]
    assert table.loc[table["force"] == "Action Fraud", "body"].item() == recorded_crime.FRAUD_BODY
    totals = recorded_crime.force_year_totals(table)
    assert totals.to_dict("records") == [{"force": "Durham", "financial_year": "2017/18", "recorded_crimes": 15, "quarters": 2}]
    assert recorded_crime.fraud_body_totals(table)["recorded_crimes"].sum() == 66781
    path.write_text(path.read_text().replace(" 12 ", " twelve "), encoding="utf-8")
    with pytest.raises(BadInput, match=r"row 3, column Number of Offences"):
        recorded_crime.read_pfa_table(path)


def test_recorded_crime_on_the_mirror(mirror):
    table = recorded_crime.load_recorded_crime(mirror=mirror)
    assert recorded_crime.recorded_crimes("Durham", "2017/18", table=table) == 61150       # the mirror README's figure
    assert set(table.loc[table["body"] == recorded_crime.FRAUD_BODY, "force"]) == set(recorded_crime.FRAUD_BODIES)
    totals = recorded_crime.force_year_totals(table)
    assert len(totals) == 44 and not totals["force"].isin(recorded_crime.FRAUD_BODIES).any()


# --------------------------------------------------------------------------- notebook 8


def csv_counts(mirror: Path) -> dict:
    """Figures the notebook should show, computed with the csv module only."""
    out: dict = {"pu": Counter(), "ho": {}, "rc": Counter(), "months_last": 0, "months_events": 0, "months_asb": 0}
    with open(mirror / "police-uk/aggregates/outcomes-by-year-force-crimetype-2012-16.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["last_outcome_category"] == "Local resolution" and row["crime_type"] != "Anti-social behaviour":
                out["pu"][(row["reported_by"], int(row["Year"]))] += int(row["f0_"])
    with open(mirror / "home-office/outcomes/force-year-outcome-totals-2014-15-to-2025-26.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            out["ho"][(row["force"], row["fy"])] = int(row["closed_all_t8"])
    with open(mirror / "home-office/recorded-crime/prc-pfa-mar2013-onwards-tables201718.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            value = row["Number of Offences"].strip()
            out["rc"][row["Force Name"]] += 0 if value == "-00" else int(value)
    for month in range(1, 7):
        with open(mirror / f"police-uk/northumbria/2014-{month:02d}-northumbria-street.csv", newline="") as handle:
            for row in csv.DictReader(handle):
                out["months_asb"] += row["Crime type"] == "Anti-social behaviour"
                out["months_last"] += row["Last outcome category"] == "Local resolution"
        with open(mirror / f"police-uk/northumbria/2014-{month:02d}-northumbria-outcomes.csv", newline="") as handle:
            out["months_events"] += sum(row["Outcome type"] == "Local resolution" for row in csv.DictReader(handle))
    return out


@pytest.mark.notebook
def test_notebook_8_durham(run_notebook, mirror):
    found = run_notebook("8-police-uk", area="Durham")
    figures = {k: v["value"] for k, v in found["figures"].items()}
    expected = csv_counts(mirror)
    for year, fy in [(2014, "2014_15"), (2015, "2015_16"), (2016, "2016_17")]:
        assert figures[f"durham_{year}_policeuk_local_resolution"] == expected["pu"][("Durham Constabulary", year)]
        assert figures[f"durham_{fy}_home_office_community_resolutions"] == expected["ho"][("Durham", fy.replace("_", "/"))]
    assert figures["durham_recorded_crimes_2017_18"] == expected["rc"]["Durham"] == 61150
    assert figures["durham_community_resolutions_2017_18"] == expected["ho"][("Durham", "2017/18")]
    assert figures["durham_share_of_recorded_crimes_2017_18"] == pytest.approx(expected["ho"][("Durham", "2017/18")] / 61150)
    assert figures["months_available"] is False
    assert "2,156" in found["sentences"][0] and "2,496" in found["sentences"][0]      # the lead: 2016 against 2016/17
    assert any("no police.uk monthly files" in s.lower() for s in found["sentences"])
    html = (Path(found["_folder"]) / "8-police-uk.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in html and "policeuk-outcomes-by-year-force-crimetype-2012-16" in html


@pytest.mark.notebook
def test_notebook_8_northumbria_months(run_notebook, mirror):
    found = run_notebook("8-police-uk", area="Northumbria")
    figures = {k: v["value"] for k, v in found["figures"].items()}
    expected = csv_counts(mirror)
    assert figures["months_available"] is True
    assert figures["northumbria_months_local_resolution_last"] == expected["months_last"] == 287
    assert figures["northumbria_months_local_resolution_events"] == expected["months_events"] == 295
    assert figures["northumbria_months_asb"] == expected["months_asb"]
    assert figures["northumbria_2015_policeuk_local_resolution"] == expected["pu"][("Northumbria Police", 2015)]
    assert figures["northumbria_2014_15_home_office_year"] == expected["ho"][("Northumbria", "2014/15")]
    assert figures["northumbria_2014_15_months_in_files"] == 3                       # April-June 2014
    assert figures["aggregates_dropped_rows"] > 0
    html = (Path(found["_folder"]) / "8-police-uk.html").read_text(encoding="utf-8")
    assert "policeuk-northumbria-2014-06-outcomes" in html


@pytest.mark.notebook
def test_notebook_8_with_a_zip_of_months(run_notebook, tmp_path_factory):
    path = write_zip(tmp_path_factory.mktemp("zip") / "durham-2016.zip", FILES)
    found = run_notebook("8-police-uk", area="Durham", policeuk=str(path))
    figures = {k: v["value"] for k, v in found["figures"].items()}
    assert figures["durham_months_local_resolution_last"] == 3 and figures["durham_months_local_resolution_events"] == 5


@pytest.mark.notebook
@pytest.mark.parametrize("area", ["British Transport Police", "City of London", "Dyfed-Powys", "north-east-and-north-yorkshire"])
def test_notebook_8_other_areas(run_notebook, area):
    found = run_notebook("8-police-uk", area=area)
    assert found["sentences"]
    if area == "British Transport Police":
        assert any("no outcome for any of them" in s for s in found["sentences"])
        assert "british-transport-police_2016_policeuk_local_resolution" not in found["figures"]


def csv_council_areas(mirror: Path) -> dict[str, list[int]]:
    """Council area → [crimes, Local resolution as last outcome] in the mirror's Northumbria street
    files, with the csv module only: the LSOA name less its trailing code, ASB left out, each Crime
    ID once."""
    out: dict[str, list[int]] = {}
    seen: set[str] = set()
    for month in range(1, 7):
        path = mirror / f"police-uk/northumbria/2014-{month:02d}-northumbria-street.csv"
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                if row["Crime type"] == "Anti-social behaviour" or row["Crime ID"] in seen:
                    continue
                seen.add(row["Crime ID"])
                name = row["LSOA name"].strip()
                area = name.rsplit(" ", 1)[0] if name[-4:-1].isdigit() and name[-1].isupper() else (name or "No location")
                counts = out.setdefault(area, [0, 0])
                counts[0] += 1
                counts[1] += row["Last outcome category"] == "Local resolution"
    return out


@pytest.mark.notebook
def test_notebook_8_northumbria_by_council_area(run_notebook, mirror):
    found = run_notebook("8-police-uk", area="Northumbria", local_area="Sunderland")
    figures = {k: v["value"] for k, v in found["figures"].items()}
    expected = csv_council_areas(mirror)
    assert set(expected) >= {"Newcastle upon Tyne", "Sunderland", "Gateshead", "North Tyneside", "South Tyneside",
                             "Northumberland"}
    for area, (crimes, local) in expected.items():
        key = "northumbria_council_" + area.lower().replace(" ", "-")
        assert figures[f"{key}_crimes"] == crimes, area
        assert figures[f"{key}_local_resolution_last"] == local, area
    assert sum(local for _, local in expected.values()) == 287                # the month-by-month total
    total = sum(crimes for crimes, _ in expected.values())
    ranked = sorted((-local, area) for area, (crimes, local) in expected.items() if crimes >= 0.01 * total)
    assert figures["local_area_local_resolution_last"] == expected["Sunderland"][1]
    assert figures["local_area_crimes"] == expected["Sunderland"][0]
    assert figures["local_area_rank"] == 1 + [area for _, area in ranked].index("Sunderland")
    assert figures["local_area_ranked_areas"] == len(ranked) == 6             # County Durham's few crimes are not ranked
    crimes, local = expected["Sunderland"]
    opening = f"Sunderland: {local} of its {crimes:,} crimes recorded January to June 2014"
    assert any(s.startswith(opening) for s in found["sentences"])
    html = (Path(found["_folder"]) / "8-police-uk.html").read_text(encoding="utf-8")
    assert "Below the force: council areas and neighbourhoods" in html and "by council area, Northumbria Police" in html
    assert "Sunderland 013B" in html


@pytest.mark.notebook
def test_notebook_8_unknown_local_area_names_the_closest(mirror, tmp_path):
    from community_resolutions import publish

    with pytest.raises(Exception, match=r"local area 'Sunderlnd' is not a council area .* Closest: Sunderland"):
        publish.run_notebook("8-police-uk", {"area": "Northumbria", "local_area": "Sunderlnd", "mirror": str(mirror)}, tmp_path)
