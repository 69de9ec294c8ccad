"""Every notebook, every awkward area: runs through papermill, writes its findings, exports an
offline page; and runs top to bottom with its default parameters from two working directories,
as a JupyterLab user would."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from test_reports import check_offline_page

from community_resolutions import publish
from community_resolutions.paths import NOTEBOOKS_DIR, PROJECT_ROOT

AREAS = ["Durham", "North Yorkshire", "Cleveland", "City of London", "British Transport Police", "Dyfed-Powys",
         "north-east-and-north-yorkshire"]
NOTEBOOKS = list(publish.DEFAULT_NOTEBOOKS)


def test_every_finding_notebook_is_in_the_batch():
    on_disk = sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert on_disk == sorted([*NOTEBOOKS, *publish.STANDALONE_NOTEBOOKS])
    assert len(NOTEBOOKS) == 9


def test_notebooks_are_stripped_and_follow_the_contract():
    for name in NOTEBOOKS:
        notebook = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), f"{name} has outputs"
        assert "parameters" in code[0].metadata.get("tags", []), f"{name}: first code cell must be the parameters"
        for parameter in ("area", "years", "basis", "output_dir", "mirror"):
            assert f"\n{parameter} = " in "\n" + code[0].source, f"{name}: parameter {parameter} missing"
        assert f'NOTEBOOK = "{name}"' in code[1].source, f"{name}: the validation cell must name the notebook"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
@pytest.mark.parametrize("area", AREAS)
def test_notebook_runs_for_area(run_notebook, notebook, area):
    found = run_notebook(notebook, area=area)
    assert found["notebook"] == notebook
    assert found["synthetic"] is False
    assert found["sentences"], "a page with nothing to say"
    assert found["figures"]
    folder = Path(found["_folder"])
    # Offence-level pages draw a chart only when there is something to draw (a force may have no cases).
    check_offline_page(folder / f"{notebook}.html", need_chart=notebook in ("1-force-rate", "5-over-time", "0-data-coverage"))


@pytest.mark.notebook
@pytest.mark.xdist_group("reports-scratch")  # both write reports/scratch/<area>: one xdist worker runs them in turn
@pytest.mark.parametrize("where", ["notebooks", "root"])
def test_notebooks_run_top_to_bottom_with_defaults(mirror, where, monkeypatch):
    monkeypatch.setenv("CR_DATA_MIRROR", str(mirror))
    cwd = NOTEBOOKS_DIR if where == "notebooks" else PROJECT_ROOT
    for name in NOTEBOOKS:
        notebook = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
        NotebookClient(notebook, kernel_name=publish.kernel_name(), timeout=600,
                       resources={"metadata": {"path": str(cwd)}}).execute()
        scratch = PROJECT_ROOT / "reports" / "scratch" / "north-east-and-north-yorkshire"
        found = json.loads((scratch / f"{name}.findings.json").read_text())
        assert found["parameters"]["area_slug"] == "north-east-and-north-yorkshire"


def _non_blank(cell) -> list[str]:
    return [line for line in cell.source.splitlines() if line.strip()]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_read_as_the_story(path):
    """Issue 14: the story lives in lib/community_resolutions/story/; a notebook defines no function or
    class, keeps every code cell to 15 lines or fewer, and has more lines of prose than of code."""
    cells = nbformat.read(path, as_version=4).cells
    code = [cell for cell in cells if cell.cell_type == "code"]
    defined = [line for cell in code for line in _non_blank(cell) if line.lstrip().startswith(("def ", "class "))]
    long_cells = [len(_non_blank(cell)) for cell in code if len(_non_blank(cell)) > 15]
    code_lines = sum(len(_non_blank(cell)) for cell in code)
    prose_lines = sum(len(_non_blank(cell)) for cell in cells if cell.cell_type == "markdown")
    assert defined == [], f"{path.name} defines {defined}: move it into the story layer"
    assert long_cells == [], f"{path.name} has code cells of {long_cells} lines (at most 15)"
    assert prose_lines > code_lines, f"{path.name}: {code_lines} lines of code against {prose_lines} of prose"
