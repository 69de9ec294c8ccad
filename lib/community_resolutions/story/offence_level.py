"""What the offence-level findings (child sex offences, drugs, serious offences) share beyond
:mod:`..offence_pages`: the years the 2019 article covered, and the end of the page (sources,
the findings file written, and the names of the files a journalist can open).

>>> ARTICLE_YEARS
['2014/15', '2015/16', '2016/17', '2017/18']
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .. import areas, offences, page, params
from ..offence_pages import OffenceRun

ARTICLE_YEARS: list[str] = params.parse_years("2014/15-2017/18")
"""The years the 2019 article's figures cover ("between 2014 and 2018")."""


def article_figure_sentence(claim: Mapping[str, str], when: str, ours: object) -> str:
    """One of the 2019 article's figures (a row of ``published-figures.csv``: ``published``, ``figure``,
    ``years_published``, ``area``) beside these data's, naming the area the figure is about, so the
    sentence reads the same on any area's page (child sex offences, serious offences); a "Durham: "
    the area already says is not repeated inside the quotation.

    >>> claim = {"published": "150, of which 79 involved children", "figure": "sex offences",
    ...          "years_published": "between 2014 and 2018", "area": "north-east"}
    >>> print(article_figure_sentence(claim, "in 2017/18", "12, of which 3 against children"))
    ... # doctest: +NORMALIZE_WHITESPACE
    For the North East, the article reported 150, of which 79 involved children, for “sex offences” (between 2014
    and 2018); in 2017/18 alone, these data give 12, of which 3 against children.
    >>> claim = {"published": "1", "figure": "Durham: rape of a girl under 13",
    ...          "years_published": "between 2014 and 2018", "area": "durham"}
    >>> print(article_figure_sentence(claim, "in 2017/18", 0))  # doctest: +NORMALIZE_WHITESPACE
    For Durham Constabulary, the article reported 1 for “rape of a girl under 13” (between 2014 and 2018); in 2017/18
    alone, these data give 0.
    """
    where = areas.resolve_area(claim["area"]).in_sentence
    published, figure = claim["published"], claim["figure"]
    prefix, _, rest = figure.partition(": ")
    label = rest if rest and where.startswith(prefix) else figure
    pause = "," if "," in published else ""
    return (f"For {where}, the article reported {published}{pause} for “{label}” ({claim['years_published']}); {when} "
            f"alone, these data give {ours}.")


def article_years_missing(offence_years: list[str]) -> list[str]:
    """The article's years that the offence-level data here do not hold.

    >>> article_years_missing(["2017/18", "2018/19"])
    ['2014/15', '2015/16', '2016/17']
    >>> article_years_missing(ARTICLE_YEARS)
    []
    """
    return [year for year in ARTICLE_YEARS if year not in offence_years]


def article_years_sentences(offence_years: list[str]) -> list[str]:
    """The sentence naming the article's years these data cannot compute, or nothing when they hold all four.

    >>> article_years_sentences(ARTICLE_YEARS)
    []
    """
    missing = article_years_missing(offence_years)
    return [offences.missing_years_sentence(missing)] if missing else []


def files_line(notebook: str, written: Path, chart_names: list[str]) -> str:
    """The small line at the foot of a page naming the findings file and the chart data files.

    >>> written = Path("/tmp/3-drug-offences.findings.json")
    >>> print(files_line("3-drug-offences", written, ["drug-shares"]))  # doctest: +NORMALIZE_WHITESPACE
    <p class="cr-files">Figures: <code>3-drug-offences.findings.json</code>; chart data:
    <code>3-drug-offences.drug-shares.csv</code>.</p>
    """
    return page.files_note(written.name, [f"{notebook}.{name}.csv" for name in chart_names])


def finish(run: OffenceRun, output: Path) -> Path:
    """End the page: the sources block, then write the findings file (figures, sentences, warnings,
    sources, chart CSVs) into ``output`` and name the files written. Returns the findings file's path."""
    page.show(page.sources_block(run.sources))
    written = run.found.write(output)
    page.show(files_line(run.notebook, written, list(run.found.charts)))
    return written
