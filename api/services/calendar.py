"""Personal dates as an iCalendar file (RFC 5545), built from bot.dates.

All events are all-day events (VALUE=DATE) of the Asia/Tokyo calendar; the file declares the
Asia/Tokyo time zone (JST, UTC+9, no daylight saving time). Every event is an estimate (目安) and
carries bot.dates.texts.DISCLAIMER_JA. The texts live in bot.dates.texts (CALENDAR_*_JA), where
facts.yml classifies them and tests/unit/test_readability.py checks them.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

from bot.dates import texts
from bot.dates.rules import SupportVariant, compute_personal_dates

LINE_OCTETS = 75


def escape_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1).

    A continuation line starts with one space, which counts towards its 75 octets."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode("utf-8")) > LINE_OCTETS:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def calendar_events(
    *, start: date, variant: SupportVariant, today: date
) -> list[tuple[date, str, str]]:
    """(day, summary, description) for every dated step, in date order.

    The same facts as the chat: for 労働時間延長支援型 the sources differ on the last day, so there
    is no last day, no handover month and no information-sharing date, and the first day says to
    ask the 市区町村 (texts.EXTENDED_HOURS_NO_END_JA); only the first plan review is dated, as in
    the chat. The handover steps are the manual's example for the longest use (004 §10).
    """
    dates = compute_personal_dates(start=start, variant=variant, today=today)
    first_summary, first_text = texts.CALENDAR_FIRST_DAY_JA
    # 労働時間延長支援型: why there is no last day, and whom to ask.
    no_end = () if dates.last_day_is_firm else texts.EXTENDED_HOURS_NO_END_JA
    first_lines = (first_text, *no_end)
    events: list[tuple[date, str, str]] = [
        (dates.service_first_day, first_summary, "\n".join(first_lines))
    ]
    review_summary, review_text = texts.CALENDAR_PLAN_REVIEW_JA
    reviews = dates.plan_reviews if dates.last_day_is_firm else dates.plan_reviews[:1]
    for i, day in enumerate(reviews, start=1):
        events.append((day, review_summary.format(n=i), review_text))
    for i, day in enumerate(dates.renewals.dates, start=1):
        events.append((day, texts.CALENDAR_RENEWAL_JA.format(n=i), dates.renewals.note_ja))
    if dates.last_day_is_firm:
        handover_summary, handover_lines = texts.CALENDAR_HANDOVER_JA
        for step in dates.handover.steps:
            summary = handover_summary.format(label=step.label_ja)
            events.append((step.period.start, summary, "\n".join((step.text_ja, *handover_lines))))
        sharing_summary, sharing_lines = texts.CALENDAR_INFO_SHARING_JA
        events.append(
            (dates.handover.info_sharing_deadline, sharing_summary, "\n".join(sharing_lines))
        )
        last_summary, last_text = texts.CALENDAR_LAST_DAY_JA
        events.append((dates.last_possible_day, last_summary, last_text))
    return sorted(events, key=lambda e: e[0])


def build_ics(
    *, start: date, variant: SupportVariant, today: date, now: datetime | None = None
) -> str:
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    seed = hashlib.sha256(f"{start.isoformat()}|{variant.value}".encode()).hexdigest()[:16]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//teichaku-guide//personal dates//JA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(texts.CALENDAR_NAME_JA)}",
        "X-WR-TIMEZONE:Asia/Tokyo",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Tokyo",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0900",
        "TZNAME:JST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    label = texts.CALENDAR_BASIS_LABELS_JA[variant.value]
    basis = f"{label}：{start.year}年{start.month}月{start.day}日"
    for n, (day, summary, description) in enumerate(
        calendar_events(start=start, variant=variant, today=today), start=1
    ):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{seed}-{n}@teichaku-guide",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(chr(10).join((description, basis, texts.DISCLAIMER_JA)))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
