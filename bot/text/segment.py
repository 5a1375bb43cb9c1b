"""MeCab (fugashi) segmentation on unidic-lite, with offsets into the original text.

Stdlib + fugashi only (no Rasa, FastAPI or spaCy imports) so that the Rasa tokenizer, the
spaCy tokenizer and any other caller segment text in exactly the same way. Normalisation
(NFKC with offsets) is ``bot.text.normalize``.

Every ``Morpheme`` carries offsets into the ORIGINAL text, and its ``text`` is
``unicodedata.normalize("NFKC", original[start:end]).strip()``.
"""

from __future__ import annotations

import importlib
import os
import shlex
import threading
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

import fugashi

from bot.text.normalize import build_unicode_tables, normalize_with_offsets

__all__ = [
    "DICTIONARIES",
    "JapaneseSegmenter",
    "Morpheme",
    "describe_dictionary",
    "make_tagger",
    "make_unidic_lite_tagger",
]

DICTIONARIES = ("unidic-lite", "unidic", "auto")

# POS values that say little about a merged group; prefer another member's POS.
_SYMBOL_POS = frozenset({"補助記号", "記号", "空白"})
_ANALYSIS_CACHE_SIZE = 50_000


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


# --- the one MeCab tagger factory ---------------------------------------------------------


def make_tagger(dictionary: str = "unidic-lite") -> fugashi.Tagger:
    """A fugashi ``Tagger`` on ``dictionary``, checked to have loaded exactly that dictionary.

    ``dictionary`` is "unidic-lite" (what the bot uses), "unidic" (the full UniDic package) or
    "auto" (whatever fugashi finds). fugashi prepends the dictionary of an installed `unidic`
    package to its arguments; MeCab honours the last -r/-d, so ours wins and a full UniDic is
    not silently used instead. RuntimeError if MeCab still loaded another directory.
    """
    if dictionary not in DICTIONARIES:
        raise ValueError(
            f"Unknown dictionary {dictionary!r}; expected one of {', '.join(DICTIONARIES)}."
        )
    dicdir = _dicdir_for(dictionary)
    if dicdir is None:
        args = ""
    else:
        mecabrc = os.path.join(dicdir, "mecabrc")
        args = f"-r {shlex.quote(mecabrc)} -d {shlex.quote(dicdir)}"
    tagger = fugashi.Tagger(args)
    loaded_dir = _loaded_dir(tagger)
    if dicdir is not None and os.path.realpath(loaded_dir) != os.path.realpath(dicdir):
        raise RuntimeError(f"MeCab loaded {loaded_dir}, expected {dicdir} ({dictionary}).")
    return tagger


def make_unidic_lite_tagger() -> fugashi.Tagger:
    """The tagger on unidic-lite that the segmenter and furigana read with."""
    return make_tagger("unidic-lite")


def describe_dictionary(tagger: fugashi.Tagger, dictionary: str) -> str:
    """Name, version and path of the dictionary ``tagger`` loaded, e.g. for start-up logs."""
    info = tagger.dictionary_info[0]
    loaded_dir = _loaded_dir(tagger)
    name = dictionary if dictionary != "auto" else _known_dictionary_name(loaded_dir)
    return (
        f"{name} {_read_version(loaded_dir) or 'unknown-version'} at {loaded_dir} "
        f"(sys.dic format {info['version']}, {info['size']} entries, {info['charset']})"
    )


def _loaded_dir(tagger: fugashi.Tagger) -> str:
    return os.path.dirname(str(tagger.dictionary_info[0]["filename"]))


def _dicdir_for(dictionary: str) -> str | None:
    """Dictionary directory to pass to MeCab explicitly; None lets fugashi choose."""
    if dictionary == "unidic-lite":
        import unidic_lite

        return str(unidic_lite.DICDIR)
    if dictionary == "unidic":
        try:
            import unidic
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

    One fugashi ``Tagger`` (``make_tagger``) is created per instance and reused; calls are serialised
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
        self.dictionary = dictionary
        self._tagger = make_tagger(dictionary)
        self._description = describe_dictionary(self._tagger, dictionary)
        self._lock = threading.Lock()
        # Parsed features keyed by MeCab's raw feature string; saves re-parsing the CSV.
        self._analyses: dict[str, _Analysis] = {}
        build_unicode_tables()

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
