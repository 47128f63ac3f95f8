"""Startup cost of `salesgrid pay 2 3 --format plain` against a minimal Typer app.

The target (issue: foundation, section 5): salesgrid's median wall time is at most 1.25 times
that of a minimal Typer app with one command taking two integers, installed in the same
environment. This is a measurement, not a test: machines are noisy, so it prints numbers and
never fails on them.

Run it with the Python of the environment salesgrid is installed in:

    python benchmarks/startup.py             # 40 interleaved runs each after 5 warm-ups
    python benchmarks/startup.py --runs 100  # more runs, steadier medians

Both commands are run with the same interpreter, environment and working directory, and are
interleaved (A, B, A, B, ...) so that noise on the machine hits both alike.
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

TARGET = 1.25

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
from salesgrid.cli import main
sys.argv = ["salesgrid", "pay", "2", "3", "--format", "plain"]
try:
    main()
except SystemExit:
    pass
for name in ("rich", "yaml", "pydantic", "typer"):
    print(f"MODULE {name} {name in sys.modules}", file=sys.stderr)
"""


def time_once(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter_ns()
    subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return (time.perf_counter_ns() - start) / 1e6


def check(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


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
    args = parser.parse_args()

    script = Path(sys.executable).parent / "salesgrid"
    if not script.is_file():
        print(f"no salesgrid next to {sys.executable}: install salesgrid first (pip install .)",
              file=sys.stderr)  # fmt: skip
        sys.exit(2)

    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_")}
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        app = cwd / "minimal_app.py"
        app.write_text(MINIMAL_APP)
        commands = {
            "minimal Typer app (pay 2 3)": [sys.executable, str(app), "2", "3"],
            "salesgrid pay 2 3 --format plain": [str(script), "pay", "2", "3", "--format", "plain"],
        }
        for other in args.also:
            label = f"{Path(other).parent.parent.name}: pay 2 3"
            commands[label] = [other, "pay", "2", "3", "--format", "plain"]
        for command in commands.values():
            check(command, cwd, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.warmup):
            for command in commands.values():
                time_once(command, cwd, env)
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(time_once(command, cwd, env))

        probe = subprocess.run(
            [sys.executable, "-c", IMPORT_PROBE], cwd=cwd, env=env, capture_output=True,
            text=True, check=False,
        )  # fmt: skip
    loaded = [line.split()[1:] for line in probe.stderr.splitlines() if line.startswith("MODULE ")]

    print(versions())
    print(f"{'command':<36} {'median':>8} {'min':>8} {'p90':>8} {'runs':>5}  (ms)")
    for name, values in times.items():
        print(
            f"{name:<36} {statistics.median(values):8.1f} {min(values):8.1f} "
            f"{p90(values):8.1f} {len(values):5d}"
        )
    medians = [statistics.median(v) for v in times.values()]
    ratio = medians[1] / medians[0]
    verdict = "within target" if ratio <= TARGET else "over target"
    print(f"ratio of medians: {ratio:.3f} (target <= {TARGET}: {verdict})")
    for name, median in zip(list(times)[2:], medians[2:], strict=True):
        print(f"ratio of medians, {name}: {median / medians[0]:.3f}")
    modules = ", ".join(f"{name} {'yes' if flag == 'True' else 'no'}" for name, flag in loaded)
    print(f"modules loaded by pay 2 3 --format plain: {modules}")


if __name__ == "__main__":
    main()
