"""Load the cue lexicons in ``data/cues.json`` and compile them once.

Everything the extractor knows about English reporting language (speech verbs, role nouns,
titles, boilerplate lines) lives in that file (the kinds' words in ``data/kinds.json``), so
the rules in the code stay generic and the word lists can grow without touching them.
This module compiles the lists read everywhere into one ``Lexicon``; lists one module reads
alone (abbreviations, weak titles, the words of event titles …) it reads itself, through
``bot.resources.word_list``. Grammar words (pronouns, determiners, prepositions) stay in code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from bot.resources import data_json


def inflect(lemma: str) -> set[str]:
    """Regular English inflections of a speech-verb lemma (said-type irregulars are listed)."""
    if " " in lemma:  # phrasal verbs ("point out") list their forms explicitly
        return {lemma}
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


def _alternation(words: Iterable[str]) -> str:
    # Longest first so that "pointed out" wins over "pointed", "said" over "sai…".
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _pronoun_re(words: list[str]) -> re.Pattern[str]:
    # Lower case or sentence-initial capital only: "US" (the country) is not "us".
    alts = [w if w == "I" else f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words]
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b")


_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Lexicon:
    verb_lemma: dict[str, str]  # inflected form (lower case) -> lemma
    clause_forms: frozenset[str]  # forms that may introduce a reported clause
    verb_re: re.Pattern[str]  # any speech-verb form, word-bounded
    role_nouns: frozenset[str]
    female_words: frozenset[str]
    male_words: frozenset[str]
    titles: frozenset[str]
    org_words: frozenset[str]
    auxiliaries: frozenset[str]
    time_words: frozenset[str]
    non_person: frozenset[str]
    given_gender: dict[str, str]
    question_labels: frozenset[str]
    ordinals: dict[str, int]
    count_words: dict[str, int]
    enumerable_nouns: frozenset[str]
    boilerplate_re: re.Pattern[str]
    first_person_re: re.Pattern[str]
    second_person_re: re.Pattern[str]
    role_re: re.Pattern[str]  # a role noun, word-bounded, case-insensitive
    phrasal_re: re.Pattern[str]  # multi-word forms ("pointed out"), tried at their first word
    phrasal_heads: frozenset[str]
    speech_nouns: frozenset[str]  # what can "say" for its author: statement, report, letter
    claim_nouns: frozenset[str]  # what a possessor is quoted through: "Doe's claim that …"
    inverting: frozenset[str]  # lemmas that put the speaker after them: "…," said Peskov

    def in_person(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """``text[start:end]`` says "I", "we", "our" or "you": spoken, not narrated."""
        stop = len(text) if end is None else end
        return bool(
            self.first_person_re.search(text, start, stop)
            or self.second_person_re.search(text, start, stop)
        )

    def verbs(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """Speech-verb forms in ``text[start:end]``, word-bounded, any case, in text order.

        The same matches as ``verb_re.finditer`` at a fraction of the cost: words are looked
        up in a dictionary instead of trying hundreds of alternatives at every position.
        """
        forms = self.verb_lemma
        for m in _WORD_RE.finditer(text, start, end):
            w = m.group().lower()
            if w in self.phrasal_heads:
                pm = self.phrasal_re.match(text, m.start(), end)
                if pm is not None:
                    yield pm
                    continue
            if w in forms:
                yield m


@cache
def lexicon() -> Lexicon:
    raw = data_json("cues.json")
    verbs = raw["speech_verbs"]
    verb_lemma: dict[str, str] = {}
    for lemma, irregular in verbs["clause"].items():
        forms = set(irregular) | {lemma} if irregular else inflect(lemma)
        for form in forms:
            verb_lemma[form.lower()] = lemma
    quote_only = set(verbs["quote_only"])
    clause_forms = frozenset(f for f, lem in verb_lemma.items() if lem not in quote_only)
    given = {n: "m" for n in raw["given_names"]["m"]}
    given.update({n: "f" for n in raw["given_names"]["f"]})
    roles = {r.lower() for r in raw["role_nouns"]}
    return Lexicon(
        verb_lemma=verb_lemma,
        clause_forms=clause_forms,
        verb_re=re.compile(r"\b(?:" + _alternation(verb_lemma) + r")\b", re.IGNORECASE),
        role_nouns=frozenset(roles),
        female_words=frozenset(raw["female_role_nouns"]),
        male_words=frozenset(raw["male_role_nouns"]),
        titles=frozenset(raw["titles"]),
        org_words=frozenset(raw["organisation_words"]),
        auxiliaries=frozenset(raw["auxiliaries"]),
        time_words=frozenset(raw["time_words"]),
        non_person=frozenset(raw["non_person_subjects"]),
        given_gender=given,
        question_labels=frozenset(raw["question_labels"]),
        ordinals=raw["ordinals"],
        count_words=raw["count_words"],
        enumerable_nouns=frozenset(raw["enumerable_nouns"]),
        boilerplate_re=re.compile("|".join(raw["boilerplate"]), re.IGNORECASE),
        first_person_re=_pronoun_re(raw["first_person"]),
        second_person_re=_pronoun_re(raw["second_person"]),
        role_re=re.compile(r"\b(?:" + _alternation(roles) + r")\b", re.IGNORECASE),
        phrasal_re=re.compile(
            r"(?:" + _alternation([f for f in verb_lemma if " " in f]) + r")\b", re.IGNORECASE
        ),
        phrasal_heads=frozenset(f.split()[0] for f in verb_lemma if " " in f),
        speech_nouns=frozenset(raw["speech_nouns"]),
        claim_nouns=frozenset(raw["claim_nouns"]),
        inverting=frozenset(verbs["inverting"]),
    )
