"""Resource maps (issue 4): persistence of the bot's map messages, directory suggestions, exports.

The action server never touches the database. It announces the current map in custom messages
(see docs/api.md, "From Rasa to the API"); `ResourceMapRelay` is called by the chat relay for
them. The map itself is validated by `bot.resource_map.model` and drawn by `bot.resource_map.render.layout`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.errors import ErrorCode, ServiceError
from api.models import (
    ChatSession,
    DirectoryEntry,
    UserResourceMap,
    UserResourceMapEntry,
    utcnow,
)
from api.schemas import Button, Link
from bot.protocol import is_payload
from bot.resource_map.model import (
    LIFE_AREAS,
    AreaSection,
    Contact,
    LifeArea,
    ResourceMap,
    ResourceMapError,
    filter_directory,
    parse_area,
    profile_to_store,
)
from bot.resource_map.model import DirectoryEntry as LocalEntry

log = logging.getLogger(__name__)

# A message shows at most this many buttons once the office's local entries are added,
# of which at most MAX_LOCAL_BUTTONS are local entries.
MAX_BUTTONS = 8
MAX_LOCAL_BUTTONS = 3
SUGGEST_INTENT = "/rmap_choice"
EXPORTS: tuple[tuple[str, str], ...] = (
    ("html", "マップを見る（印刷用）"),
    ("png", "画像（PNG）"),
    ("svg", "SVG"),
    ("txt", "文字だけの版"),
)
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
    """Deletes the map and its contacts (the rows, not a flag). False when there was none."""
    row = find_map(db=db, session_id=session_id)
    if row is None:
        return False
    db.execute(delete(UserResourceMapEntry).where(UserResourceMapEntry.map_id == row.id))
    db.execute(delete(UserResourceMap).where(UserResourceMap.id == row.id))
    return True


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
            Contact(
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
    return ResourceMap(goal=row.goal, sections=sections)


def session_map(*, db: Session, session_id: str) -> tuple[UserResourceMap, ResourceMap]:
    """The session's stored map; `session_not_found` / `resource_map_not_found` otherwise."""
    if db.get(ChatSession, session_id) is None:
        raise ServiceError(ErrorCode.SESSION_NOT_FOUND)
    row = find_map(db=db, session_id=session_id)
    if row is None:
        raise ServiceError(ErrorCode.RESOURCE_MAP_NOT_FOUND)
    return row, load_map(db=db, row=row)


# --- the office's directory as suggestion buttons -------------------------------------


def local_entries(*, db: Session, office_id: str) -> list[LocalEntry]:
    """The office's directory as `bot.resource_map.DirectoryEntry` (entries that do not
    validate there, e.g. without a known area of life, are left out)."""
    out = []
    rows = db.scalars(
        select(DirectoryEntry)
        .where(DirectoryEntry.office_id == office_id)
        .order_by(DirectoryEntry.id)
    )
    for row in rows:
        area = parse_area(row.area_of_life)
        if area is None:
            continue
        try:
            out.append(
                LocalEntry(
                    name=row.name,
                    category="",
                    area=area,
                    municipality=row.municipality or None,
                    is_sample=row.is_sample,
                )
            )
        except ResourceMapError as exc:
            log.info("directory entry %s left out of suggestions: %s", row.id, exc.codes)
    return out


def suggestion_payload(name: str) -> str:
    """`/rmap_choice{"choice":"suggest:<name>"}` with the name JSON-escaped."""
    choice = json.dumps({"choice": f"suggest:{name}"}, ensure_ascii=False, separators=(",", ":"))
    return SUGGEST_INTENT + choice


def is_suggestion(button: Button) -> bool:
    """A general suggestion of the bot: `/rmap_choice{"choice": "suggest:…"}`."""
    if not button.payload.startswith(SUGGEST_INTENT + "{"):
        return False
    try:
        data = json.loads(button.payload[len(SUGGEST_INTENT) :])
    except ValueError:
        return False
    return isinstance(data, dict) and str(data.get("choice", "")).startswith("suggest:")


def suggestion_buttons(
    *, db: Session, office_id: str, spec: dict[str, Any], existing: list[Button]
) -> list[Button]:
    """The message's buttons with the office's local entries that fit `spec` (area, prefecture,
    municipality) in front.

    Local entries come first (as in `bot.resource_map.merge_suggestions`), at most
    `MAX_LOCAL_BUTTONS`; to keep the message at `MAX_BUTTONS`, the bot's general suggestions are
    dropped from the end, never its other buttons (own input, skip, …). Names already shown and
    payloads that would not pass the chat's payload check are left out.
    """
    area = parse_area(str(spec.get("area") or ""))
    if area is None:
        log.warning("ignoring resource_map_suggestions without a known area: %r", spec)
        return existing

    def place(key: str) -> str | None:
        value = spec.get(key)
        return value if isinstance(value, str) and value.strip() else None

    entries = filter_directory(
        local_entries(db=db, office_id=office_id),
        prefecture=place("prefecture"),
        municipality=place("municipality"),
        area=area,
    )
    general = [i for i, b in enumerate(existing) if is_suggestion(b)]
    slots = MAX_BUTTONS - (len(existing) - len(general))
    seen = {b.title for b in existing}
    local: list[Button] = []
    for entry in entries:
        if len(local) >= min(MAX_LOCAL_BUTTONS, slots):
            break
        payload = suggestion_payload(entry.name)
        if entry.name in seen or not is_payload(payload):
            continue
        seen.add(entry.name)
        local.append(Button(title=entry.name, payload=payload))
    if not local:
        return existing
    dropped = set(general[max(slots - len(local), 0) :])
    return local + [b for i, b in enumerate(existing) if i not in dropped]


# --- the relay's hook ------------------------------------------------------------------


def export_links(*, base_url: str, session_id: str) -> list[Link]:
    return [
        Link(title=title, url=f"{base_url}/sessions/{session_id}/resource-map.{ext}")
        for ext, title in EXPORTS
    ]


class ResourceMapRelay:
    """Handles the resource-map custom messages of one chat turn (see docs/api.md)."""

    def __init__(self, *, db: Session, session_id: str, office_id: str, base_url: str) -> None:
        self.db = db
        self.session_id = session_id
        self.office_id = office_id
        self.base_url = base_url

    def store(self, data: Any) -> list[Link] | None:
        """`{"map": ..., "disability_types": [...] | null}` → stored; links to the exports.
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
        delete_map(db=self.db, session_id=self.session_id)

    def suggestions(self, spec: Any, existing: list[Button]) -> list[Button]:
        """The previous message's buttons with the office's local entries added."""
        if not isinstance(spec, dict):
            return existing
        return suggestion_buttons(
            db=self.db, office_id=self.office_id, spec=spec, existing=existing
        )
