"""Offices: lookup, Origin checks, staff keys."""

from __future__ import annotations

import hashlib
import secrets
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import ApiKey, Office
from bot.text.furigana import FuriganaMode


def get_office(*, db: Session, office_id: str) -> Office:
    office = db.get(Office, office_id)
    if office is None:
        raise ServiceError(ErrorCode.OFFICE_NOT_FOUND)
    return office


def default_furigana(office: Office) -> FuriganaMode:
    """The office's furigana mode for the widget; anything unknown in the database is "off"."""
    return "all" if office.default_furigana == "all" else "off"


def normalise_origin(origin: str) -> str:
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an origin: {origin!r}")
    default = {"http": 80, "https": 443}[parts.scheme]
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def origin_allowed(*, office: Office, origin: str | None, own_origin: str) -> bool:
    """No Origin header (not a browser) is allowed; the API's own pages always are."""
    if origin is None:
        return True
    try:
        origin = normalise_origin(origin)
    except ValueError:
        return False
    if origin == normalise_origin(own_origin):
        return True
    return origin in {normalise_origin(o) for o in office.allowed_origins}


def check_origin(*, office: Office, origin: str | None, own_origin: str) -> None:
    if not origin_allowed(office=office, origin=origin, own_origin=own_origin):
        raise ServiceError(ErrorCode.ORIGIN_NOT_ALLOWED)


def any_office_allows(*, db: Session, origin: str) -> bool:
    try:
        origin = normalise_origin(origin)
    except ValueError:
        return False
    for origins in db.scalars(select(Office.allowed_origins)):
        if origin in {normalise_origin(o) for o in origins or []}:
            return True
    return False


def hash_key(key: str) -> str:
    # Keys are 256-bit random tokens, so a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_api_key(*, db: Session, office_id: str, label: str = "") -> str:
    """Creates (and commits) a staff key for an office and returns it; only its hash is stored."""
    get_office(db=db, office_id=office_id)
    key = "stf_" + secrets.token_urlsafe(32)
    db.add(ApiKey(office_id=office_id, key_hash=hash_key(key), label=label))
    db.commit()
    return key


def office_for_key(*, db: Session, key: str | None) -> Office:
    if not key:
        raise ServiceError(ErrorCode.UNAUTHORIZED)
    row = db.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key)))
    if row is None:
        raise ServiceError(ErrorCode.UNAUTHORIZED)
    return row.office
