"""actions/ as the action server loads it (rasa_sdk's `--actions actions`), and the responses it
utters by name from domain.yml."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_action_server_registers_exactly_the_domain_actions() -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(DOMAIN["actions"])


def responses_named_in_actions() -> set[str]:
    """Every `utter_message(response="utter_…")` with a literal name in actions/*.py."""
    names: set[str] = set()
    for path in (ROOT / "actions").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "utter_message":
                for keyword in node.keywords:
                    if keyword.arg == "response" and isinstance(keyword.value, ast.Constant):
                        names.add(str(keyword.value.value))
    return names


def test_every_response_an_action_names_is_in_the_domain() -> None:
    named = responses_named_in_actions()
    assert named, "no action utters a response by name any more: is this test still needed?"
    assert named <= set(DOMAIN["responses"])


def test_every_response_is_said_by_a_rule_a_story_or_an_action() -> None:
    # `rasa data validate` warns about responses no story or rule uses, which is every response
    # only an action utters; this is the check it cannot make.
    data = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "data").rglob("*.yml"))
    in_data = set(re.findall(r"action:\s*(utter_\w+)", data))
    assert set(DOMAIN["responses"]) - in_data - responses_named_in_actions() == set()
