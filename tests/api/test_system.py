"""Health, readiness, static files, OpenAPI, unknown routes, calendar export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic.config import Config
from conftest import ROOT, FakeRasa
from fastapi.testclient import TestClient

from api.services.calendar import build_ics, calendar_events
from bot.dates.rules import SupportVariant
from bot.dates.texts import DISCLAIMER_JA


def test_health(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "rasa": "unchecked"}


def test_ready_follows_rasa(client: TestClient, fake_rasa: FakeRasa) -> None:
    assert client.get("/ready").json() == {"status": "ok", "rasa": "ok"}
    fake_rasa.down = True
    response = client.get("/ready")
    assert response.status_code == 503 and response.json()["error"]["code"] == "bot_unavailable"


def test_widget_and_demo_are_served(client: TestClient) -> None:
    js = client.get("/widget.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "attachShadow" in js.text
    assert client.get("/widget.css").headers["content-type"].startswith("text/css")
    demo = client.get("/demo")
    assert 'data-office="demo"' in demo.text and "/widget.js" in demo.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/demo"


def test_openapi_has_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/v1/chat" in spec["paths"]
    assert spec["components"]["schemas"]["ChatRequest"]["examples"][0]["office_id"] == "demo"
    assert client.get("/docs").status_code == 200


def test_unknown_route_and_method(client: TestClient) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = client.get("/api/v1/chat")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"


def test_calendar_export(client: TestClient) -> None:
    response = client.get(
        "/api/v1/calendar.ics", params={"start": "2024-04-01", "variant": "standard"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    body = response.text
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "TZID:Asia/Tokyo" in body and "X-WR-TIMEZONE:Asia/Tokyo" in body
    # 2024-04-01 + 6 months → the service can start on 2024-10-01 (bot.dates.rules, 初日算入).
    assert "DTSTART;VALUE=DATE:20241001" in body
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_calendar_errors(client: TestClient) -> None:
    bad_date = client.get("/api/v1/calendar.ics", params={"start": "2024-13-01"})
    assert bad_date.status_code == 422 and bad_date.json()["error"]["code"] == "invalid_date"
    missing = client.get("/api/v1/calendar.ics")
    assert missing.status_code == 422
    far = client.get("/api/v1/calendar.ics", params={"start": "1800-01-01"})
    assert far.status_code == 422 and far.json()["error"]["code"] == "invalid_date"
    bad_variant = client.get("/api/v1/calendar.ics", params={"start": "2024-04-01", "variant": "x"})
    assert (
        bad_variant.status_code == 422 and bad_variant.json()["error"]["code"] == "invalid_variant"
    )


def unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_ics_content_matches_bot_dates() -> None:
    today = date(2025, 1, 1)
    for variant in SupportVariant:
        events = calendar_events(start=date(2024, 4, 1), variant=variant, today=today)
        ics = build_ics(start=date(2024, 4, 1), variant=variant, today=today)
        lines = unfold(ics)
        assert sum(line == "BEGIN:VEVENT" for line in lines) == len(events)
        summaries = [line.removeprefix("SUMMARY:") for line in lines if line.startswith("SUMMARY:")]
        assert all("目安" in s for s in summaries)
        descriptions = [line for line in lines if line.startswith("DESCRIPTION:")]
        assert all(DISCLAIMER_JA in d.replace("\\,", ",") for d in descriptions)
        assert len({line for line in lines if line.startswith("UID:")}) == len(events)
    kinds = {
        s
        for _, s, _ in calendar_events(
            start=date(2024, 4, 1), variant=SupportVariant.STANDARD, today=today
        )
    }
    assert any(k.startswith("計画の見直し") for k in kinds)
    assert any(k.startswith("支給決定の更新") for k in kinds)
    # the handover steps with the chat's labels, the manual's example for the longest use
    assert "引継ぎの準備：6か月前（目安）" in kinds and "引継ぎの準備：終わる月（目安）" in kinds
    assert "次の相談先との情報共有（目安）" in kinds
    assert "就労定着支援を使える最後の日（目安）" in kinds


def test_ics_says_what_the_chat_says() -> None:
    today = date(2025, 1, 1)
    standard = {
        summary: description
        for _, summary, description in calendar_events(
            start=date(2024, 4, 1), variant=SupportVariant.STANDARD, today=today
        )
    }
    # 3 months before the end (2027-09-30): for those who need continued support, with consent
    # (002 §31 イ, C3 of the review)
    sharing = standard["次の相談先との情報共有（目安）"]
    assert "続けて支援が必要な人は" in sharing and "本人の同意を得てから" in sharing
    assert "最長まで使った場合" in standard["引継ぎの準備：3か月前（目安）"]
    # 労働時間延長支援型: the sources differ on the last day, so no last day, no dated handover and
    # no sharing date; the first day points to the 市区町村 (A5 of the review)
    extended = calendar_events(
        start=date(2024, 12, 31), variant=SupportVariant.EXTENDED_HOURS, today=today
    )
    summaries = [summary for _, summary, _ in extended]
    assert not [s for s in summaries if "最後の日" in s or "引継ぎ" in s or "情報共有" in s]
    first_day, first_summary, first_text = extended[0]
    assert (first_day, first_summary) == (
        date(2025, 7, 1),
        "就労定着支援を使い始められる日（目安）",
    )
    assert "市区町村に確かめてください" in first_text
    assert sum(s.startswith("計画の見直し") for s in summaries) == 1
    ics = build_ics(start=date(2024, 12, 31), variant=SupportVariant.EXTENDED_HOURS, today=today)
    assert "送り出し事業所を使い終わった日：2024年12月31日" in "".join(unfold(ics))


def test_migrations_go_down_and_up_again(tmp_path: Path) -> None:
    from alembic import command
    from conftest import migrate
    from sqlalchemy import inspect

    from api.db import make_engine

    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    migrate(url)
    config = Config(str(ROOT / "api" / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["skip_logging"] = True
    command.downgrade(config, "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    command.upgrade(config, "head")
    engine = make_engine(url)
    assert "offices" in inspect(engine).get_table_names()
    engine.dispose()
