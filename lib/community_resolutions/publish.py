"""Batch runs: papermill per area, nbconvert to offline HTML, an index page per run.

Layout of ``reports/``:

* a region: ``reports/<region>/index.html`` and ``reports/<region>/<area>/`` for the region
  itself and for each of its forces (executed notebook, HTML page, findings JSON, chart CSVs);
* a single force: ``reports/<force>/index.html`` and the files beside it.

A run is built in a staging folder and only replaces the earlier output when every notebook
has run and exported; a failed run leaves the earlier good reports untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import areas, buildkey
from .definitions import NOTEBOOK_TITLES, STANDALONE_NOTEBOOKS as STANDALONE_NOTEBOOKS
from .findings import atomic_write_text
from .kernel import KernelPool, WarmKernel, kernel_name  # kernel_name: also used by tests and benchmarks
from .paths import NOTEBOOKS_DIR, REPORTS_DIR
from .safehtml import defuse_notebook
from .templating import stylesheet
from .version import package_version

TEMPLATES = Path(__file__).with_name("templates")
DEFAULT_NOTEBOOKS = tuple(name for name in NOTEBOOK_TITLES if (NOTEBOOKS_DIR / f"{name}.ipynb").exists())
PAGE_HIDDEN_TAG = "notebook-only"  # cells for the notebook reader (how to run, method), not the editor's page


class AreaPages(list):
    """An area's pages (a list of :class:`Page`), and whether its page to publish from was reused
    from the earlier run (``page_reused``) rather than assembled again."""

    page_reused: bool = False


@dataclass(frozen=True)
class Page:
    """One executed notebook for one area."""

    area: areas.Area
    notebook: str
    html: Path
    findings: Path
    reused: bool = False  # linked from the earlier run (same build key), not run again


def run_notebook(notebook: str, parameters: dict, output_dir: Path, kernel: WarmKernel | None = None) -> Path:
    """Execute ``notebooks/<notebook>.ipynb`` with papermill; returns the executed notebook.

    With ``kernel`` the notebook runs in that already-started kernel (a batch reuses one per
    worker, see :mod:`.kernel`); without, in a fresh kernel of its own, as a user's papermill would.
    """
    import papermill

    source = NOTEBOOKS_DIR / f"{notebook}.ipynb"
    if not source.exists():
        known = ", ".join(sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")))
        raise FileNotFoundError(f"no notebook {source}; known notebooks: {known}")
    output_dir.mkdir(parents=True, exist_ok=True)
    executed = output_dir / f"{notebook}.ipynb"
    parameters = {**parameters, "output_dir": str(output_dir)}
    if kernel is not None:
        return kernel.run(source, executed, parameters)
    papermill.execute_notebook(
        str(source), str(executed), parameters=parameters,
        kernel_name=kernel_name(), cwd=str(NOTEBOOKS_DIR), progress_bar=False,
    )
    return executed


_exporters = threading.local()


def _html_exporter():
    """This thread's exporter (its templates are compiled once, not once per page)."""
    from nbconvert import HTMLExporter

    if not hasattr(_exporters, "html"):
        _exporters.html = HTMLExporter(
            template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True,
            optimistic_validation=True,  # validate once after all preprocessors, not after each (nbconvert#1663)
        )
    return _exporters.html


def export_html(executed: Path, title: str) -> Path:
    """Export an executed notebook to a page with no code, charts embedded, nothing fetched online."""
    notebook = nbformat.read(executed, as_version=4)
    notebook.cells = [c for c in notebook.cells if PAGE_HIDDEN_TAG not in c.metadata.get("tags", [])]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    notebook.metadata["title"] = title
    defuse_notebook(notebook)  # markup a notebook built from a user's text is shown as text, never run
    exporter = _html_exporter()
    body, _ = exporter.from_notebook_node(notebook, resources={"stylesheet": stylesheet()})  # the one all pages share
    return atomic_write_text(executed.with_suffix(".html"), body)


