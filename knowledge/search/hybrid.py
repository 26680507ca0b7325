"""Hybrid search: keyword and dense signals over passages and FAQ examples, fused per section.

Each signal ranks sections (doc, section label) by its best row; weighted reciprocal rank fusion
combines the rankings, so no signal's raw score scale has to be calibrated against another's.

The FAQ bank was written for the bundled corpus only, and its signals weigh most. A document staff
added has no bank entry, so on its own it could never outrank a bundled section the bank matches.
Two corrections make added documents first-class without touching the bundled ranking:

- stand-in: for an added document, its passages stand in for the bank it lacks (its passage rank
  counts in the example signals' place), scaled by a gate that opens as its best passage outscores
  the bundled corpus's best passage in the same language, against a bar that rises with the bank's
  nearest question: the passages, the one kind of evidence all documents share, say whether the
  question is about that text. A staff FAQ file (`<file>.faq.jsonl`) adds real bank entries on top.
- cross-lingual: a question scores lower against a passage in the other language (a gap measured on
  the FAQ bank at build time), so a section with no passage in the question's language gets most of
  that gap back in the dense signal, and its dense rank stands in for the BM25 that cannot see it.

Then two priors read from the question and the sections' own text: a section stating the kind of fact
asked for (a time, an amount, a sanction: `answer_types`) gains, and a definitions section yields unless
the question asks what a term means.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.config import SearchConfig
from knowledge.cues import read_cues
from knowledge.encoders import Encoder, Vectors
from knowledge.lexicon import Lexicon
from knowledge.passages import Passage, doc_key
from knowledge.references import Title, find_references
from knowledge.search.answer_types import asked, stated
from knowledge.search.budget import bounded_terms, fit
from knowledge.search.dense import DenseIndex
from knowledge.store import IndexData, bm25_key
from knowledge.text import fold, normalise, tokens

SectionId = tuple[str, str]
MODES = ("hybrid", "keyword", "dense")
_KEYWORD = ("bm25_passages", "bm25_examples")
_DENSE = ("dense_passages", "dense_examples")


@dataclass(frozen=True)
class Hit:
    doc: str  # language-neutral document key (English stem)
    section: str
    score: float


@dataclass(frozen=True)
class Query:
    text: str
    lang: str
    context: str | None = None


def fuse(
    rankings: Mapping[str, Sequence[SectionId]], weights: Mapping[str, float], k: float
) -> dict[SectionId, float]:
    """Weighted reciprocal rank fusion: Σ w / (k + rank), rank starting at 1."""
    fused: dict[SectionId, float] = defaultdict(float)
    for name, ranking in rankings.items():
        weight = weights.get(name, 0.0)
        for rank, section in enumerate(ranking, start=1):
            fused[section] += weight / (k + rank)
    return dict(fused)


def _best_per_section(section_ids: Iterable[SectionId], scores: Iterable[float]) -> dict[SectionId, float]:
    best: dict[SectionId, float] = {}
    for section, score in zip(section_ids, scores, strict=False):
        if score > best.get(section, float("-inf")):
            best[section] = float(score)
    return best


def _ranking(best: dict[SectionId, float], limit: int) -> list[SectionId]:
    return sorted((s for s, v in best.items() if v > 0), key=lambda s: -best[s])[:limit]


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-max(min(x, 50.0), -50.0)))


# a passage of fewer words says too little to stand in for a bank (a lone heading, a signature line)
MIN_STAND_IN_WORDS = 12

# a definitions article, by its title or by its opening words (« Dans le présent code, on entend par : »)
_DEFINITIONS_NOTE = re.compile(r"(?:definitions?|interpretation|terminologie)(?: (?:et|and) \w+)?")
_DEFINITIONS_LEAD = re.compile(r"^(?:dans|in) (?:le|la|les|this|these) [^.:]{0,80}?(?:on entend par|means\b)")


def _definitions_sections(passages: Iterable[Passage]) -> set[SectionId]:
    """Sections that define their text's terms: titled or opening as such (« Définitions », « Dans le
    présent code, on entend par : »), or made of definition entries for the most part."""
    units: dict[SectionId, list[str]] = defaultdict(list)
    found = set()
    for passage in passages:
        units[passage.section_id] += [unit.kind for unit in passage.units]
        note, text = fold(normalise(passage.marginal_note)), fold(normalise(passage.text[:200]))
        if _DEFINITIONS_NOTE.fullmatch(note) or _DEFINITIONS_LEAD.match(text):
            found.add(passage.section_id)
    return found | {s for s, kinds in units.items() if 2 * kinds.count("definition") > len(kinds)}


def _genericity(passages: Sequence[Passage], vectors: Vectors, sections: set[SectionId]) -> dict[int, float]:
    """For the passages of `sections`: how much nearer than its document's average passage it is to the
    rest of its document (mean cosine to the others, centred per document and language). A purpose
    clause, a preamble or a definitions article is near everything in its text, and so to every question
    about it; the search takes a share of this off its cosine, leaving the document's average unchanged."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, passage in enumerate(passages):
        if passage.section_id in sections:
            groups[(passage.key, passage.lang)].append(row)
    out: dict[int, float] = {}
    for rows in groups.values():
        if len(rows) < 3:
            continue
        block = np.asarray(vectors[rows], dtype=np.float32)
        mean = (block @ block.T).sum(axis=1) - 1.0
        mean /= len(rows) - 1
        out.update(zip(rows, (mean - mean.mean()).tolist(), strict=True))
    return out


