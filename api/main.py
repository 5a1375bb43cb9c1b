"""The FastAPI application: `uvicorn api.main:app` (see scripts/run.sh)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request, Response
from sqlalchemy.orm import sessionmaker

from api.config import Settings, get_settings, unsafe_settings
from api.db import make_engine
from api.errors import install_error_handlers
from api.rate_limits import RateLimits
from api.routes import chat, resource_map, sessions, staff, system
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


class UnsafeSettingsError(RuntimeError):
    """The settings are not fit to start with (api.config.unsafe_settings)."""


def create_app(
    settings: Settings | None = None, *, rasa_transport: httpx.BaseTransport | None = None
) -> FastAPI:
    """The application; UnsafeSettingsError (the API does not start) for unsafe settings, e.g. the
    default SENDER_SALT outside development."""
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
    app.state.rate_limits = RateLimits(settings)
    install_error_handlers(app)
    # Inside the middleware below, so that its refusals carry the CORS headers too.
    app.add_middleware(PublicSurface, settings=settings)

    @app.middleware("http")
    async def cors_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Public API answers are readable by the embedding page (the Origin check is per office,
        in the routes); the staff API is same-origin only. The HTML pages get a strict CSP."""
        response = await call_next(request)
        origin = request.headers.get("origin")
        path = request.url.path
        if (
            origin
            and path.startswith(PUBLIC_PREFIX)
            and not path.startswith(PUBLIC_PREFIX + "staff")
            and request.method != "OPTIONS"
        ):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
            response.headers["Vary"] = "Origin"
        if path in PAGES:
            response.headers.update(PAGE_HEADERS)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    app.include_router(system.router)
    app.include_router(chat.router)
    app.include_router(resource_map.router)
    app.include_router(staff.router)
    app.include_router(sessions.router)
    return app


app = create_app()
