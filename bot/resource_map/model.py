"""Resource map (リソースマップ) of post-service contacts: the pure domain core.

The support manual (seed 002 §32, also 004 §10) recommends that, before the 3-year
就労定着支援 ends, the person fills in a worksheet: their own goal (自分のめざす姿) in
the centre and, for each area of life, whom they can consult (name, organisation),
about what and how.  This module models that worksheet.

Stdlib only: no Rasa, FastAPI or SQLAlchemy imports.  Everything is a frozen
dataclass or an Enum; every "edit" returns a new map.  Conversation (actions),
persistence and HTTP routes live elsewhere and only call into this module.

Sources (all under ../shared/):
  FACTS.md "After the service ends"; seeds/002 §11, §15–17, §22–34; seeds/004 §6, §7, §10.
Section numbers of 002 follow its own headings ("32．…").  In the text extraction
a heading sometimes sits at the bottom of its page, after the text it titles.

Error messages are short polite Japanese for the user (です/ます, ≤ ~40 characters a
sentence); each carries a stable `ErrorCode` for programs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "CONSENT_DECLINED_TEXT",
    "CONSENT_TEXT",
    "DIRECTORY_SOURCE",
    "DISABILITY_TYPES",
    "FIELD_LABELS",
    "LIFE_AREAS",
    "MAP_EXPLANATION",
    "MAX_CONTACTS_PER_AREA",
    "MAX_LENGTHS",
    "SAMPLE_DIRECTORY",
    "SUGGESTIONS",
    "AreaSection",
    "Contact",
    "DirectoryEntry",
    "DisabilityType",
    "ErrorCode",
    "LifeArea",
    "Problem",
    "ResourceMap",
    "ResourceMapError",
    "Suggestion",
    "SuggestionItem",
    "filter_directory",
    "merge_suggestions",
    "normalize_phone",
    "normalize_url",
    "parse_area",
    "parse_disability_type",
    "profile_to_store",
    "sample_map",
    "suggestions_for",
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
    t = _nfkc(text).strip().lower()
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
    t = _nfkc(text).strip().lower()
    for dt in DisabilityType:
        label = dt.label
        short = label.removesuffix("障害")
        if t in (dt.value, label, short):
            return dt
    if t == "てんかん":  # 002 §28 treats てんかん under 精神障害
        return DisabilityType.MENTAL
    return None


# --- user-facing texts ---------------------------------------------------------------

# Two sentences on what the map is.  002 §32: 「サービス終了後には、『誰』に『何を』、
# 『どのように』相談できるのかという点について整理をしておく」; the worksheet puts
# 自分のめざす姿 in the centre with the four areas around it.
MAP_EXPLANATION = (
    "リソースマップは、支援が終わった後に、誰に何をどう相談できるかを整理する表です。"
    "自分のめざす姿を真ん中に、4つの分野ごとに相談できる人を書きます。"
)

# Consent for 要配慮個人情報 (issue 4: disability type and health details; ask once, in
# plain words).  Store-minimum principle: the only sensitive item ever stored is the
# set of disability types used to order suggestions (see `profile_to_store`); the map
# itself has no field for diagnoses or health details.  002 §29(2): 「本人の同意を得る：
# 個人情報の取り扱いには細心の注意が必要です」.
CONSENT_TEXT = (
    "障害の種類を教えていただくと、合う相談先を提案できます。"
    "障害の種類は、特に大切に扱う個人情報です。"
    "保存するのは障害の種類だけです。病名や体調のことは保存しません。"
    "答えなくても、マップは作れます。保存した内容は、いつでも削除できます。"
    "障害の種類を保存してもよいですか？"
)
CONSENT_DECLINED_TEXT = "わかりました。障害の種類は保存しません。すべての相談先から提案します。"


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


# --- errors --------------------------------------------------------------------------


class ErrorCode(str, Enum):
    """Stable codes for programs; the Japanese message is for the user."""

    NAME_REQUIRED = "name_required"
    TOO_LONG = "too_long"
    INVALID_CHARACTERS = "invalid_characters"
    BAD_PHONE = "bad_phone"
    BAD_URL = "bad_url"
    TOO_MANY_CONTACTS = "too_many_contacts"
    DUPLICATE_CONTACT = "duplicate_contact"
    CONTACT_NOT_FOUND = "contact_not_found"
    AREA_NOT_EMPTY = "area_not_empty"
    UNKNOWN_AREA = "unknown_area"
    BAD_DATA = "bad_data"


@dataclass(frozen=True)
class Problem:
    code: ErrorCode
    field: str  # "name_or_role", "phone", "goal", "area", ... ("" when not about one field)
    message: str  # Japanese, for the user


class ResourceMapError(ValueError):
    """Raised by constructors and edits; carries every problem found, in field order."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(" ".join(p.message for p in self.problems))

    @property
    def codes(self) -> tuple[ErrorCode, ...]:
        return tuple(p.code for p in self.problems)

    @property
    def message(self) -> str:
        """All messages, one sentence each, ready to show the user."""
        return "".join(p.message for p in self.problems)


