"""The LINE channel secret and access token, encrypted at rest.

Fernet (the `cryptography` package: AES-128-CBC with an HMAC-SHA256 tag, a random IV per value)
with the key LINE_SECRETS_KEY from the environment, so a copy of the database alone does not
give anyone the office's LINE account. A value that does not decrypt (another key, a changed
row) is an error, never a silent empty secret.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from api.errors import ErrorCode, ServiceError


class Vault:
    def __init__(self, key: str) -> None:
        if not key:
            raise ServiceError(ErrorCode.LINE_UNAVAILABLE)
        self._fernet = Fernet(key.encode("ascii"))

    def seal(self, value: str) -> str:
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as exc:
            raise ServiceError(ErrorCode.LINE_UNAVAILABLE) from exc


def new_key() -> str:
    """A new LINE_SECRETS_KEY (`python -m api.cli line-key`)."""
    return Fernet.generate_key().decode("ascii")
