"""Training: a LoRA adapter for a local chat model, from chat JSONL, with peft and TRL's SFTTrainer.

The data is chat JSONL, one example per line: {"messages": [{"role": "system"?}, {"role": "user"}, ...,
{"role": "assistant"}], "source": ..., "split": "train" | "val"}, read by rag.tune.data.read_jsonl (the
format and row rules of `rag tune data check`). The rows' own split is kept (no split: train); with no
val row at all, rag.tune.data's split holds out VAL_FRACTION of the source chunks (else pages, else
questions), seeded with tune.seed, so no validation question paraphrases a training one.

Only the last assistant message is learned. Each example goes to TRL as a conversational prompt-completion
pair (prompt = messages[:-1], completion = [last message]) with completion_only_loss: TRL tokenises the
prompt with the model's own chat template and add_generation_prompt=True, which is exactly the prompt
rag.generate builds at inference, and sets its labels to -100 (tests/test_tune_train.py checks both).
Off CUDA the loss is rag.tune.loss's: the same loss, with the output layer run on the answer tokens only.

A run keeps checkpoints in the store's .runs/NAME (a validation loss and a checkpoint every
tune.eval_every steps, and at the end); Ctrl-C stops after the current step with a checkpoint, and
--resume continues from the last one. When the run ends (its steps, or early stopping) the checkpoint
with the lowest validation loss becomes the adapter, published into the store with its manifest.
CPU trains in float32, CUDA in bf16; --qlora loads the base in 4 bits (bitsandbytes, CUDA only).
Progress goes to a callback (on_progress); the CLI draws it.
"""
from __future__ import annotations

import functools
import hashlib
import json
import resource
import shutil
import signal
import threading
import time
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from rag.config import TuneConfig
from rag.errors import TrainingInterrupted, TuneError
from rag.tune import adapters
from rag.tune.data import Example, assign_split, read_jsonl
from rag.tune.loss import labelled_head_trainer

VAL_FRACTION = 0.1  # of the source chunks (pages, questions) held out for validation when the data marks none
MIN_TRAIN, MIN_VAL = 4, 1
_SETTINGS = ("rank", "alpha", "dropout", "learning_rate", "epochs", "max_steps", "batch_size", "grad_accum",
             "max_length", "eval_every", "early_stopping_patience", "seed")


@dataclass
class Progress:
    """One report from a training run: after each optimizer step (event "step") and validation ("eval")."""

    event: str
    step: int
    total: int
    loss: float | None  # training loss of the last step
    val_loss: float | None  # the latest validation loss
    tokens_per_s: float  # training tokens (prompt + answer) per second, this session
    eta_s: float | None  # seconds left at this session's pace


# -- the data ---------------------------------------------------------------------------------------------------

def split_examples(examples: list[Example], seed: int, val_fraction: float = VAL_FRACTION) -> tuple[list, list]:
    """(train, val) lists of messages: the examples' own split, else (no val example) rag.tune.data's
    split by source chunk, page or question with a seeded val_fraction of the groups held out."""
    if not any(ex.split == "val" for ex in examples):
        assign_split(examples, val_fraction, seed)
    return ([ex.messages for ex in examples if ex.split == "train"],
            [ex.messages for ex in examples if ex.split == "val"])


def prompt_ids(tokenizer, messages: list[dict]) -> list[int]:
    """The prompt's tokens as rag.generate builds them at inference: the chat template with the generation prompt."""
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    return tokenizer(text, add_special_tokens=False)["input_ids"]


def example_length(tokenizer, messages: list[dict]) -> int:
    text = tokenizer.apply_chat_template(messages, tokenize=False)
    return len(tokenizer(text, add_special_tokens=False)["input_ids"])


def pairs(tokenizer, examples: list[list[dict]], max_length: int) -> tuple[list[dict], int]:
    """TRL's conversational prompt-completion rows for the examples that fit max_length, and how many did not."""
    fit = [m for m in examples if example_length(tokenizer, m) <= max_length]
    return [{"prompt": m[:-1], "completion": m[-1:]} for m in fit], len(examples) - len(fit)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def check_causal_lm(folder: Path) -> str:
    """The model_type of a chat (causal LM) model folder; TuneError for anything else."""
    try:
        config = json.loads((Path(folder) / "config.json").read_text())
    except (OSError, ValueError):
        raise TuneError(f"no model in {folder} (config.json is missing or unreadable)") from None
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    kind, archs = config.get("model_type", "?"), config.get("architectures") or []
    causal = kind in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES and (
        not archs or any(a.endswith(("ForCausalLM", "LMHeadModel")) for a in archs))
    if not causal:
        raise TuneError(f"the model in {folder} is a {kind} ({', '.join(archs) or 'no architecture'}), not a causal "
                        "language model; LoRA training needs a chat model (default, tiny, or such a folder)")
    return kind


