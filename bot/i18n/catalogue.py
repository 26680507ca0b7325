"""Every string the bot shows, in French (the default) and English. Slack mrkdwn is allowed."""

from __future__ import annotations

import tomllib
from pathlib import Path

CATALOGUE: dict[str, dict[str, str]] = tomllib.loads(
    Path(__file__).with_name("catalogue.toml").read_text(encoding="utf-8")
)

EXAMPLES: dict[str, tuple[str, ...]] = {
    "fr": (
        "Puis-je accepter deux billets pour un match offerts par un fournisseur ?",
        "Quand dois-je me récuser si l'entreprise de mon beau-frère soumissionne ?",
        "Que prévoit l'article 33 de la Loi sur les conflits d'intérêts ?",
    ),
    "en": (
        "May I accept two tickets to a game offered by a supplier?",
        "When must I recuse myself if my brother-in-law's company bids on a contract?",
        "What does section 33 of the Conflict of Interest Act say?",
    ),
}
