"""Justice Laws XML → the units of a provision (subsections, paragraphs, definition entries), so that an
answer can quote a rule with its chapeau, a whole list, or one definition, and cite it to the paragraph."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from indexer.xml_text import text_of
from knowledge.passages import Unit
from knowledge.provisions import is_placeholder

_KINDS = {
    "Subsection": "subsection",
    "Paragraph": "paragraph",
    "Subparagraph": "subparagraph",
    "Clause": "clause",
    "Subclause": "clause",
    "Definition": "definition",
}
_CONTINUED = frozenset(
    {"ContinuedSectionSubsection", "ContinuedParagraph", "ContinuedSubparagraph", "ContinuedClause"}
)
_OTHER = frozenset({"FormulaGroup", "TableGroup", "List"})


def _term(element: Element) -> str:
    for node in element.iter():
        if node.tag.startswith("DefinedTerm"):
            return text_of(node)
    return ""


def element_units(element: Element, parent: tuple[str, ...] = ()) -> list[Unit]:
    """The units of a subsection, paragraph or definition and of everything nested in it, in order."""
    kind = _KINDS[element.tag]
    label = _term(element) if kind == "definition" else text_of(element.find("Label"))
    path = (*parent, label or "·")
    own = " ".join(text_of(t) for t in element.findall("Text"))
    if is_placeholder(own) and not any(child.tag in _KINDS for child in element):
        return []
    units = [Unit(kind, path, own, text_of(element.find("MarginalNote")))]
    for n, child in enumerate(element):
        if child.tag in _KINDS:
            units += element_units(child, path)
        elif child.tag in _CONTINUED or child.tag in _OTHER:
            text = text_of(child)
            if text:
                units.append(Unit("continued", (*path, f"+{n}"), text))
    return units


def lead_unit(text: str) -> list[Unit]:
    """A section's own words before its subsections or paragraphs."""
    return [] if is_placeholder(text) else [Unit("lead", (), text)]
