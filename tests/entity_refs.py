"""Entities the question-parsing tests resolve against, each under the id a test gives it
(tests/test_question_sides.py, tests/test_offices.py)."""

from __future__ import annotations

from bot.text.entities import EntityRef


def russia(entity_id: int) -> EntityRef:
    return EntityRef(entity_id, "russia", "Russia", ("Moscow", "the Kremlin"), ("Russian",))


def united_states(entity_id: int) -> EntityRef:
    return EntityRef(
        entity_id,
        "united-states",
        "United States",
        ("US", "Washington", "the Pentagon", "Pentagon", "the White House"),
        ("American",),
    )


def ukraine(entity_id: int) -> EntityRef:
    return EntityRef(entity_id, "ukraine", "Ukraine", ("Kyiv", "Kiev"), ("Ukrainian",))
