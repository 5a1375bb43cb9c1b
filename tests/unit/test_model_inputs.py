"""The model fingerprint covers what Rasa loads, and nothing that only the API runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("model_inputs", ROOT / "scripts/model_inputs.py")
assert spec and spec.loader
model_inputs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(model_inputs)


def test_the_pipeline_components_and_what_they_import_are_inputs() -> None:
    inputs = set(model_inputs.model_inputs())
    assert {"config.yml", "domain.yml", "requirements/rasa.lock"} <= inputs
    assert {"bot/nlu/tokenizer.py", "bot/nlu/intent_guard.py", "bot/text/segment.py"} <= inputs
    assert "data/nlu/faq_core.yml" in inputs


def test_code_rasa_never_loads_is_not_an_input() -> None:
    inputs = set(model_inputs.model_inputs())
    assert not any(p.startswith(("bot/resource_map/", "api/", "actions/")) for p in inputs)
    assert "bot/text/furigana.py" not in inputs
