"""Chat: one chat turn through Rasa (sessions, the user's message, the replies), handoff requests."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import ChatMessage, ChatSession, HandoffRequest, Office, UnansweredQuestion, utcnow
from api.schemas import ChatMessageOut
from api.services.history import get_session
from api.services.rasa import RasaClient, RasaUnavailable
from api.services.relay import convert_rasa_messages, text_message, unanswered_reason
from api.services.resource_map import ResourceMapRelay

log = logging.getLogger(__name__)

PAYLOAD_PATTERN = re.compile(r"^/[A-Za-z0-9_]{1,64}(\{.{0,200}\})?$")
HANDOFF_PAYLOAD = "/handoff"
# 「人と話したい」 and its usual variants: answered here with the office's contact, not by Rasa.
HANDOFF_PATTERN = re.compile(
    r"(人|ひと|担当者?|たんとう|スタッフ|職員|相談員)(と|に)(話|はな|相談|そうだん)"
    r"|(電話|でんわ)で(話|はな|相談|そうだん)|オペレーター"
)


def new_session_id() -> str:
    return secrets.token_urlsafe(24)


def sender_for(*, session_id: str, salt: str) -> str:
    """Rasa's sender id: derived from the session id, so Rasa's logs never hold the secret."""
    return "web-" + hashlib.sha256(f"{salt}:{session_id}".encode()).hexdigest()[:32]


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
            if session_id is None:
                db.rollback()  # a new session without any answer is not kept
            else:
                db.commit()  # keeps last_seen_at of the existing session
            raise ServiceError(ErrorCode.BOT_UNAVAILABLE, contact=office.contact_text) from exc
        relay = ResourceMapRelay(
            db=db, session_id=session.id, office_id=office.id, base_url=api_base_url
        )
        replies = convert_rasa_messages(items, calendar_url=calendar_url, resource_map=relay)
        reason = None if is_payload else unanswered_reason(items)
        if reason is not None:
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
        """Trimmed; None for a missing or blank field."""
        if value is None:
            return None
        return value.strip() or None

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
    text = "受け付けました。事業所から連絡があるまで、お待ちください。\n"
    contact = office.contact_text.strip()
    if contact:
        text += f"急ぐときは、こちらに連絡してください。\n{contact}"
    reply = text_message(text)
    if session_id is not None:
        db.add(ChatMessage(session_id=session_id, role="bot", data=reply.model_dump(mode="json")))
    db.commit()
    return row.id, reply
