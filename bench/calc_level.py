"""What the deterministic stages give a question before any model runs: a decline (a name no document mentions,
a quarter no indexed report covers), or the calculator's figure (rag.calculate: a formula worked out, a line
looked up), scored by the reference's headline figure (rag.evaluate.metrics.headline_match).

Usage:
  python bench/calc_level.py --index IDX QUESTIONS.jsonl [--out FILE.jsonl]

QUESTIONS: JSONL of {id, question, answer, answerable} (rag eval's formats). No model runs, so a whole set takes
seconds a question: this measures the part of an answer that does not depend on the model. Per question:
- declined: the answer would be "I don't know" without asking the model (right when the question is unanswerable;
  the passages' similarity floor and the things no document mentions, which need the embedder's related words,
  are not replayed);
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

    from rag.answer import _as_segments, _each_company, _term_search
    from rag.build import embedder_from
    from rag.calculate import cased_as_documents, operand_passages, work_out_each
    from rag.config import load_config
    from rag.evaluate.metrics import headline_match
    from rag.index import Index
    from rag.prompt import months_asked
    from rag.retrieve import hybrid_search
    from rag.route import not_filers, quarter_not_covered, unknown_names, unmentioned_names, unreported_kind
    from rag.periods import spelled_dates

    cfg = load_config(index_dir=args.index)
    embedder, index, r = embedder_from(cfg), Index(cfg.index_path), cfg.retrieve
    rows = []
    for line in open(args.questions):
        if not line.strip():
            continue
        q = json.loads(line)
        question = spelled_dates(" ".join(q["question"].split()))  # as rag.answer reads it
        answerable = q.get("answerable", True)
        outcome, text = "model", ""
        months = months_asked(question)
        if missing := unknown_names(index, question):  # in the order rag.answer checks them
            outcome, text = "declined", f"no document mentions {missing}"
        elif uncovered := quarter_not_covered(index, question):
            outcome, text = "declined", f"no report covers {uncovered[0]}"
        elif kind := unreported_kind(index, question):
            outcome, text = "declined", f"no document reports {kind} figures"
        elif not (hits := hybrid_search(index, embedder, [question], r.k, candidates=r.candidates, rrf_k=r.rrf_k)):
            outcome, text = "declined", "no passage"
        else:
            # as rag.answer reads a question typed in lower case: its names as the passages print them
            said = question  # names the passages must mention are read as asked (rag.answer: unmentioned_names)
            question = cased_as_documents(question, [t for h in hits for t in (h.text, h.file, h.heading or "")])
            question = _as_segments(question, not_filers(index, question), hits)  # "Azure's revenue": the Azure revenue
            each = _each_company(question, hits, index, embedder, r)  # two companies compared: each one's passages
            hits += each
            months = months_asked(question)
            hits += operand_passages(question, hits, months,
                                     _term_search(question, index, embedder, r, {h.doc_id for h in each}))
            if missing := unmentioned_names(index, said, [(h.doc_id, h.text) for h in hits]):
                outcome, text = "declined", f"no passage mentions {missing}"
            elif worked := work_out_each(question, hits, months):
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
