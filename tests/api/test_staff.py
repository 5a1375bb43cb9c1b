"""Staff API: authentication, settings, directory CRUD, lists."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import ApiKey
from api.services.offices import hash_key


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"X-API-Key": "nope"}])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/staff/settings"),
        ("PUT", "/api/v1/staff/settings"),
        ("GET", "/api/v1/staff/unanswered"),
        ("GET", "/api/v1/staff/handoffs"),
        ("GET", "/api/v1/staff/directory"),
        ("POST", "/api/v1/staff/directory"),
        ("PUT", "/api/v1/staff/directory/1"),
        ("DELETE", "/api/v1/staff/directory/1"),
        ("PUT", "/api/v1/staff/handoffs/1/status"),
        ("DELETE", "/api/v1/staff/handoffs/1"),
        ("GET", "/api/v1/staff/audit-log"),
    ],
)
def test_staff_routes_need_a_key(
    client: TestClient, method: str, path: str, headers: dict[str, str]
) -> None:
    response = client.request(
        method, path, headers=headers, json={"name": "x", "display_name": "x"}
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_keys_are_stored_hashed(db: Session, staff_key: str) -> None:
    stored = db.scalars(select(ApiKey.key_hash)).all()
    assert staff_key not in stored and hash_key(staff_key) in stored


def test_settings_roundtrip(client: TestClient, staff_key: str) -> None:
    settings = client.get("/api/v1/staff/settings", headers=auth(staff_key)).json()
    assert settings["id"] == "demo"
    new = {
        **settings,
        "allowed_origins": ["https://Example.jp:443/", "http://localhost:3000"],
        "theme_color": "#224466",
        "default_furigana": "all",
    }
    del new["id"]
    response = client.put("/api/v1/staff/settings", headers=auth(staff_key), json=new)
    assert response.status_code == 200
    assert response.json()["allowed_origins"] == ["http://localhost:3000", "https://example.jp"]
    config = client.get(
        "/api/v1/offices/demo/widget-config", headers={"Origin": "https://example.jp"}
    ).json()
    assert config["theme_color"] == "#224466" and config["default_furigana"] == "all"


@pytest.mark.parametrize(
    "change",
    [
        {"allowed_origins": ["not an origin"]},
        {"theme_color": "red"},
        {"default_furigana": "grade3"},
        {"display_name": ""},
    ],
)
def test_invalid_settings(client: TestClient, staff_key: str, change: dict[str, Any]) -> None:
    body = {"display_name": "x", "allowed_origins": [], "contact_text": "", **change}
    response = client.put("/api/v1/staff/settings", headers=auth(staff_key), json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] in ("invalid_settings", "invalid_request")


def test_directory_crud(client: TestClient, staff_key: str) -> None:
    entries = client.get("/api/v1/staff/directory", headers=auth(staff_key)).json()
    assert entries and all(e["is_sample"] and e["name"].startswith("【サンプル】") for e in entries)
    body = {
        "name": "【サンプル】テスト窓口",
        "category": "相談支援事業所",
        "area_of_life": "生活の安定",
        "municipality": "サンプル市",
        "phone": "000-0000-0000",
        "url": "https://example.org/",
        "hours": "平日",
        "notes": "",
    }
    created = client.post("/api/v1/staff/directory", headers=auth(staff_key), json=body)
    assert created.status_code == 201
    entry_id = created.json()["id"]
    assert created.json()["is_sample"] is False
    updated = client.put(
        f"/api/v1/staff/directory/{entry_id}",
        headers=auth(staff_key),
        json={**body, "hours": "土日"},
    )
    assert updated.status_code == 200 and updated.json()["hours"] == "土日"
    bad_url = client.post(
        "/api/v1/staff/directory", headers=auth(staff_key), json={**body, "url": "javascript:x"}
    )
    assert bad_url.status_code == 422
    assert (
        client.delete(f"/api/v1/staff/directory/{entry_id}", headers=auth(staff_key)).status_code
        == 204
    )
    gone = client.delete(f"/api/v1/staff/directory/{entry_id}", headers=auth(staff_key))
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "entry_not_found"


def test_offices_cannot_see_each_other(client: TestClient, db: Session, staff_key: str) -> None:
    from api.models import Office
    from api.services.offices import create_api_key

    db.add(Office(id="other", display_name="別の事業所", allowed_origins=[], contact_text=""))
    db.flush()
    other_key = create_api_key(db=db, office_id="other")
    db.commit()
    demo_entry = client.get("/api/v1/staff/directory", headers=auth(staff_key)).json()[0]["id"]
    assert client.get("/api/v1/staff/directory", headers=auth(other_key)).json() == []
    response = client.delete(f"/api/v1/staff/directory/{demo_entry}", headers=auth(other_key))
    assert response.status_code == 404


def test_staff_page_is_served(client: TestClient) -> None:
    page = client.get("/staff")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert client.get("/staff.js").status_code == 200
