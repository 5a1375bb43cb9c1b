"""The resource map conversation (bot/resource_map/dialogue.py): starting, asking, buttons."""

from __future__ import annotations

import re

import pytest

from bot.resource_map.dialogue import (
    MAX_SUGGESTION_BUTTONS,
    Reply,
    ask,
    start,
    state_summary_dict,
    summary,
)
from bot.resource_map.model import Contact, DisabilityType, LifeArea, ResourceMap
from bot.resource_map.state import DialogueState, Step
from bot.resource_map.suggestions import LocalSuggestion
from bot.resource_map.texts import (
    CONSENT_DECLINED_TEXT,
    CONSENT_TEXT,
    LOST_NOTE,
    MAP_EXPLANATION,
    RESUME_TEXT,
    STALE_NOTE,
)
from bot.resource_map.validation import MAX_CONTACTS_PER_AREA
from tests.unit.resource_map.conftest import at, choices, one_contact_map, say

W, H, D, L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE


# --- start ----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [None, DialogueState()])
def test_start_new_explains_and_asks_consent(state: DialogueState | None) -> None:
    new, reply = start(state)
    assert new == DialogueState()
    assert reply.texts == (MAP_EXPLANATION, CONSENT_TEXT)
    assert choices(reply) == ["consent_yes", "consent_no"]
    assert not reply.finished


@pytest.mark.parametrize("state", [None, DialogueState()])
def test_start_without_the_disability_question_goes_to_the_goal(
    state: DialogueState | None,
) -> None:
    """LINE, unless the office enables it: no consent question, no disability question."""
    new, reply = start(state, ask_disability=False)
    assert new.step is Step.GOAL and new.consent is False and new.disability_types == ()
    assert reply.texts == (MAP_EXPLANATION,)
    assert choices(reply) == ["goal_skip"]
    # The map is built as usual and never asks about disability later.
    new, reply = say(new, choice="goal_skip")
    assert new.step is Step.AREA and CONSENT_TEXT not in reply.texts
    assert all(not c.startswith("type:") for c in choices(reply))


def test_start_without_the_disability_question_keeps_a_half_done_map() -> None:
    half_done = at(Step.AREA)
    new, _reply = start(half_done, ask_disability=False)
    assert new == half_done


@pytest.mark.parametrize(
    "step",
    [Step.DISABILITY, Step.GOAL, Step.AREA, Step.ABOUT, Step.HOW, Step.EDIT_FIELD, Step.EDIT_VALUE],
)
def test_start_half_done_resumes_with_the_step_question(step: Step) -> None:
    state = at(step)
    new, reply = start(state)
    assert new == state
    assert reply.texts[0] == RESUME_TEXT
    assert reply.texts[1:] == ask(state).texts
    assert reply.buttons == ask(state).buttons


def test_start_done_reads_the_map_back() -> None:
    state = DialogueState(map=one_contact_map(), step=Step.DONE)
    _, reply = start(state)
    assert reply.finished
    assert any("上司（総務課）" in t for t in reply.texts)


def test_a_lost_state_starts_afresh_and_says_so() -> None:
    new, reply = start(at(Step.HOW), lost=True)
    assert new == DialogueState()
    assert reply.texts == (LOST_NOTE, MAP_EXPLANATION, CONSENT_TEXT)
    assert choices(reply) == ["consent_yes", "consent_no"]
    for sentence in filter(None, re.split(r"(?<=。)", LOST_NOTE)):
        assert len(sentence) <= 40 and re.search(r"(でした|ます)。$", sentence)


# --- ask: one row per step ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "fragment", "expected"),
    [
        (at(Step.CONSENT), "保存してもよいですか", ["consent_yes", "consent_no"]),
        (
            at(Step.DISABILITY, consent=True),
            "障害の種類",
            [f"type:{t.value}" for t in DisabilityType] + ["type_none"],
        ),
        (at(Step.GOAL), "めざす姿", ["goal_skip"]),
        (at(Step.AREA), "職場の安定について", ["suggest:上司", "own", "skip_area"]),
        (at(Step.AREA, map=one_contact_map()), "ほかにも", ["own", "next_area", "show"]),
        (at(Step.ABOUT), "上司には、どんなこと", ["about_skip"]),
        (at(Step.HOW), "どうやって連絡", ["how_skip"]),
        (
            at(Step.EDIT_FIELD),
            "どこを直しますか",
            [
                "field:name",
                "field:organisation",
                "field:about",
                "field:how",
                "remove:workplace:0",
                "cancel",
            ],
        ),
        (at(Step.EDIT_VALUE), "新しい相談すること", ["clear", "cancel"]),
        (at(Step.EDIT_VALUE, edit=(W, 0, "name")), "新しい名前か役割", ["cancel"]),
    ],
)
def test_ask(state: DialogueState, fragment: str, expected: list[str]) -> None:
    reply = ask(state)
    assert fragment in "".join(reply.texts)
    for c in expected:
        assert c in choices(reply)


