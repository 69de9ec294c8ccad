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


#: Fixtures that execute notebooks: a test using one is marked ``notebook`` (left out of ``make test-fast``).
NOTEBOOK_FIXTURES = {"run_notebook", "warm_kernel"}


def pytest_collection_modifyitems(config, items):
    """Mark every test that executes a notebook (through a notebook fixture, or a module-scoped
    fixture that builds reports) as ``notebook``; and keep each module's tests that share a
    module-scoped fixture on one xdist worker (``--dist loadgroup``), so an expensive run is made
    once, not once per worker."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        names = set(info.names_closure)
        if names & NOTEBOOK_FIXTURES and item.get_closest_marker("notebook") is None:
            item.add_marker(pytest.mark.notebook)
        shared = [d for defs in info.name2fixturedefs.values() for d in defs
                  if d.scope == "module" and d.baseid and item.nodeid.startswith(d.baseid)]
        if shared and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture(autouse=True, scope="session")
def _no_notebooks_in_the_fast_loop():
    """``make test-fast`` sets ``CR_TEST_FAST=1``: a test that starts a kernel or executes a notebook
    there fails, naming the marker it lacks, instead of slowing the fast loop down unnoticed."""
    import os

    if os.environ.get("CR_TEST_FAST") != "1":
        yield
        return
    import nbclient
    import papermill

    from community_resolutions import kernel

    def refuse(*args, **kwargs):
        raise RuntimeError("this test executes a notebook: mark it @pytest.mark.notebook (make test-fast leaves those out)")

    saved = papermill.execute_notebook, kernel.WarmKernel.start, nbclient.NotebookClient.execute
    papermill.execute_notebook = kernel.WarmKernel.start = nbclient.NotebookClient.execute = refuse
    try:
        yield
    finally:
        papermill.execute_notebook, kernel.WarmKernel.start, nbclient.NotebookClient.execute = saved
