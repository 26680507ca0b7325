"""The records shared by the indexer (which writes them) and the searcher (which reads them)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

LANGS = ("fr", "en")


def doc_key(doc: str) -> str:
    """Language-neutral key of a document: its English stem (DORS- → SOR-, TR- → SI-).

    Acts share one stem in both languages; regulations are numbered SOR-/DORS-, so this is
    what links the French and the English version of one law.
    """
    stem = re.sub(r"\.xml$", "", doc.strip(), flags=re.I)
    stem = re.sub(r"^DORS-", "SOR-", stem, flags=re.I)
    return re.sub(r"^TR-", "SI-", stem, flags=re.I)


UNIT_KINDS = (
    "lead",
    "subsection",
    "paragraph",
    "subparagraph",
    "clause",
    "definition",
    "continued",
    "sentence",
)


@dataclass(frozen=True)
class Unit:
    """One citable piece of a provision, in reading order: a subsection, a paragraph, a definition entry.

    `path` holds the labels as printed from the section down (("(2)", "c)") for art. 11(2)c), or
    ("(1)", "gift or other advantage") for a definition entry); `text` is the unit's own words, without
    its label or nested units; `note` its marginal note (« Exception »). A unit whose text ends with a
    colon is the chapeau of the units nested under it.
    """

    kind: str
    path: tuple[str, ...]
    text: str
    note: str = ""

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "path": list(self.path), "text": self.text}
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Unit:
        return cls(str(data["kind"]), tuple(data["path"]), str(data["text"]), str(data.get("note", "")))


@dataclass(frozen=True)
class Passage:
    """One retrievable unit: a section, or a part of a long section, in one language.

    `section` is the provision's own label ("33", "10.11"); `locator` narrows it for the
    citation ("33(1)", or "p. 4" for paged documents). Passages with the same `doc_key`
    and `section` are the same provision, whatever their language.
    """

    id: str
    doc: str
    section: str
    lang: str
    title: str
    text: str
    citation: str
    url: str
    locator: str = ""
    marginal_note: str = ""
    headings: tuple[str, ...] = field(default_factory=tuple)
    context: str = ""  # the document's issuer line (indexer.documents.ParsedDocument.context)
    units: tuple[Unit, ...] = ()  # the structure of `text`, when the format gives one (Justice Laws XML)

    @property
    def key(self) -> str:
        return doc_key(self.doc)

    @property
    def section_id(self) -> tuple[str, str]:
        return (self.key, self.section)

    def search_text(self) -> str:
        """What the encoders and BM25 see: title, issuer, headings and marginal note give context."""
        parts = [self.title, self.context, *self.headings, self.marginal_note, self.text]
        return "\n".join(p for p in parts if p)

    def text_hash(self) -> str:
        return hashlib.sha256(self.search_text().encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["headings"] = list(self.headings)
        data["units"] = [u.to_dict() for u in self.units]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Passage:
        units = tuple(Unit.from_dict(u) for u in data.get("units", ()))
        return cls(**{**data, "headings": tuple(data.get("headings", ())), "units": units})


@dataclass(frozen=True)
class Example:
    """A question an advisor would expect for a provision (the FAQ bank): an extra key of its section."""

    doc: str
    section: str
    lang: str
    question: str

    @property
    def section_id(self) -> tuple[str, str]:
        return (doc_key(self.doc), self.section)

    def text_hash(self) -> str:
        return hashlib.sha256(self.question.encode("utf-8")).hexdigest()[:32]


SCOPE_KINDS = ("off_topic", "merits", "own_ethics", "answered")


@dataclass(frozen=True)
class ScopeQuestion:
    """An example the guardrails' topic classifier learns from (`knowledge.scope.ScopeModel`).

    kind "off_topic": the corpus does not answer it (travel rates, leave, pay, logistics…) → say so;
    "merits": an adjudicator asks how to decide a case → decline; "own_ethics": an adjudicator asks
    about their own obligations → answer (the contrast that keeps "merits" from over-reaching);
    "answered": a question the corpus answers in the words of off-topic ones (a trip a supplier pays
    for, the Commissioner's salary) → answer (the contrast that keeps "off_topic" from over-reaching).
    """

    lang: str
    kind: str
    question: str
    topic: str = ""  # off-topic questions: what about (travel, pay, logistics…); each topic is a class
