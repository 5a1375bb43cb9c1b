"""IntentWordsGuard's thresholds: how often an unseen phrasing of a FAQ would be silenced.

Each FAQ example of data/nlu is judged with its own words taken out of the guard's vocabulary and
document frequencies (leave one out), for a grid of general / figure shares. With ``--model`` the
blind dev split (the error-analysis set) is parsed too: for each pair, how many out-of-scope or
unanswerable messages DIET gave a FAQ are stopped, and how many right FAQ answers are lost.

    .venvs/rasa/bin/python bench/intent_words_loo.py [--model models/bot.tar.gz]

Not a timed test; docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from bench.blind import CORE_INTENTS, intent_set, unanswerable  # noqa: E402
from bench.heldout import load_examples  # noqa: E402
from bot.nlu import intent_words  # noqa: E402
from bot.nlu.tokenizer import JapaneseTokenizer  # noqa: E402
from bot.nlu.unknown_words import content_keys  # noqa: E402

GRID = [(0.3, 0.6), (0.2, 0.6), (0.15, 0.6), (0.15, 0.5), (0.15, 0.7)]


def is_silenced(
    words: intent_words.IntentWords, intent: str, text: str, tokens: list, pair: tuple[float, float]
) -> bool:
    general, figure = pair
    return intent_words.is_foreign(intent, text, tokens, words, general=general, figure=figure)


def dev_parses(model: str) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    items = [{"text": e.text, "gold": e.intent} for e in load_examples(intent_set("dev"))]
    items += [{"text": q["question"], "gold": "unanswerable"} for q in unanswerable("dev")]

    async def parse() -> None:
        for item in items:
            ranking = (await agent.parse_message(item["text"])).get("intent_ranking") or []
            # The classifier's own pick, before the guards rewrote it.
            item["intent"] = next((r["name"] for r in ranking if r["name"] != "nlu_fallback"), None)

    asyncio.run(parse())
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="also judge the blind dev split with this model")
    args = parser.parse_args()
    tokenizer = JapaneseTokenizer(JapaneseTokenizer.get_default_config())

    def tokens(text: str) -> list:
        return tokenizer.tokenize(Message(data={"text": text}), "text")

    examples = [(e, tokens(e.text)) for e in load_examples(ROOT / "data" / "nlu")]
    keys = [set().union(*content_keys(t)) for _, t in examples]
    per_intent: dict[str, Counter[str]] = defaultdict(Counter)
    frequency: Counter[str] = Counter()
    for (example, _), held in zip(examples, keys, strict=True):
        per_intent[example.intent].update(held)
        frequency.update(held)
    full = intent_words.IntentWords.learn((e.intent, content_keys(t)) for e, t in examples)
    dev = dev_parses(args.model) if args.model else []
    faq = [
        (e, t, k) for (e, t), k in zip(examples, keys, strict=True) if e.intent.startswith("faq_")
    ]
    print(f"{len(faq)} FAQ examples ({sum(e.intent in CORE_INTENTS for e, _, _ in faq)} core)")
    for pair in GRID:
        silenced = Counter()
        for example, toks, held in faq:
            words = intent_words.IntentWords(
                {
                    example.intent: frozenset(
                        k for k, n in per_intent[example.intent].items() if n - (k in held) > 0
                    )
                },
                {k: n - (k in held) for k, n in frequency.items()},
                len(examples) - 1,
            )
            if is_silenced(words, example.intent, example.text, toks, pair):
                silenced["all"] += 1
                silenced["core"] += example.intent in CORE_INTENTS
        line = f"general {pair[0]:.2f} / figure {pair[1]:.2f}: left out, silenced {silenced['all']} (core {silenced['core']})"
        if dev:
            judged = [d for d in dev if (d["intent"] or "").startswith("faq_")]
            stopped = [
                d
                for d in judged
                if is_silenced(full, d["intent"], d["text"], tokens(d["text"]), pair)
            ]
            unsafe = sum(d["gold"] in ("out_of_scope", "unanswerable") for d in judged)
            line += (
                f"; dev: unsafe stopped {sum(d['gold'] in ('out_of_scope', 'unanswerable') for d in stopped)}/{unsafe},"
                f" right answers lost {sum(d['gold'] == d['intent'] for d in stopped)}"
            )
        print(line)


if __name__ == "__main__":
    main()
