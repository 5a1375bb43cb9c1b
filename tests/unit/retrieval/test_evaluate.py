"""scripts/retrieval-eval on a tiny folder whose metrics were computed by hand."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest

from bot.retrieval.evaluate import main
from bot.retrieval.metrics import evaluate_run, ndcg_at, recall_at

ROOT = Path(__file__).resolve().parents[3]

CORPUS = {
    "d1": "利用料は所得で決まります",
    "d2": "職場適応援助者が会社を訪問します",
    "d3": "猫と犬",
    "d4": "利用料の説明",
}
QUERIES = {
    "q1": "猫",  # ranks [d3]; relevant d3 and d2 (d2 shares nothing with it)
    "q2": "ジョブコーチ",  # synonym of 職場適応援助者: ranks [d2]
    "q3": "利用料と所得",  # ranks [d1, d4, ...]: d1 holds both terms; relevant d4 only
    "q4": "犬",  # not judged: skipped
    "q5": "猫",  # judged, but no relevant document: skipped
}
QRELS = {"q1": {"d3": 1, "d2": 1}, "q2": {"d2": 2}, "q3": {"d4": 1}, "q5": {"d1": 0}}

# By hand, over q1, q2, q3:
#   Recall@1  = (1/2 + 1 + 0) / 3
#   Recall@3  = (1/2 + 1 + 1) / 3 = Recall@10
#   nDCG@10   = (1 / (1 + 1/log2 3)  +  1  +  (1/log2 3) / 1) / 3
#   Hit@1     = (1 + 1 + 0) / 3
LOG3 = math.log2(3)
EXPECTED = {
    "Recall@1": 0.5,
    "Recall@3": 2.5 / 3,
    "Recall@10": 2.5 / 3,
    "nDCG@10": (1 / (1 + 1 / LOG3) + 1 + 1 / LOG3) / 3,
    "Hit@1": 2 / 3,
    "queries": 3,
}


def _fixture(folder: Path) -> Path:
    for name, data in (("corpus", CORPUS), ("queries", QUERIES), ("qrels", QRELS)):
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return folder


def test_metrics_by_hand() -> None:
    assert recall_at(["a", "b"], {"b": 1, "c": 2}, 1) == 0
    assert recall_at(["a", "b"], {"b": 1, "c": 2}, 2) == 0.5
    assert ndcg_at(["b", "a"], {"a": 2, "b": 1}, 10) == pytest.approx(
        (1 + 2 / LOG3) / (2 + 1 / LOG3)
    )
    assert evaluate_run({}, {"q": {"a": 0}})["queries"] == 0


def test_eval_command_prints_hand_computed_metrics(tmp_path: Path) -> None:
    folder = _fixture(tmp_path)
    result = subprocess.run(
        [str(ROOT / "scripts" / "retrieval-eval"), str(folder), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    metrics = json.loads(result.stdout)["metrics"]
    for name, value in EXPECTED.items():
        assert metrics[name] == pytest.approx(value, abs=1e-9), name


def test_eval_command_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(_fixture(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "Recall@1   0.5000" in out
    assert "Recall@3   0.8333" in out
    assert "Recall@10  0.8333" in out
    assert f"nDCG@10    {EXPECTED['nDCG@10']:.4f}" in out


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "corpus.json not found"),
        ({"corpus.json": "{not json", "queries.json": "{}", "qrels.json": "{}"}, "not valid"),
        ({"corpus.json": "{}", "queries.json": '{"q": "x"}', "qrels.json": "{}"}, "non-empty"),
        (
            {
                "corpus.json": '{"d": "x"}',
                "queries.json": '{"q": "x"}',
                "qrels.json": '{"q": {"d": "a"}}',
            },
            "integers",
        ),
        ({"corpus.json": '{"d": 3}', "queries.json": '{"q": "x"}', "qrels.json": "{}"}, "string"),
    ],
)
def test_bad_folders_exit_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], message: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    assert main([str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


def test_split_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _fixture(tmp_path)
    (folder / "splits.json").write_text('{"q2": "dev", "q3": "test"}', "utf-8")
    assert main([str(folder), "--split", "dev", "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)["metrics"]
    assert metrics["queries"] == 1 and metrics["Recall@1"] == 1.0
    assert main([str(folder), "--split", "none"]) == 2
