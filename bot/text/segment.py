"""Japanese text core: NFKC normalisation with offsets and MeCab segmentation.

Pure code (no Rasa, FastAPI or spaCy imports) so that the Rasa tokenizer, the
spaCy tokenizer and any other caller segment text in exactly the same way.

Every ``Morpheme`` carries offsets into the ORIGINAL text, and its ``text`` is
``unicodedata.normalize("NFKC", original[start:end]).strip()``.
"""

from __future__ import annotations

import importlib
import os
import re
import shlex
import threading
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import fugashi  # type: ignore[import]

__all__ = [
    "DICTIONARIES",
    "JapaneseSegmenter",
    "Morpheme",
    "NormalizedText",
    "normalize_with_offsets",
]

DICTIONARIES = ("unidic-lite", "unidic", "auto")

_ZWJ = "\u200d"
# Character kinds for clustering.
_BASE = 0
_EXTEND = 1  # joins the preceding cluster (combining marks, ﾞ/ﾟ, variation selectors)
_BREAK = 2  # becomes a plain space (Cc, Cf, Cs, Zs, Zl, Zp)
_BREAK_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})
_MARK_CATEGORIES = frozenset({"Mn", "Mc", "Me"})
# POS values that say little about a merged group; prefer another member's POS.
_SYMBOL_POS = frozenset({"補助記号", "記号", "空白"})
_ANALYSIS_CACHE_SIZE = 50_000


@dataclass(frozen=True)
class NormalizedText:
    """NFKC text plus, per normalised character, the original span it came from."""

    text: str
    starts: list[int]
    ends: list[int]


@dataclass(frozen=True)
class Morpheme:
    """One MeCab token. ``start``/``end`` index the ORIGINAL text."""

    text: str
    start: int
    end: int
    lemma: str
    pos: str
    pos1: str
    reading: str


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


@dataclass(frozen=True)
class _Analysis:
    """The UniDic fields we keep for one MeCab node ("" when missing or '*')."""

    orth_base: str
    pos: str
    pos1: str
    kana: str


def _field(feature: Any, name: str) -> str:
    value = getattr(feature, name, None)
    if not value or value == "*":
        return ""
    return str(value)


def _analyse(feature: Any) -> _Analysis:
    pos_fields = (_field(feature, name) for name in ("pos1", "pos2", "pos3", "pos4"))
    return _Analysis(
        orth_base=_field(feature, "orthBase"),
        pos="-".join(field for field in pos_fields if field),
        pos1=_field(feature, "pos1"),
        kana=_field(feature, "kana"),
    )


def _dicdir_for(dictionary: str) -> str | None:
    """Dictionary directory to pass to MeCab explicitly; None lets fugashi choose."""
    if dictionary == "unidic-lite":
        import unidic_lite  # type: ignore[import]

        return str(unidic_lite.DICDIR)
    if dictionary == "unidic":
        try:
            import unidic  # type: ignore[import]
        except ImportError as error:
            raise ImportError(
                "dictionary='unidic' needs the `unidic` package "
                "(pip install unidic && python -m unidic download)."
            ) from error
        return str(unidic.DICDIR)
    return None


def _known_dictionary_name(dicdir: str) -> str:
    """Name of the pip dictionary package installed at ``dicdir``, if any."""
    real = os.path.realpath(dicdir)
    for name, module in (("unidic-lite", "unidic_lite"), ("unidic", "unidic")):
        try:
            package = importlib.import_module(module)
        except ImportError:
            continue
        if os.path.realpath(str(package.DICDIR)) == real:
            return name
    return "mecab-dictionary"


