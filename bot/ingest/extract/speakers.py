"""Who is who in one document: people, their roles, and coreference.

The registry is built in two steps. ``discover`` reads the whole masked text once for names
that are evidently people (a title or role before the name, an apposition after it, a known
given name, a gazetteer alias); ``resolve`` then maps each speaker phrase found next to a cue
to a person: a later surname-only mention to the full name, "he"/"she" to the most salient
compatible person before it, and "the spokesman" to the person the text described that way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.text.analysis import STOPWORDS
from bot.text.particles import honorifics

from .bodies import speaks_officially
from .lexicon import lexicon
from .names import (
    ARTICLE_SURNAME_RE,
    NAME_RUN_RE,
    Phrase,
    is_org,
    name_gender,
    split_after_link,
    split_name,
)
from .offices import (
    complement,
    role_before,
    same_office,
    spouse_office,
    states_office,
    strong_title,
    title_before,
)
from .pronouns import PronounResolver
from .text import Layout, opening_byline
from .variants import same_given_name

# How far after a description the name it refers forward to may come (about a sentence).
_CATAPHORA = 300
_OF_END_RE = re.compile(r"\b(?:of|for)\s+(?:the\s+)?$")
# ", the foreign minister,", ", China's foreign minister,": a description in apposition.
_APPOS_RE = re.compile(
    r"\s*,\s*((?:the|a|an|his|her|its|their|[A-Z][\w\-]*(?:’s|'s))\s[^,.;:\n]{2,80}?)\s*[,.;]"
)


@dataclass
class Person:
    name: str
    gender: str | None = None
    roles: list[str] = field(default_factory=list)
    heads: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)  # offsets, in text order

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def add_role(self, role: str) -> None:
        # "Q Mr. Singh": a reporter's turn label read into the title before a name.
        role = _QUESTION_LEAD_RE.sub("", role.strip(" ,"))
        if not role or role.rstrip(".").lower() in _HONORIFICS:
            return  # "Mr." says nothing of an office
        if role not in self.roles:
            self.roles.append(role)
        lex = lexicon()
        # The head is before an "of" or "for" complement: "Head of the Office of the
        # President" is a head, not a president; "Spokesperson for the Secretary-General" a
        # spokesperson. (Not "to": a role cut from "Adviser to the President" reads "to the
        # President" and still names the adviser by the office advised.)
        words = re.split(r"\s+(?:of|for)\s+", role.lower(), maxsplit=1)[0].split()
        for n in (3, 2, 1):
            for k in range(len(words) - n + 1):
                chunk = " ".join(words[k : k + n])
                if chunk in lex.role_nouns:
                    self.heads.add(chunk)


_HONORIFICS = honorifics()
_QUESTION_LEAD_RE = re.compile(r"^(?:Q|QUESTION|Question)[.:]?\s+")
_OWNER_RE = re.compile(r"([A-Z][\w\-]*)(?:’s|'s)\s")


def _owner(phrase: str) -> str:
    """The capitalised possessor in a role description: "Johnson’s spokesperson" -> "Johnson",
    "the Head of the President's Office" -> "President"; a country qualifying the office
    ("the US president" -> "US", "The French foreign minister" -> "French"); "" for "his
    adviser"."""
    m = _OWNER_RE.search(phrase) or _QUALIFIER_RE.match(phrase)
    if m is None or m.group(1) in lexicon().titles:
        return ""
    return m.group(1)


# "the US president", "The Ukrainian President": a capitalised word between the article and
# the office, naming whose office it is.
_QUALIFIER_RE = re.compile(r"[Tt]he\s+([A-Z][\w\-]*)\s+[\w\-]")


