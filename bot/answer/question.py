"""Question understanding: what is asked, about whom, on what topic.

The parser never looks for whole questions; it classifies words (intent words, light
reporting verbs, topic words) and mentions (entities, speakers) by principle, so it
generalises to questions it has never seen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from bot.answer.addressing import without_address
from bot.answer.recency import RECENCY_WORDS, RecencyWords, asks_latest
from bot.answer.sides import (
    AUXILIARIES,
    Placed,
    persons_bodies,
    place,
    unknown_in_slot,
    with_slot_names,
)
from bot.answer.when import When
from bot.answer.when import understand as understand_time
from bot.resources import data_json
from bot.text.analysis import STOPWORDS, fold, looks_like_a_name, stem, words
from bot.text.described import described_mentions
from bot.text.entities import Mention, Resolver, Token, tokenize
from bot.text.roles import office_mentions, office_then_unknown_name
from bot.text.spelling import spelling_stems


@dataclass(frozen=True)
class Lexicon:
    intents: dict[str, frozenset[str]]
    kind_words: dict[str, frozenset[str]]
    light_words: frozenset[str]
    topic_prepositions: frozenset[str]
    synonyms: dict[str, frozenset[str]]
    # Everyday phrases for one formal concept ("kick out" ~ expel, "behind bars" ~ prison):
    # each phrase's word stems in order, and the stems of the words that say it formally,
    # filed under the phrase's first stem so a question looks up only those its words open.
    phrases: dict[str, tuple[Phrase, ...]]
    # Stems of verbs that make "who VERB …" ask who said so.
    saying_stems: frozenset[str]
    # Nouns after "X's" that make X the side speaking (see `possessor_speaks`).
    stance_nouns: frozenset[str] = frozenset()
    # Verbs of saying as written ("said", "warns"), for trimming them off a name's slot.
    saying_words: frozenset[str] = frozenset()
    # A party's bodies: "Kyiv's military intelligence", "the Biden team" (bot.answer.sides).
    bodies: frozenset[str] = frozenset()
    # Nouns of an occasion a place or party may name: "the Madrid summit" (bot.answer.sides).
    occasions: frozenset[str] = frozenset()
    # What makes "current"/"new" ask for the newest (bot.answer.recency).
    recency: RecencyWords = RecencyWords(frozenset(), frozenset(), frozenset())


# A phrase's word stems in order, and the stems of the words saying it formally.
Phrase = tuple[tuple[str, ...], frozenset[str]]


def _by_first_stem(entries: list[dict]) -> dict[str, tuple[Phrase, ...]]:
    filed: dict[str, list[Phrase]] = {}
    for entry in entries:
        phrase = tuple(stem(w) for w in words(entry["phrase"]))
        filed.setdefault(phrase[0], []).append((phrase, frozenset(map(stem, entry["words"]))))
    return {first: tuple(phrases) for first, phrases in filed.items()}


@cache
def lexicon() -> Lexicon:
    raw = data_json("question_words.json")
    synonyms: dict[str, set[str]] = {}
    # The question gazetteer's few synonyms of the founding questions, then the domain
    # thesaurus (data/thesaurus.json): the everyday words a question types for the formal
    # ones officials say ("ammo" for "ammunition", "nukes" for "nuclear").
    thesaurus = data_json("thesaurus.json")
    for group in [*raw["synonyms"], *thesaurus["groups"]]:
        stems = {stem(w) for w in group}
        for member in stems:
            # A word in two groups ("evacuation") relates to both.
            synonyms.setdefault(member, set()).update(stems - {member})
    saying_words = frozenset(
        [*raw["stance_verbs"], *data_json("cues.json")["speech_verbs"]["clause"]]
    )
    saying_stems = _saying_stems(raw["stance_verbs"])
    return Lexicon(
        intents={k: frozenset(v) for k, v in raw["intents"].items()},
        kind_words={k: frozenset(v) for k, v in raw["kind_words"].items()},
        light_words=frozenset(raw["light_words"]),
        topic_prepositions=frozenset(raw["topic_prepositions"]),
        synonyms={k: frozenset(v) for k, v in synonyms.items()},
        phrases=_by_first_stem(thesaurus["phrases"]),
        saying_stems=saying_stems,
        saying_words=saying_words,
        stance_nouns=frozenset(
            [
                *raw["stance_nouns"],
                *raw["light_words"],
                *raw["intents"]["conditions"],
                *(w for ws in raw["kind_words"].values() for w in ws),
                # "Russia's ex-president", "Australia's treasurer": an office names the side.
                *(form.split()[0] for forms in raw["roles"].values() for form in forms),
                *raw["leader_words"],
                # "Kyiv's military intelligence", "the Russian delegation": its bodies too.
                *raw["body_nouns"],
            ]
        ),
        bodies=frozenset(raw["body_nouns"]),
        occasions=frozenset(raw["occasion_nouns"]),
        # A stance, not an office: "the current president" asks for no date.
        recency=RecencyWords(
            frozenset(
                [
                    *raw["stance_nouns"],
                    *raw["light_words"],
                    *raw["intents"]["conditions"],
                    *(w for ws in raw["kind_words"].values() for w in ws),
                ]
            ),
            frozenset(raw["topic_prepositions"]),
            saying_stems,
        ),
    )


def _saying_stems(stance_verbs: list[str]) -> frozenset[str]:
    cues = data_json("cues.json")["speech_verbs"]
    verbs = [v for v in cues["clause"] if " " not in v] + stance_verbs
    irregular = [form for forms in cues["clause"].values() for form in forms]
    return frozenset(stem(v) for v in [*verbs, *irregular])


@dataclass(frozen=True)
class Question:
    text: str
    intent: str  # "conditions", "who_said" or "position"
    speaker_ids: frozenset[int] = frozenset()
    subject_entity_ids: frozenset[int] = frozenset()
    topic_entity_ids: frozenset[int] = frozenset()
    # Stems the answer must be about; alias stems that only help ranking.
    terms: tuple[str, ...] = ()
    alias_terms: tuple[str, ...] = ()
    topic_entity_terms: tuple[str, ...] = ()
    # Stems of a clause placing the question in time ("… when the invasion started"): an
    # answer need not repeat them, but one that does fits better.
    circumstance: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset()
    kinds_in_part: frozenset[str] = frozenset()  # kinds that answer the question in part
    latest: bool = False
    # Who the question says spoke, when that is no one the store knows ("what did Rishi
    # Sunak say …"): the answer is then an honest "no statement from …", never someone else.
    unknown_party: str | None = None
    # Full names the question gives that are no one the store knows ("yulia navalnaya's
    # appeal", "after darya dugina was killed"): each as written, with its last word's stem.
    # Whether any statement mentions them is the store's to say (bot.answer.abstain).
    unplaced_names: tuple[tuple[str, str], ...] = ()
    # Other stems that stand for a term naming a person ("zelenskiy" for "zelenski").
    name_forms: tuple[tuple[str, frozenset[str]], ...] = ()
    # Stems of a term's other spelling, British or American ("recogn" for "recognis").
    spelling_forms: tuple[tuple[str, frozenset[str]], ...] = ()
    # Stems saying formally what an everyday phrase holding the term says ("expel" for the
    # "kick" of "kick out"): synonyms of the term in this question only.
    phrase_forms: tuple[tuple[str, frozenset[str]], ...] = ()
    # People the question is about, not from ("who criticised Putin": not Putin himself).
    topic_speaker_ids: frozenset[int] = frozenset()
    # People the side asked about leaves out ("Biden's adviser": not Biden himself).
    excluded_speaker_ids: frozenset[int] = frozenset()
    # Candidates to consider; commands listing many (timelines) ask for more than answers do.
    pool: int = 0
    # A command listing a side's statements on a topic (timeline, compare, conditions): each
    # statement must say enough of the topic itself, and nothing is held back on confidence.
    listing: bool = False
    # When it was said, where the question says ("in mid-march", "before the invasion").
    when: When | None = None
    mentions: tuple[Mention, ...] = field(default=(), compare=False)

    @property
    def names_someone(self) -> bool:
        return bool(self.speaker_ids or self.subject_entity_ids)

    def name_forms_of(self, term: str) -> frozenset[str]:
        return _forms_of(self.name_forms, term)

    def spelling_forms_of(self, term: str) -> frozenset[str]:
        return _forms_of(self.spelling_forms, term)

    def phrase_forms_of(self, term: str) -> frozenset[str]:
        return _forms_of(self.phrase_forms, term)

    def forms(self, term: str) -> frozenset[str]:
        """A term, its synonyms (the thesaurus's, and those of a phrase holding it), its
        other spelling and the other forms of a name it stands for."""
        return (
            expand(term)
            | self.phrase_forms_of(term)
            | self.name_forms_of(term)
            | self.spelling_forms_of(term)
        )

    @cached_property
    def term_forms(self) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
        """For each topic and circumstance term: the words that say it (the term, other forms
        of a name) and its synonyms. Worked out once; scoring asks for every candidate."""
        out = {}
        for term in (*self.terms, *self.circumstance):
            same = self.name_forms_of(term) | self.spelling_forms_of(term) | {term}
            out[term] = (same, self.forms(term) - same)
        return out

    @cached_property
    def role_word_forms(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """Topic terms that may be words of the speaker's role ("adviser"), with the forms
        that say them: every term but a person's name."""
        return tuple(
            (t, same | synonyms)
            for t, (same, synonyms) in self.term_forms.items()
            if t in self.terms and not self.name_forms_of(t)
        )


def _forms_of(pairs: tuple[tuple[str, frozenset[str]], ...], term: str) -> frozenset[str]:
    """The forms ``pairs`` (term, forms) give a term, or none."""
    return next((forms for key, forms in pairs if key == term), frozenset())


def parse(text: str, resolver: Resolver) -> Question:
    # "can you tell me who said …" asks "who said …" (bot.answer.addressing).
    text = without_address(text) or text
    lex = lexicon()
    found = _with_named_slot(text, resolver.find(text), resolver)
    named = with_slot_names(text, found, resolver)
    mentions = office_mentions(text, named, resolver)
    mentions = described_mentions(text, named, mentions, resolver, lex.saying_words | AUXILIARIES)
    mentions = persons_bodies(text, mentions, resolver, lex.bodies)
    when = understand_time(fold(text))
    # The words saying when are no topic words: the date says them better.
    folded = _blank(fold(text), when.spans if when else ())
    tokens = words(folded)

    intent = "position"
    if _is_who_question(tokens):
        intent = "who_said"
    elif _asks_conditions(tokens, lex.intents["conditions"]):
        intent = "conditions"
    # "want to join" is a wish, not a demand: desire words followed by "to" cue no kind.
    cues = {t for i, t in enumerate(tokens) if not _is_wish(tokens, i)}
    kinds = frozenset(kind for kind, cue_words in lex.kind_words.items() if cues & cue_words)
    if intent == "conditions":
        kinds |= {"condition", "demand"}
    # "Is Washington open to talks?" is answered by readiness on terms too ("if they show
    # signs of meaning it, of course we'll engage"), which is tagged a condition: such a
    # kind answers in part, and is not looked for as the kind asked.
    kinds_in_part = frozenset({"condition"}) if "offer" in kinds - {"condition"} else frozenset()

    speaker_ids: set[int] = set()
    subject: set[int] = set()
    topic: set[int] = set()
    topic_terms: list[str] = []
    alias_terms: list[str] = []
    mention_words: set[str] = set()
    # A person the question is about ("Johnson on Zelensky") is found by any form of their
    # name: one term stands for all of them.
    people_terms: list[str] = []
    name_forms: dict[str, frozenset[str]] = {}
    topic_people: set[int] = set()
    excluded: set[int] = set()
    clause = _circumstance_span(folded)
    circumstance: list[str] = []
    in_question = [m for m in mentions if not (clause and clause[0] <= m.start < clause[1])]
    for mention in mentions:
        if clause and clause[0] <= mention.start < clause[1]:
            mention_words.update(words(mention.surface))
            circumstance.extend(stem(w) for w in words(mention.surface) if w not in STOPWORDS)
    # Who says it is what "who" asks, so every name in such a question is its topic.
    placed = (
        [Placed(m, False) for m in in_question]
        if intent == "who_said"
        else place(
            text,
            in_question,
            lex.topic_prepositions,
            lex.stance_nouns,
            _demonyms(resolver),
            lex.occasions,
        )
    )
    for mention, speaking in ((p.mention, p.speaking) for p in placed):
        mention_words.update(words(mention.surface))
        if speaking:
            excluded.update(mention.excluded)
        if mention.kind == "speaker":
            if speaking:
                speaker_ids.update(mention.target_ids)
                continue
            term = stem(words(mention.surface)[-1])
            people_terms.append(term)
            topic_people.update(mention.target_ids)
            name_forms[term] = name_forms.get(term, frozenset()) | _name_forms(
                resolver, mention.target_ids
            )
        elif speaking:
            subject.update(mention.target_ids)
            alias_terms.extend(stem(w) for w in words(mention.surface) if w not in STOPWORDS)
        else:
            topic.update(mention.target_ids)
            topic_terms.extend(stem(w) for w in words(mention.surface))

    # A named speaker the store does not know is answered "no statements from …", never
    # by someone else: "what did X say", "robert fico's line", "defence minister pistorius".
    unknown_party = office_then_unknown_name(text, mentions)
    filler = lex.light_words | AUXILIARIES | lex.saying_words
    slot = (
        None if intent == "who_said" else unknown_in_slot(text, mentions, lex.stance_nouns, filler)
    )
    speaking_from = min((p.mention.start for p in placed if p.speaking), default=len(text))
    if unknown_party is None and slot and slot[1] < speaking_from:
        unknown_party = slot[0]  # named before any side the store knows
    if unknown_party is None and not speaker_ids and not subject:
        unknown_party = _unresolved_speaker(text, mentions)
    if unknown_party:
        mention_words.update(words(unknown_party))
    skip = lex.light_words | lex.intents["conditions"] | STOPWORDS | mention_words
    skip |= RECENCY_WORDS
    if intent == "who_said" and tokens[:1] == ["who"]:
        # "who first warned …": the verb asks who said it; it is no topic word.
        skip |= set(tokens[1:3]) & (_ADVERBS | {t for t in tokens[1:3] if _says(t)})
    main = words(folded[: clause[0]]) if clause else tokens
    terms = tuple(
        dict.fromkeys([*(stem(w) for w in main if w not in skip and len(w) > 1), *people_terms])
    )
    if clause:
        tail = words(folded[clause[0] : clause[1]])
        circumstance.extend(stem(w) for w in tail if w not in skip and len(w) > 1)
        if not terms and not topic and len(set(circumstance)) >= _EVENT_WORDS:
            # "Washington's reaction when Moscow declared four regions Russian": the question
            # proper asks for a reaction and nothing else; the event it reacted to is the
            # topic. "What did Biden say after the summit" is only placed in time.
            terms = tuple(dict.fromkeys(circumstance))
            circumstance = []
    searched = {*terms, *circumstance}
    spelling: dict[str, frozenset[str]] = {}
    for w in tokens:
        if (other := spelling_stems(w)) and (own := stem(w)) in searched:
            spelling[own] = spelling.get(own, frozenset()) | other
    return Question(
        text=text,
        intent=intent,
        speaker_ids=frozenset(speaker_ids),
        subject_entity_ids=frozenset(subject),
        # "Did the Kremlin admit Russian losses": Russia speaks; it is not also the topic.
        topic_entity_ids=frozenset(topic - subject),
        terms=terms,
        alias_terms=tuple(dict.fromkeys(alias_terms)),
        topic_entity_terms=tuple(dict.fromkeys(topic_terms)),
        circumstance=tuple(t for t in dict.fromkeys(circumstance) if t not in terms),
        name_forms=tuple(sorted(name_forms.items())),
        spelling_forms=tuple(sorted(spelling.items())),
        phrase_forms=_phrase_forms(tokens, searched, lex.phrases),
        topic_speaker_ids=frozenset(topic_people),
        excluded_speaker_ids=frozenset(excluded),
        when=when,
        kinds=kinds,
        kinds_in_part=kinds_in_part,
        latest=asks_latest(tokens, lex.recency, names_its_time=when is not None),
        unknown_party=unknown_party,
        unplaced_names=() if unknown_party else _unplaced_names(text, mentions),
        mentions=tuple(mentions),
    )


def _phrase_forms(
    tokens: list[str],
    searched: set[str],
    phrases: dict[str, tuple[Phrase, ...]],
) -> tuple[tuple[str, frozenset[str]], ...]:
    """For each searched term inside an everyday phrase of the question ("kicked out",
    "behind bars"), the stems of the formal words for the phrase: a statement saying
    "expelled" then says what "kicked out" asks. The phrase is matched by its words' stems,
    so any form of its verb is found; a phrase none of whose words is searched adds
    nothing."""
    stems = [stem(t) for t in tokens]
    forms: dict[str, frozenset[str]] = {}
    for i, first in enumerate(stems):
        for phrase, formal in phrases.get(first, ()):
            if tuple(stems[i : i + len(phrase)]) != phrase:
                continue
            for term in set(phrase) & searched:
                forms[term] = forms.get(term, frozenset()) | (formal - {term})
    return tuple(sorted(forms.items()))


_DESIRE = frozenset({"want", "wants", "wanted"})
# A clause saying when in this many words or more tells of an event, not only a time.
_EVENT_WORDS = 3
# "… when the invasion started", "… after the Kremenchuk strike": a clause saying when,
# after the question proper (a leading "when" asks for a time and is no such clause;
# "when asked about X" names the topic).
_CIRCUMSTANCE = re.compile(
    # "going after the Kremlin's gold", "named after": a verb's particle, not a time.
    r"(?<!\bgo)(?<!\bgoing)(?<!\bgoes)(?<!\bwent)(?<!\bgone)(?<!\blook)(?<!\blooking)"
    r"(?<!\bnamed)(?<!\bchase)(?<!\bchasing)"
    r"(?<=\w)[\s,]+(?P<word>when|after|before|during|following|since)\s+"
    # "when asked about X" names the topic; "in feb 2022 when did …" asks when.
    r"(?!asked\b|questioned\b|(?:do|does|did|will|would|could|can|is|was|were|are|has|have)\b)"
    r"(?P<clause>[^,;?.!]+)"
)


def _demonyms(resolver: Resolver) -> frozenset[str]:
    return resolver.derived(
        "demonyms",
        lambda: frozenset(fold(d) for e in resolver.entities.values() for d in e.demonyms),
    )


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with the spans replaced by spaces (offsets kept)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _circumstance_span(folded: str) -> tuple[int, int] | None:
    match = _CIRCUMSTANCE.search(folded)
    return (match.start("word"), match.end("clause")) if match else None


# "what did X say", "what does X think about …": X is whoever the question says spoke.
_SPEAKER_SLOT = re.compile(
    r"\b(?:did|does|do|has|have|had|is|was|will|would)\s+(?P<who>.+?)\s+"
    r"(?:say|said|think|thinks|tell|told|want|wants|mean|claim|claimed|call|called|"
    r"describe|described|propose|proposed|demand|demanded|warn|warned|announce|announced)\b",
    re.IGNORECASE,
)
_NOT_A_NAME = frozenset(
    "it they he she we you i people anyone someone somebody everyone this that there "
    "the a an officials".split()
)


def _name_forms(resolver: Resolver, speaker_ids: tuple[int, ...]) -> frozenset[str]:
    """Stems of the words each speaker is called by alone: surnames and one-word aliases."""
    forms: set[str] = set()
    for i in speaker_ids:
        speaker = resolver.speakers[i]
        for name in (speaker.name, *speaker.aliases):
            last = words(name)[-1:]
            forms.update(stem(w) for w in last if w not in STOPWORDS)
    return frozenset(forms)


def _empty_slot(text: str, mentions: Sequence[Mention]) -> re.Match[str] | None:
    """The "who" slot of "what did X say", when no mention found so far lies in it."""
    match = _SPEAKER_SLOT.search(text)
    if not match:
        return None
    start, end = match.span("who")
    if any(m.start < end and m.end > start for m in mentions):
        return None
    return match


def _with_named_slot(text: str, mentions: list[Mention], resolver: Resolver) -> list[Mention]:
    """ "what did truss say": the slot before "say" holds a name, so a name that is also an
    everyday word ("Truss", "Price") is taken there whatever its case."""
    match = _empty_slot(text, mentions)
    if match is None:
        return mentions
    start, end = match.span("who")
    found = [
        replace(m, start=m.start + start, end=m.end + start)
        for m in resolver.find(text[start:end], names_only=True, fuzzy=False)
    ]
    return sorted([*mentions, *found], key=lambda m: m.start)


def _unresolved_speaker(text: str, mentions: Sequence[Mention]) -> str | None:
    """The named speaker slot of the question, if nothing in it was recognised."""
    match = _empty_slot(text, mentions)
    if match is None:
        return None
    who = match.group("who").strip(" ,?")
    if not [w for w in words(who) if w not in _NOT_A_NAME and w not in STOPWORDS]:
        return None
    return who


def _unplaced_names(text: str, mentions: Sequence[Mention]) -> tuple[tuple[str, str], ...]:
    """Two or more words in a row that no dictionary has and no mention covers ("yulia
    navalnaya", "calin georgescu"): a person's full name the store does not know as anyone.
    One such word alone may be a place or a thing misspelt; two read as a name."""
    names: list[tuple[str, str]] = []
    run: list[Token] = []

    def close() -> None:
        if len(run) >= 2:
            names.append((text[run[0].start : run[-1].end], stem(run[-1].folded)))
        run.clear()

    for token in tokenize(text):
        if not _unknown_name_word(token, mentions):
            close()
            continue
        if run and text[run[-1].end : token.start].strip():
            close()  # not the run's next word, a space apart
        run.append(token)
    close()
    return tuple(names)


def _unknown_name_word(token: Token, mentions: Sequence[Mention]) -> bool:
    """A word no dictionary has, in no mention of someone or something the store knows."""
    return looks_like_a_name(token.folded) and not any(
        m.start < token.end and m.end > token.start for m in mentions
    )


def _asks_conditions(tokens: list[str], cue_words: frozenset[str]) -> bool:
    """Conditions, demands, terms; "want X" is a demand, but "want to talk" is an intention."""
    return any(token in cue_words and not _is_wish(tokens, i) for i, token in enumerate(tokens))


def _is_wish(tokens: list[str], i: int) -> bool:
    return tokens[i] in _DESIRE and tokens[i + 1 : i + 2] == ["to"]


_AUXILIARIES = frozenset("do does did will would should can could must might may".split())
_ADVERBS = frozenset("first also recently publicly openly actually really ever".split())


def _is_who_question(tokens: list[str]) -> bool:
    """ "Who said/called/warned …" asks for the speaker; "who does Moscow want …" does not
    (the party after the auxiliary is the one speaking), nor does "who won …" (a fact)."""
    if "whosaid" in tokens:
        return True
    if len(tokens) < 2 or tokens[0] != "who" or tokens[1] in _AUXILIARIES:
        return False
    verb = tokens[2] if tokens[1] in _ADVERBS and len(tokens) > 2 else tokens[1]
    return _says(verb)


def _says(word: str) -> bool:
    return stem(word) in lexicon().saying_stems


def expand(term: str) -> frozenset[str]:
    """A term and its synonyms (conditions ~ demands ~ terms; talks ~ negotiations)."""
    return lexicon().synonyms.get(term, frozenset()) | {term}
