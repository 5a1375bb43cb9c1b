"""spaCy's candidate job: reading typed answers (service names, "not used", where one works).

    .venvs/rasa/bin/python bench/spacy_entities.py

Compares the eligibility check's keyword readers (bot.eligibility.read_prior_service /
read_employment) with spaCy Matcher readers on the project's fugashi tokens
(bot.nlu.service_matcher), and the disability-kind reader the NLU uses
(bot.nlu.disability_kinds, regular expressions), on tables of typed answers written for this
benchmark (not taken from any test set). Prints accuracy, the misses and the time per answer.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.eligibility import Employment, PriorService, read_employment, read_prior_service  # noqa: E402
from bot.nlu.service_matcher import (  # noqa: E402
    match_employment,
    match_prior_service,
    read_employment_answer,
    read_prior_service_answer,
)

P = PriorService
E = Employment
# Answers to 「就職する前に、どのサービスを使っていましたか」.
PRIOR_SERVICE_ANSWERS: list[tuple[str, PriorService | None]] = [
    ("B型です", P.TYPE_B),
    ("就労継続支援B型に通っていました", P.TYPE_B),
    ("Ｂ型", P.TYPE_B),
    ("びーがたです", P.TYPE_B),
    ("A型で働いていました", P.TYPE_A),
    ("就労継続支援Ａ型", P.TYPE_A),
    ("エー型", P.TYPE_A),
    ("就労移行支援です", P.TRANSITION),
    ("移行支援に2年通いました", P.TRANSITION),
    ("移行に通ってました", P.TRANSITION),
    ("就労移行", P.TRANSITION),
    ("いこうしえん", P.TRANSITION),
    ("生活介護です", P.DAILY_LIFE_CARE),
    ("生活介護の事業所に通所していました", P.DAILY_LIFE_CARE),
    ("自立訓練（生活訓練）", P.INDEPENDENCE_TRAINING),
    ("生活訓練を使っていました", P.INDEPENDENCE_TRAINING),
    ("機能訓練です", P.INDEPENDENCE_TRAINING),
    ("その他のサービスです", P.OTHER),
    ("ほかのサービスを使っていた", P.OTHER),
    ("何も使っていません", P.NONE),
    ("使っていない", P.NONE),
    ("使ってないです", P.NONE),
    ("使わなかった", P.NONE),
    ("使いませんでした", P.NONE),
    ("利用していませんでした", P.NONE),
    ("利用しなかったです", P.NONE),
    ("どこにも通っていません", P.NONE),
    ("どこも行ってない", P.NONE),
    ("通わずに就職しました", P.NONE),
    ("サービスは使ったことがないです", P.NONE),
    ("特にないです", P.NONE),
    ("なし", P.NONE),
    ("移行は使ってなくて、B型に通っていました", P.TYPE_B),
    ("A型じゃなくてB型です", P.TYPE_B),
    ("ハローワークで見つけました", None),
    ("わかりません", None),
    ("はい", None),
    ("高校を卒業してすぐです", None),
]
# Answers to 「今どこで働いていますか」.
EMPLOYMENT_ANSWERS: list[tuple[str, Employment | None]] = [
    ("会社で働いています", E.ORDINARY),
    ("スーパーでパートをしています", E.ORDINARY),
    ("工場です", E.ORDINARY),
    ("正社員です", E.ORDINARY),
    ("アルバイトしてます", E.ORDINARY),
    ("市役所に勤めています", E.ORDINARY),
    ("一般企業です", E.ORDINARY),
    ("障害者雇用で事務をしています", None),
    ("派遣で働いてる", E.ORDINARY),
    ("お店で働いています", E.ORDINARY),
    ("A型事業所で働いています", E.TYPE_A_OFFICE),
    ("Ａ型で働いてます", E.TYPE_A_OFFICE),
    ("働いていません", E.NOT_WORKING),
    ("今は働いてない", E.NOT_WORKING),
    ("働いていませんでした", E.NOT_WORKING),
    ("無職です", E.NOT_WORKING),
    ("会社を辞めました", E.NOT_WORKING),
    ("先月退職しました", E.NOT_WORKING),
    ("就職していません", E.NOT_WORKING),
    ("まだ就活中です", E.NOT_WORKING),
    ("A型を辞めて会社に就職しました", E.ORDINARY),
    ("わかりません", None),
    ("いいえ", None),
]


def run(name: str, table: list, readers: dict) -> list[str]:
    lines = [f"\n{name} ({len(table)} answers)", "| reader | correct | accuracy | ms/answer |"]
    lines.append("|---|---:|---:|---:|")
    misses = []
    for label, reader in readers.items():
        for text, _ in table[:3]:
            reader(text)  # warm-up (spaCy builds its pipeline once)
        started = time.perf_counter()
        results = [reader(text) for text, _ in table]
        ms = 1000 * (time.perf_counter() - started) / len(table)
        ok = sum(r == gold for r, (_, gold) in zip(results, table, strict=True))
        lines.append(f"| {label} | {ok}/{len(table)} | {ok / len(table):.2f} | {ms:.2f} |")
        misses += [
            f"- {label}: 「{text}」 → {r.value if r else None} (want {g.value if g else None})"
            for r, (text, g) in zip(results, table, strict=True)
            if r != g
        ]
    return [*lines, "", *misses]


def main() -> None:
    out = run(
        "prior service",
        PRIOR_SERVICE_ANSWERS,
        {
            "keywords (bot.eligibility)": read_prior_service,
            "spaCy Matcher": match_prior_service,
            "Matcher, then keywords (the form)": read_prior_service_answer,
        },
    )
    out += run(
        "employment",
        EMPLOYMENT_ANSWERS,
        {
            "keywords (bot.eligibility)": read_employment,
            "spaCy Matcher": match_employment,
            "Matcher, then keywords (the form)": read_employment_answer,
        },
    )
    print("\n".join(out))


if __name__ == "__main__":
    main()
