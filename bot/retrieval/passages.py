"""Passages: the unit the retrieval engine indexes and the grounded answers quote from."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Passage", "merge_ranges"]


@dataclass(frozen=True)
class Passage:
    """A piece of one seed file.

    ``id`` is stable while the seed file does not change (seed number, section number and part
    for the manuals, first line for the others). ``lines`` are 1-based inclusive ranges in the
    original file. ``title`` names the passage in plain words (its heading); ``section`` is the
    enclosing section heading (equal to ``title`` when the passage is a whole section). ``text``
    holds one cleaned sentence or list item per line. ``source`` names the document in plain
    words, e.g. 「支援マニュアル」.
    """

    id: str
    seed: str
    lines: tuple[tuple[int, int], ...]
    title: str
    section: str
    text: str
    source: str

    @property
    def sentences(self) -> list[str]:
        return [line for line in self.text.split("\n") if line]

    def citation(self) -> str:
        """Where an answer comes from, in plain words: 「支援マニュアルの『…』より」."""
        if self.title:
            return f"{self.source}の『{self.title}』より"
        return f"{self.source}より"


def merge_ranges(numbers: list[int], blank: set[int]) -> tuple[tuple[int, int], ...]:
    """Contiguous 1-based ranges covering ``numbers``; gaps made only of ``blank`` lines
    (blank or dropped lines) do not split a range."""
    ranges: list[list[int]] = []
    for number in sorted(set(numbers)):
        if ranges and all(gap in blank for gap in range(ranges[-1][1] + 1, number)):
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return tuple((first, last) for first, last in ranges)
