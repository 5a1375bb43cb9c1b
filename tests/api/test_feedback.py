"""POST /api/v1/feedback (👍/👎 on an answer, issue 14) and GET /api/v1/staff/feedback: stored
per office, one rating per answer, bad input refused with stable codes, deleted with the session,
rate-limited like the other public writes, listed for staff (audited)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Chat, FakeRasa, MakeApp, row_counts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import AnswerFeedback, Office, StaffAuditEntry
from api.services.offices import create_api_key

ANSWER = "利用料は、原則としてサービス費用の1割です。"


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def answered(chat: Chat, fake_rasa: FakeRasa) -> tuple[str, int]:
    """A session with one bot answer: (session id, the answer's id)."""
    fake_rasa.replies["費用"] = [{"recipient_id": "x", "text": ANSWER}]
    body = chat(message="費用").json()
    [message] = body["messages"]
    assert isinstance(message["id"], int)
    return body["session_id"], message["id"]


def rate(client: TestClient, **body: Any) -> Any:
    body.setdefault("office_id", "demo")
    return client.post("/api/v1/feedback", json=body)


def test_a_rating_is_stored_per_office_and_replaced_when_given_again(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session, staff_key: str
) -> None:
    sid, mid = answered(chat, fake_rasa)
    assert rate(client, session_id=sid, message_id=mid, rating="up").status_code == 204
    [row] = db.scalars(select(AnswerFeedback)).all()
    assert (row.office_id, row.rating, row.comment, row.answer_text) == ("demo", "up", None, ANSWER)
    # 👎, then what was missing: one row, the last word counts
    assert rate(client, session_id=sid, message_id=mid, rating="down").status_code == 204
    response = rate(
        client, session_id=sid, message_id=mid, rating="down", comment="  自分の市の窓口  "
    )
    assert response.status_code == 204
    db.expire_all()
    [row] = db.scalars(select(AnswerFeedback)).all()
    assert (row.rating, row.comment) == ("down", "自分の市の窓口")

    listed = client.get("/api/v1/staff/feedback", headers=auth(staff_key)).json()
    assert [(f["rating"], f["answer_text"], f["comment"]) for f in listed] == [
        ("down", ANSWER, "自分の市の窓口")
    ]
    assert "session_id" not in listed[0]  # staff never get the session id
    [entry] = db.scalars(select(StaffAuditEntry)).all()
    assert entry.action == "feedback.list" and entry.detail["ids"] == [listed[0]["id"]]
    only_up = client.get("/api/v1/staff/feedback?rating=up", headers=auth(staff_key)).json()
    assert only_up == []


def test_the_history_names_the_answers_to_rate(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa
) -> None:
    sid, mid = answered(chat, fake_rasa)
    history = client.get(f"/api/v1/sessions/{sid}/messages?office_id=demo").json()["messages"]
    assert [(m["role"], m["id"]) for m in history] == [("user", None), ("bot", mid)]
    assert rate(client, session_id=sid, message_id=mid, rating="up").status_code == 204


def test_another_office_sees_nothing_and_cannot_rate(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session, staff_key: str
) -> None:
    db.add(Office(id="other", display_name="別", allowed_origins=[], contact_text=""))
    db.flush()
    other_key = create_api_key(db=db, office_id="other")
    db.commit()
    sid, mid = answered(chat, fake_rasa)
    response = rate(client, office_id="other", session_id=sid, message_id=mid, rating="up")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "session_not_found"
    assert rate(client, session_id=sid, message_id=mid, rating="up").status_code == 204
    assert client.get("/api/v1/staff/feedback", headers=auth(other_key)).json() == []
    assert len(client.get("/api/v1/staff/feedback", headers=auth(staff_key)).json()) == 1


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"rating": "meh"}, 422, "invalid_feedback"),
        ({"rating": None}, 422, "invalid_feedback"),
        ({"rating": "up", "comment": "よかった"}, 422, "invalid_feedback"),
        ({"comment": "あ" * 301}, 422, "invalid_feedback"),
        ({"comment": 5}, 422, "invalid_feedback"),
        ({"comment": "改行\nあり"}, 422, "invalid_text"),  # one line, like every short field
        ({"comment": "\u202e逆向き"}, 422, "invalid_text"),
        ({"message_id": "1"}, 422, "invalid_request"),
        ({"message_id": 0}, 422, "invalid_request"),
        ({"message_id": 2**31}, 422, "invalid_request"),
        ({"message_id": 999_999}, 404, "message_not_found"),
        ({"session_id": "short"}, 422, "invalid_session_id"),
        ({"session_id": "N" * 32}, 404, "session_not_found"),
        ({"office_id": "nowhere"}, 404, "office_not_found"),
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_stored(
    chat: Chat,
    client: TestClient,
    fake_rasa: FakeRasa,
    db: Session,
    change: dict[str, Any],
    status: int,
    code: str,
) -> None:
    sid, mid = answered(chat, fake_rasa)
    body = {"session_id": sid, "message_id": mid, "rating": "down", **change}
    before = row_counts(db)
    response = rate(client, **body)
    assert response.status_code == status, response.json()
    assert response.json()["error"]["code"] == code
    assert row_counts(db) == before


