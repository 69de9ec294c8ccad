"""Hand-made offence-level rows and runs for the story layer's offence-level tests."""

from __future__ import annotations

import pandas as pd

from community_resolutions import areas, offences
from community_resolutions.findings import Findings
from community_resolutions.offence_pages import OffenceRun

COMMUNITY_RESOLUTION, CHARGED, NOT_YET = 8, 1, 0


def rows(*lines: tuple[str, str, str, str, str | None, int, int], year: str = "2017/18") -> pd.DataFrame:
    """Offence-level rows from (force, code, description, group, subgroup, outcome type, count); the
    count is the same on both bases."""
    return pd.DataFrame([{"financial_year": year, "quarter": 1, "force": force, "offence_code": code,
                          "offence_description": description, "offence_group": group, "offence_subgroup": subgroup,
                          "outcome_type": outcome, "closed": count, "recorded": count, "source": "fixture",
                          "published": "2019", "synthetic": False, "note": ""}
                         for force, code, description, group, subgroup, outcome, count in lines])


def make_run(area: str, table: pd.DataFrame, years: tuple[str, ...] = ("2017/18",),
             notebook: str = "x") -> OffenceRun:
    """An :class:`OffenceRun` over ``table`` without reading any file or showing anything."""
    where = areas.resolve_area(area)
    held, missing = offences.split_years(list(years), table)
    found = Findings(notebook, {}, synthetic=False)
    return OffenceRun(notebook, where, list(years), "closed", table, held, missing, False, found)
