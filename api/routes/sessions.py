"""Deleting a conversation (the user's right: the session id is their secret)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from api import limits
from api.deps import ClientAddress, DbSession, OriginHeader, OwnOrigin, RateLimitsDep, SettingsDep
from api.rate_limits import Action
from api.routes.system import preflight
from api.schemas import SESSION_ID_PATTERN
from api.services import sessions as service
from api.services.offices import check_origin, get_office
from api.services.trackers import TrackerStore, tracker_store

router = APIRouter(prefix="/api/v1", tags=["chat"])

ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "The page's origin is not allowed for this office (`origin_not_allowed`)"},
    404: {"description": "`office_not_found` or `session_not_found`"},
    422: {"description": "`invalid_session_id`"},
    429: {"description": "`rate_limited` (with `Retry-After`)"},
    503: {"description": "`bot_unavailable`: Rasa's database did not answer; send it again"},
}


def get_trackers(request: Request, settings: SettingsDep) -> TrackerStore | None:
    """Rasa's tracker store, opened once per app on first use."""
    state = request.app.state
    if not hasattr(state, "trackers"):
        state.trackers = tracker_store(settings.RASA_TRACKER_STORE_URL)
    trackers: TrackerStore | None = state.trackers
    return trackers


TrackersDep = Annotated[TrackerStore | None, Depends(get_trackers)]


@router.delete("/sessions/{session_id}", status_code=204, responses=ERRORS)
def delete_session(
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)],
    office_id: Annotated[str, Query(max_length=limits.OFFICE_ID)],
    db: DbSession,
    trackers: TrackersDep,
    settings: SettingsDep,
    own: OwnOrigin,
    rate_limits: RateLimitsDep,
    address: ClientAddress,
    origin: OriginHeader = None,
) -> Response:
    """Deletes the conversation: its history, resource map, the link from a callback request to
    its transcript, and what the bot remembered (dates, the map in progress). 204 when done.
    The widget's 「会話を消す」 calls this."""
    office = get_office(db=db, office_id=office_id)
    check_origin(office=office, origin=origin, own_origin=own)
    rate_limits.hit(Action.DELETE, address=address, session_id=session_id)
    service.delete_conversation(
        db=db, trackers=trackers, session_id=session_id, salt=settings.SENDER_SALT, office=office
    )
    return Response(status_code=204)


@router.options("/sessions/{session_id}", include_in_schema=False)
def delete_preflight(db: DbSession, own: OwnOrigin, origin: OriginHeader = None) -> Response:
    """CORS preflight of the DELETE from an embedding page (same rules as the chat POST)."""
    response = preflight(db=db, own=own, origin=origin)
    if response.status_code == 204 and origin is not None:
        response.headers["Access-Control-Allow-Methods"] = "DELETE"
    return response
