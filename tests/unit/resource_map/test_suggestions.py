"""Whom the bot suggests (bot/resource_map/suggestions.py): the manual's catalogue, an office's entries, the merge."""

from __future__ import annotations

import re

import pytest

from bot import protocol
from bot.resource_map.model import (
    LIFE_AREAS,
    Contact,
    LifeArea,
)
from bot.resource_map.suggestions import (
    MAX_BUTTONS,
    MAX_LOCAL_BUTTONS,
    SUGGESTIONS,
    LocalSuggestion,
    Suggestion,
    merge_suggestions,
    suggested_contact,
    suggestions_for,
)
from bot.resource_map.validation import (
    ErrorCode,
    ResourceMapError,
)

W, H, D, L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE


def codes(exc: pytest.ExceptionInfo[ResourceMapError]) -> tuple[ErrorCode, ...]:
    return exc.value.codes


# --- the manual's kinds of contact ----------------------------------------------------------


# The lists the issue asks for (issue 4, from seed 002 §15–34 and 004 §6–10), except that
# 地域活動支援センター is under 生活の安定: the seed names it among the welfare agencies that have
# known the person, not among the leisure contacts (B5 of the fact review, issue 10).
REQUIRED = {
    W: [
        "上司",
        "障害者職業生活相談員",
        "障害者就業・生活支援センター",
        "地域障害者職業センター",
        "自治体の就労支援センター",
    ],
    H: ["主治医", "訪問看護", "精神保健福祉センター"],
    D: ["相談支援事業所", "社会福祉協議会", "地域活動支援センター", "ヘルパー", "グループホーム"],
    L: ["地域のサークル・生涯学習", "当事者会・ピアサポート", "発達障害者支援センター"],
}


@pytest.mark.parametrize("area", LIFE_AREAS)
def test_suggestions_cover_the_issue_list_when_no_type_is_known(area: LifeArea) -> None:
    labels = [s.label for s in suggestions_for(area)]
    for label in REQUIRED[area]:
        assert label in labels
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("suggestion", SUGGESTIONS, ids=lambda s: s.key)
def test_every_suggestion_has_a_source_and_a_short_line(suggestion: Suggestion) -> None:
    assert re.fullmatch(r"00[0-4] §\d.*", suggestion.source), suggestion.source
    assert suggestion.about.endswith("。") and len(suggestion.about) <= 40
    assert suggestion.areas


def test_suggestion_keys_are_unique() -> None:
    keys = [s.key for s in SUGGESTIONS]
    assert len(keys) == len(set(keys))


TYPE_CASES = [
    # (area, types, must include, must exclude, first)
    pytest.param(
        H, ["精神"], ["精神保健福祉センター", "訪問看護"], [], "主治医", id="mental-health"
    ),
    pytest.param(
        H,
        ["知的"],
        ["主治医", "訪問看護"],
        ["精神保健福祉センター"],
        "主治医",
        id="intellectual-health",
    ),
    pytest.param(
        L,
        ["発達"],
        ["発達障害者支援センター", "当事者会・ピアサポート"],
        [],
        "当事者会・ピアサポート",
        id="developmental-leisure",
    ),
    pytest.param(
        L,
        ["身体"],
        ["地域のサークル・生涯学習"],
        ["発達障害者支援センター", "当事者会・ピアサポート", "地域活動支援センター"],
        "地域のサークル・生涯学習",
        id="physical-leisure",
    ),
    pytest.param(
        D,
        ["身体"],
        ["福祉センター・リハビリテーションセンター", "相談支援事業所"],
        [],
        "福祉センター・リハビリテーションセンター",
        id="physical-life",
    ),
    pytest.param(
        D,
        ["精神"],
        ["相談支援事業所"],
        ["福祉センター・リハビリテーションセンター"],
        "障害者就業・生活支援センター",
        id="mental-life",
    ),
    pytest.param(H, ["難病"], ["主治医"], ["精神保健福祉センター"], "主治医", id="intractable"),
    pytest.param(H, ["精神", "身体"], ["精神保健福祉センター"], [], "主治医", id="two-types"),
    pytest.param(W, ["発達"], REQUIRED[W], [], "上司", id="workplace-same-for-all"),
]


@pytest.mark.parametrize(("area", "types", "include", "exclude", "first"), TYPE_CASES)
def test_suggestions_by_disability_type(
    area: LifeArea, types: list[str], include: list[str], exclude: list[str], first: str
) -> None:
    labels = [s.label for s in suggestions_for(area, types)]
    assert set(include) <= set(labels)
    assert not set(exclude) & set(labels)
    assert labels[0] == first


def test_type_specific_suggestions_come_after_general_ones_without_a_type() -> None:
    labels = [s.label for s in suggestions_for(L)]
    assert labels.index("地域のサークル・生涯学習") < labels.index("発達障害者支援センター")


@pytest.mark.parametrize(
    ("key", "caveat"),
    [
        # C14 of the review: the seed's 「場合もある」 and the 5-worker condition stay
        ("home_helper", "場合もあります"),
        ("home_nursing", "場合もあります"),
        ("developmental_support_center", "場合もあります"),
        ("vocational_life_counselor", "5人以上"),
        # B5: known before, not a leisure contact
        ("community_activity_center", "前から関わりがあれば"),
    ],
)
def test_suggestions_keep_the_seeds_caveats(key: str, caveat: str) -> None:
    suggestion = next(s for s in SUGGESTIONS if s.key == key)
    assert caveat in suggestion.about
    assert LifeArea.LEISURE not in suggestion.areas or key == "developmental_support_center"


# --- an office's directory ------------------------------------------------------------------