def run_area(area: areas.Area, folder: Path, years: str, basis: str, mirror: str,
             notebooks: tuple[str, ...] = DEFAULT_NOTEBOOKS, outcomes: str = "", policeuk: str = "",
             banners: dict[str, str] | None = None, kernel: WarmKernel | None = None, local_area: str = "",
             reuse_from: Path | None = None) -> list[Page]:
    """Run and export every notebook for one area into ``folder``, all in one kernel
    (``kernel``, or one started for this area); ``local_area`` (a council area) goes to the police.uk page.

    With ``reuse_from`` (the area's earlier folder), a notebook whose build key is unchanged
    (:mod:`.buildkey`) is linked from there instead of run again, and so is the page to publish from
    when nothing changed. The keys are written last (``folder/.build-key.json``), once every page is done.
    """
    areas.check_slug(area.slug, f"area {area.name!r}")
    keys = area_keys(area, notebooks, years, basis, mirror, outcomes, policeuk, banners, local_area)
    old = buildkey.read_keys(reuse_from) if reuse_from is not None else {}
    todo = [n for n in notebooks if not _reusable(reuse_from, n, old, keys)]
    if kernel is None and todo:
        with WarmKernel() as own:
            return run_area(area, folder, years, basis, mirror, notebooks, outcomes, policeuk, banners, own, local_area,
                            reuse_from)
    folder.mkdir(parents=True, exist_ok=True)
    pages = AreaPages()
    for notebook in notebooks:
        if notebook not in todo:
            assert reuse_from is not None  # only a notebook found in reuse_from is left out of todo
            for source in buildkey.notebook_files(reuse_from, notebook):
                buildkey.link_or_copy(source, folder / source.name)
            pages.append(Page(area, notebook, folder / f"{notebook}.html", folder / f"{notebook}.findings.json", True))
            continue
        params = {"area": area.slug, "years": years, "basis": basis, "mirror": mirror, "outcome_files": outcomes}
        if notebook == "8-police-uk" and policeuk:
            params["policeuk"] = policeuk
        if notebook == "8-police-uk" and local_area:
            params["local_area"] = local_area
        executed = run_notebook(notebook, params, folder, kernel=kernel)
        page = export_html(executed, f"{NOTEBOOK_TITLES.get(notebook, notebook)}: {area.name}")
        pages.append(Page(area, notebook, page, folder / f"{notebook}.findings.json"))
    from .assemble import assemble_page, assembled_files

    made = assembled_files(area)  # the page to publish from and its story pack
    unchanged = not todo and reuse_from is not None and old.get(buildkey.PAGE) == keys[buildkey.PAGE]
    if unchanged and reuse_from is not None and all((reuse_from / name).is_file() for name in made):
        for name in made:
            buildkey.link_or_copy(reuse_from / name, folder / name)
        pages.page_reused = True
    else:
        banners = banners or {}
        assemble_page(folder, area, mirror=mirror or None, embargo=banners.get("embargo", ""),
                      right_of_reply=banners.get("right_of_reply", ""))
    buildkey.write_keys(folder, keys)  # last: a key only ever sits beside finished pages
    return pages


def area_keys(area: areas.Area, notebooks: tuple[str, ...], years: str, basis: str, mirror: str, outcomes: str = "",
              policeuk: str = "", banners: dict[str, str] | None = None, local_area: str = "") -> dict[str, str]:
    """The build keys of an area's pages (:func:`.buildkey.area_keys`) for these parameters."""
    from .params import split_files

    return buildkey.area_keys(area.slug, tuple(notebooks), years=years, basis=basis, mirror=mirror,
                              outcomes=split_files(outcomes) if outcomes else [], policeuk=policeuk,
                              local_area=local_area, banners=banners)


def _reusable(folder: Path | None, notebook: str, old: dict[str, str], keys: dict[str, str]) -> bool:
    """Whether ``notebook``'s pages in ``folder`` were made from exactly these inputs and are all there."""
    if folder is None or old.get(notebook) != keys[notebook]:
        return False
    return all((folder / f"{notebook}{suffix}").is_file() for suffix in (".ipynb", ".html", ".findings.json"))


