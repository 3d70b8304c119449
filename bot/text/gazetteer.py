"""The shipped gazetteer: entities (countries, organisations) and known speakers.

Countries come from the countryinfo package (bot/text/countries.py): every UN member state
with its names, capital and demonyms. `data/gazetteer.json` adds what the package lacks
(metonyms such as "the Kremlin", offices, other spellings, people) under stable keys, and
`data/organisations.json` lists the international organisations. `curated()` reads only
those files and is cheap; `load_gazetteer()` merges in the package and is for seeding and
ingestion, not for answering a question.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from bot.resources import data_json
from bot.text.analysis import fold
from bot.text.entities import tokenize

FILES = ("gazetteer.json", "organisations.json")
_ONE_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_])*\.?", re.UNICODE)


@dataclass(frozen=True)
class EntityEntry:
    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True)
class SpeakerEntry:
    name: str
    aliases: tuple[str, ...]
    role: str | None
    entity: str | None


@dataclass(frozen=True)
class Gazetteer:
    entities: tuple[EntityEntry, ...]
    speakers: tuple[SpeakerEntry, ...]
    ambiguous_aliases: frozenset[str] = frozenset()
    personal_names: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CuratedEntity:
    key: str
    iso: str | None
    name: str | None
    kind: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True)
class Curated:
    """What the project's own files say, without the package's countries."""

    entities: tuple[CuratedEntity, ...]
    speakers: tuple[SpeakerEntry, ...]
    ambiguous: frozenset[str]
    personal_names: frozenset[str]


class _Named(Protocol):
    # Read-only, so frozen dataclasses (EntityEntry, EntityRef) match.
    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


def form(phrase: str) -> tuple[str, ...]:
    """A phrase as the resolver matches it: folded word tokens."""
    return tuple(t.folded for t in tokenize(phrase))


@cache
def curated() -> Curated:
    entities: list[CuratedEntity] = []
    speakers: list[SpeakerEntry] = []
    ambiguous: set[str] = set()
    personal: set[str] = set()
    for filename in FILES:
        raw = data_json(filename)
        for e in raw.get("entities", []):
            entities.append(
                CuratedEntity(
                    e["key"],
                    e.get("iso"),
                    e.get("name"),
                    e.get("kind", "country"),
                    tuple(e.get("aliases", ())),
                    tuple(e.get("demonyms", ())),
                )
            )
        speakers.extend(
            SpeakerEntry(s["name"], tuple(s["aliases"]), s.get("role"), s.get("entity"))
            for s in raw.get("speakers", [])
        )
        ambiguous.update(raw.get("ambiguous_aliases", ()))
        personal.update(raw.get("also_personal_names", ()))
    keys = [e.key for e in entities]
    if len(keys) != len(set(keys)):
        raise ValueError("gazetteer: an entity key is listed twice")
    return Curated(tuple(entities), tuple(speakers), frozenset(ambiguous), frozenset(personal))


@cache
def curated_forms() -> dict[str, frozenset[tuple[str, ...]]]:
    """Each curated entity's own name, aliases and demonyms, as the resolver matches them."""
    return {
        e.key: frozenset(form(p) for p in (e.name or "", *e.aliases, *e.demonyms) if p)
        for e in curated().entities
    }


def ambiguous_aliases(entities: Iterable[_Named]) -> frozenset[str]:
    """The aliases that match only as written with their capitals: the curated ambiguous
    ones, and every one-word alias of these entities that the country package gave rather
    than the gazetteer (capitals such as "Praia", other names such as "Suomi"). Computed from
    the stored entities and the curated files alone, so answering never loads the package."""
    own_forms = curated_forms()
    found = set(curated().ambiguous)
    for e in entities:
        own = own_forms.get(e.key, frozenset())
        for alias in e.aliases:
            # One token, as the resolver splits words ("U.S." is one, "Nur-Sultan" two).
            if _ONE_TOKEN.fullmatch(alias):
                f = form(alias)
                if f not in own and f != (fold(e.name),):
                    found.add(alias)
    return frozenset(found)


@cache
def load_gazetteer() -> Gazetteer:
    cur = curated()
    entities = _merge_countries(cur)
    keys = {e.key for e in entities}
    for s in cur.speakers:
        if s.entity and s.entity not in keys:
            raise ValueError(f"gazetteer speaker {s.name} names unknown entity {s.entity}")
    return Gazetteer(entities, cur.speakers, ambiguous_aliases(entities), cur.personal_names)


