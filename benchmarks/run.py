#!/usr/bin/env python
"""Benchmarks (issue 7): ingestion, the parquet cache, one report, a region's batch, peak memory.

    python benchmarks/run.py            # full: 800,000-row xlsx (~39 MB), 50,000-row ods, every notebook
    python benchmarks/run.py --quick    # a few minutes: 60,000 / 10,000 rows, two notebooks in the batch

The machine this runs on is shared and noisy, so every comparison is measured **side by side in
the same run** (the two sides alternate, A B A B ...) and reported as a ratio of medians; absolute
seconds are printed for context only. Each ingestion run is a fresh child process, which gives
its wall time, its CPU time and its peak memory: ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` taken
by a tiny launcher process whose only child is the measured process (on Linux, the peak resident
set of the largest single process among it and the descendants it waited for, not a sum; the
batch's whole-tree peak is sampled separately with psutil). CPU seconds are less disturbed by
other users of the machine than wall time.

Results go to ``benchmarks/results/`` (git-ignored): ``<mode>-<timestamp>.json`` and ``.md``,
plus ``<mode>-latest.json`` / ``.md``. Where a target is missed, a pyinstrument profile of the
slow side is written beside them (``profile-*.txt``) unless ``--no-profile``.

Nothing is written outside a temporary work folder and ``benchmarks/results/``: synthetic
workbooks and their parquet cache live in the work folder (the cache folder is redirected by
patching ``community_resolutions.outcomes.cache_dir`` in the child process), and the batch
writes its reports there too. The notebooks themselves read the project's usual cache of the
mirror's data (``data/cache/tables``), as ``make reports`` does.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
REFERENCE = ROOT / "data" / "reference"

GIB = 1024 ** 3
YEARS = "2014/15-2017/18"
BASIS = "closed"
FORCE = "durham"
REGION = "north-east-and-north-yorkshire"

FULL = {"xlsx_rows": 800_000, "ods_rows": 50_000, "slow_repeats": 1, "batch_notebooks": None,
        "policeuk_months": 36, "policeuk_compare_months": 12, "national_areas": None, "national_notebooks": None}
QUICK = {"xlsx_rows": 60_000, "ods_rows": 10_000, "slow_repeats": 2, "batch_notebooks": ("0-data-coverage", "1-force-rate"),
         "policeuk_months": 3, "policeuk_compare_months": 3,
         # the national batch on a subset: three forces and their region, two notebooks
         "national_areas": ["force:Durham", "force:Cleveland", "force:Northumbria", "region:north-east"],
         "national_notebooks": ("1-force-rate", "3-drug-offences")}
#: Workers of the national batch (JOBS=2, as on the benchmark machine's two cores).
NATIONAL_WORKERS = 2

TARGETS = {
    "xlsx_speedup": 5.0,      # package loader vs pd.read_excel (openpyxl), times faster
    "ods_speedup": 20.0,      # package loader vs pd.read_excel (odf), times faster
    "cache_seconds": 0.5,     # cached load, median wall seconds
    "cache_speedup": 20.0,    # cached load vs parsing the workbook again, times faster
    "report_vs_floor": 1.5,   # one force report vs a trivial notebook through the same path, at most
    "batch_vs_floor": 1.5,    # a region's batch vs floor x executions (item 3's target per execution), at most
    "ingest_memory_gib": 2.0, # peak RSS while ingesting the ~40 MB workbook, below
    "policeuk_speedup": 5.0,  # police.uk archive: DuckDB reader vs the pandas reader, times faster
    "policeuk_memory_gib": 2.0,  # peak RSS of the DuckDB reader on the whole archive, below
    "national_rerun_share": 0.05,  # national batch rerun with nothing changed / cold run, below
    "national_vs_floor": 1.2,      # cold national batch / (floor x executions / workers), at most
}


# =========================================================================== helpers


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(slow: float, fast: float) -> float:
    return slow / fast if fast else float("nan")


def machine() -> dict:
    import psutil

    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    versions = {}
    for name in ("pandas", "python_calamine", "openpyxl", "odfpy", "pyarrow", "papermill", "nbconvert", "pyinstrument"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = "?"
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(psutil.virtual_memory().total / GIB, 1),
        "memory_available_gib_at_start": round(psutil.virtual_memory().available / GIB, 1),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants (psutil), every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_bytes = 0
        self.peak_processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self.done.is_set():
            total, count = 0, 0
            try:
                family = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for process in family:
                try:
                    total += process.memory_info().rss
                    count += 1
                except psutil.Error:
                    pass
            self.peak_bytes = max(self.peak_bytes, total)
            self.peak_processes = max(self.peak_processes, count)
            self.done.wait(self.interval)


#: A tiny launcher between this process and each measured child: it spawns the child, waits, and
#: reports getrusage(RUSAGE_CHILDREN). Without it the child's ru_maxrss would start at *this*
#: process's resident size (Linux carries the parent's high-water mark across fork/vfork + exec).
LAUNCHER = r"""
import json, os, resource, sys
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status = os.waitpid(pid, 0)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"exit": os.waitstatus_to_exitcode(status), "maxrss_kib": usage.ru_maxrss,
               "cpu_seconds": usage.ru_utime + usage.ru_stime}, out)
"""


def run_child(spec: dict, workdir: Path, sample_tree: bool = False) -> dict:
    """Run ``run.py --child`` with ``spec`` in a fresh process (through :data:`LAUNCHER`); returns
    its JSON result plus ``maxrss_bytes`` (ru_maxrss from the launcher's RUSAGE_CHILDREN: the
    largest single process among the child and the descendants it reaped), ``cpu_seconds`` (user +
    system of the child and its reaped descendants) and, with ``sample_tree``, the sampled peak of
    the summed RSS of the whole process tree."""
    out = Path(tempfile.mkstemp(prefix="child-", suffix=".json", dir=workdir)[1])
    usage_file = Path(tempfile.mkstemp(prefix="usage-", suffix=".json", dir=workdir)[1])
    log = workdir / "children.log"
    spec = {**spec, "out": str(out)}
    with open(log, "a") as stderr:
        stderr.write(f"\n=== {spec.get('mode')} {json.dumps(spec)[:300]}\n")
        stderr.flush()
        command = [sys.executable, "-S", "-c", LAUNCHER, str(usage_file),
                   sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
        process = subprocess.Popen(command, stdout=stderr, stderr=stderr, cwd=str(ROOT))
        sampler = TreeSampler(process.pid) if sample_tree else None
        if sampler:
            sampler.start()
        process.wait()
        if sampler:
            sampler.done.set()
            sampler.join()
    usage = json.loads(usage_file.read_text()) if usage_file.stat().st_size else {"exit": process.returncode}
    usage_file.unlink()
    if process.returncode != 0 or usage["exit"] != 0:
        raise RuntimeError(f"child {spec.get('mode')} failed (exit {usage['exit']}); see {log}")
    result = json.loads(out.read_text())
    out.unlink()
    result["maxrss_bytes"] = usage["maxrss_kib"] * 1024  # Linux: KiB
    result["cpu_seconds"] = usage["cpu_seconds"]
    if sampler:
        result["tree_peak_bytes"] = sampler.peak_bytes
        result["tree_peak_processes"] = sampler.peak_processes
    return result


def vm_hwm_bytes() -> int:
    """This process's own peak resident size (``VmHWM``), a cross-check of ru_maxrss."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def say(text: str = "") -> None:
    print(text, flush=True)


