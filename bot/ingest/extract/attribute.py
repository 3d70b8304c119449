"""Attribute quotations and reported speech, sentence by sentence, in document order.

For a quotation the nearest cue wins, in this order: a cue right after it ("…," Lavrov said),
a cue right before it (Lavrov said: "…"), then any cue in its sentence (Price said he has
‘very little confidence’). A quotation with no cue in its sentence continues the speaker of
the paragraph (or of the paragraph just before, when it opens its paragraph) — the newspaper
habit of attributing once and quoting on.

That ladder is ``QUOTE_STRATEGIES``: methods tried in order on a ``QuoteSite`` (the quotation,
its sentence and the cues around it), each returning an ``Attribution`` or None; the first
answer wins. Each answer carries a level of the shared ``Confidence`` scale.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.resources import word_list

from .bodies import side_body, speaks_officially
from .confidence import Confidence
from .cues import Cue, _subject_of_sentence, find_cues
from .glosses import gloss_start
from .headline import headline_para, headline_speaker, is_title_case
from .lexicon import lexicon
from .model import Draft
from .names import NAME_RUN, is_org, parse_subject, split_name
from .quotes import QuoteSpan
from .salience import addresses
from .speakers import Person, Registry
from .text import MASK, Layout

_TIGHT_BEFORE_RE = re.compile(
    r"^(?:\s+(?:to\s+)?(?:\w+\s+){0,3}?)??\s*(?:[,:]|\bthat\b|\bthis\b|\bit\b)?\s*[,:]?\s*$"
)
_DASH_NAME_RE = re.compile(rf"\s*[―—–-]{{1,2}}\s*({NAME_RUN})")
# "Name: …" at the start of the quotation's sentence (a label or a headline's speaker).
_LABEL_RE = re.compile(rf"^\s*[-–—•*]?\s*({NAME_RUN})\s*:\s")
# An aside citing someone ("As Blinken made clear, …", "As Lena Marsh observes, …") reports
# what follows, unless the speaker goes on in the first person ("…, we expect that …"):
# "As" (and a title) just before the cue's subject, and "we" or "I" after the next comma.
_FIRST_PERSON_AFTER_RE = re.compile(r"[^,]*,\s+(?:we|I)\b")
_AS_ASIDE_RE = re.compile(r"(?:^|[:;,—–]\s+)\s*[Aa]s\s+(?:[A-Z][\w.’'-]*\s+){0,3}$")
_THAT_RE = re.compile(r"\bthat,?\s+")  # "said that, should …, it would …"
# A sentence in the passive ("has been called a charlatan", "was investigated by Congress"):
# its subject is what was done to, not who speaks the quotation in it.
_PASSIVE_SENTENCE_RE = re.compile(
    r"\b(?:is|are|was|were|been|being)\s+(?:\w+ly\s+)?(?:\w+ed|called|dubbed|seen|known|"
    r"branded|labell?ed|described)\b"
)
# "This was stated by X" / "X said this": the statement is the sentence before.
_THIS_BY_RE = re.compile(r"\s*(?:This|That|It|These)\s+(?:was|were|has been|had been)\s+$")
_SAID_THIS_RE = re.compile(
    r"\s+(?:this|so|about it|about this)\s*(?:[.,;]|\s(?:during|at|in|on|to|when|while|after)\b)"
)
_NEEDS_OBJECT = frozenset({"tell", "ask", "urge", "inform", "assure", "reassure", "advise"})
# Verbs calling on someone to act ("urged Belgrade to withdraw", "called on allies to send"):
# what is reported is the party and the act, from the party on.
_APPEALS = frozenset({"urge", "call", "implore", "exhort", "plead", "ask"})
# Appeal verbs that report nothing else ("called the decision a mistake", "asked whether …"):
# a clause only as the appeal ("called on Belgrade to …", "asked the Government to …").
_ONLY_AS_APPEAL = frozenset({"call", "ask"})
_FIRST_PERSON_RE = re.compile(r"(?:I|we|We)(?:['’]\w+)?$")
_APPEAL_OBJECT_RE = re.compile(
    r"(?:\s+(?P<on>on|upon|with))?\s+(?P<called>(?:(?!to\s)[\w’'\-]+\s+){1,6}?to\s+[a-z])"
)
_THAT_CLAUSE_VERBS = word_list("cues.json", "that_clause_verbs")
# What reports a clause after such a verb without "that": a colon ("continued: The …") or a
# clause with its own subject and verb ("maintained he was innocent", "mentioned the talks
# had failed"), the verb within a few words and no comma before it.
_SUBJECT_AND_VERB = (
    r"(?:he|she|they|we|I|there)\s+(?:[a-z]+ly\s+)?[a-z’']"
    r"|(?:[\w’'\-]+\s+){1,5}?(?:is|was|are|were|will|would|has|had|have|can|could|should|must|"
    r"may|might|did|does|do)\b"
)
_OWN_CLAUSE_RE = re.compile(rf"\s*,?\s*(?::|{_SUBJECT_AND_VERB})")
# A clause's subject and a verb in the past tense, no auxiliary ("the attack bore the
# hallmarks …", "the attackers targeted three substations").
_SUBJECT_AND_PAST = (
    r"(?:the|a|an|[A-Z][\w’'\-]*)(?:\s+[\w’'\-]+){0,4}?\s+(?:[a-z]{3,}ed|"
    + "|".join(sorted(word_list("cues.json", "past_forms")))
    + r")\b"
)
# A news story's "told us the attack bore …": "us" is the newsroom (Attributor._reported).
_US_THEN_CLAUSE_RE = re.compile(
    r"\s+us\s+(?!that\s)(?=" + _SUBJECT_AND_VERB + "|" + _SUBJECT_AND_PAST + r")"
)
# "told reporters the talks had failed", "told the BBC on Monday the war would end": the
# person told, then a clause with its own subject and verb ("told him the news" is none). Not
# "told you" or "tell us": a speech's own address to its audience ("History tells us …").
_OBJECT_THEN_CLAUSE_RE = re.compile(
    r"\s+(?:him|her|them|reporters|journalists|lawmakers|legislators|MPs|senators"
    # ("told the audience about …": "about" opens what was told of, not the person told)
    r"|delegates|(?:the|a|[A-Z][\w\-]*(?:’s|'s))\s+[\w’'\-]+"
    r"(?:\s+(?!(?:about|of|on|for|in|to|with|at)\b)[\w’'\-]+)??"
    r"|(?:[A-Z][\w’'\-]*\s+){0,2}[A-Z][\w’'\-]*)"
    r"(?:\s+(?:on|in|at)\s+[A-Z][\w’'\-]*)?\s+(?!that\s)(?="
    + _SUBJECT_AND_VERB
    + "|"
    + _SUBJECT_AND_PAST
    + r")"
)
# A clause opening before a quotation inside it: its subject and a finite verb, no colon
# ("the talks were “…”", "France would deliver six … and a “…”", "it remains “…”").
_CLAUSE_BEFORE_QUOTE_RE = re.compile(
    rf"\s*(?:{_SUBJECT_AND_VERB}|it\s+(?:[a-z]+ly\s+)?[a-z’']|(?:[\w’'\-]+\s+){{1,5}}?"
    r"remain(?:s|ed)\b)[^:]*$"
)
# A sentence glued to the one before, as live blogs run them ("…catastrophic”.“While …").
_GLUED_END_RE = re.compile(r"(?<=[a-z”\"’)])[.!?…][\"”’]*(?=[\"“‘]|[A-Z])|[”’](?=[“‘])")
_DANGLING_WORD_RE = re.compile(
    r"[\s,]+(?:if|and|or|but|in|on|at|of|to|for|with|by|from|the|a|an|as|while|when|that|which)"
    r"[\s,]*$"
)
_CLOSING_MARKS = '"”’»'
_CLOSE_RE = re.compile(rf"[{_CLOSING_MARKS}](?!\w)")  # not the apostrophe in "Russia’s"
_NARRATION_RE = re.compile(rf"[{_CLOSING_MARKS}]?\s*[,;—–]")
# The manner of a verb before its clause: "responded by saying (that)", "reacted in stating".
_BY_SAYING_RE = re.compile(r"\s*(?:by|in)\s+[a-z]+ing\s+(?:that\s+)?")
# Verbs that judge an object "as" something: "described X as", "dismissed X as".
_JUDGING = word_list("cues.json", "judging_verbs")
# The quotation is the complement after "as": "… as “dangerous”".
_AS_BEFORE_RE = re.compile(r"\bas\s*[\"“‘'«]*$")
# ", the bloc’s foreign policy chief " between a clause and the name of its speaker.
_ROLE_BEFORE_NAME_RE = re.compile(
    r",\s+(?!(?:and|or|but|while|as|which|who)\s)((?:[^\s,;:#]+\s+){1,6})$"
)
# Words that open an adverbial, not a clause: "During the visit, …", "In order to …, …".
_OPENERS = frozenset(
    "after before during following in on at when while as since with for from by amid despite "
    "upon to within throughout if although though because once until".split()
)
# A prepositional phrase opening a sentence ("In an interview with the BBC, X said …"); unlike
# "if" or "when", no clause of what was said starts so without a second comma.
_PREPOSITION_OPENERS = frozenset(
    "after before during following in on at with for from by amid despite upon within "
    "throughout".split()
)
# A new clause between the judging verb and the quotation: "…, and Roe said".
_CLAUSE_BREAK_RE = re.compile(r"[;:]|,\s+(?:and|but|while|as)\s")
_TRAIL_PUNCT = " ,;:.!?—–-\"”’'»"


@dataclass(frozen=True)
class Attribution:
    """A quotation's speaker as one strategy found it."""

    person: Person | None
    role: str
    confidence: Confidence
    context: tuple[int, int]  # the sentence(s) that attribute it
    org: str | None = None
    cue: Cue | None = None  # the sentence's cue it rests on, if any
    cue_index: int = -1  # that cue's index among the site's cues (then not reported speech)


