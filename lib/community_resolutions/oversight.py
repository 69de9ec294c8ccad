"""Who holds each force to account: the body a story pack's right-of-reply questions go to.

Most forces answer to an elected police and crime commissioner; four to a police, fire and crime
commissioner; five to a mayor who holds the commissioner's powers (London, through MOPAC, Greater
Manchester, West Yorkshire, South Yorkshire, York and North Yorkshire); the City of London Police to
the City of London Corporation's Police Authority Board; British Transport Police to the British
Transport Police Authority. The table is ``data/reference/oversight.csv``, one row per force,
checked against the forces table. Its ``as_of`` column says when it was last checked: commissioners'
powers are due to move to mayors and council leaders from 2028, so a reporter checks before filing.

>>> holds_to_account("Durham")
'the police and crime commissioner for Durham'
>>> holds_to_account("BTP")
'the British Transport Police Authority'
>>> checked_as_of()
'May 2024'
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from . import areas
from .paths import REFERENCE_DIR

OVERSIGHT_FILE = REFERENCE_DIR / "oversight.csv"
COLUMNS = ["force", "holds_to_account", "kind", "as_of", "source"]
KINDS = {"pcc", "pfcc", "mayor", "authority"}


@lru_cache(maxsize=1)
def oversight_table() -> dict[str, dict[str, str]]:
    """The oversight table by canonical force name, checked: every force exactly once, a known kind,
    text in every cell, ``as_of`` as YYYY-MM. A bad row is refused with its line number."""
    table = areas.read_reference(OVERSIGHT_FILE, COLUMNS)
    rows: dict[str, dict[str, str]] = {}
    for line, row in enumerate(table.to_dict("records"), start=2):
        where = f"{OVERSIGHT_FILE}, line {line}"
        empty = [column for column in COLUMNS if not str(row[column]).strip()]
        if empty:
            raise ValueError(f"{where}: empty {', '.join(empty)}; every row needs {COLUMNS}")
        force = areas.canonical_force(row["force"])
        if force in rows:
            raise ValueError(f"{where}: {force!r} is listed twice")
        if row["kind"] not in KINDS:
            raise ValueError(f"{where}: kind {row['kind']!r} is not one of {sorted(KINDS)}")
        _month(row["as_of"], where)
        rows[force] = row
    missing = sorted(set(areas.all_forces()) - set(rows))
    if missing:
        raise ValueError(f"{OVERSIGHT_FILE}: no row for {missing}; every force needs one")
    return rows


def _month(text: str, where: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ValueError(f"{where}: as_of {text!r} is not a month written YYYY-MM") from None


def holds_to_account(force: str) -> str:
    """Who holds ``force`` (any spelling) to account, as it reads after "To" in a heading."""
    return oversight_table()[areas.canonical_force(force)]["holds_to_account"]


def checked_as_of() -> str:
    """The oldest ``as_of`` month in the table, in words: how current the whole table is."""
    oldest = min(_month(row["as_of"], str(OVERSIGHT_FILE)) for row in oversight_table().values())
    return oldest.strftime("%B %Y")
