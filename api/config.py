"""Settings from the environment (pydantic-settings). Every name is documented in docs/api.md.

Outside development (`API_ENV` other than "development") the API refuses to start with a default
or placeholder secret, or without its public base URL (`unsafe_settings`, called by create_app).
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse_many
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]
DEVELOPMENT = "development"
DEFAULT_SENDER_SALT = "teichaku-guide"
SENDER_SALT_MIN_CHARS = 16
# The deploy examples' placeholders (deploy/systemd/teichaku.env.example, the Kubernetes secret).
PLACEHOLDER_MARKERS = ("change-me", "changeme")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    # "development" (the default: `make run`, the tests) or anything else, e.g. "production":
    # then default secrets are refused and the API docs (/docs, /redoc, /openapi.json) are off.
    API_ENV: str = DEVELOPMENT
    # SQLite file by default; e.g. postgresql+psycopg://user:pass@127.0.0.1/db for PostgreSQL.
    API_DATABASE_URL: str = f"sqlite:///{ROOT / 'var' / 'api.sqlite'}"
    # Rasa's REST channel, on loopback; several replicas: comma-separated URLs (api/services/rasa.py).
    RASA_URL: str = "http://127.0.0.1:5005"
    RASA_TIMEOUT_SECONDS: float = 30.0
    # The longest user message accepted, in characters.
    MESSAGE_MAX_CHARS: int = 1000
    # Secret mixed into the Rasa sender id derived from a session id.
    SENDER_SALT: str = DEFAULT_SENDER_SALT

    # --- Serving many visitors (docs/deploy.md) ---
    # PostgreSQL connections per API process: pool + overflow. Every API process and every Rasa
    # replica (SQL_POOL_SIZE + SQL_MAX_OVERFLOW) together must stay under max_connections.
    API_DB_POOL_SIZE: int = 5
    API_DB_MAX_OVERFLOW: int = 5
    # How long an SQLite writer waits for the write lock before failing.
    API_SQLITE_BUSY_TIMEOUT_SECONDS: float = 15.0
    # Rasa's tracker store (SQLAlchemy URL; the same variable fills endpoints.yml): the API deletes
    # a session's tracker there and purges old ones. Empty: Rasa keeps trackers in memory.
    RASA_TRACKER_STORE_URL: str = f"sqlite:///{ROOT / 'var' / 'rasa' / 'trackers.sqlite'}"
    # The action server's health URL (scripts/run.sh sets it): when Rasa answers nothing, the API
    # asks it, to tell "action server down" (503 bot_unavailable) from "no reply". Empty: never.
    ACTIONS_HEALTH_URL: str = ""
    # Conversations whose last event is older than this are purged (api.cli purge-trackers).
    RASA_TRACKER_RETENTION_DAYS: int = 30

    # --- The public surface (docs/api.md, "Hardening") ---
    # Where visitors reach the API, e.g. https://chat.example.jp (a path prefix is kept): the
    # API's own origin and every link it builds. Required outside development; in development,
    # empty means the address the connection came in on (never the Host header).
    PUBLIC_BASE_URL: str = ""
    # Host names the API answers to (comma-separated; "*.example.jp" and "*" allowed). Empty: the
    # host of PUBLIC_BASE_URL, or any host in development without PUBLIC_BASE_URL.
    TRUSTED_HOSTS: str = ""
    # Reverse proxies (IPs or networks, comma-separated) whose X-Forwarded-For names the client;
    # empty: the client address is the socket's peer.
    TRUSTED_PROXIES: str = ""
    # The largest request body, in bytes (413 request_too_large above it).
    REQUEST_BODY_MAX_BYTES: int = 65_536
    # Rate limits (the `limits` notation, several separated by ";"), per chat session and per
    # client address. Storage: memory (one process) or e.g. redis://127.0.0.1:6379/2 (shared).
    RATE_LIMIT_STORAGE_URL: str = ""
    RATE_LIMIT_CHAT_PER_SESSION: str = "20/minute;300/hour"
    RATE_LIMIT_CHAT_PER_ADDRESS: str = "120/minute;2000/hour"
    RATE_LIMIT_HANDOFF_PER_SESSION: str = "3/hour"
    RATE_LIMIT_HANDOFF_PER_ADDRESS: str = "10/hour"
    RATE_LIMIT_DELETE_PER_SESSION: str = "5/minute"
    RATE_LIMIT_DELETE_PER_ADDRESS: str = "30/hour"
    # Failed staff-key attempts per client address; beyond it every staff call from there is 429.
    RATE_LIMIT_STAFF_KEY_FAILURES: str = "10/minute;50/hour"
    # Entries of the staff audit log older than this are purged (api.cli purge).
    AUDIT_LOG_RETENTION_DAYS: int = 365

    @property
    def is_development(self) -> bool:
        return self.API_ENV.strip().lower() == DEVELOPMENT


def public_base_problem(url: str) -> str | None:
    """Why `url` is not a usable PUBLIC_BASE_URL (None when it is)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "PUBLIC_BASE_URL must be an http(s) URL, e.g. https://chat.example.jp"
    if parts.query or parts.fragment or parts.username or parts.password:
        return "PUBLIC_BASE_URL must have no query, fragment or user name"
    return None


def unsafe_settings(settings: Settings) -> list[str]:
    """What makes these settings unfit to start with: bad values anywhere, and outside
    development default or placeholder secrets and a missing public base URL."""
    problems = []
    if settings.PUBLIC_BASE_URL and (problem := public_base_problem(settings.PUBLIC_BASE_URL)):
        problems.append(problem)
    for name, value in settings.model_dump().items():
        if name.startswith("RATE_LIMIT_") and name != "RATE_LIMIT_STORAGE_URL":
            try:
                parse_many(value)
            except ValueError:
                problems.append(f"{name}={value!r} is not a rate limit such as '10/minute'")
    try:
        [
            ip_network(p.strip(), strict=False)
            for p in settings.TRUSTED_PROXIES.split(",")
            if p.strip()
        ]
    except ValueError:
        problems.append(f"TRUSTED_PROXIES={settings.TRUSTED_PROXIES!r}: addresses or networks only")
    if settings.REQUEST_BODY_MAX_BYTES < 1024:
        problems.append("REQUEST_BODY_MAX_BYTES must be at least 1024")
    if settings.is_development:
        return problems
    salt = settings.SENDER_SALT
    if salt == DEFAULT_SENDER_SALT or any(m in salt.lower() for m in PLACEHOLDER_MARKERS):
        problems.append("SENDER_SALT is the default or a placeholder: set a long random secret")
    elif len(salt) < SENDER_SALT_MIN_CHARS:
        problems.append(f"SENDER_SALT must be at least {SENDER_SALT_MIN_CHARS} characters")
    for name in ("API_DATABASE_URL", "RASA_TRACKER_STORE_URL"):
        if any(m in str(getattr(settings, name)).lower() for m in PLACEHOLDER_MARKERS):
            problems.append(f"{name} still holds a placeholder password")
    if not settings.PUBLIC_BASE_URL:
        problems.append("PUBLIC_BASE_URL is required outside development")
    if settings.TRUSTED_HOSTS.strip() == "*":
        problems.append("TRUSTED_HOSTS='*' is for development only")
    return problems


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
