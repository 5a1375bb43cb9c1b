"""Resource map conversation state machine (bot/resource_map/dialogue.py): plain tables."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.resource_map.dialogue import (
    MAX_SUGGESTION_BUTTONS,
    Reply,
    ask,
    handle,
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
    EMPTY_NOTE,
    LOST_NOTE,
    MAP_EXPLANATION,
    RESUME_TEXT,
    STALE_NOTE,
)
from bot.resource_map.validation import MAX_CONTACTS_PER_AREA

W, H, D, L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE
MODULE = Path(__file__).resolve().parents[3] / "bot" / "resource_map" / "dialogue.py"


def one_contact_map() -> ResourceMap:
    return ResourceMap(goal="働き続けたい").add_contact(
        W, Contact("上司", organisation="総務課", about="仕事の量", phone="000-0000-0000")
    )


def at(step: Step, **kw: object) -> DialogueState:
    defaults: dict[str, object] = {"consent": False}
    if step in (Step.AREA, Step.ABOUT, Step.HOW):
        defaults["area"] = W
    if step in (Step.ABOUT, Step.HOW):
        defaults["pending"] = Contact("上司")
    if step in (Step.EDIT_FIELD, Step.EDIT_VALUE):
        defaults["map"] = one_contact_map()
        defaults["area"] = W
        defaults["edit"] = (W, 0, "about" if step is Step.EDIT_VALUE else "")
    return DialogueState(step=step, **{**defaults, **kw})  # type: ignore[arg-type]


def choices(reply: Reply) -> list[str]:
    return [c for _, c in reply.buttons]


def say(
    state: DialogueState, text: str = "", choice: str | None = None
) -> tuple[DialogueState, Reply]:
    return handle(state, text=text, choice=choice)


# --- purity --------------------------------------------------------------------------


def test_imports_stdlib_and_resource_map_only() -> None:
    tree = ast.parse(MODULE.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module in ("bot", "bot.resource_map"):
            imported |= {f"{node.module}.{a.name}" for a in node.names}  # from bot import protocol
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(
                node.module if node.module.startswith("bot") else node.module.split(".")[0]
            )
    allowed = {
        "__future__",
        "json",
        "re",
        "unicodedata",
        "dataclasses",
        "enum",
        "typing",
        "bot.resource_map.model",
        "bot.resource_map.state",
        "bot.resource_map.texts",
        "bot.resource_map.suggestions",
        "bot.resource_map.validation",
        "bot.protocol",  # the button grammar shared with actions and API
        "bot.resource_map.render.text",  # never the layout or PNG modules
    }
    assert imported <= allowed


# --- start ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", [None, DialogueState()])
def test_start_new_explains_and_asks_consent(state: DialogueState | None) -> None:
    new, reply = start(state)
    assert new == DialogueState()
    assert reply.texts == (MAP_EXPLANATION, CONSENT_TEXT)
    assert choices(reply) == ["consent_yes", "consent_no"]
    assert not reply.finished


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


# --- ask: one row per step -----------------------------------------------------------


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


# --- handle: choices -----------------------------------------------------------------


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


# --- handle: typed text --------------------------------------------------------------


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


def test_summary_buttons() -> None:
    state = at(Step.AREA, map=one_contact_map())
    reply = summary(state)
    assert "上司（総務課）" in "".join(reply.texts)
    assert ["edit:workplace:0", "remove:workplace:0"] == choices(reply)[:2]
    assert {f"add:{a.value}" for a in LifeArea} <= set(choices(reply))
    assert choices(reply)[-2:] == ["continue", "done"] and not reply.finished
    done = summary(DialogueState(map=one_contact_map(), step=Step.DONE))
    assert "continue" not in choices(done) and done.finished


# --- a whole conversation ------------------------------------------------------------

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


# --- persistence of the state --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "null",
        "[]",
        "{}",
        "42",
        "not json",
        '{"v": 1, "step": "area"}',
        '{"v": 1, "map": {}, "step": "nowhere"}',
        '{"v": 1, "map": {"areas": {"moon": {}}}, "step": "goal"}',
        '{"v": 1, "map": {}, "step": "about", "area": "workplace", "pending": null}',
        '{"v": 1, "map": {}, "step": "goal", "consent": false, "disability_types": ["mental"]}',
        '{"v": 1, "map": {}, "step": "goal", "consent": "yes"}',
        '{"v": 1, "map": {}, "step": "edit_field", "edit": ["workplace", 0, ""]}',
        '{"v": 1, "map": {}, "step": "goal", "edit": ["workplace", "0", ""]}',
        '{"v": 1, "map": {"goal": "\\u0000"}, "step": "goal"}',
        "[" * 5000,
        # a well-formed state of another version (or of none) is not read either
        '{"map": {}, "step": "goal"}',
        '{"v": 2, "map": {}, "step": "goal"}',
        '{"v": "1", "map": {}, "step": "goal"}',
        '{"v": true, "map": {}, "step": "goal"}',
    ],
)
def test_garbage_json_gives_a_fresh_state(text: str | None) -> None:
    assert DialogueState.from_json(text) == DialogueState()
    state, lost = DialogueState.restore(text)
    assert state == DialogueState()
    assert lost is bool(text)  # nothing saved is not a loss


def test_the_same_state_of_this_version_is_read() -> None:
    assert DialogueState.restore('{"v": 1, "map": {}, "step": "goal"}') == (
        DialogueState(step=Step.GOAL),
        False,
    )


def test_a_lost_state_starts_afresh_and_says_so() -> None:
    new, reply = start(at(Step.HOW), lost=True)
    assert new == DialogueState()
    assert reply.texts == (LOST_NOTE, MAP_EXPLANATION, CONSENT_TEXT)
    assert choices(reply) == ["consent_yes", "consent_no"]
    for sentence in filter(None, re.split(r"(?<=。)", LOST_NOTE)):
        assert len(sentence) <= 40 and re.search(r"(でした|ます)。$", sentence)


def test_json_round_trip_keeps_everything() -> None:
    state = DialogueState(
        map=one_contact_map(),
        step=Step.EDIT_VALUE,
        area=W,
        consent=True,
        disability_types=(DisabilityType.PHYSICAL,),
        edit=(W, 0, "how"),
    )
    assert DialogueState.from_json(state.to_json()) == state
    pending = at(Step.HOW, pending=Contact("上司", about="仕事"))
    assert DialogueState.from_json(pending.to_json()) == pending


# --- hostile input -------------------------------------------------------------------

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
