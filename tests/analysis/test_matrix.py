"""The evidence matrix: element statuses from the evidence behind the facts, and ranked gaps."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from casebuilder.pipeline.check import full_check
from casebuilder.cli.main import cli
from casebuilder.analysis.matrix import build_matrix
from tests.conftest import EXAMPLE_CASE, edit


def elements(root, forum=None):
    checked = full_check(root)
    matrix = build_matrix(checked.case, checked.library, forum=forum)
    return {e.id: e for e in matrix.claims[0].elements}, matrix


def test_an_element_with_no_facts_is_a_gap(make_case):
    found, _ = elements(make_case())
    assert found["20"].status == "gap"
    assert found["20"].facts == [] and found["20"].evidence == []


def test_two_independent_sources_support_an_element(make_case):
    found, _ = elements(make_case())
    assert found["15"].status == "supported"
    assert found["15"].evidence == ["T-001", "M-001", "S-001"]
    assert (found["15"].best_grade, found["15"].weakest_grade) == ("B2", "C2")


def test_removing_the_second_source_turns_the_element_weak(make_case):
    root = make_case()
    edit(root, "facts/2025-03.yaml", "    - {record: M-001}\n", "")
    edit(root, "case.yaml", "facts: [F-001, F-002]", "facts: [F-001]")
    found, _ = elements(root)
    assert found["15"].status == "weak"
    assert found["15"].sources == 1


def test_one_source_graded_a_or_b_with_information_1_or_2_is_enough(make_case):
    root = make_case()
    edit(root, "case.yaml", '      "20":\n        facts: []', '      "20":\n        facts: [F-002]')
    edit(root, "facts/2025-03.yaml", "    - {record: T-001, pinpoint: p. 2}\n    - {record: S-001",
         "    - {record: S-001")
    found, _ = elements(root)
    assert found["20"].status == "supported" and found["20"].evidence == ["S-001"]


def test_gaps_come_first_then_by_weight(make_case):
    _, matrix = elements(make_case())
    gaps = matrix.gaps()
    assert all(e.status == "gap" for _, e in gaps)
    weights = [e.weight for _, e in gaps]
    assert weights == sorted(weights, reverse=True)


def test_forum_filter_keeps_that_forums_test(make_case):
    found, _ = elements(make_case(), forum="echr-individual")
    assert set(found) == {"17", "18", "19"}


def test_json_csv_and_table_formats(make_case):
    root = make_case()
    data = json.loads(CliRunner().invoke(cli, ["matrix", str(root), "--format", "json"]).output)
    claim = data["claims"][0]
    assert {"id", "title", "respondent", "forum", "elements"} <= set(claim)
    assert {"id", "text", "status", "facts", "evidence", "contradicting"} <= set(claim["elements"][0])
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(cli, ["matrix", str(root), "--format", "csv"]).output)))
    assert {(r["element"], r["status"]) for r in rows} >= {("15", "supported"), ("20", "gap")}
    table = CliRunner().invoke(cli, ["matrix", str(root)]).output
    assert "Gaps and weak elements, most important first" in table


def test_example_case_has_the_three_named_claims_with_honest_gaps():
    result = CliRunner().invoke(cli, ["matrix", str(EXAMPLE_CASE), "--format", "json"])
    assert result.exit_code == 0, result.output
    claims = {c["claim"] for c in json.loads(result.output)["claims"]}
    assert {"use-of-force", "forced-displacement", "arbitrary-detention-pow"} <= claims
    statuses = [e["status"] for c in json.loads(result.output)["claims"] for e in c["elements"]]
    assert "supported" in statuses and ("gap" in statuses or "weak" in statuses)


def test_two_witnesses_heard_by_one_organisation_are_two_originators_one_channel_and_weak(make_case):
    root = make_case()
    witness = (root / "evidence" / "T-001-witness.yaml").read_text(encoding="utf-8")
    (root / "evidence" / "T-002-witness.yaml").write_text(
        witness.replace("id: T-001", "id: T-002").replace("P-001", "P-002"), encoding="utf-8")
    with open(root / "people.yaml", "a", encoding="utf-8") as handle:
        handle.write("- id: P-002\n  name: Second Resident\n  role: resident of Riverside\n")
    edit(root, "facts/2025-03.yaml", "    - {record: M-001}\n", "    - {record: T-002}\n")
    edit(root, "case.yaml", "facts: [F-001, F-002]", "facts: [F-001]")
    found, _ = elements(root)
    assert (found["15"].originators, found["15"].channels, found["15"].status) == (2, 1, "weak")


def test_the_corroboration_rule_is_a_case_setting(make_case):
    root = make_case()
    edit(root, "facts/2025-03.yaml", "    - {record: M-001}\n", "")
    edit(root, "case.yaml", "facts: [F-001, F-002]", "facts: [F-001]")
    with open(root / "case.yaml", "a", encoding="utf-8") as handle:
        handle.write("corroboration:\n  min_channels: 1\n")
    found, _ = elements(root)
    assert (found["15"].channels, found["15"].status) == (1, "supported")


def test_an_echr_matrix_shows_no_icc_or_armed_conflict_element(make_case):
    checked = full_check(make_case())
    matrix = build_matrix(checked.case, checked.library, forum="echr-individual")
    bases = {e.basis.partition(":")[0] for c in matrix.claims for e in c.elements}
    assert bases and bases <= {"echr", "echr-p1", "echr-p4", "echr-p12"}
    assert not any(e.context for c in matrix.claims for e in c.elements)
    icc = build_matrix(checked.case, checked.library)  # the overall matrix keeps every forum's elements
    assert {e.id for e in icc.claims[0].elements} >= {e.id for c in matrix.claims for e in c.elements}
