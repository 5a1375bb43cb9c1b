"""Retention: each office keeps conversations, callback requests and resource maps for its
`retention_days` (default 90), then `python -m api.cli purge` deletes them (APPI: what users tell
the bot about disability and health is 要配慮個人情報, kept no longer than needed).

For each office, with `cutoff` = now − retention_days:

1. sessions idle since before the cutoff go as a whole, a batch at a time: first Rasa's tracker
   of each (so a failure leaves the session in place, to be purged on the next run, and never a
   tracker nobody can find again), then in one transaction the session's map, history and
   unanswered questions and the session itself; callback requests lose their transcript link. A
   session that came back in the meantime is kept (the cutoff is checked again);
2. in the sessions that stay, messages written and maps last changed before the cutoff;
3. unanswered questions and callback requests created before the cutoff.

The staff audit log is purged after AUDIT_LOG_RETENTION_DAYS (api.services.audit.purge).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import partial
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from api.models import (
    ChatMessage,
    ChatSession,
    HandoffRequest,
    Office,
    UnansweredQuestion,
    UserResourceMap,
    UserResourceMapEntry,
)
from api.services.chat import sender_for
from api.services.trackers import TrackerStore
from api.services.transactions import commit

log = logging.getLogger(__name__)

BATCH = 500


class TrackerPurgeFailed(Exception):
    """Rasa's tracker store could not be reached; the sessions of that batch are kept."""


@dataclass
class PurgeReport:
    sessions: int = 0
    messages: int = 0
    maps: int = 0
    unanswered: int = 0
    handoffs: int = 0
    trackers: int = 0

    def add(self, other: PurgeReport) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def __str__(self) -> str:
        return ", ".join(f"{f.name} {getattr(self, f.name)}" for f in fields(self))


def _count(db: Session, statement: Delete) -> int:
    return int(cast(CursorResult[Any], db.execute(statement)).rowcount)


def _delete_maps(db: Session, map_ids: Any) -> int:
    db.execute(delete(UserResourceMapEntry).where(UserResourceMapEntry.map_id.in_(map_ids)))
    return _count(db, delete(UserResourceMap).where(UserResourceMap.id.in_(map_ids)))


def _delete_sessions(db: Session, session_ids: list[str], cutoff: datetime) -> PurgeReport:
    """Deletes the sessions still idle since before `cutoff`, with all that hangs on them."""
    report = PurgeReport()
    idle = list(
        db.scalars(
            select(ChatSession.id).where(
                ChatSession.id.in_(session_ids), ChatSession.last_seen_at < cutoff
            )
        )
    )
    if not idle:
        return report
    maps = select(UserResourceMap.id).where(UserResourceMap.session_id.in_(idle))
    report.maps = _delete_maps(db, maps)
    report.messages = _count(db, delete(ChatMessage).where(ChatMessage.session_id.in_(idle)))
    report.unanswered = _count(
        db, delete(UnansweredQuestion).where(UnansweredQuestion.session_id.in_(idle))
    )
    db.execute(
        update(HandoffRequest)
        .where(HandoffRequest.session_id.in_(idle))
        .values(session_id=None, share_transcript=False)
    )
    report.sessions = _count(db, delete(ChatSession).where(ChatSession.id.in_(idle)))
    return report


def purge_office(
    *, db: Session, trackers: TrackerStore | None, office: Office, now: datetime, salt: str
) -> PurgeReport:
    """Deletes what `office` keeps beyond its retention period (see the module docstring)."""
    cutoff = now - timedelta(days=office.retention_days)
    office_id = office.id
    report = PurgeReport()
    while True:
        session_ids = list(
            db.scalars(
                select(ChatSession.id)
                .where(ChatSession.office_id == office_id, ChatSession.last_seen_at < cutoff)
                .order_by(ChatSession.last_seen_at)
                .limit(BATCH)
            )
        )
        db.rollback()  # no read transaction stays open while Rasa's database is asked
        if not session_ids:
            break
        if trackers is not None:
            for sid in session_ids:
                try:
                    report.trackers += (
                        1 if trackers.delete(sender_for(session_id=sid, salt=salt)) else 0
                    )
                except SQLAlchemyError as exc:
                    raise TrackerPurgeFailed(str(exc)) from exc
        report.add(commit(db, partial(_delete_sessions, db, session_ids, cutoff)))
        if len(session_ids) < BATCH:
            break

    def old_rows() -> PurgeReport:
        part = PurgeReport()
        sessions = select(ChatSession.id).where(ChatSession.office_id == office_id)
        part.messages = _count(
            db,
            delete(ChatMessage).where(
                ChatMessage.session_id.in_(sessions), ChatMessage.created_at < cutoff
            ),
        )
        stale = select(UserResourceMap.id).where(
            UserResourceMap.session_id.in_(sessions), UserResourceMap.updated_at < cutoff
        )
        part.maps = _delete_maps(db, stale)
        part.unanswered = _count(
            db,
            delete(UnansweredQuestion).where(
                UnansweredQuestion.office_id == office_id, UnansweredQuestion.created_at < cutoff
            ),
        )
        part.handoffs = _count(
            db,
            delete(HandoffRequest).where(
                HandoffRequest.office_id == office_id, HandoffRequest.created_at < cutoff
            ),
        )
        return part

    report.add(commit(db, old_rows))
    return report


def purge(
    *, db: Session, trackers: TrackerStore | None, now: datetime, salt: str
) -> dict[str, PurgeReport]:
    """`purge_office` for every office; the reports by office id."""
    offices = list(db.scalars(select(Office).order_by(Office.id)))
    db.rollback()
    reports = {}
    for office in offices:
        reports[office.id] = purge_office(
            db=db, trackers=trackers, office=office, now=now, salt=salt
        )
        log.info("purged office %s: %s", office.id, reports[office.id])
    return reports
