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


@pytest.fixture(scope="session")
def warm_kernel():
    """One kernel for the session's notebook runs, as a batch worker uses one (``kernel.WarmKernel``);
    ``tests/test_kernel.py`` checks that this gives the same pages as a fresh kernel per notebook."""
    from community_resolutions.kernel import WarmKernel

    with WarmKernel() as kernel:
        yield kernel


@pytest.fixture(scope="session")
def run_notebook(mirror, tmp_path_factory, warm_kernel):
    """Execute ``notebooks/<name>.ipynb`` through papermill and return its findings JSON as a dict.

    Results are memoised per (name, parameters), so several tests can check one run. Runs share one
    kernel, reset between notebooks, as ``make reports`` runs them.
    Usage: ``findings = run_notebook("2-child-sex-offences", area="Durham", years="2017/18")``.
    """
    import json

    from community_resolutions import publish

    done: dict[tuple, dict] = {}

    def run(name: str, **parameters: str) -> dict:
        key = (name, tuple(sorted(parameters.items())))
        if key not in done:
            folder = tmp_path_factory.mktemp(name)
            publish.run_notebook(name, {"mirror": str(mirror), **parameters}, folder, kernel=warm_kernel)
            publish.export_html(folder / f"{name}.ipynb", f"test {name}")
            found = json.loads((folder / f"{name}.findings.json").read_text(encoding="utf-8"))
            found["_folder"] = str(folder)
            done[key] = found
        return done[key]

    return run