# Japanese names of the fields, as used in messages.  The worksheet (002 §32) asks for
# 「相談できる人の名前」「相談できる人の所属」; 誰に・何を・どのように (002 §32) give the rest.
FIELD_LABELS: dict[str, str] = {
    "name_or_role": "名前か役割",
    "organisation": "所属",
    "about": "相談すること",
    "how_to_contact": "連絡方法",
    "phone": "電話番号",
    "url": "URL",
    "goal": "めざす姿",
    "name": "名前",
    "category": "種類",
    "prefecture": "都道府県",
    "municipality": "市区町村",
    "hours": "受付時間",
    "notes": "メモ",
}

MAX_LENGTHS: dict[str, int] = {
    "name_or_role": 40,
    "organisation": 60,
    "about": 80,
    "how_to_contact": 80,
    "phone": 24,
    "url": 300,
    "goal": 120,
    "name": 80,
    "category": 40,
    "prefecture": 10,
    "municipality": 20,
    "hours": 60,
    "notes": 200,
}

MAX_CONTACTS_PER_AREA = 10


def _problem(code: ErrorCode, fld: str = "", *, limit: int | None = None) -> Problem:
    label = FIELD_LABELS.get(fld, fld)
    if code is ErrorCode.NAME_REQUIRED:
        msg = "相談できる人の名前か役割を入力してください。"
    elif code is ErrorCode.TOO_LONG:
        msg = f"{label}は{limit}文字以内で入力してください。"
    elif code is ErrorCode.INVALID_CHARACTERS:
        msg = f"{label}に使えない文字が含まれています。"
    elif code is ErrorCode.BAD_PHONE:
        msg = "電話番号は数字とハイフンで入力してください。"
    elif code is ErrorCode.BAD_URL:
        msg = "URLは https:// から入力してください。"
    elif code is ErrorCode.TOO_MANY_CONTACTS:
        msg = f"1つの分野に登録できるのは{MAX_CONTACTS_PER_AREA}件までです。"
    elif code is ErrorCode.DUPLICATE_CONTACT:
        msg = "同じ相談先がすでに登録されています。"
    elif code is ErrorCode.CONTACT_NOT_FOUND:
        msg = "その相談先が見つかりませんでした。"
    elif code is ErrorCode.AREA_NOT_EMPTY:
        msg = "この分野には相談先が登録されています。"
    elif code is ErrorCode.UNKNOWN_AREA:
        msg = "分野は、職場・心身・生活・余暇から選んでください。"
    else:
        msg = "データを読み込めませんでした。"
    return Problem(code, fld, msg)


# --- text normalisation and validation -------------------------------------------------

_WS = re.compile(r"\s+")
# Dashes people type in phone numbers: ‐ ‑ ‒ – — ― − ー (NFKC keeps these as they are).
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ー－", "-"))
_PHONE_SHAPE = re.compile(r"\+?\(?[0-9][0-9\- ()]*[0-9]")
_SHORT_NUMBER = re.compile(r"#[0-9]{3,5}")  # e.g. #7119-style short dial numbers
_HOST = re.compile(r"(?=.{1,253}$)([^\W_]([\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}", re.UNICODE)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# Half-width katakana runs (ｶﾞ → ガ) and full-width letters/digits (ＡＢ１ → AB1).
# Japanese punctuation such as （）、！ is kept as typed, unlike a blanket NFKC.
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]+")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _normalize_free_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _HALFWIDTH_KANA.sub(lambda m: _nfkc(m.group()), text)
    return _FULLWIDTH_ALNUM.sub(lambda m: _nfkc(m.group()), text)


