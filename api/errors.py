"""Structured JSON errors with stable codes: {"error": {"code": ..., "message": ...}}.

`message` is short, kind Japanese for people; `code` is what programs should check.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

# The `type` of a validation error for a text with characters no field accepts (api.surface).
INVALID_TEXT_TYPE = "invalid_text"


class ErrorCode(str, Enum):
    """Every stable error code of the API, with its HTTP status and kind Japanese message.

    Services raise `ServiceError(ErrorCode.X)`; the status is looked up here, so a code can never
    be sent with two statuses, and a misspelt code is an AttributeError, not a silent new code.
    """

    OFFICE_NOT_FOUND = "office_not_found"
    ORIGIN_NOT_ALLOWED = "origin_not_allowed"
    MESSAGE_EMPTY = "message_empty"
    MESSAGE_TOO_LONG = "message_too_long"
    MESSAGE_OR_PAYLOAD = "message_or_payload"
    INVALID_PAYLOAD = "invalid_payload"
    INVALID_JSON = "invalid_json"
    INVALID_REQUEST = "invalid_request"
    INVALID_SESSION_ID = "invalid_session_id"
    SESSION_NOT_FOUND = "session_not_found"
    BOT_UNAVAILABLE = "bot_unavailable"
    DATABASE_UNAVAILABLE = "database_unavailable"
    UNAUTHORIZED = "unauthorized"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    INVALID_DATE = "invalid_date"
    INVALID_VARIANT = "invalid_variant"
    CONSENT_REQUIRED = "consent_required"
    ENTRY_NOT_FOUND = "entry_not_found"
    INVALID_SETTINGS = "invalid_settings"
    RESOURCE_MAP_NOT_FOUND = "resource_map_not_found"
    EXPORT_UNAVAILABLE = "export_unavailable"
    INVALID_TEXT = "invalid_text"
    REQUEST_TOO_LARGE = "request_too_large"
    RATE_LIMITED = "rate_limited"
    HOST_NOT_ALLOWED = "host_not_allowed"

    @property
    def status(self) -> int:
        return ERRORS[self][0]

    @property
    def message(self) -> str:
        return ERRORS[self][1]


ERRORS: dict[ErrorCode, tuple[int, str]] = {
    ErrorCode.OFFICE_NOT_FOUND: (404, "この事業所は見つかりません。"),
    ErrorCode.ORIGIN_NOT_ALLOWED: (403, "このサイトでは、このチャットを使えません。"),
    ErrorCode.MESSAGE_EMPTY: (422, "メッセージを入力してください。"),
    ErrorCode.MESSAGE_TOO_LONG: (422, "メッセージが長すぎます。短くしてください。"),
    ErrorCode.MESSAGE_OR_PAYLOAD: (422, "メッセージかボタンのどちらか1つを送ってください。"),
    ErrorCode.INVALID_PAYLOAD: (422, "このボタンは使えません。"),
    ErrorCode.INVALID_JSON: (400, "送られたデータを読めませんでした。"),
    ErrorCode.INVALID_REQUEST: (422, "送られた内容に誤りがあります。"),
    ErrorCode.INVALID_SESSION_ID: (422, "会話の番号が正しくありません。"),
    ErrorCode.SESSION_NOT_FOUND: (404, "会話が見つかりません。新しく始めてください。"),
    ErrorCode.BOT_UNAVAILABLE: (
        503,
        "いま、チャットボットが使えません。時間をおいて試してください。",
    ),
    ErrorCode.DATABASE_UNAVAILABLE: (
        503,
        "いま、混み合っています。少し待ってから、もう一度送ってください。",
    ),
    ErrorCode.UNAUTHORIZED: (401, "スタッフ用のキーが必要です。"),
    ErrorCode.NOT_FOUND: (404, "見つかりません。"),
    ErrorCode.METHOD_NOT_ALLOWED: (405, "この操作はできません。"),
    ErrorCode.INVALID_DATE: (422, "日付は YYYY-MM-DD の形で指定してください。"),
    ErrorCode.INVALID_VARIANT: (
        422,
        "種類は standard、return_to_work、extended_hours のどれかです。",
    ),
    ErrorCode.CONSENT_REQUIRED: (422, "送る前に、同意のチェックをしてください。"),
    ErrorCode.ENTRY_NOT_FOUND: (404, "この項目は見つかりません。"),
    ErrorCode.INVALID_SETTINGS: (422, "設定の値に誤りがあります。"),
    ErrorCode.RESOURCE_MAP_NOT_FOUND: (404, "リソースマップは保存されていません。"),
    ErrorCode.EXPORT_UNAVAILABLE: (
        503,
        "いま、この形式では出力できません。ほかの形式を使ってください。",
    ),
    ErrorCode.INVALID_TEXT: (
        422,
        "使えない文字が入っています。文字を直して、もう一度送ってください。",
    ),
    ErrorCode.REQUEST_TOO_LARGE: (413, "送られたデータが大きすぎます。短くしてください。"),
    ErrorCode.RATE_LIMITED: (
        429,
        "短い時間に、たくさん送られました。少し待ってから、もう一度送ってください。",
    ),
    ErrorCode.HOST_NOT_ALLOWED: (400, "このアドレスでは使えません。"),
}


class ServiceError(Exception):
    """A domain error with a stable code; `extra` goes into the JSON error body as it is."""

    def __init__(self, code: ErrorCode, **extra: Any) -> None:
        super().__init__(code.value)
        self.code = code
        self.extra = extra

    @property
    def status(self) -> int:
        return self.code.status


def error_body(code: ErrorCode, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code.value, "message": code.message, **extra}}


def error_response(code: ErrorCode, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if code.status == 401 else {}
    if code is ErrorCode.RATE_LIMITED:
        headers["Retry-After"] = str(extra.get("retry_after", 1))
    return JSONResponse(error_body(code, **extra), status_code=code.status, headers=headers)


def validation_code(errors: Sequence[Mapping[str, Any]]) -> ErrorCode:
    """The stable code for a list of validation errors (pydantic's, or api.surface's)."""
    for err in errors:
        kind = str(err.get("type", ""))
        loc = [str(part) for part in err.get("loc", ())]
        if kind == INVALID_TEXT_TYPE:
            return ErrorCode.INVALID_TEXT
        if kind in ("json_invalid", "model_attributes_type") or (
            kind == "dict_type" and loc == ["body"]
        ):
            return ErrorCode.INVALID_JSON
        if "session_id" in loc:
            return ErrorCode.INVALID_SESSION_ID
        if "start" in loc:
            return ErrorCode.INVALID_DATE
        if "variant" in loc:
            return ErrorCode.INVALID_VARIANT
    return ErrorCode.INVALID_REQUEST


# Starlette's own errors (unknown route, wrong method, a body it cannot read).
_HTTP_CODES = {
    400: ErrorCode.INVALID_JSON,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
}


def validation_error_response(errors: Sequence[Mapping[str, Any]]) -> JSONResponse:
    details = [{"loc": list(e.get("loc", ())), "type": e.get("type")} for e in errors]
    return error_response(validation_code(errors), details=details)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        return error_response(exc.code, **exc.extra)

    async def _database(request: Request, exc: Exception) -> JSONResponse:
        # A locked SQLite, a lost connection, no free connection in the pool...: never a
        # plain-text 500. The write helpers have already retried (api/services/transactions.py).
        log.error("database error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(ErrorCode.DATABASE_UNAVAILABLE)

    app.add_exception_handler(DBAPIError, _database)
    app.add_exception_handler(PoolTimeoutError, _database)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_error_response(exc.errors())

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code)
        if code is None:
            return JSONResponse(error_body(ErrorCode.INVALID_REQUEST), status_code=exc.status_code)
        return error_response(code)
