"""`rag ask` (one question) and `rag chat` (the Human:/AI: loop).

The answer is printed only once it has been checked (see rag.answer): stdout never holds text that
is then withheld. Until then a status line on stderr (a terminal only) says what is happening.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager

import click

from rag.build import embedder_from, generator_from, reranker_from
from rag.cli.common import config_from
from rag.cli.text import json_text, safe

EXIT_WORDS = {"bye", "exit", "quit", ":q"}


class Session:
    """What one process keeps between questions: the index, the embedder, the model, the history."""

    def __init__(self, ctx: click.Context, model: str | None, adapter: str | None, k: int | None,
                 retrieval: bool = True):
        from rag.index import Index

        self.cfg = config_from(ctx)
        if k is not None:
            self.cfg.retrieve.k = k
            self.cfg.retrieve.candidates = max(self.cfg.retrieve.candidates, k)
        self.retrieval = retrieval  # off: the model alone (weight changes only), no index needed
        self.index = Index(self.cfg.index_path) if retrieval else None
        self.embedder = embedder_from(self.cfg) if retrieval else None
        if retrieval:
            self.index.check_embedder(self.embedder.name, self.embedder.normalize)
        self.generator = generator_from(self.cfg, model, adapter,  # the first use converts the model: say so
                                        on_status=lambda msg: click.echo(f"rag: {msg}", err=True))
        self.reranker = reranker_from(self.cfg) if retrieval else None
        self.history: list[tuple[str, str]] = []

    def ask(self, question: str, remember: bool = False):
        """The checked Answer; a status line shows on a terminal while it is worked out."""
        from rag.answer import answer_question

        with status_line() as on_status:
            result = answer_question(question, self.index, self.embedder, self.generator, self.cfg,
                                     history=self.history if remember else None, reranker=self.reranker,
                                     on_status=on_status, retrieval=self.retrieval)
        if remember:
            self.history.append((result.question, result.answer))
        return result


def _options(f):
    f = click.option("--no-retrieval", "no_retrieval", is_flag=True,
                     help="Weight changes only: ask the model (with --adapter, a fine-tuned one) without passages. "
                          "The answer is not grounded in the documents and cites nothing.")(f)
    f = click.option("-k", "k", type=click.IntRange(1, 50), help="Passages given to the model (default: retrieve.k).")(f)
    f = click.option("--adapter", metavar="NAME|PATH",
                     help="A LoRA adapter for the model: a name from `rag adapters list`, or a folder.")(f)
    f = click.option("--model", metavar="NAME|PATH", help="default (1.5B), small (0.5B), tiny (135M), or a local model folder.")(f)
    return f


@click.command("ask", epilog="""\b
Examples:
  rag ask "When is the tuition refund deadline?"
  rag ask "What does the fee table say about lab fees?" --json
  rag ask "..." --model small -k 6
  rag ask "What was Apple's revenue in Q3 2022?" --explain   why each passage was retrieved
  rag ask "When is the refund deadline?" --adapter handbook --no-retrieval   the fine-tuned model alone
""")
@click.argument("question")
@_options
@click.option("--json", "as_json", is_flag=True,
              help="Print {question, answer, sources, citations, passages} as JSON (passages: all shown to the model, with why).")
@click.option("--explain", is_flag=True,
              help="After the sources, list every passage the model read: its rank in each search, whether its "
                   "document was named by the question, the fused score, and whether the answer used it.")
@click.pass_context
def ask_cmd(ctx, question: str, model, adapter, k, no_retrieval: bool, as_json: bool, explain: bool) -> None:
    """Answer QUESTION from the indexed documents, citing file and page."""
    session = Session(ctx, model, adapter, k, retrieval=not no_retrieval)
    result = session.ask(question)
    if as_json:
        _warn(result)
        click.echo(json_text(result.as_dict()))
        return
    click.echo(result.answer)
    _warn(result)
    _print_sources(result, indent="")
    if explain:
        _print_passages(result)


@click.command("chat", epilog="""\b
Examples:
  rag chat
  rag --index ./papers-index chat --model small
  rag chat --adapter handbook         with a fine-tuned adapter (rag tune train)
Type a question after "Human:"; follow-up questions use the conversation.
Leave with bye, exit, quit or Ctrl-D.
""")
@_options
@click.pass_context
def chat_cmd(ctx, model, adapter, k, no_retrieval: bool) -> None:
    """Talk with your documents: an interactive Human:/AI: loop."""
    from rag.errors import RagError

    session = Session(ctx, model, adapter, k, retrieval=not no_retrieval)
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
        try:
            result = session.ask(question, remember=True)
        except RagError as exc:
            click.echo(safe(f"rag: error: {exc}"), err=True)
            continue
        click.echo(f"AI: {result.answer}")
        _warn(result)
        _print_sources(result, indent="    ")


def _warn(result) -> None:
    for w in result.warnings:
        click.echo(safe(f"rag: warning: {w}"), err=True)


def _print_sources(result, indent: str) -> None:
    for c in result.citations:
        click.echo(f"{indent}[{c.n}] {safe(c.file)} {c.pages}")


def _print_passages(result) -> None:
    """Every passage the model was shown, in [n] order, with why it was retrieved."""
    click.echo("passages (dense/bm25: rank in each search; routed: among the documents the question names):")
    for n, h in enumerate(result.passages, start=1):
        used = "used" if n in result.used else "not used"
        click.echo(f"  [{n}] {safe(h.file)} {h.pages}: {h.why()}; {used}")


# -- the status line --------------------------------------------------------------------------------------

CLEAR_LINE = "\x1b[K"  # erase from the cursor to the end of the line


class StatusLine:
    """One line on a terminal that rewrites itself ("\\r", text, clear to end of line) with the elapsed
    time, redrawn every `tick` seconds by a small thread so it ticks while the model reads; close()
    stops the thread and wipes the line."""

    def __init__(self, stream, tick: float = 0.5):
        self.stream, self.tick = stream, tick
        self.text = ""
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._ticker: threading.Thread | None = None

    def update(self, status) -> None:
        self.text = str(status)
        self._draw()
        if self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()

    def close(self) -> None:
        self._closed.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            if self.text:
                self.stream.write("\r" + CLEAR_LINE)
                self.stream.flush()

    def _tick(self) -> None:
        while not self._closed.wait(self.tick):
            self._draw()

    def _draw(self) -> None:
        line = f"rag: {self.text}, {time.monotonic() - self.started:.0f} s"
        with self._lock:
            if not self._closed.is_set():
                self.stream.write("\r" + line[: _width(self.stream) - 1] + CLEAR_LINE)
                self.stream.flush()


@contextmanager
def status_line(stream=None):
    """An on_status callback drawing a StatusLine on stderr when it is a terminal, else None (a pipe
    gets nothing); the line is gone when the block ends, before anything else is printed."""
    stream = stream or sys.stderr
    line = StatusLine(stream) if _is_terminal(stream) else None
    try:
        yield line.update if line else None
    finally:
        if line:
            line.close()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        return False


def _width(stream) -> int:
    """Columns of the stream's terminal (a line longer than that would wrap and stop overwriting)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80  # a new pty may say 0
    except (AttributeError, OSError, ValueError):
        return 80