class Searcher:
    def __init__(self, data: IndexData, encoder: Encoder, lexicon: Lexicon, config: SearchConfig) -> None:
        self.data = data
        self.encoder = encoder
        self.lexicon = lexicon
        self.config = config
        self._passage_dense = data.passage_index or DenseIndex.exact(data.passage_vectors)
        self._example_dense = DenseIndex.exact(data.example_vectors)
        self._passage_sections = [p.section_id for p in data.passages]
        self._example_sections = [e.section_id for e in data.examples]
        self._known = set(self._passage_sections)
        self._rows: dict[SectionId, list[int]] = defaultdict(list)
        self._langs: dict[SectionId, set[str]] = defaultdict(set)
        for row, passage in enumerate(data.passages):
            self._rows[passage.section_id].append(row)
            self._langs[passage.section_id].add(passage.lang)
        self.titles = list({Title(p.key, p.lang, p.title) for p in data.passages})
        added = self._added = {doc_key(d.doc) for d in data.documents if d.origin == "local"}
        # sections of added documents with enough text to stand in for the bank they lack
        self._stand_ins = {
            p.section_id
            for p in data.passages
            if p.key in added and len(p.text.split()) >= MIN_STAND_IN_WORDS
        }
        self._gaps: dict[str, float] = dict(data.manifest.get("cross_lingual", {}))
        self._generic = _genericity(data.passages, data.passage_vectors, self._stand_ins)
        texts: dict[SectionId, list[str]] = defaultdict(list)
        for passage in data.passages:
            texts[passage.section_id].append(passage.text)
        self._stated = {section: kinds for section, found in texts.items() if (kinds := stated(found))}
        self._defining = _definitions_sections(data.passages)

    def _keyword_tokens(self, query: Query) -> list[str]:
        words = tokens(query.text, query.lang)
        expansion = tokens(self.lexicon.expand(query.text, query.lang), query.lang)
        context = tokens(self._context(query), query.lang)
        # repeating a token weighs it: an expansion word counts `lexicon_weight` of a question word
        scale = round(1 / max(self.config.lexicon_weight, 1e-6))
        groups = [(words, scale), (expansion, 1), (context, round(self.config.context_weight * scale))]
        return bounded_terms(groups, self.config.max_query_terms)

    def _context(self, query: Query) -> str:
        """A follow-up's context, read no further than a question may be long."""
        return (query.context or "")[: self.config.max_question_chars]

    def _dense_text(self, query: Query) -> str:
        """What the encoder reads: the question within the token budget, then as much of the context
        as the budget has left, placed before it."""
        budget, count = self.config.max_query_tokens, self.encoder.query_tokens
        question = fit(query.text, budget, count)
        context = self._context(query)
        if not context:
            return question
        context = fit(context, budget - count(question), count)
        return f"{context}\n{question}" if context else question

    def _bm25(
        self, kind: str, lang: str, query_tokens: list[str], sections: list[SectionId]
    ) -> dict[SectionId, float]:
        bm25, row_ids = self.data.bm25[bm25_key(kind, lang)]
        scores = bm25.scores(query_tokens)
        return _best_per_section((sections[i] for i in row_ids), scores)

    def _dense(self, index: DenseIndex, vector: Vectors, sections: list[SectionId]) -> dict[SectionId, float]:
        ids, scores = index.search(vector, self.config.candidates * 3)
        return _best_per_section((sections[i] for i in ids), scores)

    def _passage_cosines(self, vector: Vectors) -> dict[tuple[SectionId, str], float]:
        """Best cosine per section and passage language, less the genericity penalty."""
        ids, cosines = self._passage_dense.search(vector, self.config.candidates * 3)
        penalty = self.config.genericity_penalty
        best: dict[tuple[SectionId, str], float] = {}
        for i, cosine in zip(ids, cosines, strict=True):
            passage = self.data.passages[int(i)]
            key = (passage.section_id, passage.lang)
            score = float(cosine) - penalty * self._generic.get(int(i), 0.0)
            if score > best.get(key, float("-inf")):
                best[key] = score
        return best

    def _dense_passages(
        self, cosines: Mapping[tuple[SectionId, str], float], lang: str
    ) -> dict[SectionId, float]:
        """Per section, its best passage; a section with none in `lang` gets `cross_lingual_share` of the
        cross-lingual gap back."""
        gap = self.config.cross_lingual_share * self._gaps.get(lang, self.config.cross_lingual_gap)
        best: dict[SectionId, float] = {}
        for (section, _), score in cosines.items():
            if score > best.get(section, float("-inf")):
                best[section] = score
        return {s: v + gap if lang not in self._langs[s] else v for s, v in best.items()}

    def _dense_margins(self, cosines: Mapping[tuple[SectionId, str], float], lang: str) -> dict[str, float]:
        """Per added document: its best passage's cosine minus that of the bundled corpus's best passage in
        the same language. The bundled texts exist in both languages, so a question is set against its own
        language on both sides, or the other one on both: the cross-lingual gap cancels out. A passage in
        the other language gets `cross_lingual_allowance` on top: that comparison is the noisier one."""
        bundled: dict[str, float] = {}
        added: dict[tuple[str, str], float] = {}
        for (section, passage_lang), score in cosines.items():
            if section[0] not in self._added:
                bundled[passage_lang] = max(score, bundled.get(passage_lang, float("-inf")))
            elif section in self._stand_ins:
                key = (section[0], passage_lang)
                added[key] = max(score, added.get(key, float("-inf")))
        margins: dict[str, float] = {}
        for (doc, passage_lang), score in added.items():
            margin = score - bundled.get(passage_lang, 0.0)
            if passage_lang != lang:
                margin += self.config.cross_lingual_allowance
            margins[doc] = max(margin, margins.get(doc, float("-inf")))
        return margins

    def _margins(self, scores: Mapping[SectionId, float], scale: float) -> dict[str, float]:
        """Per added document: its best passage's score minus the bundled corpus's best, over `scale`."""
        bundled = max((v for s, v in scores.items() if s[0] not in self._added), default=0.0)
        best: dict[str, float] = {}
        for section, value in scores.items():
            if section in self._stand_ins and value > best.get(section[0], float("-inf")):
                best[section[0]] = value
        return {doc: (v - bundled) / scale for doc, v in best.items()}

    def _gates(
        self,
        signals: Mapping[str, dict[SectionId, float]],
        cosines: Mapping[tuple[SectionId, str], float] | None,
        lang: str,
    ) -> dict[str, float]:
        """Per added document, how far its passages speak for the question: 0 (the bundled corpus's
        passages match as well) to 1 (clearly better). The margin of its best passage over the bundled
        corpus's best in the same language (`_dense_margins`), plus a share of the BM25 margin (as a fraction
        of the top BM25 score) when the question's language lets BM25 see the document, against a bar that
        rises with the FAQ bank's nearest question; BM25 alone in keyword-only mode (`cosines` None)."""
        if not self._stand_ins:
            return {}
        config = self.config
        keyword = signals.get("bm25_passages", {})
        lexical = self._margins(keyword, max(keyword.values(), default=0.0) or 1.0)
        if cosines is None:
            return {
                doc: _logistic((m - config.stand_in_keyword_margin) / config.stand_in_keyword_spread)
                for doc, m in lexical.items()
            }
        # the nearer the bank's nearest question, the surer it is that a bundled text answers: the bar rises
        nearest = max(signals.get("dense_examples", {}).values(), default=config.bank_reference)
        bar = config.stand_in_margin + config.bank_share * (nearest - config.bank_reference)
        return {
            doc: _logistic(
                (m + config.stand_in_lexical_share * lexical.get(doc, 0.0) - bar) / config.stand_in_spread
            )
            for doc, m in self._dense_margins(cosines, lang).items()
        }

    def query_vector(self, query: Query) -> Vectors:
        vector: Vectors = self.encoder.encode_queries([self._dense_text(query)])[0]
        return vector

    def nearest_passages(self, vector: Vectors, k: int) -> list[tuple[Passage, float]]:
        """The `k` passages nearest the question's vector, with their cosine, best first."""
        ids, scores = self._passage_dense.search(vector, k)
        return [(self.data.passages[int(i)], float(s)) for i, s in zip(ids, scores, strict=True)]

    def search(
        self, query: Query, k: int = 10, mode: str = "hybrid", vector: Vectors | None = None
    ) -> list[Hit]:
        """`vector`: the query's vector when the caller already has it (one encoder call per question)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        signals: dict[str, dict[SectionId, float]] = {}
        cosines: dict[tuple[SectionId, str], float] | None = None
        if mode in ("hybrid", "keyword"):
            query_tokens = self._keyword_tokens(query)
            signals["bm25_passages"] = self._bm25(
                "passages", query.lang, query_tokens, self._passage_sections
            )
            signals["bm25_examples"] = self._bm25(
                "examples", query.lang, query_tokens, self._example_sections
            )
        if mode in ("hybrid", "dense"):
            vector = self.query_vector(query) if vector is None else vector
            cosines = self._passage_cosines(vector)
            signals["dense_passages"] = self._dense_passages(cosines, query.lang)
            signals["dense_examples"] = self._dense(self._example_dense, vector, self._example_sections)
        rankings = {name: _ranking(best, self.config.candidates) for name, best in signals.items()}
        fused = fuse(rankings, self.config.weights, self.config.rrf_k)
        self._stand_in(fused, rankings, self._gates(signals, cosines, query.lang), query.lang)
        self._answer_types(fused, query.text)
        if not read_cues(query.text).definition:
            for section in self._defining.intersection(fused):
                fused[section] *= self.config.definitions_weight
        for section in self.referenced(query.text):
            fused[section] = fused.get(section, 0.0) + self.config.reference_boost
        ranked = sorted(fused, key=lambda s: -fused[s])[:k]
        return [Hit(doc=s[0], section=s[1], score=fused[s]) for s in ranked]

    def _stand_in(
        self,
        fused: dict[SectionId, float],
        rankings: Mapping[str, Sequence[SectionId]],
        gates: Mapping[str, float],
        lang: str,
    ) -> None:
        """Add what the missing signals would give, in place: a section with no passage in the question's
        language takes its dense rank for BM25; an added document's passage ranks stand in for the bank,
        times its gate (a staff FAQ entry that ranks better keeps its own, larger, contribution)."""
        weights, k = self.config.weights, self.config.rrf_k
        ranks = {name: {s: r for r, s in enumerate(ranking, start=1)} for name, ranking in rankings.items()}
        dense = ranks.get("dense_passages", {})
        if "bm25_passages" in ranks:
            for section, position in dense.items():
                if lang not in self._langs[section]:
                    fused[section] = fused.get(section, 0.0) + weights.get("bm25_passages", 0.0) / (
                        k + position
                    )
        for passages, examples in (("bm25_passages", "bm25_examples"), ("dense_passages", "dense_examples")):
            if passages not in ranks:
                continue
            own = ranks.get(examples, {})
            # BM25 cannot see a section in the other language: its dense rank stands in there too
            for section in self._stand_ins.intersection(ranks[passages]) | self._stand_ins.intersection(
                dense
            ):
                blind = passages == "bm25_passages" and lang not in self._langs[section]
                rank = (dense if blind else ranks[passages]).get(section)
                gate = gates.get(section[0], 0.0)
                if rank is None or gate <= 0:
                    continue
                stand_in = gate * weights.get(examples, 0.0) / (k + rank)
                has = weights.get(examples, 0.0) / (k + own[section]) if section in own else 0.0
                fused[section] = fused.get(section, 0.0) + max(0.0, stand_in - has)

    def _answer_types(self, fused: dict[SectionId, float], question: str) -> None:
        """In place: a section that states the kind of fact the question asks for (a time, an amount, a
        sanction) gains `answer_type_boost` of its score."""
        kinds = asked(question)
        if not kinds:
            return
        factor = 1 + self.config.answer_type_boost
        floor = self.config.answer_type_reach * max(fused.values(), default=0.0)
        for section, score in fused.items():
            if score >= floor and kinds & self._stated.get(section, frozenset()):
                fused[section] = score * factor

    def referenced(self, text: str) -> list[SectionId]:
        """Sections the question cites explicitly and that exist; a number alone boosts nothing."""
        found = []
        for ref in find_references(text, self.titles):
            found += [(doc, ref.section) for doc in ref.doc_keys if (doc, ref.section) in self._known]
        return found

    def passages_of(self, section: SectionId, lang: str) -> list[Passage]:
        """The section's passages in `lang`, falling back to any language the index has."""
        rows = [self.data.passages[i] for i in self._rows.get(section, [])]
        return [p for p in rows if p.lang == lang] or rows