@dataclass(frozen=True)
class QuoteSite:
    """One quotation in its sentence, and what the strategies read about it."""

    p: int  # paragraph
    ss: int  # sentence start
    se: int  # sentence end
    q: QuoteSpan
    cues: list[Cue]  # the sentence's cues (and those after a quotation running on)
    after: list[tuple[int, Cue]]  # cues after the quotation, before the next one
    before: list[tuple[int, Cue]]  # cues between the previous quotation and this one
    context: tuple[int, int]
    lead: str  # the masked sentence before the quotation
    opens_sentence: bool  # nothing but punctuation before it in its sentence
    previous: Draft | None  # the paragraph's (or previous paragraph's) last speaker


def _nobody(site: QuoteSite) -> Attribution:
    return Attribution(None, "", Confidence.UNATTRIBUTED, site.context)


def _continuing_from(prev: Draft, confidence: Confidence) -> Attribution:
    """The quotation goes to whoever spoke last in the paragraph."""
    return Attribution(prev.person, prev.role, confidence, prev.context, prev.org)


class Attributor:
    def __init__(
        self,
        layout: Layout,
        reg: Registry,
        quotes: list[QuoteSpan],
        claimed: list[tuple[int, int]],
        bodies_report: bool = False,
        turn_speakers: Sequence[tuple[int, int, Person | None]] = (),
    ) -> None:
        self.layout = layout
        self.reg = reg
        self.quotes = quotes
        self._qopens = [q.open for q in quotes]
        self.claimed = claimed  # regions owned by transcript turns
        # Who speaks each turn, in text order: someone they quote by name is still found
        # inside it.
        self.turn_speakers = sorted(turn_speakers, key=lambda t: t[0])
        self._turn_starts = [t[0] for t in self.turn_speakers]
        self._cue_cache: dict[tuple[int, int], list[Cue]] = {}
        self.drafts: list[Draft] = []
        self.para_last: dict[int, Draft] = {}
        self.headline = headline_para(layout)
        # A news story's "Turkey said it would …": a government's reported words (bodies.py).
        # Elsewhere a body named in a speech or a release is what its speaker talks about.
        self.bodies_report = bodies_report

    def cues(self, s: int, e: int) -> list[Cue]:
        key = (s, e)
        if key not in self._cue_cache:
            title_case = self.headline is not None and s < self.layout.paragraphs[0][1]
            title_case = title_case and is_title_case(self.layout.text[s:e])
            found = find_cues(self.layout.masked, s, e, self.reg, title_case)
            for c in found:
                if c.person is not None:
                    self.reg.pronouns.note_speaker(
                        c.phrase.pos if c.phrase.pos >= 0 else c.start, c.person
                    )
            self._cue_cache[key] = found
        return self._cue_cache[key]

    def _in_claimed(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.claimed)

    def run(self) -> list[Draft]:
        lay = self.layout
        for p in range(len(lay.paragraphs)):
            if lay.boilerplate[p]:
                continue
            for ss, se in lay.sentences(p):
                if self._in_claimed(ss):
                    self._quoted_in_turn(p, ss, se)
                    continue
                self._sentence(p, ss, se)
        self._backfill()
        return self.drafts

    def _quoted_in_turn(self, p: int, ss: int, se: int) -> None:
        """Inside a transcript turn the words are its speaker's, except what they quote of
        someone they name in the same sentence ("After the meeting, the Foreign Secretary
        said that …", "as the President put it, “…”"), or name in full in the sentence
        before, then call "he" or "she" ("… what the ambassador, Taras Verbytskyi, told the
        group. He said that “…”"): that is the named person's too, kept beside the turn.
        Nothing else found inside a turn is kept, nor anything in a question: a reporter's
        or a host's account of what someone said is a premise to answer, often loosely put."""
        k = bisect_right(self._turn_starts, ss) - 1
        owner = self.turn_speakers[k][2] if k >= 0 and ss < self.turn_speakers[k][1] else None
        if owner is None:
            return  # a signed statement's region, a reporter's question, a moderator's turn
        turn_start = self.turn_speakers[k][0]
        masked = self.layout.masked
        # Cues cost: look only where a full name, or the surname of someone the document
        # has named, stands in the sentence, or a pronoun opens it after a full name.
        if _TWO_CAPITALISED_RE.search(masked, ss, se) is None:
            capitalised = set(_CAPITALISED_RE.findall(masked, ss, se))
            if not any(p.surname in capitalised for p in self.reg.people):
                opening = _PRONOUN_OPENS_RE.match(masked, ss) is not None
                prior = self._sentence_before(p, ss, turn_start) if opening else None
                if prior is None or _TWO_CAPITALISED_RE.search(masked, *prior) is None:
                    return
        cues = self.cues(ss, se)
        # The sentence before, read only where a pronoun speaks in this one.
        pronoun = any(c.phrase.kind == "pronoun" for c in cues)
        previous = self._sentence_before(p, ss, turn_start) if pronoun else None
        # Named in full in the sentence itself, or in the one before for a pronoun: an
        # office ("the President said") or a pronoun's antecedent further back is resolved
        # against the whole document, a guess inside a turn.
        named = [
            c.person
            for c in cues
            if c.person is not None
            and _full_name(c.person.name)
            and (
                c.phrase.kind == "name"
                or c.phrase.kind == "pronoun"
                and previous is not None
                and c.person.surname in masked[previous[0] : previous[1]]
            )
        ]
        if not named:
            return
        before = len(self.drafts)
        self._sentence(p, ss, se)
        found = self.drafts[before:]
        del self.drafts[before:]
        for d in found:
            if d.cue is not None and d.person is not owner and any(d.person is n for n in named):
                self.drafts.append(d)

    def _sentence_before(self, p: int, ss: int, turn_start: int) -> tuple[int, int] | None:
        """The sentence before ``ss`` in its paragraph, if it is inside the same turn."""
        earlier = [s for s in self.layout.sentences(p) if s[1] <= ss and s[0] >= turn_start]
        return earlier[-1] if earlier else None

    # -- one sentence -------------------------------------------------------------------
    def _sentence(self, p: int, ss: int, se: int) -> None:
        lo = bisect_left(self._qopens, ss)
        hi = bisect_left(self._qopens, se)
        quotes = self.quotes[lo:hi]
        cues = self.cues(ss, se)
        used: set[int] = set()
        for k, q in enumerate(quotes):
            prev_close = quotes[k - 1].after if k else ss
            nxt_open = quotes[k + 1].open if k + 1 < len(quotes) else None
            self._quote(p, ss, se, q, cues, prev_close, nxt_open, used)
        for i, c in enumerate(cues):
            if i in used:
                continue
            self._reported(p, ss, se, c, cues[i + 1] if i + 1 < len(cues) else None)

    def _quote(
        self,
        p: int,
        ss: int,
        se: int,
        q: QuoteSpan,
        cues: list[Cue],
        prev_close: int,
        nxt_open: int | None,
        used: set[int],
    ) -> None:
        site = self._site(p, ss, se, q, cues, prev_close, nxt_open)
        found = first_attribution(QUOTE_STRATEGIES, self, site) or _nobody(site)
        cue = found.cue
        (start, end), direct, confidence = (q.start, q.end), True, found.confidence
        clause = self._clause_holding(site, cue) if cue is not None else None
        if clause is None and _names_a_work(self.layout.text, q):
            # "a fragment of the ballet “Lileya” by …": a title, no one's words; inside a
            # reported clause ("noted that he likes the motto “…” and called on …") it is
            # part of what was said.
            return
        if cue is not None:
            used.add(found.cue_index)
            if clause is not None:
                # "Macron said France would deliver six howitzers and a “significant number”
                # of vehicles": what was said is the clause; the quoted words alone are a
                # fragment of it. Stored as reported speech, the quotation marks kept.
                (start, end), direct, confidence = clause, False, Confidence.CUE_IN_SENTENCE
        self._add(
            p,
            Draft(
                start,
                end,
                direct,
                found.person,
                found.role,
                cue.word if cue is not None else None,
                confidence,
                found.context,
                org=found.org,
                lemma=cue.lemma if cue is not None else None,
            ),
        )

    def _site(
        self,
        p: int,
        ss: int,
        se: int,
        q: QuoteSpan,
        cues: list[Cue],
        prev_close: int,
        nxt_open: int | None,
    ) -> QuoteSite:
        masked = self.layout.masked
        after_end = nxt_open if nxt_open is not None else se
        close_e = se
        if q.close >= se:  # a quotation running past its sentence (across paragraphs)
            close_s, close_e = self.layout.sentence_at(min(q.close, len(masked) - 1))
            after_end = close_e
            cues = cues + [c for c in self.cues(close_s, close_e) if c.start > q.close]
        lead = masked[ss : q.open]
        return QuoteSite(
            p=p,
            ss=ss,
            se=se,
            q=q,
            cues=cues,
            after=[(i, c) for i, c in enumerate(cues) if q.close < c.start < after_end],
            before=[(i, c) for i, c in enumerate(cues) if prev_close <= c.start < q.open],
            context=(ss, max(se, close_e)),
            lead=lead,
            opens_sentence=not lead.strip(" \t\n#\"“”‘’'«»„"),
            previous=self._continuing(p, q),
        )

    # -- quotation strategies, tried in the order of QUOTE_STRATEGIES ----------------------
    def _by_cue(self, site: QuoteSite, i: int, c: Cue, confidence: Confidence) -> Attribution:
        if c.phrase.kind == "pronoun" and c.person is not None:
            c = self._not_addressee(c, self.layout.text[site.q.start : site.q.end])
        return Attribution(c.person, c.role, confidence, site.context, c.org, c, i)

    def _cue_right_after(self, site: QuoteSite) -> Attribution | None:
        """ "“…,” Lavrov said" — nothing but punctuation (or the role given) in between."""
        if not site.after:
            return None
        i, c = site.after[0]
        # The speaker's words between ("“…,” the spokesperson, Jane Doe, said") count as no
        # gap; a subject before the quotation ("She stated that … “…”, and reiterated that
        # …": a verb coordinated with the one before) is no attribution after it.
        after_quote = site.q.after <= c.phrase.pos < c.start
        end = c.phrase.pos if after_quote else c.start
        gap = self.layout.masked[site.q.after : end].strip(" ,.;:!?—–-\u00a0\"”’'»")
        # "…,” the Kremlin spokesperson, Dmitry Peskov, said": the gap is the role given.
        if not gap or c.inverted or (c.role and c.role.endswith(gap) and len(gap) < 60):
            return self._by_cue(site, i, c, Confidence.CUE_ADJACENT)
        return None

    def _cue_before(self, site: QuoteSite) -> Attribution | None:
        """ "Lavrov said: “…”", closer or farther."""
        if not site.before:
            return None
        i, c = site.before[-1]
        outer = [(j, b) for j, b in site.before[:-1] if b.person is not None]
        if c.person is None and c.phrase.kind == "pronoun" and c.phrase.gender == "n" and outer:
            # "Obama said it would tell “…”": a verb of a thing inside the speaker's clause.
            i, c = outer[-1]
        between = self.layout.masked[c.end : site.q.open]
        if c.lemma not in _JUDGING and _AS_BEFORE_RE.search(between):
            # "Doe described Russian comments that … as “…”": the comments are the object the
            # judging verb's subject describes; the judgement is Doe's, not the commenter's.
            judge = [(j, b) for j, b in site.before[:-1] if b.lemma in _JUDGING and b.person]
            if judge and not _CLAUSE_BREAK_RE.search(self.layout.masked, judge[-1][1].end, c.start):
                i, c = judge[-1]
                return self._by_cue(site, i, c, Confidence.CUE_BEFORE)
        tight = _TIGHT_BEFORE_RE.match(between) or len(between) < 40
        return self._by_cue(site, i, c, Confidence.CUE_ADJACENT if tight else Confidence.CUE_BEFORE)

    def _cue_after(self, site: QuoteSite) -> Attribution | None:
        """A cue after the quotation, with words in between."""
        if not site.after:
            return None
        i, c = site.after[0]
        return self._by_cue(site, i, c, Confidence.CUE_AFTER)

    def _cue_earlier(self, site: QuoteSite) -> Attribution | None:
        """ "Price said he has ‘very little confidence’": the last cue before the quotation."""
        inside = [(i, c) for i, c in enumerate(site.cues) if c.start < site.q.open]
        if not inside:
            return None
        i, c = inside[-1]
        return self._by_cue(site, i, c, Confidence.CUE_IN_SENTENCE)

    def _headline(self, site: QuoteSite) -> Attribution | None:
        """A quotation in the headline: its speaker as the headline gives it."""
        if site.p != self.headline:
            return None
        who = headline_speaker(self.layout, self.reg, site.ss, site.q.open)
        if who is not None:
            person, org, role = who
            return Attribution(person, role, Confidence.CONTEXT, site.context, org)
        if is_title_case(self.layout.text[site.ss : site.se]):
            # Capitalised words of a title-case headline are no evidence of a name.
            return _nobody(site)
        return None

    def _signature_or_label(self, site: QuoteSite) -> Attribution | None:
        """No cue in the sentence: a dash signature ("“…” — Jane Doe") or a "Name:" label."""
        masked = self.layout.masked
        q = site.q
        dm = _DASH_NAME_RE.match(masked, q.after)
        lm = _LABEL_RE.match(masked[site.ss : q.open + 1])
        for m in (dm, lm):
            if m:
                title, name = split_name(m.group(1))
                single = len(name.split()) == 1 and self.reg.lookup_surname(name, q.open) is None
                if single or is_org(name) or name in lexicon().question_labels:
                    return _nobody(site)
                if name:
                    person = self.reg.person(name, title)
                    return Attribution(person, title, Confidence.LABELLED, site.context)
        return None

    def _continues_paragraph(self, site: QuoteSite) -> Attribution | None:
        """The quotation opens its sentence: it continues the paragraph's speaker."""
        prev = site.previous
        if prev is None or not site.opens_sentence:
            return None
        return _continuing_from(prev, Confidence.CUE_IN_SENTENCE)

    def _introduced(self, site: QuoteSite) -> Attribution | None:
        """ "Doe called him a master. “He …”" / "Doe made this comment:\n\n“…”": the
        quotation opens its sentence right after a sentence about its speaker."""
        if site.previous is not None or not site.opens_sentence:
            return None
        intro = self._introducer(site.p, site.ss)
        if intro is None:
            return None
        person, org, role, confidence, context = intro
        return Attribution(person, role, confidence, context, org)

    def _sentence_subject(self, site: QuoteSite) -> Attribution | None:
        """Inside a sentence with no speech verb ("Obama is rolling out a new message: …",
        "Reid has been pounding Trump as a “con artist”"): the sentence's subject, if a person."""
        subj = _subject_of_sentence(self.layout.masked, site.ss, site.q.open)
        if subj is None or subj.kind not in ("name", "pronoun"):
            return None
        if _PASSIVE_SENTENCE_RE.search(self.layout.masked, subj.pos, site.q.open):
            return None  # "X has been called a charlatan for promoting “quack” cures": not X's
        person, role = self.reg.resolve(subj, subj.pos, create=False)
        if person is None:
            return None
        colon = site.lead.rstrip().endswith(":")
        confidence = Confidence.CONTEXT_CLOSE if colon else Confidence.GUESS
        return Attribution(person, role, confidence, site.context)

    def _continues_later(self, site: QuoteSite) -> Attribution | None:
        """A quotation inside a sentence with nobody else to speak it: the paragraph's speaker.
        Where that speaker's view was only reported ("X says that …"), a few words in
        quotation marks sentences later are no evidence of their words: most often the
        writer's own ("“great geopoliticians” are always unwilling to see …")."""
        if site.previous is None:
            return None
        if not site.previous.direct and _few_words(self.layout.text, site.q):
            return None
        return _continuing_from(site.previous, Confidence.GUESS)

    def _not_addressee(self, c: Cue, quote: str) -> Cue:
        """ "“I want to tell you, Mr. President, …,” he said": "he" is not the person the
        quotation addresses; the next most salient person is."""
        if c.person is None or not addresses(quote, c.person):
            return c
        other = self.reg.pronouns.antecedent(c.phrase.pos, c.phrase.gender, exclude=(c.person,))
        return replace(c, person=other, role="")

    def _introducer(
        self, p: int, ss: int
    ) -> tuple[Person | None, str | None, str, Confidence, tuple[int, int]] | None:
        """Who the sentence before ``ss`` (or a paragraph ending in a colon) is about."""
        lay = self.layout
        sents = lay.sentences(p)
        k = next((i for i, (a, _) in enumerate(sents) if a == ss), -1)
        if k > 0:
            a, b = sents[k - 1]
        elif k == 0:
            pp = lay.prev_content_para(p)
            if pp < 0 or lay.text[lay.paragraphs[pp][1] - 1] != ":":
                return None
            a, b = lay.sentences(pp)[-1]
        else:
            return None
        for c in reversed(self.cues(a, b)):
            if c.person is not None or c.org is not None:
                return c.person, c.org, c.role, Confidence.CONTEXT, (a, b)
        heading = _REMARKS_BY_RE.fullmatch(lay.masked, a, b)
        if heading is not None:
            # "Remarks by Minister Lehtonen at the signing:" over her quotations.
            ph = parse_subject(heading.group("who"), heading.start("who"))
            if ph is not None and ph.kind == "name":
                person, role = self.reg.resolve(ph, ph.pos, create=False)
                if person is not None:
                    return person, None, role, Confidence.CONTEXT, (a, b)
        subj = _subject_of_sentence(lay.masked, a, b)
        if subj is not None and subj.kind == "name":
            person, role = self.reg.resolve(subj, subj.pos, create=False)
            if person is not None:
                return person, None, role, Confidence.GUESS, (a, b)
        return None

    def _continuing(self, p: int, q: QuoteSpan) -> Draft | None:
        last = self.para_last.get(p)
        if last is not None and last.speaker_key is not None:
            return last
        opens_para = not self.layout.masked[self.layout.paragraphs[p][0] : q.open].strip()
        if last is None and opens_para:
            prev_p = self.layout.prev_content_para(p)
            prev = self.para_last.get(prev_p)
            if prev is not None and prev.speaker_key is not None:
                return prev
        return None

    def _clause_holding(self, site: QuoteSite, c: Cue) -> tuple[int, int] | None:
        """The reported clause a quotation is part of, when its speaker's verb comes first
        and the clause has its own subject and verb before the quotation opens ("X said the
        talks were “productive”"); None when the quotation is what was said ("X said: “…”",
        "X said on Monday “…”") or a judging verb's complement ("described it as “…”")."""
        last = self.para_last.get(site.p)
        if last is not None and not last.direct and last.start < site.q.open < last.end:
            # "… is “in favour” of talks, although “they are not going well”": the second
            # quotation is in the clause the first one's made; the same clause, kept once.
            return (last.start, last.end) if site.q.after <= last.end else None
        if site.q.after > site.se or not site.q.closed:
            return None  # a quotation running on past its sentence is more than a clause
        cs = self._clause_start(site, c)
        return None if cs is None else self._clause_end(site, cs)

    def _clause_start(self, site: QuoteSite, c: Cue) -> int | None:
        """Where the clause holding the quotation opens, after its verb (and "that"), or
        None when no clause with a subject and a verb of its own opens before it."""
        if (
            c.inverted
            or not site.ss <= c.end <= site.q.open
            or c.phrase.pos > c.start
            or c.lemma not in _clause_lemmas()
            or c.lemma in _JUDGING
        ):
            return None
        masked = self.layout.masked
        between = masked[c.end : site.q.open]
        m = _THAT_RE.search(between, 0, 70)
        cs = c.end + m.end() if m and _adjunct(between[: m.start()], c.lemma) else c.end
        if cs == c.end and c.lemma in _NEEDS_OBJECT:
            return None  # "told reporters “…”": the object, not a clause
        if by := _BY_SAYING_RE.match(masked, cs):
            cs = by.end()  # "responded by saying Nato should stop “…”"
        opening = masked[cs : site.q.open]
        if (
            MASK in opening
            or not _CLAUSE_BEFORE_QUOTE_RE.match(opening)
            or _GLUED_END_RE.search(masked, cs, site.q.open)
        ):
            return None
        return cs

    def _clause_end(self, site: QuoteSite, cs: int) -> tuple[int, int]:
        """(start, end) of the clause opening at ``cs``: it ends where another speaker's cue
        starts ("…, according to the agency"), where a reporter's gloss starts, at a sentence
        glued to it ("…”.“While …"), or at a comma after its last quotation."""
        masked = self.layout.masked
        ce = site.se
        for later in site.cues:
            if later.start > site.q.after:
                ce = min(ce, later.phrase.pos if later.phrase.pos > site.q.after else later.start)
        if ce < site.se:  # "…”, and in late April she said": back to the clause's last break
            breaks = list(_CLAUSE_BREAK_RE.finditer(masked, site.q.after, ce))
            ce = breaks[-1].start() if breaks else ce
        if glued := _GLUED_END_RE.search(masked, site.q.after - 1, ce):
            ce = glued.start() + 1
        if self.reg.principal is None:
            gloss = gloss_start(masked, site.q.after, ce)
            ce = gloss if gloss is not None else ce
        # After the clause's last quotation, a comma starts the reporter's narration ("…”,
        # before leaving the chamber"); words run on without one are the clause's ("a
        # “significant number” of armoured vehicles").
        closes = [close.end() for close in _CLOSE_RE.finditer(masked, site.q.after, ce)]
        if narration := _NARRATION_RE.search(masked, max([site.q.after, *closes]) - 1, ce):
            ce = narration.start()
        cs, ce = _trim_clause(masked, cs, ce)
        while (dangling := _DANGLING_WORD_RE.search(masked, site.q.after, ce)) is not None:
            ce = dangling.start()  # "… by all means necessary” if": a word opening what was cut
        # Closing marks stay: the clause shows where the speaker's own words end.
        ce = max(ce, site.q.after)
        while ce < site.se and masked[ce] in _CLOSING_MARKS:
            ce += 1
        return cs, ce

    # -- reported speech ----------------------------------------------------------------
    def _reported(self, p: int, ss: int, se: int, c: Cue, nxt: Cue | None) -> None:
        # "called on Belgrade to withdraw": "call" reports a clause only as such an appeal.
        calling = (
            c.lemma in _ONLY_AS_APPEAL
            and _appeals(self.layout.masked, c)
            and _appeal(self.layout.masked[c.end : se], c.lemma) is not None
        )
        if c.lemma not in _clause_lemmas() and not calling:
            return
        # A party to talks named as "the Russian side" speaks in any kind of document; a
        # body otherwise only in a news story (in a speech or a release it is a topic).
        side = c.org is not None and side_body(c.phrase.text) is not None
        if c.person is None and not (
            (self.bodies_report or side)
            and c.org is not None
            and speaks_officially(c.org)
            and _reports_a_clause(self.layout.masked, c, ss, se)
        ):
            return
        masked = self.layout.masked
        if (
            0 <= c.phrase.pos < c.start
            and _AS_ASIDE_RE.search(masked[ss : c.phrase.pos])
            and _FIRST_PERSON_AFTER_RE.match(masked, c.end, se)
        ):
            return  # "As Secretary Blinken said in his call, we expect …": the speaker's own
        if _THIS_BY_RE.match(masked, ss, c.start) or _SAID_THIS_RE.match(masked, c.end, se):
            self._anaphoric(p, ss, se, c)
            return
        if c.inverted or c.phrase.pos > c.start:
            # "CLAUSE, Lavrov said." / "CLAUSE, according to Lavrov." / "According to X, CLAUSE"
            if c.lemma == "according to" and c.start - ss < 3:
                m = re.search(r",\s*", masked[c.end : se])
                if not m:
                    return
                cs, ce = c.end + m.end(), se
                # "According to Jane Doe, the foreign minister, the sanctions …": the role in
                # apposition belongs to the source, not to what was said.
                if c.role and masked.startswith(c.role, cs):
                    after = re.match(r"\s*,\s*", masked[cs + len(c.role) : se])
                    cs = cs + len(c.role) + after.end() if after else cs
            else:
                tail = masked[c.end : se]
                if len(tail.strip(_TRAIL_PUNCT)) > 60:
                    return
                cs, ce = ss, c.start
        elif c.phrase.pos >= 0 and c.phrase.pos < c.start and (end := self._clause_before(ss, c)):
            cs, ce = ss, end
        else:
            rest = masked[c.end : se]
            m = _that_after(rest, c.lemma)
            told = _OBJECT_THEN_CLAUSE_RE.match(rest) if c.lemma in _NEEDS_OBJECT else None
            named = c.person is not None and _full_name(c.person.name)
            if told is None and c.lemma == "tell" and self.bodies_report and named:
                # A news story's or a live blog's "Jaan Ots told us the attack bore …": "us"
                # is the newsroom (in a speech, "tells us" is the audience; "History tells
                # us …" reports no one).
                told = _US_THEN_CLAUSE_RE.match(rest)
            appeal = _appeal(rest, c.lemma) if _appeals(masked, c) else None
            if appeal is not None:
                cs = c.end + appeal.start("called")  # "urged Belgrade to withdraw …"
            elif m:
                cs = c.end + m.end()
            elif told is not None and c.lemma == "tell" and c.phrase.kind != "other":
                cs = c.end + told.end()  # "told reporters the blockade must end"
            elif c.lemma in _NEEDS_OBJECT:
                return
            elif c.lemma in _THAT_CLAUSE_VERBS and not _OWN_CLAUSE_RE.match(rest):
                return  # "maintained friendly ties", "mentioned each of them by name"
            else:
                cs = c.end
            # The next cue ends the clause where it reports one of its own, or where it is the
            # speaker's next verb ("…, and asked for clarification"), or another's ("…, and
            # President Biden agreed"); "said Moscow would not agree to any arrangement": a
            # verb whose subject opens the clause, reporting none, is what was said.
            if (
                nxt is not None
                and nxt.phrase.pos >= cs
                and not masked[cs : nxt.phrase.pos].strip()
                and nxt.lemma not in _clause_lemmas()
                and nxt.lemma != "call"
            ):
                nxt = None
            if (
                nxt is not None
                and cs < nxt.start
                and not nxt.word.endswith("ing")
                and _BE_BEFORE_RE.search(masked, cs, nxt.start)
                # ("…, Joe Biden was asked a follow-up": someone named in full, a new event)
                and not (
                    nxt.phrase.pos >= cs and nxt.person is not None and _full_name(nxt.person.name)
                )
            ):
                # "said manufacturers had been asked to …", "he had to act because Russia was
                # threatened": a passive inside the clause is no one's speech.
                nxt = None
            ce = nxt.phrase.pos if nxt and nxt.phrase.pos > cs else se
            if nxt and nxt.start > cs and nxt.start < ce:
                ce = nxt.start
        # "…, concessions he was unlikely to receive": the reporter's comment ends the clause
        # (also when a cue inside it, "a claim the Kremlin denies", cut it short). An office
        # narrating its principal's words glosses them on the principal's side: kept there.
        if self.reg.principal is None:
            gloss = gloss_start(masked, cs, ce) or gloss_start(masked, cs, se)
            ce = gloss if gloss is not None and gloss < ce else ce
        cs, ce = _trim_clause(masked, cs, ce)
        if ce - cs < 12 or len(masked[cs:ce].split()) < 3 or MASK in masked[cs:ce]:
            return
        d = Draft(
            cs,
            ce,
            False,
            c.person,
            c.role,  # for a body, how it was named: "The representative of France"
            c.word,
            Confidence.CUE_IN_SENTENCE,
            (ss, se),
            org=c.org,
            lemma="call on" if calling else c.lemma,
        )
        if c.person is None:
            # A body's reported words never carry on to a quotation after them: the people
            # a story quotes next speak for themselves ("Poland said …. “…,” Johnson said").
            self.drafts.append(d)
        else:
            self._add(p, d)

    def _anaphoric(self, p: int, ss: int, se: int, c: Cue) -> None:
        """ "CLAUSE. This was stated by X." / "X said this during …": the sentence before
        is X's, reported (or, when it holds an unattributed quotation, quoted)."""
        lay = self.layout
        sents = lay.sentences(p)
        k = next((i for i, (a, _) in enumerate(sents) if a == ss), -1)
        if k > 0:
            a, b = sents[k - 1]
        elif k == 0 and lay.prev_content_para(p) >= 0:
            a, b = lay.sentences(lay.prev_content_para(p))[-1]
        else:
            return
        earlier = [d for d in self.drafts if a <= d.start < b]
        if earlier:
            for d in earlier:
                if d.speaker_key is None:
                    d.person, d.role, d.cue = c.person, c.role, c.word
                    d.confidence = Confidence.CUE_AFTER
            return
        cs, ce = _trim_clause(lay.masked, a, b)
        if ce - cs < 12 or MASK in lay.masked[cs:ce] or self.cues(a, b):
            return
        confidence = Confidence.CUE_IN_SENTENCE
        d = Draft(cs, ce, False, c.person, c.role, c.word, confidence, (a, se), lemma=c.lemma)
        self._add(lay.para_of(a), d)

    def _clause_before(self, ss: int, c: Cue) -> int | None:
        """Where the clause ends in "CLAUSE, Price said." (the speaker between clause and verb),
        or "CLAUSE, the bloc's foreign policy chief Jane Doe said." (a role before the name
        the cue gives); None when the sentence is not so built."""
        masked = self.layout.masked
        before = masked[ss : c.phrase.pos].rstrip()
        if c.person is None:
            before = _ARTICLE_END_RE.sub("", before)  # "…, the Kremlin said.": a body's name
        tail = masked[c.end :].split(".", 1)[0]
        if len(before) <= 20 or len(tail.strip()) >= 40:
            return None
        if before.endswith(","):
            # "In an interview with the BBC, X said that …": an opening phrase and no clause
            # before the comma; what was said follows the verb.
            opener = before.split(None, 1)[0].lower()
            phrase = opener in _PREPOSITION_OPENERS and "," not in before[:-1]
            if tail.split()[:1] == ["that"] or phrase:
                return None
            return ss + len(before)
        # With a role before the name the sentence must end at the verb ("…, the bloc's chief
        # Jane Doe said on Monday."), and the clause must be one: not an opening adverbial
        # ("During a visit to Utopia, President Jane Doe noted the …").
        role = _ROLE_BEFORE_NAME_RE.search(masked, ss, c.phrase.pos)
        if role is None or not c.role or c.role.split()[-1] not in role.group(1).split():
            return None
        words = tail.split()
        # "…, spokeswoman Jane Doe said, and the decision is final.": a comma after the verb
        # ends the reporting; what follows is another clause, not what was said.
        ends = not words or words[0].lower() in _ADJUNCT_START or tail.lstrip().startswith(",")
        opener = before.split(None, 1)[0].lower()
        if not ends or opener in _OPENERS or opener.endswith("ing"):
            return None
        return role.start()

    def _add(self, p: int, d: Draft) -> None:
        self.drafts.append(d)
        self.para_last[p] = d

    def _backfill(self) -> None:
        """ "A." "B," he said. — an unattributed quotation takes the next one's speaker."""
        for a, b in zip(self.drafts, self.drafts[1:], strict=False):
            if (
                a.direct
                and b.direct
                and a.speaker_key is None
                and a.confidence <= Confidence.UNATTRIBUTED
            ):
                gap = self.layout.masked[a.end : b.start]
                if len(gap) < 8 and b.speaker_key is not None:
                    a.person, a.role, a.org = b.person, b.role, b.org
                    a.confidence = Confidence.CONTEXT_CLOSE


