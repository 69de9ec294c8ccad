"""police.uk monthly archives counted with DuckDB, straight from the CSV files (issue 16, item 3).

Gives the same tables as :mod:`policeuk`'s pandas reader (:func:`policeuk.monthly_counts`,
:func:`policeuk.lsoa_counts`, :func:`policeuk.duplicate_crime_ids`) for a folder, a zip, the
official all-forces layout (``YYYY-MM/YYYY-MM-<force>-street.csv`` and ``-outcomes.csv``) or a list
of files, without loading every row into pandas:

* files on disk are read by DuckDB directly, many at once;
* a zip is checked from its central directory first (:func:`policeuk.check_zip`: total size and
  compression ratio), then its members are copied out a batch at a time (at most
  ``BATCH_BYTES`` of CSV on disk at once, each copy stopped at the size the directory declares),
  read, and deleted;
* at most ``limits.max_rows`` rows are read (street and outcomes together), else a clear error;
* no row is kept: street files are scanned into counts per file, month, force name and
  neighbourhood (a few thousand rows per force and month), plus one 64-bit hash per Crime ID
  (8 bytes a crime); outcomes files into counts per file, month and force;
* Crime IDs on several street rows (same hash) are read again, from the files holding them only,
  compared exactly, reported (:attr:`ArchiveCounts.duplicates`) and each crime counted once, keeping
  the row :data:`policeuk.DEDUP_ORDER` puts first, as the pandas reader does.

A file DuckDB finds wrong (a bad month, an unknown force, a crime without an ID) is read again
with the pandas reader, so the error names the file, row and column exactly as it would.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

from . import areas
from .outcomes import BadInput
from .policeuk import (
    ANTI_SOCIAL_BEHAVIOUR,
    DEDUP_ORDER,
    DEFAULT_LIMITS,
    DROPPED_FORCES,
    LOCAL_RESOLUTION,
    OUTCOME_COLUMNS,
    PENDING_OUTCOMES,
    STREET_COLUMNS,
    ArchiveFile,
    Limits,
    archive_files,
    assemble_monthly,
    read_outcomes_file,
    read_street_file,
    tidy_lsoa_counts,
)

#: DuckDB's memory limit; past it, DuckDB spills to the temporary folder.
MEMORY_LIMIT = "1GB"
#: Most bytes of CSV read in one batch (zip members copied out at once, rows held in one narrow table).
BATCH_BYTES = 256 * 1024 ** 2
_MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
_READ_OPTIONS = "header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', filename = true"


def _read_options(header: tuple[str, ...]) -> str:
    """read_csv options for files with this header: every column text, no sniffing (the header
    was read and checked already; sniffing each file cost more than reading it)."""
    columns = ", ".join(f"{_quote(name)}: 'VARCHAR'" for name in header)
    return f"{_READ_OPTIONS}, columns = {{{columns}}}"


@dataclass
class ArchiveCounts:
    """What a reader makes of an archive: the monthly table, crimes per neighbourhood, repeated
    Crime IDs, the files read and the rows read."""

    monthly: pd.DataFrame
    lsoa: pd.DataFrame
    duplicates: pd.DataFrame
    files: list[str]
    rows_read: int


def count_archive(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> ArchiveCounts:
    """Count a folder or zip of police.uk monthly files (any forces, any months) with DuckDB."""
    return count_files(archive_files(path, limits), limits)


def count_files(files: list[ArchiveFile], limits: Limits = DEFAULT_LIMITS) -> ArchiveCounts:
    """Count these police.uk files with DuckDB (zip members copied out a batch at a time into a
    temporary folder, removed afterwards)."""
    headers = [_check_header(file) for file in files]
    workdir = Path(tempfile.mkdtemp(prefix="policeuk-duckdb-"))
    try:
        with _connect(workdir) as con:
            reader = _Reader(con, files, headers, workdir, limits)
            reader.read_all()
            groups, events = _checked_groups(con, files)
            dropped, duplicates = reader.repeated_rows()
            return _counts(groups, events, dropped, duplicates, [f.name for f in files], reader.rows)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# --------------------------------------------------------------------------- reading


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The one value an aggregate query returns."""
    row = con.execute(sql).fetchone()
    assert row is not None, sql  # an aggregate always returns one row
    return row[0]


