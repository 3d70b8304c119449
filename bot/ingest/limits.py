"""The sizes and bounds ingestion keeps to, and the message that names them.

Measured on the project's 2-core machine (`attache ingest` in a fresh SQLite store; the
file rows of ``benchmarks/hostile.py``): a document costs about 8-10 s a megabyte of text
and 260-290 MB of peak RSS, and grows faster than its text (a 4 MB .txt took 57 s; a 50 MB
one was still running after 15 minutes at 1.3 GB). The limits keep the largest accepted
input well under a minute:

- one document (a .txt or .html file, one JSON Lines record's text, a fetched article's
  text): 2 MB. The largest accepted .txt took 15 s and 265 MB, .html 20 s and 289 MB;
- a .jsonl file: 5 MB, its lines read and stored one at a time, so memory stays that of one
  document. The largest accepted took 26 s and 267 MB (the largest corpus file, 4.9 MB of
  White House briefings, 30 s and 188 MB).
"""

from __future__ import annotations

MAX_DOCUMENT_BYTES = 2_000_000
MAX_JSONL_BYTES = 5_000_000

# A feed poll's overall bound (bot/ingest/sources.py): at most this many items fetched and
# stored, for at most this long and this many fetched bytes; what is left waits for the next
# poll, which takes the items still unseen. Each item's own fetch keeps FetchPolicy's caps.
MAX_POLL_ITEMS = 50
MAX_POLL_SECONDS = 300.0
MAX_POLL_BYTES = 50_000_000


def megabytes(size: int) -> str:
    """80 MB, 2.5 MB; never rounded onto the limit it is compared with (2,000,001 bytes)."""
    shown = f"{size / 1e6:.1f}".removesuffix(".0")
    return f"{shown} MB"


def too_large(what: str, size: int, limit: int) -> str:
    """ "file.txt is 80 MB; the limit is 2 MB" """
    shown = megabytes(size)
    if shown == megabytes(limit):
        shown = f"{size:,} bytes"
    return f"{what} is {shown}; the limit is {megabytes(limit)}"