# =========================================================================== child processes


def _patch_cache(cache: str | None) -> None:
    if cache:
        from community_resolutions import cache as cache_module, outcomes

        Path(cache).mkdir(parents=True, exist_ok=True)
        outcomes.cache_dir = cache_module.cache_dir = lambda override=None: Path(cache)


def child_ingest(spec: dict) -> dict:
    """Read one workbook once: the package's loader or pandas' default reader."""
    import pandas as pd

    path = Path(spec["path"])
    if spec["engine"] == "baseline":  # imports only: the floor of the memory figures
        import odf  # noqa: F401
        import openpyxl  # noqa: F401

        from community_resolutions import readers  # noqa: F401

        return {"seconds": 0.0, "rows": 0}
    if spec["engine"] == "package":
        from community_resolutions import readers

        started, cpu = time.perf_counter(), time.process_time()
        table = readers.read_outcomes_file(path, cache=False)
    else:
        import odf  # noqa: F401  (imported before timing, as the package's imports are)
        import openpyxl  # noqa: F401

        started, cpu = time.perf_counter(), time.process_time()
        table = pd.read_excel(path, sheet_name=spec["sheet"])  # pandas' default engine for the suffix
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu_call_seconds": cpu, "rows": len(table), "columns": len(table.columns)}


def child_cache(spec: dict) -> dict:
    """Cached (parquet) load vs parsing again, alternating, in one warm process."""
    _patch_cache(spec["cache"])
    import pandas as pd

    from community_resolutions import outcomes, readers, sources

    path = Path(spec["path"])
    started = time.perf_counter()
    first = readers.read_outcomes_file(path, cache=True)  # parses and writes the parquet
    first_seconds = time.perf_counter() - started
    cached, parsed, digest, parquet = [], [], [], []
    target = None
    for _ in range(spec["repeats"]):
        started = time.perf_counter()
        table = readers.read_outcomes_file(path, cache=True)
        cached.append(time.perf_counter() - started)
        started = time.perf_counter()
        again = readers.read_outcomes_file(path, cache=False)
        parsed.append(time.perf_counter() - started)
        # the two parts of a cached load
        started = time.perf_counter()
        key = sources.sha256_of(path)
        digest.append(time.perf_counter() - started)
        target = outcomes.cache_dir() / "tables" / f"workbook-v1-{key[:16]}.parquet"
        if target.exists():
            started = time.perf_counter()
            pd.read_parquet(target)
            parquet.append(time.perf_counter() - started)
    same = bool(table.equals(again)) and len(first) == len(table)
    # A report's whole data load with this workbook named (what notebook 1 does first), warm cache.
    report = []
    outcomes.load_totals(files=[str(path)])  # warm-up: the mirror's tables into the (redirected) cache
    for _ in range(spec["repeats"]):
        started = time.perf_counter()
        outcomes.load_totals(files=[str(path)])
        report.append(time.perf_counter() - started)
    return {"first_seconds": first_seconds, "cached": cached, "parsed": parsed, "sha256": digest,
            "read_parquet": parquet, "report_load": report, "same_table": same, "rows": len(table),
            "parquet_bytes": target.stat().st_size if target and target.exists() else 0}


def child_batch(spec: dict) -> dict:
    """One region's batch with publish.build; per-notebook times from papermill's metadata."""
    import nbformat

    from community_resolutions import areas, publish

    area = areas.resolve_area(spec["area"])
    notebooks = tuple(spec["notebooks"]) if spec.get("notebooks") else publish.DEFAULT_NOTEBOOKS
    reports = Path(spec["reports"])
    reports.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    started = time.perf_counter()
    index = publish.build(area, YEARS, BASIS, mirror="", reports_dir=reports, notebooks=notebooks,
                          workers=spec["workers"], log=lambda *a, **k: lines.append(" ".join(map(str, a))), rebuild=True)
    seconds = time.perf_counter() - started
    per_notebook: dict[str, list[float]] = {}
    per_page: dict[str, float] = {}
    kernel_overhead: list[float] = []
    for executed in sorted(index.parent.rglob("*.ipynb")):
        document = nbformat.read(executed, as_version=4)
        meta = document.metadata.get("papermill", {})
        if meta.get("duration") is None:
            continue
        per_notebook.setdefault(executed.stem, []).append(meta["duration"])
        per_page[executed.relative_to(index.parent).as_posix()] = round(meta["duration"], 2)
        cells = sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in document.cells)
        kernel_overhead.append(meta["duration"] - cells)
    return {"seconds": seconds, "executions": sum(len(v) for v in per_notebook.values()),
            "notebooks": list(notebooks), "areas": 1 + len(area.forces) if not area.is_force else 1,
            "per_notebook": per_notebook, "per_page": per_page, "kernel_overhead": kernel_overhead, "log": lines}


def child_national(spec: dict) -> dict:
    """The national batch (``publish.build_all``) once: cold (``rebuild``) or a rerun into the same folder."""
    from community_resolutions import areas, publish

    chosen = None
    if spec.get("areas"):
        chosen = [areas.force_area(name.split(":", 1)[1]) if name.startswith("force:") else areas.region(name.split(":", 1)[1])
                  for name in spec["areas"]]
    notebooks = tuple(spec["notebooks"]) if spec.get("notebooks") else publish.DEFAULT_NOTEBOOKS
    started, cpu = time.perf_counter(), time.process_time()
    result = publish.build_all(YEARS, BASIS, reports_dir=Path(spec["reports"]), notebooks=notebooks,
                               workers=spec["workers"], areas_to_run=chosen, rebuild=spec["rebuild"],
                               log=lambda *a, **k: None)
    seconds = time.perf_counter() - started
    pages = [p for made in result.made.values() for p in made]
    return {"seconds": seconds, "cpu_call_seconds": time.process_time() - cpu, "areas": len(result.made),
            "failed": result.failed, "pages": len(pages), "executed": sum(not p.reused for p in pages),
            "reused_areas": len(result.reused), "notebooks": len(notebooks)}


