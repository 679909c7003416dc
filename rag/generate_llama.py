"""Generation on a CPU with llama.cpp: the registered models' own GGUF files, run quantized.

The registered chat models ship as GGUF (4-bit) files; rag.generate runs a dequantized transformers
copy of the same weights. llama.cpp runs the GGUF directly: on a 2-core CPU it prefills and decodes
several times faster (bench/RESULTS.md, "CPU fast path"). The prompt is the same token for token: it
is built with the transformers tokenizer's chat template (rag.generate) and handed to llama.cpp as
token ids, so the two backends differ only in arithmetic, not in what the model reads.
It also scores answers (option_logprobs, for rag.evaluate.choice) with the same loaded model.

A peft LoRA adapter (rag tune train) is converted once to a GGUF LoRA file (rag.tune.gguf_lora) that
llama.cpp applies on top of the quantized base, unmerged: on the 0.5B it decodes about a third slower than
the base alone, still ~2.5x faster than transformers (bench/RESULTS.md, "LoRA adapters on llama.cpp").
Needs `llama-cpp-python` (a source build; see the README for the flags that work on older CPUs).
"""
from __future__ import annotations

import contextlib
import io
import os
import threading
import time
from pathlib import Path
from typing import Callable

from rag.errors import ModelError
from rag.generate import Generation, TransformersGenerator, end_of_turn_ids, loop_end

_LLAMAS: dict[tuple, object] = {}  # (gguf, lora, n_ctx, threads) -> loaded llama_cpp.Llama, once per process
_LOAD_LOCK = threading.Lock()


def llama_cpp_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("llama_cpp") is not None


class LlamaCppGenerator(TransformersGenerator):
    """A registered model's GGUF run by llama.cpp; tokenizer, chat template and window from its converted folder.

    Greedy (temperature 0), streamed piece by piece like TransformersGenerator, whose prompt building
    and token counting it reuses (no transformers weights are loaded). adapter: a peft LoRA folder;
    lora: its GGUF LoRA file, converted from adapter here (once, then cached) when not given.
    """

    backend = "llama.cpp"

    def __init__(self, gguf: str | Path, folder: str | Path, max_context: int = 8192, threads: int | None = None,
                 name: str | None = None, adapter: str | Path | None = None, lora: str | Path | None = None):
        super().__init__(folder, adapter=adapter, device="cpu", max_context=max_context, name=name)
        self.gguf = Path(gguf)
        if not self.gguf.is_file():
            raise ModelError(f"GGUF file {self.gguf} does not exist")
        if self.adapter and lora is None:
            from rag.tune.gguf_lora import adapter_gguf

            lora = adapter_gguf(self.adapter, self.gguf)
        self.lora = Path(lora) if lora else None
        self.threads = threads or _default_threads()

    @property
    def model(self):
        key = (str(self.gguf), str(self.lora) if self.lora else None, self.context_window, self.threads)
        with _LOAD_LOCK:
            if key not in _LLAMAS:
                start = time.perf_counter()
                _LLAMAS[key] = _load_llama(self.gguf, self.context_window, self.threads, self.lora)
                self.load_seconds = time.perf_counter() - start
        return _LLAMAS[key]

    def generate(self, messages: list[dict], max_new_tokens: int,
                 on_token: Callable[[str], None] | None = None,
                 on_progress: Callable[[int], None] | None = None) -> Generation:
        ids, room = self._prompt_and_room(messages)
        self.load_seconds = 0.0
        llm, tok = self.model, self.tokenizer
        stop = set(end_of_turn_ids(tok, [llm.token_eos()]))
        if on_progress:
            on_progress(0)
        start = time.perf_counter()
        first = None
        new: list[int] = []
        told = ""
        looped = None
        try:
            for token in llm.generate(ids, temp=0.0, top_k=1, top_p=1.0, min_p=0.0, repeat_penalty=1.0, reset=True):
                if first is None:
                    first = time.perf_counter()
                if token in stop:
                    break
                new.append(token)
                if on_progress:
                    on_progress(len(new))
                text = tok.decode(new, skip_special_tokens=True)
                if not text.endswith("\ufffd") and len(text) > len(told):  # hold half a UTF-8 character back
                    if on_token:
                        on_token(text[len(told):])
                    told = text
                if (cut := loop_end(text)) is not None:
                    looped = text[:cut].rstrip()
                    break
                if len(new) >= min(max_new_tokens, room):
                    break
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"generation failed ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})") from None
        text = looped if looped is not None else tok.decode(new, skip_special_tokens=True)
        if on_token and len(text) > len(told):
            on_token(text[len(told):])
        end = time.perf_counter()
        return Generation(text, len(ids), len(new), (first or end) - start, end - start)

    def option_logprobs(self, messages: list[dict], options: list[str]) -> list[float] | None:
        """Average per-token log-probability of each option as the assistant's reply to messages; None when the
        prompt and the longest option together do not fit the context window (llama.cpp's cache is that size).

        The prompt is read once: llama.cpp keeps what it read last, so after answering the same messages
        only its last token is read again (for its logits). Each option is then read in one batch that
        keeps every position's logits, and the cache is rolled back to the prompt's end. The options are
        tokenized alone, as rag.evaluate.choice does for transformers; an empty option scores -inf.
        """
        import numpy as np

        ids, _ = self._prompt_and_room(messages)  # a prompt over the window: the same ModelError as generate()
        llm, tok = self.model, self.tokenizer
        tokenized = [tok(option, add_special_tokens=False)["input_ids"] for option in options]
        if len(ids) + max(map(len, tokenized), default=0) > llm.n_ctx():
            return None  # an option (a long gold answer) does not fit the window beside the prompt: no score
        scores = []
        try:
            last = _read(llm, ids)  # (vocab,) logits after the prompt
            for opt in tokenized:
                if not opt:
                    scores.append(float("-inf"))
                    continue
                # row i predicts opt[i]: the prompt's last logits, then those after opt[0..i-1]
                logits = np.vstack([last[None], _read_all(llm, opt[:-1])])  # (len(opt), vocab)
                scores.append(float(_log_softmax(logits)[np.arange(len(opt)), opt].mean()))
                _rewind(llm, len(ids))
        except RuntimeError as exc:  # llama_decode failed: a prompt and option over the context window
            raise ModelError(f"scoring failed ({' '.join(str(exc).split())[:160]})") from None
        finally:
            # generate() samples from the context's current logits when the cache holds exactly its prompt:
            # leave the last prompt token out, so it is read again and its logits are fresh
            _rewind(llm, min(llm.n_tokens, len(ids) - 1))
        return scores


