"""Index pages an editor scans: one table, one row per force (and region), read from the findings
files the run wrote, with the stand-out forces named above it.

Figures come from each area's ``1-force-rate.findings.json`` (the share, rank among the forces,
count of community resolutions for the run's years, the latest year's share and rank, and the
known gaps), never recomputed; the change is the latest share minus the run's share, in
percentage points. Pages are rendered by Jinja2 templates (``templates/index/``, through
:mod:`.templating`: autoescape on, the stylesheet and banner macro every page shares, inlined so each
page stands alone offline).

>>> row = Row(name="A", kind="force", share=0.075, rank=1, ranked=44, count=15000, latest_year="2025/26",
...           share_latest=0.021, rank_latest=37, ranked_latest=44)
>>> round(row.change_points, 1), row.cells()["change"], row.cells()["count"]
(-5.4, '−5.4', '15,000')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import areas, templating, words

RATE_NOTEBOOK = "1-force-rate"
DASH = "–"
MINUS = "−"


@dataclass
class Link:
    title: str
    href: str
    lead: str = ""


@dataclass
class Row:
    """One force or region of an index: its figures (``None`` where the run has none) and links."""

    name: str
    kind: str  # force or region
    share: float | None = None
    rank: int | None = None
    ranked: int | None = None
    count: int | None = None
    latest_year: str | None = None
    share_latest: float | None = None
    rank_latest: int | None = None
    ranked_latest: int | None = None
    gap: bool = False
    gap_latest: bool = False
    href: str = ""  # the page to publish from
    pages: list[Link] = field(default_factory=list)
    error: str = ""  # a failed area: its one-line error
    failed_folder: str = ""
    missing: bool = False  # not in this run
    index_href: str = ""  # a region's own index page (national index)
    group_heading: str = ""  # a heading row before this one ("Forces", "Regions")

    @property
    def change_points(self) -> float | None:
        if self.share is None or self.share_latest is None:
            return None
        return (self.share_latest - self.share) * 100

    @property
    def flagged(self) -> bool:
        return self.gap or self.gap_latest

    def cells(self) -> dict[str, str]:
        """The row's figures as printed."""
        change = self.change_points
        if change is None:
            shown_change = DASH
        elif f"{abs(change):.1f}" == "0.0":
            shown_change = "0.0"
        else:
            shown_change = f"{'+' if change > 0 else MINUS}{abs(change):.1f}"
        return {
            "share": words.percent(self.share) if self.share is not None else DASH,
            "rank": f"{self.rank}" if self.rank is not None else DASH,
            "count": f"{self.count:,}" if self.count is not None else DASH,
            "share_latest": words.percent(self.share_latest) if self.share_latest is not None else DASH,
            "rank_latest": f"{self.rank_latest}" if self.rank_latest is not None else DASH,
            "change": shown_change,
            "gap": "†" if self.gap else "",
            "gap_latest": "†" if self.gap_latest else "",
        }


def _value(document: dict, key: str):
    figure = document.get("figures", {}).get(key)
    return None if figure is None else figure.get("value")


def read_row(area: areas.Area, folder: Path, href_prefix: str = "") -> tuple[Row, dict]:
    """An area's row from ``folder/1-force-rate.findings.json`` (figures left empty when the run
    did not make that page); returns the row and the findings document ({} without one)."""
    path = folder / f"{RATE_NOTEBOOK}.findings.json"
    document = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    row = Row(name=area.name, kind="force" if area.is_force else "region",
              href=f"{href_prefix}{area.slug}.html")
    if not document:
        return row, document
    key = areas.force_slug(area.forces[0]) if area.is_force else "area"
    row.share = _value(document, f"{key}_share")
    row.count = _value(document, f"{key}_community_resolutions")
    row.share_latest = _value(document, f"{key}_share_latest")
    row.latest_year = _value(document, "latest_year")
    if area.is_force:
        row.rank = _value(document, f"{key}_rank")
        row.ranked = _value(document, "forces_ranked")
        row.rank_latest = _value(document, f"{key}_rank_latest")
        row.ranked_latest = _value(document, "forces_ranked_latest")
    slugs = [areas.force_slug(force) for force in area.forces]
    row.gap = any(_value(document, f"{slug}_gap_years") for slug in slugs)
    row.gap_latest = any(_value(document, f"{slug}_gap_latest") for slug in slugs)
    return row, document


def _who(row: Row) -> str:
    return row.name + (" †" if row.flagged else "")


def _whose(row: Row) -> str:
    """'Durham Constabulary's', the gap mark after the possessive."""
    return f"{row.name}'s" + (" †" if row.flagged else "")


