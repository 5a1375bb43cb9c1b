"""Whom to suggest for an area: the manual's kinds of contact, and an office's own directory.

`SUGGESTIONS` paraphrases the support manual (seed 002 §15–34, 004 §6–10), each with its source;
`suggestions_for` tailors them to the disability types the person chose to give.  An office (the
organisation embedding the bot) may register local contacts; `filter_directory` and
`merge_suggestions` put those first.

Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.resource_map.model import (
    Contact,
    DisabilityType,
    LifeArea,
    area_of,
    parse_area,
    parse_disability_type,
)
from bot.resource_map.validation import (
    ErrorCode,
    Problem,
    ResourceMapError,
    check_phone,
    check_text,
    check_url,
    clean_text,
    problem,
)

__all__ = [
    "DIRECTORY_SOURCE",
    "SUGGESTIONS",
    "DirectoryEntry",
    "Suggestion",
    "SuggestionItem",
    "filter_directory",
    "merge_suggestions",
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
    target = area_of(area)
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
            "name": check_text(problems, "name", self.name, required=True),
            "category": check_text(problems, "category", self.category),
            "prefecture": check_text(problems, "prefecture", self.prefecture),
            "municipality": check_text(problems, "municipality", self.municipality),
            "phone": check_phone(problems, self.phone),
            "url": check_url(problems, self.url),
            "hours": check_text(problems, "hours", self.hours),
            "notes": check_text(problems, "notes", self.notes),
        }
        area = parse_area(self.area)
        if area is None:
            problems.append(problem(ErrorCode.UNKNOWN_AREA, "area"))
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
    cleaned = clean_text(text)
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
    want_area = area_of(area) if area is not None else None
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
    target = area_of(area)
    items: list[SuggestionItem] = []
    for e in filter_directory(
        directory, prefecture=prefecture, municipality=municipality, area=target
    ):
        about = e.notes or e.category or target.label
        items.append(SuggestionItem(e.name, about, DIRECTORY_SOURCE, entry=e))
    for s in suggestions_for(target, disability_types):
        items.append(SuggestionItem(s.label, s.about, s.source, suggestion=s))
    return tuple(items[:limit] if limit is not None else items)
