"""The packaged data's snapshot cannot run code, hang or mislead.

A snapshot is JSON data rebuilt into the models with every value checked
(:mod:`salesgrid.files.rebuild`), read only from a directory of the user's own that no one else
may write, and only when it is a regular private file: a symlink, a FIFO, a pickle or data that
does not rebuild into valid models is passed over, and the file is loaded the normal way, so
every command prints what it prints without the cache. The hypothesis tests plant mutated
snapshots (with a valid header) and run the commands over them.
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic_core import to_json

from salesgrid.core.landing import LandingRule
from salesgrid.files import loader, rebuild, snapshot
from salesgrid.files.loader import Kind, Loaded, load, load_landing, packaged_name, packaged_path
from tests.conftest import AS_OF, REPO, run

from .conftest import HUNG

KINDS: tuple[Kind, ...] = ("grid", "competencies", "payroll")
SNAPSHOTS = (*KINDS, "landing")
_LOAD = loader.read_and_check

posix = pytest.mark.skipif(not snapshot.SUPPORTED, reason="no snapshot on this system")
pytestmark = posix


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

    def counting(path: Path, kind: Kind | None, display: str | None = None) -> Loaded:
        seen.append(path)
        return _LOAD(path, kind, display)

    monkeypatch.setattr(loader, "read_and_check", counting)
    return seen


def fresh(kind: Kind) -> Loaded:
    return _LOAD(packaged_path(kind), kind, packaged_name(kind))


def again(kind: Kind) -> Loaded:
    """Load the packaged file as a new process would (nothing cached in memory)."""
    loader.load_cached.cache_clear()
    return load(None, kind)


def snapshot_key(name: str) -> str:
    source = packaged_path("competencies" if name == "landing" else name)  # type: ignore[arg-type]
    return snapshot.key(source.read_bytes(), name)


def snapshot_file(where: Path, name: str) -> Path:
    return where / f"{name}-{snapshot_key(name)[:32]}{snapshot.SUFFIX}"


def plant(where: Path, name: str, payload: bytes, file: Path | None = None) -> Path:
    """``payload`` at the snapshot path of ``name`` (or ``file``), with a header that agrees
    with it: the sha256 is no secret."""
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    file = file or snapshot_file(where, name)
    file.unlink(missing_ok=True)
    file.write_bytes(snapshot.header_line(snapshot_key(name), payload) + payload)
    file.chmod(0o600)
    return file


def good_data(name: str) -> Any:
    """What the snapshot of ``name`` holds when salesgrid writes it."""
    if name == "landing":
        return rebuild.plain(fresh("competencies").model.rules.landing)  # type: ignore[attr-defined]
    loaded = fresh(name)  # type: ignore[arg-type]
    return rebuild.file_data(loaded.model, loaded.lines)


# --------------------------------------------------------------------------- the same models


@pytest.mark.usefixtures("cache")
@pytest.mark.parametrize("kind", KINDS)
def test_the_rebuilt_models_are_the_freshly_loaded_ones(loads: list[Path], kind: Kind) -> None:
    expected = fresh(kind)
    again(kind)  # writes the snapshot
    served = again(kind)
    assert len(loads) == 1  # really served by the snapshot
    assert served.model == expected.model
    assert rebuild.plain(served.model) == rebuild.plain(expected.model)  # every digit, every day
    assert served.warnings == expected.warnings
    assert served.lines.lines == expected.lines.lines
    assert served.lines.sequence_items == expected.lines.sequence_items
    _same_types(served.model, expected.model)


def _same_types(one: Any, other: Any) -> None:
    """The same classes all the way down (a Decimal never a str, a tuple never a list), and the
    same fields given."""
    assert type(one) is type(other)
    if hasattr(one, "model_fields_set"):
        assert one.model_fields_set == other.model_fields_set
        for name in type(one).model_fields:
            _same_types(getattr(one, name), getattr(other, name))
    elif isinstance(one, list | tuple):
        for a, b in zip(one, other, strict=True):
            _same_types(a, b)
    elif isinstance(one, dict):
        assert list(one) == list(other) and [type(k) for k in one] == [type(k) for k in other]
        for key in one:
            _same_types(one[key], other[key])


def test_the_rebuilt_landing_rule_is_the_packaged_one(cache: Path) -> None:
    expected = fresh("competencies").model.rules.landing  # type: ignore[attr-defined]
    assert load_landing() == expected
    assert snapshot_file(cache, "landing").is_file()
    served = load_landing()
    assert served == expected and served is not expected
    _same_types(served, expected)


COMMANDS: dict[str, list[list[str]]] = {
    "grid": [["pay", "2", "3", "--format", "json"], ["grid", "--format", "csv"], ["validate"]],
    "competencies": [["competencies", "--level", "2", "--format", "plain"],
                     ["promote", "--from", "1.4", "--format", "table"], ["validate"]],
    "payroll": [["pay", "2", "3", "--gross", "--month", "2026-11", "--format", "json"],
                ["payroll", "gross", "2000", "--month", "2026-11", "--format", "json"]],
    "landing": [["promote", "--from", "1.4"], ["promote", "--from", "2.4", "--format", "json"]],
}  # fmt: skip
EVERY_COMMAND = [
    *(command for commands in COMMANDS.values() for command in commands),
    ["pay", "2.3", "--currency", "EUR", "--format", "table"],
    ["locate", "5000"],
    ["promote", "--assessment", str(REPO / "examples" / "assessment.yaml"), "--format", "json"],
    ["roster", str(REPO / "examples" / "roster.csv")],
    ["grid", "--export"],
]

_OFF: dict[tuple[str, ...], tuple[int, str, str]] = {}


def without_cache(args: list[str]) -> tuple[int, str, str]:
    """What a command gives with the cache off (computed once)."""
    if tuple(args) not in _OFF:
        result = run(args, env={"SALESGRID_NO_CACHE": "1"})
        _OFF[tuple(args)] = (result.exit_code, result.stdout, result.stderr)
    return _OFF[tuple(args)]


def with_cache(args: list[str], where: Path) -> tuple[int, str, str]:
    loader.load_cached.cache_clear()
    result = run(args, env={"SALESGRID_CACHE_DIR": str(where)})
    loader.load_cached.cache_clear()
    return result.exit_code, result.stdout, result.stderr


def test_every_command_prints_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    where = tmp_path / "cache"
    for args in EVERY_COMMAND:
        cold = with_cache(args, where)
        warm = with_cache(args, where)  # from the snapshots
        assert cold == warm == without_cache(args), args
    assert {p.name.split("-")[0] for p in where.glob("*.json")} == set(SNAPSHOTS)


# --------------------------------------------------------------------------- nothing runs


class _Planted:
    """A pickle that would create ``marker`` when unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.marker),))


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_a_pickle_planted_as_the_snapshot_runs_nothing(
    cache: Path, tmp_path: Path, name: str
) -> None:
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(marker))
    planted = [
        plant(cache, name, payload),  # at the snapshot's name, its header agreeing
        plant(cache, name, payload, snapshot_file(cache, name).with_suffix(".pickle")),
    ]  # and where an earlier version kept it
    for args in COMMANDS[name]:
        loader.load_cached.cache_clear()
        assert run(args).exit_code == without_cache(args)[0]
    if name != "landing":
        assert again(name).model == fresh(name).model  # type: ignore[arg-type]
    assert not marker.exists()
    assert planted[1].read_bytes().endswith(payload)  # an earlier version's file left alone


