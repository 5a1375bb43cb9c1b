"""Eligibility verdicts (bot/eligibility.py): one row per situation a family may describe."""

from __future__ import annotations

from datetime import date as D

import pytest

from bot.dates.rules import SupportVariant
from bot.eligibility import (
    DECIDED_BY_MUNICIPALITY_JA,
    Employment,
    PriorService,
    VerdictKind,
    check_eligibility,
    read_employment,
    read_prior_service,
)

TODAY = D(2026, 11, 21)


@pytest.mark.parametrize(
    ("prior", "employment", "start", "kind", "first_day", "last_day"),
    [
        pytest.param(
            PriorService.TYPE_B,
            Employment.ORDINARY,
            D(2024, 4, 1),
            VerdictKind.ELIGIBLE_NOW,
            D(2024, 10, 1),
            D(2027, 9, 30),
            id="b-type-in-service",
        ),
        pytest.param(
            PriorService.TRANSITION,
            Employment.ORDINARY,
            D(2026, 8, 1),
            VerdictKind.ELIGIBLE_FROM,
            D(2027, 2, 1),
            D(2030, 1, 31),
            id="first-6-months",
        ),
        pytest.param(
            PriorService.TYPE_A,
            Employment.ORDINARY,
            D(2023, 5, 21),
            VerdictKind.PERIOD_OVER,
            D(2023, 11, 21),
            D(2026, 11, 20),
            id="over-yesterday",
        ),
        pytest.param(
            PriorService.DAILY_LIFE_CARE,
            Employment.ORDINARY,
            D(2023, 5, 22),
            VerdictKind.ELIGIBLE_NOW,
            D(2023, 11, 22),
            D(2026, 11, 21),
            id="last-day-is-today",
        ),
        pytest.param(
            PriorService.INDEPENDENCE_TRAINING,
            Employment.ORDINARY,
            D(2026, 5, 22),
            VerdictKind.ELIGIBLE_FROM,
            D(2026, 11, 22),
            D(2029, 11, 21),
            id="starts-tomorrow",
        ),
        pytest.param(
            PriorService.INDEPENDENCE_TRAINING,
            Employment.ORDINARY,
            D(2026, 5, 21),
            VerdictKind.ELIGIBLE_NOW,
            D(2026, 11, 21),
            D(2029, 11, 20),
            id="starts-today",
        ),
    ],
)
def test_verdict_depends_on_the_dates(prior, employment, start, kind, first_day, last_day) -> None:
    verdict = check_eligibility(
        prior_service=prior, employment=employment, start=start, today=TODAY
    )
    assert verdict.kind is kind
    assert (verdict.first_day, verdict.last_day) == (first_day, last_day)


@pytest.mark.parametrize(
    ("prior", "employment", "kind", "must_say"),
    [
        pytest.param(
            PriorService.NONE,
            Employment.ORDINARY,
            VerdictKind.NOT_ELIGIBLE,
            "障害者就業・生活支援センター",
            id="no-prior-service",
        ),
        pytest.param(
            PriorService.OTHER,
            Employment.ORDINARY,
            VerdictKind.ASK_MUNICIPALITY,
            "市区町村",
            id="other-service",
        ),
        pytest.param(
            PriorService.TYPE_B,
            Employment.TYPE_A_OFFICE,
            VerdictKind.NOT_ELIGIBLE,
            "一般就労に入りません",
            id="a-type-work-is-not-ordinary",
        ),
        pytest.param(
            PriorService.TRANSITION,
            Employment.NOT_WORKING,
            VerdictKind.NOT_ELIGIBLE,
            "一般就労",
            id="not-working",
        ),
    ],
)
def test_verdict_without_a_date(prior, employment, kind, must_say) -> None:
    verdict = check_eligibility(prior_service=prior, employment=employment, start=None, today=TODAY)
    assert verdict.kind is kind
    assert must_say in "".join(verdict.lines_ja)
    assert verdict.first_day is None


def test_every_verdict_ends_with_the_municipality_line() -> None:
    verdict = check_eligibility(
        prior_service=PriorService.TYPE_B,
        employment=Employment.ORDINARY,
        start=D(2024, 4, 1),
        today=TODAY,
    )
    assert verdict.lines_ja[-1] == DECIDED_BY_MUNICIPALITY_JA


