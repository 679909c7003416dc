#!/usr/bin/env python
"""The chat models' speed and memory on a CUDA GPU: LoRA training (bf16 and 4-bit QLoRA) and answering.

The default (Qwen2.5-Coder-1.5B-Instruct) and small (0.5B) models' weights are over a GB each and can't
reach a lent GPU machine, which takes 64 MiB a call and reaches no network. What speed and memory depend
on, the architecture, the tokenizer and the prompts, travels: each model is rebuilt there with random
weights from its own config.json and tokenizer (same shapes, same token counts, same kernels), so the
numbers below are the real models' speed and memory, not their answers. Its end-of-turn tokens are made
unlikely, so every answer runs to max_new_tokens and decoding is measured over a fixed length.

  train    bench/tune.py on the given chat JSONL (one process per run: its own peak memory), for each model:
           bf16 with the configured gradient checkpointing (auto: on, on CUDA), bf16 without it, and --qlora
  answer   rag.generate.TransformersGenerator (device auto: CUDA, bf16) on the prompts rag built for real
           questions (messages as JSON lines): time to first token (prefill) and decode tokens/s

    python bench/gpu.py --models DIR --data CHAT.jsonl --prompts PROMPTS.jsonl --out DIR
  DIR holds one folder per model (config.json, tokenizer.json, tokenizer_config.json, ...); bench/gpu.py
  --export-models DIR writes them here from the prepared default and small models.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
SHAPE_FILES = ("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
               "special_tokens_map.json", "chat_template.jinja")


def export_models(out: Path) -> None:
    """Copy the prepared default and small models' config and tokenizer (no weights) into out/<name>."""
    from rag.models import resolve_llm

    for name in ("default", "small"):
        folder = resolve_llm(name, weights=False)
        (out / name).mkdir(parents=True, exist_ok=True)
        for f in SHAPE_FILES:
            if (folder / f).exists():
                shutil.copy2(folder / f, out / name / f)
        print(f"{name}: {folder} -> {out / name}")


def export_prompts(questions: Path, index_dir: Path, limit: int, out: Path) -> None:
    """The chat messages rag sends the default model for the first `limit` answerable questions of a QA
    JSONL over an index (retrieval, prompt; the model's reply is not needed), as JSON lines."""
    from rag.answer import answer_question
    from rag.build import make_embedder
    from rag.config import load_config
    from rag.generate import Generation, TransformersGenerator
    from rag.index import Index
    from rag.models import resolve_llm

    class Recorder(TransformersGenerator):
        seen: list = []

        def generate(self, messages, max_new_tokens, on_token=None, on_progress=None):
            self.seen.append(messages)
            return Generation("I don't know.", self.prompt_tokens(messages), 4, 0.0, 0.0)

    cfg = load_config(index_dir=str(index_dir))
    e = cfg.embedder
    embedder = make_embedder(e.model, e.device, e.batch_size, e.normalize, e.backend)
    gen = Recorder(resolve_llm("default", weights=False))
    rows = [json.loads(line) for line in questions.read_text().splitlines() if line.strip()]
    for row in [r for r in rows if r.get("answerable", True) and r.get("page") is not None][:limit]:
        before = len(gen.seen)
        answer_question(row["question"], Index(cfg.index_path), embedder, gen, cfg)
        if len(gen.seen) > before:
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("a") as f:
                f.write(json.dumps(gen.seen[before]) + "\n")
    print(f"{len(gen.seen)} prompts -> {out}")


