"""Domain consistency and the 'never invent a figure' rule, checked on the files themselves."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DOMAIN_TEXT = (ROOT / "domain.yml").read_text(encoding="utf-8")
DOMAIN = yaml.safe_load(DOMAIN_TEXT)
FAQ_INTENTS = [i for i in DOMAIN["intents"] if i.startswith("faq_")]


def response_texts(name: str) -> list[str]:
    """The text of each variant and its やさしい日本語 version (custom.easy_ja), if any."""
    texts = []
    for variant in DOMAIN["responses"][name]:
        texts.append(variant["text"])
        easy = (variant.get("custom") or {}).get("easy_ja")
        if easy:
            texts.append(easy)
    return texts


EASY_RESPONSES = [
    name
    for name, variants in DOMAIN["responses"].items()
    if any((v.get("custom") or {}).get("easy_ja") for v in variants)
]


def test_the_core_faqs_have_an_easy_japanese_version() -> None:
    assert {"utter_faq_cost", "utter_faq_duration", "utter_faq_eligibility"} <= set(EASY_RESPONSES)


@pytest.mark.parametrize("response", EASY_RESPONSES)
def test_easy_japanese_keeps_every_figure_of_the_answer(response: str) -> None:
    variant = DOMAIN["responses"][response][0]
    plain = set(re.findall(r"\d+", unicodedata.normalize("NFKC", variant["text"])))
    easy = set(re.findall(r"\d+", unicodedata.normalize("NFKC", variant["custom"]["easy_ja"])))
    # the easy version may leave details out, but never adds a figure the answer does not have
    assert easy <= plain, easy - plain


def sources_text() -> str:
    parts = [(SHARED / "FACTS.md").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    return unicodedata.normalize("NFKC", "\n".join(parts)).replace(",", "")


# Issue 13 adds hand-written answers for the manual's most-asked topics, one intent per kind
# of disability (the 18 FAQs of the first issue stay).
MANUAL_TOPIC_FAQS = {
    "faq_change_job",
    "faq_support_report",
    "faq_support_plan",
    "faq_employer",
    "faq_natural_support",
    "faq_checklists",
    "faq_doctor",
    "faq_support_centres",
    "faq_extended_hours",
    "faq_self_employment",
    "faq_disability_support",
    *(
        f"faq_disability_{kind}"
        for kind in (
            "visual hearing physical internal intellectual developmental higher_brain "
            "nanbyo mental epilepsy"
        ).split()
    ),
}


def test_there_are_the_faqs_the_issue_asks_for() -> None:
    assert len(FAQ_INTENTS) == 18 + len(MANUAL_TOPIC_FAQS)
    assert MANUAL_TOPIC_FAQS <= set(FAQ_INTENTS)


@pytest.mark.parametrize("intent", FAQ_INTENTS)
def test_every_faq_has_an_answer_and_a_rule(intent: str) -> None:
    assert f"utter_{intent}" in DOMAIN["responses"]
    rules = yaml.safe_load((ROOT / "data" / "rules" / "faq.yml").read_text(encoding="utf-8"))
    steps = [r["steps"] for r in rules["rules"]]
    assert [{"intent": intent}, {"action": f"utter_{intent}"}] in steps


@pytest.mark.parametrize("response", [r for r in DOMAIN["responses"] if r.startswith("utter_faq_")])
def test_every_faq_answer_names_its_source_beside_it(response: str) -> None:
    lines = DOMAIN_TEXT.splitlines()
    index = lines.index(f"  {response}:")
    comment = lines[index - 1]
    assert comment.strip().startswith("#"), f"{response} has no source comment above it"
    assert re.search(r"FACTS\.md|\b00[0-4]\b", comment), comment


@pytest.mark.skipif(not (SHARED / "FACTS.md").exists(), reason="../shared is not beside the repo")
@pytest.mark.parametrize("response", sorted(DOMAIN["responses"]))
def test_every_figure_in_an_answer_appears_in_the_sources(response: str) -> None:
    sources = sources_text()
    for text in response_texts(response):
        for figure in re.findall(r"\d[\d,]*", unicodedata.normalize("NFKC", text)):
            assert figure.replace(",", "") in sources, f"{response}: {figure} is not in the sources"


@pytest.mark.parametrize("response", sorted(DOMAIN["responses"]))
def test_answers_are_short_polite_japanese(response: str) -> None:
    for text in response_texts(response):
        for sentence in re.split(r"(?<=[。？])|\n", text):
            sentence = sentence.strip()
            # list items and headings are fragments; full sentences stay readable
            if not sentence or sentence.startswith(("・", "1.", "2.", "3.", "4.")):
                continue
            assert len(sentence) <= 60, f"{response}: too long: {sentence}"


def test_generated_interruption_rules_are_current() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_flow_rules.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("form", sorted(DOMAIN["forms"]))
def test_every_form_can_be_stopped_and_has_an_ending(form: str) -> None:
    rules = [
        rule
        for path in sorted((ROOT / "data" / "rules").glob("*.yml"))
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    ]
    conditioned = [r for r in rules if {"active_loop": form} in r.get("condition", [])]
    intents = [r["steps"][0].get("intent") for r in conditioned]
    assert "stop" in intents
    assert any(r["steps"][0] == {"action": form} for r in conditioned)
