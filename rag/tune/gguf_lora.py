"""A peft LoRA adapter as a GGUF LoRA file, so llama.cpp applies it to the base model's own GGUF.

llama.cpp's `convert_lora_to_gguf.py` does this for every architecture it knows, through its whole
HF-to-GGUF converter; this is the same file format for the architectures of our registered models
(_ARCHS), written with the `gguf` package alone:

    metadata  general.architecture  the base GGUF's ("llama", "qwen2"); llama.cpp refuses another
              general.type          "adapter"
              adapter.type          "lora"
              adapter.lora.alpha    peft's lora_alpha: llama.cpp scales B @ A by alpha / rank, as peft does
    tensors   per adapted weight, the base GGUF's tensor name + ".lora_a" / ".lora_b", float32:
              peft lora_A, (r, in)   -> "blk.N.attn_q.weight.lora_a", ggml ne (in, r)
              peft lora_B, (out, r)  -> "blk.N.attn_q.weight.lora_b", ggml ne (r, out)
              (numpy shapes; ggml lists dimensions the other way round, so no transpose is written)

The "llama" GGUF stores q_proj and k_proj with their rows permuted (rotary pairs interleaved instead of
split in halves: LlamaModel.permute in llama.cpp's converter); the rows of their lora_B are permuted the
same way, or the adapter would rotate the wrong dimensions. qwen2 keeps HF's order.

adapter_gguf() converts once and keeps the file in the adapter folder, named by a hash of the adapter's
files (a retrained or edited adapter is converted again). Anything this can't convert faithfully
(DoRA, per-module alphas, fully trained modules, bias terms, another architecture) is a ModelError
naming the reason; rag.build then runs the adapter on transformers.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
from pathlib import Path
from typing import Callable

from rag.errors import ModelError

FORMAT = "rag-gguf-lora-1"  # part of the cache key: a change to the conversion converts adapters again
_ARCHS = {"llama": True, "qwen2": False}  # GGUF architecture -> are q/k rows permuted (see above)
_KEY = re.compile(r"^(?:base_model\.model\.)?(?P<module>.+)\.lora_(?P<ab>[AB])\.weight$")
_CONFIG = "adapter_config.json"
_WEIGHTS = ("adapter_model.safetensors", "adapter_model.bin")


def adapter_gguf(adapter: str | Path, base_gguf: str | Path, *,
                 on_status: Callable[[str], None] | None = None) -> Path:
    """The GGUF LoRA file of the peft adapter folder for the model in base_gguf, converted on first use
    (~7-12 s on 2 cores for the 0.5B, mostly gguf.GGUFReader parsing the base's header and vocabulary;
    on_status hears about it).

    Kept as adapter-<hash>.gguf in the adapter folder, or, when that folder is read-only, under the
    models cache ($RAG_MODELS_DIR/adapters/). ModelError when the adapter can't be converted."""
    from rag.models import models_dir

    adapter, base_gguf = Path(adapter), Path(base_gguf)
    if not (adapter / _CONFIG).is_file():
        raise ModelError(f"no LoRA adapter in {adapter} ({_CONFIG} is missing)")
    key = cache_key(adapter, base_gguf)
    local = adapter / f"adapter-{key}.gguf"
    shared = models_dir() / "adapters" / f"{adapter.name}-{key}.gguf"
    for path in (local, shared):
        if path.is_file():
            return path
    _lora_config(adapter)  # refused before announcing a conversion
    if on_status:
        on_status(f"converting adapter {adapter.name} for llama.cpp (only once)")
    try:
        convert(adapter, base_gguf, local)
    except OSError:  # a read-only adapter folder (a colleague's): the models cache instead
        try:
            shared.parent.mkdir(parents=True, exist_ok=True)
            return convert(adapter, base_gguf, shared)
        except OSError as exc:
            raise ModelError(f"could not write the GGUF of adapter {adapter.name} ({exc})") from None
    for stale in adapter.glob("adapter-*.gguf"):  # conversions of earlier weights
        if stale != local:
            stale.unlink(missing_ok=True)
    return local


