"""Building the pipeline's parts from the settings: the embedder, the chat model, the reranker.

The one place that picks an implementation (the deterministic fakes, int8 ONNX or sentence-transformers,
transformers): the modules it picks from import nothing of each other's, so imports flow one way
(build -> embed_onnx -> embed; build -> fakes -> generate). Heavy libraries load inside the parts.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from rag.embed import Embedder, SentenceTransformerEmbedder, resolve_model
from rag.generate import Generator, TransformersGenerator


def make_embedder(model: str, device: str = "auto", batch_size: int | str = "auto", normalize: bool = True,
                  backend: str = "auto") -> Embedder:
    """The embedder named in the configuration: "fake" for tests, else a sentence-transformers model.

    backend "auto" picks int8 ONNX Runtime on a CPU-only machine when the model supports it (mean
    pooling) and PyTorch otherwise (CUDA, or other models). Both give the same model's vectors,
    to within cosine ~0.99, so an index built with one is searched with the other.
    """
    if model == "fake":
        from rag.fakes import FakeEmbedder

        return FakeEmbedder()
    if backend == "onnx-int8" or (backend == "auto" and device in ("auto", "cpu") and not _has_cuda_driver()):
        from rag.embed_onnx import OnnxEmbedder, onnx_supported

        if backend == "onnx-int8" or onnx_supported(resolve_model(model)[1]) is None:
            return OnnxEmbedder(model, batch_size=_batch(batch_size, 8), normalize=normalize)
    return SentenceTransformerEmbedder(model, device=device, batch_size=_batch(batch_size, 32), normalize=normalize)


def _batch(batch_size: int | str, auto: int) -> int:
    return auto if batch_size == "auto" else int(batch_size)


def _has_cuda_driver() -> bool:
    """A cheap check (no torch import) for an NVIDIA driver on this machine."""
    return os.path.exists("/proc/driver/nvidia/version")


def make_generator(model: str = "default", adapter: str | Path | None = None, device: str = "auto",
                   max_context: int = 8192, backend: str = "auto",
                   on_status: Callable[[str], None] | None = None) -> Generator:
    """The chat model named in the configuration: "fake" for tests, a registered name, or a model folder.

    A registered model is converted once on first use (see rag.models); the weights load lazily
    on the first generate() call. backend "auto" runs a registered model's GGUF with llama.cpp on a
    CPU when llama-cpp-python is installed, and transformers otherwise. A LoRA adapter goes to llama.cpp
    converted to a GGUF LoRA file (rag.tune.gguf_lora, once); when it can't be converted, "auto" says
    why on on_status (else a RuntimeWarning) and runs it on transformers.
    """
    if model == "fake":
        from rag.fakes import FakeGenerator

        return FakeGenerator(context_window=min(max_context, 2048))
    entry, folder = _base(model, adapter, on_status, weights=False)
    files = _llama_cpp_files(entry, adapter, device, backend, on_status)
    if files:
        from rag.generate_llama import LlamaCppGenerator

        gguf, lora = files
        return LlamaCppGenerator(gguf, folder, max_context=max_context, name=entry.name, adapter=adapter, lora=lora)
    if entry:  # transformers runs it: its weights are converted on this first need
        from rag.models import resolve_llm

        folder = resolve_llm(model, on_status=on_status)
    return TransformersGenerator(folder, adapter=adapter, device=device, max_context=max_context,
                                 name=entry.name if entry else None)


def backend_for(model: str, adapter: str | Path | None = None, device: str = "auto", backend: str = "auto",
                on_status: Callable[[str], None] | None = None) -> str:
    """"llama.cpp" or "transformers": what make_generator runs a (non-fake) model and adapter on, decided
    as it decides, without loading weights. An adapter llama.cpp takes is converted here (once: make_generator
    then finds the file); one it can't take gives "transformers" after saying why on "auto" and a
    ConfigError on backend "llama.cpp"."""
    entry, _ = _base(model, adapter, on_status, weights=False)
    return "llama.cpp" if _llama_cpp_files(entry, adapter, device, backend, on_status) else "transformers"


def _base(model: str, adapter: str | Path | None, on_status: Callable[[str], None] | None,
          weights: bool = True):
    """(registry entry or None, local model folder: a registered model is prepared on first use, with
    transformers' weights when weights). An adapter from `rag tune train` names its base: refused on another
    here, before any weights load or a conversion."""
    from rag.models import lookup, resolve_llm

    folder = resolve_llm(model, on_status=on_status, weights=weights)
    if adapter:
        from rag.tune.adapters import check_base

        check_base(Path(adapter), folder)
    return lookup(model), folder


def _llama_cpp_files(entry, adapter: str | Path | None, device: str, backend: str,
                     on_status: Callable[[str], None] | None) -> tuple[Path, Path | None] | None:
    """(base GGUF, GGUF LoRA or None) when llama.cpp runs the model and adapter, None for transformers."""
    if not _use_llama_cpp(backend, entry, device):
        return None
    from rag.models import gguf_path

    gguf = gguf_path(entry, on_status=on_status)
    if not adapter:
        return gguf, None
    lora = _lora_for_llama_cpp(adapter, gguf, backend, on_status)
    return (gguf, lora) if lora else None


def _lora_for_llama_cpp(adapter: str | Path, gguf: Path, backend: str,
                        on_status: Callable[[str], None] | None) -> Path | None:
    """The adapter's GGUF LoRA file (converted on first use); None on "auto" when it can't be converted,
    after saying so; generate.backend=llama.cpp refuses with the reason."""
    from rag.errors import ConfigError, ModelError
    from rag.tune.gguf_lora import adapter_gguf

    try:
        return adapter_gguf(adapter, gguf, on_status=on_status)
    except ModelError as exc:
        if backend == "llama.cpp":
            raise ConfigError(f"generate.backend=llama.cpp can't be used: {exc}; "
                              "set generate.backend=transformers or auto") from None
        note = f"{exc}; the adapter runs on transformers (slower)"
        if on_status:
            on_status(note)
        else:
            import warnings

            warnings.warn(note, RuntimeWarning, stacklevel=4)  # the caller of make_generator or backend_for
        return None


def _use_llama_cpp(backend: str, entry, device: str) -> bool:
    """llama.cpp when asked for (refused with a reason when it can't serve), or on "auto" when it can.
    Whether an adapter converts for it is decided after (_lora_for_llama_cpp)."""
    from rag.errors import ConfigError
    from rag.generate_llama import llama_cpp_available

    if backend == "transformers":
        return False
    reasons = [why for why, bad in (
        ("it runs only the registered models' GGUF files", entry is None),
        ("it runs on the CPU here", device == "cuda" or (device == "auto" and _has_cuda_driver())),
        ("llama-cpp-python is not installed (see the README, CPU fast path)", not llama_cpp_available()),
    ) if bad]
    if backend == "llama.cpp" and reasons:
        raise ConfigError(f"generate.backend=llama.cpp can't be used: {reasons[0]}; "
                          "set generate.backend=transformers or auto")
    return not reasons


def embedder_from(cfg):
    e = cfg.embedder
    return make_embedder(e.model, device=e.device, batch_size=e.batch_size, normalize=e.normalize, backend=e.backend)


def reranker_from(cfg):
    """The configured cross-encoder, or None (none ships by default)."""
    if not cfg.retrieve.reranker:
        return None
    from rag.errors import ConfigError

    try:
        from sentence_transformers import CrossEncoder

        return CrossEncoder(cfg.retrieve.reranker, device="cpu" if cfg.embedder.device == "cpu" else None)
    except Exception as exc:
        raise ConfigError(f"could not load retrieve.reranker '{cfg.retrieve.reranker}' "
                          f"({' '.join(str(exc).split())[:120]}); pass a local cross-encoder folder") from None


def generator_from(cfg, model: str | None = None, adapter: str | None = None,
                   on_status: Callable[[str], None] | None = None):
    """The configured chat model ("fake" gives the deterministic test generator), with the adapter
    NAME (from the store, tune.adapters_dir) or folder. A registered model is prepared on its first use
    (about a minute; converted for transformers, minutes more, when transformers runs it): on_status hears
    about it, and about an adapter llama.cpp can't apply."""
    from rag.models import check_folder_exists

    g = cfg.generate
    name = model or g.model
    adapter = adapter or g.adapter
    check_folder_exists(adapter, "adapter")  # before a model conversion that takes a minute
    if adapter and name != "fake":  # a bare name is an adapter of the store (rag adapters list)
        from rag.tune.adapters import resolve_adapter, trained_base

        adapter = str(resolve_adapter(adapter, cfg.tune.adapters_dir))
        if model is None:  # no --model: the adapter's own base (an adapter works with no other)
            name = trained_base(Path(adapter)) or name
    if name == "fake":
        from rag.fakes import FakeGenerator

        return FakeGenerator(context_window=g.max_context_tokens)
    from rag.models import lookup, resolve_llm

    if lookup(name):  # the first use prepares the model (the GGUF assembled and checked): say so
        resolve_llm(name, on_status=on_status, weights=False)
    return make_generator(name, adapter=adapter, device=g.device, max_context=g.max_context_tokens,
                          backend=g.backend, on_status=on_status)
