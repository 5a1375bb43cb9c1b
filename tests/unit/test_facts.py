"""facts.yml, the traceability of every claim: it covers every response and points somewhere real.

- every response in domain.yml either is named by a claim or is listed as stating no fact;
- every response and flow-text constant a claim names exists;
- every *_JA constant of the flow-text modules, and every text of the resource map conversation
  (bot/resource_map/texts.py), is named by a claim or listed as stating no fact; every step of
  the walkthrough and every kind of contact the resource map suggests is named by a claim;
- every quote occurs in its seed at the line given (compared after NFKC and without whitespace,
  so the PDF's line breaks and full-width digits do not matter), or in its FACTS.md section.
"""

from __future__ import annotations

import ast
import importlib
import re
import unicodedata
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import bot.dates.dialogue
import bot.dates.leave
import bot.dates.rules
import bot.dates.texts
import bot.eligibility
import bot.resource_map.texts
from bot.resource_map.suggestions import SUGGESTIONS
from bot.walkthrough import STEPS

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
FACTS = yaml.safe_load((ROOT / "facts.yml").read_text(encoding="utf-8"))
CLAIMS: list[dict[str, Any]] = FACTS["claims"]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = set(DOMAIN["responses"])
FLOW_MODULES = (
    bot.dates.rules,
    bot.dates.texts,
    bot.dates.dialogue,
    bot.dates.leave,
    bot.eligibility,
)
# Modules whose every upper-case str constant is a user text (whatever its name).
TEXT_MODULES = (bot.resource_map.texts,)
# A quote starts on the line given and may run on over the next WINDOW lines (002 has a blank
# line between two lines of text, and a PDF line break anywhere).
WINDOW = 16

needs_shared = pytest.mark.skipif(
    not (SHARED / "FACTS.md").exists(), reason="../shared is not beside the repo"
)