def random_model(shape: Path, out: Path, device: str = "cuda") -> Path:
    """A model of shape's architecture with random weights, built on the GPU, saved with shape's tokenizer."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    config = AutoConfig.from_pretrained(shape)
    torch.manual_seed(0)
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    tok = AutoTokenizer.from_pretrained(shape)
    stops = {tok.convert_tokens_to_ids(t) for t in ("<|im_end|>", "<|endoftext|>")} | {tok.eos_token_id}
    with torch.no_grad():  # never the likeliest token: every answer runs to max_new_tokens
        for i in stops - {None}:
            model.get_output_embeddings().weight[i].zero_()  # logit 0, below the best of ~150k random ones
    model.save_pretrained(out)
    tok.save_pretrained(out)
    del model
    torch.cuda.empty_cache()
    return out


RUNS = {"bf16": [], "bf16-no-checkpointing": ["--set", "tune.gradient_checkpointing=off"], "qlora-4bit": ["--qlora"]}


def train_runs(name: str, folder: Path, data: Path, steps: int, runs: list[str], work: Path) -> list[dict]:
    results = []
    for label in runs:
        extra, dest = RUNS[label], work / f"tune-{name}-{label}.json"
        cmd = [sys.executable, str(ROOT / "bench" / "tune.py"), "--data", str(data), "--model", str(folder),
               "--steps", str(steps), "--eval-every", str(max(1, steps // 2)), "--out", str(dest), *extra]
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        row = {"model": name, "run": label, "wall_s": round(time.perf_counter() - started, 1)}
        if done.returncode == 0:
            row |= json.loads(dest.read_text())
        else:
            row["error"] = (done.stderr or done.stdout).strip().splitlines()[-3:]
        print(json.dumps(row), flush=True)
        results.append(row)
    return results


def answer_runs(name: str, folder: Path, prompts: list[list[dict]], max_new_tokens: int,
                device: str = "auto") -> dict:
    import torch

    from rag.generate import TransformersGenerator

    gen = TransformersGenerator(folder, name=name, device=device)
    gen.generate(prompts[0], 8)  # load and warm up (CUDA kernels, allocator)
    rows = []
    for messages in prompts:
        g = gen.generate(messages, max_new_tokens)
        decode_s = g.seconds_total - g.seconds_to_first_token
        rows.append({"prompt_tokens": g.prompt_tokens, "new_tokens": g.new_tokens,
                     "ttft_s": g.seconds_to_first_token, "total_s": g.seconds_total,
                     "decode_tok_s": (g.new_tokens - 1) / decode_s if decode_s > 0 else None})
    med = lambda k: round(statistics.median(r[k] for r in rows), 4)  # noqa: E731
    return {"model": name, "device": str(gen.model.device), "dtype": str(gen.model.dtype), "answers": len(rows),
            "max_new_tokens": max_new_tokens, "median_prompt_tokens": med("prompt_tokens"),
            "median_new_tokens": med("new_tokens"), "median_ttft_s": med("ttft_s"), "median_total_s": med("total_s"),
            "median_decode_tok_s": round(statistics.median(r["decode_tok_s"] for r in rows), 1),
            "peak_gpu_mb": round(torch.cuda.max_memory_allocated() / 2**20) if torch.cuda.is_available() else None,
            "per_answer": rows}


def decode_paths(folder: Path, prompts: list[list[dict]], max_new_tokens: int) -> dict:
    """Where decode time goes on the GPU: model.generate as rag calls it (streamer in a thread, stop criterion)
    against plain model.generate, with the streamer only and with the stop criterion only (median tok/s)."""
    import threading

    import torch

    from rag.generate import TransformersGenerator, _hf_classes, _stop_ids

    gen = TransformersGenerator(folder)
    model, tok = gen.model, gen.tokenizer
    streamer_cls, stop_when = _hf_classes()

    def run(streamer: bool, stop: bool, messages) -> float:
        ids = gen._prompt_ids(messages)
        kw = dict(input_ids=torch.tensor([ids], device=model.device), max_new_tokens=max_new_tokens,
                  min_new_tokens=max_new_tokens, do_sample=False, eos_token_id=_stop_ids(model, tok),
                  pad_token_id=tok.pad_token_id or 0, attention_mask=torch.ones(1, len(ids), dtype=torch.long,
                                                                                device=model.device))
        if stop:
            kw["stopping_criteria"] = [stop_when(threading.Event())]
        if streamer:
            kw["streamer"] = streamer_cls(tok, skip_prompt=True, skip_special_tokens=True)
        torch.cuda.synchronize()
        t = time.perf_counter()
        if streamer:
            th = threading.Thread(target=lambda: model.generate(**kw))
            th.start()
            for _ in kw["streamer"]:
                pass
            th.join()
        else:
            with torch.inference_mode():
                model.generate(**kw)
        torch.cuda.synchronize()
        return max_new_tokens / (time.perf_counter() - t)

    run(False, False, prompts[0])
    out = {}
    for label, streamer, stop in (("plain generate", False, False), ("streamer only", True, False),
                                  ("stop criterion only", False, True), ("as rag calls it", True, True)):
        out[label] = round(statistics.median(run(streamer, stop, m) for m in prompts), 1)
    out["rag generator (tok/s after the first)"] = round(statistics.median(
        (g.new_tokens - 1) / (g.seconds_total - g.seconds_to_first_token)
        for g in (gen.generate(m, max_new_tokens) for m in prompts)), 1)
    print(json.dumps({"decode_paths": out}), flush=True)
    return out


def machine() -> dict:
    import torch

    props = torch.cuda.get_device_properties(0)
    versions = {}
    for pkg in ("torch", "transformers", "peft", "trl", "datasets", "accelerate", "bitsandbytes"):
        try:
            from importlib.metadata import version
            versions[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            versions[pkg] = None
    return {"gpu": props.name, "gpu_memory_gb": round(props.total_memory / 2**30, 1), "cuda": torch.version.cuda,
            "cpus": os.cpu_count(), "python": platform.python_version(), "versions": versions}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--export-models", type=Path, metavar="DIR", help="only write the models' shapes into DIR")
    p.add_argument("--export-prompts", type=Path, metavar="QA_JSONL", help="only write the prompts rag builds "
                   "for these questions over --index to --prompts")
    p.add_argument("--index", type=Path)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--models", type=Path, help="folder of model shapes (from --export-models)")
    p.add_argument("--names", nargs="+", default=["default", "small"])
    p.add_argument("--data", type=Path, help="chat JSONL to train on (bench/tune.py --handbook-jsonl)")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--runs", nargs="+", default=["default:bf16,bf16-no-checkpointing,qlora-4bit",
                                                  "small:bf16,qlora-4bit"], help="MODEL:RUN,RUN... (runs: "
                   + ", ".join(RUNS) + ")")
    p.add_argument("--answers", type=int, default=10, help="how many of the prompts to answer")
    p.add_argument("--prompts", type=Path, help="JSON lines, each a list of chat messages rag built")
    p.add_argument("--max-new-tokens", type=int, default=128)
    p.add_argument("--work", type=Path, default=Path("/tmp/rag-gpu-bench"))
    p.add_argument("--decode-paths", type=int, metavar="N", help="first time decoding N prompts several ways "
                   "with the first model (see decode_paths)")
    p.add_argument("--out", type=Path, required=False)
    args = p.parse_args()
    if args.export_models:
        export_models(args.export_models)
        return
    if args.export_prompts:
        export_prompts(args.export_prompts, args.index, args.limit, args.prompts)
        return
    import torch

    if not torch.cuda.is_available():
        sys.exit("bench/gpu.py: no CUDA GPU here")
    args.out.mkdir(parents=True, exist_ok=True)
    result = {"machine": machine(), "weights": "random, each model's own config and tokenizer (speed and memory only)",
              "train": [], "answer": []}
    prompts = [json.loads(line) for line in args.prompts.read_text().splitlines() if line.strip()][:args.answers]
    runs = {spec.split(":")[0]: [r for r in spec.split(":")[1].split(",") if r] for spec in args.runs}
    for name in args.names:
        folder = random_model(args.models / name, args.work / name)
        if args.decode_paths and name == args.names[0]:
            result["decode_paths"] = decode_paths(folder, prompts[:args.decode_paths], 64)
            (args.out / "gpu.json").write_text(json.dumps(result, indent=1) + "\n")
        if args.data:
            result["train"] += train_runs(name, folder, args.data, args.steps, runs.get(name, []), args.work)
        torch.cuda.reset_peak_memory_stats()
        result["answer"].append(answer_runs(name, folder, prompts, args.max_new_tokens))
        print(json.dumps({k: v for k, v in result["answer"][-1].items() if k != "per_answer"}), flush=True)
        (args.out / "gpu.json").write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
