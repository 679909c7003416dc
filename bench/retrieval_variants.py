#!/usr/bin/env python
"""Retrieval ablation on an existing index: dense, BM25, hybrid with and without merging, ours as shipped.

Usage: python bench/retrieval_variants.py --dataset docugami --index DIR [--set split.chunk_tokens=200] [--k 4]
The index must hold the dataset's files (build it with `rag --index DIR ingest FOLDER`, with the same
--set options). Scores with bench/answer.py's functions: source-document hit@k (docugami), page hit@k
(handbook), share of the reference answer's facts / key terms in the k passages (all).
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ingest.py would otherwise shadow the ingest package

from rag import retrieve as R  # noqa: E402
from rag.config import load_config  # noqa: E402
from rag.build import make_embedder  # noqa: E402
from rag.index import Index  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_answer", ROOT / "bench" / "answer.py")
answer_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(answer_bench)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", required=True, choices=["handbook", "docugami", "aragog"])
    ap.add_argument("--index", required=True)
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--k", type=int, default=4)
    args = ap.parse_args()
    _, qs = answer_bench.load_dataset(args.dataset, None)
    cfg = load_config(index_dir=args.index, overrides=args.set)
    e = cfg.embedder
    embedder = make_embedder(e.model, e.device, e.batch_size, e.normalize, e.backend)
    index = Index(cfg.index_path)
    c = cfg.retrieve.candidates

    def plain(ids):
        rows = index.chunks(ids)
        return [R._hit(rows[i], 0.0, 0.0) for i in ids if i in rows]

    def fused_ids(q, routed):
        vector = embedder.encode([q])[0]
        rankings = [[i for i, _ in index.dense_search(vector, c)],
                    [i for i, _ in index.bm25_search(R.query_terms(q), c)]]
        docs = R.route_documents(index, q) if routed else []
        if docs:
            rankings.append([i for i, _ in index.dense_search_in(vector, docs, c)])
        return list(R.rrf(rankings, cfg.retrieve.rrf_k))

    variants = {
        "dense": lambda q, k: R.dense_search(index, embedder, q, k),
        "bm25": lambda q, k: plain([i for i, _ in index.bm25_search(R.query_terms(q), c)][:k]),
        "dense + merge": lambda q, k: R.merge_hits(R.dense_search(index, embedder, q, c), k),
        "dense + bm25, no merge": lambda q, k: plain(fused_ids(q, False)[:k]),
        "dense + bm25 + merge": lambda q, k: R.merge_hits(plain(fused_ids(q, False)), k),
        "as shipped (+ routing)": lambda q, k: R.hybrid_search(index, embedder, q, k, candidates=c,
                                                               rrf_k=cfg.retrieve.rrf_k),
    }
    print(f"{args.dataset}, {len(qs)} questions, k={args.k}, index {args.index} {args.set or ''}")
    print("| variant | facts in context | doc hit | page hit |\n|---|---|---|---|")
    for name, search in variants.items():
        scores = [answer_bench._retrieval_scores(q, search(q["question"], args.k), "ours") for q in qs]
        cols = []
        for key in ("facts_in_context", "doc_hit", "page_hit"):
            vals = [s[key] for s in scores if s.get(key) is not None]
            cols.append(f"{statistics.mean(vals):.3f}" if vals else "-")
        print(f"| {name} | {' | '.join(cols)} |", flush=True)


if __name__ == "__main__":
    main()
