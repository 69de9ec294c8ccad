"""police.uk's picture of community resolutions: the monthly archive files and the 2012-2016 aggregates.

On police.uk a community resolution (Home Office outcome type 8) is shown as the outcome
**"Local resolution"**. police.uk publishes, per force and month:

* a **street** file (``YYYY-MM-<force>-street.csv``): one row per crime or anti-social behaviour
  incident recorded that month, with the crime's *last* outcome when the file was made;
* an **outcomes** file (``YYYY-MM-<force>-outcomes.csv``): one row per outcome *event* recorded
  that month, whenever the crime was recorded, so one crime can appear in several months.

So "Local resolution" can be counted two ways, and this module gives both:
``local_resolution_last`` (crimes whose last outcome is Local resolution, by the month the crime
was recorded) and ``local_resolution_events`` (Local resolution outcome events, by the month the
outcome was recorded). The first is close to the Home Office's "recorded" basis, the second to
its "closed" basis.

**Anti-social behaviour is not a crime**: its rows (no Crime ID, crime type "Anti-social
behaviour") are kept in the tables, flagged ``is_crime = False``, counted apart (``asb``) and
never enter a crime count. The category lists are not closed (later archives add "Status update
unavailable" and others): any category passes through as written.

Canonical tables
----------------
:data:`STREET_TABLE_COLUMNS` (one row per street-file row) and :data:`OUTCOME_TABLE_COLUMNS`
(one row per outcome event): ``force`` is the canonical short name (:func:`areas.canonical_force`
of "Reported by"), ``month`` is ``YYYY-MM``, ``calendar_year`` an int and ``financial_year`` the
Home Office label of the financial year the month falls in (April starts the year).

The aggregates (:func:`read_aggregates`, calendar years 2012-2016 for every force) have
:data:`AGGREGATE_COLUMNS`; "Police Service of Northern Ireland" is dropped (not in England and
Wales, see :data:`DROPPED_FORCES`).

>>> month_financial_year("2014-03"), month_financial_year("2014-04")
('2013/14', '2014/15')
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable

import pandas as pd

from . import sources
from .outcomes import BadInput, _cached_parquet, canonical_forces
from .params import financial_year

LOCAL_RESOLUTION = "Local resolution"
ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"
NO_OUTCOME = "(no outcome recorded)"

STREET_COLUMNS = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]
OUTCOME_COLUMNS = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Outcome type",
]
AGGREGATE_RAW_COLUMNS = ["Year", "f0_", "crime_type", "reported_by", "last_outcome_category"]

STREET_TABLE_COLUMNS = [
    "crime_id", "month", "calendar_year", "financial_year", "force", "reported_by", "falls_within",
    "crime_type", "last_outcome", "is_crime", "lsoa_code", "lsoa_name", "file",
]
OUTCOME_TABLE_COLUMNS = [
    "crime_id", "month", "calendar_year", "financial_year", "force", "reported_by", "falls_within",
    "outcome_type", "lsoa_code", "file",
]
#: :func:`monthly_counts` columns, in order (both readers: this module's pandas one and ``policeuk_duckdb``).
MONTHLY_COLUMNS = [
    "force", "month", "calendar_year", "financial_year", "has_street_file", "has_outcomes_file", "crimes", "asb",
    "local_resolution_last", "no_final_outcome", "outcome_events", "local_resolution_events", "duplicate_rows",
]
#: :func:`lsoa_counts` columns: crimes and Local resolution (last outcome) per force, month and LSOA.
LSOA_COLUMNS = ["force", "month", "lsoa_code", "lsoa_name", "crimes", "local_resolution_last"]
#: Last outcomes that mean "no final outcome yet".
PENDING_OUTCOMES = ("", "Under investigation", "Status update unavailable")
#: Among street rows sharing a Crime ID, the one kept is the first in this order (a content order, so
#: both readers keep the same row whatever order they read rows in).
DEDUP_ORDER = ["file", "month", "crime_type", "last_outcome", "lsoa_code", "lsoa_name", "reported_by"]

AGGREGATE_COLUMNS = ["calendar_year", "force", "reported_by", "crime_type", "last_outcome", "is_crime", "count"]

#: Names in police.uk files that are not forces of England and Wales: dropped, with the reason.
DROPPED_FORCES: dict[str, str] = {
    "Police Service of Northern Ireland": ("Northern Ireland is not in England and Wales "
                                           "(the Home Office tables cover England and Wales only)"),
}

_FILE_NAME = re.compile(r"^(?P<month>\d{4}-\d{2})-(?P<force>.+)-(?P<kind>street|outcomes|stop-and-search)\.csv$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def month_financial_year(month: str) -> str:
    """The Home Office financial year (April to March) a ``YYYY-MM`` month falls in.

    >>> month_financial_year("2015-12"), month_financial_year("2016-01"), month_financial_year("2016-04")
    ('2015/16', '2015/16', '2016/17')
    """
    year, number = int(month[:4]), int(month[5:7])
    return financial_year(year if number >= 4 else year - 1)


def financial_year_calendar_pair(label: str) -> int:
    """The calendar year holding most of a financial year (nine of its twelve months).

    >>> financial_year_calendar_pair("2015/16")
    2015
    """
    return int(label[:4])


# --------------------------------------------------------------------------- archive files


@dataclass(frozen=True)
class ArchiveFile:
    """One monthly file in a folder or zip."""

    name: str          # path inside the folder or zip, as shown in messages
    month: str         # YYYY-MM from the file name
    force_slug: str    # e.g. "northumbria", "durham", "btp"
    kind: str          # "street" or "outcomes"
    opener: Callable[[], IO[bytes]] = field(compare=False, repr=False)
    path: str | None = field(default=None, compare=False)  # the file on disk; None for a zip member
    size: int = field(default=0, compare=False)             # bytes (uncompressed for a zip member)


def _file_opener(path: Path) -> Callable[[], IO[bytes]]:
    """Opens the file, in binary, each time it is called."""
    return lambda: open(path, "rb")


def _member_opener(archive: zipfile.ZipFile, member: str) -> Callable[[], IO[bytes]]:
    """Opens the zip member each time it is called."""
    return lambda: archive.open(member)


GIB = 1024 ** 3


@dataclass(frozen=True)
class Limits:
    """What a police.uk archive may hold before it is refused (issue 17: a 2.4 MB zip became 2.3 GB).

    ``max_uncompressed_bytes`` and ``max_ratio`` are checked from a zip's central directory before
    anything is read; ``max_rows`` while reading (street and outcomes rows together). Real police.uk
    CSV files compress 4-6 times; the whole archive for 44 forces and three years is about 8 GB.
    """

    max_uncompressed_bytes: int = 16 * GIB
    max_ratio: float = 50.0
    max_rows: int = 100_000_000


DEFAULT_LIMITS = Limits()


def _size(number: float) -> str:
    """Bytes in words.

    >>> _size(2.3 * 1024 ** 3), _size(512)
    ('2.3 GB', '512 bytes')
    """
    for unit, scale in (("GB", GIB), ("MB", 1024 ** 2), ("KB", 1024)):
        if number >= scale:
            return f"{number / scale:.1f} {unit}"
    return f"{int(number)} bytes"


def check_zip(archive: zipfile.ZipFile, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a zip whose central directory says it expands too far, before reading any member.

    Every member counts towards the total, CSV or not; each member's own compression ratio is
    checked too (a zip bomb hides in one member).
    """
    members = [m for m in archive.infolist() if not m.is_dir()]
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise BadInput(f"{name}: the zip would expand to {_size(total)}, over the limit of "
                       f"{_size(limits.max_uncompressed_bytes)}; split the archive (by year or force) or raise the limit")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 ** 2 and ratio > limits.max_ratio:
            raise BadInput(f"{name}!{member.filename}: {_size(member.compress_size)} would expand to {_size(member.file_size)} "
                           f"({ratio:.0f} times; police.uk files compress about 5 times, the limit is "
                           f"{limits.max_ratio:.0f}): refused as a possible zip bomb")


