"""A live progress line for `attache ingest`, on a terminal only.

The library (`bot.ingest.batch.ingest_inputs`) reports each document through callbacks; this
module turns them into one line redrawn in place on stderr. When stderr is not a terminal
(CI logs, pipes, files) it draws nothing at all, so logs hold only the real output.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.ingest.pipeline import IngestResult

# Redrawing on every document would spend more time on the terminal than on some documents.
MIN_INTERVAL_S = 0.25


def count_documents(targets: Iterable[str]) -> int | None:
    """How many documents the targets hold, for "done of total", without parsing them: a
    .jsonl file has one per non-empty line (as `read_jsonl` reads it), any other readable file
    one; a file that will be refused counts none. A URL makes the total unknown (None): a feed
    holds any number of items."""
    from bot.ingest.inputs import MAX_FILE_BYTES, SUFFIXES

    total = 0
    for target in targets:
        if "://" in target:
            return None
        path = Path(target)
        kind = SUFFIXES.get(path.suffix.lower())
        try:
            if kind is None or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
                continue
            if kind != "jsonl":
                total += 1
                continue
            # Bytes, not text: no decoding, and a line is counted the same whatever it holds.
            with path.open("rb") as lines:
                total += sum(1 for line in lines if line.strip())
        except OSError:
            continue  # reading it will fail again, with the message
    return total


def _terminal_columns() -> int:
    return shutil.get_terminal_size().columns


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


class Progress:
    """Counts documents and statements and keeps one line about them on `stream`.

    Pass `result` (and `error`) as `ingest_inputs`' callbacks. Print every other line through
    `print`, which clears the progress line first, and call `finish` at the end: the progress
    line and real output never share a line. `clock` and `columns` are injectable so tests
    need neither a terminal nor sleep.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        total: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        columns: Callable[[], int] = _terminal_columns,
        min_interval: float | None = None,
    ) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.total = total
        self.done = 0
        self.statements = 0
        self._clock = clock
        self._columns = columns
        # Read here, not bound as a default, so a test can turn MIN_INTERVAL_S down.
        self._min_interval = MIN_INTERVAL_S if min_interval is None else min_interval
        self._started = clock()
        self._last_draw: float | None = None  # None: draw at the next chance, unthrottled
        self._shown = 0  # characters of the progress line now on screen

    def result(self, result: IngestResult) -> None:
        self.done += 1
        # Statements found: new ones and those already stored (now cited once more).
        self.statements += result.new_statements + result.known_statements
        self.update()

    def error(self, message: str) -> None:
        """A document that could not be ingested: it is done too, and its message is shown."""
        self.done += 1
        self.print(f"attache: {message}", file=self.stream)

    def line(self) -> str:
        """The progress line's text, not yet cut to the terminal's width."""
        done = f"{self.done:,}"
        # A total counted from line counts is an estimate; never show more done than total.
        total = None if self.total is None else max(self.total, self.done)
        if total is not None:
            done += f"/{total:,}"
        of = self.done if total is None else total  # "1/1 document", "1/3 documents"
        parts = [f"{done} document{'s' if of != 1 else ''}"]
        parts.append(f"{self.statements:,} statement{'s' if self.statements != 1 else ''}")
        elapsed = self._clock() - self._started
        if self.done and elapsed > 0:
            rate = self.done / elapsed
            # Two decimals below one a second: "0.0 docs/s" would say nothing.
            parts.append(f"{rate:.2f} docs/s" if rate < 1 else f"{rate:.1f} docs/s")
            if total is not None:
                parts.append(f"{_duration((total - self.done) / rate)} left")
        return "ingesting: " + ", ".join(parts)

    def print(self, text: str, *, file: TextIO | None = None) -> None:
        """Print a whole line (an error, a summary) where the progress line stood. The
        progress line comes back with the next document."""
        self.clear()
        target = self.stream if file is None else file
        print(text, file=target, flush=True)

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0
        self._last_draw = None

    def finish(self) -> None:
        self.clear()
        self.enabled = False

    def update(self) -> None:
        """Redraw the line if it is due (at most every `min_interval` seconds)."""
        if not self.enabled:
            return
        now = self._clock()
        if self._last_draw is not None and now - self._last_draw < self._min_interval:
            return
        self._last_draw = now
        # One column short of the width: writing the last column makes some terminals wrap.
        text = self.line()[: max(self._columns() - 1, 0)]
        # Pad over what a longer previous line left; no escape codes, so any terminal works.
        self.stream.write("\r" + text + " " * max(self._shown - len(text), 0))
        self.stream.flush()
        self._shown = len(text)
