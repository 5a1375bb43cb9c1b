"""The readability rules (bot/text/readability.py): the rules themselves, then every user text.

The second half runs the rules over every response in domain.yml (text, easy_ja, button titles),
over the flow texts of bot/dates/ (the date texts, after a leave too), bot/eligibility.py and
bot/walkthrough.py for representative inputs, over what every action says (its own texts and
buttons, run with rasa_sdk's Tracker), over the resource map (its texts, every kind of contact,
the validation messages and a long seeded walk through its conversation) and over the calendar
file's events for every variant, so that a new or edited text that breaks a rule fails here.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterator
from datetime import date as D
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.common import ActionStop
from actions.dates import (
    ActionAskLeaveServices,
    ActionAskReturnDate,
    ActionAskStartDate,
    ActionChangeDate,
    ActionExportCalendar,
    ActionHandoverTimeline,
    ActionPersonalDates,
)
from actions.eligibility import ActionAskEmployment, ActionAskPriorService, ActionEligibilityVerdict
from actions.resource_map import (
    ActionAskRmapInput,
    ActionDeleteResourceMap,
    ActionResourceMapDone,
    ActionResourceMapStart,
    ActionShowResourceMap,
)
from actions.walkthrough import ActionOfferWalkthroughReturn, ActionWalkthrough
from api.services.calendar import calendar_events
from bot.dates import texts as date_texts
from bot.dates.dialogue import ask_date_text, handover_text, personal_dates_text
from bot.dates.leave import LeaveServices
from bot.dates.rules import SupportVariant, compute_personal_dates, dates_after_leave
from bot.eligibility import Employment, PriorService, check_eligibility
from bot.resource_map import dialogue as rmap_dialogue
from bot.resource_map import texts as rmap_texts
from bot.resource_map import validation as rmap_validation
from bot.resource_map.model import LIFE_AREAS
from bot.resource_map.render import text as rmap_render
from bot.resource_map.state import FIELD_LABELS, DialogueState
from bot.resource_map.suggestions import SUGGESTIONS
from bot.text.readability import (
    ALLOWED_LONG_SENTENCES,
    EASY_MAX_KANJI_SHARE,
    MAX_SENTENCE_CHARS,
    bracket_problem,
    check_text,
    check_texts,
    internal_citations,
    kanji_share,
    longest_word,
    mixes_calendars,
    split_sentences,
    term_problems,
    visible_length,
)
from bot.walkthrough import STEPS, render_step
from tests.unit.actions.conftest import make_tracker, run_action, user_sees

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES: dict[str, list[dict]] = DOMAIN["responses"]

# --- the rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("使えます。費用は？\n詳しく！", ["使えます。", "費用は？", "詳しく！"]),
        ("1行目\n\n2行目", ["1行目", "2行目"]),
        (
            "・生活保護の世帯：0円\n・一般2：37,200円",
            ["・生活保護の世帯：0円", "・一般2：37,200円"],
        ),
        ("「はい。」と言います。", ["「はい。", "」と言います。"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    ("text", "length"),
    [("いちばん 長くて 3年", 9), ("全角\u3000スペース", 6), (" \n\t", 0), ("9,300円", 6)],
)
def test_visible_length_does_not_count_spaces(text: str, length: int) -> None:
    assert visible_length(text) == length


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("利用の申請書（市区町村に出します）", None),
        ("「1年ごと」とする資料と、「6か月ごと」とする資料", None),
        ("1回目は2025年4月1日（令和7年4月1日）ごろ", None),
        ("計画の見直し（1回目は2025年4月1日（令和7年4月1日）ごろまで）", "nested"),
        ("「支援レポート（毎月）」", "nested"),
        ("（セルフプランもできます", "never closed"),
        ("もできます）", "closes nothing"),
        ("（もできます」", "closes nothing"),
    ],
)
def test_bracket_problem(text: str, problem: str | None) -> None:
    found = bracket_problem(text)
    assert (found is None) if problem is None else (found is not None and problem in found)


@pytest.mark.parametrize(
    ("text", "share"),
    [("漢字かな", 0.5), ("ひらがな", 0.0), ("", 0.0), ("人 人", 1.0), ("時々", 1.0)],
)
def test_kanji_share(text: str, share: float) -> None:
    assert kanji_share(text) == pytest.approx(share)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("いちばん 長くて 3年 使えます。", "いちばん"),
        ("上限（いちばん 高い 金額）が あります", "いちばん"),
        ("はらうことがあります", "はらうことがあります"),
        ("障害者就業・生活支援センター", "生活支援センター"),
        ("", ""),
    ],
)
def test_longest_word(text: str, word: str) -> None:
    assert longest_word(text) == word


@pytest.mark.parametrize(
    ("line", "mixed"),
    [
        ("使い始められる日：2024年10月1日（令和6年10月1日）", True),
        ("２０２４年４月１日、令和元年", True),
        ("使い始められる日：2024年10月1日", False),
        ("（令和6年10月1日）", False),
        ("平成30年は308か所、令和5年は1,809か所でした。", False),
        ("2018年に始まりました。", False),
    ],
)
def test_mixes_calendars(line: str, mixed: bool) -> None:
    assert mixes_calendars(line) is mixed


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("1年間に16,460人が使っています（002 支援マニュアル §4）。", ["§4", "002"]),
        ("FACTS.md によると", ["FACTS.md"]),
        ("seeds/004 の図", ["004", "seeds/"]),
        ("上限は37,200円です。1,002円ではありません。", []),
        ("2024年4月1日、令和6年", []),
    ],
)
def test_internal_citations(text: str, found: list[str]) -> None:
    assert internal_citations(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("就労定着支援の事業所", []),
        ("定着支援の事業所は、別の法人でも", ["定着支援"]),
        ("前の事業所が、定着の支援をします", ["定着の支援"]),
        ("移行の職場定着支援", ["定着支援"]),
        ("職場への定着を目的とする", []),
    ],
)
def test_term_problems(text: str, found: list[str]) -> None:
    assert term_problems(text) == found


def test_check_text_rules_and_the_allowlist() -> None:
    long = "あ" * MAX_SENTENCE_CHARS + "。"
    assert [p.rule for p in check_text(long)] == ["sentence_length"]
    assert check_text(long, allowed_long={long: "a reason"}) == []
    assert check_text("あ" * (MAX_SENTENCE_CHARS - 1) + "。") == []
    # the easy rules apply only to easy_ja
    dense = "就労定着支援事業所で受けられます。"
    assert check_text(dense) == []
    assert {p.rule for p in check_text(dense, easy=True)} == {"easy_kanji", "easy_spacing"}
    assert (
        check_text("しゅうろう ていちゃく しえんの じぎょうしょで うけられます。", easy=True) == []
    )
    assert {p.rule for p in check_text("2024年4月1日（令和6年4月1日）（002 §3）")} == {
        "two_calendars",
        "citation",
    }
    nested = check_text("計画の見直し（1回目は（目安）ごろ）")
    assert [p.rule for p in nested] == ["brackets"]
    assert str(nested[0]).startswith("brackets: ")
    assert check_texts(
        [("here", "定着支援です。", False), ("there", "就労定着支援です。", False)]
    ) == ["here: term: 「定着支援」: say 就労定着支援: 定着支援です。"]


def test_the_allowlist_has_a_reason_per_sentence_and_no_stale_entry() -> None:
    used = set(every_sentence())
    for sentence, reason in ALLOWED_LONG_SENTENCES.items():
        assert reason.strip(), sentence
        assert visible_length(sentence) > MAX_SENTENCE_CHARS, f"not long, no need: {sentence}"
        assert sentence in used, f"no text uses it any more: {sentence}"


# --- every user-facing text --------------------------------------------------------------------


# What the actions fill into a response's {slots}, at its longest (actions/*.py).
PLACEHOLDER_VALUES = {"{who}": "ご本人", "{step_number}": "11", "{step_count}": "11"}


def filled(text: str) -> str:
    for placeholder, value in PLACEHOLDER_VALUES.items():
        text = text.replace(placeholder, value)
    return text


def response_texts() -> Iterator[tuple[str, str, bool]]:
    """(where, text, easy) for every response variant's text, easy_ja and button titles, with
    the values the actions fill in."""
    for name, variants in RESPONSES.items():
        for i, variant in enumerate(variants):
            yield f"{name}[{i}].text", filled(variant["text"]), False
            easy = (variant.get("custom") or {}).get("easy_ja")
            if easy:
                yield f"{name}[{i}].easy_ja", easy, True
            for button in variant.get("buttons") or []:
                yield f"{name}[{i}].button", button["title"], False


TODAYS = (D(2025, 12, 1), D(2026, 11, 21))
STARTS = (D(2021, 6, 1), D(2022, 8, 1), D(2024, 4, 1), D(2025, 6, 5), D(2025, 11, 30))


def flow_texts() -> Iterator[tuple[str, str, bool]]:
    """The flow texts for representative inputs: every variant, phase and verdict."""
    for variant in SupportVariant:
        for today in TODAYS:
            # the day before today, and a future start (BEFORE_START)
            for start in (*STARTS, today - timedelta(days=1), today + timedelta(days=30)):
                personal = compute_personal_dates(start=start, variant=variant, today=today)
                yield (
                    f"personal_dates_text({variant.value}, {start})",
                    personal_dates_text(personal),
                    False,
                )
                yield f"handover_text({variant.value}, {start})", handover_text(personal), False
                for prior in PriorService:
                    for employment in Employment:
                        verdict = check_eligibility(
                            prior_service=prior,
                            employment=employment,
                            start=start,
                            today=today,
                            variant=variant,
                        )
                        where = (
                            f"verdict({prior.value}, {employment.value}, {variant.value}, {start})"
                        )
                        yield where, "\n".join(verdict.lines_ja), False
        yield f"ask_date_text({variant.value})", ask_date_text(variant=variant), False
    for problem in ("future", "invalid:impossible_date", "invalid:bad_month", "invalid:x"):
        yield f"ask_date_text({problem})", ask_date_text(date_problem=problem), False
    yield "ask_date_text(pending)", ask_date_text(pending_month="2024-4"), False
    for index in range(len(STEPS)):
        yield f"render_step({index})", render_step(index), False


def leave_texts() -> Iterator[tuple[str, str, bool]]:
    """The date flow after a leave: its questions, and the dates for each answer."""
    for asked in ("start_date", "return_date"):
        for answer in (None, *LeaveServices):
            for problem_ in (None, "return_given", "work_start_given", "future"):
                text = ask_date_text(asked=asked, leave_services=answer, date_problem=problem_)
                yield f"ask_date_text({asked}, {answer}, {problem_})", text, False
    for today in TODAYS:
        for used in (True, False, None):
            personal = dates_after_leave(
                work_start=D(2023, 4, 1),
                return_day=D(2025, 1, 10),
                used_services_during_leave=used,
                today=today,
            )
            yield (
                f"personal_dates_text(leave, {used}, {today})",
                personal_dates_text(personal),
                False,
            )
            yield f"handover_text(leave, {used}, {today})", handover_text(personal), False


def calendar_texts() -> Iterator[tuple[str, str, bool]]:
    """Every event of the calendar file (api/services/calendar.py), for every variant."""
    yield "CALENDAR_NAME_JA", date_texts.CALENDAR_NAME_JA, False
    for label in date_texts.CALENDAR_BASIS_LABELS_JA.values():
        yield "calendar basis", f"{label}：2024年10月31日", False
    for variant in SupportVariant:
        for start_ in (D(2024, 4, 1), D(2024, 8, 31), D(2025, 11, 30)):
            for day, summary_, description in calendar_events(
                start=start_, variant=variant, today=TODAYS[0]
            ):
                yield f"calendar({variant.value}, {start_}, {day}).summary", summary_, False
                yield f"calendar({variant.value}, {start_}, {day})", description, False


# The longest values the resource map fills into its texts' {blanks}.
RMAP_BLANKS = {
    "area": max((a.label for a in LIFE_AREAS), key=len),
    "name": max((s.label for s in SUGGESTIONS), key=len),
    "label": max(FIELD_LABELS.values(), key=len),
    "hours": "平日9時〜17時",
    "line": "電話 03-1234-5678",
}


def resource_map_texts() -> Iterator[tuple[str, str, bool]]:
    """The resource map: its texts, every kind of contact, the validation messages, the read-back
    labels, and what a long seeded walk through its conversation says (typed answers are short
    and plain, so that only the bot's own words are judged)."""
    for name in dir(rmap_texts):
        value = getattr(rmap_texts, name)
        if name.isupper() and isinstance(value, str):
            yield f"texts.{name}", value.format(**RMAP_BLANKS), False
    for suggestion in SUGGESTIONS:
        yield f"SUGGESTIONS[{suggestion.key}].label", suggestion.label, False
        yield f"SUGGESTIONS[{suggestion.key}].about", suggestion.about, False
    for code in rmap_validation.ErrorCode:
        for field in FIELD_LABELS:
            limit = rmap_validation.MAX_LENGTHS.get(field, 80)
            message = rmap_validation.problem(code, field, limit=limit).message
            yield f"problem({code.value}, {field})", message, False
    for label in (rmap_render.GOAL_LABEL, rmap_render.NOT_FILLED, rmap_render.SKIPPED):
        yield "render label", label, False
    typed = ("", "今の職場で働き続けたい", "上司", "はい", "いいえ", "とばす", "090-1234-5678")
    rng = random.Random(0)
    for walk in range(120):
        state, reply = rmap_dialogue.start(None, lost=walk % 10 == 0)
        for _ in range(40):
            yield f"walk {walk}", "\n".join(reply.texts), False
            for title, _choice in reply.buttons:
                yield f"walk {walk} button", title, False
            choices = [choice for _title, choice in reply.buttons]
            if choices and rng.random() < 0.8:
                state, reply = rmap_dialogue.handle(state, text="", choice=rng.choice(choices))
            else:
                state, reply = rmap_dialogue.handle(state, text=rng.choice(typed), choice=None)
            if rng.random() < 0.05:
                state, reply = rmap_dialogue.start(state)
            if rng.random() < 0.05:
                reply = rmap_dialogue.summary(state)
    office = "suggest:【サンプル】相談室\t03-1234-5678\t平日9時〜17時"
    state, _ = rmap_dialogue.handle(DialogueState(), text="", choice="consent_no")
    state, _ = rmap_dialogue.handle(state, text="", choice="goal_skip")
    state, reply = rmap_dialogue.handle(state, text="", choice=office)
    state, reply = rmap_dialogue.handle(state, text="", choice="about_skip")
    yield "office entry, how", "\n".join(reply.texts), False


# What the actions say, each run with a real Tracker in a representative state; the texts they
# build and the responses they utter (filled from domain.yml) alike.
LEAVE_SLOTS = {"start_date": "2023-04-01", "return_date": "2025-01-10"}
ACTION_RUNS: list[tuple[Any, dict[str, Any], str]] = [
    *[
        (action, slots, "")
        for action in (ActionPersonalDates(), ActionHandoverTimeline(), ActionExportCalendar())
        for slots in (
            {},
            {"start_date": "2024-04-01"},
            {"start_date": "2024-12-31", "date_variant": "extended_hours"},
            {"date_variant": "extended_hours"},
            {**LEAVE_SLOTS, "leave_services": "yes", "date_variant": "return_to_work"},
            {**LEAVE_SLOTS, "leave_services": "no", "date_variant": "standard"},
            {**LEAVE_SLOTS, "leave_services": "unknown", "date_variant": "standard"},
            {"leave_services": "yes", "date_variant": "return_to_work"},
        )
    ],
    (ActionAskLeaveServices(), {}, ""),
    (ActionAskReturnDate(), {"leave_services": "yes", "date_problem": "work_start_given"}, ""),
    (ActionAskStartDate(), {"leave_services": "no", "date_problem": "return_given"}, ""),
    (ActionAskStartDate(), {"date_problem": "invalid:bad_day"}, ""),
    (ActionAskStartDate(), {"pending_month": "2024-4"}, ""),
    (ActionChangeDate(), {}, ""),
    (ActionStop(), {}, ""),
    (ActionAskPriorService(), {"person_ref": "息子さん"}, ""),
    (ActionAskEmployment(), {}, ""),
    *[
        (ActionEligibilityVerdict(), {"prior_service": prior, "start_date": "2025-06-05"}, "")
        for prior in ("transition", "type_b", "none", "other", "x")
    ],
    *[(ActionWalkthrough(), {"walkthrough_step": step}, "") for step in (None, 0.0, 5.0, 10.0)],
    (ActionOfferWalkthroughReturn(), {"walkthrough_step": 10.0}, ""),
    (ActionResourceMapStart(), {}, ""),
    (ActionAskRmapInput(), {}, ""),
    (ActionResourceMapDone(), {}, ""),
    (ActionShowResourceMap(), {}, ""),
    (ActionShowResourceMap(), {"rmap_state": "not json"}, ""),
    (ActionDeleteResourceMap(), {}, ""),
]
WALKTHROUGH_INTENTS = (
    "start_walkthrough",
    "walkthrough_next",
    "walkthrough_back",
    "walkthrough_resume",
)


def action_texts() -> Iterator[tuple[str, str, bool]]:
    runs = [
        *((action, slots, intent) for action, slots, intent in ACTION_RUNS),
        *(
            (ActionWalkthrough(), {"walkthrough_step": 3.0}, intent)
            for intent in WALKTHROUGH_INTENTS
        ),
    ]
    for action, slots, intent in runs:
        tracker = make_tracker("", intent=intent or "inform", slots=slots)
        for said in user_sees(run_action(action, tracker), tracker):
            where = f"{action.name()}({slots}, {intent})"
            if said.text:
                yield where, said.text, False
            easy = (said.custom or {}).get("easy_ja")
            if easy:
                yield f"{where}.easy_ja", easy, True
            for button in said.buttons:
                yield f"{where}.button", button["title"], False


def every_text() -> Iterator[tuple[str, str, bool]]:
    yield from response_texts()
    yield from flow_texts()
    yield from leave_texts()
    yield from calendar_texts()
    yield from resource_map_texts()
    yield from action_texts()


def every_sentence() -> Iterator[str]:
    for _, text, _ in every_text():
        yield from split_sentences(text)


@pytest.mark.parametrize(
    ("where", "text", "easy"), [pytest.param(*t, id=t[0]) for t in response_texts()]
)
def test_every_response_is_readable(where: str, text: str, easy: bool) -> None:
    problems = check_text(text, easy=easy)
    assert not problems, "\n".join(map(str, problems))


def test_every_flow_text_is_readable() -> None:
    problems = sorted(set(check_texts(flow_texts())))
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize(
    "texts",
    [leave_texts, calendar_texts, resource_map_texts, action_texts],
    ids=lambda f: f.__name__,
)
def test_every_other_user_text_is_readable(texts: Any) -> None:
    collected = list(texts())
    assert len(collected) >= 10, "the collection found (almost) nothing: is it still wired up?"
    problems = sorted(set(check_texts(collected)))
    assert not problems, "\n".join(problems[:20])


def test_every_detail_response_has_an_easy_japanese_version() -> None:
    missing = [
        name
        for name, variants in RESPONSES.items()
        if name.endswith("_detail")
        and not all((v.get("custom") or {}).get("easy_ja") for v in variants)
    ]
    assert missing == []


def test_easy_texts_are_lighter_than_their_standard_texts() -> None:
    pairs = [
        (kanji_share(v["text"]), kanji_share(v["custom"]["easy_ja"]))
        for variants in RESPONSES.values()
        for v in variants
        if (v.get("custom") or {}).get("easy_ja")
    ]
    assert len(pairs) >= 15
    assert all(easy < standard for standard, easy in pairs), pairs
    # The threshold sits below what the standard answers need (see EASY_MAX_KANJI_SHARE).
    assert statistics.median(standard for standard, _ in pairs) > EASY_MAX_KANJI_SHARE
