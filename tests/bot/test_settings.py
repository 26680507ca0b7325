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


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        ("signed-in", "signed-in"),
        ("open", "open"),
        ("off", "off"),
        ("1", "open"),
        ("0", "off"),
        ("true", "open"),
    ],
)
def test_ses_web_ask_takes_its_modes_and_the_former_on_off_values(
    monkeypatch: pytest.MonkeyPatch, value: str, mode: str
) -> None:
    monkeypatch.setenv("SES_WEB_ASK", value)
    assert Settings().web_ask == mode


def test_an_unknown_web_ask_mode_and_a_proxy_that_is_no_address_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SES_WEB_ASK", "sometimes")
    with pytest.raises(ValueError, match="web_ask"):
        Settings()
    monkeypatch.delenv("SES_WEB_ASK")
    monkeypatch.setenv("SES_TRUSTED_PROXIES", '["10.0.0.0/8", "proxy.example.org"]')
    with pytest.raises(ValueError, match="proxy.example.org"):
        Settings()
