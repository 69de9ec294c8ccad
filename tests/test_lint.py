"""The code checks CI runs with the tests: ruff (style, import order, likely bugs), mypy (types) and
import-linter (the pipeline's layers, pyproject.toml's [tool.importlinter]). Each runs from the
virtual environment the tests run in, with its configuration from pyproject.toml; a failure prints
the tool's own report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from community_resolutions.paths import PROJECT_ROOT

BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> None:
    executable = BIN / tool
    if not executable.exists():
        pytest.fail(f"{tool} is not installed in {BIN}: run `make env` (it is pinned in requirements.txt)")
    # The checks read this checkout's package, whichever copy is installed in the environment.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT / "lib"), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([str(executable), *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{tool} {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


def test_ruff():
    _run("ruff", "check", "lib", "tests", "benchmarks")


def test_mypy():
    _run("mypy")  # files and settings: pyproject.toml [tool.mypy]


def test_import_layers():
    _run("lint-imports")


def test_readme_names_every_module_in_how_it_fits_together():
    """The README's map of the package names every module and sub-package, so a newcomer finds each one."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it fits together", 1)[1].split("\n## ", 1)[0]
    package = PROJECT_ROOT / "lib" / "community_resolutions"
    parts = [p.name for p in package.glob("*.py")] + [f"{p.name}/" for p in package.iterdir()
                                                       if p.is_dir() and (p / "__init__.py").exists()]
    missing = sorted(name for name in parts if name != "__init__.py" and name not in section)
    assert not missing, f"README 'How it fits together' does not name {missing}"
