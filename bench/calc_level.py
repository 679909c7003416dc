"""What the deterministic stages give a question before any model runs: a decline (a name no document mentions,
a quarter no indexed report covers), or the calculator's figure (rag.calculate: a formula worked out, a line
looked up), scored by the reference's headline figure (rag.evaluate.metrics.headline_match).

Usage:
  python bench/calc_level.py --index IDX QUESTIONS.jsonl [--out FILE.jsonl]

QUESTIONS: JSONL of {id, question, answer, answerable} (rag eval's formats). No model runs, so a whole set takes
seconds a question: this measures the part of an answer that does not depend on the model. Per question:
- declined: the answer would be "I don't know" without asking the model (right when the question is unanswerable):
  rag.answer.gather, the stages an answer runs before the model;
- worked: the calculator's figure, which the answer states (rag.guard's WORKED_ANSWER); right when it agrees with
  the reference's headline figure, wrong otherwise (and always wrong on an unanswerable question);
- model: neither; the model answers from the passages (not scored here).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions")
    parser.add_argument("--index", required=True)
    parser.add_argument("--out", help="write one JSON line per question here")
    args = parser.parse_args()

    from rag.answer import gather
    from rag.build import embedder_from
    from rag.calculate import work_out_each
    from rag.config import load_config
    from rag.evaluate.metrics import headline_match
    from rag.guard import words_related
    from rag.index import Index
    from rag.periods import spelled_dates
    from rag.prompt import months_asked

    cfg = load_config(index_dir=args.index)
    embedder, index = embedder_from(cfg), Index(cfg.index_path)
    related = words_related(embedder)
    rows = []
    for line in open(args.questions):
        if not line.strip():
            continue
        q = json.loads(line)
        question = spelled_dates(" ".join(q["question"].split()))  # as rag.answer reads it
        answerable = q.get("answerable", not ("page" in q and q["page"] is None))  # as rag.evaluate.data reads it
        outcome, text = "model", ""
        found = gather(question, index, embedder, cfg, related=related)  # what rag.answer does before the model
        question = found.calculated
        if found.declined:
            outcome, text = "declined", found.declined
        elif worked := work_out_each(question, found.hits, months_asked(question)):
            outcome, text = "worked", "; ".join(w.text() for w in worked)
        # scored as the guard shows it when the model's draft misses it (rag.guard.check_answer): "A and B" when two
        # figures are worked out (two asked, or a change as an amount and a percentage)
        right = {"declined": not answerable, "model": None,
                 "worked": answerable and _agrees(" and ".join(w.result for w in worked), q.get("answer", ""), question,
                                                  headline_match)
                 if outcome == "worked" else None}[outcome]
        rows.append({"id": q.get("id"), "answerable": answerable, "outcome": outcome, "right": right, "text": text})
        print(f"{q.get('id')}\t{'answerable' if answerable else 'unanswerable'}\t{outcome}\t"
              f"{'' if right is None else ('right' if right else 'WRONG')}\t{text}", flush=True)
    counts = Counter((row["answerable"], row["outcome"], row["right"]) for row in rows)
    for (answerable, outcome, right), n in sorted(counts.items(), key=str):
        print(f"{'answerable' if answerable else 'unanswerable'} {outcome}"
              f"{'' if right is None else (' right' if right else ' wrong')}: {n}")
    if args.out:
        Path(args.out).write_text("".join(json.dumps(row) + "\n" for row in rows))


def _agrees(result: str, reference: str, question: str, headline_match) -> bool:
    """The result agrees with the reference's headline figure; a result read from a table that prints no unit
    ("$12,949" from the MD&A's table of shares of revenue) is taken in the reference's scale."""
    if headline_match(result, reference, question) == 1.0:
        return True
    scale = re.search(r"\b(thousand|million|billion)\b", reference.split("(")[0])
    return bool(scale) and not re.search(r"thousand|million|billion|%", result) and \
        headline_match(f"{result} {scale.group(1)}", reference, question) == 1.0


if __name__ == "__main__":
    main()
