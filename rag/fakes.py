"""Deterministic stand-ins for the models, shipped in the package so tests (ours and users') run fast.

FakeEmbedder hashes words into a fixed number of signed buckets: texts that share words get
similar vectors, so retrieval tests are meaningful, yet nothing is downloaded or loaded.
"""
from __future__ import annotations

import hashlib
import os
import re

import numpy as np

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def count_fake_tokens(text: str) -> int:
    """The fake embedder's tokens: words and single punctuation marks."""
    return len(_TOKEN.findall(text))


def count_tokens_or_exit(text: str) -> int:
    """count_fake_tokens, but the process exits on the word EXIT_THE_READER (tests a reader crash)."""
    if "EXIT_THE_READER" in text:
        os._exit(3)
    return count_fake_tokens(text)


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
        return count_fake_tokens(text)

    def token_counter(self):
        return count_fake_tokens

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


class FakeGenerator:
    """A deterministic 'LLM' for tests: answers from the numbered passages in the prompt.

    It finds the passage sharing the most words with the question and answers with that passage's
    first sentence and its [n] marker; with no overlap it says it does not know. `script` replaces
    that logic with fixed replies, in order, for tests that need a particular answer.
    """

    name = "fake-generator"

    def __init__(self, context_window: int = 2048, script: list[str] | None = None):
        self._window = context_window
        self.script = list(script or [])
        self.calls: list[list[dict]] = []

    @property
    def context_window(self) -> int:
        return self._window

    def count_tokens(self, text: str) -> int:
        return len(_TOKEN.findall(text))

    def prompt_tokens(self, messages: list[dict]) -> int:
        return sum(self.count_tokens(m["content"]) + 4 for m in messages)

    def generate(self, messages, max_new_tokens, on_token=None, on_progress=None):
        """One 'token' per word: on_progress gets the count so far, on_token the word."""
        from rag.generate import Generation

        self.calls.append(messages)
        text = self.script.pop(0) if self.script else self._answer(messages[-1]["content"])
        words = text.split(" ")[:max_new_tokens]
        if on_progress:
            on_progress(0)
        for i, w in enumerate(words):
            if on_progress:
                on_progress(i + 1)
            if on_token:
                on_token(w if i == 0 else " " + w)
        text = " ".join(words)
        return Generation(text, self.prompt_tokens(messages), len(words), 0.0, 0.0)

    def _answer(self, prompt: str) -> str:
        question = prompt.rsplit("Question:", 1)[-1]
        asked = set(_WORD.findall(question.lower())) - _STOP
        best, best_overlap = None, 0
        for n, body in re.findall(r"^\[(\d+)\][^\n]*\n(.*?)(?=^\[\d+\]|\Z)", prompt, flags=re.M | re.S):
            overlap = len(asked & set(_WORD.findall(body.lower())))
            if overlap > best_overlap:
                best, best_overlap = (n, body), overlap
        if best is None or best_overlap < 2:
            return "I don't know: the documents don't say."
        sentence = re.split(r"(?<=[.!?])\s", " ".join(best[1].split()), maxsplit=1)[0]
        return f"{sentence} [{best[0]}]"


_STOP = {"the", "a", "an", "is", "are", "what", "when", "how", "do", "does", "i", "my", "of", "to", "in", "for",
         "and", "or", "on", "at", "by", "with", "it", "can", "be", "much", "many", "which", "who", "where"}
