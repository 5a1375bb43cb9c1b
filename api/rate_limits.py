"""Rate limits on the public writes and on failed staff keys (security review M2, L6).

Built on `limits` (moving windows). Storage: in memory by default (one API process), or shared by
every API process when `RATE_LIMIT_STORAGE_URL` names a Redis (`redis://host:port/db`). Keys hold
a hash of the session id, never the id itself, and the client address (an IPv6 address by its
/64 network, which one subscriber usually has as a whole).

The client address is the socket's peer, or, when the peer is one of `TRUSTED_PROXIES`, the
address that proxy put in `X-Forwarded-For` (the right-most one that is not itself a trusted
proxy). uvicorn must not rewrite the peer itself: run it with `--no-proxy-headers`, or with
`--forwarded-allow-ips` set to the same proxies (docs/api.md).

When the storage fails (Redis down), requests are let through and the failure is logged: a
missing limit is better than refusing every visitor.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from api.config import Settings
from api.errors import ErrorCode, ServiceError

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
REDIS_TIMEOUT_SECONDS = 0.5


class Action(str, Enum):
    """What is limited; the value prefixes the storage keys."""

    CHAT = "chat"
    HANDOFF = "handoff"
    DELETE = "delete"
    STAFF_KEY_FAILURE = "staff-key-failure"


def parse_networks(value: str) -> list[IPNetwork]:
    """`TRUSTED_PROXIES`: comma-separated addresses or networks; a bad entry is a ValueError."""
    return [ipaddress.ip_network(p.strip(), strict=False) for p in value.split(",") if p.strip()]


def _address(text: str) -> IPAddress | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: Sequence[str], proxies: list[IPNetwork]) -> str:
    """The client's address for the limits (see the module docstring): the socket's peer, or
    what a trusted proxy says in X-Forwarded-For."""
    peer = peer or "unknown"
    address = _address(peer)
    if address is None or not any(address in net for net in proxies):
        return limit_key_address(peer)
    hops = [h for value in forwarded_for for h in value.split(",") if h.strip()]
    for hop in reversed(hops):
        hop_address = _address(hop)
        if hop_address is None:
            return limit_key_address(hop.strip())  # not an address: keyed as it is
        if not any(hop_address in net for net in proxies):
            return limit_key_address(str(hop_address))
    return limit_key_address(peer)


def limit_key_address(address: str) -> str:
    """An IPv6 address by its /64 network; anything else as it is."""
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is None:
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(parsed) if parsed is not None else address[:100]


def session_key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Rules:
    per_session: list[RateLimitItem]
    per_address: list[RateLimitItem]


class RateLimits:
    def __init__(self, settings: Settings, *, storage: Storage | None = None) -> None:
        url = settings.RATE_LIMIT_STORAGE_URL.strip() or "memory://"
        options: dict[str, float | str | bool] = {"wrap_exceptions": True}
        if url.startswith(("redis://", "rediss://")):
            options.update(
                socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
            )
        self.storage = storage or storage_from_string(url, **options)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.proxies = parse_networks(settings.TRUSTED_PROXIES)
        self.rules = {
            Action.CHAT: Rules(
                parse_many(settings.RATE_LIMIT_CHAT_PER_SESSION),
                parse_many(settings.RATE_LIMIT_CHAT_PER_ADDRESS),
            ),
            Action.HANDOFF: Rules(
                parse_many(settings.RATE_LIMIT_HANDOFF_PER_SESSION),
                parse_many(settings.RATE_LIMIT_HANDOFF_PER_ADDRESS),
            ),
            Action.DELETE: Rules(
                parse_many(settings.RATE_LIMIT_DELETE_PER_SESSION),
                parse_many(settings.RATE_LIMIT_DELETE_PER_ADDRESS),
            ),
            Action.STAFF_KEY_FAILURE: Rules([], parse_many(settings.RATE_LIMIT_STAFF_KEY_FAILURES)),
        }

    def _checks(
        self, action: Action, address: str, session_id: str | None
    ) -> list[tuple[RateLimitItem, str]]:
        rules = self.rules[action]
        checks = [(item, f"{action.value}:addr:{address}") for item in rules.per_address]
        if session_id:
            key = f"{action.value}:session:{session_key(session_id)}"
            checks += [(item, key) for item in rules.per_session]
        return checks

    def _refuse(self, item: RateLimitItem, key: str) -> ServiceError:
        reset = self.limiter.get_window_stats(item, key).reset_time
        retry_after = max(1, math.ceil(reset - time.time()))
        log.warning("rate limit %s reached for %s", item, key.split(":", 2)[:2])
        return ServiceError(ErrorCode.RATE_LIMITED, retry_after=retry_after)

    def hit(self, action: Action, *, address: str, session_id: str | None = None) -> None:
        """Counts one request; `429 rate_limited` (with `retry_after`) when a limit is reached.

        Every limit is tested before any is counted, so a refused request uses up nothing."""
        checks = self._checks(action, address, session_id)
        try:
            for item, key in checks:
                if not self.limiter.test(item, key):
                    raise self._refuse(item, key)
            for item, key in checks:
                if not self.limiter.hit(item, key):
                    raise self._refuse(item, key)
        except StorageError as exc:
            log.error("rate limit storage failed, request let through: %s", exc)

    def check(self, action: Action, *, address: str) -> None:
        """`429 rate_limited` when `action`'s limit for `address` is used up (nothing counted)."""
        try:
            for item, key in self._checks(action, address, None):
                if not self.limiter.test(item, key):
                    raise self._refuse(item, key)
        except StorageError as exc:
            log.error("rate limit storage failed, request let through: %s", exc)

    def count(self, action: Action, *, address: str) -> None:
        """Counts one (failed) attempt without refusing anything."""
        try:
            for item, key in self._checks(action, address, None):
                self.limiter.hit(item, key)
        except StorageError as exc:
            log.error("rate limit storage failed: %s", exc)
