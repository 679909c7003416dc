"""rag.evaluate.choice without a model: which generator scores options, and the dispatch to a scorer's own method."""
from __future__ import annotations

from types import SimpleNamespace

from rag.evaluate.choice import choice_score, option_logprobs, scorer_for


class OwnScorer:
    """Scores options itself, as LlamaCppGenerator does: longer options are less likely."""

    backend = "llama.cpp"

    def __init__(self):
        self.calls = []

    def option_logprobs(self, messages: list[dict], options: list[str]) -> list[float]:
        self.calls.append((messages, options))
        return [-float(len(o)) for o in options]


MESSAGES = [{"role": "user", "content": "Question: how much?"}]


def test_a_generator_that_has_probabilities_scores_its_own_options():
    own = OwnScorer()
    assert scorer_for(own) is own  # no second (transformers) copy of the model
    hf = SimpleNamespace(backend="transformers")
    assert scorer_for(hf) is hf
    assert scorer_for(SimpleNamespace()) is None  # the fake generator: n/a


def test_option_logprobs_uses_the_scorers_own_method():
    own = OwnScorer()
    assert option_logprobs(own, MESSAGES, ["12 euros", "a lot of money"]) == [-8.0, -14.0]
    assert own.calls == [(MESSAGES, ["12 euros", "a lot of money"])]
    assert choice_score(own, MESSAGES, ["12 euros", "a lot of money"]) == 1.0  # gold (first) most likely
    assert choice_score(own, MESSAGES, ["a lot of money", "12 euros"]) == 0.0


class FullScorer(OwnScorer):
    """Its window holds the prompt but not the options beside it, as llama.cpp's cache may not (long gold answers)."""

    def option_logprobs(self, messages: list[dict], options: list[str]) -> list[float] | None:
        return None


def test_options_that_overflow_the_window_are_not_scored_and_do_not_stop_the_run():
    assert choice_score(FullScorer(), MESSAGES, ["12 euros", "a lot of money"]) is None  # n/a, not 0 or an error
