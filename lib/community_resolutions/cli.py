"""Command line: ``python -m community_resolutions reports --region ... --force ...``.

``make reports`` calls this; it does what the Python API does, nothing more.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import traceback
from pathlib import Path

from . import areas, params, publish, sources
from .definitions import ARTICLE_YEARS_PARAMETER, BASES, DEFAULT_BASIS
from .errors import CommunityResolutionsError


def main(argv: list[str] | None = None) -> int:
    """Run a command; errors are one or two lines unless ``--debug`` (or ``CR_DEBUG=1``) asks for the traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get("CR_DEBUG") == "1"
    argv = [a for a in argv if a != "--debug"]
    if debug:
        os.environ["CR_DEBUG"] = "1"  # kernels started for the notebooks show their own log too
    try:
        return _main(argv)
    except KeyboardInterrupt:
        if debug:
            traceback.print_exc()
        print("interrupted: earlier reports and the cache are untouched", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence for a journalist's terminal
        return _report(error, debug)


def _report(error: Exception, debug: bool) -> int:
    from papermill.exceptions import PapermillExecutionError

    ours = (CommunityResolutionsError, ValueError, FileNotFoundError)
    if debug:
        traceback.print_exc()
    disk = _disk_problem(error)
    if disk:
        print(f"error: {disk}", file=sys.stderr)
        return 2
    if isinstance(error, PapermillExecutionError):
        print(f"error in a notebook ({error.ename}): {error.evalue}", file=sys.stderr)
        known = error.ename in {cls.__name__ for cls in ours} | _our_error_names()
        return 2 if known else 1
    if isinstance(error, ours):
        print(f"error: {error}", file=sys.stderr)
        if not debug:
            print("(run again with --debug for the full traceback)", file=sys.stderr)
        return 2
    first = next((line for line in str(error).splitlines() if line.strip()), "")
    print(f"error: unexpected {type(error).__name__}: {first}; run again with --debug and report it", file=sys.stderr)
    return 1


def _our_error_names() -> set[str]:
    """The names of the package's own errors, to recognise one raised inside a notebook.

    >>> {"BadInput", "UnknownArea", "PageTooLarge"} <= _our_error_names()
    True
    """
    from . import errors

    return {name for name, value in vars(errors).items()
            if isinstance(value, type) and issubclass(value, errors.CommunityResolutionsError)}


_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def _disk_problem(error: BaseException) -> str:
    """One line for a folder that cannot be written (read-only, permission) or a full disk, naming
    the folder and what to do; "" for any other error. A notebook's own OSError (papermill reports
    it by name and text) is recognised by its errno in the text.

    >>> _disk_problem(OSError(errno.ENOSPC, "No space left on device", "/no/such/reports/x/page.html"))
    'no space left on the disk holding /: free space there (old reports in reports/,
    the parquet cache in data/cache/tables/) and run again'
    >>> _disk_problem(ValueError("x"))
    ''
    """
    import re

    number, filename = None, ""
    if isinstance(error, OSError) and not isinstance(error, FileNotFoundError):
        number, filename = error.errno, error.filename or ""
    elif type(error).__name__ == "PapermillExecutionError" and getattr(error, "ename", "") in {
            "OSError", "PermissionError", "IOError"}:
        found = re.search(r"\[Errno (\d+)\][^:']*(?::\s*'([^']*)')?", str(getattr(error, "evalue", "")))
        if found:
            number, filename = int(found.group(1)), found.group(2) or ""
    if number not in _NO_SPACE | _NOT_WRITABLE:
        return ""
    folder = _existing_folder(filename)
    if number in _NO_SPACE:
        return (f"no space left on the disk holding {folder}: free space there (old reports in reports/, the parquet "
                "cache in data/cache/tables/) and run again")
    return (f"cannot write in {folder}: permission denied or a read-only disk. Make it writable (or run from a copy "
            "of the project you can write to); earlier reports are untouched")


def _existing_folder(filename: str | os.PathLike[str]) -> Path:
    """The nearest folder of ``filename`` that exists (a message never names a folder that is not there)."""
    path = Path(os.fsdecode(filename)) if filename else Path.cwd()
    for candidate in [path, *path.parents]:
        if candidate.is_dir():
            return candidate
    return Path.cwd()


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="community_resolutions", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    reports = commands.add_parser(
        "reports", help="run the notebooks for a region or a force and export HTML pages",
        epilog="Each option's default is read from the environment variable named in brackets (make reports "
               "sets them from REGION=, FORCE=, ... without any shell quoting), so any text arrives unchanged.")
    option = _env_option(reports)
    option("--region", "CR_REGION", "north-east-and-north-yorkshire", "region slug or name")
    option("--force", "CR_FORCE", "", "a single force (any spelling); wins over --region")
    option("--years", "CR_YEARS", ARTICLE_YEARS_PARAMETER, f"a financial year or a range, e.g. {ARTICLE_YEARS_PARAMETER}")
    others = " or ".join(b for b in BASES if b != DEFAULT_BASIS)
    option("--basis", "CR_BASIS", DEFAULT_BASIS, f"{DEFAULT_BASIS} (default) or {others}")
    reports.add_argument("--mirror", default="", help="a mirror folder of the data (default: $CR_DATA_MIRROR or ../shared/data)")
    reports.add_argument("--outcomes", action="append", default=None,
                         help="your own outcomes workbook (xlsx/ods/csv); repeat the option for several files, or "
                              "separate them with newlines or '|' (paths may hold spaces) [CR_OUTCOMES]; they win over "
                              "the mirror for the years and forces they cover")
    option("--jobs", "CR_JOBS", "1", "areas to run at once (default 1; 2 on a 2-core machine)")
    option("--embargo", "CR_EMBARGO", "", 'an embargo banner, e.g. "00:01 Monday 17 June 2019"')
    option("--reply", "CR_REPLY", "", 'the force\'s response for a right-of-reply box, or "asked" (asked for comment)')
    option("--policeuk", "CR_POLICEUK", "", "a folder or zip of police.uk monthly files for the police.uk page")
    # issue 16 item 4: a council area within --force for the police.uk page (needs police.uk monthly files)
    option("--local-area", "CR_LOCAL_AREA", "", 'a council area within --force for the police.uk page, e.g. "Darlington"')
    # issue 16 item 1: pages whose inputs, parameters and code are unchanged are reused unless --rebuild
    reports.add_argument("--rebuild", action="store_true", default=_yes(os.environ.get("CR_REBUILD", "")),
                         help="run every notebook again, even for pages made from unchanged inputs [CR_REBUILD=1]")
    fetch = commands.add_parser("fetch", help="download datasets into data/cache (checksums verified)")
    fetch.add_argument("ids", nargs="*", help="dataset ids from data/reference/datasets.csv, or $CR_IDS "
                       "(default: every official workbook)")
    fetch.add_argument("--mirror", default="", help="a mirror folder to try before the internet")
    commands.add_parser("synthetic", add_help=False,
                        help="make a synthetic outcomes workbook in an official layout (see: synthetic --help)")
    if argv[:1] == ["synthetic"]:
        from . import synthetic

        return synthetic.main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "fetch":
        return _fetch(args.ids or os.environ.get("CR_IDS", "").split(), args.mirror)
    outcome_texts = args.outcomes if args.outcomes is not None else [os.environ.get("CR_OUTCOMES", "")]
    try:
        jobs = _jobs(args.jobs)
        national = not args.force and args.region.strip().lower() == "all"
        area = None if national else areas.choose_area(args.force or None, args.region or None)
        params.parse_years(args.years)
        basis = params.check_basis(args.basis)
        files = [f for text in outcome_texts for f in params.parse_files(text)]
        files = list(dict.fromkeys(files))
        policeuk = str(Path(args.policeuk).expanduser().resolve()) if args.policeuk.strip() else ""
        if policeuk and not Path(policeuk).exists():
            raise FileNotFoundError(f"police.uk folder or zip {args.policeuk!r} does not exist")
        if args.local_area.strip() and not args.force:
            raise ValueError(f"--local-area {args.local_area!r} needs --force: the force whose council area it is")
        for dataset in ("force-year-totals", "force-year-coverage", "outcomes-2017-18-tidy"):
            sources.resolve(dataset, mirror=args.mirror or None)
        from .outcomes import load_totals

        held = sorted(load_totals(mirror=args.mirror or None, files=files)["financial_year"].unique())
        params.check_years_available(params.parse_years(args.years), held, "the data")
    except (CommunityResolutionsError, ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    banners = {"embargo": args.embargo, "right_of_reply": args.reply}
    if national:
        result = publish.build_all(args.years, basis, mirror=args.mirror, workers=jobs,
                                   outcomes=params.join_files(files), policeuk=policeuk, banners=banners,
                                   rebuild=args.rebuild)
        pages = sum(len(p) for p in result.made.values())
        reused = sum(page.reused for p in result.made.values() for page in p)
        print(f"Made {pages} pages for {len(result.made)} areas ({reused} reused: nothing they are made from had "
              f"changed); failed: {len(result.failed)}; "
              f"{result.seconds / 60:.1f} minutes. Open {publish.REPORTS_DIR / 'index.html'}")
        for slug, problem in result.failed.items():
            print(f"failed: {slug}: {problem}", file=sys.stderr)
        return 1 if result.failed else 0
    assert area is not None  # chosen above for every run but the national one
    print(f"Reports for {area.name} ({'force' if area.is_force else 'region'}), {args.years}, {basis} basis")
    if files:
        kind = "SYNTHETIC " if params.any_synthetic(files) else ""
        print(f"Using {len(files)} {kind}outcomes file(s): " + ", ".join(files))
    index = publish.build(area, args.years, basis, mirror=args.mirror, outcomes=params.join_files(files), policeuk=policeuk,
                          workers=jobs, banners=banners, local_area=args.local_area.strip(), rebuild=args.rebuild)
    print(f"Done: open {index}")
    return 0


def _env_option(parser: argparse.ArgumentParser):
    """``option(flag, VARIABLE, default, help)``: a text option whose default is ``$VARIABLE`` when set."""
    def option(flag: str, variable: str, default: str, help: str) -> None:
        parser.add_argument(flag, default=os.environ.get(variable, default), help=f"{help} [{variable}]")
    return option


def _yes(text: str) -> bool:
    """``REBUILD=1`` (or yes/true/on) as a flag; empty, 0, no, false or off is no.

    >>> [_yes(t) for t in ("1", " yes ", "TRUE", "", "0", "no")]
    [True, True, True, False, False, False]
    """
    return text.strip().lower() in {"1", "yes", "true", "on", "y"}


def _jobs(text: str) -> int:
    """``--jobs``/``JOBS=``: a whole number from 1.

    >>> _jobs(" 2 ")
    2
    >>> _jobs("two")
    Traceback (most recent call last):
    ...
    ValueError: jobs 'two' is not a whole number; write JOBS=1 or JOBS=2
    """
    try:
        jobs = int(str(text).strip() or "1")
    except ValueError:
        raise ValueError(f"jobs {text!r} is not a whole number; write JOBS=1 or JOBS=2") from None
    if jobs < 1:
        raise ValueError(f"jobs {text!r}: at least one area must run at a time; write JOBS=1 or JOBS=2")
    return jobs


def _fetch(ids: list[str], mirror: str) -> int:
    """Resolve each dataset (cache → mirror → URL); report each, fail if any could not be had."""
    registry = sources.registry()
    wanted = ids or [d.id for d in registry.values() if d.kind == "official"]
    failed = 0
    for dataset_id in wanted:
        try:
            path = sources.resolve(dataset_id, mirror=mirror or None)
            print(f"ok  {dataset_id}: {path}")
        except (KeyError, sources.DataUnavailable, sources.ChecksumMismatch) as error:
            failed += 1
            print(f"error  {dataset_id}: {error}", file=sys.stderr)
    return 1 if failed else 0
