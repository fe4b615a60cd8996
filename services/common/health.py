"""A minimal HTTP endpoint beside the consumer: liveness, readiness, Prometheus metrics and a service's own pages."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)

Check = Callable[[], Awaitable[bool]]
Metrics = Callable[[], Awaitable[bytes]]
Query = dict[str, list[str]]
Response = tuple[str, str, bytes]  # status line, content type, body
Page = Callable[[Query], Awaitable[Response]]
PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8"


class HealthServer:
    """GET /health/live (the process answers), /health/ready (broker and database answer), /metrics, and the
    service's own `pages` (path -> handler of the query string), on one port."""

    def __init__(self, port: int, ready: Check, metrics: Metrics, pages: Mapping[str, Page] | None = None) -> None:
        self._port = port
        self._ready = ready
        self._metrics = metrics
        self._pages = dict(pages or {})
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "0.0.0.0", self._port)
        log.info("health and metrics on port %s", self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), timeout=5)
            target = request.decode(errors="replace").split(" ")[1] if request.count(b" ") >= 2 else ""
            status, content_type, body = await self._respond(target)
            head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            writer.write(head.encode() + b"Connection: close\r\n\r\n" + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    async def _respond(self, target: str) -> Response:
        url = urlsplit(target)
        path = url.path
        if path in self._pages:
            return await self._pages[path](parse_qs(url.query))
        if path == "/health/live":
            return "200 OK", "text/plain", b"live\n"
        if path == "/health/ready":
            ready = await self._ready()
            return (
                ("200 OK", "text/plain", b"ready\n")
                if ready
                else ("503 Service Unavailable", "text/plain", b"not ready\n")
            )
        if path == "/metrics":
            return "200 OK", PROMETHEUS, await self._metrics()
        known = ", ".join(["/health/live", "/health/ready", "/metrics", *self._pages])
        return "404 Not Found", "text/plain", f"try {known}\n".encode()
