"""Start-up of `salesgrid pay 2 3` and `salesgrid promote --from 1.4` against a minimal Typer app.

The targets: salesgrid's median wall time is at most 1.10 times that of a
minimal Typer app with one command taking two integers, installed in the same environment, for
`pay 2 3 --format plain`, and at most 1.15 times for `promote --from 1.4` (a move preview, in
the default format at a non-terminal: csv). This is a measurement, not a test: machines are
noisy, so it prints numbers and never fails on them.

Run it with the Python of the environment salesgrid is installed in (a non-editable install:
an editable one adds the cost of its import hook):

    python benchmarks/startup.py             # 40 interleaved runs each after 5 warm-ups
    python benchmarks/startup.py --runs 100  # more runs, steadier medians
    python benchmarks/startup.py --no-cache  # without the packaged data's snapshot

Every command is run with the same interpreter, environment and working directory, and the
runs are interleaved (app, pay, promote, app, pay, promote, ...) so that noise on the machine
hits all alike. The spread of each is printed: the fastest run, the interquartile range (the
middle half of the runs) and the 90th percentile; and the median CPU time (user + system, as
the OS counts it), which a busy machine disturbs less than the wall time.

The packaged data's snapshot is used as a user's runs use it (`SALESGRID_CACHE_DIR` is passed
on, else the user's cache directory; the warm-up runs write it); `--no-cache` sets
`SALESGRID_NO_CACHE=1` to time the first run's path, every packaged file read and validated.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The ratio to the minimal app each salesgrid command should stay within.
TARGETS = {"pay": 1.10, "promote": 1.15}

MINIMAL_APP = """\
import typer

app = typer.Typer()


@app.command()
def pay(level: int, step: int) -> None:
    print(level * 1000 + step)


app()
"""

IMPORT_PROBE = """\
import sys
from salesgrid.entry import main
sys.argv = ["salesgrid", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
for name in ("rich", "yaml", "pydantic", "typer", "salesgrid.core.competencies",
             "salesgrid.core.payroll"):
    print(f"MODULE {name} {name in sys.modules}", file=sys.stderr)
"""


def time_once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """The wall time of one run and its CPU time (user + system, from the OS), in ms."""
    start = time.perf_counter_ns()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = (time.perf_counter_ns() - start) / 1e6
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode})")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def check(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")


def quantile(values: list[float], share: float) -> float:
    """The value ``share`` of the way through the sorted runs (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def versions() -> str:
    import yaml

    found = []
    for name in ("typer", "pydantic", "pydantic-core", "rich", "PyYAML"):
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    libyaml = getattr(yaml, "__with_libyaml__", False)
    return f"Python {sys.version.split()[0]}; " + ", ".join(found) + f"; libyaml {libyaml}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="timed runs of each command")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs of each first")
    parser.add_argument(
        "--also", action="append", default=[], metavar="SCRIPT",
        help="another installed salesgrid console script (say, an older version's venv/bin/"
        "salesgrid) to time in the same interleaved runs",
    )  # fmt: skip
    parser.add_argument(
        "--no-cache", action="store_true",
        help="time salesgrid without the packaged data's snapshot (SALESGRID_NO_CACHE=1)",
    )  # fmt: skip
    args = parser.parse_args()

    script = Path(sys.executable).parent / "salesgrid"
    if not script.is_file():
        print(f"no salesgrid next to {sys.executable}: install salesgrid first (pip install .)",
              file=sys.stderr)  # fmt: skip
        sys.exit(2)

    kept = ("SALESGRID_CACHE_DIR", "SALESGRID_NO_CACHE")  # where the snapshot is, as a user's
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_") or k in kept}
    if args.no_cache:
        env["SALESGRID_NO_CACHE"] = "1"
    pay = ["pay", "2", "3", "--format", "plain"]
    promote = ["promote", "--from", "1.4"]
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        app = cwd / "minimal_app.py"
        app.write_text(MINIMAL_APP)
        commands = {
            "minimal Typer app (pay 2 3)": [sys.executable, str(app), "2", "3"],
            "salesgrid pay 2 3 --format plain": [str(script), *pay],
            "salesgrid promote --from 1.4": [str(script), *promote],
        }
        for other in args.also:
            name = Path(other).parent.parent.name
            commands[f"{name}: pay 2 3"] = [other, *pay]
            commands[f"{name}: promote --from 1.4"] = [other, *promote]
        for command in commands.values():
            check(command, cwd, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.warmup):
            for command in commands.values():
                time_once(command, cwd, env)
        for _ in range(args.runs):
            for name, command in commands.items():
                wall, used = time_once(command, cwd, env)
                times[name].append(wall)
                cpu[name].append(used)

        loaded = {" ".join(what): probe(cwd, env, what) for what in (pay, promote)}

    print(versions() + ("; snapshot off (SALESGRID_NO_CACHE=1)" if args.no_cache else ""))
    print(f"{'command':<40} {'median':>8} {'min':>8} {'q1':>8} {'q3':>8} {'p90':>8} {'ratio':>6}"
          f" {'cpu':>7} {'ratio':>6} {'runs':>5}  (ms)")  # fmt: skip
    app = "minimal Typer app (pay 2 3)"
    base, cpu_base = statistics.median(times[app]), statistics.median(cpu[app])
    for name, values in times.items():
        median, used = statistics.median(values), statistics.median(cpu[name])
        print(
            f"{name:<40} {median:8.1f} {min(values):8.1f} {quantile(values, 0.25):8.1f} "
            f"{quantile(values, 0.75):8.1f} {quantile(values, 0.9):8.1f} {median / base:6.3f} "
            f"{used:7.1f} {used / cpu_base:6.3f} {len(values):5d}"
        )
    for label, name in (("pay", "salesgrid pay 2 3 --format plain"),
                        ("promote", "salesgrid promote --from 1.4")):  # fmt: skip
        ratio = statistics.median(times[name]) / base
        verdict = "within target" if ratio <= TARGETS[label] else "over target"
        print(f"ratio of medians, {label}: {ratio:.3f} (target <= {TARGETS[label]:.2f}: {verdict}; "
              f"of CPU times {statistics.median(cpu[name]) / cpu_base:.3f})")  # fmt: skip
    for what, found in loaded.items():
        modules = ", ".join(f"{name} {'yes' if flag == 'True' else 'no'}" for name, flag in found)
        print(f"modules loaded by {what}: {modules}")


def probe(cwd: Path, env: dict[str, str], args: list[str]) -> list[list[str]]:
    """Which of the heavy modules a command imports (in-process, the console script's way)."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE, *args], cwd=cwd, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    return [line.split()[1:] for line in result.stderr.splitlines() if line.startswith("MODULE ")]


if __name__ == "__main__":
    main()