# -- the run ------------------------------------------------------------------------------------------------------

def train(data: Path, model_folder: Path, name: str, tcfg: TuneConfig, *, device: str = "auto",
          resume: bool = False, restart: bool = False, qlora: bool = False,
          on_progress: Callable[[Progress], None] | None = None,
          on_status: Callable[[str], None] | None = None) -> Path:
    """Train a LoRA adapter on data for the model in model_folder; return its folder in the store."""
    say = on_status or (lambda _msg: None)
    data, model_folder = Path(data).resolve(), Path(model_folder).resolve()
    adapters.check_name(name)
    if (adapters.store_dir(tcfg.adapters_dir) / name).exists():
        raise TuneError(f"adapter '{name}' already exists in {adapters.store_dir(tcfg.adapters_dir)}; pick another "
                        f"--name, or first: rag adapters remove {name}")
    examples = read_jsonl(data)
    train_set, val_set = split_examples(examples, tcfg.seed)  # bad data: refused before any run folder
    kinds = dict(Counter(ex.kind for ex in examples if ex.split == "train"))
    model_type = check_causal_lm(model_folder)
    base = adapters.base_fingerprint(model_folder)
    settings = {k: getattr(tcfg, k) for k in _SETTINGS} | {"target_modules": tcfg.modules_for(model_type),
                                                           "qlora": qlora}
    run = _start_run(adapters.run_dir(tcfg.adapters_dir, name), data, name, base, settings, resume, restart)
    device, dtype = _device_dtype(device, qlora)

    tokenizer = _tokenizer(model_folder)
    train_pairs, long_train = pairs(tokenizer, train_set, tcfg.max_length)
    val_pairs, long_val = pairs(tokenizer, val_set, tcfg.max_length)
    if long_train + long_val:
        say(f"{long_train + long_val} example(s) longer than tune.max_length ({tcfg.max_length} tokens) left out")
    if len(train_pairs) < MIN_TRAIN or len(val_pairs) < MIN_VAL:
        raise TuneError(f"{data} has {len(train_pairs)} training and {len(val_pairs)} validation example(s) that fit; "
                        f"training needs at least {MIN_TRAIN + MIN_VAL} ({MIN_TRAIN} to train, {MIN_VAL} to validate), "
                        "and a useful adapter a few hundred: add examples, or generate them with `rag tune data build`"
                        + (" (none validates: the split holds out whole source chunks, else pages, else questions, "
                           'and these examples share one; mark some rows "split": "val")'
                           if not val_set and len(train_set) > 1 else ""))

    say(f"training {name} on {base['name']} ({device}, {'4-bit ' if qlora else ''}{dtype}): "
        f"{len(train_pairs)} training and {len(val_pairs)} validation examples")
    trainer, state = _trainer(model_folder, tokenizer, train_pairs, val_pairs, tcfg, settings, run["dir"], device,
                              dtype, qlora, on_progress, say)
    started = time.perf_counter()
    try:
        with _stop_on_ctrl_c(state, say):
            trainer.train(resume_from_checkpoint=True if resume else None)
    except KeyboardInterrupt:  # the second Ctrl-C (or SIGTERM): stopped at once, mid-step
        state["stop"] = True
    except Exception as exc:  # noqa: BLE001 (out of memory is the one users can fix)
        if _is_oom(exc):
            raise TuneError(f"out of memory while training ({device}); lower tune.batch_size (now "
                            f"{tcfg.batch_size}, raise tune.grad_accum to keep the effective batch) or "
                            f"tune.max_length (now {tcfg.max_length})") from None
        raise
    seconds = run["seconds"] + time.perf_counter() - started
    tokens = run["tokens"] + state["tokens"]
    if state["stop"]:
        _save_run(run, seconds=seconds, tokens=tokens)
        last = _last_checkpoint(run["dir"])
        kept = f"its checkpoint at step {last} is kept" if last else "no checkpoint was saved yet"
        again = f"rag tune train {data} --name {name} --model {_model_arg(base, model_folder)} --resume"
        raise TrainingInterrupted(f"training of '{name}' stopped at step {trainer.state.global_step} of "
                                  f"{trainer.state.max_steps}; {kept} in {run['dir']}; resume with: {again}")

    built = run["dir"] / "adapter"
    trainer.model.save_pretrained(built)  # the best checkpoint's weights (load_best_model_at_end)
    manifest = _manifest(name, base, model_folder, model_type, data, run, settings, trainer, len(train_pairs),
                         len(val_pairs), long_train + long_val, seconds, tokens, device, dtype,
                         kinds=kinds)
    adapters.write_manifest(built, manifest)
    final = adapters.publish(built, tcfg.adapters_dir, name)
    shutil.rmtree(run["dir"], ignore_errors=True)
    return final


