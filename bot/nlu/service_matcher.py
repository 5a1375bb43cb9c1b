"""Service names and "not used / not working" in typed answers, with spaCy's Matcher.

A candidate job for spaCy (issue 13): the eligibility check reads typed answers with keyword
lists (``bot.eligibility.read_prior_service`` / ``read_employment``). These readers match the
same answers on the project's fugashi tokens (``bot.nlu.spacy_ja``) by lemma, so a negation is
recognised in any inflection (使わなかった, 利用していませんでした, 通ってない: the lemma ない or
ぬ after the verb), and a negated service does not hide the one that was used
(「移行は使ってなくて、B型に通っていました」 → B型). ``bench/spacy_entities.py`` compares both on
a table of typed answers; docs/benchmarks.md has the figures.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bot.eligibility import Employment, PriorService, read_employment, read_prior_service
from bot.nlu.spacy_import import import_spacy

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

__all__ = [
    "load_readers",
    "match_employment",
    "match_prior_service",
    "read_employment_answer",
    "read_prior_service_answer",
]

USE_VERBS = ["使う", "利用", "通う", "行く", "受ける", "利用する", "経由"]
WORK_VERBS = ["働く", "勤める", "就職", "勤務", "就労"]
NEGATION: dict[str, Any] = {"LEMMA": {"IN": ["ない", "ぬ", "ず"]}}
GAP: dict[str, Any] = {"POS": {"IN": ["AUX", "SCONJ", "ADP", "PART", "NOUN"]}, "OP": "?"}


def _letter(letter: str) -> list[dict[str, Any]]:
    """「A型」 in its spellings: A型, Ａ型, a型, エー型, Aがた."""
    return [{"NORM": {"IN": [letter, letter.lower()]}}, {"NORM": {"IN": ["型", "がた"]}}]


SERVICE_PATTERNS: dict[PriorService, list[list[dict[str, Any]]]] = {
    PriorService.TRANSITION: [
        [{"LEMMA": "移行"}],
        [{"NORM": {"IN": ["いこう"]}}, {"NORM": {"IN": ["しえん", "支援"]}}],
        [{"TEXT": {"REGEX": "^(しゅうろう)?いこうしえん"}}],
    ],
    PriorService.TYPE_A: [_letter("A"), [{"NORM": "エー"}, {"NORM": "型"}]],
    PriorService.TYPE_B: [
        _letter("B"),
        [{"NORM": {"IN": ["ビー", "びー"]}}, {"NORM": {"IN": ["型", "がた"]}}],
    ],
    PriorService.DAILY_LIFE_CARE: [[{"LEMMA": "生活"}, {"LEMMA": "介護"}]],
    PriorService.INDEPENDENCE_TRAINING: [
        [{"LEMMA": {"IN": ["自立", "生活", "機能"]}}, {"LEMMA": "訓練"}],
    ],
    PriorService.OTHER: [
        [{"LEMMA": {"IN": ["その他", "他", "ほか", "別"]}}, {"OP": "?"}, {"LEMMA": "サービス"}],
    ],
}
NOTHING_PATTERNS: list[list[dict[str, Any]]] = [
    [{"LEMMA": {"IN": USE_VERBS}}, GAP, GAP, GAP, GAP, NEGATION],
    [{"LEMMA": {"IN": ["何", "なに", "どこ"]}}, {"LEMMA": {"IN": ["も", "に"]}, "OP": "+"}],
    [{"LEMMA": {"IN": ["なし", "無し"]}}],
    [{"LEMMA": "特に"}, {"LEMMA": {"IN": ["ない", "無い"]}}],
]
EMPLOYMENT_PATTERNS: dict[Employment, list[list[dict[str, Any]]]] = {
    Employment.NOT_WORKING: [
        [{"LEMMA": {"IN": WORK_VERBS}}, GAP, GAP, GAP, GAP, NEGATION],
        [{"LEMMA": {"IN": ["無職", "求職", "就活"]}}],
    ],
    Employment.TYPE_A_OFFICE: [[*_letter("A"), {"LEMMA": {"IN": ["で", "事業", "事業所"]}}]],
    Employment.ORDINARY: [
        [
            {
                "LEMMA": {
                    "IN": [
                        "会社",
                        "企業",
                        "正社員",
                        "社員",
                        "パート",
                        "アルバイト",
                        "バイト",
                        "派遣",
                        "契約",
                        "工場",
                        "店",
                        "スーパー",
                        "役所",
                        "公務員",
                        "一般",
                    ]
                }
            }
        ],
        [{"LEMMA": {"IN": WORK_VERBS}}],
    ],
}


@lru_cache(maxsize=1)
def _matchers() -> tuple[Any, Matcher, Matcher]:
    import_spacy()  # first: spaCy without TensorFlow (bot/nlu/spacy_import.py)
    from spacy.matcher import Matcher

    from bot.nlu.spacy_ja import make_japanese_nlp

    nlp = make_japanese_nlp()
    services = Matcher(nlp.vocab)
    for service, patterns in SERVICE_PATTERNS.items():
        services.add(service.value, patterns)
    services.add("nothing", NOTHING_PATTERNS)
    employment = Matcher(nlp.vocab)
    for kind, patterns in EMPLOYMENT_PATTERNS.items():
        employment.add(kind.value, patterns)
    return nlp, services, employment


def load_readers() -> None:
    """Build the spaCy pipeline and matchers now (at start-up) rather than on the first answer."""
    _matchers()


def _negated_after(doc: Doc, end: int, stop: int) -> bool:
    """A use verb followed by a negation between token ``end`` and ``stop``."""
    _, services, _ = _matchers()
    for match_id, start, _ in services(doc[end:stop]):
        if doc.vocab.strings[match_id] == "nothing" and doc[end + start].lemma_ in USE_VERBS:
            return True
    return False


def match_prior_service(text: str) -> PriorService | None:
    """The service a typed answer names (「B型です」), NONE for 「何も使っていません」, or None.
    A service followed by its own negation (「移行は使ってなくて」) does not count."""
    nlp, services, _ = _matchers()
    doc = nlp(text)
    found = sorted((start, end, doc.vocab.strings[mid]) for mid, start, end in services(doc))
    names = [(s, e, label) for s, e, label in found if label != "nothing"]
    for i, (_start, end, label) in enumerate(names):
        stop = names[i + 1][0] if i + 1 < len(names) else len(doc)
        if not _negated_after(doc, end, stop):
            return PriorService(label)
    if any(label == "nothing" for *_, label in found) or names:
        return PriorService.NONE
    return None


QUIT = frozenset({"辞める", "やめる", "退職"})


def match_employment(text: str) -> Employment | None:
    """Where a typed answer says the person works, or None. 「辞めた」 means not working unless
    a workplace follows (「A型を辞めて会社に就職した」)."""
    nlp, _, employment = _matchers()
    doc = nlp(text)
    matches = [(start, doc.vocab.strings[mid]) for mid, start, _ in employment(doc)]
    labels = {label for _, label in matches}
    quits = [t.i for t in doc if t.lemma_ in QUIT]
    working_after = [s for s, label in matches if label != Employment.NOT_WORKING.value]
    if quits and not any(s > quits[-1] for s in working_after):
        labels.add(Employment.NOT_WORKING.value)
    for kind in (Employment.NOT_WORKING, Employment.TYPE_A_OFFICE, Employment.ORDINARY):
        if kind.value in labels:
            return kind
    return None


def read_prior_service_answer(text: str) -> PriorService | None:
    """What the eligibility form uses: the Matcher's reading, or the keyword reader's when the
    Matcher finds nothing (it misses e.g. the hiragana 「いこうしえん」 the keywords know)."""
    found = match_prior_service(text)
    return found if found is not None else read_prior_service(text)


def read_employment_answer(text: str) -> Employment | None:
    """As ``read_prior_service_answer``, for where the person works."""
    found = match_employment(text)
    return found if found is not None else read_employment(text)
