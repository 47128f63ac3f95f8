"""Roster throughput: `salesgrid roster` against the same join in awk, at a million rows.

Generates Sales Management rosters (employee_id, position; one with every assessment column;
one with an ``actual_pay`` column, every amount different), then times, in one run and
interleaved (every command once per round, ``--repeat`` rounds, medians):

* the pay join written in awk (the baseline a shell user would write);
* the actual-pay join in awk, printing the columns ``roster`` writes for an ``actual_pay``
  roster (gap, compa-ratio, range position and grid status, in floats): the baseline of the
  actual-pay runs;
* salesgrid roster, pay only, CSV out; pay only, ``--format jsonl``; pay only with the ids
  shuffled (each checked against a set of those taken); eligibility for every row, CSV out;
  ``actual_pay`` on every row (every amount different), CSV and JSONL out;
* each salesgrid run with ``PYTHONUNBUFFERED=1`` (as many containers and CI set it: the worst
  case) and with it unset;
* with ``--also SCRIPT`` (repeatable), another salesgrid install (an older version, say) on the
  same rosters, with ``PYTHONUNBUFFERED=1``.

Rows/s is rows divided by the wall time of the whole command, start-up included, as a user
sees it. It prints rows/s, the command's time as a multiple of awk's ("time vs awk": 2.0 takes
twice as long) and each command's own peak memory (its ru_maxrss). A measurement, not a test: it
never fails on the numbers.

    python benchmarks/roster.py                         # 1,000,000 rows, 3 rounds
    python benchmarks/roster.py --rows 5000000 --repeat 1   # memory at 5M rows
    python benchmarks/roster.py --also /tmp/old/bin/salesgrid   # before and after
    python benchmarks/roster.py --only-actual --also /tmp/old/bin/salesgrid   # actual pay
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Sales Management, monthly net BGN (data/grid.yaml), for the awk join.
GRID = {
    "1.1": 1812, "1.2": 2112, "1.3": 2912, "1.4": 3812,
    "2.1": 4345, "2.2": 4645, "2.3": 5445, "2.4": 6345,
    "3.1": 7533, "3.2": 7833, "3.3": 8633, "3.4": 9533,
    "4.1": 11583, "4.2": 11883, "4.3": 12683, "4.4": 13583,
}  # fmt: skip
RATINGS = ["incomplete", "initial", "managed", "defined", "optimal"]
ASSESSMENT_HEADER = (
    "employee_id,position,in_position_since,review_date,rating_technical,rating_business,"
    "rating_people,rating_adaptive,business_experience,business_exposure,"
    "opportunity_finding_proven,external_factors_proven,realm_business_development,"
    "kpoc_completed,failed_kpocs_in_a_row,corrective_action_plan"
)

# The rest of each position's record (pay_eur, next step and level with their deltas), for the
# awk join printing the actual-pay roster's columns.
TAIL = {
    "1.1": "926.47,1.2,300,2.1,2533", "1.2": "1079.85,1.3,800,2.1,2233",
    "1.3": "1488.89,1.4,900,2.1,1433", "1.4": "1949.05,,,2.1,533",
    "2.1": "2221.57,2.2,300,3.1,3188", "2.2": "2374.96,2.3,800,3.1,2888",
    "2.3": "2783.99,2.4,900,3.1,2088", "2.4": "3244.15,,,3.1,1188",
    "3.1": "3851.57,3.2,300,4.1,4050", "3.2": "4004.95,3.3,800,4.1,3750",
    "3.3": "4413.99,3.4,900,4.1,2950", "3.4": "4874.15,,,4.1,2050",
    "4.1": "5922.30,4.2,300,,", "4.2": "6075.69,4.3,800,,",
    "4.3": "6484.72,4.4,900,,", "4.4": "6944.88,,,,",
}  # fmt: skip

# The actual-pay join in awk: the same columns as `salesgrid roster` writes (the grid's record,
# then actual_pay, actual_currency, gap, compa_ratio, range_position, grid_status), in floats.
AWK_ACTUAL = r"""
BEGIN { FS = ","; OFS = ","
  n = split("%s", pairs, " ")
  for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); pay[kv[1]] = kv[2] }
  n = split("%s", pairs, " ")
  for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); tail[kv[1]] = kv[2] }
}
NR == 1 { print "employee_id,framework,position,pay_bgn,pay_eur,next_step,next_step_delta_bgn,\
next_level,next_level_delta_bgn,actual_pay,actual_currency,gap,compa_ratio,range_position,\
grid_status"; next }
{ if (!($2 in pay)) { print "row " NR ": unknown position " $2 > "/dev/stderr"; next }
  cell = pay[$2]; split($2, ls, "."); low = pay[ls[1] ".1"]; top = pay[ls[1] ".4"]; a = $3 + 0
  if (a == cell) s = "on_grid"; else if (a < low) s = "below_level"
  else if (a > top) s = "above_level"; else if (a < cell) s = "below_cell"; else s = "above_cell"
  printf "%%s,sales-management,%%s,%%s,%%s,%%.2f,BGN,%%.2f,%%.4f,%%.4f,%%s\n", $1, $2, cell,
    tail[$2], a, a - cell, a / cell, (a - low) / (top - low), s }
"""

AWK = r"""
BEGIN { FS = ","; OFS = ","
  n = split("%s", pairs, " ")
  for (i = 1; i <= n; i++) { split(pairs[i], kv, "="); pay[kv[1]] = kv[2] }
}
NR == 1 { print "employee_id,position,pay_bgn"; next }
{ if ($2 in pay) print $1, $2, pay[$2]
  else print "row " NR ": unknown position " $2 > "/dev/stderr" }
