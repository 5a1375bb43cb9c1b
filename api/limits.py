"""Field limits, in characters: one number per field, used by the request schemas (which reject
longer input with 422) and by the ORM column sizes (so nothing valid is ever cut or refused by
the database).

Migrations keep their own literal numbers: they record what the schema was at that revision.
"""

from __future__ import annotations

from typing import Final

OFFICE_ID: Final = 64
SESSION_ID: Final = 64
OFFICE_DISPLAY_NAME: Final = 200
OFFICE_CONTACT_TEXT: Final = 1000
THEME_COLOR: Final = 7  # "#rrggbb"
API_KEY_LABEL: Final = 100

HANDOFF_NAME: Final = 100
HANDOFF_CONTACT: Final = 200
HANDOFF_PREFERRED_TIME: Final = 100
HANDOFF_MESSAGE: Final = 1000

# Days an office keeps conversations, callback requests and maps (offices.retention_days).
RETENTION_DAYS_DEFAULT: Final = 90
RETENTION_DAYS_MIN: Final = 1
RETENTION_DAYS_MAX: Final = 3650
# Rows per page of the staff lists.
STAFF_PAGE_DEFAULT: Final = 100
STAFF_PAGE_MAX: Final = 500
# Integer ids in paths and queries: a PostgreSQL INTEGER (security review L1).
ROW_ID_MAX: Final = 2_147_483_647