def cache_key(adapter: Path, base_gguf: Path) -> str:
    """16 hex digits of sha256 over the format, the adapter's config and weights, and the base GGUF's
    name and size (what the conversion reads from it, names and shapes, does not change without them)."""
    digest = hashlib.sha256(f"{FORMAT}\0{base_gguf.name}\0{_size(base_gguf)}\0".encode())
    for path in (adapter / _CONFIG, _weights_file(adapter)):
        digest.update(f"{path.name}\0".encode())
        with open(path, "rb") as fh:
            while block := fh.read(8 << 20):
                digest.update(block)
    return digest.hexdigest()[:16]


def convert(adapter: Path, base_gguf: Path, out: Path) -> Path:
    """Write adapter (a peft LoRA folder) as a GGUF LoRA file for base_gguf to out (atomically)."""
    import gguf

    base = _read_base(base_gguf)
    alpha, tensors = lora_tensors(adapter, base)
    tmp = out.with_name(f".tmp-{os.getpid()}-{out.name}")
    try:
        writer = gguf.GGUFWriter(tmp, base["arch"])  # writes general.architecture
        writer.add_type(gguf.GGUFType.ADAPTER)
        writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
        writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
        writer.add_name(adapter.name)
        for name, array in tensors.items():
            writer.add_tensor(name, array)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def lora_tensors(adapter: Path, base: dict) -> tuple[float, dict]:
    """(alpha, {GGUF tensor name: float32 array}) for adapter on the base described by _read_base."""
    import numpy as np

    config = _lora_config(adapter)
    alpha = float(config["lora_alpha"])
    pairs: dict[str, dict] = {}
    for key, array in _load_weights(adapter).items():
        found = _KEY.match(key)
        if not found:
            raise ModelError(f"adapter {adapter.name} holds {key}, not a LoRA A/B matrix (a fully trained "
                             "module or embedding): llama.cpp can't apply it")
        pairs.setdefault(found["module"], {})[found["ab"]] = array
    if not pairs:
        raise ModelError(f"adapter {adapter.name} holds no LoRA weights")
    names = _name_map(base)
    tensors = {}
    for module, ab in sorted(pairs.items()):
        if set(ab) != {"A", "B"}:
            raise ModelError(f"adapter {adapter.name}: {module} has lora_{''.join(ab)} without its pair")
        a, b = ab["A"], ab["B"]  # (r, in), (out, r)
        name = names.get_name(f"{module}.weight", try_suffixes=(".weight",))
        if name is None or name not in base["shapes"]:
            raise ModelError(f"adapter {adapter.name}: {module} has no tensor in the {base['arch']} GGUF "
                             f"({name or 'no GGUF name'}); llama.cpp can't apply it")
        rank, n_in, n_out = a.shape[0], a.shape[1], b.shape[0]
        if b.shape[1] != rank or base["shapes"][name] != (n_in, n_out):
            raise ModelError(f"adapter {adapter.name}: {module} is ({n_out} x {n_in}) where the GGUF's {name} "
                             f"is {tuple(reversed(base['shapes'][name]))}; it was trained for another model")
        if config.get("use_rslora"):  # peft scales by alpha / sqrt(r), llama.cpp by alpha / r: fold the rest into B
            b = b * math.sqrt(rank)
        if _ARCHS[base["arch"]] and module.endswith(("q_proj", "k_proj")):
            heads = base["heads"] if module.endswith("q_proj") else base["kv_heads"]
            b = _permute_rows(b, heads)
        tensors[f"{name}.lora_a"] = np.ascontiguousarray(a, dtype=np.float32)
        tensors[f"{name}.lora_b"] = np.ascontiguousarray(b, dtype=np.float32)
    return alpha, tensors