_CAPITALISED_RE = re.compile(r"[A-Z][\w’'\-]+")


def reported_with_that(text: str, d: Draft) -> bool:
    """A clause reported with "that", of a few words at least: "told the committee in
    January that he was confident enforcement was working". Inside a turn, such a clause is
    what someone named said; one without "that" is too often a circumstance ("told me on
    this item")."""
    return (
        _THAT_BEFORE_RE.search(text, max(0, d.start - 8), d.start) is not None
        and len(text[d.start : d.end].split()) >= _MIN_REPORTED_WORDS
    )


_THAT_BEFORE_RE = re.compile(r"\bthat[:,]?\s+$")
# A form of "be" right before a verb: the verb is passive ("had been asked", "was told").
_BE_BEFORE_RE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:[a-z]+ly\s+)?$")
_MIN_REPORTED_WORDS = 6
_TWO_CAPITALISED_RE = re.compile(r"[A-Z][\w’'\-.]+\s+[A-Z][\w’'\-]+")
_PRONOUN_OPENS_RE = re.compile(r"(?:He|She)\s")


def _full_name(name: str) -> bool:
    """A given name and a surname as written ("Arvind Mehra Kapoor"), not a word a cue took
    for a name ("Q Well", "I’ve")."""
    words = name.split()
    titles = lexicon().titles
    return (
        len(words) >= 2
        and all(re.fullmatch(r"[A-Z][\w\-]*\.?", w) and w not in titles for w in words)
        and not is_org(name)
    )


