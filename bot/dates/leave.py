"""A leave (休職) and the return to work (復職) in the date flow (pure; no Rasa imports).

復職支援型 counts from the day of return only for someone who used 就労移行支援等 during the leave
(002 §3(3), 004 §5(2)); anyone else keeps the count from 就職日, also after a leave during
就労定着支援 (002 §2 「その期間が就職後から３年６カ月以内であることに留意」). So when a message mentions
a leave, the date flow asks whether those services were used (`LeaveServices`) and then needs the
date that answer counts from: the 復職日, or the 就職日. This module reads both from free text:

- `mentions_leave`: the message is about a leave or a return;
- `services_in_message`: a message that tells the story (「休職中に就労移行支援を使って…」) may
  already answer the question; `read_services_answer` reads the answer to it;
- `date_roles`: which date of a message is the 就職日 and which the 復職日, from the words next to
  each date (「2023年4月1日に就職して…2025年1月10日に復職」, 「復職したのは2025年2月3日です」);
- `dates_for_answers`: the dates of one person from the answers the flow holds.

Slot values are plain strings so they survive the tracker store (`LeaveServices.value`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.dates import rules as dates
from bot.dates.parse import FoundDate, find_japanese_dates

__all__ = [
    "LEAVE_SERVICES_LABELS_JA",
    "DateRole",
    "LeaveServices",
    "RoledDate",
    "date_roles",
    "dates_for_answers",
    "mentions_leave",
    "read_services_answer",
    "services_in_message",
]


class LeaveServices(str, Enum):
    """The answer to 「休職中に就労移行支援などを使いましたか」 (slot `leave_services`)."""

    USED = "yes"
    NOT_USED = "no"
    UNKNOWN = "unknown"


# The buttons of the question, in this order (payload: /inform_date{"leave_services": value}).
LEAVE_SERVICES_LABELS_JA: dict[LeaveServices, str] = {
    LeaveServices.USED: "はい、使った",
    LeaveServices.NOT_USED: "いいえ、使っていない",
    LeaveServices.UNKNOWN: "わからない",
}


class DateRole(str, Enum):
    """What a date in a message is, from the words next to it."""

    WORK_START = "work_start"  # 就職日
    RETURN = "return"  # 復職日
    LEAVE_START = "leave_start"  # the first day of the leave: the flow does not use it


# Words that mean a leave or a return (002 §3(3) 「休職からの復職」).
_LEAVE_WORDS = ("休職", "復職", "職場復帰", "ふくしょく", "きゅうしょく")

# The services the 復職支援型 留意事項 names: 就労移行支援、就労継続支援A型・B型 (002 §3(3)).
_SERVICE = r"(?:就労移行|移行支援|就労継続|[AＡaＢBb]型|しゅうろういこう)"
# 「休職中に」「休職している間」「休んでいる間」: what follows happened during the leave.
_DURING_LEAVE = (
    r"(?:休職(?:中|期間|して(?:い)?る間|していた間|の間)|休んで(?:い)?る間|休んでいた間)"
)
_NEGATION = r"(?:ない|なかった|ません|ず|なし)"
# 「休職中に就労移行支援を使って」 (no negation in the same clause), 「休職中は…使っていません」.
_SERVICES_DURING_LEAVE_RE = re.compile(_DURING_LEAVE + r"[^。！？\n]{0,20}?" + _SERVICE)
# 「休職中は何も使っていません」.
_NOTHING_DURING_LEAVE_RE = re.compile(_DURING_LEAVE + r"[^。！？\n]{0,6}?(?:何も|なにも)")
_CLAUSE_END = re.compile(r"[、。！？\n]")

# Phrases that answer the question, checked in this order (「わからない」 holds 「ない」, and
# 「使っていない」 holds 「使ってい」).
_UNKNOWN_ANSWERS: tuple[str, ...] = (
    *("わから", "分から", "わかりません", "分かりません", "知らな", "知りません"),
    *("覚えて", "おぼえて", "忘れ", "わすれ", "不明", "たぶん", "多分"),
)
_NO_ANSWERS: tuple[str, ...] = (
    *("使っていな", "使ってな", "使っていません"),
    *("使いませんでした", "使わなかった", "使わず", "通っていな", "通ってな", "通っていません"),
    *("利用していな", "利用していません", "なにも", "何も", "ないです", "ありません", "なし"),
)
_YES_ANSWERS: tuple[str, ...] = (
    *("使いました", "使った", "使ってい", "使ってた", "通いました", "通った", "通ってい"),
    *("通ってた", "利用しました", "利用してい", "使用しました"),
)

# The words next to a date that say what it is. 「休職から戻りました」「休職明け」 are a return.
_ROLE_PATTERNS: tuple[tuple[DateRole, re.Pattern[str]], ...] = (
    (
        DateRole.RETURN,
        re.compile(
            r"復職|職場復帰|復帰|ふくしょく|休職(?:から|より|明け)|(?:職場|仕事|会社)に戻"
            r"|戻(?:りまし|った|って|る)|(?:また|再び|ふたたび)働"
        ),
    ),
    (DateRole.LEAVE_START, re.compile(r"休職(?!から|より|明け)|休み(?:始め|はじめ)|きゅうしょく")),
    (
        DateRole.WORK_START,
        re.compile(r"就職|働き始め|働きはじめ|はたらきはじめ|入社|しゅうしょく|勤め始め|採用"),
    ),
)
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def mentions_leave(text: str) -> bool:
    """True when the message is about a leave or a return (「休職」「復職」「復職支援型」)."""
    return any(word in text for word in _LEAVE_WORDS)


def services_in_message(text: str) -> LeaveServices | None:
    """The answer a message gives before the question is asked, or None when it gives none.

    Only a clause that puts the service in the leave counts: 「休職中に就労移行支援を使って、…復職
    しました」 is USED, 「休職中は就労移行支援を使っていません」 NOT_USED. 「B型から就職して、休職
    しました」 names a service used before the job, so it answers nothing and the flow asks.
    """
    if _NOTHING_DURING_LEAVE_RE.search(text):
        return LeaveServices.NOT_USED
    match = _SERVICES_DURING_LEAVE_RE.search(text)
    if match is None:
        return None
    rest = text[match.end() :]
    clause = rest[: m.start()] if (m := _CLAUSE_END.search(rest)) else rest
    return LeaveServices.NOT_USED if re.search(_NEGATION, clause) else LeaveServices.USED


# Short words that answer only at the start of the message (「費用は いくら」 holds 「はい」).
_OPENING_ANSWERS: tuple[tuple[LeaveServices, str], ...] = (
    (LeaveServices.NOT_USED, r"いいえ|いや|ううん|no"),
    (LeaveServices.USED, r"はい|うん|ええ|そうです|yes"),
)


def read_services_answer(text: str) -> LeaveServices | None:
    """A typed answer to the question (「はい」「使っていません」「わからない」), or None."""
    answer = text.strip().lower()
    if not answer:
        return None
    if any(word in answer for word in _UNKNOWN_ANSWERS):
        return LeaveServices.UNKNOWN
    for value, words in _OPENING_ANSWERS:
        if re.match(f"(?:{words})(?:[、。,.！!\\s]|です|$)", answer):
            return value
    for value, phrases in (
        (LeaveServices.NOT_USED, _NO_ANSWERS),
        (LeaveServices.USED, _YES_ANSWERS),
    ):
        if any(phrase in answer for phrase in phrases):
            return value
    return services_in_message(text)


@dataclass(frozen=True)
class RoledDate:
    """A date found in a message and what it is (None: the words do not say)."""

    role: DateRole | None
    found: FoundDate


def _topic_before(before: str) -> DateRole | None:
    """The role a topic just before the date names: 「就職日は」「復職したのは」「入社日：」."""
    clause = re.split(r"[、。！？!?\n]", before)[-1]
    hits = [
        (m.start(), role)
        for role, pattern in _ROLE_PATTERNS
        for m in re.finditer(f"(?:{pattern.pattern})[^、。]{{0,6}}?(?:は|が|:|：)\\s*$", clause)
    ]
    return min(hits, key=lambda hit: hit[0])[1] if hits else None


def _role_near(found: FoundDate, previous_end: int, next_start: int) -> DateRole | None:
    """The role a topic just before the date gives (「就職日は2023/4/1」), else the first role
    word after it, up to the sentence end or the next date (「2023年4月1日に就職して」)."""
    text = found.normalised
    if topic := _topic_before(text[previous_end : found.start]):
        return topic
    after = text[found.end : next_start]
    if cut := _SENTENCE_END.search(after):
        after = after[: cut.start()]
    hits = [(m.start(), role) for role, p in _ROLE_PATTERNS if (m := p.search(after))]
    return min(hits, key=lambda hit: hit[0])[1] if hits else None


def date_roles(text: str, *, today: date) -> list[RoledDate]:
    """Every date of `text` with its role, in order."""
    found = find_japanese_dates(text, today=today)
    roled = []
    for i, item in enumerate(found):
        previous_end = found[i - 1].end if i else 0
        next_start = found[i + 1].start if i + 1 < len(found) else len(item.normalised)
        roled.append(RoledDate(_role_near(item, previous_end, next_start), item))
    return roled


def dates_for_answers(
    *,
    work_start: date | None,
    return_day: date | None,
    variant: dates.SupportVariant,
    leave_services: LeaveServices | None,
    today: date,
) -> dates.PersonalDates | None:
    """One person's dates from what the flow holds, or None when the date it needs is missing.

    Without a leave answer the date is counted as the variant says (`work_start` is then the
    variant's date; a 復職支援型 stored before the question existed counts from it, as it did).
    With an answer, `dates_after_leave` picks the count: the 復職日 after 就労移行支援等 during
    the leave, the 就職日 otherwise (also when the person does not know).
    """
    if leave_services is None or variant is dates.SupportVariant.EXTENDED_HOURS:
        if work_start is None:
            return None
        return dates.compute_personal_dates(start=work_start, variant=variant, today=today)
    used = {
        LeaveServices.USED: True,
        LeaveServices.NOT_USED: False,
        LeaveServices.UNKNOWN: None,
    }[leave_services]
    needed = return_day if used else work_start
    if needed is None:
        return None
    return dates.dates_after_leave(
        work_start=work_start,
        return_day=return_day,
        used_services_during_leave=used,
        today=today,
    )
