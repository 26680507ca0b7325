"""Documents staff add — PDF, DOCX, HTML made from corpus texts — are indexed, described in the
manifest, and answered from with their own citations (« …, art. N », "…, p. N")."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer import versions
from indexer.chunking import chunk
from indexer.documents import DocumentMeta, ParseError
from indexer.manage import add_documents, remove_document, undo_add
from indexer.parsers import parse_file
from indexer.pipeline import build
from knowledge import Advisor
from tests.indexer.conftest import Site


@pytest.fixture(scope="module")
def advisor_with_documents(
    tmp_path_factory: pytest.TempPathFactory, built_site: Path, vectors: Path, documents: dict[str, Path]
) -> Advisor:
    import shutil

    from indexer.intake import IntakeConfig
    from tests.indexer.conftest import site_config

    root = tmp_path_factory.mktemp("with-documents") / "site"
    shutil.copytree(built_site, root, symlinks=True)
    intake = IntakeConfig((next(iter(documents.values())).parent,), 5 * 2**20)
    config = site_config(root, vectors)
    add_documents(config, intake, list(documents.values()))
    return Advisor.open(config.index_dir)


@pytest.mark.parametrize(
    ("question", "doc", "citation"),
    [
        (
            "Que prévoit l'article 5 de la Directive sur la divulgation d'actes répréhensibles au Secrétariat ?",
            "directive-divulgation",
            "Directive sur la divulgation d'actes répréhensibles au Secrétariat, art. 5",
        ),
        (
            "Un fonctionnaire peut-il faire une divulgation d'un acte répréhensible à son supérieur hiérarchique ?",
            "directive-divulgation",
            "Directive sur la divulgation d'actes répréhensibles au Secrétariat, art. 5",
        ),
        (
            "Can the head of a government institution extend the time limit to answer an access request?",
            "guide-access",
            "Guide to Access Requests, p. 5",
        ),
        (
            "Que prévoit l'article 3 du Code d'éthique des commissaires ?",
            "code-ethique",
            "Code d'éthique des commissaires, art. 3",
        ),
        (
            "What does section 4 of the Privacy Code for Secretariat Staff say about the use of personal information?",
            "privacy-code",
            "Privacy Code for Secretariat Staff, s. 4",
        ),
    ],
)
def test_questions_answered_only_by_an_added_document_cite_it(
    advisor_with_documents: Advisor, question: str, doc: str, citation: str
) -> None:
    answer = advisor_with_documents.ask(question)
    assert not answer.abstained and not answer.refused
    first = answer.citations[0]
    assert first.doc == doc
    assert first.citation.startswith(citation)
    assert citation in answer.text


def test_the_manifest_describes_each_added_document(site: Site, documents: dict[str, Path]) -> None:
    meta = DocumentMeta(kind="guideline", url="https://example.org/guide", effective_date="2024-04-01")
    report = add_documents(site.config, site.intake, [documents["guide.pdf"]], meta, user="alice")
    (added,) = report.added
    assert (added.doc, added.lang, added.title, added.structure, added.provisions) == (
        "guide-access",
        "en",
        "Guide to Access Requests",
        "page",
        6,
    )
    assert added.passages >= 6 and not added.replaced
    entry = next(d for d in site.documents() if d["doc"] == "guide-access")
    for key in ("doc", "lang", "title", "current_to", "source"):  # the Slack App Home reads these
        assert key in entry
    assert entry["kind"] == entry["source"] == "guideline"
    assert (entry["url"], entry["effective_date"], entry["origin"], entry["file"], entry["format"]) == (
        "https://example.org/guide",
        "2024-04-01",
        "local",
        "guide-access.pdf",
        "pdf",
    )
    assert len(str(entry["content_hash"])) == 64
    law = next(d for d in site.documents() if d["doc"] == "C-36.65")
    assert (law["kind"], law["source"], law["origin"]) == ("law", "act", "corpus")
    assert _stored(site) == ["guide-access.en.pdf", "guide-access.en.pdf.meta.json"]


def test_adding_one_document_encodes_only_its_new_passages(site: Site, tmp_path: Path) -> None:
    """The rest of the corpus comes from the embedding caches: the encoder runs on the new passages only."""
    path = tmp_path / "directive-cadeaux.md"
    path.write_text(
        "# Directive sur les cadeaux du Tribunal\n\nArticle 1 – Valeur\nUn membre du Tribunal ne peut "
        "accepter un cadeau d'une valeur supérieure à 42 dollars offert par une partie.\n\nArticle 2 – "
        "Registre\nLe registraire tient un registre public des cadeaux déclarés par les membres.\n",
        encoding="utf-8",
    )
    new_passages = chunk(parse_file(path))
    report = add_documents(site.config, site.intake, [path]).build
    assert report.encoded == len(new_passages) == 2
    again = add_documents(site.config, site.intake, [path])  # the same file again: a replacement
    assert again.added[0].replaced
    assert again.build.encoded == 0


def test_replacing_a_document_keeps_one_copy_and_the_new_text(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Note sur les cadeaux\n\nArticle 1 – Valeur\nLa limite est de 50 dollars par cadeau reçu.\n",
        encoding="utf-8",
    )
    add_documents(site.config, site.intake, [path])
    path.write_text(
        "# Note sur les cadeaux\n\nArticle 1 – Valeur\nLa limite est de 30 dollars par cadeau reçu.\n",
        encoding="utf-8",
    )
    report = add_documents(site.config, site.intake, [path])
    assert report.added[0].replaced
    assert _stored(site) == ["note.fr.md", "note.fr.md.meta.json"]
    assert "30 dollars" in (site.local_dir / "note.fr.md").read_text(encoding="utf-8")


def test_an_add_can_be_undone_and_a_replacement_comes_back(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Note sur les cadeaux\n\nArticle 1 – Valeur\nLa limite est de 50 dollars par cadeau.\n",
        encoding="utf-8",
    )
    first = add_documents(site.config, site.intake, [path])
    path.write_text(
        "# Note sur les cadeaux\n\nArticle 1 – Valeur\nLa limite est de 30 dollars par cadeau.\n",
        encoding="utf-8",
    )
    second = add_documents(site.config, site.intake, [path])
    assert undo_add(site.config, second) == first.build.version == versions.live_version(site.index_dir)
    assert "50 dollars" in (site.local_dir / "note.fr.md").read_text(encoding="utf-8")
    assert undo_add(site.config, first) == first.build.previous == versions.live_version(site.index_dir)
    assert _stored(site) == []
    assert build(site.config).documents == 2  # the next build agrees: the note is gone


def _stored(site: Site) -> list[str]:
    return sorted(p.name for p in site.local_dir.iterdir() if not p.name.startswith("."))


def test_removing_an_added_document_builds_a_version_without_it(
    site: Site, documents: dict[str, Path]
) -> None:
    add_documents(site.config, site.intake, [documents["privacy.html"]])
    assert "privacy-code" in {d["doc"] for d in site.documents()}
    remove_document(site.config, "privacy-code")
    assert "privacy-code" not in {d["doc"] for d in site.documents()}
    assert _stored(site) == []


def test_a_document_of_the_bundled_corpus_cannot_be_removed_or_shadowed(site: Site, tmp_path: Path) -> None:
    before = site.snapshot()
    with pytest.raises(ParseError, match="bundled corpus"):
        remove_document(site.config, "C-36.65")
    shadow = tmp_path / "C-36.65.md"
    shadow.write_text(
        "# Loi\n\nArticle 1 – Objet\nUne autre loi sur les conflits d'intérêts des membres.\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError, match="bundled corpus"):
        add_documents(site.config, site.intake, [shadow])
    assert site.snapshot() == before
