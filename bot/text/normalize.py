"""Japanese text normalisation: NFKC with offsets into the original, and the one dash table.

Stdlib only, so every venv can import it: the Rasa tokenizer (through ``bot.text.segment``),
date parsing (``bot.dates.parse``) and the API side alike.

- ``normalize_with_offsets`` NFKC-normalises a message while every output character keeps the
  span of the original text it came from (the tokenizer's offsets rely on it).
- ``DASHES`` / ``nfkc_with_ascii_hyphens`` say once what counts as a hyphen or dash when
  someone types a number with separators (2024‐4‐1, R6−4−1, 03–1234–5678).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "DASHES",
    "NormalizedText",
    "build_unicode_tables",
    "nfkc_with_ascii_hyphens",
    "normalize_with_offsets",
]

# --- what counts as a hyphen ----------------------------------------------------------------

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
"""Characters people type for "-" between numbers that NFKC leaves alone:
‐ hyphen, ‑ non-breaking hyphen, ‒ figure dash, – en dash, — em dash, ― horizontal bar, − minus.

NFKC itself already turns the full-width and small hyphen-minus (－ ﹣) into "-". The katakana
long-vowel mark ー, which a Japanese IME types for "-" in full-width mode, counts as a dash only
between two digits (03ー1234): inside a word (コーチ) it is part of the word.
"""

_TO_HYPHEN_MINUS = str.maketrans(dict.fromkeys(DASHES, "-"))
_LONG_VOWEL_BETWEEN_DIGITS = re.compile(r"(?<=\d)ー(?=\d)")


def nfkc_with_ascii_hyphens(text: str) -> str:
    """NFKC, then every dash of ``DASHES`` (and ー between two digits) as an ASCII "-".

    For reading numbers out of typed text: full-width digits and letters become ASCII,
    ㋿ becomes 令和, and 「２０２４ー４ー１」 becomes "2024-4-1". The result does not keep
    offsets; the tokenizer uses ``normalize_with_offsets`` instead.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TO_HYPHEN_MINUS)
    return _LONG_VOWEL_BETWEEN_DIGITS.sub("-", text)


# --- NFKC with offsets --------------------------------------------------------------------

_ZWJ = "\u200d"
# Character kinds for clustering.
_BASE = 0
_EXTEND = 1  # joins the preceding cluster (combining marks, ﾞ/ﾟ, variation selectors)
_BREAK = 2  # becomes a plain space (Cc, Cf, Cs, Zs, Zl, Zp)
_BREAK_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})
_MARK_CATEGORIES = frozenset({"Mn", "Mc", "Me"})


@dataclass(frozen=True)
class NormalizedText:
    """NFKC text plus, per normalised character, the original span it came from."""

    text: str
    starts: list[int]
    ends: list[int]


@lru_cache(maxsize=1)
def _composing_seconds() -> frozenset[str]:
    """Characters that canonical composition can merge into a PRECEDING character.

    Most of them have a non-zero combining class, but a few (Hangul vowel/trailing
    jamo, some Indic vowel signs) are starters; a cluster must not end before them.
    """
    seconds: set[str] = set()
    # Canonical pair decompositions all live below U+30000.
    for cp in range(0x30000):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                seconds.add(chr(int(parts[1], 16)))
    # Hangul syllables compose algorithmically (L+V, LV+T): no decomposition data.
    seconds.update(chr(cp) for cp in range(0x1161, 0x1176))
    seconds.update(chr(cp) for cp in range(0x11A8, 0x11C3))
    return frozenset(seconds)


# Per-character cache: (kind, NFKC of the character alone). Bounded by the number of
# distinct characters ever seen, so a plain dict is fine and faster than lru_cache.
_CHAR_INFO: dict[str, tuple[int, str]] = {}


def _char_info(char: str) -> tuple[int, str]:
    info = _CHAR_INFO.get(char)
    if info is None:
        info = (_classify(char), unicodedata.normalize("NFKC", char))
        _CHAR_INFO[char] = info
    return info