def test_only_a_bot_answer_of_the_same_session_can_be_rated(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session
) -> None:
    sid, mid = answered(chat, fake_rasa)
    other_sid, other_mid = answered(chat, fake_rasa)
    user_message_id = mid - 1  # the user's 「費用」, stored just before its answer
    for session_id, message_id in ((sid, other_mid), (other_sid, mid), (sid, user_message_id)):
        response = rate(client, session_id=session_id, message_id=message_id, rating="down")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "message_not_found"
    assert db.scalars(select(AnswerFeedback)).all() == []


def test_an_origin_the_office_does_not_allow_cannot_rate(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa
) -> None:
    sid, mid = answered(chat, fake_rasa)
    response = client.post(
        "/api/v1/feedback",
        json={"office_id": "demo", "session_id": sid, "message_id": mid, "rating": "up"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "origin_not_allowed"


def test_deleting_the_conversation_deletes_its_feedback(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa, db: Session
) -> None:
    sid, mid = answered(chat, fake_rasa)
    rate(client, session_id=sid, message_id=mid, rating="down", comment="足りない")
    assert client.delete(f"/api/v1/sessions/{sid}?office_id=demo").status_code == 204
    db.expire_all()
    assert db.scalars(select(AnswerFeedback)).all() == []


def test_feedback_is_rate_limited(make_app: MakeApp, fake_rasa: FakeRasa) -> None:
    app = make_app(RATE_LIMIT_FEEDBACK_PER_SESSION="2/minute")
    fake_rasa.replies["費用"] = [{"recipient_id": "x", "text": ANSWER}]
    with TestClient(app, base_url="http://api.test") as client:
        body = client.post("/api/v1/chat", json={"office_id": "demo", "message": "費用"}).json()
        sid, mid = body["session_id"], body["messages"][0]["id"]
        statuses = [
            rate(client, session_id=sid, message_id=mid, rating="up").status_code for _ in range(3)
        ]
        assert statuses == [204, 204, 429]
        refused = rate(client, session_id=sid, message_id=mid, rating="up")
        assert refused.json()["error"]["code"] == "rate_limited" and refused.headers["Retry-After"]


def test_an_embedding_page_may_send_feedback(
    chat: Chat, client: TestClient, fake_rasa: FakeRasa
) -> None:
    ask = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    page = "http://localhost:8000"  # an origin the demo office allows
    ok = client.options("/api/v1/feedback", headers={**ask, "Origin": page})
    assert ok.status_code == 204 and ok.headers["access-control-allow-origin"] == page
    bad = client.options("/api/v1/feedback", headers={**ask, "Origin": "https://evil.example"})
    assert bad.status_code == 403 and "access-control-allow-origin" not in bad.headers
    sid, mid = answered(chat, fake_rasa)
    response = client.post(
        "/api/v1/feedback",
        json={"office_id": "demo", "session_id": sid, "message_id": mid, "rating": "up"},
        headers={"Origin": page},
    )
    assert response.status_code == 204 and response.headers["access-control-allow-origin"] == page
