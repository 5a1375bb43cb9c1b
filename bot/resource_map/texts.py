"""What the resource map conversation says, and the typed words it understands.

User-facing Japanese: です/ます, one idea per sentence, ≤ ~40 characters a sentence (tests check
the texts below).  The keyword sets are short typed answers, compared after trimming trailing
punctuation and lower-casing (`bot.resource_map.dialogue`).

Stdlib only.
"""

from __future__ import annotations

# --- the map explained, and consent ------------------------------------------------------

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


# --- the conversation ------------------------------------------------------------------

RESUME_TEXT = "前の続きから始めます。"
# A saved conversation could not be read (another version of the bot, or damaged).
LOST_NOTE = "前の記録を読み込めませんでした。はじめから作ります。"
CONSENT_AGAIN = "「はい」か「いいえ」で答えてください。"
DISABILITY_Q = "あてはまる障害の種類を選んでください。"
DISABILITY_AGAIN = "ボタンから選んでください。言わなくても大丈夫です。"
GOAL_Q = "自分のめざす姿を教えてください。"
GOAL_EXAMPLE = "例：今の職場で働き続けたい。"
OWN_Q = "名前か役割を入力してください。例：上司、主治医。"
EMPTY_NOTE = "入力が空でした。"
STALE_NOTE = "そのボタンは、今は使えません。"
ADDED_TEXT = "登録しました。"
FIXED_TEXT = "直しました。"
REMOVED_TEXT = "削除しました。"
FINISHED_TEXT = "マップができました。"
SUMMARY_TEXT = "今のマップです。"
SUMMARY_HINT = "直すときは、ボタンを押してください。"
DONE_AGAIN = "前に作ったマップです。"

YES_WORDS = frozenset(
    {
        "はい",
        "うん",
        "ええ",
        "いいよ",
        "いいです",
        "大丈夫",
        "大丈夫です",
        "ok",
        "yes",
        "お願いします",
        "どうぞ",
    }
)
NO_WORDS = frozenset(
    {
        "いいえ",
        "いや",
        "いやです",
        "だめ",
        "ダメ",
        "嫌",
        "no",
        "保存しない",
        "しない",
        "しないで",
        "いいえ、保存しないで",
    }
)
NOT_SAY_WORDS = frozenset(
    {
        "言わない",
        "言いたくない",
        "答えない",
        "答えたくない",
        "なし",
        "ない",
        "とばす",
        "スキップ",
        "ひみつ",
        "秘密",
    }
)
SKIP_WORDS = frozenset(
    {
        "とばす",
        "スキップ",
        "なし",
        "ない",
        "ありません",
        "特にない",
        "特になし",
        "わからない",
        "次",
        "次へ",
        "いない",
        "いません",
        "もういない",
        "もういません",
        "終わり",
        "以上",
    }
)
FIELD_WORDS: dict[str, str] = {
    "名前": "name",
    "名前か役割": "name",
    "役割": "name",
    "所属": "organisation",
    "相談すること": "about",
    "連絡方法": "how",
    "電話": "how",
    "電話番号": "how",
}

# Questions with a blank to fill ({area}: an area's label, {name}: a contact's name or role,
# {label}: a field's label).
AREA_Q = "{area}について、相談できる人はいますか？"
AREA_MORE_Q = "{area}で、ほかにも相談できる人はいますか？"
AREA_HINT = "選ぶか、名前か役割を入力してください。"
ABOUT_Q = "{name}には、どんなことを相談しますか？"
HOW_Q = "{name}には、どうやって連絡しますか？"
HOW_EXAMPLE = "例：電話、メール、通院のとき。"
EDIT_FIELD_Q = "「{name}」のどこを直しますか？"
EDIT_VALUE_Q = "新しい{label}を入力してください。"

# How a contact started from an office's directory entry is reached (its opening hours).
HOURS_TEXT = "受付 {hours}"
# At HOW, for a contact that already has some (from the office's directory).
HOW_KNOWN = "登録されている連絡方法は「{line}」です。"
