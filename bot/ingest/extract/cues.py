"""Speech cues in one sentence: the verb (or "according to") and who it is attributed to."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.resources import word_list

from .after import parse_after_verb
from .bodies import government_body, government_body_ending, side_body, speaks_officially
from .lexicon import lexicon
from .names import NAME_RUN, Phrase, is_org, parse_subject, split_name
from .nouns import document_author, document_by, ends_with_speech_noun, possessive_claims
from .salience import is_oblique
from .speakers import Person, Registry
from .text import MASK

_ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+")
_CITED_RE = re.compile(
    r"\b(?:was|were|is|has been|had been)\s+(?:cited|quoted)\b[^,]{0,60},?\s*(?:as\s+)?$"
)
_ADVERBIAL_RE = re.compile(r"^(?:[\w’'\-]+\s+){0,20}?[\w’'\-]+,\s+")
_NAME_RE = re.compile(rf"(?<![\w’'\-]){NAME_RUN}")
# Bare forms that follow a plural or collective subject as verbs: "Police say", "critics argue".
_BARE_VERBS = word_list("cues.json", "bare_speech_verbs")
_PLURAL_BEFORE_RE = re.compile(
    r"(?:\b[A-Z][\w’'\-]*|\b[a-z]{3,}(?<![su]s)(?<!is)s)\s+(?:(?:also|often|still|now|[a-z]+ly)\s+)?$"
)
_NEAR = 120
# "continues to work", "continued working", "continue with": the verb of going on doing
# something, not of speaking on ("…,” he continued").
_ASPECT_RE = re.compile(r"\s+(?:to\s+[a-z]|[a-z]{2,}ing\b|with\b|on\s+(?:with|the|a|an)\b)")
_HAVING_RE = re.compile(r"\s*(?:After\s+)?[Hh]aving\s+(?:also\s+)?")
_MAIN_SUBJECT_RE = re.compile(rf",\s+({NAME_RUN})\s+(?=(?:also\s+)?[a-z]+(?:ed|s)\b)")
_DOCUMENT_SUBJECT_RE = re.compile(
    r"\s*(?:[Tt]he|[Tt]his|[Hh]is|[Hh]er)\s+(?:[a-z]+\s+)?"
    r"(?:message|statement|letter|address|greeting|greetings|telegram|appeal)\s+"
)
_PASSIVE_RE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:[a-z]+ly\s+)?$")
# "I quote", "we cite": the speaker quoting someone else, who owns the words.
_QUOTING = frozenset({"quote", "cite"})
_QUOTER = frozenset({"i", "we"})
_BY_RE = re.compile(r"\s+by\s+")
_COORD_RE = re.compile(r"[\w,]\s+(?:and|but)\s+(?:(?:also|then|later|again|[a-z]+ly)\s+)?$")
_CLAUSE_RE = re.compile(r"[,;]\s+(?:while|whereas|as|but|and|although|though)?\s*|;\s*")
_PRONOUN_START_RE = re.compile(r"^([Hh]e|[Ss]he)\b")
_MODAL_BEFORE_RE = re.compile(
    r"\b(?:will|would|could|can|may|might|must|should|did|do|does|to|I|we|you|they|We|They)"
    r"\s+(?:[a-z]+ly\s+|not\s+|also\s+)?$"
)
# Forms that are verbs whatever precedes them (not "comments", "states", "calls" …).
_CLEAR_FORMS = word_list("cues.json", "clear_speech_forms")
_NOT_SUBJECT = frozenset(
    {
        "the",
        "a",
        "an",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "that",
        "this",
        "which",
        "who",
        "his",
        "her",
        "their",
        "its",
        "our",
        "was",
        "were",
        "be",
        "been",
        "is",
        "are",
        "had",
        "has",
        "have",
        "would",
        "will",
        "could",
        "should",
        "not",
        "also",
        "with",
        "by",
        "s",
    }
)
# "…," told reporters the Ukrainian president, Volodymyr Zelenskiy: an object before the speaker.
_TOLD_OBJECT_RE = re.compile(
    r"\s*(?:reporters|journalists|the\s+(?:press|media|public)|(?:a|the)\s+(?:news|press)\s+"
    r"(?:conference|briefing))\s*,?\s+"
)


@dataclass
class Cue:
    start: int  # the verb (or "according to") span
    end: int
    word: str  # as written
    lemma: str
    phrase: Phrase
    person: Person | None
    role: str
    inverted: bool = False  # speaker after the verb
    org: str | None = None  # an organisation as speaker ("the Kremlin said")


def _subject_of_sentence(masked: str, s: int, upto: int) -> Phrase | None:
    """The grammatical subject at the start of a sentence ("On Monday, Putin’s spokesman
    Dmitry Peskov …, saying")."""
    head = masked[s:upto]
    adv = _ADVERBIAL_RE.match(head)
    # An opening adverbial ("On the same day, …", "With Democratic leaders worried …, …")
    # starts with a preposition or adverb; "House Speaker Paul Ryan, R-Wis., …" does not.
    first = head.split(None, 1)[0] if head.strip() else ""
    # … or a participle with its object: "Following a swiftly called meeting, …".
    opener = first in lexicon().time_words or re.match(r"\s*[A-Z][a-z]+ing\s+[a-z]", head)
    skip = adv.end() if adv and opener else 0
    if skip:
        named = _named_before_comma(head, skip)
        skip = skip if named is None else named
    pm = _PRONOUN_START_RE.match(head[skip:])
    if pm:
        word = pm.group(1)
        return Phrase("pronoun", word, gender="m" if word.lower() == "he" else "f", pos=s + skip)
    for m in _NAME_RE.finditer(head, skip):
        if m.start() > skip + 80:
            break
        if head.startswith(("’s", "'s"), m.end()):
            continue  # "Putin’s spokesman Dmitry Peskov": the possessive is not the subject
        ph = parse_subject(head[: m.end()], s)
        if ph is not None:
            return ph
    return None


_FULL_NAME_END_RE = re.compile(rf"({NAME_RUN}),\s+$")


def _named_before_comma(head: str, skip: int) -> int | None:
    """Where the subject starts when the "adverbial" ``head[:skip]`` ends in a person's full
    name: in "His comments came as Jane Doe, the former premier, …, writing" or "On Monday
    Jane Doe, a close ally of X, …" the name is the subject its apposition follows, not part
    of an opening phrase (unlike "In a call with Jane Doe, …", where she is an object)."""
    m = _FULL_NAME_END_RE.search(head, 0, skip)
    if m is None:
        return None
    title, name = split_name(m.group(1))
    start = m.start(1) + m.group(1).rfind(name)
    if len(name.split()) < 2 or is_org(name) or is_oblique(head, start, 0):
        return None
    return start


# "said that", "told reporters on Monday that": a reported clause follows the verb.
_THAT_FOLLOWS_RE = re.compile(r"\s+(?:[\w’'-]+,?\s+){0,4}?that\s")
# A finite clause straight after the verb: a subject, then an auxiliary within a few words.
_CLAUSE_FOLLOWS_RE = re.compile(
    r"\s+(?:the|a|an|it|they|he|she|we|its|their|his|her|[A-Z][\w’'\-]*)\b[^,.;:#]{0,60}?\b"
    r"(?:would|will|was|were|is|are|had|has|have|could|should|must|might|can)\b"
)


def _sharing(prev: Cue, start: int, end: int, word: str, lemma: str) -> Cue:
    """A cue whose verb shares the subject of the sentence's previous cue."""
    return Cue(start, end, word, lemma, prev.phrase, prev.person, prev.role, False, prev.org)


def _org_of(ph: Phrase) -> str | None:
    """The organisation a speaker phrase names, in full: "the Security Council" -> "Security
    Council" (``split_name`` would take "Security" for a title). An unnamed delegate speaks
    for their country: "the representative of France" -> "France" (a meeting's record names
    delegations, not people)."""
    if ph.kind == "role":
        text = ph.text.strip()
        delegate = _DELEGATE_RE.fullmatch(text) or _DELEGATE_OF_RE.fullmatch(text)
        if delegate is not None:
            return delegate.group(1) if speaks_officially(delegate.group(1)) else None
        return side_body(ph.text)  # "the Russian side" -> "Russia"
    if ph.kind != "name" or not is_org(ph.name):
        return None
    run = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", ph.text.strip())
    run = re.sub(r"(?:’s|'s)$", "", run)
    if (body := government_body(run)) is not None:
        return body  # "Ukraine's General Staff" -> "General Staff of Ukraine"
    return run if is_org(run) and run.endswith(ph.name) else ph.name


# "China's delegate", "Brazil's representative": the country's delegation speaking.
_DELEGATE_OF_RE = re.compile(
    r"((?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})(?:’s|'s)\s+"
    r"(?:representative|delegate|delegation)"
)
_DELEGATE_RE = re.compile(
    r"(?:[Tt]he\s+)?(?:representative|delegate|speaker|delegation|spokesperson)\s+(?:of|for)\s+"
    r"(?:the\s+)?([A-Z][\w\-]*(?:\s+(?:of\s+)?[A-Z][\w\-]*){0,3})"
)


def find_cues(masked: str, s: int, e: int, reg: Registry, title_case: bool = False) -> list[Cue]:
    """Every speech cue in the sentence ``masked[s:e]`` that has a speaker phrase.

    ``title_case``: a headline that capitalises its verbs ("Smith Says …"); an inflected
    capitalised form is a verb there, a bare one ("Tell") is not.
    """
    lex = lexicon()
    cues: list[Cue] = []
    for m in lex.verbs(masked, s, e):
        word = m.group()
        lemma = lex.verb_lemma[word.lower()]
        finite = title_case and word.lower() != lemma and not word.endswith("ing")
        if word[0].isupper() and m.start() != s and not finite:
            continue  # "the Washington Post", "State" … are names, not verbs
        left = masked[s : m.start()]
        near = left[-_NEAR:]  # end-anchored patterns only need the words before the verb
        plural_subject = lemma in _BARE_VERBS and _PLURAL_BEFORE_RE.search(near)
        if word.lower() == lemma and not (_MODAL_BEFORE_RE.search(near) or plural_subject):
            continue  # a bare form ("the Russian state", "a phone call") is a noun here
        if left.rstrip().endswith(("’s", "'s")):
            continue  # "Lavrov's comments"
        if lemma == "continue" and _ASPECT_RE.match(masked, m.end(), e):
            continue  # "Utopia continues to work on …": going on doing, not speaking
        ph: Phrase | None = None
        inverted = False
        participle = word.lower().endswith("ing")
        cm = _CITED_RE.search(left.rstrip()) if participle else None
        if participle and (
            cm or left.rstrip().endswith((",", "--", "—")) or ends_with_speech_noun(near)
        ):
            if cm:
                ph = parse_subject(left[: cm.start()], s)
            elif cues and cues[-1].phrase.kind != "other":
                # "X said …, adding that …": the participle shares the main verb's subject.
                cues.append(_sharing(cues[-1], m.start(), m.end(), word, lemma))
                continue
            else:
                ph = _subject_of_sentence(masked, s, m.start())
        if ph is None and _HAVING_RE.fullmatch(left):
            # "Having noted that …, Vladimir Putin emphasised …": the main clause's subject.
            mm = _MAIN_SUBJECT_RE.search(masked, m.end(), e)
            ph = parse_subject(mm.group(1), mm.start(1)) if mm else None
            if ph is None:
                continue
            ph = replace(ph, pos=s)  # the clause follows the verb, as for a subject before it
        if ph is None and reg.principal is not None and _DOCUMENT_SUBJECT_RE.fullmatch(left):
            # "The message reads: “…”" in a release: the office principal's message.
            cues.append(
                Cue(
                    m.start(),
                    m.end(),
                    word,
                    lemma,
                    Phrase("role", left.strip()),
                    reg.principal,
                    reg.principal.roles[0] if reg.principal.roles else "",
                )
            )
            continue
        if ph is None:
            ph = parse_subject(left, s) or document_author(near, m.start() - len(near))
            oblique = ph is not None and ph.kind == "name" and not participle
            if oblique and ph is not None and is_oblique(masked, ph.pos, s, objects=False):
                ph = None  # "the blockade of the city of X continues": X is not the subject
        if ph is None and cues and cues[-1].phrase.kind != "other" and _COORD_RE.search(near):
            # "Roberts said she thinks … but said “…”": a coordinated verb shares the subject.
            cues.append(_sharing(cues[-1], m.start(), m.end(), word, lemma))
            continue
        quoting = MASK in masked[m.end() : m.end() + 100]
        reporting = not participle and (
            _THAT_FOLLOWS_RE.match(masked, m.end(), e) is not None
            # "… but said the talks would continue": a clause without "that" after "said"
            or (lemma == "say" and _CLAUSE_FOLLOWS_RE.match(masked, m.end(), e) is not None)
        )
        if ph is None and _COORD_RE.search(near) and (quoting or reporting):
            # "…, while Zelenskiy stayed in Kyiv and told Americans: “…”": the clause's subject,
            # a person the document already knows, for the quotation the verb introduces;
            # "Jane Doe thanked the minister and said that …": also a full name heading the
            # clause, for the clause reported.
            ends = [c.end() for c in _CLAUSE_RE.finditer(masked, s, m.start())]
            if ends and not masked[ends[-1] : m.start()].strip():
                # "Jane Doe declined to say which, but said …": ", but" opens the verb's
                # own clause; the shared subject heads the clause before it.
                ends.pop()
            clause = max(ends, default=s)
            subj = _subject_of_sentence(masked, clause, m.start())
            known = subj is not None and (subj.kind == "pronoun" or reg.is_known(subj.name))
            heading = (
                subj is not None
                and reporting
                and subj.kind == "name"
                and not masked[clause : subj.pos].strip()
                and len(subj.name.split()) >= 2
                and not is_org(subj.name)
            )
            if subj is not None and (known or heading) and subj.kind in ("name", "pronoun"):
                ph = subj
            elif subj is not None and reporting and subj.kind == "role" and _org_of(subj):
                ph = subj  # "the delegate of Ghana welcomed … but said that …"
        if ph is None and _PASSIVE_RE.search(near):
            # "“American Skin” was written by Bruce Springsteen": the agent is the speaker.
            by = _BY_RE.match(masked, m.end(), e)
            if by:
                ph = parse_after_verb(masked[by.end() : min(e, by.end() + 160)], by.end())
                inverted = ph is not None
        if ph is None and lemma in lex.inverting:
            prev = left.rstrip()[-1:] if left.strip() else ""
            if prev in {",", '"', "”", "’", "'", "»", "#", "—", "–"} or not left.strip():
                after = m.end()
                obj = _TOLD_OBJECT_RE.match(masked, after, e) if lemma == "tell" else None
                if obj is not None:
                    after = obj.end()
                ph = parse_after_verb(masked[after : min(e, after + 160)], after)
                inverted = ph is not None
        if ph is None and (body := government_body_ending(left)) is not None:
            # "Russia's defence ministry said …": a country's body, written in lower case.
            name, at = body
            ph = Phrase("name", left[at:].strip(), name=name, pos=s + at)
            cues.append(Cue(m.start(), m.end(), word, lemma, ph, None, "", False, name))
            continue
        if ph is None:
            # A cue whose subject is no person ("officials said", "the statement says") still
            # claims the quotation next to it, so that it is not given to someone else.
            last = re.search(r"([A-Za-z]+)\s*$", left)
            clear = word in _CLEAR_FORMS or word.lower() in _BARE_VERBS
            if last and clear and last.group(1).lower() not in _NOT_SUBJECT:
                ph = Phrase("other", last.group(1), pos=s + last.start(1))
                cues.append(Cue(m.start(), m.end(), word, lemma, ph, None, ""))
            continue
        if lemma in _QUOTING and ph.kind == "pronoun" and ph.text.lower() in _QUOTER:
            continue  # "Putin asserted — and I quote — …": the words are the one quoted
        person, role = reg.resolve(ph, ph.pos if ph.pos >= 0 else m.start())
        org = _org_of(ph) if person is None else None
        cues.append(Cue(m.start(), m.end(), word, lemma, ph, person, role, inverted, org))
    for m in _ACCORDING_RE.finditer(masked, s, e):
        right = masked[m.end() : min(e, m.end() + 160)]
        ph = parse_after_verb(right, m.end()) or document_by(right, m.end())
        if ph is None:
            continue
        person, role = reg.resolve(ph, ph.pos)
        org = _org_of(ph) if person is None else None
        cues.append(
            Cue(m.start(), m.end() - 1, "according to", "according to", ph, person, role, True, org)
        )
    for ns, ne, noun, ph in possessive_claims(masked, s, e):
        person, role = reg.resolve(ph, ph.pos)
        org = _org_of(ph) if person is None else None
        cues.append(Cue(ns, ne, noun, "", ph, person, role, False, org))
    cues.sort(key=lambda c: c.start)
    return cues
