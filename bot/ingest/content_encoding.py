"""Content encodings, inflated in bounded steps so a compression bomb stops at a size cap.

Deflate reaches about 1000:1, so one 64 kB network read of a gzip body can inflate to 64 MB,
and a second layer multiplies again: a 2 kB body sent as ``Content-Encoding: gzip, gzip`` can
become a gigabyte. httpx's decoders inflate each read whole and hand a whole inflated layer to
the next, so a cap checked on what they yield comes too late. Here one layer at most is
accepted (gzip or deflate), and it is inflated at most ``DECODE_STEP`` bytes at a time, so the
caller holds no more than its cap and one step.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

__all__ = ["ACCEPT_ENCODING", "DECODE_STEP", "CappedDecoder", "EncodingRefused", "body_encoding"]

# Only what CappedDecoder inflates; sent as Accept-Encoding.
ACCEPT_ENCODING = "gzip, deflate"
DECODE_STEP = 64 * 1024
_ALIASES = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}


class EncodingRefused(Exception):
    """The body's encoding is refused or corrupt; the message says which and why."""


def body_encoding(header_values: list[str]) -> str | None:
    """The one encoding to undo ("gzip" or "deflate") given the Content-Encoding header
    lines, or None for an unencoded body. More than one layer is refused: no step bound holds
    across a chain of decoders."""
    layers = [part.strip().lower() for value in header_values for part in value.split(",")]
    layers = [layer for layer in layers if layer and layer != "identity"]
    if len(layers) > 1:
        raise EncodingRefused(
            f"stacked content encodings ({', '.join(layers)}) are refused; "
            "one layer of gzip or deflate is accepted"
        )
    if not layers:
        return None
    encoding = _ALIASES.get(layers[0])
    if encoding is None:
        raise EncodingRefused(
            f"content encoding {layers[0]} is not accepted (accepted: gzip, deflate or none)"
        )
    return encoding


class CappedDecoder:
    """Inflates gzip or deflate in steps of at most DECODE_STEP output bytes (None: passes
    the bytes through)."""

    def __init__(self, encoding: str | None) -> None:
        self.encoding = encoding
        self._first = True
        self._inflater = None if encoding is None else self._new_inflater(raw=False)

    def _new_inflater(self, *, raw: bool) -> zlib._Decompress:
        if self.encoding == "gzip":
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        # "deflate" should be zlib-wrapped, but servers often send raw deflate; as httpx does,
        # a first block that is not zlib is read again as raw deflate.
        return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)

    def decode(self, data: bytes) -> Iterator[bytes]:
        """The inflated bytes of `data`, a step at a time; stop reading whenever the total
        passes the cap. Bytes after the end of the compressed stream are ignored."""
        inflater = self._inflater
        if inflater is None:
            if data:
                yield data
            return
        while not inflater.eof:
            try:
                out = inflater.decompress(data, DECODE_STEP)
            except zlib.error as exc:
                if self._first and self.encoding == "deflate":
                    self._first = False
                    inflater = self._inflater = self._new_inflater(raw=True)
                    continue
                raise EncodingRefused(f"its {self.encoding} body is corrupt ({exc})") from None
            self._first = False
            # Input not inflated for want of output room waits in unconsumed_tail; output
            # still owed for input already taken comes from further calls with b"".
            data = inflater.unconsumed_tail
            if not out and not data:
                return
            if out:
                yield out
