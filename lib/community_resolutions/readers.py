"""Read any Home Office offence-level outcomes file, as published or as passed around, into the
canonical shape.

One entry point, :func:`read_outcomes_file`, and **one code path** for every form the table comes
in (see the mirror's README, "Official layouts the package must read"):

* the 2024 republished workbooks (``prc-outcomes-open-data-mar2018-tables-240724.xlsx``): sheets
  ``Cover_sheet``, ``Notes``, ``Pivot`` and a data sheet whose name varies by year, possibly
  with title rows above the header;
* the 2019-era workbooks (``prc-outcomes-open-data-mar2018-tables.ods``);
* CSV exports of either sheet (official column names, often with a byte-order mark), and tidy
  copies whose makers snake_cased or renamed the columns (``offences`` for the recorded basis),
  as ``.csv``, ``.tsv``, ``.csv.gz`` or a ``.zip`` holding one CSV; comma, semicolon, tab or
  ``|`` separated (the separator is the one under which a header row is recognised).

Every form goes through the same steps: the cells of each sheet (or the CSV's fields, all as
text) → the header row, found by its names (:func:`recognise_header`, names normalised by
:func:`normalise_name` and looked up in ``data/reference/columns.csv``) → each cell parsed
(:func:`parse_count` for the two count columns, whose text markers come from
``data/reference/count-markers.csv``; outcome types checked against
``data/reference/outcome-types.csv``) → :func:`schemas.validate_offences`. The parsed table is
cached as parquet keyed by the file's SHA-256 (:func:`cache.cached_parquet`).

The layout names (``xlsx-2024``, ``ods-2019``, ``tidy-csv``) only say which **column names** a
file uses (:func:`detect_layout`); they do not choose a reader.

Quirks handled: a byte-order mark; headers in any case, with underscores, line breaks, extra
spaces or en dashes; quarters ``1`` or ``Q1``; count cells holding a not-applicable marker
(``NA``, bare ``N/A``, ``N/A - offence code expired`` in either case, ``N/A - data not
provided``, ``--``) or blank become ``<NA>``, the marker kept in ``note`` where the reference
file says so; thousands separators (``1,234``); whole-number floats (``12.0``); negative
corrections kept; blank rows dropped (row numbers in messages stay those of the file); offence
codes stored as numbers read as text; force names canonicalised (``London, City of`` → ``City
of London``); alternate-offence subsets of outcome types 1-3 (``1a``, ``2a``, ``3a``) set aside,
never added to their parents (counted in ``table.attrs["set_aside"]``). Anything else — unknown
text in a count cell, an unknown or repeated column name, an outcome type not in the reference
file, no data sheet or two, a hidden data sheet, an unknown force — is :class:`errors.BadInput`
naming the file, sheet, row and column.

>>> publication_from_name("prc-outcomes-open-data-mar2018-tables-240724.xlsx")
'2024-07-24'
>>> publication_from_name("prc-outcomes-open-data-mar2018-tables.ods")
'2019'
>>> publication_from_name("my-copy.xlsx") is None
True
>>> normalise_name("\\ufeffForce outcomes for offences\\nrecorded_in   quarter ")
'force outcomes for offences recorded in quarter'
>>> recognise_header(["Financial Year", "force_name", "OFFENCES"])
{0: 'financial_year', 1: 'force', 2: 'recorded'}
>>> parse_count("1,234"), parse_count("12.0"), parse_count(" -3 ")
(1234, 12, -3)
>>> parse_count("N/A - data not provided") is None, marker_meaning("n/a – Data not provided")
(True, 'data_not_provided')
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import gzip
import io
import math
import numbers
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, cast

import numpy as np
import pandas as pd

from . import areas

# schemas (pandera) is imported where a file is validated: it costs ~0.4 s per kernel start.
from .cache import cached_parquet
from .definitions import BASES, NOT_YET_ASSIGNED, OFFENCE_COLUMNS
from .errors import BadInput
from .paths import REFERENCE_DIR

LAYOUT_2024 = "xlsx-2024"
LAYOUT_2019 = "ods-2019"
LAYOUT_TIDY = "tidy-csv"
LAYOUTS = (LAYOUT_2024, LAYOUT_2019, LAYOUT_TIDY)

COLUMNS_FILE = REFERENCE_DIR / "columns.csv"
MARKERS_FILE = REFERENCE_DIR / "count-markers.csv"
OUTCOME_TYPES_FILE = REFERENCE_DIR / "outcome-types.csv"

#: The canonical columns a file must have (the rest of OFFENCE_COLUMNS is provenance).
CANONICAL = ["financial_year", "quarter", "force", "offence_code", "offence_description", "offence_group",
             "offence_subgroup", "offence_code_expired", "outcome_type", "outcome_description", "outcome_group",
             "closed", "recorded"]
COUNT_COLUMNS = BASES
#: Which layout a spelling's ``form`` in columns.csv stands for.
FORM_LAYOUT = {"official-2024": LAYOUT_2024, "official-2019": LAYOUT_2019, "snake-2019": LAYOUT_TIDY,
               "snake-2024": LAYOUT_TIDY, "copy": LAYOUT_TIDY, "canonical": LAYOUT_TIDY}
MARKER_MEANINGS = ("blank", "not_applicable", "expired", "data_not_provided")

#: What the synthetic generator writes so a file is recognised as invented however it is renamed.
SYNTHETIC_MARKER = (
    "SYNTHETIC DATA — invented counts, generated by community_resolutions.synthetic; not a finding"
)
SYNTHETIC_GENERATOR = "community_resolutions.synthetic"
#: Label, in the first column of the synthetic cover sheet, of the cell holding the publication date.
SYNTHETIC_PUBLISHED_LABEL = "published"

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz", ".csv.zip", ".zip")
CSV_SEPARATORS = (",", ";", "\t", "|")
_CACHE_KIND = "outcomes-v2"  # bump when the parse changes: old cache files are then ignored
_HEADER_SEARCH_ROWS = 60  # title rows above the header: look this far down each sheet
_HEADER_MIN_MATCH = 8  # a row naming at least this many canonical columns is a header
_CLOSE = 0.8  # how alike two normalised names must be (difflib ratio) to be suggested


# --------------------------------------------------------------------------- names


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")


def normalise_name(text: object, *, marker: bool = False) -> str:
    """The one normalisation of a column name (or, with ``marker=True``, of a count cell's text)
    used by every reader: Unicode compatibility form (non-breaking spaces, full-width letters),
    byte-order marks dropped, every dash (en, em, minus...) a hyphen, case folded. For a column
    name, punctuation, underscores and line breaks become single spaces; for a marker, only
    whitespace is dropped (``N/A`` and ``NA``, ``--`` and blank must stay apart).

    >>> normalise_name("Offence code\\r\\nexpired"), normalise_name("force_outcomes_recorded_in_quarter")
    ('offence code expired', 'force outcomes recorded in quarter')
    >>> normalise_name(" N/A – Offence code  expired", marker=True)
    'n/a-offencecodeexpired'
    """
    value = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "").translate(_DASHES).casefold()
    if marker:
        return "".join(value.split())
    return " ".join(re.sub(r"[\W_]+", " ", value).split())


@lru_cache(maxsize=1)
def column_spellings() -> pd.DataFrame:
    """``data/reference/columns.csv``: one row per (canonical column, known spelling), with the
    spelling's ``form`` and a ``note`` saying where it was seen, plus its normalised ``key``.
    A key naming two canonical columns, or an unknown canonical column or form, is refused."""
    table = areas.read_reference(COLUMNS_FILE, ["canonical", "spelling", "form", "note"])
    table["key"] = table["spelling"].map(normalise_name)
    for column, allowed in (("canonical", CANONICAL), ("form", list(FORM_LAYOUT))):
        bad = ~table[column].isin(allowed)
        if bad.any():
            line = int(table.index[bad][0]) + 2
            raise ValueError(f"{COLUMNS_FILE}, line {line}: {column} {table[column][bad].iloc[0]!r} is not one of {allowed}")
    clash = table.groupby("key")["canonical"].nunique()
    if (clash > 1).any():
        key = clash.index[clash > 1][0]
        raise ValueError(f"{COLUMNS_FILE}: the spellings normalised to {key!r} name two columns "
                         f"{sorted(set(table.loc[table['key'] == key, 'canonical']))}")
    return table


@lru_cache(maxsize=1)
def _known_keys() -> dict[str, str]:
    """normalised spelling → canonical column, for every row of columns.csv."""
    table = column_spellings()
    return dict(zip(table["key"], table["canonical"], strict=True))


def _official(form: str) -> dict[str, str]:
    """{spelling: canonical} of one form in columns.csv, in the file's order."""
    table = column_spellings()
    rows = table[table["form"] == form]
    return dict(zip(rows["spelling"], rows["canonical"], strict=True))


#: Official column names, in the order the files use, → canonical column (from columns.csv).
COLUMNS_2019: dict[str, str] = _official("official-2019")
COLUMNS_2024: dict[str, str] = _official("official-2024")


def recognise_header(cells: list[object]) -> dict[int, str]:
    """{position: canonical column} for the cells that are known column names (any spelling in
    ``columns.csv``, compared after :func:`normalise_name`); other cells are left out."""
    known = _known_keys()
    found = {}
    for position, cell in enumerate(cells):
        canonical = known.get(normalise_name(cell))
        if canonical is not None:
            found[position] = canonical
    return found


def closest_names(name: object, n: int = 3) -> list[str]:
    """Known spellings genuinely close to ``name`` once both are normalised (``Offence Code``
    is not close to ``offences``), official spellings first; ``[]`` when none is.

    >>> closest_names("Outcomes for offences recorded in quarter")[:1]
    ['Force outcomes for offences recorded in quarter']
    >>> closest_names("Offence Cod"), closest_names("Police force")
    (['Offence Code'], [])
    """
    table = column_spellings()
    keys = difflib.get_close_matches(normalise_name(name), list(dict.fromkeys(table["key"])), n=n, cutoff=_CLOSE)
    names = []
    for key in keys:
        spellings = table.loc[table["key"] == key, "spelling"]
        names.append(spellings.iloc[0])
    return names


def _layout_of(cells: list[object], found: dict[int, str]) -> str:
    """The layout whose spellings the header uses most exactly (ties: 2024, 2019, tidy)."""
    table = column_spellings()
    written = {str(cells[position]).replace("\ufeff", "").strip() for position in found}
    votes = {layout: 0 for layout in LAYOUTS}
    for form, group in table.groupby("form"):
        votes[FORM_LAYOUT[form]] += len(written & set(group["spelling"]))
    return max(LAYOUTS, key=lambda layout: votes[layout])


# --------------------------------------------------------------------------- count cells and outcome types


@lru_cache(maxsize=1)
def count_markers() -> pd.DataFrame:
    """``data/reference/count-markers.csv``: the text a count cell may hold instead of a number
    (``marker``), its ``meaning`` (blank, not_applicable, expired, data_not_provided), whether the
    text is kept in the table's ``note`` (``noted``) and a ``note`` on where it occurs."""
    table = areas.read_reference(MARKERS_FILE, ["marker", "meaning", "noted", "note"])
    bad = ~table["meaning"].isin(MARKER_MEANINGS) | ~table["noted"].isin(["true", "false"])
    if bad.any():
        raise ValueError(f"{MARKERS_FILE}, line {int(table.index[bad][0]) + 2}: meaning must be one of "
                         f"{list(MARKER_MEANINGS)} and noted true or false")
    table["key"] = table["marker"].map(lambda text: normalise_name(text, marker=True))
    return table


@lru_cache(maxsize=1)
def _marker_keys() -> dict[str, tuple[str, bool]]:
    """normalised marker → (meaning, kept in the note?), from count-markers.csv."""
    table = count_markers()
    rows = zip(table["key"], table["meaning"], table["noted"], strict=True)
    return {key: (meaning, noted == "true") for key, meaning, noted in rows}


def marker_meaning(text: object) -> str | None:
    """The meaning of a count cell's text in ``count-markers.csv`` (case, spaces and dash kind
    ignored), or ``None`` when it is not a known marker."""
    found = _marker_keys().get(normalise_name(text, marker=True))
    return found[0] if found else None


def _markers_listed() -> list[str]:
    """The non-empty markers, as messages list them."""
    return [marker for marker in count_markers()["marker"] if marker]


_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?")


def _cell_text(value: object) -> str:
    """A cell as stripped text; whole-number floats as integers (80.0 → "80"); empty → ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_count(value: object) -> int | None:
    """One count cell as published: an integer, or ``None`` for a blank cell or a known
    not-applicable marker (``count-markers.csv``). Thousands separators (``1,234``), whole-number
    floats (``12.0``, ``12.0`` as a number) and negative corrections are read; anything else
    (fractions, words, ``1,23``, infinities, booleans) raises ``ValueError``.

    >>> parse_count(7), parse_count(-2.0), parse_count(""), parse_count("NA"), parse_count("--")
    (7, -2, None, None, None)
    >>> parse_count("12²")
    Traceback (most recent call last):
    ...
    ValueError: not a count or a known marker: '12²'
    >>> parse_count("12.5")
    Traceback (most recent call last):
    ...
    ValueError: not a whole count: '12.5'
    """
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"not a count: {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return None
        if not math.isfinite(number) or not number.is_integer():
            raise ValueError(f"not a whole count: {value!r}")
        return int(number)
    if value is None or value is pd.NA:
        return None
    # a superscript, fraction or circled digit ("²", "½", "③") is a footnote mark or a typo, never a
    # count: NFKC would silently turn "²" into 2
    if any(unicodedata.category(character) == "No" for character in str(value)):
        raise ValueError(f"not a count or a known marker: {value!r}")
    # only a hyphen-minus or a true minus sign (U+2212) makes a count negative: an en dash before a
    # number ("–5") is refused rather than guessed
    text = unicodedata.normalize("NFKC", str(value)).replace("\u2212", "-").strip()
    if _NUMBER.fullmatch(text):
        return int(text.split(".")[0].replace(",", ""))
    if marker_meaning(text) is not None:
        return None
    if re.fullmatch(r"[+-]?[\d,]*\.\d+", text):
        raise ValueError(f"not a whole count: {value!r}")
    raise ValueError(f"not a count or a known marker: {value!r}")


@lru_cache(maxsize=1)
def outcome_types() -> pd.DataFrame:
    """``data/reference/outcome-types.csv``: every outcome type the tables use (0-22, and the
    alternate-offence subsets ``1a``-``3a`` with ``subset_of``), its official description and group."""
    table = areas.read_reference(OUTCOME_TYPES_FILE, ["outcome_type", "description", "group", "subset_of", "note"])
    table["key"] = table["outcome_type"].map(normalise_name)
    if table["key"].duplicated().any():
        raise ValueError(f"{OUTCOME_TYPES_FILE}: outcome type {table['outcome_type'][table['key'].duplicated()].iloc[0]!r} twice")
    parents = table.loc[table["subset_of"] != "", "subset_of"]
    if not parents.isin(table["outcome_type"]).all():
        raise ValueError(f"{OUTCOME_TYPES_FILE}: subset_of names a type not in the file")
    return table


def _outcome_type_keys() -> dict[str, int | str]:
    """normalised type → int (a main type) or the subset's own label (``"1a"``)."""
    table = outcome_types()
    return {key: (label if subset else int(label))
            for key, label, subset in zip(table["key"], table["outcome_type"], table["subset_of"], strict=True)}


# --------------------------------------------------------------------------- synthetic marker


def _marker_in_properties(path: Path) -> tuple[bool, str]:
    """(synthetic?, published) from the document properties of an xlsx or ods (zip) file."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            member = "docProps/core.xml" if "docProps/core.xml" in names else "meta.xml" if "meta.xml" in names else None
            if member is None:
                return False, ""
            text = archive.read(member).decode("utf-8", errors="replace")
    except Exception:  # not a zip, truncated, damaged member (zlib.error, EOFError...): no marker to find
        return False, ""
    if SYNTHETIC_GENERATOR not in text or "SYNTHETIC" not in text.upper():
        return False, ""
    found = re.search(r"published=([0-9][0-9-]*)", text)
    return True, found.group(1) if found else ""


def _marker_in_sheet(raw: pd.DataFrame) -> tuple[bool, str]:
    """(synthetic?, published) from a sheet's cells (the first rows are enough)."""
    head = raw.head(_HEADER_SEARCH_ROWS)
    marked = False
    published = ""
    for row in head.itertuples(index=False):
        cells = [str(cell) for cell in row]
        if any("SYNTHETIC" in cell.upper() and SYNTHETIC_GENERATOR in cell for cell in cells):
            marked = True
        if cells and cells[0].strip().casefold() == SYNTHETIC_PUBLISHED_LABEL and len(cells) > 1:
            published = cells[1].strip()
    return marked, published if marked else ""


def is_synthetic(path: str | Path) -> bool:
    """True when a file holds invented data: its name says "synthetic" (any case), or it
    carries the generator's marker (document properties, or the first sheet's text), which
    survives renaming.

    >>> is_synthetic("synthetic-prc-outcomes-open-data-mar2018-tables-2024-layout.xlsx")
    True
    """
    path = Path(path)
    if "synthetic" in path.name.casefold():
        return True
    if not path.exists() or _is_csv(path):
        return False
    if _marker_in_properties(path)[0]:
        return True
    try:
        first = pd.read_excel(path, sheet_name=0, header=None, nrows=_HEADER_SEARCH_ROWS, dtype=object,
                              na_filter=False, engine="calamine")
    except Exception:  # not a workbook calamine can open: no marker to find
        return False
    return _marker_in_sheet(first)[0]


# --------------------------------------------------------------------------- file names


def _is_csv(path: Path) -> bool:
    """True when the name says CSV (``.csv``, ``.tsv``, gzipped, or a ``.zip``)."""
    name = path.name.lower()
    return name.endswith(CSV_SUFFIXES)


def publication_from_name(name: str) -> str | None:
    """The publication date a file name carries, or ``None``.

    2024-era names end ``-ddmmyy`` (``-240724`` → ``2024-07-24``); a 2019-era name
    (``prc-outcomes-open-data-marYYYY-tables.ods``, a copy ``…-tidy.csv.gz``, or a CSV export
    ``prc-outcomes-open-data-mar2019.csv.gz``) without that suffix → ``"2019"``; any other
    ``.ods`` without a suffix is 2019-era too.

    >>> publication_from_name("prc-outcomes-open-data-mar2019.csv.gz")
    '2019'
    """
    found = _DATE_SUFFIX.search(name)
    if found:
        day, month, year = (int(part) for part in found.groups())
        try:
            return dt.date(2000 + year, month, day).isoformat()
        except ValueError:
            return None
    if _OLD_ODS.match(name) or name.lower().endswith(".ods"):
        return "2019"
    return None


_DATE_SUFFIX = re.compile(r"-(\d{2})(\d{2})(\d{2})\.(?:xlsx|xlsm|xls|ods|csv|csv\.gz)$", re.IGNORECASE)
_OLD_ODS = re.compile(r"^prc-outcomes-open-data-mar\d{4}(?:-[a-z]+)?\.(?:ods|csv|csv\.gz)$", re.IGNORECASE)


def _modified_date(path: Path) -> str:
    """The file's modification date, ``YYYY-MM-DD``."""
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()


# --------------------------------------------------------------------------- where a cell is


@dataclass
class _Where:
    """Names the file, sheet (workbooks) and row of a cell, and each column as the file writes it."""

    path: Path
    sheet: str | None
    names: dict[str, str]  # canonical → the header text in the file

    def place(self) -> str:
        """The file, and the sheet for a workbook."""
        return f"{self.path}, sheet {self.sheet!r}" if self.sheet is not None else str(self.path)

    def row(self, label: object) -> str:
        """A row label (the row's 0-based position in the sheet or file) as messages write it."""
        text = f"row {int(str(label)) + 1}"
        return f"sheet {self.sheet!r}, {text}" if self.sheet is not None else text

    def fail(self, column: str, label: object, expected: str, found: object) -> BadInput:
        """The error for one cell: file, sheet, row, the column as the file names it, expected, found."""
        return BadInput(f"{self.path}, {self.row(label)}, column {self.names.get(column, column)!r}: "
                        f"expected {expected}, found {found!r}")


# --------------------------------------------------------------------------- the header


def _find_header(raw: pd.DataFrame) -> tuple[int, dict[int, str]] | None:
    """(row position, {column position: canonical}) of the first row naming enough columns."""
    for position in range(min(len(raw), _HEADER_SEARCH_ROWS)):
        found = recognise_header(raw.iloc[position].tolist())
        if len(set(found.values())) >= _HEADER_MIN_MATCH:
            return position, found
    return None


def _closest_header(raw: pd.DataFrame) -> tuple[int, int] | None:
    """(row position, number of known names) of the row naming most known columns."""
    best = None
    for position in range(min(len(raw), _HEADER_SEARCH_ROWS)):
        count = len(set(recognise_header(raw.iloc[position].tolist()).values()))
        if count and (best is None or count > best[1]):
            best = (position, count)
    return best


def _check_header(cells: list[object], found: dict[int, str], path: Path, sheet: str | None,
                  position: int) -> tuple[str, dict[str, int], dict[str, str]]:
    """(layout, {canonical: column position}, {canonical: header text}) of a recognised header,
    or :class:`BadInput` for a repeated, unknown or missing column."""
    where = _Where(path, sheet, {})
    at = f"{path}, {where.row(position)}"
    layout = _layout_of(cells, found)
    texts = {j: str(cells[j]).replace("\ufeff", "").strip() for j in range(len(cells))}
    by_canonical: dict[str, list[int]] = {}
    for j, canonical in found.items():
        by_canonical.setdefault(canonical, []).append(j)
    for canonical, positions in by_canonical.items():
        if len(positions) > 1:
            named = " and ".join(repr(texts[j]) for j in positions)
            raise BadInput(f"{at}: columns {named} both name the {canonical} column (see {COLUMNS_FILE.name}); "
                           "keep one of them")
    unknown = [j for j in range(len(cells)) if j not in found and texts[j] and texts[j].lower() != "nan"]
    expected = _expected_names(layout)
    missing = [expected[c] for c in CANONICAL if c not in by_canonical]
    lacking = f"; the header lacks {missing}" if missing else ""
    if unknown:
        name = texts[unknown[0]]
        close = closest_names(name)
        hint = (f"closest known: {close}" if close else "no known name is close")
        others = f" (and {len(unknown) - 1} more unknown)" if len(unknown) > 1 else ""
        raise BadInput(f"{at}, column {name!r}: not a known column name ({hint}){others}{lacking}. Rename it to "
                       f"its official name, delete it if it is not part of the table, or add the spelling to "
                       f"data/reference/{COLUMNS_FILE.name}")
    if missing:
        raise BadInput(f"{at}: missing column(s) {missing}; expected {list(expected.values())}, "
                       f"found {[texts[j] for j in sorted(texts) if texts[j]]}")
    columns = {canonical: positions[0] for canonical, positions in by_canonical.items()}
    return layout, columns, {canonical: texts[j] for canonical, j in columns.items()}


def _expected_names(layout: str) -> dict[str, str]:
    """canonical → the name a file of that layout uses (the first spelling of a matching form)."""
    table = column_spellings()
    forms = [form for form, value in FORM_LAYOUT.items() if value == layout]
    rows = table[table["form"].isin(forms)]
    names = dict(zip(rows["canonical"][::-1], rows["spelling"][::-1], strict=True))  # the first spelling wins
    return {canonical: names.get(canonical, canonical) for canonical in CANONICAL}


def _expected_description() -> str:
    return (f"a header row with the columns {list(COLUMNS_2024)} (2024 layout), {list(COLUMNS_2019)} "
            f"(2019 layout) or another spelling listed in data/reference/{COLUMNS_FILE.name}")


# --------------------------------------------------------------------------- workbooks


_DAMAGED = "the file is damaged or incomplete (a partial download?); download or export it again"


def _diagnose(path: Path) -> str | None:
    """Why a file cannot be a workbook, judged from its first bytes, or ``None`` if it may be one."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if not head:
        return "the file is empty (0 bytes); download or export it again"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in lowered[:200]:
        return ("it is a web page (HTML), not a workbook: an error or sign-in page was probably saved instead of "
                "the file; download it again from the official page")
    if path.suffix.lower() in {".xlsx", ".xlsm", ".ods"}:
        if not head.startswith(b"PK"):
            return f"it is not an {path.suffix.lower()[1:]} workbook (those are zip archives; this file starts {head[:12]!r})"
        try:
            with zipfile.ZipFile(path) as archive:
                broken = archive.testzip()
        except Exception:  # no central directory: cut short
            return _DAMAGED
        if broken is not None:
            return f"{_DAMAGED} (damaged part: {broken})"
    return None


def _open(path: Path) -> pd.ExcelFile:
    try:
        return pd.ExcelFile(path, engine="calamine")
    except Exception as error:
        reason = _diagnose(path) or f"{type(error).__name__}: {error}"
        raise BadInput(f"{path}: cannot be opened as a workbook: {reason}") from None


def _parse_sheet(book: pd.ExcelFile, sheet: str, path: Path, nrows: int | None = None) -> pd.DataFrame:
    try:
        return book.parse(sheet, header=None, dtype=object, na_filter=False, nrows=nrows)
    except Exception as error:
        reason = _diagnose(path) or f"{_DAMAGED} ({type(error).__name__}: {error})"
        raise BadInput(f"{path}, sheet {sheet!r}: cannot be read: {reason}") from None


def _hidden_sheets(book: pd.ExcelFile) -> set[str]:
    """Names of the sheets the workbook hides (hidden or very hidden), from calamine's metadata."""
    try:
        metadata = book.book.sheets_metadata
    except AttributeError:  # another engine: no visibility to read
        return set()
    return {sheet.name for sheet in metadata if "visible" not in str(sheet.visible).rsplit(".", 1)[-1].lower()}


@dataclass
class _Located:
    """The data found in one file: its cells, header and where they came from."""

    sheet: str | None
    raw: pd.DataFrame  # labelled by each row's 0-based position in the sheet or file
    position: int  # where the header is in ``raw`` (iloc)
    found: dict[int, str]
    marked: bool = False
    published: str = ""


def _locate_workbook(path: Path, *, nrows: int | None) -> _Located:
    """The data sheet: the one visible sheet whose header names the columns. Two such sheets, or
    a data sheet the workbook hides, is :class:`BadInput` (never chosen silently)."""
    if path.stat().st_size == 0:
        raise BadInput(f"{path}: cannot be opened as a workbook: the file is empty (0 bytes); download or export it again")
    marked, published = _marker_in_properties(path)
    closest = None  # (sheet, row position, count): for the message when no sheet has a header
    candidates: list[_Located] = []
    with _open(path) as book:
        hidden = _hidden_sheets(book)
        for sheet in book.sheet_names:
            raw = _parse_sheet(book, sheet, path, nrows)
            header = _find_header(raw)
            if header is None:
                sheet_marked, sheet_published = _marker_in_sheet(raw)
                marked = marked or sheet_marked
                published = published or sheet_published
                partial = _closest_header(raw)
                if partial and (closest is None or partial[1] > closest[2]):
                    closest = (sheet, *partial)
                continue
            candidates.append(_Located(sheet, raw, header[0], header[1]))
        names = book.sheet_names
    visible = [c for c in candidates if c.sheet not in hidden]
    if len(visible) > 1:
        listed = " and ".join(repr(c.sheet) for c in visible)
        raise BadInput(f"{path}: two data sheets, {listed}, each with a header naming the outcomes columns; "
                       "keep one (delete or rename the other's header) so the figures come from a known sheet")
    if not visible and candidates:
        listed = ", ".join(repr(c.sheet) for c in candidates)
        raise BadInput(f"{path}: the only data sheet ({listed}) is hidden in the workbook; a hidden sheet is never "
                       "read silently: unhide it if it is the data you mean")
    if not visible:
        near = ""
        if closest and closest[2] >= 3:
            sheet, position, count = closest
            near = (f". Closest: sheet {sheet!r}, row {position + 1}, with {count} of the {len(CANONICAL)} "
                    f"column names (renamed columns?)")
        raise BadInput(f"{path}: no data sheet; looked in sheets {names} for {_expected_description()}{near}")
    chosen = visible[0]
    chosen.marked, chosen.published = marked, published
    return chosen


# --------------------------------------------------------------------------- CSV files


@contextlib.contextmanager
def _binary(path: Path) -> Iterator[IO[bytes]]:
    """The CSV's bytes: the file itself, gunzipped, or the one CSV inside a zip."""
    name = path.name.lower()
    if name.endswith(".gz"):
        with gzip.open(path, "rb") as handle:
            yield cast(IO[bytes], handle)
    elif name.endswith(".zip"):
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise BadInput(f"{path}: {_DAMAGED} ({type(error).__name__}: {error})") from None
        with archive:
            members = [m for m in archive.namelist() if not m.endswith("/") and not m.startswith("__MACOSX/")]
            tables = [m for m in members if m.lower().endswith((".csv", ".tsv", ".txt"))] or members
            if len(tables) != 1:
                raise BadInput(f"{path}: a zip with {len(tables)} files {tables[:5]}; expected exactly one CSV file in it")
            with archive.open(tables[0]) as handle:
                yield handle
    else:
        with open(path, "rb") as handle:
            yield handle


def _csv_failure(path: Path, error: BaseException) -> BadInput:
    """The one-line :class:`BadInput` for an exception raised while reading a CSV (others re-raised)."""
    if isinstance(error, BadInput):
        return error
    if isinstance(error, UnicodeDecodeError):
        return BadInput(f"{path}: not UTF-8 text (Excel's plain 'CSV' format writes Windows-1252; or a workbook "
                        "renamed .csv?); save the sheet as 'CSV UTF-8' and read that")
    if isinstance(error, pd.errors.EmptyDataError):
        return BadInput(f"{path}: the file has no header row (it is empty or blank); expected {_expected_description()}")
    if isinstance(error, pd.errors.ParserError):
        return BadInput(f"{path}: not a well-formed CSV file ({str(error).strip()})")
    if isinstance(error, PermissionError):
        return BadInput(f"{path}: cannot be read (permission denied)")
    if isinstance(error, (EOFError, OSError, zlib.error, zipfile.BadZipFile)):
        return BadInput(f"{path}: the file is damaged or incomplete (a partial download?): "
                        f"{type(error).__name__}: {error}. Download or export it again")
    raise error


def _locate_csv(path: Path, *, nrows: int | None) -> _Located:
    """The CSV's header (the first of its first lines naming the columns, under whichever
    separator makes it one) and, unless ``nrows`` limits it, every row as text."""
    if path.stat().st_size == 0:
        raise BadInput(f"{path}: the file is empty (0 bytes); download or export it again")
    with open(path, "rb") as handle:
        start = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        raise BadInput(f"{path}: it is a web page (HTML), not a CSV file: an error or sign-in page was probably "
                       "saved instead of the file; download it again")
    try:
        with _binary(path) as handle:
            # UTF-8 (with or without a byte-order mark), or UTF-16 when its byte-order mark says so
            # (Excel's "Unicode Text"); any other encoding is refused, never guessed
            encoding = "utf-16" if handle.read(2) in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
        with _binary(path) as handle:
            text = io.TextIOWrapper(handle, encoding=encoding, newline="")
            head = [line for _, line in zip(range(_HEADER_SEARCH_ROWS), text, strict=False)]
        if not "".join(head).strip():
            raise pd.errors.EmptyDataError("no text")
        best = None  # (count, separator, raw head)
        for separator in CSV_SEPARATORS:
            rows = list(csv.reader(head, delimiter=separator))
            raw = pd.DataFrame(rows, dtype=object).fillna("") if rows else pd.DataFrame()
            header = _find_header(raw)
            if header is not None:
                best = (separator, raw, header)
                break
        if best is None:
            raw = pd.DataFrame(list(csv.reader(head)), dtype=object).fillna("")
            near = ""
            partial = _closest_header(raw)
            if partial and partial[1] >= 3:
                near = (f". Closest: row {partial[0] + 1}, with {partial[1]} of the {len(CANONICAL)} column names "
                        "(renamed columns?)")
            raise BadInput(f"{path}: no header row in the first {_HEADER_SEARCH_ROWS} lines; looked for "
                           f"{_expected_description()}, separated by {' or '.join(map(repr, CSV_SEPARATORS))}{near}")
        separator, raw, (position, found) = best
        if nrows is None:
            with _binary(path) as handle:
                raw = pd.read_csv(handle, sep=separator, header=None, skiprows=position, dtype=str,
                                  keep_default_na=False, na_filter=False, skip_blank_lines=False,
                                  encoding=encoding, quotechar='"', engine="c")
            raw.index = pd.RangeIndex(position, position + len(raw))
            raw.columns = range(raw.shape[1])
            # row labels are the rows' positions in the file (row number = label + 1); the header is the first row
            return _Located(None, raw, 0, found)
        return _Located(None, raw, position, found)
    except Exception as error:  # one-line messages for the ways a CSV file fails
        raise _csv_failure(path, error) from None


# --------------------------------------------------------------------------- parsing cells


def _by_value(values: pd.Series, convert) -> tuple[np.ndarray, np.ndarray, list]:
    """(codes, converted uniques as an object array, raw uniques): each distinct cell is converted
    once (a 600,000-row column holds a few thousand distinct values)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    raw = list(uniques)
    return codes, np.array([convert(value) for value in raw] + [None], dtype=object)[:-1], raw


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text; whole-number floats as integers (80.0 → "80"); a cell holding only a
    marker whose meaning in count-markers.csv is blank or not_applicable (``NA``, as tidy copies
    write every empty field; ``N/A``; ``--``) is empty."""
    blank = {"blank", "not_applicable"}

    def convert(value: object) -> str:
        text = _cell_text(value)
        return "" if text and marker_meaning(text) in blank else text

    codes, converted, _ = _by_value(values, convert)
    return pd.Series(converted[codes], index=values.index, dtype=object)


def _first(values: pd.Series, codes: np.ndarray, bad: int) -> object:
    """The label of the first row whose cell is the ``bad``-th distinct value."""
    return values.index[int(np.flatnonzero(codes == bad)[0])]


def _counts(values: pd.Series, where: _Where, column: str) -> tuple[pd.Series, pd.Series]:
    """(counts as Int64, <NA> for blank or marker cells; the marker text where count-markers.csv
    says to keep it, else "")."""
    def convert(value: object) -> object:
        try:
            return parse_count(value)
        except ValueError as error:
            return error

    codes, converted, raw = _by_value(values, convert)
    for k, result in enumerate(converted):
        if isinstance(result, ValueError):
            found = raw[k]
            expected = ("a whole count" if "whole" in str(result)
                        else f"a count or one of {_markers_listed()}")
            raise where.fail(column, _first(values, codes, k), expected,
                             found.strip() if isinstance(found, str) else found)

    def note(value: object) -> str:
        if not isinstance(value, str):
            return ""
        found = _marker_keys().get(normalise_name(value, marker=True))
        return value.strip() if found and found[1] else ""

    notes = np.array([note(value) for value in raw] + [None], dtype=object)[:-1]
    numbers = pd.array([pd.NA if v is None else v for v in converted], dtype="Int64") if len(raw) else pd.array([], dtype="Int64")
    return (pd.Series(numbers.take(codes), index=values.index),
            pd.Series(notes[codes], index=values.index, dtype=object))


def _whole_numbers(text: pd.Series, where: _Where, column: str, *, allowed: range,
                   written: pd.Series | None = None) -> pd.Series:
    """Whole numbers within ``allowed`` as Int16 (each distinct cell converted once); others refused,
    the message quoting the cell as ``written`` (default: ``text``)."""
    codes, uniques = pd.factorize(text.to_numpy(dtype=object), use_na_sentinel=False)
    numbers = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce")
    bad = numbers.isna() | (numbers % 1 != 0) | ~numbers.isin(allowed)
    if bad.any():
        k = int(np.flatnonzero(bad.to_numpy())[0])
        label = _first(text, codes, k)
        raise where.fail(column, label, f"a whole number from {allowed.start} to {allowed.stop - 1}",
                         (written if written is not None else text)[label])
    return pd.Series(numbers.to_numpy()[codes], index=text.index).astype("Int16")


def _outcome_types(text: pd.Series, where: _Where) -> tuple[pd.Series, pd.Series]:
    """(outcome types as Int16, mask of rows holding a subset type such as ``1a``). A type not in
    ``outcome-types.csv`` stops the read: a new type must be classified by a person."""
    known = _outcome_type_keys()
    codes, uniques = pd.factorize(text.to_numpy(dtype=object), use_na_sentinel=False)
    types, subset = [], []
    for k, value in enumerate(uniques):
        found = known.get(normalise_name(value))
        if found is None:
            raise BadInput(f"{where.path}, {where.row(_first(text, codes, k))}, column "
                           f"{where.names.get('outcome_type', 'outcome_type')!r}: outcome type {value!r} is not in "
                           f"data/reference/{OUTCOME_TYPES_FILE.name}; a new outcome type must be classified by a "
                           "person: add it there (description, group, subset_of) before reading this file")
        types.append(found if isinstance(found, int) else -1)
        subset.append(not isinstance(found, int))
    types_array = np.array(types + [0], dtype=np.int16)[:-1]
    subset_array = np.array(subset + [False], dtype=bool)[:-1]
    return (pd.Series(types_array[codes], index=text.index).astype("Int16"),
            pd.Series(subset_array[codes], index=text.index))


def _forces(names: pd.Series, where: _Where) -> pd.Series:
    """Force names as canonical names (each distinct name looked up once); an unknown one is refused."""
    mapping: dict[str, str] = {}
    for name in names.unique():
        try:
            mapping[name] = areas.canonical_force(name)
        except areas.UnknownArea as error:
            first = names.index[(names == name).to_numpy()][0]
            raise BadInput(
                f"{where.path}, {where.row(first)}, column {where.names.get('force', 'force')!r}: expected a force "
                f"listed in {areas.FORCES_FILE.name}, {error}"
            ) from None
    return names.map(mapping)


_FLAGS_TRUE = ("x", "1", "true", "yes")
_FLAGS = ("", "x", "0", "1", "false", "true", "no", "yes")


def _canonical(located: _Located, columns: dict[str, int], where: _Where) -> pd.DataFrame:
    """The canonical table (without provenance) from a located header and the rows below it.
    Rows holding an alternate-offence subset type (``1a``) are set aside: their number per type
    is in ``attrs["set_aside"]``."""
    body = located.raw.iloc[located.position + 1:]
    text = {c: _as_text(body.iloc[:, j]) for c, j in columns.items() if c not in COUNT_COLUMNS}
    counts = {c: body.iloc[:, columns[c]] for c in COUNT_COLUMNS}
    count_text = {c: _as_text(values) for c, values in counts.items()}
    blank = np.logical_and.reduce([(series == "").to_numpy() for series in [*text.values(), *count_text.values()]])
    if blank.all():
        raise BadInput(f"{where.place()}: a header on row {int(located.raw.index[located.position]) + 1} but no data "
                       "rows below it; expected one row per force, quarter, offence code and outcome type")
    keep = ~blank
    text = {c: series[keep] for c, series in text.items()}
    counts = {c: series[keep] for c, series in counts.items()}

    year = text["financial_year"].str.replace("-", "/", regex=False).str.replace("_", "/", regex=False)
    bad_year = ~year.str.fullmatch(r"\d{4}/\d{2}")
    if bad_year.any():
        first = year.index[bad_year.to_numpy()][0]
        raise where.fail("financial_year", first, "a financial year written like '2017/18'", text["financial_year"][first])
    quarter = text["quarter"].str.upper().str.removeprefix("Q")
    expired = text["offence_code_expired"].str.lower()
    bad_flag = ~expired.isin(_FLAGS)
    if bad_flag.any():
        first = expired.index[bad_flag.to_numpy()][0]
        raise where.fail("offence_code_expired", first, "'x' or a blank cell", text["offence_code_expired"][first])
    types, subset = _outcome_types(text["outcome_type"], where)
    closed, closed_note = _counts(counts["closed"], where, "closed")
    recorded, recorded_note = _counts(counts["recorded"], where, "recorded")
    note = recorded_note.where(recorded_note != "", closed_note)
    both = (recorded_note != "") & (closed_note != "") & (recorded_note != closed_note)
    note = note.where(~both, recorded_note + "; " + closed_note)

    table = pd.DataFrame(
        {
            "financial_year": year,
            "quarter": _whole_numbers(quarter, where, "quarter", allowed=range(1, 5), written=text["quarter"]),
            "force": _forces(text["force"], where),
            "offence_code": text["offence_code"],
            "offence_description": text["offence_description"],
            "offence_group": text["offence_group"],
            "offence_subgroup": text["offence_subgroup"],
            "offence_code_expired": expired.isin(_FLAGS_TRUE),
            "outcome_type": types,
            "outcome_description": text["outcome_description"],
            "outcome_group": text["outcome_group"],
            "closed": closed,
            "recorded": recorded,
            "note": note,
        }
    )
    set_aside = {}
    if subset.any():
        labels = text["outcome_type"][subset].map(normalise_name)
        set_aside = {str(label): int(n) for label, n in labels.value_counts().sort_index().items()}
        table = table[~subset.to_numpy()]
    table.attrs["set_aside"] = set_aside
    return table  # labelled by position in the sheet or file: row number = label + 1


def _locate(path: Path, *, nrows: int | None) -> _Located:
    """The header and rows of a CSV or of a workbook's data sheet."""
    return _locate_csv(path, nrows=nrows) if _is_csv(path) else _locate_workbook(path, nrows=nrows)


def parse_outcomes_file(path: str | Path) -> pd.DataFrame:
    """Parse one outcomes file of any form (no cache, no name-derived labels): the canonical
    table with ``source`` empty, ``published`` set only from a synthetic marker, ``synthetic``
    from the in-file marker, and ``attrs["set_aside"]`` ({subset type: rows}). Every form takes
    this one path: locate the header → check it → parse cells → validate."""
    path = Path(path)
    _check_path(path)
    located = _locate(path, nrows=None)
    cells = located.raw.iloc[located.position].tolist()
    header_label = located.raw.index[located.position]
    _, columns, names = _check_header(cells, located.found, path, located.sheet, header_label)
    where = _Where(path, located.sheet, names)
    table = _canonical(located, columns, where)
    set_aside = table.attrs.get("set_aside", {})
    table["source"] = ""
    table["published"] = located.published
    table["synthetic"] = located.marked
    from . import schemas
    schemas.validate_offences(table[OFFENCE_COLUMNS], path, rows=where.row)
    table = table.reset_index(drop=True)[OFFENCE_COLUMNS]
    table.attrs["set_aside"] = set_aside
    return table


def _check_path(path: Path) -> None:
    """:class:`BadInput` unless ``path`` is an existing file with an outcomes file's suffix."""
    if not path.exists():
        raise BadInput(f"{path}: no such file")
    if path.is_dir():
        raise BadInput(f"{path}: a folder, not an outcomes file")
    if not _is_csv(path) and path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise BadInput(f"{path}: not an outcomes file; expected one of {[*WORKBOOK_SUFFIXES, *CSV_SUFFIXES]}")


# --------------------------------------------------------------------------- public API


def detect_layout(path: str | Path) -> str:
    """``"xlsx-2024"``, ``"ods-2019"`` or ``"tidy-csv"``: which column names the file's header
    uses (the form whose spellings in ``columns.csv`` it matches most exactly). Only the first
    rows of each sheet are converted; a file without a recognisable header is :class:`BadInput`."""
    path = Path(path)
    _check_path(path)
    located = _locate(path, nrows=_HEADER_SEARCH_ROWS)
    cells = located.raw.iloc[located.position].tolist()
    return _check_header(cells, located.found, path, located.sheet, located.raw.index[located.position])[0]


def read_outcomes_file(
    path: str | Path,
    *,
    source: str | None = None,
    published: str | None = None,
    cache: bool = True,
) -> pd.DataFrame:
    """Read an offence-level outcomes file — either official workbook layout, or a CSV export or
    tidy copy (``.csv``, ``.tsv``, ``.csv.gz``, one CSV in a ``.zip``) — into the canonical
    offence-level shape (:data:`definitions.OFFENCE_COLUMNS`).

    ``source`` defaults to the file name. ``published``, unless given, is the first of: the
    synthetic generator's in-file marker; the date at the end of a 2024-era name
    (``-240724`` → ``"2024-07-24"``); ``"2019"`` for a 2019-era name without that suffix
    (and its copies); otherwise **the file's modification date** (``YYYY-MM-DD``), which
    says when the copy was made rather than when it was published. ``synthetic`` is True when
    the name contains "synthetic" (any case) or the file carries the generator's marker.
    ``attrs["set_aside"]`` counts the rows of alternate-offence subset types (``1a``, ``2a``,
    ``3a``) left out so no sum counts them twice.

    With ``cache=True`` the parsed table is kept as parquet in the project cache, keyed by
    the file's SHA-256, so each file is parsed once; name-derived columns (``source``,
    ``published``, ``synthetic``) are set after the cache, so a renamed copy is labelled by
    its own name.
    """
    path = Path(path)
    _check_path(path)
    table = cached_parquet(path, _CACHE_KIND, parse_outcomes_file) if cache else parse_outcomes_file(path)
    set_aside = dict(table.attrs.get("set_aside", {}))
    in_file = table["published"].iloc[0] if len(table) else ""
    table["source"] = source if source is not None else path.name
    table["published"] = published or in_file or publication_from_name(path.name) or _modified_date(path)
    table["synthetic"] = table["synthetic"].astype(bool) | ("synthetic" in path.name.casefold())
    table = table[OFFENCE_COLUMNS]
    table.attrs["set_aside"] = set_aside
    return table


def data_not_provided(table: pd.DataFrame) -> pd.DataFrame:
    """The cells a table marks "data not provided" (a gap: the count is missing, not zero), as
    ``force, financial_year, quarter, basis, cells``, one row per force, year, quarter and basis.

    A cell counts when its basis has no count and the row's ``note`` holds a marker whose meaning
    in ``count-markers.csv`` is ``data_not_provided``; type 0 never counts on the closed basis
    (it has no count there by definition).

    >>> rows = pd.DataFrame({"force": ["Cumbria"] * 3, "financial_year": ["2014/15"] * 3, "quarter": [1, 1, 2],
    ...     "outcome_type": [0, 8, 8], "closed": pd.array([pd.NA, pd.NA, 4], dtype="Int64"),
    ...     "recorded": pd.array([pd.NA, pd.NA, 5], dtype="Int64"), "note": ["N/A - data not provided"] * 2 + [""]})
    >>> data_not_provided(rows).to_dict("records")
    [{'force': 'Cumbria', 'financial_year': '2014/15', 'quarter': 1, 'basis': 'closed', 'cells': 1}, \
{'force': 'Cumbria', 'financial_year': '2014/15', 'quarter': 1, 'basis': 'recorded', 'cells': 2}]
    """
    keys = ["force", "financial_year", "quarter"]
    notes = table["note"].astype(str)
    distinct = notes.unique()
    flagged = {note for note in distinct
               if any(marker_meaning(part) == "data_not_provided" for part in note.split(";"))}
    marked = notes.isin(flagged).to_numpy()
    frames = []
    for basis in BASES:
        rows = marked & table[basis].isna().to_numpy()
        if basis == "closed":
            rows &= (table["outcome_type"] != NOT_YET_ASSIGNED).to_numpy()
        found = table.loc[rows, keys].value_counts(sort=False).rename("cells").reset_index()
        frames.append(found.assign(basis=basis))
    result = pd.concat(frames, ignore_index=True)[[*keys, "basis", "cells"]]
    result["cells"] = result["cells"].astype(int)
    return result.sort_values([*keys, "basis"]).reset_index(drop=True)
