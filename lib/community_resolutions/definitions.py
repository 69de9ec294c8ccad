"""The definitions every stage must agree on, in one place: outcome types, the two bases, the
measures of the totals table, the canonical columns, the 2019 article's years, the dates of
outcome 22, and the notebooks a report is made of.

Modules that used to hold them still offer them under the old names (``outcomes.BASES``,
``trends.ARTICLE_YEARS``, ``publish.NOTEBOOK_TITLES``, ...).

>>> ARTICLE_YEARS_PARAMETER
'2014/15-2017/18'
>>> MEASURES["out_of_court"]
(2, 3, 6, 7, 8, 22)
"""

from __future__ import annotations

# --------------------------------------------------------------------------- outcome types

#: Home Office outcome type 8: a community resolution.
COMMUNITY_RESOLUTION = 8
#: Outcome type 0: "not yet assigned an outcome"; never an outcome, never in a denominator.
NOT_YET_ASSIGNED = 0
#: Outcome type 22 (diversionary, educational or intervention activity): voluntary from 2019/20,
#: mandatory from April 2021.
TYPE22_VOLUNTARY = "2019/20"
TYPE22_MANDATORY = "2021/22"

# --------------------------------------------------------------------------- bases

#: The two counts the Home Office publishes for each outcome: ``closed``, outcomes assigned in the
#: quarter whenever the crime was recorded; ``recorded``, outcomes of the crimes recorded in the
#: quarter. The 2019 article used ``closed``.
BASES = ("closed", "recorded")
DEFAULT_BASIS = "closed"

# --------------------------------------------------------------------------- the 2019 article

#: The years the 2019 investigation covered.
ARTICLE_YEARS = ("2014/15", "2015/16", "2016/17", "2017/18")
ARTICLE_END = ARTICLE_YEARS[-1]
#: The same years as a notebook or command-line parameter is written (the default of both).
ARTICLE_YEARS_PARAMETER = f"{ARTICLE_YEARS[0]}-{ARTICLE_END}"

# --------------------------------------------------------------------------- canonical tables

#: Columns of the offence-level table, one row per force, quarter, offence code and outcome type
#: (described in :mod:`.outcomes`).
OFFENCE_COLUMNS = [
    "financial_year", "quarter", "force", "offence_code", "offence_description", "offence_group",
    "offence_subgroup", "offence_code_expired", "outcome_type", "outcome_description",
    "outcome_group", "closed", "recorded", "note", "source", "published", "synthetic",
]

#: Outcome counts carried by the totals table: column name -> outcome types summed.
MEASURES: dict[str, tuple[int, ...]] = {
    "charged": (1,),
    "caution_youth": (2,),
    "caution_adult": (3,),
    "penalty_notice": (6,),
    "cannabis_warning": (7,),
    "community_resolution": (COMMUNITY_RESOLUTION,),
    "diversionary_activity": (22,),
    "out_of_court": (2, 3, 6, 7, COMMUNITY_RESOLUTION, 22),
    "positive": (1, 2, 3, 6, 7, COMMUNITY_RESOLUTION, 22),
}
#: Columns of the force × year × basis totals table; ``assigned`` (every type but 0) is the
#: denominator of every share.
TOTAL_COLUMNS = ["force", "financial_year", "basis", *MEASURES, "assigned", "source", "published", "synthetic"]

# --------------------------------------------------------------------------- the notebooks

#: Every finding, in reading order: the data's coverage first, the reconciliation last.
NOTEBOOK_TITLES = {
    "0-data-coverage": "What the data covers",
    "1-force-rate": "How often community resolutions are used",
    "2-child-sex-offences": "Sexual offences against children",
    "3-drug-offences": "Drug offences",
    "4-region-in-numbers": "In numbers: totals and offence mix",
    "5-over-time": "Over time",
    "6-serious-offences": "Serious offences",
    "7-against-the-article": "The 2019 figures, checked",
    "8-police-uk": "police.uk and the Home Office",
}
#: Notebooks a journalist runs on their own (with parameters of their own), not part of a report.
STANDALONE_NOTEBOOKS = {"9-offence-explorer": "The offence explorer"}
