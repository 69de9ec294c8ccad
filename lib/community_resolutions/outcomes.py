"""Canonical outcomes tables: one offence-level shape, one force × year totals shape.

**Offence-level** (:data:`OFFENCE_COLUMNS`), one row per force, quarter, offence code and
outcome type:

===================== =====================================================================
financial_year        ``"2017/18"``
quarter               1-4
force                 canonical short name (see :mod:`areas`)
offence_code          Home Office code, text (``"8L"``, ``"105A"``)
offence_description   as published (en dashes kept)
offence_group         e.g. ``"Sexual offences"``
offence_subgroup      e.g. ``"Rape"``
offence_code_expired  True when the code had expired in that year
outcome_type          0-22 (``data/reference/outcome-types.csv``); 8 is a community resolution;
                      0 is "not yet assigned"; the alternate-offence subsets ``1a``-``3a`` are
                      never rows here (set aside by the reader, counted in ``attrs["set_aside"]``)
outcome_description   as published
outcome_group         e.g. ``"Out-of-court (informal)"``
closed                outcomes assigned in the quarter, whenever the crime was recorded
                      (2019: "Force outcomes recorded in quarter"; 2024: "Outcomes for
                      investigations closed in the quarter"); ``<NA>`` for type 0
recorded              outcomes of the offences recorded in the quarter (2019: "Force outcomes
                      for offences recorded in quarter"; 2024: "Outcomes for offences that
                      were recorded in the quarter")
note                  the marker found in a count cell where ``data/reference/count-markers.csv``
                      says to keep it (``"N/A - data not provided"``, ``"N/A - offence code
                      expired"``, ``"--"``; both bases' markers joined by ``"; "`` when they
                      differ), else "" (blank, ``NA`` and bare ``N/A`` say only "no count");
                      :func:`readers.data_not_provided` lists the gaps
source                registry id of the file the row came from
published             publication year of that file (the newer wins, see :func:`combine_totals`)
synthetic             True when the row comes from invented data
===================== =====================================================================

**Totals** (:data:`TOTAL_COLUMNS`), one row per force, financial year and basis, the counts
of each outcome the force-year table carries plus ``assigned`` (every outcome type except 0,
the denominator of every share). :func:`totals_from_offences` makes the same shape from any
offence-level table, so every finding can use either source.
"""

from __future__ import annotations

import difflib
import os
import zlib
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import areas, sources
from .cache import CACHE_FORMAT as CACHE_FORMAT, cached_parquet as _cached_parquet
from .definitions import (
    BASES as BASES,
    COMMUNITY_RESOLUTION as COMMUNITY_RESOLUTION,
    MEASURES as MEASURES,
    NOT_YET_ASSIGNED as NOT_YET_ASSIGNED,
    OFFENCE_COLUMNS as OFFENCE_COLUMNS,
    TOTAL_COLUMNS as TOTAL_COLUMNS,
)
from .errors import BadInput as BadInput
from .paths import REFERENCE_DIR, cache_dir

# schemas (pandera) and readers are imported where a file is read: pandera costs ~0.4 s per kernel start.

_FORCE_YEAR_MEASURES = {
    "t1": "charged", "t2": "caution_youth", "t3": "caution_adult", "t6": "penalty_notice",
    "t7": "cannabis_warning", "t8": "community_resolution", "t22": "diversionary_activity",
    "oocd": "out_of_court", "positive": "positive", "assigned": "assigned",
}