def _permute_rows(b, heads: int):
    """lora_B's rows in the order llama.cpp's converter gave q_proj/k_proj: per head, the first and
    second half of the rotary dimensions interleaved ((heads, 2, d/2) -> (heads, d/2, 2))."""
    out, rank = b.shape
    return b.reshape(heads, 2, out // heads // 2, rank).swapaxes(1, 2).reshape(out, rank)


def _lora_config(adapter: Path) -> dict:
    """adapter_config.json, refused (ModelError) when it asks for more than A and B scaled by alpha / r."""
    try:
        config = json.loads((adapter / _CONFIG).read_text())
    except (OSError, ValueError) as exc:
        raise ModelError(f"no readable {_CONFIG} in {adapter} ({exc})") from None
    problems = [why for why, bad in (
        (f"peft type {config.get('peft_type')} (not LoRA)", config.get("peft_type", "LORA") != "LORA"),
        ("DoRA (use_dora)", config.get("use_dora")),
        ("per-module alphas (alpha_pattern)", config.get("alpha_pattern")),
        ("fully trained modules (modules_to_save)", config.get("modules_to_save")),
        ("trained bias terms", config.get("bias", "none") != "none" or config.get("lora_bias")),
        ("transposed weights (fan_in_fan_out)", config.get("fan_in_fan_out")),
        ("trainable tokens", config.get("trainable_token_indices")),
        ("adapted parameters (target_parameters)", config.get("target_parameters")),
        ("activated LoRA (alora_invocation_tokens)", config.get("alora_invocation_tokens")),
        ("layer replication", config.get("layer_replication")),
        ("no lora_alpha", "lora_alpha" not in config),
    ) if bad]
    if problems:
        raise ModelError(f"adapter {adapter.name}: {problems[0]} is not carried to llama.cpp by this conversion")
    return config


def _weights_file(adapter: Path) -> Path:
    found = next((adapter / name for name in _WEIGHTS if (adapter / name).is_file()), None)
    if found is None:
        raise ModelError(f"no adapter weights in {adapter} ({' or '.join(_WEIGHTS)})")
    return found


def _load_weights(adapter: Path) -> dict:
    """{peft key: float32 numpy array}. Through torch: an adapter trained in bf16 has no numpy dtype."""
    import torch

    path = _weights_file(adapter)
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        state = load_file(path, device="cpu")
    else:
        state = torch.load(path, map_location="cpu", weights_only=True)
    return {key: t.detach().to(torch.float32).numpy() for key, t in state.items()}


def _read_base(base_gguf: Path) -> dict:
    """What the conversion needs from the base GGUF: its architecture, block and head counts, and
    {tensor name: ggml shape (ne0, ne1)}. ModelError for an architecture not in _ARCHS."""
    import gguf

    try:
        reader = gguf.GGUFReader(base_gguf)
    except (OSError, ValueError) as exc:
        raise ModelError(f"could not read {base_gguf.name} ({' '.join(str(exc).split())[:120]})") from None

    def field(key: str):
        found = reader.fields.get(key)
        return found.contents() if found is not None else None

    arch = field("general.architecture")
    if arch not in _ARCHS:
        raise ModelError(f"LoRA adapters on llama.cpp are converted for {', '.join(_ARCHS)} models, "
                         f"not {arch} ({base_gguf.name})")
    return {"arch": arch, "blocks": int(field(f"{arch}.block_count")),
            "heads": int(field(f"{arch}.attention.head_count")),
            "kv_heads": int(field(f"{arch}.attention.head_count_kv") or field(f"{arch}.attention.head_count")),
            "shapes": {t.name: tuple(int(n) for n in t.shape) for t in reader.tensors}}


def _name_map(base: dict):
    """gguf's HF -> GGUF tensor name map for the base's architecture ("model.layers.0.self_attn.q_proj.weight"
    -> "blk.0.attn_q.weight")."""
    import gguf

    arch = next(a for a, name in gguf.MODEL_ARCH_NAMES.items() if name == base["arch"])
    return gguf.get_tensor_name_map(arch, base["blocks"])


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise ModelError(f"base model file {path} is unreadable ({exc})") from None
