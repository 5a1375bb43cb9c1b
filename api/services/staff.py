"""Staff views: unanswered questions, handoff requests, directory, settings."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import DirectoryEntry, HandoffRequest, Office, UnansweredQuestion
from api.schemas import DirectoryEntryIn, HandoffOut, OfficeSettings
from api.services.history import history
from api.services.offices import normalise_origin

LIST_LIMIT = 500


def unanswered(*, db: Session, office: Office) -> list[UnansweredQuestion]:
    return list(
        db.scalars(
            select(UnansweredQuestion)
            .where(UnansweredQuestion.office_id == office.id)
            .order_by(UnansweredQuestion.id.desc())
            .limit(LIST_LIMIT)
        )
    )


def handoffs(*, db: Session, office: Office) -> list[HandoffOut]:
    rows = db.scalars(
        select(HandoffRequest)
        .where(HandoffRequest.office_id == office.id)
        .order_by(HandoffRequest.id.desc())
        .limit(LIST_LIMIT)
    )
    out = []
    for row in rows:
        item = HandoffOut.model_validate(row)
        if row.share_transcript and row.session_id:
            item.transcript = history(db=db, office=office, session_id=row.session_id)
        out.append(item)
    return out


def set_handoff_status(*, db: Session, office: Office, handoff_id: int, status: str) -> None:
    row = db.get(HandoffRequest, handoff_id)
    if row is None or row.office_id != office.id:
        raise ServiceError(ErrorCode.NOT_FOUND)
    row.status = status
    db.commit()


def directory(*, db: Session, office: Office) -> list[DirectoryEntry]:
    return list(
        db.scalars(
            select(DirectoryEntry)
            .where(DirectoryEntry.office_id == office.id)
            .order_by(DirectoryEntry.id)
        )
    )


def _entry(*, db: Session, office: Office, entry_id: int) -> DirectoryEntry:
    entry = db.get(DirectoryEntry, entry_id)
    if entry is None or entry.office_id != office.id:
        raise ServiceError(ErrorCode.ENTRY_NOT_FOUND)
    return entry


def create_entry(*, db: Session, office: Office, data: DirectoryEntryIn) -> DirectoryEntry:
    entry = DirectoryEntry(office_id=office.id, is_sample=False, **data.model_dump())
    db.add(entry)
    db.commit()
    return entry


def update_entry(
    *, db: Session, office: Office, entry_id: int, data: DirectoryEntryIn
) -> DirectoryEntry:
    entry = _entry(db=db, office=office, entry_id=entry_id)
    for key, value in data.model_dump().items():
        setattr(entry, key, value)
    db.commit()
    return entry


def delete_entry(*, db: Session, office: Office, entry_id: int) -> None:
    db.delete(_entry(db=db, office=office, entry_id=entry_id))
    db.commit()


def update_settings(*, db: Session, office: Office, data: OfficeSettings) -> Office:
    try:
        origins = sorted({normalise_origin(o) for o in data.allowed_origins})
    except ValueError as exc:
        raise ServiceError(ErrorCode.INVALID_SETTINGS) from exc
    office.display_name = data.display_name
    office.allowed_origins = origins
    office.contact_text = data.contact_text
    office.theme_color = data.theme_color
    office.default_furigana = data.default_furigana
    db.commit()
    return office
