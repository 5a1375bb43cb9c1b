"""Helpers shared by the resource map tests: a one-contact map, a state at any step, one turn."""

from __future__ import annotations

from bot.resource_map.dialogue import Reply, handle
from bot.resource_map.model import Contact, LifeArea, ResourceMap
from bot.resource_map.state import DialogueState, Step

W, H, D, L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE


def one_contact_map() -> ResourceMap:
    return ResourceMap(goal="働き続けたい").add_contact(
        W, Contact("上司", organisation="総務課", about="仕事の量", phone="000-0000-0000")
    )


def at(step: Step, **kw: object) -> DialogueState:
    defaults: dict[str, object] = {"consent": False}
    if step in (Step.AREA, Step.ABOUT, Step.HOW):
        defaults["area"] = W
    if step in (Step.ABOUT, Step.HOW):
        defaults["pending"] = Contact("上司")
    if step in (Step.EDIT_FIELD, Step.EDIT_VALUE):
        defaults["map"] = one_contact_map()
        defaults["area"] = W
        defaults["edit"] = (W, 0, "about" if step is Step.EDIT_VALUE else "")
    return DialogueState(step=step, **{**defaults, **kw})  # type: ignore[arg-type]


def choices(reply: Reply) -> list[str]:
    return [c for _, c in reply.buttons]


def say(
    state: DialogueState, text: str = "", choice: str | None = None
) -> tuple[DialogueState, Reply]:
    return handle(state, text=text, choice=choice)