def standouts(rows: list[Row]) -> list[str]:
    """One or two sentences naming the stand-out forces: highest and lowest share over the run's
    years, and the biggest rise and fall to the latest year (in percentage points).

    >>> a = Row("Durham Constabulary", "force", 0.075, 1, 44, 15000, "2025/26", 0.021, 37, 44)
    >>> b = Row("Cleveland Police", "force", 0.019, 38, 44, 3000, "2025/26", 0.015, 40, 44)
    >>> c = Row("Northumbria Police", "force", 0.026, 29, 44, 9000, "2025/26", 0.031, 29, 44)
    >>> for line in standouts([a, b, c]): print(line)  # doctest: +NORMALIZE_WHITESPACE
    Highest share: Durham Constabulary, 7.5% (the highest of 44 forces); lowest: Cleveland Police, 1.9%
    (the seventh lowest of 44 forces).
    To 2025/26, the biggest fall was Durham Constabulary's (down 5.4 percentage points, to 2.1%) and the biggest
    rise Northumbria Police's (up 0.5 points, to 3.1%).
    """
    forces = [r for r in rows if r.kind == "force" and r.share is not None and not r.error]
    if not forces:
        return []

    def ranked(r: Row) -> str:
        return f" ({words.rank_phrase(r.rank, r.ranked)})" if r.rank is not None and r.ranked else ""

    def share(r: Row) -> float:  # every row here has a share (filtered above)
        assert r.share is not None
        return r.share

    def change(r: Row) -> float:  # ...and every moved row a change and a latest share
        assert r.change_points is not None and r.share_latest is not None
        return r.change_points

    lines = []
    if len(forces) == 1:
        r = forces[0]
        lines.append(f"{_who(r)}: {words.percent(share(r))} of outcomes closed with a community resolution{ranked(r)}.")
    else:
        ordered = sorted(forces, key=lambda r: (-share(r), r.name))
        high, low = ordered[0], ordered[-1]
        lines.append(f"Highest share: {_who(high)}, {words.percent(share(high))}{ranked(high)}; "
                     f"lowest: {_who(low)}, {words.percent(share(low))}{ranked(low)}.")
    moved = [r for r in forces if r.change_points is not None]
    if moved:
        latest = moved[0].latest_year
        falls = sorted((r for r in moved if round(change(r), 1) < 0), key=lambda r: (change(r), r.name))
        rises = sorted((r for r in moved if round(change(r), 1) > 0), key=lambda r: (-change(r), r.name))
        parts = []
        if falls:
            r = falls[0]
            label = "the fall was" if len(forces) == 1 else "the biggest fall was"
            parts.append(f"{label} {_whose(r)} (down {abs(change(r)):.1f} percentage points, to "
                         f"{words.percent(r.share_latest or 0)})")
        if rises:
            r = rises[0]
            label = "the rise was" if len(forces) == 1 else "the biggest rise"
            if not parts:
                label = "the rise was" if len(forces) == 1 else "the biggest rise was"
            points = "points" if parts else "percentage points"
            parts.append(f"{label} {_whose(r)} (up {change(r):.1f} {points}, to {words.percent(r.share_latest or 0)})")
        if parts:
            lines.append(f"To {latest}, " + " and ".join(parts) + ".")
        elif len(moved) == len(forces):
            lines.append(f"To {latest}, no force's share moved by as much as 0.1 percentage points.")
    return lines


def gap_notes(documents: list[dict]) -> list[str]:
    """The known-gap notes the rate pages printed (their warnings), once each, in order."""
    notes: list[str] = []
    for document in documents:
        for note in document.get("warnings", []):
            if note not in notes:
                notes.append(note)
    return notes


def render(template: str, **context) -> str:
    """Render ``templates/index/<template>``; every value is escaped by the template engine."""
    return templating.render(f"index/{template}", **context)


def _pages_of(pages: list, folder: Path, titles: dict[str, str]) -> tuple[list[Link], list[dict]]:
    """Links to an area's finding pages (relative to ``folder``), with each page's lead sentence,
    and the findings documents read."""
    links, documents = [], []
    for page in pages:
        document = json.loads(page.findings.read_text(encoding="utf-8")) if page.findings.exists() else {}
        documents.append(document)
        lead = document.get("sentences", [""])[0] if document.get("sentences") else ""
        links.append(Link(titles.get(page.notebook, page.notebook), _relative(page.html, folder), lead))
    return links, documents


def _relative(path: Path, folder: Path) -> str:
    import os

    return Path(os.path.relpath(path, folder)).as_posix()


def write_run_index(area: areas.Area, folder: Path, pages: list, years: str, basis: str,
                    titles: dict[str, str], version: str = "") -> tuple[str, bool]:
    """The index of a force's or a region's run (``folder/index.html``): one row per area of the
    run, the region first. Returns the page's text and whether any page was synthetic."""
    by_area: dict[str, list] = {}
    area_of: dict[str, areas.Area] = {}
    for page in pages:
        by_area.setdefault(page.area.slug, []).append(page)
        area_of[page.area.slug] = page.area
    rows, documents, synthetic = [], [], False
    for slug, own in by_area.items():
        where = own[0].html.parent
        prefix = _relative(where, folder)
        row, document = read_row(area_of[slug], where, "" if prefix == "." else prefix + "/")
        row.pages, read = _pages_of(own, folder, titles)
        synthetic = synthetic or any(d.get("synthetic") for d in read)
        rows.append(row)
        if document:
            documents.append(document)
    context = page_context(f"Community resolutions: {area.name}", rows, documents, years, basis, synthetic, version)
    return render("run.html.j2", **context), synthetic


