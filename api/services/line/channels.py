"""Connecting an office's LINE channel (staff API and `python -m api.cli line-connect`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import LineChannel, LineWebhookEvent, Office, utcnow
from api.services.line.vault import Vault
from api.services.transactions import commit


@dataclass(frozen=True)
class ChannelStatus:
    connected: bool
    ask_disability: bool
    updated_at: datetime | None


def webhook_path(office_id: str) -> str:
    """The path LINE posts to: the office's webhook URL is PUBLIC_BASE_URL + this."""
    return f"/line/{office_id}/webhook"


def status(*, db: Session, office: Office) -> ChannelStatus:
    channel = db.get(LineChannel, office.id)
    if channel is None:
        return ChannelStatus(connected=False, ask_disability=False, updated_at=None)
    return ChannelStatus(
        connected=True, ask_disability=channel.ask_disability, updated_at=channel.updated_at
    )


def connect(
    *,
    db: Session,
    office: Office,
    vault: Vault,
    channel_secret: str,
    access_token: str,
    ask_disability: bool = False,
) -> ChannelStatus:
    """Stores (or replaces) the office's channel secret and access token, encrypted."""
    secret, token = channel_secret.strip(), access_token.strip()
    if not secret or not token:
        raise ServiceError(ErrorCode.INVALID_SETTINGS)
    sealed_secret, sealed_token = vault.seal(secret), vault.seal(token)
    office_id = office.id

    def write() -> None:
        channel = db.get(LineChannel, office_id)
        if channel is None:
            channel = LineChannel(office_id=office_id)
            db.add(channel)
        channel.channel_secret_encrypted = sealed_secret
        channel.access_token_encrypted = sealed_token
        channel.ask_disability = ask_disability
        channel.updated_at = utcnow()
        db.flush()

    commit(db, write)
    return status(db=db, office=office)


def disconnect(*, db: Session, office: Office) -> bool:
    """Removes the office's channel (its secrets and seen events); False when there was none.
    The LINE users' conversations stay, under the office's retention, like web sessions."""
    office_id = office.id

    def write() -> bool:
        db.execute(delete(LineWebhookEvent).where(LineWebhookEvent.office_id == office_id))
        result = db.execute(delete(LineChannel).where(LineChannel.office_id == office_id))
        return bool(cast(CursorResult[Any], result).rowcount)

    return commit(db, write)


def purge_events(*, db: Session, now: datetime, days: int) -> int:
    """Deletes the seen webhookEventIds older than `days` (api.cli purge)."""
    cutoff = now - timedelta(days=days)

    def write() -> int:
        result = db.execute(delete(LineWebhookEvent).where(LineWebhookEvent.received_at < cutoff))
        return int(cast(CursorResult[Any], result).rowcount)

    return commit(db, write)
