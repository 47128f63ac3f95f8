"""The package tree is the data flow: imports run one way only.

files -> core <- output <- batch <- cli; errors and signals below everything. Each package's
``__init__`` docstring says what it may import; this test holds the code to it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "salesgrid"

#: package (or top-level module) -> the salesgrid packages and modules it may import
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "signals": set(),
    "core": {"errors", "core"},
    # __version__ (the snapshot's key); signals (the snapshot's temporary file)
    "files": {"errors", "signals", "core", "files", "__init__"},
    "output": {"errors", "signals", "core", "output"},
    "batch": {"errors", "signals", "core", "output", "batch"},  # signals: the second process
    "api": {"errors", "core", "files", "output", "batch", "api", "__init__"},  # __version__
    "cli": {"errors", "signals", "core", "files", "output", "batch", "cli", "__init__"},
    "entry": {"signals", "cli"},
    "__main__": {"entry"},
}


def _layer(path: Path) -> str:
    parts = path.relative_to(SRC).parts
    return parts[0] if len(parts) > 1 else path.stem


def _imports(path: Path) -> set[str]:
    """The salesgrid layers a module imports (``from salesgrid import x`` counts as x's layer,
    or as the package itself for ``__version__``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "salesgrid":
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(
                    a.name if (SRC / a.name).is_dir() or (SRC / f"{a.name}.py").is_file()
                    else "__init__"
                    for a in node.names
                )  # fmt: skip
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "salesgrid" and len(parts) > 1:
                    found.add(parts[1])
    return found


MODULES = sorted(p for p in SRC.rglob("*.py") if _layer(p) != "__init__")


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_imports_run_one_way(path: Path) -> None:
    layer = _layer(path)
    assert layer in ALLOWED, f"{path}: a new layer; say what it may import in ALLOWED"
    wrong = _imports(path) - ALLOWED[layer]
    assert not wrong, f"{path.relative_to(SRC)} ({layer}) imports {sorted(wrong)}"


def test_every_package_says_what_it_may_import() -> None:
    for package in (p for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").is_file()):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May import" in doc, package.name


# -- the module graph: no cycles, no big rooms, no borrowed private names ---------------------

ROOT = SRC.parent.parent
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _typing_only(tree: ast.AST) -> set[int]:
    """The nodes under ``if TYPE_CHECKING:``: imports for the type checker, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for part in node.body for inner in ast.walk(part))
    return skipped


def _targets(name: str, path: Path, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The salesgrid modules one import statement loads (``from a import b``: the module a.b
    when there is one, else a)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in SOURCES}
    if node.level:  # relative: from the module's own package upwards
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        base = ".".join([*package[: len(package) - node.level + 1], node.module or ""]).strip(".")
    else:
        base = node.module or ""
    if base not in SOURCES:
        return set()
    return {f"{base}.{a.name}" if f"{base}.{a.name}" in SOURCES else base for a in node.names}


def module_graph() -> dict[str, set[str]]:
    """Each module -> the salesgrid modules it imports when run: at module level and inside
    functions (a local import is still a dependency), not those under ``TYPE_CHECKING``.
    ``salesgrid/__init__`` resolves its public names through ``importlib`` on first use, which
    is the API's door, not a dependency of anything below it."""
    graph: dict[str, set[str]] = {}
    for name, path in SOURCES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _typing_only(tree)
        graph[name] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped:
                graph[name] |= _targets(name, path, node) - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every set of modules that import each other, directly or round a loop (Tarjan's strongly
    connected components, iterative), each sorted; a module alone is no cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_loops_and_only_loops() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}) == [["a", "b"], ["c", "d"]]


def test_the_graph_sees_local_imports_and_skips_type_checking_ones() -> None:
    graph = module_graph()
    assert "salesgrid.core.payroll" in graph["salesgrid.files.loader"]  # a local import
    assert "salesgrid.api" not in graph["salesgrid"]  # only under TYPE_CHECKING


