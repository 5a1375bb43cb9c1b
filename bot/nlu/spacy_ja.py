"""spaCy 3.4 Japanese pipeline on fugashi/UniDic instead of SudachiPy.

``spacy.blank("ja")`` uses spaCy's JapaneseTokenizer, which requires SudachiPy.
``make_japanese_nlp()`` swaps in a tokenizer built on ``bot.text.segment`` so spaCy
tools (PhraseMatcher, Matcher, ...) see the same segmentation as Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import spacy
from spacy.lang.ja import resolve_pos
from spacy.language import Language
from spacy.symbols import X  # type: ignore[import]  # Cython module without stubs
from spacy.tokens import Doc, MorphAnalysis
from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab

from bot.text.segment import JapaneseSegmenter, Morpheme

TOKENIZER_NAME = "bot.fugashi_tokenizer.v1"
_GAP_TAG = "空白"  # UniDic's tag for whitespace, as spaCy's own Japanese tokenizer uses
_MORPH_UNSAFE = re.compile("[=|]")  # separators of spaCy's morph string format


class FugashiTokenizer(DummyTokenizer):
    """spaCy tokenizer: one token per ``Morpheme``; ``doc.text`` is the input text.

    Token texts are original substrings; the NFKC form is in ``token.norm_`` (so a
    PhraseMatcher with ``attr="NORM"`` also matches half-width or full-width input).
    Text between morphemes becomes trailing spaces (a single " ") or extra tokens
    tagged 空白/SPACE, which is how spaCy represents any other gap.
    """

    def __init__(
        self,
        vocab: Vocab,
        dictionary: str = "unidic-lite",
        segmenter: JapaneseSegmenter | None = None,
    ) -> None:
        self.vocab = vocab
        self.dictionary = dictionary
        self.segmenter = segmenter or JapaneseSegmenter(dictionary)

    def __reduce__(self) -> tuple[Any, ...]:
        # MeCab taggers cannot be pickled (nlp.pipe(n_process=...)); rebuild instead.
        return FugashiTokenizer, (self.vocab, self.dictionary)

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        morphemes: list[Morpheme | None] = []  # None marks a gap token

        def add_gap(gap: str) -> None:
            if gap.startswith(" ") and words and not spaces[-1]:
                spaces[-1] = True  # one plain space is the previous token's whitespace_
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
                morphemes.append(None)

        cursor = 0
        for morpheme in self.segmenter.segment(text):
            add_gap(text[cursor : morpheme.start])
            words.append(text[morpheme.start : morpheme.end])
            spaces.append(False)
            morphemes.append(morpheme)
            cursor = morpheme.end
        add_gap(text[cursor:])

        doc = Doc(self.vocab, words=words, spaces=spaces)
        tags = [_GAP_TAG if m is None else m.pos for m in morphemes]
        next_pos: int | None = None  # set by spaCy's tag-bigram rules
        for index, (token, analysis) in enumerate(zip(doc, morphemes, strict=True)):
            if next_pos:
                token.pos, next_pos = next_pos, None
            else:
                next_tag = tags[index + 1] if index + 1 < len(tags) else None
                # spaCy's orth rules are written for standard forms: use the NFKC text.
                orth = token.text if analysis is None else analysis.text
                token.pos, next_pos = _resolve_pos(orth, tags[index], next_tag)
            token.tag_ = tags[index]
            if analysis is None:
                token.lemma_ = token.text
                continue
            token.lemma_ = analysis.lemma
            token.norm_ = analysis.text
            if analysis.reading:
                reading = _MORPH_UNSAFE.sub("_", analysis.reading)
                token.morph = MorphAnalysis(self.vocab, {"Reading": reading})
        return doc


def _resolve_pos(orth: str, tag: str, next_tag: str | None) -> tuple[int, int | None]:
    """UD POS from spaCy's own UniDic mapping (incl. its orth and bigram rules)."""
    try:
        pos, next_pos = resolve_pos(orth, tag, next_tag)
    except KeyError:  # a tag spaCy's TAG_MAP does not list
        return X, None
    return int(pos), int(next_pos) if next_pos else None


@registry.tokenizers(TOKENIZER_NAME)
def create_fugashi_tokenizer(
    dictionary: str = "unidic-lite",
) -> Callable[[Language], FugashiTokenizer]:
    """spaCy registry entry: ``{"@tokenizers": "bot.fugashi_tokenizer.v1"}``."""

    def make_tokenizer(nlp: Language) -> FugashiTokenizer:
        return FugashiTokenizer(nlp.vocab, dictionary)

    return make_tokenizer


def make_japanese_nlp() -> Language:
    """Blank Japanese pipeline with the fugashi tokenizer (no SudachiPy needed)."""
    config: dict[str, Any] = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}}
    return spacy.blank("ja", config=config)
