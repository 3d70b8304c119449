"""The small words of people's names, each one list in data/names.json read by everyone who
needs it: particles inside a name ("Ursula von der Leyen", "Mohammed bin Salman", "Luiz
Inácio Lula da Silva"), read by extraction (name runs, titles, salience), speaker linking
and the answering resolver; honorifics before one ("Mr", "Dr", "Dame", "Gen."), read by
transcript labels, speaker roles and linking."""

from __future__ import annotations

from bot.resources import word_list


def name_particles() -> frozenset[str]:
    return word_list("names.json", "particles")


def postnominals() -> frozenset[str]:
    """Lower case: "kc", "mp"."""
    return word_list("names.json", "postnominals")


def honorifics() -> frozenset[str]:
    """Lower case, without their full stop."""
    return word_list("names.json", "honorifics")
