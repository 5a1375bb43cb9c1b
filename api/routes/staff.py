"""Staff API (per-office keys: `Authorization: Bearer <key>` or `X-API-Key`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from api import limits
from api.deps import DbSession, RowId, StaffKey, StaffOffice
from api.schemas import (
    AuditEntryOut,
    DirectoryEntryIn,
    DirectoryEntryOut,
    HandoffOut,
    HandoffStatus,
    HandoffStatusIn,
    OfficeSettings,
    OfficeSettingsOut,
    UnansweredOut,
)
from api.services import audit
from api.services import staff as staff_service
from api.services.offices import default_furigana
from api.services.paging import Page

router = APIRouter(
    prefix="/api/v1/staff",
    tags=["staff"],
    responses={
        401: {"description": "`unauthorized`: missing, unknown or revoked staff key"},
        429: {"description": "`rate_limited`: too many wrong keys from this address"},
    },
)


def _settings_out(office: StaffOffice) -> OfficeSettingsOut:
    return OfficeSettingsOut(
        id=office.id,
        display_name=office.display_name,
        allowed_origins=office.allowed_origins,
        contact_text=office.contact_text,
        theme_color=office.theme_color,
        default_furigana=default_furigana(office),
        retention_days=office.retention_days,
    )


@router.get("/settings", response_model=OfficeSettingsOut)
def get_office_settings(office: StaffOffice) -> OfficeSettingsOut:
    """The office's settings."""
    return _settings_out(office)


@router.put("/settings", response_model=OfficeSettingsOut)
def put_office_settings(
    body: OfficeSettings, office: StaffOffice, db: DbSession
) -> OfficeSettingsOut:
    """Replaces the office's settings (allowed origins are normalised to scheme://host[:port])."""
    return _settings_out(staff_service.update_settings(db=db, office=office, data=body))


def page(
    limit: Annotated[
        int, Query(ge=1, le=limits.STAFF_PAGE_MAX, description="Rows per page, newest first.")
    ] = limits.STAFF_PAGE_DEFAULT,
    before_id: Annotated[
        int | None,
        Query(ge=1, le=limits.ROW_ID_MAX, description="The next page: the last page's lowest id."),
    ] = None,
) -> Page:
    return Page(limit=limit, before_id=before_id)


PageDep = Annotated[Page, Depends(page)]


@router.get("/unanswered", response_model=list[UnansweredOut])
def get_unanswered(
    key: StaffKey,
    db: DbSession,
    paging: PageDep,
    reason: Annotated[Literal["fallback", "out_of_scope"] | None, Query()] = None,
) -> list[UnansweredOut]:
    """Questions the bot answered with its fallback or out-of-scope response, newest first, a
    page at a time (recorded in the audit log)."""
    rows = staff_service.unanswered(db=db, key=key, page=paging, reason=reason)
    return [UnansweredOut.model_validate(r) for r in rows]


@router.get("/handoffs", response_model=list[HandoffOut])
def get_handoffs(
    key: StaffKey,
    db: DbSession,
    paging: PageDep,
    status: Annotated[HandoffStatus | None, Query()] = None,
) -> list[HandoffOut]:
    """Callback requests, newest first, a page at a time; the transcript only when the user
    agreed to share it (recorded in the audit log)."""
    return staff_service.handoffs(db=db, key=key, page=paging, status=status)


@router.get("/audit-log", response_model=list[AuditEntryOut])
def get_audit_log(office: StaffOffice, db: DbSession, paging: PageDep) -> list[AuditEntryOut]:
    """Which staff key read which personal data, and when; newest first."""
    entries = audit.entries(db=db, office=office, page=paging)
    return [AuditEntryOut.model_validate(e) for e in entries]


@router.put("/handoffs/{handoff_id}/status", status_code=204)
def put_handoff_status(
    handoff_id: RowId, body: HandoffStatusIn, office: StaffOffice, db: DbSession
) -> Response:
    """Marks a callback request as `new`, `contacted` or `closed`."""
    staff_service.set_handoff_status(
        db=db, office=office, handoff_id=handoff_id, status=body.status
    )
    return Response(status_code=204)


@router.delete("/handoffs/{handoff_id}", status_code=204)
def delete_handoff(handoff_id: RowId, office: StaffOffice, db: DbSession) -> Response:
    """Deletes a callback request for good (e.g. when the person asks for it); the
    conversation it came from stays the user's."""
    staff_service.delete_handoff(db=db, office=office, handoff_id=handoff_id)
    return Response(status_code=204)


@router.get("/directory", response_model=list[DirectoryEntryOut])
def list_directory(office: StaffOffice, db: DbSession) -> list[DirectoryEntryOut]:
    """The office directory (local contacts by area of life)."""
    return [
        DirectoryEntryOut.model_validate(e) for e in staff_service.directory(db=db, office=office)
    ]


@router.post("/directory", response_model=DirectoryEntryOut, status_code=201)
def create_directory_entry(
    body: DirectoryEntryIn, office: StaffOffice, db: DbSession
) -> DirectoryEntryOut:
    return DirectoryEntryOut.model_validate(
        staff_service.create_entry(db=db, office=office, data=body)
    )


@router.put("/directory/{entry_id}", response_model=DirectoryEntryOut)
def update_directory_entry(
    entry_id: RowId, body: DirectoryEntryIn, office: StaffOffice, db: DbSession
) -> DirectoryEntryOut:
    entry = staff_service.update_entry(db=db, office=office, entry_id=entry_id, data=body)
    return DirectoryEntryOut.model_validate(entry)


@router.delete("/directory/{entry_id}", status_code=204)
def delete_directory_entry(entry_id: RowId, office: StaffOffice, db: DbSession) -> Response:
    staff_service.delete_entry(db=db, office=office, entry_id=entry_id)
    return Response(status_code=204)
