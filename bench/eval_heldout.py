"""A `rag eval` run split by whether the adapter trained on each question's evidence (issue 10's "questions
held out by source chunk").

Usage:
  python bench/eval_heldout.py RUN_FOLDER TUNE_DATA.jsonl --index IDX [--data data/handbook_qa.jsonl]

TUNE_DATA: the chat JSONL the adapter trained on (`rag tune data build` writes each example's source chunk
and, after `rag tune train`, nothing changes it: the split is in the file or recomputed the same way).
A question is "trained" when some chunk of IDX holding all of its key facts (the handbook format's
`key_facts`, found by bench/answer.py's facts_present) gave a training example, "held out" when every
such chunk is a validation chunk, and "not found" when no chunk holds them. IDX must be the index the data was
built from (chunk ids). Prints, per mode, correct [n] on each group.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from answer import facts_present  # noqa: E402 (the answer benchmark's key-fact check, as for facts_in_context)


def chunk_splits(tune_data: Path) -> tuple[set[int], set[int]]:
    train, val = set(), set()
    for line in tune_data.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        chunk = (row.get("source") or {}).get("chunk_id")
        if chunk is not None:
            (val if row.get("split") == "val" else train).add(chunk)
    return train, val


def groups(questions: list[dict], index: Path, train: set[int], val: set[int]) -> dict[str, str]:
    """question text -> "trained" | "held out" | "not found"."""
    con = sqlite3.connect(index / "index.sqlite")
    chunks = list(con.execute("select id, text from chunks"))
    out = {}
    for q in questions:
        facts = q.get("key_facts") or []
        if not facts:
            continue
        ids = [i for i, text in chunks if facts_present(text, facts) == 1.0]
        out[q["question"]] = ("not found" if not ids else "trained" if any(i in train for i in ids)
                              else "held out" if all(i in val for i in ids) else "not found")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("tune_data", type=Path)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=Path("data/handbook_qa.jsonl"))
    args = ap.parse_args()
    questions = [json.loads(x) for x in args.data.read_text(encoding="utf-8").splitlines() if x.strip()]
    group = groups(questions, args.index, *chunk_splits(args.tune_data))
    rows = [json.loads(x) for x in (args.run / "answers.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    table: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        g = group.get(" ".join(r["question"].split()))
        if g:
            table.setdefault((r["mode"], g), []).append(r["correct"])
    modes = list(dict.fromkeys(r["mode"] for r in rows))
    names = ["trained", "held out", "not found"]
    print("| mode | " + " | ".join(f"{n}: correct [n]" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for m in modes:
        cells = [f"{sum(v) / len(v):.2f} [{len(v)}]" if (v := table.get((m, n))) else "-" for n in names]
        print(f"| {m} | " + " | ".join(cells) + " |")
    json.dump({f"{m}/{n}": v for (m, n), v in table.items()}, sys.stderr)


if __name__ == "__main__":
    main()