class JapaneseSegmenter:
    """MeCab (fugashi) segmentation of normalised text with original offsets.

    One fugashi ``Tagger`` is created per instance and reused; calls are serialised
    with a lock because a MeCab tagger reuses one lattice and fugashi nodes read it
    lazily.

    Lemma choice: UniDic's ``lemma`` field is the lexeme's canonical headword, which
    is awkward as a feature: loanwords carry their origin (``アシスタント-assistant``)
    and kana spellings are mapped to kanji (「ない」→「無い」, 「できる」→「出来る」).
    We therefore use ``orthBase``, the dictionary form in the surface's own script
    (「使え」→「使える」, 「作っ」→「作る」), falling back to the surface for unknown
    words, and lowercase it (only cased scripts such as latin are affected).
    """

    def __init__(self, dictionary: str = "unidic-lite") -> None:
        if dictionary not in DICTIONARIES:
            raise ValueError(
                f"Unknown dictionary {dictionary!r}; expected one of {', '.join(DICTIONARIES)}."
            )
        self.dictionary = dictionary
        dicdir = _dicdir_for(dictionary)
        if dicdir is None:
            args = ""
        else:
            # fugashi prepends the dictionary of an installed `unidic` package; MeCab
            # honours the last -r/-d, so ours wins and a full UniDic is not silently used.
            mecabrc = os.path.join(dicdir, "mecabrc")
            args = f"-r {shlex.quote(mecabrc)} -d {shlex.quote(dicdir)}"
        self._tagger = fugashi.Tagger(args)
        self._lock = threading.Lock()
        # Parsed features keyed by MeCab's raw feature string; saves re-parsing the CSV.
        self._analyses: dict[str, _Analysis] = {}
        info = self._tagger.dictionary_info[0]
        loaded_dir = os.path.dirname(str(info["filename"]))
        if dicdir is not None and os.path.realpath(loaded_dir) != os.path.realpath(dicdir):
            raise RuntimeError(f"MeCab loaded {loaded_dir}, expected {dicdir} ({dictionary}).")
        name = dictionary if dicdir is not None else _known_dictionary_name(loaded_dir)
        self._description = (
            f"{name} {_read_version(loaded_dir) or 'unknown-version'} at {loaded_dir} "
            f"(sys.dic format {info['version']}, {info['size']} entries, {info['charset']})"
        )
        # Build the lazy Unicode tables now (~0.1 s) rather than on the first message.
        _needs_slow_path()

    @property
    def dictionary_description(self) -> str:
        """Dictionary name, version and path, e.g. for start-up logs."""
        return self._description

    def segment(self, text: str) -> list[Morpheme]:
        """Split ``text`` into morphemes with offsets into ``text`` itself."""
        if not text or text.isspace():
            return []
        normalized = normalize_with_offsets(text)
        norm = normalized.text
        if norm.isspace():
            return []
        nodes = self._parse(norm)

        starts, ends = normalized.starts, normalized.ends
        # Consecutive nodes whose original spans overlap (MeCab split inside one
        # cluster, e.g. ㈱ -> "(株)") are grouped into one morpheme.
        groups: list[tuple[int, int, list[_Analysis]]] = []
        cursor = 0
        for surface, white_space, analysis in nodes:
            if not surface:
                continue
            position = cursor + white_space
            if not norm.startswith(surface, position):
                # MeCab skipped something other than ASCII spaces; search instead.
                position = norm.find(surface, cursor)
                if position < 0:
                    continue
            cursor = position + len(surface)
            start, end = starts[position], ends[cursor - 1]
            if groups and start < groups[-1][1]:
                group_start, group_end, members = groups[-1]
                members.append(analysis)
                groups[-1] = (group_start, max(end, group_end), members)
            else:
                groups.append((start, end, [analysis]))

        morphemes: list[Morpheme] = []
        for start, end, analyses in groups:
            # Whole clusters: exactly the normalised form of original[start:end].
            token_text = norm[bisect_left(starts, start) : bisect_left(starts, end)].strip()
            if token_text:
                morphemes.append(_make_morpheme(token_text, start, end, analyses))
        return morphemes

    def _parse(self, norm: str) -> list[tuple[str, int, _Analysis]]:
        """Run MeCab; returns (surface, preceding spaces, analysis) per node."""
        cache = self._analyses
        out: list[tuple[str, int, _Analysis]] = []
        with self._lock:
            # fugashi nodes read MeCab's lattice lazily: copy everything before unlocking.
            for node in self._tagger(norm):
                raw = node.feature_raw
                analysis = cache.get(raw)
                if analysis is None:
                    if len(cache) >= _ANALYSIS_CACHE_SIZE:
                        cache.clear()  # crude bound; refills with the frequent entries
                    analysis = cache[raw] = _analyse(node.feature)
                out.append((node.surface, len(node.white_space), analysis))
        return out


def _make_morpheme(text: str, start: int, end: int, analyses: list[_Analysis]) -> Morpheme:
    if len(analyses) == 1:
        analysis = analyses[0]
        lemma = analysis.orth_base or text
    else:
        # Prefer a content word's POS over the brackets/ZWJ that MeCab split off.
        analysis = next((a for a in analyses if a.pos1 not in _SYMBOL_POS), analyses[0])
        lemma = text
    return Morpheme(
        text=text,
        start=start,
        end=end,
        lemma=lemma.lower(),
        pos=analysis.pos,
        pos1=analysis.pos1,
        reading="".join(a.kana for a in analyses),
    )


def _read_version(dicdir: str) -> str:
    """UniDic packages ship a one-line ``version`` file next to sys.dic."""
    try:
        with open(os.path.join(dicdir, "version"), encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError:
        return ""
