"""Conversation state machine for building a resource map (issue 4): pure, stdlib only.

The Rasa side keeps one slot holding `DialogueState.to_json()` (`bot.resource_map.state`); its
validation action calls `handle()` and the ask action utters `ask()`.  Nothing here imports Rasa,
FastAPI or SQLAlchemy, and no function raises on user input: validation errors of the domain come
back as the same step with their Japanese message.

Flow (002 §32 worksheet): CONSENT (once; 要配慮個人情報) → DISABILITY (only with
consent) → GOAL (optional) → for each pending area: AREA (suggestions as buttons, or
a typed name) → ABOUT → HOW → contact added → AREA again (「ほかにもいますか？」) →
DONE (summary).  From the summary: edit a field (EDIT_FIELD → EDIT_VALUE), remove,
add to an area, or finish; this works after DONE as well.

Choices (button values, sent as `bot.protocol.choice_payload`): consent_yes, consent_no,
type:<DisabilityType value>, type_none, goal_skip, suggest:<name> (`protocol.suggestion_choice`;
the API adds the office's own entries the same way), own, skip_area, next_area, about_skip,
how_skip, add:<area>, edit:<area>:<i>, remove:<area>:<i>, field:<name|organisation|about|how>,
clear (empty the field being edited), cancel (leave editing), show (summary), continue (back to
the question after a summary), done.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from bot import protocol
from bot.resource_map import texts
from bot.resource_map.model import (
    DISABILITY_TYPES,
    Contact,
    DisabilityType,
    LifeArea,
    parse_area,
    parse_disability_type,
)
from bot.resource_map.render.text import render_text
from bot.resource_map.state import EDIT_FIELDS, DialogueState, Step
from bot.resource_map.suggestions import suggested_contact, suggestions_for
from bot.resource_map.validation import (
    ResourceMapError,
    normalize_phone,
    normalize_url,
)

__all__ = [
    "MAX_SUGGESTION_BUTTONS",
    "Reply",
    "ask",
    "handle",
    "start",
    "state_summary_dict",
    "summary",
]

MAX_SUGGESTION_BUTTONS = 6

# Before the areas: add/edit/remove from a summary are not offered yet.
_EARLY = (Step.CONSENT, Step.DISABILITY, Step.GOAL)


@dataclass(frozen=True)
class Reply:
    texts: tuple[str, ...]
    buttons: tuple[tuple[str, str], ...] = ()
    suggest_area: LifeArea | None = None
    map_changed: bool = False
    finished: bool = False


_TRAILING = re.compile(r"[。．.！!？?、,\s]+$")
_NAME_ORG = re.compile(r"^(.+?)\s*[（(]([^（）()]+)[）)]$")


def _blank(text: str) -> bool:
    """Nothing visible: only spaces, control or format characters (e.g. zero-width space)."""
    return all(unicodedata.category(c)[0] in "ZC" for c in text)


def _key(text: str) -> str:
    """Short typed answers, for matching keywords (long text never is one)."""
    text = text.strip()
    return _TRAILING.sub("", text).lower() if len(text) <= 60 else ""


# --- questions -----------------------------------------------------------------------


def _suggestion_buttons(state: DialogueState, area: LifeArea) -> tuple[tuple[str, str], ...]:
    have = {c.name_or_role.casefold() for c in state.map.contacts(area)}
    out = []
    for s in suggestions_for(area, state.disability_types):
        if s.label.casefold() not in have:
            out.append((s.label, protocol.suggestion_choice(s.label)))
    return tuple(out[:MAX_SUGGESTION_BUTTONS])


def ask(state: DialogueState) -> Reply:
    """The question and buttons of the current step (no state change)."""
    step = state.step
    if step is Step.CONSENT:
        return Reply((texts.CONSENT_TEXT,), (("はい", "consent_yes"), ("いいえ", "consent_no")))
    if step is Step.DISABILITY:
        buttons = tuple((t.label, f"type:{t.value}") for t in DISABILITY_TYPES)
        return Reply((texts.DISABILITY_Q,), buttons + (("言わない", "type_none"),))
    if step is Step.GOAL:
        return Reply((texts.GOAL_Q, texts.GOAL_EXAMPLE), (("とばす", "goal_skip"),))
    if step is Step.AREA and state.area is not None:
        area = state.area
        buttons = _suggestion_buttons(state, area) + (("自分で入力", "own"),)
        if state.map.contacts(area):
            text = texts.AREA_MORE_Q.format(area=area.label)
            buttons += (("次の分野へ", "next_area"),)
        else:
            text = texts.AREA_Q.format(area=area.label)
            buttons += (("この分野はとばす", "skip_area"),)
        if state.map.contact_count:
            buttons += (("マップを見る", "show"),)
        return Reply((text, texts.AREA_HINT), buttons, suggest_area=area)
    if step is Step.ABOUT and state.pending is not None:
        return Reply(
            (texts.ABOUT_Q.format(name=state.pending.name_or_role),),
            (("とばす", "about_skip"),),
        )
    if step is Step.HOW and state.pending is not None:
        question = texts.HOW_Q.format(name=state.pending.name_or_role)
        known = state.pending.contact_line  # from the office's directory entry
        if known:
            return Reply(
                (question, texts.HOW_KNOWN.format(line=known)), (("このままにする", "how_skip"),)
            )
        return Reply((question, texts.HOW_EXAMPLE), (("とばす", "how_skip"),))
    if step is Step.EDIT_FIELD and state.edit is not None:
        area, index, _ = state.edit
        name = state.map.contact(area, index).name_or_role
        fields = tuple((label, f"field:{key}") for key, label in EDIT_FIELDS.items())
        return Reply(
            (texts.EDIT_FIELD_Q.format(name=name),),
            fields + (("削除する", f"remove:{area.value}:{index}"), ("やめる", "cancel")),
        )
    if step is Step.EDIT_VALUE and state.edit is not None:
        label = EDIT_FIELDS[state.edit[2]]
        cancel: tuple[tuple[str, str], ...] = (("やめる", "cancel"),)
        if state.edit[2] != "name":
            cancel = (("空にする", "clear"),) + cancel
        return Reply((texts.EDIT_VALUE_Q.format(label=label),), cancel)
    return _finish_reply(state, (texts.FINISHED_TEXT,))


def summary(state: DialogueState) -> Reply:
    """The map read back as text, with buttons to edit, remove, add and finish."""
    return Reply(
        (texts.SUMMARY_TEXT, render_text(state.map), texts.SUMMARY_HINT),
        _summary_buttons(state),
        finished=state.step is Step.DONE,
    )


def _summary_buttons(state: DialogueState) -> tuple[tuple[str, str], ...]:
    buttons: list[tuple[str, str]] = []
    for section in state.map.sections:
        for i, c in enumerate(section.contacts):
            name = c.name_or_role if len(c.name_or_role) <= 12 else c.name_or_role[:11] + "…"
            buttons.append((f"直す：{name}", f"edit:{section.area.value}:{i}"))
            buttons.append((f"削除：{name}", f"remove:{section.area.value}:{i}"))
    if state.step not in _EARLY:
        buttons += [(f"{a.short_label}に追加", f"add:{a.value}") for a in LifeArea]
    if state.step is not Step.DONE:
        buttons.append(("続ける", "continue"))
    buttons.append(("完了", "done"))
    return tuple(buttons)


def _finish_reply(state: DialogueState, lead: tuple[str, ...], *, changed: bool = False) -> Reply:
    return Reply(
        lead + (render_text(state.map), texts.SUMMARY_HINT),
        _summary_buttons(state),
        map_changed=changed,
        finished=True,
    )


# --- turns ---------------------------------------------------------------------------


def start(
    state: DialogueState | None, *, lost: bool = False, ask_disability: bool = True
) -> tuple[DialogueState, Reply]:
    """Open the conversation: explain and ask consent, or resume a half-done map.

    `lost`: a saved state could not be read (`DialogueState.restore`): start afresh, and say so.
    `ask_disability` False (LINE, unless the office turned it on: docs/line.md): a fresh map
    skips the consent and disability-type questions, as if consent was declined, and nothing
    about disability is asked or stored.
    """
    if lost or state is None or (state.step is Step.CONSENT and state.map.is_empty):
        state = DialogueState() if ask_disability else DialogueState(consent=False, step=Step.GOAL)
        lead = (texts.LOST_NOTE,) if lost else ()
        consent = (texts.CONSENT_TEXT,) if ask_disability else ()
        return state, Reply(lead + (texts.MAP_EXPLANATION,) + consent, ask(state).buttons)
    if state.step is Step.DONE:
        return state, _finish_reply(state, (texts.DONE_AGAIN,))
    reply = ask(state)
    return state, replace(reply, texts=(texts.RESUME_TEXT,) + reply.texts)


def handle(state: DialogueState, *, text: str, choice: str | None) -> tuple[DialogueState, Reply]:
    """One user turn: a pressed button (`choice`) or typed `text`.  Never raises on input."""
    try:
        if choice:
            return _on_choice(state, choice)
        return _on_text(state, text)
    except ResourceMapError as err:
        return state, _again(state, err.message)


def _again(state: DialogueState, note: str) -> Reply:
    reply = ask(state)
    return replace(reply, texts=(note,) + reply.texts)


def _then(
    state: DialogueState, lead: tuple[str, ...], *, changed: bool = False
) -> tuple[DialogueState, Reply]:
    reply = (
        ask(state) if state.step is not Step.DONE else _finish_reply(state, (texts.FINISHED_TEXT,))
    )
    return state, replace(reply, texts=lead + reply.texts, map_changed=changed)


def _next_area(state: DialogueState) -> DialogueState:
    """Move on to the next area neither filled nor skipped, or to DONE."""
    area = state.map.next_area()
    step = Step.AREA if area is not None else Step.DONE
    return replace(state, step=step, area=area, pending=None, edit=None)


def _parse_index(arg: str) -> tuple[LifeArea, int] | None:
    """「workplace:0」 → (LifeArea.WORKPLACE, 0); None when it is not an area and an index."""
    area_text, _, index_text = arg.partition(":")
    area = parse_area(area_text)
    if area is None or not index_text.isdigit() or len(index_text) > 3:
        return None
    return area, int(index_text)


def _on_choice(state: DialogueState, choice: str) -> tuple[DialogueState, Reply]:
    name, _, arg = choice.partition(":")
    step = state.step

    # Available in every step.
    if choice == "show":
        return state, summary(state)
    if choice == "continue":
        return state, ask(state)
    if choice == "done":
        m = state.map
        for pending_area in m.pending_areas():
            m = m.skip_area(pending_area)
        done = replace(state, map=m, step=Step.DONE, area=None, pending=None, edit=None)
        return done, _finish_reply(done, (texts.FINISHED_TEXT,), changed=m != state.map)
    if name == "add" and step not in _EARLY:
        area = parse_area(arg)
        if area is not None:
            return _then(replace(state, step=Step.AREA, area=area, pending=None, edit=None), ())
    if name in ("edit", "remove") and step not in _EARLY:
        where = _parse_index(arg)
        if where is not None:
            area, index = where
            state.map.contact(area, index)  # CONTACT_NOT_FOUND when out of range
            if name == "edit":
                return _then(
                    replace(
                        state, step=Step.EDIT_FIELD, area=area, pending=None, edit=(area, index, "")
                    ),
                    (),
                )
            m = state.map.remove_contact(area, index)
            if not m.contacts(area):
                m = m.skip_area(area)  # the user emptied it on purpose
            return _then(_next_area(replace(state, map=m)), (texts.REMOVED_TEXT,), changed=True)

    if step is Step.CONSENT and choice in ("consent_yes", "consent_no"):
        return _on_consent(state, choice == "consent_yes")
    if step is Step.DISABILITY:
        if choice == "type_none":
            return _then(replace(state, step=Step.GOAL, disability_types=()), ())
        dt = parse_disability_type(arg) if name == "type" else None
        if dt is not None:
            return _then(replace(state, step=Step.GOAL, disability_types=(dt,)), ())
    if step is Step.GOAL and choice == "goal_skip":
        return _then(_next_area(state), ())
    if step is Step.AREA and state.area is not None:
        if choice.startswith(protocol.SUGGEST_PREFIX):
            contact = suggested_contact(choice.removeprefix(protocol.SUGGEST_PREFIX))
            if contact is not None:
                return _new_contact(state, contact)
        if choice == "own":
            return state, Reply(
                (texts.OWN_Q,),
                (("この分野はとばす", "skip_area"),)
                if not state.map.contacts(state.area)
                else (("次の分野へ", "next_area"),),
                suggest_area=state.area,
            )
        if choice in ("skip_area", "next_area"):
            return _leave_area(state)
    if step is Step.ABOUT and choice == "about_skip":
        return _then(replace(state, step=Step.HOW), ())
    if step is Step.HOW and choice == "how_skip":
        return _add_pending(state, state.pending)
    if step in (Step.EDIT_FIELD, Step.EDIT_VALUE) and choice == "cancel":
        return _then(_next_area(state), ())
    if (
        step is Step.EDIT_FIELD
        and state.edit is not None
        and name == "field"
        and arg in EDIT_FIELDS
    ):
        return _then(replace(state, step=Step.EDIT_VALUE, edit=state.edit[:2] + (arg,)), ())
    if step is Step.EDIT_VALUE and choice == "clear":
        return _apply_edit(state, "")
    return state, _again(state, texts.STALE_NOTE)


def _on_consent(state: DialogueState, yes: bool) -> tuple[DialogueState, Reply]:
    if yes:
        return _then(replace(state, consent=True, step=Step.DISABILITY), ())
    return _then(
        replace(state, consent=False, disability_types=(), step=Step.GOAL),
        (texts.CONSENT_DECLINED_TEXT,),
    )


def _leave_area(state: DialogueState) -> tuple[DialogueState, Reply]:
    assert state.area is not None
    m = state.map
    if not m.contacts(state.area):
        m = m.skip_area(state.area)
    return _then(_next_area(replace(state, map=m)), (), changed=m != state.map)


def _on_text(state: DialogueState, text: str) -> tuple[DialogueState, Reply]:
    step = state.step
    if step is Step.DONE:
        return state, _finish_reply(state, (texts.DONE_AGAIN,))
    if _blank(text):
        return state, _again(state, texts.EMPTY_NOTE)
    key = _key(text)
    if step is Step.CONSENT:
        if key in texts.YES_WORDS:
            return _on_consent(state, True)
        if key in texts.NO_WORDS:
            return _on_consent(state, False)
        return state, _again(state, texts.CONSENT_AGAIN)
    if step is Step.DISABILITY:
        if key in texts.NOT_SAY_WORDS:
            return _then(replace(state, step=Step.GOAL, disability_types=()), ())
        types: list[DisabilityType] = []
        for part in re.split(r"[、,・/／と\s]+", key):
            dt = parse_disability_type(part)
            if dt is not None and dt not in types:
                types.append(dt)
        if not types:
            return state, _again(state, texts.DISABILITY_AGAIN)
        return _then(replace(state, step=Step.GOAL, disability_types=tuple(types)), ())
    if step is Step.GOAL:
        if key in texts.SKIP_WORDS:
            return _then(_next_area(state), ())
        m = state.map.with_goal(text)
        return _then(_next_area(replace(state, map=m)), (), changed=True)
    if step is Step.AREA and state.area is not None:
        if key in texts.SKIP_WORDS:
            return _leave_area(state)
        return _new_contact(state, _typed_contact(text))
    if step is Step.ABOUT and state.pending is not None:
        if key in texts.SKIP_WORDS:
            return _then(replace(state, step=Step.HOW), ())
        pending = Contact.from_dict({**state.pending.to_dict(), "about": text})
        return _then(replace(state, step=Step.HOW, pending=pending), ())
    if step is Step.HOW and state.pending is not None:
        if key in texts.SKIP_WORDS:
            return _add_pending(state, state.pending)
        # Only what was typed changes: a phone or hours from the office's directory stay.
        fld, value = _how_field(text)
        return _add_pending(state, Contact.from_dict({**state.pending.to_dict(), fld: value}))
    if step is Step.EDIT_FIELD and state.edit is not None and key in texts.FIELD_WORDS:
        return _then(
            replace(state, step=Step.EDIT_VALUE, edit=state.edit[:2] + (texts.FIELD_WORDS[key],)),
            (),
        )
    if step is Step.EDIT_VALUE and state.edit is not None:
        return _apply_edit(state, text)
    return state, _again(state, texts.STALE_NOTE)


def _how_field(text: str) -> tuple[str, str]:
    """「03-1234-5678」 → phone, 「https://…」/「www.…」 → url, anything else → 連絡方法."""
    clean = text.strip()
    if len(clean) <= 40 and normalize_phone(clean):
        return "phone", clean
    if len(clean) <= 300 and normalize_url(clean):
        return "url", clean
    return "how_to_contact", text


