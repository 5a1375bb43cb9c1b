"""Resource map (リソースマップ) of post-service contacts: the worksheet as data.

The support manual (seed 002 §32, also 004 §10) recommends that, before the 3-year
就労定着支援 ends, the person fills in a worksheet: their own goal (自分のめざす姿) in
the centre and, for each area of life, whom they can consult (name, organisation),
about what and how.  This module models that worksheet; `validation` says what valid
values are, `suggestions` whom to suggest, `texts` what the bot says.

Stdlib only: no Rasa, FastAPI or SQLAlchemy imports.  Everything is a frozen
dataclass or an Enum; every "edit" returns a new map.  Conversation (actions),
persistence and HTTP routes live elsewhere and only call into this package.

Sources (all under ../shared/):
  FACTS.md "After the service ends"; seeds/002 §11, §15–17, §22–34; seeds/004 §6, §7, §10.
Section numbers of 002 follow its own headings ("32．…").  In the text extraction
a heading sometimes sits at the bottom of its page, after the text it titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from typing import Any, TypedDict

from bot.resource_map.validation import (
    MAX_CONTACTS_PER_AREA,
    ErrorCode,
    Problem,
    ResourceMapError,
    check_phone,
    check_text,
    check_url,
    nfkc,
    problem,
)

__all__ = [
    "DISABILITY_TYPES",
    "LIFE_AREAS",
    "AreaSection",
    "Contact",
    "DisabilityType",
    "LifeArea",
    "ResourceMap",
    "area_of",
    "parse_area",
    "parse_disability_type",
    "profile_to_store",
]


# --- areas of life -------------------------------------------------------------------


class LifeArea(str, Enum):
    """The four areas of the manual's worksheet, in the worksheet's order.

    Labels exactly as in 002 §32 (worksheet figure) and FACTS.md "Resource map":
    職場の安定, 心身の安定, 生活の安定, 余暇の充実.
    """

    WORKPLACE = "workplace"
    HEALTH = "health"
    DAILY_LIFE = "daily_life"
    LEISURE = "leisure"

    @property
    def label(self) -> str:
        return _AREA_LABELS[self]

    @property
    def short_label(self) -> str:
        return _AREA_LABELS[self][:2]


_AREA_LABELS: dict[LifeArea, str] = {
    LifeArea.WORKPLACE: "職場の安定",
    LifeArea.HEALTH: "心身の安定",
    LifeArea.DAILY_LIFE: "生活の安定",
    LifeArea.LEISURE: "余暇の充実",
}

LIFE_AREAS: tuple[LifeArea, ...] = tuple(LifeArea)


class DisabilityType(str, Enum):
    """Disability types the manual treats in their own sections (002 §23–28).

    002 §28 covers 精神障害 together with てんかん.  高次脳機能障害 has its own §26
    but no contact that is specific to it, so it only reorders suggestions.
    """

    PHYSICAL = "physical"  # 002 §23 身体障害
    INTELLECTUAL = "intellectual"  # 002 §24 知的障害
    DEVELOPMENTAL = "developmental"  # 002 §25 発達障害
    BRAIN_INJURY = "brain_injury"  # 002 §26 高次脳機能障害
    INTRACTABLE_DISEASE = "intractable_disease"  # 002 §27 難病
    MENTAL = "mental"  # 002 §28 精神障害（てんかんを含む）

    @property
    def label(self) -> str:
        return _DISABILITY_LABELS[self]


_DISABILITY_LABELS: dict[DisabilityType, str] = {
    DisabilityType.PHYSICAL: "身体障害",
    DisabilityType.INTELLECTUAL: "知的障害",
    DisabilityType.DEVELOPMENTAL: "発達障害",
    DisabilityType.BRAIN_INJURY: "高次脳機能障害",
    DisabilityType.INTRACTABLE_DISEASE: "難病",
    DisabilityType.MENTAL: "精神障害",
}

DISABILITY_TYPES: tuple[DisabilityType, ...] = tuple(DisabilityType)


def parse_area(text: str | LifeArea | None) -> LifeArea | None:
    """「職場」「職場の安定」「workplace」 → LifeArea.WORKPLACE; None when unknown."""
    if isinstance(text, LifeArea):
        return text
    if not text:
        return None
    t = nfkc(text).strip().lower()
    for area in LifeArea:
        if t in (area.value, area.label, area.short_label):
            return area
    extra = {
        "心": LifeArea.HEALTH,
        "体": LifeArea.HEALTH,
        "健康": LifeArea.HEALTH,
        "仕事": LifeArea.WORKPLACE,
        "暮らし": LifeArea.DAILY_LIFE,
        "趣味": LifeArea.LEISURE,
        "休日": LifeArea.LEISURE,
    }
    return extra.get(t)


def parse_disability_type(text: str | DisabilityType | None) -> DisabilityType | None:
    """「発達」「発達障害」「developmental」 → DisabilityType.DEVELOPMENTAL; None when unknown."""
    if isinstance(text, DisabilityType):
        return text
    if not text:
        return None
    t = nfkc(text).strip().lower()
    for dt in DisabilityType:
        label = dt.label
        short = label.removesuffix("障害")
        if t in (dt.value, label, short):
            return dt
    if t == "てんかん":  # 002 §28 treats てんかん under 精神障害
        return DisabilityType.MENTAL
    return None


def profile_to_store(
    disability_types: Iterable[DisabilityType | str], *, consented: bool
) -> frozenset[DisabilityType]:
    """What may be persisted about the person: disability types only, and only with consent.

    Without consent nothing is stored (an empty set), whatever was said; unknown
    values are dropped rather than stored as free text.
    """
    if not consented:
        return frozenset()
    out = set()
    for value in disability_types:
        dt = parse_disability_type(value)
        if dt is not None:
            out.add(dt)
    return frozenset(out)


# --- contacts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """Who the person can consult: 誰に (name or role, organisation), 何を, どのように (002 §32).

    Only `name_or_role` is required (「上司」 or 「主治医」 is enough).  `Contact.create` takes
    what a person typed and normalises it (NFKC, whitespace, phone hyphens); invalid input
    raises `ResourceMapError` with every problem found.  The plain constructor accepts only
    values that are valid and already normal, so a `Contact` is always both.
    """

    name_or_role: str
    organisation: str | None = None
    about: str | None = None
    how_to_contact: str | None = None
    phone: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if _normal_contact_fields(self.to_dict()) != self.to_dict():
            raise ValueError(f"not in normal form (build it with Contact.create): {self!r}")

    @classmethod
    def create(
        cls,
        name_or_role: object,
        organisation: object = None,
        about: object = None,
        how_to_contact: object = None,
        phone: object = None,
        url: object = None,
    ) -> Contact:
        """A contact from typed values, normalised; `ResourceMapError` lists every problem."""
        return cls(
            **_normal_contact_fields(
                {
                    "name_or_role": name_or_role,
                    "organisation": organisation,
                    "about": about,
                    "how_to_contact": how_to_contact,
                    "phone": phone,
                    "url": url,
                }
            )
        )

    @property
    def display_name(self) -> str:
        """「名前（所属）」 or just the name."""
        if self.organisation:
            return f"{self.name_or_role}（{self.organisation}）"
        return self.name_or_role

    @property
    def contact_line(self) -> str | None:
        """How to reach them, in one line: 連絡方法 / 電話 / URL, whichever are present."""
        parts = [p for p in (self.how_to_contact, self.phone, self.url) if p]
        return " / ".join(parts) or None

    def same_as(self, other: Contact) -> bool:
        """Same person/role in the same organisation (used to refuse duplicates)."""
        return (self.name_or_role.casefold(), (self.organisation or "").casefold()) == (
            other.name_or_role.casefold(),
            (other.organisation or "").casefold(),
        )

    def to_dict(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Contact:
        """Inverse of `to_dict`, normalised and validated again (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        return cls.create(**{k: v for k, v in data.items() if k in known})


class _ContactFields(TypedDict):
    name_or_role: str
    organisation: str | None
    about: str | None
    how_to_contact: str | None
    phone: str | None
    url: str | None


def _normal_contact_fields(values: Mapping[str, object]) -> _ContactFields:
    problems: list[Problem] = []
    name = check_text(problems, "name_or_role", values.get("name_or_role"), required=True)
    normal = _ContactFields(
        name_or_role=name or "",
        organisation=check_text(problems, "organisation", values.get("organisation")),
        about=check_text(problems, "about", values.get("about")),
        how_to_contact=check_text(problems, "how_to_contact", values.get("how_to_contact")),
        phone=check_phone(problems, values.get("phone")),
        url=check_url(problems, values.get("url")),
    )
    if problems:  # a missing name is one of them
        raise ResourceMapError(problems)
    return normal


# --- the map -------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaSection:
    """One area of the worksheet: its contacts, or the user's choice to skip it."""

    area: LifeArea
    contacts: tuple[Contact, ...] = ()
    skipped: bool = False

    @property
    def is_pending(self) -> bool:
        """Neither filled in nor skipped yet."""
        return not self.contacts and not self.skipped


def _empty_sections() -> tuple[AreaSection, ...]:
    return tuple(AreaSection(area) for area in LIFE_AREAS)


@dataclass(frozen=True)
class ResourceMap:
    """The person's resource map: an optional goal and one section per area of life.

    Immutable: every edit returns a new map.  Sections are always the four areas in
    worksheet order (`ResourceMap.create` builds a map from a goal as typed and some of
    the sections).  Disability type and health details are deliberately not part of the
    map (store-minimum; see `profile_to_store`).
    """

    goal: str | None = None
    sections: tuple[AreaSection, ...] = field(default_factory=_empty_sections)

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        goal = check_text(problems, "goal", self.goal)
        if problems:
            raise ResourceMapError(problems)
        in_order = all(isinstance(s, AreaSection) for s in self.sections) and (
            tuple(s.area for s in self.sections) == LIFE_AREAS
        )
        if goal != self.goal or not in_order:
            raise ValueError(f"not in normal form (build it with ResourceMap.create): {self!r}")
        if any(len(s.contacts) > MAX_CONTACTS_PER_AREA for s in self.sections):
            raise ResourceMapError([problem(ErrorCode.TOO_MANY_CONTACTS, "contacts")])

    @classmethod
    def create(cls, goal: object = None, sections: Iterable[AreaSection] = ()) -> ResourceMap:
        """A map from typed or stored parts: the goal normalised, the sections in worksheet
        order (an area not given is empty).  BAD_DATA for an area given twice."""
        problems: list[Problem] = []
        normal_goal = check_text(problems, "goal", goal)
        by_area: dict[LifeArea, AreaSection] = {}
        for section in sections:
            if not isinstance(section, AreaSection) or section.area in by_area:
                problems.append(problem(ErrorCode.BAD_DATA, "sections"))
                break
            if len(section.contacts) > MAX_CONTACTS_PER_AREA:
                problems.append(problem(ErrorCode.TOO_MANY_CONTACTS, "contacts"))
                break
            by_area[section.area] = section
        if problems:
            raise ResourceMapError(problems)
        ordered = tuple(by_area.get(area, AreaSection(area)) for area in LIFE_AREAS)
        return cls(goal=normal_goal, sections=ordered)

    # -- reading --

    def section(self, area: LifeArea | str) -> AreaSection:
        return self.sections[LIFE_AREAS.index(area_of(area))]

    def contacts(self, area: LifeArea | str) -> tuple[Contact, ...]:
        return self.section(area).contacts

    def contact(self, area: LifeArea | str, index: int) -> Contact:
        """0-based index within the area; CONTACT_NOT_FOUND when out of range."""
        contacts = self.contacts(area)
        if not 0 <= index < len(contacts):
            raise ResourceMapError([problem(ErrorCode.CONTACT_NOT_FOUND, "index")])
        return contacts[index]

    @property
    def contact_count(self) -> int:
        return sum(len(s.contacts) for s in self.sections)

    @property
    def is_empty(self) -> bool:
        return self.goal is None and self.contact_count == 0

    def pending_areas(self) -> tuple[LifeArea, ...]:
        """Areas not yet filled in nor skipped, in worksheet order."""
        return tuple(s.area for s in self.sections if s.is_pending)

    def next_area(self) -> LifeArea | None:
        pending = self.pending_areas()
        return pending[0] if pending else None

    # -- editing (each returns a new map) --

    def with_goal(self, goal: str | None) -> ResourceMap:
        return ResourceMap.create(goal=goal, sections=self.sections)

    def add_contact(self, area: LifeArea | str, contact: Contact) -> ResourceMap:
        """Append a contact; adding to a skipped area un-skips it."""
        sec = self.section(area)
        if len(sec.contacts) >= MAX_CONTACTS_PER_AREA:
            raise ResourceMapError([problem(ErrorCode.TOO_MANY_CONTACTS, "contacts")])
        if any(c.same_as(contact) for c in sec.contacts):
            raise ResourceMapError([problem(ErrorCode.DUPLICATE_CONTACT, "name_or_role")])
        return self._with(replace(sec, contacts=sec.contacts + (contact,), skipped=False))

    def replace_contact(self, area: LifeArea | str, index: int, contact: Contact) -> ResourceMap:
        """Correct a contact in place (DUPLICATE_CONTACT when another one is the same)."""
        sec = self.section(area)
        self.contact(sec.area, index)  # raises CONTACT_NOT_FOUND
        others = sec.contacts[:index] + sec.contacts[index + 1 :]
        if any(c.same_as(contact) for c in others):
            raise ResourceMapError([problem(ErrorCode.DUPLICATE_CONTACT, "name_or_role")])
        contacts = others[:index] + (contact,) + others[index:]
        return self._with(replace(sec, contacts=contacts))

    def update_contact(self, area: LifeArea | str, index: int, **changes: Any) -> ResourceMap:
        """Correct some fields of a contact, e.g. ``update_contact(a, 0, phone="…")``.

        An empty string or None clears an optional field.
        """
        old = self.contact(area, index)
        known = {f.name for f in fields(Contact)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown contact fields: {sorted(unknown)}")
        return self.replace_contact(area, index, Contact.create(**{**old.to_dict(), **changes}))

    def remove_contact(self, area: LifeArea | str, index: int) -> ResourceMap:
        sec = self.section(area)
        self.contact(sec.area, index)  # raises CONTACT_NOT_FOUND
        return self._with(replace(sec, contacts=sec.contacts[:index] + sec.contacts[index + 1 :]))

    def skip_area(self, area: LifeArea | str) -> ResourceMap:
        """The user chooses not to fill in this area now (refused when it has contacts)."""
        sec = self.section(area)
        if sec.contacts:
            raise ResourceMapError([problem(ErrorCode.AREA_NOT_EMPTY, "area")])
        return self._with(replace(sec, skipped=True))

    def _with(self, section: AreaSection) -> ResourceMap:
        sections = tuple(section if s.area is section.area else s for s in self.sections)
        return replace(self, sections=sections)

    # -- plain data (for slots, JSON, the database layer) --

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "areas": {
                s.area.value: {
                    "skipped": s.skipped,
                    "contacts": [c.to_dict() for c in s.contacts],
                }
                for s in self.sections
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ResourceMap:
        """Inverse of `to_dict`; validates everything again (BAD_DATA on wrong shapes)."""
        try:
            areas = data.get("areas") or {}
            sections = []
            for key, sec in areas.items():
                area = LifeArea(key)
                contacts = tuple(Contact.from_dict(c) for c in sec.get("contacts") or ())
                sections.append(AreaSection(area, contacts, bool(sec.get("skipped", False))))
            return cls.create(goal=data.get("goal"), sections=sections)
        except ResourceMapError:
            raise
        except (AttributeError, TypeError, ValueError) as exc:
            raise ResourceMapError([problem(ErrorCode.BAD_DATA)]) from exc


def area_of(value: LifeArea | str) -> LifeArea:
    """The area `value` names (see `parse_area`); UNKNOWN_AREA when it names none."""
    area = parse_area(value)
    if area is None:
        raise ResourceMapError([problem(ErrorCode.UNKNOWN_AREA, "area")])
    return area
