"""`attache review next`: the review queue one card at a time, one key per action.

a approve · r reject · e edit · d approve every pending statement of the document ·
s skip · q quit. The card is the one chat shows (bot.core.review_card), printed as text with the
words marked within their paragraph; every action goes through `Core.handle`, as a chat
click does, so the admin check and the audit are the same.

Keys are read one at a time: from a terminal in cbreak mode (no Enter needed), else from
the input stream character by character (tests and pipes: "a", "s", "q" …; whitespace is
skipped). Edit reads whole lines: one per field, empty keeps the value shown.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from types import MappingProxyType
from typing import TextIO

from bot.app.dispatch import Core
from bot.core.review_card import ReviewCard
from bot.core.types import Command, Context, Reply

KEYS = {"a": "approve", "r": "reject", "d": "document", "s": "next", "e": "edit", "q": "quit"}
PROMPT = "[a]pprove [r]eject [e]dit [d]ocument [s]kip [q]uit > "
FIELDS = ("speaker", "role", "kind", "date", "points")
MARK = ("»", "«")  # around the words: plain characters, so pipes and logs keep them


def card_text(card: ReviewCard) -> str:
    lines = [
        "",
        card.summary,
        f"{card.before}{MARK[0]}{card.words}{MARK[1]}{card.after}".strip(),
        "",
        *(f"  {name}: {value}" for name, value in card.facts),
        f"  Document: {card.document_label}"
        + (f" <{card.document_url}>" if card.document_url else ""),
        *(f"  {n}. {p}" for n, p in enumerate(card.points, 1)),
        f"  ({card.outcome + ' · ' if card.outcome else ''}{card.queue_pending} pending"
        + (f", {card.document_pending} from this document)" if card.document_pending > 1 else ")"),
    ]
    return "\n".join(lines)


@contextlib.contextmanager
def _cbreak(stream: TextIO) -> Iterator[None]:
    """One key at a time from a terminal; nothing to change for a pipe or a test stream."""
    try:
        import termios
        import tty

        fd = stream.fileno()
        if not stream.isatty():
            raise OSError
        saved = termios.tcgetattr(fd)
    except (OSError, ValueError, ImportError, AttributeError):
        yield
        return
    tty.setcbreak(fd, termios.TCSANOW)  # TCSAFLUSH would drop a key already typed
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _key(stream: TextIO) -> str:
    while True:
        char = stream.read(1)
        if not char:
            return "q"  # end of input: stop, as q does
        if not char.isspace():
            return char.lower()


def _line(stream: TextIO) -> str:
    return stream.readline().rstrip("\n")


class ReviewSession:
    def __init__(self, core: Core, context: Context, keys: TextIO, out: TextIO) -> None:
        self.core, self.context, self.keys, self.out = core, context, keys, out
        self.actions = 0  # keys that acted (approve, reject, edit, document, skip)

    async def ask(self, text: str, **options: str) -> Reply:
        command = Command("review", text, options=MappingProxyType(options), context=self.context)
        return await self.core.handle(command)

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    async def run(self, filters: dict[str, str]) -> int:
        reply = await self.ask("", action="next", **filters)
        while True:
            if reply.card is None:
                self.say(reply.title)
                return 1 if reply.is_error else 0
            card = reply.card
            self.say(card_text(card))
            # cbreak before the prompt: a key typed as soon as it shows is not held back.
            with _cbreak(self.keys):
                self.out.write(PROMPT)
                self.out.flush()
                key = _key(self.keys)
            self.say(key)
            action = KEYS.get(key)
            if action is None:
                self.say(f"“{key}” is not a key here; use a, r, e, d, s or q.")
                continue
            if action == "quit":
                self.say(f"Stopped after {self.actions} actions.")
                return 0
            self.actions += 1
            if action == "edit":
                reply = await self.edit(card)
                continue
            if action != "next":
                acted = await self.ask(str(card.statement_id), action=action, view="card")
                self.say(acted.title)
                if acted.is_error:
                    reply = acted if acted.card else reply
                    continue
            reply = await self.ask(str(card.statement_id), action="next", **filters)

    async def edit(self, card: ReviewCard) -> Reply:
        current = card.form
        values = {}
        for name in FIELDS:
            self.out.write(f"{name} [{current[name]}]: ")
            self.out.flush()
            typed = _line(self.keys).strip()
            values[name] = typed or current[name]
        reply = await self.ask(str(card.statement_id), action="edit", view="card", **values)
        self.say(reply.title)
        if reply.card is None:  # refused (e.g. a bad date): the card as it was
            return await self.ask(str(card.statement_id), action="edit", view="card")
        return reply


async def review_next(
    core: Core,
    context: Context,
    filters: dict[str, str],
    keys: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    """Review from `keys` to `out` (standard input and output as they are when called)."""
    session = ReviewSession(core, context, keys or sys.stdin, out or sys.stdout)
    return await session.run(filters)
