"""The guided flows end to end over Rasa's REST channel, with the real action server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from bot.dates.rules import compute_personal_dates, today_in_japan
from bot.eligibility import Employment, PriorService, VerdictKind, check_eligibility

Talk = Callable[..., list[dict[str, Any]]]


def texts(messages: list) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def payloads(messages: list) -> list:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def test_acceptance_first_and_last_day_from_one_sentence(talk: Talk) -> None:
    answer = talk("2024年4月1日に就職しました。いつから使えますか？")
    text = texts(answer)
    # one calendar per line: the 和暦 follows on its own line
    assert "使い始められる日：2024年10月1日\n（令和6年10月1日）" in text
    assert "使える最後の日：2027年9月30日\n（令和9年9月30日）" in text
    assert "日付は目安です" in text
    assert {"/ask_handover", "/export_calendar", "/change_date"} <= set(payloads(answer))


def test_a_correction_recomputes_and_the_date_is_reused(talk: Talk) -> None:
    talk("令和6年4月1日に働き始めました。いつまで使えますか")
    corrected = texts(talk("やっぱり2024年5月1日"))
    assert "使い始められる日：2024年11月1日" in corrected
    assert "使える最後の日：2027年10月31日" in corrected
    handover = texts(talk("/ask_handover"))
    assert "6か月前" in handover and "終わる月" in handover
    # information sharing at least 3 months before the end (2027-10-31)
    assert "2027年7月31日" in handover
    calendar = talk("/export_calendar")
    assert {"start": "2024-05-01", "variant": "standard"} in [
        m.get("custom", {}).get("calendar") for m in calendar
    ]


def test_bad_dates_get_an_explanation_and_a_new_question(talk: Talk) -> None:
    asked = texts(talk("自分はいつから使えるか計算して"))
    assert "働き始めた日を教えてください" in asked
    assert "カレンダーにありません" in texts(talk("2月30日"))
    assert "和暦の年" in texts(talk("令和0年4月1日"))
    # a date up to a year ahead is taken (planning ahead, review §2.6); further is not
    far = (today_in_japan() + timedelta(days=400)).strftime("%Y年%-m月%-d日")
    assert "1年より先" in texts(talk(far))
    assert "4月の何日ですか" in texts(talk("2024年4月"))
    answer = texts(talk("1日"))
    assert "使い始められる日：2024年10月1日" in answer


LEAVE_QUESTION = "休職中に、就労移行支援などを使いましたか。"
LEAVE_ANSWERS = [
    '/inform_date{"leave_services":"yes"}',
    '/inform_date{"leave_services":"no"}',
    '/inform_date{"leave_services":"unknown"}',
]


def test_a_start_still_to_come_is_counted_ahead(talk: Talk) -> None:
    soon = today_in_japan() + timedelta(days=40)
    answer = texts(talk(f"{soon.year}年{soon.month}月{soon.day}日に就職します。いつから使えますか"))
    assert f"働き始める日：{soon.year}年{soon.month}月{soon.day}日" in answer
    assert "数え始めまで、あと40日です。" in answer


def test_return_to_work_is_counted_from_the_return_day_after_the_services(talk: Talk) -> None:
    asked = talk("復職したのは2025年2月3日です。いつから使えますか")
    assert LEAVE_QUESTION in texts(asked)
    assert set(LEAVE_ANSWERS) <= set(payloads(asked))
    assert "使い始められる日" not in texts(asked)  # nothing is counted before the answer
    answer = texts(talk("はい、使いました"))
    assert "この日付は、休職中に就労移行支援などを使った場合のものです。" in answer
    assert "復職した日：2025年2月3日" in answer
    assert "使い始められる日：2025年8月3日" in answer


def test_a_leave_without_the_services_keeps_the_count_from_the_start_of_work(talk: Talk) -> None:
    # the review's example (§2.2): 就職 2023-04-01, back on 2025-01-10 → the last day stays
    # 2026-09-30 (it used to say 2028-07-09)
    asked = talk(
        "2023年4月1日に就職しました。休職して、2025年1月10日に復職しました。いつまで使えますか"
    )
    assert LEAVE_QUESTION in texts(asked)
    answer = texts(talk('/inform_date{"leave_services":"no"}'))
    assert "働き始めた日：2023年4月1日" in answer
    assert "使える最後の日：2026年9月30日" in answer
    assert "休職しても、使える期間は延びません。" in answer
    assert "2028年" not in answer
    calendar = talk("/export_calendar")
    assert {"start": "2023-04-01", "variant": "standard"} in [
        m.get("custom", {}).get("calendar") for m in calendar
    ]


def test_after_a_leave_the_date_the_answer_needs_is_asked(talk: Talk) -> None:
    talk("休職していて、2025年1月10日に復職しました。自分の期間を計算してほしい")
    asked = texts(talk("いいえ"))
    assert "就職した日を教えてください。" in asked
    answer = texts(talk("2023年4月1日です"))
    assert "使える最後の日：2026年9月30日" in answer
    # 就職日 and services in one message: the 復職日 is asked (phase 1's edge case)
    asked = texts(
        talk("2023年4月1日に就職して、休職中に就労移行支援を使いました。いつまで使えますか")
    )
    assert "復職した日を教えてください。" in asked
    assert "使い始められる日：2025年8月3日" in texts(talk("2025年2月3日です"))


def test_family_eligibility_check_with_buttons(talk: Talk) -> None:
    first = talk("息子が使えるか確かめたい")
    assert "息子さんは" in texts(first)
    assert '/inform{"prior_service":"type_b"}' in payloads(first)
    assert "今どこで働いていますか" in texts(talk('/inform{"prior_service":"type_b"}'))
    assert "働き始めた日" in texts(talk("会社で働いています"))
    verdict = texts(talk("令和6年4月1日です"))
    expected = check_eligibility(
        prior_service=PriorService.TYPE_B,
        employment=Employment.ORDINARY,
        start=date(2024, 4, 1),
        today=today_in_japan(),
    )
    assert expected.lines_ja[0] in verdict
    assert "最後に決めるのは市区町村です" in verdict


def test_eligibility_reuses_a_date_and_answers_a_question_in_between(talk: Talk) -> None:
    talk("2025年1月15日に就職しました。いつから使えますか？")
    talk("使えるかチェックしたい")
    interrupted = talk("お金はかかりますか")
    assert "1割" in texts(interrupted)
    assert "どのサービスを使っていましたか" in texts(interrupted)
    talk("就労移行支援に通っていました")
    verdict = texts(talk('/inform{"employment":"ordinary"}'))
    expected = check_eligibility(
        prior_service=PriorService.TRANSITION,
        employment=Employment.ORDINARY,
        start=date(2025, 1, 15),
        today=today_in_japan(),
    )
    assert expected.lines_ja[0] in verdict


def test_a_type_work_is_not_ordinary_employment(talk: Talk) -> None:
    talk("/check_eligibility")
    talk("B型を使っていました")
    verdict = texts(talk("A型で働いています"))
    assert "一般就労に入りません" in verdict


def test_no_prior_service_points_elsewhere(talk: Talk) -> None:
    talk("使えるか確認したい")
    verdict = texts(talk("何も使っていません"))
    kind = check_eligibility(
        prior_service=PriorService.NONE,
        employment=Employment.ORDINARY,
        start=None,
        today=today_in_japan(),
    ).kind
    assert kind is VerdictKind.NOT_ELIGIBLE
    assert "障害者就業・生活支援センター" in verdict


def test_walkthrough_one_step_at_a_time_with_a_question_and_resume(talk: Talk) -> None:
    first = talk("申し込みの手順を1つずつ教えて")
    assert "【1/11】" in texts(first)
    assert {"/walkthrough_next", "/walkthrough_back", "/walkthrough_restart", "/stop"} <= set(
        payloads(first)
    )
    assert "【2/11】" in texts(talk("次へ"))
    assert "【3/11】" in texts(talk("/walkthrough_next"))
    interrupted = talk("必要な書類は何ですか")
    assert "雇用契約書" in texts(interrupted)
    assert "（3/11）に戻りますか" in texts(interrupted)
    assert "【3/11】" in texts(talk("/walkthrough_resume"))
    assert "【2/11】" in texts(talk("前へ"))
    assert "やめます" in texts(talk("やめる"))
    resumed = texts(talk("/start_walkthrough"))
    assert "前の続き" in resumed and "【2/11】" in resumed
    assert "【1/11】" in texts(talk("最初から"))


def test_the_stop_button_leaves_a_form(talk: Talk) -> None:
    talk("/ask_personal_dates")
    assert "やめます" in texts(talk("/stop"))
    # the form is gone: an FAQ is answered without asking for the date again
    after = texts(talk("費用はいくらですか"))
    assert "1割" in after and "働き始めた日" not in after


def test_personal_dates_agree_with_the_date_rules(talk: Talk) -> None:
    start = date(2023, 8, 31)
    expected = compute_personal_dates(start=start, today=today_in_japan())
    answer = texts(talk("2023/8/31に就職しました。期間を知りたい"))
    assert f"{expected.service_first_day.year}年{expected.service_first_day.month}月" in answer
    assert "使い始められる日：2024年3月1日" in answer
