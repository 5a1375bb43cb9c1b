"""Seed passages: known headings land in the right passage with the right line range."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.retrieval.passages import Passage
from bot.retrieval.reflow import Line, clean_inline, has_glyph_gap, reflow
from bot.retrieval.seeds import SeedsNotFoundError, default_seed_dir, load_seed_passages


@pytest.fixture(scope="module")
def passages() -> dict[str, Passage]:
    return {passage.id: passage for passage in load_seed_passages()}


# 002: the heading 「N．…」 comes AFTER the first page of its section; the passage must start
# where that page starts, not at the heading line. (id, title, first range, a phrase it holds)
SECTIONS_002 = [
    ("002-01-0", "広義の就労定着支援と狭義の就労定着支援", (1, 19), "広義の就労定着支援として"),
    ("002-04-0", "国内の就労定着支援事業所と利用者の現状", (433, 496), "1,809事業所"),
    ("002-06-0", "就労定着支援の役割と機能", (632, 646), "３つの領域"),
    ("002-07-0", "職業人として自立を目指すための支援", (654, 679), "有為な職業人"),
    ("002-12-0", "定着ステージを考慮した就業面の支援", (842, 848), "複数のステージ"),
    ("002-13-0", "職業人として働く場面で大切な力", (851, 946), "エンプロイアビリティ"),
    ("002-19-0", "定着状況のアセスメントの重要性", (1402, 1406), "定着状況のアセスメントは"),
    ("002-21-0", "安定した就労と生活のためのチェックリスト", (1603, 1609), "retentionforall"),
    ("002-25-0", "発達障害の特性による生じやすい課題と配慮の視点", (2101, 2107), "ASD"),
    ("002-27-0", "難病よる生じやすい課題と配慮の視点", (2326, 2340), "指定難病"),
    ("002-32-0", "就労定着支援サービス終了を見越した情報の整理", (2826, 2891), "リソースマップ"),
    ("002-33-0", "障害者就業・生活支援センターとの連携", (2910, 2954), "障害者雇用促進法"),
]
# Sub-sections, captions and table rows (title, first line).
PARTS = [
    ("002-03-7", "労働時間延長支援型", 335, "週 10～20 時間"),
    ("002-03-8", "復職支援型", 356, "復職した日を１日目"),
    ("002-14-3", "支援レポート", 1011, "支援レポートは"),
    ("002-16-2", "障害者職業生活相談員との連携", 1222, "５人以上"),
    ("002-23-2", "身体障害の特性による生じやすい課題と配慮の視点（聴覚障害）", 1801, "筆談"),
    (
        "002-28-1",
        "精神障害(精神障害・てんかん）の特性による生じやすい課題と配慮の視点（精神障害）",
        2400,
        "受診同行",
    ),
    (
        "002-28-2",
        "精神障害(精神障害・てんかん）の特性による生じやすい課題と配慮の視点（てんかん）",
        2466,
        "発作",
    ),
    (
        "002-35-2",
        "事例２：企業との連携：就労定着支援事業所が中心となり企業同士の学びあいのネットワークを形成する",
        3017,
        "学び合い",
    ),
    ("004-05-3", "労働時間延長支援型", 105, "若林"),
    ("004-10-0", "サービス終了を見越した支援", 266, "3年6カ月"),
    ("001-L0029", "利用料金", 29, "原則1割負担"),
    ("003-L0114", "ご利用期間", 114, "最長3年間"),
    ("000-L0003", "費用が知りたいです。", 3, "１割"),
]


@pytest.mark.parametrize(("passage_id", "title", "first_range", "phrase"), SECTIONS_002)
def test_002_section_starts_before_its_heading(
    passages: dict[str, Passage],
    passage_id: str,
    title: str,
    first_range: tuple[int, int],
    phrase: str,
) -> None:
    passage = passages[passage_id]
    assert passage.title == title
    assert passage.section == title
    assert passage.lines[0] == first_range
    assert phrase in passage.text


@pytest.mark.parametrize(("passage_id", "title", "first_line", "phrase"), PARTS)
def test_parts(
    passages: dict[str, Passage], passage_id: str, title: str, first_line: int, phrase: str
) -> None:
    passage = passages[passage_id]
    assert passage.title == title
    assert passage.lines[0][0] == first_line
    assert phrase in passage.text


def test_every_seed_is_split_and_ids_are_unique() -> None:
    passages = load_seed_passages()
    assert len({p.id for p in passages}) == len(passages)
    counts = {
        number: sum(p.seed.startswith(number) for p in passages)
        for number in ("000", "001", "002", "003", "004")
    }
    assert counts["002"] >= 70 and counts["004"] >= 20 and min(counts.values()) >= 10, counts
    for passage in passages:
        assert passage.text and passage.lines and passage.source
        assert all(first <= last for first, last in passage.lines)


def test_passage_text_is_the_seed_modulo_whitespace() -> None:
    """Cleaning only moves whitespace and drops markup: every passage sentence occurs in the
    original lines of its ranges once whitespace is removed (and 002's section headings, which
    sit inside a section that runs across pages, are skipped)."""
    folder = default_seed_dir()
    passages = load_seed_passages()
    sections = {passage.section for passage in passages}

    def is_heading(line: str) -> bool:
        match = re.match(r"^\s*[0-9０-９]{1,2}\s*[．.]\s*(.+)$", line)
        return bool(match) and match.group(1).strip() in sections

    for passage in passages:
        raw = (folder / passage.seed).read_text(encoding="utf-8").split("\n")
        original = "".join(
            raw[n - 1]
            for first, last in passage.lines
            for n in range(first, last + 1)
            if not is_heading(raw[n - 1])
        )
        original = re.sub(r"\s+|</?mark>|\*\*", "", original)
        for sentence in passage.sentences:
            bare = re.sub(r"^A\s+", "", sentence)  # the brochure's 「A 」 answer marker
            assert re.sub(r"\s+", "", bare) in original, (passage.id, sentence)


def test_artefacts_are_cleaned(passages: dict[str, Passage]) -> None:
    text = "\n".join(p.text for p in passages.values())
    assert "Copyright" not in text and "・・・・" not in text and "<mark>" not in text
    # vertical labels are joined, line breaks inside a sentence are gone
    assert "聴覚障害" in passages["002-23-2"].title
    assert (
        "本マニュアルでは、便宜上、就労定着支援事業所を除く就労系障害福祉サービス事業所、障害者就業・生活支援センター"
        in passages["002-01-0"].text
    )
    # 004's wrap spaces between kanji are removed
    assert "就職後のフォロー" in passages["004-01-0"].text


def test_missing_seeds_fail_loudly(tmp_path: Path) -> None:
    with pytest.raises(SeedsNotFoundError, match="not found"):
        load_seed_passages(tmp_path / "absent")
    with pytest.raises(SeedsNotFoundError, match="000_"):
        load_seed_passages(tmp_path)
    for name in ("000_a.txt", "001_a.txt", "002_a.txt", "003_a.txt", "004_a.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    with pytest.raises(SeedsNotFoundError, match="no passage"):
        load_seed_passages(tmp_path)


def test_seed_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BOT_SEEDS_DIR", str(tmp_path))
    assert default_seed_dir() == tmp_path


@pytest.mark.parametrize(
    ("lines", "glyph_loss", "expected"),
    [
        # a sentence broken over PDF lines (002 style: blank line after each) is joined
        (
            ["支援を行うことが大切で", "", "す。次の文です。"],
            True,
            ["支援を行うことが大切です。", "次の文です。"],
        ),
        # a bullet starts a new item even after an unfinished line
        (
            ["・安全に通勤できる時間か(通勤", "ラッシュ後の帰宅)", "・次の項目"],
            True,
            ["・安全に通勤できる時間か(通勤ラッシュ後の帰宅)", "・次の項目"],
        ),
        # a short heading is not glued onto the long line after it
        (
            ["（１） 制度の仕組み", "就労定着支援に関わる制度は、以下の図のようになっています。"],
            True,
            ["（１） 制度の仕組み", "就労定着支援に関わる制度は、以下の図のようになっています。"],
        ),
    ],
)
def test_reflow(lines: list[str], glyph_loss: bool, expected: list[str]) -> None:
    rows = [Line(number, text) for number, text in enumerate(lines, start=1)]
    assert [s.text for s in reflow(rows, glyph_loss=glyph_loss, blank_breaks=False)] == expected


def test_spaces_between_kanji() -> None:
    assert clean_inline("就 職後のフォロー") == "就職後のフォロー"  # a wrap artefact
    kept = clean_inline("地域の 会福祉協議会", glyph_loss=True)  # a lost glyph (社)
    assert kept == "地域の 会福祉協議会" and has_glyph_gap(kept)
    assert not has_glyph_gap("令和６年３月 29日付")
