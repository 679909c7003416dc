#!/usr/bin/env python
"""Ingest on a CUDA machine: ours with 1, 2 and N reader processes, the embedding floor, and the recipe's steps.

Run where a GPU is present (it refuses otherwise). With a GPU the embedder is no longer the
bottleneck, so this measures what the reader processes (load.readers) buy there.

  ours     rag.indexing.ingest(files) with embedder device/backend "auto" (PyTorch on CUDA),
           load.reader=process, load.readers=N
  floor    SentenceTransformer.encode of exactly our chunk texts on the GPU
  recipe   LangChain's classic recipe, step for step without the langchain-community wrappers
           (not installable on that machine): pypdf page.extract_text() per page (PyPDFLoader),
           RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=0), ST encode batch 32
           (HuggingFaceEmbeddings), faiss.IndexFlatL2.add (FAISS.from_documents)

    python bench/ingest_gpu.py --pdfs DIR --model MINILM_FOLDER --readers 1 2 8 --out results.json
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def cpu_s() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def load_embedder(model: str, fp32: bool):
    from rag.build import make_embedder

    emb = make_embedder(model)
    if fp32:
        emb.model.float()  # the carried copy is fp16 to fit the transfer; the packaged weights are fp32
    emb.encode(["warm up"] * 8)
    return emb


def run_ours(files: list[str], model: str, readers: int, fp32: bool) -> dict:
    from rag.config import load_config
    from rag.indexing import ingest

    emb = load_embedder(model, fp32)
    with tempfile.TemporaryDirectory() as d:
        cfg = load_config(overrides=[f"embedder.model={model}", "load.reader=process", f"load.readers={readers}"],
                          index_dir=d)
        c, t = cpu_s(), time.perf_counter()
        summary = ingest(files, cfg, emb)
        wall, cpu = time.perf_counter() - t, cpu_s() - c
    ok = [f for f in summary.files if f.status == "added"]
    return {"readers": readers, "wall_s": round(wall, 2), "cpu_s": round(cpu, 1), "files_ok": len(ok),
            "pages": sum(f.pages for f in ok), "chunks": sum(f.chunks for f in ok),
            "device": str(emb.model.device), "dtype": str(next(emb.model.parameters()).dtype)}


def our_texts(files: list[str], model: str) -> list[str]:
    from rag.config import load_config
    from rag.build import make_embedder
    from rag.indexing import _splitting, embed_text
    from rag.read import prepare as _prepare

    emb = make_embedder(model)
    how = _splitting(load_config(overrides=[f"embedder.model={model}"]), emb)
    texts = []
    for f in files:
        item = _prepare(Path(f), how)
        texts += [embed_text(item.context, c) for c in item.chunks]
    return texts


def run_floor(texts: list[str], model: str, fp32: bool) -> dict:
    emb = load_embedder(model, fp32)
    t = time.perf_counter()
    emb.encode(texts)
    return {"chunks": len(texts), "wall_s": round(time.perf_counter() - t, 2)}


def run_recipe(files: list[str], model: str, fp32: bool) -> dict:
    import faiss
    import numpy as np
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from pypdf import PdfReader

    from ingest import pdf_tokens

    pdf_tokens.uninstall()  # our_texts() swapped pypdf's tokenizer in this process: the recipe gets stock pypdf
    emb = load_embedder(model, fp32)
    st = emb.model
    c, t = cpu_s(), time.perf_counter()
    pages = [p.extract_text() for f in files for p in PdfReader(f).pages]
    t_load = time.perf_counter() - t
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=0)
    chunks = [c for p in pages for c in splitter.split_text(p)]
    vecs = np.asarray(st.encode(chunks, batch_size=32, show_progress_bar=False), dtype=np.float32)
    index = faiss.IndexFlatL2(vecs.shape[1])
    index.add(vecs)
    wall = time.perf_counter() - t
    return {"wall_s": round(wall, 2), "load_s": round(t_load, 2), "cpu_s": round(cpu_s() - c, 1),
            "pages": len(pages), "chunks": len(chunks)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pdfs", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--readers", type=int, nargs="+", default=[1, 2, 8])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--fp32", action="store_true", help="upcast a half-precision model copy to fp32")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    import torch

    if not torch.cuda.is_available():
        print("no CUDA GPU here: this benchmark is for a GPU machine", file=sys.stderr)
        return 2
    files = sorted(str(p) for p in Path(args.pdfs).glob("*.pdf"))
    res = {"command": " ".join(sys.argv), "gpu": torch.cuda.get_device_name(0), "cpus": os.cpu_count(),
           "python": platform.python_version(), "torch": torch.__version__, "files": [Path(f).name for f in files],
           "ours": [], "recipe": [], "floor": []}
    texts = our_texts(files, args.model)
    for run in range(args.runs):
        for n in args.readers:
            res["ours"].append({"run": run, **run_ours(files, args.model, n, args.fp32)})
            print(res["ours"][-1], flush=True)
        res["recipe"].append({"run": run, **run_recipe(files, args.model, args.fp32)})
        print("recipe", res["recipe"][-1], flush=True)
        res["floor"].append({"run": run, **run_floor(texts, args.model, args.fp32)})
        print("floor", res["floor"][-1], flush=True)
    med = {f"ours_readers_{n}_s": statistics.median(r["wall_s"] for r in res["ours"] if r["readers"] == n)
           for n in args.readers}
    med["recipe_s"] = statistics.median(r["wall_s"] for r in res["recipe"])
    med["floor_s"] = statistics.median(r["wall_s"] for r in res["floor"])
    res["medians"] = med
    print(json.dumps(med, indent=1))
    Path(args.out).write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
