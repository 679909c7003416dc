"""Retrieval latency at scale: hybrid search (query embedding + FAISS + FTS5 BM25 + SQLite) on 100k chunks.

Usage: python bench/retrieval_latency.py [--chunks 100000] [--queries 50] [--out FILE]
Builds a synthetic index of N chunks (English-like text from a fixed vocabulary, random unit vectors
of the real embedder's dimension) so that the index size, not the corpus, is what is measured; then
times each stage for real queries embedded with the default embedder. Reports median and p95 in ms.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ingest.py would otherwise shadow the ingest package

from ingest.documents import Chunk
from rag.config import load_config
from rag.build import make_embedder
from rag.index import DocumentRecord, Index
from rag.retrieve import hybrid_search, query_terms

QUESTIONS = ["When is the tuition refund deadline?", "How much is the late registration fee?",
             "What was the revenue of the data center segment?", "Who do I contact about housing repairs?",
             "What are the library opening hours during exams?"]


def build(folder: str, n_chunks: int, dim: int, name: str, per_doc: int = 500) -> Index:
    rng = np.random.default_rng(0)
    vocab = [w.strip(".,?") for q in QUESTIONS for w in q.lower().split()] + [f"term{i}" for i in range(5000)]
    index = Index(folder, create=True)
    index.record_embedder(name, dim, True)
    with index.writing():
        for d in range(0, n_chunks, per_doc):
            n = min(per_doc, n_chunks - d)
            texts = [" ".join(rng.choice(vocab, 120)) for _ in range(n)]
            chunks = [Chunk(t, 0, len(t), 1 + i // 4, 1 + i // 4, str(1 + i // 4), str(1 + i // 4)) for i, t in enumerate(texts)]
            vecs = rng.standard_normal((n, dim)).astype(np.float32)
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            record = DocumentRecord(f"/synthetic/doc{d // per_doc}.pdf", f"doc{d // per_doc}.pdf", "0" * 64, 0, 0.0,
                                    n // 4, n, [], [], [], "synthetic")
            index.replace_document(record, chunks, vecs, [f"h{d + i}" for i in range(n)], texts)
    return index


def ms(values: list[float]) -> dict:
    values = sorted(values)
    return {"median_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(values[int(0.95 * (len(values) - 1))] * 1000, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--out", default=str(ROOT / "bench" / "retrieval_latency.json"))
    args = ap.parse_args()
    cfg = load_config()
    embedder = make_embedder(cfg.embedder.model, cfg.embedder.device, cfg.embedder.batch_size, cfg.embedder.normalize,
                             cfg.embedder.backend)
    embedder.encode(["warm up"])
    started = time.perf_counter()
    index = build(tempfile.mkdtemp(prefix="rag-lat-"), args.chunks, embedder.dim, embedder.name)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    fresh = Index(index.folder)
    fresh.vectors()
    open_s = time.perf_counter() - started
    stages = {"embed_query": [], "faiss": [], "bm25": [], "hybrid_total": []}
    for i in range(args.queries):
        q = QUESTIONS[i % len(QUESTIONS)]
        t = time.perf_counter(); vec = embedder.encode([q])[0]; stages["embed_query"].append(time.perf_counter() - t)
        t = time.perf_counter(); fresh.dense_search(vec, 20); stages["faiss"].append(time.perf_counter() - t)
        t = time.perf_counter(); fresh.bm25_search(query_terms(q), 20); stages["bm25"].append(time.perf_counter() - t)
        t = time.perf_counter(); hybrid_search(fresh, embedder, q, 4); stages["hybrid_total"].append(time.perf_counter() - t)
    result = {"chunks": args.chunks, "queries": args.queries, "embedder": type(embedder).__name__,
              "machine": platform.platform(), "build_index_s": round(build_s, 1), "open_and_load_vectors_s": round(open_s, 2),
              "stages": {k: ms(v) for k, v in stages.items()}}
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