# At most this many words of object and circumstance between "told" and its "that".
_OBJECT_WORDS = 8
_ADJUNCT_START = frozenset(
    "on in at to during after before at last this earlier later yesterday today tonight again "
    "also repeatedly previously recently once in from with without by over while when "
    "reporters journalists him her them us me".split()
)


# A quotation of fewer words is a phrase, not a statement: a scare quote, a term, a title.
_PHRASE_WORDS = 5


# A work's title in quotation marks: after its kind ("the ballet “Lileya”", "folk song
# “…”", "Operation “Dawn”"), or a short capitalised title with its author or source after it
# ("“Kozachok” from the first opera", "“Lileya” by Kostiantyn Dankevych").
_WORK_BEFORE_RE = re.compile(
    r"\b(?:ballet|opera|song|poem|ballad|novel|film|movie|album|documentary|anthem|hymn|"
    r"symphony|overture|painting|exhibition|festival|concert|operation|exercise|hashtag|"
    r"slogan|motto)\s+(?:(?:called|titled|entitled|named)\s+)?[\"“«]?$",
    re.IGNORECASE,
)
_WORK_AFTER_RE = re.compile(
    r"[\"”»]?\s+(?:by\s+(?:[a-z]+\s+){0,2}[A-Z]|from\s+the\s+(?:\w+\s+){0,2}"
    r"(?:ballet|opera|film|album|book|play|novel|poem|series))"
)
_TITLE_WORDS = 4


