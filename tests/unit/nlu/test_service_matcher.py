"""The eligibility form's readers of typed answers: spaCy Matcher first, keywords after."""

from __future__ import annotations

import pytest

from bot.eligibility import Employment, PriorService
from bot.nlu.service_matcher import (
    match_employment,
    match_prior_service,
    read_employment_answer,
    read_prior_service_answer,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("就労継続支援B型に通っていました", PriorService.TYPE_B),
        ("Ｂ型", PriorService.TYPE_B),
        ("移行に通ってました", PriorService.TRANSITION),
        ("移行は使ってなくて、B型に通っていました", PriorService.TYPE_B),
        ("利用しなかったです", PriorService.NONE),
        ("特にないです", PriorService.NONE),
        ("今日は雨ですね", None),
    ],
)
def test_the_matcher_reads_services_and_their_negation(
    text: str, expected: PriorService | None
) -> None:
    assert match_prior_service(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("スーパーでパートをしています", Employment.ORDINARY),
        ("働いていませんでした", Employment.NOT_WORKING),
        ("先月退職しました", Employment.NOT_WORKING),
        ("A型を辞めて会社に就職しました", Employment.ORDINARY),
        ("A型事業所で働いています", Employment.TYPE_A_OFFICE),
        ("よろしく", None),
    ],
)
def test_the_matcher_reads_where_one_works(text: str, expected: Employment | None) -> None:
    assert match_employment(text) is expected


def test_the_keywords_fill_in_where_the_matcher_finds_nothing() -> None:
    assert match_prior_service("いこうしえん") is None
    assert read_prior_service_answer("いこうしえん") is PriorService.TRANSITION
    # Where the Matcher reads an answer, its reading wins over the keywords'.
    assert read_employment_answer("働いていません") is Employment.NOT_WORKING