def local(name: str, area: LifeArea = W, **details: str) -> LocalSuggestion:
    return LocalSuggestion.create(name=f"【サンプル】{name}", area=area, **details)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"name": "", "area": W}, (ErrorCode.NAME_REQUIRED,)),
        ({"name": "a", "area": "庭"}, (ErrorCode.UNKNOWN_AREA,)),
        ({"name": "a", "area": ""}, (ErrorCode.UNKNOWN_AREA,)),
        ({"name": "a", "area": W, "phone": "x"}, (ErrorCode.BAD_PHONE,)),
        ({"name": "a", "area": W, "url": "javascript:x"}, (ErrorCode.BAD_URL,)),
        ({"name": "a", "area": W, "hours": "h" * 61}, (ErrorCode.TOO_LONG,)),
        ({"name": "名" * 81, "area": W}, (ErrorCode.TOO_LONG,)),
    ],
)
def test_local_suggestion_validation(kwargs: dict[str, object], expected: tuple[ErrorCode]) -> None:
    with pytest.raises(ResourceMapError) as exc:
        LocalSuggestion.create(**kwargs)  # type: ignore[arg-type]
    assert codes(exc) == expected


def test_local_suggestion_accepts_area_names_and_80_characters() -> None:
    assert LocalSuggestion.create(name="a", area="余暇").area is L
    assert LocalSuggestion.create(name="名" * 80, area=W).name == "名" * 80
    with pytest.raises(ValueError, match="LocalSuggestion.create"):
        LocalSuggestion(name=" a", area=W)


def test_a_local_suggestion_becomes_a_contact_with_its_phone_hours_and_url() -> None:
    entry = local(
        "窓口", phone="０００ー００００", hours="平日 9時から", url="https://example.com/a"
    )
    choice = entry.choice()
    assert protocol.is_payload(protocol.choice_payload(choice))
    assert choice.startswith(protocol.SUGGEST_PREFIX + entry.name)
    contact = suggested_contact(choice.removeprefix(protocol.SUGGEST_PREFIX))
    assert contact == Contact(
        "【サンプル】窓口",
        how_to_contact="受付 平日 9時から",
        phone="000-0000",
        url="https://example.com/a",
    )


def test_what_does_not_fit_a_payload_is_left_off_the_choice_from_the_end() -> None:
    long_url = "https://example.com/" + "a" * 150
    entry = local("窓口", phone="000-0000", hours="平日", url=long_url)
    choice = entry.choice()
    assert protocol.is_payload(protocol.choice_payload(choice))
    contact = suggested_contact(choice.removeprefix(protocol.SUGGEST_PREFIX))
    assert contact is not None and contact.url is None
    assert (contact.phone, contact.how_to_contact) == ("000-0000", "受付 平日")
    longest = local("名" * 74, phone="0" * 15, hours="時" * 60, url=long_url)
    assert protocol.is_payload(protocol.choice_payload(longest.choice()))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上司", Contact("上司")),
        ("  主治医 ", Contact("主治医")),
        ("長" * 80, Contact("長" * 39 + "…")),  # a directory name is longer than a contact's
        ("窓口\t\t平日", Contact("窓口", how_to_contact="受付 平日")),
        ("", None),
        (" \t000", None),
    ],
)
def test_suggested_contact(text: str, expected: Contact | None) -> None:
    assert suggested_contact(text) == expected


def test_a_suggestion_with_a_bad_phone_explains_itself() -> None:
    with pytest.raises(ResourceMapError) as exc:
        suggested_contact("窓口\tでんわ")
    assert codes(exc) == (ErrorCode.BAD_PHONE,)


# --- merging them into the bot's buttons ----------------------------------------------------


def bot_buttons(*suggested: str) -> list[tuple[str, str]]:
    """Buttons as the dialogue sends them: its suggestions, then its other choices."""
    general = [(s, protocol.choice_payload(protocol.suggestion_choice(s))) for s in suggested]
    return [*general, ("自分で入力", protocol.choice_payload("own"))]


def titles(buttons: list[tuple[str, str]]) -> list[str]:
    return [title for title, _ in buttons]


def test_merge_puts_the_areas_local_entries_first_then_the_bots_buttons() -> None:
    directory = [local("職場1"), local("生活1", area=D), local("職場2")]
    merged = merge_suggestions(bot_buttons("上司", "主治医"), directory, area=W)
    assert titles(merged) == [
        "【サンプル】職場1",
        "【サンプル】職場2",
        "上司",
        "主治医",
        "自分で入力",
    ]
    assert protocol.choice_of(merged[0][1]) == directory[0].choice()
    assert all(protocol.is_payload(payload) for _, payload in merged)


def test_merge_keeps_the_cap_by_dropping_general_suggestions_from_the_end() -> None:
    directory = [local(f"職場{i}") for i in range(5)]
    buttons = bot_buttons("a", "b", "c", "d", "e", "f") + [("とばす", "/x")]
    merged = merge_suggestions(buttons, directory, area=W)
    assert len(merged) == MAX_BUTTONS
    assert titles(merged)[:MAX_LOCAL_BUTTONS] == [f"【サンプル】職場{i}" for i in range(3)]
    assert titles(merged)[MAX_LOCAL_BUTTONS:] == ["a", "b", "c", "自分で入力", "とばす"]


def test_merge_leaves_out_names_already_shown_and_adds_nothing_without_room() -> None:
    shown = bot_buttons("【サンプル】職場1")
    assert merge_suggestions(shown, [local("職場1")], area=W) == shown
    full = [(f"操作{i}", f"/op_{i}") for i in range(MAX_BUTTONS)]
    assert merge_suggestions(full, [local("職場1")], area=W) == full
