"""Resource maps (issue 4): persistence of the bot's map messages, directory suggestions, exports.

The action server never touches the database. It announces the current map in custom messages
(see docs/api.md, "From Rasa to the API"); `ResourceMapRelay` is called by the chat relay for
them, inside the chat turn's transaction (the chat service commits it). The routes call
`session_map`, `export` and `delete_session_map`, which commits. The map itself is validated by
`bot.resource_map.model` and drawn by `bot.resource_map.render`. Errors are `ServiceError`s.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from enum import Enum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import (
    DirectoryEntry,
    UserResourceMap,
    UserResourceMapEntry,
    utcnow,
)
from api.schemas import Button, Link
from bot.resource_map.model import (
    LIFE_AREAS,
    AreaSection,
    Contact,
    LifeArea,
    ResourceMap,
    parse_area,
    profile_to_store,
)
from bot.resource_map.render.html import render_html
from bot.resource_map.render.png import FontNotFoundError, render_png
from bot.resource_map.render.svg import render_svg
from bot.resource_map.render.text import render_text
from bot.resource_map.suggestions import LocalSuggestion, merge_suggestions
from bot.resource_map.validation import ResourceMapError

log = logging.getLogger(__name__)


class ExportFormat(str, Enum):
    """The formats of `/sessions/{id}/resource-map.<format>` (the value is the suffix)."""

    HTML = "html"
    PNG = "png"
    SVG = "svg"
    TXT = "txt"


# The links under a saved map, in this order.
EXPORT_TITLES: dict[ExportFormat, str] = {
    ExportFormat.HTML: "マップを見る（印刷用）",
    ExportFormat.PNG: "画像（PNG）",
    ExportFormat.SVG: "SVG",
    ExportFormat.TXT: "文字だけの版",
}
SAVED_TEXT = "リソースマップを保存しました。"


# --- storage -------------------------------------------------------------------------


def find_map(*, db: Session, session_id: str) -> UserResourceMap | None:
    return db.scalar(select(UserResourceMap).where(UserResourceMap.session_id == session_id))


def save_map(
    *,
    db: Session,
    session_id: str,
    rmap: ResourceMap,
    disability_types: Iterable[str] | None,
) -> UserResourceMap:
    """Upserts the session's map: goal, skipped areas, and the contacts (replaced as a whole).

    Disability types are kept only when a non-empty list of known types is given (the bot
    sends them only after the user consented); otherwise the stored value is cleared.
    """
    types = sorted(t.value for t in profile_to_store(disability_types or (), consented=True))
    row = find_map(db=db, session_id=session_id)
    if row is None:
        row = UserResourceMap(session_id=session_id)
        db.add(row)
    row.goal = rmap.goal
    row.skipped_areas = [s.area.value for s in rmap.sections if s.skipped]
    row.disability_types = types or None
    row.updated_at = utcnow()
    db.flush()
    db.execute(delete(UserResourceMapEntry).where(UserResourceMapEntry.map_id == row.id))
    for section in rmap.sections:
        for position, contact in enumerate(section.contacts):
            db.add(
                UserResourceMapEntry(
                    map_id=row.id, area=section.area.value, position=position, **contact.to_dict()
                )
            )
    db.flush()
    return row


def delete_map(*, db: Session, session_id: str) -> bool:
    """Deletes the map and its contacts (the rows, not a flag), in the caller's transaction.
    False when there was none."""
    row = find_map(db=db, session_id=session_id)
    if row is None:
        return False
    db.execute(delete(UserResourceMapEntry).where(UserResourceMapEntry.map_id == row.id))
    db.execute(delete(UserResourceMap).where(UserResourceMap.id == row.id))
    return True


def delete_session_map(*, db: Session, session_id: str) -> None:
    """Deletes the session's map for good (committed); `resource_map_not_found` when none."""
    if not delete_map(db=db, session_id=session_id):
        raise ServiceError(ErrorCode.RESOURCE_MAP_NOT_FOUND)
    db.commit()


def load_map(*, db: Session, row: UserResourceMap) -> ResourceMap:
    """The stored map as a `bot.resource_map.ResourceMap`."""
    entries = db.scalars(
        select(UserResourceMapEntry)
        .where(UserResourceMapEntry.map_id == row.id)
        .order_by(UserResourceMapEntry.area, UserResourceMapEntry.position)
    )
    contacts: dict[LifeArea, list[Contact]] = {area: [] for area in LIFE_AREAS}
    for e in entries:
        contacts[LifeArea(e.area)].append(
            Contact.create(
                name_or_role=e.name_or_role,
                organisation=e.organisation,
                about=e.about,
                how_to_contact=e.how_to_contact,
                phone=e.phone,
                url=e.url,
            )
        )
    skipped = set(row.skipped_areas or [])
    sections = tuple(
        AreaSection(area, tuple(contacts[area]), area.value in skipped and not contacts[area])
        for area in LIFE_AREAS
    )
    return ResourceMap.create(goal=row.goal, sections=sections)


