"""Resource map domain core (bot/resource_map/model.py): validation, edits, suggestions, directory."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import protocol
from bot.resource_map.model import (
    LIFE_AREAS,
    AreaSection,
    Contact,
    DisabilityType,
    LifeArea,
    ResourceMap,
    parse_area,
    parse_disability_type,
    profile_to_store,
)
from bot.resource_map.samples import sample_map
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
from bot.resource_map.texts import CONSENT_DECLINED_TEXT, CONSENT_TEXT, MAP_EXPLANATION
from bot.resource_map.validation import (
    MAX_CONTACTS_PER_AREA,
    ErrorCode,
    Problem,
    ResourceMapError,
    field_problems,
    normalize_phone,
    normalize_url,
)
from bot.resource_map.validation import problem as make_problem

W, H, D, L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE
T = DisabilityType
ROOT = Path(__file__).resolve().parents[3]
Edit = Callable[[ResourceMap], ResourceMap]
SENTENCE = re.compile(r"[^。？！]+[。？！]")
BOSS = Contact("上司", organisation="サンプル株式会社")
DOCTOR = Contact("主治医")
NURSE = Contact("訪問看護")


def codes(exc: pytest.ExceptionInfo[ResourceMapError]) -> tuple[ErrorCode, ...]:
    return exc.value.codes


# --- module hygiene ------------------------------------------------------------------


DOMAIN_MODULES = ("model", "validation", "suggestions", "texts", "state", "samples", "dialogue")


@pytest.mark.parametrize("module", DOMAIN_MODULES)
def test_domain_core_imports_only_the_stdlib(module: str) -> None:
    tree = ast.parse((ROOT / f"bot/resource_map/{module}.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module in ("bot", "bot.resource_map"):
            imported |= {f"{node.module}.{a.name}" for a in node.names}  # from bot import protocol
        elif isinstance(node, ast.ImportFrom) and node.module:
            ours = node.module.startswith("bot.") and node.module
            imported.add(ours or node.module.split(".")[0])
    assert not imported & {"rasa", "rasa_sdk", "fastapi", "sqlalchemy", "pydantic", "PIL"}
    assert imported <= {
        "__future__",
        "json",
        "re",
        "unicodedata",
        "collections",
        "dataclasses",
        "enum",
        "typing",
        "urllib",
        "bot.resource_map.model",
        "bot.resource_map.validation",
        "bot.resource_map.suggestions",
        "bot.resource_map.texts",
        "bot.resource_map.state",
        "bot.protocol",  # the button grammar shared with actions and API
        "bot.resource_map.render.text",  # the dialogue reads the map back as text
    }


# --- areas and types ------------------------------------------------------------------


def test_area_labels_are_the_manuals_in_worksheet_order() -> None:
    # seed 002 §32 worksheet; FACTS.md "Resource map"
    assert [a.label for a in LIFE_AREAS] == ["職場の安定", "心身の安定", "生活の安定", "余暇の充実"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("職場の安定", W),
        ("職場", W),
        ("workplace", W),
        ("仕事", W),
        ("心身", H),
        ("ＨＥＡＬＴＨ", H),
        ("健康", H),
        ("生活", D),
        ("daily_life", D),
        ("暮らし", D),
        ("余暇の充実", L),
        (" 余暇 ", L),
        ("趣味", L),
        ("家", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_area(text: str | None, expected: LifeArea | None) -> None:
    assert parse_area(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("知的", T.INTELLECTUAL),
        ("知的障害", T.INTELLECTUAL),
        ("発達", T.DEVELOPMENTAL),
        ("精神障害", T.MENTAL),
        ("てんかん", T.MENTAL),
        ("身体", T.PHYSICAL),
        ("難病", T.INTRACTABLE_DISEASE),
        ("高次脳機能障害", T.BRAIN_INJURY),
        ("mental", T.MENTAL),
        ("うつ病", None),
        ("", None),
    ],
)
def test_parse_disability_type(text: str, expected: DisabilityType | None) -> None:
    assert parse_disability_type(text) is expected


# --- contact validation ----------------------------------------------------------------

CONTACT_ERRORS = [
    pytest.param({"name_or_role": ""}, (ErrorCode.NAME_REQUIRED,), id="empty-name"),
    pytest.param({"name_or_role": "  \n　"}, (ErrorCode.NAME_REQUIRED,), id="blank-name"),
    pytest.param({"name_or_role": "あ" * 41}, (ErrorCode.TOO_LONG,), id="long-name"),
    pytest.param(
        {"name_or_role": "上司", "organisation": "社" * 61},
        (ErrorCode.TOO_LONG,),
        id="long-organisation",
    ),
    pytest.param(
        {"name_or_role": "上司", "about": "a" * 81}, (ErrorCode.TOO_LONG,), id="long-about"
    ),
    pytest.param(
        {"name_or_role": "上司", "how_to_contact": "電" * 81}, (ErrorCode.TOO_LONG,), id="long-how"
    ),
    pytest.param({"name_or_role": "上\x00司"}, (ErrorCode.INVALID_CHARACTERS,), id="nul"),
    pytest.param(
        {"name_or_role": "上司", "about": "\x1b[31m"},
        (ErrorCode.INVALID_CHARACTERS,),
        id="escape-sequence",
    ),
    pytest.param(
        {"name_or_role": "上司", "phone": "でんわ"}, (ErrorCode.BAD_PHONE,), id="kana-phone"
    ),
    pytest.param(
        {"name_or_role": "上司", "phone": "0" * 30}, (ErrorCode.TOO_LONG,), id="long-phone"
    ),
    pytest.param(
        {"name_or_role": "上司", "url": "javascript:alert(1)"},
        (ErrorCode.BAD_URL,),
        id="javascript-url",
    ),
    pytest.param(
        {"name_or_role": "", "phone": "x", "url": "ftp://example.com"},
        (ErrorCode.NAME_REQUIRED, ErrorCode.BAD_PHONE, ErrorCode.BAD_URL),
        id="all-problems-at-once",
    ),
]


@pytest.mark.parametrize(("kwargs", "expected"), CONTACT_ERRORS)
def test_contact_validation_errors(kwargs: dict[str, str], expected: tuple[ErrorCode, ...]) -> None:
    with pytest.raises(ResourceMapError) as exc:
        Contact.create(**kwargs)
    assert codes(exc) == expected
    assert all(p.message.endswith("。") for p in exc.value.problems)


CONTACT_NORMALISATION = [
    pytest.param({"name_or_role": "  主治医 "}, "name_or_role", "主治医", id="strip"),
    pytest.param({"name_or_role": "ｼﾞｮﾌﾞｺｰﾁ"}, "name_or_role", "ジョブコーチ", id="halfwidth-kana"),
    pytest.param({"name_or_role": "ＡＢＣ１２３"}, "name_or_role", "ABC123", id="fullwidth-alnum"),
    pytest.param(
        {"name_or_role": "上司（総務）"},
        "name_or_role",
        "上司（総務）",
        id="japanese-brackets-kept",
    ),
    pytest.param(
        {"name_or_role": "上司", "about": "仕事の\n\n量　と 進め方"},
        "about",
        "仕事の 量 と 進め方",
        id="whitespace-runs",
    ),
    pytest.param(
        {"name_or_role": "上司", "organisation": ""},
        "organisation",
        None,
        id="empty-optional-is-none",
    ),
    pytest.param(
        {"name_or_role": "上司", "phone": "０３－１２３４－５６７８"},
        "phone",
        "03-1234-5678",
        id="fullwidth-phone",
    ),
    pytest.param(
        {"name_or_role": "上司", "url": "www.example.com"},
        "url",
        "https://www.example.com",
        id="bare-www",
    ),
]


@pytest.mark.parametrize(("kwargs", "attr", "expected"), CONTACT_NORMALISATION)
def test_contact_normalisation(kwargs: dict[str, str], attr: str, expected: str | None) -> None:
    assert getattr(Contact.create(**kwargs), attr) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("03-1234-5678", "03-1234-5678"),
        ("０３ー１２３４ー５６７８", "03-1234-5678"),  # 長音記号 typed as hyphen
        ("03−1234−5678", "03-1234-5678"),  # minus sign
        ("0120 123 456", "0120 123 456"),
        ("(03) 1234-5678", "(03) 1234-5678"),
        ("+81-3-1234-5678", "+81-3-1234-5678"),
        ("000-0000-0000", "000-0000-0000"),  # shape only: never requires a real number
        ("#7119", "#7119"),
        ("110", "110"),
        ("12", None),  # too few digits
        ("1234567890123456", None),  # too many digits
        ("03--1234", None),
        ("-03-1234", None),
        ("tel:0312345678", None),
        ("03-1234-5678 内線12", None),
        ("abc", None),
    ],
)
def test_normalize_phone(raw: str, expected: str | None) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://example.com", "https://example.com"),
        ("http://example.com/path?q=1#x", "http://example.com/path?q=1#x"),
        ("HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"),
        ("www.example.com/a", "https://www.example.com/a"),
        ("https://例え.jp/", "https://例え.jp/"),
        ("ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ", "https://example.com"),
        ("example.com", None),  # no scheme and not www.
        ("https://localhost", None),
        ("https://example", None),
        ("https://exa mple.com", None),
        ("https://user:pw@example.com", None),
        ("https://example.com:99999", None),
        ("javascript:alert(1)", None),
        ("mailto:a@example.com", None),
        ("file:///etc/passwd", None),
        ("https://", None),
    ],
)
def test_normalize_url(raw: str, expected: str | None) -> None:
    assert normalize_url(raw) == expected


@pytest.mark.parametrize(
    ("fld", "value", "required", "expected"),
    [
        ("name", "", True, (ErrorCode.NAME_REQUIRED,)),
        ("name", "", False, ()),
        ("name", "名" * 80, True, ()),
        ("name", "名" * 81, True, (ErrorCode.TOO_LONG,)),
        ("hours", "平日\x00", False, (ErrorCode.INVALID_CHARACTERS,)),
        ("phone", "受付に電話", False, (ErrorCode.BAD_PHONE,)),
        ("phone", "０３ー１２３４ー５６７８", False, ()),
        ("url", "https://localhost", False, (ErrorCode.BAD_URL,)),
        ("url", "", False, ()),
    ],
)
def test_field_problems_are_the_domain_types_problems(
    fld: str, value: str, required: bool, expected: tuple[ErrorCode, ...]
) -> None:
    assert tuple(p.code for p in field_problems(fld, value, required=required)) == expected


def test_contact_is_immutable_and_round_trips() -> None:
    c = Contact("主治医", organisation="サンプルクリニック", phone="000-0000-0000")
    with pytest.raises(AttributeError):
        c.name_or_role = "x"  # type: ignore[misc]
    assert Contact.from_dict(c.to_dict()) == c
    assert c.display_name == "主治医（サンプルクリニック）"
    assert c.contact_line == "000-0000-0000"


def test_the_plain_constructors_accept_only_valid_normal_values() -> None:
    with pytest.raises(ResourceMapError) as exc:
        Contact("")
    assert codes(exc) == (ErrorCode.NAME_REQUIRED,)
    with pytest.raises(ValueError, match="Contact.create"):
        Contact("  主治医 ")  # valid, but not normal: create() normalises
    with pytest.raises(ValueError, match="ResourceMap.create"):
        ResourceMap(goal=" 働き続けたい")
    with pytest.raises(ValueError, match="ResourceMap.create"):
        ResourceMap(sections=ResourceMap().sections[::-1])
    assert ResourceMap.create(goal=" 働き続けたい ").goal == "働き続けたい"


def test_create_puts_the_sections_in_worksheet_order() -> None:
    m = ResourceMap.create(sections=[AreaSection(L, skipped=True), AreaSection(W, (BOSS,))])
    assert [s.area for s in m.sections] == list(LIFE_AREAS)
    assert m.contacts(W) == (BOSS,) and m.section(L).skipped and m.section(H).is_pending
    with pytest.raises(ResourceMapError) as exc:
        ResourceMap.create(sections=[AreaSection(W), AreaSection(W)])
    assert codes(exc) == (ErrorCode.BAD_DATA,)


# --- messages ------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_has_a_short_polite_japanese_message(code: ErrorCode) -> None:
    problem: Problem = make_problem(code, "about", limit=80)
    sentences = SENTENCE.findall(problem.message)
    assert sentences and "".join(sentences) == problem.message
    for s in sentences:
        assert len(s) <= 40, s
        assert re.search(r"(です|ます|ください|でした|ません)。$", s), s
    assert re.search(r"[\u3040-\u30ff]", problem.message)


def test_error_codes_are_stable_strings() -> None:
    assert {c.value for c in ErrorCode} >= {
        "name_required",
        "too_long",
        "invalid_characters",
        "bad_phone",
        "bad_url",
        "too_many_contacts",
        "duplicate_contact",
        "contact_not_found",
        "area_not_empty",
        "unknown_area",
        "bad_data",
    }


@pytest.mark.parametrize(
    "text", [MAP_EXPLANATION, CONSENT_TEXT, CONSENT_DECLINED_TEXT], ids=["explain", "consent", "no"]
)
def test_user_texts_are_short_sentences(text: str) -> None:
    sentences = SENTENCE.findall(text)
    assert "".join(sentences) == text
    assert all(len(s) <= 40 for s in sentences), sentences


def test_explanation_is_two_sentences_about_the_worksheet() -> None:
    sentences = SENTENCE.findall(MAP_EXPLANATION)
    assert len(sentences) == 2
    assert "めざす姿" in MAP_EXPLANATION and "誰に" in MAP_EXPLANATION


def test_consent_text_says_what_is_stored_and_that_it_is_optional() -> None:
    for phrase in ("障害の種類", "病名や体調", "保存しません", "答えなくても", "削除"):
        assert phrase in CONSENT_TEXT
    assert CONSENT_TEXT.endswith("？")


@pytest.mark.parametrize(
    ("given", "consented", "expected"),
    [
        (["精神", "発達"], True, {T.MENTAL, T.DEVELOPMENTAL}),
        (["精神", "発達"], False, set()),
        (["うつ病", "精神"], True, {T.MENTAL}),  # free text / diagnoses are never stored
        ([], True, set()),
    ],
)
def test_profile_to_store_keeps_the_minimum(
    given: list[str], consented: bool, expected: set[DisabilityType]
) -> None:
    assert profile_to_store(given, consented=consented) == frozenset(expected)


# --- the map and its edits -------------------------------------------------------------


def test_new_map_is_empty_with_four_pending_areas() -> None:
    m = ResourceMap()
    assert m.is_empty
    assert m.pending_areas() == LIFE_AREAS
    assert m.next_area() is W
    assert [s.area for s in m.sections] == list(LIFE_AREAS)


def test_edits_return_new_maps_and_leave_the_old_one_alone() -> None:
    m0 = ResourceMap()
    m1 = m0.add_contact(W, BOSS)
    assert m0.contacts(W) == () and m1.contacts(W) == (BOSS,)
    m2 = m1.with_goal("  働き続けたい ")
    assert m1.goal is None and m2.goal == "働き続けたい"


EDIT_CASES = [
    pytest.param(
        lambda m: m.add_contact("心身", NURSE), {H: ["主治医", "訪問看護"]}, id="add-second"
    ),
    pytest.param(lambda m: m.replace_contact(H, 0, NURSE), {H: ["訪問看護"]}, id="replace"),
    pytest.param(
        lambda m: m.update_contact(H, 0, organisation="サンプル医院"),
        {H: ["主治医"]},
        id="update-field",
    ),
    pytest.param(lambda m: m.remove_contact(H, 0), {H: []}, id="remove"),
    pytest.param(lambda m: m.add_contact(W, BOSS), {W: ["上司"], H: ["主治医"]}, id="add-other"),
]


@pytest.mark.parametrize(("edit", "expected"), EDIT_CASES)
def test_edits(edit: Edit, expected: dict[LifeArea, list[str]]) -> None:
    base = ResourceMap().add_contact(H, DOCTOR)
    result = edit(base)
    for area, names in expected.items():
        assert [c.name_or_role for c in result.contacts(area)] == names
    assert base.contacts(H) == (DOCTOR,)


def test_update_contact_clears_and_validates_fields() -> None:
    m = ResourceMap().add_contact(W, Contact("上司", phone="000-0000-0000"))
    assert m.update_contact(W, 0, phone="").contact(W, 0).phone is None
    with pytest.raises(ResourceMapError) as exc:
        m.update_contact(W, 0, phone="でんわ")
    assert codes(exc) == (ErrorCode.BAD_PHONE,)
    with pytest.raises(TypeError):
        m.update_contact(W, 0, nickname="x")


EDIT_ERRORS = [
    pytest.param(
        lambda m: m.remove_contact(H, 5), ErrorCode.CONTACT_NOT_FOUND, id="remove-missing"
    ),
    pytest.param(lambda m: m.remove_contact(W, 0), ErrorCode.CONTACT_NOT_FOUND, id="remove-empty"),
    pytest.param(
        lambda m: m.replace_contact(H, -1, NURSE), ErrorCode.CONTACT_NOT_FOUND, id="negative-index"
    ),
    pytest.param(
        lambda m: m.add_contact(H, Contact("主治医")), ErrorCode.DUPLICATE_CONTACT, id="duplicate"
    ),
    pytest.param(
        lambda m: m.add_contact(H, NURSE).replace_contact(H, 1, DOCTOR),
        ErrorCode.DUPLICATE_CONTACT,
        id="replace-into-duplicate",
    ),
    pytest.param(lambda m: m.skip_area(H), ErrorCode.AREA_NOT_EMPTY, id="skip-filled"),
    pytest.param(lambda m: m.add_contact("家", NURSE), ErrorCode.UNKNOWN_AREA, id="unknown-area"),
    pytest.param(lambda m: m.with_goal("夢" * 121), ErrorCode.TOO_LONG, id="long-goal"),
]


@pytest.mark.parametrize(("edit", "code"), EDIT_ERRORS)
def test_edit_errors(edit: Edit, code: ErrorCode) -> None:
    with pytest.raises(ResourceMapError) as exc:
        edit(ResourceMap().add_contact(H, DOCTOR))
    assert codes(exc) == (code,)


def test_too_many_contacts_in_one_area() -> None:
    m = ResourceMap()
    for i in range(MAX_CONTACTS_PER_AREA):
        m = m.add_contact(L, Contact(f"友人{i}"))
    with pytest.raises(ResourceMapError) as exc:
        m.add_contact(L, Contact("もう一人"))
    assert codes(exc) == (ErrorCode.TOO_MANY_CONTACTS,)


def test_skip_and_completion() -> None:
    m = ResourceMap().add_contact(W, BOSS).skip_area(H).skip_area(D)
    assert m.pending_areas() == (L,) and m.next_area() is L
    m = m.add_contact(L, Contact("サークルの仲間"))
    assert m.pending_areas() == () and m.next_area() is None
    # adding to a skipped area un-skips it
    assert not m.add_contact(H, DOCTOR).section(H).skipped


def test_sample_map_round_trips_through_plain_data() -> None:
    m = sample_map()
    assert ResourceMap.from_dict(m.to_dict()) == m
    assert len([s for s in m.sections if s.contacts]) >= 3
    assert "サンプル" in (m.goal or "")


@pytest.mark.parametrize(
    "data",
    [
        {"areas": {"garden": {"contacts": []}}},
        {"areas": {"workplace": {"contacts": [{"name_or_role": ""}]}}},
        {"areas": "nonsense"},
        {"goal": "夢" * 200},
    ],
    ids=["unknown-area", "invalid-contact", "wrong-shape", "long-goal"],
)
def test_from_dict_rejects_bad_data(data: dict[str, object]) -> None:
    with pytest.raises(ResourceMapError):
        ResourceMap.from_dict(data)


# --- suggestions ---------------------------------------------------------------------

# The lists the issue asks for (issue 4, from seed 002 §15–34 and 004 §6–10).
REQUIRED = {
    W: [
        "上司",
        "障害者職業生活相談員",
        "障害者就業・生活支援センター",
        "地域障害者職業センター",
        "自治体の就労支援センター",
    ],
    H: ["主治医", "訪問看護", "精神保健福祉センター"],
    D: ["相談支援事業所", "社会福祉協議会", "ヘルパー", "グループホーム"],
    L: ["地域活動支援センター", "当事者会・ピアサポート", "発達障害者支援センター"],
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
        ["地域活動支援センター"],
        ["発達障害者支援センター", "当事者会・ピアサポート"],
        "地域活動支援センター",
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
    assert labels.index("地域活動支援センター") < labels.index("発達障害者支援センター")


# --- an office's directory ------------------------------------------------------------


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


# --- properties ------------------------------------------------------------------------

text = st.text(max_size=60)


@settings(max_examples=200, deadline=None)
@given(name=text, org=st.none() | text, phone=st.none() | text, url=st.none() | text)
def test_contact_either_validates_or_explains(
    name: str, org: str | None, phone: str | None, url: str | None
) -> None:
    try:
        c = Contact.create(name, organisation=org, phone=phone, url=url)
    except ResourceMapError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    assert c.name_or_role.strip() == c.name_or_role and c.name_or_role
    assert Contact.from_dict(c.to_dict()) == c  # normalisation is idempotent


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(LIFE_AREAS), st.text(min_size=1, max_size=10)), max_size=15)
)
def test_any_sequence_of_adds_round_trips(ops: list[tuple[LifeArea, str]]) -> None:
    m = ResourceMap()
    for area, name in ops:
        try:
            m = m.add_contact(area, Contact.create(name))
        except ResourceMapError:
            continue
    assert ResourceMap.from_dict(m.to_dict()) == m
    assert all(len(s.contacts) <= MAX_CONTACTS_PER_AREA for s in m.sections)
