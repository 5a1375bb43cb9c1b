"""What the tests of the trained guards share: the project's NLU data tokenised as `rasa train`
does, a guard trained on it and loaded back from the model storage, and one message judged."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.ranking_guard import RankingGuard
from bot.nlu.tokenizer import JapaneseTokenizer

ROOT = Path(__file__).resolve().parents[3]
Guard = TypeVar("Guard", bound=RankingGuard)


def project_training_data(tokenizer: JapaneseTokenizer) -> TrainingData:
    importer = RasaFileImporter(
        config_file=str(ROOT / "config.yml"),
        domain_path=str(ROOT / "domain.yml"),
        training_data_paths=[str(ROOT / "data" / "nlu")],
    )
    data = importer.get_nlu_data()
    tokenizer.process_training_data(data)
    return data


def train_and_load(kind: type[Guard], data: TrainingData, directory: Path) -> Guard:
    """Trained into a model storage, then loaded back from it, as `rasa run` does."""
    storage = LocalModelStorage(directory)
    resource = Resource(kind.__name__)
    trained = kind.create({}, storage, resource, ExecutionContext(GraphSchema({}), "train"))
    trained.train(data)  # type: ignore[attr-defined]
    return kind.load({}, storage, resource, ExecutionContext(GraphSchema({}), "run"))  # type: ignore[return-value]


def tokenized(tokenizer: JapaneseTokenizer, text: str) -> Message:
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    return message


def judged(
    guard: RankingGuard, tokenizer: JapaneseTokenizer, text: str, intent: str, confidence: float
) -> Message:
    """The message after `guard`, as DIET would have ranked it: `intent` first, then out_of_scope."""
    message = tokenized(tokenizer, text)
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(
        INTENT_RANKING_KEY,
        [{"name": intent, "confidence": confidence}, {"name": "out_of_scope", "confidence": 0.05}],
    )
    guard.process([message])
    return message
