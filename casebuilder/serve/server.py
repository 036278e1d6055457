"""The preview's HTTP server: the standard library's ThreadingHTTPServer, read-only.

No dependency is needed for what it does (a few pages, static assets, one event stream), and the
standard server binds where it is told: 127.0.0.1 unless the user asks for another address.

Confinement: only ``GET``/``HEAD``; assets are served from the built-in templates folder
(``/builtin/…``) and from the case folder (``/case/…``), files of the asset kinds only (styles,
fonts, images), resolved by :func:`casebuilder.render.standalone.confined`, the PDF renderer's
rules: a ``..`` or an absolute path, a link out of the folder or any other file gets 404. The
case's YAML, exhibits and everything else of the machine are never served.
"""

from __future__ import annotations

import mimetypes
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from casebuilder.render.standalone import confined
from casebuilder.render.theme import builtin_templates_dir
from casebuilder.serve import site
from casebuilder.serve.state import Preview

ASSET_SUFFIXES = frozenset({".css", ".woff", ".woff2", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".gif", ".svg",
                            ".webp"})
"""The kinds of file the preview serves from the two folders: what a page's styles and images use."""

KEEPALIVE_SECONDS = 15.0


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server holding the preview it serves."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview):
        super().__init__(address, PreviewHandler)
        self.preview = preview

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host, port = self.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}/"

    def server_close(self) -> None:
        """Stop the watcher and the event streams, then close the socket."""
        self.preview.close()
        super().server_close()


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves the pages of one preview."""

    server: PreviewServer
    server_version = "casebuilder-preview"

    def log_message(self, format, *args) -> None:  # noqa: A002 - the standard library's name
        """Quiet: the terminal shows the case's problems, not every request."""

    def do_HEAD(self) -> None:
        """Like GET, without the body."""
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        """Route a request."""
        path = unquote(urlsplit(self.path).path)
        preview = self.server.preview
        if path == "/_events":
            return self._events(preview)
        if path == "/_generation":
            return self._send(str(preview.snapshot.generation).encode(), "text/plain", body)
        page = self._page(preview, path)
        if page is not None:
            return self._send(page.encode("utf-8"), "text/html; charset=utf-8", body)
        asset = self._asset(preview, path)
        if asset is None:
            return self._send(b"Not found.\n", "text/plain", body, HTTPStatus.NOT_FOUND)
        content_type = mimetypes.guess_type(asset.name)[0] or "application/octet-stream"
        return self._send(asset.read_bytes(), content_type, body)

    def _page(self, preview: Preview, path: str) -> str | None:
        """A page of the preview, or None."""
        snapshot = preview.snapshot
        if path in ("/", "/index.html"):
            return preview.page("/", site.index)
        if path == "/problems":
            return preview.page(path, site.problems)
        if path == "/matrix":
            return preview.page(path, site.matrix)
        if path.startswith("/record/"):
            return site.record(snapshot, path.removeprefix("/record/"))
        if path.startswith("/case/") and path.endswith(".html"):
            return preview.page(path, lambda s: site.dossier(s, path))
        return None

    def _asset(self, preview: Preview, path: str) -> Path | None:
        """A static asset from one of the two folders, or None (404)."""
        for prefix, root in (("/builtin/", builtin_templates_dir()), ("/case/", preview.root)):
            if path.startswith(prefix):
                relative = path.removeprefix(prefix)
                if Path(relative).suffix.lower() not in ASSET_SUFFIXES or ".." in relative.split("/"):
                    return None  # a '..' is refused even when it stays inside: the rule
                return confined(root, relative)
        return None

    def _send(self, data: bytes, content_type: str, body: bool = True,
              status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self, preview: Preview) -> None:
        """A server-sent event stream: the generation now, then each new one as the case changes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = None
        try:
            while not preview.closed:
                generation = preview.wait(seen, KEEPALIVE_SECONDS)
                self.wfile.write(f"data: {generation}\n\n".encode() if generation != seen else b": keep-alive\n\n")
                self.wfile.flush()
                seen = generation
        except (BrokenPipeError, ConnectionResetError):
            return


def make_server(path: Path, *, host: str = "127.0.0.1", port: int = 8000, watch: bool = True,
                kinds: tuple[str, ...] = (), audience: str | None = None) -> PreviewServer:
    """Check the case, start watching it and bind the server (``port`` 0: any free port)."""
    preview = Preview(path, kinds=kinds, audience=audience)
    server = PreviewServer((host, port), preview)
    if watch:
        preview.watch()
    return server
