"""Lines of text → provisions: the article-aware structure of directives, guidelines and codes.

Every parser but the Justice Laws one reduces its format to `Line`s (the text of a paragraph or of a
wrapped PDF line, its page, and its heading level when the format says so); this module finds what a
reader cites. In order of preference:

- « Article 12 », « Art. 12 – Cadeaux », "Article 12." → one provision per article ("art. 12");
- "Section 12" (when the document has no articles) → one per section ("s. 12");
- « 12. », "4.1.1 " numbered paragraphs → one per number; a short numbered line whose children follow
  ("4. Exigences" before "4.1") is a heading;
- otherwise one provision per heading (« § 3 », with the heading as marginal note), per page for a PDF
  ("p. 4"), or per group of paragraphs.

Chapter, part and section headings (« Chapitre 2 », "PART II", a Word "Heading 2", an <h3>) form the
heading path kept with each provision. A marker must look like a heading — capitalised, or followed by
a separator or nothing — and numbers must move forward: "art. 12 de la Loi" wrapped to the start of a
PDF line, or a cross-reference back to « Article 5 » from article 12, stays body text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from indexer.documents import Block, Provision
from indexer.markers import (
    MARKERS,
    SUB_ITEM,
    SUB_NUMBER,
    Heading,
    Marker,
    numbered,
    textual_heading,
    title_like,
    top,
)

MAX_BLOCK_CHARS = 1500
_GROUP_CHARS = 1200

_SENTENCE_END = re.compile(r"(?<=[.!?;»])\s+(?=[A-ZÀ-ÖØ-Ý«(])")

SECTION_WORDS = {
    "article": {"fr": "art.", "en": "art."},
    "section": {"fr": "section", "en": "s."},
    "numbered": {"fr": "art.", "en": "s."},
}
_PREAMBLE = {"fr": "préambule", "en": "preamble"}


@dataclass(frozen=True)
class Line:
    """One unit of text as the format gives it.

    `level`: heading level when the format marks the line as a heading (Word "Heading 2", <h2>, "##");
    0 for the document's own title. `new_paragraph`: False when the line only continues the previous
    one (a wrapped line of a PDF or of a text file), so it never starts a block of its own.
    """

    text: str
    page: int | None = None
    level: int | None = None
    new_paragraph: bool = True


@dataclass(frozen=True)
class Structure:
    unit: str  # article, section, numbered, heading, page or paragraph
    provisions: tuple[Provision, ...]
    section_word: dict[str, str]


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def accepted_markers(lines: Sequence[Line], unit: str) -> list[int]:
    """Indices of the lines that start a provision of `unit`, numbers moving forward."""
    find = MARKERS[unit]
    found: list[int] = []
    last: str | None = None
    for i, line in enumerate(lines):
        marker = find(line.text.strip())
        if marker is None:
            continue
        if last is not None and (
            marker.label == last or not top(last) <= top(marker.label) <= top(last) + 10
        ):
            continue
        if last is None and top(marker.label) > 500:
            continue
        found.append(i)
        last = marker.label
    return found


def choose_unit(lines: Sequence[Line], paged: bool) -> str:
    for unit, least in (("article", 1), ("section", 2), ("numbered", 2)):
        if len(accepted_markers(lines, unit)) >= least:
            return unit
    if any((line.level or 0) >= 1 or textual_heading(line.text.strip(), "") for line in lines):
        return "page" if paged else "heading"
    return "page" if paged else "paragraph"


@dataclass
class _Draft:
    label: str
    locator: str
    headings: tuple[str, ...]
    note: str = ""
    blocks: list[tuple[str, list[str]]] = field(default_factory=list)

    def add(self, text: str, new_block: bool, locator: str | None = None) -> None:
        if locator is not None:
            self.locator = locator
        if new_block or not self.blocks or self.blocks[-1][0] != self.locator:
            self.blocks.append((self.locator, [text]))
        else:
            self.blocks[-1][1].append(text)

    def size(self) -> int:
        return sum(len(t) for _, parts in self.blocks for t in parts)

    def provision(self) -> Provision | None:
        blocks = [Block(loc, " ".join(parts).strip()) for loc, parts in self.blocks]
        blocks = [piece for b in blocks if b.text for piece in split_block(b)]
        if not blocks:
            return None
        return Provision(self.label, tuple(blocks), self.note, self.headings)


def split_block(block: Block, limit: int = MAX_BLOCK_CHARS) -> list[Block]:
    """A block too long for one passage, cut at sentence ends (at a space when a sentence is longer still)."""
    if len(block.text) <= limit:
        return [block]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(block.text):
        while len(sentence) > limit:
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            sentence_head, sentence = sentence[:cut], sentence[cut:].strip()
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence_head)
        if current and len(current) + len(sentence) + 1 > limit:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return [Block(block.locator, p) for p in pieces]


class _Builder:
    """Walks the lines once, keeping the heading path and the provision being written."""

    def __init__(
        self, unit: str, lang: str, title: str, starts: Iterable[int], heading_starts: Iterable[int] = ()
    ) -> None:
        self.unit = unit
        self.lang = lang
        self.title = _norm(title)
        self.starts = set(starts)
        self.heading_starts = set(heading_starts)
        self.headings: dict[int, str] = {}
        self.current: _Draft | None = None
        self.preamble = _Draft(_PREAMBLE.get(lang, _PREAMBLE["en"]), _PREAMBLE.get(lang, _PREAMBLE["en"]), ())
        self.out: list[Provision] = []
        self.seen_marker = False
        self.counter = 0
        self.page: int | None = None

    def path(self) -> tuple[str, ...]:
        return tuple(self.headings[level] for level in sorted(self.headings))

    def flush(self) -> None:
        if self.current is not None:
            provision = self.current.provision()
            if provision is not None:
                self.out.append(provision)
        self.current = None

    def heading(self, heading: Heading) -> None:
        self.headings = {lvl: h for lvl, h in self.headings.items() if lvl < heading.level}
        if self.unit == "page":
            self.headings[heading.level] = heading.text
            self.body(Line(heading.text, self.page), new_block=True)
            return
        self.flush()
        if heading.annex:
            self.headings = {}
            self.current = _Draft(heading.label, heading.label, (), note=heading.text)
            return
        self.headings[heading.level] = heading.text
        if self.unit == "heading" or self.seen_marker:
            # text under a heading and before the next article is the heading's own provision
            self.counter += 1
            label = heading.label or f"§ {self.counter}"
            self.current = _Draft(label, label, self.path()[:-1], note=heading.text)

    def marker(self, marker: Marker) -> None:
        self.flush()
        self.seen_marker = True
        # « 5. Prior approval » heads 5.1–5.3 only: « 6 » leaves it
        self.headings = {level: text for level, text in self.headings.items() if _heads(text, marker.label)}
        label = marker.label
        self.current = _Draft(label, label, self.path())
        if marker.rest:
            if title_like(marker.rest):
                self.current.note = marker.rest
            else:
                self.body(Line(marker.rest), new_block=True)

    def body(self, line: Line, new_block: bool) -> None:
        text = line.text.strip()
        draft = self.current
        if self.unit == "page" and (draft is None or line.page != self.page):
            self.flush()
            self.page = line.page
            label = f"p. {line.page}"
            draft = self.current = _Draft(label, label, self.path())
            new_block = True
        if self.unit == "paragraph" and (draft is None or (new_block and draft.size() >= _GROUP_CHARS)):
            self.flush()
            self.counter += 1
            draft = self.current = _Draft(f"§ {self.counter}", f"§ {self.counter}", ())
        if draft is None:
            draft = self.preamble
        sub = SUB_NUMBER.match(text)
        paragraph = numbered(text) if self.unit in ("article", "section") else None
        if sub and draft is not self.preamble and self.unit in MARKERS:
            draft.add(text, True, f"{draft.label}({sub.group(1)})")
        elif paragraph and "." not in paragraph.label and draft is not self.preamble:
            draft.add(text, True, f"{draft.label}({paragraph.label})")
        elif SUB_ITEM.match(text) or (draft.blocks and draft.size() > 1000 and _ends_sentence(draft)):
            draft.add(text, True)
        else:
            draft.add(text, new_block)

    def line(self, index: int, line: Line) -> None:
        text = line.text.strip()
        if not text:
            return
        if line.level == 0 or (not self.seen_marker and self.current is None and _norm(text) == self.title):
            return
        if index in self.starts:
            marker = MARKERS[self.unit](text)
            assert marker is not None
            if index in self.heading_starts:
                self.heading(Heading(3 + marker.label.count("."), text, marker.label))
            else:
                self.marker(marker)
            return
        textual = textual_heading(text, self.unit)
        if textual is not None:
            self.heading(textual)
        elif line.level is not None and line.level >= 1 and len(text) <= 200:
            self.heading(Heading(line.level + 1, text, ""))  # styled levels sit below "Partie"/"Part"
        else:
            self.body(line, line.new_paragraph)

    def finish(self) -> list[Provision]:
        self.flush()
        preamble = self.preamble.provision()
        if preamble is not None and sum(len(b.text) for b in preamble.blocks) >= 40:
            return [preamble, *self.out]
        return self.out


def _heads(heading: str, label: str) -> bool:
    """Whether a heading still stands over provision `label`: a numbered heading only over its own numbers."""
    number = numbered(heading)
    return number is None or label.startswith(f"{number.label}.")


def _ends_sentence(draft: _Draft) -> bool:
    return bool(draft.blocks) and draft.blocks[-1][1][-1].rstrip().endswith((".", "!", "?", ";", ":", "»"))


def _titled_headings(lines: Sequence[Line]) -> list[Line]:
    """« CHAPITRE II » alone on its line, its title on the next (« COMPTES PERSONNELS »): one heading."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1].text.strip() if out else ""
        text = line.text.strip()
        heading = textual_heading(previous, "") if previous else None
        if (
            heading is not None
            and previous.casefold() == heading.label.casefold()
            and title_like(text)
            and (text.isupper() or line.level is not None)
            and not any(find(text) for find in MARKERS.values())
            and textual_heading(text, "") is None
        ):
            out[-1] = Line(f"{previous} — {text}", out[-1].page, out[-1].level, out[-1].new_paragraph)
            continue
        out.append(line)
    return out


