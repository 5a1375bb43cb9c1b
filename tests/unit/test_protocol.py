"""bot.protocol: the payload grammar and the resource map choices that bot, actions and API share."""

from __future__ import annotations

import pytest

from bot import protocol


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        pytest.param("/faq_cost", True, id="intent"),
        pytest.param('/rmap_choice{"choice":"own"}', True, id="intent-json"),
        pytest.param("/help\n", False, id="trailing-newline"),
        pytest.param("/faq cost", False, id="space"),
        pytest.param("faq_cost", False, id="no-slash"),
        pytest.param("/" + "a" * 65, False, id="intent-too-long"),
        pytest.param('/x{"k":"' + "a" * 200 + '"}', False, id="json-too-long"),
        pytest.param('/x{"k":"v"}tail', False, id="tail"),
        pytest.param("/x{\n}", False, id="newline-in-json"),
    ],
)
def test_is_payload(text: str, ok: bool) -> None:
    assert protocol.is_payload(text) is ok


@pytest.mark.parametrize(
    "choice", ["own", "suggest:上司", 'suggest:名前に"引用符"', "edit:workplace:0", "suggest:a{b}"]
)
def test_choice_payload_round_trip(choice: str) -> None:
    text = protocol.choice_payload(choice)
    assert protocol.is_payload(text)
    assert protocol.choice_of(text) == choice


def test_choice_payload_is_compact_json() -> None:
    assert protocol.choice_payload("suggest:上司") == '/rmap_choice{"choice":"suggest:上司"}'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('/rmap_choice{"choice":"suggest:上司"}', True),
        ('/rmap_choice{"choice": "suggest:上司"}', True),
        ('/rmap_choice{"choice":"own"}', False),
        ('/rmap_choice{"choice":1}', False),
        ("/rmap_choice{not json}", False),
        ('/faq_cost{"choice":"suggest:x"}', False),
        ("/rmap_choice", False),
    ],
)
def test_is_suggestion_payload(text: str, expected: bool) -> None:
    assert protocol.is_suggestion_payload(text) is expected


def test_unanswered_reasons_are_the_ones_staff_filter_on() -> None:
    assert protocol.UNANSWERED_REASONS == ("fallback", "out_of_scope")


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("/restart", "／restart"),
        ("  /faq_cost", "  ／faq_cost"),  # Rasa strips white space before it looks for "/"
        ("/", "／"),
        ("//x", "／/x"),  # only the first: the rest is ordinary text
        ("費用は/いくら", "費用は/いくら"),
        ("／すでに全角", "／すでに全角"),
        ("", ""),
    ],
)
def test_typed_text_never_starts_with_the_intent_prefix(typed: str, sent: str) -> None:
    assert protocol.as_typed_text(typed) == sent
    assert not protocol.as_typed_text(typed).strip().startswith("/")


def test_the_typed_slash_normalises_back_to_a_slash() -> None:
    """The tokenizer NFKC-normalises: the NLU sees "/" where the user typed it."""
    import unicodedata

    assert unicodedata.normalize("NFKC", protocol.TYPED_SLASH) == "/"
