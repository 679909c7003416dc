"""`rag ask` (one question) and `rag chat` (the Human:/AI: loop)."""
from __future__ import annotations

import json
import sys

import click

from rag.cli_common import config_from, embedder_from, generator_from, reranker_from

EXIT_WORDS = {"bye", "exit", "quit", ":q"}


class Session:
    """What one process keeps between questions: the index, the embedder, the model, the history."""

    def __init__(self, ctx: click.Context, model: str | None, adapter: str | None, k: int | None):
        from rag.index import Index

        self.cfg = config_from(ctx)
        if k is not None:
            self.cfg.retrieve.k = k
            self.cfg.retrieve.candidates = max(self.cfg.retrieve.candidates, k)
        self.index = Index(self.cfg.index_path)
        self.embedder = embedder_from(self.cfg)
        self.index.check_embedder(self.embedder.name, self.embedder.normalize)
        self.generator = generator_from(self.cfg, model, adapter)
        self.reranker = reranker_from(self.cfg)
        self.history: list[tuple[str, str]] = []

    def ask(self, question: str, on_token=None, remember: bool = False):
        from rag.answer import answer_question

        result = answer_question(question, self.index, self.embedder, self.generator, self.cfg,
                                 history=self.history if remember else None, on_token=on_token,
                                 reranker=self.reranker)
        if remember:
            self.history.append((result.question, result.answer))
        return result


def _options(f):
    f = click.option("-k", "k", type=click.IntRange(1, 50), help="Passages given to the model (default: retrieve.k).")(f)
    f = click.option("--adapter", metavar="NAME|PATH", help="A LoRA adapter folder trained for the model.")(f)
    f = click.option("--model", metavar="NAME|PATH", help="default, quality, tiny, or a local model folder.")(f)
    return f


@click.command("ask", epilog="""\b
Examples:
  rag ask "When is the tuition refund deadline?"
  rag ask "What does the fee table say about lab fees?" --json
  rag ask "..." --model quality -k 6
""")
@click.argument("question")
@_options
@click.option("--json", "as_json", is_flag=True, help="Print {question, answer, sources, citations} as JSON.")
@click.pass_context
def ask_cmd(ctx, question: str, model, adapter, k, as_json: bool) -> None:
    """Answer QUESTION from the indexed documents, citing file and page."""
    session = Session(ctx, model, adapter, k)
    if as_json:
        result = session.ask(question)
        _warn(result)
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    result = session.ask(question, on_token=_stream)
    click.echo()
    _warn(result)
    _print_sources(result, indent="")


@click.command("chat", epilog="""\b
Examples:
  rag chat
  rag --index ./papers-index chat --model quality
Type a question after "Human:"; follow-up questions use the conversation.
Leave with bye, exit, quit or Ctrl-D.
""")
@_options
@click.pass_context
def chat_cmd(ctx, model, adapter, k) -> None:
    """Talk with your documents: an interactive Human:/AI: loop."""
    from rag.errors import RagError

    session = Session(ctx, model, adapter, k)
    click.echo('Ask about your documents. Type "bye" (or Ctrl-D) to leave.', err=True)
    while True:
        try:
            question = input("Human: ")
        except EOFError:
            click.echo()
            break
        if question.strip().lower().strip("!.") in EXIT_WORDS:
            break
        if not question.strip():
            continue
        click.echo("AI: ", nl=False)
        try:
            result = session.ask(question, on_token=_stream, remember=True)
        except RagError as exc:
            click.echo(f"\nrag: error: {exc}", err=True)
            continue
        click.echo()
        _warn(result)
        _print_sources(result, indent="    ")


def _stream(piece: str) -> None:
    sys.stdout.write(piece)
    sys.stdout.flush()


def _warn(result) -> None:
    for w in result.warnings:
        click.echo(f"rag: warning: {w}", err=True)


def _print_sources(result, indent: str) -> None:
    for c in result.citations:
        click.echo(f"{indent}[{c.n}] {c.file} {c.pages}")