def build_structure(lines: Sequence[Line], lang: str, title: str, paged: bool = False) -> Structure:
    """Provisions of a document from its lines (pure: no file, no format)."""
    lines = _titled_headings(lines)
    unit = choose_unit(lines, paged)
    starts = accepted_markers(lines, unit) if unit in MARKERS else []
    builder = _Builder(
        unit, lang, title, starts, _numbered_headings(lines, starts) if unit == "numbered" else ()
    )
    for index, line in enumerate(lines):
        builder.line(index, line)
    provisions = _unique_labels(builder.finish())
    return Structure(unit, tuple(provisions), SECTION_WORDS.get(unit, {}))


def _numbered_headings(lines: Sequence[Line], starts: list[int]) -> list[int]:
    """« 4. Exigences » directly followed by « 4.1 … »: a heading over its numbered children."""
    headings = []
    for here, following in zip(starts, starts[1:], strict=False):
        marker, child = numbered(lines[here].text.strip()), numbered(lines[following].text.strip())
        if marker and child and child.label.startswith(f"{marker.label}.") and title_like(marker.rest):
            headings.append(here)
    return headings


def _unique_labels(provisions: list[Provision]) -> list[Provision]:
    """Two provisions with one label (an annex repeating "Section 1") would share passage ids."""
    seen: dict[str, int] = {}
    out = []
    for provision in provisions:
        count = seen.get(provision.label, 0)
        seen[provision.label] = count + 1
        if count:
            label = f"{provision.label} ({count + 1})"
            blocks = tuple(
                Block(label if b.locator == provision.label else b.locator, b.text) for b in provision.blocks
            )
            provision = Provision(label, blocks, provision.marginal_note, provision.headings)
        out.append(provision)
    return out
