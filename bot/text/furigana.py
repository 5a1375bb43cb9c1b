"""Furigana (ruby) for Japanese text, from fugashi + unidic-lite readings.

Stdlib + fugashi only (the tagger is ``bot.text.segment.make_unidic_lite_tagger``): the API venv
imports it; Rasa never loads it, so editing it does not make the model stale.

- Readings come from UniDic's `kana` field (the orthographic reading, e.g. 「は」 as a particle
  is ハ, 「東京」 is トウキョウ), not `pron` (the pronunciation, with long vowels as ー).
- Readings are converted to hiragana.
- Okurigana and other kana inside a word are trimmed: 食べる → 食(た)べる, お茶 → お茶(ちゃ),
  取り扱い → 取(と)り扱(あつか)い. When the reading cannot be aligned with the written
  form, the whole word gets one ruby.
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

__all__ = ["MODES", "FuriganaMode", "Segment", "align", "ruby_html", "ruby_segments", "to_hiragana"]

FuriganaMode = Literal["off", "all"]
MODES: tuple[str, ...] = ("off", "all")

Segment = tuple[str, "str | None"]

_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ"
_HAS_KANJI = re.compile(f"[{_KANJI}]")
_KANJI_RUN = re.compile(f"[{_KANJI}]+")


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

    def words(self, line: str) -> list[tuple[str, str, str | None]]:
        """(white space before, surface, kana reading or None) for each word of one line."""
        with self._lock:
            out: list[tuple[str, str, str | None]] = []
            for word in self._tagger(line):
                kana = getattr(word.feature, "kana", None)
                if not kana or kana == "*":
                    kana = None
                out.append((word.white_space, word.surface, kana))
            return out


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
        for _space, surface, kana in _reader().words(line):
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
