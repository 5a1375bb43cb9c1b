"""Personal dates as an iCalendar file (RFC 5545), built from bot.dates.

All events are all-day events (VALUE=DATE) of the Asia/Tokyo calendar; the file declares the
Asia/Tokyo time zone (JST, UTC+9, no daylight saving time). Every event is an estimate (目安) and
carries bot.dates.texts.DISCLAIMER_JA.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

from bot.dates.rules import SupportVariant, compute_personal_dates
from bot.dates.texts import DISCLAIMER_JA

LINE_OCTETS = 75
VARIANT_LABELS_JA = {
    SupportVariant.STANDARD: "就職日から",
    SupportVariant.RETURN_TO_WORK: "復職日から（復職支援型）",
    SupportVariant.EXTENDED_HOURS: "送り出し事業所の利用終了日から（労働時間延長支援型）",
}


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
    """(day, summary, description) for every dated step, in date order."""
    dates = compute_personal_dates(start=start, variant=variant, today=today)
    events: list[tuple[date, str, str]] = [
        (dates.service_first_day, "就労定着支援を使い始められる日（目安）", "この日から使えます。"),
    ]
    for i, day in enumerate(dates.plan_reviews, start=1):
        events.append(
            (day, f"計画の見直し {i}回目（目安）", "少なくとも6か月に1回、計画を見直します。")
        )
    for i, day in enumerate(dates.renewals.dates, start=1):
        events.append((day, f"支給決定の更新 {i}回目（目安）", dates.renewals.note_ja))
    for step in dates.handover.steps:
        events.append((step.period.start, f"引継ぎ：{step.label_ja}（目安）", step.text_ja))
    events.append(
        (
            dates.handover.info_sharing_deadline,
            "関係機関への情報共有の期限（目安）",
            "終了の3か月前までに、次の支援機関と情報を共有します。",
        )
    )
    events.append((dates.last_possible_day, "利用できる最後の日（目安）", "利用は最長3年です。"))
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
        f"X-WR-CALNAME:{escape_text('就労定着支援の予定（目安）')}",
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
    basis = f"{VARIANT_LABELS_JA[variant]}計算しました（{start.isoformat()}）。"
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
            f"DESCRIPTION:{escape_text(description + chr(10) + basis + chr(10) + DISCLAIMER_JA)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