@pytest.mark.parametrize("step", [s for s in Step if s is not Step.DONE])
def test_questions_are_short_polite_sentences(step: Step) -> None:
    for text in ask(at(step)).texts:
        if text in (CONSENT_TEXT, MAP_EXPLANATION):
            continue  # tested with the domain
        for sentence in filter(None, re.split(r"(?<=[。？])", text)):
            assert len(sentence) <= 40, sentence
            assert sentence.endswith(("。", "？")), sentence


@pytest.mark.parametrize("area", list(LifeArea))
@pytest.mark.parametrize("types", [(), (DisabilityType.MENTAL,), (DisabilityType.DEVELOPMENTAL,)])
def test_area_offers_capped_suggestions(area: LifeArea, types: tuple[DisabilityType, ...]) -> None:
    reply = ask(at(Step.AREA, area=area, consent=bool(types), disability_types=types))
    suggested = [c for c in choices(reply) if c.startswith("suggest:")]
    assert 1 <= len(suggested) <= MAX_SUGGESTION_BUTTONS
    assert reply.suggest_area is area


def test_area_hides_suggestions_already_added() -> None:
    reply = ask(at(Step.AREA, map=one_contact_map()))
    assert "suggest:上司" not in choices(reply)


def test_type_reorders_suggestions() -> None:
    reply = ask(at(Step.AREA, area=H, consent=True, disability_types=(DisabilityType.MENTAL,)))
    assert "suggest:精神保健福祉センター" in choices(reply)
    reply = ask(
        at(Step.AREA, area=L, consent=True, disability_types=(DisabilityType.DEVELOPMENTAL,))
    )
    assert choices(reply)[0] in ("suggest:当事者会・ピアサポート", "suggest:発達障害者支援センター")


# --- handle: choices ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "choice", "step", "area"),
    [
        (DialogueState(), "consent_yes", Step.DISABILITY, None),
        (DialogueState(), "consent_no", Step.GOAL, None),
        (at(Step.DISABILITY, consent=True), "type:mental", Step.GOAL, None),
        (at(Step.DISABILITY, consent=True), "type_none", Step.GOAL, None),
        (at(Step.GOAL), "goal_skip", Step.AREA, W),
        (at(Step.AREA), "suggest:主治医", Step.ABOUT, W),
        (at(Step.AREA), "own", Step.AREA, W),
        (at(Step.AREA), "skip_area", Step.AREA, H),
        (at(Step.AREA, map=one_contact_map()), "next_area", Step.AREA, H),
        (at(Step.AREA, map=one_contact_map()), "skip_area", Step.AREA, H),
        (
            at(Step.AREA, area=L, map=ResourceMap().skip_area(W).skip_area(H).skip_area(D)),
            "skip_area",
            Step.DONE,
            None,
        ),
        (at(Step.ABOUT), "about_skip", Step.HOW, W),
        (at(Step.HOW), "how_skip", Step.AREA, W),
        (at(Step.GOAL), "add:health", Step.GOAL, None),  # not yet: stale
        (at(Step.AREA), "add:leisure", Step.AREA, L),
        (at(Step.AREA, map=one_contact_map()), "edit:workplace:0", Step.EDIT_FIELD, W),
        (at(Step.AREA, area=H, map=one_contact_map()), "remove:workplace:0", Step.AREA, H),
        (at(Step.EDIT_FIELD), "field:how", Step.EDIT_VALUE, W),
        (at(Step.EDIT_FIELD), "cancel", Step.AREA, H),
        (at(Step.EDIT_VALUE), "cancel", Step.AREA, H),
        (at(Step.EDIT_VALUE), "clear", Step.AREA, H),
        (at(Step.AREA), "show", Step.AREA, W),
        (at(Step.AREA), "continue", Step.AREA, W),
        (at(Step.ABOUT), "done", Step.DONE, None),
    ],
)
def test_choice_moves_to(
    state: DialogueState, choice: str, step: Step, area: LifeArea | None
) -> None:
    new, reply = say(state, choice=choice)
    assert (new.step, new.area) == (step, area)
    assert reply.texts
    assert reply.finished is (step is Step.DONE)


