"""Safe fetching of source URLs (articles, feeds, plain text).

Every URL an admin adds is untrusted: it may point at the cloud metadata endpoint, at a service
on the private network, or at a 2 GB video. ``fetch`` therefore

* accepts only http and https;
* resolves the host itself and refuses if ANY resolved address is private, loopback,
  link-local, multicast, reserved, unspecified or an IPv6 wrapper (IPv4-mapped, 6to4, Teredo,
  NAT64) around such an address;
* follows redirects by hand, re-checking every hop's URL and addresses;
* caps redirects, body size (declared, streamed and decoded) and total time;
* accepts one content encoding at most (gzip or deflate), inflated in bounded steps so a
  compression bomb stops at the size cap instead of at the end of memory;
* accepts only HTML, XML feeds and plain text.

DNS rebinding (a name that resolves to a public address when checked and to a private one when
connected) is closed by the transport made by :func:`make_client`: its network backend does the
resolution, the check and the connect in one step and connects to the very address it checked,
while TLS still uses the URL's host name for SNI and certificate verification and the request
keeps its Host header. A caller-supplied ``client`` keeps its own transport, so with one only the
per-hop pre-connect check applies; use ``make_client`` to get a client with the pinned transport.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import ipaddress
import os
import re
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from bot.ingest.content_encoding import (
    ACCEPT_ENCODING,
    CappedDecoder,
    EncodingRefused,
    body_encoding,
)
from bot.text.redact import redact_credentials

__all__ = [
    "ACCEPTED_CONTENT_TYPES",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "address_refusal",
    "check_fetchable",
    "check_url_form",
    "fetch",
    "make_client",
]

ACCEPTED_CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "text/plain",
    }
)
_ACCEPT_HEADER = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.8"
)
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_LOOPBACK_ENV = "ATTACHE_ALLOW_LOOPBACK_FETCH"
# NAT64 well-known prefix: 64:ff9b::a.b.c.d reaches IPv4 a.b.c.d through a translator.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_METADATA_V4 = ipaddress.IPv4Address("169.254.169.254")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]


class FetchError(Exception):
    """A fetch was refused or failed. The message is shown to the admin who added the URL."""


class _UnresolvedHost(FetchError):
    """The host name did not resolve (now): a refusal for a fetch, not for adding a source."""


@dataclass(frozen=True)
class FetchPolicy:
    max_bytes: int = 5_000_000
    timeout_s: float = 15.0
    max_redirects: int = 5
    # Test-only: lets the local test server on 127.0.0.1 be fetched. Also switched on by the
    # environment variable ATTACHE_ALLOW_LOOPBACK_FETCH=1. Private and link-local stay refused.
    allow_loopback: bool = False
    user_agent: str = "Attache/0.1 (+statement bot)"

    @property
    def loopback_allowed(self) -> bool:
        return self.allow_loopback or os.environ.get(_LOOPBACK_ENV) == "1"


@dataclass(frozen=True)
class FetchResult:
    url: str  # final URL, after redirects
    status: int
    content_type: str  # media type only, lower case, e.g. "text/html"
    text: str  # decoded with the declared or detected charset; "" when not_modified
    etag: str | None
    last_modified: str | None
    not_modified: bool


# --------------------------------------------------------------------------- address checks


def _describe_bytes(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000} MB"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000} kB"
    return f"{n} bytes"


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address wraps (mapped, 6to4, Teredo client, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _plain_refusal(ip: IPAddress, allow_loopback: bool) -> str | None:
    if ip.is_loopback:
        return None if allow_loopback else "loopback"
    if ip.is_link_local:
        if ip == _METADATA_V4:
            return "link-local (the cloud metadata endpoint)"
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_reserved:
        return "reserved"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        # e.g. 100.64.0.0/10 (carrier-grade NAT), which is neither private nor global.
        return "not publicly routable"
    return None


def address_refusal(ip: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why ``ip`` must not be contacted (e.g. "private"), or None when it may be."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            # A wrapped loopback is never allowed: the test setting covers 127/8 and ::1 only.
            inner_reason = _plain_refusal(inner, allow_loopback=False)
            if inner_reason is not None:
                return f"an IPv6 form of {inner}, which is {inner_reason}"
    return _plain_refusal(ip, allow_loopback)


async def _system_resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


# Module-level so tests can substitute a resolver (e.g. one that "rebinds").
resolve_host: Resolver = _system_resolve


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


async def _checked_addresses(host: str, port: int, allow_loopback: bool, label: str) -> list[str]:
    """Resolve ``host`` and return its addresses, refusing if any of them is not public."""
    literal = _ip_literal(host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = await resolve_host(host, port)
        except (OSError, UnicodeError) as exc:
            raise _UnresolvedHost(f"could not resolve host {host} for {label}: {exc}") from None
        if not addresses:
            raise _UnresolvedHost(f"could not resolve host {host} for {label}: no addresses")
    for raw in addresses:
        ip = _ip_literal(raw)
        if ip is None:
            raise FetchError(f"refused {label}: {host} resolved to an unusable address {raw!r}")
        reason = address_refusal(ip, allow_loopback=allow_loopback)
        if reason is not None:
            if literal is not None:
                raise FetchError(f"refused {label}: address {ip} is {reason}")
            raise FetchError(f"refused {label}: {host} resolves to {ip}, which is {reason}")
    return addresses


# --------------------------------------------------------------------------- pinned transport


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves, checks and connects in one step, so the address connected to is the address
    that was checked (no window for DNS rebinding). TLS is started later by httpcore with the
    URL's host name, so SNI and certificate checks are unaffected."""

    def __init__(self, allow_loopback: bool) -> None:
        self._allow_loopback = allow_loopback
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await _checked_addresses(
            host, port, self._allow_loopback, f"connection to {host}:{port}"
        )
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._backend.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise FetchError("unix sockets cannot be fetched")

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


