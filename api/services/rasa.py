"""Talks to Rasa over its REST channel (POST /webhooks/rest/webhook)."""

from __future__ import annotations

from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


class RasaClient:
    def __init__(
        self, *, base_url: str, timeout: float, transport: httpx.BaseTransport | None = None
    ):
        self._client = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)

    def send(self, *, sender: str, message: str) -> list[dict[str, Any]]:
        try:
            response = self._client.post(
                "/webhooks/rest/webhook", json={"sender": sender, "message": message}
            )
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc)) from exc
        if not isinstance(data, list):
            raise RasaUnavailable(f"unexpected answer from Rasa: {type(data).__name__}")
        return [item for item in data if isinstance(item, dict)]

    def is_up(self) -> bool:
        try:
            return self._client.get("/", timeout=3).status_code == 200
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        self._client.close()
