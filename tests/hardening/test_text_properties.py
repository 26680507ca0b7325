"""The language detector wrapper and the Slack payload readers under arbitrary input."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.requests import (
    Question,
    clean_text,
    question_from_command,
    question_from_mention,
    question_from_message,
)
from knowledge.language import _CANDIDATES, SUPPORTED, _iso, detect

_CODES = {_iso(language) for language in _CANDIDATES}
_any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
_wordy = st.lists(
    st.sampled_from(
        "le la les de des un une est cadeau loi the of and is gift act el los es una regalo der die das ist "
        "o os um uma presente il di che è dono 27 art. s. LCI".split()
    ),
    max_size=30,
).map(" ".join)


@settings(max_examples=300)
@given(text=st.one_of(_any_text, _wordy), default=st.sampled_from(SUPPORTED))
def test_any_text_is_answered_in_french_or_english_with_an_honest_detection(text: str, default: str) -> None:
    detected = detect(text, default=default)
    assert detected.lang in SUPPORTED
    assert detected.detected in _CODES
    # answered in the language detected when we speak it; otherwise told, in the default language
    assert detected.supported == (detected.detected in SUPPORTED)
    if detected.supported:
        assert detected.lang == detected.detected
    else:
        assert detected.lang == default


# --- Slack payloads --------------------------------------------------------------------------------

BOT = "UBOT0001"
_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    _any_text,
    st.sampled_from(
        [
            "",
            "im",
            "channel",
            "message",
            "app_mention",
            "file_share",
            "bot_message",
            "message_changed",
            "thread_broadcast",
            "1700000000.000100",
            BOT,
            "UALICE01",
            "C1",
        ]
    ),
)
_json = st.recursive(
    _json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_KEYS = [
    "type",
    "user",
    "channel",
    "channel_type",
    "text",
    "ts",
    "thread_ts",
    "subtype",
    "bot_id",
    "bot_profile",
    "edited",
    "event_ts",
]
_event = st.one_of(
    _json,
    st.dictionaries(st.sampled_from(_KEYS), _json, max_size=len(_KEYS)),
    st.fixed_dictionaries(
        {
            "user": st.sampled_from(["UALICE01", BOT, ""]),
            "channel": st.sampled_from(["C1", "D1"]),
            "ts": st.sampled_from(["1.1", "2.2"]),
            "text": st.one_of(_any_text, st.just(f"<@{BOT}> cadeau ?")),
        },
        optional={
            "thread_ts": st.sampled_from(["1.1", "0.5", ""]),
            "channel_type": st.sampled_from(["im", "channel", "group"]),
            "subtype": st.sampled_from([None, "file_share", "bot_message", "message_changed"]),
        },
    ),
)
_body = st.one_of(
    st.dictionaries(st.text(max_size=10), _json, max_size=4),
    st.fixed_dictionaries({"event": _event}, optional={"event_id": _json, "team_id": _json}),
)


def _check(question: Question | None, claimed: list[str]) -> None:
    if question is None:
        return
    assert isinstance(question.text, str)
    for field in (question.slack.user_id, question.slack.channel):
        assert isinstance(field, str) and field
    assert question.slack.event_id is None or question.slack.event_id in claimed


def _reader_kwargs(claimed: list[str], answered: bool) -> dict[str, Any]:
    def claim(event_id: str) -> bool:
        claimed.append(event_id)
        return True

    return {
        "bot_user_id": BOT,
        "claim": claim,
        "thread_question": (lambda _c, _t: "earlier question") if answered else (lambda _c, _t: None),
    }


@settings(max_examples=300)
@given(body=_body, answered=st.booleans())
def test_any_event_payload_gives_a_question_or_none(body: dict[str, Any], answered: bool) -> None:
    for reader in (question_from_mention, question_from_message):
        claimed: list[str] = []
        _check(reader(body, **_reader_kwargs(claimed, answered)), claimed)


@settings(max_examples=200)
@given(
    body=st.one_of(
        st.dictionaries(st.sampled_from(["text", "user_id", "channel_id", "team_id", "response_url"]), _json),
        st.fixed_dictionaries(
            {"text": _any_text, "user_id": st.just("UALICE01"), "channel_id": st.just("C1")}
        ),
    )
)
def test_any_command_payload_gives_a_question_or_none(body: dict[str, Any]) -> None:
    question = question_from_command(body)
    if question is not None:
        assert question.text and question.text == question.text.strip()
        assert question.slack.user_id and question.slack.channel


@given(text=_any_text)
def test_clean_text_removes_our_mention_and_collapses_whitespace(text: str) -> None:
    once = clean_text(f"<@{BOT}> {text}", BOT)
    assert f"<@{BOT}>" not in once or f"<@{BOT}>" in clean_text(text, None)
    assert once == " ".join(once.split())
