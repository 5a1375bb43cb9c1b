"""The application walkthrough (bot/walkthrough.py): the steps and the navigation between them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from bot.walkthrough import STEPS, clamp_step, render_step, walkthrough_target

SHARED = Path(__file__).resolve().parents[3] / "shared"


def test_the_steps_follow_the_facts_application_flow() -> None:
    # FACTS.md "Application flow" has 11 steps.
    assert len(STEPS) == 11
    assert STEPS[0].title == "使えるか確かめる"
    assert STEPS[-1].title == "終わりと引継ぎ"


@pytest.mark.parametrize("index", range(len(STEPS)))
def test_each_step_shows_progress_what_where_and_a_tip(index: int) -> None:
    text = render_step(index)
    assert text.startswith(f"【{index + 1}/11】")
    assert "・すること：" in text and "・どこで：" in text and "・ヒント：" in text


@pytest.mark.skipif(not (SHARED / "FACTS.md").exists(), reason="../shared is not beside the repo")
def test_every_figure_in_the_steps_is_in_the_sources() -> None:
    sources = unicodedata.normalize("NFKC", (SHARED / "FACTS.md").read_text(encoding="utf-8"))
    for step in STEPS:
        text = unicodedata.normalize("NFKC", f"{step.what} {step.where} {step.bring} {step.tip}")
        for figure in re.findall(r"\d+", text):
            assert figure in sources, (step.title, figure)


@pytest.mark.parametrize(("index", "expected"), [(-5, 0), (0, 0), (10, 10), (99, 10)])
def test_clamp_step(index: int, expected: int) -> None:
    assert clamp_step(index) == expected


@pytest.mark.parametrize(
    ("intent", "current", "step", "lead"),
    [
        pytest.param("start_walkthrough", None, 0, "1つずつ", id="first-start"),
        pytest.param("start_walkthrough", 4.0, 4, "続き", id="resume-where-left"),
        pytest.param("walkthrough_resume", 2.0, 2, "続き", id="back-after-a-question"),
        pytest.param("walkthrough_next", 0.0, 1, "", id="next"),
        pytest.param("walkthrough_next", None, 0, "", id="next-without-start"),
        pytest.param("walkthrough_next", 10.0, 10, "最後", id="next-at-the-end"),
        pytest.param("walkthrough_back", 3.0, 2, "", id="back"),
        pytest.param("walkthrough_back", 0.0, 0, "最初", id="back-at-the-start"),
        pytest.param("walkthrough_restart", 7.0, 0, "最初から", id="restart"),
        pytest.param("walkthrough_next", 57.0, 10, "最後", id="stale-slot-clamped"),
    ],
)
def test_walkthrough_target(intent: str, current: float | None, step: int, lead: str) -> None:
    got_step, got_lead = walkthrough_target(intent, current)
    assert got_step == step
    assert lead in got_lead


def test_regular_support_is_face_to_face_or_video_not_phone_alone() -> None:
    # 002 §14(2): 対面又はテレビ電話装置等 at least monthly (A8 of the review).
    step = next(s for s in STEPS if s.title == "支援を受ける")
    assert "電話だけでは足りません" in step.where
    assert "顔が見えるビデオ通話" in step.where
    assert "電話やオンラインでもできます" not in step.where


def test_the_steps_promise_no_handover_and_no_unsourced_tip() -> None:
    text = "".join(render_step(i) for i in range(len(STEPS)))
    last = STEPS[-1]
    assert last.tip.startswith("必要なときは")  # not handed over 一律に (002 §33; C15)
    # B4: tips that no source supports are gone
    assert "計画に入れてもらえます" not in text
    assert "受給者証に、使える期間が書いてあります" not in text
    assert "3年6か月" in STEPS[0].tip  # the upper bound (A2)
