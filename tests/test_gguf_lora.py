"""peft LoRA adapters as GGUF LoRA files for llama.cpp (rag.tune.gguf_lora): tensor names, shapes, values and
metadata against a base GGUF written here for the tiny random Llama of tests/tiny_llm.py; what is refused; the
cache in the adapter folder. (tests/test_generate_llama.py runs a converted adapter on SmolLM2 with llama.cpp.)"""
from __future__ import annotations

import json

import numpy as np
import pytest

from rag.errors import ModelError
from rag.tune import gguf_lora
from tests.tiny_llm import build_tiny_chat_model, build_tiny_lora_adapter

pytest.importorskip("peft", reason="the tune extra (pip install 'rag[tune]')")

HIDDEN, LAYERS, HEADS, KV_HEADS = 32, 2, 4, 2  # tiny_llm's model: head dim 8, k/v are 16 wide
KINDS = {"attn_q": HIDDEN, "attn_k": HIDDEN // HEADS * KV_HEADS, "attn_v": HIDDEN // HEADS * KV_HEADS,
         "attn_output": HIDDEN}  # GGUF name -> output width


def write_base(path, arch="llama", hidden=HIDDEN, kinds=KINDS):
    """A GGUF with the tensor names, shapes and head counts of tiny_llm's model (weights zero; the
    conversion reads only names and shapes)."""
    import gguf

    writer = gguf.GGUFWriter(path, arch)
    writer.add_block_count(LAYERS)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(KV_HEADS)
    for layer in range(LAYERS):
        for kind, out in kinds.items():
            writer.add_tensor(f"blk.{layer}.{kind}.weight", np.zeros((out * hidden // HIDDEN, hidden), np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("gguf-lora")
    model = build_tiny_chat_model(root / "model")
    return {"root": root, "model": model, "adapter": build_tiny_lora_adapter(model, root / "adapter"),
            "base": write_base(root / "base.gguf")}


def peft_weights(adapter):
    from safetensors.numpy import load_file

    return load_file(adapter / "adapter_model.safetensors")


def read(path):
    import gguf

    reader = gguf.GGUFReader(path)
    fields = {k: f.contents() for k, f in reader.fields.items() if not k.startswith("GGUF.")}
    return fields, {t.name: t for t in reader.tensors}


def test_tensors_are_named_and_shaped_like_the_base_ggufs_with_peft_values(tiny, tmp_path):
    out = gguf_lora.convert(tiny["adapter"], tiny["base"], tmp_path / "lora.gguf")
    fields, tensors = read(out)
    assert fields == {"general.architecture": "llama", "general.type": "adapter", "adapter.type": "lora",
                      "adapter.lora.alpha": 16.0, "general.name": "adapter"}
    _, base = read(tiny["base"])
    assert set(tensors) == {f"blk.{i}.{kind}.weight.lora_{ab}" for i in range(LAYERS) for kind in KINDS for ab in "ab"}
    rank = 4
    for name, t in tensors.items():
        target = base[name.rsplit(".", 1)[0]]  # blk.0.attn_k.weight: ggml shape (in, out)
        assert t.tensor_type.name == "F32"
        want = (int(target.shape[0]), rank) if name.endswith("lora_a") else (rank, int(target.shape[1]))
        assert tuple(int(n) for n in t.shape) == want, name  # what llama.cpp checks before applying it
    peft = peft_weights(tiny["adapter"])
    prefix = "base_model.model.model.layers.1.self_attn"

    def values(name):  # numpy view: (out, r) for lora_b, (r, in) for lora_a
        t = tensors[name]
        return np.asarray(t.data).reshape(tuple(int(n) for n in reversed(t.shape)))

    np.testing.assert_array_equal(values("blk.1.attn_v.weight.lora_a"), peft[f"{prefix}.v_proj.lora_A.weight"])
    np.testing.assert_array_equal(values("blk.1.attn_v.weight.lora_b"), peft[f"{prefix}.v_proj.lora_B.weight"])
    np.testing.assert_array_equal(values("blk.1.attn_q.weight.lora_a"), peft[f"{prefix}.q_proj.lora_A.weight"])
    # q/k rows as llama.cpp's converter permuted the base's: per head of 8 dims, rotary halves interleaved
    per_head = [0, 4, 1, 5, 2, 6, 3, 7]
    q_rows = [h * 8 + i for h in range(HEADS) for i in per_head]
    k_rows = [h * 8 + i for h in range(KV_HEADS) for i in per_head]
    np.testing.assert_array_equal(values("blk.1.attn_q.weight.lora_b"), peft[f"{prefix}.q_proj.lora_B.weight"][q_rows])
    np.testing.assert_array_equal(values("blk.1.attn_k.weight.lora_b"), peft[f"{prefix}.k_proj.lora_B.weight"][k_rows])


def test_qwen2_keeps_the_row_order_and_rslora_is_folded_into_b(tiny, tmp_path):
    base = write_base(tmp_path / "qwen.gguf", arch="qwen2")
    alpha, tensors = gguf_lora.lora_tensors(tiny["adapter"], gguf_lora._read_base(base))
    peft = peft_weights(tiny["adapter"])
    b = peft["base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"]
    np.testing.assert_array_equal(tensors["blk.0.attn_q.weight.lora_b"], b)
    rs = _variant(tiny, tmp_path / "rslora", use_rslora=True)  # peft: alpha / sqrt(r); llama.cpp: alpha / r
    _, tensors = gguf_lora.lora_tensors(rs, gguf_lora._read_base(base))
    np.testing.assert_allclose(tensors["blk.0.attn_q.weight.lora_b"], b * 2.0)  # sqrt(4)
    assert alpha == 16.0


def _variant(tiny, folder, **config):
    """A copy of the tiny adapter with adapter_config.json changed."""
    import shutil

    shutil.copytree(tiny["adapter"], folder)
    path = folder / "adapter_config.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **config}))
    return folder


@pytest.mark.parametrize("config, reason", [
    ({"use_dora": True}, "DoRA"),
    ({"modules_to_save": ["lm_head"]}, "fully trained modules"),
    ({"alpha_pattern": {"q_proj": 32}}, "per-module alphas"),
    ({"bias": "lora_only"}, "trained bias terms"),
    ({"peft_type": "IA3"}, "peft type IA3 \\(not LoRA\\)"),
])
def test_what_llama_cpp_would_apply_differently_is_refused(tiny, tmp_path, config, reason):
    variant, heard = _variant(tiny, tmp_path / "variant", **config), []
    with pytest.raises(ModelError, match=f"^adapter variant: {reason}.* is not carried to llama.cpp"):
        gguf_lora.adapter_gguf(variant, tiny["base"], on_status=heard.append)
    with pytest.raises(ModelError, match=reason):
        gguf_lora.convert(variant, tiny["base"], tmp_path / "out.gguf")
    assert heard == [] and not list(tmp_path.rglob("*.gguf")) and not list(tmp_path.rglob(".tmp-*"))


def test_another_architecture_or_base_model_is_refused(tiny, tmp_path):
    with pytest.raises(ModelError, match="converted for llama, qwen2 models, not gpt2"):
        gguf_lora.convert(tiny["adapter"], write_base(tmp_path / "gpt2.gguf", arch="gpt2"), tmp_path / "o.gguf")
    with pytest.raises(ModelError, match=r"k_proj is \(16 x 32\) where the GGUF's blk.0.attn_k.weight is "
                                         r"\(24, 48\); it was trained for another model"):
        gguf_lora.convert(tiny["adapter"], write_base(tmp_path / "wide.gguf", hidden=48), tmp_path / "o.gguf")
    no_q = write_base(tmp_path / "no-q.gguf", kinds={k: v for k, v in KINDS.items() if k != "attn_q"})
    with pytest.raises(ModelError, match=r"q_proj has no tensor in the llama GGUF \(blk.0.attn_q.weight\)"):
        gguf_lora.convert(tiny["adapter"], no_q, tmp_path / "o.gguf")


def test_converted_once_into_the_adapter_folder_and_again_when_the_weights_change(tiny, tmp_path, monkeypatch):
    import shutil

    adapter = shutil.copytree(tiny["adapter"], tmp_path / "mine")
    heard = []
    first = gguf_lora.adapter_gguf(adapter, tiny["base"], on_status=heard.append)
    assert first.parent == adapter and first.name.startswith("adapter-") and first.suffix == ".gguf"
    assert heard == ["converting adapter mine for llama.cpp (only once)"]
    real_convert = gguf_lora.convert
    monkeypatch.setattr(gguf_lora, "convert", lambda *a: pytest.fail("converted again"))
    assert gguf_lora.adapter_gguf(adapter, tiny["base"], on_status=heard.append) == first and len(heard) == 1
    monkeypatch.setattr(gguf_lora, "convert", real_convert)
    other = build_tiny_lora_adapter(tiny["model"], tmp_path / "retrained", seed=1)
    shutil.copy(other / "adapter_model.safetensors", adapter / "adapter_model.safetensors")  # retrained in place
    second = gguf_lora.adapter_gguf(adapter, tiny["base"])
    assert second != first and second.is_file() and not first.exists()  # the stale conversion is gone
    assert list(adapter.glob("*.gguf")) == [second]


def test_a_read_only_adapter_folder_keeps_its_conversion_in_the_models_cache(tiny, tmp_path, monkeypatch):
    import shutil

    adapter = shutil.copytree(tiny["adapter"], tmp_path / "shared-adapter")
    monkeypatch.setenv("RAG_MODELS_DIR", str(tmp_path / "models"))
    real_convert = gguf_lora.convert

    def read_only(src, base, out):
        if out.parent == adapter:
            raise PermissionError(13, "Permission denied", str(out))
        return real_convert(src, base, out)

    monkeypatch.setattr(gguf_lora, "convert", read_only)
    path = gguf_lora.adapter_gguf(adapter, tiny["base"])
    assert path.parent == tmp_path / "models" / "adapters" and path.name.startswith("shared-adapter-")
    assert not list(adapter.glob("*.gguf")) and gguf_lora.adapter_gguf(adapter, tiny["base"]) == path
