"""The shared shape of the components that sit after the intent classifier and rewrite its
answer: each decides from one message a new (intent, ranking), and the FallbackClassifier after
them then judges the result as usual."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

Intent = dict[str, Any]
Ranking = list[dict[str, Any]]


class RankingGuard(GraphComponent):
    """Subclasses implement `adjust`; returning the same `intent` object leaves the message as is."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RankingGuard:
        return cls()

    def adjust(self, intent: Intent, ranking: Ranking, message: Message) -> tuple[Intent, Ranking]:
        raise NotImplementedError

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT)
            if not intent:
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            new_intent, new_ranking = self.adjust(intent, ranking, message)
            if new_intent is not intent:
                message.set(INTENT, new_intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, new_ranking, add_to_output=True)
        return messages
