"""Rate limits on the public writes and failed staff keys (api/rate_limits.py, review M2 and L6):
the flood, 429 with Retry-After, client addresses behind trusted proxies, Redis shared by two API
processes, and a storage that fails."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from conftest import MakeApp, row_counts
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.rate_limits import client_address, limit_key_address, parse_networks
from api.services.offices import create_api_key

ATTACKER = ("203.0.113.7", 40000)
VISITOR = ("198.51.100.20", 40001)


def client_at(app: Any, address: tuple[str, int]) -> TestClient:
    return TestClient(app, base_url="http://api.test", client=address)


def new_session(client: TestClient) -> str | None:
    response = client.post("/api/v1/chat", json={"office_id": "demo", "message": "こんにちは"})
    return str(response.json()["session_id"]) if response.status_code == 200 else None


def handoff(client: TestClient, sid: str, name: str) -> Any:
    body = {"office_id": "demo", "session_id": sid, "consent": True, "name": name}
    return client.post("/api/v1/handoff", json=body)


def test_a_flood_of_handoffs_is_refused_and_a_real_one_stays_visible(
    make_app: MakeApp, db: Session
) -> None:
    app = make_app()
    key = create_api_key(db=db, office_id="demo", label="flood test")
    with client_at(app, ATTACKER) as attacker, client_at(app, VISITOR) as visitor:
        sid = new_session(attacker)
        assert sid is not None
        statuses = [handoff(attacker, sid, f"flood {i}").status_code for i in range(500)]
        assert statuses[:3] == [201] * 3 and set(statuses[3:]) == {429}  # 3/hour per session
        refused = handoff(attacker, sid, "flood again")
        assert refused.json()["error"]["code"] == "rate_limited"
        retry_after = int(refused.headers["retry-after"])
        assert 0 < retry_after <= 3600 and refused.json()["error"]["retry_after"] == retry_after
        # New sessions do not help: 10/hour per address in all.
        accepted = 3
        for i in range(40):
            fresh = new_session(attacker)
            if fresh is not None and handoff(attacker, fresh, f"fresh {i}").status_code == 201:
                accepted += 1
        assert accepted == 10
        before = row_counts(db)["handoff_requests"]
        real_sid = new_session(visitor)
        assert real_sid is not None
        assert handoff(visitor, real_sid, "本物の依頼").status_code == 201
    assert row_counts(db)["handoff_requests"] == before + 1 == 11
    with TestClient(app, base_url="http://api.test") as staff:
        rows = staff.get("/api/v1/staff/handoffs", headers={"X-API-Key": key}).json()
        assert rows[0]["name"] == "本物の依頼"
        new = staff.get("/api/v1/staff/handoffs?status=new", headers={"X-API-Key": key}).json()
        assert "本物の依頼" in [r["name"] for r in new]


def test_the_chat_limit_per_session_and_per_address(make_app: MakeApp) -> None:
    app = make_app(RATE_LIMIT_CHAT_PER_SESSION="3/minute", RATE_LIMIT_CHAT_PER_ADDRESS="5/minute")
    with client_at(app, ATTACKER) as client, client_at(app, VISITOR) as other:
        sid = new_session(client)
        body = {"office_id": "demo", "session_id": sid, "message": "つづき"}
        statuses = [client.post("/api/v1/chat", json=body).status_code for _ in range(4)]
        # The message that made the session had no session id yet: 3 more, then refused.
        assert statuses == [200, 200, 200, 429]
        assert new_session(client) is not None  # a new session: only the address counts
        assert new_session(client) is None  # 5 per address
        assert new_session(other) is not None  # another address is not affected


def test_a_refused_request_uses_up_nothing(make_app: MakeApp) -> None:
    app = make_app(RATE_LIMIT_CHAT_PER_SESSION="1/minute", RATE_LIMIT_CHAT_PER_ADDRESS="3/minute")
    with client_at(app, ATTACKER) as client:
        sid = new_session(client)
        body = {"office_id": "demo", "session_id": sid, "message": "つづき"}
        assert client.post("/api/v1/chat", json=body).status_code == 200
        assert client.post("/api/v1/chat", json=body).status_code == 429  # the session's 1
        assert new_session(client) is not None  # the refusal did not count for the address
        assert new_session(client) is None


def test_deleting_sessions_is_limited(make_app: MakeApp) -> None:
    app = make_app(RATE_LIMIT_DELETE_PER_ADDRESS="2/minute")
    with client_at(app, ATTACKER) as client:
        statuses = []
        for _ in range(3):
            sid = new_session(client)
            statuses.append(client.delete(f"/api/v1/sessions/{sid}?office_id=demo").status_code)
        assert statuses == [204, 204, 429]


def test_failed_keys_are_logged_without_the_key_and_limited(
    make_app: MakeApp, db: Session, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(RATE_LIMIT_STAFF_KEY_FAILURES="3/minute")
    key = create_api_key(db=db, office_id="demo")
    with client_at(app, ATTACKER) as client, client_at(app, VISITOR) as staff:
        with caplog.at_level(logging.WARNING, logger="api.deps"):
            wrong = [
                client.get("/api/v1/staff/settings", headers={"X-API-Key": f"stf_guess{i}"})
                for i in range(3)
            ]
        assert [r.status_code for r in wrong] == [401] * 3
        assert "stf_guess" not in caplog.text and "203.0.113.7" in caplog.text
        # Past the limit even the right key is refused from that address, not from others.
        blocked = client.get("/api/v1/staff/settings", headers={"X-API-Key": key})
        assert blocked.status_code == 429 and blocked.headers["retry-after"]
        assert staff.get("/api/v1/staff/settings", headers={"X-API-Key": key}).status_code == 200


# --- client addresses -------------------------------------------------------------------------


def test_client_address_trusts_x_forwarded_for_only_from_a_trusted_proxy() -> None:
    proxies = parse_networks("10.0.0.0/8, 192.0.2.1")
    assert client_address("203.0.113.7", ["1.2.3.4"], proxies) == "203.0.113.7"
    assert client_address("10.1.2.3", ["198.51.100.9"], proxies) == "198.51.100.9"
    # The right-most address that is not a proxy; what the client wrote on the left is ignored.
    hops = ["6.6.6.6, 198.51.100.9, 192.0.2.1"]
    assert client_address("10.1.2.3", hops, proxies) == "198.51.100.9"
    assert client_address("10.1.2.3", [], proxies) == "10.1.2.3"
    assert client_address("10.1.2.3", ["10.9.9.9"], proxies) == "10.1.2.3"  # only proxies
    assert client_address(None, [], proxies) == "unknown"
    assert client_address("10.1.2.3", ["198.51.100.9:4444"], proxies) == "198.51.100.9"


def test_ipv6_clients_are_counted_by_their_64_network() -> None:
    assert limit_key_address("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert limit_key_address("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert limit_key_address("::ffff:192.0.2.5") == "192.0.2.5"
    assert limit_key_address("testclient") == "testclient"


def test_addresses_behind_a_trusted_proxy_are_counted_apart(make_app: MakeApp) -> None:
    app = make_app(TRUSTED_PROXIES="10.0.0.1", RATE_LIMIT_CHAT_PER_ADDRESS="2/minute")
    with client_at(app, ("10.0.0.1", 1)) as proxy, client_at(app, ("203.0.113.7", 1)) as direct:

        def chat(client: TestClient, forwarded: str) -> int:
            body = {"office_id": "demo", "message": "こんにちは"}
            headers = {"X-Forwarded-For": forwarded}
            return client.post("/api/v1/chat", json=body, headers=headers).status_code

        assert [chat(proxy, "198.51.100.1") for _ in range(3)] == [200, 200, 429]
        assert chat(proxy, "198.51.100.2") == 200  # another visitor behind the proxy
        # Not a trusted proxy: its X-Forwarded-For is ignored, every request is its own.
        assert [chat(direct, f"198.51.100.{i}") for i in range(3)] == [200, 200, 429]


# --- shared storage ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """API_TEST_REDIS_URL, else a redis-server of our own on a free port (Debian's
    redis-server, requirements/debian.txt); skipped locally without one, an error in CI."""
    given = os.environ.get("API_TEST_REDIS_URL")
    if given:
        yield given
        return
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing (requirements/debian.txt)")
        pytest.skip("no redis-server: the shared rate-limit storage is not tested")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_two_api_processes_share_the_limits_in_redis(make_app: MakeApp, redis_url: str) -> None:
    redis.Redis.from_url(redis_url).flushdb()
    settings = {"RATE_LIMIT_STORAGE_URL": redis_url, "RATE_LIMIT_CHAT_PER_ADDRESS": "4/minute"}
    first, second = make_app(**settings), make_app(**settings)
    with client_at(first, ATTACKER) as one, client_at(second, ATTACKER) as two:
        assert [new_session(one) is not None, new_session(two) is not None] == [True, True]
        assert [new_session(one) is not None, new_session(two) is not None] == [True, True]
        assert new_session(one) is None and new_session(two) is None  # 4 in all, not 4 each
    keys = [k.decode() for k in redis.Redis.from_url(redis_url).keys("*")]
    assert keys and all("203.0.113.7" in k and "session" not in k for k in keys)


def test_a_failing_storage_lets_requests_through(
    make_app: MakeApp, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(RATE_LIMIT_STORAGE_URL=f"redis://127.0.0.1:{free_port()}/0")
    with client_at(app, ATTACKER) as client, caplog.at_level(logging.ERROR):
        assert new_session(client) is not None
    assert "rate limit storage failed" in caplog.text
