"""`rag tune data build|check`: fine-tuning examples from the index, or imported from the user's own file."""
from __future__ import annotations

import click

from rag.cli.common import config_from
from rag.cli.text import json_text, safe

SHOWN = 10  # problem rows listed by name before "... and N more"


class _DataGroup(click.Group):
    """Runs standalone too (tests, another entry point): RagError becomes one line and an exit code,
    and the global options' defaults are filled in when no `rag` group put them there."""

    def invoke(self, ctx: click.Context):
        from rag.errors import RagError

        obj = ctx.ensure_object(dict)
        for key, default in (("config_file", None), ("overrides", []), ("index_dir", None)):
            obj.setdefault(key, default)
        try:
            return super().invoke(ctx)
        except RagError as exc:
            click.echo(f"rag: error: {safe(str(exc))}", err=True)
            ctx.exit(exc.exit_code)


@click.group("data", cls=_DataGroup)
def data_group() -> None:
    """Fine-tuning data: build question/answer pairs from the index, or check your own."""


@data_group.command("check", epilog="""\b
Examples:
  rag tune data check my_pairs.csv --out tune/mine.jsonl
  rag tune data check alpaca.json --out tune/alpaca.jsonl --strict --json
""")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), help="Write the usable examples here (chat JSONL).")
@click.option("--strict", is_flag=True, help="Refuse the import at the first malformed row.")
@click.option("--model", help="Count tokens with this model (default: generate.model).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def check_cmd(ctx: click.Context, input_file: str, out: str | None, strict: bool, model: str | None,
              as_json: bool) -> None:
    """Import INPUT (JSONL, JSON, CSV, TSV, XLSX: OpenAI, Alpaca or question/answer fields) and report
    what matters before training: malformed rows, duplicates, over-long examples, token lengths, the split."""
    from pathlib import Path

    from rag.build import generator_from
    from rag.tune.data import check_file
    from rag.tune.formats import file_format

    cfg = config_from(ctx)
    file_format(Path(input_file))  # an unsupported file is refused before a model loads
    counter = generator_from(cfg, model, on_status=lambda m: click.echo(m, err=True)).prompt_tokens
    t = cfg.tune
    report = check_file(input_file, out, counter, t.max_tokens, t.val_fraction, t.seed, strict=strict)
    if as_json:
        click.echo(json_text(report.to_json()))
        return
    click.echo(f"read {report.rows} rows from {safe(report.file)} ({report.format})")
    _problems("malformed, skipped", [f"{w}: {r}" for w, r in report.malformed])
    _problems("duplicates, skipped", [f"{w} (same as {s})" for w, s in report.duplicates])
    _problems(f"over {report.max_tokens} tokens, skipped", [f"{w}: {n} tokens" for w, n in report.over_long])
    tk = report.tokens
    click.echo(f"tokens per example: min {tk['min']}, median {tk['median']}, p95 {tk['p95']}, max {tk['max']}")
    click.echo(f"split: {report.train} train, {report.val} val, by {report.split_by}")
    click.echo(f"wrote {report.examples} examples to {safe(report.out)}" if report.out
               else f"{report.examples} usable examples (pass --out FILE to write them)")


def _tty() -> bool:
    import sys

    return sys.stderr.isatty()


def _chunk_progress(tty: bool):
    """"chunk n/N, elapsed, ETA" on stderr: rewritten in place on a terminal, a line every 10 chunks in a log."""
    import time

    start = time.perf_counter()

    def show(done: int, total: int) -> None:
        if not tty and done % 10 and done != total:
            return
        spent = time.perf_counter() - start
        eta = f", about {spent / done * (total - done) / 60:.0f} min left" if done else ""
        line = f"chunk {done}/{total} ({spent / 60:.1f} min{eta})"
        click.echo("\r" + line if tty else line, nl=not tty, err=True)

    return show


def _problems(what: str, lines: list[str]) -> None:
    if not lines:
        return
    click.echo(f"{len(lines)} {what}:")
    for line in lines[:SHOWN]:
        click.echo(f"  {safe(line)}")
    if len(lines) > SHOWN:
        click.echo(f"  ... and {len(lines) - SHOWN} more (--json lists them all)")


@data_group.command("build", epilog="""\b
Examples:
  rag tune data build --out tune/handbook.jsonl
  rag tune data build --out tune/raft.jsonl --raft --paraphrases 3
  rag tune data build --out tune/quick.jsonl --per-chunk 0 --limit 20   structure only, no model
""")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Write the examples here (chat JSONL).")
@click.option("--per-chunk", type=int, help="Pairs the model writes per chunk (default: tune.pairs_per_chunk; 0: none).")
@click.option("--paraphrases", type=int, help="Extra wordings per question (default: tune.paraphrases).")
@click.option("--raft", is_flag=True, help="Also write RAFT examples: the gold passage among distractors, "
                                           "in the answering prompt.")
@click.option("--limit", type=int, help="Read only the first N chunks.")
@click.option("--model", help="The model that writes pairs and counts tokens (default: generate.model).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def build_cmd(ctx: click.Context, out: str, per_chunk: int | None, paraphrases: int | None, raft: bool,
              limit: int | None, model: str | None, as_json: bool) -> None:
    """Question/answer pairs grounded in the indexed chunks, each with its file, page and chunk."""
    from rag.build import generator_from
    from rag.errors import RagError
    from rag.index import Index
    from rag.tune.pairs import BuildOptions, build_examples

    cfg = config_from(ctx)
    for name, value in (("--per-chunk", per_chunk), ("--paraphrases", paraphrases), ("--limit", limit)):
        if value is not None and value < (1 if name == "--limit" else 0):
            raise RagError(f"{name} must be at least {1 if name == '--limit' else 0}, not {value}")
    index = Index(cfg.index_path)
    t = cfg.tune
    options = BuildOptions(per_chunk=t.pairs_per_chunk if per_chunk is None else per_chunk,
                           paraphrases=t.paraphrases if paraphrases is None else paraphrases,
                           raft=raft, distractors=t.raft_distractors, limit=limit, seed=t.seed,
                           val_fraction=t.val_fraction, support_share=t.support_share,
                           max_new_tokens=2 * cfg.generate.max_new_tokens, answer_tokens=cfg.generate.max_new_tokens,
                           max_context_tokens=cfg.generate.max_context_tokens)
    generator = generator_from(cfg, model, on_status=lambda m: click.echo(m, err=True))
    progress = None if as_json else _chunk_progress(_tty())
    try:
        summary = build_examples(index, generator, options, out, on_progress=progress)
    finally:
        index.close()
    if progress and _tty():
        click.echo("", err=True)
    if as_json:
        click.echo(json_text(summary.to_json()))
        return
    click.echo(f"read {summary.chunks} chunks; kept {summary.kept} pairs: "
               + ", ".join(f"{n} {kind}" for kind, n in sorted(summary.facts.items())))
    click.echo(f"examples with paraphrases{' and RAFT' if raft else ''}: "
               + ", ".join(f"{n} {kind}" for kind, n in sorted(summary.kinds.items())))
    if summary.dropped:
        click.echo(f"dropped {sum(summary.dropped.values())}: "
                   + ", ".join(f"{n} {why}" for why, n in sorted(summary.dropped.items(), key=lambda x: -x[1])))
    click.echo(f"split: {summary.train} train, {summary.val} val, by {summary.split_by}")
    click.echo(f"wrote {summary.train + summary.val} examples to {safe(summary.out)}")
