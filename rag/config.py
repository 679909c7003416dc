"""One validated configuration object.

The defaults below are the single source of truth and are mirrored, with a comment on every
setting, in configs/default.yaml (a test keeps the two equal). Precedence, lowest first:
built-in defaults < --config FILE < RAG_INDEX (for index_dir) < --index DIR < --set key=value.
"""
from __future__ import annotations

import dataclasses
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.errors import ConfigError

DEFAULTS_YAML = Path(__file__).with_name("default.yaml")  # configs/default.yaml, as shipped in the wheel


def default_index_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join("~", ".local", "share")
    return os.path.join(base, "rag", "index")


def default_adapters_dir() -> str:
    """Beside the index: $XDG_DATA_HOME/rag/adapters, else ~/.local/share/rag/adapters."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join("~", ".local", "share")
    return os.path.join(base, "rag", "adapters")


def _check_auto_or_count(name: str, value: str) -> None:
    if value != "auto" and not (value.isdigit() and int(value) >= 1):
        raise ConfigError(f"{name} must be auto or a whole number of at least 1, not '{value}'")


@dataclass
class EmbedderConfig:
    model: str = "all-MiniLM-L6-v2"  # packaged name, local folder, or hub id; "fake" for tests
    device: str = "auto"  # auto | cpu | cuda
    backend: str = "auto"  # auto | torch | onnx-int8
    batch_size: str = "auto"  # auto (8 for int8 ONNX on a CPU, 32 for PyTorch) or a number
    normalize: bool = True

    def __post_init__(self) -> None:
        if self.device not in {"auto", "cpu", "cuda"} and not self.device.startswith("cuda:"):
            raise ConfigError(f"embedder.device must be auto, cpu or cuda, not '{self.device}'")
        if self.backend not in {"auto", "torch", "onnx-int8"}:
            raise ConfigError(f"embedder.backend must be auto, torch or onnx-int8, not '{self.backend}'")
        _check_auto_or_count("embedder.batch_size", self.batch_size)


@dataclass
class SplitConfig:
    chunk_tokens: int = 256  # capped at the embedder's max_seq_length minus its special tokens (254 for MiniLM)
    overlap_tokens: int = 30
    context: bool = True  # embed and BM25-index each chunk with a line naming its document (file, title, header)
    table_headings: bool = True  # embed and BM25-index a chunk cut from inside a table with the table's header rows

    def __post_init__(self) -> None:
        if self.chunk_tokens < 16:
            raise ConfigError(f"split.chunk_tokens must be at least 16, not {self.chunk_tokens}")
        if not 0 <= self.overlap_tokens < self.chunk_tokens:
            raise ConfigError(
                f"split.overlap_tokens must be between 0 and chunk_tokens-1 ({self.chunk_tokens - 1}), "
                f"not {self.overlap_tokens}")


@dataclass
class LoadConfig:
    password: str | None = None  # tried after the empty password on encrypted PDFs
    ocr: str = "auto"  # auto (or on) | off: OCR pages with no text layer when the extra is installed
    max_file_mb: int = 1024  # larger files are refused with a message
    max_file_seconds: float = 120.0  # a file still being read after this is refused (0: no limit)
    max_file_memory_mb: int = 2048  # a reader process that grows by more for one file refuses it (0: no limit)
    reader: str = "auto"  # auto (process from the rag CLI, else thread) | process | thread: where files are parsed
    readers: str = "auto"  # reader processes with several files: auto (2, up to 8 with more cores) or a number
    fast_pdf: bool = True  # tokenize PDF content streams with our regex reader (same text as pypdf's, ~25% less CPU)

    def __post_init__(self) -> None:
        if self.ocr not in {"auto", "on", "off"}:
            raise ConfigError(f"load.ocr must be auto or off, not '{self.ocr}'")
        if self.reader not in {"auto", "process", "thread"}:
            raise ConfigError(f"load.reader must be auto, process or thread, not '{self.reader}'")
        _check_auto_or_count("load.readers", self.readers)
        if self.max_file_seconds < 0 or self.max_file_memory_mb < 0:
            raise ConfigError("load.max_file_seconds and load.max_file_memory_mb must be 0 (no limit) or more")

    def reader_count(self, files: int) -> int:
        """Reader processes for this many files: 2 on a small machine (measured: the second one fills the
        embedder's waits), half the cores up to 8 on a larger one, never more than there are files."""
        wanted = max(2, min(8, (os.cpu_count() or 2) // 2)) if self.readers == "auto" else int(self.readers)
        return max(1, min(wanted, files))


@dataclass
class IndexConfig:
    lock_timeout_s: float = 10.0  # how long a second writer waits for the first before failing


@dataclass
class RetrieveConfig:
    k: int = 4  # passages given to the model for an answer
    candidates: int = 40  # per ranking (dense and BM25) before fusion
    rrf_k: int = 60  # reciprocal rank fusion constant
    min_similarity: float = 0.2  # below this cosine for the best passage, answer "I don't know" without the model
    reranker: str | None = None  # a local sentence-transformers CrossEncoder folder; none by default

    def __post_init__(self) -> None:
        if self.k < 1 or self.candidates < self.k:
            raise ConfigError(f"retrieve.k must be at least 1 and at most retrieve.candidates ({self.candidates})")


@dataclass
class GenerateConfig:
    model: str = "default"  # default (Qwen2.5-Coder-1.5B) | small (0.5B) | tiny (135M) (see README), a local transformers folder, or a hub id
    adapter: str | None = None  # a LoRA adapter for that model: a store name (tune.adapters_dir) or a folder
    device: str = "auto"  # auto (CUDA in bf16 when present, else CPU) | cpu | cuda
    max_new_tokens: int = 256  # longest answer
    max_context_tokens: int = 4096  # prompt + answer budget, capped by the model's own window
    backend: str = "auto"  # auto (llama.cpp on a CPU when installed and any adapter converts) | transformers | llama.cpp
    second_look: bool = True  # when the model says "I don't know" to several passages, ask again with the best one alone

    def __post_init__(self) -> None:
        if self.backend not in ("auto", "transformers", "llama.cpp"):
            raise ConfigError(f"generate.backend must be auto, transformers or llama.cpp, not {self.backend!r}")
        if self.max_new_tokens < 1 or self.max_context_tokens < self.max_new_tokens + 64:
            raise ConfigError("generate.max_context_tokens must exceed generate.max_new_tokens by at least 64")


@dataclass
class SearchConfig:
    k: int = 5  # chunks returned by `rag search`

    def __post_init__(self) -> None:
        if self.k < 1:
            raise ConfigError(f"search.k must be at least 1, not {self.k}")


ALL_LINEAR = "all-linear"  # peft's shorthand for every linear layer but the output head
_LLAMA_LIKE = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def _default_target_modules() -> dict[str, str | list[str]]:
    return {"default": ALL_LINEAR, "llama": list(_LLAMA_LIKE), "qwen2": list(_LLAMA_LIKE)}


@dataclass
class TuneConfig:
    """Fine-tuning (rag tune): the data keys, then the LoRA training keys; configs/default.yaml says what each does."""

    # data (rag tune data build/check)
    val_fraction: float = 0.1  # share of source chunks (or questions, when no source is known) held out for validation
    max_tokens: int = 2048  # an example longer than this (chat-templated, in the base model's tokens) is reported and left out
    pairs_per_chunk: int = 3  # question/answer pairs the local model is asked to write per chunk (0: structure only)
    paraphrases: int = 2  # extra wordings asked for per question (fine-tuning learns a fact stated several ways)
    raft_distractors: int = 3  # other passages shown beside the gold one in a --raft example
    support_share: float = 0.7  # of a generated answer's new content words that must occur in its chunk
    # training
    rank: int = 8  # LoRA rank r: size of the low-rank update per layer
    alpha: float = 16.0  # LoRA scaling: the update is multiplied by alpha / rank
    dropout: float = 0.05  # dropout on the LoRA input during training
    target_modules: dict[str, str | list[str]] = field(default_factory=_default_target_modules)  # model_type -> modules
    learning_rate: float = 2e-4
    epochs: float = 3.0  # passes over the training examples (ignored when max_steps > 0)
    max_steps: int = 0  # optimizer steps; 0: as many as epochs take
    batch_size: int = 4  # examples per forward pass
    grad_accum: int = 4  # forward passes per optimizer step (effective batch = batch_size * grad_accum)
    max_length: int = 1024  # tokens per example (prompt + answer); longer examples are left out, with a warning
    gradient_checkpointing: str = "auto"  # auto (CPU: off; GPU: on only when memory is short) | on | off
    eval_every: int = 20  # optimizer steps between validation losses (and checkpoints)
    early_stopping_patience: int = 3  # stop after this many validations without a better loss; 0: never
    seed: int = 0  # the train/validation split, RAFT distractors, shuffling, LoRA initialisation: same seed, same run
    adapters_dir: str = field(default_factory=default_adapters_dir)  # where `--name` adapters are kept

    def __post_init__(self) -> None:
        checks = [
            (0 <= self.val_fraction < 1, f"tune.val_fraction must be at least 0 and below 1, not {self.val_fraction}"),
            (0 < self.support_share <= 1, f"tune.support_share must be above 0 and at most 1, not {self.support_share}"),
            (self.max_tokens >= 1, f"tune.max_tokens must be at least 1, not {self.max_tokens}"),
            *((getattr(self, n) >= 0, f"tune.{n} must be at least 0, not {getattr(self, n)}")
              for n in ("pairs_per_chunk", "paraphrases", "raft_distractors")),
            (self.gradient_checkpointing in ("auto", "on", "off"),
             f"tune.gradient_checkpointing must be auto, on or off, not {self.gradient_checkpointing!r}"),
            (self.rank >= 1, f"tune.rank must be at least 1, not {self.rank}"),
            (self.alpha > 0, f"tune.alpha must be more than 0, not {self.alpha}"),
            (0 <= self.dropout < 1, f"tune.dropout must be between 0 and 1 (excluded), not {self.dropout}"),
            (0 < self.learning_rate < 1, f"tune.learning_rate must be between 0 and 1, not {self.learning_rate}"),
            (self.max_steps >= 0, f"tune.max_steps must be 0 (use epochs) or more, not {self.max_steps}"),
            (self.max_steps > 0 or self.epochs > 0, "tune.epochs must be more than 0 when tune.max_steps is 0"),
            (self.batch_size >= 1 and self.grad_accum >= 1, "tune.batch_size and tune.grad_accum must be at least 1"),
            (self.max_length >= 32, f"tune.max_length must be at least 32 tokens, not {self.max_length}"),
            (self.eval_every >= 1, f"tune.eval_every must be at least 1 step, not {self.eval_every}"),
            (self.early_stopping_patience >= 0, "tune.early_stopping_patience must be 0 (never stop early) or more"),
            (not (self.max_steps and self.early_stopping_patience) or self.eval_every < self.max_steps,
             f"tune.eval_every ({self.eval_every}) is not below tune.max_steps ({self.max_steps}): the run would "
             "validate only at its end, so early stopping could never act; lower tune.eval_every or set "
             "tune.early_stopping_patience to 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ConfigError(message)
        for arch, modules in self.target_modules.items():
            if modules != ALL_LINEAR and not (isinstance(modules, list) and modules
                                              and all(isinstance(m, str) and m for m in modules)):
                raise ConfigError(f"tune.target_modules.{arch} must be a list of module names "
                                  f"(e.g. [q_proj, v_proj]) or {ALL_LINEAR}, not {modules!r}")

    def modules_for(self, model_type: str) -> str | list[str]:
        """The LoRA target modules for a model's config.model_type (the "default" entry when not listed)."""
        return self.target_modules.get(model_type, self.target_modules.get("default", ALL_LINEAR))


@dataclass
class EvalConfig:
    """rag eval: where runs go and how scores are computed; configs/default.yaml says what each does."""

    runs_dir: str = "runs"  # a run's folder: runs_dir/<date>-<data file stem>/ unless --out is given
    max_questions: int = 0  # evaluate at most this many (spread over the set); 0: all (--limit overrides)
    depth: int = 10  # passages ranked per question for hit@1/3/5/10 and MRR (the answer reads retrieve.k)
    choices: int = 3  # distractors per multiple-choice question (0: no multiple-choice score)
    bootstrap_samples: int = 1000  # resamples for the 95% intervals and random sign flips of the paired test
    seed: int = 0  # the bootstrap, the sign flips and the choice of distractors

    def __post_init__(self) -> None:
        for name, low in (("max_questions", 0), ("depth", 1), ("choices", 0), ("bootstrap_samples", 100)):
            if getattr(self, name) < low:
                raise ConfigError(f"eval.{name} must be at least {low}, not {getattr(self, name)}")


@dataclass
class Config:
    index_dir: str = field(default_factory=default_index_dir)
    embedder: EmbedderConfig = field(default_factory=EmbedderConfig)
    split: SplitConfig = field(default_factory=SplitConfig)
    load: LoadConfig = field(default_factory=LoadConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    retrieve: RetrieveConfig = field(default_factory=RetrieveConfig)
    generate: GenerateConfig = field(default_factory=GenerateConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    tune: TuneConfig = field(default_factory=TuneConfig)
    eval: EvalConfig = field(default_factory=EvalConfig)

    @property
    def index_path(self) -> Path:
        return Path(os.path.expanduser(self.index_dir))


def load_config(
    path: str | None = None,
    overrides: list[str] | None = None,
    index_dir: str | None = None,
) -> Config:
    """Build the Config from defaults, an optional YAML file, the environment and overrides."""
    data: dict[str, Any] = dataclasses.asdict(Config())
    if path:
        _merge(data, _read_yaml(path), where=path)
    if os.environ.get("RAG_INDEX"):
        data["index_dir"] = os.environ["RAG_INDEX"]
    if index_dir:
        data["index_dir"] = index_dir
    for item in overrides or []:
        key, value = _parse_override(item)
        _set_dotted(data, key, value)
    return _build(Config, data, "")


def _read_yaml(path: str) -> dict[str, Any]:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            loaded = yaml.safe_load(fh) or {}
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {path} is a folder; pass a YAML file (see {DEFAULTS_YAML})") from None
    except OSError as exc:
        raise ConfigError(f"config file {path} cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(loaded, dict):
        raise ConfigError(f"config file {path} must hold a mapping of settings")
    return loaded


# Settings that are mappings with keys of the user's choosing (an architecture's model_type): a file or
# --set adds or replaces entries instead of being checked against the defaults' keys.
OPEN_MAPPINGS = {"tune.target_modules"}


def _merge(base: dict[str, Any], new: dict[str, Any], where: str, prefix: str = "") -> None:
    for key, value in new.items():
        name = f"{prefix}{key}"
        if prefix.rstrip(".") in OPEN_MAPPINGS:
            base[key] = value
            continue
        if key not in base:
            raise ConfigError(f"unknown setting '{name}' in {where}; every setting is in {DEFAULTS_YAML}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"setting '{name}' in {where} must be a mapping")
            _merge(base[key], value, where, prefix=f"{name}.")
        else:
            base[key] = value


def _parse_override(item: str) -> tuple[str, Any]:
    import yaml

    if "=" not in item:
        raise ConfigError(f"--set expects key=value (e.g. --set split.chunk_tokens=128), got '{item}'")
    key, raw = item.split("=", 1)
    try:
        value = yaml.safe_load(raw) if raw else ""
    except yaml.YAMLError:
        value = raw
    return key.strip(), value


def _set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            raise ConfigError(f"unknown setting '{key}'; every setting is in {DEFAULTS_YAML}")
        node = node[part]
    if ".".join(parts[:-1]) in OPEN_MAPPINGS:
        node[parts[-1]] = value
        return
    if parts[-1] not in node or isinstance(node[parts[-1]], dict):
        raise ConfigError(f"unknown setting '{key}'; every setting is in {DEFAULTS_YAML}")
    node[parts[-1]] = value


def _build(cls: type, data: dict[str, Any], prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        name, hint = f"{prefix}{f.name}", hints[f.name]
        if dataclasses.is_dataclass(hint):
            kwargs[f.name] = _build(hint, data[f.name], f"{name}.")
        else:
            kwargs[f.name] = _coerce(name, data[f.name], hint)
    return cls(**kwargs)


def _coerce(name: str, value: Any, hint: Any) -> Any:
    """Check a scalar setting against its annotation (str, int, float, bool, or X | None)."""
    if typing.get_origin(hint) is dict:  # an open mapping: its dataclass checks the entries
        if not isinstance(value, dict):
            raise ConfigError(f"setting '{name}' must be a mapping")
        return {str(k): v for k, v in value.items()}
    options = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
    if value is None:
        if type(None) in typing.get_args(hint):
            return None
        raise ConfigError(f"setting '{name}' needs a value")
    kind = options[0]
    if kind is bool and not isinstance(value, bool):
        raise ConfigError(f"setting '{name}' must be true or false, not '{value}'")
    if kind in (int, float) and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ConfigError(f"setting '{name}' must be a number, not '{value}'")
    if kind is int and isinstance(value, float) and not value.is_integer():
        raise ConfigError(f"setting '{name}' must be a whole number, not {value}")
    if kind is str and isinstance(value, bool):
        value = "on" if value else "off"  # YAML 1.1 reads on/off/yes/no as booleans
    elif kind is str and not isinstance(value, str):
        value = str(value)
    return kind(value)
