"""Uwazi CSV exports mapped through a mapping file."""

from __future__ import annotations

from exports import errors_of, located, run, uwazi_export


def test_uwazi_entities_become_records_people_and_places(make_case, tmp_path):
    case = make_case()
    source = uwazi_export(tmp_path)
    result = run("uwazi", source, case, mapping=tmp_path / "mapping.yaml")
    assert not result.errors and result.outcome.new == 5  # 2 testimonies, 2 witnesses, 1 place
    assert [p.format() for p in result.problems][-1].startswith("uwazi-export.csv:5:3: warning: 'Template': "
                                                                "entities of the template 'Digest' are not mapped")
    text = (case / "evidence/uwazi/UWAZI-Second-account.yaml").read_text()
    assert "date: 2025-03-04/2025-03-05" in text and "UWAZI-Riverside" in text
    place = (case / "places/uwazi/UWAZI-Riverside.yaml").read_text()
    assert "kind: settlement" in place  # the Place entity wins over the name the relationship gives
    assert errors_of(case) == []
    assert run("uwazi", source, case, mapping=tmp_path / "mapping.yaml").outcome.new == 0


def test_uwazi_bad_row_is_located(make_case, tmp_path):
    case = make_case()
    result = run("uwazi", uwazi_export(tmp_path, bad=True), case, mapping=tmp_path / "mapping.yaml")
    assert located(result)[0].startswith("uwazi-export.csv:3:4: error: 'Date of incident': 'next week' is not a date")
    assert result.outcome is None and not (case / "evidence/uwazi").exists()
    skipped = run("uwazi", tmp_path / "uwazi-export.csv", case, mapping=tmp_path / "mapping.yaml", skip_bad=True)
    assert skipped.outcome.new == 3  # the bad row's witness stays out too and errors_of(case) == []
