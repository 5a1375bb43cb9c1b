"""The LINE webhook: check, record, answer 200; then each event's turn, in the background.

In the request (short, no network call):
1. the office's channel (`office_not_found`, `line_not_connected`), its secret decrypted;
2. X-Line-Signature over the raw body (`invalid_signature`, 401; nothing is stored);
3. the events' webhookEventIds recorded in one transaction (unique per office, so a redelivered
   event is dropped here: it is answered once).

After the 200 (`handle_events`, a FastAPI background task), one event at a time:
- follow: the greeting (what the bot is, what it keeps) with the やさしい日本語 quick reply;
- unfollow: the conversation is deleted (history, map, Rasa's tracker), as `delete-session`;
- text message / postback: a chat turn exactly as on the web (api.services.chat.chat: three short
  transactions, none open during the Rasa call), then one reply with the reply token (none open
  during the LINE call either). Postback data is a button payload (bot.protocol) or the
  やさしい日本語 setting.
A text over MESSAGE_MAX_CHARS, empty or with characters api.hygiene refuses, another message
type, or an unknown postback gets a kind reply and stores nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.hygiene import forbidden_character
from api.models import ChatMessage, ChatSession, LineChannel, LineUser, LineWebhookEvent, Office
from api.schemas import ChatMessageOut
from api.services import chat as chat_service
from api.services.line import texts
from api.services.line.client import LineApiError, LineClient
from api.services.line.messages import to_line_messages
from api.services.line.signature import signature_valid
from api.services.line.vault import Vault
from api.services.offices import get_office
from api.services.rasa import RasaClient
from api.services.relay import text_message
from api.services.sessions import delete_conversation
from api.services.trackers import TrackerStore
from api.services.transactions import commit
from bot import protocol

log = logging.getLogger(__name__)

HANDLED_TYPES = frozenset({"message", "postback", "follow", "unfollow"})
DbFactory = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class LineEvent:
    """What the bot needs of one webhook event. `user_id` (LINE's) lives in memory only."""

    event_id: str
    type: str
    user_id: str | None
    reply_token: str | None = None
    message_type: str | None = None
    text: str | None = None
    postback: str | None = None


@dataclass(frozen=True)
class LineTurnContext:
    """Everything the background work needs, read in the request (plain values)."""

    office_id: str
    access_token: str
    ask_disability: bool
    max_chars: int
    salt: str
    calendar_url: str
    api_base_url: str


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse_events(data: Any) -> list[LineEvent]:
    """The events of a webhook body that the bot handles; anything else is skipped."""
    raw_events = data.get("events") if isinstance(data, dict) else None
    out: list[LineEvent] = []
    for raw in raw_events if isinstance(raw_events, list) else []:
        if not isinstance(raw, dict):
            continue
        event_id, kind = _str(raw.get("webhookEventId")), _str(raw.get("type"))
        if not event_id or len(event_id) > 64 or kind not in HANDLED_TYPES:
            continue
        source, message = _dict(raw.get("source")), _dict(raw.get("message"))
        postback = _dict(raw.get("postback"))
        out.append(
            LineEvent(
                event_id=event_id,
                type=kind,
                # Only one-to-one chats: in a group the bot does not speak for anyone.
                user_id=_str(source.get("userId")) if source.get("type") == "user" else None,
                reply_token=_str(raw.get("replyToken")),
                message_type=_str(message.get("type")),
                text=_str(message.get("text")),
                postback=_str(postback.get("data")),
            )
        )
    return out


def connected_channel(*, db: Session, office_id: str) -> LineChannel:
    get_office(db=db, office_id=office_id)
    channel = db.get(LineChannel, office_id)
    if channel is None:
        raise ServiceError(ErrorCode.LINE_NOT_CONNECTED)
    return channel


def verify(*, channel: LineChannel, vault: Vault, body: bytes, signature: str | None) -> str:
    """The channel's access token, once the body's signature is right; `invalid_signature`."""
    secret = vault.open(channel.channel_secret_encrypted)
    if not signature_valid(body, signature, channel_secret=secret):
        raise ServiceError(ErrorCode.INVALID_SIGNATURE)
    return vault.open(channel.access_token_encrypted)


def parse_body(body: bytes) -> list[LineEvent]:
    try:
        return parse_events(json.loads(body.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ServiceError(ErrorCode.INVALID_JSON) from exc


def record_new_events(*, db: Session, office_id: str, events: list[LineEvent]) -> list[LineEvent]:
    """Records the events not seen before (one transaction) and returns them.

    Two deliveries of one event racing each other: the second insert breaks the unique key, the
    write is retried (api.services.transactions), and then sees the first one's row."""
    if not events:
        return []

    def write() -> list[LineEvent]:
        ids = {e.event_id for e in events}
        seen = set(
            db.scalars(
                select(LineWebhookEvent.webhook_event_id).where(
                    LineWebhookEvent.office_id == office_id,
                    LineWebhookEvent.webhook_event_id.in_(ids),
                )
            )
        )
        fresh: list[LineEvent] = []
        for event in events:
            if event.event_id in seen:
                continue
            seen.add(event.event_id)
            db.add(
                LineWebhookEvent(
                    office_id=office_id, webhook_event_id=event.event_id, event_type=event.type
                )
            )
            fresh.append(event)
        db.flush()
        return fresh

    fresh = commit(db, write)
    if len(fresh) < len(events):
        log.info("LINE %s: %d redelivered event(s) dropped", office_id, len(events) - len(fresh))
    return fresh


# --- the background work -----------------------------------------------------------------------


def user_key(*, salt: str, office_id: str, user_id: str) -> str:
    return hashlib.sha256(f"{salt}:line:{office_id}:{user_id}".encode()).hexdigest()


@dataclass(frozen=True)
class LineSession:
    session_id: str
    easy_ja: bool


def line_session(*, db: Session, office_id: str, key: str) -> LineSession:
    """The LINE user's chat session, made on first contact (committed)."""

    def write() -> LineSession:
        row = db.scalar(
            select(LineUser).where(LineUser.office_id == office_id, LineUser.user_key == key)
        )
        if row is None:
            session_id = chat_service.new_session_id()
            db.add(ChatSession(id=session_id, office_id=office_id))
            db.flush()
            row = LineUser(office_id=office_id, user_key=key, session_id=session_id)
            db.add(row)
            db.flush()
        return LineSession(session_id=row.session_id, easy_ja=row.easy_ja)

    return commit(db, write)


@dataclass
class LineWorker:
    """Handles recorded events one by one; each event's failure stays its own."""

    db_factory: DbFactory
    rasa: RasaClient
    line: LineClient
    trackers: TrackerStore | None
    context: LineTurnContext

    def handle_events(self, events: list[LineEvent]) -> None:
        for event in events:
            try:
                with self.db_factory() as db:
                    self.handle(db, event)
            except Exception:  # one event's failure must not lose the others
                log.exception("LINE %s: event %s failed", self.context.office_id, event.event_id)

    def handle(self, db: Session, event: LineEvent) -> None:
        if event.user_id is None:
            log.info("LINE: a %s event without a user (group or room) ignored", event.type)
            return
        key = user_key(
            salt=self.context.salt, office_id=self.context.office_id, user_id=event.user_id
        )
        if event.type == "unfollow":
            self.forget(db, key)
            return
        session = line_session(db=db, office_id=self.context.office_id, key=key)
        if event.type == "follow":
            self.greet(db, event, session)
        elif event.type == "postback":
            self.on_postback(db, event, session)
        elif event.type == "message":
            self.on_message(db, event, session)

    # --- replies ---

    def reply(self, event: LineEvent, messages: list[dict[str, Any]]) -> None:
        if not event.reply_token:
            return
        try:
            self.line.reply(
                access_token=self.context.access_token,
                reply_token=event.reply_token,
                messages=messages,
            )
        except LineApiError as exc:
            log.warning("LINE %s: %s", self.context.office_id, exc)

    def say(self, event: LineEvent, text: str, *buttons: Any) -> None:
        """A short reply of the API's own (nothing stored)."""
        self.reply(event, to_line_messages([text_message(text)], extra_buttons=buttons))

    def store_bot_message(self, db: Session, session_id: str, message: ChatMessageOut) -> None:
        def write() -> None:
            db.add(
                ChatMessage(session_id=session_id, role="bot", data=message.model_dump(mode="json"))
            )

        commit(db, write)

    # --- events ---

    def greet(self, db: Session, event: LineEvent, session: LineSession) -> None:
        office = get_office(db=db, office_id=self.context.office_id)
        message = text_message(
            texts.greeting(office_name=office.display_name, retention_days=office.retention_days),
            buttons=[texts.EASY_OFF_BUTTON if session.easy_ja else texts.EASY_ON_BUTTON],
        )
        self.store_bot_message(db, session.session_id, message)
        self.reply(event, to_line_messages([message]))

    def forget(self, db: Session, key: str) -> None:
        """Unfollow (the user blocked the account): the conversation is deleted."""
        row = db.scalar(
            select(LineUser).where(
                LineUser.office_id == self.context.office_id, LineUser.user_key == key
            )
        )
        if row is None:
            return
        office = get_office(db=db, office_id=self.context.office_id)
        delete_conversation(
            db=db,
            trackers=self.trackers,
            session_id=row.session_id,
            salt=self.context.salt,
            office=office,
        )
        log.info("LINE %s: a user unfollowed; their conversation is deleted", office.id)

    def set_easy(self, db: Session, event: LineEvent, session: LineSession, on: bool) -> None:
        def write() -> None:
            db.execute(
                update(LineUser).where(LineUser.session_id == session.session_id).values(easy_ja=on)
            )

        commit(db, write)
        if on:
            self.say(event, texts.EASY_ON_TEXT, texts.EASY_OFF_BUTTON)
        else:
            self.say(event, texts.EASY_OFF_TEXT, texts.EASY_ON_BUTTON)

    def on_postback(self, db: Session, event: LineEvent, session: LineSession) -> None:
        data = event.postback or ""
        if data in (texts.EASY_ON, texts.EASY_OFF):
            self.set_easy(db, event, session, data == texts.EASY_ON)
        elif protocol.is_payload(data):
            self.turn(db, event, session, payload=data)
        else:
            self.say(event, texts.BAD_BUTTON_TEXT)

    def on_message(self, db: Session, event: LineEvent, session: LineSession) -> None:
        if event.message_type != "text" or event.text is None:
            self.say(event, texts.NOT_TEXT_TEXT)
            return
        text = event.text.strip()
        if forbidden_character(text, multiline=True):
            self.say(event, texts.BAD_CHARACTERS_TEXT)
        elif not text:
            self.say(event, texts.EMPTY_TEXT)
        elif len(text) > self.context.max_chars:
            self.say(event, texts.TOO_LONG_TEXT.format(max_chars=self.context.max_chars))
        elif text in texts.EASY_ON_WORDS or text in texts.EASY_OFF_WORDS:
            self.set_easy(db, event, session, text in texts.EASY_ON_WORDS)
        else:
            self.turn(db, event, session, message=text)

    def turn(
        self,
        db: Session,
        event: LineEvent,
        session: LineSession,
        *,
        message: str | None = None,
        payload: str | None = None,
    ) -> None:
        """One chat turn as on the web, then the reply."""
        office: Office = get_office(db=db, office_id=self.context.office_id)
        metadata = {
            protocol.METADATA_CHANNEL: protocol.CHANNEL_LINE,
            protocol.METADATA_ASK_DISABILITY: self.context.ask_disability,
        }
        try:
            _sid, replies = chat_service.chat(
                db=db,
                rasa=self.rasa,
                office=office,
                session_id=session.session_id,
                message=message,
                payload=payload,
                max_chars=self.context.max_chars,
                salt=self.context.salt,
                calendar_url=self.context.calendar_url,
                api_base_url=self.context.api_base_url,
                metadata=metadata,
            )
        except ServiceError as exc:
            if exc.code is ErrorCode.BOT_UNAVAILABLE:
                self.say(event, texts.bot_down(office.contact_text))
            elif exc.code is ErrorCode.INVALID_PAYLOAD:
                self.say(event, texts.BAD_BUTTON_TEXT)
            else:  # e.g. the session was purged a moment ago: the next message starts afresh
                log.info("LINE %s: turn refused: %s", office.id, exc.code.value)
                self.say(event, texts.BUSY_TEXT)
            return
        except SQLAlchemyError as exc:  # still failing after the retries (transactions.commit)
            log.error("LINE %s: database error in a turn: %s", office.id, type(exc).__name__)
            self.say(event, texts.BUSY_TEXT)
            return
        self.reply(event, to_line_messages(replies, easy_ja=session.easy_ja))
