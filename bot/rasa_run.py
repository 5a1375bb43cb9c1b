"""`rasa` with Rasa 3.6's check of action server responses compiled once, and its SQLite tracker
store in WAL mode with synchronous=NORMAL.

    .venvs/rasa/bin/python -m bot.rasa_run run --model models/bot.tar.gz ...   # as `rasa run ...`

Rasa checks every response of the action server with `jsonschema.validate(result, schema)`.
That call first validates the schema itself (a constant) against the JSON Schema metaschema and
then builds a new validator, every time: on the load bench this was about a quarter of the Rasa
process's CPU (docs/benchmarks.md, "Where a Rasa turn's time goes"). Here the validator is built
once. A response is accepted or rejected exactly as before, with the same error and message.

The default tracker store is a SQLite file (endpoints.yml). Rasa opens it with SQLite's defaults:
a rollback journal and an fsync at every commit, one commit per turn. WAL lets the API delete a
conversation while Rasa reads, and synchronous=NORMAL (as the API's own database, api/db.py)
survives a crash of any process (bot/sqlite_wal.py).
"""

from __future__ import annotations

import functools
import sqlite3
import sys
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.sqlite_wal import use_wal


@functools.lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    return validator_for(schema)(schema)


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with the validator built once."""
    error: ValidationError | None = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    # The same text as Rasa's own check adds.
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """On every new SQLite connection of this process (Rasa's only engine: the tracker store)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        use_wal(dbapi_connection)


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    if not event.contains(Engine, "connect", sqlite_pragmas):
        event.listen(Engine, "connect", sqlite_pragmas)


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
