"""Shared fixtures: the real-data mirror (tests that need it skip, loudly, without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from community_resolutions.paths import mirror_dir


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The mirror folder holding the real data; tests needing it are skipped if it is absent."""
    folder = mirror_dir()
    if not (folder / "home-office" / "outcomes" / "force-year-outcome-totals-2014-15-to-2025-26.csv").exists():
        pytest.skip(f"real-data mirror not found at {folder} (set CR_DATA_MIRROR)")
    return folder
