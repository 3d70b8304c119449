"""The kind of position a statement takes, from its shape rather than from a word in it.

A word alone says little: "conditions" is as often living or weather conditions as terms,
"threat" describes a danger more often than it makes one, and "must" is as often the
speaker's own to-do list as a call on someone else. What decides is the shape: who must do
what (a necessity whose subject is another party is a demand; the speaker's own is not),
what depends on what (a conditional tied to the speaker's willingness is a condition, tied
to a consequence a warning), who refuses (the speaker's side, not someone reported), who
offers (the speaker's side is the actor).

Passes, in order (``kind_of``):

1. ``_by_speaker_verb``: the reporting verb decides alone ("warned that …", "urged …").
2. ``_enumerated_condition``: points announced as conditions ("two conditions: first …")
   are conditions, whatever each point's own grammar.
3. ``_positions``: each sentence that states something (not a question, not scheduling or
   deflecting a reporter) gives at most one kind, its shapes tried from the most specific:
   warning, condition, rejection, demand, offer.
4. ``_main_position``: a passage takes the condition it states, else its first position.
5. ``_evaluative``: otherwise "assessment" for evaluative language; plain statements of fact,
   greetings and questions stay untagged (no position).

The words live in ``data/kinds.json`` (``kind_lexicon``); the shapes, and the subject each
needs, are here.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import replace
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from bot.text.analysis import STOPWORDS, fold
from bot.text.gazetteer import party_names

from .kind_lexicon import KindLexicon, kind_lexicon, reported_kind_lexicon
from .text import split_sentences


class Subject(Enum):
    """Who the subject of a clause is, as far as a position is concerned."""

    # the speaker's side: "we", "I", "our country"; a readout's "The Minister" opening its
    # sentence; in reported speech "he", "his government"
    SELF = "self"
    ADDRESSEE = "addressee"  # the party spoken to: "you"
    OTHER = "other"  # another party or a thing named by a noun: "Russia", "sanctions"
    PRONOUN = "pronoun"  # another party named before: "they", "he"
    THING = "thing"  # no party: "it", "this", "there"
    RELATIVE = "relative"  # "who", "which": someone already named, not the speaker
    NONE = "none"  # no subject: an imperative, or a fragment


_TOKEN_RE = re.compile(r"[\w'’-]+|[,;:—–(\"“”]")
_QUESTION_LABEL_RE = re.compile(r"^\s*Q[\s.:]")


def kind_of(
    quote: str,
    lemma: str | None = None,
    context: str = "",
    *,
    reported: bool = False,
    side: frozenset[str] = frozenset(),
    lead: str = "",
) -> str | None:
    """The statement's kind: condition, demand, offer, rejection, warning, assessment, or
    None where it states no position. ``lemma`` is the reporting verb's; ``context`` is
    given for enumerated points, whose announcement ("two conditions") is outside them.
    ``reported`` for reported speech, whose "he" and "his" are the speaker's own. ``side``:
    the names, folded, of the country the speaker speaks for (``own_side``), which is
    the speaker's side where it is a clause's subject ("Serbia will never recognise …").
    ``lead``: the reporter's words before a quoted fragment in its sentence ("Danjuma said
    the juntas" before "“must publish a timetable”"), which may hold the fragment's
    subject: the fragment is then read in its clause, as reported speech."""
    lex = _lexicon(reported, side)
    if lemma is None:
        lemma = _opening_lemma(lex, quote)
    decided = _by_speaker_verb(lex, lemma, quote)
    if decided is not None:
        return decided
    if lead and not _opens_circumstance(lex, quote):
        lex = _lexicon(True, side)
        quote = lead + quote
    if lex.reported:
        # A reported clause quoting some of its words ('any incursion “would be met”') is
        # read as one clause: the marks are no boundary.
        quote = _QUOTE_MARKS_RE.sub("", quote)
    if _QUESTION_LABEL_RE.match(quote):
        return None  # a reporter's question filed under an official
    if context and _enumerated_condition(lex, context):
        return "condition"
    main = _main_position(_positions(lex, quote))
    return main if main is not None else _evaluative(lex, quote)


@lru_cache(maxsize=256)
def _lexicon(reported: bool, side: frozenset[str]) -> KindLexicon:
    """The lexicon for reported or direct words, knowing the speaker's side: copied once a
    side (a document's speakers share a few), not once a statement."""
    lex = reported_kind_lexicon() if reported else kind_lexicon()
    return replace(lex, side_names=side) if side else lex


def _by_speaker_verb(lex: KindLexicon, lemma: str | None, quote: str) -> str | None:
    """The kind the reporting verb gives ("warned …", "urged …"), unless the quote opens
    with a subordinating word: "urged talks while the opportunity still exists" quoting
    only "while the opportunity still exists" quotes the circumstance, not what was urged."""
    if not lemma or _opens_circumstance(lex, quote):
        return None
    return lex.speaker_verbs.get(lemma)


def _opening_lemma(lex: KindLexicon, quote: str) -> str | None:
    """The reporting verb a statement opens with, as a readout's sentence stored after its
    subject does ("offered to host technical talks …", "also warned that …"): in lower
    case, as words after their subject are ("Rejected claims are common" opens a
    sentence of its own)."""
    m = lex.opening_speaker_verb.match(quote.lstrip())
    return lex.opening_lemmas[m.group(1)] if m else None


def _opens_circumstance(lex: KindLexicon, quote: str) -> bool:
    first = _TOKEN_RE.match(quote.lstrip(" \"“‘'"))
    return first is not None and first.group(0).lower() in lex.circumstance_openers


# Quotation marks inside a clause read for its kind: the marks are no clause boundary.
_QUOTE_MARKS_RE = re.compile(r"[“”\"]")


class Sentence(NamedTuple):
    """A sentence, and the same with ASCII capitals lowered: the lexicon's patterns match
    the lowered text (three times faster than matching ignoring case), the subject's
    capitals are read from the text; lowering only ASCII keeps every offset the same."""

    text: str
    low: str

    @classmethod
    def of(cls, text: str) -> Sentence:
        return cls(text, text.translate(_ASCII_LOWER))


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


_PARENTHESIS_RE = re.compile(r"\([^()]*\)")


def _positions(lex: KindLexicon, quote: str) -> list[str]:
    """The kind each sentence states, in text order; sentences stating none are left out.
    What stands in parentheses is left out first: in a transcript it is the editor's
    ("(Laughter.)", "(Mr Smith described the plan …)"), elsewhere an aside."""
    quote = _PARENTHESIS_RE.sub(" ", quote)
    kinds = []
    for start, end in split_sentences(quote, 0, len(quote)):
        sentence = Sentence.of(quote[start:end].strip())
        if not sentence.text or sentence.text.endswith("?"):
            continue
        if lex.not_a_position.search(sentence.low) and _short(lex, sentence.text):
            continue
        kind = _sentence_kind(lex, sentence)
        if kind is not None:
            kinds.append(kind)
    return kinds


def _short(lex: KindLexicon, sentence: str) -> bool:
    return len(sentence.split()) <= lex.not_a_position_words


def _main_position(kinds: list[str]) -> str | None:
    """A condition is the point of any passage stating one (the terms are what readers ask
    for); otherwise the passage's first position leads, as its speaker put it first."""
    if "condition" in kinds:
        return "condition"
    return kinds[0] if kinds else None


def _enumerated_condition(lex: KindLexicon, context: str) -> bool:
    return lex.enumerated_conditions.search(Sentence.of(context).low) is not None


def _evaluative(lex: KindLexicon, quote: str) -> str | None:
    return "assessment" if lex.assessment.search(Sentence.of(quote).low) else None


# --- one sentence ---------------------------------------------------------------------------


def _sentence_kind(lex: KindLexicon, s: Sentence) -> str | None:
    """The sentence's position, its shapes tried from the most specific: a consequence tied
    to a condition is a warning, not a condition; a condition is more than an offer."""
    opened = _if_clause_end(lex, s)
    threat = opened is not None and (
        lex.conditional_threat.search(s.low, opened) is not None or _costs_the_party(lex, s, opened)
    )
    if lex.warning.search(s.low) or threat or lex.threat_before_if.search(s.low):
        return "warning"
    if any(
        _party_acts(lex, s, m.start(), warns=m.group(0))
        for m in lex.warning_by_party.finditer(s.low)
    ):
        return "warning"  # "The Government warns that …", in its own release
    conditional = opened is not None and (
        lex.conditional_outcome.search(s.low, opened) is not None
        or _depends_on_receipt(lex, s, opened)
    )
    if (
        conditional
        or _states_condition(lex, s)
        or _names_precondition(lex, s)
        or _tied_to_another_act(lex, s)
    ):
        return "condition"
    if _refuses(lex, s):
        return "rejection"
    reported = _readout_position(lex, s)
    if reported is not None:
        return reported
    if _calls_on_another(lex, s):
        return "demand"
    if _offers(lex, s):
        return "offer"
    return None


def _states_condition(lex: KindLexicon, s: Sentence) -> bool:
    """A connective of condition, other than an exchange refused in its own clause: "would
    not release prisoners in exchange for hostages" rules the exchange out; "we will free
    them in return for the sailors" sets its terms."""
    for m in lex.condition.finditer(s.low):
        if not (_EXCHANGE_RE.fullmatch(m.group(0)) and _negated_before(s.low, m.start())):
            return True
    return False


_EXCHANGE_RE = re.compile(r"in (?:exchange|return) for")
_NEGATION_RE = re.compile(r"\b(?:not|never|no)\b|n['’]t\b")


def _negated_before(low: str, at: int) -> bool:
    """A negation between the clause's opening and ``at``."""
    return _NEGATION_RE.search(low, _clause_start(low, at), at) is not None


def _clause_start(low: str, at: int) -> int:
    """Where the clause holding ``at`` opens: after the last comma, semicolon, colon or dash."""
    return max(low.rfind(mark, 0, at) for mark in _CLAUSE_MARKS) + 1


def _readout_position(lex: KindLexicon, s: Sentence) -> str | None:
    """What a readout reports the speaker's side doing with a noun ("reiterated the call for
    a full withdrawal", "The President reaffirmed the commitment to …"): at the sentence's
    opening (stored after its subject) or after the speaker's side or a readout's office."""
    for kind, pattern in lex.readout_positions:
        for m in pattern.finditer(s.low):
            if m.start() == 0 or subject_of(lex, s.text, m.start()) is Subject.SELF:
                return kind
    return None


def _if_clause_end(lex: KindLexicon, s: Sentence) -> int | None:
    """Where an "if" clause ends, when the sentence has one; what follows is its outcome:
    a position the speaker takes on it ("If Russia wants to end the war, they have to sit
    down"; "if they show signs of meaning it, we'll engage") is a condition, a consequence
    ("if they invade, we will bring an end to it") a warning. Counterfactuals ("if he had
    not been …") and asides ("if you look at …") open none."""
    opened = lex.conditional_if.search(s.low)
    return opened.end() if opened is not None else None


_IF_OPENER_RE = re.compile(r"\b(?:if|should)\s+")
# How far into the outcome its verb may stand ("…, the programme will be suspended").
_OUTCOME_REACH = 60


def _costs_the_party(lex: KindLexicon, s: Sentence, opened: int) -> bool:
    """A consequence of another party's act: the "if" clause's subject is a party (a name,
    "they", "you", or a body: "If Skerra insists …", "If this House fails …") and the
    outcome, put in the future, costs it or closes something to it ("… our harbours will be
    closed to their vessels", "… the programme will be suspended"). Not a circumstance
    ("if prices keep rising, inflation will …"), nor what the speaker's side offers on the
    condition ("… we will lift the sanctions": conditional_outcome, a condition)."""
    if lex.conditional_outcome.search(s.low, opened, opened + _OUTCOME_REACH):
        return False
    if not lex.consequence_outcome.search(s.low, opened, opened + _OUTCOME_REACH):
        return False
    # The "if" (or inverted "should") nearest before the clause's end opens it.
    opener = next(reversed(list(_IF_OPENER_RE.finditer(s.low, 0, opened))), None)
    if opener is None:
        return False
    return _another_party_acts(lex, s.text, opener.end(), opened)


def _another_party_acts(lex: KindLexicon, text: str, start: int, end: int | None = None) -> bool:
    """Whether the clause opening at ``start`` has another party as its subject: its first
    pronoun, party noun or name within its first few words ("If the junta postpones …",
    "Should Lirava proceed …", "… once Russia withdraws", "… as soon as both parties
    give"); not the speaker's side ("if we fail …"), nor a clause whose verb comes first
    ("if prices keep rising", "when the summit opens")."""
    for n, m in enumerate(_TOKEN_RE.finditer(text, start, len(text) if end is None else end)):
        token = m.group(0)
        low = token.lower()
        if n >= _CONDITION_SUBJECT_WORDS or not token[0].isalnum():
            return False
        if low in lex.self_words or low in lex.self_possessives:
            return False  # "if we fail …": the speaker's side's own act
        if low in lex.addressee_words or low in _ANY_PARTY or low in lex.party_heads:
            return True
        if token[:1].isupper():
            return True  # a name: "If Skerra insists …"
        if n and _VERB_LIKE_RE.fullmatch(low):
            return False  # the verb came first: "if prices keep rising"
    return False


_ANY_PARTY = frozenset({"they", "anyone", "anybody"})
_CONDITION_SUBJECT_WORDS = 4


def _tied_to_another_act(lex: KindLexicon, s: Sentence) -> bool:
    """What the speaker's side will do, tied by a word of time to a party's act ("… will
    sign on the day Armenia removes the claims", "… would agree as soon as Russia did the
    same"): the later clause's subject must be a party (a name, "they", "you", a body:
    "both parties"), not a time or a thing ("when the summit opens")."""
    return any(
        _another_party_acts(lex, s.text, m.end()) for m in lex.tied_to_another_act.finditer(s.low)
    )


def _names_precondition(lex: KindLexicon, s: Sentence) -> bool:
    """A precondition named and not negated in its clause: "our preconditions for talks",
    not "dialogue without political preconditions" (an offer) nor "we will not accept a
    change of our constitution as a precondition" (a refusal)."""
    for m in lex.precondition.finditer(s.low):
        if not lex.precondition_negated.search(s.low, _clause_start(s.low, m.start()), m.start()):
            return True
    return False


_CLAUSE_MARKS = (",", ";", ":", "—", "–")


def _depends_on_receipt(lex: KindLexicon, s: Sentence, opened: int) -> bool:
    """An "if" clause in which the speaker's side receives what others give, and an outcome
    put in the future: "If we receive the support agreed, our victory will be faster"."""
    return (
        lex.conditional_receipt.search(s.low, 0, opened) is not None
        and lex.receipt_outcome.search(s.low, opened) is not None
    )


def _refuses(lex: KindLexicon, s: Sentence) -> bool:
    """The speaker's side refuses or rules out, or dismisses a claim as false or
    unacceptable; "they refused" reports someone else's refusal, "our people refuse to
    play by their rules" describes people, not the speaker's refusal ("we", "I" refuse),
    and "we have never ruled out" is the opposite of one."""
    if lex.refusal_negated.search(s.low):
        return False
    called = [m.span() for m in lex.removal_called_for.finditer(s.low)]
    for m in lex.refusal_by_anyone.finditer(s.low):
        if any(start <= m.start() < end for start, end in called):
            continue  # "default has to come off the table": a call on others, no refusal
        # "we hear that their proposal is allegedly unfounded": someone else's dismissal
        if not lex.heard_said.search(s.low, 0, m.start()):
            return True
    for m in lex.refusal_after_self.finditer(s.low):
        words, opener, _ = _subject_words(lex, s.text, m.start())
        if not (_refusing_side(lex, words, opener) or _party_acts(lex, s, m.start())):
            continue
        if opener in lex.relative_refusal_openers or any(
            w.lower() in lex.relative_refusal_openers for w in words[-3:-1]
        ):
            continue  # "the general, who we don't recognize as …": about him, no position
        return True
    for m in lex.refusal_in_readout.finditer(s.low):
        words, opener, _ = _subject_words(lex, s.text, m.start())
        if not opener and _readout_office(lex, words):
            return True
    return False


def _party_acts(
    lex: KindLexicon, s: Sentence, at: int, *, warns: str = "", known_alone: bool = False
) -> bool:
    """A party named refusing or warning ("Tashkar would not accept the fees", "the
    Republic does not negotiate", "The Government warns that …"), taken for the speaker's
    side as a party named ready is (``_commits``), unless the speaker's side is known and the
    subject names another country or organisation: "Russia will not accept", said at the
    White House, reports Russia. ``warns``: the verb of a warning, which is also the
    speaker's side's own in the present ("The Government warns", not the past "we warned
    before the war began"); one capitalised word opening the sentence must be a party's
    known name there ("Experts warned" describes), as for an appeal (``known_alone``:
    "Analysts urged caution")."""
    if s.low.endswith(" to ", 0, at):
        return False  # "for Kiev itself to refuse to join": a refusal wanted, not made
    words, opener, _ = _subject_words(lex, s.text, at, frozenset())
    subject = _classify(lex, words, opener)
    if warns and subject is Subject.SELF:
        # "we warned before the war began" tells the past; a readout's office warns in it
        # ("The Minister cautioned that …").
        return not warns.endswith("ed") or (not opener and _readout_office(lex, words))
    if subject is not Subject.OTHER:
        return False
    alone = not opener and len(words) == 1
    if warns and alone and fold(words[0]) not in party_names():
        return False
    if known_alone and alone and not _may_name_a_party(words[0]):
        return False
    return _party_named(words, opener) and not _another_side(lex, words)


def _may_name_a_party(word: str) -> bool:
    """A lone capitalised word opening a sentence names a party when it is a known name,
    or may when it is not a plural or a function word ("Tashkar urges …", not "Analysts
    urged …", "Everyone urged …")."""
    folded = fold(word)
    if folded in party_names():
        return True
    return not folded.endswith("s") and folded not in STOPWORDS and folded not in _NO_ONE_NAMED


_NO_ONE_NAMED = frozenset(
    "everyone everybody nobody someone somebody anyone anybody many most few".split()
)


def _refusing_side(lex: KindLexicon, words: list[str], opener: str) -> bool:
    """A subject that can refuse for the speaker: "we", "I", the speaker's government or
    country ("our government", "this country"), a readout's office ("The Minister"); not
    "our people", whose refusal describes them."""
    if not words:
        return False
    head = words[-1].lower()
    if head in lex.self_words or _own_side(lex, words):
        return True
    if not opener and _readout_office(lex, words):
        return True
    before = {w.lower() for w in words[-3:-1]}
    return head in lex.self_bodies and bool(before & (lex.self_possessives | {"this"}))


_COUNT_RE = re.compile(
    r"\d|^(?:million|millions|billion|thousand|thousands|hundreds|dozens|percent)$"
)


def _counted(words: list[str]) -> bool:
    """A subject that counts people or things ("more than 19 million Yemenis", "thousands of
    families"): what it needs or must do describes them; no party is called on."""
    return any(_COUNT_RE.search(w.lower()) for w in words)


def _calls_on_another(lex: KindLexicon, s: Sentence) -> bool:
    """Another party is called on: a necessity whose subject is not the speaker's side
    ("Russia must withdraw", "sanctions must be strengthened", "you should"), an appeal by
    the speaker ("we call on", "I urge", "I ask you"), what the speaker's side needs from
    others ("we need weapons", "our state must receive guarantees"), or a "please" request.
    The speaker's own obligations ("we must rebuild") and future or hypothetical needs
    ("will have to") call on no one."""
    if lex.cleft_call.search(s.low):
        return True  # "what they should do is give up …": the call is after "is"
    if lex.removal_called_for.search(s.low):
        return True  # "default has to come off the table": whoever holds it is called on
    if lex.calls_by_form.search(s.low):
        return True  # "all parties are urged to …", "it is time for the West to …", "Stop …"
    not_called = [m.span() for m in lex.necessity_not_called_on.finditer(s.low)]
    for m in lex.necessity.finditer(s.low):
        if any(s <= m.start() < e for s, e in not_called):
            continue
        if m.group(0) == "should" and _inverted(lex, s.text, m.end()):
            continue  # "should Russia invade, …": a condition put first, no call
        words, opener, opened_at = _subject_words(lex, s.text, m.start())
        if opener == "that" and lex.reported_view.search(s.low, 0, opened_at):
            continue  # "its view that the war should end": someone's view, not a call
        if opener in lex.circumstance_clauses:
            continue  # "… when Americans have to worry": the circumstance, not a call
        if _counted(words):
            continue  # "More than 19 million Yemenis need aid": a number of people, described
        # A readout writes no necessity of its own office ("The Minister must …"): an
        # office or "both sides" there is a party called on ("Both sides must keep …").
        subject = _classify(lex, words, opener, readout=False)
        if lex.weak_necessity.fullmatch(m.group(0)):
            # "has to" describes as often as it calls ("the cargo has to wait"): only a
            # party named or spoken to is called on by it.
            if subject is Subject.ADDRESSEE or (
                subject is Subject.OTHER and words[-1][:1].isupper()
            ):
                return True
            if subject in (Subject.OTHER, Subject.THING) and lex.ending_after_necessity.match(
                s.low, m.end()
            ):
                return True  # "the blockade has to end": a call on whoever holds it
        elif subject in (Subject.OTHER, Subject.PRONOUN, Subject.ADDRESSEE):
            return True
    for m in lex.impersonal_necessity.finditer(s.low):
        if _subject_after(lex, s.text, m.end()) in (
            Subject.OTHER,
            Subject.PRONOUN,
            Subject.ADDRESSEE,
        ):
            return True  # "it is imperative that Moscow pulls back"
    for m in lex.appeal.finditer(s.low):
        if _PASSIVE_BEFORE_RE.search(s.low, 0, m.start()):
            continue  # "she had been instructed to": someone called on her
        if subject_of(lex, s.text, m.start()) is Subject.SELF:
            return True
    for m in lex.appeal_in_report.finditer(s.low):
        if _asked_in_report(lex, s, m.start()):
            return True
    for m in lex.appeal_by_party.finditer(s.low):
        if _party_acts(lex, s, m.start(), known_alone=True):
            return True  # "Guyana demands that …", in its own release
    # What the speaker's side needs and cannot give itself is asked of others.
    for m in lex.wants_from_others.finditer(s.low):
        if _in_need(lex, s.text, m.start()):
            return True
    return any(
        subject_of(lex, s.text, m.start()) is Subject.NONE for m in lex.please.finditer(s.low)
    )


def _asked_in_report(lex: KindLexicon, s: Sentence, at: int) -> bool:
    """A request in the past that a report tells as the speaker's call: reported speech ("he
    asked the minister to …") or a readout's office ("The Minister asked the Government to
    …"); in the speaker's own words it tells a story ("we asked them to …, but they
    refused")."""
    if _PASSIVE_BEFORE_RE.search(s.low, 0, at):
        return False  # "he was asked to": someone called on him
    words, opener, _ = _subject_words(lex, s.text, at)
    if lex.reported:
        return _classify(lex, words, opener) is Subject.SELF
    return not opener and _readout_office(lex, words)


_PASSIVE_BEFORE_RE = re.compile(r"\b(?:been|being|be|was|were|is|are|am)\s+$")
_VERB_LIKE_RE = re.compile(r"[a-z]+(?:s|ed)$|(?:must|should|will|would|can|could|may|is|are)$")


def _subject_after(lex: KindLexicon, sentence: str, at: int) -> Subject:
    """The subject of the clause opening at ``at`` ("Moscow pulls back", "the international
    community acts", "we rebuild"): its words up to the first that looks like its verb."""
    words: list[str] = []
    for m in _TOKEN_RE.finditer(sentence, at):
        token = m.group(0)
        if not token[0].isalnum() or (words and _VERB_LIKE_RE.fullmatch(token)):
            break
        words.append(token)
        pronoun = token.lower() in lex.self_words | lex.addressee_words | lex.pronoun_words
        if len(words) == _NOUN_PHRASE_WORDS or (len(words) == 1 and pronoun):
            break  # "that we rebuild": a pronoun is the whole subject
    return _classify(lex, words, "")


def _inverted(lex: KindLexicon, sentence: str, at: int) -> bool:
    """Whether a subject follows "should" ("should Russia invade", "should they fail"):
    the inverted "if" of a condition, not a call on anyone."""
    after = _TOKEN_RE.match(sentence, at + 1) if sentence[at : at + 1] == " " else None
    if after is None:
        return False
    word = after.group(0)
    return word[:1].isupper() or word.lower() in lex.inverted_subjects


def _in_need(lex: KindLexicon, sentence: str, at: int) -> bool:
    """The verb at ``at`` ("need", "must receive") has as subject the speaker's side itself
    ("we", "I", "our state") or a party named ("Ukraine", "the Navy"); not a clause that
    merely holds "our" somewhere ("the fact that our people answered the evacuees' needs"),
    nor "our partners"."""
    words, opener, opened_at = _subject_words(lex, sentence, at)
    if not words or _counted(words):
        return False  # "19 million Yemenis need aid": people counted, no party asking
    if opener == "that" and lex.reported_view.search(sentence.lower(), 0, opened_at):
        return False  # "he says that a piece of Ukraine should be given": his view
    low = [w.lower() for w in words[-2:]]
    if low[-1] in lex.others_of_ours:
        return False
    if low[-1] in lex.self_words or (len(low) == 2 and low[0] in lex.self_possessives):
        return True
    if _own_side(lex, words):
        return True  # "Ukraine should get a positive decision", said for Ukraine
    return words[-1][:1].isupper() and _classify(lex, words, opener) is Subject.OTHER


def _offers(lex: KindLexicon, s: Sentence) -> bool:
    """The speaker's side is ready to act, commits to act, or proposes: "we are ready to",
    "Russia is open to discussing" (a party named as the actor), "we will continue to
    provide", "we propose", "as long as it takes"."""
    if lex.commitments_by_anyone.search(s.low):
        return True
    # "I'll give you an update", "we stand by the comment": the briefing's own business.
    return _commits(lex, s) and not lex.briefing_commitment.search(s.low)


def _commits(lex: KindLexicon, s: Sentence) -> bool:
    """The speaker's side (or a party named) is ready, or the speaker's side commits."""
    for m in lex.readiness.finditer(s.low):
        _, opener, _ = _subject_words(lex, s.text, m.start(), lex.readiness_padding)
        if opener in lex.circumstance_clauses and opener not in lex.concessive_openers:
            continue  # "when the ministry is prepared to", "if we are ready": no offer made
        subject = subject_of(lex, s.text, m.start(), lex.readiness_padding)
        # A party named ready ("Russia is open to discussing") is taken for the speaker's
        # side, unless the speaker's side is known and the subject names another country
        # or organisation: "Moscow is prepared to engage", said at the White House.
        if subject is Subject.SELF:
            return True
        if subject is not Subject.OTHER:
            continue
        # "Iran has always been ready": with the auxiliary left out, the side by name.
        plain, _, _ = _subject_words(lex, s.text, m.start())
        if _own_side(lex, plain):
            return True
        if _names_a_party(lex, s.text, m.start()) and not _another_side(lex, plain):
            return True
    return any(
        subject_of(lex, s.text, m.start()) is Subject.SELF
        for m in lex.commitments_after_self.finditer(s.low)
    )


def subject_of(
    lex: KindLexicon, sentence: str, at: int, padding: frozenset[str] | None = None
) -> Subject:
    """Who the subject of the clause whose verb group starts at ``at`` is."""
    words, opener, opened_at = _subject_words(lex, sentence, at, padding)
    if not words and opener in lex.coordinators:
        # "we continue to seek talks and are prepared to meet": the verb shares the
        # subject of the clause before "and", when that clause opens with a pronoun.
        before, _, _ = _subject_words(lex, sentence, opened_at, frozenset())
        if before and before[0].lower() in lex.shared_subjects:
            return _classify(lex, before[:1], "")
        if lex.reported and _opens_with_verb(sentence):
            # "expressed concern about …, and called on the PRC to halt …": reported
            # words opening with their verb, the speaker the subject of each joined verb.
            return Subject.SELF
    return _classify(lex, words, opener)


def _opens_with_verb(sentence: str) -> bool:
    first = _TOKEN_RE.search(sentence)
    return (
        first is not None
        and first.group(0)[:1].islower()
        and bool(_VERB_LIKE_RE.fullmatch(first.group(0)))
    )


def _names_a_party(lex: KindLexicon, sentence: str, at: int) -> bool:
    """The subject before "ready to" names a party ("Russia", "the Ukrainian state"), not
    only a common noun ("the elites")."""
    words, opener, _ = _subject_words(lex, sentence, at, lex.readiness_padding)
    return _party_named(words, opener)


def _party_named(words: list[str], opener: str) -> bool:
    """The subject's words hold a capital past the sentence's first word: a clause opening
    the sentence has its first word capitalised whatever it is."""
    inner = words if opener else words[1:]
    return bool(words) and (words[-1][:1].isupper() or any(w[:1].isupper() for w in inner))


def _subject_words(
    lex: KindLexicon, sentence: str, at: int, padding: frozenset[str] | None = None
) -> tuple[list[str], str, int]:
    """The words since the clause opened (a punctuation mark or a word such as "that",
    "and", "if"), the auxiliaries and adverbs before the verb left out ("we are always
    ready" → "we"); the word or mark that opened the clause, and where it stands."""
    padding = lex.verb_padding if padding is None else padding
    words: list[str] = []
    opener, opened_at = "", 0
    tokens = list(_TOKEN_RE.finditer(sentence, 0, at))
    i = len(tokens) - 1
    while i >= 0:
        token = tokens[i].group(0)
        low = token.lower()
        if not token[0].isalnum() or low in lex.clause_openers:
            inserted = _inserted_clause(tokens, i) if _only_padding(words, padding) else None
            if inserted is not None:
                i = inserted - 1  # "Russia, which started this war, must": Russia's verb
                continue
            opener, opened_at = low, tokens[i].start()
            break
        words.append(token)
        i -= 1
    words.reverse()
    _strip_padding(lex, words, padding)
    return words, opener, opened_at


def _strip_padding(lex: KindLexicon, words: list[str], padding: frozenset[str]) -> None:
    """Leave out the auxiliaries and adverbs ending the words before a verb, a phrase of
    them too ("we're going to continue to provide" → "we're")."""
    while words:
        if words[-1].lower() in padding:
            words.pop()
            continue
        phrase = next(
            (
                p
                for p in lex.verb_padding_phrases
                if tuple(w.lower() for w in words[-len(p) :]) == p
            ),
            None,
        )
        if phrase is None:
            return
        del words[-len(phrase) :]


# Words opening a clause inserted between a subject and its verb, set off by commas or
# dashes: "Russia, which started this war, must withdraw".
_INSERTION_OPENERS = frozenset({"which", "who", "whom", "whose", "where"})
_INSERTION_MARKS = frozenset({",", "—", "–"})
_INSERTION_TOKENS = 30  # longer, the mark before is more likely a list's or a clause's


def _inserted_clause(tokens: list[re.Match[str]], closing: int) -> int | None:
    """Where a relative clause set off before the mark at ``closing`` opens (the index of
    its opening mark), when that mark closes one: the subject stands before it."""
    if tokens[closing].group(0) not in _INSERTION_MARKS:
        return None
    for j in range(closing - 1, max(closing - _INSERTION_TOKENS, 0) - 1, -1):
        token = tokens[j].group(0)
        if token in _INSERTION_MARKS:
            opens = j + 1 < closing and tokens[j + 1].group(0).lower() in _INSERTION_OPENERS
            return j if opens and j > 0 else None
        if not token[0].isalnum():
            return None  # a semicolon, colon or quotation mark: no inserted clause
    return None


def _only_padding(words: list[str], padding: frozenset[str]) -> bool:
    """Nothing but auxiliaries and adverbs between the mark and the verb ("…, will have
    to"): the mark closes whatever stands before the verb's subject."""
    return all(w.lower() in padding for w in words)


def _classify(lex: KindLexicon, words: list[str], opener: str, *, readout: bool = True) -> Subject:
    if not words:
        return Subject.RELATIVE if opener in lex.relative_words else Subject.NONE
    head = words[-1].lower()
    if head in lex.others_of_ours and opener != "and":
        # "our partners", "my counterpart": another party; after "and" perhaps joined to
        # the speaker's side ("the United States and our partners will stand with …").
        return Subject.OTHER
    if head in lex.self_words or _ours(lex, words) or _own_side(lex, words):
        return Subject.SELF
    if readout and not opener and _readout_office(lex, words):
        return Subject.SELF
    if (head in lex.addressee_words or head in lex.pronoun_words) and _object_relative(lex, words):
        return Subject.RELATIVE
    if any(w.lower() in lex.embedding_words for w in words[-3:-1]):
        return Subject.RELATIVE  # "what Ukraine has to fulfil": a question embedded, no call
    if head in lex.addressee_words:
        return Subject.ADDRESSEE
    if head in lex.thing_words or head[:1].isdigit():  # "another 12 must be removed"
        return Subject.THING
    if head in lex.pronoun_words:
        return Subject.PRONOUN
    return Subject.OTHER


def _own_side(lex: KindLexicon, words: list[str]) -> bool:
    """The subject is the speaker's side by name ("Serbia", "the Philippines", "Tehran"),
    or its government or country by nationality ("the Serbian government")."""
    return bool(lex.side_names) and _named_party(lex, words, lex.side_names.__contains__)


def _another_side(lex: KindLexicon, words: list[str]) -> bool:
    """The speaker's side is known and the subject names another country or organisation
    ("Moscow", "the Russian side")."""
    if not lex.side_names:
        return False
    parties = party_names()
    return _named_party(lex, words, lambda n: n in parties and n not in lex.side_names, alone=False)


def _named_party(
    lex: KindLexicon, words: list[str], named: Callable[[str], bool], *, alone: bool = True
) -> bool:
    """The subject ends with a name ``named`` accepts, capitalised as a name is (not the
    pronoun "us"), or with one of a side's bodies after such a nationality ("the Serbian
    government"); ``alone``: nothing but "the" or other names before it ("many Europeans
    worry whether Russia will …" is no subject of Russia's)."""
    low = [fold(w) for w in words]
    for n in (3, 2, 1):
        if len(words) < n or not words[-n][:1].isupper():
            continue
        if named(" ".join(low[-n:])) and _only_names(words[:-n]):
            return True
    return (
        len(words) > 1 and low[-1] in lex.self_bodies and named(low[-2]) and _only_names(words[:-2])
    )


def _only_names(words: list[str]) -> bool:
    """Words that may stand before a name in its noun phrase: "the", or capitalised."""
    return all(w.lower() == "the" or w[:1].isupper() for w in words)


def _readout_office(lex: KindLexicon, words: list[str]) -> bool:
    """The sentence opens with an office and nothing else ("The Chancellor", "The Foreign
    Minister", "Both sides"): a readout writing its own side in the third person. A country
    named in it ("The Russian President") may be another side, so it is not one."""
    if len(words) < 2 or len(words) > 4 or words[0].lower() not in lex.readout_leads:
        return False
    *inner, head = (w.lower() for w in words[1:])
    return head in lex.readout_heads and all(
        w in lex.readout_modifiers or w in lex.readout_heads for w in inner
    )


def _object_relative(lex: KindLexicon, words: list[str]) -> bool:
    """A pronoun after a noun phrase of the same clause ("the money you have to spend",
    "the stability they need to build") heads a relative clause whose "that" is left out:
    it describes the noun, it calls on no one. Not "all of you", "each of them"."""
    if len(words) < 2 or words[-2].lower() == "of":
        return False
    return any(w.lower() in lex.determiners for w in words[:-1])


def _ours(lex: KindLexicon, words: list[str]) -> bool:
    """A subject noun phrase of the speaker's side: "our state", "the armed forces of our
    country", "our joint investigation team"; not a long clause that merely holds "my" far
    from the verb ("my record of working with orphans and families … will help")."""
    before = words[:-1] if len(words) <= _NOUN_PHRASE_WORDS else words[-3:-1]
    return any(w.lower() in lex.self_possessives for w in before)


_NOUN_PHRASE_WORDS = 8  # longer, the words before the verb are more than its subject
