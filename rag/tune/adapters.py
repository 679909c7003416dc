"""The adapter store: trained LoRA adapters by name, each with a manifest saying what it was made from.

    ~/.local/share/rag/adapters/            (tune.adapters_dir)
        handbook/adapter_config.json        peft's files
        handbook/adapter_model.safetensors
        handbook/manifest.json              base model + hash, data + sha256, settings, metrics, cost
        .runs/handbook/checkpoint-40/...    an unfinished run (Ctrl-C): resumed by `rag tune train --resume`

`--adapter NAME` means the store's NAME; anything that looks like a path (has a slash, starts with . or ~)
is a folder. An adapter is refused on another base model by comparing the manifest's base hash with
the model folder's (see base_fingerprint), before any weights load. Light module: no torch here.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from rag.errors import ModelError, TuneError

MANIFEST = "manifest.json"
RUNS = ".runs"  # unfinished runs (checkpoints), hidden from listings
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_SAMPLE = 1 << 20  # bytes read from each end of a weights file for its fingerprint


def store_dir(adapters_dir: str) -> Path:
    return Path(os.path.expanduser(adapters_dir))


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise TuneError(f"adapter name '{name}' is not usable: letters, digits, '.', '_' and '-', "
                        "starting with a letter or digit, at most 64 characters")
    return name


def resolve_adapter(name_or_path: str, adapters_dir: str) -> Path:
    """The folder of --adapter NAME|PATH: a bare name is looked up in the store, a path is a folder.

    A bare name missing from the store but present as a folder here is that folder (how --adapter
    worked before the store existed)."""
    from rag.models import looks_like_path

    if looks_like_path(name_or_path):
        return Path(os.path.expanduser(name_or_path))
    stored = store_dir(adapters_dir) / name_or_path
    if stored.is_dir() or not Path(name_or_path).is_dir():
        if not stored.is_dir():
            raise ModelError(f"no adapter named '{name_or_path}' in {stored.parent} (rag adapters list shows "
                             f"them); for an adapter folder elsewhere pass its path, e.g. ./{name_or_path}")
        return stored
    return Path(name_or_path)


# -- which base model: a fingerprint that survives copying the folder ---------------------------------------

def base_fingerprint(model_folder: Path) -> dict:
    """{"name", "hash", "hash_kind"} of a model folder.

    A registered model (rag.models: the folder holds rag-model.json) is named by the sha256 of the GGUF
    it was converted from, checked at conversion ("gguf-sha256"). Any other folder by "files-sha256":
    sha256 over config.json's bytes and, for each weights file (*.safetensors, *.bin) in name order,
    its name, its size and its first and last MiB: cheap on a GB-sized model (no full read), and it
    tells apart architectures, sizes, and almost always two fine-tunes of one architecture.
    """
    from rag.models import MARKER

    folder = Path(model_folder)
    try:
        marker = json.loads((folder / MARKER).read_text())
        return {"name": marker["name"], "hash": marker["sha256"], "hash_kind": "gguf-sha256"}
    except (OSError, ValueError, KeyError):
        pass
    digest = hashlib.sha256((folder / "config.json").read_bytes())
    for weights in sorted(p for p in folder.iterdir() if p.suffix in (".safetensors", ".bin")):
        size = weights.stat().st_size
        digest.update(f"\0{weights.name}\0{size}\0".encode())
        with open(weights, "rb") as fh:
            digest.update(fh.read(_SAMPLE))
            fh.seek(max(0, size - _SAMPLE))
            digest.update(fh.read(_SAMPLE))
    return {"name": folder.name, "hash": digest.hexdigest(), "hash_kind": "files-sha256"}


def check_base(adapter: Path, model_folder: Path) -> None:
    """ModelError when the adapter's manifest names another base model than model_folder. An adapter
    without a manifest (made elsewhere) is let through: loading it compares weight shapes instead."""
    manifest = read_manifest(adapter)
    if manifest is None:
        return
    trained = manifest.get("base_model", {})
    here = base_fingerprint(model_folder)
    if trained.get("hash") != here["hash"]:
        name = manifest.get("name", adapter.name)
        raise ModelError(f"adapter '{name}' was trained on {trained.get('name')} (base hash "
                         f"{str(trained.get('hash'))[:12]}), not on {here['name']} (hash {here['hash'][:12]}); "
                         f"pass --model {trained_base(adapter) or trained.get('name')} (or no --model), "
                         "or train an adapter for this model")


def trained_base(adapter: Path) -> str | None:
    """The base model an adapter was trained on, as --model takes it: a registered name, else its folder
    when that still exists; None when the manifest doesn't say (or there is none)."""
    from rag.models import lookup

    base = (read_manifest(adapter) or {}).get("base_model", {})
    if base.get("hash_kind") == "gguf-sha256" and lookup(base.get("name", "")):
        return base["name"]
    path = base.get("path")
    return path if path and Path(path).is_dir() else None


# -- manifests and the listing ---------------------------------------------------------------------------------

def read_manifest(adapter: Path) -> dict | None:
    try:
        return json.loads((Path(adapter) / MANIFEST).read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ModelError(f"the manifest of adapter {adapter} is unreadable ({exc}); retrain it or remove it") from None


def write_manifest(adapter: Path, manifest: dict) -> None:
    (Path(adapter) / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")


@dataclass
class AdapterInfo:
    """One line of `rag adapters list`."""

    name: str
    base: str
    data: str
    steps: int | None
    best_val_loss: float | None
    created: str


def list_adapters(adapters_dir: str) -> list[AdapterInfo]:
    store = store_dir(adapters_dir)
    found = []
    for folder in sorted(store.iterdir()) if store.is_dir() else []:
        if folder.name.startswith(".") or not (folder / "adapter_config.json").is_file():
            continue
        m = read_manifest(folder) or {}
        metrics = m.get("metrics", {})
        found.append(AdapterInfo(folder.name, m.get("base_model", {}).get("name", "?"),
                                 Path(m.get("data", {}).get("path", "?")).name, metrics.get("steps"),
                                 metrics.get("best_val_loss"), m.get("created", "?")))
    return found


def adapter_folder(adapters_dir: str, name: str) -> Path:
    """The store's folder for NAME; TuneError when there is none."""
    folder = store_dir(adapters_dir) / check_name(name)
    if not folder.is_dir():
        raise TuneError(f"no adapter named '{name}' in {folder.parent} (rag adapters list shows them)")
    return folder


def remove_adapter(adapters_dir: str, name: str) -> Path:
    """Delete NAME from the store, with any unfinished run of the same name."""
    folder = adapter_folder(adapters_dir, name)
    shutil.rmtree(folder)
    shutil.rmtree(run_dir(adapters_dir, name), ignore_errors=True)
    return folder


def run_dir(adapters_dir: str, name: str) -> Path:
    """Where a training run of NAME keeps its checkpoints until it finishes."""
    return store_dir(adapters_dir) / RUNS / check_name(name)


def publish(built: Path, adapters_dir: str, name: str) -> Path:
    """Move a finished adapter folder into the store with one rename."""
    final = store_dir(adapters_dir) / check_name(name)
    if final.exists():
        raise TuneError(f"adapter '{name}' already exists in {final.parent}; pick another --name, "
                        f"or first: rag adapters remove {name}")
    os.replace(built, final)
    return final
