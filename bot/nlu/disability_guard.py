"""A Rasa NLU component that treats the per-disability FAQ intents as one family.

The classifier has one intent per kind of disability (faq_disability_visual … _epilepsy, plus
faq_disability_support when no kind is named). Their questions differ by one word, so the
classifier may spread its confidence over several kinds, and a fallback would follow although
the family is clear. This component (after the classifier, before the FallbackClassifier):

- adds up the family's confidences; when the family wins over every other intent,
- picks the kind from the words of the message (``bot.nlu.disability_kinds.find_kinds``): the
  one kind named, or of several the one the classifier ranks highest; with no kind named, the
  classifier's own pick within the family,
- and makes that intent the top one with the family's confidence (the other members leave the
  ranking), so the FallbackClassifier judges the family as a whole.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.disability_kinds import KINDS, find_kinds, intent_for
from bot.nlu.ranking_guard import Intent, Ranking, RankingGuard

GENERAL_INTENT = "faq_disability_support"
FAMILY = frozenset({GENERAL_INTENT, *(intent_for(kind) for kind in KINDS)})


def pool_disability(
    intent: dict[str, Any], ranking: list[dict[str, Any]], text: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(intent, ranking) with the disability family pooled as described in the module doc."""
    family = [r for r in ranking if r.get("name") in FAMILY]
    others = [r for r in ranking if r.get("name") not in FAMILY]
    pooled = sum(float(r.get("confidence") or 0.0) for r in family)
    best_other = max((float(r.get("confidence") or 0.0) for r in others), default=0.0)
    if not family or pooled <= best_other:
        return intent, ranking
    named = [intent_for(kind) for kind in find_kinds(text)]
    ranked_names = [r["name"] for r in family]
    if len(named) == 1:
        name = named[0]
    elif named:
        name = min(
            named, key=lambda n: ranked_names.index(n) if n in ranked_names else len(ranking)
        )
    else:
        name = ranked_names[0]
    top = {"name": name, "confidence": pooled}
    return dict(top), [dict(top), *others]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DisabilityIntentGuard(RankingGuard):
    def adjust(self, intent: Intent, ranking: Ranking, message: Message) -> tuple[Intent, Ranking]:
        return pool_disability(intent, ranking, message.get(TEXT) or "")