def test_a_pickle_written_by_an_earlier_version_is_never_read(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(marker))
    plant(cache, "grid", payload, snapshot_file(cache, "grid").with_suffix(".pickle"))
    monkeypatch.setattr(snapshot, "SUFFIX", ".pickle")  # even were it looked for by that name
    assert again("grid").model == fresh("grid").model
    assert not marker.exists()


# --------------------------------------------------------------------------- what is opened


def test_a_symlink_at_the_snapshot_path_is_never_followed(
    cache: Path, loads: list[Path], tmp_path: Path
) -> None:
    again("grid")
    file = snapshot_file(cache, "grid")
    elsewhere = tmp_path / "elsewhere.json"
    file.rename(elsewhere)  # a whole, valid snapshot: served, were the link followed
    before = elsewhere.read_bytes()
    file.symlink_to(elsewhere)
    assert again("grid").model == fresh("grid").model
    assert len(loads) == 2  # read afresh
    assert not file.is_symlink() and file.is_file()  # replaced by a file of its own
    assert elsewhere.read_bytes() == before  # the link's target untouched


def test_a_symlinked_cache_directory_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[Path]
) -> None:
    real = tmp_path / "real"
    with_cache(["pay", "2", "3"], real)  # snapshots in the target
    assert len(loads) == 1
    written = sorted(p.name for p in real.iterdir())
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv("SALESGRID_CACHE_DIR", str(link))
    assert again("grid").model == fresh("grid").model
    assert again("grid").model == fresh("grid").model
    assert len(loads) == 3  # neither read nor written through the link
    assert sorted(p.name for p in real.iterdir()) == written


