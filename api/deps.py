"""Dependencies shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Path, Request
from sqlalchemy.orm import Session

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
