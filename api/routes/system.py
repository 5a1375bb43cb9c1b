"""Health, readiness, CORS preflight, and the static pages (widget, demo, staff page)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from sqlalchemy import text

from api.deps import DbSession, OriginHeader, OwnOrigin, RasaDep
from api.errors import ErrorCode, error_body
from api.schemas import Health
from api.services.offices import any_office_allows, normalise_origin

STATIC = Path(__file__).resolve().parents[1] / "static"
router = APIRouter()


@router.get("/health", response_model=Health, tags=["system"])
def health(db: DbSession) -> Health:
    """The API process and its database are up."""
    db.execute(text("SELECT 1"))
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Health,
    tags=["system"],
    responses={503: {"description": "`bot_unavailable`: Rasa does not answer"}},
)
def ready(rasa: RasaDep) -> Response:
    """Ready only when Rasa answers on its REST port."""
    if rasa.is_up():
        return JSONResponse(Health(status="ok", rasa="ok").model_dump())
    return JSONResponse(error_body(ErrorCode.BOT_UNAVAILABLE), status_code=503)


@router.options("/api/v1/chat", include_in_schema=False)
@router.options("/api/v1/handoff", include_in_schema=False)
def preflight(db: DbSession, own: OwnOrigin, origin: OriginHeader = None) -> Response:
    """CORS preflight of the JSON POSTs: allowed for the origins some office allows (the
    per-office check follows in the route). The GETs are simple requests without a preflight."""
    if origin is None:
        return Response(status_code=204)
    try:
        same = normalise_origin(origin) == normalise_origin(own)
    except ValueError:
        same = False
    if not (same or any_office_allows(db=db, origin=origin)):
        return JSONResponse(error_body(ErrorCode.ORIGIN_NOT_ALLOWED), status_code=403)
    return Response(
        status_code=204,
        headers={
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        },
    )


def _static(name: str, media_type: str) -> FileResponse:
    return FileResponse(
        STATIC / name, media_type=media_type, headers={"Cache-Control": "public, max-age=300"}
    )


@router.get("/widget.js", include_in_schema=False)
def widget_js() -> FileResponse:
    return _static("widget.js", "text/javascript; charset=utf-8")


@router.get("/widget.css", include_in_schema=False)
def widget_css() -> FileResponse:
    return _static("widget.css", "text/css; charset=utf-8")


@router.get("/demo", include_in_schema=False)
def demo() -> FileResponse:
    return _static("demo.html", "text/html; charset=utf-8")


@router.get("/staff", include_in_schema=False)
def staff_page() -> FileResponse:
    return _static("staff.html", "text/html; charset=utf-8")


@router.get("/staff.js", include_in_schema=False)
def staff_js() -> FileResponse:
    return _static("staff.js", "text/javascript; charset=utf-8")


@router.get("/staff.css", include_in_schema=False)
def staff_css() -> FileResponse:
    return _static("staff.css", "text/css; charset=utf-8")


@router.get("/demo.css", include_in_schema=False)
def demo_css() -> FileResponse:
    return _static("demo.css", "text/css; charset=utf-8")


@router.get("/", include_in_schema=False)
def root() -> RedirectResponse:
    return RedirectResponse("/demo")
