"""Chat: one chat turn through Rasa (sessions, the user's message, the replies), handoff requests."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import ChatMessage, ChatSession, HandoffRequest, Office, UnansweredQuestion, utcnow
from api.schemas import ChatMessageOut
from api.services.history import get_session
from api.services.rasa import RasaClient, RasaUnavailable
from api.services.relay import convert_rasa_messages, text_message, unanswered_reason
from api.services.resource_map import ResourceMapRelay
from api.services.transactions import commit
from bot import protocol

log = logging.getLogger(__name__)

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
        if not protocol.is_payload(payload):
            raise ServiceError(ErrorCode.INVALID_PAYLOAD)
        return payload, True
    assert message is not None
    text = message.strip()
    if not text:
        raise ServiceError(ErrorCode.MESSAGE_EMPTY)
    if len(text) > max_chars:
        raise ServiceError(ErrorCode.MESSAGE_TOO_LONG, max_chars=max_chars)
    return text, False


def handoff_message(contact_text: str) -> ChatMessageOut:
    contact = contact_text.strip() or "事業所の連絡先は、まだ登録されていません。"
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


@dataclass(frozen=True)
class UserTurn:
    """What the first step of a turn stored: plain values, no ORM object to go stale."""

    session_id: str
    message_id: int
    sender: str


def is_handoff_request(text: str, *, is_payload: bool) -> bool:
    return text == HANDOFF_PAYLOAD or (not is_payload and HANDOFF_PATTERN.search(text) is not None)


def touch_session(*, db: Session, session_id: str, office_id: str) -> bool:
    """Sets the session's last_seen_at; False when the office has no such session.

    Once per turn, when the user's message is stored (the retention period counts from it).
    """
    result = db.execute(
        update(ChatSession)
        .where(ChatSession.id == session_id, ChatSession.office_id == office_id)
        .values(last_seen_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(cast(CursorResult[Any], result).rowcount)


def store_user_message(
    *, db: Session, office_id: str, session_id: str | None, text: str, is_payload: bool, salt: str
) -> UserTurn:
    """Creates the session if new (or touches it) and adds the user's message."""
    # Plain INSERT ... RETURNING statements rather than the unit of work: the hot path of every
    # turn, and nothing here needs ORM objects (bench/api_overhead.py).
    if session_id is None:
        session_id = new_session_id()
        db.execute(insert(ChatSession).values(id=session_id, office_id=office_id))
    elif not touch_session(db=db, session_id=session_id, office_id=office_id):
        raise ServiceError(ErrorCode.SESSION_NOT_FOUND)
    shown = button_title(db=db, session_id=session_id, payload=text) if is_payload else text
    message_id = db.execute(
        insert(ChatMessage)
        .values(session_id=session_id, role="user", data={"text": shown})
        .returning(ChatMessage.id)
    ).scalar_one()  # the replies point to it
    return UserTurn(
        session_id=session_id,
        message_id=message_id,
        sender=sender_for(session_id=session_id, salt=salt),
    )


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
    metadata: dict[str, Any] | None = None,
) -> tuple[str, list[ChatMessageOut]]:
    """One chat turn, in three short steps; no transaction is open while Rasa thinks.

    1. Store the user's message (and the session if new); commit. Whatever happens next, what
       the user sent is kept.
    2. Ask Rasa. When it does not answer: 503 `bot_unavailable` with the office's contact and
       the session id (so a new session can be resumed).
    3. Store the replies (each pointing to the user's message, so a turn stays together in the
       history even when two turns of one session race), the unanswered mark and the
       resource-map writes; commit. This step is retried as a whole when the database is busy
       (api.services.transactions); Rasa is never asked twice. If it still fails, the answer is
       503 `database_unavailable`: the user's message is stored without a reply, as when Rasa is
       down, and Rasa has seen the message.

    `api_base_url` (e.g. http://host/api/v1) prefixes the export links; `metadata` goes to Rasa
    with the message (the LINE channel sends `bot.protocol.METADATA_*`).
    """
    to_send, is_payload = validate_input(message=message, payload=payload, max_chars=max_chars)
    office_id, contact_text = office.id, office.contact_text
    turn = commit(
        db,
        lambda: store_user_message(
            db=db,
            office_id=office_id,
            session_id=session_id,
            text=to_send,
            is_payload=is_payload,
            salt=salt,
        ),
    )

    items: list[dict[str, Any]] | None = None
    if not is_handoff_request(to_send, is_payload=is_payload):
        try:
            sent = to_send if is_payload else protocol.as_typed_text(to_send)
            items = rasa.send(sender=turn.sender, message=sent, metadata=metadata)
        except RasaUnavailable as exc:
            log.warning("Rasa unavailable: %s", exc)
            raise ServiceError(
                ErrorCode.BOT_UNAVAILABLE, contact=contact_text, session_id=turn.session_id
            ) from exc

    def store_replies() -> list[ChatMessageOut]:
        if items is None:
            replies = [handoff_message(contact_text)]
        else:
            relay = ResourceMapRelay(
                db=db, session_id=turn.session_id, office_id=office_id, base_url=api_base_url
            )
            replies = convert_rasa_messages(items, calendar_url=calendar_url, resource_map=relay)
            reason = None if is_payload else unanswered_reason(items)
            if reason is not None:
                db.add(
                    UnansweredQuestion(
                        office_id=office_id, session_id=turn.session_id, text=to_send, reason=reason
                    )
                )
        if not replies:
            return []
        # One INSERT ... RETURNING for all replies, ids in the order given: the widget names
        # them when the user rates an answer.
        ids = db.scalars(
            insert(ChatMessage).returning(ChatMessage.id, sort_by_parameter_order=True),
            [
                {
                    "session_id": turn.session_id,
                    "role": "bot",
                    "reply_to": turn.message_id,
                    "data": reply.model_dump(mode="json", exclude={"id"}),
                }
                for reply in replies
            ],
        ).all()
        return [
            reply.model_copy(update={"id": message_id})
            for reply, message_id in zip(replies, ids, strict=True)
        ]

    return turn.session_id, commit(db, store_replies)


def create_handoff(
    *,
    db: Session,
    office: Office,
    session_id: str,
    consent: bool,
    name: str | None,
    contact: str | None,
    preferred_time: str | None,
    message: str | None,
    share_transcript: bool,
) -> tuple[int, ChatMessageOut]:
    """Stores a callback request from a chat session of the office (review M2: nobody files one
    without having talked to the bot first; `session_not_found` otherwise)."""
    if not consent:
        raise ServiceError(ErrorCode.CONSENT_REQUIRED)
    get_session(db=db, office=office, session_id=session_id)

    def clean(value: str | None) -> str | None:
        """Trimmed; None for a missing or blank field."""
        if value is None:
            return None
        return value.strip() or None

    def store() -> tuple[int, ChatMessageOut]:
        row = HandoffRequest(
            office_id=office.id,
            session_id=session_id,
            name=clean(name),
            contact=clean(contact),
            preferred_time=clean(preferred_time),
            message=clean(message),
            share_transcript=share_transcript,
        )
        db.add(row)
        text = "受け付けました。事業所から連絡があるまで、お待ちください。\n"
        office_contact = office.contact_text.strip()
        if office_contact:
            text += f"急ぐときは、こちらに連絡してください。\n{office_contact}"
        reply = text_message(text)
        stored = ChatMessage(
            session_id=session_id, role="bot", data=reply.model_dump(mode="json", exclude={"id"})
        )
        db.add(stored)
        db.flush()  # gives the request and the message their ids
        return row.id, reply.model_copy(update={"id": stored.id})

    return commit(db, store)
