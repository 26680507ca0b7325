"""What every parser produces: a document as an ordered list of provisions, before chunking."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from knowledge.passages import Unit

KINDS = ("law", "regulation", "directive", "guideline", "code", "faq")
MAX_ALIASES, MAX_ALIAS_CHARS = 20, 200
FORMATS = ("xml", "pdf", "docx", "html", "text")


@dataclass(frozen=True)
class Block:
    """A piece of a provision that chunking may split on: a subsection, a definition, a page."""

    locator: str
    text: str
    units: tuple[Unit, ...] = ()  # its structure, when the format gives one (`knowledge.passages.Unit`)


@dataclass(frozen=True)
class Provision:
    """A citable unit: a section of a law, an article of a directive, a page of a guide."""

    label: str
    blocks: tuple[Block, ...]
    marginal_note: str = ""
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentMeta:
    """What a person says about a document; every field left empty is read from the file or guessed.

    Kept beside a file as `<file>.meta.json` (the local documents folder always has one; a bundled law
    may have one too), and given on the command line by `ses index add --title --lang --kind --url
    --effective-date --alias`. `aliases` are other names people use for the text ("FAA", « loi sur les
    lanceurs d'alerte »): the engine recognises a question naming it by any of them.
    """

    doc: str = ""
    title: str = ""
    lang: str = ""
    kind: str = ""
    url: str = ""
    effective_date: str = ""
    file: str = ""  # the name the file had when it was added (stored files are renamed <doc>.<lang><ext>)
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.aliases) > MAX_ALIASES or any(
            not a.strip() or len(a) > MAX_ALIAS_CHARS for a in self.aliases
        ):
            raise ParseError(
                f"aliases: at most {MAX_ALIASES}, each a name of 1 to {MAX_ALIAS_CHARS} characters"
            )
        if self.lang and self.lang not in ("fr", "en"):
            raise ParseError(f"language must be 'fr' or 'en', not {self.lang!r}")
        if self.kind and self.kind not in KINDS:
            raise ParseError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.effective_date:
            try:
                date.fromisoformat(self.effective_date)
            except ValueError:
                raise ParseError(f"effective date must be YYYY-MM-DD, not {self.effective_date!r}") from None
        if self.url and not re.match(r"^https?://\S+$", self.url):
            raise ParseError(f"URL must start with http:// or https://, not {self.url!r}")
        if self.doc and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}", self.doc):
            raise ParseError(f"document id may hold letters, digits, '.', '_' and '-' only, not {self.doc!r}")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentMeta:
        names = {f.name for f in fields(cls)} - {"aliases"}
        values: dict[str, Any] = {k: str(v) for k, v in data.items() if k in names and v is not None}
        aliases = data.get("aliases") or ()
        if isinstance(aliases, str) or not all(isinstance(a, str) for a in aliases):
            raise ParseError("aliases: expected a list of names")
        return cls(**values, aliases=tuple(" ".join(a.split()) for a in aliases))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["aliases"] = list(self.aliases)
        return out


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
    effective_date: str = ""
    content_hash: str = ""  # sha256 of the file's bytes
    file: str = ""  # the file name it was read from
    format: str = "xml"
    structure: str = "section"  # what a provision is: section, article, numbered, heading, page, paragraph
    # who issued it, in a line (« Ministère de l'Économie — Direction de l'éthique », a PDF's running
    # header, the site name of a page's <title>): searched with every passage, so a question naming the
    # body finds articles that never repeat its name
    context: str = ""
    aliases: tuple[str, ...] = ()  # other names of the text staff gave (`DocumentMeta.aliases`)
    long_title: str = ""  # a law's long title (« Loi établissant des règles concernant… »)


class ParseError(ValueError):
    """A file cannot be read as a document; the message says why, for the person who loaded it.

    `code` names the reason for edges that explain it in the user's own language (the Slack bot):
    too_big, empty, unsupported, mismatch, password, no_text_layer, too_many_pages, unsafe, damaged,
    no_text, language, bundled, or "refused" for the rest; `name` is the file it is about.
    """

    def __init__(self, message: str, *, code: str = "refused", name: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.name = name
