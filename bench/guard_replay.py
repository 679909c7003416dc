"""The guard's label checks (rag.guard.mislabelled_figures, money_for_a_count, misnamed, other_period_of_pair)
replayed over stored answers.

Usage:
  python bench/guard_replay.py --pageqa-index IDX --handbook-index IDX [--similarity 0.5 0.55 0.6 0.7 2]

No model runs: every answer that an earlier run showed (bench/eval/page_qa-*/answers.jsonl, the handbook runs
in bench/answer_results/ with their model texts) and every reference answer of page_qa.jsonl is checked again
on today's passages for its question, with rag.guard.RELATED_SIMILARITY set to each value (2 = no related
words, only shared words and acronyms). Counted: how many of each kind the new checks would withhold. An
answer is "right" when its run scored its headline figure or the whole answer correct, "wrong" otherwise;
handbook answers are counted by question kind only (their key facts are scored in bench/answer.py).
The indexes must hold the same files as the runs (the 20 10-Qs; data/handbook.pdf).
"""
from __future__ import annotations

import argparse
import glob
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the rag and ingest packages, not bench/ingest.py
sys.path.insert(1, str(ROOT / "bench"))  # bench/answer.py, for its key-fact scoring
PAGE_QA = ROOT.parent / "shared" / "datasets" / "docugami-sec10q" / "page_qa.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pageqa-index", required=True)
    ap.add_argument("--handbook-index", required=True)
    ap.add_argument("--similarity", type=float, nargs="+", default=[2.0, 0.5, 0.55, 0.6, 0.7])
    ap.add_argument("--show", action="store_true", help="list each answer withheld (but the page_qa wrong ones)")
    args = ap.parse_args()

    import rag.guard as guard
    from rag.build import embedder_from
    from rag.config import load_config
    from rag.index import Index
    from rag.retrieve import hybrid_search

    cfg = load_config(None)
    embedder = embedder_from(cfg)
    r = cfg.retrieve
    hits: dict[tuple[str, str], list] = {}

    def passages(index: Index, question: str) -> list:
        if (str(index.folder), question) not in hits:
            hits[str(index.folder), question] = hybrid_search(index, embedder, [question], r.k,
                                                              candidates=r.candidates, rrf_k=r.rrf_k)
        return hits[str(index.folder), question]

    answers = _stored(ROOT, Index(args.pageqa_index), Index(args.handbook_index))
    print("| RELATED_SIMILARITY | page_qa right | page_qa wrong | page_qa unanswerable | page_qa reference answers "
          "| handbook right | handbook wrong | handbook unanswerable |")
    print("|---|---|---|---|---|---|---|---|")
    for similarity in args.similarity:
        guard.RELATED_SIMILARITY = similarity
        related = guard.words_related(embedder)
        counts: Counter = Counter()
        for kind, index_dir, question, text in answers:  # index_dir: an open Index
            counts[kind] += 1
            shown = passages(index_dir, question)
            if guard.unsupported_numbers(text, shown, question):
                continue  # withheld before these checks
            why = guard.mislabelled_figures(text, question, shown, related) or (
                "money" if guard.money_for_a_count(text, question, shown) else None) or (
                guard.misnamed(text, question, shown, related)) or (
                guard.other_period_of_pair(text, question, shown) if guard.PAIRED_PERIOD_CHECK else None)
            if why:
                counts[kind + " withheld"] += 1
                if args.show and kind != "page_qa wrong":
                    print(f"  {similarity} {kind}: {question[:70]} | {text[:80]} | {why}")
        cells = [f"{counts[k + ' withheld']} of {counts[k]}" for k in
                 ["page_qa right", "page_qa wrong", "page_qa unanswerable", "reference", "handbook right",
                  "handbook wrong", "handbook unanswerable"]]
        print(f"| {similarity} | " + " | ".join(cells) + " |")


def _stored(root: Path, pq, hb) -> list[tuple]:
    """(kind, index, question, answer text) for every answer shown in a stored run, and each reference answer."""
    from answer import facts_present  # bench/answer.py's key-fact scoring

    out = []
    for f in sorted(glob.glob(str(root / "bench/eval/page_qa-*/answers.jsonl")) +
                    glob.glob(str(root / "bench/eval/page_qa-*/*/answers.jsonl"))):
        for line in open(f):
            d = json.loads(line)
            if d["abstained"]:
                continue
            kind = ("page_qa unanswerable" if not d["answerable"] else
                    "page_qa right" if d["headline"] == 1.0 or d["correct"] else "page_qa wrong")
            out.append((kind, pq, d["question"], d["answer"]))
    gold = {json.loads(line)["question"]: json.loads(line) for line in open(root / "data/handbook_qa.jsonl")}
    for f in sorted(glob.glob(str(root / "bench/answer_results/**/handbook*.json"), recursive=True) +
                    glob.glob(str(root / "bench/answer_results/issue9/*.json"))):
        d = json.loads(Path(f).read_text())
        if d.get("dataset") != "handbook":
            continue
        for row in d["results"]["ours"].get("rows", []):
            text = row.get("raw") or row.get("answer")
            if row.get("abstained") or not text or row["question"] not in gold:
                continue
            g = gold[row["question"]]
            kind = ("handbook unanswerable" if not g["page"] else
                    "handbook right" if facts_present(text, g["key_facts"]) == 1.0 else "handbook wrong")
            out.append((kind, hb, row["question"], text))
    if PAGE_QA.exists():
        for line in open(PAGE_QA):
            d = json.loads(line)
            if d.get("answerable", True):
                out.append(("reference", pq, d["question"], d["answer"].split("SOURCE")[0].strip()))
    return out


if __name__ == "__main__":
    main()
