"""A question naming a text the index lacks, end to end in Slack: signed event -> the answer says the text
is not indexed, names it, offers an advisor; an indexer is also told how to add it."""

from __future__ import annotations

from bench import fake_slack as fs
from bot.runtime import Runtime
from bot.slack.blocks import ids
from cases.services import people
from tests.bot.conftest import SlackSender, blocks_text

QUESTION = "Under the City of Ottawa Code of Conduct for Members of Council, can I accept a $150 gift?"
NAMED = "City of Ottawa Code of Conduct for Members of Council"
INDEXER = "UINDEX001"


def _answer_to(slack: SlackSender, fake: fs.FakeSlack, user: str, channel: str) -> list[dict[str, object]]:
    fake.locales[user] = "en-US"
    event = fs.mention(QUESTION, user=user, channel=channel)
    assert slack.event(event).status_code == 200
    [post] = fake.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == channel)
    assert post.params["thread_ts"] == event["ts"]
    blocks: list[dict[str, object]] = post.params["blocks"]
    return blocks


def test_a_text_not_held_is_named_with_the_advisor_offer_and_no_quote(
    slack: SlackSender, fake_slack: fs.FakeSlack
) -> None:
    blocks = _answer_to(slack, fake_slack, "UALICE01", "CGENERAL1")
    text = blocks_text(blocks)
    assert f"“{NAMED}” is not among the texts I have indexed" in text
    assert f"Not in the index: “{NAMED}”" in text
    assert "justice.gc.ca" not in text, "no quote from another text"
    actions = [
        e["action_id"] for b in blocks if b.get("block_id") == ids.ANSWER_ACTIONS_BLOCK for e in b["elements"]
    ]  # type: ignore[attr-defined]
    assert ids.ASK_ADVISOR in actions
    assert "ses index add" not in text, "only indexers are told how to add a text"


def test_an_indexer_is_also_told_how_to_add_the_text(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime
) -> None:
    with runtime.db.session() as session:
        people.grant_role(session, user_id=INDEXER, role="indexer")
    text = blocks_text(_answer_to(slack, fake_slack, INDEXER, "CGENERAL2"))
    assert "You can index this text" in text
    assert f'ses index add FILE --alias "{NAMED}"' in text


def test_an_indexer_asking_as_another_government_s_officer_gets_no_indexing_hint(
    slack: SlackSender, fake_slack: fs.FakeSlack, runtime: Runtime
) -> None:
    with runtime.db.session() as session:
        people.grant_role(session, user_id=INDEXER, role="indexer")
    fake_slack.locales[INDEXER] = "en-US"
    event = fs.mention(
        "I'm an MLA in Alberta. Can a company fly me to Calgary on its jet?",
        user=INDEXER,
        channel="CGENERAL3",
    )
    assert slack.event(event).status_code == 200
    [post] = fake_slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "CGENERAL3")
    text = blocks_text(post.params["blocks"])
    assert "“MLA in Alberta”" in text and "rules that apply to your situation" in text
    assert "ses index add" not in text
