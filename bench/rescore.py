#!/usr/bin/env python
"""Re-score stored `rag eval` answers against a corrected questions file: numeric and headline match only.

Usage:
  python bench/rescore.py QUESTIONS.jsonl RUN_FOLDER [RUN_FOLDER ...]

Why: a reference answer that carries figures beside the one asked ("$38,141 million, printed as (38,141)") makes
every answer fail numeric match (it asks for every key number). The reference is corrected in QUESTIONS.jsonl,
and each run's answers.jsonl is scored again with rag.evaluate.metrics, the functions `rag eval` scores with; an
abstention scores 0. Rows of every mode in a folder are scored, by mode.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from rag.evaluate.metrics import headline_match, numeric_match

    if len(sys.argv) < 3:
        sys.exit(__doc__)
    gold = {json.loads(line)["id"]: json.loads(line) for line in open(sys.argv[1], encoding="utf-8")}
    for run in sys.argv[2:]:
        by_mode: dict[str, list] = defaultdict(list)
        for line in open(Path(run) / "answers.jsonl", encoding="utf-8"):
            row = json.loads(line)
            g = gold[row["id"]]
            ok = not row["abstained"] and numeric_match(row["answer"], g["answer"], g["question"]) == 1.0
            head = not row["abstained"] and headline_match(row["answer"], g["answer"], g["question"]) == 1.0
            by_mode[row.get("mode", "rag")].append((row["id"], ok, head))
        for mode, rows in by_mode.items():
            wrong = " ".join(i for i, ok, _ in rows if not ok)
            print(f"{run} [{mode}]: every key number {sum(r[1] for r in rows)}/{len(rows)}, "
                  f"headline {sum(r[2] for r in rows)}/{len(rows)}; not right: {wrong or '-'}")


if __name__ == "__main__":
    main()
