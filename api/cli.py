"""Small admin commands.

python -m api.cli create-key OFFICE_ID [LABEL]   prints a new staff key (stored hashed)
python -m api.cli delete-session SESSION_ID      deletes a conversation: history, resource map,
                                                 transcript link and Rasa's tracker
python -m api.cli purge-trackers [DAYS]          deletes Rasa conversations idle for more than
                                                 DAYS (default RASA_TRACKER_RETENTION_DAYS)
"""

from __future__ import annotations

import sys
from datetime import timedelta

from sqlalchemy.orm import Session

from api.config import get_settings
from api.db import make_engine
from api.errors import ServiceError
from api.services.offices import create_api_key
from api.services.sessions import delete_conversation
from api.services.trackers import tracker_store


def create_key(args: list[str]) -> int:
    engine = make_engine(get_settings().API_DATABASE_URL)
    with Session(engine) as db:
        key = create_api_key(db=db, office_id=args[0], label=" ".join(args[1:]))
    print(key)
    return 0


def delete_session(args: list[str]) -> int:
    settings = get_settings()
    engine = make_engine(settings.API_DATABASE_URL)
    trackers = tracker_store(settings.RASA_TRACKER_STORE_URL)
    try:
        with Session(engine) as db:
            delete_conversation(
                db=db, trackers=trackers, session_id=args[0], salt=settings.SENDER_SALT
            )
    except ServiceError as exc:
        print(f"{args[0]}: {exc.code.value}", file=sys.stderr)
        return 1
    finally:
        if trackers is not None:
            trackers.close()
    print(f"deleted {args[0]}")
    return 0


def purge_trackers(args: list[str]) -> int:
    settings = get_settings()
    days = int(args[0]) if args else settings.RASA_TRACKER_RETENTION_DAYS
    trackers = tracker_store(settings.RASA_TRACKER_STORE_URL)
    if trackers is None:
        print("RASA_TRACKER_STORE_URL is empty: Rasa keeps no trackers on disk")
        return 0
    try:
        purged = trackers.purge(older_than=timedelta(days=days))
    finally:
        trackers.close()
    print(f"purged {purged} conversation(s) idle for more than {days} days")
    return 0


COMMANDS = {
    "create-key": (create_key, 1),
    "delete-session": (delete_session, 1),
    "purge-trackers": (purge_trackers, 0),
}


def main(argv: list[str]) -> int:
    command = COMMANDS.get(argv[0]) if argv else None
    if command is None or len(argv) - 1 < command[1]:
        print(__doc__, file=sys.stderr)
        return 2
    return command[0](argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