def _clean_text(value: object) -> str | None:
    """Light normalisation, whitespace runs (incl. newlines, 全角スペース) → one space,
    stripped; '' → None."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    text = _WS.sub(" ", _normalize_free_text(value)).strip()
    return text or None


def _has_bad_chars(text: str) -> bool:
    # Control, surrogate, private-use and unassigned code points have no place in a
    # worksheet (and would break SVG/XML output).
    return any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") for c in text)


def normalize_phone(value: str | None) -> str | None:
    """Normalise a phone number or return None when it is obviously not one.

    Accepts what people write (全角数字, ー or − as hyphens, spaces, (), a leading +,
    #-short numbers) with 3–15 digits.  Never checks that the number exists: a sample
    or a made-up number of the right shape passes.  '' → None is handled by the caller.
    """
    if value is None:
        return None
    text = _WS.sub(" ", _nfkc(value).translate(_DASHES)).strip()
    if _SHORT_NUMBER.fullmatch(text):
        return text
    if not _PHONE_SHAPE.fullmatch(text):
        return None
    digits = sum(c.isdigit() for c in text)
    if not 3 <= digits <= 15 or "--" in text:
        return None
    return text


def normalize_url(value: str | None) -> str | None:
    """Normalise a web address or return None when it is obviously not one.

    http/https only (no javascript:, mailto:, file:); a bare 「www.example.com」 gets
    https:// in front.  The host must look like a domain name (a dot, a top-level label
    of letters).  Reachability is never checked.
    """
    if value is None:
        return None
    text = _nfkc(value).strip()
    if not text or any(c.isspace() for c in text):
        return None
    if "://" not in text and re.match(r"(?i)www\.", text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not _HOST.fullmatch(host):
        return None
    if parts.username or parts.password:
        return None
    return text


def _check_text(
    problems: list[Problem], fld: str, value: object, *, required: bool = False
) -> str | None:
    text = _clean_text(value)
    if text is None:
        if required:
            problems.append(_problem(ErrorCode.NAME_REQUIRED, fld))
        return None
    if _has_bad_chars(text):
        problems.append(_problem(ErrorCode.INVALID_CHARACTERS, fld))
    elif len(text) > MAX_LENGTHS[fld]:
        problems.append(_problem(ErrorCode.TOO_LONG, fld, limit=MAX_LENGTHS[fld]))
    return text


def _check_phone(problems: list[Problem], value: object) -> str | None:
    text = _clean_text(value)
    if text is None:
        return None
    if len(text) > MAX_LENGTHS["phone"]:
        problems.append(_problem(ErrorCode.TOO_LONG, "phone", limit=MAX_LENGTHS["phone"]))
        return text
    phone = normalize_phone(text)
    if phone is None:
        problems.append(_problem(ErrorCode.BAD_PHONE, "phone"))
        return text
    return phone


def _check_url(problems: list[Problem], value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = _nfkc(str(value)).strip()
    if len(text) > MAX_LENGTHS["url"]:
        problems.append(_problem(ErrorCode.TOO_LONG, "url", limit=MAX_LENGTHS["url"]))
        return text
    url = normalize_url(text)
    if url is None:
        problems.append(_problem(ErrorCode.BAD_URL, "url"))
        return text
    return url


# --- contacts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """Who the person can consult: 誰に (name or role, organisation), 何を, どのように (002 §32).

    Only `name_or_role` is required (「上司」 or 「主治医」 is enough).  Values are
    normalised on construction (NFKC, whitespace, phone hyphens); invalid input raises
    `ResourceMapError` with every problem found, so a `Contact` is always valid.
    """

    name_or_role: str
    organisation: str | None = None
    about: str | None = None
    how_to_contact: str | None = None
    phone: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        values = {
            "name_or_role": _check_text(problems, "name_or_role", self.name_or_role, required=True),
            "organisation": _check_text(problems, "organisation", self.organisation),
            "about": _check_text(problems, "about", self.about),
            "how_to_contact": _check_text(problems, "how_to_contact", self.how_to_contact),
            "phone": _check_phone(problems, self.phone),
            "url": _check_url(problems, self.url),
        }
        if problems:
            raise ResourceMapError(problems)
        for name, value in values.items():
            object.__setattr__(self, name, value)

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
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


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
    worksheet order.  Disability type and health details are deliberately not part
    of the map (store-minimum; see `profile_to_store`).
    """

    goal: str | None = None
    sections: tuple[AreaSection, ...] = field(default_factory=_empty_sections)

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        goal = _check_text(problems, "goal", self.goal)
        by_area: dict[LifeArea, AreaSection] = {}
        for section in self.sections:
            if not isinstance(section, AreaSection) or section.area in by_area:
                problems.append(_problem(ErrorCode.BAD_DATA, "sections"))
                break
            if len(section.contacts) > MAX_CONTACTS_PER_AREA:
                problems.append(_problem(ErrorCode.TOO_MANY_CONTACTS, "contacts"))
                break
            by_area[section.area] = section
        if problems:
            raise ResourceMapError(problems)
        object.__setattr__(self, "goal", goal)
        object.__setattr__(
            self, "sections", tuple(by_area.get(a, AreaSection(a)) for a in LIFE_AREAS)
        )

    # -- reading --

    def section(self, area: LifeArea | str) -> AreaSection:
        return self.sections[LIFE_AREAS.index(_area(area))]

    def contacts(self, area: LifeArea | str) -> tuple[Contact, ...]:
        return self.section(area).contacts

    def contact(self, area: LifeArea | str, index: int) -> Contact:
        """0-based index within the area; CONTACT_NOT_FOUND when out of range."""
        contacts = self.contacts(area)
        if not 0 <= index < len(contacts):
            raise ResourceMapError([_problem(ErrorCode.CONTACT_NOT_FOUND, "index")])
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

    @property
    def is_complete(self) -> bool:
        """Every area has contacts or was skipped (the goal stays optional)."""
        return not self.pending_areas()

    # -- editing (each returns a new map) --

    def with_goal(self, goal: str | None) -> ResourceMap:
        return replace(self, goal=goal)

    def add_contact(self, area: LifeArea | str, contact: Contact) -> ResourceMap:
        """Append a contact; adding to a skipped area un-skips it."""
        sec = self.section(area)
        if len(sec.contacts) >= MAX_CONTACTS_PER_AREA:
            raise ResourceMapError([_problem(ErrorCode.TOO_MANY_CONTACTS, "contacts")])
        if any(c.same_as(contact) for c in sec.contacts):
            raise ResourceMapError([_problem(ErrorCode.DUPLICATE_CONTACT, "name_or_role")])
        return self._with(replace(sec, contacts=sec.contacts + (contact,), skipped=False))

    def replace_contact(
        self,
        area: LifeArea | str,
        index: int,
        contact: Contact,
        *,
        new_area: LifeArea | str | None = None,
    ) -> ResourceMap:
        """Correct a contact: replace it in place, or move it to `new_area` (appended)."""
        sec = self.section(area)
        self.contact(sec.area, index)  # raises CONTACT_NOT_FOUND
        others = sec.contacts[:index] + sec.contacts[index + 1 :]
        target = _area(new_area) if new_area is not None else sec.area
        if target is sec.area:
            if any(c.same_as(contact) for c in others):
                raise ResourceMapError([_problem(ErrorCode.DUPLICATE_CONTACT, "name_or_role")])
            contacts = others[:index] + (contact,) + others[index:]
            return self._with(replace(sec, contacts=contacts))
        moved = self._with(replace(sec, contacts=others))
        return moved.add_contact(target, contact)

    def update_contact(self, area: LifeArea | str, index: int, **changes: Any) -> ResourceMap:
        """Correct some fields of a contact, e.g. ``update_contact(a, 0, phone="…")``.

        An empty string or None clears an optional field.
        """
        old = self.contact(area, index)
        known = {f.name for f in fields(Contact)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown contact fields: {sorted(unknown)}")
        return self.replace_contact(area, index, Contact(**{**old.to_dict(), **changes}))

    def remove_contact(self, area: LifeArea | str, index: int) -> ResourceMap:
        sec = self.section(area)
        self.contact(sec.area, index)  # raises CONTACT_NOT_FOUND
        return self._with(replace(sec, contacts=sec.contacts[:index] + sec.contacts[index + 1 :]))

    def skip_area(self, area: LifeArea | str) -> ResourceMap:
        """The user chooses not to fill in this area now (refused when it has contacts)."""
        sec = self.section(area)
        if sec.contacts:
            raise ResourceMapError([_problem(ErrorCode.AREA_NOT_EMPTY, "area")])
        return self._with(replace(sec, skipped=True))

    def unskip_area(self, area: LifeArea | str) -> ResourceMap:
        return self._with(replace(self.section(area), skipped=False))

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
            return cls(goal=data.get("goal"), sections=tuple(sections))
        except ResourceMapError:
            raise
        except (AttributeError, TypeError, ValueError) as exc:
            raise ResourceMapError([_problem(ErrorCode.BAD_DATA)]) from exc


def _area(value: LifeArea | str) -> LifeArea:
    area = parse_area(value)
    if area is None:
        raise ResourceMapError([_problem(ErrorCode.UNKNOWN_AREA, "area")])
    return area


# --- suggestions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A kind of contact the manual names, with a one-line 「何を相談できるか」 and its source.

    `only_for`: shown only to people of these types when a type is known (empty: for
    everyone).  `first_for`: for everyone, but listed first for these types.
    """

    key: str
    label: str
    about: str
    areas: tuple[LifeArea, ...]
    source: str
    only_for: frozenset[DisabilityType] = frozenset()
    first_for: frozenset[DisabilityType] = frozenset()


_W, _H, _D, _L = LifeArea.WORKPLACE, LifeArea.HEALTH, LifeArea.DAILY_LIFE, LifeArea.LEISURE
_T = DisabilityType

# Every line paraphrases its source; nothing here is a name, address or number of a
# real office.  Order within an area is the order offered as buttons.
SUGGESTIONS: tuple[Suggestion, ...] = (
    # 職場の安定
    Suggestion(
        "supervisor",
        "上司",
        "仕事の進め方や、職場での困りごとを相談できます。",
        (_W,),
        # 002 §17 ナチュラルサポート (上司や同僚による援助); 004 §6(2) 企業内のネットワーク
        "002 §17, 004 §6(2)",
    ),
    Suggestion(
        "vocational_life_counselor",
        "障害者職業生活相談員",
        "仕事の内容や、職場の人間関係を相談できます。",
        (_W,),
        # 002 §16(2): 障害者を5人以上雇う事業所で選任; 職務内容・職場の人間関係・余暇活動の相談
        "002 §16(2)",
    ),
    Suggestion(
        "nakapotsu",
        "障害者就業・生活支援センター",
        "仕事と生活の両方を、身近な地域で相談できます。",
        (_W, _D),
        # 002 §33: 就業面及び生活面における一体的な支援; §23–28 で全ての障害に挙がる; 004 §10
        "002 §33, §23–28, 004 §10",
    ),
    Suggestion(
        "regional_vocational_center",
        "地域障害者職業センター",
        "職場の課題について、ジョブコーチ支援などを相談できます。",
        (_W,),
        # 002 §15(1): 障害者職業カウンセラーの助言・援助、職場適応援助者による支援; §16(1)
        "002 §15(1), §16(1)",
    ),
    Suggestion(
        "municipal_employment_center",
        "自治体の就労支援センター",
        "働く障害者の相談先です。設置していない地域もあります。",
        (_W,),
        # 002 §34: 市区町村が独自に設置している地域もある; サービス終了後の相談機関; 004 §10
        "002 §34, 004 §10",
    ),
    # 心身の安定
    Suggestion(
        "attending_doctor",
        "主治医",
        "体調や治療、薬のことを相談できます。",
        (_H,),
        # 002 §29: 医療機関との連携; §23 内部障害・§27 難病「かかりつけ医の把握」; §26 高次脳
        "002 §29, §23, §26–28",
        first_for=frozenset({_T.MENTAL, _T.DEVELOPMENTAL, _T.INTRACTABLE_DISEASE, _T.BRAIN_INJURY}),
    ),
    Suggestion(
        "home_nursing",
        "訪問看護",
        "自宅で、体調や服薬の管理を支えてもらえます。",
        (_H,),
        # 002 §29(4): 精神科訪問看護と身体の訪問看護; 服薬管理; §11(2); §28
        "002 §29(4), §11(2), §28",
        first_for=frozenset({_T.MENTAL}),
    ),
    Suggestion(
        "mental_health_center",
        "精神保健福祉センター",
        "精神障害のある人が、必要に応じて連携する機関です。",
        (_H,),
        # 002 §28: 「精神保健福祉センターとの連携が必要な場合もあります」
        "002 §28",
        only_for=frozenset({_T.MENTAL}),
    ),
    Suggestion(
        "home_rehabilitation",
        "訪問リハビリテーション",
        "自宅で、日々の暮らしを支えるサービスです。",
        (_H,),
        # 002 §28: 訪問看護や訪問リハビリテーションなどの在宅で日常的にサポートしてくれるサービス
        "002 §28",
        only_for=frozenset({_T.MENTAL}),
    ),
    # 生活の安定
    Suggestion(
        "consultation_support",
        "相談支援事業所",
        "生活全般や、福祉サービスの利用を相談できます。",
        (_D,),
        # 004 §7: 利用者の生活全般にかかわる役割; 002 §30; §23–28 で全ての障害に挙がる
        "004 §7, 002 §30, §23–28",
    ),
    Suggestion(
        "social_welfare_council",
        "社会福祉協議会",
        "地域で、生活面のフォローを一緒にしてくれます。",
        (_D,),
        # 002 §24: 生活面のフォローを一緒にかかる支援機関; §23, §25, §28
        "002 §23–25, §28",
    ),
    Suggestion(
        "home_helper",
        "ヘルパー",
        "家事の手伝いなど、毎日の生活を支えてもらえます。",
        (_D,),
        # 002 §11(2): 市町村のホームヘルパー派遣による家事援助; 004 §7(3)
        "002 §11(2), 004 §7(3)",
    ),
    Suggestion(
        "group_home",
        "グループホーム",
        "世話人など、暮らしの場の身近な相談相手です。",
        (_D,),
        # 004 §7(3): グループホームの世話人; 002 §11
        "004 §7(3), 002 §11",
    ),
    Suggestion(
        "family_friends",
        "家族・友人",
        "日々の様子を知っている、身近な相談相手です。",
        (_D,),
        # 002 §30: 利用者が信頼を寄せる特別支援学校や家族・友人; 004 §7(4) 家族のフォロー
        "002 §30, 004 §7(4)",
    ),
    Suggestion(
        "rehabilitation_center",
        "福祉センター・リハビリテーションセンター",
        "障害に応じて、生活と仕事の両方を支えてくれます。",
        (_D,),
        # 002 §23: 各障害種別に応じた福祉センターやリハビリテーションセンター … 生活や仕事の両方を支えて
        "002 §23",
        only_for=frozenset({_T.PHYSICAL}),
    ),
    # 余暇の充実
    Suggestion(
        "community_activity_center",
        "地域活動支援センター",
        "これまで関わりのある、身近な福祉の相談先です。",
        (_L,),
        # 002 §22(2), 004 §6(2): 地域活動支援センターなど本人に関わりのある福祉の関係機関
        "002 §22(2), 004 §6(2)",
    ),
    Suggestion(
        "local_circles",
        "地域のサークル・生涯学習",
        "趣味や学びを通して、職場以外の人とつながれます。",
        (_L,),
        # 002 §11(3): 地域の生涯学習、ボランティアサークル、地域のクラブサークル; 004 §7(4)
        "002 §11(3), 004 §7(4)",
    ),
    Suggestion(
        "peer_support",
        "当事者会・ピアサポート",
        "同じ立場の仲間と、交流できる場です。",
        (_L,),
        # 002 §25: 地域の当事者会、ピアサポート、交流の場
        "002 §25",
        only_for=frozenset({_T.DEVELOPMENTAL}),
    ),
    Suggestion(
        "developmental_support_center",
        "発達障害者支援センター",
        "特性に合う工夫や、交流の場の情報を聞けます。",
        (_L,),
        # 002 §25: 特性に応じた対応の工夫や、当事者会、ピアサポート、交流の場などの情報提供
        "002 §25",
        only_for=frozenset({_T.DEVELOPMENTAL}),
    ),
)


def suggestions_for(
    area: LifeArea | str, disability_types: Iterable[DisabilityType | str] = ()
) -> tuple[Suggestion, ...]:
    """Suggestions for an area, tailored to the disability types when any are known.

    No type known (not asked, or no consent): every suggestion of the area, general
    ones first.  Types known: general suggestions plus those for these types; the
    ones the manual names for these types come first.
    """
    target = _area(area)
    types = {t for t in (parse_disability_type(v) for v in disability_types) if t is not None}
    in_area = [s for s in SUGGESTIONS if target in s.areas]
    if not types:
        return tuple(sorted(in_area, key=lambda s: bool(s.only_for)))
    kept = [s for s in in_area if not s.only_for or s.only_for & types]
    return tuple(sorted(kept, key=lambda s: not ((s.only_for | s.first_for) & types)))


# --- an office's local directory -----------------------------------------------------


@dataclass(frozen=True)
class DirectoryEntry:
    """A local contact registered by an office (the organisation embedding the bot).

    Prefecture/municipality None means the entry applies more widely (all of the
    prefecture, or everywhere).  `is_sample` marks shipped example data.
    """

    name: str
    category: str
    area: LifeArea
    prefecture: str | None = None
    municipality: str | None = None
    phone: str | None = None
    url: str | None = None
    hours: str | None = None
    notes: str | None = None
    is_sample: bool = False

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        values: dict[str, object] = {
            "name": _check_text(problems, "name", self.name, required=True),
            "category": _check_text(problems, "category", self.category),
            "prefecture": _check_text(problems, "prefecture", self.prefecture),
            "municipality": _check_text(problems, "municipality", self.municipality),
            "phone": _check_phone(problems, self.phone),
            "url": _check_url(problems, self.url),
            "hours": _check_text(problems, "hours", self.hours),
            "notes": _check_text(problems, "notes", self.notes),
        }
        area = parse_area(self.area)
        if area is None:
            problems.append(_problem(ErrorCode.UNKNOWN_AREA, "area"))
        if problems:
            raise ResourceMapError(problems)
        values["area"] = area
        values["category"] = values["category"] or ""
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def as_contact(self) -> Contact:
        return Contact(
            name_or_role=self.name,
            phone=self.phone,
            url=self.url,
            how_to_contact=self.hours and f"受付 {self.hours}",
        )


_PREF_SUFFIX = re.compile(r"(都|道|府|県)$")
_MUNI_SUFFIX = re.compile(r"(市|区|町|村)$")


def _place(text: str | None) -> str | None:
    cleaned = _clean_text(text)
    return cleaned.replace(" ", "") if cleaned else None


def _same_place(wanted: str, have: str, suffix: re.Pattern[str]) -> bool:
    """「八王子」 = 「八王子市」 and 「京都」 = 「京都府」, but 「府中市」 ≠ 「府中町」 and
    「京都」 ≠ 「東京都」: one side may leave out the other's 都道府県/市区町村."""
    return wanted in (have, suffix.sub("", have)) or suffix.sub("", wanted) == have


def filter_directory(
    entries: Iterable[DirectoryEntry],
    *,
    prefecture: str | None = None,
    municipality: str | None = None,
    area: LifeArea | str | None = None,
) -> tuple[DirectoryEntry, ...]:
    """Entries that serve the given place (and area), in their original order.

    A filter that is not given does not filter.  An entry without a prefecture (or
    municipality) covers any, so 「東京都」 matches an entry for all of 東京都 as well as
    one for 東京都の八王子市.  Place names match with or without the trailing
    都道府県 / 市区町村 (「大阪」 = 「大阪府」, 「八王子」 = 「八王子市」).
    """
    want_pref = _place(prefecture)
    want_muni = _place(municipality)
    want_area = _area(area) if area is not None else None
    out = []
    for e in entries:
        if want_area is not None and e.area is not want_area:
            continue
        pref = _place(e.prefecture)
        if want_pref and pref and not _same_place(want_pref, pref, _PREF_SUFFIX):
            continue
        muni = _place(e.municipality)
        if want_muni and muni and not _same_place(want_muni, muni, _MUNI_SUFFIX):
            continue
        out.append(e)
    return tuple(out)


@dataclass(frozen=True)
class SuggestionItem:
    """One offer shown to the user: a local directory entry or a general suggestion."""

    label: str
    about: str
    source: str
    entry: DirectoryEntry | None = None
    suggestion: Suggestion | None = None

    @property
    def is_local(self) -> bool:
        return self.entry is not None

    @property
    def is_sample(self) -> bool:
        return self.entry is not None and self.entry.is_sample

    def as_contact(self) -> Contact:
        """A contact pre-filled from this offer (the user may add what, how, etc.)."""
        if self.entry is not None:
            return self.entry.as_contact()
        return Contact(name_or_role=self.label)


DIRECTORY_SOURCE = "事業所の地域の相談先リスト"


def merge_suggestions(
    area: LifeArea | str,
    *,
    disability_types: Iterable[DisabilityType | str] = (),
    directory: Iterable[DirectoryEntry] = (),
    prefecture: str | None = None,
    municipality: str | None = None,
    limit: int | None = None,
) -> tuple[SuggestionItem, ...]:
    """The office's local entries for the place and area first, then general suggestions.

    Local entries are concrete (a real office near the user, registered by staff);
    general ones say what kind of place to look for.  `limit` caps the total (e.g.
    for buttons).
    """
    target = _area(area)
    items: list[SuggestionItem] = []
    for e in filter_directory(
        directory, prefecture=prefecture, municipality=municipality, area=target
    ):
        about = e.notes or e.category or target.label
        items.append(SuggestionItem(e.name, about, DIRECTORY_SOURCE, entry=e))
    for s in suggestions_for(target, disability_types):
        items.append(SuggestionItem(s.label, s.about, s.source, suggestion=s))
    return tuple(items[:limit] if limit is not None else items)


# Clearly marked sample entries only: fictional place 「サンプル県サンプル市」, no phone
# numbers, documentation-only example.com addresses (RFC 2606).  Offices register real ones.
SAMPLE_DIRECTORY: tuple[DirectoryEntry, ...] = (
    DirectoryEntry(
        name="【サンプル】サンプル市 障害者就業・生活支援センター",
        category="障害者就業・生活支援センター",
        area=LifeArea.WORKPLACE,
        prefecture="サンプル県",
        municipality="サンプル市",
        url="https://example.com/sample-center",
        hours="平日 9:00〜17:00（サンプル）",
        notes="サンプルの登録例です。実在しません。",
        is_sample=True,
    ),
    DirectoryEntry(
        name="【サンプル】サンプル市 相談支援事業所",
        category="相談支援事業所",
        area=LifeArea.DAILY_LIFE,
        prefecture="サンプル県",
        municipality="サンプル市",
        notes="サンプルの登録例です。実在しません。",
        is_sample=True,
    ),
    DirectoryEntry(
        name="【サンプル】サンプル県 精神保健福祉センター",
        category="精神保健福祉センター",
        area=LifeArea.HEALTH,
        prefecture="サンプル県",
        notes="サンプルの登録例です。実在しません。",
        is_sample=True,
    ),
    DirectoryEntry(
        name="【サンプル】サンプル町 地域活動支援センター",
        category="地域活動支援センター",
        area=LifeArea.LEISURE,
        prefecture="サンプル県",
        municipality="サンプル町",
        notes="サンプルの登録例です。実在しません。",
        is_sample=True,
    ),
)


def sample_map() -> ResourceMap:
    """A clearly fictional map for docs, tests and demos (no real names or numbers)."""
    m = ResourceMap(goal="体調を整えて今の職場で働き続け、休日は趣味の写真を楽しみたい（サンプル）")
    m = m.add_contact(
        _W,
        Contact(
            "上司",
            organisation="サンプル株式会社 総務課",
            about="仕事の量や進め方",
            how_to_contact="朝礼のあとに直接",
        ),
    )
    m = m.add_contact(
        _W,
        Contact(
            "障害者就業・生活支援センター",
            organisation="サンプル市",
            about="仕事と生活の両方",
            how_to_contact="電話で予約",
            url="https://example.com/sample-center",
        ),
    )
    m = m.add_contact(
        _H,
        Contact(
            "主治医",
            organisation="サンプルクリニック",
            about="体調や薬のこと",
            how_to_contact="月1回の通院のとき",
        ),
    )
    m = m.add_contact(
        _H, Contact("訪問看護", about="服薬の管理", how_to_contact="週1回の訪問のとき")
    )
    m = m.add_contact(
        _D,
        Contact(
            "相談支援事業所（サンプル）",
            about="生活全般や福祉サービス",
            how_to_contact="電話",
            phone="000-0000-0000",
        ),
    )
    m = m.add_contact(_D, Contact("家族", about="毎日の様子", how_to_contact="夕食のとき"))
    m = m.add_contact(
        _L,
        Contact("地域の写真サークル（サンプル）", about="趣味の写真", how_to_contact="月2回の例会"),
    )
    return m
