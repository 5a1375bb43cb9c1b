"""LINE: the webhook LINE posts to, and the staff routes that connect an office's channel."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Header, Request, Response
from sqlalchemy.orm import Session

from api.deps import DbSession, PublicBase, SettingsDep, StaffOffice
from api.errors import ErrorCode, ServiceError
from api.routes.sessions import TrackersDep
from api.schemas import LineChannelIn, LineChannelOut
from api.services.line import channels
from api.services.line.client import LineClient
from api.services.line.vault import Vault
from api.services.line.webhook import (
    LineTurnContext,
    LineWorker,
    connected_channel,
    parse_body,
    record_new_events,
    verify,
)
from api.services.rasa import RasaClient

router = APIRouter(tags=["line"])


async def raw_body(request: Request) -> bytes:
    """The body exactly as LINE sent it: the signature is over these bytes."""
    return await request.body()


def background_db(request: Request) -> Callable[[], AbstractContextManager[Session]]:
    """Sessions for the work after the answer (the request's own session is closed by then)."""
    factory: Callable[[], AbstractContextManager[Session]] = request.app.state.sessionmaker
    return factory


def vault(settings: SettingsDep) -> Vault:
    if not settings.LINE_SECRETS_KEY:
        raise ServiceError(ErrorCode.LINE_UNAVAILABLE)
    return Vault(settings.LINE_SECRETS_KEY)


def webhook_vault(settings: SettingsDep) -> Vault:
    """Without LINE_SECRETS_KEY no office has LINE: the webhook is `line_not_connected`."""
    if not settings.LINE_SECRETS_KEY:
        raise ServiceError(ErrorCode.LINE_NOT_CONNECTED)
    return Vault(settings.LINE_SECRETS_KEY)


RawBody = Annotated[bytes, Depends(raw_body)]
BackgroundDb = Annotated[Callable[[], AbstractContextManager[Session]], Depends(background_db)]
VaultDep = Annotated[Vault, Depends(vault)]
WebhookVault = Annotated[Vault, Depends(webhook_vault)]


@router.post(
    "/line/{office_id}/webhook",
    status_code=200,
    responses={
        401: {"description": "`invalid_signature`: X-Line-Signature missing or wrong"},
        404: {"description": "`office_not_found`, `line_not_connected`"},
    },
)
def line_webhook(
    office_id: str,
    request: Request,
    body: RawBody,
    db: DbSession,
    settings: SettingsDep,
    base: PublicBase,
    secrets: WebhookVault,
    background: BackgroundTasks,
    db_factory: BackgroundDb,
    trackers: TrackersDep,
    x_line_signature: Annotated[str | None, Header()] = None,
) -> dict[str, str]:
    """LINE's webhook for the office (docs/line.md): signed with the channel secret. Answers 200
    at once; each event's turn and reply run after the answer."""
    channel = connected_channel(db=db, office_id=office_id)
    access_token = verify(channel=channel, vault=secrets, body=body, signature=x_line_signature)
    ask_disability = channel.ask_disability
    events = record_new_events(db=db, office_id=office_id, events=parse_body(body))
    if events:
        rasa: RasaClient = request.app.state.rasa
        line: LineClient = request.app.state.line
        worker = LineWorker(
            db_factory=db_factory,
            rasa=rasa,
            line=line,
            trackers=trackers,
            context=LineTurnContext(
                office_id=office_id,
                access_token=access_token,
                ask_disability=ask_disability,
                max_chars=settings.MESSAGE_MAX_CHARS,
                salt=settings.SENDER_SALT,
                calendar_url=f"{base}/api/v1/calendar.ics",
                api_base_url=f"{base}/api/v1",
            ),
        )
        background.add_task(worker.handle_events, events)
    return {}


def _out(status: channels.ChannelStatus, *, office_id: str, base: str) -> LineChannelOut:
    return LineChannelOut(
        connected=status.connected,
        ask_disability=status.ask_disability,
        webhook_url=base + channels.webhook_path(office_id),
        updated_at=status.updated_at,
    )


staff_router = APIRouter(
    prefix="/api/v1/staff",
    tags=["staff"],
    responses={401: {"description": "`unauthorized`: missing, unknown or revoked staff key"}},
)


@staff_router.get("/line", response_model=LineChannelOut)
def get_line_channel(office: StaffOffice, db: DbSession, base: PublicBase) -> LineChannelOut:
    """Whether the office's LINE channel is connected, and the webhook URL to give LINE."""
    return _out(channels.status(db=db, office=office), office_id=office.id, base=base)


@staff_router.put("/line", response_model=LineChannelOut)
def put_line_channel(
    body: LineChannelIn, office: StaffOffice, db: DbSession, base: PublicBase, secrets: VaultDep
) -> LineChannelOut:
    """Connects (or updates) the office's LINE channel; the secrets are stored encrypted and
    never returned (`503 line_unavailable` when the server has no LINE_SECRETS_KEY)."""
    status = channels.connect(
        db=db,
        office=office,
        vault=secrets,
        channel_secret=body.channel_secret,
        access_token=body.access_token,
        ask_disability=body.ask_disability,
    )
    return _out(status, office_id=office.id, base=base)


@staff_router.delete("/line", status_code=204)
def delete_line_channel(office: StaffOffice, db: DbSession) -> Response:
    """Disconnects the office's LINE channel (its secrets are deleted; 404 when none)."""
    if not channels.disconnect(db=db, office=office):
        raise ServiceError(ErrorCode.LINE_NOT_CONNECTED)
    return Response(status_code=204)
