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


# -- the chat model and LoRA training on the GPU ----------------------------------------------------------------------

TUNE_FACTS = [("When is the refund deadline?", "Refunds are paid within 14 days."),
              ("When does the library open?", "The library opens at 9 am."),
              ("How many books may students borrow?", "Students may borrow up to ten books."),
              ("How long may books be kept?", "Books may be kept for three weeks."),
              ("When does the library close?", "The library closes at 6 pm on weekdays."),
              ("How long does a refund take?", "14 days [1].")]
TUNE_SETTINGS = ["tune.max_steps=4", "tune.eval_every=2", "tune.batch_size=2", "tune.grad_accum=1",
                 "tune.learning_rate=0.01", "tune.max_length=128", "tune.early_stopping_patience=0"]
needs_bitsandbytes = pytest.mark.skipif(__import__("importlib.util").util.find_spec("bitsandbytes") is None,
                                        reason="no bitsandbytes (QLoRA's 4-bit layers)")


@pytest.fixture(scope="module")
def tiny_chat(tmp_path_factory):
    from tests.tiny_llm import build_tiny_chat_model

    root = tmp_path_factory.mktemp("gpu-chat")
    rows = [{"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}], "source": None}
            for q, a in TUNE_FACTS]
    rows.append({**rows[0], "split": "val"})
    data = root / "qa.jsonl"
    data.write_text("".join(__import__("json").dumps(r) + "\n" for r in rows))
    return {"model": build_tiny_chat_model(root / "tiny"), "data": data, "store": root / "adapters"}


def _tune_cfg(store):
    from rag.config import load_config

    return load_config(overrides=[*TUNE_SETTINGS, f"tune.adapters_dir={store}"]).tune


MESSAGES = [{"role": "user", "content": "When is the refund deadline?"}]


@needs_gpu
def test_the_chat_model_generates_on_the_gpu_in_bf16_without_a_flag(tiny_chat):
    import torch

    from rag.generate import TransformersGenerator

    gen = TransformersGenerator(tiny_chat["model"])  # device "auto"
    out = gen.generate(MESSAGES, 6)
    model = gen.model
    assert model.device.type == "cuda" and model.dtype == torch.bfloat16
    assert out.new_tokens == 6 and out.text and 0 < out.seconds_to_first_token <= out.seconds_total


@needs_gpu
def test_lora_trains_on_the_gpu_in_bf16_and_the_adapter_answers_there(tiny_chat):
    import torch

    pytest.importorskip("trl", reason="the tune extra")
    from rag.generate import TransformersGenerator
    from rag.tune.adapters import read_manifest
    from rag.tune.train import train

    path = train(tiny_chat["data"], tiny_chat["model"], "gpu", _tune_cfg(tiny_chat["store"]))  # device "auto"
    m = read_manifest(path)
    assert m["hyperparameters"]["device"].startswith("cuda") and m["hyperparameters"]["dtype"] == "bfloat16"
    assert m["cost"]["peak_memory_kind"] == "cuda allocated" and m["cost"]["peak_memory_mb"] > 0
    assert m["metrics"]["steps"] == 4 and len(m["metrics"]["val_loss"]) == 2 and m["cost"]["train_tokens"] > 0
    tuned = TransformersGenerator(tiny_chat["model"], adapter=path)
    base = TransformersGenerator(tiny_chat["model"])
    ids = torch.tensor([base._prompt_ids(MESSAGES)], device="cuda")
    with torch.no_grad():
        diff = (tuned.model(ids).logits.float() - base.model(ids).logits.float()).abs().max()
    assert tuned.model.device.type == "cuda" and float(diff) > 1e-3  # lr 0.01 for 4 steps moved the weights


@needs_gpu
@needs_bitsandbytes
def test_qlora_trains_in_4_bits_on_the_gpu_and_its_adapter_loads_on_the_bf16_base(tiny_chat):
    pytest.importorskip("trl", reason="the tune extra")
    from rag.generate import TransformersGenerator
    from rag.tune.adapters import read_manifest
    from rag.tune.train import train

    path = train(tiny_chat["data"], tiny_chat["model"], "gpu-4bit", _tune_cfg(tiny_chat["store"]), qlora=True)
    m = read_manifest(path)
    assert m["hyperparameters"]["qlora"] is True and m["hyperparameters"]["device"].startswith("cuda")
    assert m["metrics"]["steps"] == 4 and m["cost"]["train_tokens"] > 0
    out = TransformersGenerator(tiny_chat["model"], adapter=path).generate(MESSAGES, 4)
    assert out.new_tokens == 4
