"""A user's resource map: JSON, exports (A4 HTML, PNG, SVG, text) and deletion.

Knowing the (unguessable, server-made) chat session id is the right to read or delete its
map, as for the history (`SessionForOrigin`). There is no staff route for maps.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from api.deps import DbSession, SessionForOrigin
from api.models import ChatSession
from api.schemas import ResourceMapOut
from api.services import resource_map as service
from api.services.resource_map import ExportFormat

router = APIRouter(prefix="/api/v1/sessions/{session_id}", tags=["resource map"])

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
# Media type, and whether the document gets DOCUMENT_CSP (it can hold markup).
MEDIA_TYPES: dict[ExportFormat, tuple[str, bool]] = {
    ExportFormat.HTML: ("text/html; charset=utf-8", True),
    ExportFormat.PNG: ("image/png", False),
    ExportFormat.SVG: ("image/svg+xml; charset=utf-8", True),
    ExportFormat.TXT: ("text/plain; charset=utf-8", False),
}


def _document(db: DbSession, session: ChatSession, fmt: ExportFormat) -> Response:
    _row, rmap = service.session_map(db=db, session_id=session.id)
    media_type, csp = MEDIA_TYPES[fmt]
    headers = {
        **PRIVATE_HEADERS,
        "Content-Disposition": f'inline; filename="resource-map.{fmt.value}"',
    }
    if csp:
        headers["Content-Security-Policy"] = DOCUMENT_CSP
    return Response(service.export(rmap=rmap, fmt=fmt), media_type=media_type, headers=headers)


@router.get("/resource-map", response_model=ResourceMapOut, responses=ERRORS)
def get_resource_map(
    session: SessionForOrigin, db: DbSession, response: Response
) -> ResourceMapOut:
    """The session's map as data (`bot.resource_map.ResourceMap.to_dict()`), with what is
    stored about disability types (only with the user's consent; else null)."""
    row, rmap = service.session_map(db=db, session_id=session.id)
    response.headers.update(PRIVATE_HEADERS)
    return ResourceMapOut(
        session_id=session.id,
        map=rmap.to_dict(),
        disability_types=row.disability_types,
        updated_at=row.updated_at,
    )


@router.get(
    "/resource-map.html",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/html": {}}, "description": "A4 page"}},
)
def get_resource_map_html(session: SessionForOrigin, db: DbSession) -> Response:
    """A printable A4 page: the worksheet, then the text version (page 2 in print)."""
    return _document(db, session, ExportFormat.HTML)


@router.get(
    "/resource-map.svg",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"image/svg+xml": {}}, "description": "A4 SVG"}},
)
def get_resource_map_svg(session: SessionForOrigin, db: DbSession) -> Response:
    """The worksheet as SVG (A4; `<title>` and `<desc>` with the text version)."""
    return _document(db, session, ExportFormat.SVG)


@router.get(
    "/resource-map.png",
    response_class=Response,
    responses={
        **ERRORS,
        200: {"content": {"image/png": {}}, "description": "1240×1754 px (A4 at 150 dpi)"},
        503: {"description": "`export_unavailable`: no Japanese font or Pillow on the server"},
    },
)
def get_resource_map_png(session: SessionForOrigin, db: DbSession) -> Response:
    """The worksheet as PNG (A4 at 150 dpi), drawn with the Noto Sans CJK font."""
    return _document(db, session, ExportFormat.PNG)


@router.get(
    "/resource-map.txt",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/plain": {}}, "description": "text version"}},
)
def get_resource_map_text(session: SessionForOrigin, db: DbSession) -> Response:
    """The accessible text version: every contact, in reading order."""
    return _document(db, session, ExportFormat.TXT)


@router.delete("/resource-map", status_code=204, response_class=Response, responses=ERRORS)
def delete_resource_map(session: SessionForOrigin, db: DbSession) -> Response:
    """Deletes the map and its contacts for real (the rows are removed)."""
    service.delete_session_map(db=db, session_id=session.id)
    return Response(status_code=204)
