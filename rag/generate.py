"""Generation: a local chat LLM behind a small interface (see Generator); the real one is added below.

TransformersGenerator runs a transformers chat model (a registered name from rag.models, or any model
folder), optionally with a LoRA adapter merged in: greedy by default, streamed piece by piece to a
callback, loaded lazily on the first generate() and shared within the process.
"""
from __future__ import annotations

import functools
import json
import os
import re
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from rag.errors import ModelError


@dataclass
class Generation:
    """What a generator returns: the text and where the time went."""

    text: str
    prompt_tokens: int
    new_tokens: int
    seconds_to_first_token: float  # prefill (plus the first decode step)
    seconds_total: float


class Generator(Protocol):
    name: str

    @property
    def context_window(self) -> int: ...  # max tokens of prompt + answer

    def count_tokens(self, text: str) -> int: ...

    def prompt_tokens(self, messages: list[dict]) -> int: ...  # tokens of the chat-templated prompt

    def generate(self, messages: list[dict], max_new_tokens: int,
                 on_token: Callable[[str], None] | None = None,
                 on_progress: Callable[[int], None] | None = None) -> Generation: ...
    # on_token: each piece of text as it is decoded. on_progress: 0 once the model is loaded and starts
    # reading the prompt, then the number of new tokens so far, about once per token (its call with 1
    # means the prompt has been read: prefill is over). Both are called in the caller's thread.


# -- the real generator: a transformers chat model, optionally with a LoRA adapter ------------------------

# CPU dtype. Measured 2026-11-22 on a 2-core AMD EPYC (avx512_bf16, no AMX), torch 2.13, a 1,440-token
# prompt, per core (1 thread, CPU time; the machine was shared): Qwen2.5-Coder-0.5B decodes 5.5 tok/s in
# float32 vs 4.7 in bfloat16 and prefills 108 vs 201 tok/s; SmolLM2-135M decodes 12.1 vs 8.5, prefills
# 282 vs 392. float32 decodes faster in every paired run (also at 2 threads), so CPU runs in float32 (2x
# the memory: 2.5 GB for the 0.5B); bf16 would win only on prompts much longer than the answer.
CPU_DTYPE = "float32"
# Greedy decoding can fall into a loop and write the same words until the length limit ("[2] [4] [1] [2] [4] [1]
# ...", one sentence eight times). Decoding stops once the text ends in LOOP_REPEATS copies of one piece (or more
# copies, LOOP_CHARS characters in all: "[1] " three times is no loop yet), and the text keeps the first copy.
# Stored drafts: 11 of 3,624 looped, 5 of them ours (bench/RESULTS.md, thirty-ninth session).
LOOP_REPEATS = 3
LOOP_CHARS = 60
LOOP_LONGEST = 400  # characters: the longest piece looked for (a long sentence)
_MODELS: dict[tuple, object] = {}  # (folder, adapter, device, dtype) -> loaded model, once per process
_TOKENIZERS: dict[str, object] = {}  # folder -> tokenizer (counting tokens needs no weights)
_LOAD_LOCK = threading.Lock()