def _names_a_work(text: str, q: QuoteSpan) -> bool:
    """The quotation is a title: named as a work, or short, capitalised, unpunctuated and
    followed by its author or its source."""
    if _WORK_BEFORE_RE.search(text, max(0, q.open - 40), q.open + 1):
        return True
    words = text[q.start : q.end].split()
    title = 0 < len(words) <= _TITLE_WORDS and text[q.start : q.start + 1].isupper()
    if not title or text[q.end - 1 : q.end] in ".,!?;:":
        return False
    return _WORK_AFTER_RE.match(text, q.close) is not None


def _few_words(text: str, q: QuoteSpan) -> bool:
    return len(text[q.start : q.end].split()) < _PHRASE_WORDS


# Verbs whose clause needs no "that" when a body says it: "Turkey said it would …".
_PLAIN_CLAUSE_LEMMAS = frozenset({"say", "add", "insist"})
# Words after "that" showing it is the clause's subject, not its opening ("saying that could
# lead to …", "Nato states that would have to ratify …"), and words no clause opens with
# ("crimes Ukraine says is under investigation": the body inside a relative clause).
_VERB_NEXT_RE = re.compile(
    r"\s*(?:is|are|was|were|will|would|could|can|may|might|must|should|has|have|had|does|did)\b"
)