def _connect(workdir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the small tables the scans fill, spilling to ``workdir`` past
    :data:`MEMORY_LIMIT`."""
    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(workdir / "spill"),
                                 "preserve_insertion_order": False})
    con.execute("CREATE TABLE names (path VARCHAR, file_no INTEGER)")
    con.execute("CREATE TABLE ids (h UBIGINT, file_no INTEGER)")
    con.execute(f"CREATE TABLE street_groups ({_GROUP_COLUMNS}, rows BIGINT, crimes BIGINT, asb BIGINT, "
                "local_resolution_last BIGINT, no_final_outcome BIGINT, crimes_without_id BIGINT, rows_with_id BIGINT)")
    con.execute("CREATE TABLE event_groups (file_no INTEGER, month VARCHAR, reported_by VARCHAR, outcome_events BIGINT, "
                "local_resolution_events BIGINT, empty_outcomes BIGINT)")
    con.execute(f"CREATE TABLE repeated (crime_id VARCHAR, {_GROUP_COLUMNS}, crime_type VARCHAR, last_outcome VARCHAR)")
    return con


def _check_header(file: ArchiveFile) -> tuple[str, ...]:
    """The file's header (read from the first line only), checked for every column its kind needs."""
    expected = STREET_COLUMNS if file.kind == "street" else OUTCOME_COLUMNS
    try:
        with file.opener() as handle:
            first = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="").readline()
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise BadInput(f"{file.name}: the file is damaged or incomplete (a partial download?); "
                       f"download it again ({error})") from None
    except UnicodeDecodeError as error:
        raise BadInput(f"{file.name}: not a readable CSV file ({error})") from None
    columns = [c.strip() for c in next(csv.reader([first]), [])]
    missing = [c for c in expected if c not in columns]
    if missing:
        raise BadInput(f"{file.name}: missing column(s) {missing}; expected the police.uk {file.kind} columns "
                       f"{expected}, found {columns}")
    return tuple(next(csv.reader([first.rstrip("\r\n")]), []))


_GROUP_COLUMNS = "file_no INTEGER, month VARCHAR, reported_by VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR"


def _text(column: str) -> str:
    """A CSV column as the pandas reader sees it: empty for missing, spaces trimmed."""
    return f"trim(coalesce(\"{column}\", ''))"


_IS_CRIME = f"{_text('Crime type')} <> '{ANTI_SOCIAL_BEHAVIOUR}'"
_PENDING = "(" + ", ".join("'" + p + "'" for p in PENDING_OUTCOMES) + ")"
_HAS_ID = f"{_text('Crime ID')} <> ''"
# Street files are parsed once per batch into a narrow table: per row the file, month, force name,
# neighbourhood, flags, and a 64-bit hash of the Crime ID (crimes with an ID only, else NULL).
_BATCH_SELECT = f"""SELECT n.file_no, "Month" AS month, "Reported by" AS reported_by, "LSOA code" AS lsoa_code,
    "LSOA name" AS lsoa_name, {_IS_CRIME} AS is_crime, {_HAS_ID} AS has_id,
    {_text('Last outcome category')} = '{LOCAL_RESOLUTION}' AS local_resolution,
    {_text('Last outcome category')} IN {_PENDING} AS pending,
    CASE WHEN {_IS_CRIME} AND {_HAS_ID} THEN hash({_text('Crime ID')}) END AS h"""
# ... then counted per file, month, force name and neighbourhood, as written (trimmed later, on few rows).
_STREET_GROUPS = """INSERT INTO street_groups SELECT file_no, month, reported_by, lsoa_code, lsoa_name, count(*),
    count(*) FILTER (is_crime), count(*) FILTER (NOT is_crime), count(*) FILTER (is_crime AND local_resolution),
    count(*) FILTER (is_crime AND pending), count(*) FILTER (is_crime AND NOT has_id), count(*) FILTER (has_id)
    FROM batch GROUP BY ALL"""
