"""The preview server over HTTP (no browser): pages, confinement, problems, no writes."""

from __future__ import annotations

import http.client
import re

from tests.conftest import edit


def get(server, path: str) -> tuple[int, str]:
    """GET ``path`` exactly as written (no client-side normalisation of ``..``)."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def test_binds_to_localhost_by_default(served):
    server, _ = served(watch=False)
    assert server.server_address[0] == "127.0.0.1"


def test_index_lists_every_planned_dossier_and_each_renders(served):
    server, _ = served(watch=False)
    status, index = get(server, "/")
    assert status == 200
    links = re.findall(r'href="(/case/[a-z0-9-]+\.html)"', index)
    assert "/case/ngo-briefing.html" in links and "/case/icj-memorial.html" in links
    for link in dict.fromkeys(links):
        status, page = get(server, link)
        assert status == 200, link
        assert 'href="/builtin/screen.css"' in page and "file:///casebuilder" not in page


def test_dossier_shows_the_fact_text(served):
    server, _ = served(watch=False)
    _, page = get(server, "/case/icj-memorial.html")
    assert "the town of Riverside was shelled" in page


def test_paths_outside_the_folders_are_404(served):
    server, root = served(watch=False)
    (root / "templates").mkdir()
    (root / "templates" / "style.css").write_text("body { color: black; }", encoding="utf-8")
    assert get(server, "/case/templates/style.css")[0] == 200
    assert get(server, "/builtin/screen.css")[0] == 200
    for path in ("/case/../../../etc/passwd", "/case/%2e%2e/%2e%2e/etc/hostname", "/case//etc/passwd",
                 "/builtin/../pyproject.toml", "/case/case.yaml", "/case/facts/2025-03.yaml", "/etc/passwd",
                 "/builtin/base.html", "/case/../case/templates/style.css"):
        assert get(server, path)[0] == 404, path


def test_a_link_out_of_the_case_is_404(served, tmp_path):
    server, root = served(watch=False)
    outside = tmp_path / "secret.css"
    outside.write_text("secret", encoding="utf-8")
    (root / "leak.css").symlink_to(outside)
    assert get(server, "/case/leak.css")[0] == 404


def test_errors_replace_the_dossier_with_located_problems(served):
    server, root = served(watch=False)
    edit(root, "facts/2025-03.yaml", "title: Shelling of Riverside", "title: [Shelling of Riverside")
    server.preview.refresh()
    status, page = get(server, "/case/ngo-briefing.html")
    assert status == 200
    assert re.search(r'data-location="facts/2025-03\.yaml:\d+:\d+"', page)
    assert "the town of Riverside was shelled" not in page


def test_matrix_rows_carry_filter_keys_and_record_links(served):
    server, _ = served(watch=False)
    _, page = get(server, "/matrix")
    rows = re.findall(r'<tr class="(\w+)" data-claim="([^"]+)" data-status="(\w+)" data-respondent="([^"]+)"', page)
    assert rows and all(r[0] == r[2] for r in rows)
    assert 'href="/record/F-001"' in page
    status, record = get(server, "/record/F-001")
    assert status == 200 and "the town of Riverside was shelled" in record and "facts/2025-03.yaml:" in record
    assert get(server, "/record/NOPE")[0] == 404


def test_serving_writes_nothing_into_the_case(served):
    server, root = served(watch=False)
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    for path in ("/", "/matrix", "/problems", "/case/ngo-briefing.html", "/record/F-001"):
        get(server, path)
    server.preview.refresh()
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before