def _read(llm, ids: list[int]):
    """Have llm's cache hold exactly ids, reading only what follows the common prefix already there
    (at least the last token); the logits after the last one, (vocab,)."""
    import numpy as np

    cached = llm.input_ids[:llm.n_tokens]
    keep = 0
    for have, want in zip(cached, ids[:-1]):
        if have != want:
            break
        keep += 1
    _rewind(llm, keep)
    llm.eval(ids[keep:])  # only the batch's last position gets logits
    return np.ctypeslib.as_array(llm._ctx.get_logits_ith(-1), shape=(llm.n_vocab(),)).copy()


def _read_all(llm, tokens: list[int]):
    """Llama.eval keeping every position's logits, (len(tokens), vocab). Llama(logits_all=True) would keep them
    for every token the context ever reads (n_ctx x 151k floats: gigabytes); this keeps a few dozen rows."""
    import numpy as np

    rows = []
    for i in range(0, len(tokens), llm.n_batch):
        batch = tokens[i:i + llm.n_batch]
        llm._batch.set_batch(batch=batch, n_past=llm.n_tokens, logits_all=True)
        llm._ctx.decode(llm._batch)
        rows += [np.ctypeslib.as_array(llm._ctx.get_logits_ith(j), shape=(llm.n_vocab(),)).copy()
                 for j in range(len(batch))]
        llm.input_ids[llm.n_tokens:llm.n_tokens + len(batch)] = batch
        llm.n_tokens += len(batch)
    return np.array(rows, dtype=np.float32).reshape(len(tokens), llm.n_vocab())


def _rewind(llm, n: int) -> None:
    """Forget all but the first n tokens of llm's cache (Llama.n_tokens and input_ids describe it)."""
    if not llm._ctx.kv_cache_seq_rm(-1, n, -1):
        raise ModelError("llama.cpp cannot roll back this model's cache; set generate.backend=transformers")
    llm.n_tokens = n


def _log_softmax(logits):
    import numpy as np

    x = logits.astype(np.float64)
    top = x.max(axis=1, keepdims=True)
    return x - top - np.log(np.exp(x - top).sum(axis=1, keepdims=True))


def _default_threads() -> int:
    """Physical cores when we can tell (llama.cpp gains nothing from hyper-threads), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _close_all() -> None:
    """Free the models before the interpreter tears llama_cpp down: Llama.__del__ at exit would call into a
    half-unloaded module and print a TypeError traceback after every `rag ask`."""
    while _LLAMAS:
        _, llm = _LLAMAS.popitem()
        try:
            llm.close()
        except Exception:  # noqa: BLE001 (exiting anyway)
            pass


def _load_llama(gguf: Path, n_ctx: int, threads: int, lora: Path | None = None):
    if not _LLAMAS:
        import atexit

        atexit.register(_close_all)
    try:
        from llama_cpp import Llama
    except ImportError:
        raise ModelError("generate.backend llama.cpp needs llama-cpp-python; see the README (CPU fast path) "
                         "or set generate.backend=transformers") from None
    try:
        # flash attention: prefill of a 1,300-token prompt on the 1.5B, 2 cores, 88 -> 96 tok/s (bench/RESULTS.md)
        # with lora_path, llama-cpp-python reads the base into memory instead of mapping it (no mmap). Loading
        # a LoRA logs a warning per repacked tensor ("cannot use buft 'CPU_REPACK', fallback to CPU": harmless)
        # that verbose=False lets through to sys.stderr (llama-cpp-python 0.3.36 maps ggml's WARN level to
        # ERROR): held back here, so `rag ask` prints only the answer.
        with contextlib.redirect_stderr(io.StringIO()) if lora else contextlib.nullcontext():
            return Llama(model_path=str(gguf), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                         n_batch=512, flash_attn=True, verbose=False, lora_path=str(lora) if lora else None)
    except Exception as exc:  # noqa: BLE001 (a damaged file, an architecture this build can't run)
        what = f"{gguf.name} with the LoRA {lora.name}" if lora else gguf.name
        raise ModelError(f"llama.cpp could not load {what} ({' '.join(str(exc).split())[:160]}); "
                         "set generate.backend=transformers") from None
