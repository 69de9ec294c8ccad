"""What a page set was made from, as SHA-256 keys, so an unchanged area is not built again.

An area's folder (its notebooks' pages, findings, chart CSVs and the page to publish from) holds
``.build-key.json``: one key per notebook and one for the page to publish from. Each key hashes
everything that page is made from:

* the package's code, templates and reference data (:func:`code_hash`) and the notebook itself;
* the data it can read: the registry (``data/reference/datasets.csv``, part of the reference data,
  gives each dataset's SHA-256, and a file with another checksum is refused) and which datasets are
  present in the project cache (``data/cache/downloads/``) and in the mirror (:func:`data_hash`);
  the user's own outcomes files and police.uk folder or zip, hashed by content (:func:`files_hash`);
* the parameters (area, years, basis, mirror, outcome files; police.uk files and local area for the
  police.uk notebook; banners and the notebook list for the page to publish from).

A notebook whose key is unchanged is copied from the earlier folder instead of run again; an area
whose every key is unchanged is reused as it is. The key file is written last, into the staging
folder, so a failed or interrupted run never leaves a key beside partial pages.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from .paths import NOTEBOOKS_DIR, PROJECT_ROOT, REFERENCE_DIR, cache_dir, mirror_dir

KEY_FILE = ".build-key.json"
#: Bump when the key's recipe changes: older key files then never match.
KEY_VERSION = 1
PACKAGE_DIR = Path(__file__).resolve().parent
#: The notebook that reads the police.uk files and the local area (others never see them).
POLICEUK_NOTEBOOK = "8-police-uk"
PAGE = "page"  # the key of the page to publish from, beside the notebooks' keys


def _digest(*parts: object) -> str:
    """SHA-256 (hex) of JSON-serialised parts.

    >>> _digest("a", 1) == _digest("a", 1) != _digest("a", 2)
    True
    """
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _tree_hash(roots: list[Path], suffixes: tuple[str, ...] | None = None) -> str:
    """SHA-256 over the relative names and contents of every file under ``roots`` (sorted)."""
    total = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
                continue
            total.update(path.relative_to(PROJECT_ROOT).as_posix().encode("utf-8") + b"\0")
            total.update(hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


@functools.lru_cache(maxsize=1)
def code_hash() -> str:
    """SHA-256 of the package's code and templates and of the reference data (``data/reference/``),
    computed once per process. A change to any of them makes every page be built again."""
    return _tree_hash([PACKAGE_DIR, REFERENCE_DIR])


@functools.lru_cache(maxsize=None)
def notebook_hash(notebook: str) -> str:
    """SHA-256 of ``notebooks/<notebook>.ipynb`` ("" when there is no such notebook)."""
    path = NOTEBOOKS_DIR / f"{notebook}.ipynb"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def data_hash(mirror: str = "") -> str:
    """Which registry datasets are present, and where: in the project cache (``data/cache/downloads/``,
    e.g. the official workbooks ``make fetch`` puts there) or in the mirror. Their contents are fixed by
    the registry's SHA-256 (in the reference data, part of :func:`code_hash`): a file with another
    checksum is refused, never read."""
    from . import sources

    downloads = cache_dir() / "downloads"
    root = mirror_dir(mirror or None)
    present = {}
    for dataset in sources.registry().values():
        if (downloads / dataset.filename).exists():
            present[dataset.id] = "cache"
        elif dataset.mirror_path and (root / dataset.mirror_path).exists():
            present[dataset.id] = "mirror"
    return _digest(present)


@functools.lru_cache(maxsize=256)
def _file_sha256(path: str, size: int, modified: int) -> str:
    """SHA-256 of one file; memoised per (path, size, modification time) within a process."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_hash(paths: list[str]) -> str:
    """SHA-256 over the contents of the user's files: each file, or every file in a folder (by its
    path inside the folder); a missing path counts as missing. Names outside a folder do not count:
    the same file moved elsewhere gives the same key.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "a.csv").write_text("1")
    >>> before = files_hash([str(folder)]); _ = (folder / "a.csv").write_text("2")
    >>> before == files_hash([str(folder)]), files_hash([]) == files_hash([])
    (False, True)
    """
    parts = []
    for text in paths:
        path = Path(text).expanduser()
        if path.is_dir():
            members = sorted(p for p in path.rglob("*") if p.is_file())
            parts.append(["folder", [[m.relative_to(path).as_posix(), _sha256(m)] for m in members]])
        elif path.is_file():
            parts.append(["file", _sha256(path)])
        else:
            parts.append(["missing", text])
    return _digest(parts)


def _sha256(path: Path) -> str:
    stat = path.stat()
    return _file_sha256(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


def area_keys(area_slug: str, notebooks: tuple[str, ...], *, years: str, basis: str, mirror: str = "",
              outcomes: list[str] | None = None, policeuk: str = "", local_area: str = "",
              banners: dict[str, str] | None = None) -> dict[str, str]:
    """One key per notebook and one for the page to publish from (:data:`PAGE`), for one area."""
    common = _digest(KEY_VERSION, code_hash(), data_hash(mirror), files_hash(outcomes or []),
                     {"area": area_slug, "years": years, "basis": basis, "mirror": mirror, "outcomes": outcomes or []})
    keys = {}
    for notebook in notebooks:
        extra = {}
        if notebook == POLICEUK_NOTEBOOK:
            extra = {"policeuk": policeuk, "policeuk_files": files_hash([policeuk]) if policeuk else "",
                     "local_area": local_area}
        keys[notebook] = _digest(common, notebook, notebook_hash(notebook), extra)
    keys[PAGE] = _digest(common, [keys[n] for n in notebooks], list(notebooks), sorted((banners or {}).items()))
    return keys


def read_keys(folder: Path) -> dict[str, str]:
    """The keys stored in ``folder`` ({} when there are none or the file is unreadable)."""
    try:
        document = json.loads((folder / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("version") != KEY_VERSION:
        return {}
    keys = document.get("keys")
    return keys if isinstance(keys, dict) else {}


def write_keys(folder: Path, keys: dict[str, str]) -> Path:
    """Store ``keys`` in ``folder`` (last, once every page there is finished)."""
    from .findings import atomic_write_text

    return atomic_write_text(folder / KEY_FILE, json.dumps({"version": KEY_VERSION, "keys": keys}, indent=2))


def notebook_files(folder: Path, notebook: str) -> list[Path]:
    """The files a notebook's run left in ``folder``: ``<notebook>.ipynb``, ``.html``, ``.findings.json``
    and its chart tables (``<notebook>.<chart>.csv``)."""
    return sorted(p for p in folder.glob(f"{notebook}.*") if p.is_file())


def link_or_copy(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (no copy; every later write replaces a file by renaming,
    never in place), else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copy2(source, target)