class TransformersGenerator:
    """Generator over a local transformers folder (config, safetensors, tokenizer with a chat template).

    Greedy by default (temperature 0). Streams pieces of text to on_token as they are decoded and
    the count of new tokens to on_progress.
    """

    backend = "transformers"

    def __init__(self, folder: str | Path, adapter: str | Path | None = None, device: str = "auto",
                 max_context: int = 8192, temperature: float = 0.0, name: str | None = None):
        self.folder = _check_model_folder(Path(folder))
        self.adapter = _check_adapter_folder(Path(adapter)) if adapter else None
        self.device = device
        self.max_context = max_context
        self.temperature = temperature
        base = name or self.folder.name
        self.name = f"{base}+{self.adapter.name}" if self.adapter else base
        self.load_seconds = 0.0  # time the last generate() spent loading weights (0 once cached)

    @property
    def context_window(self) -> int:
        cfg = json.loads((self.folder / "config.json").read_text())
        n = cfg.get("max_position_embeddings") or cfg.get("text_config", {}).get("max_position_embeddings")
        return min(int(n or self.max_context), self.max_context)

    @property
    def tokenizer(self):
        key = str(self.folder)
        if key not in _TOKENIZERS:
            _TOKENIZERS[key] = _load_tokenizer(self.folder)
        return _TOKENIZERS[key]

    @property
    def model(self):
        """The loaded model, shared by every generator over the same folder, adapter and device."""
        device, dtype = _pick_device_dtype(self.device)
        key = (str(self.folder), str(self.adapter) if self.adapter else None, device, dtype)
        with _LOAD_LOCK:  # two threads asking at once (a server) load it once
            if key not in _MODELS:
                start = time.perf_counter()
                _MODELS[key] = _load_model(self.folder, self.adapter, device, dtype)
                self.load_seconds = time.perf_counter() - start
        return _MODELS[key]

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def prompt_tokens(self, messages: list[dict]) -> int:
        return len(self._prompt_ids(messages))

    def _prompt_ids(self, messages: list[dict]) -> list[int]:
        if not getattr(self.tokenizer, "chat_template", None):
            raise ModelError(f"model folder {self.folder} has no chat template; use an instruct (chat) model")
        text = self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    def _prompt_and_room(self, messages: list[dict]) -> tuple[list[int], int]:
        """The prompt's token ids and how many new tokens the context window leaves (ModelError if none)."""
        ids = self._prompt_ids(messages)
        room = self.context_window - len(ids)
        if room <= 0:
            raise ModelError(f"the prompt is {len(ids)} tokens, over this model's context window of "
                             f"{self.context_window}; retrieve fewer or shorter passages")
        return ids, room

    def generate(self, messages: list[dict], max_new_tokens: int,
                 on_token: Callable[[str], None] | None = None,
                 on_progress: Callable[[int], None] | None = None) -> Generation:
        import torch

        ids, room = self._prompt_and_room(messages)
        self.load_seconds = 0.0
        model, tok = self.model, self.tokenizer  # loads the weights on the first call (load_seconds)
        if on_progress:
            on_progress(0)
        start = time.perf_counter()
        streamer_cls, stop_when = _hf_classes()
        streamer = streamer_cls(tok, skip_prompt=True, skip_special_tokens=True)
        stop = threading.Event()
        kwargs = dict(input_ids=torch.tensor([ids], device=model.device), streamer=streamer,
                      max_new_tokens=min(max_new_tokens, room), stopping_criteria=[stop_when(stop)],
                      attention_mask=torch.ones(1, len(ids), dtype=torch.long, device=model.device),
                      eos_token_id=_stop_ids(model, tok), pad_token_id=_pad_id(tok), **_sampling(self.temperature))
        result: dict = {}
        thread = threading.Thread(target=_run_generate, args=(model, kwargs, result), daemon=True)
        thread.start()
        text, told = "", 0
        try:
            for piece in streamer:  # one item per decoded token (often ""), so progress ticks per token
                if on_progress and streamer.new_tokens > told:
                    told = streamer.new_tokens
                    on_progress(told)
                if piece:
                    text += piece
                    if on_token:
                        on_token(piece)
                    if (cut := loop_end(text)) is not None:
                        text = text[:cut].rstrip()
                        break
        finally:
            stop.set()  # a caller's callback raised (or Ctrl-C): stop decoding too
            thread.join()
        if "error" in result:
            exc = result["error"]
            raise ModelError(f"generation failed ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})")
        end = time.perf_counter()
        first = streamer.first_token_at or end
        return Generation(text, len(ids), int(result["ids"].shape[1] - len(ids)), first - start, end - start)


