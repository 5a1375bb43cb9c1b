"""Undo the PDF flattening of the seed files: join broken lines, split sentences, clean spaces.

The seeds were extracted from PDFs and web pages. A sentence is often broken over several
physical lines (002 puts a blank line after every PDF line), table cells are narrow columns,
vertical labels come one character per line, and spaces appear where a line was wrapped
(「就 職後」) or where the PDF lost a glyph (「 会福祉協議会」 for 社会福祉協議会).

Everything here only removes or moves whitespace and drops markup (``<mark>``, ``**``), so a
cleaned sentence is the original text modulo whitespace: the extractive answers rely on that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Line",
    "Sentence",
    "cjk_count",
    "clean_inline",
    "has_glyph_gap",
    "is_cjk",
    "reflow",
    "split_sentences",
]

TERMINAL = "。！？!?"
# Closing brackets that may follow a terminal mark and still belong to the sentence.
_CLOSERS = "」』）)】〉＞>"
# A line ending with one of these continues on the next line (a particle, a comma, an open bracket).
_CONTINUES = "、，,・「『（(【〈＜<のはがをにでとやもへ"
# Markers that start a new item: bullets, numbered items, checklist numbers, captions.
_ITEM_START = re.compile(
    r"^(?:[・•●○◆◇■□※＊*▶▼→]|[-－–]\s|[①-⑳]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|(?:I|II|III|IV|V|VI|VII)\.\s"
    r"|[（(]\s*[0-9０-９]+\s*[）)]|[0-9０-９]{1,2}[．.]\D|[0-9]{1,2}\s+\D|[＜<][^＞>]{1,40}[＞>]"
    r"|[アイウエオ]\s|Q\s|A\s|図\s|＊)"
)
_MARKUP = re.compile(r"</?mark>|\*\*")
_SPACES = re.compile(r"[ \t\u3000]+")
_SENTENCE = re.compile(rf"[^{TERMINAL}]*[{TERMINAL}]+[{_CLOSERS}]*|[^{TERMINAL}]+$")


def is_cjk(char: str) -> bool:
    """Kanji, hiragana, katakana (with the long-vowel mark) or the iteration mark."""
    code = ord(char)
    return (
        0x3041 <= code <= 0x30FF  # hiragana, katakana, ー
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or code == 0x3005  # 々
    )


def cjk_count(text: str) -> int:
    return sum(1 for char in text if is_cjk(char))


def clean_inline(text: str, *, glyph_loss: bool = False) -> str:
    """Drop markup, collapse spaces and remove spaces next to Japanese punctuation.

    A space between two Japanese characters is a wrap artefact (「就 職後」) and is removed,
    except in a seed whose PDF lost glyphs (``glyph_loss``, 002): there the space stands for
    a missing character (「地域の 会福祉協議会」), is kept, and ``has_glyph_gap`` flags it.
    """
    text = _MARKUP.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    if " " not in text:
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        if char == " " and 0 < index < len(text) - 1:
            left, right = text[index - 1], text[index + 1]
            if glyph_loss:
                pass  # every space may stand for a lost glyph: keep it, has_glyph_gap decides
            elif _punctuation(left) or _punctuation(right) or (is_cjk(left) and is_cjk(right)):
                continue
        out.append(char)
    return "".join(out)


def _punctuation(char: str) -> bool:
    return char in "。、，．「」『』（）【】〈〉＜＞：；！？～〜"


def has_glyph_gap(text: str) -> bool:
    """True when a space still sits between two kanji/katakana after cleaning: in the PDF
    seeds that marks a lost glyph (「地域の 会福祉協議会」), so the sentence is unfit to show."""
    for index in range(1, len(text) - 1):
        if text[index] == " ":
            left, right = text[index - 1], text[index + 1]
            if (is_cjk(left) or _punctuation(left)) and (is_cjk(right) or _punctuation(right)):
                return True
    return "\ufffd" in text


@dataclass(frozen=True)
class Line:
    """One physical line of a seed: 1-based number and its text without the line break."""

    number: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence or list item rebuilt from one or more physical lines."""

    text: str
    first_line: int
    last_line: int


