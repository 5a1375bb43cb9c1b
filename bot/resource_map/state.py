"""Where the resource map conversation stands: the state the Rasa slot `rmap_state` keeps as JSON.

`bot.resource_map.dialogue` moves from one `DialogueState` to the next; this module only says what a
state is, how it is written to and read from JSON, and which states are consistent.

Stdlib only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.resource_map.model import Contact, DisabilityType, LifeArea, ResourceMap
from bot.resource_map.validation import FIELD_LABELS, ResourceMapError

__all__ = ["EDIT_FIELDS", "STATE_VERSION", "DialogueState", "Step"]

# Written into every state; a state of another version is not read (the conversation starts
# afresh and says so: `bot.resource_map.dialogue.start(..., lost=True)`).
STATE_VERSION = 1


class Step(str, Enum):
    CONSENT = "consent"
    DISABILITY = "disability"
    GOAL = "goal"
    AREA = "area"
    ABOUT = "about"
    HOW = "how"
    EDIT_FIELD = "edit_field"
    EDIT_VALUE = "edit_value"
    DONE = "done"


# Editable fields (choice "field:<key>") → Japanese label.  "how" covers 連絡方法,
# phone and URL together: a new value replaces all three.
EDIT_FIELDS: dict[str, str] = {
    "name": FIELD_LABELS["name_or_role"],
    "organisation": FIELD_LABELS["organisation"],
    "about": FIELD_LABELS["about"],
    "how": FIELD_LABELS["how_to_contact"],
}


@dataclass(frozen=True)
class DialogueState:
    map: ResourceMap = field(default_factory=ResourceMap)
    step: Step = Step.CONSENT
    area: LifeArea | None = None
    pending: Contact | None = None
    consent: bool | None = None
    disability_types: tuple[DisabilityType, ...] = ()
    edit: tuple[LifeArea, int, str] | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "v": STATE_VERSION,
                "map": self.map.to_dict(),
                "step": self.step.value,
                "area": self.area.value if self.area else None,
                "pending": self.pending.to_dict() if self.pending else None,
                "consent": self.consent,
                "disability_types": [t.value for t in self.disability_types],
                "edit": [self.edit[0].value, self.edit[1], self.edit[2]] if self.edit else None,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | None) -> DialogueState:
        """Inverse of `to_json`; None, garbage, another version or an inconsistent state → a
        fresh state."""
        return cls.restore(text)[0]

    @classmethod
    def restore(cls, text: str | None) -> tuple[DialogueState, bool]:
        """The state `to_json` wrote, and whether one was lost: (a fresh state, True) when
        `text` holds something that is not a state of this version, or not a consistent one.
        Nothing (None, "") is not a loss: (a fresh state, False)."""
        if not text or not isinstance(text, str):
            return cls(), False
        try:
            data = json.loads(text)
            version = data.get("v") if isinstance(data, dict) else None
            if type(version) is not int or version != STATE_VERSION:
                return cls(), True
            state = cls(
                map=ResourceMap.from_dict(data["map"]),
                step=Step(data["step"]),
                area=LifeArea(data["area"]) if data.get("area") is not None else None,
                pending=Contact.from_dict(data["pending"]) if data.get("pending") else None,
                consent=data.get("consent"),
                disability_types=tuple(
                    DisabilityType(t) for t in data.get("disability_types") or ()
                ),
                edit=_edit_from(data.get("edit")),
            )
        except (
            ResourceMapError,
            ValueError,
            TypeError,
            KeyError,
            AttributeError,
            IndexError,
            RecursionError,
        ):
            return cls(), True
        return (state, False) if _consistent(state) else (cls(), True)


def _edit_from(value: Any) -> tuple[LifeArea, int, str] | None:
    if value is None:
        return None
    area, index, fld = value
    if type(index) is not int or not isinstance(fld, str):
        raise TypeError("bad edit")
    return LifeArea(area), index, fld


def _consistent(s: DialogueState) -> bool:
    if s.consent not in (None, True, False):
        return False
    if s.disability_types and s.consent is not True:
        return False
    if s.step in (Step.AREA, Step.ABOUT, Step.HOW) and s.area is None:
        return False
    if (s.step in (Step.ABOUT, Step.HOW)) != (s.pending is not None):
        return False
    if s.step in (Step.EDIT_FIELD, Step.EDIT_VALUE):
        if s.edit is None or not 0 <= s.edit[1] < len(s.map.contacts(s.edit[0])):
            return False
        if s.step is Step.EDIT_VALUE and s.edit[2] not in EDIT_FIELDS:
            return False
    return True
