"""The engine's front door: open an index version once, then ask and search from any thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from knowledge.answer import Answer, abstention, compose, not_held, refusal
from knowledge.catalogue import Catalogue, referenced_names, vocabulary
from knowledge.composition import Neighbours
from knowledge.config import SearchConfig
from knowledge.crossrefs import referrers
from knowledge.definitions import Definitions
from knowledge.encoders import Vectors, load_encoder
from knowledge.guardrails import (
    MERITS,
    NOT_HELD,
    Signals,
    added_text_evidence,
    answering_text,
    check_question,
    read,
    verdict,
)
from knowledge.language import detect
from knowledge.lexicon import Lexicon
from knowledge.passages import doc_key
from knowledge.provisions import Provision
from knowledge.scope import ScopeModel
from knowledge.search.hybrid import Hit, Query, Searcher
from knowledge.store import DocumentInfo, live_version_dir, read_index
from knowledge.text import tokens

logger = logging.getLogger(__name__)

MAX_POINTING = 8  # sections pointing to a provision that an answer reads (a definitions section has dozens)


@dataclass(frozen=True)
class IndexInfo:
    version: str
    built_at: str
    encoder: str
    passages: int
    examples: int
    documents: list[DocumentInfo]


class Advisor:
    def __init__(
        self,
        searcher: Searcher,
        info: IndexInfo,
        config: SearchConfig,
        catalogue: Catalogue | None = None,
        scope: ScopeModel | None = None,
    ) -> None:
        self.searcher = searcher
        self.info = info
        self.config = config
        self.catalogue = catalogue or Catalogue.from_documents(info.documents)
        self.scope = scope
        self._known = {e.section_id[0] for e in searcher.data.examples}  # texts the banks know
        self._referrers = referrers((p.section_id, p.text) for p in searcher.data.passages)
        self._definitions = Definitions(searcher.data.passages)

    @classmethod
    def open(cls, index_dir: Path, encoder: str | None = None, config: SearchConfig | None = None) -> Advisor:
        """Load the live version. The index decides the encoder: its vectors only match that one."""
        return cls.open_version(live_version_dir(index_dir), encoder, config)

    @classmethod
    def open_version(
        cls, version_dir: Path, encoder: str | None = None, config: SearchConfig | None = None
    ) -> Advisor:
        """Load one version directory (`knowledge.live` resolves the `current` pointer itself)."""
        data = read_index(version_dir)
        built_with = str(data.manifest["encoder"])
        if encoder and encoder != built_with:
            logger.warning(
                "index %s was built with encoder %s, not %s: using %s",
                version_dir.name,
                built_with,
                encoder,
                built_with,
            )
        info = IndexInfo(
            version=str(data.manifest["version"]),
            built_at=str(data.manifest["built_at"]),
            encoder=built_with,
            passages=len(data.passages),
            examples=len(data.examples),
            documents=data.documents,
        )
        config = config or SearchConfig()
        searcher = Searcher(data, load_encoder(built_with), Lexicon.parse(data.lexicon), config)
        texts = [p.text for p in data.passages]
        catalogue = Catalogue.from_documents(data.documents, vocabulary(texts), referenced_names(texts))
        return cls(searcher, info, config, catalogue, ScopeModel.from_index(data, config.scope_shrinkage))

    def search(
        self, question: str, k: int = 10, mode: str = "hybrid", context: str | None = None
    ) -> list[Hit]:
        text = check_question(question, self.config.max_question_chars)
        query = Query(text, detect(text).lang, context)
        return self._search(query, k, mode, None, self.catalogue.resolve(text).held)

    def signals(self, text: str, vector: Vectors) -> Signals:
        """What the guardrails look at (`ask` decides on them; `ses eval --curve` sweeps their thresholds)."""
        neighbours = self.searcher.nearest_passages(vector, self.config.evidence_neighbours)
        evidence, added = added_text_evidence([(p.key, score) for p, score in neighbours], self._known)
        return Signals(
            reading=read(text),
            assessment=self.scope.assess(vector) if self.scope is not None else None,
            named=self.catalogue.resolve(text),
            referenced=bool(self.searcher.referenced(text)),
            added_evidence=evidence,
            added_text=added,
        )

    def ask(self, question: str, context: str | None = None, mode: str = "hybrid") -> Answer:
        text = check_question(question, self.config.max_question_chars)
        detected = detect(text)
        lang, unsupported = detected.lang, None if detected.supported else detected.detected
        query = Query(text, lang, context)
        vector = self.searcher.query_vector(query)
        signals = self.signals(text, vector)
        gate = verdict(signals, self.config)
        if gate == MERITS:
            return refusal(text, lang, unsupported)
        if gate == NOT_HELD and signals.named.unknown is not None:
            return not_held(text, lang, signals.named.unknown.text, signals.named.unknown.office, unsupported)
        first = signals.named.held + tuple(filter(None, [answering_text(signals, self.config)]))
        hits = self._search(query, 1 + self.config.further_citations, mode, vector, first)
        if not hits or gate is not None:
            return abstention(text, lang, unsupported, reason=gate or "no_match")
        terms = set(tokens(f"{text} {self.searcher.lexicon.expand(text, lang)}", lang))
        ranked = [(self.provision((hit.doc, hit.section), lang), hit.score) for hit in hits]
        held = [(p, s) for p, s in ranked if p is not None]
        own = set(tokens(text, lang))
        neighbours = Neighbours(self._lookup, self._pointing_to, self._defining)
        return compose(text, lang, held, (own, terms - own), neighbours, unsupported)

    def provision(self, section: tuple[str, str], lang: str) -> Provision | None:
        """A section's units in `lang` (or the language the index has it in); None if it is not held."""
        passages = self.searcher.passages_of(section, lang)
        return Provision.of(passages) if passages else None

    def _lookup(self, provision: Provision, label: str) -> Provision | None:
        return self.provision((doc_key(provision.doc), label), provision.lang)

    def _defining(
        self, provision: Provision, terms: frozenset[str], ignored: frozenset[str]
    ) -> Provision | None:
        section = self._definitions.asked(doc_key(provision.doc), provision.lang, terms, ignored)
        return self._lookup(provision, section) if section else None

    def _pointing_to(self, provision: Provision) -> list[Provision]:
        key = doc_key(provision.doc)
        found = (
            self.provision((key, label), provision.lang)
            for label in self._referrers.get((key, provision.section), ())[:MAX_POINTING]
        )
        return [p for p in found if p is not None]

    def _search(
        self, query: Query, k: int, mode: str, vector: Vectors | None, named: tuple[str, ...]
    ) -> list[Hit]:
        """Hybrid search; the sections of a text the question names come first when the banks know nothing
        of that text (an added text without example questions): its name is then the surest key to it.
        A text with example questions is already found by them, and a name given in passing (« nommée en
        vertu de la LEFP ») must not push the answer down."""
        named = tuple(doc for doc in named if doc not in self._known)
        if not named:
            return self.searcher.search(query, k=k, mode=mode, vector=vector)
        hits = self.searcher.search(query, k=max(k, self.config.named_candidates), mode=mode, vector=vector)
        first = [h for h in hits if h.doc in named]
        return (first + [h for h in hits if h.doc not in named])[:k]