def _classify(char: str) -> int:
    category = unicodedata.category(char)
    if category in _BREAK_CATEGORIES:
        return _BREAK
    if category in _MARK_CATEGORIES or 0x1F3FB <= ord(char) <= 0x1F3FF:
        # Marks and emoji skin-tone modifiers belong to the preceding character.
        return _EXTEND
    # NFKC may turn the character into something that composes backwards, e.g.
    # U+FF9E (ﾞ) -> U+3099, or compatibility jamo ㅏ -> U+1161.
    first = unicodedata.normalize("NFKD", char)[:1]
    if first and (unicodedata.combining(first) or first in _composing_seconds()):
        return _EXTEND
    return _BASE


def _is_emoji_base(char: str) -> bool:
    # "So" (Symbol, other) covers pictographic emoji; good enough for ZWJ/tag joining.
    return unicodedata.category(char) == "So"


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _is_tag(char: str) -> bool:
    # Tag characters spell subdivision flags such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿 after U+1F3F4.
    return 0xE0020 <= ord(char) <= 0xE007F


def _cluster_end(text: str, i: int) -> int:
    """End of the grapheme-ish cluster starting at ``i``.

    Clusters only end before characters that NFKC cannot combine with what precedes
    them, so NFKC of the concatenated clusters equals the concatenated NFKC per
    cluster. Emoji ZWJ sequences, flags and tag sequences are kept whole as well.
    """
    n = len(text)
    first = text[i]
    if _char_info(first)[0] == _BREAK:
        return i + 1
    j = i + 1
    if _is_regional_indicator(first) and j < n and _is_regional_indicator(text[j]):
        j += 1
    emoji = _is_emoji_base(first)
    while j < n:
        char = text[j]
        if _char_info(char)[0] == _EXTEND or (emoji and _is_tag(char)):
            j += 1
        elif emoji and char == _ZWJ and j + 1 < n and _is_emoji_base(text[j + 1]):
            j += 2
        else:
            break
    return j


@lru_cache(maxsize=1)
def _needs_slow_path() -> re.Pattern[str]:
    """Characters that rule out the identity fast path of ``normalize_with_offsets``.

    All BMP characters that join a preceding cluster, plus every astral character
    (emoji sequences, flags); built once, on first use.
    """
    ranges: list[list[int]] = []
    for cp in range(0x10000):
        if _classify(chr(cp)) == _EXTEND:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    members = "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in ranges
    )
    return re.compile(f"[{members}\U00010000-\U0010ffff]")


def build_unicode_tables() -> None:
    """Builds the lazy Unicode tables now (~0.1 s) rather than on the first message."""
    _needs_slow_path()


def normalize_with_offsets(text: str) -> NormalizedText:
    """NFKC-normalise ``text`` and map every output character back to the original.

    Normalisation runs per grapheme-ish cluster (a character plus following combining
    marks, ﾞ/ﾟ, U+3099/U+309A, variation selectors, skin tones, emoji ZWJ and tag
    sequences, flag pairs), so compositions such as ｶﾞ -> ガ happen while each output
    character still maps to the span of its cluster (``starts[k]``, ``ends[k]``).
    Control, format, surrogate and separator characters (Cc, Cf, Cs, Z*) become one
    plain space each, so MeCab skips them; ZWJ and tag characters inside an emoji
    sequence are kept. U+3000 becomes a space via NFKC as well.
    """
    n = len(text)
    # Fast path, the common case for chat messages: nothing to change, nothing to join.
    # isprintable() is False for Cc/Cf/Cs/Co/Cn/Zl/Zp and for Zs other than U+0020.
    if (
        text.isprintable()
        and unicodedata.is_normalized("NFKC", text)
        and not _needs_slow_path().search(text)
    ):
        return NormalizedText(text, list(range(n)), list(range(1, n + 1)))

    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < n:
        j = _cluster_end(text, i)
        if j == i + 1:
            kind, normalized = _char_info(text[i])
            if kind == _BREAK:
                normalized = " "
        else:
            normalized = unicodedata.normalize("NFKC", text[i:j])
        parts.append(normalized)
        count = len(normalized)
        starts.extend([i] * count)
        ends.extend([j] * count)
        i = j
    return NormalizedText("".join(parts), starts, ends)
