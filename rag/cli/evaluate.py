"""`rag eval DATA` (answer the questions in each mode, score, write a run folder with a report) and
`rag eval report RUN_DIR` (re-render the reports from a run's saved results)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from rag.cli.common import config_from
from rag.cli.text import json_text, safe


class _EvalGroup(click.Group):
    """`rag eval DATA ...` runs an evaluation (the `run` subcommand); `rag eval report DIR` re-renders."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group("eval", cls=_EvalGroup, epilog="""\b
Examples:
  rag eval data/handbook_qa.jsonl --modes closed-book,rag,lora,lora+rag --adapter handbook
  rag eval ../shared/datasets/docugami-sec10q/page_qa.jsonl --modes closed-book,rag --limit 40
  rag eval report runs/2026-12-01-handbook_qa/     re-render report.html and report.md
Modes: closed-book (the model alone), rag (with retrieval), lora (the adapter alone), lora+rag (both).
""")
def eval_group() -> None:
    """Measure sticky notes (retrieval) against weight changes (a LoRA adapter) on your questions."""


@eval_group.command("run")
@click.argument("data", type=click.Path(dir_okay=False))
@click.option("--modes", default="closed-book,rag", show_default=True,
              help="Comma-separated: closed-book, rag, lora, lora+rag.")
@click.option("--adapter", metavar="NAME|PATH", help="The LoRA adapter for the lora modes (rag adapters list).")
@click.option("--model", metavar="NAME|PATH", help="default (1.5B), small (0.5B), tiny (135M), or a local model folder.")
@click.option("--limit", type=click.IntRange(1), help="At most N questions, spread over the set (eval.max_questions).")
@click.option("--out", "out", metavar="DIR", type=click.Path(file_okay=False),
              help="The run folder (default: eval.runs_dir/<date>-<data file stem>/).")
@click.option("--json", "as_json", is_flag=True, help="Print results.json to stdout.")
@click.pass_context
def run_cmd(ctx, data: str, modes: str, adapter, model, limit, out, as_json: bool) -> None:
    """Answer DATA's questions in each mode, score them and write results, answers and reports.

    DATA: JSONL of {question, answer, file?, pages?, answerable?} (the handbook's and page_qa.jsonl's
    formats too), Docugami's qna_data.csv, or ARAGOG's benchmark.json."""
    from rag.build import embedder_from
    from rag.evaluate.data import in_index, load_questions, spread
    from rag.evaluate.report import write_reports
    from rag.evaluate.run import default_folder, evaluate, parse_modes
    from rag.evaluate.summary import write_run

    cfg = config_from(ctx)
    chosen = parse_modes(modes, adapter or cfg.generate.adapter)
    adapter = adapter or cfg.generate.adapter
    questions = spread(load_questions(data), limit or cfg.eval.max_questions)
    embedder = embedder_from(cfg)
    index, skipped = None, []
    if any(m.retrieval for m in chosen):
        index = _open_index(cfg, embedder)
        questions, skipped = in_index(questions, [d.name for d in index.documents()])
        if skipped:
            click.echo(safe(f"rag: {len(skipped)} question(s) skipped, their documents are not in the index: "
                            + ", ".join(dict.fromkeys(f for q in skipped for f in q.files))), err=True)
        if not questions:
            from rag.errors import RagError

            raise RagError(f"none of the questions' documents is in the index at {cfg.index_path}; "
                           "add them with `rag ingest FILE`")
    folder = Path(out) if out else default_folder(cfg, data)
    results, rows = evaluate(data, questions, chosen, cfg, embedder, index, model, adapter, skipped,
                             on_progress=_progress_line(),
                             on_status=lambda msg: click.echo(safe(f"rag: {msg}"), err=True))
    write_run(folder, results, rows)
    write_reports(folder, results, rows)
    if as_json:
        click.echo(json_text(results))
    else:
        _print_summary(results, folder)


@eval_group.command("report")
@click.argument("run_dir", type=click.Path(file_okay=False))
def report_cmd(run_dir: str) -> None:
    """Re-render RUN_DIR's report.html and report.md from its results.json and answers.jsonl."""
    from rag.evaluate.report import write_reports
    from rag.evaluate.summary import read_run

    folder = Path(run_dir)
    results, rows = read_run(folder)
    for path in write_reports(folder, results, rows):
        click.echo(str(path))


def _open_index(cfg, embedder):
    from rag.errors import IndexError_
    from rag.index import Index

    if not cfg.index_path.is_dir():
        raise IndexError_(f"no index at {cfg.index_path}; the rag modes need one: `rag ingest FILE` (or --index DIR)")
    index = Index(cfg.index_path)
    index.check_embedder(embedder.name, embedder.normalize)
    return index


def _progress_line():
    """A line per mode on stderr: rewritten in place on a terminal; in a log, every 5 questions and at the end."""
    import time

    tty, start = sys.stderr.isatty(), time.perf_counter()

    def show(p) -> None:
        line = (f"rag: eval {p.mode}: {p.done}/{p.total} questions, {100 * p.correct:.0f}% correct so far "
                f"({(time.perf_counter() - start) / 60:.1f} min)")
        if tty:
            click.echo("\r" + line + "\x1b[K", err=True, nl=p.done == p.total)
        elif p.done == p.total or p.done % 5 == 0:
            click.echo(line, err=True)

    return show


def _print_summary(results: dict, folder: Path) -> None:
    from rag.evaluate.report import verdict

    click.echo(verdict(results).replace("**", ""))
    click.echo(f"report: {folder / 'report.html'}")
