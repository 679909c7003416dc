"""An int8 ONNX Runtime backend for mean-pooling sentence-transformers models (all-MiniLM-L6-v2).

On a CPU, dynamic int8 quantisation of the transformer's MatMuls runs about 1.7x faster than
PyTorch fp32 (bench/RESULTS.md) with vectors at cosine ~0.99 of the fp32 ones. The ONNX file is
exported from the local model folder once (torch.onnx, then onnxruntime's quantize_dynamic,
per-channel, MatMul weights only) and cached under ~/.cache/rag/onnx; nothing is downloaded.
sentence-transformers' own ONNX backend needs optimum-onnx, which pins transformers below 5.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from rag.embed import SentenceTransformerEmbedder
from rag.errors import EmbedderError

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_supported(folder: str) -> str | None:
    """None when the model is a plain Transformer + mean Pooling (+ Normalize) stack, else why not."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return "onnxruntime is not installed (pip install onnxruntime onnx)"
    try:
        modules = json.loads((Path(folder) / "modules.json").read_text())
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling = next(m for m in modules if m["type"].endswith("Pooling"))
        mean = json.loads((Path(folder) / pooling["path"] / "config.json").read_text()).get("pooling_mode_mean_tokens")
    except (OSError, StopIteration, KeyError, ValueError):
        return "not a local sentence-transformers folder with modules.json"
    if kinds[:2] != ["Transformer", "Pooling"] or not mean or set(kinds[2:]) - {"Normalize"}:
        return f"only Transformer + mean Pooling models are supported, this one is {'+'.join(kinds)}"
    return None


class OnnxEmbedder(SentenceTransformerEmbedder):
    """Same tokenizer and token counting as the PyTorch embedder; vectors from an int8 ONNX graph."""

    def __init__(self, model: str, batch_size: int = 32, normalize: bool = True, cache_dir: str | None = None):
        super().__init__(model, device="cpu", batch_size=batch_size, normalize=normalize)
        problem = onnx_supported(self.source)
        if problem:
            raise EmbedderError(f"embedder.backend=onnx-int8 can't run '{self.name}': {problem}; use embedder.backend=torch")
        self.cache_dir = Path(cache_dir or os.path.join(os.environ.get("XDG_CACHE_HOME", "~/.cache"), "rag", "onnx")).expanduser()
        self._session = None
        self._batch_tokenizer = None

    @property
    def dim(self) -> int:
        return int(json.loads((Path(self.source) / "config.json").read_text())["hidden_size"])

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        session, tok = self._session or self._load_session(), self._batch_tokenizer
        encodings = tok.encode_batch(texts)  # truncated to the window, not padded
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")  # equal lengths per batch
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i in range(0, len(texts), self.batch_size):
            rows = order[i:i + self.batch_size]
            ids, mask = _padded([encodings[r].ids for r in rows])
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, feeds)[0]  # (batch, seq, dim)
            out[rows] = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
        if self.normalize:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out

    def _load_session(self):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = self._quantized_path()
        if not path.exists():
            self._export(path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        # During ingest the PDF parser runs in a thread beside the embedder; ONNX Runtime's default
        # spin-waiting threads would burn the CPU the parser needs (bench/RESULTS.md).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        tok = Tokenizer.from_file(str(Path(self.source) / "tokenizer.json"))
        tok.enable_truncation(self.max_tokens + 2)
        tok.no_padding()
        self._batch_tokenizer = tok
        return self._session

    def _quantized_path(self) -> Path:
        weights = Path(self.source) / "model.safetensors"
        stat = weights.stat() if weights.exists() else Path(self.source, "config.json").stat()
        key = hashlib.sha1(f"{self.source}|{stat.st_size}|{stat.st_mtime}".encode()).hexdigest()[:12]
        return self.cache_dir / f"{self.name}-{key}" / "model-int8.onnx"

    def _export(self, target: Path) -> None:
        """Export fp32 ONNX with torch, quantise it, and move it into place atomically."""
        import logging
        import warnings

        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        target.parent.mkdir(parents=True, exist_ok=True)
        fp32, tmp = target.with_name(f"fp32-{os.getpid()}.onnx"), target.with_name(f"int8-{os.getpid()}.onnx")
        model = AutoModel.from_pretrained(self.source).eval()

        class Body(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state

        sample = tuple(torch.ones(2, 8, dtype=torch.long) for _ in INPUTS)
        axes = {name: {0: "batch", 1: "seq"} for name in (*INPUTS, "hidden")}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                logging.disable(logging.WARNING)  # quantize_dynamic advises pre-processing on the root logger
                torch.onnx.export(Body(model), sample, str(fp32), input_names=list(INPUTS), output_names=["hidden"],
                                  dynamic_axes=axes, opset_version=17, dynamo=False)
                quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                                 op_types_to_quantize=["MatMul"], extra_options={"MatMulConstBOnly": True})
            os.replace(tmp, target)
        except Exception as exc:
            raise EmbedderError(f"could not build the ONNX copy of '{self.name}' ({' '.join(str(exc).split())[:160]}); "
                                "use embedder.backend=torch") from None
        finally:
            logging.disable(logging.NOTSET)
            for leftover in (fp32, tmp):
                leftover.unlink(missing_ok=True)


def _padded(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids right-padded to the longest row (pad id 0: padded positions are masked out)."""
    ids = np.zeros((len(rows), max(len(r) for r in rows)), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = r
    mask = (np.arange(ids.shape[1]) < np.array([len(r) for r in rows])[:, None]).astype(np.int64)
    return ids, mask
