#!/usr/bin/env python
"""Side by side: reading a 600,000-row CSV export with today's reader and with the reader before
issue 13 (one code path for every form), on the same machine in the same run.

    python benchmarks/csv_reader.py                 # 600,000 rows, 3 runs per side
    python benchmarks/csv_reader.py --rows 100000 --repeats 2

The rows are the first ``--rows`` data rows of the mirror's real 2018/19 CSV export
(``prc-outcomes-open-data-mar2019.csv.gz``), written twice into a temporary folder: as the
export itself (official names, byte-order mark; the old reader refused this form) and as a tidy
copy with the mpjashby names (``offences``, ``force_outcomes_recorded_in_quarter``...), the only
CSV form the old reader read. The old reader is the package as it was at ``--baseline`` (default:
the commit before ``data/reference/columns.csv`` was added), taken from git into the temporary folder. Each run is a fresh
child process (no parquet cache; imports are not timed); the sides alternate (old, new, old, new ...) and the figure is
the ratio of median wall seconds (CPU seconds printed beside them: the machine is shared).
Nothing is written outside the temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from community_resolutions import outcomes, readers, schemas  # imports are not timed
started, cpu = time.perf_counter(), time.process_time()
if sys.argv[2] == "old":
    table = outcomes.read_tidy_outcomes(Path(sys.argv[3]), source="bench", published="2019")
else:
    table = readers.read_outcomes_file(Path(sys.argv[3]), cache=False)
import community_resolutions
print(json.dumps({"module": community_resolutions.__file__, "seconds": time.perf_counter() - started,
                  "cpu": time.process_time() - cpu, "rows": len(table),
                  "recorded": int(table["recorded"].sum()), "closed": int(table["closed"].sum())}))
"""

TIDY_NAMES = ["financial_year", "financial_quarter", "force_name", "offence_description", "offence_group",
              "offence_subgroup", "offence_code", "offence_code_expired", "outcome_description", "outcome_group",
              "outcome_type", "offences", "force_outcomes_recorded_in_quarter"]


def write_inputs(source: Path, folder: Path, rows: int) -> tuple[Path, Path]:
    """(the export's first ``rows`` rows, as published; the same rows as a tidy copy)."""
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        header = handle.readline()
        lines = [line for _, line in zip(range(rows), handle, strict=False)]
    export = folder / "export.csv"
    export.write_text(header + "".join(lines), encoding="utf-8", newline="")
    tidy = folder / "tidy.csv"
    with open(tidy, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(TIDY_NAMES)
        writer.writerows(csv.reader(io.StringIO("".join(lines))))
    return export, tidy


def run(lib: Path, side: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(lib), side, str(path)], capture_output=True, text=True)
    if done.returncode:
        raise subprocess.CalledProcessError(done.returncode, side, done.stdout, done.stderr)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if found["module"] != str(lib / "community_resolutions" / "__init__.py"):
        raise RuntimeError(f"the {side} side imported {found['module']}, not the package in {lib}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=600_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline", default=None,
                        help="git ref of the old reader (default: the commit before issue 13's columns.csv)")
    parser.add_argument("--mirror", default=None)
    args = parser.parse_args(argv)
    from community_resolutions.paths import mirror_dir

    source = mirror_dir(args.mirror) / "home-office" / "outcomes" / "prc-outcomes-open-data-mar2019.csv.gz"
    if not source.exists():
        print(f"the mirror's 2018/19 export is needed: {source} not found (set CR_DATA_MIRROR)")
        return 2
    if args.baseline is None:  # the commit before data/reference/columns.csv (issue 13) was added
        added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "data/reference/columns.csv"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
        args.baseline = f"{added[-1]}^"
    baseline = subprocess.run(["git", "rev-parse", args.baseline], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="csv-bench-") as work:
        work = Path(work)
        old = work / "old"
        old.mkdir()
        archive = subprocess.run(["git", "archive", baseline, "lib", "data/reference"], cwd=ROOT, capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        export, tidy = write_inputs(source, work, args.rows)
        results: dict[str, list[dict]] = {"old reader, tidy copy": [], "new reader, tidy copy": [],
                                          "new reader, official export": []}
        for _ in range(args.repeats):
            results["old reader, tidy copy"].append(run(old / "lib", "old", tidy))
            results["new reader, tidy copy"].append(run(ROOT / "lib", "new", tidy))
            results["new reader, official export"].append(run(ROOT / "lib", "new", export))
        try:  # the old reader on the official export: refused before issue 13
            run(old / "lib", "old", export)
            old_export = "read"
        except subprocess.CalledProcessError as error:
            old_export = "refused: " + (error.stderr.strip().splitlines() or ["?"])[-1][:160]
    sums = {name: (runs[0]["rows"], runs[0]["recorded"], runs[0]["closed"]) for name, runs in results.items()}
    print(f"{args.rows:,} data rows of the 2018/19 export; baseline {baseline[:10]}; {args.repeats} runs per side, "
          "alternating; fresh process, no cache")
    print(f"{'':32} {'median s':>9} {'median cpu s':>13}  rows, recorded, closed")
    medians = {}
    for name, runs in results.items():
        medians[name] = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        print(f"{name:32} {medians[name]:9.2f} {cpu:13.2f}  {sums[name]}")
    ratio = medians["new reader, tidy copy"] / medians["old reader, tidy copy"]
    ratio_export = medians["new reader, official export"] / medians["old reader, tidy copy"]
    print(f"new / old, same tidy file: {ratio:.2f} (below 1: faster); official export / old tidy: {ratio_export:.2f}")
    print(f"old reader on the official export: {old_export}")
    same = len({value for value in sums.values()}) == 1
    print("same rows and sums on every side: " + ("yes" if same else f"NO {sums}"))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