def _merge_countries(cur: Curated) -> tuple[EntityEntry, ...]:
    """The curated entities, each country completed from the package, then the package's
    other countries. A name the package gives is dropped where it is another entity's
    (Belgium's capital "Brussels" is the EU's alias), a speaker's, or never an alias."""
    from bot.text.countries import not_aliases, package_countries, wanted_codes

    codes = wanted_codes()
    package = package_countries(codes)
    curated_isos = {e.iso for e in cur.entities if e.iso}
    missing = sorted(set(codes) - set(package) - curated_isos)
    if missing:
        raise ValueError(f"the country package lacks {', '.join(missing)}")
    banned = {form(a) for a in not_aliases()}

    drafts: list[tuple[CuratedEntity, list[str], list[str]]] = []
    for e in cur.entities:
        p = package.get(e.iso) if e.iso else None
        if p is None:
            if e.name is None:
                raise ValueError(f"gazetteer entity {e.key} needs a name")
            drafts.append((e, [], []))
            continue
        names = ([p.name] if e.name and e.name != p.name else []) + [*p.names, *p.capitals]
        drafts.append((_with_name(e, e.name or p.name), names, list(p.demonyms)))
    for code in sorted(set(package) - curated_isos, key=lambda c: package[c].name):
        p = package[code]
        base = CuratedEntity(code.lower(), code, p.name, "country", (), ())
        drafts.append((base, [*p.names, *p.capitals], list(p.demonyms)))

    # Whose every form is: a curated form is its entity's alone; a name is its entity's.
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    # Every draft has a name (checked above); `or e.key` is the entry's own fallback below.
    for e, _, _ in drafts:
        for phrase in (e.name or e.key, *e.aliases, *e.demonyms):
            owners[form(phrase)].add(e.key)
    people = {form(p) for s in cur.speakers for p in (s.name, *s.aliases)}

    def usable(phrase: str, key: str, taken: set[tuple[str, ...]]) -> bool:
        f = form(phrase)
        if not f or f in taken or f in banned or f in people or owners.get(f, {key}) != {key}:
            return False
        taken.add(f)
        return True

    out = []
    for e, names, demonyms in drafts:
        taken = {form(p) for p in (e.name or e.key, *e.aliases, *e.demonyms)}
        more_demonyms = [d for d in demonyms if usable(d, e.key, taken)]
        more_aliases = [a for a in names if usable(a, e.key, taken)]
        out.append(
            EntityEntry(
                e.key,
                e.name or e.key,
                e.kind,
                (*e.aliases, *more_aliases),
                (*more_demonyms, *e.demonyms),
            )
        )
    return tuple(out)


def _with_name(e: CuratedEntity, name: str) -> CuratedEntity:
    return CuratedEntity(e.key, e.iso, name, e.kind, e.aliases, e.demonyms)


class Party(Protocol):
    """A country or organisation as the gazetteer or the store's resolver gives it."""

    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def demonyms(self) -> Sequence[str]: ...


def side_names_of(entity: Party) -> frozenset[str]:
    """The names a party goes by as a clause's subject: its name, other names and
    nationality, folded (lower case, no accents: "turkiye"), "the" left out."""
    return frozenset(_bare(n) for n in (entity.name, *entity.aliases, *entity.demonyms))


@cache
def party_names() -> frozenset[str]:
    """Every name of a country or organisation the gazetteer knows, as `side_names_of`
    gives them ("russia", "moscow", "russian", "nato"): what names a party to a dispute."""
    return frozenset().union(*(side_names_of(e) for e in _parties()))


@cache
def party_first_words() -> frozenset[str]:
    """The first word of every name in `party_names` ("russia", "united", "nato")."""
    return frozenset(name.split()[0] for name in party_names() if name)


@cache
def party_forms() -> dict[tuple[str, ...], frozenset[str]]:
    """Each name of a country or organisation as `form` folds it -> `side_names_of` it."""
    out: dict[tuple[str, ...], frozenset[str]] = {}
    for e in _parties():
        names = side_names_of(e)
        for name in names:
            out.setdefault(form(name), names)
    return out


def _parties() -> list[EntityEntry]:
    return [e for e in load_gazetteer().entities if e.kind in ("country", "organisation")]


def _bare(name: str) -> str:
    low = fold(name)
    return low[4:] if low.startswith("the ") else low
