"""Database models (SQLAlchemy 2 typed mappings). Schema changes go through Alembic."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api import limits
from api.db import Base


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Office(Base):
    __tablename__ = "offices"

    id: Mapped[str] = mapped_column(String(limits.OFFICE_ID), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(limits.OFFICE_DISPLAY_NAME))
    # Origins (scheme://host[:port]) whose pages may embed the widget.
    allowed_origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Shown for 「人と話したい」 and when the bot is down; plain text.
    contact_text: Mapped[str] = mapped_column(Text, default="")
    theme_color: Mapped[str] = mapped_column(String(limits.THEME_COLOR), default="#1d5fa8")
    default_furigana: Mapped[str] = mapped_column(String(8), default="off")
    # Days the office's conversations, callback requests and maps are kept (api.cli purge).
    retention_days: Mapped[int] = mapped_column(Integer, default=limits.RETENTION_DAYS_DEFAULT)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiKey(Base):
    """A staff key of one office; only its SHA-256 is stored. A revoked key opens nothing."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(limits.API_KEY_LABEL), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    office: Mapped[Office] = relationship()


class StaffAuditEntry(Base):
    """One read of personal data by staff: which key, what (an action and the rows' ids), when.

    Written before the data is sent; kept AUDIT_LOG_RETENTION_DAYS. It holds ids and counts,
    never the personal data itself."""

    __tablename__ = "staff_audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    # The key's row (kept when the key is revoked) and its label at the time.
    api_key_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    api_key_label: Mapped[str] = mapped_column(String(limits.API_KEY_LABEL), default="")
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class ChatSession(Base):
    __tablename__ = "chat_sessions"

    id: Mapped[str] = mapped_column(String(limits.SESSION_ID), primary_key=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class ChatMessage(Base):
    """One message of the history, as the API returned it (role user or bot).

    A chat turn stores the user's message first and its replies after Rasa answered, in two
    transactions (api/services/chat.py)."""

    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(8))
    # For a bot message: the API message as JSON; for a user message: {"text": ...}.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A bot reply: the id of the user message it answers (NULL for user messages and for bot
    # messages outside a chat turn). The history is ordered by (reply_to or id, id), so a turn
    # stays together even when its replies are stored after another turn's message.
    reply_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class UnansweredQuestion(Base):
    """A user message the bot answered with its fallback or out-of-scope response."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[str] = mapped_column(String(limits.SESSION_ID))
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(20))  # "fallback" or "out_of_scope"
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class HandoffRequest(Base):
    """A callback request: only what the user chose to share."""

    __tablename__ = "handoff_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[str | None] = mapped_column(String(limits.SESSION_ID), nullable=True)
    name: Mapped[str | None] = mapped_column(String(limits.HANDOFF_NAME), nullable=True)
    contact: Mapped[str | None] = mapped_column(String(limits.HANDOFF_CONTACT), nullable=True)
    preferred_time: Mapped[str | None] = mapped_column(
        String(limits.HANDOFF_PREFERRED_TIME), nullable=True
    )
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    share_transcript: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


class DirectoryEntry(Base):
    """An entry of the office's directory of local contacts (for the resource map)."""

    __tablename__ = "directory_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(100), default="")
    area_of_life: Mapped[str] = mapped_column(String(50), default="")
    municipality: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    hours: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


class UserResourceMap(Base):
    """A user's resource map (リソースマップ, issue 4): one per chat session.

    Written only from the bot's `resource_map` custom messages; readable only with the
    session id (never through the staff API). `disability_types` is 要配慮個人情報: set only
    when the bot sends a non-empty list (after the user consented), else NULL.
    """

    __tablename__ = "resource_maps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("chat_sessions.id", ondelete="CASCADE"), unique=True
    )
    goal: Mapped[str | None] = mapped_column(Text, nullable=True)
    # LifeArea values the user chose to skip.
    skipped_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    disability_types: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserResourceMapEntry(Base):
    """One contact of a resource map: its area (LifeArea value) and 0-based position there."""

    __tablename__ = "resource_map_entries"
    __table_args__ = (UniqueConstraint("map_id", "area", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(
        ForeignKey("resource_maps.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    name_or_role: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str | None] = mapped_column(String(200), nullable=True)
    about: Mapped[str | None] = mapped_column(String(200), nullable=True)
    how_to_contact: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(50), nullable=True)
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)
