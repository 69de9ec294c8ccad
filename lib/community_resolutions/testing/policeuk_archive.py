"""A synthetic police.uk archive at real scale, for tests and benchmarks only (issue 16, item 3).

Writes the official all-forces layout, ``<root>/YYYY-MM/YYYY-MM-synthetic-<force>-street.csv``
and ``-outcomes.csv``, with the official columns. Everything is invented and says so: the root
folder, every file name ("synthetic-") and every row's ``Context`` column (:data:`MARKER`).

Real scale (the default): 44 forces x 36 months, about 6 million street rows a year (about a
third of them anti-social behaviour, with no Crime ID) and outcomes files about half that size.
Forces get fixed, uneven shares of the rows (the Metropolitan Police the most), so files range
from a few thousand rows to over a hundred thousand.

    python -m community_resolutions.testing.policeuk_archive /tmp/synthetic-police-uk --months 36

Deterministic for a given seed. ``duplicate_id_rows`` adds street rows that repeat one Crime ID
(issue 17's four million rows under one ID), in the first force's first month.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import areas
from ..policeuk import LOCAL_RESOLUTION, OUTCOME_COLUMNS, STREET_COLUMNS

MARKER = "SYNTHETIC - invented for testing - not police.uk data"
CRIME_TYPES = ["Violence and sexual offences", "Shoplifting", "Criminal damage and arson", "Burglary", "Vehicle crime",
               "Other theft", "Public order", "Drugs", "Theft from the person", "Possession of weapons", "Robbery"]
LAST_OUTCOMES = ["Investigation complete; no suspect identified", "Unable to prosecute suspect", "Under investigation",
                 LOCAL_RESOLUTION, "Offender given a caution", "Awaiting court outcome", "Status update unavailable", ""]
LAST_WEIGHTS = [0.36, 0.25, 0.12, 0.03, 0.04, 0.1, 0.05, 0.05]
OUTCOME_TYPES = ["Investigation complete; no suspect identified", "Unable to prosecute suspect", "Under investigation",
                 LOCAL_RESOLUTION, "Offender given a caution", "Suspect charged as part of another case"]
OUTCOME_WEIGHTS = [0.4, 0.25, 0.15, 0.05, 0.05, 0.1]


@dataclass(frozen=True)
class Scale:
    """How big an archive to write."""

    forces: int = 44
    months: int = 36
    first_month: str = "2016-04"
    street_rows_per_year: int = 6_000_000
    asb_share: float = 0.3
    outcome_share: float = 0.5
    areas_per_force: int = 6
    lsoas_per_area: int = 40
    duplicate_id_rows: int = 0
    seed: int = 2019


def month_list(first: str, count: int) -> list[str]:
    """``count`` months from ``first``.

    >>> month_list("2016-11", 3)
    ['2016-11', '2016-12', '2017-01']
    """
    year, month = int(first[:4]), int(first[5:7])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def force_weights(count: int, rng: np.random.Generator) -> np.ndarray:
    """Uneven, fixed shares of the rows, one per force, summing to 1."""
    weights = rng.lognormal(0.0, 0.7, count)
    return weights / weights.sum()


def _ids(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` random 64-character hexadecimal Crime IDs."""
    text = rng.bytes(32 * n).hex()
    return np.array([text[i * 64:(i + 1) * 64] for i in range(n)], dtype=object)


def _lsoas(force_number: int, scale: Scale) -> tuple[list[str], list[str]]:
    """Invented LSOA codes and names ("Synthetic Area 3 of force 7 012B")."""
    codes, names = [], []
    for area in range(scale.areas_per_force):
        for n in range(scale.lsoas_per_area):
            codes.append(f"E0{force_number:03d}{area:02d}{n:03d}")
            names.append(f"Synthetic Area {area + 1} of force {force_number + 1} {n // 4 + 1:03d}{'ABCD'[n % 4]}")
    return codes, names


def _csv_field(value: str) -> str:
    return f'"{value}"' if ("," in value or '"' in value) else value


