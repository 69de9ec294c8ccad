"""Notebook and command-line parameters, parsed and checked with messages a user can act on.

>>> parse_years("2014/15-2017/18")
['2014/15', '2015/16', '2016/17', '2017/18']
>>> parse_years("2017/18")
['2017/18']
>>> parse_years("2017-18")
['2017/18']
>>> parse_years("2018/19-2017/18")
Traceback (most recent call last):
...
ValueError: years '2018/19-2017/18': the range must run forwards (earliest year first)
>>> check_basis("Closed")
'closed'
"""

from __future__ import annotations

import re

from .definitions import BASES
from .errors import EmptySelection
from .inputs import require_text as require_text

BASIS_HELP = (
    "'closed' (outcomes assigned in each quarter, whenever the crime was recorded) or "
    "'recorded' (outcomes of the crimes recorded in each quarter)"
)
_YEAR = re.compile(r"^(\d{4})[/-](\d{2})$")
_RANGE = re.compile(r"^(\d{4}[/-]\d{2})\s*(?:-|–|to)\s*(\d{4}[/-]\d{2})$")


def financial_year(start: int) -> str:
    """The label of the financial year starting in April of ``start``.

    >>> financial_year(1999)
    '1999/00'
    """
    return f"{start}/{(start + 1) % 100:02d}"


def _start(label: str, whole: str) -> int:
    match = _YEAR.match(label.strip())
    if not match:
        raise ValueError(
            f"years {whole!r}: {label.strip()!r} is not a financial year; write it like '2017/18' "
            "or a range like '2014/15-2017/18'"
        )
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        raise ValueError(f"years {whole!r}: {label.strip()!r} is not a financial year (2017/18 follows 2017)")
    return start


def financial_years_between(first: str, last: str) -> list[str]:
    """Every financial year from ``first`` to ``last`` inclusive."""
    return parse_years(f"{first}-{last}") if first != last else parse_years(first)


def parse_years(text: str) -> list[str]:
    """A year (``2017/18``) or an inclusive range (``2014/15-2017/18``) as a list of labels."""
    whole = str(text).strip()
    match = _RANGE.match(whole)
    if not match:
        return [financial_year(_start(whole, whole))]
    parts = match.groups()
    first, last = (_start(part, whole) for part in parts)
    if last < first:
        raise ValueError(f"years {whole!r}: the range must run forwards (earliest year first)")
    return [financial_year(year) for year in range(first, last + 1)]


def check_basis(basis: str) -> str:
    """``closed`` or ``recorded``; anything else is an error that says what each means."""
    value = str(basis).strip().lower()
    if value not in BASES:
        raise ValueError(f"basis {basis!r} is not known; use {BASIS_HELP}")
    return value


def check_years_available(years: list[str], available: list[str], what: str) -> None:
    """Refuse years the data does not hold, saying which it does.

    >>> check_years_available(["2013/14"], ["2014/15", "2015/16"], "the force-year totals")
    Traceback (most recent call last):
    ...
    ValueError: years 2013/14 are not in the force-year totals, which hold 2014/15 to 2015/16
    """
    missing = [year for year in years if year not in available]
    if missing:
        raise ValueError(
            f"years {', '.join(missing)} are not in {what}, which hold {min(available)} to {max(available)}"
        )


def check_rows_available(table, forces, years: list[str], what: str) -> None:
    """Refuse a selection in which a force has no rows at all for the years asked for, saying
    which forces the data does hold for those years (``table``: any table with ``force`` and
    ``financial_year`` columns, such as the offence-level table).

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"force": ["Durham"], "financial_year": ["2016/17"]})
    >>> check_rows_available(rows, ["Durham"], ["2016/17"], "the offence-level data")
    >>> check_rows_available(rows, ["Cleveland", "Durham"], ["2016/17"], "the offence-level data")
    Traceback (most recent call last):
    ...
    community_resolutions.errors.EmptySelection: the offence-level data has no rows for Cleveland in 2016/17; for that year it
    holds Durham only. Choose another force or years, or add a file that covers Cleveland
    """
    # The forces asked for first, one column only: most checks pass, and a national page asks for all 44.
    asked = table["force"].isin(list(forces)) & table["financial_year"].isin(list(years))
    if set(table.loc[asked, "force"].unique()) >= set(forces):
        return
    period = table[table["financial_year"].isin(list(years))]
    held = sorted(set(period["force"].unique()))
    absent = [force for force in forces if force not in held]
    if not absent:
        return
    when = ", ".join(years) if years else "the years asked for"
    if held:
        listed = ", ".join(held[:6]) + (f" and {len(held) - 6} more" if len(held) > 6 else "")
        holds = f"for {'that year' if len(years) == 1 else 'those years'} it holds {listed}{' only' if len(held) <= 6 else ''}"
    else:
        holds = f"it holds nothing for {'that year' if len(years) == 1 else 'those years'}"
    raise EmptySelection(
        f"{what} has no rows for {', '.join(absent)} in {when}; {holds}. Choose another force or years, "
        f"or add a file that covers {', '.join(absent)}"
    )


