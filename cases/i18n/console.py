"""The web console's own strings."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONSOLE: dict[str, dict[str, str]] = tomllib.loads(
    Path(__file__).with_name("console.toml").read_text(encoding="utf-8")
)
