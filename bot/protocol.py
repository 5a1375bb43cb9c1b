"""The contract between the bot (Rasa + the action server) and the API layer that relays it.

- Buttons carry payloads: `/intent` or `/intent{json}`. The API accepts a payload only when it
  matches `PAYLOAD_PATTERN` as a whole.
- The action server talks to the API through custom messages, `{"custom": {KEY: ...}}`. The API
  consumes them (stores a map, adds a link, marks a question as unanswered) instead of showing them.
- The resource map's buttons are `/rmap_choice{"choice": "..."}`; the API adds the office's own
  directory entries as `suggest:<name>` choices.

Bot, actions and API all import these names (stdlib only, so both virtual environments can), so a
renamed key or intent fails a test instead of silently dropping a feature.
"""

from __future__ import annotations

import json
import re
from typing import Final

# --- payloads ---------------------------------------------------------------------------------

PAYLOAD_INTENT_MAX_CHARS: Final = 64
PAYLOAD_JSON_MAX_CHARS: Final = 200
PAYLOAD_PATTERN: Final = re.compile(
    rf"/[A-Za-z0-9_]{{1,{PAYLOAD_INTENT_MAX_CHARS}}}(\{{.{{0,{PAYLOAD_JSON_MAX_CHARS}}}\}})?"
)


def is_payload(text: str) -> bool:
    """True when the whole of `text` is a button payload (a trailing newline is not)."""
    return PAYLOAD_PATTERN.fullmatch(text) is not None


def payload(intent: str, data: dict[str, str] | None = None) -> str:
    """`/intent` or `/intent{"key":"value"}` (compact JSON, Japanese kept as it is)."""
    if not data:
        return "/" + intent
    return "/" + intent + json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def payload_data(text: str, *, intent: str) -> dict[str, object] | None:
    """The JSON object of `/intent{...}`, or None when `text` is not such a payload."""
    prefix = "/" + intent + "{"
    if not text.startswith(prefix):
        return None
    try:
        data = json.loads(text[len(prefix) - 1 :])
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


# --- typed text ---------------------------------------------------------------------------------

# Rasa reads any message that starts with "/" (after white space is stripped) as an intent with
# entities (rasa.shared...YAMLStoryReader.unpack_regex_message), so a typed "/restart" would reset
# the conversation. Typed text goes to Rasa with that first "/" as the full-width "／": the
# tokenizer NFKC-normalises it back to "/", so the NLU sees the very same tokens as for the text.
TYPED_SLASH: Final = "\uff0f"


def as_typed_text(text: str) -> str:
    """`text` as Rasa must receive a message the user typed: never read as an intent."""
    stripped = text.lstrip()
    if not stripped.startswith("/"):
        return text
    return text[: len(text) - len(stripped)] + TYPED_SLASH + stripped[1:]


# --- custom messages from the action server ----------------------------------------------------

EASY_JA: Final = "easy_ja"
"""str: the やさしい日本語 variant of the text message right before it."""
LINKS: Final = "links"
"""list of {"title", "url"}: links on the text message right before it."""
CALENDAR: Final = "calendar"
"""{"start": ISO date, "variant": SupportVariant}: the API answers with an .ics link."""
UNANSWERED: Final = "unanswered"
"""One of UNANSWERED_REASONS: the bot could not answer the user's message (staff see it)."""
UNANSWERED_REASONS: Final = ("fallback", "out_of_scope")
RESOURCE_MAP: Final = "resource_map"
"""{"map": ResourceMap.to_dict(), "disability_types": [...] | None}: store this map."""
RESOURCE_MAP_DELETED: Final = "resource_map_deleted"
"""true: the user deleted the map; delete the stored copy."""
RESOURCE_MAP_SUGGESTIONS: Final = "resource_map_suggestions"
"""{"area": LifeArea value}: add the office's entries for that area to the previous buttons."""

# --- the resource map's choices ------------------------------------------------------------------

CHOICE_INTENT: Final = "rmap_choice"
SUGGEST_PREFIX: Final = "suggest:"


def choice_payload(choice: str) -> str:
    """The button payload for one choice of the resource map dialogue."""
    return payload(CHOICE_INTENT, {"choice": choice})


def suggestion_choice(name: str) -> str:
    """The choice that fills a contact with `name` (a suggestion button)."""
    return SUGGEST_PREFIX + name


def choice_of(text: str) -> str | None:
    """The choice inside a resource map button payload, or None."""
    data = payload_data(text, intent=CHOICE_INTENT)
    choice = data.get("choice") if data else None
    return choice if isinstance(choice, str) else None


def is_suggestion_payload(text: str) -> bool:
    """True for a suggestion button (`suggest:<name>`), the kind the API may replace."""
    choice = choice_of(text)
    return choice is not None and choice.startswith(SUGGEST_PREFIX)
