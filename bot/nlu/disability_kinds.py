"""Which kind of disability a message names: the manual's ten table rows (002 §23-§28).

Pure (stdlib + bot.text): the NLU's ``DisabilityIntentGuard`` uses it to pick the kind's answer
(``faq_disability_<kind>``), and tests call it on tables of typed questions. The words are the
manual's names, the names users type (「耳が聞こえにくい」, 「ADHD」, 「うつ」), common diseases
of a kind (「潰瘍性大腸炎」 is a 難病) and the hiragana spellings. Matching is on the NFKC text;
the first match of each kind counts, and kinds come back in the order they appear. Latin
abbreviations (ADHD, ALS) must stand alone: \b would not do, Japanese letters are word characters.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["KINDS", "find_kinds", "intent_for"]

INTENT_PREFIX = "faq_disability_"

# kind → words that name it (regular expressions on NFKC text; ASCII matched case-insensitively)
KINDS: dict[str, tuple[str, ...]] = {
    "visual": (
        r"視覚",
        r"目が(?:見え|みえ|不自由)",
        r"目の(?:見え|不自由)",
        r"(?<!先が)(?<!先の)見え(?:にく|づら|ない)",
        r"弱視",
        r"全盲",
        r"盲ろう",
        r"ロービジョン",
        r"白杖",
        r"点字",
        r"しかくしょうがい",
        r"めがみえ",
    ),
    "hearing": (
        r"聴覚",
        r"難聴",
        r"耳が",
        r"耳の(?:聞こえ|不自由)",
        r"聞こえ(?:にく|づら|ない|ません)",
        r"聞き取(?:りにく|りづら|れない)",
        r"ろう者",
        r"補聴器",
        r"人工内耳",
        r"手話",
        r"ちょうかく",
        r"なんちょう",
        r"みみがきこえ",
    ),
    "physical": (
        r"肢体",
        r"車いす",
        r"車椅子",
        r"くるまいす",
        r"義足",
        r"義手",
        r"下肢",
        r"上肢",
        r"手足が",
        r"脊髄損傷",
        r"脳性まひ",
        r"脳性麻痺",
        r"したいふじゆう",
    ),
    "internal": (
        r"内部障害",
        r"心臓",
        r"ペースメーカー",
        r"腎臓",
        r"透析",
        r"呼吸器",
        r"人工肛門",
        r"ストーマ",
        r"オストメイト",
        r"膀胱",
        r"肝臓",
        r"(?<![A-Za-z])HIV(?![A-Za-z])",
        r"ないぶしょうがい",
    ),
    "intellectual": (
        r"知的",
        r"療育手帳",
        r"愛の手帳",
        r"ちてき",
    ),
    "developmental": (
        r"発達障",
        r"発達の",
        r"発達特性",
        r"(?<![A-Za-z])ASD(?![A-Za-z])",
        r"自閉",
        r"アスペルガー",
        r"(?<![A-Za-z])ADHD(?![A-Za-z])",
        r"注意欠如",
        r"注意欠陥",
        r"多動",
        r"(?<![A-Za-z])L\.?D(?![A-Za-z])",
        r"(?<![A-Za-z])SLD(?![A-Za-z])",
        r"学習障害",
        r"限局性学習症",
        r"はったつ",
    ),
    "higher_brain": (
        r"高次脳",
        r"脳卒中",
        r"脳梗塞",
        r"脳出血",
        r"脳外傷",
        r"頭部外傷",
        r"くも膜下",
        r"記憶障害",
        r"半側空間無視",
        r"こうじのう",
    ),
    "nanbyo": (
        r"難病",
        r"潰瘍性大腸炎",
        r"クローン病",
        r"膠原病",
        r"パーキンソン",
        r"筋ジストロフィー",
        r"(?<![A-Za-z])ALS(?![A-Za-z])",
        r"多発性硬化症",
        r"エリテマトーデス",
        r"重症筋無力症",
        r"線維筋痛症",
        r"もやもや病",
        r"なんびょう",
    ),
    "mental": (
        r"精神障",
        r"精神疾患",
        r"精神の(?:病気|障害|不調)",
        r"精神科",
        r"うつ病",
        r"鬱",
        r"(?<![ぁ-ん])うつ(?![くすらりるれろさしせそたちてとわ])",
        r"統合失調",
        r"双極",
        r"躁",
        r"パニック障害",
        r"不安障害",
        r"適応障害",
        r"強迫性障害",
        r"せいしんしょうがい",
    ),
    "epilepsy": (
        r"てんかん",
        r"癲癇",
        r"痙攣発作",
    ),
}

_PATTERNS = {kind: re.compile("|".join(words), re.IGNORECASE) for kind, words in KINDS.items()}


def find_kinds(text: str) -> list[str]:
    """The kinds of disability ``text`` names, in the order they appear (each once)."""
    normal = unicodedata.normalize("NFKC", text or "")
    found: list[tuple[int, str]] = []
    for kind, pattern in _PATTERNS.items():
        match = pattern.search(normal)
        if match:
            found.append((match.start(), kind))
    return [kind for _, kind in sorted(found)]


def intent_for(kind: str) -> str:
    return f"{INTENT_PREFIX}{kind}"
