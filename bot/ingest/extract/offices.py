"""Titles and offices: which title marks a person, and whether two roles name one office."""

from __future__ import annotations

import re

_WEAK_TITLES = frozenset(
    "Republican Democratic Democrat National Federal Foreign Defence Defense State Former Retired "
    "Acting Interim Press First Vice Prime Deputy Senior Junior Special Associate Executive "
    "Supreme Majority Minority House Senate Oversight Committee Judiciary Intelligence Armed "
    "Services Homeland Security Interior Treasury Commerce Labor Health Education Energy "
    "Transportation Agriculture Presidential Police Fire City County District GOP Libertarian "
    "Green Rival Crown Under Assistant Ex Candidate Nominee Activist".split()
)


def strong_title(title: str) -> bool:
    """A title that marks a person ("Sen.", "Foreign Minister"), not an adjective ("National")."""
    return any(t.rstrip(".") not in _WEAK_TITLES for t in title.split() if t not in {"of", "the"})


_GENERIC_PLACE = frozenset(
    "the of and for republic federation federative kingdom state states united people".split()
)


def complement(role: str) -> set[str]:
    """Stems of the "of …" complement of a role: "President of Russia" -> {"russi"}."""
    parts = re.split(r"\s+of\s+", role.lower(), maxsplit=1)
    if len(parts) < 2:
        return set()
    words = re.findall(r"[a-z]{3,}", re.sub(r"[’']s\b", "", parts[1]))
    return {w[:5] for w in words if w not in _GENERIC_PLACE}


def same_office(comp: set[str], roles: list[str]) -> bool:
    if not comp:
        return True
    known = [c for c in (complement(r) for r in roles) if c]
    return not known or any(c <= comp or comp <= c for c in known)


def states_office(comp: set[str], roles: list[str]) -> bool:
    """One of ``roles`` names the office ``comp`` describes, not only a compatible title."""
    return bool(comp) and any(c and (c <= comp or comp <= c) for c in map(complement, roles))


def role_before(before: str) -> str:
    m = re.search(r"((?:[\w’'\-]+\s+){0,4}[\w’'\-]+)\s+$", before)
    if not m:
        return ""
    words = m.group(1).split()
    # Keep from the last determiner or possessive onwards: "Putin’s spokesman".
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w.lower() in {"the", "a", "an", "his", "her", "their"} or w.endswith(("’s", "'s")):
            return " ".join(words[k:])
        if w[:1].isupper() and k < len(words) - 1 and not words[k - 1 : k]:
            return " ".join(words[k:])
    return " ".join(words[-3:]) if len(words) > 2 else " ".join(words)
