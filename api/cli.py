"""Admin commands (the API's database from API_DATABASE_URL, Rasa's from RASA_TRACKER_STORE_URL).

python -m api.cli create-office OFFICE_ID NAME [--contact TEXT] [--origin URL]...
                                                 creates an office (then a key for it)
python -m api.cli create-key OFFICE_ID [LABEL]   prints a new staff key (stored hashed)
python -m api.cli list-keys [OFFICE_ID]          lists the staff keys: id, office, label, dates
python -m api.cli revoke-key KEY_ID              revokes a staff key (it opens nothing any more)
python -m api.cli rotate-key KEY_ID              revokes a key and prints its replacement
python -m api.cli delete-session SESSION_ID      deletes a conversation: history, resource map,
                                                 transcript link and Rasa's tracker
python -m api.cli purge                          deletes what each office keeps beyond its
                                                 retention period (and those sessions' Rasa
                                                 trackers), idle Rasa trackers and old audit log
                                                 entries; `make run` runs it daily
python -m api.cli purge-trackers [DAYS]          only the Rasa conversations idle for more than
                                                 DAYS (default RASA_TRACKER_RETENTION_DAYS)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.orm import Session

from api.config import get_settings
from api.db import make_engine
from api.errors import ServiceError
from api.models import utcnow
from api.services import audit, retention
from api.services.offices import create_api_key, create_office, list_keys, revoke_key, rotate_key
from api.services.sessions import delete_conversation
from api.services.trackers import tracker_store


def database() -> Session:
    return Session(make_engine(get_settings().API_DATABASE_URL), expire_on_commit=False)


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def cmd_create_office(args: argparse.Namespace) -> int:
    with database() as db:
        try:
            office = create_office(
                db=db,
                office_id=args.office_id,
                display_name=args.name,
                contact_text=args.contact,
                allowed_origins=args.origin,
            )
        except ValueError as exc:
            return fail(f"not created: {exc}")
    print(f"created office {office.id} ({office.display_name}); origins: {office.allowed_origins}")
    print(f"a staff key for it: python -m api.cli create-key {office.id}")
    return 0


def cmd_create_key(args: argparse.Namespace) -> int:
    with database() as db:
        try:
            key = create_api_key(db=db, office_id=args.office_id, label=" ".join(args.label))
        except ServiceError as exc:
            return fail(f"{args.office_id}: {exc.code.value}")
    print(key)
    return 0


def cmd_list_keys(args: argparse.Namespace) -> int:
    with database() as db:
        rows = list_keys(db=db, office_id=args.office_id)
    print("id\toffice\tlabel\tcreated\trevoked")
    for row in rows:
        revoked = row.revoked_at.isoformat(timespec="seconds") if row.revoked_at else "-"
        created = row.created_at.isoformat(timespec="seconds")
        print(f"{row.id}\t{row.office_id}\t{row.label}\t{created}\t{revoked}")
    return 0


def cmd_revoke_key(args: argparse.Namespace) -> int:
    with database() as db:
        try:
            row = revoke_key(db=db, key_id=args.key_id)
        except ValueError as exc:
            return fail(str(exc))
    print(f"revoked key {row.id} of {row.office_id}")
    return 0


def cmd_rotate_key(args: argparse.Namespace) -> int:
    with database() as db:
        try:
            row, key = rotate_key(db=db, key_id=args.key_id)
        except ValueError as exc:
            return fail(str(exc))
    print(f"revoked key {args.key_id}; new key {row.id} of {row.office_id}:", file=sys.stderr)
    print(key)
    return 0


def cmd_delete_session(args: argparse.Namespace) -> int:
    settings = get_settings()
    trackers = tracker_store(settings.RASA_TRACKER_STORE_URL)
    try:
        with database() as db:
            delete_conversation(
                db=db, trackers=trackers, session_id=args.session_id, salt=settings.SENDER_SALT
            )
    except ServiceError as exc:
        return fail(f"{args.session_id}: {exc.code.value}")
    finally:
        if trackers is not None:
            trackers.close()
    print(f"deleted {args.session_id}")
    return 0


def cmd_purge(_args: argparse.Namespace) -> int:
    settings = get_settings()
    trackers = tracker_store(settings.RASA_TRACKER_STORE_URL)
    now = utcnow()
    try:
        with database() as db:
            reports = retention.purge(db=db, trackers=trackers, now=now, salt=settings.SENDER_SALT)
            before = now - timedelta(days=settings.AUDIT_LOG_RETENTION_DAYS)
            audit_rows = audit.purge(db=db, before=before)
        idle = 0
        if trackers is not None:
            idle = trackers.purge(older_than=timedelta(days=settings.RASA_TRACKER_RETENTION_DAYS))
    except retention.TrackerPurgeFailed as exc:
        return fail(f"Rasa's tracker store failed; the rest is purged on the next run: {exc}")
    finally:
        if trackers is not None:
            trackers.close()
    for office_id, report in reports.items():
        print(f"office {office_id}: {report}")
    print(f"audit log entries {audit_rows}; idle Rasa conversations {idle}")
    return 0


def cmd_purge_trackers(args: argparse.Namespace) -> int:
    settings = get_settings()
    days = args.days if args.days is not None else settings.RASA_TRACKER_RETENTION_DAYS
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


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m api.cli", add_help=True)
    commands = root.add_subparsers(dest="command", required=True)

    def command(name: str, run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name)
        sub.set_defaults(run=run)
        return sub

    sub = command("create-office", cmd_create_office)
    sub.add_argument("office_id")
    sub.add_argument("name")
    sub.add_argument("--contact", default="")
    sub.add_argument("--origin", action="append", default=[])
    sub = command("create-key", cmd_create_key)
    sub.add_argument("office_id")
    sub.add_argument("label", nargs="*")
    command("list-keys", cmd_list_keys).add_argument("office_id", nargs="?")
    command("revoke-key", cmd_revoke_key).add_argument("key_id", type=int)
    command("rotate-key", cmd_rotate_key).add_argument("key_id", type=int)
    command("delete-session", cmd_delete_session).add_argument("session_id")
    command("purge", cmd_purge)
    command("purge-trackers", cmd_purge_trackers).add_argument("days", type=int, nargs="?")
    return root


def main(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # --help or a usage error: argparse has printed why
        if exc.code not in (0, None):
            print(__doc__, file=sys.stderr)
        return 0 if exc.code in (0, None) else 2
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
