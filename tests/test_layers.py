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