def test_a_hard_link_is_not_trusted(cache: Path, loads: list[Path], tmp_path: Path) -> None:
    again("grid")
    os.link(snapshot_file(cache, "grid"), tmp_path / "another-name")
    again("grid")
    assert len(loads) == 2


def test_a_symlink_planted_at_the_temporary_name_is_never_followed(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(snapshot.os, "urandom", lambda n: b"\x00" * n)
    file = snapshot_file(cache, "grid")
    cache.mkdir(mode=0o700)
    target = tmp_path / "target"
    target.write_text("not to be written")
    (cache / f".{file.name}.{os.getpid()}.00000000.tmp").symlink_to(target)
    assert again("grid").model == fresh("grid").model
    assert target.read_text() == "not to be written"
    assert not file.exists()  # nothing written this time


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_a_fifo_at_the_snapshot_path_does_not_hang(tmp_path: Path, name: str) -> None:
    where = tmp_path / "cache"
    where.mkdir(mode=0o700)
    os.mkfifo(snapshot_file(where, name), 0o600)
    for args in COMMANDS[name][:1]:
        result = _script(args, where)
        assert (result.returncode, result.stdout) == without_cache(args)[:2]
    assert stat.S_ISREG(snapshot_file(where, name).lstat().st_mode)  # a snapshot in its place


def test_a_fifo_at_the_cache_directory_does_not_hang(tmp_path: Path) -> None:
    where = tmp_path / "cache"
    os.mkfifo(where, 0o600)
    result = _script(["pay", "2", "3"], where)
    assert (result.returncode, result.stdout, result.stderr) == (0, "5445\n", "")
    assert stat.S_ISFIFO(where.lstat().st_mode)


def _script(args: list[str], where: Path) -> subprocess.CompletedProcess[str]:
    """The installed console script: a FIFO opened for reading would block it for good (a hang
    is the failure; 60 s is far beyond a run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESGRID_")}
    env.update(SALESGRID_CACHE_DIR=str(where), SALESGRID_AS_OF=AS_OF, NO_COLOR="1", COLUMNS="200")
    script = Path(sys.executable).parent / "salesgrid"
    return subprocess.run(
        [str(script), *args], env=env, capture_output=True, text=True, timeout=HUNG, check=False
    )


# --------------------------------------------------------------------------- whose directory


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777, 0o1777, 0o720])
def test_a_directory_others_may_write_is_passed_over(
    cache: Path, loads: list[Path], mode: int
) -> None:
    again("grid")  # a good snapshot in it
    written = sorted(p.name for p in cache.iterdir())
    cache.chmod(mode)
    for _ in range(2):
        assert again("grid").model == fresh("grid").model
        assert again("payroll").model == fresh("payroll").model
    assert len(loads) == 1 + 4  # the good snapshot not read, nothing new written
    assert sorted(p.name for p in cache.iterdir()) == written
    cache.chmod(0o700)
    again("grid")
    assert len(loads) == 5  # the user's own again: served


def test_a_shared_directory_such_as_tmp_is_passed_over(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    before = with_cache(["pay", "2", "3"], shared)
    assert before == (0, "5445\n", "")
    assert list(shared.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
@pytest.mark.parametrize("what", ["directory", "snapshot"])
def test_what_another_user_owns_is_passed_over(cache: Path, loads: list[Path], what: str) -> None:
    again("grid")
    file = snapshot_file(cache, "grid")
    os.chown(cache if what == "directory" else file, 65534, 65534)
    again("grid")
    assert len(loads) == 2
    if what == "snapshot":  # replaced by the user's own
        assert file.stat().st_uid == os.geteuid()
    else:  # nothing written in another user's directory
        assert [p.name for p in cache.iterdir()] == [file.name]


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_a_snapshot_others_may_write_is_passed_over(
    cache: Path, loads: list[Path], mode: int
) -> None:
    again("grid")
    snapshot_file(cache, "grid").chmod(mode)
    again("grid")
    assert len(loads) == 2
    assert stat.S_IMODE(snapshot_file(cache, "grid").stat().st_mode) == 0o600


def test_no_snapshot_without_the_checks_the_system_gives(
    cache: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "SUPPORTED", False)
    again("grid")
    again("grid")
    assert len(loads) == 2 and not cache.exists()


# --------------------------------------------------------------------------- what is read


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"0" + b"]" * depth


def _bad_payloads(good: bytes) -> dict[str, bytes]:
    return {
        "garbage": b"\x00\xff not json at all",
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "not UTF-8": good.replace(b'"', b'"\xff', 1),
        "another shape": b'{"frameworks": []}',
        "a list": b"[]",
        "null": b"null",
        "NaN": b'{"model": NaN, "lines": Infinity}',
        "deep": _deep(100_000),
        "huge number": b"[" + b"9" * 5000 + b"]",
        "trailing": good + b" {}",
    }


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_data_that_is_not_a_snapshot_is_passed_over(cache: Path, name: str) -> None:
    good = to_json(good_data(name))
    args = COMMANDS[name][0]
    for how, payload in _bad_payloads(good).items():
        plant(cache, name, payload)
        assert with_cache(args, cache) == without_cache(args), how


def _mutated(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """``data`` with the value at ``path`` replaced (``_DELETE``: removed)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy = dict(data)
        if rest or value is not _DELETE:
            copy[head] = _mutated(data.get(head), rest, value)
        else:
            del copy[head]
        return copy
    copy_list = list(data)
    if rest or value is not _DELETE:
        copy_list[head] = _mutated(data[head], rest, value)
    else:
        del copy_list[head]
    return copy_list


_DELETE = object()


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


# Values a snapshot written by salesgrid never holds where they are put, each refused:
_WRONG = {
    "wrong type: float": 1.5,
    "wrong type: object": {"\x00": 1},
    "wrong type: deep list": [[[["x"]]]],
    "wrong type: bool": True,
}


@pytest.mark.parametrize(
    ("name", "where", "how"),
    [
        ("grid", ("model", "default_framework"), "wrong type: bool"),
        ("grid", ("model", "frameworks", 0, "versions", 0, "levels", "2", 2), "wrong type: float"),
        ("grid", ("model", "frameworks", 0, "versions", 0, "levels", "2", 2), "9" * 40),
        ("grid", ("model", "frameworks", 0, "versions", 0, "levels", "2", 2), "-1"),
        ("grid", ("model", "frameworks", 0, "versions", 0, "levels", "2", 2), "5445.555"),
        ("grid", ("model", "frameworks", 0, "versions", 0, "in_force_from"), "2021-02-30"),
        ("grid", ("model", "frameworks", 0, "id"), "Sales Management"),
        ("grid", ("model", "frameworks", 0, "title"), "Sales\x1b[31m"),
        ("grid", ("model", "frameworks", 0, "path"), "sideways"),
        ("grid", ("model", "frameworks", 0, "versions"), []),
        ("grid", ("model", "frameworks", 0, "versions", 0, "levels"), {"02": ["1"]}),
        ("grid", ("model", "frameworks", 0, "realms", 0), "no-such-realm"),
        ("grid", ("model", "default_framework"), "no-such-framework"),
        ("grid", ("model", "schema_version"), 2),
        ("grid", ("model", "frameworks", 0, "title"), _DELETE),
        ("grid", ("model", "frameworks", 0, "note"), "wrong type: object"),
        ("grid", ("lines", "lines", 0, 1), 0),
        ("grid", ("lines", "lines", 0, 0), "wrong type: deep list"),
        ("grid", ("lines",), _DELETE),
        ("competencies", ("model", "levels"), []),
        ("competencies", ("model", "statements", 0, "kind"), "nothing"),
        ("competencies", ("model", "capability", "proxy", "pairs"), "wrong type: float"),
        ("competencies", ("model", "rules", "landing", "rule"), _DELETE),
        ("payroll", ("model", "income_tax_percent"), "100"),
        ("payroll", ("model", "decimals"), 2**70),
        ("payroll", ("model", "periods", 0, "cohorts"), {"born_yesterday": {}}),
        ("landing", ("rule",), "last_step"),
        ("landing", ("source",), ""),
        ("landing", (), "wrong type: deep list"),
    ],
)  # fmt: skip
def test_a_snapshot_whose_data_is_not_valid_is_passed_over(
    cache: Path, name: str, where: tuple[Any, ...], how: Any
) -> None:
    data = good_data(name)
    assert isinstance(_at(data, where[:-1]), dict | list) if where else True  # the place exists
    bad = _mutated(data, where, _WRONG.get(how, how) if isinstance(how, str) else how)
    assert _rebuilt(name, bad) is None
    plant(cache, name, to_json(bad))
    for args in COMMANDS[name]:
        assert with_cache(args, cache) == without_cache(args), args


def _rebuilt(name: str, data: Any) -> Any:
    """What the loader makes of snapshot data: the model, or None when it is passed over."""
    try:
        if name == "landing":
            return rebuild.build(LandingRule, data)
        kind: Kind = name  # type: ignore[assignment]
        model, lines = rebuild.file_from(data, loader.model_for(kind))
        return loader.check_loaded(
            packaged_path(kind), kind, model, lines, packaged_name(kind)
        ).model
    except Exception:
        return None


# --------------------------------------------------------------------------- planted at random


def budget(ci_cases: int) -> settings:
    """``ci_cases`` in the default profile, scaled with the active profile's max_examples."""
    scale = settings.default.max_examples / 100
    return settings(
        max_examples=max(1, round(ci_cases * scale)),
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


_GOOD: dict[str, Any] = {}


def _good(name: str) -> Any:
    if name not in _GOOD:
        _GOOD[name] = good_data(name)
    return _GOOD[name]


@st.composite
def places(draw: st.DrawFn, name: str) -> tuple[Any, ...]:
    """A place in the snapshot data of ``name``, mostly a deep one (where the values are)."""
    data, path = _good(name), ()
    while isinstance(data, dict | list) and data and draw(st.integers(0, 99)) < 85:
        step = (
            draw(st.sampled_from(sorted(data)))
            if isinstance(data, dict)
            else draw(st.integers(0, len(data) - 1))
        )
        path, data = (*path, step), data[step]
    return path


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12)
    | st.sampled_from([0, 1, -1, 2**63, 10**30, 999_999, 1_000_000, 13583])
    | st.text(max_size=12)
    | st.sampled_from(["", "5446", "5445.555", "1.4", "2.3", "1e3", "NaN", "2026-02-30",
                       "2021-11-01", "sales-management", " x ", "\x1b[31m", "0", "02", "2",
                       "managed", "first_step", "EUR", "BGN", "half_up"])
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=6,
)  # fmt: skip


