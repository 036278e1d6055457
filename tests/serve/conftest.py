"""Fixtures of the preview tests: a preview server of a fresh sample case, on a free port."""

from __future__ import annotations

import threading

import pytest


@pytest.fixture
def served(make_case, tmp_path, monkeypatch):
    """``served(files=None, watch=True)`` -> (server, case root): serving until the test ends."""
    from casebuilder.serve.server import make_server

    monkeypatch.setenv("CASEBUILDER_CACHE_DIR", str(tmp_path / "cache"))
    servers = []

    def start(files: dict | None = None, watch: bool = True):
        root = make_case(files)
        server = make_server(root, port=0, watch=watch)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server, root

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
