"""`rag tune train|merge` (weight changes: LoRA fine-tuning) and `rag adapters list|show|remove` (the store).

The library trains and reports through callbacks (rag.tune.train); this module draws the progress on
stderr: one rewriting line on a terminal, a line per validation (and every 10 steps) in a log.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from rag.cli.common import config_from
from rag.cli.text import json_text, safe


@click.group("tune", epilog="""\b
Examples:
  rag tune data build --out tune/handbook.jsonl           question/answer pairs from the indexed documents
  rag tune data check my_pairs.csv --out tune/mine.jsonl  import and check your own examples
  rag tune train tune/handbook.jsonl --name handbook      LoRA on the default model
  rag tune train data.jsonl --name hb-tiny --model tiny   on SmolLM2-135M (minutes on a CPU)
  rag tune train data.jsonl --name handbook --resume      continue after Ctrl-C
  rag tune merge handbook --out models/handbook-merged    a standalone model folder (rag ask --model FOLDER)
Settings (rank, learning rate, steps...): the tune section of the config, e.g. --set tune.max_steps=100.
""")
def tune_group() -> None:
    """Weight changes: fine-tune the chat model on question/answer examples (LoRA adapters)."""


from rag.cli.tune_data import data_group  # noqa: E402 (the data commands: rag tune data build|check)

tune_group.add_command(data_group)


@tune_group.command("train")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("--name", required=True, help="The adapter's name in the store (then: --adapter NAME).")
@click.option("--model", metavar="NAME|PATH", help="Base model: default (1.5B), small (0.5B: "
              "three times faster to train on a CPU), tiny, or a model folder (default: generate.model).")
@click.option("--resume", is_flag=True, help="Continue an interrupted run of --name from its last checkpoint.")
@click.option("--restart", is_flag=True, help="Discard an interrupted run of --name and start over.")
@click.option("--qlora", is_flag=True, help="Load the base model in 4 bits (needs CUDA and bitsandbytes).")
@click.pass_context
def train_cmd(ctx, data: str, name: str, model, resume: bool, restart: bool, qlora: bool) -> None:
    """Train a LoRA adapter on DATA (chat JSONL: {"messages": [...]} per line)."""
    from rag.models import resolve_llm
    from rag.tune.train import train

    cfg = config_from(ctx)
    bar = ProgressLine(sys.stderr)
    folder = resolve_llm(model or cfg.generate.model, on_status=bar.say)
    try:
        path = train(Path(data), folder, name, cfg.tune, device=cfg.generate.device, resume=resume,
                     restart=restart, qlora=qlora, on_progress=bar.update, on_status=bar.say)
    finally:
        bar.close()
    from rag.tune.adapters import read_manifest

    m = read_manifest(path)["metrics"]
    click.echo(f"adapter '{name}' saved in {safe(str(path))}: {m['steps']} steps, best validation loss "
               f"{m['best_val_loss']} at step {m['best_step']}")
    click.echo(f"use it: rag ask QUESTION --adapter {name}{'' if not model else f' --model {model}'}")


@tune_group.command("merge")
@click.argument("adapter", metavar="NAME|PATH")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="The new model folder.")
@click.option("--model", metavar="NAME|PATH", help="Base model (default: the one the adapter was trained on).")
@click.pass_context
def merge_cmd(ctx, adapter: str, out: str, model) -> None:
    """Fold an adapter into a full-precision copy of its base: a standalone model folder."""
    from rag.models import lookup, resolve_llm
    from rag.tune.adapters import read_manifest, resolve_adapter
    from rag.tune.merge import merge

    cfg = config_from(ctx)
    folder = resolve_adapter(adapter, cfg.tune.adapters_dir)
    base = (read_manifest(folder) or {}).get("base_model", {}) if folder.is_dir() else {}
    if not model:  # the registered name (converted here if need be), else the folder it was trained from
        model = base.get("name") if base.get("name") and lookup(base["name"]) else base.get("path")
    if not model:
        raise click.UsageError("this adapter has no manifest naming its base model; pass --model")
    say = lambda msg: click.echo(f"rag: {safe(msg)}", err=True)  # noqa: E731
    path = merge(folder, resolve_llm(model, on_status=say), Path(out), on_status=say)
    click.echo(f"merged model saved in {safe(str(path))}; use it: rag ask QUESTION --model {safe(str(path))}")


@click.group("adapters")
def adapters_group() -> None:
    """Trained LoRA adapters (rag tune train): list, show, remove."""


@adapters_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_context
def list_cmd(ctx, as_json: bool) -> None:
    """Name, base model, data file, steps, best validation loss and date of each adapter."""
    from dataclasses import asdict

    from rag.tune.adapters import list_adapters, store_dir

    cfg = config_from(ctx)
    found = list_adapters(cfg.tune.adapters_dir)
    if as_json:
        click.echo(json_text([asdict(a) for a in found]))
        return
    if not found:
        click.echo(f"no adapters in {store_dir(cfg.tune.adapters_dir)} (train one: rag tune train DATA --name NAME)",
                   err=True)
        return
    rows = [("NAME", "BASE MODEL", "DATA", "STEPS", "BEST VAL LOSS", "DATE")]
    rows += [(a.name, a.base, a.data, str(a.steps if a.steps is not None else "?"),
              "?" if a.best_val_loss is None else f"{a.best_val_loss:.4f}", a.created[:10]) for a in found]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo(safe("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip()))


@adapters_group.command("show")
@click.argument("name")
@click.pass_context
def show_cmd(ctx, name: str) -> None:
    """The manifest of adapter NAME: base model and hash, data and hash, settings, metrics, cost."""
    from rag.tune.adapters import adapter_folder, read_manifest

    folder = adapter_folder(config_from(ctx).tune.adapters_dir, name)
    click.echo(json_text(read_manifest(folder) or {"name": name, "note": "no manifest (not made by rag tune train)"}))


@adapters_group.command("remove")
@click.argument("name")
@click.pass_context
def remove_cmd(ctx, name: str) -> None:
    """Delete adapter NAME from the store."""
    from rag.tune.adapters import remove_adapter

    folder = remove_adapter(config_from(ctx).tune.adapters_dir, name)
    click.echo(f"removed adapter '{name}' ({safe(str(folder))})")


# -- progress ------------------------------------------------------------------------------------------------

class ProgressLine:
    """Training progress on stderr: "step 12/40  loss 1.83  val 1.91  310 tok/s  ETA 2m05s"."""

    def __init__(self, stream, every: int = 10):
        self.stream, self.every = stream, every
        self.terminal = _is_terminal(stream)
        self.drawn = False

    def update(self, p) -> None:
        parts = [f"step {p.step}/{p.total}"]
        if p.loss is not None:
            parts.append(f"loss {p.loss:.3f}")
        if p.val_loss is not None:
            parts.append(f"val {p.val_loss:.3f}")
        parts += [f"{p.tokens_per_s:.0f} tok/s", f"ETA {_duration(p.eta_s)}"]
        line = "rag: " + "  ".join(parts)
        if self.terminal:
            self.stream.write("\r" + line + "\x1b[K")
            self.drawn = True
        elif p.event == "eval" or p.step % self.every == 0 or p.step == p.total:
            self.stream.write(line + "\n")
        self.stream.flush()

    def say(self, message: str) -> None:
        self.close()
        self.stream.write(f"rag: {safe(message)}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.drawn = False


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
