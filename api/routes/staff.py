"""Staff API (per-office keys: `Authorization: Bearer <key>` or `X-API-Key`)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import DbSession, StaffOffice
from api.schemas import (
    DirectoryEntryIn,
    DirectoryEntryOut,
    HandoffOut,
    HandoffStatusIn,
    OfficeSettings,
    OfficeSettingsOut,
    UnansweredOut,
)
from api.services import staff as staff_service
from api.services.offices import default_furigana

router = APIRouter(
    prefix="/api/v1/staff",
    tags=["staff"],
    responses={401: {"description": "`unauthorized`: missing or unknown staff key"}},
)


def _settings_out(office: StaffOffice) -> OfficeSettingsOut:
    return OfficeSettingsOut(
        id=office.id,
        display_name=office.display_name,
        allowed_origins=office.allowed_origins,
        contact_text=office.contact_text,
        theme_color=office.theme_color,
        default_furigana=default_furigana(office),
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


@router.get("/unanswered", response_model=list[UnansweredOut])
def get_unanswered(office: StaffOffice, db: DbSession) -> list[UnansweredOut]:
    """Questions the bot answered with its fallback or out-of-scope response, newest first."""
    return [UnansweredOut.model_validate(r) for r in staff_service.unanswered(db=db, office=office)]


@router.get("/handoffs", response_model=list[HandoffOut])
def get_handoffs(office: StaffOffice, db: DbSession) -> list[HandoffOut]:
    """Callback requests, newest first; the transcript only when the user agreed to share it."""
    return staff_service.handoffs(db=db, office=office)


@router.put("/handoffs/{handoff_id}/status", status_code=204)
def put_handoff_status(
    handoff_id: int, body: HandoffStatusIn, office: StaffOffice, db: DbSession
) -> Response:
    """Marks a callback request as `new`, `contacted` or `closed`."""
    staff_service.set_handoff_status(
        db=db, office=office, handoff_id=handoff_id, status=body.status
    )
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
    entry_id: int, body: DirectoryEntryIn, office: StaffOffice, db: DbSession
) -> DirectoryEntryOut:
    entry = staff_service.update_entry(db=db, office=office, entry_id=entry_id, data=body)
    return DirectoryEntryOut.model_validate(entry)


@router.delete("/directory/{entry_id}", status_code=204)
def delete_directory_entry(entry_id: int, office: StaffOffice, db: DbSession) -> Response:
    staff_service.delete_entry(db=db, office=office, entry_id=entry_id)
    return Response(status_code=204)