class _PinnedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, policy: FetchPolicy) -> None:
        # trust_env=False: an environment proxy would connect on our behalf and bypass the check.
        super().__init__(trust_env=False)
        # httpx has no public hook for the network backend, so the pool is rebuilt with ours;
        # tests/ingest/test_fetch.py checks that connections really go through it.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_GuardedBackend(policy.loopback_allowed),
        )


def make_client(policy: FetchPolicy | None = None) -> httpx.AsyncClient:
    """An httpx client whose every connection goes to a checked, pinned address."""
    policy = policy or FetchPolicy()
    return httpx.AsyncClient(
        transport=_PinnedTransport(policy),
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(policy.timeout_s),
    )


# --------------------------------------------------------------------------- fetching


def _check_url(url: httpx.URL, label: str) -> None:
    if url.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched (got {url.scheme or 'none'})")
    if not url.host:
        raise FetchError(f"refused {redact_credentials(label)}: the URL has no host")
    if url.userinfo:
        raise FetchError(
            f"refused {redact_credentials(label)}: URLs with a user name or password "
            "are not fetched"
        )


def _parse_url(raw: str) -> httpx.URL:
    try:
        return httpx.URL(raw)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"not a valid URL: {raw!r} ({exc})") from None


def _media_type(header: str) -> str:
    return header.split(";", 1)[0].strip().lower()


