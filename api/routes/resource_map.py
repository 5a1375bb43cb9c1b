"""A user's resource map: JSON, exports (A4 HTML, PNG, SVG, text) and deletion.

Knowing the (unguessable, server-made) chat session id is the right to read or delete its
map, as for the history. There is no staff route for maps.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from api.deps import DbSession, OriginHeader, OwnOrigin
from api.errors import ErrorCode, ServiceError
from api.models import ChatSession
from api.schemas import SESSION_ID_PATTERN, ResourceMapOut
from api.services import resource_map as service
from api.services.offices import check_origin, get_office
from bot.resource_map.render.html import render_html
from bot.resource_map.render.png import FontNotFoundError, render_png
from bot.resource_map.render.svg import render_svg
from bot.resource_map.render.text import render_text

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/sessions/{session_id}", tags=["resource map"])

SessionId = Annotated[str, Path(pattern=SESSION_ID_PATTERN)]
ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "The page's origin is not allowed for the session's office"},
    404: {"description": "`session_not_found` or `resource_map_not_found`"},
    422: {"description": "`invalid_session_id`"},
}
# Personal data: never cached, never indexed, no Referer with the session id in it.
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}
# The exports are self-contained: inline CSS only, no scripts.
DOCUMENT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
)


def _check(db: DbSession, session_id: str, own: str, origin: str | None) -> None:
    session = db.get(ChatSession, session_id)
    if session is None:
        raise ServiceError(ErrorCode.SESSION_NOT_FOUND)
    if origin is not None:
        check_origin(
            office=get_office(db=db, office_id=session.office_id), origin=origin, own_origin=own
        )


def _export(body: str | bytes, media_type: str, ext: str, *, csp: bool = False) -> Response:
    headers = {
        **PRIVATE_HEADERS,
        "Content-Disposition": f'inline; filename="resource-map.{ext}"',
    }
    if csp:
        headers["Content-Security-Policy"] = DOCUMENT_CSP
    return Response(body, media_type=media_type, headers=headers)


@router.get("/resource-map", response_model=ResourceMapOut, responses=ERRORS)
def get_resource_map(
    session_id: SessionId,
    db: DbSession,
    own: OwnOrigin,
    response: Response,
    origin: OriginHeader = None,
) -> ResourceMapOut:
    """The session's map as data (`bot.resource_map.ResourceMap.to_dict()`), with what is
    stored about disability types (only with the user's consent; else null)."""
    _check(db, session_id, own, origin)
    row, rmap = service.session_map(db=db, session_id=session_id)
    response.headers.update(PRIVATE_HEADERS)
    return ResourceMapOut(
        session_id=session_id,
        map=rmap.to_dict(),
        disability_types=row.disability_types,
        updated_at=row.updated_at,
    )


@router.get(
    "/resource-map.html",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/html": {}}, "description": "A4 page"}},
)
def get_resource_map_html(
    session_id: SessionId, db: DbSession, own: OwnOrigin, origin: OriginHeader = None
) -> Response:
    """A printable A4 page: the worksheet, then the text version (page 2 in print)."""
    _check(db, session_id, own, origin)
    _row, rmap = service.session_map(db=db, session_id=session_id)
    return _export(render_html(rmap), "text/html; charset=utf-8", "html", csp=True)


@router.get(
    "/resource-map.svg",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"image/svg+xml": {}}, "description": "A4 SVG"}},
)
def get_resource_map_svg(
    session_id: SessionId, db: DbSession, own: OwnOrigin, origin: OriginHeader = None
) -> Response:
    """The worksheet as SVG (A4; `<title>` and `<desc>` with the text version)."""
    _check(db, session_id, own, origin)
    _row, rmap = service.session_map(db=db, session_id=session_id)
    return _export(render_svg(rmap), "image/svg+xml; charset=utf-8", "svg", csp=True)


@router.get(
    "/resource-map.png",
    response_class=Response,
    responses={
        **ERRORS,
        200: {"content": {"image/png": {}}, "description": "1240×1754 px (A4 at 150 dpi)"},
        503: {"description": "`export_unavailable`: no Japanese font or Pillow on the server"},
    },
)
def get_resource_map_png(
    session_id: SessionId, db: DbSession, own: OwnOrigin, origin: OriginHeader = None
) -> Response:
    """The worksheet as PNG (A4 at 150 dpi), drawn with the Noto Sans CJK font."""
    _check(db, session_id, own, origin)
    _row, rmap = service.session_map(db=db, session_id=session_id)
    try:
        png = render_png(rmap)
    except (FontNotFoundError, ImportError) as exc:
        log.error("resource map PNG unavailable: %s", exc)
        raise ServiceError(ErrorCode.EXPORT_UNAVAILABLE) from exc
    return _export(png, "image/png", "png")


@router.get(
    "/resource-map.txt",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/plain": {}}, "description": "text version"}},
)
def get_resource_map_text(
    session_id: SessionId, db: DbSession, own: OwnOrigin, origin: OriginHeader = None
) -> Response:
    """The accessible text version: every contact, in reading order."""
    _check(db, session_id, own, origin)
    _row, rmap = service.session_map(db=db, session_id=session_id)
    return _export(render_text(rmap), "text/plain; charset=utf-8", "txt")


@router.delete("/resource-map", status_code=204, response_class=Response, responses=ERRORS)
def delete_resource_map(
    session_id: SessionId, db: DbSession, own: OwnOrigin, origin: OriginHeader = None
) -> Response:
    """Deletes the map and its contacts for real (the rows are removed)."""
    _check(db, session_id, own, origin)
    if not service.delete_map(db=db, session_id=session_id):
        raise ServiceError(ErrorCode.RESOURCE_MAP_NOT_FOUND)
    db.commit()
    return Response(status_code=204)
