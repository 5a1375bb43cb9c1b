"""What a valid resource map value is, and what the user is told when it is not.

Field names and limits (`FIELD_LABELS`, `MAX_LENGTHS`, `MAX_CONTACTS_PER_AREA`) are defined here
once: the domain types check against them and the API's schemas take their limits from them.
Every problem has a stable `ErrorCode` for programs and a short polite Japanese message for the
user (です/ます, ≤ ~40 characters a sentence).

Stdlib only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from bot.text.normalize import nfkc_with_ascii_hyphens

__all__ = [
    "FIELD_LABELS",
    "MAX_CONTACTS_PER_AREA",
    "MAX_LENGTHS",
    "ErrorCode",
    "Problem",
    "ResourceMapError",
    "check_phone",
    "check_text",
    "check_url",
    "clean_text",
    "field_problems",
    "nfkc",
    "normalize_phone",
    "normalize_url",
    "problem",
]


# --- errors --------------------------------------------------------------------------


class ErrorCode(str, Enum):
    """Stable codes for programs; the Japanese message is for the user."""

    NAME_REQUIRED = "name_required"
    TOO_LONG = "too_long"
    INVALID_CHARACTERS = "invalid_characters"
    BAD_PHONE = "bad_phone"
    BAD_URL = "bad_url"
    TOO_MANY_CONTACTS = "too_many_contacts"
    DUPLICATE_CONTACT = "duplicate_contact"
    CONTACT_NOT_FOUND = "contact_not_found"
    AREA_NOT_EMPTY = "area_not_empty"
    UNKNOWN_AREA = "unknown_area"
    BAD_DATA = "bad_data"


@dataclass(frozen=True)
class Problem:
    code: ErrorCode
    field: str  # "name_or_role", "phone", "goal", "area", ... ("" when not about one field)
    message: str  # Japanese, for the user


class ResourceMapError(ValueError):
    """Raised by constructors and edits; carries every problem found, in field order."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(" ".join(p.message for p in self.problems))

    @property
    def codes(self) -> tuple[ErrorCode, ...]:
        return tuple(p.code for p in self.problems)

    @property
    def message(self) -> str:
        """All messages, one sentence each, ready to show the user."""
        return "".join(p.message for p in self.problems)


# Japanese names of the fields, as used in messages.  The worksheet (002 §32) asks for
# 「相談できる人の名前」「相談できる人の所属」; 誰に・何を・どのように (002 §32) give the rest.
FIELD_LABELS: dict[str, str] = {
    "name_or_role": "名前か役割",
    "organisation": "所属",
    "about": "相談すること",
    "how_to_contact": "連絡方法",
    "phone": "電話番号",
    "url": "URL",
    "goal": "めざす姿",
    "name": "名前",  # of an office's directory entry
    "hours": "受付時間",
}

# The one definition of these limits: the domain types check against them, and the API's staff
# schema for directory entries takes its max_length from them (so what staff can save is what the
# bot can offer), while its columns are wider.
MAX_LENGTHS: dict[str, int] = {
    "name_or_role": 40,
    "organisation": 60,
    "about": 80,
    "how_to_contact": 80,
    "phone": 24,
    "url": 300,
    "goal": 120,
    "name": 80,
    "hours": 60,
}

MAX_CONTACTS_PER_AREA = 10


def problem(code: ErrorCode, fld: str = "", *, limit: int | None = None) -> Problem:
    label = FIELD_LABELS.get(fld, fld)
    if code is ErrorCode.NAME_REQUIRED:
        msg = "相談できる人の名前か役割を入力してください。"
    elif code is ErrorCode.TOO_LONG:
        msg = f"{label}は{limit}文字以内で入力してください。"
    elif code is ErrorCode.INVALID_CHARACTERS:
        msg = f"{label}に使えない文字が含まれています。"
    elif code is ErrorCode.BAD_PHONE:
        msg = "電話番号は数字とハイフンで入力してください。"
    elif code is ErrorCode.BAD_URL:
        msg = "URLは https:// から入力してください。"
    elif code is ErrorCode.TOO_MANY_CONTACTS:
        msg = f"1つの分野に登録できるのは{MAX_CONTACTS_PER_AREA}件までです。"
    elif code is ErrorCode.DUPLICATE_CONTACT:
        msg = "同じ相談先がすでに登録されています。"
    elif code is ErrorCode.CONTACT_NOT_FOUND:
        msg = "その相談先が見つかりませんでした。"
    elif code is ErrorCode.AREA_NOT_EMPTY:
        msg = "この分野には相談先が登録されています。"
    elif code is ErrorCode.UNKNOWN_AREA:
        msg = "分野は、職場・心身・生活・余暇から選んでください。"
    else:
        msg = "データを読み込めませんでした。"
    return Problem(code, fld, msg)


