"""The two canonical tables, written down as pandera schemas and checked at the end of every reader.

:func:`validate_offences` checks an offence-level table (:data:`definitions.OFFENCE_COLUMNS`) and
:func:`validate_totals` a force × year × basis totals table (:data:`definitions.TOTAL_COLUMNS`):
columns and dtypes, quarters 1-4, outcome types 0-22, financial years written ``2017/18`` (and
really consecutive), bases ``closed``/``recorded``, forces listed in ``data/reference/forces.csv``,
and no row twice (the same force, financial year, quarter, offence code, outcome type and counts;
the same force, year and basis). Every check is vectorised, so 450,000 rows take a fraction of a second;
the readers validate before the parquet cache is written, so cached reads skip it.

A failure is :class:`errors.BadInput` with one short line naming the file, the row, the column,
what was expected and what was found (pandera's own error is kept as ``__cause__`` for ``--debug``).

>>> import pandas as pd
>>> good = pd.DataFrame({"force": ["Durham"], "financial_year": ["2017/18"], "basis": ["closed"]})
>>> good = good.assign(**{m: pd.array([1], dtype="Int64") for m in TOTAL_MEASURES}, source="x", published="2024",
...                    synthetic=False)
>>> len(validate_totals(good, "fy.csv"))
1
>>> validate_totals(good.assign(basis="closd"), "fy.csv")
Traceback (most recent call last):
...
community_resolutions.errors.BadInput: fy.csv, row 2, column 'basis': expected 'closed' or 'recorded', found 'closd'
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError

from . import areas
from .definitions import BASES, MEASURES
from .errors import BadInput

FINANCIAL_YEAR_PATTERN = r"^\d{4}/\d{2}$"
OFFENCE_KEYS = ["force", "financial_year", "quarter", "offence_code", "outcome_type"]
#: Two offence-level rows with the same key are summed (a correction beside the original row);
#: two with the same key *and* the same counts (and count text) are a copy, refused.
OFFENCE_DUPLICATE = [*OFFENCE_KEYS, *BASES, "note"]
TOTAL_KEYS = ["force", "financial_year", "basis"]
TOTAL_MEASURES = [*MEASURES, "assigned"]
#: Human names of the canonical columns, for messages.
_KEY_WORDS = {"force": "force", "financial_year": "year", "quarter": "quarter", "offence_code": "offence code",
              "outcome_type": "outcome type", "basis": "basis"}

Rows = Callable[[object], str]
TEXT = "text in every cell"


def is_financial_year(label: object) -> bool:
    """True for a label like ``2017/18`` whose second year follows the first.

    >>> is_financial_year("2017/18"), is_financial_year("1999/00"), is_financial_year("2017/19")
    (True, True, False)
    """
    text = str(label)
    return bool(re.fullmatch(FINANCIAL_YEAR_PATTERN, text)) and (int(text[:4]) + 1) % 100 == int(text[5:7])


def _financial_years(years: pd.Series) -> pd.Series:
    """Vectorised :func:`is_financial_year`: each distinct label is tested once."""
    good = [label for label in years.unique() if is_financial_year(label)]
    return years.isin(good)


def _all_text(values: pd.Series) -> bool:
    """Every cell is text (one C-level pass; pandera's own ``str`` check visits each cell in Python)."""
    return pd.api.types.infer_dtype(values, skipna=False) in {"string", "empty"}


def _year_column() -> pa.Column:
    return _text(pa.Check(_financial_years, error="a financial year written like '2017/18'"))


def _text(*checks: pa.Check) -> pa.Column:
    """A text column with no empty cells. Missing cells fail the text check itself (pandera's
    null check costs an extra pass over every object column)."""
    return pa.Column(object, [pa.Check(_all_text, error=TEXT, ignore_na=False), *checks], nullable=True)


def _force_column() -> pa.Column:
    return _text(pa.Check.isin(areas.all_forces(), error=f"a force listed in {areas.FORCES_FILE.name}"))


def offence_schema() -> pa.DataFrameSchema:
    """The offence-level table, column by column (keys checked separately, see :func:`validate_offences`)."""
    return pa.DataFrameSchema(
        {
            "financial_year": _year_column(),
            "quarter": pa.Column("Int16", pa.Check.isin([1, 2, 3, 4], error="a quarter from 1 to 4"), nullable=False),
            "force": _force_column(),
            "offence_code": _text(pa.Check(lambda codes: codes != "", error="an offence code")),
            "offence_description": _text(),
            "offence_group": _text(),
            "offence_subgroup": _text(),
            "offence_code_expired": pa.Column(bool, nullable=False),
            "outcome_type": pa.Column("Int16", pa.Check.in_range(0, 22, error="an outcome type from 0 to 22"),
                                      nullable=False),
            "outcome_description": _text(),
            "outcome_group": _text(),
            "closed": pa.Column("Int64", nullable=True),
            "recorded": pa.Column("Int64", nullable=True),
            "note": _text(),
            "source": _text(),
            "published": _text(),
            "synthetic": pa.Column(bool, nullable=False),
        },
        strict=True, ordered=True, name="offence-level outcomes",
    )


def totals_schema() -> pa.DataFrameSchema:
    """The force × year × basis totals table."""
    measures = {m: pa.Column("Int64", nullable=False) for m in TOTAL_MEASURES}
    return pa.DataFrameSchema(
        {
            "force": _force_column(),
            "financial_year": _year_column(),
            "basis": _text(pa.Check.isin(list(BASES), error="'closed' or 'recorded'")),
            **measures,
            "source": _text(),
            "published": _text(),
            "synthetic": pa.Column(bool, nullable=False),
        },
        strict=True, ordered=True, name="force-year totals",
    )


def _keys_schema(keys: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({key: pa.Column(nullable=True) for key in keys}, unique=keys)


# --------------------------------------------------------------------------- messages


def _default_rows(label: object) -> str:
    """A CSV's data row label → its line in the file (the header is line 1)."""
    return f"row {int(str(label)) + 2}" if isinstance(label, int) or str(label).isdigit() else f"row {label}"


def _shown(value: object) -> str:
    """A found value as a message shows it: text quoted, numbers plain."""
    if isinstance(value, str):
        return repr(value)
    try:
        return str(value.item()) if hasattr(value, "item") else str(value)
    except (ValueError, AttributeError):
        return str(value)


def _describe(error: SchemaError, table: pd.DataFrame, where: str, rows: Rows) -> str:
    column = error.column_name or (error.schema.name if isinstance(error.schema, pa.Column) else None)
    check = error.check
    cases = error.failure_cases
    if check == "column_in_dataframe":
        return f"{where}: no column {cases!r}; expected the columns {list(error.schema.columns)}"
    if isinstance(check, str) and check.startswith("column_in_schema"):
        return f"{where}: unexpected column {cases!r}; expected only {list(error.schema.columns)}"
    if check == "column_ordered":
        return f"{where}: columns in the wrong order; expected {list(error.schema.columns)}, found {list(table.columns)}"
    if isinstance(check, str) and check.startswith("dtype("):
        found = cases if not isinstance(cases, pd.DataFrame) else cases["failure_case"].iloc[0]
        return f"{where}, column {column!r}: expected values of type {check[6:-1].strip(chr(39))}, found type {found}"
    if getattr(check, "error", None) == TEXT and column in table.columns:
        values = table[column]
        bad = ~values.map(lambda v: isinstance(v, str)).to_numpy()
        label = values.index[bad][0]
        found = values[bad].iloc[0]
        found = "an empty cell" if pd.isna(found) else _shown(found)
        return f"{where}, {rows(label)}, column {column!r}: expected text, found {found}"
    if isinstance(cases, pd.DataFrame) and len(cases):
        first = cases.iloc[0]
        label = rows(first["index"]) if "index" in cases.columns and pd.notna(first["index"]) else "a row"
        if check == "not_nullable":
            return f"{where}, {label}, column {column!r}: expected a value, found an empty cell"
        expected = getattr(check, "error", None) or str(check)
        return f"{where}, {label}, column {column!r}: expected {expected}, found {_shown(first['failure_case'])}"
    return f"{where}: {error}".splitlines()[0]


def _duplicate_message(table: pd.DataFrame, columns: list[str], where: str, rows: Rows) -> str:
    """Name the first row that repeats an earlier row, and that earlier row."""
    positions = table[columns].reset_index(drop=True)
    second = int(positions.index[positions.duplicated(keep="first")][0])
    hashes = pd.util.hash_pandas_object(positions, index=False).to_numpy()  # equal rows, equal hashes (NA too)
    first = int((hashes == hashes[second]).nonzero()[0][0])
    values = positions.iloc[second]
    keys = [c for c in columns if c in _KEY_WORDS]
    key = ", ".join(f"{_KEY_WORDS[k]} {values[k]}" for k in keys)
    counts = [c for c in columns if c in BASES]
    same_counts = f", the same {' and '.join(counts)} counts" if counts else ""
    earlier = rows(table.index[first]).split(", ")[-1]
    return (f"{where}, {rows(table.index[second])}: a copy of {earlier} ({key}{same_counts}); "
            "each row must appear once: remove the copy")


def _validate(table: pd.DataFrame, schema: pa.DataFrameSchema, keys: list[str] | None, where: str,
              rows: Rows | None) -> pd.DataFrame:

    rows = rows or _default_rows
    try:
        schema.validate(table, lazy=False)
    except SchemaError as error:
        raise BadInput(_describe(error, table, where, rows)) from error
    if keys:
        try:  # on a plain index: the table's own index may repeat labels (one per basis, say)
            _keys_schema(keys).validate(table[keys].reset_index(drop=True), lazy=False)
        except SchemaError as error:
            raise BadInput(_duplicate_message(table, keys, where, rows)) from error
    return table


def validate_offences(table: pd.DataFrame, where: object, *, rows: Rows | None = None,
                      unique: bool = True) -> pd.DataFrame:
    """Check an offence-level table; returns it unchanged or raises :class:`errors.BadInput`.

    ``where`` names the file (and sheet); ``rows`` turns an index label into "row 12" or
    "sheet 'Data', row 12" (default: CSV lines, the header being line 1). Rows sharing a key
    (force, year, quarter, offence code, outcome type) are allowed, as corrections beside the
    original row; a row that repeats another's key *and* counts is a copy and is refused
    (``unique=False`` skips that check).
    """
    return _validate(table, offence_schema(), OFFENCE_DUPLICATE if unique else None, str(where), rows)


def validate_totals(table: pd.DataFrame, where: object, *, rows: Rows | None = None) -> pd.DataFrame:
    """Check a force × year × basis totals table; returns it unchanged or raises :class:`errors.BadInput`."""
    return _validate(table, totals_schema(), TOTAL_KEYS, str(where), rows)
