"""Word lists kept in data/ (not in code): they load, are clean, and name particles are one
list shared by extraction, speaker linking and answering."""

from __future__ import annotations

import json

import pytest

from bot.ingest import names as ingest_names
from bot.ingest.extract import names as extract_names
from bot.ingest.extract import offices, salience, titles
from bot.resources import data_dir, ordered_words, word_list
from bot.text import entities
from bot.text.particles import name_particles

# (file, key) of every list read through word_list; the case of capitalised lists matters
# (they are matched against capitalised words: "Announces", "Republican", "QUESTION").
LISTS = {
    ("cues.json", "abbreviations"): "lower",
    ("cues.json", "weak_titles"): "as written",
    ("cues.json", "title_event_words"): "as written",
    ("cues.json", "title_verbs"): "as written",
    ("cues.json", "clear_speech_forms"): "lower",
    ("cues.json", "bare_speech_verbs"): "lower",
    ("cues.json", "reporter_labels"): "upper",
    ("cues.json", "anonymous_label_heads"): "lower",
    ("cues.json", "object_verbs"): "lower",
    ("names.json", "particles"): "lower",
    ("names.json", "body_heads"): "lower",
    ("names.json", "organisation_nouns"): "lower",
    ("names.json", "description_words"): "lower",
    ("names.json", "honorifics"): "lower",
    ("roles.json", "government_office_heads"): "lower",
    ("roles.json", "not_government"): "lower",
    ("roles.json", "official_words"): "lower",
    ("roles.json", "non_official_words"): "lower",
}
# Lists read in their order (phrases tried one after another), as ordered_words gives them.
ORDERED = (
    ("roles.json", "government_leaders"),
    ("roles.json", "top_offices"),
    ("roles.json", "top_offices_extra"),
)


def _raw(name: str, key: str) -> list[str]:
    entry = json.loads((data_dir() / name).read_text(encoding="utf-8"))[key]
    # A list, or an object holding it under "words" beside a "_comment".
    return entry["words"] if isinstance(entry, dict) else entry


@pytest.mark.parametrize(("name", "key"), sorted(LISTS))
def test_a_word_list_loads_non_empty_sorted_and_without_repeats(name: str, key: str) -> None:
    raw = _raw(name, key)
    assert raw, f"{name}:{key} is empty"
    assert all(isinstance(w, str) and w.strip() == w and w for w in raw)
    assert raw == sorted(set(raw)), f"{name}:{key} is not sorted or repeats a word"
    case = LISTS[(name, key)]
    if case == "lower":
        assert all(w == w.lower() for w in raw)
    elif case == "upper":
        assert all(w == w.upper() for w in raw)
    assert word_list(name, key) == frozenset(raw)


@pytest.mark.parametrize(("name", "key"), ORDERED)
def test_an_ordered_list_loads_lower_case_in_its_order(name: str, key: str) -> None:
    raw = _raw(name, key)
    assert raw and len(set(raw)) == len(raw), f"{name}:{key} is empty or repeats a phrase"
    assert all(w == w.lower() == w.strip() for w in raw)
    assert ordered_words(name, key) == tuple(raw)


def test_word_lists_are_read_once() -> None:
    assert word_list("names.json", "particles") is word_list("names.json", "particles")


def test_one_particle_list_serves_every_reader() -> None:
    shared = name_particles()
    assert {"von", "der", "bin", "da", "al"} <= shared
    assert offices._PARTICLES is shared
    assert titles._PARTICLES is shared
    assert ingest_names._PARTICLES is shared
    assert entities._NAME_PARTICLES is shared
    assert shared <= salience._NP_INNER
    # The name-run pattern alternates the same words.
    assert set(extract_names._PARTICLE.strip("(?:)").split("|")) == shared


def test_english_words_are_no_particles() -> None:
    """ "Why do Americans …" is no name: "do" and "y" are left out of the shared list."""
    assert not {"do", "y"} & name_particles()
    runs = [m.group() for m in extract_names.NAME_RUN_RE.finditer("Why do Americans care")]
    assert runs == ["Why", "Americans"]


@pytest.mark.parametrize(
    "name", ["Ludwig van Beethoven", "Mohammed bin Salman", "Luiz Inácio Lula da Silva"]
)
def test_a_name_with_particles_is_one_run(name: str) -> None:
    assert [m.group() for m in extract_names.NAME_RUN_RE.finditer(f"said {name} today")] == [name]


def test_one_honorific_list_serves_labels_roles_and_linking() -> None:
    from bot.ingest.extract import labels, speakers
    from bot.text.particles import honorifics

    shared = honorifics()
    assert {"mr", "ms", "dr", "dame", "gen"} <= shared
    assert speakers._HONORIFICS is shared
    assert ingest_names._HONORIFICS is shared
    assert {h.upper() for h in shared} == labels._HONORIFICS  # labels are in capitals
