"""Text → index terms, for documents and queries alike (one ``Analyzer`` per index).

Three term streams, each feeding its own BM25 index:

- ``words``: fugashi/UniDic (via ``bot.text``) dictionary forms of content words. Particles,
  auxiliary verbs, symbols and a short list of light verbs and formal nouns (する, ある, こと,
  ところ…) are dropped: they match everywhere and only add noise (measured in
  docs/benchmarks.md). Domain synonyms are folded onto one term (ジョブコーチ → 職場適応援助者).
- ``chars``: character unigrams and bigrams of the NFKC text without spaces and punctuation.
  They survive segmentation errors and unknown compounds (「定着支援員」).
- ``readings``: bigrams of the katakana reading of the text, from UniDic's ``kana`` field, so
  that an all-hiragana question (「りようりょうは いくらですか」) meets 「利用料」.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.text.segment import JapaneseSegmenter, Morpheme

__all__ = ["Analysis", "Analyzer", "SYNONYMS", "normalize_query"]

# Parts of speech (UniDic pos1) whose words carry no topic.
_FUNCTION_POS = frozenset({"助詞", "助動詞", "補助記号", "記号", "空白", "感動詞", "接続詞"})
# Light verbs, formal nouns and question words: frequent in questions, empty as topics.
_STOP_LEMMAS = frozenset(
    """する ある いる なる できる 出来る れる られる せる させる くる 来る いく 行く おる
    こと もの ところ 所 よう ため とき 時 方 ほう の ん ん それ これ あれ どれ ここ そこ
    どこ どう どの どんな 何 なに なん いつ 誰 だれ いくら 的 等 など さん 様 もらう くれる
    くださる 下さる 教える いい 良い よい ない 無い 思う 言う いう 分かる わかる 知る
    いける 行ける 大丈夫 ください""".split()
)
# Domain synonyms, each justified by the seeds: the manual writes 「職場適応援助者（ジョブコーチ）」
# (002 l.154, 1179) and users say JC; 「障害者就業・生活支援センター」 is known as なかぽつ;
# 定着支援 is the manual's own short name for 就労定着支援 (002 l.11).
SYNONYMS: dict[str, str] = {
    "ジョブコーチ": "職場適応援助者",
    "jc": "職場適応援助者",
    "なかぽつ": "障害者就業・生活支援センター",
    "ナカポツ": "障害者就業・生活支援センター",
    "就ポツ": "障害者就業・生活支援センター",
}
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_HIRAGANA = re.compile(r"[\u3041-\u309f]")


def normalize_query(text: str) -> str:
    """NFKC, control characters to spaces, runs of spaces collapsed; bounded length."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    return re.sub(r" +", " ", text).strip()


@dataclass(frozen=True)
class Analysis:
    words: list[str]
    chars: list[str]
    readings: list[str]
    kana_only: bool = False
    numbers: list[str] = field(default_factory=list)


@dataclass
class Analyzer:
    """Configurable so that the benchmark can switch each choice off; the defaults are what
    the bot uses."""

    segmenter: JapaneseSegmenter | None = None
    content_only: bool = True
    stop_lemmas: bool = True
    use_lemma: bool = True
    synonyms: dict[str, str] | None = None
    char_ngrams: tuple[int, ...] = (1, 2)

    def __post_init__(self) -> None:
        if self.segmenter is None:
            self.segmenter = JapaneseSegmenter("unidic-lite")
        if self.synonyms is None:
            self.synonyms = SYNONYMS
        self._synonym_patterns = [
            (re.compile(_term_pattern(key), re.IGNORECASE), value)
            for key, value in sorted(self.synonyms.items(), key=lambda item: -len(item[0]))
        ]

    def analyse(self, text: str) -> Analysis:
        text = normalize_query(text)
        if not text:
            return Analysis([], [], [])
        folded = self._fold_synonyms(text)
        assert self.segmenter is not None
        morphemes = self.segmenter.segment(folded)
        words = self._words(morphemes)
        chars = self._char_grams(folded)
        readings = _bigrams(_PUNCT.sub("", "".join(m.reading or m.text for m in morphemes)))
        letters = _PUNCT.sub("", text)
        kana_only = bool(letters) and len(_HIRAGANA.findall(letters)) >= 0.8 * len(letters)
        numbers = re.findall(r"\d+(?:[.,]\d+)?", text)
        return Analysis(words, chars, readings, kana_only, numbers)

    def words(self, text: str) -> list[str]:
        return self.analyse(text).words

    def _fold_synonyms(self, text: str) -> str:
        for pattern, canonical in self._synonym_patterns:
            text = pattern.sub(canonical, text)
        return text

    def _words(self, morphemes: Iterable[Morpheme]) -> list[str]:
        out: list[str] = []
        for morpheme in morphemes:
            if self.content_only and morpheme.pos1 in _FUNCTION_POS:
                continue
            term = morpheme.lemma if self.use_lemma else morpheme.text.lower()
            if not term or (self.stop_lemmas and term in _STOP_LEMMAS):
                continue
            out.append(term)
        return out

    def _char_grams(self, text: str) -> list[str]:
        compact = _PUNCT.sub("", text.lower())
        out: list[str] = []
        for n in self.char_ngrams:
            out.extend(compact[i : i + n] for i in range(len(compact) - n + 1))
        return out


def _term_pattern(term: str) -> str:
    # A latin abbreviation (JC) must not match inside a longer word (JCB).
    if term.isascii():
        return rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])"
    return re.escape(term)


def _bigrams(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)]
