"""A real subset of a corpus folder: a few laws in both languages, their FAQ entries, the scope banks
and the lexicon. The tests build their index on it and bench/knowledge.py times a cold build of it."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

SMALL_DOCS = ("C-36.65", "L-12.4")


def copy_subset(corpus: Path, target: Path, docs: Sequence[str] = SMALL_DOCS) -> Path:
    for lang in ("en", "fr"):
        (target / "federal" / lang).mkdir(parents=True, exist_ok=True)
        for stem in docs:
            shutil.copy(corpus / "federal" / lang / f"{stem}.xml", target / "federal" / lang)
    (target / "faq").mkdir(exist_ok=True)
    for stem in docs:
        if (corpus / "faq" / f"{stem}.jsonl").exists():
            shutil.copy(corpus / "faq" / f"{stem}.jsonl", target / "faq")
    if (corpus / "scope").is_dir():
        shutil.copytree(corpus / "scope", target / "scope", dirs_exist_ok=True)
    if (corpus / "lexicon.tsv").exists():
        shutil.copy(corpus / "lexicon.tsv", target)
    return target