def _header_charset(header: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", header, re.IGNORECASE)
    return match.group(1) if match else None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(body: bytes, content_type_header: str) -> str:
    """Decode with the declared charset, then an in-document declaration, then detection."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    declared = _known_codec(_header_charset(content_type_header))
    if declared is None:
        head = body[:4096]
        match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        declared = _known_codec(match.group(1).decode("ascii", "ignore")) if match else None
    if declared is not None:
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body).best()
        if best is not None:
            return str(best)
    except ImportError:  # pragma: no cover - charset_normalizer ships with httpx's stack
        pass
    return body.decode("cp1252", errors="replace")


def _sniff_media_type(body: bytes) -> str | None:
    """A media type for a response that declared none, or None when it looks binary."""
    head = body[:1024].lstrip().lower()
    if b"\x00" in body[:4096]:
        return None
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "application/xml"
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return "text/html"
    return "text/plain"


def _refuse_type(media_type: str) -> FetchError:
    return FetchError(
        f"content type {media_type} is not HTML, an XML feed or plain text "
        f"(accepted: {', '.join(sorted(ACCEPTED_CONTENT_TYPES))})"
    )


async def _read_capped(response: httpx.Response, policy: FetchPolicy, label: str) -> bytes:
    limit = policy.max_bytes
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise FetchError(
            f"refused {label}: body larger than the {_describe_bytes(limit)} limit "
            f"(declared {int(declared)} bytes)"
        )
    body = bytearray()
    try:
        decoder = CappedDecoder(body_encoding(response.headers.get_list("content-encoding")))
        # Raw bytes, inflated here in bounded steps: httpx's own decoders inflate a whole
        # network read at once (and chain layers), which a compression bomb turns into
        # gigabytes before any check.
        async for chunk in response.aiter_raw():
            for piece in decoder.decode(chunk):
                if len(body) + len(piece) > limit:
                    raise FetchError(
                        f"refused {label}: body larger than the {_describe_bytes(limit)} limit"
                        + (" once decoded" if decoder.encoding else "")
                    )
                body += piece
    except EncodingRefused as exc:
        raise FetchError(f"refused {label}: {exc}") from None
    return bytes(body)


async def _fetch_once(
    client: httpx.AsyncClient,
    start: httpx.URL,
    policy: FetchPolicy,
    headers: dict[str, str],
) -> FetchResult:
    url = start
    for hop in range(policy.max_redirects + 1):
        label = str(url)
        _check_url(url, label)
        port = url.port or (443 if url.scheme == "https" else 80)
        await _checked_addresses(url.host, port, policy.loopback_allowed, label)

        request = client.build_request("GET", url, headers=headers)
        try:
            response = await client.send(request, stream=True, follow_redirects=False)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {policy.timeout_s:g} s fetching {label}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"could not fetch {label}: {exc or type(exc).__name__}") from None
        try:
            if response.status_code in _REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(
                        f"{label} answered HTTP {response.status_code} without a Location"
                    )
                if hop == policy.max_redirects:
                    break
                try:
                    url = url.join(location)
                except (httpx.InvalidURL, ValueError) as exc:
                    raise FetchError(f"{label} redirected to an invalid URL: {exc}") from None
                continue
            return await _finish(response, url, policy, label)
        finally:
            await response.aclose()
    raise FetchError(f"refused {start}: more than the limit of {policy.max_redirects} redirects")


async def _finish(
    response: httpx.Response, url: httpx.URL, policy: FetchPolicy, label: str
) -> FetchResult:
    etag = response.headers.get("etag")
    last_modified = response.headers.get("last-modified")
    content_type_header = response.headers.get("content-type", "")
    media_type = _media_type(content_type_header)
    if response.status_code == 304:
        return FetchResult(str(url), 304, media_type, "", etag, last_modified, True)
    if not 200 <= response.status_code < 300:
        reason = response.reason_phrase or ""
        raise FetchError(f"{label} answered HTTP {response.status_code} {reason}".rstrip())
    if media_type and media_type not in ACCEPTED_CONTENT_TYPES:
        raise _refuse_type(media_type)
    body = await _read_capped(response, policy, label)
    if not media_type:
        sniffed = _sniff_media_type(body)
        if sniffed is None:
            raise _refuse_type("(none declared, binary data)")
        media_type = sniffed
    text = _decode(body, content_type_header)
    return FetchResult(str(url), response.status_code, media_type, text, etag, last_modified, False)


async def fetch(
    url: str,
    *,
    policy: FetchPolicy = FetchPolicy(),  # noqa: B008 - frozen dataclass, safe as a default
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.AsyncClient | None = None,
) -> FetchResult:
    """Fetch ``url`` under ``policy``; raise FetchError with a user-facing reason on refusal."""
    start = check_url_form(url)
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": _ACCEPT_HEADER,
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own_client = client is None
    active = client if client is not None else make_client(policy)
    try:
        # One deadline for everything: DNS, every redirect hop and the whole body.
        async with asyncio.timeout(policy.timeout_s):
            return await _fetch_once(active, start, policy, headers)
    except TimeoutError:
        raise FetchError(f"timed out after {policy.timeout_s:g} s fetching {url}") from None
    finally:
        if own_client:
            await active.aclose()


def check_url_form(url: str) -> httpx.URL:
    """The checks that need no network: http(s), a host, no user name or password."""
    parsed = _parse_url(url)
    _check_url(parsed, url)
    return parsed


async def check_fetchable(url: str, *, policy: FetchPolicy) -> None:
    """Refuse now, with fetch's own message, a URL that fetching would refuse: not http(s),
    no host, credentials in it, or an address that is not public. A host that does not
    resolve at the moment passes (DNS may be down; every fetch checks again)."""
    parsed = check_url_form(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    with contextlib.suppress(_UnresolvedHost):
        await _checked_addresses(parsed.host, port, policy.loopback_allowed, url)
