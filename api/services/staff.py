"""Staff views: unanswered questions, handoff requests, directory, settings.

What staff read of personal data (the callback requests with their transcripts, the unanswered
questions) is recorded in the audit log before it is sent (api.services.audit). Staff never get a
session id, nor a link that holds one: a session id opens the history and the resource map, which
the user shared only when they ticked 「この会話の記録も送る」, and then only as the transcript
(security review M3).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import ApiKey, DirectoryEntry, HandoffRequest, Office, UnansweredQuestion
from api.schemas import ChatMessageOut, DirectoryEntryIn, HandoffOut, OfficeSettings
from api.services import audit
from api.services.history import history
from api.services.offices import normalise_origin
from api.services.paging import Page, paged


def unanswered(
    *, db: Session, key: ApiKey, page: Page, reason: str | None = None
) -> list[UnansweredQuestion]:
    """The office's unanswered questions, newest first (audited)."""
    query = select(UnansweredQuestion).where(UnansweredQuestion.office_id == key.office_id)
    if reason is not None:
        query = query.where(UnansweredQuestion.reason == reason)
    rows = list(db.scalars(paged(query, UnansweredQuestion.id, page)))
    if rows:
        detail = {"ids": [r.id for r in rows], "reason": reason}
        audit.record(db=db, key=key, action="unanswered.list", detail=detail)
    return rows


def transcript_for_staff(*, db: Session, office: Office, session_id: str) -> list[ChatMessageOut]:
    """The shared transcript without the links that hold the session id (the map exports)."""
    messages = history(db=db, office=office, session_id=session_id)
    for message in messages:
        message.links = [link for link in message.links if session_id not in link.url]
    return messages


def handoffs(
    *, db: Session, key: ApiKey, page: Page, status: str | None = None
) -> list[HandoffOut]:
    """The office's callback requests, newest first, with the transcripts the users shared
    (audited)."""
    office = key.office
    query = select(HandoffRequest).where(HandoffRequest.office_id == office.id)
    if status is not None:
        query = query.where(HandoffRequest.status == status)
    out = []
    with_transcript = []
    for row in db.scalars(paged(query, HandoffRequest.id, page)):
        item = HandoffOut.model_validate(row)
        if row.share_transcript and row.session_id:
            item.transcript = transcript_for_staff(db=db, office=office, session_id=row.session_id)
            with_transcript.append(row.id)
        out.append(item)
    if out:
        detail = {"ids": [h.id for h in out], "transcripts": with_transcript, "status": status}
        audit.record(db=db, key=key, action="handoffs.list", detail=detail)
    return out


def _handoff(*, db: Session, office: Office, handoff_id: int) -> HandoffRequest:
    row = db.get(HandoffRequest, handoff_id)
    if row is None or row.office_id != office.id:
        raise ServiceError(ErrorCode.NOT_FOUND)
    return row


def set_handoff_status(*, db: Session, office: Office, handoff_id: int, status: str) -> None:
    _handoff(db=db, office=office, handoff_id=handoff_id).status = status
    db.commit()


def delete_handoff(*, db: Session, office: Office, handoff_id: int) -> None:
    db.delete(_handoff(db=db, office=office, handoff_id=handoff_id))
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
    if data.retention_days is not None:
        office.retention_days = data.retention_days
    db.commit()
    return office
