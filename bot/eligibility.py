"""Eligibility check for 就労定着支援 (pure; no Rasa or FastAPI imports).

Rules, from /work/shared/FACTS.md "Eligibility" and "Period and dates":
- the person used 就労移行支援, 就労継続支援A型・B型, 生活介護 or 自立訓練 (001, 003);
- then was employed by an ordinary employer (一般就労; 002 §7 「通常の事業所で雇用された障害者を
  対象に」), so work at an A型 office, itself a welfare service, is normally not it;
- 6 months have passed since starting work; until then the sending office supports, as a duty
  for 就労移行支援 and as an effort (努力義務) for the others (002 §2–3, 004 §4);
- at most until 3年6か月 after starting work (000, 001, 002 §2(5), 003).

The check asks only about the service and the dates, not about the disability or the person's
situation, so an eligible verdict says 「条件には合っているようです」, never 「使えます」. It says when
the usual application time has passed or little time is left, and it never decides for the
municipality: every verdict ends with the line that the 市区町村 decides. facts.yml lists the
passages behind each text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.dates import rules as dates
from bot.dates import texts

__all__ = [
    "DECIDED_BY_MUNICIPALITY_JA",
    "EMPLOYMENT_LABELS_JA",
    "PRIOR_SERVICE_LABELS_JA",
    "Employment",
    "PriorService",
    "Verdict",
    "VerdictKind",
    "check_eligibility",
    "read_employment",
    "read_prior_service",
]


class PriorService(str, Enum):
    """The welfare employment service used before work (button payload values)."""

    TRANSITION = "transition"  # 就労移行支援
    TYPE_A = "type_a"  # 就労継続支援A型
    TYPE_B = "type_b"  # 就労継続支援B型
    DAILY_LIFE_CARE = "daily_life_care"  # 生活介護
    INDEPENDENCE_TRAINING = "independence_training"  # 自立訓練 (機能訓練・生活訓練)
    OTHER = "other"
    NONE = "none"


PRIOR_SERVICE_LABELS_JA: dict[PriorService, str] = {
    PriorService.TRANSITION: "就労移行支援",
    PriorService.TYPE_A: "就労継続支援A型",
    PriorService.TYPE_B: "就労継続支援B型",
    PriorService.DAILY_LIFE_CARE: "生活介護",
    PriorService.INDEPENDENCE_TRAINING: "自立訓練",
    PriorService.OTHER: "そのほかのサービス",
    PriorService.NONE: "使っていない",
}

# FACTS.md "Eligibility" (001, 003): the services that lead to 就労定着支援.
QUALIFYING_SERVICES = frozenset(
    {
        PriorService.TRANSITION,
        PriorService.TYPE_A,
        PriorService.TYPE_B,
        PriorService.DAILY_LIFE_CARE,
        PriorService.INDEPENDENCE_TRAINING,
    }
)


class Employment(str, Enum):
    """Where the person works now."""

    ORDINARY = "ordinary"  # 一般就労: a company, shop, public office...
    TYPE_A_OFFICE = "type_a_office"  # working at an A型 office: not 一般就労
    NOT_WORKING = "not_working"


# The buttons of the question 「今どこで働いていますか」, in this order.
EMPLOYMENT_LABELS_JA: dict[Employment, str] = {
    Employment.ORDINARY: "会社などで働いている",
    Employment.TYPE_A_OFFICE: "A型事業所で働いている",
    Employment.NOT_WORKING: "今は働いていない",
}


class VerdictKind(str, Enum):
    ELIGIBLE_NOW = "eligible_now"
    ELIGIBLE_FROM = "eligible_from"  # within the first 6 months
    PERIOD_OVER = "period_over"
    NOT_ELIGIBLE = "not_eligible"
    ASK_MUNICIPALITY = "ask_municipality"  # "other" service: the municipality decides


# --- reading typed answers -----------------------------------------------------------
# The form asks with buttons; these read the same answers typed as text. The first entry
# with a keyword in the text wins.

_PRIOR_SERVICE_KEYWORDS: tuple[tuple[PriorService, tuple[str, ...]], ...] = (
    (
        PriorService.NONE,
        (
            "使っていない",
            "使っていません",
            "つかっていない",
            "使ってない",
            "利用していない",
            "利用していません",
            "通っていない",
            "通っていません",
            "何も",
            "どこも",
            "なし",
        ),
    ),
    (PriorService.TRANSITION, ("就労移行", "移行支援", "しゅうろういこう", "いこうしえん")),
    (PriorService.TYPE_A, ("A型", "Ａ型", "a型", "エー型")),
    (PriorService.TYPE_B, ("B型", "Ｂ型", "b型", "ビー型")),
    (PriorService.DAILY_LIFE_CARE, ("生活介護",)),
    (PriorService.INDEPENDENCE_TRAINING, ("自立訓練", "生活訓練", "機能訓練")),
    (PriorService.OTHER, ("その他", "そのほか", "ほかのサービス", "別のサービス")),
)

_EMPLOYMENT_KEYWORDS: tuple[tuple[Employment, tuple[str, ...]], ...] = (
    (Employment.NOT_WORKING, ("働いていない", "働いてない", "無職", "就職していない", "辞めた")),
    (Employment.TYPE_A_OFFICE, ("A型で", "Ａ型で", "A型事業所", "Ａ型事業所")),
    (
        Employment.ORDINARY,
        ("会社", "企業", "一般就労", "正社員", "パート", "アルバイト", "就職", "働いて", "勤め"),
    ),
)


def read_prior_service(text: str) -> PriorService | None:
    """The service a free-text answer names (「B型です」, 「何も使っていない」), or None."""
    for service, words in _PRIOR_SERVICE_KEYWORDS:
        if any(word in text for word in words):
            return service
    return None


def read_employment(text: str) -> Employment | None:
    """Where a free-text answer says the person works (「パートです」, 「A型で」), or None."""
    for employment, words in _EMPLOYMENT_KEYWORDS:
        if any(word in text for word in words):
            return employment
    return None


# Every verdict ends with this (FACTS.md header: the municipality decides).
DECIDED_BY_MUNICIPALITY_JA = "最後に決めるのは市区町村です。窓口で確かめてください。"

# --- the texts of the verdicts (facts.yml names each) ---------------------------------------
NOT_USED_REASON_JA = (
    "就労定着支援は、障害福祉サービスを使ってから就職した人のためのものです。",
    "対象は、就労移行支援、A型、B型、生活介護、自立訓練です。",
)
# FACTS.md "After the service ends" and "Application flow" step 2.
NOT_USED_NEXT_JA = (
    "働くことの相談は、障害者就業・生活支援センターでもできます。",
    "市区町村の窓口や相談支援事業所にも相談できます。",
)
OTHER_SERVICE_REASON_JA = (
    "対象は、就労移行支援、A型、B型、生活介護、自立訓練を使った人です。",
    "ほかのサービスの場合は、市区町村が判断します。",
)
OTHER_SERVICE_NEXT_JA = ("市区町村の障害福祉の窓口に相談してください。",)
# 002 §7: 「通常の事業所で雇用された障害者を対象に行う障害福祉サービス」.
TYPE_A_WORK_REASON_JA = (
    "A型事業所で働くことは、ふつう一般就労に入りません。",
    "就労定着支援は、会社などに雇われて働く人のためのサービスです。",
)
TYPE_A_WORK_NEXT_JA = ("今の事業所の職員に、就職の相談をしてみてください。",)
NOT_WORKING_REASON_JA = ("就労定着支援は、一般就労をしている人のためのものです。",)
NOT_WORKING_NEXT_JA = ("就職のことは、今使っている事業所や市区町村の窓口に相談してください。",)

# The check sees only the service and the dates (C8 of the review): never 「今から使えます」.
SEEMS_TO_MEET_JA = "条件には合っているようです。"
ONLY_SERVICE_AND_DATES_JA = "このチェックは、前のサービスと日付だけを見ています。"
# 001 利用の流れ (申請, 聞き取り, 計画案, 審査, 受給者証, 契約), 003 「早めの申し込み」.
APPLICATION_TAKES_TIME_JA = "申請から使い始めるまで、時間がかかります。"
TELL_THE_MUNICIPALITY_JA = "市区町村の窓口か相談支援事業所に、使いたいと伝えてください。"
LITTLE_TIME_LEFT_JA = "使える期間の残りが、少なくなっています。"
ASK_SOON_JA = "早めに、市区町村の窓口に相談してください。"
LAST_DAY_NOT_FIRM_JA = "使える最後の日は、資料によって数え方が違います。"
PERIOD_OVER_NO_DATE_JA = "使える期間は、もう過ぎています。"
# FACTS.md "After the service ends" (002 §15, §24–34).
PERIOD_OVER_NEXT_JA = (
    "困ったときは、障害者就業・生活支援センターに相談できます。",
    "相談支援事業所や、主治医に相談することもできます。",
)
# 002 §2–3, 004 §4: the first 6 months are a duty for 就労移行支援, an effort for the others.
SENDING_OFFICE_DUTY_JA = "それまでは、就労移行支援の事業所が支えることになっています。"
SENDING_OFFICE_EFFORT_JA = "それまでは、前の事業所ができるだけ支えることになっています。"
# 002 §3 (就職後4〜5月目), 003 (「半年が経過する前から…申請を行うことができます」).
WINDOW_PASSED_JA = (
    "申請のめやすの時期は、もう過ぎています。",
    "早めに、市区町村に申請してください。",
)
WINDOW_NOW_JA = "今が、申請のめやすの時期です。"
EARLIER_IS_FINE_JA = "それより前でも、申請できます。"
APPLY_EARLY_JA = "申請は、早めにしましょう。"

# Less than this many days left counts as 「残りが少ない」. The standard timeline (002 §3) puts the
# application in months 4–5 for a start in month 7: 2–3 months of lead time, so with under
# 6 months left that lead time takes a large part of what remains. Not shown to users.
LITTLE_TIME_LEFT_DAYS = 183


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    reason_ja: tuple[str, ...]
    next_steps_ja: tuple[str, ...]
    first_day: date | None = None
    last_day: date | None = None
    application_window: dates.DateRange | None = None

    @property
    def lines_ja(self) -> tuple[str, ...]:
        return (*self.reason_ja, *self.next_steps_ja, DECIDED_BY_MUNICIPALITY_JA)


def western_date_ja(d: date) -> str:
    """「2024年10月1日」: one calendar, so that two dates can share a sentence."""
    return f"{d.year}年{d.month}月{d.day}日"


def _undated(kind: VerdictKind, reason: tuple[str, ...], steps: tuple[str, ...]) -> Verdict:
    return Verdict(kind=kind, reason_ja=reason, next_steps_ja=steps)


def _window_lines(window: dates.DateRange | None, today: date) -> tuple[str, ...]:
    if window is None:  # the variants: no source gives a month (B2 of the review)
        return (APPLY_EARLY_JA,)
    if today > window.end:
        return WINDOW_PASSED_JA
    if today >= window.start:
        return (WINDOW_NOW_JA, f"{western_date_ja(window.end)}ごろまでに申請しましょう。")
    return (
        f"申請のめやすは、{western_date_ja(window.start)}から"
        f"{western_date_ja(window.end)}ごろです。",
        EARLIER_IS_FINE_JA,
    )


def check_eligibility(
    *,
    prior_service: PriorService,
    employment: Employment,
    start: date | None,
    today: date,
    variant: dates.SupportVariant = dates.SupportVariant.STANDARD,
) -> Verdict:
    """The verdict for one person; `start` is the day work started (or the variant's date).

    `start` may be None only when the answer does not depend on it (no qualifying
    service, or not in ordinary employment).
    """
    if prior_service is PriorService.NONE:
        return _undated(VerdictKind.NOT_ELIGIBLE, NOT_USED_REASON_JA, NOT_USED_NEXT_JA)
    if prior_service is PriorService.OTHER:
        return _undated(
            VerdictKind.ASK_MUNICIPALITY, OTHER_SERVICE_REASON_JA, OTHER_SERVICE_NEXT_JA
        )
    if employment is Employment.TYPE_A_OFFICE:
        return _undated(VerdictKind.NOT_ELIGIBLE, TYPE_A_WORK_REASON_JA, TYPE_A_WORK_NEXT_JA)
    if employment is Employment.NOT_WORKING:
        return _undated(VerdictKind.NOT_ELIGIBLE, NOT_WORKING_REASON_JA, NOT_WORKING_NEXT_JA)
    if start is None:
        raise ValueError("start is needed for a person in ordinary employment")

    personal = dates.compute_personal_dates(start=start, variant=variant, today=today)
    status = personal.today_status
    firm = personal.last_day_is_firm
    # 復職支援型: the dates hold only after 就労移行支援等 during the leave.
    condition = (
        (texts.RETURN_TO_WORK_CONDITION_JA,)
        if variant is dates.SupportVariant.RETURN_TO_WORK
        else ()
    )

    def dated(kind: VerdictKind, reason: tuple[str, ...], steps: tuple[str, ...]) -> Verdict:
        return Verdict(
            kind=kind,
            reason_ja=(*condition, *reason),
            next_steps_ja=steps,
            first_day=personal.service_first_day,
            last_day=personal.last_possible_day,
            application_window=personal.application_window,
        )

    first = western_date_ja(personal.service_first_day)
    last = western_date_ja(personal.last_possible_day)
    if status.phase is dates.Phase.OVER:
        over = f"使える期間は{last}までで、もう過ぎています。" if firm else PERIOD_OVER_NO_DATE_JA
        return dated(VerdictKind.PERIOD_OVER, (over,), PERIOD_OVER_NEXT_JA)
    if status.phase is dates.Phase.IN_SERVICE:
        left = status.days_to_last_day
        little = firm and left is not None and left < LITTLE_TIME_LEFT_DAYS
        return dated(
            VerdictKind.ELIGIBLE_NOW,
            (
                SEEMS_TO_MEET_JA,
                f"使えるのは{last}までです（目安）。" if firm else LAST_DAY_NOT_FIRM_JA,
                *((LITTLE_TIME_LEFT_JA,) if little else ()),
                ONLY_SERVICE_AND_DATES_JA,
            ),
            (
                APPLICATION_TAKES_TIME_JA,
                ASK_SOON_JA if little else TELL_THE_MUNICIPALITY_JA,
            ),
        )
    # BEFORE_START cannot happen for a past start; treat it like the first 6 months.
    sending = (
        SENDING_OFFICE_DUTY_JA
        if prior_service is PriorService.TRANSITION
        else SENDING_OFFICE_EFFORT_JA
    )
    return dated(
        VerdictKind.ELIGIBLE_FROM,
        (
            SEEMS_TO_MEET_JA,
            f"使い始められるのは、{first}からです（目安）。",
            sending,
            ONLY_SERVICE_AND_DATES_JA,
        ),
        _window_lines(personal.application_window, today),
    )
