"""Where things live: the project root, the cache, the mirror and the reports.

Every path is absolute and derived from this file's location, so notebooks, tests and
scripts find the same folders from any working directory.

>>> (PROJECT_ROOT / "lib" / "community_resolutions" / "paths.py").exists()
True
>>> REFERENCE_DIR.name
'reference'
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT: Path = Path(__file__).resolve().parents[2]
DATA_DIR: Path = PROJECT_ROOT / "data"
REFERENCE_DIR: Path = DATA_DIR / "reference"
CACHE_DIR: Path = DATA_DIR / "cache"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
REPORTS_DIR: Path = PROJECT_ROOT / "reports"

MIRROR_ENV_VAR = "CR_DATA_MIRROR"
DEFAULT_MIRROR: Path = PROJECT_ROOT.parent / "shared" / "data"


def mirror_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The read-only mirror folder: a parameter, else ``$CR_DATA_MIRROR``, else ``../shared/data``.

    >>> mirror_dir("/somewhere/else")
    PosixPath('/somewhere/else')
    """
    if override:
        return Path(override).expanduser().resolve()
    from_env = os.environ.get(MIRROR_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return DEFAULT_MIRROR


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The project's own download and parquet cache (git-ignored), created on demand."""
    path = Path(override) if override else CACHE_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path
