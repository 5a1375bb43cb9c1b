"""Dependencies shared by the routes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header, Path, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.orm import Session

from api import limits
from api.config import Settings
from api.db import get_db
from api.errors import ErrorCode, ServiceError
from api.models import ChatSession, Office
from api.schemas import SESSION_ID_PATTERN
from api.services.offices import check_origin, get_office, office_for_key
from api.services.rasa import RasaClient

DbSession = Annotated[Session, Depends(get_db)]


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_rasa(request: Request) -> RasaClient:
    rasa: RasaClient = request.app.state.rasa
    return rasa


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]
OwnOrigin = Annotated[str, Depends(own_origin)]
OriginHeader = Annotated[str | None, Header(alias="Origin", include_in_schema=False)]


async def requested_office_id(request: Request) -> str:
    """`office_id` from the path, else the query (GET) or the JSON body (POST).

    Async only to read the body, which FastAPI has already parsed and Starlette keeps. A missing
    or bad value is the same 422 `invalid_request` the route's own parameters would give (they
    are still declared there, for the OpenAPI reference).
    """
    value: Any
    if "office_id" in request.path_params:
        where, value = "path", request.path_params["office_id"]
    elif request.method == "GET":
        where, value = "query", request.query_params.get("office_id")
    else:
        where = "body"
        try:
            body = await request.json()
        except ValueError:
            body = None
        value = body.get("office_id") if isinstance(body, dict) else None
    problem = None
    if value is None:
        problem = "missing"
    elif not isinstance(value, str):
        problem = "string_type"
    elif len(value) > limits.OFFICE_ID:
        problem = "string_too_long"
    if problem is not None:
        raise RequestValidationError([{"type": problem, "loc": (where, "office_id")}])
    return str(value)


def public_office(
    office_id: Annotated[str, Depends(requested_office_id)],
    db: DbSession,
    own: OwnOrigin,
    origin: OriginHeader = None,
) -> Office:
    """The office the public call is for; `office_not_found`, or `origin_not_allowed` when a
    browser page of another origin calls (see api.services.offices.origin_allowed)."""
    office = get_office(db=db, office_id=office_id)
    check_origin(office=office, origin=origin, own_origin=own)
    return office


PublicOffice = Annotated[Office, Depends(public_office)]


def staff_office(
    db: DbSession,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Office:
    """The office of the staff key in `Authorization: Bearer <key>` or `X-API-Key`."""
    key = x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    return office_for_key(db=db, key=key)


StaffOffice = Annotated[Office, Depends(staff_office)]


def session_for_origin(
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)],
    db: DbSession,
    own: OwnOrigin,
    origin: OriginHeader = None,
) -> ChatSession:
    """The chat session named in the path, for a page whose Origin its office allows.

    Knowing the (server-made, unguessable) session id is the right to the session's data.
    """
    session = db.get(ChatSession, session_id)
    if session is None:
        raise ServiceError(ErrorCode.SESSION_NOT_FOUND)
    office = get_office(db=db, office_id=session.office_id)
    check_origin(office=office, origin=origin, own_origin=own)
    return session


SessionForOrigin = Annotated[ChatSession, Depends(session_for_origin)]
