"""Held-out gate: the trained model must keep its accuracy on messages it never saw.

The held-out set (tests/nlu/heldout.yml) is written separately from data/nlu and never trained on.
bench/nlu_heldout.py prints the full figures; this test guards the two that matter most.
"""

from __future__ import annotations

import asyncio

import pytest

from bench.heldout import load_examples, prediction_from_parse, score
from tests.live_servers import MODEL


@pytest.fixture(scope="module")
def heldout_score():
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    examples = load_examples()

    async def predict_all():
        return [prediction_from_parse(await agent.parse_message(e.text)) for e in examples]

    return score(examples, asyncio.run(predict_all()))


def test_heldout_set_is_big_enough_to_mean_something(heldout_score) -> None:
    assert heldout_score.n >= 150


def test_heldout_accuracy_meets_the_target(heldout_score) -> None:
    assert heldout_score.accuracy >= 0.95, heldout_score.confusions


def test_out_of_scope_is_never_answered_with_a_fact(heldout_score) -> None:
    assert heldout_score.out_of_scope_answered_with_fact == []
