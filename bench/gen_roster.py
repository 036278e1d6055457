"""Generate a roster of applicants for a case, for benchmarks (and for trying ``applications``).

    python bench/gen_roster.py CASE OUT.csv --rows 1000 [--bad 0] [--seed 1]
    python bench/gen_roster.py CASE OUT.xlsx --rows 1000

Each row is a plausible applicant of the case: a name, a date and place of birth, an address, the
case's first representative, a victim statement, an own statement citing one or two of the case's
evidence records, and (for most rows) a final domestic decision within the time limit; one row in
five asks for anonymity. ``--bad N`` spreads N bad rows through the roster (a date that does not
exist, a missing surname, an id used twice, a fact that does not exist), each reported at its row
and column by ``casebuilder applications``. The same arguments always give the same file.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import timedelta
from pathlib import Path

FIRST = ("Anahit Armen Gayane Hovhannes Lilit Narek Siranush Tigran Vardan Zara Mariam Davit Ani Karen Lusine "
         "Arpi Hayk Nune Sevak Tatevik").split()
LAST = ("Avetisyan Grigoryan Harutyunyan Karapetyan Petrosyan Sargsyan Vardanyan Hakobyan Mkrtchyan Ghazaryan "
        "Babayan Danielyan Galstyan Hovsepyan Khachatryan").split()
TOWNS = "Stepanakert Martuni Askeran Hadrut Martakert Shushi Karin Tak Chartar Berdzor".split()
STREETS = "Abovyan Tumanyan Komitas Sayat-Nova Baghramyan Mashtots Isahakyan Charents".split()


def generate(case_path: Path, out: Path, rows: int, bad: int = 0, seed: int = 1) -> Path:
    """Write a roster of ``rows`` applicants (``bad`` of them with a mistake) for the case at ``case_path``."""
    from casebuilder.pipeline.check import check_case
    from casebuilder.roster.rows import COLUMN_NAMES

    case = check_case(case_path).case
    rng = random.Random(seed)
    records = sorted(case.evidence)
    representative = case.case.parties.representatives[0].id if case.case.parties.representatives else ""
    lodged = case.case.date.start
    bad_rows = set(rng.sample(range(rows), k=min(bad, rows))) if bad else set()
    table = []
    for i in range(rows):
        given, surname = rng.choice(FIRST), rng.choice(LAST)
        born = lodged.replace(year=lodged.year - rng.randint(18, 85)) - timedelta(days=rng.randrange(365))
        decided = lodged - timedelta(days=rng.randint(5, 110))
        cited = rng.sample(records, k=min(len(records), rng.randint(1, 2)))
        anonymous = rng.random() < 0.2
        with_decision = rng.random() < 0.8
        row = {"id": f"APP-{i + 1:05d}", "surname": surname, "given_names": given,
               "date_of_birth": born.isoformat() if i % 2 else born.strftime("%d/%m/%Y"),
               "place_of_birth": rng.choice(TOWNS), "nationality": "Armenian",
               "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)} Street, Yerevan, Armenia",
               "sex": rng.choice(("female", "male")), "representative": representative,
               "victim_status": f"The applicant had to leave {rng.choice(TOWNS)} and cannot return to the family home.",
               "statement": f"According to the applicant, {given} {surname} left home with {rng.randint(1, 6)} "
                            f"relatives and lost the house and its contents.",
               "evidence": "; ".join(cited),
               "final_decision_date": decided.isoformat() if with_decision else "",
               "final_decision_court": "Court of Cassation" if with_decision else "",
               "final_decision_description": "Dismissed the applicant's claim." if with_decision else "",
               "exhaustion": "The applicant's claim was dismissed at final instance." if with_decision else
                             "No remedy in the respondent State offers the applicant a prospect of success.",
               "anonymity": "yes" if anonymous else "no",
               "anonymity_reasons": "Relatives of the applicant remain in the region." if anonymous else ""}
        if i in bad_rows:
            mistake = i % 4
            if mistake == 0:
                row["date_of_birth"] = "31/02/1980"
            elif mistake == 1:
                row["surname"] = ""
            elif mistake == 2 and i:
                row["id"] = "APP-00001"
            else:
                row["facts"] = "F-DOES-NOT-EXIST"
        table.append(row)
    if out.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Roster"
        sheet.append(list(COLUMN_NAMES))
        for row in table:
            sheet.append([row.get(c, "") for c in COLUMN_NAMES])
        book.save(out)
    else:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(COLUMN_NAMES))
            writer.writeheader()
            writer.writerows({c: row.get(c, "") for c in COLUMN_NAMES} for row in table)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("case", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--bad", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.case, args.out, args.rows, args.bad, args.seed)
    print(f"wrote {args.out}: {args.rows} rows, {args.bad} bad")


if __name__ == "__main__":
    main()
