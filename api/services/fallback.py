"""Which bot answers mean "the bot could not answer".

The REST channel returns only texts, not intents. The fallback responses are plain responses in
domain.yml (`utter_default` for low NLU confidence / core fallback, `utter_out_of_scope` for the
out_of_scope intent), so a bot message whose text is one of theirs marks the user's message as
unanswered. The texts are read from domain.yml at start-up, so they never drift from the bot.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

FALLBACK_RESPONSES = {"utter_default": "fallback", "utter_out_of_scope": "out_of_scope"}


@lru_cache(maxsize=4)
def fallback_texts(domain_file: Path) -> dict[str, str]:
    """Maps each fallback response text to its reason ("fallback" / "out_of_scope")."""
    try:
        domain = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    except OSError:
        return {}
    responses = domain.get("responses") or {}
    texts: dict[str, str] = {}
    for name, reason in FALLBACK_RESPONSES.items():
        for variant in responses.get(name) or []:
            if isinstance(variant, dict) and isinstance(variant.get("text"), str):
                texts[variant["text"].strip()] = reason
    return texts