def test_eligible_from_names_the_date_and_the_application_window() -> None:
    verdict = check_eligibility(
        prior_service=PriorService.TYPE_B,
        employment=Employment.ORDINARY,
        start=D(2026, 9, 1),
        today=TODAY,
    )
    lines = verdict.lines_ja
    assert lines[0] == "条件には合っているようです。"
    assert "使い始められるのは、2027年3月1日からです（目安）。" in lines
    # 就職後4〜5月目: 2026-12-01 .. 2027-01-31, still ahead
    assert "申請のめやすは、2026年12月1日から2027年1月31日ごろです。" in lines
    assert "それより前でも、申請できます。" in lines


@pytest.mark.parametrize(
    ("prior", "line"),
    [
        # 002 §2–3, 004 §4: a duty only for 就労移行支援, an effort for the others (C1).
        (PriorService.TRANSITION, "それまでは、就労移行支援の事業所が支えることになっています。"),
        (PriorService.TYPE_B, "それまでは、前の事業所ができるだけ支えることになっています。"),
        (PriorService.TYPE_A, "それまでは、前の事業所ができるだけ支えることになっています。"),
        (
            PriorService.DAILY_LIFE_CARE,
            "それまでは、前の事業所ができるだけ支えることになっています。",
        ),
    ],
)
def test_the_first_six_months_depend_on_the_sending_office(prior, line) -> None:
    verdict = check_eligibility(
        prior_service=prior, employment=Employment.ORDINARY, start=D(2026, 9, 1), today=TODAY
    )
    assert line in verdict.lines_ja


def test_a_passed_application_window_says_apply_now() -> None:
    # Review §2.4 (D15): 就職 2025-06-05, B型, today 2025-12-01: the window 2025-09-05..11-04 is over.
    verdict = check_eligibility(
        prior_service=PriorService.TYPE_B,
        employment=Employment.ORDINARY,
        start=D(2025, 6, 5),
        today=D(2025, 12, 1),
    )
    assert verdict.kind is VerdictKind.ELIGIBLE_FROM
    text = "".join(verdict.lines_ja)
    assert "申請のめやすの時期は、もう過ぎています。" in text
    assert "早めに、市区町村に申請してください。" in text
    assert "2025年9月5日" not in text


def test_inside_the_application_window() -> None:
    verdict = check_eligibility(
        prior_service=PriorService.TRANSITION,
        employment=Employment.ORDINARY,
        start=D(2025, 8, 1),
        today=D(2025, 12, 1),
    )
    assert "今が、申請のめやすの時期です。" in verdict.lines_ja
    # 就職後4〜5月目 of 2025-08-01: 2025-11-01 .. 2025-12-31
    assert "2025年12月31日ごろまでに申請しましょう。" in verdict.lines_ja


def test_little_time_left_is_said_and_nothing_is_promised() -> None:
    # Review §2.4 (C8): 就職 2022-08-01, B型, today 2025-12-01: two months are left.
    verdict = check_eligibility(
        prior_service=PriorService.TYPE_B,
        employment=Employment.ORDINARY,
        start=D(2022, 8, 1),
        today=D(2025, 12, 1),
    )
    assert verdict.kind is VerdictKind.ELIGIBLE_NOW
    lines = verdict.lines_ja
    assert lines[0] == "条件には合っているようです。"
    assert "使えるのは2026年1月31日までです（目安）。" in lines
    assert "使える期間の残りが、少なくなっています。" in lines
    assert "申請から使い始めるまで、時間がかかります。" in lines
    assert "早めに、市区町村の窓口に相談してください。" in lines
    assert "このチェックは、前のサービスと日付だけを見ています。" in lines
    assert not any("今から使えます" in line for line in lines)


def test_plenty_of_time_left_has_no_warning() -> None:
    verdict = check_eligibility(
        prior_service=PriorService.TYPE_B,
        employment=Employment.ORDINARY,
        start=D(2024, 4, 1),
        today=D(2025, 12, 1),
    )
    assert "使える期間の残りが、少なくなっています。" not in verdict.lines_ja
    assert "市区町村の窓口か相談支援事業所に、使いたいと伝えてください。" in verdict.lines_ja