@pytest.mark.parametrize(
    ("state", "choice"),
    [
        (DialogueState(), "type:mental"),  # not at DISABILITY
        (DialogueState(), "edit:workplace:0"),
        (at(Step.GOAL), "consent_yes"),  # consent is asked once
        (at(Step.DISABILITY, consent=True), "type:unknown"),
        (at(Step.AREA), "suggest:"),
        (at(Step.AREA), "field:name"),
        (at(Step.AREA), "edit:nowhere:0"),
        (at(Step.AREA), "edit:workplace:x"),
        (at(Step.EDIT_FIELD), "field:phone_number"),
        (at(Step.ABOUT), "how_skip"),
        (at(Step.HOW), "about_skip"),
        (at(Step.AREA), "🎉" * 100),
        (at(Step.AREA), "\x00"),
    ],
)
def test_stale_or_unknown_choice_asks_again(state: DialogueState, choice: str) -> None:
    new, reply = say(state, choice=choice)
    assert new == state
    assert reply.texts[0] == STALE_NOTE
    assert reply.texts[1:] == ask(state).texts


def test_consent_declined_never_stores_types() -> None:
    new, reply = say(DialogueState(), choice="consent_no")
    assert reply.texts[0] == CONSENT_DECLINED_TEXT
    assert new.consent is False and new.disability_types == ()
    new, _ = say(new, choice="type:mental")  # a stale button changes nothing
    new, _ = say(new, "精神")  # typed at GOAL: it is the goal
    assert new.disability_types == ()
    assert state_summary_dict(new)["disability_types"] is None
    # all suggestions offered, including the type-specific ones (none filtered out)
    assert len([c for c in choices(ask(new)) if c.startswith("suggest:")]) == 5


def test_state_summary_dict_with_consent() -> None:
    state = at(Step.GOAL, consent=True, disability_types=(DisabilityType.MENTAL,))
    assert state_summary_dict(state) == {
        "map": ResourceMap().to_dict(),
        "disability_types": ["mental"],
    }
    assert state_summary_dict(DialogueState())["disability_types"] is None


@pytest.mark.parametrize(
    ("state", "choice", "code_message"),
    [
        (
            at(Step.AREA, map=ResourceMap().add_contact(W, Contact("上司"))),
            "suggest:上司",
            "同じ相談先",
        ),
        (at(Step.AREA), "edit:workplace:3", "見つかりませんでした"),
        (at(Step.AREA), "remove:workplace:0", "見つかりませんでした"),
    ],
)
def test_domain_errors_come_back_as_the_same_step(
    state: DialogueState, choice: str, code_message: str
) -> None:
    new, reply = say(state, choice=choice)
    assert new == state
    assert code_message in reply.texts[0]
    assert reply.texts[1:] == ask(state).texts


def test_long_directory_name_is_shortened() -> None:
    new, _ = say(at(Step.AREA), choice="suggest:" + "長" * 80)
    assert new.step is Step.ABOUT and new.pending is not None
    assert new.pending.name_or_role == "長" * 39 + "…"


def office_choice(name: str, phone: str = "", hours: str = "", url: str = "") -> str:
    return LocalSuggestion.create(name=name, area=W, phone=phone, hours=hours, url=url).choice()


def test_an_office_entry_brings_its_phone_hours_and_url_into_the_contact() -> None:
    choice = office_choice("就労センター（テスト）", "000-0000-0000", "平日", "https://example.com")
    state, reply = say(at(Step.AREA), choice=choice)
    assert state.step is Step.ABOUT and state.pending is not None
    assert (state.pending.phone, state.pending.how_to_contact, state.pending.url) == (
        "000-0000-0000",
        "受付 平日",
        "https://example.com",
    )
    state, _ = say(state, "仕事のこと")
    asked = ask(state)
    assert "受付 平日 / 000-0000-0000 / https://example.com" in "".join(asked.texts)
    assert choices(asked) == ["how_skip"] and asked.buttons[0][0] == "このままにする"
    kept, _ = say(state, choice="how_skip")
    assert kept.map.contact(W, 0).phone == "000-0000-0000"
    typed, _ = say(state, "月1回の面談のとき")  # what is typed replaces only 連絡方法
    assert typed.map.contact(W, 0).how_to_contact == "月1回の面談のとき"
    assert typed.map.contact(W, 0).phone == "000-0000-0000"


