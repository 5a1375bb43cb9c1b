"""Readability rules for the bot's user-facing Japanese, as checks (pure; stdlib only).

The developers' guide and the readability review (truthfulness-2026-12 §4) ask for texts that
people who find reading hard can follow. The rules that a program can check are here; tests run
them over every response in domain.yml and over the flow texts (tests/unit/test_readability.py):

- sentence_length: a sentence (text split on 。！？ and on line breaks) has at most
  MAX_SENTENCE_CHARS characters, spaces not counted. A sentence that cannot be shorter is listed
  in ALLOWED_LONG_SENTENCES with the reason; there is no blanket exception.
- brackets: （）「」 are balanced and never nested (no 「…（…）…」 and no （…（…）…）).
- two_calendars: a line shows one calendar. A 西暦 date (2024年) and a 和暦 date (令和6年) never
  share a line; the 和暦 goes on its own line.
- citation: no internal citation is shown (「002」, 「§4」, 「FACTS.md」); a source is named in
  plain words, if at all.
- term: the service is called 就労定着支援. A bare 「定着支援」 or 「定着の支援」 is the manual's
  broad term (002 opening: 広義の…「定着支援」) and confuses the two.
- easy_kanji (easy_ja only): kanji are at most EASY_MAX_KANJI_SHARE of the characters.
- easy_spacing (easy_ja only): words are separated by spaces (分かち書き): no run of characters
  between spaces and punctuation is longer than EASY_MAX_WORD_CHARS.

"One idea per sentence" and "conclusion first" need a reader, not a regex: they are reviewed by
hand (docs/facts.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "ALLOWED_LONG_SENTENCES",
    "EASY_MAX_KANJI_SHARE",
    "EASY_MAX_WORD_CHARS",
    "MAX_SENTENCE_CHARS",
    "Problem",
    "bracket_problem",
    "check_text",
    "check_texts",
    "internal_citations",
    "kanji_share",
    "longest_word",
    "mixes_calendars",
    "split_sentences",
    "term_problems",
    "visible_length",
]

# The guide's "≤ ~40 characters a sentence where possible".
MAX_SENTENCE_CHARS = 40

# Kanji share of an easy_ja text (kanji ÷ characters without spaces). The review measured our
# standard answers at 36–45 % and called an easy text at 40 % a failure; the easy texts we write
# with hiragana for everything but the names users must recognise on forms and office signs
# (就労移行支援, 市区町村, 障害者手帳 …) stay between about 15 and 30 %. 30 % keeps every easy
# text clearly below the standard ones, while allowing those names; the widget adds furigana.
EASY_MAX_KANJI_SHARE = 0.30

# 分かち書き: in our easy texts a word with its particle (文節) is at most about 8 characters
# (「はたらきはじめて」, 「就労移行支援を」); a longer run without a space almost always means two
# words written together.
EASY_MAX_WORD_CHARS = 10

# Sentences allowed to be longer than MAX_SENTENCE_CHARS, each with the reason it cannot be
# split. Keep this list short: a test fails for an entry no text uses any more.
ALLOWED_LONG_SENTENCES: dict[str, str] = {}

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")
_OPENING = {"（": "）", "「": "」", "(": ")"}
_CLOSING = {v: k for k, v in _OPENING.items()}
_WESTERN_DATE = re.compile(r"(?<![0-9])[0-9]{4}\s*年")
_WAREKI_DATE = re.compile(r"(令和|平成|昭和)\s*([0-9]{1,2}|元)\s*年")
_CITATIONS = (
    re.compile(r"§\s*[0-9]*"),
    re.compile(r"(?<![0-9,，])00[0-4](?![0-9])"),
    re.compile(r"FACTS(\.md)?", re.IGNORECASE),
    re.compile(r"seeds?/"),
)
# 「定着支援」「定着の支援」 not preceded by 就労 (「就労定着支援」 is the name of the service).
_BARE_TERM = re.compile(r"(?<!就労)定着の?支援")
# What separates words besides spaces: punctuation and brackets.
_WORD_SEPARATORS = re.compile(r"[\s、。，．,.！？!?・：:（）()「」『』〜~／/]+")


@dataclass(frozen=True)
class Problem:
    rule: str
    text: str  # the sentence, line or text that breaks the rule
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}: {self.text}"


def _normal(text: str) -> str:
    """NFKC, so full-width digits count as digits; the text keeps its own characters otherwise."""
    return unicodedata.normalize("NFKC", text)


def split_sentences(text: str) -> list[str]:
    """Sentences and lines: split after 。！？ and at line breaks; empty pieces dropped."""
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece.strip()]


def visible_length(text: str) -> int:
    """Characters without spaces (ASCII, full-width and every other kind of whitespace)."""
    return sum(1 for char in text if not char.isspace())


def bracket_problem(text: str) -> str | None:
    """Why the brackets （）「」 of `text` are wrong: nested, unbalanced; None if fine."""
    stack: list[str] = []
    for char in text:
        if char in _OPENING:
            if stack:
                return f"「{char}」 inside 「{stack[-1]}」: nested brackets"
            stack.append(char)
        elif char in _CLOSING:
            if not stack or stack[-1] != _CLOSING[char]:
                return f"「{char}」 closes nothing"
            stack.pop()
    if stack:
        return f"「{stack[-1]}」 is never closed"
    return None


def _is_kanji(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or char == "々"


def kanji_share(text: str) -> float:
    """Kanji ÷ characters, spaces not counted (0.0 for a text without characters)."""
    chars = [char for char in text if not char.isspace()]
    if not chars:
        return 0.0
    return sum(1 for char in chars if _is_kanji(char)) / len(chars)


def longest_word(text: str) -> str:
    """The longest run of characters between spaces, punctuation and brackets."""
    words = [word for word in _WORD_SEPARATORS.split(text) if word]
    return max(words, key=len, default="")


def mixes_calendars(line: str) -> bool:
    """True when one line shows both a 西暦 year (2024年) and a 和暦 year (令和6年)."""
    normal = _normal(line)
    return bool(_WESTERN_DATE.search(normal)) and bool(_WAREKI_DATE.search(normal))


def internal_citations(text: str) -> list[str]:
    """Internal references a user cannot follow: 「002」, 「§4」, 「FACTS.md」, 「seeds/」."""
    normal = _normal(text)
    return [m.group(0) for pattern in _CITATIONS for m in pattern.finditer(normal)]


def term_problems(text: str) -> list[str]:
    """Bare 「定着支援」 / 「定着の支援」 where 就労定着支援 is meant."""
    return [m.group(0) for m in _BARE_TERM.finditer(text)]


def check_text(
    text: str,
    *,
    easy: bool = False,
    allowed_long: Mapping[str, str] = ALLOWED_LONG_SENTENCES,
) -> list[Problem]:
    """Every rule `text` breaks; `easy` adds the やさしい日本語 rules."""
    problems: list[Problem] = []
    for sentence in split_sentences(text):
        length = visible_length(sentence)
        if length > MAX_SENTENCE_CHARS and sentence not in allowed_long:
            problems.append(
                Problem("sentence_length", sentence, f"{length} > {MAX_SENTENCE_CHARS} characters")
            )
    for line in text.splitlines():
        bracket = bracket_problem(line)
        if bracket:
            problems.append(Problem("brackets", line, bracket))
        if mixes_calendars(line):
            problems.append(Problem("two_calendars", line, "西暦 and 和暦 on one line"))
    problems += [Problem("citation", text, found) for found in internal_citations(text)]
    problems += [
        Problem("term", text, f"「{found}」: say 就労定着支援") for found in term_problems(text)
    ]
    if easy:
        share = kanji_share(text)
        if share > EASY_MAX_KANJI_SHARE:
            problems.append(
                Problem("easy_kanji", text, f"kanji {share:.0%} > {EASY_MAX_KANJI_SHARE:.0%}")
            )
        for line in text.splitlines():
            word = longest_word(line)
            if len(word) > EASY_MAX_WORD_CHARS:
                problems.append(
                    Problem("easy_spacing", line, f"「{word}」: {len(word)} characters, no space")
                )
    return problems


def check_texts(texts: Iterable[tuple[str, str, bool]]) -> list[str]:
    """(where, text, easy) triples → one readable line per problem, for a test's failure."""
    return [
        f"{where}: {problem}"
        for where, text, easy in texts
        for problem in check_text(text, easy=easy)
    ]
