"""Every row of the security review's findings table (../shared/reviews/security-2026-12.md), as
requests against the API on SQLite and PostgreSQL: each gets its documented status and stable
JSON code, never a 500, and a refused request stores nothing (every table's rows are counted
before and after).

Placeholders in paths, bodies and headers: {sid} a chat session of the office `demo`, {other}
a session of another office, {key} a staff key of `demo`, {hid} a callback request of `demo`,
{revoked} a revoked staff key.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import ROOT, FakeRasa, MakeApp, row_counts
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from api.main import UnsafeSettingsError
from api.models import Office
from api.services import transactions
from api.services.offices import create_api_key, key_for, revoke_key

REVIEW = ROOT.parent / "shared" / "reviews" / "security-2026-12.md"
NO_BODY = object()
DEEP = b'{"office_id": "demo", "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"


@dataclass(frozen=True)
class Probe:
    row: str  # the review's row
    what: str
    method: str
    path: str
    status: int
    code: str | None
    json: Any = NO_BODY
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    repeat: int = 0  # the same request this often first (each must pass the refusal's check)
    fault: str | None = None  # "locked": every database commit fails with `database is locked`
    header: tuple[str, str] | None = None  # a response header and a part of its value
    sent_to_rasa: tuple[str, str] | None = None  # a field of the last message Rasa got, its value
    absent: tuple[str, ...] = ()  # placeholders whose value must not be in the answer
    stream: bool = False  # send `content` in chunks, without a Content-Length

    @property
    def id(self) -> str:
        return f"{self.row}: {self.what}"


def chat(body: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {"method": "POST", "path": "/api/v1/chat", "json": {"office_id": "demo", **body}, **kw}


def handoff(body: dict[str, Any]) -> dict[str, Any]:
    full = {"office_id": "demo", "session_id": "{sid}", "consent": True, **body}
    return {"method": "POST", "path": "/api/v1/handoff", "json": full}


STAFF = {"X-API-Key": "{key}"}
JSON = {"Content-Type": "application/json"}
PRODUCTION = {
    "API_ENV": "production",
    "SENDER_SALT": "a-long-random-secret-for-the-tests",
    "PUBLIC_BASE_URL": "http://api.test",
}

# One probe per line where it fits: a table, not code, so the formatter leaves it alone.
# fmt: off
PROBES = [
    # H1: SQLite failed under concurrency with plain-text 500s (test_turns.py runs the load).
    Probe("H1", "a chat turn while the database stays locked", **chat({"message": "こんにちは"}),
          status=503, code="database_unavailable", fault="locked"),
    # M1: Rasa's cost grows with the length; the API caps it.
    Probe("M1", "1001 characters", **chat({"message": "あ" * 1001}),
          status=422, code="message_too_long"),
    Probe("M1", "100,000 characters (over the body limit)",
          **chat({"message": "費用はいくらですか。" * 10_000}), status=413, code="request_too_large"),
    # M2: floods of callback requests (the 500-request flood is in test_rate_limits.py).
    Probe("M2", "a handoff without a chat session", method="POST", path="/api/v1/handoff",
          json={"office_id": "demo", "consent": True}, status=422, code="invalid_session_id"),
    Probe("M2", "a handoff from another office's session", **handoff({"session_id": "{other}"}),
          status=404, code="session_not_found"),
    Probe("M2", "a handoff past the session's limit (3/hour)", **handoff({}), repeat=3,
          status=429, code="rate_limited", header=("retry-after", "")),
    Probe("M2", "a staff page larger than the largest", method="GET", headers=STAFF,
          path="/api/v1/staff/handoffs?limit=501", status=422, code="invalid_request"),
    # M3: staff never get the session id (it opens the history and the map).
    Probe("M3", "the staff's callback list names no session", method="GET", headers=STAFF,
          path="/api/v1/staff/handoffs", status=200, code=None, absent=("{sid}",)),
    Probe("M3", "the staff's unanswered list names no session", method="GET", headers=STAFF,
          path="/api/v1/staff/unanswered", status=200, code=None, absent=("{sid}",)),
    # M4: NUL bytes gave 500 on PostgreSQL.
    Probe("M4", "NUL as the message", **chat({"message": "\u0000"}),
          status=422, code="invalid_text"),
    Probe("M4", "NUL inside a message", **chat({"message": "費用\u0000はいくら"}),
          status=422, code="invalid_text"),
    Probe("M4", "NUL in the office id", method="POST", path="/api/v1/chat",
          json={"office_id": "demo\u0000", "message": "a"}, status=422, code="invalid_text"),
    Probe("M4", "NUL in the history's office id", method="GET",
          path="/api/v1/sessions/{sid}/messages?office_id=demo%00", status=422, code="invalid_text"),
    Probe("M4", "NUL in the widget config's path", method="GET",
          path="/api/v1/offices/demo%00/widget-config", status=422, code="invalid_text"),
    Probe("M4", "NUL in a handoff's name", **handoff({"name": "a\u0000b"}),
          status=422, code="invalid_text"),
    Probe("M4", "NUL in a directory entry's name", method="POST", headers=STAFF,
          path="/api/v1/staff/directory", json={"name": "nul\u0000name"},
          status=422, code="invalid_text"),
    # L1: out-of-range integer path ids gave 500.
    Probe("L1", "a handoff id past INTEGER", method="PUT", headers=STAFF,
          path="/api/v1/staff/handoffs/2147483648/status", json={"status": "closed"},
          status=422, code="invalid_request"),
    Probe("L1", "a directory id past INTEGER", method="DELETE", headers=STAFF,
          path="/api/v1/staff/directory/2147483648", status=422, code="invalid_request"),
    Probe("L1", "a directory id past BIGINT", method="DELETE", headers=STAFF,
          path="/api/v1/staff/directory/9223372036854775808", status=422, code="invalid_request"),
    Probe("L1", "a directory id of 0", method="DELETE", headers=STAFF,
          path="/api/v1/staff/directory/0", status=422, code="invalid_request"),
    Probe("L1", "an unknown handoff in range", method="PUT", headers=STAFF,
          path="/api/v1/staff/handoffs/2147483647/status", json={"status": "closed"},
          status=404, code="not_found"),
    # L2: a lone surrogate was reported as "bot down".
    Probe("L2", "a lone surrogate in the message", method="POST", path="/api/v1/chat",
          content=b'{"office_id": "demo", "message": "\\ud800abc"}', headers=JSON,
          status=422, code="invalid_text"),
    Probe("L2", "a lone surrogate in the payload", method="POST", path="/api/v1/chat",
          content=b'{"office_id": "demo", "payload": "/faq_cost\\udfff"}', headers=JSON,
          status=422, code="invalid_text"),
    Probe("L2", "a lone surrogate in the office id", method="POST", path="/api/v1/chat",
          content=b'{"office_id": "de\\ud800mo", "message": "a"}', headers=JSON,
          status=422, code="invalid_text"),
    Probe("L2", "an encoded surrogate in a query", method="GET",
          path="/api/v1/sessions/{sid}/messages?office_id=%ED%A0%80",
          status=422, code="invalid_text"),
    # L3: every body that is not JSON is invalid_json.
    Probe("L3", "invalid UTF-8", method="POST", path="/api/v1/chat", headers=JSON,
          content=b'{"office_id": "demo", "message": "\xff\xfe"}', status=400, code="invalid_json"),
    Probe("L3", "10,000-deep nesting", method="POST", path="/api/v1/chat", content=DEEP,
          headers=JSON, status=400, code="invalid_json"),
    Probe("L3", "an empty body", method="POST", path="/api/v1/chat", content=b"",
          headers=JSON, status=400, code="invalid_json"),
    Probe("L3", "malformed JSON", method="POST", path="/api/v1/chat", content=b"{not json",
          headers=JSON, status=400, code="invalid_json"),
    Probe("L3", "a JSON array", method="POST", path="/api/v1/handoff", content=b"[1, 2]",
          headers=JSON, status=400, code="invalid_json"),
    Probe("L3", "text/plain", method="POST", path="/api/v1/chat",
          content=b'{"office_id": "demo", "message": "a"}',
          headers={"Content-Type": "text/plain"}, status=400, code="invalid_json"),
    Probe("L3", "a form", method="PUT", path="/api/v1/staff/settings", content=b"display_name=x",
          headers={**STAFF, "Content-Type": "application/x-www-form-urlencoded"},
          status=400, code="invalid_json"),
    # L4: typed text starting with / is text, not an intent; payloads match as a whole.
    Probe("L4", "typed /restart goes to Rasa as text", **chat({"message": "/restart"}),
          status=200, code=None, sent_to_rasa=("message", "／restart")),
    Probe("L4", "typed /intent{json} past 200 characters is text",
          **chat({"message": '/faq_cost{"x":"' + "a" * 500 + '"}'}), status=200, code=None,
          sent_to_rasa=("message", '／faq_cost{"x":"' + "a" * 500 + '"}')),
    Probe("L4", "a payload with a trailing newline", **chat({"payload": "/help\n"}),
          status=422, code="invalid_payload"),
    Probe("L4", "a payload with JSON past 200 characters",
          **chat({"payload": '/faq_cost{"x":"' + "a" * 200 + '"}'}),
          status=422, code="invalid_payload"),
    # L5: the API's own origin and its links never come from the Host header.
    Probe("L5", "a foreign Host", **chat({"message": "a"}, headers={
          "Host": "evil.example", "Origin": "http://evil.example"}),
          status=400, code="host_not_allowed"),
    Probe("L5", "a foreign Host with a port on the calendar", method="GET",
          path="/api/v1/calendar.ics?start=2024-04-01", headers={"Host": "evil.example:666"},
          status=400, code="host_not_allowed"),
    Probe("L5", "a trusted alias host is not the API's own origin",
          **chat({"message": "a"}, headers={"Host": "alias.test", "Origin": "http://alias.test"}),
          settings={"TRUSTED_HOSTS": "api.test,alias.test"}, status=403, code="origin_not_allowed"),
    Probe("L5", "X-Forwarded-Proto does not make https the own origin",
          **chat({"message": "a"}, headers={
              "X-Forwarded-Proto": "https", "Origin": "https://api.test"}),
          status=403, code="origin_not_allowed"),
    # L6: staff keys are rate limited and revocable.
    Probe("L6", "wrong keys past the limit (10/minute)", method="GET",
          path="/api/v1/staff/settings", headers={"X-API-Key": "stf_wrong"}, repeat=10,
          status=429, code="rate_limited"),
    Probe("L6", "a revoked key", method="GET", path="/api/v1/staff/settings",
          headers={"X-API-Key": "{revoked}"}, status=401, code="unauthorized"),
    # L7: a request body limit.
    Probe("L7", "a 20 MB body", method="POST", path="/api/v1/chat", headers=JSON,
          content=b'{"office_id": "demo", "x": "' + b"a" * 20_000_000 + b'"}',
          status=413, code="request_too_large"),
    Probe("L7", "a 66 kB extra field", **chat({"message": "a", "x": "a" * 66_000}),
          status=413, code="request_too_large"),
    Probe("L7", "a streamed body over 64 kB (no Content-Length)", method="POST",
          path="/api/v1/chat", headers=JSON, content=b" " * 70_000 + b"{}", stream=True,
          status=413, code="request_too_large"),
    # L8: strict booleans and dates.
    Probe("L8", 'consent "yes"', **handoff({"consent": "yes"}), status=422, code="invalid_request"),
    Probe("L8", "consent 1", **handoff({"consent": 1}), status=422, code="invalid_request"),
    Probe("L8", 'share_transcript "true"', **handoff({"share_transcript": "true"}),
          status=422, code="invalid_request"),
    Probe("L8", "a Unix timestamp as the start", method="GET",
          path="/api/v1/calendar.ics?start=1711929600", status=422, code="invalid_date"),
    Probe("L8", "a repeated start", method="GET",
          path="/api/v1/calendar.ics?start=2024-04-01&start=2025-04-01",
          status=422, code="invalid_date"),
    Probe("L8", "a start without leading zeros", method="GET",
          path="/api/v1/calendar.ics?start=2024-4-1", status=422, code="invalid_date"),
    Probe("L8", "a repeated office id", method="GET",
          path="/api/v1/sessions/{sid}/messages?office_id=demo&office_id=demo",
          status=422, code="invalid_request"),
    # L9: hardening headers; no CDN-loaded docs in production.
    Probe("L9", "the staff page's CSP", method="GET", path="/staff", status=200, code=None,
          header=("content-security-policy", "frame-ancestors 'none'")),
    Probe("L9", "the demo page's CSP", method="GET", path="/demo", status=200, code=None,
          header=("content-security-policy", "script-src 'self'")),
    Probe("L9", "no /docs in production", method="GET", path="/docs", settings=PRODUCTION,
          status=404, code="not_found"),
    Probe("L9", "no /openapi.json in production", method="GET", path="/openapi.json",
          settings=PRODUCTION, status=404, code="not_found"),
    # L10: Rasa on loopback accepts anything; through the API the sender is never the client's.
    Probe("L10", "a sender field is ignored", **chat({"message": "a", "sender": "default"}),
          status=200, code=None, sent_to_rasa=("sender", "web-")),
    # L11: the default sender salt outside development: the app does not start (status 0).
    Probe("L11", "production with the default SENDER_SALT", method="GET", path="/health",
          settings={**PRODUCTION, "SENDER_SALT": "teichaku-guide"}, status=0, code=None),
    # L12: control and bidi characters were stored verbatim.
    Probe("L12", "controls and an override in a message",
          **chat({"message": "費用\x01\x07\x1b[31m\x7f\u202e\u200bは"}),
          status=422, code="invalid_text"),
    Probe("L12", "a bidi isolate", **chat({"message": "費用\u2066は"}),
          status=422, code="invalid_text"),
    Probe("L12", "an override in a handoff's message", **handoff({"message": "電話\u202eください"}),
          status=422, code="invalid_text"),
    Probe("L12", "an escape in a directory note", method="POST", headers=STAFF,
          path="/api/v1/staff/directory", json={"name": "窓口", "notes": "a\x1b[31m"},
          status=422, code="invalid_text"),
    Probe("L12", "a line break where one line is expected", **handoff({"name": "やま\nだ"}),
          status=422, code="invalid_text"),
    # I1: CORS reflected any Origin; the per-office check refuses what browsers could send.
    Probe("I1", "an origin with user info", **chat({"message": "a"}, headers={
          "Origin": "http://evil.com@localhost:8000"}), status=403, code="origin_not_allowed"),
    Probe("I1", "the null origin", **chat({"message": "a"}, headers={"Origin": "null"}),
          status=403, code="origin_not_allowed"),
]
# fmt: on


@dataclass
class World:
    values: dict[str, str]

    def fill(self, value: Any) -> Any:
        if isinstance(value, str):
            for name, replacement in self.values.items():
                value = value.replace("{" + name + "}", replacement)
            return value
        if isinstance(value, dict):
            return {self.fill(k): self.fill(v) for k, v in value.items()}
        return value


@pytest.fixture
def world(client: TestClient, db: Session) -> World:
    sid = client.post("/api/v1/chat", json={"office_id": "demo", "message": "こんにちは"}).json()
    db.add(Office(id="other", display_name="別の事業所", allowed_origins=[], contact_text=""))
    db.commit()
    other = client.post("/api/v1/chat", json={"office_id": "other", "message": "こんにちは"})
    key = create_api_key(db=db, office_id="demo", label="probe")
    revoked = create_api_key(db=db, office_id="demo", label="old")
    revoke_key(db=db, key_id=key_for(db=db, key=revoked).id)
    handoff_row = client.post(
        "/api/v1/handoff",
        json={
            "office_id": "demo",
            "session_id": sid["session_id"],
            "consent": True,
            "share_transcript": True,
        },
    )
    assert handoff_row.status_code == 201
    return World(
        {
            "sid": sid["session_id"],
            "other": other.json()["session_id"],
            "key": key,
            "revoked": revoked,
            "hid": str(handoff_row.json()["id"]),
        }
    )


def locked(*_args: Any, **_kwargs: Any) -> None:
    raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))


@pytest.mark.parametrize("probe", PROBES, ids=[p.id for p in PROBES])
def test_the_review_row(
    probe: Probe,
    world: World,
    make_app: MakeApp,
    db: Session,
    fake_rasa: FakeRasa,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if probe.status == 0:
        with pytest.raises(UnsafeSettingsError, match="SENDER_SALT"):
            make_app(**probe.settings)
        return
    with TestClient(make_app(**probe.settings), base_url="http://api.test") as client:
        request: dict[str, Any] = {"headers": world.fill(probe.headers)}
        if probe.json is not NO_BODY:
            request["json"] = world.fill(probe.json)
        if probe.content is not None:
            content = probe.content
            chunks = [content[i : i + 8192] for i in range(0, len(content), 8192)]
            request["content"] = iter(chunks) if probe.stream else content
        path = world.fill(probe.path)
        for _ in range(probe.repeat):
            first = client.request(probe.method, path, **request)
            assert first.status_code < 500 and first.status_code != probe.status, first.text
        if probe.fault == "locked":
            monkeypatch.setattr(transactions, "FIRST_DELAY", 0.0)
            monkeypatch.setattr(db, "commit", locked)
        before = row_counts(db) if probe.fault is None else None
        response = client.request(probe.method, path, **request)
        if probe.fault is not None:
            monkeypatch.undo()

    assert response.status_code == probe.status, response.text[:500]
    assert response.status_code != 500
    if probe.code is not None:
        assert response.headers["content-type"].startswith("application/json")
        body = response.json()["error"]
        assert body["code"] == probe.code and body["message"].endswith("。")
    if probe.status >= 400:
        after = row_counts(db)
        assert before is None or after == before, "a refused request stored something"
    if probe.header is not None:
        name, part = probe.header
        assert part in response.headers[name]
    if probe.sent_to_rasa is not None:
        name, value = probe.sent_to_rasa
        sent = str(fake_rasa.received[-1][name])
        assert sent == value or (value.endswith("-") and sent.startswith(value)), sent
    for placeholder in probe.absent:
        assert world.values[placeholder.strip("{}")] not in response.text


ROWS = "H1 M1 M2 M3 M4 L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 L11 L12 I1".split()


def test_every_row_of_the_review_is_probed() -> None:
    assert [p.row for p in PROBES if p.row not in ROWS] == []
    assert sorted({p.row for p in PROBES}) == sorted(ROWS)


@pytest.mark.skipif(not REVIEW.exists(), reason="../shared is not beside the repo")
def test_the_rows_are_the_reviews_rows() -> None:
    rows = re.findall(r"^\| (\w+) \| [^|]*(?:high|medium|low|info)", REVIEW.read_text(), flags=re.M)
    assert rows == ROWS


def test_the_deep_body_is_deep_json() -> None:
    with pytest.raises(RecursionError):
        json.loads(DEEP)
