"""Dependencies shared by the routes."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import Depends, Header, Path, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.orm import Session

from api import limits
from api.config import Settings
from api.db import get_db, short_read
from api.errors import ErrorCode, ServiceError
from api.models import ApiKey, ChatSession, Office
from api.rate_limits import Action, RateLimits, client_address
from api.schemas import SESSION_ID_PATTERN
from api.services.offices import check_origin, get_office, key_for
from api.services.rasa import RasaClient
from api.surface import origin_of, public_base_url

log = logging.getLogger(__name__)

DbSession = Annotated[Session, Depends(get_db)]

# The dependencies that only read the request or app.state are `async def`: FastAPI runs a plain
# `def` dependency in the threadpool, a round trip per dependency per request for nothing.


async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_rasa(request: Request) -> RasaClient:
    rasa: RasaClient = request.app.state.rasa
    return rasa


async def public_base(request: Request) -> str:
    """Where visitors reach the API, e.g. https://chat.example.jp: PUBLIC_BASE_URL (in
    development without it, the address the connection came in on), never the Host header."""
    return public_base_url(request.app.state.settings, request.scope)


async def own_origin(base: Annotated[str, Depends(public_base)]) -> str:
    return origin_of(base)


async def get_rate_limits(request: Request) -> RateLimits:
    rate_limits: RateLimits = request.app.state.rate_limits
    return rate_limits


async def get_client_address(
    request: Request, limits_: Annotated[RateLimits, Depends(get_rate_limits)]
) -> str:
    """The client's address for the rate limits (api.rate_limits.client_address)."""
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.getlist("x-forwarded-for"), limits_.proxies)


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
RasaDep = Annotated[RasaClient, Depends(get_rasa)]
PublicBase = Annotated[str, Depends(public_base)]
OwnOrigin = Annotated[str, Depends(own_origin)]
OriginHeader = Annotated[str | None, Header(alias="Origin", include_in_schema=False)]
RateLimitsDep = Annotated[RateLimits, Depends(get_rate_limits)]
ClientAddress = Annotated[str, Depends(get_client_address)]


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
    with short_read(db):
        office = get_office(db=db, office_id=office_id)
    check_origin(office=office, origin=origin, own_origin=own)
    return office


PublicOffice = Annotated[Office, Depends(public_office)]


def staff_key(
    request: Request,
    db: DbSession,
    rate_limits: RateLimitsDep,
    address: ClientAddress,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> ApiKey:
    """The live staff key in `Authorization: Bearer <key>` or `X-API-Key`.

    A wrong or revoked key is logged (the address and the route, never the key) and counted
    against the address: past RATE_LIMIT_STAFF_KEY_FAILURES every staff call from there is
    `429 rate_limited` until the window has passed, even with a good key."""
    rate_limits.check(Action.STAFF_KEY_FAILURE, address=address)
    key = x_api_key
    if authorization and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    try:
        return key_for(db=db, key=key)
    except ServiceError:
        log.warning(
            "staff key refused (%s) from %s on %s %s",
            "none given" if not key else "unknown or revoked",
            address,
            request.method,
            request.url.path,
        )
        rate_limits.count(Action.STAFF_KEY_FAILURE, address=address)
        raise


StaffKey = Annotated[ApiKey, Depends(staff_key)]


def staff_office(key: StaffKey) -> Office:
    """The office of the staff key."""
    return key.office


StaffOffice = Annotated[Office, Depends(staff_office)]


RowId = Annotated[int, Path(ge=1, le=limits.ROW_ID_MAX, description="A row id.")]


def session_for_origin(
    session_id: Annotated[str, Path(pattern=SESSION_ID_PATTERN)],
    db: DbSession,
    own: OwnOrigin,
    origin: OriginHeader = None,
) -> ChatSession:
    """The chat session named in the path, for a page whose Origin its office allows.

    Knowing the (server-made, unguessable) session id is the right to the session's data.
    """
    with short_read(db):
        session = db.get(ChatSession, session_id)
        if session is None:
            raise ServiceError(ErrorCode.SESSION_NOT_FOUND)
        office = get_office(db=db, office_id=session.office_id)
    check_origin(office=office, origin=origin, own_origin=own)
    return session


SessionForOrigin = Annotated[ChatSession, Depends(session_for_origin)]
