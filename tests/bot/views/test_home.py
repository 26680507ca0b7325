from __future__ import annotations

from bot.views.home import home_view
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