# --- text normalisation and validation -------------------------------------------------

_WS = re.compile(r"\s+")
_PHONE_SHAPE = re.compile(r"\+?\(?[0-9][0-9\- ()]*[0-9]")
_SHORT_NUMBER = re.compile(r"#[0-9]{3,5}")  # e.g. #7119-style short dial numbers
_HOST = re.compile(r"(?=.{1,253}$)([^\W_]([\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}", re.UNICODE)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# Half-width katakana runs (ｶﾞ → ガ) and full-width letters/digits (ＡＢ１ → AB1).
# Japanese punctuation such as （）、！ is kept as typed, unlike a blanket NFKC.
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]+")
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _normalize_free_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _HALFWIDTH_KANA.sub(lambda m: nfkc(m.group()), text)
    return _FULLWIDTH_ALNUM.sub(lambda m: nfkc(m.group()), text)


def clean_text(value: object) -> str | None:
    """Light normalisation, whitespace runs (incl. newlines, 全角スペース) → one space,
    stripped; '' → None."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    text = _WS.sub(" ", _normalize_free_text(value)).strip()
    return text or None


def _has_bad_chars(text: str) -> bool:
    # Control, surrogate, private-use and unassigned code points have no place in a
    # worksheet (and would break SVG/XML output).
    return any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") for c in text)


def normalize_phone(value: str | None) -> str | None:
    """Normalise a phone number or return None when it is obviously not one.

    Accepts what people write (全角数字, ー or − as hyphens, spaces, (), a leading +,
    #-short numbers) with 3–15 digits.  Never checks that the number exists: a sample
    or a made-up number of the right shape passes.  '' → None is handled by the caller.
    """
    if value is None:
        return None
    # The one dash table (bot.text.normalize); in a phone field ー is always a dash, also next
    # to a bracket: 「(03)ー1234ー5678」.
    text = _WS.sub(" ", nfkc_with_ascii_hyphens(value).replace("ー", "-")).strip()
    if _SHORT_NUMBER.fullmatch(text):
        return text
    if not _PHONE_SHAPE.fullmatch(text):
        return None
    digits = sum(c.isdigit() for c in text)
    if not 3 <= digits <= 15 or "--" in text:
        return None
    return text


def normalize_url(value: str | None) -> str | None:
    """Normalise a web address or return None when it is obviously not one.

    http/https only (no javascript:, mailto:, file:); a bare 「www.example.com」 gets
    https:// in front.  The host must look like a domain name (a dot, a top-level label
    of letters).  Reachability is never checked.
    """
    if value is None:
        return None
    text = nfkc(value).strip()
    if not text or any(c.isspace() for c in text):
        return None
    if "://" not in text and re.match(r"(?i)www\.", text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not _HOST.fullmatch(host):
        return None
    if parts.username or parts.password:
        return None
    return text


def check_text(
    problems: list[Problem], fld: str, value: object, *, required: bool = False
) -> str | None:
    text = clean_text(value)
    if text is None:
        if required:
            problems.append(problem(ErrorCode.NAME_REQUIRED, fld))
        return None
    if _has_bad_chars(text):
        problems.append(problem(ErrorCode.INVALID_CHARACTERS, fld))
    elif len(text) > MAX_LENGTHS[fld]:
        problems.append(problem(ErrorCode.TOO_LONG, fld, limit=MAX_LENGTHS[fld]))
    return text


def check_phone(problems: list[Problem], value: object) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    if len(text) > MAX_LENGTHS["phone"]:
        problems.append(problem(ErrorCode.TOO_LONG, "phone", limit=MAX_LENGTHS["phone"]))
        return text
    phone = normalize_phone(text)
    if phone is None:
        problems.append(problem(ErrorCode.BAD_PHONE, "phone"))
        return text
    return phone


def check_url(problems: list[Problem], value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = nfkc(str(value)).strip()
    if len(text) > MAX_LENGTHS["url"]:
        problems.append(problem(ErrorCode.TOO_LONG, "url", limit=MAX_LENGTHS["url"]))
        return text
    url = normalize_url(text)
    if url is None:
        problems.append(problem(ErrorCode.BAD_URL, "url"))
        return text
    return url


def field_problems(fld: str, value: object, *, required: bool = False) -> tuple[Problem, ...]:
    """The problems the domain finds in one field's value (for a schema or form that checks one
    field at a time): phone and URL by their shape, any other field as text of its length."""
    problems: list[Problem] = []
    if fld == "phone":
        check_phone(problems, value)
    elif fld == "url":
        check_url(problems, value)
    else:
        check_text(problems, fld, value, required=required)
    return tuple(problems)
