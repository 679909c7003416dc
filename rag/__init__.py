"""rag: local, private question answering over your own documents.

The public names load lazily, so `import rag` (and `rag --help`) stays instant.
"""
import os as _os

# Nothing leaves the machine. These are read by the libraries when they are imported, so they are set
# here, before any of rag's modules can import them; every entry point (the CLI, `import rag`, the
# spawned reader processes, which inherit the environment) goes through this file.
# - onnxruntime (1.32 and later) starts a native telemetry client on import: a device id and an event
#   queue under ~/.cache/Microsoft, then TLS connections to an events endpoint. Only this variable,
#   set before the import, stops it (onnxruntime.disable_telemetry_events() does not).
# - huggingface_hub (transformers, sentence-transformers) honours the other two.
OFFLINE_ENVIRONMENT = {"ORT_DISABLE_TELEMETRY": "1", "HF_HUB_DISABLE_TELEMETRY": "1", "DO_NOT_TRACK": "1"}
_os.environ.update(OFFLINE_ENVIRONMENT)
# OpenMP threads that sleep instead of spinning while they wait: transformers' decode on a busy
# 2-core machine no longer collapses (shared/MODELS.md), and a quiet one loses nothing (bench/RESULTS.md).
# Read when torch loads, so set here; a user's own setting wins.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
__all__ = ["VectorstoreIndexCreator", "LocalIndex", "open_index"]


def __getattr__(name: str):
    if name in __all__:
        from rag import api

        return getattr(api, name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
