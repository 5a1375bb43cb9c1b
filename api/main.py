"""The FastAPI application: `uvicorn api.main:app` (see scripts/run.sh)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from sqlalchemy.orm import sessionmaker
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.config import Settings, get_settings, unsafe_settings
from api.db import make_engine
from api.errors import install_error_handlers
from api.rate_limits import RateLimits
from api.routes import chat, line, resource_map, sessions, staff, system
from api.services.line.client import LineClient
from api.services.rasa import RasaClient
from api.surface import PublicSurface

PUBLIC_PREFIX = "/api/v1/"
# The API's own HTML pages (review L9): their scripts and styles are files of this origin; no
# inline code, no frames. The demo page's widget calls the API on the same origin.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
PAGES = frozenset({"/staff", "/demo"})


class ResponseHeaders:
    """Public API answers are readable by the embedding page (the Origin check is per office,
    in the routes); the staff API is same-origin only. The HTML pages get a strict CSP.

    A plain ASGI middleware: it only edits the response start, where Starlette's
    `@app.middleware("http")` would wrap every response body in a stream of its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        origin = Headers(scope=scope).get("origin")
        cors = bool(
            origin
            and path.startswith(PUBLIC_PREFIX)
            and not path.startswith(PUBLIC_PREFIX + "staff")
            and scope["method"] != "OPTIONS"
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if cors and origin:
                    headers["Access-Control-Allow-Origin"] = origin
                    headers["Access-Control-Expose-Headers"] = "Retry-After"
                    headers["Vary"] = "Origin"
                if path in PAGES:
                    headers.update(PAGE_HEADERS)
                if "x-content-type-options" not in headers:
                    headers["X-Content-Type-Options"] = "nosniff"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UnsafeSettingsError(RuntimeError):
    """The settings are not fit to start with (api.config.unsafe_settings)."""


def create_app(
    settings: Settings | None = None,
    *,
    rasa_transport: httpx.BaseTransport | None = None,
    line_transport: httpx.BaseTransport | None = None,
) -> FastAPI:
    """The application; UnsafeSettingsError (the API does not start) for unsafe settings, e.g. the
    default SENDER_SALT outside development. The transports replace the network in tests."""
    settings = settings or get_settings()
    problems = unsafe_settings(settings)
    if problems:
        raise UnsafeSettingsError(
            f"the API does not start (API_ENV={settings.API_ENV!r}): " + "; ".join(problems)
        )
    docs = settings.is_development  # Swagger UI and ReDoc load from a CDN: development only

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.rasa.close()
        app.state.line.close()
        app.state.engine.dispose()

    app = FastAPI(
        title="就労定着支援 guide bot API",
        version="1.0.0",
        description=(
            "Chat API for the embeddable widget, staff API, calendar export. "
            'Errors are JSON: `{"error": {"code": "...", "message": "..."}}`; '
            "programs should check `code`. See docs/api.md."
        ),
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    engine = make_engine(settings.API_DATABASE_URL)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker(bind=engine, expire_on_commit=False)
    app.state.rasa = RasaClient(
        base_url=settings.RASA_URL,
        timeout=settings.RASA_TIMEOUT_SECONDS,
        transport=rasa_transport,
        actions_health_url=settings.ACTIONS_HEALTH_URL,
    )
    app.state.line = LineClient(
        base_url=settings.LINE_API_BASE_URL,
        timeout=settings.LINE_API_TIMEOUT_SECONDS,
        transport=line_transport,
    )
    app.state.rate_limits = RateLimits(settings)
    install_error_handlers(app)
    # Inside the middleware below, so that its refusals carry the CORS headers too.
    app.add_middleware(PublicSurface, settings=settings)

    app.add_middleware(ResponseHeaders)

    app.include_router(system.router)
    app.include_router(chat.router)
    app.include_router(resource_map.router)
    app.include_router(staff.router)
    app.include_router(sessions.router)
    app.include_router(line.router)
    app.include_router(line.staff_router)
    return app


app = create_app()