def _check_commands(where: Path, name: str, payload: bytes, served: Any) -> None:
    """Every command over the planted snapshot: a documented exit code, never 70 nor a
    traceback; what the cache-less run prints when the snapshot was passed over."""
    for args in COMMANDS[name]:
        plant(where, name, payload)
        code, out, err = with_cache(args, where)
        assert code in (0, 1, 2, 3, 4, 5), (args, code, err)
        assert "Traceback" not in err
        if served is None:
            assert (code, out, err) == without_cache(args), args


def _valid_as_a_file_is(name: str, data: Any, served: Any) -> None:
    """What the rebuild accepts, pydantic's own validation accepts too, with the same values:
    the snapshot never holds what a data file could not."""
    cls = LandingRule if name == "landing" else loader.model_for(name)  # type: ignore[arg-type]
    validated = cls.model_validate(data if name == "landing" else data["model"], by_name=True)
    assert rebuild.plain(validated) == rebuild.plain(served)


@pytest.mark.slow
@pytest.mark.parametrize("name", SNAPSHOTS)
@budget(8)
@given(data=st.data())
def test_a_planted_snapshot_is_refused_or_valid_and_never_breaks_a_command(
    tmp_path: Path, name: str, data: st.DataObject
) -> None:
    where = tmp_path / f"cache-{name}"
    place = data.draw(places(name), label="place")
    how = data.draw(st.sampled_from(["replace", "delete", "add key", "bytes"]), label="how")
    tree = _good(name)
    if how == "replace" or (how == "delete" and not place):
        tree = _mutated(tree, place, data.draw(json_values, label="value"))
    elif how == "delete":
        tree = _mutated(tree, place, _DELETE)
    elif how == "add key":
        node = _at(tree, place)
        if isinstance(node, dict):
            key = data.draw(st.text(max_size=8), label="key")
            tree = _mutated(tree, place, {**node, key: data.draw(json_values, label="value")})
    payload = to_json(tree)
    if how == "bytes":  # a byte changed or cut, the header agreeing
        at = data.draw(st.integers(0, len(payload) - 1), label="at")
        cut = data.draw(st.booleans(), label="cut")
        payload = payload[:at] if cut else payload[:at] + bytes([payload[at] ^ 0x20]) + payload[
            at + 1 :]  # fmt: skip
    try:
        from pydantic_core import from_json

        parsed = from_json(payload, allow_inf_nan=False)
    except ValueError:
        parsed = None
    served = None if parsed is None else _rebuilt(name, parsed)
    if served is not None:
        _valid_as_a_file_is(name, parsed, served)
    _check_commands(where, name, payload, served)