def write_national_indexes(made: dict[str, list], failed: dict[str, str], ran: list[areas.Area], reports_dir: Path,
                           years: str, basis: str, titles: dict[str, str], folder_name,
                           version: str = "") -> dict[Path, str]:
    """The national batch's indexes: ``reports/<region>/index.html`` for each region run (the
    region and each of its forces) and ``reports/index.html`` (every force and region run).
    Returns each page's path and text; a failed area's row shows its error."""
    by_key = {folder_name(a): a for a in ran}
    names = {key: area.name for key, area in by_key.items()}
    pages_out: dict[Path, str] = {}
    documents_of: dict[str, dict] = {}

    def row_for(key: str, folder: Path, area: areas.Area | None = None) -> Row:
        area = area or by_key.get(key) or areas.force_area(key)
        prefix = _relative(reports_dir / "areas" / key, folder) + "/"
        if key in failed:
            row = Row(name=area.name, kind="force" if area.is_force else "region", error=failed[key],
                      failed_folder=f"failed/{key}/")
        elif key not in made:
            row = Row(name=area.name, kind="force" if area.is_force else "region", missing=True)
        else:
            row, document = read_row(area, reports_dir / "areas" / key, prefix)
            row.pages, _ = _pages_of(made[key], folder, titles)
            if document:
                documents_of[key] = document
        return row

    synthetic = False
    regions = [a for a in ran if not a.is_force]
    for region in regions:
        folder = reports_dir / region.slug
        keys = [folder_name(region)] + [areas.force_slug(f) for f in region.forces]
        rows = [row_for(key, folder, region if i == 0 else None) for i, key in enumerate(keys)]
        documents = [documents_of[k] for k in keys if k in documents_of]
        synthetic_here = any(d.get("synthetic") for d in documents)
        synthetic = synthetic or synthetic_here
        here_failed = {k: failed[k] for k in keys if k in failed}
        context = page_context(f"Community resolutions: {region.name}", rows, documents, years, basis,
                               synthetic_here, version, failed=here_failed)
        context["failed_line"] = _failed_line(here_failed, names)
        pages_out[folder / "index.html"] = render("run.html.j2", **context)

    forces = sorted((a for a in ran if a.is_force), key=lambda a: a.name)
    rows = [row_for(folder_name(a), reports_dir) for a in forces]
    region_rows = []
    for region in sorted(regions, key=lambda a: a.name):
        row = row_for(folder_name(region), reports_dir, region)
        row.index_href = f"{region.slug}/index.html"
        region_rows.append(row)
    if rows and region_rows:
        rows[0].group_heading, region_rows[0].group_heading = "Forces", "Regions"
    documents = [documents_of[folder_name(a)] for a in forces if folder_name(a) in documents_of]
    synthetic = synthetic or any(d.get("synthetic") for d in documents)
    context = page_context("Community resolutions: every force and region", rows + region_rows, documents, years,
                           basis, synthetic, version, failed=failed)
    context["failed_line"] = _failed_line(failed, names)
    pages_out[reports_dir / "index.html"] = render("run.html.j2", **context)
    return pages_out


def _failed_line(failed: dict[str, str], names: dict[str, str] | None = None) -> str:
    """'1 area failed: British Transport Police. Its row gives the error; ...' (names by folder key).

    >>> names = {"btp": "British Transport Police", "region-wales": "Wales"}
    >>> line = _failed_line({"btp": "x", "region-wales": "y"}, names)
    >>> print(line)  # doctest: +NORMALIZE_WHITESPACE
    2 areas failed: British Transport Police and Wales. Each row gives the error; earlier good pages of those
    areas are kept.
    """
    if not failed:
        return ""
    named = [(names or {}).get(key, key) for key in failed]
    one = len(failed) == 1
    return (f"{len(failed)} {'area' if one else 'areas'} failed: {words.listing(named)}. "
            f"{'Its' if one else 'Each'} row gives the error; "
            f"earlier good pages of {'that area' if one else 'those areas'} are kept.")


def page_context(title: str, rows: list[Row], documents: list[dict], years: str, basis: str,
                 synthetic: bool = False, version: str = "", failed: dict[str, str] | None = None,
                 regions: list[dict] | None = None) -> dict:
    """Everything an index template needs (all text; the template escapes it)."""
    latest = next((r.latest_year for r in rows if r.latest_year), None)
    ranked = next((r.ranked for r in rows if r.ranked), None)
    return {
        "title": title, "years": years, "basis": basis, "synthetic": synthetic, "version": version,
        "rows": [{"row": r, "cells": r.cells()} for r in rows], "latest_year": latest or "latest year",
        "ranked": ranked or 44, "standouts": standouts(rows), "gap_notes": gap_notes(documents),
        "any_gap": any(r.flagged for r in rows), "failed": failed or {}, "regions": regions or [],
        "failed_line": _failed_line(failed or {}),
    }