_ARTICLE_END_RE = re.compile(r"\s+[Tt]he$")


def _reports_a_clause(masked: str, c: Cue, ss: int, se: int) -> bool:
    """A body's cue introduces a whole clause: "said (on Monday) that …", "said it would …",
    "according to X, …", or "…, the Kremlin said." closing one; not an object ("announced
    $800m in aid", "claimed control of Mariupol", "warned both countries against …",
    "responded to requests")."""
    if c.lemma == "according to" and c.phrase.pos > c.start:
        # "According to the Ukrainian Air Force, 87 drones were …"; "…, according to X."
        after = masked[c.phrase.pos + len(c.phrase.text) : se]
        if after.lstrip().startswith(","):
            return len(after.split()) >= 4
        return not after.strip(_TRAIL_PUNCT) and len(masked[ss : c.start].split()) >= 4
    if c.inverted or c.phrase.pos > c.start:
        return c.lemma == "say" and len(masked[ss : c.start].split()) >= 4
    rest = masked[c.end : se]
    before = _ARTICLE_END_RE.sub("", masked[ss : c.phrase.pos].rstrip())
    if before.endswith(",") and not rest.strip(_TRAIL_PUNCT):
        return c.lemma == "say" and len(before.split()) >= 4  # "…, the Kremlin said."
    if _VERB_NEXT_RE.match(rest):
        return False
    that = _that_after(rest, c.lemma)
    if that:
        return not _VERB_NEXT_RE.match(rest, that.end())
    return c.lemma in _PLAIN_CLAUSE_LEMMAS and _OWN_CLAUSE_RE.match(rest) is not None


