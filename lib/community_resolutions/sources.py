"""The dataset registry and the one resolver: project cache, then mirror, then official URL.

The registry is ``data/reference/datasets.csv``: one row per dataset with what it is, its
licence line, the official URL, the path inside a mirror, and the SHA-256 of the expected
file. Derived copies (a third party's conversion of an official file) also name the upstream
repository, commit and path they came from.

Nothing is ever written into the mirror: it is treated as a read-only stand-in for the
official download sites. Downloads and checksums are done by ``pooch``.

>>> registry()["force-year-totals"].kind
'derived'
>>> registry()["outcomes-workbook-2017-18"].official_url.endswith(".xlsx")
True
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pooch

from .errors import ChecksumMismatch, DataUnavailable
from .paths import REFERENCE_DIR, cache_dir, mirror_dir

REGISTRY_FILE = REFERENCE_DIR / "datasets.csv"


@dataclass(frozen=True)
class Dataset:
    """One row of the registry."""

    id: str
    title: str
    kind: str  # "official" or "derived"
    licence: str
    official_url: str
    download_url: str
    mirror_path: str
    filename: str
    sha256: str
    size_bytes: str
    published: str
    upstream_repo: str
    upstream_commit: str
    upstream_path: str
    financial_year: str

    def citation(self) -> str:
        """One line saying where the data came from, for a source line or a findings file.

        >>> registry()["force-year-totals"].citation()[:40]
        'Crime outcome totals by force and financ'
        """
        text = f"{self.title}."
        if self.kind == "derived":
            text += (
                f" Derived copy from {self.upstream_repo} ({self.upstream_path}, commit "
                f"{self.upstream_commit[:8]})."
            )
        return f"{text} {self.licence}"


@lru_cache(maxsize=None)
def registry(path: Path = REGISTRY_FILE) -> dict[str, Dataset]:
    """Read the registry file into ``{id: Dataset}``, checking each row is complete."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    datasets: dict[str, Dataset] = {}
    for line, row in enumerate(rows, start=2):
        for column in ("id", "title", "kind", "licence", "filename", "sha256"):
            if not row.get(column):
                raise ValueError(f"{path}, line {line}: column {column!r} is empty")
        if row["kind"] not in {"official", "derived"}:
            raise ValueError(
                f"{path}, line {line}: kind must be 'official' or 'derived', not {row['kind']!r}"
            )
        if len(row["sha256"]) != 64:
            raise ValueError(f"{path}, line {line}: sha256 must be 64 hex digits")
        datasets[row["id"]] = Dataset(**row)
    return datasets


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, in hex (``pooch.file_hash``)."""
    return pooch.file_hash(str(path), alg="sha256")


def _verified(path: Path, dataset: Dataset, where: str) -> Path:
    actual = sha256_of(path)
    url = dataset.download_url or dataset.official_url
    if actual != dataset.sha256:
        raise ChecksumMismatch(
            f"{path} ({where}) is not the expected file for dataset {dataset.id!r}: "
            f"SHA-256 {actual} but the registry expects {dataset.sha256}. " + (
                f"Delete it and run again to download it afresh from {url}."
                if where == "project cache" else f"Replace it with {dataset.filename} from {url}.")
        )
    return path


def resolve(
    dataset_id: str,
    *,
    mirror: str | os.PathLike[str] | None = None,
    cache: str | os.PathLike[str] | None = None,
    allow_download: bool = True,
) -> Path:
    """Return a verified local path for a dataset: cache → mirror → official URL.

    A file found in the cache or mirror with the wrong checksum is refused with
    :class:`ChecksumMismatch`, never silently used or overwritten. Downloads go to the
    cache through ``pooch.retrieve`` (which checks the hash before keeping the file, so a
    failed download never replaces a good cached copy).
    """
    datasets = registry()
    if dataset_id not in datasets:
        raise KeyError(f"unknown dataset {dataset_id!r}; known: {', '.join(sorted(datasets))}")
    dataset = datasets[dataset_id]
    cache_path = cache_dir(cache) / "downloads" / dataset.filename
    if cache_path.exists():
        return _verified(cache_path, dataset, "project cache")
    mirror_root = mirror_dir(mirror)
    if dataset.mirror_path:
        mirror_path = mirror_root / dataset.mirror_path
        if mirror_path.exists():
            return _verified(mirror_path, dataset, "mirror")
    url = dataset.download_url or dataset.official_url
    if allow_download and url:
        try:
            fetched = pooch.retrieve(
                url,
                known_hash=f"sha256:{dataset.sha256}",
                fname=dataset.filename,
                path=cache_path.parent,
                progressbar=_progress_bar_available(),
            )
        except ValueError as error:  # pooch's hash mismatch
            raise ChecksumMismatch(f"download of {dataset.filename} from {url}: {error}") from error
        except Exception as error:  # network down, 404, proxy refused...
            raise DataUnavailable(_missing_message(dataset, mirror_root, cache_path, error)) from error
        return Path(fetched)
    raise DataUnavailable(_missing_message(dataset, mirror_root, cache_path, None))


def _progress_bar_available() -> bool:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True


def _short(error: Exception) -> str:
    """An exception in a few words: requests' connection errors run to several hundred characters."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:160]}{'…' if len(text) > 160 else ''}"


def _missing_message(dataset: Dataset, mirror_root: Path, cache_path: Path, error: Exception | None) -> str:
    where = f"{mirror_root / dataset.mirror_path} (mirror) or " if dataset.mirror_path else ""
    reason = f" Download failed: {_short(error)}." if error else ""
    return (
        f"Dataset {dataset.id!r} ({dataset.filename}) is not available.{reason} "
        f"Download it from {dataset.download_url or dataset.official_url} and put it at "
        f"{where}{cache_path} (project cache). Expected SHA-256: {dataset.sha256}. "
        f"To use a mirror elsewhere, set CR_DATA_MIRROR=/path/to/mirror."
    )
