"""Structured JSON errors with stable codes: {"error": {"code": ..., "message": ...}}.

`message` is short, kind Japanese for people; `code` is what programs should check.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

MESSAGES_JA: dict[str, str] = {
    "office_not_found": "この事業所は見つかりません。",
    "origin_not_allowed": "このサイトでは、このチャットを使えません。",
    "message_empty": "メッセージを入力してください。",
    "message_too_long": "メッセージが長すぎます。短くしてください。",
    "message_or_payload": "メッセージかボタンのどちらか1つを送ってください。",
    "invalid_payload": "このボタンは使えません。",
    "invalid_json": "送られたデータを読めませんでした。",
    "invalid_request": "送られた内容に誤りがあります。",
    "invalid_session_id": "会話の番号が正しくありません。",
    "session_not_found": "会話が見つかりません。新しく始めてください。",
    "bot_unavailable": "いま、チャットボットが使えません。時間をおいて試してください。",
    "unauthorized": "スタッフ用のキーが必要です。",
    "not_found": "見つかりません。",
    "method_not_allowed": "この操作はできません。",
    "invalid_date": "日付は YYYY-MM-DD の形で指定してください。",
    "invalid_variant": "種類は standard、return_to_work、extended_hours のどれかです。",
    "consent_required": "送る前に、同意のチェックをしてください。",
    "entry_not_found": "この項目は見つかりません。",
    "invalid_settings": "設定の値に誤りがあります。",
    "resource_map_not_found": "リソースマップは保存されていません。",
    "export_unavailable": "いま、この形式では出力できません。ほかの形式を使ってください。",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.extra = extra or {}


def error_body(code: str, **extra: Any) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": MESSAGES_JA.get(code, MESSAGES_JA["invalid_request"]),
            **extra,
        }
    }


def _validation_code(exc: RequestValidationError) -> str:
    for err in exc.errors():
        kind = str(err.get("type", ""))
        loc = [str(part) for part in err.get("loc", ())]
        if kind in ("json_invalid", "model_attributes_type") or (
            kind == "dict_type" and loc == ["body"]
        ):
            return "invalid_json"
        if "session_id" in loc:
            return "invalid_session_id"
        if "start" in loc:
            return "invalid_date"
        if "variant" in loc:
            return "invalid_variant"
    return "invalid_request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(
            error_body(exc.code, **exc.extra), status_code=exc.status, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        code = _validation_code(exc)
        status = 400 if code == "invalid_json" else 422
        details = [{"loc": list(e.get("loc", ())), "type": e.get("type")} for e in exc.errors()]
        return JSONResponse(error_body(code, details=details), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "invalid_request")
        return JSONResponse(error_body(code), status_code=exc.status_code)