"""


def generate_actual(path: Path, rows: int) -> None:
    rng = random.Random(42)
    positions = list(GRID)
    with path.open("w", encoding="utf-8") as out:
        out.write("employee_id,position,actual_pay\n")
        for n in range(rows):
            out.write(
                f"E{n:07d},{rng.choice(positions)},{rng.randint(1500, 14000)}.{n % 100:02d}\n"
            )


def generate(path: Path, rows: int, assessed: bool, shuffled: bool = False) -> None:
    """Ids in order (E0000000, E0000001, ...), or ``shuffled`` (as a roster sorted by name or
    department has them: every id is then checked against a set of the ids taken)."""
    rng = random.Random(42)
    positions = list(GRID)
    with path.open("w", encoding="utf-8") as out:
        if not assessed:
            numbers = list(range(rows))
            if shuffled:
                rng.shuffle(numbers)
            out.write("employee_id,position\n")
            for n in numbers:
                out.write(f"E{n:07d},{rng.choice(positions)}\n")
            return
        out.write(ASSESSMENT_HEADER + "\n")
        for n in range(rows):
            ratings = ",".join(rng.choice(RATINGS[1:]) for _ in range(4))
            out.write(
                f"E{n:07d},{rng.choice(positions)},2025-0{rng.randint(1, 9)}-01,2026-10-15,"
                f"{ratings},{rng.choice(RATINGS[:3])},{rng.choice(RATINGS[2:])},"
                f"{rng.choice(['true', 'false'])},{rng.choice(['true', 'false'])},true,"
                f"{rng.choice(['true', 'true', 'false'])},0,false\n"
            )


def timed(command: list[str], stdout: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and the command's own peak RSS (KiB)."""
    # the output files of the runs before are written to disk first: else their writeback
    # lands on this run's clock (the run after a big output looked slower by a third)
    os.sync()
    with stdout.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, _, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    child.returncode = 0  # reaped by wait4
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the median counts")
    parser.add_argument("--also", action="append", default=[], metavar="SCRIPT",
                        help="another salesgrid script to time on the same rosters")  # fmt: skip
    parser.add_argument("--only-actual", action="store_true",
                        help="time the actual-pay rosters alone (and both awk joins)")  # fmt: skip
    args = parser.parse_args()
    script = Path(sys.executable).parent / "salesgrid"
    awk = shutil.which("mawk") or shutil.which("awk")
    if not script.is_file() or awk is None:
        sys.exit("needs salesgrid installed next to this Python (pip install .) and awk")
    unset = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    unset = {k: v for k, v in unset.items() if not k.startswith("SALESGRID_")}
    worst = {**unset, "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain, assessed = folder / "roster.csv", folder / "assessed.csv"
        actual, shuffled = folder / "actual.csv", folder / "shuffled.csv"
        generate(plain, args.rows, assessed=False)
        if not args.only_actual:
            generate(shuffled, args.rows, assessed=False, shuffled=True)
            generate(assessed, args.rows, assessed=True)
        generate_actual(actual, args.rows)
        awk_program = AWK % " ".join(f"{k}={v}" for k, v in GRID.items())
        day = ["--as-of", "2026-11-22"]
        actual_program = AWK_ACTUAL % (
            " ".join(f"{k}={v}" for k, v in GRID.items()),
            " ".join(f"{k}={v}" for k, v in TAIL.items()),
        )
        rosters = {
            "pay only, CSV": [str(plain), *day],
            "pay only, JSONL": [str(plain), *day, "--format", "jsonl"],
            "pay only, ids shuffled, CSV": [str(shuffled), *day],
            "eligibility, CSV": [str(assessed), *day],
            "actual_pay, CSV": [str(actual), *day],
            "actual_pay, JSONL": [str(actual), *day, "--format", "jsonl"],
        }
        if args.only_actual:
            rosters = {k: v for k, v in rosters.items() if k.startswith("actual_pay")}
        runs: dict[str, tuple[list[str], dict[str, str]]] = {
            "awk join, pay only": ([awk, awk_program, str(plain)], unset),
            "awk join, actual_pay columns": ([awk, actual_program, str(actual)], unset),
        }
        for name, given in rosters.items():
            runs[f"{name}, PYTHONUNBUFFERED=1"] = ([str(script), "roster", *given], worst)
            runs[f"{name}, unset"] = ([str(script), "roster", *given], unset)
        for number, other in enumerate(args.also, start=1):
            for name, given in rosters.items():
                runs[f"also {number}: {name}, PYTHONUNBUFFERED=1"] = (
                    [other, "roster", *given], worst,
                )  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in runs}
        peaks: dict[str, int] = dict.fromkeys(runs, 0)
        for _ in range(args.repeat):  # interleaved: every run once per round
            for name, (command, env) in runs.items():
                seconds, peak = timed(command, folder / "out.txt", env)
                times[name].append(seconds)
                peaks[name] = max(peaks[name], peak)
    results = {name: statistics.median(found) for name, found in times.items()}
    awk_seconds = results["awk join, pay only"]
    awk_actual = results["awk join, actual_pay columns"]
    print(f"{args.rows:,} rows (Sales Management; CSV in; median of {args.repeat})")
    for number, other in enumerate(args.also, start=1):
        print(f"also {number}: {other}")
    print("vs awk: against the awk join printing the same columns (actual_pay: its own join)")
    print(f"{'run':<50} {'seconds':>8} {'rows/s':>11} {'vs awk':>7} {'peak RSS':>9}")
    for name, seconds in results.items():
        rate = args.rows / seconds
        peak = "" if name.startswith("awk") else f"{peaks[name] / 1024:.0f} MB"
        base = awk_actual if "actual_pay" in name else awk_seconds
        print(f"{name:<50} {seconds:8.2f} {rate:11,.0f} {seconds / base:6.2f}x {peak:>9}")


if __name__ == "__main__":
    main()
