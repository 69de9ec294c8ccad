"""The offence explorer (notebook ``9-offence-explorer``): any offence, any area, any years with
offence-level data.

The counting and the sentences are :mod:`..explorer`'s (``select_offences``, ``explore``, ``record``,
unit-tested there); this module reads the data for a run (:func:`load`), makes the page's top
(:func:`opening`), says how the offence name was read (:func:`selection_sentence`), draws the ranked
chart (:func:`ranked_chart`), lists the tables (:func:`tables`) and writes the findings file
(:func:`record`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import charts, explorer, offence_pages, offences, page, params
from . import Chart, Run

CHART_SOURCE = ("Source: Home Office, crime outcomes in England and Wales. Contains public sector information "
                "licensed under the Open Government Licence v3.0.")


@dataclass
class Data:
    """The offence-level table and what the run counts in it."""

    table: pd.DataFrame
    years: list[str]  # the years asked for that the offence-level data hold
    chosen: explorer.OffenceSelection
    synthetic: bool
    notes: list[str]  # what to read before the figures


def load(run: Run, offence: str) -> Data:
    """Read the offence-level data (the mirror, the cache, the user's files; the newest publication
    wins), keep the years asked for that it holds, and read the offence name (an unknown name stops
    here with the closest names)."""
    table = offences.load_offence_level(mirror=run.mirror, files=run.files)
    held, _ = offences.years_held(table, run.years, run.data_key)
    if held:
        params.check_rows_available(table, run.area.forces, held, "the offence-level data")
    chosen = explorer.select_offences(table, offence)
    synthetic = run.user_files_synthetic or bool(table.loc[table["financial_year"].isin(held), "synthetic"].any())
    notes = offence_pages.notes_for(table, run.area, run.years, run.basis, mirror=run.mirror, key=run.data_key)
    return Data(table, held, chosen, synthetic, notes)


def opening(run: Run, data: Data) -> list[str]:
    """The page's top: headline block, the notes to read first, and which file each year came from."""
    return [page.header(f"{data.chosen.label}: {run.area.name}", run.area, data.years or run.years, run.basis,
                        data.synthetic),
            page.note_box(data.notes, "Read before using these figures"),
            page.table(offences.publications_table(data.table),
                       caption="Offence-level data: which file each year came from")]


def selection_sentence(offence: str, chosen: explorer.OffenceSelection) -> str:
    """How the offence parameter was read, with its codes, so a reader can check it.

    >>> selection_sentence("92a", explorer.OffenceSelection("Trafficking (code 92A)", "offence code", ("92A",),
    ...                    "the offence code 92A"))
    '“92a” was read as the offence code 92A: offence codes 92A.'
    >>> selection_sentence("child sex offences", explorer.OffenceSelection("x", "list", (), "a reviewed list"))
    '“child sex offences” was read as a reviewed list: offence codes none.'
    """
    return f"“{offence}” was read as {chosen.definition}: offence codes {', '.join(chosen.codes) or 'none'}."


def ranked_chart(run: Run, data: Data, found: explorer.Exploration) -> Chart | None:
    """Every force ranked by its share in the years asked for, the area's forces highlighted and
    England and Wales marked; None when no force has a share to rank."""
    if not found.forces_ranked:
        return None
    figure = charts.ranked_bars(
        found.per_force.dropna(subset=["share"]), label="force", value="share", highlight=set(run.area.forces),
        national=found.national["share"], synthetic=data.synthetic, source=CHART_SOURCE,
        title=f"Share of {data.chosen.label.lower()} closed by community resolution, {page.years_phrase(data.years)}")
    return Chart(figure, f"Bar chart of {found.forces_ranked} forces ranked by that share. {found.sentences[0]}")


def tables(run: Run, data: Data, found: explorer.Exploration) -> list[str]:
    """The area's forces, then the area through every year the offence-level data hold."""
    return [page.table(explorer.area_table(found), caption=f"{data.chosen.label}: the area's forces"),
            page.table(explorer.year_table(found),
                       caption=f"{data.chosen.label}, {run.area.name}: every year the offence-level data hold")]


def record(run: Run, data: Data, offence: str, found: explorer.Exploration) -> Path:
    """Write the findings file (figures, sentences, warnings, the ranked table); returns its path."""
    findings = run.findings(data.synthetic, offence=offence, offence_codes=list(data.chosen.codes),
                            years_computed=data.years)
    findings.warnings = data.notes
    explorer.record(found, findings)
    return findings.write(run.output)
