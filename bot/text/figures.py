"""What makes a question a figure question: it asks for a number (いくら, 何％, 何人…) or a
contact detail (電話番号, 住所, 受付時間), which the bot must never make up.

Stdlib only, so that the retrieval's answer check (``bot.retrieval.answer``) and the NLU's
intent guard (``bot.nlu.intent_words``) share one definition.
"""

from __future__ import annotations

import re

__all__ = ["ASKING_WORDS", "FIGURE_QUESTION", "FIGURE_TOPIC_SHARE", "asks_for_figure"]

FIGURE_QUESTION = re.compile(
    r"いくら|幾ら|何円|何割|何[%％]|何パーセント|何人|何名|何か所|何カ所|何ヶ所|何箇所|いくつ|"
    r"何単位|何時|何番|何日|何年|何か月|何ヶ月|何カ月|何歳|何回|何件|何点|何倍|金額|月額|年額|"
    r"平均|割合|何率|[率額]は|どのくらい|どれくらい|どれぐらい|どのぐらい|"
    # contact details are figures too: the bot never gives an address or a number it lacks
    r"電話番号|住所|所在地|受付時間|営業時間|連絡先|メールアドレス"
)
# Words of a figure question that ask, rather than name the topic.
ASKING_WORDS = frozenset(
    "いくら 幾ら どのくらい どれくらい くらい ぐらい 何 なに なん 金額 月額 年額 平均 割合 いくつ 円 割 率 額 電話 番号 住所 所在 受付 "
    "営業 時間 連絡 先 メール アドレス".split()
)
# Share of a figure question's topic-word IDF weight that an answer must hold before it may be
# given. Retrieval (dev split): answerable 0.74-0.76, unanswerable at most 0.52. The NLU guard
# uses the same share for a FAQ's known words (docs/benchmarks.md).
FIGURE_TOPIC_SHARE = 0.6


def asks_for_figure(question: str) -> bool:
    return bool(FIGURE_QUESTION.search(question))
