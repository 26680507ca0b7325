"""What every parser produces: a document as an ordered list of provisions, before chunking."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """A piece of a provision that chunking may split on: a subsection, a definition, a page."""

    locator: str
    text: str


@dataclass(frozen=True)
class Provision:
    """A citable unit: a section of a law, or a page/heading of a directive."""

    label: str
    blocks: tuple[Block, ...]
    marginal_note: str = ""
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedDocument:
    doc: str
    lang: str
    title: str
    url: str
    provisions: tuple[Provision, ...]
    kind: str = "law"
    current_to: str = ""
    section_url: str = ""  # format string with {section}; empty when provisions have no page of their own
    section_word: dict[str, str] = field(default_factory=lambda: {"fr": "art.", "en": "s."})


class ParseError(ValueError):
    """A file cannot be read as a document; the message says why, for the person who loaded it."""
