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

from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd

ABOUT_TOLERANCE = 0.10  # "about" allows 10% either way
LOWEST_FRACTION = 0.25  # "among the lowest" is read as in the bottom quarter of the forces ranked


def among_the_lowest(rank: int, of: int) -> bool:
    """Whether rank ``rank`` of ``of`` (1 = the highest share) is "among the lowest": in the bottom
    quarter of the forces ranked. The one rule for the article's claim that Cleveland had "among
    the lowest" rates, used by every page that checks it.

    >>> among_the_lowest(38, 44), among_the_lowest(34, 44), among_the_lowest(33, 44)
    (True, True, False)
    >>> among_the_lowest(1, 1)  # a single force is both the highest and the lowest
    True
    """
    return rank > of * (1 - LOWEST_FRACTION)


@dataclass(frozen=True)
class RankCheck:
    """A published claim about a force's rank ("most likely to use them", "among the lowest"),
    checked against force shares ranked over some years."""

    measure: str  # "top_force" or "low_force"
    named: str  # the force the article named
    rank: int  # its rank here, 1 = the highest share
    of: int  # forces ranked (with a share)
    top: str  # the force with the highest share here

    @property
    def consistent(self) -> bool:
        """The highest share (ties included) for "top_force"; :func:`among_the_lowest` for "low_force"."""
        return self.rank == 1 if self.measure == "top_force" else among_the_lowest(self.rank, self.of)

    @property
    def value(self) -> str:
        """The package's figure for the reconciliation table: the top force's name, or the named force
        when it is among the lowest, else where it ranks."""
        if self.measure == "top_force":
            return self.top
        return self.named if self.consistent else f"{self.named} ranks {self.rank} of {self.of}"


def check_rank(claim: Mapping[str, Any], ranked: pd.DataFrame) -> RankCheck:
    """Check a "top_force" or "low_force" claim against ``ranked`` (:func:`metrics.force_shares`).

    >>> ranked = pd.DataFrame({"force": ["A", "B", "C", "D"], "rank": [1, 2, 3, 4]})
    >>> low = check_rank({"measure": "low_force", "value": "D"}, ranked)
    >>> low.consistent, low.value
    (True, 'D')
    >>> check_rank({"measure": "low_force", "value": "C"}, ranked).value
    'C ranks 3 of 4'
    >>> check_rank({"measure": "top_force", "value": "B"}, ranked).consistent
    False
    """
    measure = str(claim["measure"])
    if measure not in ("top_force", "low_force"):
        raise ValueError(f"{measure!r} is not a claim about a force's rank")
    named = str(claim["value"])
    ranks = ranked.dropna(subset=["rank"]).set_index("force")["rank"]
    return RankCheck(measure=measure, named=named, rank=int(ranks[named]), of=len(ranks),
                     top=str(ranked.iloc[0]["force"]))


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


def package_figures(claims: pd.DataFrame, totals: pd.DataFrame, offence_table: pd.DataFrame, basis: str,
                    forces_grew: int | None = None, growth_note: str = "") -> pd.DataFrame:
    """For each published figure: the package's own figure from the same period and basis,
    the verdict, and the reason for any difference or gap.

    ``claims`` is ``data/reference/published-figures.csv``; ``measure`` says how to compute each.
    Offence-level figures can only be computed for the years ``offence_table`` holds; a partial
    period is reported as such, never scaled up.
    """
    from . import areas, metrics, offences
    from .params import parse_years

    registry_years = set(totals["financial_year"])
    offence_table = offences.whole_years(offence_table)  # every offence-level figure here is a sum of whole years
    held = set(offence_table["financial_year"])
    rows = []
    for claim in claims.to_dict("records"):
        measure = claim["measure"]
        period = parse_years(claim["period"]) if claim["period"] else []
        forces = areas.resolve_area(claim["area"]).forces if claim["area"] else ()
        value: Any = None
        years_used: list[str] = []
        reason = ""
        result = "not in the data"
        if not measure:
            reason = "Not a figure these data hold (a quotation or a finding from another source)."
        elif measure in ("community_resolution", "share", "community_resolution_per_year", "top_force", "low_force"):
            years_used = [y for y in period if y in registry_years]
            if measure in ("top_force", "low_force"):
                checked = check_rank(claim, metrics.force_shares(totals, years_used, basis))
                value, result = checked.value, "consistent" if checked.consistent else "different"
            else:
                figure = metrics.area_total(totals, forces, years_used, basis)
                if measure.endswith("per_year"):
                    value = figure["community_resolution"] / len(years_used)
                else:
                    value = figure[measure]
                result = verdict(claim, value)
            reason = ("Computed from the force-year totals of the 2024 republication; the article used the 2019 "
                      "publication, which the Home Office has since revised.")
            if measure == "share":
                reason += " The article's share is read as a share of all assigned outcomes."
            if measure == "low_force":
                reason += " 'Among the lowest' is read as in the bottom quarter of forces."
        elif measure == "forces_grew":
            value = forces_grew
            result = "not computed" if value is None else verdict(claim, value)
            reason = ("Growth here means more community resolutions in 2017/18 than in 2015/16; the article did not "
                      "say which years or measure it compared. " + growth_note).strip()
        else:
            years_used = [y for y in period if y in held]
            kind, _, key = measure.partition(":")
            if not years_used:
                reason = f"No offence-level data for {', '.join(period)}; the official workbooks would settle it."
            else:
                if kind == "mix":
                    mix = offences.offence_mix(offence_table, forces, years_used, basis).set_index("category")
                    value = int(mix.loc[key, "community_resolution"])
                elif kind == "code":
                    counts = offences.outcome_counts(offence_table, forces, years_used, basis, by=["offence_code"])
                    counts = counts.set_index("offence_code")
                    value = int(counts["community_resolution"].get(key, 0))
                elif kind == "group":
                    counts = offences.outcome_counts(offence_table, forces, years_used, basis, by=["offence_group"])
                    counts = counts.set_index("offence_group")
                    value = int(counts["community_resolution"].get(key, 0))
                elif measure == "drug_share":
                    counts = offences.outcome_counts(offence_table, forces, years_used, basis, by=["offence_group"])
                    counts = counts.set_index("offence_group")
                    value = float(counts.loc["Drug offences", "share"])
                else:
                    raise ValueError(f"unknown measure {measure!r} for published figure {claim['id']!r}")
                missing = [y for y in period if y not in held]
                if missing and not measure.endswith("share"):
                    result = "not comparable"
                    reason = (f"Offence-level data covers {', '.join(years_used)} only "
                              f"({len(years_used)} of {len(period)} years); "
                              f"not scaled up. The official workbooks for {', '.join(missing)} would settle it.")
                else:
                    result = verdict(claim, value)
                    reason = ("A share from " + ", ".join(years_used) + " only, the article's period being "
                              + claim["period"] + "." if missing else "")
        rows.append({"id": claim["id"], "source": claim["publication"], "figure": claim["figure"], "area": claim["area"],
                     "published": claim["published"], "period": claim["period"] or claim["years_published"],
                     "package_value": value, "years_used": ", ".join(years_used), "verdict": result, "reason": reason})
    return pd.DataFrame(rows)