@pytest.mark.slow
@pytest.mark.parametrize("name", SNAPSHOTS)
@budget(8)
@given(data=st.data())
def test_a_planted_snapshot_with_wrong_types_huge_numbers_or_deep_nesting_changes_nothing(
    tmp_path: Path, name: str, data: st.DataObject
) -> None:
    where = tmp_path / f"cache-{name}"
    place = data.draw(places(name), label="place")
    how = data.draw(
        st.sampled_from([*_WRONG, "huge number", "deep nesting", "unknown key", "cut"]),
        label="how",
    )
    tree = _good(name)
    node = _at(tree, place)
    if how in _WRONG:
        payload = to_json(_mutated(tree, place, _WRONG[how]))
    elif how == "huge number":
        marker = "@@huge@@"
        digits = b"9" * data.draw(st.integers(5000, 20_000), label="digits")
        payload = to_json(_mutated(tree, place, marker)).replace(b'"@@huge@@"', digits)
    elif how == "deep nesting":
        depth = data.draw(st.integers(3, 2000), label="depth")
        payload = to_json(_mutated(tree, place, "@@deep@@")).replace(b'"@@deep@@"', _deep(depth))
    elif how == "unknown key" and isinstance(node, dict):
        payload = to_json(_mutated(tree, place, {**node, "\x00unknown": 1}))
    else:  # cut short
        whole = to_json(tree)
        payload = whole[: data.draw(st.integers(0, len(whole) - 1), label="cut at")]
    if how == "wrong type: bool" and _at(tree, place) is True:
        return  # a bool where a bool is: not a change
    _check_commands(where, name, payload, None)


