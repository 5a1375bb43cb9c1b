"""The error table: every stable code has one status and a kind Japanese message."""

from __future__ import annotations

import pytest

from api.errors import ERRORS, ErrorCode, ServiceError, error_body


def test_every_code_has_a_status_and_a_message() -> None:
    assert set(ERRORS) == set(ErrorCode)
    for code in ErrorCode:
        assert 400 <= code.status < 600
        assert code.message.endswith("。"), code


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (ErrorCode.INVALID_JSON, 400),
        (ErrorCode.UNAUTHORIZED, 401),
        (ErrorCode.ORIGIN_NOT_ALLOWED, 403),
        (ErrorCode.SESSION_NOT_FOUND, 404),
        (ErrorCode.MESSAGE_TOO_LONG, 422),
        (ErrorCode.BOT_UNAVAILABLE, 503),
    ],
)
def test_status_comes_from_the_table(code: ErrorCode, status: int) -> None:
    assert ServiceError(code).status == status


def test_extra_fields_go_into_the_body() -> None:
    body = error_body(ErrorCode.MESSAGE_TOO_LONG, max_chars=1000)
    assert body == {
        "error": {
            "code": "message_too_long",
            "message": ErrorCode.MESSAGE_TOO_LONG.message,
            "max_chars": 1000,
        }
    }
