"""A Rasa NLU component that cuts an over-long message before anything else reads it.

The API refuses messages over MESSAGE_MAX_CHARS, but Rasa on loopback accepts anything, and the
pipeline's cost grows faster than the text (a 10,000-character message took 5.8 s and left Rasa at
3.9 GB: security review M1). First in the pipeline, this component keeps the first `max_chars`
characters of the text, so the tokenizer, the featurizers and DIET never see more, and neither do
the custom actions (they read the parsed text). The tracker still records what was sent.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

log = logging.getLogger(__name__)

# The API's own cap (api/config.py MESSAGE_MAX_CHARS); 1,000 kanji parse in about 0.2 s.
DEFAULT_MAX_CHARS = 1000


def cap_text(text: str, max_chars: int) -> str:
    """`text` without surrounding whitespace, cut to at most `max_chars` characters."""
    text = text.strip()
    return text if len(text) <= max_chars else text[:max_chars]


# Registered as a (non-trainable) classifier so that it runs only when messages are parsed:
# training data is never cut, and the trained graph does not depend on this component.
@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MessageLengthCap(GraphComponent):
    def __init__(self, max_chars: int) -> None:
        if max_chars < 1:
            raise ValueError(f"max_chars must be at least 1, not {max_chars}")
        self.max_chars = max_chars

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_chars": DEFAULT_MAX_CHARS}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageLengthCap:
        return cls(int(config["max_chars"]))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and len(text) > self.max_chars:
                capped = cap_text(text, self.max_chars)
                log.warning("a message of %d characters cut to %d", len(text), len(capped))
                message.set(TEXT, capped)
        return messages
