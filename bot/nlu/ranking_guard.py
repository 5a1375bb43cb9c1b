"""The shared shape of the components that sit after the intent classifier and rewrite its
answer: each decides from one message a new (intent, ranking), and the FallbackClassifier after
them then judges the result as usual. ``LearnedRankingGuard``: one that learns something from
the training data and keeps it in the model as one text file."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

Intent = dict[str, Any]
Ranking = list[dict[str, Any]]
Learned = TypeVar("Learned")


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


class LearnedRankingGuard(RankingGuard, Generic[Learned]):
    """Subclasses name their ``FILE`` and implement ``learn``, ``encode`` and ``decode``;
    ``learned`` is None in a model trained without the component (it then guards nothing)."""

    FILE: ClassVar[str]

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, learned: Learned | None
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.learned = learned

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LearnedRankingGuard[Learned]:
        return cls(model_storage, resource, None)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LearnedRankingGuard[Learned]:
        try:
            with model_storage.read_from(resource) as directory:
                learned = cls.decode((directory / cls.FILE).read_text(encoding="utf-8"))
        except (ValueError, KeyError, FileNotFoundError):
            return cls(model_storage, resource, None)
        return cls(model_storage, resource, learned)

    def train(self, training_data: TrainingData) -> Resource:
        self.learned = self.learn(training_data)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_text(self.encode(self.learned), encoding="utf-8")
        return self._resource

    def learn(self, training_data: TrainingData) -> Learned:
        raise NotImplementedError

    @staticmethod
    def encode(learned: Learned) -> str:
        raise NotImplementedError

    @staticmethod
    def decode(text: str) -> Learned:
        raise NotImplementedError
