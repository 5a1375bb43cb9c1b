"""Resource maps: stored from the bot's custom messages, exported, deleted; directory suggestions."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from conftest import Chat, FakeRasa
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import DirectoryEntry, UserResourceMap, UserResourceMapEntry
from api.services.resource_map import MAX_BUTTONS, suggestion_payload
from bot.protocol import is_payload
from bot.resource_map.model import Contact, LifeArea, ResourceMap, sample_map

BASE = "http://api.test/api/v1"
EXPORT_TITLES = ["マップを見る（印刷用）", "画像（PNG）", "SVG", "文字だけの版"]


def map_message(rmap: ResourceMap, types: Any = None) -> dict[str, Any]:
    return {
        "recipient_id": "x",
        "custom": {"resource_map": {"map": rmap.to_dict(), "disability_types": types}},
    }


def reply(text: str, *extra: dict[str, Any], buttons: Any = None) -> list[dict[str, Any]]:
    first: dict[str, Any] = {"recipient_id": "x", "text": text}
    if buttons is not None:
        first["buttons"] = buttons
    return [first, *extra]


def start_with_map(
    chat: Chat, fake_rasa: FakeRasa, rmap: ResourceMap, types: Any = None
) -> tuple[str, list[dict[str, Any]]]:
    fake_rasa.replies["マップ"] = reply("マップを更新しました。", map_message(rmap, types))
    body = chat(message="マップ").json()
    return str(body["session_id"]), body["messages"]


def entries(db: Session) -> list[tuple[str, int, str]]:
    rows = db.scalars(
        select(UserResourceMapEntry).order_by(
            UserResourceMapEntry.area, UserResourceMapEntry.position
        )
    )
    return [(r.area, r.position, r.name_or_role) for r in rows]


def count(db: Session, model: Any) -> int:
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


# --- persistence from the chat relay --------------------------------------------------


def test_map_from_a_rasa_reply_is_stored_and_linked(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session
) -> None:
    sid, messages = start_with_map(chat, fake_rasa, sample_map())
    [message] = messages
    assert message["text"] == "マップを更新しました。"
    assert [link["title"] for link in message["links"]] == EXPORT_TITLES
    assert [link["url"] for link in message["links"]] == [
        f"{BASE}/sessions/{sid}/resource-map.{ext}" for ext in ("html", "png", "svg", "txt")
    ]
    row = db.scalar(select(UserResourceMap).where(UserResourceMap.session_id == sid))
    assert row is not None and row.goal == sample_map().goal
    assert row.disability_types is None
    assert len(entries(db)) == sample_map().contact_count
    assert ("workplace", 1, "障害者就業・生活支援センター") in entries(db)

    got = client.get(f"/api/v1/sessions/{sid}/resource-map")
    assert got.status_code == 200
    assert got.headers["cache-control"] == "no-store"
    assert got.json()["map"] == sample_map().to_dict()
    assert ResourceMap.from_dict(got.json()["map"]) == sample_map()
    # The links survive in the history (the custom message itself is not stored).
    history = client.get(f"/api/v1/sessions/{sid}/messages", params={"office_id": "demo"})
    assert [m["links"] for m in history.json()["messages"] if m["role"] == "bot"] == [
        message["links"]
    ]
    assert "disability" not in json.dumps(history.json())


def test_update_replaces_entries_and_keeps_one_map_per_session(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session
) -> None:
    sid, _ = start_with_map(chat, fake_rasa, sample_map())
    edited = (
        sample_map()
        .remove_contact(LifeArea.WORKPLACE, 0)
        .update_contact(LifeArea.HEALTH, 0, phone="000-1111-2222")
        .remove_contact(LifeArea.LEISURE, 0)
        .skip_area(LifeArea.LEISURE)
        .with_goal("新しい目標")
    )
    fake_rasa.replies["なおす"] = reply("直しました。", map_message(edited))
    assert chat(message="なおす", session_id=sid).status_code == 200
    assert count(db, UserResourceMap) == 1
    assert len(entries(db)) == edited.contact_count == sample_map().contact_count - 2
    assert ("workplace", 0, "障害者就業・生活支援センター") in entries(db)
    assert not any(area == "leisure" for area, _, _ in entries(db))
    got = client.get(f"/api/v1/sessions/{sid}/resource-map").json()["map"]
    assert got == edited.to_dict()
    assert got["areas"]["leisure"]["skipped"] is True
    assert got["areas"]["health"]["contacts"][0]["phone"] == "000-1111-2222"


def test_a_map_before_any_text_gets_its_own_message(chat: Chat, fake_rasa: FakeRasa) -> None:
    fake_rasa.replies["保存"] = [map_message(sample_map())]
    [message] = chat(message="保存").json()["messages"]
    assert message["text"] == "リソースマップを保存しました。"
    assert [link["title"] for link in message["links"]] == EXPORT_TITLES


@pytest.mark.parametrize(
    ("types", "stored"),
    [
        (None, None),
        ([], None),
        (["mental", "developmental"], ["developmental", "mental"]),
        (["mental", "not-a-type"], ["mental"]),
        (["not-a-type"], None),
        ("mental", None),  # not a list
    ],
)
def test_disability_types_only_when_given(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session, types: Any, stored: Any
) -> None:
    sid, _ = start_with_map(chat, fake_rasa, sample_map(), types)
    row = db.scalar(select(UserResourceMap).where(UserResourceMap.session_id == sid))
    assert row is not None and row.disability_types == stored
    assert client.get(f"/api/v1/sessions/{sid}/resource-map").json()["disability_types"] == stored


def test_a_later_update_without_types_clears_them(
    chat: Chat, fake_rasa: FakeRasa, db: Session
) -> None:
    sid, _ = start_with_map(chat, fake_rasa, sample_map(), ["mental"])
    fake_rasa.replies["更新"] = reply("更新しました。", map_message(sample_map(), None))
    chat(message="更新", session_id=sid)
    row = db.scalar(select(UserResourceMap).where(UserResourceMap.session_id == sid))
    assert row is not None and row.disability_types is None


@pytest.mark.parametrize(
    "bad",
    [
        {"map": {"areas": {"nowhere": {"contacts": []}}}},
        {"map": {"areas": {"workplace": {"contacts": [{"name_or_role": ""}]}}}},
        {
            "map": {
                "areas": {"workplace": {"contacts": [{"name_or_role": "x", "url": "javascript:1"}]}}
            }
        },
        {"map": {"goal": "x" * 500}},
        {"map": "not a dict"},
        {"no_map": True},
        "just text",
        None,
    ],
)
def test_an_invalid_map_is_ignored(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session, bad: Any
) -> None:
    fake_rasa.replies["壊れた"] = reply(
        "どうぞ。", {"recipient_id": "x", "custom": {"resource_map": bad}}
    )
    response = chat(message="壊れた")
    assert response.status_code == 200
    [message] = response.json()["messages"]
    assert message["links"] == []
    assert count(db, UserResourceMap) == 0
    sid = response.json()["session_id"]
    missing = client.get(f"/api/v1/sessions/{sid}/resource-map")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "resource_map_not_found"


def test_an_invalid_update_keeps_the_stored_map(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa
) -> None:
    sid, _ = start_with_map(chat, fake_rasa, sample_map())
    fake_rasa.replies["壊す"] = reply(
        "どうぞ。",
        {"recipient_id": "x", "custom": {"resource_map": {"map": {"areas": {"x": {}}}}}},
    )
    assert chat(message="壊す", session_id=sid).status_code == 200
    got = client.get(f"/api/v1/sessions/{sid}/resource-map").json()["map"]
    assert got == sample_map().to_dict()


# --- deletion ----------------------------------------------------------------------------


def test_bot_message_deletes_the_map_for_real(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session
) -> None:
    sid, _ = start_with_map(chat, fake_rasa, sample_map())
    other, _ = start_with_map(chat, fake_rasa, sample_map())
    fake_rasa.replies["削除"] = reply(
        "マップを削除しました。", {"recipient_id": "x", "custom": {"resource_map_deleted": True}}
    )
    [message] = chat(message="削除", session_id=sid).json()["messages"]
    assert message["text"] == "マップを削除しました。"
    assert message["links"] == [] and message["buttons"] == []
    assert count(db, UserResourceMap) == 1  # only the other session's map is left
    assert count(db, UserResourceMapEntry) == sample_map().contact_count
    assert client.get(f"/api/v1/sessions/{sid}/resource-map.html").status_code == 404
    assert client.get(f"/api/v1/sessions/{other}/resource-map").status_code == 200
    # Deleting again (nothing stored) is harmless.
    assert chat(message="削除", session_id=sid).status_code == 200


def test_delete_route(chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session) -> None:
    sid, _ = start_with_map(chat, fake_rasa, sample_map(), ["mental"])
    assert client.delete(f"/api/v1/sessions/{sid}/resource-map").status_code == 204
    assert count(db, UserResourceMap) == 0 and count(db, UserResourceMapEntry) == 0
    again = client.delete(f"/api/v1/sessions/{sid}/resource-map")
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "resource_map_not_found"
    # A new map can be made afterwards in the same session.
    fake_rasa.replies["また"] = reply("どうぞ。", map_message(sample_map()))
    chat(message="また", session_id=sid)
    assert client.get(f"/api/v1/sessions/{sid}/resource-map").status_code == 200


# --- exports -----------------------------------------------------------------------------


def test_png_export(chat: Chat, client: TestClient, fake_rasa: FakeRasa) -> None:
    sid, _ = start_with_map(chat, fake_rasa, sample_map())
    response = client.get(f"/api/v1/sessions/{sid}/resource-map.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == "no-store"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (1240, 1754)
    colours = image.convert("L").getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 10  # not blank
    dark = sum(n for n, level in colours if level < 128)
    assert dark > 5000  # text and lines were drawn


def test_svg_html_and_text_exports_escape_user_text(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa
) -> None:
    rmap = ResourceMap(goal="<script>alert(1)</script>で働き続けたい").add_contact(
        LifeArea.HEALTH, Contact("主治医", organisation="<b>クリニック</b>", about="体調のこと")
    )
    sid, _ = start_with_map(chat, fake_rasa, rmap)
    svg = client.get(f"/api/v1/sessions/{sid}/resource-map.svg")
    html = client.get(f"/api/v1/sessions/{sid}/resource-map.html")
    text = client.get(f"/api/v1/sessions/{sid}/resource-map.txt")
    assert svg.headers["content-type"] == "image/svg+xml; charset=utf-8"
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    for response in (svg, html):
        assert response.status_code == 200
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "<script>" not in response.text and "&lt;script&gt;" in response.text
        assert "<b>" not in response.text
        for words in ("主治医", "心身の安定", "職場の安定", "働き続けたい"):
            assert words in response.text
    assert '<html lang="ja">' in html.text
    assert "主治医（<b>クリニック</b>）" in text.text  # plain text: shown as typed
    assert "相談すること：体調のこと" in text.text


@pytest.mark.parametrize("suffix", ["", ".html", ".png", ".svg", ".txt"])
def test_exports_need_a_known_session_and_a_map(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, suffix: str
) -> None:
    unknown = client.get(f"/api/v1/sessions/{'a' * 32}/resource-map{suffix}")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "session_not_found"
    bad = client.get(f"/api/v1/sessions/bad!id/resource-map{suffix}")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_session_id"
    sid = chat(message="こんにちは").json()["session_id"]
    none = client.get(f"/api/v1/sessions/{sid}/resource-map{suffix}")
    assert none.status_code == 404 and none.json()["error"]["code"] == "resource_map_not_found"


def test_delete_route_errors(client: TestClient) -> None:
    unknown = client.delete(f"/api/v1/sessions/{'a' * 32}/resource-map")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "session_not_found"
    bad = client.delete("/api/v1/sessions/x/resource-map")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_session_id"


def test_foreign_origin_is_refused(chat: Chat, client: TestClient, fake_rasa: FakeRasa) -> None:
    sid, _ = start_with_map(chat, fake_rasa, sample_map())
    evil = {"Origin": "https://evil.example"}
    for method in ("GET", "DELETE"):
        response = client.request(method, f"/api/v1/sessions/{sid}/resource-map", headers=evil)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "origin_not_allowed"
    ok = client.get(
        f"/api/v1/sessions/{sid}/resource-map", headers={"Origin": "http://127.0.0.1:8000"}
    )
    assert ok.status_code == 200


def test_png_without_font_is_a_structured_error(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.routes import resource_map as routes
    from bot.resource_map.render.layout import FontNotFoundError

    def no_font(*_args: Any, **_kwargs: Any) -> bytes:
        raise FontNotFoundError("no font")

    monkeypatch.setattr(routes, "render_png", no_font)
    sid, _ = start_with_map(chat, fake_rasa, sample_map())
    response = client.get(f"/api/v1/sessions/{sid}/resource-map.png")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "export_unavailable"


def test_staff_cannot_list_maps(client: TestClient, staff_key: str) -> None:
    paths = [r.path for r in client.app.routes if hasattr(r, "path")]  # type: ignore[attr-defined]
    assert not [p for p in paths if "staff" in p and "resource" in p]
    spec = client.get("/openapi.json").json()
    assert "/api/v1/sessions/{session_id}/resource-map.png" in spec["paths"]


# --- suggestions from the office's directory ------------------------------------------------

SUGGEST_BUTTONS = [
    {"title": "上司", "payload": '/rmap_choice{"choice":"suggest:上司"}'},
    {"title": "この分野はとばす", "payload": "/rmap_skip"},
]


def add_entries(db: Session, *rows: dict[str, str]) -> None:
    for row in rows:
        db.add(DirectoryEntry(office_id="demo", category="", **row))
    db.commit()


def suggest_reply(area: str = "workplace", **place: str | None) -> list[dict[str, Any]]:
    spec = {"area": area, "prefecture": None, "municipality": None, **place}
    return reply(
        "職場のことで相談できる人はいますか？",
        {"recipient_id": "x", "custom": {"resource_map_suggestions": spec}},
        buttons=SUGGEST_BUTTONS,
    )


def test_suggestions_add_the_office_directory_filtered_by_municipality(
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
    fake_rasa.replies["職場"] = suggest_reply(municipality="八王子")
    [message] = chat(message="職場").json()["messages"]
    titles = [b["title"] for b in message["buttons"]]
    assert titles == [
        "はちおうじ就労センター（テスト）",
        "どこでも相談窓口（テスト）",
        "上司",
        "この分野はとばす",
    ]
    for button in message["buttons"]:
        assert is_payload(button["payload"])
    local = message["buttons"][0]["payload"]
    assert local.startswith("/rmap_choice{")
    assert json.loads(local.removeprefix("/rmap_choice")) == {
        "choice": "suggest:はちおうじ就労センター（テスト）"
    }


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
    return "/rmap_choice" + json.dumps({"choice": choice}, ensure_ascii=False)


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
        assert is_payload(button["payload"]), button
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


def test_long_names_are_skipped() -> None:
    assert suggestion_payload("上司") == '/rmap_choice{"choice":"suggest:上司"}'
    assert is_payload(suggestion_payload("あ" * 150))
    assert not is_payload(suggestion_payload("あ" * 190))
    assert is_payload(suggestion_payload('"\\' * 40))  # escaped: 160 characters


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


def test_migration_0003_goes_down_and_up_again(tmp_path: Any) -> None:
    from alembic import command
    from alembic.config import Config
    from conftest import ROOT, migrate
    from sqlalchemy import inspect

    from api.db import make_engine

    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    migrate(url)
    config = Config(str(ROOT / "api" / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["skip_logging"] = True

    def tables() -> set[str]:
        engine = make_engine(url)
        try:
            return set(inspect(engine).get_table_names())
        finally:
            engine.dispose()

    assert {"resource_maps", "resource_map_entries"} <= tables()
    command.downgrade(config, "0002")
    assert not {"resource_maps", "resource_map_entries"} & tables()
    assert {"offices", "chat_sessions", "directory_entries"} <= tables()
    command.upgrade(config, "head")
    assert {"resource_maps", "resource_map_entries"} <= tables()
    engine = make_engine(url)
    uniques = inspect(engine).get_unique_constraints("resource_map_entries")
    engine.dispose()
    assert [sorted(u["column_names"]) for u in uniques] == [["area", "map_id", "position"]]