def _typed_contact(text: str) -> Contact:
    """「田中さん（総務課）」 → name 田中さん, organisation 総務課; otherwise just the name."""
    match = _NAME_ORG.match(text.strip()) if len(text) <= 200 else None
    if match:
        return Contact.create(match.group(1), organisation=match.group(2))
    return Contact.create(text)


def _new_contact(state: DialogueState, contact: Contact) -> tuple[DialogueState, Reply]:
    assert state.area is not None
    state.map.add_contact(state.area, contact)  # duplicates / too many: fail now, not later
    return _then(replace(state, step=Step.ABOUT, pending=contact), ())


def _add_pending(state: DialogueState, contact: Contact | None) -> tuple[DialogueState, Reply]:
    assert state.area is not None and contact is not None
    m = state.map.add_contact(state.area, contact)
    new = replace(state, map=m, step=Step.AREA, pending=None)
    return _then(new, (texts.ADDED_TEXT,), changed=True)


def _apply_edit(state: DialogueState, text: str) -> tuple[DialogueState, Reply]:
    assert state.edit is not None
    area, index, fld = state.edit
    if fld == "name":
        if _blank(text):
            return state, _again(state, texts.EMPTY_NOTE)
        changes: dict[str, str | None] = {"name_or_role": text}
    elif fld == "how":  # a new value replaces 連絡方法, phone and URL together
        changes = {"how_to_contact": None, "phone": None, "url": None}
        if not _blank(text):
            how_field, value = _how_field(text)
            changes[how_field] = value
    else:
        changes = {fld: text}
    m = state.map.update_contact(area, index, **changes)
    return _then(_next_area(replace(state, map=m)), (texts.FIXED_TEXT,), changed=True)


def state_summary_dict(state: DialogueState) -> dict[str, Any]:
    """What the action sends to the API to persist: the map, and disability types only
    with consent (None otherwise)."""
    types = [t.value for t in state.disability_types] if state.consent is True else None
    return {"map": state.map.to_dict(), "disability_types": types}
