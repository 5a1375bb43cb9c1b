"""The shape of api/: no import cycle between its modules, no module over 500 lines.

Imports are read with `ast`, including those inside functions (an import moved into a function
to dodge a cycle is still a cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

API = ROOT / "api"
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def api_modules() -> dict[str, Path]:
    return {module_name(p): p for p in API.rglob("*.py") if "alembic" not in p.parts}


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The api modules `path` imports (`from api.services import chat` counts as api.services.chat;
    the empty package __init__ files are left out)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(n for n in names if n in known and known[n].stat().st_size > 0)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = api_modules()
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, …, a], or None (depth-first search with colours)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_imports_inside_functions(tmp_path: Path) -> None:
    graph = import_graph()
    assert "api.services.chat" in graph["api.routes.chat"]
    assert "api.services.relay" in graph["api.services.chat"]
    # resource_map.suggestion_buttons once imported the chat service inside the function.
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from api.services.chat import x\n", encoding="utf-8")
    assert imports_of(sample, api_modules()) == {"api.services.chat"}


def test_no_import_cycle_in_api() -> None:
    assert find_cycle(import_graph()) is None


def test_no_module_over_500_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in API.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
