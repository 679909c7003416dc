"""Training speed and memory of `rag tune train`: N steps of LoRA on a chat JSONL, with one model.

Usage:
  python bench/tune.py --handbook-jsonl /tmp/handbook_chat.jsonl     # write the handbook QA as chat JSONL
  python bench/tune.py --data /tmp/handbook_chat.jsonl --model tiny --steps 20 --eval-every 10 \\
      --out bench/tune_results/smollm2-135m.json
  python bench/tune.py --data /tmp/handbook_chat.jsonl --model default --steps 5 --eval-every 5

Prints (and with --out writes) JSON: seconds per optimizer step (mean over the steps after the first,
evaluation and checkpoint steps included, as a user waits for them), training tokens per second
(prompt + answer tokens, TRL's count, over the training phase), peak RSS of this process (the model
load included), final and best validation loss, the settings and the machine's load (uptime). The
tune settings are the configured ones (configs/default.yaml) except those given here. A benchmark,
not a test: the numbers depend on the machine and on what else runs on it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
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
    tcfg = load_config(overrides=overrides).tune
    folder = resolve_llm(args.model)
    steps: list[tuple[int, float]] = []
    last = {}

    def progress(p) -> None:
        if p.event == "step":
            steps.append((p.step, time.perf_counter()))
        last.update(step=p.step, loss=p.loss, val=p.val_loss)
        print(f"step {p.step}/{p.total} loss {p.loss} val {p.val_loss} {p.tokens_per_s:.0f} tok/s", file=sys.stderr)

    load_before = os.getloadavg()
    started = time.perf_counter()
    path = train(Path(args.data), folder, "bench", tcfg, device=args.device, on_progress=progress,
                 on_status=lambda m: print(m, file=sys.stderr))
    total = time.perf_counter() - started
    m = read_manifest(path)
    per_step = (steps[-1][1] - steps[0][1]) / (len(steps) - 1) if len(steps) > 1 else None
    return {
        "model": m["base_model"]["name"], "data": str(args.data), "steps": m["metrics"]["steps"],
        "settings": {k: m["hyperparameters"][k] for k in ("rank", "alpha", "target_modules", "batch_size", "grad_accum",
                                                          "max_length", "learning_rate", "device", "dtype")},
        "examples": {"train": m["data"]["train_examples"], "val": m["data"]["val_examples"]},
        "seconds_per_step": round(per_step, 2) if per_step else None,
        "train_tokens": m["cost"]["train_tokens"], "training_seconds": m["cost"]["seconds"],
        "tokens_per_second": m["cost"]["tokens_per_second"],
        "seconds_total_with_load": round(total, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "train_loss_first_last": [m["metrics"]["train_loss"][0][1], m["metrics"]["train_loss"][-1][1]],
        "val_loss": m["metrics"]["val_loss"], "final_val_loss": m["metrics"]["val_loss"][-1][1],
        "best_val_loss": m["metrics"]["best_val_loss"],
        "machine": {"cpus": os.cpu_count(), "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version()},
    }


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
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.handbook_jsonl:
        handbook_chat(args.handbook_jsonl)
        return
    if not args.data:
        parser.error("--data is needed (write one with --handbook-jsonl)")
    result = run(args)
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
