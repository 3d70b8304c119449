"""A small HTTP/1.1 server on 127.0.0.1 for fetch and feed tests.

It runs its own asyncio loop in a background thread, so a slow or endless response never blocks
the test's event loop, and it speaks raw HTTP so tests control exactly what goes on the wire:
status, headers, a body with or without Content-Length, slow or endless bodies, redirects and
ETag / Last-Modified revalidation answered with 304.

    with LocalHTTPServer() as server:
        server.route("/a", body=b"<html>...</html>", headers={"Content-Type": "text/html"})
        server.redirect("/old", "/a")
        url = server.url("/old")
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass, field


@dataclass
class Route:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # Send a Content-Length header (False: the body ends when the connection closes).
    content_length: bool = True
    # Seconds to wait before sending the status line (to provoke timeouts).
    delay_s: float = 0.0
    # Stream the body in chunks of this size, pausing chunk_delay_s between them.
    chunk_size: int | None = None
    chunk_delay_s: float = 0.0
    # Keep sending chunk_size-byte chunks forever (an endless body without Content-Length).
    endless: bool = False
    # Revalidation: the ETag / Last-Modified this resource has; a matching conditional request
    # gets 304 Not Modified.
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
}


class LocalHTTPServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[SeenRequest] = []
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ configuration

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, **options: object) -> Route:
        route = Route(**options)  # type: ignore[arg-type]
        with self._lock:
            self.routes[path] = route
        return route

    def redirect(self, path: str, location: str, status: int = 302) -> Route:
        return self.route(path, status=status, headers={"Location": location})

    def requests_to(self, path: str) -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> LocalHTTPServer:
        self._thread = threading.Thread(target=self._run, name="local-http-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout=10):
            raise RuntimeError("local test HTTP server did not start")
        return self

    def __exit__(self, *exc_info: object) -> None:
        loop = self._loop
        if loop is not None:
            loop.call_soon_threadsafe(self._stop_all)
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        self._server = loop.run_until_complete(
            asyncio.start_server(self._handle, host="127.0.0.1", port=0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            self._server.close()
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

    def _stop_all(self) -> None:
        assert self._loop is not None
        self._loop.stop()

    # ------------------------------------------------------------------ serving

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        with self._lock:
            self.requests.append(SeenRequest(method, target, headers))
            route = self.routes.get(target.split("?", 1)[0])
        try:
            if route is None:
                await self._respond(writer, Route(status=404, body=b"not found"))
            else:
                await self._respond(writer, route, headers)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(RuntimeError):  # the loop may already be closing
                writer.close()

    async def _respond(
        self,
        writer: asyncio.StreamWriter,
        route: Route,
        request_headers: dict[str, str] | None = None,
    ) -> None:
        request_headers = request_headers or {}
        if route.delay_s:
            await asyncio.sleep(route.delay_s)
        status = route.status
        headers = dict(route.headers)
        if route.etag is not None:
            headers["ETag"] = route.etag
        if route.last_modified is not None:
            headers["Last-Modified"] = route.last_modified
        if _not_modified(route, request_headers):
            status = 304
        body = b"" if status == 304 else route.body
        if route.content_length and not route.endless:
            headers["Content-Length"] = str(len(body))
        headers["Connection"] = "close"
        reason = _REASONS.get(status, "Status")
        out = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
        writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        if status == 304:
            return
        await _write_body(writer, route, body)


def _not_modified(route: Route, request_headers: dict[str, str]) -> bool:
    if route.etag is not None and request_headers.get("if-none-match") == route.etag:
        return True
    return (
        route.last_modified is not None
        and request_headers.get("if-modified-since") == route.last_modified
    )


async def _write_body(writer: asyncio.StreamWriter, route: Route, body: bytes) -> None:
    size = route.chunk_size
    if route.endless:
        chunk = b"x" * (size or 65536)
        while True:
            writer.write(chunk)
            await writer.drain()
            if route.chunk_delay_s:
                await asyncio.sleep(route.chunk_delay_s)
    if not size:
        writer.write(body)
        await writer.drain()
        return
    for start in range(0, len(body), size):
        writer.write(body[start : start + size])
        await writer.drain()
        if route.chunk_delay_s:
            await asyncio.sleep(route.chunk_delay_s)
