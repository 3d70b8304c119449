"""Content encodings: compression bombs (one layer and stacked) stop at the size cap with
memory near the cap, measured with tracemalloc in this process; honest gzip and deflate bodies
still decode. Served by the local HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from bot.ingest.fetch import FetchError, FetchPolicy, fetch
from tests.ingest.httpserver import LocalHTTPServer

CAP = 1_000_000
POLICY = FetchPolicy(allow_loopback=True, max_bytes=CAP)
# Memory allowed while refusing a bomb: the cap, a decode step, network buffers, and room.
PEAK_LIMIT = 3 * CAP
# What the bombs inflate to: far past PEAK_LIMIT, small enough not to trouble the machine when
# an unbounded decoder inflates it (as httpx's own decoders did).
BOMB_BYTES = 64 * 1024 * 1024
HTML = b"<html><head><title>Bomb</title></head><body><p>"


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


def gzip_stream(size: int, head: bytes = HTML) -> bytes:
    """gzip of `head` then `size` zero bytes, compressed a megabyte at a time (so building it
    never holds the inflated size)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    out = [packer.compress(head)]
    block = bytes(1024 * 1024)
    for _ in range(size // len(block)):
        out.append(packer.compress(block))
    out.append(packer.compress(bytes(size % len(block))))
    out.append(packer.flush())
    return b"".join(out)


async def refused_with_peak(url: str) -> tuple[str, int]:
    """Fetch `url` expecting a refusal: its message and the traced peak memory meanwhile."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        with pytest.raises(FetchError) as refused:
            await fetch(url, policy=POLICY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(refused.value), peak


async def test_single_layer_gzip_bomb_stops_at_the_cap_with_memory_near_it(server) -> None:
    bomb = gzip_stream(BOMB_BYTES)
    assert len(bomb) < 100_000
    server.route(
        "/bomb", body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    message, peak = await refused_with_peak(server.url("/bomb"))
    assert peak < PEAK_LIMIT, f"peak {peak:,} bytes while refusing a {CAP:,}-byte cap"
    assert "larger than the 1 MB limit once decoded" in message


async def test_stacked_encodings_are_refused_before_inflating(server) -> None:
    inner = gzip_stream(BOMB_BYTES)
    stacked = gzip.compress(inner, compresslevel=9)
    server.route(
        "/stacked",
        body=stacked,
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"},
    )
    message, peak = await refused_with_peak(server.url("/stacked"))
    assert peak < PEAK_LIMIT, f"peak {peak:,} bytes for a {len(stacked):,}-byte body"
    assert "stacked content encodings (gzip, gzip) are refused" in message


async def test_stacked_encodings_in_separate_headers_are_refused(server) -> None:
    server.route(
        "/two",
        body=gzip.compress(gzip.compress(b"<html><p>hello</p></html>")),
        # The server writes a dict, so the second header differs only in case.
        headers={
            "Content-Type": "text/html",
            "Content-Encoding": "gzip",
            "content-encoding": "x-gzip",
        },
    )
    with pytest.raises(FetchError, match=r"stacked content encodings \(gzip, x-gzip\)"):
        await fetch(server.url("/two"), policy=POLICY)


async def test_an_encoding_it_cannot_bound_is_refused_by_name(server) -> None:
    server.route(
        "/br", body=b"\x1b\x00", headers={"Content-Type": "text/html", "Content-Encoding": "br"}
    )
    with pytest.raises(FetchError, match="content encoding br is not accepted"):
        await fetch(server.url("/br"), policy=POLICY)
    assert server.requests_to("/br")[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("encoding", "pack"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as the standard says
        ("deflate", lambda raw: zlib.compress(raw)[2:-4]),  # raw deflate, as servers often send
        ("identity", lambda raw: raw),
    ],
)
async def test_honest_encoded_bodies_decode(server, encoding: str, pack) -> None:
    words = "«We are ready to continue the dialogue.» " * 2_000  # ~80 kB: several decode steps
    page = f"<html><head><title>T</title></head><body><p>{words}</p></body></html>"
    server.route(
        "/page",
        body=pack(page.encode()),
        headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding},
        chunk_size=1000,
    )
    result = await fetch(server.url("/page"), policy=POLICY)
    assert result.text == page


async def test_a_corrupt_gzip_body_is_named(server) -> None:
    server.route(
        "/corrupt",
        body=b"\x1f\x8b\x08\x00" + b"garbage" * 20,
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    with pytest.raises(FetchError, match="its gzip body is corrupt"):
        await fetch(server.url("/corrupt"), policy=POLICY)


async def test_a_body_just_under_the_cap_once_decoded_is_kept(server) -> None:
    body = gzip_stream(CAP - len(HTML) - 1024, head=HTML)
    server.route(
        "/under", body=body, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    result = await fetch(server.url("/under"), policy=POLICY)
    assert len(result.text) == CAP - 1024
