"""Public API used by the widget: chat, history, widget config, handoff, calendar export."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from api import limits
from api.deps import (
    ClientAddress,
    DbSession,
    PublicBase,
    PublicOffice,
    RasaDep,
    RateLimitsDep,
    SettingsDep,
)
from api.errors import ErrorCode, ServiceError
from api.rate_limits import Action
from api.schemas import (
    SESSION_ID_PATTERN,
    ChatRequest,
    ChatResponse,
    HandoffAccepted,
    HandoffRequestIn,
    HistoryResponse,
    WidgetConfig,
)
from api.services import calendar as calendar_service
from api.services import chat as chat_service
from api.services import history as history_service
from api.services.offices import default_furigana
from bot.dates.rules import SupportVariant, today_in_japan

router = APIRouter(prefix="/api/v1", tags=["chat"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad JSON (`invalid_json`)"},
    403: {"description": "The page's origin is not allowed for this office (`origin_not_allowed`)"},
    404: {"description": "`office_not_found` or `session_not_found`"},
    413: {"description": "`request_too_large`: a body over 64 kB"},
    422: {
        "description": "`message_empty`, `message_too_long`, `invalid_session_id`, `invalid_text`, ..."
    },
    429: {"description": "`rate_limited` (with `Retry-After`)"},
}


@router.post(
    "/chat",
    response_model=ChatResponse,
    responses={**ERRORS, 503: {"description": "`bot_unavailable`: Rasa did not answer"}},
)
def post_chat(
    body: ChatRequest,
    office: PublicOffice,
    db: DbSession,
    rasa: RasaDep,
    settings: SettingsDep,
    base: PublicBase,
    rate_limits: RateLimitsDep,
    address: ClientAddress,
) -> ChatResponse:
    """Sends one message (or a button payload) and returns the bot's answer.

    Omit `session_id` to start a session; send the returned one afterwards. Messages are at most
    `MESSAGE_MAX_CHARS` (1000) characters. 「人と話したい」 (or the payload `/handoff`) returns the
    office's contact as a message of type `handoff`. Typed text is always text: a leading `/`
    is never read as a button payload.
    """
    rate_limits.hit(Action.CHAT, address=address, session_id=body.session_id)
    session_id, messages = chat_service.chat(
        db=db,
        rasa=rasa,
        office=office,
        session_id=body.session_id,
        message=body.message,
        payload=body.payload,
        max_chars=settings.MESSAGE_MAX_CHARS,
        salt=settings.SENDER_SALT,
        calendar_url=f"{base}/api/v1/calendar.ics",
        api_base_url=f"{base}/api/v1",
    )
    return ChatResponse(session_id=session_id, messages=messages)


@router.get("/sessions/{session_id}/messages", response_model=HistoryResponse, responses=ERRORS)
def get_history(
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)],
    office_id: Annotated[str, Query(max_length=limits.OFFICE_ID)],  # read by PublicOffice
    office: PublicOffice,
    db: DbSession,
) -> HistoryResponse:
    """The session's messages (user and bot, oldest first, at most 200), to restore the widget."""
    messages = history_service.history(db=db, office=office, session_id=session_id)
    return HistoryResponse(session_id=session_id, messages=messages)


@router.get("/offices/{office_id}/widget-config", response_model=WidgetConfig, responses=ERRORS)
def get_widget_config(
    office_id: Annotated[str, Path(max_length=limits.OFFICE_ID)],  # read by PublicOffice
    office: PublicOffice,
    settings: SettingsDep,
) -> WidgetConfig:
    """Public settings the widget needs: name, contact, theme colour, default furigana mode."""
    return WidgetConfig(
        office_id=office.id,
        display_name=office.display_name,
        contact_text=office.contact_text,
        theme_color=office.theme_color,
        default_furigana=default_furigana(office),
        message_max_chars=settings.MESSAGE_MAX_CHARS,
    )


@router.post("/handoff", response_model=HandoffAccepted, status_code=201, responses=ERRORS)
def post_handoff(
    body: HandoffRequestIn,
    office: PublicOffice,
    db: DbSession,
    rate_limits: RateLimitsDep,
    address: ClientAddress,
) -> HandoffAccepted:
    """Stores a callback request with only what the user chose to share (`consent` must be
    true), from a chat session of the office (`session_id`)."""
    rate_limits.hit(Action.HANDOFF, address=address, session_id=body.session_id)
    request_id, message = chat_service.create_handoff(
        db=db,
        office=office,
        session_id=body.session_id,
        consent=body.consent,
        name=body.name,
        contact=body.contact,
        preferred_time=body.preferred_time,
        message=body.message,
        share_transcript=body.share_transcript,
    )
    return HandoffAccepted(id=request_id, message=message)


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "RFC 5545 calendar"},
        422: ERRORS[422],
    },
)
def get_calendar(
    start_text: Annotated[
        str,
        Query(
            alias="start",
            pattern=r"^\d{4}-\d{2}-\d{2}$",
            description="就職日, 復職日 or the last day at the sending office (YYYY-MM-DD only)",
            examples=["2024-04-01"],
        ),
    ],
    variant: Annotated[SupportVariant, Query()] = SupportVariant.STANDARD,
) -> Response:
    """Personal dates (estimates, 目安) as an .ics file in Asia/Tokyo, from bot.dates."""
    try:
        start = date.fromisoformat(start_text)
    except ValueError as exc:
        raise ServiceError(ErrorCode.INVALID_DATE) from exc
    if not date(1950, 1, 1) <= start <= date(2100, 1, 1):
        raise ServiceError(ErrorCode.INVALID_DATE)
    body = calendar_service.build_ics(start=start, variant=variant, today=today_in_japan())
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="teichaku-{start.isoformat()}.ics"'},
    )
