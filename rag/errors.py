"""The few exception types the library raises; the CLI turns each into one line and an exit code."""
from __future__ import annotations


class RagError(Exception):
    """A user-facing error: the message says what went wrong and what to do."""

    exit_code = 1


class ConfigError(RagError):
    """A bad setting in a config file, --set or the environment."""

    exit_code = 2


class IndexError_(RagError):
    """The index is missing, busy, or was built with another embedder."""


class IndexBusyError(IndexError_):
    """Another process holds the index's write lock."""

    exit_code = 3


class EmbedderError(RagError):
    """The embedding model could not be found or loaded."""


class ModelError(RagError):
    """A chat model or adapter that is missing, corrupt, or doesn't fit its base model."""


class TuneError(RagError):
    """Fine-tuning refused or failed: too few examples, not a causal LM, out of memory, no CUDA for --qlora."""


class TrainingInterrupted(TuneError):
    """Ctrl-C during `rag tune train`: the last checkpoint is kept and the message says how to resume."""

    exit_code = 130