def reused_area(area: areas.Area, folder: Path, years: str, basis: str, mirror: str,
                notebooks: tuple[str, ...] = DEFAULT_NOTEBOOKS, outcomes: str = "", policeuk: str = "",
                banners: dict[str, str] | None = None, local_area: str = "") -> list[Page] | None:
    """The pages already in ``folder`` when every one of them (and the page to publish from) was made
    from exactly these inputs, code and parameters; else None (something must be built)."""
    if not (folder / buildkey.KEY_FILE).is_file():
        return None
    keys = area_keys(area, notebooks, years, basis, mirror, outcomes, policeuk, banners, local_area)
    old = buildkey.read_keys(folder)
    from .assemble import assembled_files

    if old.get(buildkey.PAGE) != keys[buildkey.PAGE] or not all((folder / name).is_file() for name in assembled_files(area)):
        return None
    if not all(_reusable(folder, n, old, keys) for n in notebooks):
        return None
    kept = AreaPages(Page(area, n, folder / f"{n}.html", folder / f"{n}.findings.json", True) for n in notebooks)
    kept.page_reused = True
    return kept


def build(area: areas.Area, years: str, basis: str, mirror: str = "", reports_dir: Path = REPORTS_DIR,
          notebooks: tuple[str, ...] = DEFAULT_NOTEBOOKS, log=print, workers: int = 1, outcomes: str = "", policeuk: str = "",
          banners: dict[str, str] | None = None, local_area: str = "", rebuild: bool = False) -> Path:
    """Run a force or a region (the region and each of its forces); returns the index page.
    ``local_area`` (a council area, with a force only) goes to the police.uk page.

    Areas run ``workers`` at a time; each worker keeps one kernel for all its notebooks. A page whose
    build key (:mod:`.buildkey`) matches the earlier report's is reused from it, not run again, unless
    ``rebuild``; the index is always written afresh.
    """
    areas.check_slug(area.slug, f"area {area.name!r}")  # a slug names folders: never '..' or '/'
    for name in (area.slug, f"synthetic-{area.slug}"):
        restore_interrupted(reports_dir / name)
    remove_stale_staging(reports_dir)
    staging = reports_dir / f".staging-{area.slug}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    targets: list[tuple[areas.Area, Path]]
    if area.is_force:
        targets = [(area, staging)]
    else:
        targets = [(area, staging / area.slug)] + [
            (areas.force_area(force), staging / areas.force_slug(force)) for force in area.forces
        ]
    pages: list[Page] = []
    workers = max(1, min(workers, len(targets)))
    earlier = [reports_dir / area.slug, reports_dir / f"synthetic-{area.slug}"]  # the report this run replaces

    def one(numbered: tuple[int, tuple[areas.Area, Path]]) -> list[Page]:
        number, (target, folder) = numbered
        started = time.perf_counter()
        reuse = None if rebuild else _earlier_folder(
            [e if target.slug == area.slug and area.is_force else e / target.slug for e in earlier],
            area_keys(target, notebooks, years, basis, mirror, outcomes, policeuk, banners, local_area))
        done = run_area(target, folder, years, basis, mirror, notebooks, outcomes, policeuk, banners, kernels.kernel(),
                        local_area, reuse_from=reuse)
        log(f"[{number}/{len(targets)}] {_progress(target, done, time.perf_counter() - started)}")
        return done

    try:
        with KernelPool() as kernels, ThreadPoolExecutor(max_workers=workers) as pool:
            for done in pool.map(one, enumerate(targets, start=1)):
                pages += done
    except BaseException:  # Ctrl-C too: keep the partial run aside, never over the good reports
        failed = reports_dir / f".failed-{area.slug}"
        shutil.rmtree(failed, ignore_errors=True)
        try:
            if staging.exists():
                staging.rename(failed)
        except OSError:  # a read-only or full disk: the error being raised matters more
            pass
        kept = f" The partial run is in {failed}" if failed.exists() else ""  # never name a folder that is not there
        log(f"Run failed; earlier reports are untouched.{kept}", file=sys.stderr)
        raise
    synthetic = write_index(area, staging, pages, years, basis)
    # A report made from any synthetic input says so in its folder name too.
    final = move_into_place(staging, reports_dir / (f"synthetic-{area.slug}" if synthetic else area.slug))
    return final / "index.html"


