"""The parquet cache: a table parsed once from a file is kept beside a manifest and read back
while the file, the table and the package's table format are unchanged.

Every reader goes through :func:`cached_parquet` (the readers of outcomes files, the totals, the
police.uk archives, recorded crime); the folder is :func:`paths.cache_dir` (``data/cache/tables``).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from . import sources
from .paths import cache_dir

#: Bump when the shape of a cached table changes: every older cache file is then rebuilt.
CACHE_FORMAT = 2


def cached_parquet(source: Path, kind: str, build: Callable[[Path], pd.DataFrame]) -> pd.DataFrame:
    """Read ``build(source)`` from a parquet cache keyed by the source file's SHA-256.

    Beside each parquet a small manifest (``<name>.manifest.json``) records the parquet's own
    SHA-256, its columns, the source's SHA-256 and :data:`CACHE_FORMAT`. A cache file is used only
    when all of them match: a parquet that was altered (even into another valid table), damaged,
    written in an older shape or by an older version, or has no manifest, is deleted and rebuilt
    from the source, never trusted.

    The parquet and the manifest are written to temporary names (unique to the process and thread)
    and renamed, so an interrupted run never leaves a half-written cache behind under the names later
    runs read, and two runs building the same table at once each write their own copy and the last
    rename wins. A partial file is removed when the write fails or is interrupted; when the cache
    folder cannot be written (read-only, disk full) the table is returned without being kept.
    """
    digest = sources.sha256_of(source)
    target = cache_dir() / "tables" / f"{kind}-{digest[:16]}.parquet"
    manifest = _manifest_path(target)
    if target.exists():
        table = _trusted_parquet(target, manifest, digest)
        if table is not None:
            return table
        target.unlink(missing_ok=True)  # altered, damaged or of another shape: rebuild it from the source
        manifest.unlink(missing_ok=True)
    table = build(source)
    suffix = f".{os.getpid()}-{threading.get_ident()}.partial"
    partial, partial_manifest = target.with_name(target.name + suffix), manifest.with_name(manifest.name + suffix)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        table.to_parquet(partial, index=False)
        record = {"format": CACHE_FORMAT, "source_sha256": digest, "parquet_sha256": sources.sha256_of(partial),
                  "columns": [str(c) for c in table.columns], "rows": len(table)}
        partial_manifest.write_text(json.dumps(record, indent=1), encoding="utf-8")
        partial.replace(target)
        partial_manifest.replace(manifest)
    except BaseException as error:  # includes KeyboardInterrupt: leave nothing behind
        for leftover in (partial, partial_manifest):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass
        if isinstance(error, OSError):  # a read-only or full cache folder: the table is right, only not kept
            return table
        raise
    return table


def _manifest_path(parquet: Path) -> Path:
    return parquet.with_name(parquet.name.removesuffix(".parquet") + ".manifest.json")


def _trusted_parquet(target: Path, manifest: Path, source_digest: str) -> pd.DataFrame | None:
    """The cached table if its manifest vouches for it (same bytes, columns, source, format), else None."""
    import hashlib
    import io

    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
        data = target.read_bytes()
        if not (isinstance(record, dict) and record.get("format") == CACHE_FORMAT
                and record.get("source_sha256") == source_digest
                and record.get("parquet_sha256") == hashlib.sha256(data).hexdigest()):
            return None
        table = pd.read_parquet(io.BytesIO(data))
    except Exception:  # no manifest, unreadable manifest or parquet: not trusted
        return None
    if [str(c) for c in table.columns] != record.get("columns") or len(table) != record.get("rows"):
        return None
    return table
