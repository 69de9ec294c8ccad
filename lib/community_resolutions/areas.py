"""Forces and regions, read from data files a journalist can edit.

``data/reference/forces.csv`` has one row per force of the Home Office outcomes files (44,
British Transport Police included) with its canonical short name, slug and every spelling
the sources use. ``data/reference/regions.csv`` lists which forces make each region; add a
row there to add a region.

Any known spelling resolves; an unknown one is an error that suggests the closest names.

>>> canonical_force("London, City of")
'City of London'
>>> canonical_force("Devon & Cornwall Police")
'Devon and Cornwall'
>>> resolve_area("Durham Constabulary").slug
'durham'
>>> resolve_area("north-east-and-north-yorkshire").forces
('Cleveland', 'Durham', 'North Yorkshire', 'Northumbria')
>>> canonical_force("Durhem")
Traceback (most recent call last):
...
community_resolutions.errors.UnknownArea: unknown force 'Durhem'. Did you mean: Durham?
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import words
from .errors import UnknownArea
from .inputs import require_text
from .paths import REFERENCE_DIR

FORCES_FILE = REFERENCE_DIR / "forces.csv"
REGIONS_FILE = REFERENCE_DIR / "regions.csv"
NATIONAL = "england-and-wales"
FORCE_COLUMNS = ["force", "slug", "display_name", "home_office_name", "police_uk_name", "ons_name", "aliases", "article"]
REGION_COLUMNS = ["region", "name", "kind", "force"]


#: A slug names a folder under reports/: lower-case letters, digits and hyphens only, so no slug can
#: climb out of reports/ (``..``), hide a folder (``.x``) or need quoting anywhere.
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check_slug(slug: str, where: str) -> str:
    """``slug`` if it is safe as a folder name, else a one-line error naming ``where`` it came from.

    >>> check_slug("north-east", "regions.csv, line 2")
    'north-east'
    >>> check_slug("../../tmp", "regions.csv, line 9")
    Traceback (most recent call last):
    ...
    community_resolutions.errors.UnknownArea: regions.csv, line 9: slug '../../tmp' may hold only lower-case letters a-z, digits
    and hyphens, starting with a letter or digit (it names a folder under reports/)
    """
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        raise UnknownArea(f"{where}: slug {slug!r} may hold only lower-case letters a-z, digits and hyphens, "
                          "starting with a letter or digit (it names a folder under reports/)")
    return slug


@dataclass(frozen=True)
class Area:
    """A force or a region: what a report is about."""

    slug: str
    name: str
    kind: str  # "force" or "region"
    forces: tuple[str, ...]

    @property
    def is_force(self) -> bool:
        return self.kind == "force"

    @property
    def is_national(self) -> bool:
        """Every force of England and Wales: a page about it has no national figure to compare with.

        >>> region("england-and-wales").is_national, region("wales").is_national
        (True, False)
        """
        return set(self.forces) == set(all_forces())

    @property
    def subject(self) -> str:
        """The area as the subject at the start of a sentence: the force, or the region's forces
        (:func:`words.mid` puts it in the middle of one).

        >>> force_area("Met").subject, region("north-east").subject
        ('The Metropolitan Police Service', 'Police forces in the North East')
        """
        return force_in_sentence(self.forces[0], start=True) if self.is_force else f"Police forces in {self.in_sentence}"

    @property
    def in_sentence(self) -> str:
        """The name as it reads mid-sentence: 'the North East', 'Wales', 'Durham Constabulary',
        'the Metropolitan Police Service'.

        >>> region("north-east").in_sentence, region("wales").in_sentence, force_area("Met").in_sentence
        ('the North East', 'Wales', 'the Metropolitan Police Service')
        """
        if self.is_force:
            return force_in_sentence(self.forces[0])
        first = self.name.split()[0]
        if first in {"North", "South", "East", "West"}:
            return f"the {self.name}"
        return self.name


def _require_name(name) -> str:
    """A name must be text: a number (``papermill -p area 123``) or None is refused in one line."""
    if isinstance(name, str):
        return name

    try:
        require_text(name, "area")
    except ValueError as error:
        raise UnknownArea(str(error)) from None
    raise UnknownArea(f"parameter area: expected text, found {name!r}")


def _key(name: str) -> str:
    """Normalise a spelling for matching: case, '&', punctuation and spaces ignored.

    >>> _key(" Devon & Cornwall-Police ")
    'devon and cornwall police'
    >>> _key(123)
    Traceback (most recent call last):
    ...
    community_resolutions.errors.UnknownArea: parameter area: expected text, found the number 123; papermill's -p reads numbers as
    numbers: write -r area 123 to pass text
    """
    _require_name(name)
    text = name.casefold().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def forces_table() -> pd.DataFrame:
    """The forces reference table, checked: unique names and slugs, 44 rows expected."""
    table = read_reference(FORCES_FILE, FORCE_COLUMNS)
    for column in ("force", "slug"):
        duplicated = table[column][table[column].duplicated()]
        if len(duplicated):
            raise ValueError(f"{FORCES_FILE}: duplicate {column} {list(duplicated)}")
        if (table[column] == "").any():
            raise ValueError(f"{FORCES_FILE}: empty {column} on line(s) {list(table.index[table[column] == ''] + 2)}")
    for line, slug in enumerate(table["slug"], start=2):
        check_slug(slug, f"{FORCES_FILE}, line {line}, column slug")
    return table


@lru_cache(maxsize=1)
def _force_spellings() -> dict[str, str]:
    spellings: dict[str, str] = {}
    for row in forces_table().itertuples(index=False):
        names = [row.force, row.slug, row.display_name, row.home_office_name, row.police_uk_name, row.ons_name]
        names += [alias for alias in row.aliases.split("|") if alias]
        for name in names:
            if not name:
                continue
            key = _key(name)
            if spellings.get(key, row.force) != row.force:
                raise ValueError(f"{FORCES_FILE}: spelling {name!r} is used for two forces")
            spellings[key] = row.force
    return spellings


@lru_cache(maxsize=1)
def regions_table() -> pd.DataFrame:
    """The regions reference table (long format: one row per region and force), checked."""
    table = read_reference(REGIONS_FILE, REGION_COLUMNS)
    known = set(forces_table()["force"])
    for line, row in enumerate(table.itertuples(index=False), start=2):
        empty = [column for column in REGION_COLUMNS if not getattr(row, column).strip()]
        if empty:
            raise UnknownArea(f"{REGIONS_FILE}, line {line}: empty {', '.join(empty)}; every row needs {REGION_COLUMNS}")
        check_slug(row.region, f"{REGIONS_FILE}, line {line}, column region")
        if row.force not in known:
            hint = _suggest(row.force, sorted(known))
            raise UnknownArea(f"{REGIONS_FILE}, line {line}: unknown force {row.force!r}.{hint}")
    return table


def read_reference(path, columns: list[str]) -> pd.DataFrame:
    """A reference CSV as text, refusing a missing file or a missing (misspelt) column by name."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file; it is part of the package (data/reference/)") from None
    except pd.errors.EmptyDataError:
        raise ValueError(f"{path}: the file is empty; expected the columns {columns}") from None
    missing = [column for column in columns if column not in table.columns]
    if missing:
        unknown = [column for column in table.columns if column not in columns]
        hint = f"; not recognised: {unknown}" if unknown else ""
        raise ValueError(f"{path}: missing column(s) {missing}; expected {columns}, found {list(table.columns)}{hint}")
    return table


