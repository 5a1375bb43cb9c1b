"""Furigana (ruby) for Japanese text, from fugashi + unidic-lite readings.

Stdlib + fugashi only (the tagger is ``bot.text.segment.make_unidic_lite_tagger``): the API venv
imports it; Rasa never loads it, so editing it does not make the model stale.

- Readings come from UniDic's `kana` field (the orthographic reading, e.g. 「は」 as a particle
  is ハ, 「東京」 is トウキョウ), not `pron` (the pronunciation, with long vowels as ー).
- Readings are converted to hiragana.
- Okurigana and other kana inside a word are trimmed: 食べる → 食(た)べる, お茶 → お茶(ちゃ),
  取り扱い → 取(と)り扱(あつか)い. When the reading cannot be aligned with the written
  form, the whole word gets one ruby.
- Ruby goes on words, not on UniDic's short units: a compound written all in kanji, whose parts
  are nouns, prefixes and suffixes that each have a reading (市区町村 = 市+区+町+村, 利用料 =
  利用+料, 上限額 = 上限+額), gets one ruby with the readings joined (しくちょうそん). One
  reading over the whole word stays about as wide as the word; a long reading over one kanji
  (料 りょう) would widen it and break the word apart on screen. A compound is cut after
  `MAX_COMPOUND` characters so a line can still break.
- Modes: "off" (no ruby) and "all" (every word with kanji). A "kanji above school grade N"
  mode is left out: no well-kept school-grade kanji list is available from the registries we
  may use (see docs/api.md).

`ruby_segments` returns a safe structure, a list of (base, reading-or-None) pairs; `ruby_html`
renders it with every piece HTML-escaped.
"""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache
from typing import Literal

from bot.text.segment import make_unidic_lite_tagger

__all__ = [
    "MAX_COMPOUND",
    "MODES",
    "FuriganaMode",
    "Segment",
    "align",
    "compounds",
    "ruby_html",
    "ruby_segments",
    "to_hiragana",
]

FuriganaMode = Literal["off", "all"]
MODES: tuple[str, ...] = ("off", "all")

Segment = tuple[str, "str | None"]

_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ"
_HAS_KANJI = re.compile(f"[{_KANJI}]")
_KANJI_RUN = re.compile(f"[{_KANJI}]+")
_ALL_KANJI = re.compile(f"[{_KANJI}]+")
# UniDic's parts of speech (pos1) that join into one compound word; 数詞 is a noun, but never
# written in kanji in our texts, and a number is its own word.
_COMPOUND_POS = frozenset({"名詞", "接頭辞", "接尾辞"})
MAX_COMPOUND = 10


def to_hiragana(text: str) -> str:
    """Katakana (ァ..ヶ) to hiragana; everything else unchanged."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" and c not in "ヵヶ" else c for c in text)


def align(surface: str, reading: str) -> list[Segment]:
    """Split a word into kanji runs with their readings and plain kana.

    `reading` is in hiragana. The kana of the surface must appear in the reading in order;
    each kanji run takes the (non-empty) stretch of reading between them.
    """
    if not _HAS_KANJI.search(surface):
        return [(surface, None)]
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _KANJI_RUN.finditer(surface):
        if m.start() > pos:
            parts.append((surface[pos : m.start()], False))
        parts.append((m.group(), True))
        pos = m.end()
    if pos < len(surface):
        parts.append((surface[pos:], False))
    pattern = "".join(
        "(.+?)" if is_kanji else f"({re.escape(to_hiragana(text))})" for text, is_kanji in parts
    )
    match = re.fullmatch(pattern, reading)
    if match is None:
        return [(surface, reading)]
    segments: list[Segment] = []
    for (text, is_kanji), read in zip(parts, match.groups(), strict=True):
        segments.append((text, read if is_kanji else None))
    return segments


class _Reader:
    """The segmenter's tagger on unidic-lite (``make_unidic_lite_tagger``), one lock around it."""

    def __init__(self) -> None:
        self._tagger = make_unidic_lite_tagger()
        self._lock = threading.Lock()

    def morphemes(self, line: str) -> list[tuple[str, str, str | None, str]]:
        """(white space before, surface, kana reading or None, pos1) for each short unit."""
        with self._lock:
            out: list[tuple[str, str, str | None, str]] = []
            for word in self._tagger(line):
                kana = getattr(word.feature, "kana", None)
                if not kana or kana == "*":
                    kana = None
                pos = getattr(word.feature, "pos1", None) or ""
                out.append((word.white_space, word.surface, kana, pos))
            return out

    def words(self, line: str) -> list[tuple[str, str, str | None]]:
        """(white space before, surface, kana reading or None) for each short unit of one line."""
        return [(space, surface, kana) for space, surface, kana, _pos in self.morphemes(line)]


@lru_cache(maxsize=1)
def _reader() -> _Reader:
    return _Reader()


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring plain-text pieces so the structure stays small."""
    merged: list[Segment] = []
    for base, reading in segments:
        if not base:
            continue
        if reading is None and merged and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + base, None)
        else:
            merged.append((base, reading))
    return merged


def _joins(surface: str, kana: str | None, pos: str) -> bool:
    """Whether a short unit can be part of a kanji compound (see the module docstring)."""
    return kana is not None and pos in _COMPOUND_POS and _ALL_KANJI.fullmatch(surface) is not None


def compounds(
    morphemes: list[tuple[str, str, str | None, str]],
) -> list[tuple[str, str, str | None]]:
    """(white space before, surface, kana) per word: neighbouring kanji-only nouns, prefixes and
    suffixes with readings and no space between them joined into one, up to MAX_COMPOUND."""
    out: list[tuple[str, str, str | None]] = []
    joinable = False  # whether out[-1] may take the next unit
    for space, surface, kana, pos in morphemes:
        joins = _joins(surface, kana, pos)
        if joins and joinable and not space and len(out[-1][1]) + len(surface) <= MAX_COMPOUND:
            prev_space, prev_surface, prev_kana = out[-1]
            out[-1] = (prev_space, prev_surface + surface, f"{prev_kana}{kana}")
        else:
            out.append((space, surface, kana))
        joinable = joins
    return out


def ruby_segments(text: str, mode: str = "all") -> list[Segment]:
    """The text as (base, reading) pairs; reading is None for text shown without ruby.

    Concatenating the bases always gives back `text` exactly.
    """
    if mode not in MODES:
        raise ValueError(f"unknown furigana mode {mode!r}; expected one of {MODES}")
    if mode == "off" or not _HAS_KANJI.search(text):
        return [(text, None)] if text else []
    segments: list[Segment] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            segments.append(("\n", None))
        consumed = 0
        for _space, surface, kana in compounds(_reader().morphemes(line)):
            # MeCab drops white space; put back exactly what the line had.
            start = line.find(surface, consumed)
            if start < 0:  # should not happen; keep the text intact whatever MeCab did
                continue
            segments.append((line[consumed:start], None))
            consumed = start + len(surface)
            if kana is None or not _HAS_KANJI.search(surface):
                segments.append((surface, None))
            else:
                segments.extend(align(surface, to_hiragana(kana)))
        segments.append((line[consumed:], None))
    return _merge(segments)


def ruby_html(text: str, mode: str = "all") -> str:
    """HTML with <ruby> for kanji words; every piece of text is escaped."""
    out: list[str] = []
    for base, reading in ruby_segments(text, mode):
        if reading is None:
            out.append(html.escape(base))
        else:
            out.append(f"<ruby>{html.escape(base)}<rt>{html.escape(reading)}</rt></ruby>")
    return "".join(out)
