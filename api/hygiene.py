"""Which characters a text may hold: one rule for every text the API is sent (security review M4,
L2, L12).

Refused everywhere (422 `invalid_text`), the same on SQLite and PostgreSQL:

- NUL and the other C0 controls, DEL and the C1 controls, except tab, line feed and carriage
  return in the fields that are written in a text area (`MULTILINE_FIELDS`);
- lone surrogates (not text at all: they cannot be encoded as UTF-8);
- the bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, which can make a
  row on the staff page read differently from what was stored.

A JSON-escaped payload (`/rmap_choice{"choice":"a\\tb"}`) carries a backslash and a letter, not a
raw control, so it passes. `api.surface` applies this to the path, the query and every string of
a JSON body (keys and values) before any route sees the request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# Fields whose value may hold line breaks (and tabs): the chat message, the handoff message, the
# office's contact text and a directory entry's notes. Every other text is one line. A button
# `payload` is left to its own grammar, which refuses a line break as `invalid_payload`.
MULTILINE_FIELDS = frozenset({"message", "contact_text", "notes", "payload"})
LINE_BREAKS = "\t\n\r"

_CONTROLS = "\x00-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
_FORBIDDEN_IN_LINE = re.compile(f"[{_CONTROLS}{_BIDI}{_SURROGATES}]")
_FORBIDDEN_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}]")


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character no text may hold (see the module docstring), or None."""
    match = (_FORBIDDEN_IN_TEXT if multiline else _FORBIDDEN_IN_LINE).search(text)
    return match.group() if match else None


def json_strings(data: Any, *, max_depth: int) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    """Every string of a parsed JSON document (object keys too), as (location, text, multiline).

    A string may hold line breaks only as the value of a top-level `MULTILINE_FIELDS` key (or an
    item of a list there). Iterative, so a deeply nested document cannot exhaust the stack;
    ValueError when it is nested deeper than `max_depth`.
    """
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if len(loc) > max_depth:
            raise ValueError(f"JSON nested deeper than {max_depth}")
        if isinstance(value, str):
            yield loc, value, bool(loc) and loc[0] in MULTILINE_FIELDS
        elif isinstance(value, dict):
            for key, item in value.items():
                yield (*loc, key), key, False
                stack.append(((*loc, key), item))
        elif isinstance(value, list):
            stack.extend(((*loc, i), item) for i, item in enumerate(value))