def _suggest(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(_key(name), [_key(c) for c in candidates], n=3, cutoff=0.5)
        close = [c for c in candidates if _key(c) in close]
    return f" Did you mean: {', '.join(close)}?" if close else ""


def canonical_force(name: str) -> str:
    """The canonical short name of a force, from any spelling the sources use."""
    _require_name(name)
    spellings = _force_spellings()
    found = spellings.get(_key(name))
    if found is None:
        raise UnknownArea(f"unknown force {name!r}.{_suggest(name, sorted(forces_table()['force']))}")
    return found


def all_forces() -> list[str]:
    """Canonical names of all 44 forces, alphabetical."""
    return sorted(forces_table()["force"])


#: The forces table's rows by canonical name, with the table they were read from (rebuilt when
#: ``forces_table`` reads the file again): a page names forces hundreds of times.
_rows_by_force: tuple[pd.DataFrame, dict[str, dict[str, str]]] | None = None


def _force_row(force: str) -> dict[str, str]:
    """The force's row of the forces table (any spelling)."""
    global _rows_by_force
    table = forces_table()
    if _rows_by_force is None or _rows_by_force[0] is not table:
        _rows_by_force = (table, {row["force"]: row for row in table.to_dict("records")})
    return _rows_by_force[1][canonical_force(force)]


def force_slug(force: str) -> str:
    """The slug of a force (any spelling).

    >>> force_slug("British Transport Police")
    'british-transport-police'
    """
    return _force_row(force)["slug"]


def force_display_name(force: str) -> str:
    """The force's full name, as a headline would print it.

    >>> force_display_name("durham")
    'Durham Constabulary'
    """
    return _force_row(force)["display_name"]


def force_in_sentence(force: str, start: bool = False) -> str:
    """The force's full name as a sentence prints it: with "the" where house style wants one
    (``article`` in forces.csv: "the Metropolitan Police Service"), capitalised at the start of a sentence.

    >>> force_in_sentence("Met"), force_in_sentence("Met", start=True), force_in_sentence("durham", start=True)
    ('the Metropolitan Police Service', 'The Metropolitan Police Service', 'Durham Constabulary')
    """
    row = _force_row(force)
    article = row["article"].strip()
    if not article:
        return row["display_name"]
    return f"{words.capital(article) if start else article} {row['display_name']}"


def region(slug_or_name: str) -> Area:
    """A region by slug or name (e.g. ``north-east`` or ``North East``)."""
    _require_name(slug_or_name)
    table = regions_table()
    wanted = _key(slug_or_name)
    match = table[(table["region"].map(_key) == wanted) | (table["name"].map(_key) == wanted)]
    if match.empty:
        raise UnknownArea(
            f"unknown region {slug_or_name!r}.{_suggest(slug_or_name, sorted(set(table['region'])))} "
            f"Regions are listed in {REGIONS_FILE}."
        )
    first = match.iloc[0]
    return Area(slug=first["region"], name=first["name"], kind="region", forces=tuple(sorted(match["force"])))


def _where_listed() -> str:
    return f" Forces are listed in {FORCES_FILE}, regions in {REGIONS_FILE}."


def force_area(name: str) -> Area:
    """A single force as an :class:`Area`.

    >>> force_area("Narnia")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    community_resolutions.errors.UnknownArea: unknown force 'Narnia'. Forces are listed in .../forces.csv, regions in
    .../regions.csv.
    """
    _require_name(name)
    try:
        force = canonical_force(name)
    except UnknownArea as error:
        if "Did you mean" in str(error):
            raise
        raise UnknownArea(f"{error}{_where_listed()}") from None
    return Area(slug=force_slug(force), name=force_display_name(force), kind="force", forces=(force,))


def resolve_area(name: str) -> Area:
    """A force or a region from any known spelling; forces are tried first.

    >>> resolve_area("BTP").name
    'British Transport Police'
    >>> resolve_area("Wales").kind
    'region'
    """
    _require_name(name)
    try:
        return force_area(name)
    except UnknownArea:
        pass
    try:
        return region(name)
    except UnknownArea:
        candidates = sorted(forces_table()["force"]) + sorted(set(regions_table()["region"]))
        raise UnknownArea(
            f"{name!r} is neither a known force nor a known region.{_suggest(name, candidates) or _where_listed()}"
        ) from None


def choose_area(force: str | None, region_name: str | None) -> Area:
    """What a batch run is about: ``FORCE=`` wins over ``REGION=`` when both are given.

    >>> choose_area("Cleveland", "wales").slug
    'cleveland'
    >>> choose_area(None, "wales").kind
    'region'
    """
    if force:
        return force_area(force)
    if region_name:
        return resolve_area(region_name)
    raise ValueError("give a force or a region")


def ons_region_of(force: str) -> Area | None:
    """The ONS region (or Wales) a force belongs to; ``None`` for British Transport Police.

    >>> ons_region_of("Durham").slug
    'north-east'
    >>> ons_region_of("British Transport Police") is None
    True
    """
    table = regions_table()
    rows = table[(table["kind"] == "ons") & (table["force"] == canonical_force(force))]
    if rows.empty:
        return None
    return region(rows["region"].iloc[0])
