"""Training speed and memory of `rag tune train`: N steps of LoRA on a chat JSONL, with one model.

Usage:
  python bench/tune.py --handbook-jsonl /tmp/handbook_chat.jsonl     # write the handbook QA as chat JSONL
  python bench/tune.py --data /tmp/handbook_chat.jsonl --model tiny --steps 20 --eval-every 10 \\
      --out bench/tune_results/smollm2-135m.json
  python bench/tune.py --data /tmp/handbook_chat.jsonl --model default --steps 5 --eval-every 5
  python bench/tune.py ... --trl-loss                      # before issue 10's fix: TRL's own loss on the CPU
  python bench/tune.py ... --set tune.gradient_checkpointing=on   # any tune setting
  python bench/tune.py --data /tmp/handbook_chat.jsonl --model small --breakdown 4 \
      --out bench/tune_results/breakdown-qwen2.5-coder-0.5b.json  # where a step's time goes, no training run

Prints (and with --out writes) JSON: seconds per optimizer step (mean over the steps after the first,
evaluation and checkpoint steps included, as a user waits for them), training tokens per second
(prompt + answer tokens, TRL's count, over the training phase), peak RSS of this process (the model
load included), final and best validation loss, the settings and the machine's load (uptime). The
tune settings are the configured ones (configs/default.yaml) except those given here. A benchmark,
not a test: the numbers depend on the machine and on what else runs on it.

--breakdown N times one forward + backward of each of N micro-batches (batch_size examples) several ways,
interleaved so that the machine's load falls on each alike (median seconds): the loss rag trains with, TRL's
own loss, transformers' full-logits loss, rag's loss with attention-only LoRA and no dropout (the setting of
shared/MODELS.md's plain peft loop), and one AdamW step on the LoRA weights.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def handbook_chat(out: Path, seed: int = 0) -> None:
    """data/handbook_qa.jsonl (question, answer, page) as closed-book chat examples; the questions of a
    seeded tenth of the pages validate (split by source, so no validation fact is trained on)."""
    from rag.prompt import closed_book_messages

    rows = [json.loads(line) for line in (ROOT / "data" / "handbook_qa.jsonl").read_text().splitlines() if line.strip()]
    pages = sorted({r["page"] for r in rows if r["page"] is not None})  # None: the handbook doesn't answer it
    held = set(random.Random(seed).sample(pages, max(1, len(pages) // 10)))
    with open(out, "w") as fh:
        for r in rows:
            answer = r["answer"] if r["page"] is not None else "I don't know."  # the closed-book rule's words
            messages = closed_book_messages(r["question"]) + [{"role": "assistant", "content": answer}]
            fh.write(json.dumps({"messages": messages, "source": {"file": "handbook.pdf", "page": r["page"]},
                                 "split": "val" if r["page"] in held else "train"}) + "\n")
    print(f"wrote {len(rows)} examples ({sum(r['page'] in held for r in rows)} validation) to {out}")


def run(args) -> dict:
    from rag.config import load_config
    from rag.models import resolve_llm
    from rag.tune.adapters import read_manifest
    from rag.tune.train import train

    overrides = [f"tune.max_steps={args.steps}", f"tune.eval_every={args.eval_every}",
                 "tune.early_stopping_patience=0", f"tune.adapters_dir={tempfile.mkdtemp(prefix='rag-bench-tune-')}"]
    for key in ("batch_size", "grad_accum", "max_length"):
        if getattr(args, key) is not None:
            overrides.append(f"tune.{key}={getattr(args, key)}")
    overrides += args.set
    if args.trl_loss:  # TRL's fused LM head over every position, as rag trained before issue 10's fix
        import rag.tune.train
        from trl import SFTTrainer

        rag.tune.train.labelled_head_trainer = lambda: SFTTrainer
    tcfg = load_config(overrides=overrides).tune
    folder = resolve_llm(args.model)
    steps: list[tuple[int, float]] = []
    last = {}

    def progress(p) -> None:
        if p.event == "step":
            steps.append((p.step, time.perf_counter()))
        last.update(step=p.step, loss=p.loss, val=p.val_loss)
        print(f"step {p.step}/{p.total} loss {p.loss} val {p.val_loss} {p.tokens_per_s:.0f} tok/s", file=sys.stderr)

    load_before, uptime_before = os.getloadavg(), _uptime()
    started = time.perf_counter()
    path = train(Path(args.data), folder, "bench", tcfg, device=args.device, qlora=args.qlora,
                 on_progress=progress, on_status=lambda m: print(m, file=sys.stderr))
    total = time.perf_counter() - started
    m = read_manifest(path)
    per_step = (steps[-1][1] - steps[0][1]) / (len(steps) - 1) if len(steps) > 1 else None
    return {
        "model": m["base_model"]["name"], "data": str(args.data), "steps": m["metrics"]["steps"],
        "settings": {k: m["hyperparameters"][k] for k in ("rank", "alpha", "target_modules", "batch_size", "grad_accum",
                                                          "max_length", "learning_rate", "device", "dtype", "qlora")}
        | {"gradient_checkpointing": tcfg.gradient_checkpointing, "overrides": args.set,
           "loss": "trl fused head, every position" if args.trl_loss else "LM head on answer tokens only"},
        "examples": {"train": m["data"]["train_examples"], "val": m["data"]["val_examples"]},
        "seconds_per_step": round(per_step, 2) if per_step else None,
        "train_tokens": m["cost"]["train_tokens"], "training_seconds": m["cost"]["seconds"],
        "tokens_per_second": m["cost"]["tokens_per_second"],
        "seconds_total_with_load": round(total, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_gpu_mb": m["cost"]["peak_memory_mb"] if m["cost"]["peak_memory_kind"] == "cuda allocated" else None,
        "train_loss_first_last": [m["metrics"]["train_loss"][0][1], m["metrics"]["train_loss"][-1][1]],
        "val_loss": m["metrics"]["val_loss"], "final_val_loss": m["metrics"]["val_loss"][-1][1],
        "best_val_loss": m["metrics"]["best_val_loss"],
        "machine": {"cpus": os.cpu_count(), "torch_threads": _torch_threads(),
                    "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in os.getloadavg()], "uptime_before": uptime_before,
                    "uptime_after": _uptime(), "python": platform.python_version()},
    }


def breakdown(args) -> dict:
    import statistics

    from rag.config import load_config  # first: `import rag` sets OMP_WAIT_POLICY before torch loads
    from rag.models import resolve_llm
    from rag.tune.data import read_jsonl
    from rag.tune.train import _tokenizer, _trainer, check_causal_lm, pairs, split_examples

    import torch
    from trl import SFTTrainer

    folder = resolve_llm(args.model)
    tokenizer = _tokenizer(folder)
    train_set, val_set = split_examples(read_jsonl(args.data), 0)
    train_rows, val_rows = pairs(tokenizer, train_set, 1024)[0], pairs(tokenizer, val_set, 1024)[0]

    def trainer(*more, modules=None):
        tcfg = load_config(overrides=[f"tune.batch_size={args.batch_size or 4}", "tune.grad_accum=1",
                                      "tune.max_steps=5", "tune.early_stopping_patience=0", *args.set, *more]).tune
        modules = modules or tcfg.modules_for(check_causal_lm(folder))
        made, _ = _trainer(folder, tokenizer, train_rows, val_rows, tcfg, {"target_modules": modules},
                           Path(tempfile.mkdtemp(prefix="rag-bench-tune-")), "cpu", "float32", False, None, print)
        made.model.train()
        return made

    rag_t = trainer()
    batches = [b for _, b in zip(range(args.breakdown), rag_t.get_train_dataloader())]
    attn_t = trainer("tune.dropout=0", modules=["q_proj", "k_proj", "v_proj", "o_proj"])

    def fwd_bwd(t, loss_of):
        def one(b):
            loss_of(t, b).backward()
            t.model.zero_grad(set_to_none=True)
        return one

    rag_t.create_optimizer()
    lora = [p for p in rag_t.model.parameters() if p.requires_grad]

    def adamw_step(_b):
        for p in lora:
            p.grad = torch.zeros_like(p)
        rag_t.optimizer.step()
        rag_t.optimizer.zero_grad(set_to_none=True)

    ways = {
        "rag loss (answer tokens through the LM head)": fwd_bwd(rag_t, lambda t, b: t.compute_loss(t.model, dict(b))),
        "TRL loss (every position through the LM head)":
            fwd_bwd(rag_t, lambda t, b: SFTTrainer.compute_loss(t, t.model, dict(b))),
        "transformers full-logits loss": fwd_bwd(rag_t, lambda t, b: t.model(**b).loss),
        "rag loss, attention-only LoRA, no dropout": fwd_bwd(attn_t, lambda t, b: t.compute_loss(t.model, dict(b))),
        "AdamW step on the LoRA weights": adamw_step,
    }
    for one in ways.values():
        one(batches[0])  # warm-up
    seconds = {name: [] for name in ways}
    uptime_before = _uptime()
    for _ in range(args.rounds):
        for b in batches:
            for name, one in ways.items():
                started = time.perf_counter()
                one(b)
                seconds[name].append(time.perf_counter() - started)
    tokens = statistics.mean(int(b["attention_mask"].sum()) for b in batches)
    median = {name: round(statistics.median(s), 3) for name, s in seconds.items()}
    return {"model": args.model, "data": str(args.data), "micro_batches": len(batches), "rounds": args.rounds,
            "padded_shapes": [list(b["input_ids"].shape) for b in batches], "real_tokens_per_micro_batch": tokens,
            "answer_tokens_per_micro_batch": statistics.mean(int((b["labels"] != -100).sum()) for b in batches),
            "median_seconds": median,
            "tokens_per_second": {n: round(tokens / s, 1) for n, s in median.items() if "AdamW" not in n},
            "machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                        "uptime_before": uptime_before, "uptime_after": _uptime()}}


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _torch_threads() -> int:
    import torch

    return torch.get_num_threads()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handbook-jsonl", type=Path, help="only write the handbook QA as chat JSONL here")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--model", default="tiny")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--eval-every", type=int, default=10)
    parser.add_argument("--batch-size", dest="batch_size", type=int)
    parser.add_argument("--grad-accum", dest="grad_accum", type=int)
    parser.add_argument("--max-length", dest="max_length", type=int)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a tune setting, e.g. "
                        "tune.gradient_checkpointing=on")
    parser.add_argument("--qlora", action="store_true", help="the base in 4 bits (bitsandbytes, CUDA only)")
    parser.add_argument("--trl-loss", action="store_true", help="TRL's own loss on the CPU (the LM head over "
                        "every position), as before issue 10's fix")
    parser.add_argument("--breakdown", type=int, metavar="N", help="no training run: time N micro-batches' "
                        "forward + backward several ways (see above)")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the --breakdown micro-batches")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.handbook_jsonl:
        handbook_chat(args.handbook_jsonl)
        return
    if not args.data:
        parser.error("--data is needed (write one with --handbook-jsonl)")
    result = breakdown(args) if args.breakdown else run(args)
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
