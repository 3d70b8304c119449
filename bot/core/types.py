"""Immutable, platform-neutral types that flow between adapters and the core.

Adapters build a `Command` from a platform event and render the `Reply` they get back;
nothing in here knows about Discord, Slack or the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

from bot.core.review_card import ReviewCard
from bot.core.review_notice import ReviewNotice
from bot.core.syntax import CONSOLE, CommandSyntax

Platform = Literal["console", "cli", "discord", "slack", "test"]


@dataclass(frozen=True)
class Context:
    """Who asked, where. `is_admin` is the platform's own notion of admin (set by the adapter)."""

    platform: Platform = "console"
    workspace: str | None = None
    channel: str | None = None
    thread: str | None = None
    user_id: str = "local"
    display_name: str = "local user"
    is_admin: bool = False

    @property
    def actor(self) -> str:
        """A stable id for the audit log: platform, workspace and user."""
        return ":".join(p for p in (self.platform, self.workspace, self.user_id) if p)


@dataclass(frozen=True)
class Command:
    """One request: a command name, its free argument text and named options."""

    name: str
    text: str = ""
    options: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    context: Context = field(default_factory=Context)
    # How commands are written where this one came from (set by the adapter): help,
    # examples and hints are shown in that form.
    syntax: CommandSyntax = field(default=CONSOLE, compare=False, repr=False)

    def option(self, key: str, default: str | None = None) -> str | None:
        return self.options.get(key, default)


@dataclass(frozen=True)
class SourceRef:
    """Where a statement was reported: the outlet chain and, when known, title and link.

    `via` is the reporting chain as the document gives it, e.g.
    ("interview with RIA Novosti", "Newsweek"). `url` is None when no link is known;
    renderers must never invent one.
    """

    outlet: str | None
    title: str | None = None
    url: str | None = None
    via: tuple[str, ...] = ()
    document_title: str | None = None
    # The reporting document's kind ("transcript", "news article" …), None where unknown.
    document_kind: str | None = None

    def describe(self, *, with_kind: bool = False) -> str:
        """ "interview with RIA Novosti → Newsweek: ‘Title’"; just the title when no outlet.

        `with_kind` puts the document's kind first, as review shows it:
        "transcript · White House: ‘Title’".
        """
        chain = " → ".join(self.via) if self.via else (self.outlet or "")
        if self.title:
            text = f"{chain}: ‘{self.title}’" if chain else f"‘{self.title}’"
        else:
            text = chain or "unknown outlet"
        return f"{self.document_kind} · {text}" if with_kind and self.document_kind else text


@dataclass(frozen=True)
class Ranking:
    """Why an answer's statement ranks where it does, so a miss can be diagnosed: its rank
    in the full-text search and in the vector search (0-based; None: that search did not
    find it), its similarity to the question, the fitted score and confidence."""

    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None
    similarity: float | None = None
    confidence: float | None = None


class _Attributed:
    """Who said it and when, as renderers show it (a mixin: its subclasses hold the fields)."""

    speaker: str
    role: str | None
    date: date | None
    label: str

    @property
    def date_label(self) -> str:
        return self.date.isoformat() if self.date else "date unknown"

    @property
    def attribution(self) -> str:
        """ "Sergei Lavrov, Russia's foreign minister": the label renderers show."""
        return self.label or ", ".join(p for p in (self.speaker, self.role) if p)


@dataclass(frozen=True)
class Citation(_Attributed):
    """Another statement saying what an item says (a condition stated in several documents
    or by several of a side's speakers, merged into one point): who said it, when, and where
    it was reported. Its words are not shown: an item shows one statement's exact words."""

    statement_id: int
    speaker: str
    role: str | None
    date: date | None
    sources: tuple[SourceRef, ...]
    label: str = ""


@dataclass(frozen=True)
class StatementItem(_Attributed):
    """One cited statement as shown to a user: exact words plus full provenance."""

    statement_id: int
    speaker: str
    role: str | None
    entity: str | None
    text: str
    direct: bool
    kind: str | None
    date: date | None
    sources: tuple[SourceRef, ...]
    points: tuple[str, ...] = ()
    status: str = "approved"
    label: str = ""
    # Items sharing a group are shown under one heading ("Russia", a side of a comparison,
    # a digest's entity); renderers start a new heading whenever it changes.
    group: str | None = None
    # A quote shorter than a clause: the source's sentence carrying it, as written, and
    # where `text` starts in it. Renderers show the sentence with the quote's span marked
    # (its own quotation marks are already in it); None when the quote stands alone.
    sentence: str | None = None
    sentence_offset: int | None = None
    # Set on an answer's statements only (`ask --json` shows it).
    ranking: Ranking | None = None
    # Other statements saying the same, newest first: renderers list their citations
    # (who, when, where) after the item's own; their words are not shown.
    also: tuple[Citation, ...] = ()

    @property
    def in_sentence(self) -> tuple[str, str, str] | None:
        """(before, quote, after): the carrying sentence cut around the quote, each part's
        runs of whitespace shown as one space; None when there is no sentence, or it does
        not hold the quote exactly where it says (then the quote is shown alone)."""
        sentence, at = self.sentence, self.sentence_offset
        if not sentence or at is None or at < 0:
            return None
        end = at + len(self.text)
        if sentence[at:end] != self.text or not (sentence[:at] + sentence[end:]).strip():
            return None
        space = _SPACES.sub
        return space(" ", sentence[:at]), space(" ", self.text), space(" ", sentence[end:])

    @property
    def primary_url(self) -> str | None:
        return next((s.url for s in self.sources if s.url), None)


_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Paging:
    """Where a paged list stands, so an adapter can offer Previous / Next: the command to
    run again and its options (without the page), this page and how many there are.
    Text adapters keep the reply's "ask for page N" notice instead."""

    command: str
    options: tuple[tuple[str, str], ...]
    page: int
    pages: int


ReplyStatus = Literal["ok", "no_answer", "error"]


@dataclass(frozen=True)
class Reply:
    """What the core answers. Renderers decide layout and splitting; this is pure data.

    `numbered` asks renderers to show items (or the points of a single item) as a numbered
    list, e.g. conditions. `lines` carries plain text such as help output.
    """

    title: str
    items: tuple[StatementItem, ...] = ()
    lines: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    status: ReplyStatus = "ok"
    error_code: str | None = None
    ephemeral: bool = False
    numbered: bool = False
    show_ids: bool = False  # review lists: show statement numbers and status
    # Ids of further statements that answer too, best first: adapters offer a "More"
    # button that asks the `show` command for them (it works after a restart).
    more: tuple[int, ...] = ()
    question: str | None = None
    # Set on one page of a longer list (`statements … page=N`).
    paging: Paging | None = None
    # Meant for the whole channel (a digest posted by `schedule now`): a channel whose
    # answers are private leaves it public.
    to_channel: bool = False
    # Replies to post in a thread under this one (a digest's stories under its headline):
    # posters open the thread; anything that cannot thread shows them after this reply.
    thread: tuple[Reply, ...] = ()
    # A review card (`review next`): adapters show it with its buttons instead of items.
    card: ReviewCard | None = None
    # A review channel's notice (new pending statements, a failing source, its recovery):
    # adapters show it with its Review button; text adapters show its title and lines.
    notice: ReviewNotice | None = None

    @property
    def answered(self) -> bool:
        return self.status == "ok" and bool(self.items)

    @property
    def is_error(self) -> bool:
        return self.status == "error"
