"""Eligibility check for 就労定着支援 (pure; no Rasa or FastAPI imports).

Rules, from /work/shared/FACTS.md "Eligibility" and "Period and dates":
- the person used 就労移行支援, 就労継続支援A型・B型, 生活介護 or 自立訓練 (001, 003);
- then moved into ordinary employment (一般就労); work at an A型 office is not 一般就労 (001, 003);
- 6 months have passed since starting work; until then the sending office supports (002 §2–3);
- at most until 3年6か月 after starting work (000, 001, 002 §2(5), 003).

The verdict says why and what to do next. It never decides for the municipality: every
verdict carries the line that the 市区町村 makes the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.dates import rules as dates
from bot.dates.parse import format_date_ja

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
        return Verdict(
            kind=VerdictKind.NOT_ELIGIBLE,
            # 001, 003: only people who used one of the services before work.
            reason_ja=(
                "就労定着支援は、福祉の就労サービスを使ってから就職した人のためのものです。",
            ),
            # FACTS.md "Application flow" step 2 and "After the service ends".
            next_steps_ja=(
                "働くことの相談は、障害者就業・生活支援センターでもできます。",
                "市区町村の窓口や相談支援事業所にも相談できます。",
            ),
        )
    if prior_service is PriorService.OTHER:
        return Verdict(
            kind=VerdictKind.ASK_MUNICIPALITY,
            reason_ja=(
                "対象は、就労移行支援、A型、B型、生活介護、自立訓練を使った人です。",
                "ほかのサービスの場合は、市区町村が判断します。",
            ),
            next_steps_ja=("市区町村の障害福祉の窓口に相談してください。",),
        )
    if employment is Employment.TYPE_A_OFFICE:
        return Verdict(
            kind=VerdictKind.NOT_ELIGIBLE,
            # 001, 003: 一般就労 is required; A型 work is a welfare service.
            reason_ja=(
                "A型事業所で働くことは、一般就労に入りません。",
                "一般の会社などに就職したあとで、使えるようになります。",
            ),
            next_steps_ja=("今の事業所の職員に、就職の相談をしてみてください。",),
        )
    if employment is Employment.NOT_WORKING:
        return Verdict(
            kind=VerdictKind.NOT_ELIGIBLE,
            reason_ja=("就労定着支援は、一般就労をしている人のためのものです。",),
            next_steps_ja=("就職のことは、今使っている事業所や市区町村の窓口に相談してください。",),
        )
    if start is None:
        raise ValueError("start is needed for a person in ordinary employment")

    personal = dates.compute_personal_dates(start=start, variant=variant, today=today)
    status = personal.today_status

    def dated(kind: VerdictKind, reason: tuple[str, ...], steps: tuple[str, ...]) -> Verdict:
        return Verdict(
            kind=kind,
            reason_ja=reason,
            next_steps_ja=steps,
            first_day=personal.service_first_day,
            last_day=personal.last_possible_day,
            application_window=personal.application_window,
        )

    first = format_date_ja(personal.service_first_day)
    last = format_date_ja(personal.last_possible_day)
    if status.phase is dates.Phase.OVER:
        return dated(
            VerdictKind.PERIOD_OVER,
            (f"使える期間は{last}までで、もう過ぎています。",),
            # FACTS.md "After the service ends" (002 §15, §24–34).
            (
                "困ったときは、障害者就業・生活支援センターに相談できます。",
                "相談支援事業所や、主治医に相談することもできます。",
            ),
        )
    if status.phase is dates.Phase.IN_SERVICE:
        return dated(
            VerdictKind.ELIGIBLE_NOW,
            (
                "条件に合っているので、今から使えます。",
                f"使えるのは{last}までです（目安）。",
            ),
            ("市区町村の窓口か相談支援事業所に、使いたいと伝えてください。",),
        )
    # BEFORE_START cannot happen for a past start; treat it like the first 6 months.
    window = personal.application_window
    return dated(
        VerdictKind.ELIGIBLE_FROM,
        (
            f"{first}から使えます（目安）。",
            "それまでは、前に通っていた事業所が支援します。",
        ),
        # 002 §3: application in months 4–5; 003: apply early.
        (
            (
                f"申請は{format_date_ja(window.start)}から"
                f"{format_date_ja(window.end)}ごろがめやすです。"
            ),
        ),
    )
