"""How this project's SQLite files are opened: shared by the API's database (api/db.py) and Rasa's
tracker store (bot/rasa_run.py), which run in different environments. Standard library only."""

from __future__ import annotations

import sqlite3


def use_wal(connection: sqlite3.Connection) -> None:
    """WAL with synchronous=NORMAL on a new connection.

    WAL is a property of the file (kept across connections; in-memory databases ignore it): a
    writer does not block readers. With WAL, NORMAL survives a crash of any process; only a power
    cut may lose the last commits, and it never corrupts the file.
    """
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