def child_profile(spec: dict) -> dict:
    """A pyinstrument profile (text) of one slow side."""
    from pyinstrument import Profiler

    _patch_cache(spec.get("cache"))
    profiler = Profiler(interval=0.001)
    what = spec["what"]
    if what == "package-ingest":
        from community_resolutions import readers

        profiler.start()
        readers.read_outcomes_file(Path(spec["path"]), cache=False)
        profiler.stop()
    elif what == "cached-load":
        from community_resolutions import readers

        readers.read_outcomes_file(Path(spec["path"]), cache=True)  # make sure the parquet exists
        profiler.start()
        for _ in range(3):
            readers.read_outcomes_file(Path(spec["path"]), cache=True)
        profiler.stop()
    elif what == "notebook":
        # The notebook's code cells in an IPython shell, with papermill's parameters applied after
        # the parameters cell, as the kernel runs them (imports included: a kernel starts cold).
        import nbformat
        from IPython.core.interactiveshell import InteractiveShell

        from community_resolutions.paths import NOTEBOOKS_DIR

        document = nbformat.read(NOTEBOOKS_DIR / f"{spec['notebook']}.ipynb", as_version=4)
        os.chdir(NOTEBOOKS_DIR)
        shell = InteractiveShell.instance()
        parameters = "\n".join(f"{k} = {v!r}" for k, v in spec["parameters"].items())
        profiler.start()
        for cell in document.cells:
            if cell.cell_type != "code":
                continue
            result = shell.run_cell(cell.source)
            if "parameters" in cell.metadata.get("tags", []):
                shell.run_cell(parameters)
            if result.error_in_exec is not None:
                raise result.error_in_exec
        profiler.stop()
    else:
        raise ValueError(what)
    Path(spec["report"]).write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    return {"report": spec["report"]}


def child_policeuk(spec: dict) -> dict:
    """Count a police.uk archive once: the DuckDB reader or the pandas reader (same tables)."""
    from community_resolutions import policeuk, policeuk_duckdb

    started, cpu = time.perf_counter(), time.process_time()
    if spec["engine"] == "duckdb":
        counted = policeuk_duckdb.count_archive(spec["path"])
        monthly, lsoa, rows = counted.monthly, counted.lsoa, counted.rows_read
    else:
        archive = policeuk.read_archive(spec["path"])
        monthly, lsoa = policeuk.monthly_counts(archive), policeuk.lsoa_counts(archive)
        rows = len(archive.street) + len(archive.outcomes)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    checksum = [int(monthly[c].sum()) for c in ("crimes", "asb", "local_resolution_last", "local_resolution_events")]
    return {"seconds": seconds, "cpu_call_seconds": cpu, "rows": int(rows), "months": int(monthly["month"].nunique()),
            "checksum": checksum + [int(lsoa["crimes"].sum())]}


CHILDREN = {"ingest": child_ingest, "cache": child_cache, "batch": child_batch, "profile": child_profile,
            "policeuk": child_policeuk, "national": child_national}


# =========================================================================== item 6: the police.uk archive


def policeuk_archive(workdir: Path, months: int, given: str | None) -> Path:
    """The synthetic all-forces archive (44 forces, real scale): ``given`` if it holds enough
    months, else written into the work folder."""
    from community_resolutions.testing import policeuk_archive as generator

    if given and len([p for p in Path(given).iterdir() if p.is_dir()]) >= months:
        return Path(given)
    root = workdir / "synthetic-police-uk-archive"
    say(f"  writing a synthetic police.uk archive: 44 forces x {months} months, about 6 million street rows a year ...")
    started = time.perf_counter()
    generator.write_archive(root, generator.Scale(months=months), log=None)
    say(f"  written in {time.perf_counter() - started:.0f} s")
    return root


def archive_slice(root: Path, months: int, folder: Path) -> Path:
    """A flat folder of links to the first ``months`` month folders' files (no copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    for month in sorted(p for p in root.iterdir() if p.is_dir())[:months]:
        for file in month.glob("*.csv"):
            link = folder / file.name
            if not link.exists():
                link.symlink_to(file)
    return folder


def archive_facts(root: Path) -> dict:
    files = list(root.rglob("*.csv"))
    return {"files": len(files), "gb": round(sum(f.stat().st_size for f in files) / 1e9, 2),
            "months": len({f.name[:7] for f in files})}


# =========================================================================== in-process: one report vs the floor


def trivial_notebook(folder: Path, kernel: str) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(f'area = "{FORCE}"\nyears = "{YEARS}"\nbasis = "{BASIS}"\noutput_dir = ""')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell('print(f"{area}, {years}, {basis}")')]
    notebook.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    path = folder / "trivial.ipynb"
    nbformat.write(notebook, path)
    return path


def measure_floor(workdir: Path, repeats: int) -> list[float]:
    """The floor alone: a trivial notebook through papermill (its own kernel) and the HTML export, ``repeats``
    times after one warm-up; wall seconds each."""
    import warnings

    warnings.filterwarnings("ignore")
    import papermill

    from community_resolutions import publish

    folder = workdir / "floor"
    folder.mkdir(parents=True, exist_ok=True)
    trivial = trivial_notebook(folder, publish.kernel_name())
    times = []
    for number in range(repeats + 1):
        started = time.perf_counter()
        executed = folder / "trivial-executed.ipynb"
        papermill.execute_notebook(str(trivial), str(executed), parameters={"area": FORCE},
                                   kernel_name=publish.kernel_name(), cwd=str(folder), progress_bar=False)
        publish.export_html(executed, "trivial")
        if number:  # the first is a warm-up
            times.append(time.perf_counter() - started)
    return times


def timed_cpu():
    """(wall, cpu of this process + reaped children) now."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def papermill_breakdown(executed: Path) -> dict:
    import nbformat

    document = nbformat.read(executed, as_version=4)
    meta = document.metadata.get("papermill", {})
    cells = [(i, c.metadata.get("papermill", {}).get("duration") or 0.0) for i, c in enumerate(document.cells)
             if c.cell_type == "code"]
    total = meta.get("duration") or 0.0
    return {"papermill_seconds": total, "cells_seconds": sum(d for _, d in cells),
            "outside_cells_seconds": total - sum(d for _, d in cells),
            "slowest_cells": sorted(cells, key=lambda x: -x[1])[:4]}


