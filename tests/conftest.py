"""Shared helpers: run the CLI in-process, find the repository's data files."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from hypothesis import HealthCheck, settings
from typer.main import get_command
from typer.testing import CliRunner, Result

from salesgrid.cli import app

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
GRID_TEXT = (DATA / "grid.yaml").read_text(encoding="utf-8")
COMPETENCIES_TEXT = (DATA / "competencies.yaml").read_text(encoding="utf-8")

#: Seconds a child process or a wait may take before a test gives up on it: a bound for a hung
#: process only, never what a test checks. A working run takes a fraction of it even on a busy
#: machine (a 2-core machine at a load of 90 was seen to run a 1 s subprocess for over 60 s).
HUNG = 900

# Fixed day for reproducible output: every packaged grid is in force on it.
AS_OF = "2026-11-22"

# The packaged data's snapshot goes to a temporary cache, never the real home: set before the
# test modules are collected (some load the packaged files then). In-process runs read
# SALESGRID_CACHE_DIR, subprocesses (which most tests give no SALESGRID_*) XDG_CACHE_HOME.
_CACHE = tempfile.mkdtemp(prefix="salesgrid-test-cache-")
os.environ["SALESGRID_CACHE_DIR"] = os.path.join(_CACHE, "salesgrid")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


# CliRunner.invoke builds the click command of the whole app again on every call (every
# option of every command read from its function's signature): a fifth of the suite's time.
# Built once per app here, as a console script builds it once per process.
_BUILT: dict[int, Any] = {}


def _built_once(typer_app: Any) -> Any:
    """The click command of ``typer_app``, built on first use."""
    if id(typer_app) not in _BUILT:
        _BUILT[id(typer_app)] = get_command(typer_app)
    return _BUILT[id(typer_app)]


typer.testing._get_command = _built_once  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Run the tests in parallel, one worker per logical core (pytest-xdist's ``-n auto``),
    unless ``-n`` was given (``-n 0``: in this process, for a debugger) or the plugin is off
    (``-p no:xdist``) or missing. Set here, not in ``addopts``, so that ``-p no:xdist`` works."""
    if hasattr(config, "workerinput") or os.environ.get("PYTEST_XDIST_WORKER"):  # never nest
        return
    if config.pluginmanager.hasplugin("xdist") and config.option.numprocesses is None:
        config.option.numprocesses = "auto"


def run(args: Sequence[str], env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Invoke the CLI in-process; stdout and stderr come back separately."""
    base = {"SALESGRID_AS_OF": AS_OF, "SALESGRID_MADE_ON": AS_OF, "NO_COLOR": "1", "COLUMNS": "200"}
    base.update(env or {})
    return CliRunner().invoke(app, list(args), env=base, input=input)


@pytest.fixture
def write_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write text to a file in a temporary directory and return its path."""

    def _write(text: str, name: str = "grid.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


# Hypothesis profiles: "ci" (the default) keeps every property test fast and free of timing
# flakiness; "long" (pytest --hypothesis-profile=long) runs 30 times as many cases, for a local
# fuzzing campaign. tests/test_fuzz.py scales its per-test budgets with max_examples.
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile("long", settings.get_profile("ci"), max_examples=3000)
settings.load_profile("ci")
