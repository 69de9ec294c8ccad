"""One Jupyter kernel reused for many notebook runs, so imports and loaded data are paid once.

A fresh kernel per notebook costs about a second to start, then every notebook imports
pandas, matplotlib and the package and reads its data again: in a region's batch of 45
notebooks that overhead was most of the time (see ``benchmarks/``). ``WarmKernel`` starts
one kernel and runs notebook after notebook in it with papermill. Before each notebook it
clears what the previous one left behind, so each runs as if alone:

* the user namespace (every variable, ``In``/``Out``; execution counts restart at 1);
* open matplotlib figures;
* the working folder (back to ``notebooks/``).

What stays, on purpose: imported modules and the package's per-process caches of the data
it has read (keyed by source file, so a different mirror or file is a different entry).
After each reset the garbage collector collects, then freezes what is left (``gc.freeze``):
imports and kept tables are then skipped by every later collection. Before this, IPython's
reset alone spent 30-60 ms per notebook walking the same hundred thousand objects again.
``tests/test_kernel.py`` checks that every notebook writes the same findings, chart tables
and page text in a warm kernel as in a fresh one, and that no variable leaks between runs.

If a notebook fails, the kernel is restarted before the next one: a failed run never leaves
half-built state for the next notebook. Usage::

    with WarmKernel() as kernel:
        kernel.run(NOTEBOOKS_DIR / "1-force-rate.ipynb", Path("out/1-force-rate.ipynb"), {"area": "Durham"})
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from .paths import NOTEBOOKS_DIR

KERNEL_NAME = "community-resolutions"


def kernel_name() -> str:
    """The project's kernel if registered (``make`` does it), else the default ``python3``."""
    from jupyter_client.kernelspec import find_kernel_specs

    return KERNEL_NAME if KERNEL_NAME in find_kernel_specs() else "python3"


#: Run in the kernel before every notebook (not stored in its history, output discarded).
RESET_CODE = f"""\
get_ipython().reset(new_session=True, aggressive=False)
import os as _os, sys as _sys
_os.chdir({str(NOTEBOOKS_DIR)!r})
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
import gc as _gc
_gc.collect()  # first what the last notebook left in reference cycles, or it would be frozen too
_gc.freeze()
del _os, _sys, _gc
"""


def _manager_class():
    """A kernel manager that hands out one client for the kernel's whole life.

    nbclient opens a client per notebook and waits for it to be ready; jupyter_client's wait
    ends with 0.2 s of listening for stray messages, paid again by every notebook. Here the
    client is opened and waited for once; later notebooks reuse it (nbclient matches replies
    to its own requests, so a stray message from an earlier run is ignored)."""
    from jupyter_client.asynchronous.client import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager

    class _Client(AsyncKernelClient):
        _ready = False

        def start_channels(self, *args, **kwargs) -> None:
            if not self.channels_running:
                super().start_channels(*args, **kwargs)

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            if not self._ready:
                await super().wait_for_ready(timeout=timeout)
                self._ready = True

    class _Manager(AsyncKernelManager):
        _shared = None

        def __init__(self, **kwargs):
            super().__init__(client_factory=_Client, **kwargs)

        def client(self, **kwargs):
            if self._shared is None:
                self._shared = super().client(**kwargs)
            return self._shared

    return _Manager


#: The papermill engine :meth:`WarmKernel.run` uses (:func:`_engine`).
ENGINE = "community-resolutions"


def _engine() -> str:
    """Register (once) and name a papermill engine that writes the executed notebook once, when the
    run ends, failed or not.

    papermill's own engine writes the whole notebook, charts and all, to disk before and after every
    cell, so that a long run can be watched; a batch reads it only when it is complete. Those 20-odd
    writes per notebook were about a tenth of a warm batch's time, and were paid in the batch's own
    process, which both workers share (issue 16, item 2). The notebook written is the same.
    """
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    if ENGINE in papermill_engines._engines:
        return ENGINE

    class _OnceManager(NotebookExecutionManager):
        def save(self, **kwargs):
            if self.end_time is not None:  # set by notebook_complete, which papermill always calls last
                super().save(**kwargs)

    class _OnceEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                             autosave_cell_every=30, **kwargs):
            manager = _OnceManager(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                                   autosave_cell_every=autosave_cell_every)
            manager.notebook_start()
            try:
                cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
            finally:
                manager.cleanup_pbar()
                manager.notebook_complete()
            return manager.nb

    papermill_engines.register(ENGINE, _OnceEngine)
    return ENGINE


