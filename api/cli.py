"""Small admin commands.

python -m api.cli create-key OFFICE_ID [LABEL]   prints a new staff key (stored hashed)
"""

from __future__ import annotations

import sys

from sqlalchemy.orm import Session

from api.config import get_settings
from api.db import make_engine
from api.services.offices import create_api_key


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "create-key":
        print(__doc__, file=sys.stderr)
        return 2
    engine = make_engine(get_settings().API_DATABASE_URL)
    with Session(engine) as db:
        key = create_api_key(db=db, office_id=argv[1], label=" ".join(argv[2:]))
    print(key)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
