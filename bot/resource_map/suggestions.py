"""Whom to suggest for an area: the manual's kinds of contact, and an office's own directory.

`SUGGESTIONS` paraphrases the support manual (seed 002 §15–34, 004 §6–10), each with its source;
`suggestions_for` tailors them to the disability types the person chose to give.  An office (the
organisation embedding the bot) may register local contacts (`LocalSuggestion`, from the staff
API's directory); `merge_suggestions` is the one rule for putting them in front of the bot's
buttons, and `suggested_contact` turns any suggestion button into the contact it starts.

Stdlib only (and `bot.protocol`, the button grammar shared with actions and API).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TypedDict

from bot.protocol import choice_payload, is_payload, is_suggestion_payload, suggestion_choice
from bot.resource_map.model import (
    Contact,
    DisabilityType,
    LifeArea,
    area_of,
    parse_area,
    parse_disability_type,
)
from bot.resource_map.texts import HOURS_TEXT
from bot.resource_map.validation import (
    MAX_LENGTHS,
    ErrorCode,
    Problem,
    ResourceMapError,
    check_phone,
    check_text,
    check_url,
    problem,
)

__all__ = [
    "MAX_BUTTONS",
    "MAX_LOCAL_BUTTONS",
    "SUGGESTIONS",
    "LocalSuggestion",
    "Suggestion",
    "merge_suggestions",
    "suggested_contact",
    "suggestions_for",
]


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


# Every line paraphrases its source; nothing here is a name, address or number of a
# real office.  Order within an area is the order offered as buttons.
SUGGESTIONS: tuple[Suggestion, ...] = (
    # 職場の安定
    Suggestion(
        "supervisor",
        "上司",
        "仕事の進め方や、職場での困りごとを相談できます。",
        (LifeArea.WORKPLACE,),
        # 002 §17 ナチュラルサポート (上司や同僚による援助); 004 §6(2) 企業内のネットワーク
        "002 §17, 004 §6(2)",
    ),
    Suggestion(
        "vocational_life_counselor",
        "障害者職業生活相談員",
        "障害のある人を5人以上雇う職場にいます。仕事や人間関係を相談できます。",
        (LifeArea.WORKPLACE,),
        # 002 §16(2): 「５人以上の障害のある労働者を雇用する事業所では…選任」; 職務内容・職場の
        # 人間関係・余暇活動の相談. Only such workplaces have one, and the person's own contact
        # may not hold the qualification (「資格を取得しているとは限りません」): C14 of the review.
        "002 §16(2)",
    ),
    Suggestion(
        "nakapotsu",
        "障害者就業・生活支援センター",
        "仕事と生活の両方を、身近な地域で相談できます。",
        (LifeArea.WORKPLACE, LifeArea.DAILY_LIFE),
        # 002 §33: 就業面及び生活面における一体的な支援; §23–28 で全ての障害に挙がる; 004 §10
        "002 §33, §23–28, 004 §10",
    ),
    Suggestion(
        "regional_vocational_center",
        "地域障害者職業センター",
        "職場の課題について、ジョブコーチ支援などを相談できます。",
        (LifeArea.WORKPLACE,),
        # 002 §15(1): 障害者職業カウンセラーの助言・援助、職場適応援助者による支援; §16(1)
        "002 §15(1), §16(1)",
    ),
    Suggestion(
        "municipal_employment_center",
        "自治体の就労支援センター",
        "働く障害者の相談先です。設置していない地域もあります。",
        (LifeArea.WORKPLACE,),
        # 002 §34: 市区町村が独自に設置している地域もある; サービス終了後の相談機関; 004 §10
        "002 §34, 004 §10",
    ),
    # 心身の安定
    Suggestion(
        "attending_doctor",
        "主治医",
        "体調や治療、薬のことを相談できます。",
        (LifeArea.HEALTH,),
        # 002 §29: 医療機関との連携; §23 内部障害・§27 難病「かかりつけ医の把握」; §26 高次脳
        "002 §29, §23, §26–28",
        first_for=frozenset(
            {
                DisabilityType.MENTAL,
                DisabilityType.DEVELOPMENTAL,
                DisabilityType.INTRACTABLE_DISEASE,
                DisabilityType.BRAIN_INJURY,
            }
        ),
    ),
    Suggestion(
        "home_nursing",
        "訪問看護",
        "自宅で、体調や服薬の管理を頼める場合もあります。",
        (LifeArea.HEALTH,),
        # 002 §29(4): 精神科訪問看護と身体の訪問看護, 「医師の判断の下に、指示書が作成され」; 服薬管理;
        # §11(2) 「訪問看護などの利用が可能な場合もあります」 (the same caveat as ヘルパー); §28
        "002 §29(4), §11(2), §28",
        first_for=frozenset({DisabilityType.MENTAL}),
    ),
    Suggestion(
        "mental_health_center",
        "精神保健福祉センター",
        "精神障害のある人が、必要に応じて連携する機関です。",
        (LifeArea.HEALTH,),
        # 002 §28: 「精神保健福祉センターとの連携が必要な場合もあります」
        "002 §28",
        only_for=frozenset({DisabilityType.MENTAL}),
    ),
    Suggestion(
        "home_rehabilitation",
        "訪問リハビリテーション",
        "自宅で、日々の暮らしを支えるサービスです。",
        (LifeArea.HEALTH,),
        # 002 §28: 訪問看護や訪問リハビリテーションなどの在宅で日常的にサポートしてくれるサービス
        "002 §28",
        only_for=frozenset({DisabilityType.MENTAL}),
    ),
    # 生活の安定
    Suggestion(
        "consultation_support",
        "相談支援事業所",
        "生活全般や、福祉サービスの利用を相談できます。",
        (LifeArea.DAILY_LIFE,),
        # 004 §7: 利用者の生活全般にかかわる役割; 002 §30; §23–28 で全ての障害に挙がる
        "004 §7, 002 §30, §23–28",
    ),
    Suggestion(
        "social_welfare_council",
        "社会福祉協議会",
        "地域で、生活面のフォローを一緒にしてくれます。",
        (LifeArea.DAILY_LIFE,),
        # 002 §24: 生活面のフォローを一緒にかかる支援機関; §23, §25, §28
        "002 §23–25, §28",
    ),
    Suggestion(
        "community_activity_center",
        "地域活動支援センター",
        "前から関わりがあれば、相談できる福祉の機関です。",
        (LifeArea.DAILY_LIFE,),
        # 002 §22(2), 004 §6(2): 「相談支援事業所、地域活動支援センターなどのこれまでに本人に関わりの
        # ある福祉の関係機関」 in the 福祉・医療 network, not the 地域資源 (余暇) one: B5 of the review.
        "002 §22(2), 004 §6(2)",
    ),
    Suggestion(
        "home_helper",
        "ヘルパー",
        "家事の手伝いなどを、頼める場合もあります。",
        (LifeArea.DAILY_LIFE,),
        # 002 §11(2): 「市町村のホームヘルパー派遣による家事援助等のサービス…の利用が可能な場合も
        # あります」 (C14 of the review: 「場合もある」 kept); 004 §7(3)
        "002 §11(2), 004 §7(3)",
    ),
    Suggestion(
        "group_home",
        "グループホーム",
        "世話人など、暮らしの場の身近な相談相手です。",
        (LifeArea.DAILY_LIFE,),
        # 004 §7(3): グループホームの世話人; 002 §11
        "004 §7(3), 002 §11",
    ),
    Suggestion(
        "family_friends",
        "家族・友人",
        "日々の様子を知っている、身近な相談相手です。",
        (LifeArea.DAILY_LIFE,),
        # 002 §30: 利用者が信頼を寄せる特別支援学校や家族・友人; 004 §7(4) 家族のフォロー
        "002 §30, 004 §7(4)",
    ),
    Suggestion(
        "rehabilitation_center",
        "福祉センター・リハビリテーションセンター",
        "障害に応じて、生活と仕事の両方を支えてくれます。",
        (LifeArea.DAILY_LIFE,),
        # 002 §23: 各障害種別に応じた福祉センターやリハビリテーションセンター … 生活や仕事の両方を支えて
        "002 §23",
        only_for=frozenset({DisabilityType.PHYSICAL}),
    ),
    # 余暇の充実
    Suggestion(
        "local_circles",
        "地域のサークル・生涯学習",
        "趣味や学びを通して、職場以外の人とつながれます。",
        (LifeArea.LEISURE,),
        # 002 §11(3): 地域の生涯学習、ボランティアサークル、地域のクラブサークル; 004 §7(4)
        "002 §11(3), 004 §7(4)",
    ),
    Suggestion(
        "peer_support",
        "当事者会・ピアサポート",
        "同じ立場の仲間と、交流できる場です。",
        (LifeArea.LEISURE,),
        # 002 §25: 地域の当事者会、ピアサポート、交流の場
        "002 §25",
        only_for=frozenset({DisabilityType.DEVELOPMENTAL}),
    ),
    Suggestion(
        "developmental_support_center",
        "発達障害者支援センター",
        "特性に合う工夫や、交流の場を教えてくれる場合もあります。",
        (LifeArea.LEISURE,),
        # 002 §25: 特性に応じた対応の工夫や、当事者会、ピアサポート、交流の場などの「情報提供も行って
        # いる場合もあり」 (C14 of the review: 「場合もある」 kept)
        "002 §25",
        only_for=frozenset({DisabilityType.DEVELOPMENTAL}),
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
    target = area_of(area)
    types = {t for t in (parse_disability_type(v) for v in disability_types) if t is not None}
    in_area = [s for s in SUGGESTIONS if target in s.areas]
    if not types:
        return tuple(sorted(in_area, key=lambda s: bool(s.only_for)))
    kept = [s for s in in_area if not s.only_for or s.only_for & types]
    return tuple(sorted(kept, key=lambda s: not ((s.only_for | s.first_for) & types)))


# --- an office's local directory -----------------------------------------------------

# A message shows at most MAX_BUTTONS buttons once the office's entries are added, of which at
# most MAX_LOCAL_BUTTONS are the office's.
MAX_BUTTONS = 8
MAX_LOCAL_BUTTONS = 3
# A local entry's choice is `suggest:<name>`, then its phone, hours and URL, each after a tab:
# validated text never holds one (whitespace runs become one space).
_DETAIL_SEPARATOR = "\t"


@dataclass(frozen=True)
class LocalSuggestion:
    """A contact an office registered in its own directory (the staff API), offered as a button.

    The action server never sees the office's directory: the API puts these buttons in front of
    the bot's (`merge_suggestions`), and a button's choice carries the entry's phone, hours and
    URL, so that the contact it starts has them (`suggested_contact`).  `create` validates with
    the domain's limits (`MAX_LENGTHS`), which the staff API takes as its own; the plain
    constructor accepts only valid, normal values.
    """

    name: str
    area: LifeArea
    phone: str | None = None
    hours: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if _normal_local_fields(values) != values:
            raise ValueError(f"not in normal form (build it with LocalSuggestion.create): {self!r}")

    @classmethod
    def create(
        cls,
        *,
        name: object,
        area: LifeArea | str | None,
        phone: object = None,
        hours: object = None,
        url: object = None,
    ) -> LocalSuggestion:
        """An entry from what staff typed, normalised; `ResourceMapError` lists every problem."""
        values = {"name": name, "area": area, "phone": phone, "hours": hours, "url": url}
        return cls(**_normal_local_fields(values))

    def choice(self) -> str:
        """The button's choice: the name, then as many of phone, hours and URL as still fit in a
        payload the chat accepts (a long URL may not; the person can type it)."""
        details = [self.phone or "", self.hours or "", self.url or ""]
        while True:
            text = _DETAIL_SEPARATOR.join([self.name, *details]).rstrip(_DETAIL_SEPARATOR)
            choice = suggestion_choice(text)
            if not details or is_payload(choice_payload(choice)):
                return choice
            details.pop()


class _LocalFields(TypedDict):
    name: str
    area: LifeArea
    phone: str | None
    hours: str | None
    url: str | None


def _normal_local_fields(values: Mapping[str, object]) -> _LocalFields:
    problems: list[Problem] = []
    name = check_text(problems, "name", values.get("name"), required=True)
    phone = check_phone(problems, values.get("phone"))
    url = check_url(problems, values.get("url"))
    hours = check_text(problems, "hours", values.get("hours"))
    given = values.get("area")
    area = parse_area(given if isinstance(given, (str, LifeArea)) else None)
    if area is None:
        problems.append(problem(ErrorCode.UNKNOWN_AREA, "area"))
    if problems or area is None:  # a missing name is one of the problems
        raise ResourceMapError(problems)
    return _LocalFields(name=name or "", area=area, phone=phone, hours=hours, url=url)


def suggested_contact(text: str) -> Contact | None:
    """The contact a suggestion button starts, from what follows `suggest:`.

    The bot's buttons carry a kind of contact (「上司」); the office's carry the entry's name, phone,
    hours and URL (`LocalSuggestion.choice`).  A name longer than a contact's (80 vs 40) is
    shortened with 「…」.  None when there is no name.
    """
    name, *details = text.split(_DETAIL_SEPARATOR)
    name = name.strip()
    if not name:
        return None
    limit = MAX_LENGTHS["name_or_role"]
    if len(name) > limit:
        name = name[: limit - 1] + "…"
    phone, hours, url = (details + ["", "", ""])[:3]
    how = HOURS_TEXT.format(hours=hours.strip()) if hours.strip() else None
    return Contact.create(name, how_to_contact=how, phone=phone, url=url)


def merge_suggestions(
    buttons: Sequence[tuple[str, str]], local: Iterable[LocalSuggestion], *, area: LifeArea
) -> list[tuple[str, str]]:
    """The bot's buttons (title, payload) with the office's entries for `area` in front.

    The office's entries are concrete (a place near the person, registered by staff); the bot's
    general suggestions say what kind of place to look for.  At most `MAX_LOCAL_BUTTONS` entries,
    in the directory's order; to keep the message at `MAX_BUTTONS`, the bot's general suggestions
    are dropped from the end, never its other buttons (自分で入力, この分野はとばす, …).  Names
    already shown as a button and entries whose payload the chat would refuse are left out.
    """
    general = [i for i, (_, payload) in enumerate(buttons) if is_suggestion_payload(payload)]
    room = MAX_BUTTONS - (len(buttons) - len(general))
    seen = {title for title, _ in buttons}
    added: list[tuple[str, str]] = []
    for entry in local:
        if len(added) >= min(MAX_LOCAL_BUTTONS, room):
            break
        payload = choice_payload(entry.choice())
        if entry.area is not area or entry.name in seen or not is_payload(payload):
            continue
        seen.add(entry.name)
        added.append((entry.name, payload))
    if not added:
        return list(buttons)
    dropped = set(general[max(room - len(added), 0) :])
    return added + [button for i, button in enumerate(buttons) if i not in dropped]
