"""Generate a synthetic, valid case folder of any size, for benchmarks.

    python bench/gen_case.py OUT --records 10000 --facts 2000 [--seed 1]

Starts from the sample case (what ``casebuilder new`` writes) and adds ``--records`` evidence
records (one small YAML file each, about fifteen fields, in the mix of kinds a real case has),
``--facts`` facts (ten to a file, each citing one to four records with pinpoints), and the people
and places they refer to. Every person has a protection decision and every fact two sources, so
the case checks clean (no warnings). The same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

KINDS = (["testimony"] * 10 + ["media_report"] * 4 + ["document"] * 2 + ["statistic", "official_statement"]
         + ["other"] * 2)
WORDS = ("road village shelling convoy checkpoint school house family water border river night morning bus "
         "bridge hospital field church market hill soldiers neighbours documents car truck road winter").split()
FIRST = "Anna Armen Gayane Hovhannes Lilit Narek Siranush Tigran Vardan Zara Mariam Davit Ani Karen Lusine".split()
LAST = "Avetisyan Grigoryan Harutyunyan Karapetyan Petrosyan Sargsyan Vardanyan Hakobyan Mkrtchyan Ghazaryan".split()
START = date(2020, 9, 27)


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def record_yaml(rng: random.Random, i: int, people: int, places: int) -> tuple[str, str]:
    kind = rng.choice(KINDS)
    rid = f"R-{i:06d}"
    day = START + timedelta(days=rng.randrange(0, 1100))
    place = f"PL-{rng.randrange(places):04d}"
    person = f"P-{rng.randrange(people):05d}"
    lines = [f"id: {rid}", f"kind: {kind}", f"title: {q(sentence(rng, 6))}", f"date: {day.isoformat()}",
             f"places: [{place}]", f"summary: {q('According to the source, ' + sentence(rng, 18).lower())}"]
    if kind == "testimony":
        lines += [f"witness: {person}", f"persons:\n  - {{person: {person}, role: witness}}",
                  "recorded_by: Synthetic Rights Group",
                  f"quotes:\n  - text: {q(sentence(rng, 20))}\n    pinpoint: p. {rng.randrange(1, 30)}\n"
                  f"    speaker: {person}"]
    elif kind == "official_statement":
        lines += [f"speaker: {person}", "office: Spokesperson"]
    elif kind == "media_report":
        lines += ["outlet: The Synthetic Times"]
    elif kind == "document":
        lines += ["document_type: report"]
    elif kind == "other":
        lines += ["medium: photograph"]
    elif kind == "statistic":
        a, b = rng.randrange(10, 5000), rng.randrange(10, 5000)
        lines += ["figures:", "  - id: count", "    label: Persons registered", f"    value: {a + b}",
                  "    counts: persons registered by the synthetic council", "    by: district",
                  "    breakdown:", f"      - {{label: North, value: {a}}}", f"      - {{label: South, value: {b}}}"]
    lines += ["source:", f"  title: {q(sentence(rng, 5))}", "  publisher: Synthetic Rights Group",
              f"  date: {(day + timedelta(days=rng.randrange(1, 60))).isoformat()}",
              f"  url: https://example.org/r/{i}", "reliability:", f"  source: {rng.choice('ABC')}",
              f"  information: {rng.choice((1, 2, 2, 3))}", "  rationale: A synthetic grading for the benchmark.",
              f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]"]
    return rid, "\n".join(lines) + "\n"


def fact_yaml(rng: random.Random, i: int, records: int, places: int) -> str:
    day = START + timedelta(days=rng.randrange(0, 1100))
    cited = rng.sample(range(records), k=min(records, rng.randint(2, 4)))
    evidence = "\n".join(f"    - {{record: R-{r:06d}, pinpoint: p. {rng.randrange(1, 40)}}}" for r in cited)
    return (f"- id: F-{i:05d}\n  title: {q(sentence(rng, 5))}\n  date: {day.isoformat()}\n"
            f"  places: [PL-{rng.randrange(places):04d}]\n"
            f"  description: {q('According to the witnesses, ' + sentence(rng, 25).lower())}\n"
            f"  evidence:\n{evidence}\n")


def generate(out: Path, records: int, facts: int, seed: int = 1, people: int | None = None,
             places: int = 200) -> Path:
    """Write the synthetic case into ``out`` (which must not exist); return ``out``."""
    rng = random.Random(seed)
    people = people or max(10, records // 20)
    shutil.copytree(Path(str(resources.files("casebuilder") / "data" / "newcase")), out)
    (out / "evidence" / "synthetic").mkdir()
    for i in range(records):
        rid, text = record_yaml(rng, i, people, places)
        (out / "evidence" / "synthetic" / f"{rid}.yaml").write_text(text, encoding="utf-8")
    (out / "facts" / "synthetic").mkdir()
    for start in range(0, facts, 10):
        body = "".join(fact_yaml(rng, i, records, places) for i in range(start, min(facts, start + 10)))
        (out / "facts" / "synthetic" / f"F-{start:05d}.yaml").write_text(body, encoding="utf-8")
    (out / "people").mkdir()
    with open(out / "people" / "synthetic.yaml", "w", encoding="utf-8") as handle:
        for p in range(people):
            handle.write(f"- id: P-{p:05d}\n  name: {rng.choice(FIRST)} {rng.choice(LAST)}\n"
                         f"  protection: pseudonymise\n")
    (out / "places").mkdir(exist_ok=True)
    with open(out / "places" / "synthetic.yaml", "w", encoding="utf-8") as handle:
        for p in range(places):
            handle.write(f"- id: PL-{p:04d}\n  name: Synthetic place {p}\n  kind: settlement\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--facts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.records, args.facts, args.seed)
    print(f"wrote {args.out}: {args.records} records, {args.facts} facts")


if __name__ == "__main__":
    main()
