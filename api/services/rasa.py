"""Talks to Rasa over its REST channel (POST /webhooks/rest/webhook), on one or several replicas.

`base_url` may list several replicas, comma-separated (RASA_URL="http://127.0.0.1:5005,
http://127.0.0.1:5006"); they share the tracker and lock stores, so any replica can answer any
sender. Requests are spread round-robin. A replica that refuses the connection is skipped for
`cooldown` seconds and the message goes to the next one: a connection that was never made cannot
have delivered the message. Any failure after the request may have reached Rasa (a read timeout,
a dropped connection, an HTTP error) is not retried, so a message is never processed twice.

When the action server is down, Rasa logs the failed custom action and answers 200 with no
messages at all; the bot always answers a message (its fallback at least), so an empty answer
makes the client ask the action server's /health (`actions_health_url`), and a dead action
server is reported as RasaUnavailable (the API's 503 `bot_unavailable` with the contact).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from typing import Any

import httpx

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"
# Failures that happen before any byte of the request was sent: safe to send again elsewhere.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
CONNECT_TIMEOUT_SECONDS = 2.0


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


def parse_urls(base_url: str) -> list[str]:
    urls = [u.strip().rstrip("/") for u in base_url.split(",") if u.strip()]
    if not urls:
        raise ValueError("RASA_URL names no Rasa server")
    return urls


class RasaClient:
    def __init__(
        self,
        *,
        base_url: str,
        timeout: float,
        transport: httpx.BaseTransport | None = None,
        cooldown: float = 5.0,
        actions_health_url: str = "",
    ):
        self.urls = parse_urls(base_url)
        self._actions_health = actions_health_url.strip() or None
        # A replica on loopback or a LAN connects at once; waiting long only delays the failover.
        timeouts = httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT_SECONDS))
        # No kept-alive connections: a message written into a pooled connection to a replica that
        # has just died fails after it was sent (connection reset), and could not be failed over;
        # a fresh connection to a dead replica is refused, and the next replica gets the message.
        # On loopback a connection costs well under a millisecond (docs/benchmarks.md).
        limits = httpx.Limits(max_keepalive_connections=0)
        self._client = httpx.Client(timeout=timeouts, limits=limits, transport=transport)
        self._cooldown = cooldown
        self._down_until: dict[str, float] = {}
        self._next = itertools.count()
        self._lock = threading.Lock()

    def _order(self) -> list[str]:
        """Replicas to try, starting round-robin; those marked down go last."""
        with self._lock:
            start = next(self._next) % len(self.urls)
            now = time.monotonic()
            down = {u for u, until in self._down_until.items() if until > now}
        rotated = self.urls[start:] + self.urls[:start]
        return [u for u in rotated if u not in down] + [u for u in rotated if u in down]

    def _mark(self, url: str, *, up: bool) -> None:
        with self._lock:
            if up:
                self._down_until.pop(url, None)
            else:
                self._down_until[url] = time.monotonic() + self._cooldown

    def send(
        self, *, sender: str, message: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """`metadata` reaches the actions as the user event's metadata (e.g. the channel)."""
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        refused: list[str] = []
        for url in self._order():
            try:
                response = self._client.post(url + WEBHOOK_PATH, json=body)
            except NOT_SENT as exc:
                self._mark(url, up=False)
                refused.append(f"{url}: {exc!r}")
                log.warning("Rasa replica %s refused the connection; trying the next one", url)
                continue
            except httpx.TransportError as exc:  # sent, maybe processed: never retried
                self._mark(url, up=False)  # a reset or a timeout: probably dying, skip it a while
                raise RasaUnavailable(f"{url}: {exc!r}") from exc
            except (httpx.HTTPError, ValueError) as exc:
                # (ValueError: a body that cannot be encoded, e.g. a lone surrogate.)
                raise RasaUnavailable(f"{url}: {exc!r}") from exc
            self._mark(url, up=True)
            messages = self._messages(url, response)
            if not messages and not self.actions_up():
                raise RasaUnavailable("the action server does not answer (Rasa sent nothing)")
            return messages
        raise RasaUnavailable("no Rasa replica answered: " + "; ".join(refused))

    @staticmethod
    def _messages(url: str, response: httpx.Response) -> list[dict[str, Any]]:
        try:
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(f"{url}: {exc!r}") from exc
        if not isinstance(data, list):
            raise RasaUnavailable(f"unexpected answer from Rasa: {type(data).__name__}")
        return [item for item in data if isinstance(item, dict)]

    def is_up(self) -> bool:
        """At least one replica answers."""
        return any(self.replica_up(url) for url in self.urls)

    def actions_up(self) -> bool:
        """The action server answers its /health (True when no action server is configured)."""
        if self._actions_health is None:
            return True
        try:
            return self._client.get(self._actions_health, timeout=3).status_code == 200
        except (httpx.HTTPError, ValueError):
            return False

    def replica_up(self, url: str) -> bool:
        try:
            return self._client.get(url + "/", timeout=3).status_code == 200
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        self._client.close()
