"""The checks every request meets before a route (api/surface.py, api/hygiene.py), the settings
the API refuses to start with (api/config.py), the public base URL and the pages' headers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import Chat, FakeRasa, MakeApp
from fastapi.testclient import TestClient

from api.config import Settings, unsafe_settings
from api.hygiene import forbidden_character, json_strings
from api.main import UnsafeSettingsError
from api.surface import host_allowed, public_base_url, trusted_hosts, url_problems

# --- which characters a text may hold ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["\x00", "a\x01", "\x1b[31m", "\x7f", "\x85", "\u202a", "\u202e", "\u2066", "\u2069", "\ud800"],
)
def test_refused_everywhere(text: str) -> None:
    assert forbidden_character(text) is not None
    assert forbidden_character(text, multiline=True) is not None


@pytest.mark.parametrize("text", ["a\nb", "a\r\nb", "a\tb"])
def test_line_breaks_only_where_a_text_area_writes(text: str) -> None:
    assert forbidden_character(text) is not None
    assert forbidden_character(text, multiline=True) is None


@pytest.mark.parametrize(
    "text",
    [
        "費用はいくらですか？",
        "😀 emoji（絵文字）",
        "\u200b\u200d",  # zero-width space and joiner (emoji sequences use the joiner)
        "\u200e\u200f",  # the marks LRM and RLM are not overrides
        '/rmap_choice{"choice":"suggest:a\\tb"}',  # a JSON escape is a backslash and a letter
        "ｶﾀｶﾅ　全角スペース",
    ],
)
def test_ordinary_text_passes(text: str) -> None:
    assert forbidden_character(text) is None


def test_json_strings_sees_keys_nested_values_and_the_field() -> None:
    found = list(json_strings({"message": "a\nb", "k\x00": ["x", {"notes": "y"}]}, max_depth=8))
    assert (("message",), "a\nb", True) in found
    assert (("k\x00",), "k\x00", False) in found
    assert (("k\x00", 1, "notes"), "y", False) in found  # only top-level fields are multi-line
    with pytest.raises(ValueError):
        list(json_strings({"a": [[[[[[[[["deep"]]]]]]]]]}, max_depth=8))


def test_the_same_text_is_refused_in_every_place(client: TestClient, staff_key: str) -> None:
    bad = "a\u202eb"
    staff = {"X-API-Key": staff_key}
    refused = [
        client.post("/api/v1/chat", json={"office_id": "demo", "message": bad}),
        client.post("/api/v1/chat", json={"office_id": "demo", bad: "x", "message": "a"}),
        client.get(f"/api/v1/offices/{bad}/widget-config"),
        client.get("/api/v1/calendar.ics", params={"start": "2024-04-01", "variant": bad}),
        client.get("/api/v1/calendar.ics", params={"start": "2024-04-01", bad: "1"}),
        client.put(
            "/api/v1/staff/settings",
            headers=staff,
            json={"display_name": "x", "allowed_origins": [f"https://{bad}.jp"]},
        ),
        client.put(
            "/api/v1/staff/settings", headers=staff, json={"display_name": "x", "contact_text": bad}
        ),
    ]
    assert [r.status_code for r in refused] == [422] * len(refused)
    assert {r.json()["error"]["code"] for r in refused} == {"invalid_text"}
    assert refused[0].json()["error"]["details"] == [
        {"loc": ["body", "message"], "type": "invalid_text"}
    ]


def test_url_problems() -> None:
    def scope(path: bytes, query: bytes = b"") -> dict[str, Any]:
        return {"raw_path": path, "path": path.decode("latin-1"), "query_string": query}

    assert url_problems(scope(b"/api/v1/chat", b"a=1&b=%E3%81%82+x")) == []
    assert url_problems(scope(b"/x%00"))[0]["loc"] == ("path",)
    assert url_problems(scope(b"/x%ff"))[0]["type"] == "invalid_text"
    assert url_problems(scope(b"/x", b"a=1&a=2")) == [{"loc": ("query", "a"), "type": "repeated"}]
    assert url_problems(scope(b"/x", b"a=%0a"))[0]["type"] == "invalid_text"
    assert url_problems(scope(b"/x", b"&&a=")) == []


# --- the host and the public base URL ----------------------------------------------------------


def test_trusted_hosts() -> None:
    assert trusted_hosts(Settings(PUBLIC_BASE_URL="https://Chat.Example.jp/bot")) == [
        "chat.example.jp"
    ]
    assert trusted_hosts(Settings()) is None  # development without a base URL: any host
    assert trusted_hosts(Settings(TRUSTED_HOSTS="a.jp, *.b.jp")) == ["a.jp", "*.b.jp"]
    assert trusted_hosts(Settings(TRUSTED_HOSTS="*", PUBLIC_BASE_URL="https://a.jp")) is None
    patterns = ["a.jp", "*.b.jp"]
    assert host_allowed("A.jp:8443", patterns) and host_allowed("x.b.jp", patterns)
    assert not host_allowed("b.jp", patterns) and not host_allowed("a.jp.evil", patterns)
    assert not host_allowed("", patterns) and host_allowed("[::1]:80", ["::1"])


def test_public_base_url_never_comes_from_the_host_header() -> None:
    scope = {"server": ("127.0.0.1", 8000), "headers": [(b"host", b"evil.example")]}
    assert public_base_url(Settings(), scope) == "http://127.0.0.1:8000"
    assert public_base_url(Settings(), {"server": ("::1", 80)}) == "http://[::1]"
    given = Settings(PUBLIC_BASE_URL="https://chat.example.jp/bot/")
    assert public_base_url(given, scope) == "https://chat.example.jp/bot"


def test_links_use_the_public_base_url(make_app: MakeApp, fake_rasa: FakeRasa) -> None:
    fake_rasa.replies["日付"] = [
        {"recipient_id": "x", "text": "目安です。"},
        {"recipient_id": "x", "custom": {"calendar": {"start": "2024-04-01"}}},
    ]
    app = make_app(PUBLIC_BASE_URL="https://chat.example.jp/bot", TRUSTED_HOSTS="api.test")
    with TestClient(app, base_url="http://api.test") as client:
        body = client.post("/api/v1/chat", json={"office_id": "demo", "message": "日付"}).json()
        [link] = body["messages"][1]["links"]
        assert link["url"].startswith("https://chat.example.jp/bot/api/v1/calendar.ics?")
        # The own origin is the public one: a page there may call, api.test's may not.
        ok = {"Origin": "https://chat.example.jp"}
        assert client.get("/api/v1/offices/demo/widget-config", headers=ok).status_code == 200
        own = {"Origin": "http://api.test"}
        assert client.get("/api/v1/offices/demo/widget-config", headers=own).status_code == 403


def test_health_answers_any_host(client: TestClient) -> None:
    assert client.get("/health", headers={"Host": "10.1.2.3:8000"}).status_code == 200
    assert client.get("/demo", headers={"Host": "10.1.2.3:8000"}).status_code == 400


# --- settings the API refuses to start with ----------------------------------------------------

SAFE = {
    "API_ENV": "production",
    "SENDER_SALT": "x7Yq-long-random-secret-0123456789",
    "PUBLIC_BASE_URL": "https://chat.example.jp",
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"SENDER_SALT": "teichaku-guide"}, "SENDER_SALT is the default"),
        ({"SENDER_SALT": "CHANGE-ME-TOO"}, "SENDER_SALT is the default or a placeholder"),
        ({"SENDER_SALT": "short"}, "at least 16 characters"),
        ({"PUBLIC_BASE_URL": ""}, "PUBLIC_BASE_URL is required"),
        ({"PUBLIC_BASE_URL": "chat.example.jp"}, "must be an http(s) URL"),
        ({"PUBLIC_BASE_URL": "https://u@chat.example.jp"}, "no query, fragment or user"),
        ({"API_DATABASE_URL": "postgresql+psycopg://t:CHANGE-ME@db/api"}, "API_DATABASE_URL"),
        ({"RASA_TRACKER_STORE_URL": "postgresql://t:CHANGE-ME@db/r"}, "RASA_TRACKER_STORE_URL"),
        ({"TRUSTED_HOSTS": "*"}, "development only"),
        ({"TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"}, "TRUSTED_PROXIES"),
        ({"RATE_LIMIT_CHAT_PER_ADDRESS": "lots"}, "RATE_LIMIT_CHAT_PER_ADDRESS"),
        ({"REQUEST_BODY_MAX_BYTES": 10}, "REQUEST_BODY_MAX_BYTES"),
    ],
)
def test_unsafe_settings(change: dict[str, Any], problem: str) -> None:
    assert unsafe_settings(Settings(**SAFE)) == []
    problems = unsafe_settings(Settings(**{**SAFE, **change}))
    assert any(problem in p for p in problems), problems


def test_development_allows_the_defaults_but_not_broken_values() -> None:
    assert unsafe_settings(Settings(API_ENV="development")) == []
    assert unsafe_settings(Settings(API_ENV="Development", TRUSTED_HOSTS="*")) == []
    assert unsafe_settings(Settings(RATE_LIMIT_HANDOFF_PER_SESSION="3 per fortnight"))


def test_the_app_refuses_to_start(make_app: MakeApp) -> None:
    with pytest.raises(UnsafeSettingsError, match="SENDER_SALT"):
        make_app(API_ENV="staging")
    app = make_app(**{**SAFE, "TRUSTED_HOSTS": "api.test"})
    with TestClient(app, base_url="http://api.test") as client:
        assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
        assert client.get("/health").status_code == 200


# --- the pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["/staff", "/demo"])
def test_pages_have_a_strict_csp(client: TestClient, page: str) -> None:
    response = client.get(page)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert "<style" not in response.text and "<script>" not in response.text  # no inline code
    assert not re.search(r"\s(style|on[a-z]+)=", response.text)  # no inline styles or handlers
    for asset in ("/staff.css", "/staff.js", "/demo.css", "/widget.js", "/widget.css"):
        assert client.get(asset).status_code == 200


def test_typed_slash_text_reaches_rasa_as_text(chat: Chat, fake_rasa: FakeRasa) -> None:
    chat(message="  /restart")
    assert fake_rasa.received[-1]["message"] == "／restart"  # the API trims, then escapes
    chat(payload="/restart")
    assert fake_rasa.received[-1]["message"] == "/restart"  # a button stays a payload
    chat(message="費用は / いくら")
    assert fake_rasa.received[-1]["message"] == "費用は / いくら"


def test_refusals_before_the_routes_are_readable_by_the_embedding_page(client: TestClient) -> None:
    """The widget on an allowed site reads the JSON error of a refusal made before any route."""
    origin = {"Origin": "http://localhost:8000"}
    refused = [
        client.post("/api/v1/chat", json={"office_id": "demo", "message": "a\x00"}, headers=origin),
        client.post(
            "/api/v1/chat", content=b"{", headers={**origin, "Content-Type": "application/json"}
        ),
        client.post(
            "/api/v1/chat", json={"office_id": "demo", "message": "a" * 70_000}, headers=origin
        ),
    ]
    assert [r.status_code for r in refused] == [422, 400, 413]
    assert all(r.headers["access-control-allow-origin"] == origin["Origin"] for r in refused)
