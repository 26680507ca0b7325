from __future__ import annotations

from bot.slack.blocks.home import home_view
from knowledge import Advisor
from tests.bot.conftest import blocks_text


def test_while_the_index_loads_the_home_tab_says_so() -> None:
    view = home_view("fr", bot_user_id="UBOT", info=None).to_dict()
    assert "en cours de chargement" in blocks_text(view["blocks"])


def test_the_home_tab_lists_each_document_once_in_the_users_language(advisor: Advisor) -> None:
    view = home_view("en", bot_user_id="UBOT", info=advisor.info, recent=["q" * 500]).to_dict()
    text = blocks_text(view["blocks"])
    english = [d for d in advisor.info.documents if d.lang == "en"]
    assert all(text.count(f"• {d.title}") == 1 for d in english)
    assert f"{advisor.info.passages} passages" in text
    assert "q" * 500 not in text and "…" in text
    assert len(view["blocks"]) <= 100


def test_a_long_index_listing_for_staff_stops_and_points_at_the_cli() -> None:
    """Slack refuses a Home view over 100 blocks: past INDEX_LINES documents, one line says how many more."""
    from bot.slack.blocks.home import INDEX_LINES, IndexListing
    from knowledge.store import DocumentInfo

    documents = [
        DocumentInfo(doc=f"doc-{n}", lang="fr", title=f"Directive {n:03d}", kind="directive", passages=n)
        for n in range(INDEX_LINES + 25)
    ] + [
        DocumentInfo(doc="ajout", lang="en", title="Zeta guide", kind="guideline", origin="local", passages=4)
    ]
    listing = IndexListing("20250101T000000000000Z", "2025-01-01T00:00:00+00:00", documents)
    view = home_view("en", bot_user_id="UBOT", info=None, index=listing).to_dict()
    text = blocks_text(view["blocks"])
    assert "The index (indexing staff)" in text and "Live version 20250101T000000000000Z" in text
    assert text.index("*Zeta guide* :pushpin: — guideline, en, 4 passages") < text.index("*Directive 000*")
    assert "… and 26 more — `ses index list`" in text
    assert "Directive 084" not in text
    assert len(view["blocks"]) <= 100
    assert "indexing staff" not in blocks_text(
        home_view("en", bot_user_id="UBOT", info=None).to_dict()["blocks"]
    )
