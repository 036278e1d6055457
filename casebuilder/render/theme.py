"""The Jinja2 environment that turns a case into HTML: template search order, filters, sandbox.

Templates are looked up first in the case's own ``templates/`` folder (a file of the same name
overrides the built-in one), then among the built-in templates. ``builtin:NAME`` always names
the built-in file, so that an override can extend what it replaces::

    {% extends "builtin:base.html" %}
    {% block cover %}{{ super() }}<p>Filed by counsel.</p>{% endblock %}

Everything is untrusted: evidence text may hold ``<script>`` and a case folder may come from
anyone, templates included. Hence autoescaping everywhere, ``StrictUndefined`` (a misspelt
variable is an error, not a silent blank in a court filing) and one
:class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` for built-in and case templates alike:
they must share one environment for inheritance to work, the sandbox stops the classic escapes
(``''.__class__.__mro__``…) and in-place mutation of the data, and its cost is negligible beside
layout. Template links out of ``templates/`` (symlinks) are refused. Errors raised while a case
template runs become a :class:`CaseError` located at ``templates/NAME.html:LINE``; errors in
built-in templates are bugs and keep their traceback.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import (ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateNotFound,
                    TemplateSyntaxError, UndefinedError)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from casebuilder.dossier import charts
from casebuilder.render import bounded
from casebuilder.dates import DateError, DateSpan, format_date, parse_date
from casebuilder.problems import CaseError, Problem

CASE_TEMPLATES = "templates"
"""The folder of a case that holds its template overrides (and an optional ``style.css``)."""

BUILTIN_URL = "file:///casebuilder/builtin/"
"""Virtual URL of the built-in templates folder (CSS, images); :mod:`casebuilder.render.pdf` maps it."""

CASE_URL = "file:///casebuilder/case/"
"""Virtual base URL of the case folder. Virtual, so that no path of the building machine can
reach the PDF through a resolved link, and so that only the two mapped folders can be fetched."""


def builtin_templates_dir() -> Path:
    """The folder of the built-in templates: ``casebuilder/_templates`` in a wheel, else ``templates/``."""
    packaged = Path(__file__).resolve().parents[1] / "_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


class _CaseLoader(FileSystemLoader):
    """A loader for the case's templates that refuses files reached through links out of the folder."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        root = Path(self.searchpath[0]).resolve()
        if not Path(filename).resolve().is_relative_to(root):
            raise CaseError([Problem(f"{CASE_TEMPLATES}/{template}", 0, 0,
                                     "This template is a link to a file outside the case's templates folder.",
                                     "Copy the template into the folder instead of linking to it.",
                                     code="template-outside")])
        return source, filename, uptodate


class ThemeEnvironment(ImmutableSandboxedEnvironment):
    """The sandboxed environment of one case; :meth:`render` reports case template errors as problems."""

    case_templates: Path | None = None
    intercepted_binops = frozenset(["*", "**"])  # bounded: see casebuilder.render.bounded

    def call_binop(self, context, operator, left, right):
        """Check ``*`` and ``**`` against the bounds before running them."""
        bounded.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """Render the template ``name`` with ``context``; raise :class:`CaseError` if a case template fails."""
        try:
            if self.case_templates is None:
                return self.get_template(name).render(context)
            with bounded.deadline(bounded.MAX_SECONDS):
                html = self.get_template(name).render(context)
            if len(html) > bounded.MAX_OUTPUT:
                raise CaseError([Problem(f"{CASE_TEMPLATES}/{name}", 0, 0, f"The template produced {len(html):,} "
                                         f"characters, more than the limit of {bounded.MAX_OUTPUT:,}.",
                                         "Bound the loops of the template.", code="template-limit")])
            return html
        except CaseError:
            raise
        except Exception as exc:  # any exception raised inside a case template is the case's error
            problem = template_problem(exc, self.case_templates)
            if problem is None:
                raise
            raise CaseError([problem]) from None


def make_environment(case_root: Path | None = None) -> ThemeEnvironment:
    """Build the environment for a case folder (or for the built-in templates only, when None)."""
    builtin = FileSystemLoader(str(builtin_templates_dir()))
    loaders: list = [PrefixLoader({"builtin": builtin}, delimiter=":")]
    case_dir = Path(case_root) / CASE_TEMPLATES if case_root is not None else None
    if case_dir is not None and (case_dir.is_symlink() or (case_dir.is_dir() and not case_dir.resolve()
                                                           .is_relative_to(Path(str(case_root)).resolve()))):
        raise CaseError([Problem(CASE_TEMPLATES, 0, 0, "The templates folder is a link to a place outside the case.",
                                 "Copy the templates into the case folder instead of linking to them.",
                                 code="template-outside")])
    if case_dir is not None and case_dir.is_dir():
        loaders.append(_CaseLoader(str(case_dir)))
    else:
        case_dir = None
    loaders.append(builtin)
    env = ThemeEnvironment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                           trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                           extensions=["jinja2.ext.loopcontrols"])
    env.case_templates = case_dir
    env.filters.update(FILTERS)
    env.filters.update(center=bounded.bounded_pad(env.filters["center"]), indent=bounded.bounded_pad(env.filters["indent"]))
    env.globals["range"] = bounded.bounded_range
    env.globals.update(builtin_url=BUILTIN_URL, bar_chart=_safe(charts.bar_chart),
                       timeline=_safe(charts.timeline),
                       case_css=f"{CASE_TEMPLATES}/style.css" if case_dir and (case_dir / "style.css").is_file()
                       else None)
    return env