def session_map(*, db: Session, session_id: str) -> tuple[UserResourceMap, ResourceMap]:
    """The session's stored map (its row and the map); `resource_map_not_found` when none."""
    row = find_map(db=db, session_id=session_id)
    if row is None:
        raise ServiceError(ErrorCode.RESOURCE_MAP_NOT_FOUND)
    return row, load_map(db=db, row=row)


def export(*, rmap: ResourceMap, fmt: ExportFormat) -> str | bytes:
    """The map as a document: A4 HTML, PNG, SVG or the text version.

    `export_unavailable` when the PNG cannot be drawn here (no Japanese font, or no Pillow); the
    other formats need neither.
    """
    if fmt is ExportFormat.PNG:
        try:
            return render_png(rmap)
        except (FontNotFoundError, ImportError) as exc:
            log.error("resource map PNG unavailable: %s", exc)
            raise ServiceError(ErrorCode.EXPORT_UNAVAILABLE) from exc
    if fmt is ExportFormat.HTML:
        return render_html(rmap)
    if fmt is ExportFormat.SVG:
        return render_svg(rmap)
    return render_text(rmap)


# --- the office's directory as suggestion buttons -------------------------------------


def local_suggestions(*, db: Session, office_id: str) -> list[LocalSuggestion]:
    """The office's directory, in its order, as the bot offers it. Entries the domain does not
    accept (no known area of life; values the staff API refuses today but once accepted) are
    left out and logged."""
    out = []
    rows = db.scalars(
        select(DirectoryEntry)
        .where(DirectoryEntry.office_id == office_id)
        .order_by(DirectoryEntry.id)
    )
    for row in rows:
        try:
            out.append(
                LocalSuggestion.create(
                    name=row.name,
                    area=row.area_of_life,
                    phone=row.phone,
                    hours=row.hours,
                    url=row.url,
                )
            )
        except ResourceMapError as exc:
            codes = [c.value for c in exc.codes]
            log.info("directory entry %s left out of suggestions: %s", row.id, codes)
    return out


def suggestion_buttons(
    *, db: Session, office_id: str, spec: dict[str, Any], existing: list[Button]
) -> list[Button]:
    """The message's buttons with the office's entries for `spec["area"]` in front, by the
    bot's rule (`bot.resource_map.suggestions.merge_suggestions`)."""
    area = parse_area(str(spec.get("area") or ""))
    if area is None:
        log.warning("ignoring resource_map_suggestions without a known area: %r", spec)
        return existing
    merged = merge_suggestions(
        [(b.title, b.payload) for b in existing],
        local_suggestions(db=db, office_id=office_id),
        area=area,
    )
    return [Button(title=title, payload=payload) for title, payload in merged]


# --- the relay's hook ------------------------------------------------------------------


def export_links(*, base_url: str, session_id: str) -> list[Link]:
    return [
        Link(title=title, url=f"{base_url}/sessions/{session_id}/resource-map.{fmt.value}")
        for fmt, title in EXPORT_TITLES.items()
    ]


class ResourceMapRelay:
    """Handles the resource-map custom messages of one chat turn (see docs/api.md)."""

    def __init__(self, *, db: Session, session_id: str, office_id: str, base_url: str) -> None:
        self.db = db
        self.session_id = session_id
        self.office_id = office_id
        self.base_url = base_url

    def store(self, data: Any) -> list[Link] | None:
        """Stores `{"map": ..., "disability_types": [...] | null}`; returns links to the exports.
        None (and nothing stored) when the data does not validate."""
        if not isinstance(data, dict) or not isinstance(data.get("map"), dict):
            log.warning("ignoring a resource_map message without a map")
            return None
        try:
            rmap = ResourceMap.from_dict(data["map"])
        except ResourceMapError as exc:
            log.warning("ignoring an invalid resource map: %s", [c.value for c in exc.codes])
            return None
        types = data.get("disability_types")
        if isinstance(types, list) and all(isinstance(t, str) for t in types):
            given: list[str] | None = types
        else:
            given = None
        save_map(db=self.db, session_id=self.session_id, rmap=rmap, disability_types=given)
        return export_links(base_url=self.base_url, session_id=self.session_id)

    def delete(self) -> None:
        """Deletes the session's map (nothing to delete is fine)."""
        delete_map(db=self.db, session_id=self.session_id)

    def suggestions(self, spec: Any, existing: list[Button]) -> list[Button]:
        """The previous message's buttons with the office's local entries added."""
        if not isinstance(spec, dict):
            return existing
        return suggestion_buttons(
            db=self.db, office_id=self.office_id, spec=spec, existing=existing
        )