def measure_report(workdir: Path, repeats: int) -> dict:
    """Item 3: notebook executions (papermill + HTML export) vs a trivial notebook through the same path.

    Four sides, alternating in each repeat:

    * floor: a trivial notebook, papermill with its own kernel, then the HTML export;
    * force report: ``publish.build`` for Durham, every notebook and the editor's page, as
      ``make reports FORCE=durham`` runs it (one kernel for the force's notebooks), per notebook;
    * warm: 1-force-rate in a kernel that has already run a notebook (as every notebook but the
      first of a report runs), run and export;
    * cold: 1-force-rate alone in a fresh kernel, as a user's own papermill run would.
    """
    import warnings

    warnings.filterwarnings("ignore")
    import papermill

    from community_resolutions import areas, publish
    from community_resolutions.kernel import WarmKernel

    kernel = publish.kernel_name()
    folder = workdir / "report"
    folder.mkdir(parents=True, exist_ok=True)
    trivial = trivial_notebook(folder, kernel)
    parameters = {"area": FORCE, "years": YEARS, "basis": BASIS, "mirror": "", "outcome_files": ""}
    notebooks = len(publish.DEFAULT_NOTEBOOKS)

    def floor_once():
        executed = folder / "trivial-executed.ipynb"
        papermill.execute_notebook(str(trivial), str(executed), parameters={"area": FORCE}, kernel_name=kernel,
                                   cwd=str(folder), progress_bar=False)
        publish.export_html(executed, "trivial")
        return executed

    def force_report_once():
        index = publish.build(areas.force_area(FORCE), YEARS, BASIS, reports_dir=folder / "force-report",
                              log=lambda *a, **k: None, rebuild=True)  # every notebook runs each time
        return index.parent / "1-force-rate.ipynb"

    def cold_once():
        executed = publish.run_notebook("1-force-rate", parameters, folder / "cold")
        publish.export_html(executed, "How often community resolutions are used: Durham")
        return executed

    with WarmKernel() as warm_kernel:
        def warm_once():
            executed = publish.run_notebook("1-force-rate", parameters, folder / "warm", kernel=warm_kernel)
            publish.export_html(executed, "How often community resolutions are used: Durham")
            return executed

        floor_once()  # warm-ups (first kernel start, disk cache, the warm kernel's first notebook); not counted
        warm_once()
        sides = {"floor": floor_once, "force_report": force_report_once, "warm": warm_once, "cold": cold_once}
        results: dict = {name: [] for name in sides} | {f"{name}_cpu": [] for name in sides} | {
            f"{name}_breakdown": [] for name in sides}
        for number in range(repeats):
            for name, once in sides.items():
                started, cpu = timed_cpu()
                executed = once()
                ended, cpu_end = timed_cpu()
                wall, cpu_used = ended - started, cpu_end - cpu
                if name == "force_report":  # per notebook execution (the editor's page and index included)
                    wall, cpu_used = wall / notebooks, cpu_used / notebooks
                results[name].append(wall)
                results[f"{name}_cpu"].append(cpu_used)
                results[f"{name}_breakdown"].append(papermill_breakdown(executed))
                each = " per notebook" if name == "force_report" else ""
                say(f"    {name} run {number + 1}/{repeats}: {wall:.2f} s wall{each}, "
                    f"{cpu_used:.2f} s CPU")
    results.update(kernel=kernel, notebooks_per_report=notebooks)
    return results


# =========================================================================== national count


