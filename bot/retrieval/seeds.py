"""Read the five seed files into passages.

- 002 and 004 (the two editions of the support manual) by section and sub-section. In 002 the
  PDF was flattened so that a section's heading (「14．…」) comes at the END of the section's
  first page; ``_heading_after_starts`` finds where each section really begins.
- 000, 001 and 003 (an office brochure, an article, an office page) by paragraph, under the
  nearest heading line.

The seed folder defaults to ``../shared/seeds`` next to the repository and can be set with
``BOT_SEEDS_DIR``; a missing folder or file is an error, never an empty index.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.retrieval.passages import Passage, merge_ranges
from bot.retrieval.reflow import Line, cjk_count, has_glyph_gap, reflow

__all__ = ["SEEDS", "SeedsNotFoundError", "default_seed_dir", "load_seed_passages"]

REPO_ROOT = Path(__file__).resolve().parents[2]


class SeedsNotFoundError(FileNotFoundError):
    """The seed folder or one of the five seed files is missing (or yields no passage)."""


@dataclass(frozen=True)
class SeedSpec:
    number: str
    source: str  # plain name, from the document's own title or first lines
    layout: str  # "manual" or "paragraphs"
    glyph_loss: bool = False  # the PDF lost glyphs: spaces between kanji are kept and flagged
    blank_breaks: bool = True  # a blank line ends a paragraph (False: one after every line)


SEEDS = {
    "000": SeedSpec("000", "みらさぽのご利用ガイド", "paragraphs", blank_breaks=False),
    "001": SeedSpec("001", "CONNECTの記事", "paragraphs"),
    "002": SeedSpec("002", "支援マニュアル", "manual", glyph_loss=True, blank_breaks=False),
    "003": SeedSpec("003", "アクセスジョブの案内", "paragraphs"),
    "004": SeedSpec("004", "計画相談向けの支援マニュアル", "manual"),
}

_HEADING = re.compile(r"^\s*([0-9０-９]{1,2})\s*[．.]\s*(\S.{1,58})$")
_SUBHEADING = re.compile(r"^\s*[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*(\S.{0,40})$")
_CAPTION = re.compile(r"^\s*[＜<]([^＞>]{2,40})[＞>]\s*$")
_PAGE_NUMBER = re.compile(r"^\s*[0-9]{1,3}\s*$")
_TABLE_HEADER = re.compile(r"^\s*安全面\s+業務遂行\s+健康・メンタル面\s*$")
_TABLE_ROW_LABEL = re.compile(r"(障害|不自由|難病|てんかん)$")
_DROP = re.compile(r"Copyright|All Rights Reserved|・・・・|^\s*<目次>\s*$")
_PARAGRAPH_CHUNK = 320  # characters: paragraphs under one heading are grouped up to this size


def default_seed_dir() -> Path:
    configured = os.environ.get("BOT_SEEDS_DIR")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "seeds"


def load_seed_passages(seed_dir: str | os.PathLike[str] | None = None) -> list[Passage]:
    """All passages of the five seeds, in file order. Raises ``SeedsNotFoundError``."""
    folder = Path(seed_dir) if seed_dir is not None else default_seed_dir()
    if not folder.is_dir():
        raise SeedsNotFoundError(
            f"Seed folder {folder} not found: set BOT_SEEDS_DIR or pass the folder that "
            "holds 000_…txt to 004_…txt."
        )
    passages: list[Passage] = []
    for number, spec in SEEDS.items():
        matches = sorted(folder.glob(f"{number}_*.txt"))
        if len(matches) != 1:
            raise SeedsNotFoundError(f"Expected one seed file {number}_*.txt in {folder}.")
        path = matches[0]
        raw = path.read_text(encoding="utf-8").split("\n")
        found = parse_seed(path.name, raw, spec)
        if not found:
            raise SeedsNotFoundError(f"{path} yielded no passage: is it the right file?")
        passages.extend(found)
    return passages


def parse_seed(name: str, raw_lines: list[str], spec: SeedSpec) -> list[Passage]:
    lines = [Line(index + 1, text.replace("\t", " ")) for index, text in enumerate(raw_lines)]
    # Page layout is read before artefacts are dropped: a footer line still marks a page end.
    layout = _join_vertical_text(lines)
    lines = _join_vertical_text(_drop_artefacts(lines))
    if spec.layout == "manual":
        return _manual_passages(name, lines, layout, spec)
    return _paragraph_passages(name, lines, spec)


def _drop_artefacts(lines: list[Line]) -> list[Line]:
    """Blank out copyright footers, tables of contents and bare page numbers."""
    out: list[Line] = []
    for index, line in enumerate(lines):
        text = line.text
        before = lines[index - 1].text.strip() if index else ""
        after = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
        page_number = bool(_PAGE_NUMBER.match(text)) and not before and not after
        out.append(Line(line.number, "") if _DROP.search(text) or page_number else line)
    return out


def _join_vertical_text(lines: list[Line]) -> list[Line]:
    """Vertical labels come one character per line (「視」「覚」「障」「害」): join the run onto
    its first line and blank the others."""
    out = list(lines)
    index = 0
    while index < len(out):
        end = index
        while end < len(out) and len(out[end].text.strip()) == 1:
            end += 1
        if end - index >= 2:
            word = "".join(line.text.strip() for line in out[index:end])
            out[index] = Line(out[index].number, word)
            for position in range(index + 1, end):
                out[position] = Line(out[position].number, "")
            index = end
        else:
            index += 1
    return out


def _is_prose(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) >= 25 and cjk_count(stripped) >= 10


def _find_headings(lines: list[Line]) -> list[tuple[int, int, str]]:
    """(index into lines, section number, title) for 「1．…」 … 「35．…」, in sequence."""
    found: list[tuple[int, int, str]] = []
    expected = 1
    for index, line in enumerate(lines):
        match = _HEADING.match(line.text)
        if not match or "。" in line.text:
            continue
        number = int(match.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
        if number == expected:
            found.append((index, number, match.group(2).strip()))
            expected += 1
    return found


def _blank_run_before(lines: list[Line], index: int) -> int:
    run = 0
    while index - run - 1 >= 0 and not lines[index - run - 1].text.strip():
        run += 1
    return run


def _page_start_kind(lines: list[Line], index: int, heading_rows: set[int]) -> str:
    """'strong' when a new PDF page evidently starts at ``lines[index]``, 'weak' for a table
    that starts a page only when a page is needed, '' otherwise."""
    text = lines[index].text
    if not text.strip():
        return ""
    if index == 0 or index - 1 in heading_rows:
        return "strong"
    first_subsection = bool(_SUBHEADING.match(text)) and _SUBHEADING.match(text).group(1) in "1１"  # type: ignore[union-attr]
    indented_after_text = text[:1] in " \u3000" and bool(lines[index - 1].text.strip())
    long_blank_run = _blank_run_before(lines, index) >= 5
    if (indented_after_text or long_blank_run) and (_is_prose(text) or first_subsection):
        return "strong"
    if long_blank_run and _TABLE_HEADER.match(text):
        return "weak"
    return ""


def _heading_after_starts(lines: list[Line], headings: list[tuple[int, int, str]]) -> list[int]:
    """First line index of each section when the heading closes the section's first page.

    The text between two headings holds the previous section's later pages and then the next
    section's first page; that page starts at the last page start before the heading. When
    two headings follow each other with no page start between them, the pages before the
    first heading are shared out, one per heading (taking weak starts if needed).
    """
    heading_rows = {row for row, _, _ in headings}
    groups: list[list[int]] = []  # positions in ``headings``
    windows: list[tuple[int, int]] = []
    previous = -1
    for position, (row, _, _) in enumerate(headings):
        has_start = any(
            _page_start_kind(lines, index, heading_rows) == "strong"
            for index in range(previous + 1, row)
        )
        if has_start or not groups:
            groups.append([position])
            windows.append((previous + 1, row))
        else:
            groups[-1].append(position)
        previous = row
    starts = [0] * len(headings)
    for group, (low, high) in zip(groups, windows, strict=True):
        kinds = [
            (index, _page_start_kind(lines, index, heading_rows)) for index in range(low, high)
        ]
        strong = [index for index, kind in kinds if kind == "strong"]
        weak = [index for index, kind in kinds if kind == "weak"]
        chosen = strong[-len(group) :]
        if len(chosen) < len(group):
            extra = [index for index in weak if index > (chosen[-1] if chosen else -1)]
            chosen = sorted(chosen + extra[-(len(group) - len(chosen)) :])
        while len(chosen) < len(group):  # not enough pages: the last ones start after it
            chosen.append(headings[group[-1]][0] + 1)
        for position, start in zip(group, chosen, strict=True):
            starts[position] = start
    return starts


def _manual_passages(
    name: str, lines: list[Line], layout: list[Line], spec: SeedSpec
) -> list[Passage]:
    headings = _find_headings(lines)
    if not headings:
        return []
    heading_rows = {row for row, _, _ in headings}
    first_row = headings[0][0]
    preamble = sum(len(line.text.strip()) for line in lines[:first_row])
    heading_after = preamble >= 200
    if heading_after:
        starts = _heading_after_starts(layout, headings)
    else:
        starts = [row + 1 for row, _, _ in headings]
    blank = {line.number for line in lines if not line.text.strip()}
    blank |= {lines[row].number for row in heading_rows}
    passages: list[Passage] = []
    if not heading_after and first_row > 0:  # 004: the title page before section 1
        rows = [line for line in lines[:first_row] if line.text.strip()]
        passages.extend(
            _parts_to_passages(name, spec, 0, spec.source, [(spec.source, rows)], blank)
        )
    for position, (_, number, title) in enumerate(headings):
        end = starts[position + 1] if position + 1 < len(headings) else len(lines)
        body = [
            line
            for index, line in enumerate(lines[starts[position] : end], start=starts[position])
            if index not in heading_rows
        ]
        parts = _split_section(title, body)
        passages.extend(_parts_to_passages(name, spec, number, title, parts, blank))
    return passages


def _split_section(title: str, body: list[Line]) -> list[tuple[str, list[Line]]]:
    """Sub-sections 「（２）…」, captions 「＜就職前＞」 and table rows 「聴覚障害」 of one section.

    Returns (title, lines) per part; the section's own text (before the first sub-section and
    after a table) is the part titled with the section title.
    """
    parts: dict[str, list[Line]] = {title: []}
    current = title
    sub_title = title
    in_table_row = False
    for index, line in enumerate(body):
        text = line.text.strip()
        if not text:
            continue
        following = next((later.text for later in body[index + 1 :] if later.text.strip()), "")
        sub = _SUBHEADING.match(text)
        caption = _CAPTION.match(text)
        if sub and "。" not in text:
            sub_title = sub.group(2).strip()
            if len(text) >= 30 and 0 < len(following.strip()) < 20 and not _is_prose(following):
                sub_title += following.strip()  # a long heading wrapped onto the next line
            sub_title = current = sub_title
            in_table_row = False
        elif caption and _is_prose(following):
            label = caption.group(1).strip()
            current = f"{title}（{label}）" if not has_glyph_gap(label) else title
            in_table_row = False
        elif _TABLE_ROW_LABEL.search(text) and len(text) <= 8:
            current = f"{title}（{text}）"
            in_table_row = True
            continue
        elif in_table_row and _is_prose(text) and len(text) >= 30 and not text.startswith("・"):
            current = sub_title  # the prose after a table belongs to the (sub-)section again
            in_table_row = False
        parts.setdefault(current, []).append(line)
    return list(parts.items())


def _parts_to_passages(
    name: str,
    spec: SeedSpec,
    number: int,
    section: str,
    parts: Iterable[tuple[str, list[Line]]],
    blank: set[int],
) -> list[Passage]:
    out: list[Passage] = []
    for part_index, (title, rows) in enumerate(parts):
        sentences = reflow(rows, glyph_loss=spec.glyph_loss, blank_breaks=spec.blank_breaks)
        text = "\n".join(sentence.text for sentence in sentences)
        if cjk_count(text) < 10:
            continue
        out.append(
            Passage(
                id=f"{spec.number}-{number:02d}-{part_index}",
                seed=name,
                lines=merge_ranges([row.number for row in rows], blank),
                title=_plain_title(title),
                section=_plain_title(section),
                text=text,
                source=spec.source,
            )
        )
    return out


def _plain_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip(" 　")


def _is_heading_line(sentence: str, brochure: bool) -> bool:
    """A short line that names what follows: no sentence end, no comma, not a list item. In
    the brochure (000), whose text boxes break anywhere, a line ending in hiragana is a
    fragment of a sentence, not a heading (except 「…とは」)."""
    fragment = "\u3041" <= sentence[-1] <= "\u309f" and not sentence.endswith("とは")
    return (
        4 <= len(sentence) <= 30
        and sentence[-1] not in "。！？!?、・"
        and "、" not in sentence
        and not re.match(r"^[・\-•0-9０-９]", sentence)
        and not (brochure and fragment)
    )


def _paragraph_passages(name: str, lines: list[Line], spec: SeedSpec) -> list[Passage]:
    """Paragraphs grouped under the nearest heading line, up to ~320 characters a passage."""
    blank = {line.number for line in lines if not line.text.strip()}
    sentences = reflow(lines, glyph_loss=spec.glyph_loss, blank_breaks=spec.blank_breaks)
    out: list[Passage] = []
    title = ""
    chunk: list[tuple[str, int, int]] = []

    def flush() -> None:
        text = "\n".join(sentence for sentence, _, _ in chunk)
        if cjk_count(text) >= 10:
            numbers = [n for _, first, last in chunk for n in range(first, last + 1)]
            out.append(
                Passage(
                    id=f"{spec.number}-L{chunk[0][1]:04d}",
                    seed=name,
                    lines=merge_ranges(numbers, blank),
                    title=title,
                    section=title,
                    text=text,
                    source=spec.source,
                )
            )
        chunk.clear()

    for position, sentence in enumerate(sentences):
        text = sentence.text
        question = re.match(r"^Q\s+(?!&)(.+)$", text)
        following = sentences[position + 1].text if position + 1 < len(sentences) else ""
        brochure = not spec.blank_breaks
        heading = _is_heading_line(text, brochure)
        if question or (heading and not _is_heading_line(following or "。", brochure)):
            if chunk:
                flush()
            title = _plain_title(question.group(1) if question else text)
            continue
        if chunk and sum(len(s) for s, _, _ in chunk) + len(text) > _PARAGRAPH_CHUNK:
            flush()
        chunk.append((re.sub(r"^A\s+", "", text), sentence.first_line, sentence.last_line))
    if chunk:
        flush()
    return out