def _model_arg(base: dict, model_folder: Path) -> str:
    """How to name this base on the command line: its registered name, else its folder."""
    return base["name"] if base["hash_kind"] == "gguf-sha256" else str(model_folder)


def _start_run(folder: Path, data: Path, name: str, base: dict, settings: dict, resume: bool, restart: bool) -> dict:
    """The run's folder and record (data, base and settings; time and tokens of earlier sessions)."""
    record = {"data_sha256": file_sha256(data), "base_hash": base["hash"], "settings": settings,
              "seconds": 0.0, "tokens": 0}
    last = _last_checkpoint(folder) if folder.is_dir() else None
    if restart or (folder.is_dir() and not last):
        shutil.rmtree(folder, ignore_errors=True)
    elif last and not resume:
        raise TuneError(f"an interrupted run of '{name}' is kept in {folder} (last checkpoint: step {last}); "
                        "add --resume to continue it, or --restart to start over")
    if resume and not restart:
        if not last:
            raise TuneError(f"nothing to resume: no checkpoint of '{name}' in {folder}; train without --resume")
        try:
            kept = json.loads((folder / "run.json").read_text())
        except (OSError, ValueError):
            raise TuneError(f"the interrupted run in {folder} has no readable run.json; start over with "
                            "--restart") from None
        for key, what in (("data_sha256", "the data file"), ("base_hash", "the base model"),
                          ("settings", "tune settings")):
            if kept.get(key) != record[key]:
                raise TuneError(f"{what} changed since the interrupted run of '{name}'; resume with the same one, "
                                "or --restart")
        record.update(seconds=kept.get("seconds", 0.0), tokens=kept.get("tokens", 0))
    folder.mkdir(parents=True, exist_ok=True)
    record["dir"] = folder
    _save_run(record)
    return record


def _save_run(record: dict, **changes) -> None:
    record.update(changes)
    (record["dir"] / "run.json").write_text(json.dumps({k: v for k, v in record.items() if k != "dir"}, indent=1))


def _last_checkpoint(folder: Path) -> int | None:
    steps = [int(p.name.split("-")[1]) for p in folder.glob("checkpoint-*") if p.name.split("-")[1].isdigit()]
    return max(steps, default=None)


def _checkpointing(setting: str, device: str, need_bytes: int | None = None, have_bytes: int | None = None) -> bool:
    """Recompute activations in the backward pass: less memory, more time. auto: never on a CPU (a step 27%
    shorter without); on a GPU only when training without it would take over 70% of the GPU's free memory
    (need_bytes, from _training_bytes; unknown: on). On an H200 it made the 1.5B's steps 2.2x longer to save
    1.5 GB of 140 (bench/RESULTS.md, "GPU")."""
    if setting != "auto":
        return setting == "on"
    if device == "cpu":
        return False
    return need_bytes is None or have_bytes is None or need_bytes > 0.7 * have_bytes


