"""Staff see what the user shared and nothing that opens more (review M3); every read of personal
data is in the audit log; the staff lists come a page at a time, filtered."""

from __future__ import annotations

from typing import Any

from conftest import Chat, FakeRasa, rasa_output
from fastapi.testclient import TestClient
from rasa_replies import reply
from sqlalchemy.orm import Session

from api.models import HandoffRequest, Office, UnansweredQuestion
from api.services.offices import create_api_key, key_for, revoke_key
from bot.resource_map.samples import sample_map


def auth(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def session_with_everything(chat: Chat, client: TestClient, fake_rasa: FakeRasa) -> str:
    """A session with a resource map (export links in its history), a calendar link, an
    unanswered question and a callback request sharing the transcript."""
    fake_rasa.replies["マップ"] = reply(
        "マップを更新しました。",
        {
            "custom": {
                "resource_map": {"map": sample_map().to_dict(), "disability_types": ["mental"]}
            }
        },
        {"custom": {"calendar": {"start": "2024-04-01", "variant": "standard"}}},
    )
    fake_rasa.replies["ぴよぴよ"] = rasa_output("utter_default")
    sid = str(chat(message="マップ").json()["session_id"])
    chat(message="ぴよぴよ", session_id=sid)
    shared = client.post(
        "/api/v1/handoff",
        json={
            "office_id": "demo",
            "session_id": sid,
            "consent": True,
            "name": "山田",
            "share_transcript": True,
        },
    )
    assert shared.status_code == 201
    return sid


def test_staff_never_receive_the_session_id(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, staff_key: str
) -> None:
    sid = session_with_everything(chat, client, fake_rasa)
    history = client.get(f"/api/v1/sessions/{sid}/messages", params={"office_id": "demo"})
    assert sid in history.text  # the user's own history links to the map exports
    for path in ("/api/v1/staff/handoffs", "/api/v1/staff/unanswered", "/api/v1/staff/audit-log"):
        response = client.get(path, headers=auth(staff_key))
        assert response.status_code == 200 and response.json()
        assert sid not in response.text, path
    [row] = client.get("/api/v1/staff/handoffs", headers=auth(staff_key)).json()
    assert "session_id" not in row
    texts = [m["text"] for m in row["transcript"]]
    assert "マップを更新しました。" in texts  # the shared transcript is there ...
    links = [link["url"] for m in row["transcript"] for link in m["links"]]
    assert links and all("calendar.ics" in url for url in links)  # ... without the map's links
    [question] = client.get("/api/v1/staff/unanswered", headers=auth(staff_key)).json()
    assert question["text"] == "ぴよぴよ" and "session_id" not in question


def test_a_transcript_the_user_did_not_share_is_not_sent(
    chat: Chat, client: TestClient, staff_key: str
) -> None:
    sid = chat(message="こんにちは").json()["session_id"]
    body = {"office_id": "demo", "session_id": sid, "consent": True, "share_transcript": False}
    assert client.post("/api/v1/handoff", json=body).status_code == 201
    [row] = client.get("/api/v1/staff/handoffs", headers=auth(staff_key)).json()
    assert row["transcript"] is None and row["share_transcript"] is False
    assert "こんにちは" not in str(row)


def test_staff_reads_are_audited_without_the_data(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session
) -> None:
    session_with_everything(chat, client, fake_rasa)
    reader = create_api_key(db=db, office_id="demo", label="相談員A")
    other = create_api_key(db=db, office_id="demo", label="相談員B")
    assert client.get("/api/v1/staff/audit-log", headers=auth(reader)).json() == []
    handoffs = client.get("/api/v1/staff/handoffs", headers=auth(reader)).json()
    client.get("/api/v1/staff/unanswered?reason=fallback", headers=auth(other))
    client.get("/api/v1/staff/handoffs?status=closed", headers=auth(other))  # nothing: no entry
    revoke_key(db=db, key_id=key_for(db=db, key=reader).id)
    log = client.get("/api/v1/staff/audit-log", headers=auth(other)).json()
    assert [(e["api_key_label"], e["action"]) for e in log] == [
        ("相談員B", "unanswered.list"),
        ("相談員A", "handoffs.list"),  # kept after the key was revoked
    ]
    assert log[1]["detail"] == {
        "ids": [handoffs[0]["id"]],
        "transcripts": [handoffs[0]["id"]],
        "status": None,
    }
    assert log[0]["detail"]["reason"] == "fallback"
    assert "山田" not in str(log) and "ぴよぴよ" not in str(log)
    # Another office sees none of it.
    db.add(Office(id="other", display_name="別の事業所", allowed_origins=[], contact_text=""))
    db.commit()
    foreign = create_api_key(db=db, office_id="other")
    assert client.get("/api/v1/staff/audit-log", headers=auth(foreign)).json() == []


def test_the_staff_lists_come_a_page_at_a_time(
    client: TestClient, db: Session, staff_key: str
) -> None:
    db.add_all(
        HandoffRequest(office_id="demo", name=f"依頼{i}", status="closed" if i % 3 else "new")
        for i in range(250)
    )
    db.add_all(
        UnansweredQuestion(
            office_id="demo",
            session_id="s" * 32,
            text=f"質問{i}",
            reason="fallback" if i % 2 else "out_of_scope",
        )
        for i in range(30)
    )
    db.commit()

    def pages(path: str, **params: Any) -> list[list[int]]:
        out, before = [], None
        while True:
            query = {**params, **({"before_id": before} if before else {})}
            rows = client.get(path, params=query, headers=auth(staff_key)).json()
            if not rows:
                return out
            out.append([r["id"] for r in rows])
            before = rows[-1]["id"]

    handoff_pages = pages("/api/v1/staff/handoffs", limit=100)
    assert [len(p) for p in handoff_pages] == [100, 100, 50]
    ids = [i for page in handoff_pages for i in page]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 250  # newest first, each once
    new = [i for page in pages("/api/v1/staff/handoffs", status="new") for i in page]
    assert len(new) == 84  # i % 3 == 0 for 0..249
    assert len(client.get("/api/v1/staff/handoffs", headers=auth(staff_key)).json()) == 100
    fallback = pages("/api/v1/staff/unanswered", reason="fallback", limit=7)
    assert [len(p) for p in fallback] == [7, 7, 1]
    bad = client.get("/api/v1/staff/unanswered?reason=other", headers=auth(staff_key))
    assert bad.status_code == 422


def test_staff_can_delete_a_callback_request(
    chat: Chat, client: TestClient, db: Session, staff_key: str
) -> None:
    sid = chat(message="こんにちは").json()["session_id"]
    body = {"office_id": "demo", "session_id": sid, "consent": True, "name": "消してほしい"}
    handoff_id = client.post("/api/v1/handoff", json=body).json()["id"]
    db.add(Office(id="other", display_name="別の事業所", allowed_origins=[], contact_text=""))
    db.commit()
    foreign = create_api_key(db=db, office_id="other")
    url = f"/api/v1/staff/handoffs/{handoff_id}"
    assert client.delete(url, headers=auth(foreign)).status_code == 404  # another office's
    assert client.delete(url, headers=auth(staff_key)).status_code == 204
    assert db.get(HandoffRequest, handoff_id) is None
    assert client.delete(url, headers=auth(staff_key)).status_code == 404
    history = client.get(f"/api/v1/sessions/{sid}/messages", params={"office_id": "demo"})
    assert history.status_code == 200  # the conversation stays the user's
