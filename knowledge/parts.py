"""The pieces an answer is made of, as every surface shows them (Slack, the try-it page, `ses ask --json`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

PART_KINDS = ("rule", "condition", "exception", "deadline", "list", "see_also")


@dataclass(frozen=True)
class Part:
    """One quoted piece of the answer: `kind` is one of PART_KINDS; `pinpoint` cites it to the paragraph
    (« art. 11(2)c) », "s. 11(2)(c)"); a "see_also" part names a provision and quotes nothing."""

    kind: str
    doc: str
    section: str
    pinpoint: str
    quote: str
    url: str
    citation: str  # the pinpoint with the text's title, for display

    def to_dict(self) -> dict[str, Any]:
        """Every field but the display-only `citation`."""
        return {k: v for k, v in asdict(self).items() if k != "citation"}
