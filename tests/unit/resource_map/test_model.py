"""The worksheet as data (bot/resource_map/model.py): areas, types, contacts, the map and its edits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from bot.resource_map.validation import (
    MAX_CONTACTS_PER_AREA,
    ErrorCode,
    ResourceMapError,
)

W, H, D, L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE


T = DisabilityType


Edit = Callable[[ResourceMap], ResourceMap]


BOSS = Contact("上司", organisation="サンプル株式会社")


DOCTOR = Contact("主治医")


NURSE = Contact("訪問看護")


def codes(exc: pytest.ExceptionInfo[ResourceMapError]) -> tuple[ErrorCode, ...]:
    return exc.value.codes


# --- areas and types ------------------------------------------------------------------------


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


# --- contacts -------------------------------------------------------------------------------


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


# --- what may be stored ---------------------------------------------------------------------


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


# --- the map and its edits ------------------------------------------------------------------


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


# --- properties -----------------------------------------------------------------------------


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
