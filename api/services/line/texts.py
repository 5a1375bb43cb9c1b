"""What the bot says on LINE outside the Rasa conversation (Japanese, です/ます, short sentences)."""

from __future__ import annotations

from api.schemas import Button

# Postback data of the やさしい日本語 setting: not bot payloads (no "/"), answered by the API.
EASY_ON = "line:easy_ja:on"
EASY_OFF = "line:easy_ja:off"
EASY_ON_BUTTON = Button(title="やさしい日本語にする", payload=EASY_ON)
EASY_OFF_BUTTON = Button(title="ふつうの日本語にする", payload=EASY_OFF)
# The same setting, typed.
EASY_ON_WORDS = frozenset({"やさしい日本語", "やさしいにほんご", "やさしい日本語にする"})
EASY_OFF_WORDS = frozenset({"ふつうの日本語", "ふつうのにほんご", "ふつうの日本語にする"})

EASY_ON_TEXT = "やさしい日本語にしました。\nもどすときは、「ふつうの日本語」と送ってください。"
EASY_OFF_TEXT = "ふつうの日本語にしました。"
TOO_LONG_TEXT = "メッセージが長すぎます。\n{max_chars}文字までにして、もう一度送ってください。"
EMPTY_TEXT = "メッセージが空です。\n質問を文字で送ってください。"
BAD_CHARACTERS_TEXT = "使えない文字が入っています。\n文字を直して、もう一度送ってください。"
NOT_TEXT_TEXT = "ごめんなさい。文字のメッセージだけ読めます。\n質問を文字で送ってください。"
BAD_BUTTON_TEXT = "このボタンは使えません。\nもう一度、質問を送ってください。"
BUSY_TEXT = "いま、混み合っています。\n少し待ってから、もう一度送ってください。"
BOT_DOWN_TEXT = "いま、チャットボットが使えません。\n時間をおいて、もう一度送ってください。"


def greeting(*, office_name: str, retention_days: int) -> str:
    """The follow event's greeting: what the bot is and what it keeps (docs/line.md)."""
    return "\n".join(
        (
            "友だち追加、ありがとうございます。",
            f"{office_name}のチャットボットです。",
            "就労定着支援のことを、お答えします。",
            "答えるのは人ではなく、プログラムです。",
            f"会話の内容は、{retention_days}日のあいだ保存します。",
            "LINEの名前や写真は、保存しません。",
            "ブロックすると、会話の記録を消します。",
            "障害や病気のことは、書かなくても大丈夫です。",
            "やさしい日本語にするときは、下のボタンを押してください。",
        )
    )


def bot_down(contact: str) -> str:
    contact = contact.strip()
    return BOT_DOWN_TEXT + (
        f"\n急ぐときは、こちらに連絡してください。\n{contact}" if contact else ""
    )