def squeeze(text: str) -> str:
    """NFKC without any whitespace: the form quotes and sources are compared in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def claimed_responses() -> set[str]:
    return {name for claim in CLAIMS for name in claim.get("responses") or []}


def claimed_constants() -> set[str]:
    return {name for claim in CLAIMS for name in claim.get("constants") or []}


def resolve(path: str) -> object:
    """bot.dates.texts.RENEWAL_NOTE_JA, bot.walkthrough.STEPS[9] or
    bot.resource_map.suggestions.SUGGESTIONS[home_helper] (the item whose `key` it is) → the
    object it names."""
    match = re.fullmatch(r"([\w.]+?)(?:\[(\w+)\])?", path)
    assert match, f"not a dotted path: {path}"
    dotted, index = match.groups()
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            found = getattr(found, attr)
        if index is not None and index.isdigit():
            found = found[int(index)]  # type: ignore[index]
        elif index is not None:
            found = next(item for item in found if item.key == index)  # type: ignore[attr-defined]
        return found
    raise AssertionError(f"no module in {path}")


@cache
def seed_lines(seed: str) -> list[str]:
    [path] = sorted((SHARED / "seeds").glob(f"{seed}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


def quote_start_line(seed: str, line: int, quote: str) -> int | None:
    """The 1-based line where `quote` starts, searching from `line`; None if not there."""
    lines = seed_lines(seed)
    first = max(line - 1, 0)
    window = lines[first : first + WINDOW]
    offsets: list[int] = []  # squeezed character → line index in window
    text = ""
    for i, raw in enumerate(window):
        piece = squeeze(raw)
        text += piece
        offsets += [i] * len(piece)
    at = text.find(squeeze(quote))
    return None if at < 0 else first + offsets[at] + 1


def facts_section(name: str) -> str:
    text = (SHARED / "FACTS.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(name)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"FACTS.md has no section 「## {name}」"
    return match.group(1)


# --- the file's shape ------------------------------------------------------------------------


def test_claims_have_an_id_a_claim_a_maker_and_a_source() -> None:
    ids = [claim["id"] for claim in CLAIMS]
    assert len(ids) == len(set(ids)), "duplicate claim ids"
    for claim in CLAIMS:
        assert set(claim) <= {"id", "claim", "responses", "constants", "sources"}, claim["id"]
        assert str(claim["claim"]).strip(), claim["id"]
        assert claim.get("responses") or claim.get("constants"), f"{claim['id']} is made by nothing"
        assert claim.get("sources"), f"{claim['id']} has no source"


# --- responses -----------------------------------------------------------------------------------


def test_every_response_that_states_a_fact_has_a_claim() -> None:
    silent = set(FACTS["no_fact_responses"])
    unclassified = RESPONSES - silent - claimed_responses()
    assert not unclassified, (
        f"add these to facts.yml (a claim, or no_fact_responses): {sorted(unclassified)}"
    )
    assert not silent & claimed_responses(), "a response cannot both state no fact and make a claim"


def test_every_response_named_exists() -> None:
    named = claimed_responses() | set(FACTS["no_fact_responses"])
    assert named <= RESPONSES, sorted(named - RESPONSES)


def test_no_fact_responses_have_a_reason() -> None:
    for name, reason in FACTS["no_fact_responses"].items():
        assert str(reason).strip(), name


def test_every_faq_answer_makes_a_claim() -> None:
    faq = {name for name in RESPONSES if name.startswith("utter_faq_")}
    assert faq <= claimed_responses(), sorted(faq - claimed_responses())


# --- flow texts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(claimed_constants() | set(FACTS["no_fact_constants"])))
def test_every_constant_named_exists(path: str) -> None:
    assert resolve(path) is not None


def defined_names(module: ModuleType) -> set[str]:
    """Names a module assigns at top level (not the ones it imports)."""
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def flow_text_constants() -> set[str]:
    """Every module-level *_JA text the flow-text modules define, and every upper-case str
    constant of the text modules, as a dotted path."""
    return {
        f"{module.__name__}.{name}"
        for module in FLOW_MODULES
        for name in defined_names(module)
        if re.fullmatch(r"_?[A-Z][A-Z0-9_]*_JA", name)
    } | {
        f"{module.__name__}.{name}"
        for module in TEXT_MODULES
        for name in defined_names(module)
        if name.isupper() and isinstance(getattr(module, name), str)
    }


def test_every_flow_text_constant_is_classified() -> None:
    classified = claimed_constants() | set(FACTS["no_fact_constants"])
    missing = flow_text_constants() - classified
    assert not missing, f"add these to facts.yml: {sorted(missing)}"
    assert not set(FACTS["no_fact_constants"]) & claimed_constants()
    assert "bot.resource_map.texts.MAP_EXPLANATION" in flow_text_constants()


def test_every_walkthrough_step_makes_a_claim() -> None:
    named = {int(m.group(1)) for p in claimed_constants() if (m := re.search(r"STEPS\[(\d+)\]", p))}
    assert named == set(range(len(STEPS)))


def test_every_suggestion_of_the_resource_map_makes_a_claim() -> None:
    # its about line says what one can consult about; the claim names the passage (C14, B5)
    named = {
        m.group(1) for p in claimed_constants() if (m := re.search(r"SUGGESTIONS\[(\w+)\]", p))
    }
    assert named == {suggestion.key for suggestion in SUGGESTIONS}


# --- sources -------------------------------------------------------------------------------------


def seed_sources() -> list[tuple[str, dict[str, Any]]]:
    return [
        (claim["id"], source) for claim in CLAIMS for source in claim["sources"] if "seed" in source
    ]


def facts_sources() -> list[tuple[str, dict[str, Any]]]:
    return [
        (claim["id"], source)
        for claim in CLAIMS
        for source in claim["sources"]
        if "facts" in source
    ]


def test_every_source_is_a_seed_or_a_facts_section() -> None:
    for claim in CLAIMS:
        for source in claim["sources"]:
            assert set(source) in ({"seed", "line", "quote"}, {"facts", "quote"}), (
                claim["id"],
                source,
            )
            assert 4 <= len(squeeze(source["quote"])) <= 200, (claim["id"], "keep quotes short")


@needs_shared
@pytest.mark.parametrize(
    ("claim_id", "source"),
    [pytest.param(c, s, id=f"{c}-{s['seed']}:{s['line']}") for c, s in seed_sources()],
)
def test_every_seed_quote_is_in_the_seed_at_its_line(claim_id: str, source: dict[str, Any]) -> None:
    seed, line, quote = str(source["seed"]), int(source["line"]), source["quote"]
    whole = squeeze("\n".join(seed_lines(seed)))
    assert squeeze(quote) in whole, f"{claim_id}: 「{quote}」 is not in seed {seed}"
    start = quote_start_line(seed, line, quote)
    assert start is not None, f"{claim_id}: 「{quote}」 does not follow line {line} of {seed}"
    assert start == line, f"{claim_id}: the quote starts at {seed}:{start}, not {line}"


@needs_shared
@pytest.mark.parametrize(
    ("claim_id", "source"),
    [pytest.param(c, s, id=f"{c}-{s['facts']}") for c, s in facts_sources()],
)
def test_every_facts_quote_is_in_its_section(claim_id: str, source: dict[str, Any]) -> None:
    section = facts_section(str(source["facts"]))
    assert squeeze(source["quote"]) in squeeze(section), f"{claim_id}: 「{source['quote']}」"


# --- the checker itself ----------------------------------------------------------------------------


@needs_shared
def test_a_quote_at_the_wrong_line_or_not_in_the_seed_is_caught() -> None:
    # 003:114 holds 「就職後7ヶ月目から就職後3年6ヶ月まで」
    assert quote_start_line("003", 114, "就職後7ヶ月目から就職後3年6ヶ月まで") == 114
    assert quote_start_line("003", 60, "就職後7ヶ月目から就職後3年6ヶ月まで") is None
    assert quote_start_line("003", 114, "就職後7ヶ月目から就職後5年まで") is None
    # PDF line breaks and full-width digits: 002:62–64 splits the passage over two lines
    assert (
        quote_start_line("002", 60, "就労移行支援事業所は就職後6カ月の定着支援が義務となっており")
        == 62
    )


def test_resolve_finds_constants_steps_and_functions() -> None:
    assert resolve("bot.dates.texts.RENEWAL_NOTE_JA") is bot.dates.texts.RENEWAL_NOTE_JA
    assert resolve("bot.walkthrough.STEPS[9]") is STEPS[9]
    assert resolve("bot.eligibility.check_eligibility") is bot.eligibility.check_eligibility
    helper = resolve("bot.resource_map.suggestions.SUGGESTIONS[home_helper]")
    assert helper is next(s for s in SUGGESTIONS if s.key == "home_helper")
    with pytest.raises(AttributeError):
        resolve("bot.eligibility.NO_SUCH_TEXT_JA")
    with pytest.raises(StopIteration):
        resolve("bot.resource_map.suggestions.SUGGESTIONS[no_such_key]")
