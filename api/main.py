"""The FastAPI application: `uvicorn api.main:app` (see scripts/run.sh)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request, Response
from sqlalchemy.orm import sessionmaker

from api.config import Settings, get_settings
from api.db import make_engine
from api.errors import install_error_handlers
from api.routes import chat, resource_map, sessions, staff, system
from api.services.rasa import RasaClient

PUBLIC_PREFIX = "/api/v1/"


def create_app(
    settings: Settings | None = None, *, rasa_transport: httpx.BaseTransport | None = None
) -> FastAPI:
    settings = settings or get_settings()

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
    install_error_handlers(app)

    @app.middleware("http")
    async def cors_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Public API answers are readable by the embedding page (the Origin check is per office,
        in the routes); the staff API is same-origin only."""
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
            response.headers["Vary"] = "Origin"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    app.include_router(system.router)
    app.include_router(chat.router)
    app.include_router(resource_map.router)
    app.include_router(staff.router)
    app.include_router(sessions.router)
    return app


app = create_app()
