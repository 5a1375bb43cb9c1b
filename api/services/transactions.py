"""Short write transactions, committed here, retried when the database is busy.

A chat turn writes twice (the user's message, then the bot's replies) and never holds a
transaction while it waits for Rasa. Each write is a function that only adds to the session;
`commit` runs it and commits, and on a busy database (SQLite `database is locked`, a
PostgreSQL serialization failure or deadlock, a dropped connection: `OperationalError`; or a
unique-key race: `IntegrityError`) rolls back and runs the whole function again. Rolling back
undoes everything the attempt added, so a retried write is stored exactly once or not at all.
The last failure is raised; api/errors.py answers it with 503 `database_unavailable`.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 8
# Backoff before attempt n (n >= 1): FIRST_DELAY * 2**(n-1), at most MAX_DELAY, with jitter, so
# the waiting writers do not all come back at once (about 1 s in all).
FIRST_DELAY = 0.01
MAX_DELAY = 0.25
RETRYABLE = (OperationalError, IntegrityError)


def commit(db: Session, write: Callable[[], T]) -> T:
    """Runs `write()` and commits; retries the whole of it when the database is busy.

    The write runs in a transaction of its own: what the session did before (typically a
    dependency reading the office) is committed first, so that `write()` can take the write
    lock as it begins (SQLite: BEGIN IMMEDIATE, api/db.py) rather than upgrade a read lock.
    """
    if db.in_transaction():
        db.commit()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            result = write()
            db.commit()
            return result
        except RETRYABLE as exc:
            db.rollback()
            if attempt == ATTEMPTS:
                log.error("database write failed %d times, giving up: %s", attempt, exc)
                raise
            delay = min(FIRST_DELAY * 2 ** (attempt - 1), MAX_DELAY)
            log.info(
                "database busy (%s), attempt %d of %d", type(exc.orig).__name__, attempt, ATTEMPTS
            )
            time.sleep(delay * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")
