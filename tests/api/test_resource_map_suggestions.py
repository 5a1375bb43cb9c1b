"""The office directory's entries as resource map buttons, and the limits of what staff may save.

The rule for merging them is the bot's (bot/resource_map/suggestions.py, tested there); these tests
go through the chat relay and the staff API.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Chat, FakeRasa
from fastapi.testclient import TestClient
from rasa_replies import count, reply
from sqlalchemy.orm import Session

from api.models import DirectoryEntry, UserResourceMapEntry
from bot import protocol
from bot.resource_map.suggestions import MAX_BUTTONS, suggested_contact
from bot.resource_map.validation import MAX_LENGTHS

# --- suggestions from the office's directory ------------------------------------------------

SUGGEST_BUTTONS = [
    {"title": "上司", "payload": '/rmap_choice{"choice":"suggest:上司"}'},
    {"title": "この分野はとばす", "payload": "/rmap_skip"},
]


def add_entries(db: Session, *rows: dict[str, str]) -> None:
    for row in rows:
        db.add(DirectoryEntry(office_id="demo", category="", **row))
    db.commit()


def suggest_reply(area: str = "workplace") -> list[dict[str, Any]]:
    spec = {"area": area}
    return reply(
        "職場のことで相談できる人はいますか？",
        {"recipient_id": "x", "custom": {"resource_map_suggestions": spec}},
        buttons=SUGGEST_BUTTONS,
    )


def test_suggestions_add_the_office_directory_for_the_area(
    chat: Chat, fake_rasa: FakeRasa, db: Session
) -> None:
    add_entries(
        db,
        {
            "name": "はちおうじ就労センター（テスト）",
            "area_of_life": "職場の安定",
            "municipality": "八王子市",
        },
        {
            "name": "ふちゅう就労センター（テスト）",
            "area_of_life": "職場の安定",
            "municipality": "府中市",
        },
        {"name": "どこでも相談窓口（テスト）", "area_of_life": "職場の安定", "municipality": ""},
        {
            "name": "八王子 生活相談（テスト）",
            "area_of_life": "生活の安定",
            "municipality": "八王子市",
        },
        {"name": "分野なし（テスト）", "area_of_life": "", "municipality": "八王子市"},
    )
    fake_rasa.replies["職場"] = suggest_reply()
    [message] = chat(message="職場").json()["messages"]
    titles = [b["title"] for b in message["buttons"]]
    # The office's entries of the area in their order (the demo office's sample first), at most
    # three: the bot knows no place, so the municipality does not filter.
    assert titles == [
        "【サンプル】サンプル市 障害者就業・生活支援センター",
        "はちおうじ就労センター（テスト）",
        "ふちゅう就労センター（テスト）",
        "上司",
        "この分野はとばす",
    ]
    for button in message["buttons"]:
        assert protocol.is_payload(button["payload"])
    local = message["buttons"][1]["payload"]
    assert local.startswith("/rmap_choice{")
    assert json.loads(local.removeprefix("/rmap_choice")) == {
        "choice": "suggest:はちおうじ就労センター（テスト）"
    }


def test_an_entrys_phone_hours_and_url_travel_on_its_button(
    chat: Chat, fake_rasa: FakeRasa, db: Session
) -> None:
    add_entries(
        db,
        {
            "name": "みなみ相談室（テスト）",
            "area_of_life": "生活の安定",
            "phone": "０００ー１１１１ー２２２２",
            "hours": "平日 10時から",
            "url": "https://example.com/minami",
        },
    )
    fake_rasa.replies["生活"] = suggest_reply("daily_life")
    [message] = chat(message="生活").json()["messages"]
    # The demo office's sample entry has a phone and hours too.
    sample, added = message["buttons"][:2]
    assert added["title"] == "みなみ相談室（テスト）"
    choice = protocol.choice_of(added["payload"])
    assert choice is not None and protocol.is_payload(added["payload"])
    contact = suggested_contact(choice.removeprefix(protocol.SUGGEST_PREFIX))
    assert contact is not None
    assert contact.name_or_role == "みなみ相談室（テスト）"
    assert contact.phone == "000-1111-2222"
    assert contact.how_to_contact == "受付 平日 10時から"
    assert contact.url == "https://example.com/minami"
    from_sample = suggested_contact(
        str(protocol.choice_of(sample["payload"])).removeprefix(protocol.SUGGEST_PREFIX)
    )
    assert from_sample is not None and from_sample.phone == "000-0000-0000"


def test_suggestions_without_a_place_include_the_sample_entries(
    chat: Chat, fake_rasa: FakeRasa, client: TestClient
) -> None:
    fake_rasa.replies["生活"] = suggest_reply("daily_life")
    [message] = chat(message="生活").json()["messages"]
    assert message["buttons"][0]["title"] == "【サンプル】サンプル市役所 障害福祉窓口"
    # The pressed button is sent as its payload and shown with its title in the history.
    sid = chat(message="生活").json()["session_id"]
    payload = message["buttons"][0]["payload"]
    assert chat(session_id=sid, payload=payload).status_code == 200
    history = client.get(f"/api/v1/sessions/{sid}/messages", params={"office_id": "demo"})
    assert history.json()["messages"][-2]["text"] == "【サンプル】サンプル市役所 障害福祉窓口"


def bot_payload(choice: str) -> str:  # as actions/resource_map.py writes them
    return protocol.choice_payload(choice)


WORKPLACE_BUTTONS = [
    *[
        {"title": label, "payload": bot_payload(f"suggest:{label}")}
        for label in (
            "上司",
            "障害者職業生活相談員",
            "障害者就業・生活支援センター",
            "地域障害者職業センター",
            "自治体の就労支援センター",
        )
    ],
    {"title": "自分で入力", "payload": bot_payload("own")},
    {"title": "この分野はとばす", "payload": bot_payload("skip_area")},
]


def test_suggestions_are_capped_escaped_and_skip_what_does_not_fit(
    chat: Chat, fake_rasa: FakeRasa, db: Session
) -> None:
    add_entries(
        db,
        {"name": "あ" * 90, "area_of_life": "職場の安定"},  # longer than a map allows: left out
        {"name": "上司", "area_of_life": "職場の安定"},  # already a button
        *[{"name": f'相談先"{i}"\\（テスト）', "area_of_life": "職場の安定"} for i in range(5)],
    )
    fake_rasa.replies["職場"] = reply(
        "職場の安定について、相談できる人はいますか？",
        {"recipient_id": "x", "custom": {"resource_map_suggestions": {"area": "workplace"}}},
        buttons=WORKPLACE_BUTTONS,
    )
    [message] = chat(message="職場").json()["messages"]
    titles = [b["title"] for b in message["buttons"]]
    # Local entries first (at most 3), then the bot's general suggestions trimmed from the end
    # to keep 8 buttons; the bot's other buttons always stay.
    assert len(titles) == MAX_BUTTONS
    assert titles == [
        "【サンプル】サンプル市 障害者就業・生活支援センター",  # the demo office's sample entry
        '相談先"0"\\（テスト）',
        '相談先"1"\\（テスト）',
        "上司",
        "障害者職業生活相談員",
        "障害者就業・生活支援センター",
        "自分で入力",
        "この分野はとばす",
    ]
    for button in message["buttons"]:
        assert protocol.is_payload(button["payload"]), button
    local = message["buttons"][1]
    assert json.loads(local["payload"].removeprefix("/rmap_choice"))["choice"] == (
        'suggest:相談先"0"\\（テスト）'
    )


def test_no_room_no_local_entries(chat: Chat, fake_rasa: FakeRasa) -> None:
    controls = [{"title": f"操作{i}", "payload": f"/rmap_op_{i}"} for i in range(8)]
    fake_rasa.replies["満員"] = reply(
        "どうぞ。",
        {"recipient_id": "x", "custom": {"resource_map_suggestions": {"area": "daily_life"}}},
        buttons=controls,
    )
    [message] = chat(message="満員").json()["messages"]
    assert message["buttons"] == controls


def suggestion_payload(name: str) -> str:  # a suggestion button without details
    return protocol.choice_payload(protocol.suggestion_choice(name))


def test_long_names_are_skipped() -> None:
    assert suggestion_payload("上司") == '/rmap_choice{"choice":"suggest:上司"}'
    assert protocol.is_payload(suggestion_payload("あ" * 150))
    assert not protocol.is_payload(suggestion_payload("あ" * 190))
    assert protocol.is_payload(suggestion_payload('"\\' * 40))  # escaped: 160 characters


# --- field limits: what the staff API accepts is what the bot offers ----------------------


def staff_entry(**change: str) -> dict[str, str]:
    return {"name": "境界テスト窓口", "area_of_life": "職場の安定", **change}


@pytest.mark.parametrize("length", [MAX_LENGTHS["name"] - 1, MAX_LENGTHS["name"]])
def test_a_name_the_staff_api_accepts_is_offered(
    client: TestClient, staff_key: str, chat: Chat, fake_rasa: FakeRasa, length: int
) -> None:
    name = "名" * length
    response = client.post(
        "/api/v1/staff/directory",
        headers={"Authorization": f"Bearer {staff_key}"},
        json=staff_entry(name=name),
    )
    assert response.status_code == 201
    fake_rasa.replies["職場"] = suggest_reply()
    [message] = chat(message="職場").json()["messages"]
    assert name in [b["title"] for b in message["buttons"]]


@pytest.mark.parametrize(
    ("change", "loc", "kind"),
    [
        ({"name": "名" * (MAX_LENGTHS["name"] + 1)}, "name", "string_too_long"),
        ({"name": "   "}, "name", "value_error"),
        ({"phone": "0" * (MAX_LENGTHS["phone"] + 1)}, "phone", "string_too_long"),
        ({"phone": "受付に電話"}, "phone", "value_error"),
        ({"url": "https://localhost/"}, "url", "value_error"),
        ({"url": "https://example.com/" + "a" * MAX_LENGTHS["url"]}, "url", "string_too_long"),
        ({"hours": "時" * (MAX_LENGTHS["hours"] + 1)}, "hours", "string_too_long"),
    ],
)
def test_what_the_bot_could_not_offer_is_refused_with_a_stable_code(
    client: TestClient, staff_key: str, db: Session, change: dict[str, str], loc: str, kind: str
) -> None:
    before = count(db, DirectoryEntry)
    response = client.post(
        "/api/v1/staff/directory",
        headers={"Authorization": f"Bearer {staff_key}"},
        json=staff_entry(**change),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["details"][0]["loc"] == ["body", loc] and error["details"][0]["type"] == kind
    assert count(db, DirectoryEntry) == before


def test_the_columns_are_wide_enough_for_the_domains_limits() -> None:
    def width(model: Any, column: str) -> int:
        length = model.__table__.c[column].type.length
        return 10**9 if length is None else int(length)  # Text has no limit

    for column in ("name", "phone", "url", "hours"):
        assert width(DirectoryEntry, column) >= MAX_LENGTHS[column], column
    for column in ("name_or_role", "organisation", "about", "how_to_contact", "phone", "url"):
        assert width(UserResourceMapEntry, column) >= MAX_LENGTHS[column], column


@pytest.mark.parametrize(
    "spec",
    [{"area": "nowhere"}, {"area": None}, "workplace", None, {"prefecture": "東京都"}],
)
def test_bad_suggestion_specs_are_ignored(chat: Chat, fake_rasa: FakeRasa, spec: Any) -> None:
    fake_rasa.replies["提案"] = reply(
        "どうぞ。",
        {"recipient_id": "x", "custom": {"resource_map_suggestions": spec}},
        buttons=SUGGEST_BUTTONS,
    )
    response = chat(message="提案")
    assert response.status_code == 200
    assert response.json()["messages"][0]["buttons"] == SUGGEST_BUTTONS
