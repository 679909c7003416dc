"""The `rag` command: a thin layer that parses options, calls the library and prints results.

Heavy libraries (torch, faiss, sentence-transformers) load inside the commands that need them,
so `rag --help` answers at once. Library errors (RagError) become one line and an exit code.
"""
from __future__ import annotations

import signal
import sys

import click

from rag.cli import answer as answer_commands
from rag.cli import evaluate as eval_commands
from rag.cli import ingest as ingest_commands
from rag.cli import search as search_commands
from rag.cli import tune as tune_commands
from rag.cli.text import safe
from rag.config import DEFAULTS_YAML
from rag.errors import RagError

_signal_received: list[int] = []  # SIGTERM turned into KeyboardInterrupt (see main)


def _set_global(ctx: click.Context, param: click.Parameter, value):
    """--config, --set and --index given after the subcommand: after wins, --set adds to the list."""
    obj = ctx.ensure_object(dict)
    if param.name == "overrides":
        obj["overrides"] = [*obj.get("overrides", []), *value]
    elif value is not None:
        obj[param.name] = value


def _global_options() -> list[click.Option]:
    """The group's options, so they are accepted on either side of the subcommand."""
    return [
        click.Option(["--config", "config_file"], metavar="FILE", expose_value=False, callback=_set_global,
                     help=f"YAML settings file (every setting, commented: {DEFAULTS_YAML})."),
        click.Option(["--set", "overrides"], metavar="KEY=VALUE", multiple=True, expose_value=False,
                     callback=_set_global, help="Override one setting, e.g. --set split.chunk_tokens=128. Repeatable."),
        click.Option(["--index", "index_dir"], metavar="DIR", expose_value=False, callback=_set_global,
                     help="Index folder (default: $RAG_INDEX or ~/.local/share/rag/index)."),
    ]


def _with_subcommands(cmd: click.Command) -> list[click.Command]:
    subs = getattr(cmd, "commands", {}).values()
    return [cmd, *(c for sub in subs for c in _with_subcommands(sub))]


class _Group(click.Group):
    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        for command in _with_subcommands(cmd):  # `rag tune train DATA --set ...` too
            command.params.extend(_global_options())
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RagError as exc:
            click.echo(f"rag: error: {safe(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            done = "; documents finished so far are kept" if ctx.invoked_subcommand == "ingest" else ""
            signum = _signal_received[-1] if _signal_received else signal.SIGINT
            click.echo(f"rag: {'terminated' if signum == signal.SIGTERM else 'interrupted'}{done}", err=True)
            ctx.exit(128 + signum)


@click.group(cls=_Group, epilog="""\b
Examples:
  rag ingest handbook.pdf             index one file
  rag ingest ~/papers/ --sync         index a folder; drop files that are gone
  rag list                            what is indexed
  rag search "refund deadline" -k 5   the best-matching passages, with pages
  rag ask "When is the refund deadline?"   an answer citing file and page
  rag chat                            a Human:/AI: conversation
  rag remove handbook.pdf             take a document out of the index
  rag tune train qa.jsonl --name hb   fine-tune the model on question/answer examples (LoRA)
  rag ask "..." --adapter hb          answer with the fine-tuned adapter
  rag eval qa.jsonl --modes closed-book,rag,lora,lora+rag --adapter hb   which answers best, with a report
""")
@click.version_option(package_name="rag", message="rag %(version)s")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """rag: ask questions about your own documents, locally and privately."""
    obj = ctx.ensure_object(dict)  # the global options' callbacks have filled in what was given
    for key, default in (("config_file", None), ("overrides", []), ("index_dir", None)):
        obj.setdefault(key, default)


cli.params[:0] = _global_options()


cli.add_command(ingest_commands.ingest_cmd)
cli.add_command(ingest_commands.list_cmd)
cli.add_command(ingest_commands.remove_cmd)
cli.add_command(search_commands.search_cmd)
cli.add_command(answer_commands.ask_cmd)
cli.add_command(answer_commands.chat_cmd)
cli.add_command(tune_commands.tune_group)
cli.add_command(tune_commands.adapters_group)
cli.add_command(eval_commands.eval_group)


def _terminate(signum, frame) -> None:
    """SIGTERM unwinds like Ctrl-C: reader processes are shut down and finished documents kept."""
    _signal_received.append(signum)
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="rag")


if __name__ == "__main__":
    sys.exit(main())