def _training_bytes(model_folder: Path, tcfg: TuneConfig, qlora: bool) -> int | None:
    """A generous estimate of training's memory without checkpointing: the weights (bf16; a quarter in 4 bits),
    48 bytes of kept activations per token, layer and hidden unit (34 for a transformer with a 4x MLP; Qwen's is
    5.8x), and the logits with their gradients (bf16 and float32) of a micro-batch of batch_size x max_length
    tokens. None when the folder's config doesn't say."""
    try:
        config = json.loads((Path(model_folder) / "config.json").read_text())
        config = config.get("text_config", config)
        layers, hidden, vocab = (int(config[k]) for k in ("num_hidden_layers", "hidden_size", "vocab_size"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    weights = sum(f.stat().st_size for pattern in ("*.safetensors", "*.bin") for f in Path(model_folder).glob(pattern))
    tokens = tcfg.batch_size * tcfg.max_length
    return (weights // 4 if qlora else weights) + tokens * (48 * layers * hidden + 10 * vocab)


def _gpu_bytes(device: str) -> int | None:
    """The GPU's free memory (another process may hold some)."""
    import torch

    try:
        return torch.cuda.mem_get_info(torch.device(device))[0]
    except Exception:  # noqa: BLE001 (no CUDA build, no such device)
        return None


def _device_dtype(device: str, qlora: bool) -> tuple[str, str]:
    import importlib.util

    from rag.embed import pick_device

    device = pick_device(device)
    if qlora and not device.startswith("cuda"):
        raise TuneError("--qlora (4-bit) needs a CUDA GPU and this run is on the CPU; train without --qlora")
    if qlora and importlib.util.find_spec("bitsandbytes") is None:
        raise TuneError("--qlora needs bitsandbytes; run: pip install bitsandbytes")
    return device, "bfloat16" if device.startswith("cuda") else "float32"


def _tokenizer(folder: Path):
    from rag.generate import _load_tokenizer

    tokenizer = _load_tokenizer(folder)
    if not getattr(tokenizer, "chat_template", None):
        raise TuneError(f"the model in {folder} has no chat template; LoRA training here needs a chat (instruct) model")
    return tokenizer


def _is_oom(exc: Exception) -> bool:
    import torch

    text = str(exc).lower()
    return isinstance(exc, (MemoryError, torch.OutOfMemoryError)) or (
        isinstance(exc, RuntimeError) and ("out of memory" in text or "can't allocate memory" in text))


@contextmanager
def _stop_on_ctrl_c(state: dict, say: Callable[[str], None]):
    """The first Ctrl-C asks the run to stop after the current step, with a checkpoint; a second stops at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        if state["stop"]:
            raise KeyboardInterrupt
        state["stop"] = True
        say("stopping after this step and saving a checkpoint (Ctrl-C again to stop at once)")

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _trainer(model_folder, tokenizer, train_pairs, val_pairs, tcfg: TuneConfig, settings: dict, out: Path,
             device: str, dtype: str, qlora: bool, on_progress, say):
    """TRL's SFTTrainer with a peft LoRA config, our progress/stop callback, and early stopping."""
    import torch
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, EarlyStoppingCallback
    from transformers.trainer_callback import PrinterCallback, ProgressCallback
    from transformers.utils import logging as hf_logging

    try:
        import datasets
        from trl import SFTConfig, SFTTrainer
    except ImportError:
        from ingest.install import install_hint

        raise TuneError(f"training needs the tune extra (trl, datasets); run: {install_hint('tune')}") from None
    datasets.disable_progress_bars()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    load = {"dtype": getattr(torch, dtype)}
    if qlora:
        from transformers import BitsAndBytesConfig

        load["quantization_config"] = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                                                         bnb_4bit_compute_dtype=torch.bfloat16)
        load["device_map"] = {"": torch.device(device).index or 0}  # 4-bit weights are quantized on the GPU
    say("loading the base model")
    model = AutoModelForCausalLM.from_pretrained(model_folder, **load)
    lora = LoraConfig(r=tcfg.rank, lora_alpha=tcfg.alpha, lora_dropout=tcfg.dropout, task_type="CAUSAL_LM",
                      target_modules=settings["target_modules"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # TRL sets transformers' renamed gradient_checkpointing
        args = SFTConfig(
            output_dir=str(out), completion_only_loss=True, max_length=tcfg.max_length, packing=False,
            per_device_train_batch_size=tcfg.batch_size, per_device_eval_batch_size=tcfg.batch_size,
            gradient_accumulation_steps=tcfg.grad_accum, learning_rate=tcfg.learning_rate,
            num_train_epochs=tcfg.epochs, max_steps=tcfg.max_steps or -1, seed=tcfg.seed, data_seed=tcfg.seed,
            eval_strategy="steps", eval_steps=tcfg.eval_every, save_strategy="steps", save_steps=tcfg.eval_every,
            save_total_limit=2, load_best_model_at_end=True, metric_for_best_model="eval_loss",
            greater_is_better=False, logging_steps=1, report_to="none", disable_tqdm=True,
            use_cpu=device == "cpu", bf16=dtype == "bfloat16", dataloader_num_workers=0,
            gradient_checkpointing=_checkpointing(tcfg.gradient_checkpointing, device,
                                                  _training_bytes(model_folder, tcfg, qlora), _gpu_bytes(device)))
        # off CUDA TRL's LM head projects every position, prompt and padding too: rag.tune.loss runs it on the answers
        cls = SFTTrainer if device.startswith("cuda") else labelled_head_trainer()
        trainer = cls(model=model, args=args, processing_class=tokenizer, peft_config=lora,
                      train_dataset=datasets.Dataset.from_list(train_pairs),
                      eval_dataset=datasets.Dataset.from_list(val_pairs))
    state = {"stop": False, "tokens": 0}
    for cls in (PrinterCallback, ProgressCallback):
        trainer.remove_callback(cls)  # they print to stdout; the CLI draws progress from on_progress
    trainer.add_callback(_callback_class()(state, on_progress))
    if tcfg.early_stopping_patience:
        trainer.add_callback(EarlyStoppingCallback(early_stopping_patience=tcfg.early_stopping_patience))
    return trainer, state


@functools.cache
def _callback_class():
    """A TrainerCallback (defined on first use: transformers loads only when training) that reports
    Progress and stops the run, with a checkpoint, once Ctrl-C has set state["stop"]."""
    from transformers import TrainerCallback

    class Report(TrainerCallback):
        def __init__(self, state: dict, on_progress):
            self.state, self.on_progress = state, on_progress
            self.started, self.first_step, self.val_loss = time.perf_counter(), None, None

        def on_step_end(self, args, state, control, **kwargs):
            if self.state["stop"]:
                control.should_save = control.should_training_stop = True

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = logs or {}
            if "num_tokens" in logs and "eval_loss" not in logs:
                self.state["tokens"] = int(logs["num_tokens"])  # TRL's count of this session's training tokens
            if self.first_step is None:
                self.first_step = state.global_step - 1  # a resumed run starts counting where it left off
            if "eval_loss" in logs:
                self.val_loss = logs["eval_loss"]
            elif "loss" not in logs:
                return
            elapsed = time.perf_counter() - self.started
            done = max(1, state.global_step - self.first_step)
            if self.on_progress:
                self.on_progress(Progress("eval" if "eval_loss" in logs else "step", state.global_step,
                                          state.max_steps, logs.get("loss"), self.val_loss,
                                          self.state["tokens"] / elapsed if elapsed else 0.0,
                                          elapsed / done * (state.max_steps - state.global_step)))

    return Report


def _manifest(name, base, model_folder, model_type, data, run, settings, trainer, n_train, n_val, n_long,
              seconds, tokens, device, dtype, kinds: dict | None = None) -> dict:
    import rag
    import torch

    history = trainer.state.log_history
    val = [[h["step"], round(h["eval_loss"], 5)] for h in history if "eval_loss" in h]
    best = min(val, key=lambda sv: sv[1]) if val else [None, None]
    peak = (torch.cuda.max_memory_allocated() if device.startswith("cuda") else
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)  # Linux: ru_maxrss is in KiB
    return {
        "name": name, "format": 1, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "rag_version": rag.__version__,
        "base_model": {**base, "path": str(model_folder), "model_type": model_type},
        "data": {"path": str(data), "sha256": run["data_sha256"], "train_examples": n_train,
                 "val_examples": n_val, "left_out_too_long": n_long,
                 "kinds": kinds or {}},  # training examples by kind (rag.tune.data.Example.kind; "raft": retrieval-aware)
        "hyperparameters": settings | {"device": device, "dtype": dtype},
        "metrics": {"steps": trainer.state.global_step, "max_steps": trainer.state.max_steps,
                    "best_step": best[0], "best_val_loss": best[1], "val_loss": val,
                    "train_loss": [[h["step"], round(h["loss"], 5)] for h in history if "loss" in h],
                    "stopped_early": trainer.state.global_step < trainer.state.max_steps},
        "cost": {"seconds": round(seconds, 1), "train_tokens": tokens,
                 "tokens_per_second": round(tokens / seconds, 1) if seconds else None,
                 "peak_memory_mb": round(peak / 2**20), "peak_memory_kind": "cuda allocated" if
                 device.startswith("cuda") else "process RSS"},
    }
