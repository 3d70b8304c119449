"""Find the entities and speakers a question (or any text) talks about.

Matching works on folded tokens, longest alias first, so "the Kremlin", "Moscow" and
"Russian" all resolve to Russia and "Zelenskiy" to Volodymyr Zelenskyy. Misspelt names
("Lavorv", "Stoltenburg") are caught by a small edit-distance check against speaker
names. Aliases that are also common words ("US", "Price") only match as capitalised.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.answer.analysis import STOPWORDS, fold

_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_])*\.?|[^\W_]+", re.UNICODE)
_MAX_ALIAS_TOKENS = 6


@dataclass(frozen=True)
class EntityRef:
    id: int
    key: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpeakerRef:
    id: int
    name: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    entity_id: int | None = None


@dataclass(frozen=True)
class Token:
    surface: str
    folded: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    kind: Literal["entity", "speaker"]
    target_ids: tuple[int, ...]
    surface: str
    start: int
    end: int
    fuzzy: bool = False


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets; "U.S." stays one token, a possessive 's is dropped."""
    tokens = []
    for m in _TOKEN.finditer(text):
        surface = m.group()
        for part in re.finditer(r"[^'’\-]+", surface):
            piece = part.group()
            if piece.lower() == "s" and part.start() > 0:
                continue  # the "s" of "Russia's"
            start = m.start() + part.start()
            tokens.append(Token(piece, _fold_token(piece), start, start + len(piece)))
    return tokens


def _fold_token(surface: str) -> str:
    return fold(surface).replace(".", "")


def _alias_key(alias: str) -> tuple[str, ...]:
    return tuple(t.folded for t in tokenize(alias))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a transposition counts 1), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _fuzzy_limit(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


class Resolver:
    def __init__(
        self,
        entities: Iterable[EntityRef],
        speakers: Iterable[SpeakerRef],
        ambiguous_aliases: Iterable[str] = (),
    ) -> None:
        self.entities = {e.id: e for e in entities}
        self.speakers = {s.id: s for s in speakers}
        self._ambiguous = {_alias_key(a): a for a in ambiguous_aliases}
        # alias tokens -> (kind, ids)
        self._aliases: dict[tuple[str, ...], dict[str, set[int]]] = defaultdict(
            lambda: defaultdict(set)
        )
        for e in self.entities.values():
            for alias in (e.name, *e.aliases, *e.demonyms):
                self._add(alias, "entity", e.id)
        surnames: dict[str, set[int]] = defaultdict(set)
        for s in self.speakers.values():
            for alias in (s.name, *s.aliases):
                self._add(alias, "speaker", s.id)
            parts = _alias_key(s.name)
            if len(parts) > 1 and len(parts[-1]) >= 4 and parts[-1] not in STOPWORDS:
                surnames[parts[-1]].add(s.id)
        for surname, ids in surnames.items():
            for sid in ids:
                self._add(surname, "speaker", sid)
        # Single-token speaker aliases, for spelling tolerance.
        self._fuzzy_speaker_words = {
            key[0]: dict(kinds)
            for key, kinds in self._aliases.items()
            if len(key) == 1
            and "speaker" in kinds
            and len(key[0]) >= 5
            and key not in self._ambiguous
        }

    def add_speaker(self, speaker: SpeakerRef) -> None:
        """Make a speaker created during ingestion resolvable at once."""
        self.speakers[speaker.id] = speaker
        for alias in (speaker.name, *speaker.aliases):
            self._add(alias, "speaker", speaker.id)

    def _add(self, alias: str, kind: str, target: int) -> None:
        key = _alias_key(alias)
        if key and len(key) <= _MAX_ALIAS_TOKENS:
            self._aliases[key][kind].add(target)

    def _matches_case(self, key: tuple[str, ...], tokens: list[Token]) -> bool:
        """Ambiguous aliases must be written with the gazetteer's capitals ("US", "Price")."""
        wanted = self._ambiguous.get(key)
        if wanted is None:
            return True
        surface = " ".join(t.surface.replace(".", "") for t in tokens)
        expected = " ".join(t.surface.replace(".", "") for t in tokenize(wanted))
        return surface == expected or surface == expected.upper()

    def find(self, text: str, *, names_only: bool = False) -> list[Mention]:
        """Mentions in `text`, longest alias first.

        `names_only` says the whole text is meant as a name (a command argument such as
        "statements price"), so ambiguous aliases match whatever their case.
        """
        tokens = tokenize(text)
        mentions: list[Mention] = []
        i = 0
        while i < len(tokens):
            matched = False
            for n in range(min(_MAX_ALIAS_TOKENS, len(tokens) - i), 0, -1):
                window = tokens[i : i + n]
                key = tuple(t.folded for t in window)
                kinds = self._aliases.get(key)
                if not kinds or not (names_only or self._matches_case(key, window)):
                    continue
                for kind in ("speaker", "entity"):
                    if kinds.get(kind):
                        mentions.append(
                            Mention(
                                kind,  # type: ignore[arg-type]
                                tuple(sorted(kinds[kind])),
                                text[window[0].start : window[-1].end],
                                window[0].start,
                                window[-1].end,
                            )
                        )
                        break
                i += n
                matched = True
                break
            if not matched:
                fuzzy = self._fuzzy(tokens[i])
                if fuzzy:
                    mentions.append(fuzzy)
                i += 1
        return mentions

    def _fuzzy(self, token: Token) -> Mention | None:
        word = token.folded
        limit = _fuzzy_limit(word)
        if not limit or word in STOPWORDS:
            return None
        best: tuple[int, set[int]] | None = None
        for candidate, kinds in self._fuzzy_speaker_words.items():
            d = edit_distance(word, candidate, limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, set(kinds["speaker"]))
            elif best is not None and d == best[0]:
                best[1].update(kinds["speaker"])
        if best is None:
            return None
        return Mention(
            "speaker", tuple(sorted(best[1])), token.surface, token.start, token.end, fuzzy=True
        )
