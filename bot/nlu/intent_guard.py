"""A Rasa NLU component that drops `inform_date` when the message holds no date at all.

DIET learns that digits mean "a date is being given", so 「1+1は？」 or 「123」 could come out as
`inform_date`. That intent is defined by the date in it, so when ``mentions_a_date`` finds none,
the next intent in the ranking takes its place (and the FallbackClassifier after this component
then judges that intent's confidence as usual).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dates.parse import mentions_a_date
from bot.nlu.ranking_guard import Intent, Ranking, RankingGuard

DATE_INTENTS = frozenset({"inform_date"})


def demote_dateless(
    intent: dict[str, Any], ranking: list[dict[str, Any]], text: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(intent, ranking) with date intents removed when `text` holds no date."""
    if intent.get("name") not in DATE_INTENTS or mentions_a_date(text):
        return intent, ranking
    kept = [r for r in ranking if r.get("name") not in DATE_INTENTS]
    if not kept:
        return {"name": None, "confidence": 0.0}, []
    return dict(kept[0]), kept


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DateIntentGuard(RankingGuard):
    def adjust(self, intent: Intent, ranking: Ranking, message: Message) -> tuple[Intent, Ranking]:
        return demote_dateless(intent, ranking, message.get(TEXT) or "")
