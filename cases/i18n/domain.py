"""Errors and vocabularies (statuses, categories, priorities, roles, kinds of office, timeline)."""

from __future__ import annotations

import tomllib
from pathlib import Path

DOMAIN: dict[str, dict[str, str]] = tomllib.loads(
    Path(__file__).with_name("domain.toml").read_text(encoding="utf-8")
)
