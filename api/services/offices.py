"""Offices: lookup, Origin checks, staff keys."""

from __future__ import annotations

import hashlib
import re
import secrets
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import limits
from api.errors import ErrorCode, ServiceError
from api.hygiene import forbidden_character
from api.models import ApiKey, Office, utcnow
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
    """scheme://host[:port], lower case, without a default port; ValueError for anything that
    is not an origin (a user name, a path other than "/", a query: review I1)."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an origin: {origin!r}")
    if "@" in parts.netloc or parts.path not in ("", "/") or parts.query or parts.fragment:
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


def new_key() -> str:
    return "stf_" + secrets.token_urlsafe(32)


def create_api_key(*, db: Session, office_id: str, label: str = "") -> str:
    """Creates (and commits) a staff key for an office and returns it; only its hash is stored."""
    get_office(db=db, office_id=office_id)
    key = new_key()
    db.add(ApiKey(office_id=office_id, key_hash=hash_key(key), label=label))
    db.commit()
    return key


def key_for(*, db: Session, key: str | None) -> ApiKey:
    """The live (not revoked) key row for `key`; `unauthorized` otherwise."""
    if not key:
        raise ServiceError(ErrorCode.UNAUTHORIZED)
    row = db.scalar(
        select(ApiKey).where(ApiKey.key_hash == hash_key(key), ApiKey.revoked_at.is_(None))
    )
    if row is None:
        raise ServiceError(ErrorCode.UNAUTHORIZED)
    return row


def office_for_key(*, db: Session, key: str | None) -> Office:
    return key_for(db=db, key=key).office


# --- administration (python -m api.cli) ---------------------------------------------------------

OFFICE_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def create_office(
    *,
    db: Session,
    office_id: str,
    display_name: str,
    contact_text: str = "",
    allowed_origins: list[str] | None = None,
) -> Office:
    """Creates (and commits) an office. ValueError for a bad id, name or origin, or an id that
    exists already."""
    if not OFFICE_ID_PATTERN.fullmatch(office_id):
        raise ValueError("an office id is 1-64 lower-case letters, digits, '-' or '_'")
    if not display_name.strip() or len(display_name) > limits.OFFICE_DISPLAY_NAME:
        raise ValueError(f"the display name must be 1-{limits.OFFICE_DISPLAY_NAME} characters")
    if forbidden_character(display_name) or forbidden_character(contact_text, multiline=True):
        raise ValueError("the name or the contact text holds a control or bidi character")
    if db.get(Office, office_id) is not None:
        raise ValueError(f"office {office_id!r} exists already")
    origins = sorted({normalise_origin(o) for o in allowed_origins or []})
    office = Office(
        id=office_id,
        display_name=display_name.strip(),
        contact_text=contact_text.strip(),
        allowed_origins=origins,
    )
    db.add(office)
    db.commit()
    return office


def list_keys(*, db: Session, office_id: str | None = None) -> list[ApiKey]:
    query = select(ApiKey).order_by(ApiKey.office_id, ApiKey.id)
    if office_id is not None:
        query = query.where(ApiKey.office_id == office_id)
    return list(db.scalars(query))


def revoke_key(*, db: Session, key_id: int) -> ApiKey:
    """Revokes (and commits) a key by its id; ValueError when there is none or it is revoked."""
    row = db.get(ApiKey, key_id)
    if row is None:
        raise ValueError(f"no staff key with id {key_id}")
    if row.revoked_at is not None:
        raise ValueError(f"staff key {key_id} is revoked already")
    row.revoked_at = utcnow()
    db.commit()
    return row


def rotate_key(*, db: Session, key_id: int) -> tuple[ApiKey, str]:
    """Revokes a key and creates a new one for the same office and label, in one transaction;
    returns the new row and the new key."""
    row = db.get(ApiKey, key_id)
    if row is None or row.revoked_at is not None:
        raise ValueError(f"no live staff key with id {key_id}")
    row.revoked_at = utcnow()
    key = new_key()
    fresh = ApiKey(office_id=row.office_id, key_hash=hash_key(key), label=row.label)
    db.add(fresh)
    db.commit()
    return fresh, key
