"""The embedder and ingest on a CUDA GPU, with no flag (skip on machines without one).

The first test runs everywhere: it checks, on the CPU, the tiny model the GPU tests use.
"""
from __future__ import annotations

import numpy as np
import pytest

from rag.build import make_embedder
from rag.embed import SentenceTransformerEmbedder
from tests.tiny_embedder import SENTENCES, build_tiny_sentence_model


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


needs_gpu = pytest.mark.skipif(not _cuda(), reason="no CUDA GPU on this machine (the GPU path is tested where there is one)")


@pytest.fixture(scope="module")
def tiny_st(tmp_path_factory):
    return build_tiny_sentence_model(tmp_path_factory.mktemp("tiny-st") / "tiny-st")


def _cpu_vectors(folder, texts):
    return SentenceTransformerEmbedder(str(folder), device="cpu").encode(texts)


def test_the_tiny_sentence_model_embeds_on_the_cpu(tiny_st):
    emb = SentenceTransformerEmbedder(str(tiny_st), device="cpu")
    vecs = emb.encode(SENTENCES)
    assert vecs.shape == (3, 32) and np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert emb.max_tokens == 126 and emb.count_tokens("refunds are paid") == 3
    assert not np.allclose(vecs[0], vecs[1])


@needs_gpu
def test_embedder_uses_the_gpu_without_a_flag(tiny_st):
    emb = make_embedder(str(tiny_st))  # device and backend "auto"
    assert isinstance(emb, SentenceTransformerEmbedder) and type(emb).__name__ != "OnnxEmbedder"
    gpu = emb.encode(SENTENCES)
    assert emb.model.device.type == "cuda"
    assert (np.sum(gpu * _cpu_vectors(tiny_st, SENTENCES), axis=1) > 0.999).all()


@needs_gpu
def test_ingest_and_search_on_the_gpu(tiny_st, pdf_factory, tmp_path):
    from rag.config import load_config
    from rag.index import Index
    from rag.indexing import ingest
    from rag.retrieve import hybrid_search

    for i, text in enumerate(SENTENCES):
        pdf_factory(f"{i}.pdf", [text])
    cfg = load_config(overrides=[f"embedder.model={tiny_st}", "load.reader=process"], index_dir=str(tmp_path / "index"))
    emb = make_embedder(str(tiny_st))
    summary = ingest([str(tmp_path / "docs")], cfg, emb)
    assert summary.count("added") == 3 and not summary.failed
    assert emb.model.device.type == "cuda"
    index = Index(cfg.index_path)
    hits = hybrid_search(index, emb, "refunds paid within 14 days", k=2)
    assert hits and hits[0].file.endswith("0.pdf")  # BM25 finds it even though the tiny model's vectors are random
