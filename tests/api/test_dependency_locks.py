"""The public dependencies' lookups hold no SQLite write lock once they are done.

A POST request's transactions begin IMMEDIATE on SQLite. If the office lookup of `PublicOffice`
(or the session lookup of `SessionForOrigin`) opened one, the request would keep the write lock
while it waits for a threadpool thread for its route; the load bench at 64 concurrent sessions
stalled that way (every thread waiting for the lock, the lock holder waiting for a thread).
Checked with a second plain sqlite3 connection that must take the write lock at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import migrate
from sqlalchemy.orm import Session, sessionmaker

from api.db import make_engine
from api.deps import public_office, session_for_origin
from api.models import ChatSession
from api.services.offices import get_office

OWN = "http://api.test"


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "api.sqlite"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def db(sqlite_file: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{sqlite_file}")
    with sessionmaker(bind=engine, expire_on_commit=False)() as session:
        yield session
    engine.dispose()


def write_lock_is_free(path: Path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        other.close()


def test_a_plain_lookup_on_a_post_session_takes_the_write_lock(
    db: Session, sqlite_file: Path
) -> None:
    # What the dependencies must not leave behind (and what makes the test below meaningful).
    get_office(db=db, office_id="demo")
    assert db.in_transaction()
    assert not write_lock_is_free(sqlite_file)


def test_public_office_leaves_no_transaction_and_no_lock(db: Session, sqlite_file: Path) -> None:
    office = public_office(office_id="demo", db=db, own=OWN, origin=None)
    assert office.id == "demo"
    assert not db.in_transaction()
    assert write_lock_is_free(sqlite_file)
    assert office.display_name  # still readable: the session does not expire on commit


def test_session_for_origin_leaves_no_transaction_and_no_lock(
    db: Session, sqlite_file: Path
) -> None:
    db.add(ChatSession(id="s" * 32, office_id="demo"))
    db.commit()
    session = session_for_origin(session_id="s" * 32, db=db, own=OWN, origin=None)
    assert session.office_id == "demo"
    assert not db.in_transaction()
    assert write_lock_is_free(sqlite_file)