def _street_lines(rng, month: str, name: str, n: int, scale: Scale,
                  lsoa: tuple[list[str], list[str]]) -> tuple[list[str], np.ndarray]:
    """Street-file lines for one force and month, and the month's Crime IDs."""
    asb = rng.random(n) < scale.asb_share
    ids = _ids(rng, n)
    ids[asb] = ""
    types = np.where(asb, "Anti-social behaviour", rng.choice(CRIME_TYPES, n))
    outcomes = np.where(asb, "", rng.choice(LAST_OUTCOMES, n, p=LAST_WEIGHTS))
    where = rng.integers(0, len(lsoa[0]), n)
    lon, lat = rng.uniform(-3, 0, n), rng.uniform(51, 55, n)
    named = _csv_field(name)
    lines = [f"{i},{month},{named},{named},{x:.6f},{y:.6f},On or near Synthetic Street,{lsoa[0][w]},{lsoa[1][w]},"
             f"{t},{_csv_field(o)},{MARKER}"
             for i, x, y, w, t, o in zip(ids, lon, lat, where, types, outcomes, strict=True)]
    return lines, ids[~asb]


def _outcome_lines(rng, month: str, name: str, pool: np.ndarray, n: int, lsoa: tuple[list[str], list[str]]) -> list[str]:
    """Outcomes-file lines: outcome events for crimes of this and earlier months."""
    if not len(pool) or n <= 0:
        return []
    ids = pool[rng.integers(0, len(pool), n)]
    types = rng.choice(OUTCOME_TYPES, n, p=OUTCOME_WEIGHTS)
    where = rng.integers(0, len(lsoa[0]), n)
    named = _csv_field(name)
    street = "-1.500000,54.700000,On or near Synthetic Street"
    return [f"{i},{month},{named},{named},{street},{lsoa[0][w]},{lsoa[1][w]},{_csv_field(t)}"
            for i, w, t in zip(ids, where, types, strict=True)]


def write_archive(root: str | Path, scale: Scale = Scale(), log=print) -> Path:
    """Write the synthetic archive into ``root`` (made if needed); returns it."""
    root = Path(root)
    rng = np.random.default_rng(scale.seed)
    table = areas.forces_table().sort_values("force").head(scale.forces)
    weights = force_weights(len(table), rng)
    per_month = scale.street_rows_per_year / 12
    pools: dict[str, list[np.ndarray]] = {}
    for number, month in enumerate(month_list(scale.first_month, scale.months)):
        folder = root / month
        folder.mkdir(parents=True, exist_ok=True)
        for force_number, (row, weight) in enumerate(zip(table.itertuples(), weights, strict=True)):
            lsoa = _lsoas(force_number, scale)
            n = max(1, int(per_month * weight))
            lines, ids = _street_lines(rng, month, row.police_uk_name, n, scale, lsoa)
            if scale.duplicate_id_rows and number == 0 and force_number == 0:
                repeated = next(line for line in lines if line.split(",")[0])
                lines += [repeated] * scale.duplicate_id_rows
            recent = pools.setdefault(row.slug, [])
            recent.append(ids)
            del recent[:-3]
            events = _outcome_lines(rng, month, row.police_uk_name, np.concatenate(recent), int(n * scale.outcome_share), lsoa)
            stem = f"{month}-synthetic-{row.slug}"
            (folder / f"{stem}-street.csv").write_text(",".join(STREET_COLUMNS) + "\n" + "\n".join(lines) + "\n")
            (folder / f"{stem}-outcomes.csv").write_text(",".join(OUTCOME_COLUMNS) + "\n" + "\n".join(events) + "\n")
        if log:
            log(f"  synthetic police.uk archive: {month} written ({number + 1}/{scale.months})")
    return root


def zip_archive(root: str | Path, target: str | Path) -> Path:
    """The archive folder as a zip (deflated), member names relative to ``root``."""
    root, target = Path(root), Path(target)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for path in sorted(root.rglob("*.csv")):
            archive.write(path, path.relative_to(root).as_posix())
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", help="folder to write (it says synthetic in every file name)")
    parser.add_argument("--forces", type=int, default=44)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--rows-per-year", type=int, default=6_000_000, help="street rows a year, all forces")
    parser.add_argument("--zip", default="", help="also write the archive as this zip")
    args = parser.parse_args(argv)
    root = write_archive(args.root, Scale(forces=args.forces, months=args.months, street_rows_per_year=args.rows_per_year))
    if args.zip:
        zip_archive(root, args.zip)
    return 0


if __name__ == "__main__":
    sys.exit(main())
