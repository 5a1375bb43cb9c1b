"""Chat: sessions, Rasa messages → API messages, history, handoff."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import ChatMessage, ChatSession, HandoffRequest, Office, UnansweredQuestion, utcnow
from api.schemas import Button, ChatMessageOut, Link
from api.services.rasa import RasaClient, RasaUnavailable
from api.services.resource_map import SAVED_TEXT, ResourceMapRelay
from bot.dates.rules import SupportVariant
from bot.text.furigana import ruby_html, ruby_segments

log = logging.getLogger(__name__)

PAYLOAD_PATTERN = re.compile(r"^/[A-Za-z0-9_]{1,64}(\{.{0,200}\})?$")
HANDOFF_PAYLOAD = "/handoff"
# 「人と話したい」 and its usual variants: answered here with the office's contact, not by Rasa.
HANDOFF_PATTERN = re.compile(
    r"(人|ひと|担当者?|たんとう|スタッフ|職員|相談員)(と|に)(話|はな|相談|そうだん)"
    r"|(電話|でんわ)で(話|はな|相談|そうだん)|オペレーター"
)
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
HISTORY_LIMIT = 200


def new_session_id() -> str:
    return secrets.token_urlsafe(24)


def sender_for(*, session_id: str, salt: str) -> str:
    """Rasa's sender id: derived from the session id, so Rasa's logs never hold the secret."""
    return "web-" + hashlib.sha256(f"{salt}:{session_id}".encode()).hexdigest()[:32]


def safe_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in SAFE_SCHEMES:
        return False
    return bool(parts.netloc) if parts.scheme in ("http", "https") else bool(parts.path)


def text_message(
    text: str,
    *,
    kind: str = "text",
    buttons: list[Button] | None = None,
    links: list[Link] | None = None,
) -> ChatMessageOut:
    return ChatMessageOut(
        type="handoff" if kind == "handoff" else "text",
        text=text,
        ruby_html=ruby_html(text),
        ruby=ruby_segments(text),
        buttons=buttons or [],
        links=links or [],
    )


def validate_input(*, message: str | None, payload: str | None, max_chars: int) -> tuple[str, bool]:
    """Returns (what to send to Rasa, is_payload)."""
    if (message is None) == (payload is None):
        raise ServiceError(ErrorCode.MESSAGE_OR_PAYLOAD)
    if payload is not None:
        if not PAYLOAD_PATTERN.match(payload):
            raise ServiceError(ErrorCode.INVALID_PAYLOAD)
        return payload, True
    assert message is not None
    text = message.strip()
    if not text:
        raise ServiceError(ErrorCode.MESSAGE_EMPTY)
    if len(text) > max_chars:
        raise ServiceError(ErrorCode.MESSAGE_TOO_LONG, max_chars=max_chars)
    return text, False


def get_session(*, db: Session, office: Office, session_id: str) -> ChatSession:
    session = db.get(ChatSession, session_id)
    if session is None or session.office_id != office.id:
        raise ServiceError(ErrorCode.SESSION_NOT_FOUND)
    return session


def convert_rasa_messages(
    items: list[dict[str, Any]],
    *,
    calendar_url: str,
    resource_map: ResourceMapRelay | None = None,
) -> list[ChatMessageOut]:
    """Rasa REST output → API messages.

    - {"text", "buttons"} → a text message.
    - {"custom": {"easy_ja": "..."}} right after a text → that text's やさしい日本語 variant.
    - {"custom": {"calendar": {"start", "variant"}}} → a link to the .ics export.
    - {"custom": {"links": [{"title", "url"}]}} → links on the previous message (safe schemes only).
    - {"custom": {"resource_map": ...}}, {"custom": {"resource_map_deleted": true}},
      {"custom": {"resource_map_suggestions": ...}} → handed to `resource_map` (stored / deleted /
      the office's local entries as buttons on the previous message).
    Anything else is ignored (logged).
    """
    out: list[ChatMessageOut] = []
    for item in items:
        if isinstance(item.get("text"), str):
            buttons = [
                Button(title=str(b["title"]), payload=str(b["payload"]))
                for b in item.get("buttons") or []
                if isinstance(b, dict) and b.get("title") and b.get("payload")
            ]
            out.append(text_message(item["text"], buttons=buttons))
            continue
        custom = item.get("custom")
        if not isinstance(custom, dict):
            log.info("ignoring a Rasa message without text or custom: %s", sorted(item))
            continue
        easy = custom.get("easy_ja")
        if isinstance(easy, str) and out and out[-1].easy_text is None:
            out[-1].easy_text = easy
            out[-1].easy_ruby = ruby_segments(easy)
        calendar = custom.get("calendar")
        if isinstance(calendar, dict):
            link = calendar_link(calendar, base=calendar_url)
            if link is not None:
                out.append(
                    text_message(
                        "予定をカレンダーに入れるファイルです。日付は目安です。", links=[link]
                    )
                )
        links = custom.get("links")
        if isinstance(links, list) and out:
            for raw in links:
                if isinstance(raw, dict) and safe_url(str(raw.get("url", ""))):
                    out[-1].links.append(
                        Link(title=str(raw.get("title") or raw["url"]), url=str(raw["url"]))
                    )
        if resource_map is not None:
            relay_resource_map(custom, out, resource_map)
    return out


def relay_resource_map(
    custom: dict[str, Any], out: list[ChatMessageOut], relay: ResourceMapRelay
) -> None:
    if "resource_map" in custom:
        links = relay.store(custom["resource_map"])
        if links:
            if not out:
                out.append(text_message(SAVED_TEXT))
            out[-1].links.extend(links)
    if custom.get("resource_map_deleted") is True:
        relay.delete()
    if "resource_map_suggestions" in custom and out:
        out[-1].buttons = relay.suggestions(custom["resource_map_suggestions"], out[-1].buttons)


def calendar_link(calendar: dict[str, Any], *, base: str) -> Link | None:
    try:
        start = date.fromisoformat(str(calendar.get("start")))
        variant = SupportVariant(str(calendar.get("variant", "standard")))
    except ValueError:
        log.warning("ignoring a calendar message with bad data: %r", calendar)
        return None
    query = urlencode({"start": start.isoformat(), "variant": variant.value})
    return Link(title="カレンダーに追加する（.ics）", url=f"{base}?{query}")


def handoff_message(office: Office) -> ChatMessageOut:
    contact = office.contact_text.strip() or "事業所の連絡先は、まだ登録されていません。"
    text = (
        "わたしはチャットボットです。\n担当の人と話したいときは、こちらに連絡してください。\n"
        f"{contact}\n折り返しの連絡を頼むこともできます。"
    )
    return text_message(text, kind="handoff")


def button_title(*, db: Session, session_id: str, payload: str) -> str:
    """The title of the button the user pressed, from the last bot messages of the session."""
    rows = db.scalars(
        select(ChatMessage)
        .where(ChatMessage.session_id == session_id, ChatMessage.role == "bot")
        .order_by(ChatMessage.id.desc())
        .limit(10)
    )
    for row in rows:
        for button in row.data.get("buttons", []):
            if button.get("payload") == payload:
                return str(button.get("title"))
    return "人と話したい" if payload == HANDOFF_PAYLOAD else payload


def chat(
    *,
    db: Session,
    rasa: RasaClient,
    office: Office,
    session_id: str | None,
    message: str | None,
    payload: str | None,
    max_chars: int,
    salt: str,
    calendar_url: str,
    fallback_texts: dict[str, str],
    api_base_url: str = "",
) -> tuple[str, list[ChatMessageOut]]:
    """One chat turn. `api_base_url` (e.g. http://host/api/v1) prefixes the export links."""
    to_send, is_payload = validate_input(message=message, payload=payload, max_chars=max_chars)
    if session_id is None:
        session = ChatSession(id=new_session_id(), office_id=office.id)
        db.add(session)
        db.flush()
    else:
        session = get_session(db=db, office=office, session_id=session_id)
        session.last_seen_at = utcnow()

    shown = button_title(db=db, session_id=session.id, payload=to_send) if is_payload else to_send
    if to_send == HANDOFF_PAYLOAD or (not is_payload and HANDOFF_PATTERN.search(to_send)):
        replies = [handoff_message(office)]
    else:
        try:
            items = rasa.send(sender=sender_for(session_id=session.id, salt=salt), message=to_send)
        except RasaUnavailable as exc:
            log.warning("Rasa unavailable: %s", exc)
            db.rollback() if session_id is None else db.commit()
            raise ServiceError(ErrorCode.BOT_UNAVAILABLE, contact=office.contact_text) from exc
        relay = ResourceMapRelay(
            db=db, session_id=session.id, office_id=office.id, base_url=api_base_url
        )
        replies = convert_rasa_messages(items, calendar_url=calendar_url, resource_map=relay)
        if not is_payload:
            reasons = {
                fallback_texts[m.text.strip()] for m in replies if m.text.strip() in fallback_texts
            }
            if reasons:
                reason = "out_of_scope" if "out_of_scope" in reasons else "fallback"
                db.add(
                    UnansweredQuestion(
                        office_id=office.id, session_id=session.id, text=to_send, reason=reason
                    )
                )

    db.add(ChatMessage(session_id=session.id, role="user", data={"text": shown}))
    for reply in replies:
        db.add(ChatMessage(session_id=session.id, role="bot", data=reply.model_dump(mode="json")))
    db.commit()
    return session.id, replies


def history(*, db: Session, office: Office, session_id: str) -> list[ChatMessageOut]:
    get_session(db=db, office=office, session_id=session_id)
    rows = list(
        db.scalars(
            select(ChatMessage)
            .where(ChatMessage.session_id == session_id)
            .order_by(ChatMessage.id.desc())
            .limit(HISTORY_LIMIT)
        )
    )
    out: list[ChatMessageOut] = []
    for row in reversed(rows):
        if row.role == "user":
            out.append(ChatMessageOut(role="user", text=str(row.data.get("text", ""))))
        else:
            out.append(ChatMessageOut.model_validate(row.data))
    return out


def create_handoff(
    *,
    db: Session,
    office: Office,
    session_id: str | None,
    consent: bool,
    name: str | None,
    contact: str | None,
    preferred_time: str | None,
    message: str | None,
    share_transcript: bool,
) -> tuple[int, ChatMessageOut]:
    if not consent:
        raise ServiceError(ErrorCode.CONSENT_REQUIRED)
    if session_id is not None:
        get_session(db=db, office=office, session_id=session_id)

    def clean(value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    row = HandoffRequest(
        office_id=office.id,
        session_id=session_id,
        name=clean(name),
        contact=clean(contact),
        preferred_time=clean(preferred_time),
        message=clean(message),
        share_transcript=share_transcript and session_id is not None,
    )
    db.add(row)
    reply = text_message(
        "受け付けました。事業所から連絡があるまで、お待ちください。\n"
        + (
            office.contact_text.strip()
            and f"急ぐときは、こちらに連絡してください。\n{office.contact_text.strip()}"
        )
    )
    if session_id is not None:
        db.add(ChatMessage(session_id=session_id, role="bot", data=reply.model_dump(mode="json")))
    db.commit()
    return row.id, reply