def test_no_module_imports_itself_round_a_loop() -> None:
    loops = cycles(module_graph())
    assert not loops, "modules that import each other: " + "; ".join(map(" <-> ".join, loops))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_no_module_is_over_600_lines(name: str) -> None:
    lines = SOURCES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{SOURCES[name].relative_to(ROOT)}: {lines} lines; split it"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _borrowed(path: Path) -> list[str]:
    """Private names one file takes from a salesgrid module: ``from m import _x``, ``m._x``
    (m an imported salesgrid module), ``setattr(m, "_x", ...)`` and ``"salesgrid.m._x"``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: dict[str, str] = {}  # local name -> salesgrid module
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("salesgrid"):
            for alias in node.names:
                if f"{node.module}.{alias.name}" in SOURCES:
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                elif _private(alias.name):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in SOURCES:
                    modules[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = ast.unparse(node.value)
            if owner in modules or (owner.startswith("salesgrid") and owner in SOURCES):
                found.append(f"line {node.lineno}: {owner}.{node.attr}")
        elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith(("setattr", "getattr")):
            args = node.args
            if (
                len(args) >= 2
                and ast.unparse(args[0]) in modules
                and isinstance(args[1], ast.Constant)
                and isinstance(args[1].value, str)
                and _private(args[1].value)
            ):
                found.append(f"line {node.lineno}: {ast.unparse(node.func)}(.., {args[1].value!r})")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            head, _, last = node.value.rpartition(".")
            if head in SOURCES and _private(last):
                found.append(f"line {node.lineno}: {node.value!r}")
    return found


USERS = sorted(
    [*SRC.rglob("*.py"), *(ROOT / "tests").glob("*.py"), *(ROOT / "benchmarks").glob("*.py"),
     *(ROOT / "examples").glob("*.py")]
)  # fmt: skip


@pytest.mark.parametrize("path", USERS, ids=[str(p.relative_to(ROOT)) for p in USERS])
def test_no_private_name_is_taken_from_another_module(path: Path) -> None:
    """A name another module uses is public; one with a leading underscore stays in its module."""
    borrowed = [] if path == Path(__file__) else _borrowed(path)
    assert not borrowed, f"{path.relative_to(ROOT)} takes private names: {borrowed}"


def test_a_borrowed_private_name_is_seen(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from salesgrid.files import loader\nfrom salesgrid.cli.options import _x\n"
        "loader._y()\nsetattr(loader, '_z', 1)\nprint('salesgrid.files.loader._w')\n"
        "loader.public()\nprint(loader.__name__)\n",
        encoding="utf-8",
    )
    assert sorted(found.split(":")[0] for found in _borrowed(sample)) == [
        "line 2", "line 3", "line 4", "line 5"
    ]  # fmt: skip


# -- lazy imports: each one pays for itself and says why ---------------------------------------


def _top_level(tree: ast.Module) -> set[str]:
    """What a module imports when it is loaded (its body, and ``try`` blocks there)."""
    names: set[str] = set()
    for node in tree.body:
        for inner in [node, *(node.body if isinstance(node, ast.Try) else [])]:
            if isinstance(inner, ast.Import):
                names.update(alias.name for alias in inner.names)
            elif isinstance(inner, ast.ImportFrom) and not inner.level:
                base = inner.module or ""
                names.update(
                    f"{base}.{a.name}" if f"{base}.{a.name}" in SOURCES else base
                    for a in inner.names
                )
    return names


def lazy_imports() -> list[tuple[str, ast.Import | ast.ImportFrom, list[str]]]:
    """Every import inside a function (not under ``TYPE_CHECKING``): module, node, its lines."""
    found = []
    for name, path in SOURCES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        skipped = _typing_only(tree)
        sites = {
            id(node): node
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
            for node in ast.walk(function)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped
        }
        found.extend((name, node, lines) for node in sites.values())
    return found


def test_a_lazy_import_is_of_what_its_module_has_not_loaded_already() -> None:
    """An import inside a function pays for itself only when the module has not loaded the
    same thing at its top, directly or through the salesgrid modules it imports there."""
    loaded: dict[str, set[str]] = {}
    for name, path in SOURCES.items():
        loaded[name] = _top_level(ast.parse(path.read_text(encoding="utf-8")))
    for name in list(loaded):  # the salesgrid closure of each module's top-level imports
        todo, seen = list(loaded[name]), set(loaded[name])
        while todo:
            for more in loaded.get(todo.pop(), ()):
                if more not in seen:
                    seen.add(more)
                    todo.append(more)
        loaded[name] = seen
    wasted = []
    for name, node, _ in lazy_imports():
        if isinstance(node, ast.Import):
            targets = {alias.name for alias in node.names}
        else:
            base = node.module or ""
            targets = {
                f"{base}.{a.name}" if f"{base}.{a.name}" in SOURCES else base for a in node.names
            }
        if targets <= loaded[name] | {name}:
            wasted.append(f"{SOURCES[name].relative_to(ROOT)}:{node.lineno}")
    assert not wasted, "imports inside functions of what the module loads anyway: " + ", ".join(
        wasted
    )


def test_every_lazy_import_says_why() -> None:
    """``# why`` on the import's line or the line above; a block of imports shares one."""
    silent = []
    last_end: dict[str, int] = {}
    for name, node, lines in sorted(lazy_imports(), key=lambda site: (site[0], site[1].lineno)):
        first, above = lines[node.lineno - 1], lines[node.lineno - 2].strip()
        end = last_end.get(name, -1)  # one block of imports, blank lines between, shares one
        follows = end > 0 and not "".join(lines[end : node.lineno - 1]).strip()
        last_end[name] = node.end_lineno or node.lineno
        said = "#" in first or "#" in lines[last_end[name] - 1] or above.startswith("#")
        if not (said or follows):
            silent.append(f"{SOURCES[name].relative_to(ROOT)}:{node.lineno}")
    assert not silent, "lazy imports without a comment saying why: " + ", ".join(silent)
