#!/usr/bin/env python
"""The same figures before and after a change? Builds the reports of a few areas from two commits
and compares every findings file and chart table (:mod:`community_resolutions.compare`).

    python benchmarks/findings_before_after.py --before 1bf6db0            # after: HEAD
    python benchmarks/findings_before_after.py --before main~5 --after my-branch --areas Durham

Each side is checked out into a temporary git worktree (the commits as committed: uncommitted
changes are not seen) and built there with its own code, by its own ``python -m
community_resolutions reports``, from the same data mirror, so the two runs share nothing but the
data. Default areas: Durham, British Transport Police, City of London Police and the default
region (the North East and North Yorkshire, with each of its forces). Exit status 0 when nothing
differs, 1 when something does (each difference printed), 2 when a build fails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "lib"))

from community_resolutions.areas import resolve_area  # noqa: E402
from community_resolutions.compare import compare_folders  # noqa: E402
from community_resolutions.paths import mirror_dir  # noqa: E402

DEFAULT_AREAS = ("Durham", "British Transport Police", "City of London Police", "north-east-and-north-yorkshire")


def build(commit: str, folder: Path, area_names: list[str], mirror: str, years: str) -> Path:
    """Check ``commit`` out into ``folder`` and build each area's reports there; returns its reports folder."""
    subprocess.run(["git", "-C", str(PROJECT), "worktree", "add", "--detach", "--quiet", str(folder), commit], check=True)
    environment = {**os.environ, "PYTHONPATH": str(folder / "lib"), "CR_REBUILD": "1"}
    for name in area_names:
        option = "--force" if resolve_area(name).is_force else "--region"
        command = [sys.executable, "-m", "community_resolutions", "reports", option, name, "--years", years, "--jobs", "2"]
        command += ["--mirror", mirror]
        print(f"{commit}: {name}", flush=True)
        subprocess.run(command, cwd=folder, env=environment, check=True, stdout=subprocess.DEVNULL)
    return folder / "reports"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="", help="the commit (or branch) before the change")
    parser.add_argument("--before-reports", default="", help="instead of --before: a reports folder already built "
                        "(e.g. one kept with --keep), so the earlier side is not built again")
    parser.add_argument("--after", default="HEAD", help="the commit after (default HEAD)")
    parser.add_argument("--areas", nargs="*", default=list(DEFAULT_AREAS), help="forces or region slugs")
    parser.add_argument("--years", default="2014/15-2017/18")
    parser.add_argument("--mirror", default="", help="a mirror folder of the data (default: this checkout's, "
                        "$CR_DATA_MIRROR or ../shared/data; the worktrees are elsewhere, so it is passed on)")
    parser.add_argument("--keep", action="store_true", help="keep the two worktrees (their paths are printed)")
    options = parser.parse_args(argv)
    options.mirror = str(mirror_dir(options.mirror or None))
    if bool(options.before) == bool(options.before_reports):
        parser.error("give one of --before (a commit) or --before-reports (a folder)")
    work = Path(tempfile.mkdtemp(prefix="before-after-"))
    sides = {"before": work / "before", "after": work / "after"}
    if options.before_reports:
        del sides["before"]
    try:
        folders = {side: build(getattr(options, side), path, options.areas, options.mirror, options.years)
                   for side, path in sides.items()}
        folders.setdefault("before", Path(options.before_reports))
        differences = compare_folders(folders["before"], folders["after"])
        compared = len(list(folders["after"].rglob("*.findings.json")))
    except subprocess.CalledProcessError as error:
        print(f"a build failed: {error}", file=sys.stderr)
        return 2
    finally:
        if not options.keep:
            for path in sides.values():
                if path.exists():
                    subprocess.run(["git", "-C", str(PROJECT), "worktree", "remove", "--force", str(path)], check=False)
        else:
            print("kept: " + " and ".join(f"{path / 'reports'} ({side})" for side, path in sides.items()))
    files = len({d.file for d in differences})
    for difference in differences:
        print(difference)
    print(f"{compared} findings files compared for {', '.join(options.areas)}: "
          + ("the same figures, sentences, warnings, sources and chart tables" if not differences
             else f"{len(differences)} differences in {files} files"))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
