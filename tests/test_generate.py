"""TransformersGenerator on a tiny random chat model built in the test (no download, no network)."""
from __future__ import annotations

import pytest

import rag.generate as generate
from rag.errors import ModelError
from rag.build import make_generator
from rag.generate import Generation, TransformersGenerator
from tests.tiny_llm import build_tiny_chat_model, build_tiny_lora_adapter

MESSAGES = [{"role": "system", "content": "Answer only from the numbered passages."},
            {"role": "user", "content": "[1] Refunds are paid within 14 days.\n\n"
                                        "Question: how long does a refund take?"}]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_chat_model(tmp_path_factory.mktemp("tiny") / "model")


@pytest.fixture(scope="module")
def adapter(tiny, tmp_path_factory):
    return build_tiny_lora_adapter(tiny, tmp_path_factory.mktemp("lora") / "adapter")


def test_generates_tokens_with_timings(tiny):
    out = TransformersGenerator(tiny).generate(MESSAGES, max_new_tokens=12)
    assert isinstance(out, Generation)
    assert out.text and out.new_tokens == 12  # the tiny model never ends its turn early
    assert out.prompt_tokens > 20
    assert 0 < out.seconds_to_first_token <= out.seconds_total


def test_streaming_pieces_concatenate_to_the_text(tiny):
    pieces: list[str] = []
    out = TransformersGenerator(tiny).generate(MESSAGES, max_new_tokens=16, on_token=pieces.append)
    assert len(pieces) >= 2 and all(pieces)
    assert "".join(pieces) == out.text


def test_progress_counts_new_tokens_in_the_callers_thread(tiny):
    import threading

    seen: list[tuple[int, int]] = []
    out = TransformersGenerator(tiny).generate(MESSAGES, 12, on_progress=lambda n: seen.append((n, threading.get_ident())))
    counts = [n for n, _ in seen]
    assert counts[0] == 0 and counts == sorted(set(counts)) and counts[-1] == out.new_tokens == 12
    assert {thread for _, thread in seen} == {threading.get_ident()}


def test_greedy_decoding_is_deterministic(tiny):
    gen = TransformersGenerator(tiny)
    assert gen.generate(MESSAGES, 10).text == gen.generate(MESSAGES, 10).text


def test_prompt_tokens_count_the_chat_templated_prompt(tiny):
    gen = TransformersGenerator(tiny)
    templated = gen.tokenizer.apply_chat_template(MESSAGES, tokenize=False, add_generation_prompt=True)
    assert templated.endswith("<|im_start|>assistant\n")
    assert gen.prompt_tokens(MESSAGES) == len(gen.tokenizer(templated, add_special_tokens=False)["input_ids"])
    assert gen.prompt_tokens(MESSAGES) > sum(gen.count_tokens(m["content"]) for m in MESSAGES)
    assert gen.generate(MESSAGES, 2).prompt_tokens == gen.prompt_tokens(MESSAGES)


def test_context_window_from_config_capped(tiny):
    assert TransformersGenerator(tiny).context_window == 512
    assert TransformersGenerator(tiny, max_context=64).context_window == 64


def test_prompt_longer_than_the_window_is_a_model_error(tiny):
    with pytest.raises(ModelError, match="over this model's context window of 16"):
        TransformersGenerator(tiny, max_context=16).generate(MESSAGES, 4)


def test_model_loads_lazily_and_once(tiny, monkeypatch):
    loads = []
    real = generate._load_model
    monkeypatch.setattr(generate, "_load_model", lambda *a: loads.append(a) or real(*a))
    monkeypatch.setattr(generate, "_MODELS", {})
    first = TransformersGenerator(tiny)
    first.count_tokens("no weights needed") and first.prompt_tokens(MESSAGES)
    assert loads == []
    first.generate(MESSAGES, 2)
    second = TransformersGenerator(str(tiny))
    second.generate(MESSAGES, 2)
    assert len(loads) == 1 and first.model is second.model


def test_adapter_loads_and_changes_the_output(tiny, adapter):
    base = TransformersGenerator(tiny).generate(MESSAGES, 12).text
    tuned = TransformersGenerator(tiny, adapter=adapter)
    assert tuned.name == f"{tiny.name}+{adapter.name}"
    assert tuned.generate(MESSAGES, 12).text != base
    assert TransformersGenerator(tiny).model is not tuned.model  # the shared base stays untouched
    assert TransformersGenerator(tiny).generate(MESSAGES, 12).text == base


