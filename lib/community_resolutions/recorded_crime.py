"""Police recorded crime by police force area (PFA): the denominator of "share of recorded crimes".

The official open-data table "Police recorded crime by police force area" has the columns
``Financial Year, Financial Quarter, Force Name, Offence Description, Offence Group, Offence
Subgroup, Offence Code, Number of Offences``. Counts are padded with spaces (``" 66776 "``),
zero is written ``-00`` and a few counts are negative (corrections; kept as published).

Besides the 44 forces it has rows for the bodies that record fraud centrally, which are not
forces: :data:`FRAUD_BODIES`. They stay in the canonical table, marked in the ``body`` column
(``"fraud body"`` rather than ``"force"``), and never enter a force's total.

Canonical table (:data:`COLUMNS`): financial_year, quarter, force (canonical short name; the
body's name for a fraud body), body, offence_code, offence_description, offence_group,
offence_subgroup, offences, source.

>>> parse_count(" 66776 "), parse_count("-00 "), parse_count(" -4 ")
(66776, 0, -4)
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from . import areas, sources
from .outcomes import BadInput, _cached_parquet, _read_csv

DATASET_ID = "recorded-crime-pfa-2017-18"
RAW_COLUMNS = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Description", "Offence Group",
    "Offence Subgroup", "Offence Code", "Number of Offences",
]
COLUMNS = [
    "financial_year", "quarter", "force", "body", "offence_code", "offence_description", "offence_group",
    "offence_subgroup", "offences", "source",
]
#: Fraud recorded centrally, not by a police force (kept visible, never in a force total).
FRAUD_BODIES = ("Action Fraud", "CIFAS", "Financial Fraud Action UK", "UK Finance")
FORCE, FRAUD_BODY = "force", "fraud body"

_COUNT = re.compile(r"^-?\d+$")
_YEAR = re.compile(r"^\d{4}/\d{2}$")


def parse_count(text: str) -> int | None:
    """A count cell as an int: spaces stripped, ``-00`` is zero, negative corrections kept;
    anything else is ``None``.

    >>> parse_count("1,234"), parse_count("n/a")
    (1234, None)
    """
    value = str(text).strip().replace(",", "")
    return int(value) if _COUNT.match(value) else None


def read_pfa_table(path: str | os.PathLike[str], *, source: str = DATASET_ID) -> pd.DataFrame:
    """Read the PFA recorded-crime table (official column names) into :data:`COLUMNS`.

    Any bad cell is :class:`BadInput` naming the file, row and column and what was expected.
    """
    path = Path(path)
    raw = _read_csv(path, RAW_COLUMNS, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [c.strip() for c in raw.columns]
    missing = [c for c in RAW_COLUMNS if c not in raw.columns]
    if missing:
        raise BadInput(f"{path}: missing column(s) {missing}; expected {RAW_COLUMNS}, found {list(raw.columns)}")
    raw = raw[~(raw[RAW_COLUMNS] == "").all(axis=1)]

    def fail(mask: pd.Series, column: str, expected: str):
        row = int(raw.index[mask][0]) + 2
        raise BadInput(f"{path}, row {row}, column {column}: expected {expected}, found {raw[column][mask].iloc[0]!r}")

    year = raw["Financial Year"].str.strip()
    if (bad := ~year.str.match(_YEAR)).any():
        fail(bad, "Financial Year", "a financial year like 2017/18")
    quarter = pd.to_numeric(raw["Financial Quarter"].str.strip().str.removeprefix("Q"), errors="coerce")
    if (bad := ~quarter.isin([1, 2, 3, 4])).any():
        fail(bad, "Financial Quarter", "a quarter 1-4")
    counts = raw["Number of Offences"].map(parse_count)
    if (bad := counts.isna()).any():
        fail(bad, "Number of Offences", "a whole number (padded with spaces, '-00' for zero)")
    names = raw["Force Name"].str.strip()
    is_body = names.isin(FRAUD_BODIES)
    mapping: dict[str, str] = {}
    for name in names[~is_body].unique():
        try:
            mapping[name] = areas.canonical_force(name)
        except areas.UnknownArea as error:
            fail(names == name, "Force Name", f"a police force or one of the fraud bodies {list(FRAUD_BODIES)}; {error}")
    table = pd.DataFrame({
        "financial_year": year,
        "quarter": quarter.astype("int8"),
        "force": names.where(is_body, names.map(mapping)),
        "body": is_body.map({True: FRAUD_BODY, False: FORCE}),
        "offence_code": raw["Offence Code"].str.strip(),
        "offence_description": raw["Offence Description"].str.strip(),
        "offence_group": raw["Offence Group"].str.strip(),
        "offence_subgroup": raw["Offence Subgroup"].str.strip(),
        "offences": counts.astype("int64"),
        "source": source,
    })
    return table.reset_index(drop=True)[COLUMNS]


def load_recorded_crime(*, mirror: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The mirror's 2017/18 PFA table (registry id ``recorded-crime-pfa-2017-18``), cached as parquet."""
    path = sources.resolve(DATASET_ID, mirror=mirror)
    return _cached_parquet(path, "recorded-crime", lambda p: read_pfa_table(p, source=DATASET_ID))


def force_year_totals(table: pd.DataFrame) -> pd.DataFrame:
    """Recorded crimes per force and financial year (fraud bodies left out), with the number of
    quarters each total covers, the denominator of "share of recorded crimes".

    >>> t = pd.DataFrame({"financial_year": ["2017/18"] * 3, "quarter": [1, 2, 1],
    ...     "force": ["Durham", "Durham", "Action Fraud"], "body": [FORCE, FORCE, FRAUD_BODY],
    ...     "offences": [10, -1, 500]})
    >>> force_year_totals(t).to_dict("records")
    [{'force': 'Durham', 'financial_year': '2017/18', 'recorded_crimes': 9, 'quarters': 2}]
    """
    forces = table[table["body"] == FORCE]
    return forces.groupby(["force", "financial_year"], as_index=False).agg(
        recorded_crimes=("offences", "sum"), quarters=("quarter", "nunique"))


def fraud_body_totals(table: pd.DataFrame) -> pd.DataFrame:
    """Crimes recorded by each central fraud body per financial year (not part of any force)."""
    bodies = table[table["body"] == FRAUD_BODY]
    return bodies.groupby(["force", "financial_year"], as_index=False)["offences"].sum().rename(
        columns={"force": "body", "offences": "recorded_crimes"})


def recorded_crimes(force: str, financial_year: str, *, table: pd.DataFrame | None = None,
                    mirror: str | os.PathLike[str] | None = None) -> int | None:
    """A force's recorded crimes in a year (any spelling of the force); ``None`` if the table lacks it."""
    table = load_recorded_crime(mirror=mirror) if table is None else table
    totals = force_year_totals(table)
    row = totals[(totals["force"] == areas.canonical_force(force)) & (totals["financial_year"] == financial_year)]
    return int(row["recorded_crimes"].iloc[0]) if len(row) else None
