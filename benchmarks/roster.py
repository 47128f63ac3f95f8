"""Roster throughput: `salesgrid roster` against the same join in awk, at a million rows.

Generates a Sales Management roster (employee_id, position; and a second one with every
assessment column), then in one run times:

* salesgrid roster, pay only, CSV in and out;
* the same pay join written in awk (the baseline a shell user would write);
* salesgrid roster with assessment columns (eligibility for every row);
* salesgrid roster with an ``actual_pay`` column (gap, compa-ratio, range position, status),
  every amount different, so no cache helps;
* with ``--also SCRIPT`` (repeatable), another salesgrid install (an older version, say) on the
  same pay-only and eligibility rosters, its runs interleaved with this one's;

and prints rows per second for each, the ratio to awk, and salesgrid's peak memory (the
children's ru_maxrss). A measurement, not a test: it never fails on the numbers.

    python benchmarks/roster.py              # 1,000,000 rows
    python benchmarks/roster.py --rows 200000
    python benchmarks/roster.py --also /tmp/old/bin/salesgrid --repeat 5   # before and after
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
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


def generate(path: Path, rows: int, assessed: bool) -> None:
    rng = random.Random(42)
    positions = list(GRID)
    with path.open("w", encoding="utf-8") as out:
        if not assessed:
            out.write("employee_id,position\n")
            for n in range(rows):
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


def timed(command: list[str], stdout: Path) -> tuple[float, int]:
    """Wall seconds and the peak RSS (KiB) of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with stdout.open("wb") as out:
        start = time.perf_counter()
        subprocess.run(command, stdout=out, stderr=subprocess.DEVNULL, check=False)
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the median counts")
    parser.add_argument("--also", action="append", default=[], metavar="SCRIPT",
                        help="another salesgrid script to time on the same rosters")  # fmt: skip
    args = parser.parse_args()
    script = Path(sys.executable).parent / "salesgrid"
    awk = shutil.which("mawk") or shutil.which("awk")
    if not script.is_file() or awk is None:
        sys.exit("needs salesgrid installed next to this Python (pip install .) and awk")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain, assessed = folder / "roster.csv", folder / "assessed.csv"
        actual = folder / "actual.csv"
        generate(plain, args.rows, assessed=False)
        generate(assessed, args.rows, assessed=True)
        generate_actual(actual, args.rows)
        pairs = " ".join(f"{k}={v}" for k, v in GRID.items())
        awk_program = AWK % pairs
        env_day = ["--as-of", "2026-11-22"]
        runs = {
            "awk join (pay only)": [awk, awk_program, str(plain)],
            "salesgrid roster (pay only)": [str(script), "roster", str(plain), *env_day],
            "salesgrid roster (eligibility)": [str(script), "roster", str(assessed), *env_day],
            "salesgrid roster (actual_pay)": [str(script), "roster", str(actual), *env_day],
        }
        for number, other in enumerate(args.also, start=1):
            runs[f"also {number}: roster (pay only)"] = [other, "roster", str(plain), *env_day]
            runs[f"also {number}: roster (eligibility)"] = [
                other, "roster", str(assessed), *env_day,
            ]  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):  # interleaved: every run once per round
            for name, command in runs.items():
                seconds, _ = timed(command, folder / "out.csv")
                times[name].append(seconds)
        # peak RSS is a high-water mark over all children: measure each salesgrid run alone
        results = {name: sorted(found)[len(found) // 2] for name, found in times.items()}
        peaks = {}
        for name in ("salesgrid roster (pay only)", "salesgrid roster (eligibility)"):
            probe = subprocess.run(
                ["/usr/bin/env", "python3", "-c",
                 "import resource,subprocess,sys;"
                 "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
                 " stderr=subprocess.DEVNULL);"
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
                 *runs[name]],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            peaks[name] = int(probe.stdout.strip() or 0)
    awk_rate = args.rows / results["awk join (pay only)"]
    print(f"{args.rows:,} rows (Sales Management; CSV in, CSV out; median of {args.repeat})")
    for number, other in enumerate(args.also, start=1):
        print(f"also {number}: {other}")
    print(f"{'run':<36} {'seconds':>8} {'rows/s':>12} {'vs awk':>7} {'peak RSS':>9}")
    for name, seconds in results.items():
        rate = args.rows / seconds
        peak = f"{peaks[name] / 1024:.0f} MB" if name in peaks else ""
        print(f"{name:<36} {seconds:8.2f} {rate:12,.0f} {rate / awk_rate:7.2f} {peak:>9}")


if __name__ == "__main__":
    main()
