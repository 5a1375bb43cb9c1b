"""Rasa's SQL tracker store seen from the API: delete one conversation, purge old ones.

Rasa (SQLTrackerStore, endpoints.yml) keeps each conversation as rows of its `events` table,
keyed by the sender id the API derives from the session id. Those rows hold what the user typed,
the dates they gave and, with consent, their disability types, so the API deletes them with the
session and purges conversations idle for longer than the retention period.
The URL is the one Rasa uses (RASA_TRACKER_STORE_URL); a psycopg2 URL is read with psycopg 3.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    func,
    inspect,
    select,
)

from api.db import make_engine

# The columns of Rasa's table that these queries need (rasa/core/tracker_store.py SQLEvent).
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("timestamp", Float),
)


def api_url(rasa_url: str) -> str:
    """Rasa's SQLAlchemy 1.4 URL (psycopg2) as a URL for the API's drivers."""
    for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
        if rasa_url.startswith(prefix):
            return "postgresql+psycopg://" + rasa_url[len(prefix) :]
    return rasa_url


class TrackerStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        # Connected on first use: an API that never deletes never opens Rasa's database.
        if self._engine is None:
            self._engine = make_engine(api_url(self.url), pool_size=1, max_overflow=1)
        return self._engine

    def _has_events(self) -> bool:
        """False until Rasa has created its table (it has never run on this database)."""
        return inspect(self.engine).has_table(EVENTS.name)

    def count(self, sender_id: str) -> int:
        if not self._has_events():
            return 0
        with self.engine.connect() as conn:
            return int(
                conn.scalar(select(func.count()).where(EVENTS.c.sender_id == sender_id)) or 0
            )

    def delete(self, sender_id: str) -> int:
        """Deletes one conversation; returns the number of events deleted."""
        if not self._has_events():
            return 0
        with self.engine.begin() as conn:
            return conn.execute(delete(EVENTS).where(EVENTS.c.sender_id == sender_id)).rowcount

    def purge(self, *, older_than: timedelta, now: float | None = None) -> int:
        """Deletes every conversation whose last event is older than `older_than`; returns how
        many conversations went."""
        if not self._has_events():
            return 0
        cutoff = (time.time() if now is None else now) - older_than.total_seconds()
        idle = (
            select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(func.max(EVENTS.c.timestamp) < cutoff)
        )
        # A sender who came back between the two statements keeps the conversation.
        recent = select(EVENTS.c.sender_id).where(EVENTS.c.timestamp >= cutoff)
        with self.engine.begin() as conn:
            senders = list(conn.scalars(idle))
            for start in range(0, len(senders), 500):  # bounded IN lists
                batch = senders[start : start + 500]
                conn.execute(
                    delete(EVENTS).where(
                        EVENTS.c.sender_id.in_(batch), EVENTS.c.sender_id.not_in(recent)
                    )
                )
        return len(senders)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def tracker_store(url: str) -> TrackerStore | None:
    """The tracker store at `url`, or None when Rasa keeps trackers in memory (empty URL)."""
    return TrackerStore(url) if url.strip() else None
