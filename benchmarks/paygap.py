"""The pay-gap report on a big roster: `salesgrid paygap` against `roster --summary-only`.

Generates a roster of Sales Management workers as HR has them for the report (a sex for most,
part time for some, months worked for some, an actual_pay for half of them, every amount
different, variable pay for many), then times, in one run and interleaved (every command once
per round, ``--repeat`` rounds, medians):

* ``salesgrid roster FILE --summary-only``: the roster read and every row's pay looked up;
* ``salesgrid paygap FILE --format json``: the report;
* each with ``PYTHONUNBUFFERED=1`` (the worst case) and with it unset;
* with ``--also SCRIPT`` (repeatable), another salesgrid install (the release before, say) on
  the same roster, both commands, with ``PYTHONUNBUFFERED=1``.

It prints each median wall time (start-up included) and CPU time (user + system, steadier on
a busy machine), and paygap's as a multiple of ``roster --summary-only``'s. The target: paygap
within 6 times. A measurement, not a test: it never fails on the numbers. ``--sizes`` times
paygap alone at several sizes, to see how it grows with the rows.

    python benchmarks/paygap.py                          # 100,000 workers, 3 rounds
    python benchmarks/paygap.py --rows 10000 --repeat 1
    python benchmarks/paygap.py --also /tmp/before/bin/salesgrid
    python benchmarks/paygap.py --sizes 10000 30000 100000 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Sales Management, monthly net BGN (data/grid.yaml): actual pay is drawn around it.
GRID = {
    "1.1": 1812, "1.2": 2112, "1.3": 2912, "1.4": 3812,
    "2.1": 4345, "2.2": 4645, "2.3": 5445, "2.4": 6345,
    "3.1": 7533, "3.2": 7833, "3.3": 8633, "3.4": 9533,
    "4.1": 11583, "4.2": 11883, "4.3": 12683, "4.4": 13583,
}  # fmt: skip
HEADER = "employee_id,position,sex,hours_per_week,months_worked,actual_pay,variable_pay"


def generate(path: Path, rows: int) -> None:
    """``rows`` workers: 3 in 100 without a sex, 1 in 5 part time, 1 in 6 part of the year,
    every other one an actual_pay within 15% of the position's pay (each different), 2 in 3
    variable pay."""
    rng = random.Random(21)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for n in range(rows):
            sex = rng.choice("FM") if rng.random() > 0.03 else ""
            hours = rng.choice(["20", "30", "32.5"]) if rng.random() < 0.2 else ""
            months = str(rng.randint(1, 11)) if rng.random() < 1 / 6 else ""
            position = rng.choice(list(GRID))
            pay = GRID[position] * rng.uniform(0.85, 1.15)
            actual = f"{int(pay)}.{n % 100:02d}" if n % 2 else ""
            variable = str(rng.randint(100, 20000)) if rng.random() < 2 / 3 else ""
            out.write(f"E{n:07d},{position},{sex},{hours},{months},{actual},"
                      f"{variable}\n")  # fmt: skip


def timed(command: list[str], stdout: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds, and the command's own CPU seconds (user + system: steadier on a busy
    machine)."""
    # the output files of the runs before are written to disk first: else their writeback
    # lands on this run's clock (the run after a big output looked slower by a third)
    os.sync()
    with stdout.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, _, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
    child.returncode = 0  # reaped by wait4
    return elapsed, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the median counts")
    parser.add_argument("--sizes", type=int, nargs="*", default=[],
                        help="time paygap alone on these roster sizes")  # fmt: skip
    parser.add_argument("--also", action="append", default=[], metavar="SCRIPT",
                        help="another salesgrid script to time on the same roster")  # fmt: skip
    args = parser.parse_args()
    script = Path(sys.executable).parent / "salesgrid"
    if not script.is_file():
        sys.exit("needs salesgrid installed next to this Python (pip install .)")
    unset = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    unset = {k: v for k, v in unset.items() if not k.startswith("SALESGRID_")}
    worst = {**unset, "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = folder / "out"
        if args.sizes:
            for size in args.sizes:
                roster = folder / f"paygap-{size}.csv"
                generate(roster, size)
                for name, salesgrid in [("this", str(script)), *[(s, s) for s in args.also]]:
                    seconds = [timed([salesgrid, "paygap", str(roster), "--format", "json"],
                                     out, worst) for _ in range(args.repeat)]  # fmt: skip
                    wall = statistics.median(s[0] for s in seconds)
                    cpu = statistics.median(s[1] for s in seconds)
                    print(f"{size:>9,} workers  {name}: paygap {wall:.2f} s, CPU {cpu:.2f} s")
            return
        roster = folder / "paygap.csv"
        generate(roster, args.rows)
        runs: dict[str, tuple[list[str], dict[str, str]]] = {}
        for label, salesgrid in [("", str(script)), *[(f"{s}: ", s) for s in args.also]]:
            envs = [("PYTHONUNBUFFERED=1", worst)] + ([("unset", unset)] if not label else [])
            for env_name, env in envs:
                runs[f"{label}roster --summary-only ({env_name})"] = (
                    [salesgrid, "roster", str(roster), "--summary-only"], env)  # fmt: skip
                runs[f"{label}paygap --format json ({env_name})"] = (
                    [salesgrid, "paygap", str(roster), "--format", "json"], env)  # fmt: skip
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, (command, env) in runs.items():
                times[name].append(timed(command, out, env))
        print(f"{args.rows:,} workers, {args.repeat} interleaved rounds, medians: wall, CPU")
        wall = {name: statistics.median(s[0] for s in seconds) for name, seconds in times.items()}
        cpu = {name: statistics.median(s[1] for s in seconds) for name, seconds in times.items()}
        for name in times:
            print(f"  {name:<70} {wall[name]:8.2f} s {cpu[name]:8.2f} s")
        for name in times:
            if "paygap" in name:
                base = name.replace("paygap --format json", "roster --summary-only")
                print(f"  {name}: {wall[name] / wall[base]:.1f} x roster --summary-only "
                      f"(CPU: {cpu[name] / cpu[base]:.1f} x)")  # fmt: skip


if __name__ == "__main__":
    main()
