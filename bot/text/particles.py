"""Lower-case particles inside people's names ("Ursula von der Leyen", "Mohammed bin Salman",
"Luiz Inácio Lula da Silva"): one list, in data/names.json, read by extraction (name runs,
titles, salience), speaker linking and the answering resolver alike."""

from __future__ import annotations

from bot.resources import word_list


def name_particles() -> frozenset[str]:
    return word_list("names.json", "particles")