def _appeals(masked: str, c: Cue) -> bool:
    """The cue reports someone's appeal: not the speaker's own "I urge you to …" / "I'm
    calling on …" (said as it stands), nor a participle describing a noun ("the pact
    urging developed countries to …"; "…, urging allies to" shares the subject)."""
    if c.phrase.kind == "pronoun" and _FIRST_PERSON_RE.match(c.phrase.text):
        return False
    return not c.word.endswith("ing") or masked[: c.start].rstrip().endswith(",")


def _appeal(rest: str, lemma: str) -> re.Match[str] | None:
    """The party called on and the act after a verb of appeal ("urged Belgrade to withdraw",
    "called on allies to send"); "call" only with its "on" ("called the decision a …")."""
    if lemma not in _APPEALS:
        return None
    if lemma == "ask" and _ASKED_QUESTION_RE.match(rest):
        return None  # "asked about the payments", "asked why …", "asked not to be named"
    m = _APPEAL_OBJECT_RE.match(rest)
    return m if m is not None and (lemma != "call" or m.group("on")) else None


_ASKED_QUESTION_RE = re.compile(
    r"\s+(?:about|why|whether|if|how|what|when|where|who|whom|which|not|to|me|us|him|her)\b"
)


def _that_after(rest: str, lemma: str) -> re.Match[str] | None:
    """The "that" opening the clause reported after a verb of ``lemma`` ("said on Monday
    that …", "told reporters that …"), when only adjuncts stand before it."""
    m = _THAT_RE.search(rest, 0, 70)
    if m and MASK not in rest[: m.start()] and _adjunct(rest[: m.start()], lemma):
        return m
    return None


