"""The user-facing texts of the date rules (bot/dates/rules.py), each with its source.

Japanese, です/ます, one idea per sentence; facts.yml names the passage behind each claim and
tests/unit/test_readability.py checks the wording rules.
"""

from __future__ import annotations

# Shown with every date answer: dates are estimates only (FACTS.md header:
# never state more than the sources; the municipality decides).
DISCLAIMER_JA = "日付は目安です。正式な期間は受給者証と市区町村が決めます。"

# 003 (FACTS.md "Period and dates"): 「就労から半年が経過する前から受給者証の申請を行うことができます」.
APPLY_EARLY_NOTE_JA = "受給者証の申請は6か月たつ前からできます。早めの申請がおすすめです。"
# The variants: 002 §3 figures show 利用申請 without a month, so only 003's 「早めの申し込み」.
APPLY_EARLY_VARIANT_NOTE_JA = "受給者証の申請は、早めにしましょう。"

# FACTS.md "Period and dates": the sources disagree on the renewal interval (001: 6カ月ごと,
# 003: 1年ごと, 000: 毎年度). No source says that it varies by municipality, so say what they say.
RENEWAL_NOTE_JA = (
    "支給決定の更新の間隔は、資料によって違います。"
    "1年ごととする資料と、6か月ごととする資料があります。"
    "お住まいの市区町村の窓口で確かめてください。"
)

# 002 §3(3), 004 §5(2): 復職支援型 is a way of using 就労移行支援等 during the leave; only then does
# the count start from the day of return (the date flow asks first: bot.dates.leave).
RETURN_TO_WORK_CONDITION_JA = "この日付は、休職中に就労移行支援などを使った場合のものです。"
RETURN_TO_WORK_NOTES_JA = (
    RETURN_TO_WORK_CONDITION_JA,
    "復職した日を1日目として数えました。",
)
# 002 §2 「その期間が就職後から３年６カ月以内であることに留意」; FACTS.md "Period and dates": a leave
# without 就労移行支援等 keeps the count from 就職日 and does not extend it.
LEAVE_NOT_USED_NOTES_JA = (
    "休職中に就労移行支援などを使っていないときは、就職した日から数えます。",
    "休職しても、使える期間は延びません。",
)
# The person does not know whether the services were used: the 就職日 count, and what would
# change it; the 市区町村 decides (FACTS.md "Eligibility").
LEAVE_UNKNOWN_NOTES_JA = (
    "ここでは、就職した日から数えました。",
    "休職中に就労移行支援などを使った場合は、復職した日から数えます。",
    "わからないときは、市区町村の窓口で確かめてください。",
)
# 002 §3(2), 004 §5(1): the start is given; the text gives no end, the figure is headed
# 「対象者 最長就職後3年6カ月」. So no firm last day (PersonalDates.last_day_is_firm).
EXTENDED_HOURS_NO_END_JA = (
    "使える最後の日は、資料によって数え方が違います。",
    "就職した日から3年6か月までとする資料もあります。",
    "最後の日は、お住まいの市区町村に確かめてください。",
)
# 002 §3(2): 「企業における労働時間が概ね週 10～20 時間から段階的に労働時間の延長を想定している場合を
# 対象」, so that users can tell whether this type is theirs (review §2.3).
EXTENDED_HOURS_WHO_JA = "この形は、週10〜20時間ほどから、働く時間を少しずつ延ばす人のものです。"
EXTENDED_HOURS_NOTES_JA = (
    EXTENDED_HOURS_WHO_JA,
    "送り出し事業所を使い終わった日の翌日から数えました。",
    *EXTENDED_HOURS_NO_END_JA,
)

# 004 §10, the manual's example of the months before the end. The seed holds the figure as
# flattened text (004:274); we read every row label as heading the items that follow it, as
# 004's headings precede their text everywhere else. The two items before the first label
# (アセスメント, ナチュラルサポートの確認) open that first row. This reading puts 「引き継ぎ資料の作成」
# at 4月前 and 「関係者との情報共有」 at 3月前, in line with 002 §31's 3-month rule, and
# 「要請…に応じて必要なフォロー」 in the end month. Every step is the office's work.
# 「サービス終了6月より前」: before the first month of the timeline.
HANDOVER_BEFORE_TEXT_JA = (
    "本人の様子と、職場の支えの様子を確かめます。"
    "終わったあとの支援について、本人・会社・ほかの機関の考えを聞きます。"
)
# 002 §31, 004 §10 text: after the end the office 「関係機関と協力して対応することに努める」 when
# asked (the figure's 「サービス終了後」 label has no item of its own in this reading).
HANDOVER_AFTER_END_TEXT_JA = "終わったあとも、求めがあれば、事業所は関係機関と協力します。"

# (months before the end, the label users see (the figure's 「6月前」…「サービス終了月」 in plain
# words, the same in the chat and the calendar), the step).
HANDOVER_STEPS_JA: tuple[tuple[int, str, str], ...] = (
    (6, "6か月前", "記録を整理し、引継ぎのケース会議を開きます。"),
    (5, "5か月前", "終わったあとを考えた、引継ぎのための支援を始めます。"),
    (4, "4か月前", "引継ぎ先への同行訪問や、顔合わせをします。引継ぎ資料を作ります。"),
    (
        3,
        "3か月前",
        (
            "本人の同意を得て、関係者と情報を共有します。"
            "終わったあとに使える地域の相談先を整理します。"
            "引継ぎ先の心配や、確かめたいことを聞きます。"
        ),
    ),
    (2, "2か月前", "終わったあとのことで、心配がないか本人に確かめます。"),
    (1, "1か月前", "記録を整理し、引継ぎの最終ケース会議を開きます。"),
    (
        0,
        "終わる月",
        "引継ぎ先への同行訪問や、顔合わせをします。引継ぎ先の求めに応じて、フォローします。",
    ),
)

# --- the calendar file (api/services/calendar.py): the same facts as the chat, in its words ---
CALENDAR_NAME_JA = "就労定着支援の予定（目安）"
# Each event's description ends with the date it was counted from, as the chat's first line.
CALENDAR_BASIS_LABELS_JA = {
    "standard": "働き始めた日",
    "return_to_work": "復職した日",
    "extended_hours": "送り出し事業所を使い終わった日",
}
CALENDAR_FIRST_DAY_JA = ("就労定着支援を使い始められる日（目安）", "この日から使えます。")
# 002 §14: 少なくとも6月に1回以上、就労定着支援計画の見直し.
CALENDAR_PLAN_REVIEW_JA = (
    "計画の見直し {n}回目（目安）",
    "少なくとも6か月に1回、計画を見直します。",
)
CALENDAR_RENEWAL_JA = "支給決定の更新 {n}回目（目安）"
# 004 §10, the manual's example, for the longest use (as bot.dates.dialogue.handover_text says).
CALENDAR_HANDOVER_JA = (
    "引継ぎの準備：{label}（目安）",
    (
        "事業所の準備です。マニュアルの例です。",
        "最長まで使った場合の目安です。",
        "引継ぎは、必要な人に、本人の希望を聞いてします。",
    ),
)
# 002 §31 イ: 「終了する３月以上前に、要継続支援利用者の同意を得て」, for the longest use.
CALENDAR_INFO_SHARING_JA = (
    "次の相談先との情報共有（目安）",
    (
        "続けて支援が必要な人は、次の相談先と情報を共有します。",
        "最長まで使った場合、この日までです。",
        "情報の共有は、本人の同意を得てからです。",
    ),
)
CALENDAR_LAST_DAY_JA = ("就労定着支援を使える最後の日（目安）", "使えるのは、最長3年です。")