def test_four_years_after_starting_work_the_period_is_over() -> None:
    verdict = check_eligibility(
        prior_service=PriorService.TRANSITION,
        employment=Employment.ORDINARY,
        start=D(2021, 12, 1),
        today=D(2025, 12, 1),
    )
    assert verdict.kind is VerdictKind.PERIOD_OVER
    assert "使える期間は2025年5月31日までで、もう過ぎています。" in verdict.lines_ja


def test_no_prior_service_names_the_qualifying_services() -> None:
    # A6: 生活介護 and 自立訓練 qualify but are not 就労系 services.
    verdict = check_eligibility(
        prior_service=PriorService.NONE, employment=Employment.ORDINARY, start=None, today=TODAY
    )
    text = "".join(verdict.lines_ja)
    assert "障害福祉サービスを使ってから" in text and "生活介護" in text and "自立訓練" in text
    assert "就労サービス" not in text


def test_return_to_work_verdict_states_its_condition() -> None:
    verdict = check_eligibility(
        prior_service=PriorService.TRANSITION,
        employment=Employment.ORDINARY,
        start=D(2026, 8, 31),
        today=TODAY,
        variant=SupportVariant.RETURN_TO_WORK,
    )
    assert verdict.lines_ja[0] == "この日付は、休職中に就労移行支援などを使った場合のものです。"
    # no application window for the variant (B2)
    assert "申請は、早めにしましょう。" in verdict.lines_ja
    assert not any("申請のめやす" in line for line in verdict.lines_ja)


def test_extended_hours_verdict_gives_no_last_day() -> None:
    verdict = check_eligibility(
        prior_service=PriorService.TRANSITION,
        employment=Employment.ORDINARY,
        start=D(2024, 12, 31),
        today=D(2025, 12, 1),
        variant=SupportVariant.EXTENDED_HOURS,
    )
    assert verdict.kind is VerdictKind.ELIGIBLE_NOW
    assert "使える最後の日は、資料によって数え方が違います。" in verdict.lines_ja
    assert not any("2028年" in line for line in verdict.lines_ja)


def test_return_to_work_counts_from_the_return_day() -> None:
    verdict = check_eligibility(
        prior_service=PriorService.TRANSITION,
        employment=Employment.ORDINARY,
        start=D(2026, 8, 31),
        today=TODAY,
        variant=SupportVariant.RETURN_TO_WORK,
    )
    assert verdict.first_day == D(2027, 3, 1)


def test_ordinary_work_needs_a_start_date() -> None:
    with pytest.raises(ValueError):
        check_eligibility(
            prior_service=PriorService.TYPE_B,
            employment=Employment.ORDINARY,
            start=None,
            today=TODAY,
        )


@pytest.mark.parametrize("prior", list(PriorService))
@pytest.mark.parametrize("employment", list(Employment))
def test_every_combination_has_short_sentences(prior, employment) -> None:
    verdict = check_eligibility(
        prior_service=prior, employment=employment, start=D(2025, 1, 15), today=TODAY
    )
    for line in verdict.lines_ja:
        for sentence in line.split("。"):
            assert len(sentence) <= 45, sentence
        assert "今から使えます" not in line


# --- typed answers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("B型です", PriorService.TYPE_B),
        ("Ｂ型に通っていました", PriorService.TYPE_B),
        ("就労移行支援です", PriorService.TRANSITION),
        ("A型を使っていた", PriorService.TYPE_A),
        ("生活介護", PriorService.DAILY_LIFE_CARE),
        ("生活訓練を使ってた", PriorService.INDEPENDENCE_TRAINING),
        ("何も使っていない", PriorService.NONE),
        ("どこにも通っていませんでした", PriorService.NONE),
        ("その他です", PriorService.OTHER),
        ("よくわからない", None),
    ],
)
def test_read_prior_service(text: str, expected: PriorService | None) -> None:
    assert read_prior_service(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会社で働いています", Employment.ORDINARY),
        ("パートです", Employment.ORDINARY),
        ("A型で働いています", Employment.TYPE_A_OFFICE),
        ("今は働いていない", Employment.NOT_WORKING),
        ("えーと", None),
    ],
)
def test_read_employment(text: str, expected: Employment | None) -> None:
    assert read_employment(text) == expected
