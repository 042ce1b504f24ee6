"""Import loops and imports that run back up the layers, measured from the source (nothing is run).

    python scripts/import_layers.py [ROOT]      # ROOT: a checkout (default: this one)

The layers, top to bottom: chat (`handlers`) and the scheduler's jobs (`scheduler`) call the
domain and the platform (`bot`, `knowledge`); the protocol edge (`bot.wechat`) calls none of the
chat side (`handlers`, `bot.dispatch`, `bot.conversation`). An import that runs back up is one
from a lower layer into a higher one, at module level or inside a function. The composition
roots, which exist to wire the layers together, may import anything: `bot` (create_app),
`bot.cli` (the `flask` commands), and the dev tools that drive the whole app (`bot.dev`,
`bot.converse`).

Imports under `if TYPE_CHECKING:` never run and are not counted. A loop is a strongly connected
set of modules: under module-level imports (those run at import
time), and again counting imports inside functions (a loop deferred, still two modules that
need each other). A package and its own submodules count as one. Exit status 1 if any list is
not empty.
"""
from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("bot", "handlers", "knowledge", "scheduler")
CHAT = ("handlers", "bot.dispatch", "bot.conversation")


def modules(root: Path) -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest known module that `name` is or lies in."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, bool]]:
    """(imported module, at module level) for every import of one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    top_level = {id(node) for node in tree.body}
    typing_only: set[int] = set()
    for node in tree.body:  # if/try blocks at top level run at import too; `if TYPE_CHECKING:` never runs
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(child) for child in ast.walk(node))
        elif isinstance(node, (ast.If, ast.Try)):
            top_level.update(id(child) for child in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        at_top = id(node) in top_level
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _resolve(alias.name, known)
                if target:
                    yield target, at_top
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                target = _resolve(f"{source}.{alias.name}", known) if f"{source}.{alias.name}" in known else \
                    _resolve(source, known)
                if target:
                    yield target, at_top


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _is_root(name: str) -> bool:
    return name in ("bot", "bot.cli") or _under(name, ("bot.dev", "bot.converse"))


def upward(source: str, target: str) -> bool:
    if _is_root(source):
        return False
    if _under(source, ("bot.wechat",)) and _under(target, CHAT):
        return True
    return _under(source, ("bot", "knowledge")) and _under(target, ("handlers", "scheduler"))


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


@dataclass
class Measure:
    loops: list[list[str]]  # under module-level imports: they run at import time
    lazy_loops: list[list[str]]  # counting imports inside functions too (composition roots left out)
    upward: list[tuple[str, str, bool]]  # (importer, imported, at module level)


def measure(root: Path) -> Measure:
    known = modules(root)
    graph: dict[str, set[str]] = {name: set() for name in known}
    lazy: dict[str, set[str]] = {name: set() for name in known}
    ups: set[tuple[str, str, bool]] = set()
    for name, path in known.items():
        for target, at_top in imports(name, path, known):
            if target == name:
                continue
            # A package's __init__ importing its own submodules is how it names its API, and a
            # submodule importing `from . import x` goes through the package: both are one unit.
            if not (name.startswith(target + ".") or target.startswith(name + ".")):
                if at_top:
                    graph[name].add(target)
                if not _is_root(name):
                    lazy[name].add(target)
            if upward(name, target):
                ups.add((name, target, at_top))
    return Measure(loops(graph), loops(lazy), sorted(ups))


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1]
    found = measure(root)
    print(f"import loops at import time: {len(found.loops)}")
    for component in found.loops:
        print("  " + " <-> ".join(component))
    print(f"import loops counting imports inside functions: {len(found.lazy_loops)}")
    for component in found.lazy_loops:
        print("  " + " <-> ".join(component))
    print(f"imports back up the layers: {len(found.upward)}")
    for source, target, at_top in found.upward:
        print(f"  {source} -> {target}" + ("" if at_top else "  (inside a function)"))
    return 1 if found.loops or found.lazy_loops or found.upward else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
