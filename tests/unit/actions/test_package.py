"""actions/ as the action server loads it (rasa_sdk's `--actions actions`)."""

from __future__ import annotations


def test_the_action_server_registers_exactly_the_domain_actions() -> None:
    from pathlib import Path

    import yaml
    from rasa_sdk.executor import ActionExecutor

    domain = yaml.safe_load(
        (Path(__file__).resolve().parents[3] / "domain.yml").read_text(encoding="utf-8")
    )
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(domain["actions"])
