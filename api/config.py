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
    # Rasa's REST channel, on loopback.
    RASA_URL: str = "http://127.0.0.1:5005"
    RASA_TIMEOUT_SECONDS: float = 30.0
    # The longest user message accepted, in characters.
    MESSAGE_MAX_CHARS: int = 1000
    # Secret mixed into the Rasa sender id derived from a session id.
    SENDER_SALT: str = "teichaku-guide"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
