"""The validated snapshot of the packaged data files (salesgrid.files.snapshot), and what
`promote --from 1.4` leaves unimported.

Every test points the cache at its own temporary directory (the suite's conftest already keeps
it out of the real home).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from salesgrid.files import loader, snapshot
from salesgrid.files.loader import Kind, Loaded, load, load_landing, packaged_name, packaged_path
from tests.conftest import DATA, REPO, run

from .conftest import HUNG

EXAMPLES = REPO / "examples"

KINDS: tuple[Kind, ...] = ("grid", "competencies", "payroll")
_LOAD = loader.read_and_check  # the loader's own reading and validating, counted or not


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache directory of this test's own, and no file loaded yet in this process."""
    where = tmp_path / "cache"
    monkeypatch.setenv("SALESGRID_CACHE_DIR", str(where))
    monkeypatch.delenv("SALESGRID_NO_CACHE", raising=False)
    loader.load_cached.cache_clear()
    yield where
    loader.load_cached.cache_clear()


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files read and validated afresh (not served by a snapshot), in order."""
    seen: list[Path] = []
    real = _LOAD

    def counting(path: Path, kind: Kind | None, display: str | None = None) -> Loaded:
        seen.append(path)
        return real(path, kind, display)

    monkeypatch.setattr(loader, "read_and_check", counting)
    return seen


def fresh(kind: Kind) -> Loaded:
    """The packaged file of ``kind`` read and validated the normal way, no snapshot."""
    return _LOAD(packaged_path(kind), kind, packaged_name(kind))


def again(kind: Kind) -> Loaded:
    """Load the packaged file as a new process would (nothing cached in memory)."""
    loader.load_cached.cache_clear()
    return load(None, kind)


def snapshots(where: Path, name: str = "") -> list[Path]:
    return sorted(where.glob(f"{name or '*'}-*.json")) if where.is_dir() else []


@pytest.mark.parametrize("kind", KINDS)
def test_the_snapshot_gives_what_a_fresh_load_gives(
    cache: Path, loads: list[Path], kind: Kind
) -> None:
    expected = fresh(kind)
    first = again(kind)  # no snapshot yet: read, validated, stored
    assert len(loads) == 1 and len(snapshots(cache, kind)) == 1
    second = again(kind)  # from the snapshot
    assert len(loads) == 1
    for loaded in (first, second):
        assert loaded.model == expected.model
        assert type(loaded.model) is type(expected.model)
        assert loaded.warnings == expected.warnings
        assert loaded.lines.lines == expected.lines.lines
        assert loaded.lines.sequence_items == expected.lines.sequence_items
        assert (loaded.path, loaded.kind, loaded.file) == (
            packaged_path(kind),
            kind,
            f"(packaged) {kind}.yaml",
        )
    assert second.model is not first.model  # really read back, not the same object


def test_the_packaged_grids_warnings_are_the_same_from_the_snapshot(cache: Path) -> None:
    plain = run(["validate"], env={"SALESGRID_NO_CACHE": "1"})
    loader.load_cached.cache_clear()
    written = run(["validate"])
    loader.load_cached.cache_clear()
    served = run(["validate"])
    assert len(snapshots(cache)) == 3
    assert "2 warnings" in plain.stdout
    assert plain.exit_code == written.exit_code == served.exit_code
    assert plain.stdout == written.stdout == served.stdout
    assert plain.stderr == written.stderr == served.stderr


def test_commands_print_the_same_with_and_without_the_snapshot(cache: Path) -> None:
    for args in (["pay", "2", "3", "--format", "json"], ["promote", "--from", "1.4"],
                 ["pay", "2", "3", "--gross", "--month", "2026-11", "--format", "json"],
                 ["promote", "--from", "1.4", "--format", "table"]):  # fmt: skip
        off = run(args, env={"SALESGRID_NO_CACHE": "1"})
        loader.load_cached.cache_clear()
        cold, warm = run(args), run(args)
        assert off.exit_code == cold.exit_code == warm.exit_code == 0, off.stderr
        assert off.stdout == cold.stdout == warm.stdout
        assert off.stderr == cold.stderr == warm.stderr
    assert {p.name.split("-")[0] for p in snapshots(cache)} == {
        "grid", "competencies", "payroll", "landing"
    }  # fmt: skip


@pytest.mark.usefixtures("cache")
def test_the_pay_figures_come_out_exact_from_the_snapshot() -> None:
    run(["pay", "2", "3"])  # writes the snapshot
    loader.load_cached.cache_clear()
    result = run(["pay", "2", "3", "--format", "plain", "--currency", "EUR"])
    assert (result.exit_code, result.stdout) == (0, "2783.99\n")
    assert run(["pay", "2.3", "--format", "plain"]).stdout == "5445\n"


# --------------------------------------------------------------------------- never stale


@pytest.fixture
def own_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the packaged data in a directory of its own, served as the packaged files."""
    folder = tmp_path / "package-data"
    shutil.copytree(DATA, folder)
    monkeypatch.setattr(loader, "packaged_path", lambda kind: folder / f"{kind}.yaml")
    return folder