def owns(owner: str, comp: set[str], p: Person) -> bool:
    """``p`` can hold the office of ``owner`` (a description's possessor) or of ``comp`` (its
    "of" complement): a role of theirs names that owner. "Ukraine’s deputy prime minister" is
    someone whose role says Ukraine (or Ukrainian), not the UK's; "Johnson’s spokesperson" is
    not the Kremlin's; "the president of the European Commission" is not the "Ukrainian
    president". A role that names no owner fits an owner that is an office ("the President's
    wife"); for a complement, only a nationality in the role rules it out ("the Secretary
    General of the Alliance" may be the "Nato secretary general")."""
    lex = lexicon()
    if owner and p.surname.lower() == owner.lower():
        return False  # "Johnson’s spokesperson" is not Johnson
    stems = _stems(owner) if owner else {c[:3] for c in comp}
    if not stems:
        return True
    if any(stems & _stems(r) for r in p.roles):
        return True
    if not owner:
        return not any(_NATIONALITY_RE.search(r) for r in p.roles)
    office = owner.lower() in lex.role_nouns or owner in lex.titles
    return office and not any(_names_someone(r) for r in p.roles)


# "Ukrainian", "Polish", "French", "Israeli": a role's nationality.
_NATIONALITY_RE = re.compile(r"\b(?!Republican\b)[A-Z][a-z]+(?:ian|ish|ese|ch|an|i)\b")


def _stems(text: str) -> set[str]:
    """First three letters of each word: "Poland’s" and "Polish" share "pol"; a country's
    two capitals whole ("US", "UK", "EU"), which "the US president" must share too."""
    text = re.sub(r"[’']s\b", "", text)
    return {w[:3] for w in re.findall(r"[a-z]{3,}", text.lower())} | {
        w.lower() for w in re.findall(r"\b[A-Z]{2}\b", text)
    }


def _names_someone(role: str) -> bool:
    """A role that says whose it is: a possessor, a capitalised place or body, an "of" place."""
    lex = lexicon()
    words = re.findall(r"[\w’'\-]+", role)
    return bool(complement(role)) or any(
        w[:1].isupper()
        and w not in lex.titles
        and w.lower() not in lex.role_nouns
        and w not in {"The", "A", "An"}
        for w in words
    )


def _runs_on(phrase: str, title: str) -> bool:
    """``phrase`` is ``title`` after words that are no part of it: a determiner, a date, a
    clause's end ("The treasurer", "On Monday Palace spokesman", "after US president") — not
    a noun that qualifies it ("operations manager")."""
    if not phrase.endswith(title) or phrase == title:
        return False
    extra = phrase[: -len(title)].split()
    last = extra[-1] if extra else ""
    return bool(extra) and (
        last[:1].isupper() or any(c.isdigit() for c in last) or last.lower() in _NOT_QUALIFIERS
    )


_NOT_QUALIFIERS = frozenset("the a an its his her their after later by of to with and".split())


def _without_article(surname: str) -> str:
    """ "al-Dabbashi" is "Dabbashi" written without its article, as labels often do."""
    return surname.split("-", 1)[1].lower() if ARTICLE_SURNAME_RE.fullmatch(surname) else ""


def _norm(name: str) -> str:
    return re.sub(r"[’']s$", "", name).strip().lower()


# A given name written as initials: "S.V.", "S.", "J.-C.".
_INITIALS_RE = re.compile(r"(?:[A-Z]\.-?){1,3}")