def _read_csv(path: Path, expected: list[str] | None = None, **options) -> pd.DataFrame:
    """``pd.read_csv`` with one-line errors naming the file: missing, empty, not text, damaged."""
    path = Path(path)
    wanted = f"; expected a CSV file with the columns {expected}" if expected else ""
    if not path.exists():
        raise BadInput(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise BadInput(f"{path}: the file is empty (0 bytes){wanted}")
    with open(path, "rb") as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise BadInput(f"{path}: it is a web page (HTML), not a CSV file: an error or sign-in page was probably "
                       "saved instead of the file; download it again")
    try:
        return pd.read_csv(path, **options)
    except pd.errors.EmptyDataError:
        raise BadInput(f"{path}: the file has no header row (it is empty or blank){wanted}") from None
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not a text (CSV) file; a workbook renamed .csv? Save it as CSV (UTF-8){wanted}") from None
    except PermissionError:
        raise BadInput(f"{path}: cannot be read (permission denied)") from None
    except (EOFError, OSError, zlib.error) as error:  # a truncated or damaged .csv.gz
        raise BadInput(f"{path}: the file is damaged or incomplete (a partial download?): "
                       f"{type(error).__name__}: {error}. Download or export it again") from None
    except pd.errors.ParserError as error:
        raise BadInput(f"{path}: not a well-formed CSV file ({str(error).strip()})") from None


def _require_columns(table: pd.DataFrame, expected: list[str], path: Path) -> None:
    missing = [column for column in expected if column not in table.columns]
    if missing:
        unknown = [str(column) for column in table.columns if column not in expected]
        closest = {m: difflib.get_close_matches(m, unknown, n=1, cutoff=0.8) for m in missing}
        renamed = [f"{found[0]!r} for {m!r}" for m, found in closest.items() if found]
        hint = f"; renamed? found {', '.join(renamed)}" if renamed else ""
        raise BadInput(
            f"{path}: missing column(s) {missing}; expected {expected}, found {list(table.columns)}{hint}"
        )


def canonical_forces(names: pd.Series, file: str | os.PathLike[str], column: str = "force",
                     dropped: Collection[str] = ()) -> pd.Series:
    """Each name as the force's canonical name (:func:`areas.canonical_force`), or missing for a
    name in ``dropped`` (not a force of England and Wales, e.g. PSNI in police.uk files).

    An unknown name is refused, naming the file, its first row and the column.

    >>> canonical_forces(pd.Series(["Durham Constabulary", "PSNI"]), "f.csv", dropped={"PSNI"}).tolist()
    ['Durham', None]
    >>> canonical_forces(pd.Series(["Durhem"]), "f.csv")
    Traceback (most recent call last):
    ...
    community_resolutions.errors.BadInput: f.csv, row 2, column force: unknown force 'Durhem'. Did you mean: Durham?
    """
    mapping: dict[str, str | None] = {}
    for name in names.dropna().unique():
        if name in dropped:
            mapping[name] = None
            continue
        try:
            mapping[name] = areas.canonical_force(name)
        except areas.UnknownArea as error:
            row = int(names.index[names == name][0]) + 2
            raise BadInput(f"{file}, row {row}, column {column}: {error}") from None
    return names.map(mapping)


# --------------------------------------------------------------------------- readers

def read_tidy_outcomes(path: Path, *, source: str, published: str, synthetic: bool = False) -> pd.DataFrame:
    """Read a CSV copy of an offence-level outcomes sheet (a tidy snake_case copy such as the
    mirror's 2017/18 file, or a CSV export with the official names) into the canonical shape.

    Kept for the loaders: it is :func:`readers.parse_outcomes_file`, the one code path every
    outcomes file takes (header recognised from ``data/reference/columns.csv``, so the copy's
    ``offences`` column is the official "Force outcomes for offences recorded in quarter", our
    ``recorded``, and ``force_outcomes_recorded_in_quarter`` our ``closed``; count cells parsed
    with ``data/reference/count-markers.csv``), with the provenance columns given here. Blank
    rows (``NA`` in every field) are dropped; negative counts are kept; row numbers in messages
    are the CSV's lines.
    """
    from .readers import parse_outcomes_file

    table = parse_outcomes_file(path)
    set_aside = dict(table.attrs.get("set_aside", {}))
    table["source"] = source
    table["published"] = published
    table["synthetic"] = synthetic
    table = table[OFFENCE_COLUMNS]
    table.attrs["set_aside"] = set_aside
    return table


def read_force_year_totals(path: Path, *, source: str, published: str) -> pd.DataFrame:
    """Read the derived force × year table (``{basis}_all_{measure}`` columns) into the totals shape."""
    expected = ["force", "fy"] + [f"{b}_all_{m}" for b in BASES for m in _FORCE_YEAR_MEASURES]
    raw = _read_csv(path, expected, dtype={"force": str, "slug": str, "fy": str})
    _require_columns(raw, expected, path)
    if raw.empty:
        raise BadInput(f"{path}: no data rows below the header; expected one row per force and financial year")
    frames = []
    for basis in BASES:
        frame = pd.DataFrame({"force": canonical_forces(raw["force"], path), "financial_year": raw["fy"], "basis": basis})
        for upstream, ours in _FORCE_YEAR_MEASURES.items():
            column = f"{basis}_all_{upstream}"
            counts = pd.to_numeric(raw[column], errors="coerce")
            if counts.isna().any():
                row = int(raw.index[counts.isna()][0]) + 2
                found = raw[column][counts.isna()].iloc[0]
                found = "an empty cell" if pd.isna(found) else repr(found)
                raise BadInput(f"{path}, row {row}, column {column}: expected a count, found {found}")
            frame[ours] = counts.astype("Int64")
        frames.append(frame)
    table = pd.concat(frames)  # each basis keeps the CSV's row labels, so errors name the CSV line
    table["source"] = source
    table["published"] = published
    table["synthetic"] = False
    from . import schemas
    schemas.validate_totals(table[TOTAL_COLUMNS], path)
    return table.reset_index(drop=True)[TOTAL_COLUMNS]


# --------------------------------------------------------------------------- shapes


def totals_from_offences(offences: pd.DataFrame) -> pd.DataFrame:
    """Force × year × basis totals from an offence-level table.

    Type 0 ("not yet assigned an outcome") is not an outcome: it never enters ``assigned``.
    Negative corrections are summed as published.

    >>> rows = pd.DataFrame({
    ...     "force": ["Durham"] * 3, "financial_year": ["2017/18"] * 3,
    ...     "outcome_type": [0, 8, 1], "closed": pd.array([pd.NA, 5, 3], dtype="Int64"),
    ...     "recorded": pd.array([10, 4, 2], dtype="Int64"),
    ...     "source": "x", "published": "2019", "synthetic": False})
    >>> t = totals_from_offences(rows).set_index("basis")
    >>> int(t.loc["recorded", "assigned"]), int(t.loc["recorded", "community_resolution"])
    (6, 4)
    >>> int(t.loc["closed", "assigned"]), int(t.loc["closed", "positive"])
    (8, 8)
    """
    keys = ["force", "financial_year"]
    frames = []
    for basis in BASES:
        long = offences[keys + ["outcome_type", basis]].copy()
        long[basis] = long[basis].fillna(0)
        wide = long.pivot_table(index=keys, columns="outcome_type", values=basis, aggfunc="sum", fill_value=0)
        frame = wide.index.to_frame(index=False)
        frame["basis"] = basis
        for measure, types in MEASURES.items():
            present = [t for t in types if t in wide.columns]
            frame[measure] = wide[present].sum(axis=1).to_numpy() if present else 0
        assigned = [t for t in wide.columns if t != NOT_YET_ASSIGNED]
        frame["assigned"] = wide[assigned].sum(axis=1).to_numpy()
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    for column in [*MEASURES, "assigned"]:
        table[column] = table[column].astype("Int64")
    provenance = offences.groupby(keys).agg(
        source=("source", lambda s: "+".join(sorted(set(s)))),
        published=("published", "max"),
        synthetic=("synthetic", "any"),
    ).reset_index()
    return table.merge(provenance, on=keys, how="left")[TOTAL_COLUMNS]


def combine_totals(*tables: pd.DataFrame) -> pd.DataFrame:
    """Put totals from several sources together; where two cover the same force and year,
    the newest publication wins (never a sum of two publications). Tables with a ``priority``
    column (files the user named: 1; the mirror: 0) win over lower priorities first.

    >>> old = pd.DataFrame({"force": ["Durham"], "financial_year": ["2017/18"], "basis": ["closed"],
    ...                     "community_resolution": [5464], "published": ["2019"]})
    >>> new = old.assign(community_resolution=[5567], published=["2024"])
    >>> combine_totals(old, new)["community_resolution"].tolist()
    [5567]
    """
    combined = pd.concat(tables, ignore_index=True)
    if "priority" not in combined.columns:
        combined["priority"] = 0
    combined["priority"] = combined["priority"].fillna(0)
    combined = combined.sort_values(["priority", "published"], kind="stable")
    combined = combined.drop_duplicates(["force", "financial_year", "basis"], keep="last")
    combined = combined.drop(columns="priority")
    return combined.sort_values(["force", "financial_year", "basis"]).reset_index(drop=True)


# --------------------------------------------------------------------------- loaders


def load_offence_level_2017_18(*, mirror: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The 2017/18 offence-level table (2019 publication) from the mirror's tidy copy.

    Read once per process (a notebook kernel asks for it more than once); each caller gets its own
    frame, a shallow copy that Copy-on-Write (set in the package's ``__init__``) keeps apart from
    the kept one.
    """
    return _offence_level_2017_18(str(mirror) if mirror else None).copy(deep=False)


def offence_level_totals_2017_18(*, mirror: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Force × basis totals of the 2017/18 offence-level table (2019 publication), computed once per process."""
    return _offence_totals_2017_18(str(mirror) if mirror else None).copy(deep=False)


@lru_cache(maxsize=4)
def _offence_totals_2017_18(mirror: str | None) -> pd.DataFrame:
    return totals_from_offences(_offence_level_2017_18(mirror))


@lru_cache(maxsize=4)
def _offence_level_2017_18(mirror: str | None) -> pd.DataFrame:
    dataset = sources.registry()["outcomes-2017-18-tidy"]
    path = sources.resolve(dataset.id, mirror=mirror)
    return _cached_parquet(
        path, "offences",
        lambda p: read_tidy_outcomes(p, source=dataset.id, published=dataset.published),
    )


#: The mirror's offence-level copies, one per financial year, each from the 2019 publication.
MIRROR_OFFENCE_LEVEL = ("outcomes-2017-18-tidy", "outcomes-2018-19-csv")
#: Registry ids of the official workbooks (2024 republication), one per financial year.
OFFICIAL_WORKBOOK_ID = "outcomes-workbook-{}"


def official_workbooks_in_cache() -> list[str]:
    """Registry ids of the official outcomes workbooks already in the project cache (put there by
    ``make fetch`` or by hand), oldest year first. Nothing is downloaded here.

    >>> isinstance(official_workbooks_in_cache(), list)
    True
    """
    registry = sources.registry()
    found = []
    for dataset in registry.values():
        if dataset.id.startswith(OFFICIAL_WORKBOOK_ID.format("")) and (
                cache_dir() / "downloads" / dataset.filename).exists():
            found.append(dataset.id)
    return sorted(found)


def data_key(mirror: str | os.PathLike[str] | None, files: list[str] | tuple[str, ...] = ()) -> tuple:
    """Everything the loaders read for these parameters, as a key for :func:`memo.once`: the
    mirror, each of the user's files with its size and modification time (an edited file is a
    new key), the official workbooks in the project cache, and the reviewed lists in
    ``data/reference/`` (known gaps, offence categories, published figures...) with their size and
    modification time, so an edited list is a new key too.

    >>> data_key("/mirror", ["no-such-file.csv"])[:2]
    ('/mirror', (('no-such-file.csv', None, None),))
    """
    return (str(mirror) if mirror else None, tuple(_stamp(Path(name), str(name)) for name in files),
            tuple(official_workbooks_in_cache()),
            tuple(_stamp(path, path.name) for path in sorted(REFERENCE_DIR.glob("*.csv"))))


def _stamp(path: Path, name: str) -> tuple[str, int | None, int | None]:
    """``(name, size, modification time in ns)``; ``None`` for both when the file cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return name, None, None
    return name, stat.st_size, stat.st_mtime_ns


def newest_publication(table: pd.DataFrame) -> pd.DataFrame:
    """Offence-level rows from several publications: for each financial year and force, only the
    rows of the newest publication (``published``), never a sum of two. A ``priority`` column
    (the user's own files: 1) wins before the publication date.

    >>> rows = pd.DataFrame({"financial_year": ["2017/18"] * 3 + ["2018/19"], "force": ["Durham"] * 4,
    ...                      "closed": [5464, 5567, 1, 6062], "published": ["2019", "2024-07-24", "2024-07-24", "2019"]})
    >>> newest_publication(rows)["closed"].tolist()
    [5567, 1, 6062]
    """
    if table.empty:
        return table
    # Grouped on whole-number codes, not on the text of a million rows (a second per process otherwise).
    year, _ = pd.factorize(table["financial_year"])
    force, forces = pd.factorize(table["force"])
    group = pd.Series(year.astype("int64") * (len(forces) + 1) + force, index=table.index)
    priority = table["priority"].fillna(0) if "priority" in table else pd.Series(0, index=table.index)
    winner = (year >= 0) & (force >= 0) & priority.eq(priority.groupby(group).transform("max"))
    # Publication dates are ISO text ("2019", "2024-07-24"): text order is date order.
    order = {date: rank for rank, date in enumerate(sorted(table["published"].dropna().unique()))}
    rank = table["published"].map(order).where(winner)
    newest = rank.eq(rank.groupby(group).transform("max"))  # a missing date never wins
    kept = table if newest.all() else table[newest]  # selecting every row would copy a million for nothing
    return kept.drop(columns=["priority"], errors="ignore").reset_index(drop=True)


def load_offence_level_all(*, mirror: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Every offence-level year the package holds without the user's own files: the mirror's
    copies (2017/18 and 2018/19, 2019 publication) and any official workbook in the project cache
    (2024 republication), the newest publication winning for each year and force.

    Read once per process (each file is parsed once ever: parquet cache keyed by its SHA-256);
    each caller gets its own frame: a shallow copy, which Copy-on-Write (set in the package's
    ``__init__``) keeps apart from the kept one. A deep copy of the million rows cost about 70 ms,
    five times per area in a batch.
    """
    return _offence_level_all(str(mirror) if mirror else None, tuple(official_workbooks_in_cache())).copy(deep=False)


@lru_cache(maxsize=2)
def _offence_level_all(mirror: str | None, workbooks: tuple[str, ...]) -> pd.DataFrame:
    from .readers import read_outcomes_file

    registry = sources.registry()
    tables = [_offence_level_2017_18(mirror)]
    for dataset_id in [*MIRROR_OFFENCE_LEVEL[1:], *workbooks]:
        dataset = registry[dataset_id]
        path = sources.resolve(dataset.id, mirror=mirror)
        tables.append(read_outcomes_file(path, source=dataset.id, published=dataset.published))
    return newest_publication(pd.concat(tables, ignore_index=True))


def offence_level_publications(table: pd.DataFrame) -> pd.DataFrame:
    """Which file and publication each financial year of an offence-level table came from, one
    row per year and source, with the number of forces it covers.

    >>> rows = pd.DataFrame({"financial_year": ["2017/18", "2017/18", "2018/19"], "force": ["A", "B", "A"],
    ...                      "source": ["old", "old", "new"], "published": ["2019", "2019", "2024-07-24"]})
    >>> offence_level_publications(rows).values.tolist()
    [['2017/18', 'old', '2019', 2], ['2018/19', 'new', '2024-07-24', 1]]
    """
    grouped = table.groupby(["financial_year", "source", "published"], as_index=False)["force"].nunique()
    return grouped.rename(columns={"force": "forces"}).sort_values(["financial_year", "source"]).reset_index(drop=True)


def load_force_year_totals(*, mirror: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Force × year totals 2014/15-2025/26 (2024 republication, derived copy)."""
    dataset = sources.registry()["force-year-totals"]
    path = sources.resolve(dataset.id, mirror=mirror)
    return _cached_parquet(
        path, "totals",
        lambda p: read_force_year_totals(p, source=dataset.id, published=dataset.published),
    )


def load_user_offences(files: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Offence-level tables from the files a user named (any official layout), one table.

    Between several named files covering the same year and force, the newest publication wins.
    """
    from .readers import read_outcomes_file

    if not files:
        return pd.DataFrame(columns=OFFENCE_COLUMNS)
    tables = [read_outcomes_file(Path(f)) for f in files]
    combined = pd.concat(tables, ignore_index=True)
    newest = (combined.groupby(["financial_year", "force"])["published"].transform("max"))
    return combined[combined["published"] == newest].reset_index(drop=True)


def describe_user_files(files: list[str] | tuple[str, ...]) -> list[str]:
    """One sentence per named file: publication, years and forces, and where a newer named file
    replaced it (so a page can say which file every figure came from)."""
    from .readers import read_outcomes_file

    tables = {f: read_outcomes_file(Path(f)) for f in files}
    lines = []
    for name, table in tables.items():
        pairs = table[["financial_year", "force"]].drop_duplicates()
        lost = []
        for other, rival in tables.items():
            if other != name and rival["published"].max() > table["published"].max():
                overlap = pairs.merge(rival[["financial_year", "force"]].drop_duplicates())
                if len(overlap):
                    lost.append(f"replaced by the newer {Path(other).name} for {len(overlap)} force-year(s)")
        label = "SYNTHETIC (invented counts) " if bool(table["synthetic"].any()) else ""
        years = ", ".join(sorted(table["financial_year"].unique()))
        lines.append(f"{label}{Path(name).name}: published {table['published'].max()}, {years}, "
                     f"{pairs['force'].nunique()} forces; used instead of the mirror for those years and forces"
                     + (f"; {'; '.join(lost)}" if lost else "") + ".")
    return lines


def prefer_user_rows(mirror_rows: pd.DataFrame, user_rows: pd.DataFrame) -> pd.DataFrame:
    """Offence-level rows: the user's files replace the mirror for the years and forces they cover.

    >>> m = pd.DataFrame({"financial_year": ["2017/18"] * 2, "force": ["A", "B"], "closed": [1, 2]})
    >>> u = pd.DataFrame({"financial_year": ["2017/18"], "force": ["A"], "closed": [9]})
    >>> prefer_user_rows(m, u).sort_values("force")["closed"].tolist()
    [9, 2]
    """
    if user_rows.empty:
        return mirror_rows
    covered = pd.MultiIndex.from_frame(user_rows[["financial_year", "force"]].drop_duplicates())
    keep = ~pd.MultiIndex.from_frame(mirror_rows[["financial_year", "force"]]).isin(covered)
    return pd.concat([mirror_rows[keep], user_rows], ignore_index=True)


def load_totals(*, mirror: str | os.PathLike[str] | None = None, offence_level: bool = True,
                files: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """Every force-year total the data holds, newest publication winning per force and year.

    With ``offence_level=True`` the 2017/18 offence-level file is summed and combined with the
    force-year table; the force-year table (2024) is newer, so it wins for 2017/18 and the
    offence-level figures stay available for offence-level findings. Totals from ``files`` the
    user named win over the mirror for the years and forces they cover.
    """
    tables = [load_force_year_totals(mirror=mirror)]
    if offence_level:
        tables.insert(0, offence_level_totals_2017_18(mirror=mirror))
    if files:
        tables.append(totals_from_offences(load_user_offences(files)).assign(priority=1))
    return combine_totals(*tables)