def national_executions(notebooks: int) -> dict:
    with open(REFERENCE / "forces.csv", newline="", encoding="utf-8") as handle:
        forces = [row["force"] for row in csv.DictReader(handle)]
    with open(REFERENCE / "regions.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    regions = sorted({row["region"] for row in rows})
    per_region = {r: sum(1 for row in rows if row["region"] == r) for r in regions}
    unique_areas = len(forces) + len(regions)
    every_region_build = sum(1 + n for n in per_region.values())  # publish.build per region repeats shared forces
    return {"forces": len(forces), "regions": len(regions), "notebooks": notebooks,
            "unique_areas": unique_areas, "executions": unique_areas * notebooks,
            "executions_if_build_per_region": every_region_build * notebooks}


# =========================================================================== main run


def fmt_s(x: float) -> str:
    if x != x:
        return "n/a"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt_gib(b: float) -> str:
    return f"{b / GIB:.2f} GiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small files and two notebooks: a few minutes")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each timing (default 3)")
    parser.add_argument("--slow-repeats", type=int, default=None,
                        help="repeats of pandas' default readers (default: 1 full, 2 quick)")
    parser.add_argument("--batch-repeats", type=int, default=1, help="repeats of each region batch (default 1)")
    parser.add_argument("--xlsx-rows", type=int, default=None)
    parser.add_argument("--ods-rows", type=int, default=None)
    parser.add_argument("--only", default="ingest,cache,report,batch,national,policeuk",
                        help="comma-separated parts: ingest (items 1 and 5), cache, report, batch, national (issue 16 "
                             "item 2: the national batch cold and rerun), policeuk (item 6)")
    parser.add_argument("--policeuk-archive", default=None,
                        help="an existing synthetic police.uk archive folder (default: written into the work folder)")
    parser.add_argument("--no-profile", action="store_true", help="do not profile missed targets")
    parser.add_argument("--workdir", default=None, help="work folder (default: a temporary folder, removed after)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        spec = json.loads(args.child)
        result = CHILDREN[spec["mode"]](spec)
        result["vmhwm_bytes"] = vm_hwm_bytes()
        Path(spec["out"]).write_text(json.dumps(result))
        return 0

    mode = "quick" if args.quick else "full"
    settings = dict(QUICK if args.quick else FULL)
    if args.xlsx_rows:
        settings["xlsx_rows"] = args.xlsx_rows
    if args.ods_rows:
        settings["ods_rows"] = args.ods_rows
    slow_repeats = args.slow_repeats or settings["slow_repeats"]
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="cr-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")

    facts = machine()
    say(f"Benchmarks ({mode}), {facts['nproc']} CPUs, {facts['memory_gib']} GiB, load {facts['load_average_at_start']}; "
        f"work folder {workdir}")
    results: dict = {"mode": mode, "started": stamp, "machine": facts, "settings": {
        **{k: v for k, v in settings.items() if k not in ("batch_notebooks", "national_notebooks")}, "repeats": args.repeats,
        "slow_repeats": slow_repeats, "batch_repeats": args.batch_repeats}, "rows": [], "raw": {}}
    rows = results["rows"]

    def add(item, what, subject, baseline, subject_runs, baseline_runs, target_text, met, note="",
            subject_cpu=None, baseline_cpu=None, higher_is_better=True):
        s, b = median(subject_runs), median(baseline_runs) if baseline_runs else float("nan")
        r = ratio(b, s) if baseline_runs else float("nan")
        cpu_r = ratio(median(baseline_cpu), median(subject_cpu)) if subject_cpu and baseline_cpu else float("nan")
        row = {"item": item, "what": what, "subject": subject, "baseline": baseline,
               "subject_median_s": s, "subject_runs": len(subject_runs), "baseline_median_s": b,
               "baseline_runs": len(baseline_runs), "ratio": r, "cpu_ratio": cpu_r,
               "subject_cpu_median_s": median(subject_cpu) if subject_cpu else None,
               "baseline_cpu_median_s": median(baseline_cpu) if baseline_cpu else None,
               "target": target_text, "met": met, "note": note}
        rows.append(row)
        return row

    from community_resolutions import synthetic

    # ------------------------------------------------------------------ items 1 and 5: ingestion
    if "ingest" in parts or "cache" in parts:
        xlsx = workdir / "synthetic-bench-2024-layout.xlsx"
        ods = workdir / "synthetic-bench-2019-layout.ods"
        say(f"\nMaking synthetic workbooks: xlsx {settings['xlsx_rows']:,} rows, ods {settings['ods_rows']:,} rows ...")
        started = time.perf_counter()
        truth = synthetic.make_workbook(xlsx, layout="xlsx-2024", rows=settings["xlsx_rows"], seed=7)
        xlsx_years = sorted(truth["financial_year"].unique())
        del truth
        synthetic.make_workbook(ods, layout="ods-2019", rows=settings["ods_rows"], seed=7)
        say(f"  made in {time.perf_counter() - started:.1f} s: xlsx {xlsx.stat().st_size / 1e6:.1f} MB "
            f"(years {', '.join(xlsx_years)}), ods {ods.stat().st_size / 1e6:.1f} MB")
        results["files"] = {"xlsx": {"rows": settings["xlsx_rows"], "mb": round(xlsx.stat().st_size / 1e6, 1)},
                            "ods": {"rows": settings["ods_rows"], "mb": round(ods.stat().st_size / 1e6, 1)}}
        sheets = {xlsx: synthetic.data_sheet_name("xlsx-2024", "2017/18"),
                  ods: synthetic.data_sheet_name("ods-2019", "2017/18")}

    if "ingest" in parts:
        say("\nItem 1: ingestion, each run a fresh process (package loader and pandas default alternate)")
        base = run_child({"mode": "ingest", "engine": "baseline", "path": str(xlsx)}, workdir)
        results["raw"]["import_baseline_maxrss_bytes"] = base["maxrss_bytes"]
        for path, label, engine_name, target_key in ((xlsx, "xlsx", "openpyxl", "xlsx_speedup"),
                                                      (ods, "ods", "odf", "ods_speedup")):
            package, pandas_runs = [], []
            for number in range(max(args.repeats, slow_repeats)):
                if number < args.repeats:
                    package.append(run_child({"mode": "ingest", "engine": "package", "path": str(path)}, workdir))
                    p = package[-1]
                    say(f"    {label} package run {number + 1}: {p['seconds']:.2f} s, {p['cpu_call_seconds']:.2f} s CPU, "
                        f"peak {fmt_gib(p['maxrss_bytes'])}, {p['rows']:,} rows")
                if number < slow_repeats:
                    pandas_runs.append(run_child({"mode": "ingest", "engine": "pandas", "path": str(path),
                                                  "sheet": sheets[path]}, workdir))
                    p = pandas_runs[-1]
                    say(f"    {label} pandas/{engine_name} run {number + 1}: {p['seconds']:.2f} s, "
                        f"{p['cpu_call_seconds']:.2f} s CPU, peak {fmt_gib(p['maxrss_bytes'])}, {p['rows']:,} rows")
            results["raw"][f"ingest_{label}"] = {"package": package, "pandas": pandas_runs}
            speed = ratio(median([p["seconds"] for p in pandas_runs]), median([p["seconds"] for p in package]))
            target = TARGETS[target_key]
            rows_n = settings[f"{label}_rows"]
            add(1, f"ingest {label} ({rows_n:,} rows, {results['files'][label]['mb']} MB)",
                "readers.read_outcomes_file(cache=False) [calamine]", f"pd.read_excel default ({engine_name})",
                [p["seconds"] for p in package], [p["seconds"] for p in pandas_runs],
                f">= {target:g}x faster", speed >= target,
                note=(f"pandas' default reader run {len(pandas_runs)} time(s) (slow); each run a fresh process, the read "
                      "call only timed (process start and imports excluded); CPU = process_time of the call, all threads"),
                subject_cpu=[p["cpu_call_seconds"] for p in package],
                baseline_cpu=[p["cpu_call_seconds"] for p in pandas_runs])
            # item 5: peak memory of the same runs
            peak = max(p["maxrss_bytes"] for p in package)
            pandas_peak = max(p["maxrss_bytes"] for p in pandas_runs)
            memory_row = {"item": 5, "what": f"peak memory, ingest {label} ({results['files'][label]['mb']} MB)",
                          "subject": "package loader", "baseline": f"pd.read_excel default ({engine_name})",
                          "subject_peak_bytes": peak, "baseline_peak_bytes": pandas_peak,
                          "import_baseline_bytes": base["maxrss_bytes"],
                          "method": ("ru_maxrss from getrusage(RUSAGE_CHILDREN) in a small launcher whose only child is the "
                                     "reading process (largest of the runs); cross-check, the child's own VmHWM: "
                                     f"{fmt_gib(max(p['vmhwm_bytes'] for p in package))}")}
            if label == "xlsx":
                memory_row["target"] = f"< {TARGETS['ingest_memory_gib']:g} GiB"
                memory_row["met"] = peak < TARGETS["ingest_memory_gib"] * GIB
                memory_row["note"] = ("the target names a 40 MB workbook; this file is "
                                      f"{results['files'][label]['mb']} MB" + (" (quick mode: not the target size)"
                                                                               if args.quick else ""))
            rows.append(memory_row)

    # ------------------------------------------------------------------ item 2: the cache
    if "cache" in parts:
        say("\nItem 2: cached load (parquet, keyed by SHA-256) vs parsing the workbook again, alternating, one process")
        cache = run_child({"mode": "cache", "path": str(xlsx), "cache": str(workdir / "cache"),
                           "repeats": args.repeats}, workdir)
        results["raw"]["cache"] = cache
        cached, parsed = median(cache["cached"]), median(cache["parsed"])
        speed = ratio(parsed, cached)
        say(f"    first load (parse + write parquet) {cache['first_seconds']:.2f} s; cached {cache['cached']}; "
            f"parse again {cache['parsed']}; same table: {cache['same_table']}")
        add(2, f"cached load of the xlsx ({settings['xlsx_rows']:,} rows)", "read_outcomes_file(cache=True), warm",
            "read_outcomes_file(cache=False)", cache["cached"], cache["parsed"],
            f"< {TARGETS['cache_seconds']:g} s and >= {TARGETS['cache_speedup']:g}x",
            cached < TARGETS["cache_seconds"] and speed >= TARGETS["cache_speedup"],
            note=(f"of which SHA-256 {median(cache['sha256']):.3f} s, read_parquet {median(cache['read_parquet']):.3f} s; "
                  f"parquet {cache['parquet_bytes'] / 1e6:.1f} MB; report load (load_totals(files=[xlsx])) "
                  f"{median(cache['report_load']):.3f} s"))

    # ------------------------------------------------------------------ item 3: one report vs the floor
    if "report" in parts:
        say("\nItem 3: notebook executions (papermill + HTML export) vs a trivial notebook through the same path")
        report = measure_report(workdir, args.repeats)
        results["raw"]["report"] = report
        floor = median(report["floor"])
        target = TARGETS["report_vs_floor"]
        sides = (
            ("force_report", "one force report end to end, per notebook execution",
             f"publish.build(Durham): {report['notebooks_per_report']} notebooks + editor page, one kernel; total / "
             f"{report['notebooks_per_report']}"),
            ("warm", "one notebook in the report's running kernel", "1-force-rate (Durham), kernel reused"),
            ("cold", "one notebook alone in a fresh kernel (a papermill run by hand)", "1-force-rate (Durham), own kernel"),
        )
        for key, what, subject in sides:
            times = ratio(median(report[key]), floor)
            breakdown = report[f"{key}_breakdown"][len(report[f"{key}_breakdown"]) // 2]
            add(3, what, subject, "floor: trivial notebook, papermill with its own kernel + export",
                report[key], report["floor"], f"<= {target:g}x the floor", times <= target,
                note=(f"{key}/floor = {times:.2f}x; 1-force-rate in this side: papermill {breakdown['papermill_seconds']:.2f} s "
                      f"of which cells {breakdown['cells_seconds']:.2f} s (slowest cells "
                      f"{[(i, round(d, 2)) for i, d in breakdown['slowest_cells']]})"),
                subject_cpu=report[f"{key}_cpu"], baseline_cpu=report["floor_cpu"])
            rows[-1]["ratio_meaning"] = f"{key} / floor (lower is better)"
            rows[-1]["ratio"] = times
            rows[-1]["cpu_ratio"] = ratio(median(report[f"{key}_cpu"]), median(report["floor_cpu"]))

    # ------------------------------------------------------------------ item 4: a region's batch
    if "batch" in parts:
        from community_resolutions import publish

        notebooks = settings["batch_notebooks"] or publish.DEFAULT_NOTEBOOKS
        say(f"\nItem 4: region batch ({REGION}, {len(notebooks)} notebooks), workers=1 then workers=2")
        floor = median(results["raw"]["report"]["floor"]) if "report" in results["raw"] else None
        if floor is None:
            report = measure_report(workdir, args.repeats)
            results["raw"]["report"] = report
            floor = median(report["floor"])
        batch = {1: [], 2: []}
        for number in range(args.batch_repeats):
            for workers in (1, 2):
                run = run_child({"mode": "batch", "area": REGION, "notebooks": list(notebooks), "workers": workers,
                                 "reports": str(workdir / f"reports-w{workers}-{number}")}, workdir, sample_tree=True)
                batch[workers].append(run)
                say(f"    workers={workers} run {number + 1}: {run['seconds']:.1f} s, {run['executions']} executions, "
                    f"{run['cpu_seconds']:.0f} s CPU, largest process {fmt_gib(run['maxrss_bytes'])}, "
                    f"tree peak {fmt_gib(run['tree_peak_bytes'])} ({run['tree_peak_processes']} processes)")
                shutil.rmtree(workdir / f"reports-w{workers}-{number}", ignore_errors=True)
        results["raw"]["batch"] = {str(k): v for k, v in batch.items()}
        executions = batch[1][0]["executions"]
        ideal = floor * executions
        sequential = median([r["seconds"] for r in batch[1]])
        parallel = median([r["seconds"] for r in batch[2]])
        per_nb = {}
        for run in batch[1]:
            for name, durations in run["per_notebook"].items():
                per_nb.setdefault(name, []).extend(durations)
        overhead = median([x for run in batch[1] for x in run["kernel_overhead"]])
        slowest = sorted(((median(v), k) for k, v in per_nb.items()), reverse=True)
        results["raw"]["batch_per_notebook_median_papermill_s"] = {k: median(v) for k, v in per_nb.items()}
        target = TARGETS["batch_vs_floor"]
        # The target: the batch against floor x executions, with JOBS=1 and JOBS=2. A stricter
        # reading for JOBS=2 (two cores should halve the ideal) is shown as its own row.
        for workers, seconds, divisor in ((1, sequential, 1), (2, parallel, 1), (2, parallel, 2)):
            ideal_here = ideal / divisor
            what = f"region batch, workers={workers} ({executions} executions)" + (
                ", per core (stricter reading: ideal halved)" if divisor == 2 else "")
            add(4, what, f"publish.build({REGION}, workers={workers})",
                f"floor x {executions}{' / 2' if divisor == 2 else ''} = {ideal_here:.1f} s",
                [r["seconds"] for r in batch[workers]], [ideal_here],
                f"<= {target:g}x floor x executions{' / 2' if divisor == 2 else ''}", seconds / ideal_here <= target,
                note=(f"batch / ideal = {seconds / ideal_here:.2f}x" + (
                      f"; speed-up over workers=1 {ratio(sequential, parallel):.2f}x" if workers == 2 else
                      "; papermill per notebook (median, s): " + ", ".join(f"{k} {v:.1f}" for v, k in slowest[:4])
                      + f"; papermill outside the cells (reset, messages, saving) {overhead:.2f} s per execution")))
            rows[-1]["ratio"] = seconds / ideal_here
            rows[-1]["ratio_meaning"] = "batch / ideal (lower is better)"
        national = national_executions(len(publish.DEFAULT_NOTEBOOKS))
        per_exec_seq = sequential / executions
        per_exec_par = parallel / executions
        national["estimate_seconds_workers_1"] = per_exec_seq * national["executions"]
        national["estimate_seconds_workers_2"] = per_exec_par * national["executions"]
        national["floor_seconds"] = floor * national["executions"]
        national["basis"] = (f"per-execution time of this batch ({len(notebooks)} notebooks) x {national['executions']} "
                             "executions; the england-and-wales region's pages (44 forces) may take longer than the "
                             "average page here")
        results["national"] = national
        batch_memory = {"item": 5, "what": f"peak memory, region batch ({executions} executions)",
                        "subject": "workers=1 / workers=2", "baseline": "",
                        "subject_peak_bytes": max(r["maxrss_bytes"] for r in batch[1]),
                        "parallel_peak_bytes": max(r["maxrss_bytes"] for r in batch[2]),
                        "tree_peak_bytes_workers_1": max(r["tree_peak_bytes"] for r in batch[1]),
                        "tree_peak_bytes_workers_2": max(r["tree_peak_bytes"] for r in batch[2]),
                        "method": ("largest single process: ru_maxrss from getrusage(RUSAGE_CHILDREN) in a launcher "
                                   "(the batch process and the kernels it reaped); whole tree: summed RSS of the batch process "
                                   "and its kernels, sampled "
                                   "every 0.2 s with psutil"), "target": "(no target stated)", "met": None}
        rows.append(batch_memory)

    # ------------------------------------------------------------------ issue 16 item 2: the national batch
    if "national" in parts:
        from community_resolutions import publish

        notebooks = settings["national_notebooks"] or publish.DEFAULT_NOTEBOOKS
        chosen = settings["national_areas"]
        what_areas = f"{len(chosen)} areas ({', '.join(chosen)})" if chosen else "every force and region"
        say(f"\nNational batch (publish.build_all, {what_areas}, {len(notebooks)} notebooks, workers={NATIONAL_WORKERS}): "
            "cold, then a rerun with nothing changed")
        if "report" in results["raw"]:
            floor_runs = results["raw"]["report"]["floor"]
        else:
            floor_runs = results["raw"].setdefault("floor", measure_floor(workdir, args.repeats))
        floor = median(floor_runs)
        reports = workdir / "national"
        spec = {"mode": "national", "areas": chosen, "notebooks": list(notebooks), "workers": NATIONAL_WORKERS,
                "reports": str(reports)}
        cold = run_child({**spec, "rebuild": True}, workdir, sample_tree=True)
        say(f"    cold: {cold['seconds']:.1f} s, {cold['executed']} notebook executions for {cold['areas']} areas, "
            f"{cold['cpu_seconds']:.0f} s CPU; failed: {len(cold['failed'])}")
        warm = run_child({**spec, "rebuild": False}, workdir)
        say(f"    rerun, nothing changed: {warm['seconds']:.2f} s, {warm['executed']} executions, "
            f"{warm['reused_areas']} of {warm['areas']} areas reused")
        results["raw"]["national"] = {"cold": cold, "warm": warm, "floor": floor_runs}
        share = warm["seconds"] / cold["seconds"]
        add("16.2", f"national batch rerun, nothing changed ({warm['areas']} areas)", "build_all again, same folder",
            "the cold build_all (rebuild)", [warm["seconds"]], [cold["seconds"]],
            f"< {TARGETS['national_rerun_share'] * 100:g}% of the cold run", share < TARGETS["national_rerun_share"],
            note=f"rerun / cold = {share * 100:.2f}%; {warm['executed']} notebooks executed in the rerun")
        rows[-1]["ratio"], rows[-1]["ratio_meaning"] = share, "rerun / cold (lower is better)"
        rows[-1]["ratio_text"] = f"{share * 100:.2f}% (rerun / cold)"
        ideal = floor * cold["executed"] / NATIONAL_WORKERS
        per_notebook = cold["seconds"] / ideal
        add("16.2", f"national batch cold, per notebook ({cold['executed']} executions, {NATIONAL_WORKERS} workers)",
            "build_all(rebuild=True)", f"floor x executions / workers = {floor:.2f} x {cold['executed']} / "
            f"{NATIONAL_WORKERS} = {ideal:.1f} s", [cold["seconds"]], [ideal],
            f"<= {TARGETS['national_vs_floor']:g}x floor x notebooks / workers", per_notebook <= TARGETS["national_vs_floor"],
            note=(f"measured {per_notebook:.2f}x against the target {TARGETS['national_vs_floor']:g}x; "
                  f"{cold['seconds'] / max(1, cold['executed']):.2f} s per execution, floor {floor:.2f} s"))
        rows[-1]["ratio"], rows[-1]["ratio_meaning"] = per_notebook, "batch / ideal (lower is better)"
        say(f"    => rerun {share * 100:.2f}% of the cold run (target < {TARGETS['national_rerun_share'] * 100:g}%: "
            f"{'met' if share < TARGETS['national_rerun_share'] else 'NOT met'}); cold per notebook {per_notebook:.2f}x the "
            f"floor x notebooks / workers (target {TARGETS['national_vs_floor']:g}x: "
            f"{'met' if per_notebook <= TARGETS['national_vs_floor'] else 'NOT met'})")
        if not args.keep:
            shutil.rmtree(reports, ignore_errors=True)

    # ------------------------------------------------------------------ item 6: the police.uk archive
    if "policeuk" in parts:
        months, compare = settings["policeuk_months"], settings["policeuk_compare_months"]
        say(f"\nItem 6: police.uk archive (synthetic, 44 forces x {months} months): DuckDB reader vs the pandas reader")
        root = policeuk_archive(workdir, months, args.policeuk_archive)
        whole = archive_facts(root)
        part = archive_slice(root, compare, workdir / f"policeuk-first-{compare}-months") if compare < whole["months"] else root
        facts_part = archive_facts(part)
        results["files"] = {**results.get("files", {}), "policeuk_whole": whole, "policeuk_compared": facts_part}
        say(f"  archive: {whole['files']} files, {whole['gb']} GB; compared side by side on {facts_part['months']} months "
            f"({facts_part['files']} files, {facts_part['gb']} GB)")
        duck, pandas_runs = [], []
        for number in range(max(args.repeats, slow_repeats)):
            if number < args.repeats:
                duck.append(run_child({"mode": "policeuk", "engine": "duckdb", "path": str(part)}, workdir))
                say(f"    duckdb run {number + 1}: {duck[-1]['seconds']:.1f} s, peak {fmt_gib(duck[-1]['maxrss_bytes'])}, "
                    f"{duck[-1]['rows']:,} rows")
            if number < slow_repeats:
                pandas_runs.append(run_child({"mode": "policeuk", "engine": "pandas", "path": str(part)}, workdir))
                say(f"    pandas run {number + 1}: {pandas_runs[-1]['seconds']:.1f} s, "
                    f"peak {fmt_gib(pandas_runs[-1]['maxrss_bytes'])}, {pandas_runs[-1]['rows']:,} rows")
        same = all(r["checksum"] == duck[0]["checksum"] for r in duck + pandas_runs)
        results["raw"]["policeuk"] = {"duckdb": duck, "pandas": pandas_runs}
        speed = ratio(median([r["seconds"] for r in pandas_runs]), median([r["seconds"] for r in duck]))
        add(6, f"police.uk archive, {facts_part['months']} months x 44 forces ({duck[0]['rows']:,} rows, {facts_part['gb']} GB)",
            "policeuk_duckdb.count_archive", "policeuk.read_archive + monthly_counts + lsoa_counts (pandas)",
            [r["seconds"] for r in duck], [r["seconds"] for r in pandas_runs],
            f">= {TARGETS['policeuk_speedup']:g}x faster", speed >= TARGETS["policeuk_speedup"],
            note=(f"same totals from both readers: {same}; pandas run {len(pandas_runs)} time(s); each run a fresh process, "
                  f"the read only timed"),
            subject_cpu=[r["cpu_call_seconds"] for r in duck], baseline_cpu=[r["cpu_call_seconds"] for r in pandas_runs])
        whole_runs = duck if part == root else [run_child({"mode": "policeuk", "engine": "duckdb", "path": str(root)}, workdir)]
        if part != root:
            say(f"    duckdb, whole archive: {whole_runs[0]['seconds']:.1f} s, peak {fmt_gib(whole_runs[0]['maxrss_bytes'])}, "
                f"{whole_runs[0]['rows']:,} rows")
        results["raw"]["policeuk_whole"] = whole_runs
        peak = max(r["maxrss_bytes"] for r in whole_runs)
        rows.append({"item": 6, "what": f"peak memory, police.uk archive ({whole['months']} months x 44 forces, "
                                        f"{whole['gb']} GB; "
                                        f"DuckDB {whole_runs[0]['seconds']:.0f} s)",
                     "subject": "DuckDB reader, whole archive", "baseline": f"pandas reader, {facts_part['months']} months",
                     "subject_peak_bytes": peak, "baseline_peak_bytes": max(r["maxrss_bytes"] for r in pandas_runs),
                     "target": f"< {TARGETS['policeuk_memory_gib']:g} GiB", "met": peak < TARGETS["policeuk_memory_gib"] * GIB,
                     "method": "ru_maxrss from getrusage(RUSAGE_CHILDREN) in a launcher whose only child is the reading process"})
        if part != root:
            shutil.rmtree(part, ignore_errors=True)
        if root.parent == workdir and not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    # ------------------------------------------------------------------ profiles of misses
    profiles = {}
    if not args.no_profile:
        missed = {row["item"] for row in rows if row.get("met") is False}
        wanted = []
        if any(row.get("met") is False and row["item"] == 1 for row in rows) or 5 in missed:
            wanted.append(("package-ingest", {"path": str(xlsx)}))
        if 2 in missed:
            wanted.append(("cached-load", {"path": str(xlsx), "cache": str(workdir / "cache")}))
        if 3 in missed or 4 in missed or "16.2" in missed:
            wanted.append(("notebook", {"notebook": "1-force-rate",
                                        "parameters": {"area": FORCE, "years": YEARS, "basis": BASIS, "mirror": "",
                                                       "outcome_files": "",
                                                       "output_dir": str(workdir / "profile-notebook")}}))
        for what, extra in wanted:
            report_path = RESULTS / f"profile-{mode}-{what}.txt"
            say(f"\nProfiling (pyinstrument) {what} → {report_path.relative_to(ROOT)}")
            try:
                run_child({"mode": "profile", "what": what, "report": str(report_path), **extra}, workdir)
                profiles[what] = str(report_path.relative_to(ROOT))
            except RuntimeError as error:
                say(f"  profile failed: {error}")
    results["profiles"] = profiles

    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["finished"] = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    markdown = render_markdown(results)
    say("\n" + markdown)
    for name in (f"{mode}-{stamp}", f"{mode}-latest"):
        (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2, default=str))
        (RESULTS / f"{name}.md").write_text(markdown)
    say(f"Results: {(RESULTS / f'{mode}-{stamp}.md').relative_to(ROOT)} and .json")
    if not args.keep and not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def render_markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"# Benchmarks ({results['mode']}), {results['started']}",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB RAM, Python {m['python']}, "
        f"pandas {m['versions'].get('pandas')}, python-calamine {m['versions'].get('python_calamine')}; "
        f"load average {m['load_average_at_start']} at start, {m.get('load_average_at_end')} at end "
        "(shared machine: compare the ratios, not the seconds).",
        "",
        f"Repeats: {results['settings']['repeats']} per timing (median shown); pandas' default readers "
        f"{results['settings']['slow_repeats']}; each batch {results['settings']['batch_repeats']}.",
        "",
        "| # | measurement | subject | baseline | subject median s (n) | baseline median s (n) | ratio | CPU ratio | target "
        "| met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results["rows"]:
        met = {True: "**yes**", False: "**NO**", None: "–"}[row.get("met")]
        if "subject_peak_bytes" in row:
            if "parallel_peak_bytes" in row:
                subject = (f"largest process {fmt_gib(row['subject_peak_bytes'])} / {fmt_gib(row['parallel_peak_bytes'])}; "
                           f"whole tree {fmt_gib(row['tree_peak_bytes_workers_1'])} / "
                           f"{fmt_gib(row['tree_peak_bytes_workers_2'])}")
                lines.append(f"| {row['item']} | {row['what']} | {row['subject']} | | {subject} | | | | {row['target']} "
                             f"| {met} |")
            else:
                lines.append(
                    f"| {row['item']} | {row['what']} | {row['subject']} | {row['baseline']} "
                    f"| peak {fmt_gib(row['subject_peak_bytes'])} | peak {fmt_gib(row['baseline_peak_bytes'])} "
                    f"| {row['baseline_peak_bytes'] / row['subject_peak_bytes']:.2f}x "
                    "(baseline peak / package peak) "
                    f"| | {row.get('target', '(none)')} | {met} |")
            continue
        r = row["ratio"]
        ratio_text = f"{r:.2f}x" if r == r else "n/a"
        if row.get("ratio_meaning"):
            ratio_text += f" ({row['ratio_meaning']})"
        ratio_text = row.get("ratio_text") or ratio_text
        cpu = f"{row['cpu_ratio']:.2f}x" if row.get("cpu_ratio") == row.get("cpu_ratio") and row.get("cpu_ratio") else ""
        lines.append(
            f"| {row['item']} | {row['what']} | {row['subject']} | {row['baseline']} | "
            f"{fmt_s(row['subject_median_s'])} ({row['subject_runs']}) | "
            f"{fmt_s(row['baseline_median_s'])} ({row['baseline_runs']}) | "
            f"{ratio_text} | {cpu} | {row['target']} | {met} |")
    lines += ["", "Notes:", ""]
    for row in results["rows"]:
        note = "; ".join(x for x in (row.get("note"), row.get("method")) if x)
        if note:
            lines.append(f"- ({row['item']}) {row['what']}: {note}")
    if results["raw"].get("import_baseline_maxrss_bytes"):
        lines.append(f"- (5) a child process that only imports pandas, openpyxl, odfpy and the package peaks at "
                     f"{fmt_gib(results['raw']['import_baseline_maxrss_bytes'])}.")
    national = results.get("national")
    if national:
        lines += ["", "National batch (extrapolated):", "",
                  f"- {national['forces']} forces + {national['regions']} regions = {national['unique_areas']} areas x "
                  f"{national['notebooks']} notebooks = **{national['executions']} executions** "
                  f"({national['executions_if_build_per_region']} if every region were built with publish.build, "
                  "which repeats forces shared between regions).",
                  f"- Estimate: workers=1 {national['estimate_seconds_workers_1'] / 60:.0f} min, workers=2 "
                  f"{national['estimate_seconds_workers_2'] / 60:.0f} min; floor x executions "
                  f"{national['floor_seconds'] / 60:.0f} min. Basis: {national['basis']}."]
    if results.get("profiles"):
        lines += ["", "Profiles of missed targets (pyinstrument, text): "
                  + ", ".join(f"{k}: `{v}`" for k, v in results["profiles"].items())]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
