"""The disability kinds a message names and the family pooling (bot/nlu/disability_*.py)."""

from __future__ import annotations

import pytest

from bot.nlu.disability_guard import FAMILY, GENERAL_INTENT, pool_disability
from bot.nlu.disability_kinds import KINDS, find_kinds, intent_for

# Typed questions, written for this test: words users use for each kind.
KIND_TABLE = [
    ("視覚障害のある人の通勤は", ["visual"]),
    ("目が見えにくい社員がいます", ["visual"]),
    ("弱視の娘", ["visual"]),
    ("耳が聞こえにくい同僚への伝え方", ["hearing"]),
    ("難聴なので電話が苦手", ["hearing"]),
    ("補聴器をつけて働いています", ["hearing"]),
    ("車いすで通勤しています", ["physical"]),
    ("肢体不自由の社員", ["physical"]),
    ("心臓にペースメーカーがあります", ["internal"]),
    ("人工透析をしながら働く", ["internal"]),
    ("療育手帳を持っています", ["intellectual"]),
    ("知的障害の息子", ["intellectual"]),
    ("ADHDの部下", ["developmental"]),
    ("ＡＳＤと診断されました", ["developmental"]),
    ("アスペルガーの同僚", ["developmental"]),
    ("はったつしょうがいの ひと", ["developmental"]),
    ("脳梗塞のあと復帰した", ["higher_brain"]),
    ("高次脳機能障害の夫", ["higher_brain"]),
    ("潰瘍性大腸炎です", ["nanbyo"]),
    ("ALSの父", ["nanbyo"]),
    ("うつ病で通院中", ["mental"]),
    ("うつで休職していました", ["mental"]),
    ("統合失調症の社員", ["mental"]),
    ("てんかん発作が心配", ["epilepsy"]),
    ("知的障害と発達障害があります", ["intellectual", "developmental"]),
    ("精神障害とてんかん", ["mental", "epilepsy"]),
]
# Words that look like a kind but are not one.
NOT_A_KIND = [
    "先が見えない不安があります",
    "精神的につらいです",
    "写真をうつす",
    "WORLD CUP",
    "費用はいくら",
    "",
]


@pytest.mark.parametrize(("text", "kinds"), KIND_TABLE)
def test_find_kinds(text: str, kinds: list[str]) -> None:
    assert find_kinds(text) == kinds


@pytest.mark.parametrize("text", NOT_A_KIND)
def test_words_that_name_no_kind(text: str) -> None:
    assert find_kinds(text) == []


def test_every_kind_has_an_intent_in_the_family() -> None:
    assert {intent_for(kind) for kind in KINDS} | {GENERAL_INTENT} == FAMILY
    assert len(KINDS) == 10


def ranking(*pairs: tuple[str, float]) -> list[dict]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_the_family_wins_when_its_members_together_beat_the_rest() -> None:
    spread = ranking(
        ("faq_eligibility", 0.4),
        ("faq_disability_visual", 0.3),
        ("faq_disability_hearing", 0.25),
        ("faq_cost", 0.05),
    )
    intent, new = pool_disability(spread[0], spread, "耳が聞こえにくい社員への配慮")
    assert intent == {"name": "faq_disability_hearing", "confidence": pytest.approx(0.55)}
    assert [r["name"] for r in new] == ["faq_disability_hearing", "faq_eligibility", "faq_cost"]


def test_the_words_pick_the_kind_over_the_classifier() -> None:
    wrong_kind = ranking(("faq_disability_visual", 0.9), ("faq_cost", 0.1))
    intent, _ = pool_disability(wrong_kind[0], wrong_kind, "てんかんのある人の仕事")
    assert intent["name"] == "faq_disability_epilepsy"


def test_of_several_kinds_the_classifier_chooses() -> None:
    both = ranking(
        ("faq_disability_developmental", 0.5),
        ("faq_disability_intellectual", 0.4),
        ("faq_cost", 0.1),
    )
    intent, _ = pool_disability(both[0], both, "知的障害と発達障害がある人への配慮")
    assert intent["name"] == "faq_disability_developmental"


def test_without_a_kind_word_the_classifier_chooses() -> None:
    general = ranking(("faq_disability_support", 0.6), ("faq_disability_visual", 0.2))
    intent, _ = pool_disability(general[0], general, "障害に合わせた配慮を知りたい")
    assert intent == {"name": "faq_disability_support", "confidence": pytest.approx(0.8)}


@pytest.mark.parametrize(
    "pairs",
    [
        pytest.param((("faq_eligibility", 0.6), ("faq_disability_mental", 0.3)), id="other-wins"),
        pytest.param((("faq_cost", 0.9), ("greet", 0.1)), id="no-family-member"),
    ],
)
def test_otherwise_nothing_changes(pairs: tuple[tuple[str, float], ...]) -> None:
    rank = ranking(*pairs)
    intent, new = pool_disability(rank[0], rank, "精神障害でも使えますか")
    assert intent is rank[0] and new is rank
