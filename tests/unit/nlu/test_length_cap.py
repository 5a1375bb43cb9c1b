"""MessageLengthCap: Rasa never parses more than `max_chars` characters (bot/nlu/length_cap.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.length_cap import DEFAULT_MAX_CHARS, MessageLengthCap, cap_text


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        pytest.param("費用は？", 10, "費用は？", id="short-unchanged"),
        pytest.param("あいうえお", 5, "あいうえお", id="exactly-the-cap"),
        pytest.param("あいうえおか", 5, "あいうえお", id="one-over"),
        pytest.param("  あいう  ", 3, "あいう", id="spaces-do-not-count"),
        pytest.param("費用" * 50_000, 1000, "費用" * 500, id="100k"),
    ],
)
def test_cap_text(text: str, max_chars: int, expected: str) -> None:
    assert cap_text(text, max_chars) == expected


def make_cap(tmp_path: Path, **config: int) -> MessageLengthCap:
    return MessageLengthCap.create(
        {**MessageLengthCap.get_default_config(), **config},
        LocalModelStorage(tmp_path),
        Resource("cap"),
        ExecutionContext(graph_schema=None, model_id="test"),  # type: ignore[arg-type]
    )


def test_process_cuts_only_long_messages(tmp_path: Path) -> None:
    cap = make_cap(tmp_path)
    long = Message(data={TEXT: "費用はいくらですか。" * 10_000})
    short = Message(data={TEXT: "費用はいくらですか"})
    no_text = Message(data={})
    cap.process([long, short, no_text])
    assert len(long.get(TEXT)) == DEFAULT_MAX_CHARS
    assert long.get(TEXT) == ("費用はいくらですか。" * 100)[:DEFAULT_MAX_CHARS]
    assert short.get(TEXT) == "費用はいくらですか"
    assert no_text.get(TEXT) is None


def test_configured_cap_and_bad_config(tmp_path: Path) -> None:
    message = Message(data={TEXT: "あ" * 20})
    make_cap(tmp_path, max_chars=8).process([message])
    assert message.get(TEXT) == "あ" * 8
    with pytest.raises(ValueError, match="at least 1"):
        make_cap(tmp_path, max_chars=0)


def test_config_yml_puts_the_cap_first() -> None:
    config = yaml.safe_load((Path(__file__).resolve().parents[3] / "config.yml").read_text())
    assert config["pipeline"][0]["name"] == "bot.nlu.length_cap.MessageLengthCap"