FILE_SEPARATORS = ("\n", "|")


def split_files(text: str) -> list[str]:
    """The file names in ``OUTCOMES=``/``outcome_files``, before any check.

    Several files are separated by newlines or by ``|``, so a path may hold spaces; with neither,
    the text is one path if such a file exists, else (as before) names separated by spaces, with
    shell-style quotes around a name that holds spaces.

    >>> split_files("/data/my files/a.xlsx | /data/b.ods")
    ['/data/my files/a.xlsx', '/data/b.ods']
    >>> split_files("a.xlsx\\nb.ods\\n")
    ['a.xlsx', 'b.ods']
    >>> split_files("a.xlsx 'my b.ods'")
    ['a.xlsx', 'my b.ods']
    >>> split_files("a.xlsx 'b.ods")
    Traceback (most recent call last):
    ...
    ValueError: outcomes "a.xlsx 'b.ods": a quote is not closed; separate several files with '|' or newlines instead of quoting
    them
    """
    import shlex
    from pathlib import Path

    from .paths import PROJECT_ROOT

    text = str(text or "")
    if any(separator in text for separator in FILE_SEPARATORS):
        parts = text.replace("|", "\n").split("\n")
        return [part.strip() for part in parts if part.strip()]
    whole = text.strip()
    if not whole:
        return []
    candidate = Path(whole).expanduser()
    if (candidate if candidate.is_absolute() else PROJECT_ROOT / candidate).exists():
        return [whole]
    try:
        return shlex.split(whole)
    except ValueError:
        raise ValueError(f"outcomes {whole!r}: a quote is not closed; separate several files with '|' or newlines "
                         "instead of quoting them") from None


def join_files(files: list[str]) -> str:
    """Files as one ``outcome_files`` parameter that :func:`parse_files` reads back (newline-separated).

    >>> split_files(join_files(["/a b/c.xlsx", "/d.ods"]))
    ['/a b/c.xlsx', '/d.ods']
    """
    for name in files:
        if "\n" in name or "|" in name:
            raise ValueError(f"outcomes file {name!r}: a file name holding '|' or a line break cannot be passed on; "
                             "rename the file")
    return "\n".join(files)


def parse_files(text: str) -> list[str]:
    """User-supplied data files (``make reports OUTCOMES="a.xlsx | my folder/b.ods"``, or the notebook
    parameter ``outcome_files``) as absolute paths; relative paths start at the project root. Each must
    exist and be a file. Separators: see :func:`split_files`.

    >>> parse_files("")
    []
    >>> parse_files("/no/such/file.xlsx")
    Traceback (most recent call last):
    ...
    FileNotFoundError: outcomes file /no/such/file.xlsx does not exist (relative paths start at the project root)
    """
    from pathlib import Path

    from .paths import PROJECT_ROOT

    text = require_text(text, "outcome_files")
    files = []
    for item in split_files(text):
        path = Path(item).expanduser()
        path = path if path.is_absolute() else PROJECT_ROOT / path
        if not path.exists():
            raise FileNotFoundError(f"outcomes file {path} does not exist (relative paths start at the project root)")
        files.append(str(path.resolve()))
    return files


def any_synthetic(files: list[str]) -> bool:
    """True when any named file is synthetic (by its name, or the generator's in-file marker).

    >>> any_synthetic(["/data/SYNTHETIC-outcomes.xlsx"]), any_synthetic([])
    (True, False)
    """
    from pathlib import Path

    try:
        from .readers import is_synthetic
    except ImportError:  # readers not available: fall back to the name
        return any("synthetic" in Path(f).name.lower() for f in files)
    return any(is_synthetic(Path(f)) for f in files)