# --------------------------------------------------------------------------- what rebuild knows


def test_rebuild_reads_back_every_type_it_writes() -> None:
    from datetime import date
    from decimal import Decimal

    from pydantic import BaseModel, ConfigDict

    class Toy(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")
        amount: Decimal
        day: date
        flag: bool
        pair: tuple[int, int]
        names: dict[str, list[str]]
        note: str | None = None

    toy = Toy(amount=Decimal("12.50"), day=date(2026, 11, 22), flag=True, pair=(1, 2),
              names={"a": ["b"]})  # fmt: skip
    data = rebuild.plain(toy)
    assert data == {"amount": "12.50", "day": "2026-11-22", "flag": True, "pair": [1, 2],
                    "names": {"a": ["b"]}}  # fmt: skip
    back = rebuild.build(Toy, data)
    assert back == toy and back.model_fields_set == toy.model_fields_set
    assert str(back.amount) == "12.50" and type(back.pair) is tuple
    for field, wrong in (("amount", "1e3"), ("amount", 12.5), ("amount", "NaN"), ("day", "x"), ("day", "2026-02-30"),
                         ("flag", 1), ("pair", [1, 2, 3]), ("pair", [1, True]),
                         ("names", {"a": "b"}), ("note", 1)):  # fmt: skip
        with pytest.raises(rebuild.Refused):
            rebuild.build(Toy, {**data, field: wrong})


def test_rebuild_refuses_a_model_it_cannot_check_whatever_the_data() -> None:
    from pydantic import BaseModel, field_validator

    class Either(BaseModel):
        value: int | str

    class Anything(BaseModel):
        value: Any

    class Several(BaseModel):
        value: tuple[int, ...]

    class Checked(BaseModel):
        value: int

        @field_validator("value")
        @classmethod
        def _even(cls, value: int) -> int:
            if value % 2:
                raise ValueError("odd")
            return value

    for model in (Either, Anything, Several, Checked):
        with pytest.raises(rebuild.Refused):
            rebuild.build(model, {"value": 2})
