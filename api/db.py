"""Engine and session factory (SQLAlchemy 2).

SQLite (the embedded default) is set up to hold concurrent traffic: WAL (readers never block the
writer), a busy timeout (a writer waits for the lock instead of failing), and `BEGIN IMMEDIATE`
for every transaction that may write, so a transaction takes the write lock when it starts and
never fails later on the read → write lock upgrade (`database is locked` under load, review H1).
GET requests only read: they start `BEGIN DEFERRED` and never wait for a writer.
PostgreSQL pools are sized from settings so that every process fits `max_connections`
(docs/deploy.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from fastapi import Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from bot.sqlite_wal import use_wal

# Execution option naming how an SQLite transaction begins: "IMMEDIATE" (default) or "DEFERRED".
SQLITE_BEGIN = "sqlite_begin"
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


class Base(DeclarativeBase):
    pass


def make_engine(
    url: str,
    *,
    pool_size: int | None = None,
    max_overflow: int | None = None,
    busy_timeout_seconds: float | None = None,
) -> Engine:
    """An engine; unset sizes come from the settings (API_DB_POOL_SIZE, API_DB_MAX_OVERFLOW,
    API_SQLITE_BUSY_TIMEOUT_SECONDS). For SQLite the parent folder is created, SAVEPOINTs work
    and the journal is WAL."""
    from api.config import get_settings  # api.config does not import this module: no cycle

    settings = get_settings()
    if not url.startswith("sqlite"):
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=settings.API_DB_POOL_SIZE if pool_size is None else pool_size,
            max_overflow=settings.API_DB_MAX_OVERFLOW if max_overflow is None else max_overflow,
        )
    if ":///" in url:
        path = url.split(":///", 1)[1].split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    timeout = (
        settings.API_SQLITE_BUSY_TIMEOUT_SECONDS
        if busy_timeout_seconds is None
        else busy_timeout_seconds
    )
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": timeout})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy emits BEGIN (below).
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        use_wal(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {'DEFERRED' if mode == 'DEFERRED' else 'IMMEDIATE'}")

    return engine


_read_only_engines: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


def read_only(engine: Engine) -> Engine:
    """The same engine (same pool) whose SQLite transactions begin DEFERRED: for reads only."""
    found = _read_only_engines.get(engine)
    if found is None:
        found = _read_only_engines[engine] = engine.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
    return found


def get_db(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    if request.method in READ_ONLY_METHODS:
        with factory(bind=read_only(request.app.state.engine)) as session:
            yield session
        return
    with factory() as session:
        yield session


@contextmanager
def short_read(db: Session) -> Iterator[None]:
    """A dependency's lookup in a transaction of its own, ended as soon as it is done.

    A POST request's session begins its transactions IMMEDIATE (the write lock) on SQLite. Had the
    office lookup of `PublicOffice` opened that transaction, the request would hold the write lock
    and a pooled connection while it waits for a threadpool thread for its route; with more
    requests than threads, the threads wait for the lock and the lock holder for a thread (the
    load bench at 64 sessions stalled in exactly this way). So the lookup begins DEFERRED (a WAL
    reader takes no lock) and is committed at once, which also gives the connection back.
    """
    if not db.in_transaction() and isinstance(db.get_bind(), Engine):
        db.connection(execution_options={SQLITE_BEGIN: "DEFERRED"})
    yield
    db.commit()
