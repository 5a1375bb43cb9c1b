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
    text = "".join(verdict.lines_ja)
    assert "2027年3月1日（令和9年3月1日）から使えます" in text
    # 就職後4〜5月目: 2026-12-01 .. 2027-01-31
    assert "2026年12月1日" in text and "2027年1月31日" in text


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
