"""A leave and the return to work in the date flow (bot/dates/leave.py): what a message says."""

from __future__ import annotations

from datetime import date as D

import pytest

from bot.dates.leave import (
    DateRole,
    LeaveServices,
    date_roles,
    dates_for_answers,
    mentions_leave,
    read_services_answer,
    services_in_message,
)
from bot.dates.rules import SupportVariant

TODAY = D(2026, 11, 21)
USED, NOT_USED, UNKNOWN = LeaveServices.USED, LeaveServices.NOT_USED, LeaveServices.UNKNOWN
WORK, BACK, LEAVE = DateRole.WORK_START, DateRole.RETURN, DateRole.LEAVE_START


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("休職していました", True),
        ("2025年1月10日に復職しました", True),
        ("職場復帰したのは先月です", True),
        ("復職支援型です", True),
        ("2024年4月1日に就職しました", False),
        ("B型から就職しました", False),
    ],
)
def test_mentions_leave(text: str, mentioned: bool) -> None:
    assert mentions_leave(text) is mentioned


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("休職中に就労移行支援を使って、2025年2月3日に復職しました", USED),
        ("2023年4月1日に就職して、休職中に就労移行支援を使いました", USED),
        ("休職している間、B型に通っていました", USED),
        ("休職中はA型を利用しました", USED),
        ("休職中は就労移行支援を使っていません", NOT_USED),
        ("休職中は何も使っていません", NOT_USED),
        # a service used before the job says nothing about the leave: the flow asks
        ("B型から就職して、休職して、2025年1月10日に復職しました", None),
        ("定着支援を使っている途中で休職しました", None),
        ("2025年1月10日に復職しました", None),
    ],
)
def test_services_in_message(text: str, answer: LeaveServices | None) -> None:
    assert services_in_message(text) is answer


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("はい", USED),
        ("はい、使いました", USED),
        ("B型に通っていました", USED),
        ("うん", USED),
        ("いいえ", NOT_USED),
        ("使っていません", NOT_USED),
        ("使ってないです", NOT_USED),
        ("何も使わなかった", NOT_USED),
        ("わからない", UNKNOWN),
        ("わかりません", UNKNOWN),
        ("覚えていない", UNKNOWN),
        ("", None),
        ("費用はいくら？", None),
    ],
)
def test_read_services_answer(text: str, answer: LeaveServices | None) -> None:
    assert read_services_answer(text) is answer


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            "2023年4月1日に就職しました。定着支援を使っている途中で休職して、"
            "2025年1月10日に復職しました",
            [(WORK, "2023-04-01"), (BACK, "2025-01-10")],
        ),
        ("復職したのは2025年2月3日です", [(BACK, "2025-02-03")]),
        (
            "就職日は2023/4/1、復職は令和7年1月10日です",
            [(WORK, "2023-04-01"), (BACK, "2025-01-10")],
        ),
        ("2025年1月10日に休職から戻りました", [(BACK, "2025-01-10")]),
        ("2025年1月10日から、また働いています", [(BACK, "2025-01-10")]),
        (
            "2024年6月1日から休職して、2025年1月10日に職場に戻りました",
            [(LEAVE, "2024-06-01"), (BACK, "2025-01-10")],
        ),
        # the words of the next sentence do not reach back over its start
        ("2023年4月1日です。復職は2025年1月10日です", [(None, "2023-04-01"), (BACK, "2025-01-10")]),
        ("やっぱり2024年5月1日", [(None, "2024-05-01")]),
    ],
)
def test_date_roles(text: str, roles: list[tuple[DateRole | None, str]]) -> None:
    found = date_roles(text, today=TODAY)
    assert [(r.role, r.found.result.value.isoformat()) for r in found if r.found.result.value] == [
        (role, D.fromisoformat(day).isoformat()) for role, day in roles
    ]


WORK_DAY, RETURN_DAY = D(2023, 4, 1), D(2025, 1, 10)


@pytest.mark.parametrize(
    ("work", "back", "answer", "expected"),
    [
        # the review's example: without 就労移行支援等 during the leave the 就職 count stays
        pytest.param(WORK_DAY, RETURN_DAY, NOT_USED, (SupportVariant.STANDARD, D(2026, 9, 30))),
        pytest.param(WORK_DAY, RETURN_DAY, UNKNOWN, (SupportVariant.STANDARD, D(2026, 9, 30))),
        pytest.param(WORK_DAY, RETURN_DAY, USED, (SupportVariant.RETURN_TO_WORK, D(2028, 7, 9))),
        pytest.param(None, RETURN_DAY, USED, (SupportVariant.RETURN_TO_WORK, D(2028, 7, 9))),
        # the date the answer counts from is missing: ask for it
        pytest.param(WORK_DAY, None, USED, None),
        pytest.param(None, RETURN_DAY, NOT_USED, None),
        # no leave: the date as its variant says
        pytest.param(WORK_DAY, None, None, (SupportVariant.STANDARD, D(2026, 9, 30))),
        pytest.param(None, None, None, None),
    ],
)
def test_dates_for_answers(
    work: D | None,
    back: D | None,
    answer: LeaveServices | None,
    expected: tuple[SupportVariant, D] | None,
) -> None:
    personal = dates_for_answers(
        work_start=work,
        return_day=back,
        variant=SupportVariant.STANDARD,
        leave_services=answer,
        today=TODAY,
    )
    got = None if personal is None else (personal.variant, personal.last_possible_day)
    assert got == expected


def test_dates_for_answers_keeps_a_return_to_work_stored_before_the_question() -> None:
    # Phase 1 stored 復職支援型 with the 復職日 in start_date and no answer: it counts as it did.
    personal = dates_for_answers(
        work_start=RETURN_DAY,
        return_day=None,
        variant=SupportVariant.RETURN_TO_WORK,
        leave_services=None,
        today=TODAY,
    )
    assert personal is not None and personal.input_date == RETURN_DAY
    assert personal.variant is SupportVariant.RETURN_TO_WORK
