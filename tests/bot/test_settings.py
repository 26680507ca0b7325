"""Settings hand each package its section: what the environment sets reaches the package's config."""

from __future__ import annotations

import pytest

from bot.settings import Settings


def test_ses_ann_threshold_reaches_the_indexer_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SES_ANN_THRESHOLD", "1000")
    assert Settings().indexer_config().search.ann_threshold == 1000


def test_a_negative_ann_threshold_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SES_ANN_THRESHOLD", "-1")
    with pytest.raises(ValueError, match="ann_threshold"):
        Settings()
