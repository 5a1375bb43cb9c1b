"""The resource map conversation (bot/resource_map/dialogue.py): typed answers, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.resource_map.dialogue import (
    ask,
    start,
)
from bot.resource_map.model import Contact, DisabilityType, LifeArea
from bot.resource_map.state import DialogueState, Step
from bot.resource_map.texts import (
    EMPTY_NOTE,
)
from tests.unit.resource_map.conftest import at, choices, one_contact_map, say

W, H, D, L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE


# --- handle: typed text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "text", "step", "check"),
    [
        (DialogueState(), "はい", Step.DISABILITY, lambda s: s.consent is True),
        (DialogueState(), "いいえ。", Step.GOAL, lambda s: s.consent is False),
        (DialogueState(), "たぶん", Step.CONSENT, lambda s: s.consent is None),
        (
            at(Step.DISABILITY, consent=True),
            "発達と精神",
            Step.GOAL,
            lambda s: s.disability_types == (DisabilityType.DEVELOPMENTAL, DisabilityType.MENTAL),
        ),
        (
            at(Step.DISABILITY, consent=True),
            "言いたくない",
            Step.GOAL,
            lambda s: s.disability_types == (),
        ),
        (
            at(Step.DISABILITY, consent=True),
            "よくわからない",
            Step.DISABILITY,
            lambda s: s.disability_types == (),
        ),
        (
            at(Step.GOAL),
            "今の職場で働き続けたい",
            Step.AREA,
            lambda s: s.map.goal == "今の職場で働き続けたい",
        ),
        (at(Step.GOAL), "なし", Step.AREA, lambda s: s.map.goal is None),
        (at(Step.GOAL), "あ" * 121, Step.GOAL, lambda s: s.map.goal is None),
        (
            at(Step.AREA),
            "田中さん（総務課）",
            Step.ABOUT,
            lambda s: s.pending == Contact("田中さん", organisation="総務課"),
        ),
        (at(Step.AREA), "お母さん", Step.ABOUT, lambda s: s.pending == Contact("お母さん")),
        (at(Step.AREA), "とばす", Step.AREA, lambda s: s.area is H and s.map.section(W).skipped),
        (at(Step.AREA, map=one_contact_map()), "いません", Step.AREA, lambda s: s.area is H),
        (at(Step.ABOUT), "仕事の量", Step.HOW, lambda s: s.pending.about == "仕事の量"),
        (at(Step.ABOUT), "スキップ", Step.HOW, lambda s: s.pending.about is None),
        (
            at(Step.HOW),
            "朝礼のあと",
            Step.AREA,
            lambda s: s.map.contact(W, 0).how_to_contact == "朝礼のあと",
        ),
        (
            at(Step.HOW),
            "０３ー１２３４ー５６７８",
            Step.AREA,
            lambda s: s.map.contact(W, 0).phone == "03-1234-5678",
        ),
        (
            at(Step.HOW),
            "www.example.com",
            Step.AREA,
            lambda s: s.map.contact(W, 0).url == "https://www.example.com",
        ),
        (at(Step.HOW), "なし", Step.AREA, lambda s: s.map.contact(W, 0).contact_line is None),
        (at(Step.EDIT_FIELD), "所属", Step.EDIT_VALUE, lambda s: s.edit == (W, 0, "organisation")),
        (
            at(Step.EDIT_VALUE),
            "人間関係",
            Step.AREA,
            lambda s: s.map.contact(W, 0).about == "人間関係",
        ),
        (
            at(Step.EDIT_VALUE, edit=(W, 0, "name")),
            "課長",
            Step.AREA,
            lambda s: s.map.contact(W, 0).name_or_role == "課長",
        ),
        (
            at(Step.EDIT_VALUE, edit=(W, 0, "how")),
            "https://example.com",
            Step.AREA,
            lambda s: (
                (s.map.contact(W, 0).url, s.map.contact(W, 0).phone)
                == ("https://example.com", None)
            ),
        ),
        (
            at(Step.EDIT_VALUE, edit=(W, 0, "name")),
            "   ",
            Step.EDIT_VALUE,
            lambda s: s.map.contact(W, 0).name_or_role == "上司",
        ),
    ],
)
def test_text_turn(state: DialogueState, text: str, step: Step, check) -> None:  # type: ignore[no-untyped-def]
    new, reply = say(state, text)
    assert new.step is step
    assert check(new)
    assert reply.texts


def test_adding_a_contact_reports_map_changed_and_asks_for_more() -> None:
    new, reply = say(at(Step.HOW), "電話")
    assert reply.map_changed and new.pending is None
    assert reply.texts[0] == "登録しました。"
    assert "ほかにも" in reply.texts[1] and "next_area" in choices(reply)


def test_done_skips_what_is_left_and_edits_reopen_after_done() -> None:
    state, reply = say(at(Step.AREA, map=one_contact_map()), choice="done")
    assert state.step is Step.DONE and reply.finished and reply.map_changed
    assert state.map.pending_areas() == ()
    state, reply = say(state, choice="edit:workplace:0")
    assert state.step is Step.EDIT_FIELD and not reply.finished
    state, reply = say(state, choice="field:organisation")
    state, reply = say(state, choice="clear")
    assert state.step is Step.DONE and reply.finished
    assert state.map.contact(W, 0).organisation is None
    state, reply = say(state, choice="add:health")
    assert (state.step, state.area, reply.finished) == (Step.AREA, H, False)
    state, reply = say(state, choice="next_area")
    assert state.step is Step.DONE and reply.finished


def test_removing_the_last_contact_of_an_area_marks_it_skipped() -> None:
    state = DialogueState(
        map=one_contact_map().skip_area(H).skip_area(D).skip_area(L), step=Step.DONE
    )
    new, reply = say(state, choice="remove:workplace:0")
    assert new.step is Step.DONE and reply.finished and reply.map_changed
    assert new.map.section(W).skipped and new.map.contact_count == 0


def test_typed_text_after_done_reads_back() -> None:
    state = DialogueState(map=one_contact_map(), step=Step.DONE)
    new, reply = say(state, "ありがとう")
    assert new == state and reply.finished


# --- hostile input --------------------------------------------------------------------------


BLANK = ["", "   ", "\n\t", "\x00\x07", "\u200b", "\u3000"]


HOSTILE = BLANK + [
    "あ" * 5000,
    "a" * 5000,
    "。" * 3000 + "x",
    "（" * 3000 + "）",
    "🎉🙏",
    "<script>alert(1)</script>",
    "\ud800",
    "ｶﾞｲﾄﾞ",
    "\u202e逆",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("step", list(Step))
def test_hostile_text_never_crashes(step: Step, text: str) -> None:
    state = at(step) if step is not Step.DONE else DialogueState(step=Step.DONE)
    new, reply = say(state, text)
    assert reply.texts and all(isinstance(t, str) for t in reply.texts)
    assert DialogueState.from_json(new.to_json()) == new
    if text in BLANK:
        assert new == state
        if step is not Step.DONE:
            assert reply.texts == (EMPTY_NOTE, *ask(state).texts)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(max_size=30),
            st.one_of(
                st.none(),
                st.sampled_from(
                    [
                        "consent_yes",
                        "consent_no",
                        "type:mental",
                        "type_none",
                        "goal_skip",
                        "suggest:上司",
                        "suggest:主治医",
                        "own",
                        "skip_area",
                        "next_area",
                        "about_skip",
                        "how_skip",
                        "add:health",
                        "edit:workplace:0",
                        "remove:workplace:0",
                        "field:name",
                        "field:how",
                        "clear",
                        "cancel",
                        "show",
                        "continue",
                        "done",
                        "bogus",
                    ]
                ),
            ),
        ),
        max_size=30,
    )
)
def test_any_sequence_of_turns_keeps_a_valid_state(turns: list[tuple[str, str | None]]) -> None:
    state, _ = start(None)
    for text, choice in turns:
        state, reply = say(state, text, choice)
        assert reply.texts
        assert DialogueState.from_json(state.to_json()) == state
        if state.consent is not True:
            assert state.disability_types == ()
