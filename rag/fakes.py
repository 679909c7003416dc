"""Deterministic stand-ins for the models, shipped in the package so tests (ours and users') run fast.

FakeEmbedder hashes words into a fixed number of signed buckets: texts that share words get
similar vectors, so retrieval tests are meaningful, yet nothing is downloaded or loaded.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


class FakeEmbedder:
    name = "fake"
    normalize = True

    def __init__(self, dim: int = 64, max_tokens: int = 254):
        self._dim = dim
        self._max_tokens = max_tokens
        self.calls = 0  # number of texts encoded, for tests that check caching

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def count_tokens(self, text: str) -> int:
        return len(_TOKEN.findall(text))

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self._dim
                out[row, bucket] += 1.0 if digest[4] & 1 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)
