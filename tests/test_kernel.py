"""A reused kernel (``kernel.WarmKernel``) must give exactly the pages a fresh kernel gives.

``make reports`` runs every notebook of a worker in one kernel, reset between notebooks. These
tests check the reset: no variable, figure or working folder survives from one notebook to the
next; a failed notebook gets a new kernel; every notebook's findings, chart tables and HTML page
are byte-for-byte what a fresh kernel per notebook makes, even after another area's run.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import papermill
import pytest

from community_resolutions import publish
from community_resolutions.kernel import KernelPool, WarmKernel
from community_resolutions.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.notebook  # every test here starts kernels and runs notebooks


def _notebook(folder: Path, name: str, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("marker_file = ''")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, *(nbformat.v4.new_code_cell(s) for s in sources)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def test_nothing_survives_from_one_notebook_to_the_next(tmp_path):
    first = _notebook(tmp_path, "first", "leak = 1\n_private = 2",
                      "import matplotlib\nmatplotlib.use('agg')\nimport matplotlib.pyplot as plt\nplt.figure()",
                      "import os\nos.chdir('/')")
    second = _notebook(tmp_path, "second",
                       "assert 'leak' not in globals() and '_private' not in globals(), sorted(globals())",
                       "import matplotlib.pyplot as plt\nassert plt.get_fignums() == [], plt.get_fignums()",
                       f"import os\nassert os.getcwd() == {str(NOTEBOOKS_DIR)!r}, os.getcwd()")
    with WarmKernel() as kernel:
        kernel.run(first, tmp_path / "first-out.ipynb", {})
        kernel.run(second, tmp_path / "second-out.ipynb", {})
    counts = [c.execution_count for c in nbformat.read(tmp_path / "second-out.ipynb", 4).cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))  # numbering restarts, as in a fresh kernel
    assert kernel.runs == 2


def test_what_a_notebook_leaves_in_a_cycle_is_freed_before_the_kernel_freezes_the_rest(tmp_path):
    """The reset freezes what is alive (imports, the loaders' kept tables) out of the garbage collector's
    way, so later collections skip it. Garbage held only by a reference cycle must be collected first,
    or each notebook's would be frozen for the kernel's life."""
    first = _notebook(tmp_path, "first", "import sys, weakref\nclass Node: pass\nnode = Node()\nnode.itself = node\n"
                                         "sys.cr_probe = weakref.ref(node)")
    second = _notebook(tmp_path, "second", "import gc, sys\nassert sys.cr_probe() is None, 'the cycle survived'\n"
                                           "assert gc.get_freeze_count() > 0")
    with WarmKernel() as kernel:
        kernel.run(first, tmp_path / "first-out.ipynb", {})
        kernel.run(second, tmp_path / "second-out.ipynb", {})


def test_a_failed_notebook_gets_a_new_kernel(tmp_path):
    failing = _notebook(tmp_path, "failing", "import sys\nsys.cr_marker = 1", "raise ValueError('boom')")
    after = _notebook(tmp_path, "after", "import sys\nassert not hasattr(sys, 'cr_marker')")
    with WarmKernel() as kernel:
        with pytest.raises(papermill.PapermillExecutionError, match="boom"):
            kernel.run(failing, tmp_path / "failing-out.ipynb", {})
        kernel.run(after, tmp_path / "after-out.ipynb", {})  # a module attribute set before the failure is gone
    assert "boom" in (tmp_path / "failing-out.ipynb").read_text()  # the failing cell stays visible


def test_the_executed_notebook_is_written_once_the_run_ends(tmp_path, monkeypatch):
    """papermill's own engine writes the notebook before and after every cell (8 times for three cells);
    the warm kernel's engine writes it once when the run ends, then papermill's final write: 2."""
    import papermill.engines

    writes = []
    real = papermill.engines.write_ipynb
    monkeypatch.setattr(papermill.engines, "write_ipynb", lambda nb, path: (writes.append(path), real(nb, path)))
    three = _notebook(tmp_path, "three", "a = 1", "b = a + 1", "print(b)")
    with WarmKernel() as kernel:
        kernel.run(three, tmp_path / "three-out.ipynb", {})
    assert len(writes) == 1  # by the engine; papermill's final write goes through papermill.execute
    executed = nbformat.read(tmp_path / "three-out.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "2\n"
    assert all(c.metadata.papermill["status"] == "completed" for c in executed.cells)


def test_pool_gives_each_thread_its_own_kernel_and_stops_them_all(tmp_path):
    notebook = _notebook(tmp_path, "pid", "import os, pathlib\npathlib.Path(marker_file).write_text(str(os.getpid()))")

    def one(number: int) -> int:
        marker = tmp_path / f"pid-{number}.txt"
        pool.kernel().run(notebook, tmp_path / f"pid-{number}.ipynb", {"marker_file": str(marker)})
        return int(marker.read_text())

    with KernelPool() as pool, ThreadPoolExecutor(max_workers=2) as workers:
        pids = list(workers.map(one, range(4)))
    assert 1 <= len(set(pids)) <= 2  # four notebooks, at most one kernel per worker thread
    for pid in set(pids):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def _pages(folder: Path) -> dict[str, bytes]:
    """Every findings file, chart table and page; the id papermill gives its injected parameters
    cell is random in every run, fresh or warm, so it is blanked."""
    injected = re.compile(rb'(celltag_injected-parameters" id="cell-id=)[0-9a-f-]+')
    return {p.name: injected.sub(rb"\1-", p.read_bytes()) for p in sorted(folder.iterdir())
            if p.suffix in (".json", ".csv", ".html") and p.name != "index.html"}


@pytest.mark.parametrize("area", ["Durham", "British Transport Police"])
def test_warm_kernel_pages_equal_fresh_kernel_pages(mirror, tmp_path, area):
    parameters = {"area": area, "years": "2014/15-2017/18", "basis": "closed", "mirror": str(mirror), "outcome_files": ""}
    fresh, warm = tmp_path / "fresh", tmp_path / "warm"
    for notebook in publish.DEFAULT_NOTEBOOKS:
        executed = publish.run_notebook(notebook, parameters, fresh)
        publish.export_html(executed, f"{notebook}: {area}")
    with WarmKernel() as kernel:
        # Another area first, so the kernel holds that run's state and cached data when ours starts.
        for notebook in publish.DEFAULT_NOTEBOOKS:
            publish.run_notebook(notebook, {**parameters, "area": "north-east-and-north-yorkshire"}, tmp_path / "other",
                                 kernel=kernel)
        for notebook in publish.DEFAULT_NOTEBOOKS:
            executed = publish.run_notebook(notebook, parameters, warm, kernel=kernel)
            publish.export_html(executed, f"{notebook}: {area}")
    fresh_pages, warm_pages = _pages(fresh), _pages(warm)
    assert len(fresh_pages) >= 3 * len(publish.DEFAULT_NOTEBOOKS)  # a findings file, a page and charts each
    assert sorted(warm_pages) == sorted(fresh_pages)
    different = [name for name in fresh_pages if fresh_pages[name] != warm_pages[name]]
    assert different == []
