"""Shared helpers: run the CLI in-process, find the repository's data files."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from salesgrid.cli import app

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
GRID_TEXT = (DATA / "grid.yaml").read_text(encoding="utf-8")
COMPETENCIES_TEXT = (DATA / "competencies.yaml").read_text(encoding="utf-8")

# Fixed day for reproducible output: every packaged grid is in force on it.
AS_OF = "2026-11-22"


def run(args: Sequence[str], env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Invoke the CLI in-process; stdout and stderr come back separately."""
    base = {"SALESGRID_AS_OF": AS_OF, "NO_COLOR": "1", "COLUMNS": "200"}
    base.update(env or {})
    return CliRunner().invoke(app, list(args), env=base, input=input)


@pytest.fixture(autouse=True, scope="session")
def _cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The packaged data's snapshot goes to a temporary cache, never the real home: in-process
    runs read SALESGRID_CACHE_DIR, subprocesses (which drop SALESGRID_*) XDG_CACHE_HOME."""
    cache = tmp_path_factory.mktemp("cache")
    names = ("SALESGRID_CACHE_DIR", "SALESGRID_NO_CACHE", "XDG_CACHE_HOME")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.pop("SALESGRID_NO_CACHE", None)
    os.environ["SALESGRID_CACHE_DIR"] = str(cache / "salesgrid")
    os.environ["XDG_CACHE_HOME"] = str(cache)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


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
