"""What each module of bot/resource_map/ may import: the domain is stdlib only, Pillow only in PNG."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "bot" / "resource_map"
FRAMEWORKS = {"rasa", "rasa_sdk", "fastapi", "sqlalchemy", "pydantic", "PIL"}
STDLIB = {
    "__future__",
    "json",
    "re",
    "unicodedata",
    "collections",
    "dataclasses",
    "enum",
    "typing",
    "urllib",
}
DOMAIN = {
    "bot.text.normalize",  # the one dash table (stdlib only)
    "bot.resource_map.model",
    "bot.resource_map.validation",
    "bot.resource_map.suggestions",
    "bot.resource_map.texts",
    "bot.resource_map.state",
    "bot.protocol",  # the button grammar shared with actions and API
}


def imports(path: Path) -> set[str]:
    """Top-level package names, but the project's modules in full (bot.resource_map.model)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module in ("bot", "bot.resource_map"):
            found |= {f"{node.module}.{a.name}" for a in node.names}  # from bot import protocol
        elif isinstance(node, ast.ImportFrom) and node.module:
            ours = node.module.startswith("bot.") and node.module
            found.add(ours or node.module.split(".")[0])
    return found


@pytest.mark.parametrize(
    "module", ["model", "validation", "suggestions", "texts", "state", "samples", "dialogue"]
)
def test_domain_core_imports_only_the_stdlib(module: str) -> None:
    imported = imports(PACKAGE / f"{module}.py")
    assert not imported & FRAMEWORKS
    # the dialogue reads the map back as text: never the layout or PNG modules
    assert imported <= STDLIB | DOMAIN | {"bot.resource_map.render.text"}


@pytest.mark.parametrize("module", ["text", "layout", "svg", "html"])
def test_rendering_needs_no_pillow_but_for_png(module: str) -> None:
    imported = imports(PACKAGE / "render" / f"{module}.py")
    assert not imported & FRAMEWORKS
    assert "bot.resource_map.render.png" not in imported


def test_text_rendering_is_as_pure_as_the_domain() -> None:
    assert imports(PACKAGE / "render" / "text.py") <= STDLIB | DOMAIN
