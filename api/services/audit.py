"""The staff audit log: every read of personal data by staff (which key, what, when).

The staff views record their reads here before they answer (api.services.staff); staff list the
log with `GET /api/v1/staff/audit-log`; `python -m api.cli purge` deletes entries older than
AUDIT_LOG_RETENTION_DAYS. An entry holds row ids and filters, never the data that was read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from api.models import ApiKey, Office, StaffAuditEntry
from api.services.paging import Page, paged
from api.services.transactions import commit


def record(*, db: Session, key: ApiKey, action: str, detail: dict[str, Any]) -> None:
    """Writes (and commits) one entry; a database that stays busy raises, so nothing is sent
    that the log does not show."""

    def write() -> None:
        db.add(
            StaffAuditEntry(
                office_id=key.office_id,
                api_key_id=key.id,
                api_key_label=key.label,
                action=action,
                detail=detail,
            )
        )

    commit(db, write)


def entries(*, db: Session, office: Office, page: Page) -> list[StaffAuditEntry]:
    """The office's entries, newest first."""
    query = select(StaffAuditEntry).where(StaffAuditEntry.office_id == office.id)
    return list(db.scalars(paged(query, StaffAuditEntry.id, page)))


def purge(*, db: Session, before: datetime) -> int:
    """Deletes (and commits) the entries older than `before`; returns how many went."""
    result = db.execute(delete(StaffAuditEntry).where(StaffAuditEntry.created_at < before))
    db.commit()
    return int(cast(CursorResult[Any], result).rowcount)
