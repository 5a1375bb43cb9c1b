"""Settings from the environment (pydantic-settings). Every name is documented in docs/api.md."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    # SQLite file by default; e.g. postgresql+psycopg://user:pass@127.0.0.1/db for PostgreSQL.
    API_DATABASE_URL: str = f"sqlite:///{ROOT / 'var' / 'api.sqlite'}"
    # Rasa's REST channel, on loopback; several replicas: comma-separated URLs (api/services/rasa.py).
    RASA_URL: str = "http://127.0.0.1:5005"
    RASA_TIMEOUT_SECONDS: float = 30.0
    # The longest user message accepted, in characters.
    MESSAGE_MAX_CHARS: int = 1000
    # Secret mixed into the Rasa sender id derived from a session id.
    SENDER_SALT: str = "teichaku-guide"

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