def reflow(
    lines: list[Line], *, glyph_loss: bool = False, blank_breaks: bool = True
) -> list[Sentence]:
    """Join physical lines into logical units, then split them into sentences.

    A line continues the previous one unless it starts an item (bullet, number, caption) or
    the previous one ended a sentence. It does continue when the previous one ends with a
    particle or a comma. Otherwise, when blank lines do not separate paragraphs
    (``blank_breaks`` False: 002 puts one after every line, 000 is a brochure), a line
    continues when the previous one is about as long as its neighbours (a wrapped line, not a
    heading or a label).
    """
    rows: list[tuple[int, str]] = []
    indented: list[bool] = []
    after_blank: list[bool] = []
    blank_seen = False
    for line in lines:
        text = _MARKUP.sub("", line.text).rstrip()
        if text.strip():
            rows.append((line.number, text.strip()))
            indented.append(text[:1] in " \t\u3000")
            after_blank.append(blank_seen)
            blank_seen = False
        else:
            blank_seen = True
    units: list[tuple[list[str], list[int]]] = []
    for position, (number, text) in enumerate(rows):
        hard_break = blank_breaks and after_blank[position]
        if units and not hard_break and _continues(rows, position, not blank_breaks):
            chunks, numbers = units[-1]
            # In a glyph-losing PDF, an indented continuation may have lost its first glyph:
            # keep a space so that has_glyph_gap() sees it.
            chunks.append((" " if glyph_loss and indented[position] else "") + text)
            numbers.append(number)
        else:
            units.append(([text], [number]))
    sentences: list[Sentence] = []
    for chunks, numbers in units:
        sentences.extend(_split_unit(chunks, numbers, glyph_loss))
    return sentences


def _continues(rows: list[tuple[int, str]], position: int, by_length: bool) -> bool:
    previous = rows[position - 1][1]
    current = rows[position][1]
    if _ITEM_START.match(current):
        return False
    if previous[-1] in TERMINAL or (previous[-1] in _CLOSERS and previous[-2:-1] in TERMINAL):
        return False
    if previous[-1] in _CONTINUES:
        return True
    if not by_length:  # text whose paragraphs are separated by blank lines wraps rarely
        return False
    window = [len(text) for _, text in rows[position - 1 : position + 2]]
    return len(previous) >= 0.7 * max(window)


def _split_unit(chunks: list[str], numbers: list[int], glyph_loss: bool) -> list[Sentence]:
    # Join the chunks (a space only between two latin/digit characters) and remember, for
    # every character, the physical line it came from.
    text_parts: list[str] = []
    line_of: list[int] = []
    for chunk, number in zip(chunks, numbers, strict=True):
        if text_parts and _needs_space(text_parts[-1][-1], chunk[0]):
            text_parts.append(" ")
            line_of.append(number)
        text_parts.append(chunk)
        line_of.extend([number] * len(chunk))
    joined = "".join(text_parts)
    out: list[Sentence] = []
    for match in _SENTENCE.finditer(joined):
        raw = match.group(0)
        cleaned = clean_inline(raw, glyph_loss=glyph_loss)
        if not cleaned:
            continue
        first = line_of[match.start() + (len(raw) - len(raw.lstrip()))]
        last = line_of[max(match.start(), match.end() - 1 - (len(raw) - len(raw.rstrip())))]
        out.append(Sentence(cleaned, first, last))
    return out


def _needs_space(left: str, right: str) -> bool:
    return left.isascii() and right.isascii() and left.isalnum() and right.isalnum()


def split_sentences(text: str) -> list[str]:
    """Sentences of an already clean text (a passage's ``text``: one unit per line)."""
    out: list[str] = []
    for unit in text.split("\n"):
        out.extend(match.group(0).strip() for match in _SENTENCE.finditer(unit))
    return [sentence for sentence in out if sentence]
