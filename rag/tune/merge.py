"""Merge: a trained adapter folded into a full-precision copy of its base, saved as a standalone model folder.

The base loads in float32 (never a 4-bit one: merging into quantized weights loses the update), the
LoRA update is added into its weights, and the folder is saved in float32 with the tokenizer, so that
`rag ask --model FOLDER` runs it with no adapter and no peft. float32 keeps the small LoRA deltas
that rounding to the base's bf16 would partly erase, at twice the size on disk.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Callable

from rag.errors import TuneError
from rag.tune.adapters import check_base, read_manifest

MERGED = "rag-merged.json"  # written into the folder: which adapter and base it was made from


def merge(adapter: Path, model_folder: Path, out: Path, on_status: Callable[[str], None] | None = None) -> Path:
    """Save base + adapter as one model folder at out (which must not exist or be empty)."""
    say = on_status or (lambda _msg: None)
    adapter, model_folder, out = Path(adapter), Path(model_folder), Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise TuneError(f"{out} already exists and is not an empty folder; pass a new --out folder")
    if not (adapter / "adapter_config.json").is_file():
        raise TuneError(f"no LoRA adapter in {adapter} (adapter_config.json is missing)")
    check_base(adapter, model_folder)
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from rag.generate import _load_tokenizer

    say(f"merging {adapter.name} into {model_folder.name} (float32)")
    base = AutoModelForCausalLM.from_pretrained(model_folder, dtype=torch.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # peft calls a transformers API deprecated in v5
        merged = PeftModel.from_pretrained(base, adapter).merge_and_unload()
    out.mkdir(parents=True, exist_ok=True)
    merged.save_pretrained(out)
    _load_tokenizer(model_folder).save_pretrained(out)
    manifest = read_manifest(adapter) or {}
    record = {"adapter": manifest.get("name", adapter.name), "adapter_folder": str(adapter.resolve()),
              "base_model": manifest.get("base_model") or {"path": str(model_folder)}}
    (out / MERGED).write_text(json.dumps(record, indent=1) + "\n")
    return out
