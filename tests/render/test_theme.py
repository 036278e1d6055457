"""The template environment: search order, builtin: prefix, escaping, sandbox, errors as problems, filters."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from casebuilder.dates import parse_date
from casebuilder.problems import CaseError
from casebuilder.render.theme import (CASE_URL, anchor, builtin_templates_dir, isodate, longdate, make_environment, number,
                               ordinal, paragraphs, plural, render_template, roman)

BASE = {"title": "Doe v. Ruritania"}


def case_with_templates(root: Path, templates: dict[str, str]) -> Path:
    """A case folder with these files in templates/."""
    (root / "templates").mkdir(parents=True, exist_ok=True)
    for name, text in templates.items():
        path = root / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problem_of(excinfo) -> tuple[str, int, str]:
    (problem,) = excinfo.value.problems
    return problem.path, problem.line, problem.code


def test_builtin_templates_dir_holds_the_base_templates():
    folder = builtin_templates_dir()
    assert {"base.html", "macros.html", "style.css"} <= {p.name for p in folder.iterdir()}


def test_builtin_base_renders_cover_toc_and_stylesheet():
    html = render_template("base.html", {**BASE, "court": "European Court of Human Rights",
                                         "toc_entries": [{"id": "facts", "label": "The facts"}]})
    assert "<title>Doe v. Ruritania</title>" in html
    assert 'href="file:///casebuilder/builtin/style.css"' in html
    assert '<p class="cover-court">European Court of Human Rights</p>' in html
    assert '<li class="toc-l1"><a href="#facts">The facts</a></li>' in html
    assert '<body class="">' in html


def test_case_override_wins_over_the_builtin_template(tmp_path):
    case = case_with_templates(tmp_path, {"base.html": "CASE BASE {{ title }}"})
    assert make_environment(case).render("base.html", BASE) == "CASE BASE Doe v. Ruritania"
    assert "CASE BASE" not in make_environment(None).render("base.html", BASE)


def test_builtin_prefix_reaches_the_overridden_file_and_super_works(tmp_path):
    case = case_with_templates(tmp_path, {
        "base.html": '{% extends "builtin:base.html" %}{% block cover %}{{ super() }}<p>Filed by counsel.</p>'
                     '{% endblock %}',
        "doc.html": '{% extends "base.html" %}{% set short_title = "Doe" %}{% block body %}<p>Body</p>{% endblock %}',
    })
    html = make_environment(case).render("doc.html", {**BASE, "specimen": True})
    assert '<h1 class="cover-title">Doe v. Ruritania</h1>' in html  # from the builtin cover (super)
    assert "<p>Filed by counsel.</p>" in html  # from the override
    assert "<p>Body</p>" in html  # from the kind template, through the override
    assert '<div class="running-title">Doe</div>' in html  # top-level set in a child reaches the base
    assert '<body class=" specimen">' in html


def test_case_stylesheet_is_linked_after_the_builtin_one(tmp_path):
    case = case_with_templates(tmp_path, {"style.css": "body { color: navy }"})
    html = make_environment(case).render("base.html", BASE)
    assert html.index("builtin/style.css") < html.index('href="templates/style.css"')
    assert CASE_URL.startswith("file:///casebuilder/")


def test_autoescape_renders_markup_in_data_as_text(tmp_path):
    template = "{% import 'macros.html' as m %}{{ text }}|{{ m.footnote(text) }}|{{ text|paragraphs }}"
    case = case_with_templates(tmp_path, {"x.html": template})
    html = make_environment(case).render("x.html", {"text": '<script>alert("x")</script>'})
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") == 3


def test_syntax_error_in_override_is_a_problem_at_file_and_line(tmp_path):
    case = case_with_templates(tmp_path, {"bad.html": "line one\nline two\n{% if %}\n"})
    with pytest.raises(CaseError) as excinfo:
        make_environment(case).render("bad.html", {})
    assert problem_of(excinfo) == ("templates/bad.html", 3, "template-syntax")
    assert excinfo.value.problems[0].format().startswith("templates/bad.html:3: error: The template has a syntax")


def test_undefined_variable_in_included_override_points_at_the_inner_file(tmp_path):
    case = case_with_templates(tmp_path, {"outer.html": "a\n{% include 'parts/inner.html' %}",
                                "parts/inner.html": "one\ntwo\n{{ missing_thing }}"})
    with pytest.raises(CaseError) as excinfo:
        make_environment(case).render("outer.html", {})
    assert problem_of(excinfo) == ("templates/parts/inner.html", 3, "template-undefined")
    assert "missing_thing" in excinfo.value.problems[0].message


def test_runtime_error_and_missing_parent_are_problems(tmp_path):
    case = case_with_templates(tmp_path, {"div.html": "\n{{ 1 // 0 }}", "orphan.html": '{% extends "nowhere.html" %}'})
    env = make_environment(case)
    with pytest.raises(CaseError) as excinfo:
        env.render("div.html", {})
    assert problem_of(excinfo) == ("templates/div.html", 2, "template-error")
    with pytest.raises(CaseError) as excinfo:
        env.render("orphan.html", {})
    assert problem_of(excinfo)[::2] == ("templates/orphan.html", "template-not-found")


@pytest.mark.parametrize("expression", ["''.__class__.__mro__[1].__subclasses__()", "items.append(4)",
                                        "cycler.__init__.__globals__"])
def test_sandbox_stops_escapes_and_mutation(tmp_path, expression):
    case = case_with_templates(tmp_path, {"evil.html": "{{ " + expression + " }}"})
    items = [1, 2, 3]
    with pytest.raises(CaseError) as excinfo:
        make_environment(case).render("evil.html", {"items": items})
    assert problem_of(excinfo)[2] in ("template-sandbox", "template-undefined")
    assert items == [1, 2, 3]


def test_errors_in_builtin_templates_stay_bugs_with_traceback(tmp_path):
    case = case_with_templates(tmp_path, {"unrelated.html": ""})
    with pytest.raises(UndefinedError):
        make_environment(case).render("base.html", {})  # base.html needs a title


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_template_linked_out_of_the_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    case = case_with_templates(tmp_path / "case", {})
    (case / "templates" / "leak.html").symlink_to(secret)
    with pytest.raises(CaseError) as excinfo:
        make_environment(case).render("leak.html", {})
    assert problem_of(excinfo) == ("templates/leak.html", 0, "template-outside")


def test_longdate_writes_dates_as_lawyers_do():
    assert longdate(date(2023, 9, 19)) == "19 September 2023"
    assert longdate("2023-09-19") == "19 September 2023"
    assert longdate(parse_date("19-20 Sept 2023")) == "19\u201320 September 2023"
    assert longdate(parse_date("19 September - 3 October 2023")) == "19 September \u2013 3 October 2023"
    assert longdate(parse_date("2022-12-30/2023-01-02")) == "30 December 2022 \u2013 2 January 2023"
    assert longdate(parse_date("September 2023")) == "September 2023"
    assert longdate(parse_date("~2020")) == "c. 2020"
    assert longdate(parse_date("1990s")) == "1990s"
    assert longdate("not a date") == "not a date"
    assert isodate(parse_date("2023-09-19/2023-09-26")) == "2023-09-19/2023-09-26"


def test_number_and_other_filters():
    assert number(108000) == "108,000"
    assert number(1234.5) == "1,234.5"
    assert number(2.0) == "2"
    assert number(1234.567, 1) == "1,234.6"
    assert number(None) == "\u2014"
    assert roman(1994) == "MCMXCIV"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
    assert plural(1, "applicant") == "1 applicant"
    assert plural(1204, "applicant") == "1,204 applicants"
    assert anchor("T-001", "exh") == "exh-T-001"
    assert anchor("a b/c\"d") == "a_b_c_d"
    assert paragraphs("One\nline.\n\nTwo <b>", "para") == ('<p class="para">One line.</p>\n'
                                                     '<p class="para">Two &lt;b&gt;</p>')


def test_macros_exhibit_toc_and_signature(tmp_path):
    case = case_with_templates(tmp_path, {"m.html": "{% import 'macros.html' as m %}"
                                          "{{ m.exhibit('T 1', page=true) }}|{{ m.para_ref('p-1') }}|"
                                          "{{ m.signature('Jane Doe', 'Agent', 'The Hague', when) }}|"
                                          "{% call m.para(id='p-1') %}<em>rich</em>{% endcall %}"})
    html = make_environment(case).render("m.html", {"when": date(2024, 1, 15)})
    assert '<a class="xref exhibit" href="#exh-T_1">T 1</a>, p.&#160;<a class="page-ref" href="#exh-T_1"></a>' in html
    assert '<a class="para-ref" href="#p-1"></a>' in html
    assert "The Hague, 15 January 2024" in html
    assert '<p class="para" id="p-1"><em>rich</em></p>' in html
