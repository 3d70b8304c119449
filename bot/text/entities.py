"""Find the entities and speakers a question (or any text) talks about.

Matching works on folded tokens, longest alias first, so "the Kremlin", "Moscow" and
"Russian" all resolve to Russia and "Zelenskiy" to Volodymyr Zelenskyy. Misspelt names
("Lavorv", "Stoltenburg") are caught by a small edit-distance check against speaker
names. Aliases that are also common words ("US", "Price") only match as capitalised.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar, cast

from bot.text.analysis import STOPWORDS, fold, is_common_word
from bot.text.particles import name_particles

_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_])*\.?|[^\W_]+", re.UNICODE)
_MAX_ALIAS_TOKENS = 6
# Particles that open a surname ("Lula da Silva", "Ursula von der Leyen").
_NAME_PARTICLES = name_particles()
T = TypeVar("T")


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
    # Every role documents gave them (`role` is the first): bot.text.described reads them.
    roles: tuple[str, ...] = ()


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
    # People a side excludes: "Biden's adviser" is the US side, Biden himself excepted.
    excluded: tuple[int, ...] = ()


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets; "U.S." stays one token, a possessive 's is dropped."""
    tokens = []
    for m in _TOKEN.finditer(text):
        piece = m.group()
        if piece.lower() == "s" and m.start() > 0 and text[m.start() - 1] in "'’":
            continue  # the "s" of "Russia's"
        tokens.append(Token(piece, _fold_token(piece), m.start(), m.end()))
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


def _implicit_surnames(parts: tuple[str, ...]) -> list[str]:
    """The single words a speaker is called by alone: the last name, and in a name whose
    surname opens with a particle after the given names, the word before it too ("Lula"
    in "Luiz Inácio Lula da Silva"; not "Ursula" in "Ursula von der Leyen")."""
    if len(parts) < 2:
        return []
    found = [parts[-1]]
    for i in range(2, len(parts) - 1):
        if parts[i] in _NAME_PARTICLES and parts[i - 1] not in _NAME_PARTICLES:
            found.append(parts[i - 1])
            break
    return [w for w in found if len(w) >= 4 and w not in STOPWORDS]


def _letters(word: str) -> int:
    """The set of characters in `word` as bits (distinct characters may share a bit, which
    only ever makes two words look closer than they are)."""
    mask = 0
    for c in word:
        mask |= 1 << (ord(c) & 63)
    return mask