def _earlier_folder(candidates: list[Path], keys: dict[str, str]) -> Path | None:
    """Of an area's earlier folders (its report, or its synthetic report), the one whose stored build
    keys match the most of ``keys``; None when none holds a key file."""
    best, matches = None, 0
    for folder in candidates:
        old = buildkey.read_keys(folder)
        if not old:
            continue
        same = sum(1 for name, key in keys.items() if old.get(name) == key) + 1
        if same > matches:
            best, matches = folder, same
    return best


def _progress(area: areas.Area, pages: list[Page], seconds: float) -> str:
    """One line per area: how many pages were made and how many reused from the earlier run.

    >>> durham = areas.Area("durham", "Durham", "force", ("Durham",))
    >>> whole = AreaPages([Page(durham, "1", Path("1.html"), Path("1.json"), True)]); whole.page_reused = True
    >>> _progress(durham, whole, 0.1)
    'reused 1 pages for Durham (nothing changed)'
    >>> _progress(durham, [Page(durham, "1", Path("1.html"), Path("1.json"), True)], 0.4)
    'reused 1 pages for Durham; the page to publish from made again (0.4s)'
    >>> pages = [Page(durham, "1", Path("1.html"), Path("1.json"), True), Page(durham, "2", Path("2.html"), Path("2.json"))]
    >>> _progress(durham, pages, 3.2)
    'Durham: 1 pages made in 3.2s, 1 reused (unchanged)'
    """
    reused = sum(page.reused for page in pages)
    whole = getattr(pages, "page_reused", False)
    if pages and reused == len(pages) and whole:
        return f"reused {reused} pages for {area.name} (nothing changed)"
    if pages and reused == len(pages):
        return f"reused {reused} pages for {area.name}; the page to publish from made again ({seconds:.1f}s)"
    return f"{area.name}: {len(pages) - reused} pages made in {seconds:.1f}s" + (
        f", {reused} reused (unchanged)" if reused else "")


def remove_stale_staging(reports_dir: Path) -> list[Path]:
    """Remove ``.staging-<area>-<pid>`` folders left by runs that were killed (their process is gone);
    a folder of a run still going (another process, or this one) is left alone. Returns those removed.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in (".staging-durham-999999999", f".staging-durham-{os.getpid()}", ".staging-odd"):
    ...     (root / name).mkdir()
    >>> [p.name for p in remove_stale_staging(root)], len(list(root.iterdir()))
    (['.staging-durham-999999999'], 2)
    """
    removed: list[Path] = []
    if not reports_dir.is_dir():
        return removed
    for folder in sorted(reports_dir.glob(".staging-*-*")):
        pid = folder.name.rsplit("-", 1)[-1]
        if folder.is_dir() and pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this id is running (on this machine)."""
    try:
        os.kill(pid, 0)
    except PermissionError:  # another user's process
        return True
    except (ProcessLookupError, OverflowError, ValueError):  # gone, or no process could have that id
        return False
    return True


def move_into_place(staging: Path, final: Path) -> Path:
    """Replace ``final`` with a finished ``staging`` folder; the old one is kept aside until the new
    one is in place, so a good report is never lost to a failed or interrupted run.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / ".previous-durham").mkdir(); _ = (root / ".previous-durham" / "old.html").write_text("good")
    >>> _ = restore_interrupted(root / "durham")   # a run stopped between the two renames
    >>> (root / "durham" / "old.html").read_text()
    'good'
    >>> new = root / "staging"; new.mkdir(); _ = (new / "new.html").write_text("better")
    >>> sorted(p.name for p in move_into_place(new, root / "durham").iterdir()), sorted(p.name for p in root.iterdir())
    (['new.html'], ['durham'])
    """
    previous = restore_interrupted(final)
    if final.exists():
        final.rename(previous)
    staging.rename(final)
    shutil.rmtree(previous, ignore_errors=True)
    return final


def restore_interrupted(final: Path) -> Path:
    """If a run was stopped after moving the good report aside and before moving the new one in,
    put the good report back; returns the aside folder's path (``.previous-<name>``)."""
    previous = final.with_name(f".previous-{final.name}")
    if previous.exists():
        if final.exists():
            shutil.rmtree(previous, ignore_errors=True)
        else:
            previous.rename(final)
    return previous