class Registry:
    def __init__(
        self,
        layout: Layout,
        principal: tuple[str, str | None] | None = None,
        known: Iterable[tuple[str, Sequence[str]]] = (),
    ) -> None:
        self.layout = layout
        self.pronouns = PronounResolver(self)
        self.people: list[Person] = []
        self._by_key: dict[str, Person] = {}
        self._alias: dict[str, str] = {}
        for canonical, aliases in known:
            for a in (canonical, *aliases):
                self._alias[_norm(a)] = canonical
        self.principal: Person | None = None
        # A readout's own official when the page names no principal: "the Minister" there is
        # the one whose office writes it, not the minister named last (``readouts.host``).
        self.host: Person | None = None
        if principal:
            name, role = principal
            self.principal = self.person(name, role or "")
        self._runs_by_last: dict[str, list[tuple[int, str]]] = {}

    # -- people ---------------------------------------------------------------------------
    def person(self, name: str, role: str = "", gender: str | None = None) -> Person:
        """The person called ``name`` (registering them, or merging a fuller name)."""
        name = re.sub(r"[’']s$", "", name.strip())
        if name.isupper() and len(name) > 3:
            name = name.title()  # transcript labels in capitals: "PENCE"
        canonical = self._alias.get(_norm(name))
        if canonical is None and " " in name:
            canonical = self._alias.get(_norm(name.split()[-1]))
        if canonical:
            name = canonical
        key = name.lower()
        p = self._by_key.get(key)
        g = gender or name_gender(name, role)
        if p is not None and g and p.gender and g != p.gender:
            p = None  # "Mr. Obama" is not "Michelle Obama"
        if p is None:
            p = self._match_existing(name, g)
        if p is None:
            p = Person(name, g)
            self.people.append(p)
        elif name.split()[-1].lower() == p.surname.lower() and (
            len(name.split()) > len(p.name.split())
            or (
                _INITIALS_RE.fullmatch(p.name.split()[0])
                and not _INITIALS_RE.fullmatch(name.split()[0])
            )
        ):
            # A fuller form of the same person: "Sergey Lavrov" for "S.V. Lavrov", "Mansoor
            # Al-Mahmoud" for "Mr al-Mahmoud".
            p.name = name
        self._by_key[key] = p
        self._by_key[p.name.lower()] = p
        if role:
            p.add_role(role)
            if p.gender is None:
                p.gender = name_gender(p.name, role)
        if gender and p.gender is None:
            p.gender = gender
        return p

    def _match_existing(self, name: str, gender: str | None = None) -> Person | None:
        tokens = name.split()
        last = tokens[-1].lower()
        same = [
            p
            for p in self.people
            if last in (p.surname.lower(), _without_article(p.surname))
            and not (gender and p.gender and p.gender != gender)
        ]
        if not same and len(tokens) == 1:
            # "Vice Foreign Minister Liang" for Liang Wenbo, as lookup_surname reads it.
            return self._only_by_first_word(_norm(last))
        if not same:
            return None
        if len(tokens) == 1:
            return same[-1]
        first = tokens[0].lower().rstrip(".")
        for p in same:
            pf = p.name.split()[0].lower()
            if len(p.name.split()) == 1 or pf.startswith(first) or first.startswith(pf):
                return p
            # "S.V. Lavrov", as Russian documents write names, is "Sergey Lavrov".
            initials = [t for t in (tokens[0], p.name.split()[0]) if _INITIALS_RE.fullmatch(t)]
            if len(initials) == 1 and pf[0] == first[0]:
                return p
            if same_given_name(first, pf):
                return p  # "Dimitry Peskov" is "Dmitry Peskov", romanised another way
        return None

    def spell_out_initials(self, full_names: Iterable[str]) -> None:
        """ "S.V. Lavrov" in the text is "Sergey Lavrov" when the title names him so: a
        ministry writes initials where its headline gives the name."""
        for full in full_names:
            words = full.split()
            if len(words) < 2 or _INITIALS_RE.fullmatch(words[0]):
                continue
            for p in self.people:
                given = p.name.split()[0]
                if (
                    p.surname == words[-1]
                    and _INITIALS_RE.fullmatch(given)
                    and given[0] == words[0][0]
                ):
                    self._by_key[full.lower()] = p
                    p.name = full

    def known_person(self, name: str, gender: str | None = None) -> Person | None:
        """The person registered under ``name``, or under a fuller or shorter form of it."""
        return self._by_key.get(name.lower()) or self._match_existing(name, gender)

    def is_known(self, name: str) -> bool:
        name = re.sub(r"[’']s$", "", name.strip())
        if _norm(name) in self._alias or name.lower() in self._by_key:
            return True
        last = name.split()[-1].lower() if name.split() else ""
        return any(p.surname.lower() == last for p in self.people)

    def lookup_surname(self, token: str, before: int) -> Person | None:
        """A single capitalised word: a known person's surname, or a full name seen nearby."""
        key = _norm(token)
        if key in self._alias:
            return self.person(self._alias[key])
        same = [
            p
            for p in self.people
            if key in (p.surname.lower(), p.name.lower(), _without_article(p.surname))
        ]
        if same:
            # Most recently mentioned person with this surname.
            def last_seen(p: Person) -> int:
                seen = [m for m in p.mentions if m < before]
                return seen[-1] if seen else -1

            return max(same, key=last_seen)
        # "Indonesia proposes …": a country or a government speaking, not the last word of
        # some capitalised run ("Universitas Indonesia") standing for a person.
        runs = self._runs_by_last.get(key) if not speaks_officially(token) else None
        if runs:
            earlier = [r for pos, r in runs if pos < before] or [r for _, r in runs]
            # Ties go to the first in text order (a set's order would vary by run).
            best = max(dict.fromkeys(earlier), key=earlier.count)
            return self.person(best)
        return self._only_by_first_word(key)

    def _only_by_first_word(self, key: str) -> Person | None:
        """A name's first word (``key``, normalised), as the one person so named: a surname
        written first ("Wang" for Wang Yi, "Lee" for Lee Jae-myung) or the name someone
        goes by ("Lula" for Lula da Silva)."""
        first = [
            p for p in self.people if len(p.name.split()) >= 2 and _norm(p.name.split()[0]) == key
        ]
        return first[0] if len(first) == 1 else None

    # -- discovery ------------------------------------------------------------------------
    def discover(self) -> None:
        """Register names that are evidently people, anywhere in the document."""
        lex = lexicon()
        masked = self.layout.masked
        # A byline's name is the writer's, who writes "I": never someone a pronoun or a
        # surname in the story stands for ("“…,” she said when I sat down"). An office-holder
        # signing an op-ed is registered by the byline pass (bot.ingest.extract.byline).
        byline = opening_byline(self.layout)
        signed = self.layout.paragraphs[byline[0]] if byline is not None else (0, 0)
        for m in NAME_RUN_RE.finditer(masked):
            if signed[0] <= m.start() < signed[1]:
                continue
            run = m.group()
            title, name = split_name(run)
            tokens = name.split()
            title, name = split_after_link(masked, m.start(), run, title, name)
            tokens = name.split()
            starts = [m.start() + t.start() for t in re.finditer(r"\S+", run)]
            if not tokens or is_org(name) or tokens[-1] in lex.time_words:
                continue
            of_before = _OF_END_RE.search(masked, max(0, m.start() - 9), m.start())
            if title and not run.startswith(title) and of_before:
                # "Head of the President's Office Jane Doe": the possessive is in the title.
                title = run[: run.rfind(name)].strip()
            if tokens:
                # The whole title written before the name: "Head of the Office of the President
                # Andriy Yermak" (across "of the"), "US secretary of state", "Adviser to the
                # President of Ukraine on economic issues".
                longer = title_before(masked, starts[len(starts) - len(tokens)])
                if len(longer) > len(title) and (not title or longer.endswith(title)):
                    title = longer
            # "Would Indonesia consider …", "When Joe Biden spoke": a sentence's first word
            # capitalised before a name is no part of it.
            opening = 0
            while opening < len(tokens) - 1 and tokens[opening].lower() in STOPWORDS:
                opening += 1
            if len(tokens) - opening >= 2:
                self._runs_by_last.setdefault(tokens[-1].lower(), []).append(
                    (m.start(), " ".join(tokens[opening:]))
                )
            tail = _APPOS_RE.match(masked, m.end())
            appos_role = ""
            if tail and tail.group(1).split()[-1].lower() in lex.role_nouns:
                appos_role = tail.group(1)
            elif not title and len(tokens) >= 2 and masked.startswith(",", m.end()):
                # "the Kremlin spokesperson, Dmitry Peskov, said": the description before the
                # name, in apposition.
                lead = re.search(r",\s+$", masked[max(0, m.start() - 3) : m.start()])
                if lead:
                    window = masked[max(0, m.start() - 200) : m.start()].rstrip()[:-1] + " "
                    appos_role = title_before(window, len(window))
            before = masked[max(0, m.start() - 40) : m.start()]
            pre = re.search(r"([\w’'\-]+)\s+$", before)
            pre_role = pre.group(1).lower() if pre else ""
            evidence = (
                strong_title(title)
                or bool(appos_role)
                or pre_role in lex.role_nouns
                or (len(tokens) >= 2 and tokens[0] in lex.given_gender)
                or _norm(name) in self._alias
            )
            if not evidence:
                continue
            if len(tokens) == 1 and not title and _norm(name) not in self._alias:
                continue
            roles = [r for r in (title, appos_role) if r]
            if pre_role in lex.role_nouns and not title:
                roles.append(role_before(before))
            p = self.person(name, roles[0] if roles else "")
            for r in roles[1:]:
                p.add_role(r)
        self._index_mentions()

    def _index_mentions(self) -> None:
        p: Person | None
        masked = self.layout.masked
        for p in self.people:
            p.mentions.clear()
        keys: dict[str, Person] = {}
        for p in self.people:
            keys[p.name] = p
            keys.setdefault(p.surname, p)
        for alias, canonical in self._alias.items():
            p = self._by_key.get(canonical.lower())
            if p:
                keys.setdefault(alias, p)
        if not keys:
            # People may still be found later, at their cues ("Vassily Nebenzia, Russia's
            # ambassador, said …"): a pronoun after them needs the sentences indexed.
            self.pronouns.index_sentences()
            return
        alt = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
        for m in re.finditer(rf"(?<![\w’'\-])(?:{alt})(?![\w\-])", masked, re.IGNORECASE):
            word = m.group()
            if not word[:1].isupper():
                continue
            p = keys.get(word) or self._by_key.get(word.lower()) or keys.get(word.title())
            if p is None:
                p = self._alias_person(word)
            if p is None:
                continue
            possessive = masked.startswith(("’s", "'s"), m.end())
            # A possessive modifier ("Putin’s spokesman") is a weak antecedent: index it a
            # little later than a subject would be, never as the sentence's first mention.
            p.mentions.append(m.start() if not possessive else -m.start() - 1)
        self.pronouns.index_sentences()

    def _alias_person(self, word: str) -> Person | None:
        canonical = self._alias.get(_norm(word))
        return self._by_key.get(canonical.lower()) if canonical else None

    def note_mention(self, p: Person, pos: int) -> None:
        if pos not in p.mentions:
            p.mentions.append(pos)
            p.mentions.sort(key=abs)

    # -- resolution -----------------------------------------------------------------------
    def resolve(self, ph: Phrase, at: int, create: bool = True) -> tuple[Person | None, str]:
        """(person, role phrase given here) for a speaker phrase found at offset ``at``.

        With ``create=False`` a name must already be known as a person (used when a phrase is
        only *probably* the speaker, such as a sentence's subject with no speech verb).
        """
        if ph.kind == "name" and not create and not self.is_known(ph.name):
            return None, ""
        if ph.kind == "name":
            if is_org(ph.name) or ph.name.lower() in lexicon().non_person:
                return None, ""
            role = ph.role
            if ph.pos >= 0:
                # "Head of the Office of the President Andriy Yermak said": the whole title
                # before the name, not only the capitalised word next to it.
                # A phrase that runs on before the title ("On Monday Palace spokesman", "its
                # foreign minister") is trimmed to it.
                title = title_before(self.layout.masked, ph.pos)
                if title and (not role or title.endswith(role) or _runs_on(role, title)):
                    role = title
            if len(ph.name.split()) == 1 and not ph.role:
                p = self.lookup_surname(ph.name, at)
                if p is None and ARTICLE_SURNAME_RE.fullmatch(ph.name):
                    return None, ""  # "al-Qaeda said": a surname of no one named here
                if p is None:
                    p = self.person(ph.name, gender=ph.gender)
            else:
                p = self.person(ph.name, role, ph.gender)
            if role:
                p.add_role(role)
            self.note_mention(p, ph.pos if ph.pos >= 0 else at)
            return p, role
        if ph.kind == "pronoun":
            if ph.gender == "1":
                return self.principal, ""
            if ph.gender in ("m", "f"):
                return self.pronouns.antecedent(ph.pos if ph.pos >= 0 else at, ph.gender), ""
            return None, ""
        if ph.kind == "role":
            return self.by_role(ph.text, at, recent=True), ph.text
        return None, ""

    def by_role(self, phrase: str, at: int, recent: bool = False) -> Person | None:
        """The person the document describes by ``phrase``; with ``recent``, a capitalised
        office nobody holds yet falls to the one person just mentioned. "The President's
        wife" is the First Lady, or the person the document calls the President's wife."""
        office = spouse_office(phrase)
        if office != phrase:
            found = self._by_role(office, at, recent)
            return found if found is not None else self._by_role(phrase, at, recent)
        return self._by_role(phrase, at, recent)

    def _by_role(self, phrase: str, at: int, recent: bool) -> Person | None:
        lex = lexicon()
        words = phrase.lower().split()
        if words and words[0] in {"a", "an", "one", "another"}:
            return None  # an indefinite description introduces someone new
        heads = {
            " ".join(words[k : k + n])
            for n in (3, 2, 1)
            for k in range(len(words) - n + 1)
            if " ".join(words[k : k + n]) in lex.role_nouns
        }
        if not heads:
            return None
        # The head is before an "of" complement: "the Head of the Office of the President".
        head = re.split(r"\s+of\s+", phrase.lower(), maxsplit=1)[0].split()[-1]
        if re.match(r"(?:the\s+)?head\s+of\s+(?:the\s+)?state\b", phrase.lower()):
            heads, head = {"president"}, "president"  # the idiom names a president
        comp = complement(phrase)

        owner = _owner(phrase)

        def fits(p: Person) -> bool:
            # "the President of Russia" is not the "President of the Republic of Belarus".
            held = head in p.heads or bool(heads & p.heads and head not in lex.role_nouns)
            return held and same_office(comp, p.roles) and owns(owner, comp, p)

        pr = self.principal or self.host
        if pr and re.match(r"[Tt]he\s+[A-Z]", phrase) and fits(pr):
            # A release's "the President", "the Head of State": its own principal; a
            # readout's "the Minister", its host.
            return pr
        best: tuple[tuple[bool, int], Person] | None = None
        for p in self.people:
            if fits(p) and (p is pr or self._named_by(p, at)):
                seen = [abs(m) for m in p.mentions if abs(m) < at]
                # "President of Utopia" is first the person whose role states that office;
                # a bare "President" (another country's, maybe) only fits for want of one.
                score = (states_office(comp, p.roles), seen[-1] if seen else -1)
                if best is None or score > best[0]:
                    best = (score, p)
        if best:
            return best[1]
        if pr and (fits(pr) or (head == "state" and "president" in pr.heads)):
            return pr
        office = re.match(r"[Tt]he\s+([A-Z][\w\-]*)", phrase)
        if recent and office and office.group(1) in lex.titles:
            # "…," said the First Lady: a capitalised office names one holder; with nobody
            # known by that role, it is the one person just mentioned with no role yet.
            sole = self._sole_recent(at, name_gender("", phrase))
            if sole is not None:
                sole.add_role(phrase)
            return sole
        return None

    def _named_by(self, p: Person, at: int) -> bool:
        """``p`` is named before ``at`` or just after it: a description refers back, or forward
        only to the name that follows it ("…, the regional governor said. Governor Jane Doe …"),
        never to someone the article introduces much later."""
        return any(abs(m) < at + _CATAPHORA for m in p.mentions)

    def _sole_recent(self, at: int, gender: str | None) -> Person | None:
        a = self.pronouns.previous_sentence_start(at)
        if a is None:
            return None
        found = {
            p.name: p
            for p in self.people
            if any(a <= m < at for m in p.mentions)  # not a possessive ("Putin’s invasion")
            and not (gender and p.gender and p.gender != gender)
        }
        if len(found) != 1:
            return None
        p = next(iter(found.values()))
        return p if not p.roles and (not gender or p.gender in (None, gender)) else None
