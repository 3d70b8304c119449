"""Countries from the countryinfo package: every UN member state, the observers and Taiwan.

countryinfo (MIT, no dependencies, its data inside the wheel) gives each country's English
name, other spellings (official names such as "Russian Federation" among them), capital and
demonym. `data/countries.json` says which countries to take (the UN members by ISO 3166-1
alpha-3 code, which no light package records) and which of the package's names must never be
taken for a country ("Victoria", "Male"). The curated gazetteer entries, matched by ISO code,
add what the package lacks and win over it.

Only seeding and ingestion build this (reading the package takes some 20 ms, merging it with
the gazetteer as long again); answering reads the entities from the store.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.resources import data_json
from bot.text.analysis import fold

COUNTRIES_FILE = "countries.json"
PACKAGE = "countryinfo"


@dataclass(frozen=True)
class PackageCountry:
    """One country as the package gives it, its duplicate records merged."""

    iso: str
    name: str
    names: tuple[str, ...]  # other names: official, short, older and native spellings
    capitals: tuple[str, ...]
    demonyms: tuple[str, ...]


def wanted_codes() -> dict[str, str]:
    """ISO alpha-3 code -> why it is included ("member", "observer", "other")."""
    raw = _spec()
    codes = {c: "member" for c in raw["un_members"]}
    codes.update({c: "observer" for c in raw.get("un_observers", [])})
    codes.update({c: "other" for c in raw.get("others", [])})
    return codes


def not_aliases() -> frozenset[str]:
    return frozenset(fold(a) for a in _spec().get("not_aliases", []))


@cache
def _spec() -> dict:
    return data_json(COUNTRIES_FILE)


def package_fingerprint() -> bytes:
    """What identifies the installed package's data (its version line), read without
    importing it, so that checking whether the store's seed is current stays cheap."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return b"missing"
    return Path(spec.origin).read_bytes()


def package_countries(codes: Iterable[str]) -> dict[str, PackageCountry]:
    """The package's record of each code, by code. A code it lacks is left out."""
    try:
        from countryinfo import CountryInfo
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise RuntimeError(
            "the countryinfo package is missing: reinstall Attaché (pip install .)"
        ) from exc
    wanted = set(codes)
    records: dict[str, list[Mapping[str, Any]]] = {}
    for info in CountryInfo.all().values():
        iso = info.get("ISO") or {}
        # Records without a numeric code are regions or duplicates (Wales under GBR).
        if iso.get("alpha3") in wanted and iso.get("numeric"):
            records.setdefault(iso["alpha3"], []).append(info)
    return {code: _merge(code, found) for code, found in records.items()}


def _merge(code: str, records: list[Mapping[str, Any]]) -> PackageCountry:
    # Where the package has two records of one country ("Palestine", "Palestine, State of"),
    # the name without a comma is the common one; the others become other names.
    records = sorted(records, key=lambda r: ("," in r["name"] or "(" in r["name"], r["name"]))
    names: list[str] = [r["name"] for r in records[1:]]
    capitals: list[str] = []
    demonyms: list[str] = []
    for r in records:
        names.extend(r.get("altSpellings") or [])
        capital = r.get("capital") or []
        capitals.extend([capital] if isinstance(capital, str) else capital)
        for d in (r.get("demonym") or "").replace(" and ", ",").split(","):
            demonyms.append(d)
    codes = {str(v) for v in (records[0].get("ISO") or {}).values()}
    return PackageCountry(
        code,
        records[0]["name"],
        tuple(_clean(names, skip=codes)),
        tuple(_clean(capitals, skip=codes)),
        # A demonym that is only the country's name ("Djibouti") says nothing more.
        tuple(_with_plurals(_clean(demonyms, skip=codes | {records[0]["name"]}))),
    )


def _clean(values: Iterable[str], *, skip: set[str]) -> Iterator[str]:
    """Names worth matching in English text: no ISO codes ("RU", "RUS"), no inverted or
    glossed forms ("Korea, Republic of", "Holy See (Vatican City State)"), no non-Latin
    scripts, no phonetic spellings, and no leading article ("the State of Palestine" is
    matched as "State of Palestine")."""
    seen = set()
    for value in values:
        value = " ".join(value.split())
        if value[:4].lower() == "the ":
            value = value[4:]
        if (
            not value
            or value in skip
            or "," in value
            or "(" in value
            or not value[0].isupper()
            or not _latin(value)
            or fold(value) in seen
        ):
            continue
        seen.add(fold(value))
        yield value


def _latin(text: str) -> bool:
    return all(
        not ch.isalpha()
        or (unicodedata.name(ch, "").startswith("LATIN") and not "\u0250" <= ch <= "\u02af")
        for ch in text
    )


def _with_plurals(demonyms: Iterable[str]) -> Iterator[str]:
    """Each demonym, then its plural where English forms it with -s ("Kenyans", "Iraqis",
    "New Zealanders", "Cypriots"); "Chinese", "French" and "Swiss" have none."""
    for d in demonyms:
        yield d
        if d.endswith(("an", "i", "er", "ot")):
            yield d + "s"
