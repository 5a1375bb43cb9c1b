"""Dependencies shared by the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from api.config import Settings
from api.db import get_db
from api.models import Office
from api.services.offices import office_for_key
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