def archive_files(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> list[ArchiveFile]:
    """Every street and outcomes file in a folder (searched recursively) or a zip, in order.

    Both the official archive layout (``2014-01/2014-01-durham-street.csv``) and flat folders
    (``2014-01-durham-street.csv``) are read. Stop-and-search files and anything else are
    ignored. A path that does not exist, or holds no street file, is :class:`BadInput`; so is a
    zip over ``limits`` (:func:`check_zip`).
    """
    root = Path(path)
    if not root.exists():
        raise BadInput(f"{root}: no such folder or zip; expected police.uk monthly files (YYYY-MM-<force>-street.csv)")
    found: list[ArchiveFile] = []
    if root.is_dir():
        for file in sorted(root.rglob("*.csv")):
            match = _FILE_NAME.match(file.name)
            if match and match["kind"] != "stop-and-search":
                found.append(ArchiveFile(str(file), match["month"], match["force"], match["kind"],
                                         _file_opener(file), str(file), file.stat().st_size))
    elif zipfile.is_zipfile(root):
        archive = zipfile.ZipFile(root)
        check_zip(archive, str(root), limits)
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            match = _FILE_NAME.match(Path(info.filename).name)
            if match and match["kind"] != "stop-and-search":
                found.append(ArchiveFile(f"{root}!{info.filename}", match["month"], match["force"], match["kind"],
                                         _member_opener(archive, info.filename), None, info.file_size))
    else:
        raise BadInput(f"{root}: not a folder or a zip file; expected police.uk monthly files")
    if not any(f.kind == "street" for f in found):
        raise BadInput(f"{root}: no police.uk street file found; expected names like 2014-01-durham-street.csv "
                       "(in month folders or flat)")
    return found


def _read_csv(file: ArchiveFile, expected: list[str]) -> pd.DataFrame:
    import zipfile
    import zlib

    try:
        with file.opener() as handle:
            try:
                raw = pd.read_csv(handle, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            except (pd.errors.ParserError, UnicodeDecodeError) as error:
                raise BadInput(f"{file.name}: not a readable CSV file ({error})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise BadInput(f"{file.name}: the file is damaged or incomplete (a partial download?); "
                       f"download it again ({error})") from None
    missing = [c for c in expected if c not in raw.columns]
    if missing:
        raise BadInput(f"{file.name}: missing column(s) {missing}; expected the police.uk {file.kind} columns "
                       f"{expected}, found {list(raw.columns)}")
    return raw


def _months(values: pd.Series, file: str) -> pd.Series:
    bad = ~values.str.match(_MONTH)
    if bad.any():
        row = int(values.index[bad][0]) + 2
        raise BadInput(f"{file}, row {row}, column Month: expected a month written YYYY-MM, found {values[bad].iloc[0]!r}")
    return values


def _dated(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    month = _months(raw["Month"].str.strip(), file)
    return pd.DataFrame({
        "crime_id": raw["Crime ID"].str.strip(),
        "month": month,
        "calendar_year": month.str[:4].astype(int),
        "financial_year": month.map(month_financial_year),
        "force": canonical_forces(raw["Reported by"].str.strip(), file, "Reported by", dropped=DROPPED_FORCES),
        "reported_by": raw["Reported by"].str.strip(),
        "falls_within": raw["Falls within"].str.strip(),
    })


def read_street_file(file: ArchiveFile) -> pd.DataFrame:
    """One street file in :data:`STREET_TABLE_COLUMNS`; rows of dropped forces (PSNI) left out."""
    raw = _read_csv(file, STREET_COLUMNS)
    table = _dated(raw, file.name)
    table["crime_type"] = raw["Crime type"].str.strip()
    table["last_outcome"] = raw["Last outcome category"].str.strip()
    table["is_crime"] = table["crime_type"] != ANTI_SOCIAL_BEHAVIOUR
    missing_id = table["is_crime"] & (table["crime_id"] == "")
    if missing_id.any() and (table["crime_id"] != "").any():
        row = int(table.index[missing_id][0]) + 2
        raise BadInput(f"{file.name}, row {row}, column Crime ID: a crime ({table['crime_type'][missing_id].iloc[0]!r}) "
                       "has no Crime ID; expected one on every row except anti-social behaviour")
    table["lsoa_code"] = raw["LSOA code"].str.strip()
    table["lsoa_name"] = raw["LSOA name"].str.strip()
    table["file"] = file.name
    return table[table["force"].notna()][STREET_TABLE_COLUMNS]


def read_outcomes_file(file: ArchiveFile) -> pd.DataFrame:
    """One outcomes file in :data:`OUTCOME_TABLE_COLUMNS` (one row per outcome event)."""
    raw = _read_csv(file, OUTCOME_COLUMNS)
    table = _dated(raw, file.name)
    table["outcome_type"] = raw["Outcome type"].str.strip()
    empty = table["outcome_type"] == ""
    if empty.any():
        row = int(table.index[empty][0]) + 2
        raise BadInput(f"{file.name}, row {row}, column Outcome type: expected an outcome, found an empty cell")
    table["lsoa_code"] = raw["LSOA code"].str.strip()
    table["file"] = file.name
    return table[table["force"].notna()][OUTCOME_TABLE_COLUMNS]


@dataclass
class Archive:
    """police.uk monthly files read into two canonical tables."""

    street: pd.DataFrame
    outcomes: pd.DataFrame
    files: list[str]

    @property
    def crimes(self) -> pd.DataFrame:
        """Street rows that are crimes (anti-social behaviour left out)."""
        return self.street[self.street["is_crime"]]

    @property
    def forces(self) -> list[str]:
        return sorted(set(self.street["force"]) | set(self.outcomes["force"]))


def read_archive(path: str | os.PathLike[str]) -> Archive:
    """Read every street and outcomes file of a folder or zip (any forces, any months).

    A folder may hold street files only; the outcomes table is then empty.
    """
    files = archive_files(path)
    street = [read_street_file(f) for f in files if f.kind == "street"]
    events = [read_outcomes_file(f) for f in files if f.kind == "outcomes"]
    street_table = pd.concat(street, ignore_index=True) if street else pd.DataFrame(columns=STREET_TABLE_COLUMNS)
    event_table = pd.concat(events, ignore_index=True) if events else pd.DataFrame(columns=OUTCOME_TABLE_COLUMNS)
    return Archive(street_table, event_table, [f.name for f in files])


def duplicate_crime_ids(street: pd.DataFrame) -> pd.DataFrame:
    """Crime IDs on more than one street row (crimes only; anti-social behaviour has no ID):
    ``crime_id`` and ``rows``, most repeated first. Issue 17: one ID on four million rows.

    >>> s = pd.DataFrame({"crime_id": ["a", "a", "a", "b", "", ""], "is_crime": [True] * 4 + [False] * 2})
    >>> duplicate_crime_ids(s).to_dict("records")
    [{'crime_id': 'a', 'rows': 3}]
    """
    ids = street.loc[street["is_crime"] & (street["crime_id"] != ""), "crime_id"]
    counts = ids.value_counts()
    table = counts[counts > 1].rename("rows").rename_axis("crime_id").reset_index()
    return table.sort_values(["rows", "crime_id"], ascending=[False, True]).reset_index(drop=True)


def unique_crimes(street: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Street rows with each Crime ID once, and the rows left out as repeats.

    Of the rows sharing an ID, the one kept comes first in :data:`DEDUP_ORDER` (file name, month,
    then the row's values), so every reader keeps the same one. Rows without an ID (anti-social
    behaviour; old files without IDs) are all kept.
    """
    has_id = street["is_crime"] & (street["crime_id"] != "")
    repeated = has_id & street["crime_id"].duplicated(keep=False)
    if not repeated.any():
        return street, street.iloc[0:0]
    ordered = street[repeated].sort_values(["crime_id", *DEDUP_ORDER], kind="stable")
    dropped = ordered[ordered["crime_id"].duplicated(keep="first")]
    return street.drop(index=dropped.index), dropped


def street_counts(street: pd.DataFrame) -> pd.DataFrame:
    """Per force and month of the street rows: crimes (each Crime ID once), anti-social behaviour,
    Local resolution as last outcome, no final outcome yet, and repeated rows left out."""
    keys = ["force", "month"]
    kept, dropped = unique_crimes(street)
    flags = pd.DataFrame({
        "force": kept["force"], "month": kept["month"],
        "crimes": kept["is_crime"], "asb": ~kept["is_crime"],
        "local_resolution_last": kept["is_crime"] & (kept["last_outcome"] == LOCAL_RESOLUTION),
        "no_final_outcome": kept["is_crime"] & kept["last_outcome"].isin(PENDING_OUTCOMES),
    })
    table = flags.groupby(keys).sum().astype("int64")
    repeats = dropped.groupby(keys).size().rename("duplicate_rows")
    table = table.join(repeats, how="outer").fillna(0)
    return table.astype("int64").reset_index()


def event_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Per force and month of the outcomes rows: outcome events and Local resolution events."""
    flags = pd.DataFrame({"force": events["force"], "month": events["month"], "outcome_events": 1,
                          "local_resolution_events": events["outcome_type"] == LOCAL_RESOLUTION})
    return flags.groupby(["force", "month"]).sum().astype("int64").reset_index()


def assemble_monthly(street: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The monthly table (:data:`MONTHLY_COLUMNS`) from :func:`street_counts` and :func:`event_counts`
    (either reader's). A count from a kind of file the month lacks is ``<NA>``, never 0."""
    keys = ["force", "month"]
    street = street.assign(has_street_file=True)
    events = events.assign(has_outcomes_file=True)
    table = street.merge(events, on=keys, how="outer")
    for flag in ("has_street_file", "has_outcomes_file"):
        table[flag] = table[flag].astype("boolean").fillna(False).astype(bool)
    for column in ("crimes", "asb", "local_resolution_last", "no_final_outcome", "duplicate_rows",
                   "outcome_events", "local_resolution_events"):
        present = table["has_outcomes_file"] if column.endswith("events") else table["has_street_file"]
        table[column] = table[column].astype("Int64").where(present, pd.NA)
    table["calendar_year"] = table["month"].str[:4].astype(int)
    table["financial_year"] = table["month"].map(month_financial_year)
    return table.sort_values(keys).reset_index(drop=True)[MONTHLY_COLUMNS]


def monthly_counts(archive: Archive) -> pd.DataFrame:
    """Per force and month: crimes, anti-social behaviour rows, crimes whose last outcome is Local
    resolution, crimes with no outcome yet / still under investigation, Local resolution events,
    and street rows left out as repeats of a Crime ID (each crime is counted once).

    ``has_outcomes_file`` is False for months with a street file only (events then ``<NA>``,
    never 0).
    """
    empty_street = pd.DataFrame(columns=["force", "month", "crimes", "asb", "local_resolution_last",
                                         "no_final_outcome", "duplicate_rows"])
    empty_events = pd.DataFrame(columns=["force", "month", "outcome_events", "local_resolution_events"])
    street = street_counts(archive.street) if len(archive.street) else empty_street
    events = event_counts(archive.outcomes) if len(archive.outcomes) else empty_events
    return assemble_monthly(street, events)


def tidy_lsoa_counts(table: pd.DataFrame) -> pd.DataFrame:
    """:data:`LSOA_COLUMNS`, sorted, int64 counts: the one shape both readers return."""
    table = table[LSOA_COLUMNS].astype({"crimes": "int64", "local_resolution_last": "int64"})
    return table.sort_values(["force", "month", "lsoa_code", "lsoa_name"]).reset_index(drop=True)


def lsoa_counts(archive: Archive) -> pd.DataFrame:
    """Crimes (each Crime ID once) and Local resolution as last outcome, per force, month and
    neighbourhood (LSOA code and name as written; blank for crimes with no location)."""
    kept, _ = unique_crimes(archive.street)
    crimes = kept[kept["is_crime"]]
    flags = crimes[["force", "month", "lsoa_code", "lsoa_name"]].assign(
        crimes=1, local_resolution_last=crimes["last_outcome"] == LOCAL_RESOLUTION)
    return tidy_lsoa_counts(flags.groupby(["force", "month", "lsoa_code", "lsoa_name"]).sum().reset_index())


def by_financial_year(monthly: pd.DataFrame) -> pd.DataFrame:
    """:func:`monthly_counts` summed per force and financial year, with how many months each holds.

    A count stays ``<NA>`` unless every month of that kind of file is present for it.

    >>> m = pd.DataFrame({"force": ["Durham"] * 2, "month": ["2014-03", "2014-04"], "financial_year": ["2013/14", "2014/15"],
    ...     "has_street_file": [True, True], "has_outcomes_file": [True, False], "crimes": [10, 20], "asb": [1, 2],
    ...     "local_resolution_last": [1, 2], "no_final_outcome": [0, 0], "outcome_events": [5, pd.NA],
    ...     "local_resolution_events": [1, pd.NA]})
    >>> columns = ["financial_year", "street_months", "outcome_months", "local_resolution_events"]
    >>> by_financial_year(m)[columns].to_string(index=False)
    'financial_year  street_months  outcome_months  local_resolution_events\\n       2013/14              1               1
    1\\n       2014/15              1               0                     <NA>'
    """
    keys = ["force", "financial_year"]
    grouped = monthly.groupby(keys)
    table = grouped.agg(
        first_month=("month", "min"), last_month=("month", "max"),
        street_months=("has_street_file", "sum"), outcome_months=("has_outcomes_file", "sum"),
    ).reset_index()
    counted = [("crimes", "street_months"), ("asb", "street_months"), ("local_resolution_last", "street_months"),
               ("no_final_outcome", "street_months"), ("outcome_events", "outcome_months"),
               ("local_resolution_events", "outcome_months"), ("duplicate_rows", "street_months")]
    for column, kind in [(c, k) for c, k in counted if c in monthly.columns]:
        sums = grouped[column].sum(min_count=1).reset_index(drop=True)
        table[column] = sums.astype("Int64").where(table[kind] > 0, pd.NA)
    table["street_months"] = table["street_months"].astype(int)
    table["outcome_months"] = table["outcome_months"].astype(int)
    return table


# --------------------------------------------------------------------------- the 2012-2016 aggregates


def read_aggregates(path: str | os.PathLike[str]) -> pd.DataFrame:
    """The BBC's police.uk aggregates (``Year, f0_, crime_type, reported_by, last_outcome_category``)
    in :data:`AGGREGATE_COLUMNS`.

    ``f0_`` is the count; a blank outcome becomes :data:`NO_OUTCOME`; anti-social behaviour is
    kept but flagged ``is_crime = False``. Rows of :data:`DROPPED_FORCES` (Police Service of
    Northern Ireland) are dropped: not in England and Wales.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in AGGREGATE_RAW_COLUMNS if c not in raw.columns]
    if missing:
        raise BadInput(f"{path}: missing column(s) {missing}; expected {AGGREGATE_RAW_COLUMNS}, found {list(raw.columns)}")
    years = pd.to_numeric(raw["Year"].str.strip(), errors="coerce")
    bad = years.isna() | ~years.between(2010, 2100)
    if bad.any():
        row = int(raw.index[bad][0]) + 2
        raise BadInput(f"{path}, row {row}, column Year: expected a calendar year like 2015, found {raw['Year'][bad].iloc[0]!r}")
    counts = pd.to_numeric(raw["f0_"].str.strip(), errors="coerce")
    bad = counts.isna() | (counts % 1 != 0) | (counts < 0)
    if bad.any():
        row = int(raw.index[bad][0]) + 2
        raise BadInput(f"{path}, row {row}, column f0_: expected a count (a whole number, 0 or more), "
                       f"found {raw['f0_'][bad].iloc[0]!r}")
    names = raw["reported_by"].str.strip()
    forces = canonical_forces(names, str(path), "reported_by", dropped=DROPPED_FORCES)
    outcome = raw["last_outcome_category"].str.strip().replace({"": NO_OUTCOME})
    crime_type = raw["crime_type"].str.strip()
    table = pd.DataFrame({
        "calendar_year": years.astype(int), "force": forces, "reported_by": names, "crime_type": crime_type,
        "last_outcome": outcome, "is_crime": crime_type != ANTI_SOCIAL_BEHAVIOUR, "count": counts.astype("int64"),
    })
    return table[table["force"].notna()].reset_index(drop=True)[AGGREGATE_COLUMNS]


def dropped_from_aggregates(path: str | os.PathLike[str]) -> pd.DataFrame:
    """What :func:`read_aggregates` leaves out: rows and counts per dropped name, with the reason."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    dropped = raw[raw["reported_by"].str.strip().isin(list(DROPPED_FORCES))]
    summary = dropped.assign(count=pd.to_numeric(dropped["f0_"].str.strip())).groupby("reported_by").agg(
        rows=("count", "size"), count=("count", "sum")).reset_index()
    summary["reason"] = summary["reported_by"].map(DROPPED_FORCES)
    return summary


def load_aggregates(*, mirror: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The mirror's ``outcomes-by-year-force-crimetype-2012-16.csv``, read and cached (parquet)."""
    path = sources.resolve("policeuk-outcomes-by-year-force-crimetype-2012-16", mirror=mirror)
    return _cached_parquet(path, "policeuk-aggregates", read_aggregates)


def aggregate_totals(aggregates: pd.DataFrame) -> pd.DataFrame:
    """Per force and calendar year: crimes (anti-social behaviour left out), anti-social behaviour,
    crimes whose last outcome is Local resolution, crimes with no outcome, and the share.

    >>> a = pd.DataFrame({"calendar_year": [2015] * 4, "force": ["Durham"] * 4,
    ...     "crime_type": ["Anti-social behaviour", "Burglary", "Burglary", "Other crime"],
    ...     "last_outcome": [NO_OUTCOME, LOCAL_RESOLUTION, "Under investigation", LOCAL_RESOLUTION],
    ...     "is_crime": [False, True, True, True], "count": [100, 3, 5, 2]})
    >>> aggregate_totals(a)[["crimes", "asb", "local_resolution_last", "share_of_crimes"]].to_dict("records")
    [{'crimes': 10, 'asb': 100, 'local_resolution_last': 5, 'share_of_crimes': 0.5}]
    """
    keys = ["force", "calendar_year"]
    crimes = aggregates[aggregates["is_crime"]]
    table = aggregates[keys].drop_duplicates()
    parts = {
        "crimes": crimes,
        "asb": aggregates[~aggregates["is_crime"]],
        "local_resolution_last": crimes[crimes["last_outcome"] == LOCAL_RESOLUTION],
        "no_outcome": crimes[crimes["last_outcome"].isin([NO_OUTCOME, "Under investigation", "Status update unavailable"])],
    }
    for column, rows in parts.items():
        table = table.merge(rows.groupby(keys)["count"].sum().rename(column).reset_index(), on=keys, how="left")
        table[column] = table[column].fillna(0).astype("int64")
    table["share_of_crimes"] = table["local_resolution_last"] / table["crimes"].where(table["crimes"] > 0)
    return table.sort_values(keys).reset_index(drop=True)


def part_years(totals: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Force-years whose crime count is below ``threshold`` of the force's median year: probably
    not a whole year on police.uk (British Transport Police in 2016, for example).

    >>> t = pd.DataFrame({"force": ["BTP"] * 3, "calendar_year": [2014, 2015, 2016], "crimes": [100, 110, 10]})
    >>> part_years(t)[["force", "calendar_year"]].to_dict("records")
    [{'force': 'BTP', 'calendar_year': 2016}]
    """
    median = totals.groupby("force")["crimes"].transform("median")
    return totals[totals["crimes"] < threshold * median].reset_index(drop=True)


def category_counts(aggregates: pd.DataFrame, forces: list[str] | tuple[str, ...], years: list[int]) -> pd.DataFrame:
    """police.uk crime types of the crimes whose last outcome is Local resolution, for these forces and years."""
    rows = aggregates[aggregates["force"].isin(list(forces)) & aggregates["calendar_year"].isin(years) & aggregates["is_crime"]]
    total = rows.groupby("crime_type")["count"].sum().rename("crimes")
    local = rows[rows["last_outcome"] == LOCAL_RESOLUTION].groupby("crime_type")["count"].sum().rename("local_resolution_last")
    table = pd.concat([total, local], axis=1).fillna(0).astype("int64").reset_index()
    table["share_of_crimes"] = table["local_resolution_last"] / table["crimes"].where(table["crimes"] > 0)
    return table.sort_values(["local_resolution_last", "crime_type"], ascending=[False, True]).reset_index(drop=True)


# --------------------------------------------------------------------------- the mirror's monthly files


MIRROR_MONTHS = tuple(f"2014-{m:02d}" for m in range(1, 7))


def mirror_month_ids() -> list[str]:
    """Registry ids of the mirror's Northumbria monthly files (street and outcomes, Jan-Jun 2014).

    >>> mirror_month_ids()[:2]
    ['policeuk-northumbria-2014-01-street', 'policeuk-northumbria-2014-01-outcomes']
    """
    return [f"policeuk-northumbria-{month}-{kind}" for month in MIRROR_MONTHS for kind in ("street", "outcomes")]


def mirror_month_files(*, mirror: str | os.PathLike[str] | None = None) -> list[ArchiveFile]:
    """The mirror's Northumbria months (January-June 2014) as archive files, each resolved and
    checksum-checked."""
    files = []
    for dataset_id in mirror_month_ids():
        path = sources.resolve(dataset_id, mirror=mirror)
        match = _FILE_NAME.match(path.name)
        assert match is not None, f"{dataset_id}: the registry names a file that is not a police.uk monthly file"
        files.append(ArchiveFile(str(path), match["month"], match["force"], match["kind"],
                                 _file_opener(path), str(path), path.stat().st_size))
    return files


def load_mirror_months(*, mirror: str | os.PathLike[str] | None = None) -> Archive:
    """The mirror's Northumbria months (January-June 2014), read with pandas."""
    files = mirror_month_files(mirror=mirror)
    street = pd.concat([read_street_file(f) for f in files if f.kind == "street"], ignore_index=True)
    events = pd.concat([read_outcomes_file(f) for f in files if f.kind == "outcomes"], ignore_index=True)
    return Archive(street, events, [f.name for f in files])
