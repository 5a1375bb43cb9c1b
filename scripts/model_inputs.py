"""Prints the files the trained model is built from, one per line (scripts/common.sh hashes them).

That is config.yml, domain.yml, data/, the Rasa lock, and the project modules the pipeline's custom
components import, followed through their `bot.*` imports. So editing furigana or the resource
map renderer, which Rasa never loads, does not make the model stale.

    python scripts/model_inputs.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXED = ("config.yml", "domain.yml", "requirements/rasa.lock")


def module_file(module: str) -> Path | None:
    """bot.nlu.tokenizer → bot/nlu/tokenizer.py (or the package's __init__.py); None if not ours."""
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports (absolute imports; also `from bot.x import y` as bot.x.y)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def closure(modules: set[str]) -> set[Path]:
    """The project files of `modules`, their parent packages and everything they import."""
    seen: set[Path] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        parts = module.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__
            path = module_file(".".join(parts[:i]))
            if path is not None and path not in seen:
                seen.add(path)
                todo.extend(imported_modules(path))
    return seen


def component_modules(config: dict) -> set[str]:
    """The modules of the custom components config.yml names (e.g. bot.nlu.tokenizer)."""
    names = [
        str(c.get("name", ""))
        for c in (config.get("pipeline") or []) + (config.get("policies") or [])
    ]
    return {name.rsplit(".", 1)[0] for name in names if "." in name}


def model_inputs() -> list[str]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    code = closure(component_modules(config))
    data = (p for p in (ROOT / "data").rglob("*.yml"))
    files = {*(ROOT / f for f in FIXED), *data, *code}
    return sorted(str(p.relative_to(ROOT)) for p in files)


if __name__ == "__main__":
    sys.stdout.write("".join(f"{path}\n" for path in model_inputs()))
