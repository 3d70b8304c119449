"""Safe fetching: refusals (addresses, schemes, sizes, types, time) and successes served by a
local HTTP server on 127.0.0.1. Nothing here touches any other network address: refusals
happen before a connection is attempted."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import httpx
import pytest

from bot.ingest import fetch as fetch_module
from bot.ingest.fetch import FetchError, FetchPolicy, address_refusal, fetch, make_client
from tests.ingest.httpserver import LocalHTTPServer

LOCAL = FetchPolicy(allow_loopback=True)
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


@pytest.fixture(autouse=True)
def _no_loopback_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The environment switch must not leak into tests that expect loopback to be refused.
    monkeypatch.delenv("ATTACHE_ALLOW_LOOPBACK_FETCH", raising=False)


def fake_resolver(table: dict[str, list[str]]):
    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"no such test host {host}")
        return table[host]

    return resolve


# ----------------------------------------------------------------------------- address rules


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "link-local (the cloud metadata endpoint)"),
        ("169.254.1.1", "link-local"),
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("192.168.1.1", "private"),
        ("127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not publicly routable"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:10.0.0.1", "an IPv6 form of 10.0.0.1, which is private"),
        ("::ffff:169.254.169.254", "an IPv6 form of 169.254.169.254, which is link-local"),
        ("2002:a00:1::", "an IPv6 form of 10.0.0.1, which is private"),
        ("64:ff9b::7f00:1", "an IPv6 form of 127.0.0.1, which is loopback"),
    ],
)
def test_non_public_addresses_are_refused(address: str, reason: str) -> None:
    refusal = address_refusal(ipaddress.ip_address(address))
    assert refusal is not None and refusal.startswith(reason)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_loopback_setting_allows_only_plain_loopback() -> None:
    assert address_refusal(ipaddress.ip_address("127.0.0.9"), allow_loopback=True) is None
    assert address_refusal(ipaddress.ip_address("::1"), allow_loopback=True) is None
    assert address_refusal(ipaddress.ip_address("10.0.0.1"), allow_loopback=True) == "private"
    assert address_refusal(ipaddress.ip_address("169.254.169.254"), allow_loopback=True)
    assert address_refusal(ipaddress.ip_address("::ffff:127.0.0.1"), allow_loopback=True)


# ----------------------------------------------------------------------------- refusals


@pytest.mark.asyncio
async def test_metadata_endpoint_is_refused() -> None:
    with pytest.raises(FetchError, match=r"169\.254\.169\.254 is link-local"):
        await fetch("http://169.254.169.254/latest/meta-data/", policy=LOCAL)


@pytest.mark.asyncio
async def test_private_address_is_refused() -> None:
    with pytest.raises(
        FetchError, match=r"refused http://10\.0\.0\.5/: address 10\.0\.0\.5 is private"
    ):
        await fetch("http://10.0.0.5/", policy=LOCAL)


@pytest.mark.asyncio
async def test_host_name_resolving_to_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    resolver = fake_resolver({"intranet.test": ["93.184.216.34", "10.1.2.3"]})
    monkeypatch.setattr(fetch_module, "resolve_host", resolver)
    with pytest.raises(
        FetchError, match=r"intranet\.test resolves to 10\.1\.2\.3, which is private"
    ):
        await fetch("https://intranet.test/page")


@pytest.mark.asyncio
async def test_unresolvable_host_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module, "resolve_host", fake_resolver({}))
    with pytest.raises(FetchError, match=r"could not resolve host nowhere\.test"):
        await fetch("http://nowhere.test/")


@pytest.mark.asyncio
async def test_loopback_is_refused_without_the_test_setting(server: LocalHTTPServer) -> None:
    server.route("/", body=b"<p>hi</p>", headers=HTML)
    with pytest.raises(FetchError, match="127.0.0.1 is loopback"):
        await fetch(server.url("/"))
    assert server.requests == []


@pytest.mark.asyncio
async def test_environment_switch_allows_loopback(
    server: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route("/", body=b"<p>hi</p>", headers=HTML)
    monkeypatch.setenv("ATTACHE_ALLOW_LOOPBACK_FETCH", "1")
    result = await fetch(server.url("/"))
    assert result.text == "<p>hi</p>"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "target", ["http://10.9.8.7/internal", "http://169.254.169.254/latest/meta-data/"]
)
async def test_redirect_to_private_address_is_refused(server: LocalHTTPServer, target: str) -> None:
    server.redirect("/go", target)
    with pytest.raises(
        FetchError, match=r"refused http://(10|169)\.[\d.]+/.*is (private|link-local)"
    ):
        await fetch(server.url("/go"), policy=LOCAL)
    assert len(server.requests_to("/go")) == 1


@pytest.mark.asyncio
async def test_redirect_to_another_scheme_is_refused(server: LocalHTTPServer) -> None:
    server.redirect("/go", "file:///etc/passwd")
    with pytest.raises(FetchError, match=r"only http and https URLs can be fetched \(got file\)"):
        await fetch(server.url("/go"), policy=LOCAL)


@pytest.mark.asyncio
async def test_too_many_redirects(server: LocalHTTPServer) -> None:
    for hop in range(4):
        server.redirect(f"/r{hop}", f"/r{hop + 1}")
    server.route("/r4", body=b"end", headers={"Content-Type": "text/plain"})
    policy = FetchPolicy(allow_loopback=True, max_redirects=3)
    with pytest.raises(FetchError, match="more than the limit of 3 redirects"):
        await fetch(server.url("/r0"), policy=policy)
    # Exactly at the limit works.
    result = await fetch(server.url("/r1"), policy=policy)
    assert result.text == "end"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("ftp://example.org/file.txt", "ftp"),
        ("file:///etc/passwd", "file"),
        ("gopher://x/", "gopher"),
    ],
)
async def test_non_http_schemes_are_refused(url: str, scheme: str) -> None:
    with pytest.raises(
        FetchError, match=rf"only http and https URLs can be fetched \(got {scheme}\)"
    ):
        await fetch(url, policy=LOCAL)


@pytest.mark.asyncio
async def test_credentials_in_url_are_refused() -> None:
    with pytest.raises(FetchError, match="user name or password"):
        await fetch("http://admin:secret@example.org/", policy=LOCAL)


@pytest.mark.asyncio
async def test_oversized_body_with_content_length_is_refused_early(server: LocalHTTPServer) -> None:
    server.route("/big", body=b"a" * 3000, headers={"Content-Type": "text/plain"})
    policy = FetchPolicy(allow_loopback=True, max_bytes=1000)
    with pytest.raises(
        FetchError, match=r"body larger than the 1 kB limit \(declared 3000 bytes\)"
    ):
        await fetch(server.url("/big"), policy=policy)


@pytest.mark.asyncio
async def test_oversized_body_without_content_length_is_cut_off(server: LocalHTTPServer) -> None:
    # An endless body: only the streaming cap can stop it.
    server.route("/endless", headers={"Content-Type": "text/plain"}, endless=True, chunk_size=4096)
    policy = FetchPolicy(allow_loopback=True, max_bytes=50_000)
    with pytest.raises(FetchError, match="body larger than the 50 kB limit"):
        await fetch(server.url("/endless"), policy=policy)


@pytest.mark.asyncio
async def test_default_limit_is_named_in_megabytes(server: LocalHTTPServer) -> None:
    server.route(
        "/big", body=b"a" * 5_000_001, headers={"Content-Type": "text/plain"}, content_length=False
    )
    with pytest.raises(FetchError, match="body larger than the 5 MB limit"):
        await fetch(server.url("/big"), policy=LOCAL)


@pytest.mark.asyncio
async def test_image_content_type_is_refused(server: LocalHTTPServer) -> None:
    server.route("/pic", body=b"\x89PNG\r\n\x1a\n", headers={"Content-Type": "image/png"})
    with pytest.raises(
        FetchError, match="content type image/png is not HTML, an XML feed or plain"
    ):
        await fetch(server.url("/pic"), policy=LOCAL)


@pytest.mark.asyncio
async def test_binary_body_without_content_type_is_refused(server: LocalHTTPServer) -> None:
    server.route("/blob", body=b"\x00\x01\x02binary")
    with pytest.raises(FetchError, match="binary data"):
        await fetch(server.url("/blob"), policy=LOCAL)


@pytest.mark.asyncio
async def test_slow_server_times_out(server: LocalHTTPServer) -> None:
    server.route("/slow", body=b"late", headers=HTML, delay_s=5)
    policy = FetchPolicy(allow_loopback=True, timeout_s=0.3)
    with pytest.raises(FetchError, match=r"timed out after 0\.3 s"):
        await fetch(server.url("/slow"), policy=policy)


@pytest.mark.asyncio
async def test_trickling_body_hits_the_total_time_cap(server: LocalHTTPServer) -> None:
    # Each chunk arrives well within a read timeout; only the overall deadline stops it.
    server.route(
        "/trickle",
        headers={"Content-Type": "text/plain"},
        endless=True,
        chunk_size=10,
        chunk_delay_s=0.05,
    )
    policy = FetchPolicy(allow_loopback=True, timeout_s=0.5)
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        await fetch(server.url("/trickle"), policy=policy)


@pytest.mark.asyncio
async def test_error_status_is_named(server: LocalHTTPServer) -> None:
    with pytest.raises(FetchError, match="answered HTTP 404 Not Found"):
        await fetch(server.url("/missing"), policy=LOCAL)


# ----------------------------------------------------------------------------- successes


@pytest.mark.asyncio
async def test_html_is_fetched_through_a_relative_redirect(server: LocalHTTPServer) -> None:
    server.redirect("/old", "/new", status=301)
    server.route("/new", body="<p>Мир – peace</p>".encode(), headers=HTML)
    result = await fetch(server.url("/old"), policy=LOCAL)
    assert result.url == server.url("/new")
    assert result.status == 200
    assert result.content_type == "text/html"
    assert result.text == "<p>Мир – peace</p>"
    assert not result.not_modified
    seen = server.requests_to("/new")[0]
    assert seen.headers["user-agent"] == "Attache/0.1 (+statement bot)"


@pytest.mark.asyncio
async def test_declared_charset_is_used(server: LocalHTTPServer) -> None:
    body = "Déclaration: «paix»".encode("latin-1")
    server.route("/fr", body=body, headers={"Content-Type": "text/plain; charset=ISO-8859-1"})
    result = await fetch(server.url("/fr"), policy=LOCAL)
    assert result.text == "Déclaration: «paix»"


@pytest.mark.asyncio
async def test_meta_charset_is_used_when_header_has_none(server: LocalHTTPServer) -> None:
    body = '<html><head><meta charset="windows-1251"></head><body>Мир</body></html>'
    server.route("/ru", body=body.encode("cp1251"), headers={"Content-Type": "text/html"})
    result = await fetch(server.url("/ru"), policy=LOCAL)
    assert "<body>Мир</body>" in result.text


@pytest.mark.asyncio
async def test_feed_without_content_type_is_sniffed(server: LocalHTTPServer) -> None:
    server.route("/feed", body=b'<?xml version="1.0"?><rss version="2.0"></rss>')
    result = await fetch(server.url("/feed"), policy=LOCAL)
    assert result.content_type == "application/xml"


@pytest.mark.asyncio
async def test_etag_revalidation_reports_not_modified(server: LocalHTTPServer) -> None:
    server.route(
        "/feed.xml", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"}, etag='"v1"'
    )
    first = await fetch(server.url("/feed.xml"), policy=LOCAL)
    assert first.etag == '"v1"' and not first.not_modified and first.text == "<rss/>"

    second = await fetch(server.url("/feed.xml"), policy=LOCAL, etag=first.etag)
    assert second.not_modified and second.status == 304 and second.text == ""
    assert server.requests_to("/feed.xml")[1].headers["if-none-match"] == '"v1"'

    changed = await fetch(server.url("/feed.xml"), policy=LOCAL, etag='"v0"')
    assert not changed.not_modified


@pytest.mark.asyncio
async def test_last_modified_revalidation(server: LocalHTTPServer) -> None:
    stamp = "Wed, 21 Oct 2022 07:28:00 GMT"
    server.route("/page", body=b"text", headers={"Content-Type": "text/plain"}, last_modified=stamp)
    result = await fetch(server.url("/page"), policy=LOCAL, last_modified=stamp)
    assert result.not_modified
    assert server.requests_to("/page")[0].headers["if-modified-since"] == stamp


# ----------------------------------------------------------------------------- pinning


@pytest.mark.asyncio
async def test_connection_goes_to_the_checked_address_and_keeps_the_host_header(
    server: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch_module, "resolve_host", fake_resolver({"news.test": ["127.0.0.1"]}))
    server.route("/a", body=b"pinned", headers={"Content-Type": "text/plain"})
    result = await fetch(f"http://news.test:{server.port}/a", policy=LOCAL)
    assert result.text == "pinned"
    assert server.requests_to("/a")[0].headers["host"] == f"news.test:{server.port}"


@pytest.mark.asyncio
async def test_dns_rebinding_after_the_check_is_refused_at_connect(
    server: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    monkeypatch.setattr(fetch_module, "resolve_host", rebinding)
    server.route("/a", body=b"secret", headers={"Content-Type": "text/plain"})
    with pytest.raises(
        FetchError, match=r"refused connection to evil\.test:\d+: .*127\.0\.0\.1.*loopback"
    ):
        await fetch(f"http://evil.test:{server.port}/a")
    assert server.requests == []


@pytest.mark.asyncio
async def test_caller_supplied_client_still_gets_per_hop_checks() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://192.168.0.10/admin"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(FetchError, match=r"192\.168\.0\.10 is private"):
            await fetch("http://93.184.216.34/start", client=client)


@pytest.mark.asyncio
async def test_make_client_refuses_private_addresses_on_its_own() -> None:
    # Even a caller who skips fetch() cannot reach a private address with this client.
    async with make_client() as client:
        with pytest.raises(
            FetchError, match=r"10\.0\.0\.1, which is private|10\.0\.0\.1 is private"
        ):
            await client.get("http://10.0.0.1/")