def _kernel_stderr() -> dict:
    """Where the kernel process's own log goes: nowhere unless ``CR_DEBUG=1`` (``--debug``).

    A notebook's errors and output reach papermill through the kernel's messages, not this stream;
    what the process itself prints is ipykernel's housekeeping, such as a ~30-line traceback
    (traitlets ``_control_lock``) when a kernel is shut down after a failed cell, which only
    buries the one-line error a journalist needs."""
    import os
    import subprocess

    return {} if os.environ.get("CR_DEBUG") == "1" else {"stderr": subprocess.DEVNULL}


class WarmKernel:
    """A kernel started once and reused by :meth:`run` for notebook after notebook."""

    def __init__(self, name: str | None = None):
        self.kernel_name = name or kernel_name()
        self.runs = 0
        self._manager: Any = None  # a started AsyncKernelManager (jupyter_client is imported lazily)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "WarmKernel":
        """Start the kernel (in ``notebooks/``, history in memory as nbclient does)."""
        from jupyter_core.utils import run_sync

        manager = _manager_class()(kernel_name=self.kernel_name)
        run_sync(manager.start_kernel)(cwd=str(NOTEBOOKS_DIR), extra_arguments=["--HistoryManager.hist_file=:memory:"],
                                       **_kernel_stderr())
        self._manager = manager  # only a started kernel is kept: a failed start is tried again next run
        return self

    def close(self) -> None:
        """Shut the kernel down politely (no interrupt first, so no "KeyboardInterrupt" noise)."""
        from jupyter_core.utils import run_sync

        manager, self._manager = self._manager, None
        if manager is None:
            return
        try:
            if manager._shared is not None:
                manager._shared.stop_channels()
            if run_sync(manager.is_alive)():
                run_sync(manager.request_shutdown)()
                run_sync(manager.finish_shutdown)()
        finally:
            run_sync(manager.cleanup_resources)()

    def restart(self) -> None:
        """A new kernel in place of the old one (after a failure)."""
        self.close()
        self.start()

    def __enter__(self) -> "WarmKernel":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ running
    def reset(self) -> None:
        """Clear the previous notebook's variables, figures and working folder."""
        from jupyter_core.utils import run_sync

        async def _reset() -> None:
            client = self._manager.client()
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            reply = await client.execute_interactive(RESET_CODE, store_history=False, timeout=60,
                                                     output_hook=lambda message: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"could not reset the kernel: {reply['content'].get('evalue', reply['content'])}")

        run_sync(_reset)()

    def run(self, notebook: Path, executed: Path, parameters: dict) -> Path:
        """Execute ``notebook`` into ``executed`` with papermill in this kernel."""
        import papermill

        if self._manager is None:
            self.start()
        manager = self._manager
        try:
            self.reset()
            papermill.execute_notebook(str(notebook), str(executed), parameters=parameters, engine_name=_engine(),
                                       kernel_name=self.kernel_name, progress_bar=False, km=manager)
        except Exception:
            try:
                self.restart()  # never hand a half-run kernel to the next notebook
            except Exception:  # the notebook's error matters more; the next run starts a kernel
                self._manager = None
            raise
        except BaseException:  # Ctrl-C: stop the kernel, start nothing new
            self.close()
            raise
        self.runs += 1
        return executed


class KernelPool:
    """One :class:`WarmKernel` per thread that asks for one (a batch's workers); all shut down on exit::

        with KernelPool() as pool, ThreadPoolExecutor(2) as workers:
            workers.map(lambda job: pool.kernel().run(*job), jobs)
    """

    def __init__(self, name: str | None = None):
        self.kernel_name = name
        self._local = threading.local()
        self._started: list[WarmKernel] = []
        self._lock = threading.Lock()

    def kernel(self) -> WarmKernel:
        """This thread's kernel; its process starts when it first runs a notebook (a worker whose
        areas are all reused from an earlier run never starts one)."""
        kernel = getattr(self._local, "kernel", None)
        if kernel is None:
            kernel = self._local.kernel = WarmKernel(self.kernel_name)
            with self._lock:
                self._started.append(kernel)
        return kernel

    def __enter__(self) -> "KernelPool":
        return self

    def __exit__(self, *exc) -> None:
        for kernel in self._started:
            kernel.close()
