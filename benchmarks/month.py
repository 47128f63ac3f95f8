"""`salesgrid month` on a large history against `salesgrid roster` on the same people.

Generates a Sales Management history of ``--people`` people (default 100,000), one row each,
and every tenth person a second row (a Step Up on the 15th of the month), in shuffled order; and
a roster of the same people (employee_id, position). Times, interleaved, ``--repeat`` rounds,
medians: ``salesgrid roster`` (pay only, CSV out), ``salesgrid month --month 2026-09`` (CSV
out), each with its peak memory (the child's ru_maxrss). Wall time includes start-up, as a user
sees it. A measurement, not a test: it never fails on the numbers.

    python benchmarks/month.py                       # 100,000 people, 3 rounds
    python benchmarks/month.py --people 20000 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

POSITIONS = [f"{level}.{step}" for level in range(1, 5) for step in range(1, 4)]


def write_files(folder: Path, people: int) -> tuple[Path, Path]:
    rng = random.Random(20)
    rows, roster = [], []
    for number in range(people):
        employee = f"E-{number:07d}"
        position = rng.choice(POSITIONS)
        roster.append(f"{employee},{position}\n")
        if number % 10 == 0:
            level, step = position.split(".")
            rows.append(f"{employee},{position},2024-01-01,2026-09-14\n")
            rows.append(f"{employee},{level}.{int(step) + 1},2026-09-15,\n")
        else:
            rows.append(f"{employee},{position},2025-{rng.randint(1, 12):02d}-01,\n")
    rng.shuffle(rows)
    history, staff = folder / "history.csv", folder / "roster.csv"
    history.write_text("employee_id,position,from,until\n" + "".join(rows), encoding="utf-8")
    staff.write_text("employee_id,position\n" + "".join(roster), encoding="utf-8")
    return history, staff


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and the peak memory (KiB) of one run, its output thrown away."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: the command, its stdout to /dev/null
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    program = shutil.which("salesgrid") or sys.exit("salesgrid is not on PATH")
    with tempfile.TemporaryDirectory() as folder:
        history, staff = write_files(Path(folder), options.people)
        runs = {
            "roster": [program, "roster", str(staff), "--format", "csv"],
            "month": [program, "month", str(history), "--month", "2026-09", "--format", "csv"],
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        memory: dict[str, int] = dict.fromkeys(runs, 0)
        for _ in range(options.repeat):
            for name, command in runs.items():
                seconds, peak = timed(command)
                times[name].append(seconds)
                memory[name] = max(memory[name], peak)
    base = statistics.median(times["roster"])
    print(f"{options.people:,} people, {options.repeat} rounds, medians")
    for name in runs:
        seconds = statistics.median(times[name])
        print(f"{name:8} {seconds:7.2f} s  {seconds / base:5.2f} x roster  "
              f"peak {memory[name] / 1024:7.1f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
