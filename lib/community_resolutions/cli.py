"""Command line: ``python -m community_resolutions reports --region ... --force ...``.

``make reports`` calls this; it does what the Python API does, nothing more.
"""

from __future__ import annotations

import argparse
import os
import traceback
import shlex
import sys
from pathlib import Path

from . import areas, params, publish, sources


def main(argv: list[str] | None = None) -> int:
    """Run a command; errors are one or two lines unless ``--debug`` (or ``CR_DEBUG=1``) asks for the traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get("CR_DEBUG") == "1"
    argv = [a for a in argv if a != "--debug"]
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

    from .areas import UnknownArea
    from .outcomes import BadInput
    from .params import EmptySelection

    ours = (BadInput, UnknownArea, EmptySelection, ValueError, FileNotFoundError,
            sources.DataUnavailable, sources.ChecksumMismatch)
    if debug:
        traceback.print_exc()
    if isinstance(error, PapermillExecutionError):
        print(f"error in a notebook ({error.ename}): {error.evalue}", file=sys.stderr)
        print("the partial run is in reports/.failed-<area>/; earlier reports are untouched", file=sys.stderr)
        known = error.ename in {cls.__name__ for cls in ours}
        return 2 if known else 1
    if isinstance(error, ours):
        print(f"error: {error}", file=sys.stderr)
        if not debug:
            print("(run again with --debug for the full traceback)", file=sys.stderr)
        return 2
    first = next((line for line in str(error).splitlines() if line.strip()), "")
    print(f"error: unexpected {type(error).__name__}: {first}; run again with --debug and report it", file=sys.stderr)
    return 1


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="community_resolutions", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    reports = commands.add_parser("reports", help="run the notebooks for a region or a force and export HTML pages")
    reports.add_argument("--region", default="north-east-and-north-yorkshire", help="region slug or name")
    reports.add_argument("--force", default="", help="a single force (any spelling); wins over --region")
    reports.add_argument("--years", default="2014/15-2017/18", help="a financial year or a range, e.g. 2014/15-2017/18")
    reports.add_argument("--basis", default="closed", help="closed (default) or recorded")
    reports.add_argument("--mirror", default="", help="a mirror folder of the data (default: $CR_DATA_MIRROR or ../shared/data)")
    reports.add_argument("--outcomes", default="", help="your own outcomes workbooks (xlsx/ods/csv), space-separated; "
                         "they win over the mirror for the years and forces they cover")
    reports.add_argument("--jobs", type=int, default=1, help="areas to run at once (default 1; 2 on a 2-core machine)")
    reports.add_argument("--embargo", default="", help='an embargo banner, e.g. "00:01 Monday 17 June 2019"')
    reports.add_argument("--reply", default="", help='the force\'s response for a right-of-reply box, or "asked" (asked for comment)')
    reports.add_argument("--policeuk", default="", help="a folder or zip of police.uk monthly files for the police.uk page")
    # issue 16 item 4: a council area within --force for the police.uk page (needs police.uk monthly files)
    reports.add_argument("--local-area", default="", help='a council area within --force for the police.uk page, e.g. "Darlington"')
    fetch = commands.add_parser("fetch", help="download datasets into data/cache (checksums verified)")
    fetch.add_argument("ids", nargs="*", help="dataset ids from data/reference/datasets.csv (default: every official workbook)")
    fetch.add_argument("--mirror", default="", help="a mirror folder to try before the internet")
    commands.add_parser("synthetic", add_help=False,
                        help="make a synthetic outcomes workbook in an official layout (see: synthetic --help)")
    if argv[:1] == ["synthetic"]:
        from . import synthetic

        return synthetic.main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "fetch":
        return _fetch(args.ids, args.mirror)
    try:
        national = not args.force and args.region.strip().lower() == "all"
        area = None if national else areas.choose_area(args.force or None, args.region or None)
        params.parse_years(args.years)
        basis = params.check_basis(args.basis)
        files = params.parse_files(args.outcomes)
        policeuk = str(Path(args.policeuk).resolve()) if args.policeuk else ""
        if policeuk and not Path(policeuk).exists():
            raise FileNotFoundError(f"police.uk folder or zip {policeuk} does not exist")
        if args.local_area.strip() and not args.force:
            raise ValueError(f"--local-area {args.local_area!r} needs --force: the force whose council area it is")
        for dataset in ("force-year-totals", "force-year-coverage", "outcomes-2017-18-tidy"):
            sources.resolve(dataset, mirror=args.mirror or None)
        from .outcomes import load_totals

        held = sorted(load_totals(mirror=args.mirror or None, files=files)["financial_year"].unique())
        params.check_years_available(params.parse_years(args.years), held, "the data")
    except (ValueError, FileNotFoundError, sources.DataUnavailable, sources.ChecksumMismatch) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    banners = {"embargo": args.embargo, "right_of_reply": args.reply}
    if national:
        result = publish.build_all(args.years, basis, mirror=args.mirror, workers=args.jobs,
                                   outcomes=shlex.join(files), policeuk=policeuk, banners=banners)
        pages = sum(len(p) for p in result.made.values())
        print(f"Made {pages} pages for {len(result.made)} areas; failed: {len(result.failed)}; "
              f"{result.seconds / 60:.1f} minutes. Open {publish.REPORTS_DIR / 'index.html'}")
        for slug, error in result.failed.items():
            print(f"failed: {slug}: {error}", file=sys.stderr)
        return 1 if result.failed else 0
    print(f"Reports for {area.name} ({'force' if area.is_force else 'region'}), {args.years}, {basis} basis")
    if files:
        kind = "SYNTHETIC " if params.any_synthetic(files) else ""
        print(f"Using {len(files)} {kind}outcomes file(s): " + ", ".join(files))
    index = publish.build(area, args.years, basis, mirror=args.mirror, outcomes=shlex.join(files), policeuk=policeuk,
                          workers=args.jobs, banners=banners, local_area=args.local_area.strip())
    print(f"Done: open {index}")
    return 0


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
