"""Every stored draft answer replayed through the checks after the model, no model run.

Usage:
  python bench/replay.py --index pq=IDX --index hb=IDX --index ar=IDX --index ag=IDX --out NEW.jsonl
  python bench/replay.py --compare OLD.jsonl NEW.jsonl

A draft is what the model wrote for a question of a stored run (bench/eval/**/answers*.jsonl): the answer when it
was shown, the text a warning quotes when the guard withheld it ("the model's answer was withheld: ... (draft)",
cut at 200 characters); a decline before the model has none and is skipped. Each draft is given to
rag.answer.answer_question by a scripted generator (the same draft again if the answer path asks a second time), so
everything between the question and the answer runs as the product runs it: routing, retrieval, the calculator,
the prompt, the guard, the check of the cited documents. Run it from two checkouts (git worktree) and compare: a
change to the guard shows as the drafts whose outcome differs, and each can be read against the run's judgement
(the stored scores: numeric, headline, correct).

Runs are matched to indexes by their folder under bench/eval: handbook* -> hb (data/handbook.pdf),
annual_report* -> ar (data/annual_report.pdf), papers*, aragog* -> ag (../shared/datasets/aragog/papers/),
mixed* -> mx (every PDF of ../shared/datasets/pdf-zoo/unstructured-example-docs/example-docs/pdf/, the folder as it is),
manuals* -> mn (DA-619p.pdf and pdf2image-memory-error-test-400p.pdf of
../shared/datasets/pdf-zoo/unstructured-example-docs/example-docs/pdf/),
everything else -> pq (the 20 10-Qs of ../shared/datasets/docugami-sec10q/pdfs/). A run whose index is not given
is skipped.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_WITHHELD = re.compile(r"the model's answer was withheld: .*?\((.*)\)\s*$", re.S)
_FOLDERS = (("handbook", "hb"), ("annual_report", "ar"), ("papers", "ag"), ("aragog", "ag"), ("manuals", "mn"),
            ("mixed", "mx"))


def index_key(path: Path) -> str:
    top = path.relative_to(ROOT / "bench" / "eval").parts[0]
    return next((key for start, key in _FOLDERS if top.startswith(start)), "pq")


def draft_of(row: dict) -> str | None:
    """What the model wrote, as far as the stored row keeps it; None for a decline before the model."""
    if not row.get("abstained"):
        return row.get("answer")
    for w in row.get("warnings") or []:
        if m := _WITHHELD.match(w):
            return m.group(1)
    return None


def replay(indexes: dict[str, str], out: Path) -> None:
    from rag.answer import answer_question
    from rag.build import embedder_from
    from rag.config import load_config
    from rag.fakes import FakeGenerator
    from rag.index import Index

    cfg = load_config(None)
    embedder = embedder_from(cfg)
    opened = {key: Index(folder) for key, folder in indexes.items()}
    with out.open("w") as f:
        for path in sorted((ROOT / "bench" / "eval").rglob("answers*.jsonl")):
            index = opened.get(index_key(path))
            if index is None:
                continue
            for line in path.read_text().splitlines():
                row = json.loads(line)
                draft = draft_of(row)
                if row.get("mode", "rag") != "rag" or not draft:
                    continue
                fake = FakeGenerator(context_window=cfg.generate.max_context_tokens, script=[draft, draft])
                result = answer_question(row["question"], index, embedder, fake, cfg)
                f.write(json.dumps({"file": str(path.relative_to(ROOT)), "id": row.get("id"), "draft": draft,
                                    "answer": result.answer, "abstained": result.abstained,
                                    "stored": {k: row.get(k) for k in ("numeric", "headline", "correct",
                                                                       "answerable")}}) + "\n")
                f.flush()


def compare(old: Path, new: Path) -> None:
    def rows(p: Path) -> dict:
        return {(r["file"], r["id"], r["draft"]): r for r in map(json.loads, p.read_text().splitlines())}
    before, after = rows(old), rows(new)
    changed = [k for k in before if k in after and (before[k]["answer"], before[k]["abstained"])
               != (after[k]["answer"], after[k]["abstained"])]
    print(f"{len(before)} drafts before, {len(after)} after, {len(changed)} changed")
    for k in changed:
        b, a = before[k], after[k]
        print(f"- {k[0]} {k[1]} (stored {b['stored']}):\n    draft: {k[2][:160]}\n    before: {b['answer'][:160]}"
              f"\n    after:  {a['answer'][:160]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", action="append", default=[], metavar="KEY=FOLDER", help="pq, hb, ar, ag, mn or mx")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
    elif args.out and args.index:
        replay(dict(i.split("=", 1) for i in args.index), args.out)
    else:
        ap.error("give --index KEY=FOLDER ... --out FILE, or --compare OLD NEW")


if __name__ == "__main__":
    main()