_EVENTS_SELECT = (f"SELECT n.file_no, {_text('Month')}, {_text('Reported by')}, count(*), "
                  f"count(*) FILTER ({_text('Outcome type')} = '{LOCAL_RESOLUTION}'), "
                  f"count(*) FILTER ({_text('Outcome type')} = '')")
# Scan 3 (only files holding a repeated hash): those rows in full.
_REPEATED_SELECT = (f"SELECT {_text('Crime ID')}, n.file_no, {_text('Month')}, {_text('Reported by')}, {_text('LSOA code')}, "
                    f"{_text('LSOA name')}, {_text('Crime type')}, {_text('Last outcome category')}")


class _Reader:
    """Scans the files in batches into the small tables, counting rows against the limit."""

    def __init__(self, con: duckdb.DuckDBPyConnection, files: list[ArchiveFile], headers: list[tuple[str, ...]], workdir: Path,
                 limits: Limits):
        self.con, self.files, self.headers, self.workdir, self.limits, self.rows = con, files, headers, workdir, limits, 0

    def read_all(self) -> None:
        for batch in _batches([(n, f) for n, f in enumerate(self.files)], self.headers):
            with _on_disk(batch, self.workdir / "members") as paths:
                self._register(paths)
                if batch[0][1].kind == "street":
                    self._street(paths)
                else:
                    self._events(paths)

    def repeated_rows(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Rows left out as repeats of a Crime ID (per file, month, force name and neighbourhood,
        with what they would have counted) and the table of repeated IDs."""
        self.con.execute("CREATE TABLE repeated_hashes AS SELECT h FROM ids WHERE h IS NOT NULL GROUP BY h HAVING count(*) > 1")
        holding = {n for (n,) in self.con.execute(
            "SELECT DISTINCT file_no FROM ids WHERE h IN (SELECT h FROM repeated_hashes)").fetchall()}
        wanted = [(n, f) for n, f in enumerate(self.files) if n in holding]
        for batch in _batches(wanted, self.headers):
            with _on_disk(batch, self.workdir / "members") as paths:
                self._register(paths)
                self._sql(paths, f"INSERT INTO repeated {_REPEATED_SELECT} FROM {self._source(paths)} "
                                 f"WHERE {_IS_CRIME} AND {_HAS_ID} "
                                 f"AND hash({_text('Crime ID')}) IN (SELECT h FROM repeated_hashes)")
        return _dropped(self.con, self.files)

    def _register(self, paths: list[tuple[int, str, str]]) -> None:
        self.con.execute("DELETE FROM names")
        self.con.executemany("INSERT INTO names VALUES (?, ?)", [[path, number] for number, path, _ in paths])

    def _source(self, paths: list[tuple[int, str, str]], limit: int | None = None) -> str:
        listed = "[" + ", ".join(_quote(path) for _, path, _ in paths) + "]"
        options = _read_options(self.headers[paths[0][0]])
        rows = f"SELECT * FROM read_csv({listed}, {options})" + (f" LIMIT {limit}" if limit else "")
        return f"({rows}) r JOIN names n ON r.filename = n.path"

    def _street(self, paths: list[tuple[int, str, str]]) -> None:
        room = self.limits.max_rows - self.rows + 1
        self._sql(paths, f"CREATE OR REPLACE TEMP TABLE batch AS {_BATCH_SELECT} FROM {self._source(paths, room)}")
        self._count_rows(paths, _scalar(self.con, "SELECT count(*) FROM batch"))
        self.con.execute("INSERT INTO ids SELECT h, file_no FROM batch WHERE h IS NOT NULL")
        self.con.execute(_STREET_GROUPS)
        self.con.execute("DROP TABLE batch")

    def _events(self, paths: list[tuple[int, str, str]]) -> None:
        room = self.limits.max_rows - self.rows + 1
        self._sql(paths, f"INSERT INTO event_groups {_EVENTS_SELECT} FROM {self._source(paths, room)} GROUP BY ALL")
        numbers = ", ".join(str(number) for number, _, _ in paths)
        self._count_rows(paths, _scalar(
            self.con, f"SELECT coalesce(sum(outcome_events), 0) FROM event_groups WHERE file_no IN ({numbers})"))

    def _count_rows(self, paths: list[tuple[int, str, str]], added: int) -> None:
        self.rows += int(added)
        if self.rows > self.limits.max_rows:
            raise BadInput(f"{paths[-1][2]}: the archive holds more than {self.limits.max_rows:,} rows, the limit; "
                           "read fewer months or forces at a time, or raise the limit")

    def _sql(self, paths: list[tuple[int, str, str]], sql: str) -> None:
        try:
            self.con.execute(sql)
        except duckdb.Error as error:
            first_line = str(error).strip().splitlines()[0]
            raise BadInput(f"{paths[0][2]}{' (or a file read with it)' if len(paths) > 1 else ''}: "
                           f"not a readable CSV file ({first_line})") from None


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _batches(files: list[tuple[int, ArchiveFile]], headers: list[tuple[str, ...]]) -> Iterator[list[tuple[int, ArchiveFile]]]:
    """Files of one kind and one header together, at most :data:`BATCH_BYTES` of CSV a batch
    (bounding both the narrow table a batch makes and the zip members copied out at once)."""
    for kind in ("street", "outcomes"):
        batch: list[tuple[int, ArchiveFile]] = []
        size = 0
        for number, file in ((n, f) for n, f in files if f.kind == kind):
            if batch and (size + file.size > BATCH_BYTES or headers[number] != headers[batch[0][0]]):
                yield batch
                batch, size = [], 0
            batch.append((number, file))
            size += file.size
        if batch:
            yield batch


class _on_disk:
    """Context manager: (number, path on disk, display name) for each file; zip members copied
    out into ``folder`` (each copy stopped at its declared size) and deleted on exit."""

    def __init__(self, files: list[tuple[int, ArchiveFile]], folder: Path):
        self.files, self.folder = files, folder
        self.copies: list[Path] = []

    def __enter__(self) -> list[tuple[int, str, str]]:
        paths = []
        for number, file in self.files:
            if file.path:
                paths.append((number, file.path, file.name))
                continue
            self.folder.mkdir(parents=True, exist_ok=True)
            copy = self.folder / f"member-{number}.csv"
            self.copies.append(copy)
            _copy_member(file, copy)
            paths.append((number, str(copy), file.name))
        return paths

    def __exit__(self, *exc) -> None:
        for copy in self.copies:
            copy.unlink(missing_ok=True)


def _copy_member(file: ArchiveFile, target: Path) -> None:
    """Copy a zip member out, refusing it if it yields more than its declared size."""
    written = 0
    try:
        with file.opener() as source, open(target, "wb") as out:
            while chunk := source.read(1024 ** 2):
                written += len(chunk)
                if written > file.size:
                    raise BadInput(f"{file.name}: the member expands beyond the {file.size:,} bytes the zip declares; "
                                   "refused as a damaged or hostile zip")
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise BadInput(f"{file.name}: the file is damaged or incomplete (a partial download?); "
                       f"download it again ({error})") from None


# --------------------------------------------------------------------------- checks and counts


def _stripped(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Text columns as the pandas reader sees them (missing → empty, surrounding spaces gone)."""
    return table.assign(**{c: table[c].fillna("").astype(str).str.strip() for c in columns})


def _checked_groups(con: duckdb.DuckDBPyConnection, files: list[ArchiveFile]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The street and events group tables, stripped, checked, with the canonical ``force``
    (rows of :data:`DROPPED_FORCES` left out). A file that fails a check is read again with the
    pandas reader, whose message names the row and column."""
    text = ["month", "reported_by", "lsoa_code", "lsoa_name"]
    groups = _stripped(con.execute("SELECT * FROM street_groups").df(), text)
    events = _stripped(con.execute("SELECT * FROM event_groups").df(), ["month", "reported_by"])
    bad_month = pd.concat([groups.loc[~groups["month"].str.match(_MONTH_PATTERN), "file_no"],
                           events.loc[~events["month"].str.match(_MONTH_PATTERN), "file_no"]])
    ids = groups.groupby("file_no")[["crimes_without_id", "rows_with_id"]].sum()
    no_id = ids.index[(ids["crimes_without_id"] > 0) & (ids["rows_with_id"] > 0)].to_series()
    empty_outcome = events.loc[events["empty_outcomes"] > 0, "file_no"]
    failing = sorted(set(bad_month) | set(no_id) | set(empty_outcome))
    if failing:
        _raise_as_pandas(files[failing[0]], "a value the pandas reader refuses")
    forces = _forces(pd.concat([groups[["reported_by", "file_no"]], events[["reported_by", "file_no"]]]), files)
    groups = groups.assign(force=groups["reported_by"].map(forces))
    events = events.assign(force=events["reported_by"].map(forces))
    return groups[groups["force"].notna()], events[events["force"].notna()]


def _forces(names: pd.DataFrame, files: list[ArchiveFile]) -> dict[str, str | None]:
    """Each "Reported by" name → canonical force (None for :data:`DROPPED_FORCES`)."""
    mapping: dict[str, str | None] = {}
    for name, first_file in names.groupby("reported_by")["file_no"].min().items():
        if name in DROPPED_FORCES:
            mapping[name] = None
            continue
        try:
            mapping[name] = areas.canonical_force(name)
        except areas.UnknownArea as error:
            _raise_as_pandas(files[first_file], f"column Reported by: {error}")
    return mapping


def _raise_as_pandas(file: ArchiveFile, problem: str) -> None:
    """Read the one failing file with the pandas reader, whose message names row and column."""
    reader = read_street_file if file.kind == "street" else read_outcomes_file
    reader(file)
    raise BadInput(f"{file.name}: {problem}")


def _dropped(con: duckdb.DuckDBPyConnection, files: list[ArchiveFile]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Of the rows sharing a Crime ID (forces of England and Wales only), those after the first in
    :data:`DEDUP_ORDER`, and the table of repeated IDs (``crime_id``, ``rows``)."""
    rows = con.execute("SELECT * FROM repeated").df()
    rows = rows.assign(force=rows["reported_by"].map(_force_or_none), file=rows["file_no"].map(lambda n: files[n].name))
    rows = rows[rows["force"].notna()]
    ordered = rows.sort_values(["crime_id", *DEDUP_ORDER], kind="stable")
    dropped = ordered[ordered["crime_id"].duplicated(keep="first")]
    counts = rows["crime_id"].value_counts()
    duplicates = counts[counts > 1].rename("rows").rename_axis("crime_id").reset_index()
    duplicates = duplicates.sort_values(["rows", "crime_id"], ascending=[False, True]).reset_index(drop=True)
    return dropped, duplicates.astype({"rows": "int64"})


def _force_or_none(name: str) -> str | None:
    return None if name in DROPPED_FORCES else areas.canonical_force(name)


def _counts(groups: pd.DataFrame, events: pd.DataFrame, dropped: pd.DataFrame, duplicates: pd.DataFrame,
            names: list[str], rows_read: int) -> ArchiveCounts:
    """The monthly and neighbourhood tables from the checked groups, repeats taken out."""
    keys = ["force", "month", "lsoa_code", "lsoa_name"]
    counted = ["crimes", "asb", "local_resolution_last", "no_final_outcome"]
    by_lsoa = groups.groupby(keys)[counted].sum()
    out = dropped.assign(crimes=1, asb=0, local_resolution_last=dropped["last_outcome"] == LOCAL_RESOLUTION,
                         no_final_outcome=dropped["last_outcome"].isin(PENDING_OUTCOMES))
    by_lsoa = by_lsoa.sub(out.groupby(keys)[counted].sum(), fill_value=0).astype("int64").reset_index()
    street = by_lsoa.groupby(["force", "month"])[counted].sum()
    repeats = dropped.groupby(["force", "month"]).size().rename("duplicate_rows")
    street = street.join(repeats, how="outer").fillna(0).astype("int64").reset_index()
    event_table = (events.groupby(["force", "month"])[["outcome_events", "local_resolution_events"]]
                   .sum().astype("int64").reset_index())
    monthly = assemble_monthly(street, event_table)
    lsoa = tidy_lsoa_counts(by_lsoa[by_lsoa["crimes"] > 0])
    return ArchiveCounts(monthly, lsoa, duplicates, names, rows_read)
