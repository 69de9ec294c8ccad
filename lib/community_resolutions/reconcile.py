"""Compare a published figure with the package's own, and say the result in words.

Published figures live in ``data/reference/published-figures.csv`` with a machine-readable
``measure``, ``value`` and ``qualifier`` ("more than", "about", "rounded", "exact") where the
figure can be checked against the data. They are never used as results.

>>> claim = {"figure": "community resolutions in the North-East", "published": "more than 35,000",
...          "measure": "community_resolution", "value": "35000", "qualifier": "more than"}
>>> verdict(claim, 35212)
'consistent'
>>> verdict(claim, 34000)
'lower than published'
>>> verdict({"value": "0.04", "qualifier": "rounded"}, 0.0375)
'consistent'
>>> verdict({"value": "0.03", "qualifier": "about"}, 0.0284)
'consistent'
>>> verdict({"value": "Durham", "qualifier": "exact"}, "Durham")
'consistent'
"""

from __future__ import annotations

from typing import Any, Mapping

ABOUT_TOLERANCE = 0.10  # "about" allows 10% either way


def verdict(claim: Mapping[str, Any], computed: float | str) -> str:
    """'consistent', 'higher than published', 'lower than published' or 'different'."""
    qualifier = claim["qualifier"]
    if qualifier == "exact":
        return "consistent" if str(computed) == str(claim["value"]) else "different"
    published = float(claim["value"])
    value = float(computed)
    if qualifier == "more than":
        return "consistent" if value > published else "lower than published"
    if qualifier == "at least":
        return "consistent" if value >= published else "lower than published"
    if qualifier == "rounded":  # a share published as a whole percentage
        if round(value * 100) == round(published * 100):
            return "consistent"
    elif qualifier == "about":
        if abs(value - published) <= ABOUT_TOLERANCE * published:
            return "consistent"
    else:
        raise ValueError(f"unknown qualifier {qualifier!r} for {claim.get('figure', claim)}")
    return "higher than published" if value > published else "lower than published"