def loop_end(text: str) -> int | None:
    """Where a text that ends in a loop should end, after the loop's first copy; None when it ends in none."""
    for p in range(1, min(LOOP_LONGEST, len(text) // LOOP_REPEATS) + 1):
        if text[-1] != text[-1 - p]:
            continue
        n = max(LOOP_REPEATS, -(-LOOP_CHARS // p))
        if n * p <= len(text) and text[-n * p:] == text[-p:] * n:
            start = len(text) - n * p
            while start > 0 and text[start - 1] == text[start - 1 + p]:
                start -= 1
            end = start + p  # the first copy; then on to the end of its last word ("[1" -> "[1]")
            while end < len(text) and not text[end].isspace():
                end += 1
            return end
    return None


def _run_generate(model, kwargs: dict, result: dict) -> None:
    """model.generate in a worker thread; errors are handed back, and the streamer always ends."""
    import torch

    try:
        with torch.inference_mode():
            result["ids"] = model.generate(**kwargs)
    except BaseException as exc:  # noqa: BLE001 (re-raised as ModelError in the caller's thread)
        result["error"] = exc
        kwargs["streamer"].end()


def _sampling(temperature: float) -> dict:
    if temperature <= 0:
        return {"do_sample": False, "temperature": None, "top_p": None, "top_k": None}
    return {"do_sample": True, "temperature": temperature}


def _stop_ids(model, tok) -> list[int]:
    """End-of-turn tokens: the model's, the tokenizer's, and ChatML's <|im_end|> (GGUF conversions miss some)."""
    ids = model.generation_config.eos_token_id
    return end_of_turn_ids(tok, ids if isinstance(ids, list) else [ids])


def end_of_turn_ids(tok, model_ids: list[int | None]) -> list[int]:
    """model_ids, the tokenizer's end-of-sequence token and ChatML's <|im_end|>, when the vocabulary has it."""
    ids = {*model_ids, tok.eos_token_id}
    im_end = tok.convert_tokens_to_ids("<|im_end|>")
    if isinstance(im_end, int) and im_end != tok.unk_token_id:
        ids.add(im_end)
    return sorted(i for i in ids if i is not None and i >= 0)


def _pad_id(tok) -> int:
    return tok.eos_token_id if tok.pad_token_id is None else tok.pad_token_id


def _pick_device_dtype(device: str) -> tuple[str, str]:
    from rag.embed import pick_device

    device = pick_device(device)
    return device, ("bfloat16" if device.startswith("cuda") else CPU_DTYPE)


def _check_model_folder(folder: Path) -> Path:
    if not folder.exists():
        raise ModelError(f"model folder {folder} does not exist")
    if not (folder / "config.json").is_file():
        raise ModelError(f"no model in {folder} (config.json is missing); pass a model name "
                         "(see rag.models.REGISTRY) or a transformers model folder")
    return folder.resolve()


def _check_adapter_folder(folder: Path) -> Path:
    if not folder.exists():
        raise ModelError(f"adapter folder {folder} does not exist")
    if not (folder / "adapter_config.json").is_file():
        raise ModelError(f"no LoRA adapter in {folder} (adapter_config.json is missing); pass the folder a "
                         "fine-tuning run saved")
    return folder.resolve()


def _load_tokenizer(folder: Path):
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(folder)
    except Exception as exc:  # noqa: BLE001
        raise ModelError(f"could not load the tokenizer in {folder} ({' '.join(str(exc).split())[:160]}); "
                         "delete the folder to convert the model again") from None


def _load_model(folder: Path, adapter: Path | None, device: str, dtype: str):
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    from transformers import AutoModelForCausalLM
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=getattr(torch, dtype))
    except Exception as exc:  # noqa: BLE001 (truncated or missing weights, unknown architecture)
        raise ModelError(f"could not load the model in {folder} ({' '.join(str(exc).split())[:160]}); "
                         "delete the folder to convert the model again") from None
    if adapter is not None:
        model = _apply_adapter(model, adapter)
    return model.to(device).eval()


def _apply_adapter(model, adapter: Path):
    """Load a LoRA adapter onto a freshly loaded base and merge it in (decoding then costs nothing extra)."""
    try:
        from peft import PeftModel
    except ImportError:
        raise ModelError("loading a LoRA adapter needs peft; run: pip install 'peft>=0.13'") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # peft calls a transformers API deprecated in v5
            return PeftModel.from_pretrained(model, adapter).merge_and_unload()
    except Exception as exc:  # noqa: BLE001 (size mismatch, missing target modules)
        base = json.loads((adapter / "adapter_config.json").read_text()).get("base_model_name_or_path")
        raise ModelError(f"adapter {adapter} was trained for a different base model "
                         f"(trained on {base}; {_mismatch(exc)})") from None


def _mismatch(exc: Exception) -> str:
    """The first weight-shape difference in a load error, else the error's first words."""
    text = " ".join(str(exc).split())
    found = re.search(r"shape torch.Size\(\[([^\]]*)\]\) from checkpoint, the shape in current model is "
                      r"torch.Size\(\[([^\]]*)\]\)", text)
    if found:
        return f"its weights are [{found[1]}] where this model needs [{found[2]}]"
    return text[:160]


@functools.cache
def _hf_classes():
    """Two small transformers subclasses, defined on first use so importing this module stays light."""
    import torch
    from transformers import StoppingCriteria, TextIteratorStreamer

    class Streamer(TextIteratorStreamer):
        """TextIteratorStreamer that also notes when the first new token arrives and counts new tokens."""

        first_token_at: float | None = None
        new_tokens: int = 0  # read by the caller's thread; set before the token's text is queued

        def put(self, value):
            if not self.next_tokens_are_prompt:
                if self.first_token_at is None:
                    self.first_token_at = time.perf_counter()
                self.new_tokens += value.numel()
            super().put(value)

    class StopWhen(StoppingCriteria):
        """Stops decoding once the event is set (the caller stopped reading)."""

        def __init__(self, event: threading.Event):
            self.event = event

        def __call__(self, input_ids, scores, **kwargs):
            return torch.full((input_ids.shape[0],), self.event.is_set(), dtype=torch.bool, device=input_ids.device)

    return Streamer, StopWhen