def test_adapter_for_another_base_is_a_one_line_model_error(tiny, tmp_path):
    other = build_tiny_chat_model(tmp_path / "wide", hidden=48)
    wrong = build_tiny_lora_adapter(other, tmp_path / "wide-adapter")
    with pytest.raises(ModelError, match="was trained for a different base model") as info:
        TransformersGenerator(tiny, adapter=wrong).generate(MESSAGES, 2)
    assert "\n" not in str(info.value) and "48" in str(info.value)


def test_missing_folders_are_model_errors(tmp_path, tiny):
    with pytest.raises(ModelError, match="^model folder .*nowhere does not exist$"):
        TransformersGenerator(tmp_path / "nowhere")
    with pytest.raises(ModelError, match="^adapter folder .*no-adapter does not exist$"):
        TransformersGenerator(tiny, adapter=tmp_path / "no-adapter")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="config.json is missing"):
        TransformersGenerator(tmp_path / "empty")
    with pytest.raises(ModelError, match="adapter_config.json is missing"):
        TransformersGenerator(tiny, adapter=tmp_path / "empty")


def test_corrupt_weights_are_a_model_error(tmp_path):
    folder = build_tiny_chat_model(tmp_path / "broken")
    (folder / "model.safetensors").write_bytes(b"not safetensors")
    with pytest.raises(ModelError, match="delete the folder to convert the model again") as info:
        TransformersGenerator(folder).generate(MESSAGES, 2)
    assert "\n" not in str(info.value)


def test_on_token_errors_stop_generation(tiny):
    def boom(piece: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        TransformersGenerator(tiny).generate(MESSAGES, 200, on_token=boom)


def test_make_generator_accepts_fake_and_folders(tiny):
    assert make_generator("fake").name == "fake-generator"
    gen = make_generator(str(tiny), max_context=128)
    assert isinstance(gen, TransformersGenerator) and gen.context_window == 128
    with pytest.raises(ModelError, match="not a registered model name"):
        make_generator("no-such-model")


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


@pytest.mark.skipif(not _cuda(), reason="no CUDA GPU on this machine (the GPU path is tested where there is one)")
def test_generation_uses_the_gpu_in_bfloat16_without_a_flag(tiny):
    import torch

    gen = TransformersGenerator(tiny)  # device "auto"
    assert gen.model.device.type == "cuda" and gen.model.dtype == torch.bfloat16
    out = gen.generate(MESSAGES, max_new_tokens=8)
    assert out.new_tokens == 8 and out.text
    assert gen.generate(MESSAGES, max_new_tokens=8).text == out.text  # greedy on the GPU too


def test_device_choice_on_this_machine():
    from rag.generate import _pick_device_dtype

    device, dtype = _pick_device_dtype("auto")
    assert (device.startswith("cuda"), dtype == "bfloat16") == (_cuda(), _cuda())
    assert _pick_device_dtype("cpu")[0] == "cpu"


@pytest.mark.parametrize("text, kept", [
    ("run the command [3] [2] [4] [1] [2] [4] [1] [2] [4] [1] [2] [4] [1] [2] [4] [1] [2] [4] [1",
     "run the command [3] [2] [4] [1]"),
    ("It is big. The fee is due in May. The fee is due in May. The fee is due in May. The fee",
     "It is big. The fee is due in May."),
])
def test_a_text_ending_in_a_loop_keeps_its_first_copy_to_the_end_of_a_word(text, kept):
    assert text[:generate.loop_end(text)] == kept


@pytest.mark.parametrize("text", [
    "The fee is due in May. The fee is due in May.",  # two copies: a repeat, not yet a loop
    "[1] [1] [1] [1]",  # short: markers a sentence may stack
    "| --- | --- | --- |",  # a table's rule
    "Revenue was $5 million [1], $6 million [2] and $7 million [3].",
])
def test_no_loop_in_ordinary_text(text):
    assert generate.loop_end(text) is None


def test_decoding_stops_at_a_loop_and_keeps_the_first_copy(tiny, monkeypatch):
    g = TransformersGenerator(tiny)
    monkeypatch.setattr(generate, "LOOP_REPEATS", 10**6)
    full = g.generate(MESSAGES, max_new_tokens=60)
    monkeypatch.setattr(generate, "LOOP_REPEATS", 3)
    monkeypatch.setattr(generate, "LOOP_CHARS", 6)
    assert any(generate.loop_end(full.text[:n]) for n in range(len(full.text)))  # it loops (" tak tak tak ...")
    cut = g.generate(MESSAGES, max_new_tokens=60)
    assert cut.new_tokens < full.new_tokens and full.text.startswith(cut.text) and len(cut.text) < len(full.text)
    assert all(generate.loop_end(cut.text[:n]) is None for n in range(1, len(cut.text) + 1))
