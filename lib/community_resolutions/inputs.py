"""The first check on a value a person typed (a notebook or command-line parameter): that it is text.

It sits below every stage, so the reference data (:mod:`.areas`) can check a name before looking
it up, as :mod:`.params` checks every other parameter (and re-exports :func:`require_text`).
"""

from __future__ import annotations


def require_text(value, name: str) -> str:
    """A notebook or command-line parameter that must be text (``papermill -p area 123`` passes a number).

    >>> require_text("Durham", "area")
    'Durham'
    >>> require_text(None, "basis")
    ''
    >>> require_text(123, "area")
    Traceback (most recent call last):
    ...
    ValueError: parameter area: expected text, found the number 123; papermill's -p reads numbers as numbers: write -r area 123 to
    pass text
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    kind = "the number" if isinstance(value, (int, float)) and not isinstance(value, bool) else type(value).__name__
    hint = f"; papermill's -p reads numbers as numbers: write -r {name} {value!r} to pass text" if kind == "the number" else ""
    raise ValueError(f"parameter {name}: expected text, found {kind} {value!r}{hint}")