def write_index(area: areas.Area, folder: Path, pages: list[Page], years: str, basis: str) -> bool:
    """The run's index page (``folder/index.html``): one table, one row per force (and the region),
    figures from the findings files, each row linking its pages (:mod:`.indexes`).

    Returns whether any page was synthetic."""
    from .indexes import write_run_index

    body, synthetic = write_run_index(area, folder, pages, years, basis, NOTEBOOK_TITLES, package_version())
    atomic_write_text(folder / "index.html", body)
    return synthetic


@dataclass
class BatchResult:
    """What a national batch made: pages per area, failures with a one-line error, time taken, and the
    areas reused whole from the earlier run (nothing they are made from had changed)."""

    made: dict[str, list[Page]]
    failed: dict[str, str]
    seconds: float
    reused: list[str] = field(default_factory=list)


def build_all(years: str, basis: str, mirror: str = "", reports_dir: Path = REPORTS_DIR,
              notebooks: tuple[str, ...] = DEFAULT_NOTEBOOKS, workers: int = 1, outcomes: str = "",
              policeuk: str = "", areas_to_run: list[areas.Area] | None = None,
              banners: dict[str, str] | None = None, rebuild: bool = False, log=None) -> BatchResult:
    """Every force and every region, each once, into ``reports/areas/<folder_name>/``; an index per region
    (``reports/<region>/index.html``) and ``reports/index.html`` linking them; ``reports/manifest.json``.

    One failing area never stops the others: its partial run is kept in ``reports/failed/<slug>/``
    with the failing cell visible, the index marks it with the error in one line, and the earlier
    good pages of that area (if any) stay in place.

    An area whose build key (:mod:`.buildkey`) is unchanged is left as it is; one with some pages
    changed runs only those (the others are linked from its earlier folder); ``rebuild`` runs everything.
    The indexes and the manifest are always written afresh. ``log`` (default: tqdm's own line) gets a
    line per area.
    """
    from tqdm import tqdm

    if areas_to_run is None:
        regions = sorted(set(areas.regions_table()["region"]))
        areas_to_run = [areas.force_area(f) for f in areas.all_forces()] + [areas.region(r) for r in regions]
    started = time.perf_counter()
    made: dict[str, list[Page]] = {}
    failed: dict[str, str] = {}
    home = reports_dir / "areas"
    home.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(reports_dir)

    for area in areas_to_run:
        areas.check_slug(area.slug, f"area {area.name!r}")

    def one(area: areas.Area) -> tuple[areas.Area, list[Page] | str]:
        key = folder_name(area)
        restore_interrupted(home / key)
        if not rebuild:
            kept = reused_area(area, home / key, years, basis, mirror, notebooks, outcomes, policeuk, banners)
            if kept is not None:  # nothing it is made from changed: leave the folder as it is
                return area, kept
        staging = reports_dir / f".staging-{key}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        earlier = None if rebuild or not (home / key / buildkey.KEY_FILE).is_file() else home / key
        try:
            pages = run_area(area, staging, years, basis, mirror, notebooks, outcomes, policeuk, banners, kernels.kernel(),
                             reuse_from=earlier)
        except Exception as error:  # keep going: one failing area must not stop the others
            target = reports_dir / "failed" / key
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            if staging.exists():
                staging.rename(target)
            first_line = next((line for line in str(error).splitlines() if line.strip()), type(error).__name__)
            return area, first_line[:200]
        final = move_into_place(staging, home / key)
        moved = AreaPages(Page(p.area, p.notebook, final / p.html.name, final / p.findings.name, p.reused) for p in pages)
        moved.page_reused = getattr(pages, "page_reused", False)
        return area, moved

    with KernelPool() as kernels, ThreadPoolExecutor(max_workers=max(1, workers)) as pool, \
            tqdm(total=len(areas_to_run), unit="area", desc="reports") as bar:
        say = log or bar.write
        area_started = time.perf_counter()
        for area, outcome in pool.map(one, areas_to_run):
            if isinstance(outcome, str):
                failed[folder_name(area)] = outcome
                say(f"failed: {area.name}: {outcome}")
            else:
                made[folder_name(area)] = outcome
                say(_progress(area, outcome, time.perf_counter() - area_started))
            area_started = time.perf_counter()
            bar.update(1)
    reused = [slug for slug, pages in made.items() if getattr(pages, "page_reused", False)]
    result = BatchResult(made, failed, time.perf_counter() - started, reused)
    _write_national_indexes(result, areas_to_run, reports_dir, years, basis)
    write_manifest(result, reports_dir, years, basis, outcomes)
    return result


