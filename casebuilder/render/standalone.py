"""Self-contained HTML: a dossier's HTML with every stylesheet, font and image it uses inlined, so
that a saved page (``build --html``) opens styled in any browser, on any machine, offline.

The rendered HTML refers to its assets through the virtual URLs of
:mod:`casebuilder.render.theme` (``file:///casebuilder/builtin/…``) or by paths relative to the
case folder; a browser can load neither. This module resolves them with the same confinement as
the PDF renderer's fetcher (:class:`casebuilder.render.pdf.CaseFetcher`): only the built-in
templates folder and files inside the case folder, no link out of them, nothing from the
network. It does not import WeasyPrint, so the preview server can use :func:`confined` too.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from casebuilder.render.theme import BUILTIN_URL, CASE_URL, builtin_templates_dir

MAX_ASSET_BYTES = 64 * 1024 * 1024
"""The largest asset inlined or served (the PDF renderer's MAX_RESOURCE_BYTES)."""

_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_IMG = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)['"]?\s*\)?\s*;""")


def confined(root: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``root``, or None when it lies outside it (``..``, an
    absolute path, a link out), is missing or is too large: the rules of the PDF renderer's fetcher."""
    if not relative or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return None
    root = root.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file() or path.stat().st_size > MAX_ASSET_BYTES:
        return None
    return path


def locate(url: str, case_root: Path | None, base: tuple[Path, str] | None = None) -> Path | None:
    """The local file of an asset URL as the rendered HTML writes it (virtual or case-relative).

    ``base`` is (root, folder within it) of the stylesheet the URL appears in."""
    if url.startswith(BUILTIN_URL):
        return confined(builtin_templates_dir(), unquote(urlsplit(url).path)[len(urlsplit(BUILTIN_URL).path):])
    if url.startswith(CASE_URL):
        return confined(case_root, unquote(urlsplit(url).path)[len(urlsplit(CASE_URL).path):]) if case_root else None
    if urlsplit(url).scheme or url.startswith(("/", "#")):
        return None  # http(s), file:, data: and absolute paths are never fetched
    if base is not None:
        root, folder = base
        return confined(root, f"{folder}/{unquote(url)}" if folder else unquote(url))
    return confined(case_root, unquote(url)) if case_root else None


def _data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _base_of(path: Path, case_root: Path | None) -> tuple[Path, str]:
    """(root, folder) of a stylesheet, for the URLs inside it."""
    for root in (builtin_templates_dir().resolve(), case_root.resolve() if case_root else None):
        if root is not None and path.is_relative_to(root):
            return root, path.parent.relative_to(root).as_posix().removeprefix(".")
    raise ValueError(path)  # confined() only returns paths inside one of the roots


def inline_css(path: Path, case_root: Path | None, depth: int = 0) -> str:
    """A stylesheet's text with its ``@import``s inlined and its ``url()``s as ``data:`` URIs;
    what it may not use is left out (as the PDF renderer leaves it out)."""
    base = _base_of(path, case_root)
    css = path.read_text(encoding="utf-8")

    def imported(match: re.Match) -> str:
        target = locate(match.group(1), case_root, base)
        return inline_css(target, case_root, depth + 1) if target and depth < 5 else ""

    def url(match: re.Match) -> str:
        if match.group(2).startswith(("data:", "#")):
            return match.group(0)
        target = locate(match.group(2), case_root, base)
        return f'url("{_data_uri(target)}")' if target else "url()"

    return _CSS_URL.sub(url, _IMPORT.sub(imported, css))


def self_contained(html: str, case_root: Path | None) -> str:
    """``html`` with its stylesheets as ``<style>`` elements and its images as ``data:`` URIs."""
    def style(match: re.Match) -> str:
        target = locate(match.group(1), case_root)
        if target is None:
            return ""
        return "<style>\n" + inline_css(target, case_root).replace("</", "<\\/") + "</style>"

    def image(match: re.Match) -> str:
        target = locate(match.group(2), case_root)
        return match.group(1) + (_data_uri(target) if target else "") + match.group(3)

    return _IMG.sub(image, _LINK.sub(style, html))
