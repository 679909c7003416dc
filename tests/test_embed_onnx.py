"""The int8 ONNX embedder's batching (no model needed; the model is tested in test_integration_minilm)."""
import numpy as np

from rag.embed_onnx import _padded


def test_rows_are_right_padded_and_masked():
    ids, mask = _padded([[101, 7, 102], [101, 102], [101, 5, 6, 7, 102]])
    assert ids.shape == mask.shape == (3, 5) and ids.dtype == mask.dtype == np.int64
    assert ids[1].tolist() == [101, 102, 0, 0, 0]
    assert mask.tolist() == [[1, 1, 1, 0, 0], [1, 1, 0, 0, 0], [1, 1, 1, 1, 1]]
    assert ids[2].tolist() == [101, 5, 6, 7, 102]
