"""Parsers and chunker under arbitrary input: a document or a `ParseError` with a message, nothing else.

Hostile files chosen by hand (zip bombs, XXE, lying extensions...) are in
tests/indexer/test_hostile_input.py; here Hypothesis makes the input: raw bytes under every
extension, bytes that start like each format, and structured text, Markdown and HTML documents.
For what parses, the chunker's contract is checked on the real result: passages cover every block of
every provision, none is empty, ids are unique.
"""

from __future__ import annotations

import html as html_escape
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from indexer.chunking import chunk
from indexer.documents import Block, ParsedDocument, ParseError, Provision
from indexer.parsers import EXTENSIONS, PARSERS, parse_file
from knowledge.passages import Passage

_WORDS_FR = (
    "le fonctionnaire public doit déclarer tout cadeau reçu dans les soixante jours suivant sa "
    "réception conflit intérêts commissaire article paragraphe activités extérieures après mandat"
).split()
_WORDS_EN = (
    "the public office holder shall disclose any gift received within sixty days of its receipt "
    "conflict interest commissioner section subsection outside activities after office"
).split()


def _parse_bytes(data: bytes, suffix: str) -> ParsedDocument | None:
    """parse_file on a file holding `data`; None when refused with a ParseError that says why."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"document{suffix}"
        path.write_bytes(data)
        try:
            return parse_file(path)
        except ParseError as exc:
            message = str(exc)
            assert message.startswith(path.name), message  # names the file, for the person who loaded it
            assert len(message) > len(path.name) + 5, message
            return None


def _check_document(doc: ParsedDocument) -> None:
    assert doc.lang in ("fr", "en")
    assert doc.provisions, "a parsed document has at least one provision"
    for provision in doc.provisions:
        assert provision.label
    _check_passages(doc, chunk(doc))


def _check_passages(doc: ParsedDocument, passages: list[Passage]) -> None:
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids)), "passage ids must be unique"
    for passage in passages:
        assert passage.text.strip(), f"empty passage {passage.id}"
        assert passage.doc == doc.doc and passage.lang == doc.lang
    # coverage: for each provision, its passages are its blocks, in order, nothing dropped or repeated
    for provision in doc.provisions:
        mine = [p.text for p in passages if p.section == provision.label]
        assert " ".join(mine) == " ".join(b.text for b in provision.blocks)


# --- raw bytes -------------------------------------------------------------------------------------

_PREFIXES = st.sampled_from(
    [
        b"",
        b"%PDF-1.7\n",
        b"PK\x03\x04",
        b'<?xml version="1.0" encoding="UTF-8"?>\n<Statute xml:lang="fr"><Body>',
        b"<!DOCTYPE html><html><body><main>",
        b"<div><p>",
        b"\xef\xbb\xbf# Titre\n\n",
        b"\xff\xfe",
    ]
)


@pytest.mark.parametrize("suffix", sorted(EXTENSIONS))
@settings(max_examples=25)
@given(prefix=_PREFIXES, data=st.binary(max_size=3000))
def test_arbitrary_bytes_give_a_document_or_a_parse_error(suffix: str, prefix: bytes, data: bytes) -> None:
    doc = _parse_bytes(prefix + data, suffix)
    if doc is not None:
        _check_document(doc)


@pytest.mark.parametrize("fmt", sorted(PARSERS))
@settings(max_examples=25)
@given(prefix=_PREFIXES, data=st.binary(max_size=2000))
def test_each_parser_called_directly_raises_only_parse_error(fmt: str, prefix: bytes, data: bytes) -> None:
    """Without parse_file's sniffing in front, as `ses index add` never does but a caller could."""
    suffix = {"xml": ".xml", "pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".txt"}[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"document{suffix}"
        path.write_bytes(prefix + data)
        try:
            doc = PARSERS[fmt](path, None)
        except ParseError as exc:
            assert str(exc).strip()
            return
    _check_document(doc)


# --- structured documents --------------------------------------------------------------------------

_word = st.one_of(st.sampled_from(_WORDS_FR), st.sampled_from(_WORDS_EN))
_odd = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
_sentence = st.lists(st.one_of(_word, _word, _word, _odd), min_size=1, max_size=25).map(" ".join)
_heading = st.one_of(
    st.integers(1, 120).map(lambda n: f"Article {n}"),
    st.integers(1, 120).map(lambda n: f"Section {n}"),
    st.integers(1, 12).map(lambda n: f"CHAPITRE {n}"),
    _sentence,
)
_paragraphs = st.lists(_sentence, min_size=1, max_size=4)
_sections = st.lists(st.tuples(_heading, _paragraphs), min_size=1, max_size=8)


def _markdown(title: str, sections: list[tuple[str, list[str]]], depth: int) -> str:
    out = [f"# {title}", ""]
    for heading, paragraphs in sections:
        out += [f"{'#' * depth} {heading}", ""]
        for paragraph in paragraphs:
            out += [paragraph, ""]
    return "\n".join(out)


def _plain(title: str, sections: list[tuple[str, list[str]]]) -> str:
    out = [title, ""]
    for heading, paragraphs in sections:
        out += [heading, *paragraphs, ""]
    return "\n".join(out)


def _html(title: str, sections: list[tuple[str, list[str]]], wrapper: str) -> str:
    esc = html_escape.escape
    body = "".join(
        f"<h2>{esc(h)}</h2>" + "".join(f"<p>{esc(p)}</p>" for p in paragraphs) for h, paragraphs in sections
    )
    return (
        f"<!DOCTYPE html><html><head><title>{esc(title)}</title></head><body>"
        f"<nav><a href='/'>Accueil</a></nav><{wrapper}><h1>{esc(title)}</h1>{body}</{wrapper}>"
        "<footer>Pied de page</footer></body></html>"
    )


# A generated document is either valid — one language's words under "Article N" headings, each
# paragraph long enough to be a page's main content (40 characters), which must parse — or noisy (odd characters, headings made of anything), which may be refused. Each
# test counts both outcomes over its examples and fails when nothing parsed at all.
_LANG_WORDS = {"fr": _WORDS_FR, "en": _WORDS_EN}


@st.composite
def _valid_document(draw: st.DrawFn) -> tuple[str, list[tuple[str, list[str]]], bool]:
    words = _LANG_WORDS[draw(st.sampled_from(sorted(_LANG_WORDS)))]
    sentence = st.lists(st.sampled_from(words), min_size=15, max_size=30).map(" ".join)
    numbers = draw(st.lists(st.integers(1, 120), min_size=1, max_size=8, unique=True))
    sections = [(f"Article {n}", draw(st.lists(sentence, min_size=1, max_size=4))) for n in numbers]
    return draw(sentence), sections, True


_generated = st.one_of(_valid_document(), st.tuples(_sentence, _sections, st.just(False)))


class Outcomes:
    """Parsed and refused generated documents, counted apart; a valid document is never refused."""

    def __init__(self) -> None:
        self.parsed = self.refused = self.valid = 0

    def add(self, doc: ParsedDocument | None, valid: bool) -> None:
        self.valid += valid
        if doc is None:
            assert not valid, "a document of real words under Article headings was refused"
            self.refused += 1
            event("refused")
            return
        _check_document(doc)
        self.parsed += 1
        event("parsed")

    def check(self) -> None:
        assert self.valid and self.parsed, f"nothing parsed: {vars(self)}"


def test_generated_markdown_parses_and_chunks_cleanly() -> None:
    outcomes = Outcomes()

    @given(document=_generated, depth=st.integers(2, 4))
    def run(document: tuple[str, list[tuple[str, list[str]]], bool], depth: int) -> None:
        title, sections, valid = document
        outcomes.add(_parse_bytes(_markdown(title, sections, depth).encode("utf-8"), ".md"), valid)

    run()
    outcomes.check()


def test_generated_plain_text_parses_and_chunks_cleanly() -> None:
    outcomes = Outcomes()

    @given(document=_generated, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    def run(document: tuple[str, list[tuple[str, list[str]]], bool], encoding: str) -> None:
        title, sections, valid = document
        raw = _plain(title, sections).encode(encoding, errors="replace")
        outcomes.add(_parse_bytes(raw, ".txt"), valid)

    run()
    outcomes.check()


def test_generated_html_parses_and_chunks_cleanly() -> None:
    outcomes = Outcomes()

    @given(document=_generated, wrapper=st.sampled_from(["main", "article", "div"]))
    def run(document: tuple[str, list[tuple[str, list[str]]], bool], wrapper: str) -> None:
        title, sections, valid = document
        outcomes.add(_parse_bytes(_html(title, sections, wrapper).encode("utf-8"), ".html"), valid)

    run()
    outcomes.check()


@settings(max_examples=30)
@given(
    sections=st.lists(
        st.tuples(
            st.integers(1, 40),
            st.lists(st.lists(_word, min_size=3, max_size=30).map(" ".join), min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_real_looking_document_is_never_refused(sections: list[tuple[int, list[str]]]) -> None:
    """Enough real French/English words under « Article N » headings: parsed, not refused."""
    text = "\n\n".join(f"Article {n}\n\n" + "\n\n".join(paragraphs) for n, paragraphs in sections)
    body = "Directive sur les cadeaux et les conflits d'intérêts\n\n" + text
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "directive.txt"
        path.write_text(body + "\n\n" + " ".join(_WORDS_FR), encoding="utf-8")
        doc = parse_file(path)
    _check_document(doc)


# --- the chunker alone ---------------------------------------------------------------------------

_block_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=900).filter(
    lambda s: s.strip() != ""
)


@st.composite
def _documents(draw: st.DrawFn) -> ParsedDocument:
    labels = draw(
        st.lists(
            st.from_regex(r"[0-9]{1,3}(\.[0-9])?|annexe [A-C]|§ [0-9]", fullmatch=True),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    provisions = []
    for label in labels:
        blocks = draw(
            st.lists(
                st.tuples(st.sampled_from([label, f"{label}(1)", f"{label}(2)"]), _block_text),
                min_size=1,
                max_size=6,
            )
        )
        provisions.append(Provision(label, tuple(Block(loc, text) for loc, text in blocks)))
    return ParsedDocument(
        doc=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)),
        lang=draw(st.sampled_from(["fr", "en"])),
        title=draw(_sentence),
        url="https://example.org/doc",
        provisions=tuple(provisions),
    )


@settings(max_examples=100)
@given(doc=_documents(), target=st.integers(1, 3000))
def test_the_chunker_covers_every_block_with_unique_non_empty_passages(
    doc: ParsedDocument, target: int
) -> None:
    passages = chunk(doc, target=target)
    _check_passages(doc, passages)
    for passage in passages:
        provision = next(p for p in doc.provisions if p.label == passage.section)
        # a passage longer than the target is one block that alone exceeds it, never two
        if len(passage.text) > target:
            assert any(b.text == passage.text for b in provision.blocks)