def render_template(name: str, context: Mapping[str, Any], *, case_root: Path | None = None) -> str:
    """Render one template of a case (or a built-in one) to HTML, in a fresh environment."""
    return make_environment(case_root).render(name, context)


def _safe(chart):
    """Wrap a chart function so that its SVG (built with every label escaped) is not escaped again."""
    def wrapper(*args, **kwargs) -> Markup:
        return Markup(chart(*args, **kwargs))  # noqa: S704 - charts.py escapes every text it draws
    wrapper.__doc__ = chart.__doc__
    return wrapper


# --- errors ------------------------------------------------------------------------------------

def template_problem(exc: BaseException, case_templates: Path | None) -> Problem | None:
    """The problem to report for an exception raised while rendering, or None when no case template is to blame."""
    if case_templates is None:
        return None
    root = case_templates.resolve()
    if isinstance(exc, TemplateSyntaxError):
        place = _case_place(exc.filename, exc.lineno, root)
    else:
        place = None
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            place = _case_place(frame.filename, frame.lineno, root)
            if place:
                break
    if place is None:
        return None
    message, hint, code = _describe(exc)
    return Problem(place[0], place[1], 0, message, hint, code=code)


def _case_place(filename: str | None, line: int | None, root: Path) -> tuple[str, int] | None:
    """``(templates/NAME, line)`` when ``filename`` is a template of the case, else None."""
    if not filename or filename.startswith("<"):
        return None
    path = Path(filename).resolve()
    if not path.is_relative_to(root):
        return None
    return f"{CASE_TEMPLATES}/{path.relative_to(root).as_posix()}", line or 0


def _describe(exc: BaseException) -> tuple[str, str, str]:
    """Message, hint and code of a template error, as full sentences."""
    text = str(getattr(exc, "message", None) or exc).rstrip(".")
    if isinstance(exc, TemplateSyntaxError):
        return (f"The template has a syntax error: {text}.",
                "Fix the template (Jinja2 syntax: https://jinja.palletsprojects.com/templates/).", "template-syntax")
    if isinstance(exc, UndefinedError):
        return (f"The template uses something that is not defined: {text}.",
                "Check the spelling against the variables the built-in templates use.", "template-undefined")
    if isinstance(exc, SecurityError):
        return (f"The template does something the sandbox forbids: {text}.",
                "Case templates may only read the data they are given.", "template-sandbox")
    if isinstance(exc, TemplateNotFound):
        return (f"The template refers to '{exc.name}', which is neither in the case's templates folder "
                "nor among the built-in templates.", "Check the name, or prefix it with 'builtin:'.",
                "template-not-found")
    return (f"The template failed: {type(exc).__name__}: {text}.", "Fix the expression on this line.",
            "template-error")


# --- filters ------------------------------------------------------------------------------------

def longdate(value: Any) -> str:
    """Write a date as lawyers do: ``19 September 2023``, ``19-20 September 2023``, ``c. 2020``
    (:func:`casebuilder.dates.format_date`).

    Accepts a :class:`DateSpan`, a ``date``/``datetime`` or a date text (which is parsed;
    text that is not a date is returned unchanged).
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = parse_date(value)
        except DateError:
            return value
    if not isinstance(value, (date, DateSpan)):
        raise TypeError(f"longdate expects a date, not {type(value).__name__}")
    return format_date(value)


def isodate(value: Any) -> str:
    """``2023-09-19``; a range of days as ``2023-09-19/2023-09-26``."""
    if isinstance(value, DateSpan):
        return value.start.isoformat() if value.start == value.end else f"{value.start}/{value.end}"
    return value.isoformat()[:10]


def number(value: Any, decimals: int | None = None) -> str:
    """Group thousands: ``108000`` gives ``108,000``; ``None`` gives an em dash (not available)."""
    if value is None:
        return "\u2014"
    if decimals is None:
        if isinstance(value, float) and not value.is_integer():
            return f"{value:,}"
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}"


def roman(value: int) -> str:
    """Upper-case Roman numeral (volumes, chapters): 4 gives ``IV``."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out, rest = "", int(value)
    for amount, letters in numerals:
        count, rest = divmod(rest, amount)
        out += letters * count
    return out


def ordinal(value: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``, ``22nd``."""
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 applicant``, ``1,204 applicants`` (the count grouped by thousands)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def anchor(value: Any, prefix: str = "") -> str:
    """An HTML id for a record id: ``'T-001'|anchor('exh')`` gives ``exh-T-001``.

    Characters other than letters, digits, ``-``, ``_`` and ``.`` become ``_`` so that the id is
    valid in a URL fragment and in CSS ``target-counter()``.
    """
    slug = re.sub(r"[^A-Za-z0-9_.-]", "_", str(value))
    return f"{prefix}-{slug}" if prefix else slug


def paragraphs(text: str, css_class: str = "") -> Markup:
    """Escape a text and wrap each block separated by a blank line in ``<p>`` (with ``css_class``)."""
    attr = Markup(' class="{}"').format(css_class) if css_class else Markup("")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", str(text)) if b.strip()]
    return Markup("\n").join(Markup("<p{}>{}</p>").format(attr, escape(" ".join(b.split()))) for b in blocks)


FILTERS = {"longdate": longdate, "isodate": isodate, "number": number, "roman": roman, "ordinal": ordinal,
           "plural": plural, "anchor": anchor, "paragraphs": paragraphs}
"""The filters every template can use."""