def test_a_changed_data_file_is_read_again_not_served_stale(
    cache: Path, loads: list[Path], own_data: Path
) -> None:
    grid = own_data / "grid.yaml"
    assert again("grid").model == fresh("grid").model
    before = load(None, "grid").model
    text = grid.read_text(encoding="utf-8")
    grid.write_text(text.replace("5445", "5446", 1), encoding="utf-8")  # the default framework
    stat = grid.stat()
    os.utime(grid, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even the same time stamp
    after = again("grid").model
    assert len(loads) == 2 and len(snapshots(cache, "grid")) == 2
    assert after != before
    assert run(["pay", "2", "3", "--format", "plain"]).stdout == "5446\n"
    grid.write_text(text, encoding="utf-8")  # back as it was: the first snapshot serves again
    assert again("grid").model == before and len(loads) == 2


def test_a_data_file_with_errors_is_never_stored(cache: Path, own_data: Path) -> None:
    grid = own_data / "grid.yaml"
    grid.write_text(grid.read_text(encoding="utf-8").replace("5445", "5445.555", 1), "utf-8")
    for _ in range(2):
        result = run(["pay", "2", "3"])
        assert result.exit_code == 5 and "(packaged) grid.yaml:" in result.stderr
        loader.load_cached.cache_clear()
    assert snapshots(cache, "grid") == []


def test_another_version_has_another_snapshot(
    cache: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    again("grid")
    monkeypatch.setattr(snapshot, "__version__", "99.0")
    again("grid")
    monkeypatch.setattr(snapshot.sys, "version", "3.99.0 (elsewhere)")
    again("grid")
    assert len(loads) == 3 and len(snapshots(cache, "grid")) == 3


@pytest.mark.usefixtures("cache")
def test_edited_model_code_has_another_snapshot(
    loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    again("grid")
    monkeypatch.setattr(snapshot, "code_digest", lambda: b"other code")
    again("grid")
    assert len(loads) == 2


def test_old_snapshots_are_pruned(
    cache: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(snapshot.KEEP + 3):
        monkeypatch.setattr(snapshot, "__version__", f"0.{number}")
        again("grid")
    assert len(loads) == snapshot.KEEP + 3
    assert len(snapshots(cache, "grid")) == snapshot.KEEP


# --------------------------------------------------------------------------- bad cache files


def _damage_by(how: str) -> Callable[[Path], None]:
    def damage(file: Path) -> None:
        data = file.read_bytes()
        head, _, payload = data.partition(b"\n")
        if how == "garbage":
            file.write_bytes(b"\x00\xff not a snapshot at all")
        elif how == "empty":
            file.write_bytes(b"")
        elif how == "truncated":
            file.write_bytes(data[: len(data) // 2])
        elif how == "flipped":  # one byte of the data changed: the checksum no longer agrees
            middle = len(head) + 1 + len(payload) // 2
            file.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])
        elif how == "another key":  # another version's header, at this name
            key = head.split(b" ")[2]
            file.write_bytes(head.replace(key, b"0" * len(key), 1) + b"\n" + payload)
        elif how == "another object":  # whole and checked, but not a loaded file
            other = json.dumps({"frameworks": []}).encode()
            key_text = head.split(b" ")[-2].decode()
            file.write_bytes(snapshot.header_line(key_text, other) + other)
        elif how == "other header":
            file.write_bytes(b"salesgrid-snapshot 0 x y\n" + payload)
        else:  # pragma: no cover
            raise AssertionError(how)

    return damage


@pytest.mark.parametrize(
    "how",
    ["garbage", "empty", "truncated", "flipped", "another key", "another object", "other header"],
)
@pytest.mark.parametrize("kind", ["grid", "competencies"])
def test_a_bad_snapshot_is_passed_over_silently_and_replaced(
    cache: Path, loads: list[Path], how: str, kind: Kind
) -> None:
    again(kind)
    (file,) = snapshots(cache, kind)
    _damage_by(how)(file)
    loaded = again(kind)  # read afresh, no error
    assert len(loads) == 2
    assert loaded.model == fresh(kind).model
    assert snapshots(cache, kind) == [file]  # replaced at the same name
    again(kind)
    assert len(loads) == 2  # and the replacement serves
    assert not list(cache.glob(".*.tmp"))  # no temporary file left behind


def test_a_bad_snapshot_through_the_command_line(cache: Path) -> None:
    run(["pay", "2", "3"])
    for file in snapshots(cache):
        file.write_bytes(file.read_bytes()[:40])
    loader.load_cached.cache_clear()
    result = run(["pay", "2", "3", "--format", "plain"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "5445\n", "")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_a_snapshot_others_could_write_is_not_trusted(cache: Path, loads: list[Path]) -> None:
    again("grid")
    (file,) = snapshots(cache, "grid")
    file.chmod(0o666)
    again("grid")
    assert len(loads) == 2
    assert file.stat().st_mode & 0o777 == 0o600  # replaced by the user's own, private file


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for where in (blocker, blocker / "below"):  # mkdir fails (as in a read-only home)
        monkeypatch.setenv("SALESGRID_CACHE_DIR", str(where))
        loader.load_cached.cache_clear()
        result = run(["pay", "2", "3", "--format", "plain"])
        assert (result.exit_code, result.stdout, result.stderr) == (0, "5445\n", "")
        result = run(["promote", "--from", "1.4", "--format", "plain"])
        assert (result.exit_code, result.stdout) == (0, "level_up\t2.1\t4345\t533\n")
        assert result.stderr.startswith("salesgrid: note:")
    assert blocker.read_text() == "not a directory"
    loader.load_cached.cache_clear()


def test_a_failed_write_is_silent_and_leaves_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshot.os, "rename", broken)
    assert again("grid").model == fresh("grid").model
    assert list(cache.iterdir()) == []  # the temporary file removed


def test_the_cache_can_be_turned_off(
    cache: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALESGRID_NO_CACHE", "1")
    again("grid")
    again("grid")
    assert len(loads) == 2 and not cache.exists()
    monkeypatch.setenv("SALESGRID_NO_CACHE", "0")  # 0 (or empty) is on
    again("grid")
    assert snapshots(cache, "grid")


def test_where_the_cache_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SALESGRID_CACHE_DIR", "SALESGRID_NO_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert snapshot.cache_dir() == tmp_path / ".cache" / "salesgrid"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert snapshot.cache_dir() == tmp_path / ".cache" / "salesgrid"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert snapshot.cache_dir() == tmp_path / "xdg" / "salesgrid"
    monkeypatch.setenv("SALESGRID_CACHE_DIR", "")  # empty: not set
    assert snapshot.cache_dir() == tmp_path / "xdg" / "salesgrid"
    monkeypatch.setenv("SALESGRID_CACHE_DIR", str(tmp_path / "mine"))
    assert snapshot.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("SALESGRID_NO_CACHE", "yes")
    assert snapshot.cache_dir() is None


# --------------------------------------------------------------------------- user files


@pytest.fixture
def no_snapshot_for(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the snapshot was asked about, in order."""
    asked: list[Path] = []
    real = snapshot.cached

    def spy(path: Path, *args: Any, **kwargs: Any) -> Any:
        asked.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(snapshot, "cached", spy)
    return asked


def test_user_files_never_use_the_snapshot(
    cache: Path, no_snapshot_for: list[Path], tmp_path: Path
) -> None:
    user = tmp_path / "user"
    shutil.copytree(DATA, user)
    layer = tmp_path / "layer.yaml"
    shutil.copy(EXAMPLES / "company-layer.yaml", layer)
    for args, env in (
        (["pay", "2", "3", "--grid", str(user / "grid.yaml")], {}),
        (["pay", "2", "3"], {"SALESGRID_GRID": str(user / "grid.yaml")}),
        (["promote", "--from", "1.4", "--grid", str(user / "grid.yaml"), "--competencies",
          str(user / "competencies.yaml")], {}),
        (["promote", "--from", "1.4", "--grid", str(user / "grid.yaml"),
          "--format", "table"], {"SALESGRID_COMPETENCIES": str(user / "competencies.yaml")}),
        (["pay", "2", "3", "--gross", "--month", "2026-11", "--grid", str(user / "grid.yaml"),
          "--payroll", str(user / "payroll.yaml")], {}),
        (["validate", str(user / "competencies.yaml")], {}),
    ):  # fmt: skip
        loader.load_cached.cache_clear()
        result = run(args, env=env)
        assert result.exit_code == 0, (args, result.stderr)
    assert no_snapshot_for == []
    assert not cache.exists()
    result = run(["pay", "2", "3", "--add-grid", str(layer), "--format", "plain"])
    assert (result.exit_code, result.stdout) == (0, "5600\n")
    assert no_snapshot_for == [packaged_path("grid")]  # the packaged base only, not the layer
    assert {p.name.split("-")[0] for p in snapshots(cache)} <= {"grid"}  # the packaged base


@pytest.mark.usefixtures("cache")
def test_errors_in_a_users_competency_file_are_reported_by_a_preview(tmp_path: Path) -> None:
    run(["promote", "--from", "1.4"])  # the packaged file's snapshots exist
    broken = tmp_path / "competencies.yaml"
    text = (DATA / "competencies.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("schema_version: 1", "schema_version: 1\nunknown_key: 2", 1),
                      encoding="utf-8")  # fmt: skip
    expected = run(["validate", str(broken)])
    assert expected.exit_code == 5
    for args in (["promote", "--from", "1.4"], ["promote", "--from", "1.4", "--format", "json"]):
        result = run([*args, "--competencies", str(broken)])
        assert result.exit_code == 5
        assert result.stdout == ""
        assert f"{broken}:" in result.stderr and "unknown_key" in result.stderr
        assert result.stderr.splitlines()[0].split(":", 1)[1] in expected.stdout


def test_the_landing_rule_of_a_preview(cache: Path, tmp_path: Path) -> None:
    from salesgrid.files.loader import load_competencies

    packaged = load_competencies().rules.landing
    assert load_landing() == packaged
    assert load_landing() == packaged  # from its snapshot
    assert len(snapshots(cache, "landing")) == 1
    user = tmp_path / "competencies.yaml"
    text = (DATA / "competencies.yaml").read_text(encoding="utf-8")
    assert text.count("rule: lowest_step_paying_at_least_current") == 1
    user.write_text(text.replace("rule: lowest_step_paying_at_least_current", "rule: first_step"),
                    encoding="utf-8")  # fmt: skip
    assert load_landing(user).rule == "first_step"
    result = run(["promote", "--from", "1.4", "--format", "plain", "--competencies", str(user)])
    assert result.exit_code == 0 and "2.1" in result.stdout


# --------------------------------------------------------------------------- what is imported


def _modules_after(args: list[str], cache: Path) -> set[str]:
    probe = (
        "import sys\n"
        "from salesgrid.entry import main\n"
        f"sys.argv = {['salesgrid', *args]!r}\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('MODULES', ' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_")}
    env.update(SALESGRID_CACHE_DIR=str(cache), SALESGRID_AS_OF="2026-11-22")
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=HUNG,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def test_a_preview_imports_no_payroll_nor_competency_models(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _modules_after(["promote", "--from", "1.4"], cache)  # no snapshot yet
    assert "salesgrid.core.promotion" in first
    assert "salesgrid.core.payroll" not in first
    assert "salesgrid.core.eligibility" not in first
    later = _modules_after(["promote", "--from", "1.4"], cache)
    assert "salesgrid.core.promotion" in later
    for name in ("salesgrid.core.payroll", "salesgrid.core.competencies", "yaml",
                 "salesgrid.core.eligibility", "salesgrid.core.assessment", "rich",
                 "salesgrid.core.provenance", "holidays"):  # fmt: skip
        assert name not in later, name


def test_pay_reads_no_yaml_once_the_snapshot_is_there(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert "yaml" in _modules_after(["pay", "2", "3", "--format", "plain"], cache)
    later = _modules_after(["pay", "2", "3", "--format", "plain"], cache)
    assert "salesgrid.core.pay" in later
    assert "yaml" not in later and "salesgrid.files.yamlsource" not in later


def test_an_assessment_still_loads_the_whole_competency_file(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    review = str(EXAMPLES / "assessment.yaml")
    for _ in range(2):
        modules = _modules_after(["promote", "--assessment", review, "--format", "json"], cache)
        assert "salesgrid.core.competencies" in modules
        assert "salesgrid.core.eligibility" in modules


def test_a_pay_only_roster_reads_the_landing_rule_alone(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,position\nE-1,2.3\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    _modules_after(["roster", str(roster), "--output", str(out)], cache)  # makes the snapshot
    for _ in range(2):
        modules = _modules_after(["roster", str(roster), "--output", str(out)], cache)
        assert "salesgrid.batch.roster" in modules
        for name in ("salesgrid.core.competencies", "salesgrid.core.eligibility",
                     "salesgrid.core.assessment", "salesgrid.core.payroll", "rich"):  # fmt: skip
            assert name not in modules, name
    assert (
        out.read_text(encoding="utf-8").splitlines()[1].startswith("E-1,sales-management,2.3,5445")
    )
    assessed = tmp_path / "assessed.csv"
    assessed.write_text(
        "employee_id,position,in_position_since,review_date,rating_technical,rating_business,"
        "rating_people,rating_adaptive,business_experience,business_exposure,"
        "opportunity_finding_proven,external_factors_proven,kpoc_completed,"
        "failed_kpocs_in_a_row,corrective_action_plan\n"
        "E-1,2.3,2025-01-01,2026-10-15,managed,managed,managed,managed,managed,managed,"
        "true,true,true,0,false\n",
        encoding="utf-8",
    )
    modules = _modules_after(["roster", str(assessed), "--output", str(out)], cache)
    assert "salesgrid.core.eligibility" in modules