def test_an_office_entry_with_a_bad_phone_is_refused_kindly() -> None:
    new, reply = say(at(Step.AREA), choice="suggest:窓口\tでんわ")
    assert new == at(Step.AREA)
    assert "電話番号" in reply.texts[0]


def test_too_many_contacts() -> None:
    m = ResourceMap()
    for i in range(MAX_CONTACTS_PER_AREA):
        m = m.add_contact(W, Contact(f"人{i}"))
    new, reply = say(at(Step.AREA, map=m), "もう一人")
    assert new.step is Step.AREA and "10件まで" in reply.texts[0]


def test_summary_buttons() -> None:
    state = at(Step.AREA, map=one_contact_map())
    reply = summary(state)
    assert "上司（総務課）" in "".join(reply.texts)
    assert ["edit:workplace:0", "remove:workplace:0"] == choices(reply)[:2]
    assert {f"add:{a.value}" for a in LifeArea} <= set(choices(reply))
    assert choices(reply)[-2:] == ["continue", "done"] and not reply.finished
    done = summary(DialogueState(map=one_contact_map(), step=Step.DONE))
    assert "continue" not in choices(done) and done.finished


# --- a whole conversation -------------------------------------------------------------------


SCRIPT: list[tuple[str, str | None, Step, LifeArea | None]] = [
    # (typed text, choice, step after, area after)
    ("", "consent_yes", Step.DISABILITY, None),
    ("", "type:mental", Step.GOAL, None),
    ("体調を整えて働き続けたい", None, Step.AREA, W),
    ("", "suggest:上司", Step.ABOUT, W),
    ("仕事の量や進め方", None, Step.HOW, W),
    ("朝礼のあとに直接", None, Step.AREA, W),
    ("田中さん（総務課）", None, Step.ABOUT, W),
    ("", "about_skip", Step.HOW, W),
    ("03-0000-0000", None, Step.AREA, W),
    ("", "next_area", Step.AREA, H),
    ("", "suggest:主治医", Step.ABOUT, H),
    ("薬のこと", None, Step.HOW, H),
    ("", "how_skip", Step.AREA, H),
    ("", "next_area", Step.AREA, D),
    ("", "skip_area", Step.AREA, L),
    ("", "own", Step.AREA, L),
    ("写真サークル", None, Step.ABOUT, L),
    ("趣味の写真", None, Step.HOW, L),
    ("月2回の例会", None, Step.AREA, L),
    ("", "next_area", Step.DONE, None),
    ("", "edit:health:0", Step.EDIT_FIELD, H),
    ("", "field:how", Step.EDIT_VALUE, H),
    ("月1回の通院のとき", None, Step.DONE, None),
    ("", "remove:workplace:1", Step.DONE, None),
    ("", "show", Step.DONE, None),
]


def run_script() -> list[tuple[DialogueState, Reply]]:
    state, reply = start(None)
    out = [(state, reply)]
    for text, choice, step, area in SCRIPT:
        state, reply = say(state, text, choice)
        assert (state.step, state.area) == (step, area), (text, choice, reply.texts)
        out.append((state, reply))
    return out


def test_full_conversation() -> None:
    turns = run_script()
    state, reply = turns[-1]
    m = state.map
    assert m.goal == "体調を整えて働き続けたい"
    assert [c.name_or_role for c in m.contacts(W)] == ["上司"]
    assert m.contact(W, 0).how_to_contact == "朝礼のあとに直接"
    assert m.contact(H, 0).how_to_contact == "月1回の通院のとき"
    assert m.section(D).skipped and not m.contacts(D)
    assert m.contact(L, 0) == Contact(
        "写真サークル", about="趣味の写真", how_to_contact="月2回の例会"
    )
    text = "".join(reply.texts)
    for expected in ("上司", "主治医", "写真サークル", "月1回の通院のとき", "今回は記入しません"):
        assert expected in text
    assert "田中さん" not in text
    assert reply.finished
    assert state_summary_dict(state)["disability_types"] == ["mental"]
    # the health area was offered the type-specific suggestion
    assert any(
        c == "suggest:精神保健福祉センター" for s, r in turns if s.area is H for c in choices(r)
    )


def test_stop_and_continue_later_at_every_turn() -> None:
    for state, _ in run_script():
        restored = DialogueState.from_json(state.to_json())
        assert restored == state
        _, reply = start(restored)
        if state.step not in (Step.CONSENT, Step.DONE):
            assert reply.texts[0] == RESUME_TEXT
