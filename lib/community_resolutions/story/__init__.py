"""The story layer: one module per finding, each turning a run's parameters and tables into a
typed result (figures with numerators, denominators and sources; sentences; chart tables; charts).

A notebook is the story a journalist reads. It sets its parameters, calls :func:`start` once, and
then makes short calls into its finding's module here, showing what each returns. Every sentence
with a number in it is made by a function in this package, and each rule has a unit test.

>>> run = start("1-force-rate", "Durham", "2014/15-2017/18", "closed", output_dir="/tmp/example")
>>> run.area.name, run.years, run.when
('Durham Constabulary', ['2014/15', '2015/16', '2016/17', '2017/18'], 'from 2014/15 to 2017/18')
>>> str(run.output)
'/tmp/example'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from .. import areas, outcomes, page, params
from ..findings import Findings


@dataclass(frozen=True)
class Run:
    """The parameters of one notebook run, checked: what every finding needs to start."""

    notebook: str
    area: areas.Area
    years: list[str]
    basis: str
    output: Path
    mirror: str | None
    files: list[str]
    area_asked: str = ""  # the area parameter as typed, kept in the findings file

    @property
    def when(self) -> str:
        """'in 2017/18', 'from 2014/15 to 2017/18': the years asked for, for a sentence."""
        return page.years_phrase(self.years)

    @property
    def data_key(self) -> tuple:
        """What the loaders read for this run (:func:`outcomes.data_key`): the key under which work that
        is the same for every area is kept once per process (:mod:`..memo`)."""
        return outcomes.data_key(self.mirror, self.files)

    @property
    def user_files_synthetic(self) -> bool:
        """Whether any file the user supplied is labelled synthetic."""
        return params.any_synthetic(self.files)

    def findings(self, synthetic: bool, **extra: object) -> Findings:
        """A :class:`Findings` for this run, with the run's parameters recorded in it."""
        parameters = {"area": self.area_asked or self.area.slug, "area_slug": self.area.slug, "area_name": self.area.name,
                      "forces": list(self.area.forces), "years": self.years, "basis": self.basis, **extra}
        return Findings(self.notebook, parameters, synthetic=synthetic)


def start(notebook: str, area: str, years: str, basis: str, output_dir: str = "", mirror: str = "",
          outcome_files: str = "") -> Run:
    """Check a notebook's parameters (a bad one stops here with a message saying what to write)
    and return the :class:`Run` every finding's module takes."""
    where = areas.resolve_area(area)
    return Run(notebook=notebook, area=where, years=params.parse_years(years), basis=params.check_basis(basis),
               output=page.output_folder(output_dir, where), mirror=page.environment_mirror(mirror),
               files=params.parse_files(outcome_files), area_asked=area)


@dataclass
class Chart:
    """A drawn chart with the alt text a screen reader gets."""

    figure: Figure
    alt: str


@dataclass
class Result:
    """What a finding's module returns: the findings (figures, sentences, warnings, sources, chart
    tables; written as the findings file), the charts drawn, and tables shown on the page."""

    found: Findings
    charts: list[Chart] = field(default_factory=list)
    tables: dict[str, object] = field(default_factory=dict)


@dataclass
class Section:
    """What one part of a page shows, in order: the notes to read first (under ``notes_title``), the
    sentences, charts and tables (caption -> table). The figures go into the run's findings."""

    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes_title: str = "Read before using these figures"


source_line = page.source_line  # the chart source line, one definition for every finding