def _fuzzy_limit(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


class Resolver:
    """Alias index over entities and speakers.

    Explicit aliases (the gazetteer's, stored speakers') match in any case, except the
    ambiguous ones, which need their capitals. A speaker's bare surname is an implicit
    alias: written with a capital it always matches; in lower case only when it is not
    also an everyday English word ("kallas" yes, "west" no). Where a name is both an
    entity's and an institution speaker's ("Nato"), the entity wins: the institution is
    reached through its entity.
    """

    def __init__(
        self,
        entities: Iterable[EntityRef],
        speakers: Iterable[SpeakerRef],
        ambiguous_aliases: Iterable[str] = (),
    ) -> None:
        self.entities = {e.id: e for e in entities}
        self.speakers: dict[int, SpeakerRef] = {}
        self._ambiguous = {_alias_key(a): a for a in ambiguous_aliases}
        self._aliases: dict[tuple[str, ...], dict[str, set[int]]] = defaultdict(
            lambda: defaultdict(set)
        )
        self._surnames: dict[str, set[int]] = defaultdict(set)
        self._fuzzy_index: dict[str, list[tuple[str, int]]] | None = None
        self._derived: dict[object, object] = {}
        for e in self.entities.values():
            for alias in (e.name, *e.aliases, *e.demonyms):
                self._add(alias, "entity", e.id)
        for speaker in speakers:
            self.add_speaker(speaker)

    def add_speaker(self, speaker: SpeakerRef) -> None:
        """Index a speaker (also one created during ingestion, at once)."""
        self.speakers[speaker.id] = speaker
        self._fuzzy_index = None
        self._derived.clear()
        for alias in (speaker.name, *speaker.aliases):
            self._add(alias, "speaker", speaker.id)
        for surname in _implicit_surnames(_alias_key(speaker.name)):
            self._surnames[surname].add(speaker.id)

    def derived(self, key: object, build: Callable[[], T]) -> T:
        """A value computed from these speakers and entities (such as who holds an office),
        kept until a speaker is added."""
        if key not in self._derived:
            self._derived[key] = build()
        # Values of many types share the cache; each key is only ever built by one `build`.
        return cast(T, self._derived[key])

    def _add(self, alias: str, kind: str, target: int) -> None:
        key = _alias_key(alias)
        if key and len(key) <= _MAX_ALIAS_TOKENS:
            self._aliases[key][kind].add(target)

    def _fuzzy_words(self) -> dict[str, list[tuple[str, int]]]:
        """Single-token speaker aliases by first letter, for spelling tolerance. A misspelt
        name nearly always keeps its first letter, and the bucket keeps the search small."""
        if self._fuzzy_index is None:
            index: dict[str, set[str]] = defaultdict(set)
            for key, kinds in self._aliases.items():
                if len(key) == 1 and kinds.get("speaker") and key not in self._ambiguous:
                    index[key[0][0]].add(key[0])
            for surname in self._surnames:
                if (surname,) not in self._ambiguous:
                    index[surname[0]].add(surname)
            self._fuzzy_index = {
                letter: [(w, _letters(w)) for w in sorted(words) if len(w) >= 5]
                for letter, words in index.items()
            }
        return self._fuzzy_index

    def _speaker_targets(self, word: str) -> set[int]:
        return set(self._aliases.get((word,), {}).get("speaker", ())) | self._surnames.get(
            word, set()
        )

    def _matches_case(
        self, key: tuple[str, ...], tokens: list[Token], previous: Token | None = None
    ) -> bool:
        """Ambiguous aliases must be written with the gazetteer's capitals ("US", "Price"),
        unless an article shows they are a name ("the us secretary of state")."""
        wanted = self._ambiguous.get(key)
        if wanted is None:
            return True
        if previous is not None and previous.folded == "the" and len(key) == 1:
            return True
        surface = " ".join(t.surface.replace(".", "") for t in tokens)
        expected = " ".join(t.surface.replace(".", "") for t in tokenize(wanted))
        return surface == expected or surface == expected.upper()

    def _surname(self, token: Token, names_only: bool) -> set[int]:
        ids = self._surnames.get(token.folded)
        if not ids or (token.folded,) in self._ambiguous:
            return set()
        if names_only or token.surface[:1].isupper() or not is_common_word(token.folded):
            return set(ids)
        return set()

    def find(self, text: str, *, names_only: bool = False, fuzzy: bool = True) -> list[Mention]:
        """Mentions in `text`, longest alias first.

        `names_only` says the whole text is meant as a name (a command argument such as
        "statements price"), so ambiguous aliases match whatever their case. `fuzzy` allows
        misspelt speaker names (questions); scanning stored text does without.
        """
        tokens = tokenize(text)
        mentions: list[Mention] = []
        i = 0
        while i < len(tokens):
            found = self._longest(tokens, i, names_only)
            if found is not None:
                mention, width = found
                mentions.append(
                    Mention(
                        mention[0],
                        mention[1],
                        text[tokens[i].start : tokens[i + width - 1].end],
                        tokens[i].start,
                        tokens[i + width - 1].end,
                    )
                )  # noqa: E501
                i += width
                continue
            surname = self._surname(tokens[i], names_only)
            misspelt = None if surname or not fuzzy else self._fuzzy(tokens[i])
            if surname:
                token = tokens[i]
                mentions.append(
                    Mention(
                        "speaker", tuple(sorted(surname)), token.surface, token.start, token.end
                    )
                )
            elif misspelt:
                mentions.append(misspelt)
            i += 1
        return mentions

    def _longest(
        self, tokens: list[Token], i: int, names_only: bool
    ) -> tuple[tuple[Literal["entity", "speaker"], tuple[int, ...]], int] | None:
        for n in range(min(_MAX_ALIAS_TOKENS, len(tokens) - i), 0, -1):
            window = tokens[i : i + n]
            key = tuple(t.folded for t in window)
            kinds = self._aliases.get(key)
            # An article makes an ambiguous *entity* alias a name ("the us"); not a speaker's.
            previous = tokens[i - 1] if i and kinds and kinds.get("entity") else None
            if not kinds or not (names_only or self._matches_case(key, window, previous)):
                continue
            kind: Literal["entity", "speaker"] = "entity" if kinds.get("entity") else "speaker"
            if kinds.get(kind):
                return (kind, tuple(sorted(kinds[kind]))), n
        return None

    def _fuzzy(self, token: Token) -> Mention | None:
        word = token.folded
        limit = _fuzzy_limit(word)
        if not limit or word in STOPWORDS:
            return None
        best: tuple[int, set[int]] | None = None
        letters = _letters(word)
        for candidate, its_letters in self._fuzzy_words().get(word[0], ()):
            # Each edit adds or removes at most one letter, so a word with more than `limit`
            # letters the other lacks is too far: skip it before the costly distance.
            if (letters & ~its_letters).bit_count() > limit or (
                its_letters & ~letters
            ).bit_count() > limit:
                continue
            d = edit_distance(word, candidate, limit)
            if d > limit:
                continue
            targets = self._speaker_targets(candidate)
            if best is None or d < best[0]:
                best = (d, set(targets))
            elif d == best[0]:
                best[1].update(targets)
        # An everyday word ("state", "stance") is itself, not a misspelt name; asked last,
        # since most words are near no name and the word list is large to load.
        if best is None or is_common_word(word):
            return None
        return Mention(
            "speaker", tuple(sorted(best[1])), token.surface, token.start, token.end, fuzzy=True
        )
