"""The first thing every request meets (an ASGI middleware): host, URL and body checks.

Before any route, dependency or database sees a request (so a refused request stores nothing and
costs no query):

1. **Host** (review L5): the `Host` header must name a trusted host (`TRUSTED_HOSTS`, else the
   host of `PUBLIC_BASE_URL`), else `400 host_not_allowed`. /health and /ready answer any host
   (probes use the pod's or host's address).
2. **Path and query** (M4, L2, L12, L8): percent-decoded, they must be UTF-8 and free of the
   characters `api.hygiene` refuses (`422 invalid_text`); a query parameter given twice is
   refused like a bad value of it (`422`, e.g. `invalid_date` for a second `start`).
3. **Body size** (L7): a declared or streamed body over `REQUEST_BODY_MAX_BYTES` is answered
   `413 request_too_large` as soon as the limit is passed; nothing beyond it is read.
4. **JSON bodies** (L3, M4): a POST, PUT or PATCH under /api/ must carry one JSON object as
   UTF-8 (`400 invalid_json` for an empty body, another content type, invalid UTF-8, nesting
   deeper than `JSON_MAX_DEPTH` or anything else that is not a JSON object), and every string
   in it (keys too) must pass `api.hygiene` (`422 invalid_text`).

The body read here is handed on unchanged, so FastAPI parses exactly what was checked.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from starlette.datastructures import Headers

from api.config import Settings
from api.errors import (
    INVALID_TEXT_TYPE,
    ErrorCode,
    error_response,
    validation_error_response,
)
from api.hygiene import forbidden_character, json_strings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_PREFIX = "/api/"
ANY_HOST_PATHS = frozenset({"/health", "/ready"})
# Our request bodies are flat objects (a list of origins at most); anything deeper is not ours.
JSON_MAX_DEPTH = 8


# --- the API's own address (never the Host header) ---------------------------------------------


def trusted_hosts(settings: Settings) -> list[str] | None:
    """The host patterns the API answers to, or None for any host."""
    listed = [h.strip().lower() for h in settings.TRUSTED_HOSTS.split(",") if h.strip()]
    if listed:
        return None if "*" in listed else listed
    if settings.PUBLIC_BASE_URL:
        return [str(urlsplit(settings.PUBLIC_BASE_URL).hostname or "").lower()]
    return None


def host_name(host_header: str) -> str:
    """`example.jp:8000` → `example.jp`; `[::1]:8000` → `::1`."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host_header: str, patterns: list[str]) -> bool:
    host = host_name(host_header)
    for pattern in patterns:
        if pattern.startswith("*.") and host.endswith(pattern[1:]) and host != pattern[2:]:
            return True
        if host == pattern:
            return True
    return False


def public_base_url(settings: Settings, scope: Scope) -> str:
    """Where visitors reach the API (no trailing slash): PUBLIC_BASE_URL, or in development
    without it the address the connection came in on (the socket, never the Host header)."""
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL.rstrip("/")
    host, port = scope.get("server") or ("127.0.0.1", 80)
    if ":" in str(host):
        host = f"[{host}]"
    return f"http://{host}" if port in (80, None) else f"http://{host}:{port}"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# --- the middleware ---------------------------------------------------------------------------


def _decoded(raw: bytes) -> str | None:
    """Percent-decoded UTF-8, or None when the bytes are not UTF-8."""
    try:
        return unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return None


def url_problems(scope: Scope) -> list[dict[str, Any]]:
    """Validation errors of the path and the query (api.errors.validation_error_response)."""
    raw_path = scope.get("raw_path") or str(scope.get("path", "")).encode("utf-8")
    path = _decoded(raw_path.split(b"?", 1)[0])
    if path is None or forbidden_character(path):
        return [{"loc": ("path",), "type": INVALID_TEXT_TYPE}]
    seen: set[str] = set()
    for part in bytes(scope.get("query_string", b"")).split(b"&"):
        if not part:
            continue
        raw_key, _, raw_value = part.replace(b"+", b" ").partition(b"=")
        key, value = _decoded(raw_key), _decoded(raw_value)
        if key is None or value is None or forbidden_character(key + value):
            return [{"loc": ("query", key or "?"), "type": INVALID_TEXT_TYPE}]
        if key in seen:
            return [{"loc": ("query", key), "type": "repeated"}]
        seen.add(key)
    return []


def json_problems(headers: Headers, body: bytes) -> list[dict[str, Any]]:
    """Validation errors of a JSON body: not one JSON object (`invalid_json`), or a string with
    a character no text may hold (`invalid_text`)."""
    media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        return [{"loc": ("body",), "type": "json_invalid"}]
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return [{"loc": ("body",), "type": "json_invalid"}]
    if not isinstance(data, dict):
        return [{"loc": ("body",), "type": "json_invalid"}]
    try:
        for loc, text, multiline in json_strings(data, max_depth=JSON_MAX_DEPTH):
            if forbidden_character(text, multiline=multiline):
                return [{"loc": ("body", *loc), "type": INVALID_TEXT_TYPE}]
    except ValueError:
        return [{"loc": ("body",), "type": "json_invalid"}]
    return []


class BodyTooLarge(Exception):
    pass


async def read_body(receive: Receive, *, limit: int) -> bytes:
    """The whole body; BodyTooLarge as soon as it passes `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then the client's own messages."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


class PublicSurface:
    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.hosts = trusted_hosts(settings)
        self.max_body = settings.REQUEST_BODY_MAX_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path = str(scope.get("path", ""))
        if (
            self.hosts is not None
            and path not in ANY_HOST_PATHS
            and not host_allowed(headers.get("host", ""), self.hosts)
        ):
            await error_response(ErrorCode.HOST_NOT_ALLOWED)(scope, receive, send)
            return
        if problems := url_problems(scope):
            await validation_error_response(problems)(scope, receive, send)
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            await error_response(ErrorCode.REQUEST_TOO_LARGE)(scope, receive, send)
            return
        method = str(scope.get("method", "GET"))
        if method in BODY_METHODS:
            try:
                body = await read_body(receive, limit=self.max_body)
            except BodyTooLarge:
                await error_response(ErrorCode.REQUEST_TOO_LARGE)(scope, receive, send)
                return
            if method in JSON_METHODS and path.startswith(JSON_PREFIX):
                if problems := json_problems(headers, body):
                    await validation_error_response(problems)(scope, receive, send)
                    return
            receive = replay(body, receive)
        await self.app(scope, receive, send)