def folder_name(area: areas.Area) -> str:
    """An area's folder in a national batch: the force's slug, or ``region-<slug>`` for a region
    (the West Midlands is both a force and a region).

    >>> folder_name(areas.region("west-midlands")), folder_name(areas.force_area("West Midlands"))
    ('region-west-midlands', 'west-midlands')
    """
    return area.slug if area.is_force else f"region-{area.slug}"


def _write_national_indexes(result: BatchResult, ran: list[areas.Area], reports_dir: Path, years: str, basis: str) -> None:
    """An index per region run and ``reports/index.html``: tables of every area, failures with their error (:mod:`.indexes`)."""
    from .indexes import write_national_indexes

    written = write_national_indexes(result.made, result.failed, ran, reports_dir, years, basis, NOTEBOOK_TITLES,
                                     folder_name, package_version())
    for path, body in written.items():
        atomic_write_text(path, body)


def write_manifest(result: BatchResult, reports_dir: Path, years: str, basis: str, outcomes: str = "") -> Path:
    """``reports/manifest.json``: what was made, from which sources, with which version and parameters."""
    from datetime import datetime, timezone

    pages = []
    keys_by_area: dict[str, dict[str, str]] = {}  # each area's stored build keys (its .build-key.json)
    for slug, made in sorted(result.made.items()):
        for page in made:
            found = json.loads(page.findings.read_text(encoding="utf-8"))
            pages.append({"area": slug, "notebook": page.notebook,
                          "html": page.html.relative_to(reports_dir).as_posix(),
                          "findings": page.findings.relative_to(reports_dir).as_posix(),
                          "synthetic": found["synthetic"], "sources": found["sources"],
                          "build_key": keys_by_area.setdefault(slug, buildkey.read_keys(page.html.parent)).get(page.notebook, ""),
                          "reused": page.reused})
    document = {"made": datetime.now(timezone.utc).isoformat(timespec="seconds"), "version": package_version(),
                "parameters": {"years": years, "basis": basis, "outcome_files": outcomes},
                "code_hash": buildkey.code_hash(),
                "build_keys": {slug: keys_by_area.get(slug, {}).get(buildkey.PAGE, "") for slug in sorted(result.made)},
                "reused": sorted(result.reused),
                "pages": pages, "failed": result.failed, "seconds": round(result.seconds, 1)}
    return atomic_write_text(reports_dir / "manifest.json", json.dumps(document, indent=2, ensure_ascii=False))
