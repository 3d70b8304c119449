"""Autocomplete: speaker and entity names from the store, best matches first. Pure."""

from __future__ import annotations

import re
import unicodedata

from bot.store import repo
from bot.store.store import Store

SUGGESTIONS_LIMIT = 25  # Discord shows at most 25 autocomplete choices
CHOICE_LIMIT = 100
_WORD_BREAK = re.compile(r"[\W_]+")


def suggest_names(store: Store, kind: str, typed: str, limit: int = SUGGESTIONS_LIMIT) -> list[str]:
    """Names of `kind` ("speaker" or "entity") matching what the user has typed so far.

    Prefix matches (of the name, a surname or an alias) come before other matches, and
    speakers with approved statements before those without, so the first suggestion is
    usually the one that answers.
    """
    with store.reading() as session:
        if kind == "entity":
            rows = [(e.name, [*e.aliases, *e.demonyms], 0) for e in repo.all_entities(session)]
        else:
            counts = repo.approved_counts_by_speaker(session)
            rows = [
                (s.name, list(s.aliases), counts.get(s.id, 0)) for s in repo.all_speakers(session)
            ]
    return rank_names(rows, typed, limit)


def rank_names(rows: list[tuple[str, list[str], int]], typed: str, limit: int) -> list[str]:
    wanted = _fold(typed)
    ranked: list[tuple[int, int, str]] = []
    for name, aliases, weight in rows:
        if not 1 <= len(name) <= CHOICE_LIMIT:
            continue
        forms = [_fold(name), *(_fold(a) for a in aliases if isinstance(a, str))]
        words = [w for form in forms for w in _WORD_BREAK.split(form) if w]
        if not wanted or wanted in forms:
            rank = 0
        elif any(f.startswith(wanted) for f in forms):
            rank = 1
        elif any(w.startswith(wanted) for w in words):
            rank = 2
        elif any(wanted in f for f in forms):
            rank = 3
        else:
            continue
        ranked.append((rank, -weight, name))
    ranked.sort(key=lambda r: (r[0], r[1], r[2].casefold()))
    return list(dict.fromkeys(name for _, _, name in ranked))[:limit]


def _fold(text: str) -> str:
    """Case- and accent-insensitive: "Lavrov" matches "lav", "Zelenskyy" matches "zelen"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
