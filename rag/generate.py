"""Generation: a local chat LLM behind a small interface (see Generator); the real one is added below."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol


@dataclass
class Generation:
    """What a generator returns: the text and where the time went."""

    text: str
    prompt_tokens: int
    new_tokens: int
    seconds_to_first_token: float  # prefill (plus the first decode step)
    seconds_total: float


class Generator(Protocol):
    name: str

    @property
    def context_window(self) -> int: ...  # max tokens of prompt + answer

    def count_tokens(self, text: str) -> int: ...

    def prompt_tokens(self, messages: list[dict]) -> int: ...  # tokens of the chat-templated prompt

    def generate(self, messages: list[dict], max_new_tokens: int,
                 on_token: Callable[[str], None] | None = None) -> Generation: ...