def _adjunct(gap: str, lemma: str) -> bool:
    """ "said on Monday that", "told reporters that": words between a verb and its "that" that
    do not start the reported clause itself ("saying western supplies showed that …")."""
    words = gap.split()
    if not words:
        return True
    first = words[0].strip(",")
    if first.lower() == "her" and len(words) > 1 and not _adjunct(" ".join(words[1:]), lemma):
        return False  # "said her country would …, a move that …": a possessive opens the clause
    if first.lower() in _ADJUNCT_START or first.endswith("ly"):
        return True
    if first[:1].isupper():
        return lemma in _NEEDS_OBJECT or first in lexicon().time_words
    if lemma in _NEEDS_OBJECT and len(words) <= _OBJECT_WORDS and first.lower() != "you":
        # "told state radio before leaving Budapest that …": whom, then when; a finite verb
        # before the "that" would make the words a clause of their own. ("I told you that
        # …" is a speaker talking to the audience, in their own speech.)
        return not any(w.lower().strip(",") in lexicon().auxiliaries for w in words)
    return False


def _trim_clause(masked: str, cs: int, ce: int) -> tuple[int, int]:
    """The clause without the punctuation around it, nor a conjunction left dangling where
    a coordinated verb was cut off ("warned that the truce was fragile and | called for …")."""
    while cs < ce and masked[cs] in " ,:;\u00a0":
        cs += 1
    while True:
        while ce > cs and masked[ce - 1] in _TRAIL_PUNCT:
            ce -= 1
        dangling = _DANGLING_CONJUNCTION_RE.search(masked, cs, ce)
        if dangling is None:
            return cs, ce
        ce = dangling.start()


_DANGLING_CONJUNCTION_RE = re.compile(r"(?<=[\s,;])(?:and|but|or)$")


_CLAUSE: set[str] = set()


def _clause_lemmas() -> set[str]:
    if not _CLAUSE:
        lex = lexicon()
        _CLAUSE.update(lex.verb_lemma[f] for f in lex.clause_forms)
        _CLAUSE.add("according to")
    return _CLAUSE


Strategy = Callable[[Attributor, QuoteSite], Attribution | None]


def remarks_heading(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a heading over someone's words: "Remarks by Minister
    Lehtonen at the signing:"."""
    return _REMARKS_BY_RE.fullmatch(text, start, end) is not None


# A heading over someone's words: "Remarks by Minister Lehtonen at the signing:".
_REMARKS_BY_RE = re.compile(
    r"\s*(?:Remarks|Statement|Address|Speech|Comments?|Words|Intervention)\s+(?:by|of|from)\s+"
    r"(?P<who>[^:\n]{3,80}?)(?:\s+(?:at|on|during|to|before|after|in)\s+[^:\n]{1,80})?:\s*"
)


# The ladder for a quotation, strongest evidence first: the nearest cue (right after, then
# before, then after with words between, then anywhere earlier in the sentence), then what
# the layout says (headline, signature or label), then what the paragraph says (who spoke
# last, who the sentence before is about, the sentence's subject). The first that answers
# wins; a quotation none answers has no speaker (``_nobody``).
QUOTE_STRATEGIES: tuple[Strategy, ...] = (
    Attributor._cue_right_after,
    Attributor._cue_before,
    Attributor._cue_after,
    Attributor._cue_earlier,
    Attributor._headline,
    Attributor._signature_or_label,
    Attributor._continues_paragraph,
    Attributor._introduced,
    Attributor._sentence_subject,
    Attributor._continues_later,
)


def first_attribution(
    strategies: tuple[Strategy, ...], attributor: Attributor, site: QuoteSite
) -> Attribution | None:
    """The answer of the first strategy that gives one (later ones are not run: they may
    register people)."""
    for strategy in strategies:
        found = strategy(attributor, site)
        if found is not None:
            return found
    return None
